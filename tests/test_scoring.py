"""The scorer on hand-made cases: strict spans, labels, nesting, relation direction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate import pick_scheme
from kg.gold import GoldError, read_gold
from kg.schema import GOLD_SCHEMES
from kg.scoring import Tally, relation_key, score_entities, typed_key, typed_relations

GOLD = [(0, 9, "Method"), (14, 28, "Task"), (0, 28, "Task")]  # the last one nests the others


def test_exact_match_is_perfect() -> None:
    micro = score_entities(GOLD, GOLD)["micro"]
    assert (micro["p"], micro["r"], micro["f1"]) == (1.0, 1.0, 1.0)


def test_partial_overlap_counts_as_wrong() -> None:
    micro = score_entities(GOLD, [(0, 8, "Method"), (14, 28, "Task")])["micro"]
    assert micro["tp"] == 1 and micro["pred"] == 2 and micro["gold"] == 3
    assert micro["p"] == 0.5 and micro["r"] == 0.3333


def test_wrong_label_counts_against_both_labels() -> None:
    report = score_entities([(0, 9, "Method")], [(0, 9, "Task")])
    assert report["micro"]["tp"] == 0
    assert report["per_label"]["Method"]["r"] == 0.0
    assert report["per_label"]["Task"]["p"] == 0.0


def test_nested_spans_are_scored_independently() -> None:
    report = score_entities(GOLD, [(0, 28, "Task"), (0, 9, "Method")])
    assert report["micro"]["tp"] == 2
    assert report["per_label"]["Task"] == {"p": 1.0, "r": 0.5, "f1": 0.6667, "tp": 1,
                                           "pred": 1, "gold": 2}


def test_relation_direction_matters_unless_symmetric() -> None:
    gold = [(0, 9, 14, 28, "USED-FOR"), (0, 9, 30, 35, "COMPARE")]
    reversed_ = [(14, 28, 0, 9, "USED-FOR"), (30, 35, 0, 9, "COMPARE")]
    tally = Tally()
    tally.add(gold, reversed_, relation_key({"COMPARE"}))
    report = tally.report()
    assert report["per_label"]["USED-FOR"]["tp"] == 0
    assert report["per_label"]["COMPARE"]["tp"] == 1


def test_a_symmetric_relation_said_both_ways_is_one_prediction() -> None:
    gold = [(0, 9, 30, 35, "COMPARE")]
    both_ways = [(0, 9, 30, 35, "COMPARE"), (30, 35, 0, 9, "COMPARE"),
                 (0, 9, 14, 28, "USED-FOR"), (14, 28, 0, 9, "USED-FOR")]
    tally = Tally()
    tally.add(gold, both_ways, relation_key({"COMPARE"}))
    report = tally.report()
    assert report["per_label"]["COMPARE"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 1,
                                              "pred": 1, "gold": 1}
    assert report["per_label"]["USED-FOR"]["pred"] == 2  # directed: two predictions


def test_strict_relations_need_entity_labels_too() -> None:
    gold_entities = [(0, 9, "Method"), (14, 28, "Task")]
    relation = [(0, 9, 14, 28, "USED-FOR")]
    good = typed_relations(relation, gold_entities)
    bad = typed_relations(relation, [(0, 9, "Method"), (14, 28, "Material")])
    for predicted, expected in ((good, 1), (bad, 0)):
        tally = Tally()
        tally.add(good, predicted, typed_key(set()))
        assert tally.report()["micro"]["tp"] == expected


def test_gold_files_are_read_and_checked(tmp_path: Path) -> None:
    doc = {"doc_key": "d", "text": "BERT for parsing", "sentences": [[0, 16]],
           "entities": [{"start": 0, "end": 4, "label": "Method"},
                        {"start": 9, "end": 16, "label": "Task"}],
           "relations": [{"head": 0, "tail": 1, "label": "USED-FOR"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(doc) + "\n" + '{"text": "x", "entities": [{"start": 0, '
                    '"end": 9, "label": "Task"}], "relations": []}\n', encoding="utf-8")
    docs = read_gold(path)
    first = next(docs)
    assert first.relations == ((0, 4, 9, 16, "USED-FOR"),)
    with pytest.raises(GoldError, match=r"gold\.jsonl:2"):
        next(docs)


def test_the_scheme_is_picked_from_the_labels() -> None:
    assert pick_scheme({"Method", "Task", "Generic", "Material"}).name == "scierc"
    assert pick_scheme({"Method", "Task", "Dataset"}).name == "scier"
    with pytest.raises(ValueError):
        pick_scheme({"Person"})
    scierc = GOLD_SCHEMES["scierc"]
    assert scierc.graph_labels("Material") == ("Dataset", "Concept")
    assert scierc.graph_labels("Generic") == ()
    assert scierc.scheme_label("Concept") == "OtherScientificTerm"
