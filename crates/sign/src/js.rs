//! Compatibility mode: what JavaScript's `JSON.stringify(JSON.parse(body))`
//! produces, for verifying signatures from SDKs that hash a re-serialised body.
//!
//! This is **not** how SNAP bodies should be canonicalised ([`minify`](crate::minify)
//! is): re-serialising changes numbers (`10000.00` becomes `10000`), escapes
//! (`\u00e9` becomes `é`, `\/` becomes `/`) and the order of integer-like keys.
//! Use it only to check what such a signer hashed.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use crate::json::{validate, JsonError, JsonErrorKind};

/// The largest body [`reserialize`] takes (1 MiB, the notification limit): it
/// runs on a sender's body before any signature is checked.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// `JSON.stringify(JSON.parse(body))`, as ECMAScript defines it:
///
/// - numbers are read as IEEE-754 doubles and written by `Number::toString`
///   (shortest round-trip digits; exponent form from `1e21` and below `1e-6`;
///   `-0` is `0`; beyond the double range, `null`);
/// - strings are decoded and re-escaped (`"`, `\`, `\b \f \n \r \t`, other
///   control characters as `\u00XX`; everything else raw UTF-8);
/// - object keys keep their order, except array-index keys (`"0"` to
///   `"4294967294"`), which come first in ascending order; a repeated key keeps
///   its first position and its last value.
///
/// Empty input gives empty output (no body).
///
/// ```
/// let out = qris_sign::js::reserialize(br#"{"b": 10000.00, "a": "\u00e9\/", "2": 1e21, "1": 0.0000001}"#)?;
/// assert_eq!(out, r#"{"1":1e-7,"2":1e+21,"b":10000,"a":"é/"}"#);
/// # Ok::<(), qris_sign::JsonError>(())
/// ```
///
/// Time and memory are O(n log n) in the body's size, whatever its shape
/// (repeated keys are found through an index, not by scanning).
///
/// # Errors
/// The body is over [`MAX_BODY_BYTES`] ([`JsonErrorKind::TooLarge`]) or not
/// valid JSON (checked as strictly as [`minify`](crate::minify)).
pub fn reserialize(body: &[u8]) -> Result<String, JsonError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(JsonError { offset: MAX_BODY_BYTES, kind: JsonErrorKind::TooLarge { limit: MAX_BODY_BYTES } });
    }
    validate(body)?;
    let mut p = Parser { s: body, i: 0 };
    let mut out = String::with_capacity(body.len());
    p.ws();
    if p.i < body.len() {
        p.value(&mut out);
    }
    Ok(out)
}

/// Reads already-validated JSON: no error paths are needed.
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, out: &mut String) {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => self.object(out),
            Some(b'[') => self.array(out),
            Some(b'"') => {
                let s = self.string();
                quote(out, &s);
            }
            Some(b't') => {
                self.i += 4;
                out.push_str("true");
            }
            Some(b'f') => {
                self.i += 5;
                out.push_str("false");
            }
            Some(b'n') => {
                self.i += 4;
                out.push_str("null");
            }
            _ => self.number(out),
        }
    }

    fn array(&mut self, out: &mut String) {
        self.i += 1;
        out.push('[');
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            out.push(']');
            return;
        }
        loop {
            self.value(out);
            self.ws();
            let c = self.s.get(self.i).copied();
            self.i += 1;
            if c == Some(b',') {
                out.push(',');
            } else {
                out.push(']');
                return;
            }
        }
    }

    fn object(&mut self, out: &mut String) {
        self.i += 1;
        let mut members: Vec<(String, String)> = Vec::new();
        // Key -> position in `members`: a repeated key is found in O(log n).
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
        } else {
            loop {
                self.ws();
                let key = self.string();
                self.ws();
                self.i += 1; // ':'
                let mut value = String::new();
                self.value(&mut value);
                match index.get(&key) {
                    Some(&at) => members[at].1 = value,
                    None => {
                        index.insert(key.clone(), members.len());
                        members.push((key, value));
                    }
                }
                self.ws();
                let c = self.s.get(self.i).copied();
                self.i += 1;
                if c != Some(b',') {
                    break;
                }
            }
        }
        // Array-index keys first, ascending; the rest in insertion order (stable sort).
        members.sort_by_key(|(k, _)| array_index(k).map_or((1, 0), |n| (0, n)));
        out.push('{');
        for (n, (k, v)) in members.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            quote(out, k);
            out.push(':');
            out.push_str(v);
        }
        out.push('}');
    }

    fn hex4(&mut self) -> u32 {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16 + self.s.get(self.i).and_then(|&d| char::from(d).to_digit(16)).unwrap_or(0);
            self.i += 1;
        }
        v
    }

    /// Decodes a string whose opening quote is at the cursor.
    fn string(&mut self) -> String {
        self.i += 1;
        let mut buf: Vec<u8> = Vec::new();
        while let Some(&c) = self.s.get(self.i) {
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.s.get(self.i).copied().unwrap_or(b'\\');
                    self.i += 1;
                    let ch = match e {
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4();
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.i += 2; // "\u" of the low surrogate (validated)
                                let lo = self.hex4();
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        other => char::from(other),
                    };
                    let mut tmp = [0u8; 4];
                    buf.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                }
                _ => buf.push(c),
            }
        }
        // Valid UTF-8 in, valid UTF-8 out.
        String::from_utf8(buf).unwrap_or_default()
    }

    fn number(&mut self, out: &mut String) {
        let start = self.i;
        while matches!(self.s.get(self.i), Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')) {
            self.i += 1;
        }
        let text = core::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
        number_to_string(out, text.parse::<f64>().unwrap_or(f64::NAN));
    }
}

/// The value of an array-index key: a canonical decimal integer below 2^32 - 1.
fn array_index(k: &str) -> Option<u64> {
    let b = k.as_bytes();
    if b.is_empty() || b.len() > 10 || !b.iter().all(u8::is_ascii_digit) || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    let n: u64 = k.parse().ok()?;
    (n < u64::from(u32::MAX)).then_some(n)
}

/// ECMAScript's QuoteJSONString.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// ECMAScript's Number::toString(x) for JSON (non-finite values are `null`).
pub(crate) fn number_to_string(out: &mut String, x: f64) {
    if !x.is_finite() {
        out.push_str("null");
        return;
    }
    if x == 0.0 {
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    // Rust's `{:e}` gives the shortest round-trip digits, like ECMAScript requires.
    let mut sci = String::new();
    let _ = write!(sci, "{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let n = exp.parse::<i64>().unwrap_or(0) + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(core::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(core::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        let e = n - 1;
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{}", if e >= 0 { '+' } else { '-' }, e.abs());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(s: &str) -> String {
        reserialize(s.as_bytes()).unwrap()
    }

    fn num(x: f64) -> String {
        let mut s = String::new();
        number_to_string(&mut s, x);
        s
    }

    /// Values of `String(x)` in any ECMAScript engine (the spec's algorithm).
    #[test]
    fn number_to_string_matches_ecmascript() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (10000.0, "10000"),
            (0.1, "0.1"),
            (-1.5, "-1.5"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (2.5e-8, "2.5e-8"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (12345678.9, "12345678.9"),
            (0.000123, "0.000123"),
            (1.2345e25, "1.2345e+25"),
            (9007199254740993.0, "9007199254740992"),
            (f64::INFINITY, "null"),
        ];
        for &(x, expected) in cases {
            assert_eq!(num(x), expected, "{x:e}");
        }
    }

    #[test]
    fn json_stringify_of_json_parse() {
        assert_eq!(
            js(r#"{ "amount" : { "value" : "10000.00", "num" : 10000.00 } }"#),
            r#"{"amount":{"value":"10000.00","num":10000}}"#
        );
        assert_eq!(
            js(r#"["\u00e9", "\/", "\u0007", "\t", "\ud83d\ude00", "\u2028"]"#),
            "[\"é\",\"/\",\"\\u0007\",\"\\t\",\"😀\",\"\u{2028}\"]"
        );
        assert_eq!(
            js(r#"{"b":1,"2":2,"1":3,"01":4,"4294967295":5,"4294967294":6}"#),
            r#"{"1":3,"2":2,"4294967294":6,"b":1,"01":4,"4294967295":5}"#
        );
        assert_eq!(js(r#"{"a":1,"b":2,"a":3}"#), r#"{"a":3,"b":2}"#);
        assert_eq!(js("[1e400, -1e400, -0, 1E2, 123456789012345678901]"), "[null,null,0,100,123456789012345680000]");
        assert_eq!(js("  "), "");
        assert_eq!(js("true"), "true");
        assert_eq!(js("[[],{},\"\"]"), "[[],{},\"\"]");
        assert!(reserialize(b"[1,]").is_err());
    }

    #[test]
    fn many_keys_and_the_size_cap() {
        // 30,000 distinct keys then every one repeated (840 KB): the old linear scan
        // needed seconds here; the result is checked against the rule itself
        // (first position, last value).
        let n = 30_000;
        let mut body = String::from("{");
        for pass in 0..2 {
            for i in 0..n {
                let _ = write!(body, "\"k{i}\":{},", i + pass * n);
            }
        }
        body.pop();
        body.push('}');
        let out = reserialize(body.as_bytes()).unwrap();
        assert!(out.starts_with(&format!("{{\"k0\":{n},\"k1\":{},", n + 1)), "{}", &out[..40]);
        assert!(out.ends_with(&format!("\"k{}\":{}}}", n - 1, 2 * n - 1)));
        let big = alloc::vec![b' '; MAX_BODY_BYTES + 1];
        assert_eq!(reserialize(&big).unwrap_err().kind, JsonErrorKind::TooLarge { limit: MAX_BODY_BYTES });
        assert_eq!(reserialize(&big[..MAX_BODY_BYTES]).unwrap(), "");
    }
}
