//! Request headers: the complete SNAP header set, signed over the exact bytes
//! that will be sent, and the Midtrans Core API headers.

use core::fmt;

use qris_sign::{midtrans, Encoding, HmacSigner, JsonError, PrivateKey, Secret, SignError, Timestamp};

/// A header set: `(name, value)` pairs in the order they should be sent.
pub type Headers = Vec<(&'static str, String)>;

/// Why headers could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderError {
    /// CHANNEL-ID must be 5 digits.
    ChannelId(String),
    /// X-EXTERNAL-ID must be 1 to 36 alphanumeric characters.
    ExternalId(String),
    /// X-PARTNER-ID is empty.
    PartnerId,
    /// The body is not valid JSON.
    Body(JsonError),
    /// Signing failed.
    Sign(String),
    /// No system randomness for X-EXTERNAL-ID.
    Random,
    /// The server key is empty or only whitespace.
    EmptySecret,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::ChannelId(c) => write!(f, "CHANNEL-ID {c:?} must be exactly 5 digits"),
            HeaderError::ExternalId(e) => write!(f, "X-EXTERNAL-ID {e:?} must be 1 to 36 letters or digits"),
            HeaderError::PartnerId => f.write_str("X-PARTNER-ID is empty"),
            HeaderError::Body(e) => write!(f, "cannot sign the body: {e}"),
            HeaderError::Sign(e) => write!(f, "{e}"),
            HeaderError::Random => f.write_str("no system randomness for X-EXTERNAL-ID"),
            HeaderError::EmptySecret => write!(f, "{}", qris_sign::EmptySecret),
        }
    }
}

impl std::error::Error for HeaderError {}

/// Checks a CHANNEL-ID: exactly 5 digits (Bank Indonesia requires the field; its
/// value is the provider's to assign).
///
/// # Errors
/// [`HeaderError::ChannelId`].
pub fn check_channel_id(c: &str) -> Result<(), HeaderError> {
    if c.len() == 5 && c.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(HeaderError::ChannelId(c.into()))
    }
}

fn check_external_id(e: &str) -> Result<(), HeaderError> {
    if (1..=36).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(())
    } else {
        Err(HeaderError::ExternalId(e.into()))
    }
}

/// A new X-EXTERNAL-ID: 20 digits, the local (WIB) time of day in seconds
/// (5 digits) followed by 15 random digits, so it is unique within a day with
/// overwhelming probability (the SNAP rule: a reused ID is refused with 409).
///
/// # Errors
/// [`HeaderError::Random`] without system randomness.
pub fn new_external_id(now: &Timestamp) -> Result<String, HeaderError> {
    let mut bytes = [0u8; 8];
    qris_sign::fill_random(&mut bytes).map_err(|_| HeaderError::Random)?;
    let random = u64::from_le_bytes(bytes) % 1_000_000_000_000_000;
    let local = now.unix + i64::from(now.offset_minutes) * 60;
    Ok(format!("{:05}{random:015}", local.rem_euclid(86_400)))
}

/// A SNAP per-request (symmetric) call to sign. `Debug` redacts the tokens.
#[derive(Clone, Copy)]
pub struct SnapCall<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Relative URL as sent (path and query).
    pub path: &'a str,
    /// The exact body bytes that will be sent (empty for GET).
    pub body: &'a [u8],
    /// The B2B access token (with or without `Bearer `).
    pub access_token: &'a str,
    /// X-PARTNER-ID (the client ID).
    pub partner_id: &'a str,
    /// CHANNEL-ID (5 digits).
    pub channel_id: &'a str,
    /// X-TIMESTAMP to use; `None` for now (`+07:00`).
    pub timestamp: Option<&'a str>,
    /// X-EXTERNAL-ID to use (reuse it when retrying); `None` to generate one.
    pub external_id: Option<&'a str>,
    /// X-DEVICE-ID, where the service requires it (debit payment, Midtrans' SNAP GoPay Tokenization docs).
    pub device_id: Option<&'a str>,
    /// The customer's token for `Authorization-Customer` (debit payment, Midtrans' SNAP GoPay Tokenization docs).
    pub customer_token: Option<&'a str>,
}

impl fmt::Debug for SnapCall<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SnapCall")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("body_len", &self.body.len())
            .field("access_token", &crate::messages::Raw("[REDACTED]"))
            .field("partner_id", &self.partner_id)
            .field("channel_id", &self.channel_id)
            .field("timestamp", &self.timestamp)
            .field("external_id", &self.external_id)
            .field("device_id", &self.device_id)
            .field(
                "customer_token",
                &crate::messages::Raw(if self.customer_token.is_some() { "Some([REDACTED])" } else { "None" }),
            )
            .finish()
    }
}

/// The complete SNAP header set for a symmetric-signature call: Content-Type,
/// X-TIMESTAMP, X-SIGNATURE (HMAC-SHA512 over the exact body), Authorization,
/// X-PARTNER-ID, X-EXTERNAL-ID, CHANNEL-ID, and X-DEVICE-ID /
/// Authorization-Customer when given.
///
/// ```
/// use qris_sign::HmacSigner;
/// use qris_snap::{snap_headers, SnapCall};
/// let signer = HmacSigner::new(b"client-secret").unwrap();
/// let call = SnapCall { method: "POST", path: "/v1.0/qr/qr-mpm-generate", body: br#"{"partnerReferenceNo":"1"}"#,
///     access_token: "tok", partner_id: "G123456", channel_id: "12345", timestamp: Some("2024-03-19T14:30:00+07:00"),
///     external_id: Some("12345678901234567890"), device_id: None, customer_token: None };
/// let h = snap_headers(&signer, &call)?;
/// assert_eq!(h[3], ("Authorization", "Bearer tok".to_string()));
/// # Ok::<(), qris_snap::HeaderError>(())
/// ```
///
/// # Errors
/// A [`HeaderError`] for a bad CHANNEL-ID, X-EXTERNAL-ID, empty partner ID or body.
pub fn snap_headers(signer: &HmacSigner, call: &SnapCall<'_>) -> Result<Headers, HeaderError> {
    check_channel_id(call.channel_id)?;
    if call.partner_id.trim().is_empty() {
        return Err(HeaderError::PartnerId);
    }
    let now = Timestamp::now();
    let timestamp = call.timestamp.map_or_else(|| now.format(false), str::to_owned);
    let external_id = match call.external_id {
        Some(e) => {
            check_external_id(e)?;
            e.to_owned()
        }
        None => new_external_id(&now)?,
    };
    let token = qris_sign::strip_bearer(call.access_token);
    let signature = signer
        .sign_request(call.method, call.path, token, call.body, &timestamp, Encoding::Base64)
        .map_err(HeaderError::Body)?;
    let mut h: Headers = vec![
        ("Content-Type", "application/json".into()),
        ("X-TIMESTAMP", timestamp),
        ("X-SIGNATURE", signature),
        ("Authorization", format!("Bearer {token}")),
        ("X-PARTNER-ID", call.partner_id.to_owned()),
        ("X-EXTERNAL-ID", external_id),
        ("CHANNEL-ID", call.channel_id.to_owned()),
    ];
    if let Some(d) = call.device_id {
        h.push(("X-DEVICE-ID", d.to_owned()));
    }
    if let Some(c) = call.customer_token {
        h.push(("Authorization-Customer", format!("Bearer {}", qris_sign::strip_bearer(c))));
    }
    Ok(h)
}

/// The B2B access-token request (`POST /{version}/access-token/b2b`): headers
/// (Content-Type, X-TIMESTAMP, X-CLIENT-KEY, X-SIGNATURE over `clientId|timestamp`)
/// and the body `{"grantType":"client_credentials"}`.
///
/// # Errors
/// [`HeaderError::Sign`] if RSA signing fails.
pub fn b2b_token_request(key: &PrivateKey, client_id: &str, timestamp: &str) -> Result<(Headers, String), HeaderError> {
    let sig = key
        .sign_b2b(client_id, timestamp, Encoding::Base64)
        .map_err(|e: SignError| HeaderError::Sign(e.to_string()))?;
    Ok((
        vec![
            ("Content-Type", "application/json".into()),
            ("X-TIMESTAMP", timestamp.to_owned()),
            ("X-CLIENT-KEY", client_id.to_owned()),
            ("X-SIGNATURE", sig),
        ],
        r#"{"grantType":"client_credentials"}"#.into(),
    ))
}

/// The Midtrans Core API headers (Midtrans' GoPay QRIS POS guide): Accept, Content-Type, Basic
/// Authorization from the server key, and X-Override-Notification when given.
/// The Authorization value carries the server key: do not log these headers.
///
/// # Errors
/// [`HeaderError::EmptySecret`] for an empty or whitespace-only server key.
pub fn midtrans_headers(server_key: &Secret, notification_url: Option<&str>) -> Result<Headers, HeaderError> {
    let auth = midtrans::basic_auth(server_key).map_err(|_| HeaderError::EmptySecret)?;
    // "Basic " + Base64: ASCII.
    let auth = String::from_utf8(auth.expose().to_vec()).unwrap_or_default();
    let mut h: Headers = vec![
        ("Accept", "application/json".into()),
        ("Content-Type", "application/json".into()),
        ("Authorization", auth),
    ];
    if let Some(url) = notification_url {
        h.push(("X-Override-Notification", url.to_owned()));
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_and_external_ids() {
        assert!(check_channel_id("12345").is_ok());
        for bad in ["1234", "123456", "1234a", ""] {
            assert!(check_channel_id(bad).is_err(), "{bad}");
        }
        let now = Timestamp::parse("2024-03-19T14:30:00+07:00").unwrap();
        let a = new_external_id(&now).unwrap();
        let b = new_external_id(&now).unwrap();
        assert_eq!(a.len(), 20);
        assert!(a.starts_with("52200"), "14:30:00 is second 52200 of the day: {a}");
        assert!(a.bytes().all(|c| c.is_ascii_digit()));
        assert_ne!(a, b);
    }
}
