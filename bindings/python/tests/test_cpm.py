"""qris.cpm against the EMVCo specification's example and the peers' vectors
(tests/vectors/cpm-emvco.json); card data never shown."""

import json
import pathlib

import pytest

import qris

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"
CPM = json.loads((VECTORS / "cpm-emvco.json").read_text(encoding="utf-8"))


def test_the_emvco_example():
    v = CPM["emvco_spec_example"]
    code = qris.cpm.parse(v["base64"])
    assert code.bytes.hex().upper() == v["hex"]
    assert code.format_indicator == "CPV01"
    assert [(a.aid, a.label) for a in code.applications] == [(a["aid"], a["label"]) for a in v["applications"]]
    c = code.common
    assert (c.cardholder_name, c.language_preference) == (v["common"]["cardholder_name"], v["common"]["language_preference"])
    assert c.pan_masked == "************3458"
    tree = code.objects()
    assert tree[3]["tag"] == "62" and tree[3]["objects"][0] == {"tag": "5A", "name": "PAN", "offset": 51, "value": "************3458"}
    transparent = {o["tag"]: o["value"] for o in tree[3]["objects"][3]["objects"]}
    assert transparent == v["common"]["transparent"]
    assert [d.code for d in code.validate()] == v["warnings"]
    assert "1234567890123458" not in repr(code) + repr(code.applications) + repr(c) + str(code.objects())


def test_validation_against_the_rules():
    v = CPM["no_aid_example"]
    diags = qris.cpm.validate(v["base64"])
    assert [[d.code, d.path] for d in diags if d.severity == "error"] == v["errors"]
    assert [d.code for d in diags if d.severity == "warning"] == v["warnings"]
    # Unreadable text is one error, not an exception.
    [d] = qris.cpm.validate("not*base64")
    assert (d.code, d.offset, d.severity) == ("cpm.base64", 3, "error")


def test_build_reproduces_the_published_codes():
    v = CPM["emvco_spec_example"]
    text = qris.cpm.build(v["applications"], common=v["common"])
    assert text == v["base64"]
    t = CPM["track2_example"]
    assert qris.cpm.build(t["applications"]) == t["base64"]
    with pytest.raises(TypeError, match="aid"):
        qris.cpm.build([{"label": "x"}])
    with pytest.raises(TypeError, match="unknown field"):
        qris.cpm.build([{"aid": "A000000055", "pin": "1234"}])
    with pytest.raises(TypeError, match="hexadecimal"):
        qris.cpm.build([{"aid": "XYZ"}])


def test_errors_point_to_the_right_parser():
    mpm = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1"
    with pytest.raises(qris.ParseError, match="qris decode") as e:
        qris.cpm.parse(mpm)
    assert e.value.code == "cpm.format_indicator"
    with pytest.raises(qris.ParseError) as e:
        qris.cpm.parse("hQVDUFYwMWEJTw==")
    assert (e.value.code, e.value.offset, e.value.path) == ("cpm.tlv_truncated", 7, "")
    with pytest.raises(qris.QrisError):
        qris.parse(CPM["track2_example"]["base64"])
