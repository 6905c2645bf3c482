"""Reproduce kg's shipped extraction models from the gold data in ../shared/data.

    python scripts/train_extractor.py --scheme scierc      # or scier, or all
    python scripts/train_extractor.py --scheme scier --max-steps 200 --out /tmp/m  # a quick try
    python scripts/train_extractor.py --scheme scier --stage pair-features  # refit only that

Stage "transformer" (needs `pip install -e '.[train]'`; SciER about 17 min on 2 cores and 14
more for its span head, SciERC about 7): runs scripts/train_rel_transformer.py, which fine-tunes
kg_rel's transformer scorer and installs it beside the network; kg_rel then scores pairs with it
instead of the network, and its span head is mixed with spancat for the terms. For SciER it then
trains the span head further with SciREX (``--head-only``), as the shipped model was made.

Stage "network": converts the scheme's train/dev JSON lines to spaCy docs, trains
kg/extract/configs/spans_and_relations.cfg with `spacy train`, and installs the best model as
kg/extract/models/<scheme>/ with a meta.json that records the data, its licence and the dev
scores. Stage "pair-features" (a minute or two): fits kg_rel's pair-feature model
(kg.extract.pair_features) on the train split's gold spans, parsed by kg's base model, then picks
its mixing weight, threshold and decode rule by relation F1 on the dev split with the model's
own spans, and writes it into the model's kg_rel folder. Prints the dev scores. "all" runs the
three in that order.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.language import Language

from kg.extract.pair_features import PairFeatureModel
from kg.extract.pipeline import load_base_model
from kg.extract.relation_model import DECODE_RULES, PAIR_FEATURES, RelationClassifier
from kg.extract.trained import SKIPPED, load_model_from
from kg.extract.training import align_gold, convert, split_gold
from kg.gold import read_gold
from kg.schema import GOLD_SCHEMES
from kg.scoring import Tally, relation_key

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CONFIG = ROOT / "kg" / "extract" / "configs" / "spans_and_relations.cfg"
MODELS = ROOT / "kg" / "extract" / "models"
#: Long documents (SciER's full papers) are split into pieces of about this many characters.
PIECE_CHARS = 1500
#: What each scheme's training changes in the config. kg_rel's pair encoder: v2 (edge tokens,
#: order, distance) raised SciER dev relation F1 from 0.330 to 0.352 at 1,500 steps; on SciERC
#: it scored lower (0.221 against 0.232 at 1,400 steps), so SciERC keeps v1. SciERC (350
#: abstracts) gains from more dropout and a wider span reducer: `kg eval` dev entity F1 0.578
#: -> 0.607, relation F1 0.240 -> 0.238 (dropout 0.1 -> 0.2, reducer 128 -> 384; with a 256
#: reducer and 900 steps, 0.592 / 0.245). The shipped weights are the best checkpoint, at step
#: 1,000, of a 1,500-step run stopped there; the learning rate is constant, so 1,000 steps give it.
SCHEME_OVERRIDES: dict[str, dict[str, object]] = {
    "scier": {"components.kg_rel.model.encoder.@architectures": "kg.PairEncoder.v2"},
    "scierc": {"components.kg_rel.model.encoder.@architectures": "kg.PairEncoder.v1",
               "training.dropout": 0.2, "training.max_steps": 1000,
               "components.spancat.model.reducer.hidden_size": 384},
}

#: Schemes whose kg_rel gets a transformer scorer (all: the encoders share one word table).
TRANSFORMER_SCHEMES = ("scier", "scierc")
#: Schemes whose span head then learns from SciREX alone, over the trained encoder.
SCIREX_HEAD_SCHEMES = ("scier",)


def train_scheme(scheme: str, data: Path, out: Path, overrides: dict[str, object]) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"kg-train-{scheme}-"))
    tokenizer = spacy.blank("en")
    for split in ("train", "dev"):
        docs, lost = convert(tokenizer, data / scheme / f"{split}.jsonl",
                             work / f"{split}.spacy", PIECE_CHARS if split == "train" else 0)
        print(f"{scheme} {split}: {docs} docs, {lost} spans not on token boundaries")
    started = time.time()
    train(CONFIG, work / "output", use_gpu=-1, overrides={
        "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
        **SCHEME_OVERRIDES[scheme], **overrides})
    best = work / "output" / "model-best"
    meta_path = best / "meta.json"
    meta = json.loads(meta_path.read_text())
    gold = GOLD_SCHEMES[scheme]
    meta.update({
        "name": f"kg_{scheme}", "version": "1.0.0",
        "description": f"kg span and relation model trained on {gold.description}",
        "sources": [{"name": gold.description, "path": f"../shared/data/{scheme}/train.jsonl",
                     "license": gold.licence}],
        "license": gold.licence if "GPL" in gold.licence else "MIT",
        "kg_training_seconds": round(time.time() - started),
        "kg_scheme": scheme,
    })
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    # What runs is what the config says: spancat trains on every n-gram, and is offered kg's
    # term n-grams once shipped.
    config = best / "config.cfg"
    config.write_text(config.read_text().replace('@misc = "spacy.ngram_suggester.v1"',
                                                 '@misc = "kg.term_ngram_suggester.v1"'))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(best, out)
    shutil.rmtree(work, ignore_errors=True)
    return meta.get("performance", {})


#: Mixing weights and thresholds tried on dev for the pair-feature model.
FEATURE_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
FEATURE_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def fit_pair_features(scheme: str, data: Path, model_dir: Path) -> dict:
    """Fit, tune on dev and install the pair-feature model of the network in ``model_dir``."""
    started = time.time()
    parser = load_base_model()
    network = load_model_from(model_dir)
    rel: RelationClassifier = network.get_pipe("kg_rel")
    rel.set_pair_features(None)
    rows, targets = [], []
    pieces = [p for g in read_gold(data / scheme / "train.jsonl")
              for p in split_gold(g, PIECE_CHARS)]
    for piece, doc in zip(pieces, parser.pipe(p.text for p in pieces), strict=True):
        spans, relations = align_gold(doc, piece)
        pairs = rel.pairs(doc, [(s.start, s.end, s.label_) for s in spans])
        rows += rel.pair_feature_rows(doc, pairs)
        targets += rel.pair_classes(pairs, relations).tolist()
    model = PairFeatureModel.fit(rows, targets, rel.labels)
    print(f"{scheme} pair features: {len(model.index)} features from {len(rows)} train pairs "
          f"({sum(t > 0 for t in targets)} related)", flush=True)
    neural = _dev_scores(scheme, data, parser, network, rel)
    rel.set_pair_features(model)
    dev = _dev_scores(scheme, data, parser, network, rel)
    best = max(dev, key=lambda k: (dev[k]["f1"], -abs(k[1] - 0.5)))
    rel.set_pair_features(model, weight=best[1], threshold=best[2], decode=best[0])
    rel.to_disk(model_dir / "kg_rel", exclude=["vocab"])
    summary = {"decode": best[0], "weight": best[1], "threshold": best[2],
               "features": len(model.index),
               "train_pairs": len(rows), "dev_relations": dev[best],
               "dev_relations_network_alone": next(iter(neural.values())),
               "seconds": round(time.time() - started)}
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["kg_pair_features"] = summary
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return summary


def _dev_scores(scheme: str, data: Path, parser: Language, network: Language,
                rel: RelationClassifier) -> dict:
    """Dev relation scores (kg.scoring) of the network's spans and relations, mixed with
    ``rel``'s pair-feature model at each decode rule, weight and threshold tried (if it has one;
    else the network alone at its threshold, one entry)."""
    mix = rel.pair_features is not None
    golds = list(read_gold(data / scheme / "dev.jsonl"))
    components = [p for n, p in network.pipeline if n not in SKIPPED | {"kg_rel"}]
    grid = list(itertools.product(DECODE_RULES, FEATURE_WEIGHTS, FEATURE_THRESHOLDS)) if mix \
        else [("best", 0.0, rel.cfg["threshold"])]
    tallies = {k: Tally() for k in grid}
    symmetric = relation_key(GOLD_SCHEMES[scheme].symmetric)
    for gold, doc in zip(golds, parser.pipe(g.text for g in golds), strict=True):
        for component in components:
            doc = component(doc)
        pairs, scores = rel.predict([doc])
        scores = rel.model.ops.to_numpy(scores)
        features = rel.feature_probabilities(doc, pairs[0]) if mix and len(pairs[0]) \
            else scores
        for rule, weight, threshold in grid:
            mixed = weight * features + (1 - weight) * scores
            predicted = []
            for hs, he, ts, te, label, _ in rel.decode(pairs[0], mixed, threshold, rule):
                head, tail = doc[hs:he], doc[ts:te]
                predicted.append((head.start_char, head.end_char, tail.start_char,
                                  tail.end_char, label))
            tallies[(rule, weight, threshold)].add(gold.relations, predicted, symmetric)
    return {k: tally.report()["micro"] for k, tally in tallies.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scheme", choices=[*GOLD_SCHEMES, "all"], default="all")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=MODELS,
                        help="folder for the models (default: the package's)")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--stage", choices=["all", "network", "transformer", "pair-features"],
                        default="all", help="train the network, fine-tune the transformer "
                        "scorer, fit the pair-feature model, or all three")
    args = parser.parse_args()
    overrides = {} if args.max_steps is None else {"training.max_steps": args.max_steps}
    for scheme in GOLD_SCHEMES if args.scheme == "all" else [args.scheme]:
        if args.stage in ("all", "network"):
            scores = train_scheme(scheme, args.data, args.out / scheme, overrides)
            print(scheme, json.dumps(scores, indent=2))
        if args.stage in ("all", "transformer") and scheme in TRANSFORMER_SCHEMES:
            subprocess.run([sys.executable, str(ROOT / "scripts" / "train_rel_transformer.py"),
                            "--scheme", scheme, "--data", str(args.data),
                            "--models", str(args.out)], check=True)
            if scheme in SCIREX_HEAD_SCHEMES:
                subprocess.run([sys.executable, str(ROOT / "scripts" / "train_rel_transformer.py"),
                                "--scheme", scheme, "--data", str(args.data), "--models",
                                str(args.out), "--head-only"], check=True)
        if args.stage in ("all", "pair-features"):
            summary = fit_pair_features(scheme, args.data, args.out / scheme)
            print(scheme, PAIR_FEATURES, json.dumps(summary, indent=2))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
