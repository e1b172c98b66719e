//! What the image needs before binarization, chosen from cheap statistics
//! rather than by trying every variant (a picture without a code would pay for
//! all of them): a contrast stretch for flat images, smoothing for noisy ones,
//! and resizing for tiny or huge ones.

/// Statistics from a sample of the pixels (every 4th row, every 4th column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stats {
    /// 1st and 99th percentile grey levels.
    pub lo: u8,
    pub hi: u8,
    /// The median absolute horizontal second difference `|2p - left - right|`:
    /// ~0 on clean images (flat areas dominate), ~1.65 sigma under Gaussian
    /// noise of standard deviation sigma.
    pub noise: u8,
}

/// Grey-level spread (hi - lo) below which the image is stretched first.
pub(crate) const FLAT_SPREAD: u8 = 128;
/// Noise level from which the image is smoothed first (sigma ~7).
pub(crate) const NOISY: u8 = 12;

pub(crate) fn stats(px: &[u8], w: usize, h: usize) -> Stats {
    let mut levels = [0u32; 256];
    let mut diffs = [0u32; 256];
    let mut n = 0u32;
    for y in (0..h).step_by(4) {
        let row = &px[y * w..][..w];
        for x in (1..w.saturating_sub(1)).step_by(4) {
            let (l, p, r) = (i32::from(row[x - 1]), i32::from(row[x]), i32::from(row[x + 1]));
            levels[row[x] as usize] += 1;
            diffs[(2 * p - l - r).unsigned_abs().min(255) as usize] += 1;
            n += 1;
        }
    }
    if n == 0 {
        return Stats { lo: 0, hi: 255, noise: 0 };
    }
    let pct = |hist: &[u32; 256], p: u32| -> u8 {
        let target = (u64::from(n) * u64::from(p)).div_ceil(100);
        let mut acc = 0u64;
        for (v, c) in hist.iter().enumerate() {
            acc += u64::from(*c);
            if acc >= target {
                return v as u8;
            }
        }
        255
    };
    Stats { lo: pct(&levels, 1), hi: pct(&levels, 99), noise: pct(&diffs, 50) }
}

/// Maps `lo..=hi` to `0..=255` in place.
pub(crate) fn stretch(px: &mut [u8], lo: u8, hi: u8) {
    if hi <= lo {
        return;
    }
    let (lo, span) = (u32::from(lo), u32::from(hi - lo));
    let mut lut = [0u8; 256];
    for (v, out) in lut.iter_mut().enumerate() {
        *out = ((v as u32).clamp(lo, lo + span) - lo).saturating_mul(255).div_euclid(span).min(255) as u8;
    }
    for p in px {
        *p = lut[*p as usize];
    }
}

/// Separable binomial smoothing `[1 4 6 4 1] / 16` in both directions (a
/// Gaussian of sigma 1): enough to let a binarizer see modules through heavy
/// sensor noise, without merging 2-pixel modules.
pub(crate) fn smooth(px: &[u8], w: usize, h: usize) -> Vec<u8> {
    if w < 5 || h < 5 {
        return px.to_vec();
    }
    // Horizontal pass into u16 (x16), edges clamped.
    let mut tmp = vec![0u16; w * h];
    for (src, dst) in px.chunks_exact(w).zip(tmp.chunks_exact_mut(w)) {
        let at = |x: isize| u16::from(src[x.clamp(0, w as isize - 1) as usize]);
        for x in 0..2 {
            let x = x as isize;
            dst[x as usize] = at(x - 2) + 4 * at(x - 1) + 6 * at(x) + 4 * at(x + 1) + at(x + 2);
        }
        for x in 2..w - 2 {
            dst[x] = u16::from(src[x - 2])
                + 4 * u16::from(src[x - 1])
                + 6 * u16::from(src[x])
                + 4 * u16::from(src[x + 1])
                + u16::from(src[x + 2]);
        }
        for x in w - 2..w {
            let x = x as isize;
            dst[x as usize] = at(x - 2) + 4 * at(x - 1) + 6 * at(x) + 4 * at(x + 1) + at(x + 2);
        }
    }
    // Vertical pass: rows y-2..y+2 (clamped), /256 with rounding.
    let mut out = vec![0u8; w * h];
    let row = |y: isize| &tmp[(y.clamp(0, h as isize - 1) as usize) * w..][..w];
    for (y, dst) in out.chunks_exact_mut(w).enumerate() {
        let y = y as isize;
        let (a, b, c, d, e) = (row(y - 2), row(y - 1), row(y), row(y + 1), row(y + 2));
        for x in 0..w {
            let s = u32::from(a[x]) + 4 * u32::from(b[x]) + 6 * u32::from(c[x]) + 4 * u32::from(d[x]) + u32::from(e[x]);
            dst[x] = ((s + 128) >> 8) as u8;
        }
    }
    out
}

/// Halves both dimensions (2x2 averages).
pub(crate) fn half(px: &[u8], w: usize, h: usize) -> (Vec<u8>, usize, usize) {
    let (ow, oh) = (w / 2, h / 2);
    let mut out = Vec::with_capacity(ow * oh);
    for y in 0..oh {
        let (a, b) = (&px[2 * y * w..][..w], &px[(2 * y + 1) * w..][..w]);
        out.extend((0..ow).map(|x| {
            ((u16::from(a[2 * x]) + u16::from(a[2 * x + 1]) + u16::from(b[2 * x]) + u16::from(b[2 * x + 1]) + 2) >> 2)
                as u8
        }));
    }
    (out, ow, oh)
}

/// Enlarges by an integer factor `k` (nearest neighbour) and surrounds the
/// result with `pad` pixels of white: tiny images (a code at 1 pixel per
/// module, cropped to its edge) get modules a detector can measure and the
/// quiet zone it needs.
pub(crate) fn enlarge(px: &[u8], w: usize, h: usize, k: usize, pad: usize) -> (Vec<u8>, usize, usize) {
    let (ow, oh) = (w * k + 2 * pad, h * k + 2 * pad);
    let mut out = vec![255u8; ow * oh];
    for y in 0..h {
        let src = &px[y * w..][..w];
        for dy in 0..k {
            let dst = &mut out[(pad + y * k + dy) * ow + pad..][..w * k];
            for (x, v) in src.iter().enumerate() {
                dst[x * k..][..k].fill(*v);
            }
        }
    }
    (out, ow, oh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_see_spread_and_noise() {
        let (w, h) = (64, 64);
        let flat: Vec<u8> = (0..w * h).map(|i| if (i / 8) % 2 == 0 { 100 } else { 150 }).collect();
        let s = stats(&flat, w, h);
        assert_eq!((s.lo, s.hi, s.noise), (100, 150, 0));
        // Deterministic pseudo-noise of amplitude +-30 around mid-grey.
        let mut x = 12345u32;
        let noisy: Vec<u8> = (0..w * h)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (98 + (x >> 16) % 60) as u8
            })
            .collect();
        assert!(stats(&noisy, w, h).noise >= NOISY);
    }

    #[test]
    fn stretch_maps_the_range() {
        let mut px = vec![90, 100, 125, 150, 160];
        stretch(&mut px, 100, 150);
        assert_eq!(px, vec![0, 0, 127, 255, 255]);
    }

    #[test]
    fn smooth_keeps_flat_and_averages_edges() {
        let (w, h) = (8, 6);
        let px = vec![200u8; w * h];
        assert_eq!(smooth(&px, w, h), px);
        let step: Vec<u8> = (0..w * h).map(|i| if i % w < 4 { 0 } else { 160 }).collect();
        let s = smooth(&step, w, h);
        // Column 3 sees [0 0 0 160 160] weighted 1 4 6 4 1 -> 160*5/16 = 50.
        assert_eq!(s[3], 50);
        assert_eq!(s[4], 110);
    }

    #[test]
    fn half_and_enlarge() {
        let px = vec![0, 100, 50, 50, 20, 60, 50, 50];
        assert_eq!(half(&px, 4, 2), (vec![45, 50], 2, 1));
        let (big, w, h) = enlarge(&[1, 2], 2, 1, 2, 1);
        assert_eq!((w, h), (6, 4));
        assert_eq!(
            big,
            vec![
                255, 255, 255, 255, 255, 255, 255, 1, 1, 2, 2, 255, 255, 1, 1, 2, 2, 255, 255, 255, 255, 255, 255, 255
            ]
        );
    }
}
