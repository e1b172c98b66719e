//! Feeding many small pieces to a hash: each `update` of a provider's context
//! has a fixed cost, so pieces are gathered in a stack buffer and fed in large
//! updates.

use crate::provider::{digest, hmac};

/// A hashing context (digest or HMAC).
pub(crate) trait Update {
    fn update(&mut self, data: &[u8]);
}

impl Update for digest::Context {
    fn update(&mut self, data: &[u8]) {
        digest::Context::update(self, data);
    }
}

impl Update for hmac::Context {
    fn update(&mut self, data: &[u8]) {
        hmac::Context::update(self, data);
    }
}

/// `ctx` behind an `N`-byte stack buffer. The context is borrowed, not moved in
/// and out: the contexts are hundreds of bytes.
pub(crate) struct Gather<'a, U, const N: usize> {
    ctx: &'a mut U,
    buf: [u8; N],
    len: usize,
}

impl<'a, U: Update, const N: usize> Gather<'a, U, N> {
    pub(crate) fn new(ctx: &'a mut U) -> Self {
        Gather { ctx, buf: [0; N], len: 0 }
    }

    /// Appends `piece` to what is hashed.
    #[inline]
    pub(crate) fn push(&mut self, piece: &[u8]) {
        let end = self.len + piece.len();
        if let Some(room) = self.buf.get_mut(self.len..end) {
            room.copy_from_slice(piece);
            self.len = end;
            return;
        }
        // Full: hash what is gathered, then the piece itself when it is as large
        // as the buffer (no point copying it), else start gathering again.
        self.flush();
        if piece.len() >= N {
            self.ctx.update(piece);
        } else {
            self.buf[..piece.len()].copy_from_slice(piece);
            self.len = piece.len();
        }
    }

    /// Feeds what is still gathered to the context.
    pub(crate) fn finish(mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        self.ctx.update(&self.buf[..self.len]);
        self.len = 0;
    }
}
