//! Verification errors: deliberately opaque about *why* a signature is wrong.

use core::fmt;

use crate::json::JsonError;
use crate::timestamp::TimestampError;

/// Why a signature was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature does not match (nothing more is said, on purpose).
    Invalid,
    /// The signature is not Base64 or hex of the right length.
    Malformed,
    /// The signed body is not valid JSON, so it cannot be minified.
    Body(JsonError),
    /// X-TIMESTAMP is malformed or outside the allowed window (checked before
    /// the signature: a stale request is refused even when correctly signed).
    Timestamp(TimestampError),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Invalid => f.write_str("invalid signature"),
            VerifyError::Malformed => f.write_str("malformed signature: expected Base64 or hex of the right length"),
            VerifyError::Body(e) => write!(f, "cannot verify: the body is not valid JSON ({e})"),
            VerifyError::Timestamp(e) => write!(f, "X-TIMESTAMP refused: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for VerifyError {}
