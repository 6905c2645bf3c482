"""Calibration fitted and chosen out of fold (scripts/calibrate.py): folds by paper id, cells
counted without the fold, thresholds (concepts, relationships, PROPOSES) from the pooled
out-of-fold curve, and the chosen smoothing, levels and thresholds travelling in
kg/calibration.json."""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.calibration import (
    MENTION_LEVELS,
    PLAIN_RELATION_LEVELS,
    RELATION_LEVELS,
    Calibration,
    MentionContext,
    RelationContext,
    Thresholds,
    ends_bin,
    family,
    form_of,
    head_class,
    left_context,
    load_calibration,
    mention_cells,
    mention_contexts,
    mention_features,
    mention_inputs,
    relation_cells,
    relation_context,
)
from kg.graph import Mention, Paper, PaperRecord, RelationMention
from kg.records import RecordStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import calibrate


def mention(confidence: float = 1.0) -> Mention:
    return Mention("graph network", "Method", 0, 13, 0, 20, source="noun_chunk",
                   confidence=confidence)


def seen(paper: str, right: bool, source: str = "dev.jsonl") -> calibrate.Observation:
    return calibrate.Observation("scier", source, paper, right, mention=mention())


def test_folds_are_a_seeded_function_of_the_paper_ids() -> None:
    papers = [f"paper-{i}" for i in range(23)]
    folds = calibrate.assign_folds(papers, 5, seed=1)
    assert folds == calibrate.assign_folds(list(reversed(papers)), 5, seed=1)
    assert sorted(Counter(folds.values()).values()) == [4, 4, 5, 5, 5]  # dealt in turn
    assert folds != calibrate.assign_folds(papers, 5, seed=2)
    # A paper's observations share its fold; each gold file's papers are dealt on their own.
    items = [seen(p, True, "a.jsonl") for p in papers for _ in range(2)]
    items += [seen(f"other-{i}", True, "b.jsonl") for i in range(5)]
    found = calibrate.fold_of(items, 5, seed=1)
    assert found[:46:2] == found[1:46:2] == [folds[p] for p in papers]
    assert sorted(found[46:]) == [0, 1, 2, 3, 4]
    # A paper with no prediction is dealt too: the others keep the folds of the whole list.
    assert calibrate.fold_of(items[:2], 5, 1, {"a.jsonl": set(papers)}) == [folds["paper-0"]] * 2


def test_an_out_of_fold_confidence_never_uses_its_own_papers_observations() -> None:
    # Fold 0's papers: 20 mentions of one cell, all right; fold 1's: 20, 5 right.
    items = [seen("a", True) for _ in range(10)] + [seen("b", True) for _ in range(10)]
    items += [seen("c", i < 5) for i in range(20)]
    folds = [0] * 20 + [1] * 20
    settings = Calibration()
    found = calibrate.out_of_fold(items, folds, settings)
    assert found[:20] == [pytest.approx(6 / 22)] * 20  # fold 1's counts alone
    assert found[20:] == [pytest.approx(21 / 22)] * 20  # fold 0's
    # In sample, each would be 26 of 40, smoothed.
    whole = Calibration(calibrate.count(items, settings))
    assert items[0].confidence(whole) == pytest.approx(26 / 42)
    # Counts are additive: the whole less a fold is the other fold.
    assert calibrate.without(whole.cells, calibrate.count(items[:20], settings)) == \
        calibrate.count(items[20:], settings)
    # Too few in the other fold to trust the cell (min_cell): the mention keeps its own 1.0.
    few = calibrate.out_of_fold(items[:25], folds[:25], settings)
    assert few[:20] == [1.0] * 20


def test_the_thresholds_come_from_the_pooled_out_of_fold_curve() -> None:
    def point(right: int, pred: int, found: int = 0, gold: int = 10) -> dict:
        return {"concepts": Counter(right=right, pred=pred, found=found, gold=gold)}
    # Fold 0 alone reaches 0.85 at 0.5, fold 1 alone at 0.6; pooled, only at 0.7.
    fold0 = {0.5: point(9, 10, 9), 0.6: point(6, 10, 6), 0.7: point(9, 10, 9)}
    fold1 = {0.5: point(5, 10, 5), 0.6: point(9, 10, 9), 0.7: point(9, 10, 9)}
    assert calibrate.lowest_reaching(fold0, ["concepts"]) == (0.5, "target")
    assert calibrate.lowest_reaching(fold1, ["concepts"]) == (0.6, "target")
    pooled = calibrate.pool([fold0, fold1])
    assert pooled[0.5]["concepts"] == Counter(right=14, pred=20, found=14, gold=20)
    assert calibrate.lowest_reaching(pooled, ["concepts"]) == (0.7, "target")
    # Out of reach: the best pooled F1, said so.
    assert calibrate.lowest_reaching(pooled, ["concepts"], 0.95) == (0.7, "best F1")
    fold1[0.7]["concepts"].update(pred=10, gold=10)
    assert calibrate.lowest_reaching(calibrate.pool([fold0, fold1]), ["concepts"],
                                     0.95) == (0.6, "best F1")
    # The concepts' fallback, where no threshold reaches the target: the surest precision
    # (highest 95 % Wilson lower bound), which nine right of nine cannot win by luck against
    # 60 of 65; the best F1 would keep more (0.5).
    surest = {0.5: point(85, 100, 85, 100), 0.6: point(60, 65, 60, 100),
              0.7: point(9, 9, 9, 100)}
    assert calibrate.lowest_reaching(surest, ["concepts"], 1.01, fallback="surest") == \
        (0.6, "surest")
    assert calibrate.lowest_reaching(surest, ["concepts"], 1.01) == (0.5, "best F1")
    # Two kinds: a relationship threshold must keep the concepts at the target too.
    both = {0.5: {**point(9, 10), "relations": Counter(right=3, pred=3)},
            0.6: {**point(5, 10), "relations": Counter(right=2, pred=2)},
            0.7: {**point(9, 10), "relations": Counter(right=1, pred=1)}}
    assert calibrate.lowest_reaching(both, ["relations", "concepts"]) == (0.5, "target")
    both[0.5]["concepts"]["right"] = 1
    assert calibrate.lowest_reaching(both, ["relations", "concepts"]) == (0.7, "target")


def test_the_cell_levels_and_smoothing_travel_in_the_table(tmp_path: Path) -> None:
    relation = RelationMention("USED_FOR", 0, 1, 0.65, "M for T", 0, 20)
    assert relation_cells(relation, True) == [
        "r|M for T|own|e0.8|0.6", "r|M for T|own|e0.8", "r|M for T|own", "r|rule|USED_FOR|own",
        "r|USED_FOR|own", "r|USED_FOR"]
    # A table written with stop 33's levels names its cells as it did then.
    assert relation_cells(relation, True, PLAIN_RELATION_LEVELS) == [
        "r|M for T|own|0.6", "r|M for T|own", "r|USED_FOR|own", "r|USED_FOR"]
    plain = calibrate.RELATION_VARIANTS["no anchoring"]
    assert relation_cells(relation, True, plain) == ["r|M for T|0.6", "r|M for T", "r|USED_FOR"]
    model = Mention("graph network", "Method", 0, 13, 0, 20, source="model", confidence=0.83)
    assert mention_cells(model, calibrate.MENTION_VARIANTS["no score bins"]) == [
        "m|model|Method|2", "m|model|Method", "m|model", "m"]
    table = {"cells": {"m|noun_chunk|Method|2": [5, 6], "r|M for T|own": [0, 9],
                       "r|M for T": [3, 4], "r|USED_FOR": [10, 20]},
             "min_cell": 5, "prior_weight": 4,
             "mention_levels": [list(x) for x in MENTION_LEVELS],
             "relation_levels": [list(x) for x in plain]}
    (tmp_path / "c.json").write_text(json.dumps(table), encoding="utf-8")
    loaded = load_calibration(tmp_path / "c.json")
    assert (loaded.min_cell, loaded.prior_weight, loaded.relation_levels) == (5, 4.0, plain)
    assert loaded.mention(mention()) == pytest.approx(6 / 8)  # 6 seen: enough at min_cell 5
    # The type's 11/22, then "M for T" shrunk towards it with weight 4: (3 + 2) / 8 (no
    # anchoring: the "own" cell is not among the levels).
    assert loaded.relation(relation, True) == pytest.approx(5 / 8)
    assert Calibration(loaded.cells).mention(mention()) == 1.0  # at the default 15: too few
    assert Calibration().relation_levels == RELATION_LEVELS


def test_the_settings_are_chosen_by_out_of_fold_log_likelihood() -> None:
    assert calibrate.log_loss([(0.9, True), (0.1, False)]) == pytest.approx(-math.log(0.9))
    assert calibrate.brier([(0.9, True), (0.1, False)]) == pytest.approx(0.01)
    # Per paper two name mentions, right, and eight two-word ones, wrong: out of fold the
    # names' cell holds 16, so a min_cell above 16 falls back to the label's cell (mostly
    # wrong) and loses the likelihood.
    items = []
    for i in range(10):
        items += [calibrate.Observation(
            "scier", "dev.jsonl", f"p{i}", True,
            mention=Mention("BERT", "Method", 0, 4, 0, 9, source="noun_chunk"))] * 2
        items += [calibrate.Observation("scier", "dev.jsonl", f"p{i}", False,
                                        mention=mention())] * 8
    folds = calibrate.fold_of(items, 5, 1)
    chosen = calibrate.choose_settings(items, folds)
    assert chosen.min_cell in (5, 10, 15)
    confidences = calibrate.out_of_fold(items, folds, chosen)
    assert all(p > 0.9 for p, o in zip(confidences, items, strict=True) if o.right)
    assert all(p < 0.1 for p, o in zip(confidences, items, strict=True) if not o.right)
    worse = calibrate.out_of_fold(items, folds, Calibration(min_cell=25))
    assert calibrate.log_loss(list(zip(worse, (o.right for o in items), strict=True))) > \
        calibrate.log_loss(list(zip(confidences, (o.right for o in items), strict=True)))


def test_the_wilson_interval_widens_on_few_kept_items() -> None:
    low, high = calibrate.wilson(Counter(right=26, pred=30))
    assert low < 26 / 30 < high and round(low, 3) == 0.703
    assert calibrate.wilson(Counter(right=260, pred=300))[0] > low


def test_proposes_has_a_threshold_of_its_own_read_and_written(tmp_path: Path) -> None:
    chosen = {"scier": (0.75, 0.75, 0.3), "scierc": (0.89, 0.81, 0.81)}
    data = calibrate.table(Calibration({"m|model": (8, 10)}, min_cell=5), chosen,
                           models=["scier", "scierc"])
    assert data["thresholds"]["scier"] == [0.75, 0.75, 0.3]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_calibration(path)
    assert loaded.minimums("scier") == Thresholds(0.75, 0.75, 0.3)
    assert loaded.minimums("scier").proposes == 0.3
    assert loaded.thresholds("scier") == (0.75, 0.75)  # the pair, as before
    assert loaded.minimums("scierc") == (0.89, 0.81, 0.81)
    assert loaded.minimums(None) == (0.0, 0.0, 0.0)  # rules: never calibrated
    assert (loaded.min_cell, loaded.cells) == (5, {"m|model": (8, 10)})
    # A table written before PROPOSES had its own: PROPOSES follows the relationships'.
    data["thresholds"] = {"scier": [0.75, 0.6]}
    old = tmp_path / "old.json"  # (load_calibration keeps what it read per path)
    old.write_text(json.dumps(data), encoding="utf-8")
    assert load_calibration(old).minimums("scier") == (0.75, 0.6, 0.6)
    # One number for all three, or three.
    assert Thresholds.of(0.4) == (0.4, 0.4, 0.4)
    assert Thresholds.of((0.7, 0.8, 0.1)).proposes == 0.1
    with pytest.raises(ValueError, match="PROPOSES"):
        Thresholds.of((0.7, 0.8))


def test_the_proposes_threshold_comes_from_the_pooled_out_of_fold_graph(
        tmp_path: Path) -> None:
    """Ten papers, each proposing a method of its own name built on BERT; in four, the
    PROPOSES edge names BERT instead (wrong). Fold 0's papers are scored with a calibration
    that leaves the edges' confidences as extracted; fold 1's with one that gives every
    PROPOSES 1/10."""
    docs, records, folds = [], [], {}
    for i in range(10):
        name = f"Zorblax{'abcdefghij'[i]}Net"
        title = f"{name}: a study"
        abstract = f"We propose {name}, built on BERT, for text classification."
        text = f"{title}\n\n{abstract}"
        spans = [(text.index(term, len(title)), text.index(term, len(title)) + len(term), label)
                 for term, label in ((name, "Method"), ("BERT", "Method"),
                                     ("text classification", "Task"))]
        docs.append({"doc_key": f"p{i}", "scheme": "kg", "text": text, "relations": [],
                     "entities": [{"start": s, "end": e, "label": label}
                                  for s, e, label in spans], "proposes": [0]})
        mentions = [Mention(text[s:e], label, s, e, len(title) + 2, len(text), source="model",
                            confidence=0.9) for s, e, label in spans]
        # Fold 0: right at 0.9 (three papers), wrong at 0.3 (two); fold 1: three right at 0.9,
        # two wrong at 0.6.
        right = i % 5 < 3
        raw = 0.9 if right else (0.3 if i < 5 else 0.6)
        records.append(PaperRecord(Paper(f"p{i}", title, abstract), mentions, [
            RelationMention("PROPOSES", None, 0 if right else 1, raw, "we propose X",
                            len(title) + 2, len(text))]))
        folds[f"p{i}"] = 0 if i < 5 else 1
    gold = tmp_path / "dev.jsonl"
    gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    with RecordStore(tmp_path / "store" / "records").writer() as writer:
        for record in records:
            writer.add(record)
    as_extracted = Calibration()
    tenth = Calibration({"r|PROPOSES": (0, 8)})  # (0 + 1) / (8 + 2)
    choice = calibrate.graph_level(gold, tmp_path / "store", {0: as_extracted, 1: tenth},
                                   as_extracted, folds)
    assert (choice.concepts, choice.how[0]) == (0.0, "target")  # every concept is right
    oof, own = choice.out_of_fold[2], choice.in_sample[2]
    kept = {t: (c["proposes"]["right"], c["proposes"]["pred"]) for t, c in oof.items()}
    # Pooled out of fold: fold 1's five at 0.1, fold 0's wrong at 0.3 and right at 0.9.
    assert (kept[0.1], kept[0.15], kept[0.3], kept[0.35], kept[0.9]) == \
        ((6, 10), (3, 5), (3, 5), (3, 3), (3, 3))
    assert (choice.proposes, choice.how[2]) == (0.35, "target")
    # In sample the edges keep their own confidences: fold 1's wrong ones at 0.6 hold the
    # precision under the target up to 0.6, so the in-sample curve would choose 0.65.
    assert calibrate.lowest_reaching(own, ["proposes", "concepts"]) == (0.65, "target")
    assert (own[0.6]["proposes"]["right"], own[0.6]["proposes"]["pred"]) == (6, 8)
    # Its precision counted as kg eval counts it: recall of the gold's proposed methods.
    assert (oof[0.35]["proposes"]["found"], oof[0.35]["proposes"]["gold"]) == (3, 10)
    # Out of reach (no threshold keeps the concepts at the target): the best F1, said so.
    assert calibrate.lowest_reaching(oof, ["proposes"], 1.01) == (0.0, "best F1")


def term(text: str, start: int, sent_start: int, source: str = "model",
         confidence: float = 1.0) -> Mention:
    return Mention(text, "Method", start, start + len(text), sent_start, sent_start + 60,
                   source=source, confidence=confidence)


def test_a_relation_knows_its_weaker_end_its_reach_and_its_family() -> None:
    assert ends_bin([term("BERT", 0, 0, confidence=0.93), term("GPT", 9, 0, "acronym_use")]) \
        == "e0.8"
    assert ends_bin([term("BERT", 0, 0, confidence=0.93), term("a tagger", 9, 0,
                                                                confidence=0.71)]) == "e0.6"
    assert ends_bin([term("the tagger", 0, 0, confidence=0.45), term("X", 9, 0)]) == "e0.4"
    # A noun chunk no model tagged, whatever its (rule) confidence of 1.0.
    assert ends_bin([term("BERT", 0, 0, confidence=0.93), term("our study", 9, 0,
                                                                "noun_chunk")]) == "chunk"
    assert (family("model Used-For"), family("M consists of P")) == ("model", "rule")
    # "We propose FooNet. FooNet reaches 90 % on WidgetSet." and a pair in one sentence.
    record = PaperRecord(Paper("p", "", ""), [
        term("FooNet", 11, 0), term("FooNet", 19, 19, confidence=0.95),
        term("WidgetSet", 43, 19, "noun_chunk"), term("a CNN", 70, 60, confidence=0.5),
        term("parsing", 85, 60, confidence=0.9)], [
        RelationMention("PROPOSES", None, 0, 1.0, "we propose X", 0, 18),
        RelationMention("EVALUATED_ON", 0, 2, 0.6, "results on D", 0, 60),
        RelationMention("USED_FOR", 3, 4, 0.7, "model Used-For", 60, 120)])
    names = calibrate.contribution_names(record)
    assert [relation_context(record, r, names) for r in record.relations] == [
        RelationContext("own", "same", "e0.8"), RelationContext("own", "cross", "chunk"),
        RelationContext("other", "same", "e0.4")]
    # The linker's confidences come from those cells: the model's relation between a weak end
    # and a sure one is read from its own "e0.4" cell, not its pattern's.
    table = Calibration({"r|model Used-For|other|e0.4": (1, 9), "r|model Used-For|other":
                         (12, 18), "r|model|USED_FOR|other": (12, 18),
                         "r|USED_FOR|other": (12, 18), "r|USED_FOR": (12, 18)},
                        prior_weight=2)
    found = table.record_relations(record)
    shrunk = 13 / 20  # the type's 12/18, smoothed; each 12/18 cell inside it shrunk towards it
    for _ in range(3):
        shrunk = (12 + 2 * shrunk) / 20
    assert found[2] == pytest.approx((1 + 2 * shrunk) / 11)  # the score's cell: never seen
    assert found[2] < table.relation(record.relations[2], RelationContext("other", "same",
                                                                          "e0.8"))


def test_the_feature_table_counts_each_gold_apart(capsys: pytest.CaptureFixture[str]) -> None:
    relation = RelationMention("USED_FOR", 0, 1, 0.65, "M for T", 0, 20)
    weak = RelationContext("other", "same", "e0.4")
    items = [calibrate.Observation("scier", source, "p", right, relation=relation,
                                   context=context)
             for source, right, context in (("kg.jsonl", True, weak), ("kg.jsonl", False, weak),
                                            ("kg.jsonl", True, RelationContext()),
                                            ("pub.jsonl", False, weak))]
    calibrate.print_relation_features(items, [0.5, 0.3, 0.9, 0.2], "kg.jsonl", RELATION_LEVELS)
    lines = capsys.readouterr().out.splitlines()
    ends = lines[lines.index(next(x for x in lines if x.startswith("relations by ends"))) + 1:]
    assert ends[0].split() == ["r|e0.4", "1/", "2", "0.50", "0.40", "|", "0/", "1", "0.00",
                               "0.20"]
    assert ends[1].split() == ["r|e0.8", "1/", "1", "1.00", "0.90", "|"]
    assert any(x.startswith("relations by pattern x anchor x ends") for x in lines)


def related(paper: str, right: bool, pattern: str = "M for T", score: float = 0.65,
            ends: str = "e0.8") -> calibrate.Observation:
    relation = RelationMention("USED_FOR", 0, 1, score, pattern, 0, 20)
    return calibrate.Observation("scier", "dev.jsonl", paper, right, relation=relation,
                                 context=RelationContext("other", "same", ends))


def test_a_fitted_relation_model_sorts_by_its_terms_and_is_fitted_out_of_fold(
        tmp_path: Path) -> None:
    # Weak ends are wrong 9 times in 10, sure ones right 9 in 10; the model's score says more
    # where it is high.
    items = [related(f"p{i}", i % 10 != 0, ends="e0.8") for i in range(40)]
    items += [related(f"q{i}", i % 10 == 0, ends="e0.4") for i in range(40)]
    items += [related(f"r{i}", i < 15, "model Used-For", 0.9 if i < 15 else 0.3)
              for i in range(30)]
    weights = calibrate.fit_relations(items, 1.0)
    table = Calibration(relation_weights=weights, relation_l2=1.0)
    sure, weak = (table.relation(items[i].relation, items[i].context) for i in (1, 41))
    assert sure > 0.8 and weak < 0.2
    high, low = (table.relation(items[i].relation, items[i].context) for i in (80, 100))
    assert high > 0.85 and low < 0.15
    assert table.relation(RelationMention("IS_A", 0, 1, 0.42, "X such as Y", 0, 9)) == 0.42
    # Out of fold: fold 0's papers hold every right "A is B" observation, fold 1's every
    # wrong one, so each fold's model, fitted on the other, reads the pattern the other way.
    split = [related(f"a{i}", True, "A is B") for i in range(10)]
    split += [related(f"b{i}", False, "A is B") for i in range(10)]
    found = calibrate.out_of_fold(split, [0] * 10 + [1] * 10,
                                  Calibration(relation_l2=1.0))
    assert max(found[:10]) < 0.5 < min(found[10:])
    # Written to the table and read back.
    data = calibrate.table(table, {})
    (tmp_path / "c.json").write_text(json.dumps(data), encoding="utf-8")
    loaded = load_calibration(tmp_path / "c.json")
    assert (loaded.relation_weights, loaded.relation_l2) == (weights, 1.0)
    assert loaded.relation(items[1].relation, items[1].context) == pytest.approx(sure)


def test_the_settings_table_starts_with_the_shipped_tables_settings() -> None:
    cells = Calibration(relation_levels=PLAIN_RELATION_LEVELS, prior_weight=20)
    assert calibrate.shipped_as(cells, "relation", cells)
    assert not calibrate.shipped_as(Calibration(prior_weight=20), "relation", cells)
    assert not calibrate.shipped_as(Calibration(relation_l2=4), "relation", cells)
    model = Calibration(relation_weights={"r|intercept": 0.0}, relation_l2=4)
    assert calibrate.shipped_as(Calibration(relation_l2=4), "relation", model)
    assert not calibrate.shipped_as(Calibration(relation_l2=2), "relation", model)
    assert calibrate.shipped_as(Calibration(min_cell=5), "mention", Calibration(min_cell=5))


def test_the_graph_takes_a_relationships_confidence_from_the_fitted_model() -> None:
    from kg.linker import build_graph

    def task(start: int, sent_start: int) -> Mention:
        return Mention("parsing", "Task", start, start + 7, sent_start, sent_start + 21,
                       source="model", confidence=0.9)

    record = PaperRecord(Paper("p1", "", "We use BERT for parsing. A tagger for parsing."), [
        term("BERT", 7, 0, confidence=0.95), task(16, 0), term("A tagger", 25, 25,
                                                               confidence=0.45), task(38, 25)], [
        RelationMention("USED_FOR", 0, 1, 0.9, "model Used-For", 0, 24),
        RelationMention("USED_FOR", 2, 3, 0.9, "model Used-For", 25, 46)])
    # Dev said: a weak end (term probability below 0.6) costs 2 in log-odds.
    table = Calibration(relation_weights={"r|intercept": 1.0, "r|USED_FOR": 0.0,
                                          "r|e0.4": -2.0}, relation_l2=1.0)
    graph, _ = build_graph([record], calibration=table)
    confidence = {e.source[1]: e.confidence for e in graph.edges("USED_FOR")}
    assert confidence == {"method:BERT": round(1 / (1 + math.exp(-1.0)), 4),
                          "method:a tagger": round(1 / (1 + math.exp(1.0)), 4)}


def test_a_mention_knows_its_head_class_vagueness_form_and_place_in_its_paper() -> None:
    assert [head_class(t) for t in ("speech recognition", "a sparse encoder", "XNet-2",
                                    "covariance matrix", "key challenge", "the sunset")] == [
        "h:Task", "h:Method", "h:name", "h:Concept", "h:vague", "h:none"]
    # Title "GlowNet", then: "We propose GlowNet, a flow model (FM). GlowNet beats FM on
    # speech recognition. GlowNet is fast."
    title = "GlowNet"
    abstract = ("We propose GlowNet, a flow model (FM). GlowNet beats FM on speech "
                "recognition. GlowNet is fast.")
    paper = Paper("p1", title, abstract)
    text = paper.text

    def at(word: str, nth: int = 0, **what: object) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return Mention(word, str(what.pop("label", "Method")), start, start + len(word), 0,
                       len(text), **what)

    mentions = [at("GlowNet", 0, source="title"), at("GlowNet", 1, source="model",
                                                       confidence=0.7),
                at("flow model", source="model", confidence=0.6, short_form="FM"),
                at("FM", 0, source="acronym_short", long_form="flow model"),
                at("GlowNet", 2), at("FM", 1, source="acronym_use", long_form="flow model"),
                at("speech recognition", label="Task", source="model", confidence=0.9),
                at("GlowNet", 3)]
    record = PaperRecord(paper, mentions, [RelationMention("PROPOSES", None, 1, 0.9,
                                                           "we propose X", 0, 40)])
    contexts = mention_contexts(record)
    assert [c.place for c in contexts] == ["title"] + ["abstract"] * 7
    # The paper proposes GlowNet: every mention of its name, not the flow model it builds on.
    assert [c.role for c in contexts] == ["proposed", "proposed", "other", "other",
                                          "proposed", "other", "other", "proposed"]
    assert [c.repeats for c in contexts] == ["x3", "x3", "x1", "x2", "x3", "x2", "x1", "x3"]
    assert {c.domain for c in contexts} == {"in"}
    assert mention_contexts(record, "public")[0].domain == "public"
    assert [form_of(m) for m in mentions[:4]] == ["f:plain", "f:plain", "f:defined",
                                                 "f:defined"]
    assert form_of(Mention("GAN", "Method", 0, 3, 0, 9)) == "f:acronym"
    assert mention_features(mentions[2], contexts[2]) == (
        "model", "Method", "2", "s0.6", "h:Method", "w:specific", "f:defined", "p:abstract",
        "o:other", "x1", "d:in", "l:closed")
    # "a flow model": a closed-class word before it; "propose GlowNet", "beats FM": a content
    # word (the text alone does not tell a verb from a left modifier).
    assert [c.left for c in contexts] == ["closed", "word", "closed", "closed", "closed",
                                          "word", "closed", "closed"]
    assert mention_features(Mention("high probability", "Concept", 0, 16, 0, 20))[4:6] == (
        "h:none", "w:generic")
    assert mention_features(Mention("key training loss", "Metric", 0, 17, 0, 20))[5] == \
        "w:vague"
    # Without a record, a mention is read alone (an abstract's, once, in kg's own domain).
    assert mention_features(mentions[0])[7:] == ("p:abstract", "o:other", "x1", "d:in",
                                                 "l:closed")


def test_a_mention_after_a_content_word_may_have_a_left_modifier_the_span_left_out() -> None:
    sentence = ("We train small LMs with projected gradient descent, unlike the Transformer "
                "of (Vaswani, 2017); Mamba and secure multi-party computation.\nBERT")
    assert {word: left_context(sentence, sentence.index(word)) for word in (
        "LMs", "gradient descent", "Transformer", "Vaswani", "Mamba", "multi-party",
        "BERT", "We")} == {
        "LMs": "word", "gradient descent": "word", "Transformer": "closed", "Vaswani": "closed",
        "Mamba": "closed", "multi-party": "word", "BERT": "closed", "We": "closed"}
    # The fitted model reads it alone, per source and per domain (the public gold keeps left
    # modifiers out of its spans more often than kg's own: the two may weigh it apart).
    mention = Mention("LMs", "Method", 15, 18, 0, 40, source="model", confidence=0.7)
    inputs = mention_inputs(mention, MentionContext(left="word", domain="public"))
    assert {"m|l:word", "m|model|l:word", "m|d:public|l:word"} <= set(inputs)
    closed = set(mention_inputs(mention, MentionContext()))
    assert "m|l:closed" in closed and "m|l:word" not in closed


def named(paper: str, right: bool, text: str = "graph network", source: str = "model",
          score: float = 0.7, context: MentionContext | None = None,
          gold: str = "dev.jsonl") -> calibrate.Observation:
    return calibrate.Observation(
        "scier", gold, paper, right,
        mention=Mention(text, "Method", 0, len(text), 0, 40, source=source, confidence=score),
        mention_context=context or MentionContext())


def test_a_fitted_mention_model_sorts_by_its_terms_and_is_fitted_out_of_fold(
        tmp_path: Path) -> None:
    proposed = MentionContext(role="proposed")
    # What the paper proposes is right 9 times in 10, the rest 1 in 10, at one term score;
    # the trained model's score says more where it is high.
    items = [named(f"p{i}", i % 10 != 0, context=proposed) for i in range(40)]
    items += [named(f"q{i}", i % 10 == 0) for i in range(40)]
    items += [named(f"r{i}", i < 15, "tree kernel", score=0.95 if i < 15 else 0.45)
              for i in range(30)]
    weights = calibrate.fit_mentions(items, 1.0)
    table = Calibration(mention_weights=weights, mention_l2=1.0)
    sure, other = (table.mention(items[i].mention, items[i].mention_context) for i in (1, 41))
    assert sure > 0.8 and other < 0.2
    high, low = (table.mention(items[i].mention, items[i].mention_context) for i in (80, 100))
    assert high > 0.85 and low < 0.15
    # A source dev never saw keeps its extractor's confidence.
    assert table.mention(Mention("X", "Method", 0, 1, 0, 9, source="new_rule",
                                 confidence=0.42)) == 0.42
    # The record's context reaches the model through the linker's path too.
    record = PaperRecord(Paper("p", "", "We propose graph network."), [
        Mention("graph network", "Method", 12, 25, 0, 26, source="model", confidence=0.7)],
        [RelationMention("PROPOSES", None, 0, 0.9, "we propose X", 0, 26)])
    assert table.record_mentions(record) == [pytest.approx(sure)]
    # Out of fold: fold 0's papers hold every right "tree kernel" observation, fold 1's every
    # wrong one, so each fold's model, fitted on the other, reads the phrase the other way.
    split = [named(f"a{i}", True, "Tree Kernel") for i in range(10)]
    split += [named(f"b{i}", False, "Tree Kernel") for i in range(10)]
    found = calibrate.out_of_fold(split, [0] * 10 + [1] * 10, Calibration(mention_l2=1.0))
    assert max(found[:10]) < 0.5 < min(found[10:])
    # Written to the table and read back; the cells stay where no model was chosen.
    data = calibrate.table(table, {})
    (tmp_path / "c.json").write_text(json.dumps(data), encoding="utf-8")
    loaded = load_calibration(tmp_path / "c.json")
    assert (loaded.mention_weights, loaded.mention_l2) == (weights, 1.0)
    assert loaded.mention(items[1].mention, proposed) == pytest.approx(sure)
    assert calibrate.shipped_as(Calibration(mention_l2=1.0), "mention", loaded)
    assert not calibrate.shipped_as(Calibration(mention_l2=2.0), "mention", loaded)
    assert not calibrate.shipped_as(Calibration(mention_l2=1.0), "mention", Calibration())


def test_the_public_gold_has_a_domain_of_its_own_that_kg_never_reads() -> None:
    # A public gold calls this kind of mention wrong, kg's own gold right: the domain terms
    # carry the difference, and a graph (domain "in") reads kg's side.
    items = [named(f"p{i}", False, gold="pub.jsonl", context=MentionContext(domain="public"))
             for i in range(60)]
    items += [named(f"q{i}", True) for i in range(20)]
    table = Calibration(mention_weights=calibrate.fit_mentions(items, 1.0), mention_l2=1.0)
    assert table.mention(items[0].mention) > 0.8
    assert table.mention(items[0].mention, MentionContext(domain="public")) < 0.1


def test_the_mention_feature_table_counts_each_gold_apart(
        capsys: pytest.CaptureFixture[str]) -> None:
    items = [named("p", True, gold="kg.jsonl", context=MentionContext(role="proposed")),
             named("p", False, gold="kg.jsonl"), named("q", False, gold="pub.jsonl")]
    calibrate.print_mention_features(items, [0.9, 0.4, 0.2], "kg.jsonl")
    lines = capsys.readouterr().out.splitlines()
    role = lines[lines.index(next(x for x in lines if x.startswith("mentions by role"))) + 1:]
    assert role[0].split() == ["o:other", "0/", "1", "0.00", "0.40", "|", "0/", "1", "0.00",
                               "0.20"]
    assert role[1].split() == ["o:proposed", "1/", "1", "1.00", "0.90", "|"]
    assert any(x.startswith("mentions by label x head") for x in lines)


def test_the_graph_takes_a_concepts_confidence_from_the_fitted_mention_model() -> None:
    from kg.linker import build_graph

    text = "We propose FlowNet. FlowNet uses a tree kernel."
    record = PaperRecord(Paper("p1", "", text), [
        Mention("FlowNet", "Method", 11, 18, 0, 19, source="model", confidence=0.6),
        Mention("tree kernel", "Method", 35, 46, 20, 47, source="model", confidence=0.6)], [
        RelationMention("PROPOSES", None, 0, 0.2, "we propose X", 0, 19)])
    # Dev said: what the paper proposes is a concept 2 in log-odds more often.
    table = Calibration(mention_weights={"m|intercept": 0.0, "m|model": 0.0,
                                         "m|o:proposed": 2.0}, mention_l2=1.0)
    graph, _ = build_graph([record], calibration=table)
    confidence = {c.name: c.confidence for c in graph.concepts()}
    assert confidence == {"FlowNet": round(1 / (1 + math.exp(-2.0)), 4),
                          "tree kernel": 0.5}


def test_a_concepts_papers_pool_as_the_table_says(tmp_path: Path) -> None:
    from kg.linker import build_graph

    def paper(key: str) -> PaperRecord:
        text = "We tune the model parameters."
        return PaperRecord(Paper(key, "", text), [
            Mention("model parameters", "Concept", 12, 28, 0, 29, source="model",
                    confidence=0.5)], [])

    # Dev said: a model's Concept mention scored 0.5-0.6 is right half the time.
    cells = {"m|model|Concept|s0.5": (20, 40)}
    records = [paper(f"p{i}") for i in range(3)]
    for pooling, expected in ((0.0, 1 - 0.5 ** 3), (1.0, 0.5), (0.5, 1 - 0.5 ** (3 ** 0.5))):
        table = Calibration(cells, min_cell=5, paper_pooling=pooling)
        graph, _ = build_graph(records, calibration=table)
        assert [c.confidence for c in graph.concepts()] == [round(expected, 4)]
    # Each paper independent (0) would keep it at 0.8; its papers' mean (1) does not.
    assert [len(list(build_graph(records, min_confidence=0.8, calibration=Calibration(
        cells, min_cell=5, paper_pooling=p))[0].concepts())) for p in (0.0, 1.0)] == [1, 0]
    written = calibrate.table(Calibration(cells, paper_pooling=0.5), {})
    (tmp_path / "c.json").write_text(json.dumps(written), encoding="utf-8")
    assert load_calibration(tmp_path / "c.json").paper_pooling == 0.5
    assert Calibration().paper_pooling == 0.0  # a table written before pools as it did


def test_a_public_relation_is_right_under_any_of_its_types_labels(tmp_path: Path) -> None:
    # SciER's IS_A is SubClass-Of between methods and SubTask-Of between tasks: a graph IS_A
    # between two tasks is right where the gold says SubTask-Of.
    import hashlib

    from kg.extract.fingerprint import extractor_fingerprint
    from kg.extract.trained import available_models

    text = "Pose estimation is a task of computer vision ."
    gold = tmp_path / "dev.jsonl"
    gold.write_text(json.dumps({
        "doc_key": "d1", "text": text, "tokens": text.split(), "sentences": [[0, 47]],
        "entities": [{"start": 0, "end": 15, "label": "Task", "text": "Pose estimation"},
                     {"start": 29, "end": 44, "label": "Task", "text": "computer vision"}],
        "relations": [{"head": 0, "tail": 1, "label": "SubTask-Of"}]}) + "\n",
        encoding="utf-8")
    model = "scier" if "scier" in available_models() else None
    digest = hashlib.sha256(gold.read_bytes()).hexdigest()[:16]
    record = PaperRecord(Paper("d", "", text), [
        Mention("Pose estimation", "Task", 0, 15, 0, 47, source="model"),
        Mention("computer vision", "Task", 29, 44, 0, 47, source="model")], [
        RelationMention("IS_A", 0, 1, 0.9, "model SubTask-Of", 0, 47),
        RelationMention("IS_A", 1, 0, 0.6, "X such as Y", 0, 47)])
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"{tmp_path.name}-dev-{digest}-{extractor_fingerprint(model)}.jsonl").write_text(
        record.to_json() + "\n", encoding="utf-8")
    found = [(o.relation.pattern, o.right) for o in calibrate.observe(gold, cache)
             if o.relation is not None]
    assert found == [("model SubTask-Of", True), ("X such as Y", False)]
