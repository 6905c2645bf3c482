"""Make a synthetic corpus of N realistic abstracts for benchmarks, as JSON lines.

Abstracts recombine sentences of the bundled sample corpus and of the SciERC and SciER training
texts (``../shared/data/{scierc,scier}/train.jsonl``, used when present), with lengths drawn
from the sample's; titles recombine fragments of the sample's titles. Ids and titles are unique
(titles also after kg's normalization, so ``kg build`` merges no duplicates). The same seed gives
the same file.

    .venv/bin/python scripts/make_corpus.py 100000 -o corpus-100k.jsonl [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.canon import normalize_title  # noqa: E402
from kg.data import SAMPLE_CORPUS  # noqa: E402
from kg.sources import deduplicate, read_papers  # noqa: E402

#: The gold sets whose texts lend sentences (missing files are left out).
GOLD_TEXTS = [ROOT.parent / "shared" / "data" / name / "train.jsonl"
              for name in ("scierc", "scier")]
#: How often an abstract's sentence comes from each pool (sample, SciERC, SciER).
POOL_WEIGHTS = (0.6, 0.25, 0.15)
YEARS = range(2015, 2026)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
_TITLE_CUT = re.compile(r":\s+|\s+(?:for|with|via|in|of|on|by|from|using|through)\s+")
_NOT_PROSE = re.compile(r"[\[\]{}^_•|=]|\b(?:i\.e|e\.g|al|Fig|Eq|Tab|vs|cf)\.$")
CONNECTORS = (": ", " for ", " with ", " via ", " in ", " of ", " using ")
# SciERC/SciER texts are space-joined tokens: "results ( Ogden et al. , 2 0 1 2 ) ."
_DETOKENIZE = [
    (re.compile(r"(?<=\d) (?=[\d.%])|(?<=\d\.) (?=\d)"), ""),
    (re.compile(r" ([.,;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{]) "), r"\1"),
    (re.compile(r" - "), "-"),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d)\b"), r"\1"),
    (re.compile(r"`` | ''"), '"'),
]


def detokenize(text: str) -> str:
    """Undo the tokenizer's spaces (well enough for benchmark text)."""
    for pattern, replacement in _DETOKENIZE:
        text = pattern.sub(replacement, text)
    return text


def sentences(text: str) -> list[str]:
    """Sentences that read like prose: 40 to 400 characters, capitalized, ending a sentence,
    with balanced parentheses and no citation brackets, bullets or formulas."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text))
            if 40 <= len(s) <= 400 and s[0].isupper() and s[-1] in ".!?"
            and not _NOT_PROSE.search(s) and s.count("(") == s.count(")")]


@dataclass
class Material:
    """What abstracts and titles are recombined from."""

    pools: list[list[str]]  # sentences: sample, SciERC, SciER (an empty pool is never drawn)
    openers: list[str]  # first sentences of the sample abstracts
    lengths: list[int]  # the sample's abstract lengths, in characters
    fragments: list[str]  # pieces of the sample's titles
    titles: list[str]  # the sample's titles

    @classmethod
    def load(cls) -> Material:
        papers = list(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)))
        sample = [sentences(p.abstract) for p in papers]
        pools = [[s for group in sample for s in group]]
        for path in GOLD_TEXTS:
            texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")
                     ] if path.is_file() else []
            pools.append([s for text in texts for s in sentences(detokenize(text))])
        titles = [p.title for p in papers]
        fragments = sorted({f.strip(" .") for t in titles for f in _TITLE_CUT.split(t)
                            if 2 <= len(f.split()) <= 6})
        return cls(pools, [g[0] for g in sample if g], [len(p.abstract) for p in papers],
                   fragments, titles)


def generate(count: int, seed: int = 0, material: Material | None = None) -> Iterator[dict]:
    """``count`` papers (id, title, abstract, year), the same ones for the same seed."""
    material = material or Material.load()
    rng = random.Random(seed)
    pools = [(pool, weight) for pool, weight in zip(material.pools, POOL_WEIGHTS, strict=True)
             if pool]
    seen: set[str] = set()
    for number in range(count):
        target = int(rng.choice(material.lengths) * rng.uniform(0.85, 1.15))
        parts = [rng.choice(material.openers)]
        size = len(parts[0])
        while True:
            pool = rng.choices([p for p, _ in pools], [w for _, w in pools])[0]
            sentence = rng.choice(pool)
            if size + len(sentence) // 2 > target:  # closer to the target without it
                break
            parts.append(sentence)
            size += len(sentence) + 1
        yield {"id": f"synth-{seed}-{number:07d}", "title": _title(rng, material, seen),
               "abstract": " ".join(parts), "year": rng.choice(YEARS)}


def _title(rng: random.Random, material: Material, seen: set[str]) -> str:
    """A title not seen before: a sample title first, then recombined fragments."""
    while True:
        if len(seen) < len(material.titles) and rng.random() < 0.5:
            title = rng.choice(material.titles)
        else:
            first, second = rng.sample(material.fragments, 2)
            title = first + rng.choice(CONNECTORS) + second
        key = normalize_title(title)
        if key not in seen:
            seen.add(key)
            return title


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many abstracts")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the JSONL file")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for paper in generate(args.count, args.seed):
            out.write(json.dumps(paper, ensure_ascii=False) + "\n")
    print(f"Wrote {args.count} abstracts to {args.output} "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
