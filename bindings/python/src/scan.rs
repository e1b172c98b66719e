//! Reading codes from images (qris-scan): `qris.scan` and `qris.scan_sticker`.
//!
//! Accepts the bytes of a PNG or JPEG file, a PIL image, a NumPy array (H x W
//! gray, H x W x 3 RGB, H x W x 4 RGBA, uint8), or raw pixels with `width`,
//! `height` (and `format`, `stride`). Pixels are copied once into the engine's
//! grayscale image; the scan runs without the GIL.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};

use crate::{bytes_of, type_name, Data};
use qris_scan::{Check, Expected, Found, GrayImage, ImageView, PixelFormat, ScanError, Sticker};

use crate::emv::{Diagnostic, Payload};
use crate::error::{image_error, QrisError};

/// One code found in an image.
#[pyclass(frozen, module = "qris")]
pub struct ScannedCode {
    found: Found,
}

#[pymethods]
impl ScannedCode {
    /// The decoded text, exactly as the QR code holds it.
    #[getter]
    fn text(&self) -> &str {
        self.found.text()
    }

    /// `'qris'`, `'emv'` (another EMVCo scheme), `'cpm'` (customer-presented)
    /// or `'other'` (not a payment code).
    #[getter]
    fn kind(&self) -> &'static str {
        self.found.kind().name()
    }

    /// The four corners `(x, y)` in the image (upright): top-left, top-right,
    /// bottom-right, bottom-left as the code reads.
    #[getter]
    fn corners(&self) -> Vec<(f32, f32)> {
        self.found.corners().iter().map(|p| (p.x, p.y)).collect()
    }

    /// Whether it is a payment code that passed its checks (QRIS rules for
    /// `'qris'`, EMVCo for `'emv'`, CPM for `'cpm'`); `False` for `'other'`.
    #[getter]
    fn valid(&self) -> bool {
        self.found.is_valid()
    }

    /// The checks' diagnostics (`qris.Diagnostic`; empty for `'other'`).
    #[getter]
    fn diagnostics(&self) -> Vec<Diagnostic> {
        match self.found.check() {
            Check::Mpm(r) => r.diagnostics().iter().map(Diagnostic::from).collect(),
            Check::Cpm(r) => r.diagnostics().iter().map(Diagnostic::from).collect(),
            Check::CpmBroken(e) => vec![Diagnostic::from(e)],
            _ => Vec::new(),
        }
    }

    /// The merchant-presented payload as a `qris.Payload`, or `None` (other
    /// kinds, or a payload that does not parse).
    #[getter]
    fn payload(&self, py: Python<'_>) -> PyResult<Option<Payload>> {
        if self.found.payload().is_none() {
            return Ok(None);
        }
        let text = pyo3::types::PyString::new(py, self.found.text());
        crate::emv::parse(py, text.as_any(), false).map(Some)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = pyo3::types::PyString::new(py, &self.found.shown_text()).repr()?;
        let valid = if self.valid() { "True" } else { "False" };
        Ok(format!("ScannedCode(kind='{}', valid={valid}, text={text})", self.kind()))
    }
}

/// The verdict of a sticker check (`bool()` is `True` only for `'match'`).
#[pyclass(frozen, module = "qris", get_all)]
pub struct StickerCheck {
    /// `'match'`, `'mismatch'`, `'not_qris'` or `'unreadable'`.
    verdict: &'static str,
    /// For `'mismatch'`: `(field, expected, found)` per differing field, field
    /// one of `'nmid'`, `'pan'`, `'name'`, `'city'` (`found` is `None` when the
    /// code has no such field).
    differences: Vec<(&'static str, String, Option<String>)>,
    /// The verdict in words, e.g. `"mismatch: NMID ID10... is not the expected ID20..."`.
    message: String,
    /// Every code read from the image.
    codes: Vec<Py<ScannedCode>>,
}

#[pymethods]
impl StickerCheck {
    fn __bool__(&self) -> bool {
        self.verdict == "match"
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let message = pyo3::types::PyString::new(py, &self.message).repr()?;
        Ok(format!("StickerCheck('{}', {message})", self.verdict))
    }
}

fn format_named(name: &str) -> PyResult<PixelFormat> {
    PixelFormat::from_name(name).ok_or_else(|| {
        QrisError::new_err(format!("unknown pixel format {name:?}: expected 'gray', 'rgb', 'rgba', 'bgr' or 'bgra'"))
    })
}

/// The bytes of a `bytes`, `bytearray` or `memoryview` (a `str` is no image).
fn buffer_of<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<Data<'py>>> {
    if obj.cast::<PyBytes>().is_ok() || obj.cast::<PyByteArray>().is_ok() || obj.cast::<PyMemoryView>().is_ok() {
        return bytes_of(obj).map(Some);
    }
    Ok(None)
}

/// The image as the engine's grayscale image (one copy of the pixels).
fn gray_of(
    py: Python<'_>,
    image: &Bound<'_, PyAny>,
    width: Option<u32>,
    height: Option<u32>,
    format: Option<&str>,
    stride: Option<usize>,
) -> PyResult<GrayImage> {
    // Raw pixels with their dimensions.
    if let (Some(w), Some(h)) = (width, height) {
        let data = buffer_of(image)?.ok_or_else(|| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "raw pixels (width=, height=) must be bytes, bytearray or memoryview, not {}",
                type_name(image)
            ))
        })?;
        let format = format_named(format.unwrap_or("gray"))?;
        let stride = stride.unwrap_or(w as usize * format.bytes_per_pixel());
        let view = ImageView::new(&data, w, h, stride, format).map_err(|e| image_error(py, &e))?;
        return Ok(py.detach(|| view.to_gray()));
    }
    if width.is_some() || height.is_some() {
        return Err(QrisError::new_err("raw pixels need both width= and height="));
    }
    // An encoded file.
    if let Some(data) = buffer_of(image)? {
        let data: &[u8] = &data;
        return py.detach(|| qris_scan::decode_file(data, qris_scan::MAX_PIXELS)).map_err(|e| image_error(py, &e));
    }
    // A NumPy array (or anything with the array interface): uint8, H x W or H x W x C.
    if image.hasattr("__array_interface__")? && image.hasattr("shape")? {
        let dtype: String = image.getattr("dtype")?.getattr("str")?.extract()?;
        if dtype != "|u1" {
            return Err(QrisError::new_err(format!("an image array must be uint8, not {dtype}")));
        }
        let shape: Vec<usize> = image.getattr("shape")?.extract()?;
        let (h, w, channels) = match shape[..] {
            [h, w] => (h, w, 1),
            [h, w, c] => (h, w, c),
            _ => return Err(QrisError::new_err(format!("an image array must be H x W or H x W x C, not {shape:?}"))),
        };
        let format = match (channels, format) {
            (_, Some(f)) => format_named(f)?,
            (1, None) => PixelFormat::Gray8,
            (3, None) => PixelFormat::Rgb8,
            (4, None) => PixelFormat::Rgba8,
            (c, None) => return Err(QrisError::new_err(format!("an image array needs 1, 3 or 4 channels, not {c}"))),
        };
        if format.bytes_per_pixel() != channels {
            return Err(QrisError::new_err(format!(
                "format {:?} has {} channel(s); the array has {channels}",
                format.name(),
                format.bytes_per_pixel()
            )));
        }
        let (w, h) = (u32::try_from(w), u32::try_from(h));
        let (Ok(w), Ok(h)) = (w, h) else {
            return Err(image_error(py, &ScanError::TooLarge { width: 0, height: 0, limit: qris_scan::MAX_PIXELS }));
        };
        // C-ordered bytes (a copy for any strides).
        let bytes = image.call_method0("tobytes")?;
        let data = bytes_of(&bytes)?;
        let view = ImageView::packed(&data, w, h, format).map_err(|e| image_error(py, &e))?;
        return Ok(py.detach(|| view.to_gray()));
    }
    // A PIL image: its pixels in the mode given, else converted to RGBA.
    if image.hasattr("mode")? && image.hasattr("tobytes")? && image.hasattr("size")? {
        let mode: String = image.getattr("mode")?.extract()?;
        let (img, format) = match mode.as_str() {
            "L" => (image.clone(), PixelFormat::Gray8),
            "RGB" => (image.clone(), PixelFormat::Rgb8),
            "RGBA" => (image.clone(), PixelFormat::Rgba8),
            _ => (image.call_method1("convert", ("RGBA",))?, PixelFormat::Rgba8),
        };
        let (w, h): (u32, u32) = img.getattr("size")?.extract()?;
        let bytes = img.call_method0("tobytes")?;
        let data = bytes_of(&bytes)?;
        let view = ImageView::packed(&data, w, h, format).map_err(|e| image_error(py, &e))?;
        return Ok(py.detach(|| view.to_gray()));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "expected the bytes of a PNG or JPEG file, a PIL image, a NumPy uint8 array, or raw pixels with width= and height=, not {}",
        type_name(image)
    )))
}

fn run(py: Python<'_>, gray: GrayImage) -> PyResult<Vec<Found>> {
    py.detach(|| qris_scan::scan_gray(gray)).map_err(|e| image_error(py, &e))
}

/// Every QR code in an image, read and checked: a list of `ScannedCode`
/// (empty when there is none). `image`: the bytes of a PNG or JPEG file (EXIF
/// orientation applied), a PIL image, a NumPy uint8 array (H x W, H x W x 3
/// RGB, H x W x 4 RGBA; `format='bgr'` for OpenCV's), or raw pixels with
/// `width=` and `height=` (`format` 'gray', 'rgb', 'rgba', 'bgr', 'bgra';
/// `stride` in bytes). Raises `qris.ImageError` for an image that cannot be
/// read (`.code` 'scan.corrupt', 'scan.too_large', ...).
#[pyfunction]
#[pyo3(signature = (image, *, width = None, height = None, format = None, stride = None))]
pub fn scan(
    py: Python<'_>,
    image: &Bound<'_, PyAny>,
    width: Option<u32>,
    height: Option<u32>,
    format: Option<&str>,
    stride: Option<usize>,
) -> PyResult<Vec<ScannedCode>> {
    let gray = gray_of(py, image, width, height, format, stride)?;
    Ok(run(py, gray)?.into_iter().map(|found| ScannedCode { found }).collect())
}

/// Whether the code(s) in an image are the registered merchant's sticker:
/// a `StickerCheck` whose `verdict` is 'match', 'mismatch' (a QRIS code for
/// another merchant, with the `differences`), 'not_qris' or 'unreadable'.
/// `image` as for `qris.scan`; `nmid` the registered NMID, and optionally
/// the merchant `pan`, `name` and `city`.
#[pyfunction]
#[pyo3(signature = (image, nmid, *, pan = None, name = None, city = None, width = None, height = None, format = None, stride = None))]
#[allow(clippy::too_many_arguments)]
pub fn scan_sticker(
    py: Python<'_>,
    image: &Bound<'_, PyAny>,
    nmid: &str,
    pan: Option<&str>,
    name: Option<&str>,
    city: Option<&str>,
    width: Option<u32>,
    height: Option<u32>,
    format: Option<&str>,
    stride: Option<usize>,
) -> PyResult<StickerCheck> {
    let gray = gray_of(py, image, width, height, format, stride)?;
    let codes = run(py, gray)?;
    let verdict = qris_scan::check_sticker(&codes, &Expected { nmid, pan, name, city });
    let differences = match &verdict {
        Sticker::Mismatch(d) => d.iter().map(|d| (d.field.name(), d.expected.clone(), d.found.clone())).collect(),
        _ => Vec::new(),
    };
    let codes = codes.into_iter().map(|found| Py::new(py, ScannedCode { found })).collect::<PyResult<Vec<_>>>()?;
    Ok(StickerCheck { verdict: verdict.name(), differences, message: verdict.to_string(), codes })
}
