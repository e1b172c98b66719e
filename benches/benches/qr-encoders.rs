//! Choosing the QR encoder by measuring (issue 7): the seed 000 payload encoded
//! to a module matrix at error correction M by each candidate crate.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use qris_benches::SEED_000;

fn encoders(c: &mut Criterion) {
    let mut g = c.benchmark_group("qr-encode/seed000-ecc-M");
    g.bench_function("qrcodegen", |b| {
        b.iter(|| qrcodegen::QrCode::encode_text(black_box(SEED_000), qrcodegen::QrCodeEcc::Medium).unwrap().size())
    });
    g.bench_function("qrcode", |b| {
        b.iter(|| qrcode::QrCode::with_error_correction_level(black_box(SEED_000), qrcode::EcLevel::M).unwrap().width())
    });
    g.bench_function("fast_qr", |b| {
        b.iter(|| fast_qr::QRBuilder::new(black_box(SEED_000)).ecl(fast_qr::ECL::M).build().unwrap().size)
    });
    // With the mask fixed (no penalty scoring of the 8 masks): the encoding floor.
    g.bench_function("qrcodegen/fixed-mask", |b| {
        b.iter(|| {
            let segs = qrcodegen::QrSegment::make_segments(black_box(SEED_000));
            qrcodegen::QrCode::encode_segments_advanced(
                &segs,
                qrcodegen::QrCodeEcc::Medium,
                qrcodegen::Version::MIN,
                qrcodegen::Version::MAX,
                Some(qrcodegen::Mask::new(0)),
                true,
            )
            .unwrap()
            .size()
        })
    });
    g.bench_function("fast_qr/fixed-mask", |b| {
        b.iter(|| {
            fast_qr::QRBuilder::new(black_box(SEED_000))
                .ecl(fast_qr::ECL::M)
                .mask(fast_qr::Mask::Checkerboard)
                .build()
                .unwrap()
                .size
        })
    });
    g.finish();
}

criterion_group!(benches, encoders);
criterion_main!(benches);
