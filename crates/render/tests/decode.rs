//! Every rendering is decoded by an independent QR decoder (rqrr) and must give
//! back the exact payload: the shared vectors, and generated payloads with long
//! and non-ASCII merchant names.

use std::path::PathBuf;

use proptest::prelude::*;
use qris_render::{escpos, png, svg, terminal, Ecc, Paper, QrMatrix, RenderError, RenderOptions};

fn vectors() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut out = Vec::new();
    for l in std::fs::read_to_string(dir.join("qris-public.tsv")).unwrap().lines().skip(1) {
        let c: Vec<&str> = l.split('\t').collect();
        if c.len() == 4 && c[2].starts_with("ok") {
            out.push(c[3].to_string());
        }
    }
    for l in std::fs::read_to_string(dir.join("qris-conversion.tsv")).unwrap().lines().skip(1) {
        let c: Vec<&str> = l.split('\t').collect();
        out.push(c[1].to_string());
        out.push(c[3].to_string());
    }
    out
}

/// Decodes a grayscale bitmap with rqrr.
fn decode(width: usize, height: usize, dark: impl Fn(usize, usize) -> bool) -> String {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| if dark(x, y) { 0 } else { 255 });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code expected");
    grids[0].decode().unwrap().1
}

fn decode_png(bytes: &[u8]) -> String {
    let mut reader = ::png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.color_type, info.bit_depth), (::png::ColorType::Grayscale, ::png::BitDepth::One));
    let (w, h, row) = (info.width as usize, info.height as usize, info.line_size);
    decode(w, h, |x, y| buf[y * row + x / 8] & (0x80 >> (x % 8)) == 0)
}

fn decode_escpos(bytes: &[u8], paper: Paper) -> String {
    assert_eq!(&bytes[..4], &[0x1D, 0x76, 0x30, 0x00]);
    let wb = usize::from(bytes[4]) | usize::from(bytes[5]) << 8;
    let h = usize::from(bytes[6]) | usize::from(bytes[7]) << 8;
    assert_eq!(wb * 8, paper.dots());
    assert_eq!(bytes.len(), 8 + wb * h);
    let data = &bytes[8..];
    // A light margin around the raster so the decoder sees a quiet zone everywhere.
    let m = 16;
    decode(wb * 8 + 2 * m, h + 2 * m, |x, y| {
        x >= m
            && y >= m
            && x - m < wb * 8
            && y - m < h
            && data[(y - m) * wb + (x - m) / 8] & (0x80 >> ((x - m) % 8)) != 0
    })
}

#[test]
fn every_vector_round_trips_through_png_and_escpos() {
    for p in vectors() {
        let m = QrMatrix::encode(&p, &RenderOptions::default()).unwrap();
        assert_eq!(decode_png(&png(&m, 3).unwrap()), p);
        for paper in [Paper::Mm58, Paper::Mm80] {
            assert_eq!(decode_escpos(&escpos(&m, paper), paper), p);
        }
        // The matrix itself, for callers who draw.
        let rows = m.rows();
        assert_eq!(decode(rows.len() * 2, rows.len() * 2, |x, y| rows[y / 2][x / 2] == 1), p);
    }
}

#[test]
fn every_error_correction_level_decodes() {
    let p = &vectors()[0];
    let mut versions = Vec::new();
    for ecc in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
        let m = QrMatrix::encode(p, &RenderOptions { ecc, ..RenderOptions::default() }).unwrap();
        versions.push(m.version());
        assert_eq!(decode_png(&png(&m, 2).unwrap()), *p);
    }
    assert!(versions.windows(2).all(|v| v[0] <= v[1]), "more correction, larger symbol: {versions:?}");
}

#[test]
fn terminal_fits_80_columns_and_svg_is_one_path() {
    for p in vectors() {
        let m = QrMatrix::encode(&p, &RenderOptions::default()).unwrap();
        let t = terminal(&m, false);
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{} columns", m.width());
        assert_eq!(t.lines().count(), m.width().div_ceil(2));
        let s = svg(&m, Some("Toko <Berkah> & Co · Rp 17.000"));
        assert_eq!(s.matches("<path").count(), 1);
        assert!(s.contains("&lt;Berkah&gt; &amp; Co"));
    }
}

#[test]
fn broken_payloads_are_refused_unless_forced() {
    let p = vectors()[0].replacen("BoonTrack", "BoonTrick", 1);
    match QrMatrix::encode(&p, &RenderOptions::default()) {
        Err(RenderError::Payload(e)) => assert_eq!(e.code(), qris_emv::Code::CrcMismatch),
        other => panic!("{other:?}"),
    }
    let m = QrMatrix::encode(&p, &RenderOptions { force: true, ..RenderOptions::default() }).unwrap();
    assert_eq!(decode_png(&png(&m, 2).unwrap()), p);
    // Scanner noise is trimmed before encoding.
    let noisy = format!(" {}\r\n", vectors()[0]);
    let m = QrMatrix::encode(&noisy, &RenderOptions::default()).unwrap();
    assert_eq!(decode_png(&png(&m, 2).unwrap()), vectors()[0]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_payloads_round_trip(name in "[A-Za-z0-9 éñ最佳运输]{1,25}", amount in 1u32..100_000_000) {
        let stat = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";
        let mut b = qris_emv::Builder::from_payload(&qris_emv::parse(stat).unwrap());
        b.set(59, name.as_str()).unwrap();
        let p = qris_emv::to_dynamic(&b.build().unwrap(), &qris_emv::DynamicOptions::new(&amount.to_string())).unwrap();
        let m = QrMatrix::encode(&p, &RenderOptions::default()).unwrap();
        prop_assert_eq!(decode_png(&png(&m, 2).unwrap()), p);
    }
}
