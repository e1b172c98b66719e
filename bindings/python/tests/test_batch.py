"""Payloads by the thousand: validate_many's list and compact forms, progress,
and (test_columns.py) the Arrow columns. Expected validity comes from the
vectors' own sources: the published QRIS example, codes GoPay issued, and
payloads whose CRC the vector file marks as failing."""

from __future__ import annotations

import csv
import gc
import math
import pathlib
import random
import sys

import pytest

import qris

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"
CHUNK = 16_384  # batch.rs: payloads per chunk


def known_cases() -> list[tuple[str, bool]]:
    cases: list[tuple[str, bool]] = []
    with open(VECTORS / "qris-public.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["crc"].startswith("FAIL"):
                cases.append((row["payload"], False))
            elif row["scheme"] == "QRIS" and row["note"] == "public example":
                cases.append((row["payload"], True))
    # Codes GoPay itself issued (static, and the dynamic one for an amount).
    with open(VECTORS / "qris-conversion.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cases += [(row["static"], True), (row["issuer_dynamic"], True)]
    cases += [("", False), ("garbage", False)]
    assert sum(v for _, v in cases) >= 4 and sum(not v for _, v in cases) >= 3
    return cases


def batch(n: int) -> tuple[list[str], list[bool]]:
    cases = known_cases()
    # A fixed mix of every case (a stride through the cases would pick one
    # case only whenever it shares a factor with their number).
    rng = random.Random(20261202)
    picks = [rng.choice(cases) for _ in range(n)]
    return [p for p, _ in picks], [v for _, v in picks]


def test_compact_report_across_chunks():
    payloads, expected = batch(2 * CHUNK + 1234)
    report = qris.validate_many(payloads, compact=True)
    assert isinstance(report, qris.BatchReport)
    assert len(report) == len(payloads)
    assert report.valid == expected
    assert report.valid_count == sum(expected) and report.invalid_count == len(expected) - sum(expected)
    codes = report.error_codes
    assert all((c is None) == v for c, v in zip(codes, expected))
    for p, c in zip(payloads, codes):
        if p == "":
            assert c == "input.empty"
    problems = report.problems
    assert set(problems) >= {i for i, v in enumerate(expected) if not v}
    assert all(problems[i] for i in problems)
    # The compact form says exactly what the list form says.
    listed = qris.validate_many(payloads)
    assert [report[i] for i in range(len(report))] == listed == list(report)
    # Diagnostics are values: equal field by field and hashable, so one made by
    # another call is found among these, and different ones stay apart.
    distinct = {d for ds in listed for d in ds}
    assert len(distinct) >= 3
    assert qris.validate("")[0] in distinct and qris.validate("")[0] == qris.validate("")[0]
    assert qris.validate("")[0] != qris.validate("garbage")[0]
    assert report[-1] == listed[-1]
    with pytest.raises(IndexError):
        report[len(report)]
    assert "valid" in repr(report)
    with pytest.raises(TypeError):
        bool(report)


def test_crc_failures_are_reported_as_such():
    cases = [(p, v) for p, v in known_cases() if p not in ("", "garbage")]
    report = qris.validate_many([p for p, _ in cases], compact=True)
    for i, (_, valid) in enumerate(cases):
        if not valid:
            assert any(d.code == "crc.mismatch" for d in report[i])


def test_progress_callback_and_errors():
    payloads, _ = batch(3 * CHUNK + 5)
    calls: list[tuple[int, int]] = []
    qris.validate_many(payloads, compact=True, progress=lambda done, total: calls.append((done, total)))
    # After each chunk (a smaller first one starts the engine sooner), in order.
    assert math.ceil(len(payloads) / CHUNK) <= len(calls) <= math.ceil(len(payloads) / CHUNK) + 1
    assert calls[-1] == (len(payloads), len(payloads))
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and all(t == len(payloads) for _, t in calls)

    def stop(done: int, total: int) -> None:
        raise KeyError("stop here")

    with pytest.raises(KeyError, match="stop here"):
        qris.validate_many(payloads, progress=stop)
    assert qris.validate_many([], compact=True, progress=stop).valid == []


def test_progress_line_without_tqdm(capsys, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_tqdm(name, *args, **kwargs):
        if name == "tqdm":
            raise ImportError("no tqdm here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    payloads, _ = batch(CHUNK + 1)
    qris.validate_many(payloads, progress=True)
    err = capsys.readouterr().err
    assert f"validate_many: {len(payloads):,}/{len(payloads):,} (100%)" in err
    qris.validate_many(payloads, progress=False)
    assert capsys.readouterr().err == ""


def test_garbage_collector_state_is_restored():
    payloads, _ = batch(100)
    assert gc.isenabled()
    qris.validate_many(payloads)
    assert gc.isenabled()
    gc.disable()
    try:
        qris.validate_many(payloads)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_inputs_of_every_kind():
    dana = next(p for p, v in known_cases() if v)
    report = qris.validate_many([dana, dana.encode(), qris.parse(dana), dana + "\ud800"], compact=True)
    assert report.valid == [True, True, True, False]
    assert report.error_codes[3] == "input.utf8"
    with pytest.raises(TypeError):
        qris.validate_many([dana, 5], compact=True)
    with pytest.raises(TypeError):
        qris.validate_many(5)


def test_iterables_without_a_length_and_lying_lengths():
    cases = known_cases()
    want = [v for _, v in cases]
    # A generator (no len()): every item is read, in order; a tuple as it is.
    assert qris.validate_many((p for p, _ in cases), compact=True).valid == want
    assert qris.validate_many(tuple(p for p, _ in cases), compact=True).valid == want
    assert qris.validate_many(iter([]), compact=True).valid == []

    # A sequence whose len() is wrong either way: every item it gives is
    # answered, never only as many as its len() said.
    class Shorter(list):
        def __len__(self):
            return 1

    class Longer(list):
        def __len__(self):
            return super().__len__() + 5

    assert qris.validate_many(Shorter([p for p, _ in cases]), compact=True).valid == want
    assert qris.validate_many(Longer([p for p, _ in cases]), compact=True).valid == want


def test_the_input_list_may_change_while_the_engine_reads_it():
    # The engine reads with the GIL released: another thread emptying the
    # list meanwhile must not free what is being read (the call holds its own
    # copy of the references), and the answer is for the list as it was.
    import threading

    cases = known_cases() * 2000
    payloads = [p for p, _ in cases]
    stop = threading.Event()

    def churn():
        while not stop.is_set():
            payloads.clear()
            payloads.extend(p for p, _ in cases)

    want = [v for _, v in cases]
    t = threading.Thread(target=churn)
    t.start()
    try:
        for _ in range(5):
            report = qris.validate_many(payloads, compact=True)
            # Whatever the list held when the call copied it: a prefix of the cases.
            assert len(report) <= len(cases)
            assert report.valid == want[: len(report)]
    finally:
        stop.set()
        t.join()


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="from 3.12 on the collector runs between bytecodes, never inside an allocation",
)
def test_a_list_changed_while_it_is_copied_is_answered_as_one_list():
    # validate_many reads a list's first rows from the list itself and
    # validates them while tuple(list) is made. The tuple is an allocation,
    # which can run the garbage collector, whose finalizers can change the
    # list: then the call starts again from the tuple, and every answer is for
    # that one list (never the first rows of the old list and the rest of the
    # new one). The finalizer replaces an item and leaves the length alone:
    # Python 3.11's tuple(list) reads the length and the items' address
    # before its allocation, so a finalizer that grows the list there would
    # be CPython's own use-after-free.

    valid = next(p for p, v in known_cases() if v)
    payloads = [valid] * (3 * CHUNK)
    seen = {}

    class Changer:
        def __del__(self):
            seen["refs"] = sys.getrefcount(payloads)
            payloads[0] = "garbage"

    outside = sys.getrefcount(payloads)
    old = gc.get_threshold()
    gc.collect()
    gc.disable()
    c = Changer()
    c.me = c  # a cycle: only the collector frees it
    del c
    gc.set_threshold(1)  # the next container allocated runs it
    gc.enable()
    try:
        report = qris.validate_many(payloads, compact=True)
    finally:
        gc.set_threshold(*old)
    # The finalizer ran inside the call (the call held the list once more).
    assert seen["refs"] > outside
    assert len(report) == len(payloads) == 3 * CHUNK
    assert report.valid == [False] + [True] * (3 * CHUNK - 1)
