//! Parquet reader and writers: panels in the long schema, and result tables.
//!
//! ## Panel files
//!
//! A panel is read from, and written as, one row per non-absent cell:
//!
//! ```text
//! message panel {
//!   required binary region (UTF8);
//!   required binary activity (UTF8);
//!   required int32 year;
//!   optional double value;
//!   optional binary flag (UTF8);
//! }
//! ```
//!
//! [`write_panel`] writes exactly this schema (the `flag` column only when
//! some cell has a flag), ZSTD-compressed, in row groups of 65,536 rows. A
//! *missing* cell is a `null` value, never 0; an empty flag set is a `null`
//! flag; flags are written as their letters in canonical order (`bp`, `cR`).
//!
//! The reader finds the columns by name (`--columns` renames them) and is more
//! lenient about types, so that files written by pandas, polars, DuckDB or
//! Spark load as they are:
//!
//! * `region`, `activity`: text (`BYTE_ARRAY` annotated UTF8/STRING); a null
//!   code is an error;
//! * `year`: a whole number (`INT32`/`INT64`, signed or unsigned) or text
//!   holding a year; a null year is an error;
//! * `value`: `DOUBLE`, `FLOAT`, `INT32`, `INT64` (decimals included) or text
//!   as in CSV (empty or `:` is missing); `null` is a missing value. NaN and
//!   infinity are refused, and so are negative values of a count measure;
//! * `flag` (optional): text; `null` or empty means no flag.
//!
//! Any other column is refused as *unexpected*, like in CSV. Problems are
//! located as `FILE:ROW:COLUMN`: the 1-based row number in the file and the
//! 1-based column number in the file schema (0 for the whole file). A file
//! that is not Parquet at all (empty, truncated, another format) is reported
//! as a problem of the file, not as an I/O error.
//!
//! ## Result tables
//!
//! [`write_table`] writes a [`Table`] with one optional column per table
//! column: text as UTF8 `BYTE_ARRAY`, integers as `INT64`, numbers as
//! `DOUBLE`. A column's type is that of its first non-null cell (`DOUBLE`
//! when every cell is null); a missing number (`Value::Num(None)`), and a
//! NaN or infinite one as in CSV and JSON, is written as `null`.

use crate::read::{Ingest, ReadOptions};
use crate::write::{Table, Value};
use crate::IoError;
use ::parquet::basic::{
    Compression, ConvertedType, LogicalType, Repetition, Type as PhysicalType, ZstdLevel,
};
use ::parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use ::parquet::data_type::{
    ByteArray, ByteArrayType, DataType, DoubleType, FloatType, Int32Type, Int64Type,
};
use ::parquet::errors::ParquetError;
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};
use ::parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use ::parquet::schema::types::{ColumnDescriptor, Type as SchemaType, TypePtr};
use smartspec_core::{Flags, Panel};
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Arc;

/// Rows per row group written.
const ROW_GROUP: usize = 1 << 16;
/// Rows decoded at a time per column while reading.
const BATCH: usize = 4096;

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// How the values of a column are decoded.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// UTF-8 text.
    Text,
    /// A whole number, `unsigned` when annotated so.
    Integer { unsigned: bool },
    /// A decimal stored as a scaled integer.
    Decimal { scale: i32 },
    /// A floating-point number.
    Float,
}

/// One decoded, non-null cell.
#[derive(Debug, Clone)]
enum Scalar {
    Text(ByteArray),
    Int(i128),
    Num(f64),
}

/// A panel column found in the file.
#[derive(Debug, Clone)]
struct Col {
    /// Role (`region`, ...) for messages.
    role: &'static str,
    /// Index in the file schema (0-based).
    index: usize,
    kind: Kind,
}

impl Col {
    fn number(&self) -> usize {
        self.index + 1
    }
}

/// The physical type and annotation, for messages.
fn describe(d: &ColumnDescriptor) -> String {
    match d.converted_type() {
        ConvertedType::NONE => match d.logical_type_ref() {
            Some(l) => format!("{} ({l:?})", d.physical_type()),
            None => d.physical_type().to_string(),
        },
        c => format!("{} ({c})", d.physical_type()),
    }
}

/// The kind of a column, when the reader can decode it at all.
fn kind_of(d: &ColumnDescriptor) -> Option<Kind> {
    let ct = d.converted_type();
    match d.physical_type() {
        PhysicalType::BYTE_ARRAY
            if ct == ConvertedType::UTF8
                || matches!(d.logical_type_ref(), Some(LogicalType::String)) =>
        {
            Some(Kind::Text)
        }
        PhysicalType::INT32 | PhysicalType::INT64 => match ct {
            ConvertedType::NONE
            | ConvertedType::INT_8
            | ConvertedType::INT_16
            | ConvertedType::INT_32
            | ConvertedType::INT_64 => Some(Kind::Integer { unsigned: false }),
            ConvertedType::UINT_8
            | ConvertedType::UINT_16
            | ConvertedType::UINT_32
            | ConvertedType::UINT_64 => Some(Kind::Integer { unsigned: true }),
            ConvertedType::DECIMAL => Some(Kind::Decimal {
                scale: d.type_scale(),
            }),
            _ => None,
        },
        PhysicalType::FLOAT | PhysicalType::DOUBLE if ct == ConvertedType::NONE => {
            Some(Kind::Float)
        }
        _ => None,
    }
}

/// Reads a long Parquet file into an [`Ingest`].
///
/// Only a failure to open the file is an `Err`; everything else, a file that
/// is not Parquet included, is a located problem in the returned diagnostics.
pub(crate) fn read(path: &Path, display: &str, opts: &ReadOptions) -> Result<Ingest, IoError> {
    let file = File::open(path).map_err(|source| IoError::File {
        path: display.to_string(),
        source,
    })?;
    let mut ingest = Ingest::new(display, opts);
    // The decoder reports corrupt data as errors; a panic on data it did not
    // foresee is still reported as a problem of the file rather than ending
    // the program.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_file(file, opts, &mut ingest);
    }));
    if let Err(panic) = outcome {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "decoder failure".into());
        ingest
            .diag()
            .error(0, 0, format!("corrupt Parquet data: {what}"));
    }
    Ok(ingest)
}

fn read_file(file: File, opts: &ReadOptions, ingest: &mut Ingest) {
    let reader = match SerializedFileReader::new(file) {
        Ok(r) => r,
        Err(e) => {
            ingest
                .diag()
                .error(0, 0, format!("not a valid Parquet file: {e}"));
            return;
        }
    };
    let Some(cols) = columns(&reader, opts, ingest) else {
        return;
    };
    let mut line = 0u64;
    for g in 0..reader.num_row_groups() {
        let group = match reader.get_row_group(g) {
            Ok(group) => group,
            Err(e) => {
                ingest.diag().error(
                    line + 1,
                    0,
                    format!(
                        "cannot read row group {}: {e} (truncated or corrupt file)",
                        g + 1
                    ),
                );
                return;
            }
        };
        if !read_group(&*group, &cols, &mut line, ingest) {
            return;
        }
    }
}

/// Checks the schema; returns region, activity, year, value and the
/// optional flag column, or `None` after recording the problems.
fn columns(
    reader: &SerializedFileReader<File>,
    opts: &ReadOptions,
    ingest: &mut Ingest,
) -> Option<Vec<Col>> {
    let schema = reader.metadata().file_metadata().schema_descr();
    let fields = schema.root_schema().get_fields();
    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    let c = &opts.columns;
    let find = |name: &str| names.iter().position(|n| *n == name);
    let roles: [(&'static str, &String); 5] = [
        ("region", &c.region),
        ("activity", &c.activity),
        ("year", &c.year),
        ("value", &c.value),
        ("flag", &c.flag),
    ];
    let missing: Vec<&str> = roles[..4]
        .iter()
        .filter(|(_, name)| find(name).is_none())
        .map(|(_, name)| name.as_str())
        .collect();
    if !missing.is_empty() {
        ingest.diag().error(
            0,
            0,
            format!(
                "missing column(s) {}: the file has columns {:?} (map other names with --columns region=geo,...)",
                missing.join(", "),
                names.join(",")
            ),
        );
        return None;
    }
    let known: Vec<&str> = roles.iter().map(|(_, n)| n.as_str()).collect();
    for (i, n) in names.iter().enumerate() {
        if !known.contains(n) {
            ingest.diag().error(
                0,
                i + 1,
                format!(
                    "unexpected column {n:?}: a long panel has {},{},{},{}[,{}]",
                    c.region, c.activity, c.year, c.value, c.flag
                ),
            );
        }
        if names[..i].contains(n) {
            ingest
                .diag()
                .error(0, i + 1, format!("column {n:?} appears twice"));
        }
    }
    if let Some(i) = fields.iter().position(|f| f.is_group()) {
        // leaf columns no longer line up with the fields: stop here
        ingest.diag().error(
            0,
            i + 1,
            format!(
                "column {:?} is nested (a group, list or map): a long panel has flat columns",
                names[i]
            ),
        );
        return None;
    }
    if !ingest.diag().is_ok() {
        return None;
    }
    let mut cols = Vec::with_capacity(5);
    for (role, name) in roles {
        let Some(index) = find(name) else { continue };
        let d = schema.column(index);
        let number = index + 1;
        let info = fields[index].get_basic_info();
        if info.has_repetition() && info.repetition() == Repetition::REPEATED {
            ingest.diag().error(
                0,
                number,
                format!("column {name:?} is repeated (a list): a long panel has one value per row"),
            );
            continue;
        }
        let kind = kind_of(&d);
        let ok = matches!(
            (role, kind),
            (_, Some(Kind::Text)) | ("year", Some(Kind::Integer { .. })) | ("value", Some(_))
        );
        if !ok {
            let expected = match role {
                "year" => "whole numbers (INT32 or INT64) or text",
                "value" => "numbers (DOUBLE, FLOAT, INT32 or INT64) or text",
                _ => "text (BYTE_ARRAY annotated UTF8)",
            };
            ingest.diag().error(
                0,
                number,
                format!(
                    "column {name:?} ({role}) must hold {expected}, found {}",
                    describe(&d)
                ),
            );
            continue;
        }
        cols.push(Col {
            role,
            index,
            kind: kind.unwrap_or(Kind::Text),
        });
    }
    ingest.diag().is_ok().then_some(cols)
}

/// A typed reader of one column chunk.
enum Typed {
    Bytes(ColumnReaderImpl<ByteArrayType>),
    I32(ColumnReaderImpl<Int32Type>),
    I64(ColumnReaderImpl<Int64Type>),
    F32(ColumnReaderImpl<FloatType>),
    F64(ColumnReaderImpl<DoubleType>),
}

/// Decodes one column chunk batch by batch into optional cells.
struct Cursor {
    reader: Typed,
    kind: Kind,
    max_def: i16,
    defs: Vec<i16>,
    cells: Vec<Option<Scalar>>,
}

fn read_typed<T: DataType>(
    r: &mut ColumnReaderImpl<T>,
    n: usize,
    defs: &mut Vec<i16>,
) -> Result<(usize, Vec<T::T>), ParquetError> {
    defs.clear();
    let mut values = Vec::with_capacity(n);
    let (records, _, _) = r.read_records(n, Some(defs), None, &mut values)?;
    Ok((records, values))
}

impl Cursor {
    fn new(reader: ColumnReader, kind: Kind, max_def: i16) -> Result<Cursor, ParquetError> {
        let reader = match reader {
            ColumnReader::ByteArrayColumnReader(r) => Typed::Bytes(r),
            ColumnReader::Int32ColumnReader(r) => Typed::I32(r),
            ColumnReader::Int64ColumnReader(r) => Typed::I64(r),
            ColumnReader::FloatColumnReader(r) => Typed::F32(r),
            ColumnReader::DoubleColumnReader(r) => Typed::F64(r),
            _ => return Err(ParquetError::General("unsupported physical type".into())),
        };
        Ok(Cursor {
            reader,
            kind,
            max_def,
            defs: Vec::new(),
            cells: Vec::with_capacity(BATCH),
        })
    }

    /// Decodes up to `n` rows into `cells`; returns how many.
    fn fill(&mut self, n: usize) -> Result<usize, ParquetError> {
        let kind = self.kind;
        let int = move |v: i128| match kind {
            Kind::Decimal { scale } => Scalar::Num(v as f64 / 10f64.powi(scale)),
            _ => Scalar::Int(v),
        };
        let unsigned = matches!(kind, Kind::Integer { unsigned: true });
        let (rows, values): (usize, Vec<Scalar>) = match &mut self.reader {
            Typed::Bytes(r) => {
                let (k, v) = read_typed(r, n, &mut self.defs)?;
                (k, v.into_iter().map(Scalar::Text).collect())
            }
            Typed::I32(r) => {
                let (k, v) = read_typed(r, n, &mut self.defs)?;
                let v = v.into_iter().map(|x| {
                    int(if unsigned {
                        i128::from(x as u32)
                    } else {
                        i128::from(x)
                    })
                });
                (k, v.collect())
            }
            Typed::I64(r) => {
                let (k, v) = read_typed(r, n, &mut self.defs)?;
                let v = v.into_iter().map(|x| {
                    int(if unsigned {
                        i128::from(x as u64)
                    } else {
                        i128::from(x)
                    })
                });
                (k, v.collect())
            }
            Typed::F32(r) => {
                let (k, v) = read_typed(r, n, &mut self.defs)?;
                (
                    k,
                    v.into_iter().map(|x| Scalar::Num(f64::from(x))).collect(),
                )
            }
            Typed::F64(r) => {
                let (k, v) = read_typed(r, n, &mut self.defs)?;
                (k, v.into_iter().map(Scalar::Num).collect())
            }
        };
        self.cells.clear();
        if self.max_def == 0 {
            self.cells.extend(values.into_iter().map(Some));
        } else {
            let mut values = values.into_iter();
            for &d in &self.defs {
                self.cells.push(if d == self.max_def {
                    values.next()
                } else {
                    None
                });
            }
        }
        if self.cells.len() != rows {
            return Err(ParquetError::General(format!(
                "{rows} rows decoded but {} cells",
                self.cells.len()
            )));
        }
        Ok(rows)
    }
}

/// Reads one row group; false when reading must stop.
fn read_group(
    group: &dyn RowGroupReader,
    cols: &[Col],
    line: &mut u64,
    ingest: &mut Ingest,
) -> bool {
    let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
    let mut cursors = Vec::with_capacity(cols.len());
    for c in cols {
        // `get_column_reader` panics on negative offsets: refuse them first
        let chunk = group.metadata().column(c.index);
        let start = chunk
            .dictionary_page_offset()
            .unwrap_or_else(|| chunk.data_page_offset());
        if start < 0 || chunk.compressed_size() < 0 {
            ingest.diag().error(
                *line + 1,
                c.number(),
                format!(
                    "cannot read column {:?}: negative offset or size in the file metadata (corrupt file)",
                    c.role
                ),
            );
            return false;
        }
        let max_def = group
            .metadata()
            .schema_descr()
            .column(c.index)
            .max_def_level();
        match group
            .get_column_reader(c.index)
            .and_then(|r| Cursor::new(r, c.kind, max_def))
        {
            Ok(cur) => cursors.push(cur),
            Err(e) => {
                ingest.diag().error(
                    *line + 1,
                    c.number(),
                    format!(
                        "cannot read column {:?}: {e} (truncated or corrupt file)",
                        c.role
                    ),
                );
                return false;
            }
        }
    }
    let mut done = 0;
    while done < rows {
        let want = BATCH.min(rows - done);
        for (c, cur) in cols.iter().zip(cursors.iter_mut()) {
            match cur.fill(want) {
                Ok(got) if got == want => {}
                Ok(got) => {
                    ingest.diag().error(
                        *line + got as u64 + 1,
                        c.number(),
                        format!(
                            "column {:?} ends before the row count the file declares (truncated or corrupt file)",
                            c.role
                        ),
                    );
                    return false;
                }
                Err(e) => {
                    ingest.diag().error(
                        *line + 1,
                        c.number(),
                        format!(
                            "cannot read column {:?}: {e} (truncated or corrupt file)",
                            c.role
                        ),
                    );
                    return false;
                }
            }
        }
        for k in 0..want {
            *line += 1;
            row(cols, &cursors, k, *line, ingest);
            if ingest.diag().full() {
                return false;
            }
        }
        done += want;
    }
    true
}

/// The text of a byte array; records an error when it is not UTF-8.
fn utf8<'a>(b: &'a ByteArray, line: u64, column: usize, ingest: &mut Ingest) -> Option<&'a str> {
    if *b == ByteArray::new() {
        return Some("");
    }
    match std::str::from_utf8(b.data()) {
        Ok(s) => Some(s),
        Err(_) => {
            ingest.diag().error(
                line,
                column,
                format!("invalid UTF-8 text {:?}", String::from_utf8_lossy(b.data())),
            );
            None
        }
    }
}

/// A required code: text, not null.
fn code<'a>(cell: Option<&'a Scalar>, c: &Col, line: u64, ingest: &mut Ingest) -> Option<&'a str> {
    match cell {
        Some(Scalar::Text(b)) => utf8(b, line, c.number(), ingest),
        _ => {
            ingest
                .diag()
                .error(line, c.number(), format!("missing {} code (null)", c.role));
            None
        }
    }
}

fn row(cols: &[Col], cursors: &[Cursor], k: usize, line: u64, ingest: &mut Ingest) {
    let cell = |i: usize| cursors[i].cells[k].as_ref();
    let region = code(cell(0), &cols[0], line, ingest);
    let activity = code(cell(1), &cols[1], line, ingest);
    let yc = cols[2].number();
    let year = match cell(2) {
        Some(Scalar::Text(b)) => utf8(b, line, yc, ingest).and_then(|t| ingest.year(t, line, yc)),
        Some(Scalar::Int(v)) => ingest.year(&v.to_string(), line, yc),
        Some(Scalar::Num(v)) => ingest.year(&v.to_string(), line, yc),
        None => {
            ingest.diag().error(line, yc, "missing year (null)");
            None
        }
    };
    let vc = cols[3].number();
    let value = match cell(3) {
        None => Ok(None),
        Some(Scalar::Text(b)) => match utf8(b, line, vc, ingest) {
            Some(t) => ingest.value_text(t, line, vc),
            None => Err(()),
        },
        Some(Scalar::Int(v)) => ingest.value(*v as f64, line, vc, &v.to_string()).map(Some),
        Some(Scalar::Num(v)) => ingest.value(*v, line, vc, &v.to_string()).map(Some),
    };
    let flags = match (
        cols.get(4),
        cursors.get(4).and_then(|c| c.cells[k].as_ref()),
    ) {
        (Some(fc), Some(Scalar::Text(b))) => match utf8(b, line, fc.number(), ingest) {
            Some(t) => ingest.flags(t, line, fc.number()),
            None => Err(()),
        },
        _ => Ok(Flags::EMPTY),
    };
    if let (Some(region), Some(activity), Some(year), Ok(value), Ok(flags)) =
        (region, activity, year, value, flags)
    {
        ingest.row(
            (region, cols[0].number()),
            (activity, cols[1].number()),
            year,
            value,
            flags,
            line,
        );
    }
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

fn write_err(path: &Path) -> impl Fn(ParquetError) -> IoError + '_ {
    move |e| IoError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

fn field(
    name: &str,
    physical: PhysicalType,
    repetition: Repetition,
) -> Result<TypePtr, ParquetError> {
    let logical = (physical == PhysicalType::BYTE_ARRAY).then_some(LogicalType::String);
    Ok(Arc::new(
        SchemaType::primitive_type_builder(name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .build()?,
    ))
}

fn schema(name: &str, fields: Vec<TypePtr>) -> Result<TypePtr, ParquetError> {
    Ok(Arc::new(
        SchemaType::group_type_builder(name)
            .with_fields(fields)
            .build()?,
    ))
}

type Writer = SerializedFileWriter<BufWriter<File>>;

/// Creates `path` and a ZSTD-compressing writer for `schema`, without
/// dictionary encoding: codes repeat in long runs that ZSTD compresses as
/// well (all indicator tables at 1,000 × 5,000: 128 MB against 144 MB with
/// dictionaries), and interning every value into the dictionaries took
/// about a third of the writing time.
fn create(path: &Path, schema: TypePtr) -> Result<Writer, IoError> {
    let file = File::create(path).map_err(|source| IoError::File {
        path: path.display().to_string(),
        source,
    })?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_dictionary_enabled(false)
        .set_created_by(format!("smartspec {}", env!("CARGO_PKG_VERSION")))
        .build();
    SerializedFileWriter::new(BufWriter::new(file), schema, Arc::new(props))
        .map_err(write_err(path))
}

/// Writes the footer and flushes the file.
fn close(writer: Writer, path: &Path) -> Result<(), IoError> {
    let buf = writer.into_inner().map_err(write_err(path))?;
    let file = buf.into_inner().map_err(|e| IoError::File {
        path: path.display().to_string(),
        source: e.into_error(),
    })?;
    file.sync_all().map_err(|source| IoError::File {
        path: path.display().to_string(),
        source,
    })
}

/// Writes the next column of a row group.
fn put<T: DataType>(
    rg: &mut SerializedRowGroupWriter<'_, BufWriter<File>>,
    values: &[T::T],
    defs: Option<&[i16]>,
) -> Result<(), ParquetError> {
    let mut col = rg
        .next_column()?
        .ok_or_else(|| ParquetError::General("more columns written than in the schema".into()))?;
    col.typed::<T>().write_batch(values, defs, None)?;
    col.close()
}

/// Removes a partly written file after an error (best effort).
fn discard<T>(result: Result<T, IoError>, path: &Path) -> Result<T, IoError> {
    if result.is_err() {
        let _ = std::fs::remove_file(path);
    }
    result
}

/// Writes a panel as long Parquet (see the [module documentation](self)):
/// one row per non-absent cell, missing values as nulls, flags (when some
/// cell has one) as their letters, ZSTD-compressed.
///
/// # Errors
/// [`IoError::File`] when the file cannot be created or written,
/// [`IoError::Write`] when encoding fails. A partly written file is removed.
pub fn write_panel(panel: &Panel, path: &Path) -> Result<(), IoError> {
    discard(write_panel_inner(panel, path), path)
}

fn write_panel_inner(panel: &Panel, path: &Path) -> Result<(), IoError> {
    let err = write_err(path);
    let with_flags = panel.has_flags();
    let mut fields = vec![
        field("region", PhysicalType::BYTE_ARRAY, Repetition::REQUIRED).map_err(&err)?,
        field("activity", PhysicalType::BYTE_ARRAY, Repetition::REQUIRED).map_err(&err)?,
        field("year", PhysicalType::INT32, Repetition::REQUIRED).map_err(&err)?,
        field("value", PhysicalType::DOUBLE, Repetition::OPTIONAL).map_err(&err)?,
    ];
    if with_flags {
        fields.push(field("flag", PhysicalType::BYTE_ARRAY, Repetition::OPTIONAL).map_err(&err)?);
    }
    let mut writer = create(path, schema("panel", fields).map_err(&err)?)?;
    let mut records = panel.records().peekable();
    let mut regions = Vec::with_capacity(ROW_GROUP);
    let mut activities = Vec::with_capacity(ROW_GROUP);
    let mut years = Vec::with_capacity(ROW_GROUP);
    let mut values = Vec::with_capacity(ROW_GROUP);
    let mut value_defs = Vec::with_capacity(ROW_GROUP);
    let mut flags = Vec::new();
    let mut flag_defs = Vec::new();
    while records.peek().is_some() {
        regions.clear();
        activities.clear();
        years.clear();
        values.clear();
        value_defs.clear();
        flags.clear();
        flag_defs.clear();
        for rec in records.by_ref().take(ROW_GROUP) {
            regions.push(ByteArray::from(rec.region));
            activities.push(ByteArray::from(rec.activity));
            years.push(rec.year);
            match rec.value {
                Some(v) => {
                    values.push(v);
                    value_defs.push(1);
                }
                None => value_defs.push(0),
            }
            if with_flags {
                if rec.flags.is_empty() {
                    flag_defs.push(0);
                } else {
                    flags.push(ByteArray::from(rec.flags.to_string().into_bytes()));
                    flag_defs.push(1);
                }
            }
        }
        let mut rg = writer.next_row_group().map_err(&err)?;
        put::<ByteArrayType>(&mut rg, &regions, None).map_err(&err)?;
        put::<ByteArrayType>(&mut rg, &activities, None).map_err(&err)?;
        put::<Int32Type>(&mut rg, &years, None).map_err(&err)?;
        put::<DoubleType>(&mut rg, &values, Some(&value_defs)).map_err(&err)?;
        if with_flags {
            put::<ByteArrayType>(&mut rg, &flags, Some(&flag_defs)).map_err(&err)?;
        }
        rg.close().map_err(&err)?;
    }
    close(writer, path)
}

/// The Parquet type of a table column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TableType {
    Text,
    Int,
    Num,
}

impl TableType {
    fn of(v: &Value) -> Option<TableType> {
        match v {
            Value::Text(_) => Some(TableType::Text),
            Value::Int(_) => Some(TableType::Int),
            Value::Num(Some(_)) => Some(TableType::Num),
            Value::Num(None) => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            TableType::Text => "text",
            TableType::Int => "an integer",
            TableType::Num => "a number",
        }
    }
}

/// Writes a result table as Parquet (see the [module documentation](self)):
/// text as optional UTF8, integers as optional `INT64`, numbers as optional
/// `DOUBLE`; missing (and non-finite) numbers are nulls.
///
/// # Errors
/// [`IoError::Write`] when a row's length differs from the number of
/// columns, when a cell's type differs from its column's (fixed by its first
/// non-null cell) or when encoding fails; [`IoError::File`] when the file
/// cannot be created or written. A partly written file is removed.
pub fn write_table(table: &Table, path: &Path) -> Result<(), IoError> {
    let invalid = |message: String| IoError::Write {
        path: path.display().to_string(),
        message,
    };
    let n = table.columns.len();
    if n == 0 {
        return Err(invalid(
            "a table without columns cannot be written as Parquet".into(),
        ));
    }
    if let Some(i) = table.rows.iter().position(|r| r.len() != n) {
        return Err(invalid(format!(
            "row {} has {} cells for {n} columns",
            i + 1,
            table.rows[i].len()
        )));
    }
    let types: Vec<TableType> = (0..n)
        .map(|c| {
            table
                .rows
                .iter()
                .find_map(|r| TableType::of(&r[c]))
                .unwrap_or(TableType::Num)
        })
        .collect();
    for (i, r) in table.rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            if let Some(t) = TableType::of(v) {
                if t != types[c] {
                    return Err(invalid(format!(
                        "row {}, column {:?}: {} in a column of {}",
                        i + 1,
                        table.columns[c],
                        t.name(),
                        types[c].name()
                    )));
                }
            }
        }
    }
    discard(write_table_inner(table, &types, path), path)
}

fn write_table_inner(table: &Table, types: &[TableType], path: &Path) -> Result<(), IoError> {
    let err = write_err(path);
    let fields = table
        .columns
        .iter()
        .zip(types)
        .map(|(name, t)| {
            let physical = match t {
                TableType::Text => PhysicalType::BYTE_ARRAY,
                TableType::Int => PhysicalType::INT64,
                TableType::Num => PhysicalType::DOUBLE,
            };
            field(name, physical, Repetition::OPTIONAL)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(&err)?;
    let mut writer = create(path, schema("table", fields).map_err(&err)?)?;
    for chunk in table.rows.chunks(ROW_GROUP) {
        let mut rg = writer.next_row_group().map_err(&err)?;
        for (c, t) in types.iter().enumerate() {
            let defs: Vec<i16> = chunk
                .iter()
                .map(|r| match &r[c] {
                    Value::Num(Some(v)) if v.is_finite() => 1,
                    Value::Num(_) => 0,
                    _ => 1,
                })
                .collect();
            let result = match t {
                TableType::Text => {
                    let v: Vec<ByteArray> = chunk
                        .iter()
                        .filter_map(|r| match &r[c] {
                            Value::Text(s) => Some(ByteArray::from(s.as_str())),
                            _ => None,
                        })
                        .collect();
                    put::<ByteArrayType>(&mut rg, &v, Some(&defs))
                }
                TableType::Int => {
                    let v: Vec<i64> = chunk
                        .iter()
                        .filter_map(|r| match r[c] {
                            Value::Int(i) => Some(i),
                            _ => None,
                        })
                        .collect();
                    put::<Int64Type>(&mut rg, &v, Some(&defs))
                }
                TableType::Num => {
                    let v: Vec<f64> = chunk
                        .iter()
                        .filter_map(|r| match r[c] {
                            Value::Num(Some(x)) if x.is_finite() => Some(x),
                            _ => None,
                        })
                        .collect();
                    put::<DoubleType>(&mut rg, &v, Some(&defs))
                }
            };
            result.map_err(&err)?;
        }
        rg.close().map_err(&err)?;
    }
    close(writer, path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn streamed_codes_and_texts_read_back_over_two_row_groups() {
        use ::parquet::record::RowAccessor;
        let path =
            std::env::temp_dir().join(format!("smartspec-stream-{}.parquet", std::process::id()));
        let columns = [
            ("region", ColumnType::Text),
            ("activity", ColumnType::Text),
            ("year", ColumnType::Int),
            ("value", ColumnType::Num),
        ];
        let (regions, activities) = (["AT11", "BE21", "ITC1"], ["C10", "C20"]);
        let n = ROW_GROUP + 4_464;
        let mut w = StreamWriter::create(&path, &columns).expect("create");
        for i in 0..n {
            let (r, a) = (i % 3, i % 2);
            let activity = if i % 5 == 0 {
                Field::Text(activities[a])
            } else {
                Field::Code(activities[a], a as u32)
            };
            let value = if i % 11 == 0 { f64::NAN } else { i as f64 };
            w.write(&[
                Field::Code(regions[r], r as u32),
                activity,
                Field::Int(2000 + (i % 7) as i32),
                Field::Num(value),
            ])
            .expect("write");
        }
        w.finish().expect("finish");
        let reader = SerializedFileReader::new(File::open(&path).expect("open")).expect("reader");
        assert_eq!(reader.metadata().num_row_groups(), 2);
        let mut count = 0;
        for (i, row) in reader.get_row_iter(None).expect("rows").enumerate() {
            let row = row.expect("row");
            assert_eq!(row.get_string(0).expect("region"), regions[i % 3]);
            assert_eq!(row.get_string(1).expect("activity"), activities[i % 2]);
            assert_eq!(row.get_int(2).expect("year"), 2000 + (i % 7) as i32);
            match row.get_double(3) {
                Ok(v) => assert_eq!((i % 11 != 0, v), (true, i as f64)),
                Err(_) => assert_eq!(i % 11, 0, "null only where the value was NaN"),
            }
            count += 1;
        }
        assert_eq!(count, n);
        let _ = std::fs::remove_file(&path);
    }

    use super::*;

    #[test]
    fn kinds_follow_physical_type_and_annotation() {
        let text = SchemaType::primitive_type_builder("t", PhysicalType::BYTE_ARRAY)
            .with_logical_type(Some(LogicalType::String))
            .build()
            .unwrap();
        let date = SchemaType::primitive_type_builder("d", PhysicalType::INT32)
            .with_converted_type(ConvertedType::DATE)
            .build()
            .unwrap();
        let raw = SchemaType::primitive_type_builder("b", PhysicalType::BYTE_ARRAY)
            .build()
            .unwrap();
        let desc = |t: SchemaType| {
            ColumnDescriptor::new(
                Arc::new(t),
                0,
                0,
                ::parquet::schema::types::ColumnPath::new(vec![]),
            )
        };
        assert_eq!(kind_of(&desc(text)), Some(Kind::Text));
        assert_eq!(kind_of(&desc(date.clone())), None);
        assert_eq!(describe(&desc(date)), "INT32 (DATE)");
        assert_eq!(kind_of(&desc(raw)), None);
    }
}

/// Type of a column of a streamed table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Required UTF-8 text (codes, names).
    Text,
    /// Required 32-bit integer (years, ranks).
    Int,
    /// Nullable double (NaN and infinity are written as null).
    Num,
}

/// One cell of a streamed row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a> {
    /// Text.
    Text(&'a str),
    /// Text from a fixed set (region or activity codes): the number
    /// identifies it within its column, the same number always with the
    /// same text, so that writers convert each text once.
    Code(&'a str, u32),
    /// Integer.
    Int(i32),
    /// Number; non-finite is null.
    Num(f64),
}

enum Buffer {
    /// The values, and the codes converted so far by number.
    Text(Vec<ByteArray>, Vec<Option<ByteArray>>),
    Int(Vec<i32>),
    Num(Vec<f64>, Vec<i16>),
}

/// Writes a long table row by row, one row group per 65,536 rows, so that
/// memory stays bounded however many rows are written.
pub struct StreamWriter {
    path: std::path::PathBuf,
    writer: Option<Writer>,
    buffers: Vec<Buffer>,
    rows: usize,
}

impl StreamWriter {
    /// Creates `path` with the given columns.
    pub fn create(path: &Path, columns: &[(&str, ColumnType)]) -> Result<StreamWriter, IoError> {
        let err = write_err(path);
        let fields = columns
            .iter()
            .map(|(name, t)| match t {
                ColumnType::Text => field(name, PhysicalType::BYTE_ARRAY, Repetition::REQUIRED),
                ColumnType::Int => field(name, PhysicalType::INT32, Repetition::REQUIRED),
                ColumnType::Num => field(name, PhysicalType::DOUBLE, Repetition::OPTIONAL),
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(&err)?;
        let writer = create(path, schema("table", fields).map_err(&err)?)?;
        let buffers = columns
            .iter()
            .map(|(_, t)| match t {
                ColumnType::Text => Buffer::Text(Vec::with_capacity(ROW_GROUP), Vec::new()),
                ColumnType::Int => Buffer::Int(Vec::with_capacity(ROW_GROUP)),
                ColumnType::Num => {
                    Buffer::Num(Vec::with_capacity(ROW_GROUP), Vec::with_capacity(ROW_GROUP))
                }
            })
            .collect();
        Ok(StreamWriter {
            path: path.to_path_buf(),
            writer: Some(writer),
            buffers,
            rows: 0,
        })
    }

    /// Appends a row; its fields must follow the declared column types.
    pub fn write(&mut self, row: &[Field<'_>]) -> Result<(), IoError> {
        if row.len() != self.buffers.len() {
            return Err(IoError::Write {
                path: self.path.display().to_string(),
                message: format!(
                    "row of {} fields for {} columns",
                    row.len(),
                    self.buffers.len()
                ),
            });
        }
        for (b, f) in self.buffers.iter_mut().zip(row) {
            match (b, f) {
                (Buffer::Text(v, codes), Field::Code(s, id)) => {
                    let id = *id as usize;
                    if codes.len() <= id {
                        codes.resize(id + 1, None);
                    }
                    match &codes[id] {
                        Some(b) => v.push(b.clone()),
                        None => {
                            let b = ByteArray::from(*s);
                            codes[id] = Some(b.clone());
                            v.push(b);
                        }
                    }
                }
                (Buffer::Text(v, _), Field::Text(s)) => v.push(ByteArray::from(*s)),
                (Buffer::Int(v), Field::Int(i)) => v.push(*i),
                (Buffer::Num(v, d), Field::Num(x)) => {
                    if x.is_finite() {
                        v.push(*x);
                        d.push(1);
                    } else {
                        d.push(0);
                    }
                }
                _ => {
                    return Err(IoError::Write {
                        path: self.path.display().to_string(),
                        message: "field type does not match its column".into(),
                    })
                }
            }
        }
        self.rows += 1;
        if self.rows == ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), IoError> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let err = write_err(&path);
        let Some(writer) = self.writer.as_mut() else {
            return Ok(());
        };
        let mut rg = writer.next_row_group().map_err(&err)?;
        for b in &mut self.buffers {
            match b {
                Buffer::Text(v, _) => {
                    put::<ByteArrayType>(&mut rg, v, None).map_err(&err)?;
                    v.clear();
                }
                Buffer::Int(v) => {
                    put::<Int32Type>(&mut rg, v, None).map_err(&err)?;
                    v.clear();
                }
                Buffer::Num(v, d) => {
                    put::<DoubleType>(&mut rg, v, Some(d)).map_err(&err)?;
                    v.clear();
                    d.clear();
                }
            }
        }
        rg.close().map_err(&err)?;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer.
    pub fn finish(mut self) -> Result<(), IoError> {
        let r = self.flush();
        let path = self.path.clone();
        let r = r.and_then(|_| match self.writer.take() {
            Some(w) => close(w, &path),
            None => Ok(()),
        });
        discard(r, &path)
    }
}
