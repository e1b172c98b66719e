"""Columns in, columns out: validate_column / parse_column over the Arrow C
data interface, from pyarrow, Polars and pandas, checked against the peers'
published expectations (qris-go's golden fields, GoPay's issued amount) and
against the list API (itself checked against independent vectors in
test_batch.py)."""

from __future__ import annotations

import csv
import ctypes
import json
import pathlib
import subprocess
import sys

import pytest

import qris

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")

from test_batch import CHUNK, batch, known_cases  # noqa: E402

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"
GOLDEN = json.loads((VECTORS / "external" / "qris-go-golden.json").read_text(encoding="utf-8"))["cases"]
with open(VECTORS / "qris-conversion.tsv", encoding="utf-8", newline="") as f:
    CONVERSION = list(csv.DictReader(f, delimiter="\t"))


def test_import_qris_does_not_import_pyarrow():
    code = "import qris, sys; assert 'pyarrow' not in sys.modules and 'polars' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_validate_column_matches_expectations_and_the_list_api():
    payloads, expected = batch(CHUNK + 999)
    column = qris.validate_column(pa.array(payloads))
    assert isinstance(column, qris.Columns) and len(column) == len(payloads)
    assert column.names == ["valid", "error_code"]
    got = column.to_pydict()
    assert got["valid"] == expected
    assert got["error_code"] == qris.validate_many(payloads, compact=True).error_codes
    assert got == pa.record_batch(column).to_pydict()


def test_every_producer_gives_the_same_columns():
    payloads, _ = batch(3000)
    want = qris.validate_column(pa.array(payloads)).to_pydict()
    producers = {
        "pyarrow large_string": pa.array(payloads, type=pa.large_string()),
        "pyarrow string_view": pa.array(payloads, type=pa.string_view()),
        "pyarrow chunked": pa.chunked_array([payloads[:1000], payloads[1000:2500], payloads[2500:]]),
        "polars": pl.Series(payloads),
        "pandas (Arrow strings)": pd.Series(payloads, dtype="string[pyarrow]"),
    }
    for name, column in producers.items():
        assert qris.validate_column(column).to_pydict() == want, name


def test_rows_are_read_right_from_every_layout():
    """Rows come straight from each layout's offsets or views: slices (an array
    offset), nulls, short strings (inline in a view: up to 12 bytes) and long
    ones, non-ASCII text; each layout must give the list API's answers."""
    payloads, _ = batch(600)
    rows = payloads[:300] + ["", "0002", "000201010211", "0002010102112", None, "é" * 7, "最佳" * 30] + payloads[300:]
    # Each row's own answer from the list API: the first error's code (a row
    # read from the wrong bytes would get another code, or another name).
    present = [r for r in rows if r is not None]
    codes = iter(qris.validate_many(present, compact=True).error_codes)
    want_codes = [None if r is None else next(codes) for r in rows]
    want_valid = [None if r is None else c is None for r, c in zip(rows, want_codes)]

    def name(r):
        try:
            return qris.parse(r).merchant_name
        except qris.QrisError:
            return None

    want_names = [None if r is None else name(r) for r in rows]
    for kind in (pa.string(), pa.large_string(), pa.string_view()):
        whole = pa.array(rows, type=kind)
        for lo, hi in ((0, len(rows)), (299, 309), (5, len(rows) - 3)):
            got = qris.validate_column(whole.slice(lo, hi - lo)).to_pydict()
            assert got == {"valid": want_valid[lo:hi], "error_code": want_codes[lo:hi]}, (kind, lo, hi)
            parsed = qris.parse_column(whole.slice(lo, hi - lo), ["merchant_name"]).to_pydict()
            assert parsed["merchant_name"] == want_names[lo:hi], (kind, lo, hi)


def test_nulls_give_nulls():
    dana = next(p for p, v in known_cases() if v)
    got = qris.validate_column(pa.array([dana, None, "", None])).to_pydict()
    assert got == {"valid": [True, None, False, None], "error_code": [None, None, "input.empty", None]}
    parsed = qris.parse_column(pa.array([None, dana]), ["merchant_name"]).to_pydict()
    assert parsed == {"error_code": [None, None], "merchant_name": [None, "BoonTrack"]}


def test_parse_column_against_the_peers_golden_fields():
    payloads = [c["payload"] for c in GOLDEN]
    got = qris.parse_column(pa.array(payloads)).to_pydict()
    assert got["error_code"] == [None] * len(GOLDEN)
    for i, c in enumerate(GOLDEN):
        e = c["expected"]
        assert got["merchant_name"][i] == e["MerchantName"], c["name"]
        assert got["merchant_city"][i] == e["MerchantCity"], c["name"]
        assert got["mcc"][i] == e["MerchantCategoryCode"], c["name"]
        assert got["currency"][i] == e["TransactionCurrency"], c["name"]
        assert got["country"][i] == e["CountryCode"], c["name"]
        assert got["crc"][i] == e["CRC"], c["name"]
        assert (got["amount"][i] or "") == e["TransactionAmount"], c["name"]
        assert (got["postal_code"][i] or "") == e["PostalCode"], c["name"]
        assert got["is_dynamic"][i] == (e["PointOfInitiationMethod"] == "12"), c["name"]


def test_parse_column_fields_and_paths():
    row = CONVERSION[0]
    got = qris.parse_column(pl.Series([row["issuer_dynamic"], row["static"], "0002"]), ["amount", "is_dynamic", "58", "62.07"])
    assert got.names == ["error_code", "amount", "is_dynamic", "58", "62.07"]
    d = got.to_pydict()
    # GoPay issued the dynamic code for the amount the vector file gives.
    assert float(d["amount"][0]) == float(row["amount"]) and d["amount"][1] is None
    assert d["is_dynamic"][:2] == [True, False] and d["58"][:2] == ["ID", "ID"]
    assert d["error_code"][2] is not None and d["amount"][2] is None
    with pytest.raises(ValueError, match="unknown field"):
        qris.parse_column(pa.array(["x"]), ["merchant"])
    wrong_crc = next(p for p, v in known_cases() if not v and p.startswith("0002"))
    assert qris.parse_column(pa.array([wrong_crc]), ["nmid"]).to_pydict()["error_code"] == ["crc.mismatch"]


def test_columns_reach_every_consumer():
    payloads, _ = batch(100)
    column = qris.parse_column(pa.array(payloads), ["merchant_name", "is_dynamic"])
    table = pa.table(column)
    assert table.num_rows == 100 and table.schema.field("is_dynamic").type == pa.bool_()
    frame = pl.DataFrame(column)
    assert frame.shape == (100, 3) and frame["merchant_name"].to_list() == column.to_pydict()["merchant_name"]
    assert "merchant_name" in repr(column)


def test_progress_on_columns():
    payloads, _ = batch(2 * CHUNK + 3)
    calls: list[tuple[int, int]] = []
    qris.validate_column(pa.array(payloads), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (len(payloads), len(payloads)) and len(calls) == 3


def test_what_is_not_a_column_of_strings():
    with pytest.raises(TypeError, match="Arrow column of strings"):
        qris.validate_column(["a list", "is not a column"])
    with pytest.raises(TypeError, match="utf8"):
        qris.validate_column(pa.array([1, 2, 3]))
    # Our own Columns is a struct, not strings.
    with pytest.raises(TypeError, match="utf8"):
        qris.validate_column(qris.validate_column(pa.array(["x"])))

    class Liar:
        def __arrow_c_array__(self, requested_schema=None):
            return ("not", "capsules")

    with pytest.raises(TypeError, match="PyCapsule"):
        qris.validate_column(Liar())


class _Schema(ctypes.Structure):
    pass


class _Array(ctypes.Structure):
    pass


_SchemaRelease = ctypes.CFUNCTYPE(None, ctypes.POINTER(_Schema))
_ArrayRelease = ctypes.CFUNCTYPE(None, ctypes.POINTER(_Array))
_Schema._fields_ = [
    ("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64), ("children", ctypes.c_void_p),
    ("dictionary", ctypes.c_void_p), ("release", _SchemaRelease), ("private_data", ctypes.c_void_p),
]
_Array._fields_ = [
    ("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64), ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.c_void_p), ("dictionary", ctypes.c_void_p), ("release", _ArrayRelease),
    ("private_data", ctypes.c_void_p),
]


@_SchemaRelease
def _release_schema(p):
    p.contents.release = _SchemaRelease()


@_ArrayRelease
def _release_array(p):
    p.contents.release = _ArrayRelease()


class HostileProducer:
    """A producer written with ctypes (no library checks what it hands over):
    a utf8 column with whatever offsets and bytes it is given."""

    def __init__(self, offsets: list[int], data: bytes) -> None:
        self.offsets = (ctypes.c_int32 * len(offsets))(*offsets)
        self.data = ctypes.create_string_buffer(data, len(data))
        self.buffers = (ctypes.c_void_p * 3)(None, ctypes.addressof(self.offsets), ctypes.addressof(self.data))

    def __arrow_c_array__(self, requested_schema=None):
        new = ctypes.pythonapi.PyCapsule_New
        new.restype, new.argtypes = ctypes.py_object, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        self.schema = _Schema(b"u", b"", None, 2, 0, None, None, _release_schema, None)
        self.array = _Array(len(self.offsets) - 1, 0, 0, 3, 0, self.buffers, None, None, _release_array, None)
        return (new(ctypes.addressof(self.schema), b"arrow_schema", None),
                new(ctypes.addressof(self.array), b"arrow_array", None))


def test_a_broken_producer_is_an_error_not_a_crash():
    dana = next(p for p, v in known_cases() if v).encode()
    honest = HostileProducer([0, len(dana), len(dana)], dana)
    assert qris.validate_column(honest).to_pydict() == {"valid": [True, False], "error_code": [None, "input.empty"]}
    # Offsets out of order, negative, or past the data the last offset claims.
    # (A last offset past the real data cannot be caught: the C data interface
    # carries no buffer sizes, and arrow-rs takes the data's size from it.)
    for offsets in ([0, 8, 4], [-5, 4, 10], [0, 10, 4], [4, 2, 10]):
        with pytest.raises(ValueError, match="not a usable Arrow column"):
            qris.validate_column(HostileProducer(offsets, b"0002010102"))
        with pytest.raises(ValueError, match="not a usable Arrow column"):
            qris.parse_column(HostileProducer(offsets, b"0002010102"))
    # Not UTF-8 inside a utf8 column: that row gets input.utf8, the others
    # their own answers.
    bad = HostileProducer([0, 2, 2 + len(dana)], b"\xff\xfe" + dana)
    assert qris.validate_column(bad).to_pydict() == {"valid": [False, True], "error_code": ["input.utf8", None]}
    parsed = qris.parse_column(HostileProducer([0, 2, 2 + len(dana)], b"\xff\xfe" + dana), ["merchant_name"])
    assert parsed.to_pydict()["error_code"] == ["input.utf8", None]


def test_parse_column_across_pieces_and_chunks():
    """parse_column packs each piece of rows (1,024) on the worker that parsed
    it and joins the pieces: every row of a column spanning many pieces and
    chunks, with nulls, errors and flags among them, must sit where the
    one-payload API puts it."""
    payloads, _ = batch(2 * 16_384 + 333)
    rows = [None if i % 997 == 3 else "garbage" if i % 1013 == 5 else p for i, p in enumerate(payloads)]
    fields = ["merchant_name", "is_dynamic", "amount", "62.07"]
    got = qris.parse_column(pa.array(rows), fields).to_pydict()
    assert len(got["error_code"]) == len(rows)
    for i, r in enumerate(rows):
        if r is None:
            assert all(got[f][i] is None for f in ["error_code"] + fields), i
            continue
        try:
            p = qris.parse(r)
        except qris.QrisError as e:
            assert got["error_code"][i] == e.code and all(got[f][i] is None for f in fields), i
            continue
        assert got["error_code"][i] is None, i
        assert got["merchant_name"][i] == p.merchant_name and got["amount"][i] == p.amount, i
        assert got["is_dynamic"][i] == p.is_dynamic and got["62.07"][i] == p.get("62.07"), i
    assert sum(r is None for r in rows) >= 30 and sum(r == "garbage" for r in rows) >= 30
    assert any(got["is_dynamic"]) and not all(x for x in got["is_dynamic"] if x is not None)
