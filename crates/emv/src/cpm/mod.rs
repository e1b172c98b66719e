//! QRIS CPM (EMVCo Consumer-Presented Mode): the code a payer's app shows and a
//! merchant's POS scans. Its text is Base64 of BER-TLV data: a payload format
//! indicator (tag 85, `CPV01`), one or more application templates (61: AID,
//! label, track 2 equivalent, PAN, cardholder name...), and optional common data
//! (62, with its transparent template 64: cryptogram, counters).
//!
//! Parsing is zero-copy over the decoded bytes and allocates nothing:
//!
//! ```
//! use qris_emv::cpm;
//! // The example of the EMVCo CPM specification.
//! let text = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
//! let mut buf = [0u8; cpm::MAX_CPM_BYTES];
//! let code = cpm::parse(text, &mut buf)?;
//! assert_eq!(code.format_indicator(), Some("CPV01"));
//! let apps: Vec<_> = code.applications().map(|a| a.label()).collect();
//! assert_eq!(apps, [Some("Product1"), Some("Product2")]);
//! // Card data is masked wherever it is shown.
//! assert_eq!(code.pan_masked().unwrap().as_str(), "************3458");
//! assert!(code.validate().is_valid());
//! # Ok::<(), cpm::CpmError>(())
//! ```
//!
//! Validation gives diagnostics like payloads do: a stable code
//! ([`CpmCode::as_str`], `cpm.*`), a severity, the byte offset in the decoded
//! data and the tag path (`61.4F`). Messages and `Debug` never show a full PAN or
//! track 2: all but the last four digits are masked.

mod base64;
mod build;
mod tlv;
mod validate;

use core::fmt;

pub use base64::{decode_into, encode as encode_base64, Leniency};
pub use build::{Application as BuildApplication, CpmBuilder};
use tlv::Objects;
pub use tlv::{tag_hex, Tlv, TlvIter};
pub use validate::{CpmDiagnostic, CpmReport};

use crate::Severity;

/// The largest decoded CPM code accepted, in bytes (a QR code holds at most
/// 2953 bytes; Base64 of this is 2732 characters).
pub const MAX_CPM_BYTES: usize = 2048;

/// How deep templates nest: the code, a template (61, 62), a template inside
/// it (63, 64). Deeper nesting is refused.
pub const MAX_CPM_DEPTH: usize = 3;

macro_rules! cpm_codes {
    ($( $(#[$doc:meta])* $variant:ident => $s:literal, )*) => {
        /// The stable identifier of a kind of CPM problem (`cpm.*`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum CpmCode {
            $( $(#[$doc])* $variant, )*
        }

        impl CpmCode {
            /// Every code, in documentation order.
            pub const ALL: &'static [CpmCode] = &[$(CpmCode::$variant,)*];

            /// The stable string form, e.g. `"cpm.aid_missing"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( CpmCode::$variant => $s, )* }
            }
        }
    };
}

cpm_codes! {
    /// `cpm.empty`: nothing to decode.
    Empty => "cpm.empty",
    /// `cpm.too_long`: longer than [`MAX_CPM_BYTES`] decoded.
    TooLong => "cpm.too_long",
    /// `cpm.base64`: the text is not Base64 (standard alphabet).
    Base64 => "cpm.base64",
    /// `cpm.base64_lenient`: whitespace or missing `=` padding was tolerated (a warning).
    Base64Lenient => "cpm.base64_lenient",
    /// `cpm.tlv_truncated`: a data object runs past the end of its container.
    TlvTruncated => "cpm.tlv_truncated",
    /// `cpm.tlv_length`: a length form EMV does not use (indefinite, or more than two length bytes).
    TlvLength => "cpm.tlv_length",
    /// `cpm.trailing`: bytes that are not a data object (padding, garbage).
    Trailing => "cpm.trailing",
    /// `cpm.nesting`: templates nested deeper than the specification allows.
    Nesting => "cpm.nesting",
    /// `cpm.format_indicator`: tag 85 is missing, not first, or not `CPV01`.
    FormatIndicator => "cpm.format_indicator",
    /// `cpm.application_missing`: no application template (61).
    ApplicationMissing => "cpm.application_missing",
    /// `cpm.aid_missing`: an application template without its AID (4F).
    AidMissing => "cpm.aid_missing",
    /// `cpm.tag_duplicate`: the same tag twice in one template.
    TagDuplicate => "cpm.tag_duplicate",
    /// `cpm.tag_unexpected`: a tag where the specification does not put it.
    TagUnexpected => "cpm.tag_unexpected",
    /// `cpm.field_length`: a value is longer or shorter than its field allows.
    FieldLength => "cpm.field_length",
    /// `cpm.field_format`: a value has the wrong characters (n, cn, an, ans).
    FieldFormat => "cpm.field_format",
    /// `cpm.track2`: the track 2 equivalent data is not PAN, `D`, YYMM, service code, discretionary data.
    Track2 => "cpm.track2",
    /// `cpm.card_missing`: neither a PAN (5A) nor track 2 (57) anywhere (a warning).
    CardMissing => "cpm.card_missing",
    /// `cpm.pan_luhn`: the PAN fails the Luhn check (a warning).
    PanLuhn => "cpm.pan_luhn",
}

impl fmt::Display for CpmCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the tree: up to three tags from the top (`61.4F`, `62.64.9F26`);
/// empty for the code as a whole.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CpmPath {
    tags: [u32; MAX_CPM_DEPTH],
    len: u8,
}

impl CpmPath {
    /// The code as a whole.
    pub const ROOT: CpmPath = CpmPath { tags: [0; MAX_CPM_DEPTH], len: 0 };

    /// A child path; `None` past [`MAX_CPM_DEPTH`].
    pub fn child(self, tag: u32) -> Option<CpmPath> {
        let mut p = self;
        *p.tags.get_mut(usize::from(p.len))? = tag;
        p.len += 1;
        Some(p)
    }

    /// The tags from the top down.
    pub fn tags(&self) -> &[u32] {
        &self.tags[..usize::from(self.len)]
    }
}

impl fmt::Display for CpmPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.tags().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(tag_hex(*t, &mut [0; 6]))?;
        }
        Ok(())
    }
}

impl fmt::Debug for CpmPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CpmPath({self})")
    }
}

/// Why a CPM code could not be read: a code, the byte offset (in the text for
/// Base64 problems, in the decoded data otherwise), the path and a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpmError {
    /// The stable code.
    pub code: CpmCode,
    /// Byte offset.
    pub offset: usize,
    /// The template the problem is in.
    pub path: CpmPath,
    /// What is wrong.
    pub message: &'static str,
}

impl CpmError {
    pub(crate) const fn at(code: CpmCode, offset: usize, message: &'static str) -> CpmError {
        CpmError { code, offset, path: CpmPath::ROOT, message }
    }

    fn in_path(mut self, path: CpmPath) -> CpmError {
        self.path = path;
        self
    }
}

impl fmt::Display for CpmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.code, self.offset)?;
        if self.path.len > 0 {
            write!(f, " in {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CpmError {}

/// A CPM code read from its text: the decoded bytes (borrowed from the caller's
/// buffer) and what decoding tolerated. Its structure was checked when it was
/// parsed; [`CpmCode::validate`](Cpm::validate) checks the rules.
#[derive(Clone, Copy)]
pub struct Cpm<'a> {
    data: &'a [u8],
    leniency: Leniency,
}

/// Base64-decodes `text` into `buf` and parses it: zero-copy over `buf`, no
/// allocation. The whole tree is walked: every length, the nesting depth, and
/// that nothing trails the last data object.
///
/// # Errors
/// A [`CpmError`] for text that is not Base64 or data that is not BER-TLV; a
/// merchant-presented payload (`000201...`) says so.
pub fn parse<'a>(text: &str, buf: &'a mut [u8]) -> Result<Cpm<'a>, CpmError> {
    let trimmed = text.trim();
    if trimmed.starts_with("000201") && trimmed.len() >= 12 {
        return Err(CpmError::at(
            CpmCode::FormatIndicator,
            0,
            "this is a merchant-presented payload (000201...), not a CPM code: use the payload parser (qris decode)",
        ));
    }
    let (n, leniency) = decode_into(text, buf)?;
    let mut code = parse_bytes(&buf[..n])?;
    code.leniency = leniency;
    Ok(code)
}

/// Parses already decoded CPM bytes (see [`parse`]).
///
/// # Errors
/// A [`CpmError`] for data that is not BER-TLV.
pub fn parse_bytes(data: &[u8]) -> Result<Cpm<'_>, CpmError> {
    if data.is_empty() {
        return Err(CpmError::at(CpmCode::Empty, 0, "nothing to parse"));
    }
    if data.len() > MAX_CPM_BYTES {
        return Err(CpmError::at(CpmCode::TooLong, MAX_CPM_BYTES, "longer than a CPM code can be"));
    }
    walk(data, 0, CpmPath::ROOT)?;
    Ok(Cpm { data, leniency: Leniency::default() })
}

fn walk(data: &[u8], base: usize, path: CpmPath) -> Result<(), CpmError> {
    for item in TlvIter::new(data, base) {
        let tlv = item.map_err(|e| e.in_path(path))?;
        if tlv.is_constructed() {
            let child = path.child(tlv.tag).filter(|c| usize::from(c.len) < MAX_CPM_DEPTH).ok_or_else(|| {
                CpmError::at(CpmCode::Nesting, tlv.offset, "templates nested deeper than CPM allows").in_path(path)
            })?;
            walk(tlv.value, tlv.value_offset, child)?;
        }
    }
    Ok(())
}

/// Whether `text` looks like a CPM code (Base64 that decodes to tag 85 `CPV01`
/// first): how a payload parser's caller can point to the CPM parser.
pub fn looks_like_cpm(text: &str) -> bool {
    let mut buf = [0u8; 12];
    let head: &str = text.trim().get(..12).unwrap_or_else(|| text.trim());
    matches!(decode_into(head, &mut buf), Ok((n, _)) if n >= 7 && buf[..7] == *b"\x85\x05CPV01")
}

impl<'a> Cpm<'a> {
    /// The decoded bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.data
    }

    /// What Base64 decoding tolerated.
    pub fn leniency(&self) -> Leniency {
        self.leniency
    }

    /// The top-level data objects.
    pub fn objects(&self) -> impl Iterator<Item = Tlv<'a>> {
        // The structure was checked by `parse`: no item is an error.
        Objects(TlvIter::new(self.data, 0))
    }

    /// The value of the first top-level object with `tag`.
    pub fn get(&self, tag: u32) -> Option<Tlv<'a>> {
        self.objects().find(|t| t.tag == tag)
    }

    /// The payload format indicator (85), if it is text.
    pub fn format_indicator(&self) -> Option<&'a str> {
        self.get(0x85).and_then(|t| core::str::from_utf8(t.value).ok())
    }

    /// The application templates (61), in order.
    pub fn applications(&self) -> impl Iterator<Item = Template<'a>> {
        self.objects().filter(|t| t.tag == 0x61).map(Template)
    }

    /// The common data template (62), if present.
    pub fn common_data(&self) -> Option<Template<'a>> {
        self.get(0x62).map(Template)
    }

    /// The PAN (5A) of the first application that has one, else of the common
    /// data: digits, masked but for the last four.
    pub fn pan_masked(&self) -> Option<Masked> {
        self.applications()
            .chain(self.common_data())
            .find_map(|t| t.get(0x5A))
            .map(|t| Masked::of_digits(&nibbles(t.value)))
    }

    /// Validates the code against the CPM rules.
    pub fn validate(&self) -> CpmReport {
        validate::validate(self)
    }
}

impl fmt::Debug for Cpm<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // No card data: the format indicator, the AIDs and the masked PAN only.
        let mut d = f.debug_struct("Cpm");
        d.field("bytes", &self.data.len()).field("format_indicator", &self.format_indicator());
        d.field("applications", &self.applications().count());
        d.field("pan", &self.pan_masked());
        d.finish()
    }
}

/// A template (61 application, 62 common data, or the transparent ones).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Template<'a>(pub Tlv<'a>);

impl<'a> Template<'a> {
    /// The data objects inside.
    pub fn objects(&self) -> impl Iterator<Item = Tlv<'a>> {
        Objects(TlvIter::new(self.0.value, self.0.value_offset))
    }

    /// The first object with `tag`.
    pub fn get(&self, tag: u32) -> Option<Tlv<'a>> {
        self.objects().find(|t| t.tag == tag)
    }

    fn text(&self, tag: u32) -> Option<&'a str> {
        self.get(tag).and_then(|t| core::str::from_utf8(t.value).ok())
    }

    /// The AID (4F), as bytes.
    pub fn aid(&self) -> Option<&'a [u8]> {
        self.get(0x4F).map(|t| t.value)
    }

    /// The application label (50).
    pub fn label(&self) -> Option<&'a str> {
        self.text(0x50)
    }

    /// The cardholder name (5F20).
    pub fn cardholder_name(&self) -> Option<&'a str> {
        self.text(0x5F20)
    }

    /// The language preference (5F2D), e.g. `"ruesdeen"`.
    pub fn language_preference(&self) -> Option<&'a str> {
        self.text(0x5F2D)
    }

    /// The issuer URL (5F50).
    pub fn issuer_url(&self) -> Option<&'a str> {
        self.text(0x5F50)
    }

    /// The PAN (5A), masked but for the last four digits.
    pub fn pan_masked(&self) -> Option<Masked> {
        self.get(0x5A).map(|t| Masked::of_digits(&nibbles(t.value)))
    }

    /// The track 2 equivalent data (57), masked: the PAN's last four digits and
    /// the expiry only.
    pub fn track2_masked(&self) -> Option<Masked> {
        self.get(0x57).map(|t| {
            let digits = nibbles(t.value);
            let pan = digits.split(|&c| c == b'D').next().unwrap_or(&[]);
            Masked::of_digits(pan)
        })
    }
}

impl fmt::Debug for Template<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 32];
        let aid = self.aid().map(|a| hex(a, &mut buf));
        f.debug_struct("Template")
            .field("tag", &self.0.tag)
            .field("aid", &aid)
            .field("pan", &self.pan_masked())
            .finish()
    }
}

/// Nibbles of `data` as ASCII (`0`-`9`, `A`-`F`), up to 40, trailing `F`
/// padding removed.
pub(crate) fn nibbles(data: &[u8]) -> heapless_digits::Digits {
    let mut d = heapless_digits::Digits::default();
    nibbles_into(data, &mut d);
    d
}

/// [`nibbles`] into a caller's buffer (filled in place: no copy of the result).
pub(crate) fn nibbles_into(data: &[u8], d: &mut heapless_digits::Digits) {
    for b in data {
        for n in [b >> 4, b & 15] {
            d.push(b"0123456789ABCDEF"[usize::from(n)]);
        }
    }
    while d.as_slice().last() == Some(&b'F') {
        d.pop();
    }
}

pub(crate) mod heapless_digits {
    /// Up to 40 ASCII nibbles, on the stack.
    #[derive(Clone, Copy)]
    pub struct Digits {
        buf: [u8; 40],
        len: usize,
    }

    impl Default for Digits {
        fn default() -> Self {
            Digits { buf: [0; 40], len: 0 }
        }
    }

    impl Digits {
        pub fn push(&mut self, c: u8) {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = c;
                self.len += 1;
            }
        }
        pub fn pop(&mut self) {
            self.len = self.len.saturating_sub(1);
        }
        pub fn as_slice(&self) -> &[u8] {
            &self.buf[..self.len]
        }
    }

    impl core::ops::Deref for Digits {
        type Target = [u8];
        fn deref(&self) -> &[u8] {
            self.as_slice()
        }
    }
}

/// Card digits with all but the last four replaced by `*` (on the stack).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Masked {
    buf: [u8; 40],
    len: usize,
}

impl Masked {
    pub(crate) fn of_digits(digits: &[u8]) -> Masked {
        let mut m = Masked { buf: [0; 40], len: digits.len().min(40) };
        let keep = m.len.saturating_sub(4);
        for (i, &c) in digits.iter().take(m.len).enumerate() {
            m.buf[i] = if i < keep { b'*' } else { c };
        }
        m
    }

    /// The masked text, e.g. `"************3458"`.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Display for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// Uppercase hex of `data` into `out` (truncated to fit).
pub(crate) fn hex<'b>(data: &[u8], out: &'b mut [u8]) -> &'b str {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let n = data.len().min(out.len() / 2);
    for (i, b) in data.iter().take(n).enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 15)];
    }
    core::str::from_utf8(&out[..2 * n]).unwrap_or("")
}

/// The name of a CPM data object, e.g. `"application cryptogram"` for `0x9F26`.
pub fn tag_name(tag: u32) -> Option<&'static str> {
    Some(match tag {
        0x85 => "payload format indicator",
        0x61 => "application template",
        0x62 => "common data template",
        0x63 => "application specific transparent template",
        0x64 => "common data transparent template",
        0x4F => "AID",
        0x50 => "application label",
        0x57 => "track 2 equivalent data",
        0x5A => "PAN",
        0x5F20 => "cardholder name",
        0x5F2D => "language preference",
        0x5F50 => "issuer URL",
        0x9F08 => "application version number",
        0x9F19 => "token requestor ID",
        0x9F24 => "payment account reference",
        0x9F25 => "last 4 digits of PAN",
        0x9F10 => "issuer application data",
        0x9F26 => "application cryptogram",
        0x9F27 => "cryptogram information data",
        0x9F36 => "application transaction counter",
        0x9F37 => "unpredictable number",
        _ => return None,
    })
}

/// A data object's value as every surface shows it: card data (PAN, track 2)
/// masked but for the last four digits, text fields as text, the rest as
/// uppercase hex. Templates show nothing (their children do).
#[derive(Clone, Copy)]
pub struct Shown<'a>(Tlv<'a>);

impl<'a> Tlv<'a> {
    /// The value for display (see [`Shown`]).
    pub fn shown(&self) -> Shown<'a> {
        Shown(*self)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        match t.tag {
            _ if t.is_constructed() => Ok(()),
            0x5A => write!(f, "{}", Masked::of_digits(&nibbles(t.value))),
            0x57 => {
                let d = nibbles(t.value);
                let pan = d.split(|&c| c == b'D').next().unwrap_or(&[]);
                write!(f, "{} (track 2, masked)", Masked::of_digits(pan))
            }
            0x85 | 0x50 | 0x5F20 | 0x5F2D | 0x5F50 | 0x9F24 if t.value.iter().all(|b| (0x20..=0x7E).contains(b)) => {
                f.write_str(core::str::from_utf8(t.value).unwrap_or(""))
            }
            _ => {
                for b in t.value {
                    write!(f, "{b:02X}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// How serious a [`CpmDiagnostic`] is: the payloads' [`Severity`].
pub type CpmSeverity = Severity;
