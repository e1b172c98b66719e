//! # qris-render: show the code to the customer
//!
//! One payload string in; every output a POS needs out: the module matrix (for
//! callers who draw it themselves), SVG, PNG, terminal half blocks, and ESC/POS
//! raster bytes (`GS v 0`) for 58 mm (384 dots) and 80 mm (576 dots) printers.
//! Payloads that fail the CRC or structure checks are refused unless forced.
//!
//! ```
//! use qris_render::{QrMatrix, RenderOptions};
//! let payload = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";
//! let m = QrMatrix::encode(payload, &RenderOptions::default())?;
//! let png = qris_render::png(&m, 4)?;
//! assert!(png.starts_with(b"\x89PNG"));
//! # Ok::<(), qris_render::RenderError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use core::fmt;
use std::fmt::Write as _;

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

mod mask;
use qris_emv::{ParseError, ParseOptions};

/// Error-correction level: L 7%, M 15% (the default), Q 25%, H 30% of codewords recoverable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Ecc {
    /// ~7%.
    L,
    /// ~15% (default).
    #[default]
    M,
    /// ~25%.
    Q,
    /// ~30%.
    H,
}

impl Ecc {
    /// Every level, weakest first.
    pub const ALL: [Ecc; 4] = [Ecc::L, Ecc::M, Ecc::Q, Ecc::H];

    /// The one spelling every surface uses: `L`, `M`, `Q` or `H`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Ecc::L => "L",
            Ecc::M => "M",
            Ecc::Q => "Q",
            Ecc::H => "H",
        }
    }
}

impl std::str::FromStr for Ecc {
    type Err = qris_emv::UnknownName;
    /// `L`, `M`, `Q` or `H` (either case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ecc::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(s))
            .ok_or(qris_emv::UnknownName { kind: "error correction level" })
    }
}

impl std::fmt::Display for Ecc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to encode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Error correction.
    pub ecc: Ecc,
    /// Quiet zone around the symbol, in modules (4 by default, as ISO 18004 requires).
    pub quiet_zone: usize,
    /// Render even a payload whose CRC or structure is wrong.
    pub force: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { ecc: Ecc::M, quiet_zone: 4, force: false }
    }
}

/// Why nothing was rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RenderError {
    /// The payload failed the payload engine's checks (not forced): the same
    /// diagnostic `qris decode` gives.
    Payload(ParseError),
    /// Too long for a QR code at this error-correction level.
    TooLong,
    /// The image encoder failed.
    Image(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Payload(e) => write!(f, "refusing to render a broken payload (use force to override): {e}"),
            RenderError::TooLong => f.write_str("the payload does not fit in a QR code at this error-correction level"),
            RenderError::Image(e) => write!(f, "image encoding failed: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// The QR symbol as modules, with its quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side of the symbol itself (21 for version 1 ... 177 for 40).
    size: usize,
    quiet: usize,
    /// Row-major, `size * size`, true for dark.
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes a payload: checked by the payload engine first (lenient parsing,
    /// CRC verified) unless `force`; byte or alphanumeric segments as the text
    /// allows; the smallest version that fits.
    ///
    /// # Errors
    /// [`RenderError::Payload`] (not forced) or [`RenderError::TooLong`].
    pub fn encode(payload: &str, opts: &RenderOptions) -> Result<QrMatrix, RenderError> {
        let text = match ParseOptions::lenient().parse(payload) {
            Ok(p) => p.as_str(),
            Err(_) if opts.force => payload,
            Err(e) => return Err(RenderError::Payload(e)),
        };
        let ecl = match opts.ecc {
            Ecc::L => QrCodeEcc::Low,
            Ecc::M => QrCodeEcc::Medium,
            Ecc::Q => QrCodeEcc::Quartile,
            Ecc::H => QrCodeEcc::High,
        };
        let segs = QrSegment::make_segments(text);
        // Encode once with mask 0; pick the best mask with the fast scorer (symbols
        // up to 64 modules), else let the encoder score the masks itself.
        let base = QrCode::encode_segments_advanced(&segs, ecl, Version::MIN, Version::MAX, Some(Mask::new(0)), true)
            .map_err(|_| RenderError::TooLong)?;
        if let Some((size, dark)) = mask::best_masked(&base) {
            return Ok(QrMatrix { size, quiet: opts.quiet_zone, dark });
        }
        let qr = QrCode::encode_segments(&segs, ecl).map_err(|_| RenderError::TooLong)?;
        let size = qr.size() as usize;
        let mut dark = Vec::with_capacity(size * size);
        for y in 0..size as i32 {
            for x in 0..size as i32 {
                dark.push(qr.get_module(x, y));
            }
        }
        Ok(QrMatrix { size, quiet: opts.quiet_zone, dark })
    }

    /// Modules per side, quiet zone included.
    pub fn width(&self) -> usize {
        self.size + 2 * self.quiet
    }

    /// Modules per side of the symbol alone.
    pub fn symbol_size(&self) -> usize {
        self.size
    }

    /// The QR version (1..=40).
    pub fn version(&self) -> usize {
        (self.size - 17) / 4
    }

    /// Whether the module at (`x`, `y`) is dark, in coordinates that include the
    /// quiet zone (which is light).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        let (Some(sx), Some(sy)) = (x.checked_sub(self.quiet), y.checked_sub(self.quiet)) else {
            return false;
        };
        sx < self.size && sy < self.size && self.dark[sy * self.size + sx]
    }

    /// Rows of modules (quiet zone included), each as bytes 1 (dark) / 0 (light).
    pub fn rows(&self) -> Vec<Vec<u8>> {
        let w = self.width();
        (0..w).map(|y| (0..w).map(|x| u8::from(self.is_dark(x, y))).collect()).collect()
    }
}

/// An SVG image: one path of unit squares (crisp at any size, `shape-rendering`
/// crispEdges), optionally with a caption (e.g. merchant name and amount) below.
pub fn svg(m: &QrMatrix, caption: Option<&str>) -> String {
    let w = m.width();
    let caption_h = if caption.is_some() { 3 } else { 0 };
    let mut s = String::with_capacity(w * w * 4);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d=""##,
        w + caption_h
    );
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if m.is_dark(x, y) {
                let start = x;
                while x < w && m.is_dark(x, y) {
                    x += 1;
                }
                let _ = write!(s, "M{start} {y}h{}v1h-{}z", x - start, x - start);
            } else {
                x += 1;
            }
        }
    }
    s.push_str(r#""/>"#);
    if let Some(text) = caption {
        let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" font-family="sans-serif" font-size="1.6" text-anchor="middle">{escaped}</text>"#,
            w as f32 / 2.0,
            w + 1
        );
    }
    s.push_str("</svg>");
    s
}

/// A PNG image: 1-bit grayscale, `scale` pixels per module (small files).
///
/// # Errors
/// [`RenderError::Image`] if encoding fails (not expected).
pub fn png(m: &QrMatrix, scale: usize) -> Result<Vec<u8>, RenderError> {
    let scale = scale.clamp(1, 64);
    let px = m.width() * scale;
    let row_bytes = px.div_ceil(8);
    let mut data = vec![0u8; row_bytes * px];
    for y in 0..px {
        for x in 0..px {
            // 1-bit grayscale: 1 is white.
            if !m.is_dark(x / scale, y / scale) {
                data[y * row_bytes + x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, px as u32, px as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::One);
        enc.set_compression(png::Compression::Fast);
        let mut w = enc.write_header().map_err(|e| RenderError::Image(e.to_string()))?;
        w.write_image_data(&data).map_err(|e| RenderError::Image(e.to_string()))?;
    }
    Ok(out)
}

/// The code in a terminal, two module rows per text line with Unicode half
/// blocks. Dark modules are drawn as blocks (for light terminals); `invert` draws
/// the light ones instead (for dark terminals). A version-10 QRIS payload with
/// its quiet zone is 65 columns wide.
pub fn terminal(m: &QrMatrix, invert: bool) -> String {
    let w = m.width();
    let mut s = String::with_capacity((w + 1) * w.div_ceil(2) * 3);
    for y in (0..w).step_by(2) {
        for x in 0..w {
            let top = m.is_dark(x, y) != invert;
            let bottom = (y + 1 < w && m.is_dark(x, y + 1)) != invert;
            s.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        s.push('\n');
    }
    s
}

/// Thermal paper widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    /// 58 mm paper, 384 dots per line.
    Mm58,
    /// 80 mm paper, 576 dots per line.
    Mm80,
}

impl Paper {
    /// Both widths.
    pub const ALL: [Paper; 2] = [Paper::Mm58, Paper::Mm80];

    /// The one spelling every surface uses: `58mm` or `80mm`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Paper::Mm58 => "58mm",
            Paper::Mm80 => "80mm",
        }
    }

    /// The width in millimetres (58 or 80), as C passes it.
    pub const fn millimetres(self) -> u32 {
        match self {
            Paper::Mm58 => 58,
            Paper::Mm80 => 80,
        }
    }

    /// The paper of a width in millimetres.
    pub fn from_millimetres(mm: u32) -> Option<Paper> {
        Paper::ALL.into_iter().find(|p| p.millimetres() == mm)
    }

    /// Printable dots per line.
    pub fn dots(self) -> usize {
        match self {
            Paper::Mm58 => 384,
            Paper::Mm80 => 576,
        }
    }
}

impl std::str::FromStr for Paper {
    type Err = qris_emv::UnknownName;
    /// `58mm` or `80mm` (also `58` and `80`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mm = s.strip_suffix("mm").unwrap_or(s);
        mm.parse().ok().and_then(Paper::from_millimetres).ok_or(qris_emv::UnknownName { kind: "paper width" })
    }
}

impl std::fmt::Display for Paper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ESC/POS raster bytes (`GS v 0`, normal density) printing the code centred on
/// the paper, each module a square of whole dots (as large as fits, at most 8).
pub fn escpos(m: &QrMatrix, paper: Paper) -> Vec<u8> {
    let dots = paper.dots();
    let w = m.width();
    let scale = (dots / w).clamp(1, 8);
    let img = w * scale;
    let left = dots.saturating_sub(img) / 2;
    let width_bytes = dots.div_ceil(8);
    let height = img;
    let mut out = Vec::with_capacity(8 + width_bytes * height);
    out.extend_from_slice(&[0x1D, 0x76, 0x30, 0x00]);
    out.extend_from_slice(&[(width_bytes & 0xFF) as u8, (width_bytes >> 8) as u8]);
    out.extend_from_slice(&[(height & 0xFF) as u8, (height >> 8) as u8]);
    let mut row = vec![0u8; width_bytes];
    // One raster row per module row, repeated `scale` times.
    for my in 0..w {
        row.iter_mut().for_each(|b| *b = 0);
        for mx in 0..w {
            if m.is_dark(mx, my) {
                for d in 0..scale {
                    let x = left + mx * scale + d;
                    if x < dots {
                        row[x / 8] |= 0x80 >> (x % 8);
                    }
                }
            }
        }
        for _ in 0..scale {
            out.extend_from_slice(&row);
        }
    }
    debug_assert_eq!(out.len(), 8 + width_bytes * height);
    out
}

/// The README's example, compiled and run as a doctest so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
