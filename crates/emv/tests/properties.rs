//! Properties over generated and mutated payloads (proptest). Generated payloads
//! are encoded by hand here, with the independent CRC from `common`.

mod common;

use common::*;
use proptest::prelude::*;
use qris_emv::{parse, Builder, Diagnostic, DynamicOptions, ParseOptions, Profile, Validator};

/// One generated QRIS payload: (id, value) root objects in some order, then 63.
#[derive(Debug, Clone)]
struct Generated {
    objects: Vec<(u8, String)>,
    text: String,
}

fn template(children: &[(u8, String)]) -> String {
    children.iter().map(|(id, v)| tlv(*id, v)).collect()
}

fn name_strategy(max: usize) -> impl Strategy<Value = String> {
    // ASCII and multi-byte letters: lengths count characters.
    proptest::collection::vec(
        prop_oneof![
            8 => proptest::char::range('A', 'Z'),
            4 => proptest::char::range('a', 'z'),
            2 => Just(' '),
            1 => Just('é'),
            1 => Just('最'),
            1 => Just('ñ'),
            1 => Just('🙂'),
        ],
        1..=max,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn digits(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::char::range('0', '9'), n).prop_map(|cs| cs.into_iter().collect())
}

/// `n` characters from A-Z and 0-9. (A regex strategy such as `"[A-Z0-9]{1,15}"`
/// says the same, but compiling the regex took most of a minute per test under
/// miri.)
fn alnum(n: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![proptest::char::range('A', 'Z'), proptest::char::range('0', '9')], n)
        .prop_map(|cs| cs.into_iter().collect())
}

/// An amount as the regex `[1-9][0-9]{0,9}(\.[0-9]{0,2})?` describes it: up to
/// ten digits without a leading zero, then maybe a point and up to two digits.
fn amount_strategy() -> impl Strategy<Value = String> {
    // A leading digit, 0-9 more, and `point`: 0 for none, else a point and
    // `point - 1` digits.
    (proptest::char::range('1', '9'), 0usize..=9, 0usize..=3).prop_flat_map(|(lead, more, point)| {
        (digits(more), digits(point.saturating_sub(1))).prop_map(move |(rest, frac)| match point {
            0 => format!("{lead}{rest}"),
            _ => format!("{lead}{rest}.{frac}"),
        })
    })
}

fn payload_strategy() -> impl Strategy<Value = Generated> {
    (
        prop_oneof![Just("COM.GO-JEK.WWW"), Just("ID.DANA.WWW"), Just("ID.CO.SHOPEE.WWW"), Just("ID.CO.BRI.WWW")],
        digits(10),
        alnum(1..=15),
        prop_oneof![Just("UMI"), Just("UKE"), Just("UME"), Just("UBE"), Just("URE")],
        digits(13),
        digits(4),
        name_strategy(25),
        name_strategy(15),
        digits(5),
        proptest::option::of(alnum(1..=8)),
        any::<bool>(),
    )
        .prop_flat_map(|(guid, pan, mid, criteria, nmid, mcc, name, city, postal, terminal, dynamic)| {
            let acct =
                template(&[(0, guid.to_string()), (1, format!("93600914{pan}")), (2, mid), (3, criteria.to_string())]);
            let repo =
                template(&[(0, "ID.CO.QRIS.WWW".to_string()), (2, format!("ID{nmid}")), (3, criteria.to_string())]);
            let mut middle: Vec<(u8, String)> = vec![
                (26, acct),
                (51, repo),
                (52, mcc),
                (53, "360".into()),
                (58, "ID".into()),
                (59, name),
                (60, city),
                (61, postal),
            ];
            if dynamic {
                middle.push((54, "25000".into()));
            }
            if let Some(t) = terminal {
                middle.push((62, tlv(7, &t)));
            }
            (Just(dynamic), Just(middle).prop_shuffle())
        })
        .prop_map(|(dynamic, middle)| {
            let mut objects = vec![(0u8, "01".to_string()), (1, if dynamic { "12" } else { "11" }.to_string())];
            objects.extend(middle);
            let body: String = objects.iter().map(|(id, v)| tlv(*id, v)).collect();
            Generated { objects, text: with_crc(&body) }
        })
}

/// Changes one character: delete, insert or replace at a position.
fn mutate(s: &str, op: u8, at: usize, c: char) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let i = at % (chars.len() + 1);
    match op % 3 {
        0 if i < chars.len() => {
            chars.remove(i);
        }
        1 => chars.insert(i, c),
        _ if i < chars.len() => chars[i] = c,
        _ => chars.push(c),
    }
    chars.into_iter().collect()
}

/// Everything a caller might do with an input: none of it may panic.
fn exercise(s: &str) {
    for opts in [ParseOptions::new(), ParseOptions::new().strict(true), ParseOptions::lenient().verify_crc(false)] {
        if let Ok(p) = opts.parse(s) {
            for o in p.objects() {
                assert!(o.value_offset() + o.value().len() <= s.len());
                assert_eq!(&s[o.value_offset()..o.value_offset() + o.value().len()], o.value());
                for c in o.children() {
                    assert_eq!(&s[c.value_offset()..c.value_offset() + c.value().len()], c.value());
                    for g in c.children() {
                        let _ = g.value();
                    }
                }
            }
            let _ = p.validate_with(Profile::Qris);
            let _ = p.validate_with(Profile::Emv);
            let _ = p.to_dynamic(&DynamicOptions::new("1000").fee_percent("2.5").bill("B").terminal("T").force(true));
            let _ = p.to_static(true);
            let _ = Builder::from_payload(&p).build();
            let _ = (p.merchant_name(), p.tip(), p.nmid(), p.point_of_initiation(), p.language_template());
            for m in p.merchant_accounts() {
                let _ = (m.acquirer(), m.guid(), m.pan(), m.criteria());
            }
        }
    }
    for (v, opts, profile) in validators() {
        one_walk_matches_two(v, opts, profile, s);
    }
    let _ = ParseOptions::lenient().parse_bytes(s.as_bytes());
}

/// Each validator with the parse options and profile it stands for.
fn validators() -> [(Validator, ParseOptions, Profile); 3] {
    [
        (Validator::qris(), ParseOptions::lenient(), Profile::Qris),
        (Validator::qris().strict(true), ParseOptions::lenient().strict(true), Profile::Qris),
        (Validator::emv(), ParseOptions::lenient(), Profile::Emv),
    ]
}

/// `Validator::check` runs the rules while parsing walks the payload (one
/// walk); `Payload::check` walks a parsed payload again. Both must give the
/// same diagnostics in the same order.
fn one_walk_matches_two(v: Validator, opts: ParseOptions, profile: Profile, s: &str) {
    let one = v.validate(s).into_diagnostics();
    let two: Vec<Diagnostic> = match opts.verify_crc(false).parse(s) {
        Ok(p) => {
            let mut d = Vec::new();
            p.check(profile, |x| d.push(x));
            d
        }
        Err(e) => e.warnings(s.len()).chain([*e.diagnostic()]).collect(),
    };
    assert_eq!(one, two, "{s:?}");
}

/// 512 cases each, unless PROPTEST_CASES says otherwise (`make miri` sets 4:
/// with 512 these tests took over 6 minutes there).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn generated_payloads_parse_to_what_was_encoded(g in payload_strategy()) {
        let p = parse(&g.text).unwrap();
        let ids: Vec<u8> = p.objects().map(|o| o.id()).collect();
        let expected: Vec<u8> = g.objects.iter().map(|(id, _)| *id).chain([63]).collect();
        prop_assert_eq!(ids, expected);
        for (id, v) in &g.objects {
            prop_assert_eq!(p.value(*id), Some(v.as_str()));
        }
        let r = p.validate();
        prop_assert!(r.is_valid(), "{:?}", r.diagnostics());
    }

    #[test]
    // Under miri each test over generated payloads costs ~50 s whatever the
    // number of cases; the builder and the conversions run there through
    // `exercise` in the two tests kept (generated and mutated payloads).
    #[cfg_attr(miri, ignore)]
    fn building_from_parsed_reproduces_the_input(g in payload_strategy()) {
        let p = parse(&g.text).unwrap();
        prop_assert_eq!(Builder::from_payload(&p).build().unwrap(), g.text.clone());
    }

    #[test]
    // Under miri each test over generated payloads costs ~50 s whatever the
    // number of cases; the builder and the conversions run there through
    // `exercise` in the two tests kept (generated and mutated payloads).
    #[cfg_attr(miri, ignore)]
    fn building_from_fields_gives_a_payload_that_parses_back(g in payload_strategy()) {
        let mut b = Builder::new();
        for (id, v) in &g.objects {
            b.set(*id, v.as_str()).unwrap();
        }
        let built = b.build().unwrap();
        let p = parse(&built).unwrap();
        // Inserted by the ordering rule into an empty builder: ascending IDs.
        let ids: Vec<u8> = p.objects().map(|o| o.id()).collect();
        let mut sorted: Vec<u8> = g.objects.iter().map(|(id, _)| *id).chain([63]).collect();
        sorted.sort_unstable();
        prop_assert_eq!(ids, sorted);
        for (id, v) in &g.objects {
            prop_assert_eq!(p.value(*id), Some(v.as_str()));
        }
    }

    #[test]
    // Under miri each test over generated payloads costs ~50 s whatever the
    // number of cases; the builder and the conversions run there through
    // `exercise` in the two tests kept (generated and mutated payloads).
    #[cfg_attr(miri, ignore)]
    fn static_to_dynamic_keeps_everything_else(
        g in payload_strategy(),
        amount in amount_strategy(),
        tip in 0u8..4,
    ) {
        let opts = match tip {
            0 => DynamicOptions::new(&amount),
            1 => DynamicOptions::new(&amount).tip_prompt(),
            2 => DynamicOptions::new(&amount).fee_fixed("1500"),
            _ => DynamicOptions::new(&amount).fee_percent("0.7"),
        };
        let d = qris_emv::to_dynamic(&g.text, &opts).unwrap();
        let p = parse(&d).unwrap();
        prop_assert!(p.is_dynamic());
        prop_assert_eq!(p.amount(), Some(amount.as_str()));
        prop_assert!(p.validate().is_valid(), "{:?}", p.validate().diagnostics());
        // Every other object keeps its value and relative order.
        let kept: Vec<(u8, &str)> = g.objects.iter().filter(|(id, _)| !matches!(id, 1 | 54..=57)).map(|(id, v)| (*id, v.as_str())).collect();
        let after: Vec<(u8, &str)> = p.objects().filter(|o| !matches!(o.id(), 1 | 54..=57 | 63)).map(|o| (o.id(), o.value())).collect();
        prop_assert_eq!(kept, after);
        // Each new object sits right before the first following object with a larger ID.
        let ids: Vec<u8> = p.objects().map(|o| o.id()).collect();
        let i54 = ids.iter().position(|&id| id == 54).unwrap();
        prop_assert!(ids[i54 + 1] > 54);
        prop_assert!(ids[..i54].iter().all(|&id| id < 54 || id == 63));
        // And back.
        let back = qris_emv::to_static(&d, false).unwrap();
        let original_static = qris_emv::to_static(&g.text, false).unwrap();
        prop_assert_eq!(back, original_static);
    }

    #[test]
    fn crc_matches_the_bitwise_reference(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        prop_assert_eq!(qris_emv::crc16(&data), reference_crc(&data));
        let hex = format!("{:04X}", reference_crc(&data));
        let ours = qris_emv::crc16_hex(reference_crc(&data));
        prop_assert_eq!(ours.as_str(), hex.as_str());
    }

    #[test]
    fn arbitrary_text_never_panics(cs in proptest::collection::vec(any::<char>(), 0..300)) {
        // Any characters, control characters included (not a regex strategy:
        // compiling `\PC` took over a minute under miri).
        let s: String = cs.into_iter().collect();
        exercise(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = ParseOptions::lenient().parse_bytes(&b);
        if let Ok(s) = std::str::from_utf8(&b) {
            exercise(s);
        }
    }

    #[test]
    fn mutated_vectors_never_panic(which in 0usize..8, op in any::<u8>(), at in any::<usize>(), c in any::<char>()) {
        let vectors = public_vectors();
        let v = &vectors[which % vectors.len()].payload;
        let m = mutate(v, op, at, c);
        exercise(&m);
    }

    #[test]
    fn any_single_ascii_substitution_is_detected(which in 0usize..8, at in any::<usize>(), c in 0x21u8..0x7F) {
        // CRC-16 catches every burst of up to 16 bits, so one changed ASCII character
        // before the CRC digits is always caught (by the TLV structure or the CRC).
        let vectors = public_vectors();
        let v = &vectors[which % vectors.len()].payload;
        let bytes = v.as_bytes();
        let i = at % (bytes.len() - 4);
        prop_assume!(bytes[i].is_ascii() && bytes[i] != c);
        let mut m = bytes.to_vec();
        m[i] = c;
        let m = String::from_utf8(m).unwrap();
        prop_assert!(parse(&m).is_err(), "undetected change at {}: {}", i, m);
    }

    #[test]
    fn mutated_generated_payloads_never_panic(g in payload_strategy(), op in any::<u8>(), at in any::<usize>(), c in any::<char>()) {
        exercise(&mutate(&g.text, op, at, c));
    }
}

#[test]
fn one_walk_and_two_agree_where_diagnostics_pile_up() {
    // GoPay's "Toko Berkah" code, rebuilt from its objects so that each case
    // changes one thing and keeps every length right.
    let account = |pan: &str, criteria: &str, extra: &str| {
        tlv(26, &[tlv(0, "COM.GO-JEK.WWW"), tlv(1, pan), tlv(2, "G464885536"), tlv(3, criteria), extra.into()].concat())
    };
    let repo =
        |criteria: &str| tlv(51, &[tlv(0, "ID.CO.QRIS.WWW"), tlv(2, "ID1026572242539"), tlv(3, criteria)].concat());
    let body = |account: String, repo: String, name: &str, city: &str, extra: &str| {
        let fixed = ["000201", "010211", &account, &repo, "52045499", "5303360", "5802ID"].concat();
        [fixed, tlv(59, name), tlv(60, city), tlv(61, "67275"), tlv(62, &tlv(7, "A01")), extra.into()].concat()
    };
    let pan = "936009143464885536";
    let plain = |extra: &str| body(account(pan, "UMI", ""), repo("UMI"), "Toko Berkah, BNY NYR", "PROBOLINGGO", extra);
    assert_eq!(with_crc(&plain("")), toko_berkah(), "the objects rebuild the published code");
    let long = "Toko Berkah, BNY NYR and Sons Ltd";
    let cases: [(String, &[(&str, &str)]); 8] = [
        // A root object twice: the one walk cannot see where the first was.
        (with_crc(&plain("5802ID")), &[("tag.duplicate", "58")]),
        // A child twice: held back like any other diagnostic.
        (
            with_crc(&body(account(pan, "UMI", "0303UMI"), repo("UMI"), "Toko", "PROBOLINGGO", "")),
            &[("tag.duplicate", "26.03")],
        ),
        // Exactly as many warnings as the one walk holds back...
        (
            with_crc(&body(account(pan, "XYZ", ""), repo("XYZ"), long, "PROBOLINGGO KOTA JAWA", "")),
            &[("field.value", "26.03"), ("field.value", "51.03"), ("field.length", "59"), ("field.length", "60")],
        ),
        // ... and one more.
        (
            with_crc(&body(account("93600914346488553X", "XYZ", ""), repo("XYZ"), long, "PROBOLINGGO KOTA JAWA", "")),
            &[
                ("field.format", "26.01"),
                ("field.value", "26.03"),
                ("field.value", "51.03"),
                ("field.length", "59"),
                ("field.length", "60"),
            ],
        ),
        // More than 512 characters (four unreserved 99-character objects)
        // behind noise: a parse warning, then the length warning.
        (
            format!(" {}", with_crc(&plain(&(80..84).map(|id| tlv(id, &"A".repeat(99))).collect::<String>()))),
            &[("input.trimmed", ""), ("payload.length", "")],
        ),
        // The same, without noise and with a duplicate.
        (
            with_crc(&plain(&[tlv(80, &"A".repeat(99)), tlv(81, &"B".repeat(99))].concat().repeat(3))),
            &[
                ("payload.length", ""),
                ("tag.duplicate", "80"),
                ("tag.duplicate", "81"),
                ("tag.duplicate", "80"),
                ("tag.duplicate", "81"),
            ],
        ),
        // A wrong CRC, then warnings.
        (
            format!("{}0000", body(account(pan, "XYZ", ""), repo("XYZ"), "Toko", "PROBOLINGGO", "6304")),
            &[("crc.mismatch", "63"), ("field.value", "26.03"), ("field.value", "51.03")],
        ),
        // Noise around.
        (format!("  {}\n", toko_berkah()), &[("input.trimmed", "")]),
    ];
    for (s, expected) in &cases {
        let got: Vec<(&str, String)> =
            Validator::qris().validate(s).diagnostics().iter().map(|d| (d.code.as_str(), d.path.to_string())).collect();
        let expected: Vec<(&str, String)> = expected.iter().map(|(c, p)| (*c, p.to_string())).collect();
        assert_eq!(got, expected, "{s:?}");
        for (v, opts, profile) in validators() {
            one_walk_matches_two(v, opts, profile, s);
        }
    }
}

#[test]
fn huge_and_hostile_inputs() {
    // Under miri (undefined behaviour, ~1000x slower) a tenth of each size,
    // still past the 4,096-byte limit where the full test is: this test was
    // most of the 6 minutes miri spent on this file.
    let n = |full: usize| if cfg!(miri) { full / 10 } else { full };
    exercise(&"0".repeat(if cfg!(miri) { 5000 } else { 100_000 }));
    exercise(&"9999".repeat(n(1000)));
    exercise(&"00".repeat(n(2047)));
    exercise(&("62".to_string() + &"99".repeat(n(1000))));
    exercise(&"最".repeat(n(2000)));
    assert_eq!(
        parse(&"A".repeat(if cfg!(miri) { 5000 } else { 100_000 })).unwrap_err().code(),
        qris_emv::Code::InputTooLong
    );
}
