//! Signature engine benchmarks. Targets (issue 3): minify >= 1 GB/s on a
//! pretty-printed 1 MiB document and >= 2 GB/s on a minified one, >= 4x a
//! serde_json Value round trip on a ~300-byte SNAP body; symmetric signature of
//! that body with a prepared key <= 1.5 us; Midtrans signature_key verify <= 400 ns;
//! RSA-2048 sign and verify >= 90% of raw ring in the same run.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use qris::sign::{midtrans, minify, minify_into, Encoding, HmacSigner, PrivateKey, Secret};
use qris_benches::{json_document, snap_document, SNAP_BODY_PRETTY};
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};

const DOC_KEY: &str = include_str!("../../tests/vectors/midtrans-doc-private-pkcs8.pem");

fn minify_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("minify");
    for (name, doc) in [
        ("1MiB-pretty", snap_document(1 << 20, true)),
        ("1MiB-minified", snap_document(1 << 20, false)),
        ("1MiB-pretty-escape-dense", json_document(1 << 20, true)),
        ("1MiB-minified-escape-dense", json_document(1 << 20, false)),
    ] {
        assert!(minify(&doc).is_ok());
        g.throughput(Throughput::Bytes(doc.len() as u64));
        g.bench_function(name, |b| b.iter(|| minify(black_box(&doc)).map(|m| m.len())));
        let mut buf = Vec::with_capacity(doc.len());
        g.bench_function(format!("{name}/into-reused-buffer"), |b| {
            b.iter(|| minify_into(black_box(&doc), &mut buf).map(|()| buf.len()))
        });
    }
    let body = SNAP_BODY_PRETTY.as_bytes();
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("snap-body-300B/ours", |b| b.iter(|| minify(black_box(body)).map(|m| m.len())));
    g.bench_function("snap-body-300B/serde_json-Value-round-trip", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_slice(black_box(body)).unwrap();
            serde_json::to_vec(&v).unwrap().len()
        })
    });
    g.finish();
}

fn signature_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("signature");
    let body = SNAP_BODY_PRETTY.as_bytes();
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("body-hash/snap-body-300B", |b| b.iter(|| qris::sign::body_hash(black_box(body))));
    // The ceiling of the body hash: SHA-256 alone over the already-minified body.
    let minified = minify(body).unwrap().into_owned();
    g.bench_function("body-hash/ceiling-ring-sha256-of-minified", |b| {
        b.iter(|| ring::digest::digest(&ring::digest::SHA256, black_box(&minified)))
    });
    let signer = HmacSigner::new(b"fdppqbF5wq7vVegyvsV1CROMv646nJ7A").unwrap();
    let token = "gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a";
    let ts = "2024-03-19T14:30:00+07:00";
    g.bench_function("hmac-sign/snap-body-300B", |b| {
        b.iter(|| signer.sign_request("POST", "/v1.0/qr/qr-mpm-generate", token, black_box(body), ts, Encoding::Base64))
    });
    // The ceiling of the symmetric signature: the primitives alone, SHA-256 of the
    // already-minified body and HMAC-SHA512 of a ready string to sign, prepared key.
    let raw_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA512, b"fdppqbF5wq7vVegyvsV1CROMv646nJ7A");
    let sts = qris::sign::symmetric_string_to_sign(
        "POST",
        "/v1.0/qr/qr-mpm-generate",
        token,
        &qris::sign::body_hash(body).unwrap(),
        ts,
    );
    g.bench_function("hmac-sign/ceiling-ring-sha256+hmac", |b| {
        b.iter(|| {
            let d = ring::digest::digest(&ring::digest::SHA256, black_box(&minified));
            (d, ring::hmac::sign(&raw_key, black_box(sts.as_bytes())))
        })
    });
    let sig = signer.sign_request("POST", "/v1.0/qr/qr-mpm-generate", token, body, ts, Encoding::Base64).unwrap();
    // A fixed clock: the X-TIMESTAMP check (parse + window) is part of the cost.
    let fresh = qris::sign::Freshness::at(qris::sign::Timestamp::parse(ts).unwrap(), 300);
    g.bench_function("hmac-verify/snap-body-300B", |b| {
        b.iter(|| signer.verify_request("POST", "/v1.0/qr/qr-mpm-generate", token, black_box(body), ts, &sig, fresh))
    });
    g.bench_function("sha256-300B/ring", |b| b.iter(|| ring::digest::digest(&ring::digest::SHA256, black_box(body))));
    g.bench_function("sha256-300B/sha2", |b| {
        use sha2::Digest;
        b.iter(|| sha2::Sha256::digest(black_box(body)))
    });
    g.bench_function("sha512-300B/ring", |b| b.iter(|| ring::digest::digest(&ring::digest::SHA512, black_box(body))));
    g.bench_function("sha512-300B/sha2", |b| {
        use sha2::Digest;
        b.iter(|| sha2::Sha512::digest(black_box(body)))
    });
    let key = Secret::from("SB-Mid-server-TEST");
    let sk = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap();
    g.throughput(Throughput::Elements(1));
    g.bench_function("midtrans-signature_key-verify", |b| {
        b.iter(|| midtrans::verify_signature_key("order102", "200", black_box("789000.00"), &key, &sk))
    });
    g.bench_function("midtrans-signature_key-compute", |b| {
        b.iter(|| midtrans::signature_key("order102", "200", black_box("789000.00"), &key))
    });
    // The ceiling: SHA-512 of the four fields, fed piece by piece.
    g.bench_function("midtrans-signature_key/ceiling-ring-sha512", |b| {
        b.iter(|| {
            let mut ctx = ring::digest::Context::new(&ring::digest::SHA512);
            for part in ["order102", "200", black_box("789000.00"), "SB-Mid-server-TEST"] {
                ctx.update(part.as_bytes());
            }
            ctx.finish()
        })
    });
    g.finish();

    // RSA-2048: ours against raw AWS-LC (our backend: the ceiling) and raw ring (the
    // previous backend, a peer) on the same key and message, same run.
    let mut g = c.benchmark_group("rsa-2048");
    g.throughput(Throughput::Elements(1));
    let ours = PrivateKey::from_pem(DOC_KEY).unwrap();
    let public = ours.public_key();
    let der: Vec<u8> = {
        use base64::Engine;
        let b64: String = DOC_KEY.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD.decode(b64).unwrap()
    };
    let raw = RsaKeyPair::from_pkcs8(&der).unwrap();
    let rng = SystemRandom::new();
    let msg = "G1234325-SNAP|2023-07-31T07:10:00+07:00";
    g.bench_function("sign/ring-raw", |b| {
        b.iter(|| {
            let mut sig = vec![0u8; raw.public().modulus_len()];
            raw.sign(&RSA_PKCS1_SHA256, &rng, black_box(msg.as_bytes()), &mut sig).unwrap();
            sig
        })
    });
    let lc = aws_lc_rs::signature::RsaKeyPair::from_pkcs8(&der).unwrap();
    let lc_rng = aws_lc_rs::rand::SystemRandom::new();
    g.bench_function("sign/aws-lc-raw", |b| {
        b.iter(|| {
            let mut sig = vec![0u8; lc.public_modulus_len()];
            lc.sign(&aws_lc_rs::signature::RSA_PKCS1_SHA256, &lc_rng, black_box(msg.as_bytes()), &mut sig).unwrap();
            sig
        })
    });
    g.bench_function("sign/ours-b2b-base64", |b| {
        b.iter(|| ours.sign_b2b("G1234325-SNAP", black_box("2023-07-31T07:10:00+07:00"), Encoding::Base64))
    });
    let sig_bytes = ours.sign_bytes(msg.as_bytes()).unwrap();
    let sig_b64 = ours.sign_b2b("G1234325-SNAP", "2023-07-31T07:10:00+07:00", Encoding::Base64).unwrap();
    let pkcs1 = public.pkcs1_der().to_vec();
    g.bench_function("verify/ring-raw", |b| {
        b.iter(|| {
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &pkcs1).verify(black_box(msg.as_bytes()), &sig_bytes)
        })
    });
    let lc_public =
        aws_lc_rs::signature::ParsedPublicKey::new(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256, &pkcs1).unwrap();
    g.bench_function("verify/aws-lc-raw", |b| b.iter(|| lc_public.verify_sig(black_box(msg.as_bytes()), &sig_bytes)));
    g.bench_function("verify/ours-b2b-base64", |b| {
        let fresh = qris::sign::Freshness::at(qris::sign::Timestamp::parse("2023-07-31T07:10:00+07:00").unwrap(), 300);
        b.iter(|| public.verify_b2b("G1234325-SNAP", black_box("2023-07-31T07:10:00+07:00"), &sig_b64, fresh))
    });
    g.finish();
}

criterion_group!(benches, minify_benches, signature_benches);
criterion_main!(benches);
