//! Every example message of the seeds (tests/fixtures, repaired as documented in
//! tests/fixtures/README.md) reads into its type and writes back without loss.

use std::path::PathBuf;

use qris_snap::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)).unwrap()
}

/// Reads a fixture as `T`, writes it back, and compares with the original as JSON values.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let text = fixture(name);
    let original: Value = serde_json::from_str(&text).unwrap();
    let typed: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, original, "{name} lost or changed something");
    typed
}

#[test]
fn seed_000_charge() {
    let req: ChargeRequest = round_trip("seed000-charge-request.json");
    assert_eq!(req.transaction_details.order_id, "order102");
    let resp: ChargeResponse = round_trip("seed000-charge-response.json");
    let p = resp.payload().unwrap().unwrap();
    assert_eq!(p.amount(), Some("789000.00"));
    assert_eq!(resp.actions[0].name, "generate-qr-code");
    assert_eq!(resp.extra["acquirer"], "gopay");
    let expiry = CustomExpiry { expiry_duration: 15, unit: "minute".into(), order_time: None };
    assert_eq!(expiry.seconds(), Some(900));
}

#[test]
fn seed_001_qr_mpm_generate() {
    let req: QrMpmGenerateRequest = round_trip("seed001-qr-mpm-generate-request.json");
    assert_eq!(req.amount.unwrap().amount().unwrap().to_snap(), "12345678.00");
    let resp: QrMpmGenerateResponse = round_trip("seed001-qr-mpm-generate-response.json");
    assert!(resp.code().unwrap().is_success());
    // The seed's qrContent is a placeholder ("xxxxxxxxxxxxxxxx"): the engine says so.
    assert!(resp.payload().unwrap().is_err());
}

#[test]
fn seed_002_sengo() {
    let req: SengoQrisRequest = round_trip("seed002-sengo-request.json");
    assert_eq!(req.expiry_minutes, Some(30));
    let resp: SengoQrisResponse = round_trip("seed002-sengo-response.json");
    let p = resp.payload().unwrap().unwrap();
    assert_eq!(p.merchant_name(), Some("TopUpKu"));
    assert_eq!(resp.response_data.unwrap().extra["totalAmount"], 10085);
}

#[test]
fn seed_003_debit_payment() {
    let req: DebitPaymentRequest = round_trip("seed003-debit-payment-request.json");
    assert_eq!(req.pay_option_details[0].pay_option, "GOPAY_WALLET");
    assert_eq!(req.check_items(), Ok(()));
    let resp: DebitPaymentResponse = round_trip("seed003-debit-payment-response.json");
    assert_eq!(resp.code().unwrap().service_name(), "debit payment host-to-host");
    assert_eq!(resp.gopay_deeplink().unwrap(), "gopay://merchanttransfer?bizNo=REF993883&...");
}

#[test]
fn seed_004_mini_app_and_notify() {
    let req: DebitPaymentRequest = round_trip("seed004-debit-payment-request.json");
    assert_eq!(req.point_of_purchase_id(), Some("22cc3371-4bba-4ec6-8e0d-62163e130cdc"));
    assert!(req.url_param.as_ref().unwrap().is_array());
    assert_eq!(req.check_items(), Ok(()));
    let notify: SnapNotification = round_trip("seed004-notify-request.json");
    assert_eq!(Outcome::from_snap_status(&notify.latest_transaction_status), Outcome::Paid);
    let ack: SnapResponse = round_trip("seed004-notify-response.json");
    assert_eq!(ack.response_code, Acknowledgement::success(56).response_code);
    assert_eq!(ack.response_message, Acknowledgement::success(56).response_message);
}

#[test]
fn seed_004_access_token() {
    let req: AccessTokenRequest = round_trip("seed004-token-request.json");
    assert_eq!(req.grant_type, "client_credentials");
    let resp: AccessTokenResponse = round_trip("seed004-token-response.json");
    assert_eq!((resp.token_type.as_deref(), resp.expires_in.as_deref()), (Some("Bearer"), Some("900")));
}

#[test]
fn missing_mandatory_fields_are_named() {
    let e = serde_json::from_str::<DebitPaymentRequest>(r#"{"partnerReferenceNo":"x"}"#).unwrap_err();
    assert!(e.to_string().contains("payOptionDetails"), "{e}");
    let e = serde_json::from_str::<ChargeRequest>(
        r#"{"payment_type":"qris","transaction_details":{"order_id":1,"gross_amount":5}}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("invalid type"), "{e}");
}

/// Reading a `SnapNotification`: every field in its place, unknown ones in
/// `extra`, null as absent, a duplicated named field or a missing status refused
/// (a signed body must not mean two things), escaped keys recognised.
#[test]
fn snap_notification_reader_edge_cases() {
    let read = |s: &str| serde_json::from_str::<SnapNotification>(s);
    let n = read(
        r#"{"latestTransactionStatus":"00","merchantId":null,"amount":{"value":"1.00","currency":"IDR"},
            "additionalInfo":{"a":[1]},"newField":true,"original\u0052eferenceNo":"R1"}"#,
    )
    .unwrap();
    assert_eq!(n.latest_transaction_status, "00");
    assert_eq!(n.merchant_id, None);
    assert_eq!(n.amount.as_ref().unwrap().value, "1.00");
    assert_eq!(n.additional_info, Some(serde_json::json!({"a": [1]})));
    assert_eq!(n.extra["newField"], Value::Bool(true));
    assert_eq!(n.extra.len(), 1);
    assert_eq!(n.original_reference_no.as_deref(), Some("R1"), "an escaped key is still the field");

    let err = |s: &str| read(s).unwrap_err().to_string();
    assert!(err(r#"{"merchantId":"M"}"#).contains("missing field `latestTransactionStatus`"));
    assert!(err(r#"{"latestTransactionStatus":"00","merchantId":"a","merchantId":"b"}"#)
        .contains("duplicate field `merchantId`"));
    assert!(err(r#"{"latestTransactionStatus":"00","latestTransactionStatus":"06"}"#).contains("duplicate field"));
    assert!(err(r#"{"latestTransactionStatus":"00","additionalInfo":{},"additionalInfo":{}}"#)
        .contains("duplicate field `additionalInfo`"));
    assert!(err(r#"{"latestTransactionStatus":0}"#).contains("invalid type"));
    assert!(err(r#"{"latestTransactionStatus":"00","amount":"1.00"}"#).contains("invalid type"));
    assert!(err(r#"["00"]"#).contains("invalid type"));
}
