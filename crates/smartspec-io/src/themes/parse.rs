//! Reading and validating one theme file.

use super::{ActivityCode, Stage, Theme, ThemeError, ThemeProblem};
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

/// The activity codes a theme may use: the panel's NACE divisions and the
/// codes of each external series (`lfs` → `A`, `B-E`, ...).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// NACE divisions of the panel.
    pub divisions: Vec<String>,
    /// External series and their codes.
    pub external: Vec<(String, Vec<String>)>,
}

impl Vocabulary {
    /// `Err(message)` when `code` is not known.
    pub fn check(&self, code: &ActivityCode) -> Result<(), String> {
        match code {
            ActivityCode::Division(c) if self.divisions.iter().any(|d| d == c) => Ok(()),
            ActivityCode::Division(c) => Err(format!(
                "unknown activity code {c:?}: not a NACE division of the panel ({}){}",
                span_of(&self.divisions),
                if self.external.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; external series are written SOURCE:CODE ({})",
                        self.external
                            .iter()
                            .map(|(s, _)| format!("{s}:"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )),
            ActivityCode::External { source, code } => {
                match self.external.iter().find(|(s, _)| s == source) {
                    Some((_, codes)) if codes.iter().any(|c| c == code) => Ok(()),
                    Some((_, codes)) => Err(format!(
                        "unknown activity code \"{source}:{code}\": {source} codes are {}",
                        codes.join(", ")
                    )),
                    None => Err(format!(
                        "unknown activity code \"{source}:{code}\": no external series {source:?}{}",
                        if self.external.is_empty() {
                            " (none is available)".to_string()
                        } else {
                            format!(
                                " (available: {})",
                                self.external
                                    .iter()
                                    .map(|(s, _)| s.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }
                    )),
                }
            }
        }
    }
}

fn span_of(codes: &[String]) -> String {
    match (codes.first(), codes.last()) {
        (Some(a), Some(b)) => format!("{} codes, {a} to {b}", codes.len()),
        _ => "none".into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    stages: Vec<RawStage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    id: Spanned<String>,
    name: Spanned<String>,
    activities: Spanned<Vec<Spanned<String>>>,
    why: Spanned<String>,
    sources: Spanned<Vec<String>>,
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Parses and validates one theme file; `file` names it in problems.
///
/// # Errors
/// Every problem found, each located `FILE:LINE`.
pub fn parse_theme(file: &str, text: &str, vocab: &Vocabulary) -> Result<Theme, ThemeError> {
    let mut problems = Vec::new();
    let mut at = |span: std::ops::Range<usize>, message: String| {
        problems.push(ThemeProblem {
            file: file.to_string(),
            line: line_of(text, span.start),
            message,
        })
    };
    let raw: RawTheme = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            return Err(ThemeError(vec![ThemeProblem {
                file: file.to_string(),
                line,
                message: e.message().trim().to_string(),
            }]));
        }
    };
    if !valid_id(raw.id.get_ref()) {
        at(
            raw.id.span(),
            format!(
                "theme id {:?} must be lower-case letters, digits, '-' or '_'",
                raw.id.get_ref()
            ),
        );
    }
    if raw.name.get_ref().trim().is_empty() {
        at(raw.name.span(), "empty theme name".into());
    }
    if raw.stages.len() < 2 {
        at(
            raw.id.span(),
            format!(
                "a value chain needs at least 2 stages ([[stages]] tables), found {}",
                raw.stages.len()
            ),
        );
    }
    let mut stage_ids: HashMap<String, usize> = HashMap::new();
    let mut code_stage: HashMap<String, (String, usize)> = HashMap::new();
    let mut stages = Vec::new();
    for s in &raw.stages {
        let id = s.id.get_ref().clone();
        let line = line_of(text, s.id.span().start);
        if !valid_id(&id) {
            at(
                s.id.span(),
                format!("stage id {id:?} must be lower-case letters, digits, '-' or '_'"),
            );
        }
        if let Some(first) = stage_ids.insert(id.clone(), line) {
            at(
                s.id.span(),
                format!("duplicate stage id {id:?} (first at line {first})"),
            );
        }
        if s.name.get_ref().trim().is_empty() {
            at(s.name.span(), format!("stage {id:?}: empty name"));
        }
        if s.why.get_ref().trim().is_empty() {
            at(
                s.why.span(),
                format!("stage {id:?}: empty justification (why)"),
            );
        }
        if s.sources.get_ref().iter().all(|x| x.trim().is_empty()) {
            at(s.sources.span(), format!("stage {id:?}: no source given"));
        }
        if s.activities.get_ref().is_empty() {
            at(
                s.activities.span(),
                format!("empty stage {id:?}: no activity code"),
            );
        }
        let mut codes = Vec::new();
        for c in s.activities.get_ref() {
            let code = ActivityCode::parse(c.get_ref());
            let cline = line_of(text, c.span().start);
            if let Err(m) = vocab.check(&code) {
                at(c.span(), format!("stage {id:?}: {m}"));
            } else if let Some((other, first)) =
                code_stage.insert(code.to_string(), (id.clone(), cline))
            {
                at(
                    c.span(),
                    format!("stage {id:?}: {code} is already in stage {other:?} (line {first}); a code belongs to one stage"),
                );
            }
            codes.push(code);
        }
        if let Some(first) = codes.first() {
            if let Some(other) = codes.iter().find(|c| c.source() != first.source()) {
                at(
                    s.activities.span(),
                    format!(
                        "stage {id:?} mixes sources ({first} is {}, {other} is {}); a stage takes its codes from one source",
                        first.source(),
                        other.source()
                    ),
                );
            }
        }
        stages.push(Stage {
            id,
            name: s.name.get_ref().trim().to_string(),
            activities: codes,
            why: s.why.get_ref().trim().to_string(),
            sources: s.sources.get_ref().clone(),
        });
    }
    if !problems.is_empty() {
        return Err(ThemeError(problems));
    }
    Ok(Theme {
        line: line_of(text, raw.id.span().start),
        id: raw.id.into_inner(),
        name: raw.name.into_inner(),
        description: raw.description.trim().to_string(),
        sources: raw.sources,
        stages,
        file: file.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary {
            divisions: ["C10", "C11", "C16", "J62"].map(String::from).to_vec(),
            external: vec![("lfs".into(), vec!["A".into(), "B-E".into()])],
        }
    }

    const GOOD: &str = r#"id = "bio"
name = "Bio"
description = "x"

[[stages]]
id = "primary"
name = "Primary"
activities = ["lfs:A"]
why = "Biomass."
sources = ["Eurostat"]

[[stages]]
id = "processing"
name = "Processing"
activities = ["C10", "C11"]
why = "Food."
sources = ["Eurostat"]
"#;

    fn problems(text: &str) -> Vec<String> {
        match parse_theme("t.toml", text, &vocab()) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn a_good_theme_parses() {
        let t = parse_theme("t.toml", GOOD, &vocab()).unwrap();
        assert_eq!(t.stages.len(), 2);
        assert_eq!(
            t.stages[0].activities,
            vec![ActivityCode::External {
                source: "lfs".into(),
                code: "A".into()
            }]
        );
        assert_eq!(
            t.stages[1].activities[1],
            ActivityCode::Division("C11".into())
        );
    }

    #[test]
    fn unknown_code_is_located_on_its_line() {
        let p = problems(&GOOD.replace("\"C11\"", "\"C99\""));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("t.toml:15: stage \"processing\": unknown activity code \"C99\""),
            "{p:?}"
        );
        let p = problems(&GOOD.replace("lfs:A", "lfs:Z"));
        assert!(p[0].starts_with("t.toml:8: stage \"primary\": unknown activity code \"lfs:Z\": lfs codes are A, B-E"), "{p:?}");
    }

    #[test]
    fn empty_stage_duplicate_stage_and_mixed_sources() {
        let p = problems(&GOOD.replace("[\"C10\", \"C11\"]", "[]"));
        assert_eq!(
            p,
            vec!["t.toml:15: empty stage \"processing\": no activity code"]
        );
        let p = problems(&GOOD.replace("id = \"processing\"", "id = \"primary\""));
        assert_eq!(
            p,
            vec!["t.toml:13: duplicate stage id \"primary\" (first at line 6)"]
        );
        let p = problems(&GOOD.replace("[\"C10\", \"C11\"]", "[\"C10\", \"lfs:B-E\"]"));
        assert!(
            p[0].starts_with("t.toml:15: stage \"processing\" mixes sources"),
            "{p:?}"
        );
        let p = problems(&GOOD.replace("[\"C10\", \"C11\"]", "[\"C10\", \"lfs:A\"]"));
        assert!(
            p.iter().any(|m| m.starts_with(
                "t.toml:15: stage \"processing\": lfs:A is already in stage \"primary\" (line 8)"
            )),
            "{p:?}"
        );
    }

    #[test]
    fn syntax_and_unknown_keys_are_located() {
        let p = problems(&GOOD.replace("why = \"Food.\"", "why = \"Food."));
        assert!(p[0].starts_with("t.toml:16:"), "{p:?}");
        let p = problems(&GOOD.replace("why = \"Food.\"", "whi = \"Food.\""));
        assert!(
            p[0].starts_with("t.toml:16:") && p[0].contains("whi"),
            "{p:?}"
        );
        let p = problems("id = \"x\"\nname = \"X\"\n");
        assert!(
            p[0].starts_with("t.toml:1: a value chain needs at least 2 stages"),
            "{p:?}"
        );
    }
}
