//! `qris`: decode, validate, convert and checksum QRIS payloads.
//!
//! Exit codes: 0 success, 1 the input failed (invalid payload, bad CRC...),
//! 2 usage error.
#![forbid(unsafe_code)]

mod demo;
mod report;
mod sig;
mod snap;

use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use qris::emv::{DynamicOptions, ParseOptions, Profile, Validator};

/// The fast, correct core of Indonesian QR payments.
#[derive(Parser, Debug)]
#[command(name = "qris", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print a payload's data objects as a tree (exit 1 if its structure or CRC is unsound).
    Decode {
        /// The payload, or `-` (or nothing) to read it from standard input.
        payload: Option<String>,
        /// Print one JSON object instead of the tree.
        #[arg(long)]
        json: bool,
        /// Refuse surrounding whitespace and lowercase CRCs.
        #[arg(long)]
        strict: bool,
    },
    /// Check a payload against the QRIS rules (exit 1 if any error; warnings are allowed).
    Validate(ValidateArgs),
    /// Print the CRC16 (CCITT-FALSE) of TEXT as 4 uppercase hex digits.
    Crc {
        /// The text to checksum (e.g. a payload body ending in "6304").
        text: String,
    },
    /// Convert a static payload to a dynamic one with an amount.
    Dynamic(DynamicArgs),
    /// Convert a dynamic payload back to a static one (drops amount and fees).
    Static {
        /// The payload, or `-` to read it from standard input.
        payload: String,
        /// Convert even if the input's CRC is wrong.
        #[arg(long)]
        force: bool,
    },
    /// Minify a JSON body lexically (whitespace outside strings removed, nothing else).
    Minify {
        /// The JSON file, or - (or nothing) for standard input.
        file: Option<String>,
    },
    /// Sign a SNAP request (HMAC-SHA512 or SHA256withRSA).
    #[command(subcommand)]
    Sign(sig::SignCommand),
    /// Verify a SNAP signature (exit 0 valid, 1 invalid, with the reason).
    #[command(subcommand)]
    Verify(sig::VerifyCommand),
    /// Midtrans Core API notification signature_key.
    #[command(subcommand)]
    Midtrans(sig::MidtransCommand),
    /// SNAP protocol helpers.
    #[command(subcommand)]
    Snap(snap::SnapCommand),
    /// Verify a payment notification and print its outcome ("deliver the goods?").
    #[command(subcommand)]
    Notify(snap::NotifyCommand),
    /// Generate an RSA key pair: PKCS#8 private and SPKI public PEM.
    Keygen {
        /// Where to write the private key (created with mode 0600; never overwritten).
        #[arg(long, value_name = "OUT")]
        private: std::path::PathBuf,
        /// Where to write the public key.
        #[arg(long, value_name = "OUT")]
        public: std::path::PathBuf,
        /// Key size in bits (2048 to 4096).
        #[arg(long, default_value_t = 2048)]
        bits: usize,
    },
    /// Print the current time as X-TIMESTAMP (+07:00).
    Timestamp {
        /// Include milliseconds.
        #[arg(long)]
        millis: bool,
    },
    /// Render a payload as a QR code: terminal (default), SVG, PNG, ESC/POS raster.
    Render(RenderArgs),
    /// Walk through the seeds' examples, offline: decode, validate, convert, sign, verify.
    Demo,
}

#[derive(Args, Debug)]
struct ValidateArgs {
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

#[derive(Args, Debug)]
struct RenderArgs {
    /// The payload, or `-` to read it from standard input.
    payload: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Term)]
    format: Format,
    /// Write to this file (binary formats refuse to write to a terminal without it).
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Pixels per module (PNG).
    #[arg(long, default_value_t = 8)]
    scale: usize,
    /// Error-correction level.
    #[arg(long, value_enum, default_value_t = EccArg::M)]
    ecc: EccArg,
    /// Add the merchant name and amount under the code (SVG).
    #[arg(long)]
    caption: bool,
    /// Draw light modules instead of dark ones (for dark terminals).
    #[arg(long)]
    invert: bool,
    /// Render even a payload whose CRC or structure is wrong.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Term,
    Svg,
    Png,
    Escpos58,
    Escpos80,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EccArg {
    L,
    M,
    Q,
    H,
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
struct DynamicArgs {
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

/// A command's outcome: success, or the input failed (exit 1).
type Outcome = io::Result<bool>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Decode { payload, json, strict } => read_payload_bytes(payload).and_then(|p| decode(&p, json, strict)),
        Command::Validate(args) => validate(args),
        Command::Crc { text } => {
            println!("{}", String::from_utf8_lossy(&qris::emv::crc16_hex(qris::crc16(text.as_bytes()))));
            Ok(true)
        }
        Command::Dynamic(args) => dynamic(args),
        Command::Static { payload, force } => {
            read_payload(Some(payload)).and_then(|p| print_conversion(qris::to_static(&p, force)))
        }
        Command::Minify { file } => sig::minify(file),
        Command::Sign(cmd) => sig::sign(cmd),
        Command::Verify(cmd) => sig::verify(cmd),
        Command::Midtrans(cmd) => sig::midtrans(cmd),
        Command::Snap(cmd) => snap::snap(cmd),
        Command::Notify(cmd) => snap::notify(cmd),
        Command::Keygen { private, public, bits } => sig::keygen(&private, &public, bits),
        Command::Timestamp { millis } => sig::timestamp(millis),
        Command::Render(args) => render(args),
        Command::Demo => demo::run(&mut io::stdout().lock()).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed pipe (`qris ... | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qris: {e}");
            ExitCode::from(1)
        }
    }
}

/// The payload argument, or standard input for `-` or nothing, as bytes (a
/// payload that is not UTF-8 is diagnosed, not an I/O error). The final line
/// ending of standard input is not part of the payload.
fn read_payload_bytes(arg: Option<String>) -> io::Result<Vec<u8>> {
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
fn read_payload(arg: Option<String>) -> io::Result<String> {
    String::from_utf8(read_payload_bytes(arg)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the payload is not UTF-8 text"))
}

fn decode(payload: &[u8], json: bool, strict: bool) -> Outcome {
    let opts = if strict { ParseOptions::strict() } else { ParseOptions::lenient() }.verify_crc(false);
    let parsed = opts.parse_bytes(payload);
    let text = String::from_utf8_lossy(payload);
    let mut out = io::stdout().lock();
    let sound = matches!(&parsed, Ok(p) if p.crc_ok());
    if json {
        writeln!(out, "{}", report::decode_json(&text, &parsed))?;
    } else {
        report::decode_text(&mut out, &text, &parsed)?;
    }
    Ok(sound)
}

fn validator(strict: bool, profile: ProfileArg) -> Validator {
    Validator::qris().strict(strict).profile(profile.into())
}

fn validate(args: ValidateArgs) -> Outcome {
    let v = validator(args.strict, args.profile);
    if let Some(source) = args.batch {
        return validate_batch(&v, &source);
    }
    let payload = read_payload_bytes(args.payload)?;
    let r = v.validate_bytes(&payload);
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(out, "{}", report::validation_json(&r))?;
    } else {
        report::validation_text(&mut out, &r)?;
    }
    Ok(r.is_valid())
}

/// Lines validated per parallel batch: bounds memory on huge inputs, and sets
/// how often the progress line moves.
const BATCH_LINES: usize = 1 << 14;

fn validate_batch(v: &Validator, source: &str) -> Outcome {
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
    let mut progress = report::Progress::new(io::stderr().is_terminal(), total_bytes);
    let mut summary = report::Summary::default();
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
            writeln!(out, "{}", report::validation_json(&r))?;
        }
        progress.update(summary.total(), bytes);
    }
    out.flush()?;
    progress.finish();
    eprintln!("{summary}");
    Ok(summary.all_valid())
}

fn dynamic(args: DynamicArgs) -> Outcome {
    let payload = read_payload(Some(args.payload))?;
    let mut opts = DynamicOptions::new(&args.amount).force(args.force);
    if args.tip_prompt {
        opts = opts.tip_prompt();
    }
    if let Some(v) = &args.fee_fixed {
        opts = opts.fee_fixed(v);
    }
    if let Some(v) = &args.fee_percent {
        opts = opts.fee_percent(v);
    }
    if let Some(v) = &args.bill {
        opts = opts.bill(v);
    }
    if let Some(v) = &args.reference {
        opts = opts.reference(v);
    }
    if let Some(v) = &args.terminal {
        opts = opts.terminal(v);
    }
    print_conversion(qris::to_dynamic(&payload, &opts))
}

fn print_conversion(result: Result<String, qris::ConvertError>) -> Outcome {
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

fn render(args: RenderArgs) -> Outcome {
    use std::io::IsTerminal;

    use qris::render::{Ecc, Paper, QrMatrix, RenderOptions};

    let payload = read_payload(Some(args.payload))?;
    let ecc = match args.ecc {
        EccArg::L => Ecc::L,
        EccArg::M => Ecc::M,
        EccArg::Q => Ecc::Q,
        EccArg::H => Ecc::H,
    };
    let m = match QrMatrix::encode(&payload, &RenderOptions { ecc, force: args.force, ..RenderOptions::default() }) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("qris: {e}");
            return Ok(false);
        }
    };
    let caption = if args.caption {
        qris::parse(&payload).ok().map(|p| {
            let name = p.merchant_name().unwrap_or("");
            match p.amount() {
                Some(a) => format!("{name} · IDR {a}"),
                None => name.to_string(),
            }
        })
    } else {
        None
    };
    let bytes: Vec<u8> = match args.format {
        Format::Term => qris::render::terminal(&m, args.invert).into_bytes(),
        Format::Svg => qris::render::svg(&m, caption.as_deref()).into_bytes(),
        Format::Png => qris::render::png(&m, args.scale).map_err(|e| io::Error::other(e.to_string()))?,
        Format::Escpos58 => qris::render::escpos(&m, Paper::Mm58),
        Format::Escpos80 => qris::render::escpos(&m, Paper::Mm80),
    };
    let binary = matches!(args.format, Format::Png | Format::Escpos58 | Format::Escpos80);
    match args.output {
        Some(path) => std::fs::write(&path, &bytes)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?,
        None if binary && io::stdout().is_terminal() => {
            eprintln!("qris: refusing to write binary {:?} output to a terminal: use -o FILE or a pipe", args.format);
            return Ok(false);
        }
        None => io::stdout().lock().write_all(&bytes)?,
    }
    Ok(true)
}
