//! The verify-only opt-in for legacy provider keys below 2048 bits, against keys
//! and signatures made with OpenSSL (tests/vectors/legacy-rsa-openssl.json).
//! Runs under both crypto providers (make providers).

use qris_sign::{Freshness, KeyError, KeyWarning, PrivateKey, PublicKey, Timestamp, VerifyError, MIN_LEGACY_RSA_BITS};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/legacy-rsa-openssl.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} missing"))
}

fn at(ts: &str) -> Freshness {
    Freshness::at(Timestamp::parse(ts).unwrap(), 300)
}

#[test]
fn a_1024_bit_key_needs_the_explicit_opt_in() {
    let v = vectors();
    let e = PublicKey::from_pem(s(&v, "public_1024")).unwrap_err();
    assert_eq!(e, KeyError::LegacyKey { bits: 1024 });
    let msg = e.to_string();
    assert!(msg.contains("allow_legacy_1024") && msg.contains("2048"), "{msg}");
    // 1536 bits is legacy too.
    assert_eq!(PublicKey::from_pem(s(&v, "public_1536")).unwrap_err(), KeyError::LegacyKey { bits: 1536 });
}

#[test]
fn with_the_opt_in_openssl_signatures_verify_and_a_warning_is_reported() {
    let v = vectors();
    let key = PublicKey::from_pem_legacy_1024(s(&v, "public_1024")).unwrap();
    assert_eq!(key.bits(), 1024);
    assert!(key.is_legacy());
    let w = key.warning().unwrap();
    assert_eq!(w, KeyWarning::Legacy1024 { bits: 1024 });
    assert_eq!(w.code(), "key.legacy_1024");
    assert!(w.to_string().contains("1024 bits"), "{w}");
    assert_eq!(format!("{key:?}"), "PublicKey(1024 bits, legacy)");

    let b2b = &v["b2b"];
    let (client, ts) = (s(b2b, "client_id"), s(b2b, "timestamp"));
    key.verify_b2b(client, ts, s(b2b, "signature_1024"), at(ts)).unwrap();

    let n = &v["notification"];
    let ts = s(n, "timestamp");
    assert_eq!(qris_sign::body_hash(s(n, "body").as_bytes()).unwrap().as_str(), s(n, "body_sha256"));
    key.verify_request(s(n, "method"), s(n, "path"), s(n, "body").as_bytes(), ts, s(n, "signature_1024"), at(ts))
        .unwrap();

    let k1536 = PublicKey::from_pem_legacy_1024(s(&v, "public_1536")).unwrap();
    let ts = s(b2b, "timestamp");
    k1536.verify_b2b(client, ts, s(b2b, "signature_1536"), at(ts)).unwrap();
}

/// The opt-in widens the key sizes accepted, nothing else: forgeries fail.
#[test]
fn legacy_keys_refuse_forgeries() {
    let v = vectors();
    let key = PublicKey::from_pem_legacy_1024(s(&v, "public_1024")).unwrap();
    let b2b = &v["b2b"];
    let (client, ts, sig) = (s(b2b, "client_id"), s(b2b, "timestamp"), s(b2b, "signature_1024"));
    // Another key's signature over the same string.
    assert_eq!(key.verify_b2b(client, ts, s(b2b, "signature_1536"), at(ts)), Err(VerifyError::Malformed));
    // Another client id, another time: the signature covers both.
    assert_eq!(key.verify_b2b("WINPAY-CLIENX", ts, sig, at(ts)), Err(VerifyError::Invalid));
    let later = "2026-11-30T10:00:01+07:00";
    assert_eq!(key.verify_b2b(client, later, sig, at(later)), Err(VerifyError::Invalid));
    // Every bit of the signature matters.
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD.decode(sig).unwrap();
    for bit in (0..raw.len() * 8).step_by(37) {
        let mut bad = raw.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let bad = base64::engine::general_purpose::STANDARD.encode(bad);
        assert_eq!(key.verify_b2b(client, ts, &bad, at(ts)), Err(VerifyError::Invalid), "bit {bit}");
    }
    // The body is covered: one changed amount.
    let n = &v["notification"];
    let body = s(n, "body").replace("15000.00", "15001.00");
    let ts = s(n, "timestamp");
    assert_eq!(
        key.verify_request(s(n, "method"), s(n, "path"), body.as_bytes(), ts, s(n, "signature_1024"), at(ts)),
        Err(VerifyError::Invalid)
    );
    // A stale timestamp is refused before the signature is looked at.
    let n_ts = s(n, "timestamp");
    let fresh = Freshness::at(Timestamp::parse("2026-11-30T11:00:00+07:00").unwrap(), 300);
    assert!(matches!(
        key.verify_request(s(n, "method"), s(n, "path"), s(n, "body").as_bytes(), n_ts, s(n, "signature_1024"), fresh),
        Err(VerifyError::Timestamp(_))
    ));
}

#[test]
fn below_1024_bits_and_signing_stay_refused() {
    let v = vectors();
    assert_eq!(MIN_LEGACY_RSA_BITS, 1024);
    assert_eq!(PublicKey::from_pem_legacy_1024(s(&v, "public_768")).unwrap_err(), KeyError::TooSmall { bits: 768 });
    assert_eq!(PublicKey::from_pem(s(&v, "public_768")).unwrap_err(), KeyError::TooSmall { bits: 768 });
    // No signing with a legacy key: private keys stay >= 2048 bits.
    assert_eq!(PrivateKey::from_pem(s(&v, "private_1024")).unwrap_err(), KeyError::TooSmall { bits: 1024 });
    // A private key is not a public key, legacy or not.
    assert!(matches!(
        PublicKey::from_pem_legacy_1024(s(&v, "private_1024")).unwrap_err(),
        KeyError::WrongKind { need_private: false, .. }
    ));
}

#[test]
fn a_2048_bit_key_through_the_legacy_loader_is_not_legacy() {
    let pem = include_str!("../../../tests/vectors/midtrans-doc-public-spki.pem");
    let key = PublicKey::from_pem_legacy_1024(pem).unwrap();
    assert_eq!(key.bits(), 2048);
    assert!(!key.is_legacy());
    assert_eq!(key.warning(), None);
    assert_eq!(key, PublicKey::from_pem(pem).unwrap());
}
