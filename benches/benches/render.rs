//! Rendering benchmarks (issue 7 targets on the seed 000 payload: matrix <= 50 us,
//! PNG <= 300 us, ESC/POS <= 100 us).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use qris::render::{escpos, png, svg, terminal, Paper, QrMatrix, RenderOptions};
use qris_benches::SEED_000;

fn render(c: &mut Criterion) {
    let mut g = c.benchmark_group("render/seed000");
    g.throughput(Throughput::Elements(1));
    let opts = RenderOptions::default();
    g.bench_function("matrix", |b| b.iter(|| QrMatrix::encode(black_box(SEED_000), &opts).unwrap()));
    let m = QrMatrix::encode(SEED_000, &opts).unwrap();
    g.bench_function("png-scale-4", |b| b.iter(|| png(black_box(&m), 4).unwrap()));
    g.bench_function("escpos-58mm", |b| b.iter(|| escpos(black_box(&m), Paper::Mm58)));
    g.bench_function("escpos-80mm", |b| b.iter(|| escpos(black_box(&m), Paper::Mm80)));
    g.bench_function("svg", |b| b.iter(|| svg(black_box(&m), None)));
    g.bench_function("terminal", |b| b.iter(|| terminal(black_box(&m), false)));
    g.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
