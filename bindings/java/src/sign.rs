//! Keys, signers, SNAP request signatures, X-TIMESTAMP and the Midtrans
//! `signature_key`: the native methods of `id.qris.Native` behind `Snap`,
//! `Midtrans`, `PrivateKey`, `PublicKey` and `HmacSigner`.
//!
//! Keys and signers live here, in a table of handles (a number the Java
//! object holds): no pointer crosses into Java, so a stale or forged handle is
//! an error (`closed`), never a wild read. `free` removes a handle; the key's
//! memory is wiped when the last use of it ends (qris-sign zeroizes on drop).

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use jni::objects::{JByteArray, JString};
use jni::sys::{jboolean, jint, jlong, jstring, JNI_FALSE, JNI_TRUE};
use jni::JNIEnv;
use qris_sign::{Encoding, Freshness, HmacSigner, Secret, SignError, Timestamp, TimestampError, VerifyError};
use zeroize::Zeroize;

use crate::{bytes, jstr, text, Thrown};

// Each lives alone in an Arc, allocated once: the variants' sizes cost nothing.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Held {
    Hmac(HmacSigner),
    Private(qris_sign::PrivateKey),
    Public(qris_sign::PublicKey),
    Replay(qris_snap::MemoryReplayStore),
}

fn table() -> &'static Mutex<HashMap<i64, Arc<Held>>> {
    static TABLE: OnceLock<Mutex<HashMap<i64, Arc<Held>>>> = OnceLock::new();
    TABLE.get_or_init(|| Mutex::new(HashMap::new()))
}

pub(crate) fn put(h: Held) -> jlong {
    static NEXT: AtomicI64 = AtomicI64::new(1);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    table().lock().unwrap_or_else(|p| p.into_inner()).insert(id, Arc::new(h));
    id
}

pub(crate) fn get(id: jlong) -> Result<Arc<Held>, Thrown> {
    table()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&id)
        .cloned()
        .ok_or_else(|| Thrown::new("id/qris/QrisException", "closed", None, "", "this key or signer was closed".into()))
}

pub(crate) fn wrong_kind() -> Thrown {
    Thrown::internal("a handle of another kind".into())
}

pub(crate) fn json_error(e: &qris_sign::JsonError) -> Thrown {
    Thrown::new("id/qris/JsonException", "json", Some(e.offset), "", e.to_string())
}

pub(crate) fn timestamp_error(e: TimestampError) -> Thrown {
    Thrown::new("id/qris/InvalidTimestamp", "timestamp", None, "", format!("X-TIMESTAMP refused: {e}"))
}

pub(crate) fn verify_error(e: VerifyError) -> Thrown {
    match e {
        VerifyError::Body(j) => json_error(&j),
        VerifyError::Timestamp(t) => timestamp_error(t),
        other => Thrown::new("id/qris/InvalidSignature", "signature", None, "", other.to_string()),
    }
}

fn sign_error(e: SignError) -> Thrown {
    match e {
        SignError::Body(j) => json_error(&j),
        other => Thrown::new("id/qris/QrisException", "sign", None, "", other.to_string()),
    }
}

fn key_error(e: &qris_sign::KeyError) -> Thrown {
    Thrown::new("id/qris/InvalidKey", "key", None, "", e.to_string())
}

fn encoding(hex: jboolean) -> Encoding {
    if hex == JNI_TRUE {
        Encoding::Hex
    } else {
        Encoding::Base64
    }
}

/// `now == Long.MIN_VALUE` means the system clock.
pub(crate) fn freshness(now: jlong, window: jlong) -> Result<Freshness, Thrown> {
    let window = u64::try_from(window).map_err(|_| {
        Thrown::new("id/qris/QrisException", "argument", None, "", "window must not be negative".into())
    })?;
    Ok(Freshness::of(if now == jlong::MIN { None } else { Some(now) }, window))
}

/// A secret's bytes, wiped after use.
pub(crate) fn with_secret<R>(
    env: &mut JNIEnv<'_>,
    secret: &JByteArray<'_>,
    f: impl FnOnce(&[u8]) -> Result<R, Thrown>,
) -> Result<R, Thrown> {
    let mut b = bytes(env, secret, "secret")?;
    let out = f(&b);
    b.zeroize();
    out
}

native! {
    /// A prepared HMAC-SHA512 key (a blank secret is refused): its handle.
    fn Java_id_qris_Native_hmacNew(env, secret: JByteArray<'l>) -> jlong = 0; {
        let signer = with_secret(env, &secret, |b| {
            HmacSigner::new(b).map_err(|e| Thrown::new("id/qris/QrisException", "secret.empty", None, "", e.to_string()))
        })?;
        Ok(put(Held::Hmac(signer)))
    }
}

native! {
    /// Forgets a key or signer (its memory is wiped when no call uses it any more).
    fn Java_id_qris_Native_free(env, handle: jlong) -> jboolean = JNI_FALSE; {
        let _ = env;
        Ok(if table().lock().unwrap_or_else(|p| p.into_inner()).remove(&handle).is_some() { JNI_TRUE } else { JNI_FALSE })
    }
}

native! {
    /// X-SIGNATURE (HMAC-SHA512) of a transactional request.
    fn Java_id_qris_Native_hmacSign(env, handle: jlong, method: JString<'l>, path: JString<'l>, token: JString<'l>,
        body: JByteArray<'l>, timestamp: JString<'l>, hex: jboolean) -> jstring = std::ptr::null_mut(); {
        let held = get(handle)?;
        let Held::Hmac(s) = &*held else { return Err(wrong_kind()) };
        let (method, path, token) = (text(env, &method, "method")?, text(env, &path, "path")?, text(env, &token, "token")?);
        let (body, ts) = (bytes(env, &body, "body")?, text(env, &timestamp, "timestamp")?);
        let sig = s.sign_request(&method, &path, &token, &body, &ts, encoding(hex)).map_err(|e| json_error(&e))?;
        jstr(env, &sig)
    }
}

native! {
    /// Checks X-TIMESTAMP, then a symmetric X-SIGNATURE in constant time.
    fn Java_id_qris_Native_hmacVerify(env, handle: jlong, method: JString<'l>, path: JString<'l>, token: JString<'l>,
        body: JByteArray<'l>, timestamp: JString<'l>, signature: JString<'l>, window: jlong, now: jlong) -> jboolean = JNI_FALSE; {
        let held = get(handle)?;
        let Held::Hmac(s) = &*held else { return Err(wrong_kind()) };
        let (method, path, token) = (text(env, &method, "method")?, text(env, &path, "path")?, text(env, &token, "token")?);
        let (body, ts, sig) = (bytes(env, &body, "body")?, text(env, &timestamp, "timestamp")?, text(env, &signature, "signature")?);
        s.verify_request(&method, &path, &token, &body, &ts, &sig, freshness(now, window)?).map_err(verify_error)?;
        Ok(JNI_TRUE)
    }
}

native! {
    /// An RSA private key (PKCS#1 or PKCS#8; PEM, DER or Base64; >= 2048 bits): its handle.
    fn Java_id_qris_Native_privateKeyLoad(env, data: JByteArray<'l>) -> jlong = 0; {
        let key = with_secret(env, &data, |b| qris_sign::PrivateKey::from_bytes(b).map_err(|e| key_error(&e)))?;
        Ok(put(Held::Private(key)))
    }
}

native! {
    /// An RSA public key (SPKI, PKCS#1 or a certificate's key): its handle.
    fn Java_id_qris_Native_publicKeyLoad(env, data: JByteArray<'l>, legacy: jboolean) -> jlong = 0; {
        let b = bytes(env, &data, "key")?;
        let key = if legacy == JNI_TRUE {
            qris_sign::PublicKey::from_bytes_legacy_1024(&b)
        } else {
            qris_sign::PublicKey::from_bytes(&b)
        };
        Ok(put(Held::Public(key.map_err(|e| key_error(&e))?)))
    }
}

native! {
    /// The modulus size of a key, in bits.
    fn Java_id_qris_Native_keyBits(env, handle: jlong) -> jint = 0; {
        let _ = env;
        let bits = match &*get(handle)? {
            Held::Private(k) => k.bits(),
            Held::Public(k) => k.bits(),
            Held::Hmac(_) | Held::Replay(_) => return Err(wrong_kind()),
        };
        Ok(jint::try_from(bits).unwrap_or(jint::MAX))
    }
}

native! {
    /// A public key's warning ("key.legacy_1024: ...") or null.
    fn Java_id_qris_Native_publicKeyWarning(env, handle: jlong) -> jstring = std::ptr::null_mut(); {
        let held = get(handle)?;
        let Held::Public(k) = &*held else { return Err(wrong_kind()) };
        match k.warning() {
            Some(w) => jstr(env, &format!("{}: {w}", w.code())),
            None => Ok(std::ptr::null_mut()),
        }
    }
}

native! {
    /// X-SIGNATURE with SHA256withRSA over METHOD:path:sha256hex(minify(body)):timestamp.
    fn Java_id_qris_Native_rsaSign(env, handle: jlong, method: JString<'l>, path: JString<'l>, body: JByteArray<'l>,
        timestamp: JString<'l>, hex: jboolean) -> jstring = std::ptr::null_mut(); {
        let held = get(handle)?;
        let Held::Private(k) = &*held else { return Err(wrong_kind()) };
        let (method, path) = (text(env, &method, "method")?, text(env, &path, "path")?);
        let (body, ts) = (bytes(env, &body, "body")?, text(env, &timestamp, "timestamp")?);
        let sig = k.sign_request(&method, &path, &body, &ts, encoding(hex)).map_err(sign_error)?;
        jstr(env, &sig)
    }
}

native! {
    /// Checks X-TIMESTAMP, then an asymmetric X-SIGNATURE.
    fn Java_id_qris_Native_rsaVerify(env, handle: jlong, method: JString<'l>, path: JString<'l>, body: JByteArray<'l>,
        timestamp: JString<'l>, signature: JString<'l>, window: jlong, now: jlong) -> jboolean = JNI_FALSE; {
        let held = get(handle)?;
        let Held::Public(k) = &*held else { return Err(wrong_kind()) };
        let (method, path) = (text(env, &method, "method")?, text(env, &path, "path")?);
        let (body, ts, sig) = (bytes(env, &body, "body")?, text(env, &timestamp, "timestamp")?, text(env, &signature, "signature")?);
        k.verify_request(&method, &path, &body, &ts, &sig, freshness(now, window)?).map_err(verify_error)?;
        Ok(JNI_TRUE)
    }
}

native! {
    /// The B2B access-token signature over clientId|timestamp.
    fn Java_id_qris_Native_b2bSign(env, handle: jlong, client_id: JString<'l>, timestamp: JString<'l>, hex: jboolean) -> jstring = std::ptr::null_mut(); {
        let held = get(handle)?;
        let Held::Private(k) = &*held else { return Err(wrong_kind()) };
        let (client, ts) = (text(env, &client_id, "clientId")?, text(env, &timestamp, "timestamp")?);
        let sig = k.sign_b2b(&client, &ts, encoding(hex)).map_err(sign_error)?;
        jstr(env, &sig)
    }
}

native! {
    /// Checks X-TIMESTAMP, then a B2B access-token signature.
    fn Java_id_qris_Native_b2bVerify(env, handle: jlong, client_id: JString<'l>, timestamp: JString<'l>,
        signature: JString<'l>, window: jlong, now: jlong) -> jboolean = JNI_FALSE; {
        let held = get(handle)?;
        let Held::Public(k) = &*held else { return Err(wrong_kind()) };
        let (client, ts, sig) = (text(env, &client_id, "clientId")?, text(env, &timestamp, "timestamp")?, text(env, &signature, "signature")?);
        k.verify_b2b(&client, &ts, &sig, freshness(now, window)?).map_err(verify_error)?;
        Ok(JNI_TRUE)
    }
}

native! {
    /// X-TIMESTAMP for now at +07:00 (or for `unix` seconds at `offset` minutes when `unix != Long.MIN_VALUE`).
    fn Java_id_qris_Native_timestamp(env, unix: jlong, offset_minutes: jint, millis: jboolean) -> jstring = std::ptr::null_mut(); {
        let ts = if unix == jlong::MIN {
            Timestamp::now()
        } else {
            let offset = i16::try_from(offset_minutes).map_err(|_| unwritable())?;
            Timestamp::checked(unix, 0, offset).map_err(|_| unwritable())?
        };
        jstr(env, &ts.format(millis == JNI_TRUE))
    }
}

fn unwritable() -> Thrown {
    Thrown::new("id/qris/QrisException", "timestamp.unwritable", None, "", TimestampError::Unwritable.to_string())
}

native! {
    /// Checks a received X-TIMESTAMP (ISO-8601, within `window` seconds of `now`).
    fn Java_id_qris_Native_checkTimestamp(env, timestamp: JString<'l>, window: jlong, now: jlong) -> jboolean = JNI_FALSE; {
        let ts = text(env, &timestamp, "timestamp")?;
        freshness(now, window)?.check(&ts).map_err(timestamp_error)?;
        Ok(JNI_TRUE)
    }
}

native! {
    /// The RFC 3986 canonical form of a relative URL (BCA).
    fn Java_id_qris_Native_canonicalUrl(env, url: JString<'l>) -> jstring = std::ptr::null_mut(); {
        let url = text(env, &url, "url")?;
        let out = qris_sign::canonical_url(&url)
            .map_err(|e| Thrown::new("id/qris/QrisException", "url", None, "", e.to_string()))?;
        jstr(env, &out)
    }
}

fn notification_error(e: qris_sign::midtrans::NotificationError) -> Thrown {
    match e {
        qris_sign::midtrans::NotificationError::InvalidSignature => {
            Thrown::new("id/qris/InvalidSignature", "signature", None, "", e.to_string())
        }
        other => Thrown::new("id/qris/QrisException", "argument", None, "", other.to_string()),
    }
}

native! {
    /// The Midtrans notification signature_key: hex SHA-512 of order_id + status_code + gross_amount + server_key.
    fn Java_id_qris_Native_signatureKey(env, order_id: JString<'l>, status_code: JString<'l>, gross: JString<'l>,
        server_key: JByteArray<'l>) -> jstring = std::ptr::null_mut(); {
        let (order, status, gross) = (text(env, &order_id, "orderId")?, text(env, &status_code, "statusCode")?, text(env, &gross, "grossAmount")?);
        let key = with_secret(env, &server_key, |b| Ok(Secret::from(b)))?;
        let out = qris_sign::midtrans::signature_key(&order, &status, &gross, &key).map_err(notification_error)?;
        jstr(env, &out)
    }
}

native! {
    /// Checks a signature_key in constant time.
    fn Java_id_qris_Native_verifySignatureKey(env, order_id: JString<'l>, status_code: JString<'l>, gross: JString<'l>,
        server_key: JByteArray<'l>, signature_key: JString<'l>) -> jboolean = JNI_FALSE; {
        let (order, status, gross) = (text(env, &order_id, "orderId")?, text(env, &status_code, "statusCode")?, text(env, &gross, "grossAmount")?);
        let sig = text(env, &signature_key, "signatureKey")?;
        let key = with_secret(env, &server_key, |b| Ok(Secret::from(b)))?;
        qris_sign::midtrans::verify_signature_key(&order, &status, &gross, &key, &sig).map_err(notification_error)?;
        Ok(JNI_TRUE)
    }
}

native! {
    /// How many keys and signers are alive (tests: the cleaner frees what was not closed).
    fn Java_id_qris_Native_handleCount(env) -> jlong = 0; {
        let _ = env;
        Ok(table().lock().unwrap_or_else(|p| p.into_inner()).len() as jlong)
    }
}
