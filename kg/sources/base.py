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

    def __post_init__(self) -> None:
        # One skip is one line, whatever text from the file its reason quotes.
        if not self.reason.isprintable():
            object.__setattr__(self, "reason", "".join(
                c if c.isprintable() else repr(c)[1:-1] for c in self.reason))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


#: Called once per skipped record or file; readers never raise for bad records.
OnSkip = Callable[[Skip], None]

#: A reader turns one file into papers, reporting what it skips.
Reader = Callable[[Path, OnSkip], Iterator[Paper]]
