//! The fast path for ASCII text (every real QRIS payload): the JS layer copies
//! the characters straight into a scratch buffer in WebAssembly memory (no
//! allocation, no TextEncoder), the engine parses them in place, and fields
//! come back as (start, length) pairs into the caller's own string, which JS
//! slices (no TextDecoder). Text with any non-ASCII character takes the
//! general path (`lib.rs`). Measured in BENCHMARKS.md.

use std::cell::RefCell;

use qris_emv::{Field, ParseOptions};
use wasm_bindgen::prelude::*;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static SPANS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
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

/// Parses the scratch text (structure and CRC) and leaves the fields as spans
/// into it, in the order of `Field::ALL` (amount, merchant name, city,
/// postal code, MCC, currency, country, NMID, CRC), then the dynamic flag
/// (start 1 or 0); an
/// absent field is (u32::MAX, 0). Returns the address of the spans (20 u32),
/// or 0 when the text does not parse (the JS layer then asks the general path
/// for the error).
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
        let mut inside = true;
        let mut span = |s: Option<&str>| match s {
            Some(s) if (base..=end).contains(&(s.as_ptr() as usize)) && s.as_ptr() as usize + s.len() <= end => {
                [(s.as_ptr() as usize - base) as u32, s.len() as u32]
            }
            Some(_) => {
                // Not a slice of the input (never, today): the general path answers.
                inside = false;
                [u32::MAX, 0]
            }
            None => [u32::MAX, 0],
        };
        let mut fields = [[u32::MAX, 0]; Field::ALL.len() + 1];
        for (slot, f) in fields.iter_mut().zip(Field::ALL) {
            *slot = span(p.field(f));
        }
        fields[Field::ALL.len()] = [u32::from(p.is_dynamic()), 0];
        if !inside {
            return std::ptr::null();
        }
        SPANS.with(|s| {
            let mut s = s.borrow_mut();
            s.clear();
            s.extend(fields.iter().flatten());
            s.as_ptr()
        })
    })
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

fn spans(values: &[u32]) -> *const u32 {
    SPANS.with(|s| {
        let mut s = s.borrow_mut();
        s.clear();
        s.extend_from_slice(values);
        s.as_ptr()
    })
}
