"""Readers for JSON sources: JSON lines (``.jsonl``, ``.ndjson``, ``.json``) and JSON arrays.

A record has ``title`` and ``abstract`` (required), and optionally ``id``, ``year``, ``authors``
and ``url``. Records from the Kaggle arXiv metadata dump (recognised by ``versions``,
``update_date`` or ``categories``) get ``arXiv:<id>`` ids, arXiv URLs and their first version's
year. Hugging Face API records (``{"paper": {..., "summary": ...}}``) are unwrapped.

Year handling: a year that is missing, not a number or implausible (outside 1000–2999) leaves
the paper with ``year=None`` and is not reported, as Skips are for records that are dropped.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.graph import Paper
from kg.sources.base import OnSkip, Skip
from kg.sources.textio import (
    MAX_RECORD_BYTES,
    first_character,
    make_paper,
    read_lines,
    read_text,
    too_big,
)

_YEAR = re.compile(r"\s*(\d{4})(?:-\d{1,2}){0,2}\s*")
_ANY_YEAR = re.compile(r"\b(\d{4})\b")
_SPACE = re.compile(r"\s+")
_AUTHOR_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_ARXIV_KEYS = ("versions", "update_date", "categories")


def read_json(path: Path, on_skip: OnSkip) -> Iterator[Paper]:
    """Papers from a ``.json`` file: a JSON array if it starts with ``[``, else JSON lines."""
    if first_character(path) == "[":
        yield from read_json_array(path, on_skip)
    else:
        yield from read_jsonl(path, on_skip)


def read_jsonl(path: Path, on_skip: OnSkip) -> Iterator[Paper]:
    """Papers from JSON lines: one object per line; blank lines are ignored."""
    for number, text in read_lines(path, on_skip):
        if text is None or not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            on_skip(Skip(str(path), number, f"malformed JSON: {error.msg} at column "
                         f"{error.colno}; each line must be one complete JSON object"))
            continue
        except RecursionError:
            on_skip(Skip(str(path), number, "malformed JSON: nested too deeply"))
            continue
        except ValueError as error:  # e.g. an integer over Python's 4300-digit limit
            on_skip(Skip(str(path), number, f"malformed JSON: {_value_error(error)}"))
            continue
        paper = guarded_record(record, path, number, on_skip, what="line")
        if paper is not None:
            yield paper


def read_json_array(path: Path, on_skip: OnSkip) -> Iterator[Paper]:
    """Papers from a JSON array of records, parsed item by item in bounded memory.

    A malformed item is reported and skipped; a broken array structure (text between items,
    no closing ``]``) is reported and ends the file, keeping the papers read before.
    """
    scanner, stopped = _ArrayScanner(), []

    def reading_stopped(skip: Skip) -> None:  # the file was cut short: no "not closed" too
        stopped.append(skip)
        on_skip(skip)

    try:
        for text in read_text(path, reading_stopped):
            for line, item in scanner.feed(text):
                paper = _array_item(item, path, line, on_skip)
                if paper is not None:
                    yield paper
        if not stopped:
            scanner.close()
    except _ArrayError as error:
        on_skip(Skip(str(path), error.line, f"{error} (the rest of the file is skipped)"))


def paper_from_record(record: object, path: Path, line: int, on_skip: OnSkip,
                      what: str = "record") -> Paper | None:
    """A Paper from one decoded record, or None after reporting why it cannot be one."""
    if not isinstance(record, dict):
        on_skip(Skip(str(path), line, f"{what} is a JSON {_kind(record)}, not an object; "
                     "each paper must be an object like {\"title\": ..., \"abstract\": ...}"))
        return None
    if "title" not in record and isinstance(record.get("paper"), dict):
        record = record["paper"]  # Hugging Face API: {"paper": {...}, ...}
    abstract = record.get("abstract", record.get("summary"))
    if any(key in record for key in _ARXIV_KEYS):
        return _arxiv_paper(record, abstract, path, line, on_skip)
    return make_paper(path, line, id=_text(record.get("id")), title=record.get("title"),
                      abstract=abstract, year=parse_year(record.get("year")),
                      authors=parse_authors(record.get("authors")),
                      url=_text(record.get("url")), on_skip=on_skip)


def guarded_record(record: object, path: Path, line: int, on_skip: OnSkip,
                   what: str = "record") -> Paper | None:
    """:func:`paper_from_record`, where any error the record raises is a Skip of its line."""
    try:
        return paper_from_record(record, path, line, on_skip, what)
    except Exception as error:
        on_skip(Skip(str(path), line, f"{what} skipped: {type(error).__name__}: {error}"))
        return None


def _value_error(error: ValueError) -> str:
    if "digits" in str(error):
        return f"a number has more digits than Python reads ({sys.get_int_max_str_digits()})"
    return str(error)


def parse_year(value: object) -> int | None:
    """A year from an int, an integral float, or a string such as "2021" or "2021-05-01";
    None for anything else (or outside 1000–2999)."""
    year: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and (match := _YEAR.fullmatch(value)):
        year = int(match.group(1))
    return year if year is not None and 1000 <= year <= 2999 else None


def parse_authors(value: object) -> tuple[str, ...]:
    """Author names from a list (of strings or ``{"name": ...}`` objects) or one string, split
    on ";" if it has any, else on commas and "and" ("A, B and C")."""
    if isinstance(value, str):
        value = value.split(";") if ";" in value else _AUTHOR_SPLIT.split(value)
    if not isinstance(value, list):
        return ()
    names = (item.get("name") if isinstance(item, Mapping) else item for item in value)
    return tuple(_SPACE.sub(" ", name).strip() for name in names
                 if isinstance(name, str) and name.strip())


def _arxiv_paper(record: dict[str, Any], abstract: object, path: Path, line: int,
                 on_skip: OnSkip) -> Paper | None:
    arxiv_id = _text(record.get("id"))
    return make_paper(path, line, id=arxiv_id and f"arXiv:{arxiv_id}",
                      title=_collapse(record.get("title")), abstract=_collapse(abstract),
                      year=_arxiv_year(record), authors=parse_authors(record.get("authors")),
                      url=arxiv_id and f"https://arxiv.org/abs/{arxiv_id}", on_skip=on_skip)


def _arxiv_year(record: Mapping[str, Any]) -> int | None:
    """The year of the first version ("Mon, 2 Apr 2007 19:18:42 GMT"), else of update_date."""
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], Mapping):
        created = versions[0].get("created")
        if isinstance(created, str) and (match := _ANY_YEAR.search(created)):
            return parse_year(match.group(1))
    return parse_year(record.get("update_date"))


def _text(value: object) -> str | None:
    """A non-empty stripped string from a string or an int (ids are sometimes numbers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return (value.strip() or None) if isinstance(value, str) else None


def _collapse(value: object) -> object:
    return _SPACE.sub(" ", value).strip() if isinstance(value, str) else value


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "true/false" if isinstance(value, bool) else "number"


def _array_item(item: str | int, path: Path, line: int, on_skip: OnSkip) -> Paper | None:
    if isinstance(item, int):
        on_skip(Skip(str(path), line, too_big(item, "array item")))
        return None
    try:
        record = json.loads(item)
    except json.JSONDecodeError as error:
        on_skip(Skip(str(path), line, f"malformed JSON in the array item starting here: "
                     f"{error.msg} (line {line + error.lineno - 1})"))
        return None
    except RecursionError:
        on_skip(Skip(str(path), line, "malformed JSON: nested too deeply"))
        return None
    except ValueError as error:  # e.g. an integer over Python's 4300-digit limit
        on_skip(Skip(str(path), line, "malformed JSON in the array item starting here: "
                     f"{_value_error(error)}"))
        return None
    return guarded_record(record, path, line, on_skip, what="array item")


class _ArrayError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


_SPACES = re.compile(r"\s*")
_STRUCTURE = re.compile(r"[\"{}\[\]]")
_IN_STRING = re.compile(r"[\"\\]")
_SCALAR_END = re.compile(r"[\s,\]]")


class _ArrayScanner:
    """Splits the text of a JSON array, fed in pieces, into the text of its items.

    It only tracks strings and bracket depth to find where each item ends; ``json.loads`` does
    the real parsing. An item over :data:`MAX_RECORD_BYTES` is not kept: its size is yielded
    in place of its text.
    """

    def __init__(self) -> None:
        self.stage = "start"  # start, first, item, inside, after, done
        self.line = 1
        self.item_line = 0
        self.parts: list[str] = []
        self.size = 0
        self.depth = 0
        self.in_string = self.escaped = False
        self.scalar: bool | None = None  # None until the item's first character is seen

    def feed(self, text: str) -> Iterator[tuple[int, str | int]]:
        """Yield (line, item text or size) for each item completed by this piece of text."""
        pos = 0
        while pos < len(text):
            if self.stage == "inside":
                pos, done = self._scan_item(text, pos)
                if done:
                    yield self.item_line, self.size if self.size > MAX_RECORD_BYTES else \
                        "".join(self.parts)
                    self.stage = "after"
                continue
            spaces = _SPACES.match(text, pos)
            assert spaces is not None
            self.line += spaces.group().count("\n")
            pos = spaces.end()
            if pos < len(text):
                pos = self._punctuation(text[pos], pos)

    def close(self) -> None:
        """Check that the text ended after a complete array (or was blank)."""
        if self.stage == "inside":
            raise _ArrayError(self.item_line, "the JSON array is not closed: the file ends "
                              "inside the item that starts here")
        if self.stage not in ("start", "done"):
            raise _ArrayError(self.line, "the JSON array is not closed: no final ']'")

    def _punctuation(self, char: str, pos: int) -> int:
        """Handle a non-space character between items; return the position after it."""
        if self.stage == "start":
            if char != "[":
                raise _ArrayError(self.line, f"expected a JSON array '[', found {char!r}")
            self.stage = "first"
        elif self.stage in ("first", "item") and char == "]":
            self.stage = "done"  # [] or a trailing comma
        elif self.stage in ("first", "item"):
            self._start_item()
            return pos  # the item's first character is scanned as part of it
        elif self.stage == "after" and char in ",]":
            self.stage = "item" if char == "," else "done"
        elif self.stage == "after":
            raise _ArrayError(self.line, f"expected ',' or ']' after an item, found {char!r}")
        else:
            raise _ArrayError(self.line, "extra text after the end of the JSON array")
        return pos + 1

    def _start_item(self) -> None:
        self.stage, self.item_line = "inside", self.line
        self.parts, self.size, self.depth = [], 0, 0
        self.in_string = self.escaped = False
        self.scalar = None

    def _scan_item(self, text: str, pos: int) -> tuple[int, bool]:
        """Scan the current item from ``pos``; return the new position and whether it ended."""
        start, done = pos, False
        if self.scalar is None:  # first character of the item
            self.scalar = text[pos] not in "{[\""
        while pos < len(text) and not done:
            if self.scalar:
                match = _SCALAR_END.search(text, pos)
                pos, done = (match.start(), True) if match else (len(text), False)
            elif self.escaped:
                pos, self.escaped = pos + 1, False
            elif self.in_string:
                match = _IN_STRING.search(text, pos)
                if match is None:
                    pos = len(text)
                else:
                    pos = match.end()
                    self.escaped = match.group() == "\\"
                    self.in_string = self.escaped
                    done = not self.in_string and self.depth == 0
            else:
                match = _STRUCTURE.search(text, pos)
                if match is None:
                    pos = len(text)
                    continue
                pos, char = match.end(), match.group()
                if char == '"':
                    self.in_string = True
                else:
                    self.depth += 1 if char in "{[" else -1
                    done = self.depth <= 0
        self._keep(text[start:pos])
        return pos, done

    def _keep(self, segment: str) -> None:
        self.line += segment.count("\n")
        self.size += len(segment.encode("utf-8"))
        if self.size > MAX_RECORD_BYTES:
            self.parts = []
        else:
            self.parts.append(segment)
