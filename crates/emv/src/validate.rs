//! Validation: the QRIS rules (default) or the generic EMVCo MPM rules, on top
//! of the structure that parsing already guarantees.

use alloc::vec::Vec;

use crate::diag::{Code, Detail, Diagnostic, Path, Severity};
use crate::payload::{parse_listening, utf8, Listen, ParseOptions, Payload, MAX_PAYLOAD_CHARS};
use crate::tags;
use crate::tlv::{Raw, Walker};
#[cfg(doc)]
use crate::DataObject;

/// Which rule set validation applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Bank Indonesia's QRIS: EMVCo plus currency 360, country ID, the national
    /// repository template 51 with its NMID, merchant criteria.
    #[default]
    Qris,
    /// EMVCo MPM only, for other national schemes (PromptPay, Pix, VietQR, DuitNow...).
    Emv,
}

/// The outcome of validation: every diagnostic, in payload order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// `true` when no diagnostic is an error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// All diagnostics.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> + '_ {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> + '_ {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// Whether any diagnostic has this code.
    pub fn has(&self, code: Code) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }

    /// The diagnostics, by value.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl IntoIterator for Report {
    type Item = Diagnostic;
    type IntoIter = alloc::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.diagnostics.into_iter()
    }
}

/// Parses and validates payload strings: the usual entry point for checking input.
///
/// ```
/// use qris_emv::{Code, Validator};
/// let report = Validator::qris().validate(" 00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1\r\n");
/// assert!(report.is_valid());
/// assert!(report.has(Code::InputTrimmed)); // a warning
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Validator {
    parse: ParseOptions,
    profile: Profile,
}

impl Validator {
    /// Lenient parsing, QRIS rules.
    pub const fn qris() -> Self {
        Validator { parse: ParseOptions::lenient(), profile: Profile::Qris }
    }

    /// Lenient parsing, generic EMVCo rules.
    pub const fn emv() -> Self {
        Validator { parse: ParseOptions::lenient(), profile: Profile::Emv }
    }

    /// Strict parsing (noise and lowercase CRCs are errors).
    #[must_use]
    pub const fn strict(mut self, strict: bool) -> Self {
        self.parse = self.parse.strict(strict);
        self
    }

    /// The rule set.
    #[must_use]
    pub const fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Parses (without stopping at a wrong CRC) and validates one payload. A
    /// structural problem is reported as the report's error.
    pub fn validate(&self, input: &str) -> Report {
        let mut diagnostics = Vec::new();
        self.check(input, |d| diagnostics.push(d));
        Report { diagnostics }
    }

    /// [`Validator::validate`] for bytes: input that is not UTF-8 is reported as
    /// the error `input.utf8` (at the first bad byte).
    pub fn validate_bytes(&self, input: &[u8]) -> Report {
        let mut diagnostics = Vec::new();
        self.check_bytes(input, |d| diagnostics.push(d));
        Report { diagnostics }
    }

    /// [`Validator::validate`] without allocating: each diagnostic is handed to
    /// `sink`, in the order `validate` reports them (what batch callers use).
    ///
    /// ```
    /// use qris_emv::{Severity, Validator};
    /// let mut first_error = None;
    /// Validator::qris().check("000201", |d| {
    ///     if d.severity == Severity::Error && first_error.is_none() {
    ///         first_error = Some(d.code);
    ///     }
    /// });
    /// assert_eq!(first_error.map(|c| c.as_str()), Some("crc.missing"));
    /// ```
    pub fn check(&self, input: &str, mut sink: impl FnMut(Diagnostic)) {
        // One walk: the rules listen to parsing's walk, and what they find is
        // held back (a rule that fires while parsing may yet fail is not a
        // diagnostic to give). When parsing succeeds, the diagnostics go out
        // in the order the second walk of `Payload::check` gives: parsing's,
        // the length warning, the walk's (held), then the rules over the whole
        // payload. Both drive the same `Checker` events over the same objects
        // in the same order; a test holds the two to the same answers. More
        // than `HELD` diagnostics, or one the listener could not complete
        // (`Checker::incomplete`), and the payload is checked again by the
        // second walk.
        const HELD: usize = 4;
        let mut held: [Option<Diagnostic>; HELD] = [None; HELD];
        let mut noted = 0usize;
        let mut note = |d: Diagnostic| {
            if let Some(slot) = held.get_mut(noted) {
                *slot = Some(d);
            }
            noted += 1;
        };
        let mut listener = Checker::new(None, self.profile, &mut note);
        let parsed = parse_listening(input, self.parse.verify_crc(false), &mut listener);
        let (key, seen, incomplete) = (listener.key, listener.seen, listener.incomplete);
        match parsed {
            Ok(p) if noted <= HELD && !incomplete => {
                for d in p.parse_diagnostics() {
                    sink(d);
                }
                if let Some(d) = length_warning(&p) {
                    sink(d);
                }
                for d in held.into_iter().flatten() {
                    sink(d);
                }
                let mut rest = Checker::new(Some(&p), self.profile, &mut sink);
                rest.key = key;
                rest.seen = seen;
                rest.finish();
            }
            Ok(p) => p.check(self.profile, sink),
            Err(e) => {
                for d in e.warnings(input.len()) {
                    sink(d);
                }
                sink(*e.diagnostic());
            }
        }
    }

    /// Whether `input` passes (no error; warnings allowed), without allocating.
    ///
    /// ```
    /// use qris_emv::Validator;
    /// assert!(!Validator::qris().is_valid("000201"));
    /// ```
    pub fn is_valid(&self, input: &str) -> bool {
        let mut valid = true;
        self.check(input, |d| valid &= !d.is_error());
        valid
    }

    /// [`Validator::is_valid`] for bytes (not UTF-8: not valid).
    pub fn is_valid_bytes(&self, input: &[u8]) -> bool {
        let mut valid = true;
        self.check_bytes(input, |d| valid &= !d.is_error());
        valid
    }

    /// [`Validator::check`] for bytes (see [`Validator::validate_bytes`]).
    pub fn check_bytes(&self, input: &[u8], mut sink: impl FnMut(Diagnostic)) {
        match utf8(input) {
            Ok(s) => self.check(s, sink),
            Err(d) => sink(d),
        }
    }

    /// [`Validator::validate_many`] for byte strings (see [`Validator::validate_bytes`]).
    #[cfg(feature = "parallel")]
    pub fn validate_many_bytes<S: AsRef<[u8]> + Sync>(&self, inputs: &[S]) -> Vec<Report> {
        use rayon::prelude::*;
        inputs.par_iter().map(|s| self.validate_bytes(s.as_ref())).collect()
    }

    /// [`Validator::validate_many`] for byte strings (see [`Validator::validate_bytes`]).
    #[cfg(not(feature = "parallel"))]
    pub fn validate_many_bytes<S: AsRef<[u8]>>(&self, inputs: &[S]) -> Vec<Report> {
        inputs.iter().map(|s| self.validate_bytes(s.as_ref())).collect()
    }

    /// Validates many payloads in parallel on all cores; results are in input order.
    #[cfg(feature = "parallel")]
    pub fn validate_many<S: AsRef<str> + Sync>(&self, inputs: &[S]) -> Vec<Report> {
        use rayon::prelude::*;
        inputs.par_iter().map(|s| self.validate(s.as_ref())).collect()
    }

    /// Validates many payloads, one after another; results are in input order.
    #[cfg(not(feature = "parallel"))]
    pub fn validate_many<S: AsRef<str>>(&self, inputs: &[S]) -> Vec<Report> {
        inputs.iter().map(|s| self.validate(s.as_ref())).collect()
    }
}

impl<'a> Payload<'a> {
    /// Validates against the QRIS rules. See [`Payload::validate_with`].
    pub fn validate(&self) -> Report {
        self.validate_with(Profile::Qris)
    }

    /// Validates against a profile; parse warnings (and a CRC mismatch when
    /// parsed without verification) are included.
    pub fn validate_with(&self, profile: Profile) -> Report {
        let mut diagnostics = Vec::new();
        self.check(profile, |d| diagnostics.push(d));
        Report { diagnostics }
    }

    /// Validates without allocating: each diagnostic is handed to `sink`, in payload order.
    pub fn check(&self, profile: Profile, mut sink: impl FnMut(Diagnostic)) {
        for d in self.parse_diagnostics() {
            sink(d);
        }
        Checker::new(Some(self), profile, &mut sink).run(self);
    }
}

/// The warning for a payload longer than EMVCo's 512 characters.
fn length_warning(p: &Payload<'_>) -> Option<Diagnostic> {
    let chars = p.char_len();
    (chars > MAX_PAYLOAD_CHARS).then(|| {
        Diagnostic::new(
            Code::PayloadLength,
            Severity::Warning,
            p.start(),
            Path::ROOT,
            Detail::Length { min: 0, max: MAX_PAYLOAD_CHARS, actual: chars },
        )
    })
}

/// The rules, as events of a walk: [`Checker::root`] per root object,
/// [`Checker::child`] per child of a root template it asked for,
/// [`Checker::end`] after them, [`Checker::finish`] for the rules over the
/// whole payload. Driven by its own walk over a parsed payload
/// ([`Checker::run`]) or by parsing's ([`Listen`]).
struct Checker<'p, 'a, F: FnMut(Diagnostic)> {
    /// The payload, once parsed (`None` while listening to its parsing).
    p: Option<&'p Payload<'a>>,
    profile: Profile,
    sink: &'p mut F,
    /// Root objects the cross-field rules need, remembered during the walk.
    key: Key<'a>,
    /// The root IDs seen, and how many root objects.
    seen: Seen,
    count: usize,
    /// The root template whose children are being walked, and their IDs.
    template: Option<Obj<'a>>,
    children: Seen,
    /// Whether a diagnostic lacks a fact only the parsed payload has (while
    /// listening: a duplicate root object's first occurrence).
    incomplete: bool,
}

impl<'a, F: FnMut(Diagnostic)> Listen<'a> for Checker<'_, 'a, F> {
    #[inline(always)]
    fn root(&mut self, raw: Raw<'a>) -> bool {
        Checker::root(self, raw)
    }

    #[inline(always)]
    fn child(&mut self, raw: Raw<'a>) {
        Checker::child(self, raw)
    }

    #[inline(always)]
    fn end(&mut self) {
        Checker::end(self)
    }
}

#[derive(Clone, Copy, Default)]
struct Key<'a> {
    initiation: Option<Obj<'a>>,
    amount: Option<Obj<'a>>,
    tip: Option<Obj<'a>>,
    fee_fixed: Option<Obj<'a>>,
    fee_percent: Option<Obj<'a>>,
    crc_offset: Option<usize>,
}

/// One data object as the checker reads it, straight from the TLV walker:
/// its ID, its template's ID (for a child), where it starts, its declared
/// length and its value. The path is made only when a diagnostic needs it
/// (building a [`DataObject`] per object, with its path and template test,
/// was a third of validation's instructions).
#[derive(Clone, Copy)]
struct Obj<'a> {
    id: u8,
    /// The enclosing root template's ID, or [`ROOT`] for a root object.
    parent: u8,
    offset: usize,
    len: u8,
    value: &'a str,
}

const ROOT: u8 = u8::MAX;

impl<'a> Obj<'a> {
    #[inline(always)]
    fn new(raw: Raw<'a>, parent: u8) -> Self {
        Obj { id: raw.id, parent, offset: raw.offset, len: raw.len, value: raw.value }
    }

    fn path(&self) -> Path {
        if self.parent == ROOT {
            Path::root(self.id)
        } else {
            Path::root(self.parent).child(self.id).unwrap_or(Path::ROOT)
        }
    }

    fn value_offset(&self) -> usize {
        self.offset + 4
    }

    /// The declared length, in characters.
    fn len(&self) -> usize {
        usize::from(self.len)
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A set of IDs 0..=99, as two 64-bit words: a variable shift of a `u128`
/// is a branchy sequence of about ten instructions on x86-64 and in wasm, and
/// marking IDs was 14% of validation's instructions (callgrind).
#[derive(Clone, Copy, Default)]
struct Seen {
    low: u64,
    high: u64,
}

impl Seen {
    #[inline(always)]
    fn word(&mut self, id: u8) -> (&mut u64, u64) {
        if id < 64 {
            (&mut self.low, 1u64 << id)
        } else {
            (&mut self.high, 1u64 << ((id - 64) & 63))
        }
    }

    /// Marks `id`; returns whether it was already marked.
    #[inline(always)]
    fn insert(&mut self, id: u8) -> bool {
        let (word, bit) = self.word(id);
        let was = *word & bit != 0;
        *word |= bit;
        was
    }

    fn has(&self, id: u8) -> bool {
        let mut copy = *self;
        let (word, bit) = copy.word(id);
        *word & bit != 0
    }

    /// Whether any ID in `lo..=hi` is marked: one mask, not a bit test per
    /// ID (the loop over 2..=51 was ~8% of QRIS validation, perf annotate).
    fn any_in(&self, lo: u8, hi: u8) -> bool {
        if lo > hi || lo > 127 {
            return false;
        }
        let all = u128::from(self.low) | (u128::from(self.high) << 64);
        let up_to_hi = if hi >= 127 { u128::MAX } else { (1u128 << (hi + 1)) - 1 };
        let below_lo = (1u128 << lo) - 1;
        all & up_to_hi & !below_lo != 0
    }
}

#[cfg(test)]
mod seen_tests {
    use super::Seen;

    #[test]
    fn any_in_is_a_bit_test_per_id() {
        // Against the plain definition, for every range and a spread of sets.
        // Under miri (which looks for undefined behaviour, not wrong
        // arithmetic) every 9th lower bound: the whole sweep took 7 of CI's minutes there.
        let step = if cfg!(miri) { 9 } else { 1 };
        for ids in [&[][..], &[0], &[2], &[51], &[52], &[1, 99], &[26, 45], &[0, 50, 99], &[63, 64], &[127]] {
            let mut s = Seen::default();
            for &id in ids {
                s.insert(id);
            }
            for lo in (0..=127u8).step_by(step) {
                for hi in lo..=127u8 {
                    assert_eq!(s.any_in(lo, hi), (lo..=hi).any(|id| s.has(id)), "{ids:?} {lo}..={hi}");
                }
            }
        }
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The amount rule (54, 56): up to 13 characters, digits with an optional single
/// `.` after at least one digit, not zero. On failure, the byte offset of the fault
/// within `s` and what was expected.
pub(crate) fn check_amount(s: &str) -> Result<(), (usize, &'static str)> {
    const RULE: &str = "digits with an optional single '.' decimal mark, e.g. \"25000\" or \"98.73\", no separators";
    if s.is_empty() || s.len() > 13 {
        return Err((0, "1 to 13 characters: digits with an optional single '.'"));
    }
    let mut dot = false;
    let mut nonzero = false;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'0'..=b'9' => nonzero |= b != b'0',
            b'.' if !dot && i > 0 => dot = true,
            _ => return Err((i, RULE)),
        }
    }
    if !nonzero {
        return Err((0, "a non-zero amount"));
    }
    Ok(())
}

/// The percentage fee rule (57): up to 5 characters, digits with an optional
/// single `.`, greater than 0 and less than 100 (e.g. `"2.5"`, `"00.01"`).
pub(crate) fn check_percent(s: &str) -> Result<(), (usize, &'static str)> {
    const RULE: &str = "a percentage from 00.01 to 99.99 (digits with an optional '.', no '%')";
    if s.is_empty() || s.len() > 5 {
        return Err((0, RULE));
    }
    let mut dot_at = None;
    let mut nonzero = false;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'0'..=b'9' => nonzero |= b != b'0',
            b'.' if dot_at.is_none() && i > 0 => dot_at = Some(i),
            _ => return Err((i, RULE)),
        }
    }
    let int_digits = dot_at.unwrap_or(s.len());
    let integer = s[..int_digits].trim_start_matches('0');
    if !nonzero || integer.len() > 2 {
        return Err((0, RULE));
    }
    Ok(())
}

impl<'p, 'a, F: FnMut(Diagnostic)> Checker<'p, 'a, F> {
    fn qris(&self) -> bool {
        self.profile == Profile::Qris
    }

    fn emit(&mut self, code: Code, severity: Severity, offset: usize, path: Path, detail: Detail) {
        (self.sink)(Diagnostic::new(code, severity, offset, path, detail));
    }

    fn length(&mut self, o: &Obj<'_>, min: usize, max: usize, severity: Severity) {
        let n = o.len();
        if n < min || n > max {
            self.emit(Code::FieldLength, severity, o.offset, o.path(), Detail::Length { min, max, actual: n });
        }
    }

    fn format(&mut self, o: &Obj<'_>, ok: bool, expected: &'static str) -> bool {
        if !ok {
            self.emit(Code::FieldFormat, Severity::Error, o.value_offset(), o.path(), Detail::Expected(expected));
        }
        ok
    }

    fn new(p: Option<&'p Payload<'a>>, profile: Profile, sink: &'p mut F) -> Self {
        Checker {
            p,
            profile,
            sink,
            key: Key::default(),
            seen: Seen::default(),
            count: 0,
            template: None,
            children: Seen::default(),
            incomplete: false,
        }
    }

    fn start(&self) -> usize {
        self.p.map_or(0, Payload::start)
    }

    /// Its own walk over a parsed payload: every diagnostic, in payload order.
    fn run(&mut self, p: &Payload<'a>) {
        if let Some(d) = length_warning(p) {
            (self.sink)(d);
        }
        let mut walker = p.raw_objects();
        while let Some(raw) = walker.next_raw() {
            if self.root(raw) {
                let mut children = Walker::new(raw.value, raw.offset + 4, p.is_ascii());
                while let Some(c) = children.next_raw() {
                    self.child(c);
                }
                self.end();
            }
        }
        self.finish();
    }

    /// A root object. Returns whether to walk its children (a root template's).
    fn root(&mut self, raw: Raw<'a>) -> bool {
        let o = Obj::new(raw, ROOT);
        let id = o.id;
        let first_object = self.count == 0;
        self.count += 1;
        if self.seen.insert(id) {
            let first = match self.p {
                Some(p) => p.get(id).map_or(p.start(), |f| f.offset()),
                None => {
                    self.incomplete = true;
                    0
                }
            };
            self.emit(Code::TagDuplicate, Severity::Error, o.offset, o.path(), Detail::Duplicate { first });
            return false;
        }
        if !first_object && id == tags::PAYLOAD_FORMAT {
            self.emit(
                Code::TagOrder,
                Severity::Error,
                o.offset,
                o.path(),
                Detail::Rule("the payload format indicator must be the first data object"),
            );
        }
        match id {
            tags::POINT_OF_INITIATION => self.key.initiation = Some(o),
            tags::AMOUNT => self.key.amount = Some(o),
            tags::TIP_INDICATOR => self.key.tip = Some(o),
            tags::FEE_FIXED => self.key.fee_fixed = Some(o),
            tags::FEE_PERCENT => self.key.fee_percent = Some(o),
            tags::CRC => self.key.crc_offset = Some(o.offset),
            _ => {}
        }
        if o.is_empty() {
            self.emit(
                Code::FieldLength,
                Severity::Error,
                o.offset,
                o.path(),
                Detail::Length { min: 1, max: 99, actual: 0 },
            );
            return false;
        }
        if tags::is_root_template(id) {
            self.template = Some(o);
            self.children = Seen::default();
            return true;
        }
        self.root_object(&o);
        false
    }

    /// A child of the current root template: duplicates, empty values, then its rules.
    fn child(&mut self, raw: Raw<'a>) {
        let Some(o) = self.template else { return };
        let c = Obj::new(raw, o.id);
        if self.children.insert(c.id) {
            let mut again = Walker::new(o.value, o.value_offset(), o.value.is_ascii());
            let first = core::iter::from_fn(|| again.next_raw()).find(|r| r.id == c.id).map_or(o.offset, |r| r.offset);
            self.emit(Code::TagDuplicate, Severity::Error, c.offset, c.path(), Detail::Duplicate { first });
            return;
        }
        if c.is_empty() {
            self.emit(
                Code::FieldLength,
                Severity::Error,
                c.offset,
                c.path(),
                Detail::Length { min: 1, max: 99, actual: 0 },
            );
            return;
        }
        match o.id {
            26..=51 => self.account_child(&o, &c),
            62 => self.additional_data_child(&c),
            64 => self.language_child(&c),
            _ => {}
        }
    }

    /// After the current root template's children: the children it must have.
    fn end(&mut self) {
        let Some(o) = self.template.take() else { return };
        let seen = self.children;
        match o.id {
            26..=51 => {
                if !seen.has(0) {
                    self.missing_child(&o, 0, Severity::Error);
                }
                if self.qris() && o.id == tags::QRIS_REPOSITORY && !seen.has(2) {
                    self.missing_child(&o, 2, Severity::Error);
                }
            }
            64 => {
                for id in [0, 1] {
                    if !seen.has(id) {
                        self.missing_child(&o, id, Severity::Error);
                    }
                }
            }
            _ => {}
        }
    }

    /// The rules over the whole payload, after the walk.
    fn finish(&mut self) {
        self.presence(self.seen);
    }

    fn root_object(&mut self, o: &Obj<'a>) {
        let v = o.value;
        let qris = self.qris();
        match o.id {
            0 => {
                if self.format(o, v.len() == 2 && all_digits(v), "2 digits, \"01\"") && v != "01" {
                    let sev = if qris { Severity::Error } else { Severity::Warning };
                    self.emit(Code::FieldValue, sev, o.value_offset(), o.path(), Detail::Expected("\"01\""));
                }
            }
            1 => {
                if v != "11" && v != "12" {
                    self.emit(
                        Code::FieldValue,
                        Severity::Error,
                        o.value_offset(),
                        o.path(),
                        Detail::Expected("\"11\" (static) or \"12\" (dynamic)"),
                    );
                }
            }
            52 => {
                self.format(o, v.len() == 4 && all_digits(v), "4 digits (ISO 18245 merchant category code)");
            }
            53 => {
                if self.format(o, v.len() == 3 && all_digits(v), "3 digits (ISO 4217 numeric currency)")
                    && qris
                    && v != "360"
                {
                    self.emit(
                        Code::FieldValue,
                        Severity::Error,
                        o.value_offset(),
                        o.path(),
                        Detail::Expected("\"360\" (IDR) in QRIS"),
                    );
                }
            }
            54 | 56 => {
                if let Err((at, expected)) = check_amount(v) {
                    self.emit(
                        Code::AmountFormat,
                        Severity::Error,
                        o.value_offset() + at,
                        o.path(),
                        Detail::Expected(expected),
                    );
                }
            }
            55 => {
                if !matches!(v, "01" | "02" | "03") {
                    self.emit(
                        Code::FieldValue,
                        Severity::Error,
                        o.value_offset(),
                        o.path(),
                        Detail::Expected("\"01\" (prompt for tip), \"02\" (fixed fee) or \"03\" (percentage fee)"),
                    );
                }
            }
            57 => {
                if let Err((at, expected)) = check_percent(v) {
                    self.emit(
                        Code::FieldFormat,
                        Severity::Error,
                        o.value_offset() + at,
                        o.path(),
                        Detail::Expected(expected),
                    );
                }
            }
            58 => {
                let ok = v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase());
                if self.format(o, ok, "2 uppercase letters (ISO 3166-1 alpha-2)") && qris && v != "ID" {
                    self.emit(
                        Code::FieldValue,
                        Severity::Error,
                        o.value_offset(),
                        o.path(),
                        Detail::Expected("\"ID\" in QRIS"),
                    );
                }
            }
            // Real, accepted payloads exceed these two limits: warn only.
            59 => self.length(o, 1, 25, Severity::Warning),
            60 => self.length(o, 1, 15, Severity::Warning),
            61 => self.length(o, 1, 10, Severity::Error),
            _ => {}
        }
    }

    fn account_child(&mut self, o: &Obj<'a>, c: &Obj<'a>) {
        let id = o.id;
        let qris = self.qris();
        let domestic = qris && (26..=45).contains(&id);
        let v = c.value;
        match c.id {
            0 if qris && id == tags::QRIS_REPOSITORY && v != tags::QRIS_GUID => self.emit(
                Code::FieldValue,
                Severity::Error,
                c.value_offset(),
                c.path(),
                Detail::Expected("\"ID.CO.QRIS.WWW\""),
            ),
            0 => self.length(c, 1, 32, Severity::Warning),
            1 if domestic => {
                if !all_digits(v) {
                    self.emit(
                        Code::FieldFormat,
                        Severity::Warning,
                        c.value_offset(),
                        c.path(),
                        Detail::Expected("digits (the merchant PAN)"),
                    );
                } else {
                    self.length(c, 16, 19, Severity::Warning);
                }
            }
            2 if domestic => self.length(c, 1, 15, Severity::Warning),
            2 if qris && id == tags::QRIS_REPOSITORY => {
                let b = v.as_bytes();
                let ok = b.len() == 15 && b.starts_with(b"ID") && b[2..].iter().all(u8::is_ascii_digit);
                if !ok {
                    self.emit(
                        Code::FieldFormat,
                        Severity::Warning,
                        c.value_offset(),
                        c.path(),
                        Detail::Expected("\"ID\" followed by 13 digits (the usual NMID form)"),
                    );
                }
            }
            3 if qris && (domestic || id == tags::QRIS_REPOSITORY) => {
                if !matches!(v, "UMI" | "UKE" | "UME" | "UBE" | "URE") {
                    self.emit(
                        Code::FieldValue,
                        Severity::Warning,
                        c.value_offset(),
                        c.path(),
                        Detail::Expected("a merchant criteria: UMI, UKE, UME, UBE or URE"),
                    );
                }
            }
            _ => {}
        }
    }

    fn additional_data_child(&mut self, c: &Obj<'a>) {
        let v = c.value;
        match c.id {
            1..=8 => self.length(c, 1, 25, Severity::Error),
            9 => {
                let mut letters = Seen::default();
                let ok =
                    v.len() <= 3 && v.bytes().all(|b| matches!(b, b'A' | b'M' | b'E') && !letters.insert(b - b'A'));
                self.format(c, ok, "one to three of the letters A, M, E (each once)");
            }
            10 => self.length(c, 1, 20, Severity::Error),
            11 => self.length(c, 3, 3, Severity::Error),
            _ => {}
        }
    }

    fn language_child(&mut self, c: &Obj<'a>) {
        match c.id {
            0 => self.length(c, 2, 2, Severity::Error),
            1 => self.length(c, 1, 25, Severity::Warning),
            2 => self.length(c, 1, 15, Severity::Warning),
            _ => {}
        }
    }

    fn missing_child(&mut self, o: &Obj<'_>, id: u8, severity: Severity) {
        if let Some(path) = o.path().child(id) {
            self.emit(Code::TagMissing, severity, o.value_offset(), path, Detail::None);
        }
    }

    fn presence(&mut self, seen: Seen) {
        let qris = self.qris();
        let at = self.start();
        let crc_at = self.key.crc_offset.unwrap_or(at);
        if !seen.has(0) {
            self.emit(
                Code::TagMissing,
                Severity::Error,
                at,
                Path::root(0),
                Detail::Rule("every payload starts with \"000201\""),
            );
        }
        for id in [tags::MCC, tags::CURRENCY, tags::COUNTRY, tags::MERCHANT_NAME, tags::MERCHANT_CITY] {
            if !seen.has(id) {
                // EMVCo makes all five mandatory, but working national schemes
                // (VietQR, PromptPay) omit 52, 59 and 60: the generic profile warns.
                let severity = if qris || matches!(id, tags::CURRENCY | tags::COUNTRY) {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                self.emit(Code::TagMissing, severity, crc_at, Path::root(id), Detail::None);
            }
        }
        if !seen.any_in(2, 51) {
            self.emit(
                Code::TagMissing,
                Severity::Error,
                at,
                Path::ROOT,
                Detail::Rule("at least one merchant account information object (02..51) is required"),
            );
        }
        if qris {
            if !seen.has(tags::QRIS_REPOSITORY) {
                self.emit(
                    Code::TagMissing,
                    Severity::Warning,
                    crc_at,
                    Path::root(tags::QRIS_REPOSITORY),
                    Detail::Rule(
                        "QRIS payloads carry the national repository template with the NMID (some bank codes omit it)",
                    ),
                );
            }
            if !seen.has(tags::POSTAL_CODE) {
                self.emit(
                    Code::TagMissing,
                    Severity::Warning,
                    crc_at,
                    Path::root(tags::POSTAL_CODE),
                    Detail::Rule("QRIS payloads carry a postal code"),
                );
            }
        }
        // Point of initiation vs amount.
        match (self.key.initiation, self.key.amount) {
            (Some(i), None) if i.value == "12" => self.emit(
                Code::InitiationAmount,
                Severity::Error,
                i.offset,
                Path::root(tags::AMOUNT),
                Detail::Rule("a dynamic code (01 = \"12\") must carry the transaction amount"),
            ),
            (Some(i), Some(a)) if i.value == "11" => self.emit(
                Code::InitiationAmount,
                Severity::Warning,
                a.offset,
                a.path(),
                Detail::Rule("a static code (01 = \"11\") should not carry an amount; use 01 = \"12\""),
            ),
            _ => {}
        }
        self.tip();
    }

    fn tip(&mut self) {
        let indicator = self.key.tip;
        let (need_fixed, need_percent) = match indicator.map(|o| o.value) {
            Some("02") => (true, false),
            Some("03") => (false, true),
            _ => (false, false),
        };
        let at = indicator.map_or(self.start(), |o| o.offset);
        for (id, needed, present, rule_missing, rule_extra) in [
            (
                tags::FEE_FIXED,
                need_fixed,
                self.key.fee_fixed,
                "the tip indicator (55) is \"02\" (fixed fee) but the fee value (56) is missing",
                "a fixed fee (56) is present but the tip indicator (55) is not \"02\"",
            ),
            (
                tags::FEE_PERCENT,
                need_percent,
                self.key.fee_percent,
                "the tip indicator (55) is \"03\" (percentage fee) but the percentage (57) is missing",
                "a percentage fee (57) is present but the tip indicator (55) is not \"03\"",
            ),
        ] {
            match (needed, present) {
                (true, None) => {
                    self.emit(Code::TipInconsistent, Severity::Error, at, Path::root(id), Detail::Rule(rule_missing))
                }
                (false, Some(o)) => {
                    self.emit(Code::TipInconsistent, Severity::Error, o.offset, o.path(), Detail::Rule(rule_extra))
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        for ok in ["98", "98.73", "98.", "17000", "100003.00", "0.5", "1234567890123"] {
            assert_eq!(check_amount(ok), Ok(()), "{ok}");
        }
        for bad in ["", "0", "0.00", "98,73", "1.000.000", ".5", "-5", "1e3", "12345678901234", " 5", "Rp5"] {
            assert!(check_amount(bad).is_err(), "{bad}");
        }
        assert_eq!(check_amount("98,73").unwrap_err().0, 2);
    }

    #[test]
    fn percents() {
        for ok in ["2.5", "00.01", "99.99", "5", "10", "0.5"] {
            assert_eq!(check_percent(ok), Ok(()), "{ok}");
        }
        for bad in ["", "0", "00.00", "100", "2.5%", "123.4", "99.999", "-1", ".5"] {
            assert!(check_percent(bad).is_err(), "{bad}");
        }
    }
}
