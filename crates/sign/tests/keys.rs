//! Keys in every form they arrive in, and the rsa crate as an independent
//! SHA256withRSA oracle. Conversions between formats are done by the `rsa` crate
//! (and, for the certificate fixture, by OpenSSL), never by this crate.

use std::path::PathBuf;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use qris_sign::{Encoding, KeyError, KeyFormat, PrivateKey, PublicKey, VerifyError};
use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer, Verifier};

fn vector(name: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors").join(name)).unwrap()
}

fn oracle_key() -> rsa::RsaPrivateKey {
    rsa::RsaPrivateKey::from_pkcs8_pem(&vector("midtrans-doc-private-pkcs8.pem")).unwrap()
}

fn reference_public() -> PublicKey {
    PublicKey::from_pem(&vector("midtrans-doc-public-spki.pem")).unwrap()
}

/// The base64 between the PEM armour lines.
fn pem_body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

#[test]
fn private_keys_in_every_form() {
    let pkcs8 = vector("midtrans-doc-private-pkcs8.pem");
    let pkcs1 = oracle_key().to_pkcs1_pem(LineEnding::LF).unwrap().to_string();
    assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let der8 = STANDARD.decode(pem_body(&pkcs8)).unwrap();
    let der1 = STANDARD.decode(pem_body(&pkcs1)).unwrap();
    let forms: Vec<(&str, Vec<u8>, KeyFormat)> = vec![
        ("PKCS#8 PEM", pkcs8.clone().into_bytes(), KeyFormat::Pkcs8Private),
        ("PKCS#1 PEM", pkcs1.clone().into_bytes(), KeyFormat::Pkcs1Private),
        ("PKCS#8 DER", der8.clone(), KeyFormat::Pkcs8Private),
        ("PKCS#1 DER", der1, KeyFormat::Pkcs1Private),
        ("bare base64", pem_body(&pkcs8).into_bytes(), KeyFormat::Pkcs8Private),
        ("literal \\n (env var)", pkcs8.replace('\n', "\\n").into_bytes(), KeyFormat::Pkcs8Private),
        ("quoted env var", format!("\"{}\"", pkcs1.replace('\n', "\\n")).into_bytes(), KeyFormat::Pkcs1Private),
        ("CRLF", pkcs8.replace('\n', "\r\n").into_bytes(), KeyFormat::Pkcs8Private),
        ("no final newline", pkcs8.trim_end().as_bytes().to_vec(), KeyFormat::Pkcs8Private),
        ("one long line", pkcs8.replace('\n', "").into_bytes(), KeyFormat::Pkcs8Private),
    ];
    for (what, bytes, format) in forms {
        let key = PrivateKey::from_bytes(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(key.format(), format, "{what}");
        assert_eq!(key.public_key(), reference_public(), "{what}");
    }
}

#[test]
fn public_keys_in_every_form() {
    let spki = vector("midtrans-doc-public-spki.pem");
    let pkcs1 = oracle_key().to_public_key().to_pkcs1_pem(LineEnding::CRLF).unwrap();
    assert!(pkcs1.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
    let forms: Vec<(&str, Vec<u8>)> = vec![
        ("SPKI PEM", spki.clone().into_bytes()),
        ("PKCS#1 PEM", pkcs1.clone().into_bytes()),
        ("SPKI DER", STANDARD.decode(pem_body(&spki)).unwrap()),
        ("PKCS#1 DER", STANDARD.decode(pem_body(&pkcs1)).unwrap()),
        ("bare base64", pem_body(&spki).into_bytes()),
        ("env var", spki.replace('\n', "\\n").into_bytes()),
        ("X.509 certificate", vector("midtrans-doc-cert.pem").into_bytes()),
    ];
    for (what, bytes) in forms {
        let key = PublicKey::from_bytes(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(key, reference_public(), "{what}");
        assert_eq!(key.bits(), 2048);
    }
}

#[test]
fn wrong_kinds_say_what_they_are() {
    let spki = vector("midtrans-doc-public-spki.pem");
    let e = PrivateKey::from_pem(&spki).unwrap_err();
    assert_eq!(e.to_string(), "an SPKI public key given where a private key is needed");
    let pkcs1_pub = oracle_key().to_public_key().to_pkcs1_pem(LineEnding::LF).unwrap();
    assert_eq!(
        PrivateKey::from_pem(&pkcs1_pub).unwrap_err().to_string(),
        "a PKCS#1 public key given where a private key is needed"
    );
    let e = PublicKey::from_pem(&vector("midtrans-doc-private-pkcs8.pem")).unwrap_err();
    assert_eq!(e, KeyError::WrongKind { found: KeyFormat::Pkcs8Private, need_private: false });
    assert_eq!(e.to_string(), "a PKCS#8 private key given where a public key is needed");
    assert!(PrivateKey::from_pem(&vector("midtrans-doc-cert.pem")).unwrap_err().to_string().contains("certificate"));
}

#[test]
fn pem_structure_is_strict_and_says_what_is_wrong() {
    use qris_sign::PemError;
    let pkcs8 = vector("midtrans-doc-private-pkcs8.pem");
    let cert = vector("midtrans-doc-cert.pem");
    let err = |text: &str| PrivateKey::from_pem(text).unwrap_err();
    // Text around the block.
    assert_eq!(err(&format!("my key:\n{pkcs8}")), KeyError::Pem(PemError::TextOutside { line: 1 }));
    assert!(matches!(err(&format!("{pkcs8}thanks\n")), KeyError::Pem(PemError::TextOutside { .. })));
    // A mismatched END label.
    assert_eq!(
        err(&pkcs8.replace("-----END PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----")),
        KeyError::Pem(PemError::MismatchedEnd { begin: Some("PRIVATE KEY"), end: Some("RSA PRIVATE KEY") })
    );
    // Several blocks: which one was meant, for each kind of key.
    let bundle = format!("{pkcs8}\n{cert}");
    let e = err(&bundle);
    assert_eq!(
        e,
        KeyError::Pem(PemError::SeveralBlocks {
            labels: vec!["PRIVATE KEY".into(), "CERTIFICATE".into()],
            meant: Some(0)
        })
    );
    assert!(e.to_string().contains("give block 1 (\"PRIVATE KEY\") alone"), "{e}");
    let e = PublicKey::from_pem(&bundle).unwrap_err();
    assert!(e.to_string().contains("give block 2 (\"CERTIFICATE\") alone"), "{e}");
    let chain = format!("{cert}{cert}");
    assert!(matches!(
        PublicKey::from_pem(&chain).unwrap_err(),
        KeyError::Pem(PemError::SeveralBlocks { meant: None, .. })
    ));
    // The lost-dash bundle: a malformed boundary, on line 1.
    let lost = format!("{}{cert}", pkcs8.replacen("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY----", 1));
    assert_eq!(err(&lost), KeyError::Pem(PemError::Boundary { line: 1 }));
    // A well-known label is named; any other is not repeated (it could be key
    // material that happens to look like a label).
    assert_eq!(
        err("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----"),
        KeyError::UnsupportedPem(Some("X509 CRL"))
    );
    let e = err("-----BEGIN MIIEVQIBADANBGKQ-----\nAAAA\n-----END MIIEVQIBADANBGKQ-----");
    assert_eq!(e, KeyError::UnsupportedPem(None));
    assert!(!e.to_string().contains("MIIEVQ"), "{e}");
    // One long line (newlines lost on the way through an environment) still reads.
    assert!(PrivateKey::from_pem(&pkcs8.replace('\n', "")).is_ok());
}

#[test]
fn small_keys_are_refused() {
    let mut rng = rand_core_rng();
    let small = rsa::RsaPrivateKey::new(&mut rng, 1024).unwrap();
    let pem = small.to_pkcs8_pem(LineEnding::LF).unwrap();
    assert_eq!(PrivateKey::from_pem(&pem).unwrap_err(), KeyError::TooSmall { bits: 1024 });
    let public = small.to_public_key().to_public_key_pem(LineEnding::LF).unwrap();
    // A 1024-bit public key is a legacy provider key: it needs the explicit opt-in.
    let e = PublicKey::from_pem(&public).unwrap_err();
    assert_eq!(e, KeyError::LegacyKey { bits: 1024 });
    assert!(e.to_string().contains("below the 2048 bits"), "{e}");
}

fn rand_core_rng() -> impl rsa::rand_core::CryptoRngCore {
    rsa::rand_core::OsRng
}

#[test]
fn rsa_crate_agrees_with_our_signatures() {
    let oracle = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(oracle_key());
    let verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(oracle_key().to_public_key());
    let ours = PrivateKey::from_pem(&vector("midtrans-doc-private-pkcs8.pem")).unwrap();
    for msg in ["", "G1234325-SNAP|2023-07-31T07:10:00+07:00", "POST:/v1.0/debit/notify:abc:2024-01-01T00:00:00+07:00"]
    {
        let sig = ours.sign_string(msg, Encoding::Base64).unwrap();
        let theirs = oracle.sign(msg.as_bytes()).to_vec();
        // PKCS#1 v1.5 is deterministic: the same bytes.
        assert_eq!(STANDARD.decode(&sig).unwrap(), theirs, "{msg:?}");
        let parsed = rsa::pkcs1v15::Signature::try_from(theirs.as_slice()).unwrap();
        verifier.verify(msg.as_bytes(), &parsed).unwrap();
        reference_public().verify_string(msg, &STANDARD.encode(&theirs)).unwrap();
    }
}

#[test]
fn keys_never_show_in_debug() {
    let key = PrivateKey::from_pem(&vector("midtrans-doc-private-pkcs8.pem")).unwrap();
    let debug = format!("{key:?}");
    assert_eq!(debug, "PrivateKey(2048 bits, [REDACTED])");
    let body = pem_body(&vector("midtrans-doc-private-pkcs8.pem"));
    assert!(!debug.contains(&body[40..60]));
    assert_eq!(format!("{:?}", qris_sign::HmacSigner::new(b"secret").unwrap()), "HmacSigner([REDACTED])");
    assert_eq!(format!("{:?}", qris_sign::Secret::from("SB-Mid-server-x")), "Secret([REDACTED])");
}

#[test]
fn malformed_signatures_are_distinguished_from_wrong_ones() {
    let key = reference_public();
    let ts = "2024-03-19T14:30:00+07:00";
    let fresh = qris_sign::Freshness::at(qris_sign::Timestamp::parse(ts).unwrap(), 0);
    assert_eq!(key.verify_b2b("a", ts, "not a signature", fresh), Err(VerifyError::Malformed));
    assert_eq!(key.verify_b2b("a", ts, &STANDARD.encode([0u8; 256]), fresh), Err(VerifyError::Invalid));
    assert_eq!(key.verify_b2b("a", ts, &"00".repeat(256), fresh), Err(VerifyError::Invalid));
}

/// DER: a length in definite form.
fn der_len(n: usize) -> Vec<u8> {
    match n {
        0..=0x7f => vec![n as u8],
        0x80..=0xff => vec![0x81, n as u8],
        _ => vec![0x82, (n >> 8) as u8, n as u8],
    }
}

fn der(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(der_len(body.len()));
    out.extend_from_slice(body);
    out
}

/// A positive INTEGER of exactly `bits` bits (top bit set, odd).
fn der_uint(bits: usize) -> Vec<u8> {
    let mut v = vec![0xAB; bits.div_ceil(8)];
    let top = (bits - 1) % 8;
    v[0] = (v[0] | (1 << top)) & (0xFF >> (7 - top));
    if v[0] & 0x80 != 0 {
        v.insert(0, 0);
    }
    der(0x02, &v)
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

/// The documented key-size limits, at and beyond the boundary. The oversized keys
/// are built as DER by hand (a real 8200-bit key takes minutes to generate): the
/// size is checked before anything else is.
#[test]
fn key_size_limits_are_explicit_errors() {
    use qris_sign::{MAX_RSA_PRIVATE_BITS, MAX_RSA_PUBLIC_BITS, MIN_RSA_BITS};
    assert_eq!((MIN_RSA_BITS, MAX_RSA_PRIVATE_BITS, MAX_RSA_PUBLIC_BITS), (2048, 4096, 8192));
    // Exactly the minimum: the published 2048-bit key loads.
    assert_eq!(reference_public().bits(), MIN_RSA_BITS);
    let public_of = |bits: usize| {
        let body = [der_uint(bits), der(0x02, &[1, 0, 1])].concat();
        PublicKey::from_pem(&pem("RSA PUBLIC KEY", &der(0x30, &body)))
    };
    assert_eq!(public_of(8200).unwrap_err(), KeyError::TooLarge { bits: 8200, max: MAX_RSA_PUBLIC_BITS });
    assert!(public_of(8200).unwrap_err().to_string().contains("8192"));
    assert_eq!(public_of(2040).unwrap_err(), KeyError::LegacyKey { bits: 2040 });
    assert_eq!(public_of(1016).unwrap_err(), KeyError::TooSmall { bits: 1016 });
    assert_eq!(
        PublicKey::from_pem_legacy_1024(&pem(
            "RSA PUBLIC KEY",
            &der(0x30, &[der_uint(1016), der(0x02, &[1, 0, 1])].concat())
        ))
        .unwrap_err(),
        KeyError::TooSmall { bits: 1016 }
    );
    assert_eq!(
        PublicKey::from_pem_legacy_1024(&pem(
            "RSA PUBLIC KEY",
            &der(0x30, &[der_uint(8200), der(0x02, &[1, 0, 1])].concat())
        ))
        .unwrap_err(),
        KeyError::TooLarge { bits: 8200, max: MAX_RSA_PUBLIC_BITS }
    );
    let private_of = |bits: usize| {
        let half = der_uint(bits / 2);
        let body = [
            der(0x02, &[0]),
            der_uint(bits),
            der(0x02, &[1, 0, 1]),
            der_uint(bits - 1),
            half.clone(),
            half.clone(),
            half.clone(),
            half.clone(),
            half,
        ]
        .concat();
        PrivateKey::from_pem(&pem("RSA PRIVATE KEY", &der(0x30, &body)))
    };
    assert_eq!(private_of(4608).unwrap_err(), KeyError::TooLarge { bits: 4608, max: MAX_RSA_PRIVATE_BITS });
    assert_eq!(private_of(1536).unwrap_err(), KeyError::TooSmall { bits: 1536 });
}

/// No error message, whatever went wrong, repeats secret material: not a
/// private key's Base64, not an HMAC client secret, not a Midtrans server key.
#[test]
fn error_messages_never_contain_secrets() {
    let pkcs8 = vector("midtrans-doc-private-pkcs8.pem");
    let body = pem_body(&pkcs8);
    // Windows of the key's Base64 that must never appear in a message.
    let windows: Vec<&str> = (0..body.len() - 12).step_by(7).map(|i| &body[i..i + 12]).collect();
    let leaks = |msg: &str| windows.iter().find(|w| msg.contains(**w)).map(|w| w.to_string());
    let mut corrupted = vec![
        pkcs8.replace(&body[100..104], "!!!!"),                // not Base64
        pkcs8.replace(&body[100..104], "AAAA"),                // Base64, broken DER
        pkcs8.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"), // wrong label
        body[..body.len() / 2].to_string(),                    // truncated bare Base64
        format!("\"{}\"", pkcs8.replace('\n', "\\n")),         // quoted, escaped newlines (loads)
    ];
    corrupted.push(pkcs8.replacen("MII", "MIJ", 1));
    let cert = vector("midtrans-doc-cert.pem");
    // A key + certificate bundle whose BEGIN line lost a dash: a lenient reader
    // takes everything up to the next "-----" (the whole key) as the label.
    corrupted.push(format!("{}{cert}", pkcs8.replacen("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY----", 1)));
    corrupted.push(format!("{}{cert}", pkcs8.replacen("-----BEGIN PRIVATE KEY-----", "----BEGIN PRIVATE KEY-----", 1)));
    corrupted.push(format!("{}{cert}", pkcs8.replacen("-----END PRIVATE KEY-----", "-----END PRIVATE KEY----", 1)));
    corrupted.push(pkcs8.replacen("-----END PRIVATE KEY-----", "-----END PUBLIC KEY-----", 1));
    corrupted.push(format!("{pkcs8}{cert}"));
    corrupted.push(pkcs8.replace('\n', "\n-----\n"));
    for input in &corrupted {
        for msg in [
            PrivateKey::from_pem(input).err().map(|e| format!("{e} {e:?}")),
            PublicKey::from_pem(input).err().map(|e| format!("{e} {e:?}")),
        ]
        .into_iter()
        .flatten()
        {
            assert_eq!(leaks(&msg), None, "message {msg:?} repeats key material");
        }
    }
    let secret = "fdppqbF5wq7vVegyvsV1CROMv646nJ7A";
    let signer = qris_sign::HmacSigner::new(secret.as_bytes()).unwrap();
    let ts = "2024-01-01T00:00:00+07:00";
    let fresh = qris_sign::Freshness::at(qris_sign::Timestamp::parse(ts).unwrap(), 60);
    for (body, sig) in [(&b"{}"[..], "AAAA"), (b"{bad", "AAAA"), (b"{}", "not base64 at all")] {
        if let Err(e) = signer.verify_request("POST", "/p", "t", body, ts, sig, fresh) {
            assert!(!e.to_string().contains(secret) && !format!("{e:?}").contains(secret));
        }
    }
    let server_key = qris_sign::Secret::from("SB-Mid-server-abcdefghijklmnop");
    let err = qris_sign::midtrans::verify_signature_key("order", "200", "1.00", &server_key, "00")
        .expect_err("a wrong signature_key");
    assert!(!format!("{err} {err:?}").contains("abcdefghijklmnop"));
}
