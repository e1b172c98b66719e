//! SHA256withRSA (RSASSA-PKCS1-v1_5 with SHA-256): the SNAP B2B access-token
//! signature and the asymmetric per-request / notification signature.

use alloc::string::String;
use alloc::vec::Vec;

use crate::digest::BodyHash;
use crate::encoding::{decode_signature, Encoding};
use crate::error::VerifyError;
use crate::json::JsonError;
use crate::keys::{PrivateKey, PublicKey};
use crate::request::{asymmetric_string_to_sign, b2b_string_to_sign};
use crate::timestamp::Freshness;

/// Why signing failed (practically never: only if the system RNG, used for
/// blinding, is unavailable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The body is not valid JSON.
    Body(JsonError),
    /// The RSA implementation failed (no system randomness for blinding).
    Rsa,
}

impl core::fmt::Display for SignError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SignError::Body(e) => write!(f, "cannot sign: {e}"),
            SignError::Rsa => f.write_str("RSA signing failed (system randomness unavailable)"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for SignError {}

impl PrivateKey {
    /// The raw SHA256withRSA signature of `message`.
    ///
    /// # Errors
    /// [`SignError::Rsa`] if the system RNG fails.
    pub fn sign_bytes(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        self.pair().sign_sha256(message).map_err(|()| SignError::Rsa)
    }

    /// Signs a ready string to sign.
    ///
    /// # Errors
    /// As [`PrivateKey::sign_bytes`].
    pub fn sign_string(&self, string_to_sign: &str, encoding: Encoding) -> Result<String, SignError> {
        Ok(encoding.encode(&self.sign_bytes(string_to_sign.as_bytes())?))
    }

    /// The B2B access-token signature: SHA256withRSA over `clientId|timestamp`.
    ///
    /// # Errors
    /// As [`PrivateKey::sign_bytes`].
    pub fn sign_b2b(&self, client_id: &str, timestamp: &str, encoding: Encoding) -> Result<String, SignError> {
        self.sign_string(&b2b_string_to_sign(client_id, timestamp), encoding)
    }

    /// The asymmetric request/notification signature: SHA256withRSA over
    /// `METHOD:path:sha256hex(minify(body)):timestamp`.
    ///
    /// # Errors
    /// [`SignError::Body`] if the body is not JSON, else as [`PrivateKey::sign_bytes`].
    pub fn sign_request(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: &str,
        encoding: Encoding,
    ) -> Result<String, SignError> {
        let hash = BodyHash::of_body(body).map_err(SignError::Body)?;
        self.sign_string(&asymmetric_string_to_sign(method, path, &hash, timestamp), encoding)
    }
}

impl PublicKey {
    /// Verifies SHA256withRSA (PKCS#1 v1.5) signature bytes over `message`:
    /// the RSA primitive alone, what the `*_with` functions let a caller replace.
    pub fn verify_bytes(&self, message: &[u8], signature: &[u8]) -> bool {
        self.verify_raw(message, signature)
    }

    /// Verifies a signature (Base64 or hex) over a string to sign.
    ///
    /// # Errors
    /// [`VerifyError::Malformed`] or [`VerifyError::Invalid`].
    pub fn verify_string(&self, string_to_sign: &str, signature: &str) -> Result<(), VerifyError> {
        self.verify_string_with(string_to_sign, signature, &|m, s| self.verify_raw(m, s))
    }

    /// [`PublicKey::verify_string`] with the RSA primitive supplied by the
    /// caller: `primitive(string_to_sign, signature_bytes)` answers whether the
    /// signature verifies under this key (as [`PublicKey::verify_bytes`]). The
    /// signature's spelling (hex of exactly the modulus length, else standard
    /// Base64 of it) is read here. For platforms whose own RSA is much faster
    /// (the npm package in Node uses node:crypto).
    ///
    /// # Errors
    /// As [`PublicKey::verify_string`].
    pub fn verify_string_with(
        &self,
        string_to_sign: &str,
        signature: &str,
        primitive: &dyn Fn(&[u8], &[u8]) -> bool,
    ) -> Result<(), VerifyError> {
        let sig = decode_signature(signature, self.signature_len()).ok_or(VerifyError::Malformed)?;
        if primitive(string_to_sign.as_bytes(), &sig) {
            Ok(())
        } else {
            Err(VerifyError::Invalid)
        }
    }

    /// Verifies a B2B access-token signature over `clientId|timestamp`, after
    /// checking X-TIMESTAMP against `freshness` ([`Freshness::default`]: the
    /// system clock, 5 minutes either side).
    ///
    /// # Errors
    /// [`VerifyError::Timestamp`], else as [`PublicKey::verify_string`].
    pub fn verify_b2b(
        &self,
        client_id: &str,
        timestamp: &str,
        signature: &str,
        freshness: Freshness,
    ) -> Result<(), VerifyError> {
        self.verify_b2b_with(client_id, timestamp, signature, freshness, &|m, s| self.verify_raw(m, s))
    }

    /// [`PublicKey::verify_b2b`] with the caller's RSA primitive (see
    /// [`PublicKey::verify_string_with`]).
    ///
    /// # Errors
    /// As [`PublicKey::verify_b2b`].
    pub fn verify_b2b_with(
        &self,
        client_id: &str,
        timestamp: &str,
        signature: &str,
        freshness: Freshness,
        primitive: &dyn Fn(&[u8], &[u8]) -> bool,
    ) -> Result<(), VerifyError> {
        freshness.check(timestamp).map_err(VerifyError::Timestamp)?;
        self.verify_string_with(&b2b_string_to_sign(client_id, timestamp), signature, primitive)
    }

    /// Verifies an asymmetric request or notification signature. `path` is the
    /// receiver's own relative URL (e.g. `/v1.0/debit/notify`), `body` the raw
    /// received bytes (minified here, never re-serialised). X-TIMESTAMP is
    /// checked against `freshness` first.
    ///
    /// # Errors
    /// [`VerifyError::Timestamp`]; [`VerifyError::Body`] if the body is not
    /// JSON; else as [`PublicKey::verify_string`].
    pub fn verify_request(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: &str,
        signature: &str,
        freshness: Freshness,
    ) -> Result<(), VerifyError> {
        self.verify_request_with(method, path, body, timestamp, signature, freshness, &|m, s| self.verify_raw(m, s))
    }

    /// [`PublicKey::verify_request`] with the caller's RSA primitive (see
    /// [`PublicKey::verify_string_with`]): X-TIMESTAMP, the body's hash, the
    /// string to sign and the signature's spelling stay here.
    ///
    /// # Errors
    /// As [`PublicKey::verify_request`].
    #[allow(clippy::too_many_arguments)]
    pub fn verify_request_with(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: &str,
        signature: &str,
        freshness: Freshness,
        primitive: &dyn Fn(&[u8], &[u8]) -> bool,
    ) -> Result<(), VerifyError> {
        freshness.check(timestamp).map_err(VerifyError::Timestamp)?;
        let hash = BodyHash::of_body(body).map_err(VerifyError::Body)?;
        self.verify_string_with(&asymmetric_string_to_sign(method, path, &hash, timestamp), signature, primitive)
    }
}
