//! The native module behind `import qris` (`qris._qris`): thin PyO3 wrappers over
//! qris-emv and qris-sign. The Python package (`python/qris`) re-exports it and
//! adds the type stubs.
// No `unsafe` of our own. `deny`, not `forbid`: PyO3's macros expand to unsafe
// blocks they mark `#[allow(unsafe_code)]`, which `forbid` would not let them.
#![deny(unsafe_code)]

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyMemoryView, PyString};
use qris_emv::{DataObject, Diagnostic, DynamicOptions, ParseOptions, Validator};

mod proto;
mod render;
mod sig;

pyo3::create_exception!(_qris, QrisError, PyValueError, "The root of every qris error (a ValueError).");
pyo3::create_exception!(
    _qris,
    ParseError,
    QrisError,
    "A payload that is not well-formed: `.code` (e.g. 'tlv.truncated'), `.offset` (byte), `.path` (e.g. '62')."
);
pyo3::create_exception!(_qris, CrcError, ParseError, "A payload whose CRC (tag 63) is missing, malformed or wrong.");
pyo3::create_exception!(
    _qris,
    JsonError,
    QrisError,
    "A body that is not valid JSON: `.offset` is the byte of the first error."
);
pyo3::create_exception!(
    _qris,
    ConvertError,
    QrisError,
    "A payload or option that cannot be converted (see the message)."
);

pub(crate) fn parse_error(py: Python<'_>, e: &qris_emv::ParseError) -> PyErr {
    let d = e.diagnostic();
    let code = d.code.as_str();
    let err =
        if code.starts_with("crc.") { CrcError::new_err(e.to_string()) } else { ParseError::new_err(e.to_string()) };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice;
    // if it did, the exception would still carry its message.
    let _ = value.setattr("code", code);
    let _ = value.setattr("offset", d.offset);
    let _ = value.setattr("path", d.path.to_string());
    err
}

pub(crate) fn json_error(py: Python<'_>, e: &qris_sign::JsonError) -> PyErr {
    let err = JsonError::new_err(e.to_string());
    let _ = err.value(py).setattr("offset", e.offset);
    err
}

/// A payload's text from `str`, `bytes` or a parsed `Payload`. Input that is
/// not UTF-8 (bytes, or a `str` holding lone surrogates, as `json.loads` and
/// surrogate-escaped argv produce) is the engine's `input.utf8` `ParseError`,
/// never a `UnicodeEncodeError`.
pub(crate) fn text_of(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(p) = obj.downcast::<Payload>() {
        return Ok(p.get().view()?.as_str().to_owned());
    }
    let data = payload_bytes(obj)?;
    match std::str::from_utf8(&data) {
        Ok(s) => Ok(s.to_owned()),
        // The engine says what and where (`input.utf8` at the first bad byte).
        Err(_) => Err(match ParseOptions::lenient().parse_bytes(&data) {
            Err(e) => parse_error(obj.py(), &e),
            Ok(_) => QrisError::new_err("the input is not valid UTF-8"),
        }),
    }
}

/// A text argument (not a payload) as a Rust string: a `str` holding lone
/// surrogates has no UTF-8, and is a `QrisError` rather than a `UnicodeEncodeError`.
pub(crate) fn str_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let s = obj.downcast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be str, not {}",
            obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))
    })?;
    match s.to_cow() {
        Ok(c) => Ok(c.into_owned()),
        Err(_) => Err(QrisError::new_err(format!("{what} is not valid Unicode text (it holds a lone surrogate)"))),
    }
}

/// The UTF-8 of a `str`; a `str` holding lone surrogates (which have no UTF-8)
/// is encoded with `surrogatepass`, so what the engine sees is invalid UTF-8
/// that it diagnoses, at the offset the surrogate has in that encoding.
fn str_bytes<'py>(s: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyBytes>> {
    match s.encode_utf8() {
        Ok(b) => Ok(b),
        Err(_) => Ok(s.call_method1("encode", ("utf-8", "surrogatepass"))?.downcast_into::<PyBytes>()?),
    }
}

/// A payload's bytes for batch work: like [`text_of`] without the copy (the
/// engine checks the bytes are UTF-8 itself).
fn payload_bytes<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Data<'py>> {
    if let Ok(p) = obj.downcast::<Payload>() {
        return Ok(Data::Copied(p.get().input.as_bytes().to_vec()));
    }
    if obj.downcast::<PyString>().is_ok() || obj.downcast::<PyBytes>().is_ok() {
        return bytes_of(obj);
    }
    Err(PyTypeError::new_err(format!("expected str or bytes, not {}", obj.get_type().name()?)))
}

/// The bytes of a `bytes`, `bytearray`, `memoryview` or `str` argument: borrowed
/// from the (immutable) `bytes` object itself, or from the UTF-8 encoding of a
/// `str`; copied only from the mutable types.
pub(crate) enum Data<'py> {
    Shared(Bound<'py, PyBytes>),
    Copied(Vec<u8>),
}

impl std::ops::Deref for Data<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Data::Shared(b) => b.as_bytes(),
            Data::Copied(v) => v,
        }
    }
}

/// Bytes from `bytes`, `bytearray`, `memoryview` or `str` (UTF-8 encoded).
///
/// Never through PyO3's `Vec<u8>` extraction, which reads a `bytes` object
/// element by element as a sequence (it made `minify` of 1 MiB take 11 ms).
pub(crate) fn bytes_of<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Data<'py>> {
    if let Ok(b) = obj.downcast::<PyBytes>() {
        return Ok(Data::Shared(b.clone()));
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        // The limited API of Python 3.9 has no borrowed UTF-8 view of a str.
        return Ok(Data::Shared(str_bytes(s)?));
    }
    if let Ok(b) = obj.downcast::<PyByteArray>() {
        return Ok(Data::Copied(b.to_vec()));
    }
    if obj.downcast::<PyMemoryView>().is_ok() {
        let copy = obj.py().get_type::<PyBytes>().call1((obj,))?;
        return Ok(Data::Shared(copy.downcast_into::<PyBytes>()?));
    }
    Err(PyTypeError::new_err(format!("expected bytes, bytearray, memoryview or str, not {}", obj.get_type().name()?)))
}

fn options(strict: bool) -> ParseOptions {
    ParseOptions::new().strict(strict)
}

/// A data object: `.id` (int), `.path` ('62.07'), `.offset` (byte of its ID in
/// the input), `.value` (str) and `.children` (a list, empty unless a template).
#[pyclass(frozen, module = "qris", get_all)]
struct Object {
    id: u8,
    path: String,
    offset: usize,
    value: String,
    children: Vec<Py<Object>>,
}

#[pymethods]
impl Object {
    fn __repr__(&self) -> String {
        format!("DataObject(path={:?}, value={:?})", self.path, self.value)
    }
}

fn object(py: Python<'_>, o: &DataObject<'_>) -> PyResult<Py<Object>> {
    let children =
        if o.is_template() { o.children().map(|c| object(py, &c)).collect::<PyResult<Vec<_>>>()? } else { Vec::new() };
    Py::new(
        py,
        Object { id: o.id(), path: o.path().to_string(), offset: o.offset(), value: o.value().to_owned(), children },
    )
}

/// A parsed QRIS payload (structure and CRC checked). `str(payload)` is the
/// payload text; fields are properties (`None` when absent).
#[pyclass(frozen, module = "qris")]
struct Payload {
    input: String,
    strict: bool,
}

impl Payload {
    /// The parsed view: parsing again is cheaper than keeping a self-referential
    /// structure (about 0.2 us, and the input is known to be valid).
    fn view(&self) -> PyResult<qris_emv::Payload<'_>> {
        // The same input and options parsed at construction, so this cannot
        // fail; if it ever did, the caller gets an exception, not a panic.
        options(self.strict).parse(&self.input).map_err(|e| QrisError::new_err(e.to_string()))
    }
}

#[pymethods]
impl Payload {
    /// The root data objects, in payload order (templates with `.children`).
    #[getter]
    fn objects(&self, py: Python<'_>) -> PyResult<Vec<Py<Object>>> {
        self.view()?.objects().map(|o| object(py, &o)).collect()
    }

    /// The value at a path such as `"54"`, `"62.07"` or `"62.50.01"`, or `None`.
    fn get(&self, path: &str) -> PyResult<Option<String>> {
        let path: qris_emv::Path =
            path.parse().map_err(|_| QrisError::new_err(format!("invalid path {path:?}: expected e.g. \"62.07\"")))?;
        Ok(self.view()?.lookup(path).map(|o| o.value().to_owned()))
    }

    /// 54, the transaction amount as written (`"17000"`), or `None` (static).
    #[getter]
    fn amount(&self) -> PyResult<Option<String>> {
        Ok(self.view()?.amount().map(str::to_owned))
    }
    /// 59, the merchant name.
    #[getter]
    fn merchant_name(&self) -> PyResult<Option<String>> {
        Ok(self.view()?.merchant_name().map(str::to_owned))
    }
    /// 60, the merchant city.
    #[getter]
    fn merchant_city(&self) -> PyResult<Option<String>> {
        Ok(self.view()?.merchant_city().map(str::to_owned))
    }
    /// 61, the postal code.
    #[getter]
    fn postal_code(&self) -> PyResult<Option<String>> {
        Ok(self.view()?.postal_code().map(str::to_owned))
    }
    /// 52, the merchant category code.
    #[getter]
    fn mcc(&self) -> PyResult<Option<String>> {
        Ok(self.view()?.mcc().map(str::to_owned))
    }
    /// 53, the currency (`"360"` for rupiah).
    #[getter]
    fn currency(&self) -> PyResult<Option<String>> {
        Ok(self.view()?.currency().map(str::to_owned))
    }
    /// 58, the country (`"ID"`).
    #[getter]
    fn country(&self) -> PyResult<Option<String>> {
        Ok(self.view()?.country().map(str::to_owned))
    }
    /// 51.02, the national merchant ID (NMID).
    #[getter]
    fn nmid(&self) -> PyResult<Option<String>> {
        Ok(self.view()?.nmid().map(str::to_owned))
    }
    /// Point of initiation `12`: a one-time code with an amount.
    #[getter]
    fn is_dynamic(&self) -> PyResult<bool> {
        Ok(self.view()?.is_dynamic())
    }
    /// 63, the CRC as written.
    #[getter]
    fn crc(&self) -> PyResult<String> {
        Ok(self.view()?.crc().to_owned())
    }
    /// The merchant account templates (26..51) as dicts: `id`, `guid`, `pan`,
    /// `merchant_id`, `criteria`, `acquirer` (values `None` when absent).
    #[getter]
    fn merchant_accounts<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.view()?
            .merchant_accounts()
            .map(|a| {
                let d = PyDict::new(py);
                d.set_item("id", a.id())?;
                d.set_item("guid", a.guid())?;
                d.set_item("pan", a.pan())?;
                d.set_item("merchant_id", a.merchant_id())?;
                d.set_item("criteria", a.criteria())?;
                d.set_item("acquirer", a.acquirer())?;
                Ok(d)
            })
            .collect()
    }

    /// The payload as nested dicts: `{"00": "01", "26": {"00": "ID.DANA.WWW", ...}, ...}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        fn fill<'py>(py: Python<'py>, d: &Bound<'py, PyDict>, objects: qris_emv::Objects<'_>) -> PyResult<()> {
            for o in objects {
                let key = format!("{:02}", o.id());
                if o.is_template() {
                    let child = PyDict::new(py);
                    fill(py, &child, o.children())?;
                    d.set_item(key, child)?;
                } else {
                    d.set_item(key, o.value())?;
                }
            }
            Ok(())
        }
        let d = PyDict::new(py);
        fill(py, &d, self.view()?.objects())?;
        Ok(d)
    }

    /// Validates against the QRIS rules: a list of `Issue` (empty when clean).
    fn validate(&self) -> PyResult<Vec<Issue>> {
        Ok(self.view()?.validate().diagnostics().iter().map(Issue::from).collect())
    }

    fn __str__(&self) -> PyResult<String> {
        Ok(self.view()?.as_str().to_owned())
    }

    fn __repr__(&self) -> PyResult<String> {
        let p = self.view()?;
        Ok(format!("Payload(merchant_name={:?}, amount={:?}, crc={:?})", p.merchant_name(), p.amount(), p.crc()))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        match other.downcast::<Payload>() {
            Ok(o) => Ok(o.get().view()?.as_str() == self.view()?.as_str()),
            Err(_) => Ok(false),
        }
    }

    fn __hash__(&self) -> PyResult<u64> {
        Ok(u64::from(qris_emv::crc16(self.view()?.as_str().as_bytes())))
    }
}

/// Parses a payload: structure and CRC (lenient about surrounding whitespace and
/// a lowercase CRC unless `strict`). Raises `ParseError` (or `CrcError`).
#[pyfunction]
#[pyo3(signature = (payload, *, strict = false))]
fn parse(py: Python<'_>, payload: &Bound<'_, PyAny>, strict: bool) -> PyResult<Payload> {
    let input = text_of(payload)?;
    match options(strict).parse(&input) {
        Ok(_) => Ok(Payload { input, strict }),
        Err(e) => Err(parse_error(py, &e)),
    }
}

/// One problem found in a payload.
#[pyclass(frozen, module = "qris", get_all)]
#[derive(Clone)]
struct Issue {
    /// The stable code, e.g. `'crc.mismatch'`.
    code: &'static str,
    /// `'error'` or `'warning'`.
    severity: &'static str,
    /// Byte offset in the input.
    offset: usize,
    /// The data object, e.g. `'62.07'` (`''` for the payload as a whole).
    path: String,
    /// The human message.
    message: String,
}

impl From<&Diagnostic> for Issue {
    fn from(d: &Diagnostic) -> Issue {
        Issue {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            offset: d.offset,
            path: d.path.to_string(),
            message: d.message().to_string(),
        }
    }
}

#[pymethods]
impl Issue {
    fn __repr__(&self) -> String {
        format!("Issue({:?}, {:?}, offset={}, path={:?})", self.severity, self.code, self.offset, self.path)
    }

    fn __str__(&self) -> String {
        let at = if self.path.is_empty() { String::new() } else { format!(" ({})", self.path) };
        format!("{} {} at byte {}{}: {}", self.severity, self.code, self.offset, at, self.message)
    }
}

fn validator(strict: bool) -> Validator {
    Validator::qris().strict(strict)
}

/// Validates a payload against the QRIS rules: every problem as an `Issue`
/// (errors and warnings, in payload order); never raises for a bad payload.
#[pyfunction]
#[pyo3(signature = (payload, *, strict = false))]
fn validate(payload: &Bound<'_, PyAny>, strict: bool) -> PyResult<Vec<Issue>> {
    Ok(report(payload, strict)?.diagnostics().iter().map(Issue::from).collect())
}

fn report(payload: &Bound<'_, PyAny>, strict: bool) -> PyResult<qris_emv::Report> {
    // Bytes as they are (a str as its UTF-8, lone surrogates and all): the
    // engine reports input that is not UTF-8 as `input.utf8`.
    Ok(validator(strict).validate_bytes(&payload_bytes(payload)?))
}

/// Whether a payload passes validation (warnings allowed).
#[pyfunction]
#[pyo3(signature = (payload, *, strict = false))]
fn is_valid(payload: &Bound<'_, PyAny>, strict: bool) -> PyResult<bool> {
    Ok(report(payload, strict)?.is_valid())
}

/// Validates many payloads on all cores with the GIL released; one list of
/// `Issue` per payload, in order.
#[pyfunction]
#[pyo3(signature = (payloads, *, strict = false))]
fn validate_many(py: Python<'_>, payloads: &Bound<'_, PyAny>, strict: bool) -> PyResult<Vec<Vec<Issue>>> {
    // Under the GIL only what needs it: borrowing each input's bytes (no copy of
    // a `bytes`, one UTF-8 encoding of a `str`) and, at the end, making the
    // Python objects. Validation and the issues' text run on all cores.
    let held: Vec<Data<'_>> = payloads.try_iter()?.map(|p| payload_bytes(&p?)).collect::<PyResult<_>>()?;
    let inputs: Vec<&[u8]> = held.iter().map(|d| &**d).collect();
    let v = validator(strict);
    let issues: Vec<Vec<Issue>> = py.detach(|| {
        use rayon::prelude::*;
        inputs.par_iter().map(|s| v.validate_bytes(s).diagnostics().iter().map(Issue::from).collect()).collect()
    });
    Ok(issues)
}

/// An amount given as `str` or `int` (never `float`: money is not binary floating point).
pub(crate) fn amount_text(amount: &Bound<'_, PyAny>) -> PyResult<String> {
    if amount.downcast::<PyString>().is_ok() {
        return amount.extract::<String>();
    }
    if amount.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err("amount must be str or int, not bool"));
    }
    if let Ok(i) = amount.extract::<i128>() {
        return Ok(i.to_string());
    }
    if amount.is_instance_of::<pyo3::types::PyFloat>() {
        return Err(PyTypeError::new_err(
            "amount must be str, int or Decimal, not float (binary floating point cannot hold money exactly)",
        ));
    }
    // decimal.Decimal and friends: their str() is exact.
    Ok(amount.str()?.to_cow()?.into_owned())
}

fn convert_error(py: Python<'_>, e: qris_emv::ConvertError) -> PyErr {
    match e {
        qris_emv::ConvertError::Parse(p) => parse_error(py, &p),
        other => ConvertError::new_err(other.to_string()),
    }
}

/// Makes a dynamic (one-time) code for `amount` from a static one: 54 set, 01 =
/// 12, and optionally a tip prompt or a fixed / percentage fee, bill number,
/// reference and terminal labels (62.01 / 62.05 / 62.07). Values are validated,
/// then written as given. `force` converts even with a wrong CRC.
#[pyfunction]
#[pyo3(signature = (payload, amount, *, tip_prompt = false, fee_fixed = None, fee_percent = None, bill = None, reference = None, terminal = None, force = false))]
#[allow(clippy::too_many_arguments)]
fn to_dynamic(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    amount: &Bound<'_, PyAny>,
    tip_prompt: bool,
    fee_fixed: Option<&Bound<'_, PyAny>>,
    fee_percent: Option<&Bound<'_, PyAny>>,
    bill: Option<String>,
    reference: Option<String>,
    terminal: Option<String>,
    force: bool,
) -> PyResult<String> {
    let input = text_of(payload)?;
    let amount = amount_text(amount)?;
    let fee_fixed = fee_fixed.map(amount_text).transpose()?;
    let fee_percent = fee_percent.map(amount_text).transpose()?;
    let tip = qris_emv::TipRequest::choose(tip_prompt, fee_fixed.as_deref(), fee_percent.as_deref())
        .map_err(|e| QrisError::new_err(e.to_string()))?;
    let opts = DynamicOptions::new(&amount)
        .force(force)
        .tip(tip)
        .bill_opt(bill.as_deref())
        .reference_opt(reference.as_deref())
        .terminal_opt(terminal.as_deref());
    qris_emv::to_dynamic(&input, &opts).map_err(|e| convert_error(py, e))
}

/// Turns a dynamic code back into the merchant's static one (amount, tip and
/// fees removed, 01 = 11).
#[pyfunction]
#[pyo3(signature = (payload, *, force = false))]
fn to_static(py: Python<'_>, payload: &Bound<'_, PyAny>, force: bool) -> PyResult<String> {
    qris_emv::to_static(&text_of(payload)?, force).map_err(|e| convert_error(py, e))
}

/// CRC16-CCITT-FALSE as 4 uppercase hex digits (what tag 63 carries), of
/// `str` (UTF-8) or `bytes`.
#[pyfunction]
fn crc16(data: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(qris_emv::crc16_hex(qris_emv::crc16(&bytes_of(data)?)).as_str().to_owned())
}

/// Lexically minifies a JSON body (whitespace outside strings removed; numbers,
/// escapes and key order untouched), as SNAP signs it. Raises `JsonError`.
#[pyfunction]
fn minify<'py>(py: Python<'py>, body: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let body = bytes_of(body)?;
    match qris_sign::minify(&body) {
        Ok(m) => Ok(PyBytes::new(py, &m)),
        Err(e) => Err(json_error(py, &e)),
    }
}

/// The SNAP body hash: lowercase hex SHA-256 of the minified body (`""` hashes
/// the empty body, as for GET). Raises `JsonError`.
#[pyfunction]
fn body_hash(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<String> {
    let body = bytes_of(body)?;
    qris_sign::body_hash(&body).map(|h| h.as_str().to_owned()).map_err(|e| json_error(py, &e))
}

#[pymodule]
fn _qris(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("QrisError", py.get_type::<QrisError>())?;
    m.add("ParseError", py.get_type::<ParseError>())?;
    m.add("CrcError", py.get_type::<CrcError>())?;
    m.add("JsonError", py.get_type::<JsonError>())?;
    m.add("ConvertError", py.get_type::<ConvertError>())?;
    m.add("InvalidKey", py.get_type::<sig::InvalidKey>())?;
    m.add("InvalidSignature", py.get_type::<sig::InvalidSignature>())?;
    m.add("InvalidTimestamp", py.get_type::<sig::InvalidTimestamp>())?;
    m.add("NotificationMismatch", py.get_type::<proto::NotificationMismatch>())?;
    m.add_class::<sig::PrivateKey>()?;
    m.add_class::<sig::PublicKey>()?;
    m.add_class::<proto::ResponseCode>()?;
    m.add_class::<proto::Notification>()?;
    m.add_class::<Payload>()?;
    m.add_class::<Object>()?;
    m.add_class::<Issue>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    for f in [
        wrap_pyfunction!(parse, m)?,
        wrap_pyfunction!(validate, m)?,
        wrap_pyfunction!(is_valid, m)?,
        wrap_pyfunction!(validate_many, m)?,
        wrap_pyfunction!(to_dynamic, m)?,
        wrap_pyfunction!(to_static, m)?,
        wrap_pyfunction!(crc16, m)?,
        wrap_pyfunction!(minify, m)?,
        wrap_pyfunction!(body_hash, m)?,
        wrap_pyfunction!(sig::snap_sign_hmac, m)?,
        wrap_pyfunction!(sig::snap_verify_hmac, m)?,
        wrap_pyfunction!(sig::snap_sign_rsa, m)?,
        wrap_pyfunction!(sig::snap_verify_rsa, m)?,
        wrap_pyfunction!(sig::snap_sign_b2b, m)?,
        wrap_pyfunction!(sig::snap_verify_b2b, m)?,
        wrap_pyfunction!(sig::snap_timestamp, m)?,
        wrap_pyfunction!(sig::midtrans_signature_key, m)?,
        wrap_pyfunction!(proto::midtrans_verify_notification, m)?,
        wrap_pyfunction!(proto::snap_verify_notification, m)?,
        wrap_pyfunction!(render::render_svg, m)?,
        wrap_pyfunction!(render::render_png, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
