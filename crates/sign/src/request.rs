//! Strings to sign for the three SNAP schemes.
//!
//! - B2B access token: `clientId|timestamp` (SHA256withRSA).
//! - Symmetric (per request): `METHOD:path:accessToken:bodyHash:timestamp` (HMAC-SHA512).
//! - Asymmetric (per request, notifications): `METHOD:path:bodyHash:timestamp` (SHA256withRSA).
//!
//! The method is uppercased, a `Bearer ` prefix is stripped from the token, the
//! path is taken as given (the relative URL with its query) and the timestamp is
//! signed exactly as sent in X-TIMESTAMP.

use alloc::string::String;
use alloc::vec::Vec;

use crate::digest::BodyHash;

/// The B2B access-token string to sign: `clientId|timestamp`.
///
/// ```
/// assert_eq!(qris_sign::b2b_string_to_sign("G1234325-SNAP", "2023-07-31T07:10:00+07:00"),
///            "G1234325-SNAP|2023-07-31T07:10:00+07:00");
/// ```
pub fn b2b_string_to_sign(client_id: &str, timestamp: &str) -> String {
    let mut s = String::with_capacity(client_id.len() + 1 + timestamp.len());
    s.push_str(client_id);
    s.push('|');
    s.push_str(timestamp);
    s
}

/// The access token without a `Bearer ` prefix (any case) or surrounding spaces.
pub fn strip_bearer(token: &str) -> &str {
    let t = token.trim();
    match t.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => t[7..].trim_start(),
        _ => t,
    }
}

/// Feeds the symmetric string to sign, piece by piece, to `out`: the one
/// definition of the format, used to build the string and to MAC it without
/// building it.
pub(crate) fn symmetric_parts(
    method: &str,
    path: &str,
    access_token: &str,
    body_hash: &BodyHash,
    timestamp: &str,
    out: &mut impl FnMut(&[u8]),
) {
    method_upper(method, out);
    for part in [path, strip_bearer(access_token), body_hash.as_str(), timestamp] {
        out(b":");
        out(part.as_bytes());
    }
}

/// Feeds the asymmetric string to sign to `out` (see [`symmetric_parts`]).
pub(crate) fn asymmetric_parts(
    method: &str,
    path: &str,
    body_hash: &BodyHash,
    timestamp: &str,
    out: &mut impl FnMut(&[u8]),
) {
    method_upper(method, out);
    for part in [path, body_hash.as_str(), timestamp] {
        out(b":");
        out(part.as_bytes());
    }
}

/// The method, trimmed and uppercased (ASCII), without allocating.
fn method_upper(method: &str, out: &mut impl FnMut(&[u8])) {
    let m = method.trim().as_bytes();
    if m.iter().any(u8::is_ascii_lowercase) {
        for chunk in m.chunks(16) {
            let mut buf = [0u8; 16];
            for (d, s) in buf.iter_mut().zip(chunk) {
                *d = s.to_ascii_uppercase();
            }
            out(&buf[..chunk.len()]);
        }
    } else {
        out(m);
    }
}

/// Collects fed parts into a string.
fn collect(len_hint: usize, feed: impl FnOnce(&mut dyn FnMut(&[u8]))) -> String {
    let mut bytes = Vec::with_capacity(len_hint);
    feed(&mut |part: &[u8]| bytes.extend_from_slice(part));
    // Every part is a &str, or uppercased ASCII of one: valid UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// The symmetric (HMAC-SHA512) string to sign:
/// `METHOD:path:accessToken:bodyHash:timestamp`.
///
/// ```
/// let h = qris_sign::body_hash(b"")?;
/// let s = qris_sign::symmetric_string_to_sign("get", "/v1.0/x?a=1", "Bearer tok", &h, "2024-03-19T14:30:00+07:00");
/// assert_eq!(s, format!("GET:/v1.0/x?a=1:tok:{h}:2024-03-19T14:30:00+07:00"));
/// # Ok::<(), qris_sign::JsonError>(())
/// ```
pub fn symmetric_string_to_sign(
    method: &str,
    path: &str,
    access_token: &str,
    body_hash: &BodyHash,
    timestamp: &str,
) -> String {
    let hint = method.len() + path.len() + access_token.len() + 64 + timestamp.len() + 4;
    collect(hint, |out| symmetric_parts(method, path, access_token, body_hash, timestamp, &mut |p| out(p)))
}

/// The asymmetric (SHA256withRSA) string to sign: `METHOD:path:bodyHash:timestamp`.
pub fn asymmetric_string_to_sign(method: &str, path: &str, body_hash: &BodyHash, timestamp: &str) -> String {
    let hint = method.len() + path.len() + 64 + timestamp.len() + 3;
    collect(hint, |out| asymmetric_parts(method, path, body_hash, timestamp, &mut |p| out(p)))
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-decodes `%XY` sequences (leaving malformed ones as they are).
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3).and_then(|h| core::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Percent-encodes per RFC 3986: unreserved characters kept, everything else
/// `%XY` with uppercase hex (plus `keep`, e.g. `/` in paths).
fn percent_encode(out: &mut String, bytes: &[u8], keep: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if is_unreserved(b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
}

/// The canonical relative URL some providers (BCA) sign: the path percent-encoded
/// per RFC 3986 (slashes kept), query parameters sorted by name (then value) and
/// each name and value percent-encoded with uppercase hex. Existing `%XY` escapes
/// are decoded first so they are not encoded twice. Not the SNAP default: use it
/// only where the provider asks for it.
///
/// ```
/// assert_eq!(qris_sign::canonical_url("/v1.0/x?b=2&a=hello world&a=%7e"),
///            "/v1.0/x?a=hello%20world&a=~&b=2");
/// ```
pub fn canonical_url(url: &str) -> String {
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len() + 16);
    percent_encode(&mut out, &percent_decode(path), b"/");
    if let Some(q) = query {
        let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = q
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        pairs.sort();
        for (i, (k, v)) in pairs.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            percent_encode(&mut out, k, b"");
            out.push('=');
            percent_encode(&mut out, v, b"");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_is_stripped_in_any_case() {
        assert_eq!(strip_bearer("Bearer abc"), "abc");
        assert_eq!(strip_bearer("bearer  abc "), "abc");
        assert_eq!(strip_bearer("abc"), "abc");
        assert_eq!(strip_bearer("Bearerabc"), "Bearerabc");
    }

    #[test]
    fn method_is_trimmed_and_uppercased() {
        let h = BodyHash::of_minified(b"");
        let s = symmetric_string_to_sign(" post ", "/p", "t", &h, "ts");
        assert!(s.starts_with("POST:/p:t:"), "{s}");
        let long = "x".repeat(40);
        assert!(asymmetric_string_to_sign(&long, "/p", &h, "ts").starts_with(&"X".repeat(40)));
    }

    #[test]
    fn canonical_urls() {
        assert_eq!(canonical_url("/a/b"), "/a/b");
        assert_eq!(canonical_url("/a b/é"), "/a%20b/%C3%A9");
        assert_eq!(canonical_url("/x?z=1&y=%2f&x"), "/x?x=&y=%2F&z=1");
        assert_eq!(canonical_url("/x?"), "/x");
    }
}
