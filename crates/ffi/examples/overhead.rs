//! Instruction counts for the C ABI overhead (noise-free, unlike wall time on a
//! shared machine): `valgrind --tool=callgrind target/release/examples/overhead rust|c|c-reparse N`
//! runs N parse + CRC calls of the seed payload through the Rust API or through
//! the exported C entry points (`c`: a handle allocated and freed each time;
//! `c-reparse`: one handle re-parsed).

use std::hint::black_box;

const SEED_000: &str = "00020101021226620014COM.GO-JEK.WWW011993600914349052630340210G4905263030303UKE51440014ID.CO.QRIS.WWW0215AID0607336128660303UKE5204341453033605802ID5904Test6007BANDUNG6105402845409789000.0062475036c032f87c-f773-4619-aefa-675e1f06f9210703A016304A623";

/// One handle parsed once, re-parsed in the loop (deliberately leaked at exit).
fn reused() -> *mut qris_ffi::Payload {
    thread_local!(static REUSED: *mut qris_ffi::Payload = {
        let mut p = std::ptr::null_mut();
        // SAFETY: SEED_000 is 'static; `p` is writable.
        unsafe { qris_ffi::qris_payload_parse(SEED_000.as_ptr(), SEED_000.len(), false, &mut p) };
        p
    });
    REUSED.with(|p| *p)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "rust".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let bytes = SEED_000.as_bytes();
    let mut ok = 0usize;
    for _ in 0..n {
        match mode.as_str() {
            "rust" => ok += usize::from(qris_emv::parse(black_box(SEED_000)).is_ok_and(|p| p.crc_ok())),
            "rust-bytes" => ok += usize::from(qris_emv::ParseOptions::lenient().parse_bytes(black_box(bytes)).is_ok()),
            "c-reparse" => {
                // SAFETY: `REUSED` is live for the whole run; `bytes` is 'static.
                if unsafe { qris_ffi::qris_payload_reparse(reused(), black_box(bytes.as_ptr()), bytes.len(), false) }
                    == qris_ffi::QrisResult::Ok
                {
                    ok += 1;
                }
            }
            _ => {
                let mut p: *mut qris_ffi::Payload = std::ptr::null_mut();
                // SAFETY: `bytes` is 'static; the handle is freed right away.
                unsafe {
                    if qris_ffi::qris_payload_parse(black_box(bytes.as_ptr()), bytes.len(), false, &mut p)
                        == qris_ffi::QrisResult::Ok
                    {
                        ok += 1;
                    }
                    qris_ffi::qris_payload_free(black_box(p));
                }
            }
        }
    }
    println!("{mode}: {ok}/{n} parsed");
}
