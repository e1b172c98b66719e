//! Customer-presented (CPM) codes through the C ABI: `qris_cpm_*`. Card data
//! (PAN, track 2) is only ever given out masked to its last four digits.

use std::ffi::c_char;

use qris_emv::cpm::{self, Cpm as CoreCpm, Template};

use crate::emv::Report;
use crate::{guard, QrisResult, QrisStr};

/// A parsed CPM code: the decoded bytes it owns. Immutable: may be read from
/// many threads.
pub struct Cpm {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Cpm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "qris_cpm({} bytes)", self.bytes.len())
    }
}

impl Cpm {
    /// The code (the bytes parsed when the handle was made, so this succeeds).
    fn code(&self) -> Result<CoreCpm<'_>, QrisResult> {
        cpm::parse_bytes(&self.bytes).map_err(|_| QrisResult::InvalidPayload)
    }
}

/// Card data masked to its last four digits, NUL-terminated (`""` when absent).
pub const QRIS_CPM_MASKED_LEN: usize = 24;

/// One template's fields (an application template, 61, or the common data, 62).
/// Borrowed values (`qris_str`) point into the `qris_cpm` handle and live as
/// long as it does; absent fields are `(NULL, 0)`.
#[repr(C)]
#[derive(Debug)]
pub struct QrisCpmApplication {
    /// The AID (4F), raw bytes (`(NULL, 0)` for the common data).
    pub aid: QrisStr,
    /// The application label (50).
    pub label: QrisStr,
    /// The cardholder name (5F20).
    pub cardholder_name: QrisStr,
    /// The language preference (5F2D), e.g. `"idenzh"`.
    pub language_preference: QrisStr,
    /// The PAN (5A), masked: `"************3458"`.
    pub pan_masked: [c_char; QRIS_CPM_MASKED_LEN],
    /// The PAN in track 2 equivalent data (57), masked.
    pub track2_masked: [c_char; QRIS_CPM_MASKED_LEN],
}

fn masked(m: Option<cpm::Masked>) -> [c_char; QRIS_CPM_MASKED_LEN] {
    let mut out = [0 as c_char; QRIS_CPM_MASKED_LEN];
    if let Some(m) = m {
        for (slot, b) in out.iter_mut().zip(m.as_str().bytes().take(QRIS_CPM_MASKED_LEN - 1)) {
            *slot = c_char::from_ne_bytes([b]);
        }
    }
    out
}

fn bytes_str(b: Option<&[u8]>) -> QrisStr {
    b.map_or(QrisStr::of(None), |b| QrisStr { ptr: b.as_ptr(), len: b.len() })
}

fn fields(t: &Template<'_>) -> QrisCpmApplication {
    QrisCpmApplication {
        aid: bytes_str(t.aid()),
        label: QrisStr::of(t.label()),
        cardholder_name: QrisStr::of(t.cardholder_name()),
        language_preference: QrisStr::of(t.language_preference()),
        pan_masked: masked(t.pan_masked()),
        track2_masked: masked(t.track2_masked()),
    }
}

/// Reads a CPM code from its Base64 text (whitespace and missing padding
/// tolerated): decodes it into a handle of its own (one allocation) and checks
/// its structure. Free it with `qris_cpm_free`. Text that is not a readable CPM
/// code is `QRIS_RESULT_INVALID_PAYLOAD`; `qris_cpm_validate_report` says why.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_cpm_parse(text: *const u8, len: usize, out: *mut *mut Cpm) -> QrisResult {
    guard(move || {
        let text = text!(text, len);
        let mut buf = vec![0u8; cpm::MAX_CPM_BYTES];
        let n = cpm::parse(text, &mut buf).map_err(|_| QrisResult::InvalidPayload)?.bytes().len();
        buf.truncate(n);
        buf.shrink_to_fit();
        new_handle!(out, Cpm { bytes: buf })
    })
}

/// Frees a CPM handle; NULL does nothing.
///
/// # Safety
/// NULL, or a handle from `qris_cpm_parse` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_cpm_free(code: *mut Cpm) {
    free_handle!(code);
}

/// The decoded bytes (what a POS forwards to its acquirer), borrowed from the handle.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_cpm_bytes(code: *const Cpm, out: *mut QrisStr) -> QrisResult {
    guard(move || {
        let c = try_ref!(code);
        put!(out, QrisStr { ptr: c.bytes.as_ptr(), len: c.bytes.len() })
    })
}

/// The number of application templates (61); 0 for NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_cpm_application_count(code: *const Cpm) -> usize {
    // SAFETY: the header's handle convention: NULL or a live handle.
    unsafe { code.as_ref() }.and_then(|c| c.code().ok()).map_or(0, |c| c.applications().count())
}

/// The fields of application template `index` (0-based, in order);
/// `QRIS_RESULT_NOT_FOUND` past the end.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_cpm_application(
    code: *const Cpm,
    index: usize,
    out: *mut QrisCpmApplication,
) -> QrisResult {
    guard(move || {
        let c = try_ref!(code);
        let code = c.code()?;
        let app = code.applications().nth(index).ok_or(QrisResult::NotFound)?;
        put!(out, fields(&app))
    })
}

/// The fields of the common data template (62); `QRIS_RESULT_NOT_FOUND` if absent.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_cpm_common(code: *const Cpm, out: *mut QrisCpmApplication) -> QrisResult {
    guard(move || {
        let c = try_ref!(code);
        let common = c.code()?.common_data().ok_or(QrisResult::NotFound)?;
        put!(out, fields(&common))
    })
}

/// Validates a CPM code from its text against the `EMVCo` CPM rules into a report
/// handle (`qris_report_get`: `cpm.*` codes, offsets in the decoded data, tag
/// paths like `"61.4F"`; messages mask card data). Text that cannot be read is
/// a report with one error, not a failure. Free it with `qris_report_free`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_cpm_validate_report(text: *const u8, len: usize, out: *mut *mut Report) -> QrisResult {
    guard(move || {
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let text = text!(text, len);
        let mut buf = vec![0u8; cpm::MAX_CPM_BYTES];
        let report = match cpm::parse(text, &mut buf) {
            Ok(code) => Report::from_cpm(&code.validate()),
            Err(e) => Report::from_cpm_error(&e),
        };
        new_handle!(out, report)
    })
}
