//! Protocol benchmarks (issue 4): verifying a Midtrans notification from raw bytes
//! (parse + signature_key + outcome) <= 2 us; SNAP notify verification overhead
//! above raw RSA verify <= 10%.

use std::hint::black_box;

use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use qris::sign::{midtrans, PublicKey, Secret, Timestamp};
use qris::snap::{verify_midtrans, verify_snap, ResponseCode, SnapNotifyRequest};

const NOTIFICATION: &str = include_str!("../../tests/fixtures/seed000-notification.json");
const VECTORS: &str = include_str!("../../tests/vectors/snap-public.json");
const DOC_PUBLIC: &str = include_str!("../../tests/vectors/midtrans-doc-public-spki.pem");

fn notifications(c: &mut Criterion) {
    let mut g = c.benchmark_group("notify");
    let key = Secret::from("SB-Mid-server-TEST");
    let mut n: serde_json::Value = serde_json::from_str(NOTIFICATION).unwrap();
    n["signature_key"] = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap().into();
    let body = serde_json::to_vec_pretty(&n).unwrap();
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("midtrans/raw-body-to-outcome", |b| {
        b.iter(|| verify_midtrans(black_box(&body), &key).map(|v| v.deliver()))
    });

    let vectors: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
    let case = vectors["snap"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "midtrans_demo_notification_verification")
        .unwrap();
    let body = case["minified_body"].as_str().unwrap().as_bytes().to_vec();
    let sig = case["expected"].as_str().unwrap().to_string();
    let ts = "2024-05-02T14:43:08+07:00";
    let public = PublicKey::from_pem(DOC_PUBLIC).unwrap();
    let now = Timestamp::parse("2024-05-02T14:44:00+07:00").unwrap();
    let req =
        SnapNotifyRequest { method: "POST", path: "/v1.0/debit/notify", body: &body, timestamp: ts, signature: &sig };
    g.throughput(Throughput::Elements(1));
    g.bench_function("snap/verify-notify", |b| {
        b.iter(|| verify_snap(&public, black_box(&req), qris::sign::Freshness::at(now, 300)).map(|v| v.deliver()))
    });
    // The floor: AWS-LC (our RSA backend) verifying the same signature over the
    // same string to sign with a key parsed once, as ours is.
    let sts = case["string_to_sign"].as_str().unwrap().as_bytes().to_vec();
    let raw_sig = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(&sig).unwrap()
    };
    let raw_key = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, public.pkcs1_der()).unwrap();
    g.bench_function("snap/aws-lc-raw-rsa-verify", |b| b.iter(|| raw_key.verify_sig(black_box(&sts), &raw_sig)));
    g.bench_function("response-code/parse+names", |b| {
        b.iter(|| {
            let c = ResponseCode::parse(black_box("4035414")).unwrap();
            (c.case_name(), c.service_name(), c.retry())
        })
    });
    g.finish();
}

criterion_group!(benches, notifications);
criterion_main!(benches);
