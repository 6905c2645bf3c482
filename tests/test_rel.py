"""kg_rel's pair encoder: the features each version gives a span pair, and their gradients."""

from __future__ import annotations

import numpy
import pytest
import spacy
from thinc.api import Model

from kg.extract.relation_model import DISTANCE_BUCKETS, build_pair_encoder, build_pair_encoder_v2

WIDTH, LABELS = 8, 3


def tok2vec() -> Model:
    from spacy.ml.models import build_hash_embed_cnn_tok2vec
    return build_hash_embed_cnn_tok2vec(width=WIDTH, depth=1, embed_size=100, window_size=1,
                                        maxout_pieces=2, subword_features=False,
                                        pretrained_vectors=None)


def encode(builder, pairs: list[tuple[int, ...]]):
    nlp = spacy.blank("en")
    docs = [nlp("We use support vector machines for text classification tasks today .")]
    model = builder(tok2vec(), n_span_labels=LABELS)
    rows = [numpy.asarray(pairs, dtype="int32")]
    model.initialize(X=(docs, rows))
    output, backprop = model((docs, rows), is_train=True)
    return model, output, backprop


def test_v1_gives_means_product_gap_and_labels() -> None:
    _, output, _ = encode(build_pair_encoder, [(2, 5, 6, 8, 0, 1)])
    assert output.shape == (1, 4 * WIDTH + 2 * LABELS)
    assert list(output[0, 4 * WIDTH:]) == [1, 0, 0, 0, 1, 0]


@pytest.mark.parametrize(("pair", "head_first", "distance"), [
    ((2, 5, 6, 8, 0, 1), 1.0, 1),   # "support vector machines" -> "text classification"
    ((6, 8, 2, 5, 1, 0), 0.0, 1),   # the same pair, the other way
    ((0, 1, 9, 10, 2, 2), 1.0, 8),  # "We" ... "today"
])
def test_v2_adds_edge_tokens_order_and_distance(pair: tuple[int, ...], head_first: float,
                                                distance: int) -> None:
    _, output, _ = encode(build_pair_encoder_v2, [pair])
    assert output.shape == (1, 8 * WIDTH + 2 * LABELS + 1 + len(DISTANCE_BUCKETS))
    geometry = output[0, 8 * WIDTH + 2 * LABELS:]
    assert geometry[0] == head_first
    bucket = int(numpy.searchsorted(DISTANCE_BUCKETS, distance, side="right"))
    assert geometry[1:].tolist() == [1.0 if i == bucket else 0.0
                                     for i in range(1, len(DISTANCE_BUCKETS) + 1)]
    # A one-token span's first and last token are the span itself.
    if pair[1] - pair[0] == 1:
        head = output[0, :WIDTH]
        assert numpy.allclose(output[0, 4 * WIDTH:5 * WIDTH], head)
        assert numpy.allclose(output[0, 5 * WIDTH:6 * WIDTH], head)


@pytest.mark.parametrize("builder", [build_pair_encoder, build_pair_encoder_v2])
def test_gradients_match_finite_differences(builder) -> None:
    """The encoder's backprop is the derivative of its output with respect to the token vectors
    (checked numerically on a loss that weighs every output column)."""
    nlp = spacy.blank("en")
    docs = [nlp("We use support vector machines for text classification .")]
    rng = numpy.random.default_rng(0)
    vectors = rng.normal(size=(len(docs[0]), WIDTH)).astype("float64")
    captured = {}

    def forward(model: Model, docs, is_train: bool):
        def backprop(d_vectors):
            captured["d"] = d_vectors[0]
            return []
        return [model.attrs["vectors"]], backprop

    fixed = Model("fixed", forward, dims={"nO": WIDTH}, attrs={"vectors": vectors},
                  init=lambda model, X=None, Y=None: model)
    pairs = [numpy.asarray([(2, 5, 6, 8, 0, 1), (6, 8, 0, 1, 1, 2), (3, 4, 3, 5, 2, 0)],
                           dtype="int32")]
    model = builder(fixed, n_span_labels=LABELS)
    model.initialize(X=(docs, pairs))
    output, backprop = model((docs, pairs), is_train=True)
    weights = rng.normal(size=output.shape)
    backprop(weights)
    analytic = captured["d"]
    for token, column in [(2, 0), (4, 3), (7, 5), (0, 1), (5, 7)]:
        step = 1e-6
        vectors[token, column] += step
        up = float((model((docs, pairs), is_train=False)[0] * weights).sum())
        vectors[token, column] -= 2 * step
        down = float((model((docs, pairs), is_train=False)[0] * weights).sum())
        vectors[token, column] += step
        assert analytic[token, column] == pytest.approx((up - down) / (2 * step), rel=1e-4,
                                                        abs=1e-6)
