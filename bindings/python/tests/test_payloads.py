"""The Python binding against the published vectors and hostile input.

Expected values come from tests/vectors (published) and the seeds, never from
the library's own output."""

import pathlib
import threading
from decimal import Decimal

import pytest

import qris

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"

DANA = (
    "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1"
)


def rows(name):
    lines = (VECTORS / name).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]


def test_every_public_vector_parses_exactly_when_its_crc_is_right():
    vectors = rows("qris-public.tsv")
    assert len(vectors) == 8
    for v in vectors:
        payload = v["payload"]
        if v["crc"].startswith("ok"):
            p = qris.parse(payload)
            assert p.crc == payload[-4:]
            assert str(p) == payload
            assert qris.crc16(payload[:-4]) == payload[-4:]
        else:
            calc = v["crc"].split("calc=")[1][:4]
            with pytest.raises(qris.CrcError) as e:
                qris.parse(payload)
            assert e.value.code == "crc.mismatch" and e.value.path == "63"
            assert calc in str(e.value)
            assert qris.crc16(payload[:-4].encode()) == calc


def test_crc_check_value():
    assert qris.crc16("123456789") == "29B1"
    assert qris.crc16(b"") == "FFFF"


def test_fields_objects_and_dict():
    p = qris.parse(DANA)
    assert (p.merchant_name, p.merchant_city, p.postal_code) == ("BoonTrack", "Kab. Bandung", "40286")
    assert (p.mcc, p.currency, p.country, p.nmid) == ("7372", "360", "ID", "ID1026564075103")
    assert p.amount is None and not p.is_dynamic and p.crc == "8DC1"
    assert p.get("26.00") == "ID.DANA.WWW" and p.get("62.07") is None
    with pytest.raises(qris.QrisError):
        p.get("6.2")
    ids = [o.id for o in p.objects]
    assert ids == [0, 1, 26, 51, 52, 53, 58, 59, 60, 61, 63]
    acct = p.objects[2]
    assert acct.path == "26" and acct.offset == 12
    assert [(c.path, c.value) for c in acct.children][:2] == [("26.00", "ID.DANA.WWW"), ("26.01", "936009153033796827")]
    assert acct.children[0].offset == 16
    d = p.to_dict()
    assert d["59"] == "BoonTrack" and d["51"]["02"] == "ID1026564075103"
    accounts = p.merchant_accounts
    assert [a["id"] for a in accounts] == [26, 51] and accounts[0]["pan"] == "936009153033796827"
    assert p == qris.parse(DANA + "\n") and hash(p) == hash(qris.parse(DANA))
    assert "BoonTrack" in repr(p)


def test_strict_refuses_what_lenient_trims():
    assert str(qris.parse(" " + DANA + "\r\n")) == DANA
    with pytest.raises(qris.ParseError) as e:
        qris.parse(DANA + "\n", strict=True)
    assert e.value.code == "input.trimmed"


def test_gopay_conversion_vector_byte_for_byte_through_tag_61():
    for v in rows("qris-conversion.tsv"):
        dynamic = qris.to_dynamic(v["static"], v["amount"])
        issued = v["issuer_dynamic"]
        cut = issued.index("6105") + 9
        assert dynamic[:cut] == issued[:cut]
        assert qris.parse(dynamic).amount == v["amount"]
        back = qris.to_static(issued)
        assert back.startswith("000201010211") and qris.parse(back).amount is None


def test_to_dynamic_options_and_refusals():
    d = qris.parse(qris.to_dynamic(DANA, Decimal("17000.50"), fee_percent="2.5", bill="INV-7", reference="R9", terminal="K2"))
    assert d.is_dynamic and d.amount == "17000.50" and d.get("55") == "03" and d.get("57") == "2.5"
    assert (d.get("62.01"), d.get("62.05"), d.get("62.07")) == ("INV-7", "R9", "K2")
    assert qris.parse(qris.to_dynamic(DANA, 5000, tip_prompt=True)).get("55") == "01"
    assert qris.parse(qris.to_dynamic(qris.parse(DANA), "100", fee_fixed=1000)).get("56") == "1000"
    with pytest.raises(TypeError):
        qris.to_dynamic(DANA, 17000.5)
    with pytest.raises(TypeError):
        qris.to_dynamic(DANA, True)
    with pytest.raises(qris.ConvertError):
        qris.to_dynamic(DANA, "1,5")
    with pytest.raises(qris.QrisError):
        qris.to_dynamic(DANA, 100, tip_prompt=True, fee_fixed=5)
    broken = DANA[:-4] + "0000"
    with pytest.raises(qris.CrcError):
        qris.to_dynamic(broken, 100)
    assert qris.parse(qris.to_dynamic(broken, 100, force=True)).amount == "100"


def test_validate_reports_every_issue():
    assert qris.validate(DANA) == [] and qris.is_valid(DANA)
    issues = qris.validate("0002010102110208ID5802ID63041234")
    first = issues[0]
    assert (first.code, first.severity, first.path, first.offset) == ("crc.mismatch", "error", "63", 28)
    assert "F075" in first.message and "crc.mismatch" in str(first)
    assert any(i.code == "tag.missing" and i.path == "59" for i in issues)
    assert not qris.is_valid("garbage")
    bad_utf8 = DANA.encode()[:40] + b"\xff" + DANA.encode()[41:]
    assert qris.validate(bad_utf8)[0].code == "input.utf8" and qris.validate(bad_utf8)[0].offset == 40


def test_validate_many_keeps_order_across_threads():
    items = [DANA, "garbage", DANA.encode(), ""] * 500
    results = qris.validate_many(items)
    assert len(results) == 2000
    assert [r == [] for r in results[:4]] == [True, False, True, False]
    assert results[3][0].code == "input.empty"
    bad_utf8 = DANA.encode()[:40] + b"\xff" + DANA.encode()[41:]
    mixed = qris.validate_many([qris.parse(DANA), bad_utf8])
    assert mixed[0] == [] and (mixed[1][0].code, mixed[1][0].offset) == ("input.utf8", 40)
    with pytest.raises(TypeError):
        qris.validate_many([DANA, 5])


@pytest.mark.parametrize(
    "hostile",
    ["", " ", "0" * 100_000, "00", "0002", "000201" * 700, "\x00" * 50, "６３０４ABCD", "%20" * 20, DANA[:-1]],
)
def test_hostile_payloads_raise_qris_errors_only(hostile):
    with pytest.raises(qris.QrisError):
        qris.parse(hostile)
    assert isinstance(qris.validate(hostile), list)
    with pytest.raises(qris.QrisError):
        qris.to_dynamic(hostile, 1)


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError):
        qris.parse(12345)
    with pytest.raises(TypeError):
        qris.minify(None)


def test_minify_and_body_hash_published_values():
    pretty = '{ "amount" : { "value" : "10000.00", "num" : 10000.00 }, "note" : "a  b" }'
    assert qris.minify(pretty) == b'{"amount":{"value":"10000.00","num":10000.00},"note":"a  b"}'
    assert qris.minify(bytearray(b' [1, 2] ')) == b"[1,2]"
    assert qris.body_hash(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    with pytest.raises(qris.JsonError) as e:
        qris.minify(b'{"a":1,}')
    assert e.value.offset == 7 and isinstance(e.value, ValueError)
    with pytest.raises(qris.JsonError):
        qris.minify("[" * 10_000 + "]" * 10_000)


def test_parsing_from_many_threads():
    errors = []

    def work():
        try:
            for _ in range(2000):
                assert qris.parse(DANA).merchant_name == "BoonTrack"
        except Exception as exc:  # noqa: BLE001 - collected and re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_help_is_useful():
    assert "amount" in qris.to_dynamic.__doc__ and "tip" in qris.to_dynamic.__doc__
    assert qris.__version__ == "0.2.0"
