//! `smartspec themes [--validate FILE...]`

use crate::args::ThemesArgs;
use crate::output::Report;
use crate::theme_data;
use anyhow::Result;
use smartspec_io::themes::parse_files;
use smartspec_io::write::Table;
use std::process::ExitCode;

pub fn run(a: ThemesArgs) -> Result<ExitCode> {
    if !a.validate.is_empty() {
        return match parse_files(
            &a.validate,
            &smartspec_analysis::themes::vocabulary(&smartspec_analysis::Dataset::embedded()),
        ) {
            Ok(themes) => {
                for t in &themes {
                    let codes: usize = t.stages.iter().map(|s| s.activities.len()).sum();
                    println!(
                        "{}: theme {:?}, {} stages, {codes} activity codes: valid",
                        t.file,
                        t.id,
                        t.stages.len()
                    );
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                for p in &e.0 {
                    eprintln!("{p}");
                }
                eprintln!("{} problem(s)", e.0.len());
                Ok(ExitCode::from(1))
            }
        };
    }
    let set = theme_data::load("themes", &smartspec_analysis::Dataset::embedded(), &a.dirs)?;
    let mut themes = Table::new(&["theme", "name", "stages", "activities", "file"]);
    let mut stages = Table::new(&["theme", "stage", "name", "activities", "why"]);
    for t in &set.themes {
        themes.push(vec![
            t.id.as_str().into(),
            t.name.as_str().into(),
            t.stages.len().into(),
            t.stages
                .iter()
                .map(|s| s.activities.len())
                .sum::<usize>()
                .into(),
            t.file.as_str().into(),
        ]);
        for s in &t.stages {
            let codes: Vec<String> = s.activities.iter().map(|c| c.to_string()).collect();
            stages.push(vec![
                t.id.as_str().into(),
                s.id.as_str().into(),
                s.name.as_str().into(),
                codes.join(" ").into(),
                s.why.as_str().into(),
            ]);
        }
    }
    let mut report = Report::new();
    report.heading.push(format!(
        "{} themes: value chains of stages; activity codes are NACE divisions of the SBS panel, lfs:CODE the LFS share of an A*10 sector",
        set.themes.len()
    ));
    report.table("themes", "themes", themes);
    report.table("stages", "stages", stages);
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}
