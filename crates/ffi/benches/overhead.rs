//! The C ABI's overhead (issue 5): parse + CRC of the seed payload through
//! `qris_payload_parse` / `qris_payload_free` (the exported `extern "C"`
//! functions, UTF-8 check and handle allocation included) against the Rust call
//! on the same bytes, and `qris_payload_reparse` (one handle, no allocation).
//! Target: at most 10% more. Wall time on a shared VM is noisy; the
//! `overhead` example gives instruction counts under callgrind.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
/// The seed 000 payload (the GoPay dynamic code of seed 000, as in benches/src/lib.rs).
const SEED_000: &str = "00020101021226620014COM.GO-JEK.WWW011993600914349052630340210G4905263030303UKE51440014ID.CO.QRIS.WWW0215AID0607336128660303UKE5204341453033605802ID5904Test6007BANDUNG6105402845409789000.0062475036c032f87c-f773-4619-aefa-675e1f06f9210703A016304A623";
use qris_ffi::{
    qris_crc16, qris_payload_free, qris_payload_parse, qris_payload_read_fields, qris_payload_reparse, Payload,
    QrisResult,
};

fn overhead(c: &mut Criterion) {
    let mut g = c.benchmark_group("ffi");
    g.throughput(Throughput::Bytes(SEED_000.len() as u64));
    let bytes = SEED_000.as_bytes();
    g.bench_function("rust/parse+crc", |b| b.iter(|| qris_emv::parse(black_box(SEED_000)).unwrap()));
    g.bench_function("rust/parse_bytes+crc", |b| {
        b.iter(|| qris_emv::ParseOptions::lenient().parse_bytes(black_box(bytes)).unwrap())
    });
    g.bench_function("c-abi/parse+crc+free", |b| {
        b.iter(|| {
            let mut p: *mut Payload = std::ptr::null_mut();
            // SAFETY: `bytes` outlives the handle, freed right after.
            unsafe {
                let r = qris_payload_parse(black_box(bytes.as_ptr()), bytes.len(), false, &mut p);
                assert_eq!(r, QrisResult::Ok);
                qris_payload_free(black_box(p));
            }
        })
    });
    let mut reused: *mut Payload = std::ptr::null_mut();
    // SAFETY: `bytes` outlives the handle, freed after the group.
    unsafe { qris_payload_parse(bytes.as_ptr(), bytes.len(), false, &mut reused) };
    g.bench_function("c-abi/reparse+crc", |b| {
        // SAFETY: `reused` is live and used by this thread only.
        b.iter(|| unsafe { qris_payload_reparse(reused, black_box(bytes.as_ptr()), bytes.len(), false) })
    });
    g.bench_function("c-abi/parse+crc+fields+free", |b| {
        b.iter(|| {
            let mut p: *mut Payload = std::ptr::null_mut();
            let mut f = std::mem::MaybeUninit::uninit();
            // SAFETY: as above; `f` is a local out struct.
            unsafe {
                qris_payload_parse(black_box(bytes.as_ptr()), bytes.len(), false, &mut p);
                qris_payload_read_fields(p, f.as_mut_ptr());
                qris_payload_free(p);
                black_box(f.assume_init().merchant_name.len)
            }
        })
    });
    let mut crc = [0 as std::ffi::c_char; 4];
    g.bench_function("rust/crc16", |b| b.iter(|| qris_emv::crc16(black_box(bytes))));
    g.bench_function("c-abi/crc16", |b| {
        // SAFETY: valid input, 4-byte output.
        b.iter(|| unsafe { qris_crc16(black_box(bytes.as_ptr()), bytes.len(), crc.as_mut_ptr()) })
    });
    g.finish();
    // SAFETY: from qris_payload_parse, freed once.
    unsafe { qris_payload_free(reused) };
}

criterion_group!(benches, overhead);
criterion_main!(benches);
