//! The protocol (qris-snap): outcomes, response codes, Midtrans and SNAP
//! notifications and their acknowledgements.

use std::ffi::{c_char, c_void};

use qris_sign::{Secret, TimestampError, VerifyError};
use qris_snap::{Acknowledgement, Amount, NotifyError, Outcome, Retry};

use crate::sign::{PublicKey, QrisRequest};
use crate::{guard, QrisResult, QrisStr};

/// What a payment status means. `qris_outcome_name` gives each value's name,
/// the same spelling as the CLI's JSON and Python (`paid`, `partially_refunded`...).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisOutcome {
    /// `paid`: deliver.
    Paid = 0,
    /// `pending`: waiting.
    Pending = 1,
    /// `authorized`: card pre-authorisation, not captured.
    Authorized = 2,
    /// `challenge`: held for fraud review.
    Challenge = 3,
    /// `failed`: denied or failed.
    Failed = 4,
    /// `expired`: left unpaid until it expired.
    Expired = 5,
    /// `cancelled`.
    Cancelled = 6,
    /// `refunded`: in full.
    Refunded = 7,
    /// `partially_refunded`.
    PartiallyRefunded = 8,
    /// `chargeback`: in full.
    Chargeback = 9,
    /// `partial_chargeback`.
    PartialChargeback = 10,
    /// `not_found`: the provider does not know it.
    NotFound = 11,
    /// `unknown`: a status this library does not know, or one the signed status
    /// code does not agree with: not paid.
    Unknown = 12,
}

impl From<&Outcome> for QrisOutcome {
    fn from(o: &Outcome) -> QrisOutcome {
        match o {
            Outcome::Paid => QrisOutcome::Paid,
            Outcome::Pending => QrisOutcome::Pending,
            Outcome::Authorized => QrisOutcome::Authorized,
            Outcome::Challenge => QrisOutcome::Challenge,
            Outcome::Failed { .. } => QrisOutcome::Failed,
            Outcome::Expired => QrisOutcome::Expired,
            Outcome::Cancelled => QrisOutcome::Cancelled,
            Outcome::Refunded { partial: false } => QrisOutcome::Refunded,
            Outcome::Refunded { partial: true } => QrisOutcome::PartiallyRefunded,
            Outcome::Chargeback { partial: false } => QrisOutcome::Chargeback,
            Outcome::Chargeback { partial: true } => QrisOutcome::PartialChargeback,
            Outcome::NotFound => QrisOutcome::NotFound,
            _ => QrisOutcome::Unknown,
        }
    }
}

impl QrisOutcome {
    /// The core's outcome this value stands for (details such as a failure's
    /// reason are not carried by the C value).
    fn core(self) -> Outcome {
        match self {
            QrisOutcome::Paid => Outcome::Paid,
            QrisOutcome::Pending => Outcome::Pending,
            QrisOutcome::Authorized => Outcome::Authorized,
            QrisOutcome::Challenge => Outcome::Challenge,
            QrisOutcome::Failed => Outcome::Failed { reason: String::new() },
            QrisOutcome::Expired => Outcome::Expired,
            QrisOutcome::Cancelled => Outcome::Cancelled,
            QrisOutcome::Refunded => Outcome::Refunded { partial: false },
            QrisOutcome::PartiallyRefunded => Outcome::Refunded { partial: true },
            QrisOutcome::Chargeback => Outcome::Chargeback { partial: false },
            QrisOutcome::PartialChargeback => Outcome::Chargeback { partial: true },
            QrisOutcome::NotFound => Outcome::NotFound,
            QrisOutcome::Unknown => Outcome::Unknown { status: String::new() },
        }
    }
}

/// The name of a `qris_outcome` value (`"paid"`, `"partially_refunded"`...; static
/// text), the spelling the CLI and Python use; an unknown value gets `"unknown"`.
#[no_mangle]
pub extern "C" fn qris_outcome_name(outcome: u32) -> QrisStr {
    let all = [
        QrisOutcome::Paid,
        QrisOutcome::Pending,
        QrisOutcome::Authorized,
        QrisOutcome::Challenge,
        QrisOutcome::Failed,
        QrisOutcome::Expired,
        QrisOutcome::Cancelled,
        QrisOutcome::Refunded,
        QrisOutcome::PartiallyRefunded,
        QrisOutcome::Chargeback,
        QrisOutcome::PartialChargeback,
        QrisOutcome::NotFound,
        QrisOutcome::Unknown,
    ];
    let o = all.into_iter().find(|o| *o as u32 == outcome).unwrap_or(QrisOutcome::Unknown);
    QrisStr::of(Some(o.core().as_str()))
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
/// notification by `qris_midtrans_verify_notification`.
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
/// Pointers follow the conventions at the top of this header.
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
        let (body, key) = (bytes!(body, len), bytes!(server_key, server_key_len));
        let expected = if expected.is_null() {
            None
        } else {
            let e = try_ref!(expected);
            // SAFETY: the header's input convention for each `qris_str` of the record.
            Some(unsafe { (e.order_id.text()?, e.amount.text()?) })
        };
        let v = qris_snap::verify_midtrans(body, &Secret::from(key))?;
        if let Some((order_id, amount)) = expected {
            v.expect(order_id, Amount::parse_decimal(amount).ok_or(QrisResult::InvalidArgument)?)?;
        }
        put!(
            out,
            QrisMidtransNotification {
                outcome: (&v.outcome).into(),
                deliver: v.deliver(),
                order_id: fill(v.order_id()),
                order_id_len: v.order_id().len(),
                gross_amount: fill(v.gross_amount()),
                amount_minor: v.amount().minor(),
                status_code: fill(v.status_code()),
            }
        )
    })
}

/// What to do after a SNAP response. `qris_retry_name` gives each value's name,
/// the same spelling as the CLI's JSON and Python.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisRetry {
    /// `no`: done, the request succeeded.
    No = 0,
    /// `check_status`: accepted, still processing (202): query the status, do not resend.
    CheckStatus = 1,
    /// `same_external_id`: timeout or server error: query the status, or retry with the same X-EXTERNAL-ID.
    SameExternalId = 2,
    /// `later`: too many requests (429): retry later with the same X-EXTERNAL-ID.
    Later = 3,
    /// `never`: a client error: the same request fails the same way.
    Never = 4,
}

impl From<Retry> for QrisRetry {
    fn from(r: Retry) -> QrisRetry {
        match r {
            Retry::No => QrisRetry::No,
            Retry::CheckStatus => QrisRetry::CheckStatus,
            Retry::SameExternalId => QrisRetry::SameExternalId,
            Retry::Later => QrisRetry::Later,
            Retry::Never => QrisRetry::Never,
        }
    }
}

/// The name of a `qris_retry` value (`"no"`, `"check_status"`, `"same_external_id"`,
/// `"later"`, `"never"`; static text); an unknown value gets an empty string.
#[no_mangle]
pub extern "C" fn qris_retry_name(retry: u32) -> QrisStr {
    let name = Retry::ALL.into_iter().find(|r| QrisRetry::from(*r) as u32 == retry).map_or("", Retry::as_str);
    QrisStr::of(Some(name))
}

/// A parsed SNAP `responseCode` (HTTP status + service code + case code).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisResponseCode {
    /// HTTP status, e.g. 200.
    pub http: u16,
    /// Service code (47 QRIS MPM generate...), or -1 for a bare 3-digit status.
    pub service: i16,
    /// Case code, or -1 for a bare 3-digit status.
    pub case_code: i16,
    /// The service's name (static text), `"unknown"` if not known.
    pub service_name: QrisStr,
    /// The case's name (static text), `"unknown"` if not known.
    pub case_name: QrisStr,
    /// A 2xx status other than 202.
    pub is_success: bool,
    /// 202: accepted, still processing.
    pub is_pending: bool,
    /// What to do next.
    pub retry: QrisRetry,
}

/// Parses a SNAP `responseCode` such as `"2004700"` (or a bare `"200"`) into
/// `*out`; `QRIS_RESULT_INVALID_ARGUMENT` for anything else.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_response_code_parse(
    code: *const u8,
    len: usize,
    out: *mut QrisResponseCode,
) -> QrisResult {
    guard(move || {
        let rc = qris_snap::ResponseCode::parse(text!(code, len))?;
        put!(
            out,
            QrisResponseCode {
                http: rc.http,
                service: rc.service.map_or(-1, i16::from),
                case_code: rc.case.map_or(-1, i16::from),
                service_name: QrisStr::of(Some(rc.service_name())),
                case_name: QrisStr::of(Some(rc.case_name())),
                is_success: rc.is_success(),
                is_pending: rc.is_pending(),
                retry: rc.retry().into(),
            }
        )
    })
}

/// Verifies a SNAP payment notification as received: X-TIMESTAMP within
/// `window_seconds` of now (or `*now_unix`), the X-SIGNATURE (`SHA256withRSA` with
/// the provider's public key over the method, the receiver's **own** path, the
/// raw body minified and the timestamp), then the body; on success writes the
/// outcome and whether to deliver the goods (either pointer may be NULL). The
/// request's `token` is not used. `qris_snap_notification_ack` gives the answer
/// to send, success or not.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_snap_verify_notification(
    provider_key: *const PublicKey,
    request: *const QrisRequest,
    signature: *const u8,
    signature_len: usize,
    now_unix: *const i64,
    window_seconds: u64,
    out_outcome: *mut QrisOutcome,
    out_deliver: *mut bool,
) -> QrisResult {
    guard(move || {
        let key = try_ref!(provider_key);
        let request = request!(request).notification(text!(signature, signature_len));
        let v = qris_snap::verify_snap(&key.0, &request, freshness!(now_unix, window_seconds))?;
        put_optional!(out_outcome, (&v.outcome).into());
        put_optional!(out_deliver, v.deliver());
        Ok(())
    })
}

/// Where seen notifications are remembered (`qris_snap_verify_notification_once`):
/// the built-in memory store or yours, through a callback.
pub struct ReplayStore(Box<DynStore>);

/// A store the guard may hold across `catch_unwind` (both kinds are: the memory
/// store's mutex recovers from poisoning, the callback store holds no state).
type DynStore = dyn qris_snap::ReplayStore + std::panic::RefUnwindSafe + std::panic::UnwindSafe;

impl std::fmt::Debug for ReplayStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReplayStore")
    }
}

/// Your replay store's insert-if-absent: records `(key, key_len)` (not
/// NUL-terminated) until `expires_unix` unless it is already recorded and not
/// expired at `now_unix`. Returns 1 when the key was new, 0 when it was seen
/// before, and a negative value when the store cannot answer (the notification
/// is then refused with `QRIS_RESULT_REPLAY_STORE`). It must be atomic across
/// everything that shares the store (Redis `SET key 1 NX EX ttl`), and
/// safe to call from any thread that verifies.
pub type QrisReplayInsertFn = Option<
    unsafe extern "C" fn(ctx: *mut c_void, key: *const u8, key_len: usize, now_unix: i64, expires_unix: i64) -> i32,
>;

struct CallbackStore {
    insert: unsafe extern "C" fn(*mut c_void, *const u8, usize, i64, i64) -> i32,
    ctx: *mut c_void,
}

// SAFETY: the header's contract for `qris_replay_store_callback_new`: the
// callback and its context may be used from any thread that verifies with the
// store; the library only passes them back to the callback.
unsafe impl Send for CallbackStore {}
// SAFETY: as for Send: shared use is the caller's documented promise.
unsafe impl Sync for CallbackStore {}

impl qris_snap::ReplayStore for CallbackStore {
    fn insert_if_absent(
        &self,
        key: &str,
        now_unix: i64,
        expires_at_unix: i64,
    ) -> Result<bool, qris_snap::ReplayStoreError> {
        // SAFETY: the caller's callback, called as its contract says, with a
        // key that lives for the call.
        let r = unsafe { (self.insert)(self.ctx, key.as_ptr(), key.len(), now_unix, expires_at_unix) };
        match r {
            1 => Ok(true),
            0 => Ok(false),
            other => Err(qris_snap::ReplayStoreError(format!("the store's callback returned {other}"))),
        }
    }
}

/// A replay store in this process's memory, holding at most `max_bytes` of
/// entries (0: the default, 64 MiB); when full it refuses (`QRIS_RESULT_REPLAY_STORE`)
/// rather than forgets. Thread-safe. Free it with `qris_replay_store_free`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_replay_store_memory_new(max_bytes: usize, out: *mut *mut ReplayStore) -> QrisResult {
    guard(move || {
        let bytes = if max_bytes == 0 { qris_snap::DEFAULT_REPLAY_STORE_BYTES } else { max_bytes };
        new_handle!(out, ReplayStore(Box::new(qris_snap::MemoryReplayStore::new(bytes))))
    })
}

/// A replay store of your own (shared between instances: Redis, a database),
/// through `insert` (see `qris_replay_insert_fn`) and its `ctx`, which must stay
/// valid until the store is freed. Free it with `qris_replay_store_free`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header; `insert` and `ctx`
/// as `qris_replay_insert_fn` says.
#[no_mangle]
pub unsafe extern "C" fn qris_replay_store_callback_new(
    insert: QrisReplayInsertFn,
    ctx: *mut c_void,
    out: *mut *mut ReplayStore,
) -> QrisResult {
    guard(move || {
        let Some(insert) = insert else { return Err(QrisResult::NullParameter) };
        new_handle!(out, ReplayStore(Box::new(CallbackStore { insert, ctx })))
    })
}

/// Frees a replay store; NULL does nothing.
///
/// # Safety
/// NULL, or a store from `qris_replay_store_*_new` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qris_replay_store_free(store: *mut ReplayStore) {
    free_handle!(store);
}

/// `qris_snap_verify_notification`, then the replay guard: the notification is
/// acted on once. After the signature and timestamp verify (a forgery never
/// reaches the store), the signed message is recorded (not the signature's
/// text, which can be re-encoded: a replay is `QRIS_RESULT_REPLAYED` whatever
/// X-EXTERNAL-ID it carries, as that header is not signed), then `partner_id` + `external_id` (X-PARTNER-ID, X-EXTERNAL-ID as
/// received) until the end of the day in WIB (a reuse is `QRIS_RESULT_REPLAYED`
/// too; `qris_snap_notification_ack` answers 409).
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn qris_snap_verify_notification_once(
    provider_key: *const PublicKey,
    request: *const QrisRequest,
    signature: *const u8,
    signature_len: usize,
    partner_id: QrisStr,
    external_id: QrisStr,
    store: *const ReplayStore,
    now_unix: *const i64,
    window_seconds: u64,
    out_outcome: *mut QrisOutcome,
    out_deliver: *mut bool,
) -> QrisResult {
    guard(move || {
        let key = try_ref!(provider_key);
        let store = try_ref!(store);
        let request = request!(request).notification(text!(signature, signature_len));
        let ids = qris_snap::ReplayIds {
            partner_id: optional_text!(partner_id).unwrap_or(""),
            external_id: optional_text!(external_id).unwrap_or(""),
        };
        let v = qris_snap::verify_snap_once(&key.0, &request, ids, freshness!(now_unix, window_seconds), &*store.0)?;
        put_optional!(out_outcome, (&v.outcome).into());
        put_optional!(out_deliver, v.deliver());
        Ok(())
    })
}

/// The answer to a SNAP notification, from the result of
/// `qris_snap_verify_notification` (or `_once`) and the notify path: `*out_http`
/// gets the HTTP status (200, 400, 401, 409 for a replay or 500 when the replay
/// store failed) and `(out, cap)` the JSON body, e.g.
/// `{"responseCode":"2005600","responseMessage":"Request has been processed successfully"}`.
/// Results that no verification returns are `QRIS_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_snap_notification_ack(
    verify_result: u32,
    path: *const u8,
    path_len: usize,
    out_http: *mut u16,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let service = qris_snap::notify_service(text!(path, path_len));
        // The kind of failure each result a verification returns stands for.
        let error = match QrisResult::try_from(verify_result) {
            Ok(QrisResult::Ok) => None,
            Ok(QrisResult::InvalidSignature) => Some(NotifyError::Signature(VerifyError::Invalid)),
            Ok(QrisResult::InvalidTimestamp) => Some(NotifyError::Timestamp(TimestampError::Format)),
            Ok(QrisResult::TimestampOutOfWindow) => Some(NotifyError::Timestamp(TimestampError::TooOld { seconds: 0 })),
            Ok(QrisResult::InvalidUtf8 | QrisResult::InvalidJson | QrisResult::InvalidArgument) => {
                Some(NotifyError::Body(String::new()))
            }
            Ok(QrisResult::Replayed) => Some(NotifyError::Replayed),
            Ok(QrisResult::ReplayStore) => Some(NotifyError::ReplayStore(String::new())),
            _ => return Err(QrisResult::InvalidArgument),
        };
        let ack = match &error {
            None => Acknowledgement::success(service),
            Some(e) => Acknowledgement::for_error(e, service),
        };
        if out_http.is_null() {
            return Err(QrisResult::NullParameter);
        }
        write_out!(ack.body().as_bytes(), out, cap, out_len)?;
        put!(out_http, ack.http_status)
    })
}
