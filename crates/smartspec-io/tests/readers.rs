//! Readers on small files written by the tests.

use smartspec_core::{Cell, RegionScheme};
use smartspec_io::{read_panel, IoError, ReadOptions};
use std::path::PathBuf;

fn temp(name: &str, content: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!("smartspec-io-{}-{name}", std::process::id()));
    std::fs::write(&p, content).unwrap();
    p
}

fn first_problem(e: IoError) -> String {
    let d = e.diagnostics().expect("a data error").clone();
    let p = &d.problems()[0];
    format!("{}:{}: {}", p.line, p.column, p.message)
}

#[test]
fn eurostat_tsv_cells_with_flags_and_selection() {
    let tsv = "nace_r2,indic_sb,geo\\time\t2015 \t2014 \nC,V16110,AT11\t: c\t12 p\nC,V11210,AT11\t1 \t2 \nB,V16110,AT11\t7 bc\t0 \n";
    let p = temp("a.tsv", tsv.as_bytes());
    let opts = ReadOptions {
        select: vec![("indic_sb".into(), "V16110".into())],
        ..ReadOptions::default()
    };
    let l = read_panel(&p, &opts).unwrap();
    assert_eq!(l.panel.get("AT11", "C", 2015), Some(Cell::Missing));
    assert_eq!(
        l.panel.get_flags("AT11", "C", 2015).unwrap().to_string(),
        "c"
    );
    assert_eq!(l.panel.get("AT11", "C", 2014), Some(Cell::Value(12.0)));
    assert_eq!(
        l.panel.get_flags("AT11", "B", 2015).unwrap().to_string(),
        "bc"
    );
    assert_eq!(l.panel.get("AT11", "B", 2014), Some(Cell::Value(0.0)));
    assert_eq!(
        l.panel.meta().regions,
        RegionScheme::Nuts(smartspec_core::NutsVersion::V2024)
    );
    // without the selection, indic_sb has two codes
    let e = read_panel(&p, &ReadOptions::default()).unwrap_err();
    assert!(first_problem(e).contains("--select indic_sb=CODE"));
}

#[test]
fn csv_reports_line_and_column() {
    let p = temp(
        "b.csv",
        b"region,activity,year,value\nAT11,C10,2014,5\nAT11,C11,2014,-3\n",
    );
    assert_eq!(
        first_problem(read_panel(&p, &ReadOptions::default()).unwrap_err()),
        "3:4: negative value \"-3\" in a count measure (use --measure signed for signed data)"
    );
    let p = temp(
        "c.csv",
        b"region,activity,year,value\nAT11,C10,2014,5\nAT11,C10,2014,6\n",
    );
    assert!(
        first_problem(read_panel(&p, &ReadOptions::default()).unwrap_err())
            .starts_with("3:0: duplicate row for AT11, C10, 2014 (first at line 2)")
    );
}
