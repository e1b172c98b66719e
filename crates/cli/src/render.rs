//! `qris render`: a payload as a QR code (qris-render): terminal, SVG, PNG,
//! ESC/POS raster.

use std::io::{self, Write};

use clap::{Args, ValueEnum};
use qris::render::{Ecc, Paper, QrMatrix, RenderOptions};

use crate::emv::read_payload;
use crate::error::CmdResult;

#[derive(Args, Debug)]
pub struct RenderArgs {
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
    /// Error-correction level: L, M, Q or H.
    #[arg(long, default_value_t = Ecc::M)]
    ecc: Ecc,
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

pub fn render(args: RenderArgs) -> CmdResult {
    use std::io::IsTerminal;

    let payload = read_payload(Some(args.payload))?;
    let m = match QrMatrix::encode(
        &payload,
        &RenderOptions { ecc: args.ecc, force: args.force, ..RenderOptions::default() },
    ) {
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
