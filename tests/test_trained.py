"""The shipped trained models: they load, tag a known sentence, carry their provenance, and
`kg eval` scores them on gold data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from kg.cli import main
from kg.extract.suggester import term_ngrams
from kg.extract.trained import (
    MODELS_DIR,
    available_models,
    load_model,
    load_model_from,
    model_meta,
)
from kg.extract.training import scirex_windows
from kg.schema import GOLD_SCHEMES, schema_dir

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
    result = CliRunner().invoke(main, ["eval", str(gold), "--limit", "5", "--json",
                                       "--min-confidence", "0"])  # the model, unthresholded
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


#: Sentences on which a plain ``spacy.load`` of each model must give what kg's loader gives.
SAME_OUTPUT = [
    "We fine-tune BERT on the SQuAD dataset for question answering .",
    "ResNet-50 is trained on ImageNet and reaches 76 % top-1 accuracy, better than VGG-16 .",
    "Our parser outperforms the transition-based baseline on the Penn Treebank. It is fast.",
]
_PLAIN_LOAD = """
import json, sys
import spacy
assert "kg" not in sys.modules  # kg's factories must come through the entry points
nlp = spacy.load(sys.argv[1])
out = {"pipe_names": nlp.pipe_names, "components": nlp.component_names, "docs": []}
for doc in nlp.pipe(json.loads(sys.argv[2])):
    out["docs"].append({"spans": [[s.start, s.end, s.label_] for s in doc.spans["sc"]],
                        "relations": [[*r[:5], round(float(r[5]), 6)] for r in doc._.kg_rel]})
print(json.dumps(out))
"""


def _output(nlp: spacy.Language, texts: list[str]) -> dict:
    return {"pipe_names": nlp.pipe_names, "components": nlp.component_names,
            "docs": [{"spans": [[s.start, s.end, s.label_] for s in doc.spans["sc"]],
                      "relations": [[*r[:5], round(float(r[5]), 6)] for r in doc._.kg_rel]}
                     for doc in nlp.pipe(texts)]}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_plain_spacy_load_runs_the_model_as_kg_does(name: str, tmp_path: Path) -> None:
    """What a model does is in its config.cfg: ``spacy.load`` of its folder in a fresh process
    (kg not imported: its factories found through the package's entry points) gives kg's
    pipeline and the same spans and relations."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(root), *filter(None, [os.environ.get("PYTHONPATH")])])}
    result = subprocess.run(
        [sys.executable, "-c", _PLAIN_LOAD, str(MODELS_DIR / name), json.dumps(SAME_OUTPUT)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    plain = json.loads(result.stdout)
    ours = _output(load_model(name), SAME_OUTPUT)
    assert "kg_transformer_spans" in plain["pipe_names"]
    assert "spancat" not in plain["pipe_names"] and "spancat" in plain["components"]
    assert plain == ours
    assert any(doc["spans"] for doc in ours["docs"]) and any(d["relations"] for d in ours["docs"])


def test_a_model_whose_config_leaves_out_its_span_mix_is_refused(tmp_path: Path) -> None:
    shutil.copytree(MODELS_DIR / "shared", tmp_path / "shared")
    model = Path(shutil.copytree(MODELS_DIR / "scier", tmp_path / "scier"))
    config = (model / "config.cfg").read_text(encoding="utf-8")
    (model / "config.cfg").write_text(config.replace(
        '"spancat", "kg_transformer_spans", "kg_rel"]', '"spancat", "kg_rel"]'), "utf-8")
    with pytest.raises(ValueError, match=r"config\.cfg: kg_rel's transformer has a span head"):
        load_model_from(model)


def _scirex_doc() -> dict:
    """A tiny SciREX-shaped paper: title and abstract (section 0), two body sections."""
    text = ("document : Deep Nets for Parsing . We propose DeepNet for parsing . "
            "It beats the baseline on PTB with F1 . section : Introduction Parsing is hard . "
            "section : Experiments We test DeepNet on PTB and WSJ - 2 in F1 and UAS .")
    words = text.split(" ")

    def at(*tokens: str, start: int = 0) -> int:
        for i in range(start, len(words)):
            if tuple(words[i:i + len(tokens)]) == tokens:
                return i
        raise AssertionError(tokens)
    exp = at("section", ":", "Experiments")
    return {
        "doc_id": "toy", "words": words,
        "sections": [[0, at("section")], [at("section"), exp], [exp, len(words)]],
        "sentences": [[0, 7], [7, 13], [13, 22], [22, at("Parsing", start=22) + 4],
                      [exp, len(words)]],
        "ner": [[at("DeepNet"), at("DeepNet") + 1, "Method"], [at("Parsing"), at("Parsing") + 1,
                                                                "Task"],
                [at("PTB"), at("PTB") + 1, "Material"], [at("F1"), at("F1") + 1, "Metric"],
                [at("Parsing", start=22), at("Parsing", start=22) + 1, "Task"],
                [at("WSJ"), at("WSJ") + 3, "Material"], [at("UAS"), at("UAS") + 1, "Metric"],
                [at("DeepNet", start=exp), at("DeepNet", start=exp) + 1, "Method"]],
        "coref": {}, "n_ary_relations": [], "method_subrelations": {},
    }


def test_scirex_windows_detokenize_and_relabel_its_mentions() -> None:
    labels = {"Method": "Method", "Task": "Task", "Material": "Dataset"}  # Metric unmapped
    windows = scirex_windows(_scirex_doc(), labels, max_chars=200, body_windows=1)
    assert [w.key for w in windows] == ["toy#0", "toy#2"]
    abstract, body = windows
    assert abstract.text == ("Deep Nets for Parsing. We propose DeepNet for parsing. It beats "
                             "the baseline on PTB with F1.")
    assert "section" not in body.text and body.text.startswith("Experiments We test DeepNet")
    named = {(w.key, w.text[s:e], label) for w in windows for s, e, label in w.entities}
    assert named == {("toy#0", "DeepNet", "Method"), ("toy#0", "Parsing", "Task"),
                     ("toy#0", "PTB", "Dataset"), ("toy#0", "F1", ""),
                     ("toy#2", "DeepNet", "Method"), ("toy#2", "WSJ-2", "Dataset"),
                     ("toy#2", "UAS", "")}
    assert [abstract.text[s:e] for s, e in abstract.sentences] == [
        "Deep Nets for Parsing.", "We propose DeepNet for parsing.",
        "It beats the baseline on PTB with F1."]
    assert all(w.relations == () for w in windows)
    # One window per section here; the body one with most mentions is taken (Experiments,
    # not Introduction); with no body windows, the abstract alone.
    assert [w.key for w in scirex_windows(_scirex_doc(), labels, 200, 0)] == ["toy#0"]


def test_scirex_labels_map_through_the_schema() -> None:
    """SciREX's Material is a Dataset and its Metric a Metric (schema/gold_schemes.toml), so
    SciER's span head learns Metric, which SciER's gold never annotates."""
    sources = tomllib.loads((schema_dir() / "gold_schemes.toml").read_text("utf-8"))["sources"]
    scier = GOLD_SCHEMES["scier"]
    mapped = {label: scier.scheme_label(graph)
              for label, graph in sources["scirex"]["entities"].items()}
    assert mapped == {"Method": "Method", "Task": "Task", "Material": "Dataset",
                      "Metric": "Metric"}
