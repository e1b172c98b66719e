//! Notifications, end to end: parse the raw body, verify its signature, map the
//! status to an [`Outcome`], and say what to answer.

use core::fmt;
use std::borrow::Cow;
use std::net::IpAddr;

use qris_sign::midtrans::{verify_signature_key, Field, NotificationError};
use qris_sign::{Freshness, KeyWarning, PublicKey, Secret, Timestamp, TimestampError, VerifyError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::amount::{Amount, Money};
use crate::outcome::Outcome;

/// The largest notification body accepted (1 MiB).
pub const MAX_NOTIFICATION_BYTES: usize = 1 << 20;

/// Why a notification was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotifyError {
    /// Larger than [`MAX_NOTIFICATION_BYTES`].
    TooLarge(usize),
    /// Not JSON, or a field missing or of the wrong type (serde's message names it).
    Body(String),
    /// The signature (`signature_key` or X-SIGNATURE) does not verify.
    Signature(VerifyError),
    /// X-TIMESTAMP is malformed or outside the allowed window.
    Timestamp(TimestampError),
    /// A signed Midtrans field is not in the form Midtrans sends it (refused
    /// before any hashing: such fields could be re-split, see
    /// [`qris_sign::midtrans`]).
    Field(Field),
    /// The server key to verify with is empty or only whitespace.
    EmptySecret,
    /// A verified notification is not for the order or amount expected
    /// ([`VerifiedMidtrans::expect`]).
    Mismatch(Mismatch),
    /// Seen before: the same signed notification again, or its X-EXTERNAL-ID
    /// already used today ([`crate::verify_snap_once`]). Answered 409 Conflict.
    Replayed,
    /// The replay store could not answer (full, unreachable): refused so that
    /// the provider retries, rather than acted on without the check.
    ReplayStore(String),
}

/// How a verified notification differs from the merchant's own record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mismatch {
    /// Another order id.
    OrderId,
    /// Another amount.
    Amount {
        /// What the notification says (signed).
        notified: Amount,
        /// What the merchant's record says.
        expected: Amount,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::OrderId => f.write_str("the notification is for another order_id"),
            Mismatch::Amount { notified, expected } => {
                write!(f, "the notification is for an amount of {notified}, the order is for {expected}")
            }
        }
    }
}

impl fmt::Display for NotifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotifyError::TooLarge(n) => write!(f, "notification body of {n} bytes exceeds {MAX_NOTIFICATION_BYTES}"),
            NotifyError::Body(e) => write!(f, "malformed notification: {e}"),
            NotifyError::Signature(e) => write!(f, "{e}"),
            NotifyError::Timestamp(e) => write!(f, "X-TIMESTAMP: {e}"),
            NotifyError::Field(field) => write!(f, "{}", NotificationError::Format(*field)),
            NotifyError::EmptySecret => write!(f, "{}", NotificationError::EmptyServerKey),
            NotifyError::Mismatch(m) => write!(f, "{m}"),
            NotifyError::Replayed => {
                f.write_str("notification already received: the same signed request, or its X-EXTERNAL-ID used today")
            }
            NotifyError::ReplayStore(e) => write!(f, "replay store: {e}"),
        }
    }
}

impl std::error::Error for NotifyError {}

fn check_size(body: &[u8]) -> Result<(), NotifyError> {
    if body.len() > MAX_NOTIFICATION_BYTES {
        return Err(NotifyError::TooLarge(body.len()));
    }
    Ok(())
}

/// A Midtrans Core API HTTP notification (Midtrans' GoPay QRIS POS guide). Unknown fields are kept in
/// `extra`, so a notification read and written back loses nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MidtransNotification {
    /// `order_id`, the merchant's.
    pub order_id: String,
    /// `status_code` (`"200"` success, `"201"` pending, `"202"` deny...).
    pub status_code: String,
    /// `gross_amount` exactly as sent (`"789000.00"`).
    pub gross_amount: String,
    /// `signature_key`: SHA-512 of order_id + status_code + gross_amount + server key.
    pub signature_key: String,
    /// `transaction_status` (`settlement`, `pending`, `expire`...).
    pub transaction_status: String,
    /// `fraud_status` (`accept`, `challenge`, `deny`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraud_status: Option<String>,
    /// `transaction_id`, Midtrans'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `payment_type` (`qris`, `gopay`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<String>,
    /// `transaction_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_time: Option<String>,
    /// `settlement_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_time: Option<String>,
    /// `currency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The fields of a Midtrans notification that verification and the outcome
/// need, borrowed from the body (copied only where JSON escapes must be decoded).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
struct SignedFields<'a> {
    #[serde(borrow)]
    order_id: Cow<'a, str>,
    #[serde(borrow)]
    status_code: Cow<'a, str>,
    #[serde(borrow)]
    gross_amount: Cow<'a, str>,
    #[serde(borrow)]
    signature_key: Cow<'a, str>,
    #[serde(borrow)]
    transaction_status: Cow<'a, str>,
    #[serde(borrow, default)]
    fraud_status: Option<Cow<'a, str>>,
}

/// A verified Midtrans notification, borrowed from its body: the signed fields,
/// what the status means, and the whole typed message on request.
///
/// Only `order_id`, `status_code` and `gross_amount` are signed. Read what was
/// paid from here (never by parsing the body again with another parser, which
/// may read duplicate keys or escapes differently), check it against your own
/// record with [`VerifiedMidtrans::expect`], and keep delivery idempotent per
/// order: Midtrans may send a notification more than once.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedMidtrans<'a> {
    body: &'a [u8],
    fields: SignedFields<'a>,
    amount: Amount,
    /// What the signed `status_code` with `transaction_status` and
    /// `fraud_status` mean ([`Outcome::from_midtrans`]).
    pub outcome: Outcome,
}

impl VerifiedMidtrans<'_> {
    /// Whether to deliver the goods: the outcome is paid (the signed
    /// status_code 200 agrees with settlement, or capture with fraud_status
    /// accept). Call [`VerifiedMidtrans::expect`] first.
    pub fn deliver(&self) -> bool {
        self.outcome.deliver()
    }

    /// Checks that the notification is for `order_id` and `amount`, as the
    /// merchant's own record has them (the amount is compared exactly, in
    /// minor units: `Amount::parse_decimal("789000")` equals `"789000.00"`).
    ///
    /// ```
    /// use qris_sign::{midtrans, Secret};
    /// use qris_snap::{verify_midtrans, Amount, NotifyError};
    /// let key = Secret::from("SB-Mid-server-TEST");
    /// let sig = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap();
    /// let body = format!(r#"{{"order_id":"order102","status_code":"200","gross_amount":"789000.00","signature_key":"{sig}","transaction_status":"settlement","fraud_status":"accept"}}"#);
    /// let v = verify_midtrans(body.as_bytes(), &key)?;
    /// assert!(v.expect("order102", Amount::from_rupiah(789_000))?.deliver());
    /// assert!(matches!(v.expect("order102", Amount::from_rupiah(1)), Err(NotifyError::Mismatch(_))));
    /// # Ok::<(), NotifyError>(())
    /// ```
    ///
    /// # Errors
    /// [`NotifyError::Mismatch`] saying which differs.
    pub fn expect(&self, order_id: &str, amount: Amount) -> Result<&Self, NotifyError> {
        // Not secret: plain comparisons.
        if self.fields.order_id != order_id {
            return Err(NotifyError::Mismatch(Mismatch::OrderId));
        }
        if self.amount != amount {
            return Err(NotifyError::Mismatch(Mismatch::Amount { notified: self.amount, expected: amount }));
        }
        Ok(self)
    }

    /// `order_id` (signed).
    pub fn order_id(&self) -> &str {
        &self.fields.order_id
    }

    /// `gross_amount`, exactly as sent (signed), e.g. `"789000.00"`.
    pub fn gross_amount(&self) -> &str {
        &self.fields.gross_amount
    }

    /// `gross_amount` in minor units (signed).
    pub fn amount(&self) -> Amount {
        self.amount
    }

    /// `status_code` (signed).
    pub fn status_code(&self) -> &str {
        &self.fields.status_code
    }

    /// `transaction_status`.
    pub fn transaction_status(&self) -> &str {
        &self.fields.transaction_status
    }

    /// `fraud_status`, if sent.
    pub fn fraud_status(&self) -> Option<&str> {
        self.fields.fraud_status.as_deref()
    }

    /// The same notification heard twice (Midtrans retries until it gets a 200)
    /// gives the same key: `midtrans:{order_id}:{status_code}:{gross_amount}`,
    /// signed fields only. A new state of the order with another status code
    /// (201 pending, then 200 paid) is a new key. `transaction_status` is left
    /// out on purpose: it is not covered by `signature_key`, so a replayer could
    /// change it (`settlement` to `capture`, both paid) to make a "new" key and
    /// have the goods delivered twice. Deliver when the key is new to your
    /// [`crate::ReplayStore`]:
    ///
    /// ```
    /// use qris_sign::{midtrans, Secret};
    /// use qris_snap::{verify_midtrans, MemoryReplayStore, ReplayStore};
    /// let key = Secret::from("SB-Mid-server-TEST");
    /// let sig = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap();
    /// let body = format!(r#"{{"order_id":"order102","status_code":"200","gross_amount":"789000.00","transaction_status":"settlement","signature_key":"{sig}"}}"#);
    /// let store = MemoryReplayStore::default();
    /// let (now, a_week) = (1_710_833_400, 7 * 86_400);
    /// let mut delivered = 0;
    /// for _ in 0..3 {
    ///     // Midtrans retried: the same notification three times.
    ///     let v = verify_midtrans(body.as_bytes(), &key)?;
    ///     if v.deliver() && store.insert_if_absent(&v.idempotency_key(), now, now + a_week)? {
    ///         delivered += 1;
    ///     }
    /// }
    /// assert_eq!(delivered, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn idempotency_key(&self) -> String {
        format!("midtrans:{}:{}:{}", self.order_id(), self.status_code(), self.gross_amount())
    }

    /// The whole notification, typed, with every other field kept in `extra`.
    ///
    /// # Errors
    /// A field of an unexpected type (the signed ones were already checked).
    pub fn notification(&self) -> Result<MidtransNotification, NotifyError> {
        serde_json::from_slice(self.body).map_err(|e| NotifyError::Body(e.to_string()))
    }
}

/// Verifies a raw Midtrans notification body: reads the signed fields (borrowed;
/// a repeated field is an error, not "the last one wins"), checks their form
/// and the `signature_key` (constant time, over the exact strings sent), and
/// maps the signed status_code with the status to an [`Outcome`].
/// [`VerifiedMidtrans::notification`] gives the whole message.
///
/// ```
/// use qris_sign::{midtrans, Secret};
/// let key = Secret::from("SB-Mid-server-TEST");
/// let sig = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap();
/// let body = format!(r#"{{"order_id":"order102","status_code":"200","gross_amount":"789000.00","signature_key":"{sig}","transaction_status":"settlement","fraud_status":"accept"}}"#);
/// let v = qris_snap::verify_midtrans(body.as_bytes(), &key)?;
/// assert!(v.deliver());
/// assert_eq!(v.order_id(), "order102");
/// # Ok::<(), qris_snap::NotifyError>(())
/// ```
///
/// # Errors
/// A [`NotifyError`]: too large, malformed (naming the field), a signed field
/// out of form, an empty server key, or a wrong signature.
pub fn verify_midtrans<'a>(body: &'a [u8], server_key: &Secret) -> Result<VerifiedMidtrans<'a>, NotifyError> {
    check_size(body)?;
    let fields: SignedFields<'a> = serde_json::from_slice(body).map_err(|e| NotifyError::Body(e.to_string()))?;
    verify_signature_key(
        &fields.order_id,
        &fields.status_code,
        &fields.gross_amount,
        server_key,
        &fields.signature_key,
    )
    .map_err(|e| match e {
        NotificationError::Format(field) => NotifyError::Field(field),
        NotificationError::EmptyServerKey => NotifyError::EmptySecret,
        _ => NotifyError::Signature(VerifyError::Invalid),
    })?;
    // The form was checked (digits, '.', two decimals, at most 16 integer digits).
    let amount = Amount::parse_decimal(&fields.gross_amount).ok_or(NotifyError::Field(Field::GrossAmount))?;
    let outcome =
        Outcome::from_midtrans(&fields.status_code, &fields.transaction_status, fields.fraud_status.as_deref());
    Ok(VerifiedMidtrans { body, fields, amount, outcome })
}

/// A SNAP payment notification body (`/v1.0/debit/notify`, QRIS notify; Midtrans'
/// SNAP GoPay docs). Unknown fields are kept in `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapNotification {
    /// `latestTransactionStatus` (00..07).
    pub latest_transaction_status: String,
    /// `originalPartnerReferenceNo`: the merchant's order id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_partner_reference_no: Option<String>,
    /// `originalReferenceNo`: the provider's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_reference_no: Option<String>,
    /// `originalExternalId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_external_id: Option<String>,
    /// `merchantId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    /// `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// `transactionStatusDesc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_status_desc: Option<String>,
    /// `createdTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// `finishedTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_time: Option<String>,
    /// `additionalInfo`, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<Value>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The HTTP request a SNAP notification arrived as.
#[derive(Clone, Copy, Debug)]
pub struct SnapNotifyRequest<'a> {
    /// HTTP method (`POST`).
    pub method: &'a str,
    /// The receiver's **own** relative path, as the provider signed it (`/v1.0/debit/notify`).
    pub path: &'a str,
    /// The raw body bytes.
    pub body: &'a [u8],
    /// The X-TIMESTAMP header, as received.
    pub timestamp: &'a str,
    /// The X-SIGNATURE header.
    pub signature: &'a str,
}

/// A verified SNAP notification, what it means, and the answer to send.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedSnap {
    /// The notification.
    pub notification: SnapNotification,
    /// What `latestTransactionStatus` means.
    pub outcome: Outcome,
    /// The acknowledgement to respond with.
    pub ack: Acknowledgement,
    /// Set when the provider's key is a legacy one below 2048 bits (loaded with
    /// [`PublicKey::from_bytes_legacy_1024`]): the verification stands, the
    /// operator should hear about it.
    pub key_warning: Option<KeyWarning>,
}

impl VerifiedSnap {
    /// Whether to deliver the goods.
    pub fn deliver(&self) -> bool {
        self.outcome.deliver()
    }
}

/// The SNAP service a notify path belongs to: 52 for QRIS notify
/// (`/qr/...notify`), else 56 (debit notify, the service every other notify
/// path answers as).
pub fn notify_service(path: &str) -> u8 {
    let p = path.split('?').next().unwrap_or(path);
    if p.contains("/qr/") && p.ends_with("notify") {
        52
    } else {
        56
    }
}

/// Verifies a SNAP notify request: X-TIMESTAMP against `freshness`
/// ([`Freshness::default`]: the system clock, 5 minutes either side), the
/// asymmetric signature (method, the receiver's own path, the raw body minified,
/// the timestamp) with the provider's public key, then the body. The whole body
/// is signed, so the outcome rests on signed data.
///
/// # Errors
/// A [`NotifyError`]; [`Acknowledgement::for_error`] gives the matching answer.
pub fn verify_snap(
    provider_key: &PublicKey,
    request: &SnapNotifyRequest<'_>,
    freshness: Freshness,
) -> Result<VerifiedSnap, NotifyError> {
    verify_snap_with(provider_key, request, freshness, &|m, s| provider_key.verify_bytes(m, s))
}

/// [`verify_snap`] with the RSA primitive supplied by the caller (see
/// [`PublicKey::verify_request_with`]); every other check and the outcome are
/// this crate's.
///
/// # Errors
/// As [`verify_snap`].
pub fn verify_snap_with(
    provider_key: &PublicKey,
    request: &SnapNotifyRequest<'_>,
    freshness: Freshness,
    primitive: &dyn Fn(&[u8], &[u8]) -> bool,
) -> Result<VerifiedSnap, NotifyError> {
    check_size(request.body)?;
    provider_key
        .verify_request_with(
            request.method,
            request.path,
            request.body,
            request.timestamp,
            request.signature,
            freshness,
            primitive,
        )
        .map_err(|e| match e {
            VerifyError::Timestamp(t) => NotifyError::Timestamp(t),
            other => NotifyError::Signature(other),
        })?;
    let notification: SnapNotification =
        serde_json::from_slice(request.body).map_err(|e| NotifyError::Body(e.to_string()))?;
    let outcome = Outcome::from_snap_status(&notification.latest_transaction_status);
    let ack = Acknowledgement::success(notify_service(request.path));
    Ok(VerifiedSnap { notification, outcome, ack, key_warning: provider_key.warning() })
}

/// The response to a SNAP notification: HTTP status and the JSON body
/// (`{"responseCode":"2005600","responseMessage":"..."}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    /// HTTP status to answer with.
    #[serde(skip)]
    pub http_status: u16,
    /// `responseCode`, e.g. `2005600`.
    #[serde(rename = "responseCode")]
    pub response_code: String,
    /// `responseMessage`.
    #[serde(rename = "responseMessage")]
    pub response_message: String,
}

impl Acknowledgement {
    /// `200{service}00` "Request has been processed successfully".
    pub fn success(service: u8) -> Acknowledgement {
        Acknowledgement {
            http_status: 200,
            response_code: format!("200{service:02}00"),
            response_message: "Request has been processed successfully".into(),
        }
    }

    /// The answer to a notification that failed verification: 401 for a bad
    /// signature or timestamp, 400 for a malformed body.
    pub fn for_error(error: &NotifyError, service: u8) -> Acknowledgement {
        let (http, case, message) = match error {
            NotifyError::Signature(_) => (401, 0, "Unauthorized. Signature"),
            NotifyError::Timestamp(_) => (401, 0, "Unauthorized. Invalid Timestamp"),
            NotifyError::Body(_) | NotifyError::TooLarge(_) | NotifyError::Field(_) | NotifyError::Mismatch(_) => {
                (400, 1, "Invalid Field Format")
            }
            NotifyError::EmptySecret | NotifyError::ReplayStore(_) => (500, 0, "General Error"),
            NotifyError::Replayed => (409, 0, "Conflict"),
        };
        Acknowledgement {
            http_status: http,
            response_code: format!("{http}{service:02}{case:02}"),
            response_message: message.into(),
        }
    }

    /// The JSON body.
    pub fn body(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The response headers: `Content-Type` and `X-TIMESTAMP` (at `now`).
    pub fn headers(&self, now: &Timestamp) -> Vec<(&'static str, String)> {
        vec![("Content-Type", "application/json".into()), ("X-TIMESTAMP", now.format(false))]
    }
}

/// Midtrans environments with published notifier addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Environment {
    /// Staging.
    Staging,
    /// Sandbox.
    Sandbox,
    /// Production.
    Production,
}

/// The addresses Midtrans sends notifications from, per environment, as
/// published in Midtrans' SNAP GoPay mini-app docs (data, not logic: replace with [`IpAllowlist::new`] when
/// Midtrans publishes new ranges).
pub fn midtrans_notifier_ranges(env: Environment) -> &'static [&'static str] {
    match env {
        Environment::Staging => &[
            "3.1.141.98/32",
            "52.76.190.190/32",
            "13.251.192.204/32",
            "8.215.39.156/32",
            "8.215.77.79/32",
            "147.139.213.119/32",
            "8.215.56.11/32",
            "8.215.39.87/32",
            "8.215.42.0/32",
            "8.215.59.158/32",
            "149.129.222.246/32",
            "8.215.26.108/32",
            "8.215.13.84/32",
        ],
        Environment::Sandbox => &[
            "34.142.147.133/32",
            "34.142.169.131/32",
            "34.142.231.22/32",
            "35.240.161.215/32",
            "34.142.227.232/32",
            "34.124.184.175/32",
            "35.197.130.2/32",
            "34.142.233.114/32",
            "8.215.26.211/32",
            "8.215.22.135/32",
            "8.215.93.92/32",
            "8.215.93.214/32",
            "8.215.93.76/32",
            "8.215.33.37/32",
            "8.215.26.148/32",
            "8.215.194.225/32",
            "8.215.12.199/32",
            "149.129.255.111/32",
        ],
        Environment::Production => &[
            "13.228.166.126/32",
            "52.220.80.5/32",
            "3.1.123.95/32",
            "8.215.30.222/32",
            "147.139.209.49/32",
            "8.215.32.142/32",
            "147.139.163.77/32",
            "8.215.25.24/32",
            "8.215.3.193/32",
            "147.139.210.20/32",
            "149.129.238.95/32",
            "8.215.9.206/32",
            "147.139.134.22/32",
        ],
    }
}

/// A set of CIDR ranges (IPv4 and IPv6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpAllowlist {
    ranges: Vec<(IpAddr, u8)>,
}

impl IpAllowlist {
    /// Parses ranges such as `"8.215.30.222/32"` or `"2001:db8::/32"` (a bare
    /// address is a single host).
    ///
    /// # Errors
    /// The first range that does not parse.
    pub fn new<'a>(cidrs: impl IntoIterator<Item = &'a str>) -> Result<IpAllowlist, String> {
        let mut ranges = Vec::new();
        for c in cidrs {
            let (addr, len) = c.split_once('/').unwrap_or((c, ""));
            let ip: IpAddr = addr.trim().parse().map_err(|_| format!("invalid address in {c:?}"))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let len: u8 =
                if len.is_empty() { max } else { len.parse().map_err(|_| format!("invalid prefix in {c:?}"))? };
            if len > max {
                return Err(format!("prefix longer than {max} in {c:?}"));
            }
            ranges.push((ip, len));
        }
        Ok(IpAllowlist { ranges })
    }

    /// The published Midtrans notifier ranges of `env`.
    pub fn midtrans(env: Environment) -> IpAllowlist {
        // The built-in data always parses (tested).
        IpAllowlist::new(midtrans_notifier_ranges(env).iter().copied()).unwrap_or(IpAllowlist { ranges: Vec::new() })
    }

    /// Whether `ip` is in one of the ranges.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.ranges.iter().any(|&(net, len)| match (net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = if len == 0 { 0 } else { u32::MAX << (32 - u32::from(len)) };
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = if len == 0 { 0 } else { u128::MAX << (128 - u32::from(len)) };
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_ranges_parse_and_match() {
        for env in [Environment::Staging, Environment::Sandbox, Environment::Production] {
            let list = IpAllowlist::new(midtrans_notifier_ranges(env).iter().copied()).unwrap();
            assert_eq!(list.ranges.len(), midtrans_notifier_ranges(env).len());
        }
        let prod = IpAllowlist::midtrans(Environment::Production);
        assert!(prod.contains("13.228.166.126".parse().unwrap()));
        assert!(prod.contains("::ffff:13.228.166.126".parse().unwrap()));
        assert!(!prod.contains("13.228.166.127".parse().unwrap()));
        assert!(!IpAllowlist::midtrans(Environment::Sandbox).contains("13.228.166.126".parse().unwrap()));
        let wide = IpAllowlist::new(["10.0.0.0/8", "2001:db8::/32"]).unwrap();
        assert!(wide.contains("10.20.30.40".parse().unwrap()));
        assert!(wide.contains("2001:db8::1".parse().unwrap()));
        assert!(IpAllowlist::new(["10.0.0.0/33"]).is_err());
        assert!(IpAllowlist::new(["nope"]).is_err());
    }

    #[test]
    fn notify_services() {
        assert_eq!(notify_service("/v1.0/debit/notify"), 56);
        assert_eq!(notify_service("/snap/v1.0/qr/qr-mpm-notify"), 52);
        assert_eq!(notify_service("/hooks/payment"), 56);
        assert_eq!(
            Acknowledgement::success(56).body(),
            r#"{"responseCode":"2005600","responseMessage":"Request has been processed successfully"}"#
        );
        let bad = Acknowledgement::for_error(&NotifyError::Signature(VerifyError::Invalid), 56);
        assert_eq!((bad.http_status, bad.response_code.as_str()), (401, "4015600"));
    }
}
