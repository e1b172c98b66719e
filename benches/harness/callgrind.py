"""Instructions per call under callgrind for the C ABI overhead target: the
count is repeatable on a noisy machine where wall time is not. Runs the
`overhead` example at two iteration counts and divides the difference, so
start-up cost cancels out. Prints JSON.

    python3 benches/harness/callgrind.py target/release/examples/overhead
"""

import json
import re
import subprocess
import sys

LOW, HIGH = 1_000, 101_000


def instructions(exe: str, mode: str, n: int) -> int:
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", exe, mode, str(n)],
        capture_output=True, text=True, check=True,
    )
    m = re.search(r"Collected : (\d+)", run.stderr)
    if not m:
        raise SystemExit(f"callgrind: no instruction count for {mode}:\n{run.stderr}")
    return int(m.group(1))


def main() -> None:
    exe = sys.argv[1]
    out = {}
    for mode in ("rust", "c-reparse", "c"):
        out[mode] = (instructions(exe, mode, HIGH) - instructions(exe, mode, LOW)) / (HIGH - LOW)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
