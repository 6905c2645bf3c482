"""Candidate spans for the trained span recognizer: n-grams that could be a term.

spaCy's ``ngram_suggester`` offers every n-gram up to the longest size; the span classifier then
scores each one, and that scoring is most of the extraction time. Gold terms in SciERC and SciER
almost never start or end with a function word or punctuation, nor hold a comma or a sentence
break, so those n-grams are not offered: on both dev sets this keeps about a third of the
n-grams and nearly every gold span up to 8 tokens (tests/test_trained.py checks this on the dev
data; figures in docs/decisions.md). Single tokens are always offered (SciERC tags "it" as Generic).

A model trained with the plain n-gram suggester runs with this one unchanged: dropping
candidates only drops spans the classifier would have had to reject.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

#: Words a term does not start or end with.
EDGE_WORDS = frozenset({
    "the", "a", "an", "of", "in", "for", "to", "and", "or", "with", "on", "by", "is", "are", "was",
    "were", "be", "we", "this", "that", "these", "those", "which", "as", "from", "at", "our", "its",
    "their", "it", "than", "into", "via", "using", "based", "such"})
#: Tokens a multi-token term never contains.
BREAKS = frozenset({",", ".", ";", ":", "!", "?"})
OPENING, CLOSING = frozenset("(["), frozenset(")]")

Suggester = Callable[..., Ragged]


def term_ngrams(doc: Doc, sizes: Iterable[int]) -> np.ndarray:
    """(start, end) token offsets of the n-grams of ``doc`` that could be terms."""
    words = [t.lower_ for t in doc]
    punct = np.array([t.is_punct for t in doc], dtype=bool)
    bad_start = np.array([(p and w not in OPENING) or w in EDGE_WORDS
                          for w, p in zip(words, punct, strict=True)], dtype=bool)
    bad_end = np.array([(p and w not in CLOSING) or w in EDGE_WORDS
                        for w, p in zip(words, punct, strict=True)], dtype=bool)
    breaks = np.concatenate([[0], np.cumsum([w in BREAKS for w in words])])
    starts = np.arange(len(doc))
    found = []
    for size in sorted(set(sizes)):
        if size > len(doc):
            break
        first = starts[: len(doc) - size + 1]
        last = first + size - 1
        if size == 1:
            keep = ~punct[first]
        else:
            keep = ~bad_start[first] & ~bad_end[last] & (breaks[last + 1] == breaks[first])
        chosen = first[keep]
        found.append(np.stack([chosen, chosen + size], axis=1))
    if not found:
        return np.zeros((0, 2), dtype="i")
    return np.concatenate(found).astype("i")


@registry.misc("kg.term_ngram_suggester.v1")
def build_term_ngram_suggester(sizes: list[int]) -> Suggester:
    """The spancat suggester offering :func:`term_ngrams` of the given sizes."""

    def suggest(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
        ops = ops or get_current_ops()
        per_doc = [term_ngrams(doc, sizes) for doc in docs]
        lengths = ops.asarray1i([len(spans) for spans in per_doc])
        data = np.concatenate(per_doc) if per_doc else np.zeros((0, 2), dtype="i")
        return Ragged(ops.asarray2i(data), lengths)

    return suggest
