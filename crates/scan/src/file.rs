//! Image files: PNG (the `png` crate) and JPEG (`zune-jpeg`), to grayscale,
//! with the EXIF orientation applied. The dimensions are checked against the
//! pixel limit from the header, before the pixels are allocated.

use crate::image::{check_dimensions, GrayImage, ImageView, PixelFormat};
use crate::ScanError;

/// A file format this crate decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileFormat {
    /// PNG (any bit depth and colour type; 16-bit is reduced to 8).
    Png,
    /// JPEG (baseline and progressive; grayscale, YCbCr, CMYK).
    Jpeg,
}

impl FileFormat {
    /// The format of `bytes`, from its signature.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileFormat::Jpeg)
        } else {
            None
        }
    }
}

/// Decodes a PNG or JPEG file to grayscale, upright (EXIF orientation applied),
/// refusing images over `max_pixels` before allocating them.
///
/// # Errors
/// [`ScanError::Format`] (neither PNG nor JPEG), [`ScanError::Corrupt`],
/// [`ScanError::TooLarge`], [`ScanError::Empty`].
pub fn decode_file(bytes: &[u8], max_pixels: u64) -> Result<GrayImage, ScanError> {
    let (image, orientation) = match FileFormat::sniff(bytes) {
        Some(FileFormat::Png) => decode_png(bytes, max_pixels)?,
        Some(FileFormat::Jpeg) => decode_jpeg(bytes, max_pixels)?,
        None => return Err(ScanError::Format),
    };
    Ok(orient(image, orientation))
}

fn corrupt(format: &'static str, detail: impl ToString) -> ScanError {
    ScanError::Corrupt { format, detail: detail.to_string() }
}

fn decode_png(bytes: &[u8], max_pixels: u64) -> Result<(GrayImage, u16), ScanError> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // The frame buffer is at most 4 bytes per pixel once 16-bit is stripped.
    let limit = usize::try_from(max_pixels.saturating_mul(4)).unwrap_or(usize::MAX).saturating_add(1 << 20);
    decoder.set_limits(png::Limits { bytes: limit });
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| match e {
        png::DecodingError::LimitsExceeded => corrupt("png", "its chunks need more memory than the pixel limit allows"),
        e => corrupt("png", e),
    })?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_dimensions(u64::from(width), u64::from(height), max_pixels)?;
    let orientation = reader.info().exif_metadata.as_deref().and_then(exif_orientation).unwrap_or(1);
    let size = reader.output_buffer_size().ok_or_else(|| corrupt("png", "image too large for this machine"))?;
    let mut buf = vec![0u8; size];
    let info = reader.next_frame(&mut buf).map_err(|e| corrupt("png", e))?;
    let format = match info.color_type {
        png::ColorType::Grayscale => PixelFormat::Gray8,
        png::ColorType::Rgb => PixelFormat::Rgb8,
        png::ColorType::Rgba => PixelFormat::Rgba8,
        png::ColorType::GrayscaleAlpha => {
            // Expand gray+alpha to gray over white, in place (2 bytes -> 1).
            let px = width as usize * height as usize;
            let rows = info.line_size;
            let mut out = Vec::with_capacity(px);
            for row in buf.chunks_exact(rows).take(height as usize) {
                out.extend(row[..width as usize * 2].chunks_exact(2).map(|p| {
                    let a = u32::from(p[1]);
                    ((u32::from(p[0]) * a + 255 * (255 - a) + 127) / 255) as u8
                }));
            }
            return Ok((GrayImage::from_parts(width, height, out), orientation));
        }
        png::ColorType::Indexed => return Err(corrupt("png", "palette not expanded")),
    };
    if info.bit_depth != png::BitDepth::Eight {
        return Err(corrupt("png", "unexpected bit depth after expansion"));
    }
    let view = ImageView::new(&buf, width, height, info.line_size, format)?;
    Ok((view.to_gray(), orientation))
}

fn decode_jpeg(bytes: &[u8], max_pixels: u64) -> Result<(GrayImage, u16), ScanError> {
    let options = zune_core::options::DecoderOptions::default()
        .jpeg_set_out_colorspace(zune_core::colorspace::ColorSpace::Luma)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX));
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(zune_core::bytestream::ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| corrupt("jpeg", format!("{e:?}")))?;
    let info = decoder.info().ok_or_else(|| corrupt("jpeg", "no frame header"))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_dimensions(u64::from(width), u64::from(height), max_pixels)?;
    let orientation = decoder.exif().and_then(|e| exif_orientation(e)).unwrap_or(1);
    let size = decoder.output_buffer_size().ok_or_else(|| corrupt("jpeg", "no frame header"))?;
    let px = width as usize * height as usize;
    let mut buf = vec![0u8; size];
    decoder.decode_into(&mut buf).map_err(|e| corrupt("jpeg", format!("{e:?}")))?;
    let channels = size / px.max(1);
    let format = match (channels, size % px.max(1)) {
        (1, 0) => PixelFormat::Gray8,
        (3, 0) => PixelFormat::Rgb8,
        (4, 0) => PixelFormat::Rgba8,
        _ => return Err(corrupt("jpeg", "unexpected output layout")),
    };
    if format == PixelFormat::Gray8 {
        return Ok((GrayImage::from_parts(width, height, buf), orientation));
    }
    Ok((ImageView::packed(&buf, width, height, format)?.to_gray(), orientation))
}

/// The orientation tag (0x0112) of EXIF data (a TIFF structure, with or
/// without the `Exif\0\0` prefix of the JPEG segment): 1..=8, or `None`.
pub(crate) fn exif_orientation(data: &[u8]) -> Option<u16> {
    let tiff = data.strip_prefix(b"Exif\0\0").unwrap_or(data);
    let big = match tiff.get(..4)? {
        b"II*\0" => false,
        b"MM\0*" => true,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if big { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if big { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    for i in 0..count.min(512) {
        let entry = ifd.checked_add(2 + 12 * i)?;
        if u16_at(entry)? == 0x0112 {
            // Type SHORT (3), count 1: the value sits in the first two bytes of
            // the value field.
            if u16_at(entry + 2)? != 3 {
                return None;
            }
            let v = u16_at(entry + 8)?;
            return (1..=8).contains(&v).then_some(v);
        }
    }
    None
}

/// Turns an image stored with EXIF orientation `o` upright.
pub(crate) fn orient(image: GrayImage, o: u16) -> GrayImage {
    if !(2..=8).contains(&o) {
        return image;
    }
    let (w, h) = (image.width() as usize, image.height() as usize);
    let src = image.pixels();
    let swap = o >= 5;
    let (ow, oh) = if swap { (h, w) } else { (w, h) };
    let mut out = Vec::with_capacity(w * h);
    for y in 0..oh {
        for x in 0..ow {
            let (sx, sy) = match o {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                _ => (w - 1 - y, x), // 8
            };
            out.push(src[sy * w + sx]);
        }
    }
    GrayImage::from_parts(ow as u32, oh as u32, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiff(big: bool, orientation: u16) -> Vec<u8> {
        let mut t = Vec::new();
        type Writers = (fn(u16) -> [u8; 2], fn(u32) -> [u8; 4]);
        let (w16, w32): Writers =
            if big { (u16::to_be_bytes, u32::to_be_bytes) } else { (u16::to_le_bytes, u32::to_le_bytes) };
        t.extend_from_slice(if big { b"MM\0*" } else { b"II*\0" });
        t.extend_from_slice(&w32(8));
        t.extend_from_slice(&w16(2));
        // 0x010F Make (ASCII), then Orientation.
        t.extend_from_slice(&w16(0x010F));
        t.extend_from_slice(&w16(2));
        t.extend_from_slice(&w32(4));
        t.extend_from_slice(b"abc\0");
        t.extend_from_slice(&w16(0x0112));
        t.extend_from_slice(&w16(3));
        t.extend_from_slice(&w32(1));
        t.extend_from_slice(&w16(orientation));
        t.extend_from_slice(&[0, 0]);
        t.extend_from_slice(&w32(0));
        t
    }

    #[test]
    fn exif_orientation_both_byte_orders() {
        for o in 1..=8 {
            assert_eq!(exif_orientation(&tiff(false, o)), Some(o));
            assert_eq!(exif_orientation(&tiff(true, o)), Some(o));
            let mut with_prefix = b"Exif\0\0".to_vec();
            with_prefix.extend(tiff(true, o));
            assert_eq!(exif_orientation(&with_prefix), Some(o));
        }
        assert_eq!(exif_orientation(&tiff(false, 9)), None);
        assert_eq!(exif_orientation(b"II*\0\xff\xff\xff\xff"), None);
        for n in 0..tiff(false, 6).len() {
            let _ = exif_orientation(&tiff(false, 6)[..n]);
        }
    }

    #[test]
    fn orientations_match_their_definitions() {
        // A 3x2 image     a b c
        //                 d e f
        let img = GrayImage::from_parts(3, 2, b"abcdef".to_vec());
        let cases: [(u16, u32, &[u8]); 8] = [
            (1, 3, b"abcdef"),
            (2, 3, b"cbafed"), // mirrored left-right
            (3, 3, b"fedcba"), // rotated 180
            (4, 3, b"defabc"), // mirrored top-bottom
            (5, 2, b"adbecf"), // transposed
            (6, 2, b"daebfc"), // rotated 90 clockwise
            (7, 2, b"fcebda"), // transverse
            (8, 2, b"cfbead"), // rotated 90 counter-clockwise
        ];
        for (o, w, want) in cases {
            let got = orient(img.clone(), o);
            assert_eq!((got.width(), got.pixels()), (w, want), "orientation {o}");
        }
    }
}
