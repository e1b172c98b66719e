//! `qris snap response-code` and `qris notify`, against the published vectors.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qris"))
        .args(args)
        .env_remove("QRIS_SERVER_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that does not read its input may exit first: a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn vectors() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("tests/vectors/snap-public.json")).unwrap()).unwrap()
}

#[test]
fn response_codes() {
    let o = run(&["snap", "response-code", "4035414", "--json"], b"");
    let v = json(&o);
    assert_eq!((v["http"].as_u64(), v["service"].as_u64(), v["case"].as_u64()), (Some(403), Some(54), Some(14)));
    assert_eq!(v["case_name"], "Insufficient Funds");
    assert_eq!(v["retry"], "never");
    let o = run(&["snap", "response-code", "2024700"], b"");
    assert!(String::from_utf8_lossy(&o.stdout).contains("still processing"));
    assert_eq!(run(&["snap", "response-code", "20054000"], b"").status.code(), Some(1));
}

#[test]
fn notify_snap_verifies_the_published_notification() {
    let v = vectors();
    let case =
        v["snap"].as_array().unwrap().iter().find(|c| c["name"] == "midtrans_demo_notification_verification").unwrap();
    let body = case["minified_body"].as_str().unwrap();
    let key = root().join("tests/vectors/midtrans-doc-public-spki.pem");
    let args = |path: &'static str| {
        vec![
            "notify".to_string(),
            "snap".into(),
            "--pubkey".into(),
            key.to_str().unwrap().into(),
            "--path".into(),
            path.into(),
            "--timestamp".into(),
            "2024-05-02T14:43:08+07:00".into(),
            "--signature".into(),
            case["expected"].as_str().unwrap().into(),
            "--now".into(),
            "2024-05-02T14:44:00+07:00".into(),
            "-".into(),
        ]
    };
    let a = args("/v1.0/debit/notify");
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>(), body.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let r = json(&o);
    assert_eq!((r["verified"].as_bool(), r["deliver"].as_bool()), (Some(true), Some(true)));
    assert_eq!(r["outcome"]["outcome"], "paid");
    assert_eq!(r["ack"]["body"]["responseCode"], "2005600");
    let a = args("/v1.0/other/notify");
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>(), body.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let r = json(&o);
    assert_eq!((r["verified"].as_bool(), r["error_kind"].as_str()), (Some(false), Some("signature")));
    assert_eq!(r["ack"]["status"], 401);
}

#[test]
fn notify_midtrans() {
    let c = &vectors()["midtrans_signature_key"][1];
    let s = |k: &str| c[k].as_str().unwrap().to_string();
    let body = format!(
        r#"{{"order_id":"{}","status_code":"{}","gross_amount":"{}","signature_key":"{}","transaction_status":"settlement","fraud_status":"accept"}}"#,
        s("order_id"),
        s("status_code"),
        s("gross_amount"),
        s("signature_key")
    );
    let o = run(&["notify", "midtrans", "--server-key", &s("server_key")], body.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let r = json(&o);
    assert_eq!((r["verified"].as_bool(), r["deliver"].as_bool()), (Some(true), Some(true)));
    // "pending" under the signed status_code 200 (Midtrans sends pending with
    // 201): the unsigned status disagrees with the signed code, so it is unknown.
    let pending = body.replace("settlement", "pending");
    let o = run(&["notify", "midtrans", "--server-key", &s("server_key")], pending.as_bytes());
    let r = json(&o);
    assert_eq!(
        (o.status.code(), r["deliver"].as_bool(), r["outcome"]["outcome"].as_str()),
        (Some(0), Some(false), Some("unknown"))
    );
    let o = run(&["notify", "midtrans", "--server-key", "wrong"], body.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["verified"], false);
}

#[test]
fn snap_headers_for_curl() {
    let v = vectors();
    let case = v["snap"].as_array().unwrap().iter().find(|c| c["name"] == "midtrans_demo_symmetric_qris").unwrap();
    let args = [
        "snap",
        "headers",
        "--method",
        "POST",
        "--path",
        "/v1.0/qr/qr-mpm-generate",
        "--body",
        "-",
        "--partner-id",
        "G123456",
        "--channel-id",
        "12345",
        "--token",
        "myaccesstoken",
        "--timestamp",
        "2024-03-05T10:37:16.196Z",
        "--secret",
        "myclientsecret",
    ];
    let o = run(&args, case["minified_body"].as_str().unwrap().as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains(&format!("X-SIGNATURE: {}\n", case["expected"].as_str().unwrap())), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("X-EXTERNAL-ID: ") && l.len() == "X-EXTERNAL-ID: ".len() + 20),
        "{text}"
    );
    let mut bad = args.to_vec();
    bad[11] = "1234";
    assert_eq!(run(&bad, b"{}").status.code(), Some(1));
}
