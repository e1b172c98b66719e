//! A loop over one hot path, for `perf record` / `valgrind --tool=callgrind`:
//! `cargo run --release -p qris-benches --example profile -- parse 1000000`.

use std::hint::black_box;

use qris::emv::{parse, DynamicOptions};
use qris_benches::{SEED_000, TOKO_STATIC};

const MPM_REQUEST: &[u8] = include_bytes!("../../tests/fixtures/seed001-qr-mpm-generate-request.json");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("parse", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let parsed = parse(SEED_000).unwrap();
    let stat = parse(TOKO_STATIC).unwrap();
    let opts = DynamicOptions::new("17000");
    let doc = qris_benches::snap_document(1 << 20, what == "minify-pretty");
    let signer = qris::sign::HmacSigner::new(b"fdppqbF5wq7vVegyvsV1CROMv646nJ7A").unwrap();
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/snap-public.json")).unwrap_or_default();
    let case = &vectors["snap"][4];
    let notify_body = case["minified_body"].as_str().unwrap_or_default().as_bytes().to_vec();
    let notify_sig = case["expected"].as_str().unwrap_or_default().to_string();
    let public =
        qris::sign::PublicKey::from_pem(include_str!("../../tests/vectors/midtrans-doc-public-spki.pem")).unwrap();
    let now = qris::sign::Timestamp::parse("2024-05-02T14:44:00+07:00").unwrap();
    let notify = qris::snap::SnapNotifyRequest {
        method: "POST",
        path: "/v1.0/debit/notify",
        body: &notify_body,
        timestamp: "2024-05-02T14:43:08+07:00",
        signature: &notify_sig,
    };
    let hmac_sig = signer
        .sign_request(
            "POST",
            "/v1.0/qr/qr-mpm-generate",
            "gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a",
            qris_benches::SNAP_BODY_PRETTY.as_bytes(),
            "2024-03-19T14:30:00+07:00",
            qris::sign::Encoding::Base64,
        )
        .unwrap_or_default();
    let hmac_at = qris::sign::Timestamp::parse("2024-03-19T14:31:00+07:00").unwrap();
    let server_key = qris::sign::Secret::from("askvnoibnosifnboseofinbofinfgbiufglnbfg");
    let midtrans_key = "edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231";
    let public_private =
        qris::sign::PrivateKey::from_pem(include_str!("../../tests/vectors/midtrans-doc-private-pkcs8.pem")).unwrap();
    let cpm_text = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
    let mut cpm_buf = [0u8; qris::cpm::MAX_CPM_BYTES];
    let cpm_len = qris::cpm::decode_into(cpm_text, &mut cpm_buf).map_or(0, |r| r.0);
    let cpm_bytes = cpm_buf[..cpm_len].to_vec();
    let cpm_parsed = qris::cpm::parse_bytes(&cpm_bytes).unwrap();
    let mut sink = 0usize;
    for _ in 0..n {
        sink += match what {
            "parse" => parse(black_box(SEED_000)).map_or(0, |p| p.len()),
            "validate" => black_box(&parsed).validate().diagnostics().len(),
            "fields" => {
                black_box(&parsed)
                    .amount()
                    .into_iter()
                    .chain(parsed.merchant_name())
                    .chain(parsed.merchant_city())
                    .chain(parsed.postal_code())
                    .chain(parsed.mcc())
                    .chain(parsed.currency())
                    .chain(parsed.country())
                    .chain(parsed.nmid())
                    .map(str::len)
                    .sum::<usize>()
                    + usize::from(parsed.is_dynamic())
            }
            "minify-803" => qris::sign::minify(black_box(MPM_REQUEST)).map_or(0, |m| m.len()),
            "check" => {
                let mut n = 0;
                qris::emv::Validator::qris().check(black_box(SEED_000), |_| n += 1);
                n
            }
            "dynamic" => black_box(&stat).to_dynamic(&opts).map_or(0, |s| s.len()),
            "hmac" => signer
                .sign_request(
                    "POST",
                    "/v1.0/qr/qr-mpm-generate",
                    "gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a",
                    qris_benches::SNAP_BODY_PRETTY.as_bytes(),
                    "2024-03-19T14:30:00+07:00",
                    qris::sign::Encoding::Base64,
                )
                .map_or(0, |s| s.len()),
            "hmac-verify" => signer
                .verify_request(
                    "POST",
                    "/v1.0/qr/qr-mpm-generate",
                    "gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a",
                    qris_benches::SNAP_BODY_PRETTY.as_bytes(),
                    "2024-03-19T14:30:00+07:00",
                    black_box(&hmac_sig),
                    qris::sign::Freshness::at(hmac_at, 300),
                )
                .map_or(0, |()| 1),
            "midtrans-verify" => qris::sign::midtrans::verify_signature_key(
                "1111",
                "200",
                "100000.00",
                &server_key,
                black_box(midtrans_key),
            )
            .map_or(0, |()| 1),
            "body-hash" => qris::sign::body_hash(black_box(qris_benches::SNAP_BODY_PRETTY.as_bytes()))
                .map_or(0, |h| h.as_str().len()),
            "rsa-sign" => public_private
                .sign_b2b("G1234325-SNAP", black_box("2023-07-31T07:10:00+07:00"), qris::sign::Encoding::Base64)
                .map_or(0, |s| s.len()),
            "minify-pretty" | "minify" => qris::sign::minify(black_box(&doc)).map_or(0, |m| m.len()),
            "snap-notify" => qris::snap::verify_snap(&public, black_box(&notify), qris::sign::Freshness::at(now, 300))
                .map_or(0, |v| usize::from(v.deliver())),
            "cpm-base64" => qris::cpm::decode_into(black_box(cpm_text), &mut cpm_buf).map_or(0, |r| r.0),
            "cpm-parse" => qris::cpm::parse_bytes(black_box(&cpm_bytes)).map_or(0, |c| c.bytes().len()),
            "cpm-validate-only" => black_box(&cpm_parsed).validate().diagnostics().len(),
            "cpm-validate" => {
                qris::cpm::parse_bytes(black_box(&cpm_bytes)).map_or(0, |c| c.validate().diagnostics().len())
            }
            other => panic!("unknown hot path {other}"),
        };
    }
    println!("{sink}");
}
