//! Static <-> dynamic conversion, by the ordering rule, through the [`Builder`].

use alloc::string::String;
use core::fmt;

use crate::build::{BuildError, Builder};
use crate::diag::{Code, Detail, Diagnostic, Path};
use crate::payload::{ParseError, ParseOptions, Payload};
use crate::tags;
use crate::validate::{check_amount, check_percent};

/// A tip or convenience fee to put in a dynamic code (55 with 56 or 57).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TipRequest<'o> {
    /// `55 = "01"`: the payer's app prompts for a tip.
    Prompt,
    /// `55 = "02"`, `56 = value`: a fixed fee, written as given (e.g. `"1000"`).
    FixedFee(&'o str),
    /// `55 = "03"`, `57 = value`: a percentage fee, written as given (e.g. `"2.5"`).
    PercentFee(&'o str),
}

impl<'o> TipRequest<'o> {
    /// The one tip request among a surface's three separate options (a prompt
    /// flag, a fixed fee, a percentage fee), or none.
    ///
    /// # Errors
    /// [`TipConflict`] when more than one is given.
    pub fn choose(prompt: bool, fixed: Option<&'o str>, percent: Option<&'o str>) -> Result<Option<Self>, TipConflict> {
        match (prompt, fixed, percent) {
            (false, None, None) => Ok(None),
            (true, None, None) => Ok(Some(TipRequest::Prompt)),
            (false, Some(f), None) => Ok(Some(TipRequest::FixedFee(f))),
            (false, None, Some(p)) => Ok(Some(TipRequest::PercentFee(p))),
            _ => Err(TipConflict),
        }
    }
}

/// More than one of a tip prompt, a fixed fee and a percentage fee was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TipConflict;

impl fmt::Display for TipConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("choose at most one of a tip prompt, a fixed fee and a percentage fee")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for TipConflict {}

/// What to put in a dynamic code. Values are validated, then written exactly as
/// given (`"25000"` stays `"25000"`, `"2.5"` stays `"2.5"`).
///
/// ```
/// use qris_emv::DynamicOptions;
/// let opts = DynamicOptions::new("17000").fee_percent("2.5").terminal("A01");
/// # let _ = opts;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DynamicOptions<'o> {
    amount: &'o str,
    tip: Option<TipRequest<'o>>,
    bill: Option<&'o str>,
    reference: Option<&'o str>,
    terminal: Option<&'o str>,
    force: bool,
}

impl<'o> DynamicOptions<'o> {
    /// A dynamic code for `amount` (54).
    pub const fn new(amount: &'o str) -> Self {
        DynamicOptions { amount, tip: None, bill: None, reference: None, terminal: None, force: false }
    }

    /// Ask the payer's app to prompt for a tip (55 = `"01"`).
    #[must_use]
    pub const fn tip_prompt(mut self) -> Self {
        self.tip = Some(TipRequest::Prompt);
        self
    }

    /// A fixed convenience fee (55 = `"02"`, 56).
    #[must_use]
    pub const fn fee_fixed(mut self, fee: &'o str) -> Self {
        self.tip = Some(TipRequest::FixedFee(fee));
        self
    }

    /// A percentage convenience fee (55 = `"03"`, 57).
    #[must_use]
    pub const fn fee_percent(mut self, percent: &'o str) -> Self {
        self.tip = Some(TipRequest::PercentFee(percent));
        self
    }

    /// Any tip request, or none.
    #[must_use]
    pub const fn tip(mut self, tip: Option<TipRequest<'o>>) -> Self {
        self.tip = tip;
        self
    }

    /// The bill number (62.01).
    #[must_use]
    pub const fn bill(mut self, bill: &'o str) -> Self {
        self.bill = Some(bill);
        self
    }

    /// [`DynamicOptions::bill`], or none: what a surface passes through as given.
    #[must_use]
    pub const fn bill_opt(mut self, bill: Option<&'o str>) -> Self {
        self.bill = bill;
        self
    }

    /// The reference label (62.05).
    #[must_use]
    pub const fn reference(mut self, reference: &'o str) -> Self {
        self.reference = Some(reference);
        self
    }

    /// [`DynamicOptions::reference`], or none: what a surface passes through as given.
    #[must_use]
    pub const fn reference_opt(mut self, reference: Option<&'o str>) -> Self {
        self.reference = reference;
        self
    }

    /// The terminal label (62.07).
    #[must_use]
    pub const fn terminal(mut self, terminal: &'o str) -> Self {
        self.terminal = Some(terminal);
        self
    }

    /// [`DynamicOptions::terminal`], or none: what a surface passes through as given.
    #[must_use]
    pub const fn terminal_opt(mut self, terminal: Option<&'o str>) -> Self {
        self.terminal = terminal;
        self
    }

    /// Convert even when the input's CRC is wrong.
    #[must_use]
    pub const fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }
}

/// Why a conversion was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConvertError {
    /// The input is not a sound payload (structure, or CRC when not forced).
    Parse(ParseError),
    /// The input cannot be converted unambiguously (e.g. a duplicated root ID),
    /// or its CRC is wrong and the conversion was not forced.
    Payload(Diagnostic),
    /// An option's value is invalid. The diagnostic's path is the field it was
    /// meant for and its offset is the byte offset within the option's value.
    Option(Diagnostic),
    /// The result would not be a valid encoding (e.g. 62 over 99 characters).
    Build(BuildError),
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvertError::Parse(e) => write!(f, "cannot convert: {e}"),
            ConvertError::Payload(d) => write!(f, "cannot convert: {d}"),
            ConvertError::Option(d) => {
                write!(f, "invalid value for {} at byte {} of the value: {}", d.path, d.offset, d.message())
            }
            ConvertError::Build(e) => write!(f, "cannot convert: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConvertError {}

impl From<BuildError> for ConvertError {
    fn from(e: BuildError) -> Self {
        ConvertError::Build(e)
    }
}

fn option_error(code: Code, path: Path, at: usize, expected: &'static str) -> ConvertError {
    ConvertError::Option(Diagnostic::error(code, at, path, Detail::Expected(expected)))
}

fn check_label(path: Path, v: &str) -> Result<(), ConvertError> {
    let n = v.chars().count();
    if n == 0 || n > 25 {
        return Err(ConvertError::Option(Diagnostic::error(
            Code::FieldLength,
            0,
            path,
            Detail::Length { min: 1, max: 25, actual: n },
        )));
    }
    if let Some((at, _)) = v.char_indices().find(|(_, c)| c.is_control()) {
        return Err(option_error(Code::FieldFormat, path, at, "printable characters"));
    }
    Ok(())
}

impl DynamicOptions<'_> {
    fn check(&self) -> Result<(), ConvertError> {
        check_amount(self.amount)
            .map_err(|(at, e)| option_error(Code::AmountFormat, Path::root(tags::AMOUNT), at, e))?;
        match self.tip {
            Some(TipRequest::FixedFee(v)) => {
                check_amount(v)
                    .map_err(|(at, e)| option_error(Code::AmountFormat, Path::root(tags::FEE_FIXED), at, e))?;
            }
            Some(TipRequest::PercentFee(v)) => {
                check_percent(v)
                    .map_err(|(at, e)| option_error(Code::FieldFormat, Path::root(tags::FEE_PERCENT), at, e))?;
            }
            Some(TipRequest::Prompt) | None => {}
        }
        for (sub, v) in [(1, self.bill), (5, self.reference), (7, self.terminal)] {
            if let (Some(v), Some(path)) = (v, Path::root(tags::ADDITIONAL_DATA).child(sub)) {
                check_label(path, v)?;
            }
        }
        Ok(())
    }
}

fn convertible(p: &Payload<'_>, force: bool) -> Result<(), ConvertError> {
    if !force && !p.crc_ok() {
        return Err(ConvertError::Payload(p.crc_mismatch()));
    }
    if let Some((id, offset)) = p.duplicate() {
        let first = p.get(id).map_or(0, |o| o.offset());
        return Err(ConvertError::Payload(Diagnostic::error(
            Code::TagDuplicate,
            offset,
            Path::root(id),
            Detail::Duplicate { first },
        )));
    }
    Ok(())
}

const AMOUNT_AND_FEES: [u8; 4] = [tags::AMOUNT, tags::TIP_INDICATOR, tags::FEE_FIXED, tags::FEE_PERCENT];

impl<'a> Payload<'a> {
    /// Converts this payload to a dynamic code: drops 54..57 and the CRC, sets 01
    /// to `"12"`, inserts 54 (and 55 with 56/57) and any 62 sub-fields by the
    /// ordering rule (each new object goes immediately before the first existing
    /// one with a larger ID), and appends a fresh CRC.
    ///
    /// ```
    /// use qris_emv::DynamicOptions;
    /// let stat = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";
    /// let dynamic = qris_emv::parse(stat)?.to_dynamic(&DynamicOptions::new("17000"))?;
    /// assert!(dynamic.contains("5303360540517000580"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// A wrong CRC (unless forced), a duplicated root ID, an invalid option value,
    /// or a 62 template that would exceed 99 characters.
    pub fn to_dynamic(&self, opts: &DynamicOptions<'_>) -> Result<String, ConvertError> {
        convertible(self, opts.force)?;
        opts.check()?;
        let mut b = Builder::from_payload_without(self, |id| AMOUNT_AND_FEES.contains(&id));
        b.set(tags::POINT_OF_INITIATION, "12")?;
        b.set(tags::AMOUNT, opts.amount)?;
        match opts.tip {
            Some(TipRequest::Prompt) => {
                b.set(tags::TIP_INDICATOR, "01")?;
            }
            Some(TipRequest::FixedFee(v)) => {
                b.set(tags::TIP_INDICATOR, "02")?.set(tags::FEE_FIXED, v)?;
            }
            Some(TipRequest::PercentFee(v)) => {
                b.set(tags::TIP_INDICATOR, "03")?.set(tags::FEE_PERCENT, v)?;
            }
            None => {}
        }
        for (sub, v) in [(1, opts.bill), (5, opts.reference), (7, opts.terminal)] {
            if let (Some(v), Some(path)) = (v, Path::root(tags::ADDITIONAL_DATA).child(sub)) {
                b.set_at(path, v)?;
            }
        }
        Ok(b.build()?)
    }

    /// Converts this payload to a static code: drops the amount and fees (54..57),
    /// sets 01 to `"11"` and appends a fresh CRC. Everything else is kept as is.
    ///
    /// # Errors
    /// A wrong CRC (unless `force`), or a duplicated root ID.
    pub fn to_static(&self, force: bool) -> Result<String, ConvertError> {
        convertible(self, force)?;
        let mut b = Builder::from_payload_without(self, |id| AMOUNT_AND_FEES.contains(&id));
        b.set(tags::POINT_OF_INITIATION, "11")?;
        Ok(b.build()?)
    }
}

fn parse_for(input: &str, force: bool) -> Result<Payload<'_>, ConvertError> {
    ParseOptions::lenient().verify_crc(!force).parse(input).map_err(ConvertError::Parse)
}

/// Parses `input` leniently and converts it to a dynamic code; see [`Payload::to_dynamic`].
///
/// ```
/// use qris_emv::DynamicOptions;
/// let stat = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";
/// let dynamic = qris_emv::to_dynamic(stat, &DynamicOptions::new("25000").tip_prompt())?;
/// assert!(qris_emv::parse(&dynamic)?.is_dynamic());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`Payload::to_dynamic`], plus any parse error.
pub fn to_dynamic(input: &str, opts: &DynamicOptions<'_>) -> Result<String, ConvertError> {
    parse_for(input, opts.force)?.to_dynamic(opts)
}

/// Parses `input` leniently and converts it to a static code; see [`Payload::to_static`].
///
/// # Errors
/// As [`Payload::to_static`], plus any parse error.
pub fn to_static(input: &str, force: bool) -> Result<String, ConvertError> {
    parse_for(input, force)?.to_static(force)
}
