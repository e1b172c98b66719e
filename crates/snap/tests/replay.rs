//! Replayed and duplicate notifications: the replay guard, tried as an attacker
//! would (the same signed notification under another X-EXTERNAL-ID, forgeries
//! that try to burn IDs, a failing store, racing threads), on the published
//! SNAP notification (tests/vectors/snap-public.json).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use qris_sign::{midtrans, Encoding, Freshness, PrivateKey, PublicKey, Secret, Timestamp};
use qris_snap::{
    end_of_wib_day, verify_midtrans, verify_snap_once, Acknowledgement, MemoryReplayStore, NotifyError, ReplayIds,
    ReplayStore, ReplayStoreError, SnapNotifyRequest,
};
use serde_json::Value;

fn read(p: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)).unwrap()
}

struct Published {
    body: String,
    signature: String,
}

fn published() -> Published {
    let v: Value = serde_json::from_str(&read("tests/vectors/snap-public.json")).unwrap();
    let c =
        v["snap"].as_array().unwrap().iter().find(|c| c["name"] == "midtrans_demo_notification_verification").unwrap();
    Published { body: c["minified_body"].as_str().unwrap().into(), signature: c["expected"].as_str().unwrap().into() }
}

const TS: &str = "2024-05-02T14:43:08+07:00";
const PATH: &str = "/v1.0/debit/notify";

fn key() -> PublicKey {
    PublicKey::from_pem(&read("tests/vectors/midtrans-doc-public-spki.pem")).unwrap()
}

fn fresh() -> Freshness {
    Freshness::at(Timestamp::parse("2024-05-02T14:44:00+07:00").unwrap(), 300)
}

fn ids(external_id: &str) -> ReplayIds<'_> {
    ReplayIds { partner_id: "G099333790", external_id }
}

fn request<'a>(p: &'a Published) -> SnapNotifyRequest<'a> {
    SnapNotifyRequest { method: "POST", path: PATH, body: p.body.as_bytes(), timestamp: TS, signature: &p.signature }
}

#[test]
fn a_notification_is_accepted_once_and_its_replay_gets_409() {
    let p = published();
    let store = MemoryReplayStore::default();
    let first = verify_snap_once(&key(), &request(&p), ids("41807553358950093184162180797837"), fresh(), &store);
    assert!(first.unwrap().deliver());
    let again = verify_snap_once(&key(), &request(&p), ids("41807553358950093184162180797837"), fresh(), &store);
    let e = again.unwrap_err();
    assert_eq!(e, NotifyError::Replayed);
    let ack = Acknowledgement::for_error(&e, 56);
    assert_eq!((ack.http_status, ack.response_code.as_str()), (409, "4095600"));
}

/// X-EXTERNAL-ID is not signed: a replayer changes it. The signature is
/// remembered too, so the replay is still refused.
#[test]
fn a_replay_under_a_fresh_external_id_is_still_refused() {
    let p = published();
    let store = MemoryReplayStore::default();
    verify_snap_once(&key(), &request(&p), ids("1"), fresh(), &store).unwrap();
    for other in ["2", "3", "attacker-chosen"] {
        let e = verify_snap_once(&key(), &request(&p), ids(other), fresh(), &store).unwrap_err();
        assert_eq!(e, NotifyError::Replayed, "{other}");
    }
    // The same signature re-encoded (hex, upper or lower case: verification
    // accepts both encodings) is the same signed message.
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD.decode(&p.signature).unwrap();
    for hex in
        [raw.iter().map(|b| format!("{b:02x}")).collect::<String>(), raw.iter().map(|b| format!("{b:02X}")).collect()]
    {
        let re_encoded = SnapNotifyRequest { signature: &hex, ..request(&p) };
        let e = verify_snap_once(&key(), &re_encoded, ids("hex"), fresh(), &store).unwrap_err();
        assert_eq!(e, NotifyError::Replayed);
    }
    // Another partner's copy of it, too.
    let other = ReplayIds { partner_id: "SOMEONE", external_id: "9" };
    assert_eq!(verify_snap_once(&key(), &request(&p), other, fresh(), &store).unwrap_err(), NotifyError::Replayed);
}

/// A new signed notification that reuses an X-EXTERNAL-ID the same day is a
/// conflict; the next day (WIB) the ID is free again.
#[test]
fn an_external_id_is_once_per_wib_day() {
    let private = PrivateKey::from_pem(&read("tests/vectors/midtrans-doc-private-pkcs8.pem")).unwrap();
    let store = MemoryReplayStore::default();
    let sign =
        |body: &str, ts: &str| private.sign_request("POST", PATH, body.as_bytes(), ts, Encoding::Base64).unwrap();
    let body = |inv: &str| format!(r#"{{"originalPartnerReferenceNo":"{inv}","latestTransactionStatus":"00"}}"#);
    let at = |ts: &str| Freshness::at(Timestamp::parse(ts).unwrap(), 300);
    let go = |inv: &str, ts: &str, ext: &str| {
        let (b, s) = (body(inv), sign(&body(inv), ts));
        let req = SnapNotifyRequest { method: "POST", path: PATH, body: b.as_bytes(), timestamp: ts, signature: &s };
        verify_snap_once(&private.public_key(), &req, ids(ext), at(ts), &store).map(|v| v.deliver())
    };
    assert_eq!(go("INV-1", "2024-05-02T10:00:00+07:00", "E1"), Ok(true));
    assert_eq!(go("INV-2", "2024-05-02T10:00:00+07:00", "E1"), Err(NotifyError::Replayed));
    assert_eq!(go("INV-2", "2024-05-02T23:59:00+07:00", "E1"), Err(NotifyError::Replayed));
    // The refused message itself stays refused under another ID (its signature
    // was seen); a new one with a new ID is fine.
    assert_eq!(go("INV-2", "2024-05-02T10:00:00+07:00", "E2"), Err(NotifyError::Replayed));
    assert_eq!(go("INV-2", "2024-05-02T10:00:01+07:00", "E2"), Ok(true));
    // Midnight in Jakarta (17:00 UTC): a new day.
    assert_eq!(go("INV-3", "2024-05-03T00:00:01+07:00", "E1"), Ok(true));
    assert_eq!(end_of_wib_day(Timestamp::parse("2024-05-02T23:59:59+07:00").unwrap().unix), 1_714_669_200);
}

/// Forgeries never reach the store: they cannot burn the ID or the signature of
/// the genuine notification that follows them.
#[test]
fn forgeries_do_not_consume_ids() {
    let p = published();
    let store = MemoryReplayStore::default();
    let forged_body = p.body.replace("102800.00", "1.00");
    let forged = SnapNotifyRequest { body: forged_body.as_bytes(), ..request(&p) };
    assert!(matches!(verify_snap_once(&key(), &forged, ids("E"), fresh(), &store), Err(NotifyError::Signature(_))));
    let late = Freshness::at(Timestamp::parse("2024-05-02T16:00:00+07:00").unwrap(), 300);
    assert!(matches!(verify_snap_once(&key(), &request(&p), ids("E"), late, &store), Err(NotifyError::Timestamp(_))));
    assert!(store.is_empty());
    assert!(verify_snap_once(&key(), &request(&p), ids("E"), fresh(), &store).is_ok());
    // A missing X-EXTERNAL-ID is refused before anything else.
    assert!(matches!(verify_snap_once(&key(), &request(&p), ids(" "), fresh(), &store), Err(NotifyError::Body(_))));
}

/// A store that cannot answer refuses the notification (500: the provider
/// retries) instead of accepting it unchecked.
#[test]
fn a_failing_store_refuses() {
    struct Down;
    impl ReplayStore for Down {
        fn insert_if_absent(&self, _: &str, _: i64, _: i64) -> Result<bool, ReplayStoreError> {
            Err(ReplayStoreError("connection refused".into()))
        }
    }
    let p = published();
    let e = verify_snap_once(&key(), &request(&p), ids("E"), fresh(), &Down).unwrap_err();
    assert_eq!(e, NotifyError::ReplayStore("connection refused".into()));
    assert_eq!(Acknowledgement::for_error(&e, 56).http_status, 500);
    // A full memory store too.
    let tiny = MemoryReplayStore::new(10);
    assert!(matches!(
        verify_snap_once(&key(), &request(&p), ids("E"), fresh(), &tiny),
        Err(NotifyError::ReplayStore(_))
    ));
}

#[test]
fn racing_threads_deliver_exactly_once() {
    let p = Arc::new(published());
    let store = Arc::new(MemoryReplayStore::default());
    let delivered = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let (p, store, delivered) = (Arc::clone(&p), Arc::clone(&store), Arc::clone(&delivered));
            std::thread::spawn(move || {
                // Half of them with another X-EXTERNAL-ID, as a replayer would.
                let ext = if i % 2 == 0 { "E".to_string() } else { format!("E{i}") };
                if verify_snap_once(&key(), &request(&p), ids(&ext), fresh(), &*store).is_ok() {
                    delivered.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(delivered.load(Ordering::SeqCst), 1);
}

/// Midtrans: the same notification heard again has the same idempotency key,
/// even with its unsigned `transaction_status` changed (settlement -> capture,
/// both "paid"): deliver when the key is new.
#[test]
fn midtrans_idempotency_keys_rest_on_signed_fields() {
    let key = Secret::from("SB-Mid-server-TEST");
    let sig = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap();
    let body = |status: &str, fraud: &str| {
        format!(
            r#"{{"order_id":"order102","status_code":"200","gross_amount":"789000.00","transaction_status":"{status}","fraud_status":"{fraud}","signature_key":"{sig}"}}"#
        )
    };
    let store = MemoryReplayStore::default();
    let now = 1_714_633_388;
    let mut delivered = 0;
    for (status, fraud) in [("settlement", "accept"), ("settlement", "accept"), ("capture", "accept")] {
        let b = body(status, fraud);
        let v = verify_midtrans(b.as_bytes(), &key).unwrap();
        assert!(v.deliver(), "{status}");
        assert_eq!(v.idempotency_key(), "midtrans:order102:200:789000.00");
        if store.insert_if_absent(&v.idempotency_key(), now, now + 86_400).unwrap() {
            delivered += 1;
        }
    }
    assert_eq!(delivered, 1);
    // A pending notification (201) of the same order is another key.
    let sig201 = midtrans::signature_key("order102", "201", "789000.00", &key).unwrap();
    let pending = format!(
        r#"{{"order_id":"order102","status_code":"201","gross_amount":"789000.00","transaction_status":"pending","signature_key":"{sig201}"}}"#
    );
    let v = verify_midtrans(pending.as_bytes(), &key).unwrap();
    assert_ne!(v.idempotency_key(), "midtrans:order102:200:789000.00");
}
