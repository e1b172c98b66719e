//! The sticker check: is the code on the counter the merchant's own?
//!
//! The best-known QRIS fraud is a fraudster's static code printed and pasted
//! over a shop's or a mosque's sticker: the code is a valid QRIS, only the
//! merchant is wrong. The check compares what was scanned with what the
//! merchant registered (its NMID, and optionally its merchant PAN, name and
//! city).

use crate::{Found, Kind};
use core::fmt;

/// What the merchant registered. Only the NMID is required.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expected<'a> {
    /// The national merchant ID (51.02), e.g. `ID1026564075103`.
    pub nmid: &'a str,
    /// A merchant PAN (26..45 sub-tag 01); matches if any template carries it.
    pub pan: Option<&'a str>,
    /// The merchant name (59).
    pub name: Option<&'a str>,
    /// The merchant city (60).
    pub city: Option<&'a str>,
}

impl<'a> Expected<'a> {
    /// Expect this NMID.
    pub fn nmid(nmid: &'a str) -> Self {
        Expected { nmid, ..Expected::default() }
    }

    /// And this merchant PAN.
    #[must_use]
    pub fn pan(mut self, pan: &'a str) -> Self {
        self.pan = Some(pan);
        self
    }

    /// And this merchant name.
    #[must_use]
    pub fn name(mut self, name: &'a str) -> Self {
        self.name = Some(name);
        self
    }

    /// And this city.
    #[must_use]
    pub fn city(mut self, city: &'a str) -> Self {
        self.city = Some(city);
        self
    }
}

/// A field the check compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// 51.02.
    Nmid,
    /// 26..45 sub-tag 01.
    Pan,
    /// 59.
    Name,
    /// 60.
    City,
}

impl Field {
    /// `nmid`, `pan`, `name`, `city`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Nmid => "nmid",
            Field::Pan => "pan",
            Field::Name => "name",
            Field::City => "city",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Field::Nmid => "NMID",
            Field::Pan => "merchant PAN",
            Field::Name => "merchant name",
            Field::City => "merchant city",
        }
    }
}

/// One field that is not what the merchant registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Which field.
    pub field: Field,
    /// What was registered.
    pub expected: String,
    /// What the code says (`None`: the code has no such field). For the PAN,
    /// the PANs the code carries, comma-separated.
    pub found: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.found {
            Some(found) => write!(f, "{} {found} is not the expected {}", self.field.label(), self.expected),
            None => write!(f, "the code has no {} (expected {})", self.field.label(), self.expected),
        }
    }
}

/// The verdict on a sticker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sticker {
    /// A valid QRIS code whose fields are all the registered ones, and no QRIS
    /// code in the image says otherwise.
    Match,
    /// A QRIS code for another merchant: the fields that differ.
    Mismatch(Vec<Difference>),
    /// Codes were read, but none is a valid QRIS code (another scheme, a CPM
    /// code, a URL, or a QRIS payload that fails validation: a damaged or
    /// tampered sticker, which no verdict can vouch for).
    NotQris,
    /// No code could be read.
    Unreadable,
}

impl Sticker {
    /// `match`, `mismatch`, `not_qris`, `unreadable`.
    pub fn name(&self) -> &'static str {
        match self {
            Sticker::Match => "match",
            Sticker::Mismatch(_) => "mismatch",
            Sticker::NotQris => "not_qris",
            Sticker::Unreadable => "unreadable",
        }
    }
}

impl fmt::Display for Sticker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sticker::Match => f.write_str("match: the code carries the registered fields given"),
            Sticker::Mismatch(diffs) => {
                f.write_str("mismatch: ")?;
                for (i, d) in diffs.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Sticker::NotQris => f.write_str("not_qris: no valid QRIS code in the image"),
            Sticker::Unreadable => f.write_str("unreadable: no QR code could be read"),
        }
    }
}

/// The verdict for everything scanned from one image.
///
/// - no code at all: [`Sticker::Unreadable`];
/// - any QRIS payload (valid or not) whose fields differ from `expected`:
///   [`Sticker::Mismatch`] (a second sticker for another merchant next to the
///   genuine one is the fraud too);
/// - otherwise [`Sticker::Match`] if a *valid* QRIS code (CRC and rules
///   checked) carries the expected fields, else [`Sticker::NotQris`].
///
/// Only the fields given are compared. A forged code can keep the merchant's
/// NMID (51.02) and route a merchant account template (26..45) to another
/// account: with the NMID alone that is a match. Give the registered merchant
/// PAN ([`Expected::pan`]) to catch it.
pub fn check_sticker(codes: &[Found], expected: &Expected<'_>) -> Sticker {
    if codes.is_empty() {
        return Sticker::Unreadable;
    }
    let mut matched = false;
    for code in codes.iter().filter(|c| c.kind() == Kind::Qris) {
        let Some(diffs) = differences(code, expected) else { continue };
        if !diffs.is_empty() {
            return Sticker::Mismatch(diffs);
        }
        matched |= code.is_valid();
    }
    if matched {
        Sticker::Match
    } else {
        Sticker::NotQris
    }
}

/// The fields of one code that differ from `expected`; `None` when the code
/// is not a parsable merchant-presented payload.
pub(crate) fn differences(code: &Found, expected: &Expected<'_>) -> Option<Vec<Difference>> {
    let p = code.payload()?;
    let mut out = Vec::new();
    let mut field = |field: Field, want: &str, got: Option<&str>, same: fn(&str, &str) -> bool| {
        if !got.is_some_and(|g| same(g, want)) {
            out.push(Difference { field, expected: want.to_owned(), found: got.map(str::to_owned) });
        }
    };
    field(Field::Nmid, expected.nmid, p.nmid(), |a, b| a.trim().eq_ignore_ascii_case(b.trim()));
    if let Some(name) = expected.name {
        field(Field::Name, name, p.merchant_name(), same_words);
    }
    if let Some(city) = expected.city {
        field(Field::City, city, p.merchant_city(), same_words);
    }
    if let Some(pan) = expected.pan {
        let pans: Vec<&str> = p.merchant_accounts().filter_map(|m| m.pan()).collect();
        if !pans.iter().any(|got| digits(got) == digits(pan)) {
            let found = (!pans.is_empty()).then(|| pans.join(","));
            out.push(Difference { field: Field::Pan, expected: pan.to_owned(), found });
        }
    }
    Some(out)
}

fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    norm(a) == norm(b)
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ' ' | '-' | '.')).collect()
}
