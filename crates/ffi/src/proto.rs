//! Timestamps, Midtrans `signature_key` checks, SNAP response codes and SNAP
//! notifications.

use qris_sign::{Freshness, Secret, Timestamp, TimestampError};
use qris_snap::{Acknowledgement, NotifyError, SnapNotifyRequest};

use crate::more::{outcome, verify_error, PublicKey, QrisOutcome};
use crate::payload::QrisStr;
use crate::{guard, input, output, text, QrisResult};

/// The X-TIMESTAMP window verifications use by default: 300 seconds either side
/// of now. Pass it as `window_seconds` unless the provider says otherwise.
// A literal so that cbindgen writes it to the header; a test pins it to the core's.
pub const QRIS_DEFAULT_WINDOW_SECONDS: u64 = 300;

/// How fresh X-TIMESTAMP must be: within `window_seconds` of the caller's clock
/// (`*now_unix`) or, when `now_unix` is NULL, of the system clock.
///
/// # Safety
/// `now_unix` NULL or readable.
pub(crate) unsafe fn freshness(now_unix: *const i64, window_seconds: u64) -> Freshness {
    // SAFETY: NULL or readable (caller contract).
    match unsafe { now_unix.as_ref() } {
        Some(&unix) => Freshness::at(Timestamp::from_unix(unix, 0, 0), window_seconds),
        None => Freshness::within(window_seconds),
    }
}

pub(crate) fn timestamp_error(e: TimestampError) -> QrisResult {
    match e {
        TimestampError::TooOld { .. } | TimestampError::InFuture { .. } => QrisResult::TimestampOutOfWindow,
        // A caller's clock before 1970 or after 9999.
        TimestampError::Clock => QrisResult::InvalidArgument,
        _ => QrisResult::InvalidTimestamp,
    }
}

/// X-TIMESTAMP for now at `+07:00` (WIB): `2024-03-19T14:30:00+07:00` (25 bytes),
/// or with `millis` `2024-03-19T14:30:00.123+07:00` (29 bytes), into `(out, cap)`.
///
/// # Safety
/// `out` NULL or `cap` writable bytes; `out_len` writable.
#[no_mangle]
pub unsafe extern "C" fn qris_timestamp_now(millis: bool, out: *mut u8, cap: usize, out_len: *mut usize) -> QrisResult {
    // SAFETY: forwarded from the caller's contract.
    guard(move || unsafe { output(Timestamp::now().format(millis).as_bytes(), out, cap, out_len) })
}

/// Formats `unix_ms` (milliseconds since 1970, UTC) as X-TIMESTAMP at
/// `offset_minutes` from UTC (420 for `+07:00`, 0 for `Z`), with milliseconds
/// if `millis`, into `(out, cap)`. `QRIS_RESULT_INVALID_ARGUMENT` for an offset
/// beyond ±18 hours.
///
/// # Safety
/// As [`qris_timestamp_now`].
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
        let offset = i16::try_from(offset_minutes)
            .ok()
            .filter(|m| m.unsigned_abs() <= qris_sign::MAX_UTC_OFFSET_MINUTES.unsigned_abs())
            .ok_or(QrisResult::InvalidArgument)?;
        let (secs, ms) = (unix_ms.div_euclid(1000), unix_ms.rem_euclid(1000));
        let nanos = u32::try_from(ms).map_err(|_| QrisResult::InvalidArgument)? * 1_000_000;
        let ts = Timestamp::from_unix(secs, nanos, offset);
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(ts.format(millis).as_bytes(), out, cap, out_len) }
    })
}

/// Checks a received X-TIMESTAMP: ISO-8601 (any offset, fractions allowed) and
/// within `window_seconds` of now (or of `*now_unix` when not NULL).
/// `QRIS_RESULT_INVALID_TIMESTAMP` or `QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW` otherwise.
///
/// # Safety
/// `(timestamp, len)` as any input; `now_unix` NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn qris_timestamp_check(
    timestamp: *const u8,
    len: usize,
    now_unix: *const i64,
    window_seconds: u64,
) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let (ts, fresh) = unsafe { (text(timestamp, len)?, freshness(now_unix, window_seconds)) };
        fresh.check(ts).map(|_| ()).map_err(timestamp_error)
    })
}

/// Checks a Midtrans `signature_key` (hex, either case) in constant time:
/// `QRIS_RESULT_OK` or `QRIS_RESULT_INVALID_SIGNATURE`; fields not in the form
/// Midtrans sends them are `QRIS_RESULT_INVALID_ARGUMENT` and an empty server
/// key `QRIS_RESULT_EMPTY_SECRET`, before any hashing.
///
/// # Safety
/// Every `(ptr, len)` as any input.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
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
        // SAFETY: forwarded from the caller's contract.
        let (o, s, g, k, sig) = unsafe {
            (
                text(order_id, order_id_len)?,
                text(status_code, status_code_len)?,
                text(gross_amount, gross_amount_len)?,
                input(server_key, server_key_len)?,
                text(signature_key, signature_key_len)?,
            )
        };
        qris_sign::midtrans::verify_signature_key(o, s, g, &Secret::from(k), sig).map_err(crate::midtrans_error)
    })
}

/// What to do after a SNAP response.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisRetry {
    /// Done: the request succeeded.
    No = 0,
    /// Accepted, still processing (202): query the status, do not resend.
    CheckStatus = 1,
    /// Timeout or server error: query the status, or retry with the same X-EXTERNAL-ID.
    SameExternalId = 2,
    /// Too many requests (429): retry later with the same X-EXTERNAL-ID.
    Later = 3,
    /// A client error: the same request fails the same way.
    Never = 4,
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
/// `(code, len)` as any input; `out` writable.
#[no_mangle]
pub unsafe extern "C" fn qris_response_code_parse(
    code: *const u8,
    len: usize,
    out: *mut QrisResponseCode,
) -> QrisResult {
    guard(move || {
        // SAFETY: forwarded from the caller's contract.
        let code = unsafe { text(code, len) }?;
        let rc = qris_snap::ResponseCode::parse(code).map_err(|_| QrisResult::InvalidArgument)?;
        let retry = match rc.retry() {
            qris_snap::Retry::No => QrisRetry::No,
            qris_snap::Retry::CheckStatus => QrisRetry::CheckStatus,
            qris_snap::Retry::SameExternalId => QrisRetry::SameExternalId,
            qris_snap::Retry::Later => QrisRetry::Later,
            qris_snap::Retry::Never => QrisRetry::Never,
        };
        let parsed = QrisResponseCode {
            http: rc.http,
            service: rc.service.map_or(-1, i16::from),
            case_code: rc.case.map_or(-1, i16::from),
            service_name: QrisStr::of(Some(rc.service_name())),
            case_name: QrisStr::of(Some(rc.case_name())),
            is_success: rc.is_success(),
            is_pending: rc.is_pending(),
            retry,
        };
        // SAFETY: NULL or writable (caller contract).
        let out = unsafe { out.as_mut() }.ok_or(QrisResult::NullParameter)?;
        *out = parsed;
        Ok(())
    })
}

/// The one mapping of notification errors, for the Midtrans and SNAP paths alike.
#[allow(clippy::needless_pass_by_value)] // used as `map_err(notify_error)`
pub(crate) fn notify_error(e: NotifyError) -> QrisResult {
    match e {
        NotifyError::Body(_) | NotifyError::Field(_) => QrisResult::InvalidJson,
        NotifyError::Signature(e) => verify_error(e),
        NotifyError::Timestamp(e) => timestamp_error(e),
        NotifyError::EmptySecret => QrisResult::EmptySecret,
        NotifyError::Mismatch(_) => QrisResult::Mismatch,
        // NotifyError::TooLarge, and any kind added later.
        _ => QrisResult::InvalidArgument,
    }
}

/// Verifies a SNAP payment notification as received: X-TIMESTAMP within
/// `window_seconds` of now (or `*now_unix`), the X-SIGNATURE (`SHA256withRSA` with
/// the provider's public key over the method, the receiver's **own** path, the
/// raw body minified and the timestamp), then the body; on success writes the
/// outcome and whether to deliver the goods (either pointer may be NULL).
/// [`qris_snap_notification_ack`] gives the answer to send, success or not.
///
/// # Safety
/// `provider_key` from `qris_public_key_load`; every `(ptr, len)` as any input;
/// `now_unix` NULL or readable; out pointers NULL or writable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn qris_snap_verify_notification(
    provider_key: *const PublicKey,
    method: *const u8,
    method_len: usize,
    path: *const u8,
    path_len: usize,
    body: *const u8,
    body_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    signature: *const u8,
    signature_len: usize,
    now_unix: *const i64,
    window_seconds: u64,
    out_outcome: *mut QrisOutcome,
    out_deliver: *mut bool,
) -> QrisResult {
    guard(move || {
        // SAFETY: NULL or a live key (caller contract).
        let key = unsafe { provider_key.as_ref() }.ok_or(QrisResult::NullParameter)?;
        // SAFETY: forwarded from the caller's contract.
        let request = unsafe {
            SnapNotifyRequest {
                method: text(method, method_len)?,
                path: text(path, path_len)?,
                body: input(body, body_len)?,
                timestamp: text(timestamp, timestamp_len)?,
                signature: text(signature, signature_len)?,
            }
        };
        // SAFETY: forwarded from the caller's contract.
        let fresh = unsafe { freshness(now_unix, window_seconds) };
        let v = qris_snap::verify_snap(&key.0, &request, fresh).map_err(notify_error)?;
        // SAFETY: each pointer is NULL or writable (caller contract).
        unsafe {
            if let Some(o) = out_outcome.as_mut() {
                *o = outcome(&v.outcome);
            }
            if let Some(d) = out_deliver.as_mut() {
                *d = v.deliver();
            }
        }
        Ok(())
    })
}

/// The answer to a SNAP notification, from the result of
/// [`qris_snap_verify_notification`] and the notify path: `*out_http` gets the
/// HTTP status (200, 400 or 401) and `(out, cap)` the JSON body, e.g.
/// `{"responseCode":"2005600","responseMessage":"Request has been processed successfully"}`.
/// Results that no verification returns are `QRIS_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// `(path, path_len)` as any input; `out_http` writable; `out` NULL or `cap`
/// writable bytes; `out_len` writable.
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
        // SAFETY: forwarded from the caller's contract.
        let path = unsafe { text(path, path_len) }?;
        let service = qris_snap::notify_service(path, 56);
        let error = match verify_result {
            0 => None,
            6 => Some(NotifyError::Signature(qris_sign::VerifyError::Invalid)),
            10 => Some(NotifyError::Timestamp(TimestampError::Format)),
            11 => Some(NotifyError::Timestamp(TimestampError::TooOld { seconds: 0 })),
            4 | 5 | 7 => Some(NotifyError::Body(String::new())),
            _ => return Err(QrisResult::InvalidArgument),
        };
        let ack = match &error {
            None => Acknowledgement::success(service),
            Some(e) => Acknowledgement::for_error(e, service),
        };
        if out_http.is_null() {
            return Err(QrisResult::NullParameter);
        }
        // SAFETY: forwarded from the caller's contract.
        unsafe { output(ack.body().as_bytes(), out, cap, out_len) }?;
        // SAFETY: non-NULL and writable (caller contract).
        unsafe { *out_http = ack.http_status };
        Ok(())
    })
}
