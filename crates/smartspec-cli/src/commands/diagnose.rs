//! `smartspec diagnose REGION`: one HTML page a regional team starts from.

use crate::args::{DiagnoseArgs, DiagnoseFormat};
use anyhow::{Context, Result};
use serde_json::{json, Map as JsonMap, Value as Json};
use smartspec_analysis::json::{innovation_json, num, skills_json};
use smartspec_analysis::peers::Countries;
use smartspec_analysis::screening::{measures, Screening};
use smartspec_analysis::sections::section_shares;
use smartspec_analysis::Analysis;
use smartspec_core::indicators::pipeline::YearIndicators;
use smartspec_core::innovation::AssessOptions;
use smartspec_core::opportunities::ComplexityAxis;
use smartspec_core::skills::SkillsOptions;
use smartspec_core::stats::median;
use smartspec_core::transition::{Measures, Observation};
use smartspec_core::Cell;
use smartspec_io::nace::Nace;
use smartspec_io::write::{Table, Value};
use smartspec_report::figures::{bars, strip, Bar, Mark};
use smartspec_report::html::Page;
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

/// The values of one criterion (or measure) across regions: the reference
/// area's of the same basis as the region's, marked by country.
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

fn obs_json(o: Option<&Observation>) -> Json {
    o.map_or(Json::Null, |o| {
        json!({"value": num(o.value), "year": o.year, "years": Screening::years(o), "source": o.source})
    })
}

fn screening_section(page: &mut Page, out: &mut JsonMap<String, Json>, s: &Screening, u: usize) {
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
    let mut rows = Vec::new();
    for (c, crit) in s.criteria().iter().enumerate() {
        let o = &sc.outcomes[c];
        let dist = distribution(s, &s.observations[c], u);
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
        let ob = o.observation.as_ref();
        t.push(vec![
            crit.label.clone().into(),
            ob.map(|o| o.value).into(),
            ob.map_or(String::new(), Screening::years).into(),
            o.threshold.into(),
            match o.meets {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => "missing".into(),
            },
            eu_med.into(),
            nat_med.into(),
            ob.map_or(String::new(), |o| o.source.clone()).into(),
        ]);
        rows.push(json!({
            "id": crit.id, "label": crit.label, "observation": obs_json(ob),
            "threshold": o.threshold.map_or(Json::Null, num), "meets": o.meets,
            "eu_median": eu_med.map_or(Json::Null, num), "national_median": nat_med.map_or(Json::Null, num),
        }));
    }
    page.table(&t, 2);
    page.note("Each strip shows the reference area's regions (grey), the regions of the same country (blue) and this region (red); the dashed line is the criterion's threshold. A proxy value is shown among the regions with the same proxy.");
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
    out.insert(
        "screening".into(),
        json!({
            "year": s.year, "criteria_file": s.criteria_name,
            "score": sc.score.map_or(Json::Null, num), "rank": sc.rank, "scored": n,
            "available": num(100.0 * sc.available), "criteria": rows,
        }),
    );
}

fn structure_section(
    page: &mut Page,
    out: &mut JsonMap<String, Json>,
    analysis: &Analysis,
    s: &Screening,
    u: usize,
    yi: &YearIndicators,
    r: usize,
) {
    let ds = analysis.dataset();
    let validity = ds.panel().year_index(s.year).map(|y| analysis.validity(y));
    let panel = ds.panel();
    let nace = Nace::embedded();
    let year = s.year;
    page.h2("Structure and specialisations", "structure");
    let code = &s.units[u].code;
    let sections = section_shares(ds, code, year);
    if let Some(rows) = &sections {
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
            "% of persons employed",
            &items,
            None,
            &format!("{} share", ds.reference().label),
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
    let na = panel.activities().len();
    let y = panel.year_index(year).unwrap_or(0);
    let mut spec: Vec<(usize, f64)> = (0..na)
        .map(|p| (p, yi.rca.get(r, p)))
        .filter(|(_, v)| v.is_finite() && *v >= 1.0)
        .collect();
    spec.sort_by(|a, b| b.1.total_cmp(&a.1));
    let employed = |p: usize| match panel.cell(y, r, p) {
        Cell::Value(e) => Some(e),
        _ => None,
    };
    let items: Vec<Bar> = spec
        .iter()
        .take(12)
        .map(|&(p, v)| {
            let c = panel.activities().code(p as u32);
            let emp = employed(p).map_or(String::new(), |e| format!(" ({e:.0})"));
            let name: String = nace.label_or_code(c).chars().take(24).collect();
            Bar {
                label: format!("{c} {name}{emp}"),
                value: v,
                compare: None,
            }
        })
        .collect();
    page.p(&format!(
        "Specialised (location quotient, RCA >= 1) in {} of {na} activities; diversity {} — the strongest below, with persons employed in brackets.",
        spec.len(),
        yi.diversity[r]
    ));
    if !items.is_empty() {
        page.svg(&bars(
            &format!("Strongest specialisations, {year}"),
            &format!(
                "RCA (location quotient against the {})",
                ds.reference().label
            ),
            &items,
            Some((1.0, "RCA = 1")),
            "",
        ));
    }
    let eci: Vec<(f64, Mark)> = (0..panel.regions().len())
        .filter(|&k| k == r || ds.in_reference(k))
        .map(|k| {
            let c = panel.regions().code(k as u32);
            let mark = if k == r {
                Mark::Region
            } else if ds.country(c).is_some() && ds.country(c) == ds.country(code) {
                Mark::Country
            } else {
                Mark::Other
            };
            (yi.eci[k], mark)
        })
        .collect();
    let eci_usable = validity.as_ref().is_none_or(|v| v.usable("eci"));
    if yi.eci[r].is_finite() && eci_usable {
        page.svg(&strip(
            &format!("Economic complexity index (ECI) {year}: {:.2}", yi.eci[r]),
            "z-score over the regions",
            &eci,
            None,
        ));
    }
    for line in validity.iter().flat_map(|v| v.lines()) {
        page.p(&line);
    }
    out.insert(
        "structure".into(),
        json!({
            "year": year,
            "sections": sections.iter().flatten().map(|x| json!({
                "section": x.section, "name": x.name, "employment": x.employment,
                "share": x.share, "reference_share": x.eu28_share,
            })).collect::<Vec<_>>(),
            "specialisations": spec.iter().map(|&(p, v)| json!({
                "activity": panel.activities().code(p as u32), "rca": num(v), "employment": employed(p),
            })).collect::<Vec<_>>(),
            "diversity": num(yi.diversity[r]),
            "eci": if eci_usable { num(yi.eci[r]) } else { Json::Null },
            "validity": validity.as_ref().map_or(Json::Null, |v| v.to_json()),
        }),
    );
}

fn peers_section(
    page: &mut Page,
    out: &mut JsonMap<String, Json>,
    analysis: &Analysis,
    code: &str,
    year: i32,
    extra: &[&smartspec_core::Panel],
) -> Result<()> {
    let ds = analysis.dataset();
    page.h2("Structural peers", "peers");
    let found = analysis.peers(code, Some(year), 6, Countries::Any, 1.0, extra)?;
    page.p(&format!(
        "The regions most similar in size, income, productivity, unemployment, innovation and employment structure ({} standardised variables plus the cosine similarity of the activity shares; `smartspec peers {code}`). Regions to learn from, or to compare progress with.",
        found.variables
    ));
    let mut t = Table::new(&["region", "name", "distance", "differs most in"]);
    let mut rows = Vec::new();
    for p in &found.peers {
        let c = ds.panel().regions().code(p.region as u32);
        t.push(vec![
            c.into(),
            ds.region_name(c).into(),
            p.distance.into(),
            p.differences
                .iter()
                .map(|(n, d)| format!("{n} ({d:+.1} sd)"))
                .collect::<Vec<_>>()
                .join("; ")
                .into(),
        ]);
        rows.push(json!({"region": c, "name": ds.region_name(c), "distance": num(p.distance),
            "differs_most": p.differences.iter().map(|(n, d)| json!({"variable": n, "sd": num(*d)})).collect::<Vec<_>>()}));
    }
    page.table(&t, 2);
    out.insert(
        "peers".into(),
        json!({"variables": found.variables, "peers": rows}),
    );
    Ok(())
}

fn opportunities_section(
    page: &mut Page,
    out: &mut JsonMap<String, Json>,
    analysis: &Analysis,
    code: &str,
    year: i32,
    top: usize,
) -> Result<()> {
    let ds = analysis.dataset();
    let panel = ds.panel();
    let nace = Nace::embedded();
    page.h2("Diversification opportunities", "opportunities");
    let ro = analysis.opportunities(code, Some(year), ComplexityAxis::Pci, None)?;
    let o = &ro.opportunities;
    page.p(&format!(
        "Activities the region is not yet specialised in, ranked by feasibility (the entry model's probability of entering within 2 years, learnt from the dataset's history; relatedness density where no model can be fitted) and value (their complexity, PCI, when it passes the validity test): the realistic next steps of smart specialisation. {} candidates; the top {} below (`smartspec opportunities {code}`).",
        o.candidates.len(),
        top.min(o.candidates.len()),
    ));
    page.p(&ro.score_rule());
    let act = |p: usize| panel.activities().code(p as u32).to_string();
    let mut t = Table::new(&[
        "activity",
        "name",
        "quadrant",
        "entry probability",
        "density",
        "PCI",
        "RCA",
        "employed",
        "related to",
    ]);
    let mut rows = Vec::new();
    for (k, c) in o.candidates.iter().take(top).enumerate() {
        let a = act(c.activity);
        let related: Vec<String> = c.explained_by.iter().map(|(q, _)| act(*q)).collect();
        t.push(vec![
            a.clone().into(),
            nace.label_or_code(&a).to_string().into(),
            c.quadrant.label().into(),
            Value::Num(
                c.entry_probability
                    .is_finite()
                    .then_some(c.entry_probability),
            ),
            c.density.into(),
            c.complexity.into(),
            c.rca.into(),
            Value::Num(Some(c.value)),
            related.join(", ").into(),
        ]);
        rows.push(json!({"rank": k + 1, "activity": a, "name": nace.label_or_code(&a), "score": num(c.score),
            "quadrant": c.quadrant.label(), "entry_probability": num(c.entry_probability),
            "density": num(c.density), "complexity": num(c.complexity),
            "rca": num(c.rca), "level": num(c.value), "related_to": related}));
    }
    page.table(&t, 2);
    let title = format!("{code}: feasibility x complexity, {year}");
    page.svg(&smartspec_report::chart::opportunity_scatter(
        o,
        top,
        &|p| act(p),
        &title,
        "PCI",
        ds.attribution(),
    ));
    out.insert(
        "opportunities".into(),
        json!({"year": ro.region.year, "candidates": o.candidates.len(),
            "ranked_by_value": o.ranked_by_value, "score_rule": ro.score_rule(), "opportunities": rows}),
    );
    Ok(())
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

/// A section the dataset cannot fill: the reason on the page, `null` in JSON.
fn absent(page: &mut Page, out: &mut JsonMap<String, Json>, key: &str, why: &str) {
    page.note(why);
    out.insert(key.into(), Json::Null);
}

fn innovation_section(
    page: &mut Page,
    out: &mut JsonMap<String, Json>,
    analysis: &Analysis,
    code: &str,
    year: i32,
) {
    let ds = analysis.dataset();
    page.h2("Innovation capacity", "innovation");
    let a = match analysis.innovation(Some(year), &AssessOptions::default()) {
        Ok((_, _, a)) => a,
        Err(e) => {
            return absent(
                page,
                out,
                "innovation",
                &format!("innovation index not computed: {e}"),
            );
        }
    };
    let Some(r) = a.region_id(code) else {
        let why =
            format!("{code} is not among the regions the innovation index covers (EU28 NUTS-2).");
        return absent(page, out, "innovation", &why);
    };
    let p = a.profile(r);
    let mut rep = crate::output::Report::new();
    crate::profiles::innovation(ds, &p, true, &mut rep);
    report_into(page, &rep);
    let title = format!(
        "{code}: innovation indicators against the EU and {}, {year}",
        ds.country(code).unwrap_or_default()
    );
    page.svg(&smartspec_report::profile_chart::innovation_bars(
        &p,
        &title,
        ds.attribution(),
    ));
    page.note("Composite per the JRC/OECD Handbook (winsorised min-max, equal weights, 1,000 Monte Carlo draws for the rank range); groups as the Regional Innovation Scoreboard 2019 draws them. See docs/innovation-skills.md and `smartspec innovation`.");
    out.insert("innovation".into(), innovation_json(ds, &p));
}

fn skills_alignment_section(
    page: &mut Page,
    out: &mut JsonMap<String, Json>,
    analysis: &Analysis,
    code: &str,
    year: i32,
) {
    let ds = analysis.dataset();
    page.h2("Skills alignment", "skills-alignment");
    let sy = match analysis.skills(Some(year), &SkillsOptions::default()) {
        Ok(sy) => sy,
        Err(e) => {
            return absent(
                page,
                out,
                "skills",
                &format!("skills alignment not computed: {e}"),
            );
        }
    };
    let Some(r) = sy.assessment.region_id(code) else {
        page.note(&format!(
            "{code}: no skills data (LFS) for {}.",
            sy.data_year
        ));
        out.insert("skills".into(), Json::Null);
        return;
    };
    let p = sy.assessment.profile(r);
    let mut rep = crate::output::Report::new();
    crate::profiles::skills(ds, &p, sy.year, &mut rep);
    report_into(page, &rep);
    page.note("Expected tertiary share: a bounded least-squares fit of regions' tertiary share of employment on their A*10 sector mix (1,000 bootstrap draws). It says what regions with this mix typically have, not what firms need. See docs/innovation-skills.md and `smartspec skills`.");
    let mut v = skills_json(ds, &p);
    v["year"] = json!(sy.year);
    v["data_year"] = json!(sy.data_year);
    out.insert("skills".into(), v);
}

fn skills_section(
    page: &mut Page,
    out: &mut JsonMap<String, Json>,
    s: &Screening,
    u: usize,
    m: &Measures,
) {
    page.h2("Skills signal", "skills");
    page.p("Employment in knowledge-intensive services and in high and medium-high-tech manufacturing (Eurostat htec_emp_reg2): a first signal of the skills base a diversification strategy can draw on; the innovation and skills sections below give the fuller picture.");
    let mut signal = JsonMap::new();
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
                signal.insert(id.into(), json!({"value": num(o.value), "year": o.year, "eu_median": eu.map_or(Json::Null, num)}));
            }
            None => {
                page.note(&format!(
                    "{title}: no value within two years of {} (missing, not zero).",
                    s.year
                ));
                signal.insert(id.into(), Json::Null);
            }
        }
    }
    out.insert("skills_signal".into(), Json::Object(signal));
}

pub fn run(a: DiagnoseArgs) -> Result<ExitCode> {
    let data = crate::input::data(&a.data)?;
    let analysis = Analysis::new(data.dataset.clone());
    let ds = analysis.dataset();
    let s = crate::screening::run(ds, a.year, a.criteria.as_deref())?;
    let ry = smartspec_analysis::region::region_year(ds, &a.region, Some(s.year))?;
    let u = s.unit(&ry.code)?;
    let name = ds.region_name(&ry.code);
    let yi = analysis.year(ry.y);
    let mut out = JsonMap::new();
    out.insert("region".into(), json!(ry.code));
    out.insert("name".into(), json!(name));
    out.insert("country".into(), json!(ds.country(&ry.code)));
    out.insert("year".into(), json!(s.year));
    out.insert("dataset".into(), json!(ds.name()));
    out.insert("reference_area".into(), json!(ds.reference().label));
    out.insert("note".into(), json!(ry.note));
    let mut page = Page::new(
        &format!("{} {name}: regional diagnostic", ry.code),
        &format!(
            "{}{} · year {} · generated by smartspec {} from {}",
            ds.country(&ry.code)
                .map_or(String::new(), |c| format!("{c} · ")),
            ds.nuts_version()
                .map_or("free region codes".into(), |v| format!("NUTS {}", v.year())),
            s.year,
            env!("CARGO_PKG_VERSION"),
            ds.name()
        ),
    );
    if let Some(n) = &ry.note {
        page.note(n);
    }
    let m = measures(ds, s.year, s.criteria.start);
    let mut cards_json = JsonMap::new();
    let mut card = |id: &str, label: &str, unit: &str| -> (String, String) {
        let o = m.measure(id, &ry.code).ok().flatten();
        cards_json.insert(id.into(), obs_json(o.as_ref()));
        match o {
            Some(o) => (format!("{label} ({}{unit})", o.year), fmt(o.value)),
            None => (format!("{label} (missing)"), "–".into()),
        }
    };
    let cards = [
        card("population", "population, thousands", ""),
        card("gdp_per_head_eu", "GDP per head, EU28 = 100", ", PPS"),
        card("employment", "persons employed", ""),
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
    ];
    page.cards(&cards);
    out.insert("cards".into(), Json::Object(cards_json));
    screening_section(&mut page, &mut out, &s, u);
    structure_section(&mut page, &mut out, &analysis, &s, u, &yi, ry.r);
    peers_section(
        &mut page,
        &mut out,
        &analysis,
        &ry.code,
        s.year,
        &data.extra(),
    )?;
    opportunities_section(&mut page, &mut out, &analysis, &ry.code, s.year, a.top)?;
    skills_section(&mut page, &mut out, &s, u, &m);
    innovation_section(&mut page, &mut out, &analysis, &ry.code, s.year);
    skills_alignment_section(&mut page, &mut out, &analysis, &ry.code, s.year);
    page.h2("Sources and method", "sources");
    if ds.is_embedded() {
        page.p("Employment: Eurostat SBS persons employed (sbs_r_nuts06_r2), harmonised to NUTS 2013. GDP: nama_10r_3gdp. Labour force, skills, R&D and unemployment: Eurostat regional LFS, htec_emp_reg2, rd_e_gerdreg, tgs00010 (see data/README.md). Screening criteria and fallbacks: docs/transition.md. Indicators: docs/indicators.md.");
    } else {
        page.p(&format!("Data: {} (reference area: {}). Screening criteria and fallbacks: docs/transition.md. Indicators: docs/indicators.md.", ds.name(), ds.reference().label));
    }
    match a.format {
        DiagnoseFormat::Html => {
            let html = page.finish(ds.attribution());
            let path = a
                .out
                .clone()
                .unwrap_or_else(|| format!("{}-diagnostic.html", ry.code).into());
            std::fs::write(&path, html).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        DiagnoseFormat::Json => {
            let text = serde_json::to_string_pretty(&Json::Object(out))? + "\n";
            match &a.out {
                Some(path) => std::fs::write(path, text)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{text}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
