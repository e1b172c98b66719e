//! Signature encodings: Base64 (the SNAP default) or lowercase hex.

use alloc::string::String;
use alloc::vec::Vec;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// How a signature is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Standard Base64 with padding (the SNAP default).
    #[default]
    Base64,
    /// Lowercase hexadecimal (some sandboxes and Midtrans' docs show this).
    Hex,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xF)]));
    }
    s
}

/// Writes lowercase hex of `bytes` into `out` (which must be twice as long).
pub(crate) fn hex_into(bytes: &[u8], out: &mut [u8]) {
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0xF)];
    }
}

fn unhex(s: &[u8]) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    s.chunks_exact(2)
        .map(|p| {
            let hi = char::from(p[0]).to_digit(16)?;
            let lo = char::from(p[1]).to_digit(16)?;
            Some((hi * 16 + lo) as u8)
        })
        .collect()
}

impl Encoding {
    /// The one spelling every surface uses: `base64` or `hex`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Hex => "hex",
        }
    }

    /// Encodes signature bytes.
    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Base64 => STANDARD.encode(bytes),
            Encoding::Hex => hex(bytes),
        }
    }
}

/// A name that is not `base64` or `hex`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownEncoding;

impl core::fmt::Display for UnknownEncoding {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("unknown encoding: expected \"base64\" or \"hex\"")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownEncoding {}

impl core::str::FromStr for Encoding {
    type Err = UnknownEncoding;
    /// The spelling of [`Encoding::as_str`].
    fn from_str(s: &str) -> Result<Self, UnknownEncoding> {
        [Encoding::Base64, Encoding::Hex].into_iter().find(|e| e.as_str() == s).ok_or(UnknownEncoding)
    }
}

impl core::fmt::Display for Encoding {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Decodes a signature of `len` bytes written in either encoding: hex when it
/// is exactly `2 * len` hex digits (either case), else standard Base64
/// (surrounding whitespace ignored). `None` if it is neither.
pub(crate) fn decode_signature(text: &str, len: usize) -> Option<Vec<u8>> {
    let t = text.trim().as_bytes();
    if t.len() == 2 * len {
        if let Some(v) = unhex(t) {
            return Some(v);
        }
    }
    let v = STANDARD.decode(t).ok()?;
    (v.len() == len).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_base64_round_trip() {
        let bytes = [0u8, 1, 0xAB, 0xFF];
        assert_eq!(hex(&bytes), "0001abff");
        assert_eq!(decode_signature("0001abff", 4).unwrap(), bytes);
        assert_eq!(decode_signature("0001ABFF", 4).unwrap(), bytes);
        assert_eq!(decode_signature(&Encoding::Base64.encode(&bytes), 4).unwrap(), bytes);
        assert_eq!(decode_signature("AAGr/w==\n", 4).unwrap(), bytes);
        assert_eq!(decode_signature("AAGr/w==", 5), None);
        assert_eq!(decode_signature("not base64!", 4), None);
    }
}
