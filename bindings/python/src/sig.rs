//! Signatures: keys, SNAP HMAC / RSA signing and verification, timestamps,
//! Midtrans `signature_key`. RSA work runs with the GIL released.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use qris_sign::{Encoding, Freshness, HmacSigner, Secret, Timestamp, VerifyError};
use zeroize::Zeroize;

use crate::{bytes_of, json_error, str_arg, QrisError};

pyo3::create_exception!(_qris, InvalidKey, QrisError, "Key material that is not a usable RSA key (>= 2048 bits).");
pyo3::create_exception!(_qris, InvalidSignature, QrisError, "A signature that does not verify.");
pyo3::create_exception!(
    _qris,
    InvalidTimestamp,
    QrisError,
    "An X-TIMESTAMP that is malformed or outside the allowed window (a stale or replayed request)."
);

fn encoding(name: &str) -> PyResult<Encoding> {
    name.parse().map_err(|e| QrisError::new_err(format!("{e}, not {name:?}")))
}

fn verify_error(py: Python<'_>, e: VerifyError) -> PyErr {
    match e {
        VerifyError::Body(j) => json_error(py, &j),
        VerifyError::Timestamp(t) => InvalidTimestamp::new_err(format!("X-TIMESTAMP refused: {t}")),
        other => InvalidSignature::new_err(other.to_string()),
    }
}

/// How fresh X-TIMESTAMP must be: within `window` seconds of `now` (Unix
/// seconds), or of the system clock when `now` is None.
pub(crate) fn freshness(window: u64, now: Option<i64>) -> Freshness {
    match now {
        Some(unix) => Freshness::at(Timestamp::from_unix(unix, 0, 0), window),
        None => Freshness::within(window),
    }
}

/// A prepared HMAC key; a blank client secret is refused.
fn signer(secret: &Bound<'_, PyAny>) -> PyResult<HmacSigner> {
    with_secret(secret, HmacSigner::new)?.map_err(|e| QrisError::new_err(e.to_string()))
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
        with_secret(data, qris_sign::PrivateKey::from_bytes)?
            .map(PrivateKey)
            .map_err(|e| InvalidKey::new_err(e.to_string()))
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

/// An RSA public key (SPKI, PKCS#1 or an X.509 certificate; PEM, DER or Base64).
#[pyclass(frozen, module = "qris")]
pub struct PublicKey(qris_sign::PublicKey);

#[pymethods]
impl PublicKey {
    /// Loads a key from PEM text (or DER / Base64 bytes); raises `InvalidKey`.
    #[staticmethod]
    fn from_pem(data: &Bound<'_, PyAny>) -> PyResult<PublicKey> {
        qris_sign::PublicKey::from_bytes(&bytes_of(data)?)
            .map(PublicKey)
            .map_err(|e| InvalidKey::new_err(e.to_string()))
    }
    /// The modulus size in bits.
    #[getter]
    fn bits(&self) -> usize {
        self.0.bits()
    }
    fn __repr__(&self) -> String {
        format!("PublicKey({} bits)", self.0.bits())
    }
}

impl PublicKey {
    pub(crate) fn key(&self) -> &qris_sign::PublicKey {
        &self.0
    }
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
    with_secret(obj, |bytes| Secret::from(bytes))
}

/// The SNAP symmetric signature: HMAC-SHA512 with the client secret over
/// `METHOD:path:token:sha256hex(minify(body)):timestamp` (a `Bearer ` prefix on
/// the token is ignored), Base64 (or `encoding="hex"`).
#[pyfunction]
#[pyo3(signature = (secret, method, path, token, body, timestamp, encoding = "base64"))]
#[allow(clippy::too_many_arguments)]
pub fn snap_sign_hmac(
    py: Python<'_>,
    secret: &Bound<'_, PyAny>,
    method: &str,
    path: &str,
    token: &str,
    body: &Bound<'_, PyAny>,
    timestamp: &str,
    encoding: &str,
) -> PyResult<String> {
    signer(secret)?
        .sign_request(method, path, token, &bytes_of(body)?, timestamp, self::encoding(encoding)?)
        .map_err(|e| json_error(py, &e))
}

/// Verifies a SNAP symmetric signature (Base64 or hex) in constant time, after
/// X-TIMESTAMP (within `window` seconds of `now`, default the clock); raises
/// `InvalidTimestamp`, `InvalidSignature` (or `JsonError` for a body that is not JSON).
#[pyfunction]
#[pyo3(signature = (secret, method, path, token, body, timestamp, signature, window = qris_sign::DEFAULT_WINDOW_SECONDS, now = None))]
#[allow(clippy::too_many_arguments)]
pub fn snap_verify_hmac(
    py: Python<'_>,
    secret: &Bound<'_, PyAny>,
    method: &str,
    path: &str,
    token: &str,
    body: &Bound<'_, PyAny>,
    timestamp: &str,
    signature: &str,
    window: u64,
    now: Option<i64>,
) -> PyResult<()> {
    signer(secret)?
        .verify_request(method, path, token, &bytes_of(body)?, timestamp, signature, freshness(window, now))
        .map_err(|e| verify_error(py, e))
}

fn sign_error(py: Python<'_>, e: qris_sign::SignError) -> PyErr {
    match e {
        qris_sign::SignError::Body(j) => json_error(py, &j),
        other => QrisError::new_err(other.to_string()),
    }
}

/// The SNAP asymmetric signature: SHA256withRSA over
/// `METHOD:path:sha256hex(minify(body)):timestamp`, Base64 (or hex).
#[pyfunction]
#[pyo3(signature = (key, method, path, body, timestamp, encoding = "base64"))]
pub fn snap_sign_rsa(
    py: Python<'_>,
    key: &PrivateKey,
    method: &str,
    path: &str,
    body: &Bound<'_, PyAny>,
    timestamp: &str,
    encoding: &str,
) -> PyResult<String> {
    let (data, enc) = (bytes_of(body)?, self::encoding(encoding)?);
    let body: &[u8] = &data;
    py.detach(|| key.0.sign_request(method, path, body, timestamp, enc)).map_err(|e| sign_error(py, e))
}

/// Verifies a SNAP asymmetric signature (request or notification; `path` is the
/// receiver's own) after X-TIMESTAMP; raises `InvalidTimestamp` or `InvalidSignature`.
#[pyfunction]
#[pyo3(signature = (public_key, method, path, body, timestamp, signature, window = qris_sign::DEFAULT_WINDOW_SECONDS, now = None))]
#[allow(clippy::too_many_arguments)]
pub fn snap_verify_rsa(
    py: Python<'_>,
    public_key: &PublicKey,
    method: &str,
    path: &str,
    body: &Bound<'_, PyAny>,
    timestamp: &str,
    signature: &str,
    window: u64,
    now: Option<i64>,
) -> PyResult<()> {
    let data = bytes_of(body)?;
    let body: &[u8] = &data;
    let fresh = freshness(window, now);
    py.detach(|| public_key.0.verify_request(method, path, body, timestamp, signature, fresh))
        .map_err(|e| verify_error(py, e))
}

/// The B2B access-token signature: SHA256withRSA over `clientId|timestamp`.
#[pyfunction]
#[pyo3(signature = (key, client_id, timestamp, encoding = "base64"))]
pub fn snap_sign_b2b(
    py: Python<'_>,
    key: &PrivateKey,
    client_id: &str,
    timestamp: &str,
    encoding: &str,
) -> PyResult<String> {
    let enc = self::encoding(encoding)?;
    py.detach(|| key.0.sign_b2b(client_id, timestamp, enc)).map_err(|e| sign_error(py, e))
}

/// Verifies a B2B access-token signature after X-TIMESTAMP; raises
/// `InvalidTimestamp` or `InvalidSignature`.
#[pyfunction]
#[pyo3(signature = (public_key, client_id, timestamp, signature, window = qris_sign::DEFAULT_WINDOW_SECONDS, now = None))]
pub fn snap_verify_b2b(
    py: Python<'_>,
    public_key: &PublicKey,
    client_id: &str,
    timestamp: &str,
    signature: &str,
    window: u64,
    now: Option<i64>,
) -> PyResult<()> {
    let fresh = freshness(window, now);
    py.detach(|| public_key.0.verify_b2b(client_id, timestamp, signature, fresh)).map_err(|e| verify_error(py, e))
}

/// X-TIMESTAMP for now at +07:00: `2024-03-19T14:30:00+07:00` (or with milliseconds).
#[pyfunction]
#[pyo3(signature = (millis = false))]
pub fn snap_timestamp(millis: bool) -> String {
    qris_sign::Timestamp::now().format(millis)
}

/// The Midtrans notification `signature_key`: lowercase hex SHA-512 of
/// order_id + status_code + gross_amount + server_key. Pass `gross_amount` exactly
/// as Midtrans sent it (`"789000.00"`, not `789000`). Fields not in the form
/// Midtrans sends them, and a blank server key, raise `QrisError`.
#[pyfunction]
pub fn midtrans_signature_key(
    order_id: &str,
    status_code: &str,
    gross_amount: &Bound<'_, PyAny>,
    server_key: &Bound<'_, PyAny>,
) -> PyResult<String> {
    if !gross_amount.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err(
            "gross_amount must be the str Midtrans sent (e.g. \"789000.00\"): a number would lose its decimals",
        ));
    }
    let gross = str_arg(gross_amount, "gross_amount")?;
    qris_sign::midtrans::signature_key(order_id, status_code, &gross, &secret_of(server_key)?)
        .map_err(|e| QrisError::new_err(e.to_string()))
}
