//! Header sets, checked against the published signature vectors.

use std::path::PathBuf;

use qris_sign::{HmacSigner, PrivateKey, Secret};
use qris_snap::{b2b_token_request, midtrans_headers, snap_headers, HeaderError, SnapCall};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn case(name: &str) -> Value {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/vectors/snap-public.json")).unwrap()).unwrap();
    v["snap"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
}

#[test]
fn symmetric_headers_carry_the_published_signature() {
    let v = case("midtrans_demo_symmetric_qris");
    let signer = HmacSigner::new(v["client_secret"].as_str().unwrap().as_bytes()).unwrap();
    let call = SnapCall {
        method: "POST",
        path: "/v1.0/qr/qr-mpm-generate",
        body: v["minified_body"].as_str().unwrap().as_bytes(),
        access_token: "Bearer myaccesstoken",
        partner_id: "G123456",
        channel_id: "12345",
        timestamp: Some("2024-03-05T10:37:16.196Z"),
        external_id: Some("12345678901234567890"),
        device_id: Some("0987ADCASA"),
        customer_token: Some("custtoken"),
    };
    let h = snap_headers(&signer, &call).unwrap();
    let get = |n: &str| h.iter().find(|(k, _)| *k == n).map(|(_, v)| v.as_str());
    assert_eq!(get("X-SIGNATURE"), v["expected"].as_str());
    assert_eq!(get("X-TIMESTAMP"), Some("2024-03-05T10:37:16.196Z"));
    assert_eq!(get("Authorization"), Some("Bearer myaccesstoken"));
    assert_eq!(get("X-EXTERNAL-ID"), Some("12345678901234567890"));
    assert_eq!(get("CHANNEL-ID"), Some("12345"));
    assert_eq!(get("X-DEVICE-ID"), Some("0987ADCASA"));
    assert_eq!(get("Authorization-Customer"), Some("Bearer custtoken"));
    // Generated timestamp and external ID when not given.
    let h = snap_headers(&signer, &SnapCall { timestamp: None, external_id: None, ..call }).unwrap();
    assert_eq!(h.iter().find(|(k, _)| *k == "X-EXTERNAL-ID").unwrap().1.len(), 20);
    assert_eq!(
        snap_headers(&signer, &SnapCall { channel_id: "1234", ..call }).unwrap_err(),
        HeaderError::ChannelId("1234".into())
    );
    assert!(matches!(snap_headers(&signer, &SnapCall { body: b"{", ..call }), Err(HeaderError::Body(_))));
    // Debug never shows the tokens.
    let debug = format!("{call:?}");
    assert!(!debug.contains("myaccesstoken") && !debug.contains("custtoken"), "{debug}");
    assert!(debug.contains("[REDACTED]") && debug.contains("G123456"), "{debug}");
}

#[test]
fn tokens_in_messages_are_redacted_by_debug() {
    let r: qris_snap::AccessTokenResponse = serde_json::from_str(
        r#"{"responseCode":"2007300","responseMessage":"Successful","accessToken":"eyJraWQiOiJzZWNyZXQ","tokenType":"Bearer","expiresIn":"900"}"#,
    )
    .unwrap();
    assert_eq!(r.access_token.as_deref(), Some("eyJraWQiOiJzZWNyZXQ"));
    let debug = format!("{r:?}");
    assert!(
        !debug.contains("eyJraWQiOiJzZWNyZXQ") && debug.contains("Some([REDACTED])") && debug.contains("900"),
        "{debug}"
    );
    let d: qris_snap::DebitPaymentRequest = serde_json::from_str(
        r#"{"partnerReferenceNo":"INV-1","chargeToken":"charge-token-secret","payOptionDetails":[]}"#,
    )
    .unwrap();
    let debug = format!("{d:?}");
    assert!(!debug.contains("charge-token-secret") && debug.contains("INV-1"), "{debug}");
}

#[test]
fn b2b_and_midtrans_headers() {
    let v = case("midtrans_docs_b2b_access_token");
    let key = PrivateKey::from_pem(
        &std::fs::read_to_string(root().join("tests/vectors/midtrans-doc-private-pkcs8.pem")).unwrap(),
    )
    .unwrap();
    let (h, body) =
        b2b_token_request(&key, v["client_id"].as_str().unwrap(), v["timestamp"].as_str().unwrap()).unwrap();
    assert_eq!(h[3], ("X-SIGNATURE", v["expected"].as_str().unwrap().to_string()));
    assert_eq!(h[2], ("X-CLIENT-KEY", "G1234325-SNAP".to_string()));
    assert_eq!(body, r#"{"grantType":"client_credentials"}"#);
    let m = midtrans_headers(&Secret::from("SB-Mid-server-TEST"), Some("https://example.com/notify")).unwrap();
    assert_eq!(m[2], ("Authorization", "Basic U0ItTWlkLXNlcnZlci1URVNUOg==".to_string()));
    assert_eq!(m[3].0, "X-Override-Notification");
    assert_eq!(midtrans_headers(&Secret::from(" "), None).unwrap_err(), HeaderError::EmptySecret);
}
