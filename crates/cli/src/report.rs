//! Presenting payloads and diagnostics: the tree, the JSON shapes, the text report.

use std::io::{self, Write};

use qris::emv::{tags, DataObject, Diagnostic, ParseError, Payload, Report};
use serde_json::{json, Value};

pub fn diagnostic_json(d: &Diagnostic) -> Value {
    json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "offset": d.offset,
        "path": d.path.to_string(),
        "message": d.message().to_string(),
    })
}

fn object_json(o: &DataObject<'_>) -> Value {
    let mut v = json!({
        "id": format!("{:02}", o.id()),
        "offset": o.offset(),
    });
    if let Some(name) = tags::name(o.path()) {
        v["name"] = json!(name);
    }
    if o.is_template() {
        v["children"] = Value::Array(o.children().map(|c| object_json(&c)).collect());
    } else {
        v["value"] = json!(o.value());
    }
    v
}

fn hex(b: [u8; 4]) -> String {
    String::from_utf8_lossy(&b).into_owned()
}

pub fn decode_json(input: &str, parsed: &Result<Payload<'_>, ParseError>) -> Value {
    match parsed {
        Ok(p) => json!({
            "crc_ok": p.crc_ok(),
            "crc": p.crc(),
            "computed_crc": hex(p.computed_crc()),
            "payload": p.as_str(),
            "objects": p.objects().map(|o| object_json(&o)).collect::<Vec<_>>(),
            "issues": p.parse_diagnostics().map(|d| diagnostic_json(&d)).collect::<Vec<_>>(),
        }),
        Err(e) => json!({
            "crc_ok": false,
            "objects": [],
            "issues": e.warnings(input.len()).chain([*e.diagnostic()]).map(|d| diagnostic_json(&d)).collect::<Vec<_>>(),
        }),
    }
}

fn write_object(out: &mut impl Write, o: &DataObject<'_>) -> io::Result<()> {
    let depth = o.path().depth();
    let label = format!("{:indent$}{}", "", o.path(), indent = 2 * (depth - 1));
    let name = tags::name(o.path()).unwrap_or("");
    if o.is_template() {
        writeln!(out, "{label:<12} {name}")?;
        for c in o.children() {
            write_object(out, &c)?;
        }
        Ok(())
    } else {
        writeln!(out, "{label:<12} {name:<44} {}", o.value())
    }
}

pub fn decode_text(out: &mut impl Write, input: &str, parsed: &Result<Payload<'_>, ParseError>) -> io::Result<()> {
    match parsed {
        Ok(p) => {
            for o in p.objects() {
                write_object(out, &o)?;
            }
            if p.crc_ok() {
                writeln!(out, "CRC {} ok", p.crc())?;
            } else {
                writeln!(out, "CRC {} WRONG: the content gives {}", p.crc(), hex(p.computed_crc()))?;
            }
            for d in p.parse_diagnostics() {
                writeln!(out, "{d}")?;
            }
        }
        Err(e) => {
            for d in e.warnings(input.len()) {
                writeln!(out, "{d}")?;
            }
            writeln!(out, "{e}")?;
        }
    }
    Ok(())
}

pub fn validation_json(r: &Report) -> Value {
    json!({
        "valid": r.is_valid(),
        "issues": r.diagnostics().iter().map(diagnostic_json).collect::<Vec<_>>(),
    })
}

pub fn validation_text(out: &mut impl Write, r: &Report) -> io::Result<()> {
    let errors = r.errors().count();
    let warnings = r.warnings().count();
    if r.is_valid() {
        writeln!(out, "valid ({warnings} warning(s))")?;
    } else {
        writeln!(out, "INVALID: {errors} error(s), {warnings} warning(s)")?;
    }
    for d in r.diagnostics() {
        writeln!(out, "  {d}")?;
    }
    Ok(())
}

/// A progress line on stderr (only when stderr is a terminal): count, rate and,
/// for files, an ETA from the bytes read.
pub struct Progress {
    enabled: bool,
    total_bytes: Option<u64>,
    done_bytes: u64,
    started: std::time::Instant,
}

impl Progress {
    pub fn new(enabled: bool, total_bytes: Option<u64>) -> Self {
        Progress { enabled, total_bytes, done_bytes: 0, started: std::time::Instant::now() }
    }

    pub fn update(&mut self, payloads: usize, bytes: u64) {
        self.done_bytes += bytes;
        if !self.enabled {
            return;
        }
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let rate = payloads as f64 / secs;
        let eta = match self.total_bytes {
            Some(total) if self.done_bytes > 0 && total > self.done_bytes => {
                let left = (total - self.done_bytes) as f64 * secs / self.done_bytes as f64;
                format!(", ETA {left:.0} s")
            }
            _ => String::new(),
        };
        eprint!("\r\x1b[2Kvalidated {payloads} payloads, {rate:.0}/s{eta}");
    }

    pub fn finish(&self) {
        if self.enabled {
            eprintln!();
        }
    }
}

/// Counts for the end of a batch: valid/invalid, and diagnostics by code.
#[derive(Default)]
pub struct Summary {
    total: usize,
    invalid: usize,
    by_code: std::collections::BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn add(&mut self, r: &Report) {
        self.total += 1;
        if !r.is_valid() {
            self.invalid += 1;
        }
        for d in r.diagnostics() {
            *self.by_code.entry(d.code.as_str()).or_default() += 1;
        }
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn all_valid(&self) -> bool {
        self.invalid == 0
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} payloads: {} valid, {} invalid", self.total, self.total - self.invalid, self.invalid)?;
        for (code, n) in &self.by_code {
            write!(f, "\n  {code}: {n}")?;
        }
        Ok(())
    }
}
