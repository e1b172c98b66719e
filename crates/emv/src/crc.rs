//! CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740), the checksum of tag 63.
//!
//! Parameters: polynomial `0x1021`, initial value `0xFFFF`, no reflection,
//! final XOR `0x0000`. The check value of `"123456789"` is `0x29B1`.
//! In a payload it covers every byte up to and including the characters `6304`
//! and is written as exactly four uppercase hexadecimal digits.

use crc::{Crc, Table, CRC_16_IBM_3740};

/// Slice-by-16 tables: ~16 bytes per step, which is what makes >= 2 GB/s possible.
static CRC16: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740);

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Computes the CRC-16/CCITT-FALSE of `data`.
///
/// ```
/// assert_eq!(qris_emv::crc16(b"123456789"), 0x29B1);
/// ```
#[inline]
pub fn crc16(data: &[u8]) -> u16 {
    CRC16.checksum(data)
}

/// A CRC as the four uppercase hex digits a payload carries (zero-padded), like
/// `qris_sign::BodyHash` for a digest: the one way every surface writes a CRC.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CrcHex([u8; 4]);

impl CrcHex {
    /// The four digits.
    pub fn as_str(&self) -> &str {
        // Uppercase hex digits: always ASCII.
        core::str::from_utf8(&self.0).unwrap_or("0000")
    }

    /// The four digits as bytes.
    pub fn as_bytes(&self) -> &[u8; 4] {
        &self.0
    }
}

impl core::fmt::Display for CrcHex {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::fmt::Debug for CrcHex {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "CrcHex({})", self.as_str())
    }
}

impl PartialEq<str> for CrcHex {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CrcHex {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Formats a CRC as the four uppercase hex digits a payload carries (zero-padded).
///
/// ```
/// assert_eq!(qris_emv::crc16_hex(0x7B).as_str(), "007B");
/// ```
#[inline]
pub fn crc16_hex(crc: u16) -> CrcHex {
    CrcHex([
        HEX_UPPER[usize::from(crc >> 12)],
        HEX_UPPER[usize::from((crc >> 8) & 0xF)],
        HEX_UPPER[usize::from((crc >> 4) & 0xF)],
        HEX_UPPER[usize::from(crc & 0xF)],
    ])
}

/// Computes the CRC a payload body must end with: `body` is everything up to and
/// including `"6304"`. Returns the four uppercase hex digits (no allocation).
///
/// ```
/// let body = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung6105402866304";
/// assert_eq!(qris_emv::payload_crc(body), "8DC1");
/// ```
#[inline]
pub fn payload_crc(body: &str) -> CrcHex {
    crc16_hex(crc16(body.as_bytes()))
}

/// Parses four hex digits (either case) into a CRC value.
pub(crate) fn parse_hex4(digits: &[u8]) -> Option<u16> {
    if digits.len() != 4 {
        return None;
    }
    let mut v: u16 = 0;
    for &d in digits {
        let n = match d {
            b'0'..=b'9' => d - b'0',
            b'A'..=b'F' => d - b'A' + 10,
            b'a'..=b'f' => d - b'a' + 10,
            _ => return None,
        };
        v = (v << 4) | u16::from(n);
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_value_of_the_catalogue() {
        // The CRC catalogue's check value for CRC-16/IBM-3740.
        assert_eq!(crc16(b"123456789"), 0x29B1);
        assert_eq!(crc16(b""), 0xFFFF);
    }

    #[test]
    fn hex_is_uppercase_and_padded() {
        assert_eq!(crc16_hex(0x007B), "007B");
        assert_eq!(crc16_hex(0xABCD).as_bytes(), b"ABCD");
        assert_eq!(crc16_hex(0).as_str(), "0000");
    }

    #[test]
    fn parse_hex_accepts_both_cases_only_hex() {
        assert_eq!(parse_hex4(b"a623"), Some(0xA623));
        assert_eq!(parse_hex4(b"A623"), Some(0xA623));
        assert_eq!(parse_hex4(b"A62"), None);
        assert_eq!(parse_hex4(b"G623"), None);
    }
}
