//! The raw TLV walker shared by parsing, iteration and lookup. It never allocates.

use crate::diag::{Code, Detail};

/// One data object as found: ID, where its ID starts, declared length, value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Raw<'a> {
    pub id: u8,
    /// Absolute byte offset of the ID in the caller's input.
    pub offset: usize,
    /// Declared length, in characters.
    pub len: u8,
    pub value: &'a str,
}

/// A structural fault: what, where, and the ID of the object when it was read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fault {
    pub code: Code,
    pub offset: usize,
    pub id: Option<u8>,
    pub detail: Detail,
}

/// Walks consecutive `ID LEN VALUE` objects of `s`, whose first byte is at
/// absolute offset `base`. `ascii` tells whether `s` is pure ASCII, in which case
/// a character is a byte; otherwise lengths are counted in `char`s.
#[derive(Clone, Debug)]
pub(crate) struct Walker<'a> {
    s: &'a str,
    pos: usize,
    base: usize,
    ascii: bool,
}

/// The four digit values of an `ID LEN` header, if all four bytes are ASCII
/// digits: one SWAR test on a `u32` instead of four compares. A byte is a digit
/// when its high nibble is 3 and adding 6 to it does not carry out of the low nibble.
#[inline(always)]
fn header_digits(b: [u8; 4]) -> Option<[u8; 4]> {
    let x = u32::from_le_bytes(b);
    let all_digits = x & 0xF0F0_F0F0 == 0x3030_3030 && (x.wrapping_add(0x0606_0606) & 0xF0F0_F0F0) == 0x3030_3030;
    if all_digits {
        Some((x - 0x3030_3030).to_le_bytes())
    } else {
        None
    }
}

#[inline]
pub(crate) fn two_digits(b0: u8, b1: u8) -> Option<u8> {
    let hi = b0.wrapping_sub(b'0');
    let lo = b1.wrapping_sub(b'0');
    if hi < 10 && lo < 10 {
        Some(hi * 10 + lo)
    } else {
        None
    }
}

impl<'a> Walker<'a> {
    #[inline]
    pub(crate) fn new(s: &'a str, base: usize, ascii: bool) -> Self {
        Walker { s, pos: 0, base, ascii }
    }

    /// A walker positioned at relative byte `pos` of `s` (which must be a
    /// character boundary where an object starts).
    #[inline]
    pub(crate) fn at(s: &'a str, base: usize, ascii: bool, pos: usize) -> Self {
        Walker { s, pos, base, ascii }
    }

    /// Absolute offset of the next object.
    #[inline]
    pub(crate) fn position(&self) -> usize {
        self.base + self.pos
    }

    #[inline]
    pub(crate) fn is_done(&self) -> bool {
        self.pos >= self.s.len()
    }

    /// Reads the next object. `None` at the end, or at a fault: then the walker
    /// stays where the fault is, [`Walker::is_done`] is `false` and
    /// [`Walker::fault`] says what is wrong. The fast path allocates and copies nothing.
    #[inline(always)]
    pub(crate) fn next_raw(&mut self) -> Option<Raw<'a>> {
        let bytes = self.s.as_bytes();
        let pos = self.pos;
        let h = bytes.get(pos..pos + 4)?;
        let [i0, i1, l0, l1] = header_digits([h[0], h[1], h[2], h[3]])?;
        let len = l0 * 10 + l1;
        let vstart = pos + 4;
        let vend = if self.ascii {
            let end = vstart + usize::from(len);
            if end > bytes.len() {
                return None;
            }
            end
        } else {
            vstart + utf8_prefix(&self.s[vstart..], usize::from(len))?
        };
        let value = self.s.get(vstart..vend)?;
        self.pos = vend;
        Some(Raw { id: i0 * 10 + i1, offset: self.base + pos, len, value })
    }

    /// Why the object at the current position cannot be read (only meaningful
    /// after [`Walker::next_raw`] returned `None` with [`Walker::is_done`] false).
    #[cold]
    pub(crate) fn fault(&self) -> Fault {
        let bytes = self.s.as_bytes();
        let pos = self.pos.min(bytes.len());
        let offset = self.base + pos;
        let rest = &bytes[pos..];
        let head = &rest[..rest.len().min(2)];
        if !head.iter().all(u8::is_ascii_digit) {
            return Fault { code: Code::TlvBadId, offset, id: None, detail: Detail::None };
        }
        let id = two_digits(rest.first().copied().unwrap_or(0), rest.get(1).copied().unwrap_or(0));
        if rest.len() < 4 {
            let left = self.s[pos..].chars().count();
            return Fault { code: Code::TlvTruncated, offset, id, detail: Detail::Truncated { needed: 4, left } };
        }
        let Some(len) = two_digits(rest[2], rest[3]) else {
            return Fault { code: Code::TlvBadLength, offset: offset + 2, id, detail: Detail::None };
        };
        let left = self.s[pos + 4..].chars().count();
        Fault { code: Code::TlvTruncated, offset, id, detail: Detail::Truncated { needed: usize::from(len), left } }
    }
}

/// The byte length of the first `n` characters of `s`, if it has that many.
#[inline]
fn utf8_prefix(s: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(0);
    }
    match s.char_indices().nth(n) {
        Some((i, _)) => Some(i),
        None if s.chars().count() == n => Some(s.len()),
        None => None,
    }
}

/// Whether `s` is entirely a sequence of one or more well-formed TLV objects.
pub(crate) fn is_tlv(s: &str, ascii: bool) -> bool {
    if s.len() < 4 {
        return false;
    }
    let mut w = Walker::new(s, 0, ascii);
    while w.next_raw().is_some() {}
    w.is_done()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(s: &str) -> Result<alloc::vec::Vec<(u8, usize, &str)>, Code> {
        let mut w = Walker::new(s, 0, s.is_ascii());
        let mut out = alloc::vec::Vec::new();
        while let Some(r) = w.next_raw() {
            out.push((r.id, r.offset, r.value));
        }
        if !w.is_done() {
            return Err(w.fault().code);
        }
        Ok(out)
    }

    #[test]
    fn walks_ascii_and_utf8() {
        assert_eq!(walk("000201").unwrap(), [(0, 0, "01")]);
        assert_eq!(walk("0104最佳运输0202北京").unwrap(), [(1, 0, "最佳运输"), (2, 16, "北京")]);
        assert_eq!(walk("").unwrap(), []);
    }

    #[test]
    fn faults() {
        assert_eq!(walk("0002010"), Err(Code::TlvTruncated));
        assert_eq!(walk("000201X"), Err(Code::TlvBadId));
        assert_eq!(walk("00020101"), Err(Code::TlvTruncated));
        assert_eq!(walk("0005012"), Err(Code::TlvTruncated));
        assert_eq!(walk("000X01"), Err(Code::TlvBadLength));
        assert_eq!(walk("A00201"), Err(Code::TlvBadId));
        assert_eq!(walk("0104最佳运"), Err(Code::TlvTruncated));
        assert_eq!(walk("é0201"), Err(Code::TlvBadId));
    }

    #[test]
    fn header_digits_accepts_exactly_ascii_digits() {
        for b0 in 0..=255u8 {
            for b1 in [b'0', b'5', b'9'] {
                let expected = b0.is_ascii_digit().then(|| [b0 - b'0', b1 - b'0', 1, 2]);
                assert_eq!(header_digits([b0, b1, b'1', b'2']), expected, "{b0:#x}");
                let expected = b0.is_ascii_digit().then(|| [b1 - b'0', 0, 9, b0 - b'0']);
                assert_eq!(header_digits([b1, b'0', b'9', b0]), expected, "{b0:#x}");
            }
        }
    }

    #[test]
    fn tlv_detection() {
        assert!(is_tlv("0016A011223344998877", true));
        assert!(!is_tlv("046", true));
        assert!(!is_tlv("A120260818025055rNt8gS9Lx9ID", true));
        assert!(!is_tlv("", true));
    }
}
