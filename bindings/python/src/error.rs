//! The exceptions, and the conversions from the core crates' errors to them, in
//! one place: every function uses `?` (or `map_err` through these), and a kind
//! of error is the same exception on every path.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use qris_emv::Diagnostic;
use qris_sign::midtrans::NotificationError;
use qris_sign::{EmptySecret, JsonError as CoreJsonError, KeyError, SignError, TimestampError, VerifyError};
use qris_snap::{Acknowledgement, NotifyError};

create_exception!(qris, QrisError, PyValueError, "The root of every qris error (a ValueError).");
create_exception!(
    qris,
    ParseError,
    QrisError,
    "A payload that is not well-formed: `.code` (e.g. 'tlv.truncated'), `.offset` (byte), `.path` (e.g. '62')."
);
create_exception!(qris, CrcError, ParseError, "A payload whose CRC (tag 63) is missing, malformed or wrong.");
create_exception!(
    qris,
    JsonError,
    QrisError,
    "A body that is not valid JSON: `.offset` is the byte of the first error."
);
create_exception!(qris, ConvertError, QrisError, "A payload or option that cannot be converted (see the message).");
create_exception!(qris, InvalidKey, QrisError, "Key material that is not a usable RSA key (>= 2048 bits).");
create_exception!(qris, InvalidSignature, QrisError, "A signature that does not verify.");
create_exception!(
    qris,
    InvalidTimestamp,
    QrisError,
    "An X-TIMESTAMP that is malformed or outside the allowed window (a stale or replayed request)."
);
create_exception!(
    qris,
    NotificationMismatch,
    QrisError,
    "A verified notification for another order or amount than the one expected."
);

create_exception!(
    qris,
    NotificationReplayed,
    QrisError,
    "A verified notification heard before (the same signed request, or its X-EXTERNAL-ID used today): answer 409."
);

create_exception!(
    qris,
    ImageError,
    QrisError,
    "An image that cannot be scanned: `.code` ('scan.format', 'scan.corrupt', 'scan.too_large', 'scan.empty', 'scan.stride', 'scan.buffer', 'scan.decoder')."
);

pub(crate) fn image_error(py: Python<'_>, e: &qris_scan::ScanError) -> PyErr {
    let err = ImageError::new_err(e.to_string());
    let _ = err.value(py).setattr("code", e.code());
    err
}

/// A payload error: `ParseError` (or `CrcError`) with `.code`, `.offset`, `.path`.
pub(crate) fn parse_error(py: Python<'_>, e: &qris_emv::ParseError) -> PyErr {
    diagnostic_error(py, e.diagnostic(), &e.to_string())
}

fn diagnostic_error(py: Python<'_>, d: &Diagnostic, message: &str) -> PyErr {
    let code = d.code.as_str();
    let err = if code.starts_with("crc.") {
        CrcError::new_err(message.to_owned())
    } else {
        ParseError::new_err(message.to_owned())
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice;
    // if it did, the exception would still carry its message.
    let _ = value.setattr("code", code);
    let _ = value.setattr("offset", d.offset);
    let _ = value.setattr("path", d.path.to_string());
    err
}

/// A CPM code that cannot be read: `ParseError` with `.code` (`cpm.*`),
/// `.offset` and `.path`.
pub(crate) fn cpm_error(py: Python<'_>, e: &qris_emv::cpm::CpmError) -> PyErr {
    let err = ParseError::new_err(e.to_string());
    let value = err.value(py);
    let _ = value.setattr("code", e.code.as_str());
    let _ = value.setattr("offset", e.offset);
    let _ = value.setattr("path", e.path.to_string());
    err
}

/// `JsonError` with `.offset`.
pub(crate) fn json_error(py: Python<'_>, e: &CoreJsonError) -> PyErr {
    let err = JsonError::new_err(e.to_string());
    let _ = err.value(py).setattr("offset", e.offset);
    err
}

pub(crate) fn convert_error(py: Python<'_>, e: qris_emv::ConvertError) -> PyErr {
    match e {
        qris_emv::ConvertError::Parse(p) => parse_error(py, &p),
        other => ConvertError::new_err(other.to_string()),
    }
}

/// A builder's refusal: a `ConvertError` naming what is wrong.
pub(crate) fn build_error(e: &qris_emv::BuildError) -> PyErr {
    ConvertError::new_err(e.to_string())
}

pub(crate) fn key_error(e: &KeyError) -> PyErr {
    InvalidKey::new_err(e.to_string())
}

pub(crate) fn empty_secret(e: EmptySecret) -> PyErr {
    QrisError::new_err(e.to_string())
}

pub(crate) fn sign_error(py: Python<'_>, e: SignError) -> PyErr {
    match e {
        SignError::Body(j) => json_error(py, &j),
        other => QrisError::new_err(other.to_string()),
    }
}

pub(crate) fn timestamp_error(e: TimestampError) -> PyErr {
    InvalidTimestamp::new_err(format!("X-TIMESTAMP refused: {e}"))
}

pub(crate) fn verify_error(py: Python<'_>, e: VerifyError) -> PyErr {
    match e {
        VerifyError::Body(j) => json_error(py, &j),
        VerifyError::Timestamp(t) => timestamp_error(t),
        other => InvalidSignature::new_err(other.to_string()),
    }
}

pub(crate) fn signature_key_error(e: NotificationError) -> PyErr {
    match e {
        NotificationError::InvalidSignature => InvalidSignature::new_err(e.to_string()),
        other => QrisError::new_err(other.to_string()),
    }
}

/// A refused notification. For SNAP (`ack` given), the answer to send goes with
/// the exception as `.ack_status` and `.ack_body`, computed from the real error.
pub(crate) fn notify_error(py: Python<'_>, e: NotifyError, ack: Option<Acknowledgement>) -> PyErr {
    let err = match e {
        NotifyError::Signature(VerifyError::Body(j)) => json_error(py, &j),
        NotifyError::Signature(v) => InvalidSignature::new_err(v.to_string()),
        NotifyError::Timestamp(t) => timestamp_error(t),
        NotifyError::Mismatch(m) => NotificationMismatch::new_err(m.to_string()),
        NotifyError::Replayed => NotificationReplayed::new_err(e.to_string()),
        other => QrisError::new_err(other.to_string()),
    };
    if let Some(ack) = ack {
        let value = err.value(py);
        let _ = value.setattr("ack_status", ack.http_status);
        let _ = value.setattr("ack_body", ack.body());
    }
    err
}
