//! `smartspec diagnose REGION`: one HTML page a regional team starts from.

use super::indicators::{embedded_contexts, run_pipeline};
use super::peers::{self, Countries};
use crate::args::DiagnoseArgs;
use crate::screening::{self, Screening};
use anyhow::{anyhow, Context, Result};
use smartspec_core::indicators::pipeline::{Preset, YearIndicators};
use smartspec_core::opportunities::{opportunities, ComplexityAxis};
use smartspec_core::stats::median;
use smartspec_core::transition::{Measures, Observation};
use smartspec_core::{Cell, Panel};
use smartspec_io::embedded;
use smartspec_io::figures::{bars, strip, Bar, Mark};
use smartspec_io::html::Page;
use smartspec_io::nace::Nace;
use smartspec_io::nuts::{country_of, is_eu28, NutsRegistry};
use smartspec_io::sections::section_shares;
use smartspec_io::write::{Table, Value};
use std::process::ExitCode;

fn fmt(v: f64) -> String {
    if v.abs() >= 1000.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// The values of one criterion (or measure) across regions: the EU28 ones
/// of the same basis as the region's, marked by country.
fn distribution(s: &Screening, obs: &[Option<Observation>], u: usize) -> Vec<(f64, Mark)> {
    let Some(mine) = &obs[u] else {
        return Vec::new();
    };
    s.units
        .iter()
        .enumerate()
        .filter_map(|(k, unit)| {
            let o = obs[k].as_ref()?;
            if o.basis != mine.basis || !(unit.eu || k == u) {
                return None;
            }
            let mark = if k == u {
                Mark::Region
            } else if unit.country == s.units[u].country {
                Mark::Country
            } else {
                Mark::Other
            };
            Some((o.value, mark))
        })
        .collect()
}

fn screening_section(page: &mut Page, s: &Screening, u: usize) {
    let sc = &s.scores[u];
    page.h2(
        "Position on the industrial-transition criteria",
        "screening",
    );
    let n = s.scores.iter().filter(|r| r.score.is_some()).count();
    match (sc.score, sc.rank) {
        (Some(score), Some(rank)) => page.p(&format!(
            "Screening score {score:.0} of 100 (rank {rank} of {n} regions scored; rank 1 = most in transition), on {:.0} % of the criteria's weight. The score is the weight of the criteria met over the weight of those with data ({}).",
            100.0 * sc.available,
            s.criteria_name
        )),
        _ => page.p(&format!(
            "Not scored: data cover only {:.0} % of the criteria's weight (two thirds are needed).",
            100.0 * sc.available
        )),
    }
    let mut t = Table::new(&[
        "criterion",
        "value",
        "years",
        "threshold",
        "meets",
        "EU median",
        "national median",
        "source",
    ]);
    for (c, crit) in s.criteria().iter().enumerate() {
        let out = &sc.outcomes[c];
        let obs = &s.observations[c];
        let dist = distribution(s, obs, u);
        let eu_med = median(
            &dist
                .iter()
                .filter(|d| d.1 != Mark::Region || s.units[u].eu)
                .map(|d| d.0)
                .collect::<Vec<f64>>(),
        );
        let nat_med = median(
            &dist
                .iter()
                .filter(|d| d.1 != Mark::Other)
                .map(|d| d.0)
                .collect::<Vec<f64>>(),
        );
        let o = out.observation.as_ref();
        t.push(vec![
            crit.label.clone().into(),
            o.map(|o| o.value).into(),
            o.map_or(String::new(), Screening::years).into(),
            out.threshold.into(),
            match out.meets {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => "missing".into(),
            },
            eu_med.into(),
            nat_med.into(),
            o.map_or(String::new(), |o| o.source.clone()).into(),
        ]);
    }
    page.table(&t, 2);
    page.note("Each strip shows the EU28 regions (grey), the regions of the same country (blue) and this region (red); the dashed line is the criterion's threshold. A proxy value is shown among the regions with the same proxy.");
    for (c, crit) in s.criteria().iter().enumerate() {
        let dist = distribution(s, &s.observations[c], u);
        if dist.is_empty() {
            continue;
        }
        let unit = smartspec_core::transition::MEASURES
            .iter()
            .find(|m| m.0 == crit.measure)
            .map_or("", |m| m.1);
        let threshold = s.scores[u].outcomes[c].threshold.map(|t| (t, "threshold"));
        page.svg(&strip(&crit.label, unit, &dist, threshold));
    }
}

fn structure_section(
    page: &mut Page,
    s: &Screening,
    u: usize,
    yi: &YearIndicators,
    panel: &Panel,
    r: usize,
) {
    let nace = Nace::embedded();
    let year = s.year;
    page.h2("Structure and specialisations", "structure");
    // section shares against the EU28
    let code = &s.units[u].code;
    if let Some(rows) = section_shares(code, year) {
        let items: Vec<Bar> = rows
            .iter()
            .map(|x| Bar {
                label: format!("{} {}", x.section, x.name),
                value: 100.0 * x.share.unwrap_or(0.0),
                compare: x.eu28_share.map(|e| 100.0 * e),
            })
            .collect();
        page.svg(&bars(
            &format!("Employment by NACE section, {year}"),
            "% of persons employed (SBS)",
            &items,
            None,
            "EU28 share",
        ));
        let missing: Vec<&str> = rows
            .iter()
            .filter(|x| x.employment.is_none())
            .map(|x| x.section.as_str())
            .collect();
        if !missing.is_empty() {
            page.note(&format!(
                "Confidential or missing sections (drawn as 0): {}.",
                missing.join(", ")
            ));
        }
    }
    // specialisations: highest RCA among divisions with RCA >= 1
    let na = panel.activities().len();
    let y = panel.year_index(year).unwrap_or(0);
    let mut spec: Vec<(usize, f64)> = (0..na)
        .map(|p| (p, yi.rca.get(r, p)))
        .filter(|(_, v)| v.is_finite() && *v >= 1.0)
        .collect();
    spec.sort_by(|a, b| b.1.total_cmp(&a.1));
    let items: Vec<Bar> = spec
        .iter()
        .take(12)
        .map(|&(p, v)| {
            let c = panel.activities().code(p as u32);
            let emp = match panel.cell(y, r, p) {
                Cell::Value(e) => format!(" ({e:.0})"),
                _ => String::new(),
            };
            let name: String = nace.label_or_code(c).chars().take(24).collect();
            Bar {
                label: format!("{c} {name}{emp}"),
                value: v,
                compare: None,
            }
        })
        .collect();
    page.p(&format!(
        "Specialised (location quotient, RCA >= 1) in {} of {na} divisions; diversity {} — the strongest below, with persons employed in brackets.",
        spec.len(),
        yi.diversity[r]
    ));
    if !items.is_empty() {
        page.svg(&bars(
            &format!("Strongest specialisations, {year}"),
            "RCA (location quotient against the EU28)",
            &items,
            Some((1.0, "RCA = 1")),
            "",
        ));
    }
    // economic complexity in context
    let eci: Vec<(f64, Mark)> = (0..panel.regions().len())
        .filter(|&k| k == r || is_eu28(country_of(panel.regions().code(k as u32))))
        .map(|k| {
            let c = panel.regions().code(k as u32);
            let mark = if k == r {
                Mark::Region
            } else if country_of(c) == country_of(code) {
                Mark::Country
            } else {
                Mark::Other
            };
            (yi.eci[k], mark)
        })
        .collect();
    if yi.eci[r].is_finite() {
        page.svg(&strip(
            &format!("Economic complexity index (ECI) {year}: {:.2}", yi.eci[r]),
            "z-score over the regions",
            &eci,
            None,
        ));
    }
}

fn peers_section(page: &mut Page, code: &str, year: i32, context: &[Panel]) -> Result<()> {
    page.h2("Structural peers", "peers");
    let found = peers::find(code, Some(year), 6, Countries::Any, 1.0, context)?;
    page.p(&format!(
        "The regions most similar in size, income, productivity, unemployment, innovation and employment structure ({} standardised variables plus the cosine similarity of the division shares; `smartspec peers {code}`). Regions to learn from, or to compare progress with.",
        found.variables
    ));
    let registry = NutsRegistry::embedded();
    let mut t = Table::new(&["region", "name", "distance", "differs most in"]);
    let panel = embedded::default_panel();
    for p in &found.peers {
        let c = panel.regions().code(p.region as u32);
        t.push(vec![
            c.into(),
            registry.label(c).unwrap_or("").into(),
            p.distance.into(),
            p.differences
                .iter()
                .map(|(n, d)| format!("{n} ({d:+.1} sd)"))
                .collect::<Vec<_>>()
                .join("; ")
                .into(),
        ]);
    }
    page.table(&t, 2);
    Ok(())
}

fn opportunities_section(
    page: &mut Page,
    yi: &YearIndicators,
    panel: &Panel,
    r: usize,
    top: usize,
    threshold: f64,
) {
    let nace = Nace::embedded();
    page.h2("Diversification opportunities", "opportunities");
    let y = panel.year_index(yi.year).unwrap_or(0);
    let na = panel.activities().len();
    let row: Vec<f64> = panel.year_values(y)[r * na..(r + 1) * na].to_vec();
    let o = opportunities(yi, r, &row, threshold, ComplexityAxis::Pci, None);
    page.p(&format!(
        "Activities the region is not yet specialised in, ranked by relatedness to what it already does (density) and by their complexity (PCI): the realistic next steps of smart specialisation. {} candidates; the top {} below (`smartspec opportunities {}`).",
        o.candidates.len(),
        top.min(o.candidates.len()),
        panel.regions().code(r as u32)
    ));
    let act = |p: usize| panel.activities().code(p as u32).to_string();
    let mut t = Table::new(&[
        "activity",
        "name",
        "quadrant",
        "density",
        "PCI",
        "RCA",
        "employed",
        "related to",
    ]);
    for c in o.candidates.iter().take(top) {
        let code = act(c.activity);
        t.push(vec![
            code.clone().into(),
            nace.label_or_code(&code).to_string().into(),
            c.quadrant.label().into(),
            c.density.into(),
            c.complexity.into(),
            c.rca.into(),
            Value::Num(Some(c.value)),
            c.explained_by
                .iter()
                .map(|(q, _)| act(*q))
                .collect::<Vec<_>>()
                .join(", ")
                .into(),
        ]);
    }
    page.table(&t, 2);
    let title = format!(
        "{}: relatedness density x complexity, {}",
        panel.regions().code(r as u32),
        yi.year
    );
    page.svg(&smartspec_io::chart::opportunity_scatter(
        &o,
        top,
        &|p| act(p),
        &title,
        "PCI",
        embedded::ATTRIBUTION,
    ));
}

/// A command's report (heading lines after the first, and tables) as page content.
fn report_into(page: &mut Page, r: &crate::output::Report) {
    for line in r.heading.iter().skip(1) {
        page.p(line);
    }
    for (_, title, t) in &r.tables {
        if !title.is_empty() {
            page.h3(title);
        }
        page.table(t, 2);
    }
}

fn innovation_section(page: &mut Page, code: &str, year: i32) {
    use smartspec_core::innovation::{assess, AssessOptions};
    page.h2("Innovation capacity", "innovation");
    let a = assess(
        smartspec_io::context_inputs::embedded_innovation_inputs(year),
        &AssessOptions::default(),
    );
    let Some(r) = a.region_id(code) else {
        page.note(&format!(
            "{code} is not among the regions the innovation index covers (EU28 NUTS-2)."
        ));
        return;
    };
    let p = a.profile(r);
    let mut rep = crate::output::Report::new();
    super::innovation::one_region(&p, crate::args::OutputFormat::Table, &mut rep);
    report_into(page, &rep);
    let title = format!(
        "{code}: innovation indicators against the EU and {}, {year}",
        country_of(code)
    );
    page.svg(&smartspec_io::profile_chart::innovation_bars(
        &p,
        &title,
        embedded::ATTRIBUTION,
    ));
    page.note("Composite per the JRC/OECD Handbook (winsorised min-max, equal weights, 1,000 Monte Carlo draws for the rank range); groups as the Regional Innovation Scoreboard 2019 draws them. See docs/innovation-skills.md and `smartspec innovation`.");
}

fn skills_alignment_section(page: &mut Page, code: &str, year: i32) {
    use smartspec_core::skills::{profile, SkillsOptions};
    page.h2("Skills alignment", "skills-alignment");
    let inputs = smartspec_io::context_inputs::embedded_skills_inputs();
    let year = if inputs.years.contains(&year) {
        year
    } else {
        inputs.years.last().copied().unwrap_or(year)
    };
    match profile(inputs, code, year, &SkillsOptions::default()) {
        Ok(Some(p)) => {
            let mut rep = crate::output::Report::new();
            super::skills::one_region(&p, &mut rep);
            report_into(page, &rep);
            page.note("Expected tertiary share: a bounded least-squares fit of regions' tertiary share of employment on their A*10 sector mix (1,000 bootstrap draws). It says what regions with this mix typically have, not what firms need. See docs/innovation-skills.md and `smartspec skills`.");
        }
        Ok(None) => page.note(&format!("{code}: no skills data (LFS) for {year}.")),
        Err(e) => page.note(&format!("skills alignment not computed: {e}")),
    }
}

fn skills_section(page: &mut Page, s: &Screening, u: usize, m: &Measures) {
    page.h2("Skills signal", "skills");
    page.p("Employment in knowledge-intensive services and in high and medium-high-tech manufacturing (Eurostat htec_emp_reg2): a first signal of the skills base a diversification strategy can draw on; the innovation and skills sections below give the fuller picture.");
    for (id, title) in [
        ("kis_share", "Knowledge-intensive services"),
        (
            "htec_manufacturing_share",
            "High and medium-high-tech manufacturing",
        ),
    ] {
        let obs: Vec<Option<Observation>> = s
            .units
            .iter()
            .map(|unit| m.measure(id, &unit.code).ok().flatten())
            .collect();
        let dist = distribution(s, &obs, u);
        match &obs[u] {
            Some(o) => {
                let eu = median(
                    &dist
                        .iter()
                        .filter(|d| d.1 != Mark::Region)
                        .map(|d| d.0)
                        .collect::<Vec<f64>>(),
                );
                page.svg(&strip(
                    &format!(
                        "{title}: {} % ({}; EU median {})",
                        fmt(o.value),
                        o.year,
                        eu.map_or("n/a".into(), fmt)
                    ),
                    "% of total employment",
                    &dist,
                    eu.map(|e| (e, "EU median")),
                ));
            }
            None => page.note(&format!(
                "{title}: no value within two years of {} (missing, not zero).",
                s.year
            )),
        }
    }
}

pub fn run(a: DiagnoseArgs) -> Result<ExitCode> {
    let context = crate::input::load_context(&a.context)?;
    let s = screening::run(a.year, a.criteria.as_deref(), &context)?;
    let panel = embedded::default_panel();
    let ry = crate::input::region_year(panel, &a.region, Some(s.year))?;
    let u = s
        .units
        .iter()
        .position(|unit| unit.code == ry.code)
        .ok_or_else(|| anyhow!("{} is not a screened region", ry.code))?;
    let registry = NutsRegistry::embedded();
    let name = registry.label(&ry.code).unwrap_or("").to_string();
    let opts = Preset::GrowthLab.options();
    let results = run_pipeline(
        panel,
        &[ry.y],
        true,
        &embedded_contexts(true),
        &opts,
        &indicatif::ProgressBar::hidden(),
    );
    let yi = &results[0];

    let mut page = Page::new(
        &format!("{} {name}: regional diagnostic", ry.code),
        &format!(
            "{} · NUTS 2013 · screening year {} · generated by smartspec {} from the embedded Eurostat data",
            country_of(&ry.code),
            s.year,
            env!("CARGO_PKG_VERSION")
        ),
    );
    if let Some(n) = &ry.note {
        page.note(n);
    }
    let m = screening::measures(&context, s.year, s.criteria.start);
    let card = |id: &str, label: &str, unit: &str| -> (String, String) {
        match m.measure(id, &ry.code).ok().flatten() {
            Some(o) => (format!("{label} ({}{unit})", o.year), fmt(o.value)),
            None => (format!("{label} (missing)"), "–".into()),
        }
    };
    page.cards(&[
        card("population", "population, thousands", ""),
        card("gdp_per_head_eu", "GDP per head, EU28 = 100", ", PPS"),
        card("employment", "persons employed, SBS", ""),
        card("manufacturing_share", "manufacturing share, %", ""),
        card("unemployment_rate", "unemployment rate, %", ""),
        (
            format!(
                "screening score (rank {})",
                s.scores[u].rank.map_or("–".into(), |r| r.to_string())
            ),
            s.scores[u]
                .score
                .map_or("not scored".into(), |v| format!("{v:.0}")),
        ),
    ]);
    screening_section(&mut page, &s, u);
    structure_section(&mut page, &s, u, yi, panel, ry.r);
    peers_section(&mut page, &ry.code, s.year, &context)?;
    opportunities_section(&mut page, yi, panel, ry.r, a.top, opts.threshold);
    skills_section(&mut page, &s, u, &m);
    innovation_section(&mut page, &ry.code, s.year);
    skills_alignment_section(&mut page, &ry.code, s.year);
    page.h2("Sources and method", "sources");
    page.p("Employment: Eurostat SBS persons employed (sbs_r_nuts06_r2), harmonised to NUTS 2013. GDP: nama_10r_3gdp. Labour force, skills, R&D and unemployment: Eurostat regional LFS, htec_emp_reg2, rd_e_gerdreg, tgs00010 (see data/README.md). Screening criteria and fallbacks: docs/transition.md. Indicators: docs/indicators.md.");
    let html = page.finish(embedded::ATTRIBUTION);
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| format!("{}-diagnostic.html", ry.code).into());
    std::fs::write(&out, html).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}
