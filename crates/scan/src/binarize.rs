//! Local-threshold binarization, handed to rxing's QR reader as a finished bit
//! matrix.
//!
//! The method is the one ZXing's readers are tuned for (8x8 blocks, each
//! block's threshold the mean of the 5x5 blocks around it, low-contrast blocks
//! taking their neighbours' level), written here over packed rows and whole
//! machine words: rxing's own binarizer sets one bit at a time through bounds
//! checks and was most of its decode time (benches/scan/README.md).

use rxing::common::{BitArray, BitMatrix, Result as RxResult};
use rxing::{Binarizer, Luma8LuminanceSource, LuminanceSource};
use std::borrow::Cow;

const BLOCK: usize = 8;
/// A block whose grey levels span less than this is "flat" (all paper or all ink).
const MIN_RANGE: u8 = 24;
const WORD: usize = usize::BITS as usize;

/// Images smaller than this on a side are enlarged before scanning (the 5x5
/// block neighbourhood needs 40 pixels).
pub(crate) const MIN_SIDE: usize = 5 * BLOCK;

/// The bit matrix of a `w x h` grey image (`w, h >= MIN_SIDE`): set = dark.
pub(crate) fn binarize(px: &[u8], w: usize, h: usize) -> RxResult<BitMatrix> {
    let (bw, bh) = (w.div_ceil(BLOCK), h.div_ceil(BLOCK));
    // 1. Each block's black point. A block past the right or bottom edge is
    //    shifted back to end at the edge (it overlaps its neighbour).
    let mut points = vec![0u32; bw * bh];
    // Column-wise sums, minima and maxima over the block row's 8 rows (these
    // vectorize), then each block reduces its 8 columns.
    let (mut sum, mut lo, mut hi) = (vec![0u16; w], vec![0u8; w], vec![0u8; w]);
    for by in 0..bh {
        let y0 = (by * BLOCK).min(h - BLOCK);
        let first = &px[y0 * w..][..w];
        for x in 0..w {
            sum[x] = u16::from(first[x]);
        }
        lo.copy_from_slice(first);
        hi.copy_from_slice(first);
        for row in px[(y0 + 1) * w..].chunks_exact(w).take(BLOCK - 1) {
            for (((s, l), u), &p) in sum.iter_mut().zip(lo.iter_mut()).zip(hi.iter_mut()).zip(row) {
                *s += u16::from(p);
                *l = (*l).min(p);
                *u = (*u).max(p);
            }
        }
        for bx in 0..bw {
            let x0 = (bx * BLOCK).min(w - BLOCK);
            let total: u32 = sum[x0..x0 + BLOCK].iter().map(|&s| u32::from(s)).sum();
            let min = lo[x0..x0 + BLOCK].iter().copied().min().unwrap_or(0);
            let max = hi[x0..x0 + BLOCK].iter().copied().max().unwrap_or(0);
            let mut point = total / (BLOCK * BLOCK) as u32;
            if max - min <= MIN_RANGE {
                // Flat: assume paper (half its level) unless the neighbours
                // already seen say the level here is ink.
                point = u32::from(min) / 2;
                if by > 0 && bx > 0 {
                    let up = points[(by - 1) * bw + bx];
                    let left = points[by * bw + bx - 1];
                    let diag = points[(by - 1) * bw + bx - 1];
                    let around = (up + 2 * left + diag) / 4;
                    if u32::from(min) < around {
                        point = around;
                    }
                }
            }
            points[by * bw + bx] = point;
        }
    }
    // 2. Each block's threshold: the mean black point of the 5x5 blocks
    //    around it (clamped inside the grid), from a summed-area table.
    let mut sat = vec![0u32; (bw + 1) * (bh + 1)];
    for by in 0..bh {
        let mut run = 0;
        for bx in 0..bw {
            run += points[by * bw + bx];
            sat[(by + 1) * (bw + 1) + bx + 1] = sat[by * (bw + 1) + bx + 1] + run;
        }
    }
    let mut thresholds = vec![0u8; bw * bh];
    for by in 0..bh {
        let cy = by.clamp(2, bh - 3);
        for bx in 0..bw {
            let cx = bx.clamp(2, bw - 3);
            let (x0, x1, y0, y1) = (cx - 2, cx + 3, cy - 2, cy + 3);
            let s =
                sat[y1 * (bw + 1) + x1] + sat[y0 * (bw + 1) + x0] - sat[y0 * (bw + 1) + x1] - sat[y1 * (bw + 1) + x0];
            thresholds[by * bw + bx] = (s / 25).min(255) as u8;
        }
    }
    // 3. Threshold every pixel (dark when <= its block's threshold), one
    //    machine word of bits at a time.
    let mut matrix = BitMatrix::new(w as u32, h as u32)?;
    let mut bits = BitArray::with_size(w);
    let mut bytes = vec![0u8; w.div_ceil(WORD) * (WORD / 8)];
    for y in 0..h {
        let row = &px[y * w..][..w];
        let t = &thresholds[(y / BLOCK).min(bh - 1) * bw..][..bw];
        // Whole blocks: 8 pixels against one threshold make one byte of bits.
        let full = w / BLOCK;
        for ((chunk, &t), out) in row.chunks_exact(BLOCK).zip(t).zip(bytes.iter_mut()).take(full) {
            let chunk: &[u8; BLOCK] = chunk.try_into().unwrap_or(&[0; BLOCK]);
            let mut m = 0u8;
            for (i, &p) in chunk.iter().enumerate() {
                m |= u8::from(p <= t) << i;
            }
            *out = m;
        }
        // The last partial block.
        if full < bw {
            let mut m = 0u8;
            for (i, &p) in row[full * BLOCK..].iter().enumerate() {
                m |= u8::from(p <= t[full]) << i;
            }
            bytes[full] = m;
        }
        for (i, word) in bytes.chunks_exact(WORD / 8).enumerate() {
            let mut le = [0u8; WORD / 8];
            le.copy_from_slice(word);
            bits.setBulk(i * WORD, usize::from_le_bytes(le));
        }
        matrix.setRow(y as u32, &bits);
    }
    Ok(matrix)
}

/// The binarizer handed to rxing: the matrix is computed before, once.
pub(crate) struct Prebinarized {
    source: Luma8LuminanceSource,
    matrix: BitMatrix,
}

impl Prebinarized {
    pub(crate) fn new(px: Vec<u8>, w: usize, h: usize) -> RxResult<Self> {
        let matrix = binarize(&px, w, h)?;
        Ok(Prebinarized { source: Luma8LuminanceSource::new(px, w as u32, h as u32), matrix })
    }
}

impl Binarizer for Prebinarized {
    type Source = Luma8LuminanceSource;

    fn get_luminance_source(&self) -> &Luma8LuminanceSource {
        &self.source
    }

    fn get_black_row(&self, y: usize) -> RxResult<Cow<'_, BitArray>> {
        Ok(Cow::Owned(self.matrix.getRow(y as u32)))
    }

    fn get_black_row_from_matrix(&self, y: usize) -> RxResult<Cow<'_, BitArray>> {
        self.get_black_row(y)
    }

    fn get_black_matrix(&self) -> RxResult<&BitMatrix> {
        Ok(&self.matrix)
    }

    fn get_black_line(&self, l: usize, lt: rxing::common::LineOrientation) -> RxResult<Cow<'_, BitArray>> {
        match lt {
            rxing::common::LineOrientation::Row => self.get_black_row(l),
            rxing::common::LineOrientation::Column => {
                let mut col = BitArray::with_size(self.matrix.getHeight() as usize);
                for y in 0..self.matrix.getHeight() {
                    if self.matrix.get(l as u32, y) {
                        col.set(y as usize);
                    }
                }
                Ok(Cow::Owned(col))
            }
        }
    }

    fn create_binarizer(&self, source: Luma8LuminanceSource) -> Self {
        let (w, h) = (source.get_width(), source.get_height());
        let px = source.get_matrix();
        let matrix = binarize(&px, w, h).unwrap_or_else(|_| self.matrix.clone());
        Prebinarized { source, matrix }
    }

    fn get_width(&self) -> usize {
        self.matrix.getWidth() as usize
    }

    fn get_height(&self) -> usize {
        self.matrix.getHeight() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_on_light_with_a_gradient() {
        // Dark squares on paper whose brightness falls from 240 to 120 across
        // the image: a global threshold would lose the right side.
        let (w, h) = (96, 48);
        let px: Vec<u8> = (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                let paper = 240 - (120 * x / w) as u8;
                if (x / 6) % 2 == 1 && (y / 6) % 2 == 1 {
                    paper / 4
                } else {
                    paper
                }
            })
            .collect();
        let m = binarize(&px, w, h).unwrap();
        for y in 0..h {
            for x in 0..w {
                let dark = (x / 6) % 2 == 1 && (y / 6) % 2 == 1;
                assert_eq!(m.get(x as u32, y as u32), dark, "({x}, {y})");
            }
        }
    }
}
