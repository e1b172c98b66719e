//! parse -> build round trip: for every payload that parses with a correct,
//! uppercase CRC, building it back from its parsed form gives the exact input;
//! and any conversion output parses and validates its own structure.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_emv::{parse_strict, Builder, DynamicOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let Ok(p) = parse_strict(s) else { return };
    // Strict parsing accepted it: no noise, uppercase and correct CRC.
    assert_eq!(Builder::from_payload(&p).build().as_deref(), Ok(s));
    if let Ok(d) = p.to_dynamic(&DynamicOptions::new("25000")) {
        let q = parse_strict(&d).expect("conversion output must parse strictly");
        assert_eq!(q.amount(), Some("25000"));
        assert!(q.is_dynamic());
        let back = q.to_static(false).expect("a converted payload converts back");
        assert!(parse_strict(&back).is_ok());
    }
});
