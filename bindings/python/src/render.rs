//! QR rendering: SVG text and PNG bytes of a payload (checked by the payload
//! engine first, refused with its diagnostic unless `force`).

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use qris_render::{Ecc, QrMatrix, RenderError, RenderOptions};

use crate::{parse_error, text_of, QrisError};

fn matrix(py: Python<'_>, payload: &Bound<'_, PyAny>, ecc: &str, force: bool) -> PyResult<QrMatrix> {
    let ecc: Ecc = ecc
        .parse()
        .map_err(|e| QrisError::new_err(format!("{e}: ecc must be \"L\", \"M\", \"Q\" or \"H\", not {ecc:?}")))?;
    let text = text_of(payload)?;
    let opts = RenderOptions { ecc, force, ..RenderOptions::default() };
    QrMatrix::encode(&text, &opts).map_err(|e| match e {
        RenderError::Payload(p) => parse_error(py, &p),
        other => QrisError::new_err(other.to_string()),
    })
}

/// An SVG document of the payload's QR code (one path, 4-module quiet zone),
/// with an optional caption under it.
#[pyfunction]
#[pyo3(signature = (payload, ecc = "M", caption = None, force = false))]
pub fn render_svg(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    ecc: &str,
    caption: Option<&str>,
    force: bool,
) -> PyResult<String> {
    Ok(qris_render::svg(&matrix(py, payload, ecc, force)?, caption))
}

/// A 1-bit PNG of the payload's QR code, `scale` (1..=64) pixels per module.
#[pyfunction]
#[pyo3(signature = (payload, scale = 8, ecc = "M", force = false))]
pub fn render_png<'py>(
    py: Python<'py>,
    payload: &Bound<'py, PyAny>,
    scale: usize,
    ecc: &str,
    force: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    if !(1..=64).contains(&scale) {
        return Err(QrisError::new_err(format!("scale must be 1..=64, not {scale}")));
    }
    let m = matrix(py, payload, ecc, force)?;
    let png = qris_render::png(&m, scale).map_err(|e| QrisError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &png))
}
