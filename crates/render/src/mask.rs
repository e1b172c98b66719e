//! Fast mask selection for symbols up to 64 modules wide (version 11, which
//! covers QRIS payloads): the symbol is encoded once with mask 0, and the eight
//! masked candidates are derived and scored with bitwise forms of the ISO/IEC
//! 18004 penalty rules on `u64` rows, instead of drawing and scoring eight
//! symbols module by module.

use qrcodegen::{QrCode, QrCodeEcc};

/// Penalty weights of ISO/IEC 18004 (rules 1 to 4).
const N1: u32 = 3;
const N2: u32 = 3;
const N3: u32 = 40;
const N4: u32 = 10;

/// A square bit matrix of at most 64 x 64: row `y`, bit `x` (bit 0 is x = 0).
#[derive(Clone, Copy)]
pub(crate) struct Bits {
    pub size: usize,
    pub rows: [u64; 64],
}

impl Bits {
    #[cfg(test)]
    fn get(&self, x: usize, y: usize) -> bool {
        self.rows[y] >> x & 1 == 1
    }

    fn set(&mut self, x: usize, y: usize, dark: bool) {
        if dark {
            self.rows[y] |= 1 << x;
        } else {
            self.rows[y] &= !(1 << x);
        }
    }

    fn full(&self) -> u64 {
        if self.size == 64 {
            u64::MAX
        } else {
            (1u64 << self.size) - 1
        }
    }

    /// The transpose (columns as rows): the 64 x 64 block-swap transpose, six
    /// rounds of masked swaps between rows `k` and `k + j` for j = 32, 16 ... 1.
    fn transposed(&self) -> Bits {
        let mut a = self.rows;
        let mut j = 32;
        let mut m: u64 = 0x0000_0000_FFFF_FFFF;
        while j != 0 {
            let mut k = 0;
            while k < 64 {
                if k & j == 0 {
                    let t = ((a[k] >> j) ^ a[k + j]) & m;
                    a[k] ^= t << j;
                    a[k + j] ^= t;
                }
                k += 1;
            }
            j >>= 1;
            m ^= m << j;
        }
        Bits { size: self.size, rows: a }
    }
}

/// Whether mask `k` inverts module (x, y) (ISO/IEC 18004 table 10).
pub(crate) const fn mask_bit(k: u8, x: usize, y: usize) -> bool {
    match k {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (x / 3 + y / 2) % 2 == 0,
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3) % 2 == 0,
        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
    }
}

/// Every mask's row patterns for 64 columns; all eight masks repeat every 12
/// rows (6 for the `x * y` ones, 4 for mask 4). Built at compile time.
const MASK_ROWS: [[u64; 12]; 8] = {
    let mut t = [[0u64; 12]; 8];
    let mut k = 0;
    while k < 8 {
        let mut y = 0;
        while y < 12 {
            let mut x = 0;
            while x < 64 {
                if mask_bit(k as u8, x, y) {
                    t[k][y] |= 1 << x;
                }
                x += 1;
            }
            y += 1;
        }
        k += 1;
    }
    t
};

/// Centre coordinates of the alignment patterns of a version (ISO/IEC 18004 annex E).
fn alignment_positions(version: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let size = version * 4 + 17;
    let count = version / 7 + 2;
    let step = if version == 32 { 26 } else { (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2 };
    let mut pos: Vec<usize> = (0..count - 1).map(|i| size - 7 - i * step).collect();
    pos.push(6);
    pos.reverse();
    pos
}

/// The function modules (finders with separators, timing, alignment, format and
/// version areas, the dark module): everything a mask must not touch.
fn function_map(version: usize) -> Bits {
    let size = version * 4 + 17;
    let mut f = Bits { size, rows: [0; 64] };
    let mut mark = |x0: usize, y0: usize, w: usize, h: usize| {
        for y in y0..(y0 + h).min(size) {
            for x in x0..(x0 + w).min(size) {
                f.rows[y] |= 1 << x;
            }
        }
    };
    // Finder patterns with their separators.
    mark(0, 0, 9, 9);
    mark(size - 8, 0, 8, 9);
    mark(0, size - 8, 9, 8);
    // Timing patterns.
    mark(6, 0, 1, size);
    mark(0, 6, size, 1);
    // Alignment patterns, except where they would overlap the finders.
    let pos = alignment_positions(version);
    let last = pos.len().saturating_sub(1);
    for (i, &cy) in pos.iter().enumerate() {
        for (j, &cx) in pos.iter().enumerate() {
            // The three corners taken by finder patterns.
            let finder_corner = (i == 0 || i == last) && (j == 0 || j == last) && !(i == last && j == last);
            if finder_corner {
                continue;
            }
            mark(cx - 2, cy - 2, 5, 5);
        }
    }
    // Version information (version 7 and up).
    if version >= 7 {
        mark(size - 11, 0, 3, 6);
        mark(0, size - 11, 6, 3);
    }
    f
}

/// The 15 format bits for an error-correction level and mask (BCH(15,5), XOR 0x5412).
fn format_bits(ecl: QrCodeEcc, mask: u8) -> u32 {
    let level = match ecl {
        QrCodeEcc::Low => 1,
        QrCodeEcc::Medium => 0,
        QrCodeEcc::Quartile => 3,
        QrCodeEcc::High => 2,
    };
    let data = (level << 3) | u32::from(mask);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    ((data << 10) | rem) ^ 0x5412
}

/// Writes the format bits (both copies) and the dark module.
fn draw_format(m: &mut Bits, bits: u32) {
    let size = m.size;
    let bit = |i: u32| bits >> i & 1 == 1;
    for i in 0..6 {
        m.set(8, i, bit(i as u32));
    }
    m.set(8, 7, bit(6));
    m.set(8, 8, bit(7));
    m.set(7, 8, bit(8));
    for i in 9..15 {
        m.set(14 - i, 8, bit(i as u32));
    }
    for i in 0..8 {
        m.set(size - 1 - i, 8, bit(i as u32));
    }
    for i in 8..15 {
        m.set(8, size - 15 + i, bit(i as u32));
    }
    m.set(8, size - 8, true);
}

/// Rule 1 (N1 + (run - 5) for every run of 5 or more) and rule 3 (N3 for every
/// 1011101 with four light modules before or after; outside the symbol is
/// light), on the rows of `m`.
fn runs_and_finders(m: &Bits) -> u32 {
    let size = m.size;
    let full = m.full();
    let mut score = 0;
    for &row in &m.rows[..size] {
        // eq bit p: module p equals module p + 1.
        let eq = !(row ^ (row >> 1)) & (full >> 1);
        let w5 = eq & (eq >> 1) & (eq >> 2) & (eq >> 3);
        let starts = w5 & !(eq << 1);
        // A run of length L >= 5 has L - 4 windows: penalty 3 + (L - 5) = windows + 2 per run.
        score += w5.count_ones() + (N1 - 1) * starts.count_ones();
        // Finder-like 1011101: with the light border, use a 128-bit row padded by 4 light modules.
        let light = !row & full;
        let wide_light = (u128::from(light) << 4) | 0xF | (u128::MAX << (size + 4));
        let dark = u128::from(row) << 4;
        let pattern =
            dark & (dark >> 2) & (dark >> 3) & (dark >> 4) & (dark >> 6) & (wide_light >> 1) & (wide_light >> 5);
        // Four light modules after (p + 7 .. p + 10) or before (p - 4 .. p - 1).
        let after = wide_light >> 7 & wide_light >> 8 & wide_light >> 9 & wide_light >> 10;
        let before = wide_light << 1 & wide_light << 2 & wide_light << 3 & wide_light << 4;
        let valid = ((1u128 << size) - 1) << 4;
        score += N3 * ((pattern & after & valid).count_ones() + (pattern & before & valid).count_ones());
    }
    score
}

/// The penalty of a candidate symbol (rules 1 to 4).
fn penalty(m: &Bits) -> u32 {
    let size = m.size;
    let mut score = runs_and_finders(m) + runs_and_finders(&m.transposed());
    // Rule 2: 2x2 blocks of one color.
    let inner = m.full() >> 1;
    for y in 0..size - 1 {
        let (a, b) = (m.rows[y], m.rows[y + 1]);
        let same = !(a ^ b);
        let h = !(a ^ (a >> 1));
        score += N2 * (same & (same >> 1) & h & inner).count_ones();
    }
    // Rule 4: dark proportion, 10 points per 5% away from half.
    let dark: u32 = m.rows[..size].iter().map(|r| r.count_ones()).sum();
    let total = (size * size) as u32;
    // QR sizes are odd, so the difference is never 0; saturate all the same.
    let k = (dark * 20).abs_diff(total * 10).div_ceil(total).saturating_sub(1);
    score + k * N4
}

/// The symbol with the lowest-penalty mask, as a row-major list of dark modules;
/// `None` when the symbol is wider than 64 modules (the caller then lets the
/// encoder choose).
pub(crate) fn best_masked(base: &QrCode) -> Option<(usize, Vec<bool>)> {
    let size = base.size() as usize;
    if size > 64 || base.mask().value() != 0 {
        return None;
    }
    let version = usize::from(base.version().value());
    let function = function_map(version);
    let mut m0 = Bits { size, rows: [0; 64] };
    for y in 0..size {
        for x in 0..size {
            if base.get_module(x as i32, y as i32) {
                m0.rows[y] |= 1 << x;
            }
        }
    }
    let mut best: Option<(u32, Bits)> = None;
    for k in 0..8u8 {
        let mut c = m0;
        for y in 0..size {
            let flip = MASK_ROWS[0][y % 12] ^ MASK_ROWS[usize::from(k)][y % 12];
            c.rows[y] ^= flip & !function.rows[y];
        }
        draw_format(&mut c, format_bits(base.error_correction_level(), k));
        let p = penalty(&c);
        if best.as_ref().is_none_or(|(bp, _)| p < *bp) {
            best = Some((p, c));
        }
    }
    let (_, c) = best?;
    let mut dark = Vec::with_capacity(size * size);
    for &row in &c.rows[..size] {
        dark.extend((0..size).map(|x| row >> x & 1 == 1));
    }
    Some((size, dark))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The penalty rules written plainly, module by module: the reference the
    /// bitwise scorer must agree with.
    pub(crate) fn naive_penalty(size: usize, dark: impl Fn(usize, usize) -> bool) -> u32 {
        let mut score = 0;
        for transpose in [false, true] {
            let get = |a: usize, b: usize| if transpose { dark(b, a) } else { dark(a, b) };
            for line in 0..size {
                // Rule 1.
                let mut run = 1;
                for i in 1..=size {
                    if i < size && get(i, line) == get(i - 1, line) {
                        run += 1;
                    } else {
                        if run >= 5 {
                            score += N1 + (run - 5);
                        }
                        run = 1;
                    }
                }
                // Rule 3: outside the symbol is light.
                let at = |i: isize| i >= 0 && (i as usize) < size && get(i as usize, line);
                for p in -4..size as isize {
                    let core = [true, false, true, true, true, false, true]
                        .iter()
                        .enumerate()
                        .all(|(k, &d)| at(p + k as isize) == d);
                    if !core {
                        continue;
                    }
                    if (7..11).all(|k| !at(p + k)) {
                        score += N3;
                    }
                    if (1..5).all(|k| !at(p - k)) {
                        score += N3;
                    }
                }
            }
        }
        for y in 0..size - 1 {
            for x in 0..size - 1 {
                let c = dark(x, y);
                if dark(x + 1, y) == c && dark(x, y + 1) == c && dark(x + 1, y + 1) == c {
                    score += N2;
                }
            }
        }
        let dark_count = (0..size * size).filter(|&i| dark(i % size, i / size)).count() as u32;
        let total = (size * size) as u32;
        score + ((dark_count * 20).abs_diff(total * 10).div_ceil(total).saturating_sub(1)) * N4
    }

    #[test]
    fn transpose_is_a_transpose() {
        let mut b = Bits { size: 64, rows: [0; 64] };
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for r in b.rows.iter_mut() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            *r = seed;
        }
        let t = b.transposed();
        for y in 0..64 {
            for x in 0..64 {
                assert_eq!(t.get(x, y), b.get(y, x));
            }
        }
    }

    #[test]
    fn mask_rows_repeat_every_12_rows() {
        for k in 0..8u8 {
            for y in 0..60 {
                for x in 0..64 {
                    assert_eq!(
                        MASK_ROWS[usize::from(k)][y % 12] >> x & 1 == 1,
                        mask_bit(k, x, y),
                        "mask {k} ({x},{y})"
                    );
                }
            }
        }
    }

    #[test]
    fn function_map_matches_the_encoder_for_every_small_version() {
        // Where qrcodegen's symbols for the same data differ between two masks,
        // the modules must be data modules (or format bits, which we rewrite).
        for version in 1..=11u8 {
            let v = qrcodegen::Version::new(version);
            let segs = qrcodegen::QrSegment::make_segments("0002010102115802ID");
            let a =
                QrCode::encode_segments_advanced(&segs, QrCodeEcc::Medium, v, v, Some(qrcodegen::Mask::new(0)), false)
                    .unwrap();
            let b =
                QrCode::encode_segments_advanced(&segs, QrCodeEcc::Medium, v, v, Some(qrcodegen::Mask::new(1)), false)
                    .unwrap();
            let f = function_map(usize::from(version));
            let size = a.size() as usize;
            for y in 0..size {
                for x in 0..size {
                    let differs = a.get_module(x as i32, y as i32) != b.get_module(x as i32, y as i32);
                    let format_area = (x == 8 && (y <= 8 || y >= size - 8)) || (y == 8 && (x <= 8 || x >= size - 8));
                    if differs && !format_area {
                        assert!(!f.get(x, y), "v{version}: ({x},{y}) is masked but mapped as a function module");
                    }
                    if !differs && !f.get(x, y) {
                        // Not a function module: masks 0 and 1 must agree only where both leave it alone.
                        assert_eq!(mask_bit(0, x, y), mask_bit(1, x, y), "v{version}: ({x},{y}) should be masked");
                    }
                }
            }
        }
    }

    #[test]
    fn every_fixed_mask_candidate_equals_the_encoder_with_that_mask() {
        let segs = qrcodegen::QrSegment::make_segments("00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1");
        let base = QrCode::encode_segments_advanced(
            &segs,
            QrCodeEcc::Medium,
            qrcodegen::Version::MIN,
            qrcodegen::Version::MAX,
            Some(qrcodegen::Mask::new(0)),
            true,
        )
        .unwrap();
        let size = base.size() as usize;
        let function = function_map(usize::from(base.version().value()));
        for k in 0..8u8 {
            let reference = QrCode::encode_segments_advanced(
                &segs,
                QrCodeEcc::Medium,
                qrcodegen::Version::MIN,
                qrcodegen::Version::MAX,
                Some(qrcodegen::Mask::new(k)),
                true,
            )
            .unwrap();
            let mut c = Bits { size, rows: [0; 64] };
            for y in 0..size {
                for x in 0..size {
                    let mut d = base.get_module(x as i32, y as i32);
                    if !function.get(x, y) && mask_bit(0, x, y) != mask_bit(k, x, y) {
                        d = !d;
                    }
                    c.set(x, y, d);
                }
            }
            draw_format(&mut c, format_bits(base.error_correction_level(), k));
            for y in 0..size {
                for x in 0..size {
                    assert_eq!(c.get(x, y), reference.get_module(x as i32, y as i32), "mask {k} ({x},{y})");
                }
            }
            // And the bitwise penalty equals the plain one.
            assert_eq!(penalty(&c), naive_penalty(size, |x, y| c.get(x, y)), "mask {k}");
        }
    }
}
