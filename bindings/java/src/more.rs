//! Rendering (qris-render), the builder and CPM codes for the JVM: `Render`,
//! `Builder`, `Cpm`.

use jni::objects::{JObjectArray, JString};
use jni::sys::{jboolean, jbyteArray, jint, jobjectArray, JNI_TRUE};
use jni::JNIEnv;
use qris_emv::cpm;
use qris_render::{Ecc, Paper, QrMatrix, RenderError, RenderOptions};

use crate::{optional_text, parse_error, string_array, text, Thrown};

fn argument(message: String) -> Thrown {
    Thrown::new("id/qris/QrisException", "argument", None, "", message)
}

fn matrix(payload: &str, ecc: &str, force: bool) -> Result<QrMatrix, Thrown> {
    let ecc: Ecc =
        ecc.parse().map_err(|e| argument(format!("{e}: expected \"L\", \"M\", \"Q\" or \"H\", not {ecc:?}")))?;
    let opts = RenderOptions { ecc, force, ..RenderOptions::default() };
    QrMatrix::encode(payload, &opts).map_err(|e| match e {
        RenderError::Payload(p) => parse_error(&p),
        other => Thrown::new("id/qris/QrisException", "render", None, "", other.to_string()),
    })
}

native! {
    /// The payload's QR code as `kind` ("svg": UTF-8 SVG with an optional caption,
    /// "png": 1-bit PNG at `scale` pixels per module, "escpos58"/"escpos80":
    /// ESC/POS raster bytes), checked by the payload engine first unless `force`.
    fn Java_id_qris_Native_render(env, payload: JString<'l>, kind: JString<'l>, ecc: JString<'l>, scale: jint,
        caption: JString<'l>, force: jboolean) -> jbyteArray = std::ptr::null_mut(); {
        let (payload, kind, ecc) = (text(env, &payload, "payload")?, text(env, &kind, "kind")?, text(env, &ecc, "ecc")?);
        let caption = optional_text(env, &caption, "caption")?;
        let m = matrix(&payload, &ecc, force == JNI_TRUE)?;
        let out: Vec<u8> = match kind.as_str() {
            "svg" => qris_render::svg(&m, caption.as_deref()).into_bytes(),
            "png" => {
                let scale = usize::try_from(scale).ok().filter(|s| (1..=64).contains(s))
                    .ok_or_else(|| argument(format!("scale must be 1..=64, not {scale}")))?;
                qris_render::png(&m, scale).map_err(|e| Thrown::new("id/qris/QrisException", "render", None, "", e.to_string()))?
            }
            "escpos58" => qris_render::escpos(&m, Paper::Mm58),
            "escpos80" => qris_render::escpos(&m, Paper::Mm80),
            other => return Err(argument(format!("unknown image kind {other:?}"))),
        };
        Ok(env.byte_array_from_slice(&out)?.into_raw())
    }
}

native! {
    /// Builds a payload: from `base` (a payload, or null for an empty one), the
    /// operations in order ("set", path, value / "remove", path, null), the CRC appended.
    fn Java_id_qris_Native_build(env, base: JString<'l>, ops: JObjectArray<'l>) -> jni::sys::jstring = std::ptr::null_mut(); {
        let base = optional_text(env, &base, "payload")?;
        let parsed;
        let mut b = match &base {
            Some(t) => {
                parsed = qris_emv::parse(t).map_err(|e| parse_error(&e))?;
                qris_emv::Builder::from_payload(&parsed).into_owned()
            }
            None => qris_emv::Builder::new(),
        };
        let n = env.get_array_length(&ops)?;
        let mut i = 0;
        while i + 3 <= n {
            let op = JString::from(env.get_object_array_element(&ops, i)?);
            let op = text(env, &op, "operation")?;
            let path = JString::from(env.get_object_array_element(&ops, i + 1)?);
            let path = text(env, &path, "path")?;
            let build_error = |e: qris_emv::BuildError| Thrown::new("id/qris/ConvertException", "build", None, "", e.to_string());
            match op.as_str() {
                "set" => {
                    let value = JString::from(env.get_object_array_element(&ops, i + 2)?);
                    let value = text(env, &value, "value")?;
                    b.set_path(&path, value).map_err(build_error)?;
                }
                _ => {
                    b.remove_path(&path).map_err(build_error)?;
                }
            }
            i += 3;
        }
        let out = b.build().map_err(|e| Thrown::new("id/qris/ConvertException", "build", None, "", e.to_string()))?;
        crate::jstr(env, &out)
    }
}

fn cpm_error(e: &cpm::CpmError) -> Thrown {
    Thrown::new("id/qris/ParseException", e.code.as_str(), Some(e.offset), &e.path.to_string(), e.to_string())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

native! {
    /// A CPM code (Base64 or hex text): its format indicator, then seven
    /// fields per application (AID hex, label, cardholder name, language,
    /// issuer URL, PAN masked, track 2 masked), the common template's last
    /// (marked by a leading "common"). Card numbers only ever masked.
    fn Java_id_qris_Native_cpmParse(env, code: JString<'l>) -> jobjectArray = std::ptr::null_mut(); {
        let t = text(env, &code, "code")?;
        let mut buf = vec![0u8; cpm::MAX_CPM_BYTES];
        let c = cpm::parse(&t, &mut buf).map_err(|e| cpm_error(&e))?;
        let mut owned: Vec<Option<String>> = vec![c.format_indicator().map(str::to_owned)];
        let mut add = |marker: &str, a: &cpm::Template<'_>| {
            owned.push(Some(marker.to_owned()));
            owned.push(a.aid().map(hex));
            owned.push(a.label().map(str::to_owned));
            owned.push(a.cardholder_name().map(str::to_owned));
            owned.push(a.language_preference().map(str::to_owned));
            owned.push(a.issuer_url().map(str::to_owned));
            owned.push(a.pan_masked().map(|m| m.as_str().to_owned()));
            owned.push(a.track2_masked().map(|m| m.as_str().to_owned()));
        };
        for a in c.applications() {
            add("application", &a);
        }
        if let Some(common) = c.common_data() {
            add("common", &common);
        }
        let refs: Vec<Option<&str>> = owned.iter().map(|s| s.as_deref()).collect();
        string_array(env, &refs)
    }
}

native! {
    /// Every problem of a CPM code (flattened diagnostics); never throws for a bad code.
    fn Java_id_qris_Native_cpmValidate(env, code: JString<'l>) -> jobjectArray = std::ptr::null_mut(); {
        let t = text(env, &code, "code")?;
        let mut buf = vec![0u8; cpm::MAX_CPM_BYTES];
        let flat: Vec<String> = match cpm::parse(&t, &mut buf) {
            Ok(c) => c
                .validate()
                .diagnostics()
                .iter()
                .flat_map(|d| [d.code.as_str().to_owned(), d.severity.as_str().to_owned(), d.offset.to_string(), d.path.to_string(), d.message.clone()])
                .collect(),
            Err(e) => vec![e.code.as_str().to_owned(), "error".into(), e.offset.to_string(), e.path.to_string(), e.message.to_owned()],
        };
        crate::owned_array(env, &flat)
    }
}

fn scan_error(e: &qris_scan::ScanError) -> Thrown {
    Thrown::new("id/qris/ImageError", e.code(), None, "", e.to_string())
}

/// Codes found, flattened: the sticker verdict and its message (nulls without
/// an NMID), then six fields per code: text, text as shown (card numbers
/// masked), kind, valid ("1"/"0"), corners ("x,y" four times, space separated).
fn scan_result(
    env: &mut JNIEnv<'_>,
    codes: &[qris_scan::Found],
    nmid: Option<&str>,
    pan: Option<&str>,
    name: Option<&str>,
    city: Option<&str>,
) -> Result<jobjectArray, Thrown> {
    let mut out: Vec<Option<String>> = Vec::with_capacity(2 + codes.len() * 6);
    match nmid {
        Some(nmid) => {
            let verdict = qris_scan::check_sticker(codes, &qris_scan::Expected { nmid, pan, name, city });
            out.push(Some(verdict.name().to_owned()));
            out.push(Some(verdict.to_string()));
        }
        None => out.extend([None, None]),
    }
    for f in codes {
        let corners: Vec<String> = f.corners().iter().map(|p| format!("{},{}", p.x, p.y)).collect();
        out.extend([
            Some(f.text().to_owned()),
            Some(f.shown_text().to_string()),
            Some(f.kind().name().to_owned()),
            Some(if f.is_valid() { "1" } else { "0" }.to_owned()),
            Some(corners.join(" ")),
        ]);
        out.push(None);
    }
    let refs: Vec<Option<&str>> = out.iter().map(|s| s.as_deref()).collect();
    string_array(env, &refs)
}

native! {
    /// Every QR code in a PNG or JPEG file (and the sticker check when `nmid` is given).
    fn Java_id_qris_Native_scanFile(env, data: jni::objects::JByteArray<'l>, nmid: JString<'l>, pan: JString<'l>,
        name: JString<'l>, city: JString<'l>) -> jobjectArray = std::ptr::null_mut(); {
        let data = crate::bytes(env, &data, "image")?;
        let (nmid, pan) = (optional_text(env, &nmid, "nmid")?, optional_text(env, &pan, "pan")?);
        let (name, city) = (optional_text(env, &name, "name")?, optional_text(env, &city, "city")?);
        let codes = qris_scan::scan_file(&data).map_err(|e| scan_error(&e))?;
        scan_result(env, &codes, nmid.as_deref(), pan.as_deref(), name.as_deref(), city.as_deref())
    }
}

native! {
    /// Every QR code in raw pixels (`format`: gray, rgb, rgba, bgr, bgra; `stride` in bytes, 0 for packed rows).
    fn Java_id_qris_Native_scanPixels(env, pixels: jni::objects::JByteArray<'l>, width: jint, height: jint, stride: jint,
        format: JString<'l>) -> jobjectArray = std::ptr::null_mut(); {
        let data = crate::bytes(env, &pixels, "pixels")?;
        let format_name = text(env, &format, "format")?;
        let format = qris_scan::PixelFormat::from_name(&format_name)
            .ok_or_else(|| argument(format!("format must be gray, rgb, rgba, bgr or bgra, not {format_name:?}")))?;
        let dims = |v: jint, what: &str| u32::try_from(v).map_err(|_| argument(format!("{what} must not be negative")));
        let (w, h) = (dims(width, "width")?, dims(height, "height")?);
        let stride = usize::try_from(stride).map_err(|_| argument("stride must not be negative".into()))?;
        let stride = if stride == 0 { w as usize * format.bytes_per_pixel() } else { stride };
        let view = qris_scan::ImageView::new(&data, w, h, stride, format).map_err(|e| scan_error(&e))?;
        let codes = qris_scan::scan(&view).map_err(|e| scan_error(&e))?;
        scan_result(env, &codes, None, None, None, None)
    }
}
