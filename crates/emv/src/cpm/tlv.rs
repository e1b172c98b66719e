//! BER-TLV as EMV uses it, with nom: tags of one to three bytes (the low five
//! bits all ones: more bytes follow while bit 8 is set), lengths in short form
//! or long form with one or two bytes (`81 xx`, `82 xx xx`), zero-copy.

use nom::bytes::complete::take;
use nom::number::complete::be_u8;
use nom::{IResult, Parser};

use super::{CpmCode, CpmError};

/// One BER-TLV data object, borrowed from the decoded bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag's bytes as a number, e.g. `0x9F10`.
    pub tag: u32,
    /// Byte offset of the tag in the decoded data.
    pub offset: usize,
    /// The value.
    pub value: &'a [u8],
    /// Byte offset of the value in the decoded data.
    pub value_offset: usize,
}

impl core::fmt::Debug for Tlv<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut d = f.debug_struct("Tlv");
        d.field("tag", &tag_hex(self.tag, &mut [0; 6])).field("offset", &self.offset).field("len", &self.value.len());
        if matches!(self.tag, 0x5A | 0x57) {
            // Card data: never shown.
            d.field("value", &"[card data]");
        } else {
            let mut buf = [0u8; 64];
            d.field("value", &super::hex(self.value, &mut buf));
        }
        d.finish()
    }
}

impl<'a> Tlv<'a> {
    /// The data objects inside a constructed one (nothing for a primitive
    /// one). Items are `Err` only for data that did not come from [`super::parse`].
    pub fn children(&self) -> TlvIter<'a> {
        if self.is_constructed() {
            TlvIter::new(self.value, self.value_offset)
        } else {
            TlvIter::new(&[], self.value_offset)
        }
    }

    /// Whether the tag says constructed (bit 6 of its first byte): its value is
    /// more data objects.
    pub fn is_constructed(&self) -> bool {
        first_byte(self.tag) & 0x20 != 0
    }
}

/// The first byte of a tag number.
pub(crate) fn first_byte(tag: u32) -> u8 {
    let mut t = tag;
    while t > 0xFF {
        t >>= 8;
    }
    t as u8
}

/// The error a nom step failed with, mapped to ours by [`next`].
#[derive(Debug)]
enum Step {
    Truncated,
    Tag,
    Length,
}

impl<I> nom::error::ParseError<I> for Step {
    fn from_error_kind(_: I, _: nom::error::ErrorKind) -> Self {
        Step::Truncated
    }
    fn append(_: I, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

#[inline]
fn tag(input: &[u8]) -> IResult<&[u8], u32, Step> {
    let (mut rest, first) = be_u8(input)?;
    if first == 0x00 || first == 0xFF {
        // Padding bytes, or garbage: no EMV tag starts so.
        return Err(nom::Err::Error(Step::Tag));
    }
    let mut tag = u32::from(first);
    if first & 0x1F == 0x1F {
        for i in 0.. {
            let (r, b) = be_u8(rest)?;
            rest = r;
            tag = (tag << 8) | u32::from(b);
            if b & 0x80 == 0 {
                break;
            }
            if i == 1 {
                // EMV tags are at most three bytes.
                return Err(nom::Err::Error(Step::Tag));
            }
        }
    }
    Ok((rest, tag))
}

#[inline]
fn length(input: &[u8]) -> IResult<&[u8], usize, Step> {
    let (rest, first) = be_u8(input)?;
    match first {
        0..=0x7F => Ok((rest, usize::from(first))),
        0x81 => {
            let (rest, n) = be_u8(rest)?;
            Ok((rest, usize::from(n)))
        }
        0x82 => {
            let (rest, hi) = be_u8(rest)?;
            let (rest, lo) = be_u8(rest)?;
            Ok((rest, usize::from(hi) << 8 | usize::from(lo)))
        }
        // 0x80 (indefinite) and 0x83.. (three or more length bytes) are not EMV.
        _ => Err(nom::Err::Error(Step::Length)),
    }
}

#[inline]
fn data_object(input: &[u8]) -> IResult<&[u8], (u32, &[u8], usize), Step> {
    let (rest, t) = tag(input)?;
    let (rest, n) = length(rest)?;
    let header = input.len() - rest.len();
    let (rest, value) = take(n).parse(rest)?;
    Ok((rest, (t, value, header)))
}

/// The data objects in `data` (a template's value, or the whole code), one at a
/// time; `base` is the offset of `data` in the decoded bytes.
#[derive(Clone, Debug)]
pub struct TlvIter<'a> {
    data: &'a [u8],
    base: usize,
    pos: usize,
}

impl<'a> TlvIter<'a> {
    pub(crate) fn new(data: &'a [u8], base: usize) -> TlvIter<'a> {
        TlvIter { data, base, pos: 0 }
    }
}

impl<'a> TlvIter<'a> {
    /// The next data object, or `None` at the end or at data that is not one
    /// (for trees already checked by `parse`, where that cannot happen): a
    /// smaller return value than the `Result` items.
    pub(crate) fn next_tlv(&mut self) -> Option<Tlv<'a>> {
        let input = self.data.get(self.pos..).filter(|r| !r.is_empty())?;
        let offset = self.base + self.pos;
        match data_object(input) {
            Ok((rest, (tag, value, header))) => {
                self.pos = self.data.len() - rest.len();
                Some(Tlv { tag, offset, value, value_offset: offset + header })
            }
            Err(_) => {
                self.pos = self.data.len();
                None
            }
        }
    }
}

/// The data objects of a checked tree (see [`TlvIter::next_tlv`]).
#[derive(Clone, Debug)]
pub(crate) struct Objects<'a>(pub(crate) TlvIter<'a>);

impl<'a> Iterator for Objects<'a> {
    type Item = Tlv<'a>;
    fn next(&mut self) -> Option<Tlv<'a>> {
        self.0.next_tlv()
    }
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Result<Tlv<'a>, CpmError>;

    fn next(&mut self) -> Option<Self::Item> {
        let input = self.data.get(self.pos..).filter(|r| !r.is_empty())?;
        let offset = self.base + self.pos;
        match data_object(input) {
            Ok((rest, (tag, value, header))) => {
                let value_offset = offset + header;
                self.pos = self.data.len() - rest.len();
                Some(Ok(Tlv { tag, offset, value, value_offset }))
            }
            Err(e) => {
                self.pos = self.data.len();
                let (code, what) = match e {
                    nom::Err::Error(Step::Tag) | nom::Err::Failure(Step::Tag) => {
                        (CpmCode::Trailing, "bytes that are not a data object (padding or garbage)")
                    }
                    nom::Err::Error(Step::Length) | nom::Err::Failure(Step::Length) => {
                        (CpmCode::TlvLength, "a length form EMV does not use (only 1 to 3 length bytes)")
                    }
                    _ => (CpmCode::TlvTruncated, "a data object runs past the end of its container"),
                };
                Some(Err(CpmError::at(code, offset, what)))
            }
        }
    }
}

/// The tag as EMV writes it: uppercase hex of its bytes (`9F10`).
pub fn tag_hex(tag: u32, out: &mut [u8; 6]) -> &str {
    let bytes = tag.to_be_bytes();
    let skip = bytes.iter().take(3).take_while(|&&b| b == 0).count();
    super::hex(&bytes[skip..], out)
}
