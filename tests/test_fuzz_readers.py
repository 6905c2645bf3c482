"""Property-based fuzzing of the source readers (hypothesis, a fixed budget of examples):
whatever the bytes, JSON or CSV shapes in a file, no exception escapes a reader, every skip
names the file and a line, and every paper read is well formed.

Set KG_FUZZ_EXAMPLES to run more examples than CI's budget.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("hypothesis", reason="in the test extra: pip install -e '.[test]'")

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.graph import Paper
from kg.sources import read_papers
from kg.sources.base import Skip
from kg.sources.textio import id_problem

BUDGET = settings(max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", "40")), deadline=None,
                  derandomize=True, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["papers.jsonl", "papers.json", "papers.csv", "papers.tsv", "papers.txt",
         "papers.jsonl.gz", "papers.json.gz", "papers.csv.gz"]

#: Text with what breaks naive code: control characters, line separators, quotes, non-Latin.
TEXT = st.text(st.characters(blacklist_categories=["Cs"]) | st.sampled_from(
    ["\n", "\r", "\x00", "\x1b", "\x1d", "\u2028", '"', "\\", ",", "\t", "在", "Ό", "\ufeff"]),
    max_size=40)
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8)
FIELDS = ["id", "title", "abstract", "summary", "year", "authors", "url", "paper", "versions"]
RECORDS = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6),
    st.fixed_dictionaries({"title": TEXT, "abstract": TEXT},
                          optional={"id": TEXT | st.integers(), "year": VALUES,
                                    "authors": VALUES, "url": VALUES}),
    VALUES,
)
#: Raw JSON text that json.dumps never writes: lone surrogates, huge numbers, bad escapes.
RAW_TEXTS = ['"\\ud800"', '"\\udc00x"', "9" * 5000, "1e999", "-0", '"\\x"', "NaN",
             "[" * 2000, '{"a":',
             '{"title": "T\\ud800", "abstract": "An abstract."}',
             '{"id": "a\\nb", "title": "T", "abstract": "An abstract."}',
             '{"title": "T", "abstract": "An abstract.", "n": ' + "9" * 5000 + "}"]
RAW = st.sampled_from(RAW_TEXTS)


def _check(path: Path) -> tuple[list[Paper], list[Skip]]:
    skips: list[Skip] = []
    papers = list(read_papers([path], skips.append))  # raises nothing, whatever the file
    for skip in skips:
        assert skip.path == str(path), skip
        assert isinstance(skip.line, int) and skip.line >= 1, skip
        assert skip.reason and "\n" not in skip.reason, skip
    for paper in papers:
        assert paper.title.strip() and paper.abstract.strip()
        assert id_problem(paper.id) is None, paper.id
        (paper.id + paper.title + paper.abstract).encode("utf-8")  # no lone surrogates
        assert paper.source.startswith(f"{path}:")
    return papers, skips


def _write(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder, name)
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


@BUDGET
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=600))
def test_random_bytes(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _check(_write(folder, name, data))


@BUDGET
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=300))
def test_random_bytes_as_a_gzip_stream(name: str, data: bytes) -> None:
    # Not compressed by us: damaged gzip, or plain bytes under a .gz name.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name if name.endswith(".gz") else name + ".gz")
        path.write_bytes(b"\x1f\x8b" + data)
        _check(path)


@BUDGET
@example(name="papers.jsonl", records=RAW_TEXTS[-3:], array=False, crlf=False)
@example(name="papers.json", records=RAW_TEXTS[-3:], array=True, crlf=True)
@given(name=st.sampled_from(["papers.jsonl", "papers.json", "papers.jsonl.gz"]),
       records=st.lists(RECORDS | RAW, max_size=6), array=st.booleans(),
       crlf=st.booleans())
def test_json_shapes(name: str, records: list[object], array: bool, crlf: bool) -> None:
    items = [r if isinstance(r, str) and r in RAW_TEXTS else json.dumps(r) for r in records]
    text = ("[" + ",\n".join(items) + "]") if array else "\n".join(items)
    if crlf:
        text = text.replace("\n", "\r\n")
    with tempfile.TemporaryDirectory() as folder:
        _check(_write(folder, name, text.encode("utf-8", "surrogatepass")))



@BUDGET
@given(name=st.sampled_from(["papers.csv", "papers.tsv", "papers.csv.gz"]),
       header=st.lists(st.sampled_from([*FIELDS, "", "Title", " ABSTRACT "]) | TEXT,
                       max_size=6),
       rows=st.lists(st.lists(TEXT, max_size=7), max_size=6), quoting=st.sampled_from(
           [csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
def test_csv_shapes(name: str, header: list[str], rows: list[list[str]], quoting: int) -> None:
    out = io.StringIO()
    delimiter = "\t" if ".tsv" in name else ","
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, escapechar="\\")
    try:
        writer.writerows([header, *rows])
    except csv.Error:
        return  # a shape csv itself cannot write
    with tempfile.TemporaryDirectory() as folder:
        _check(_write(folder, name, out.getvalue().encode("utf-8")))


def test_a_good_file_still_reads() -> None:
    """The property is not vacuous: the same check passes papers through."""
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, "papers.jsonl", (json.dumps(
            {"id": "a", "title": "T", "abstract": "An abstract."}) + "\n").encode())
        papers, skips = _check(path)
        assert [p.id for p in papers] == ["a"] and not skips
