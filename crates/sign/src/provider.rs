//! The cryptographic library, chosen here and named nowhere else.
//!
//! - `aws-lc` (the default): AWS-LC through aws-lc-rs. Its RSA-2048 signs about
//!   2x faster than ring's where the CPU has AVX-512 IFMA, and it can be built
//!   FIPS-validated. Needs a C toolchain for the target.
//! - `ring`: portable (wasm32, targets AWS-LC does not build for) and `no_std`.
//!
//! Exactly one is used: with both features on, `aws-lc` is. Both expose the
//! same digest / HMAC / RSA API shape (aws-lc-rs follows ring's), so the rest of
//! the crate is written once against the names below.

#[cfg(not(any(feature = "aws-lc", feature = "ring")))]
compile_error!("qris-sign needs a cryptographic provider: enable feature \"aws-lc\" (the default) or \"ring\"");

#[cfg(feature = "aws-lc")]
use aws_lc_rs as backend;
#[cfg(all(feature = "ring", not(feature = "aws-lc")))]
use ring as backend;

use alloc::string::ToString as _;
use alloc::vec::Vec;

use backend::signature::{self, KeyPair as _};

pub(crate) use backend::{digest, hmac};

/// The provider's name, as [`crate::PROVIDER`] reports it.
#[cfg(feature = "aws-lc")]
pub(crate) const NAME: &str = "aws-lc";
/// The provider's name, as [`crate::PROVIDER`] reports it.
#[cfg(all(feature = "ring", not(feature = "aws-lc")))]
pub(crate) const NAME: &str = "ring";

/// Whether `a == b`, in time that depends only on the lengths.
#[cfg(feature = "aws-lc")]
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    // AWS-LC's CRYPTO_memcmp.
    aws_lc_rs::constant_time::verify_slices_are_equal(a, b).is_ok()
}

/// Whether `a == b`, in time that depends only on the lengths.
#[cfg(all(feature = "ring", not(feature = "aws-lc")))]
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    // ring's own comparison is deprecated for outside use; `subtle`'s is the
    // reviewed Rust one.
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Fills `out` from the operating system's secure random source.
pub(crate) fn fill_random(out: &mut [u8]) -> Result<(), ()> {
    use backend::rand::SecureRandom;
    backend::rand::SystemRandom::new().fill(out).map_err(drop)
}

/// Why the provider refused a key, in words.
fn rejected(e: &backend::error::KeyRejected) -> &'static str {
    match e.to_string().as_str() {
        // The reasons both libraries give (`KeyRejected`'s `Display`).
        "InconsistentComponents" => "its components are inconsistent",
        "InvalidEncoding" => "its encoding is invalid",
        "TooSmall" => "too small",
        "TooLarge" => "too large",
        "WrongAlgorithm" => "wrong algorithm",
        _ => "rejected by the RSA implementation",
    }
}

/// An RSA key pair for SHA256withRSA (PKCS#1 v1.5) signing.
pub(crate) struct RsaPrivate(signature::RsaKeyPair);

impl RsaPrivate {
    /// From a PKCS#8 PrivateKeyInfo.
    pub(crate) fn from_pkcs8(der: &[u8]) -> Result<Self, &'static str> {
        signature::RsaKeyPair::from_pkcs8(der).map(RsaPrivate).map_err(|e| rejected(&e))
    }

    /// From a PKCS#1 RSAPrivateKey.
    pub(crate) fn from_pkcs1(der: &[u8]) -> Result<Self, &'static str> {
        signature::RsaKeyPair::from_der(der).map(RsaPrivate).map_err(|e| rejected(&e))
    }

    /// The public key as PKCS#1 RSAPublicKey DER.
    pub(crate) fn public_pkcs1(&self) -> &[u8] {
        self.0.public_key().as_ref()
    }

    /// The modulus (and signature) length in bytes.
    pub(crate) fn modulus_len(&self) -> usize {
        #[cfg(feature = "aws-lc")]
        {
            self.0.public_modulus_len()
        }
        #[cfg(all(feature = "ring", not(feature = "aws-lc")))]
        {
            self.0.public().modulus_len()
        }
    }

    /// The SHA256withRSA signature of `message`; `Err` only without system
    /// randomness (used for blinding).
    pub(crate) fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, ()> {
        let mut sig = alloc::vec![0u8; self.modulus_len()];
        let rng = backend::rand::SystemRandom::new();
        self.0.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut sig).map_err(drop)?;
        Ok(sig)
    }
}

/// An RSA public key for SHA256withRSA verification, 2048 to 8192 bits (1024
/// and up when loaded with the legacy opt-in).
#[derive(Clone)]
pub(crate) struct RsaPublic {
    #[cfg(feature = "aws-lc")]
    parsed: signature::ParsedPublicKey,
    #[cfg(all(feature = "ring", not(feature = "aws-lc")))]
    pkcs1: Vec<u8>,
    #[cfg(all(feature = "ring", not(feature = "aws-lc")))]
    legacy: bool,
}

/// The verification algorithm: 2048 bits and up, or (opt-in, verification
/// only) 1024 and up.
fn public_algorithm(legacy: bool) -> &'static signature::RsaParameters {
    if legacy {
        &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY
    } else {
        &signature::RSA_PKCS1_2048_8192_SHA256
    }
}

impl RsaPublic {
    /// From a PKCS#1 RSAPublicKey. AWS-LC parses and checks it once, here;
    /// ring checks it at each verification (a key it cannot use verifies nothing).
    pub(crate) fn from_pkcs1(der: &[u8], legacy: bool) -> Result<Self, &'static str> {
        #[cfg(feature = "aws-lc")]
        {
            signature::ParsedPublicKey::new(public_algorithm(legacy), der)
                .map(|parsed| RsaPublic { parsed })
                .map_err(|e| rejected(&e))
        }
        #[cfg(all(feature = "ring", not(feature = "aws-lc")))]
        {
            Ok(RsaPublic { pkcs1: der.to_vec(), legacy })
        }
    }

    /// Whether `sig` is a SHA256withRSA signature of `message` by this key.
    pub(crate) fn verify_sha256(&self, message: &[u8], sig: &[u8]) -> bool {
        #[cfg(feature = "aws-lc")]
        {
            self.parsed.verify_sig(message, sig).is_ok()
        }
        #[cfg(all(feature = "ring", not(feature = "aws-lc")))]
        {
            signature::UnparsedPublicKey::new(public_algorithm(self.legacy), &self.pkcs1).verify(message, sig).is_ok()
        }
    }
}

// The parsed key holds `&'static dyn` algorithm descriptors, which the compiler
// cannot prove unwind safe; nothing in it is mutated after it is built
// (verification only reads it), so a panic cannot leave it inconsistent.
impl core::panic::RefUnwindSafe for RsaPublic {}
impl core::panic::UnwindSafe for RsaPublic {}

#[cfg(test)]
mod tests {
    /// The build uses the provider its features ask for (aws-lc wins over ring).
    #[test]
    fn the_features_choose_the_provider() {
        let expected = if cfg!(feature = "aws-lc") { "aws-lc" } else { "ring" };
        assert_eq!(crate::PROVIDER, expected);
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        super::fill_random(&mut a).unwrap();
        super::fill_random(&mut b).unwrap();
        assert_ne!(a, b, "two 256-bit draws from the system's random source");
        assert!(super::ct_eq(&a, &a) && !super::ct_eq(&a, &b) && !super::ct_eq(&a, &a[..31]));
    }
}
