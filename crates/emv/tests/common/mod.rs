//! Test helpers shared by the integration tests: the published vectors, and an
//! independent CRC (bit by bit, not the crate's tables) to make test payloads.
#![allow(dead_code)]

use std::path::PathBuf;

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// A row of `qris-public.tsv`.
#[derive(Debug, Clone)]
pub struct PublicVector {
    pub note: String,
    pub scheme: String,
    pub crc: String,
    pub payload: String,
}

pub fn public_vectors() -> Vec<PublicVector> {
    let text = std::fs::read_to_string(vectors_dir().join("qris-public.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "malformed vector row: {l}");
            PublicVector { note: cols[0].into(), scheme: cols[1].into(), crc: cols[2].into(), payload: cols[3].into() }
        })
        .collect()
}

pub fn vector(scheme_prefix: &str, note_prefix: &str) -> String {
    public_vectors()
        .into_iter()
        .find(|v| v.scheme.starts_with(scheme_prefix) && v.note.starts_with(note_prefix))
        .unwrap_or_else(|| panic!("no vector {scheme_prefix} / {note_prefix}"))
        .payload
}

/// A row of `qris-conversion.tsv`.
pub struct ConversionVector {
    pub static_payload: String,
    pub amount: String,
    pub issuer_dynamic: String,
}

pub fn conversion_vectors() -> Vec<ConversionVector> {
    let text = std::fs::read_to_string(vectors_dir().join("qris-conversion.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            ConversionVector { static_payload: cols[1].into(), amount: cols[2].into(), issuer_dynamic: cols[3].into() }
        })
        .collect()
}

/// CRC-16/CCITT-FALSE, bit by bit: an implementation independent of the crate's.
pub fn reference_crc(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

/// Appends "6304" and the CRC (computed independently) to a payload body.
pub fn with_crc(body: &str) -> String {
    let mut s = format!("{body}6304");
    let crc = reference_crc(s.as_bytes());
    s.push_str(&format!("{crc:04X}"));
    s
}

/// Encodes one TLV object by hand (length in characters).
pub fn tlv(id: u8, value: &str) -> String {
    format!("{id:02}{:02}{value}", value.chars().count())
}

/// The GoPay static code of the conversion vector ("Toko Berkah").
pub fn toko_berkah() -> String {
    conversion_vectors().remove(0).static_payload
}

/// The seed 000 charge response's qr_string.
pub const SEED_000: &str = "00020101021226620014COM.GO-JEK.WWW011993600914349052630340210G4905263030303UKE51440014ID.CO.QRIS.WWW0215AID0607336128660303UKE5204341453033605802ID5904Test6007BANDUNG6105402845409789000.0062475036c032f87c-f773-4619-aefa-675e1f06f9210703A016304A623";

/// The seed 002 SenGo response's qris.content.
pub const SEED_002: &str = "00020101021226640017ID.CO.DANAMON.WWW0118936000110000274394021010319543930303UME51440014ID.CO.QRIS.WWW0215ID10243618787380303UME627601161757471499309912051666e934f6f5d64f1c07091540393439919000200010931546444853033605405194776014BANDAR LAMPUNG520489995907TopUpKu5802ID610535122630436F3";
