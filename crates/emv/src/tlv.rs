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

    /// Reads the next object. `None` at the end; after a fault the walker stops.
    #[inline]
    pub(crate) fn next_raw(&mut self) -> Option<Result<Raw<'a>, Fault>> {
        if self.is_done() {
            return None;
        }
        let r = self.read();
        if r.is_err() {
            self.pos = self.s.len();
        }
        Some(r)
    }

    fn read(&mut self) -> Result<Raw<'a>, Fault> {
        let bytes = self.s.as_bytes();
        let pos = self.pos;
        let offset = self.base + pos;
        let rest = bytes.len() - pos;
        if rest < 4 {
            // Not even an ID and a length: say what is missing.
            let head = &bytes[pos..pos + rest.min(2)];
            if !head.iter().all(u8::is_ascii_digit) {
                return Err(Fault { code: Code::TlvBadId, offset, id: None, detail: Detail::None });
            }
            let id = if rest >= 2 { two_digits(bytes[pos], bytes[pos + 1]) } else { None };
            let left = self.s[pos..].chars().count();
            return Err(Fault { code: Code::TlvTruncated, offset, id, detail: Detail::Truncated { needed: 4, left } });
        }
        let id = two_digits(bytes[pos], bytes[pos + 1]).ok_or(Fault {
            code: Code::TlvBadId,
            offset,
            id: None,
            detail: Detail::None,
        })?;
        let len = two_digits(bytes[pos + 2], bytes[pos + 3]).ok_or(Fault {
            code: Code::TlvBadLength,
            offset: offset + 2,
            id: Some(id),
            detail: Detail::None,
        })?;
        let vstart = pos + 4;
        let n = usize::from(len);
        let vend = if self.ascii {
            if vstart + n > bytes.len() {
                return Err(Fault {
                    code: Code::TlvTruncated,
                    offset,
                    id: Some(id),
                    detail: Detail::Truncated { needed: n, left: bytes.len() - vstart },
                });
            }
            vstart + n
        } else {
            let tail = &self.s[vstart..];
            let mut count = 0usize;
            let mut end = tail.len();
            for (i, _) in tail.char_indices() {
                if count == n {
                    end = i;
                    break;
                }
                count += 1;
            }
            if count < n {
                return Err(Fault {
                    code: Code::TlvTruncated,
                    offset,
                    id: Some(id),
                    detail: Detail::Truncated { needed: n, left: count },
                });
            }
            vstart + end
        };
        self.pos = vend;
        Ok(Raw { id, offset, len, value: &self.s[vstart..vend] })
    }
}

/// Whether `s` is entirely a sequence of one or more well-formed TLV objects.
pub(crate) fn is_tlv(s: &str, ascii: bool) -> bool {
    if s.len() < 4 {
        return false;
    }
    let mut w = Walker::new(s, 0, ascii);
    while let Some(r) = w.next_raw() {
        if r.is_err() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(s: &str) -> Result<alloc::vec::Vec<(u8, usize, &str)>, Code> {
        let mut w = Walker::new(s, 0, s.is_ascii());
        let mut out = alloc::vec::Vec::new();
        while let Some(r) = w.next_raw() {
            let r = r.map_err(|f| f.code)?;
            out.push((r.id, r.offset, r.value));
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
    fn tlv_detection() {
        assert!(is_tlv("0016A011223344998877", true));
        assert!(!is_tlv("046", true));
        assert!(!is_tlv("A120260818025055rNt8gS9Lx9ID", true));
        assert!(!is_tlv("", true));
    }
}
