"""Bulk loading of a fresh LadybugDB database: rows are staged in CSV files, then copied in.

``COPY`` is LadybugDB's fast load path (several times faster than ``UNWIND ... CREATE``
batches), but what it copies, and what a checkpoint rewrites,
sits in memory, and a checkpoint does not give it all back. So each table is staged in files of
at most :data:`CHUNK_ROWS` rows and :data:`CHUNK_BYTES` bytes, copied one file at a time with a
checkpoint after each, and the database is closed and opened again whenever another
:data:`CHUNK_BYTES` have been copied (:meth:`StagedLoad.sessions`), which keeps a large load's
memory to a fraction of what one session holds.
(``COPY ... FROM (UNWIND $rows ...)`` from Python needs no files, but in LadybugDB 0.22 a second
such ``COPY`` into a table kills the process.)

The files are CSV in a dialect of ASCII control characters that text never holds: fields are
separated by :data:`DELIMITER`, never quoted (LadybugDB's reader mis-splits some quoted fields
with doubled quotes). Text keeps every character: a line feed inside a field is written as
:data:`NEWLINE`, and a carriage return and the control characters the dialect uses as
:data:`ESCAPE` and a code (:data:`_ESCAPES`); the ``COPY`` restores them (:func:`_decoded`).
A list is written as its items joined by :data:`LIST_SEPARATOR` and split again (empty items
are dropped); a missing string is written as :data:`NULL`.

Long text (the columns in :data:`PIECED`: a paper's abstract) is stored as the list of its
pieces, :func:`text_pieces`, which concatenate back to the text. LadybugDB holds the strings
of a node group (131,072 rows) in memory several times over while it copies and
checkpoints them; a list's items fill node groups by item, not by row, so the Paper table with
its abstracts as pieces loads in a fraction of the memory (figures in docs/decisions.md).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from kg.schema import SCHEMA

#: A table: a node label, or (relationship type, source label, target label).
Table = str | tuple[str, str, str]
Row = dict[str, Any]

DELIMITER = "\x1d"  # group separator
LIST_SEPARATOR = "\x1f"  # unit separator
NULL = "\x1e"  # record separator, standing for a missing string
NEWLINE, ESCAPE = "\x1c", "\x1b"  # file separator, standing for \n; escape, starting a code
_QUOTE, _ESCAPE = "\x02", "\x03"  # never written raw: no field is quoted or escaped
#: The characters text may hold that a staged field may not, and their codes after ESCAPE.
_ESCAPES = {ESCAPE: "0", NEWLINE: "1", DELIMITER: "2", NULL: "3", LIST_SEPARATOR: "4",
            _QUOTE: "5", _ESCAPE: "6", "\r": "r"}
_CONTROL = str.maketrans({c: ESCAPE + code for c, code in _ESCAPES.items()} | {"\n": NEWLINE})
#: Rows and bytes per staged file: what one COPY takes in. The bytes also bound what is copied
#: between two openings of the database.
CHUNK_ROWS = 100_000
CHUNK_BYTES = 32 * 1024**2
#: String properties stored as a list of pieces (see the module docstring), and their length.
PIECED = {("Paper", "abstract")}
MAX_PIECE = 200
_PARAMS = {"sep": LIST_SEPARATOR, "missing": NULL}
_LOAD_TYPES = {"key": "STRING", "string": "STRING", "int": "INT64", "float": "DOUBLE",
               "string[]": "STRING", "pieces": "STRING"}
_SENTENCE_END = re.compile(r"[.!?]\s+")


def columns(table: Table) -> list[tuple[str, str]]:
    """(name, stored type) of a table's columns, in the order the table declares them: the
    schema's types, with ``pieces`` for the :data:`PIECED` strings."""
    if isinstance(table, str):
        return [(name, "pieces" if (table, name) in PIECED else kind)
                for name, kind in SCHEMA.nodes[table].properties.items()]
    return [("source", "key"), ("target", "key"),
            *SCHEMA.relationships[table[0]].properties.items()]


def text_pieces(text: str, limit: int = MAX_PIECE) -> list[str]:
    """``text`` cut after each sentence's end and its whitespace, and sentences longer than
    ``limit`` cut after a space or line break (or at ``limit`` when there is none), so that
    ``"".join(text_pieces(text)) == text`` and no piece is longer than ``limit``."""
    pieces: list[str] = []
    bounds = [m.end() for m in _SENTENCE_END.finditer(text)]
    for start, end in zip([0, *bounds], [*bounds, len(text)], strict=True):
        sentence = text[start:end]
        while len(sentence) > limit:
            cut = max(sentence.rfind(" ", 0, limit), sentence.rfind("\n", 0, limit)) + 1
            cut = cut or limit
            pieces.append(sentence[:cut])
            sentence = sentence[cut:]
        if sentence:
            pieces.append(sentence)
    return pieces


def joined(table: str, row: Row) -> Row:
    """A node row as read back from the database, with its :data:`PIECED` strings whole."""
    for name in (name for pieced_table, name in PIECED if pieced_table == table):
        row[name] = "".join(row.get(name) or ())
    return row


def copy_statement(table: Table, path: Path, escaped: bool = True) -> str:
    """The ``COPY`` that fills ``table`` from its staged CSV file at ``path``; ``escaped``:
    whether the file holds any :data:`ESCAPE` code to restore (else only line feeds)."""
    cols = columns(table)
    header = ", ".join(f"c{i} {_LOAD_TYPES[kind]}" for i, (_, kind) in enumerate(cols))
    values = ", ".join(_value(f"c{i}", kind, escaped) for i, (_, kind) in enumerate(cols))
    source = (f"LOAD WITH HEADERS ({header}) FROM {_literal(str(path))} (header=false, "
              f"parallel=false, delim='{DELIMITER}', quote='{_QUOTE}', escape='{_ESCAPE}')")
    if isinstance(table, str):
        return f"COPY {table} FROM ({source} RETURN {values})"
    rel_type, start, end = table
    return f"COPY {rel_type} FROM ({source} RETURN {values}) (from='{start}', to='{end}')"


def _value(column: str, kind: str, escaped: bool) -> str:
    """The expression reading one column back: empty fields read as NULL."""
    if kind in ("string[]", "pieces"):
        items = (f"list_transform(string_split({column}, $sep), x -> {_decoded('x', escaped)})"
                 if escaped else f"string_split({_decoded(column, escaped)}, $sep)")
        return f"CASE WHEN {column} IS NULL THEN CAST([] AS STRING[]) ELSE {items} END"
    if kind == "string":
        return (f"CASE WHEN {column} IS NULL THEN '' WHEN {column} = $missing THEN NULL "
                f"ELSE {_decoded(column, escaped)} END")
    if kind == "key":
        return _decoded(column, escaped)
    return column


def _decoded(text: str, escaped: bool) -> str:
    """The expression undoing :data:`_CONTROL` on ``text``: line feeds first, then each code,
    the escape character's own code last, so no restored character is read as a code."""
    def char(c: str) -> str:
        return f"'\\u{ord(c):04x}'"

    expression = f"regexp_replace({text}, {char(NEWLINE)}, '\\n', 'g')"
    if not escaped:
        return expression
    for c, code in sorted(_ESCAPES.items(), key=lambda item: item[0] == ESCAPE):
        expression = f"regexp_replace({expression}, {char(ESCAPE)[:-1]}{code}', {char(c)}, 'g')"
    return expression


def _literal(text: str) -> str:
    """A Cypher string literal (LOAD FROM takes no parameter for its file)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _cell(value: Any, kind: str) -> str:
    if kind == "pieces":
        value = text_pieces(value or "")
    if kind in ("string[]", "pieces"):
        return LIST_SEPARATOR.join(str(v).translate(_CONTROL) for v in value or () if v != "")
    if kind in ("string", "key"):
        return NULL if value is None else str(value).translate(_CONTROL)
    return "" if value is None else str(value)


@dataclass
class _File:
    path: Path
    handle: IO[str]
    rows: int = 0
    size: int = 0  # characters written (bytes, but for text beyond ASCII)
    escaped: bool = False  # whether a field holds an ESCAPE code

    @property
    def full(self) -> bool:
        return self.rows >= CHUNK_ROWS or self.size >= CHUNK_BYTES


class StagedLoad:
    """Files under ``folder`` filled by :meth:`add`, then copied into a database in
    :meth:`sessions` (as often as needed). Each table's rows go to files of at most
    :data:`CHUNK_ROWS` rows and :data:`CHUNK_BYTES` bytes, copied one at a time and
    checkpointed; node tables go first, so that edges find their ends. The folder is removed
    on exit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self._files: dict[Table, list[_File]] = {}
        self._columns: dict[Table, list[tuple[str, str]]] = {}

    def add(self, table: Table, row: Row) -> None:
        """Stage one row (a dict holding the table's columns) of ``table``."""
        files = self._files.setdefault(table, [])
        if not files or files[-1].full:
            if files:
                files[-1].handle.close()
            name = table if isinstance(table, str) else "-".join(table)
            path = self.folder / f"{name}-{len(files) + 1:04d}.csv"
            files.append(_File(path, path.open("w", encoding="utf-8", newline="")))
            self._columns[table] = columns(table)
        staged = files[-1]
        line = DELIMITER.join(_cell(row.get(name), kind)
                              for name, kind in self._columns[table]) + "\n"
        staged.handle.write(line)
        staged.escaped = staged.escaped or ESCAPE in line
        staged.rows += 1
        staged.size += len(line)

    def sessions(self) -> Iterator[list[tuple[str, dict[str, str]]]]:
        """The ``COPY`` statements (with their parameters) that fill every staged table, one
        per file, grouped into sessions of about :data:`CHUNK_BYTES` of files each: run each
        statement followed by a ``CHECKPOINT``, and each session in a newly opened database,
        which gives back the memory the previous session's copies held."""
        self._close()
        session: list[tuple[str, dict[str, str]]] = []
        size = 0
        for table in sorted(self._files, key=lambda t: (not isinstance(t, str), str(t))):
            for staged in self._files[table]:
                if session and size + staged.size > CHUNK_BYTES:
                    yield session
                    session, size = [], 0
                statement = copy_statement(table, staged.path, staged.escaped)
                session.append((statement, {k: v for k, v in _PARAMS.items()
                                            if f"${k}" in statement}))
                size += staged.size
        if session:
            yield session

    def _close(self) -> None:
        for files in self._files.values():
            for staged in files:
                staged.handle.close()

    def __enter__(self) -> StagedLoad:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._close()
        shutil.rmtree(self.folder, ignore_errors=True)
