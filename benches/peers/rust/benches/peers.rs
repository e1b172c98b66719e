//! qris against the Rust crates a developer could pick instead, same inputs,
//! same run: the crates.io `qris` crate (0.1.1, EMVCo parse + CRC), the `rsa`
//! crate (SHA256withRSA), and a serde_json `Value` round trip (minify).
//!
//! Group names start with `peer-`; in each, `ours` is qris and every other
//! bench is a peer doing the same job on the same input (checked before timing).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use qris_benches::{snap_document, SEED_000, SNAP_BODY_PRETTY, TOKO_STATIC};

const DOC_KEY: &str = include_str!("../../../../tests/vectors/midtrans-doc-private-pkcs8.pem");
const DOC_PUBLIC: &str = include_str!("../../../../tests/vectors/midtrans-doc-public-spki.pem");

/// The crates.io `qris` crate: parse, then its own CRC check (it re-serialises
/// the tree and recomputes the CRC bit by bit). It unwraps internally, so only
/// well-formed payloads are given to it.
fn crates_io_parse_crc(payload: &str) -> bool {
    qris_crates_io::node::Nodes::from_str(payload).map(|n| n.verify()).unwrap_or(false)
}

fn parse(c: &mut Criterion) {
    for (name, payload) in [("seed000", SEED_000), ("gopay-static", TOKO_STATIC)] {
        assert!(qris_emv::parse(payload).is_ok());
        assert!(crates_io_parse_crc(payload), "the crates.io qris crate agrees the CRC is right");
        let mut bad = payload.to_string();
        bad.replace_range(bad.len() - 1.., "0");
        assert!(qris_emv::parse(&bad).is_err() && !crates_io_parse_crc(&bad), "both see a wrong CRC");
        let mut g = c.benchmark_group(format!("peer-parse+crc/{name}"));
        g.throughput(Throughput::Bytes(payload.len() as u64));
        g.bench_function("ours", |b| b.iter(|| qris_emv::parse(black_box(payload)).map(|p| p.len())));
        g.bench_function("qris-crates.io-0.1.1", |b| b.iter(|| crates_io_parse_crc(black_box(payload))));
        g.finish();
    }
}

fn minify(c: &mut Criterion) {
    let round_trip = |body: &[u8]| -> Vec<u8> {
        let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        serde_json::to_vec(&v).unwrap_or_default()
    };
    for (name, body) in [
        ("snap-body-300B", SNAP_BODY_PRETTY.as_bytes().to_vec()),
        ("1MiB-pretty", snap_document(1 << 20, true)),
    ] {
        // serde_json's Value round trip is not lexical in general (it rewrites
        // number spellings and escapes, and sorts keys without preserve_order);
        // compare on the bytes only where it happens to agree.
        let ours = qris_sign::minify(&body).map(|m| m.into_owned()).unwrap_or_default();
        let theirs = round_trip(&body);
        let mut g = c.benchmark_group(format!("peer-minify/{name}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        if body.len() > 1 << 16 {
            g.sample_size(20);
        }
        println!("peer-minify/{name}: serde_json output identical to ours: {}", ours == theirs);
        g.bench_function("ours", |b| b.iter(|| qris_sign::minify(black_box(&body)).map(|m| m.len())));
        g.bench_function("serde_json-Value-round-trip", |b| b.iter(|| round_trip(black_box(&body)).len()));
        g.finish();
    }
}

fn rsa(c: &mut Criterion) {
    use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
    use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
    use rsa::sha2::Sha256;
    use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};

    let ours = qris_sign::PrivateKey::from_pem(DOC_KEY).unwrap();
    let ours_pub = qris_sign::PublicKey::from_pem(DOC_PUBLIC).unwrap();
    let theirs = SigningKey::<Sha256>::new(rsa::RsaPrivateKey::from_pkcs8_pem(DOC_KEY).unwrap());
    let theirs_pub = VerifyingKey::<Sha256>::new(rsa::RsaPublicKey::from_public_key_pem(DOC_PUBLIC).unwrap());
    let msg = "G1234325-SNAP|2023-07-31T07:10:00+07:00";
    let sig = ours.sign_bytes(msg.as_bytes()).unwrap();
    let their_sig = theirs.sign_with_rng(&mut rsa::rand_core::OsRng, msg.as_bytes());
    assert_eq!(their_sig.to_vec(), sig, "PKCS#1 v1.5 is deterministic: both give the same signature");
    let parsed_sig = Signature::try_from(sig.as_slice()).unwrap();

    let mut g = c.benchmark_group("peer-rsa-2048/sign");
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    g.bench_function("ours", |b| b.iter(|| ours.sign_bytes(black_box(msg.as_bytes()))));
    // With blinding (sign_with_rng), as a server must sign.
    g.bench_function("rsa-crate-0.9.10", |b| {
        b.iter(|| theirs.sign_with_rng(&mut rsa::rand_core::OsRng, black_box(msg.as_bytes())))
    });
    g.finish();
    let mut g = c.benchmark_group("peer-rsa-2048/verify");
    g.throughput(Throughput::Elements(1));
    let b64 = ours.sign_b2b("G1234325-SNAP", "2023-07-31T07:10:00+07:00", qris_sign::Encoding::Base64).unwrap();
    let fresh = qris_sign::Freshness::at(qris_sign::Timestamp::parse("2023-07-31T07:10:00+07:00").unwrap(), 300);
    g.bench_function("ours", |b| {
        b.iter(|| ours_pub.verify_b2b("G1234325-SNAP", black_box("2023-07-31T07:10:00+07:00"), &b64, fresh))
    });
    g.bench_function("rsa-crate-0.9.10", |b| b.iter(|| theirs_pub.verify(black_box(msg.as_bytes()), &parsed_sig)));
    g.finish();
}

criterion_group!(benches, parse, minify, rsa);
criterion_main!(benches);
