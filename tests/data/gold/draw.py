"""Draw the papers of the in-domain gold: a seeded random sample of the bundled sample corpus,
read as ``kg build --sample`` reads it; the first half of the draw is dev, the second test.

    python tests/data/gold/draw.py          # prints: split, paper id, title
"""

from __future__ import annotations

import random

from kg.data import SAMPLE_CORPUS
from kg.sources import deduplicate, read_papers

SEED = 23  # the issue that asked for this gold
SIZE = 40


def draw() -> dict[str, list]:
    """The drawn papers, {"dev": [...], "test": [...]}, in draw order."""
    papers = list(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)))
    drawn = random.Random(SEED).sample(papers, SIZE)
    return {"dev": drawn[: SIZE // 2], "test": drawn[SIZE // 2:]}


if __name__ == "__main__":
    for split, papers in draw().items():
        for paper in papers:
            print(split, paper.id, paper.title, sep="\t")
