"""Gold documents as spaCy training docs: spans in ``doc.spans["sc"]``, gold sentence starts,
relations (token offsets) in ``doc.user_data["kg_gold_relations"]``; SciREX's tokenized papers
as gold windows of text (:func:`scirex_windows`)."""

from __future__ import annotations

import gzip
import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
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


#: SciREX's marker words that open a paper's title and its sections ("section : Abstract").
SCIREX_MARKERS = ("document", "section", "bibliography")


def detokenize(words: list[str]) -> str:
    """SciREX's tokens back to text: no spaces around hyphens, before closing punctuation."""
    text = " ".join(words)
    for a, b in ((" - ", "-"), (" .", "."), (" ,", ","), ("( ", "("), (" )", ")"), (" _ ", "_")):
        text = text.replace(a, b)
    return text


def _char_start(words: list[str], text: str, start: int, end: int) -> int | None:
    """Where ``words[start:end]``, detokenized, begins in ``text`` (``detokenize(words)``)."""
    name = detokenize(words[start:end])
    before = len(detokenize(words[:start])) if start else 0
    for at in (before + 1, before, before - 1, before + 2):
        if at >= 0 and text.startswith(name, at):
            return at
    return None


def scirex_windows(doc: Mapping, labels: Mapping[str, str], max_chars: int,
                   body_windows: int) -> list[GoldDoc]:
    """One SciREX paper (a line of its ``docs.jsonl.gz``) as gold windows of whole sentences
    of one section, detokenized, at most ``max_chars`` characters each (a longer sentence is
    left out): the title and abstract's windows, then the ``body_windows`` body windows with
    the most mentions, in text order. Mentions are relabelled by ``labels`` (SciREX label ->
    scheme label; one it does not map becomes "": a term with no label of the scheme); the
    windows have no relations (SciREX annotates none within sentences). The title and section
    markers ("document :", "section :") are left out of the text."""
    words = doc["words"]
    sections = [start for start, _ in doc.get("sections", [])]
    abstract_end = doc["sections"][1][0] if len(sections) > 1 else len(words)
    windows: list[list[tuple[int, int]]] = []
    size = 0
    for start, end in doc["sentences"]:
        if end - start > 1 and words[start] in SCIREX_MARKERS and words[start + 1] == ":":
            start += 2  # "section : Introduction ...": the heading words stay
        if end <= start:
            continue
        length = len(detokenize(words[start:end]))
        if length > max_chars:
            continue
        crosses = bool(windows) and bisect_right(sections, windows[-1][0][0]) != bisect_right(
            sections, start)
        if windows and not crosses and size + 1 + length <= max_chars:
            windows[-1].append((start, end))
            size += 1 + length
        else:
            windows.append([(start, end)])
            size = length
    mentions = [(s, e, labels.get(label, "")) for s, e, label in doc["ner"]]

    def count(window: list[tuple[int, int]]) -> int:
        return sum(1 for s, e, _ in mentions if window[0][0] <= s and e <= window[-1][1])

    abstract = [i for i, w in enumerate(windows) if w[0][0] < abstract_end]
    body = sorted((i for i in range(len(windows)) if i not in abstract and count(windows[i])),
                  key=lambda i: -count(windows[i]))[:body_windows]
    out = []
    for i in [*abstract, *sorted(body)]:
        kept = [k for start, end in windows[i] for k in range(start, end)]
        new = {k: j for j, k in enumerate(kept)}
        part = [words[k] for k in kept]
        text = detokenize(part)
        sentences, entities = [], []
        for start, end in windows[i]:
            at = _char_start(part, text, new[start], new[end - 1] + 1)
            if at is not None:
                sentences.append((at, at + len(detokenize(words[start:end]))))
        for s, e, label in mentions:
            if s in new and e - 1 in new and new[e - 1] - new[s] == e - 1 - s:
                at = _char_start(part, text, new[s], new[e - 1] + 1)
                if at is not None:
                    entities.append((at, at + len(detokenize(words[s:e])), label))
        out.append(GoldDoc(key=f"{doc['doc_id']}#{i}", text=text, tokens=(),
                           sentences=tuple(sentences), entities=tuple(sorted(entities)),
                           relations=()))
    return out


def read_scirex(path: Path, labels: Mapping[str, str], max_chars: int, body_windows: int
                ) -> Iterator[GoldDoc]:
    """Every paper of SciREX's ``docs.jsonl.gz`` at ``path`` as :func:`scirex_windows`."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from error
            yield from scirex_windows(doc, labels, max_chars, body_windows)


__all__ = ["RELATIONS", "SPAN_KEY", "align_gold", "convert", "detokenize", "gold_to_doc",
           "read_scirex", "scirex_windows", "write_docbin"]
