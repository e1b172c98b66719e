//! HMAC-SHA512: the SNAP symmetric signature.

use alloc::string::String;
use core::fmt;

use crate::provider::hmac;

use crate::digest::BodyHash;
use crate::encoding::{decode_signature, Encoding};
use crate::error::VerifyError;
use crate::gather::Gather;
use crate::json::JsonError;
use crate::request::symmetric_parts;
use crate::secret::{is_blank, EmptySecret};
use crate::timestamp::Freshness;

/// An HMAC-SHA512 signer holding the prepared key, so repeated signing does not
/// redo key setup. Cheap to share across threads (`Send + Sync`).
///
/// The key is the client secret's raw UTF-8 bytes. `Debug` never shows it. The
/// derived key schedule lives inside the crypto provider, which may not zeroize
/// it; drop the signer when the secret is rotated.
///
/// ```
/// use qris_sign::{HmacSigner, Encoding};
/// // Midtrans' published example (docs.midtrans.com, signature generation).
/// let signer = HmacSigner::new(b"fdppqbF5wq7vVegyvsV1CROMv646nJ7A")?;
/// let sig = signer.sign_string("POST:/v1.0/debit/payment-host-to-host:gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a:56fa5f4999ad8014de49d7898c1d1d53472569db8999de3c1b752a0dd181e98c:2020-01-01T00:00:00+07:00", Encoding::Base64);
/// assert_eq!(sig, "FSlidRHe4ow9qppNifGVQNcdv67lBjgCiP0BHylh+IKXo4fs2rHaGsFNUY0N8t0rPlZs4iAHAOCDklnCccwuJw==");
/// // An empty or whitespace-only secret would let anyone sign: refused.
/// assert!(HmacSigner::new(b" ").is_err());
/// # Ok::<(), qris_sign::EmptySecret>(())
/// ```
#[derive(Clone)]
pub struct HmacSigner {
    key: hmac::Key,
}

impl fmt::Debug for HmacSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacSigner([REDACTED])")
    }
}

/// Length of an HMAC-SHA512 tag in bytes.
pub const HMAC_SHA512_LEN: usize = 64;

impl HmacSigner {
    /// Prepares the key (the client secret's bytes).
    ///
    /// # Errors
    /// [`EmptySecret`] for an empty or whitespace-only secret.
    pub fn new(client_secret: &[u8]) -> Result<Self, EmptySecret> {
        if is_blank(client_secret) {
            return Err(EmptySecret);
        }
        Ok(HmacSigner { key: hmac::Key::new(hmac::HMAC_SHA512, client_secret) })
    }

    /// The raw 64-byte HMAC-SHA512 of `message`.
    pub fn sign_bytes(&self, message: &[u8]) -> [u8; HMAC_SHA512_LEN] {
        let tag = hmac::sign(&self.key, message);
        let mut out = [0u8; HMAC_SHA512_LEN];
        out.copy_from_slice(tag.as_ref());
        out
    }

    /// Signs a ready string to sign.
    pub fn sign_string(&self, string_to_sign: &str, encoding: Encoding) -> String {
        encoding.encode(&self.sign_bytes(string_to_sign.as_bytes()))
    }

    /// Signs a SNAP request: `METHOD:path:accessToken:sha256hex(minify(body)):timestamp`.
    ///
    /// # Errors
    /// The body is not valid JSON (an empty body is fine: it is a GET).
    pub fn sign_request(
        &self,
        method: &str,
        path: &str,
        access_token: &str,
        body: &[u8],
        timestamp: &str,
        encoding: Encoding,
    ) -> Result<String, JsonError> {
        let tag = self.mac_request(method, path, access_token, body, timestamp)?;
        Ok(encoding.encode(tag.as_ref()))
    }

    /// The MAC of a request's string to sign, fed to HMAC piece by piece (the
    /// string itself is never built).
    fn mac_request(
        &self,
        method: &str,
        path: &str,
        access_token: &str,
        body: &[u8],
        timestamp: &str,
    ) -> Result<hmac::Tag, JsonError> {
        let hash = BodyHash::of_body(body)?;
        // The parts are small: gathered on the stack and fed to HMAC in few updates.
        let mut ctx = hmac::Context::with_key(&self.key);
        let mut gather = Gather::<_, 512>::new(&mut ctx);
        symmetric_parts(method, path, access_token, &hash, timestamp, &mut |part| gather.push(part));
        gather.finish();
        Ok(ctx.sign())
    }

    /// Verifies a signature (Base64 or hex) over a string to sign, in constant time.
    ///
    /// # Errors
    /// [`VerifyError::Malformed`] if the signature is neither Base64 nor hex of 64
    /// bytes; [`VerifyError::Invalid`] if it does not match.
    pub fn verify_string(&self, string_to_sign: &str, signature: &str) -> Result<(), VerifyError> {
        let sig = decode_signature(signature, HMAC_SHA512_LEN).ok_or(VerifyError::Malformed)?;
        hmac::verify(&self.key, string_to_sign.as_bytes(), &sig).map_err(|_| VerifyError::Invalid)
    }

    /// Verifies the signature of a SNAP request (see [`HmacSigner::sign_request`]),
    /// after checking X-TIMESTAMP against `freshness` ([`Freshness::default`]:
    /// the system clock, 5 minutes either side).
    ///
    /// The signature may be Base64 or hex (either case), with surrounding
    /// whitespace: several spellings verify, so a replay guard must key on the
    /// decoded bytes, never on the header text.
    ///
    /// # Errors
    /// [`VerifyError::Timestamp`]; [`VerifyError::Body`] for a body that is not
    /// JSON; else as [`HmacSigner::verify_string`].
    #[allow(clippy::too_many_arguments)]
    pub fn verify_request(
        &self,
        method: &str,
        path: &str,
        access_token: &str,
        body: &[u8],
        timestamp: &str,
        signature: &str,
        freshness: Freshness,
    ) -> Result<(), VerifyError> {
        freshness.check(timestamp).map_err(VerifyError::Timestamp)?;
        let sig = decode_signature(signature, HMAC_SHA512_LEN).ok_or(VerifyError::Malformed)?;
        let tag = self.mac_request(method, path, access_token, body, timestamp).map_err(VerifyError::Body)?;
        if crate::provider::ct_eq(tag.as_ref(), &sig) {
            Ok(())
        } else {
            Err(VerifyError::Invalid)
        }
    }
}
