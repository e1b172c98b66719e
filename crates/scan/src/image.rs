//! Pixel buffers: the caller's (any of the usual layouts, any stride) and the
//! grayscale image the scanner works on.

use crate::ScanError;

/// The largest image scanned by default: 40 megapixels (e.g. 7744 x 5164). A
/// phone photo is 12-50 MP; a decompression bomb claims far more. Checked from
/// the dimensions alone, before any pixel is allocated.
pub const MAX_PIXELS: u64 = 40_000_000;

/// How the caller's pixels are laid out: 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PixelFormat {
    /// One byte per pixel, luminance.
    Gray8,
    /// Red, green, blue.
    Rgb8,
    /// Red, green, blue, alpha (a browser's `ImageData`, PNG screenshots).
    /// Transparent pixels are composited over white.
    Rgba8,
    /// Blue, green, red (Windows bitmaps, OpenCV).
    Bgr8,
    /// Blue, green, red, alpha (Windows, Android `ARGB_8888` read as bytes on
    /// little-endian machines).
    Bgra8,
}

impl PixelFormat {
    /// Bytes per pixel.
    pub const fn bytes_per_pixel(self) -> usize {
        match self {
            PixelFormat::Gray8 => 1,
            PixelFormat::Rgb8 | PixelFormat::Bgr8 => 3,
            PixelFormat::Rgba8 | PixelFormat::Bgra8 => 4,
        }
    }

    /// The format's name as the CLI and bindings spell it: `gray`, `rgb`,
    /// `rgba`, `bgr`, `bgra`.
    pub const fn name(self) -> &'static str {
        match self {
            PixelFormat::Gray8 => "gray",
            PixelFormat::Rgb8 => "rgb",
            PixelFormat::Rgba8 => "rgba",
            PixelFormat::Bgr8 => "bgr",
            PixelFormat::Bgra8 => "bgra",
        }
    }

    /// The format named `name` (see [`PixelFormat::name`]; `l`/`luma` and
    /// `rgbx`/`bgrx` accepted too).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "gray" | "grey" | "gray8" | "l" | "luma" => PixelFormat::Gray8,
            "rgb" | "rgb8" => PixelFormat::Rgb8,
            "rgba" | "rgba8" | "rgbx" => PixelFormat::Rgba8,
            "bgr" | "bgr8" => PixelFormat::Bgr8,
            "bgra" | "bgra8" | "bgrx" => PixelFormat::Bgra8,
            _ => return None,
        })
    }
}

/// A borrowed image: the caller's pixels, checked once when the view is made.
#[derive(Clone, Copy, Debug)]
pub struct ImageView<'a> {
    pixels: &'a [u8],
    width: u32,
    height: u32,
    stride: usize,
    format: PixelFormat,
}

impl<'a> ImageView<'a> {
    /// Checks the dimensions against the buffer: `stride` is the distance in
    /// bytes between the starts of two rows (at least `width x bytes per
    /// pixel`); the last row needs only its pixels, not a whole stride.
    ///
    /// # Errors
    /// [`ScanError::Empty`], [`ScanError::TooLarge`] (over [`MAX_PIXELS`]),
    /// [`ScanError::Stride`], [`ScanError::Buffer`].
    pub fn new(
        pixels: &'a [u8],
        width: u32,
        height: u32,
        stride: usize,
        format: PixelFormat,
    ) -> Result<Self, ScanError> {
        check_dimensions(u64::from(width), u64::from(height), MAX_PIXELS)?;
        let row = width as usize * format.bytes_per_pixel();
        if stride < row {
            return Err(ScanError::Stride { stride, min: row });
        }
        let needed = (height as usize - 1).checked_mul(stride).and_then(|n| n.checked_add(row)).unwrap_or(usize::MAX);
        if pixels.len() < needed {
            return Err(ScanError::Buffer { len: pixels.len(), needed });
        }
        Ok(ImageView { pixels, width, height, stride, format })
    }

    /// Tightly packed pixels (stride = width x bytes per pixel).
    ///
    /// # Errors
    /// As [`ImageView::new`].
    pub fn packed(pixels: &'a [u8], width: u32, height: u32, format: PixelFormat) -> Result<Self, ScanError> {
        Self::new(pixels, width, height, width as usize * format.bytes_per_pixel(), format)
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The pixel layout.
    pub fn format(&self) -> PixelFormat {
        self.format
    }

    /// The luminance image: one byte per pixel, packed rows. Rec. 601 weights
    /// (77, 150, 29)/256; alpha composited over white.
    pub fn to_gray(&self) -> GrayImage {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut out = Vec::with_capacity(w * h);
        for y in 0..h {
            let row = &self.pixels[y * self.stride..][..w * self.format.bytes_per_pixel()];
            match self.format {
                PixelFormat::Gray8 => out.extend_from_slice(row),
                PixelFormat::Rgb8 => out.extend(row.chunks_exact(3).map(|p| luma(p[0], p[1], p[2]))),
                PixelFormat::Bgr8 => out.extend(row.chunks_exact(3).map(|p| luma(p[2], p[1], p[0]))),
                PixelFormat::Rgba8 => out.extend(row.chunks_exact(4).map(|p| over_white(luma(p[0], p[1], p[2]), p[3]))),
                PixelFormat::Bgra8 => out.extend(row.chunks_exact(4).map(|p| over_white(luma(p[2], p[1], p[0]), p[3]))),
            }
        }
        GrayImage { width: self.width, height: self.height, pixels: out }
    }
}

#[inline]
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b) + 128) >> 8) as u8
}

#[inline]
fn over_white(v: u8, alpha: u8) -> u8 {
    let a = u32::from(alpha);
    ((u32::from(v) * a + 255 * (255 - a) + 127) / 255) as u8
}

pub(crate) fn check_dimensions(width: u64, height: u64, limit: u64) -> Result<(), ScanError> {
    if width == 0 || height == 0 {
        return Err(ScanError::Empty);
    }
    if width.saturating_mul(height) > limit {
        return Err(ScanError::TooLarge { width, height, limit });
    }
    Ok(())
}

/// An owned 8-bit grayscale image, rows packed: what a decoded file becomes.
#[derive(Clone, PartialEq, Eq)]
pub struct GrayImage {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl core::fmt::Debug for GrayImage {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GrayImage").field("width", &self.width).field("height", &self.height).finish_non_exhaustive()
    }
}

impl GrayImage {
    /// An image from packed luminance bytes.
    ///
    /// # Errors
    /// As [`ImageView::new`] (the buffer must hold exactly `width x height`
    /// bytes or more).
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Result<Self, ScanError> {
        ImageView::packed(&pixels, width, height, PixelFormat::Gray8)?;
        let mut pixels = pixels;
        pixels.truncate(width as usize * height as usize);
        Ok(GrayImage { width, height, pixels })
    }

    pub(crate) fn from_parts(width: u32, height: u32, pixels: Vec<u8>) -> Self {
        debug_assert_eq!(pixels.len(), width as usize * height as usize);
        GrayImage { width, height, pixels }
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The luminance bytes, row after row.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// The image as a view, to scan.
    pub fn view(&self) -> ImageView<'_> {
        ImageView {
            pixels: &self.pixels,
            width: self.width,
            height: self.height,
            stride: self.width as usize,
            format: PixelFormat::Gray8,
        }
    }

    pub(crate) fn into_pixels(self) -> Vec<u8> {
        self.pixels
    }
}
