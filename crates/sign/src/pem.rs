//! PEM, read strictly: boundaries on lines of their own, labels of
//! `[A-Z0-9 ]{1,40}`, the END label equal to the BEGIN label, and nothing but
//! blank lines outside the blocks.
//!
//! Key files are secret, and a malformed one can put key material wherever a
//! lenient reader expects a label. So nothing read from the input is ever
//! repeated in an error: a label is named only when it is one of the
//! well-known labels ([`known_label`], a fixed vocabulary), and otherwise
//! called unrecognised; positions are given as line numbers.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// The longest PEM label accepted.
const MAX_LABEL: usize = 40;

/// The labels of RFC 7468 and the common OpenSSL/OpenSSH/OpenPGP ones: the only
/// text from the input an error may name.
const KNOWN_LABELS: [&str; 24] = [
    "CERTIFICATE",
    "X509 CERTIFICATE",
    "TRUSTED CERTIFICATE",
    "X509 CRL",
    "CERTIFICATE REQUEST",
    "NEW CERTIFICATE REQUEST",
    "ATTRIBUTE CERTIFICATE",
    "PKCS7",
    "CMS",
    "PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "PUBLIC KEY",
    "RSA PRIVATE KEY",
    "RSA PUBLIC KEY",
    "DSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "EC PARAMETERS",
    "DH PARAMETERS",
    "OPENSSH PRIVATE KEY",
    "SSH2 PUBLIC KEY",
    "PGP PUBLIC KEY BLOCK",
    "PGP PRIVATE KEY BLOCK",
    "PGP MESSAGE",
    "PGP SIGNATURE",
];

/// The label as a `'static` string if it is a well-known one (see [`KNOWN_LABELS`]):
/// what errors may show. `None` is shown as "an unrecognised label".
pub(crate) fn known_label(label: &str) -> Option<&'static str> {
    KNOWN_LABELS.iter().copied().find(|k| *k == label)
}

/// How an error names a label.
pub(crate) fn show(label: Option<&'static str>) -> String {
    label.map_or_else(|| String::from("an unrecognised label"), |l| alloc::format!("\"{l}\""))
}

/// What is wrong with PEM text. Only validated labels and line numbers are
/// shown, never the input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PemError {
    /// A line that looks like a boundary (it has `-----`) but is not
    /// `-----BEGIN LABEL-----` or `-----END LABEL-----` with a label of
    /// `A-Z 0-9` and spaces (1 to 40).
    Boundary {
        /// 1-based line number.
        line: usize,
    },
    /// Text outside any block (PEM must stand alone: no notes, no "Bag
    /// Attributes", nothing before BEGIN or after END).
    TextOutside {
        /// 1-based line number.
        line: usize,
    },
    /// A header line inside a block (`Name: value`) that is not an encryption header.
    Header {
        /// 1-based line number.
        line: usize,
    },
    /// A block whose END label differs from its BEGIN label.
    MismatchedEnd {
        /// The BEGIN label, if well known.
        begin: Option<&'static str>,
        /// The END label, if well known.
        end: Option<&'static str>,
    },
    /// A block with no END line.
    Unterminated {
        /// The BEGIN label, if well known.
        label: Option<&'static str>,
    },
    /// Several blocks where one key is expected.
    SeveralBlocks {
        /// Every block's label (if well known), in order.
        labels: Vec<Option<&'static str>>,
        /// The block (0-based) that holds the kind of key asked for, when exactly one does.
        meant: Option<usize>,
    },
}

impl fmt::Display for PemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PemError::Boundary { line } => write!(
                f,
                "line {line} is not a PEM boundary: expected -----BEGIN LABEL----- or -----END LABEL----- \
                 (label of A-Z, 0-9 and spaces) on a line of its own"
            ),
            PemError::TextOutside { line } => {
                write!(f, "line {line} is outside the PEM block: give the key block alone, without other text")
            }
            PemError::Header { line } => write!(f, "line {line} is a PEM header this library does not read"),
            PemError::MismatchedEnd { begin, end } => {
                write!(f, "the PEM block begins with {} but ends with {}", show(*begin), show(*end))
            }
            PemError::Unterminated { label } => write!(f, "the PEM block {} has no END line", show(*label)),
            PemError::SeveralBlocks { labels, meant } => {
                write!(f, "{} PEM blocks (", labels.len())?;
                for (i, l) in labels.iter().enumerate() {
                    write!(f, "{}{}: {}", if i > 0 { ", " } else { "" }, i + 1, show(*l))?;
                }
                f.write_str(") where one key is expected")?;
                match meant {
                    Some(i) => write!(f, ": give block {} ({}) alone", i + 1, show(labels[*i])),
                    None => f.write_str(": give only the block of the key to use"),
                }
            }
        }
    }
}

/// One PEM block: its label, the body lines (Base64) and whether it carried
/// the legacy encryption headers.
pub(crate) struct Block<'a> {
    pub(crate) label: &'a str,
    pub(crate) body: Vec<&'a str>,
    pub(crate) encrypted: bool,
}

fn is_label(label: &str) -> bool {
    (1..=MAX_LABEL).contains(&label.len())
        && label.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
}

/// The label of a `-----{kind} LABEL-----` boundary at the start of `text`,
/// and the boundary's length.
fn boundary<'a>(text: &'a str, kind: &str) -> Option<(&'a str, usize)> {
    let rest = text.strip_prefix("-----")?.strip_prefix(kind)?.strip_prefix(' ')?;
    let len = rest
        .bytes()
        .take(MAX_LABEL + 1)
        .take_while(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
        .count();
    let label = &rest[..len];
    rest[len..].starts_with("-----").then_some(())?;
    is_label(label).then_some((label, 5 + kind.len() + 1 + len + 5))
}

/// Whether PEM is being attempted: a dash run that Base64 and DER text never have.
pub(crate) fn looks_like_pem(text: &str) -> bool {
    text.contains("-----")
}

/// 1-based line number of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Splits PEM text into its blocks. Boundaries are found wherever they are, so
/// PEM whose newlines were lost (one long line, from an environment variable)
/// still reads; anything between blocks must be whitespace.
pub(crate) fn blocks(text: &str) -> Result<Vec<Block<'_>>, PemError> {
    let mut out = Vec::new();
    let mut open: Option<Block<'_>> = None;
    let mut pos = 0;
    loop {
        let next = text[pos..].find("-----").map(|i| pos + i);
        let between = &text[pos..next.unwrap_or(text.len())];
        match open.as_mut() {
            None => {
                if let Some(i) = between.find(|c: char| !c.is_whitespace()) {
                    return Err(PemError::TextOutside { line: line_of(text, pos + i) });
                }
            }
            Some(block) => {
                let mut at = pos;
                for raw in between.split('\n') {
                    let line = raw.trim();
                    if let Some((name, _)) = line.split_once(':') {
                        if name == "Proc-Type" || name == "DEK-Info" {
                            block.encrypted = true;
                        } else {
                            return Err(PemError::Header { line: line_of(text, at) });
                        }
                    } else if !line.is_empty() {
                        block.body.push(line);
                    }
                    at += raw.len() + 1;
                }
            }
        }
        let Some(at) = next else { break };
        let here = &text[at..];
        let line = line_of(text, at);
        match (open.take(), boundary(here, "BEGIN"), boundary(here, "END")) {
            (None, Some((label, len)), _) => {
                open = Some(Block { label, body: Vec::new(), encrypted: false });
                pos = at + len;
            }
            (Some(block), _, Some((end, len))) => {
                if end != block.label {
                    return Err(PemError::MismatchedEnd { begin: known_label(block.label), end: known_label(end) });
                }
                out.push(block);
                pos = at + len;
            }
            _ => return Err(PemError::Boundary { line }),
        }
    }
    if let Some(block) = open {
        return Err(PemError::Unterminated { label: known_label(block.label) });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_boundaries() {
        assert_eq!(boundary("-----BEGIN PRIVATE KEY-----", "BEGIN"), Some(("PRIVATE KEY", 27)));
        assert_eq!(boundary("-----END RSA PRIVATE KEY-----MIIB", "END"), Some(("RSA PRIVATE KEY", 29)));
        for bad in [
            "-----BEGIN PRIVATE KEY----",
            "----BEGIN PRIVATE KEY-----",
            "-----BEGIN private key-----",
            "-----BEGIN -----",
            "-----BEGINPRIVATE KEY-----",
            "-----BEGIN MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----",
        ] {
            assert_eq!(boundary(bad, "BEGIN"), None, "{bad}");
        }
        assert!(is_label(&"A".repeat(40)));
        assert!(!is_label(&"A".repeat(41)));
    }

    #[test]
    fn block_structure() {
        let two = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n\n-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
        let b = blocks(two).unwrap();
        assert_eq!(b.iter().map(|b| b.label).collect::<Vec<_>>(), ["PRIVATE KEY", "CERTIFICATE"]);
        assert_eq!(b[0].body, ["AAAA"]);
        assert!(matches!(
            blocks("note\n-----BEGIN X-----\nA\n-----END X-----"),
            Err(PemError::TextOutside { line: 1 })
        ));
        assert!(matches!(
            blocks("-----BEGIN X-----\nA\n-----END X-----\ntrailer"),
            Err(PemError::TextOutside { line: 4 })
        ));
        assert!(matches!(blocks("-----BEGIN X-----\nA\n-----END Y-----"), Err(PemError::MismatchedEnd { .. })));
        assert!(matches!(blocks("-----BEGIN X-----\nA\n"), Err(PemError::Unterminated { .. })));
        assert_eq!(blocks("-----BEGIN X-----AAAA-----END X-----").unwrap()[0].body, ["AAAA"]);
        // A BEGIN line that lost a dash, then a second block: the "label" would be
        // the key; it is a malformed boundary instead, and nothing is echoed.
        let lost = "-----BEGIN PRIVATE KEY----\nMIIEvQIBADAN\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        assert_eq!(blocks(lost).err(), Some(PemError::Boundary { line: 1 }));
        assert_eq!(blocks("----BEGIN X-----\nA\n-----END X-----").err(), Some(PemError::TextOutside { line: 1 }));
        assert!(matches!(
            blocks("-----BEGIN X-----\n-----BEGIN X-----\n-----END X-----"),
            Err(PemError::Boundary { line: 2 })
        ));
        assert!(matches!(blocks("-----BEGIN X-----\nFoo: bar\nA\n-----END X-----"), Err(PemError::Header { line: 2 })));
        let enc = blocks("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nA\n-----END RSA PRIVATE KEY-----").unwrap();
        assert!(enc[0].encrypted);
    }
}
