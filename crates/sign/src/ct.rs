//! Constant-time comparison of secrets-derived values (MACs, digests).

use subtle::ConstantTimeEq;

/// Whether `a == b`, in time that depends only on the lengths: every word is
/// compared, the differences are OR-ed together, and only the total is tested.
pub(crate) fn equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u64;
    let (a_words, a_tail) = a.split_at(a.len() - a.len() % 8);
    let (b_words, b_tail) = b.split_at(b.len() - b.len() % 8);
    for (x, y) in a_words.chunks_exact(8).zip(b_words.chunks_exact(8)) {
        let x = u64::from_le_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]);
        let y = u64::from_le_bytes([y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]]);
        diff |= x ^ y;
    }
    for (x, y) in a_tail.iter().zip(b_tail) {
        diff |= u64::from(x ^ y);
    }
    bool::from(diff.ct_eq(&0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn every_byte_counts() {
        for len in [0usize, 1, 7, 8, 9, 64, 65] {
            let a: Vec<u8> = (0..len as u8).collect();
            assert!(equal(&a, &a));
            for i in 0..len {
                let mut b = a.clone();
                b[i] ^= 0x80;
                assert!(!equal(&a, &b), "len {len} byte {i}");
            }
            assert!(!equal(&a, &[a.as_slice(), &[0]].concat()));
        }
    }
}
