//! Any bytes through the small protocol parsers and the renderer: SNAP response
//! codes, X-TIMESTAMP, SNAP amounts, and a QR image of whatever the bytes say
//! (forced, so broken payloads are rendered too; one input in eight). Nothing panics; what parses is
//! consistent (a response code's HTTP status is its first three digits; an
//! accepted amount formats back to a value that parses to itself).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_render::{escpos, png, svg, Paper, QrMatrix, RenderOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(code) = qris_snap::ResponseCode::parse(text) {
        assert_eq!(code.http.to_string(), text.trim()[..3]);
        let _ = (code.case_name(), code.service_name(), code.retry());
    }
    let _ = qris_sign::Timestamp::parse(text);
    if let Ok(a) = qris_snap::Amount::parse_snap(text) {
        let back = a.to_snap();
        assert_eq!(qris_snap::Amount::parse_snap(&back).map(|b| b.to_snap()).as_deref(), Ok(back.as_str()));
    }
    // Rendering costs ~1 ms an input: one input in eight, to keep the parsers' pace.
    if data.len() <= 512 && data.len() % 8 == 1 {
        let opts = RenderOptions { force: true, ..RenderOptions::default() };
        if let Ok(m) = QrMatrix::encode(text, &opts) {
            let _ = png(&m, 1 + data.len() % 4);
            let _ = svg(&m, Some(text));
            let _ = escpos(&m, Paper::Mm58);
        }
    }
});
