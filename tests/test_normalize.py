"""Text normalization before extraction: LaTeX and line-broken words, offsets into the original."""

from __future__ import annotations

import pytest

from kg.extract.normalize import normalize, restore
from kg.extract.runner import extract
from kg.graph import Mention, Paper, PaperRecord, RelationMention


@pytest.mark.parametrize(("text", "expected"), [
    ("novel meth- ods for", "novel methods for"),
    ("repre-\nsentation learning", "representation learning"),
    ("intra- and inter-layer", "intra- and inter-layer"),  # a suspended hyphen stays
    ("up to 30\\% faster", "up to 30% faster"),
    ("a \\textit{stable perplexity} regime", "a stable perplexity regime"),
    ("the {\\it (Model \\(\\times\\) Noise)} grid", "the (Model x Noise) grid"),
    ("a map $g:\\mathbb{R}^q\\to\\mathbb{R}$ here", "a map x here"),
    ("quantity {\\Psi} bounds", "quantity x bounds"),
    ("Title\n\nAbstract", "Title\n\nAbstract"),  # the title separator is kept
])
def test_normalize_rewrites_debris(text: str, expected: str) -> None:
    normalized = normalize(text)
    assert normalized.text == expected
    assert len(normalized.offsets) == len(normalized.text) + 1


def test_offsets_point_into_the_original_text() -> None:
    text = "We use \\textit{meth- ods} in $O(n)$ time"
    normalized = normalize(text)
    start = normalized.text.index("methods")
    original = normalized.original(start, start + len("methods"))
    assert text[original[0]:original[1]] == "meth- ods"
    math = normalized.text.index(" x ") + 1
    assert normalized.covers_math(math, math + 1)
    assert not normalized.covers_math(start, start + 7)


def test_restore_cuts_mentions_at_the_title_and_drops_math() -> None:
    paper = Paper("p", "Feature Extraction", "Deep networks map $x$ well.")
    normalized = normalize(paper.text)
    text = normalized.text
    crossing = text.index("Feature")
    mentions = [
        Mention(text[crossing:text.index(" networks")], "Method", crossing,
                text.index(" networks"), 0, len(text)),
        Mention("networks map x", "Method", text.index("networks"), text.index(" well"),
                0, len(text)),
        Mention("Deep networks", "Method", text.index("Deep"), text.index(" map"), 20,
                len(text)),
    ]
    relations = [RelationMention("USED_FOR", 1, 2, 0.5, "p", 20, len(text)),
                 RelationMention("PROPOSES", None, 2, 0.9, "p", 20, len(text))]
    record = restore(PaperRecord(paper, mentions, relations), normalized)
    assert [m.text for m in record.mentions] == ["Feature Extraction", "Deep networks"]
    title = record.mentions[0]
    assert paper.text[title.start:title.end] == "Feature Extraction"
    assert title.end <= len(paper.title)
    assert [(r.type, r.head, r.tail) for r in record.relations] == [("PROPOSES", None, 1)]


def test_the_pipeline_extracts_from_normalized_text_with_original_offsets() -> None:
    paper = Paper("p", "Sparse coding", "We propose a graph neural net- work for "
                  "molecule property prediction with cost $O(n^2)$ on the QM9 dataset.")
    record = next(extract([paper], model=None))
    texts = [m.text for m in record.mentions]
    assert "graph neural network" in texts
    assert not any("$" in t or "^" in t for t in texts)
    for mention in record.mentions:
        original = paper.text[mention.start:mention.end]
        assert original.replace("- ", "") == mention.text
