"""From a processed spaCy ``Doc`` to a :class:`~kg.graph.PaperRecord` with provenance."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.extract.labeler import MENTIONS
from kg.graph import Mention, Paper, PaperRecord, RelationMention


def sentence_bounds(sentence: Span) -> tuple[int, int]:
    """Character offsets of a sentence without its trailing whitespace."""
    text = sentence.text
    return sentence.start_char, sentence.start_char + len(text.rstrip())


def doc_to_record(doc: Doc, paper: Paper, extractor: str) -> PaperRecord:
    """The mentions and relations the pipeline found in ``doc`` (made from ``paper.text``)."""
    sents = list(doc.sents)
    sentences = [sentence_bounds(s) for s in sents]
    # Each mention's sentence by its first token (a mention past its sentence's end takes
    # span.sent, which runs on to the sentence that holds its end).
    sentence_of = {token: i for i, s in enumerate(sents) for token in range(s.start, s.end)}
    mentions = []
    for span in doc.spans.get(MENTIONS, []):
        at = sentence_of.get(span.start)
        sent_start, sent_end = (sentences[at] if at is not None and span.end <= sents[at].end
                                else sentence_bounds(span.sent))
        mentions.append(Mention(
            text=span.text,
            label=span.label_,
            start=span.start_char,
            end=span.end_char,
            sent_start=sent_start,
            sent_end=max(sent_end, span.end_char),
            source=span._.kg_source,
            long_form=span._.kg_long,
            short_form=span._.kg_short,
            confidence=span._.kg_score,
        ))
    relations = [
        RelationMention(type=rel, head=head, tail=tail, confidence=confidence, pattern=pattern,
                        sent_start=sentences[sent][0], sent_end=sentences[sent][1])
        for rel, head, tail, confidence, pattern, sent in doc._.kg_relations or []
    ]
    return PaperRecord(paper=paper, mentions=mentions, relations=relations, extractor=extractor)
