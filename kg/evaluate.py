"""``kg eval``: run an extractor over gold documents and score it in the gold's own labels.

Extractors ("models"):

- ``rules``: kg's rule components alone; graph labels are mapped back to the scheme's labels
  (schema/gold_schemes.toml), e.g. Concept -> OtherScientificTerm for SciERC.
- ``<scheme>`` (``scierc``, ``scier``): the trained span and relation model alone; it has no
  parser, so kg_rel scores with its network only (no pair features).
- ``<scheme>+rules``: what ``kg build`` runs: the trained model inside kg's pipeline, plus the
  rule components' mentions and relations that it does not already have.

Scores are strict (see kg.scoring): entities by exact span and label, relations by both spans
and label ("boundaries"), and strict relations with both entity labels right too.

``min_confidence`` means what it means to ``kg build`` and has its default (None: the calibrated
thresholds of the extractor, kg.calibration), so the figures are those of the graph a default
build makes; 0 scores everything the extractor finds. On kg's own gold all three thresholds
apply (concepts, relationships, PROPOSES). On public gold (no PROPOSES) a prediction counts
only if the mention the graph would make of it (same span) reaches the concept threshold, and
a relation only if it reaches the relationship threshold and both its mentions count; the
network alone (``<scheme>``) has no calibrated confidence and takes no threshold.

kg's own in-domain gold (``"scheme": "kg"``, docs/annotation.md) is scored on what the *graph*
says: its papers are built with ``kg build`` (the given extractor, default: kg build's) together
with the corpus they were drawn from, so that corpus-level linking sees what it sees in a real
build, and each gold paper's concepts, relationships and PROPOSES edges are read back from the
store and scored by :func:`kg.scoring.score_graph`, strict and lenient.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from kg.calibration import Thresholds, load_calibration
from kg.extract.doc_to_record import doc_to_record
from kg.extract.pipeline import load_pipeline
from kg.extract.relation_rules import MODEL_PATTERN
from kg.extract.trained import SPAN_KEY, available_models, load_model
from kg.gold import KG_SCHEME, Entity, GoldDoc, Relation, label_sets, read_gold
from kg.graph import TEXT_SEPARATOR, Edge, KnowledgeGraph, Paper, PaperRecord
from kg.schema import GOLD_SCHEMES, GoldScheme
from kg.scoring import (
    EdgeEnds,
    PaperClaims,
    Tally,
    relation_key,
    score_graph,
    typed_key,
    typed_relations,
)

Prediction = tuple[list[Entity], list[Relation]]
Predictor = Callable[[list[GoldDoc]], Iterator[Prediction]]


def pick_scheme(entity_labels: set[str]) -> GoldScheme:
    """The gold scheme whose entity labels cover the given ones best."""
    def coverage(scheme: GoldScheme) -> tuple[int, int]:
        known = set(scheme.entities)
        return len(entity_labels & known), -len(known - entity_labels)
    best = max(GOLD_SCHEMES.values(), key=coverage)
    if not entity_labels & set(best.entities):
        raise ValueError(f"no known gold scheme uses the labels {sorted(entity_labels)}")
    return best


def evaluate(gold_path: str | Path, model: str | None = None,
             limit: int | None = None, corpus: Sequence[str | Path] | None = None,
             store: str | Path | None = None,
             min_confidence: float | tuple[float, float, float] | None = None
             ) -> dict[str, Any]:
    """Score an extractor on a gold file; the model defaults to the trained model of the gold's
    scheme inside kg's pipeline (``<scheme>+rules``), or ``rules`` if none is shipped. What
    scores is what a build with ``min_confidence`` keeps (see the module's note).

    A gold file in kg's own scheme is scored by :func:`evaluate_graph` (``corpus`` and
    ``store`` are for it alone)."""
    docs = list(read_gold(gold_path))[:limit]
    if docs and all(doc.scheme == KG_SCHEME.name for doc in docs):
        return evaluate_graph(gold_path, docs, model, corpus, store, min_confidence)
    if corpus or store:
        raise ValueError("--corpus and --store are for gold in kg's own scheme")
    entity_labels, _ = label_sets(gold_path)
    scheme = pick_scheme(entity_labels)
    if model is None:
        model = f"{scheme.name}+rules" if scheme.name in available_models() else "rules"
    thresholds = eval_thresholds(model, min_confidence)
    predictor = make_predictor(model, scheme, thresholds)
    entities, relations, strict = Tally(), Tally(), Tally()
    symmetric = scheme.symmetric
    started = time.perf_counter()
    for gold, (pred_entities, pred_relations) in zip(docs, predictor(docs), strict=True):
        entities.add(gold.entities, pred_entities)
        relations.add(gold.relations, pred_relations, relation_key(symmetric))
        strict.add(typed_relations(gold.relations, gold.entities),
                   typed_relations(pred_relations, pred_entities), typed_key(symmetric))
    seconds = time.perf_counter() - started
    return {
        "gold": str(gold_path), "scheme": scheme.name, "model": model, "documents": len(docs),
        "min_confidence": list(thresholds), "seconds": round(seconds, 2),
        "entities": entities.report(),
        "relations": relations.report(),
        "relations_strict": strict.report()["micro"],
    }


def eval_thresholds(model: str, min_confidence: float | tuple[float, float, float] | None
                    ) -> tuple[float, float]:
    """The (concept, relationship) thresholds ``kg eval`` applies for a public-gold ``model``
    (``rules``, ``<scheme>``, ``<scheme>+rules``): ``min_confidence``'s (one number for both,
    or a triple whose PROPOSES value public gold has no use for), or by default the calibrated
    ones of the extractor kg build would run."""
    name, _, extra = model.partition("+")
    if model != "rules" and not extra:  # the network alone: nothing calibrated to filter on
        if min_confidence is not None and any(Thresholds.of(min_confidence)):
            raise ValueError(f"model {model!r} (the network alone) has no calibrated "
                             "confidence: use --min-confidence 0, or SCHEME+rules")
        return 0.0, 0.0
    if min_confidence is not None:
        return Thresholds.of(min_confidence)[:2]
    return load_calibration().thresholds(None if model == "rules" else name)


def evaluate_graph(gold_path: str | Path, docs: list[GoldDoc], model: str | None = None,
                   corpus: Sequence[str | Path] | None = None,
                   store: str | Path | None = None,
                   min_confidence: float | tuple[float, float, float] | None = None
                   ) -> dict[str, Any]:
    """Build the gold papers with ``corpus`` (default: the bundled sample corpus they are drawn
    from) into ``store`` (default: a temporary one; a kept store reuses its extraction records
    on the next run) with ``model`` (``rules`` or a shipped model; default: kg build's) and
    ``min_confidence`` (default: kg build's), and score what the graph says about each gold
    paper."""
    from kg.build import build
    from kg.data import SAMPLE_CORPUS
    from kg.extract.pipeline import DEFAULT_MODEL
    from kg.records import records_for
    from kg.store import open_store

    name = model or DEFAULT_MODEL or "rules"
    if name != "rules" and name not in available_models():
        raise ValueError(f"unknown model {name!r} for kg's gold: use rules or a shipped model "
                         f"({', '.join(available_models()) or 'none installed'})")
    sources = [Path(p) for p in (corpus if corpus is not None else [SAMPLE_CORPUS])]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as work:
        papers = Path(work) / "gold-papers.jsonl"
        with papers.open("w", encoding="utf-8") as out:
            for doc in docs:
                title, _, abstract = doc.text.partition(TEXT_SEPARATOR)
                out.write(json.dumps({"id": doc.key, "title": title, "abstract": abstract},
                                     ensure_ascii=False) + "\n")
        location = Path(store) if store is not None else Path(work) / "store"
        # The gold papers come first, so that they win deduplication against the corpus.
        built = build([papers, *sources], location, model=None if name == "rules" else name,
                      min_confidence=min_confidence)
        target = open_store(location)
        try:
            graph = target.read_graph()
            wanted = {doc.key for doc in docs}
            records = {r.paper.id: r for r in records_for(location).current()
                       if r.paper.id in wanted}
        finally:
            target.close()
    for doc in docs:
        record = records.get(doc.key)
        if record is None or record.paper.text != doc.text:
            raise ValueError(f"{gold_path}: paper {doc.key} was not built with the gold's text "
                             "(is another paper in the corpus given the same id?)")
    claims = graph_claims(graph, [records[doc.key] for doc in docs])
    return {
        "gold": str(gold_path), "scheme": KG_SCHEME.name, "model": name,
        "documents": len(docs), "corpus": [str(p) for p in sources],
        "min_confidence": list(built.thresholds),
        "seconds": round(time.perf_counter() - started, 2),
        **score_graph(docs, claims, KG_SCHEME.symmetric),
    }


def graph_claims(graph: KnowledgeGraph, records: list[PaperRecord]) -> list[PaperClaims]:
    """What ``graph`` says about each record's paper: its MENTIONS (concept and first mention),
    its relationships between concepts (each edge once, its head and tail spans in each
    evidence sentence of the paper, from the record's relation that made it) and its PROPOSES."""
    ids = {record.paper.id for record in records}
    by_paper: dict[str, list[Edge]] = defaultdict(list)
    for edge in graph.edges():
        for paper in set(edge.papers) & ids:
            by_paper[paper].append(edge)
    claims = []
    for record in records:
        paper_id = record.paper.id
        # Which mention is the head: the record's relations behind each evidence sentence, whose
        # marks are (some of) the relation's mentions (the linker marks those in the sentence).
        ends: dict[tuple[str, int], list[EdgeEnds]] = defaultdict(list)
        for relation in record.relations:
            if relation.head is not None:
                ends[(relation.type, relation.sent_start)].append(tuple(
                    (m.start, m.end) for m in (record.mentions[relation.head],
                                               record.mentions[relation.tail])))
        concepts, relations, proposes = [], [], []
        for edge in sorted(by_paper[paper_id], key=lambda e: (e.type, e.source, e.target)):
            evidence = [ev for ev in edge.evidence if ev.paper == paper_id]
            if edge.type == "MENTIONS":
                for ev in evidence[:1]:
                    for start, end in ev.marks[:1]:
                        concepts.append((start, end, edge.target[0]))
            elif edge.type == "PROPOSES":
                proposes.append(tuple(m for ev in evidence for m in ev.marks))
            else:
                found = tuple(pair for ev in evidence
                              for pair in ends.get((edge.type, ev.start), [])
                              if ev.marks and set(ev.marks) <= set(pair))
                relations.append((edge.type, found))
        claims.append(PaperClaims(tuple(concepts), tuple(relations), tuple(proposes)))
    return claims


def make_predictor(model: str, scheme: GoldScheme,
                   thresholds: tuple[float, float] = (0.0, 0.0)) -> Predictor:
    """A function from gold docs to predictions in the scheme's labels, of what reaches the
    (concept, relationship) ``thresholds`` (the network alone: everything)."""
    if model == "rules":
        return _pipeline_predictor(None, scheme, native=False, thresholds=thresholds)
    name, _, extra = model.partition("+")
    if name not in available_models():
        raise ValueError(f"unknown model {model!r}: use rules, "
                         + ", ".join(f"{m}, {m}+rules" for m in available_models()))
    if name != scheme.name:
        raise ValueError(f"model {name!r} was trained on {name}, not on {scheme.name} labels")
    if extra == "rules":
        return _pipeline_predictor(name, scheme, native=True, thresholds=thresholds)
    if extra:
        raise ValueError(f"unknown model {model!r}")
    return _trained_predictor(name)


def _trained_predictor(name: str) -> Predictor:
    nlp = load_model(name)

    def predict(docs: list[GoldDoc]) -> Iterator[Prediction]:
        for doc in nlp.pipe(g.text for g in docs):
            yield _native(doc)
    return predict


def _pipeline_predictor(model: str | None, scheme: GoldScheme, native: bool,
                        thresholds: tuple[float, float] = (0.0, 0.0)) -> Predictor:
    nlp = load_pipeline(model)

    def predict(docs: list[GoldDoc]) -> Iterator[Prediction]:
        for doc in nlp.pipe(g.text for g in docs):
            kept, kept_relations = _kept(doc, thresholds)
            everything = thresholds == (0.0, 0.0)  # the network's own spans, all of them
            entities, relations = (
                _native(doc) if native and everything
                else _native(doc, kept, kept_relations) if native else ([], []))
            mentions = list(doc.spans.get("kg_mentions", []))
            for i, span in enumerate(mentions):
                if (native and span._.kg_source == "model") or i not in kept:
                    continue
                label = scheme.scheme_label(span.label_)
                if label is not None:
                    entities.append((span.start_char, span.end_char, label))
            for j, (rel_type, head, tail, _, pattern, _) in enumerate(doc._.kg_relations or []):
                if head is None or (native and pattern.startswith(MODEL_PATTERN)):
                    continue  # the model's own relations are scored in its labels, above
                if j not in kept_relations:
                    continue
                a, b = mentions[head], mentions[tail]
                for mapping in scheme.relations:
                    if mapping.type == rel_type:
                        x, y = (b, a) if mapping.reverse else (a, b)
                        relations.append((x.start_char, x.end_char, y.start_char, y.end_char,
                                          mapping.label))
                        break
            yield entities, relations
    return predict


def _kept(doc: Doc, thresholds: tuple[float, float]) -> tuple[set[int], set[int]]:
    """Which of the doc's graph mentions and relations (indices into ``kg_mentions`` and
    ``kg_relations``) reach the (concept, relationship) thresholds by calibrated confidence;
    a relationship also needs both its mentions kept."""
    mentions = list(doc.spans.get("kg_mentions", []))
    relations = doc._.kg_relations or []
    if thresholds == (0.0, 0.0):
        return set(range(len(mentions))), set(range(len(relations)))
    calibration = load_calibration()
    record = doc_to_record(doc, Paper("eval", "", doc.text), "")
    # The confidence a build gives each mention: in its record's context, as the linker asks.
    kept = {i for i, c in enumerate(calibration.record_mentions(record)) if c >= thresholds[0]}
    confidences = calibration.record_relations(record)
    kept_relations = {j for j, r in enumerate(record.relations)
                      if confidences[j] >= thresholds[1] and r.tail in kept
                      and (r.head is None or r.head in kept)}
    return kept, kept_relations


def _native(doc: Doc, kept: set[int] | None = None,
            kept_relations: set[int] | None = None) -> Prediction:
    """The trained model's spans and relations, in its own labels and character offsets; with
    ``kept`` (and ``kept_relations``), only those whose graph mention (relation) is kept."""
    spans = doc.spans.get(SPAN_KEY, [])
    entities = [(s.start_char, s.end_char, s.label_) for s in spans]
    relations = []
    for hs, he, ts, te, label, _ in doc._.kg_rel or []:
        relations.append((doc[hs].idx, doc[he - 1].idx + len(doc[he - 1]), doc[ts].idx,
                          doc[te - 1].idx + len(doc[te - 1]), label))
    if kept is None:
        return entities, relations
    mentions = list(doc.spans.get("kg_mentions", []))
    where = {(m.start_char, m.end_char) for i, m in enumerate(mentions)
             if i in kept and m._.kg_source == "model"}
    pairs = set()
    for j, (_, head, tail, _, pattern, _) in enumerate(doc._.kg_relations or []):
        if j in (kept_relations or set()) and head is not None \
                and pattern.startswith(MODEL_PATTERN):
            ends = {(mentions[head].start_char, mentions[head].end_char),
                    (mentions[tail].start_char, mentions[tail].end_char)}
            pairs.add((frozenset(ends), pattern[len(MODEL_PATTERN):]))
    return ([e for e in entities if e[:2] in where],
            [r for r in relations if (frozenset({r[:2], r[2:4]}), r[4]) in pairs])


def format_report(report: dict[str, Any]) -> str:
    """The scores as a small text table."""
    if report["scheme"] == KG_SCHEME.name:
        return format_graph_report(report)
    lines = [f"{report['gold']}: {report['documents']} documents, scheme {report['scheme']}, "
             f"model {report['model']}, {_kept_note(report)} ({report['seconds']} s)",
             f"{'':24} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]

    def row(name: str, s: dict[str, Any]) -> str:
        return (f"{name:24} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['gold']:6d} "
                f"{s['pred']:6d}")

    lines.append(row("entities (micro)", report["entities"]["micro"]))
    lines += [row(f"  {label}", s) for label, s in report["entities"]["per_label"].items()]
    lines.append(row("relations (micro)", report["relations"]["micro"]))
    lines += [row(f"  {label}", s) for label, s in report["relations"]["per_label"].items()]
    lines.append(row("relations, strict", report["relations_strict"]))
    return "\n".join(lines)


def _kept_note(report: dict[str, Any]) -> str:
    """What the figures count: everything, or what reaches the thresholds (concepts,
    relationships, and on kg's own gold PROPOSES)."""
    thresholds = report["min_confidence"]
    if not any(thresholds):
        return "everything kept"
    return "min confidence " + " / ".join(map(str, thresholds))


def format_graph_report(report: dict[str, Any]) -> str:
    """The scores of :func:`evaluate_graph` as a small text table, strict and lenient."""
    lines = [f"{report['gold']}: {report['documents']} papers, kg's gold, model "
             f"{report['model']}, {_kept_note(report)}, built with "
             f"{', '.join(report['corpus'])} ({report['seconds']} s)",
             f"{'':28} {'strict':>21}  {'lenient':>21}",
             f"{'':28} {'P':>6} {'R':>6} {'pred':>7}  {'P':>6} {'R':>6} {'pred':>7}"]
    strict, lenient = report["strict"], report["lenient"]

    def row(name: str, a: dict[str, Any], b: dict[str, Any]) -> str:
        return (f"{name:28} {a['p']:6.3f} {a['r']:6.3f} {a['pred']:7d}  "
                f"{b['p']:6.3f} {b['r']:6.3f} {b['pred']:7d}")

    lines.append(row("concepts", strict["concepts"], lenient["concepts"]))
    lines.append(f"{'  label accuracy (found)':28} {strict['concepts']['label_accuracy']:6.3f}"
                 f"{'':15}  {lenient['concepts']['label_accuracy']:6.3f}")
    for label, a in strict["concepts"]["per_label"].items():
        b = lenient["concepts"]["per_label"][label]
        lines.append(f"{'  as ' + label + ' (P, label acc.)':28} {a['p']:6.3f} "
                     f"{a['label_accuracy']:6.3f} {a['pred']:7d}  {b['p']:6.3f} "
                     f"{b['label_accuracy']:6.3f} {b['pred']:7d}")
    lines.append(row("relationships", strict["relations"], lenient["relations"]))
    for rel_type in sorted(set(strict["relations"]["per_type"])):
        lines.append(row(f"  {rel_type}", strict["relations"]["per_type"][rel_type],
                         lenient["relations"]["per_type"][rel_type]))
    lines.append(row("PROPOSES", strict["proposes"], lenient["proposes"]))
    lines.append(f"gold: {strict['concepts']['gold']} concepts, {strict['relations']['gold']} "
                 f"relationships, {strict['proposes']['gold']} PROPOSES")
    return "\n".join(lines)
