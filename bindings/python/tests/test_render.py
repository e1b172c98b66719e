"""Rendering from Python: the images are well-formed and carry the payload."""

import struct
import zlib

import pytest

import qris

DANA = (
    "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1"
)


def test_svg_is_one_path_with_an_escaped_caption():
    doc = qris.render.svg(DANA, caption="Toko <Budi>")
    assert doc.startswith("<svg") and doc.rstrip().endswith("</svg>")
    assert doc.count("<path") == 1 and "Toko &lt;Budi&gt;" in doc


def test_png_is_a_valid_1_bit_image_of_the_right_size():
    data = qris.render.png(qris.parse(DANA), scale=4)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, color = struct.unpack(">IIBB", data[16:26])
    assert width == height and depth == 1 and color == 0
    # A version-N symbol is 17 + 4N modules, plus 4 quiet modules each side.
    modules = width // 4
    assert (modules - 8 - 17) % 4 == 0
    idat = b"".join(data[i + 8 : i + 8 + struct.unpack(">I", data[i : i + 4])[0]] for i in _chunks(data, b"IDAT"))
    rows = zlib.decompress(idat)
    assert len(rows) == height * (1 + (width + 7) // 8)


def _chunks(data, kind):
    i = 8
    while i < len(data):
        length = struct.unpack(">I", data[i : i + 4])[0]
        if data[i + 4 : i + 8] == kind:
            yield i
        i += 12 + length


def test_broken_payloads_are_refused_unless_forced():
    broken = DANA[:-4] + "0000"
    with pytest.raises(qris.CrcError):
        qris.render.svg(broken)
    assert qris.render.svg(broken, force=True).startswith("<svg")
    with pytest.raises(qris.QrisError):
        qris.render.png(DANA, scale=0)
    with pytest.raises(qris.QrisError):
        qris.render.svg(DANA, ecc="X")
