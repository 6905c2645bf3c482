"""Word lists that steer candidate trimming and typing, loaded from ``lexicons/*.txt``.

Each file is data, one entry a line, ``#`` comments; edit the files, not this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from kg.canon import fold, is_acronym, singular

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
    #: known terms plus the names mined from training data (scripts/mine_lexicon.py): the
    #: corpus-level label vote reads these; mentions are typed with the hand-kept ones only
    named_terms: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)  # folded variant -> folded name
    degree_modifiers: frozenset[str] = frozenset()  # "high", "limited", "large"
    generic_modifiers: frozenset[str] = frozenset()  # "theoretical", "empirical", "key"
    #: heads of mathematical objects and properties ("limit", "matrix", "prior"): a Concept
    concept_heads: frozenset[str] = frozenset()

    @cached_property
    def vague_words(self) -> frozenset[str]:
        """Stop, degree and generic modifiers: what :meth:`generic` lets a phrase hold."""
        return self.stop_modifiers | self.degree_modifiers | self.generic_modifiers

    @cached_property
    def vague_heads(self) -> frozenset[str]:
        """Generic and non-term heads: the heads :meth:`generic` reads as no particular thing."""
        return self.generic_heads | self.non_term_heads

    @cached_property
    def vague_chunk_words(self) -> frozenset[str]:
        """Generic heads and stop modifiers: the words a candidate made only of is no term."""
        return self.generic_heads | self.stop_modifiers

    def label_for_head(self, lemma: str) -> str | None:
        return self.head_labels.get(lemma.lower())

    def generic(self, text: str) -> bool:
        """Whether a phrase names no particular thing: after determiners and possessives,
        a generic or non-term head ("our approach", "theoretical motivation", "trade-off",
        "building block") with only vague, degree or discourse modifiers; or any noun with only
        degree modifiers ("high probability", "limited precision"). Names (acronyms, CamelCase,
        digits) and known terms are never generic.

        >>> lexicon = load_lexicon()
        >>> [lexicon.generic(t) for t in ("our approach", "high probability", "trade-off",
        ...  "building block", "robust optimization", "limited precision", "LoRA")]
        [True, True, True, True, False, True, False]
        """
        words = [w for w in text.replace("\u2019s", " ").replace("'s", " ").split()
                 if w.lower() not in _DETERMINERS]
        if not words:
            return True
        if fold(text).lower() in self.known_terms or any(_named(w) for w in words):
            return False
        lowered = [w.lower() for w in words]
        head = singular(lowered[-1])
        modifiers = lowered[:-1]
        vague, heads = self.vague_words, self.vague_heads
        if " ".join([*modifiers[-1:], head]) in heads or head.replace("-", " ") in heads:
            modifiers = modifiers[:-1] if " ".join([*modifiers[-1:], head]) in heads \
                else modifiers
            return all(m in vague or m in heads for m in modifiers)
        if head in heads:
            return all(m in vague or m in heads for m in modifiers)
        if modifiers and all(m in self.degree_modifiers for m in modifiers):
            return True
        return all(w in vague for w in lowered)


#: Words before a phrase's content that never belong to a name.
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "our", "their", "its", "his",
                "her", "my", "your", "such", "some", "any", "each", "every", "all", "both",
                "we", "it", "they", "which", "what"}


def _named(word: str) -> bool:
    """A word that names something: an acronym, CamelCase or letters with digits."""
    return is_acronym(word) or any(c.isupper() for c in word[1:]) or (
        any(c.isdigit() for c in word) and any(c.isalpha() for c in word))


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
    named = dict(known)  # hand-kept names first
    for line in _lines("mined_terms.tsv"):
        term, label = line.split("\t")
        named.setdefault(fold(term).lower(), label)
    synonyms = {}
    for line in _lines("synonyms.tsv"):
        variant, name = line.split("\t")
        synonyms[fold(variant)] = fold(name)
    generic = _lines("generic_heads.txt")
    return Lexicon(
        generic_heads=frozenset(g.rstrip("+") for g in generic),
        kind_heads=frozenset(g.rstrip("+") for g in generic if g.endswith("+")),
        non_term_heads=frozenset(_lines("non_term_heads.txt")),
        stop_modifiers=frozenset(_lines("stop_modifiers.txt")),
        head_labels=head_labels,
        broad_heads=frozenset(broad),
        known_terms=known,
        named_terms=named,
        synonyms=synonyms,
        degree_modifiers=frozenset(_lines("degree_modifiers.txt")),
        generic_modifiers=frozenset(_lines("generic_modifiers.txt")),
        concept_heads=frozenset(_lines("concept_heads.txt")),
    )
