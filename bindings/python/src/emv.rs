//! Payloads (qris-emv): `parse` / `Payload`, data objects, validation with
//! `Diagnostic`s, static <-> dynamic, the `Builder`, CRC.

use std::sync::OnceLock;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyString};
use qris_emv::{Diagnostic as CoreDiagnostic, DynamicOptions, ParseOptions, TipRequest, Validator};

use crate::error::{build_error, convert_error, parse_error, QrisError};
use crate::{bytes_of, type_name, Data, Text};

fn validator(strict: bool) -> Validator {
    Validator::qris().strict(strict)
}

/// A payload's bytes: a `Payload`'s text, a `str` (its UTF-8; lone surrogates
/// make it invalid UTF-8, which the engine reports as `input.utf8`) or `bytes`.
pub(crate) fn payload_bytes<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Data<'py>> {
    if let Ok(p) = obj.cast::<Payload>() {
        return Ok(Data::Copied(p.get().input.as_bytes().to_vec()));
    }
    if obj.cast::<PyString>().is_ok() || obj.cast::<PyBytes>().is_ok() {
        return bytes_of(obj);
    }
    Err(PyTypeError::new_err(format!("expected str, bytes or Payload, not {}", type_name(obj))))
}

/// A payload's text; input that is not UTF-8 is the engine's `input.utf8`
/// `ParseError`.
pub(crate) fn payload_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(p) = obj.cast::<Payload>() {
        return Ok(p.get().input.clone());
    }
    let data = payload_bytes(obj)?;
    match std::str::from_utf8(&data) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) => Err(match ParseOptions::new().parse_bytes(&data) {
            Err(e) => parse_error(obj.py(), &e),
            Ok(_) => QrisError::new_err("the input is not valid UTF-8"),
        }),
    }
}

/// A data object: `.id` (int), `.path` ('62.07'), `.offset` (byte of its ID in
/// the input), `.value` (str) and `.children` (a list, empty unless a template).
#[pyclass(frozen, module = "qris", get_all)]
pub struct DataObject {
    id: u8,
    path: String,
    offset: usize,
    value: String,
    children: Vec<Py<DataObject>>,
}

#[pymethods]
impl DataObject {
    fn __repr__(&self) -> String {
        format!("DataObject(path={:?}, value={:?})", self.path, self.value)
    }
}

fn object(py: Python<'_>, o: &qris_emv::DataObject<'_>) -> PyResult<Py<DataObject>> {
    let children =
        if o.is_template() { o.children().map(|c| object(py, &c)).collect::<PyResult<Vec<_>>>()? } else { Vec::new() };
    Py::new(
        py,
        DataObject {
            id: o.id(),
            path: o.path().to_string(),
            offset: o.offset(),
            value: o.value().to_owned(),
            children,
        },
    )
}

/// The fields a POS reads, read from the parsed payload once (on first use).
struct Fields {
    amount: Option<String>,
    merchant_name: Option<String>,
    merchant_city: Option<String>,
    postal_code: Option<String>,
    mcc: Option<String>,
    currency: Option<String>,
    country: Option<String>,
    nmid: Option<String>,
    is_dynamic: bool,
    crc: String,
}

impl Fields {
    fn of(p: &qris_emv::Payload<'_>) -> Fields {
        let own = |s: Option<&str>| s.map(str::to_owned);
        Fields {
            amount: own(p.amount()),
            merchant_name: own(p.merchant_name()),
            merchant_city: own(p.merchant_city()),
            postal_code: own(p.postal_code()),
            mcc: own(p.mcc()),
            currency: own(p.currency()),
            country: own(p.country()),
            nmid: own(p.nmid()),
            is_dynamic: p.is_dynamic(),
            crc: p.crc().to_owned(),
        }
    }
}

/// A parsed QRIS payload (structure and CRC checked). `str(payload)` is the
/// payload text; fields are properties (`None` when absent), read once.
#[pyclass(frozen, module = "qris")]
pub struct Payload {
    input: String,
    strict: bool,
    fields: OnceLock<Option<Fields>>,
}

impl Payload {
    /// The parsed view (for the object tree and validation): parsing again is
    /// cheaper than keeping a self-referential structure, and cannot fail (the
    /// same input and options parsed at construction).
    fn view(&self) -> PyResult<qris_emv::Payload<'_>> {
        ParseOptions::new().strict(self.strict).parse(&self.input).map_err(|e| QrisError::new_err(e.to_string()))
    }

    fn fields(&self) -> PyResult<&Fields> {
        self.fields
            .get_or_init(|| self.view().ok().map(|p| Fields::of(&p)))
            .as_ref()
            .ok_or_else(|| QrisError::new_err("the payload no longer parses"))
    }
}

#[pymethods]
impl Payload {
    /// The root data objects, in payload order (templates with `.children`).
    #[getter]
    fn objects(&self, py: Python<'_>) -> PyResult<Vec<Py<DataObject>>> {
        self.view()?.objects().map(|o| object(py, &o)).collect()
    }

    /// The value at a path such as `"54"`, `"62.07"` or `"62.50.01"`, or `None`.
    fn get(&self, path: Text) -> PyResult<Option<String>> {
        let path: qris_emv::Path = path
            .parse()
            .map_err(|_| QrisError::new_err(format!("invalid path {:?}: expected e.g. \"62.07\"", &*path)))?;
        Ok(self.view()?.lookup(path).map(|o| o.value().to_owned()))
    }

    /// 54, the transaction amount as written (`"17000"`), or `None` (static).
    #[getter]
    fn amount(&self) -> PyResult<Option<String>> {
        Ok(self.fields()?.amount.clone())
    }
    /// 59, the merchant name.
    #[getter]
    fn merchant_name(&self) -> PyResult<Option<String>> {
        Ok(self.fields()?.merchant_name.clone())
    }
    /// 60, the merchant city.
    #[getter]
    fn merchant_city(&self) -> PyResult<Option<String>> {
        Ok(self.fields()?.merchant_city.clone())
    }
    /// 61, the postal code.
    #[getter]
    fn postal_code(&self) -> PyResult<Option<String>> {
        Ok(self.fields()?.postal_code.clone())
    }
    /// 52, the merchant category code.
    #[getter]
    fn mcc(&self) -> PyResult<Option<String>> {
        Ok(self.fields()?.mcc.clone())
    }
    /// 53, the currency (`"360"` for rupiah).
    #[getter]
    fn currency(&self) -> PyResult<Option<String>> {
        Ok(self.fields()?.currency.clone())
    }
    /// 58, the country (`"ID"`).
    #[getter]
    fn country(&self) -> PyResult<Option<String>> {
        Ok(self.fields()?.country.clone())
    }
    /// 51.02, the national merchant ID (NMID).
    #[getter]
    fn nmid(&self) -> PyResult<Option<String>> {
        Ok(self.fields()?.nmid.clone())
    }
    /// Point of initiation `12`: a one-time code with an amount.
    #[getter]
    fn is_dynamic(&self) -> PyResult<bool> {
        Ok(self.fields()?.is_dynamic)
    }
    /// 63, the CRC as written.
    #[getter]
    fn crc(&self) -> PyResult<String> {
        Ok(self.fields()?.crc.clone())
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

    /// Validates against the QRIS rules: a list of `Diagnostic` (empty when clean).
    fn validate(&self) -> PyResult<Vec<Diagnostic>> {
        Ok(self.view()?.validate().diagnostics().iter().map(Diagnostic::from).collect())
    }

    fn __str__(&self) -> String {
        self.input.trim().to_owned()
    }

    fn __repr__(&self) -> PyResult<String> {
        let f = self.fields()?;
        Ok(format!("Payload(merchant_name={:?}, amount={:?}, crc={:?})", f.merchant_name, f.amount, f.crc))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        match other.cast::<Payload>() {
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
pub fn parse(py: Python<'_>, payload: &Bound<'_, PyAny>, strict: bool) -> PyResult<Payload> {
    let input = payload_text(payload)?;
    match ParseOptions::new().strict(strict).parse(&input) {
        Ok(_) => Ok(Payload { input, strict, fields: OnceLock::new() }),
        Err(e) => Err(parse_error(py, &e)),
    }
}

/// One problem found in a payload (`qris.Issue` is the same class). Two are
/// equal when every field is (a value, as the engine's `Diagnostic` is), and
/// hashable, so answers from different calls compare.
#[pyclass(frozen, eq, hash, module = "qris", get_all)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
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

impl From<&qris_emv::cpm::CpmDiagnostic> for Diagnostic {
    fn from(d: &qris_emv::cpm::CpmDiagnostic) -> Diagnostic {
        Diagnostic {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            offset: d.offset,
            path: d.path.to_string(),
            message: d.message.clone(),
        }
    }
}

impl From<&qris_emv::cpm::CpmError> for Diagnostic {
    fn from(e: &qris_emv::cpm::CpmError) -> Diagnostic {
        Diagnostic {
            code: e.code.as_str(),
            severity: "error",
            offset: e.offset,
            path: e.path.to_string(),
            message: e.message.to_owned(),
        }
    }
}

impl From<&CoreDiagnostic> for Diagnostic {
    fn from(d: &CoreDiagnostic) -> Diagnostic {
        Diagnostic {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            offset: d.offset,
            path: d.path.to_string(),
            message: d.message().to_string(),
        }
    }
}

impl Diagnostic {
    /// Whether this is an error (not a warning).
    pub(crate) fn is_error(&self) -> bool {
        self.severity == "error"
    }

    /// The stable code.
    pub(crate) fn code(&self) -> &'static str {
        self.code
    }
}

#[pymethods]
impl Diagnostic {
    fn __repr__(&self) -> String {
        format!("Diagnostic({:?}, {:?}, offset={}, path={:?})", self.severity, self.code, self.offset, self.path)
    }

    fn __str__(&self) -> String {
        let at = if self.path.is_empty() { String::new() } else { format!(" ({})", self.path) };
        format!("{} {} at byte {}{}: {}", self.severity, self.code, self.offset, at, self.message)
    }
}

fn report(payload: &Bound<'_, PyAny>, strict: bool) -> PyResult<qris_emv::Report> {
    // Bytes as they are (a str as its UTF-8, lone surrogates and all): the
    // engine reports input that is not UTF-8 as `input.utf8`.
    Ok(validator(strict).validate_bytes(&payload_bytes(payload)?))
}

/// Validates a payload against the QRIS rules: every problem as a `Diagnostic`
/// (errors and warnings, in payload order); never raises for a bad payload.
#[pyfunction]
#[pyo3(signature = (payload, *, strict = false))]
pub fn validate(payload: &Bound<'_, PyAny>, strict: bool) -> PyResult<Vec<Diagnostic>> {
    Ok(report(payload, strict)?.diagnostics().iter().map(Diagnostic::from).collect())
}

/// Whether a payload passes validation (warnings allowed).
#[pyfunction]
#[pyo3(signature = (payload, *, strict = false))]
pub fn is_valid(payload: &Bound<'_, PyAny>, strict: bool) -> PyResult<bool> {
    Ok(validator(strict).is_valid_bytes(&payload_bytes(payload)?))
}

/// An amount given as `str`, `int` or `Decimal` (never `float`: money is not
/// binary floating point).
pub(crate) fn amount_text(amount: &Bound<'_, PyAny>) -> PyResult<String> {
    if amount.cast::<PyString>().is_ok() {
        return amount.extract::<Text>().map(|t| t.to_owned());
    }
    if amount.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err("amount must be str, int or Decimal, not bool"));
    }
    if let Ok(i) = amount.extract::<i128>() {
        return Ok(i.to_string());
    }
    if amount.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(
            "amount must be str, int or Decimal, not float (binary floating point cannot hold money exactly)",
        ));
    }
    // decimal.Decimal and friends: their str() is exact.
    Ok(amount.str()?.to_cow()?.into_owned())
}

/// Makes a dynamic (one-time) code for `amount` from a static one: 54 set, 01 =
/// 12, and optionally a tip prompt or a fixed / percentage fee, bill number,
/// reference and terminal labels (62.01 / 62.05 / 62.07). Values are validated,
/// then written as given. `force` converts even with a wrong CRC.
#[pyfunction]
#[pyo3(signature = (payload, amount, *, tip_prompt = false, fee_fixed = None, fee_percent = None, bill = None, reference = None, terminal = None, force = false))]
#[allow(clippy::too_many_arguments)]
pub fn to_dynamic(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    amount: &Bound<'_, PyAny>,
    tip_prompt: bool,
    fee_fixed: Option<&Bound<'_, PyAny>>,
    fee_percent: Option<&Bound<'_, PyAny>>,
    bill: Option<Text>,
    reference: Option<Text>,
    terminal: Option<Text>,
    force: bool,
) -> PyResult<String> {
    let input = payload_text(payload)?;
    let amount = amount_text(amount)?;
    let fee_fixed = fee_fixed.map(amount_text).transpose()?;
    let fee_percent = fee_percent.map(amount_text).transpose()?;
    let tip = TipRequest::choose(tip_prompt, fee_fixed.as_deref(), fee_percent.as_deref())
        .map_err(|e| QrisError::new_err(e.to_string()))?;
    let opts = DynamicOptions::new(&amount)
        .force(force)
        .tip(tip)
        .bill_opt(bill.as_deref())
        .reference_opt(reference.as_deref())
        .terminal_opt(terminal.as_deref());
    qris_emv::to_dynamic(&input, &opts).map_err(|e| convert_error(py, e))
}

/// Makes a static code from a dynamic one (amount, tip and fee removed, point
/// of initiation `11`).
#[pyfunction]
#[pyo3(signature = (payload, *, force = false))]
pub fn to_static(py: Python<'_>, payload: &Bound<'_, PyAny>, force: bool) -> PyResult<String> {
    qris_emv::to_static(&payload_text(payload)?, force).map_err(|e| convert_error(py, e))
}

/// The CRC16-CCITT-FALSE of `data` as four uppercase hex digits.
#[pyfunction]
pub fn crc16(data: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(qris_emv::crc16_hex(qris_emv::crc16(&bytes_of(data)?)).as_str().to_owned())
}

/// Builds or edits a payload, object by object: `set("62.07", "K2")`,
/// `remove("55")`, `build()` (lengths counted in characters, the CRC appended).
/// `Builder.from_payload(p)` starts from a payload's objects.
#[pyclass(module = "qris")]
pub struct Builder(qris_emv::Builder<'static>);

#[pymethods]
impl Builder {
    #[new]
    fn new() -> Builder {
        Builder(qris_emv::Builder::new())
    }

    /// A builder holding a payload's objects (CRC aside): building it unchanged
    /// gives the payload back.
    #[staticmethod]
    fn from_payload(py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Builder> {
        let text = payload_text(payload)?;
        let p = ParseOptions::new().parse(&text).map_err(|e| parse_error(py, &e))?;
        Ok(Builder(qris_emv::Builder::from_payload(&p).into_owned()))
    }

    /// Sets the object at `path` (`"59"`, `"62.07"`...) to `value`, in place or
    /// inserted by the ordering rule (templates created as needed).
    /// Returns the builder, so calls chain.
    fn set<'py>(mut slf: PyRefMut<'py, Self>, path: Text, value: Text) -> PyResult<PyRefMut<'py, Self>> {
        slf.0.set_path(&path, value.to_owned()).map_err(|e| build_error(&e))?;
        Ok(slf)
    }

    /// Removes the object at `path` (nothing happens if absent).
    /// Returns the builder, so calls chain.
    fn remove<'py>(mut slf: PyRefMut<'py, Self>, path: Text) -> PyResult<PyRefMut<'py, Self>> {
        slf.0.remove_path(&path).map_err(|e| build_error(&e))?;
        Ok(slf)
    }

    /// The payload with its CRC; the builder stays usable.
    fn build(&self) -> PyResult<String> {
        self.0.build().map_err(|e| build_error(&e))
    }

    fn __repr__(&self) -> String {
        "Builder()".into()
    }
}
