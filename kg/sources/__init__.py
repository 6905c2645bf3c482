"""Reading papers from files and folders: format by extension, bad input reported, never raised.

>>> skips = []
>>> list(read_papers(["no/such/file.jsonl"], skips.append)), str(skips[0])
([], 'no/such/file.jsonl: no such file or folder; check the path')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.graph import Paper
from kg.sources.base import OnSkip, Reader, Skip
from kg.sources.csvfile import read_csv, read_tsv
from kg.sources.hf_daily import read_hf_daily
from kg.sources.jsonl import read_json, read_jsonl
from kg.sources.textio import MAX_RECORD_BYTES, read_failure, title_key

__all__ = ["MAX_RECORD_BYTES", "SUPPORTED_FORMATS", "OnSkip", "Skip", "deduplicate",
           "read_papers", "reader_for"]

#: The reader for each extension (after any ".gz").
READERS: dict[str, Reader] = {
    ".txt": read_hf_daily,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".tsv": read_tsv,
}

SUPPORTED_FORMATS = (
    ".txt (Hugging Face Daily Papers page dump), .jsonl/.ndjson/.json (JSON lines or a JSON "
    "array of {title, abstract, id, year, authors, url}; arXiv metadata dumps too), .csv/.tsv "
    "(header row naming title, abstract and optional id, year, authors, url); any of them "
    "gzip-compressed (.gz); folders are read recursively"
)


def reader_for(path: Path) -> Reader | None:
    """The reader for a file name's extension (``.jsonl.gz`` reads as ``.jsonl``), if any."""
    name = path.name.lower().removesuffix(".gz")
    return READERS.get(os.path.splitext(name)[1])


def read_papers(paths: Iterable[str | Path], on_skip: OnSkip) -> Iterator[Paper]:
    """Papers from files and folders, lazily, in order; what cannot be read is reported.

    A folder is read recursively in sorted order, taking only files with a known extension
    (hidden files and folders are left out). A missing path, an unreadable file or a named file
    of unknown type is one Skip; reading goes on with the other paths.
    """
    for given in paths:
        path = Path(given)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as error:  # e.g. a parent folder that cannot be searched
            on_skip(Skip(str(path), None, read_failure(error)))
            continue
        if is_dir:
            for file in _files_in(path, on_skip):
                yield from _guarded(_reader(file), file, on_skip)
        elif exists:
            reader = reader_for(path)
            if reader is None:
                on_skip(Skip(str(path), None, (
                    f"unknown file type {''.join(path.suffixes) or '(no extension)'}; expected "
                    f"one of {', '.join(READERS)} (optionally .gz): rename or convert the file")))
            else:
                yield from _guarded(reader, path, on_skip)
        else:
            on_skip(Skip(str(path), None, "no such file or folder; check the path"))


def deduplicate(papers: Iterable[Paper],
                on_duplicate: Callable[[Paper, Paper], None] | None = None) -> Iterator[Paper]:
    """Papers without repeats, streaming: the first paper wins, and a later one with the same id
    or the same :func:`~kg.sources.textio.title_key` (Unicode letters kept, casefolded, NFKC)
    is dropped and reported as ``on_duplicate(dropped, kept)``.

    Remembers the keys of every paper kept (and, with ``on_duplicate``, the paper itself).
    """
    seen: dict[str, Paper | None] = {}
    for paper in papers:
        keys = [f"id:{paper.id}"]
        if title := title_key(paper.title):
            keys.append(f"title:{title}")
        kept = next((key for key in keys if key in seen), None)
        if kept is None:
            for key in keys:
                seen[key] = paper if on_duplicate is not None else None
            yield paper
        elif on_duplicate is not None:
            on_duplicate(paper, seen[kept] or paper)


def _guarded(reader: Reader, path: Path, on_skip: OnSkip) -> Iterator[Paper]:
    """The reader's papers; should it raise all the same (a bug, not bad input), the error is
    one Skip naming the line after the last paper read, and reading goes on with other files."""
    line = 0
    try:
        for paper in reader(path, on_skip):
            line = int(paper.source.rpartition(":")[2] or 0)
            yield paper
    except Exception as error:
        on_skip(Skip(str(path), line + 1, (
            f"reading stopped after line {line}: {type(error).__name__}: {error}; the rest "
            "of the file is skipped (please report this as a kg bug)")))


def _files_in(folder: Path, on_skip: OnSkip) -> list[Path]:
    """The folder's readable-looking files, recursively, sorted; unreadable subfolders reported."""

    def report(error: OSError) -> None:
        on_skip(Skip(str(error.filename or folder), None,
                     f"cannot list the folder ({error.strerror or error}); check its permissions"))

    found = []
    for root, dirs, files in os.walk(folder, onerror=report):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            file = Path(root, name)
            if not name.startswith(".") and reader_for(file) is not None:
                found.append(file)  # open_binary refuses what is not a regular file
    return sorted(found)


def _reader(path: Path) -> Reader:
    reader = reader_for(path)
    assert reader is not None, path
    return reader
