"""The package's shape: the submodules, the builder, timestamps, the Midtrans
signature check, thermal-printer output; each against an independent reference
(published vectors, the standard library's own datetime and CRC)."""

import binascii
import datetime
import inspect
import pathlib

import pytest

import qris

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"
DANA = (
    "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1"
)


def crc(body):
    """CRC-16/CCITT-FALSE from the standard library (binascii), not from qris."""
    return "%04X" % binascii.crc_hqx(body.encode(), 0xFFFF)


def test_submodules_import_every_way():
    import qris.midtrans
    import qris.render
    import qris.snap
    from qris.snap import sign_hmac

    assert sign_hmac is qris.snap.sign_hmac
    assert qris.snap.__name__ == "qris.snap" and qris.midtrans.__name__ == "qris.midtrans"
    assert qris.snap.Notification is qris.midtrans.Notification
    assert qris.Issue is qris.Diagnostic
    assert qris.snap.DEFAULT_WINDOW == 300
    # Everything public is listed, and everything listed exists.
    for module in (qris, qris.snap, qris.midtrans, qris.render):
        assert all(hasattr(module, name) for name in module.__all__)


def test_signatures_show_the_real_defaults():
    params = inspect.signature(qris.render.svg).parameters
    assert params["ecc"].default == "M" and params["ecc"].kind is inspect.Parameter.KEYWORD_ONLY
    assert inspect.signature(qris.render.escpos).parameters["paper"].default == "58mm"
    assert inspect.signature(qris.snap.sign_hmac).parameters["encoding"].default == "base64"
    assert inspect.signature(qris.snap.verify_hmac).parameters["window"].default == 300
    # Options are keyword-only everywhere: a positional window is a TypeError.
    with pytest.raises(TypeError):
        qris.snap.check_timestamp("2024-03-19T14:30:00+07:00", 300)


def test_builder_round_trips_a_published_payload():
    assert qris.Builder.from_payload(DANA).build() == DANA
    assert qris.Builder.from_payload(qris.parse(DANA)).build() == DANA


def test_builder_edits_and_appends_a_correct_crc():
    built = qris.Builder.from_payload(DANA).set("01", "12").set("54", "25000").set("62.07", "K2").remove("61").build()
    assert built[-4:] == crc(built[:-4])
    p = qris.parse(built, strict=True)
    assert (p.amount, p.is_dynamic, p.get("62.07"), p.postal_code) == ("25000", True, "K2", None)
    # Tag order per EMVCo: 54 after 53, 62 after 61 / 60.
    assert built.index("5303360") < built.index("540525000") < built.index("5802ID")
    assert "62060702K2" in built  # 62 len 06: 07 len 02 "K2"


def test_builder_from_scratch():
    b = qris.Builder()
    for path, value in [("00", "01"), ("01", "11"), ("26.00", "ID.CO.QRIS.WWW"), ("26.01", "936000091234567890"),
                        ("52", "5411"), ("53", "360"), ("58", "ID"), ("59", "Toko Budi"), ("60", "Jakarta")]:
        b.set(path, value)
    built = b.build()
    assert built.startswith("000201010211")
    assert built[-8:-4] == "6304" and built[-4:] == crc(built[:-4])
    assert qris.parse(built).merchant_name == "Toko Budi"


@pytest.mark.parametrize("path, value", [("", "x"), ("999", "x"), ("62.x", "x"), ("59", "x" * 100)])
def test_builder_refuses_bad_objects(path, value):
    with pytest.raises(qris.ConvertError):
        qris.Builder().set(path, value)


def test_format_timestamp_agrees_with_datetime():
    for unix in (0, 1_710_833_400, 1_709_635_036, 253_402_300_799):
        for offset in (420, 0, -300, 18 * 60, 330):
            tz = datetime.timezone(datetime.timedelta(minutes=offset))
            if unix + offset * 60 > 253_402_300_799:  # year 10000: datetime cannot, and neither may we
                with pytest.raises(qris.QrisError):
                    qris.snap.format_timestamp(unix, offset_minutes=offset)
                continue
            expected = datetime.datetime.fromtimestamp(unix, tz).isoformat()
            expected = expected.replace("+00:00", "Z")
            assert qris.snap.format_timestamp(unix, offset_minutes=offset) == expected
    assert qris.snap.format_timestamp(1_710_833_400) == "2024-03-19T14:30:00+07:00"


@pytest.mark.parametrize("unix", [1_710_833_400.123, 1_709_635_036.196, 0.0005, 1_710_833_400.9999996, 1.5])
def test_fractional_seconds_round_like_datetime(unix):
    tz = datetime.timezone(datetime.timedelta(hours=7))
    expected = datetime.datetime.fromtimestamp(unix, tz).isoformat(timespec="milliseconds")
    assert qris.snap.format_timestamp(unix, millis=True) == expected


@pytest.mark.parametrize("unix", [-1, 253_402_300_800, 2**63, -(2**70), float("inf"), float("nan"), 1e300])
def test_format_timestamp_refuses_what_x_timestamp_cannot_write(unix):
    with pytest.raises(qris.QrisError, match="1970"):
        qris.snap.format_timestamp(unix)


@pytest.mark.parametrize("offset", [18 * 60 + 1, -18 * 60 - 1, 2**40])
def test_format_timestamp_refuses_offsets(offset):
    with pytest.raises(qris.QrisError):
        qris.snap.format_timestamp(0, offset_minutes=offset)


def test_format_timestamp_types():
    with pytest.raises(TypeError):
        qris.snap.format_timestamp(True)
    with pytest.raises(TypeError):
        qris.snap.format_timestamp("1710833400")


def test_check_timestamp_window():
    sent = 1_710_833_400  # 2024-03-19T14:30:00+07:00
    qris.snap.check_timestamp("2024-03-19T14:30:00+07:00", now=sent)
    qris.snap.check_timestamp("2024-03-19T07:30:00.5Z", now=sent + 300)
    with pytest.raises(qris.InvalidTimestamp, match="older"):
        qris.snap.check_timestamp("2024-03-19T14:30:00+07:00", now=sent + 301)
    with pytest.raises(qris.InvalidTimestamp, match="ahead"):
        qris.snap.check_timestamp("2024-03-19T14:30:00+07:00", now=sent - 61, window=60)
    for bad in ("2024-03-19 14:30:00", "2024-02-30T00:00:00Z", ""):
        with pytest.raises(qris.InvalidTimestamp):
            qris.snap.check_timestamp(bad, now=sent)
    with pytest.raises(qris.InvalidTimestamp):  # an absurd clock never makes a window pass
        qris.snap.check_timestamp("2024-03-19T14:30:00+07:00", now=-(2**63), window=2**64 - 1)


def test_verify_signature_key_on_the_peers_rows():
    """tests/vectors/external/midtrans-signature-key.tsv, through the bare check."""
    rows = (VECTORS / "external" / "midtrans-signature-key.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for row in rows:
        order_id, status_code, gross_amount, server_key, sig, expected, _source = row.split("\t")
        if expected in ("match", "policy"):
            qris.midtrans.verify_signature_key(order_id, status_code, gross_amount, server_key, sig)
            flipped = sig[:-1] + ("0" if sig[-1] != "0" else "1")
            with pytest.raises(qris.InvalidSignature):
                qris.midtrans.verify_signature_key(order_id, status_code, gross_amount, server_key, flipped)
        else:
            with pytest.raises(qris.QrisError):
                qris.midtrans.verify_signature_key(order_id, status_code, gross_amount, server_key, sig)


def test_response_code_advice():
    rc = qris.snap.ResponseCode.parse("5005601")
    assert rc.retry in ("no", "check_status", "same_external_id", "later", "never")
    assert isinstance(rc.advice, str) and rc.advice


@pytest.mark.parametrize("paper, dots", [("58mm", 384), ("80mm", 576), ("58", 384)])
def test_escpos_is_a_gs_v_0_raster_of_the_symbol(paper, dots):
    data = qris.render.escpos(DANA, paper=paper)
    # GS v 0, mode 0, then xL xH (bytes per row) and yL yH (rows), then x*y bytes.
    assert data[:4] == b"\x1dv0\x00"
    width_bytes, rows = data[4] | data[5] << 8, data[6] | data[7] << 8
    assert width_bytes == dots // 8 and len(data) == 8 + width_bytes * rows
    # The symbol with its quiet zone, each module a whole number of dots.
    modules = len(qris.render.png(DANA, scale=1)) and _png_width(qris.render.png(DANA, scale=1))
    assert rows % modules == 0 and rows // modules == min(8, dots // modules)


def _png_width(png):
    return int.from_bytes(png[16:20], "big")


def test_escpos_refuses_unknown_paper_and_broken_payloads():
    with pytest.raises(qris.QrisError, match="paper"):
        qris.render.escpos(DANA, paper="57mm")
    with pytest.raises(qris.CrcError):
        qris.render.escpos(DANA[:-4] + "0000")


def test_canonical_url():
    # RFC 3986: sorted by name (stably), spaces as %20, %7E decoded to "~"; an escaped slash stays one.
    assert qris.snap.canonical_url("/v1.0/x?b=2&a=hello world&a=%7e") == "/v1.0/x?a=hello%20world&a=~&b=2"
    assert qris.snap.canonical_url("/a%2Fb") != qris.snap.canonical_url("/a/b")
    with pytest.raises(qris.QrisError):
        qris.snap.canonical_url("/x?q=%zz")
