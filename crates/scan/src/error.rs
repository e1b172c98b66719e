//! What can go wrong before any code is looked for.

use core::fmt;

/// Why an image could not be scanned. Not finding a code is not an error (the
/// scan returns no codes); these are about the input itself.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScanError {
    /// A width or height of 0.
    Empty,
    /// More pixels than the limit ([`MAX_PIXELS`](crate::MAX_PIXELS) by default),
    /// refused before anything is allocated: a decompression bomb, or a photo
    /// that should be downscaled first.
    TooLarge {
        /// The image's width.
        width: u64,
        /// The image's height.
        height: u64,
        /// The limit in pixels.
        limit: u64,
    },
    /// A row stride smaller than one row of pixels.
    Stride {
        /// The stride given, in bytes.
        stride: usize,
        /// The least it can be: width x bytes per pixel.
        min: usize,
    },
    /// A pixel buffer shorter than `stride x (height - 1) + row`.
    Buffer {
        /// The buffer's length.
        len: usize,
        /// The length the dimensions need.
        needed: usize,
    },
    /// Bytes that are neither a PNG nor a JPEG file.
    Format,
    /// A PNG or JPEG file that could not be decoded (truncated, corrupt).
    Corrupt {
        /// `"png"` or `"jpeg"`.
        format: &'static str,
        /// What the decoder said.
        detail: String,
    },
    /// The QR decoder failed in a way it should not (a bug in it, caught):
    /// the image is treated as unreadable rather than taking the process down.
    Decoder(String),
}

impl ScanError {
    /// A stable machine-readable code: `scan.empty`, `scan.too_large`,
    /// `scan.stride`, `scan.buffer`, `scan.format`, `scan.corrupt`, `scan.decoder`.
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::Empty => "scan.empty",
            ScanError::TooLarge { .. } => "scan.too_large",
            ScanError::Stride { .. } => "scan.stride",
            ScanError::Buffer { .. } => "scan.buffer",
            ScanError::Format => "scan.format",
            ScanError::Corrupt { .. } => "scan.corrupt",
            ScanError::Decoder(_) => "scan.decoder",
        }
    }
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::Empty => f.write_str("the image is empty (a width or height of 0)"),
            ScanError::TooLarge { width, height, limit } => write!(
                f,
                "the image is {width}x{height} = {} pixels, over the limit of {limit} (downscale it first)",
                width * height
            ),
            ScanError::Stride { stride, min } => {
                write!(f, "a row stride of {stride} bytes is shorter than one row ({min} bytes)")
            }
            ScanError::Buffer { len, needed } => {
                write!(f, "the pixel buffer has {len} bytes; the dimensions need {needed}")
            }
            ScanError::Format => f.write_str("not a PNG or JPEG file"),
            ScanError::Corrupt { format, detail } => write!(f, "the {format} file cannot be decoded: {detail}"),
            ScanError::Decoder(what) => write!(f, "the QR decoder failed: {what}"),
        }
    }
}

impl std::error::Error for ScanError {}
