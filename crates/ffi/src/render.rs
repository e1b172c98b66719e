//! Rendering (qris-render): module matrix, PNG, SVG, ESC/POS.

use qris_render::{Ecc, Paper, QrMatrix, RenderOptions};

use crate::{guard, QrisResult, QrisStr};

/// Thermal paper widths for `qris_render_escpos`, in millimetres.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisPaper {
    /// 58 mm, 384 dots.
    Mm58 = 58,
    /// 80 mm, 576 dots.
    Mm80 = 80,
}

/// Error-correction levels (`qris_ecc` values). M, the default, is 0 so that a
/// zeroed `qris_render_options` asks for the defaults.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisEcc {
    /// ~15% of codewords recoverable (the default).
    M = 0,
    /// ~7%.
    L = 1,
    /// ~25%.
    Q = 2,
    /// ~30%.
    H = 3,
}

/// How to render; a zeroed struct (or NULL) is the defaults: ECC M, the payload
/// checked first, no caption.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisRenderOptions {
    /// A `qris_ecc` value.
    pub ecc: u32,
    /// Render even a payload whose CRC or structure is wrong.
    pub force: bool,
    /// Text under the code (SVG only; `{NULL, 0}`: none).
    pub caption: QrisStr,
}

/// The core's options and the caption from an optional `qris_render_options`.
fn options(opts: Option<&QrisRenderOptions>) -> Result<(RenderOptions, Option<QrisStr>), QrisResult> {
    let Some(o) = opts else { return Ok((RenderOptions::default(), None)) };
    let ecc = match o.ecc {
        0 => Ecc::M,
        1 => Ecc::L,
        2 => Ecc::Q,
        3 => Ecc::H,
        _ => return Err(QrisResult::InvalidArgument),
    };
    Ok((RenderOptions { ecc, force: o.force, ..RenderOptions::default() }, Some(o.caption)))
}

/// Encodes the payload (`(payload, len)`) with `opts` (NULL: defaults).
macro_rules! matrix {
    ($payload:expr, $len:expr, $opts:expr) => {{
        let opts = if $opts.is_null() { None } else { Some(try_ref!($opts)) };
        let (render, caption) = options(opts)?;
        (QrMatrix::encode(text!($payload, $len), &render)?, caption)
    }};
}

/// Renders a payload (checked first unless forced) as a 1-bit PNG with `scale`
/// (1..=64) pixels per module into `(out, cap)`. `opts` may be NULL (defaults).
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_render_png(
    payload: *const u8,
    len: usize,
    opts: *const QrisRenderOptions,
    scale: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let (m, _) = matrix!(payload, len, opts);
        let scale = usize::try_from(scale).ok().filter(|s| (1..=64).contains(s)).ok_or(QrisResult::InvalidArgument)?;
        write_out!(&qris_render::png(&m, scale)?, out, cap, out_len)
    })
}

/// Renders a payload as an SVG document (one path, 4-module quiet zone, scalable,
/// with the options' caption under it) into `(out, cap)`. `opts` may be NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_render_svg(
    payload: *const u8,
    len: usize,
    opts: *const QrisRenderOptions,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let (m, caption) = matrix!(payload, len, opts);
        let caption = match caption {
            Some(c) => optional_text!(c),
            None => None,
        };
        write_out!(qris_render::svg(&m, caption).as_bytes(), out, cap, out_len)
    })
}

/// Renders a payload as ESC/POS raster bytes (`GS v 0`) centred on `paper`
/// (58 or 80, a `qris_paper`), ready to send to the printer. `opts` may be NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_render_escpos(
    payload: *const u8,
    len: usize,
    opts: *const QrisRenderOptions,
    paper: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let paper = Paper::from_millimetres(paper).ok_or(QrisResult::InvalidArgument)?;
        let (m, _) = matrix!(payload, len, opts);
        write_out!(&qris_render::escpos(&m, paper), out, cap, out_len)
    })
}

/// The QR module matrix (quiet zone included) as `width * width` bytes, 1 dark
/// and 0 light, row by row; `*out_width` receives the width. `opts` may be NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_render_matrix(
    payload: *const u8,
    len: usize,
    opts: *const QrisRenderOptions,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
    out_width: *mut usize,
) -> QrisResult {
    guard(move || {
        if out_width.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let (m, _) = matrix!(payload, len, opts);
        write_out!(&m.rows().concat(), out, cap, out_len)?;
        put!(out_width, m.width())
    })
}
