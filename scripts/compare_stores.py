"""Compare two embedded kg stores key by key: the stored graph (every paper, concept and
relationship with all its properties) and the extraction records (mentions and relations of
every paper, the extractor fingerprint aside). A paper's ``source`` is compared by file name
and line, so that two checkouts reading the same sample corpus compare equal. Prints what
differs; exit status 1 if anything does.

    python scripts/compare_stores.py /tmp/before /tmp/after
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import kg


def graph_items(location: str) -> dict[tuple[str, ...], Any]:
    with kg.open_store(location) as store:
        graph = store.graph()
    items: dict[tuple[str, ...], Any] = {}
    for paper in graph.papers():
        items[("Paper", paper.id)] = _local(paper.to_dict())
    for concept in graph.concepts():
        items[(concept.label, concept.key)] = asdict(concept)
    for edge in graph.edges():
        items[(edge.type, *map(str, edge.source), *map(str, edge.target))] = asdict(edge)
    return items


def record_items(location: str) -> dict[tuple[str, ...], Any]:
    items: dict[tuple[str, ...], Any] = {}
    for shard in sorted((Path(location) / "records").glob("*.jsonl")):
        for line in shard.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            data.pop("extractor", None)
            data["paper"] = _local(data["paper"])
            items[("record", data["paper"]["id"])] = data
    return items


def _local(paper: dict[str, Any]) -> dict[str, Any]:
    """The paper with its source as ``file:line`` (no folder)."""
    return {**paper, "source": Path(paper.get("source") or "").name}


def compare(name: str, before: dict[tuple[str, ...], Any],
            after: dict[tuple[str, ...], Any]) -> int:
    only_before = sorted(before.keys() - after.keys())
    only_after = sorted(after.keys() - before.keys())
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    print(f"{name}: {len(before)} before, {len(after)} after; {len(only_before)} only before, "
          f"{len(only_after)} only after, {len(changed)} changed")
    for key in [*only_before[:5], *only_after[:5], *changed[:5]]:
        print("  ", key)
    return len(only_before) + len(only_after) + len(changed)


def main(before: str, after: str) -> int:
    differences = compare("graph", graph_items(before), graph_items(after))
    differences += compare("records", record_items(before), record_items(after))
    print("identical" if not differences else f"{differences} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
