"""The yardstick for QR scanning (issue 19): zxing-cpp (PyPI `zxing-cpp`) on the
generated images, per class: the share of codes found with the exact payload,
and the median time per image on one core.

    python benches/scan/zxing_rate.py IMAGES_DIR [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import time

import zxingcpp
from PIL import Image


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("images", type=pathlib.Path)
    ap.add_argument("--json", type=pathlib.Path)
    args = ap.parse_args()
    manifest = json.loads((args.images / "manifest.json").read_text())
    per: dict[str, dict] = {}
    for item in manifest:
        im = Image.open(args.images / item["file"]).convert("L")
        im.load()
        t0 = time.perf_counter()
        found = zxingcpp.read_barcodes(im, formats=zxingcpp.BarcodeFormat.QRCode)
        dt = time.perf_counter() - t0
        texts = [r.text for r in found]
        c = per.setdefault(item["class"], {"codes": 0, "found": 0, "false": 0, "times": []})
        c["codes"] += len(item["payloads"])
        c["found"] += sum(1 for p in item["payloads"] if p in texts)
        c["false"] += sum(1 for t in texts if t not in item["payloads"])
        c["times"].append(dt)
    out = {}
    for cls, c in per.items():
        rate = c["found"] / c["codes"] if c["codes"] else None
        out[cls] = {"rate": rate, "codes": c["codes"], "found": c["found"], "false": c["false"],
                    "median_ms": statistics.median(c["times"]) * 1000,
                    "mean_ms": statistics.fmean(c["times"]) * 1000}
        shown = f"{rate * 100:5.1f}%" if rate is not None else "  n/a "
        print(f"{cls:12} {shown}  ({c['found']}/{c['codes']}, false {c['false']})  {out[cls]['median_ms']:.1f} ms")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
