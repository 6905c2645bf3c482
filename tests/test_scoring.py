"""The scorer on hand-made cases: strict spans, labels, nesting, relation direction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate import graph_claims, pick_scheme
from kg.gold import GoldDoc, GoldError, read_gold
from kg.graph import Mention, Paper, PaperRecord, RelationMention
from kg.linker import build_graph
from kg.schema import GOLD_SCHEMES
from kg.scoring import (
    PaperClaims,
    Tally,
    relation_key,
    score_entities,
    score_graph,
    spans_match,
    typed_key,
    typed_relations,
)

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


# --- kg's own gold: what the graph says about a paper (score_graph) ------------------------

TEXT = "Momentum Auxiliary Network (MAN) for image classification. MAN beats BP on ImageNet."
#       0         1         2         3         4         5         6         7         8
#       012345678901234567890123456789012345678901234567890123456789012345678901234567890123


def kg_doc(proposes: tuple[int, ...] = (0,)) -> GoldDoc:
    """Concepts: 0 MAN (three mentions), 1 image classification, 2 BP, 3 ImageNet."""
    entities = ((0, 26, "Method"), (28, 31, "Method"), (37, 57, "Task"), (59, 62, "Method"),
                (69, 71, "Method"), (75, 83, "Dataset"))
    assert [TEXT[s:e] for s, e, _ in entities] == [
        "Momentum Auxiliary Network", "MAN", "image classification", "MAN", "BP", "ImageNet"]
    return GoldDoc(key="p", text=TEXT, tokens=(), sentences=(), entities=entities,
                   relations=((0, 26, 37, 57, "USED_FOR"), (0, 26, 69, 71, "COMPARED_WITH"),
                              (0, 26, 75, 83, "EVALUATED_ON")),
                   concepts=(0, 0, 1, 0, 2, 3), proposes=proposes, scheme="kg")


def test_spans_match_strictly_or_by_half_the_longer_span() -> None:
    assert spans_match((0, 26), (0, 26), lenient=False)
    assert not spans_match((0, 25), (0, 26), lenient=False)
    assert spans_match((9, 26), (0, 26), lenient=True)  # "Auxiliary Network": 17 of 26
    assert not spans_match((18, 26), (0, 26), lenient=True)  # "Network": 8 of 26
    assert not spans_match((26, 30), (0, 26), lenient=True)  # touching is not overlapping


def test_concepts_are_right_when_they_match_any_mention_and_labels_are_counted_apart() -> None:
    claims = PaperClaims(concepts=((28, 31, "Method"),       # the acronym: concept 0
                                   (43, 57, "Task"),         # "classification": lenient only
                                   (69, 71, "Dataset"),      # BP, wrong label
                                   (63, 68, "Concept")))     # "beats": not a term
    report = score_graph([kg_doc()], [claims])
    strict, lenient = report["strict"]["concepts"], report["lenient"]["concepts"]
    assert (strict["right"], strict["pred"], strict["found"], strict["gold"]) == (2, 4, 2, 4)
    assert strict["p"] == 0.5 and strict["r"] == 0.5 and strict["label_accuracy"] == 0.5
    assert (lenient["right"], lenient["found"]) == (3, 3)
    assert lenient["label_accuracy"] == 0.6667


def test_a_relationship_is_right_when_type_and_both_concepts_match() -> None:
    claims = PaperClaims(relations=(
        ("USED_FOR", (((59, 62), (37, 57)),)),          # later mention of MAN: right
        ("COMPARED_WITH", (((69, 71), (28, 31)),)),     # reversed: COMPARED_WITH is symmetric
        ("EVALUATED_ON", (((75, 83), (0, 26)),)),       # reversed: wrong
        ("USED_FOR", (((69, 71), (37, 57)),)),          # BP is not used for it: wrong
        ("PART_OF", ()),                                # no ends found: wrong
    ))
    report = score_graph([kg_doc()], [claims])["strict"]["relations"]
    assert (report["right"], report["pred"], report["found"], report["gold"]) == (2, 5, 2, 3)
    assert report["per_type"]["USED_FOR"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "right": 1,
                                              "pred": 2, "found": 1, "gold": 1}
    assert report["per_type"]["EVALUATED_ON"]["right"] == 0
    assert report["per_type"]["PART_OF"]["pred"] == 1


def test_one_gold_relationship_found_twice_is_recalled_once() -> None:
    twice = PaperClaims(relations=(("USED_FOR", (((0, 26), (37, 57)), ((28, 31), (37, 57)))),
                                   ("USED_FOR", (((59, 62), (37, 57)),))))
    report = score_graph([kg_doc()], [twice])["strict"]["relations"]
    assert (report["right"], report["pred"], report["found"]) == (2, 2, 1)


def test_proposes_precision_and_recall() -> None:
    claims = PaperClaims(proposes=(((28, 31),), ((69, 71),)))  # MAN right, BP wrong
    report = score_graph([kg_doc()], [claims])["strict"]["proposes"]
    assert (report["p"], report["r"]) == (0.5, 1.0)
    nothing_proposed = score_graph([kg_doc(proposes=())], [claims])["strict"]["proposes"]
    assert (nothing_proposed["p"], nothing_proposed["gold"]) == (0.0, 0)


def test_graph_claims_read_the_linked_graph_with_each_edge_s_head_and_tail() -> None:
    """The real linker on a hand-made record: a relation whose head is outside its sentence
    (evidence marks only the tail) still gets both ends."""
    paper = Paper("p", TEXT.split(". ")[0], TEXT.split(". ", 1)[1])
    text = paper.text
    start = text.index("MAN beats")

    def mention(surface: str, label: str, at: int = 0) -> Mention:
        begin = text.index(surface, at)
        sentence = (0, len(paper.title)) if begin < len(paper.title) else (start, len(text))
        return Mention(surface, label, begin, begin + len(surface), *sentence)

    mentions = [mention("Momentum Auxiliary Network", "Method"), mention("image classification",
                "Task"), mention("MAN", "Method", start), mention("BP", "Method"),
                mention("ImageNet", "Dataset")]
    relations = [RelationMention("COMPARED_WITH", 0, 3, 0.9, "test", start, len(text)),
                 RelationMention("USED_FOR", 0, 1, 0.9, "test", 0, len(paper.title)),
                 RelationMention("PROPOSES", None, 0, 0.9, "test", 0, len(paper.title))]
    record = PaperRecord(paper, mentions, relations)
    graph, _ = build_graph([record], min_concept_papers=1)
    claims = graph_claims(graph, [record])[0]
    assert {(text[s:e], label) for s, e, label in claims.concepts} >= {
        ("Momentum Auxiliary Network", "Method"), ("BP", "Method"), ("ImageNet", "Dataset")}
    spans = {rel_type: [(text[h[0]:h[1]], text[t[0]:t[1]]) for h, t in ends]
             for rel_type, ends in claims.relations}
    assert spans == {"COMPARED_WITH": [("Momentum Auxiliary Network", "BP")],
                     "USED_FOR": [("Momentum Auxiliary Network", "image classification")]}
    assert [[text[s:e] for s, e in marks] for marks in claims.proposes] == [
        ["Momentum Auxiliary Network"]]
