//! Stand-in for encoding-index-tradchinese (see ../README.md): no tables.

/// Big5: every pointer and code point unmapped.
pub mod big5 {
    /// No code point for any pointer.
    #[inline]
    pub fn forward(_code: u16) -> u32 {
        0xffff
    }
    /// No pointer for any code point.
    #[inline]
    pub fn backward(_code: u32) -> u16 {
        0xffff
    }
}
