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

/// Why a URL has no canonical form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlError {
    /// A `%` not followed by two hex digits, at this byte offset: servers read
    /// such escapes differently (`%zz` kept, dropped, or refused), so no single
    /// string to sign can stand for it.
    MalformedEscape {
        /// Byte offset of the `%`.
        offset: usize,
    },
}

impl core::fmt::Display for UrlError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            UrlError::MalformedEscape { offset } => {
                write!(f, "malformed percent-escape at byte {offset}: '%' must be followed by two hex digits")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UrlError {}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|v| v as u8)
}

/// Percent-decodes `s` (found at byte `base` of the URL); with
/// `plus_is_space`, `+` is a space (a query, as servers read forms).
fn percent_decode(s: &str, base: usize, plus_is_space: bool) -> Result<Vec<u8>, UrlError> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                match (b.get(i + 1).copied().and_then(hex_value), b.get(i + 2).copied().and_then(hex_value)) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => return Err(UrlError::MalformedEscape { offset: base + i }),
                }
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Percent-encodes per RFC 3986: unreserved characters kept, everything else
/// `%XY` with uppercase hex.
fn percent_encode(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
}

/// The canonical relative URL some providers (BCA) sign: the path percent-encoded
/// per RFC 3986 (slashes kept), query parameters sorted by name and each name
/// and value percent-encoded with uppercase hex. Existing `%XY` escapes are
/// decoded first so they are not encoded twice. Not the SNAP default: use it
/// only where the provider asks for it.
///
/// Two requests a server reads differently never get the same string:
/// - `%2F` in the path stays `%2F` (`/a%2Fb` is one segment, `/a/b` two);
/// - in the query `+` is a space (as servers read it) and `%2B` a plus;
/// - parameters are sorted by **name only**, stably: repeated names keep their
///   order (`id=1&id=2` and `id=2&id=1` differ, as they do to most servers);
/// - a malformed escape (`%zz`) is refused rather than guessed at.
///
/// ```
/// assert_eq!(qris_sign::canonical_url("/v1.0/x?b=2&a=hello world&a=%7e")?,
///            "/v1.0/x?a=hello%20world&a=~&b=2");
/// assert_ne!(qris_sign::canonical_url("/a/b")?, qris_sign::canonical_url("/a%2Fb")?);
/// assert!(qris_sign::canonical_url("/x?q=%zz").is_err());
/// # Ok::<(), qris_sign::UrlError>(())
/// ```
///
/// # Errors
/// [`UrlError::MalformedEscape`].
pub fn canonical_url(url: &str) -> Result<String, UrlError> {
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len() + 16);
    // Segment by segment: an escaped slash (%2F) decodes inside its segment and
    // is encoded again, so it never becomes a separator.
    let mut at = 0;
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        percent_encode(&mut out, &percent_decode(segment, at, false)?);
        at += segment.len() + 1;
    }
    if let Some(q) = query {
        let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        let mut at = path.len() + 1;
        for p in q.split('&') {
            if !p.is_empty() {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                let v_at = at + k.len() + 1;
                pairs.push((percent_decode(k, at, true)?, percent_decode(v, v_at, true)?));
            }
            at += p.len() + 1;
        }
        // Stable: equal names keep the order they were sent in.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        for (i, (k, v)) in pairs.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            percent_encode(&mut out, k);
            out.push('=');
            percent_encode(&mut out, v);
        }
    }
    Ok(out)
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
        let c = |u: &str| canonical_url(u).unwrap();
        assert_eq!(c("/a/b"), "/a/b");
        assert_eq!(c("/a b/é"), "/a%20b/%C3%A9");
        assert_eq!(c("/x?z=1&y=%2f&x"), "/x?x=&y=%2F&z=1");
        assert_eq!(c("/x?"), "/x");
        assert_eq!(c("/a%2fb"), "/a%2Fb");
        assert_eq!(c("/a%41b"), "/aAb");
        assert_eq!(c("/x?q=a+b"), "/x?q=a%20b");
        assert_eq!(c("/x?q=a%2Bb"), "/x?q=a%2Bb");
        assert_eq!(c("/x?id=2&a=1&id=1"), "/x?a=1&id=2&id=1");
        assert_eq!(c("/a%FFb?k=%FF"), "/a%FFb?k=%FF");
    }

    #[test]
    fn requests_a_server_tells_apart_stay_apart() {
        for (a, b) in
            [("/a/b", "/a%2Fb"), ("/x?q=a+b", "/x?q=a%2Bb"), ("/x?id=1&id=2", "/x?id=2&id=1"), ("/a%FF%2Fb", "/a%FF/b")]
        {
            assert_ne!(canonical_url(a).unwrap(), canonical_url(b).unwrap(), "{a} vs {b}");
        }
        assert_eq!(canonical_url("/x?q=%zz"), Err(UrlError::MalformedEscape { offset: 5 }));
        assert_eq!(canonical_url("/x%2"), Err(UrlError::MalformedEscape { offset: 2 }));
        assert_eq!(canonical_url("/x?a=1&b=%"), Err(UrlError::MalformedEscape { offset: 9 }));
        assert!(canonical_url("/x?q=%25zz").is_ok());
    }
}
