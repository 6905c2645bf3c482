"""Extraction records on disk: the papers a graph is built from and what the extractor found
in them. kg.build keeps them beside the graph's store (:func:`records_for`) and links them
into the graph it writes there; the stores themselves never see them.

A folder of JSON-lines shards (``shard-000001.jsonl``, ...), one :class:`~kg.graph.PaperRecord`
a line; a later shard's record for a paper id supersedes an earlier one, and a ``{"removed": id}``
line retracts a paper. Shards are written to a temporary name and renamed when complete, so a
killed build leaves only whole shards behind and re-running it skips the papers they hold.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from kg.atomic import atomic_file
from kg.errors import KgError
from kg.graph import PaperRecord
from kg.store import is_server

_SHARD = re.compile(r"shard-(\d{6})\.jsonl")
#: Where records that cannot be loaded into the graph are kept, with their reason.
QUARANTINE = "quarantine.jsonl"
#: The records' folder inside an embedded store's folder, or inside a server store's work folder.
FOLDER = "records"
#: The local work folder that keeps the extraction records of a graph on a Neo4j server.
DEFAULT_WORK = "kg-work"


def records_for(location: str | Path, work: str | Path | None = None) -> RecordStore:
    """The extraction records of the graph at store ``location``: ``records/`` in an embedded
    store's folder; for a Neo4j server (which holds only the graph), ``records/`` in the local
    ``work`` folder (default :data:`DEFAULT_WORK`)."""
    if is_server(location):
        return RecordStore(Path(work or DEFAULT_WORK) / FOLDER)
    return RecordStore(Path(location) / FOLDER)


class RecordStore:
    """The extraction records of one store, in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def shards(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if _SHARD.fullmatch(p.name))

    def _lines(self) -> Iterator[tuple[Path, int, str]]:
        for shard in self.shards():
            try:
                handle = shard.open("rb")
            except OSError as error:
                raise RecordError(f"{shard}: cannot read the extraction records "
                                  f"({error.strerror or error}); check its permissions") from error
            with handle:
                for number, raw in enumerate(handle, start=1):
                    try:
                        line = raw.decode("utf-8")
                    except UnicodeDecodeError as error:
                        raise RecordError(f"{shard}:{number}: damaged extraction record (not "
                                          "UTF-8); delete that shard and build again") from error
                    if line.strip():
                        yield shard, number, line

    def _positions(self) -> tuple[dict[str, tuple[Path, int]], dict[str, tuple[str, str]]]:
        """Where each paper's current record is, and its (content hash, extractor)."""
        where: dict[str, tuple[Path, int]] = {}
        index: dict[str, tuple[str, str]] = {}
        for shard, number, line in self._lines():
            try:
                data = json.loads(line)
                if "removed" in data:
                    where.pop(data["removed"], None)
                    index.pop(data["removed"], None)
                    continue
                paper_id = data["paper"]["id"]
                index[paper_id] = (data["hash"], data.get("extractor", ""))
            except (ValueError, KeyError, TypeError) as error:
                raise RecordError(f"{shard}:{number}: damaged extraction record ({error}); "
                                  "delete that shard and build again") from error
            where[paper_id] = (shard, number)
        return where, index

    def index(self) -> dict[str, tuple[str, str]]:
        """Paper id -> (content hash, extractor fingerprint) of its current record."""
        return self._positions()[1]

    def current(self) -> Iterator[PaperRecord]:
        """The current record of every paper, streamed from the shards (one at a time)."""
        wanted = {(shard, number) for shard, number in self._positions()[0].values()}
        for shard, number, line in self._lines():
            if (shard, number) in wanted:
                try:
                    yield PaperRecord.from_json(line)
                except (ValueError, KeyError, TypeError) as error:
                    raise RecordError(f"{shard}:{number}: damaged extraction record ({error}); "
                                      "delete that shard and build again") from error

    def load(self) -> dict[str, PaperRecord]:
        """The current record of every paper, by paper id (all in memory: small stores)."""
        return {record.paper.id: record for record in self.current()}

    def writer(self, shard_size: int = 500, flush_seconds: float = 30.0) -> ShardWriter:
        """A writer that appends new shards of at most ``shard_size`` records each, and at
        least every ``flush_seconds``, so a killed build loses little work."""
        return ShardWriter(self, shard_size, flush_seconds)

    def remove(self, paper_ids: Iterable[str]) -> None:
        """Retract papers: a shard of tombstones."""
        with self.remove_pending(paper_ids) as commit:
            commit()

    @contextmanager
    def remove_pending(self, paper_ids: Iterable[str]) -> Iterator[Callable[[], None]]:
        """A shard of tombstones for ``paper_ids``, written but not yet in force: it counts
        only once the ``commit`` function the block gets is called (a rename); if the block
        raises first, it is deleted and the papers stay."""
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.folder / f"shard-{self.next_number():06d}.jsonl"
        temporary = final.with_suffix(".jsonl.tmp")
        _write_synced(temporary, "".join(json.dumps({"removed": pid}) + "\n"
                                         for pid in paper_ids))

        def commit() -> None:
            os.replace(temporary, final)

        try:
            yield commit
        finally:
            temporary.unlink(missing_ok=True)

    def clean_staging(self) -> None:
        """Delete the temporary shards a killed writer left (call it holding the write lock)."""
        if self.folder.is_dir():
            for leftover in self.folder.glob("shard-*.jsonl.tmp"):
                leftover.unlink(missing_ok=True)

    def quarantine(self, problem: Callable[[str], str | None],
                   ids: Iterable[str] | None = None) -> list[str]:
        """Move every current record whose paper id ``problem`` finds a reason against out of
        the graph's way: the record and its reason go to ``quarantine.jsonl`` in this folder,
        and a tombstone retracts it. ``ids`` are the current ids if known. Returns the
        quarantined paper ids."""
        reasons = {pid: reason for pid in (self.index() if ids is None else ids)
                   if (reason := problem(pid)) is not None}
        if not reasons:
            return []
        bad = [(record, reasons[record.paper.id]) for record in self.current()
               if record.paper.id in reasons]
        with (self.folder / QUARANTINE).open("a", encoding="utf-8") as handle:
            for record, reason in bad:
                handle.write(json.dumps({"reason": reason, "record": json.loads(record.to_json())},
                                        ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.remove(record.paper.id for record, _ in bad)
        return [record.paper.id for record, _ in bad]

    def next_number(self) -> int:
        shards = self.shards()
        return int(_SHARD.fullmatch(shards[-1].name).group(1)) + 1 if shards else 1


class ShardWriter:
    """Buffers records and writes each full shard atomically (temp file, fsync, rename)."""

    def __init__(self, store: RecordStore, shard_size: int, flush_seconds: float = 30.0) -> None:
        self.store = store
        self.shard_size = shard_size
        self.flush_seconds = flush_seconds
        self.buffer: list[str] = []
        self.written = 0
        self._last_flush = time.monotonic()

    def add(self, record: PaperRecord) -> None:
        self.write_line(record.to_json())

    def write_line(self, line: str) -> None:
        self.buffer.append(line)
        if (len(self.buffer) >= self.shard_size
                or time.monotonic() - self._last_flush >= self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        self._last_flush = time.monotonic()
        if not self.buffer:
            return
        self.store.folder.mkdir(parents=True, exist_ok=True)
        final = self.store.folder / f"shard-{self.store.next_number():06d}.jsonl"
        with atomic_file(final, "w") as handle:
            handle.write("\n".join(self.buffer) + "\n")
        self.written += len(self.buffer)
        self.buffer.clear()

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # Whole records are kept even when the build stops early (Ctrl-C included): they are
        # valid, and the next build then skips them.
        self.flush()


def _write_synced(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` and flush it to the disk; a failed write leaves no file."""
    try:
        with path.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


class RecordError(KgError, RuntimeError):
    """A record shard cannot be read back."""
