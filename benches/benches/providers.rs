//! The crypto providers side by side: the same operations through qris' own API,
//! built once with `aws-lc` (the default) and once with `ring`
//! (`--no-default-features --features ring`). The group is named after the
//! provider compiled in (`provider-aws-lc`, `provider-ring`), so one criterion
//! directory holds both runs; `benches/harness/providers.py` tabulates them.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use qris::sign::{midtrans, Encoding, Freshness, HmacSigner, PrivateKey, Secret, Timestamp};
use qris_benches::SNAP_BODY_PRETTY;

const DOC_KEY: &str = include_str!("../../tests/vectors/midtrans-doc-private-pkcs8.pem");

fn providers(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!("provider-{}", qris::sign::PROVIDER));
    g.throughput(Throughput::Elements(1));
    let body = SNAP_BODY_PRETTY.as_bytes();
    g.bench_function("body-hash/snap-body-300B", |b| b.iter(|| qris::sign::body_hash(black_box(body))));

    let signer = HmacSigner::new(b"fdppqbF5wq7vVegyvsV1CROMv646nJ7A").unwrap();
    let token = "gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a";
    let ts = "2024-03-19T14:30:00+07:00";
    let path = "/v1.0/qr/qr-mpm-generate";
    g.bench_function("hmac-sign/snap-body-300B", |b| {
        b.iter(|| signer.sign_request("POST", path, token, black_box(body), ts, Encoding::Base64))
    });
    let sig = signer.sign_request("POST", path, token, body, ts, Encoding::Base64).unwrap();
    let fresh = Freshness::at(Timestamp::parse(ts).unwrap(), 300);
    g.bench_function("hmac-verify/snap-body-300B", |b| {
        b.iter(|| signer.verify_request("POST", path, token, black_box(body), ts, &sig, fresh))
    });

    let key = Secret::from("SB-Mid-server-TEST");
    let sk = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap();
    g.bench_function("midtrans-signature_key-verify", |b| {
        b.iter(|| midtrans::verify_signature_key("order102", "200", black_box("789000.00"), &key, &sk))
    });

    let private = PrivateKey::from_pem(DOC_KEY).unwrap();
    let public = private.public_key();
    let b2b_ts = "2023-07-31T07:10:00+07:00";
    g.bench_function("rsa-2048-sign/b2b-base64", |b| {
        b.iter(|| private.sign_b2b("G1234325-SNAP", black_box(b2b_ts), Encoding::Base64))
    });
    let b2b_sig = private.sign_b2b("G1234325-SNAP", b2b_ts, Encoding::Base64).unwrap();
    let b2b_fresh = Freshness::at(Timestamp::parse(b2b_ts).unwrap(), 300);
    g.bench_function("rsa-2048-verify/b2b-base64", |b| {
        b.iter(|| public.verify_b2b("G1234325-SNAP", black_box(b2b_ts), &b2b_sig, b2b_fresh))
    });
    g.finish();
}

criterion_group!(benches, providers);
criterion_main!(benches);
