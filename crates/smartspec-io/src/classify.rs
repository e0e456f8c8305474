//! Checking a panel's codes against the declared classifications.

use crate::nace::Nace;
use crate::nuts::NutsRegistry;
use crate::read::ReadOptions;
use crate::Diagnostics;
use smartspec_core::{ActivityScheme, PanelBuilder, RegionScheme};

/// Checks region and activity codes; returns the resolved region scheme.
///
/// * `--regions nutsYYYY`: a code not in that version is an error (with a
///   hint when it exists in another version);
/// * `--regions auto`: the version validating most codes is picked and
///   reported **when it validates more than half of the codes**; codes
///   outside it are kept as given (and outside the EU reference area), with
///   one warning each. With half or fewer valid — ISO3 country codes, where
///   `FRA` or `DEU` happen to be NUTS-1 codes — the codes are read as free
///   codes, with a note;
/// * `--regions free` / `--activities free`: any code.
pub(crate) fn check_codes(
    builder: &PanelBuilder,
    opts: &ReadOptions,
    (region_col, activity_col): (usize, usize),
    diag: &mut Diagnostics,
    notes: &mut Vec<String>,
) -> RegionScheme {
    let registry = NutsRegistry::embedded();
    let resolved = match opts.regions {
        RegionScheme::Free => RegionScheme::Free,
        RegionScheme::Nuts(v) => {
            for (code, line) in builder.region_codes() {
                if !registry.is_valid(v, code) {
                    let hint = match registry.versions_near(code, v).first() {
                        Some(o) => format!(" (it is a {} code; use --regions {o} or auto)", o.to_string().to_uppercase().replace("NUTS", "NUTS ")),
                        None => " (not a NUTS code of any version 2006-2024; use --regions free for other areas)".into(),
                    };
                    diag.error(
                        line,
                        region_col,
                        format!(
                            "unknown region code {code:?} for {}{hint}",
                            v.to_string().replace("nuts", "NUTS ")
                        ),
                    );
                    if diag.full() {
                        break;
                    }
                }
            }
            RegionScheme::Nuts(v)
        }
        RegionScheme::Auto => {
            let codes: Vec<&str> = builder.region_codes().map(|(c, _)| c).collect();
            let (v, valid) = registry.best_version(codes.iter().copied());
            let total = builder.region_codes().count();
            if valid == 0 {
                notes.push(format!("--regions auto: no code is a NUTS code; reading the {total} region codes as free codes"));
                RegionScheme::Free
            } else if 2 * valid <= total {
                notes.push(format!(
                    "--regions auto: only {valid} of {total} region codes are {v} codes (fewer than half); reading them all as free codes, with every region in the reference area (use --regions {v} to read them as NUTS)"
                ));
                RegionScheme::Free
            } else {
                notes.push(format!(
                    "--regions auto: picked {v} ({valid} of {total} region codes valid)"
                ));
                for (code, line) in builder.region_codes() {
                    if !registry.is_valid(v, code) {
                        diag.warn(
                            line,
                            region_col,
                            format!("region code {code:?} is not a {v} code; kept as given, outside the EU reference area of RCA"),
                        );
                    }
                }
                RegionScheme::Nuts(v)
            }
        }
    };
    if opts.activities == ActivityScheme::Nace {
        let nace = Nace::embedded();
        for (code, line) in builder.activity_codes() {
            if nace.get(code).is_none() {
                diag.error(line, activity_col, format!("unknown NACE Rev. 2 activity code {code:?} (codes look like C, C10, C101, C1011; use --activities free for other classifications)"));
                if diag.full() {
                    break;
                }
            }
        }
    }
    resolved
}
