//! Payloads (qris-emv): a zero-copy parsed handle, data objects, typed fields,
//! validation reports, conversion, building, batch validation, CRC.

use std::ffi::{c_char, CString};

use qris_emv::{DataObject, Diagnostic, Path};

use crate::{guard, input, QrisResult, QrisStr};

/// The CRC16-CCITT-FALSE of `(data, len)` as 4 uppercase hex digits in `out`
/// (no NUL).
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_crc16(data: *const u8, len: usize, out: *mut c_char) -> QrisResult {
    guard(move || {
        let data = bytes!(data, len);
        write_fixed!(qris_emv::crc16_hex(qris_emv::crc16(data)).as_bytes(), out)
    })
}

/// Validates a payload against the QRIS rules (lenient unless `strict`). On
/// success `*out_valid` says whether there is no error, and `*out_errors` /
/// `*out_warnings` count the diagnostics (each pointer may be NULL if unwanted).
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_validate(
    payload: *const u8,
    len: usize,
    strict: bool,
    out_valid: *mut bool,
    out_errors: *mut usize,
    out_warnings: *mut usize,
) -> QrisResult {
    guard(move || {
        // Bytes: the engine checks UTF-8 itself (`input.utf8` is an error like any other).
        // Counted as they are found: nothing is allocated.
        let (mut errors, mut warnings) = (0usize, 0usize);
        validator(strict).check_bytes(bytes!(payload, len), |d| {
            if d.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
        });
        put_optional!(out_valid, errors == 0);
        put_optional!(out_errors, errors);
        put_optional!(out_warnings, warnings);
        Ok(())
    })
}

/// A parsed payload. It borrows the input given to `qris_payload_parse`: keep
/// those bytes alive and unchanged until `qris_payload_free` (or
/// `qris_payload_reparse`). Reading functions may be called from many threads
/// at once; `qris_payload_reparse` needs the handle to itself.
pub struct Payload(qris_emv::Payload<'static>);

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A data object, by position. `value` points into the caller's input.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisDataObject {
    /// The ID (00..99).
    pub id: u8,
    /// 1 for a root object, 2 for a child (`62.07`), 3 for a grandchild (`62.50.01`).
    pub depth: u8,
    /// The IDs from the root down; the first `depth` are meaningful.
    pub path: [u8; 3],
    /// Whether the value holds nested data objects (`qris_payload_child` walks them).
    pub is_template: bool,
    /// Byte offset of the ID in the caller's input.
    pub offset: usize,
    /// The value (without ID and length).
    pub value: QrisStr,
}

impl QrisDataObject {
    fn of(o: &DataObject<'_>) -> QrisDataObject {
        let path = o.path();
        let mut ids = [0u8; 3];
        ids[..path.depth()].copy_from_slice(path.ids());
        QrisDataObject {
            id: o.id(),
            depth: u8::try_from(path.depth()).unwrap_or(u8::MAX), // at most 3
            path: ids,
            is_template: o.is_template(),
            offset: o.offset(),
            value: QrisStr::of(Some(o.value())),
        }
    }

    fn path(&self) -> Option<Path> {
        if !(1..=3).contains(&self.depth) {
            return None;
        }
        self.path[..usize::from(self.depth)].iter().try_fold(Path::ROOT, |p, &id| p.child(id))
    }
}

/// Parses a payload (structure and CRC; `strict` refuses surrounding whitespace
/// and a lowercase CRC) into a handle that borrows `input`: nothing is copied and
/// the only allocation is the handle itself. Free it with `qris_payload_free`.
/// On `QRIS_RESULT_INVALID_PAYLOAD`, `qris_validate_report` on the same input
/// says why.
///
/// # Safety
/// `input` points to `len` readable bytes that stay alive and unchanged until the
/// handle is freed; `out` points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_parse(
    input_ptr: *const u8,
    len: usize,
    strict: bool,
    out: *mut *mut Payload,
) -> QrisResult {
    guard(move || {
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        // SAFETY: `qris_payload_parse`'s own contract: the input stays alive and
        // unchanged until the handle is freed (or re-parsed).
        let p = unsafe { parse(input_ptr, len, strict) }?;
        new_handle!(out, Payload(p))
    })
}

/// Parses with the input borrowed for as long as the handle that will hold it.
///
/// # Safety
/// `input` points to `len` readable bytes that stay alive and unchanged until
/// the handle holding the result is freed or re-parsed.
unsafe fn parse(input_ptr: *const u8, len: usize, strict: bool) -> Result<qris_emv::Payload<'static>, QrisResult> {
    // SAFETY: the caller keeps the bytes alive and unchanged for as long as the
    // handle uses them, which is the only place the 'static borrow goes.
    let bytes: &'static [u8] = unsafe { input(input_ptr, len) }?;
    // The engine checks the length and UTF-8 itself.
    Ok(qris_emv::ParseOptions::new().strict(strict).parse_bytes(bytes)?)
}

/// Parses another payload into an existing handle, allocating nothing: the way
/// to parse code after code (a scanner loop). The handle now borrows the new
/// input (the previous one may be released). On failure the handle is unchanged.
///
/// # Safety
/// As for `qris_payload_parse`: the new input stays alive and unchanged until
/// the handle is freed or re-parsed; the handle is not used by another thread
/// meanwhile.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_reparse(
    payload: *mut Payload,
    input_ptr: *const u8,
    len: usize,
    strict: bool,
) -> QrisResult {
    guard(move || {
        let handle = try_mut!(payload);
        // SAFETY: `qris_payload_reparse`'s own contract, as for `qris_payload_parse`.
        handle.0 = unsafe { parse(input_ptr, len, strict) }?;
        Ok(())
    })
}

/// Frees a payload handle; NULL does nothing. The input may be released afterwards.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_free(payload: *mut Payload) {
    free_handle!(payload);
}

/// The number of root data objects (CRC included); 0 for NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_object_count(p: *const Payload) -> usize {
    // SAFETY: the header's handle convention: NULL or a live handle.
    unsafe { p.as_ref() }.map_or(0, |p| p.0.len())
}

/// The root data object at `index` (payload order) into `*out`;
/// `QRIS_RESULT_NOT_FOUND` past the end.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_object(p: *const Payload, index: usize, out: *mut QrisDataObject) -> QrisResult {
    guard(move || {
        let p = &try_ref!(p).0;
        let o = p.objects().nth(index).ok_or(QrisResult::NotFound)?;
        put!(out, QrisDataObject::of(&o))
    })
}

/// The child at `index` of the template `parent` (from `qris_payload_object`,
/// `qris_payload_get` or this function) into `*out`; `QRIS_RESULT_NOT_FOUND`
/// past the end or when `parent` is not a template of this payload.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_child(
    p: *const Payload,
    parent: *const QrisDataObject,
    index: usize,
    out: *mut QrisDataObject,
) -> QrisResult {
    guard(move || {
        let p = &try_ref!(p).0;
        let parent = try_ref!(parent);
        // Found again by its path: nothing the caller passed is dereferenced.
        let path = parent.path().ok_or(QrisResult::InvalidArgument)?;
        let o = p.lookup(path).filter(DataObject::is_template).ok_or(QrisResult::NotFound)?;
        let child = o.children().nth(index).ok_or(QrisResult::NotFound)?;
        put!(out, QrisDataObject::of(&child))
    })
}

/// The data object at a path such as `"54"`, `"62.07"` or `"62.50.01"` into
/// `*out`: `QRIS_RESULT_NOT_FOUND` if absent, `QRIS_RESULT_INVALID_ARGUMENT` for
/// a malformed path.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_get(
    p: *const Payload,
    path: *const u8,
    path_len: usize,
    out: *mut QrisDataObject,
) -> QrisResult {
    guard(move || {
        let (p, path) = (&try_ref!(p).0, text!(path, path_len));
        let path: Path = path.parse()?;
        let o = p.lookup(path).ok_or(QrisResult::NotFound)?;
        put!(out, QrisDataObject::of(&o))
    })
}

/// The fields of a payload a POS reads, each pointing into the caller's input
/// (`ptr == NULL` when the payload does not carry it).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisPayloadFields {
    /// The payload as parsed (surrounding whitespace trimmed in lenient mode).
    pub payload: QrisStr,
    /// Whether the CRC matches (always true after a successful parse).
    pub crc_ok: bool,
    /// Point of initiation `12`: a one-time (dynamic) code.
    pub is_dynamic: bool,
    /// Merchant account templates (26..51), see `qris_payload_merchant_account`.
    pub merchant_account_count: usize,
    /// 00, payload format indicator.
    pub format_indicator: QrisStr,
    /// 01, point of initiation (`11` static, `12` dynamic).
    pub point_of_initiation: QrisStr,
    /// 51.02, the national merchant ID (NMID).
    pub nmid: QrisStr,
    /// 52, merchant category code.
    pub mcc: QrisStr,
    /// 53, currency (`360` for rupiah).
    pub currency: QrisStr,
    /// 54, transaction amount, as written.
    pub amount: QrisStr,
    /// 55, tip or convenience fee indicator (`01` prompt, `02` fixed, `03` percent).
    pub tip_indicator: QrisStr,
    /// 56, fixed convenience fee.
    pub fee_fixed: QrisStr,
    /// 57, percentage convenience fee.
    pub fee_percent: QrisStr,
    /// 58, country code.
    pub country: QrisStr,
    /// 59, merchant name.
    pub merchant_name: QrisStr,
    /// 60, merchant city.
    pub merchant_city: QrisStr,
    /// 61, postal code.
    pub postal_code: QrisStr,
    /// 62.01, bill number.
    pub bill_number: QrisStr,
    /// 62.05, reference label.
    pub reference_label: QrisStr,
    /// 62.07, terminal label.
    pub terminal_label: QrisStr,
    /// 63, the CRC as written.
    pub crc: QrisStr,
}

/// Reads the typed fields of a payload into `*out`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_read_fields(p: *const Payload, out: *mut QrisPayloadFields) -> QrisResult {
    guard(move || {
        let p = &try_ref!(p).0;
        let extra = p.additional_data();
        let info = QrisPayloadFields {
            payload: QrisStr::of(Some(p.as_str())),
            crc_ok: p.crc_ok(),
            is_dynamic: p.is_dynamic(),
            merchant_account_count: p.merchant_accounts().count(),
            format_indicator: QrisStr::of(p.format_indicator()),
            point_of_initiation: QrisStr::of(p.value(1)),
            nmid: QrisStr::of(p.nmid()),
            mcc: QrisStr::of(p.mcc()),
            currency: QrisStr::of(p.currency()),
            amount: QrisStr::of(p.amount()),
            tip_indicator: QrisStr::of(p.value(55)),
            fee_fixed: QrisStr::of(p.value(56)),
            fee_percent: QrisStr::of(p.value(57)),
            country: QrisStr::of(p.country()),
            merchant_name: QrisStr::of(p.merchant_name()),
            merchant_city: QrisStr::of(p.merchant_city()),
            postal_code: QrisStr::of(p.postal_code()),
            bill_number: QrisStr::of(extra.and_then(|a| a.bill_number())),
            reference_label: QrisStr::of(extra.and_then(|a| a.reference_label())),
            terminal_label: QrisStr::of(extra.and_then(|a| a.terminal_label())),
            crc: QrisStr::of(Some(p.crc())),
        };
        put!(out, info)
    })
}

/// A merchant account template (26..51).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisMerchantAccount {
    /// The template's ID (26..51).
    pub id: u8,
    /// Whether it is the national repository template (`ID.CO.QRIS.WWW`).
    pub is_qris_repository: bool,
    /// 00, the globally unique identifier (reverse domain, e.g. `ID.CO.QRIS.WWW`).
    pub guid: QrisStr,
    /// 01, the merchant PAN (its first 8 digits name the acquirer).
    pub pan: QrisStr,
    /// 02, the merchant ID.
    pub merchant_id: QrisStr,
    /// 03, the merchant criteria (`UMI`, `UKE`, `UME`, `UBE`, `URE`).
    pub criteria: QrisStr,
    /// The acquirer's name from the PAN prefix (static text), when known.
    pub acquirer: QrisStr,
}

/// The merchant account template at `index` (payload order) into `*out`;
/// `QRIS_RESULT_NOT_FOUND` past the end.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_merchant_account(
    p: *const Payload,
    index: usize,
    out: *mut QrisMerchantAccount,
) -> QrisResult {
    guard(move || {
        let p = &try_ref!(p).0;
        let a = p.merchant_accounts().nth(index).ok_or(QrisResult::NotFound)?;
        let account = QrisMerchantAccount {
            id: a.id(),
            is_qris_repository: a.is_qris_repository(),
            guid: QrisStr::of(a.guid()),
            pan: QrisStr::of(a.pan()),
            merchant_id: QrisStr::of(a.merchant_id()),
            criteria: QrisStr::of(a.criteria()),
            acquirer: QrisStr::of(a.acquirer()),
        };
        put!(out, account)
    })
}

/// How serious a diagnostic is (named as in the CLI's JSON and Python).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisSeverity {
    /// `error`: the payload is not valid.
    Error = 0,
    /// `warning`: worth knowing; the payload is still valid.
    Warning = 1,
}

/// One problem found in a payload. The strings are NUL-terminated and owned by
/// the report: valid until `qris_report_free`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisDiagnostic {
    /// The stable code, e.g. `"crc.mismatch"` (see README for the list).
    pub code: *const c_char,
    /// Error or warning.
    pub severity: QrisSeverity,
    /// Byte offset in the input where the problem is.
    pub offset: usize,
    /// The data object concerned, e.g. `"62.07"`; `""` for the payload as a whole.
    pub path: *const c_char,
    /// The human message.
    pub message: *const c_char,
}

struct Entry {
    code: CString,
    severity: QrisSeverity,
    offset: usize,
    path: CString,
    message: CString,
}

/// The diagnostics of one validation. Immutable: may be read from many threads.
pub struct Report {
    entries: Vec<Entry>,
    valid: bool,
}

impl std::fmt::Debug for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "qris_report({} diagnostics, valid: {})", self.entries.len(), self.valid)
    }
}

/// A C string of `s`; an interior NUL (possible in a quoted payload value) is
/// written as U+FFFD rather than cutting the message short.
fn c_string(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let fixed = String::from_utf8_lossy(&e.into_vec()).replace('\0', "\u{FFFD}");
        CString::new(fixed).unwrap_or_default()
    })
}

impl Entry {
    fn new(code: &str, error: bool, offset: usize, path: String, message: String) -> Entry {
        Entry {
            code: c_string(code.to_owned()),
            severity: if error { QrisSeverity::Error } else { QrisSeverity::Warning },
            offset,
            path: c_string(path),
            message: c_string(message),
        }
    }
}

impl Report {
    /// A CPM code's diagnostics (their messages never hold card data).
    pub(crate) fn from_cpm(report: &qris_emv::cpm::CpmReport) -> Report {
        let entries = report
            .diagnostics()
            .iter()
            .map(|d| Entry::new(d.code.as_str(), d.is_error(), d.offset, d.path.to_string(), d.message.clone()))
            .collect();
        Report { entries, valid: report.is_valid() }
    }

    /// A CPM code that could not be read: one error.
    pub(crate) fn from_cpm_error(e: &qris_emv::cpm::CpmError) -> Report {
        let entry = Entry::new(e.code.as_str(), true, e.offset, e.path.to_string(), e.message.to_owned());
        Report { entries: vec![entry], valid: false }
    }

    pub(crate) fn new(report: &qris_emv::Report) -> Report {
        let entries = report
            .diagnostics()
            .iter()
            .map(|d: &Diagnostic| {
                Entry::new(d.code.as_str(), d.is_error(), d.offset, d.path.to_string(), d.message().to_string())
            })
            .collect();
        Report { entries, valid: report.is_valid() }
    }
}

fn validator(strict: bool) -> qris_emv::Validator {
    qris_emv::Validator::qris().strict(strict)
}

/// Validates a payload against the QRIS rules (lenient unless `strict`) into a
/// report handle with every diagnostic; free it with `qris_report_free`.
/// Invalid payloads are not an error here: the report says what is wrong.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_validate_report(
    input_ptr: *const u8,
    len: usize,
    strict: bool,
    out: *mut *mut Report,
) -> QrisResult {
    guard(move || {
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let bytes = bytes!(input_ptr, len);
        let report = Report::new(&validator(strict).validate_bytes(bytes));
        new_handle!(out, report)
    })
}

/// Validates a parsed payload against the QRIS rules into a report handle.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_payload_validate(p: *const Payload, out: *mut *mut Report) -> QrisResult {
    guard(move || {
        let p = &try_ref!(p).0;
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let report = Report::new(&p.validate());
        new_handle!(out, report)
    })
}

/// Whether the report has no error (false for NULL).
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_report_is_valid(r: *const Report) -> bool {
    // SAFETY: the header's handle convention: NULL or a live report.
    unsafe { r.as_ref() }.is_some_and(|r| r.valid)
}

/// The number of diagnostics (errors and warnings); 0 for NULL.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_report_len(r: *const Report) -> usize {
    // SAFETY: the header's handle convention: NULL or a live report.
    unsafe { r.as_ref() }.map_or(0, |r| r.entries.len())
}

/// The diagnostic at `index` (payload order) into `*out`; `QRIS_RESULT_NOT_FOUND`
/// past the end. Its strings live as long as the report.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_report_get(r: *const Report, index: usize, out: *mut QrisDiagnostic) -> QrisResult {
    guard(move || {
        let r = try_ref!(r);
        let e = r.entries.get(index).ok_or(QrisResult::NotFound)?;
        let d = QrisDiagnostic {
            code: e.code.as_ptr(),
            severity: e.severity,
            offset: e.offset,
            path: e.path.as_ptr(),
            message: e.message.as_ptr(),
        };
        put!(out, d)
    })
}

/// Frees a report; NULL does nothing.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_report_free(r: *mut Report) {
    free_handle!(r);
}

/// The most payloads one `qris_validate_many` call takes.
pub const QRIS_MAX_BATCH: usize = 1 << 20;

/// Validates `count` payloads on all cores. `out_valid[i]` (and, if
/// `out_errors` is not NULL, `out_errors[i]`, the number of errors) describe
/// `payloads[i]`. More than `QRIS_MAX_BATCH` payloads is `QRIS_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_validate_many(
    payloads: *const QrisStr,
    count: usize,
    strict: bool,
    out_valid: *mut bool,
    out_errors: *mut usize,
) -> QrisResult {
    guard(move || {
        if count > QRIS_MAX_BATCH {
            return Err(QrisResult::InvalidArgument);
        }
        if count == 0 {
            return Ok(());
        }
        if payloads.is_null() || out_valid.is_null() {
            return Err(QrisResult::NullParameter);
        }
        // SAFETY: `payloads` points to `count` readable elements (caller contract).
        let items = unsafe { std::slice::from_raw_parts(payloads, count) };
        let inputs = items
            .iter()
            // SAFETY: each element is a readable input (caller contract).
            .map(|s| unsafe { input(s.ptr, s.len) })
            .collect::<Result<Vec<&[u8]>, QrisResult>>()?;
        let reports = validator(strict).validate_many_bytes(&inputs);
        // SAFETY: `out_valid` points to `count` writable bools (caller contract).
        let valid = unsafe { std::slice::from_raw_parts_mut(out_valid, count) };
        for (v, r) in valid.iter_mut().zip(&reports) {
            *v = r.is_valid();
        }
        if !out_errors.is_null() {
            // SAFETY: non-NULL: `count` writable elements (caller contract).
            let errors = unsafe { std::slice::from_raw_parts_mut(out_errors, count) };
            for (e, r) in errors.iter_mut().zip(&reports) {
                *e = r.errors().count();
            }
        }
        Ok(())
    })
}

/// A tip or convenience fee in a dynamic code ([`QrisDynamicOptions::tip`]).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrisTip {
    /// No tip objects.
    None = 0,
    /// 55 = `01`: the payer's app prompts for a tip.
    Prompt = 1,
    /// 55 = `02` with 56 = `fee`: a fixed fee.
    Fixed = 2,
    /// 55 = `03` with 57 = `fee`: a percentage fee.
    Percent = 3,
}

/// What to put in a dynamic code. Values are validated, then written as given.
/// Optional fields: `ptr == NULL` means absent.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct QrisDynamicOptions {
    /// 54, the amount, e.g. `"17000"` or `"17000.50"` (required).
    pub amount: QrisStr,
    /// A `qris_tip` value (`QRIS_TIP_NONE` ...).
    pub tip: u32,
    /// The fee for `QRIS_TIP_FIXED` (56) or `QRIS_TIP_PERCENT` (57).
    pub fee: QrisStr,
    /// 62.01, bill number.
    pub bill: QrisStr,
    /// 62.05, reference label.
    pub reference: QrisStr,
    /// 62.07, terminal label.
    pub terminal: QrisStr,
    /// Convert even if the input's CRC is wrong.
    pub force: bool,
}

/// Converts a static payload to a dynamic one (amount, optional tip or fee,
/// bill, reference, terminal) into `(out, cap)`; `*out_len` receives the length
/// (or the size needed). `QRIS_RESULT_INVALID_ARGUMENT` for an invalid option,
/// `QRIS_RESULT_INVALID_PAYLOAD` for an input that cannot be converted.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_to_dynamic(
    payload_ptr: *const u8,
    len: usize,
    options: *const QrisDynamicOptions,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let text_in = text!(payload_ptr, len);
        let o = try_ref!(options);
        let (amount, fee, bill, reference, terminal) = (
            optional_text!(o.amount),
            optional_text!(o.fee),
            optional_text!(o.bill),
            optional_text!(o.reference),
            optional_text!(o.terminal),
        );
        let amount = amount.ok_or(QrisResult::NullParameter)?;
        let opts = qris_emv::DynamicOptions::new(amount).force(o.force);
        let opts = match (o.tip, fee) {
            (0, None) => opts,
            (1, None) => opts.tip_prompt(),
            (2, Some(fee)) => opts.fee_fixed(fee),
            (3, Some(fee)) => opts.fee_percent(fee),
            _ => return Err(QrisResult::InvalidArgument),
        }
        .bill_opt(bill)
        .reference_opt(reference)
        .terminal_opt(terminal);
        let dynamic = qris_emv::to_dynamic(text_in, &opts)?;
        write_out!(dynamic.as_bytes(), out, cap, out_len)
    })
}

/// Converts a dynamic payload back to a static one (amount, tip and fee
/// removed, point of initiation `11`) into `(out, cap)`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_to_static(
    payload_ptr: *const u8,
    len: usize,
    force: bool,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let text_in = text!(payload_ptr, len);
        let s = qris_emv::to_static(text_in, force)?;
        write_out!(s.as_bytes(), out, cap, out_len)
    })
}

/// Builds or edits a payload, object by object. Owns copies of everything set.
/// Not for concurrent use: one thread at a time (it may move between threads).
pub struct Builder(qris_emv::Builder<'static>);

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An empty builder; free it with `qris_builder_free`.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_builder_new(out: *mut *mut Builder) -> QrisResult {
    guard(move || new_handle!(out, Builder(qris_emv::Builder::new())))
}

/// A builder holding a parsed payload's objects (CRC aside), to edit it:
/// building it unchanged gives the payload back byte for byte.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_builder_from_payload(
    input_ptr: *const u8,
    len: usize,
    out: *mut *mut Builder,
) -> QrisResult {
    guard(move || {
        if out.is_null() {
            return Err(QrisResult::NullParameter);
        }
        let bytes = bytes!(input_ptr, len);
        let p = qris_emv::ParseOptions::new().parse_bytes(bytes)?;
        let b = qris_emv::Builder::from_payload(&p).into_owned();
        new_handle!(out, Builder(b))
    })
}

/// Sets the object at `path` (`"59"`, `"62.07"`, ...) to `value` (copied),
/// replacing it in place or inserting it by the ordering rule (templates are
/// created as needed). `QRIS_RESULT_INVALID_ARGUMENT` for a malformed path,
/// tag 63 (computed), an empty value or one over 99 characters.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_builder_set(
    b: *mut Builder,
    path: *const u8,
    path_len: usize,
    value: *const u8,
    value_len: usize,
) -> QrisResult {
    guard(move || {
        let (b, path, value) = (&mut try_mut!(b).0, text!(path, path_len), text!(value, value_len));
        b.set_path(path, value.to_owned())?;
        Ok(())
    })
}

/// Removes the object at `path` (nothing happens if absent).
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_builder_remove(b: *mut Builder, path: *const u8, path_len: usize) -> QrisResult {
    guard(move || {
        let (b, path) = (&mut try_mut!(b).0, text!(path, path_len));
        b.remove_path(path)?;
        Ok(())
    })
}

/// Encodes the payload with its CRC into `(out, cap)`. The builder stays usable.
/// `QRIS_RESULT_INVALID_ARGUMENT` when a template's children exceed 99 characters.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_builder_build(
    b: *mut Builder,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> QrisResult {
    guard(move || {
        let b = &try_ref!(b).0;
        let s = b.build()?;
        write_out!(s.as_bytes(), out, cap, out_len)
    })
}

/// Frees a builder; NULL does nothing.
///
/// # Safety
/// Pointers follow the conventions at the top of this header.
#[no_mangle]
pub unsafe extern "C" fn qris_builder_free(b: *mut Builder) {
    free_handle!(b);
}
