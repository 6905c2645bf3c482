"""Extraction records on disk: the papers a store holds and what the extractor found in them.

A folder of JSON-lines shards (``shard-000001.jsonl``, ...), one :class:`~kg.graph.PaperRecord`
a line; a later shard's record for a paper id supersedes an earlier one, and a ``{"removed": id}``
line retracts a paper. Shards are written to a temporary name and renamed when complete, so a
killed build leaves only whole shards behind and re-running it skips the papers they hold.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from kg.graph import PaperRecord

_SHARD = re.compile(r"shard-(\d{6})\.jsonl")


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
            with shard.open(encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield shard, number, line

    def load(self) -> dict[str, PaperRecord]:
        """The current record of every paper, by paper id."""
        records: dict[str, PaperRecord] = {}
        for shard, number, line in self._lines():
            try:
                if line.startswith('{"removed"'):
                    records.pop(json.loads(line)["removed"], None)
                    continue
                record = PaperRecord.from_json(line)
            except (ValueError, KeyError, TypeError) as error:
                raise RecordError(f"{shard}:{number}: damaged extraction record ({error}); "
                                  "delete that shard and build again") from error
            records[record.paper.id] = record
        return records

    def index(self) -> dict[str, tuple[str, str]]:
        """Paper id -> (content hash, extractor fingerprint) of its current record."""
        return {pid: (r.paper.content_hash, r.extractor) for pid, r in self.load().items()}

    def writer(self, shard_size: int = 500) -> ShardWriter:
        """A writer that appends new shards of at most ``shard_size`` records each."""
        return ShardWriter(self, shard_size)

    def remove(self, paper_ids: Iterable[str]) -> None:
        """Retract papers: a shard of tombstones."""
        with self.writer() as writer:
            for paper_id in paper_ids:
                writer.write_line(json.dumps({"removed": paper_id}))

    def next_number(self) -> int:
        shards = self.shards()
        return int(_SHARD.fullmatch(shards[-1].name).group(1)) + 1 if shards else 1


class ShardWriter:
    """Buffers records and writes each full shard atomically (temp file, fsync, rename)."""

    def __init__(self, store: RecordStore, shard_size: int) -> None:
        self.store = store
        self.shard_size = shard_size
        self.buffer: list[str] = []
        self.written = 0

    def add(self, record: PaperRecord) -> None:
        self.write_line(record.to_json())

    def write_line(self, line: str) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= self.shard_size:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        self.store.folder.mkdir(parents=True, exist_ok=True)
        final = self.store.folder / f"shard-{self.store.next_number():06d}.jsonl"
        temporary = final.with_suffix(".jsonl.tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write("\n".join(self.buffer) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        self.written += len(self.buffer)
        self.buffer.clear()

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # Whole records are kept even when the build stops early (Ctrl-C included): they are
        # valid, and the next build then skips them.
        self.flush()


class RecordError(RuntimeError):
    """A record shard cannot be read back."""
