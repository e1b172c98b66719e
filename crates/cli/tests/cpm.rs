//! `qris cpm decode|validate` against the EMVCo example and the peers' vectors
//! (tests/vectors/cpm-emvco.json); card data never printed.

use std::process::{Command, Output};

use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/cpm-emvco.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn qris(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qris")).args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn decode_shows_the_tree_with_card_data_masked() {
    let v = vectors();
    let code = v["emvco_spec_example"]["base64"].as_str().unwrap();
    let o = qris(&["cpm", "decode", code]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = text(&o);
    for want in [
        "85 payload format indicator: CPV01",
        "4F AID: A0000000666666",
        "5A PAN: ************3458",
        "9F26 application cryptogram: 584FD385FA234BCC",
    ] {
        assert!(t.contains(want), "{want}\n{t}");
    }
    assert!(!t.contains("1234567890123458"), "{t}");
    let o = qris(&["cpm", "decode", "--json", code]);
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["valid"], true);
    assert_eq!(j["objects"][3]["objects"][0]["value"], "************3458");
    assert_eq!(j["diagnostics"][0]["code"], "cpm.pan_luhn");
    let track2 = v["track2_example"]["base64"].as_str().unwrap();
    let t = text(&qris(&["cpm", "decode", track2]));
    assert!(t.contains("************3458 (track 2, masked)") && !t.contains("1234567890123458"), "{t}");
}

#[test]
fn validate_reports_each_rule_and_exits_1() {
    let v = &vectors()["no_aid_example"];
    let o = qris(&["cpm", "validate", "--json", v["base64"].as_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<Value> = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| serde_json::json!([d["code"], d["path"]]))
        .collect();
    assert_eq!(Value::Array(errors), v["errors"]);
}

#[test]
fn the_wrong_kind_of_code_is_pointed_to_the_right_command() {
    let v = vectors();
    let cpm = v["track2_example"]["base64"].as_str().unwrap();
    let o = qris(&["decode", cpm]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("qris cpm decode"), "{}", text(&o));
    let mpm = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";
    let o = qris(&["cpm", "decode", mpm]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("qris decode"), "{}", text(&o));
    let o = qris(&["cpm", "validate", "--json", "not*base64"]);
    assert_eq!(o.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((j["error"]["code"].as_str(), j["error"]["offset"].as_u64()), (Some("cpm.base64"), Some(3)));
}
