//! Read QRIS codes from photos and screenshots, and tell a merchant's own
//! sticker from one pasted over it.
//!
//! [`scan`] finds every QR code in an image (8-bit gray, RGB, RGBA, BGR, BGRA,
//! any stride), decodes it, and runs the text through the payload engine: a
//! QRIS merchant-presented code is validated with the QRIS rules, another
//! EMVCo scheme's with the EMVCo rules, a customer-presented (CPM) code with
//! the CPM rules. [`scan_file`] does the same for PNG and JPEG files (EXIF
//! orientation applied). [`check_sticker`] says whether what was scanned is
//! the merchant's registered QRIS.
//!
//! ```
//! use qris_scan::{scan, ImageView, Kind, PixelFormat};
//! # let payload = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";
//! # let m = qris_render::QrMatrix::encode(payload, &Default::default()).unwrap();
//! # let side = 4 * m.width() as u32;
//! # let pixels: Vec<u8> = (0..side * side)
//! #     .map(|i| if m.is_dark((i % side / 4) as usize, (i / side / 4) as usize) { 0 } else { 255 })
//! #     .collect();
//! // `pixels`: an 8-bit grayscale screenshot of a QRIS sticker, `side` x `side`.
//! let view = ImageView::packed(&pixels, side, side, PixelFormat::Gray8)?;
//! let codes = scan(&view)?;
//! assert_eq!(codes.len(), 1);
//! assert_eq!(codes[0].kind(), Kind::Qris);
//! assert!(codes[0].is_valid());
//! assert_eq!(codes[0].payload().unwrap().nmid(), Some("ID1026564075103"));
//! # Ok::<(), qris_scan::ScanError>(())
//! ```
//!
//! The QR reader is rxing's port of ZXing's C++ QR reader, behind this
//! crate's own pre-processing (contrast stretch for flat images, smoothing for
//! noisy ones, each chosen from image statistics) and binarizer; see
//! `benches/scan/README.md` for the measurements against zxing-cpp.
//! A panic inside the reader is caught and returned as
//! [`ScanError::Decoder`] (with `panic = "unwind"`, the default).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod binarize;
mod error;
mod file;
mod image;
mod prep;
mod sticker;

pub use error::ScanError;
pub use file::{decode_file, FileFormat};
pub use image::{GrayImage, ImageView, PixelFormat, MAX_PIXELS};
pub use sticker::{check_sticker, Difference, Expected, Field, Sticker};

use qris_emv::cpm::{self, CpmError, CpmReport};

/// The README's example, compiled and run as a doctest so it stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
use qris_emv::{Payload, Report, Validator};

/// A point in the image, in pixels (x to the right, y down).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position.
    pub y: f32,
}

/// What a decoded code is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A merchant-presented code of QRIS: an EMVCo payload (`000201...`) with
    /// country `ID` or the national repository template (51, `ID.CO.QRIS.WWW`).
    Qris,
    /// A merchant-presented EMVCo payload of another scheme (PromptPay, Pix,
    /// DuitNow...).
    Emv,
    /// A customer-presented code (Base64 of EMV BER-TLV, `hQVDUFYwMQ...`).
    Cpm,
    /// Not a payment code (a URL, plain text).
    Other,
}

impl Kind {
    /// `qris`, `emv`, `cpm` or `other`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Qris => "qris",
            Kind::Emv => "emv",
            Kind::Cpm => "cpm",
            Kind::Other => "other",
        }
    }
}

/// The checks a decoded text went through, by kind.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Check {
    /// A merchant-presented payload's report (QRIS rules for [`Kind::Qris`],
    /// EMVCo rules for [`Kind::Emv`]).
    Mpm(Report),
    /// A CPM code that parsed: its report.
    Cpm(CpmReport),
    /// A CPM code whose Base64 or BER-TLV structure is broken.
    CpmBroken(CpmError),
    /// Not a payment code: nothing to check.
    None,
}

/// One code found in an image.
///
/// Its `Debug` form does not show a CPM code's text (it carries the payer's
/// card number): only its length.
#[derive(Clone, PartialEq)]
pub struct Found {
    text: String,
    corners: [Point; 4],
    kind: Kind,
    check: Check,
}

impl core::fmt::Debug for Found {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut d = f.debug_struct("Found");
        match self.kind {
            Kind::Cpm => d.field("text", &format_args!("<CPM code, {} characters>", self.text.len())),
            _ => d.field("text", &self.text),
        };
        d.field("corners", &self.corners).field("kind", &self.kind).field("check", &self.check).finish()
    }
}

impl Found {
    /// The text as it may be shown: a CPM code (which carries the payer's card
    /// number) as `hQVDUFYwMW...` plus its masked PAN; other kinds as they are.
    pub fn shown_text(&self) -> String {
        if self.kind != Kind::Cpm {
            return self.text.clone();
        }
        let mut buf = [0u8; cpm::MAX_CPM_BYTES];
        let pan = cpm::parse(self.text.trim(), &mut buf).ok().and_then(|c| c.pan_masked()).map(|m| m.to_string());
        let head: String = self.text.chars().take(10).collect();
        match pan {
            Some(pan) => format!("{head}... (CPM, {} characters, PAN {pan})", self.text.len()),
            None => format!("{head}... (CPM, {} characters)", self.text.len()),
        }
    }

    fn classify(text: String, corners: [Point; 4]) -> Found {
        let (kind, check) = classify(&text);
        Found { text, corners, kind, check }
    }

    /// The decoded text, exactly as the QR code holds it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The code's corners in the image (upright, after EXIF orientation):
    /// top-left, top-right, bottom-right, bottom-left as the code reads.
    pub fn corners(&self) -> [Point; 4] {
        self.corners
    }

    /// What the code is.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// What its checks said.
    pub fn check(&self) -> &Check {
        &self.check
    }

    /// The merchant-presented payload's report, for [`Kind::Qris`] and [`Kind::Emv`].
    pub fn report(&self) -> Option<&Report> {
        match &self.check {
            Check::Mpm(r) => Some(r),
            _ => None,
        }
    }

    /// Whether the code is a payment code that passed its checks (no errors;
    /// warnings allowed). `false` for [`Kind::Other`].
    pub fn is_valid(&self) -> bool {
        match &self.check {
            Check::Mpm(r) => r.is_valid(),
            Check::Cpm(r) => r.is_valid(),
            Check::CpmBroken(_) | Check::None => false,
        }
    }

    /// The merchant-presented payload, parsed (zero-copy over [`Found::text`]);
    /// `None` for other kinds or a payload that does not parse.
    pub fn payload(&self) -> Option<Payload<'_>> {
        match self.kind {
            Kind::Qris | Kind::Emv => qris_emv::parse(&self.text).ok(),
            _ => None,
        }
    }
}

fn classify(text: &str) -> (Kind, Check) {
    let trimmed = text.trim();
    if trimmed.starts_with("000201") {
        let qris = match qris_emv::parse(trimmed) {
            Ok(p) => p.country() == Some("ID") || p.merchant_account(51).is_some_and(|m| m.is_qris_repository()),
            Err(_) => trimmed.contains("ID.CO.QRIS.WWW") || trimmed.contains("5802ID"),
        };
        return if qris {
            (Kind::Qris, Check::Mpm(Validator::qris().validate(text)))
        } else {
            (Kind::Emv, Check::Mpm(Validator::emv().validate(text)))
        };
    }
    if cpm::looks_like_cpm(trimmed) {
        let mut buf = [0u8; cpm::MAX_CPM_BYTES];
        return match cpm::parse(trimmed, &mut buf) {
            Ok(code) => (Kind::Cpm, Check::Cpm(code.validate())),
            Err(e) => (Kind::Cpm, Check::CpmBroken(e)),
        };
    }
    (Kind::Other, Check::None)
}

/// Finds and decodes every QR code in the image.
///
/// An image without a code gives an empty list, not an error.
///
/// # Errors
/// [`ScanError::Decoder`] if the QR reader fails unexpectedly (caught); the
/// view itself was checked when it was made.
pub fn scan(image: &ImageView<'_>) -> Result<Vec<Found>, ScanError> {
    let gray = image.to_gray();
    scan_gray(gray)
}

/// [`decode_file`] (PNG or JPEG, at most [`MAX_PIXELS`]) then [`scan`].
///
/// # Errors
/// As [`decode_file`] and [`scan`].
pub fn scan_file(bytes: &[u8]) -> Result<Vec<Found>, ScanError> {
    scan_gray(decode_file(bytes, MAX_PIXELS)?)
}

/// [`scan`] over an owned grayscale image (no copy of the pixels).
///
/// # Errors
/// As [`scan`].
pub fn scan_gray(image: GrayImage) -> Result<Vec<Found>, ScanError> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let raw = read_codes(image.into_pixels(), w, h)?;
    Ok(raw.into_iter().map(|(text, corners)| Found::classify(text, corners)).collect())
}

/// Images larger than this are first scanned at half size.
const HALVE_ABOVE: usize = 6_000_000;
/// Images whose longer side is below this are enlarged first.
const ENLARGE_BELOW: usize = 240;

type Raw = Vec<(String, [Point; 4])>;

fn read_codes(px: Vec<u8>, w: usize, h: usize) -> Result<Raw, ScanError> {
    // Tiny images (a code cropped to its edge, 1 px per module): enlarge,
    // with a white quiet zone around.
    if w.max(h) < ENLARGE_BELOW || w.min(h) < binarize::MIN_SIDE {
        let k = (ENLARGE_BELOW.div_ceil(w.max(h))).clamp(1, 8);
        let pad = 4 * k;
        let (big, bw, bh) = prep::enlarge(&px, w, h, k, pad);
        if bw < binarize::MIN_SIDE || bh < binarize::MIN_SIDE {
            return Ok(Vec::new());
        }
        let found = read_prepared(big, bw, bh)?;
        let back = |p: Point| Point { x: (p.x - pad as f32) / k as f32, y: (p.y - pad as f32) / k as f32 };
        return Ok(found.into_iter().map(|(t, c)| (t, c.map(back))).collect());
    }
    // Huge photos: a code in a 12 MP photo has large modules; try half size first.
    if w * h > HALVE_ABOVE {
        let (small, sw, sh) = prep::half(&px, w, h);
        let found = read_prepared(small, sw, sh)?;
        if !found.is_empty() {
            let back = |p: Point| Point { x: p.x * 2.0, y: p.y * 2.0 };
            return Ok(found.into_iter().map(|(t, c)| (t, c.map(back))).collect());
        }
    }
    read_prepared(px, w, h)
}

fn read_prepared(mut px: Vec<u8>, w: usize, h: usize) -> Result<Raw, ScanError> {
    let stats = prep::stats(&px, w, h);
    if stats.hi.saturating_sub(stats.lo) < prep::FLAT_SPREAD {
        prep::stretch(&mut px, stats.lo, stats.hi);
    }
    if stats.noise >= prep::NOISY {
        px = prep::smooth(&px, w, h);
    }
    decode(px, w, h)
}

fn decode(px: Vec<u8>, w: usize, h: usize) -> Result<Raw, ScanError> {
    use rxing::multi::MultipleBarcodeReader;
    let run = std::panic::AssertUnwindSafe(move || -> Raw {
        let Ok(binarizer) = binarize::Prebinarized::new(px, w, h) else {
            return Vec::new();
        };
        let mut bitmap = rxing::BinaryBitmap::new(binarizer);
        let hints = rxing::DecodeHints::default().with(rxing::DecodeHintValue::TryHarder(true));
        let mut reader = rxing::qrcode::cpp_port::QrReader;
        let Ok(results) = reader.decode_multiple_with_hints(&mut bitmap, &hints) else {
            return Vec::new();
        };
        let mut out: Raw = Vec::with_capacity(results.len());
        for r in results {
            let pts = r.getPoints();
            let mut corners = [Point::default(); 4];
            for (c, p) in corners.iter_mut().zip(pts) {
                *c = Point { x: p.x, y: p.y };
            }
            let text = r.getText().to_owned();
            // The reader can report one symbol twice (found from two sets of
            // finder patterns): keep one per text and place.
            let centre =
                |c: &[Point; 4]| (c.iter().map(|p| p.x).sum::<f32>() / 4.0, c.iter().map(|p| p.y).sum::<f32>() / 4.0);
            let (cx, cy) = centre(&corners);
            if out.iter().any(|(t, c)| {
                let (ox, oy) = centre(c);
                *t == text && (ox - cx).abs() < 8.0 && (oy - cy).abs() < 8.0
            }) {
                continue;
            }
            out.push((text, corners));
        }
        out
    });
    std::panic::catch_unwind(run).map_err(|e| {
        let what = e
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        ScanError::Decoder(what)
    })
}
