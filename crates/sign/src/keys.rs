//! RSA keys in every form they arrive in: PEM (PKCS#1, PKCS#8, SPKI, X.509
//! certificate), DER, or bare Base64; tolerant of literal `\n` from environment
//! variables, CRLF, quotes and missing final newlines, strict about PEM's
//! structure (one block, nothing around it, matching END label). Errors never
//! repeat the input: it may be a private key.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::provider::{RsaPrivate, RsaPublic};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zeroize::Zeroizing;

use crate::pem::{self, PemError};

/// The smallest RSA modulus accepted, in bits.
pub const MIN_RSA_BITS: usize = 2048;
/// The smallest RSA public key accepted for verification with the explicit
/// legacy opt-in ([`PublicKey::from_bytes_legacy_1024`]), in bits. Signing never
/// goes below [`MIN_RSA_BITS`].
pub const MIN_LEGACY_RSA_BITS: usize = 1024;
/// The largest RSA private key accepted for signing, in bits (SNAP uses 2048;
/// larger keys only make every signature slower).
pub const MAX_RSA_PRIVATE_BITS: usize = 4096;
/// The largest RSA public key accepted for verifying, in bits.
pub const MAX_RSA_PUBLIC_BITS: usize = 8192;

/// What a piece of key material turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFormat {
    /// `BEGIN RSA PRIVATE KEY`: PKCS#1 RSAPrivateKey.
    Pkcs1Private,
    /// `BEGIN PRIVATE KEY`: PKCS#8 PrivateKeyInfo.
    Pkcs8Private,
    /// `BEGIN PUBLIC KEY`: X.509 SubjectPublicKeyInfo.
    SpkiPublic,
    /// `BEGIN RSA PUBLIC KEY`: PKCS#1 RSAPublicKey.
    Pkcs1Public,
    /// `BEGIN CERTIFICATE`: an X.509 certificate (its public key is used).
    Certificate,
}

impl KeyFormat {
    fn describe(self) -> &'static str {
        match self {
            KeyFormat::Pkcs1Private => "a PKCS#1 private key",
            KeyFormat::Pkcs8Private => "a PKCS#8 private key",
            KeyFormat::SpkiPublic => "an SPKI public key",
            KeyFormat::Pkcs1Public => "a PKCS#1 public key",
            KeyFormat::Certificate => "an X.509 certificate",
        }
    }

    fn is_private(self) -> bool {
        matches!(self, KeyFormat::Pkcs1Private | KeyFormat::Pkcs8Private)
    }
}

/// Why key material could not be used. Messages say what is wrong and, where
/// possible, what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// Not PEM, DER or Base64 of a key.
    NotAKey,
    /// A PEM block with a label this library does not read: the label if it is
    /// a well-known one (an EC key, a CRL...), else `None` (never input that
    /// may be key material).
    UnsupportedPem(Option<&'static str>),
    /// PEM text that is not well formed, or several blocks where one key is
    /// expected (which one was meant is said when it is clear).
    Pem(PemError),
    /// An encrypted private key.
    Encrypted,
    /// A key of the wrong kind for the use (e.g. a public key where a private key is needed).
    WrongKind {
        /// What was found.
        found: KeyFormat,
        /// Whether a private key was needed.
        need_private: bool,
    },
    /// Not an RSA key (EC, Ed25519...).
    NotRsa,
    /// Fewer bits than [`MIN_RSA_BITS`] (for a public key loaded with the
    /// legacy opt-in: fewer than [`MIN_LEGACY_RSA_BITS`]).
    TooSmall {
        /// The modulus size.
        bits: usize,
    },
    /// A public key of 1024 to 2047 bits loaded without the legacy opt-in: it
    /// can verify a legacy provider's signatures only when asked for explicitly
    /// ([`PublicKey::from_bytes_legacy_1024`]; `allow_legacy_1024` elsewhere).
    LegacyKey {
        /// The modulus size.
        bits: usize,
    },
    /// More bits than supported.
    TooLarge {
        /// The modulus size.
        bits: usize,
        /// The limit.
        max: usize,
    },
    /// The structure is right but the key is not valid (the RSA implementation refused it).
    Invalid(&'static str),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotAKey => f.write_str("not an RSA key: expected PEM, DER or Base64 key data"),
            KeyError::UnsupportedPem(label) => write!(f, "unsupported PEM block with {}", pem::show(*label)),
            KeyError::Pem(e) => write!(f, "malformed PEM: {e}"),
            KeyError::Encrypted => f.write_str(
                "encrypted private keys are not supported: decrypt it first (e.g. openssl pkey -in key.pem -out plain.pem)",
            ),
            KeyError::WrongKind { found, need_private: true } => {
                write!(f, "{} given where a private key is needed", found.describe())
            }
            KeyError::WrongKind { found, need_private: false } => {
                write!(f, "{} given where a public key is needed", found.describe())
            }
            KeyError::NotRsa => f.write_str("not an RSA key (SNAP signatures use RSA 2048)"),
            KeyError::TooSmall { bits } => {
                write!(f, "RSA key of {bits} bits is too small: at least {MIN_RSA_BITS} bits are required")
            }
            KeyError::LegacyKey { bits } => write!(
                f,
                "RSA public key of {bits} bits is below the {MIN_RSA_BITS} bits SNAP requires: verifying with it \
                 needs the explicit legacy opt-in (allow_legacy_1024); signing keys must have {MIN_RSA_BITS} bits"
            ),
            KeyError::TooLarge { bits, max } => write!(f, "RSA key of {bits} bits is too large: at most {max} bits"),
            KeyError::Invalid(why) => write!(f, "invalid RSA key: {why}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for KeyError {}

// ---- minimal DER reading -------------------------------------------------

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
/// rsaEncryption, 1.2.840.113549.1.1.1
const RSA_ENCRYPTION: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];

/// Reads one DER element: (tag, content, rest).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// The elements of a SEQUENCE's content.
fn elements(mut content: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (tag, value, rest) = tlv(content)?;
        out.push((tag, value));
        content = rest;
    }
    Some(out)
}

fn sequence(der: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    match tlv(der)? {
        (SEQUENCE, content, []) => elements(content),
        _ => None,
    }
}

/// Bit length of a DER INTEGER's content (unsigned big-endian, leading zeros ignored).
fn integer_bits(int: &[u8]) -> usize {
    let digits: &[u8] = {
        let first_nonzero = int.iter().position(|&b| b != 0).unwrap_or(int.len());
        &int[first_nonzero..]
    };
    match digits.first() {
        None => 0,
        Some(&top) => (digits.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
    }
}

/// Whether an AlgorithmIdentifier says rsaEncryption.
fn is_rsa_algorithm(alg: &[u8]) -> bool {
    matches!(elements(alg).as_deref(), Some([(OID, oid), ..]) if *oid == RSA_ENCRYPTION)
}

/// A recognised key: what it is, its modulus size, and the DER AWS-LC needs
/// (PKCS#8 or PKCS#1 private key; PKCS#1 RSAPublicKey for public keys).
struct Classified<'a> {
    format: KeyFormat,
    bits: usize,
    der: &'a [u8],
}

fn classify(der: &[u8]) -> Result<Classified<'_>, KeyError> {
    let items = sequence(der).ok_or(KeyError::NotAKey)?;
    match items.as_slice() {
        // PKCS#8: version, AlgorithmIdentifier, OCTET STRING { RSAPrivateKey }
        [(INTEGER, _), (SEQUENCE, alg), (OCTET_STRING, inner), ..] => {
            if !is_rsa_algorithm(alg) {
                return Err(KeyError::NotRsa);
            }
            let rsa = sequence(inner).ok_or(KeyError::Invalid("malformed PKCS#8 content"))?;
            let bits = match rsa.as_slice() {
                [(INTEGER, _), (INTEGER, n), ..] => integer_bits(n),
                _ => return Err(KeyError::Invalid("malformed RSAPrivateKey")),
            };
            Ok(Classified { format: KeyFormat::Pkcs8Private, bits, der })
        }
        // PKCS#1 private: version, n, e, d, p, q, dp, dq, qinv
        [(INTEGER, _), (INTEGER, n), (INTEGER, _), (INTEGER, _), (INTEGER, _), (INTEGER, _), (INTEGER, _), (INTEGER, _), (INTEGER, _), ..] => {
            Ok(Classified { format: KeyFormat::Pkcs1Private, bits: integer_bits(n), der })
        }
        // PKCS#1 public: n, e
        [(INTEGER, n), (INTEGER, _)] => Ok(Classified { format: KeyFormat::Pkcs1Public, bits: integer_bits(n), der }),
        // SPKI: AlgorithmIdentifier, BIT STRING { RSAPublicKey }
        [(SEQUENCE, alg), (BIT_STRING, bits)] => {
            if !is_rsa_algorithm(alg) {
                return Err(KeyError::NotRsa);
            }
            let inner = bits.strip_prefix(&[0]).ok_or(KeyError::Invalid("malformed public key bit string"))?;
            let c = classify(inner)?;
            if c.format != KeyFormat::Pkcs1Public {
                return Err(KeyError::Invalid("malformed SubjectPublicKeyInfo"));
            }
            Ok(Classified { format: KeyFormat::SpkiPublic, bits: c.bits, der: inner })
        }
        // X.509: SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
        [(SEQUENCE, tbs), (SEQUENCE, _), (BIT_STRING, _)] => {
            let fields = elements(tbs).ok_or(KeyError::NotAKey)?;
            // [0] version is optional; the SPKI is the 6th field after it.
            let skip = usize::from(matches!(fields.first(), Some((0xA0, _))));
            let (tag, _) = *fields.get(skip + 5).ok_or(KeyError::NotAKey)?;
            if tag != SEQUENCE {
                return Err(KeyError::NotAKey);
            }
            // Re-read the SPKI element with its header from the TBS content.
            let mut rest: &[u8] = tbs;
            for _ in 0..skip + 5 {
                rest = tlv(rest).ok_or(KeyError::NotAKey)?.2;
            }
            let (_, _, after) = tlv(rest).ok_or(KeyError::NotAKey)?;
            let spki = &rest[..rest.len() - after.len()];
            let c = classify(spki)?;
            Ok(Classified { format: KeyFormat::Certificate, bits: c.bits, der: c.der })
        }
        _ => Err(KeyError::NotAKey),
    }
}

/// Whether a PEM label holds the kind of key asked for.
fn label_is_kind(label: &str, need_private: bool) -> bool {
    if need_private {
        matches!(label, "RSA PRIVATE KEY" | "PRIVATE KEY" | "ENCRYPTED PRIVATE KEY")
    } else {
        matches!(label, "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE")
    }
}

/// Turns whatever was given into DER bytes (zeroized when dropped). PEM is read
/// strictly ([`crate::pem`]); one block is expected.
fn to_der(input: &[u8], need_private: bool) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    if input.first() == Some(&SEQUENCE) && tlv(input).is_some() {
        return Ok(Zeroizing::new(input.to_vec()));
    }
    let text = core::str::from_utf8(input).map_err(|_| KeyError::NotAKey)?;
    // Environment variables often carry literal "\n"; some carry quotes.
    let text = Zeroizing::new(text.replace("\\n", "\n").replace("\\r", ""));
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if !pem::looks_like_pem(text) {
        return decode_base64(text);
    }
    let blocks = pem::blocks(text).map_err(KeyError::Pem)?;
    let block = match blocks.as_slice() {
        [one] => one,
        [] => return Err(KeyError::NotAKey),
        several => {
            let mut kind = several.iter().enumerate().filter(|(_, b)| label_is_kind(b.label, need_private));
            let meant = match (kind.next(), kind.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            };
            let labels = several.iter().map(|b| pem::known_label(b.label)).collect();
            return Err(KeyError::Pem(PemError::SeveralBlocks { labels, meant }));
        }
    };
    match block.label {
        "ENCRYPTED PRIVATE KEY" => return Err(KeyError::Encrypted),
        "RSA PRIVATE KEY" | "PRIVATE KEY" | "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => {}
        other => {
            if other.contains("EC ") || other.contains("DSA") || other.contains("OPENSSH") {
                return Err(KeyError::NotRsa);
            }
            return Err(KeyError::UnsupportedPem(pem::known_label(other)));
        }
    }
    if block.encrypted {
        return Err(KeyError::Encrypted);
    }
    let body: Zeroizing<String> = Zeroizing::new(block.body.concat());
    decode_base64(&body)
}

fn decode_base64(body: &str) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let compact: Zeroizing<String> = Zeroizing::new(body.chars().filter(|c| !c.is_whitespace()).collect());
    STANDARD.decode(compact.as_bytes()).map(Zeroizing::new).map_err(|_| KeyError::NotAKey)
}

fn check_bits(bits: usize, max: usize) -> Result<(), KeyError> {
    if bits < MIN_RSA_BITS {
        return Err(KeyError::TooSmall { bits });
    }
    if bits > max {
        return Err(KeyError::TooLarge { bits, max });
    }
    Ok(())
}

/// An RSA private key for SHA256withRSA signing (2048 to 4096 bits).
///
/// The DER it was read from is zeroized; the key itself lives in AWS-LC, whose
/// allocator wipes memory when it is freed. `Debug` shows only the size.
pub struct PrivateKey {
    pair: RsaPrivate,
    format: KeyFormat,
    /// The matching public key, parsed once when the private key is loaded.
    public: PublicKey,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({} bits, [REDACTED])", self.bits())
    }
}

impl PrivateKey {
    /// Reads a private key: PKCS#1 or PKCS#8, as PEM, DER or bare Base64.
    ///
    /// # Errors
    /// A [`KeyError`] saying what is wrong (a public key given, too small, encrypted...).
    pub fn from_bytes(input: &[u8]) -> Result<Self, KeyError> {
        let der = to_der(input, true)?;
        let c = classify(&der)?;
        if !c.format.is_private() {
            return Err(KeyError::WrongKind { found: c.format, need_private: true });
        }
        check_bits(c.bits, MAX_RSA_PRIVATE_BITS)?;
        let pair = match c.format {
            KeyFormat::Pkcs8Private => RsaPrivate::from_pkcs8(c.der),
            _ => RsaPrivate::from_pkcs1(c.der),
        }
        .map_err(KeyError::Invalid)?;
        let public = PublicKey::parse(pair.public_pkcs1(), pair.modulus_len() * 8)?;
        Ok(PrivateKey { pair, format: c.format, public })
    }

    /// [`PrivateKey::from_bytes`] for text.
    ///
    /// # Errors
    /// As [`PrivateKey::from_bytes`].
    pub fn from_pem(text: &str) -> Result<Self, KeyError> {
        Self::from_bytes(text.as_bytes())
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.pair.modulus_len() * 8
    }

    /// The format it was read from.
    pub fn format(&self) -> KeyFormat {
        self.format
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        self.public.clone()
    }

    pub(crate) fn pair(&self) -> &RsaPrivate {
        &self.pair
    }
}

/// An RSA public key for SHA256withRSA verification (2048 to 8192 bits; 1024
/// and up with the explicit legacy opt-in, [`PublicKey::from_bytes_legacy_1024`]).
#[derive(Clone)]
pub struct PublicKey {
    /// PKCS#1 RSAPublicKey DER.
    pkcs1: Vec<u8>,
    bits: usize,
    /// Parsed once (where the provider can), not at every verification.
    parsed: RsaPublic,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.pkcs1 == other.pkcs1
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_legacy() {
            write!(f, "PublicKey({} bits, legacy)", self.bits)
        } else {
            write!(f, "PublicKey({} bits)", self.bits)
        }
    }
}

/// Something to report with a verification that succeeded: the result stands,
/// but the operator should know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyWarning {
    /// The provider's key is below 2048 bits, accepted because the legacy
    /// opt-in was given.
    Legacy1024 {
        /// The modulus size.
        bits: usize,
    },
}

impl KeyWarning {
    /// A stable code, the same on every surface: `key.legacy_1024`.
    pub fn code(&self) -> &'static str {
        match self {
            KeyWarning::Legacy1024 { .. } => "key.legacy_1024",
        }
    }
}

impl fmt::Display for KeyWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyWarning::Legacy1024 { bits } => write!(
                f,
                "the provider's RSA key has {bits} bits, below the {MIN_RSA_BITS} SNAP requires; accepted for \
                 verification only because the legacy opt-in was given: ask the provider for a {MIN_RSA_BITS}-bit key"
            ),
        }
    }
}

impl PublicKey {
    /// Reads a public key: SPKI or PKCS#1, or an X.509 certificate, as PEM, DER
    /// or bare Base64.
    ///
    /// A certificate is only a container here: its public key is taken, and
    /// nothing else in it is checked (not its signature, issuer, validity
    /// dates or revocation). Pin the provider's key or certificate you were
    /// given out of band; do not accept one from a request.
    ///
    /// # Errors
    /// A [`KeyError`] saying what is wrong (a private key given, too small...).
    pub fn from_bytes(input: &[u8]) -> Result<Self, KeyError> {
        let der = to_der(input, false)?;
        let c = classify(&der)?;
        if c.format.is_private() {
            return Err(KeyError::WrongKind { found: c.format, need_private: false });
        }
        if (MIN_LEGACY_RSA_BITS..MIN_RSA_BITS).contains(&c.bits) {
            return Err(KeyError::LegacyKey { bits: c.bits });
        }
        check_bits(c.bits, MAX_RSA_PUBLIC_BITS)?;
        Self::parse(c.der, c.bits)
    }

    /// [`PublicKey::from_bytes`], also accepting keys of 1024 to 2047 bits: the
    /// explicit opt-in for verifying a legacy provider's signatures (at least one
    /// Indonesian SNAP provider signs callbacks with a 1024-bit key). Such a key
    /// verifies only (there is no way to sign with one), reports
    /// [`PublicKey::warning`], and says `legacy` in its `Debug`. Keys below 1024
    /// bits are refused as ever; keys of 2048 bits and up load as with `from_bytes`.
    ///
    /// # Errors
    /// As [`PublicKey::from_bytes`], with [`KeyError::TooSmall`] below 1024 bits.
    pub fn from_bytes_legacy_1024(input: &[u8]) -> Result<Self, KeyError> {
        let der = to_der(input, false)?;
        let c = classify(&der)?;
        if c.format.is_private() {
            return Err(KeyError::WrongKind { found: c.format, need_private: false });
        }
        if c.bits < MIN_LEGACY_RSA_BITS {
            return Err(KeyError::TooSmall { bits: c.bits });
        }
        if c.bits > MAX_RSA_PUBLIC_BITS {
            return Err(KeyError::TooLarge { bits: c.bits, max: MAX_RSA_PUBLIC_BITS });
        }
        Self::parse(c.der, c.bits)
    }

    /// [`PublicKey::from_bytes_legacy_1024`] for text.
    ///
    /// # Errors
    /// As [`PublicKey::from_bytes_legacy_1024`].
    pub fn from_pem_legacy_1024(text: &str) -> Result<Self, KeyError> {
        Self::from_bytes_legacy_1024(text.as_bytes())
    }

    /// A PKCS#1 RSAPublicKey DER, parsed for verification.
    fn parse(pkcs1: &[u8], bits: usize) -> Result<Self, KeyError> {
        let parsed = RsaPublic::from_pkcs1(pkcs1, bits < MIN_RSA_BITS).map_err(KeyError::Invalid)?;
        Ok(PublicKey { pkcs1: pkcs1.to_vec(), bits, parsed })
    }

    /// Whether this key is below 2048 bits (it was loaded with the legacy opt-in).
    pub fn is_legacy(&self) -> bool {
        self.bits < MIN_RSA_BITS
    }

    /// What to report with every verification by this key:
    /// [`KeyWarning::Legacy1024`] for a legacy key, else `None`.
    pub fn warning(&self) -> Option<KeyWarning> {
        self.is_legacy().then_some(KeyWarning::Legacy1024 { bits: self.bits })
    }

    /// [`PublicKey::from_bytes`] for text.
    ///
    /// # Errors
    /// As [`PublicKey::from_bytes`].
    pub fn from_pem(text: &str) -> Result<Self, KeyError> {
        Self::from_bytes(text.as_bytes())
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The PKCS#1 RSAPublicKey DER.
    pub fn pkcs1_der(&self) -> &[u8] {
        &self.pkcs1
    }

    pub(crate) fn verify_raw(&self, message: &[u8], signature: &[u8]) -> bool {
        self.parsed.verify_sha256(message, signature)
    }

    /// The signature length in bytes (the modulus length).
    pub(crate) fn signature_len(&self) -> usize {
        self.bits.div_ceil(8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_bit_lengths() {
        assert_eq!(integer_bits(&[0x00, 0x80]), 8);
        assert_eq!(integer_bits(&[0x01, 0x00]), 9);
        assert_eq!(integer_bits(&[0x00]), 0);
        assert_eq!(integer_bits(&[0x00, 0xFF, 0x00]), 16);
    }

    #[test]
    fn der_reader_refuses_bad_lengths() {
        assert!(tlv(&[0x30]).is_none());
        assert!(tlv(&[0x30, 0x05, 1, 2]).is_none());
        assert!(tlv(&[0x30, 0x85, 0, 0, 0, 0, 1]).is_none());
        assert!(tlv(&[0x30, 0x80]).is_none());
        assert_eq!(tlv(&[0x30, 0x81, 0x01, 7, 9]), Some((0x30, &[7u8][..], &[9u8][..])));
    }

    #[test]
    fn garbage_is_not_a_key() {
        assert_eq!(PrivateKey::from_bytes(b"hello").unwrap_err(), KeyError::NotAKey);
        assert_eq!(PublicKey::from_bytes(b"").unwrap_err(), KeyError::NotAKey);
        assert_eq!(PublicKey::from_bytes(&[0x30, 0x00]).unwrap_err(), KeyError::NotAKey);
        let pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n";
        assert_eq!(PrivateKey::from_pem(pem).unwrap_err(), KeyError::NotRsa);
        let enc = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----";
        assert_eq!(PrivateKey::from_pem(enc).unwrap_err(), KeyError::Encrypted);
    }
}
