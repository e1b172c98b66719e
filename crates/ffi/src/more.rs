//! RSA keys and signatures, HMAC verification, notifications and rendering.

use std::ffi::c_char;

use crate::payload::QrisStr;
use crate::proto::{freshness, notify_error, timestamp_error};
use crate::{free_handle, guard, input, new_handle, output, text, QrisResult};

/// An RSA private key (PKCS#1 or PKCS#8, 2048..=4096 bits). Thread-safe.
pub struct PrivateKey(qris_sign::PrivateKey);

/// An RSA public key (SPKI, PKCS#1 or an X.509 certificate). Thread-safe.
pub struct PublicKey(pub(crate) qris_sign::PublicKey);

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("qris_private_key([REDACTED])")
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "qris_public_key({} bits)", self.0.bits())
    }
}

/// Loads a private key from PEM, DER or Base64 bytes (literal `\n` tolerated).
/// Free it with [`qris_private_key_free`].
///
/// # Safety
/// `data` as any input; `out` must point to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn qris_private_key_load(data: *const u8, len: usize, out: *mut *mut PrivateKey) -> QrisResult {
    guard(move || {
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        // SAFETY: forwarded from the caller's contract.
        let data = unsafe { input(data, len) }?;
        let key = qris_sign::PrivateKey::from_bytes(data).map_err(|_| QrisResult::InvalidKey)?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { new_handle(out, PrivateKey(key)) }
    })
}

/// Frees a private key; NULL does nothing.
///
/// # Safety
/// NULL or a pointer from [`qris_private_key_load`] not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_private_key_free(key: *mut PrivateKey) {
    // SAFETY: forwarded from the caller's contract.
    unsafe { free_handle(key) }
}

/// Loads a public key from PEM, DER or Base64 bytes (SPKI, PKCS#1, certificate).
/// Free it with [`qris_public_key_free`].
///
/// # Safety
/// `data` as any input; `out` must point to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn qris_public_key_load(data: *const u8, len: usize, out: *mut *mut PublicKey) -> QrisResult {
    guard(move || {
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        // SAFETY: forwarded from the caller's contract.
        let data = unsafe { input(data, len) }?;
        let key = qris_sign::PublicKey::from_bytes(data).map_err(|_| QrisResult::InvalidKey)?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { new_handle(out, PublicKey(key)) }
    })
}

/// Frees a public key; NULL does nothing.
///
/// # Safety
/// NULL or a pointer from [`qris_public_key_load`] not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_public_key_free(key: *mut PublicKey) {
    // SAFETY: forwarded from the caller's contract.
    unsafe { free_handle(key) }
}

/// The B2B access-token signature: Base64 `SHA256withRSA` over `clientId|timestamp`.
///
/// # Safety
/// `key` from [`qris_private_key_load`]; inputs as any input; `out` NULL or `cap`
/// writable bytes; `out_len` writable.
#[no_mangle]
pub unsafe extern "C" fn qris_rsa_sign_b2b(
    key: *const PrivateKey,
    client_id: *const u8,
    client_id_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    encoding: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        // SAFETY: NULL or a live key (caller contract).
        let key = unsafe { key.as_ref() }.ok_or(QrisResult::NullParameter)?;
        let encoding = crate::encoding(encoding)?;
        // SAFETY: forwarded from the caller's contract.
        let (id, ts) = unsafe { (text(client_id, client_id_len)?, text(timestamp, timestamp_len)?) };
        let sig = key.0.sign_b2b(id, ts, encoding).map_err(sign_error)?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(sig.as_bytes(), out, cap, out_len) }
    })
}

fn sign_error(e: qris_sign::SignError) -> QrisResult {
    match e {
        qris_sign::SignError::Body(_) => QrisResult::InvalidJson,
        _ => QrisResult::RngFailure,
    }
}

/// Signs an asymmetric SNAP request: `SHA256withRSA` over
/// `METHOD:path:sha256hex(minify(body)):timestamp`, written in `encoding` (a
/// `qris_encoding`), into `(out, cap)`.
///
/// # Safety
/// `key` from [`qris_private_key_load`]; every `(ptr, len)` as any input; `out`
/// NULL or `cap` writable bytes; `out_len` writable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn qris_rsa_sign_request(
    key: *const PrivateKey,
    method: *const u8,
    method_len: usize,
    path: *const u8,
    path_len: usize,
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
        // SAFETY: NULL or a live key (caller contract).
        let key = unsafe { key.as_ref() }.ok_or(QrisResult::NullParameter)?;
        let encoding = crate::encoding(encoding)?;
        // SAFETY: forwarded from the caller's contract.
        let (m, p, b, t) = unsafe {
            (text(method, method_len)?, text(path, path_len)?, input(body, body_len)?, text(timestamp, timestamp_len)?)
        };
        let sig = key.0.sign_request(m, p, b, t, encoding).map_err(sign_error)?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(sig.as_bytes(), out, cap, out_len) }
    })
}

/// Verifies a B2B access-token signature (Base64 or hex) over `clientId|timestamp`,
/// after checking X-TIMESTAMP: within `window_seconds` (`QRIS_DEFAULT_WINDOW_SECONDS`
/// unless the provider says otherwise) of the system clock, or of `*now_unix`
/// when not NULL. A stale request is `QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW` even when its
/// signature is right.
///
/// # Safety
/// `key` from [`qris_public_key_load`]; every `(ptr, len)` as any input;
/// `now_unix` NULL or readable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn qris_rsa_verify_b2b(
    key: *const PublicKey,
    client_id: *const u8,
    client_id_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    signature: *const u8,
    signature_len: usize,
    now_unix: *const i64,
    window_seconds: u64,
) -> QrisResult {
    guard(move || {
        // SAFETY: NULL or a live key (caller contract).
        let key = unsafe { key.as_ref() }.ok_or(QrisResult::NullParameter)?;
        // SAFETY: forwarded from the caller's contract.
        let (id, ts, sig) = unsafe {
            (text(client_id, client_id_len)?, text(timestamp, timestamp_len)?, text(signature, signature_len)?)
        };
        // SAFETY: forwarded from the caller's contract.
        let fresh = unsafe { freshness(now_unix, window_seconds) };
        key.0.verify_b2b(id, ts, sig, fresh).map_err(verify_error)
    })
}

/// Verifies an asymmetric request or notification signature (Base64 or hex)
/// over `METHOD:path:sha256hex(minify(body)):timestamp`, with the receiver's own
/// path, after checking X-TIMESTAMP as [`qris_rsa_verify_b2b`] does.
///
/// # Safety
/// `key` from [`qris_public_key_load`]; every `(ptr, len)` as any input;
/// `now_unix` NULL or readable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn qris_rsa_verify_request(
    key: *const PublicKey,
    method: *const u8,
    method_len: usize,
    path: *const u8,
    path_len: usize,
    body: *const u8,
    body_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    signature: *const u8,
    signature_len: usize,
    now_unix: *const i64,
    window_seconds: u64,
) -> QrisResult {
    guard(move || {
        // SAFETY: NULL or a live key (caller contract).
        let key = unsafe { key.as_ref() }.ok_or(QrisResult::NullParameter)?;
        // SAFETY: forwarded from the caller's contract.
        let fresh = unsafe { freshness(now_unix, window_seconds) };
        // SAFETY: forwarded from the caller's contract.
        let (method, path, body, timestamp, signature) = unsafe {
            (
                text(method, method_len)?,
                text(path, path_len)?,
                input(body, body_len)?,
                text(timestamp, timestamp_len)?,
                text(signature, signature_len)?,
            )
        };
        key.0.verify_request(method, path, body, timestamp, signature, fresh).map_err(verify_error)
    })
}

pub(crate) fn verify_error(e: qris_sign::VerifyError) -> QrisResult {
    match e {
        qris_sign::VerifyError::Body(_) => QrisResult::InvalidJson,
        qris_sign::VerifyError::Timestamp(t) => timestamp_error(t),
        _ => QrisResult::InvalidSignature,
    }
}

/// Verifies a SNAP symmetric signature (Base64 or hex) in constant time, after
/// checking X-TIMESTAMP as [`qris_rsa_verify_b2b`] does.
///
/// # Safety
/// `signer` from [`crate::qris_hmac_signer_new`]; every `(ptr, len)` as any
/// input; `now_unix` NULL or readable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn qris_hmac_verify_request(
    signer: *const crate::HmacSigner,
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
    signature: *const u8,
    signature_len: usize,
    now_unix: *const i64,
    window_seconds: u64,
) -> QrisResult {
    guard(move || {
        // SAFETY: NULL or a live signer (caller contract).
        let signer = unsafe { signer.as_ref() }.ok_or(QrisResult::NullParameter)?;
        // SAFETY: forwarded from the caller's contract.
        let fresh = unsafe { freshness(now_unix, window_seconds) };
        // SAFETY: forwarded from the caller's contract.
        let (method, path, token, body, timestamp, signature) = unsafe {
            (
                text(method, method_len)?,
                text(path, path_len)?,
                text(token, token_len)?,
                input(body, body_len)?,
                text(timestamp, timestamp_len)?,
                text(signature, signature_len)?,
            )
        };
        signer.0.verify_request(method, path, token, body, timestamp, signature, fresh).map_err(verify_error)
    })
}

/// What a payment status means.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisOutcome {
    /// Paid: deliver.
    Paid = 0,
    /// Waiting.
    Pending = 1,
    /// Card pre-authorisation, not captured.
    Authorized = 2,
    /// Held for fraud review.
    Challenge = 3,
    /// Denied or failed.
    Failed = 4,
    /// Left unpaid until it expired.
    Expired = 5,
    /// Cancelled.
    Cancelled = 6,
    /// Refunded in full.
    Refunded = 7,
    /// Refunded in part.
    PartiallyRefunded = 8,
    /// Charged back in full.
    Chargeback = 9,
    /// Charged back in part.
    PartialChargeback = 10,
    /// The provider does not know it.
    NotFound = 11,
    /// A status this library does not know: not paid.
    Unknown = 12,
}

pub(crate) fn outcome(o: &qris_snap::Outcome) -> QrisOutcome {
    use qris_snap::Outcome as O;
    match o {
        O::Paid => QrisOutcome::Paid,
        O::Pending => QrisOutcome::Pending,
        O::Authorized => QrisOutcome::Authorized,
        O::Challenge => QrisOutcome::Challenge,
        O::Failed { .. } => QrisOutcome::Failed,
        O::Expired => QrisOutcome::Expired,
        O::Cancelled => QrisOutcome::Cancelled,
        O::Refunded { partial: false } => QrisOutcome::Refunded,
        O::Refunded { partial: true } => QrisOutcome::PartiallyRefunded,
        O::Chargeback { partial: false } => QrisOutcome::Chargeback,
        O::Chargeback { partial: true } => QrisOutcome::PartialChargeback,
        O::NotFound => QrisOutcome::NotFound,
        _ => QrisOutcome::Unknown,
    }
}

/// The longest Midtrans `order_id` (`qris_midtrans_notification.order_id` holds it and its NUL).
// A literal so that cbindgen writes it to the header; a test pins it to the core's.
pub const QRIS_MIDTRANS_ORDER_ID_MAX: usize = 50;

/// What a verified Midtrans notification says. `order_id`, `gross_amount` and
/// `status_code` are the signed fields, NUL-terminated; `outcome` and `deliver`
/// come from the signed status code together with the status (a status the code
/// does not agree with is `QRIS_OUTCOME_UNKNOWN`, never paid).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisMidtransNotification {
    /// What the status means.
    pub outcome: QrisOutcome,
    /// Whether to hand over the goods (only when paid).
    pub deliver: bool,
    /// `order_id` (at most `QRIS_MIDTRANS_ORDER_ID_MAX` bytes of `A-Z a-z 0-9 - _ ~ .`), NUL-terminated.
    pub order_id: [c_char; 51],
    /// Its length.
    pub order_id_len: usize,
    /// `gross_amount` as sent (`"789000.00"`), NUL-terminated.
    pub gross_amount: [c_char; 20],
    /// `gross_amount` in minor units (78900000).
    pub amount_minor: u64,
    /// `status_code` (`"200"`), NUL-terminated.
    pub status_code: [c_char; 4],
}

/// What the merchant's own record says an order is: checked against a verified
/// notification by [`qris_midtrans_verify_notification`].
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisMidtransExpected {
    /// The order id.
    pub order_id: QrisStr,
    /// The amount as a decimal: `"789000"`, `"789000.00"` or `"789000.5"`.
    pub amount: QrisStr,
}

/// Copies ASCII `s` into a NUL-terminated array (the caller checked it fits).
fn fill<const N: usize>(s: &str) -> [c_char; N] {
    let mut out = [0 as c_char; N];
    for (o, b) in out.iter_mut().zip(s.bytes().take(N - 1)) {
        *o = c_char::from_ne_bytes([b]);
    }
    out
}

/// Verifies a raw Midtrans HTTP notification: the signed fields' form and the
/// `signature_key` against the server key, then what the signed status code and
/// the status mean. With `expected` (not NULL), the notification must also be
/// for that order and amount (`QRIS_RESULT_MISMATCH` otherwise): pass it, so
/// that a genuine notification for another order never hands over this one's
/// goods. On success `*out` holds the verified order id, amount, outcome and
/// whether to deliver. An empty server key is `QRIS_RESULT_EMPTY_SECRET`; a body
/// that is not a notification (or whose signed fields are not in Midtrans'
/// form) `QRIS_RESULT_INVALID_JSON`.
///
/// # Safety
/// `(body, len)` and `(server_key, server_key_len)` as any input; `expected`
/// NULL or readable (its strings as any input); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn qris_midtrans_verify_notification(
    body: *const u8,
    len: usize,
    server_key: *const u8,
    server_key_len: usize,
    expected: *const QrisMidtransExpected,
    out: *mut QrisMidtransNotification,
) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let (body, key) = unsafe { (input(body, len)?, input(server_key, server_key_len)?) };
        // SAFETY: NULL or readable (caller contract).
        let expected = match unsafe { expected.as_ref() } {
            None => None,
            // SAFETY: its strings are inputs (caller contract).
            Some(e) => Some(unsafe { (text(e.order_id.ptr, e.order_id.len)?, text(e.amount.ptr, e.amount.len)?) }),
        };
        let v = qris_snap::verify_midtrans(body, &qris_sign::Secret::from(key)).map_err(notify_error)?;
        if let Some((order_id, amount)) = expected {
            let amount = qris_snap::Amount::parse_decimal(amount).ok_or(QrisResult::InvalidArgument)?;
            v.expect(order_id, amount).map_err(notify_error)?;
        }
        // SAFETY: NULL or writable (caller contract).
        let out = unsafe { out.as_mut() }.ok_or(QrisResult::NullParameter)?;
        *out = QrisMidtransNotification {
            outcome: outcome(&v.outcome),
            deliver: v.deliver(),
            order_id: fill(v.order_id()),
            order_id_len: v.order_id().len(),
            gross_amount: fill(v.gross_amount()),
            amount_minor: v.amount().minor(),
            status_code: fill(v.status_code()),
        };
        Ok(())
    })
}

/// Thermal paper widths for `qris_render_escpos`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisPaper {
    /// 58 mm, 384 dots.
    Mm58 = 58,
    /// 80 mm, 576 dots.
    Mm80 = 80,
}

/// # Safety
/// As any input.
unsafe fn matrix(payload: *const u8, len: usize) -> Result<qris_render::QrMatrix, QrisResult> {
    // SAFETY: forwarded from the caller's contract.
    let payload = unsafe { text(payload, len) }?;
    qris_render::QrMatrix::encode(payload, &qris_render::RenderOptions::default())
        .map_err(|_| QrisResult::InvalidPayload)
}

/// Renders a payload (checked first; ECC M) as a 1-bit PNG with `scale` (1..=64)
/// pixels per module into `(out, cap)`.
///
/// # Safety
/// `payload` as any input; `out` NULL or `cap` writable bytes; `out_len` writable.
#[no_mangle]
pub unsafe extern "C" fn qris_render_png(
    payload: *const u8,
    len: usize,
    scale: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let m = unsafe { matrix(payload, len) }?;
        if !(1..=64).contains(&scale) {
            return Err(QrisResult::InvalidArgument);
        }
        let png = qris_render::png(&m, scale as usize).map_err(|_| QrisResult::InvalidArgument)?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(&png, out, cap, out_len) }
    })
}

/// Renders a payload as an SVG document (one path, 4-module quiet zone, scalable)
/// into `(out, cap)`.
///
/// # Safety
/// As [`qris_render_png`].
#[no_mangle]
pub unsafe extern "C" fn qris_render_svg(
    payload: *const u8,
    len: usize,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let m = unsafe { matrix(payload, len) }?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(qris_render::svg(&m, None).as_bytes(), out, cap, out_len) }
    })
}

/// Renders a payload as ESC/POS raster bytes (`GS v 0`) centred on `paper`
/// (58 or 80), ready to send to the printer.
///
/// # Safety
/// As [`qris_render_png`].
#[no_mangle]
pub unsafe extern "C" fn qris_render_escpos(
    payload: *const u8,
    len: usize,
    paper: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let paper = match paper {
            58 => qris_render::Paper::Mm58,
            80 => qris_render::Paper::Mm80,
            _ => return Err(QrisResult::InvalidArgument),
        };
        // SAFETY: forwarded from the caller's contract.
        let m = unsafe { matrix(payload, len) }?;
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(&qris_render::escpos(&m, paper), out, cap, out_len) }
    })
}

/// The QR module matrix (quiet zone included) as `width * width` bytes, 1 dark
/// and 0 light, row by row; `*out_width` receives the width.
///
/// # Safety
/// As [`qris_render_png`]; `out_width` writable.
#[no_mangle]
pub unsafe extern "C" fn qris_render_matrix(
    payload: *const u8,
    len: usize,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
    out_width: *mut usize,
) -> QrisResult {
    guard(move || {
        if out_width.is_null() {
            return Err(QrisResult::NullParameter);
        }
        // SAFETY: forwarded from the caller's contract.
        let m = unsafe { matrix(payload, len) }?;
        let bytes: Vec<u8> = m.rows().concat();
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(&bytes, out, cap, out_len) }?;
        // SAFETY: non-NULL and writable (caller contract).
        unsafe { *out_width = m.width() };
        Ok(())
    })
}
