"""Readers for delimited files: ``.csv`` (commas) and ``.tsv`` (tabs), quoted the way Python's
``csv`` module and spreadsheets write them.

The first row names the columns, case-insensitively: ``title`` and ``abstract`` are required;
``id``, ``year``, ``authors`` ("A; B; C" or "A, B and C") and ``url`` are optional; other columns
are ignored. Fields mean what they mean in JSON records (see :mod:`kg.sources.jsonl`), and a
record (all the lines of one row) may be at most :data:`~kg.sources.textio.MAX_RECORD_BYTES`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from kg.graph import Paper
from kg.sources.base import OnSkip, Skip
from kg.sources.jsonl import guarded_record
from kg.sources.textio import MAX_RECORD_BYTES, Line, read_lines, too_big

COLUMNS = ("id", "title", "abstract", "year", "authors", "url")
REQUIRED = ("title", "abstract")
_KIND = {",": ("CSV", "commas"), "\t": ("TSV", "tabs")}


def read_csv(path: Path, on_skip: OnSkip) -> Iterator[Paper]:
    """Papers from a comma-separated file with a header row."""
    yield from _read_delimited(path, on_skip, ",")


def read_tsv(path: Path, on_skip: OnSkip) -> Iterator[Paper]:
    """Papers from a tab-separated file with a header row."""
    yield from _read_delimited(path, on_skip, "\t")


class _LostLine(Exception):
    """A line of the record could not be read (already reported)."""


class _TooBig(Exception):
    """The record grew over MAX_RECORD_BYTES."""


class _Lines:
    """Feeds lines to ``csv.reader``, keeping count of line numbers and of the record's size."""

    def __init__(self, lines: Iterator[Line]) -> None:
        self.lines = lines
        self.number = 0  # the last line read
        self.start = 1  # the first line of the current record
        self.size = 0
        self.quotes = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        self.number, text = next(self.lines)
        if text is None:
            raise _LostLine
        self.size += len(text.encode("utf-8")) + 1
        self.quotes += text.count('"')
        if self.size > MAX_RECORD_BYTES:
            raise _TooBig
        return text + "\n"

    def new_record(self) -> None:
        self.start, self.size, self.quotes = self.number + 1, 0, 0

    def drain(self) -> None:
        """Read past the rest of an oversized record: to the end of a line outside quotes."""
        while self.quotes % 2:
            line = next(self.lines, None)
            if line is None:
                return
            self.number = line.number
            self.size += len((line.text or "").encode("utf-8")) + 1
            self.quotes += (line.text or "").count('"')


def _read_delimited(path: Path, on_skip: OnSkip, delimiter: str) -> Iterator[Paper]:
    if csv.field_size_limit() < MAX_RECORD_BYTES:
        csv.field_size_limit(MAX_RECORD_BYTES)
    where, lines = str(path), _Lines(read_lines(path, on_skip))
    rows = csv.reader(lines, delimiter=delimiter)
    header: list[str] | None = None
    while True:
        lines.new_record()
        try:
            row = next(rows)
        except StopIteration:
            return
        except _LostLine:
            if lines.number > lines.start:
                on_skip(Skip(where, lines.start, f"record skipped: its line {lines.number} "
                             "could not be read"))
            continue
        except _TooBig:
            lines.drain()
            on_skip(Skip(where, lines.start, too_big(lines.size, "record")))
            continue
        except csv.Error as error:
            on_skip(Skip(where, lines.start, f"malformed {_KIND[delimiter][0]}: {error}"))
            continue
        if not any(field.strip() for field in row):
            continue
        if header is None:
            header = [name.strip().lower() for name in row]
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                on_skip(Skip(where, lines.start, (
                    f"the header row has no {' or '.join(map(repr, missing))} column (found: "
                    f"{', '.join(header)}); the first row must name the columns, e.g. "
                    f"{delimiter.join(COLUMNS)}")))
                return
            continue
        if len(row) > len(header):
            on_skip(Skip(where, lines.start, (
                f"row has {len(row)} fields but the header has {len(header)}; quote fields "
                f"that contain {_KIND[delimiter][1]}")))
            continue
        record: dict[str, str] = {}
        for name, value in zip(header, row, strict=False):
            if name in COLUMNS:
                record.setdefault(name, value)  # a repeated column: the first one counts
        paper = guarded_record(record, path, lines.start, on_skip)
        if paper is not None:
            yield paper
