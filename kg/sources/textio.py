"""Reading source files safely: gzip, bounded lines, strict UTF-8, and building checked Papers.

Every reader goes through :func:`read_lines` (or :func:`read_chunks`), so all formats share one
behaviour for damaged input: a line over :data:`MAX_RECORD_BYTES` is drained in bounded chunks and
reported, undecodable bytes are reported with their position, and a file that cannot be opened or
stops mid-way (corrupt gzip, I/O error) is reported once, keeping what was read before.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import os
import stat
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from kg.canon import normalize_title, paper_id_for_title
from kg.graph import Paper
from kg.sources.base import OnSkip, Skip

#: The largest line or record a reader accepts, in bytes; longer ones are skipped and reported.
MAX_RECORD_BYTES = 1_000_000

_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_READ_ERRORS = (OSError, EOFError, zlib.error)


class Line(NamedTuple):
    """One physical line: its 1-based number and text (None if unusable and already reported)."""

    number: int
    text: str | None


class NotRegularFile(OSError):
    """A path that names a FIFO, a device, a socket: reading it could block or never end."""


def open_binary(path: Path) -> BinaryIO:
    """Open a file for binary reading, decompressing it if it is gzip (by name or magic bytes).

    Only a regular file is read: a FIFO, a device or a socket raises :class:`NotRegularFile`
    (it is opened without blocking, checked, and closed again).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            raise NotRegularFile(f"not a regular file but {_file_kind(kind)}; kg reads only "
                                 "regular files (copy the data into a file first)")
        os.set_blocking(fd, True)
        raw = open(fd, "rb")  # noqa: SIM115 - returned open
    except BaseException:
        os.close(fd)
        raise
    try:
        is_gzip = path.name.lower().endswith(".gz") or raw.peek(2)[:2] == _GZIP_MAGIC
    except OSError:
        raw.close()
        raise
    if not is_gzip:
        return raw
    raw.close()  # reopened by name so that closing the gzip stream closes the file
    return gzip.open(path, "rb")  # type: ignore[return-value]


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "a special file"


def megabytes(size: int) -> str:
    """A byte count as "10.0 MB" (decimal megabytes, as in the size-limit messages)."""
    return f"{size / 1_000_000:.1f} MB"


def too_big(size: int, what: str = "line") -> str:
    """The reason reported for a line or record over :data:`MAX_RECORD_BYTES`."""
    return (f"{what} is {megabytes(size)}, over the {MAX_RECORD_BYTES // 1_000_000} MB limit "
            "for one record; skipped")


def read_failure(error: BaseException) -> str:
    """The reason reported when a file cannot be opened or stops being readable."""
    if isinstance(error, FileNotFoundError):
        return "no such file; check the path"
    if isinstance(error, PermissionError):
        return "cannot read the file (permission denied); check its permissions"
    if isinstance(error, NotRegularFile):
        return str(error)
    detail = str(error) or type(error).__name__
    return (f"reading stopped: {detail}; the file may be damaged or truncated (papers read "
            "before this point are kept)")


def read_chunks(path: Path, on_skip: OnSkip, size: int = _CHUNK) -> Iterator[bytes]:
    """The file's (decompressed) bytes in chunks of at most ``size``; errors become one Skip."""
    try:
        stream = open_binary(path)
    except OSError as error:
        on_skip(Skip(str(path), None, read_failure(error)))
        return
    with stream:
        while True:
            try:
                chunk = stream.read(size)
            except _READ_ERRORS as error:
                on_skip(Skip(str(path), None, read_failure(error)))
                return
            if not chunk:
                return
            yield chunk


def read_text(path: Path, on_skip: OnSkip) -> Iterator[str]:
    """The file's text in bounded pieces, decoded as UTF-8 (a leading BOM is dropped).

    Undecodable bytes end the file: they are reported with their line and byte offset, and the
    text before them has been yielded.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, lines, first = 0, 1, True
    for chunk in read_chunks(path, on_skip):
        pending = decoder.getstate()[0]
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as error:
            data = pending + chunk
            if text := data[: error.start].decode("utf-8"):
                yield text.removeprefix("\ufeff") if first else text
            on_skip(Skip(str(path), lines + data[: error.start].count(b"\n"), (
                f"not valid UTF-8: byte 0x{data[error.start]:02x} at byte offset "
                f"{offset - len(pending) + error.start} in the file; save the file as UTF-8 "
                "(the rest of the file is skipped)")))
            return
        offset += len(chunk)
        lines += chunk.count(b"\n")
        if first and text:
            text, first = text.removeprefix("\ufeff"), False
        if text:
            yield text
    pending = decoder.getstate()[0]
    if pending:
        on_skip(Skip(str(path), lines, (
            f"not valid UTF-8: the file ends inside a character (byte offset "
            f"{offset - len(pending)}); save the file as UTF-8")))


def read_lines(path: Path, on_skip: OnSkip) -> Iterator[Line]:
    """The file's lines, decoded as UTF-8 (a leading BOM is dropped), without line endings.

    Never holds more than about :data:`MAX_RECORD_BYTES` of one line in memory: a longer line is
    read to its end in bounded chunks, discarded and reported. Undecodable lines are reported
    with their column and byte offset. Both are yielded as ``Line(number, None)`` so that
    multi-line formats can tell a line was lost.
    """
    try:
        stream = open_binary(path)
    except OSError as error:
        on_skip(Skip(str(path), None, read_failure(error)))
        return
    number = offset = 0
    with stream:
        while True:
            try:
                raw = stream.readline(MAX_RECORD_BYTES + 2)  # room for "\r\n"
                size = len(raw)
                content = raw.rstrip(b"\r\n")
                if len(content) > MAX_RECORD_BYTES:
                    while not raw.endswith(b"\n"):
                        raw = stream.readline(_CHUNK)
                        if not raw:
                            break
                        size += len(raw)
                    content = None
            except _READ_ERRORS as error:
                on_skip(Skip(str(path), number + 1, read_failure(error)))
                return
            if not size:
                return
            number += 1
            if content is None:
                on_skip(Skip(str(path), number, too_big(size - _ending(raw))))
                yield Line(number, None)
            else:
                yield Line(number, _decode(content, path, number, offset, on_skip))
            offset += size


def _ending(raw: bytes) -> int:
    return 2 if raw.endswith(b"\r\n") else 1 if raw.endswith(b"\n") else 0


def _decode(content: bytes, path: Path, number: int, offset: int, on_skip: OnSkip) -> str | None:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        column = len(content[: error.start].decode("utf-8")) + 1
        on_skip(Skip(str(path), number, (
            f"not valid UTF-8: byte 0x{content[error.start]:02x} at column {column} "
            f"(byte offset {offset + error.start} in the file); save the file as UTF-8")))
        return None
    return text.removeprefix("\ufeff") if number == 1 else text


def first_character(path: Path) -> str | None:
    """The first non-whitespace character of a (possibly gzip) text file, BOM ignored; None if
    the file is empty, blank, unreadable or does not start with ASCII."""
    try:
        with open_binary(path) as stream:
            while chunk := stream.read(_CHUNK):
                text = chunk.removeprefix(b"\xef\xbb\xbf").lstrip()
                if text:
                    return chr(text[0]) if text[0] < 128 else None
    except _READ_ERRORS:
        return None
    return None


def make_paper(path: Path, line: int, *, title: object, abstract: object, id: str | None = None,
               year: int | None = None, authors: tuple[str, ...] = (), url: str | None = None,
               on_skip: OnSkip) -> Paper | None:
    """A Paper from checked fields, or None after reporting why the record cannot be one.

    Title and abstract must be non-blank strings; outer whitespace is stripped, the rest is kept
    verbatim. Without an ``id`` the paper gets :func:`paper_id_for`. An id must pass
    :func:`id_problem` (no control characters). Text with U+FFFD is refused: a replacement
    character means it was already damaged by a lossy decode upstream, and no Paper may carry
    one; so is text with a lone surrogate (``\\ud800`` in JSON), which is not Unicode text.
    """
    if not isinstance(title, str) or not title.strip():
        reason = "no title; every record needs a non-empty title"
    elif not isinstance(abstract, str) or not abstract.strip():
        reason = "empty abstract; every record needs a non-empty abstract"
    elif "\ufffd" in title or "\ufffd" in abstract:
        reason = ("text contains U+FFFD replacement characters (damaged by a lossy decode "
                  "upstream); re-export the source as UTF-8")
    elif problem := (_surrogate(title, abstract, id or "", url or "", *authors)
                     or (id_problem(id) if id is not None else None)):
        reason = problem
    else:
        title = title.strip()
        return Paper(id=id.strip() if id else paper_id_for(title), title=title,
                     abstract=abstract.strip(), year=year, authors=authors, url=url,
                     source=f"{path}:{line}")
    on_skip(Skip(str(path), line, reason))
    return None


#: The longest paper id accepted, in characters.
MAX_ID = 1000


def id_problem(paper_id: str) -> str | None:
    """Why ``paper_id`` cannot be a paper's id, or None if it can: it must be non-blank, at
    most :data:`MAX_ID` characters, and hold no control characters (line breaks and tabs
    included), which would make it differ from the id a user types or a store keeps.

    >>> id_problem("arXiv:2401.00001"), id_problem("a\\nb")
    (None, 'the id contains a control character (U+000A at position 2); fix the id in the source')
    """
    if not paper_id.strip():
        return "the id is blank; give every record a non-empty id, or none at all"
    if len(paper_id) > MAX_ID:
        return f"the id is {len(paper_id)} characters long, over {MAX_ID}; shorten it"
    for position, char in enumerate(paper_id, start=1):
        if unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029":
            return (f"the id contains a control character (U+{ord(char):04X} at position "
                    f"{position}); fix the id in the source")
    return None


def title_key(title: str) -> str:
    """A title reduced for duplicate detection: NFKC, casefolded, every run of characters that
    are not letters, digits or marks (in any script) made one space.

    >>> title_key("  Mamba: Linear-Time Sequence Modeling "), title_key("Όραση BERT")
    ('mamba linear time sequence modeling', 'όραση bert')
    """
    text = unicodedata.normalize("NFKC", title).casefold()
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in text)
    return " ".join(kept.split())


def paper_id_for(title: str) -> str:
    """The id of a paper whose source gives none: :func:`~kg.canon.paper_id_for_title` for a
    title whose letters are all Latin a-z (the ids earlier kg versions gave), else a digest of
    its :func:`title_key`, so titles in other scripts get ids of their own."""
    key = title_key(title)
    if key == normalize_title(title):
        return paper_id_for_title(title)
    return f"t-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def _surrogate(*texts: str) -> str | None:
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            return (f"text contains a lone surrogate (U+{ord(text[error.start]):04X}), which "
                    "is not Unicode text; fix the escape in the source")
    return None
