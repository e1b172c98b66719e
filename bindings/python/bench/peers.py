"""Side-by-side benchmark of the `qris` Python package against what a Python
developer would use instead, in one run, on the same inputs:

- the pure-Python QRIS library `qriskit` (parse + CRC check, validate,
  static -> dynamic, CRC16), and `binascii.crc_hqx` (C) for the CRC alone;
- `json` + `hashlib` + `hmac` + `base64` for SNAP body minify, body hash and the
  symmetric (HMAC-SHA512) signature, and `cryptography` (OpenSSL) for the
  SHA256withRSA signatures;
- `hashlib.sha512` for the Midtrans `signature_key`.

Before timing anything, every pair is checked to produce the same answer (and,
where one is published, the published answer), so both sides do the same work.
Where a peer does less (or different) work, the table says so.

Run it with `make bench-python` (which builds a scratch virtual environment with
pinned peers), or directly in an environment that has qris, qriskit and
cryptography installed:

    python bindings/python/bench/peers.py [--quick] [--json results.json]

Figures are the median of 7 repeats of a timed loop of about 0.1 s each
(`--quick`: 3 repeats of about 0.02 s); ours and the peer's loops alternate, so a
slow phase of a shared machine hits both sides alike.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Optional

import qris

import cryptography
import qriskit
from qriskit.crc import crc16 as qriskit_crc16
from qriskit.validate import crc_issues as qriskit_crc_issues
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"

FIXTURES = ROOT / "tests" / "fixtures"
# The seed 000 payload (a Midtrans/GoPay charge response's qr_string), 247 bytes.
SEED_000 = json.loads((FIXTURES / "seed000-charge-response.json").read_text(encoding="utf-8"))["qr_string"]
# Pretty-printed SNAP request body as a client sends it (seed 001), about 300 bytes;
# the same file the Rust benchmarks use.
SNAP_BODY_PRETTY = (ROOT / "benches" / "inputs" / "snap-body-pretty.json").read_text(encoding="utf-8")


def tsv(name: str) -> List[Dict[str, str]]:
    lines = (VECTORS / name).read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:] if line]


def snap_vector(name: str) -> Dict[str, Any]:
    doc = json.loads((VECTORS / "snap-public.json").read_text(encoding="utf-8"))
    return next(v for v in doc["snap"] if v["name"] == name)


# ---------------------------------------------------------------- timing


class Timer:
    def __init__(self, quick: bool) -> None:
        self.repeats = 3 if quick else 7
        self.target = 0.02 if quick else 0.1

    def loops_for(self, fn: Callable[[], Any]) -> int:
        """How many calls make one timed loop of about `target` seconds."""
        fn()
        loops = 1
        while True:
            start = time.perf_counter()
            for _ in range(loops):
                fn()
            elapsed = time.perf_counter() - start
            if elapsed >= self.target / 4 or loops >= 1 << 24:
                break
            loops *= 4
        return max(1, int(loops * self.target / max(elapsed, 1e-9)))

    @staticmethod
    def once(fn: Callable[[], Any], loops: int) -> float:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        return (time.perf_counter() - start) / loops

    def per_call(self, fn: Callable[[], Any]) -> float:
        """Median seconds per call."""
        loops = self.loops_for(fn)
        return statistics.median(self.once(fn, loops) for _ in range(self.repeats))

    def pair(self, a: Callable[[], Any], b: Callable[[], Any]) -> "tuple[float, float]":
        """Median seconds per call of `a` and of `b`, their timed loops
        interleaved (a b a b ...) so that a slow phase of a shared machine
        hits both sides alike."""
        la, lb = self.loops_for(a), self.loops_for(b)
        ta, tb = [], []
        for _ in range(self.repeats):
            ta.append(self.once(a, la))
            tb.append(self.once(b, lb))
        return statistics.median(ta), statistics.median(tb)


def fmt_time(seconds: float) -> str:
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} us"
    return f"{seconds * 1e3:.2f} ms"


# ---------------------------------------------------------------- peers' code


def py_minify(body: bytes) -> bytes:
    """What Python code usually does: a json round trip. It is not lexical (it
    rewrites number spellings and escapes), so it agrees with a lexical minify only
    on bodies without those; the benchmark bodies have none (checked)."""
    return json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()


def py_body_hash(body: bytes) -> str:
    return hashlib.sha256(py_minify(body)).hexdigest()


def py_sign_hmac(secret: bytes, method: str, path: str, token: str, body: bytes, ts: str) -> str:
    sts = f"{method}:{path}:{token}:{py_body_hash(body)}:{ts}".encode()
    return base64.b64encode(hmac.new(secret, sts, hashlib.sha512).digest()).decode()


def py_verify_hmac(secret: bytes, method: str, path: str, token: str, body: bytes, ts: str, sig: str) -> None:
    if not hmac.compare_digest(py_sign_hmac(secret, method, path, token, body, ts), sig):
        raise ValueError("invalid signature")


def py_sign_rsa(key: Any, method: str, path: str, body: bytes, ts: str) -> str:
    sts = f"{method}:{path}:{py_body_hash(body)}:{ts}".encode()
    return base64.b64encode(key.sign(sts, padding.PKCS1v15(), hashes.SHA256())).decode()


def py_verify_rsa(pub: Any, method: str, path: str, body: bytes, ts: str, sig: str) -> None:
    sts = f"{method}:{path}:{py_body_hash(body)}:{ts}".encode()
    pub.verify(base64.b64decode(sig), sts, padding.PKCS1v15(), hashes.SHA256())


def py_sign_b2b(key: Any, client_id: str, ts: str) -> str:
    sts = f"{client_id}|{ts}".encode()
    return base64.b64encode(key.sign(sts, padding.PKCS1v15(), hashes.SHA256())).decode()


def py_verify_b2b(pub: Any, client_id: str, ts: str, sig: str) -> None:
    pub.verify(base64.b64decode(sig), f"{client_id}|{ts}".encode(), padding.PKCS1v15(), hashes.SHA256())


def qriskit_parse_crc(payload: str) -> Any:
    """qriskit's parse does not look at the CRC; its CRC check is a separate call."""
    q = qriskit.parse(payload)
    if qriskit_crc_issues(q):
        raise ValueError("CRC")
    return q


def crc_hqx(payload: str) -> str:
    return f"{binascii.crc_hqx(payload.encode(), 0xFFFF):04X}"


# ---------------------------------------------------------------- the run


class Bench:
    def __init__(self, quick: bool) -> None:
        self.timer = Timer(quick)
        self.rows: List[Dict[str, Any]] = []

    def pair(
        self,
        group: str,
        name: str,
        ours: Callable[[], Any],
        peer: Callable[[], Any],
        peer_name: str,
        note: str = "",
        check: Optional[Callable[[Any], Any]] = None,
    ) -> None:
        """Times `ours` and `peer` after checking they give the same answer
        (`check` maps each result to the comparable part, e.g. the CRC field)."""
        a, b = ours(), peer()
        if check is not None:
            a, b = check(a), check(b)
        if a != b:
            raise SystemExit(f"{group}/{name}: ours and {peer_name} disagree:\n  {a!r}\n  {b!r}")
        t_ours, t_peer = self.timer.pair(ours, peer)
        row = {
            "group": group,
            "name": name,
            "ours_s": t_ours,
            "peer": peer_name,
            "peer_s": t_peer,
            "speedup": t_peer / t_ours,
            "note": note,
        }
        self.rows.append(row)
        print(f"  {group}/{name}: ours {fmt_time(t_ours)}, {peer_name} {fmt_time(t_peer)}, "
              f"{row['speedup']:.1f}x", file=sys.stderr, flush=True)


def payload_benches(b: Bench) -> None:
    public = [r for r in tsv("qris-public.tsv") if r["crc"].startswith("ok")]
    conv = tsv("qris-conversion.tsv")[0]
    payloads = {
        f"seed 000 ({len(SEED_000)} B)": SEED_000,
        f"BoonTrack, public ({len(public[0]['payload'])} B)": public[0]["payload"],
        f"GoPay static ({len(conv['static'])} B)": conv["static"],
    }
    for label, p in payloads.items():
        b.pair(
            "parse + CRC check", label,
            lambda p=p: qris.parse(p),
            lambda p=p: qriskit_parse_crc(p),
            f"qriskit {qriskit.__version__}",
            check=lambda parsed: (parsed.crc, parsed.merchant_name, parsed.amount and str(parsed.amount)),
        )
    for label, p in payloads.items():
        b.pair(
            "validate (QRIS rules, from the string)", label,
            lambda p=p: len([i for i in qris.validate(p) if i.severity == "error"]),
            lambda p=p: len([i for i in qriskit.validate(p) if i.severity == "error"]),
            f"qriskit {qriskit.__version__}",
            note="validate: both check structure, CRC, required tags, field lengths and formats, currency, "
            "country, amount, tip and the national account; the rule sets differ in detail (on seed 000 ours "
            "warns about the NMID's shape, qriskit about the tag order; both find no error)",
        )
    statics = {
        f"GoPay static ({len(conv['static'])} B)": conv["static"],
        f"BoonTrack, public ({len(public[0]['payload'])} B)": public[0]["payload"],
    }
    for label, p in statics.items():
        b.pair(
            "static -> dynamic (amount 17000, from the string)", label,
            lambda p=p: qris.to_dynamic(p, 17000),
            lambda p=p: qriskit.parse(p).to_dynamic(17000).dumps(),
            f"qriskit {qriskit.__version__}",
        )
    # The published conversion: GoPay's own dynamic code, through tag 61.
    ours = qris.to_dynamic(conv["static"], int(conv["amount"]))
    cut = conv["issuer_dynamic"].index("6105")
    assert ours.startswith(conv["issuer_dynamic"][: cut + 4]), "published conversion vector"
    body = SEED_000[:-4]
    b.pair("CRC16 of the payload body", f"seed 000 ({len(body)} B)",
           lambda: qris.crc16(body), lambda: qriskit_crc16(body), f"qriskit {qriskit.__version__}")
    b.pair("CRC16 of the payload body", f"seed 000 ({len(body)} B)",
           lambda: qris.crc16(body), lambda: crc_hqx(body), "binascii.crc_hqx (C)",
           note="crc_hqx is the same CRC (poly 0x1021, init 0xFFFF) in C; ours also formats the hex")
    assert qris.crc16(body) == SEED_000[-4:]


def signature_benches(b: Bench) -> None:
    body = SNAP_BODY_PRETTY.encode()
    big = json.dumps(
        [json.loads(SNAP_BODY_PRETTY) | {"partnerReferenceNo": f"{i:022d}"} for i in range(3400)], indent=2
    ).encode()
    py = f"json + hashlib + hmac (Python {platform.python_version()})"
    b.pair("minify", f"SNAP body, pretty ({len(body)} B)", lambda: qris.minify(body), lambda: py_minify(body),
           "json.dumps(json.loads())",
           note="the json round trip is not lexical: it rewrites 10.00 as 10.0 and \\/ as /")
    b.pair("minify", f"array of SNAP bodies, pretty ({len(big) // 1024} KiB)", lambda: qris.minify(big),
           lambda: py_minify(big), "json.dumps(json.loads())")
    b.pair("body hash", f"SNAP body, pretty ({len(body)} B)", lambda: qris.body_hash(body),
           lambda: py_body_hash(body), "json + hashlib.sha256")

    v = snap_vector("midtrans_demo_symmetric_qris")
    secret = v["client_secret"].encode()
    _, path, token, _, ts = v["string_to_sign"].split(":", 4)
    pub_body = v["minified_body"].encode()
    assert qris.snap.sign_hmac(secret, "POST", path, token, pub_body, ts) == v["expected"]
    assert py_sign_hmac(secret, "POST", path, token, pub_body, ts) == v["expected"]
    b.pair("SNAP symmetric signature (HMAC-SHA512)", f"sign, pretty body ({len(body)} B)",
           lambda: qris.snap.sign_hmac(secret, "POST", path, token, body, ts),
           lambda: py_sign_hmac(secret, "POST", path, token, body, ts), py)
    sig = qris.snap.sign_hmac(secret, "POST", path, token, body, ts)
    # Verifications check X-TIMESTAMP against a clock: the vectors' own time.
    now = int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp())
    b.pair("SNAP symmetric signature (HMAC-SHA512)", f"verify, pretty body ({len(body)} B)",
           lambda: qris.snap.verify_hmac(secret, "POST", path, token, body, ts, sig, now=now),
           lambda: py_verify_hmac(secret, "POST", path, token, body, ts, sig), py + " compare_digest")

    pem = (VECTORS / "midtrans-doc-private-pkcs8.pem").read_bytes()
    pub_pem = (VECTORS / "midtrans-doc-public-spki.pem").read_bytes()
    key, pub = qris.PrivateKey.from_pem(pem), qris.PublicKey.from_pem(pub_pem)
    ckey = serialization.load_pem_private_key(pem, password=None)
    cpub = serialization.load_pem_public_key(pub_pem)
    crypto = f"cryptography {cryptography.__version__} (OpenSSL)"
    b2b = snap_vector("midtrans_docs_b2b_access_token")
    cid, bts = b2b["client_id"], b2b["timestamp"]
    b2b_now = int(datetime.fromisoformat(bts).timestamp())
    assert qris.snap.sign_b2b(key, cid, bts) == b2b["expected"] == py_sign_b2b(ckey, cid, bts)
    b.pair("SNAP RSA (SHA256withRSA, 2048-bit)", "B2B access-token sign",
           lambda: qris.snap.sign_b2b(key, cid, bts), lambda: py_sign_b2b(ckey, cid, bts), crypto)
    b.pair("SNAP RSA (SHA256withRSA, 2048-bit)", "B2B access-token verify",
           lambda: qris.snap.verify_b2b(pub, cid, bts, b2b["expected"], now=b2b_now),
           lambda: py_verify_b2b(cpub, cid, bts, b2b["expected"]), crypto)
    b.pair("SNAP RSA (SHA256withRSA, 2048-bit)", f"request sign, pretty body ({len(body)} B)",
           lambda: qris.snap.sign_rsa(key, "POST", "/v1.0/debit/notify", body, ts),
           lambda: py_sign_rsa(ckey, "POST", "/v1.0/debit/notify", body, ts), crypto + " + json + hashlib")
    rsig = qris.snap.sign_rsa(key, "POST", "/v1.0/debit/notify", body, ts)
    b.pair("SNAP RSA (SHA256withRSA, 2048-bit)", f"request verify, pretty body ({len(body)} B)",
           lambda: qris.snap.verify_rsa(pub, "POST", "/v1.0/debit/notify", body, ts, rsig, now=now),
           lambda: py_verify_rsa(cpub, "POST", "/v1.0/debit/notify", body, ts, rsig), crypto + " + json + hashlib")

    doc = json.loads((VECTORS / "snap-public.json").read_text(encoding="utf-8"))
    m = next(x for x in doc["midtrans_signature_key"] if x["name"] == "midtrans_docs_sample_inputs")
    args = (m["order_id"], m["status_code"], m["gross_amount"], m["server_key"])
    b.pair("Midtrans signature_key (SHA-512 hex)", "docs sample",
           lambda: qris.midtrans.signature_key(*args),
           lambda: hashlib.sha512("".join(args).encode()).hexdigest(), "hashlib.sha512")
    assert qris.midtrans.signature_key(*args) == m["expected_published"]


def batch_child(n: int) -> None:
    """Runs in a subprocess with RAYON_NUM_THREADS set: prints the seconds per
    batch of each timed loop."""
    conv = tsv("qris-conversion.tsv")[0]
    inputs = [SEED_000 if i % 2 == 0 else conv["static"] for i in range(n)]
    assert not any(i.severity == "error" for r in qris.validate_many(inputs[:4]) for i in r)
    timer = Timer(quick=False)
    loops = timer.loops_for(lambda: qris.validate_many(inputs))
    print(" ".join(str(timer.once(lambda: qris.validate_many(inputs), loops)) for _ in range(timer.repeats)))


def batch_benches(b: Bench, quick: bool) -> List[Dict[str, Any]]:
    n = 20_000
    cores = os.cpu_count() or 1
    counts = sorted({1, 2, 4, cores} & set(range(1, cores + 1)))
    # Each thread count in its own process (rayon reads RAYON_NUM_THREADS once),
    # the counts interleaved over several rounds. The best loop is kept: on a
    # shared VM other tenants only ever add time, and they add it unevenly to
    # runs that need one core and runs that need all of them.
    runs: Dict[int, List[float]] = {t: [] for t in counts}
    for _ in range(2 if quick else 3):
        for threads in counts:
            env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
            res = subprocess.run([sys.executable, __file__, "--batch-child", str(n)], env=env,
                                 capture_output=True, text=True, check=True)
            runs[threads] += [float(x) for x in res.stdout.split()]
    out = []
    for threads in counts:
        seconds = min(runs[threads])
        out.append({"threads": threads, "payloads": n, "seconds": seconds, "per_s": n / seconds})
        print(f"  validate_many x{n}, {threads} thread(s): best {seconds * 1e3:.2f} ms, median "
              f"{statistics.median(runs[threads]) * 1e3:.2f} ms of {len(runs[threads])} loops", file=sys.stderr)
    conv = tsv("qris-conversion.tsv")[0]
    inputs = [SEED_000 if i % 2 == 0 else conv["static"] for i in range(n // 10)]
    t = min(b.timer.once(lambda: [qriskit.validate(p) for p in inputs], 1) for _ in range(b.timer.repeats)) * 10
    out.append({"threads": "qriskit loop", "payloads": n, "seconds": t, "per_s": n / t})
    return out


def markdown(rows: List[Dict[str, Any]], batch: List[Dict[str, Any]], repeats: int) -> str:
    lines = [
        f"Python {platform.python_version()} ({platform.machine()}, {os.cpu_count()} cores), "
        f"qris {qris.__version__}, qriskit {qriskit.__version__}, cryptography {cryptography.__version__}; "
        f"median of {repeats} timed loops, ours and the peer's alternating.",
        "",
        "| operation | input | qris | peer | peer time | qris is |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r["speedup"]
        lines.append(
            f"| {r['group']} | {r['name']} | {fmt_time(r['ours_s'])} | {r['peer']} | {fmt_time(r['peer_s'])} | "
            f"**{ratio:.1f}x faster** |" if ratio >= 1 else
            f"| {r['group']} | {r['name']} | {fmt_time(r['ours_s'])} | {r['peer']} | {fmt_time(r['peer_s'])} | "
            f"{1 / ratio:.2f}x slower |"
        )
    notes = sorted({r["note"] for r in rows if r["note"]})
    if notes:
        lines += ["", "Notes: " + "; ".join(notes) + "."]
    lines += ["", "Batch validation, `qris.validate_many` (GIL released), 20,000 payloads, best loop "
              "(qriskit: a Python loop over `qriskit.validate`, 2,000 payloads, scaled):", "",
              "| threads | time | payloads/s | vs 1 thread |", "|---|---|---|---|"]
    one = next(x for x in batch if x["threads"] == 1)["seconds"]
    for x in batch:
        lines.append(f"| {x['threads']} | {x['seconds'] * 1e3:.2f} ms | {x['per_s'] / 1e6:.2f} M | "
                     f"{one / x['seconds']:.2f}x |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer, shorter repeats")
    ap.add_argument("--json", type=pathlib.Path, help="also write the results as JSON here")
    ap.add_argument("--markdown", type=pathlib.Path, help="also write the markdown table here")
    ap.add_argument("--batch-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.batch_child:
        batch_child(args.batch_child)
        return
    b = Bench(args.quick)
    print("payloads:", file=sys.stderr)
    payload_benches(b)
    print("signatures:", file=sys.stderr)
    signature_benches(b)
    print("batch:", file=sys.stderr)
    batch = batch_benches(b, args.quick)
    table = markdown(b.rows, batch, b.timer.repeats)
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"rows": b.rows, "batch": batch, "python": platform.python_version(),
                                         "qriskit": qriskit.__version__,
                                         "cryptography": cryptography.__version__}, indent=1))


if __name__ == "__main__":
    main()
