//! Every diagnostic code, triggered on purpose. Payloads are written by hand and
//! their CRCs come from the independent bitwise CRC in `common`.

mod common;

use common::*;
use qris_emv::{parse, parse_strict, Code, Detail, ParseOptions, Payload, Profile, Report, Severity, Validator};

const ACCT: &str = "26570011ID.DANA.WWW011893600915303379682702090337968270303UMI";
const REPO: &str = "51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI";

/// The DANA example's objects, as a list to edit.
fn parts() -> Vec<String> {
    ["000201", "010211", ACCT, REPO, "52047372", "5303360", "5802ID", "5909BoonTrack", "6012Kab. Bandung", "610540286"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn payload(parts: &[String]) -> String {
    with_crc(&parts.concat())
}

fn replace(id: &str, with: &str) -> String {
    let mut p = parts();
    let i = p.iter().position(|s| s.starts_with(id)).unwrap();
    p[i] = with.to_string();
    payload(&p)
}

fn without(id: &str) -> String {
    let mut p = parts();
    p.retain(|s| !s.starts_with(id));
    payload(&p)
}

fn with(extra: &str) -> String {
    let mut p = parts();
    p.push(extra.to_string());
    payload(&p)
}

fn report(s: &str) -> Report {
    Validator::qris().validate(s)
}

/// The diagnostics with this code, as (severity, path).
fn find(r: &Report, code: Code) -> Vec<(Severity, String)> {
    r.diagnostics().iter().filter(|d| d.code == code).map(|d| (d.severity, d.path.to_string())).collect()
}

fn err(path: &str) -> (Severity, String) {
    (Severity::Error, path.to_string())
}

fn warn(path: &str) -> (Severity, String) {
    (Severity::Warning, path.to_string())
}

#[test]
fn the_baseline_is_clean() {
    let p = payload(&parts());
    assert_eq!(p, vector("QRIS", "public"), "the hand-made baseline is the DANA vector");
    assert!(report(&p).diagnostics().is_empty());
}

#[test]
fn input_errors() {
    assert_eq!(parse("").unwrap_err().code(), Code::InputEmpty);
    assert_eq!(parse(" \r\n").unwrap_err().code(), Code::InputEmpty);
    let long = "0".repeat(qris_emv::MAX_INPUT_LEN + 1);
    let e = parse(&long).unwrap_err();
    assert_eq!(e.code(), Code::InputTooLong);
    assert!(e.to_string().contains("4096"));
    let mut bytes = payload(&parts()).into_bytes();
    bytes[30] = 0xFF;
    let e = ParseOptions::lenient().parse_bytes(&bytes).unwrap_err();
    assert_eq!((e.code(), e.offset()), (Code::InputUtf8, 30));
}

#[test]
fn trimming_reports_and_keeps_offsets_in_the_input() {
    let clean = payload(&parts());
    let noisy = format!("\u{feff}\u{a0} {clean}\r\n\t");
    let p = parse(&noisy).unwrap();
    assert_eq!(p.as_str(), clean);
    assert_eq!(p.start(), 6, "BOM (3 bytes), NBSP (2), space (1)");
    let name = p.get(59).unwrap();
    assert_eq!(&noisy[name.value_offset()..][..9], "BoonTrack");
    let r = Validator::qris().validate(&noisy);
    assert!(r.is_valid());
    let d = r.diagnostics().iter().find(|d| d.code == Code::InputTrimmed).unwrap();
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.detail, Detail::Trimmed { leading: 6, trailing: 3 });
    let e = parse_strict(&noisy).unwrap_err();
    assert_eq!((e.code(), e.diagnostic().severity), (Code::InputTrimmed, Severity::Error));
    // Trailing noise only: the offset is where it starts.
    let e = parse_strict(&format!("{clean}\n")).unwrap_err();
    assert_eq!(e.offset(), clean.len());
}

#[test]
fn tlv_errors_with_offsets_and_paths() {
    let clean = payload(&parts());
    // Truncated: the CRC lost two characters.
    let e = parse(&clean[..clean.len() - 2]).unwrap_err();
    assert_eq!((e.code(), e.path().to_string()), (Code::TlvTruncated, "63".into()));
    assert_eq!(e.offset(), clean.len() - 8);
    // A length that is not two digits.
    let e = parse("00020101X1").unwrap_err();
    assert_eq!((e.code(), e.offset(), e.path().to_string()), (Code::TlvBadLength, 8, "01".into()));
    // An ID that is not two digits.
    let e = parse("000201AB0211").unwrap_err();
    assert_eq!((e.code(), e.offset()), (Code::TlvBadId, 6));
    // Inside a template: the path names the template.
    let e = parse(&replace("26", "2605ABCDE")).unwrap_err();
    assert_eq!((e.code(), e.path().to_string(), e.offset()), (Code::TlvBadId, "26".into(), 16));
    let e = parse(&replace("26", "26060005ABCD")).unwrap_err();
    assert_eq!((e.code(), e.path().to_string()), (Code::TlvTruncated, "26.00".into()));
    // Junk after the CRC.
    let e = parse(&format!("{clean}xyz")).unwrap_err();
    assert_eq!((e.code(), e.offset()), (Code::TlvTrailing, clean.len()));
    // 63 in the middle is also "data after the CRC".
    let mut p = parts();
    p.insert(2, "6304ABCD".into());
    let e = parse(&payload(&p)).unwrap_err();
    assert_eq!(e.code(), Code::TlvTrailing);
}

#[test]
fn url_encoded_payloads_get_a_hint() {
    let clean = payload(&parts());
    let url = clean.replacen("BoonTrack", "Boon%20Track", 1);
    let e = parse(&url).unwrap_err();
    assert_eq!(e.diagnostic().detail, Detail::UrlEncoded);
    assert!(e.to_string().contains("URL-encoded"));
}

#[test]
fn crc_errors() {
    let body = parts().concat();
    assert_eq!(parse(&body).unwrap_err().code(), Code::CrcMissing);
    assert_eq!(parse(&format!("{body}6303ABC")).unwrap_err().code(), Code::CrcFormat);
    assert_eq!(parse(&format!("{body}6304GHIJ")).unwrap_err().code(), Code::CrcFormat);
    // A placeholder CRC.
    let e = parse(&format!("{body}6304ABCD")).unwrap_err();
    assert_eq!(e.code(), Code::CrcMismatch);
    assert_eq!(e.offset(), body.len() + 4);
    assert!(e.to_string().contains("ABCD") && e.to_string().contains("8DC1"), "{e}");
    // Lowercase: a warning when lenient, an error when strict.
    let upper = with_crc("0002010102115802ID");
    let lower = format!("{}{}", &upper[..upper.len() - 4], upper[upper.len() - 4..].to_lowercase());
    assert_ne!(upper, lower, "the test needs hex letters in the CRC");
    let p = parse(&lower).unwrap();
    assert!(p.crc_ok());
    let r = p.validate();
    assert_eq!(find(&r, Code::CrcLowercase), [warn("63")]);
    assert_eq!(parse_strict(&lower).unwrap_err().code(), Code::CrcLowercase);
    // A lowercase and wrong CRC: the warning survives into the error report.
    let bad_lower = format!("{body}6304abcd");
    let r = report(&bad_lower);
    assert_eq!(find(&r, Code::CrcLowercase), [warn("63")]);
    assert_eq!(find(&r, Code::CrcMismatch), [err("63")]);
}

#[test]
fn tags_duplicate_order_missing() {
    let r = report(&with("5909BoonTrack"));
    assert_eq!(find(&r, Code::TagDuplicate), [err("59")]);
    let r = report(&with("62140703A010703B02"));
    assert_eq!(find(&r, Code::TagDuplicate), [err("62.07")]);
    // Where each duplicate is and where its first occurrence is, found in the text.
    for (text, first_at, second_at) in [("62140703A010703B02", "0703A01", "0703B02"), ("5909BoonTrack", "5909", "5909")]
    {
        let s = with(text);
        let first = s.find(first_at).unwrap();
        let second = if first_at == second_at { s.rfind(second_at).unwrap() } else { s.find(second_at).unwrap() };
        let r = report(&s);
        let d = r.diagnostics().iter().find(|d| d.code == Code::TagDuplicate).unwrap();
        assert_eq!((d.offset, d.detail), (second, Detail::Duplicate { first }), "{text}");
    }

    let mut p = parts();
    p.swap(0, 1);
    let r = report(&payload(&p));
    assert_eq!(find(&r, Code::TagOrder), [err("00")]);

    for (id, severity) in [("52", Severity::Error), ("53", Severity::Error), ("58", Severity::Error)] {
        let r = report(&without(id));
        assert_eq!(find(&r, Code::TagMissing), [(severity, id.to_string())], "{id}");
    }
    let r = report(&without("59"));
    assert_eq!(find(&r, Code::TagMissing), [err("59")]);
    let r = report(&without("00"));
    assert_eq!(find(&r, Code::TagMissing), [err("00")]);
    // QRIS-specific presence: 51 and 61 are warnings.
    let r = report(&without("51"));
    assert!(r.is_valid());
    assert_eq!(find(&r, Code::TagMissing), [warn("51")]);
    assert_eq!(find(&report(&without("61")), Code::TagMissing), [warn("61")]);
    // No merchant account at all.
    let mut p = parts();
    p.retain(|s| !s.starts_with("26") && !s.starts_with("51"));
    let r = report(&payload(&p));
    assert!(find(&r, Code::TagMissing).contains(&err("")));
    // Inside templates.
    let r = report(&replace("26", &tlv(26, "0118936009153033796827")));
    assert_eq!(find(&r, Code::TagMissing), [err("26.00")]);
    let r = report(&replace("51", "51180014ID.CO.QRIS.WWW"));
    assert_eq!(find(&r, Code::TagMissing), [err("51.02")]);
    let r = report(&with("64080104ABCD"));
    assert_eq!(find(&r, Code::TagMissing), [err("64.00")]);
}

#[test]
fn field_lengths() {
    let r = report(&replace("59", &tlv(59, "A MERCHANT NAME OF 30 CHARS..")));
    assert!(r.is_valid(), "a long name is a warning");
    assert_eq!(find(&r, Code::FieldLength), [warn("59")]);
    let d = r.diagnostics().iter().find(|d| d.code == Code::FieldLength).unwrap();
    assert_eq!(d.detail, Detail::Length { min: 1, max: 25, actual: 29 });
    assert_eq!(d.message().to_string(), "tag 59 (merchant name) is 29 characters long; at most 25 are allowed");
    let r = report(&replace("60", &tlv(60, "KABUPATEN BANDUNG BARAT")));
    assert_eq!(find(&r, Code::FieldLength), [warn("60")]);
    let r = report(&replace("61", &tlv(61, "12345678901")));
    assert_eq!(find(&r, Code::FieldLength), [err("61")]);
    let r = report(&with(&tlv(62, &tlv(1, "BILL-NUMBER-LONGER-THAN-25"))));
    assert_eq!(find(&r, Code::FieldLength), [err("62.01")]);
    let r = report(&with(&tlv(62, &tlv(11, "AB"))));
    assert_eq!(find(&r, Code::FieldLength), [err("62.11")]);
    // A zero length is structurally fine but not a valid value.
    let r = report(&with("0900"));
    assert_eq!(find(&r, Code::FieldLength), [err("09")]);
    // Non-ASCII: counted in characters.
    let r = report(&replace("59", &tlv(59, "Warung Bu Dé 最佳运输 Sejahtera")));
    assert_eq!(find(&r, Code::FieldLength), [warn("59")]);
    let r = report(&replace("59", &tlv(59, "最佳运输最佳运输最佳运输最佳运输最佳运输最佳运输")));
    assert!(find(&r, Code::FieldLength).is_empty(), "24 characters, 72 bytes");
}

#[test]
fn field_formats_and_values() {
    let cases: &[(&str, &str, Code, (Severity, &str))] = &[
        ("52", "5204ABCD", Code::FieldFormat, (Severity::Error, "52")),
        ("53", "5303IDR", Code::FieldFormat, (Severity::Error, "53")),
        ("53", "5303840", Code::FieldValue, (Severity::Error, "53")),
        ("58", "5802id", Code::FieldFormat, (Severity::Error, "58")),
        ("58", "5802SG", Code::FieldValue, (Severity::Error, "58")),
        ("01", "010213", Code::FieldValue, (Severity::Error, "01")),
        ("00", "000202", Code::FieldValue, (Severity::Error, "00")),
        ("51", "51440014ID.CO.QRIS.WWW0215AID0607336128660303UMI", Code::FieldFormat, (Severity::Warning, "51.02")),
        ("51", "51440014ID.CO.QRXS.WWW0215ID10265640751030303UMI", Code::FieldValue, (Severity::Error, "51.00")),
        ("51", "51440014ID.CO.QRIS.WWW0215ID10265640751030303XYZ", Code::FieldValue, (Severity::Warning, "51.03")),
        (
            "26",
            "26570011ID.DANA.WWW011893600915303379682X02090337968270303UMI",
            Code::FieldFormat,
            (Severity::Warning, "26.01"),
        ),
    ];
    for (id, value, code, (severity, path)) in cases {
        let r = report(&replace(id, value));
        assert_eq!(find(&r, *code), [(*severity, path.to_string())], "{value}");
    }
    let r = report(&with(&tlv(62, &tlv(9, "AX"))));
    assert_eq!(find(&r, Code::FieldFormat), [err("62.09")]);
    let r = report(&with(&tlv(62, &tlv(9, "AA"))));
    assert_eq!(find(&r, Code::FieldFormat), [err("62.09")]);
    assert!(report(&with(&tlv(62, &tlv(9, "AME")))).is_valid());
    let r = report(&with("550204"));
    assert_eq!(find(&r, Code::FieldValue), [err("55")]);
}

#[test]
fn the_generic_profile_relaxes_qris_rules() {
    let usd = replace("53", "5303840");
    let r = Validator::emv().validate(&usd);
    assert!(r.is_valid());
    let duitnow = replace("00", "000202");
    let r = Validator::emv().validate(&duitnow);
    assert!(r.is_valid());
    assert_eq!(find(&r, Code::FieldValue), [warn("00")]);
    let no_repository = without("51");
    let p = parse(&no_repository).unwrap();
    assert!(p.validate_with(Profile::Emv).diagnostics().is_empty());
}

#[test]
fn amounts() {
    let mut p = parts();
    p[1] = "010212".into();
    p.insert(7, "54071.000,0".into());
    let s = payload(&p);
    let r = report(&s);
    let d = r.diagnostics().iter().find(|d| d.code == Code::AmountFormat).unwrap();
    assert_eq!(d.path.to_string(), "54");
    assert_eq!(&s[d.offset..d.offset + 1], ",", "points at the first character that is not allowed");
    p[7] = tlv(54, "1.000.000");
    let s = payload(&p);
    let d = *report(&s).diagnostics().iter().find(|d| d.code == Code::AmountFormat).unwrap();
    assert_eq!(d.offset, s.find("1.000.000").unwrap() + 5, "points at the second '.'");
    for bad in ["0", "0.00", "-5", "1e5", "12345678901234"] {
        p[7] = tlv(54, bad);
        assert_eq!(find(&report(&payload(&p)), Code::AmountFormat), [err("54")], "{bad}");
    }
    for good in ["98", "98.73", "98.", "100003.00"] {
        p[7] = tlv(54, good);
        assert!(report(&payload(&p)).is_valid(), "{good}");
    }
}

#[test]
fn tips_and_fees() {
    // 55 = 02 needs 56; 55 = 03 needs 57; neither may appear without its indicator.
    assert_eq!(find(&report(&with("550202")), Code::TipInconsistent), [err("56")]);
    assert_eq!(find(&report(&with("550203")), Code::TipInconsistent), [err("57")]);
    assert_eq!(find(&report(&with(&tlv(56, "1000"))), Code::TipInconsistent), [err("56")]);
    assert_eq!(find(&report(&with("57032.5")), Code::TipInconsistent), [err("57")]);
    assert_eq!(
        find(&report(&with(&format!("550203{}", tlv(56, "1000")))), Code::TipInconsistent),
        [err("56"), err("57")]
    );
    assert_eq!(find(&report(&with(&format!("550201{}", tlv(56, "1000")))), Code::TipInconsistent), [err("56")]);
    // Consistent ones.
    assert!(report(&with("550201")).is_valid());
    assert!(report(&with("550202560510000")).is_valid());
    assert!(report(&with("55020357032.5")).is_valid());
    // Values: 57 without "%", 56 non-zero.
    assert_eq!(find(&report(&with("550203570312%")), Code::FieldFormat), [err("57")]);
    assert_eq!(find(&report(&with("550202560200")), Code::AmountFormat), [err("56")]);
}

#[test]
fn initiation_and_amount() {
    let r = report(&replace("01", "010212"));
    assert_eq!(find(&r, Code::InitiationAmount), [err("54")]);
    let r = report(&with("540525000"));
    assert!(r.is_valid());
    assert_eq!(find(&r, Code::InitiationAmount), [warn("54")]);
}

#[test]
fn payload_length() {
    let mut p = parts();
    for id in 80..86 {
        p.push(tlv(id, &"X".repeat(90)));
    }
    let s = payload(&p);
    assert!(s.len() > 512);
    let r = report(&s);
    assert!(r.is_valid());
    assert_eq!(find(&r, Code::PayloadLength), [warn("")]);
}

#[test]
fn every_offset_is_inside_the_input_and_every_message_is_words() {
    let inputs = [
        with("5909BoonTrack"),
        replace("52", "5204ABCD"),
        with("550202"),
        without("59"),
        format!(" {} ", replace("26", &tlv(26, "0118936009153033796827"))),
    ];
    for s in &inputs {
        for d in report(s).diagnostics() {
            assert!(d.offset <= s.len(), "{d}");
            let m = d.message().to_string();
            assert!(m.len() > 15 && !m.contains("Detail"), "{m}");
        }
    }
}

#[test]
fn parsed_without_crc_check_reports_the_mismatch() {
    let s = payload(&parts()).replacen("BoonTrack", "BoonTrick", 1);
    let p: Payload<'_> = ParseOptions::lenient().verify_crc(false).parse(&s).unwrap();
    assert!(!p.crc_ok());
    assert_eq!(find(&p.validate(), Code::CrcMismatch), [err("63")]);
}

#[test]
fn bytes_that_are_not_utf8_are_reported_where_they_break() {
    let mut bytes = payload(&parts()).into_bytes();
    bytes[70] = 0xFF;
    let report = Validator::qris().validate_bytes(&bytes);
    assert!(!report.is_valid());
    let d = report.diagnostics()[0];
    assert_eq!((d.code, d.offset, d.severity), (Code::InputUtf8, 70, Severity::Error));
    // UTF-8 bytes validate exactly as the text does, one by one and in a batch.
    let good = payload(&parts());
    assert_eq!(Validator::qris().validate_bytes(good.as_bytes()), Validator::qris().validate(&good));
    let many = Validator::qris().validate_many_bytes(&[good.as_bytes(), &bytes[..]]);
    assert!(many[0].is_valid() && many[1].has(Code::InputUtf8));
}
