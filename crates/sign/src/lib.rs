//! # qris-sign: SNAP and Midtrans payment signatures
//!
//! Everything needed to sign Bank Indonesia SNAP requests and verify what
//! payment providers send back, as the standard and the Midtrans/GoPay docs define it:
//!
//! - [`minify`]: lexical JSON minification with strict RFC 8259 validation (the
//!   bytes that are hashed), borrowed when already minified; [`js`] offers
//!   `JSON.stringify(JSON.parse(body))` as an explicit compatibility mode.
//! - [`body_hash`]: lowercase hex SHA-256 of the minified body, hashed as it is
//!   minified (no allocation, whatever the body's size; so are the signatures'
//!   body hashes).
//! - [`b2b_string_to_sign`], [`symmetric_string_to_sign`], [`asymmetric_string_to_sign`],
//!   and [`canonical_url`] for providers that sort and encode queries.
//! - [`HmacSigner`]: HMAC-SHA512 with a prepared key, constant-time verification.
//! - [`PrivateKey`], [`PublicKey`]: SHA256withRSA with keys in every format
//!   (PKCS#1, PKCS#8, SPKI, certificates; PEM, DER, bare Base64; literal `\n`).
//! - [`midtrans`]: the notification `signature_key` and the Basic auth header.
//! - [`Timestamp`]: X-TIMESTAMP in `+07:00`, parsing, window checks.
//! - [`Secret`]: secrets zeroized on drop and never printed.
//!
//! ```
//! use qris_sign::{Encoding, HmacSigner, PrivateKey};
//!
//! // Symmetric: Midtrans' published SNAP demo (qr-mpm-generate).
//! let signer = HmacSigner::new(b"myclientsecret")?;
//! let body = br#"{"partnerReferenceNo":"2020102900000000000001","amount":{"value":"12345678.00","currency":"IDR"},"feeAmount":{"value":"12345678.00","currency":"IDR"},"merchantId":"00007100010926","terminalId":"213141251124","validityPeriod":"2009-07-03T12:08:56-07:00"}"#;
//! let sig = signer.sign_request("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", body,
//!                               "2024-03-05T10:37:16.196Z", Encoding::Base64)?;
//! assert_eq!(sig, "wmzT7yjg1SxxCsxNsFgCR9SYXiZGGbceF6fV8xe97sAMHxZ+7OEBMIBmvb6Sj6GcksGp3iv77DiomgSbcST3XQ==");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The cryptography comes from one provider, chosen by feature: `aws-lc`
//! (the default: AWS-LC through aws-lc-rs, about 1.9x ring's RSA-2048 signing
//! speed with AVX-512 IFMA, FIPS-capable) or `ring` (portable: wasm32, targets
//! without a C toolchain for AWS-LC, and `no_std` + `alloc`). With both on,
//! `aws-lc` is used; [`PROVIDER`] says which. Results are identical: the
//! whole test suite and every published vector run under both.
//!
//! Verification functions return `Result` (never a bare `bool`) and compare in
//! constant time; their errors say only "invalid signature". Request
//! verifications check X-TIMESTAMP against a [`Freshness`] (the system clock,
//! 5 minutes either side, unless told otherwise) before the signature. Empty
//! or whitespace-only secrets are refused ([`EmptySecret`]). Key errors are
//! specific ("PKCS#1 public key given where a private key is needed") and never
//! repeat the key material given.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

mod digest;
mod encoding;
mod error;
mod gather;
mod hmac;
pub mod js;
mod json;
#[cfg(feature = "keygen")]
mod keygen;
mod keys;
pub mod midtrans;
mod pem;
mod provider;
mod request;
mod rsa;
mod secret;
mod sha512;
mod timestamp;

pub use digest::{body_hash, BodyHash};
pub use encoding::{hex, Encoding, UnknownEncoding};
pub use error::VerifyError;
pub use hmac::{HmacSigner, HMAC_SHA512_LEN};
pub use json::{minify, minify_into, minify_str, validate as validate_json, JsonError, JsonErrorKind, MAX_DEPTH};
#[cfg(feature = "keygen")]
pub use keygen::generate_rsa;
pub use keys::{
    KeyError, KeyFormat, KeyWarning, PrivateKey, PublicKey, MAX_RSA_PRIVATE_BITS, MAX_RSA_PUBLIC_BITS,
    MIN_LEGACY_RSA_BITS, MIN_RSA_BITS,
};
pub use pem::PemError;
pub use request::{
    asymmetric_string_to_sign, b2b_string_to_sign, canonical_url, strip_bearer, symmetric_string_to_sign, UrlError,
};
pub use rsa::SignError;
pub use secret::{EmptySecret, Secret};

/// The cryptographic provider this build uses: `"aws-lc"` (the default
/// feature) or `"ring"` (feature `ring` without `aws-lc`: portable, wasm32).
pub const PROVIDER: &str = provider::NAME;

/// No secure randomness from the operating system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoRandomness;

impl core::fmt::Display for NoRandomness {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("the operating system's secure random source is unavailable")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for NoRandomness {}

/// Fills `out` from the operating system's secure random source, through the
/// crypto provider (for X-EXTERNAL-ID and the like).
///
/// # Errors
/// [`NoRandomness`].
pub fn fill_random(out: &mut [u8]) -> Result<(), NoRandomness> {
    provider::fill_random(out).map_err(|()| NoRandomness)
}
#[cfg(feature = "std")]
pub use timestamp::x_timestamp;
pub use timestamp::{
    Freshness, Timestamp, TimestampError, DEFAULT_WINDOW_SECONDS, MAX_UTC_OFFSET_MINUTES, WIB_OFFSET_MINUTES,
};

/// The README's example, compiled and run as a doctest so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
