//! Properties: minify against serde_json (an independent parser and printer),
//! and sign -> verify round trips where any changed byte fails.

use std::sync::OnceLock;

use proptest::prelude::*;
use qris_sign::{minify, Encoding, HmacSigner, PrivateKey, VerifyError};
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e15f64..1e15).prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[ -~é最🙂\\n\\t\"\\\\/]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec(("[a-z0-9 \"]{0,6}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let pem =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/midtrans-doc-private-pkcs8.pem"));
        PrivateKey::from_bytes(&pem.unwrap()).unwrap()
    })
}

/// Changes one character of `s`, never to the same one in either case (hex
/// signatures are case-insensitive, so `f` to `F` would change nothing).
/// Any parseable X-TIMESTAMP is fresh: these tests are about the signature.
fn any_time() -> qris_sign::Freshness {
    qris_sign::Freshness::at(qris_sign::Timestamp::from_unix(1_700_000_000, 0, 420), u64::MAX)
}

fn mutate(s: &str, at: usize, c: char) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return c.to_string();
    }
    let i = at % chars.len();
    chars[i] = match (chars[i].eq_ignore_ascii_case(&c), c.eq_ignore_ascii_case(&'a')) {
        (false, _) => c,
        (true, false) => 'a',
        (true, true) => 'b',
    };
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// serde_json's pretty and compact printings differ only by whitespace, so
    /// the lexical minify of one is exactly the other.
    #[test]
    fn minify_of_pretty_is_compact(v in json_value()) {
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let compact = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(&*minify(pretty.as_bytes()).unwrap(), compact.as_bytes());
        // Already minified: borrowed, unchanged.
        prop_assert!(matches!(minify(compact.as_bytes()).unwrap(), std::borrow::Cow::Borrowed(_)));
    }

    /// Idempotent, and the output means the same to serde_json as the input.
    #[test]
    fn minify_is_idempotent_and_keeps_the_value(v in json_value(), ws in proptest::collection::vec(prop_oneof![Just(" "), Just("\n"), Just("\t"), Just("\r\n")], 1..8)) {
        // Sprinkle whitespace between tokens of the compact form by hand.
        let compact = serde_json::to_string(&v).unwrap();
        let mut spaced = String::new();
        let (mut in_str, mut esc) = (false, false);
        for (i, c) in compact.chars().enumerate() {
            spaced.push(c);
            if in_str {
                match (esc, c) { (true, _) => esc = false, (false, '\\') => esc = true, (false, '"') => in_str = false, _ => {} }
            } else if c == '"' {
                in_str = true;
            } else if matches!(c, ',' | ':' | '[' | '{') {
                spaced.push_str(ws[i % ws.len()]);
            }
        }
        let once = minify(spaced.as_bytes()).unwrap().into_owned();
        prop_assert_eq!(&*minify(&once).unwrap(), &once[..]);
        let a: Value = serde_json::from_slice(&once).unwrap();
        let b: Value = serde_json::from_str(&spaced).unwrap();
        prop_assert_eq!(a, b);
    }

    /// On arbitrary JSON-alphabet text, we accept what serde_json accepts, and
    /// reject nothing it accepts (numbers beyond f64 aside: JSON allows them).
    #[test]
    fn validity_agrees_with_serde_json(s in "[\\[\\]{}:,\" 0-9.eE+\\-truefalsn\\\\u]{0,24}") {
        let ours = minify(s.as_bytes());
        let theirs = serde_json::from_str::<serde::de::IgnoredAny>(&s);
        match (&ours, &theirs) {
            (Ok(_), Ok(_)) | (Err(_), Err(_)) => {}
            (Ok(m), Err(e)) => prop_assert!(m.is_empty() || e.to_string().contains("number out of range"), "we accept {s:?}, serde_json: {e}"),
            (Err(e), Ok(_)) => prop_assert!(false, "serde_json accepts {s:?}, we say {e}"),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = minify(&b);
        let _ = qris_sign::js::reserialize(&b);
        let _ = PrivateKey::from_bytes(&b);
        let _ = qris_sign::PublicKey::from_bytes(&b);
        if let Ok(s) = std::str::from_utf8(&b) {
            let _ = qris_sign::Timestamp::parse(s);
            let _ = qris_sign::canonical_url(s);
        }
    }

    #[test]
    fn hmac_sign_then_verify_and_any_change_fails(
        v in json_value(), path in "/[a-z0-9/?=&.-]{1,30}", ts in "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\+07:00",
        at in any::<usize>(), c in proptest::char::range('!', '~'), hex in any::<bool>(),
    ) {
        let signer = HmacSigner::new(b"client-secret").unwrap();
        let fresh = any_time();
        let body = serde_json::to_string_pretty(&v).unwrap();
        let enc = if hex { Encoding::Hex } else { Encoding::Base64 };
        let sig = signer.sign_request("POST", &path, "tok", body.as_bytes(), &ts, enc).unwrap();
        signer.verify_request("POST", &path, "tok", body.as_bytes(), &ts, &sig, fresh).unwrap();
        prop_assert_eq!(signer.verify_request("POST", &mutate(&path, at, c), "tok", body.as_bytes(), &ts, &sig, fresh), Err(VerifyError::Invalid));
        // A changed timestamp: a different signed string, or not a timestamp at all.
        let r = signer.verify_request("POST", &path, "tok", body.as_bytes(), &mutate(&ts, at, c), &sig, fresh);
        prop_assert!(matches!(r, Err(VerifyError::Invalid | VerifyError::Timestamp(_))), "{:?}", r);
        prop_assert_eq!(signer.verify_request("PUT", &path, "tok", body.as_bytes(), &ts, &sig, fresh), Err(VerifyError::Invalid));
        prop_assert_eq!(signer.verify_request("POST", &path, "tok2", body.as_bytes(), &ts, &sig, fresh), Err(VerifyError::Invalid));
        // A changed body value (a different message) fails.
        let changed = serde_json::to_string(&serde_json::json!([v, 1])).unwrap();
        prop_assert_eq!(signer.verify_request("POST", &path, "tok", changed.as_bytes(), &ts, &sig, fresh), Err(VerifyError::Invalid));
        // A changed signature character: malformed or invalid, never accepted.
        prop_assert!(signer.verify_request("POST", &path, "tok", body.as_bytes(), &ts, &mutate(&sig, at, c), fresh).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn rsa_sign_then_verify_and_any_change_fails(v in json_value(), path in "/[a-z0-9/]{1,20}", at in any::<usize>(), c in proptest::char::range('!', '~')) {
        let key = key();
        let public = key.public_key();
        let body = serde_json::to_string_pretty(&v).unwrap();
        let ts = "2024-05-02T14:43:08+07:00";
        let sig = key.sign_request("POST", &path, body.as_bytes(), ts, Encoding::Base64).unwrap();
        public.verify_request("POST", &path, body.as_bytes(), ts, &sig, any_time()).unwrap();
        prop_assert_eq!(public.verify_request("POST", &mutate(&path, at, c), body.as_bytes(), ts, &sig, any_time()), Err(VerifyError::Invalid));
        let r = public.verify_request("POST", &path, body.as_bytes(), &mutate(ts, at, c), &sig, any_time());
        prop_assert!(matches!(r, Err(VerifyError::Invalid | VerifyError::Timestamp(_))), "{:?}", r);
        prop_assert!(public.verify_request("POST", &path, body.as_bytes(), ts, &mutate(&sig, at, c), any_time()).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The symmetric signature against an independent HMAC-SHA512 (the `hmac`
    /// and `sha2` crates over a string to sign built here with `format!`), for
    /// strings to sign short enough to be gathered on the stack and long enough
    /// to spill past the 512-byte buffer.
    #[test]
    fn hmac_request_matches_an_independent_hmac(
        path in "/[a-z0-9/]{0,700}",
        token in "[A-Za-z0-9]{0,400}",
        secret in proptest::collection::vec(any::<u8>(), 1..80),
    ) {
        use hmac::Mac;
        use sha2::Digest;
        let body = br#"{"amount":{"value":"10000.00","currency":"IDR"}}"#;
        let ts = "2024-03-19T14:30:00+07:00";
        let hash: String = sha2::Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect();
        let sts = format!("POST:{path}:{token}:{hash}:{ts}");
        let mut mac = hmac::Hmac::<sha2::Sha512>::new_from_slice(&secret).unwrap();
        mac.update(sts.as_bytes());
        let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        // Blank secrets are refused (tested on their own); every other one signs.
        prop_assume!(!qris_sign::Secret::from(&secret[..]).is_blank());
        let signer = HmacSigner::new(&secret).unwrap();
        prop_assert_eq!(signer.sign_request("post", &path, &token, body, ts, Encoding::Hex).unwrap(), expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The body hash (minified bytes hashed as they are produced, through a stack
    /// buffer) against an independent one: the `sha2` crate over serde_json's
    /// compact printing. Documents of up to ~48 values pretty-printed run from a
    /// few bytes to well past the 1 KiB buffer; long strings make segments larger
    /// than the buffer.
    #[test]
    fn body_hash_is_sha256_of_the_compact_printing(
        items in proptest::collection::vec(json_value(), 0..48),
        long in "[a-z ]{0,3000}",
        pretty in any::<bool>(),
    ) {
        use sha2::Digest;
        let v = serde_json::json!({ "items": items, "long": long });
        let body = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { serde_json::to_string(&v).unwrap() };
        let compact = serde_json::to_string(&v).unwrap();
        let expected: String = sha2::Sha256::digest(compact.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let ours = qris_sign::body_hash(body.as_bytes()).unwrap();
        prop_assert_eq!(ours.as_str(), expected.as_str());
    }
}
