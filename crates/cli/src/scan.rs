//! `qris scan IMAGE...`: read the QR codes in photos and screenshots (PNG,
//! JPEG), say what each is, and with `--expect-nmid` whether the sticker is
//! the registered merchant's.

use std::io::{self, IsTerminal, Read, Write};

use clap::Args;
use qris::scan::{check_sticker, scan_file, Check, Expected, Found, Kind, ScanError, Sticker};
use serde_json::{json, Value};

use crate::cpm;
use crate::emv::{diagnostic_json, validation_text};
use crate::error::CmdResult;

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// PNG or JPEG files; `-` reads one from standard input.
    #[arg(required = true, value_name = "IMAGE")]
    images: Vec<String>,
    /// One JSON object per image (JSON Lines) instead of text.
    #[arg(long)]
    json: bool,
    /// The merchant's registered NMID (51.02): check each image's sticker
    /// against it (exit 1 unless every image is a `match`).
    #[arg(long, value_name = "NMID")]
    expect_nmid: Option<String>,
    /// With --expect-nmid: the registered merchant PAN too (without it, a code that keeps
    /// the NMID but routes a merchant account to another PAN still matches).
    #[arg(long, requires = "expect_nmid", value_name = "PAN")]
    expect_pan: Option<String>,
    /// With --expect-nmid: the registered merchant name too.
    #[arg(long, requires = "expect_nmid", value_name = "NAME")]
    expect_name: Option<String>,
    /// With --expect-nmid: the registered merchant city too.
    #[arg(long, requires = "expect_nmid", value_name = "CITY")]
    expect_city: Option<String>,
}

pub fn scan(args: ScanArgs) -> CmdResult {
    let expected = args.expect_nmid.as_deref().map(|nmid| Expected {
        nmid,
        pan: args.expect_pan.as_deref(),
        name: args.expect_name.as_deref(),
        city: args.expect_city.as_deref(),
    });
    let mut out = io::stdout().lock();
    let progress = args.images.len() > 1 && io::stderr().is_terminal();
    let mut all_ok = true;
    for (i, path) in args.images.iter().enumerate() {
        if progress {
            eprint!("\r\x1b[Kscanning {}/{}: {path}", i + 1, args.images.len());
        }
        let result = read(path).and_then(|bytes| scan_file(&bytes).map_err(ReadError::Scan));
        let verdict = match (&result, &expected) {
            (Ok(codes), Some(e)) => Some(check_sticker(codes, e)),
            _ => None,
        };
        let ok = match (&result, &verdict) {
            (Err(_), _) => false,
            (Ok(_), Some(v)) => *v == Sticker::Match,
            (Ok(codes), None) => !codes.is_empty(),
        };
        all_ok &= ok;
        if progress {
            eprint!("\r\x1b[K");
        }
        if args.json {
            writeln!(out, "{}", image_json(path, &result, verdict.as_ref()))?;
        } else {
            image_text(&mut out, path, &result, verdict.as_ref())?;
        }
    }
    Ok(all_ok)
}

#[derive(Debug)]
enum ReadError {
    Io(io::Error),
    Scan(ScanError),
}

impl ReadError {
    fn code(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "io",
            ReadError::Scan(e) => e.code(),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
            ReadError::Scan(e) => e.fmt(f),
        }
    }
}

fn read(path: &str) -> Result<Vec<u8>, ReadError> {
    if path == "-" {
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes).map_err(ReadError::Io)?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(ReadError::Io)
}

fn image_text(
    out: &mut impl Write,
    path: &str,
    result: &Result<Vec<Found>, ReadError>,
    verdict: Option<&Sticker>,
) -> io::Result<()> {
    let codes = match result {
        Err(e) => return writeln!(out, "{path}: error {}: {e}", e.code()),
        Ok(codes) => codes,
    };
    match codes.len() {
        0 => writeln!(out, "{path}: no QR code found")?,
        1 => writeln!(out, "{path}: 1 code")?,
        n => writeln!(out, "{path}: {n} codes")?,
    }
    for code in codes {
        let at = code.corners()[0];
        writeln!(out, "  {} at ({:.0}, {:.0}): {}", code.kind().name(), at.x, at.y, code.shown_text())?;
        if let Some(p) = code.payload() {
            let fields =
                [("NMID", p.nmid()), ("name", p.merchant_name()), ("city", p.merchant_city()), ("amount", p.amount())];
            let shown: Vec<String> = fields.iter().filter_map(|(k, v)| v.map(|v| format!("{k} {v}"))).collect();
            if !shown.is_empty() {
                writeln!(out, "    {}", shown.join(", "))?;
            }
        }
        match code.check() {
            Check::Mpm(r) => {
                write!(out, "    ")?;
                validation_text(out, r)?;
            }
            Check::Cpm(r) => cpm::report_text(out, r, "    ")?,
            Check::CpmBroken(e) => writeln!(out, "    INVALID CPM code: {e}")?,
            _ => {}
        }
    }
    if let Some(v) = verdict {
        writeln!(out, "  sticker: {v}")?;
    }
    Ok(())
}

fn image_json(path: &str, result: &Result<Vec<Found>, ReadError>, verdict: Option<&Sticker>) -> Value {
    let codes = match result {
        Err(e) => return json!({"file": path, "error": {"code": e.code(), "message": e.to_string()}}),
        Ok(codes) => codes,
    };
    let mut v = json!({"file": path, "codes": codes.iter().map(code_json).collect::<Vec<_>>()});
    if let Some(verdict) = verdict {
        let differences: Vec<Value> = match verdict {
            Sticker::Mismatch(d) => d
                .iter()
                .map(|d| json!({"field": d.field.name(), "expected": d.expected, "found": d.found, "message": d.to_string()}))
                .collect(),
            _ => Vec::new(),
        };
        v["sticker"] = json!({"verdict": verdict.name(), "differences": differences, "message": verdict.to_string()});
    }
    v
}

fn code_json(code: &Found) -> Value {
    let corners: Vec<Value> = code.corners().iter().map(|p| json!([p.x, p.y])).collect();
    let mut v = json!({"kind": code.kind().name(), "valid": code.is_valid(), "corners": corners});
    if code.kind() == Kind::Cpm {
        // The text carries the payer's card number: not printed.
        v["text_shown"] = json!(code.shown_text());
    } else {
        v["text"] = json!(code.text());
    }
    if let Some(p) = code.payload() {
        v["nmid"] = json!(p.nmid());
        v["merchant_name"] = json!(p.merchant_name());
        v["merchant_city"] = json!(p.merchant_city());
        v["amount"] = json!(p.amount());
    }
    match code.check() {
        Check::Mpm(r) => v["issues"] = json!(r.diagnostics().iter().map(diagnostic_json).collect::<Vec<_>>()),
        Check::Cpm(r) => v["issues"] = json!(r.diagnostics().iter().map(cpm::diagnostic_json).collect::<Vec<_>>()),
        Check::CpmBroken(e) => {
            let mut issue = cpm::error_json(e);
            issue["severity"] = json!("error");
            v["issues"] = json!([issue]);
        }
        _ => {}
    }
    v
}
