//! Lexical JSON minification with strict RFC 8259 validation.
//!
//! Minify removes whitespace (space, tab, CR, LF) outside string literals and
//! nothing else: number spellings (`10000.00`), escapes (`\/`, `\u00e9`) and key
//! order are kept byte for byte. That is what a SNAP signer hashes and what a
//! verifier must reproduce from the raw received bytes.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// The deepest nesting of arrays and objects accepted. Deeper input is an error
/// ([`JsonErrorKind::TooDeep`]), never a stack overflow: the validator does not recurse.
pub const MAX_DEPTH: usize = 512;

/// Why a body is not valid JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// The input ended in the middle of a value.
    UnexpectedEnd,
    /// A byte that cannot start or continue what was expected here.
    Unexpected {
        /// The offending byte.
        found: u8,
        /// What the grammar expected.
        expected: &'static str,
    },
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// A byte-order mark: JSON text must not start with one.
    ByteOrderMark,
    /// A raw control character (below U+0020) inside a string: it must be escaped.
    ControlCharacter(u8),
    /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
    BadEscape,
    /// A `\u` escape that is not 4 hex digits, or a UTF-16 surrogate without its pair.
    BadUnicodeEscape,
    /// A number with a leading zero (`01`).
    LeadingZero,
    /// A number missing digits (`1.`, `-`, `1e`).
    BadNumber,
    /// `NaN`, `Infinity` and the like are not JSON.
    NonFinite,
    /// A comma before `]` or `}`.
    TrailingComma,
    /// Comments are not JSON.
    Comment,
    /// Strings and keys use double quotes.
    SingleQuote,
    /// Something after the end of the top-level value.
    TrailingData,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Larger than a function's size limit (`limit` bytes), refused before any
    /// work on it.
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
}

/// A JSON syntax error: where (byte offset) and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the problem in the input.
    pub offset: usize,
    /// What is wrong.
    pub kind: JsonErrorKind,
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            JsonErrorKind::UnexpectedEnd => f.write_str("unexpected end of input"),
            JsonErrorKind::Unexpected { found, expected } => {
                if found.is_ascii_graphic() {
                    write!(f, "unexpected '{}', expected {expected}", char::from(found))
                } else {
                    write!(f, "unexpected byte 0x{found:02X}, expected {expected}")
                }
            }
            JsonErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8"),
            JsonErrorKind::ByteOrderMark => f.write_str("a byte-order mark is not allowed at the start of JSON"),
            JsonErrorKind::ControlCharacter(b) => {
                write!(f, "raw control character U+{b:04X} in a string: it must be escaped")
            }
            JsonErrorKind::BadEscape => f.write_str("invalid escape: only \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
            JsonErrorKind::BadUnicodeEscape => {
                f.write_str("invalid \\u escape: 4 hex digits, surrogates only in valid pairs")
            }
            JsonErrorKind::LeadingZero => f.write_str("leading zero in a number"),
            JsonErrorKind::BadNumber => f.write_str("malformed number: digits expected"),
            JsonErrorKind::NonFinite => f.write_str("NaN and Infinity are not JSON"),
            JsonErrorKind::TrailingComma => f.write_str("trailing comma"),
            JsonErrorKind::Comment => f.write_str("comments are not allowed in JSON"),
            JsonErrorKind::SingleQuote => f.write_str("strings must use double quotes"),
            JsonErrorKind::TrailingData => f.write_str("unexpected data after the JSON value"),
            JsonErrorKind::TooDeep => write!(f, "nesting deeper than {MAX_DEPTH} levels"),
            JsonErrorKind::TooLarge { limit } => write!(f, "larger than the {limit}-byte limit"),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.offset, self.kind)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for JsonError {}

/// Minifies `body`: returns it borrowed when it has no whitespace to remove
/// (already minified), else a copy without it. Empty or whitespace-only input
/// minifies to empty (the SNAP rule for requests without a body).
///
/// ```
/// use qris_sign::minify;
/// let pretty = br#"{ "amount" : { "value" : "10000.00", "num" : 10000.00 }, "note" : "a  b" }"#;
/// assert_eq!(&*minify(pretty)?, br#"{"amount":{"value":"10000.00","num":10000.00},"note":"a  b"}"#);
/// assert!(matches!(minify(b"{\"a\":1}")?, std::borrow::Cow::Borrowed(_)));
/// assert_eq!(minify(b"{\"a\":1,}").unwrap_err().offset, 7);
/// # Ok::<(), qris_sign::JsonError>(())
/// ```
///
/// # Errors
/// The first RFC 8259 violation: its byte offset and kind.
pub fn minify(body: &[u8]) -> Result<Cow<'_, [u8]>, JsonError> {
    let mut out = Vec::new();
    if minify_impl(body, &mut out, false)? {
        Ok(Cow::Owned(out))
    } else {
        Ok(Cow::Borrowed(body))
    }
}

/// [`minify`] for text.
///
/// # Errors
/// As [`minify`].
pub fn minify_str(body: &str) -> Result<Cow<'_, str>, JsonError> {
    Ok(match minify(body.as_bytes())? {
        Cow::Borrowed(_) => Cow::Borrowed(body),
        // Removing ASCII whitespace between tokens of valid UTF-8 keeps it valid.
        Cow::Owned(v) => Cow::Owned(
            String::from_utf8(v)
                .map_err(|e| JsonError { offset: e.utf8_error().valid_up_to(), kind: JsonErrorKind::InvalidUtf8 })?,
        ),
    })
}

/// Minifies into `out` (cleared first), reusing its allocation; `out` receives the
/// minified bytes whether or not there was whitespace to remove.
///
/// # Errors
/// As [`minify`]; `out` is then unspecified.
pub fn minify_into(body: &[u8], out: &mut Vec<u8>) -> Result<(), JsonError> {
    out.clear();
    if !minify_impl(body, out, true)? {
        out.extend_from_slice(body);
    }
    Ok(())
}

/// Validates `body` as strict JSON without producing output.
///
/// # Errors
/// As [`minify`].
pub fn validate(body: &[u8]) -> Result<(), JsonError> {
    minify_impl(body, &mut Discard, false).map(drop)
}

/// Where minified output goes: segments of the input, in order.
pub(crate) trait Sink {
    /// Called once, before the first write, with the input's length (an upper
    /// bound on the output's).
    fn start(&mut self, len: usize);
    /// Appends the next segment of minified output.
    fn write(&mut self, segment: &[u8]);
}

impl Sink for Vec<u8> {
    #[inline]
    fn start(&mut self, len: usize) {
        self.reserve(len);
    }

    #[inline]
    fn write(&mut self, segment: &[u8]) {
        self.extend_from_slice(segment);
    }
}

/// Validation only: the output is dropped as it is produced.
struct Discard;

impl Sink for Discard {
    #[inline]
    fn start(&mut self, _: usize) {}

    #[inline]
    fn write(&mut self, _: &[u8]) {}
}

/// Streams the minified form of `body` into `sink` without holding it whole.
/// Returns `false`, having written nothing, when there was no whitespace to
/// remove: the minified form is then `body` itself.
pub(crate) fn minify_to<S: Sink>(body: &[u8], sink: &mut S) -> Result<bool, JsonError> {
    minify_impl(body, sink, false)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Flags (0x80) the bytes of `w` that are `"`, `\\` or below 0x20, with the
/// has-zero test `(x - 0x01..) & !x & 0x80..`. That test may also flag bytes
/// *above* a real match (a borrow travels upward), never below one: so when the
/// result is non-zero, its lowest flag, read with `trailing_zeros` on a
/// little-endian load, is exactly the first special byte; and it is zero exactly
/// when there is none.
#[inline(always)]
fn special_bytes(w: u64) -> u64 {
    let q = w ^ (LO * u64::from(b'"'));
    let b = w ^ (LO * u64::from(b'\\'));
    let c = w & (LO * 0xE0);
    ((q.wrapping_sub(LO) & !q) | (b.wrapping_sub(LO) & !b) | (c.wrapping_sub(LO) & !c)) & HI
}

#[inline(always)]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Open containers as a bit stack: 1 for an object, 0 for an array.
struct Stack {
    bits: [u64; MAX_DEPTH / 64],
    depth: usize,
}

impl Stack {
    fn push(&mut self, object: bool) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        let (word, bit) = (self.depth / 64, self.depth % 64);
        if let Some(w) = self.bits.get_mut(word) {
            if object {
                *w |= 1 << bit;
            } else {
                *w &= !(1 << bit);
            }
        }
        self.depth += 1;
        true
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Whether the innermost open container is an object (`None` at the top level).
    fn top_is_object(&self) -> Option<bool> {
        let d = self.depth.checked_sub(1)?;
        let w = self.bits.get(d / 64)?;
        Some(w & (1 << (d % 64)) != 0)
    }
}

/// What the grammar expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (top level, after `:`).
    Value,
    /// A value after `,` in an array (so `]` here is a trailing comma).
    Element,
    /// A value or `]` (right after `[`).
    ValueOrClose,
    /// A key or `}` (right after `{`).
    KeyOrClose,
    /// A key (after `,` in an object).
    Key,
    /// `:` after a key.
    Colon,
    /// `,` or the closing bracket, or the end at the top level.
    Next,
}

fn err(offset: usize, kind: JsonErrorKind) -> JsonError {
    JsonError { offset, kind }
}

/// Validates and minifies. Returns whether anything was written to `out`
/// (i.e. whitespace was removed); `eager` makes it write even without whitespace.
fn minify_impl<S: Sink>(src: &[u8], out: &mut S, eager: bool) -> Result<bool, JsonError> {
    if let Err(e) = core::str::from_utf8(src) {
        return Err(err(e.valid_up_to(), JsonErrorKind::InvalidUtf8));
    }
    if src.starts_with(b"\xEF\xBB\xBF") {
        return Err(err(0, JsonErrorKind::ByteOrderMark));
    }
    let mut writing = eager;
    if writing {
        out.start(src.len());
    }
    let mut seg = 0; // start of the bytes not yet copied to `out`
    let mut i = 0;
    let mut stack = Stack { bits: [0; MAX_DEPTH / 64], depth: 0 };
    let mut expect = Expect::Value;
    let n = src.len();
    while i < n {
        let c = src[i];
        if is_ws(c) {
            // Flush the pending segment and skip the whitespace run.
            if !writing {
                writing = true;
                out.start(src.len());
            }
            out.write(&src[seg..i]);
            i = skip_ws(src, i + 1);
            seg = i;
            continue;
        }
        match expect {
            Expect::Value | Expect::Element | Expect::ValueOrClose => match (expect, c) {
                (Expect::ValueOrClose, b']') => {
                    stack.pop();
                    i += 1;
                    expect = Expect::Next;
                }
                (Expect::Element, b']') => return Err(err(i, JsonErrorKind::TrailingComma)),
                _ => i = value(src, i, &mut stack, &mut expect)?,
            },
            Expect::KeyOrClose | Expect::Key => match c {
                b'"' => i = member(src, i, &mut stack, &mut expect)?,
                b'}' if expect == Expect::KeyOrClose => {
                    stack.pop();
                    i += 1;
                    expect = Expect::Next;
                }
                b'}' => return Err(err(i, JsonErrorKind::TrailingComma)),
                b'\'' => return Err(err(i, JsonErrorKind::SingleQuote)),
                b'/' => return Err(err(i, JsonErrorKind::Comment)),
                _ => return Err(err(i, JsonErrorKind::Unexpected { found: c, expected: "a string key or '}'" })),
            },
            Expect::Colon => {
                if c != b':' {
                    return Err(unexpected(i, c, "':' after an object key"));
                }
                i += 1;
                expect = Expect::Value;
            }
            Expect::Next => match (stack.top_is_object(), c) {
                (Some(true), b',') => {
                    i += 1;
                    expect = Expect::Key;
                    if src.get(i) == Some(&b'"') {
                        i = member(src, i, &mut stack, &mut expect)?;
                    }
                }
                (Some(false), b',') => {
                    i += 1;
                    expect = Expect::Element;
                }
                (Some(true), b'}') | (Some(false), b']') => {
                    stack.pop();
                    i += 1;
                }
                (None, _) => return Err(err(i, JsonErrorKind::TrailingData)),
                (_, b'/') => return Err(err(i, JsonErrorKind::Comment)),
                (Some(true), _) => return Err(unexpected(i, c, "',' or '}'")),
                (Some(false), _) => return Err(unexpected(i, c, "',' or ']'")),
            },
        }
    }
    let complete = expect == Expect::Next && stack.depth == 0;
    if !complete {
        // Empty or whitespace-only input is the empty body.
        // Nothing but empty segments has been written then: a byte that is not
        // whitespace either started a value (so `expect` moved on) or was an error.
        if expect == Expect::Value && stack.depth == 0 {
            return Ok(writing);
        }
        return Err(err(n, JsonErrorKind::UnexpectedEnd));
    }
    if writing {
        out.write(&src[seg..n]);
    }
    Ok(writing)
}

/// The position of the first byte at or after `i` that is not whitespace.
/// Pretty-printers indent with runs of spaces: those are skipped 8 bytes at a
/// time (a byte of `w ^ 0x20..` is non-zero exactly when it is not a space; the
/// test `((x & 0x7f..) + 0x7f..) | x` has no carries between bytes, so every flag
/// is exact).
#[inline(always)]
fn skip_ws(src: &[u8], mut i: usize) -> usize {
    loop {
        while let Some(chunk) = src.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            let x = u64::from_le_bytes(chunk) ^ (LO * u64::from(b' '));
            let not_space = (((x & !HI).wrapping_add(!HI)) | x) & HI;
            if not_space != 0 {
                i += (not_space.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match src.get(i) {
            Some(&b) if is_ws(b) => i += 1,
            _ => return i,
        }
    }
}

fn unexpected(offset: usize, found: u8, expected: &'static str) -> JsonError {
    err(offset, JsonErrorKind::Unexpected { found, expected })
}

/// Reads an object member whose key's opening quote is at `i`. Minified input
/// (`"key":value`) is read in one step; otherwise `expect` says where the main
/// loop resumes. Returns the position after what was read.
#[inline(always)]
fn member(src: &[u8], i: usize, stack: &mut Stack, expect: &mut Expect) -> Result<usize, JsonError> {
    let mut i = string(src, i)?;
    *expect = Expect::Colon;
    if src.get(i) == Some(&b':') {
        i += 1;
        *expect = Expect::Value;
        if src.get(i).is_some_and(|&v| !is_ws(v)) {
            i = value(src, i, stack, expect)?;
        }
    }
    Ok(i)
}

/// Reads one value starting at `i`; containers are opened (and `expect` set for
/// their contents), scalars are read whole. Returns the position after it.
#[inline(always)]
fn value(src: &[u8], i: usize, stack: &mut Stack, expect: &mut Expect) -> Result<usize, JsonError> {
    let c = src[i];
    match c {
        b'"' => {
            *expect = Expect::Next;
            string(src, i)
        }
        b'{' | b'[' => {
            if !stack.push(c == b'{') {
                return Err(err(i, JsonErrorKind::TooDeep));
            }
            *expect = if c == b'{' { Expect::KeyOrClose } else { Expect::ValueOrClose };
            Ok(i + 1)
        }
        b'-' | b'0'..=b'9' => {
            *expect = Expect::Next;
            number(src, i)
        }
        b't' => literal(src, i, b"true", expect),
        b'f' => literal(src, i, b"false", expect),
        b'n' => literal(src, i, b"null", expect),
        b'N' | b'I' => Err(err(i, JsonErrorKind::NonFinite)),
        b'\'' => Err(err(i, JsonErrorKind::SingleQuote)),
        b'/' => Err(err(i, JsonErrorKind::Comment)),
        _ => Err(unexpected(i, c, "a value")),
    }
}

fn literal(src: &[u8], i: usize, word: &[u8], expect: &mut Expect) -> Result<usize, JsonError> {
    let end = i + word.len();
    match src.get(i..end) {
        Some(w) if w == word => {
            *expect = Expect::Next;
            Ok(end)
        }
        _ => {
            // Point at the first byte that differs.
            let at = (i..end).zip(word).find(|(k, w)| src.get(*k) != Some(w)).map_or(end, |(k, _)| k);
            match src.get(at) {
                None => Err(err(at, JsonErrorKind::UnexpectedEnd)),
                Some(&b) => Err(unexpected(at, b, "true, false or null")),
            }
        }
    }
}

/// Reads a number starting at `i` (`-` or a digit); returns the position after it.
fn number(src: &[u8], mut i: usize) -> Result<usize, JsonError> {
    let n = src.len();
    if src[i] == b'-' {
        i += 1;
        match src.get(i) {
            Some(b'0'..=b'9') => {}
            Some(b'I' | b'N') => return Err(err(i, JsonErrorKind::NonFinite)),
            Some(_) => return Err(err(i, JsonErrorKind::BadNumber)),
            None => return Err(err(i, JsonErrorKind::UnexpectedEnd)),
        }
    }
    if src[i] == b'0' {
        i += 1;
        if matches!(src.get(i), Some(b'0'..=b'9')) {
            return Err(err(i, JsonErrorKind::LeadingZero));
        }
    } else {
        while i < n && src[i].is_ascii_digit() {
            i += 1;
        }
    }
    if src.get(i) == Some(&b'.') {
        i = one_or_more_digits(src, i + 1)?;
    }
    if matches!(src.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(src.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = one_or_more_digits(src, i)?;
    }
    Ok(i)
}

/// Reads the digits a fraction or exponent must have at least one of; returns
/// the position after them.
fn one_or_more_digits(src: &[u8], start: usize) -> Result<usize, JsonError> {
    let end = src[start.min(src.len())..].iter().position(|b| !b.is_ascii_digit()).map_or(src.len(), |k| start + k);
    if end == start {
        let kind = if start >= src.len() { JsonErrorKind::UnexpectedEnd } else { JsonErrorKind::BadNumber };
        return Err(err(start, kind));
    }
    Ok(end)
}

fn hex4(src: &[u8], i: usize) -> Option<u16> {
    let digits = src.get(i..i + 4)?;
    let mut v = 0u16;
    for &d in digits {
        v = (v << 4) | u16::from(char::from(d).to_digit(16)? as u8);
    }
    Some(v)
}

/// Reads a string whose opening quote is at `i`; returns the position after the
/// closing quote. The input is known to be UTF-8, so only ASCII needs checking.
#[inline(always)]
fn string(src: &[u8], mut i: usize) -> Result<usize, JsonError> {
    i += 1;
    let n = src.len();
    loop {
        // Fast path: 8 bytes at a time, straight to the first special byte.
        while let Some(chunk) = src.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            let special = special_bytes(u64::from_le_bytes(chunk));
            if special != 0 {
                i += (special.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&c) = src.get(i) else {
            return Err(err(n, JsonErrorKind::UnexpectedEnd));
        };
        match c {
            b'"' => return Ok(i + 1),
            b'\\' => i = escape(src, i)?,
            0..=0x1F => return Err(err(i, JsonErrorKind::ControlCharacter(c))),
            _ => i += 1,
        }
    }
}

/// Checks the escape whose backslash is at `i`; returns the position after it.
#[inline(never)]
fn escape(src: &[u8], i: usize) -> Result<usize, JsonError> {
    match src.get(i + 1) {
        None => Err(err(src.len(), JsonErrorKind::UnexpectedEnd)),
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(i + 2),
        Some(b'u') => {
            let unit = hex4(src, i + 2).ok_or(err(i, JsonErrorKind::BadUnicodeEscape))?;
            match unit {
                0xD800..=0xDBFF => {
                    // A high surrogate must be followed by an escaped low one.
                    let low = match (src.get(i + 6..i + 8), hex4(src, i + 8)) {
                        (Some(b"\\u"), Some(low)) => low,
                        _ => return Err(err(i, JsonErrorKind::BadUnicodeEscape)),
                    };
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err(err(i + 6, JsonErrorKind::BadUnicodeEscape));
                    }
                    Ok(i + 12)
                }
                0xDC00..=0xDFFF => Err(err(i, JsonErrorKind::BadUnicodeEscape)),
                _ => Ok(i + 6),
            }
        }
        Some(_) => Err(err(i, JsonErrorKind::BadEscape)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(s: &str) -> Result<String, JsonError> {
        minify(s.as_bytes()).map(|c| String::from_utf8(c.into_owned()).unwrap())
    }

    fn kind(s: &str) -> (usize, JsonErrorKind) {
        let e = minify(s.as_bytes()).unwrap_err();
        (e.offset, e.kind)
    }

    #[test]
    fn removes_only_whitespace_outside_strings() {
        assert_eq!(min(" { \"a\" : [ 1 , 2.50 , \"x  y\" ] }\n").unwrap(), "{\"a\":[1,2.50,\"x  y\"]}");
        assert_eq!(min("\"\\u00e9\\/\"").unwrap(), "\"\\u00e9\\/\"");
        assert_eq!(min("[]").unwrap(), "[]");
        assert_eq!(min("{ }").unwrap(), "{}");
        assert_eq!(min("  ").unwrap(), "");
        assert_eq!(min("").unwrap(), "");
        assert_eq!(min("-0.0e+5").unwrap(), "-0.0e+5");
        assert_eq!(min("\"é 最 🙂\"").unwrap(), "\"é 最 🙂\"");
        assert_eq!(min("[true,false,null]").unwrap(), "[true,false,null]");
    }

    #[test]
    fn errors_with_offsets() {
        use JsonErrorKind::*;
        assert_eq!(kind("{\"a\":1,}"), (7, TrailingComma));
        assert_eq!(kind("[1,]"), (3, TrailingComma));
        assert_eq!(kind("[1 2]"), (3, Unexpected { found: b'2', expected: "',' or ']'" }));
        assert_eq!(kind("{\"a\" 1}"), (5, Unexpected { found: b'1', expected: "':' after an object key" }));
        assert_eq!(kind("{a:1}"), (1, Unexpected { found: b'a', expected: "a string key or '}'" }));
        assert_eq!(kind("01"), (1, LeadingZero));
        assert_eq!(kind("1."), (2, UnexpectedEnd));
        assert_eq!(kind("1.e5"), (2, BadNumber));
        assert_eq!(kind("-"), (1, UnexpectedEnd));
        assert_eq!(kind("NaN"), (0, NonFinite));
        assert_eq!(kind("-Infinity"), (1, NonFinite));
        assert_eq!(kind("tru"), (3, UnexpectedEnd));
        assert_eq!(kind("trUe"), (2, Unexpected { found: b'U', expected: "true, false or null" }));
        assert_eq!(kind("\"a\nb\""), (2, ControlCharacter(b'\n')));
        assert_eq!(kind("\"\\x\""), (1, BadEscape));
        assert_eq!(kind("\"\\u12G4\""), (1, BadUnicodeEscape));
        assert_eq!(kind("\"\\ud800\""), (1, BadUnicodeEscape));
        assert_eq!(kind("\"\\udc00\""), (1, BadUnicodeEscape));
        assert_eq!(kind("\"\\ud800\\u0041\""), (7, BadUnicodeEscape));
        assert_eq!(min("\"\\ud83d\\ude00\"").unwrap(), "\"\\ud83d\\ude00\"");
        assert_eq!(kind("{} x"), (3, TrailingData));
        assert_eq!(kind("{}{}"), (2, TrailingData));
        assert_eq!(kind("// c\n{}"), (0, Comment));
        assert_eq!(kind("{'a':1}"), (1, SingleQuote));
        assert_eq!(kind("{\"a\":1"), (6, UnexpectedEnd));
        assert_eq!(kind("\"abc"), (4, UnexpectedEnd));
        assert_eq!(kind("\u{feff}{}"), (0, ByteOrderMark));
        assert_eq!(minify(b"[\"\xff\"]").unwrap_err(), JsonError { offset: 2, kind: InvalidUtf8 });
        assert_eq!(kind("]"), (0, Unexpected { found: b']', expected: "a value" }));
        assert_eq!(kind("[,1]"), (1, Unexpected { found: b',', expected: "a value" }));
        assert_eq!(kind("[1,{\"a\":}]"), (8, Unexpected { found: b'}', expected: "a value" }));
        assert_eq!(kind("[[1,],2]"), (4, TrailingComma));
    }

    #[test]
    fn depth_is_limited_without_recursion() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(minify(ok.as_bytes()).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(kind(&deep), (MAX_DEPTH, JsonErrorKind::TooDeep));
        let hostile = "[".repeat(1_000_000);
        assert_eq!(kind(&hostile).1, JsonErrorKind::TooDeep);
        let objects = "{\"a\":".repeat(MAX_DEPTH) + "1" + &"}".repeat(MAX_DEPTH);
        assert!(minify(objects.as_bytes()).is_ok());
    }

    /// Whitespace runs of every length up to past two 8-byte words, spaces mixed
    /// with the other three whitespace bytes, then each possible byte: the skip
    /// stops exactly at the first byte that is not whitespace (a `!` after
    /// spaces, 0x21, is the byte a borrowing zero-byte test would wrongly skip).
    #[test]
    fn whitespace_skip_stops_at_the_first_other_byte() {
        // Under miri (~1000x slower) a sample of the bytes.
        let nexts: Vec<u8> = if cfg!(miri) { b"!]\x00\x08\x0b\x7f\xc3x".to_vec() } else { (0..=255).collect() };
        for run in 1..=20usize {
            for other_at in [None, Some(0), Some(run / 2), Some(run - 1)] {
                for other in [b'\t', b'\n', b'\r'] {
                    for &next in nexts.iter().filter(|&&b| !is_ws(b)) {
                        let mut src = alloc::vec![b'['; 1];
                        let mut ws = alloc::vec![b' '; run];
                        if let Some(k) = other_at {
                            ws[k] = other;
                        }
                        src.extend_from_slice(&ws);
                        src.push(next);
                        src.extend_from_slice(b"   ]");
                        let stop = 1 + run;
                        assert_eq!(skip_ws(&src, 1), stop, "{src:02x?}");
                        // What minify does with it: a `]` closes the array (the last
                        // `]` is then trailing data); a byte that cannot start a
                        // value is an error at its own offset.
                        match (next, minify(&src)) {
                            (b']', r) => assert_eq!(r.unwrap_err().kind, JsonErrorKind::TrailingData),
                            (b'0'..=b'9' | b'-' | b'[' | b'{' | b'"' | b't' | b'f' | b'n', _) => {}
                            (_, r) => assert_eq!(r.unwrap_err().offset, stop, "{src:02x?}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn first_special_byte_is_exact() {
        let is_special = |c: u8| c == b'"' || c == b'\\' || c < 0x20;
        let fillers = [b'a', b'!', 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xC3, 0xFF];
        // Under miri (undefined behaviour, not arithmetic) every 15th byte value.
        for b in (0..=255u8).step_by(if cfg!(miri) { 15 } else { 1 }) {
            for pos in 0..8 {
                for filler in fillers {
                    for second in [None, Some((pos + 1) % 8), Some(7)] {
                        let mut chunk = [filler; 8];
                        chunk[pos] = b;
                        if let Some(p2) = second {
                            chunk[p2] = b'"';
                        }
                        let mask = special_bytes(u64::from_le_bytes(chunk));
                        let first = chunk.iter().position(|&c| is_special(c));
                        let got = (mask != 0).then(|| (mask.trailing_zeros() / 8) as usize);
                        assert_eq!(got, first, "{chunk:02x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn borrowed_when_already_minified() {
        assert!(matches!(minify(b"{\"a\":[1,2]}").unwrap(), Cow::Borrowed(_)));
        assert!(matches!(minify(b"{\"a\": [1,2]}").unwrap(), Cow::Owned(_)));
        let mut out = alloc::vec![1, 2, 3];
        minify_into(b"{\"a\":1}", &mut out).unwrap();
        assert_eq!(out, b"{\"a\":1}");
    }
}
