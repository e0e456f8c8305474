//! Parquet: panel and table round trips, and located problems in bad files.

use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field;
use parquet::schema::parser::parse_message_type;
use smartspec_core::{
    Cell, DuplicatePolicy, Flags, MeasureKind, Panel, PanelBuilder, RegionScheme,
};
use smartspec_io::parquet::{write_panel, write_table};
use smartspec_io::write::{Table, Value};
use smartspec_io::{read_panel, IoError, Loaded, Problem, ReadOptions};
use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;

/// A temporary path, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        Temp(std::env::temp_dir().join(format!(
            "smartspec-pq-{}-{name}.parquet",
            std::process::id()
        )))
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn free() -> ReadOptions {
    ReadOptions {
        regions: RegionScheme::Free,
        ..Default::default()
    }
}

fn read(path: &Temp) -> Result<Loaded, IoError> {
    read_panel(&path.0, &free())
}

/// The problems of an `IoError::Invalid`.
fn problems(result: Result<Loaded, IoError>) -> Vec<Problem> {
    match result {
        Err(IoError::Invalid(d)) => d.problems().to_vec(),
        Err(e) => panic!("expected IoError::Invalid, got {e:?}"),
        Ok(l) => panic!(
            "expected IoError::Invalid, got a panel of {} cells",
            l.panel.record_count()
        ),
    }
}

fn flags(s: &str) -> Flags {
    Flags::parse(s).unwrap().0
}

fn panel(rows: &[(&str, &str, i32, Option<f64>, &str)]) -> Panel {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for (i, &(r, a, y, v, f)) in rows.iter().enumerate() {
        b.push(r, a, y, v, flags(f), i as u64 + 1).unwrap();
    }
    b.build().unwrap()
}

/// A column of a hand-written fixture.
enum Data {
    Text(Vec<Option<&'static str>>),
    I32(Vec<Option<i32>>),
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
}

fn split<T: Clone>(cells: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
    let values = cells.iter().flatten().cloned().collect();
    let defs = cells.iter().map(|c| i16::from(c.is_some())).collect();
    (values, defs)
}

/// Writes a one-row-group file with the low-level API.
fn fixture(path: &Temp, message: &str, columns: &[Data]) {
    let schema = Arc::new(parse_message_type(message).unwrap());
    let props = Arc::new(WriterProperties::builder().build());
    let mut w = SerializedFileWriter::new(File::create(&path.0).unwrap(), schema, props).unwrap();
    let mut rg = w.next_row_group().unwrap();
    for data in columns {
        let mut col = rg.next_column().unwrap().unwrap();
        match data {
            Data::Text(cells) => {
                let (v, d) = split(cells);
                let v: Vec<ByteArray> = v.into_iter().map(ByteArray::from).collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&v, Some(&d), None)
                    .unwrap();
            }
            Data::I32(cells) => {
                let (v, d) = split(cells);
                col.typed::<Int32Type>()
                    .write_batch(&v, Some(&d), None)
                    .unwrap();
            }
            Data::I64(cells) => {
                let (v, d) = split(cells);
                col.typed::<Int64Type>()
                    .write_batch(&v, Some(&d), None)
                    .unwrap();
            }
            Data::F64(cells) => {
                let (v, d) = split(cells);
                col.typed::<DoubleType>()
                    .write_batch(&v, Some(&d), None)
                    .unwrap();
            }
        }
        col.close().unwrap();
    }
    rg.close().unwrap();
    w.close().unwrap();
}

#[test]
fn panel_round_trip_keeps_values_zeros_missing_and_flags() {
    let original = panel(&[
        ("ITC1", "C10", 2014, Some(0.0), ""),
        ("ITC1", "C11", 2014, None, "c"),
        ("ITC1", "C10", 2015, Some(12.5), "bp"),
        ("AT11", "C11", 2015, Some(1e-7), ""),
        ("AT11", "C10", 2014, Some(123456789.25), ""),
    ]);
    let path = Temp::new("roundtrip");
    write_panel(&original, &path.0).unwrap();
    let loaded = read(&path).unwrap();
    let p = &loaded.panel;
    assert_eq!(p.get("ITC1", "C10", 2014), Some(Cell::Value(0.0)));
    assert_eq!(p.get("ITC1", "C11", 2014), Some(Cell::Missing));
    assert_eq!(p.get_flags("ITC1", "C11", 2014), Some(flags("c")));
    assert_eq!(p.get("ITC1", "C10", 2015), Some(Cell::Value(12.5)));
    assert_eq!(p.get_flags("ITC1", "C10", 2015), Some(flags("bp")));
    assert_eq!(p.get("AT11", "C11", 2015), Some(Cell::Value(1e-7)));
    assert_eq!(p.get("AT11", "C10", 2014), Some(Cell::Value(123456789.25)));
    assert_eq!(p.get("AT11", "C11", 2014), Some(Cell::Absent));
    assert_eq!(p.get_flags("AT11", "C10", 2014), Some(Flags::EMPTY));
    // every cell and flag, absent ones included
    assert_eq!(p.regions(), original.regions());
    assert_eq!(p.activities(), original.activities());
    assert_eq!(p.years(), original.years());
    for (y, &year) in original.years().iter().enumerate() {
        for (r, region) in original.regions().iter().enumerate() {
            for (a, activity) in original.activities().iter().enumerate() {
                assert_eq!(p.get(region, activity, year), Some(original.cell(y, r, a)));
                assert_eq!(
                    p.get_flags(region, activity, year),
                    Some(original.flags(y, r, a))
                );
            }
        }
    }
    assert!(loaded.diagnostics.is_ok());
}

#[test]
fn panel_without_flags_has_no_flag_column() {
    let original = panel(&[
        ("R1", "A", 2010, Some(1.0), ""),
        ("R1", "B", 2010, None, ""),
    ]);
    let path = Temp::new("noflags");
    write_panel(&original, &path.0).unwrap();
    let reader = SerializedFileReader::new(File::open(&path.0).unwrap()).unwrap();
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(names, ["region", "activity", "year", "value"]);
    let loaded = read(&path).unwrap();
    assert_eq!(loaded.panel.get("R1", "B", 2010), Some(Cell::Missing));
    assert_eq!(loaded.panel.get("R1", "A", 2010), Some(Cell::Value(1.0)));
}

#[test]
fn missing_value_column_is_named() {
    let path = Temp::new("novalue");
    fixture(
        &path,
        "message m { required binary region (UTF8); required binary activity (UTF8); required int32 year; }",
        &[
            Data::Text(vec![Some("R1")]),
            Data::Text(vec![Some("A")]),
            Data::I32(vec![Some(2010)]),
        ],
    );
    let p = problems(read(&path));
    assert_eq!((p[0].line, p[0].column), (0, 0));
    assert!(p[0].message.contains("value"), "{}", p[0].message);
    assert!(
        p[0].message.contains("region,activity,year"),
        "{}",
        p[0].message
    );
}

#[test]
fn negative_count_is_located_at_row_and_column() {
    let path = Temp::new("negative");
    write_panel(
        &panel(&[
            ("R1", "A", 2010, Some(1.0), ""),
            ("R1", "B", 2010, Some(-2.0), ""),
        ]),
        &path.0,
    )
    .unwrap();
    let p = problems(read(&path));
    assert_eq!((p[0].line, p[0].column), (2, 4), "{}", p[0]);
    assert!(p[0].message.contains("negative"), "{}", p[0].message);
    // a signed measure accepts it
    let signed = ReadOptions {
        kind: MeasureKind::Signed,
        ..free()
    };
    let loaded = read_panel(&path.0, &signed).unwrap();
    assert_eq!(loaded.panel.get("R1", "B", 2010), Some(Cell::Value(-2.0)));
}

#[test]
fn nan_value_is_refused() {
    let path = Temp::new("nan");
    write_panel(
        &panel(&[
            ("R1", "A", 2010, Some(f64::NAN), ""),
            ("R1", "B", 2010, Some(1.0), ""),
        ]),
        &path.0,
    )
    .unwrap();
    let p = problems(read(&path));
    assert_eq!((p[0].line, p[0].column), (1, 4), "{}", p[0]);
    assert!(
        p[0].message.contains("not a finite number"),
        "{}",
        p[0].message
    );
}

#[test]
fn truncated_file_is_invalid_not_a_panic() {
    let path = Temp::new("truncated");
    let rows: Vec<(String, String)> = (0..200)
        .map(|i| (format!("R{i}"), format!("A{}", i % 7)))
        .collect();
    let rows: Vec<(&str, &str, i32, Option<f64>, &str)> = rows
        .iter()
        .map(|(r, a)| (r.as_str(), a.as_str(), 2010, Some(1.5), ""))
        .collect();
    write_panel(&panel(&rows), &path.0).unwrap();
    let bytes = std::fs::read(&path.0).unwrap();
    std::fs::write(&path.0, &bytes[..bytes.len() / 2]).unwrap();
    let p = problems(read(&path));
    assert!(p[0].message.contains("Parquet"), "{}", p[0].message);
}

#[test]
fn empty_and_garbage_files_are_invalid() {
    let path = Temp::new("empty");
    std::fs::write(&path.0, b"").unwrap();
    let p = problems(read(&path));
    assert!(
        p[0].message.contains("not a valid Parquet file"),
        "{}",
        p[0].message
    );

    let path = Temp::new("garbage");
    std::fs::write(&path.0, b"region,activity,year,value\nR1,A,2010,1\n").unwrap();
    let p = problems(read(&path));
    assert!(
        p[0].message.contains("not a valid Parquet file"),
        "{}",
        p[0].message
    );
}

#[test]
fn missing_file_is_a_file_error() {
    let path = Temp::new("does-not-exist");
    assert!(matches!(read(&path), Err(IoError::File { .. })));
}

#[test]
fn text_years_integer_values_and_nullable_flags_are_read() {
    let path = Temp::new("lenient");
    fixture(
        &path,
        "message m { optional binary flag (UTF8); required binary geo (UTF8); required binary nace (UTF8); \
         required binary time (UTF8); optional int64 obs; }",
        &[
            Data::Text(vec![Some("c"), None, Some(""), Some("p")]),
            Data::Text(vec![Some("R1"), Some("R1"), Some("R2"), Some("R2")]),
            Data::Text(vec![Some("A"), Some("B"), Some("A"), Some("B")]),
            Data::Text(vec![Some("2010"), Some("2010"), Some("2011"), Some("2011")]),
            Data::I64(vec![None, Some(7), Some(0), Some(3)]),
        ],
    );
    let mut opts = free();
    opts.columns = opts
        .columns
        .with_overrides("region=geo,activity=nace,year=time,value=obs")
        .unwrap();
    let loaded = read_panel(&path.0, &opts).unwrap();
    let p = &loaded.panel;
    assert_eq!(p.get("R1", "A", 2010), Some(Cell::Missing));
    assert_eq!(p.get_flags("R1", "A", 2010), Some(Flags::CONFIDENTIAL));
    assert_eq!(p.get("R1", "B", 2010), Some(Cell::Value(7.0)));
    assert_eq!(p.get_flags("R1", "B", 2010), Some(Flags::EMPTY));
    assert_eq!(p.get("R2", "A", 2011), Some(Cell::Value(0.0)));
    assert_eq!(p.get_flags("R2", "B", 2011), Some(flags("p")));
}

#[test]
fn bad_types_extra_columns_and_bad_rows_are_located() {
    let path = Temp::new("badtypes");
    fixture(
        &path,
        "message m { required int32 region; required binary activity (UTF8); required int32 year; \
         optional double value; optional double extra; }",
        &[
            Data::I32(vec![Some(1)]),
            Data::Text(vec![Some("A")]),
            Data::I32(vec![Some(2010)]),
            Data::F64(vec![Some(1.0)]),
            Data::F64(vec![None]),
        ],
    );
    let p = problems(read(&path));
    assert_eq!((p[0].line, p[0].column), (0, 5), "{}", p[0]);
    assert!(
        p[0].message.contains("unexpected column \"extra\""),
        "{}",
        p[0].message
    );

    let path = Temp::new("badregion");
    fixture(
        &path,
        "message m { required int32 region; required binary activity (UTF8); required int32 year; optional double value; }",
        &[
            Data::I32(vec![Some(1)]),
            Data::Text(vec![Some("A")]),
            Data::I32(vec![Some(2010)]),
            Data::F64(vec![Some(1.0)]),
        ],
    );
    let p = problems(read(&path));
    assert_eq!((p[0].line, p[0].column), (0, 1), "{}", p[0]);
    assert!(p[0].message.contains("\"region\""), "{}", p[0].message);

    let path = Temp::new("badrows");
    fixture(
        &path,
        "message m { required binary region (UTF8); optional binary activity (UTF8); required int32 year; optional binary value (UTF8); }",
        &[
            Data::Text(vec![Some("R1"), Some("R1"), Some("R1")]),
            Data::Text(vec![Some("A"), None, Some("C")]),
            Data::I32(vec![Some(2010), Some(2010), Some(1066)]),
            Data::Text(vec![Some("1,5"), Some("2"), Some(":")]),
        ],
    );
    let p = problems(read(&path));
    let at: Vec<(u64, usize)> = p.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(at, [(1, 4), (2, 2), (3, 3)], "{p:?}");
}

#[test]
fn table_round_trip_keeps_nulls_and_types() {
    let mut t = Table::new(&["region", "rank", "rca", "empty"]);
    t.push(vec![
        "AT11".into(),
        Value::Int(1),
        0.25.into(),
        Value::Num(None),
    ]);
    t.push(vec![
        "AT12".into(),
        Value::Int(2),
        Value::Num(None),
        Value::Num(None),
    ]);
    t.push(vec![
        Value::Num(None),
        Value::Int(-3),
        f64::NAN.into(),
        Value::Num(None),
    ]);
    let path = Temp::new("table");
    write_table(&t, &path.0).unwrap();
    let reader = SerializedFileReader::new(File::open(&path.0).unwrap()).unwrap();
    let types: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.physical_type().to_string())
        .collect();
    assert_eq!(types, ["BYTE_ARRAY", "INT64", "DOUBLE", "DOUBLE"]);
    let rows: Vec<Vec<Field>> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| {
            r.unwrap()
                .get_column_iter()
                .map(|(_, f)| f.clone())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            vec![
                Field::Str("AT11".into()),
                Field::Long(1),
                Field::Double(0.25),
                Field::Null
            ],
            vec![
                Field::Str("AT12".into()),
                Field::Long(2),
                Field::Null,
                Field::Null
            ],
            vec![Field::Null, Field::Long(-3), Field::Null, Field::Null],
        ]
    );
}

#[test]
fn table_type_mismatch_is_a_write_error() {
    let mut t = Table::new(&["region", "n"]);
    t.push(vec!["AT11".into(), Value::Int(1)]);
    t.push(vec!["AT12".into(), 2.5.into()]);
    let path = Temp::new("mismatch");
    match write_table(&t, &path.0) {
        Err(IoError::Write { message, .. }) => assert!(message.contains("row 2"), "{message}"),
        other => panic!("expected a write error, got {other:?}"),
    }
    assert!(!path.0.exists());
}

#[test]
fn corrupt_data_pages_are_invalid_not_a_panic() {
    let path = Temp::new("corrupt");
    let rows: Vec<(String, String)> = (0..500)
        .map(|i| (format!("R{i}"), format!("A{}", i % 7)))
        .collect();
    let rows: Vec<(&str, &str, i32, Option<f64>, &str)> = rows
        .iter()
        .map(|(r, a)| (r.as_str(), a.as_str(), 2010, Some(1.5), "p"))
        .collect();
    write_panel(&panel(&rows), &path.0).unwrap();
    let clean = std::fs::read(&path.0).unwrap();
    // keep the magic and the footer, scramble the data pages in between
    let footer = u32::from_le_bytes(clean[clean.len() - 8..clean.len() - 4].try_into().unwrap());
    let data_end = clean.len() - 8 - footer as usize;
    for seed in 0..4u8 {
        let mut bytes = clean.clone();
        for (i, b) in bytes[4..data_end].iter_mut().enumerate() {
            if i % 3 == seed as usize % 3 {
                *b ^= 0x5a ^ seed;
            }
        }
        std::fs::write(&path.0, &bytes).unwrap();
        let p = problems(read(&path));
        assert!(p[0].message.contains("corrupt"), "{}", p[0]);
    }
}
