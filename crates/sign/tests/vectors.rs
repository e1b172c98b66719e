//! The published worked examples in `tests/vectors/snap-public.json` (copied
//! from the shared vectors: Midtrans docs and the Midtrans SNAP-BI signature
//! demo), reproduced exactly.

use std::path::PathBuf;

use qris_sign::{
    asymmetric_string_to_sign, b2b_string_to_sign, body_hash, midtrans, minify, symmetric_string_to_sign, BodyHash,
    Encoding, HmacSigner, PrivateKey, PublicKey, Secret, VerifyError,
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
    public_key().verify_b2b(s(&v, "client_id"), s(&v, "timestamp"), &sig).unwrap();
    assert_eq!(public_key().verify_b2b("G1234325-SNAX", s(&v, "timestamp"), &sig), Err(VerifyError::Invalid));
    // The key's own public half is the published SPKI key.
    assert_eq!(key.public_key(), public_key());
}

#[test]
fn midtrans_docs_symmetric() {
    let v = case("midtrans_docs_symmetric");
    let signer = HmacSigner::new(s(&v, "client_secret").as_bytes());
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
    let signer = HmacSigner::new(s(&v, "client_secret").as_bytes());
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
        signer
            .verify_request(method, "/v1.0/qr/qr-mpm-generate", token, b.as_bytes(), "2024-03-05T10:37:16.196Z", &sig)
            .unwrap();
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
    key.verify_request("POST", "/v1.0/debit/notify", body.as_bytes(), ts, s(&v, "expected")).unwrap();
    key.verify_request("POST", "/v1.0/debit/notify", prettify(body).as_bytes(), ts, s(&v, "expected")).unwrap();
    // Another path, timestamp or amount: invalid.
    assert_eq!(
        key.verify_request("POST", "/v1.0/debit/notify2", body.as_bytes(), ts, s(&v, "expected")),
        Err(VerifyError::Invalid)
    );
    assert_eq!(
        key.verify_request(
            "POST",
            "/v1.0/debit/notify",
            body.as_bytes(),
            "2024-05-02T14:43:09+07:00",
            s(&v, "expected")
        ),
        Err(VerifyError::Invalid)
    );
    let tampered = body.replace("102800.00", "102800.01");
    assert_eq!(
        key.verify_request("POST", "/v1.0/debit/notify", tampered.as_bytes(), ts, s(&v, "expected")),
        Err(VerifyError::Invalid)
    );
}

#[test]
fn midtrans_signature_keys() {
    for c in snap()["midtrans_signature_key"].as_array().unwrap() {
        let key = Secret::from(s(c, "server_key"));
        let got = midtrans::signature_key(s(c, "order_id"), s(c, "status_code"), s(c, "gross_amount"), &key);
        assert_eq!(got, s(c, "signature_key"), "{}", s(c, "name"));
        midtrans::verify_signature_key(s(c, "order_id"), s(c, "status_code"), s(c, "gross_amount"), &key, &got)
            .unwrap();
        midtrans::verify_signature_key(
            s(c, "order_id"),
            s(c, "status_code"),
            s(c, "gross_amount"),
            &key,
            &got.to_uppercase(),
        )
        .unwrap();
    }
    // The negative vector: "789000" is not what Midtrans sends ("789000.00"), so a
    // signature made over the reformatted amount does not verify the real one.
    let neg = &snap()["midtrans_signature_key"][0];
    let key = Secret::from(s(neg, "server_key"));
    assert!(midtrans::verify_signature_key("order102", "200", "789000.00", &key, s(neg, "signature_key")).is_err());
    // The published docs sample also appears in Midtrans' own tests.
    let docs = &snap()["midtrans_signature_key"][1];
    assert_eq!(s(docs, "signature_key"), s(docs, "expected_published"));
}

#[test]
fn midtrans_notification_body() {
    let docs = &snap()["midtrans_signature_key"][1];
    let key = Secret::from(s(docs, "server_key"));
    let body = format!(
        r#"{{"transaction_status":"settlement","status_code":"200","order_id":"1111","gross_amount":"100000.00","signature_key":"{}","fraud_status":"accept"}}"#,
        s(docs, "signature_key")
    );
    let fields = midtrans::verify_notification(body.as_bytes(), &key).unwrap();
    assert_eq!(fields.gross_amount, "100000.00");
    let forged = body.replace("100000.00", "1000000.00");
    assert_eq!(
        midtrans::verify_notification(forged.as_bytes(), &key),
        Err(midtrans::NotificationError::InvalidSignature)
    );
    assert_eq!(
        midtrans::verify_notification(b"{\"order_id\":\"1\"}", &key),
        Err(midtrans::NotificationError::MissingField("status_code"))
    );
    assert!(matches!(midtrans::verify_notification(b"{", &key), Err(midtrans::NotificationError::Json(_))));
}

#[test]
fn basic_auth_and_empty_body() {
    let b = &snap()["midtrans_basic_auth"];
    assert_eq!(midtrans::basic_auth(&Secret::from(s(b, "server_key"))), s(b, "header"));
    assert_eq!(body_hash(b"").unwrap().as_str(), snap()["empty_body_sha256"].as_str().unwrap());
    assert_eq!(BodyHash::of_minified(b"").as_str(), snap()["empty_body_sha256"].as_str().unwrap());
}

#[test]
fn lexical_minify_vector() {
    let m = &snap()["minify"];
    assert_eq!(&*minify(s(m, "input").as_bytes()).unwrap(), s(m, "lexical_expected").as_bytes());
}
