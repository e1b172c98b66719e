//! The builder/editor: ordering rule, nested edits, lengths, errors.

mod common;

use common::*;
use qris_emv::{parse, BuildError, Builder, ConvertError, DynamicOptions, Path};

#[test]
fn builds_the_dana_example_from_fields() {
    // The DANA vector, field by field (values read from the vector).
    let mut b = Builder::new();
    b.set(0, "01").unwrap().set(1, "11").unwrap();
    b.set_path("26.00", "ID.DANA.WWW").unwrap();
    b.set_path("26.01", "936009153033796827").unwrap();
    b.set_path("26.02", "033796827").unwrap();
    b.set_path("26.03", "UMI").unwrap();
    b.set_path("51.00", "ID.CO.QRIS.WWW").unwrap();
    b.set_path("51.03", "UMI").unwrap();
    b.set_path("51.02", "ID1026564075103").unwrap(); // inserted before 03
    for (id, v) in [(61, "40286"), (52, "7372"), (53, "360"), (58, "ID"), (59, "BoonTrack"), (60, "Kab. Bandung")] {
        b.set(id, v).unwrap();
    }
    assert_eq!(b.build().unwrap(), vector("QRIS", "public"));
}

#[test]
fn utf8_values_are_measured_in_characters() {
    let mut b = Builder::new();
    b.set(0, "01").unwrap().set_path("64.00", "ZH").unwrap().set_path("64.01", "最佳运输").unwrap();
    let s = b.build().unwrap();
    assert!(s.contains("64140002ZH0104最佳运输"), "{s}");
    assert!(parse(&s).is_ok());
}

#[test]
fn editing_a_parsed_payload_keeps_its_order() {
    let p = parse(SEED_002).unwrap();
    let mut b = Builder::from_payload(&p);
    b.set(59, "TopUpKu Lampung").unwrap();
    b.set_path("62.07", "T1").unwrap();
    b.remove_path("62.99").unwrap();
    let q_text = b.build().unwrap();
    let q = parse(&q_text).unwrap();
    let ids: Vec<u8> = q.objects().map(|o| o.id()).collect();
    assert_eq!(ids, [0, 1, 26, 51, 62, 53, 54, 60, 52, 59, 58, 61, 63]);
    assert_eq!(q.merchant_name(), Some("TopUpKu Lampung"));
    let sub: Vec<u8> = q.additional_data().unwrap().fields().map(|o| o.id()).collect();
    // Seed 002's 62 holds 01, 05, 07 and a 99 template: 07 was replaced, 99 removed.
    assert_eq!(sub, [1, 5, 7]);
    assert_eq!(q.get_path("62.05").unwrap().value(), "66e934f6f5d64f1c");
    assert_eq!(q.get_path("62.07").unwrap().value(), "T1");
}

#[test]
fn empty_values_from_a_parsed_payload_are_kept() {
    // Length 00 parses (validation reports it); rebuilding must reproduce it.
    let s = with_crc("0002010102110900");
    let p = parse(&s).unwrap();
    assert_eq!(Builder::from_payload(&p).build().unwrap(), s);
    // Removing every child of a template leaves nothing to encode: an error.
    let mut b = Builder::new();
    b.set_path("62.07", "T1").unwrap();
    b.remove_path("62.07").unwrap();
    assert_eq!(b.build().unwrap_err(), BuildError::Empty { path: Path::root(62) });
}

#[test]
fn errors() {
    let mut b = Builder::new();
    assert_eq!(b.set(63, "ABCD").unwrap_err(), BuildError::CrcIsComputed);
    assert_eq!(b.set_path("63.00", "X").unwrap_err(), BuildError::CrcIsComputed);
    assert_eq!(b.set(100, "X").unwrap_err(), BuildError::InvalidPath);
    assert_eq!(b.set_path("6.07", "X").unwrap_err(), BuildError::InvalidPath);
    assert_eq!(b.set(59, "").unwrap_err(), BuildError::Empty { path: Path::root(59) });
    assert_eq!(b.set(59, "x".repeat(100)).unwrap_err(), BuildError::TooLong { path: Path::root(59), chars: 100 });
    // A template whose children add up to more than 99 characters.
    let mut b = Builder::new();
    for sub in 1..=4 {
        b.set_path(&format!("62.0{sub}"), "X".repeat(25)).unwrap();
    }
    assert_eq!(b.build().unwrap_err(), BuildError::TooLong { path: Path::root(62), chars: 116 });
    // A nested path under a primitive.
    let mut b = Builder::new();
    b.set(59, "Name").unwrap();
    assert_eq!(b.set_path("59.01", "X").unwrap_err(), BuildError::NotATemplate { path: Path::root(59) });
    // Messages are sentences.
    assert!(BuildError::CrcIsComputed.to_string().contains("computed"));
}

#[test]
fn conversion_errors() {
    let toko = toko_berkah();
    let e = qris_emv::to_dynamic(&toko, &DynamicOptions::new("1.000,00")).unwrap_err();
    let ConvertError::Option(d) = e else { panic!("{e:?}") };
    assert_eq!((d.code, d.path.to_string(), d.offset), (qris_emv::Code::AmountFormat, "54".into(), 5));
    let e = qris_emv::to_dynamic(&toko, &DynamicOptions::new("1").fee_percent("2,5")).unwrap_err();
    assert!(matches!(e, ConvertError::Option(d) if d.path.to_string() == "57"));
    let e = qris_emv::to_dynamic(&toko, &DynamicOptions::new("1").terminal(&"T".repeat(26))).unwrap_err();
    assert!(matches!(e, ConvertError::Option(d) if d.code == qris_emv::Code::FieldLength));
    let e = qris_emv::to_dynamic(&toko, &DynamicOptions::new("1").bill("a\nb")).unwrap_err();
    assert!(matches!(e, ConvertError::Option(d) if d.code == qris_emv::Code::FieldFormat && d.offset == 1));
    // A duplicated root ID is ambiguous.
    let dup = with_crc(&format!("{}5903Dup", &toko[..toko.len() - 8]));
    let e = qris_emv::to_dynamic(&dup, &DynamicOptions::new("1")).unwrap_err();
    assert!(matches!(e, ConvertError::Payload(d) if d.code == qris_emv::Code::TagDuplicate));
    // A 62 that would overflow: seed 002's 62 already holds 76 characters.
    let e = qris_emv::to_dynamic(
        SEED_002,
        &DynamicOptions::new("1").bill(&"B".repeat(25)).reference(&"R".repeat(25)).terminal(&"T".repeat(25)),
    )
    .unwrap_err();
    assert!(matches!(e, ConvertError::Build(BuildError::TooLong { .. })), "{e:?}");
    assert!(e.to_string().contains("62"));
}

#[test]
fn dynamic_adds_62_when_absent_before_the_first_larger_id() {
    let dana = vector("QRIS", "public");
    let d = qris_emv::to_dynamic(&dana, &DynamicOptions::new("5000").reference("INV1")).unwrap();
    let expected_body = format!(
        "{}{}{}",
        "00020101021226570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605404",
        "50005802ID5909BoonTrack6012Kab. Bandung610540286",
        "62080504INV1"
    );
    assert_eq!(d, with_crc(&expected_body));
}
