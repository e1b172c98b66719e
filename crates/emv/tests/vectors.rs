//! The published vectors (`tests/vectors/`, copied from the shared vectors) and
//! the seeds' examples: every expectation here is read from those documents.

mod common;

use common::*;
use qris_emv::{
    parse, parse_strict, Builder, Code, DynamicOptions, ParseOptions, PointOfInitiation, Profile, Tip, Validator,
};

#[test]
fn every_public_vector_parses_or_fails_as_published() {
    let vectors = public_vectors();
    assert!(vectors.len() >= 8);
    for v in &vectors {
        let result = parse(&v.payload);
        if let Some(rest) = v.crc.strip_prefix("FAIL:") {
            // "FAIL:calc=F075,got=1234"
            let calc = &rest[rest.find("calc=").unwrap() + 5..][..4];
            let got = &rest[rest.find("got=").unwrap() + 4..][..4];
            let err = result.expect_err(&v.note);
            assert_eq!(err.code(), Code::CrcMismatch, "{}", v.note);
            match err.diagnostic().detail {
                qris_emv::Detail::Crc { found, computed } => {
                    assert_eq!(&found, got.as_bytes());
                    assert_eq!(&computed, calc.as_bytes());
                }
                other => panic!("unexpected detail {other:?}"),
            }
            // Without verification it parses and says the CRC is wrong.
            let p = ParseOptions::lenient().verify_crc(false).parse(&v.payload).unwrap();
            assert!(!p.crc_ok());
            assert_eq!(p.computed_crc().as_str(), calc);
        } else {
            assert!(v.crc.starts_with("ok:upper"), "{}", v.crc);
            let p = result.unwrap_or_else(|e| panic!("{}: {e}", v.note));
            assert!(p.crc_ok());
            assert_eq!(p.crc(), &v.payload[v.payload.len() - 4..]);
            // Strict mode accepts them too: no noise, uppercase CRC.
            assert!(parse_strict(&v.payload).is_ok());
            let profile = if v.scheme.starts_with("QRIS") { Profile::Qris } else { Profile::Emv };
            let report = p.validate_with(profile);
            assert!(report.is_valid(), "{}: {:?}", v.note, report.diagnostics());
        }
    }
}

#[test]
fn built_from_parsed_reproduces_every_sound_vector() {
    for v in public_vectors().iter().filter(|v| v.crc.starts_with("ok")) {
        let p = parse(&v.payload).unwrap();
        assert_eq!(Builder::from_payload(&p).build().unwrap(), v.payload, "{}", v.note);
    }
}

#[test]
fn seed_000_gopay_charge_response() {
    let p = parse(SEED_000).unwrap();
    // Read from the seed: merchant "Test" in BANDUNG, gross_amount 789000.00, GoPay.
    assert_eq!(p.merchant_name(), Some("Test"));
    assert_eq!(p.merchant_city(), Some("BANDUNG"));
    assert_eq!(p.amount(), Some("789000.00"));
    assert_eq!(p.postal_code(), Some("40284"));
    assert_eq!(p.mcc(), Some("3414"));
    assert_eq!(p.currency(), Some("360"));
    assert_eq!(p.country(), Some("ID"));
    assert!(p.is_dynamic());
    let gopay = p.merchant_account(26).unwrap();
    assert_eq!(gopay.guid(), Some("COM.GO-JEK.WWW"));
    assert_eq!(gopay.pan(), Some("9360091434905263034"));
    assert_eq!(gopay.merchant_id(), Some("G490526303"), "the seed's merchant_id");
    assert_eq!(gopay.criteria(), Some("UKE"));
    assert_eq!(gopay.acquirer(), Some("GoPay"));
    assert_eq!(p.nmid(), Some("AID060733612866"));
    // 62.50 comes before 62.07; 62.50 is a primitive token, not a template.
    let ad = p.additional_data().unwrap();
    let ids: Vec<u8> = ad.fields().map(|o| o.id()).collect();
    assert_eq!(ids, [50, 7]);
    assert_eq!(ad.terminal_label(), Some("A01"));
    let token = p.get_path("62.50").unwrap();
    assert!(!token.is_template());
    assert_eq!(token.value(), "c032f87c-f773-4619-aefa-675e1f06f921");
    // 54 after 61 is legal; the NMID "AID..." is a warning only.
    let report = p.validate();
    assert!(report.is_valid(), "{:?}", report.diagnostics());
    let warnings: Vec<_> = report.warnings().map(|d| (d.code, d.path.to_string())).collect();
    assert_eq!(warnings, [(Code::FieldFormat, "51.02".to_string())]);
}

#[test]
fn seed_002_sengo_unusual_order() {
    let p = parse(SEED_002).unwrap();
    let ids: Vec<u8> = p.objects().map(|o| o.id()).collect();
    assert_eq!(ids, [0, 1, 26, 51, 62, 53, 54, 60, 52, 59, 58, 61, 63]);
    assert_eq!(p.merchant_name(), Some("TopUpKu"));
    assert_eq!(p.merchant_city(), Some("BANDAR LAMPUNG"));
    assert_eq!(p.merchant_accounts().next().unwrap().acquirer(), Some("Bank Danamon"));
    assert_eq!(p.amount(), Some("19477"));
    assert!(p.validate().is_valid());
    // Converting keeps the order and puts 54 before the first larger ID (62).
    let d = p.to_dynamic(&DynamicOptions::new("5000")).unwrap();
    let q = parse(&d).unwrap();
    let ids: Vec<u8> = q.objects().map(|o| o.id()).collect();
    assert_eq!(ids, [0, 1, 26, 51, 54, 62, 53, 60, 52, 59, 58, 61, 63]);
    assert_eq!(q.amount(), Some("5000"));
}

#[test]
fn non_ascii_lengths_count_characters() {
    let v = vector("EMVCo-CN", "public");
    let p = parse(&v).unwrap();
    assert!(!p.is_ascii());
    assert_eq!(p.merchant_name(), Some("BEST TRANSPORT"));
    let lang = p.language_template().unwrap();
    assert_eq!(lang.language(), Some("ZH"));
    assert_eq!(lang.merchant_name(), Some("最佳运输"));
    assert_eq!(lang.object().child(1).unwrap().len(), 4);
    assert_eq!(lang.merchant_city(), Some("北京"));
    // Offsets are bytes: the value of 64.02 starts right after "0202".
    let city = p.get_path("64.02").unwrap();
    assert_eq!(&v[city.value_offset()..city.value_offset() + city.value().len()], "北京");
    // 91 is an unreserved template that parses as TLV.
    let t91 = p.get(91).unwrap();
    assert!(t91.is_template());
    assert_eq!(t91.child_value(0), Some("A011223344998877"));
    assert_eq!(p.tip(), Some(Tip::Prompt));
    assert_eq!(p.amount(), Some("23.72"));
}

#[test]
fn vietqr_primitive_in_unreserved_range() {
    let v = vector("VietQR", "public");
    let p = parse(&v).unwrap();
    let t80 = p.get(80).unwrap();
    assert!(!t80.is_template());
    assert_eq!(t80.value(), "046");
    assert_eq!(t80.children().count(), 0);
    assert_eq!(p.get_path("62.05").unwrap().value(), "MOMOW2W34875080");
    assert_eq!(p.currency(), Some("704"));
    // Not QRIS: the QRIS profile says so, the EMVCo profile accepts it, with
    // warnings for the MCC, name and city VietQR leaves out.
    let emv = p.validate_with(Profile::Emv);
    assert!(emv.is_valid(), "{:?}", emv.diagnostics());
    let missing: Vec<String> =
        emv.warnings().filter(|d| d.code == Code::TagMissing).map(|d| d.path.to_string()).collect();
    assert_eq!(missing, ["52", "59", "60"]);
    let qris = p.validate();
    assert!(!qris.is_valid());
    assert!(qris.errors().any(|d| d.code == Code::FieldValue && d.path.to_string() == "53"));
    assert!(qris.errors().any(|d| d.code == Code::FieldValue && d.path.to_string() == "58"));
}

#[test]
fn tip_fixed_fee_vector() {
    let v = vector("QRIS [tip", "public");
    let p = parse(&v).unwrap();
    assert_eq!(p.tip(), Some(Tip::Fixed(Some("79912"))));
    assert_eq!(p.amount(), Some("3201818"));
    assert_eq!(p.merchant_name(), Some("PENGEMBALIAN-DANA-TIKTOK"));
    assert_eq!(p.merchant_accounts().next().unwrap().acquirer(), Some("BRI"));
    assert_eq!(p.point_of_initiation(), Some(PointOfInitiation::Dynamic));
    let r = p.validate();
    assert!(r.is_valid(), "{:?}", r.diagnostics());
    assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
}

#[test]
fn gopay_issuer_conversion_reproduced_through_tag_61() {
    for v in conversion_vectors() {
        // GoPay's own dynamic code is sound.
        let issuer = parse(&v.issuer_dynamic).unwrap();
        assert!(issuer.crc_ok());
        let ours = qris_emv::to_dynamic(&v.static_payload, &DynamicOptions::new(&v.amount)).unwrap();
        // "Through tag 61": everything before GoPay's 62 (which carries its own token).
        let cut = v.issuer_dynamic.find("610567275").unwrap() + "610567275".len();
        assert_eq!(&ours[..cut], &v.issuer_dynamic[..cut]);
        // After 61 we keep the static code's own 62 and append a fresh CRC.
        let expected = with_crc(&format!("{}62070703A01", &v.issuer_dynamic[..cut]));
        assert_eq!(ours, expected);
        // And back: dynamic -> static gives the original static code.
        assert_eq!(qris_emv::to_static(&ours, false).unwrap(), v.static_payload);
    }
}

#[test]
fn validator_batch_is_in_input_order() {
    let mut inputs: Vec<String> = public_vectors().into_iter().map(|v| v.payload).collect();
    inputs.push("garbage".into());
    let one_by_one: Vec<_> = inputs.iter().map(|s| Validator::qris().validate(s)).collect();
    assert_eq!(Validator::qris().validate_many(&inputs), one_by_one);
    assert!(!one_by_one.last().unwrap().is_valid());
}
