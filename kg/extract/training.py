"""Gold documents as spaCy training docs: spans in ``doc.spans["sc"]``, gold sentence starts,
relations (token offsets) in ``doc.user_data["kg_gold_relations"]``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from kg.gold import GoldDoc, read_gold

SPAN_KEY = "sc"
RELATIONS = "kg_gold_relations"


def gold_to_doc(nlp: Language, gold: GoldDoc, span_key: str = SPAN_KEY) -> tuple[Doc, int]:
    """A doc made by ``nlp``'s tokenizer from the gold text, with the gold annotation; also the
    number of gold spans that did not align with its tokens (dropped)."""
    doc = nlp.make_doc(gold.text)
    token_at = {t.idx: t.i for t in doc}
    for token in doc:
        token.is_sent_start = token.i == 0
    for start, _ in gold.sentences:
        if start in token_at:
            doc[token_at[start]].is_sent_start = True
    spans, relations = align_gold(doc, gold)
    doc.spans[span_key] = spans
    doc.user_data[RELATIONS] = relations
    return doc, len(gold.entities) - len(spans)


def align_gold(doc: Doc, gold: GoldDoc) -> tuple[list[Span], list[tuple[int, int, int, int, str]]]:
    """The gold spans that fall on ``doc``'s token boundaries, labelled, and the gold relations
    between them in token offsets (head start, head end, tail start, tail end, label)."""
    spans, by_offsets = [], {}
    for start, end, label in gold.entities:
        span = doc.char_span(start, end, label=label)
        if span is not None:
            spans.append(span)
            by_offsets[(start, end)] = span
    relations = []
    for hs, he, ts, te, label in gold.relations:
        head, tail = by_offsets.get((hs, he)), by_offsets.get((ts, te))
        if head is not None and tail is not None:
            relations.append((head.start, head.end, tail.start, tail.end, label))
    return spans, relations


def split_gold(gold: GoldDoc, max_chars: int) -> list[GoldDoc]:
    """A long document (SciER's are whole papers) as pieces of whole sentences of at most
    ``max_chars`` characters (a longer sentence is a piece of its own), offsets rebased."""
    pieces: list[list[tuple[int, int]]] = [[]]
    for sentence in gold.sentences:
        current = pieces[-1]
        if current and sentence[1] - current[0][0] > max_chars:
            pieces.append([])
        pieces[-1].append(sentence)
    out = []
    for i, sentences in enumerate(p for p in pieces if p):
        start, end = sentences[0][0], sentences[-1][1]
        inside = lambda s, e, lo=start, hi=end: lo <= s and e <= hi  # noqa: E731
        out.append(GoldDoc(
            key=f"{gold.key}#{i}", text=gold.text[start:end], tokens=(),
            sentences=tuple((s - start, e - start) for s, e in sentences),
            entities=tuple((s - start, e - start, label) for s, e, label in gold.entities
                           if inside(s, e)),
            relations=tuple((hs - start, he - start, ts - start, te - start, label)
                            for hs, he, ts, te, label in gold.relations
                            if inside(hs, he) and inside(ts, te))))
    return out


def write_docbin(nlp: Language, golds: Iterable[GoldDoc], path: Path,
                 max_chars: int = 0) -> tuple[int, int]:
    """Convert gold docs to a ``.spacy`` file, long ones split into pieces of at most
    ``max_chars`` (0: never); returns (docs written, spans dropped)."""
    bin_ = DocBin(attrs=["ORTH", "SENT_START"], store_user_data=True)
    count = lost = 0
    for gold in golds:
        for piece in split_gold(gold, max_chars) if max_chars else [gold]:
            doc, dropped = gold_to_doc(nlp, piece)
            bin_.add(doc)
            count += 1
            lost += dropped
    path.parent.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(path)
    return count, lost


def convert(nlp: Language, gold_path: Path, out: Path, max_chars: int = 0) -> tuple[int, int]:
    """Gold JSON lines to a ``.spacy`` training file."""
    return write_docbin(nlp, read_gold(gold_path), out, max_chars)


__all__ = ["RELATIONS", "SPAN_KEY", "align_gold", "convert", "gold_to_doc", "write_docbin"]
