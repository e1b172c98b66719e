//! The full package's extra functions: signatures (ring), Midtrans, rendering.
//! The clock never comes from here: wasm32 has none of its own, so the JS
//! layer passes `now` (Unix seconds) to every verification.

use qris_sign::{Encoding, Freshness, JsonError, SignError, Timestamp, TimestampError, VerifyError};
use wasm_bindgen::prelude::*;

use crate::error;

fn json_error(e: &JsonError) -> JsValue {
    error("JsonError", "json", Some(e.offset), "", &e.to_string())
}

fn encoding(name: &str) -> Result<Encoding, JsValue> {
    name.parse().map_err(|e| error("QrisError", "argument", None, "", &format!("{e}, not {name:?}")))
}

fn timestamp_error(e: TimestampError) -> JsValue {
    error("InvalidTimestamp", "timestamp", None, "", &format!("X-TIMESTAMP refused: {e}"))
}

fn verify_error(e: VerifyError) -> JsValue {
    match e {
        VerifyError::Body(j) => json_error(&j),
        VerifyError::Timestamp(t) => timestamp_error(t),
        other => error("InvalidSignature", "signature", None, "", &other.to_string()),
    }
}

fn sign_error(e: SignError) -> JsValue {
    match e {
        SignError::Body(j) => json_error(&j),
        other => error("QrisError", "sign", None, "", &other.to_string()),
    }
}

fn freshness(now: f64, window: f64) -> Result<Freshness, JsValue> {
    if !now.is_finite() || !window.is_finite() || window < 0.0 || now.abs() > 1e15 || window > 1e15 {
        return Err(error("QrisError", "argument", None, "", "now and window must be whole seconds"));
    }
    // Whole seconds in range (checked above).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(Freshness::of(Some(now.floor() as i64), window as u64))
}

/// Lexically minified JSON bytes.
#[wasm_bindgen]
pub fn minify(body: &[u8]) -> Result<Vec<u8>, JsValue> {
    qris_sign::minify(body).map(|m| m.into_owned()).map_err(|e| json_error(&e))
}

/// The SNAP body hash (lowercase hex SHA-256 of the minified body).
#[wasm_bindgen(js_name = bodyHash)]
pub fn body_hash(body: &[u8]) -> Result<String, JsValue> {
    qris_sign::body_hash(body).map(|h| h.as_str().to_owned()).map_err(|e| json_error(&e))
}

/// A prepared HMAC-SHA512 key (the client secret); `free()` wipes it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct HmacSigner(qris_sign::HmacSigner);

#[wasm_bindgen]
impl HmacSigner {
    /// A signer for a client secret; a blank one is refused.
    #[wasm_bindgen(constructor)]
    pub fn new(secret: &[u8]) -> Result<HmacSigner, JsValue> {
        qris_sign::HmacSigner::new(secret)
            .map(HmacSigner)
            .map_err(|e| error("QrisError", "secret", None, "", &e.to_string()))
    }

    /// X-SIGNATURE of a transactional request.
    #[wasm_bindgen(js_name = signRequest)]
    pub fn sign_request(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: &[u8],
        timestamp: &str,
        enc: &str,
    ) -> Result<String, JsValue> {
        self.0.sign_request(method, path, token, body, timestamp, encoding(enc)?).map_err(|e| json_error(&e))
    }

    /// Checks X-TIMESTAMP against `now`, then the signature in constant time.
    #[wasm_bindgen(js_name = verifyRequest)]
    #[allow(clippy::too_many_arguments)]
    pub fn verify_request(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: &[u8],
        timestamp: &str,
        signature: &str,
        now: f64,
        window: f64,
    ) -> Result<(), JsValue> {
        self.0
            .verify_request(method, path, token, body, timestamp, signature, freshness(now, window)?)
            .map_err(verify_error)
    }
}

/// An RSA private key (>= 2048 bits); never shown.
#[wasm_bindgen]
#[derive(Debug)]
pub struct PrivateKey(qris_sign::PrivateKey);

#[wasm_bindgen]
impl PrivateKey {
    /// From PEM text, DER or Base64 bytes.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(data: &[u8]) -> Result<PrivateKey, JsValue> {
        qris_sign::PrivateKey::from_bytes(data)
            .map(PrivateKey)
            .map_err(|e| error("InvalidKey", "key", None, "", &e.to_string()))
    }

    /// The modulus size in bits.
    #[wasm_bindgen(getter)]
    pub fn bits(&self) -> usize {
        self.0.bits()
    }

    /// SHA256withRSA X-SIGNATURE of a request.
    #[wasm_bindgen(js_name = signRequest)]
    pub fn sign_request(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: &str,
        enc: &str,
    ) -> Result<String, JsValue> {
        self.0.sign_request(method, path, body, timestamp, encoding(enc)?).map_err(sign_error)
    }

    /// The B2B access-token signature over `clientId|timestamp`.
    #[wasm_bindgen(js_name = signB2b)]
    pub fn sign_b2b(&self, client_id: &str, timestamp: &str, enc: &str) -> Result<String, JsValue> {
        self.0.sign_b2b(client_id, timestamp, encoding(enc)?).map_err(sign_error)
    }
}

/// An RSA public key (the provider's).
#[wasm_bindgen]
#[derive(Debug)]
pub struct PublicKey(qris_sign::PublicKey);

#[wasm_bindgen]
impl PublicKey {
    /// From PEM text, DER or Base64 bytes (SPKI or PKCS#1); 1024-2047-bit keys
    /// only with `allowLegacy1024` (verification only).
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(data: &[u8], allow_legacy_1024: bool) -> Result<PublicKey, JsValue> {
        let key = if allow_legacy_1024 {
            qris_sign::PublicKey::from_bytes_legacy_1024(data)
        } else {
            qris_sign::PublicKey::from_bytes(data)
        };
        key.map(PublicKey).map_err(|e| error("InvalidKey", "key", None, "", &e.to_string()))
    }

    /// The modulus size in bits.
    #[wasm_bindgen(getter)]
    pub fn bits(&self) -> usize {
        self.0.bits()
    }

    /// The key as PKCS#1 DER (for the platform's RSA primitive in Node).
    #[wasm_bindgen(js_name = pkcs1Der)]
    pub fn pkcs1_der(&self) -> Vec<u8> {
        self.0.pkcs1_der().to_vec()
    }

    /// Checks X-TIMESTAMP against `now`, then an asymmetric request signature;
    /// `primitive` (optional): the RSA step as a JS function `(stringToSign,
    /// signature) => boolean` (node:crypto in Node), every other check here.
    #[wasm_bindgen(js_name = verifyRequest)]
    #[allow(clippy::too_many_arguments)]
    pub fn verify_request(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: &str,
        signature: &str,
        now: f64,
        window: f64,
        primitive: Option<js_sys::Function>,
    ) -> Result<(), JsValue> {
        let fresh = freshness(now, window)?;
        with_primitive(&self.0, primitive.as_ref(), |p| {
            self.0.verify_request_with(method, path, body, timestamp, signature, fresh, p)
        })
        .map_err(verify_error)
    }

    /// `verifyRequest` with the body in the scratch buffer (its first
    /// `body_len` bytes, as the ASCII fast path leaves them): the body is not
    /// encoded to a new array and copied again by the JS glue.
    #[wasm_bindgen(js_name = verifyRequestScratch)]
    #[allow(clippy::too_many_arguments)]
    pub fn verify_request_scratch(
        &self,
        method: &str,
        path: &str,
        body_len: usize,
        timestamp: &str,
        signature: &str,
        now: f64,
        window: f64,
        primitive: Option<js_sys::Function>,
    ) -> Result<(), JsValue> {
        // Copied out first: the JS function called below may use the scratch buffer.
        let body = crate::fast::scratch_bytes(body_len)
            .ok_or_else(|| error("QrisError", "argument", None, "", "the body is not in the scratch buffer"))?;
        self.verify_request(method, path, &body, timestamp, signature, now, window, primitive)
    }

    /// Checks X-TIMESTAMP, then a B2B access-token signature (`primitive` as
    /// for `verifyRequest`).
    #[wasm_bindgen(js_name = verifyB2b)]
    pub fn verify_b2b(
        &self,
        client_id: &str,
        timestamp: &str,
        signature: &str,
        now: f64,
        window: f64,
        primitive: Option<js_sys::Function>,
    ) -> Result<(), JsValue> {
        let fresh = freshness(now, window)?;
        with_primitive(&self.0, primitive.as_ref(), |p| {
            self.0.verify_b2b_with(client_id, timestamp, signature, fresh, p)
        })
        .map_err(verify_error)
    }
}

/// Runs `f` with the RSA primitive: the caller's JS function when given (any
/// answer but `true` fails), else the engine's own.
fn with_primitive<R>(
    key: &qris_sign::PublicKey,
    js: Option<&js_sys::Function>,
    f: impl FnOnce(&dyn Fn(&[u8], &[u8]) -> bool) -> R,
) -> R {
    match js {
        Some(js) => f(&|m: &[u8], s: &[u8]| {
            let (m, s) = (js_sys::Uint8Array::from(m), js_sys::Uint8Array::from(s));
            js.call2(&JsValue::NULL, &m, &s).ok().and_then(|v| v.as_bool()) == Some(true)
        }),
        None => f(&|m: &[u8], s: &[u8]| key.verify_bytes(m, s)),
    }
}

/// The SHA256withRSA string to sign of a request (`METHOD:path:bodyHash:timestamp`,
/// the body minified and hashed here), for the platform's RSA primitive in Node.
#[wasm_bindgen(js_name = rsaStringToSign)]
pub fn rsa_string_to_sign(method: &str, path: &str, body: &[u8], timestamp: &str) -> Result<String, JsValue> {
    let hash = qris_sign::body_hash(body).map_err(|j| json_error(&j))?;
    Ok(qris_sign::asymmetric_string_to_sign(method, path, &hash, timestamp))
}

/// The B2B access-token string to sign (`clientId|timestamp`).
#[wasm_bindgen(js_name = b2bStringToSign)]
pub fn b2b_string_to_sign(client_id: &str, timestamp: &str) -> String {
    qris_sign::b2b_string_to_sign(client_id, timestamp)
}

/// X-TIMESTAMP for `unix` seconds (whole; `millis` adds `.mmm` from the
/// fraction) at `offsetMinutes` from UTC.
#[wasm_bindgen(js_name = formatTimestamp)]
pub fn format_timestamp(unix: f64, offset_minutes: i32, millis: bool) -> Result<String, JsValue> {
    let unwritable = || error("QrisError", "timestamp", None, "", &TimestampError::Unwritable.to_string());
    if !unix.is_finite() || !(0.0..=253_402_300_799.999).contains(&unix) {
        return Err(unwritable());
    }
    let secs = unix.floor();
    let nanos = ((unix - secs) * 1e3).round() * 1e6;
    let (secs, nanos) = if nanos >= 1e9 { (secs + 1.0, 0.0) } else { (secs, nanos) };
    let offset = i16::try_from(offset_minutes).map_err(|_| unwritable())?;
    // In range (checked above).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ts = Timestamp::checked(secs as i64, nanos as u32, offset).map_err(|_| unwritable())?;
    Ok(ts.format(millis))
}

/// Checks a received X-TIMESTAMP against `now` within `window` seconds.
#[wasm_bindgen(js_name = checkTimestamp)]
pub fn check_timestamp(timestamp: &str, now: f64, window: f64) -> Result<(), JsValue> {
    freshness(now, window)?.check(timestamp).map(drop).map_err(timestamp_error)
}

/// The RFC 3986 canonical form of a relative URL (BCA).
#[wasm_bindgen(js_name = canonicalUrl)]
pub fn canonical_url(url: &str) -> Result<String, JsValue> {
    qris_sign::canonical_url(url).map_err(|e| error("QrisError", "url", None, "", &e.to_string()))
}

fn signature_key_error(e: qris_sign::midtrans::NotificationError) -> JsValue {
    match e {
        qris_sign::midtrans::NotificationError::InvalidSignature => {
            error("InvalidSignature", "signature", None, "", &e.to_string())
        }
        other => error("QrisError", "midtrans", None, "", &other.to_string()),
    }
}

/// Midtrans' `signature_key` (lowercase hex SHA-512).
#[wasm_bindgen(js_name = signatureKey)]
pub fn signature_key(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &[u8],
) -> Result<String, JsValue> {
    let key = qris_sign::Secret::from(server_key);
    qris_sign::midtrans::signature_key(order_id, status_code, gross_amount, &key).map_err(signature_key_error)
}

/// Checks a Midtrans `signature_key` in constant time.
#[wasm_bindgen(js_name = verifySignatureKey)]
pub fn verify_signature_key(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &[u8],
    signature_key: &str,
) -> Result<(), JsValue> {
    let key = qris_sign::Secret::from(server_key);
    qris_sign::midtrans::verify_signature_key(order_id, status_code, gross_amount, &key, signature_key)
        .map_err(signature_key_error)
}

fn matrix(payload: &str, ecc: &str, force: bool) -> Result<qris_render::QrMatrix, JsValue> {
    let ecc: qris_render::Ecc = ecc
        .parse()
        .map_err(|_| error("QrisError", "argument", None, "", &format!("ecc must be L, M, Q or H, not {ecc:?}")))?;
    let opts = qris_render::RenderOptions { ecc, force, ..qris_render::RenderOptions::default() };
    qris_render::QrMatrix::encode(payload, &opts).map_err(|e| match e {
        qris_render::RenderError::Payload(p) => crate::parse_error(&p),
        other => error("QrisError", "render", None, "", &other.to_string()),
    })
}

/// An SVG document of the payload's QR code.
#[wasm_bindgen(js_name = renderSvg)]
pub fn render_svg(payload: &str, ecc: &str, caption: Option<String>, force: bool) -> Result<String, JsValue> {
    Ok(qris_render::svg(&matrix(payload, ecc, force)?, caption.as_deref()))
}

/// A 1-bit PNG of the payload's QR code, `scale` pixels per module.
#[wasm_bindgen(js_name = renderPng)]
pub fn render_png(payload: &str, scale: usize, ecc: &str, force: bool) -> Result<Vec<u8>, JsValue> {
    if !(1..=64).contains(&scale) {
        return Err(error("QrisError", "argument", None, "", &format!("scale must be 1..=64, not {scale}")));
    }
    qris_render::png(&matrix(payload, ecc, force)?, scale)
        .map_err(|e| error("QrisError", "render", None, "", &e.to_string()))
}

/// A refused notification: the error, with the SNAP answer to send (`ack`).
fn notify_error(e: &qris_snap::NotifyError, ack: Option<&qris_snap::Acknowledgement>) -> JsValue {
    use qris_snap::NotifyError;
    let (kind, code, offset) = match e {
        NotifyError::Signature(VerifyError::Body(j)) => ("JsonError", "json", Some(j.offset)),
        NotifyError::Signature(_) => ("InvalidSignature", "signature", None),
        NotifyError::Timestamp(_) => ("InvalidTimestamp", "timestamp", None),
        NotifyError::Mismatch(_) => ("NotificationMismatch", "mismatch", None),
        NotifyError::Replayed => ("NotificationReplayed", "replayed", None),
        NotifyError::ReplayStore(_) => ("QrisError", "replay_store", None),
        _ => ("QrisError", "notification", None),
    };
    let mut v =
        serde_json::json!({"qrisError": kind, "code": code, "offset": offset, "path": "", "message": e.to_string()});
    if let Some(ack) = ack {
        v["ack"] = serde_json::json!({"status": ack.http_status, "body": ack.body()});
    }
    JsValue::from_str(&v.to_string())
}

/// A SNAP `responseCode` explained, as JSON.
#[wasm_bindgen(js_name = responseCode)]
pub fn response_code(code: &str) -> Result<String, JsValue> {
    let rc = qris_snap::ResponseCode::parse(code)
        .map_err(|e| error("QrisError", "response_code", None, "", &e.to_string()))?;
    let retry = rc.retry();
    Ok(serde_json::json!({
        "http": rc.http, "service": rc.service, "case": rc.case, "serviceName": rc.service_name(),
        "caseName": rc.case_name(), "isSuccess": rc.is_success(), "isPending": rc.is_pending(),
        "retry": retry.as_str(), "advice": retry.advice(),
    })
    .to_string())
}

/// Verifies a Midtrans notification body (signature_key, signed fields), and
/// with `orderId` + `amount` that it is for that order and amount. JSON.
#[wasm_bindgen(js_name = verifyMidtransNotification)]
pub fn verify_midtrans_notification(
    body: &[u8],
    server_key: &[u8],
    order_id: Option<String>,
    amount: Option<String>,
) -> Result<String, JsValue> {
    let key = qris_sign::Secret::from(server_key);
    let expected = match (order_id, amount) {
        (Some(o), Some(a)) => {
            let amount = qris_snap::Amount::parse_decimal(&a).ok_or_else(|| {
                error("QrisError", "argument", None, "", &format!("amount {a:?} is not a decimal like 789000.00"))
            })?;
            Some((o, amount))
        }
        (None, None) => None,
        _ => return Err(error("QrisError", "argument", None, "", "give both orderId and amount, or neither")),
    };
    let v = qris_snap::verify_midtrans(body, &key).map_err(|e| notify_error(&e, None))?;
    if let Some((o, a)) = &expected {
        v.expect(o, *a).map_err(|e| notify_error(&e, None))?;
    }
    Ok(serde_json::json!({
        "orderId": v.order_id(), "amount": v.gross_amount(), "statusCode": v.status_code(),
        "status": v.transaction_status(), "outcome": v.outcome.as_str(), "deliver": v.deliver(),
        "idempotencyKey": v.idempotency_key(), "ackStatus": 200, "ackBody": "", "warnings": [],
    })
    .to_string())
}

/// Verifies a SNAP notification as received (X-TIMESTAMP against `now`,
/// X-SIGNATURE over your `path`, then the body). JSON; errors carry the answer.
#[wasm_bindgen(js_name = verifySnapNotification)]
#[allow(clippy::too_many_arguments)]
pub fn verify_snap_notification(
    key: &PublicKey,
    method: &str,
    path: &str,
    body: &[u8],
    timestamp: &str,
    signature: &str,
    now: f64,
    window: f64,
    primitive: Option<js_sys::Function>,
) -> Result<String, JsValue> {
    let request = qris_snap::SnapNotifyRequest { method, path, body, timestamp, signature };
    let fresh = freshness(now, window)?;
    let result =
        with_primitive(&key.0, primitive.as_ref(), |p| qris_snap::verify_snap_with(&key.0, &request, fresh, p));
    snap_result(result, path)
}

fn snap_result(result: Result<qris_snap::VerifiedSnap, qris_snap::NotifyError>, path: &str) -> Result<String, JsValue> {
    match result {
        Ok(v) => Ok(serde_json::json!({
            "orderId": v.notification.original_partner_reference_no,
            "amount": v.notification.amount.as_ref().map(|m| m.value.clone()),
            "statusCode": null,
            "status": v.notification.latest_transaction_status,
            "outcome": v.outcome.as_str(), "deliver": v.deliver(),
            "ackStatus": v.ack.http_status, "ackBody": v.ack.body(),
            "warnings": v.key_warning.iter().map(|w| format!("{}: {w}", w.code())).collect::<Vec<_>>(),
            "idempotencyKey": null,
        })
        .to_string()),
        Err(e) => {
            let ack = qris_snap::Acknowledgement::for_error(&e, qris_snap::notify_service(path));
            Err(notify_error(&e, Some(&ack)))
        }
    }
}

/// The replay guard in this page's or process's memory (at most `maxBytes`
/// of entries; when full it refuses rather than forgets).
#[wasm_bindgen]
#[derive(Debug)]
pub struct ReplayGuard(qris_snap::MemoryReplayStore);

#[wasm_bindgen]
impl ReplayGuard {
    /// A guard holding at most `max_bytes` of entries.
    #[wasm_bindgen(constructor)]
    pub fn new(max_bytes: f64) -> ReplayGuard {
        // A byte count (checked finite and >= 0 by the JS layer).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        ReplayGuard(qris_snap::MemoryReplayStore::new(max_bytes.clamp(0.0, 1e15) as usize))
    }

    /// The number of live entries.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.0.len()
    }
}

/// A store written in JavaScript: `insertIfAbsent(key, now, expiresAt)`
/// returning a boolean, synchronously (a thrown error or another type refuses
/// the notification, answered 500).
struct JsStore(js_sys::Function);

impl qris_snap::ReplayStore for JsStore {
    fn insert_if_absent(&self, key: &str, now: i64, expires_at: i64) -> Result<bool, qris_snap::ReplayStoreError> {
        // Unix seconds fit a double exactly.
        #[allow(clippy::cast_precision_loss)]
        let r = self.0.call3(
            &JsValue::NULL,
            &JsValue::from_str(key),
            &JsValue::from_f64(now as f64),
            &JsValue::from_f64(expires_at as f64),
        );
        match r {
            Ok(v) => {
                v.as_bool().ok_or_else(|| qris_snap::ReplayStoreError("insertIfAbsent must return a boolean".into()))
            }
            Err(e) => Err(qris_snap::ReplayStoreError(e.as_string().unwrap_or_else(|| "the store threw".into()))),
        }
    }
}

/// [`verify_snap_notification`] accepting a notification once (the memory guard).
#[wasm_bindgen(js_name = verifySnapNotificationGuarded)]
#[allow(clippy::too_many_arguments)]
pub fn verify_snap_notification_guarded(
    key: &PublicKey,
    method: &str,
    path: &str,
    body: &[u8],
    timestamp: &str,
    signature: &str,
    now: f64,
    window: f64,
    partner_id: &str,
    external_id: &str,
    guard: &ReplayGuard,
    primitive: Option<js_sys::Function>,
) -> Result<String, JsValue> {
    let request = qris_snap::SnapNotifyRequest { method, path, body, timestamp, signature };
    let ids = qris_snap::ReplayIds { partner_id, external_id };
    verify_once(key, &request, ids, freshness(now, window)?, &guard.0, primitive.as_ref())
}

/// [`verify_snap_notification`] accepting a notification once, with a store of your own.
#[wasm_bindgen(js_name = verifySnapNotificationWithStore)]
#[allow(clippy::too_many_arguments)]
pub fn verify_snap_notification_with_store(
    key: &PublicKey,
    method: &str,
    path: &str,
    body: &[u8],
    timestamp: &str,
    signature: &str,
    now: f64,
    window: f64,
    partner_id: &str,
    external_id: &str,
    insert_if_absent: js_sys::Function,
    primitive: Option<js_sys::Function>,
) -> Result<String, JsValue> {
    let request = qris_snap::SnapNotifyRequest { method, path, body, timestamp, signature };
    let ids = qris_snap::ReplayIds { partner_id, external_id };
    verify_once(key, &request, ids, freshness(now, window)?, &JsStore(insert_if_absent), primitive.as_ref())
}

fn verify_once(
    key: &PublicKey,
    request: &qris_snap::SnapNotifyRequest<'_>,
    ids: qris_snap::ReplayIds<'_>,
    fresh: Freshness,
    store: &dyn qris_snap::ReplayStore,
    primitive: Option<&js_sys::Function>,
) -> Result<String, JsValue> {
    let result =
        with_primitive(&key.0, primitive, |p| qris_snap::verify_snap_once_with(&key.0, request, ids, fresh, store, p));
    snap_result(result, request.path)
}

fn cpm_diagnostics(report: &qris_emv::cpm::CpmReport) -> Vec<serde_json::Value> {
    report
        .diagnostics()
        .iter()
        .map(|d| {
            serde_json::json!({"code": d.code.as_str(), "severity": d.severity.as_str(), "offset": d.offset,
                "path": d.path.to_string(), "message": d.message})
        })
        .collect()
}

fn cpm_error(e: &qris_emv::cpm::CpmError) -> JsValue {
    error("ParseError", e.code.as_str(), Some(e.offset), &e.path.to_string(), &e.to_string())
}

/// A CPM code read (card data masked), as JSON.
#[wasm_bindgen(js_name = cpmParse)]
pub fn cpm_parse(text: &str) -> Result<String, JsValue> {
    use qris_emv::cpm;
    let mut buf = vec![0u8; cpm::MAX_CPM_BYTES];
    let code = cpm::parse(text, &mut buf).map_err(|e| cpm_error(&e))?;
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    let template = |t: &cpm::Template<'_>| {
        serde_json::json!({
            "aid": t.aid().map(hex), "label": t.label(), "cardholderName": t.cardholder_name(),
            "languagePreference": t.language_preference(), "issuerUrl": t.issuer_url(),
            "panMasked": t.pan_masked().map(|m| m.to_string()), "track2Masked": t.track2_masked().map(|m| m.to_string()),
        })
    };
    Ok(serde_json::json!({
        "formatIndicator": code.format_indicator(),
        "applications": code.applications().map(|t| template(&t)).collect::<Vec<_>>(),
        "common": code.common_data().map(|t| template(&t)),
        "bytes": code.bytes().len(),
        "diagnostics": cpm_diagnostics(&code.validate()),
    })
    .to_string())
}

/// A CPM code's diagnostics (a broken one: one error), as JSON.
#[wasm_bindgen(js_name = cpmValidate)]
pub fn cpm_validate(text: &str) -> String {
    use qris_emv::cpm;
    let mut buf = vec![0u8; cpm::MAX_CPM_BYTES];
    let diags = match cpm::parse(text, &mut buf) {
        Ok(code) => cpm_diagnostics(&code.validate()),
        Err(e) => vec![cpm_error_json(&e)],
    };
    serde_json::Value::Array(diags).to_string()
}

/// A CPM code that cannot be read, as its one diagnostic.
fn cpm_error_json(e: &qris_emv::cpm::CpmError) -> serde_json::Value {
    serde_json::json!({"code": e.code.as_str(), "severity": "error", "offset": e.offset,
        "path": e.path.to_string(), "message": e.to_string()})
}

fn scan_error(e: &qris_scan::ScanError) -> JsValue {
    error("ImageError", e.code(), None, "", &e.to_string())
}

fn found_json(f: &qris_scan::Found) -> serde_json::Value {
    let diagnostics: Vec<serde_json::Value> = match f.check() {
        qris_scan::Check::Mpm(r) => r.diagnostics().iter().map(crate::diagnostic_json).collect(),
        qris_scan::Check::Cpm(r) => cpm_diagnostics(r),
        qris_scan::Check::CpmBroken(e) => vec![cpm_error_json(e)],
        _ => Vec::new(),
    };
    serde_json::json!({
        "text": f.text(), "shownText": f.shown_text(), "kind": f.kind().name(), "valid": f.is_valid(),
        "corners": f.corners().iter().map(|p| [p.x, p.y]).collect::<Vec<_>>(), "diagnostics": diagnostics,
    })
}

fn scan_json(codes: &[qris_scan::Found], expected: Option<qris_scan::Expected<'_>>) -> String {
    let mut v = serde_json::json!({"codes": codes.iter().map(found_json).collect::<Vec<_>>()});
    if let Some(e) = expected {
        let verdict = qris_scan::check_sticker(codes, &e);
        let differences: Vec<serde_json::Value> = match &verdict {
            qris_scan::Sticker::Mismatch(d) => d
                .iter()
                .map(|d| serde_json::json!({"field": d.field.name(), "expected": d.expected, "found": d.found, "message": d.to_string()}))
                .collect(),
            _ => Vec::new(),
        };
        v["sticker"] =
            serde_json::json!({"verdict": verdict.name(), "differences": differences, "message": verdict.to_string()});
    }
    v.to_string()
}

fn expected<'a>(
    nmid: Option<&'a str>,
    pan: Option<&'a str>,
    name: Option<&'a str>,
    city: Option<&'a str>,
) -> Option<qris_scan::Expected<'a>> {
    nmid.map(|nmid| qris_scan::Expected { nmid, pan, name, city })
}

/// Every QR code in a PNG or JPEG file (and the sticker check when `nmid` is given), as JSON.
#[wasm_bindgen(js_name = scanFile)]
pub fn scan_file(
    data: &[u8],
    nmid: Option<String>,
    pan: Option<String>,
    name: Option<String>,
    city: Option<String>,
) -> Result<String, JsValue> {
    let codes = qris_scan::scan_file(data).map_err(|e| scan_error(&e))?;
    Ok(scan_json(&codes, expected(nmid.as_deref(), pan.as_deref(), name.as_deref(), city.as_deref())))
}

/// Every QR code in raw pixels (`format`: gray, rgb, rgba, bgr, bgra; a browser's ImageData is rgba).
#[wasm_bindgen(js_name = scanPixels)]
#[allow(clippy::too_many_arguments)]
pub fn scan_pixels(
    pixels: &[u8],
    width: u32,
    height: u32,
    stride: usize,
    format: &str,
    nmid: Option<String>,
    pan: Option<String>,
    name: Option<String>,
    city: Option<String>,
) -> Result<String, JsValue> {
    let format = qris_scan::PixelFormat::from_name(format).ok_or_else(|| {
        error(
            "QrisError",
            "argument",
            None,
            "",
            &format!("unknown pixel format {format:?}: gray, rgb, rgba, bgr or bgra"),
        )
    })?;
    let view = qris_scan::ImageView::new(pixels, width, height, stride, format).map_err(|e| scan_error(&e))?;
    let codes = qris_scan::scan(&view).map_err(|e| scan_error(&e))?;
    Ok(scan_json(&codes, expected(nmid.as_deref(), pan.as_deref(), name.as_deref(), city.as_deref())))
}

/// The QR module matrix (quiet zone included), row by row, 1 dark and 0 light;
/// its width is the square root of the length.
#[wasm_bindgen(js_name = renderMatrix)]
pub fn render_matrix(payload: &str, ecc: &str, force: bool) -> Result<Vec<u8>, JsValue> {
    let m = matrix(payload, ecc, force)?;
    let w = m.width();
    Ok((0..w * w).map(|i| u8::from(m.is_dark(i % w, i / w))).collect())
}
