//! Bad-input corpus: every file under `tests/corpus/` (and a few generated
//! at run time) is run through `smartspec data validate`, checking the exit
//! code, the exact location `FILE:LINE:COLUMN:` of the first problem, a key
//! word of its message, and that nothing panics.
//!
//! The corpus and the expected first problem of each file are listed in
//! `tests/corpus/README.md`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root; file paths are passed relative to it.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn first_line(&self) -> &str {
        self.stdout.lines().next().unwrap_or("")
    }
}

fn smartspec(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_smartspec"))
        .current_dir(ROOT)
        .args(args)
        .output()
        .expect("run smartspec");
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "smartspec {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

fn validate(file: &str, flags: &[&str]) -> Run {
    let mut args = vec!["data", "validate", file];
    args.extend_from_slice(flags);
    smartspec(&args)
}

/// `file` with `flags` is invalid: exit 1, and the first problem printed
/// starts with `file:location` and mentions `keyword`.
#[track_caller]
fn assert_invalid(file: &str, flags: &[&str], location: &str, keyword: &str) {
    let run = validate(file, flags);
    let prefix = format!("{file}:{location}");
    let first = run.first_line();
    assert_eq!(
        run.code,
        Some(1),
        "{file} {flags:?}: expected exit 1\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        first.starts_with(&prefix),
        "{file} {flags:?}: first problem should start with {prefix:?}, got {first:?}\nstderr:\n{}",
        run.stderr
    );
    assert!(
        first.contains(keyword),
        "{file} {flags:?}: first problem should mention {keyword:?}, got {first:?}"
    );
}

/// `file` with `flags` is valid: exit 0.
#[track_caller]
fn assert_valid(file: &str, flags: &[&str]) {
    let run = validate(file, flags);
    assert_eq!(
        run.code,
        Some(0),
        "{file} {flags:?}: expected exit 0 (valid)\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.first_line().contains(": valid:"),
        "{file}: {}",
        run.stdout
    );
}

/// A fresh scratch directory in the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("smartspec-bad-input-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    /// The path of `file` in the scratch dir, as a string to pass on the
    /// command line (absolute, so the working directory does not matter).
    fn path(&self, file: &str) -> String {
        self.0
            .join(file)
            .to_str()
            .expect("utf-8 temp path")
            .to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `smartspec data convert input output [flags]`, which must succeed.
fn convert(input: &str, output: &str, flags: &[&str]) {
    let mut args = vec!["data", "convert", input, output];
    args.extend_from_slice(flags);
    let run = smartspec(&args);
    assert_eq!(
        run.code,
        Some(0),
        "convert {input} -> {output} failed\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Long CSV
// ---------------------------------------------------------------------------

#[test]
fn csv_wrong_delimiter() {
    assert_invalid(
        "tests/corpus/csv/wrong_delimiter.csv",
        &[],
        "1:1:",
        "wrong delimiter",
    );
    // ... and valid when told the delimiter
    assert_valid(
        "tests/corpus/csv/wrong_delimiter.csv",
        &["--delimiter", ";"],
    );
}

#[test]
fn csv_missing_column() {
    assert_invalid(
        "tests/corpus/csv/missing_column.csv",
        &[],
        "1:0:",
        "missing column(s) value",
    );
}

#[test]
fn csv_extra_column_in_header() {
    assert_invalid(
        "tests/corpus/csv/extra_column.csv",
        &[],
        "1:5:",
        "unexpected column \"unit\"",
    );
}

#[test]
fn csv_row_with_extra_field() {
    assert_invalid(
        "tests/corpus/csv/extra_field.csv",
        &[],
        "3:5:",
        "extra field",
    );
}

#[test]
fn csv_row_with_missing_field() {
    assert_invalid(
        "tests/corpus/csv/missing_field.csv",
        &[],
        "3:4:",
        "missing field",
    );
}

#[test]
fn csv_non_numeric_value() {
    assert_invalid(
        "tests/corpus/csv/non_numeric.csv",
        &[],
        "3:4:",
        "non-numeric",
    );
}

#[test]
fn csv_negative_count() {
    assert_invalid(
        "tests/corpus/csv/negative_count.csv",
        &[],
        "3:4:",
        "negative",
    );
    assert_valid(
        "tests/corpus/csv/negative_count.csv",
        &["--measure", "signed"],
    );
}

#[test]
fn csv_nan_value() {
    assert_invalid(
        "tests/corpus/csv/nan_value.csv",
        &[],
        "3:4:",
        "not a finite number",
    );
    // NaN is refused for signed measures too
    assert_invalid(
        "tests/corpus/csv/nan_value.csv",
        &["--measure", "signed"],
        "3:4:",
        "NaN",
    );
}

#[test]
fn csv_inf_value() {
    assert_invalid(
        "tests/corpus/csv/inf_value.csv",
        &[],
        "3:4:",
        "not a finite number",
    );
}

#[test]
fn csv_duplicate_rows() {
    assert_invalid(
        "tests/corpus/csv/duplicate_rows.csv",
        &[],
        "4:0:",
        "duplicate",
    );
    let run = validate("tests/corpus/csv/duplicate_rows.csv", &[]);
    assert!(
        run.first_line().contains("first at line 2"),
        "{}",
        run.stdout
    );
    assert_valid(
        "tests/corpus/csv/duplicate_rows.csv",
        &["--on-duplicate", "sum"],
    );
}

#[test]
fn csv_unknown_nuts_code() {
    assert_invalid(
        "tests/corpus/csv/unknown_nuts.csv",
        &["--regions", "nuts2013"],
        "3:1:",
        "unknown region code \"XX99\"",
    );
    assert_valid("tests/corpus/csv/unknown_nuts.csv", &["--regions", "free"]);
}

/// PL91 first appears in NUTS 2016; the hint should say so.
#[test]
fn csv_nuts2016_code_under_nuts2013() {
    assert_invalid(
        "tests/corpus/csv/nuts2016_code.csv",
        &["--regions", "nuts2013"],
        "3:1:",
        "NUTS 2016",
    );
}

#[test]
fn csv_unknown_nace_activity() {
    assert_invalid(
        "tests/corpus/csv/unknown_nace.csv",
        &["--activities", "nace"],
        "3:2:",
        "NACE",
    );
    assert_valid(
        "tests/corpus/csv/unknown_nace.csv",
        &["--activities", "free"],
    );
}

#[test]
fn csv_bad_year_text() {
    assert_invalid(
        "tests/corpus/csv/bad_year_text.csv",
        &[],
        "3:3:",
        "bad year \"20x4\"",
    );
}

#[test]
fn csv_bad_year_out_of_range() {
    assert_invalid(
        "tests/corpus/csv/bad_year_range.csv",
        &[],
        "3:3:",
        "bad year \"1850\"",
    );
}

#[test]
fn csv_empty_file() {
    assert_invalid("tests/corpus/csv/empty.csv", &[], "0:0:", "empty file");
}

#[test]
fn csv_header_only() {
    // "no data rows" is a problem of the whole file: line 0
    assert_invalid(
        "tests/corpus/csv/header_only.csv",
        &[],
        "0:0:",
        "no data rows",
    );
}

#[test]
fn csv_bom_is_valid() {
    assert_valid("tests/corpus/csv/bom_valid.csv", &["--regions", "nuts2013"]);
}

#[test]
fn csv_crlf_is_valid() {
    assert_valid(
        "tests/corpus/csv/crlf_valid.csv",
        &["--regions", "nuts2013"],
    );
}

/// The negative value is on physical line 4 of a CRLF file.
#[test]
fn csv_crlf_error_reports_the_right_line() {
    assert_invalid("tests/corpus/csv/crlf_error.csv", &[], "4:4:", "negative");
}

/// The negative value is on physical line 4, after a blank line 3.
#[test]
fn csv_error_after_blank_line_reports_the_right_line() {
    assert_invalid(
        "tests/corpus/csv/blank_line_error.csv",
        &[],
        "4:4:",
        "negative",
    );
}

#[test]
fn csv_non_utf8_region() {
    assert_invalid("tests/corpus/csv/latin1.csv", &[], "3:1:", "UTF-8");
}

#[test]
fn csv_truncated_gzip() {
    // 22 whole lines decompress; line 23 is cut
    assert_invalid(
        "tests/corpus/csv/truncated.csv.gz",
        &[],
        "23:0:",
        "truncated or corrupt gzip",
    );
}

#[test]
fn csv_huge_line() {
    let dir = Scratch::new("csv-huge-line");
    let file = dir.path("huge_line.csv");
    let mut text = String::from("region,activity,year,value\nAT11,C10,2014,120\nAT12,C10,2014,");
    text.push_str(&"1".repeat((1 << 20) + 4096));
    text.push_str("\nAT13,C10,2014,5\n");
    std::fs::write(&file, text).unwrap();
    assert_invalid(&file, &[], "3:0:", "line too long");
}

// ---------------------------------------------------------------------------
// Eurostat TSV
// ---------------------------------------------------------------------------

#[test]
fn tsv_comma_separated_file() {
    assert_invalid(
        "tests/corpus/tsv/wrong_delimiter.tsv",
        &[],
        "1:1:",
        "not a Eurostat TSV header",
    );
    let run = validate("tests/corpus/tsv/wrong_delimiter.tsv", &[]);
    assert!(run.first_line().contains("no tab"), "{}", run.stdout);
}

#[test]
fn tsv_missing_region_dimension() {
    assert_invalid(
        "tests/corpus/tsv/no_region_dimension.tsv",
        &[],
        "1:1:",
        "no region dimension",
    );
}

#[test]
fn tsv_row_with_extra_field() {
    assert_invalid(
        "tests/corpus/tsv/extra_field.tsv",
        &[],
        "3:4:",
        "extra field",
    );
}

#[test]
fn tsv_row_with_missing_field() {
    assert_invalid(
        "tests/corpus/tsv/missing_field.tsv",
        &[],
        "3:3:",
        "missing field",
    );
}

#[test]
fn tsv_non_numeric_value() {
    assert_invalid(
        "tests/corpus/tsv/non_numeric.tsv",
        &[],
        "3:2:",
        "non-numeric",
    );
}

#[test]
fn tsv_negative_count() {
    assert_invalid(
        "tests/corpus/tsv/negative_count.tsv",
        &[],
        "3:2:",
        "negative",
    );
    assert_valid(
        "tests/corpus/tsv/negative_count.tsv",
        &["--measure", "signed"],
    );
}

#[test]
fn tsv_nan_value() {
    assert_invalid(
        "tests/corpus/tsv/nan_value.tsv",
        &[],
        "3:2:",
        "not a finite number",
    );
}

#[test]
fn tsv_inf_value() {
    assert_invalid(
        "tests/corpus/tsv/inf_value.tsv",
        &[],
        "3:3:",
        "not a finite number",
    );
}

#[test]
fn tsv_duplicate_rows() {
    assert_invalid(
        "tests/corpus/tsv/duplicate_rows.tsv",
        &[],
        "4:0:",
        "duplicate",
    );
    assert_valid(
        "tests/corpus/tsv/duplicate_rows.tsv",
        &["--on-duplicate", "sum"],
    );
}

#[test]
fn tsv_unknown_nuts_code() {
    assert_invalid(
        "tests/corpus/tsv/unknown_nuts.tsv",
        &["--regions", "nuts2013"],
        "3:1:",
        "unknown region code \"XX99\"",
    );
}

/// PL91 first appears in NUTS 2016; the hint should say so.
#[test]
fn tsv_nuts2016_code_under_nuts2013() {
    assert_invalid(
        "tests/corpus/tsv/nuts2016_code.tsv",
        &["--regions", "nuts2013"],
        "3:1:",
        "NUTS 2016",
    );
}

#[test]
fn tsv_unknown_nace_activity() {
    assert_invalid(
        "tests/corpus/tsv/unknown_nace.tsv",
        &["--activities", "nace"],
        "3:1:",
        "NACE",
    );
}

#[test]
fn tsv_bad_year_header() {
    assert_invalid(
        "tests/corpus/tsv/bad_year_header.tsv",
        &[],
        "1:3:",
        "bad year header",
    );
}

#[test]
fn tsv_year_header_out_of_range() {
    assert_invalid(
        "tests/corpus/tsv/bad_year_range_header.tsv",
        &[],
        "1:3:",
        "bad year header \"1850\"",
    );
}

#[test]
fn tsv_broken_key() {
    assert_invalid("tests/corpus/tsv/broken_key.tsv", &[], "3:1:", "broken key");
}

#[test]
fn tsv_unselected_multi_valued_dimension() {
    assert_invalid(
        "tests/corpus/tsv/multi_dim_unselected.tsv",
        &[],
        "1:1:",
        "--select indic_sb=",
    );
    assert_valid(
        "tests/corpus/tsv/multi_dim_unselected.tsv",
        &["--select", "indic_sb=V16110"],
    );
}

#[test]
fn tsv_flagged_cells_are_valid() {
    assert_valid(
        "tests/corpus/tsv/flags_valid.tsv",
        &["--regions", "nuts2013", "--activities", "nace"],
    );
    let run = validate("tests/corpus/tsv/flags_valid.tsv", &[]);
    assert!(run.first_line().contains("6 rows"), "{}", run.stdout);
    assert!(
        run.first_line().contains("2 missing cells"),
        "{}",
        run.stdout
    );
}

#[test]
fn tsv_empty_file() {
    assert_invalid("tests/corpus/tsv/empty.tsv", &[], "0:0:", "empty file");
}

#[test]
fn tsv_header_only() {
    assert_invalid(
        "tests/corpus/tsv/header_only.tsv",
        &[],
        "0:0:",
        "no data rows",
    );
}

#[test]
fn tsv_bom_is_valid() {
    assert_valid(
        "tests/corpus/tsv/bom_valid.tsv",
        &["--regions", "nuts2013", "--activities", "nace"],
    );
}

#[test]
fn tsv_crlf_is_valid() {
    assert_valid(
        "tests/corpus/tsv/crlf_valid.tsv",
        &["--regions", "nuts2013"],
    );
}

#[test]
fn tsv_crlf_error_reports_the_right_line() {
    assert_invalid(
        "tests/corpus/tsv/crlf_error.tsv",
        &[],
        "4:3:",
        "non-numeric",
    );
}

#[test]
fn tsv_non_utf8_region() {
    assert_invalid("tests/corpus/tsv/latin1.tsv", &[], "3:1:", "UTF-8");
}

#[test]
fn tsv_truncated_gzip() {
    // 24 whole lines decompress; line 25 is cut
    assert_invalid(
        "tests/corpus/tsv/truncated.tsv.gz",
        &[],
        "25:0:",
        "truncated or corrupt gzip",
    );
}

#[test]
fn tsv_huge_line() {
    let dir = Scratch::new("tsv-huge-line");
    let file = dir.path("huge_line.tsv");
    let mut text = String::from("nace_r2,geo\\time\t2015\nC10,AT11\t1\nC10,AT12\t");
    text.push_str(&"9".repeat((1 << 20) + 4096));
    text.push_str("\nC10,AT13\t5\n");
    std::fs::write(&file, text).unwrap();
    assert_invalid(&file, &[], "3:0:", "line too long");
}

// ---------------------------------------------------------------------------
// Parquet (generated at run time with `smartspec data convert`)
// ---------------------------------------------------------------------------

#[test]
fn parquet_negative_count() {
    let dir = Scratch::new("pq-negative");
    let pq = dir.path("signed.parquet");
    convert(
        "tests/corpus/parquet/signed_source.csv",
        &pq,
        &["--measure", "signed"],
    );
    // row 3 (AT12,C10,2014,-5), column 4 (value)
    assert_invalid(&pq, &[], "3:4:", "negative");
    assert_valid(&pq, &["--measure", "signed"]);
}

#[test]
fn parquet_missing_column() {
    let dir = Scratch::new("pq-missing-column");
    let pq = dir.path("panel.parquet");
    convert(
        "tests/corpus/parquet/signed_source.csv",
        &pq,
        &["--measure", "signed"],
    );
    // the file has no column named "amount"
    assert_invalid(
        &pq,
        &["--measure", "signed", "--columns", "value=amount"],
        "0:0:",
        "missing column(s) amount",
    );
}

#[test]
fn parquet_unknown_nuts_code() {
    let dir = Scratch::new("pq-unknown-nuts");
    let pq = dir.path("free.parquet");
    convert(
        "tests/corpus/parquet/free_codes_source.csv",
        &pq,
        &["--regions", "free"],
    );
    // rows are written sorted: XX99 is row 5, region is column 1
    assert_invalid(
        &pq,
        &["--regions", "nuts2013"],
        "5:1:",
        "unknown region code \"XX99\"",
    );
}

#[test]
fn parquet_unknown_nace_activity() {
    let dir = Scratch::new("pq-unknown-nace");
    let pq = dir.path("free.parquet");
    convert(
        "tests/corpus/parquet/free_codes_source.csv",
        &pq,
        &["--regions", "free"],
    );
    // AT12,C99x is row 4, activity is column 2
    assert_invalid(
        &pq,
        &["--regions", "free", "--activities", "nace"],
        "4:2:",
        "NACE",
    );
}

#[test]
fn parquet_not_a_parquet_file() {
    assert_invalid(
        "tests/corpus/parquet/not_parquet.parquet",
        &[],
        "0:0:",
        "not a valid Parquet file",
    );
}

#[test]
fn parquet_empty_file() {
    assert_invalid(
        "tests/corpus/parquet/empty.parquet",
        &[],
        "0:0:",
        "not a valid Parquet file",
    );
}

#[test]
fn parquet_truncated_file() {
    let dir = Scratch::new("pq-truncated");
    let pq = dir.path("whole.parquet");
    convert(
        "tests/corpus/parquet/signed_source.csv",
        &pq,
        &["--measure", "signed"],
    );
    let bytes = std::fs::read(&pq).unwrap();
    let cut = dir.path("truncated.parquet");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert_invalid(&cut, &[], "0:0:", "not a valid Parquet file");
}

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

/// (region, activity, year, value, flag)
type Row = (String, String, i32, Option<f64>, String);

/// Parses a long CSV written by smartspec (no quoting needed for these
/// codes): region,activity,year,value[,flag], sorted.
fn parse_rows(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    assert!(
        header.starts_with("region,activity,year,value"),
        "{}: header {header:?}",
        path.display()
    );
    let mut rows: Vec<Row> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert!(
                f.len() == 4 || f.len() == 5,
                "{}: bad line {l:?}",
                path.display()
            );
            let value = if f[3].is_empty() {
                None
            } else {
                Some(f[3].parse::<f64>().unwrap_or_else(|e| panic!("{l:?}: {e}")))
            };
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].parse().unwrap(),
                value,
                f.get(4).unwrap_or(&"").to_string(),
            )
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, &a.1, a.2).cmp(&(&b.0, &b.1, b.2)));
    rows
}

const ROUNDTRIP: &str = "tests/corpus/csv/roundtrip_flags.csv";

fn check_input_rows(rows: &[Row]) {
    let find = |r: &str, a: &str, y: i32| {
        rows.iter()
            .find(|x| x.0 == r && x.1 == a && x.2 == y)
            .unwrap_or_else(|| panic!("no row {r},{a},{y}"))
    };
    assert_eq!(rows.len(), 7);
    assert_eq!(find("AT11", "C10", 2014).3, None); // missing, flag c
    assert_eq!(find("AT11", "C10", 2014).4, "c");
    assert_eq!(find("AT11", "C10", 2015).4, "bp");
    assert_eq!(find("AT12", "C10", 2014).3, Some(0.0)); // explicit 0
    assert_eq!(find("AT12", "C11", 2014).3, None); // missing, no flag
    assert_eq!(find("AT12", "C11", 2014).4, "");
}

#[test]
fn roundtrip_csv_to_csv() {
    let dir = Scratch::new("rt-csv");
    let out = dir.path("out.csv");
    convert(ROUNDTRIP, &out, &[]);
    let input = parse_rows(&Path::new(ROOT).join(ROUNDTRIP));
    check_input_rows(&input);
    assert_eq!(parse_rows(Path::new(&out)), input);
}

#[test]
fn roundtrip_csv_to_parquet_to_csv() {
    let dir = Scratch::new("rt-parquet");
    let pq = dir.path("mid.parquet");
    let out = dir.path("out.csv");
    convert(ROUNDTRIP, &pq, &[]);
    assert_valid(&pq, &[]);
    convert(&pq, &out, &[]);
    let input = parse_rows(&Path::new(ROOT).join(ROUNDTRIP));
    check_input_rows(&input);
    assert_eq!(parse_rows(Path::new(&out)), input);
}
