//! Stand-in for encoding-index-simpchinese (see ../README.md): no tables.

/// GBK / GB18030 two-byte index: every pointer and code point unmapped.
pub mod gb18030 {
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

/// GB18030 four-byte ranges: every pointer and code point unmapped.
pub mod gb18030_ranges {
    /// No code point for any pointer.
    #[inline]
    pub fn forward(_code: u32) -> u32 {
        0xffff_ffff
    }
    /// No pointer for any code point.
    #[inline]
    pub fn backward(_code: u32) -> u32 {
        0xffff_ffff
    }
}
