//! Diagnostics: every problem the engine finds, with a stable code, a severity,
//! the byte offset in the caller's input, the path of the data object (`"62.07"`)
//! and a message a person understands.

use core::fmt;
use core::str::FromStr;

use crate::tags;

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing, but the payload is usable (real, accepted payloads do this).
    Warning,
    /// The payload breaks a rule a wallet relies on.
    Error,
}

impl Severity {
    /// `"warning"` or `"error"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl FromStr for Severity {
    type Err = UnknownName;
    /// `"warning"` or `"error"` (the spelling of [`Severity::as_str`]).
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        [Severity::Warning, Severity::Error]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or(UnknownName { kind: "severity" })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident => $s:literal, )*) => {
        /// The stable identifier of a kind of problem. The string form
        /// ([`Code::as_str`]) never changes meaning once published.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable string form, e.g. `"crc.mismatch"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $s, )* }
            }
        }

        impl FromStr for Code {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<Self, UnknownCode> {
                match s { $( $s => Ok(Code::$variant), )* _ => Err(UnknownCode) }
            }
        }
    };
}

codes! {
    /// `input.empty`: nothing to parse (after trimming).
    InputEmpty => "input.empty",
    /// `input.too_long`: the input exceeds [`MAX_INPUT_LEN`](crate::MAX_INPUT_LEN) bytes.
    InputTooLong => "input.too_long",
    /// `input.utf8`: the input bytes are not UTF-8.
    InputUtf8 => "input.utf8",
    /// `input.trimmed`: whitespace, CR/LF, a BOM or NBSP surrounded the payload
    /// (a warning in lenient mode, an error in strict mode).
    InputTrimmed => "input.trimmed",
    /// `tlv.truncated`: a data object runs past the end of its container.
    TlvTruncated => "tlv.truncated",
    /// `tlv.bad_length`: a length field is not two digits.
    TlvBadLength => "tlv.bad_length",
    /// `tlv.bad_id`: an ID field is not two digits.
    TlvBadId => "tlv.bad_id",
    /// `tlv.trailing`: data follows the CRC object (63), which must be last.
    TlvTrailing => "tlv.trailing",
    /// `crc.missing`: no CRC object (63) at the end of the payload.
    CrcMissing => "crc.missing",
    /// `crc.format`: the CRC object is not 4 hexadecimal digits.
    CrcFormat => "crc.format",
    /// `crc.lowercase`: the CRC is written in lowercase hex (a warning in lenient mode).
    CrcLowercase => "crc.lowercase",
    /// `crc.mismatch`: the CRC does not match the payload: it was corrupted or edited.
    CrcMismatch => "crc.mismatch",
    /// `tag.duplicate`: the same ID appears twice in one template.
    TagDuplicate => "tag.duplicate",
    /// `tag.order`: 00 is not the first object.
    TagOrder => "tag.order",
    /// `tag.missing`: a mandatory data object is absent.
    TagMissing => "tag.missing",
    /// `field.length`: a value is longer (or shorter) than its field allows.
    FieldLength => "field.length",
    /// `field.format`: a value has the wrong characters or shape.
    FieldFormat => "field.format",
    /// `field.value`: a well-formed value that the profile does not allow
    /// (e.g. a currency other than 360 in QRIS).
    FieldValue => "field.value",
    /// `amount.format`: an amount (54, 56) is not digits with an optional single `.`, or is zero.
    AmountFormat => "amount.format",
    /// `tip.inconsistent`: the tip indicator (55) and the fee objects (56, 57) disagree.
    TipInconsistent => "tip.inconsistent",
    /// `initiation.amount`: the point of initiation (01) disagrees with the presence of an amount (54).
    InitiationAmount => "initiation.amount",
    /// `payload.length`: the payload is longer than the 512 characters EMVCo allows.
    PayloadLength => "payload.length",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown diagnostic code string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownCode;

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown diagnostic code")
    }
}

/// A name that is not one of a vocabulary's spellings (a severity, an error
/// correction level, a paper width, a retry advice...): every surface parses
/// these names with the types' `FromStr`, so one spelling is used everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// What was being named, e.g. `"severity"`.
    pub kind: &'static str,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} name", self.kind)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownName {}

/// The position of a data object in the tree: up to three IDs, e.g. `62.07`
/// (bill number's terminal label) or `62.50.01`. The empty path is the payload itself.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Path {
    ids: [u8; 3],
    len: u8,
}

impl Path {
    /// The path of the payload as a whole (displayed as an empty string).
    pub const ROOT: Path = Path { ids: [0; 3], len: 0 };

    /// The path of a root data object.
    pub const fn root(id: u8) -> Path {
        Path { ids: [id, 0, 0], len: 1 }
    }

    /// The path of a child of this path; `None` below three levels or for an ID > 99.
    pub const fn child(self, id: u8) -> Option<Path> {
        if self.len as usize >= 3 || id > 99 {
            return None;
        }
        let mut ids = self.ids;
        ids[self.len as usize] = id;
        Some(Path { ids, len: self.len + 1 })
    }

    /// The IDs from the root down.
    pub fn ids(&self) -> &[u8] {
        &self.ids[..usize::from(self.len)]
    }

    /// Number of levels (0 for [`Path::ROOT`]).
    pub const fn depth(&self) -> usize {
        self.len as usize
    }

    /// The last ID, or `None` for [`Path::ROOT`].
    pub fn id(&self) -> Option<u8> {
        self.ids().last().copied()
    }

    /// The enclosing path (the root's parent is the root).
    pub const fn parent(self) -> Path {
        if self.len == 0 {
            return self;
        }
        let mut ids = self.ids;
        ids[self.len as usize - 1] = 0;
        Path { ids, len: self.len - 1 }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.ids().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{id:02}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path(\"{self}\")")
    }
}

/// The error of parsing a path string such as `"62.07"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidPath;

impl fmt::Display for InvalidPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid path: expected one to three two-digit IDs separated by '.', e.g. \"62.07\"")
    }
}

impl FromStr for Path {
    type Err = InvalidPath;

    /// Parses `"62"`, `"62.07"`, `"62.50.01"`.
    fn from_str(s: &str) -> Result<Path, InvalidPath> {
        let mut path = Path::ROOT;
        if s.is_empty() {
            return Err(InvalidPath);
        }
        for part in s.split('.') {
            let b = part.as_bytes();
            if b.len() != 2 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
                return Err(InvalidPath);
            }
            let id = (b[0] - b'0') * 10 + (b[1] - b'0');
            path = path.child(id).ok_or(InvalidPath)?;
        }
        Ok(path)
    }
}

/// The facts behind a diagnostic, from which its message is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Detail {
    /// Nothing more than the code and path say.
    None,
    /// A length limit: `actual` characters where `min..=max` are allowed.
    Length {
        /// Fewest characters allowed.
        min: usize,
        /// Most characters allowed.
        max: usize,
        /// Characters found.
        actual: usize,
    },
    /// What the value should have looked like (e.g. `"4 digits"`).
    Expected(&'static str),
    /// A CRC mismatch: what the payload says and what it should say.
    Crc {
        /// The CRC written in the payload (as found, possibly lowercase).
        found: [u8; 4],
        /// The CRC computed over the payload (uppercase).
        computed: [u8; 4],
    },
    /// Bytes removed around the payload.
    Trimmed {
        /// Bytes removed before the payload.
        leading: usize,
        /// Bytes removed after the payload.
        trailing: usize,
    },
    /// The input limit was exceeded.
    TooLong {
        /// The limit.
        max: usize,
        /// The input's size.
        actual: usize,
    },
    /// A duplicate: where the first occurrence starts.
    Duplicate {
        /// Byte offset of the first occurrence.
        first: usize,
    },
    /// A data object needs more characters than remain.
    Truncated {
        /// Characters needed.
        needed: usize,
        /// Characters left.
        left: usize,
    },
    /// The input looks URL-encoded (`%20`), which breaks the TLV structure.
    UrlEncoded,
    /// Free text explaining the rule.
    Rule(&'static str),
}

/// One problem found in a payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// Byte offset in the caller's input where the problem is.
    pub offset: usize,
    /// The data object concerned ([`Path::ROOT`] for the payload as a whole).
    pub path: Path,
    /// The facts the message is written from.
    pub detail: Detail,
}

impl Diagnostic {
    pub(crate) const fn new(code: Code, severity: Severity, offset: usize, path: Path, detail: Detail) -> Self {
        Diagnostic { code, severity, offset, path, detail }
    }

    pub(crate) const fn error(code: Code, offset: usize, path: Path, detail: Detail) -> Self {
        Diagnostic::new(code, Severity::Error, offset, path, detail)
    }

    pub(crate) const fn warning(code: Code, offset: usize, path: Path, detail: Detail) -> Self {
        Diagnostic::new(code, Severity::Warning, offset, path, detail)
    }

    /// `true` for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The human message (without code, severity or offset). Allocation-free:
    /// it formats on demand.
    pub fn message(&self) -> Message<'_> {
        Message(self)
    }
}

impl fmt::Display for Diagnostic {
    /// `error crc.mismatch at byte 232 (63): the CRC is ...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} at byte {}", self.severity, self.code, self.offset)?;
        if self.path.depth() > 0 {
            write!(f, " ({})", self.path)?;
        }
        write!(f, ": {}", self.message())
    }
}

/// A diagnostic's message; see [`Diagnostic::message`].
#[derive(Clone, Copy, Debug)]
pub struct Message<'d>(&'d Diagnostic);

/// Writes "tag 59 (merchant name)" or "62.07 (terminal label)".
struct Subject(Path);

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.depth() == 0 {
            return f.write_str("the payload");
        }
        if self.0.depth() == 1 {
            write!(f, "tag {}", self.0)?;
        } else {
            write!(f, "{}", self.0)?;
        }
        match tags::name(self.0) {
            Some(name) => write!(f, " ({name})"),
            None => Ok(()),
        }
    }
}

fn hex4(b: &[u8; 4]) -> &str {
    core::str::from_utf8(b).unwrap_or("????")
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        let subject = Subject(d.path);
        match (d.code, d.detail) {
            (_, Detail::TooLong { max, actual }) => {
                write!(f, "the input is {actual} bytes; at most {max} are accepted")
            }
            (_, Detail::Trimmed { leading, trailing }) => write!(
                f,
                "removed {leading} byte(s) before and {trailing} byte(s) after the payload \
                 (whitespace, CR/LF, BOM or NBSP, typically added by a scanner)"
            ),
            (_, Detail::Crc { found, computed }) => write!(
                f,
                "the payload says its CRC is {} but its content gives {}: \
                 the payload was corrupted or edited without updating the CRC",
                hex4(&found),
                hex4(&computed)
            ),
            (_, Detail::Duplicate { first }) => {
                write!(f, "{subject} appears again (first at byte {first}); IDs must be unique")
            }
            (_, Detail::Truncated { needed, left }) => write!(
                f,
                "{subject} needs {needed} more character(s) but only {left} remain: the payload is truncated or a length is wrong"
            ),
            (_, Detail::UrlEncoded) => write!(
                f,
                "{subject} is not valid TLV; the payload looks URL-encoded (%XX): decode it before parsing"
            ),
            (_, Detail::Length { min, max, actual }) => {
                if actual > max {
                    write!(f, "{subject} is {actual} characters long; at most {max} are allowed")
                } else if min == max {
                    write!(f, "{subject} is {actual} characters long; exactly {max} are required")
                } else {
                    write!(f, "{subject} is {actual} characters long; at least {min} are required")
                }
            }
            (Code::InputEmpty, _) => f.write_str("the input is empty"),
            (Code::InputUtf8, _) => f.write_str("the input is not valid UTF-8"),
            (Code::TlvBadId, _) => {
                write!(f, "expected a two-digit ID for a data object inside {subject}")
            }
            (Code::TlvBadLength, _) => write!(f, "the length of {subject} is not two digits"),
            (Code::TlvTrailing, _) => f.write_str(
                "unexpected data after the CRC (tag 63), which must be the last data object",
            ),
            (Code::CrcMissing, _) => f.write_str(
                "no CRC: the payload must end with tag 63 (\"6304\" and four hex digits)",
            ),
            (Code::CrcFormat, Detail::Expected(e)) => write!(f, "the CRC (tag 63) must be {e}"),
            (Code::CrcLowercase, _) => f.write_str(
                "the CRC is written in lowercase hex; EMVCo requires uppercase (accepted in lenient mode)",
            ),
            (Code::TagMissing, Detail::Rule(r)) => write!(f, "{subject} is missing: {r}"),
            (Code::TagMissing, _) => write!(f, "{subject} is mandatory but missing"),
            (Code::TagOrder, Detail::Rule(r)) => write!(f, "{subject}: {r}"),
            (Code::TagOrder, _) => write!(f, "{subject} is out of order"),
            (_, Detail::Expected(e)) => write!(f, "{subject} must be {e}"),
            (_, Detail::Rule(r)) => write!(f, "{subject}: {r}"),
            (code, Detail::None) => write!(f, "{subject}: {code}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn path_round_trip() {
        let p: Path = "62.07".parse().unwrap();
        assert_eq!(p.ids(), &[62, 7]);
        assert_eq!(p.to_string(), "62.07");
        assert_eq!(p.parent(), Path::root(62));
        assert_eq!("62.50.01".parse::<Path>().unwrap().depth(), 3);
        for bad in ["", "6", "620", "62.7", "62..07", "62.07.01.02", "a2", "62.", "+1"] {
            assert_eq!(bad.parse::<Path>(), Err(InvalidPath), "{bad}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in Code::ALL {
            assert_eq!(c.as_str().parse::<Code>(), Ok(*c));
        }
        assert_eq!("crc.mismatch".parse::<Code>(), Ok(Code::CrcMismatch));
    }
}
