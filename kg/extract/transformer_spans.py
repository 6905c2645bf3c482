"""``kg_transformer_spans``: a trained model's terms from the span head of its transformer,
mixed with its spancat's scores.

When a model's kg_rel transformer (kg.extract.transformer_pairs) has a span head, which
``scripts/train_rel_transformer.py`` fine-tunes with the pair head on one encoder, this
component writes the model's terms in spancat's place: the model's ``config.cfg`` lists it
before kg_rel, with spancat disabled (its network is asked here), and names the components it
reads (``scorer``: the kg_rel whose ``from_disk`` loaded the transformer, so both use one
encoder pass; ``spancat``), so ``spacy.load`` of the model's folder runs it. Each candidate
n-gram (kg.extract.suggester) gets ``head_weight`` times the head's probabilities plus the rest
times spancat's, for the same candidates. A candidate is a term when its probability of being
none is at most ``1 - threshold``, labelled with its likeliest label; unless ``allow_overlap``,
the likeliest of overlapping terms wins. With ``head_weight`` 1 spancat is not run; below it,
spancat scores only the candidates the head gives a term probability of at least
``spancat_floor`` (a small share of them at the same F1, docs/decisions.md), the rest count
as none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.types import Ragged

from kg.extract.suggester import term_ngrams
from kg.extract.transformer_pairs import SPAN_WIDTH, TransformerPairScorer


@Language.factory("kg_transformer_spans",
                  default_config={"span_key": "sc", "threshold": 0.5, "allow_overlap": False,
                                  "head_weight": 1.0, "spancat_floor": 0.0,
                                  "scorer": "kg_rel", "spancat": "spancat"},
                  assigns=["doc.spans"], requires=["token.is_sent_start"])
def make_transformer_spans(nlp: Language, name: str, span_key: str, threshold: float,
                           allow_overlap: bool, head_weight: float, spancat_floor: float,
                           scorer: str, spancat: str) -> TransformerSpans:
    spans = TransformerSpans(span_key, threshold, allow_overlap, head_weight, spancat_floor)
    spans.pipeline = (nlp, scorer, spancat)
    return spans


class TransformerSpans:
    """Writes ``doc.spans[span_key]`` from :attr:`scorer`'s span head and :attr:`spancat`'s
    scores: set directly, or found on first use in the pipeline that made the component (the
    transformer of its ``scorer`` component, its ``spancat`` component)."""

    def __init__(self, span_key: str = "sc", threshold: float = 0.5,
                 allow_overlap: bool = False, head_weight: float = 1.0,
                 spancat_floor: float = 0.0) -> None:
        if not 0.0 <= head_weight <= 1.0:
            raise ValueError(f"kg_transformer_spans: head_weight {head_weight} is not in [0, 1]")
        self.span_key, self.threshold, self.allow_overlap = span_key, threshold, allow_overlap
        self.head_weight, self.spancat_floor = head_weight, spancat_floor
        self.scorer: TransformerPairScorer | None = None
        #: The model's spancat_singlelabel component (its labels in the scorer's term order).
        self.spancat: Any = None
        #: (pipeline, scorer component's name, spancat component's name), from the factory.
        self.pipeline: tuple[Language, str, str] | None = None

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def _resolve(self) -> None:
        """Take the scorer and spancat from the pipeline the config named them in."""
        nlp, scorer, spancat = self.pipeline
        names = nlp.component_names
        if self.scorer is None and scorer in names:
            self.scorer = getattr(nlp.get_pipe(scorer), "transformer", None)
            if self.scorer is not None and self.scorer.span_head is None:
                raise ValueError(f"{self.scorer.folder}: kg_transformer_spans needs a span head")
        if self.spancat is None and spancat in names:
            self.spancat = nlp.get_pipe(spancat)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        if self.pipeline is not None and (self.scorer is None or self.spancat is None):
            self._resolve()
        if self.scorer is None or (self.head_weight < 1.0 and self.spancat is None):
            raise ValueError("kg_transformer_spans has no transformer scorer or spancat: its "
                             "config's scorer and spancat name no such components")
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            candidates = [term_ngrams(doc, range(1, SPAN_WIDTH + 1)) for doc in batch]
            mixed = [self.scorer.span_probabilities(doc, spans)
                     for doc, spans in zip(batch, candidates, strict=True)]
            if self.head_weight < 1.0:
                for head, spancat in zip(mixed, self.spancat_where_asked(batch, candidates,
                                                                         mixed), strict=True):
                    head *= self.head_weight
                    head += (1.0 - self.head_weight) * spancat
            for doc, spans, probabilities in zip(batch, candidates, mixed, strict=True):
                terms = decode_terms(spans, probabilities, self.threshold, self.allow_overlap)
                doc.spans[self.span_key] = [
                    Span(doc, start, end, label=self.scorer.term_labels[label - 1])
                    for start, end, label in terms]
                # Each span's term probability, as spaCy's spancat keeps its scores.
                doc.spans[self.span_key].attrs["scores"] = term_scores(spans, probabilities,
                                                                       terms)
            yield from batch

    def spancat_where_asked(self, docs: list[Doc], candidates: list[numpy.ndarray],
                            heads: list[numpy.ndarray]) -> list[numpy.ndarray]:
        """spancat's probabilities (none first) for each doc's candidates whose term
        probability in ``heads`` (the span head's) is at least :attr:`spancat_floor`; the
        others count as none, unscored."""
        asked = [1.0 - head[:, 0] >= self.spancat_floor for head in heads]
        scored = self.spancat_probabilities(
            docs, [spans[mask] for spans, mask in zip(candidates, asked, strict=True)])
        out = []
        for head, mask, scores in zip(heads, asked, scored, strict=True):
            full = numpy.zeros_like(head)
            full[:, 0] = 1.0
            full[mask] = scores
            out.append(full)
        return out

    def spancat_probabilities(self, docs: list[Doc], candidates: list[numpy.ndarray]
                              ) -> list[numpy.ndarray]:
        """spancat's probabilities for each doc's candidates, none first, in the head's label
        order; labels of the head that spancat lacks (SciER's Metric, learnt from SciREX) get
        0 from it."""
        n_labels = len(self.scorer.term_labels) + 1
        counts = [len(c) for c in candidates]
        if not sum(counts):
            return [numpy.zeros((0, n_labels), dtype="float32") for _ in candidates]
        ops = self.spancat.model.ops
        indices = Ragged(ops.asarray2i(numpy.concatenate(candidates)), ops.asarray1i(counts))
        scores = ops.to_numpy(self.spancat.model.predict((docs, indices)))
        labels = list(self.spancat.labels)
        if scores.shape[1] != len(labels) + 1 or not set(labels) <= set(self.scorer.term_labels):
            raise ValueError(f"kg_transformer_spans: spancat's labels {labels} are not among "
                             f"the span head's {list(self.scorer.term_labels)}")
        # spancat_singlelabel puts its negative label last; the head puts none first.
        out = numpy.zeros((len(scores), n_labels), dtype=scores.dtype)
        out[:, 0] = scores[:, -1]
        for column, label in enumerate(labels):
            out[:, self.scorer.term_labels.index(label) + 1] = scores[:, column]
        return numpy.split(out, numpy.cumsum(counts)[:-1])


def term_scores(candidates: numpy.ndarray, probabilities: numpy.ndarray,
                terms: list[tuple[int, int, int]]) -> list[float]:
    """The term probability (1 - P(none)) of each decoded term, in ``terms``' order."""
    starts, ends = candidates[:, 0], candidates[:, 1]
    index = [numpy.flatnonzero((starts == start) & (ends == end))[-1] for start, end, _ in terms]
    return [round(float(1.0 - probabilities[i, 0]), 4) for i in index]


def decode_terms(candidates: numpy.ndarray, probabilities: numpy.ndarray, threshold: float,
                 allow_overlap: bool) -> list[tuple[int, int, int]]:
    """(start, end, label index from 1) of the candidates taken as terms, in text order:
    those whose P(none) (column 0) is at most ``1 - threshold``; without ``allow_overlap``,
    the likeliest first and no token in two terms."""
    if not len(candidates):
        return []
    term = 1.0 - probabilities[:, 0]
    chosen = numpy.flatnonzero(term >= threshold)
    labels = probabilities[:, 1:].argmax(axis=1) + 1
    if allow_overlap:
        kept = chosen.tolist()
    else:
        taken: set[int] = set()
        kept = []
        for i in chosen[numpy.argsort(-term[chosen], kind="stable")]:
            tokens = range(int(candidates[i, 0]), int(candidates[i, 1]))
            if not taken.intersection(tokens):
                taken.update(tokens)
                kept.append(int(i))
    return sorted((int(candidates[i, 0]), int(candidates[i, 1]), int(labels[i])) for i in kept)
