//! Any bytes as an image file (PNG, JPEG) or as raw pixels of any layout and
//! stride: decoding and scanning must never panic (the QR reader's own panics
//! are caught and become errors, which this target counts as failures too when
//! built with panic=abort), every corner must lie near the image, and every
//! code found must be classified consistently with its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qris_scan::{decode_file, scan, scan_gray, ImageView, Kind, PixelFormat};

/// Smaller than the library's 40 MP so that one input stays fast.
const FUZZ_MAX_PIXELS: u64 = 2_000_000;

fn check(found: &[qris_scan::Found], w: u32, h: u32) {
    for f in found {
        for p in f.corners() {
            assert!(p.x.is_finite() && p.y.is_finite());
            assert!(p.x > -(w as f32) && p.x < 2.0 * w as f32 && p.y > -(h as f32) && p.y < 2.0 * h as f32);
        }
        match f.kind() {
            Kind::Qris | Kind::Emv => assert!(f.text().trim().starts_with("000201")),
            _ => assert!(f.report().is_none()),
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, rest)) = input.split_first() else { return };
    if mode < 128 {
        if let Ok(gray) = decode_file(rest, FUZZ_MAX_PIXELS) {
            let (w, h) = (gray.width(), gray.height());
            assert_eq!(gray.pixels().len(), w as usize * h as usize);
            if let Ok(found) = scan_gray(gray) {
                check(&found, w, h);
            }
        }
        return;
    }
    // Raw pixels: 2 bytes width, 2 bytes height, 1 byte stride padding, 1 byte format.
    let [w0, w1, h0, h1, pad, fmt, pixels @ ..] = rest else { return };
    let (w, h) = (u32::from(u16::from_le_bytes([*w0, *w1]) % 512), u32::from(u16::from_le_bytes([*h0, *h1]) % 512));
    let format = [PixelFormat::Gray8, PixelFormat::Rgb8, PixelFormat::Rgba8, PixelFormat::Bgr8, PixelFormat::Bgra8]
        [usize::from(*fmt) % 5];
    let stride = (w as usize * format.bytes_per_pixel()).saturating_add(usize::from(*pad % 16)).saturating_sub(usize::from(*pad >= 240));
    if let Ok(view) = ImageView::new(pixels, w, h, stride, format) {
        if let Ok(found) = scan(&view) {
            check(&found, w, h);
        }
    }
});
