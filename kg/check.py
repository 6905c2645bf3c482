"""``kg check``: is a store whole, and if not, what to do about it.

>>> with open_store("kg-store") as store:  # doctest: +SKIP
...     report = check_store(store, records_for("kg-store"))
>>> report.ok, report.problems  # doctest: +SKIP
(True, [])

The checks, cheapest first: the extraction records read back; no writer is at work or left
half-made files; the graph file's SHA-256 equals the one written when it was swapped in (a
flipped byte shows here, where queries would silently give wrong answers); the graph opens and
holds one Paper node per current record. :func:`repair` rewrites the graph from the records.
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.records import QUARANTINE, RecordStore
from kg.store import GraphStore
from kg.store.embedded import CHECKSUM, DATABASE, EmbeddedStore, file_digest
from kg.store.lock import LOCK_FILE


@dataclass
class CheckReport:
    """What ``kg check`` found: facts that hold, and problems with what to do about each."""

    store: str
    facts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(target: GraphStore, records: RecordStore) -> CheckReport:
    """Check ``target`` and the extraction ``records`` its graph is built from (see the module
    docstring); never raises for what it finds."""
    report = CheckReport(store=target.location)
    fix = (f"run `kg check --repair --store {target.location}` to rewrite the graph from "
           "the extraction records")
    try:
        papers = len(records.index())
        report.facts.append(f"{papers} papers in the extraction records")
    except KgError as error:
        report.problems.append(f"{error}")
        return report
    quarantine = records.folder / QUARANTINE
    if quarantine.is_file():
        with quarantine.open(encoding="utf-8", errors="replace") as handle:
            held = sum(1 for line in handle if line.strip())
        report.facts.append(f"{held} records quarantined in {quarantine} (with the reason for "
                            "each; fix them in the source and build again)")
    writer = _writer(records.folder.parent)
    if writer is not None:
        report.problems.append(f"the store is being written by {writer}: check again when "
                               "it is done")
        return report
    if isinstance(target, EmbeddedStore):
        _check_files(target, records, report, fix)
    try:
        stats = target.stats()
    except KgError as error:
        report.problems.append(f"the graph cannot be read: {error}"
                               + ("" if "--repair" in str(error) else f"; {fix}"))
        return report
    in_graph = stats["nodes"].get("Paper", 0)
    if in_graph == papers:
        report.facts.append(f"{in_graph} Paper nodes in the graph, one per record")
    else:
        report.problems.append(f"the graph holds {in_graph} papers, the records {papers}; {fix}")
    return report


def repair(target: GraphStore, records: RecordStore) -> None:
    """Rewrite the graph from the extraction records (holding the write lock)."""
    from kg.build import writing
    from kg.linker import link

    with writing(target, records, "kg check --repair"):
        target.write(link(records.current))


def _check_files(target: EmbeddedStore, records: RecordStore, report: CheckReport,
                 fix: str) -> None:
    leftovers = sorted(path.name for path in target.path.iterdir()
                       if path.name.startswith(f"{DATABASE}.")
                       and path.name != f"{DATABASE}.wal")
    leftovers += sorted(path.name for path in records.folder.glob("*.tmp"))
    if leftovers:
        report.problems.append(f"files a stopped writer left: {', '.join(leftovers)}; the next "
                               f"write deletes them, or {fix}")
    database = target.database
    if not database.is_file():
        report.problems.append(f"no graph file {database}; {fix}")
        return
    try:
        expected = json.loads((target.path / CHECKSUM).read_text(encoding="utf-8"))["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        report.facts.append(f"no checksum of {DATABASE} to compare (written by an older kg)")
        return
    if Path(f"{database}.wal").exists():
        report.facts.append(f"{DATABASE} has changes in its write-ahead log (kg query --write): "
                            "its checksum is not compared")
    elif file_digest(database) == expected:
        report.facts.append(f"{DATABASE} matches the checksum written when it was swapped in")
    else:
        report.problems.append(f"{database} differs from the checksum written when it was "
                               f"swapped in (damaged on disk, or changed by kg query --write); "
                               f"{fix}")


def _writer(folder: Path) -> str | None:
    """Who holds the store's write lock now, or None when nobody does."""
    path = folder / LOCK_FILE
    if not path.is_file():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                data = json.loads(os.pread(fd, 4096, 0).decode())
                return f"PID {data['pid']} since {data['since']} ({data['command']})"
            except (OSError, ValueError, KeyError, TypeError):
                return "another process"
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)

