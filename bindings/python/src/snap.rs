//! Protocol (qris-snap): SNAP response codes, and notification verification
//! (SNAP and Midtrans) with the outcome and the "deliver the goods?" answer.
//! `qris.snap.verify_notification` and `qris.midtrans.verify_notification`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use qris_sign::Freshness;
use qris_snap::{
    Acknowledgement, Amount, MemoryReplayStore, NotifyError, ReplayIds, ReplayStore, ReplayStoreError,
    SnapNotifyRequest,
};

use crate::emv::amount_text;
use crate::error::{notify_error, QrisError};
use crate::sign::{secret_of, PublicKey};
use crate::{bytes_of, Text};

/// A SNAP `responseCode`: HTTP status + service code + case code.
#[pyclass(frozen, module = "qris.snap", get_all)]
pub struct ResponseCode {
    /// HTTP status, e.g. 200.
    http: u16,
    /// Service code (47 QRIS MPM generate, ...) or None for a bare status.
    service: Option<u8>,
    /// Case code or None for a bare status.
    case: Option<u8>,
    /// The service's name (`"unknown"` if not known).
    service_name: &'static str,
    /// The case's name (`"unknown"` if not known).
    case_name: &'static str,
    /// A 2xx other than 202.
    is_success: bool,
    /// 202: accepted, still processing.
    is_pending: bool,
    /// What to do next: `"no"`, `"check_status"`, `"same_external_id"`, `"later"` or `"never"`.
    retry: &'static str,
    /// What to do next, in words.
    advice: &'static str,
}

#[pymethods]
impl ResponseCode {
    /// Parses `"2004700"` (or a bare `"200"`); raises `QrisError` otherwise.
    #[staticmethod]
    fn parse(code: Text) -> PyResult<ResponseCode> {
        let rc = qris_snap::ResponseCode::parse(&code).map_err(|e| QrisError::new_err(e.to_string()))?;
        let retry = rc.retry();
        Ok(ResponseCode {
            http: rc.http,
            service: rc.service,
            case: rc.case,
            service_name: rc.service_name(),
            case_name: rc.case_name(),
            is_success: rc.is_success(),
            is_pending: rc.is_pending(),
            retry: retry.as_str(),
            advice: retry.advice(),
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "ResponseCode(http={}, service={:?}, case={:?}, {:?})",
            self.http, self.service, self.case, self.case_name
        )
    }
}

/// A verified notification: what it says and whether to hand over the goods.
#[pyclass(frozen, module = "qris", get_all)]
pub struct Notification {
    /// The merchant's order id (Midtrans `order_id`, SNAP `originalPartnerReferenceNo`).
    order_id: Option<String>,
    /// The amount as sent (`gross_amount`, SNAP `amount.value`).
    amount: Option<String>,
    /// Midtrans' signed `status_code` (`"200"`); None for SNAP.
    status_code: Option<String>,
    /// The provider's status as sent (`transaction_status`, SNAP `latestTransactionStatus`).
    status: String,
    /// `"paid"`, `"pending"`, `"failed"`, `"expired"`, `"refunded"`, ... (see the docs).
    outcome: &'static str,
    /// True only when paid: deliver the goods.
    deliver: bool,
    /// The HTTP status to answer with (SNAP; 200 for Midtrans).
    ack_status: u16,
    /// The JSON body to answer with (SNAP; empty for Midtrans).
    ack_body: String,
    /// What the operator should hear about though the verification stands,
    /// e.g. `"key.legacy_1024: ..."` (a provider key below 2048 bits).
    warnings: Vec<String>,
    /// Midtrans: the same notification heard twice gives the same key (signed
    /// fields only); deliver when it is new to your store. None for SNAP (use
    /// `guard=`).
    idempotency_key: Option<String>,
}

#[pymethods]
impl Notification {
    fn __repr__(&self) -> String {
        format!("Notification(order_id={:?}, outcome={:?}, deliver={})", self.order_id, self.outcome, self.deliver)
    }
}

/// Verifies a raw Midtrans HTTP notification body: its signed fields' form and
/// `signature_key` against your server key (constant time), then what the
/// signed `status_code` with the status means; with `order_id` and `amount`
/// (your own record: str, int or Decimal, never float), also that it is for
/// that order and amount. Raises `InvalidSignature` (forged or wrong key),
/// `NotificationMismatch` (another order or amount) or `QrisError` (malformed,
/// blank server key).
#[pyfunction]
#[pyo3(name = "verify_notification", signature = (body, server_key, *, order_id = None, amount = None))]
pub fn verify_midtrans_notification(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    server_key: &Bound<'_, PyAny>,
    order_id: Option<Text>,
    amount: Option<&Bound<'_, PyAny>>,
) -> PyResult<Notification> {
    let expected = match (order_id, amount) {
        (Some(o), Some(a)) => {
            let text = amount_text(a)?;
            let amount = Amount::parse_decimal(&text)
                .ok_or_else(|| QrisError::new_err(format!("amount {text:?} is not a decimal like 789000.00")))?;
            Some((o, amount))
        }
        (None, None) => None,
        _ => return Err(PyTypeError::new_err("give both order_id and amount, or neither")),
    };
    let (data, key) = (bytes_of(body)?, secret_of(server_key)?);
    let body: &[u8] = &data;
    let verified = py.detach(|| {
        let v = qris_snap::verify_midtrans(body, &key)?;
        if let Some((o, a)) = &expected {
            v.expect(o, *a)?;
        }
        Ok::<_, NotifyError>(Notification {
            order_id: Some(v.order_id().to_owned()),
            amount: Some(v.gross_amount().to_owned()),
            status_code: Some(v.status_code().to_owned()),
            status: v.transaction_status().to_owned(),
            outcome: v.outcome.as_str(),
            deliver: v.deliver(),
            ack_status: 200,
            ack_body: String::new(),
            warnings: Vec::new(),
            idempotency_key: Some(v.idempotency_key()),
        })
    });
    verified.map_err(|e| notify_error(py, e, None))
}

/// Verifies a SNAP payment notification as received: X-TIMESTAMP within
/// `window` seconds of `now` (Unix seconds; default the system clock),
/// X-SIGNATURE over your own `path` with the provider's public key, then the
/// body. Returns the `Notification` (`.outcome`, `.deliver`, `.ack_status`,
/// `.ack_body`); raises `InvalidSignature`, `InvalidTimestamp`, `JsonError` or
/// `QrisError`, whose `ack_for_error` is the answer to send.
#[pyfunction]
#[pyo3(name = "verify_notification", signature = (public_key, method, path, body, timestamp, signature, *, window = 300, now = None, guard = None, partner_id = None, external_id = None))]
#[allow(clippy::too_many_arguments)]
pub fn verify_snap_notification(
    py: Python<'_>,
    public_key: &PublicKey,
    method: Text,
    path: Text,
    body: &Bound<'_, PyAny>,
    timestamp: Text,
    signature: Text,
    window: u64,
    now: Option<i64>,
    guard: Option<&Bound<'_, PyAny>>,
    partner_id: Option<Text>,
    external_id: Option<Text>,
) -> PyResult<Notification> {
    let data = bytes_of(body)?;
    let request =
        SnapNotifyRequest { method: &method, path: &path, body: &data, timestamp: &timestamp, signature: &signature };
    let fresh = Freshness::of(now, window);
    let result = match guard {
        None => {
            if external_id.is_some() || partner_id.is_some() {
                return Err(PyTypeError::new_err("partner_id and external_id are for the replay guard: give guard="));
            }
            py.detach(|| qris_snap::verify_snap(public_key.key(), &request, fresh))
        }
        Some(guard) => {
            let external_id = external_id
                .ok_or_else(|| PyTypeError::new_err("guard= needs external_id= (the X-EXTERNAL-ID header)"))?;
            let partner_id: &str = partner_id.as_deref().unwrap_or("");
            let ids = ReplayIds { partner_id, external_id: &external_id };
            if let Ok(memory) = guard.cast::<ReplayGuard>() {
                let store = &memory.get().0;
                py.detach(|| qris_snap::verify_snap_once(public_key.key(), &request, ids, fresh, store))
            } else {
                if !guard.hasattr("insert_if_absent")? {
                    return Err(PyTypeError::new_err(
                        "guard= takes a qris.snap.ReplayGuard or an object with insert_if_absent(key, now, expires_at) -> bool",
                    ));
                }
                let store = PyReplayStore(guard.clone().unbind());
                py.detach(|| qris_snap::verify_snap_once(public_key.key(), &request, ids, fresh, &store))
            }
        }
    };
    match result {
        Ok(v) => Ok(Notification {
            order_id: v.notification.original_partner_reference_no.clone(),
            amount: v.notification.amount.as_ref().map(|m| m.value.clone()),
            status_code: None,
            status: v.notification.latest_transaction_status.clone(),
            outcome: v.outcome.as_str(),
            deliver: v.deliver(),
            ack_status: v.ack.http_status,
            ack_body: v.ack.body(),
            warnings: v.key_warning.iter().map(|w| format!("{}: {w}", w.code())).collect(),
            idempotency_key: None,
        }),
        Err(e) => {
            // The answer to send goes with the exception: computed from the
            // real error, never guessed back from its message.
            let ack = Acknowledgement::for_error(&e, qris_snap::notify_service(&path));
            Err(notify_error(py, e, Some(ack)))
        }
    }
}

/// The replay guard in this process's memory: pass it as `guard=` to
/// `qris.snap.verify_notification` and a notification is accepted once (a replay,
/// whatever its X-EXTERNAL-ID, or a reused X-EXTERNAL-ID the same WIB day raises
/// `NotificationReplayed`, answered 409). At most `max_bytes` of entries (64 MiB
/// by default); when full it refuses (raises) rather than forgets. Services with
/// several instances pass their own shared store instead: any object with
/// `insert_if_absent(key: str, now: int, expires_at: int) -> bool` that is atomic
/// (Redis `SET key 1 NX EX ttl`; see examples/redis).
#[pyclass(frozen, module = "qris.snap")]
pub struct ReplayGuard(MemoryReplayStore);

#[pymethods]
impl ReplayGuard {
    #[new]
    #[pyo3(signature = (max_bytes = 67108864))]
    fn new(max_bytes: usize) -> ReplayGuard {
        ReplayGuard(MemoryReplayStore::new(max_bytes))
    }
    /// Records `key` until `expires_at` (UNIX seconds) unless present and live
    /// at `now`: True when new. Raises `QrisError` when full.
    fn insert_if_absent(&self, py: Python<'_>, key: &str, now: i64, expires_at: i64) -> PyResult<bool> {
        py.detach(|| self.0.insert_if_absent(key, now, expires_at)).map_err(|e| QrisError::new_err(e.to_string()))
    }
    fn __len__(&self) -> usize {
        self.0.len()
    }
    fn __repr__(&self) -> String {
        format!("ReplayGuard({} entries)", self.0.len())
    }
}

/// A store written in Python (Redis, a database), called with the GIL held.
struct PyReplayStore(Py<PyAny>);

impl ReplayStore for PyReplayStore {
    fn insert_if_absent(&self, key: &str, now_unix: i64, expires_at_unix: i64) -> Result<bool, ReplayStoreError> {
        Python::attach(|py| {
            self.0
                .bind(py)
                .call_method1("insert_if_absent", (key, now_unix, expires_at_unix))
                .and_then(|r| r.is_truthy())
                .map_err(|e| ReplayStoreError(e.to_string()))
        })
    }
}

/// The `(http_status, json_body)` to answer with, for an exception raised by
/// `qris.snap.verify_notification` (401 for a bad signature or timestamp, 400
/// for a malformed body). Raises `TypeError` for any other exception.
#[pyfunction]
pub fn ack_for_error<'py>(error: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    let not_ours = || PyTypeError::new_err("not an exception raised by qris.snap.verify_notification");
    let status = error.getattr("ack_status").map_err(|_| not_ours())?;
    let body = error.getattr("ack_body").map_err(|_| not_ours())?;
    PyTuple::new(error.py(), [status, body])
}
