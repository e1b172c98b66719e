//! # qris-emv: the QRIS / EMVCo Merchant-Presented Mode payload engine
//!
//! Parses QR payment payloads (`000201010212...6304A623`) without copying or
//! allocating, verifies their CRC16, validates them against the QRIS rules (or
//! the generic EMVCo rules for PromptPay, Pix, VietQR, DuitNow...) with precise
//! diagnostics, builds and edits them, and converts static codes to dynamic ones.
//!
//! ```
//! use qris_emv::{DynamicOptions, Validator};
//!
//! let stat = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";
//!
//! // Parse: zero-copy, CRC verified.
//! let payload = qris_emv::parse(stat)?;
//! assert_eq!(payload.merchant_name(), Some("Toko Berkah, BNY NYR"));
//! assert_eq!(payload.merchant_accounts().next().unwrap().acquirer(), Some("GoPay"));
//! assert_eq!(payload.get_path("62.07").unwrap().value(), "A01");
//!
//! // Validate: QRIS rules, diagnostics with stable codes.
//! let report = payload.validate();
//! assert!(report.is_valid());
//!
//! // Convert: static -> dynamic, amount written exactly as given.
//! let dynamic = payload.to_dynamic(&DynamicOptions::new("17000"))?;
//! assert!(Validator::qris().validate(&dynamic).is_valid());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Diagnostics
//!
//! Every problem is a [`Diagnostic`]: a stable [`Code`] (e.g. `crc.mismatch`,
//! `tag.missing`, `field.length`), a [`Severity`], the byte offset in the input,
//! the [`Path`] of the data object (`62.07`) and a message. Structural problems
//! (TLV, CRC) stop parsing with a [`ParseError`] carrying the same information.
//! The codes are listed on [`Code`].
//!
//! ## Lenient and strict input
//!
//! By default, scanner noise around the payload (whitespace, CR/LF, BOM, NBSP)
//! is trimmed and a lowercase CRC is accepted, each reported as a warning;
//! [`ParseOptions::strict`] refuses both. Offsets always count from the start of
//! the input as given.
//!
//! ## Limits
//!
//! Inputs over [`MAX_INPUT_LEN`] bytes are refused (`input.too_long`); payloads
//! over 512 characters get a `payload.length` warning.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod build;
mod convert;
pub mod cpm;
mod crc;
mod diag;
mod fields;
mod payload;
pub mod tags;
mod tlv;
mod validate;

pub use build::{BuildError, Builder};
pub use convert::{to_dynamic, to_static, ConvertError, DynamicOptions, TipConflict, TipRequest};
pub use crc::{crc16, crc16_hex, payload_crc, CrcHex};
pub use diag::{Code, Detail, Diagnostic, InvalidPath, Message, Path, Severity, UnknownCode, UnknownName};
pub use fields::{AdditionalData, Field, LanguageTemplate, MerchantAccount, PointOfInitiation, Tip};
pub use payload::{
    parse, parse_strict, DataObject, Objects, ParseError, ParseOptions, Payload, MAX_INPUT_LEN, MAX_PAYLOAD_CHARS,
};
pub use validate::{Profile, Report, Validator};

/// The README's example, compiled and run as a doctest so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
