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
}

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
