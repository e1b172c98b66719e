//! Any bytes: parsing (lenient, strict, unverified CRC), validation under both
//! profiles, accessors and conversions must never panic, and every reported
//! offset and borrowed value must lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_emv::{DynamicOptions, ParseOptions, Profile, Validator};

fuzz_target!(|data: &[u8]| {
    for opts in [ParseOptions::new(), ParseOptions::new().strict(true), ParseOptions::lenient().verify_crc(false)] {
        match opts.parse_bytes(data) {
            Ok(p) => {
                let input = p.input();
                for o in p.objects() {
                    assert_eq!(&input[o.value_offset()..o.value_offset() + o.value().len()], o.value());
                    for c in o.children() {
                        assert_eq!(&input[c.value_offset()..c.value_offset() + c.value().len()], c.value());
                        let _ = c.children().count();
                    }
                }
                for profile in [Profile::Qris, Profile::Emv] {
                    for d in p.validate_with(profile).diagnostics() {
                        assert!(d.offset <= input.len());
                        let _ = d.to_string();
                    }
                }
                let _ = (p.merchant_name(), p.amount(), p.tip(), p.nmid(), p.additional_data());
                let _ = p.to_dynamic(&DynamicOptions::new("10000").fee_fixed("500").terminal("T1").force(true));
                let _ = p.to_static(true);
            }
            Err(e) => {
                assert!(e.offset() <= data.len().max(qris_emv::MAX_INPUT_LEN));
                let _ = e.to_string();
            }
        }
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = Validator::qris().validate(s);
    }
});
