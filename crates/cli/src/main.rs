//! `qris`: decode, validate, convert and checksum QRIS payloads.
//!
//! Exit codes: 0 success, 1 the input failed (invalid payload, bad CRC...),
//! 2 usage error.
#![forbid(unsafe_code)]

// One module per core crate, as in every surface, plus `error` (exit codes
// and messages) and the embedded demo.
mod cpm;
mod demo;
mod emv;
mod error;
mod render;
mod scan;
mod sign;
mod snap;

use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Validate(emv::ValidateArgs),
    /// Print the CRC16 (CCITT-FALSE) of TEXT as 4 uppercase hex digits.
    Crc {
        /// The text to checksum (e.g. a payload body ending in "6304").
        text: String,
    },
    /// Convert a static payload to a dynamic one with an amount.
    Dynamic(emv::DynamicArgs),
    /// Build or edit a payload object by object (lengths counted, CRC appended).
    Build(emv::BuildArgs),
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
        /// Print the SNAP body hash instead: lowercase hex SHA-256 of the minified body.
        #[arg(long)]
        hash: bool,
    },
    /// Sign a SNAP request (HMAC-SHA512 or SHA256withRSA).
    #[command(subcommand)]
    Sign(sign::SignCommand),
    /// Verify a SNAP signature (exit 0 valid, 1 invalid, with the reason).
    #[command(subcommand)]
    Verify(sign::VerifyCommand),
    /// Midtrans Core API notification signature_key.
    #[command(subcommand)]
    Midtrans(sign::MidtransCommand),
    /// SNAP protocol helpers.
    #[command(subcommand)]
    Snap(snap::SnapCommand),
    /// Customer-presented (CPM) codes: the payer's app shows them, the POS scans them.
    #[command(subcommand)]
    Cpm(cpm::CpmCommand),
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
    /// Print X-TIMESTAMP for now (or --at) at +07:00, or check a received one (--check).
    Timestamp(sign::TimestampArgs),
    /// Render a payload as a QR code: terminal (default), SVG, PNG, ESC/POS raster.
    Render(render::RenderArgs),
    /// Read the QR codes in photos or screenshots (PNG, JPEG); --expect-nmid checks the sticker.
    Scan(scan::ScanArgs),
    /// Walk through the published examples, offline: decode, validate, convert, sign, verify.
    Demo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Decode { payload, json, strict } => {
            emv::read_payload_bytes(payload).and_then(|p| emv::decode(&p, json, strict))
        }
        Command::Validate(args) => emv::validate(args),
        Command::Crc { text } => emv::crc(&text),
        Command::Dynamic(args) => emv::dynamic(args),
        Command::Build(args) => emv::build(args),
        Command::Static { payload, force } => emv::to_static(payload, force),
        Command::Minify { file, hash } => sign::minify(file, hash),
        Command::Sign(cmd) => sign::sign(cmd),
        Command::Verify(cmd) => sign::verify(cmd),
        Command::Midtrans(cmd) => sign::midtrans(cmd),
        Command::Snap(cmd) => snap::snap(cmd),
        Command::Cpm(cmd) => cpm::cpm(cmd),
        Command::Notify(cmd) => snap::notify(cmd),
        Command::Keygen { private, public, bits } => sign::keygen(&private, &public, bits),
        Command::Timestamp(args) => sign::timestamp(args),
        Command::Render(args) => render::render(args),
        Command::Scan(args) => scan::scan(args),
        Command::Demo => demo::run(&mut io::stdout().lock()).map(|()| true),
    };
    error::exit(result)
}
