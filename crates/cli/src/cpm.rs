//! `qris cpm decode|validate`: customer-presented (CPM) codes, as a POS scans
//! them. Card data is masked in every output.

use std::io::{self, Write};

use clap::Subcommand;
use qris::cpm::{self, Cpm, CpmDiagnostic, CpmError, CpmReport, Tlv};
use serde_json::{json, Value};

use crate::emv::read_payload;
use crate::error::CmdResult;

#[derive(Subcommand, Debug)]
pub enum CpmCommand {
    /// Print a CPM code's data objects as a tree (exit 1 if it cannot be read).
    Decode {
        /// The Base64 text, or `-` (or nothing) to read it from standard input.
        code: Option<String>,
        /// Print one JSON object instead of the tree.
        #[arg(long)]
        json: bool,
    },
    /// Check a CPM code against the EMVCo CPM rules (exit 1 if any error).
    Validate {
        /// The Base64 text, or `-` (or nothing) to read it from standard input.
        code: Option<String>,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
}

pub fn cpm(cmd: CpmCommand) -> CmdResult {
    let (text, json, validate) = match cmd {
        CpmCommand::Decode { code, json } => (read_payload(code)?, json, false),
        CpmCommand::Validate { code, json } => (read_payload(code)?, json, true),
    };
    let mut buf = [0u8; cpm::MAX_CPM_BYTES];
    let mut out = io::stdout().lock();
    let parsed = cpm::parse(&text, &mut buf);
    let code = match parsed {
        Ok(code) => code,
        Err(e) => {
            if json {
                writeln!(out, "{}", json!({"valid": false, "error": error_json(&e)}))?;
            } else {
                writeln!(out, "error {e}")?;
            }
            return Ok(false);
        }
    };
    let report = code.validate();
    if json {
        let mut v = json!({
            "valid": report.is_valid(),
            "bytes": code.bytes().len(),
            "diagnostics": report.diagnostics().iter().map(diagnostic_json).collect::<Vec<_>>(),
        });
        if !validate {
            v["objects"] = Value::Array(code.objects().map(|t| object_json(&t)).collect());
        }
        writeln!(out, "{v}")?;
    } else {
        if !validate {
            tree(&mut out, &code)?;
        }
        report_text(&mut out, &report, "")?;
    }
    Ok(if validate { report.is_valid() } else { true })
}

/// A CPM report as lines (each prefixed with `indent`): the diagnostics, then the verdict.
pub fn report_text(out: &mut impl Write, report: &CpmReport, indent: &str) -> io::Result<()> {
    for d in report.diagnostics() {
        writeln!(out, "{indent}{d}")?;
    }
    let (e, w) = (report.errors().count(), report.warnings().count());
    writeln!(out, "{indent}{}: {e} error(s), {w} warning(s)", if report.is_valid() { "valid" } else { "invalid" })
}

fn tree(out: &mut impl Write, code: &Cpm<'_>) -> io::Result<()> {
    fn walk(out: &mut impl Write, t: &Tlv<'_>, depth: usize) -> io::Result<()> {
        let name = cpm::tag_name(t.tag).unwrap_or("(proprietary)");
        let tag = cpm::tag_hex(t.tag, &mut [0; 6]).to_string();
        let pad = "  ".repeat(depth);
        if t.is_constructed() {
            writeln!(out, "{pad}{tag} {name}")?;
            for c in t.children().filter_map(Result::ok) {
                walk(out, &c, depth + 1)?;
            }
            Ok(())
        } else {
            writeln!(out, "{pad}{tag} {name}: {}", t.shown())
        }
    }
    for t in code.objects() {
        walk(out, &t, 0)?;
    }
    Ok(())
}

fn object_json(t: &Tlv<'_>) -> Value {
    let mut v = json!({
        "tag": cpm::tag_hex(t.tag, &mut [0; 6]),
        "offset": t.offset,
        "length": t.value.len(),
    });
    if let Some(name) = cpm::tag_name(t.tag) {
        v["name"] = json!(name);
    }
    if t.is_constructed() {
        v["objects"] = Value::Array(t.children().filter_map(Result::ok).map(|c| object_json(&c)).collect());
    } else {
        v["value"] = json!(t.shown().to_string());
    }
    v
}

pub fn diagnostic_json(d: &CpmDiagnostic) -> Value {
    json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "offset": d.offset,
        "path": d.path.to_string(),
        "message": d.message,
    })
}

pub fn error_json(e: &CpmError) -> Value {
    json!({"code": e.code.as_str(), "offset": e.offset, "path": e.path.to_string(), "message": e.message})
}
