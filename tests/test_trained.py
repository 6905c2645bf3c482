"""The shipped trained models: they load, tag a known sentence, carry their provenance, and
`kg eval` scores them on gold data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from kg.cli import main
from kg.extract.suggester import term_ngrams
from kg.extract.trained import MODELS_DIR, available_models, load_model, model_meta
from kg.schema import GOLD_SCHEMES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

#: A sentence per model, with spans and relations it must find.
KNOWN = {
    "scierc": ("We use support vector machines for text classification .",
               {("support vector machines", "Method"), ("text classification", "Task")},
               {("support vector machines", "text classification", "USED-FOR")}),
    "scier": ("We fine-tune BERT on the SQuAD dataset for question answering .",
              {("BERT", "Method"), ("SQuAD", "Dataset"), ("question answering", "Task")},
              set()),
}


def test_every_gold_scheme_has_a_shipped_model() -> None:
    assert set(available_models()) == set(GOLD_SCHEMES)


def test_shipped_weights_stay_within_50_mb() -> None:
    size = sum(p.stat().st_size for p in MODELS_DIR.rglob("*") if p.is_file())
    assert size <= 50_000_000, f"{MODELS_DIR}: {size / 1e6:.1f} MB of weights, over the limit"


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_model_loads_and_tags_a_known_sentence(name: str) -> None:
    text, spans, relations = KNOWN[name]
    doc = load_model(name)(text)
    found = {(s.text, s.label_) for s in doc.spans["sc"]}
    assert spans <= found, found
    pairs = {(doc[a:b].text, doc[c:d].text, label) for a, b, c, d, label, _ in doc._.kg_rel}
    assert relations <= pairs, pairs


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_model_meta_names_its_data_and_licence(name: str) -> None:
    meta = model_meta(name)
    assert meta["kg_scheme"] == name
    assert meta["sources"][0]["license"] == GOLD_SCHEMES[name].licence
    assert "GPL" not in GOLD_SCHEMES[name].licence or meta["license"].startswith("GPL")
    assert meta["performance"]["spans_sc_f"] > 0.4


def test_kg_eval_prints_scores_per_label(tmp_path: Path) -> None:
    gold = SHARED / "scierc" / "dev.jsonl"
    if not gold.is_file():
        pytest.skip(f"{gold} is not here")
    result = CliRunner().invoke(main, ["eval", str(gold), "--limit", "5", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["scheme"] == "scierc" and report["model"] == "scierc+rules"
    assert report["documents"] == 5
    assert 0.3 < report["entities"]["micro"]["f1"] <= 1.0
    assert set(report["entities"]["per_label"]) >= {"Method", "Task", "Generic"}
    assert {"p", "r", "f1"} <= set(report["relations"]["micro"])
    text = CliRunner().invoke(main, ["eval", str(gold), "--limit", "2", "--model", "rules"])
    assert text.exit_code == 0 and "entities (micro)" in text.output
    bad = CliRunner().invoke(main, ["eval", str(gold), "--model", "scier"])
    assert bad.exit_code == 1 and "not on scierc" in bad.output


@pytest.mark.parametrize("scheme", sorted(GOLD_SCHEMES))
def test_term_ngrams_keep_gold_spans_and_drop_most_ngrams(scheme: str) -> None:
    gold = SHARED / scheme / "dev.jsonl"
    if not gold.is_file():
        pytest.skip(f"{gold} is not here")
    nlp = spacy.blank("en")
    offered = every = kept = spans = 0
    for line in gold.open(encoding="utf-8"):
        document = json.loads(line)
        doc = nlp.make_doc(document["text"])
        candidates = {tuple(pair) for pair in term_ngrams(doc, range(1, 9)).tolist()}
        offered += len(candidates)
        every += sum(max(0, len(doc) - n + 1) for n in range(1, 9))
        for entity in document["entities"]:
            span = doc.char_span(entity["start"], entity["end"])
            if span is not None and len(span) <= 8:
                spans += 1
                kept += (span.start, span.end) in candidates
    assert kept / spans > 0.99
    assert offered / every < 0.4


def test_term_ngrams_on_a_sentence() -> None:
    doc = spacy.blank("en")("We train the large language model (LLM), then test it.")
    found = {doc[a:b].text for a, b in term_ngrams(doc, [1, 2, 3, 4]).tolist()}
    assert {"large language model", "LLM", "model (LLM)", "it", "We"} <= found
    assert not found & {"the large language model", "model (LLM),", "train the", ",", "test it"}
