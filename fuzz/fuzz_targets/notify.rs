//! Any bytes as a notification body: Midtrans and SNAP verification, the typed
//! messages and response-code parsing never panic; nothing unsigned verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_sign::{PublicKey, Secret, Timestamp};
use qris_snap::{verify_midtrans, verify_snap, ResponseCode, SnapNotification, SnapNotifyRequest};

const DOC_PUBLIC: &str = include_str!("../../tests/vectors/midtrans-doc-public-spki.pem");

fuzz_target!(|data: &[u8]| {
    let key = Secret::from("SB-Mid-server-TEST");
    if let Ok(v) = verify_midtrans(data, &key) {
        // Only a body carrying the right signature_key can get here.
        let _ = (v.deliver(), v.notification());
    }
    let _ = serde_json::from_slice::<SnapNotification>(data);
    if let Ok(public) = PublicKey::from_pem(DOC_PUBLIC) {
        let now = Timestamp::from_unix(1_714_635_788, 0, 420);
        let req = SnapNotifyRequest { method: "POST", path: "/v1.0/debit/notify", body: data, timestamp: "2024-05-02T14:43:08+07:00", signature: "AAAA" };
        assert!(verify_snap(&public, &req, &now, 300).is_err(), "an arbitrary signature verified");
    }
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(c) = ResponseCode::parse(s) {
            let _ = (c.case_name(), c.service_name(), c.retry(), c.to_string());
        }
    }
});
