//! # The C ABI of qris
//!
//! Thin wrappers over the Rust crates, following the rustls-ffi rules. The
//! conventions every function follows are stated once, in prose, at the top of
//! `include/libqris.h` (see `cbindgen.toml`): inputs, outputs written only on
//! success, buffer sizing, ownership, thread safety, result codes.
//!
//! The modules are named after the core crates, as in every surface: [`emv`],
//! [`sign`], [`snap`], [`render`], and `error` for the conversions from their
//! errors to result codes. This file is the plumbing: result codes, the panic
//! guard, and the helpers (and macros) that read inputs, write outputs and
//! dereference handles, each carrying its safety argument once.
//!
//! Domain logic lives in the Rust crates; nothing here decides anything about
//! payloads or signatures.
// The C boundary gets clippy's pedantic lints too (casts that could truncate a
// C integer, docs, needless copies), enforced by `make lint` with -D warnings.
#![warn(clippy::pedantic)]
// Every `unsafe` block states why it is sound (`// SAFETY:`), checked by clippy.
#![warn(clippy::undocumented_unsafe_blocks)]

use std::ffi::c_char;
use std::panic::{catch_unwind, UnwindSafe};

/// Borrows a C input `(ptr, len)` as bytes for the rest of the call; `?` on failure.
macro_rules! bytes {
    ($ptr:expr, $len:expr) => {
        // SAFETY: the header's input convention: a non-NULL pointer points to
        // `len` readable bytes that stay valid and unchanged during the call.
        unsafe { $crate::input($ptr, $len) }?
    };
}

/// Borrows a C input `(ptr, len)` as UTF-8 text for the rest of the call; `?` on failure.
macro_rules! text {
    ($ptr:expr, $len:expr) => {
        // SAFETY: as for `bytes!`: the header's input convention.
        unsafe { $crate::text($ptr, $len) }?
    };
}

/// Borrows a `qris_str` input as optional text (`ptr == NULL` and `len == 0`: absent).
macro_rules! optional_text {
    ($s:expr) => {
        // SAFETY: as for `bytes!`: the header's input convention, for a `qris_str`.
        unsafe { $s.optional() }?
    };
}

/// Dereferences a handle (or another pointer to a readable object); NULL is
/// `QRIS_RESULT_NULL_PARAMETER`.
macro_rules! try_ref {
    ($ptr:expr) => {
        // SAFETY: the header's handle convention: NULL, or a pointer from the
        // matching constructor (or to a caller's object) that is alive, not
        // freed, and not mutated by another thread during the call.
        unsafe { $ptr.as_ref() }.ok_or($crate::QrisResult::NullParameter)?
    };
}

/// Dereferences a handle the caller lends for exclusive use during the call.
macro_rules! try_mut {
    ($ptr:expr) => {
        // SAFETY: the header's handle convention for functions that change a
        // handle: NULL, or a live handle no other thread uses during the call.
        unsafe { $ptr.as_mut() }.ok_or($crate::QrisResult::NullParameter)?
    };
}

/// Writes `bytes` to a caller buffer `(out, cap)` with its length in `*out_len`.
macro_rules! write_out {
    ($bytes:expr, $out:expr, $cap:expr, $out_len:expr) => {
        // SAFETY: the header's output convention: `out` is NULL or points to
        // `cap` writable bytes, `out_len` NULL or a writable `size_t`.
        unsafe { $crate::output($bytes, $out, $cap, $out_len) }
    };
}

/// Writes exactly `N` bytes to a fixed-size caller buffer.
macro_rules! write_fixed {
    ($bytes:expr, $out:expr) => {
        // SAFETY: the header's output convention for fixed-size outputs: `out`
        // is NULL or points to as many writable bytes as the function documents.
        unsafe { $crate::output_fixed($bytes, $out) }
    };
}

/// Writes a value to a caller's out-pointer (NULL: `QRIS_RESULT_NULL_PARAMETER`).
macro_rules! put {
    ($out:expr, $value:expr) => {
        // SAFETY: the header's output convention: NULL or a writable object.
        unsafe { $crate::put($out, $value) }
    };
}

/// Writes a value to an optional out-pointer (NULL: not wanted).
macro_rules! put_optional {
    ($out:expr, $value:expr) => {
        // SAFETY: the header's output convention: NULL or a writable object.
        if let Some(o) = unsafe { $out.as_mut() } {
            *o = $value;
        }
    };
}

/// Moves a value into a new handle written to `*out`.
macro_rules! new_handle {
    ($out:expr, $value:expr) => {
        // SAFETY: the header's output convention: `out` is NULL or a writable pointer.
        unsafe { $crate::new_handle($out, $value) }
    };
}

/// Frees a handle; NULL does nothing.
macro_rules! free_handle {
    ($handle:expr) => {
        // SAFETY: the header's ownership convention: `_free` takes NULL or a
        // handle from the matching constructor, freed once.
        unsafe { $crate::free_handle($handle) }
    };
}

/// Reads a `qris_request` input; `?` on failure.
macro_rules! request {
    ($ptr:expr) => {
        // SAFETY: the header's input convention: NULL or a readable request whose
        // `qris_str` fields are inputs, valid during the call.
        unsafe { $crate::sign::request($ptr) }?
    };
}

/// The X-TIMESTAMP freshness of a verification from its `now_unix` and `window_seconds`.
macro_rules! freshness {
    ($now:expr, $window:expr) => {
        // SAFETY: the header's input convention: `now_unix` is NULL or readable.
        unsafe { $crate::sign::freshness($now, $window) }
    };
}

// One module per core crate, as in every surface; `error` holds the
// conversions from their errors to result codes.
pub mod cpm;
pub mod emv;
mod error;
pub mod render;
pub mod scan;
pub mod sign;
pub mod snap;

// Everything at the root too, so Rust code (tests, benchmarks, the fuzz
// target) calls the same entry points C does.
pub use cpm::*;
pub use emv::*;
pub use render::*;
pub use sign::*;
pub use snap::*;

/// The outcome of a call. `qris_result_message` says what each means.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisResult {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL.
    NullParameter = 1,
    /// The output buffer is too small: `*out_len` holds the size needed.
    BufferTooSmall = 2,
    /// The payload failed its structural or CRC checks (or a conversion was refused).
    InvalidPayload = 3,
    /// Text that must be UTF-8 is not.
    InvalidUtf8 = 4,
    /// The JSON body is not valid JSON (or not a valid notification).
    InvalidJson = 5,
    /// The signature does not verify.
    InvalidSignature = 6,
    /// An argument is out of range or malformed (an amount, an option, a name).
    InvalidArgument = 7,
    /// Key material that is not a usable RSA key (wrong kind, too small, malformed).
    InvalidKey = 8,
    /// What was asked for is not there (an absent data object, an index past the end).
    NotFound = 9,
    /// A timestamp that is not ISO-8601 (or has a field out of range).
    InvalidTimestamp = 10,
    /// A timestamp outside the allowed window (a stale or replayed request).
    TimestampOutOfWindow = 11,
    /// The system random number generator failed (RSA signing uses it for blinding).
    RngFailure = 12,
    /// A secret (client secret, server key) that is empty or only whitespace:
    /// anyone could compute its signatures, so it is never used.
    EmptySecret = 13,
    /// A verified notification is for another order or amount than expected.
    Mismatch = 14,
    /// A verified notification heard before (the same signed request, or its
    /// X-EXTERNAL-ID used today): answer 409 (`qris_snap_notification_ack`).
    Replayed = 15,
    /// The replay store could not answer (full, or your callback failed): the
    /// notification is refused (answer 500; the provider retries).
    ReplayStore = 16,
    /// An image that cannot be scanned: not PNG or JPEG, corrupt, over the
    /// pixel limit, or dimensions that do not fit the buffer.
    InvalidImage = 17,
    /// A panic was caught inside the library (a bug: please report it).
    Panic = 99,
}

impl QrisResult {
    /// Every result code, in order (what `TryFrom<u32>` reads).
    pub const ALL: [QrisResult; 19] = [
        QrisResult::Ok,
        QrisResult::NullParameter,
        QrisResult::BufferTooSmall,
        QrisResult::InvalidPayload,
        QrisResult::InvalidUtf8,
        QrisResult::InvalidJson,
        QrisResult::InvalidSignature,
        QrisResult::InvalidArgument,
        QrisResult::InvalidKey,
        QrisResult::NotFound,
        QrisResult::InvalidTimestamp,
        QrisResult::TimestampOutOfWindow,
        QrisResult::RngFailure,
        QrisResult::EmptySecret,
        QrisResult::Mismatch,
        QrisResult::Replayed,
        QrisResult::ReplayStore,
        QrisResult::InvalidImage,
        QrisResult::Panic,
    ];

    /// What the code means, in a sentence: the one table of messages.
    #[must_use]
    pub const fn message(self) -> &'static str {
        match self {
            QrisResult::Ok => "success",
            QrisResult::NullParameter => "a required pointer was NULL",
            QrisResult::BufferTooSmall => "the output buffer is too small; *out_len holds the size needed",
            QrisResult::InvalidPayload => "invalid payload: it failed its structural or CRC checks",
            QrisResult::InvalidUtf8 => "the input is not valid UTF-8",
            QrisResult::InvalidJson => "the body is not valid JSON (or not a valid notification)",
            QrisResult::InvalidSignature => "invalid signature",
            QrisResult::InvalidArgument => "invalid argument",
            QrisResult::InvalidKey => "invalid key: not a usable RSA key of at least 2048 bits",
            QrisResult::NotFound => "not found",
            QrisResult::InvalidTimestamp => "invalid timestamp: expected ISO-8601 like 2024-03-19T14:30:00+07:00",
            QrisResult::TimestampOutOfWindow => "the timestamp is outside the allowed window",
            QrisResult::RngFailure => "the system random number generator failed",
            QrisResult::EmptySecret => "the secret is empty (or only whitespace): refusing to sign or verify with it",
            QrisResult::Mismatch => "the notification is for another order or amount than expected",
            QrisResult::Replayed => {
                "notification already received: the same signed request, or its X-EXTERNAL-ID used today"
            }
            QrisResult::ReplayStore => "the replay store could not answer (full, or its callback failed)",
            QrisResult::InvalidImage => {
                "the image cannot be scanned: not PNG or JPEG, corrupt, too large, or dimensions that do not fit"
            }
            QrisResult::Panic => "internal error (a caught panic): please report it",
        }
    }
}

impl std::fmt::Display for QrisResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl TryFrom<u32> for QrisResult {
    type Error = u32;
    fn try_from(code: u32) -> Result<Self, u32> {
        QrisResult::ALL.iter().copied().find(|r| *r as u32 == code).ok_or(code)
    }
}

/// Runs `f`, turning a panic into [`QrisResult::Panic`].
fn guard(f: impl FnOnce() -> Result<(), QrisResult> + UnwindSafe) -> QrisResult {
    match catch_unwind(f) {
        Ok(Ok(())) => QrisResult::Ok,
        Ok(Err(e)) => e,
        Err(_) => QrisResult::Panic,
    }
}

/// The bytes of an input `(ptr, len)`; `(NULL, 0)` is empty. A length above
/// `PTRDIFF_MAX` cannot describe real memory (and a slice of it would be
/// undefined behaviour): `QRIS_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// A non-NULL `ptr` must point to `len` readable bytes that outlive `'a`.
unsafe fn input<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], QrisResult> {
    if isize::try_from(len).is_err() {
        return Err(QrisResult::InvalidArgument);
    }
    if ptr.is_null() {
        return if len == 0 { Ok(&[]) } else { Err(QrisResult::NullParameter) };
    }
    // SAFETY: the caller guarantees `ptr` points to `len` readable bytes for 'a,
    // and `len` fits an `isize` (checked above).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An input that must be UTF-8 text.
///
/// # Safety
/// As [`input`].
unsafe fn text<'a>(ptr: *const u8, len: usize) -> Result<&'a str, QrisResult> {
    // SAFETY: the same contract as `input`, which this passes on unchanged.
    let bytes = unsafe { input(ptr, len) }?;
    std::str::from_utf8(bytes).map_err(|_| QrisResult::InvalidUtf8)
}

/// Writes `bytes` to `(out, cap)` and its length to `*out_len`; if `cap` is too
/// small, only `*out_len` is written (the size needed).
///
/// # Safety
/// `out` must be NULL or point to `cap` writable bytes; `out_len` must be NULL or
/// point to a writable `size_t`.
unsafe fn output(bytes: &[u8], out: *mut u8, cap: usize, out_len: *mut usize) -> Result<(), QrisResult> {
    if out_len.is_null() {
        return Err(QrisResult::NullParameter);
    }
    if bytes.len() > cap {
        // SAFETY: `out_len` is non-NULL and writable (caller contract).
        unsafe { *out_len = bytes.len() };
        return Err(QrisResult::BufferTooSmall);
    }
    if out.is_null() && !bytes.is_empty() {
        return Err(QrisResult::NullParameter);
    }
    if !bytes.is_empty() {
        // SAFETY: `out` has `cap >= bytes.len()` writable bytes that cannot overlap
        // `bytes`, which the library owns.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), out, bytes.len()) };
    }
    // SAFETY: `out_len` is non-NULL and writable (caller contract).
    unsafe { *out_len = bytes.len() };
    Ok(())
}

/// Writes exactly `N` bytes to a fixed-size output.
///
/// # Safety
/// `out` must be NULL or point to `N` writable bytes.
unsafe fn output_fixed<const N: usize>(bytes: &[u8; N], out: *mut c_char) -> Result<(), QrisResult> {
    if out.is_null() {
        return Err(QrisResult::NullParameter);
    }
    // SAFETY: `out` points to N writable bytes (caller contract) not owned by us.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), out.cast::<u8>(), N) };
    Ok(())
}

/// Writes `value` to `*out` (which must not be NULL).
///
/// # Safety
/// `out` NULL or writable.
unsafe fn put<T>(out: *mut T, value: T) -> Result<(), QrisResult> {
    // SAFETY: NULL or writable (caller contract).
    let out = unsafe { out.as_mut() }.ok_or(QrisResult::NullParameter)?;
    *out = value;
    Ok(())
}

/// Moves `value` into a new heap handle written to `*out`.
///
/// # Safety
/// `out` must be NULL (refused) or point to a writable pointer.
unsafe fn new_handle<T>(out: *mut *mut T, value: T) -> Result<(), QrisResult> {
    if out.is_null() {
        return Err(QrisResult::NullParameter);
    }
    // SAFETY: `out` is non-NULL and writable (caller contract).
    unsafe { *out = Box::into_raw(Box::new(value)) };
    Ok(())
}

/// Frees a handle made by [`new_handle`]; NULL does nothing.
///
/// # Safety
/// `handle` must be NULL or come from [`new_handle`] and not be freed yet.
unsafe fn free_handle<T>(handle: *mut T) {
    if !handle.is_null() {
        // SAFETY: it came from Box::into_raw in new_handle and is freed once.
        drop(unsafe { Box::from_raw(handle) });
    }
}

/// Bytes with a length, not NUL-terminated. As an output, `ptr` points into the
/// caller's input (or into static data) and `ptr == NULL` means "absent". As an
/// input, `ptr == NULL` with `len == 0` is empty (or "absent" for an optional field).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QrisStr {
    /// The first byte, or NULL.
    pub ptr: *const u8,
    /// The number of bytes.
    pub len: usize,
}

impl QrisStr {
    const NONE: QrisStr = QrisStr { ptr: std::ptr::null(), len: 0 };

    pub(crate) fn of(s: Option<&str>) -> QrisStr {
        s.map_or(QrisStr::NONE, |s| QrisStr { ptr: s.as_ptr(), len: s.len() })
    }

    /// The bytes of an input field (`(NULL, 0)`: empty).
    ///
    /// # Safety
    /// A non-NULL `ptr` must point to `len` readable bytes that outlive `'a`.
    unsafe fn bytes<'a>(self) -> Result<&'a [u8], QrisResult> {
        // SAFETY: the same contract as `input`, passed on unchanged.
        unsafe { input(self.ptr, self.len) }
    }

    /// The text of an input field (`(NULL, 0)`: empty).
    ///
    /// # Safety
    /// As [`QrisStr::bytes`].
    unsafe fn text<'a>(self) -> Result<&'a str, QrisResult> {
        // SAFETY: the same contract as `input`, passed on unchanged.
        unsafe { text(self.ptr, self.len) }
    }

    /// The text of an input field; `None` when `ptr` is NULL (absent).
    ///
    /// # Safety
    /// As [`QrisStr::bytes`].
    unsafe fn optional<'a>(self) -> Result<Option<&'a str>, QrisResult> {
        if self.ptr.is_null() {
            return if self.len == 0 { Ok(None) } else { Err(QrisResult::NullParameter) };
        }
        // SAFETY: the same contract as `input`, passed on unchanged.
        unsafe { text(self.ptr, self.len) }.map(Some)
    }
}

/// The library version, e.g. `"0.2.0"`: a static NUL-terminated string (never free it).
#[no_mangle]
pub extern "C" fn qris_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// A human message for a result code, copied to `(buf, cap)` without a NUL;
/// `*out_len` receives its length. An unknown code gets "unknown result code".
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_result_message(
    code: u32,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    let msg = QrisResult::try_from(code).map_or("unknown result code", QrisResult::message);
    guard(move || write_out!(msg.as_bytes(), buf.cast(), cap, out_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deliberately panicking entry point, in test builds only.
    extern "C" fn qris_test_panic() -> QrisResult {
        guard(|| panic!("deliberate panic to test the boundary"))
    }

    #[test]
    fn a_panic_never_crosses_the_boundary() {
        assert_eq!(qris_test_panic(), QrisResult::Panic);
    }

    #[test]
    fn result_codes_round_trip_through_their_numbers() {
        for r in QrisResult::ALL {
            assert_eq!(QrisResult::try_from(r as u32), Ok(r));
            assert!(!r.message().is_empty());
        }
        assert_eq!(QrisResult::try_from(42), Err(42));
        // ALL lists each code once, in order.
        assert!(QrisResult::ALL.windows(2).all(|w| (w[0] as u32) < (w[1] as u32)));
        assert_eq!(QrisResult::ALL[QrisResult::ALL.len() - 1], QrisResult::Panic);
    }

    #[test]
    fn header_constants_are_the_cores() {
        assert_eq!(QRIS_DEFAULT_WINDOW_SECONDS, qris_sign::DEFAULT_WINDOW_SECONDS);
        assert_eq!(QRIS_MIDTRANS_ORDER_ID_MAX, qris_sign::midtrans::MAX_ORDER_ID_LEN);
        // The notification's arrays hold the longest signed fields and their NULs.
        let n = QrisMidtransNotification {
            outcome: QrisOutcome::Unknown,
            deliver: false,
            order_id: [0; 51],
            order_id_len: 0,
            gross_amount: [0; 20],
            amount_minor: 0,
            status_code: [0; 4],
        };
        assert_eq!(n.order_id.len(), QRIS_MIDTRANS_ORDER_ID_MAX + 1);
        assert_eq!(n.gross_amount.len(), qris_sign::midtrans::MAX_AMOUNT_DIGITS + ".00".len() + 1);
    }

    #[test]
    fn buffers_too_small_say_how_much_is_needed() {
        let mut len = 0usize;
        let mut buf = [0u8; 4];
        // SAFETY: valid pointers to local buffers.
        let r = unsafe { output(b"hello", buf.as_mut_ptr(), buf.len(), std::ptr::from_mut(&mut len)) };
        assert_eq!((r, len, buf), (Err(QrisResult::BufferTooSmall), 5, [0; 4]));
        // SAFETY: (NULL, 0) is the empty input.
        assert_eq!(unsafe { input(std::ptr::null(), 0) }, Ok(&[][..]));
        // SAFETY: NULL with a length is refused before use.
        assert_eq!(unsafe { input(std::ptr::null(), 3) }, Err(QrisResult::NullParameter));
        for len in [isize::MAX as usize + 1, usize::MAX] {
            // SAFETY: lengths past PTRDIFF_MAX are refused before any slice is made.
            assert_eq!(unsafe { input(buf.as_ptr(), len) }, Err(QrisResult::InvalidArgument));
        }
    }
}
