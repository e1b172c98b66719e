//! Reading codes from images through the C ABI: `qris_scan_*` (qris-scan).
//! A scan is a handle holding every code found; read them by index or with
//! the `qris_scan_next` cursor, check the sticker with `qris_scan_sticker`.

use qris_scan::{Check, Expected, Found, ImageView, Kind, PixelFormat, Sticker};

use crate::emv::Report;
use crate::{guard, QrisResult, QrisStr};

/// `format` of `qris_scan_image`: one byte per pixel, luminance.
pub const QRIS_PIXEL_GRAY8: u32 = 0;
/// Red, green, blue.
pub const QRIS_PIXEL_RGB8: u32 = 1;
/// Red, green, blue, alpha (transparent pixels count as white).
pub const QRIS_PIXEL_RGBA8: u32 = 2;
/// Blue, green, red.
pub const QRIS_PIXEL_BGR8: u32 = 3;
/// Blue, green, red, alpha (Windows bitmaps; Android `ARGB_8888` bytes).
pub const QRIS_PIXEL_BGRA8: u32 = 4;
/// The largest image scanned, in pixels (40 megapixels); larger ones are
/// `QRIS_RESULT_INVALID_IMAGE`, refused before allocating.
pub const QRIS_SCAN_MAX_PIXELS: u64 = 40_000_000;
const _: () = assert!(QRIS_SCAN_MAX_PIXELS == qris_scan::MAX_PIXELS, "the header's limit is the core's");

/// What a scanned code is.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisCodeKind {
    /// A QRIS merchant-presented payload (validated with the QRIS rules).
    Qris = 0,
    /// Another `EMVCo` scheme's merchant-presented payload (`EMVCo` rules).
    Emv = 1,
    /// A customer-presented (CPM) code.
    Cpm = 2,
    /// Not a payment code.
    Other = 3,
}

/// One code of a scan. `text` is borrowed from the scan handle and lives as
/// long as it does (not NUL-terminated). A CPM code's text carries the payer's
/// card number: do not log it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisScanCode {
    /// The decoded text, exactly as the QR code holds it.
    pub text: QrisStr,
    /// What it is.
    pub kind: QrisCodeKind,
    /// A payment code that passed its checks (`qris_scan_report` says why not).
    pub valid: bool,
    /// The corners in the image as x, y pairs: top-left, top-right,
    /// bottom-right, bottom-left as the code reads.
    pub corners: [f32; 8],
}

/// What the merchant registered, for `qris_scan_sticker`: the NMID is
/// required; `(NULL, 0)` leaves an optional field unchecked.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisStickerExpected {
    /// The national merchant ID (51.02).
    pub nmid: QrisStr,
    /// A merchant PAN (26..45 sub-tag 01), optional.
    pub pan: QrisStr,
    /// The merchant name (59), optional.
    pub name: QrisStr,
    /// The merchant city (60), optional.
    pub city: QrisStr,
}

/// The verdict of a sticker check.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisStickerVerdict {
    /// A valid QRIS code with the registered fields, and no QRIS code for anyone else.
    Match = 0,
    /// A QRIS code for another merchant (the message names the fields).
    Mismatch = 1,
    /// Codes were read, none a valid QRIS code.
    NotQris = 2,
    /// No code could be read.
    Unreadable = 3,
}

/// Every code found in one image. Immutable: may be read from many threads.
pub struct Scan {
    codes: Vec<Found>,
}

impl std::fmt::Debug for Scan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "qris_scan({} codes)", self.codes.len())
    }
}

fn pixel_format(format: u32) -> Result<PixelFormat, QrisResult> {
    Ok(match format {
        QRIS_PIXEL_GRAY8 => PixelFormat::Gray8,
        QRIS_PIXEL_RGB8 => PixelFormat::Rgb8,
        QRIS_PIXEL_RGBA8 => PixelFormat::Rgba8,
        QRIS_PIXEL_BGR8 => PixelFormat::Bgr8,
        QRIS_PIXEL_BGRA8 => PixelFormat::Bgra8,
        _ => return Err(QrisResult::InvalidArgument),
    })
}

/// Finds and decodes every QR code in an image of `width` x `height` pixels,
/// rows `stride` bytes apart (at least `width` x bytes per pixel; the last row
/// needs only its pixels), `format` one of `QRIS_PIXEL_*`; `pixels_len` is the
/// buffer's size. An image without a code is a scan with 0 codes. Bad
/// dimensions (0, a stride shorter than a row, a buffer too short, over
/// `QRIS_SCAN_MAX_PIXELS`) are `QRIS_RESULT_INVALID_IMAGE`; an unknown format
/// `QRIS_RESULT_INVALID_ARGUMENT`. Free the scan with `qris_scan_free`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_scan_image(
    pixels: *const u8,
    pixels_len: usize,
    width: u32,
    height: u32,
    stride: usize,
    format: u32,
    out: *mut *mut Scan,
) -> QrisResult {
    guard(move || {
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let format = pixel_format(format)?;
        let data = bytes!(pixels, pixels_len);
        let view = ImageView::new(data, width, height, stride, format).map_err(|_| QrisResult::InvalidImage)?;
        let codes = qris_scan::scan(&view).map_err(|_| QrisResult::InvalidImage)?;
        new_handle!(out, Scan { codes })
    })
}

/// `qris_scan_image` for the bytes of a PNG or JPEG file (EXIF orientation
/// applied; corners are in the upright image). A file that is neither, or
/// cannot be decoded, or is over `QRIS_SCAN_MAX_PIXELS` (checked from its
/// header, before allocating) is `QRIS_RESULT_INVALID_IMAGE`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_scan_file(data: *const u8, len: usize, out: *mut *mut Scan) -> QrisResult {
    guard(move || {
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let data = bytes!(data, len);
        let codes = qris_scan::scan_file(data).map_err(|_| QrisResult::InvalidImage)?;
        new_handle!(out, Scan { codes })
    })
}

/// Frees a scan; NULL does nothing.
///
/// # Safety
/// NULL, or a handle from `qris_scan_image` / `qris_scan_file` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_scan_free(scan: *mut Scan) {
    free_handle!(scan);
}

/// The number of codes found; 0 for NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_scan_count(scan: *const Scan) -> usize {
    // SAFETY: the header's handle convention: NULL or a live handle.
    unsafe { scan.as_ref() }.map_or(0, |s| s.codes.len())
}

fn code_of(f: &Found) -> QrisScanCode {
    let mut corners = [0f32; 8];
    for (i, p) in f.corners().iter().enumerate() {
        corners[2 * i] = p.x;
        corners[2 * i + 1] = p.y;
    }
    QrisScanCode {
        text: QrisStr::of(Some(f.text())),
        kind: match f.kind() {
            Kind::Qris => QrisCodeKind::Qris,
            Kind::Emv => QrisCodeKind::Emv,
            Kind::Cpm => QrisCodeKind::Cpm,
            _ => QrisCodeKind::Other,
        },
        valid: f.is_valid(),
        corners,
    }
}

/// Code `index` (0-based, in the order found); `QRIS_RESULT_NOT_FOUND` past the end.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_scan_get(scan: *const Scan, index: usize, out: *mut QrisScanCode) -> QrisResult {
    guard(move || {
        let s = try_ref!(scan);
        let f = s.codes.get(index).ok_or(QrisResult::NotFound)?;
        put!(out, code_of(f))
    })
}

/// The iterator: set `*cursor = 0`, then each call writes the next code and
/// advances the cursor, until `QRIS_RESULT_NOT_FOUND`. The cursor is the
/// caller's, so several threads may walk one scan.
///
/// ```c
/// size_t cursor = 0; qris_scan_code code;
/// while (qris_scan_next(scan, &cursor, &code) == QRIS_RESULT_OK) { ... }
/// ```
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_scan_next(scan: *const Scan, cursor: *mut usize, out: *mut QrisScanCode) -> QrisResult {
    guard(move || {
        let s = try_ref!(scan);
        let at = try_mut!(cursor);
        let f = s.codes.get(*at).ok_or(QrisResult::NotFound)?;
        put!(out, code_of(f))?;
        *at += 1;
        Ok(())
    })
}

/// The diagnostics of code `index` into a report handle (`qris_report_get`;
/// free it with `qris_report_free`): the QRIS or `EMVCo` rules for
/// merchant-presented codes, the CPM rules for CPM codes, an empty valid
/// report for other codes (nothing to check: `valid` says it is no payment).
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_scan_report(scan: *const Scan, index: usize, out: *mut *mut Report) -> QrisResult {
    guard(move || {
        let s = try_ref!(scan);
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let f = s.codes.get(index).ok_or(QrisResult::NotFound)?;
        let report = match f.check() {
            Check::Mpm(r) => Report::new(r),
            Check::Cpm(r) => Report::from_cpm(r),
            Check::CpmBroken(e) => Report::from_cpm_error(e),
            _ => Report::new(&qris_emv::Report::default()),
        };
        new_handle!(out, report)
    })
}

/// The sticker check over everything the scan found, against what the
/// merchant registered: the verdict in `*verdict`, and the same in words
/// (e.g. "mismatch: NMID ID10... is not the expected ID20...") written to
/// `(message, cap)` with its length in `*message_len` (not NUL-terminated;
/// `message_len` NULL: no message wanted; `QRIS_RESULT_BUFFER_TOO_SMALL` with
/// the size needed, the verdict still written). An empty NMID is
/// `QRIS_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_scan_sticker(
    scan: *const Scan,
    expected: *const QrisStickerExpected,
    verdict: *mut QrisStickerVerdict,
    message: *mut u8,
    cap: usize,
    message_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let s = try_ref!(scan);
        let e = try_ref!(expected);
        if verdict.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let nmid = optional_text!(e.nmid).filter(|n| !n.trim().is_empty()).ok_or(QrisResult::InvalidArgument)?;
        let exp =
            Expected { nmid, pan: optional_text!(e.pan), name: optional_text!(e.name), city: optional_text!(e.city) };
        let v = qris_scan::check_sticker(&s.codes, &exp);
        put!(
            verdict,
            match v {
                Sticker::Match => QrisStickerVerdict::Match,
                Sticker::Mismatch(_) => QrisStickerVerdict::Mismatch,
                Sticker::NotQris => QrisStickerVerdict::NotQris,
                Sticker::Unreadable => QrisStickerVerdict::Unreadable,
            }
        )?;
        if message_len.is_null() {
            return Ok(());
        }
        write_out!(v.to_string().as_bytes(), message, cap, message_len)
    })
}
