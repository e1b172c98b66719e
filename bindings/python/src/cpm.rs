//! `qris.cpm`: customer-presented (CPM) codes, the ones a payer's app shows and
//! a POS scans. Card data (PAN, track 2) is only ever given out masked.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use qris_emv::cpm::{self, BuildApplication, CpmBuilder, Template, Tlv};

use crate::emv::Diagnostic;
use crate::error::cpm_error;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn unhex(s: &str, what: &str) -> PyResult<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(PyTypeError::new_err(format!("{what} must be hexadecimal, an even number of digits")));
    }
    Ok((0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0)).collect())
}

/// One template of a CPM code: an application (61) or the common data (62).
#[pyclass(frozen, module = "qris.cpm", get_all)]
pub struct Application {
    /// The AID (4F) in uppercase hex, e.g. `'A0000000555555'` (None for the common data).
    aid: Option<String>,
    /// The application label (50).
    label: Option<String>,
    /// The cardholder name (5F20).
    cardholder_name: Option<String>,
    /// The language preference (5F2D), e.g. `'idenzh'`.
    language_preference: Option<String>,
    /// The issuer URL (5F50).
    issuer_url: Option<String>,
    /// The PAN (5A), masked to its last four digits.
    pan_masked: Option<String>,
    /// The PAN in the track 2 equivalent data (57), masked.
    track2_masked: Option<String>,
}

#[pymethods]
impl Application {
    fn __repr__(&self) -> String {
        format!(
            "Application(aid={:?}, label={:?}, pan={:?})",
            self.aid,
            self.label,
            self.pan_masked.as_ref().or(self.track2_masked.as_ref())
        )
    }
}

impl From<&Template<'_>> for Application {
    fn from(t: &Template<'_>) -> Application {
        Application {
            aid: t.aid().map(hex),
            label: t.label().map(str::to_owned),
            cardholder_name: t.cardholder_name().map(str::to_owned),
            language_preference: t.language_preference().map(str::to_owned),
            issuer_url: t.issuer_url().map(str::to_owned),
            pan_masked: t.pan_masked().map(|m| m.as_str().to_owned()),
            track2_masked: t.track2_masked().map(|m| m.as_str().to_owned()),
        }
    }
}

/// A CPM code read from its text (`qris.cpm.parse`).
#[pyclass(frozen, module = "qris.cpm")]
pub struct Code {
    bytes: Vec<u8>,
}

impl Code {
    fn code(&self) -> PyResult<cpm::Cpm<'_>> {
        Python::attach(|py| cpm::parse_bytes(&self.bytes).map_err(|e| cpm_error(py, &e)))
    }
}

fn object<'py>(py: Python<'py>, t: &Tlv<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("tag", cpm::tag_hex(t.tag, &mut [0; 6]))?;
    d.set_item("name", cpm::tag_name(t.tag))?;
    d.set_item("offset", t.offset)?;
    if t.is_constructed() {
        let children: PyResult<Vec<_>> = t.children().filter_map(Result::ok).map(|c| object(py, &c)).collect();
        d.set_item("objects", children?)?;
    } else {
        d.set_item("value", t.shown().to_string())?;
    }
    Ok(d)
}

#[pymethods]
impl Code {
    /// The decoded bytes: what a POS forwards to its acquirer.
    #[getter]
    fn bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.bytes)
    }
    /// The payload format indicator (85), `'CPV01'`.
    #[getter]
    fn format_indicator(&self) -> PyResult<Option<String>> {
        Ok(self.code()?.format_indicator().map(str::to_owned))
    }
    /// The application templates (61), in order.
    #[getter]
    fn applications(&self) -> PyResult<Vec<Application>> {
        Ok(self.code()?.applications().map(|t| Application::from(&t)).collect())
    }
    /// The common data template (62), if any.
    #[getter]
    fn common(&self) -> PyResult<Option<Application>> {
        Ok(self.code()?.common_data().map(|t| Application::from(&t)))
    }
    /// The data objects as a tree of dicts (`tag`, `name`, `offset`, and
    /// `value` as shown, card data masked, or `objects`).
    fn objects<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.code()?.objects().map(|t| object(py, &t)).collect()
    }
    /// The code's diagnostics (`qris.Diagnostic`, codes `cpm.*`).
    fn validate(&self) -> PyResult<Vec<Diagnostic>> {
        Ok(self.code()?.validate().diagnostics().iter().map(Diagnostic::from).collect())
    }
    fn __repr__(&self) -> PyResult<String> {
        let c = self.code()?;
        Ok(format!(
            "Code({} bytes, {} application(s), pan={:?})",
            self.bytes.len(),
            c.applications().count(),
            c.pan_masked().map(|m| m.as_str().to_owned())
        ))
    }
}

/// Reads a CPM code from its Base64 text (whitespace and missing padding
/// tolerated). Raises `ParseError` (`.code`, `.offset`, `.path`) when it is not
/// a readable CPM code; a merchant payload says to use `qris.parse`.
#[pyfunction]
pub fn parse(py: Python<'_>, text: &str) -> PyResult<Code> {
    let mut buf = vec![0u8; cpm::MAX_CPM_BYTES];
    let n = cpm::parse(text, &mut buf).map_err(|e| cpm_error(py, &e))?.bytes().len();
    buf.truncate(n);
    Ok(Code { bytes: buf })
}

/// Checks a CPM code from its text against the EMVCo CPM rules: a list of
/// `qris.Diagnostic` (empty when all is well). Text that cannot be read gives
/// one error diagnostic rather than an exception.
#[pyfunction]
pub fn validate(text: &str) -> Vec<Diagnostic> {
    let mut buf = vec![0u8; cpm::MAX_CPM_BYTES];
    match cpm::parse(text, &mut buf) {
        Ok(code) => code.validate().diagnostics().iter().map(Diagnostic::from).collect(),
        Err(e) => vec![Diagnostic::from(&e)],
    }
}

fn template(d: &Bound<'_, PyDict>, common: bool) -> PyResult<BuildApplication> {
    let get = |k: &str| -> PyResult<Option<String>> { d.get_item(k)?.map(|v| v.extract::<String>()).transpose() };
    let mut app = if common {
        BuildApplication::common()
    } else {
        let aid = get("aid")?.ok_or_else(|| PyTypeError::new_err("each application needs an 'aid' (hex)"))?;
        BuildApplication::new(&unhex(&aid, "aid")?)
    };
    if let Some(v) = get("label")? {
        app = app.label(&v);
    }
    let err = |e: cpm::CpmError| PyTypeError::new_err(e.message);
    if let Some(v) = get("pan")? {
        app = app.pan(&v).map_err(err)?;
    }
    if let Some(v) = get("track2")? {
        app = app.track2(&v).map_err(err)?;
    }
    if let Some(v) = get("cardholder_name")? {
        app = app.cardholder_name(&v);
    }
    if let Some(v) = get("language_preference")? {
        app = app.language_preference(&v);
    }
    if let Some(v) = get("issuer_url")? {
        app = app.issuer_url(&v);
    }
    if let Some(t) = d.get_item("transparent")? {
        let t = t
            .cast_into::<PyDict>()
            .map_err(|_| PyTypeError::new_err("'transparent' is a dict of hex tag -> hex value"))?;
        for (k, v) in t.iter() {
            let tag = unhex(&k.extract::<String>()?, "a tag")?.iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
            app = app.transparent(tag, &unhex(&v.extract::<String>()?, "a value")?);
        }
    }
    for k in d.keys() {
        let k: String = k.extract()?;
        if !["aid", "label", "pan", "track2", "cardholder_name", "language_preference", "issuer_url", "transparent"]
            .contains(&k.as_str())
        {
            return Err(PyTypeError::new_err(format!("unknown field {k:?}")));
        }
    }
    Ok(app)
}

/// Builds a CPM code (tests, wallet simulators) and returns its Base64 text.
/// `applications`: dicts with `aid` (hex) and optionally `label`, `pan`,
/// `track2` (`'1234...D2912201...'`), `cardholder_name`, `language_preference`,
/// `issuer_url`; `common`: the same without `aid`, plus `transparent` (hex tag
/// -> hex value, e.g. `{'9F26': '584FD385FA234BCC'}`).
#[pyfunction]
#[pyo3(signature = (applications, *, common = None))]
pub fn build(applications: Vec<Bound<'_, PyDict>>, common: Option<Bound<'_, PyDict>>) -> PyResult<String> {
    let mut b = CpmBuilder::new();
    for a in &applications {
        b = b.application(template(a, false)?);
    }
    if let Some(c) = &common {
        b = b.common(template(c, true)?);
    }
    b.to_base64().map_err(|e| PyTypeError::new_err(e.message))
}
