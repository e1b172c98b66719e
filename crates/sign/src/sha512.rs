//! SHA-512 whose whole state is wiped when it is dropped.
//!
//! The Midtrans `signature_key` hashes the server key itself (`... + server_key`),
//! so the hash state (the chaining value and, above all, the block buffer
//! holding the key's last bytes) is secret. ring's digest context cannot be
//! wiped and is moved (copied) by value when finished; here the state and the
//! buffer are ours, updated in place, and zeroized on drop. The compression
//! function is the `sha2` crate's (SHA-NI/AVX2 where the CPU has them); only the
//! Merkle-Damgard padding is written here, and tested against ring.

use sha2::digest::generic_array::GenericArray;
use zeroize::Zeroize;

const BLOCK: usize = 128;
const INIT: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

/// A SHA-512 computation that leaves nothing behind.
pub(crate) struct WipingSha512 {
    state: [u64; 8],
    buf: [u8; BLOCK],
    filled: usize,
    total: u128,
}

impl WipingSha512 {
    pub(crate) fn new() -> Self {
        WipingSha512 { state: INIT, buf: [0; BLOCK], filled: 0, total: 0 }
    }

    fn compress(state: &mut [u64; 8], block: &[u8]) {
        sha2::compress512(state, core::slice::from_ref(GenericArray::from_slice(block)));
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.total += data.len() as u128;
        if self.filled > 0 {
            let take = (BLOCK - self.filled).min(data.len());
            self.buf[self.filled..self.filled + take].copy_from_slice(&data[..take]);
            self.filled += take;
            data = &data[take..];
            if self.filled < BLOCK {
                return;
            }
            Self::compress(&mut self.state, &self.buf);
            self.filled = 0;
        }
        let mut blocks = data.chunks_exact(BLOCK);
        for block in &mut blocks {
            Self::compress(&mut self.state, block);
        }
        let rest = blocks.remainder();
        self.buf[..rest.len()].copy_from_slice(rest);
        self.filled = rest.len();
    }

    /// The digest (not secret: it is what the sender sends). Taken by
    /// reference, so the state is never moved (copied) on the stack; it is
    /// wiped once, when the hasher is dropped.
    pub(crate) fn finish(&mut self) -> [u8; 64] {
        let bits = self.total.wrapping_mul(8);
        self.buf[self.filled] = 0x80;
        self.buf[self.filled + 1..].fill(0);
        if self.filled + 1 > BLOCK - 16 {
            Self::compress(&mut self.state, &self.buf);
            self.buf.fill(0);
        }
        self.buf[BLOCK - 16..].copy_from_slice(&bits.to_be_bytes());
        Self::compress(&mut self.state, &self.buf);
        let mut out = [0u8; 64];
        for (o, w) in out.chunks_exact_mut(8).zip(&self.state) {
            o.copy_from_slice(&w.to_be_bytes());
        }
        out
    }
}

impl Drop for WipingSha512 {
    fn drop(&mut self) {
        self.state.zeroize();
        self.buf.zeroize();
        self.filled = 0;
        self.total = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use sha2::Digest as _;

    /// Against the `sha2` crate's full SHA-512 (independent of the provider).
    #[test]
    fn agrees_with_sha2_at_every_length_and_split() {
        let data: Vec<u8> = (0..700u32).map(|i| (i.wrapping_mul(131) ^ (i >> 3)) as u8).collect();
        for len in 0..data.len() {
            let want = sha2::Sha512::digest(&data[..len]);
            for split in [0, 1, len / 3, len / 2, len.saturating_sub(1), len] {
                let split = split.min(len);
                let mut h = WipingSha512::new();
                h.update(&data[..split]);
                h.update(&data[split..len]);
                assert_eq!(&h.finish()[..], &want[..], "len {len} split {split}");
            }
        }
    }

    #[test]
    fn published_vector() {
        // FIPS 180-2 appendix C.1: SHA-512("abc").
        let mut h = WipingSha512::new();
        h.update(b"abc");
        let d = h.finish();
        assert_eq!(d[..8], [0xdd, 0xaf, 0x35, 0xa1, 0x93, 0x61, 0x7a, 0xba]);
        assert_eq!(d[56..], [0x2a, 0x9a, 0xc9, 0x4f, 0xa5, 0x4c, 0xa4, 0x9f]);
    }
}
