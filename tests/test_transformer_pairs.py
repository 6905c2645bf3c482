"""kg_rel's transformer scorer: WordPiece splits, chunks of sentences, pair and span rows, term
decoding, and the shipped scorer (it loads, its span head finds the terms of a known sentence
and its pair head scores their pairs, and a broken file gets an error naming it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy
import pytest
from spacy.util import load_config

from kg.extract.relation_model import TRANSFORMER
from kg.extract.trained import MODELS_DIR, load_model, load_model_from
from kg.extract.transformer_pairs import (
    ENCODER,
    HEAD,
    SHARED,
    SHARED_FILES,
    SPAN_HEAD,
    STATES,
    VOCAB,
    WORDS,
    TransformerPairScorer,
    chunk_bounds,
    extra_width,
    pair_extras,
    pair_index,
    pair_rows,
    quantize_rows,
    span_head_probabilities,
    span_rows,
)
from kg.extract.transformer_spans import TransformerSpans, decode_terms
from kg.extract.wordpiece import WordPiece

PIECES = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "conv", "##olution", "##al", "net", "(", ")",
         "cafe", "a", "##b"]
#: The shipped models that carry a transformer scorer (scripts/train_extractor.py's
#: TRANSFORMER_SCHEMES).
WITH_TRANSFORMER = ["scier", "scierc"]
#: A sentence per model, with terms its span mix must find.
KNOWN_TERMS = {
    "scier": ("We fine-tune BERT on the SQuAD dataset for question answering .",
              {("BERT", "Method"), ("question answering", "Task")}),
    "scierc": ("We use support vector machines for text classification .",
               {("support vector machines", "Method"), ("text classification", "Task")}),
}


def copy_model(name: str, into: Path) -> Path:
    """A copy of shipped model ``name`` in ``into``, beside a copy of the shared files."""
    shutil.copytree(MODELS_DIR / SHARED, into / SHARED)
    return Path(shutil.copytree(MODELS_DIR / name, into / name))


def test_wordpiece_splits_words_into_longest_pieces() -> None:
    wp = WordPiece(PIECES)
    assert wp.word_ids("Convolutional") == [4, 5, 6]
    assert wp.word_ids("(net)") == [8, 7, 9]  # punctuation apart
    assert wp.word_ids("Café") == [10]  # lower-cased, accent stripped
    assert wp.word_ids("convx") == [1]  # no piece fits "x": the word is unknown
    assert wp.word_ids("\n") == []


def test_encode_marks_each_words_first_piece() -> None:
    ids, first = WordPiece(PIECES).encode(["Convolutional", "\n", "net"])
    assert ids == [2, 4, 5, 6, 7, 3]
    assert first == [1, 3, 4]  # the newline has no piece: it takes the piece before it


def test_wordpiece_needs_the_special_pieces() -> None:
    with pytest.raises(ValueError, match="SEP"):
        WordPiece(["[CLS]", "[UNK]", "a"])


def test_chunks_are_whole_sentences_within_the_limit() -> None:
    counts = [1] * 10
    assert chunk_bounds(counts, [0, 3, 6], max_pieces=8) == [(0, 6), (6, 10)]
    assert chunk_bounds(counts, [0], max_pieces=6) == [(0, 4), (4, 8), (8, 10)]  # cut
    assert chunk_bounds([], [0]) == [(0, 0)]


def test_pair_rows_hold_means_edges_and_extras() -> None:
    states = numpy.arange(12, dtype="float32").reshape(6, 2)  # token i: (2i, 2i + 1)
    pairs = numpy.asarray([[0, 2, 4, 5, 1, 0], [4, 5, 0, 2, 0, 1]], dtype="int32")
    index = pair_index(pairs)
    assert index[0].tolist() == [0, 2, 4, 5, 2, 4]  # gap: tokens 2-3
    extras = pair_extras(pairs, n_span_labels=2)
    assert extras.shape == (2, extra_width(2))
    assert extras[0, :5].tolist() == [0, 1, 1, 0, 1]  # head label 1, tail label 0, head first
    assert extras[1, 4] == 0  # the head comes second
    rows = pair_rows(states, index, extras)
    head, tail = [1, 2], [8, 9]
    assert rows[0, :2].tolist() == head and rows[0, 2:4].tolist() == tail
    assert rows[0, 4:6].tolist() == [8, 18] and rows[0, 6:8].tolist() == [5, 6]
    assert rows[0, 8:16].tolist() == [0, 1, 2, 3, 8, 9, 8, 9]  # first and last states
    assert rows[0, 16:].tolist() == extras[0].tolist()


def test_span_rows_hold_edges_mean_and_width() -> None:
    states = numpy.arange(12, dtype="float32").reshape(6, 2)
    rows = span_rows(states, numpy.asarray([[1, 4], [5, 6]]), max_width=3)
    assert rows[0].tolist() == [2, 3, 6, 7, 4, 5, 0, 0, 1]  # first, last, mean, width 3
    assert rows[1].tolist() == [10, 11, 10, 11, 10, 11, 1, 0, 0]


def test_decode_terms_keeps_the_likeliest_of_overlapping_terms() -> None:
    candidates = numpy.asarray([[0, 1], [0, 2], [1, 2], [3, 4]])
    probabilities = numpy.asarray([[0.4, 0.5, 0.1],   # a term, label 1
                                   [0.2, 0.1, 0.7],   # likelier, overlaps both others
                                   [0.9, 0.05, 0.05],  # not a term
                                   [0.45, 0.5, 0.05]])
    assert decode_terms(candidates, probabilities, 0.5, False) == [(0, 2, 2), (3, 4, 1)]
    assert decode_terms(candidates, probabilities, 0.5, True) == [(0, 1, 1), (0, 2, 2),
                                                                  (3, 4, 1)]
    assert decode_terms(candidates, probabilities, 0.7, False) == [(0, 2, 2)]
    assert decode_terms(candidates[:0], probabilities[:0], 0.5, False) == []


def test_span_head_probabilities_equal_the_head_over_span_rows() -> None:
    rng = numpy.random.default_rng(0)
    states = rng.normal(size=(7, 4)).astype("float32")
    layers = [rng.normal(size=(3 * 4 + 3, 5)).astype("float32"),
              rng.normal(size=5).astype("float32"),
              rng.normal(size=(5, 3)).astype("float32"), rng.normal(size=3).astype("float32")]
    spans = numpy.asarray([[0, 1], [1, 4], [2, 5], [6, 7]])
    rows = span_rows(states, spans, max_width=3)
    hidden = numpy.maximum(rows @ layers[0] + layers[1], 0.0) @ layers[2] + layers[3]
    expected = numpy.exp(hidden) / numpy.exp(hidden).sum(axis=1, keepdims=True)
    assert numpy.allclose(span_head_probabilities(layers, states, spans), expected, atol=1e-5)


def test_transformer_spans_rejects_a_head_weight_outside_0_1() -> None:
    with pytest.raises(ValueError, match="head_weight"):
        TransformerSpans(head_weight=1.5)


@pytest.mark.parametrize("name", WITH_TRANSFORMER)
def test_shipped_span_ensemble_finds_terms_and_shares_the_encoder_run(name: str) -> None:
    nlp = load_model(name)
    assert "kg_transformer_spans" in nlp.pipe_names
    spans = nlp.get_pipe("kg_transformer_spans")
    assert 0.0 < spans.head_weight < 1.0  # the shipped model mixes the head with spancat
    assert "spancat" not in nlp.pipe_names and "tok2vec" in nlp.pipe_names  # spancat: mixed in
    text, expected = KNOWN_TERMS[name]
    doc = nlp(text)
    terms = {(s.text, s.label_) for s in doc.spans["sc"]}
    assert expected <= terms, terms
    scorer = nlp.get_pipe("kg_rel").transformer
    assert [k for k in doc.user_data if k[0] == STATES] == [scorer.states_key]
    # The mix is the weighted sum of both parts' probabilities for the same candidates.
    candidates = numpy.asarray([[s.start, s.end] for s in doc.spans["sc"]])
    head = scorer.span_probabilities(doc, candidates)
    spancat = spans.spancat_probabilities([doc], [candidates])[0]
    assert head.shape == spancat.shape == (len(candidates), len(scorer.term_labels) + 1)
    assert numpy.allclose(spancat.sum(axis=1), 1.0, atol=1e-4)
    mixed = spans.head_weight * head + (1 - spans.head_weight) * spancat
    assert (1 - mixed[:, 0] >= spans.threshold).all()


@pytest.mark.parametrize("name", WITH_TRANSFORMER)
def test_head_weight_1_runs_neither_tok2vec_nor_spancat(name: str, tmp_path: Path) -> None:
    """The model's config.cfg says what runs: with the head alone deciding, its tok2vec and
    spancat are disabled there (as scripts/train_rel_transformer.py's install_terms writes)."""
    folder = copy_model(name, tmp_path)
    config = load_config(folder / "config.cfg", interpolate=False)
    config["components"]["kg_transformer_spans"]["head_weight"] = 1.0
    config["nlp"]["disabled"] = ["tok2vec", "spancat"]
    config.to_disk(folder / "config.cfg")
    nlp = load_model_from(folder)
    assert nlp.get_pipe("kg_transformer_spans").head_weight == 1.0
    assert "tok2vec" not in nlp.pipe_names and "spancat" not in nlp.pipe_names
    text, expected = KNOWN_TERMS[name]
    doc = nlp(text)
    assert expected & {(s.text, s.label_) for s in doc.spans["sc"]}


@pytest.mark.parametrize("name", WITH_TRANSFORMER)
def test_shipped_scorer_gives_probabilities_per_pair(name: str) -> None:
    nlp = load_model(name)
    rel = nlp.get_pipe("kg_rel")
    assert rel.transformer is not None
    doc = nlp(KNOWN_TERMS[name][0])
    pairs = rel.pairs(doc, [(s.start, s.end, s.label_) for s in doc.spans["sc"]])
    probabilities = rel.transformer.probabilities(doc, pairs)
    assert probabilities.shape == (len(pairs), len(rel.labels) + 1) and len(pairs) >= 2
    assert numpy.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)


def test_quantized_rows_are_within_half_a_step() -> None:
    table = numpy.random.default_rng(0).normal(size=(5, 7)).astype("float32")
    table[2] = 0.0
    rows, scale = quantize_rows(table)
    assert rows.dtype == numpy.int8 and scale.shape == (5,)
    assert (numpy.abs(rows * scale[:, None] - table) <= scale[:, None] / 2 + 1e-7).all()
    assert numpy.abs(rows).max(axis=1).tolist() == [127, 127, 0, 127, 127]


@pytest.mark.parametrize("name", WITH_TRANSFORMER)
def test_a_scorer_saved_elsewhere_takes_the_shared_files_along(name: str, tmp_path: Path
                                                               ) -> None:
    scorer = load_model(name).get_pipe("kg_rel").transformer
    assert scorer.shared == MODELS_DIR / SHARED  # the shipped models share one word table
    scorer.to_disk(tmp_path / "alone")
    assert {p.name for p in (tmp_path / "alone").iterdir()} >= {*SHARED_FILES, ENCODER}
    copy = TransformerPairScorer(tmp_path / "alone")
    assert copy.shared == tmp_path / "alone"
    doc = load_model(name)(KNOWN_TERMS[name][0])
    ids = copy.wordpiece.encode([t.text for t in doc])[0]
    assert numpy.array_equal(copy.embed(ids), scorer.embed(ids))
    assert numpy.allclose(copy.states(doc), scorer.states(doc))


@pytest.mark.parametrize("name", WITH_TRANSFORMER)
@pytest.mark.parametrize("broken", [WORDS, VOCAB])
def test_a_broken_or_missing_shared_file_is_named(name: str, broken: str, tmp_path: Path
                                                  ) -> None:
    folder = copy_model(name, tmp_path)
    (tmp_path / SHARED / broken).write_bytes(b"not a table")
    with pytest.raises(ValueError, match=broken):
        load_model_from(folder)
    (tmp_path / SHARED / broken).unlink()
    with pytest.raises(ValueError, match=f"{broken}: missing"):
        load_model_from(folder)


@pytest.mark.parametrize("name", WITH_TRANSFORMER)
@pytest.mark.parametrize("broken", [ENCODER, HEAD, SPAN_HEAD])
def test_a_broken_scorer_file_is_named(name: str, broken: str, tmp_path: Path) -> None:
    folder = copy_model(name, tmp_path)
    (folder / "kg_rel" / TRANSFORMER / broken).write_bytes(b"not a model")
    with pytest.raises(ValueError, match=broken):
        load_model_from(folder)
    with pytest.raises(ValueError, match=broken):
        TransformerPairScorer(folder / "kg_rel" / TRANSFORMER)
