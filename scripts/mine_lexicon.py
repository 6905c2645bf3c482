"""Regenerate kg/extract/lexicons/mined_terms.tsv: dataset and metric names from training data.

Sources (training splits only): SciREX's train documents (``shared/data/scirex/docs.jsonl.gz``,
Apache-2.0: its Papers-with-Code result tuples name datasets and metrics, and its mentions are
typed Material = Dataset and Metric) and SciER's train file (Dataset mentions). A name is kept
when it looks like a name (a capital or a digit: "STL-10", "MathQA", "BLEU"), is typed the same
way in at least 80 % of its typed mentions, and is seen in at least two documents (a result
tuple counts as two: it is curated). Known terms in ``known_terms.tsv`` take precedence.

    python scripts/mine_lexicon.py [--data ../shared/data] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from kg.canon import fold
from kg.extract.lexicon import LEXICON_DIR, load_lexicon
from kg.extract.training import detokenize

LABELS = {"Material": "Dataset", "Metric": "Metric", "Method": "Method", "Task": "Task",
          "Dataset": "Dataset"}
KEEP = ("Dataset", "Metric")
MIN_SHARE = 0.8
MIN_DOCS = 2


def clean(name: str) -> str:
    """One space between words, none around hyphens or inside numbers ("CIFAR-1 0")."""
    name = re.sub(r"\s*-\s*", "-", " ".join(name.split()))
    return re.sub(r"(?<=\d) (?=\d|[MKB]\b)", "", name)


def looks_like_name(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return (2 <= len(name) <= 40 and len(letters) >= 2 and len(name.split()) <= 4
            and (any(c.isupper() for c in name) or any(c.isdigit() for c in name)))


def mine(data: Path) -> dict[str, str]:
    """Folded name -> label (Dataset or Metric)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)  # folded -> label -> documents
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    with gzip.open(data / "scirex" / "docs.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            seen: set[tuple[str, str]] = set()
            for relation in doc.get("n_ary_relations", []):
                for field in ("Material", "Metric"):
                    name = clean(relation.get(field, "").replace("_", " "))
                    if looks_like_name(name):
                        key = fold(name)
                        votes[key][LABELS[field]] += 2 if (key, field) not in seen else 0
                        surface[key][name] += 1
                        seen.add((key, field))
            words = doc["words"]
            for start, end, label in doc.get("ner", []):
                name = clean(detokenize(words[start:end]))
                if looks_like_name(name) and (fold(name), label) not in seen:
                    seen.add((fold(name), label))
                    votes[fold(name)][LABELS[label]] += 1
                    surface[fold(name)][name] += 1
    with open(data / "scier" / "train.jsonl", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            seen = set()
            for entity in doc["entities"]:
                name, label = clean(entity["text"]), LABELS.get(entity["label"])
                if label and looks_like_name(name) and (fold(name), label) not in seen:
                    seen.add((fold(name), label))
                    votes[fold(name)][label] += 1
                    surface[fold(name)][name] += 1
    known = load_lexicon().known_terms
    mined = {}
    for key, counter in votes.items():
        label, n = counter.most_common(1)[0]
        if (label in KEEP and n >= MIN_DOCS and n >= MIN_SHARE * sum(counter.values())
                and key.lower() not in known):
            mined[surface[key].most_common(1)[0][0]] = label
    return mined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / ".." / "shared"
                        / "data")
    parser.add_argument("--out", type=Path, default=LEXICON_DIR / "mined_terms.tsv")
    args = parser.parse_args()
    mined = mine(args.data)
    header = ("# Dataset and metric names mined by scripts/mine_lexicon.py from SciREX train "
              "documents (Apache-2.0)\n# and SciER train; do not edit by hand, re-run the "
              "script. term<TAB>label, like known_terms.tsv.\n")
    rows = "".join(f"{name}\t{label}\n" for name, label in sorted(mined.items(),
                                                                   key=lambda kv: kv[0].lower()))
    args.out.write_text(header + rows, encoding="utf-8")
    print(f"{len(mined)} names ({Counter(mined.values())}) -> {args.out}")


if __name__ == "__main__":
    main()
