"""qris.scan / qris.scan_sticker: codes rendered from the published vectors,
read back from PNG/JPEG bytes, PIL images, NumPy arrays and raw pixels; zxing-cpp
(an independent decoder) reads the same images to the same text."""

import io
import json
import pathlib

import numpy as np
import pytest
import zxingcpp
from PIL import Image

import qris

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"
DANA = (
    "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1"
)


def other_merchant():
    for line in (VECTORS / "qris-public.tsv").read_text().splitlines()[1:]:
        payload = line.split("\t")[3]
        if "ID.CO.QRIS.WWW" in payload and "ID1026564075103" not in payload and qris.is_valid(payload):
            return payload
    raise AssertionError("no second merchant in the vectors")


def code_image(payload=DANA, scale=4, force=False):
    return Image.open(io.BytesIO(qris.render.png(payload, scale=scale, force=force))).convert("L")


def on_canvas(code, size=(640, 400), at=(40, 30), fill=235):
    canvas = Image.new("L", size, fill)
    canvas.paste(code, at)
    return canvas


def png_bytes(im, **kw):
    buf = io.BytesIO()
    im.save(buf, "PNG", **kw)
    return buf.getvalue()


def test_png_bytes_read_back_and_agree_with_zxing():
    im = on_canvas(code_image())
    codes = qris.scan(png_bytes(im))
    assert len(codes) == 1
    c = codes[0]
    assert (c.text, c.kind, c.valid, c.diagnostics) == (DANA, "qris", True, [])
    assert c.payload.get("51.02") == "ID1026564075103"
    # zxing-cpp, the decoder most apps use, reads the same image to the same text.
    assert [r.text for r in zxingcpp.read_barcodes(im)] == [DANA]
    # Corners: within a module of where the code's symbol was pasted (quiet zone 4 modules of 4 px).
    xs = sorted(x for x, _ in c.corners)
    assert abs(xs[0] - (40 + 16)) <= 4 and abs(xs[-1] - (40 + code_image().width - 16)) <= 4
    assert "ScannedCode(kind='qris', valid=True" in repr(c)


def test_jpeg_with_exif_orientation():
    upright = on_canvas(code_image(), size=(600, 300), at=(20, 20))
    stored = upright.rotate(90, expand=True)  # counter-clockwise, as a sideways phone stores it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to display"
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=80, exif=exif.tobytes())
    codes = qris.scan(buf.getvalue())
    assert [c.text for c in codes] == [DANA]
    cx = sum(x for x, _ in codes[0].corners) / 4
    assert cx < 300, codes[0].corners  # the code is on the left of the upright image


def test_pil_images_numpy_arrays_and_raw_pixels():
    gray = on_canvas(code_image(scale=3))
    for im in (gray, gray.convert("RGB"), gray.convert("RGBA"), gray.convert("P"), gray.convert("1")):
        assert [c.text for c in qris.scan(im)] == [DANA], im.mode
    arr = np.asarray(gray)
    assert [c.text for c in qris.scan(arr)] == [DANA]
    rgb = np.asarray(gray.convert("RGB"))
    assert [c.text for c in qris.scan(rgb)] == [DANA]
    assert [c.text for c in qris.scan(np.ascontiguousarray(rgb[:, :, ::-1]), format="bgr")] == [DANA]
    # A strided view (every row, columns reversed twice = same image, non-contiguous).
    view = np.asarray(gray.convert("RGBA"))[:, ::-1][:, ::-1]
    assert [c.text for c in qris.scan(view)] == [DANA]
    # Raw pixels with a stride of width + 5.
    w, h = gray.size
    padded = b"".join(gray.tobytes()[y * w : (y + 1) * w] + b"\0" * 5 for y in range(h))
    assert [c.text for c in qris.scan(padded, width=w, height=h, stride=w + 5)] == [DANA]
    assert [c.text for c in qris.scan(memoryview(gray.convert("RGB").tobytes()), width=w, height=h, format="rgb")] == [DANA]


def test_kinds_and_cpm_text_is_not_shown():
    cpm = json.loads((VECTORS / "cpm-emvco.json").read_text())["emvco_spec_example"]["base64"]
    url = qris.scan(code_image("https://example.com/menu", force=True))[0]
    assert (url.kind, url.valid, url.payload, url.diagnostics) == ("other", False, None, [])
    c = qris.scan(code_image(cpm, scale=3, force=True))[0]
    assert (c.kind, c.valid, c.text) == ("cpm", True, cpm)
    assert cpm not in repr(c) and "3458" in repr(c) and "1234567890123458" not in repr(c)
    broken = DANA[:-4] + "0000"
    b = qris.scan(code_image(broken, force=True))[0]
    assert (b.kind, b.valid) == ("qris", False)
    assert [d.code for d in b.diagnostics] == ["crc.mismatch"]


def test_sticker_check():
    other = other_merchant()
    genuine = on_canvas(code_image())
    fraud = on_canvas(code_image(other))
    ok = qris.scan_sticker(png_bytes(genuine), "ID1026564075103", name="boontrack", city="KAB. BANDUNG")
    assert (ok.verdict, bool(ok), ok.differences) == ("match", True, [])
    bad = qris.scan_sticker(fraud, "ID1026564075103")
    other_nmid = qris.parse(other).get("51.02")
    assert (bad.verdict, bool(bad)) == ("mismatch", False)
    assert bad.differences == [("nmid", "ID1026564075103", other_nmid)]
    assert bad.message == f"mismatch: NMID {other_nmid} is not the expected ID1026564075103"
    assert [c.text for c in bad.codes] == [other]
    # Both stickers on one counter.
    both = Image.new("L", (1000, 420), 235)
    both.paste(code_image(), (20, 20))
    both.paste(code_image(other), (520, 20))
    assert qris.scan_sticker(both, "ID1026564075103").verdict == "mismatch"
    assert qris.scan_sticker(code_image("https://example.com", force=True), "ID1026564075103").verdict == "not_qris"
    blank = Image.new("L", (300, 200), 200)
    assert qris.scan_sticker(blank, "ID1026564075103").verdict == "unreadable"


def test_bad_images_raise_image_error():
    with pytest.raises(qris.ImageError) as e:
        qris.scan(b"GIF89a not an image")
    assert e.value.code == "scan.format" and isinstance(e.value, qris.QrisError)
    good = png_bytes(code_image())
    with pytest.raises(qris.ImageError) as e:
        qris.scan(good[: len(good) // 2])
    assert e.value.code == "scan.corrupt"
    with pytest.raises(qris.ImageError) as e:
        qris.scan(b"\0" * 16, width=100_000, height=100_000)
    assert e.value.code == "scan.too_large"
    with pytest.raises(qris.ImageError) as e:
        qris.scan(b"\0" * 16, width=10, height=10)
    assert e.value.code == "scan.buffer"
    with pytest.raises(qris.ImageError) as e:
        qris.scan(b"\0" * 100, width=10, height=10, stride=9)
    assert e.value.code == "scan.stride"
    with pytest.raises(qris.ImageError) as e:
        qris.scan(b"", width=0, height=10)
    assert e.value.code == "scan.empty"
    with pytest.raises(qris.QrisError, match="uint8"):
        qris.scan(np.zeros((10, 10), dtype=np.float32))
    with pytest.raises(qris.QrisError, match="channel"):
        qris.scan(np.zeros((10, 10, 3), dtype=np.uint8), format="rgba")
    with pytest.raises(qris.QrisError, match="pixel format"):
        qris.scan(b"\0" * 100, width=10, height=10, format="cmyk")
    with pytest.raises(qris.QrisError, match="both width= and height="):
        qris.scan(b"\0" * 100, width=10)
    with pytest.raises(TypeError):
        qris.scan(12345)
    # Nothing found is not an error.
    assert qris.scan(np.full((50, 50), 255, dtype=np.uint8)) == []
