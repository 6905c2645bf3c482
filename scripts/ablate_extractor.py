"""Ablation of kg's extractor on the gold dev sets: what each part adds.

    python scripts/ablate_extractor.py [--schemes scierc,scier] [--limit N]

For each scheme with a shipped model, scores (``kg eval``'s scorer, strict spans) the rule
components alone, the trained model alone (its network: no parse, so no pair features), the
full pipeline (model + precise rules, what ``kg build`` runs), the full pipeline without kg_rel's
pair-feature model (and with its "best" decode rule where it decodes "related"), without each
family of precise rules, without the rules' relation patterns, with the terms from only
one of spancat and the transformer's span head, and prints
entity and relation micro-F1 with the difference to the full pipeline.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.evaluate import evaluate
from kg.extract import labeler
from kg.extract.pipeline import load_pipeline
from kg.extract.trained import available_models, load_model

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
#: Families of precise rule sources (kg.extract.labeler.PRECISE_SOURCES).
FAMILIES = {
    "title artefacts": {"title"},
    "acronyms": {"acronym_long", "acronym_short", "acronym_use"},
    "named datasets": {"named_dataset"},
}
#: The term threshold and overlap each part gets alone in the ablation (by head weight): its best
#: on SciER dev (spancat 0.4 with overlapping terms, the span head 0.2 without).
TERMS_ALONE = {0.0: (0.4, True), 1.0: (0.2, False)}


def score(gold: Path, model: str, limit: int | None) -> tuple[float, float]:
    report = evaluate(gold, model, limit)
    return report["entities"]["micro"]["f1"], report["relations"]["micro"]["f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schemes", default=",".join(available_models()))
    parser.add_argument("--limit", type=int, help="score only the first N dev documents")
    args = parser.parse_args()
    full_sources = set(labeler.PRECISE_SOURCES)
    for scheme in args.schemes.split(","):
        gold = DATA / scheme / "dev.jsonl"
        print(f"\n{scheme} dev ({gold})")
        print(f"{'extractor':42} {'ent F1':>7} {'Δ':>7} {'rel F1':>7} {'Δ':>7}")
        rows = [("rules alone", "rules", full_sources), ("trained model alone", scheme,
                                                         full_sources)]
        rows += [(f"full without {name}", f"{scheme}+rules", full_sources - family)
                 for name, family in FAMILIES.items()]
        full = score(gold, f"{scheme}+rules", args.limit)
        print(f"{'full: model + precise rules (kg build)':42} {full[0]:7.3f} {'':7} "
              f"{full[1]:7.3f}")
        for name, model, sources in rows:
            labeler.PRECISE_SOURCES.clear()
            labeler.PRECISE_SOURCES.update(sources)
            entities, relations = score(gold, model, args.limit)
            print(f"{name:42} {entities:7.3f} {entities - full[0]:+7.3f} {relations:7.3f} "
                  f"{relations - full[1]:+7.3f}")
        labeler.PRECISE_SOURCES.clear()
        labeler.PRECISE_SOURCES.update(full_sources)
        rel = load_model(scheme).get_pipe("kg_rel")
        features = rel.pair_features
        rel.set_pair_features(None)
        entities, relations = score(gold, f"{scheme}+rules", args.limit)
        print(f"{'full without pair features':42} {entities:7.3f} {entities - full[0]:+7.3f} "
              f"{relations:7.3f} {relations - full[1]:+7.3f}")
        tuned = {k: rel.cfg[f"feature_{k}"] for k in ("weight", "threshold", "decode")
                 if f"feature_{k}" in rel.cfg}
        if tuned.get("decode") == "related":
            rel.set_pair_features(features, **{**tuned, "decode": "best"})
            entities, relations = score(gold, f"{scheme}+rules", args.limit)
            print(f"{'full, decode rule best, not related':42} {entities:7.3f} "
                  f"{entities - full[0]:+7.3f} {relations:7.3f} {relations - full[1]:+7.3f}")
        rel.set_pair_features(features, **tuned)
        finder = load_pipeline(scheme).get_pipe("kg_relations")
        finder.patterns = False  # the dependency patterns off; PROPOSES and the model's stay
        entities, relations = score(gold, f"{scheme}+rules", args.limit)
        finder.patterns = True
        print(f"{'full without the rules relation patterns':42} {entities:7.3f} "
              f"{entities - full[0]:+7.3f} {relations:7.3f} {relations - full[1]:+7.3f}")
        if "kg_transformer_spans" in load_model(scheme).pipe_names:
            spans = load_model(scheme).get_pipe("kg_transformer_spans")
            shipped = (spans.head_weight, spans.spancat_floor, spans.threshold,
                       spans.allow_overlap)
            for name, weight in (("terms from spancat alone", 0.0),
                                 ("terms from the span head alone", 1.0)):
                spans.head_weight, spans.spancat_floor = weight, 0.0
                spans.threshold, spans.allow_overlap = TERMS_ALONE[weight]
                entities, relations = score(gold, f"{scheme}+rules", args.limit)
                print(f"{'full, ' + name:42} {entities:7.3f} {entities - full[0]:+7.3f} "
                      f"{relations:7.3f} {relations - full[1]:+7.3f}")
            (spans.head_weight, spans.spancat_floor, spans.threshold,
             spans.allow_overlap) = shipped


if __name__ == "__main__":
    main()
