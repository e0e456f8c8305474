//! The external validity of a year's complexity measures, computed once per
//! year and shown wherever complexity is used: `indicators` (stderr and
//! `meta.json`), the map, opportunities, `diagnose`, the API.
//!
//! The anchors come from the dataset's context: GDP per head in PPS
//! (`GDP_PPS_HAB`) and the knowledge-intensive share of employment
//! (`HTEC_PC_EMP:KIS`), each the latest value within
//! [`crate::context_inputs::WINDOW`] years before the pipeline's year. The
//! correlations and the pass rule are `smartspec_core::indicators::validity`'s.
//! A dataset without GDP per head has no validity to report
//! ([`Validity::measures`] is empty) and says so.

use crate::json::num;
use crate::Analysis;
use serde_json::{json, Value};
use smartspec_core::indicators::complexity::EciSign;
use smartspec_core::indicators::validity::{self, Anchors, MeasureValidity, PASS};
use smartspec_core::stats::Correlation;
use std::sync::Arc;

/// The context code of the knowledge-intensive share of employment.
pub const KNOWLEDGE: &str = "HTEC_PC_EMP:KIS";

/// The validity of one year's complexity measures.
#[derive(Debug, Clone)]
pub struct Validity {
    /// The year.
    pub year: i32,
    /// The eigenvector's sign rule and, when it was income, the orienting
    /// correlation (`None` for the other ECI methods or without ECI).
    pub sign: Option<(EciSign, Option<Correlation>)>,
    /// ECI/PCI and fitness, in that order; empty without GDP per head.
    pub measures: Vec<MeasureValidity>,
}

impl Validity {
    /// The measure named `name` (`"eci"` or `"fitness"`).
    pub fn measure(&self, name: &str) -> Option<&MeasureValidity> {
        self.measures.iter().find(|m| m.measure == name)
    }

    /// Whether the dataset had the income anchor in this year.
    pub fn measurable(&self) -> bool {
        !self.measures.is_empty()
    }

    /// Whether `name` passes (`false` when not measurable).
    pub fn passes(&self, name: &str) -> bool {
        self.measure(name).is_some_and(MeasureValidity::passes)
    }

    /// Whether results may rank by `name`: it passes, or the dataset has no
    /// anchor to test it against (then the output says "not measurable").
    pub fn usable(&self, name: &str) -> bool {
        !self.measurable() || self.passes(name)
    }

    /// The first passing measure, ECI before fitness.
    pub fn passing(&self) -> Option<&'static str> {
        self.measures.iter().find(|m| m.passes()).map(|m| m.measure)
    }

    /// One line per measure for a terminal, e.g.
    /// `validity 2014 ECI/PCI: PASSES — Spearman ECI~GDP per head +0.47, ...`.
    pub fn lines(&self) -> Vec<String> {
        if !self.measurable() {
            return vec![format!(
                "validity {}: not measurable (the dataset has no GDP per head; add GDP_PPS_HAB context)",
                self.year
            )];
        }
        let c = |c: Option<Correlation>| c.map_or("n/a".to_string(), |c| format!("{:+.2}", c.rho));
        let n = |c: Option<Correlation>| c.map_or(0, |c| c.n);
        let mut out: Vec<String> = self
            .measures
            .iter()
            .map(|m| {
                let (region, activity) = names(m.measure);
                format!(
                    "validity {} {region}/{activity}: {} — Spearman {region}~GDP per head {}, ~knowledge-intensive share {}, ~diversity {} ({} regions); {activity}~GDP per head of specialised regions {} ({} activities); passes when both GDP correlations >= {PASS:+.2}",
                    self.year,
                    if m.passes() { "PASSES" } else { "FAILS" },
                    c(m.income),
                    c(m.knowledge),
                    c(m.diversity),
                    n(m.income),
                    c(m.activity_income),
                    n(m.activity_income),
                )
            })
            .collect();
        if let Some((sign, corr)) = self.sign {
            out.push(match (sign, corr) {
                (EciSign::Income, Some(k)) => format!(
                    "validity {}: ECI sign oriented by income (Spearman with GDP per head {:+.2}, n = {})",
                    self.year, k.rho, k.n
                ),
                _ => format!("validity {}: ECI sign oriented by diversity", self.year),
            });
        }
        if self.passing().is_none() {
            out.push(format!(
                "validity {}: no complexity measure passes; results that rank by complexity say so and do not rank by it",
                self.year
            ));
        }
        out
    }

    /// The JSON of `meta.json` and the API (`null` for undefined figures).
    pub fn to_json(&self) -> Value {
        let c = |c: Option<Correlation>| {
            c.map_or(Value::Null, |c| json!({"spearman": num(c.rho), "n": c.n}))
        };
        json!({
            "year": self.year,
            "measurable": self.measurable(),
            "pass_rule": format!("Spearman with GDP per head >= {PASS} on the region side and on the activity side"),
            "eci_sign": self.sign.map(|(s, k)| json!({"rule": s.name(), "correlation": c(k)})),
            "measures": self.measures.iter().map(|m| json!({
                "measure": m.measure,
                "passes": m.passes(),
                "region_vs_gdp_per_head": c(m.income),
                "region_vs_knowledge_intensive_share": c(m.knowledge),
                "region_vs_diversity": c(m.diversity),
                "activity_vs_gdp_of_specialised_regions": c(m.activity_income),
            })).collect::<Vec<_>>(),
            "passing": self.passing(),
        })
    }
}

/// The region and activity names of a measure.
pub fn names(measure: &str) -> (&'static str, &'static str) {
    match measure {
        "fitness" => ("fitness", "fitness-complexity"),
        _ => ("ECI", "PCI"),
    }
}

impl Analysis {
    /// The validity of year index `y`'s complexity measures (computed once).
    pub fn validity(&self, y: usize) -> Arc<Validity> {
        let year = self.dataset().panel().years()[y];
        let Ok(v) = self
            .validity
            .get::<std::convert::Infallible>(year, || Ok(compute(self, y)));
        v
    }
}

fn compute(a: &Analysis, y: usize) -> Validity {
    let yi = a.year(y);
    let ds = a.dataset();
    let mut v = Validity {
        year: yi.year,
        sign: yi.eci_sign,
        measures: Vec::new(),
    };
    let Some(income) = ds.gdp_per_head(yi.year) else {
        return v;
    };
    let knowledge = ds.context_series(KNOWLEDGE, yi.year);
    let anchors = Anchors {
        income: &income,
        knowledge: knowledge.as_deref(),
    };
    let si = validity::specialised_income(&yi.m, &income);
    v.measures = vec![
        validity::measure("eci", &yi.eci, &yi.pci, &yi.diversity, &si, &anchors),
        validity::measure(
            "fitness",
            &yi.fitness,
            &yi.fc_complexity,
            &yi.diversity,
            &si,
            &anchors,
        ),
    ];
    v
}
