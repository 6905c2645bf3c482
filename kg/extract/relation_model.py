"""A trainable relation classifier for spaCy: ``kg_rel``.

spaCy has no relation component built in. This one classifies every ordered pair of spans in
``doc.spans[span_key]`` that share a sentence (and lie within ``max_distance`` tokens) into one
of its relation labels or none. A pair is represented by the mean token vectors of both spans
(from a tok2vec layer, trained end to end), their product, the mean of the tokens between them
and both spans' labels (v2 adds the spans' edge tokens, their order and distance); a hidden
layer and a softmax over the labels plus "none" classify it.
When the doc has a dependency parse and the component carries a pair-feature model
(kg.extract.pair_features, fitted after the network by scripts/train_extractor.py), each pair's
probabilities are ``feature_weight`` times that model's plus the rest times the network's, and a
relation needs ``feature_threshold`` under the ``feature_decode`` rule (``decode``).
When the component's folder holds a transformer pair scorer (kg.extract.transformer_pairs,
fine-tuned by scripts/train_rel_transformer.py), its probabilities stand in for the network's.
Predictions go to ``doc._.kg_rel``: ``[(head_start, head_end, tail_start, tail_end, label,
score)]`` in token offsets.

During training, pairs come from the gold spans of the reference docs (the spans a span
recogniser would ideally give); at prediction, from the predicted spans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.training import Example, validate_get_examples
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import Model, Optimizer, chain, set_dropout_rate
from thinc.types import Floats2d, Ints2d

from kg.extract.pair_features import DISTANCE_BUCKETS, PairFeatureModel, pair_features
from kg.extract.transformer_pairs import TransformerPairScorer
from kg.scoring import Tally

Doc.set_extension("kg_rel", default=None, force=True)

#: A pair to classify: head start, head end, tail start, tail end (tokens), head/tail label ids.
PAIR_COLUMNS = 6
NONE = "NONE"
#: How :meth:`RelationClassifier.decode` turns a pair's class scores into a relation.
DECODE_RULES = ("best", "related")


#: The folder of the pair-feature model inside the component's own folder.
PAIR_FEATURES = "pair_features"
#: The folder of the transformer pair scorer (kg.extract.transformer_pairs), if it has one.
TRANSFORMER = "transformer"


@registry.architectures("kg.PairEncoder.v1")
def build_pair_encoder(tok2vec: Model, n_span_labels: int = 8) -> Model:
    """(docs, pairs) -> one feature row per pair: both spans' mean vectors, their product, the
    mean of the tokens between them, both spans' labels."""
    return _pair_encoder(tok2vec, n_span_labels, extended=False)


@registry.architectures("kg.PairEncoder.v2")
def build_pair_encoder_v2(tok2vec: Model, n_span_labels: int = 8) -> Model:
    """v1's features plus each span's first and last token vectors, whether the head comes
    first, and the token distance between the spans (one-hot over :data:`DISTANCE_BUCKETS`):
    what the direction of a relation and the words at the spans' edges tell."""
    return _pair_encoder(tok2vec, n_span_labels, extended=True)


def _pair_encoder(tok2vec: Model, n_span_labels: int, extended: bool) -> Model:
    return Model("kg_pair_encoder", _pair_forward, layers=[tok2vec], refs={"tok2vec": tok2vec},
                 attrs={"n_span_labels": n_span_labels, "extended": extended},
                 dims={"nO": None}, init=_pair_init)


def _pair_init(model: Model, X: Any = None, Y: Any = None) -> Model:
    tok2vec = model.get_ref("tok2vec")
    if X is not None:
        tok2vec.initialize(X=X[0])
    else:
        tok2vec.initialize()
    width = tok2vec.get_dim("nO")
    n_out = 4 * width + 2 * model.attrs["n_span_labels"]
    if model.attrs["extended"]:
        n_out += 4 * width + 1 + len(DISTANCE_BUCKETS)
    model.set_dim("nO", n_out)
    return model


def _pair_forward(model: Model, inputs: tuple[list[Doc], list[Ints2d]], is_train: bool):
    docs, pairs = inputs
    ops = model.ops
    tok2vec = model.get_ref("tok2vec")
    n_labels = model.attrs["n_span_labels"]
    extended = model.attrs["extended"]
    vectors, backprop_tok2vec = tok2vec(docs, is_train)
    width = tok2vec.get_dim("nO")
    # Gather, for every pair, the token rows of: head span, tail span, the gap between them,
    # and (extended) the first and last tokens of head and tail.
    segments: list[list[tuple[int, int]]] = [[] for _ in range(7 if extended else 3)]
    offsets = numpy.cumsum([0] + [len(v) for v in vectors])
    label_rows, geometry = [], []
    for doc_i, doc_pairs in enumerate(pairs):
        base = offsets[doc_i]
        for hs, he, ts, te, hl, tl in doc_pairs:
            segments[0].append((base + hs, base + he))
            segments[1].append((base + ts, base + te))
            gap = (min(he, te), max(hs, ts))
            segments[2].append((base + gap[0], base + gap[1]) if gap[0] < gap[1]
                               else (base + hs, base + he))
            if extended:
                for i, (s, e) in enumerate(((hs, he), (ts, te))):
                    segments[3 + 2 * i].append((base + s, base + s + 1))
                    segments[4 + 2 * i].append((base + e - 1, base + e))
                geometry.append((hs < ts, max(gap[1] - gap[0], 0)))
            label_rows.append((hl, n_labels + tl))
    n_pairs = len(label_rows)
    if n_pairs == 0:
        def backprop_empty(d_out: Floats2d):
            return [], []
        return ops.alloc2f(0, model.get_dim("nO")), backprop_empty
    all_vectors = ops.flatten(vectors) if vectors else ops.alloc2f(0, width)
    means, indices, lengths = [], [], []
    for segment in segments:
        idx = numpy.concatenate([numpy.arange(s, e) for s, e in segment])
        lens = numpy.asarray([e - s for s, e in segment], dtype="int32")
        means.append(ops.reduce_mean(all_vectors[ops.asarray(idx)], ops.asarray1i(lens)))
        indices.append(idx)
        lengths.append(lens)
    head, tail, gap, *edges = means
    labels = ops.alloc2f(n_pairs, 2 * n_labels)
    rows = numpy.asarray(label_rows)
    labels[numpy.arange(n_pairs), rows[:, 0]] = 1.0
    labels[numpy.arange(n_pairs), rows[:, 1]] = 1.0
    blocks = [head, tail, head * tail, gap, *edges, labels]
    if extended:
        shape = ops.alloc2f(n_pairs, 1 + len(DISTANCE_BUCKETS))
        order, distance = numpy.asarray(geometry).T
        shape[:, 0] = ops.asarray(order.astype("float32"))
        bucket = numpy.searchsorted(DISTANCE_BUCKETS, distance, side="right")
        shape[numpy.arange(n_pairs), bucket] = 1.0
        blocks.append(shape)
    output = ops.xp.hstack(blocks)

    def backprop(d_output: Floats2d):
        d_means = [d_output[:, :width] + d_output[:, 2 * width : 3 * width] * tail,
                   d_output[:, width : 2 * width] + d_output[:, 2 * width : 3 * width] * head,
                   d_output[:, 3 * width : 4 * width]]
        d_means += [d_output[:, (4 + i) * width : (5 + i) * width] for i in range(len(edges))]
        d_all = ops.alloc2f(*all_vectors.shape)
        for d_mean, idx, lens in zip(d_means, indices, lengths, strict=True):
            d_rows = ops.backprop_reduce_mean(ops.xp.ascontiguousarray(d_mean),
                                              ops.asarray1i(lens))
            ops.xp.add.at(d_all, ops.asarray(idx), d_rows)
        d_vectors = ops.unflatten(d_all, [len(v) for v in vectors])
        backprop_tok2vec(d_vectors)
        return [], []

    return output, backprop


@registry.architectures("kg.RelationClassifier.v1")
def build_relation_classifier(encoder: Model, hidden: Model, output: Model) -> Model:
    """The pair encoder, a hidden layer, and a softmax over relation labels + none."""
    return chain(encoder, hidden, output)


@Language.factory(
    "kg_rel",
    default_config={"span_key": "sc", "max_distance": 40, "threshold": 0.5,
                    "negative_ratio": 4.0},
    default_score_weights={"rel_micro_f": 1.0, "rel_micro_p": 0.0, "rel_micro_r": 0.0},
    requires=["doc.spans"], assigns=["doc._.kg_rel"],
)
def make_relation_classifier(nlp: Language, name: str, model: Model, span_key: str,
                             max_distance: int, threshold: float,
                             negative_ratio: float) -> RelationClassifier:
    return RelationClassifier(nlp.vocab, model, name, span_key=span_key,
                              max_distance=max_distance, threshold=threshold,
                              negative_ratio=negative_ratio)


class RelationClassifier(TrainablePipe):
    """See the module docstring."""

    def __init__(self, vocab: Vocab, model: Model, name: str = "kg_rel", *, span_key: str,
                 max_distance: int, threshold: float, negative_ratio: float) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: dict[str, Any] = {"labels": [], "span_labels": [], "span_key": span_key,
                                    "max_distance": max_distance, "threshold": threshold,
                                    "negative_ratio": negative_ratio}
        self._rng = numpy.random.default_rng(0)
        self.pair_features: PairFeatureModel | None = None
        self.transformer: TransformerPairScorer | None = None
        self._feature_columns: list[int] = []

    def set_pair_features(self, model: PairFeatureModel | None, weight: float = 0.5,
                          threshold: float = 0.4, decode: str = "best") -> None:
        """Mix ``model``'s probabilities into parsed docs' (None: the network's alone), and
        decode the mix with ``threshold`` and the ``decode`` rule (see :meth:`decode`)."""
        if model is not None and set(model.labels) != set(self.labels):
            raise ValueError(f"pair-feature labels {sorted(model.labels)} are not kg_rel's "
                             f"{sorted(self.labels)}")
        if decode not in DECODE_RULES:
            raise ValueError(f"kg_rel: decode rule {decode!r} is not one of {DECODE_RULES}")
        self.pair_features = model
        if model is not None:
            self._feature_columns = [0, *(1 + model.labels.index(x) for x in self.labels)]
            self.cfg.update(feature_weight=weight, feature_threshold=threshold,
                            feature_decode=decode)

    def set_transformer(self, scorer: TransformerPairScorer | None) -> None:
        """Score pairs with ``scorer`` instead of the network (None: the network)."""
        if scorer is not None and scorer.labels != self.labels:
            raise ValueError(f"{scorer.folder}: transformer labels {list(scorer.labels)} are "
                             f"not kg_rel's {list(self.labels)}")
        self.transformer = scorer

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cfg["labels"])

    def add_label(self, label: str) -> int:
        if label in self.cfg["labels"]:
            return 0
        self.cfg["labels"].append(label)
        return 1

    # -- pairs ------------------------------------------------------------------------------
    def _span_label_id(self, label: str) -> int:
        labels = self.cfg["span_labels"]
        return labels.index(label) if label in labels else len(labels) - 1

    def pairs(self, doc: Doc, spans: Iterable[tuple[int, int, str]]) -> numpy.ndarray:
        """Ordered span pairs within one sentence and ``max_distance`` tokens."""
        spans = sorted(set(spans))
        sentence_of = _sentence_index(doc)
        limit = self.cfg["max_distance"]
        rows = []
        for hs, he, hl in spans:
            for ts, te, tl in spans:
                if (hs, he) == (ts, te) or sentence_of[hs] != sentence_of[ts]:
                    continue
                if max(hs, ts) - min(he, te) > limit:
                    continue
                rows.append((hs, he, ts, te, self._span_label_id(hl), self._span_label_id(tl)))
        return numpy.asarray(rows, dtype="int32").reshape(-1, PAIR_COLUMNS)

    def _predicted_spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        """The doc's spans whose labels the pairs were trained with (a span head may add one,
        as SciER's Metric from SciREX, that no pair of the training data had)."""
        known = set(self.cfg["span_labels"])
        group = doc.spans.get(self.cfg["span_key"], [])
        return [(s.start, s.end, s.label_) for s in group if s.label_ in known]

    # -- prediction -------------------------------------------------------------------------
    def predict(self, docs: Iterable[Doc]) -> tuple[list[numpy.ndarray], Floats2d]:
        docs = list(docs)
        pairs = [self.pairs(doc, self._predicted_spans(doc)) for doc in docs]
        if not sum(len(p) for p in pairs):
            return pairs, self.model.ops.alloc2f(0, len(self.labels) + 1)
        if self.transformer is not None:
            return pairs, numpy.concatenate([self.transformer.probabilities(doc, p)
                                             for doc, p in zip(docs, pairs, strict=True)])
        return pairs, self.model.predict((docs, pairs))

    def set_annotations(self, docs: Iterable[Doc], predictions: tuple) -> None:
        pairs, scores = predictions
        scores = self.model.ops.to_numpy(scores)
        row = 0
        for doc, doc_pairs in zip(docs, pairs, strict=True):
            doc_scores = scores[row:row + len(doc_pairs)]
            row += len(doc_pairs)
            threshold, rule = self.cfg["threshold"], "best"
            if self.pair_features is not None and len(doc_pairs) and doc.has_annotation("DEP"):
                weight = self.cfg["feature_weight"]
                doc_scores = weight * self.feature_probabilities(doc, doc_pairs) \
                    + (1 - weight) * doc_scores
                threshold = self.cfg["feature_threshold"]
                rule = self.cfg.get("feature_decode", "best")
            doc._.kg_rel = self.decode(doc_pairs, doc_scores, threshold, rule)

    def decode(self, doc_pairs: numpy.ndarray, scores: numpy.ndarray, threshold: float,
               rule: str = "best") -> list[tuple[int, int, int, int, str, float]]:
        """The relations of ``doc_pairs`` given their class ``scores`` (none, then the labels).
        Rule "best": each pair's best class, if it is not none and scores at least
        ``threshold``. Rule "related": each pair whose labels together score at least
        ``threshold`` (1 - P(none)), with its best label; its score is that sum. "related"
        finds more relations where the labels split a pair's probability."""
        names = (NONE, *self.labels)
        scores = numpy.asarray(scores).reshape(len(doc_pairs), len(names))
        if rule == "best":
            best = scores.argmax(axis=1)
            confidence = scores[numpy.arange(len(scores)), best]
            keep = (best > 0) & (confidence >= threshold)
        else:
            best = scores[:, 1:].argmax(axis=1) + 1
            confidence = 1.0 - scores[:, 0]
            keep = confidence >= threshold
        return [(int(hs), int(he), int(ts), int(te), names[b], round(float(c), 4))
                for (hs, he, ts, te, _, _), b, c, k
                in zip(doc_pairs, best, confidence, keep, strict=True) if k]

    def feature_probabilities(self, doc: Doc, doc_pairs: numpy.ndarray) -> numpy.ndarray:
        """The pair-feature model's probabilities of ``doc_pairs``, in this component's
        column order (none, then its labels)."""
        assert self.pair_features is not None
        return self.pair_features.probabilities(self.pair_feature_rows(doc, doc_pairs)
                                                )[:, self._feature_columns]

    def pair_feature_rows(self, doc: Doc, doc_pairs: numpy.ndarray) -> list[list[str]]:
        """The features (kg.extract.pair_features) of each pair of ``doc_pairs``."""
        span_labels = self.cfg["span_labels"]
        # Every span between a pair's two spans shares their sentence and pairs with the head,
        # so the pairs' spans are all the spans that can lie between.
        spans = sorted({(int(s), int(e), span_labels[label]) for hs, he, ts, te, hl, tl
                        in doc_pairs for s, e, label in ((hs, he, hl), (ts, te, tl))})
        return [pair_features(doc, (int(hs), int(he), span_labels[hl]),
                              (int(ts), int(te), span_labels[tl]), spans)
                for hs, he, ts, te, hl, tl in doc_pairs]

    # -- serialization: the pair-feature model beside the network ------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        super().to_disk(path, exclude=exclude)
        if self.pair_features is not None:
            self.pair_features.to_disk(Path(path) / PAIR_FEATURES)
        if self.transformer is not None:
            self.transformer.to_disk(Path(path) / TRANSFORMER)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()
                  ) -> RelationClassifier:
        super().from_disk(path, exclude=exclude)
        folder = Path(path) / PAIR_FEATURES
        if folder.is_dir():
            tuned = {k: self.cfg[f"feature_{k}"] for k in ("weight", "threshold", "decode")
                     if f"feature_{k}" in self.cfg}
            self.set_pair_features(PairFeatureModel.from_disk(folder), **tuned)
        if (Path(path) / TRANSFORMER).is_dir():
            self.set_transformer(TransformerPairScorer(Path(path) / TRANSFORMER))
        return self

    # -- training ---------------------------------------------------------------------------
    def _gold_pairs(self, example: Example, sample: bool) -> tuple[numpy.ndarray, numpy.ndarray]:
        reference = example.reference
        spans = [(s.start, s.end, s.label_) for s in reference.spans.get(self.cfg["span_key"], [])]
        pairs = self.pairs(reference, spans)
        truth = self.pair_classes(pairs, reference.user_data.get("kg_gold_relations") or [])
        if sample and len(pairs):
            positive = truth > 0
            negatives = numpy.flatnonzero(~positive)
            keep = int(max(positive.sum(), 1) * self.cfg["negative_ratio"])
            if len(negatives) > keep:
                dropped = self._rng.choice(negatives, len(negatives) - keep, replace=False)
                mask = numpy.ones(len(pairs), dtype=bool)
                mask[dropped] = False
                pairs, truth = pairs[mask], truth[mask]
        return pairs, truth

    def pair_classes(self, pairs: numpy.ndarray,
                     relations: Iterable[tuple[int, int, int, int, str]]) -> numpy.ndarray:
        """Each pair's class among ``relations`` (token offsets): 0 none, i ``labels[i - 1]``."""
        gold = {(hs, he, ts, te): label for hs, he, ts, te, label in relations}
        index = {label: i + 1 for i, label in enumerate(self.labels)}
        return numpy.asarray([index.get(gold.get(tuple(int(x) for x in p[:4])), 0)
                              for p in pairs], dtype="int32")

    def update(self, examples: Iterable[Example], *, drop: float = 0.0,
               sgd: Optimizer | None = None, losses: dict[str, float] | None = None
               ) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        gold = [self._gold_pairs(eg, sample=True) for eg in examples]
        if not sum(len(p) for p, _ in gold):
            return losses
        set_dropout_rate(self.model, drop)
        docs = [eg.predicted for eg in examples]
        scores, backprop = self.model.begin_update((docs, [p for p, _ in gold]))
        truth = numpy.concatenate([t for _, t in gold])
        target = self.model.ops.alloc2f(len(truth), len(self.labels) + 1)
        target[numpy.arange(len(truth)), truth] = 1.0
        d_scores = (scores - target) / max(len(truth), 1)
        backprop(d_scores)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += float((d_scores ** 2).sum())
        return losses

    def get_loss(self, examples: Iterable[Example], scores: Floats2d) -> tuple[float, Floats2d]:
        raise NotImplementedError("kg_rel computes its loss in update()")

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *,
                   nlp: Language | None = None, labels: Any = None) -> None:
        validate_get_examples(get_examples, "RelationClassifier.initialize")
        span_labels: set[str] = set()
        for example in get_examples():
            for *_, label in example.reference.user_data.get("kg_gold_relations") or []:
                self.add_label(label)
            span_labels.update(s.label_ for s in
                               example.reference.spans.get(self.cfg["span_key"], []))
        self.cfg["labels"].sort()
        self.cfg["span_labels"] = [*sorted(span_labels), "?"]
        encoder = self.model.layers[0]
        encoder.attrs["n_span_labels"] = len(self.cfg["span_labels"])
        sample = list(islice(get_examples(), 10))
        docs = [eg.predicted for eg in sample]
        pairs = [self._gold_pairs(eg, sample=False)[0] for eg in sample]
        self.model.layers[-1].set_dim("nO", len(self.labels) + 1)
        self.model.initialize(X=(docs, pairs))

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, float]:
        """Micro P/R/F of predicted relations (spans exact, label right) against gold."""
        tally = Tally()
        for example in examples:
            gold = [(hs, he, ts, te, label) for hs, he, ts, te, label in
                    example.reference.user_data.get("kg_gold_relations") or []]
            predicted = [(hs, he, ts, te, label) for hs, he, ts, te, label, _ in
                         example.predicted._.kg_rel or []]
            tally.add(gold, predicted)
        micro = tally.report()["micro"]
        return {"rel_micro_p": micro["p"], "rel_micro_r": micro["r"], "rel_micro_f": micro["f1"]}


def _sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token (one sentence when the doc has no boundaries)."""
    if not doc.has_annotation("SENT_START"):
        return [0] * len(doc)
    out, current = [], -1
    for token in doc:
        if token.is_sent_start or current < 0:
            current += 1
        out.append(current)
    return out

