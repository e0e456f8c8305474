//! `meta.json`: every convention used, the years, the NUTS version and a hash
//! of the input, so that a result can be reproduced.

use serde_json::{json, Value};
use smartspec_core::indicators::complexity::{EciConvention, EciSign, FitnessIterations};
use smartspec_core::indicators::outlook::CogNormaliser;
use smartspec_core::indicators::pipeline::{EciMethod, Options, YearIndicators};
use smartspec_core::Panel;

/// FNV-1a 64 over the panel's records: a stable fingerprint of the input.
pub fn panel_hash(panel: &Panel) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    };
    for r in panel.records() {
        eat(r.region.as_bytes());
        eat(&[0]);
        eat(r.activity.as_bytes());
        eat(&r.year.to_le_bytes());
        eat(&r.value.map_or(u64::MAX, f64::to_bits).to_le_bytes());
    }
    format!("fnv1a64:{h:016x}")
}

pub fn conventions(o: &Options) -> Value {
    json!({
        "rca_threshold": o.threshold,
        "binary_rule": "M = 1 when RCA >= threshold",
        "proximity": match o.relatedness {
            None => "min conditional probability C_pq / max(u_p, u_q) (Hidalgo et al. 2007)".to_string(),
            Some(m) => format!("EconGeo relatedness of co-occurrence, method {m:?} (diagonal zeroed, 0/0 = 0)"),
        },
        "proximity_diagonal": o.proximity_diagonal,
        "density": if o.proximity_diagonal == 1.0 { "self term included" } else { "self term excluded" },
        "density_scale": o.density_scale,
        "eci_method": match o.eci {
            EciMethod::Eigenvector(EciConvention::GrowthLab) => "eigenvector; ECI z-score ddof 0; PCI on ECI's scale (sign: see eci_sign)".to_string(),
            EciMethod::Eigenvector(EciConvention::Independent) => "eigenvector; ECI sign see eci_sign, PCI sign by ubiquity; each z-scored on its own (ddof 0)".to_string(),
            EciMethod::Reflections(n) => format!("method of reflections: ECI = z(k_r,{n}), PCI = z(k_p,{}), ddof 1, no sign fix", n + 1),
            EciMethod::EconGeo => "EconGeo KCI/TCI: second eigenvector of the matrices rounded to 4 decimals, v / sum(v); KCI sign by Pearson with MORc(20), TCI by Spearman with ubiquity".to_string(),
        },
        "eci_sign": match o.eci {
            EciMethod::Eigenvector(_) => match o.eci_sign {
                EciSign::Diversity => "diversity: Pearson(ECI, diversity) > 0 (py-ecomplexity)",
                EciSign::Income => "income: Spearman(ECI, GDP per head in PPS) > 0 (by diversity in a year with fewer than 10 regions with GDP per head; see validity)",
            },
            _ => "the method's own rule (see eci_method)",
        },
        "fitness_iterations": match o.fitness { FitnessIterations::Auto => "auto (relative change < 1e-10, cap 1000)".to_string(), FitnessIterations::Fixed(n) => n.to_string() },
        "cog_normaliser": match o.cog { CogNormaliser::Source => "source activity (Atlas); un-centred PCI; COI z-scored", CogNormaliser::Target => "target activity (econcomplex); z-scored PCI; COI not standardised" },
        "missing": format!("{:?}", o.missing).to_lowercase(),
    })
}

pub fn indicators_meta(
    ds: &smartspec_analysis::Dataset,
    o: &Options,
    results: &[YearIndicators],
    validity: &[std::sync::Arc<smartspec_analysis::validity::Validity>],
    written: &[(&str, usize)],
    (compute_s, write_s): (f64, f64),
) -> Value {
    let panel = ds.panel();
    json!({
        "smartspec_version": env!("CARGO_PKG_VERSION"),
        "input": ds.name(),
        "input_hash": panel_hash(panel),
        "regions_classification": panel.meta().regions.to_string(),
        "activities_classification": panel.meta().activities.to_string(),
        "reference_area": ds.reference().label,
        "default_year": ds.default_year(),
        "region_totals": if ds.has_native_sections() { ds.totals_rule() } else { "row sums of the panel" },
        "years": results.iter().map(|r| r.year).collect::<Vec<_>>(),
        "conventions": conventions(o),
        "fitness_iterations_run": results.iter().map(|r| json!({"year": r.year, "iterations": r.fitness_iterations})).collect::<Vec<_>>(),
        "validity": validity.iter().map(|v| v.to_json()).collect::<Vec<_>>(),
        "notes": results.iter().flat_map(|r| r.notes.iter().cloned()).collect::<Vec<_>>(),
        "tables": written.iter().map(|(n, rows)| json!({"table": n, "rows": rows})).collect::<Vec<_>>(),
        "compute_s": compute_s,
        "write_s": write_s,
    })
}
