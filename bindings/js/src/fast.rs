//! The fast path for ASCII text (every real QRIS payload): the JS layer copies
//! the characters straight into a scratch buffer in WebAssembly memory
//! (`TextEncoder.encodeInto`, no allocation), the engine parses them in place,
//! and fields come back as spans (start and length packed in one word) into
//! the caller's own string, which JS slices (no TextDecoder). Text with any non-ASCII character takes the
//! general path (`lib.rs`). Measured in BENCHMARKS.md.

use std::cell::RefCell;

use qris_emv::{Field, ParseOptions};
use wasm_bindgen::prelude::*;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The scratch input buffer, at least `len` bytes: its address in memory (the
/// JS layer writes the text there, then calls a `fast*` function with `len`).
/// The buffer moves only when it grows; the JS layer keeps one view over it
/// (`scratchCapacity` bytes) and calls this again only for longer text.
#[wasm_bindgen(js_name = scratchInput)]
pub fn scratch_input(len: usize) -> *mut u8 {
    INPUT.with(|b| {
        let mut b = b.borrow_mut();
        if b.len() < len {
            b.resize(len.next_power_of_two().max(256), 0);
        }
        b.as_mut_ptr()
    })
}

/// The scratch buffer's size in bytes (what `scratchInput` made room for).
#[wasm_bindgen(js_name = scratchCapacity)]
pub fn scratch_capacity() -> usize {
    INPUT.with(|b| b.borrow().len())
}

/// A copy of the scratch buffer's first `len` bytes.
#[cfg(feature = "full")]
pub(crate) fn scratch_bytes(len: usize) -> Option<Vec<u8>> {
    INPUT.with(|b| b.borrow().get(..len).map(<[u8]>::to_vec))
}

fn with_input<R>(len: usize, f: impl FnOnce(&str) -> R) -> Option<R> {
    INPUT.with(|b| {
        let b = b.borrow();
        let text = std::str::from_utf8(b.get(..len)?).ok()?;
        Some(f(text))
    })
}

/// Whether the scratch text passes the QRIS rules.
#[wasm_bindgen(js_name = fastIsValid)]
pub fn fast_is_valid(len: usize, strict: bool) -> bool {
    with_input(len, |t| qris_emv::Validator::qris().strict(strict).is_valid(t)).unwrap_or(false)
}

/// CRC16-CCITT-FALSE of the scratch bytes.
#[wasm_bindgen(js_name = fastCrc16)]
pub fn fast_crc16(len: usize) -> u32 {
    INPUT.with(|b| b.borrow().get(..len).map_or(0, |d| u32::from(qris_emv::crc16(d))))
}

/// Parses the scratch text (structure and CRC) and leaves its fields as
/// packed spans into it, one word each in the order of `Field::ALL` (amount,
/// merchant name, city, postal code, MCC, currency, country, NMID, CRC):
/// `start | length << 16` (a payload is at most `MAX_INPUT_LEN` bytes and a
/// value 99 characters, so both fit), `u32::MAX` when absent; then the
/// dynamic flag (1 or 0). Returns the address of those 10 words, or 0 when
/// the text does not parse (the JS layer then asks the general path for the
/// error).
#[wasm_bindgen(js_name = fastParse)]
pub fn fast_parse(len: usize, strict: bool) -> *const u32 {
    INPUT.with(|b| {
        let b = b.borrow();
        let Some(text) = b.get(..len).and_then(|d| std::str::from_utf8(d).ok()) else {
            return std::ptr::null();
        };
        let Ok(p) = ParseOptions::new().strict(strict).parse(text) else {
            return std::ptr::null();
        };
        let (base, end) = (text.as_ptr() as usize, text.as_ptr() as usize + text.len());
        let mut words = [u32::MAX; PARSE_WORDS];
        for (slot, f) in words.iter_mut().zip(Field::ALL) {
            if let Some(s) = p.field(f) {
                let start = (s.as_ptr() as usize).wrapping_sub(base);
                match (u16::try_from(start), u16::try_from(s.len())) {
                    (Ok(start), Ok(n)) if s.as_ptr() as usize >= base && s.as_ptr() as usize + s.len() <= end => {
                        *slot = u32::from(start) | u32::from(n) << 16;
                    }
                    // Not a slice of the input (never, today): the general path answers.
                    _ => return std::ptr::null(),
                }
            }
        }
        words[Field::ALL.len()] = u32::from(p.is_dynamic());
        WORDS.with(|w| {
            let mut w = w.borrow_mut();
            w[..PARSE_WORDS].copy_from_slice(&words);
            w.as_ptr()
        })
    })
}

/// The words `fastParse` leaves: one per field, then the dynamic flag.
const PARSE_WORDS: usize = Field::ALL.len() + 1;

thread_local! {
    /// Small results for the JS layer (spans, addresses): a fixed place in
    /// memory, so answering allocates nothing.
    static WORDS: RefCell<[u32; 16]> = const { RefCell::new([0; 16]) };
}

thread_local! {
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A dynamic code from the scratch text: the first `payload_len` bytes are
/// the static payload, the next `amount_len` the amount (no other options:
/// those take the general path). The address of `[address, length]` of the
/// result in the output buffer, or 0 when it cannot be made (the JS layer
/// then asks the general path for the error).
#[wasm_bindgen(js_name = fastToDynamic)]
pub fn fast_to_dynamic(payload_len: usize, amount_len: usize) -> *const u32 {
    INPUT.with(|b| {
        let b = b.borrow();
        let Some(all) = b.get(..payload_len.saturating_add(amount_len)) else { return std::ptr::null() };
        let (payload, amount) = all.split_at(payload_len);
        let (Ok(payload), Ok(amount)) = (std::str::from_utf8(payload), std::str::from_utf8(amount)) else {
            return std::ptr::null();
        };
        let Ok(out) = qris_emv::to_dynamic(payload, &qris_emv::DynamicOptions::new(amount)) else {
            return std::ptr::null();
        };
        OUTPUT.with(|o| {
            let mut o = o.borrow_mut();
            o.clear();
            o.extend_from_slice(out.as_bytes());
            spans(&[o.as_ptr() as u32, o.len() as u32])
        })
    })
}

/// Lexically minifies the scratch JSON into the output buffer: the address of
/// `[address, length]` of the result, or 0 when the body is not JSON (the JS
/// layer then asks the general path for the error).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = fastMinify)]
pub fn fast_minify(len: usize) -> *const u32 {
    INPUT.with(|b| {
        let b = b.borrow();
        let Some(body) = b.get(..len) else { return std::ptr::null() };
        OUTPUT.with(|o| {
            let mut o = o.borrow_mut();
            if qris_sign::minify_into(body, &mut o).is_err() {
                return std::ptr::null();
            }
            spans(&[o.as_ptr() as u32, o.len() as u32])
        })
    })
}

/// The SNAP body hash of the scratch JSON into the output buffer (64 ASCII
/// hex digits): its address, or 0 when the body is not JSON.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = fastBodyHash)]
pub fn fast_body_hash(len: usize) -> *const u8 {
    INPUT.with(|b| {
        let b = b.borrow();
        let Some(hash) = b.get(..len).and_then(|body| qris_sign::body_hash(body).ok()) else {
            return std::ptr::null();
        };
        OUTPUT.with(|o| {
            let mut o = o.borrow_mut();
            o.clear();
            o.extend_from_slice(hash.as_str().as_bytes());
            o.as_ptr()
        })
    })
}

fn spans(values: &[u32; 2]) -> *const u32 {
    WORDS.with(|w| {
        let mut w = w.borrow_mut();
        w[..2].copy_from_slice(values);
        w.as_ptr()
    })
}
