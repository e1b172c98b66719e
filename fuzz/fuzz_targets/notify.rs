//! Any bytes as a notification body: Midtrans and SNAP verification, the typed
//! messages and response-code parsing never panic; nothing unsigned verifies.
//!
//! And the Midtrans rules, on fields cut from the input: a notification signed
//! with the test key verifies and reports exactly its own signed fields;
//! "deliver" needs the signed status_code 200 with settlement (or capture with
//! fraud_status accept); no other split of the signed concatenation verifies
//! unless every field is in Midtrans' form, and none with another status_code
//! delivers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_sign::midtrans::{self, is_gross_amount, is_order_id, is_status_code};
use qris_sign::{Freshness, PublicKey, Secret, Timestamp};
use qris_snap::{verify_midtrans, verify_snap, Outcome, ResponseCode, SnapNotification, SnapNotifyRequest};

const DOC_PUBLIC: &str = include_str!("../../tests/vectors/midtrans-doc-public-spki.pem");
const STATUSES: [&str; 6] = ["settlement", "capture", "pending", "expire", "cancel", "refund"];
const FRAUDS: [Option<&str>; 5] = [None, Some("accept"), Some("challenge"), Some("deny"), Some("ACCEPT")];

/// Cuts `s` into order id, status code and amount at `|` (or derives them),
/// so the fuzzer controls each field and where the boundaries fall.
fn fields(s: &str) -> (&str, &str, &str) {
    let mut it = s.splitn(3, '|');
    (it.next().unwrap_or(""), it.next().unwrap_or(""), it.next().unwrap_or(""))
}

fn midtrans_rules(data: &[u8], key: &Secret) {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (order, code, amount) = fields(text);
    let status = STATUSES[usize::from(selector) % STATUSES.len()];
    let fraud = FRAUDS[usize::from(selector / 8) % FRAUDS.len()];
    let formed = is_order_id(order) && is_status_code(code) && is_gross_amount(amount);
    let Ok(sig) = midtrans::signature_key(order, code, amount, key) else {
        assert!(!formed, "well-formed fields refused: {order:?} {code:?} {amount:?}");
        return;
    };
    assert!(formed, "fields out of form were signed: {order:?} {code:?} {amount:?}");
    let fraud_json = fraud.map(|f| format!(r#","fraud_status":"{f}""#)).unwrap_or_default();
    let body = format!(
        r#"{{"order_id":"{order}","status_code":"{code}","gross_amount":"{amount}","signature_key":"{sig}","transaction_status":"{status}"{fraud_json}}}"#
    );
    let v = verify_midtrans(body.as_bytes(), key).expect("a notification signed with the key verifies");
    assert_eq!((v.order_id(), v.status_code(), v.gross_amount()), (order, code, amount));
    let paid = code == "200"
        && matches!((status, fraud), ("settlement", None | Some("accept")) | ("capture", Some("accept")));
    assert_eq!(v.deliver(), paid, "{code} {status} {fraud:?}: {}", v.outcome);
    assert!(v.expect(order, v.amount()).is_ok());

    // Every other split of the signed concatenation.
    let joined = format!("{order}{code}{amount}");
    for i in 0..=joined.len() {
        for j in i..=joined.len() {
            let (Some(o), Some(c), Some(a)) = (joined.get(..i), joined.get(i..j), joined.get(j..)) else { continue };
            if (o, c, a) == (order, code, amount) {
                continue;
            }
            if midtrans::verify_signature_key(o, c, a, key, &sig).is_ok() {
                assert!(is_order_id(o) && is_status_code(c) && is_gross_amount(a), "{o:?} {c:?} {a:?} verified");
                if c != code {
                    for s in STATUSES {
                        for f in FRAUDS {
                            let delivers = Outcome::from_midtrans(c, s, f).deliver();
                            assert!(!delivers || c == "200", "{c} {s} {f:?} delivers");
                        }
                    }
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let key = Secret::from("SB-Mid-server-TEST");
    if let Ok(v) = verify_midtrans(data, &key) {
        // Only a body carrying the right signature_key can get here.
        let _ = (v.deliver(), v.notification());
    }
    midtrans_rules(data, &key);
    let _ = serde_json::from_slice::<SnapNotification>(data);
    if let Ok(public) = PublicKey::from_pem(DOC_PUBLIC) {
        let now = Timestamp::from_unix(1_714_635_788, 0, 420);
        let req = SnapNotifyRequest { method: "POST", path: "/v1.0/debit/notify", body: data, timestamp: "2024-05-02T14:43:08+07:00", signature: "AAAA" };
        assert!(verify_snap(&public, &req, Freshness::at(now, 300)).is_err(), "an arbitrary signature verified");
    }
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(c) = ResponseCode::parse(s) {
            let _ = (c.case_name(), c.service_name(), c.retry(), c.to_string());
        }
    }
});
