"""What every source reader shares: skip reports and the reader signature."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.graph import Paper


@dataclass(frozen=True, slots=True)
class Skip:
    """Something a reader could not use: which file, which line (1-based, if known), and why."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


#: Called once per skipped record or file; readers never raise for bad records.
OnSkip = Callable[[Skip], None]

#: A reader turns one file into papers, reporting what it skips.
Reader = Callable[[Path, OnSkip], Iterator[Paper]]
