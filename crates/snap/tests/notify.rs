//! Notifications end to end, with the published vectors (tests/vectors) and the
//! seed 000 sample (tests/fixtures).

use std::path::PathBuf;

use qris_sign::{midtrans, Encoding, Freshness, PrivateKey, PublicKey, Secret, Timestamp, VerifyError};
use qris_snap::{
    verify_midtrans, verify_snap, Acknowledgement, Amount, Mismatch, NotifyError, Outcome, SnapNotifyRequest,
};
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
    let ok = verify_snap(&provider_key(), &req, Freshness::at(now, 300)).unwrap();
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
    assert!(matches!(verify_snap(&provider_key(), &req, Freshness::at(late, 300)), Err(NotifyError::Timestamp(_))));
    // Another path: not what the provider signed.
    let wrong = SnapNotifyRequest { path: "/v1.0/debit/notify2", ..req };
    let e = verify_snap(&provider_key(), &wrong, Freshness::at(now, 300)).unwrap_err();
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
        let v = verify_snap(&key.public_key(), &req, Freshness::at(now, 60)).unwrap();
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
    match verify_snap(&key.public_key(), &req, Freshness::at(now, 60)) {
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
    v["signature_key"] = midtrans::signature_key("order102", "200", "789000.00", &server_key).unwrap().into();
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
    // The expire case of seed 000 (Midtrans sends it with status_code 407): not delivered.
    v["transaction_status"] = "expire".into();
    v["status_code"] = "407".into();
    v["signature_key"] = midtrans::signature_key("order102", "407", "789000.00", &server_key).unwrap().into();
    let expired = serde_json::to_vec(&v).unwrap();
    let ok = verify_midtrans(&expired, &server_key).unwrap();
    assert_eq!((ok.outcome.clone(), ok.deliver()), (Outcome::Expired, false));
}

/// A Midtrans notification body with these fields, signed with `key`.
fn midtrans_body(order: &str, code: &str, amount: &str, status: &str, fraud: Option<&str>, key: &Secret) -> String {
    let sig = midtrans::signature_key(order, code, amount, key).unwrap();
    let fraud = fraud.map(|f| format!(r#","fraud_status":"{f}""#)).unwrap_or_default();
    format!(
        r#"{{"order_id":"{order}","status_code":"{code}","gross_amount":"{amount}","signature_key":"{sig}","transaction_status":"{status}"{fraud}}}"#
    )
}

/// What an attacker can do with one genuine notification for an order, tried
/// against the verifier: every forgery is refused or read as not paid.
#[test]
fn forged_midtrans_notifications_never_deliver() {
    let key = Secret::from("SB-Mid-server-TEST");
    // Genuine notifications Midtrans itself sends for an unpaid order: pending
    // (201) and expire (407), relabelled "settlement" (unsigned fields).
    for (code, status) in [("201", "pending"), ("407", "expire"), ("202", "deny")] {
        let genuine = midtrans_body("order102", code, "789000.00", status, Some("accept"), &key);
        let v = verify_midtrans(genuine.as_bytes(), &key).unwrap();
        assert!(!v.deliver());
        for relabel in ["settlement", "capture"] {
            let forged = genuine.replace(
                &format!(r#""transaction_status":"{status}""#),
                &format!(r#""transaction_status":"{relabel}""#),
            );
            let v = verify_midtrans(forged.as_bytes(), &key).expect("the signature still verifies");
            assert_eq!(v.outcome.code(), "unknown", "{code} relabelled {relabel}");
            assert!(!v.deliver());
        }
    }
    // A genuine settlement re-split into other fields (the signature is over the
    // concatenation): refused before hashing.
    let genuine = midtrans_body("order102", "200", "789000.00", "settlement", Some("accept"), &key);
    let sig = &genuine[genuine.find("signature_key").unwrap() + 16..][..128];
    for (order, code, amount) in [("order10", "2200", "789000.00"), ("order102", "2007", "89000.00")] {
        let forged = format!(
            r#"{{"order_id":"{order}","status_code":"{code}","gross_amount":"{amount}","signature_key":"{sig}","transaction_status":"settlement","fraud_status":"accept"}}"#
        );
        assert_eq!(
            verify_midtrans(forged.as_bytes(), &key).unwrap_err(),
            NotifyError::Field(midtrans::Field::StatusCode),
            "{order}|{code}|{amount}"
        );
    }
    // A fraud verdict other than accept on a settlement or capture: not paid.
    for fraud in ["challenge", "deny", "DENY", "ACCEPT", "", "review"] {
        for status in ["settlement", "capture"] {
            let body = midtrans_body("order102", "200", "789000.00", status, Some(fraud), &key);
            let v = verify_midtrans(body.as_bytes(), &key).unwrap();
            assert!(!v.deliver(), "{status} with fraud_status {fraud:?}: {}", v.outcome);
        }
    }
    // A repeated field: refused, not "the last one wins".
    let doubled = genuine.replacen('{', r#"{"transaction_status":"expire","#, 1);
    assert!(matches!(verify_midtrans(doubled.as_bytes(), &key), Err(NotifyError::Body(m)) if m.contains("duplicate")));
    let doubled = genuine.replacen('{', r#"{"order_id":"order999","#, 1);
    assert!(matches!(verify_midtrans(doubled.as_bytes(), &key), Err(NotifyError::Body(_))));
    // Signed with an empty server key (what anyone can compute): refused.
    let empty = Secret::from("");
    let sig = {
        use sha2::Digest as _;
        use std::fmt::Write;
        let d = sha2::Sha512::digest(b"order102200789000.00");
        d.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    };
    let forged = format!(
        r#"{{"order_id":"order102","status_code":"200","gross_amount":"789000.00","signature_key":"{sig}","transaction_status":"settlement","fraud_status":"accept"}}"#
    );
    assert_eq!(verify_midtrans(forged.as_bytes(), &empty).unwrap_err(), NotifyError::EmptySecret);
    assert_eq!(verify_midtrans(forged.as_bytes(), &Secret::from(" \n")).unwrap_err(), NotifyError::EmptySecret);
}

#[test]
fn verified_fields_and_the_merchants_own_record() {
    let key = Secret::from("SB-Mid-server-TEST");
    let body = midtrans_body("order102", "200", "789000.00", "settlement", Some("accept"), &key);
    let v = verify_midtrans(body.as_bytes(), &key).unwrap();
    assert_eq!((v.order_id(), v.gross_amount(), v.status_code()), ("order102", "789000.00", "200"));
    assert_eq!(v.amount(), Amount::from_minor(78_900_000));
    assert!(v.expect("order102", Amount::parse_decimal("789000").unwrap()).unwrap().deliver());
    assert_eq!(v.expect("order10", v.amount()).unwrap_err(), NotifyError::Mismatch(Mismatch::OrderId));
    let e = v.expect("order102", Amount::from_rupiah(789_001)).unwrap_err();
    assert_eq!(
        e,
        NotifyError::Mismatch(Mismatch::Amount {
            notified: Amount::from_rupiah(789_000),
            expected: Amount::from_rupiah(789_001)
        })
    );
    assert!(e.to_string().contains("789000.00"), "{e}");
    // Escapes in a signed field are decoded before hashing: the verified value is
    // the decoded one, which is what the signature covers.
    let escaped = body.replace(r#""order_id":"order102""#, r#""order_id":"order\u0031\u00302""#);
    assert_eq!(verify_midtrans(escaped.as_bytes(), &key).unwrap().order_id(), "order102");
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

/// `verify_snap_with`: the caller's RSA primitive decides only the RSA step.
/// A primitive that says yes to everything cannot make a stale request, a
/// malformed signature or a body that is not JSON pass; one that says no is a
/// forgery; the real check through it verifies the published notification.
#[test]
fn a_callers_rsa_primitive_decides_only_the_rsa_step() {
    let v = case("midtrans_demo_notification_verification");
    let body = v["minified_body"].as_str().unwrap();
    let req = SnapNotifyRequest {
        method: "POST",
        path: "/v1.0/debit/notify",
        body: body.as_bytes(),
        timestamp: "2024-05-02T14:43:08+07:00",
        signature: v["expected"].as_str().unwrap(),
    };
    let key = provider_key();
    let now = Freshness::at(Timestamp::parse("2024-05-02T14:44:00+07:00").unwrap(), 300);
    let seen = std::cell::RefCell::new(Vec::new());
    let real = |m: &[u8], s: &[u8]| {
        seen.borrow_mut().push((m.to_vec(), s.len()));
        key.verify_bytes(m, s)
    };
    let ok = qris_snap::verify_snap_with(&key, &req, now, &real).unwrap();
    assert!(ok.deliver());
    // It was handed the documented string to sign and the 256 signature bytes.
    assert_eq!(seen.borrow()[0], (v["string_to_sign"].as_str().unwrap().as_bytes().to_vec(), 256));
    let yes = |_: &[u8], _: &[u8]| true;
    let no = |_: &[u8], _: &[u8]| false;
    assert_eq!(
        qris_snap::verify_snap_with(&key, &req, now, &no).unwrap_err(),
        NotifyError::Signature(VerifyError::Invalid)
    );
    let late = Freshness::at(Timestamp::parse("2024-05-02T15:00:00+07:00").unwrap(), 300);
    assert!(matches!(qris_snap::verify_snap_with(&key, &req, late, &yes), Err(NotifyError::Timestamp(_))));
    let garbled = SnapNotifyRequest { signature: "not a signature", ..req };
    assert_eq!(
        qris_snap::verify_snap_with(&key, &garbled, now, &yes).unwrap_err(),
        NotifyError::Signature(VerifyError::Malformed)
    );
    let not_json = SnapNotifyRequest { body: b"{not json", ..req };
    assert!(matches!(
        qris_snap::verify_snap_with(&key, &not_json, now, &yes),
        Err(NotifyError::Signature(VerifyError::Body(_)))
    ));
}
