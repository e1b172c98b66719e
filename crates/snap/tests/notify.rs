//! Notifications end to end, with the published vectors (tests/vectors) and the
//! seed 000 sample (tests/fixtures).

use std::path::PathBuf;

use qris_sign::{midtrans, Encoding, PrivateKey, PublicKey, Secret, Timestamp, VerifyError};
use qris_snap::{verify_midtrans, verify_snap, Acknowledgement, NotifyError, Outcome, SnapNotifyRequest};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(p: &str) -> String {
    std::fs::read_to_string(root().join(p)).unwrap()
}

fn case(name: &str) -> Value {
    let v: Value = serde_json::from_str(&read("tests/vectors/snap-public.json")).unwrap();
    v["snap"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
}

fn provider_key() -> PublicKey {
    PublicKey::from_pem(&read("tests/vectors/midtrans-doc-public-spki.pem")).unwrap()
}

#[test]
fn published_snap_notification_verifies_and_means_paid() {
    let v = case("midtrans_demo_notification_verification");
    let body = v["minified_body"].as_str().unwrap();
    let ts = "2024-05-02T14:43:08+07:00";
    let req = SnapNotifyRequest {
        method: "POST",
        path: "/v1.0/debit/notify",
        body: body.as_bytes(),
        timestamp: ts,
        signature: v["expected"].as_str().unwrap(),
    };
    let now = Timestamp::parse("2024-05-02T14:44:00+07:00").unwrap();
    let ok = verify_snap(&provider_key(), &req, &now, 300).unwrap();
    assert_eq!(ok.outcome, Outcome::Paid);
    assert!(ok.deliver());
    assert_eq!(ok.notification.original_partner_reference_no.as_deref(), Some("GP24043015193402809"));
    assert_eq!(ok.notification.amount.as_ref().unwrap().amount().unwrap().to_snap(), "102800.00");
    assert_eq!(
        ok.ack.body(),
        r#"{"responseCode":"2005600","responseMessage":"Request has been processed successfully"}"#
    );
    assert_eq!(ok.ack.headers(&now)[1], ("X-TIMESTAMP", "2024-05-02T14:44:00+07:00".to_string()));

    // Outside the window.
    let late = Timestamp::parse("2024-05-02T15:00:00+07:00").unwrap();
    assert!(matches!(verify_snap(&provider_key(), &req, &late, 300), Err(NotifyError::Timestamp(_))));
    // Another path: not what the provider signed.
    let wrong = SnapNotifyRequest { path: "/v1.0/debit/notify2", ..req };
    let e = verify_snap(&provider_key(), &wrong, &now, 300).unwrap_err();
    assert_eq!(e, NotifyError::Signature(VerifyError::Invalid));
    assert_eq!(Acknowledgement::for_error(&e, 56).response_code, "4015600");
}

#[test]
fn snap_notifications_signed_here_map_every_status() {
    let key = PrivateKey::from_pem(&read("tests/vectors/midtrans-doc-private-pkcs8.pem")).unwrap();
    let ts = "2024-03-19T14:30:00+07:00";
    let now = Timestamp::parse(ts).unwrap();
    for (status, outcome) in
        [("00", Outcome::Paid), ("03", Outcome::Pending), ("05", Outcome::Cancelled), ("07", Outcome::NotFound)]
    {
        let body = format!(
            r#"{{ "originalPartnerReferenceNo": "INV-1", "latestTransactionStatus": "{status}", "amount": {{ "value": "25000.00", "currency": "IDR" }}, "newField": [1, 2] }}"#
        );
        let sig = key.sign_request("POST", "/v1.0/debit/notify", body.as_bytes(), ts, Encoding::Base64).unwrap();
        let req = SnapNotifyRequest {
            method: "POST",
            path: "/v1.0/debit/notify",
            body: body.as_bytes(),
            timestamp: ts,
            signature: &sig,
        };
        let v = verify_snap(&key.public_key(), &req, &now, 60).unwrap();
        assert_eq!(v.outcome, outcome);
        // Unknown fields are kept.
        assert_eq!(v.notification.extra["newField"], serde_json::json!([1, 2]));
    }
    // A verified signature over a body that is not a notification: a body error naming the field.
    let body = r#"{"amount":{"value":"1.00","currency":"IDR"}}"#;
    let sig = key.sign_request("POST", "/v1.0/debit/notify", body.as_bytes(), ts, Encoding::Base64).unwrap();
    let req = SnapNotifyRequest {
        method: "POST",
        path: "/v1.0/debit/notify",
        body: body.as_bytes(),
        timestamp: ts,
        signature: &sig,
    };
    match verify_snap(&key.public_key(), &req, &now, 60) {
        Err(NotifyError::Body(m)) => assert!(m.contains("latestTransactionStatus"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn seed_000_midtrans_notification() {
    let fixture = read("tests/fixtures/seed000-notification.json");
    let server_key = Secret::from("SB-Mid-server-TEST");
    // Re-sign the seed's sample with a test key (its own key is Midtrans').
    let mut v: Value = serde_json::from_str(&fixture).unwrap();
    v["signature_key"] = midtrans::signature_key("order102", "200", "789000.00", &server_key).into();
    let body = serde_json::to_vec_pretty(&v).unwrap();
    let ok = verify_midtrans(&body, &server_key).unwrap();
    assert_eq!(ok.outcome, Outcome::Paid);
    assert!(ok.deliver());
    assert_eq!((ok.order_id(), ok.gross_amount(), ok.fraud_status()), ("order102", "789000.00", Some("accept")));
    let full = ok.notification().unwrap();
    assert_eq!(full.extra["issuer"], "gopay");
    // Read and written back, nothing is lost.
    let back: Value = serde_json::to_value(&full).unwrap();
    assert_eq!(back, v);
    // The seed's own signature_key does not verify with a test key.
    assert_eq!(
        verify_midtrans(fixture.as_bytes(), &server_key).unwrap_err(),
        NotifyError::Signature(VerifyError::Invalid)
    );
    // The expire case of seed 000: not delivered.
    v["transaction_status"] = "expire".into();
    let expired = serde_json::to_vec(&v).unwrap();
    let ok = verify_midtrans(&expired, &server_key).unwrap();
    assert_eq!((ok.outcome.clone(), ok.deliver()), (Outcome::Expired, false));
}

#[test]
fn bad_bodies_are_typed_errors() {
    let key = Secret::from("k");
    assert!(matches!(verify_midtrans(b"{", &key), Err(NotifyError::Body(_))));
    match verify_midtrans(br#"{"order_id":"1"}"#, &key) {
        Err(NotifyError::Body(m)) => assert!(m.contains("status_code"), "{m}"),
        other => panic!("{other:?}"),
    }
    match verify_midtrans(br#"{"order_id":1,"status_code":"200","gross_amount":"1","signature_key":"x","transaction_status":"settlement"}"#, &key) {
        Err(NotifyError::Body(m)) => assert!(m.contains("invalid type"), "{m}"),
        other => panic!("{other:?}"),
    }
    let huge = vec![b' '; qris_snap::MAX_NOTIFICATION_BYTES + 1];
    assert!(matches!(verify_midtrans(&huge, &key), Err(NotifyError::TooLarge(_))));
}
