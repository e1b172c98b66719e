//! Signatures (qris-sign): keys, `minify`, `body_hash`; the `qris.snap`
//! signing and verification functions and X-TIMESTAMP; the `qris.midtrans`
//! `signature_key`. RSA work runs with the GIL released.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyString};
use qris_sign::{Encoding, Freshness, HmacSigner, Secret, Timestamp, TimestampError};
use zeroize::Zeroize;

use crate::error::{
    empty_secret, json_error, key_error, sign_error, signature_key_error, timestamp_error, verify_error, QrisError,
};
use crate::{bytes_of, Text};

fn encoding(name: &str) -> PyResult<Encoding> {
    name.parse().map_err(|e| QrisError::new_err(format!("{e}, not {name:?}")))
}

/// Hands the bytes of a secret (`str` or bytes) to `f` without keeping a copy:
/// borrowed where Python allows it, and a temporary copy (from `bytearray` or
/// `memoryview`) is wiped.
fn with_secret<R>(obj: &Bound<'_, PyAny>, f: impl FnOnce(&[u8]) -> R) -> PyResult<R> {
    let data = bytes_of(obj)?;
    let out = f(&data);
    if let crate::Data::Copied(mut copy) = data {
        copy.zeroize();
    }
    Ok(out)
}

/// A secret from `str` or bytes (see [`with_secret`]).
pub(crate) fn secret_of(obj: &Bound<'_, PyAny>) -> PyResult<Secret> {
    with_secret(obj, |b| Secret::from(b))
}

/// A prepared HMAC key; a blank client secret is refused.
fn signer(secret: &Bound<'_, PyAny>) -> PyResult<HmacSigner> {
    with_secret(secret, HmacSigner::new)?.map_err(empty_secret)
}

/// An RSA private key (PKCS#1 or PKCS#8; PEM, DER or Base64). Its `repr` never
/// shows the key.
#[pyclass(frozen, module = "qris")]
pub struct PrivateKey(qris_sign::PrivateKey);

#[pymethods]
impl PrivateKey {
    /// Loads a key from PEM text (or DER / Base64 bytes); raises `InvalidKey`.
    #[staticmethod]
    fn from_pem(data: &Bound<'_, PyAny>) -> PyResult<PrivateKey> {
        with_secret(data, qris_sign::PrivateKey::from_bytes)?.map(PrivateKey).map_err(|e| key_error(&e))
    }
    /// The modulus size in bits.
    #[getter]
    fn bits(&self) -> usize {
        self.0.bits()
    }
    fn __repr__(&self) -> String {
        format!("PrivateKey({} bits, [REDACTED])", self.0.bits())
    }
}

/// An RSA public key (SPKI, PKCS#1 or an X.509 certificate, whose key is taken
/// and nothing else checked; PEM, DER or Base64).
#[pyclass(frozen, module = "qris")]
pub struct PublicKey(qris_sign::PublicKey);

#[pymethods]
impl PublicKey {
    /// Loads a key from PEM text (or DER / Base64 bytes); raises `InvalidKey`.
    /// `allow_legacy_1024=True` also accepts a provider key of 1024 to 2047
    /// bits, for verification only (`is_legacy`, `warning`; verified
    /// notifications list it in `warnings`).
    #[staticmethod]
    #[pyo3(signature = (data, *, allow_legacy_1024 = false))]
    fn from_pem(data: &Bound<'_, PyAny>, allow_legacy_1024: bool) -> PyResult<PublicKey> {
        let data = bytes_of(data)?;
        let key = if allow_legacy_1024 {
            qris_sign::PublicKey::from_bytes_legacy_1024(&data)
        } else {
            qris_sign::PublicKey::from_bytes(&data)
        };
        key.map(PublicKey).map_err(|e| key_error(&e))
    }
    /// The modulus size in bits.
    #[getter]
    fn bits(&self) -> usize {
        self.0.bits()
    }
    /// Whether the key is below 2048 bits (loaded with `allow_legacy_1024=True`).
    #[getter]
    fn is_legacy(&self) -> bool {
        self.0.is_legacy()
    }
    /// `"key.legacy_1024: ..."` for a legacy key, else None.
    #[getter]
    fn warning(&self) -> Option<String> {
        self.0.warning().map(|w| format!("{}: {w}", w.code()))
    }
    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

impl PublicKey {
    pub(crate) fn key(&self) -> &qris_sign::PublicKey {
        &self.0
    }
}

/// Lexically minifies a JSON body (whitespace outside strings removed; numbers,
/// escapes and key order untouched), as SNAP signs it. Raises `JsonError`.
#[pyfunction]
pub fn minify<'py>(py: Python<'py>, body: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let body = bytes_of(body)?;
    match qris_sign::minify(&body) {
        Ok(m) => Ok(PyBytes::new(py, &m)),
        Err(e) => Err(json_error(py, &e)),
    }
}

/// The SNAP body hash: lowercase hex SHA-256 of the minified body (`""` hashes
/// the empty body, as for GET). Raises `JsonError`.
#[pyfunction]
pub fn body_hash(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<String> {
    let body = bytes_of(body)?;
    qris_sign::body_hash(&body).map(|h| h.as_str().to_owned()).map_err(|e| json_error(py, &e))
}

/// X-SIGNATURE for a transactional request: HMAC-SHA512 with the client secret
/// over `METHOD:path:token:sha256hex(minify(body)):timestamp` (a `Bearer `
/// prefix on the token is ignored), Base64 (or `encoding="hex"`). Sign the body
/// bytes you send and the timestamp exactly as in X-TIMESTAMP. A blank secret
/// raises `QrisError`.
#[pyfunction]
#[pyo3(signature = (secret, method, path, token, body, timestamp, *, encoding = Text::BASE64), text_signature = "(secret, method, path, token, body, timestamp, *, encoding='base64')")]
#[allow(clippy::too_many_arguments)]
pub fn sign_hmac(
    py: Python<'_>,
    secret: &Bound<'_, PyAny>,
    method: Text,
    path: Text,
    token: Text,
    body: &Bound<'_, PyAny>,
    timestamp: Text,
    encoding: Text,
) -> PyResult<String> {
    signer(secret)?
        .sign_request(&method, &path, &token, &bytes_of(body)?, &timestamp, self::encoding(&encoding)?)
        .map_err(|e| json_error(py, &e))
}

/// Checks X-TIMESTAMP (within `window` seconds of `now`, Unix seconds, default
/// the system clock), then a symmetric X-SIGNATURE (Base64 or hex) in constant
/// time; raises `InvalidTimestamp`, `InvalidSignature` (or `JsonError` when the
/// body is not JSON). A signature verifies in several spellings: a replay guard
/// must key on the decoded bytes, never on the header text.
#[pyfunction]
#[pyo3(signature = (secret, method, path, token, body, timestamp, signature, *, window = 300, now = None))]
#[allow(clippy::too_many_arguments)]
pub fn verify_hmac(
    py: Python<'_>,
    secret: &Bound<'_, PyAny>,
    method: Text,
    path: Text,
    token: Text,
    body: &Bound<'_, PyAny>,
    timestamp: Text,
    signature: Text,
    window: u64,
    now: Option<i64>,
) -> PyResult<()> {
    signer(secret)?
        .verify_request(&method, &path, &token, &bytes_of(body)?, &timestamp, &signature, Freshness::of(now, window))
        .map_err(|e| verify_error(py, e))
}

/// X-SIGNATURE with SHA256withRSA over `METHOD:path:sha256hex(minify(body)):timestamp`
/// (notifications and asymmetric requests), Base64 (or `encoding="hex"`).
#[pyfunction]
#[pyo3(signature = (key, method, path, body, timestamp, *, encoding = Text::BASE64), text_signature = "(key, method, path, body, timestamp, *, encoding='base64')")]
pub fn sign_rsa(
    py: Python<'_>,
    key: &PrivateKey,
    method: Text,
    path: Text,
    body: &Bound<'_, PyAny>,
    timestamp: Text,
    encoding: Text,
) -> PyResult<String> {
    let (data, enc) = (bytes_of(body)?, self::encoding(&encoding)?);
    let body: &[u8] = &data;
    py.detach(|| key.0.sign_request(&method, &path, body, &timestamp, enc)).map_err(|e| sign_error(py, e))
}

/// Checks X-TIMESTAMP, then an asymmetric X-SIGNATURE with the sender's public
/// key; `path` is your own relative URL as the sender signed it. Raises
/// `InvalidTimestamp` or `InvalidSignature`.
#[pyfunction]
#[pyo3(signature = (public_key, method, path, body, timestamp, signature, *, window = 300, now = None))]
#[allow(clippy::too_many_arguments)]
pub fn verify_rsa(
    py: Python<'_>,
    public_key: &PublicKey,
    method: Text,
    path: Text,
    body: &Bound<'_, PyAny>,
    timestamp: Text,
    signature: Text,
    window: u64,
    now: Option<i64>,
) -> PyResult<()> {
    let data = bytes_of(body)?;
    let body: &[u8] = &data;
    let fresh = Freshness::of(now, window);
    py.detach(|| public_key.0.verify_request(&method, &path, body, &timestamp, &signature, fresh))
        .map_err(|e| verify_error(py, e))
}

/// The B2B access-token X-SIGNATURE: SHA256withRSA over `clientId|timestamp`.
#[pyfunction]
#[pyo3(signature = (key, client_id, timestamp, *, encoding = Text::BASE64), text_signature = "(key, client_id, timestamp, *, encoding='base64')")]
pub fn sign_b2b(
    py: Python<'_>,
    key: &PrivateKey,
    client_id: Text,
    timestamp: Text,
    encoding: Text,
) -> PyResult<String> {
    let enc = self::encoding(&encoding)?;
    py.detach(|| key.0.sign_b2b(&client_id, &timestamp, enc)).map_err(|e| sign_error(py, e))
}

/// Checks X-TIMESTAMP, then a B2B access-token signature; raises
/// `InvalidTimestamp` or `InvalidSignature`.
#[pyfunction]
#[pyo3(signature = (public_key, client_id, timestamp, signature, *, window = 300, now = None))]
pub fn verify_b2b(
    py: Python<'_>,
    public_key: &PublicKey,
    client_id: Text,
    timestamp: Text,
    signature: Text,
    window: u64,
    now: Option<i64>,
) -> PyResult<()> {
    let fresh = Freshness::of(now, window);
    py.detach(|| public_key.0.verify_b2b(&client_id, &timestamp, &signature, fresh)).map_err(|e| verify_error(py, e))
}

/// The RFC 3986 canonical form of a relative URL (path segments and query
/// parameters percent-encoded, parameters sorted by name), for providers that
/// sign it (BCA): sign and verify with it as the path. Not the SNAP default.
/// Raises `QrisError` for a malformed `%` escape.
#[pyfunction]
pub fn canonical_url(url: Text) -> PyResult<String> {
    qris_sign::canonical_url(&url).map_err(|e| QrisError::new_err(e.to_string()))
}

/// X-TIMESTAMP for now at +07:00 (WIB), e.g. `2024-03-19T14:30:00+07:00`.
#[pyfunction]
#[pyo3(signature = (*, millis = false))]
pub fn timestamp(millis: bool) -> String {
    Timestamp::now().format(millis)
}

/// X-TIMESTAMP for `unix` (seconds since 1970, UTC; an `int`, or a `float`
/// rounded to the microsecond as `datetime.fromtimestamp` does) at
/// `offset_minutes` from UTC (420, `+07:00`, by default; 0 writes `Z`). Raises
/// `QrisError` for a time before 1970 or after 9999, or an offset beyond 18
/// hours.
#[pyfunction]
#[pyo3(signature = (unix, *, offset_minutes = 420, millis = false))]
pub fn format_timestamp(unix: &Bound<'_, PyAny>, offset_minutes: i64, millis: bool) -> PyResult<String> {
    let (secs, nanos) = if unix.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err("unix must be int or float seconds, not bool"));
    } else if let Ok(i) = unix.extract::<i64>() {
        (i, 0)
    } else if let Ok(f) = unix.extract::<f64>() {
        let (secs, micros) = (f.floor(), ((f - f.floor()) * 1e6).round());
        let (secs, micros) = if micros >= 1e6 { (secs + 1.0, 0.0) } else { (secs, micros) };
        if !(0.0..=MAX_UNIX_F64).contains(&secs) {
            return Err(unwritable());
        }
        // Both are whole and in range (checked just above; micros < 1e6).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        (secs as i64, micros as u32 * 1000)
    } else if unix.extract::<i128>().is_ok() {
        return Err(unwritable());
    } else {
        return Err(PyTypeError::new_err("unix must be int or float seconds"));
    };
    let offset = i16::try_from(offset_minutes).map_err(|_| unwritable())?;
    let ts = Timestamp::checked(secs, nanos, offset).map_err(|_| unwritable())?;
    Ok(ts.format(millis))
}

fn unwritable() -> PyErr {
    QrisError::new_err(TimestampError::Unwritable.to_string())
}
/// 9999-12-31T23:59:59Z.
const MAX_UNIX_F64: f64 = 253_402_300_799.0;

/// Checks a received X-TIMESTAMP: ISO-8601 (any offset, fractions allowed) and
/// within `window` seconds of `now` (Unix seconds; default the system clock).
/// Raises `InvalidTimestamp`.
#[pyfunction]
#[pyo3(signature = (timestamp, *, window = 300, now = None))]
pub fn check_timestamp(timestamp: Text, window: u64, now: Option<i64>) -> PyResult<()> {
    Freshness::of(now, window).check(&timestamp).map(drop).map_err(timestamp_error)
}

/// The `signature_key` Midtrans puts in a notification: lowercase hex SHA-512
/// of `order_id + status_code + gross_amount + server_key`. Pass `gross_amount`
/// exactly as received (`"789000.00"`); a number raises `TypeError`, fields not
/// in Midtrans' form and a blank server key `QrisError`.
#[pyfunction]
pub fn signature_key(
    order_id: Text,
    status_code: Text,
    gross_amount: &Bound<'_, PyAny>,
    server_key: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let gross = gross_amount_text(gross_amount)?;
    qris_sign::midtrans::signature_key(&order_id, &status_code, &gross, &secret_of(server_key)?)
        .map_err(signature_key_error)
}

/// Checks a `signature_key` (hex, either case) in constant time against the
/// fields as received; raises `InvalidSignature`, or `QrisError` for fields not
/// in Midtrans' form or a blank server key (before any hashing).
#[pyfunction]
pub fn verify_signature_key(
    order_id: Text,
    status_code: Text,
    gross_amount: &Bound<'_, PyAny>,
    server_key: &Bound<'_, PyAny>,
    signature_key: Text,
) -> PyResult<()> {
    let gross = gross_amount_text(gross_amount)?;
    qris_sign::midtrans::verify_signature_key(&order_id, &status_code, &gross, &secret_of(server_key)?, &signature_key)
        .map_err(signature_key_error)
}

fn gross_amount_text(gross_amount: &Bound<'_, PyAny>) -> PyResult<String> {
    if !gross_amount.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "gross_amount must be the str Midtrans sent (e.g. \"789000.00\"): a number would lose its decimals",
        ));
    }
    Ok(gross_amount.extract::<Text>()?.to_owned())
}
