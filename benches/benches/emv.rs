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

/// CPM codes (issue 18 target: parse + validate of a 150-byte code <= 500 ns,
/// no allocation for parsing): the EMVCo specification's example (124 bytes
/// decoded, 144 Base64 characters) and a 150-byte code with track 2.
fn cpm(c: &mut Criterion) {
    use qris::cpm::{self, BuildApplication as App, CpmBuilder};
    let example = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
    let big = CpmBuilder::new()
        .application(
            App::new(&[0xA0, 0, 0, 0x06, 0x02, 0x10, 0x10])
                .label("QRIS DEBIT")
                .track2("4111111111111111D29122011234567890")
                .unwrap(),
        )
        .common(
            App::common()
                .cardholder_name("BUDI SANTOSO/MR HAJI")
                .language_preference("idenms")
                .transparent(0x9F10, &[6, 1, 10, 3, 0, 0, 0])
                .transparent(0x9F26, &[0x58, 0x4F, 0xD3, 0x85, 0xFA, 0x23, 0x4B, 0xCC])
                .transparent(0x9F27, &[0x80])
                .transparent(0x9F36, &[0, 1])
                .transparent(0x9F37, &[0x6D, 0x58, 0xEF, 0x13]),
        )
        .application(App::new(&[0xA0, 0, 0, 0x06, 0x02, 0x20, 0x20]).label("QRIS CREDIT"))
        .to_base64()
        .unwrap();
    let mut g = c.benchmark_group("cpm");
    g.throughput(Throughput::Elements(1));
    for (name, text) in [("emvco-example", example.to_string()), ("150B", big)] {
        let mut buf = [0u8; cpm::MAX_CPM_BYTES];
        let n = cpm::parse(&text, &mut buf).unwrap().bytes().len();
        assert!(name != "150B" || (145..=155).contains(&n), "{n} bytes");
        // One decode buffer for the POS's lifetime, as a scanner loop has.
        g.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| cpm::parse(black_box(&text), &mut buf).map(|c| c.bytes().len()))
        });
        g.bench_function(format!("base64/{name}"), |b| {
            b.iter(|| cpm::decode_into(black_box(&text), &mut buf).map(|r| r.0))
        });
        let (n, _) = cpm::decode_into(&text, &mut buf).unwrap();
        let bytes = buf[..n].to_vec();
        g.bench_function(format!("parse-bytes/{name}"), |b| b.iter(|| cpm::parse_bytes(black_box(&bytes)).is_ok()));
        let parsed = cpm::parse_bytes(&bytes).unwrap();
        g.bench_function(format!("validate/{name}"), |b| b.iter(|| black_box(&parsed).validate().is_valid()));
        g.bench_function(format!("parse+validate/{name}"), |b| {
            b.iter(|| cpm::parse(black_box(&text), &mut buf).map(|c| c.validate().is_valid()))
        });
    }
    g.finish();
}

criterion_group!(benches, payload, crc, batch_validation, cpm);
criterion_main!(benches);
