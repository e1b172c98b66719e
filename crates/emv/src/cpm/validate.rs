//! The CPM rules (EMVCo QR Code Specification for Payment Systems, Consumer
//! Presented Mode): what each template holds and each field's format, with
//! diagnostics like the payloads' (code, severity, offset, path, message).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::heapless_digits::Digits;
use super::tlv::Objects;
use super::{nibbles_into, tag_hex, Cpm, CpmCode, CpmPath, Masked, Template, Tlv, TlvIter};
use crate::Severity;

/// One problem found in a CPM code. The message never holds card data beyond
/// the last four digits of a PAN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpmDiagnostic {
    /// The stable code.
    pub code: CpmCode,
    /// Error or warning.
    pub severity: Severity,
    /// Byte offset in the decoded data.
    pub offset: usize,
    /// The data object concerned (`61.4F`).
    pub path: CpmPath,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl CpmDiagnostic {
    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for CpmDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} at byte {}", self.severity, self.code, self.offset)?;
        if !self.path.tags().is_empty() {
            write!(f, " ({})", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The result of [`Cpm::validate`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CpmReport {
    diagnostics: Vec<CpmDiagnostic>,
}

impl CpmReport {
    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(CpmDiagnostic::is_error)
    }

    /// Every diagnostic, in the order found.
    pub fn diagnostics(&self) -> &[CpmDiagnostic] {
        &self.diagnostics
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &CpmDiagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &CpmDiagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    fn push(&mut self, code: CpmCode, severity: Severity, offset: usize, path: CpmPath, message: String) {
        self.diagnostics.push(CpmDiagnostic { code, severity, offset, path, message });
    }

    fn error(&mut self, code: CpmCode, offset: usize, path: CpmPath, message: String) {
        self.push(code, Severity::Error, offset, path, message);
    }
}

/// Data formats of the specification.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Binary.
    B,
    /// Numeric, BCD.
    N,
    /// Compressed numeric: BCD digits, right-padded with F.
    Cn,
    /// Alphanumeric.
    An,
    /// Alphanumeric special: printable ASCII.
    Ans,
    /// Pairs of lowercase letters (ISO 639-1 language codes).
    Languages,
    /// Track 2 equivalent data.
    Track2,
}

/// What a field holds: its name, format, and minimum and maximum length in bytes.
struct Spec(&'static str, Format, usize, usize);

/// The spec of a primitive data object in an application template (61) or the
/// common data template (62). Static data: passed by reference, never rebuilt.
fn card_field(tag: u32) -> Option<&'static Spec> {
    Some(match tag {
        0x4F => &Spec("AID", Format::B, 5, 16),
        0x50 => &Spec("application label", Format::Ans, 1, 16),
        0x57 => &Spec("track 2 equivalent data", Format::Track2, 1, 19),
        0x5A => &Spec("PAN", Format::Cn, 1, 10),
        0x5F20 => &Spec("cardholder name", Format::Ans, 2, 26),
        0x5F2D => &Spec("language preference", Format::Languages, 2, 8),
        0x5F50 => &Spec("issuer URL", Format::Ans, 1, 255),
        0x9F08 => &Spec("application version number", Format::B, 2, 2),
        0x9F19 => &Spec("token requestor ID", Format::N, 6, 6),
        0x9F24 => &Spec("payment account reference", Format::An, 29, 29),
        0x9F25 => &Spec("last 4 digits of PAN", Format::N, 2, 2),
        _ => return None,
    })
}

/// The same for the common data transparent template (64).
fn transparent_field(tag: u32) -> Option<&'static Spec> {
    Some(match tag {
        0x9F10 => &Spec("issuer application data", Format::B, 1, 32),
        0x9F26 => &Spec("application cryptogram", Format::B, 8, 8),
        0x9F27 => &Spec("cryptogram information data", Format::B, 1, 1),
        0x9F36 => &Spec("application transaction counter", Format::B, 2, 2),
        0x9F37 => &Spec("unpredictable number", Format::B, 4, 4),
        _ => return None,
    })
}

/// Tags seen in one template, for duplicate detection without allocating.
struct Seen {
    tags: [u32; 24],
    len: usize,
}

impl Seen {
    fn new() -> Seen {
        Seen { tags: [0; 24], len: 0 }
    }

    /// Records `tag`; whether it was already there.
    fn repeat(&mut self, tag: u32) -> bool {
        if self.tags[..self.len].contains(&tag) {
            return true;
        }
        if let Some(slot) = self.tags.get_mut(self.len) {
            *slot = tag;
            self.len += 1;
        }
        false
    }
}

fn duplicate(r: &mut CpmReport, seen: &mut Seen, o: &Tlv<'_>, at: &CpmPath) {
    if seen.repeat(o.tag) {
        r.error(
            CpmCode::TagDuplicate,
            o.offset,
            at.child(o.tag).unwrap_or(*at),
            format!("tag {} appears more than once", hex_tag(o.tag)),
        );
    }
}

pub(super) fn validate(code: &Cpm<'_>) -> CpmReport {
    let mut r = CpmReport::default();
    let lenient = code.leniency();
    if lenient.whitespace || lenient.missing_padding {
        let what = match (lenient.whitespace, lenient.missing_padding) {
            (true, true) => "whitespace was skipped and the '=' padding was missing",
            (true, false) => "whitespace was skipped",
            _ => "the '=' padding was missing",
        };
        r.push(CpmCode::Base64Lenient, Severity::Warning, 0, CpmPath::ROOT, format!("Base64 read leniently: {what}"));
    }
    let (mut seen, mut first, mut applications, mut card) = (Seen::new(), true, false, false);
    for t in code.objects() {
        if first {
            first = false;
            if t.tag != 0x85 {
                r.error(
                    CpmCode::FormatIndicator,
                    0,
                    CpmPath::ROOT,
                    String::from("the payload format indicator (85, CPV01) must come first"),
                );
            } else if t.value != b"CPV01" {
                r.error(
                    CpmCode::FormatIndicator,
                    t.value_offset,
                    path(&[0x85]),
                    String::from("the payload format indicator must be CPV01"),
                );
            }
        }
        if t.tag != 0x61 {
            duplicate(&mut r, &mut seen, &t, &CpmPath::ROOT);
        }
        match t.tag {
            0x85 => {}
            0x61 => {
                applications = true;
                card |= template(&mut r, Template(t));
            }
            0x62 => card |= template(&mut r, Template(t)),
            other => r.push(
                CpmCode::TagUnexpected,
                Severity::Warning,
                t.offset,
                path(&[other]),
                format!("tag {} is not a top-level CPM data object (kept)", hex_tag(other)),
            ),
        }
    }
    if first {
        r.error(
            CpmCode::FormatIndicator,
            0,
            CpmPath::ROOT,
            String::from("the payload format indicator (85, CPV01) must come first"),
        );
    }
    if !applications {
        r.error(
            CpmCode::ApplicationMissing,
            code.bytes().len(),
            CpmPath::ROOT,
            String::from("no application template (61): a CPM code has at least one"),
        );
    }
    if !card {
        r.push(
            CpmCode::CardMissing,
            Severity::Warning,
            0,
            CpmPath::ROOT,
            String::from("neither a PAN (5A) nor track 2 equivalent data (57) anywhere"),
        );
    }
    r
}

fn path(tags: &[u32]) -> CpmPath {
    tags.iter().fold(CpmPath::ROOT, |p, t| p.child(*t).unwrap_or(p))
}

fn hex_tag(tag: u32) -> String {
    String::from(tag_hex(tag, &mut [0; 6]))
}

/// Checks a 61 or 62 template; whether it holds card data (5A or 57).
fn template(r: &mut CpmReport, t: Template<'_>) -> bool {
    let at = path(&[t.0.tag]);
    let (mut seen, mut aid, mut card) = (Seen::new(), false, false);
    let errors_before = r.diagnostics.len();
    for o in Objects(TlvIter::new(t.0.value, t.0.value_offset)) {
        duplicate(r, &mut seen, &o, &at);
        let here = || at.child(o.tag).unwrap_or(at);
        match o.tag {
            0x63 if t.0.tag == 0x61 => {}
            0x64 if t.0.tag == 0x62 => {
                let (mut inner_seen, p) = (Seen::new(), here());
                for i in Objects(TlvIter::new(o.value, o.value_offset)) {
                    duplicate(r, &mut inner_seen, &i, &p);
                    if let Some(spec) = transparent_field(i.tag) {
                        field(r, &i, &p, spec);
                    }
                }
            }
            0x4F if t.0.tag == 0x62 => r.error(
                CpmCode::TagUnexpected,
                o.offset,
                here(),
                String::from("an AID (4F) belongs in an application template (61), not the common data"),
            ),
            0x63 | 0x64 => r.error(
                CpmCode::TagUnexpected,
                o.offset,
                here(),
                format!("template {} does not belong in {}", hex_tag(o.tag), hex_tag(t.0.tag)),
            ),
            tag => {
                aid |= tag == 0x4F;
                if let Some(spec) = card_field(tag) {
                    card |= tag == 0x5A || tag == 0x57;
                    field(r, &o, &at, spec);
                }
                // Other tags are proprietary: kept, not judged.
            }
        }
    }
    if t.0.tag == 0x61 && !aid {
        // Reported before the template's other findings, as the template's first problem.
        r.diagnostics.insert(
            errors_before,
            CpmDiagnostic {
                code: CpmCode::AidMissing,
                severity: Severity::Error,
                offset: t.0.offset,
                path: at,
                message: String::from("an application template (61) must hold the application's AID (4F)"),
            },
        );
    }
    card
}

/// Checks one primitive field; `parent` is its template's path.
fn field(r: &mut CpmReport, o: &Tlv<'_>, parent: &CpmPath, spec: &'static Spec) {
    let Spec(name, fmt, min, max) = *spec;
    let at = || parent.child(o.tag).unwrap_or(*parent);
    let len = o.value.len();
    if len < min || len > max {
        let want = if min == max { format!("{min} bytes") } else { format!("{min} to {max} bytes") };
        r.error(CpmCode::FieldLength, o.offset, at(), format!("the {name} has {len} bytes; it must have {want}"));
        return;
    }
    let v = o.value;
    let ok = match fmt {
        Format::B => true,
        Format::N => v.iter().all(|b| b >> 4 <= 9 && b & 15 <= 9),
        Format::Cn => {
            let mut d = Digits::default();
            nibbles_into(v, &mut d);
            let ok = !d.is_empty() && d.iter().all(u8::is_ascii_digit);
            if ok && o.tag == 0x5A && !luhn(&d) {
                r.push(
                    CpmCode::PanLuhn,
                    Severity::Warning,
                    o.value_offset,
                    at(),
                    format!("the PAN {} fails the Luhn check", Masked::of_digits(&d)),
                );
            }
            ok
        }
        Format::An => v.iter().all(u8::is_ascii_alphanumeric),
        Format::Ans => v.iter().all(|b| (0x20..=0x7E).contains(b)),
        Format::Languages => v.len() % 2 == 0 && v.iter().all(u8::is_ascii_lowercase),
        Format::Track2 => {
            track2(r, o, at());
            true
        }
    };
    if !ok {
        let what = match fmt {
            Format::N | Format::Cn => "decimal digits",
            Format::An => "letters and digits",
            Format::Languages => "pairs of lowercase letters (ISO 639-1 codes, e.g. \"idenzh\")",
            _ => "printable characters",
        };
        r.error(CpmCode::FieldFormat, o.value_offset, at(), format!("the {name} must be {what}"));
    }
}

/// Track 2 equivalent data: PAN (up to 19 digits), separator D, expiry YYMM,
/// service code (3 digits), discretionary data (digits), padded with one F to a
/// whole byte.
fn track2(r: &mut CpmReport, o: &Tlv<'_>, at: CpmPath) {
    let mut d = Digits::default();
    nibbles_into(o.value, &mut d);
    let mut parts = d.splitn(2, |&c| c == b'D');
    let pan = parts.next().unwrap_or(&[]);
    let rest = parts.next();
    let ok = match rest {
        Some(rest) => {
            (1..=19).contains(&pan.len())
                && pan.iter().all(u8::is_ascii_digit)
                && rest.len() >= 7
                && rest.iter().all(u8::is_ascii_digit)
                && (1..=12).contains(&(u32::from(rest[2] - b'0') * 10 + u32::from(rest[3] - b'0')))
        }
        None => false,
    };
    if !ok {
        r.error(
            CpmCode::Track2,
            o.value_offset,
            at,
            String::from(
                "track 2 equivalent data must be the PAN, D, the expiry (YYMM), the service code and digits, padded with F",
            ),
        );
    } else if !luhn(pan) {
        r.push(
            CpmCode::PanLuhn,
            Severity::Warning,
            o.value_offset,
            at,
            format!("the PAN {} in track 2 fails the Luhn check", Masked::of_digits(pan)),
        );
    }
}

fn luhn(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}
