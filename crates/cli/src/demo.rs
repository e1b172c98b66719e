//! `qris demo`: a walk through the published examples (Midtrans, SenGo, Bank Indonesia SNAP), offline.

use std::io::{self, Write};

use qris::emv::{DynamicOptions, ParseOptions, Profile, Validator};
use qris::sign::{self, midtrans, Encoding, HmacSigner, PrivateKey, PublicKey, Secret};
use serde_json::Value;

use crate::emv as report;

// The demo's data lives with it (crates/cli/data: copies of the published
// vectors, kept identical to tests/vectors by a test), so the crate builds alone.
const PUBLIC: &str = include_str!("../data/qris-public.tsv");
const CONVERSION: &str = include_str!("../data/qris-conversion.tsv");
const SNAP: &str = include_str!("../data/snap-public.json");
/// The key pair Midtrans publishes in its SNAP docs (test use only).
const DOC_PRIVATE_KEY: &str = include_str!("../data/midtrans-doc-private-pkcs8.pem");
const DOC_PUBLIC_KEY: &str = include_str!("../data/midtrans-doc-public-spki.pem");
/// The HTTP notification sample of Midtrans' GoPay QRIS POS guide.
const SEED000_NOTIFICATION: &str = include_str!("../data/midtrans-notification.json");

/// Column `col` of the first row of a TSV whose `key_col` starts with `key`.
fn field<'a>(tsv: &'a str, key_col: usize, key: &str, col: usize) -> &'a str {
    tsv.lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|c| c.get(key_col).is_some_and(|k| k.starts_with(key)))
        .and_then(|c| c.get(col).copied())
        .unwrap_or("")
}

fn heading(out: &mut impl Write, n: u32, title: &str) -> io::Result<()> {
    writeln!(out, "\n== {n}. {title}")
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "NO (unexpected)"
    }
}

pub fn run(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "qris demo: the published examples of Midtrans, SenGo and Bank Indonesia SNAP, offline")?;

    let seed000 = field(PUBLIC, 0, "seed 000", 3);
    heading(out, 1, "Decode the qr_string of a Midtrans/GoPay QRIS charge response (Midtrans' GoPay QRIS POS guide)")?;
    report::decode_text(out, seed000, &qris::parse(seed000))?;

    heading(out, 2, "Validate it against the QRIS rules")?;
    report::validation_text(out, &Validator::qris().validate(seed000))?;

    let seed002 = field(PUBLIC, 0, "seed 002", 3);
    heading(out, 3, "Tags in any order (SenGo's QRIS API docs, a SenGo QRIS response)")?;
    match qris::parse(seed002) {
        Ok(p) => {
            let ids: Vec<String> = p.objects().map(|o| format!("{:02}", o.id())).collect();
            writeln!(out, "root order: {}", ids.join(" "))?;
            writeln!(
                out,
                "merchant {:?} in {:?}, amount {:?}, acquirer {}",
                p.merchant_name().unwrap_or(""),
                p.merchant_city().unwrap_or(""),
                p.amount().unwrap_or(""),
                p.merchant_accounts().next().and_then(|m| m.acquirer()).unwrap_or("unknown")
            )?;
            report::validation_text(out, &p.validate())?;
        }
        Err(e) => writeln!(out, "{e}")?,
    }

    let stat = field(CONVERSION, 0, "A real GoPay", 1);
    let amount = field(CONVERSION, 0, "A real GoPay", 2);
    let issuer = field(CONVERSION, 0, "A real GoPay", 3);
    heading(out, 4, &format!("Static -> dynamic: GoPay's static code, amount {amount}"))?;
    writeln!(out, "static : {stat}")?;
    match qris::to_dynamic(stat, &DynamicOptions::new(amount)) {
        Ok(dynamic) => {
            writeln!(out, "ours   : {dynamic}")?;
            writeln!(out, "GoPay  : {issuer}")?;
            let upto_61 = |s: &str| {
                qris::parse(s).ok().and_then(|p| p.get(62)).map(|o| s[..o.offset()].to_owned()).unwrap_or_default()
            };
            writeln!(
                out,
                "identical to GoPay's own dynamic code through tag 61: {}",
                yes(!upto_61(issuer).is_empty() && upto_61(&dynamic) == upto_61(issuer))
            )?;
            writeln!(out, "(GoPay also put a one-time token in 62.50; a converter does not invent one)")?;
            let back = qris::to_static(&dynamic, false);
            writeln!(out, "dynamic -> static gives the original back: {}", yes(back.as_deref() == Ok(stat)))?;
        }
        Err(e) => writeln!(out, "{e}")?,
    }

    if let Ok(dynamic) = qris::to_dynamic(stat, &DynamicOptions::new(amount)) {
        if let Ok(m) = qris::render::QrMatrix::encode(&dynamic, &qris::render::RenderOptions::default()) {
            writeln!(out, "the dynamic code as the POS shows it (QR version {}, ECC M):", m.version())?;
            write!(out, "{}", qris::render::terminal(&m, false))?;
        }
    }

    heading(out, 5, "Dynamic with a 2.5% convenience fee, a bill number and a terminal label")?;
    let opts = DynamicOptions::new("25000").fee_percent("2.5").bill("INV-0042").terminal("KASIR-2");
    match qris::to_dynamic(stat, &opts) {
        Ok(d) => {
            writeln!(out, "{d}")?;
            if let Ok(p) = qris::parse(&d) {
                writeln!(
                    out,
                    "amount {}, {}, bill {}, terminal {}; valid: {}",
                    p.amount().unwrap_or("-"),
                    p.tip().map_or_else(|| "no tip".to_string(), |t| t.to_string()),
                    p.additional_data().and_then(|a| a.bill_number()).unwrap_or("-"),
                    p.additional_data().and_then(|a| a.terminal_label()).unwrap_or("-"),
                    yes(p.validate().is_valid())
                )?;
            }
        }
        Err(e) => writeln!(out, "{e}")?,
    }
    match qris::to_dynamic(stat, &DynamicOptions::new("25.000,00")) {
        Ok(_) => writeln!(out, "amount \"25.000,00\" accepted: NO (unexpected)")?,
        Err(e) => writeln!(out, "amount \"25.000,00\" refused: {e}")?,
    }

    heading(out, 6, "What scanners and web apps do to payloads")?;
    let noisy = format!("\u{feff} {seed000}\r\n");
    let r = Validator::qris().validate(&noisy);
    writeln!(out, "BOM, space and CRLF around it: valid {}", yes(r.is_valid()))?;
    for d in r.diagnostics().iter().filter(|d| d.code == qris::Code::InputTrimmed) {
        writeln!(out, "  {d}")?;
    }
    let lower = format!("{}{}", &seed000[..seed000.len() - 4], seed000[seed000.len() - 4..].to_lowercase());
    writeln!(out, "lowercase CRC, lenient: accepted {}", yes(qris::parse(&lower).is_ok()))?;
    match qris::parse_strict(&lower) {
        Ok(_) => writeln!(out, "lowercase CRC, strict: accepted (unexpected)")?,
        Err(e) => writeln!(out, "lowercase CRC, strict: {e}")?,
    }
    let tampered = seed000.replacen("789000.00", "189000.00", 1);
    match qris::parse(&tampered) {
        Ok(_) => writeln!(out, "amount edited without a new CRC: accepted (unexpected)")?,
        Err(e) => writeln!(out, "amount edited without a new CRC: {e}")?,
    }
    let url = seed000.replacen("Test", "Te%20t", 1);
    match qris::parse(&url) {
        Ok(_) => writeln!(out, "URL-encoded: accepted (unexpected)")?,
        Err(e) => writeln!(out, "URL-encoded: {e}")?,
    }

    heading(out, 7, "Other EMVCo national schemes parse and CRC-check (generic profile)")?;
    for scheme in ["EMVCo-CN", "VietQR-VN"] {
        let payload = field(PUBLIC, 1, scheme, 3);
        match ParseOptions::lenient().parse(payload) {
            Ok(p) => {
                let r = p.validate_with(Profile::Emv);
                writeln!(
                    out,
                    "{scheme}: CRC {} ok, {} root objects, currency {}, valid under EMVCo rules: {} ({} warning(s))",
                    p.crc(),
                    p.len(),
                    p.currency().unwrap_or("?"),
                    yes(r.is_valid()),
                    r.warnings().count()
                )?;
            }
            Err(e) => writeln!(out, "{scheme}: {e}")?,
        }
    }

    heading(out, 8, "Batch validation on all cores")?;
    let payloads: Vec<&str> = PUBLIC.lines().skip(1).filter_map(|l| l.split('\t').nth(3)).collect();
    let reports = Validator::qris().validate_many(&payloads);
    for (p, r) in payloads.iter().zip(&reports) {
        let codes: Vec<&str> = r.errors().map(|d| d.code.as_str()).collect();
        let status = if r.is_valid() { "valid".to_string() } else { format!("invalid: {}", codes.join(", ")) };
        writeln!(out, "{:<60} {status}", format!("{}...", &p[..p.len().min(56)]))?;
    }
    signatures(out)?;
    pos_flow(out, seed000)?;
    writeln!(out, "\nTry: qris decode PAYLOAD | qris validate --json PAYLOAD | qris dynamic PAYLOAD --amount 25000")?;
    writeln!(out, "     qris sign hmac ... | qris verify rsa ... | qris midtrans verify notification.json | qris minify body.json")?;
    Ok(())
}

/// Seed 000's POS flow: charge response -> QR payload -> notification -> outcome.
fn pos_flow(out: &mut impl Write, qr_string: &str) -> io::Result<()> {
    use qris::snap::{verify_midtrans, ResponseCode};

    heading(
        out,
        14,
        "A whole POS flow (Midtrans' GoPay QRIS POS guide): charge -> show the QR -> notification -> deliver?",
    )?;
    writeln!(out, "1. /charge answered status_code 201 with qr_string (the POS shows it as a QR):")?;
    match qris::parse(qr_string) {
        Ok(p) => writeln!(
            out,
            "   merchant {:?}, amount {:?}, dynamic {}, CRC {} ok",
            p.merchant_name().unwrap_or(""),
            p.amount().unwrap_or(""),
            yes(p.is_dynamic()),
            p.crc()
        )?,
        Err(e) => writeln!(out, "   {e}")?,
    }
    writeln!(out, "2. The payer scans and pays; Midtrans POSTs the HTTP notification to the backend.")?;
    // The published signature_key was made with Midtrans' own server key: re-sign with a test key.
    let server_key = Secret::from("SB-Mid-server-TEST");
    let mut n: Value = serde_json::from_str(SEED000_NOTIFICATION).unwrap_or(Value::Null);
    let order = n["order_id"].as_str().unwrap_or("").to_string();
    let (status, amount) =
        (n["status_code"].as_str().unwrap_or("").to_string(), n["gross_amount"].as_str().unwrap_or("").to_string());
    n["signature_key"] = midtrans::signature_key(&order, &status, &amount, &server_key).unwrap_or_default().into();
    let body = serde_json::to_vec_pretty(&n).unwrap_or_default();
    match verify_midtrans(&body, &server_key) {
        Ok(v) => {
            writeln!(
                out,
                "3. signature_key verified (test server key); transaction_status {:?}, fraud_status {:?}",
                v.transaction_status(),
                v.fraud_status().unwrap_or("")
            )?;
            writeln!(out, "4. outcome: {}; deliver the goods: {}", v.outcome, if v.deliver() { "YES" } else { "no" })?;
        }
        Err(e) => writeln!(out, "3. {e} (unexpected)")?,
    }
    // Midtrans sends the expiry with status_code 407 (signed).
    n["transaction_status"] = "expire".into();
    n["status_code"] = "407".into();
    n["signature_key"] = midtrans::signature_key(&order, "407", &amount, &server_key).unwrap_or_default().into();
    let expired = serde_json::to_vec(&n).unwrap_or_default();
    if let Ok(v) = verify_midtrans(&expired, &server_key) {
        writeln!(
            out,
            "   the same order left unpaid (expire, 407): {}; deliver: {}",
            v.outcome,
            if v.deliver() { "YES (unexpected)" } else { "no" }
        )?;
    }
    // transaction_status is not signed: relabelling the genuine expiry "settlement"
    // still verifies, but the signed 407 disagrees, so it is not paid.
    n["transaction_status"] = "settlement".into();
    let relabelled = serde_json::to_vec(&n).unwrap_or_default();
    if let Ok(v) = verify_midtrans(&relabelled, &server_key) {
        writeln!(
            out,
            "   that expiry relabelled \"settlement\" by an attacker: {}; deliver: {}",
            v.outcome,
            if v.deliver() { "YES (unexpected)" } else { "no" }
        )?;
    }
    n["gross_amount"] = "1.00".into();
    let forged = serde_json::to_vec(&n).unwrap_or_default();
    if let Err(e) = verify_midtrans(&forged, &server_key) {
        writeln!(out, "   a forged notification (amount changed): {e}")?;
    }
    if let Ok(c) = ResponseCode::parse("5045400") {
        writeln!(
            out,
            "   and a SNAP debit payment answered {c}: {} ({}): {}",
            c.case_name(),
            c.service_name(),
            c.retry().advice()
        )?;
    }
    Ok(())
}

/// The published SNAP example called `name` in snap-public.json.
fn snap_case<'v>(vectors: &'v Value, name: &str) -> &'v Value {
    vectors["snap"].as_array().and_then(|a| a.iter().find(|c| c["name"] == name)).unwrap_or(&Value::Null)
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key].as_str().unwrap_or("")
}

fn same(out: &mut impl Write, what: &str, got: &str, published: &str) -> io::Result<()> {
    writeln!(out, "{what}: {got}")?;
    writeln!(out, "  matches the published value: {}", yes(!published.is_empty() && got == published))
}

/// A clock at the published example's own X-TIMESTAMP (the examples are old:
/// against today's clock they are stale, as the demo shows once).
fn at(ts: &str) -> sign::Freshness {
    sign::Timestamp::parse(ts)
        .map_or_else(|_| sign::Freshness::default(), |t| sign::Freshness::at(t, sign::DEFAULT_WINDOW_SECONDS))
}

fn verdict<E: std::fmt::Display>(r: Result<(), E>) -> String {
    match r {
        Ok(()) => "valid".into(),
        Err(e) => format!("rejected ({e})"),
    }
}

fn signatures(out: &mut impl Write) -> io::Result<()> {
    let vectors: Value = serde_json::from_str(SNAP).unwrap_or(Value::Null);

    heading(out, 9, "Lexical minify: whitespace outside strings goes, every other byte stays")?;
    let m = &vectors["minify"];
    let input = text(m, "input");
    writeln!(out, "input  : {input}")?;
    match sign::minify_str(input) {
        Ok(min) => {
            same(out, "minify ", &min, text(m, "lexical_expected"))?;
            if let Ok(js) = sign::js::reserialize(input.as_bytes()) {
                writeln!(out, "JSON.stringify(JSON.parse(body)) would hash a different body: {js}")?;
            }
        }
        Err(e) => writeln!(out, "{e}")?,
    }
    match sign::body_hash(b"") {
        Ok(h) => writeln!(out, "empty body (GET) hashes \"\": {h}")?,
        Err(e) => writeln!(out, "{e}")?,
    }

    let (private, public) = match (PrivateKey::from_pem(DOC_PRIVATE_KEY), PublicKey::from_pem(DOC_PUBLIC_KEY)) {
        (Ok(k), Ok(p)) => (k, p),
        (Err(e), _) | (_, Err(e)) => return writeln!(out, "the published key does not load: {e} (unexpected)"),
    };

    heading(out, 10, "B2B access token: SHA256withRSA over clientId|X-TIMESTAMP (Midtrans docs' key)")?;
    let b2b = snap_case(&vectors, "midtrans_docs_b2b_access_token");
    match private.sign_b2b(text(b2b, "client_id"), text(b2b, "timestamp"), Encoding::Base64) {
        Ok(sig) => {
            writeln!(
                out,
                "string to sign: {}",
                sign::b2b_string_to_sign(text(b2b, "client_id"), text(b2b, "timestamp"))
            )?;
            same(out, "X-SIGNATURE", &sig, text(b2b, "expected"))?;
            writeln!(
                out,
                "verified with the published public key: {}",
                verdict(public.verify_b2b(
                    text(b2b, "client_id"),
                    text(b2b, "timestamp"),
                    &sig,
                    at(text(b2b, "timestamp"))
                ))
            )?;
            writeln!(
                out,
                "the same request checked against today's clock: {}",
                verdict(public.verify_b2b(
                    text(b2b, "client_id"),
                    text(b2b, "timestamp"),
                    &sig,
                    sign::Freshness::default()
                ))
            )?;
        }
        Err(e) => writeln!(out, "{e}")?,
    }

    heading(out, 11, "Symmetric: HMAC-SHA512 of a SNAP QRIS MPM generate request (Midtrans' demo)")?;
    let sym = snap_case(&vectors, "midtrans_demo_symmetric_qris");
    let Ok(signer) = HmacSigner::new(text(sym, "client_secret").as_bytes()) else {
        return writeln!(out, "the published client secret is empty (unexpected)");
    };
    let body = text(sym, "minified_body");
    let pretty = body.replace(",\"", ",\n  \"").replace("{", "{\n  ");
    let (path, token, ts) = ("/v1.0/qr/qr-mpm-generate", "Bearer myaccesstoken", "2024-03-05T10:37:16.196Z");
    match signer.sign_request("POST", path, token, pretty.as_bytes(), ts, Encoding::Base64) {
        Ok(sig) => {
            same(out, "X-SIGNATURE (from a pretty-printed body)", &sig, text(sym, "expected"))?;
            writeln!(
                out,
                "verify: {}",
                verdict(signer.verify_request("POST", path, token, body.as_bytes(), ts, &sig, at(ts)))
            )?;
            let tampered = body.replace("12345678.00", "12345679.00");
            writeln!(
                out,
                "verify with the amount changed: {}",
                verdict(signer.verify_request("POST", path, token, tampered.as_bytes(), ts, &sig, at(ts)))
            )?;
        }
        Err(e) => writeln!(out, "{e}")?,
    }

    heading(out, 12, "Asymmetric: a GoPay payment notification to /v1.0/debit/notify (Midtrans' demo)")?;
    let n = snap_case(&vectors, "midtrans_demo_notification_verification");
    let (body, ts, sig) = (text(n, "minified_body"), "2024-05-02T14:43:08+07:00", text(n, "expected"));
    writeln!(
        out,
        "verify with the provider's public key: {}",
        verdict(public.verify_request("POST", "/v1.0/debit/notify", body.as_bytes(), ts, sig, at(ts)))
    )?;
    writeln!(
        out,
        "verify against another path: {}",
        verdict(public.verify_request("POST", "/v1.0/other/notify", body.as_bytes(), ts, sig, at(ts)))
    )?;
    let g = snap_case(&vectors, "midtrans_demo_notification_generation");
    match private.sign_request(
        "POST",
        "/v1.0/debit/notify",
        text(g, "minified_body").as_bytes(),
        "2024-03-05T10:37:16.196Z",
        Encoding::Base64,
    ) {
        Ok(s) => writeln!(
            out,
            "signing the demo's notification reproduces its X-SIGNATURE: {}",
            yes(s == text(g, "expected"))
        )?,
        Err(e) => writeln!(out, "{e}")?,
    }

    heading(
        out,
        13,
        "Midtrans notification signature_key: SHA-512(order_id + status_code + gross_amount + server_key)",
    )?;
    if let Some(c) = vectors["midtrans_signature_key"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == "midtrans_docs_sample_inputs"))
    {
        let key = Secret::from(text(c, "server_key"));
        let got = midtrans::signature_key(text(c, "order_id"), text(c, "status_code"), text(c, "gross_amount"), &key)
            .unwrap_or_default();
        same(out, "signature_key", &got, text(c, "expected_published"))?;
        let reformatted =
            midtrans::verify_signature_key(text(c, "order_id"), text(c, "status_code"), "100000", &key, &got);
        writeln!(out, "the same key with gross_amount reformatted to \"100000\": {}", verdict(reformatted))?;
        let resplit = midtrans::verify_signature_key("111", "1200", text(c, "gross_amount"), &key, &got);
        writeln!(out, "the same key with the fields re-split (\"111\" + \"1200\"): {}", verdict(resplit))?;
    }
    writeln!(out, "X-TIMESTAMP now: {}", sign::Timestamp::now().format(false))?;
    Ok(())
}
