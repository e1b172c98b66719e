//! Any bytes as key material: loading a private or public key never panics, and
//! whatever loads has at least 2048 bits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_sign::{PrivateKey, PublicKey, MIN_RSA_BITS};

fuzz_target!(|data: &[u8]| {
    if let Ok(k) = PrivateKey::from_bytes(data) {
        assert!(k.bits() >= MIN_RSA_BITS);
    }
    if let Ok(k) = PublicKey::from_bytes(data) {
        assert!(k.bits() >= MIN_RSA_BITS);
        let _ = k.verify_b2b("id", "ts", "AAAA");
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = qris_sign::Timestamp::parse(s);
    }
});
