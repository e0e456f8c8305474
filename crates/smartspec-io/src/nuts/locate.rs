//! Finding a user-given region code in a panel coded in one NUTS version.

use super::{Crosswalk, NutsRegistry, Weight};
use crate::IoError;
use smartspec_core::{CodeSet, NutsVersion};

/// Finds `code` among `regions` (coded in `version`).
///
/// A code of another NUTS version is mapped through the crosswalk to the
/// unit that holds the largest share of its population, with a note such as
/// `PL91 (NUTS 2016) lies in PL12 in this data`. An unknown code is an error
/// that suggests codes sharing its prefix.
pub fn locate(
    code: &str,
    regions: &CodeSet,
    version: Option<NutsVersion>,
) -> Result<(String, Option<String>), IoError> {
    let code = code.trim().to_ascii_uppercase();
    if regions.contains(&code) {
        return Ok((code, None));
    }
    let registry = NutsRegistry::embedded();
    if let Some(target) = version {
        // the version nearest to the data's own is the likeliest meaning
        let mut versions: Vec<NutsVersion> = registry
            .versions_of(&code)
            .into_iter()
            .filter(|&v| v != target)
            .collect();
        versions.sort_by_key(|v| (v.year() as i32 - target.year() as i32).abs());
        for from in versions {
            let Some(shares) = Crosswalk::embedded().shares(from, target, &code, Weight::Pop11)
            else {
                continue;
            };
            let Some(best) = shares.iter().max_by(|a, b| a.share.total_cmp(&b.share)) else {
                continue;
            };
            if regions.contains(&best.code) {
                let part = if best.share < 0.999 {
                    format!(" ({:.0} % of its 2011 population)", best.share * 100.0)
                } else {
                    String::new()
                };
                let note = format!(
                    "{code} (NUTS {}) lies in {}{part} in this data (NUTS {})",
                    from.year(),
                    best.code,
                    target.year()
                );
                return Ok((best.code.clone(), Some(note)));
            }
        }
    }
    // prefixes by characters: a code may be any text (`é`, an emoji)
    let head = |n: usize| -> String { code.chars().take(n).collect() };
    let prefix = head(3);
    let mut near: Vec<&str> = regions
        .iter()
        .filter(|c| c.starts_with(&prefix))
        .take(12)
        .collect();
    if near.is_empty() {
        near = regions
            .iter()
            .filter(|c| c.starts_with(&head(2)))
            .take(12)
            .collect();
    }
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; codes in this data starting alike: {}", near.join(", "))
    };
    Err(IoError::Request(format!(
        "region {code} is not in this data{hint}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_2016_code_maps_to_its_2013_region_with_a_note() {
        let regions = CodeSet::from_codes(["PL11", "PL12", "PL21"]);
        let (code, note) = locate("PL91", &regions, Some(NutsVersion::V2013)).unwrap();
        assert_eq!(code, "PL12");
        assert_eq!(
            note.unwrap(),
            "PL91 (NUTS 2016) lies in PL12 in this data (NUTS 2013)"
        );
        assert_eq!(
            locate("pl21", &regions, Some(NutsVersion::V2013)).unwrap(),
            ("PL21".to_string(), None)
        );
        let err = locate("PL99", &regions, Some(NutsVersion::V2013))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("PL99") && err.contains("PL11, PL12, PL21"),
            "{err}"
        );
    }

    #[test]
    fn any_text_is_refused_without_a_panic() {
        // found by schemathesis through the API: byte slicing split a character
        let regions = CodeSet::from_codes(["PL11", "PL12"]);
        for code in ["\u{1F3FB}", "é", "A\u{fe9b4}0ñ", "\\", ""] {
            assert!(
                locate(code, &regions, Some(NutsVersion::V2013)).is_err(),
                "{code:?}"
            );
        }
        assert_eq!(crate::nuts::parent_of("ITé"), None);
    }
}
