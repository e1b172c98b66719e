"""Validate a Parquet file of QRIS payloads with PySpark, and extract fields.

Each Spark task hands a batch of Arrow rows to `qris.validate_column` and
`qris.parse_column` (`DataFrame.mapInArrow`): no Python object per payload,
the engine's native speed per core, as many cores as the cluster has.

    python examples/spark/check_payloads.py payloads.parquet out.parquet [--master local[2]]

The input needs a string column `payload` (and may have an `id`, which is kept;
without one, Spark's row order is not a key you can join on). The output has
`id`, `valid`, `error_code` (the first QRIS rule broken), `parse_error`,
`merchant_name`, `merchant_city`, `nmid` and `amount`. See README.md for when
to use Spark and how to get the qris wheel onto the executors.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator

import pyarrow as pa

FIELDS = ["merchant_name", "merchant_city", "nmid", "amount"]
OUTPUT = pa.schema(
    [("id", pa.int64()), ("valid", pa.bool_()), ("error_code", pa.string()), ("parse_error", pa.string())]
    + [(f, pa.string()) for f in FIELDS]
)


def check_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """What each Spark task runs on its share of the rows (also usable alone)."""
    import qris  # imported on the executor

    for batch in batches:
        payloads = batch.column("payload")
        rules = pa.record_batch(qris.validate_column(payloads))
        fields = pa.record_batch(qris.parse_column(payloads, FIELDS))
        yield pa.RecordBatch.from_arrays(
            [batch.column("id"), rules.column("valid"), rules.column("error_code"), fields.column("error_code")]
            + [fields.column(f) for f in FIELDS],
            schema=OUTPUT,
        )


def spark_schema() -> str:
    return "id long, valid boolean, error_code string, parse_error string, " + ", ".join(f"{f} string" for f in FIELDS)


def run(source: str, target: str, master: str | None = None, partition_bytes: str | None = None) -> None:
    # One engine thread per Spark task: Spark already runs a task per core.
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    # Local mode: the workers run this interpreter (with qris and pyarrow), not
    # whatever `python3` is first on PATH. On a cluster, spark-submit's
    # PYSPARK_PYTHON / spark.pyspark.python says which (README.md).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName("qris-check")
        .config("spark.executorEnv.RAYON_NUM_THREADS", "1")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master:
        builder = builder.master(master)
    if partition_bytes:
        # Payloads compress well: one Parquet file of millions of them can be a
        # single default (128 MB) split, i.e. one task. Smaller splits keep
        # every core busy.
        builder = builder.config("spark.sql.files.maxPartitionBytes", partition_bytes)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    # The executors import check_batches from this file (qris itself must be
    # installed there: README.md).
    spark.sparkContext.addPyFile(os.path.abspath(__file__))
    try:
        df = spark.read.parquet(source)
        if "id" not in df.columns:
            from pyspark.sql.functions import monotonically_increasing_id

            df = df.withColumn("id", monotonically_increasing_id())
        df.select("id", "payload").mapInArrow(check_batches, spark_schema()).write.mode("overwrite").parquet(target)
    finally:
        spark.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="Parquet file or folder with a string column `payload`")
    ap.add_argument("target", help="Parquet folder to write")
    ap.add_argument("--master", help="e.g. local[4]; default: what spark-submit or the environment says")
    ap.add_argument("--partition-bytes", help="Spark's maxPartitionBytes for the input, e.g. 8m (default 128m)")
    args = ap.parse_args()
    run(args.source, args.target, args.master, args.partition_bytes)


if __name__ == "__main__":
    main()
