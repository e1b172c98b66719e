//! Protocol: SNAP response codes and notification verification (Midtrans and
//! SNAP) with the outcome and the "deliver the goods?" answer.

use pyo3::prelude::*;
use qris_snap::{Acknowledgement, Amount, NotifyError, SnapNotifyRequest};

use crate::sig::{freshness, secret_of, InvalidSignature, InvalidTimestamp, PublicKey};
use crate::{amount_text, bytes_of, QrisError};

pyo3::create_exception!(
    _qris,
    NotificationMismatch,
    QrisError,
    "A verified notification for another order or amount than the one expected."
);

/// A SNAP `responseCode`: HTTP status + service code + case code.
#[pyclass(frozen, module = "qris", get_all)]
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
    /// What to do next: `"no"`, `"check_status"`, `"same_external_id"`, `"later"`, `"never"`.
    retry: &'static str,
}

#[pymethods]
impl ResponseCode {
    /// Parses `"2004700"` (or a bare `"200"`); raises `QrisError` otherwise.
    #[staticmethod]
    fn parse(code: &str) -> PyResult<ResponseCode> {
        let rc = qris_snap::ResponseCode::parse(code).map_err(|e| QrisError::new_err(e.to_string()))?;
        let retry = rc.retry().as_str();
        Ok(ResponseCode {
            http: rc.http,
            service: rc.service,
            case: rc.case,
            service_name: rc.service_name(),
            case_name: rc.case_name(),
            is_success: rc.is_success(),
            is_pending: rc.is_pending(),
            retry,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "ResponseCode(http={}, service={:?}, case={:?}, {:?})",
            self.http, self.service, self.case, self.case_name
        )
    }
}

fn notify_error(e: NotifyError) -> PyErr {
    match e {
        NotifyError::Signature(v) => InvalidSignature::new_err(v.to_string()),
        NotifyError::Timestamp(t) => InvalidTimestamp::new_err(format!("X-TIMESTAMP refused: {t}")),
        NotifyError::Mismatch(m) => NotificationMismatch::new_err(m.to_string()),
        other => QrisError::new_err(other.to_string()),
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
}

#[pymethods]
impl Notification {
    fn __repr__(&self) -> String {
        format!("Notification(order_id={:?}, outcome={:?}, deliver={})", self.order_id, self.outcome, self.deliver)
    }
}

/// Verifies a raw Midtrans HTTP notification body: its signed fields' form and
/// `signature_key` against your server key (constant time), then what the
/// signed `status_code` with the status means; with `order_id` and `amount`,
/// also that it is for that order and amount. Raises `InvalidSignature` (forged
/// or wrong key), `NotificationMismatch` (another order or amount) or
/// `QrisError` (malformed, blank server key).
#[pyfunction]
#[pyo3(signature = (body, server_key, order_id = None, amount = None))]
pub fn midtrans_verify_notification(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    server_key: &Bound<'_, PyAny>,
    order_id: Option<String>,
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
        _ => return Err(pyo3::exceptions::PyTypeError::new_err("give both order_id and amount, or neither")),
    };
    let (data, key) = (bytes_of(body)?, secret_of(server_key)?);
    let body: &[u8] = &data;
    let v = py.detach(|| {
        let v = qris_snap::verify_midtrans(body, &key)?;
        if let Some((o, a)) = &expected {
            v.expect(o, *a)?;
        }
        Ok::<_, NotifyError>((
            v.order_id().to_owned(),
            v.gross_amount().to_owned(),
            v.status_code().to_owned(),
            v.transaction_status().to_owned(),
            v.outcome.clone(),
            v.deliver(),
        ))
    });
    let (order_id, amount, status_code, status, outcome, deliver) = v.map_err(notify_error)?;
    Ok(Notification {
        order_id: Some(order_id),
        amount: Some(amount),
        status_code: Some(status_code),
        status,
        outcome: outcome.code(),
        deliver,
        ack_status: 200,
        ack_body: String::new(),
    })
}

/// Verifies a SNAP payment notification as received (X-TIMESTAMP within
/// `window` seconds of now, or of `now` as Unix seconds; X-SIGNATURE with the
/// provider's public key over your own `path`; then the body). Raises
/// `InvalidSignature` or `QrisError` carrying `.ack_status` and `.ack_body`,
/// the answer to send.
#[pyfunction]
#[pyo3(signature = (public_key, method, path, body, timestamp, signature, window = qris_sign::DEFAULT_WINDOW_SECONDS, now = None))]
#[allow(clippy::too_many_arguments)]
pub fn snap_verify_notification(
    py: Python<'_>,
    public_key: &PublicKey,
    method: &str,
    path: &str,
    body: &Bound<'_, PyAny>,
    timestamp: &str,
    signature: &str,
    window: u64,
    now: Option<i64>,
) -> PyResult<Notification> {
    let data = bytes_of(body)?;
    let body: &[u8] = &data;
    let fresh = freshness(window, now);
    let request = SnapNotifyRequest { method, path, body, timestamp, signature };
    let v = py.detach(|| qris_snap::verify_snap(public_key.key(), &request, fresh)).map_err(|e| {
        // The answer to send goes with the exception: computed from the real
        // error, not guessed back from its message.
        let ack = Acknowledgement::for_error(&e, qris_snap::notify_service(path));
        let err = notify_error(e);
        let value = err.value(py);
        let _ = value.setattr("ack_status", ack.http_status);
        let _ = value.setattr("ack_body", ack.body());
        err
    })?;
    Ok(Notification {
        order_id: v.notification.original_partner_reference_no.clone(),
        amount: v.notification.amount.as_ref().map(|m| m.value.clone()),
        status_code: None,
        status: v.notification.latest_transaction_status.clone(),
        outcome: v.outcome.code(),
        deliver: v.deliver(),
        ack_status: v.ack.http_status,
        ack_body: v.ack.body(),
    })
}
