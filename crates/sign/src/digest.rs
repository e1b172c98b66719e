//! Body digests: lowercase hex SHA-256 of the minified body.

use core::fmt;

use crate::provider::digest::{digest, Context, SHA256};

use crate::encoding::hex_into;
use crate::gather::{Gather, Update};
use crate::json::{minify_to, JsonError, Sink};

/// A lowercase hex SHA-256 digest (64 characters), as SNAP strings-to-sign carry it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct BodyHash([u8; 64]);

impl BodyHash {
    /// The digest of already-minified bytes (no validation).
    pub fn of_minified(minified: &[u8]) -> Self {
        Self::from_digest(digest(&SHA256, minified).as_ref())
    }

    /// The digest of a body's minified form ([`body_hash`]). The minified bytes are
    /// hashed as they are produced, through a small stack buffer: no allocation,
    /// whatever the body's size.
    pub(crate) fn of_body(body: &[u8]) -> Result<Self, JsonError> {
        let mut ctx = Context::new(&SHA256);
        let mut sink = Gather::<_, HASH_BUF>::new(&mut ctx);
        if !minify_to(body, &mut sink)? {
            return Ok(Self::of_minified(body));
        }
        sink.finish();
        Ok(Self::from_digest(ctx.finish().as_ref()))
    }

    fn from_digest(d: &[u8]) -> Self {
        let mut out = [0u8; 64];
        hex_into(d, &mut out);
        BodyHash(out)
    }

    /// The 64 lowercase hex digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        core::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for BodyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for BodyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BodyHash({})", self.as_str())
    }
}

/// The SNAP body hash: lowercase hex SHA-256 of the lexically minified body.
/// An empty body (GET) hashes the empty string.
///
/// ```
/// let h = qris_sign::body_hash(b"")?;
/// assert_eq!(h.as_str(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// # Ok::<(), qris_sign::JsonError>(())
/// ```
///
/// # Errors
/// The body is not valid JSON.
pub fn body_hash(body: &[u8]) -> Result<BodyHash, JsonError> {
    BodyHash::of_body(body)
}

/// Minified segments are gathered in a stack buffer of this size before hashing:
/// a pretty body is many short segments.
const HASH_BUF: usize = 1024;

impl<U: Update, const N: usize> Sink for Gather<'_, U, N> {
    fn start(&mut self, _: usize) {}

    #[inline]
    fn write(&mut self, segment: &[u8]) {
        self.push(segment);
    }
}
