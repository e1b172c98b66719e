//! Zero-copy parsing of a payload into data objects that borrow from the input.

use core::fmt;

use crate::crc::{crc16, crc16_hex, parse_hex4};
use crate::diag::{Code, Detail, Diagnostic, Path, Severity};
use crate::tags;
use crate::tlv::{self, is_tlv, Fault, Raw, Walker};

/// The largest input accepted, in bytes. A QR code holds at most 2,953 bytes and
/// EMVCo caps payloads at 512 characters; anything near this limit is hostile or
/// not a payload.
pub const MAX_INPUT_LEN: usize = 4096;

/// EMVCo's maximum payload length, in characters (longer ones get a `payload.length` warning).
pub const MAX_PAYLOAD_CHARS: usize = 512;

const NONE: u16 = u16::MAX;

/// How to treat the input: lenient by default, [`ParseOptions::strict`] on
/// request (the same vocabulary as [`Validator::strict`](crate::Validator::strict)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    strict: bool,
    verify_crc: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions::lenient()
    }
}

impl ParseOptions {
    /// The default: trims scanner noise (whitespace incl. CR/LF and NBSP, BOM,
    /// zero-width space, NUL) around the payload and accepts a lowercase CRC,
    /// reporting both as warnings; verifies the CRC.
    pub const fn new() -> Self {
        ParseOptions { strict: false, verify_crc: true }
    }

    /// The default ([`ParseOptions::new`]), by the name of what it is.
    pub const fn lenient() -> Self {
        ParseOptions::new()
    }

    /// With `strict`, surrounding noise (`input.trimmed`) and lowercase CRCs
    /// (`crc.lowercase`) are errors instead of warnings.
    #[must_use]
    pub const fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Whether a wrong CRC stops parsing (`true`, the default) or is only recorded
    /// (`false`: see [`Payload::crc_ok`]), e.g. to show a corrupted payload's tree.
    #[must_use]
    pub const fn verify_crc(mut self, verify: bool) -> Self {
        self.verify_crc = verify;
        self
    }

    /// Whether these options are strict.
    pub const fn is_strict(&self) -> bool {
        self.strict
    }

    /// Parses `input`. See [`parse`](crate::parse).
    pub fn parse<'a>(&self, input: &'a str) -> Result<Payload<'a>, ParseError> {
        parse_with(input, *self)
    }

    /// Parses bytes, which must be UTF-8 (`input.utf8` otherwise).
    #[inline]
    pub fn parse_bytes<'a>(&self, input: &'a [u8]) -> Result<Payload<'a>, ParseError> {
        if input.len() > MAX_INPUT_LEN {
            return Err(too_long(input.len()));
        }
        parse_with(utf8(input).map_err(ParseError::new)?, *self)
    }
}

/// `input` as text, or the `input.utf8` error at the first bad byte. The fast
/// validator answers only yes or no; where the bytes are not UTF-8, the
/// standard one says where.
pub(crate) fn utf8(input: &[u8]) -> Result<&str, Diagnostic> {
    simdutf8::basic::from_utf8(input).map_err(|_| {
        let at = core::str::from_utf8(input).err().map_or(0, |e| e.valid_up_to());
        Diagnostic::error(Code::InputUtf8, at, Path::ROOT, Detail::None)
    })
}

/// Whether every byte is ASCII. 32 bytes per step, OR-ed together without an
/// early exit so the compiler vectorises it: about 5x fewer instructions than
/// `<[u8]>::is_ascii` on a 230-byte payload (callgrind). The parser uses it to
/// choose its byte-indexed fast path.
pub(crate) fn is_ascii(bytes: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(32);
    let mut acc = 0u64;
    for c in &mut chunks {
        for w in c.chunks_exact(8) {
            acc |= u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        }
    }
    let tail = chunks.remainder().iter().fold(0u8, |a, &b| a | b);
    acc & HIGH == 0 && tail < 0x80
}

/// Parses a payload leniently (see [`ParseOptions::lenient`]) and verifies its CRC.
///
/// Parsing checks the structure only (TLV, CRC); call [`Payload::validate`] for
/// the QRIS rules. Nothing is allocated: the result borrows from `input`.
///
/// ```
/// let p = qris_emv::parse("00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1")?;
/// assert_eq!(p.merchant_name(), Some("BoonTrack"));
/// assert_eq!(p.get_path("26.00").unwrap().value(), "ID.DANA.WWW");
/// # Ok::<(), qris_emv::ParseError>(())
/// ```
///
/// # Errors
/// A [`ParseError`] for input that is empty, too long, not TLV, or whose CRC is
/// missing, malformed or wrong.
pub fn parse(input: &str) -> Result<Payload<'_>, ParseError> {
    parse_with(input, ParseOptions::lenient())
}

/// Parses a payload strictly (see [`ParseOptions::strict`]).
///
/// # Errors
/// As [`parse`], plus surrounding whitespace and lowercase CRCs.
pub fn parse_strict(input: &str) -> Result<Payload<'_>, ParseError> {
    parse_with(input, ParseOptions::new().strict(true))
}

/// A structural problem that stopped parsing, with the same information as a
/// [`Diagnostic`] (which [`ParseError::diagnostic`] returns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseError {
    diagnostic: Diagnostic,
    noise: Noise,
}

/// The lenient-mode warnings met before an error, kept compact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Noise {
    /// Bytes trimmed before and after the payload.
    trimmed: Option<(u16, u16)>,
    /// Offset of a lowercase CRC's digits.
    lowercase_crc: Option<u16>,
}

impl Noise {
    fn trimmed(self, input_len: usize, severity: Severity) -> Option<Diagnostic> {
        let (leading, trailing) = self.trimmed?;
        let (leading, trailing) = (usize::from(leading), usize::from(trailing));
        let offset = if leading != 0 { 0 } else { input_len - trailing };
        Some(Diagnostic::new(Code::InputTrimmed, severity, offset, Path::ROOT, Detail::Trimmed { leading, trailing }))
    }

    fn diagnostics(self, input_len: usize) -> impl Iterator<Item = Diagnostic> {
        let lower = self
            .lowercase_crc
            .map(|at| Diagnostic::warning(Code::CrcLowercase, usize::from(at), Path::root(tags::CRC), Detail::None));
        self.trimmed(input_len, Severity::Warning).into_iter().chain(lower)
    }
}

impl ParseError {
    fn new(diagnostic: Diagnostic) -> Self {
        ParseError { diagnostic, noise: Noise::default() }
    }

    /// The problem.
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.diagnostic
    }

    /// The problem's code.
    pub fn code(&self) -> Code {
        self.diagnostic.code
    }

    /// Byte offset in the input where the problem is.
    pub fn offset(&self) -> usize {
        self.diagnostic.offset
    }

    /// The data object concerned.
    pub fn path(&self) -> Path {
        self.diagnostic.path
    }

    /// Warnings found before the error (`input.trimmed`, `crc.lowercase`), given
    /// the length of the input that was parsed.
    pub fn warnings(&self, input_len: usize) -> impl Iterator<Item = Diagnostic> {
        self.noise.diagnostics(input_len)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.diagnostic, f)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParseError {}

fn too_long(len: usize) -> ParseError {
    ParseError::new(Diagnostic::error(
        Code::InputTooLong,
        MAX_INPUT_LEN,
        Path::ROOT,
        Detail::TooLong { max: MAX_INPUT_LEN, actual: len },
    ))
}

/// A parsed payload: the structure and CRC are sound. Borrows from the input.
///
/// Root objects are indexed by ID, so [`Payload::get`] is O(1); nested objects
/// are found by walking their (short) template.
#[derive(Clone)]
pub struct Payload<'a> {
    input: &'a str,
    start: u16,
    end: u16,
    ascii: bool,
    strict: bool,
    noise: Noise,
    count: u16,
    crc_offset: u16,
    computed_crc: u16,
    found_crc: u16,
    duplicate: Option<(u8, u16)>,
    index: [u16; 100],
}

/// What is trimmed around a payload in lenient mode.
fn is_noise(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}' || c == '\0'
}

/// What parsing's walk tells a listener: each root object in order and, when
/// the listener asks, a root template's children. The validator listens
/// ([`Validator::check`](crate::Validator::check)), so a payload is walked once
/// for both; plain parsing listens with `()`, which compiles to nothing.
pub(crate) trait Listen<'a> {
    /// A root object. Returns whether to hear its children (a root template's only).
    fn root(&mut self, raw: Raw<'a>) -> bool;
    /// A child of the root template `root` last said yes to.
    fn child(&mut self, raw: Raw<'a>);
    /// After that template's last child.
    fn end(&mut self);
}

impl<'a> Listen<'a> for () {
    #[inline(always)]
    fn root(&mut self, _: Raw<'a>) -> bool {
        false
    }

    #[inline(always)]
    fn child(&mut self, _: Raw<'a>) {}

    #[inline(always)]
    fn end(&mut self) {}
}

#[inline]
fn parse_with(input: &str, opts: ParseOptions) -> Result<Payload<'_>, ParseError> {
    parse_listening(input, opts, &mut ())
}

/// Parses `input`, telling `listener` what the walk finds (see [`Listen`]).
/// Whatever it heard is only meaningful when this returns `Ok`.
pub(crate) fn parse_listening<'a, L: Listen<'a>>(
    input: &'a str,
    opts: ParseOptions,
    listener: &mut L,
) -> Result<Payload<'a>, ParseError> {
    if input.len() > MAX_INPUT_LEN {
        return Err(too_long(input.len()));
    }
    let mut noise = Noise::default();
    let trimmed_front = input.trim_start_matches(is_noise);
    let start = input.len() - trimmed_front.len();
    let body = trimmed_front.trim_end_matches(is_noise);
    let end = start + body.len();
    if start != 0 || end != input.len() {
        noise.trimmed = Some((start as u16, (input.len() - end) as u16));
        if let Some(d) = noise.trimmed(input.len(), Severity::Error).filter(|_| opts.strict) {
            return Err(ParseError::new(d));
        }
    }
    let fail = |d: Diagnostic| ParseError { diagnostic: d, noise };
    if body.is_empty() {
        return Err(fail(Diagnostic::error(Code::InputEmpty, start, Path::ROOT, Detail::None)));
    }
    let ascii = is_ascii(body.as_bytes());
    let mut p = Payload {
        input,
        start: start as u16,
        end: end as u16,
        ascii,
        strict: opts.strict,
        noise,
        count: 0,
        crc_offset: NONE,
        computed_crc: 0,
        found_crc: 0,
        duplicate: None,
        index: [NONE; 100],
    };
    let mut walker = Walker::new(body, start, ascii);
    let mut crc_value: Option<Raw<'_>> = None;
    while let Some(raw) = walker.next_raw() {
        let slot = &mut p.index[usize::from(raw.id)];
        if *slot == NONE {
            *slot = raw.offset as u16;
        } else if p.duplicate.is_none() {
            p.duplicate = Some((raw.id, raw.offset as u16));
        }
        p.count += 1;
        let hear = listener.root(raw);
        if tags::is_root_template(raw.id) {
            check_template(raw, Path::root(raw.id), ascii, listener, hear).map_err(fail)?;
            if hear {
                listener.end();
            }
        }
        if raw.id == tags::CRC {
            if !walker.is_done() {
                // The CRC must be last: whatever follows is junk or misplaced.
                return Err(fail(Diagnostic::error(Code::TlvTrailing, walker.position(), Path::ROOT, Detail::None)));
            }
            crc_value = Some(raw);
        }
    }
    if !walker.is_done() {
        return Err(fail(fault_diagnostic(walker.fault(), Path::ROOT, body)));
    }
    let Some(crc) = crc_value else {
        return Err(fail(Diagnostic::error(Code::CrcMissing, end, Path::ROOT, Detail::None)));
    };
    let crc_path = Path::root(tags::CRC);
    let digits = crc.value.as_bytes();
    let found = match (crc.len, parse_hex4(digits)) {
        (4, Some(v)) => v,
        _ => {
            return Err(fail(Diagnostic::error(
                Code::CrcFormat,
                crc.offset,
                crc_path,
                Detail::Expected("exactly 4 hexadecimal digits (\"6304\" followed by e.g. \"A623\")"),
            )))
        }
    };
    p.crc_offset = crc.offset as u16;
    p.found_crc = found;
    // The CRC covers everything up to and including "6304".
    p.computed_crc = crc16(&input.as_bytes()[start..crc.offset + 4]);
    if digits.iter().any(u8::is_ascii_lowercase) {
        let at = crc.offset + 4;
        if opts.strict {
            return Err(fail(Diagnostic::error(Code::CrcLowercase, at, crc_path, Detail::None)));
        }
        noise.lowercase_crc = Some(at as u16);
        p.noise = noise;
    }
    if opts.verify_crc && found != p.computed_crc {
        return Err(ParseError { diagnostic: p.crc_mismatch(), noise });
    }
    Ok(p)
}

/// Checks that a root template's value is well-formed TLV. Below the root no ID
/// must be a template (80..99 and 62.50..99 fall back to primitives), so one level
/// is all there is to check.
/// Its children go to `listener` when `hear`.
fn check_template<'a, L: Listen<'a>>(
    raw: Raw<'a>,
    path: Path,
    ascii: bool,
    listener: &mut L,
    hear: bool,
) -> Result<(), Diagnostic> {
    let mut w = Walker::new(raw.value, raw.offset + 4, ascii);
    while let Some(child) = w.next_raw() {
        if hear {
            listener.child(child);
        }
    }
    if !w.is_done() {
        return Err(fault_diagnostic(w.fault(), path, raw.value));
    }
    Ok(())
}

fn fault_diagnostic(f: Fault, parent: Path, container: &str) -> Diagnostic {
    let path = match f.id {
        Some(id) => parent.child(id).unwrap_or(parent),
        None => parent,
    };
    let detail = if looks_url_encoded(container) { Detail::UrlEncoded } else { f.detail };
    Diagnostic::error(f.code, f.offset, path, detail)
}

fn looks_url_encoded(s: &str) -> bool {
    s.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

impl<'a> Payload<'a> {
    /// The payload text (trimmed of any scanner noise).
    pub fn as_str(&self) -> &'a str {
        &self.input[usize::from(self.start)..usize::from(self.end)]
    }

    /// The whole input as given, including any trimmed noise. Offsets count from its start.
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// Byte offset of the payload in the input (non-zero when noise was trimmed).
    pub fn start(&self) -> usize {
        usize::from(self.start)
    }

    /// Whether the payload was parsed in strict mode.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// Length of the payload in characters.
    pub fn char_len(&self) -> usize {
        if self.ascii {
            self.as_str().len()
        } else {
            self.as_str().chars().count()
        }
    }

    /// Whether the payload is pure ASCII (then characters are bytes).
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// Number of root data objects, including 63.
    pub fn len(&self) -> usize {
        usize::from(self.count)
    }

    /// Always `false`: a parsed payload has at least its CRC.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The four CRC characters as written in the payload.
    pub fn crc(&self) -> &'a str {
        let o = usize::from(self.crc_offset) + 4;
        &self.input[o..o + 4]
    }

    /// The CRC the payload's content gives, as four uppercase hex digits.
    pub fn computed_crc(&self) -> crate::CrcHex {
        crc16_hex(self.computed_crc)
    }

    /// Whether the written CRC matches the content (always `true` unless parsed
    /// with [`ParseOptions::verify_crc`]`(false)`).
    pub fn crc_ok(&self) -> bool {
        self.found_crc == self.computed_crc
    }

    /// The CRC-mismatch diagnostic, whether or not the CRC matches.
    pub(crate) fn crc_mismatch(&self) -> Diagnostic {
        let mut found = [0u8; 4];
        found.copy_from_slice(self.crc().as_bytes());
        Diagnostic::error(
            Code::CrcMismatch,
            usize::from(self.crc_offset) + 4,
            Path::root(tags::CRC),
            Detail::Crc { found, computed: *self.computed_crc().as_bytes() },
        )
    }

    /// Warnings found while parsing (`input.trimmed`, `crc.lowercase`) and, when
    /// parsed without CRC verification, the `crc.mismatch` error.
    pub fn parse_diagnostics(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        let mismatch = (!self.crc_ok()).then(|| self.crc_mismatch());
        self.noise.diagnostics(self.input.len()).chain(mismatch)
    }

    /// The first duplicated root ID and the offset of its second occurrence.
    pub(crate) fn duplicate(&self) -> Option<(u8, usize)> {
        self.duplicate.map(|(id, off)| (id, usize::from(off)))
    }

    /// The root data objects, in payload order (63 included).
    pub fn objects(&self) -> Objects<'a> {
        Objects {
            walker: Walker::new(self.as_str(), self.start(), self.ascii),
            parent: Path::ROOT,
            level: Level::Root,
            ascii: self.ascii,
        }
    }

    /// The raw root objects, for callers that need only IDs and values.
    pub(crate) fn raw_objects(&self) -> Walker<'a> {
        Walker::new(self.as_str(), self.start(), self.ascii)
    }

    /// The root data object with this ID (the first one, if duplicated).
    #[inline]
    pub fn get(&self, id: u8) -> Option<DataObject<'a>> {
        let off = *self.index.get(usize::from(id))?;
        if off == NONE {
            return None;
        }
        let start = self.start();
        let mut w = Walker::at(self.as_str(), start, self.ascii, usize::from(off) - start);
        let raw = w.next_raw()?;
        Some(DataObject::from_raw(raw, Path::ROOT, Level::Root, self.ascii))
    }

    /// The value of the root data object with this ID.
    #[inline]
    pub fn value(&self, id: u8) -> Option<&'a str> {
        if !self.ascii {
            return self.get(id).map(|o| o.value);
        }
        // ASCII (every real payload): the value is the declared number of
        // bytes after the object's header, which parsing verified. Reading it
        // straight from the index is ~8x fewer instructions than building the
        // object (callgrind); the typed fields (merchant name, amount...) come here.
        let off = usize::from(*self.index.get(usize::from(id))?);
        if off == usize::from(NONE) {
            return None;
        }
        let bytes = self.input.as_bytes();
        let len = usize::from(tlv::two_digits(*bytes.get(off + 2)?, *bytes.get(off + 3)?)?);
        self.input.get(off + 4..off + 4 + len)
    }

    /// The value of the child `child` of the root template `id` (e.g. 51, 02:
    /// the NMID), walking the template's header bytes only.
    pub(crate) fn child_value(&self, id: u8, child: u8) -> Option<&'a str> {
        let template = self.get(id)?;
        let mut walker = Walker::new(template.value(), template.value_offset(), self.ascii);
        while let Some(raw) = walker.next_raw() {
            if raw.id == child {
                return Some(raw.value);
            }
        }
        None
    }

    /// The data object at `path` (see [`Path`]).
    pub fn lookup(&self, path: Path) -> Option<DataObject<'a>> {
        let (first, rest) = path.ids().split_first()?;
        let mut obj = self.get(*first)?;
        for id in rest {
            obj = obj.child(*id)?;
        }
        Some(obj)
    }

    /// The data object at a path written as `"62.07"`; `None` if the path is
    /// malformed or absent.
    ///
    /// ```
    /// let p = qris_emv::parse("00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1")?;
    /// assert_eq!(p.get_path("51.02").map(|o| o.value()), Some("ID1026564075103"));
    /// # Ok::<(), qris_emv::ParseError>(())
    /// ```
    pub fn get_path(&self, path: &str) -> Option<DataObject<'a>> {
        self.lookup(path.parse().ok()?)
    }
}

impl fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Payload").field("payload", &self.as_str()).field("crc_ok", &self.crc_ok()).finish()
    }
}

impl fmt::Display for Payload<'_> {
    /// The payload text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One data object: its path, where it starts in the input, and its value,
/// borrowed from the input. Templates have [`children`](DataObject::children).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DataObject<'a> {
    path: Path,
    offset: usize,
    len: u8,
    template: bool,
    ascii: bool,
    value: &'a str,
}

impl<'a> DataObject<'a> {
    #[inline(always)]
    fn from_raw(raw: Raw<'a>, parent: Path, level: Level, ascii: bool) -> Self {
        let template = match level {
            Level::Root if tags::is_root_template(raw.id) => true, // verified by parsing
            Level::Root => raw.id >= 80 && is_tlv(raw.value, ascii),
            Level::AdditionalData => raw.id >= 50 && is_tlv(raw.value, ascii),
            Level::Leaf => false,
        };
        let path = match level {
            Level::Root => Path::root(raw.id),
            _ => parent.child(raw.id).unwrap_or(parent),
        };
        DataObject { path, offset: raw.offset, len: raw.len, template, ascii, value: raw.value }
    }

    /// The ID (0..=99).
    pub fn id(&self) -> u8 {
        self.path.id().unwrap_or(0)
    }

    /// Where it stands, e.g. `62.07`.
    pub fn path(&self) -> Path {
        self.path
    }

    /// Byte offset of the ID in the caller's input.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset of the value in the caller's input.
    pub fn value_offset(&self) -> usize {
        self.offset + 4
    }

    /// The declared length, in characters.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether the value is empty (length `00`).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value, borrowed from the input.
    pub fn value(&self) -> &'a str {
        self.value
    }

    /// Whether the value holds nested data objects. Always for 26..51, 62 and 64;
    /// for 80..99 and 62.50..99 only when the value parses as TLV.
    pub fn is_template(&self) -> bool {
        self.template
    }

    /// The nested data objects (none for a primitive).
    pub fn children(&self) -> Objects<'a> {
        let value = if self.template { self.value } else { "" };
        let level = match self.path.ids() {
            [tags::ADDITIONAL_DATA] => Level::AdditionalData,
            _ => Level::Leaf,
        };
        Objects {
            walker: Walker::new(value, self.value_offset(), self.ascii),
            parent: self.path,
            level,
            ascii: self.ascii,
        }
    }

    /// The nested data object with this ID.
    pub fn child(&self, id: u8) -> Option<DataObject<'a>> {
        self.children().find(|c| c.id() == id)
    }

    /// The value of the nested data object with this ID.
    pub fn child_value(&self, id: u8) -> Option<&'a str> {
        self.child(id).map(|c| c.value)
    }
}

impl fmt::Debug for DataObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("DataObject");
        d.field("path", &self.path).field("offset", &self.offset);
        if self.template {
            d.field("children", &DebugChildren(*self));
        } else {
            d.field("value", &self.value);
        }
        d.finish()
    }
}

struct DebugChildren<'a>(DataObject<'a>);

impl fmt::Debug for DebugChildren<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.children()).finish()
    }
}

/// An iterator over data objects (the root, or a template's children), in payload order.
#[derive(Clone, Debug)]
pub struct Objects<'a> {
    walker: Walker<'a>,
    parent: Path,
    level: Level,
    ascii: bool,
}

/// Where a list of objects stands, which decides which IDs are templates:
/// at the root 26..51, 62 and 64 always are, 80..99 when their value is TLV;
/// inside 62, 50..99 when their value is TLV; nowhere else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Root,
    AdditionalData,
    Leaf,
}

impl<'a> Iterator for Objects<'a> {
    type Item = DataObject<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<DataObject<'a>> {
        // Parsing verified the structure, so a fault cannot occur; if it did, this stops.
        let raw = self.walker.next_raw()?;
        Some(DataObject::from_raw(raw, self.parent, self.level, self.ascii))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_check_agrees_with_the_standard_library() {
        let mut buf = [b'a'; 100];
        for len in 0..100 {
            for bad in 0..len {
                buf[bad] = 0xC3;
                assert!(!is_ascii(&buf[..len]), "{len} {bad}");
                buf[bad] = b'a';
            }
            assert!(is_ascii(&buf[..len]));
            assert_eq!(is_ascii(&buf[..len]), buf[..len].is_ascii());
        }
    }

    #[test]
    fn values_after_non_ascii_noise_are_read_at_their_place() {
        // The published DANA example behind a BOM and a no-break space (trimmed
        // as noise; the payload itself is ASCII, so values come from the index).
        let body = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";
        let noisy = alloc::format!("\u{FEFF}\u{A0}{body}\u{A0}");
        let p = parse(&noisy).unwrap();
        assert!(p.is_ascii() && p.start() == 5);
        assert_eq!(p.merchant_name(), Some("BoonTrack"));
        assert_eq!(p.merchant_city(), Some("Kab. Bandung"));
        assert_eq!(p.postal_code(), Some("40286"));
        assert_eq!(p.nmid(), Some("ID1026564075103"));
        assert_eq!(p.value(0), Some("01"));
        assert_eq!(p.value(54), None);
    }

    #[test]
    fn bytes_that_are_not_utf8_say_where() {
        let e = ParseOptions::new().parse_bytes(b"000201\xff01").unwrap_err();
        assert_eq!((e.diagnostic().code, e.diagnostic().offset), (Code::InputUtf8, 6));
    }
}
