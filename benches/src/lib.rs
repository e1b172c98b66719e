//! Inputs shared by the criterion benchmarks in `benches/`.
#![forbid(unsafe_code)]

/// The QRIS string of seed 000 (a Midtrans/GoPay charge response), 247 bytes.
pub const SEED_000: &str = "00020101021226620014COM.GO-JEK.WWW011993600914349052630340210G4905263030303UKE51440014ID.CO.QRIS.WWW0215AID0607336128660303UKE5204341453033605802ID5904Test6007BANDUNG6105402845409789000.0062475036c032f87c-f773-4619-aefa-675e1f06f9210703A016304A623";

/// GoPay's static "Toko Berkah" code (the conversion vector), 213 bytes.
pub const TOKO_STATIC: &str = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";

/// `n` payloads for batch benchmarks: the two above, alternating.
pub fn batch(n: usize) -> Vec<String> {
    (0..n).map(|i| if i % 2 == 0 { SEED_000 } else { TOKO_STATIC }.to_string()).collect()
}

/// A typical SNAP request body (seed 001's QRIS MPM generate request),
/// pretty-printed as clients send it: about 300 bytes.
pub const SNAP_BODY_PRETTY: &str = include_str!("../inputs/snap-body-pretty.json");

/// A JSON document of about `size` bytes: an array of SNAP-like objects,
/// pretty-printed (two-space indents) or minified.
pub fn json_document(size: usize, pretty: bool) -> Vec<u8> {
    let mut out = String::from("[");
    let mut i = 0u64;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        let item = format!(
            r#"{{"partnerReferenceNo":"GP{i:018}","amount":{{"value":"{}.00","currency":"IDR"}},"latestTransactionStatus":"00","transactionStatusDesc":"SUCCESS \u00e9 \/ caf\u00e9","items":[{{"id":"sku-{i}","price":{i}.5,"quantity":3,"flags":[true,false,null]}}],"note":"line one\nline two"}}"#,
            i * 1000 + 17
        );
        if pretty {
            out.push_str(
                "
  ",
            );
            // Indent by hand outside strings: a newline after each { [ , and a space after :.
            let (mut in_str, mut esc) = (false, false);
            for c in item.chars() {
                out.push(c);
                if in_str {
                    match (esc, c) {
                        (true, _) => esc = false,
                        (false, '\\') => esc = true,
                        (false, '"') => in_str = false,
                        _ => {}
                    }
                } else if c == '"' {
                    in_str = true;
                } else if matches!(c, '{' | '[' | ',') {
                    out.push_str("\n    ");
                } else if c == ':' {
                    out.push(' ');
                }
            }
        } else {
            out.push_str(&item);
        }
        i += 1;
    }
    out.push_str(if pretty { "\n]" } else { "]" });
    out.into_bytes()
}

/// A document of about `size` bytes made of real SNAP notification bodies (the
/// Midtrans demo notification, with a varying reference), minified or
/// pretty-printed: what a payment backend actually minifies.
pub fn snap_document(size: usize, pretty: bool) -> Vec<u8> {
    const NOTIFY: &str = r#"{"createdTime":"2020-01-01T00:00:00+07:00","latestTransactionStatus":"00","originalReferenceNo":"gopayOrderId","finishedTime":"2020-01-02T00:00:00+07:00","originalPartnerReferenceNo":"merchant-order-id","transactionStatusDesc":"desc","originalExternalId":"merchant-order-id","additionalInfo":{"payOptionDetails":[{"payMethod":"GOPAY","payOption":"GOPAY_WALLET"}],"fraudStatus":"accept","refundHistory":[{"refundNo":"96194816941239812","partnerReferenceNo":"239850918204981205970","refundAmount":{"value":"12345678.00","currency":"IDR"},"refundStatus":"00","refundDate":"2020-12-23T07:44:16+07:00","reason":"Customer Complain"}],"validUpTo":"2021-01-01T00:00:00+07:00"}}"#;
    let mut out = String::from("[");
    let mut i = 0u64;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        let item = NOTIFY.replace("gopayOrderId", &format!("A{i:020}"));
        if pretty {
            out.push_str("\n  ");
            let (mut in_str, mut depth) = (false, 1usize);
            for c in item.chars() {
                if in_str {
                    out.push(c);
                    in_str = c != '"';
                    continue;
                }
                match c {
                    '"' => {
                        in_str = true;
                        out.push(c);
                    }
                    '{' | '[' => {
                        depth += 1;
                        out.push(c);
                        out.push('\n');
                        out.push_str(&"  ".repeat(depth));
                    }
                    '}' | ']' => {
                        depth -= 1;
                        out.push('\n');
                        out.push_str(&"  ".repeat(depth));
                        out.push(c);
                    }
                    ',' => {
                        out.push_str(",\n");
                        out.push_str(&"  ".repeat(depth));
                    }
                    ':' => out.push_str(": "),
                    _ => out.push(c),
                }
            }
        } else {
            out.push_str(&item);
        }
        i += 1;
    }
    out.push_str(if pretty { "\n]" } else { "]" });
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    /// The payload constants are the published ones, not copies that drifted.
    #[test]
    fn inputs_are_the_published_payloads() {
        let charge = include_str!("../../tests/fixtures/seed000-charge-response.json");
        assert!(charge.contains(&format!("\"qr_string\": \"{}\"", super::SEED_000)));
        let conversion = include_str!("../../tests/vectors/qris-conversion.tsv");
        let row: Vec<&str> = conversion.lines().nth(1).unwrap_or_default().split('\t').collect();
        assert_eq!(row.get(1), Some(&super::TOKO_STATIC));
    }
}
