"""qris-scan against zxing-cpp on the same generated images (issue 19's rule):
per degradation class, the detection rate must be within 5 percentage points
of zxing-cpp's. Prints the Markdown table for BENCHMARKS.md; exits 1 if a
class misses the rule. Times are reported, never asserted.

    python benches/scan/compare.py QRIS_SCAN.json ZXING.json [--markdown OUT]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

ALLOWED_GAP = 5.0  # percentage points


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("ours", type=pathlib.Path)
    ap.add_argument("zxing", type=pathlib.Path)
    ap.add_argument("--markdown", type=pathlib.Path)
    args = ap.parse_args()
    ours = json.loads(args.ours.read_text())
    theirs = json.loads(args.zxing.read_text())
    if set(ours) != set(theirs):
        print(f"different classes: {sorted(ours)} vs {sorted(theirs)}", file=sys.stderr)
        return 1
    lines = [
        "| class | qris-scan rate | zxing-cpp rate | gap (points) | qris-scan median | zxing-cpp median |",
        "|---|---|---|---|---|---|",
    ]
    failed = []
    images = {"ours": 0.0, "theirs": 0.0, "n": 0}
    for cls in ours:
        o, t = ours[cls], theirs[cls]
        if o["codes"] != t["codes"]:
            print(f"{cls}: different image sets ({o['codes']} vs {t['codes']} codes)", file=sys.stderr)
            return 1
        if o["codes"]:
            ro, rt = 100 * o["found"] / o["codes"], 100 * t["found"] / t["codes"]
            gap = rt - ro
            if gap > ALLOWED_GAP:
                failed.append(f"{cls}: {ro:.1f}% vs zxing-cpp {rt:.1f}%")
            rates = f"{ro:.1f}% | {rt:.1f}% | {gap:+.1f}"
        else:
            rates = f"n/a (false {o['false']}) | n/a (false {t['false']}) | -"
            if o["false"]:
                failed.append(f"{cls}: {o['false']} code(s) read from images without one")
        lines.append(f"| {cls} | {rates} | {o['median_ms']:.2f} ms | {t['median_ms']:.2f} ms |")
    means = (
        sum(v["mean_ms"] for v in ours.values()) / len(ours),
        sum(v["mean_ms"] for v in theirs.values()) / len(theirs),
    )
    lines.append(f"| **mean per image (class means averaged)** | | | | {means[0]:.2f} ms | {means[1]:.2f} ms |")
    table = "\n".join(lines)
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n")
    if failed:
        print("\nmore than 5 points below zxing-cpp:\n  " + "\n  ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
