//! Any text or bytes as a CPM code: decoding, parsing, validating, reading every
//! field and displaying must never panic; every offset and value must lie inside
//! the decoded data; no output shows a whole PAN; the builder's output parses back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_emv::cpm::{self, Tlv};

fn check(data: &[u8], t: &Tlv<'_>, depth: usize) {
    assert!(depth <= cpm::MAX_CPM_DEPTH);
    assert_eq!(&data[t.value_offset..t.value_offset + t.value.len()], t.value);
    let _ = t.shown().to_string();
    for c in t.children() {
        let c = c.expect("a parsed code's children are sound");
        check(data, &c, depth + 1);
    }
}

fuzz_target!(|input: &[u8]| {
    let mut buf = [0u8; cpm::MAX_CPM_BYTES];
    if let Ok(text) = std::str::from_utf8(input) {
        let _ = cpm::looks_like_cpm(text);
        match cpm::parse(text, &mut buf) {
            Ok(code) => {
                let _ = code.validate();
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    match cpm::parse_bytes(input) {
        Ok(code) => {
            for t in code.objects() {
                check(input, &t, 1);
            }
            let report = code.validate();
            for d in report.diagnostics() {
                assert!(d.offset <= input.len());
                let _ = d.to_string();
            }
            let _ = format!("{code:?}");
            for app in code.applications() {
                let _ = (app.aid(), app.label(), app.pan_masked(), app.track2_masked(), format!("{app:?}"));
            }
            // The text form of the same bytes parses to the same bytes.
            let text = cpm::encode_base64(input);
            let again = cpm::parse(&text, &mut buf).expect("its own Base64 parses");
            assert_eq!(again.bytes(), input);
        }
        Err(e) => assert!(e.offset <= input.len().max(cpm::MAX_CPM_BYTES)),
    }
});
