"""The Spark example in local mode on a generated Parquet file of 1,000,000
payloads (QRIS_SPARK_ROWS to change it), checked row by row against the
single-process column API and against what the generator put in: the
amount of each dynamic code, and which rows it corrupted or left null.
Run by `make spark-test` (part of `make test`)."""

from __future__ import annotations

import os
import pathlib
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import qris

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from check_payloads import FIELDS, check_batches, run  # noqa: E402

ROWS = int(os.environ.get("QRIS_SPARK_ROWS", "1000000"))
# The published example (tests/vectors/qris-public.tsv).
STATIC = (
    "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1"
)


def generate(path: pathlib.Path) -> tuple[list[str | None], set[int], set[int]]:
    """Distinct dynamic codes (amount = 1000 + row), every 97th corrupted
    (its CRC's last digit changed), every 1009th null."""
    first = qris.to_dynamic(STATIC, "1000")
    head = first[: first.index("5404") if "5404" in first else 0]
    assert head, "the dynamic code carries its amount in 54"
    payloads: list[str | None] = []
    corrupted, nulls = set(), set()
    for i in range(ROWS):
        if i % 1009 == 5:
            payloads.append(None)
            nulls.add(i)
            continue
        p = qris.to_dynamic(STATIC, str(1000 + i))
        if i % 97 == 3:
            p = p[:-1] + ("0" if p[-1] != "0" else "1")
            corrupted.add(i)
        payloads.append(p)
    table = pa.table({"id": pa.array(range(ROWS), pa.int64()), "payload": pa.array(payloads, pa.string())})
    pq.write_table(table, path, row_group_size=131_072)
    return payloads, corrupted, nulls


@pytest.mark.skipif(not os.environ.get("JAVA_HOME") and not any(
    (pathlib.Path(d) / "java").exists() for d in os.environ.get("PATH", "").split(os.pathsep)), reason="no Java")
def test_spark_local_mode_matches_one_process(tmp_path: pathlib.Path) -> None:
    source, target = tmp_path / "payloads.parquet", tmp_path / "checked"
    payloads, corrupted, nulls = generate(source)

    start = time.perf_counter()
    run(str(source), str(target), "local[2]", partition_bytes="4m")
    spark_seconds = time.perf_counter() - start
    got = pq.read_table(target).sort_by("id")
    assert got.num_rows == ROWS
    assert got.column("id").to_pylist() == list(range(ROWS))

    # The same answer from one process, over the whole column at once.
    start = time.perf_counter()
    one = pa.Table.from_batches(list(check_batches(pq.read_table(source).to_batches(max_chunksize=ROWS))))
    one_seconds = time.perf_counter() - start
    for name in ["valid", "error_code", "parse_error"] + FIELDS:
        assert got.column(name).combine_chunks() == one.column(name).combine_chunks(), name

    # And what the generator knows.
    valid = got.column("valid").to_pylist()
    codes = got.column("error_code").to_pylist()
    amounts = got.column("amount").to_pylist()
    for i in range(ROWS):
        if i in nulls:
            assert valid[i] is None and codes[i] is None and amounts[i] is None
        elif i in corrupted:
            assert valid[i] is False and codes[i] == "crc.mismatch"
        else:
            assert valid[i] is True and codes[i] is None and amounts[i] == str(1000 + i)
    assert pc.sum(pc.cast(got.column("valid"), pa.int64())).as_py() == ROWS - len(corrupted) - len(nulls)
    print(f"\nspark local[2]: {ROWS:,} payloads in {spark_seconds:.1f} s (JVM start included), "
          f"{ROWS / spark_seconds:,.0f}/s; one process, column API: {one_seconds:.2f} s, {ROWS / one_seconds:,.0f}/s")
