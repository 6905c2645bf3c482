"""Word lists that steer candidate trimming and typing, loaded from ``lexicons/*.txt``.

Each file is data, one entry a line, ``#`` comments; edit the files, not this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.canon import fold

LEXICON_DIR = Path(__file__).parent / "lexicons"

#: Head-lemma lists and the label each one assigns.
HEAD_FILES = {
    "Dataset": "dataset_heads.txt",
    "Metric": "metric_heads.txt",
    "Task": "task_heads.txt",
    "Method": "method_heads.txt",
}


@dataclass(frozen=True)
class Lexicon:
    """Everything the rule components look words up in."""

    generic_heads: frozenset[str]
    kind_heads: frozenset[str]  # generic heads an adjective turns into a kind ("linear model")
    non_term_heads: frozenset[str]
    stop_modifiers: frozenset[str]
    head_labels: dict[str, str]  # head lemma -> label
    broad_heads: frozenset[str]  # heads too broad to be a term on their own
    known_terms: dict[str, str]  # folded term -> label

    def label_for_head(self, lemma: str) -> str | None:
        return self.head_labels.get(lemma.lower())


def _lines(name: str) -> list[str]:
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def load_lexicon() -> Lexicon:
    """The shipped lexicon (read once per process)."""
    head_labels: dict[str, str] = {}
    broad: set[str] = set()
    for label, name in HEAD_FILES.items():
        for entry in _lines(name):
            lemma = entry.rstrip("!").lower()
            head_labels.setdefault(lemma, label)
            if entry.endswith("!"):
                broad.add(lemma)
    known: dict[str, str] = {}
    for line in _lines("known_terms.tsv"):
        term, label = line.split("\t")
        known[fold(term).lower()] = label
    generic = _lines("generic_heads.txt")
    return Lexicon(
        generic_heads=frozenset(g.rstrip("+") for g in generic),
        kind_heads=frozenset(g.rstrip("+") for g in generic if g.endswith("+")),
        non_term_heads=frozenset(_lines("non_term_heads.txt")),
        stop_modifiers=frozenset(_lines("stop_modifiers.txt")),
        head_labels=head_labels,
        broad_heads=frozenset(broad),
        known_terms=known,
    )
