//! The signature commands, against the published vectors (tests/vectors/snap-public.json).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

fn snap() -> Value {
    serde_json::from_slice(&std::fs::read(vectors().join("snap-public.json")).unwrap()).unwrap()
}

fn case(name: &str) -> Value {
    snap()["snap"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
}

fn run(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qris"));
    cmd.args(args).env_remove("QRIS_CLIENT_SECRET").env_remove("QRIS_SERVER_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // A command that does not read its input may exit first: a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim_end().to_string()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("qris-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn file(&self, name: &str, content: &[u8]) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, content).unwrap();
        p.to_str().unwrap().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn key(name: &str) -> String {
    vectors().join(name).to_str().unwrap().to_string()
}

#[test]
fn sign_rsa_b2b_reproduces_the_docs() {
    let v = case("midtrans_docs_b2b_access_token");
    let args = [
        "sign",
        "rsa",
        "--key",
        &key("midtrans-doc-private-pkcs8.pem"),
        "--client-id",
        v["client_id"].as_str().unwrap(),
        "--timestamp",
        v["timestamp"].as_str().unwrap(),
    ];
    let o = run(&args, &[], b"");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), v["expected"].as_str().unwrap());
    let sig = out(&o);
    let o = run(
        &[
            "verify",
            "rsa",
            "--pubkey",
            &key("midtrans-doc-public-spki.pem"),
            "--client-id",
            "G1234325-SNAP",
            "--timestamp",
            "2023-07-31T07:10:00+07:00",
            "--signature",
            &sig,
            "--now",
            "2023-07-31T07:12:00+07:00",
        ],
        &[],
        b"",
    );
    assert_eq!((o.status.code(), out(&o).as_str()), (Some(0), "valid"));
    // Without --now the clock is today's: the 2023 request is stale.
    let o = run(
        &[
            "verify",
            "rsa",
            "--pubkey",
            &key("midtrans-doc-public-spki.pem"),
            "--client-id",
            "G1234325-SNAP",
            "--timestamp",
            "2023-07-31T07:10:00+07:00",
            "--signature",
            &sig,
        ],
        &[],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("older than the allowed window"), "{}", out(&o));
}

#[test]
fn sign_and_verify_hmac() {
    let v = case("midtrans_demo_symmetric_qris");
    let dir = TempDir::new("hmac");
    let body = dir.file("body.json", v["minified_body"].as_str().unwrap().as_bytes());
    let secret_file = dir.file("secret", b"myclientsecret\n");
    let base = [
        "--method",
        "POST",
        "--path",
        "/v1.0/qr/qr-mpm-generate",
        "--token",
        "myaccesstoken",
        "--timestamp",
        "2024-03-05T10:37:16.196Z",
        "--body",
        &body,
    ];
    // Secret from the environment.
    let mut args = vec!["sign", "hmac"];
    args.extend(base);
    let o = run(&args, &[("QRIS_CLIENT_SECRET", "myclientsecret")], b"");
    assert_eq!(out(&o), v["expected"].as_str().unwrap(), "{}", err(&o));
    // Secret from a file (its newline ignored), hex output, body from stdin.
    let args = [
        "sign",
        "hmac",
        "--method",
        "POST",
        "--path",
        "/v1.0/qr/qr-mpm-generate",
        "--token",
        "myaccesstoken",
        "--timestamp",
        "2024-03-05T10:37:16.196Z",
        "--body",
        "-",
        "--secret-file",
        &secret_file,
        "--hex",
    ];
    let o = run(&args, &[], v["minified_body"].as_str().unwrap().as_bytes());
    assert_eq!(out(&o).len(), 128);
    // Verify (as of the request's own time): valid, then invalid with the reason.
    let mut args = vec![
        "verify",
        "hmac",
        "--secret",
        "myclientsecret",
        "--signature",
        v["expected"].as_str().unwrap(),
        "--now",
        "2024-03-05T10:38:00Z",
    ];
    args.extend(base);
    let o = run(&args, &[], b"");
    assert_eq!((o.status.code(), out(&o).as_str()), (Some(0), "valid"));
    args[3] = "wrongsecret";
    let o = run(&args, &[], b"");
    assert_eq!((o.status.code(), out(&o).as_str()), (Some(1), "invalid: invalid signature"));
    // No secret at all: a clear error.
    let mut args = vec!["sign", "hmac"];
    args.extend(base);
    let o = run(&args, &[], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("QRIS_CLIENT_SECRET"), "{}", err(&o));
}

/// Where secrets come from: an explicit flag always wins over the environment,
/// an environment variable set to nothing counts as unset, and a blank secret
/// from any source is refused (anyone could compute its signatures).
#[test]
fn secrets_precedence_and_blank_secrets() {
    let c = &snap()["midtrans_signature_key"][1];
    let s = |k: &str| c[k].as_str().unwrap().to_string();
    let dir = TempDir::new("secrets");
    let (order, code, amount) = (s("order_id"), s("status_code"), s("gross_amount"));
    let base = ["midtrans", "signature-key", "--order-id", &order, "--status-code", &code, "--gross-amount", &amount];
    let with = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = base.to_vec();
        args.extend(extra);
        run(&args, env, b"")
    };
    // The flag wins over a (different) key in the environment.
    let key = s("server_key");
    let o = with(&["--server-key", &key], &[("QRIS_SERVER_KEY", "SB-Mid-server-OTHER")]);
    assert_eq!(out(&o), s("signature_key"), "{}", err(&o));
    let file = dir.file("key", format!("{key}\n").as_bytes());
    let o = with(&["--server-key-file", &file], &[("QRIS_SERVER_KEY", "SB-Mid-server-OTHER")]);
    assert_eq!(out(&o), s("signature_key"), "{}", err(&o));
    // Set but empty: unset, so the flag is used; without a flag, "no server key".
    let o = with(&["--server-key", &key], &[("QRIS_SERVER_KEY", "")]);
    assert_eq!(out(&o), s("signature_key"), "{}", err(&o));
    let o = with(&[], &[("QRIS_SERVER_KEY", "")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no server key"), "{}", err(&o));
    // Blank from any source: refused, saying where it came from.
    let empty = dir.file("empty", b"\n");
    for (extra, env, source) in [
        (vec!["--server-key-file", empty.as_str()], vec![], "the file"),
        (vec!["--server-key", "  "], vec![], "--server-key"),
        (vec![], vec![("QRIS_SERVER_KEY", " \t")], "QRIS_SERVER_KEY"),
    ] {
        let o = with(&extra, &env);
        assert_eq!((o.status.code(), out(&o).as_str()), (Some(1), ""), "{extra:?}");
        assert!(err(&o).contains("empty") && err(&o).contains(source), "{}", err(&o));
    }
    // The same for a verification: an empty key never verifies anything.
    let body = format!(
        r#"{{"order_id":"{order}","status_code":"{code}","gross_amount":"{amount}","signature_key":"{}","transaction_status":"settlement"}}"#,
        s("signature_key")
    );
    let o = run(&["notify", "midtrans", "--server-key-file", &empty], &[], body.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let o = run(
        &[
            "verify",
            "hmac",
            "--method",
            "GET",
            "--path",
            "/",
            "--token",
            "t",
            "--timestamp",
            "x",
            "--signature",
            "AA==",
        ],
        &[("QRIS_CLIENT_SECRET", "")],
        b"",
    );
    assert!(o.status.code() == Some(1) && err(&o).contains("no client secret"), "{}", err(&o));
}

#[test]
fn verify_rsa_notification_and_bad_keys() {
    let v = case("midtrans_demo_notification_verification");
    let dir = TempDir::new("notify");
    let body = dir.file("notify.json", v["minified_body"].as_str().unwrap().as_bytes());
    let args = |pubkey: &str| {
        vec![
            "verify".to_string(),
            "rsa".into(),
            "--pubkey".into(),
            pubkey.into(),
            "--method".into(),
            "POST".into(),
            "--path".into(),
            "/v1.0/debit/notify".into(),
            "--body".into(),
            body.clone(),
            "--timestamp".into(),
            "2024-05-02T14:43:08+07:00".into(),
            "--signature".into(),
            v["expected"].as_str().unwrap().into(),
            "--now".into(),
            "2024-05-02T14:44:00+07:00".into(),
        ]
    };
    let a = args(&key("midtrans-doc-public-spki.pem"));
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>(), &[], b"");
    assert_eq!((o.status.code(), out(&o).as_str()), (Some(0), "valid"));
    let a = args(&key("midtrans-doc-private-pkcs8.pem"));
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>(), &[], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o), "invalid: bad key: a PKCS#8 private key given where a public key is needed");
}

#[test]
fn midtrans_signature_key_and_verify() {
    let c = &snap()["midtrans_signature_key"][1];
    let s = |k: &str| c[k].as_str().unwrap().to_string();
    let o = run(
        &[
            "midtrans",
            "signature-key",
            "--order-id",
            &s("order_id"),
            "--status-code",
            &s("status_code"),
            "--gross-amount",
            &s("gross_amount"),
        ],
        &[("QRIS_SERVER_KEY", &s("server_key"))],
        b"",
    );
    assert_eq!(out(&o), s("signature_key"));
    let body = format!(
        r#"{{"order_id":"{}","status_code":"{}","gross_amount":"{}","signature_key":"{}","transaction_status":"settlement"}}"#,
        s("order_id"),
        s("status_code"),
        s("gross_amount"),
        s("signature_key")
    );
    let o = run(&["midtrans", "verify", "--server-key", &s("server_key")], &[], body.as_bytes());
    assert_eq!((o.status.code(), out(&o).as_str()), (Some(0), "valid"));
    let forged = body.replace("100000.00", "100.00");
    let o = run(&["midtrans", "verify", "-", "--server-key", &s("server_key")], &[], forged.as_bytes());
    assert_eq!((o.status.code(), out(&o).as_str()), (Some(1), "invalid: invalid signature"));
    // The same notification re-split ("111" + "1200"): refused for its form.
    let resplit = body.replace(r#""order_id":"1111","status_code":"200""#, r#""order_id":"111","status_code":"1200""#);
    let o = run(&["midtrans", "verify", "-", "--server-key", &s("server_key")], &[], resplit.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("status_code"), "{}", out(&o));
}

/// `qris notify midtrans`: the verified fields, the merchant's own record, and
/// forged notifications (status relabelled) never delivered.
#[test]
fn notify_midtrans_checks_the_record_and_refuses_forgeries() {
    let c = &snap()["midtrans_signature_key"][1];
    let s = |k: &str| c[k].as_str().unwrap().to_string();
    let body = format!(
        r#"{{"order_id":"{}","status_code":"{}","gross_amount":"{}","signature_key":"{}","transaction_status":"settlement","fraud_status":"accept"}}"#,
        s("order_id"),
        s("status_code"),
        s("gross_amount"),
        s("signature_key")
    );
    let key = s("server_key");
    let json = |o: &Output| -> Value { serde_json::from_str(&out(o)).unwrap() };
    let o = run(
        &["notify", "midtrans", "--server-key", &key, "--order-id", "1111", "--amount", "100000"],
        &[],
        body.as_bytes(),
    );
    let v = json(&o);
    assert_eq!(
        (o.status.code(), &v["deliver"], &v["order_id"], &v["gross_amount"]),
        (Some(0), &Value::Bool(true), &Value::from("1111"), &Value::from("100000.00"))
    );
    // Another order or amount than the record: not delivered.
    for (order, amount) in [("1112", "100000"), ("1111", "100000.01")] {
        let o = run(
            &["notify", "midtrans", "--server-key", &key, "--order-id", order, "--amount", amount],
            &[],
            body.as_bytes(),
        );
        let v = json(&o);
        assert_eq!((o.status.code(), &v["deliver"]), (Some(1), &Value::Bool(false)), "{v}");
    }
    // The signed 200 with "pending": unknown, not delivered.
    let relabelled = body.replace("settlement", "pending");
    let o = run(&["notify", "midtrans", "--server-key", &key], &[], relabelled.as_bytes());
    let v = json(&o);
    assert_eq!(
        (&v["verified"], &v["deliver"], &v["outcome"]["outcome"]),
        (&Value::Bool(true), &Value::Bool(false), &Value::from("unknown"))
    );
    let challenged = body.replace(r#""fraud_status":"accept""#, r#""fraud_status":"challenge""#);
    let v = json(&run(&["notify", "midtrans", "--server-key", &key], &[], challenged.as_bytes()));
    assert_eq!(v["deliver"], Value::Bool(false));
}

#[test]
fn minify_writes_exact_bytes_or_the_error() {
    let m = &snap()["minify"];
    let o = run(&["minify"], &[], m["input"].as_str().unwrap().as_bytes());
    assert_eq!(o.stdout, m["lexical_expected"].as_str().unwrap().as_bytes());
    let o = run(&["minify", "-"], &[], b"{\"a\": [1, 2,]}");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("byte 12") && err(&o).contains("trailing comma"), "{}", err(&o));
    let o = run(&["minify", "--hash", "-"], &[], b"{\"a\": [1, 2,]}");
    assert_eq!((o.status.code(), o.stdout.is_empty()), (Some(1), true));
    // --hash: the published body hashes (and the empty body's, as for GET).
    for v in snap()["snap"].as_array().unwrap().iter().filter(|v| v.get("body_sha256_lower_hex").is_some()) {
        let body = v["minified_body"].as_str().unwrap();
        let o = run(&["minify", "--hash"], &[], body.as_bytes());
        assert_eq!(out(&o), v["body_sha256_lower_hex"].as_str().unwrap(), "{}", v["name"]);
    }
    let o = run(&["minify", "--hash"], &[], b"");
    assert_eq!(out(&o), snap()["empty_body_sha256"].as_str().unwrap());
}

#[test]
fn keygen_makes_a_working_pair_and_refuses_weak_or_overwrites() {
    let dir = TempDir::new("keygen");
    let private = dir.0.join("k.pem");
    let public = dir.0.join("k.pub");
    let (p, q) = (private.to_str().unwrap(), public.to_str().unwrap());
    let o = run(&["keygen", "--private", p, "--public", q], &[], b"");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(std::fs::read_to_string(&private).unwrap().starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(std::fs::read_to_string(&public).unwrap().starts_with("-----BEGIN PUBLIC KEY-----"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let ts = out(&run(&["timestamp"], &[], b""));
    let sig = out(&run(&["sign", "rsa", "--key", p, "--client-id", "C", "--timestamp", &ts], &[], b""));
    let o =
        run(&["verify", "rsa", "--pubkey", q, "--client-id", "C", "--timestamp", &ts, "--signature", &sig], &[], b"");
    assert_eq!(out(&o), "valid", "{}", err(&o));
    // Never overwrites a key.
    assert_eq!(run(&["keygen", "--private", p, "--public", q], &[], b"").status.code(), Some(1));
    let o = run(&["keygen", "--private", &format!("{p}2"), "--public", &format!("{q}2"), "--bits", "1024"], &[], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("at least 2048"), "{}", err(&o));
}

#[test]
fn timestamp_is_x_timestamp() {
    let t = out(&run(&["timestamp"], &[], b""));
    assert_eq!(t.len(), 25, "{t}");
    assert!(t.ends_with("+07:00"));
    assert!(qris::sign::Timestamp::parse(&t).is_ok());
    let t = out(&run(&["timestamp", "--millis"], &[], b""));
    assert_eq!(t.len(), 29, "{t}");
}

#[test]
fn demo_signs_and_verifies_every_scheme() {
    let o = run(&["demo"], &[], b"");
    let s = out(&o);
    // minify, B2B, symmetric, signature_key; and the notification below.
    assert_eq!(s.matches("matches the published value: yes").count(), 4, "{s}");
    assert!(s.contains("signing the demo's notification reproduces its X-SIGNATURE: yes"), "{s}");
    assert!(s.contains("verify with the provider's public key: valid"), "{s}");
    assert!(!s.contains("NO (unexpected)") && !s.contains("(unexpected)"), "{s}");
}

/// A provider key below 2048 bits (made with OpenSSL, tests/vectors/legacy-rsa-openssl.json):
/// refused with a hint, verified only with `--allow-legacy-1024`, and then
/// reported as a warning; forgeries still fail; 768 bits stays refused.
#[test]
fn legacy_1024_bit_provider_keys_need_the_opt_in() {
    let v: Value = serde_json::from_slice(&std::fs::read(vectors().join("legacy-rsa-openssl.json")).unwrap()).unwrap();
    let s = |x: &Value| x.as_str().unwrap().to_string();
    let dir = TempDir::new("legacy");
    let k1024 = dir.file("k1024.pem", s(&v["public_1024"]).as_bytes());
    let k768 = dir.file("k768.pem", s(&v["public_768"]).as_bytes());
    let b2b = &v["b2b"];
    let (client, ts, sig) = (s(&b2b["client_id"]), s(&b2b["timestamp"]), s(&b2b["signature_1024"]));
    let verify = |key: &str, extra: &[&str], sig: &str| {
        let mut a = vec!["verify", "rsa", "--pubkey", key, "--client-id", &client, "--timestamp", &ts];
        a.extend_from_slice(&["--signature", sig, "--now", &ts]);
        a.extend_from_slice(extra);
        run(&a, &[], b"")
    };
    let o = verify(&k1024, &[], &sig);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("bad key") && out(&o).contains("allow_legacy_1024"), "{}", out(&o));
    let o = verify(&k1024, &["--allow-legacy-1024"], &sig);
    assert_eq!((o.status.code(), out(&o).as_str()), (Some(0), "valid"), "{}", err(&o));
    assert!(err(&o).contains("warning: key.legacy_1024"), "{}", err(&o));
    let forged = s(&b2b["signature_1536"]);
    assert_eq!(verify(&k1024, &["--allow-legacy-1024"], &forged).status.code(), Some(1));
    let o = verify(&k768, &["--allow-legacy-1024"], &sig);
    assert!(o.status.code() == Some(1) && out(&o).contains("768 bits is too small"), "{}", out(&o));

    // A SNAP notification: the result's `warnings` says it.
    let n = &v["notification"];
    let body = dir.file("notify.json", s(&n["body"]).as_bytes());
    let (nts, nsig) = (s(&n["timestamp"]), s(&n["signature_1024"]));
    let notify = |extra: &[&str]| {
        let mut a = vec!["notify", "snap", "--pubkey", &k1024, "--path", "/v1.0/qr/qr-mpm-notify"];
        a.extend_from_slice(&["--timestamp", &nts, "--signature", &nsig, "--now", &nts]);
        a.extend_from_slice(extra);
        a.push(&body);
        run(&a, &[], b"")
    };
    let o = notify(&["--allow-legacy-1024"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let j: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!((j["verified"].as_bool(), j["deliver"].as_bool()), (Some(true), Some(true)), "{j}");
    assert_eq!(j["warnings"][0]["code"], "key.legacy_1024", "{j}");
    let o = notify(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("allow_legacy_1024"), "{}", err(&o));
}
