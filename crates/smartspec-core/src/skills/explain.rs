//! The skills profile in words a regional team uses.
//!
//! Wording rules: whole percentages, "points" for differences of
//! percentages, sectors by their plain names, at most two sectors named per
//! sentence, the threshold of the verdict (±3 points) applied before any
//! "more/less educated" claim, and no sentence about an input that is
//! missing.

use super::profile::{SectorLine, SkillsProfile, Verdict};

fn names(lines: &[&SectorLine]) -> String {
    match lines {
        [] => String::new(),
        [a] => a.name.to_string(),
        [a, b, ..] => format!("{} or {}", a.name, b.name),
    }
}

/// The explanation sentences of a profile.
pub fn sentences(p: &SkillsProfile) -> Vec<String> {
    let mut out = Vec::new();
    let (Some(actual), Some(expected), Some(verdict)) = (p.actual, p.expected, p.verdict) else {
        out.push(format!(
            "The skills balance cannot be judged for {}: {} missing.",
            p.year,
            p.missing.join(", ")
        ));
        return out;
    };
    let facts = format!(
        "{actual:.0} % of employed 25-64-year-olds have a tertiary degree; your sector mix would need {expected:.0} % at the graduate intensities seen across EU regions"
    );
    match verdict {
        Verdict::Surplus => {
            // graduate-intensive sectors where the region is below the EU
            let mut grow: Vec<&SectorLine> = p
                .sectors
                .iter()
                .filter(|s| {
                    s.intensity > expected
                        && matches!((s.share, s.eu_share), (Some(a), Some(b)) if a < b)
                })
                .collect();
            if grow.is_empty() {
                grow = p
                    .sectors
                    .iter()
                    .filter(|s| s.intensity > expected)
                    .collect();
            }
            grow.sort_by(|a, b| b.intensity.total_cmp(&a.intensity));
            let unless = if grow.is_empty() {
                String::new()
            } else {
                format!(" unless demand grows in {}", names(&grow))
            };
            out.push(format!(
                "Your workforce is more educated than your industry mix needs: {facts}. Brain-drain risk{unless}."
            ));
        }
        Verdict::Deficit => {
            // where the region's graduate demand comes from: share × intensity
            let mut need: Vec<&SectorLine> =
                p.sectors.iter().filter(|s| s.share.is_some()).collect();
            need.sort_by(|a, b| {
                (b.share.unwrap_or(0.0) * b.intensity)
                    .total_cmp(&(a.share.unwrap_or(0.0) * a.intensity))
            });
            out.push(format!(
                "Your industry mix asks for more graduates than your workforce has: {facts}. Employers in {} may struggle to recruit; more graduates and adult learning would close the gap.",
                names(&need)
            ));
        }
        Verdict::InLine => out.push(format!(
            "Your workforce's education matches your industry mix: {facts}."
        )),
    }
    if let (Some(t), Some(first)) = (p.gap_trend, p.gap_history.first()) {
        let direction = if t.abs() < 0.1 {
            "has hardly moved".to_string()
        } else if t > 0.0 {
            format!("has moved by {t:+.1} points a year towards more graduates than the mix needs")
        } else {
            format!("has moved by {t:+.1} points a year towards fewer graduates than the mix needs")
        };
        out.push(format!("Since {} the balance {direction}.", first.0));
    }
    if let Some(lll) = p.supply.iter().find(|s| s.dataset == "trng_lfse_04") {
        if let (Some(v), Some(eu)) = (lll.value, lll.eu) {
            let cmp = if v >= eu { "above" } else { "below" };
            out.push(format!(
                "{v:.0} % of adults took part in education or training in the last four weeks, {cmp} the EU's {eu:.0} %."
            ));
        }
    }
    let estimated: Vec<&str> = p
        .sectors
        .iter()
        .filter(|s| s.estimated)
        .map(|s| s.name)
        .collect();
    if !estimated.is_empty() {
        out.push(format!(
            "Employment in {} is not published for the region and was estimated.",
            estimated.join(", ")
        ));
    }
    out
}
