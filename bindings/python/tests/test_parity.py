"""The README's parity table is true for Python: every name in its Python column
is an attribute of the installed package (and the keyword in parentheses one of
its parameters), and every empty cell says why. The other columns are checked
by crates/cli/tests/parity.rs."""

import importlib
import inspect
import pathlib

import pytest

README = pathlib.Path(__file__).resolve().parents[3] / "README.md"


def rows():
    text = README.read_text(encoding="utf-8")
    lines = text[text.index("### Parity") :].splitlines()
    table = [line for line in lines[lines.index("| Capability | Rust | C | Python | CLI |") :]]
    table = table[: next(i for i, line in enumerate(table) if not line.startswith("|"))]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in table[2:]]


def python_names():
    for capability, _rust, _c, python, _cli in rows():
        if python.startswith("— "):
            assert len(python[2:].split()) >= 3, f"{capability}: an empty cell needs a reason"
            continue
        names = python.split("`")[1::2]
        assert names, f"{capability}: {python!r}"
        for name in names:
            yield capability, name


def resolve(dotted):
    parts = dotted.split(".")
    obj = importlib.import_module(parts[0])
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def test_the_table_has_a_python_column():
    assert len(rows()) >= 30
    assert sum(1 for _ in python_names()) >= 40


@pytest.mark.parametrize("capability, name", list(python_names()))
def test_the_python_column_names_what_the_package_has(capability, name):
    assert name.startswith("qris."), f"{capability}: {name}"
    dotted, _, keyword = name.partition("(")
    obj = resolve(dotted)
    if keyword:
        keyword = keyword.rstrip(")").rstrip("=")
        assert keyword in inspect.signature(obj).parameters, f"{capability}: {dotted} has no {keyword}="
