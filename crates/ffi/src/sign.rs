//! Signatures (qris-sign): minify, body hash, HMAC and RSA signing and
//! verification, keys, Midtrans `signature_key`, timestamps.

use std::ffi::c_char;

use qris_sign::{Encoding, Freshness, Secret, Timestamp};

use crate::{guard, QrisResult, QrisStr};

/// How a signature is written: `qris_encoding` values for the signing
/// functions (named as in the CLI and Python).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisEncoding {
    /// `base64`: standard Base64 with padding (the SNAP default).
    Base64 = 0,
    /// `hex`: lowercase hexadecimal.
    Hex = 1,
}

impl TryFrom<u32> for QrisEncoding {
    type Error = QrisResult;
    fn try_from(value: u32) -> Result<Self, QrisResult> {
        match value {
            0 => Ok(QrisEncoding::Base64),
            1 => Ok(QrisEncoding::Hex),
            _ => Err(QrisResult::InvalidArgument),
        }
    }
}

impl From<QrisEncoding> for Encoding {
    fn from(e: QrisEncoding) -> Encoding {
        match e {
            QrisEncoding::Base64 => Encoding::Base64,
            QrisEncoding::Hex => Encoding::Hex,
        }
    }
}

/// The encoding a `qris_encoding` value names.
fn encoding(value: u32) -> Result<Encoding, QrisResult> {
    QrisEncoding::try_from(value).map(Encoding::from)
}

/// A SNAP request as signed: every field is a `qris_str` input (`{NULL, 0}` is
/// empty). The relative `path` includes the query; `timestamp` is X-TIMESTAMP
/// exactly as sent; `body` is the raw body (minified before hashing; empty for
/// GET). `token` is the access token (a `Bearer ` prefix is ignored) and is
/// used by the symmetric (HMAC) signature only.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisRequest {
    /// HTTP method (uppercased when signed).
    pub method: QrisStr,
    /// The relative URL as sent, e.g. `/v1.0/debit/notify` (the receiver's own,
    /// when verifying a notification).
    pub path: QrisStr,
    /// The access token (HMAC only; ignored by RSA).
    pub token: QrisStr,
    /// The raw body bytes.
    pub body: QrisStr,
    /// X-TIMESTAMP exactly as sent.
    pub timestamp: QrisStr,
}

/// A request's fields, borrowed for the call.
pub(crate) struct Request<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) token: &'a str,
    pub(crate) body: &'a [u8],
    pub(crate) timestamp: &'a str,
}

impl<'a> Request<'a> {
    /// The SNAP notify request this is, with the X-SIGNATURE received (the
    /// token is not part of a notification).
    pub(crate) fn notification(&self, signature: &'a str) -> qris_snap::SnapNotifyRequest<'a> {
        qris_snap::SnapNotifyRequest {
            method: self.method,
            path: self.path,
            body: self.body,
            timestamp: self.timestamp,
            signature,
        }
    }
}

/// Reads a `qris_request` (NULL: `QRIS_RESULT_NULL_PARAMETER`); see `request!`.
///
/// # Safety
/// `r` is NULL or points to a readable request whose fields are inputs.
pub(crate) unsafe fn request<'a>(r: *const QrisRequest) -> Result<Request<'a>, QrisResult> {
    let r = try_ref!(r);
    // SAFETY: the caller's contract: each field of the request is an input.
    let (method, path, token, body, timestamp) =
        unsafe { (r.method.text()?, r.path.text()?, r.token.text()?, r.body.bytes()?, r.timestamp.text()?) };
    Ok(Request { method, path, token, body, timestamp })
}

/// How fresh X-TIMESTAMP must be: within `window_seconds` of the caller's clock
/// (`*now_unix`) or, when `now_unix` is NULL, of the system clock; see `freshness!`.
///
/// # Safety
/// `now_unix` is NULL or points to a readable `int64_t`.
pub(crate) unsafe fn freshness(now_unix: *const i64, window_seconds: u64) -> Freshness {
    // SAFETY: the caller's contract: NULL or readable.
    Freshness::of(unsafe { now_unix.as_ref() }.copied(), window_seconds)
}

/// The X-TIMESTAMP window verifications use by default: 300 seconds either side
/// of now. Pass it as `window_seconds` unless the provider says otherwise.
// A literal so that cbindgen writes it to the header; a test pins it to the core's.
pub const QRIS_DEFAULT_WINDOW_SECONDS: u64 = 300;

/// Lexically minifies a JSON body into `(out, cap)`. On `QRIS_RESULT_INVALID_JSON`,
/// `*out_error_offset` (if not NULL) receives the byte offset of the first error.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
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
        let json = bytes!(json, len);
        match qris_sign::minify(json) {
            Ok(m) => write_out!(&m, out, cap, out_len),
            Err(e) => {
                put_optional!(out_error_offset, e.offset);
                Err(e.into())
            }
        }
    })
}

/// The SNAP body hash (lowercase hex SHA-256 of the minified body) into `out`
/// (64 bytes, no NUL).
///
/// # Safety
/// Pointers follow the conventions at the top of this header; `out` holds 64 bytes.
#[no_mangle]
pub unsafe extern "C" fn qris_body_hash(json: *const u8, len: usize, out: *mut c_char) -> QrisResult {
    guard(move || {
        let hash = qris_sign::body_hash(bytes!(json, len))?;
        let mut digits = [0u8; 64];
        digits.copy_from_slice(hash.as_str().as_bytes());
        write_fixed!(&digits, out)
    })
}

/// The RFC 3986 canonical form of a relative URL (path segments and query
/// parameters percent-encoded, parameters sorted by name), for providers that
/// sign it (BCA); sign and verify with it as the request's path. Not the SNAP
/// default. `QRIS_RESULT_INVALID_ARGUMENT` for a malformed `%` escape.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_canonical_url(
    url: *const u8,
    len: usize,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let canonical = qris_sign::canonical_url(text!(url, len))?;
        write_out!(canonical.as_bytes(), out, cap, out_len)
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
/// `qris_hmac_signer_free`. `QRIS_RESULT_EMPTY_SECRET` for an empty or
/// whitespace-only secret.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_hmac_signer_new(secret: *const u8, len: usize, out: *mut *mut HmacSigner) -> QrisResult {
    guard(move || {
        let signer = qris_sign::HmacSigner::new(bytes!(secret, len))?;
        new_handle!(out, HmacSigner(signer))
    })
}

/// Frees a signer; NULL does nothing.
///
/// # Safety
/// NULL, or a signer from `qris_hmac_signer_new` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_hmac_signer_free(signer: *mut HmacSigner) {
    free_handle!(signer);
}

/// Signs a SNAP request (symmetric): HMAC-SHA512 over
/// `METHOD:path:token:sha256hex(minify(body)):timestamp`, written in `encoding`
/// (a `qris_encoding`: Base64 is the SNAP default), into `(out, cap)`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_hmac_sign_request(
    signer: *const HmacSigner,
    request: *const QrisRequest,
    encoding: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let signer = try_ref!(signer);
        let (r, encoding) = (request!(request), self::encoding(encoding)?);
        let sig = signer.0.sign_request(r.method, r.path, r.token, r.body, r.timestamp, encoding)?;
        write_out!(sig.as_bytes(), out, cap, out_len)
    })
}

/// Verifies a SNAP symmetric signature (Base64 or hex) in constant time, after
/// checking X-TIMESTAMP: within `window_seconds` (`QRIS_DEFAULT_WINDOW_SECONDS`
/// unless the provider says otherwise) of the system clock, or of `*now_unix`
/// when not NULL. A stale request is `QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW` even
/// when its signature is right. A signature verifies in several spellings
/// (Base64, hex in either case): a replay guard must key on the decoded bytes.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_hmac_verify_request(
    signer: *const HmacSigner,
    request: *const QrisRequest,
    signature: *const u8,
    signature_len: usize,
    now_unix: *const i64,
    window_seconds: u64,
) -> QrisResult {
    guard(move || {
        let signer = try_ref!(signer);
        let (r, signature) = (request!(request), text!(signature, signature_len));
        let fresh = freshness!(now_unix, window_seconds);
        Ok(signer.0.verify_request(r.method, r.path, r.token, r.body, r.timestamp, signature, fresh)?)
    })
}

/// An RSA private key (PKCS#1 or PKCS#8, 2048..=4096 bits). Thread-safe.
pub struct PrivateKey(qris_sign::PrivateKey);

/// An RSA public key (SPKI, PKCS#1 or an X.509 certificate). Thread-safe.
pub struct PublicKey(pub(crate) qris_sign::PublicKey);

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Loads a private key from PEM, DER or Base64 bytes (PKCS#1 or PKCS#8; PEM read
/// strictly: one block, nothing around it). Free it with `qris_private_key_free`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_private_key_load(data: *const u8, len: usize, out: *mut *mut PrivateKey) -> QrisResult {
    guard(move || {
        let key = qris_sign::PrivateKey::from_bytes(bytes!(data, len))?;
        new_handle!(out, PrivateKey(key))
    })
}

/// Frees a private key; NULL does nothing.
///
/// # Safety
/// NULL, or a key from `qris_private_key_load` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_private_key_free(key: *mut PrivateKey) {
    free_handle!(key);
}

/// Loads a public key from PEM, DER or Base64 bytes (SPKI, PKCS#1, or an X.509
/// certificate, whose key is taken and nothing else checked). Free it with
/// `qris_public_key_free`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_public_key_load(data: *const u8, len: usize, out: *mut *mut PublicKey) -> QrisResult {
    guard(move || {
        let key = qris_sign::PublicKey::from_bytes(bytes!(data, len))?;
        new_handle!(out, PublicKey(key))
    })
}

/// `qris_public_key_load`, also accepting a provider key of 1024 to 2047 bits:
/// the explicit opt-in for verifying a legacy provider's signatures (verification
/// only: private keys stay at 2048 bits or more). Keys below 1024 bits are
/// refused. Report `qris_public_key_is_legacy` with the results it verifies.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_public_key_load_legacy_1024(
    data: *const u8,
    len: usize,
    out: *mut *mut PublicKey,
) -> QrisResult {
    guard(move || {
        let key = qris_sign::PublicKey::from_bytes_legacy_1024(bytes!(data, len))?;
        new_handle!(out, PublicKey(key))
    })
}

/// Whether the key is below 2048 bits (loaded with
/// `qris_public_key_load_legacy_1024`): a warning (`key.legacy_1024`) to report
/// with every verification it does. False for NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_public_key_is_legacy(key: *const PublicKey) -> bool {
    // SAFETY: the header's handle convention: NULL or a live key.
    unsafe { key.as_ref() }.is_some_and(|k| k.0.is_legacy())
}

/// The key's modulus size in bits; 0 for NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_public_key_bits(key: *const PublicKey) -> usize {
    // SAFETY: the header's handle convention: NULL or a live key.
    unsafe { key.as_ref() }.map_or(0, |k| k.0.bits())
}

/// Frees a public key; NULL does nothing.
///
/// # Safety
/// NULL, or a key from `qris_public_key_load` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_public_key_free(key: *mut PublicKey) {
    free_handle!(key);
}

/// The B2B access-token signature: `SHA256withRSA` over `clientId|timestamp`,
/// in `encoding`, into `(out, cap)`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
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
        let key = try_ref!(key);
        let (id, ts, encoding) =
            (text!(client_id, client_id_len), text!(timestamp, timestamp_len), self::encoding(encoding)?);
        let sig = key.0.sign_b2b(id, ts, encoding)?;
        write_out!(sig.as_bytes(), out, cap, out_len)
    })
}

/// The asymmetric request or notification signature: `SHA256withRSA` over
/// `METHOD:path:sha256hex(minify(body)):timestamp`, in `encoding`, into
/// `(out, cap)` (the request's `token` is not used).
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_rsa_sign_request(
    key: *const PrivateKey,
    request: *const QrisRequest,
    encoding: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let key = try_ref!(key);
        let (r, encoding) = (request!(request), self::encoding(encoding)?);
        let sig = key.0.sign_request(r.method, r.path, r.body, r.timestamp, encoding)?;
        write_out!(sig.as_bytes(), out, cap, out_len)
    })
}

/// Verifies a B2B access-token signature (Base64 or hex) over `clientId|timestamp`,
/// after checking X-TIMESTAMP as `qris_hmac_verify_request` does.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
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
        let key = try_ref!(key);
        let (id, ts, sig) =
            (text!(client_id, client_id_len), text!(timestamp, timestamp_len), text!(signature, signature_len));
        Ok(key.0.verify_b2b(id, ts, sig, freshness!(now_unix, window_seconds))?)
    })
}

/// Verifies an asymmetric request or notification signature (Base64 or hex)
/// over `METHOD:path:sha256hex(minify(body)):timestamp`, with the receiver's own
/// path, after checking X-TIMESTAMP as `qris_hmac_verify_request` does.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_rsa_verify_request(
    key: *const PublicKey,
    request: *const QrisRequest,
    signature: *const u8,
    signature_len: usize,
    now_unix: *const i64,
    window_seconds: u64,
) -> QrisResult {
    guard(move || {
        let key = try_ref!(key);
        let (r, signature) = (request!(request), text!(signature, signature_len));
        let fresh = freshness!(now_unix, window_seconds);
        Ok(key.0.verify_request(r.method, r.path, r.body, r.timestamp, signature, fresh)?)
    })
}

/// The Midtrans notification `signature_key` (lowercase hex SHA-512 of
/// `order_id + status_code + gross_amount + server_key`) into `out` (128 bytes, no NUL).
/// Fields not in the form Midtrans sends them (an order id of 1 to 50 letters,
/// digits and `-_~.`, a 3-digit status code, an amount like `789000.00`) are
/// `QRIS_RESULT_INVALID_ARGUMENT`; an empty server key `QRIS_RESULT_EMPTY_SECRET`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header; `out` holds 128 bytes.
#[no_mangle]
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
        let (o, s, g) =
            (text!(order_id, order_id_len), text!(status_code, status_code_len), text!(gross_amount, gross_amount_len));
        let key = qris_sign::midtrans::signature_key(o, s, g, &Secret::from(bytes!(server_key, server_key_len)))?;
        let mut digits = [0u8; 128];
        digits.copy_from_slice(key.as_bytes());
        write_fixed!(&digits, out)
    })
}

/// Checks a Midtrans `signature_key` (hex, either case) in constant time:
/// `QRIS_RESULT_OK` or `QRIS_RESULT_INVALID_SIGNATURE`; fields not in the form
/// Midtrans sends them are `QRIS_RESULT_INVALID_ARGUMENT` and an empty server
/// key `QRIS_RESULT_EMPTY_SECRET`, before any hashing.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_midtrans_verify_signature_key(
    order_id: *const u8,
    order_id_len: usize,
    status_code: *const u8,
    status_code_len: usize,
    gross_amount: *const u8,
    gross_amount_len: usize,
    server_key: *const u8,
    server_key_len: usize,
    signature_key: *const u8,
    signature_key_len: usize,
) -> QrisResult {
    guard(move || {
        let (o, s, g) =
            (text!(order_id, order_id_len), text!(status_code, status_code_len), text!(gross_amount, gross_amount_len));
        let (k, sig) = (bytes!(server_key, server_key_len), text!(signature_key, signature_key_len));
        Ok(qris_sign::midtrans::verify_signature_key(o, s, g, &Secret::from(k), sig)?)
    })
}

/// X-TIMESTAMP for now at `+07:00` (WIB): `2024-03-19T14:30:00+07:00` (25 bytes),
/// or with `millis` `2024-03-19T14:30:00.123+07:00` (29 bytes), into `(out, cap)`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_timestamp_now(millis: bool, out: *mut u8, cap: usize, out_len: *mut usize) -> QrisResult {
    guard(move || write_out!(Timestamp::now().format(millis).as_bytes(), out, cap, out_len))
}

/// Formats `unix_ms` (milliseconds since 1970, UTC) as X-TIMESTAMP at
/// `offset_minutes` from UTC (420 for `+07:00`, 0 for `Z`), with milliseconds
/// if `millis`, into `(out, cap)`. `QRIS_RESULT_INVALID_ARGUMENT` for an offset
/// beyond 18 hours either side or a time before 1970 or after 9999.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_timestamp_format(
    unix_ms: i64,
    offset_minutes: i32,
    millis: bool,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let offset = i16::try_from(offset_minutes).map_err(|_| QrisResult::InvalidArgument)?;
        let (secs, ms) = (unix_ms.div_euclid(1000), unix_ms.rem_euclid(1000));
        let nanos = u32::try_from(ms).map_err(|_| QrisResult::InvalidArgument)? * 1_000_000;
        let ts = Timestamp::checked(secs, nanos, offset)?;
        write_out!(ts.format(millis).as_bytes(), out, cap, out_len)
    })
}

/// Checks a received X-TIMESTAMP: ISO-8601 (any offset, fractions allowed) and
/// within `window_seconds` of now (or of `*now_unix` when not NULL).
/// `QRIS_RESULT_INVALID_TIMESTAMP` or `QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW`
/// otherwise; a clock before 1970 or after 9999 is `QRIS_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_timestamp_check(
    timestamp: *const u8,
    len: usize,
    now_unix: *const i64,
    window_seconds: u64,
) -> QrisResult {
    guard(move || {
        freshness!(now_unix, window_seconds).check(text!(timestamp, len))?;
        Ok(())
    })
}
