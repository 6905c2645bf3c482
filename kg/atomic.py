"""Files replaced all at once: written beside their final name, flushed to disk, then renamed
over it, so a reader (or a crash) never sees half a file.

>>> import tempfile; from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_file(path, "w") as out:
...     _ = out.write("whole")
>>> path.read_text()
'whole'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_file(path: str | Path, mode: str = "wb", *, buffering: int = -1,
                encoding: str | None = None) -> Iterator[IO[Any]]:
    """A new file (``mode`` ``"wb"`` or ``"w"``) beside ``path`` that replaces ``path``, with
    mode 0644, only once the block finishes without an error; on an error it is deleted and
    ``path`` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    if "b" not in mode and encoding is None:
        encoding = "utf-8"
    try:
        with os.fdopen(fd, mode, buffering=buffering, encoding=encoding) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
