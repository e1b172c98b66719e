//! `qris scan`: published payloads rendered by `qris render --format png`,
//! read back; the sticker check's exit codes; CPM card data never printed.

use std::process::{Command, Output};

use serde_json::Value;

fn qris(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qris")).args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Two published QRIS payloads (tests/vectors/qris-public.tsv) of different merchants.
const DANA: &str = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";

fn other_merchant() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/qris-public.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.split('\t').nth(3))
        .find(|p| {
            p.contains("ID.CO.QRIS.WWW")
                && !p.contains("ID1026564075103")
                && qris::Validator::qris().validate(p).is_valid()
        })
        .unwrap()
        .to_owned()
}

fn png(dir: &std::path::Path, name: &str, payload: &str, extra: &[&str]) -> String {
    let path = dir.join(name);
    let mut args = vec!["render", "--format", "png", "--scale", "3", "-o", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(payload);
    let o = qris(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    path.to_str().unwrap().to_owned()
}

#[test]
fn scan_reads_and_checks_stickers() {
    let dir = std::env::temp_dir().join(format!("qris-cli-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let genuine = png(&dir, "genuine.png", DANA, &[]);
    let other = other_merchant();
    let fraud = png(&dir, "fraud.png", &other, &[]);
    let url = png(&dir, "url.png", "https://example.com/menu", &["--force"]);

    let o = qris(&["scan", &genuine]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains(DANA) && t.contains("NMID ID1026564075103") && t.contains("valid"), "{t}");

    // JSON Lines, one object per image.
    let o = qris(&["scan", "--json", &genuine, &fraud]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let lines: Vec<Value> =
        o.stdout.split(|b| *b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["codes"][0]["text"], DANA);
    assert_eq!(lines[0]["codes"][0]["kind"], "qris");
    assert_eq!(lines[1]["codes"][0]["text"], other.as_str());

    // The sticker check: the genuine sticker matches, the pasted one does not.
    let o = qris(&["scan", "--expect-nmid", "ID1026564075103", &genuine]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("sticker: match"), "{}", text(&o));
    let o = qris(&["scan", "--json", "--expect-nmid", "ID1026564075103", "--expect-name", "BoonTrack", &fraud]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["sticker"]["verdict"], "mismatch");
    assert_eq!(j["sticker"]["differences"][0]["field"], "nmid");
    assert!(j["sticker"]["differences"][0]["message"]
        .as_str()
        .unwrap()
        .ends_with("is not the expected ID1026564075103"));
    let o = qris(&["scan", "--json", "--expect-nmid", "ID1026564075103", &url]);
    assert_eq!(o.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((j["codes"][0]["kind"].as_str(), j["sticker"]["verdict"].as_str()), (Some("other"), Some("not_qris")));

    // Bad files: reported per file, exit 1, the others still scanned.
    let junk = dir.join("junk.png");
    std::fs::write(&junk, b"\x89PNG\r\n\x1a\ntruncated").unwrap();
    let o = qris(&["scan", junk.to_str().unwrap(), "/nonexistent.jpg", &genuine]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(t.contains("error scan.corrupt") && t.contains("error io") && t.contains(DANA), "{t}");
    // --expect-name without --expect-nmid is a usage error.
    assert_eq!(qris(&["scan", "--expect-name", "x", &genuine]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scan_never_prints_a_cpm_codes_card_number() {
    let dir = std::env::temp_dir().join(format!("qris-cli-scan-cpm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/cpm-emvco.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let code = v["emvco_spec_example"]["base64"].as_str().unwrap();
    let file = png(&dir, "cpm.png", code, &["--force"]);
    for json in [false, true] {
        let mut args = vec!["scan", file.as_str()];
        if json {
            args.insert(1, "--json");
        }
        let o = qris(&args);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(0), "{t}");
        assert!(t.contains("cpm") && t.contains("************3458"), "{t}");
        assert!(!t.contains(code) && !t.contains("1234567890123458"), "{t}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
