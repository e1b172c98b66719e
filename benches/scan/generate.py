"""Test images for QR scanning (issue 19): QRIS codes rendered by this project's
own renderer, then degraded class by class, deterministically (fixed seed).

    python benches/scan/generate.py OUT_DIR [--per-class N] [--seed S]

Writes OUT_DIR/<class>/<n>.png (or .jpg) and OUT_DIR/manifest.json: for every
image, its class and the payload texts it holds (none for the `none` class).
Needs Pillow, NumPy and the `qris` Python package (for rendering). Images are
generated at test time, never committed.

Classes: clean, rotation (any angle), perspective (up to 30 degrees), scale (2 px
per module and up), blur (Gaussian), jpeg (quality down to 30), noise, contrast
(low), glare (uneven light), scene (a small code in a larger photo-like scene),
thermal (the ESC/POS raster look: 1-bit, dithered paper), two (two codes), none.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import pathlib
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

import qris

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLASSES = ["clean", "rotation", "perspective", "scale", "blur", "jpeg", "noise", "contrast", "glare", "scene",
           "thermal", "two", "none"]
CANVAS = (1280, 720)


def payloads() -> list[str]:
    """Valid QRIS payloads from the published vectors (and dynamic versions)."""
    rows = (ROOT / "tests/vectors/qris-public.tsv").read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    out = []
    for line in rows[1:]:
        row = dict(zip(head, line.split("\t")))
        if row.get("crc", "").startswith("ok") and qris.is_valid(row["payload"]):
            out.append(row["payload"])
    dyn = [qris.to_dynamic(p, amount) for p, amount in zip(out, ["17000", "250000", "1500", "99000"])]
    return out + dyn


def code_image(payload: str, module_px: int) -> Image.Image:
    png = qris.render.png(payload, scale=module_px)
    return Image.open(io.BytesIO(png)).convert("L")


def background(rng: random.Random, size=CANVAS) -> Image.Image:
    """A photo-like backdrop: a gradient, some shapes and texture (deterministic)."""
    w, h = size
    base = rng.randint(120, 230)
    g = np.linspace(0, rng.randint(-60, 60), w)[None, :] + np.linspace(0, rng.randint(-40, 40), h)[:, None]
    arr = np.clip(base + g, 0, 255)
    im = Image.fromarray(arr.astype(np.uint8), "L")
    d = ImageDraw.Draw(im)
    for _ in range(rng.randint(3, 9)):
        x0, y0 = rng.randint(0, w), rng.randint(0, h)
        x1, y1 = x0 + rng.randint(20, 300), y0 + rng.randint(20, 200)
        d.rectangle([x0, y0, x1, y1], fill=rng.randint(30, 250))
    return im


def paste_center(canvas: Image.Image, code: Image.Image, rng: random.Random, jitter=80) -> Image.Image:
    cw, ch = canvas.size
    x = (cw - code.width) // 2 + rng.randint(-jitter, jitter)
    y = (ch - code.height) // 2 + rng.randint(-jitter // 2, jitter // 2)
    canvas.paste(code, (max(0, x), max(0, y)))
    return canvas


def perspective_coeffs(src, dst):
    """The 8 coefficients PIL's PERSPECTIVE transform wants, mapping dst -> src."""
    a = []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    b = [c for p in src for c in p]
    return np.linalg.solve(np.array(a, dtype=float), np.array(b, dtype=float)).tolist()


def make(cls: str, payload: str, other: str, rng: random.Random) -> tuple[Image.Image, list[str], str]:
    """One image of class `cls`: (image, payloads in it, file format)."""
    module = rng.choice([3, 4, 5, 6])
    if cls == "none":
        return background(rng), [], "png"
    if cls == "scale":
        module = rng.choice([2, 2, 3])
    code = code_image(payload, module)
    canvas = background(rng)
    fmt = "png"
    if cls == "rotation":
        code = code.rotate(rng.uniform(0, 360), expand=True, fillcolor=255, resample=Image.BICUBIC)
    elif cls == "perspective":
        # The code seen at up to 30 degrees: one edge foreshortened, on a padded
        # canvas so that nothing is cut off.
        w, h = code.size
        m = w // 4
        padded = Image.new("L", (w + 2 * m, h + 2 * m), 255)
        padded.paste(code, (m, m))
        k = 1 - math.cos(math.radians(rng.uniform(10, 30)))  # how much shorter the far edge looks
        dx, dy = int(w * k * 0.5) + 1, int(h * k * 0.5) + 1
        src = [(m, m), (m + w, m), (m + w, m + h), (m, m + h)]
        side = rng.choice(["left", "right", "top", "bottom"])
        dst = {
            "left": [(m + dx, m + dy), (m + w, m), (m + w, m + h), (m + dx, m + h - dy)],
            "right": [(m, m), (m + w - dx, m + dy), (m + w - dx, m + h - dy), (m, m + h)],
            "top": [(m + dx, m + dy), (m + w - dx, m + dy), (m + w, m + h), (m, m + h)],
            "bottom": [(m, m), (m + w, m), (m + w - dx, m + h - dy), (m + dx, m + h - dy)],
        }[side]
        code = padded.transform(padded.size, Image.PERSPECTIVE, perspective_coeffs(src, dst), Image.BICUBIC,
                                fillcolor=255)
    if cls == "scene":
        code = code.resize((code.width * 2 // 3, code.height * 2 // 3), Image.BILINEAR)
        img = paste_center(canvas, code, rng, jitter=400)
    elif cls == "two":
        code2 = code_image(other, module)
        img = canvas
        img.paste(code, (rng.randint(20, 80), rng.randint(20, max(21, CANVAS[1] - code.height - 20))))
        img.paste(code2, (CANVAS[0] - code2.width - rng.randint(20, 80), rng.randint(20, max(21, CANVAS[1] - code2.height - 20))))
        return img, [payload, other], fmt
    else:
        img = paste_center(canvas, code, rng)
    if cls == "blur":
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 0.45 * module)))
    elif cls == "jpeg":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(30, 60))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
        fmt = "jpg"
    elif cls == "noise":
        arr = np.asarray(img, dtype=float)
        arr = arr + np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(15, 40), arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    elif cls == "contrast":
        arr = np.asarray(img, dtype=float)
        lo, hi = rng.uniform(70, 110), rng.uniform(140, 170)
        img = Image.fromarray((lo + arr / 255 * (hi - lo)).astype(np.uint8), "L")
    elif cls == "glare":
        w, h = img.size
        cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
        yy, xx = np.mgrid[0:h, 0:w]
        spot = np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * (rng.uniform(0.1, 0.25) * w) ** 2)))
        shade = np.linspace(rng.uniform(0.5, 0.8), 1.0, w)[None, :]
        arr = np.asarray(img, dtype=float) * shade + spot * rng.uniform(90, 160)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    elif cls == "thermal":
        # The ESC/POS raster look: 1-bit print on grey paper, photographed.
        arr = np.asarray(img, dtype=float)
        paper = np.random.default_rng(rng.randint(0, 2**31)).normal(205, 12, arr.shape)
        ink = np.random.default_rng(rng.randint(0, 2**31)).normal(45, 15, arr.shape)
        arr = np.where(arr < 128, ink, paper)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(0.7))
    return img, [payload], fmt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--per-class", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20261201)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    codes = payloads()
    manifest = []
    for cls in CLASSES:
        (args.out / cls).mkdir(parents=True, exist_ok=True)
        for n in range(args.per_class):
            payload = codes[rng.randrange(len(codes))]
            other = codes[(codes.index(payload) + 1 + rng.randrange(len(codes) - 1)) % len(codes)]
            img, texts, fmt = make(cls, payload, other, rng)
            path = args.out / cls / f"{n:03}.{fmt}"
            if fmt == "jpg":
                img.save(path, "JPEG", quality=95)
            else:
                img.save(path)
            manifest.append({"file": str(path.relative_to(args.out)), "class": cls, "payloads": texts})
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"{len(manifest)} images in {args.out}")


if __name__ == "__main__":
    main()
