//! Base64 (standard alphabet) for CPM codes, without allocation: decoding into a
//! caller's buffer, skipping the whitespace scanners add and tolerating missing
//! padding (both reported, as payloads report trimmed input).

use super::{CpmCode, CpmError};

/// What decoding tolerated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Leniency {
    /// Whitespace (spaces, CR/LF, tabs) was skipped.
    pub whitespace: bool,
    /// The `=` padding was missing.
    pub missing_padding: bool,
}

/// The value of each byte: 0..=63 for the alphabet, `WS` for whitespace, `PAD`
/// for `=`, `BAD` otherwise.
const WS: u8 = 0x40;
const PAD: u8 = 0x41;
const BAD: u8 = 0xFF;
const DECODE: [u8; 256] = {
    let mut t = [BAD; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t[b' ' as usize] = WS;
    t[b'\t' as usize] = WS;
    t[b'\n' as usize] = WS;
    t[b'\r' as usize] = WS;
    t[0x0C] = WS;
    t[b'=' as usize] = PAD;
    t
};

/// Decodes `text` into `out`; returns the number of bytes written and what was
/// tolerated.
///
/// # Errors
/// [`CpmCode::Base64`] (with the offset of the character in `text`) for a
/// character outside the alphabet, padding in the middle, or a length no
/// Base64 text has; [`CpmCode::TooLong`] when `out` is too small.
pub fn decode_into(text: &str, out: &mut [u8]) -> Result<(usize, Leniency), CpmError> {
    let bytes = text.as_bytes();
    let mut lenient = Leniency::default();
    let (mut i, mut n) = (0usize, 0usize);
    // Fast path: eight alphabet characters at a time make six bytes.
    while i + 8 <= bytes.len() && n + 6 <= out.len() {
        let (mut acc, mut seen) = (0u64, 0u8);
        for &c in &bytes[i..i + 8] {
            let v = DECODE[usize::from(c)];
            seen |= v;
            acc = acc << 6 | u64::from(v);
        }
        if seen >= 64 {
            break;
        }
        out[n..n + 6].copy_from_slice(&acc.to_be_bytes()[2..]);
        n += 6;
        i += 8;
    }
    // Then four at a time.
    while i + 4 <= bytes.len() && n + 3 <= out.len() {
        let (a, b, c, d) = (
            DECODE[usize::from(bytes[i])],
            DECODE[usize::from(bytes[i + 1])],
            DECODE[usize::from(bytes[i + 2])],
            DECODE[usize::from(bytes[i + 3])],
        );
        if (a | b | c | d) >= 64 {
            break;
        }
        let v = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        out[n] = (v >> 16) as u8;
        out[n + 1] = (v >> 8) as u8;
        out[n + 2] = v as u8;
        n += 3;
        i += 4;
    }
    // The rest, one character at a time: whitespace, padding, the last group.
    let (mut acc, mut bits, mut chars, mut pad) = (0u32, 0u32, i, 0usize);
    for (j, &c) in bytes.iter().enumerate().skip(i) {
        let v = DECODE[usize::from(c)];
        if v == WS {
            lenient.whitespace = true;
            continue;
        }
        if v == PAD {
            pad += 1;
            if pad > 2 {
                return Err(CpmError::at(CpmCode::Base64, j, "too much '=' padding"));
            }
            continue;
        }
        if pad > 0 {
            return Err(CpmError::at(CpmCode::Base64, j, "data after '=' padding"));
        }
        if v == BAD {
            return Err(CpmError::at(CpmCode::Base64, j, "a character outside the Base64 alphabet"));
        }
        chars += 1;
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            let Some(slot) = out.get_mut(n) else {
                return Err(CpmError::at(CpmCode::TooLong, j, "longer than a CPM code can be"));
            };
            *slot = (acc >> bits) as u8;
            n += 1;
        }
    }
    match chars % 4 {
        1 => return Err(CpmError::at(CpmCode::Base64, bytes.len(), "a length no Base64 text has")),
        0 if pad > 0 => return Err(CpmError::at(CpmCode::Base64, bytes.len(), "padding where none belongs")),
        r @ (2 | 3) => {
            let want = 4 - r;
            if pad == 0 {
                lenient.missing_padding = true;
            } else if pad != want {
                return Err(CpmError::at(CpmCode::Base64, bytes.len(), "wrong '=' padding"));
            }
        }
        _ => {}
    }
    if chars == 0 {
        return Err(CpmError::at(CpmCode::Empty, 0, "nothing to decode"));
    }
    Ok((n, lenient))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard Base64 with padding.
pub fn encode(data: &[u8]) -> alloc::string::String {
    let mut s = alloc::string::String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}
