//! Allocation guarantees, measured with a counting global allocator
//! (`allocation-counter`, thread-local counts).

mod common;

use allocation_counter::measure;
use common::*;
use qris_emv::{parse, Builder, DynamicOptions, Profile, Validator};

#[test]
fn parsing_and_reading_never_allocate() {
    let mut seen = 0usize;
    let info = measure(|| {
        let p = parse(SEED_000).unwrap();
        assert!(p.crc_ok());
        seen += p.merchant_name().map_or(0, str::len);
        seen += p.amount().map_or(0, str::len);
        seen += p.nmid().map_or(0, str::len);
        seen += p.get_path("62.07").map_or(0, |o| o.value().len());
        for o in p.objects() {
            seen += o.children().count();
        }
        seen += p.merchant_accounts().filter_map(|m| m.acquirer()).count();
        seen += p.additional_data().and_then(|a| a.terminal_label()).map_or(0, str::len);
    });
    assert_eq!(info.count_total, 0, "{info:?}");
    assert!(seen > 0);
}

#[test]
fn parsing_non_ascii_and_other_schemes_never_allocates() {
    let vectors = public_vectors();
    let info = measure(|| {
        for v in &vectors {
            if let Ok(p) = parse(&v.payload) {
                for o in p.objects() {
                    let _ = o.children().count();
                }
            }
        }
    });
    assert_eq!(info.count_total, 0);
}

#[test]
fn parse_errors_never_allocate() {
    let bad = ["", "garbage", "000201010211zz", &SEED_000[..100], "0002010102116304ABCD"];
    let info = measure(|| {
        for s in bad {
            let e = parse(s).unwrap_err();
            let _ = e.code();
        }
    });
    assert_eq!(info.count_total, 0);
}

#[test]
fn validating_allocates_only_for_diagnostics() {
    let toko = toko_berkah();
    let p = parse(&toko).unwrap();
    // A clean payload: the report's Vec never allocates.
    let info = measure(|| assert!(p.validate().diagnostics().is_empty()));
    assert_eq!(info.count_total, 0);
    // The sink API never allocates, whatever it finds.
    let seed = parse(SEED_000).unwrap();
    let mut n = 0;
    let info = measure(|| seed.check(Profile::Qris, |_| n += 1));
    assert_eq!(info.count_total, 0);
    assert_eq!(n, 1, "the seed's NMID warning");
}

#[test]
fn static_to_dynamic_allocates_only_its_output() {
    let toko = toko_berkah();
    let p = parse(&toko).unwrap();
    for opts in [
        DynamicOptions::new("17000"),
        DynamicOptions::new("17000").tip_prompt(),
        DynamicOptions::new("17000").fee_fixed("1000"),
        DynamicOptions::new("17000").fee_percent("2.5"),
    ] {
        let mut out = String::new();
        let info = measure(|| out = p.to_dynamic(&opts).unwrap());
        assert_eq!(info.count_total, 1, "{opts:?}: {info:?}");
        assert_eq!(info.bytes_total as usize, out.len(), "exactly sized");
    }
    // The string-level entry point parses without allocating too.
    let info = measure(|| drop(qris_emv::to_dynamic(&toko, &DynamicOptions::new("17000")).unwrap()));
    assert_eq!(info.count_total, 1);
}

#[test]
fn rebuilding_allocates_only_its_output() {
    let p = parse(SEED_000).unwrap();
    let info = measure(|| assert_eq!(Builder::from_payload(&p).build().unwrap(), SEED_000));
    assert_eq!(info.count_total, 1);
}

/// CPM: decoding the Base64 into a stack buffer, parsing, reading every field
/// and validating a valid code allocate nothing.
#[test]
fn cpm_parsing_and_validating_never_allocate() {
    // The EMVCo specification's example.
    let text = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
    let mut seen = 0usize;
    let info = measure(|| {
        let mut buf = [0u8; qris_emv::cpm::MAX_CPM_BYTES];
        let code = qris_emv::cpm::parse(text, &mut buf).unwrap();
        for app in code.applications() {
            seen += app.aid().map_or(0, <[u8]>::len) + app.label().map_or(0, str::len);
        }
        let common = code.common_data().unwrap();
        seen += common.cardholder_name().map_or(0, str::len) + common.pan_masked().unwrap().as_str().len();
    });
    assert_eq!(info.count_total, 0, "{info:?}");
    assert!(seen > 0);
}

/// `Validator::check` / `check_bytes` (what the batch paths call) never
/// allocate, whatever the input.
#[test]
fn validator_check_never_allocates() {
    let mut inputs: Vec<Vec<u8>> = public_vectors().into_iter().map(|v| v.payload.into_bytes()).collect();
    let seed = SEED_000.as_bytes();
    for cut in [0, 1, 4, 50, seed.len() - 4, seed.len() - 1] {
        inputs.push(seed[..cut].to_vec());
    }
    let mut corrupt = seed.to_vec();
    corrupt[60] = b'X';
    inputs.push(corrupt.clone());
    corrupt[60] = 0xFF;
    inputs.push(corrupt.clone());
    inputs.push(format!(" {SEED_000}\r\n").into_bytes());
    inputs.push(vec![b'0'; 5000]);
    let mut seen = 0usize;
    for v in [Validator::qris(), Validator::emv(), Validator::qris().strict(true)] {
        for input in &inputs {
            let info = measure(|| v.check_bytes(input, |_| seen += 1));
            assert_eq!(info.count_total, 0, "{:?}", String::from_utf8_lossy(input));
            if let Ok(text) = std::str::from_utf8(input) {
                let info = measure(|| v.check(text, |_| seen += 1));
                assert_eq!(info.count_total, 0);
            }
        }
    }
    assert!(seen > inputs.len(), "most inputs here have something to report");
    // Bytes that are not UTF-8: one error, at the bad byte.
    let mut found = Vec::new();
    Validator::qris().check_bytes(&corrupt, |d| found.push((d.code, d.offset)));
    assert_eq!(found, [(qris_emv::Code::InputUtf8, 60)]);
}
