"""Checks that a built JNI library exports every native method id.qris.Native
declares (Java_id_qris_Native_<name>): a missing one would be an
UnsatisfiedLinkError at the first call on that platform, found here at build
time instead. ELF libraries are read with `nm -D`, Windows DLLs with `objdump -p`
(the export table), so libraries for other machines are checked where they are
built.

    python3 bindings/java/check_exports.py LIBRARY [--objdump x86_64-w64-mingw32-objdump]
"""

from __future__ import annotations

import argparse
import pathlib
import re
import subprocess
import sys

NATIVE = pathlib.Path(__file__).parent / "java" / "id" / "qris" / "Native.java"


def declared() -> set[str]:
    text = NATIVE.read_text(encoding="utf-8")
    names = set(re.findall(r"static native [\w\[\]]+ (\w+)\(", text))
    if len(names) < 20:
        sys.exit(f"check_exports: only {len(names)} natives found in {NATIVE}: the pattern is stale")
    return {f"Java_id_qris_Native_{n}" for n in names}


def exported(lib: pathlib.Path, objdump: str | None) -> set[str]:
    if lib.suffix == ".dll":
        out = subprocess.run([objdump or "objdump", "-p", str(lib)], capture_output=True, text=True, check=True).stdout
        table = out[out.index("[Ordinal/Name Pointer] Table"):] if "[Ordinal/Name Pointer] Table" in out else out
        return set(re.findall(r"\b(Java_id_qris_Native_\w+)\b", table))
    out = subprocess.run(["nm", "-D", "--defined-only", str(lib)], capture_output=True, text=True, check=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.split() and line.split()[-1].startswith("Java_")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("library", type=pathlib.Path)
    ap.add_argument("--objdump")
    args = ap.parse_args()
    want, have = declared(), exported(args.library, args.objdump)
    missing, extra = sorted(want - have), sorted(n for n in have - want)
    if missing:
        sys.exit(f"{args.library}: missing JNI exports: {', '.join(missing)}")
    if extra:
        sys.exit(f"{args.library}: exports natives Native.java does not declare: {', '.join(extra)}")
    print(f"{args.library.name}: all {len(want)} native methods exported")


if __name__ == "__main__":
    main()
