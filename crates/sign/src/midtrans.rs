//! Midtrans Core API: the notification `signature_key` and the Basic auth header.
//!
//! The `signature_key` is SHA-512 over `order_id + status_code + gross_amount +
//! server_key`, concatenated **without separators**. Without format rules the
//! same signature would cover other field values: `"order102" + "200" +
//! "789000.00"` is also `"order10" + "2200" + "789000.00"`. So every function
//! here first checks that the three fields have the form Midtrans gives them,
//! and refuses anything else:
//!
//! - `order_id`: 1 to 50 characters of `A-Z a-z 0-9 - _ ~ .` (Midtrans'
//!   `transaction_details.order_id`, `String(50)`, "allowed symbols are dash,
//!   underscore, tilde and dot"; requests with other characters are declined);
//! - `status_code`: exactly 3 digits (`"200"`, `"201"`, `"407"`...);
//! - `gross_amount`: digits without a leading zero, a `.` and exactly two
//!   decimals (`"789000.00"`, as every notification writes it), at most 16
//!   integer digits.
//!
//! These rules leave one ambiguity the signature itself cannot remove: digits
//! can move between the end of `order_id` and the amount when both are numeric
//! (`"12" + "200" + "5200300.00"` is also `"122005" + "200" + "300.00"`). Check
//! the verified order id **and** amount against your own record (the protocol
//! layer's `expect`), and for high-value goods confirm with Midtrans' GET status
//! API.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zeroize::Zeroizing;

use crate::encoding::hex_into;
use crate::secret::{EmptySecret, Secret};
use crate::sha512::WipingSha512;

/// The longest `order_id` Midtrans accepts.
pub const MAX_ORDER_ID_LEN: usize = 50;
/// The most integer digits accepted in `gross_amount` (its minor units fit a `u64`).
pub const MAX_AMOUNT_DIGITS: usize = 16;

/// A signed field of a Midtrans notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `order_id`.
    OrderId,
    /// `status_code`.
    StatusCode,
    /// `gross_amount`.
    GrossAmount,
}

impl Field {
    /// The JSON field name.
    pub fn name(self) -> &'static str {
        match self {
            Field::OrderId => "order_id",
            Field::StatusCode => "status_code",
            Field::GrossAmount => "gross_amount",
        }
    }

    fn rule(self) -> &'static str {
        match self {
            Field::OrderId => "1 to 50 characters of A-Z a-z 0-9 - _ ~ .",
            Field::StatusCode => "exactly 3 digits, like \"200\"",
            Field::GrossAmount => "digits without a leading zero, '.', two decimals, like \"789000.00\"",
        }
    }
}

/// Why a `signature_key` was not computed or not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotificationError {
    /// The signature does not match (nothing more is said, on purpose).
    InvalidSignature,
    /// A signed field is not in the form Midtrans sends it (the value is not
    /// repeated: it came from whoever posted the notification).
    Format(Field),
    /// The server key is empty or only whitespace: anyone could compute the signature.
    EmptyServerKey,
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotificationError::InvalidSignature => f.write_str("invalid signature_key"),
            NotificationError::Format(field) => {
                write!(f, "\"{}\" is not in the form Midtrans sends: {}", field.name(), field.rule())
            }
            NotificationError::EmptyServerKey => f.write_str(
                "the server key is empty (or only whitespace): refusing to compute or check a signature_key with it",
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for NotificationError {}

impl From<EmptySecret> for NotificationError {
    fn from(_: EmptySecret) -> Self {
        NotificationError::EmptyServerKey
    }
}

/// Whether `order_id` is one Midtrans accepts: 1 to 50 of `A-Z a-z 0-9 - _ ~ .`.
pub fn is_order_id(order_id: &str) -> bool {
    (1..=MAX_ORDER_ID_LEN).contains(&order_id.len())
        && order_id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~' | b'.'))
}

/// Whether `status_code` is exactly 3 ASCII digits.
pub fn is_status_code(status_code: &str) -> bool {
    status_code.len() == 3 && status_code.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `gross_amount` is written as Midtrans writes it: `0.00` or digits
/// without a leading zero (at most [`MAX_AMOUNT_DIGITS`]), `.`, two decimals.
pub fn is_gross_amount(gross_amount: &str) -> bool {
    let Some((int, frac)) = gross_amount.split_once('.') else {
        return false;
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (1..=MAX_AMOUNT_DIGITS).contains(&int.len())
        && digits(int)
        && (int == "0" || !int.starts_with('0'))
        && frac.len() == 2
        && digits(frac)
}

/// Checks the three signed fields against Midtrans' formats (see the module docs).
///
/// # Errors
/// [`NotificationError::Format`] naming the first field out of form.
pub fn check_fields(order_id: &str, status_code: &str, gross_amount: &str) -> Result<(), NotificationError> {
    if !is_order_id(order_id) {
        return Err(NotificationError::Format(Field::OrderId));
    }
    if !is_status_code(status_code) {
        return Err(NotificationError::Format(Field::StatusCode));
    }
    if !is_gross_amount(gross_amount) {
        return Err(NotificationError::Format(Field::GrossAmount));
    }
    Ok(())
}

/// SHA-512 of the four strings, in a hash state that is wiped when done (it
/// held the tail of the server key).
fn digest(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &Secret,
) -> Result<[u8; 64], NotificationError> {
    check_fields(order_id, status_code, gross_amount)?;
    server_key.check_usable()?;
    let mut h = WipingSha512::new();
    h.update(order_id.as_bytes());
    h.update(status_code.as_bytes());
    h.update(gross_amount.as_bytes());
    h.update(server_key.expose());
    Ok(h.finish())
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
/// let key = midtrans::signature_key("1111", "200", "100000.00", &Secret::from("askvnoibnosifnboseofinbofinfgbiufglnbfg"))?;
/// assert!(key.starts_with("edc076b21793ebe3"));
/// // Fields that are not in Midtrans' form are refused, not hashed.
/// assert!(midtrans::signature_key("1111", "2000", "100000.00", &Secret::from("k")).is_err());
/// # Ok::<(), midtrans::NotificationError>(())
/// ```
///
/// # Errors
/// A field out of form, or an empty server key.
pub fn signature_key(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &Secret,
) -> Result<String, NotificationError> {
    let mut hex = [0u8; 128];
    hex_into(&digest(order_id, status_code, gross_amount, server_key)?, &mut hex);
    // ASCII hex digits: always UTF-8, so the fallback is never taken.
    Ok(core::str::from_utf8(&hex).map(String::from).unwrap_or_default())
}

/// Checks a `signature_key` in constant time. Either hex case is accepted
/// (Midtrans sends lowercase), with surrounding whitespace ignored: a replay
/// guard must key on the decoded bytes, not on this text.
///
/// # Errors
/// [`NotificationError::Format`] or [`NotificationError::EmptyServerKey`]
/// before any hashing; [`NotificationError::InvalidSignature`] when it does not match.
pub fn verify_signature_key(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &Secret,
    signature_key: &str,
) -> Result<(), NotificationError> {
    let expected = digest(order_id, status_code, gross_amount, server_key)?;
    match unhex64(signature_key.trim()) {
        Some(given) if crate::provider::ct_eq(&expected, &given) => Ok(()),
        _ => Err(NotificationError::InvalidSignature),
    }
}

/// The `Authorization` header value for the Midtrans Core API:
/// `Basic base64(serverKey + ":")`. It carries the server key (Base64 is not
/// encryption), so it comes back as a [`Secret`]: zeroized on drop, never printed.
///
/// ```
/// use qris_sign::{midtrans, Secret};
/// let header = midtrans::basic_auth(&Secret::from("SB-Mid-server-TEST"))?;
/// assert_eq!(header.expose(), b"Basic U0ItTWlkLXNlcnZlci1URVNUOg==");
/// assert_eq!(format!("{header:?}"), "Secret([REDACTED])");
/// # Ok::<(), qris_sign::EmptySecret>(())
/// ```
///
/// # Errors
/// An empty (or whitespace-only) server key.
pub fn basic_auth(server_key: &Secret) -> Result<Secret, EmptySecret> {
    server_key.check_usable()?;
    let mut raw = Zeroizing::new(Vec::with_capacity(server_key.expose().len() + 1));
    raw.extend_from_slice(server_key.expose());
    raw.push(b':');
    let mut header = Zeroizing::new(String::with_capacity(6 + raw.len().div_ceil(3) * 4));
    header.push_str("Basic ");
    STANDARD.encode_string(&*raw, &mut header);
    Ok(Secret::from(header.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_signature_keys_decode_in_either_case() {
        assert_eq!(unhex64(&"aB".repeat(64)), Some([0xAB; 64]));
        assert_eq!(unhex64(&"ab".repeat(63)), None);
        assert_eq!(unhex64(&"zz".repeat(64)), None);
    }

    #[test]
    fn field_forms() {
        for ok in ["order102", "1111", "order-id-node-1541395013", "A_b~c.d-1", &"x".repeat(50)] {
            assert!(is_order_id(ok), "{ok}");
        }
        for bad in ["", "order 102", "order/102", "ordér", "a\"b", "a\\b", &"x".repeat(51)] {
            assert!(!is_order_id(bad), "{bad}");
        }
        for ok in ["200", "201", "407", "000"] {
            assert!(is_status_code(ok), "{ok}");
        }
        for bad in ["", "20", "2000", "2OO", " 200", "+20", "２００"] {
            assert!(!is_status_code(bad), "{bad}");
        }
        for ok in ["789000.00", "0.00", "1.50", "9999999999999999.99"] {
            assert!(is_gross_amount(ok), "{ok}");
        }
        for bad in
            ["789000", "789000.0", "789000.000", "0789000.00", "00.00", ".00", "1.", "-1.00", "1e3.00", "1,000.00"]
        {
            assert!(!is_gross_amount(bad), "{bad}");
        }
        assert!(!is_gross_amount("10000000000000000.00"), "17 integer digits");
    }
}
