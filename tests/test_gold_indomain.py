"""kg's in-domain gold (tests/data/gold): the files' integrity, and `kg eval` on it end to end."""

from __future__ import annotations

import json
import re
import shutil
import sys
import tomllib
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.calibration import load_calibration
from kg.cli import main
from kg.data import SAMPLE_CORPUS
from kg.evaluate import evaluate, format_report
from kg.gold import KG_SCHEME, GoldError, read_gold
from kg.schema import SCHEMA
from kg.sources import deduplicate, read_papers
from kg.store import EmbeddedStore

GOLD = Path(__file__).parent / "data" / "gold"
sys.path.insert(0, str(GOLD))

from draw import SEED, draw  # noqa: E402
from make_gold import convert  # noqa: E402

SPLITS = ("dev", "test", "check", "check2")
#: Papers per split (dev: 20 of the first round, 30 of the second).
PAPERS = {"dev": 50, "test": 20, "check": 30, "check2": 30}


@pytest.fixture(scope="module")
def drawn() -> dict[str, list]:
    return draw()


@pytest.mark.parametrize("split", SPLITS)
def test_the_gold_is_the_seeded_draw_of_the_sample_corpus(split: str, drawn: dict) -> None:
    docs = list(read_gold(GOLD / f"{split}.jsonl"))
    assert [d.key for d in docs] == [p.id for p in drawn[split]]
    assert [d.text for d in docs] == [p.text for p in drawn[split]]  # as kg build reads them
    assert len(docs) == PAPERS[split] and f"Random({SEED})" in (GOLD / "README.md").read_text()


def test_the_splits_are_disjoint() -> None:
    splits = [{d.key: d.text for d in read_gold(GOLD / f"{s}.jsonl")} for s in SPLITS]
    assert len(set().union(*splits)) == sum(PAPERS.values())
    assert len(set().union(*(split.values() for split in splits))) == sum(PAPERS.values())
    sample = list(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)))
    titles = {p.id: p.title for p in sample}
    assert len({titles[k] for split in splits for k in split}) == sum(PAPERS.values())


@pytest.mark.parametrize("split", SPLITS)
def test_spans_labels_and_types_are_valid(split: str) -> None:
    lines = (GOLD / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    for line, doc in zip(lines, read_gold(GOLD / f"{split}.jsonl"), strict=True):
        data = json.loads(line)
        assert doc.scheme == "kg"
        spans = sorted((s, e) for s, e, _ in doc.entities)
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), "flat"
        for entity, (start, end, label) in zip(data["entities"], doc.entities, strict=True):
            assert doc.text[start:end] == entity["text"] == entity["text"].strip()
            assert label in KG_SCHEME.entities
        label_of = {(s, e): label for s, e, label in doc.entities}
        for hs, he, ts, te, rel_type in doc.relations:
            assert SCHEMA.allows(rel_type, label_of[(hs, he)], label_of[(ts, te)]), (
                doc.key, doc.text[hs:he], rel_type, doc.text[ts:te])
        for index in doc.proposes:
            assert SCHEMA.allows("PROPOSES", "Paper", doc.entities[index][2])
        # A concept's mentions share one label.
        concept_labels: dict[int, set[str]] = {}
        for concept, (_, _, label) in zip(doc.concepts, doc.entities, strict=True):
            concept_labels.setdefault(concept, set()).add(label)
        assert all(len(labels) == 1 for labels in concept_labels.values())


@pytest.mark.parametrize("split", SPLITS)
def test_the_json_lines_are_made_from_the_hand_annotation(split: str, drawn: dict) -> None:
    entries = tomllib.loads((GOLD / f"{split}.toml").read_text(encoding="utf-8"))["paper"]
    lines = (GOLD / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    texts = {p.id: p.text for p in drawn[split]}
    assert [convert(e, texts[e["id"]]) for e in entries] == [json.loads(x) for x in lines]


def test_a_span_whose_text_differs_from_the_offsets_is_refused(tmp_path: Path) -> None:
    doc = {"doc_key": "p", "scheme": "kg", "text": "LoRA for fine-tuning",
           "entities": [{"start": 0, "end": 4, "label": "Method", "text": "LoRA"},
                        {"start": 9, "end": 19, "label": "Task", "text": "fine-tuning"}],
           "relations": [], "proposes": [0]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"gold\.jsonl:1: .*'fine-tunin'.*'fine-tuning'"):
        list(read_gold(path))
    doc["entities"][1]["end"] = 20
    doc["proposes"] = [2]
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"gold\.jsonl:1: .*entity index 2"):
        list(read_gold(path))


def test_kg_eval_builds_the_gold_papers_and_scores_the_graph(tmp_path: Path) -> None:
    text = ("Hiformer: a Transformer for recommender systems\n\nWe propose Hiformer, a "
            "Transformer for recommender systems. Hiformer outperforms DCN on MovieLens.")
    forms = [("Hiformer", "Method"), ("Transformer", "Method"), ("recommender systems", "Task"),
             ("DCN", "Method"), ("MovieLens", "Dataset")]
    entities = sorted((m.start(), m.end(), label, concept)
                      for concept, (form, label) in enumerate(forms)
                      for m in re.finditer(form, text))
    first = {c: i for i, (*_, c) in reversed(list(enumerate(entities)))}
    doc = {"doc_key": "hiformer", "scheme": "kg", "text": text,
           "entities": [{"start": s, "end": e, "label": label, "text": text[s:e],
                         "concept": c} for s, e, label, c in entities],
           "relations": [{"head": first[0], "tail": first[t], "label": label}
                         for t, label in ((2, "USED_FOR"), (3, "COMPARED_WITH"),
                                          (4, "EVALUATED_ON"), (1, "IS_A"))],
           "proposes": [first[0]]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"title": "DCN for ranking", "abstract": "DCN is a network "
                                  "for recommender systems. We test DCN on MovieLens."}) + "\n",
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold), "--model", "rules", "--corpus",
                                       str(corpus), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["scheme"] == "kg" and report["model"] == "rules" and report["documents"] == 1
    strict = report["strict"]
    assert strict["concepts"]["gold"] == 5 and strict["relations"]["gold"] == 4
    assert strict["proposes"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "right": 1, "pred": 1,
                                  "found": 1, "gold": 1}
    assert strict["concepts"]["found"] >= 4 and strict["concepts"]["label_accuracy"] >= 0.75
    assert strict["relations"]["right"] >= 1
    table = format_report(report)
    assert "label accuracy" in table and "PROPOSES" in table and "lenient" in table


def test_eval_scores_what_the_minimum_confidence_keeps(tmp_path: Path) -> None:
    text = ("We propose Mamba, a selective state space model for language modeling, and "
            "compare it with the Transformer on WikiText-103 and the Pile.")
    spans = [("Mamba", "Method"), ("selective state space model", "Method"),
             ("language modeling", "Task"), ("Transformer", "Method"),
             ("WikiText-103", "Dataset"), ("the Pile", "Dataset")]
    entities = [{"start": text.index(t), "end": text.index(t) + len(t), "label": label}
                for t, label in spans]
    gold = tmp_path / "scier.jsonl"
    gold.write_text(json.dumps({"text": text, "entities": entities, "relations": [
        {"head": 0, "tail": 2, "label": "Used-For"},
        {"head": 0, "tail": 3, "label": "Compare-With"}]}) + "\n", encoding="utf-8")
    everything = evaluate(gold, "scier+rules", min_confidence=0.0)
    default = evaluate(gold, "scier+rules")
    nothing = evaluate(gold, "scier+rules", min_confidence=1.0)
    assert everything["min_confidence"] == [0.0, 0.0]
    assert tuple(default["min_confidence"]) == load_calibration().thresholds("scier")
    pred = [r["entities"]["micro"]["pred"] for r in (everything, default, nothing)]
    assert pred[0] >= pred[1] >= pred[2] == 0 and pred[0] > 0
    assert nothing["relations"]["micro"]["pred"] == 0
    assert "everything kept" in format_report(everything)
    assert "min confidence 1.0 / 1.0" in format_report(nothing)
    with pytest.raises(ValueError, match="no calibrated confidence"):
        evaluate(gold, "scier", min_confidence=0.5)


def test_corpus_and_store_are_refused_for_public_gold(tmp_path: Path) -> None:
    doc = {"text": "BERT for parsing", "entities": [{"start": 0, "end": 4, "label": "Method"}],
           "relations": []}
    gold = tmp_path / "scierc.jsonl"
    gold.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kg's own scheme"):
        evaluate(gold, "rules", corpus=[gold])


@pytest.mark.slow
def test_kg_eval_on_the_dev_half(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    """The figures of the sample build on dev: the build re-uses the sample store's records."""
    store = tmp_path / "store"
    shutil.copytree(sample_store.location, store)
    report = evaluate(GOLD / "dev.jsonl", store=store)
    strict, lenient = report["strict"], report["lenient"]
    assert report["documents"] == PAPERS["dev"] and strict["concepts"]["gold"] == 825
    assert 0 < strict["concepts"]["p"] <= lenient["concepts"]["p"]
    assert strict["concepts"]["right"] <= lenient["concepts"]["right"]
    assert strict["proposes"]["pred"] > 0 and strict["relations"]["pred"] > 0
