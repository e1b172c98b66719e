"""Sizes of the npm package (issue 20's budgets): the whole package and the
payload-only entry point (`qris/core`), each gzipped file by file (as a CDN or
bundler serves them). Exits 1 over budget. Writes JSON when --json is given.

    python3 bindings/js/size.py bindings/js/pkg [--json OUT]
"""

from __future__ import annotations

import gzip
import json
import pathlib
import sys

BUDGET_FULL = 600 * 1024
BUDGET_CORE = 120 * 1024
CORE = ["core.js", "load.js", "payload.js", "errors.js", "input.js", "wasm/core/qris_core.js",
        "wasm/core/qris_core_bg.wasm"]


def gz(path: pathlib.Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def main() -> int:
    pkg = pathlib.Path(sys.argv[1])
    files = sorted(p for p in pkg.rglob("*") if p.is_file() and p.suffix in {".js", ".wasm"}
                   and "wasm/core" not in p.as_posix())
    full_raw = sum(p.stat().st_size for p in files)
    full_gz = sum(gz(p) for p in files)
    core = [pkg / f for f in CORE]
    core_raw = sum(p.stat().st_size for p in core)
    core_gz = sum(gz(p) for p in core)
    out = {"full": {"bytes": full_raw, "gzip": full_gz, "budget_gzip": BUDGET_FULL},
           "core": {"bytes": core_raw, "gzip": core_gz, "budget_gzip": BUDGET_CORE},
           "wasm_full_bytes": (pkg / "wasm/full/qris_bg.wasm").stat().st_size,
           "wasm_core_bytes": (pkg / "wasm/core/qris_core_bg.wasm").stat().st_size}
    print(f"qris (full): {full_raw / 1024:.0f} KB, {full_gz / 1024:.0f} KB gzipped (budget {BUDGET_FULL // 1024} KB)")
    print(f"qris/core:   {core_raw / 1024:.0f} KB, {core_gz / 1024:.0f} KB gzipped (budget {BUDGET_CORE // 1024} KB)")
    if "--json" in sys.argv:
        pathlib.Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(out, indent=1))
    failed = full_gz > BUDGET_FULL or core_gz > BUDGET_CORE
    if failed:
        print("over budget", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
