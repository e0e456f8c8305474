//! Reader throughput on a synthetic Eurostat TSV shaped like
//! `sbs_r_nuts06_r2` (195,227 lines: key `nace_r2,indic_sb,geo`, 8 years,
//! about a quarter of the cells `: c`), gzipped, and on the same data as long CSV.
//!
//! `cargo bench -p smartspec-io --bench read`

use smartspec_core::RegionScheme;
use smartspec_io::read::{parse_selection, ReadOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const LINES: usize = 195_227;

fn files() -> &'static (PathBuf, PathBuf) {
    static F: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::env::temp_dir();
        let tsv = dir.join(format!("smartspec-bench-{}.tsv.gz", std::process::id()));
        let csv = dir.join(format!("smartspec-bench-{}.csv", std::process::id()));
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&tsv).unwrap(),
            flate2::Compression::default(),
        );
        let mut long = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
        writeln!(
            gz,
            "nace_r2,indic_sb,geo\\time\t2015 \t2014 \t2013 \t2012 \t2011 \t2010 \t2009 \t2008 "
        )
        .unwrap();
        writeln!(long, "region,activity,year,value,flag").unwrap();
        let indics = ["V11210", "V13320", "V16110", "V91290", "V94310"];
        let mut state = 12345u64;
        for i in 0..LINES {
            let (nace, geo, indic) = (i % 101, (i / 101) % 467, indics[i / (101 * 467)]);
            write!(gz, "C{nace:02},{indic},R{geo:04}").unwrap();
            for y in 0..8 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let v = (state >> 33) % 20000;
                if v % 4 == 0 {
                    write!(gz, "\t: c").unwrap();
                    if indic == "V16110" {
                        writeln!(long, "R{geo:04},C{nace:02},{},,c", 2015 - y).unwrap();
                    }
                } else {
                    write!(gz, "\t{v} ").unwrap();
                    if indic == "V16110" {
                        writeln!(long, "R{geo:04},C{nace:02},{},{v},", 2015 - y).unwrap();
                    }
                }
            }
            writeln!(gz).unwrap();
        }
        gz.finish().unwrap();
        (tsv, csv)
    })
}

#[divan::bench(sample_count = 10)]
fn eurostat_tsv_gz_195k_lines(bencher: divan::Bencher) {
    let (tsv, _) = files();
    let opts = ReadOptions {
        regions: RegionScheme::Free,
        select: vec![parse_selection("indic_sb=V16110").unwrap()],
        ..ReadOptions::default()
    };
    bencher.bench(|| {
        smartspec_io::read_panel(tsv, &opts)
            .unwrap()
            .panel
            .record_count()
    });
}

#[divan::bench(sample_count = 10)]
fn long_csv_v16110_rows(bencher: divan::Bencher) {
    let (_, csv) = files();
    let opts = ReadOptions {
        regions: RegionScheme::Free,
        ..ReadOptions::default()
    };
    bencher.bench(|| {
        smartspec_io::read_panel(csv, &opts)
            .unwrap()
            .panel
            .record_count()
    });
}
