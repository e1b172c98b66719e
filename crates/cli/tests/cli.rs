//! The `qris` command, run as a user would. Expected payloads come from the
//! shared vectors and the seeds.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SEED_000: &str = "00020101021226620014COM.GO-JEK.WWW011993600914349052630340210G4905263030303UKE51440014ID.CO.QRIS.WWW0215AID0607336128660303UKE5204341453033605802ID5904Test6007BANDUNG6105402845409789000.0062475036c032f87c-f773-4619-aefa-675e1f06f9210703A016304A623";
const TOKO_STATIC: &str = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";
/// GoPay's own dynamic code for 17000, through tag 61 (qris-conversion.tsv).
const TOKO_DYNAMIC_THROUGH_61: &str = "00020101021226610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605405170005802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO610567275";

fn qris(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qris")).args(args).output().unwrap()
}

fn qris_stdin(args: &[&str], stdin: &str) -> Output {
    qris_stdin_bytes(args, stdin.as_bytes())
}

fn qris_stdin_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qris"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that does not read its input may exit first: a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn corrupt(p: &str) -> String {
    p.replacen("BANDUNG", "BANDUMG", 1)
}

#[test]
fn decode_prints_the_tree() {
    let o = qris(&["decode", SEED_000]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    assert!(s.contains("CRC A623 ok"), "{s}");
    assert!(s.contains("26.00") && s.contains("COM.GO-JEK.WWW"), "{s}");
    assert!(s.contains("62.07") && s.contains("A01"), "{s}");
}

#[test]
fn decode_json_shape() {
    let o = qris(&["decode", "--json", SEED_000]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["crc_ok"], true);
    assert_eq!(v["issues"].as_array().unwrap().len(), 0);
    let objects = v["objects"].as_array().unwrap();
    assert_eq!(objects[0]["id"], "00");
    assert_eq!(objects[0]["offset"], 0);
    assert_eq!(objects[0]["value"], "01");
    let t26 = objects.iter().find(|o| o["id"] == "26").unwrap();
    assert_eq!(t26["children"][0]["value"], "COM.GO-JEK.WWW");
    assert_eq!(t26["children"][0]["offset"], 16);
    assert!(t26.get("value").is_none());
    let t62 = objects.iter().find(|o| o["id"] == "62").unwrap();
    assert_eq!(t62["children"][0]["id"], "50");
    assert_eq!(t62["children"][0]["value"], "c032f87c-f773-4619-aefa-675e1f06f921");
}

#[test]
fn decode_reports_a_wrong_crc_and_exits_1() {
    let o = qris(&["decode", "--json", &corrupt(SEED_000)]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["crc_ok"], false);
    assert!(!v["objects"].as_array().unwrap().is_empty(), "the tree is still shown");
    assert_eq!(v["issues"][0]["code"], "crc.mismatch");
    assert_eq!(v["issues"][0]["severity"], "error");
    assert_eq!(v["issues"][0]["path"], "63");

    let o = qris(&["decode", "--json", "000201010211zz"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["issues"][0]["code"], "tlv.bad_id");
}

#[test]
fn decode_reads_stdin() {
    let o = qris_stdin(&["decode", "-"], &format!("{SEED_000}\n"));
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("CRC A623 ok"));
    // The line ending of standard input is not scanner noise.
    assert!(!stdout(&o).contains("input.trimmed"));
    // Strict mode refuses surrounding noise inside the payload itself.
    let o = qris_stdin(&["decode", "--strict"], &format!(" {SEED_000}\n"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("input.trimmed"));
}

#[test]
fn validate_json_and_exit_codes() {
    let o = qris(&["validate", "--json", SEED_000]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["valid"], true);
    // The seed's NMID starts "AID": a warning, not an error.
    assert_eq!(v["issues"][0]["code"], "field.format");
    assert_eq!(v["issues"][0]["severity"], "warning");
    assert_eq!(v["issues"][0]["path"], "51.02");
    assert!(v["issues"][0]["message"].as_str().unwrap().contains("NMID"));

    let o = qris(&["validate", "--json", &corrupt(SEED_000)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["valid"], false);

    let o = qris(&["validate", SEED_000]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("valid"));
}

#[test]
fn validate_batch_keeps_input_order() {
    let dir = std::env::temp_dir().join(format!("qris-cli-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("payloads.txt");
    let lines = [SEED_000.to_string(), "nonsense".into(), TOKO_STATIC.into(), corrupt(SEED_000)];
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let o = qris(&["validate", "--batch", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "some payloads are invalid");
    let out: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let valid: Vec<bool> = out.iter().map(|v| v["valid"].as_bool().unwrap()).collect();
    assert_eq!(valid, [true, false, true, false]);
    assert_eq!(out[3]["issues"][0]["code"], "crc.mismatch");
    // stderr is not a terminal here: no progress line, only the summary.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("4 payloads: 2 valid, 2 invalid"), "{err}");
    assert!(err.contains("crc.mismatch: 1") && !err.contains("ETA"), "{err}");

    let o = qris_stdin(&["validate", "--batch", "-"], &format!("{TOKO_STATIC}\n{SEED_000}\n"));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

/// A line that is not UTF-8 gets its own `input.utf8` result, in order, and the
/// lines around it (in the same chunk) are all still validated and counted.
#[test]
fn validate_batch_never_drops_lines() {
    let mut input = Vec::new();
    for line in [SEED_000.as_bytes(), b"Caf\xe9", TOKO_STATIC.as_bytes(), b"\xff\xfe", SEED_000.as_bytes()] {
        input.extend_from_slice(line);
        input.extend_from_slice(b"\r\n");
    }
    let o = qris_stdin_bytes(&["validate", "--batch", "-"], &input);
    assert_eq!(o.status.code(), Some(1));
    let out: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let valid: Vec<bool> = out.iter().map(|v| v["valid"].as_bool().unwrap()).collect();
    assert_eq!(valid, [true, false, true, false, true]);
    assert_eq!(
        (out[1]["issues"][0]["code"].as_str(), out[3]["issues"][0]["code"].as_str()),
        (Some("input.utf8"), Some("input.utf8"))
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("5 payloads: 3 valid, 2 invalid") && err.contains("input.utf8: 2"), "{err}");
    // One payload that is not UTF-8: a JSON answer, not an I/O error.
    let o = qris_stdin_bytes(&["validate", "--json", "-"], b"Caf\xe9");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!((v["valid"].as_bool(), v["issues"][0]["code"].as_str()), (Some(false), Some("input.utf8")));
    let o = qris_stdin_bytes(&["decode", "--json", "-"], b"Caf\xe9");
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["issues"][0]["code"], "input.utf8");
}

#[test]
fn crc_of_the_check_string() {
    let o = qris(&["crc", "123456789"]);
    assert_eq!(stdout(&o).trim(), "29B1");
}

#[test]
fn dynamic_reproduces_gopay_and_static_goes_back() {
    let o = qris(&["dynamic", TOKO_STATIC, "--amount", "17000"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let dynamic = stdout(&o).trim().to_string();
    assert!(dynamic.starts_with(TOKO_DYNAMIC_THROUGH_61), "{dynamic}");
    let o = qris(&["static", &dynamic]);
    assert_eq!(stdout(&o).trim(), TOKO_STATIC);
}

#[test]
fn dynamic_options() {
    let o = qris(&["dynamic", TOKO_STATIC, "--amount", "25000", "--fee-percent", "2.5", "--terminal", "K2"]);
    assert_eq!(o.status.code(), Some(0));
    let d = stdout(&o);
    assert!(d.contains("54052500055020357032.55802ID"), "{d}");
    // 62.07 existed ("A01"): replaced in place.
    assert!(d.contains("PROBOLINGGO61056727562060702K26304"), "{d}");
    // 62.01 did not: inserted before the first larger sub-ID (07).
    let o = qris(&["dynamic", TOKO_STATIC, "--amount", "25000", "--bill", "B1"]);
    assert!(stdout(&o).contains("62130102B10703A016304"), "{}", stdout(&o));

    // Mutually exclusive tip options: usage error.
    let o = qris(&["dynamic", TOKO_STATIC, "--amount", "1", "--fee-fixed", "1", "--fee-percent", "1"]);
    assert_eq!(o.status.code(), Some(2));
    // Bad amount: refused with the reason.
    let o = qris(&["dynamic", TOKO_STATIC, "--amount", "1,5"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("amount"));
    // Wrong CRC: refused unless forced.
    let bad = corrupt(SEED_000);
    assert_eq!(qris(&["dynamic", &bad, "--amount", "5"]).status.code(), Some(1));
    assert_eq!(qris(&["dynamic", &bad, "--amount", "5", "--force"]).status.code(), Some(0));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(qris(&[]).status.code(), Some(2));
    assert_eq!(qris(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(qris(&["dynamic", TOKO_STATIC]).status.code(), Some(2));
    assert_eq!(qris(&["validate", SEED_000, "--batch", "-"]).status.code(), Some(2));
}

#[test]
fn demo_runs_offline_and_everything_is_as_expected() {
    let o = qris(&["demo"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    assert!(s.contains("identical to GoPay's own dynamic code through tag 61: yes"), "{s}");
    assert!(s.contains("dynamic -> static gives the original back: yes"), "{s}");
    assert!(!s.contains("unexpected"), "{s}");
}

#[test]
fn render_formats() {
    let o = qris(&["render", SEED_000, "--format", "svg", "--caption"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    assert!(s.starts_with("<svg") && s.contains("Test · IDR 789000.00"), "{s}");
    let o = qris(&["render", SEED_000, "--format", "png"]);
    assert!(o.stdout.starts_with(b"\x89PNG\r\n\x1a\n"));
    let o = qris(&["render", SEED_000, "--format", "escpos58"]);
    assert_eq!(&o.stdout[..4], &[0x1D, 0x76, 0x30, 0x00]);
    let o = qris(&["render", SEED_000]);
    assert!(stdout(&o).contains('█'));
    // A broken payload is refused with the payload engine's diagnostic, unless forced.
    let o = qris(&["render", &corrupt(SEED_000)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("crc.mismatch"));
    assert_eq!(qris(&["render", &corrupt(SEED_000), "--force"]).status.code(), Some(0));
}

/// The demo's data (crates/cli/data) is the published vectors, unchanged.
#[test]
fn demo_data_is_the_published_vectors() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (ours, published) in [
        ("qris-public.tsv", "tests/vectors/qris-public.tsv"),
        ("qris-conversion.tsv", "tests/vectors/qris-conversion.tsv"),
        ("snap-public.json", "tests/vectors/snap-public.json"),
        ("midtrans-doc-private-pkcs8.pem", "tests/vectors/midtrans-doc-private-pkcs8.pem"),
        ("midtrans-doc-public-spki.pem", "tests/vectors/midtrans-doc-public-spki.pem"),
        ("midtrans-notification.json", "tests/fixtures/seed000-notification.json"),
    ] {
        let a = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(ours)).unwrap();
        let b = std::fs::read(root.join(published)).unwrap();
        assert!(a == b, "crates/cli/data/{ours} differs from {published}");
    }
}

/// CRC-16/CCITT-FALSE, bit by bit: independent of the crate's table-driven one.
fn reference_crc(data: &[u8]) -> String {
    let mut crc: u16 = 0xFFFF;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    format!("{crc:04X}")
}

#[test]
fn build_edits_a_sticker_into_gopays_own_dynamic_code() {
    // Unchanged, the published sticker comes back byte for byte.
    let o = qris(&["build", "--from", TOKO_STATIC]);
    assert_eq!((o.status.code(), stdout(&o).trim_end()), (Some(0), TOKO_STATIC));
    // 01=12 and 54=17000 give GoPay's own dynamic code through tag 61.
    let o = qris(&["build", "--from", TOKO_STATIC, "--set", "01=12", "--set", "54=17000"]);
    assert_eq!(o.status.code(), Some(0));
    let built = stdout(&o).trim_end().to_owned();
    assert!(built.starts_with(TOKO_DYNAMIC_THROUGH_61), "{built}");
    assert_eq!(&built[TOKO_DYNAMIC_THROUGH_61.len()..built.len() - 4], "62070703A016304");
    assert_eq!(built[built.len() - 4..], reference_crc(&built.as_bytes()[..built.len() - 4]));
    // --remove, from standard input.
    let o = qris_stdin(&["build", "--from", "-", "--remove", "62", "--remove", "61"], TOKO_STATIC);
    let built = stdout(&o).trim_end().to_owned();
    assert!(built.ends_with(&format!("6011PROBOLINGGO6304{}", reference_crc(&built.as_bytes()[..built.len() - 4]))));
}

#[test]
fn build_refuses_what_it_cannot_encode() {
    for args in [
        &["build", "--set", "59"][..],                          // no value
        &["build", "--set", "999=x"],                           // not an ID
        &["build", "--from", &corrupt(SEED_000)],               // a wrong CRC
        &["build", "--from", TOKO_STATIC, "--remove", "62.07"], // 62 left empty
    ] {
        let o = qris(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(o.stdout.is_empty() && !o.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn timestamp_formats_and_checks() {
    // 2024-03-05T10:37:16Z, shown at WIB (+07:00) and at UTC.
    let o = qris(&["timestamp", "--at", "1709635036"]);
    assert_eq!(stdout(&o), "2024-03-05T17:37:16+07:00\n");
    let o = qris(&["timestamp", "--at", "1709635036", "--offset", "0", "--millis"]);
    assert_eq!(stdout(&o), "2024-03-05T10:37:16.000Z\n");
    let o = qris(&["timestamp", "--at", "1709635036", "--offset", "-300"]);
    assert_eq!(stdout(&o), "2024-03-05T05:37:16-05:00\n");
    for bad in
        [&["timestamp", "--at", "-1"][..], &["timestamp", "--offset", "1081"], &["timestamp", "--at", "253402300799"]]
    {
        assert_eq!(qris(bad).status.code(), Some(1), "{bad:?}");
    }
    let check =
        |ts: &str, now: &str| qris(&["timestamp", "--check", ts, "--now", now, "--window", "300"]).status.code();
    assert_eq!(check("2024-03-05T17:37:16+07:00", "2024-03-05T10:42:16Z"), Some(0));
    assert_eq!(check("2024-03-05T17:37:16+07:00", "2024-03-05T10:42:17Z"), Some(1));
    assert_eq!(check("2024-03-05T17:37:16+07:00", "2024-03-05T17:32:15+07:00"), Some(1));
    assert_eq!(check("2024-03-05 17:37:16", "2024-03-05T10:37:16Z"), Some(1));
}
