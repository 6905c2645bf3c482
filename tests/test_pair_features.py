"""kg_rel's pair-feature model: the features a parsed pair gives, the regression learning them,
its round trip to disk (and a broken copy's error), and the shipped models mixing it in on
parsed docs only."""

from __future__ import annotations

import gzip
import pickle
import shutil
from pathlib import Path

import numpy
import pytest
import spacy

from kg.extract.pair_features import PairFeatureError, PairFeatureModel, pair_features
from kg.extract.pipeline import BASE_MODEL, load_pipeline
from kg.extract.relation_model import DECODE_RULES
from kg.extract.trained import available_models, load_model


@pytest.fixture(scope="module")
def parser() -> spacy.Language:
    return spacy.load(BASE_MODEL, exclude=["ner"])


def test_features_read_the_path_the_gap_and_the_labels(parser: spacy.Language) -> None:
    doc = parser("We use support vector machines for text classification .")
    head, tail = (2, 5, "Method"), (6, 8, "Task")
    features = set(pair_features(doc, head, tail, [head, tail]))
    assert {"L|hf", "gap|for|hf", "gw|for|hf", "hh|machine", "th|classification",
            "nb|0|hf", "#Method>Task", "gap|for|hf#Method>Task"} <= features
    path = next(f for f in features if f.startswith("p|") and "#" not in f)
    assert path == "p|vprep vpobj"  # machines -prep-> for -pobj-> classification
    reverse = set(pair_features(doc, tail, head, [head, tail]))
    assert "L|tf" in reverse and "#Task>Method" in reverse and "L|hf" not in reverse
    nested = pair_features(doc, (2, 5, "Method"), (4, 5, "Method"), [])
    assert "nested" in nested


def test_features_of_an_unparsed_doc_have_no_path() -> None:
    doc = spacy.blank("en")("We use BERT for parsing .")
    features = pair_features(doc, (2, 3, "Method"), (4, 5, "Task"), [])
    assert "gap|for|hf" in features
    assert not any(f.startswith(("p|", "pw|", "lca|")) for f in features)


def _toy(parser: spacy.Language) -> tuple[list[list[str]], list[int]]:
    """"X for Y" is USED-FOR (1), "X and Y" is CONJUNCTION (2), "X , Y" nothing (0)."""
    rows, targets = [], []
    pairs = [("BERT", "parsing"), ("CRFs", "tagging"), ("SVMs", "ranking"),
             ("LSTMs", "translation"), ("GANs", "synthesis"), ("HMMs", "alignment")]
    for cue, target in (("for", 1), ("and", 2), (",", 0)):
        for a, b in pairs:
            doc = parser(f"We use {a} {cue} {b} .")
            rows.append(pair_features(doc, (2, 3, "Method"), (4, 5, "Task"), []))
            targets.append(target)
    return rows, targets


def test_the_regression_learns_the_cue_words(parser: spacy.Language, tmp_path: Path) -> None:
    rows, targets = _toy(parser)
    model = PairFeatureModel.fit(rows, targets, ["USED-FOR", "CONJUNCTION"], epochs=30)
    held_out = [pair_features(parser(f"We use {a} {cue} {b} ."), (2, 3, "Method"),
                              (4, 5, "Task"), [])
                for a, cue, b in (("CNNs", "for", "detection"), ("RNNs", "and", "speech"))]
    assert list(model.probabilities(held_out).argmax(axis=1)) == [1, 2]
    model.to_disk(tmp_path / "features")
    again = PairFeatureModel.from_disk(tmp_path / "features")
    assert again.labels == model.labels
    numpy.testing.assert_allclose(again.probabilities(held_out), model.probabilities(held_out),
                                  atol=2e-3)  # weights are stored as float16


@pytest.mark.parametrize("name", available_models())
def test_shipped_models_mix_pair_features_into_parsed_docs_only(name: str) -> None:
    rel = load_model(name).get_pipe("kg_rel")
    assert rel.pair_features is not None, "fit it: scripts/train_extractor.py --stage pair-features"
    assert set(rel.pair_features.labels) == set(rel.labels)
    assert 0 <= rel.cfg["feature_weight"] < 1 and 0 < rel.cfg["feature_threshold"] < 1
    assert rel.cfg.get("feature_decode", "best") in DECODE_RULES
    text = "We use support vector machines for text classification ."
    parsed = load_pipeline(name)(text)
    assert parsed.has_annotation("DEP")
    pairs = rel.pairs(parsed, rel._predicted_spans(parsed))
    probabilities = rel.feature_probabilities(parsed, pairs)
    assert probabilities.shape == (len(pairs), len(rel.labels) + 1)
    numpy.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    unparsed = load_model(name)(text)  # the model alone: no parser, the network's scores
    assert not unparsed.has_annotation("DEP")


def test_pair_features_must_have_the_components_labels() -> None:
    rel = load_model(available_models()[0]).get_pipe("kg_rel")
    wrong = PairFeatureModel(["Nope"], [], numpy.zeros((0, 2)), numpy.zeros(2))
    with pytest.raises(ValueError, match="not kg_rel's"):
        rel.set_pair_features(wrong)


def test_a_broken_pair_feature_model_names_its_file(tmp_path: Path) -> None:
    good = tmp_path / "good"
    PairFeatureModel(["USED-FOR"], ["a", "b"], numpy.ones((2, 2)), numpy.zeros(2)).to_disk(good)
    vocabulary = gzip.decompress((good / "features.json.gz").read_bytes())
    cases = {
        "truncated": lambda d: (d / "features.json.gz").write_bytes(gzip.compress(
            vocabulary[:20])),
        "not gzipped": lambda d: (d / "features.json.gz").write_bytes(vocabulary),
        "cut short": lambda d: (d / "features.json.gz").write_bytes(
            gzip.compress(vocabulary)[:30]),
        "no weights": lambda d: (d / "weights.npy").unlink(),
        "weights of another model": lambda d: numpy.save(d / "weights.npy", numpy.ones((5, 2))),
    }
    for name, damage in cases.items():
        broken = tmp_path / name
        shutil.copytree(good, broken)
        damage(broken)
        with pytest.raises(PairFeatureError, match="not a kg pair-feature model") as caught:
            PairFeatureModel.from_disk(broken)
        assert str(broken) in str(caught.value), name
        assert pickle.loads(pickle.dumps(caught.value)).args == caught.value.args  # from a worker
    with pytest.raises(PairFeatureError, match=r"features\.json\.gz: line 1: "):
        PairFeatureModel.from_disk(tmp_path / "truncated")


def test_decode_rules_best_class_or_related_mass() -> None:
    rel = load_model(available_models()[0]).get_pipe("kg_rel")
    n = len(rel.labels)
    pairs = numpy.asarray([[0, 1, 2, 3, 0, 0], [2, 3, 0, 1, 0, 0], [4, 5, 6, 7, 0, 0]])
    scores = numpy.zeros((3, n + 1))
    scores[0, [0, 1]] = 0.2, 0.8          # clearly label 0
    scores[1, [0, 1, 2]] = 0.4, 0.3, 0.3  # none is the best class, but 0.6 says related
    scores[2, 0] = 1.0                     # unrelated
    best = rel.decode(pairs, scores, 0.5, "best")
    assert [(r[0], r[4], r[5]) for r in best] == [(0, rel.labels[0], 0.8)]
    related = rel.decode(pairs, scores, 0.5, "related")
    assert [(r[0], r[4], r[5]) for r in related] == [(0, rel.labels[0], 0.8),
                                                    (2, rel.labels[0], 0.6)]
    assert rel.decode(pairs[:0], scores[:0], 0.5, "related") == []
    with pytest.raises(ValueError, match="decode rule"):
        rel.set_pair_features(rel.pair_features, decode="most")
