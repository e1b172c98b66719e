//! The C entry points on any bytes: no call returns QRIS_RESULT_PANIC, every
//! value pointer lies inside the caller's input, and a too-small buffer is
//! reported with the size that then works.
#![no_main]

use std::mem::MaybeUninit;
use std::ptr::null;

use libfuzzer_sys::fuzz_target;
use qris_ffi::*;

fn inside(data: &[u8], s: QrisStr) {
    if !s.ptr.is_null() && s.len > 0 {
        let start = data.as_ptr() as usize;
        let p = s.ptr as usize;
        assert!(p >= start && p + s.len <= start + data.len(), "a value points outside the input");
    }
}

/// Calls an output function with a tiny buffer, then with the size it asked for.
fn sized(mut call: impl FnMut(*mut u8, usize, *mut usize) -> QrisResult) {
    let mut len = 0usize;
    let mut tiny = [0u8; 3];
    match call(tiny.as_mut_ptr(), tiny.len(), &mut len) {
        QrisResult::BufferTooSmall => {
            let mut buf = vec![0u8; len];
            let mut again = 0usize;
            assert_eq!(call(buf.as_mut_ptr(), buf.len(), &mut again), QrisResult::Ok);
            assert_eq!(again, len);
        }
        r => assert_ne!(r, QrisResult::Panic),
    }
}

fuzz_target!(|data: &[u8]| {
    // SAFETY: every pointer handed over is a live local or `data`, which
    // outlives every handle made from it.
    unsafe {
        for strict in [false, true] {
            let mut p: *mut Payload = std::ptr::null_mut();
            let r = qris_payload_parse(data.as_ptr(), data.len(), strict, &mut p);
            assert_ne!(r, QrisResult::Panic);
            if r == QrisResult::Ok {
                let mut o = MaybeUninit::<QrisDataObject>::uninit();
                let mut i = 0;
                while qris_payload_object(p, i, o.as_mut_ptr()) == QrisResult::Ok {
                    let parent = o.assume_init();
                    inside(data, parent.value);
                    let mut c = MaybeUninit::<QrisDataObject>::uninit();
                    let mut j = 0;
                    while qris_payload_child(p, &parent, j, c.as_mut_ptr()) == QrisResult::Ok {
                        inside(data, c.assume_init().value);
                        j += 1;
                    }
                    i += 1;
                }
                assert_eq!(i, qris_payload_object_count(p));
                let mut f = MaybeUninit::<QrisPayloadFields>::uninit();
                assert_eq!(qris_payload_read_fields(p, f.as_mut_ptr()), QrisResult::Ok);
                let f = f.assume_init();
                for s in [f.payload, f.merchant_name, f.amount, f.nmid, f.bill_number, f.terminal_label, f.crc] {
                    inside(data, s);
                }
                let mut a = MaybeUninit::<QrisMerchantAccount>::uninit();
                let mut k = 0;
                while qris_payload_merchant_account(p, k, a.as_mut_ptr()) == QrisResult::Ok {
                    inside(data, a.assume_init().pan);
                    k += 1;
                }
                for path in ["62.07", "26.00", "51.02", "62.50.01", "99"] {
                    let r = qris_payload_get(p, path.as_ptr(), path.len(), o.as_mut_ptr());
                    assert!(matches!(r, QrisResult::Ok | QrisResult::NotFound));
                }
                let mut report: *mut Report = std::ptr::null_mut();
                assert_eq!(qris_payload_validate(p, &mut report), QrisResult::Ok);
                qris_report_free(report);
                assert_ne!(qris_payload_reparse(p, data.as_ptr(), data.len(), !strict), QrisResult::Panic);
                qris_payload_free(p);
            }
        }

        // A report for anything, every diagnostic readable.
        let mut report: *mut Report = std::ptr::null_mut();
        assert_eq!(qris_validate_report(data.as_ptr(), data.len(), false, &mut report), QrisResult::Ok);
        let mut d = MaybeUninit::<QrisDiagnostic>::uninit();
        for i in 0..qris_report_len(report) {
            assert_eq!(qris_report_get(report, i, d.as_mut_ptr()), QrisResult::Ok);
            let d = d.assume_init();
            assert!(!std::ffi::CStr::from_ptr(d.message).to_bytes().is_empty());
            assert!(d.offset <= data.len());
        }
        qris_report_free(report);

        // Conversions with options cut from the input itself.
        let cut = data.len().min(12);
        let opt = |s: &[u8]| QrisStr { ptr: s.as_ptr(), len: s.len() };
        for tip in 0..5u32 {
            let opts = QrisDynamicOptions {
                amount: opt(&data[..cut.min(6)]),
                tip,
                fee: if tip >= 2 { opt(&data[cut / 2..cut]) } else { QrisStr { ptr: null(), len: 0 } },
                bill: opt(&data[..cut]),
                reference: QrisStr { ptr: null(), len: 0 },
                terminal: opt(&data[cut / 3..cut]),
                force: tip % 2 == 0,
            };
            sized(|out, cap, len| qris_to_dynamic(data.as_ptr(), data.len(), &opts, out, cap, len));
        }
        sized(|out, cap, len| qris_to_static(data.as_ptr(), data.len(), true, out, cap, len));
        let mut b: *mut Builder = std::ptr::null_mut();
        if qris_builder_from_payload(data.as_ptr(), data.len(), &mut b) == QrisResult::Ok {
            assert_ne!(qris_builder_set(b, b"62.07".as_ptr(), 5, data.as_ptr(), cut), QrisResult::Panic);
            sized(|out, cap, len| qris_builder_build(b, out, cap, len));
            qris_builder_free(b);
        }
        let items = [QrisStr { ptr: data.as_ptr(), len: data.len() }, opt(&data[cut..])];
        let mut valid = [false; 2];
        assert_eq!(qris_validate_many(items.as_ptr(), 2, false, valid.as_mut_ptr(), null::<usize>().cast_mut()), QrisResult::Ok);

        // JSON, codes, timestamps.
        let mut offset = 0usize;
        sized(|out, cap, len| qris_minify(data.as_ptr(), data.len(), out, cap, len, &mut offset));
        let mut rc = MaybeUninit::<QrisResponseCode>::uninit();
        assert_ne!(qris_response_code_parse(data.as_ptr(), data.len(), rc.as_mut_ptr()), QrisResult::Panic);
        let now = 1_714_635_788i64;
        assert_ne!(qris_timestamp_check(data.as_ptr(), data.len(), &now, 300), QrisResult::Panic);
        let mut key = [0 as std::ffi::c_char; 128];
        let half = data.len() / 2;
        assert_eq!(
            qris_midtrans_verify_signature_key(
                data.as_ptr(), half, b"200".as_ptr(), 3, b"1.00".as_ptr(), 4, b"k".as_ptr(), 1,
                data[half..].as_ptr(), data.len() - half,
            ) == QrisResult::Panic,
            false
        );
        let _ = qris_midtrans_signature_key(b"o".as_ptr(), 1, b"200".as_ptr(), 3, b"1.00".as_ptr(), 4, data.as_ptr(), data.len(), key.as_mut_ptr());
        let mut n = MaybeUninit::<QrisMidtransNotification>::uninit();
        let expected = QrisMidtransExpected { order_id: QrisStr { ptr: data.as_ptr(), len: half }, amount: opt(&data[half..]) };
        for e in [std::ptr::null(), &raw const expected] {
            let r = qris_midtrans_verify_notification(data.as_ptr(), data.len(), b"k".as_ptr(), 1, e, n.as_mut_ptr());
            assert_ne!(r, QrisResult::Panic);
            if r == QrisResult::Ok {
                // Only a signed paid notification delivers; "k" signs nothing here.
                assert!(!n.assume_init().deliver);
            }
        }
    }
});
