//! Columns in, columns out: `validate_column` and `parse_column` read a
//! column of payloads through the Arrow C data interface (the PyCapsule
//! protocol: anything with `__arrow_c_array__` or `__arrow_c_stream__`, i.e.
//! pyarrow arrays and chunked arrays, Polars series, pandas series with Arrow
//! strings), without making a Python object per string, and answer with Arrow
//! columns (a `Columns` object with the same two methods), so pyarrow is not
//! needed to import qris, nor to use these.
//!
//! The one place with `unsafe` in this crate: the C data interface is a C ABI,
//! whose structs come from another library through a capsule's pointer. Four
//! calls take them over (marked SAFETY below). After that nothing is trusted
//! but the buffers' lengths (the C data interface carries none: arrow-rs takes
//! a string column's data length from its last offset, so a producer must
//! hand over as many bytes as its offsets say, as every consumer assumes):
//! the layout is validated (`ArrayData::validate`), and each row is read with
//! bounds-checked slicing from the offsets or views, so a bad offset is an
//! error, not undefined behaviour. Rows are bytes: the engine checks each
//! one's UTF-8 as it validates it (`check_bytes`, `parse_bytes`), on all
//! cores, where arrow's `validate_full` did that alone on one thread, before
//! any work began (an eighth of the whole call). A row that is not UTF-8 gets
//! the code `input.utf8`. arrow-rs (arrow-array with `ffi`) does the format
//! parsing and the exports: the unsafe surface here is the taking-over alone.
#![allow(unsafe_code)]

use std::ffi::{CStr, CString};
use std::sync::Arc;

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{
    make_array, Array, ArrayRef, BooleanArray, LargeStringArray, RecordBatch, RecordBatchIterator, StringArray,
    StringViewArray, StructArray,
};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, Field, Schema, SchemaRef};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use qris_emv::{Code, Field as Common, ParseOptions, Validator};

use crate::batch::{blockwise, chunked, Progress};
use crate::type_name;

fn arrow_error(e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("not a usable Arrow column: {e}"))
}

fn capsule<'py>(obj: Bound<'py, PyAny>, name: &CStr) -> PyResult<Bound<'py, PyCapsule>> {
    let cap = obj.cast_into::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected a PyCapsule"))?;
    if cap.name()? != Some(name) {
        return Err(PyTypeError::new_err(format!("expected a PyCapsule named {name:?}")));
    }
    Ok(cap)
}

/// The arrays of a column, imported and checked.
fn import(obj: &Bound<'_, PyAny>) -> PyResult<Vec<ArrayRef>> {
    let arrays = if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let pair = pair.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("__arrow_c_array__ must return a tuple"))?;
        if pair.len() != 2 {
            return Err(PyTypeError::new_err("__arrow_c_array__ must return (schema, array) capsules"));
        }
        let schema = capsule(pair.get_item(0)?, c"arrow_schema")?;
        let array = capsule(pair.get_item(1)?, c"arrow_array")?;
        // SAFETY: a capsule named "arrow_schema" holds an ArrowSchema (the
        // PyCapsule protocol); it is only borrowed, and outlives this use.
        let schema = unsafe { &*(schema.pointer() as *const FFI_ArrowSchema) };
        // SAFETY: a capsule named "arrow_array" holds an ArrowArray; from_raw
        // moves it out and marks the capsule's copy released (the protocol's
        // way for a consumer to take ownership).
        let array = unsafe { FFI_ArrowArray::from_raw(array.pointer() as *mut FFI_ArrowArray) };
        // SAFETY: the array and its schema describe each other (same producer
        // call); the layout is validated below before any use, and rows are
        // read with bounds checks (see the module's comment).
        let data = unsafe { from_ffi(array, schema) }.map_err(arrow_error)?;
        data.validate().map_err(arrow_error)?;
        vec![make_array(data)]
    } else if obj.hasattr("__arrow_c_stream__")? {
        let stream = capsule(obj.call_method0("__arrow_c_stream__")?, c"arrow_array_stream")?;
        // SAFETY: a capsule named "arrow_array_stream" holds an
        // ArrowArrayStream; from_raw moves it out and marks the capsule's copy
        // released. Each array it yields is validated below.
        let reader = unsafe { ArrayStreamReader::from_raw(stream.pointer() as *mut FFI_ArrowArrayStream) }
            .map_err(arrow_error)?;
        let arrays = reader.collect::<Result<Vec<_>, _>>().map_err(arrow_error)?;
        for a in &arrays {
            a.to_data().validate().map_err(arrow_error)?;
        }
        arrays
    } else {
        return Err(PyTypeError::new_err(format!(
            "expected an Arrow column of strings (a pyarrow array, Polars or pandas series: anything with \
             __arrow_c_array__ or __arrow_c_stream__), not {}",
            type_name(obj)
        )));
    };
    Ok(arrays)
}

/// Every row of the column: its bytes, or `None` for a null. Read from the
/// offsets (or views) and the data with bounds-checked slicing: an offset that
/// is negative, out of order or past the data is an error.
fn rows(arrays: &[ArrayRef]) -> PyResult<Vec<Option<&[u8]>>> {
    let mut out = Vec::with_capacity(arrays.iter().map(|a| a.len()).sum());
    for a in arrays {
        let any = a.as_any();
        if let Some(s) = any.downcast_ref::<StringArray>() {
            offset_rows(s, s.value_offsets(), s.value_data(), &mut out)?;
        } else if let Some(s) = any.downcast_ref::<LargeStringArray>() {
            offset_rows(s, s.value_offsets(), s.value_data(), &mut out)?;
        } else if let Some(s) = any.downcast_ref::<StringViewArray>() {
            view_rows(s, &mut out)?;
        } else {
            return Err(PyTypeError::new_err(format!(
                "expected a column of strings (Arrow utf8, large_utf8 or utf8_view), not {}",
                a.data_type()
            )));
        }
    }
    Ok(out)
}

fn bad_row(row: usize) -> PyErr {
    PyValueError::new_err(format!("not a usable Arrow column: row {row}'s offsets lie outside its data"))
}

/// The rows of a utf8 / large_utf8 array: `offsets` has one more entry than rows.
fn offset_rows<'a, O: Copy + TryInto<usize>>(
    array: &dyn Array,
    offsets: &[O],
    data: &'a [u8],
    out: &mut Vec<Option<&'a [u8]>>,
) -> PyResult<()> {
    let nulls = array.nulls();
    for (row, pair) in offsets.windows(2).enumerate() {
        if nulls.is_some_and(|n| n.is_null(row)) {
            out.push(None);
            continue;
        }
        let (Ok(start), Ok(end)) = (pair[0].try_into(), pair[1].try_into()) else {
            return Err(bad_row(row));
        };
        out.push(Some(data.get(start..end).ok_or_else(|| bad_row(row))?));
    }
    Ok(())
}

/// The rows of a utf8_view array. A view is 16 bytes: the length (u32), then
/// up to 12 bytes inline, or a 4-byte prefix, the data buffer's index (u32)
/// and the offset in it (u32); little-endian, as Arrow's buffers are.
fn view_rows<'a>(array: &'a StringViewArray, out: &mut Vec<Option<&'a [u8]>>) -> PyResult<()> {
    let views: &'a [u8] = array.views().inner().as_slice();
    let buffers = array.data_buffers();
    let word = |at: usize| views.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let nulls = array.nulls();
    for row in 0..array.len() {
        if nulls.is_some_and(|n| n.is_null(row)) {
            out.push(None);
            continue;
        }
        let at = row * 16;
        let len = word(at).ok_or_else(|| bad_row(row))?;
        let bytes = if len <= 12 {
            views.get(at + 4..at + 4 + len)
        } else {
            let (Some(buffer), Some(offset)) = (word(at + 8), word(at + 12)) else {
                return Err(bad_row(row));
            };
            buffers.get(buffer).and_then(|b| b.as_slice().get(offset..offset.checked_add(len)?))
        };
        out.push(Some(bytes.ok_or_else(|| bad_row(row))?));
    }
    Ok(())
}

/// Arrow columns of the same length, given to Python through the PyCapsule
/// protocol: `pyarrow.record_batch(c)`, `pyarrow.table(c)`,
/// `polars.DataFrame(c)` take it without copying; `c.to_pylist()` needs
/// nothing else.
#[pyclass(frozen, module = "qris")]
pub struct Columns {
    batch: RecordBatch,
}

#[pymethods]
impl Columns {
    /// The number of rows.
    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    /// The column names, in order.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.batch.schema().fields().iter().map(|f| f.name().clone()).collect()
    }

    /// The columns as one struct array: `(schema, array)` capsules.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema; // a producer may ignore it (the protocol)
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(arrow_error)?;
        let schema = PyCapsule::new(py, schema, Some(CString::from(c"arrow_schema")))?;
        let array = PyCapsule::new(py, array, Some(CString::from(c"arrow_array")))?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    /// The columns as a stream of one record batch.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new([Ok(self.batch.clone())], self.batch.schema());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new(py, stream, Some(CString::from(c"arrow_array_stream")))
    }

    /// `{name: [values]}` with Python values (`None` for nulls).
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let out = pyo3::types::PyDict::new(py);
        for (field, col) in self.batch.schema().fields().iter().zip(self.batch.columns()) {
            let values = if let Some(b) = col.as_any().downcast_ref::<BooleanArray>() {
                pyo3::types::PyList::new(py, b.iter())?
            } else if let Some(s) = col.as_any().downcast_ref::<StringArray>() {
                pyo3::types::PyList::new(py, s.iter())?
            } else {
                return Err(PyTypeError::new_err(format!("column {} has an unexpected type", field.name())));
            };
            out.set_item(field.name(), values)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!("Columns({} rows: {})", self.batch.num_rows(), self.names().join(", "))
    }
}

fn columns(fields: Vec<(&str, ArrayRef)>) -> PyResult<Columns> {
    let schema: SchemaRef = Arc::new(Schema::new(
        fields.iter().map(|(name, a)| Field::new(*name, a.data_type().clone(), true)).collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(schema, fields.into_iter().map(|(_, a)| a).collect()).map_err(arrow_error)?;
    Ok(Columns { batch })
}

/// Validates a column of payloads against the QRIS rules on all cores with
/// the GIL released. Returns `Columns` with `valid` (bool) and `error_code`
/// (the first error's code; null where valid). A null payload gives nulls; a
/// row that is not UTF-8 (a broken producer) gets `input.utf8`; offsets outside
/// the column's data are a `ValueError`.
#[pyfunction]
#[pyo3(signature = (column, *, strict = false, progress = None))]
pub fn validate_column<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    strict: bool,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Columns> {
    let arrays = import(column)?;
    let rows = rows(&arrays)?;
    let v = Validator::qris().strict(strict);
    let mut progress = Progress::new(py, progress, rows.len(), "validate_column")?;
    // Per row: None for a null, else the first error's code (None when
    // valid). One byte a row (`Code` is a small enum), so the one-thread pass
    // that packs the result columns reads 200 KB for 200,000 rows, not 3 MB.
    let found: Vec<Option<Option<Code>>> = chunked(py, &rows, &mut progress, |row| {
        row.map(|bytes| {
            let mut first_error = None;
            v.check_bytes(bytes, |d| {
                if first_error.is_none() && d.is_error() {
                    first_error = Some(d.code);
                }
            });
            first_error
        })
    })?;
    let valid = bool_column(&found, |f| f.map(|code| code.is_none()));
    let codes = text_column(&found, |f| f.flatten().map(Code::as_str))?;
    columns(vec![("valid", Arc::new(valid)), ("error_code", Arc::new(codes))])
}

// The result columns are packed straight into Arrow buffers, 64 rows per word
// for the flags: through arrow's builders (one `Option` appended per row) they
// took ~5% of a `validate_column` call, alone on one thread.

/// A null buffer from whether each row has a value; none when every row has one.
fn nulls<T>(rows: &[T], present: impl Fn(&T) -> bool) -> Option<NullBuffer> {
    null_buffer(BooleanBuffer::collect_bool(rows.len(), |i| present(&rows[i])))
}

/// The nulls of a column from which rows are present (none when all are).
fn null_buffer(present: BooleanBuffer) -> Option<NullBuffer> {
    Some(NullBuffer::new(present)).filter(|n| n.null_count() > 0)
}

/// A bool column: each row's flag, `None` for a null.
fn bool_column<T>(rows: &[T], flag: impl Fn(&T) -> Option<bool>) -> BooleanArray {
    let values = BooleanBuffer::collect_bool(rows.len(), |i| flag(&rows[i]) == Some(true));
    BooleanArray::new(values, nulls(rows, |r| flag(r).is_some()))
}

/// A utf8 column: each row's text, `None` for a null. Arrow's utf8 offsets
/// are 32-bit: a column whose text passes 2 GiB is an error (split the input).
fn text_column<'a, T>(rows: &[T], text: impl Fn(&T) -> Option<&'a str>) -> PyResult<StringArray> {
    let mut offsets: Vec<i32> = Vec::with_capacity(rows.len() + 1);
    let mut bytes = Vec::new();
    offsets.push(0);
    for r in rows {
        if let Some(t) = text(r) {
            bytes.extend_from_slice(t.as_bytes());
        }
        // Truncation is caught below: the offsets only grow, so if the last
        // one fits in an i32, every one does.
        offsets.push(bytes.len() as i32);
    }
    if i32::try_from(bytes.len()).is_err() {
        return Err(too_much_text());
    }
    let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
    StringArray::try_new(offsets, Buffer::from_vec(bytes), nulls(rows, |r| text(r).is_some())).map_err(arrow_error)
}

/// A result column whose text would not fit Arrow's 32-bit utf8 offsets.
fn too_much_text() -> PyErr {
    PyValueError::new_err("a result column would hold over 2 GiB of text: give the rows in smaller batches")
}

/// The fields `parse_column` knows by name (as on `qris.Payload`): the core's
/// common fields and the dynamic flag; a path such as "62.07" also works.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Known {
    Field(Common),
    IsDynamic,
}

impl Known {
    fn all() -> impl Iterator<Item = Known> {
        Common::ALL.into_iter().map(Known::Field).chain([Known::IsDynamic])
    }

    fn name(self) -> &'static str {
        match self {
            Known::Field(f) => f.name(),
            Known::IsDynamic => "is_dynamic",
        }
    }

    /// The field's text (`is_dynamic` is not text: [`Wanted::value`] handles it).
    fn of<'a>(self, p: &qris_emv::Payload<'a>) -> Option<&'a str> {
        match self {
            Known::Field(f) => p.field(f),
            Known::IsDynamic => None,
        }
    }
}

enum Wanted {
    Named(Known),
    Path(String),
}

/// One extracted value: text, or the dynamic flag.
#[derive(Clone, Copy)]
enum Value<'a> {
    Text(Option<&'a str>),
    Flag(bool),
}

impl<'a> Value<'a> {
    fn text(self) -> Option<&'a str> {
        match self {
            Value::Text(t) => t,
            Value::Flag(_) => None,
        }
    }

    fn flag(self) -> Option<bool> {
        match self {
            Value::Flag(b) => Some(b),
            Value::Text(_) => None,
        }
    }
}

impl Wanted {
    fn value<'a>(&self, p: &qris_emv::Payload<'a>) -> Value<'a> {
        match self {
            Wanted::Named(Known::IsDynamic) => Value::Flag(p.is_dynamic()),
            Wanted::Named(f) => Value::Text(f.of(p)),
            Wanted::Path(path) => Value::Text(p.get_path(path).map(|o| o.value())),
        }
    }
}

fn wanted(fields: Option<Vec<String>>) -> PyResult<Vec<(String, Wanted)>> {
    let names = fields.unwrap_or_else(|| Known::all().map(|f| f.name().to_owned()).collect());
    names
        .into_iter()
        .map(|name| {
            if let Some(f) = Known::all().find(|f| f.name() == name) {
                return Ok((name, Wanted::Named(f)));
            }
            if name.parse::<qris_emv::Path>().is_ok() {
                let path = name.clone();
                return Ok((name, Wanted::Path(path)));
            }
            let known: Vec<&str> = Known::all().map(|f| f.name()).collect();
            Err(PyValueError::new_err(format!(
                "unknown field {name:?}: one of {} or a path such as \"62.07\"",
                known.join(", ")
            )))
        })
        .collect()
}

/// Runs `piece` over pieces of [`PIECE`] rows on all cores with the GIL
/// released, in order.
fn in_pieces<'r, R: Send>(
    py: Python<'_>,
    rows: &'r [Option<&'r [u8]>],
    progress: &mut Progress<'_>,
    piece: impl Fn(&'r [Option<&'r [u8]>]) -> R + Sync,
) -> PyResult<Vec<R>> {
    use rayon::prelude::*;
    let mut out = Vec::with_capacity(rows.len().div_ceil(PIECE));
    blockwise(py, rows, progress, |block| out.par_extend(block.par_chunks(PIECE).map(&piece)))?;
    Ok(out)
}

/// Rows per piece of `parse_column`'s work.
const PIECE: usize = 1024;

/// A piece of a text column: its rows' bytes end to end, where each row
/// ends, and which rows have a value.
struct TextPart {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    present: Vec<bool>,
}

impl TextPart {
    fn with_capacity(rows: usize) -> Self {
        TextPart { bytes: Vec::new(), ends: Vec::with_capacity(rows), present: Vec::with_capacity(rows) }
    }

    fn push(&mut self, text: Option<&str>) {
        if let Some(t) = text {
            self.bytes.extend_from_slice(t.as_bytes());
        }
        self.ends.push(self.bytes.len());
        self.present.push(text.is_some());
    }
}

/// A piece of a bool column.
#[derive(Default)]
struct FlagPart {
    values: Vec<bool>,
    present: Vec<bool>,
}

/// A piece of one of `parse_column`'s field columns.
enum Part {
    Text(TextPart),
    Flag(FlagPart),
}

impl Part {
    fn push(&mut self, value: Option<Value<'_>>) {
        match self {
            Part::Text(t) => t.push(value.and_then(Value::text)),
            Part::Flag(f) => {
                let flag = value.and_then(Value::flag);
                f.values.push(flag == Some(true));
                f.present.push(flag.is_some());
            }
        }
    }

    fn text(&self) -> Option<&TextPart> {
        match self {
            Part::Text(t) => Some(t),
            Part::Flag(_) => None,
        }
    }

    fn flag(&self) -> Option<&FlagPart> {
        match self {
            Part::Flag(f) => Some(f),
            Part::Text(_) => None,
        }
    }
}

/// A utf8 column from its pieces, in order (a copy of their bytes; the
/// values were `&str`, and arrow checks the whole once more). Arrow's utf8
/// offsets are 32-bit: a column whose text passes 2 GiB is an error.
fn joined_text<'p>(parts: impl Iterator<Item = &'p TextPart> + Clone) -> PyResult<StringArray> {
    let len: usize = parts.clone().map(|p| p.bytes.len()).sum();
    let Ok(last) = i32::try_from(len) else {
        return Err(too_much_text());
    };
    let rows: usize = parts.clone().map(|p| p.ends.len()).sum();
    let mut offsets: Vec<i32> = Vec::with_capacity(rows + 1);
    let mut bytes = Vec::with_capacity(len);
    offsets.push(0);
    for p in parts.clone() {
        // Every offset is at most `last`, which fits.
        let base = bytes.len();
        offsets.extend(p.ends.iter().map(|&e| (base + e) as i32));
        bytes.extend_from_slice(&p.bytes);
    }
    debug_assert_eq!(offsets.last().copied(), Some(last));
    let present = BooleanBuffer::from_iter(parts.flat_map(|p| p.present.iter().copied()));
    StringArray::try_new(OffsetBuffer::new(ScalarBuffer::from(offsets)), Buffer::from_vec(bytes), null_buffer(present))
        .map_err(arrow_error)
}

/// A bool column from its pieces, in order.
fn joined_flags<'p>(parts: impl Iterator<Item = &'p FlagPart> + Clone) -> BooleanArray {
    let values = BooleanBuffer::from_iter(parts.clone().flat_map(|p| p.values.iter().copied()));
    let present = BooleanBuffer::from_iter(parts.flat_map(|p| p.present.iter().copied()));
    BooleanArray::new(values, null_buffer(present))
}

/// Parses a column of payloads (structure and CRC, as `qris.parse`) on all
/// cores with the GIL released and extracts fields. Returns `Columns`:
/// `error_code` (null where the payload parses), then each of `fields`
/// (default: every named field; names as on `qris.Payload`, or paths such as
/// `"62.07"`), null where absent or where the payload does not parse.
#[pyfunction]
#[pyo3(signature = (column, fields = None, *, strict = false, progress = None))]
pub fn parse_column<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    fields: Option<Vec<String>>,
    strict: bool,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Columns> {
    let want = wanted(fields)?;
    let arrays = import(column)?;
    let rows = rows(&arrays)?;
    let opts = ParseOptions::new().strict(strict);
    let mut progress = Progress::new(py, progress, rows.len(), "parse_column")?;
    let flags: Vec<bool> = want.iter().map(|(_, w)| matches!(w, Wanted::Named(Known::IsDynamic))).collect();
    // Each piece of rows is parsed and its values packed on the worker that
    // parsed it, while the payload is still in its cache; joining the pieces
    // is then a copy of packed bytes (building the columns row by row on one
    // thread afterwards, through a value list per row, was as long as all
    // the parsing).
    let pieces = in_pieces(py, &rows, &mut progress, |rows| {
        let mut codes = TextPart::with_capacity(rows.len());
        let mut cols: Vec<Part> =
            flags
                .iter()
                .map(|&flag| {
                    if flag {
                        Part::Flag(FlagPart::default())
                    } else {
                        Part::Text(TextPart::with_capacity(rows.len()))
                    }
                })
                .collect();
        for row in rows {
            match row.map(|bytes| opts.parse_bytes(bytes)) {
                None => {
                    codes.push(None);
                    cols.iter_mut().for_each(|c| c.push(None));
                }
                Some(Err(e)) => {
                    codes.push(Some(e.code().as_str()));
                    cols.iter_mut().for_each(|c| c.push(None));
                }
                Some(Ok(p)) => {
                    codes.push(None);
                    for (c, (_, w)) in cols.iter_mut().zip(&want) {
                        c.push(Some(w.value(&p)));
                    }
                }
            }
        }
        (codes, cols)
    })?;
    let codes = joined_text(pieces.iter().map(|(codes, _)| codes))?;
    let mut out: Vec<(&str, ArrayRef)> = vec![("error_code", Arc::new(codes))];
    for (k, (name, _)) in want.iter().enumerate() {
        let parts = pieces.iter().map(|(_, cols)| &cols[k]);
        let col: ArrayRef = if flags[k] {
            Arc::new(joined_flags(parts.filter_map(Part::flag)))
        } else {
            Arc::new(joined_text(parts.filter_map(Part::text))?)
        };
        out.push((name.as_str(), col));
    }
    columns(out)
}
