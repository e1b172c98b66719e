//! Any bytes as key material: loading a private or public key never panics,
//! whatever loads has at least 2048 bits, and no error message repeats a run of
//! the input's Base64 (it may be a private key).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_sign::{PrivateKey, PublicKey, MIN_RSA_BITS};

fuzz_target!(|data: &[u8]| {
    match PrivateKey::from_bytes(data) {
        Ok(k) => assert!(k.bits() >= MIN_RSA_BITS),
        Err(e) => no_echo(data, &format!("{e} {e:?}")),
    }
    if let Err(e) = PublicKey::from_bytes(data) {
        no_echo(data, &format!("{e} {e:?}"));
    }
    if let Ok(k) = PublicKey::from_bytes(data) {
        assert!(k.bits() >= MIN_RSA_BITS);
        let now = qris_sign::Timestamp::from_unix(1_714_635_788, 0, 420);
        let _ = k.verify_b2b("id", "2024-05-02T14:43:08+07:00", "AAAA", qris_sign::Freshness::at(now, 300));
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = qris_sign::Timestamp::parse(s);
    }
});

/// No 24-character run of mixed-case Base64 from the input appears in `message`
/// (validated PEM labels are upper case and may be shown).
fn no_echo(data: &[u8], message: &str) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let b64 = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/';
    for run in text.split(|c: char| !b64(c)).filter(|r| r.len() >= 24) {
        if !run.chars().any(|c| c.is_ascii_lowercase()) {
            continue;
        }
        for w in run.as_bytes().windows(24) {
            let w = std::str::from_utf8(w).unwrap_or("");
            assert!(!message.contains(w), "the message repeats the input: {message}");
        }
    }
}
