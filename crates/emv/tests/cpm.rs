//! CPM codes against the EMVCo specification's example and the peers' vectors
//! (tests/vectors/cpm-emvco.json), hostile input, the builder, and masking.

use qris_emv::cpm::{self, BuildApplication as App, CpmBuilder, CpmCode, Template};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/cpm-emvco.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02X}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap()
}

fn codes(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().map(|c| c.as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

fn transparent(t: &Template<'_>) -> Vec<(String, String)> {
    let inner = t.get(0x64).map(Template).unwrap();
    inner.objects().map(|o| (cpm::tag_hex(o.tag, &mut [0; 6]).to_string(), hex(o.value))).collect()
}

#[test]
fn the_emvco_example_decodes_to_its_published_fields() {
    let v = &vectors()["emvco_spec_example"];
    let mut buf = [0u8; cpm::MAX_CPM_BYTES];
    let code = cpm::parse(s(v, "base64"), &mut buf).unwrap();
    assert_eq!(hex(code.bytes()), s(v, "hex"));
    assert_eq!(code.format_indicator(), Some("CPV01"));
    let apps: Vec<(String, Option<&str>)> = code.applications().map(|a| (hex(a.aid().unwrap()), a.label())).collect();
    let want: Vec<(String, Option<&str>)> =
        v["applications"].as_array().unwrap().iter().map(|a| (s(a, "aid").to_string(), Some(s(a, "label")))).collect();
    assert_eq!(apps, want);
    let common = code.common_data().unwrap();
    let c = &v["common"];
    assert_eq!(common.cardholder_name(), Some(s(c, "cardholder_name")));
    assert_eq!(common.language_preference(), Some(s(c, "language_preference")));
    let pan = s(c, "pan");
    assert_eq!(
        common.pan_masked().unwrap().as_str(),
        format!("{}{}", "*".repeat(pan.len() - 4), &pan[pan.len() - 4..])
    );
    let want: Vec<(String, String)> = c["transparent"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    assert_eq!(transparent(&common), want);
    let report = code.validate();
    assert_eq!(report.is_valid(), v["valid"].as_bool().unwrap());
    assert_eq!(report.warnings().map(|d| d.code.as_str().to_string()).collect::<Vec<_>>(), codes(&v["warnings"]));
    assert!(report.diagnostics().iter().all(|d| !d.message.contains(pan)), "{report:?}");
}

#[test]
fn the_builder_reproduces_the_published_codes() {
    let all = vectors();
    let v = &all["emvco_spec_example"];
    let c = &v["common"];
    let mut common = App::common()
        .pan(s(c, "pan"))
        .unwrap()
        .cardholder_name(s(c, "cardholder_name"))
        .language_preference(s(c, "language_preference"));
    for (tag, value) in c["transparent"].as_object().unwrap() {
        common = common.transparent(u32::from_str_radix(tag, 16).unwrap(), &unhex(value.as_str().unwrap()));
    }
    let mut b = CpmBuilder::new();
    for a in v["applications"].as_array().unwrap() {
        b = b.application(App::new(&unhex(s(a, "aid"))).label(s(a, "label")));
    }
    let b = b.common(common);
    assert_eq!(hex(&b.to_bytes().unwrap()), s(v, "hex"));
    assert_eq!(b.to_base64().unwrap(), s(v, "base64"));

    let v = &all["track2_example"];
    let a = &v["applications"][0];
    let b = CpmBuilder::new().application(App::new(&unhex(s(a, "aid"))).track2(s(a, "track2")).unwrap());
    assert_eq!(hex(&b.to_bytes().unwrap()), s(v, "hex"));
    assert_eq!(b.to_base64().unwrap(), s(v, "base64"));
}

#[test]
fn track2_is_masked_and_checked() {
    let v = &vectors()["track2_example"];
    let mut buf = [0u8; cpm::MAX_CPM_BYTES];
    let code = cpm::parse(s(v, "base64"), &mut buf).unwrap();
    let app = code.applications().next().unwrap();
    assert_eq!(app.track2_masked().unwrap().as_str(), "************3458");
    let report = code.validate();
    assert!(report.is_valid());
    assert_eq!(report.warnings().map(|d| d.code.as_str().to_string()).collect::<Vec<_>>(), codes(&v["warnings"]));
    // Nothing shows the card number.
    let shown = format!("{code:?} {app:?} {:?} {report:?}", app.get(0x57));
    assert!(!shown.contains("1234567890123458") && !shown.contains("123456789012345"), "{shown}");
}

#[test]
fn a_code_that_breaks_the_rules_gets_each_diagnostic() {
    let v = &vectors()["no_aid_example"];
    let mut buf = [0u8; cpm::MAX_CPM_BYTES];
    let code = cpm::parse(s(v, "base64"), &mut buf).unwrap();
    let report = code.validate();
    assert!(!report.is_valid());
    let errors: Vec<Vec<String>> =
        report.errors().map(|d| vec![d.code.as_str().to_string(), d.path.to_string()]).collect();
    let want: Vec<Vec<String>> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect())
        .collect();
    assert_eq!(errors, want);
    assert_eq!(report.warnings().map(|d| d.code.as_str().to_string()).collect::<Vec<_>>(), codes(&v["warnings"]));
}

fn err(text: &str) -> cpm::CpmError {
    let mut buf = [0u8; cpm::MAX_CPM_BYTES];
    cpm::parse(text, &mut buf).unwrap_err()
}

fn b64(bytes: &[u8]) -> String {
    cpm::encode_base64(bytes)
}

#[test]
fn hostile_input_is_a_clear_error() {
    // Not Base64.
    assert_eq!(err("hQVD*UFYw").code, CpmCode::Base64);
    assert_eq!(err("hQVD*UFYw").offset, 4);
    assert_eq!(err("hQVDU").code, CpmCode::Base64); // 5 characters: no Base64 text is
    assert_eq!(err("hQ==VD").code, CpmCode::Base64); // data after padding
    assert_eq!(err("").code, CpmCode::Empty);
    assert_eq!(err("  \n ").code, CpmCode::Empty);
    // A merchant-presented payload, and the other way round.
    let mpm = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";
    let e = err(mpm);
    assert_eq!(e.code, CpmCode::FormatIndicator);
    assert!(e.to_string().contains("qris decode"), "{e}");
    let cpm_text = s(&vectors()["track2_example"], "base64").to_string();
    assert!(cpm::looks_like_cpm(&cpm_text));
    assert!(!cpm::looks_like_cpm(mpm));
    assert!(qris_emv::parse(&cpm_text).is_err());
    // Truncated: a length past the end, at every cut.
    let full = unhex(s(&vectors()["emvco_spec_example"], "hex"));
    for cut in 1..full.len() {
        let r = cpm::parse_bytes(&full[..cut]);
        if let Err(e) = r {
            assert!(matches!(e.code, CpmCode::TlvTruncated | CpmCode::Trailing), "{cut}: {e}");
            assert!(e.offset < cut, "{cut}: {e}");
        }
    }
    // Long-form lengths: 81 and 82 are fine; 80 (indefinite) and 84 (four bytes) are not EMV.
    assert!(cpm::parse_bytes(&[0x85, 0x81, 0x05, b'C', b'P', b'V', b'0', b'1']).is_ok());
    assert!(cpm::parse_bytes(&[0x85, 0x82, 0x00, 0x05, b'C', b'P', b'V', b'0', b'1']).is_ok());
    assert_eq!(cpm::parse_bytes(&[0x85, 0x80, 0, 0]).unwrap_err().code, CpmCode::TlvLength);
    assert_eq!(cpm::parse_bytes(&[0x85, 0x84, 0, 0, 0, 5, 1, 2, 3, 4, 5]).unwrap_err().code, CpmCode::TlvLength);
    // A length past the end, inside a template: the path says where.
    let e =
        cpm::parse_bytes(&[0x85, 0x05, b'C', b'P', b'V', b'0', b'1', 0x61, 0x04, 0x4F, 0x09, 0xA0, 0x00]).unwrap_err();
    assert_eq!((e.code, e.path.to_string(), e.offset), (CpmCode::TlvTruncated, "61".to_string(), 9));
    // Trailing garbage (padding bytes).
    let mut padded = full.clone();
    padded.extend_from_slice(&[0, 0]);
    assert_eq!(cpm::parse_bytes(&padded).unwrap_err().code, CpmCode::Trailing);
    // Nesting deeper than CPM allows: 61 > 63 > 63.
    let deep = [0x85, 0x05, b'C', b'P', b'V', b'0', b'1', 0x61, 0x06, 0x63, 0x04, 0x63, 0x02, 0x50, 0x00];
    assert_eq!(cpm::parse_bytes(&deep).unwrap_err().code, CpmCode::Nesting);
    // Tags longer than three bytes.
    assert_eq!(cpm::parse_bytes(&[0x9F, 0x81, 0x81, 0x01, 0x00]).unwrap_err().code, CpmCode::Trailing);
    // Too long.
    let huge = "A".repeat(4 * cpm::MAX_CPM_BYTES);
    assert_eq!(err(&huge).code, CpmCode::TooLong);
    // Hostile bytes never panic (under miri, which looks for undefined
    // behaviour, the first 150: all 2,000 took minutes there).
    let seeds = if cfg!(miri) { 150 } else { 2000 };
    for seed in 0u32..seeds {
        let mut x = seed.wrapping_mul(2_654_435_761);
        let bytes: Vec<u8> = (0..(seed % 64))
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        if let Ok(c) = cpm::parse_bytes(&bytes) {
            let _ = c.validate();
            let _ = format!("{c:?}");
        }
        let mut buf = [0u8; cpm::MAX_CPM_BYTES];
        if let Ok(c) = cpm::parse(&b64(&bytes).replace('=', ""), &mut buf) {
            let _ = c.validate();
        }
    }
}

#[test]
fn scanner_leniency_is_reported() {
    let all = vectors();
    let text = s(&all["track2_example"], "base64");
    let wrapped = format!(" {}\r\n{} ", &text[..20], text[20..].trim_end_matches('='));
    let mut buf = [0u8; cpm::MAX_CPM_BYTES];
    let code = cpm::parse(&wrapped, &mut buf).unwrap();
    let l = code.leniency();
    assert!(l.whitespace && l.missing_padding);
    let report = code.validate();
    assert!(report.is_valid());
    assert_eq!(report.diagnostics()[0].code, CpmCode::Base64Lenient);
}

#[test]
fn format_indicator_and_templates() {
    let code = |bytes: &[u8]| {
        let c = cpm::parse_bytes(bytes).unwrap();
        c.validate().errors().map(|d| d.code).collect::<Vec<_>>()
    };
    // No format indicator first.
    assert_eq!(code(&[0x61, 0x09, 0x4F, 0x07, 0xA0, 0, 0, 0, 0x55, 0x55, 0x55])[0], CpmCode::FormatIndicator);
    // Wrong format indicator.
    assert_eq!(code(&[0x85, 0x05, b'C', b'P', b'V', b'0', b'2'])[0], CpmCode::FormatIndicator);
    // No application template.
    assert_eq!(code(&[0x85, 0x05, b'C', b'P', b'V', b'0', b'1']), [CpmCode::ApplicationMissing]);
    // A duplicate AID, an AID too short, track 2 without D.
    let dup = CpmBuilder::new()
        .application(App::new(&[0xA0, 0, 0, 0, 0x55]).raw(0x4F, &[0xA0, 0, 0, 0, 0x66]).raw(0x57, &[0x12, 0x34]))
        .to_bytes()
        .unwrap();
    assert_eq!(code(&dup), [CpmCode::TagDuplicate, CpmCode::Track2]);
    let short = CpmBuilder::new().application(App::new(&[0xA0, 0])).to_bytes().unwrap();
    assert_eq!(code(&short), [CpmCode::FieldLength]);
    // Every code has a distinct stable name.
    let names: std::collections::BTreeSet<&str> = CpmCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), CpmCode::ALL.len());
    assert!(names.iter().all(|n| n.starts_with("cpm.")));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// `n` characters from `set` (what a regex class such as `[0-9]{12,19}` says,
    /// without compiling a regex: that took most of a minute under miri).
    fn text(set: &'static str, n: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
        let chars: Vec<char> = set.chars().collect();
        proptest::collection::vec(proptest::sample::select(chars), n).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// Whatever the builder writes parses back to the same fields and validates.
        #[test]
        fn builder_round_trips(
            aids in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 5..=16), 1..4),
            label in text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ", 1..=16),
            pan in text("0123456789", 12..=19),
            name in text("ABCDEFGHIJKLMNOPQRSTUVWXYZ/ ", 2..=26),
        ) {
            let mut b = CpmBuilder::new();
            for aid in &aids {
                b = b.application(App::new(aid).label(&label));
            }
            let b = b.common(App::common().pan(&pan).unwrap().cardholder_name(&name));
            let text = b.to_base64().unwrap();
            let mut buf = [0u8; cpm::MAX_CPM_BYTES];
            let code = cpm::parse(&text, &mut buf).unwrap();
            let got: Vec<Vec<u8>> = code.applications().map(|a| a.aid().unwrap().to_vec()).collect();
            prop_assert_eq!(got, aids);
            let common = code.common_data().unwrap();
            prop_assert_eq!(common.cardholder_name(), Some(name.as_str()));
            prop_assert_eq!(common.pan_masked().unwrap().as_str().len(), pan.len());
            prop_assert!(common.pan_masked().unwrap().as_str().ends_with(&pan[pan.len() - 4..]));
            let report = code.validate();
            prop_assert!(report.is_valid(), "{:?}", report);
        }
    }
}
