//! Sign -> verify round trips with mutations. The first byte splits the input
//! into a client secret and a body. An HMAC signature made over a body verifies
//! (Base64 and hex); the same signature with one character changed, over a body
//! with one byte changed, or with another timestamp does not; verifying garbage
//! never panics. RSA: the published notification signature verifies only over
//! its own body (a mutated body or signature is refused).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qris_sign::{Encoding, Freshness, HmacSigner, PublicKey, Timestamp};

const PUBLIC: &str = include_str!("../../tests/vectors/midtrans-doc-public-spki.pem");
const VECTORS: &str = include_str!("../../tests/vectors/snap-public.json");
const TS: &str = "2024-05-02T14:43:08+07:00";

fn public() -> &'static PublicKey {
    static KEY: OnceLock<PublicKey> = OnceLock::new();
    KEY.get_or_init(|| PublicKey::from_pem(PUBLIC).expect("the published key loads"))
}

/// The published notification (body, signature) of the Midtrans demo.
fn notification() -> &'static (String, String) {
    static CASE: OnceLock<(String, String)> = OnceLock::new();
    CASE.get_or_init(|| {
        let v: serde_json::Value = serde_json::from_str(VECTORS).expect("vectors");
        let case = v["snap"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["name"] == "midtrans_demo_notification_verification"))
            .expect("the notification vector");
        (case["minified_body"].as_str().expect("body").to_owned(), case["expected"].as_str().expect("sig").to_owned())
    })
}

fn flip(s: &str, at: usize) -> String {
    let mut b = s.as_bytes().to_vec();
    let i = at % b.len();
    // Stay in the same alphabet so the mutation is a wrong signature, not a malformed one.
    b[i] = if b[i] == b'A' { b'B' } else { b'A' };
    String::from_utf8(b).expect("ASCII")
}

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else { return };
    let k = usize::from(split).min(rest.len());
    let (secret, body) = rest.split_at(k);
    let Ok(signer) = HmacSigner::new(secret) else {
        // A blank secret: refused, whatever it is.
        assert!(qris_sign::Secret::from(secret).is_blank());
        return;
    };
    let fresh = Freshness::at(Timestamp::from_unix(1_714_635_788, 0, 420), 300);
    let (m, p, t) = ("POST", "/v1.0/qr/qr-mpm-notify", "token");
    if let Ok(sig) = signer.sign_request(m, p, t, body, TS, Encoding::Base64) {
        signer.verify_request(m, p, t, body, TS, &sig, fresh).expect("own Base64 signature verifies");
        let hex = signer.sign_request(m, p, t, body, TS, Encoding::Hex).expect("signs twice");
        signer.verify_request(m, p, t, body, TS, &hex, fresh).expect("own hex signature verifies");
        assert!(signer.verify_request(m, p, t, body, TS, &flip(&sig, usize::from(split)), fresh).is_err());
        assert!(signer.verify_request(m, p, t, body, "2024-05-02T14:43:09+07:00", &sig, fresh).is_err());
        if let Some((&last, head)) = body.split_last() {
            // A different body that is still JSON with a different minified form must fail.
            let mut other = head.to_vec();
            other.push(last ^ 1);
            if qris_sign::minify(&other).ok().as_deref() != qris_sign::minify(body).ok().as_deref()
                && qris_sign::minify(&other).is_ok()
            {
                assert!(signer.verify_request(m, p, t, &other, TS, &sig, fresh).is_err());
            }
        }
    }
    // Garbage as a signature or body: an error, never a panic.
    let garbage = String::from_utf8_lossy(rest);
    let _ = signer.verify_request(m, p, t, body, TS, &garbage, fresh);
    let _ = public().verify_request("POST", "/v1.0/debit/notify", body, TS, &garbage, fresh);

    // RSA (16 us per verification): on one input in eight, to keep the HMAC
    // exploration fast. The published signature is valid only over its own body.
    if split % 8 != 0 {
        return;
    }
    let key = public();
    let (notify_body, notify_sig) = notification();
    let (body_ref, sig_ref) = (notify_body.as_str(), notify_sig.as_str());
    key.verify_request("POST", "/v1.0/debit/notify", body_ref.as_bytes(), TS, sig_ref, fresh)
        .expect("published notification verifies");
    if body != body_ref.as_bytes() && qris_sign::minify(body).is_ok() {
        let same = qris_sign::minify(body).ok().as_deref() == qris_sign::minify(body_ref.as_bytes()).ok().as_deref();
        if !same {
            assert!(key.verify_request("POST", "/v1.0/debit/notify", body, TS, sig_ref, fresh).is_err());
        }
    }
    let mutated = flip(sig_ref, usize::from(split) % (sig_ref.len() - 2));
    assert!(key.verify_request("POST", "/v1.0/debit/notify", body_ref.as_bytes(), TS, &mutated, fresh).is_err());
});
