//! Replays `fuzz/regressions/<target>/*` through the public API on every test run
//! (no nightly needed): nothing panics (a panic fails the test), parse -> build
//! gives back what parsed, and the inputs with a known answer get it.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "{target}: no regression inputs");
    out
}

#[test]
fn payload_inputs() {
    for (name, data) in inputs("parse").into_iter().chain(inputs("roundtrip")).chain(inputs("ffi")) {
        let report = qris::emv::Validator::qris().validate_bytes(&data);
        let text = String::from_utf8_lossy(&data);
        if let Ok(p) = qris::emv::parse(&text) {
            let rebuilt = qris::emv::Builder::from_payload(&p).build().expect("a parsed payload rebuilds");
            assert_eq!(rebuilt, text.trim(), "{name}: parse -> build round trip");
        }
        let _ = qris::to_dynamic(&text, &qris::emv::DynamicOptions::new("1000"));
        let first = report.diagnostics().first().map(|d| d.code.as_str());
        match name.as_str() {
            "input-too-long" => assert_eq!(first, Some("input.too_long")),
            "non-utf8" => assert_eq!(first, Some("input.utf8")),
            "fullwidth-digits" | "truncated-template" | "nul-in-middle" | "empty-template" => {
                assert!(!report.is_valid(), "{name} must not validate")
            }
            other => panic!("fuzz/regressions: no expectation for {other}: add one here"),
        }
    }
}

#[test]
fn json_inputs() {
    for (name, data) in inputs("minify") {
        let ours = qris::sign::minify(&data);
        let _ = qris::sign::js::reserialize(&data);
        let _ = qris::sign::body_hash(&data);
        match name.as_str() {
            "deep-nesting" => assert_eq!(ours.unwrap_err().kind, qris::sign::JsonErrorKind::TooDeep),
            "huge-exponent" => assert_eq!(&*ours.unwrap(), &b"[1e999999999999]"[..], "lexical: kept as written"),
            "lone-surrogate-escape" => {
                // Refused, as serde_json refuses it: it is not a character.
                assert_eq!(ours.unwrap_err().kind, qris::sign::JsonErrorKind::BadUnicodeEscape);
                assert!(serde_json::from_slice::<serde_json::Value>(&data).is_err());
            }
            "bom" => assert_eq!(ours.unwrap_err().kind, qris::sign::JsonErrorKind::ByteOrderMark),
            other => panic!("fuzz/regressions: no expectation for {other}: add one here"),
        }
    }
}

#[test]
fn key_inputs() {
    for (name, data) in inputs("keys") {
        assert!(qris::sign::PrivateKey::from_bytes(&data).is_err(), "{name}");
        assert!(qris::sign::PublicKey::from_bytes(&data).is_err(), "{name}");
    }
}

#[test]
fn notification_inputs() {
    let key = qris::sign::Secret::from("SB-Mid-server-TEST");
    let public =
        qris::sign::PublicKey::from_pem(include_str!("../../../tests/vectors/midtrans-doc-public-spki.pem")).unwrap();
    let now = qris::sign::Timestamp::parse("2024-05-02T14:44:00+07:00").unwrap();
    for (name, data) in inputs("notify") {
        assert!(qris::snap::verify_midtrans(&data, &key).is_err(), "{name}");
        let req = qris::snap::SnapNotifyRequest {
            method: "POST",
            path: "/v1.0/debit/notify",
            body: &data,
            timestamp: "2024-05-02T14:43:08+07:00",
            signature: "AAAA",
        };
        assert!(qris::snap::verify_snap(&public, &req, qris::sign::Freshness::at(now, 300)).is_err(), "{name}");
        if name == "duplicate-status" {
            assert!(serde_json::from_slice::<qris::snap::SnapNotification>(&data).is_err());
        }
    }
}

#[test]
fn signature_and_protocol_inputs() {
    let signer = qris::sign::HmacSigner::new(b"secret").unwrap();
    // A fresh, well-formed X-TIMESTAMP: the body and signature are what is tested.
    let ts = "2024-05-02T14:43:08+07:00";
    let fresh = qris::sign::Freshness::at(qris::sign::Timestamp::parse(ts).unwrap(), 300);
    for (name, data) in inputs("signature") {
        let garbage = String::from_utf8_lossy(&data);
        assert!(signer.verify_request("POST", "/p", "t", &data, ts, &garbage, fresh).is_err(), "{name}");
    }
    for (name, data) in inputs("protocol") {
        let text = String::from_utf8_lossy(&data);
        let code = qris::snap::ResponseCode::parse(&text);
        let ts = qris::sign::Timestamp::parse(&text);
        let opts = qris::render::RenderOptions { force: true, ..Default::default() };
        let _ = qris::render::QrMatrix::encode(&text, &opts);
        match name.as_str() {
            "response-code-spaces" => assert_eq!(code.map(|c| c.http), Ok(200)),
            "response-code-http-999" => assert!(code.is_err()),
            "timestamp-leap" => assert!(ts.is_err()),
            other => panic!("fuzz/regressions: no expectation for {other}: add one here"),
        }
    }
}

#[test]
fn cpm_inputs() {
    for (name, data) in inputs("cpm") {
        let err = qris::cpm::parse_bytes(&data).map(|c| c.validate()).unwrap_err();
        let text = qris::cpm::encode_base64(&data);
        let mut buf = [0u8; qris::cpm::MAX_CPM_BYTES];
        assert_eq!(qris::cpm::parse(&text, &mut buf).unwrap_err(), err, "{name}: text and bytes agree");
        match name.as_str() {
            "deep-nesting" => assert_eq!(err.code, qris::cpm::CpmCode::Nesting),
            "five-byte-length" => assert_eq!(err.code, qris::cpm::CpmCode::TlvLength),
            "padding-after" => assert_eq!((err.code, err.offset), (qris::cpm::CpmCode::Trailing, 7)),
            other => panic!("fuzz/regressions: no expectation for {other}: add one here"),
        }
    }
}
