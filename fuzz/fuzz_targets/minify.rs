//! Any bytes: minify never panics; its output is minified (idempotent), parses
//! to the same value as the input under serde_json, and serde_json accepts
//! exactly what minify accepts (bar numbers outside f64 range, depth beyond
//! serde_json's limit, and the empty body); the body hash streamed from minify
//! equals the hash of its output; the JavaScript mode never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_sign::minify;

fuzz_target!(|data: &[u8]| {
    let ours = minify(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match (&ours, &theirs) {
        (Ok(m), Ok(v)) => {
            assert_eq!(&*minify(m).expect("minified output must be valid"), &m[..], "idempotent");
            let again: serde_json::Value = serde_json::from_slice(m).expect("serde_json reads our output");
            assert_eq!(&again, v, "same value");
        }
        (Err(e), Ok(_)) => panic!("serde_json accepts what minify refuses: {e}"),
        (Ok(m), Err(e)) => {
            let msg = e.to_string();
            assert!(
                m.is_empty() || msg.contains("out of range") || msg.contains("recursion limit"),
                "minify accepts what serde_json refuses: {msg}"
            );
        }
        (Err(_), Err(_)) => {}
    }
    let _ = qris_sign::js::reserialize(data);
    // The streamed body hash (minified bytes hashed as produced) equals the hash
    // of the whole minified output, and fails exactly when minify does.
    match (qris_sign::body_hash(data), &ours) {
        (Ok(h), Ok(m)) => assert_eq!(h, qris_sign::BodyHash::of_minified(m), "streamed body hash"),
        (Err(a), Err(b)) => assert_eq!(&a, b, "same error"),
        (h, m) => panic!("body_hash {h:?} but minify {m:?}"),
    }
});
