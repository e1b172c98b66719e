//! Allocation guarantees of the hot paths (counting allocator, thread-local counts).

use allocation_counter::measure;
use qris_sign::{body_hash, midtrans, minify, minify_into, HmacSigner, Secret};

const MINIFIED: &[u8] = br#"{"partnerReferenceNo":"2020102900000000000001","amount":{"value":"12345678.00","currency":"IDR"},"merchantId":"00007100010926"}"#;

#[test]
fn already_minified_input_is_borrowed_without_allocating() {
    let info = measure(|| assert!(matches!(minify(MINIFIED).unwrap(), std::borrow::Cow::Borrowed(_))));
    assert_eq!(info.count_total, 0);
    let info = measure(|| assert_eq!(body_hash(MINIFIED).unwrap().as_str().len(), 64));
    assert_eq!(info.count_total, 0);
}

#[test]
fn pretty_input_allocates_once_and_a_reused_buffer_never() {
    let pretty = b"{ \"a\" : [ 1 , 2 ] ,\n \"b\" : \"x y\" }";
    let info = measure(|| drop(minify(pretty).unwrap()));
    assert_eq!(info.count_total, 1);
    let mut buf = Vec::with_capacity(64);
    let info = measure(|| minify_into(pretty, &mut buf).unwrap());
    assert_eq!(info.count_total, 0);
    assert_eq!(buf, br#"{"a":[1,2],"b":"x y"}"#);
}

#[test]
fn body_hash_and_validation_never_allocate_even_for_pretty_bodies() {
    let pretty = b"{ \"a\" : [ 1 , 2 ] ,\n \"b\" : \"x y\" }";
    let info = measure(|| assert_eq!(body_hash(pretty).unwrap(), body_hash(br#"{"a":[1,2],"b":"x y"}"#).unwrap()));
    assert_eq!(info.count_total, 0);
    // A large body: hashed as it is minified, never held whole.
    let big: String = format!("[{}]", vec!["{ \"k\" : \"v\" }"; 20_000].join(",\n  "));
    let info = measure(|| assert_eq!(body_hash(big.as_bytes()).unwrap().as_str().len(), 64));
    assert_eq!(info.count_total, 0);
    let info = measure(|| qris_sign::validate_json(big.as_bytes()).unwrap());
    assert_eq!(info.count_total, 0);
}

#[test]
fn signature_key_verification_never_allocates() {
    let key = Secret::from("SB-Mid-server-TEST");
    let sk = midtrans::signature_key("order102", "200", "789000.00", &key).unwrap();
    let info = measure(|| midtrans::verify_signature_key("order102", "200", "789000.00", &key, &sk).unwrap());
    assert_eq!(info.count_total, 0);
}

#[test]
fn hmac_verify_allocates_only_the_decoded_signature() {
    let signer = HmacSigner::new(b"secret").unwrap();
    let ts = "2024-03-19T14:30:00+07:00";
    // The system clock is read too: a live check allocates nothing more.
    let fresh = qris_sign::Freshness::within(u64::MAX >> 1);
    let sig = signer.sign_request("POST", "/p", "t", MINIFIED, ts, qris_sign::Encoding::Base64).unwrap();
    let info = measure(|| signer.verify_request("POST", "/p", "t", MINIFIED, ts, &sig, fresh).unwrap());
    // The decoded signature only: the string to sign is fed to HMAC from the stack.
    assert!(info.count_total <= 1, "{info:?}");
    let pretty = b"{ \"a\" : [ 1 , 2 ] ,\n \"b\" : \"x y\" }";
    let sig = signer.sign_request("POST", "/p", "t", pretty, ts, qris_sign::Encoding::Base64).unwrap();
    let info = measure(|| signer.verify_request("POST", "/p", "t", pretty, ts, &sig, fresh).unwrap());
    assert!(info.count_total <= 1, "{info:?}");
}
