//! Payload engine benchmarks. Targets (issue 2), on the seed 000 payload:
//! parse + CRC verify <= 250 ns (zero allocations), full QRIS validation <= 600 ns,
//! static -> dynamic <= 600 ns (one allocation), CRC16 >= 2 GB/s on 1 MiB,
//! batch validation scaling with cores.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use qris::emv::{crc16, parse, Builder, DynamicOptions, Profile, Validator};
use qris_benches::{batch, SEED_000, TOKO_STATIC};

fn payload(c: &mut Criterion) {
    let mut g = c.benchmark_group("payload");
    g.throughput(Throughput::Bytes(SEED_000.len() as u64));
    g.bench_function("parse+crc/seed000", |b| b.iter(|| parse(black_box(SEED_000)).unwrap()));
    g.bench_function("parse+crc+fields/seed000", |b| {
        b.iter(|| {
            let p = parse(black_box(SEED_000)).unwrap();
            (p.merchant_name(), p.amount(), p.nmid(), p.get_path("62.07").map(|o| o.value()))
        })
    });
    let parsed = parse(SEED_000).unwrap();
    g.bench_function("validate/seed000", |b| b.iter(|| black_box(&parsed).validate()));
    g.bench_function("validate-sink/seed000", |b| {
        b.iter(|| {
            let mut n = 0u32;
            black_box(&parsed).check(Profile::Qris, |_| n += 1);
            n
        })
    });
    g.bench_function("parse+validate/seed000", |b| b.iter(|| Validator::qris().validate(black_box(SEED_000))));
    g.bench_function("rebuild/seed000", |b| b.iter(|| Builder::from_payload(black_box(&parsed)).build().unwrap()));
    g.finish();

    let mut g = c.benchmark_group("convert");
    g.throughput(Throughput::Bytes(TOKO_STATIC.len() as u64));
    let stat = parse(TOKO_STATIC).unwrap();
    let opts = DynamicOptions::new("17000");
    g.bench_function("to_dynamic/parsed", |b| b.iter(|| black_box(&stat).to_dynamic(black_box(&opts)).unwrap()));
    g.bench_function("to_dynamic/from-str", |b| {
        b.iter(|| qris::to_dynamic(black_box(TOKO_STATIC), black_box(&opts)).unwrap())
    });
    let fee = DynamicOptions::new("17000").fee_percent("2.5").terminal("KASIR-2");
    g.bench_function("to_dynamic/fee+terminal", |b| b.iter(|| black_box(&stat).to_dynamic(black_box(&fee)).unwrap()));
    g.bench_function("to_static/parsed", |b| b.iter(|| black_box(&parsed).to_static(false).unwrap()));
    g.finish();
}

fn crc(c: &mut Criterion) {
    let mut g = c.benchmark_group("crc16");
    let mib: Vec<u8> = (0..1 << 20).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    g.throughput(Throughput::Bytes(mib.len() as u64));
    // The ceiling: the crc crate's slice-by-16 tables called directly.
    let raw = crc::Crc::<u16, crc::Table<16>>::new(&crc::CRC_16_IBM_3740);
    assert_eq!(raw.checksum(&mib), crc16(&mib));
    g.bench_function("1MiB", |b| b.iter(|| crc16(black_box(&mib))));
    g.bench_function("1MiB/ceiling-crc-crate-slice16", |b| b.iter(|| raw.checksum(black_box(&mib))));
    let body = &SEED_000.as_bytes()[..SEED_000.len() - 4];
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("seed000", |b| b.iter(|| crc16(black_box(body))));
    g.bench_function("seed000/ceiling-crc-crate-slice16", |b| b.iter(|| raw.checksum(black_box(body))));
    g.finish();
}

fn batch_validation(c: &mut Criterion) {
    let inputs = batch(20_000);
    let mut g = c.benchmark_group("batch-validate");
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.sample_size(20);
    g.bench_with_input(BenchmarkId::new("sequential", inputs.len()), &inputs, |b, inputs| {
        b.iter(|| inputs.iter().map(|s| Validator::qris().validate(s)).collect::<Vec<_>>())
    });
    g.bench_with_input(BenchmarkId::new("all-cores", inputs.len()), &inputs, |b, inputs| {
        b.iter(|| Validator::qris().validate_many(inputs))
    });
    g.finish();
}

criterion_group!(benches, payload, crc, batch_validation);
criterion_main!(benches);
