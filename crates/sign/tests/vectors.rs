//! The published worked examples in `tests/vectors/snap-public.json` (copied
//! from the shared vectors: Midtrans docs and the Midtrans SNAP-BI signature
//! demo), reproduced exactly.

use std::path::PathBuf;

use qris_sign::{
    asymmetric_string_to_sign, b2b_string_to_sign, body_hash, midtrans, minify, symmetric_string_to_sign, BodyHash,
    Encoding, Freshness, HmacSigner, PrivateKey, PublicKey, Secret, Timestamp, TimestampError, VerifyError,
};
use serde_json::Value;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

fn snap() -> Value {
    serde_json::from_slice(&std::fs::read(vectors_dir().join("snap-public.json")).unwrap()).unwrap()
}

fn case(name: &str) -> Value {
    snap()["snap"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("no {k}"))
}

/// A clock at `ts`, 5 minutes either side: the published examples are old.
fn at(ts: &str) -> Freshness {
    Freshness::at(Timestamp::parse(ts).unwrap(), 300)
}

fn private_key() -> PrivateKey {
    PrivateKey::from_bytes(&std::fs::read(vectors_dir().join("midtrans-doc-private-pkcs8.pem")).unwrap()).unwrap()
}

fn public_key() -> PublicKey {
    PublicKey::from_bytes(&std::fs::read(vectors_dir().join("midtrans-doc-public-spki.pem")).unwrap()).unwrap()
}

/// Re-indents minified JSON by hand (newlines, two-space indents, a space after
/// ':'), never touching strings: what a pretty-printing client would send.
fn prettify(min: &str) -> String {
    let mut out = String::new();
    let (mut in_str, mut esc, mut depth) = (false, false, 0usize);
    for c in min.chars() {
        if in_str {
            out.push(c);
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                depth += 1;
                out.push(c);
                out.push_str(&format!("\n{}", "  ".repeat(depth)));
            }
            '}' | ']' => {
                depth -= 1;
                out.push_str(&format!("\r\n{}", "\t".repeat(depth)));
                out.push(c);
            }
            ',' => out.push_str(&format!(",\n{}", "  ".repeat(depth))),
            ':' => out.push_str(" : "),
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn b2b_access_token_signature() {
    let v = case("midtrans_docs_b2b_access_token");
    let sts = b2b_string_to_sign(s(&v, "client_id"), s(&v, "timestamp"));
    assert_eq!(sts, s(&v, "string_to_sign"));
    let key = private_key();
    assert_eq!(key.bits(), 2048);
    let sig = key.sign_b2b(s(&v, "client_id"), s(&v, "timestamp"), Encoding::Base64).unwrap();
    assert_eq!(sig, s(&v, "expected"));
    let fresh = at(s(&v, "timestamp"));
    public_key().verify_b2b(s(&v, "client_id"), s(&v, "timestamp"), &sig, fresh).unwrap();
    assert_eq!(public_key().verify_b2b("G1234325-SNAX", s(&v, "timestamp"), &sig, fresh), Err(VerifyError::Invalid));
    // The same genuine signature, checked against today's clock: stale, refused.
    assert!(matches!(
        public_key().verify_b2b(s(&v, "client_id"), s(&v, "timestamp"), &sig, Freshness::default()),
        Err(VerifyError::Timestamp(TimestampError::TooOld { .. }))
    ));
    // The key's own public half is the published SPKI key.
    assert_eq!(key.public_key(), public_key());
}

#[test]
fn midtrans_docs_symmetric() {
    let v = case("midtrans_docs_symmetric");
    let signer = HmacSigner::new(s(&v, "client_secret").as_bytes()).unwrap();
    assert_eq!(signer.sign_string(s(&v, "string_to_sign"), Encoding::Base64), s(&v, "expected"));
    assert_eq!(signer.sign_string(s(&v, "string_to_sign"), Encoding::Hex), s(&v, "expected_hex_form_in_docs"));
    // Verification accepts either encoding.
    signer.verify_string(s(&v, "string_to_sign"), s(&v, "expected")).unwrap();
    signer.verify_string(s(&v, "string_to_sign"), s(&v, "expected_hex_form_in_docs")).unwrap();
    assert_eq!(signer.verify_string(s(&v, "string_to_sign"), "abc"), Err(VerifyError::Malformed));
}

#[test]
fn midtrans_demo_symmetric_qris() {
    let v = case("midtrans_demo_symmetric_qris");
    let body = s(&v, "minified_body");
    assert_eq!(body_hash(body.as_bytes()).unwrap().as_str(), s(&v, "body_sha256_lower_hex"));
    let hash = body_hash(body.as_bytes()).unwrap();
    let sts = symmetric_string_to_sign(
        "POST",
        "/v1.0/qr/qr-mpm-generate",
        "myaccesstoken",
        &hash,
        "2024-03-05T10:37:16.196Z",
    );
    assert_eq!(sts, s(&v, "string_to_sign"));
    let signer = HmacSigner::new(s(&v, "client_secret").as_bytes()).unwrap();
    // The same signature from the minified body and from a pretty-printed one,
    // with a lowercase method and a "Bearer " token.
    let pretty = prettify(body);
    assert_ne!(pretty, body);
    for (method, token, b) in [("POST", "myaccesstoken", body), ("post", "Bearer myaccesstoken", pretty.as_str())] {
        let sig = signer
            .sign_request(
                method,
                "/v1.0/qr/qr-mpm-generate",
                token,
                b.as_bytes(),
                "2024-03-05T10:37:16.196Z",
                Encoding::Base64,
            )
            .unwrap();
        assert_eq!(sig, s(&v, "expected"));
        let ts = "2024-03-05T10:37:16.196Z";
        signer.verify_request(method, "/v1.0/qr/qr-mpm-generate", token, b.as_bytes(), ts, &sig, at(ts)).unwrap();
        // Replayed a day later: refused though the signature is right.
        let later = Freshness::at(Timestamp::parse("2024-03-06T10:37:16Z").unwrap(), 300);
        assert!(matches!(
            signer.verify_request(method, "/v1.0/qr/qr-mpm-generate", token, b.as_bytes(), ts, &sig, later),
            Err(VerifyError::Timestamp(TimestampError::TooOld { .. }))
        ));
    }
}

#[test]
fn midtrans_demo_notification_generation() {
    let v = case("midtrans_demo_notification_generation");
    let body = s(&v, "minified_body");
    let hash = body_hash(body.as_bytes()).unwrap();
    assert_eq!(hash.as_str(), s(&v, "body_sha256_lower_hex"));
    assert_eq!(
        asymmetric_string_to_sign("POST", "/v1.0/debit/notify", &hash, "2024-03-05T10:37:16.196Z"),
        s(&v, "string_to_sign")
    );
    let sig = private_key()
        .sign_request(
            "POST",
            "/v1.0/debit/notify",
            prettify(body).as_bytes(),
            "2024-03-05T10:37:16.196Z",
            Encoding::Base64,
        )
        .unwrap();
    assert_eq!(sig, s(&v, "expected"));
}

#[test]
fn midtrans_demo_notification_verification() {
    let v = case("midtrans_demo_notification_verification");
    let body = s(&v, "minified_body");
    assert_eq!(body_hash(body.as_bytes()).unwrap().as_str(), s(&v, "expected_body_hash_in_source"));
    let key = public_key();
    let ts = "2024-05-02T14:43:08+07:00";
    key.verify_request("POST", "/v1.0/debit/notify", body.as_bytes(), ts, s(&v, "expected"), at(ts)).unwrap();
    key.verify_request("POST", "/v1.0/debit/notify", prettify(body).as_bytes(), ts, s(&v, "expected"), at(ts)).unwrap();
    // Another path, timestamp or amount: invalid.
    assert_eq!(
        key.verify_request("POST", "/v1.0/debit/notify2", body.as_bytes(), ts, s(&v, "expected"), at(ts)),
        Err(VerifyError::Invalid)
    );
    assert_eq!(
        key.verify_request(
            "POST",
            "/v1.0/debit/notify",
            body.as_bytes(),
            "2024-05-02T14:43:09+07:00",
            s(&v, "expected"),
            at(ts)
        ),
        Err(VerifyError::Invalid)
    );
    let tampered = body.replace("102800.00", "102800.01");
    assert_eq!(
        key.verify_request("POST", "/v1.0/debit/notify", tampered.as_bytes(), ts, s(&v, "expected"), at(ts)),
        Err(VerifyError::Invalid)
    );
}

/// SHA-512 hex by an independent implementation (the `sha2` crate), for
/// vectors whose fields our functions now refuse to hash.
fn sha512_hex(parts: &[&str]) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha512::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn midtrans_signature_keys() {
    for c in snap()["midtrans_signature_key"].as_array().unwrap() {
        let key = Secret::from(s(c, "server_key"));
        let (o, st, g) = (s(c, "order_id"), s(c, "status_code"), s(c, "gross_amount"));
        if s(c, "name").starts_with("NEGATIVE") {
            // A signature over a reformatted amount ("789000", not "789000.00"):
            // the vector is SHA-512 of exactly those strings...
            assert_eq!(sha512_hex(&[o, st, g, s(c, "server_key")]), s(c, "signature_key"));
            // ...and such a field is now refused before hashing, both ways.
            let refused = midtrans::NotificationError::Format(midtrans::Field::GrossAmount);
            assert_eq!(midtrans::signature_key(o, st, g, &key), Err(refused));
            assert_eq!(midtrans::verify_signature_key(o, st, g, &key, s(c, "signature_key")), Err(refused));
            continue;
        }
        let got = midtrans::signature_key(o, st, g, &key).unwrap();
        assert_eq!(got, s(c, "signature_key"), "{}", s(c, "name"));
        midtrans::verify_signature_key(o, st, g, &key, &got).unwrap();
        midtrans::verify_signature_key(o, st, g, &key, &got.to_uppercase()).unwrap();
    }
    // The negative vector's signature does not verify the real notification.
    let neg = &snap()["midtrans_signature_key"][0];
    let key = Secret::from(s(neg, "server_key"));
    assert_eq!(
        midtrans::verify_signature_key("order102", "200", "789000.00", &key, s(neg, "signature_key")),
        Err(midtrans::NotificationError::InvalidSignature)
    );
    // The published docs sample also appears in Midtrans' own tests.
    let docs = &snap()["midtrans_signature_key"][1];
    assert_eq!(s(docs, "signature_key"), s(docs, "expected_published"));
}

/// The peers' Midtrans vectors (tests/vectors/external/midtrans-signature-key.tsv:
/// the Midtrans Node SDK's published notification, and the negatives derived
/// from it), each with the expectation its row states.
#[test]
fn midtrans_signature_keys_from_the_peers() {
    let tsv = std::fs::read_to_string(vectors_dir().join("external/midtrans-signature-key.tsv")).unwrap();
    let mut rows = 0;
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (o, st, g, k, sig, expected) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        let key = Secret::from(k);
        let r = midtrans::verify_signature_key(o, st, g, &key, sig);
        match expected {
            "match" => {
                r.unwrap();
                assert_eq!(midtrans::signature_key(o, st, g, &key).unwrap(), sig);
            }
            "mismatch" => assert!(r.is_err(), "{line}"),
            // Uppercase hex of the right key: accepted (documented policy; a
            // replay guard keys on the decoded bytes).
            "policy" => r.unwrap(),
            other => panic!("unknown expectation {other}"),
        }
        rows += 1;
    }
    assert_eq!(rows, 5);
}

#[test]
fn midtrans_fields_cannot_be_resplit() {
    // One genuine settlement: "order102" + "200" + "789000.00".
    let key = Secret::from("SB-Mid-server-TEST");
    let sig = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap();
    // The same concatenation split differently: every one refused by the format rules.
    for (o, st, g) in [
        ("order10", "2200", "789000.00"),
        ("order102", "2007", "89000.00"),
        ("order1", "022", "00789000.00"),
        ("order10", "220", "0789000.00"),
        ("order102200", "", "789000.00"),
        ("order102", "20", "0789000.00"),
        ("", "order102200", "789000.00"),
        ("order102", "200789", "000.00"),
    ] {
        assert_eq!(format!("{o}{st}{g}"), "order102200789000.00");
        let r = midtrans::verify_signature_key(o, st, g, &key, &sig);
        assert!(matches!(r, Err(midtrans::NotificationError::Format(_))), "{o}|{st}|{g}: {r:?}");
    }
    // What the rules cannot remove: digits moving between a numeric order id and
    // the amount ("order1022" + "007" + "89000.00" is the same string). It needs a
    // status_code other than the signed one, so the protocol layer never reads
    // it as paid; see the module docs.
    assert_eq!(midtrans::verify_signature_key("order1022", "007", "89000.00", &key, &sig), Ok(()));
}

#[test]
fn empty_server_keys_are_refused() {
    for blank in ["", " ", "\t\n", "\u{a0}"] {
        let key = Secret::from(blank);
        let e = midtrans::NotificationError::EmptyServerKey;
        assert_eq!(midtrans::signature_key("order102", "200", "789000.00", &key), Err(e));
        // The signature anyone could compute with an empty key is refused too.
        let forged = sha512_hex(&["order102", "200", "789000.00", blank]);
        assert_eq!(midtrans::verify_signature_key("order102", "200", "789000.00", &key, &forged), Err(e));
        assert!(midtrans::basic_auth(&key).is_err());
        assert!(HmacSigner::new(blank.as_bytes()).is_err());
    }
}

#[test]
fn basic_auth_and_empty_body() {
    let b = &snap()["midtrans_basic_auth"];
    assert_eq!(midtrans::basic_auth(&Secret::from(s(b, "server_key"))).unwrap().expose(), s(b, "header").as_bytes());
    assert_eq!(body_hash(b"").unwrap().as_str(), snap()["empty_body_sha256"].as_str().unwrap());
    assert_eq!(BodyHash::of_minified(b"").as_str(), snap()["empty_body_sha256"].as_str().unwrap());
}

#[test]
fn lexical_minify_vector() {
    let m = &snap()["minify"];
    assert_eq!(&*minify(s(m, "input").as_bytes()).unwrap(), s(m, "lexical_expected").as_bytes());
}

/// The constant-time comparisons (aws-lc-rs's `CRYPTO_memcmp`) look at every
/// byte: any one bit flipped anywhere in a published signature is refused.
#[test]
fn every_bit_of_a_signature_counts() {
    use base64::Engine as _;
    let v = case("midtrans_demo_symmetric_qris");
    let signer = HmacSigner::new(s(&v, "client_secret").as_bytes()).unwrap();
    let (path, ts) = ("/v1.0/qr/qr-mpm-generate", "2024-03-05T10:37:16.196Z");
    let body = s(&v, "minified_body").as_bytes();
    let published = base64::engine::general_purpose::STANDARD.decode(s(&v, "expected")).unwrap();
    assert_eq!(published.len(), 64);
    for bit in 0..published.len() * 8 {
        let mut forged = published.clone();
        forged[bit / 8] ^= 1 << (bit % 8);
        let sig = base64::engine::general_purpose::STANDARD.encode(&forged);
        let got = signer.verify_request("POST", path, "myaccesstoken", body, ts, &sig, at(ts));
        assert_eq!(got, Err(VerifyError::Invalid), "bit {bit}");
    }
    let c = &snap()["midtrans_signature_key"][1];
    let key = Secret::from(s(c, "server_key"));
    let (o, st, g, sig) = (s(c, "order_id"), s(c, "status_code"), s(c, "gross_amount"), s(c, "signature_key"));
    midtrans::verify_signature_key(o, st, g, &key, sig).unwrap();
    for i in 0..sig.len() {
        let mut forged = sig.as_bytes().to_vec();
        forged[i] = if forged[i] == b'0' { b'1' } else { b'0' };
        let forged = String::from_utf8(forged).unwrap();
        assert_eq!(
            midtrans::verify_signature_key(o, st, g, &key, &forged),
            Err(midtrans::NotificationError::InvalidSignature),
            "hex digit {i}"
        );
    }
}
