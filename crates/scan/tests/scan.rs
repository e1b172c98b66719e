//! qris-scan against independent references: every expected text is a
//! published vector (tests/vectors, tests/vectors/external), rendered by
//! the project's renderer (whose own output rqrr and zxing-cpp read back in
//! other tests) and read back here.

use qris_render::{QrMatrix, RenderOptions};
use qris_scan::{
    check_sticker, decode_file, scan, scan_file, Check, Expected, Field, ImageView, Kind, PixelFormat, ScanError,
    Sticker, MAX_PIXELS,
};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn tsv(path: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines.map(|l| head.iter().map(|h| h.to_string()).zip(l.split('\t').map(str::to_owned)).collect()).collect()
}

/// The published QRIS payloads whose CRC the vectors say is correct.
fn qris_vectors() -> Vec<String> {
    tsv("tests/vectors/qris-public.tsv")
        .into_iter()
        .filter(|r| {
            r["scheme"].starts_with("QRIS") && !r["scheme"].starts_with("QRIS-edge") && r["crc"].starts_with("ok")
        })
        .map(|r| r["payload"].clone())
        .collect()
}

/// Two published QRIS payloads for different merchants (different NMIDs).
fn two_merchants() -> (String, String) {
    let v = qris_vectors();
    let nmid = |p: &str| qris_emv::parse(p).unwrap().nmid().map(str::to_owned);
    let a = v[0].clone();
    let b = v.iter().find(|p| nmid(p).is_some() && nmid(p) != nmid(&a)).unwrap().clone();
    (a, b)
}

/// A gray image of `text` as a QR code, `k` pixels per module, on a canvas of
/// `extra` white pixels more on each side, code at (`ox`, `oy`).
fn render(text: &str, k: usize) -> (Vec<u8>, usize) {
    let m = QrMatrix::encode(text, &RenderOptions { force: true, ..RenderOptions::default() }).unwrap();
    let side = m.width() * k;
    let px = (0..side * side).map(|i| if m.is_dark(i % side / k, i / side / k) { 0 } else { 255 }).collect();
    (px, side)
}

fn canvas(w: usize, h: usize, codes: &[(&[u8], usize, usize, usize)]) -> Vec<u8> {
    let mut out = vec![230u8; w * h];
    for &(px, side, ox, oy) in codes {
        for y in 0..side {
            out[(oy + y) * w + ox..][..side].copy_from_slice(&px[y * side..][..side]);
        }
    }
    out
}

fn gray_png(px: &[u8], w: usize, h: usize, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut info = png::Info::with_size(w as u32, h as u32);
    info.color_type = png::ColorType::Grayscale;
    info.bit_depth = png::BitDepth::Eight;
    info.exif_metadata = exif.map(Into::into);
    let enc = png::Encoder::with_info(&mut out, info).unwrap();
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(px).unwrap();
    writer.finish().unwrap();
    out
}

fn scan_gray(px: &[u8], w: usize, h: usize) -> Vec<qris_scan::Found> {
    scan(&ImageView::packed(px, w as u32, h as u32, PixelFormat::Gray8).unwrap()).unwrap()
}

#[test]
fn published_qris_payloads_read_back_exactly() {
    let vectors = qris_vectors();
    assert!(vectors.len() >= 4);
    for (i, payload) in vectors.iter().enumerate() {
        let k = 2 + i % 4;
        let (px, side) = render(payload, k);
        let found = scan_gray(&px, side, side);
        assert_eq!(found.len(), 1, "{payload}");
        assert_eq!(found[0].text(), payload);
        assert_eq!(found[0].kind(), Kind::Qris);
        assert!(found[0].is_valid(), "{:?}", found[0].report());
        // Corners lie on the symbol (quiet zone of 4 modules excluded), within a module.
        let c = found[0].corners();
        let (lo, hi) = ((4 * k) as f32, (side - 4 * k) as f32);
        for p in c {
            assert!((p.x - lo).abs() <= 1.5 * k as f32 || (p.x - hi).abs() <= 1.5 * k as f32, "{c:?} side {side}");
            assert!((p.y - lo).abs() <= 1.5 * k as f32 || (p.y - hi).abs() <= 1.5 * k as f32, "{c:?} side {side}");
        }
    }
}

#[test]
fn every_pixel_format_and_stride() {
    let payload = &qris_vectors()[0];
    let (g, side) = render(payload, 3);
    let pad = 7; // bytes of padding after each row
    type Layout = (PixelFormat, fn(u8) -> Vec<u8>);
    let layouts: [Layout; 5] = [
        (PixelFormat::Gray8, |v| vec![v]),
        (PixelFormat::Rgb8, |v| vec![v, v, v]),
        (PixelFormat::Bgr8, |v| vec![v, v / 2, v]),
        (PixelFormat::Rgba8, |v| vec![v, v, v, 255]),
        // Fully transparent "white" drawn as transparent black: must read as white.
        (PixelFormat::Bgra8, |v| if v == 255 { vec![0, 0, 0, 0] } else { vec![v, v, v, 255] }),
    ];
    for (format, pixel) in layouts {
        let bpp = format.bytes_per_pixel();
        let stride = side * bpp + pad;
        let mut buf = vec![0x55u8; stride * side];
        for y in 0..side {
            for x in 0..side {
                buf[y * stride + x * bpp..][..bpp].copy_from_slice(&pixel(g[y * side + x]));
            }
        }
        // The last row needs no padding.
        buf.truncate(stride * (side - 1) + side * bpp);
        let view = ImageView::new(&buf, side as u32, side as u32, stride, format).unwrap();
        let found = scan(&view).unwrap();
        assert_eq!(found.len(), 1, "{format:?}");
        assert_eq!(found[0].text(), payload, "{format:?}");
    }
}

#[test]
fn rotated_quarter_turns_and_mirrored() {
    let payload = &qris_vectors()[1];
    let (g, s) = render(payload, 3);
    let turn = |src: &[u8]| -> Vec<u8> { (0..s * s).map(|i| src[(s - 1 - i % s) * s + i / s]).collect() };
    let mut img = g.clone();
    for _ in 0..3 {
        img = turn(&img);
        assert_eq!(scan_gray(&img, s, s)[0].text(), payload);
    }
    // A mirror image (a photo through glass, a selfie camera) is a valid read too.
    let mirrored: Vec<u8> = (0..s * s).map(|i| g[(i / s) * s + s - 1 - i % s]).collect();
    let found = scan_gray(&mirrored, s, s);
    assert_eq!(found.iter().map(|f| f.text()).collect::<Vec<_>>(), [payload.as_str()]);
}

#[test]
fn tiny_and_small_images() {
    // One pixel per module, cropped to the symbol (no quiet zone): enlarged and padded.
    let payload = &qris_vectors()[0];
    let m = QrMatrix::encode(payload, &RenderOptions { quiet_zone: 0, ..RenderOptions::default() }).unwrap();
    let side = m.width();
    let px: Vec<u8> = (0..side * side).map(|i| if m.is_dark(i % side, i / side) { 0 } else { 255 }).collect();
    assert_eq!(scan_gray(&px, side, side)[0].text(), payload);
    // 1x1, 1xN, 39x39: nothing found, no error, no panic.
    assert!(scan_gray(&[0], 1, 1).is_empty());
    assert!(scan_gray(&[255; 500], 500, 1).is_empty());
    assert!(scan_gray(&[128; 39 * 39], 39, 39).is_empty());
}

#[test]
fn two_codes_on_one_counter() {
    let (a, b) = two_merchants();
    let (pa, sa) = render(&a, 3);
    let (pb, sb) = render(&b, 3);
    let (w, h) = (sa + sb + 120, sa.max(sb) + 80);
    let img = canvas(w, h, &[(&pa, sa, 30, 40), (&pb, sb, sa + 90, 20)]);
    let found = scan_gray(&img, w, h);
    let mut texts: Vec<&str> = found.iter().map(|f| f.text()).collect();
    texts.sort_unstable();
    let mut want = vec![a.as_str(), b.as_str()];
    want.sort_unstable();
    assert_eq!(texts, want);
    // Corners place each code where it was drawn.
    for f in &found {
        let cx = f.corners().iter().map(|p| p.x).sum::<f32>() / 4.0;
        let drawn = if f.text() == a { 30.0 + sa as f32 / 2.0 } else { (sa + 90) as f32 + sb as f32 / 2.0 };
        assert!((cx - drawn).abs() < 10.0, "{cx} vs {drawn}");
    }
}

#[test]
fn kinds_other_schemes_cpm_and_text() {
    // Another EMVCo scheme: TrueMoney (Thailand), from the peers' vectors.
    let rows = tsv("tests/vectors/external/emv-payloads.tsv");
    let th = rows.iter().find(|r| r["scheme"] == "TrueMoney-TH" && r["crc_check_here"].starts_with("ok")).unwrap();
    let (px, s) = render(&th["payload"], 3);
    let f = &scan_gray(&px, s, s)[0];
    assert_eq!((f.text(), f.kind()), (th["payload"].as_str(), Kind::Emv));
    assert!(f.is_valid(), "{:?}", f.report());

    // A CPM code: EMVCo's published example.
    let cpm: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{ROOT}/tests/vectors/cpm-emvco.json")).unwrap())
            .unwrap();
    let b64 = cpm["emvco_spec_example"]["base64"].as_str().unwrap();
    let (px, s) = render(b64, 3);
    let f = &scan_gray(&px, s, s)[0];
    assert_eq!((f.text(), f.kind()), (b64, Kind::Cpm));
    assert!(matches!(f.check(), Check::Cpm(r) if r.is_valid()), "{:?}", f.check());
    assert!(f.payload().is_none());

    // Not a payment code.
    let (px, s) = render("https://example.com/menu", 4);
    let f = &scan_gray(&px, s, s)[0];
    assert_eq!((f.kind(), f.check()), (Kind::Other, &Check::None));
    assert!(!f.is_valid());

    // A QRIS payload with a wrong CRC: read, classified QRIS, not valid.
    let payload = &qris_vectors()[0];
    let forged = format!("{}0000", &payload[..payload.len() - 4]);
    let (px, s) = render(&forged, 3);
    let f = &scan_gray(&px, s, s)[0];
    assert_eq!(f.kind(), Kind::Qris);
    assert!(!f.is_valid());
}

#[test]
fn sticker_check_catches_a_pasted_code() {
    let (genuine, fraud) = two_merchants();
    let p = qris_emv::parse(&genuine).unwrap();
    let nmid = p.nmid().unwrap().to_owned();
    let name = p.merchant_name().unwrap().to_owned();
    let city = p.merchant_city().unwrap().to_owned();
    let expected = Expected::nmid(&nmid).name(&name).city(&city);
    let read = |text: &str| {
        let (px, s) = render(text, 3);
        scan_gray(&px, s, s)
    };

    assert_eq!(check_sticker(&read(&genuine), &expected), Sticker::Match);
    // Same merchant, different spacing / case in what was registered.
    let loose = name.to_lowercase().replace(' ', "  ");
    assert_eq!(check_sticker(&read(&genuine), &Expected::nmid(&nmid.to_lowercase()).name(&loose)), Sticker::Match);

    // A valid QRIS for another merchant: the case that matters.
    match check_sticker(&read(&fraud), &expected) {
        Sticker::Mismatch(d) => {
            assert_eq!(d[0].field, Field::Nmid);
            let other = qris_emv::parse(&fraud).unwrap().nmid().unwrap().to_owned();
            assert_eq!(d[0].to_string(), format!("NMID {other} is not the expected {nmid}"));
        }
        v => panic!("{v:?}"),
    }

    // The fraudster's code next to the genuine one: still a mismatch.
    let (pa, sa) = render(&genuine, 3);
    let (pb, sb) = render(&fraud, 3);
    let (w, h) = (sa + sb + 120, sa.max(sb) + 60);
    let both = scan_gray(&canvas(w, h, &[(&pa, sa, 20, 20), (&pb, sb, sa + 80, 20)]), w, h);
    assert_eq!(both.len(), 2);
    assert!(matches!(check_sticker(&both, &expected), Sticker::Mismatch(_)));

    // The expected NMID placed elsewhere (a merchant ID in 26, the bill
    // number) does not make another merchant's code a match: only 51.02 counts.
    let fp = qris_emv::parse(&fraud).unwrap();
    let mut b = qris_emv::Builder::from_payload(&fp);
    b.set_path("62.01", nmid.as_str()).unwrap();
    let decoy = b.build().unwrap();
    assert!(qris_emv::Validator::qris().validate(&decoy).is_valid());
    assert!(matches!(check_sticker(&read(&decoy), &expected), Sticker::Mismatch(_)));

    // The genuine NMID kept, the payment routed to another account (26.01):
    // only the registered PAN can tell. Without it the check is about the NMID
    // (and what else was given), and says so.
    let gp = p.merchant_accounts().find(|m| m.pan().is_some()).unwrap();
    let mut b = qris_emv::Builder::from_payload(&p);
    b.set_path(&format!("{:02}.01", gp.id()), "9360000812345678901").unwrap();
    let rerouted = b.build().unwrap();
    assert!(qris_emv::Validator::qris().validate(&rerouted).is_valid());
    assert_eq!(check_sticker(&read(&rerouted), &expected), Sticker::Match);
    let registered_pan = gp.pan().unwrap().to_owned();
    match check_sticker(&read(&rerouted), &expected.pan(&registered_pan)) {
        Sticker::Mismatch(d) => {
            assert_eq!((d[0].field, d[0].found.as_deref()), (Field::Pan, Some("9360000812345678901")))
        }
        v => panic!("{v:?}"),
    }

    // The genuine NMID with a broken CRC: not vouched for.
    let broken = format!("{}0000", &genuine[..genuine.len() - 4]);
    assert_eq!(check_sticker(&read(&broken), &expected), Sticker::NotQris);

    // Registered PAN: one of the code's merchant PANs must be it.
    let pan = p.merchant_accounts().find_map(|m| m.pan()).unwrap().to_owned();
    assert_eq!(check_sticker(&read(&genuine), &Expected::nmid(&nmid).pan(&pan)), Sticker::Match);
    assert!(matches!(
        check_sticker(&read(&genuine), &Expected::nmid(&nmid).pan("9360000000000000001")),
        Sticker::Mismatch(d) if d[0].field == Field::Pan
    ));

    // Not QRIS, nothing readable.
    assert_eq!(check_sticker(&read("https://example.com"), &expected), Sticker::NotQris);
    assert_eq!(check_sticker(&[], &expected), Sticker::Unreadable);
    assert_eq!(check_sticker(&scan_gray(&[200; 300 * 200], 300, 200), &expected), Sticker::Unreadable);
}

#[test]
fn png_files_and_exif_orientation() {
    let payload = &qris_vectors()[0];
    let (code, s) = render(payload, 3);
    // Upright, the image is wide and the code sits at its left end.
    let (w, h) = (s * 3, s + 40);
    let upright = canvas(w, h, &[(&code, s, 10, 20)]);
    let found = scan_file(&gray_png(&upright, w, h, None)).unwrap();
    assert_eq!(found[0].text(), payload);

    // Stored rotated 90 degrees counter-clockwise with EXIF orientation 6
    // ("rotate 90 clockwise to display"), as a phone held upright saves it.
    // Stored image: h wide, w tall; stored(x, y) = upright(w - 1 - y, x).
    let stored: Vec<u8> = (0..w * h).map(|i| upright[(i % h) * w + (w - 1 - i / h)]).collect();
    let exif = {
        let mut t = b"MM\0*\0\0\0\x08\0\x01".to_vec();
        t.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        t
    };
    let file = gray_png(&stored, h, w, Some(exif));
    let gray = decode_file(&file, MAX_PIXELS).unwrap();
    assert_eq!((gray.width(), gray.height()), (w as u32, h as u32));
    assert_eq!(gray.pixels(), &upright[..]);
    let found = scan_file(&file).unwrap();
    let cx = found[0].corners().iter().map(|p| p.x).sum::<f32>() / 4.0;
    assert!((cx - (10 + s / 2) as f32).abs() < 6.0, "{cx}");
}

#[test]
fn bad_input_is_an_error_never_a_panic() {
    let e = |r: Result<ImageView<'_>, ScanError>| r.unwrap_err();
    assert_eq!(e(ImageView::packed(&[], 0, 10, PixelFormat::Gray8)), ScanError::Empty);
    assert_eq!(e(ImageView::new(&[0; 100], 10, 10, 9, PixelFormat::Gray8)), ScanError::Stride { stride: 9, min: 10 });
    assert_eq!(e(ImageView::packed(&[0; 100], 10, 10, PixelFormat::Rgb8)), ScanError::Buffer { len: 100, needed: 300 });
    assert_eq!(e(ImageView::packed(&[0; 16], 100_000, 100_000, PixelFormat::Gray8)).code(), "scan.too_large");
    assert_eq!(scan_file(b"GIF89a....").unwrap_err(), ScanError::Format);
    assert_eq!(scan_file(b"").unwrap_err(), ScanError::Format);

    // A PNG whose header claims 60000 x 60000 (3.6 gigapixels): refused from
    // the header, before allocating.
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    let ihdr = [&b"IHDR"[..], &60000u32.to_be_bytes(), &60000u32.to_be_bytes(), &[8, 0, 0, 0, 0]].concat();
    bomb.extend_from_slice(&13u32.to_be_bytes());
    bomb.extend_from_slice(&ihdr);
    let crc32 = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    bomb.extend_from_slice(&crc32.checksum(&ihdr).to_be_bytes());
    // An IDAT with a few bytes of a zlib stream: the header is read in full.
    let idat = [&b"IDAT"[..], &[0x78, 0x9C, 0x63, 0x00, 0x00]].concat();
    bomb.extend_from_slice(&5u32.to_be_bytes());
    bomb.extend_from_slice(&idat);
    bomb.extend_from_slice(&crc32.checksum(&idat).to_be_bytes());
    let err = scan_file(&bomb).unwrap_err();
    assert!(matches!(err, ScanError::TooLarge { width: 60000, height: 60000, .. }), "{err:?}");
    assert!(err.to_string().contains("3600000000 pixels"), "{err}");

    // A JPEG whose frame header claims 65535 x 65535.
    let mut jpeg = vec![0xFF, 0xD8];
    jpeg.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8, 0xFF, 0xFF, 0xFF, 0xFF, 1, 1, 0x11, 0]);
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    let err = scan_file(&jpeg).unwrap_err();
    assert!(matches!(err, ScanError::TooLarge { .. } | ScanError::Corrupt { .. }), "{err:?}");

    // Every truncation of a valid PNG: an error (or, for the last bytes, the
    // image), never a panic.
    let payload = &qris_vectors()[0];
    let (code, s) = render(payload, 2);
    let file = gray_png(&code, s, s, None);
    for n in (0..file.len()).step_by(7) {
        if let Ok(found) = scan_file(&file[..n]) {
            assert!(found.iter().all(|f| f.text() == payload));
        }
    }
    // Flipped bytes.
    for i in (8..file.len()).step_by(13) {
        let mut bad = file.clone();
        bad[i] ^= 0x5A;
        let _ = scan_file(&bad);
    }
}

/// The fuzz target's seeds (files written by Pillow, an independent encoder:
/// PNG gray and RGBA, progressive JPEG, JPEG with EXIF orientation 6), read
/// without nightly; each starts with the target's mode byte.
#[test]
fn fuzz_seeds_and_regressions_replay() {
    let payload = &qris_vectors()[0];
    let dir = format!("{ROOT}/fuzz/seeds-scan");
    for name in ["code-gray.png", "code-rgba-rotated.png", "code-progressive.jpg", "code-exif6.jpg"] {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let found = scan_file(&bytes[1..]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(found.len(), 1, "{name}");
        assert_eq!(found[0].text(), payload, "{name}");
    }
    // Stored rotated (74 wide, 74 tall here, a square code): the EXIF tag is read.
    let exif = std::fs::read(format!("{dir}/code-exif6.jpg")).unwrap();
    let upright = decode_file(&exif[1..], MAX_PIXELS).unwrap();
    let plain = decode_file(&std::fs::read(format!("{dir}/code-gray.png")).unwrap()[1..], MAX_PIXELS).unwrap();
    // Rotated back upright, the JPEG's dark pixels sit where the PNG's are.
    let agree = upright.pixels().iter().zip(plain.pixels()).filter(|(a, b)| (**a < 128) == (**b < 128)).count();
    assert!(agree * 100 >= plain.pixels().len() * 97, "{agree} of {}", plain.pixels().len());
    if let Ok(entries) = std::fs::read_dir(format!("{ROOT}/fuzz/regressions/scan")) {
        for e in entries {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            if let Some((_, rest)) = bytes.split_first() {
                let _ = scan_file(rest);
            }
        }
    }
}
