//! Stand-in for encoding-index-japanese (see ../README.md): no tables.

/// JIS X 0208: every pointer and code point unmapped.
pub mod jis0208 {
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
    /// No Shift_JIS pointer for any code point.
    #[inline]
    pub fn backward_remapped(_code: u32) -> u16 {
        0xffff
    }
}

/// JIS X 0212: every pointer and code point unmapped.
pub mod jis0212 {
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
