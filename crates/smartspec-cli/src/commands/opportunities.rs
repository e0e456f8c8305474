//! `smartspec opportunities REGION`

use crate::args::OpportunitiesArgs;
use crate::output::{ranked, Report};
use anyhow::{anyhow, Context, Result};
use smartspec_analysis::Analysis;
use smartspec_core::opportunities::ComplexityAxis;
use smartspec_io::nace::Nace;
use smartspec_io::write::{Table, Value};
use std::process::ExitCode;

pub fn run(a: OpportunitiesArgs) -> Result<ExitCode> {
    let opts = crate::conventions::options(&a.conventions)?;
    let data = crate::input::data(&a.data)?;
    let analysis = Analysis::with_options(data.dataset.clone(), opts);
    let ds = analysis.dataset();
    let panel = ds.panel();
    let cuts = match &a.cuts {
        Some(s) => {
            let v: Vec<f64> = s
                .split(',')
                .map(|x| x.trim().parse::<f64>())
                .collect::<Result<_, _>>()
                .map_err(|_| anyhow!("--cuts wants DENSITY,COMPLEXITY, got {s:?}"))?;
            match v[..] {
                [d, c] => Some((d, c)),
                _ => {
                    return Err(anyhow!(
                        "--cuts wants two numbers DENSITY,COMPLEXITY, got {s:?}"
                    ))
                }
            }
        }
        None => None,
    };
    let axis = if a.complexity == "fitness" {
        ComplexityAxis::Fitness
    } else {
        ComplexityAxis::Pci
    };
    let ro = analysis.opportunities(&a.region, a.year, axis, cuts)?;
    let (code, year, note) = (
        ro.region.code.clone(),
        ro.region.year,
        ro.region.note.clone(),
    );
    let (yi, o) = (&ro.year, &ro.opportunities);
    let threshold = analysis.threshold();
    let nace = Nace::embedded();
    let name = ds.region_name(&code);
    let country = ds.country(&code).unwrap_or_default();
    let act = |p: usize| panel.activities().code(p as u32).to_string();
    let mut report = Report::new();
    if let Some(n) = note {
        report.heading.push(format!("note: {n}"));
    }
    report.heading.push(format!(
        "{code} {name}: diversification opportunities, {year}"
    ));
    report.heading.push(format!(
        "{} candidates (activities with RCA < {}); {} already specialised; {} confidential cells excluded; {} without a complexity value excluded",
        o.candidates.len(),
        threshold,
        o.specialised,
        o.excluded_missing,
        o.excluded_no_complexity
    ));
    report.heading.push(format!(
        "axes: feasibility = {} (cut {:.3}) x {} (cut {:.3}), cuts at the {}",
        ro.feasibility_axis(),
        o.feasibility_cut,
        if axis == ComplexityAxis::Pci {
            "PCI"
        } else {
            "ln fitness-complexity"
        },
        o.complexity_cut,
        if cuts.is_some() {
            "given values"
        } else {
            "medians of the candidates"
        }
    ));
    report.heading.push(ro.score_rule());
    report.heading.extend(ro.validity.lines());
    for t in &yi.notes {
        report.heading.push(format!("note: {t}"));
    }
    let mut t = Table::new(&ranked(&[
        "activity",
        "activity_name",
        "quadrant",
        "density",
        "complexity",
        "entry_probability",
        "feasibility_z",
        "value_z",
        "cog",
        "rca",
        "rca_gap",
        "level",
        "explained_by",
        "score_rule",
    ]));
    for (k, c) in o.candidates.iter().take(a.top).enumerate() {
        let explained: Vec<String> = c
            .explained_by
            .iter()
            .map(|(q, phi)| format!("{} ({:.2})", act(*q), phi))
            .collect();
        t.push(vec![
            code.as_str().into(),
            name.as_str().into(),
            country.as_str().into(),
            c.score.into(),
            (k + 1).into(),
            year.into(),
            act(c.activity).into(),
            nace.label_or_code(&act(c.activity)).into(),
            c.quadrant.label().into(),
            c.density.into(),
            c.complexity.into(),
            Value::Num(
                c.entry_probability
                    .is_finite()
                    .then_some(c.entry_probability),
            ),
            c.feasibility_z.into(),
            c.value_z.into(),
            Value::Num(c.cog.is_finite().then_some(c.cog)),
            c.rca.into(),
            c.rca_gap.into(),
            c.value.into(),
            explained.join("; ").into(),
            ro.score_formula().into(),
        ]);
    }
    report.table(
        "opportunities",
        format!("top {} opportunities", a.top.min(o.candidates.len())),
        t,
    );
    report.facts.insert("region".into(), code.clone().into());
    report.facts.insert("year".into(), year.into());
    report
        .facts
        .insert("candidates".into(), o.candidates.len().into());
    report
        .facts
        .insert("ranked_by_value".into(), o.ranked_by_value.into());
    report
        .facts
        .insert("feasibility_by_model".into(), o.feasibility_by_model.into());
    report
        .facts
        .insert("density_cut".into(), o.density_cut.into());
    report
        .facts
        .insert("feasibility_cut".into(), o.feasibility_cut.into());
    report
        .facts
        .insert("feasibility_axis".into(), ro.feasibility_axis().into());
    report
        .facts
        .insert("complexity_cut".into(), o.complexity_cut.into());
    if let Some(path) = &a.svg {
        let title = format!("{code} {name}: where to diversify, {year}");
        let y_label = if axis == ComplexityAxis::Pci {
            "Complexity (PCI)"
        } else {
            "Complexity (ln fitness-complexity)"
        };
        let svg = smartspec_report::chart::opportunity_scatter(
            o,
            a.top,
            &|p| act(p),
            &title,
            y_label,
            ds.panel_source(),
        );
        std::fs::write(path, svg).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}
