//! The README's parity table is true: every name in its Rust, C and CLI columns
//! exists (a public item of the core crates, a declaration in
//! `include/libqris.h`, a command and its options in the CLI's help), and every
//! empty cell says why. The Python column is checked by
//! `bindings/python/tests/test_parity.py` against the installed module.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The table's rows: capability, then the Rust, C, Python, JavaScript, Java and CLI cells.
fn rows() -> Vec<[String; 7]> {
    let readme = read(&root().join("README.md"));
    let start = readme.find("### Parity").expect("README has a Parity section");
    let table: Vec<&str> =
        readme[start..].lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|')).collect();
    assert_eq!(table[0], "| Capability | Rust | C | Python | JavaScript | Java | CLI |");
    table[2..]
        .iter()
        .map(|line| {
            let cells: Vec<String> = line.trim_matches('|').split(" | ").map(|c| c.trim().to_owned()).collect();
            cells.try_into().unwrap_or_else(|c: Vec<String>| panic!("{} cells, not 7: {line}", c.len()))
        })
        .collect()
}

/// The backticked names in a cell, or None for an empty cell (which must give
/// a reason).
fn names(cell: &str, capability: &str) -> Option<Vec<String>> {
    if let Some(reason) = cell.strip_prefix("— ") {
        assert!(reason.split_whitespace().count() >= 3, "{capability}: an empty cell needs a reason: {cell:?}");
        return None;
    }
    let names: Vec<String> = cell.split('`').skip(1).step_by(2).map(str::to_owned).collect();
    assert!(!names.is_empty(), "{capability}: {cell:?} is neither names nor \"— reason\"");
    Some(names)
}

/// The public item names of the core crates' sources (every module, nested ones included).
fn rust_items() -> String {
    fn read_dir(dir: &Path, all: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                read_dir(&path, all);
            } else if path.extension().is_some_and(|e| e == "rs") {
                all.push_str(&read(&path));
            }
        }
    }
    let mut all = String::new();
    for krate in ["emv", "sign", "snap", "render", "scan"] {
        read_dir(&root().join("crates").join(krate).join("src"), &mut all);
    }
    all
}

fn declares(source: &str, name: &str) -> bool {
    ["pub fn ", "pub const fn ", "pub struct ", "pub enum ", "pub trait ", "pub mod "].iter().any(|kw| {
        source.match_indices(&format!("{kw}{name}")).any(|(i, m)| {
            let next = source[i + m.len()..].chars().next();
            matches!(next, Some('(' | '<' | ' ' | '{' | ';' | ':'))
        })
    })
}

#[test]
fn every_row_has_seven_cells_and_reasons() {
    let rows = rows();
    assert!(rows.len() >= 30, "{} rows", rows.len());
    for row in &rows {
        for cell in &row[1..] {
            names(cell, &row[0]);
        }
    }
    // Rust has everything: the surfaces are projections of it.
    assert!(rows.iter().all(|r| names(&r[1], &r[0]).is_some()));
}

#[test]
fn the_rust_column_names_public_items() {
    let source = rust_items();
    for row in rows() {
        for name in names(&row[1], &row[0]).unwrap() {
            // `Type::method`: both the type and the method exist.
            for part in name.split("::") {
                assert!(declares(&source, part), "{}: Rust `{name}`: no public `{part}` in the core crates", row[0]);
            }
        }
    }
}

#[test]
fn the_c_column_names_declarations_in_the_header() {
    let header = read(&root().join("include/libqris.h"));
    for row in rows() {
        for name in names(&row[2], &row[0]).into_iter().flatten() {
            assert!(name.starts_with("qris_"), "{}: C `{name}`", row[0]);
            let declared = header.match_indices(&name).any(|(i, _)| {
                let next = header[i + name.len()..].chars().next();
                matches!(next, Some('(' | ' ' | ';' | '\n'))
            });
            assert!(declared, "{}: C `{name}` is not in include/libqris.h", row[0]);
        }
    }
}

#[test]
fn the_cli_column_names_commands_and_their_options() {
    for row in rows() {
        for name in names(&row[6], &row[0]).into_iter().flatten() {
            let words: Vec<&str> = name.split_whitespace().collect();
            assert_eq!(words[0], "qris", "{}: CLI `{name}`", row[0]);
            let commands: Vec<&str> = words[1..].iter().copied().take_while(|w| !w.starts_with('-')).collect();
            let rest = &words[1 + commands.len()..];
            let o = Command::new(env!("CARGO_BIN_EXE_qris")).args(&commands).arg("--help").output().unwrap();
            assert!(o.status.success(), "{}: CLI `{name}`: `qris {} --help` fails", row[0], commands.join(" "));
            let help = String::from_utf8(o.stdout).unwrap();
            for word in rest {
                // An option is listed as `--name`; a value among the possible ones.
                let listed = if word.starts_with("--") {
                    help.contains(&format!("{word} ")) || help.contains(&format!("{word}\n"))
                } else {
                    help.contains(word)
                };
                assert!(listed, "{}: CLI `{name}`: `{word}` is not in `qris {} --help`", row[0], commands.join(" "));
            }
        }
    }
}

/// The names documented for a C enum's values, in value order: each value's
/// doc comment opens with its name in backticks.
fn c_enum_names(header: &str, name: &str) -> Vec<String> {
    let start = header.find(&format!("enum {name}\n")).unwrap_or_else(|| panic!("enum {name} in libqris.h"));
    let body = &header[start..start + header[start..].find("};").unwrap()];
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter(|w| w[0] == "/**")
        .map(|w| {
            let doc =
                w[1].strip_prefix("* `").unwrap_or_else(|| panic!("{name}: {:?} does not open with a name", w[1]));
            doc[..doc.find('`').unwrap()].to_owned()
        })
        .collect()
}

fn cli_json(args: &[&str]) -> serde_json::Value {
    let o = Command::new(env!("CARGO_BIN_EXE_qris")).args(args).output().unwrap();
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("qris {args:?}: {e}"))
}

#[test]
fn one_vocabulary_in_the_header_the_core_and_the_cli() {
    use qris::emv::Severity;
    use qris::sign::Encoding;
    use qris::snap::{Outcome, Retry};
    let header = read(&root().join("include/libqris.h"));
    let outcomes = [
        Outcome::Paid,
        Outcome::Pending,
        Outcome::Authorized,
        Outcome::Challenge,
        Outcome::Failed { reason: String::new() },
        Outcome::Expired,
        Outcome::Cancelled,
        Outcome::Refunded { partial: false },
        Outcome::Refunded { partial: true },
        Outcome::Chargeback { partial: false },
        Outcome::Chargeback { partial: true },
        Outcome::NotFound,
        Outcome::Unknown { status: String::new() },
    ];
    assert_eq!(c_enum_names(&header, "qris_outcome"), outcomes.iter().map(Outcome::as_str).collect::<Vec<_>>());
    assert_eq!(c_enum_names(&header, "qris_retry"), Retry::ALL.map(Retry::as_str));
    assert_eq!(c_enum_names(&header, "qris_severity"), [Severity::Error, Severity::Warning].map(Severity::as_str));
    assert_eq!(c_enum_names(&header, "qris_encoding"), [Encoding::Base64, Encoding::Hex].map(Encoding::as_str));
    // Every spelling parses back (one spelling in, one out).
    for r in Retry::ALL {
        assert_eq!(r.as_str().parse::<Retry>().ok(), Some(r));
    }

    // The CLI's JSON says the same.
    let retry = |code: &str| cli_json(&["snap", "response-code", code, "--json"])["retry"].clone();
    for (code, expected) in [
        ("2005600", "no"),
        ("2025600", "check_status"),
        ("5045600", "same_external_id"),
        ("4295600", "later"),
        ("4015600", "never"),
    ] {
        assert_eq!(retry(code), expected, "{code}");
    }
    // A payload with a lowercase CRC: a warning (lenient), an error (strict).
    let gopay = "00020101021226620014COM.GO-JEK.WWW011993600914349052630340210G4905263030303UKE51440014ID.CO.QRIS.WWW0215AID0607336128660303UKE5204341453033605802ID5904Test6007BANDUNG6105402845409789000.0062475036c032f87c-f773-4619-aefa-675e1f06f9210703A016304a623";
    let severities = |strict: bool| {
        let mut args = vec!["validate", gopay, "--json"];
        if strict {
            args.push("--strict");
        }
        cli_json(&args)["issues"].as_array().unwrap().iter().map(|i| i["severity"].clone()).collect::<Vec<_>>()
    };
    assert!(severities(false).iter().all(|s| s == "warning") && !severities(false).is_empty());
    assert!(severities(true).iter().any(|s| s == "error"));
}
