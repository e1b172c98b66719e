//! The qris engine for the JVM (Java, Kotlin; Android through the same JNI):
//! the native methods of `id.qris.Native`, each a thin projection of a core
//! crate. The Java classes (`bindings/java/java/id/qris`) give them their
//! shapes: `Qris`, `Payload`, `Diagnostic`, the `QrisException` family.
//!
//! Conventions across the boundary:
//! - strings come in as Java strings, decoded strictly from JNI's modified
//!   UTF-8 (a lone surrogate is the engine's `input.utf8`, never replaced);
//! - structured results go out as flat `String[]` arrays the Java side reads
//!   by position (one crossing, no JSON library needed in Java);
//! - an error is thrown as the matching `QrisException` subclass with code,
//!   offset and path; a panic is caught and thrown as `QrisException`
//!   (`internal`): nothing unwinds into the JVM.
//!
//! `unsafe`: one call (`get_string_unchecked`, in `utf8_or_raw`, with its
//! SAFETY note: the JVM has already type-checked the argument as a String).
//! The lint is `deny`, not `forbid`, for it and because the JNI entry points
//! must be `#[no_mangle]` (the JVM finds them by name), which the
//! `unsafe_code` lint counts; the `native!` macro allows it on each entry point
//! and nowhere else.

#![deny(unsafe_code)]

use std::panic::{catch_unwind, AssertUnwindSafe};

use jni::objects::{JByteArray, JObject, JObjectArray, JString, JValue};
use jni::sys::{jboolean, jbyteArray, jint, jintArray, jobjectArray, jstring, JNI_FALSE, JNI_TRUE};
use jni::JNIEnv;
use qris_emv::{Diagnostic, DynamicOptions, Field, ParseOptions, TipRequest, Validator};

/// A native method of `id.qris.Native`: found by the JVM by its name, its body
/// run by [`run`] (errors and panics thrown into Java, `fallback` returned).
macro_rules! native {
    ($(#[$doc:meta])* fn $name:ident($env:ident $(, $arg:ident : $ty:ty)*) -> $ret:ty = $fallback:expr; $body:block) => {
        $(#[$doc])*
        #[allow(unsafe_code)] // #[no_mangle]: the JVM finds native methods by name
        #[no_mangle]
        #[allow(clippy::too_many_arguments)]
        pub extern "system" fn $name<'l>(mut env: ::jni::JNIEnv<'l>, _: ::jni::objects::JClass<'l> $(, $arg: $ty)*) -> $ret {
            crate::run(&mut env, $fallback, |$env| $body)
        }
    };
}

mod more;
mod sign;
mod snap;

/// What a native method failed with: thrown as a Java exception.
pub(crate) struct Thrown {
    class: &'static str,
    code: String,
    offset: i64,
    path: String,
    message: String,
    /// For a refused SNAP notification: the HTTP status and body to answer with.
    pub(crate) ack: Option<Box<(i32, String)>>,
}

impl Thrown {
    pub(crate) fn new(class: &'static str, code: &str, offset: Option<usize>, path: &str, message: String) -> Self {
        Thrown {
            class,
            code: code.to_owned(),
            offset: offset.map_or(-1, |o| o as i64),
            path: path.to_owned(),
            message,
            ack: None,
        }
    }

    pub(crate) fn internal(message: String) -> Self {
        Thrown::new("id/qris/QrisException", "internal", None, "", message)
    }

    fn from_jni(e: jni::errors::Error) -> Self {
        Thrown::internal(format!("JNI: {e}"))
    }
}

impl From<jni::errors::Error> for Thrown {
    fn from(e: jni::errors::Error) -> Self {
        Thrown::from_jni(e)
    }
}

pub(crate) fn parse_error(e: &qris_emv::ParseError) -> Thrown {
    let d = e.diagnostic();
    let class = if d.code.as_str().starts_with("crc.") { "id/qris/CrcException" } else { "id/qris/ParseException" };
    Thrown::new(class, d.code.as_str(), Some(d.offset), &d.path.to_string(), e.to_string())
}

fn convert_error(e: &qris_emv::ConvertError) -> Thrown {
    match e {
        qris_emv::ConvertError::Parse(p) => parse_error(p),
        qris_emv::ConvertError::Payload(d) | qris_emv::ConvertError::Option(d) => {
            Thrown::new("id/qris/ConvertException", d.code.as_str(), Some(d.offset), &d.path.to_string(), e.to_string())
        }
        other => Thrown::new("id/qris/ConvertException", "convert", None, "", other.to_string()),
    }
}

/// Throws `t` as its Java class (falling back to `RuntimeException` if the
/// class cannot be made, e.g. a jar without it).
fn throw(env: &mut JNIEnv<'_>, t: Thrown) {
    if env.exception_check().unwrap_or(false) {
        return; // a Java exception is already pending: it says more
    }
    let made = (|| -> jni::errors::Result<()> {
        let message = env.new_string(&t.message)?;
        let code = env.new_string(&t.code)?;
        let path = env.new_string(&t.path)?;
        let obj = env.new_object(
            t.class,
            "(Ljava/lang/String;Ljava/lang/String;JLjava/lang/String;)V",
            &[JValue::Object(&message), JValue::Object(&code), JValue::Long(t.offset), JValue::Object(&path)],
        )?;
        if let Some((status, body)) = t.ack.as_deref() {
            let body = env.new_string(body)?;
            env.call_method(&obj, "withAck", "(ILjava/lang/String;)V", &[JValue::Int(*status), JValue::Object(&body)])?;
        }
        env.throw(jni::objects::JThrowable::from(obj))
    })();
    if made.is_err() {
        let _ = env.exception_clear();
        let _ = env.throw_new("java/lang/RuntimeException", format!("qris: {} ({})", t.message, t.code));
    }
}

/// Runs a native method's body: its value, or `fallback` with the error (or
/// a caught panic) thrown into Java.
pub(crate) fn run<'local, T>(
    env: &mut JNIEnv<'local>,
    fallback: T,
    body: impl FnOnce(&mut JNIEnv<'local>) -> Result<T, Thrown>,
) -> T {
    match catch_unwind(AssertUnwindSafe(|| body(env))) {
        Ok(Ok(v)) => v,
        Ok(Err(t)) => {
            throw(env, t);
            fallback
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            throw(env, Thrown::internal(format!("internal error in the qris engine: {what}")));
            fallback
        }
    }
}

/// A Java string's UTF-8, or (for a string with a lone surrogate, which
/// UTF-8 cannot hold) its modified UTF-8 bytes as JNI gives them: invalid
/// UTF-8 at the surrogate, which the engine reports as `input.utf8` there.
fn utf8_or_raw(env: &mut JNIEnv<'_>, s: &JString<'_>, what: &str) -> Result<Result<String, Vec<u8>>, Thrown> {
    if s.is_null() {
        return Err(Thrown::new("id/qris/QrisException", "input.null", None, "", format!("{what} must not be null")));
    }
    // SAFETY: every JString reaching here is a parameter the JVM type-checked
    // as java.lang.String (the native methods' declared types, or elements of
    // a String[]): the class check `get_string` repeats on each call (a
    // FindClass and an IsAssignableFrom, ~1 us) would prove nothing more.
    #[allow(unsafe_code)]
    let java = unsafe { env.get_string_unchecked(s) }?;
    let raw = java.to_bytes();
    Ok(match cesu8::from_java_cesu8(raw) {
        Ok(t) => Ok(t.into_owned()),
        Err(_) => Err(raw.to_vec()),
    })
}

/// A Java string's text, strictly: a lone surrogate is `input.utf8`.
pub(crate) fn text(env: &mut JNIEnv<'_>, s: &JString<'_>, what: &str) -> Result<String, Thrown> {
    utf8_or_raw(env, s, what)?.map_err(|raw| {
        let at = std::str::from_utf8(&raw).err().map_or(0, |e| e.valid_up_to());
        Thrown::new(
            "id/qris/ParseException",
            "input.utf8",
            Some(at),
            "",
            format!("{what} is not valid Unicode (a lone surrogate at byte {at}): it cannot be UTF-8"),
        )
    })
}

/// The bytes the validator reads: the text's UTF-8, or the raw bytes of a
/// string with a lone surrogate (reported as `input.utf8`).
fn validator_input(env: &mut JNIEnv<'_>, s: &JString<'_>) -> Result<Vec<u8>, Thrown> {
    Ok(match utf8_or_raw(env, s, "payload")? {
        Ok(t) => t.into_bytes(),
        Err(raw) => raw,
    })
}

pub(crate) fn optional_text(env: &mut JNIEnv<'_>, s: &JString<'_>, what: &str) -> Result<Option<String>, Thrown> {
    if s.is_null() {
        Ok(None)
    } else {
        text(env, s, what).map(Some)
    }
}

pub(crate) fn bytes(env: &mut JNIEnv<'_>, b: &JByteArray<'_>, what: &str) -> Result<Vec<u8>, Thrown> {
    if b.is_null() {
        return Err(Thrown::new("id/qris/QrisException", "input.null", None, "", format!("{what} must not be null")));
    }
    Ok(env.convert_byte_array(b)?)
}

pub(crate) fn jstr(env: &mut JNIEnv<'_>, s: &str) -> Result<jstring, Thrown> {
    Ok(env.new_string(s)?.into_raw())
}

/// A `String[]` of the values (nulls where `None`).
pub(crate) fn string_array(env: &mut JNIEnv<'_>, values: &[Option<&str>]) -> Result<jobjectArray, Thrown> {
    Ok(string_array_obj(env, values)?.into_raw())
}

fn string_array_obj<'l>(env: &mut JNIEnv<'l>, values: &[Option<&str>]) -> Result<JObjectArray<'l>, Thrown> {
    let array = env.new_object_array(values.len() as i32, "java/lang/String", JObject::null())?;
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let s = env.new_string(v)?;
            env.set_object_array_element(&array, i as i32, &s)?;
            env.delete_local_ref(s)?;
        }
    }
    Ok(array)
}

fn options(strict: jboolean) -> ParseOptions {
    ParseOptions::new().strict(strict == JNI_TRUE)
}

/// Diagnostics flattened five by five: code, severity, offset, path, message.
fn diagnostics_flat(ds: &[Diagnostic]) -> Vec<String> {
    let mut out = Vec::with_capacity(ds.len() * 5);
    for d in ds {
        out.push(d.code.as_str().to_owned());
        out.push(d.severity.as_str().to_owned());
        out.push(d.offset.to_string());
        out.push(d.path.to_string());
        out.push(d.message().to_string());
    }
    out
}

pub(crate) fn owned_array(env: &mut JNIEnv<'_>, values: &[String]) -> Result<jobjectArray, Thrown> {
    Ok(owned_array_obj(env, values)?.into_raw())
}

fn owned_array_obj<'l>(env: &mut JNIEnv<'l>, values: &[String]) -> Result<JObjectArray<'l>, Thrown> {
    let refs: Vec<Option<&str>> = values.iter().map(|s| Some(s.as_str())).collect();
    string_array_obj(env, &refs)
}

native! {
    /// The engine's version.
    fn Java_id_qris_Native_version(env) -> jstring = std::ptr::null_mut(); {
        jstr(env, env!("CARGO_PKG_VERSION"))
    }
}

native! {
    /// Parses (structure and CRC): the fields as spans of the caller's own
    /// string, so Java slices them (no string is made here): 12 (start, length)
    /// pairs in UTF-16 units (the fields in the order of `Field::ALL`: amount,
    /// merchant name, city, postal code, MCC, currency, country, NMID, CRC; then
    /// the payload as trimmed, then the dynamic flag
    /// as (1 or 0, 0)), an absent field as (-1, 0); or throws.
    fn Java_id_qris_Native_parse(env, payload: JString<'l>, strict: jboolean) -> jintArray = std::ptr::null_mut(); {
        let t = text(env, &payload, "payload")?;
        let p = options(strict).parse(&t).map_err(|e| parse_error(&e))?;
        let units = Utf16Offsets::new(&t, p.is_ascii() && t.is_ascii());
        let span = |f: Option<&str>| -> [jint; 2] {
            match f {
                // Every field is a slice of `t` (the parser is zero-copy).
                Some(v) => {
                    let start = v.as_ptr() as usize - t.as_ptr() as usize;
                    let (a, b) = (units.at(start), units.at(start + v.len()));
                    [a, b - a]
                }
                None => [-1, 0],
            }
        };
        let mut spans: Vec<jint> = Field::ALL.into_iter().flat_map(|f| span(p.field(f))).collect();
        spans.extend(span(Some(p.as_str())));
        spans.extend([jint::from(p.is_dynamic()), 0]);
        let out = env.new_int_array(spans.len() as jint)?;
        env.set_int_array_region(&out, 0, &spans)?;
        Ok(out.into_raw())
    }
}

/// Byte offsets of a UTF-8 text as UTF-16 offsets (what Java's substring takes).
struct Utf16Offsets {
    /// For non-ASCII text: the UTF-16 offset of each byte offset that starts a character (and the end).
    map: Option<Vec<jint>>,
}

impl Utf16Offsets {
    fn new(t: &str, ascii: bool) -> Self {
        if ascii {
            return Utf16Offsets { map: None };
        }
        let mut map = vec![0; t.len() + 1];
        let mut units = 0;
        for (i, c) in t.char_indices() {
            map[i] = units;
            units += c.len_utf16() as jint;
        }
        map[t.len()] = units;
        Utf16Offsets { map: Some(map) }
    }

    fn at(&self, byte: usize) -> jint {
        match &self.map {
            None => byte as jint,
            Some(m) => m[byte],
        }
    }
}

native! {
    /// The value at a path such as "62.07", or null.
    fn Java_id_qris_Native_get(env, payload: JString<'l>, strict: jboolean, path: JString<'l>) -> jstring = std::ptr::null_mut(); {
        let t = text(env, &payload, "payload")?;
        let path = text(env, &path, "path")?;
        let p = options(strict).parse(&t).map_err(|e| parse_error(&e))?;
        match p.get_path(&path) {
            Some(o) => jstr(env, o.value()),
            None => Ok(std::ptr::null_mut()),
        }
    }
}

native! {
    /// The data objects in payload order, four by four: path, name (or null),
    /// value, byte offset.
    fn Java_id_qris_Native_objects(env, payload: JString<'l>, strict: jboolean) -> jobjectArray = std::ptr::null_mut(); {
        let t = text(env, &payload, "payload")?;
        let p = options(strict).parse(&t).map_err(|e| parse_error(&e))?;
        let mut flat: Vec<(String, Option<&str>, String, String)> = Vec::new();
        fn walk<'a>(o: &qris_emv::DataObject<'a>, flat: &mut Vec<(String, Option<&'a str>, String, String)>) {
            flat.push((
                o.path().to_string(),
                qris_emv::tags::name(o.path()),
                o.value().to_owned(),
                o.offset().to_string(),
            ));
            if o.is_template() {
                for c in o.children() {
                    walk(&c, flat);
                }
            }
        }
        for o in p.objects() {
            walk(&o, &mut flat);
        }
        let mut values: Vec<Option<&str>> = Vec::with_capacity(flat.len() * 4);
        for (path, name, value, offset) in &flat {
            values.extend([Some(path.as_str()), *name, Some(value.as_str()), Some(offset.as_str())]);
        }
        string_array(env, &values)
    }
}

native! {
    /// Merchant account templates (26..51), six by six: id, GUID, PAN, merchant
    /// ID, criteria, acquirer (nulls where absent).
    fn Java_id_qris_Native_merchantAccounts(env, payload: JString<'l>, strict: jboolean) -> jobjectArray = std::ptr::null_mut(); {
        let t = text(env, &payload, "payload")?;
        let p = options(strict).parse(&t).map_err(|e| parse_error(&e))?;
        let accounts: Vec<_> = p.merchant_accounts().collect();
        let ids: Vec<String> = accounts.iter().map(|m| format!("{:02}", m.id())).collect();
        let mut values: Vec<Option<&str>> = Vec::new();
        for (m, id) in accounts.iter().zip(&ids) {
            values.extend([Some(id.as_str()), m.guid(), m.pan(), m.merchant_id(), m.criteria(), m.acquirer()]);
        }
        string_array(env, &values)
    }
}

native! {
    /// Every problem under the QRIS rules (flattened diagnostics); never throws
    /// for a bad payload.
    fn Java_id_qris_Native_validate(env, payload: JString<'l>, strict: jboolean) -> jobjectArray = std::ptr::null_mut(); {
        let input = validator_input(env, &payload)?;
        let report = Validator::qris().strict(strict == JNI_TRUE).validate_bytes(&input);
        owned_array(env, &diagnostics_flat(report.diagnostics()))
    }
}

native! {
    /// Whether a payload passes the QRIS rules (warnings allowed).
    fn Java_id_qris_Native_isValid(env, payload: JString<'l>, strict: jboolean) -> jboolean = JNI_FALSE; {
        let input = validator_input(env, &payload)?;
        let valid = Validator::qris().strict(strict == JNI_TRUE).is_valid_bytes(&input);
        Ok(if valid { JNI_TRUE } else { JNI_FALSE })
    }
}

native! {
    /// validate() for many payloads on all cores: one flattened String[] per payload.
    fn Java_id_qris_Native_validateMany(env, payloads: JObjectArray<'l>, strict: jboolean) -> jobjectArray = std::ptr::null_mut(); {
        if payloads.is_null() {
            return Err(Thrown::new(
                "id/qris/QrisException",
                "input.null",
                None,
                "",
                "payloads must not be null".into(),
            ));
        }
        let n = env.get_array_length(&payloads)?;
        let mut inputs: Vec<Vec<u8>> = Vec::with_capacity(n as usize);
        for i in 0..n {
            let item = JString::from(env.get_object_array_element(&payloads, i)?);
            inputs.push(validator_input(env, &item)?);
            env.delete_local_ref(item)?;
        }
        let v = Validator::qris().strict(strict == JNI_TRUE);
        let flat: Vec<Vec<String>> = {
            use rayon::prelude::*;
            inputs.par_iter().map(|b| diagnostics_flat(v.validate_bytes(b).diagnostics())).collect()
        };
        let out = env.new_object_array(n, "[Ljava/lang/String;", JObject::null())?;
        for (i, f) in flat.iter().enumerate() {
            let a = owned_array_obj(env, f)?;
            env.set_object_array_element(&out, i as i32, &a)?;
            env.delete_local_ref(a)?;
        }
        Ok(out.into_raw())
    }
}

native! {
    /// A dynamic code for `amount` from a static one.
    fn Java_id_qris_Native_toDynamic(env, payload: JString<'l>, amount: JString<'l>, tip_prompt: jboolean, fee_fixed: JString<'l>, fee_percent: JString<'l>, bill: JString<'l>, reference: JString<'l>, terminal: JString<'l>, force: jboolean) -> jstring = std::ptr::null_mut(); {
        let t = text(env, &payload, "payload")?;
        let amount = text(env, &amount, "amount")?;
        let fee_fixed = optional_text(env, &fee_fixed, "feeFixed")?;
        let fee_percent = optional_text(env, &fee_percent, "feePercent")?;
        let bill = optional_text(env, &bill, "bill")?;
        let reference = optional_text(env, &reference, "reference")?;
        let terminal = optional_text(env, &terminal, "terminal")?;
        let tip = TipRequest::choose(tip_prompt == JNI_TRUE, fee_fixed.as_deref(), fee_percent.as_deref())
            .map_err(|e| Thrown::new("id/qris/ConvertException", "convert.options", None, "", e.to_string()))?;
        let opts = DynamicOptions::new(&amount)
            .force(force == JNI_TRUE)
            .tip(tip)
            .bill_opt(bill.as_deref())
            .reference_opt(reference.as_deref())
            .terminal_opt(terminal.as_deref());
        let out = qris_emv::to_dynamic(&t, &opts).map_err(|e| convert_error(&e))?;
        jstr(env, &out)
    }
}

native! {
    /// A static code from a dynamic one.
    fn Java_id_qris_Native_toStatic(env, payload: JString<'l>, force: jboolean) -> jstring = std::ptr::null_mut(); {
        let t = text(env, &payload, "payload")?;
        let out = qris_emv::to_static(&t, force == JNI_TRUE).map_err(|e| convert_error(&e))?;
        jstr(env, &out)
    }
}

native! {
    /// CRC16-CCITT-FALSE of the bytes.
    fn Java_id_qris_Native_crc16(env, data: JByteArray<'l>) -> jint = 0; {
        Ok(jint::from(qris_emv::crc16(&bytes(env, &data, "data")?)))
    }
}

native! {
    /// Lexically minified JSON bytes.
    fn Java_id_qris_Native_minify(env, body: JByteArray<'l>) -> jbyteArray = std::ptr::null_mut(); {
        let b = bytes(env, &body, "body")?;
        let out = qris_sign::minify(&b).map_err(|e| json_error(&e))?;
        Ok(env.byte_array_from_slice(&out)?.into_raw())
    }
}

native! {
    /// The SNAP body hash (lowercase hex SHA-256 of the minified body).
    fn Java_id_qris_Native_bodyHash(env, body: JByteArray<'l>) -> jstring = std::ptr::null_mut(); {
        let b = bytes(env, &body, "body")?;
        let h = qris_sign::body_hash(&b).map_err(|e| json_error(&e))?;
        jstr(env, h.as_str())
    }
}

fn json_error(e: &qris_sign::JsonError) -> Thrown {
    Thrown::new("id/qris/JsonException", "json", Some(e.offset), "", e.to_string())
}
