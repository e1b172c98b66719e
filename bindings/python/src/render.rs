//! QR images (qris-render) of a payload, checked by the payload engine first
//! and refused with its diagnostic unless `force`: `qris.render.svg`, `png`
//! and `escpos`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use qris_render::{Ecc, Paper, QrMatrix, RenderError, RenderOptions};

use crate::emv::payload_text;
use crate::error::{parse_error, QrisError};
use crate::Text;

fn named<T: std::str::FromStr<Err = qris_emv::UnknownName>>(name: &str, expected: &str) -> PyResult<T> {
    name.parse().map_err(|e| QrisError::new_err(format!("{e}: expected {expected}, not {name:?}")))
}

fn matrix(py: Python<'_>, payload: &Bound<'_, PyAny>, ecc: &str, force: bool) -> PyResult<QrMatrix> {
    let ecc: Ecc = named(ecc, "\"L\", \"M\", \"Q\" or \"H\"")?;
    let text = payload_text(payload)?;
    let opts = RenderOptions { ecc, force, ..RenderOptions::default() };
    py.detach(|| QrMatrix::encode(&text, &opts)).map_err(|e| match e {
        RenderError::Payload(p) => parse_error(py, &p),
        other => QrisError::new_err(other.to_string()),
    })
}

/// An SVG document of the payload's QR code (one path, 4-module quiet zone,
/// scales to any size), with an optional caption under it; `ecc` is the
/// error-correction level `"L"`, `"M"`, `"Q"` or `"H"`.
#[pyfunction]
#[pyo3(signature = (payload, *, ecc = Text::ECC_M, caption = None, force = false), text_signature = "(payload, *, ecc='M', caption=None, force=False)")]
pub fn svg(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    ecc: Text,
    caption: Option<Text>,
    force: bool,
) -> PyResult<String> {
    Ok(qris_render::svg(&matrix(py, payload, &ecc, force)?, caption.as_deref()))
}

/// A 1-bit grayscale PNG of the payload's QR code, `scale` (1..=64) pixels per module.
#[pyfunction]
#[pyo3(signature = (payload, *, scale = 8, ecc = Text::ECC_M, force = false), text_signature = "(payload, *, scale=8, ecc='M', force=False)")]
pub fn png<'py>(
    py: Python<'py>,
    payload: &Bound<'py, PyAny>,
    scale: usize,
    ecc: Text,
    force: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    if !(1..=64).contains(&scale) {
        return Err(QrisError::new_err(format!("scale must be 1..=64, not {scale}")));
    }
    let m = matrix(py, payload, &ecc, force)?;
    let png = py.detach(|| qris_render::png(&m, scale)).map_err(|e| QrisError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &png))
}

/// ESC/POS raster bytes (`GS v 0`) printing the payload's QR code centred on
/// thermal paper `"58mm"` (384 dots) or `"80mm"` (576 dots): write them to the
/// printer as they are.
#[pyfunction]
#[pyo3(signature = (payload, *, paper = Text::PAPER_58, ecc = Text::ECC_M, force = false), text_signature = "(payload, *, paper='58mm', ecc='M', force=False)")]
pub fn escpos<'py>(
    py: Python<'py>,
    payload: &Bound<'py, PyAny>,
    paper: Text,
    ecc: Text,
    force: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let paper: Paper = named(&paper, "\"58mm\" or \"80mm\"")?;
    let m = matrix(py, payload, &ecc, force)?;
    Ok(PyBytes::new(py, &py.detach(|| qris_render::escpos(&m, paper))))
}
