//! Secrets: zeroized on drop, never printed.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

/// A secret byte string (a SNAP client secret, a Midtrans server key): zeroized
/// when dropped, and shown as `Secret([REDACTED])` by `Debug`.
///
/// ```
/// let s = qris_sign::Secret::from("SB-Mid-server-TEST");
/// assert_eq!(format!("{s:?}"), "Secret([REDACTED])");
/// ```
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Takes ownership of the bytes (they are zeroized on drop).
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// The secret bytes (the UTF-8 of the text it was made from).
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the secret is empty or only whitespace (ASCII, or any Unicode
    /// whitespace when it is UTF-8): what a half-written config file or an
    /// environment variable set to nothing leaves.
    pub fn is_blank(&self) -> bool {
        is_blank(&self.0)
    }

    /// Refuses a blank secret ([`Secret::is_blank`]): signing or verifying with
    /// it would let anyone compute a valid signature.
    ///
    /// # Errors
    /// [`EmptySecret`].
    pub fn check_usable(&self) -> Result<(), EmptySecret> {
        if self.is_blank() {
            Err(EmptySecret)
        } else {
            Ok(())
        }
    }
}

/// Whether `bytes` are empty or only whitespace.
pub(crate) fn is_blank(bytes: &[u8]) -> bool {
    match core::str::from_utf8(bytes) {
        Ok(s) => s.trim().is_empty(),
        Err(_) => bytes.trim_ascii().is_empty(),
    }
}

/// A secret (client secret, server key) that is empty or only whitespace was
/// given where one is needed to sign or verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmptySecret;

impl fmt::Display for EmptySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the secret is empty (or only whitespace): refusing to sign or verify with it")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for EmptySecret {}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s.as_bytes().to_vec())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::new(s.into_bytes())
    }
}

impl From<&[u8]> for Secret {
    fn from(s: &[u8]) -> Self {
        Secret::new(s.to_vec())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}
