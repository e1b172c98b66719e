//! Detection rate and time per image of `qris_scan` on the generated test
//! images (benches/scan/generate.py), per degradation class, for the table in
//! BENCHMARKS.md next to zxing-cpp's (benches/scan/zxing_rate.py).
//!
//!     cargo run --release -p qris-scan --example scan_rate -- IMAGES_DIR [--json OUT]
//!
//! Time: decoding the file is excluded (as for zxing-cpp, whose figure starts
//! from decoded pixels); grayscale conversion, pre-processing, detection,
//! decoding and classification are included. One thread.

use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("IMAGES_DIR"));
    let json_out = match (args.next().as_deref(), args.next()) {
        (Some("--json"), Some(p)) => Some(p),
        _ => None,
    };
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).expect("manifest.json")).unwrap();
    // class -> (codes, found, false positives, times in ms)
    let mut per: BTreeMap<String, (usize, usize, usize, Vec<f64>)> = BTreeMap::new();
    for item in manifest.as_array().unwrap() {
        let bytes = std::fs::read(dir.join(item["file"].as_str().unwrap())).unwrap();
        let gray = qris_scan::decode_file(&bytes, qris_scan::MAX_PIXELS).unwrap();
        let want: Vec<&str> = item["payloads"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
        let view = gray.view();
        let t0 = Instant::now();
        let found = qris_scan::scan(&view).unwrap();
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        let texts: Vec<&str> = found.iter().map(|f| f.text()).collect();
        let c = per.entry(item["class"].as_str().unwrap().to_owned()).or_default();
        c.0 += want.len();
        c.1 += want.iter().filter(|w| texts.contains(w)).count();
        c.2 += texts.iter().filter(|t| !want.contains(t)).count();
        c.3.push(ms);
    }
    let mut out = serde_json::Map::new();
    let mut all = Vec::new();
    for (class, (codes, found, fp, mut times)) in per {
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        all.extend(times.iter().copied());
        let rate = if codes > 0 { format!("{:5.1}%", 100.0 * found as f64 / codes as f64) } else { "  n/a ".into() };
        println!(
            "qris-scan {class:12} {rate}  ({found}/{codes}, false {fp})  median {median:.2} ms  mean {mean:.2} ms"
        );
        out.insert(
            class,
            serde_json::json!({"codes": codes, "found": found, "false": fp, "median_ms": median, "mean_ms": mean}),
        );
    }
    println!("qris-scan all images: mean {:.2} ms", all.iter().sum::<f64>() / all.len() as f64);
    if let Some(p) = json_out {
        std::fs::write(p, serde_json::to_string_pretty(&out).unwrap()).unwrap();
    }
}
