//! `qris decode | validate | crc | dynamic | static`: the payload engine
//! (qris-emv) on the command line, and how its results are shown (the tree,
//! the JSON shapes, the text report, batch progress).

use std::io::{self, BufRead, Read, Write};

use clap::{Args, ValueEnum};
use qris::emv::{
    tags, Builder, DataObject, Diagnostic, DynamicOptions, ParseError, ParseOptions, Payload, Profile, Report,
    TipRequest, Validator,
};
use serde_json::{json, Value};

use crate::error::{fail, CmdResult};

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// The payload, or `-` (or nothing) to read it from standard input.
    #[arg(conflicts_with = "batch")]
    payload: Option<String>,
    /// Print `{"valid": bool, "issues": [...]}`.
    #[arg(long)]
    json: bool,
    /// Refuse surrounding whitespace and lowercase CRCs.
    #[arg(long)]
    strict: bool,
    /// Read one payload per line from FILE (or `-`) and print one JSON object per
    /// line, in input order, using all cores.
    #[arg(long, value_name = "FILE|-")]
    batch: Option<String>,
    /// The rule set: QRIS (default) or generic EMVCo for other national schemes.
    #[arg(long, value_enum, default_value_t = ProfileArg::Qris)]
    profile: ProfileArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ProfileArg {
    Qris,
    Emv,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Profile {
        match p {
            ProfileArg::Qris => Profile::Qris,
            ProfileArg::Emv => Profile::Emv,
        }
    }
}

#[derive(Args, Debug)]
pub struct DynamicArgs {
    /// The static payload, or `-` to read it from standard input.
    payload: String,
    /// The amount, written as given (e.g. 25000 or 98.50).
    #[arg(long)]
    amount: String,
    /// Ask the payer's app to prompt for a tip (55 = 01).
    #[arg(long, group = "tip")]
    tip_prompt: bool,
    /// A fixed convenience fee (55 = 02, 56).
    #[arg(long, group = "tip", value_name = "V")]
    fee_fixed: Option<String>,
    /// A percentage convenience fee (55 = 03, 57), e.g. 2.5.
    #[arg(long, group = "tip", value_name = "P")]
    fee_percent: Option<String>,
    /// Bill number (62.01).
    #[arg(long, value_name = "B")]
    bill: Option<String>,
    /// Reference label (62.05).
    #[arg(long, value_name = "R")]
    reference: Option<String>,
    /// Terminal label (62.07).
    #[arg(long, value_name = "T")]
    terminal: Option<String>,
    /// Convert even if the input's CRC is wrong.
    #[arg(long)]
    force: bool,
}

/// The payload argument, or standard input for `-` or nothing, as bytes (a
/// payload that is not UTF-8 is diagnosed, not an I/O error). The final line
/// ending of standard input is not part of the payload.
pub fn read_payload_bytes(arg: Option<String>) -> io::Result<Vec<u8>> {
    match arg.as_deref() {
        Some("-") | None => {
            let mut b = Vec::new();
            io::stdin().read_to_end(&mut b)?;
            if b.last() == Some(&b'\n') {
                b.pop();
                if b.last() == Some(&b'\r') {
                    b.pop();
                }
            }
            Ok(b)
        }
        Some(p) => Ok(p.as_bytes().to_vec()),
    }
}

/// The payload as text, for commands that produce a new payload from it.
pub fn read_payload(arg: Option<String>) -> io::Result<String> {
    String::from_utf8(read_payload_bytes(arg)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the payload is not UTF-8 text"))
}

pub fn decode(payload: &[u8], json: bool, strict: bool) -> CmdResult {
    let opts = ParseOptions::new().strict(strict).verify_crc(false);
    let parsed = opts.parse_bytes(payload);
    let text = String::from_utf8_lossy(payload);
    let mut out = io::stdout().lock();
    let sound = matches!(&parsed, Ok(p) if p.crc_ok());
    if json {
        writeln!(out, "{}", decode_json(&text, &parsed))?;
    } else {
        decode_text(&mut out, &text, &parsed)?;
    }
    if parsed.is_err() && qris::cpm::looks_like_cpm(&text) {
        eprintln!("this is a customer-presented (CPM) code, not a merchant payload: use `qris cpm decode`");
    }
    Ok(sound)
}

fn validator(strict: bool, profile: ProfileArg) -> Validator {
    Validator::qris().strict(strict).profile(profile.into())
}

pub fn validate(args: ValidateArgs) -> CmdResult {
    let v = validator(args.strict, args.profile);
    if let Some(source) = args.batch {
        return validate_batch(&v, &source);
    }
    let payload = read_payload_bytes(args.payload)?;
    let r = v.validate_bytes(&payload);
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(out, "{}", validation_json(&r))?;
    } else {
        validation_text(&mut out, &r)?;
    }
    Ok(r.is_valid())
}

/// Lines validated per parallel batch: bounds memory on huge inputs, and sets
/// how often the progress line moves.
const BATCH_LINES: usize = 1 << 14;

fn validate_batch(v: &Validator, source: &str) -> CmdResult {
    use std::io::IsTerminal;

    let (reader, total_bytes): (Box<dyn BufRead>, Option<u64>) = if source == "-" {
        (Box::new(io::stdin().lock()), None)
    } else {
        let file =
            std::fs::File::open(source).map_err(|e| io::Error::new(e.kind(), format!("cannot read {source}: {e}")))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(io::BufReader::new(file)), size)
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut progress = Progress::new(io::stderr().is_terminal(), total_bytes);
    let mut summary = Summary::default();
    // Lines as bytes: one that is not UTF-8 gets its own `input.utf8`
    // diagnostic, in order, and never stops the batch.
    let mut lines = reader.split(b'\n');
    loop {
        let mut chunk: Vec<Vec<u8>> = lines.by_ref().take(BATCH_LINES).collect::<io::Result<_>>()?;
        if chunk.is_empty() {
            break;
        }
        let bytes: u64 = chunk.iter().map(|l| l.len() as u64 + 1).sum();
        for line in &mut chunk {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        for r in v.validate_many_bytes(&chunk) {
            summary.add(&r);
            writeln!(out, "{}", validation_json(&r))?;
        }
        progress.update(summary.total(), bytes);
    }
    out.flush()?;
    progress.finish();
    eprintln!("{summary}");
    Ok(summary.all_valid())
}

pub fn dynamic(args: DynamicArgs) -> CmdResult {
    let payload = read_payload(Some(args.payload))?;
    let tip =
        TipRequest::choose(args.tip_prompt, args.fee_fixed.as_deref(), args.fee_percent.as_deref()).map_err(fail)?;
    let opts = DynamicOptions::new(&args.amount)
        .force(args.force)
        .tip(tip)
        .bill_opt(args.bill.as_deref())
        .reference_opt(args.reference.as_deref())
        .terminal_opt(args.terminal.as_deref());
    print_conversion(qris::to_dynamic(&payload, &opts))
}

/// `qris crc`: the four uppercase hex digits.
pub fn crc(text: &str) -> CmdResult {
    writeln!(io::stdout().lock(), "{}", qris::emv::crc16_hex(qris::crc16(text.as_bytes())))?;
    Ok(true)
}

/// `qris static`.
#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Start from this payload's objects (its CRC is checked), or `-` for standard
    /// input; without it, start empty.
    #[arg(long, value_name = "PAYLOAD")]
    from: Option<String>,
    /// Remove the object at PATH (e.g. `61`, `62.07`); applied before --set.
    #[arg(long, value_name = "PATH")]
    remove: Vec<String>,
    /// Set the object at PATH to VALUE (e.g. `62.07=K2`), in place or inserted by
    /// the EMVCo ordering rule; applied in order.
    #[arg(long, value_name = "PATH=VALUE")]
    set: Vec<String>,
}

/// `qris build`: the payload built from `--from`, `--remove` and `--set`.
pub fn build(args: BuildArgs) -> CmdResult {
    let text = args.from.map(|p| read_payload(Some(p))).transpose()?;
    let mut builder = match &text {
        Some(t) => match ParseOptions::new().parse(t) {
            Ok(p) => Builder::from_payload(&p),
            Err(e) => {
                eprintln!("qris: {e}");
                return Ok(false);
            }
        },
        None => Builder::new(),
    };
    let mut sets = Vec::with_capacity(args.set.len());
    for pair in &args.set {
        match pair.split_once('=') {
            Some((path, value)) => sets.push((path, Some(value))),
            None => return Err(fail(format!("--set {pair:?}: expected PATH=VALUE, e.g. 62.07=K2"))),
        }
    }
    let edits = args.remove.iter().map(|path| (path.as_str(), None)).chain(sets);
    for (path, value) in edits {
        let done = match value {
            Some(v) => builder.set_path(path, v).map(drop),
            None => builder.remove_path(path).map(drop),
        };
        if let Err(e) = done {
            eprintln!("qris: {path}: {e}");
            return Ok(false);
        }
    }
    print_conversion(builder.build().map_err(qris::ConvertError::from))
}

pub fn to_static(payload: String, force: bool) -> CmdResult {
    read_payload(Some(payload)).and_then(|p| print_conversion(qris::to_static(&p, force)))
}

pub fn print_conversion(result: Result<String, qris::ConvertError>) -> CmdResult {
    match result {
        Ok(p) => {
            writeln!(io::stdout().lock(), "{p}")?;
            Ok(true)
        }
        Err(e) => {
            eprintln!("qris: {e}");
            Ok(false)
        }
    }
}

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

pub fn decode_json(input: &str, parsed: &Result<Payload<'_>, ParseError>) -> Value {
    match parsed {
        Ok(p) => json!({
            "crc_ok": p.crc_ok(),
            "crc": p.crc(),
            "computed_crc": p.computed_crc().as_str(),
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
                writeln!(out, "CRC {} WRONG: the content gives {}", p.crc(), p.computed_crc())?;
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
