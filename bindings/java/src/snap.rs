//! Protocol (qris-snap) for the JVM: SNAP response codes and notification
//! verification (SNAP with its acknowledgement and the replay guard, Midtrans
//! against your order): `Snap.verifyNotification`, `Midtrans.verifyNotification`,
//! `Snap.ResponseCode`, `ReplayGuard`.

use jni::objects::{GlobalRef, JByteArray, JObject, JString, JValue};
use jni::sys::{jlong, jobjectArray};
use jni::{JNIEnv, JavaVM};
use qris_sign::Freshness;
use qris_snap::{
    Acknowledgement, Amount, MemoryReplayStore, NotifyError, ReplayIds, ReplayStore, ReplayStoreError,
    SnapNotifyRequest,
};

use crate::sign::{freshness, get, json_error, put, timestamp_error, wrong_kind, Held};
use crate::{bytes, optional_text, string_array, text, Thrown};

/// A refused notification as its Java exception, with the acknowledgement to
/// send (SNAP) computed from the real error.
fn notify_error(e: NotifyError, ack: Option<Acknowledgement>) -> Thrown {
    let mut t = match &e {
        NotifyError::Signature(qris_sign::VerifyError::Body(j)) => json_error(j),
        NotifyError::Signature(v) => Thrown::new("id/qris/InvalidSignature", "signature", None, "", v.to_string()),
        NotifyError::Timestamp(ts) => timestamp_error(*ts),
        NotifyError::Mismatch(m) => Thrown::new("id/qris/NotificationMismatch", "mismatch", None, "", m.to_string()),
        NotifyError::Replayed => Thrown::new("id/qris/NotificationReplayed", "replayed", None, "", e.to_string()),
        other => Thrown::new("id/qris/QrisException", "notification", None, "", other.to_string()),
    };
    t.ack = ack.map(|a| Box::new((i32::from(a.http_status), a.body())));
    t
}

/// The notification by position: order id, amount, status code, status,
/// outcome, deliver ("1"/"0"), ack status, ack body, warnings (one per line),
/// idempotency key.
#[allow(clippy::too_many_arguments)]
fn notification(
    env: &mut JNIEnv<'_>,
    order_id: Option<&str>,
    amount: Option<&str>,
    status_code: Option<&str>,
    status: &str,
    outcome: &str,
    deliver: bool,
    ack: (u16, String),
    warnings: &[String],
    idempotency_key: Option<&str>,
) -> Result<jobjectArray, Thrown> {
    let ack_status = ack.0.to_string();
    let warnings = warnings.join("\n");
    string_array(
        env,
        &[
            order_id,
            amount,
            status_code,
            Some(status),
            Some(outcome),
            Some(if deliver { "1" } else { "0" }),
            Some(&ack_status),
            Some(&ack.1),
            Some(&warnings),
            idempotency_key,
        ],
    )
}

/// A replay store written in Java (`id.qris.ReplayStore`), called back on the
/// verifying thread. A store that throws refuses the notification (500).
struct JavaStore {
    vm: JavaVM,
    store: GlobalRef,
}

impl ReplayStore for JavaStore {
    fn insert_if_absent(&self, key: &str, now_unix: i64, expires_at_unix: i64) -> Result<bool, ReplayStoreError> {
        let mut env = self.vm.get_env().map_err(|e| ReplayStoreError(format!("JNI: {e}")))?;
        let result = (|| -> jni::errors::Result<bool> {
            let k = env.new_string(key)?;
            let r = env.call_method(
                self.store.as_obj(),
                "insertIfAbsent",
                "(Ljava/lang/String;JJ)Z",
                &[JValue::Object(&k), JValue::Long(now_unix), JValue::Long(expires_at_unix)],
            )?;
            r.z()
        })();
        match result {
            Ok(v) => Ok(v),
            Err(e) => {
                // The store's own exception: described, cleared, and the
                // notification refused (never delivered on a store failure).
                let what = if env.exception_check().unwrap_or(false) {
                    let _ = env.exception_clear();
                    "the store threw".to_owned()
                } else {
                    format!("JNI: {e}")
                };
                Err(ReplayStoreError(what))
            }
        }
    }
}

native! {
    /// A replay guard in this process's memory (at most `max_bytes` of entries): its handle.
    fn Java_id_qris_Native_replayGuardNew(env, max_bytes: jlong) -> jlong = 0; {
        let _ = env;
        let max = usize::try_from(max_bytes)
            .map_err(|_| Thrown::new("id/qris/QrisException", "argument", None, "", "maxBytes must not be negative".into()))?;
        Ok(put(Held::Replay(MemoryReplayStore::new(max))))
    }
}

native! {
    /// Verifies a SNAP notification: X-TIMESTAMP, X-SIGNATURE with the
    /// provider's key, the body; with a guard (a ReplayGuard handle, or a Java
    /// ReplayStore object), once. The notification, or a thrown exception
    /// carrying the acknowledgement to send.
    fn Java_id_qris_Native_snapVerifyNotification(env, key: jlong, method: JString<'l>, path: JString<'l>,
        body: JByteArray<'l>, timestamp: JString<'l>, signature: JString<'l>, window: jlong, now: jlong,
        guard: jlong, store: JObject<'l>, partner_id: JString<'l>, external_id: JString<'l>) -> jobjectArray = std::ptr::null_mut(); {
        let held = get(key)?;
        let Held::Public(k) = &*held else { return Err(wrong_kind()) };
        let (method, path) = (text(env, &method, "method")?, text(env, &path, "path")?);
        let (body, ts, sig) = (bytes(env, &body, "body")?, text(env, &timestamp, "timestamp")?, text(env, &signature, "signature")?);
        let partner = optional_text(env, &partner_id, "partnerId")?;
        let external = optional_text(env, &external_id, "externalId")?;
        let request = SnapNotifyRequest { method: &method, path: &path, body: &body, timestamp: &ts, signature: &sig };
        let fresh: Freshness = freshness(now, window)?;
        let result = if guard == 0 && store.is_null() {
            qris_snap::verify_snap(k, &request, fresh)
        } else {
            let external = external.ok_or_else(|| {
                Thrown::new("id/qris/QrisException", "argument", None, "", "a replay guard needs the X-EXTERNAL-ID (externalId)".into())
            })?;
            let ids = ReplayIds { partner_id: partner.as_deref().unwrap_or(""), external_id: &external };
            if guard != 0 {
                let g = get(guard)?;
                let Held::Replay(memory) = &*g else { return Err(wrong_kind()) };
                qris_snap::verify_snap_once(k, &request, ids, fresh, memory)
            } else {
                let java = JavaStore { vm: env.get_java_vm()?, store: env.new_global_ref(&store)? };
                qris_snap::verify_snap_once(k, &request, ids, fresh, &java)
            }
        };
        match result {
            Ok(v) => {
                let warnings: Vec<String> = v.key_warning.iter().map(|w| format!("{}: {w}", w.code())).collect();
                notification(
                    env,
                    v.notification.original_partner_reference_no.as_deref(),
                    v.notification.amount.as_ref().map(|m| m.value.as_str()),
                    None,
                    &v.notification.latest_transaction_status,
                    v.outcome.as_str(),
                    v.deliver(),
                    (v.ack.http_status, v.ack.body()),
                    &warnings,
                    None,
                )
            }
            Err(e) => {
                let ack = Acknowledgement::for_error(&e, qris_snap::notify_service(&path));
                Err(notify_error(e, Some(ack)))
            }
        }
    }
}

native! {
    /// Verifies a Midtrans HTTP notification body against the server key and,
    /// when `order_id` is given, that it is for that order and amount.
    fn Java_id_qris_Native_midtransVerifyNotification(env, body: JByteArray<'l>, server_key: JByteArray<'l>,
        order_id: JString<'l>, amount: JString<'l>) -> jobjectArray = std::ptr::null_mut(); {
        let body = bytes(env, &body, "body")?;
        let key = crate::sign::with_secret(env, &server_key, |b| Ok(qris_sign::Secret::from(b)))?;
        let order = optional_text(env, &order_id, "orderId")?;
        let amount = optional_text(env, &amount, "amount")?;
        let expected = match (order, amount) {
            (Some(o), Some(a)) => {
                let parsed = Amount::parse_decimal(&a).ok_or_else(|| {
                    Thrown::new("id/qris/QrisException", "argument", None, "", format!("amount {a:?} is not a decimal like 789000.00"))
                })?;
                Some((o, parsed))
            }
            (None, None) => None,
            _ => return Err(Thrown::new("id/qris/QrisException", "argument", None, "", "give both orderId and amount, or neither".into())),
        };
        let v = qris_snap::verify_midtrans(&body, &key).map_err(|e| notify_error(e, None))?;
        if let Some((o, a)) = &expected {
            v.expect(o, *a).map_err(|e| notify_error(e, None))?;
        }
        let idem = v.idempotency_key();
        notification(
            env,
            Some(v.order_id()),
            Some(v.gross_amount()),
            Some(v.status_code()),
            v.transaction_status(),
            v.outcome.as_str(),
            v.deliver(),
            (200, String::new()),
            &[],
            Some(&idem),
        )
    }
}

native! {
    /// A SNAP responseCode by position: http, service, case, service name,
    /// case name, success, pending, retry, advice.
    fn Java_id_qris_Native_responseCode(env, code: JString<'l>) -> jobjectArray = std::ptr::null_mut(); {
        let code = text(env, &code, "code")?;
        let rc = qris_snap::ResponseCode::parse(&code)
            .map_err(|e| Thrown::new("id/qris/QrisException", "response_code", None, "", e.to_string()))?;
        let retry = rc.retry();
        let (http, service, case) = (rc.http.to_string(), rc.service.map(|s| s.to_string()), rc.case.map(|c| c.to_string()));
        string_array(
            env,
            &[
                Some(&http),
                service.as_deref(),
                case.as_deref(),
                Some(rc.service_name()),
                Some(rc.case_name()),
                Some(if rc.is_success() { "1" } else { "0" }),
                Some(if rc.is_pending() { "1" } else { "0" }),
                Some(retry.as_str()),
                Some(retry.advice()),
            ],
        )
    }
}
