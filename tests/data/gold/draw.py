"""Draw the papers of the in-domain gold: a seeded random sample of the bundled sample corpus,
read as ``kg build --sample`` reads it. The first 40 drawn were the first round (20 dev, then 20
test); the second round drew 30 more for dev. A larger sample of the same seed keeps the first 40
as they were, so the test half is unchanged. The third round ("check") drew 30 papers from those the
first two left, with the same seed: papers that no rule was written from, to check rules and
calibration on before the test half. Once check had chosen a calibration, the fourth round
("check2") drew 30 more from those the first three left, with the same seed, for the same job.

    python tests/data/gold/draw.py          # prints: split, paper id, title
"""

from __future__ import annotations

import random

from kg.data import SAMPLE_CORPUS
from kg.sources import deduplicate, read_papers

SEED = 23  # the issue that asked for this gold
SIZE = 70
DEV = (slice(0, 20), slice(40, SIZE))  # the first round's dev half, then the second round
TEST = slice(20, 40)
CHECK = 30  # the third round, drawn from the papers the first two left
CHECK2 = 30  # the fourth round, drawn from the papers the first three left


def draw() -> dict[str, list]:
    """The drawn papers, {"dev": [...], "test": [...], "check": [...], "check2": [...]}, in draw
    order."""
    papers = list(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)))
    drawn = random.Random(SEED).sample(papers, SIZE)
    taken = {paper.id for paper in drawn}
    rest = [paper for paper in papers if paper.id not in taken]
    check = random.Random(SEED).sample(rest, CHECK)
    taken |= {paper.id for paper in check}
    rest = [paper for paper in papers if paper.id not in taken]
    return {"dev": [paper for part in DEV for paper in drawn[part]], "test": drawn[TEST],
            "check": check, "check2": random.Random(SEED).sample(rest, CHECK2)}


if __name__ == "__main__":
    for split, papers in draw().items():
        for paper in papers:
            print(split, paper.id, paper.title, sep="\t")
