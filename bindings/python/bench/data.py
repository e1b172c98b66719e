"""Payloads at data scale from Python: the list API, the compact report and the
Arrow column API on 200,000 distinct payloads (mostly valid: every 100th has a
broken CRC), with 1 and 2 engine threads, and the Spark example in local mode
(1 and 2 cores) on 1,000,000, against a plain loop of `qris.is_valid`.

    python bindings/python/bench/data.py [--spark] [--markdown OUT]

Each thread count runs in its own process (rayon reads RAYON_NUM_THREADS once);
figures are the best of 7 timed calls (a shared VM only ever adds time). Spark
times the job alone on a warm session (its second run), not the JVM's start.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

STATIC = (
    "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1"
)
N = 200_000


def payloads(n: int) -> list[str]:
    import qris

    out = []
    for i in range(n):
        p = qris.to_dynamic(STATIC, str(1000 + i))
        if i % 100 == 7:
            p = p[:-1] + ("0" if p[-1] != "0" else "1")
        out.append(p)
    return out


def best(f, repeats: int = 7) -> float:
    f()
    b = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        b = min(b, time.perf_counter() - t)
    return b


def child() -> None:
    import pyarrow as pa
    import polars as pl

    import qris

    ps = payloads(N)
    column, series = pa.array(ps), pl.Series(ps)
    expect_invalid = sum(1 for i in range(N) if i % 100 == 7)
    assert qris.validate_many(ps, compact=True).invalid_count == expect_invalid
    assert qris.validate_column(column).to_pydict()["valid"].count(False) == expect_invalid
    runs = {
        "is_valid loop": lambda: [qris.is_valid(p) for p in ps],
        "validate_many (lists)": lambda: qris.validate_many(ps),
        "validate_many(compact=True)": lambda: qris.validate_many(ps, compact=True),
        "validate_column (pyarrow)": lambda: qris.validate_column(column),
        "validate_column (Polars)": lambda: qris.validate_column(series),
        "parse_column, 3 fields (pyarrow)": lambda: qris.parse_column(column, ["merchant_name", "nmid", "amount"]),
    }
    print(json.dumps({name: N / best(f) for name, f in runs.items()}))


def spark(cores: int, rows: int) -> float:
    os.environ["RAYON_NUM_THREADS"] = "1"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "examples" / "spark"))
    import check_payloads

    with tempfile.TemporaryDirectory() as tmp:
        source = f"{tmp}/p.parquet"
        ps = payloads(rows)
        pq.write_table(pa.table({"id": pa.array(range(rows), pa.int64()), "payload": ps}), source, row_group_size=65_536)
        spark = (SparkSession.builder.master(f"local[{cores}]").appName("qris-bench")
                 .config("spark.sql.files.maxPartitionBytes", "4m").config("spark.ui.showConsoleProgress", "false")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        spark.sparkContext.addPyFile(check_payloads.__file__)
        times = []
        for k in range(3):
            df = spark.read.parquet(source).mapInArrow(check_payloads.check_batches, check_payloads.spark_schema())
            t = time.perf_counter()
            df.write.mode("overwrite").parquet(f"{tmp}/out{k}")
            times.append(time.perf_counter() - t)
        spark.stop()
        return rows / min(times[1:])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", action="store_true")
    ap.add_argument("--spark-child", type=int)
    ap.add_argument("--spark", action="store_true")
    ap.add_argument("--markdown")
    args = ap.parse_args()
    if args.child:
        return child()
    if args.spark_child:
        print(json.dumps(spark(args.spark_child, 1_000_000)))
        return
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    threads = {}
    for t in (1, 2):
        out = subprocess.run([sys.executable, __file__, "--child"], env=dict(env, RAYON_NUM_THREADS=str(t)),
                             capture_output=True, text=True, check=True)
        threads[t] = json.loads(out.stdout)
    lines = [f"{N:,} distinct payloads (1% with a broken CRC), payloads per second, best of 7 calls:", "",
             "| call | 1 thread | 2 threads | 2 / 1 |", "|---|---|---|---|"]
    for name in threads[1]:
        one, two = threads[1][name], threads[2][name]
        lines.append(f"| {name} | {one / 1e6:.2f} M/s | {two / 1e6:.2f} M/s | {two / one:.2f}x |")
    if args.spark:
        lines += ["", "Spark local mode, `examples/spark/check_payloads.py` (validate_column + parse_column of 4 fields "
                  "per task, Parquet in and out), 1,000,000 payloads, the job on a warm session:", "",
                  "| cores | payloads/s | per core |", "|---|---|---|"]
        for cores in (1, 2):
            out = subprocess.run([sys.executable, __file__, "--spark-child", str(cores)], env=env,
                                 capture_output=True, text=True, check=True)
            rate = json.loads(out.stdout.strip().splitlines()[-1])
            lines.append(f"| {cores} | {rate / 1e6:.2f} M/s | {rate / cores / 1e6:.2f} M/s |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        pathlib.Path(args.markdown).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
