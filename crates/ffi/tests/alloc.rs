//! Through the C ABI, parsing allocates exactly one thing (the handle) and
//! reading a parsed payload allocates nothing: values point into the caller's
//! input. Counted with a counting global allocator (`allocation-counter`).

use allocation_counter::measure;
use qris_ffi::*;

const TOKO: &str = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";

#[test]
fn parse_allocates_only_the_handle_and_reading_allocates_nothing() {
    let mut handle: *mut Payload = std::ptr::null_mut();
    let parse = measure(|| {
        // SAFETY: TOKO is 'static; `handle` is writable.
        let r = unsafe { qris_payload_parse(TOKO.as_ptr(), TOKO.len(), false, &mut handle) };
        assert_eq!(r, QrisResult::Ok);
    });
    assert_eq!((parse.count_total, parse.count_current), (1, 1), "{parse:?}");

    let mut seen = 0usize;
    let read = measure(|| {
        // SAFETY: `handle` is live; the out structs are locals.
        unsafe {
            let mut fields = std::mem::MaybeUninit::<QrisPayloadFields>::uninit();
            assert_eq!(qris_payload_read_fields(handle, fields.as_mut_ptr()), QrisResult::Ok);
            seen += fields.assume_init().merchant_name.len;
            let mut o = std::mem::MaybeUninit::<QrisDataObject>::uninit();
            let mut i = 0;
            while qris_payload_object(handle, i, o.as_mut_ptr()) == QrisResult::Ok {
                let parent = o.assume_init();
                let mut c = std::mem::MaybeUninit::<QrisDataObject>::uninit();
                let mut j = 0;
                while parent.is_template && qris_payload_child(handle, &parent, j, c.as_mut_ptr()) == QrisResult::Ok {
                    seen += c.assume_init().value.len;
                    j += 1;
                }
                i += 1;
            }
            assert_eq!(qris_payload_get(handle, b"62.07".as_ptr(), 5, o.as_mut_ptr()), QrisResult::Ok);
            seen += o.assume_init().value.len;
        }
    });
    assert_eq!(read.count_total, 0, "{read:?}");
    assert!(seen > 100);

    let reparse = measure(|| {
        // SAFETY: `handle` is live and ours; TOKO is 'static.
        let r = unsafe { qris_payload_reparse(handle, TOKO.as_ptr(), TOKO.len(), true) };
        assert_eq!(r, QrisResult::Ok);
    });
    assert_eq!(reparse.count_total, 0, "{reparse:?}");

    let free = measure(|| {
        // SAFETY: `handle` came from qris_payload_parse and is freed once.
        unsafe { qris_payload_free(handle) }
    });
    assert_eq!(free.count_current, -1, "{free:?}");
}

#[test]
fn checking_a_crc_or_a_signature_key_allocates_nothing_the_caller_can_see() {
    let mut crc = [0 as std::ffi::c_char; 4];
    let info = measure(|| {
        // SAFETY: valid input and a 4-byte output.
        let r = unsafe { qris_crc16(TOKO.as_ptr(), TOKO.len() - 4, crc.as_mut_ptr()) };
        assert_eq!(r, QrisResult::Ok);
    });
    assert_eq!(info.count_total, 0, "{info:?}");
    assert_eq!(crc.map(|c| c as u8), *b"3165");
}

/// `qris_validate` counts what it finds as it finds it: nothing is allocated,
/// for a valid payload or for one with errors and warnings.
#[test]
fn validating_allocates_nothing() {
    let broken = TOKO.replacen("5802ID", "5802id", 1); // a wrong CRC and a bad country
    let noisy = format!(" {TOKO}\n"); // a warning: trimmed input
    for (input, valid, errors, warnings) in
        [(TOKO, true, 0, 0), (broken.as_str(), false, 2, 0), (noisy.as_str(), true, 0, 1)]
    {
        let (mut v, mut e, mut w) = (false, 0usize, 0usize);
        let info = measure(|| {
            // SAFETY: valid input and writable outputs.
            let r = unsafe { qris_validate(input.as_ptr(), input.len(), false, &mut v, &mut e, &mut w) };
            assert_eq!(r, QrisResult::Ok);
        });
        assert_eq!(info.count_total, 0, "{info:?}");
        assert_eq!((v, e, w), (valid, errors, warnings), "{input}");
    }
}
