//! # The C ABI of qris
//!
//! Thin wrappers over the Rust crates, following the rustls-ffi rules:
//!
//! - every fallible function returns a [`QrisResult`] (`qris_result` in C);
//!   outputs are written only on success, except that a too-small buffer gets
//!   `QRIS_RESULT_BUFFER_TOO_SMALL` and the needed length in `*out_len`;
//! - inputs are `(const uint8_t *ptr, size_t len)`; `(NULL, 0)` is empty input; a
//!   NULL required pointer is `QRIS_RESULT_NULL_PARAMETER`;
//! - no panic crosses the boundary: it becomes `QRIS_RESULT_PANIC`;
//! - handles have `_new` / `_free`, and `_free(NULL)` does nothing.
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

mod more;
mod payload;
mod proto;
// Everything, so Rust code (tests, benchmarks, the fuzz target) calls the same
// entry points C does.
pub use more::*;
pub use payload::*;
pub use proto::*;

/// The outcome of a call.
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
    /// The JSON body is not valid JSON.
    InvalidJson = 5,
    /// The signature does not verify.
    InvalidSignature = 6,
    /// An argument is out of range or malformed (an amount, an option).
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
    /// A panic was caught inside the library (a bug: please report it).
    Panic = 99,
}

/// How a signature is written: `qris_encoding` values for the signing functions.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisEncoding {
    /// Standard Base64 with padding (the SNAP default).
    Base64 = 0,
    /// Lowercase hexadecimal.
    Hex = 1,
}

/// The encoding a `qris_encoding` value names.
fn encoding(value: u32) -> Result<qris_sign::Encoding, QrisResult> {
    match value {
        0 => Ok(qris_sign::Encoding::Base64),
        1 => Ok(qris_sign::Encoding::Hex),
        _ => Err(QrisResult::InvalidArgument),
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
    // SAFETY: the caller guarantees `ptr` points to `len` readable bytes for 'a.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An input that must be UTF-8 text.
///
/// # Safety
/// As [`input`].
unsafe fn text<'a>(ptr: *const u8, len: usize) -> Result<&'a str, QrisResult> {
    // SAFETY: forwarded from the caller.
    let bytes = unsafe { input(ptr, len) }?;
    utf8(bytes).ok_or(QrisResult::InvalidUtf8)
}

/// `bytes` as text. ASCII (nearly every input here) is checked 32 bytes at a
/// time, faster than full UTF-8 validation.
pub(crate) fn utf8(bytes: &[u8]) -> Option<&str> {
    if qris_emv::is_ascii(bytes) {
        // SAFETY: ASCII bytes are valid UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        std::str::from_utf8(bytes).ok()
    }
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

/// Moves `value` into a new heap handle written to `*out`.
///
/// # Safety
/// `out` must be NULL (refused) or point to a writable pointer.
pub(crate) unsafe fn new_handle<T>(out: *mut *mut T, value: T) -> Result<(), QrisResult> {
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
pub(crate) unsafe fn free_handle<T>(handle: *mut T) {
    if !handle.is_null() {
        // SAFETY: it came from Box::into_raw in new_handle and is freed once.
        drop(unsafe { Box::from_raw(handle) });
    }
}

/// The library version, e.g. `"0.1.1"`: a static NUL-terminated string (never free it).
#[no_mangle]
pub extern "C" fn qris_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// A human message for a result code, copied to `(buf, cap)` without a NUL;
/// `*out_len` receives its length.
///
/// # Safety
/// `buf` must be NULL or point to `cap` writable bytes; `out_len` must point to a
/// writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn qris_result_message(
    code: u32,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    let msg: &str = match code {
        0 => "success",
        1 => "a required pointer was NULL",
        2 => "the output buffer is too small; *out_len holds the size needed",
        3 => "invalid payload: it failed its structural or CRC checks",
        4 => "the input is not valid UTF-8",
        5 => "the body is not valid JSON (or not a valid notification)",
        6 => "invalid signature",
        7 => "invalid argument",
        8 => "invalid key: not a usable RSA key of at least 2048 bits",
        9 => "not found",
        10 => "invalid timestamp: expected ISO-8601 like 2024-03-19T14:30:00+07:00",
        11 => "the timestamp is outside the allowed window",
        12 => "the system random number generator failed",
        13 => "the secret is empty (or only whitespace): refusing to sign or verify with it",
        14 => "the notification is for another order or amount than expected",
        99 => "internal error (a caught panic): please report it",
        _ => "unknown result code",
    };
    // SAFETY: forwarded from the caller's contract.
    guard(move || unsafe { output(msg.as_bytes(), buf.cast(), cap, out_len) })
}

/// The CRC16-CCITT-FALSE of `(data, len)` as 4 uppercase hex digits in `out`
/// (no NUL).
///
/// # Safety
/// `data` as any input; `out` must point to 4 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn qris_crc16(data: *const u8, len: usize, out: *mut c_char) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let data = unsafe { input(data, len) }?;
        let hex = qris_emv::crc16_hex(qris_emv::crc16(data));
        // SAFETY: forwarded from the caller's contract.
        unsafe { output_fixed(&hex, out) }
    })
}

/// Validates a payload against the QRIS rules (lenient unless `strict`). On
/// success `*out_valid` says whether there is no error, and `*out_errors` /
/// `*out_warnings` count the diagnostics (each pointer may be NULL if unwanted).
///
/// # Safety
/// `payload` as any input; the out pointers NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn qris_validate(
    payload: *const u8,
    len: usize,
    strict: bool,
    out_valid: *mut bool,
    out_errors: *mut usize,
    out_warnings: *mut usize,
) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let payload = unsafe { text(payload, len) }?;
        let report = qris_emv::Validator::qris().strict(strict).validate(payload);
        let errors = report.errors().count();
        let warnings = report.warnings().count();
        // SAFETY: each pointer is NULL or writable (caller contract).
        unsafe {
            if let Some(v) = out_valid.as_mut() {
                *v = report.is_valid();
            }
            if let Some(e) = out_errors.as_mut() {
                *e = errors;
            }
            if let Some(w) = out_warnings.as_mut() {
                *w = warnings;
            }
        }
        Ok(())
    })
}

/// Lexically minifies a JSON body into `(out, cap)`. On `QRIS_RESULT_INVALID_JSON`,
/// `*out_error_offset` (if not NULL) receives the byte offset of the first error.
///
/// # Safety
/// As [`qris_to_dynamic`]; `out_error_offset` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn qris_minify(
    json: *const u8,
    len: usize,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
    out_error_offset: *mut usize,
) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let json = unsafe { input(json, len) }?;
        match qris_sign::minify(json) {
            // SAFETY: forwarded from the caller's contract.
            Ok(m) => unsafe { output(&m, out, cap, out_len) },
            Err(e) => {
                // SAFETY: NULL or writable (caller contract).
                if let Some(o) = unsafe { out_error_offset.as_mut() } {
                    *o = e.offset;
                }
                Err(QrisResult::InvalidJson)
            }
        }
    })
}

/// The SNAP body hash (lowercase hex SHA-256 of the minified body) into `out`
/// (64 bytes, no NUL).
///
/// # Safety
/// `json` as any input; `out` must point to 64 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn qris_body_hash(json: *const u8, len: usize, out: *mut c_char) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let json = unsafe { input(json, len) }?;
        let hash = qris_sign::body_hash(json).map_err(|_| QrisResult::InvalidJson)?;
        let mut bytes = [0u8; 64];
        bytes.copy_from_slice(hash.as_str().as_bytes());
        // SAFETY: forwarded from the caller's contract.
        unsafe { output_fixed(&bytes, out) }
    })
}

/// A prepared HMAC-SHA512 key (a SNAP client secret). Thread-safe: one signer
/// may be used from many threads at once.
pub struct HmacSigner(qris_sign::HmacSigner);

impl std::fmt::Debug for HmacSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("qris_hmac_signer([REDACTED])")
    }
}

/// Prepares a signer from the client secret's bytes; free it with
/// [`qris_hmac_signer_free`]. `QRIS_RESULT_EMPTY_SECRET` for an empty or
/// whitespace-only secret.
///
/// # Safety
/// `secret` as any input; `out` must point to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn qris_hmac_signer_new(secret: *const u8, len: usize, out: *mut *mut HmacSigner) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let secret = unsafe { input(secret, len) }?;
        let signer = qris_sign::HmacSigner::new(secret).map_err(|_| QrisResult::EmptySecret)?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { new_handle(out, HmacSigner(signer)) }
    })
}

/// Frees a signer; NULL does nothing.
///
/// # Safety
/// `signer` must be NULL or a pointer from [`qris_hmac_signer_new`] not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_hmac_signer_free(signer: *mut HmacSigner) {
    // SAFETY: forwarded from the caller's contract.
    unsafe { free_handle(signer) }
}

/// Signs a SNAP request (symmetric): HMAC-SHA512 over
/// `METHOD:path:token:sha256hex(minify(body)):timestamp`, written in `encoding`
/// (a `qris_encoding`: Base64 is the SNAP default), into `(out, cap)`.
///
/// # Safety
/// `signer` from [`qris_hmac_signer_new`]; every `(ptr, len)` as any input;
/// `out` NULL or `cap` writable bytes; `out_len` writable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn qris_hmac_sign_request(
    signer: *const HmacSigner,
    method: *const u8,
    method_len: usize,
    path: *const u8,
    path_len: usize,
    token: *const u8,
    token_len: usize,
    body: *const u8,
    body_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    encoding: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        // SAFETY: NULL or a live signer (caller contract).
        let signer = unsafe { signer.as_ref() }.ok_or(QrisResult::NullParameter)?;
        let encoding = crate::encoding(encoding)?;
        // SAFETY: forwarded from the caller's contract.
        let (method, path, token, body, timestamp) = unsafe {
            (
                text(method, method_len)?,
                text(path, path_len)?,
                text(token, token_len)?,
                input(body, body_len)?,
                text(timestamp, timestamp_len)?,
            )
        };
        let sig = signer
            .0
            .sign_request(method, path, token, body, timestamp, encoding)
            .map_err(|_| QrisResult::InvalidJson)?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(sig.as_bytes(), out, cap, out_len) }
    })
}

/// The Midtrans notification `signature_key` (lowercase hex SHA-512 of
/// `order_id + status_code + gross_amount + server_key`) into `out` (128 bytes, no NUL).
/// Fields not in the form Midtrans sends them (an order id of 1 to 50 letters,
/// digits and `-_~.`, a 3-digit status code, an amount like `789000.00`) are
/// `QRIS_RESULT_INVALID_ARGUMENT`; an empty server key `QRIS_RESULT_EMPTY_SECRET`.
///
/// # Safety
/// Every `(ptr, len)` as any input; `out` must point to 128 writable bytes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn qris_midtrans_signature_key(
    order_id: *const u8,
    order_id_len: usize,
    status_code: *const u8,
    status_code_len: usize,
    gross_amount: *const u8,
    gross_amount_len: usize,
    server_key: *const u8,
    server_key_len: usize,
    out: *mut c_char,
) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let (o, s, g, k) = unsafe {
            (
                text(order_id, order_id_len)?,
                text(status_code, status_code_len)?,
                text(gross_amount, gross_amount_len)?,
                input(server_key, server_key_len)?,
            )
        };
        let key = qris_sign::midtrans::signature_key(o, s, g, &qris_sign::Secret::from(k)).map_err(midtrans_error)?;
        let mut bytes = [0u8; 128];
        bytes.copy_from_slice(key.as_bytes());
        // SAFETY: forwarded from the caller's contract.
        unsafe { output_fixed(&bytes, out) }
    })
}

/// The C result for a `signature_key` refusal.
pub(crate) fn midtrans_error(e: qris_sign::midtrans::NotificationError) -> QrisResult {
    use qris_sign::midtrans::NotificationError as E;
    match e {
        E::Format(_) => QrisResult::InvalidArgument,
        E::EmptyServerKey => QrisResult::EmptySecret,
        _ => QrisResult::InvalidSignature,
    }
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
    fn the_ascii_check_agrees_with_the_standard_library() {
        let mut buf = [b'a'; 100];
        for len in 0..100 {
            for bad in 0..len {
                buf[bad] = 0xC3;
                assert!(!qris_emv::is_ascii(&buf[..len]), "{len} {bad}");
                assert_eq!(utf8(&buf[..len]).is_some(), std::str::from_utf8(&buf[..len]).is_ok());
                buf[bad] = b'a';
            }
            assert!(qris_emv::is_ascii(&buf[..len]));
        }
        assert_eq!(utf8("Kota Bandung \u{e9}".as_bytes()), Some("Kota Bandung \u{e9}"));
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
