"""The README's parity table is true for Python: every name in its Python column
is an attribute of the installed package (and the keyword in parentheses one of
its parameters), and every empty cell says why. The other columns are checked
by crates/cli/tests/parity.rs."""

import importlib
import inspect
import json
import pathlib

import pytest

README = pathlib.Path(__file__).resolve().parents[3] / "README.md"


def rows():
    text = README.read_text(encoding="utf-8")
    lines = text[text.index("### Parity") :].splitlines()
    table = [line for line in lines[lines.index("| Capability | Rust | C | Python | JavaScript | Java | CLI |") :]]
    table = table[: next(i for i, line in enumerate(table) if not line.startswith("|"))]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in table[2:]]


def python_names():
    for capability, _rust, _c, python, _js, _java, _cli in rows():
        if python.startswith("— "):
            assert len(python[2:].split()) >= 3, f"{capability}: an empty cell needs a reason"
            continue
        names = python.split("`")[1::2]
        assert names, f"{capability}: {python!r}"
        for name in names:
            yield capability, name


def resolve(dotted):
    parts = dotted.split(".")
    obj = importlib.import_module(parts[0])
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def test_the_table_has_a_python_column():
    assert len(rows()) >= 30
    assert sum(1 for _ in python_names()) >= 40


@pytest.mark.parametrize("capability, name", list(python_names()))
def test_the_python_column_names_what_the_package_has(capability, name):
    assert name.startswith("qris."), f"{capability}: {name}"
    dotted, _, keyword = name.partition("(")
    obj = resolve(dotted)
    if keyword:
        keyword = keyword.rstrip(")").rstrip("=")
        assert keyword in inspect.signature(obj).parameters, f"{capability}: {dotted} has no {keyword}="


def c_enum_names(name):
    """The names libqris.h documents for a C enum's values, in value order."""
    header = (README.parent / "include" / "libqris.h").read_text(encoding="utf-8")
    body = header[header.index(f"enum {name}\n") :]
    lines = [line.strip() for line in body[: body.index("};")].splitlines()]
    return [b[3 : b.index("`", 3)] for a, b in zip(lines, lines[1:]) if a == "/**"]


def test_one_vocabulary_with_the_c_header():
    import qris

    # The same names in libqris.h's docs, in Python's values and defaults.
    retry = c_enum_names("qris_retry")
    assert retry == ["no", "check_status", "same_external_id", "later", "never"]
    for code, expected in [("2005600", 0), ("2025600", 1), ("5045600", 2), ("4295600", 3), ("4015600", 4)]:
        assert qris.snap.ResponseCode.parse(code).retry == retry[expected]
    error, warning = c_enum_names("qris_severity")
    lowercase_crc = qris.validate("00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048dc1")
    assert lowercase_crc and {d.severity for d in lowercase_crc} == {warning}
    assert error in {d.severity for d in qris.validate("000201", strict=True)}
    base64, hexa = c_enum_names("qris_encoding")
    assert inspect.signature(qris.snap.sign_hmac).parameters["encoding"].default == base64
    outcomes = c_enum_names("qris_outcome")
    assert len(outcomes) == 13 and outcomes[0] == "paid"
    key = "k"
    for status, fraud, index in [("settlement", "accept", 0), ("pending", None, 1), ("expire", None, 5)]:
        code = {"settlement": "200", "pending": "201", "expire": "407"}[status]
        sig = qris.midtrans.signature_key("o-1", code, "1000.00", key)
        body = {"order_id": "o-1", "status_code": code, "gross_amount": "1000.00", "signature_key": sig,
                "transaction_status": status}
        if fraud:
            body["fraud_status"] = fraud
        assert qris.midtrans.verify_notification(json.dumps(body), key).outcome == outcomes[index]
    with pytest.raises(qris.QrisError):
        qris.snap.sign_hmac("s", "POST", "/p", "t", "{}", "2024-03-19T14:30:00+07:00", encoding=hexa.upper() + "x")
