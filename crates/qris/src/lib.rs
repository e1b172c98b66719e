//! # qris: the fast, correct core of Indonesian QR payments
//!
//! This facade re-exports the domain crates:
//!
//! - [`emv`] ([`qris-emv`](https://docs.rs/qris-emv)): QRIS / EMVCo MPM payloads:
//!   zero-copy parse, CRC16, validation with diagnostics, builder, static/dynamic
//!   conversion. Its main items are also re-exported at the top level.
//! - [`sign`] ([`qris-sign`](https://docs.rs/qris-sign)): SNAP and Midtrans
//!   signatures: lexical JSON minify, body hashes, HMAC-SHA512, SHA256withRSA,
//!   keys, Midtrans `signature_key`, timestamps.
//! - [`snap`] ([`qris-snap`](https://docs.rs/qris-snap)): the protocol layer:
//!   response codes, notifications and their outcomes, amounts.
//! - [`render`] ([`qris-render`](https://docs.rs/qris-render)): QR matrix, SVG,
//!   PNG, terminal and ESC/POS outputs.
//!
//! ```
//! let payload = qris::parse("00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1")?;
//! assert_eq!(payload.merchant_city(), Some("Kab. Bandung"));
//! assert!(payload.validate().is_valid());
//! # Ok::<(), qris::ParseError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use qris_emv as emv;
/// Customer-presented (CPM) codes: the payer's app shows them, the POS scans them.
pub use qris_emv::cpm;
pub use qris_emv::{
    crc16, parse, parse_strict, payload_crc, to_dynamic, to_static, Builder, Code, ConvertError, DataObject,
    Diagnostic, DynamicOptions, ParseError, ParseOptions, Path, Payload, Profile, Report, Severity, Validator,
};
pub use qris_render as render;
/// Reading codes from photos and screenshots; the sticker check (feature `scan`, on by default).
#[cfg(feature = "scan")]
pub use qris_scan as scan;
pub use qris_sign as sign;
pub use qris_snap as snap;

/// The README's examples, compiled and run as doctests so they stay true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
