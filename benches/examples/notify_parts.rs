//! What a SNAP notification verification is made of, part by part (best of 5
//! loops of 200,000 calls each): `cargo run --release -p qris-benches --example notify_parts`.

use std::hint::black_box;
use std::time::Instant;
fn time<F: FnMut() -> usize>(name: &str, mut f: F) {
    let n = 200_000;
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let mut s = 0;
        for _ in 0..n {
            s += f();
        }
        black_box(s);
        best = best.min(t.elapsed().as_nanos() as f64 / n as f64);
    }
    println!("{name}: {best:.0} ns");
}
fn main() {
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/snap-public.json")).unwrap();
    let case = &vectors["snap"][4];
    let body = case["minified_body"].as_str().unwrap().as_bytes().to_vec();
    let sig = case["expected"].as_str().unwrap().to_string();
    println!("body {} bytes", body.len());
    time("minify", || qris::sign::minify(black_box(&body)).map_or(0, |m| m.len()));
    time("body_hash", || qris::sign::body_hash(black_box(&body)).map_or(0, |h| h.as_str().len()));
    time("timestamp parse", || qris::sign::Timestamp::parse(black_box("2024-05-02T14:43:08+07:00")).map_or(0, |_| 1));
    time("serde notification", || {
        serde_json::from_slice::<qris::snap::SnapNotification>(black_box(&body))
            .map_or(0, |n| n.latest_transaction_status.len())
    });
    time("ack", || qris::snap::Acknowledgement::success(black_box(56)).response_code.len());
    let public =
        qris::sign::PublicKey::from_pem(include_str!("../../tests/vectors/midtrans-doc-public-spki.pem")).unwrap();
    let ts = "2024-05-02T14:43:08+07:00";
    let sts = case["string_to_sign"].as_str().unwrap().as_bytes().to_vec();
    let raw_sig = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(&sig).unwrap()
    };
    let raw = aws_lc_rs::signature::ParsedPublicKey::new(
        &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
        public.pkcs1_der(),
    )
    .unwrap();
    let now = qris::sign::Timestamp::parse("2024-05-02T14:44:00+07:00").unwrap();
    let req = qris::snap::SnapNotifyRequest {
        method: "POST",
        path: "/v1.0/debit/notify",
        body: &body,
        timestamp: ts,
        signature: &sig,
    };
    for _ in 0..2 {
        time("raw verify", || raw.verify_sig(black_box(&sts), &raw_sig).map_or(0, |_| 1));
        time("verify_string", || {
            public.verify_string(black_box(std::str::from_utf8(&sts).unwrap()), &sig).map_or(0, |_| 1)
        });
        time("verify_request", || {
            public
                .verify_request(
                    "POST",
                    "/v1.0/debit/notify",
                    black_box(&body),
                    ts,
                    &sig,
                    qris::sign::Freshness::at(now, 300),
                )
                .map_or(0, |_| 1)
        });
        time("verify_snap", || {
            qris::snap::verify_snap(&public, black_box(&req), qris::sign::Freshness::at(now, 300)).map_or(0, |_| 1)
        });
    }
    time("b64 decode", || {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(black_box(&sig)).map_or(0, |v| v.len())
    });
}
