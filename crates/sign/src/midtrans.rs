//! Midtrans Core API: the notification `signature_key` and the Basic auth header.

use alloc::string::String;
use core::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::digest::{Context, SHA512};

use crate::encoding::hex_into;
use crate::secret::Secret;

fn digest(order_id: &str, status_code: &str, gross_amount: &str, server_key: &Secret) -> [u8; 64] {
    let mut ctx = Context::new(&SHA512);
    ctx.update(order_id.as_bytes());
    ctx.update(status_code.as_bytes());
    ctx.update(gross_amount.as_bytes());
    ctx.update(server_key.expose());
    let mut out = [0u8; 64];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// 128 hex digits (either case) as 64 bytes. The input is the sender's, so its
/// decoding may take data-dependent time; only the comparison must not.
fn unhex64(s: &str) -> Option<[u8; 64]> {
    let b = s.as_bytes();
    if b.len() != 128 {
        return None;
    }
    let mut out = [0u8; 64];
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        let hi = char::from(pair[0]).to_digit(16)?;
        let lo = char::from(pair[1]).to_digit(16)?;
        *o = (hi * 16 + lo) as u8;
    }
    Some(out)
}

/// The notification `signature_key`: lowercase hex SHA-512 of
/// `order_id + status_code + gross_amount + server_key`, the three fields being
/// the exact strings of the notification (`"200"`, `"789000.00"`: never reformat
/// the amount, and use `status_code`, not `transaction_status`).
///
/// ```
/// use qris_sign::{midtrans, Secret};
/// // The sample inputs of Midtrans' notification docs.
/// let key = midtrans::signature_key("1111", "200", "100000.00", &Secret::from("askvnoibnosifnboseofinbofinfgbiufglnbfg"));
/// assert!(key.starts_with("edc076b21793ebe3"));
/// ```
pub fn signature_key(order_id: &str, status_code: &str, gross_amount: &str, server_key: &Secret) -> String {
    let mut hex = [0u8; 128];
    hex_into(&digest(order_id, status_code, gross_amount, server_key), &mut hex);
    // ASCII hex digits: always UTF-8, so the fallback is never taken.
    core::str::from_utf8(&hex).map(String::from).unwrap_or_default()
}

/// Why a notification's `signature_key` was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotificationError {
    /// The signature does not match.
    InvalidSignature,
    /// The body is not JSON.
    Json(String),
    /// A field needed for the check is missing or not a string/number.
    MissingField(&'static str),
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotificationError::InvalidSignature => f.write_str("invalid signature_key"),
            NotificationError::Json(e) => write!(f, "the notification is not valid JSON: {e}"),
            NotificationError::MissingField(name) => write!(f, "the notification has no usable \"{name}\" field"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for NotificationError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_signature_keys_decode_in_either_case() {
        assert_eq!(unhex64(&"aB".repeat(64)), Some([0xAB; 64]));
        assert_eq!(unhex64(&"ab".repeat(63)), None);
        assert_eq!(unhex64(&"zz".repeat(64)), None);
    }
}

/// Checks a `signature_key` in constant time (either hex case is accepted).
///
/// # Errors
/// [`NotificationError::InvalidSignature`] when it does not match.
pub fn verify_signature_key(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &Secret,
    signature_key: &str,
) -> Result<(), NotificationError> {
    let expected = digest(order_id, status_code, gross_amount, server_key);
    match unhex64(signature_key.trim()) {
        Some(given) if crate::ct::equal(&expected, &given) => Ok(()),
        _ => Err(NotificationError::InvalidSignature),
    }
}

/// The fields of a Midtrans notification that its signature covers, as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedFields {
    /// `order_id`.
    pub order_id: String,
    /// `status_code` (e.g. `"200"`).
    pub status_code: String,
    /// `gross_amount`, exactly as sent (e.g. `"789000.00"`).
    pub gross_amount: String,
    /// `signature_key`.
    pub signature_key: String,
}

/// Extracts the signed fields from a raw notification body: strings as sent;
/// a field sent as a JSON number keeps its exact spelling.
///
/// # Errors
/// Not JSON, or a field missing.
pub fn signed_fields(body: &[u8]) -> Result<SignedFields, NotificationError> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|e| NotificationError::Json(e.to_string()))?;
    let field = |name: &'static str| -> Result<String, NotificationError> {
        match v.get(name) {
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
            _ => Err(NotificationError::MissingField(name)),
        }
    };
    Ok(SignedFields {
        order_id: field("order_id")?,
        status_code: field("status_code")?,
        gross_amount: field("gross_amount")?,
        signature_key: field("signature_key")?,
    })
}

/// Verifies a raw Midtrans HTTP notification body's `signature_key`.
///
/// # Errors
/// As [`signed_fields`] and [`verify_signature_key`].
pub fn verify_notification(body: &[u8], server_key: &Secret) -> Result<SignedFields, NotificationError> {
    let f = signed_fields(body)?;
    verify_signature_key(&f.order_id, &f.status_code, &f.gross_amount, server_key, &f.signature_key)?;
    Ok(f)
}

/// The `Authorization` header for the Midtrans Core API: `Basic base64(serverKey + ":")`.
///
/// ```
/// use qris_sign::{midtrans, Secret};
/// assert_eq!(midtrans::basic_auth(&Secret::from("SB-Mid-server-TEST")), "Basic U0ItTWlkLXNlcnZlci1URVNUOg==");
/// ```
pub fn basic_auth(server_key: &Secret) -> String {
    let mut raw = zeroize::Zeroizing::new(server_key.expose().to_vec());
    raw.push(b':');
    let mut s = String::from("Basic ");
    STANDARD.encode_string(&*raw, &mut s);
    s
}
