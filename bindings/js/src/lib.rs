//! The qris engine for JavaScript: the functions the npm package's modules
//! (`bindings/js/js/*.js`) call. Each is a thin projection of a core crate;
//! the JS layer gives them their shapes (classes, options objects, errors).
//!
//! Errors cross as a JSON string `{"qrisError": kind, "code", "offset",
//! "path", "message"}` thrown from Rust; the JS layer turns it into the
//! matching `QrisError` subclass. Structured results cross as JSON strings
//! (one crossing, parsed by the engine's JSON.parse).

#![forbid(unsafe_code)]

use qris_emv::{DynamicOptions, ParseOptions, TipRequest, Validator};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

mod fast;
#[cfg(feature = "full")]
mod full;

/// An error for the JS layer: `kind` is the JS class name.
pub(crate) fn error(kind: &str, code: &str, offset: Option<usize>, path: &str, message: &str) -> JsValue {
    JsValue::from_str(
        &json!({"qrisError": kind, "code": code, "offset": offset, "path": path, "message": message}).to_string(),
    )
}

fn parse_error(e: &qris_emv::ParseError) -> JsValue {
    let d = e.diagnostic();
    let kind = if d.code.as_str().starts_with("crc.") { "CrcError" } else { "ParseError" };
    error(kind, d.code.as_str(), Some(d.offset), &d.path.to_string(), &e.to_string())
}

fn convert_error(e: &qris_emv::ConvertError) -> JsValue {
    match e {
        qris_emv::ConvertError::Parse(p) => parse_error(p),
        qris_emv::ConvertError::Payload(d) | qris_emv::ConvertError::Option(d) => {
            error("ConvertError", d.code.as_str(), Some(d.offset), &d.path.to_string(), &e.to_string())
        }
        other => error("ConvertError", "convert", None, "", &other.to_string()),
    }
}

pub(crate) fn diagnostic_json(d: &qris_emv::Diagnostic) -> Value {
    json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "offset": d.offset,
        "path": d.path.to_string(),
        "message": d.message().to_string(),
    })
}

fn options(strict: bool) -> ParseOptions {
    ParseOptions::new().strict(strict)
}

/// Parses `text` (structure and CRC). `Ok(())` or a thrown `ParseError` /
/// `CrcError`: the JS `Payload` keeps the text and asks for fields lazily.
#[wasm_bindgen(js_name = parseCheck)]
pub fn parse_check(text: &str, strict: bool) -> Result<(), JsValue> {
    options(strict).parse(text).map(|_| ()).map_err(|e| parse_error(&e))
}

/// The fields of a payload that parses, as JSON.
#[wasm_bindgen(js_name = payloadFields)]
pub fn payload_fields(text: &str, strict: bool) -> Result<String, JsValue> {
    let p = options(strict).parse(text).map_err(|e| parse_error(&e))?;
    let accounts: Vec<Value> = p
        .merchant_accounts()
        .map(|m| {
            json!({
                "id": format!("{:02}", m.id()),
                "guid": m.guid(),
                "pan": m.pan(),
                "merchantId": m.merchant_id(),
                "criteria": m.criteria(),
                "acquirer": m.acquirer(),
            })
        })
        .collect();
    Ok(json!({
        "amount": p.amount(),
        "merchantName": p.merchant_name(),
        "merchantCity": p.merchant_city(),
        "postalCode": p.postal_code(),
        "mcc": p.mcc(),
        "currency": p.currency(),
        "country": p.country(),
        "nmid": p.nmid(),
        "isDynamic": p.is_dynamic(),
        "crc": p.crc(),
        "merchantAccounts": accounts,
    })
    .to_string())
}

/// The data objects of a payload that parses, as a JSON tree.
#[wasm_bindgen(js_name = payloadObjects)]
pub fn payload_objects(text: &str, strict: bool) -> Result<String, JsValue> {
    fn object(o: &qris_emv::DataObject<'_>) -> Value {
        let mut v = json!({"id": format!("{:02}", o.id()), "path": o.path().to_string(), "offset": o.offset()});
        if let Some(name) = qris_emv::tags::name(o.path()) {
            v["name"] = json!(name);
        }
        if o.is_template() {
            v["children"] = Value::Array(o.children().map(|c| object(&c)).collect());
        }
        v["value"] = json!(o.value());
        v
    }
    let p = options(strict).parse(text).map_err(|e| parse_error(&e))?;
    Ok(Value::Array(p.objects().map(|o| object(&o)).collect()).to_string())
}

/// The value at `path` (`"54"`, `"62.07"`), or `undefined`.
#[wasm_bindgen(js_name = payloadGet)]
pub fn payload_get(text: &str, strict: bool, path: &str) -> Result<Option<String>, JsValue> {
    let p = options(strict).parse(text).map_err(|e| parse_error(&e))?;
    let path: qris_emv::Path = path.parse().map_err(|_| {
        error("QrisError", "argument", None, "", &format!("invalid path {path:?}: expected e.g. \"62.07\""))
    })?;
    Ok(p.lookup(path).map(|o| o.value().to_owned()))
}

/// Every diagnostic of `text` under the QRIS rules, as a JSON array.
#[wasm_bindgen]
pub fn validate(text: &str, strict: bool) -> String {
    let report = Validator::qris().strict(strict).validate(text);
    Value::Array(report.diagnostics().iter().map(diagnostic_json).collect()).to_string()
}

/// Whether `text` passes the QRIS rules (warnings allowed).
#[wasm_bindgen(js_name = isValid)]
pub fn is_valid(text: &str, strict: bool) -> bool {
    Validator::qris().strict(strict).is_valid(text)
}

/// Validates many payloads (one crossing): per payload, `null` when valid
/// without warnings, else its diagnostics, as a JSON array.
#[wasm_bindgen(js_name = validateMany)]
pub fn validate_many(texts: Vec<String>, strict: bool) -> String {
    let v = Validator::qris().strict(strict);
    let out: Vec<Value> = texts
        .iter()
        .map(|t| {
            let r = v.validate(t);
            if r.diagnostics().is_empty() {
                Value::Null
            } else {
                Value::Array(r.diagnostics().iter().map(diagnostic_json).collect())
            }
        })
        .collect();
    Value::Array(out).to_string()
}

/// A dynamic code from a static one (see the core's `to_dynamic`). Amounts and
/// fees are decimal strings (the JS layer refuses `number`).
#[wasm_bindgen(js_name = toDynamic)]
#[allow(clippy::too_many_arguments)]
pub fn to_dynamic(
    text: &str,
    amount: &str,
    tip_prompt: bool,
    fee_fixed: Option<String>,
    fee_percent: Option<String>,
    bill: Option<String>,
    reference: Option<String>,
    terminal: Option<String>,
    force: bool,
) -> Result<String, JsValue> {
    let tip = TipRequest::choose(tip_prompt, fee_fixed.as_deref(), fee_percent.as_deref())
        .map_err(|e| error("ConvertError", "convert", None, "", &e.to_string()))?;
    let opts = DynamicOptions::new(amount)
        .force(force)
        .tip(tip)
        .bill_opt(bill.as_deref())
        .reference_opt(reference.as_deref())
        .terminal_opt(terminal.as_deref());
    qris_emv::to_dynamic(text, &opts).map_err(|e| convert_error(&e))
}

/// A static code from a dynamic one.
#[wasm_bindgen(js_name = toStatic)]
pub fn to_static(text: &str, force: bool) -> Result<String, JsValue> {
    qris_emv::to_static(text, force).map_err(|e| convert_error(&e))
}

/// CRC16-CCITT-FALSE of the UTF-8 bytes, four uppercase hex digits.
#[wasm_bindgen]
pub fn crc16(data: &[u8]) -> String {
    qris_emv::crc16_hex(qris_emv::crc16(data)).as_str().to_owned()
}

fn build_error(e: &qris_emv::BuildError) -> JsValue {
    error("ConvertError", "build", None, "", &e.to_string())
}

/// The payload builder (`Builder.fromPayload(p).set("62.07", "K2").build()`).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Builder(qris_emv::Builder<'static>);

#[wasm_bindgen]
impl Builder {
    /// An empty builder.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Builder {
        Builder(qris_emv::Builder::new())
    }

    /// A builder holding a payload's objects (CRC aside).
    #[wasm_bindgen(js_name = fromPayload)]
    pub fn from_payload(text: &str) -> Result<Builder, JsValue> {
        let p = ParseOptions::new().parse(text).map_err(|e| parse_error(&e))?;
        Ok(Builder(qris_emv::Builder::from_payload(&p).into_owned()))
    }

    /// Sets the object at `path` to `value`.
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), JsValue> {
        self.0.set_path(path, value.to_owned()).map(|_| ()).map_err(|e| build_error(&e))
    }

    /// Removes the object at `path` (nothing if absent).
    pub fn remove(&mut self, path: &str) -> Result<(), JsValue> {
        self.0.remove_path(path).map(|_| ()).map_err(|e| build_error(&e))
    }

    /// The payload with its CRC.
    pub fn build(&self) -> Result<String, JsValue> {
        self.0.build().map_err(|e| build_error(&e))
    }
}

static LAST_PANIC: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// Installed when the module starts: a panic (a bug; with `panic = "abort"` it
/// traps) leaves its message for `lastPanic`, which the JS layer puts in the
/// `QrisError` it reports.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = info.to_string();
        }
    }));
}

/// The message of the last panic ("" if none).
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> String {
    LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default()
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
