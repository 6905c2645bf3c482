"""One writer per store: an OS file lock that build, remove and ``query --write`` hold.

>>> with store_lock(folder, command="kg build"):  # doctest: +SKIP
...     ...  # write the records and swap the graph in

The lock is ``fcntl.flock`` on ``write.lock`` in the store folder, and in the folder that holds
its extraction records where that is another (a Neo4j store's work folder), so the kernel
releases it when the holder exits, killed or not: a crash never leaves a stale lock. The holder
writes its PID, start time and command into the file, which a second writer names when it gives
up. Readers take no lock: they read the last whole graph, which a writer replaces by an atomic
rename.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kg.store.base import StoreError

#: The lock file's name inside the store (or work) folder.
LOCK_FILE = "write.lock"
#: Seconds a second writer waits for the lock before it gives up ($KG_LOCK_WAIT overrides).
DEFAULT_WAIT = 10.0
_POLL = 0.1


class StoreLocked(StoreError):
    """Another process is writing the store."""


def lock_wait() -> float:
    """How long a writer waits for the lock: $KG_LOCK_WAIT seconds, else :data:`DEFAULT_WAIT`."""
    try:
        return max(0.0, float(os.environ.get("KG_LOCK_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


@contextmanager
def store_lock(folder: str | Path, *, command: str = "kg", wait: float | None = None
               ) -> Iterator[None]:
    """Hold the write lock of the store in ``folder`` (created if missing) for the block.

    Waits up to ``wait`` seconds (default :func:`lock_wait`) for another writer to finish, then
    raises :class:`StoreLocked` naming that writer's PID, start time and command.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StoreError(f"cannot take the write lock in {folder}: "
                         f"{error.strerror or error}; check that the folder is writable") from error
    try:
        deadline = time.monotonic() + (lock_wait() if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreLocked(f"store {folder} is being written by {_holder(fd)}; "
                                      "wait for it to finish, then run this again") from None
                time.sleep(_POLL)
        _write_holder(fd, command)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _write_holder(fd: int, command: str) -> None:
    since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    data = json.dumps({"pid": os.getpid(), "since": since, "command": command}) + "\n"
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, data.encode(), 0)
    except OSError:
        pass  # the lock holds without the note; a waiter then names no PID


def _holder(fd: int) -> str:
    """Who holds the lock, as the holder wrote it: "PID N since TIME (COMMAND)"."""
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode())
        return f"PID {int(data['pid'])} since {data['since']} ({data['command']})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"
