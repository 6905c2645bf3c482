"""Calibrate kg's confidences on dev gold and write kg/calibration.json.

Runs ``kg build``'s pipeline over dev gold documents (SciER dev, SciERC dev, and the in-domain
gold's dev splits when given: its dev half and its check split; never a test split), matches every
mention and relation against the gold (strict span, label mapped to the gold's scheme as kg
eval does) and stores, per feature cell (kg.calibration), how often it was right. A relation
whose ends lie in different sentences (a paper-level fact: "we ... on D" resolved to the paper's
own method) is judged on the in-domain gold only, since SciER and SciERC annotate relations within
a sentence.

Everything that is chosen is chosen on out-of-fold predictions: the dev papers of each gold
file are dealt into ``--folds`` folds by a seeded hash of their ids, and each paper's
predictions are calibrated by cells counted (or a logistic model fitted) on the other folds'
papers alone. On them:

- per kind (mentions, relations), cells or a fitted model: the cells' smoothing
  (``min_cell``, ``prior_weight``) and levels, or the model's L2 penalty, by out-of-fold
  log-likelihood (Brier score beside it);
- the default extractor's thresholds (concepts, relationships, PROPOSES), on kg's own dev
  gold as ``kg eval`` scores the graph: each fold's papers in a graph linked with that fold's
  calibration, the folds' counts pooled per threshold, and the lowest threshold whose pooled
  precision reaches the target: 0.90 for the concepts (else the threshold of the surest
  precision), 0.85 for the relationships and PROPOSES (else the best pooled F1);
- the other extractors' thresholds, by mention on their own dev gold (which has no PROPOSES:
  theirs follows their relationships').

The cells written are counted on all dev papers. The script prints the reliability tables
(in-sample and out-of-fold) and the figures at the chosen thresholds.

    kg eval tests/data/gold/dev.jsonl --store /tmp/gold-store --min-confidence 0
    python scripts/calibrate.py ../shared/data/scier/dev.jsonl ../shared/data/scierc/dev.jsonl \
        --kg-gold tests/data/gold/dev.jsonl tests/data/gold/check.jsonl --store /tmp/gold-store \
        --cache /tmp/kg-calibrate

(The store kg eval builds holds the whole sample corpus, so one store serves every split of the
in-domain gold.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from kg.calibration import (
    CALIBRATION_FILE,
    INTERCEPT,
    MENTION_FEATURES,
    MENTION_INTERCEPT,
    MENTION_LEVELS,
    MENTION_SCORE,
    MODEL_SCORE,
    PLAIN_RELATION_LEVELS,
    RELATION_FEATURES,
    RELATION_LEVELS,
    Calibration,
    MentionContext,
    RelationContext,
    best_f1_threshold,
    contribution_names,
    load_calibration,
    mention_cells,
    mention_contexts,
    mention_features,
    mention_inputs,
    relation_cells,
    relation_context,
    relation_inputs,
    reliability,
    threshold_for,
)
from kg.canon import fold
from kg.evaluate import graph_claims, pick_scheme
from kg.extract.doc_to_record import doc_to_record
from kg.extract.fingerprint import extractor_fingerprint
from kg.extract.pipeline import DEFAULT_MODEL, load_pipeline
from kg.extract.trained import available_models
from kg.gold import KG_SCHEME, GoldDoc, label_sets, read_gold
from kg.graph import Mention, Paper, PaperRecord, RelationMention
from kg.linker import build_graph
from kg.records import RecordStore
from kg.scoring import GoldPaper, score_graph

TARGET = 0.85
#: The default graph's concepts are held to the issue's higher bar (issue 23: concept precision
#: >= 0.90); where no threshold reaches it, the one whose precision is surest is taken.
CONCEPT_TARGET = 0.90
FOLDS = 5
SEED = 23
#: The thresholds tried on the graph (a kept item's confidence is >= the threshold).
GRID = tuple(round(0.05 * i, 2) for i in range(20))
#: How a concept's papers may pool (kg.calibration.Calibration.paper_pooling): each paper
#: independent evidence (0), the papers' geometric mean (1), or between.
POOLINGS = (0.0, 0.5, 1.0)
#: The smoothing tried, and the cell levels: all, or without the finest ones.
MIN_CELLS = (5, 10, 15, 25, 40)
PRIOR_WEIGHTS = (3, 5, 10, 20, 40)
#: The L2 penalties tried for a logistic model of the relations (kg.calibration.RELATION_TERMS),
#: against the relation cells.
L2S = (0.5, 1, 2, 4, 8)
#: The same for a logistic model of the mentions (kg.calibration.MENTION_TERMS): more terms,
#: more observations.
MENTION_L2S = (2, 4, 8, 16, 32)
MENTION_VARIANTS = {
    "all levels": MENTION_LEVELS,
    "no shape x score": tuple(x for x in MENTION_LEVELS if x != ("source", "label", "shape",
                                                                  "score")),
    "no score bins": tuple(x for x in MENTION_LEVELS if "score" not in x),
    # The lexicon's reading of the phrase (a generic phrase, a vague word) before the shape.
    "vagueness": (("source", "label", "vague", "score"), ("source", "label", "score"),
                  ("source", "label", "vague", "shape"), ("source", "label", "shape"),
                  ("source", "label"), ("source",), ()),
}
RELATION_VARIANTS = {
    "all levels": RELATION_LEVELS,
    "no ends": tuple(x for x in RELATION_LEVELS if "ends" not in x),
    "no family": tuple(x for x in RELATION_LEVELS if "family" not in x),
    "ends, reach": (("pattern", "anchor", "ends", "score"), ("pattern", "anchor", "reach", "ends"),
                    *RELATION_LEVELS[2:]),
    "stop 33's": PLAIN_RELATION_LEVELS,
    "no anchoring": (("pattern", "score"), ("pattern",), ("type",)),
    "no score bins": tuple(x for x in RELATION_LEVELS if "score" not in x),
}
Counts = dict[str, tuple[int, int]]  # cell -> (right, predicted)
PLAIN_CONTEXT = RelationContext()  # a mention's observation has no relation context
PLAIN_MENTION = MentionContext()  # nor a relation's a mention context


@dataclass(frozen=True)
class Observation:
    """One prediction on dev gold: a mention or a relation (with its context in its record:
    kg.calibration.RelationContext), whether the gold has it, and the paper it is from (the
    folds' unit)."""

    model: str  # the extractor's scheme ("scier", "scierc"), "None" for the rules alone
    source: str  # the gold file
    paper: str  # the document's id in it
    right: bool
    mention: Mention | None = None
    relation: RelationMention | None = None
    context: RelationContext = PLAIN_CONTEXT
    mention_context: MentionContext = PLAIN_MENTION

    @property
    def kind(self) -> str:
        return "mention" if self.mention is not None else "relation"

    @property
    def proposes(self) -> bool:
        return self.relation is not None and self.relation.type == "PROPOSES"

    def cells(self, calibration: Calibration) -> list[str]:
        """Its cells at the calibration's levels."""
        if self.mention is not None:
            return mention_cells(self.mention, calibration.mention_levels,
                                 self.mention_context)
        return relation_cells(self.relation, self.context, calibration.relation_levels)

    def confidence(self, calibration: Calibration) -> float:
        """Its calibrated confidence, as the linker computes it."""
        if self.mention is not None:
            return calibration.mention(self.mention, self.mention_context)
        return calibration.relation(self.relation, self.context)


# --- Observations ---------------------------------------------------------------------------

def extract(path: Path, cache: Path | None) -> tuple[str, list[tuple[GoldDoc, PaperRecord]]]:
    """The scheme's model name and each document of a public gold file with the record kg's
    pipeline makes of it; the records are kept in ``cache`` (named by the gold file's digest
    and the extractor's fingerprint) and read back on the next run."""
    scheme = pick_scheme(label_sets(path)[0])
    model = scheme.name if scheme.name in available_models() else None
    docs = list(read_gold(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    cached = (cache / f"{path.parent.name}-{path.stem}-{digest}-"
              f"{extractor_fingerprint(model)}.jsonl") if cache else None
    if cached is not None and cached.exists():
        records = [PaperRecord.from_json(line)
                   for line in cached.read_text(encoding="utf-8").splitlines()]
    else:
        nlp = load_pipeline(model)
        records = [doc_to_record(doc, Paper("d", "", gold.text), "")
                   for gold, doc in zip(docs, nlp.pipe(g.text for g in docs), strict=True)]
        if cached is not None:
            cache.mkdir(parents=True, exist_ok=True)
            cached.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    if len(records) != len(docs):
        raise SystemExit(f"{cached}: {len(records)} records for {len(docs)} documents")
    return str(model), list(zip(docs, records, strict=True))


def observe(path: Path, cache: Path | None = None) -> list[Observation]:
    """One public gold file's observations (strict span, label in the gold's scheme)."""
    scheme = pick_scheme(label_sets(path)[0])
    model, pairs = extract(path, cache)
    judged = set(scheme.entities)
    found = []
    for gold, record in pairs:
        seen = partial_observation(model, str(path), gold.key)
        entities = {(e[0], e[1], e[2]) for e in gold.entities}
        for mention, context in zip(record.mentions, mention_contexts(record, "public"),
                                    strict=True):
            label = scheme.scheme_label(mention.label)
            if label is None or label not in judged:
                continue  # a label this gold does not annotate (SciER has no Metric)
            found.append(seen((mention.start, mention.end, label) in entities, mention=mention,
                              mention_context=context))
        gold_relations = {tuple(r) for r in gold.relations}
        names = contribution_names(record)
        for relation in record.relations:
            if relation.head is None:
                continue
            a, b = record.mentions[relation.head], record.mentions[relation.tail]
            if a.sent_start != b.sent_start:
                continue  # a paper-level fact: this gold annotates within sentences only
            # Right where any of the type's labels in this gold has it: SciER's IS_A is
            # SubClass-Of between methods and SubTask-Of between tasks.
            right = None
            for mapping in scheme.relations:
                if mapping.type == relation.type:
                    x, y = (b, a) if mapping.reverse else (a, b)
                    keys = {(x.start, x.end, y.start, y.end, mapping.label)}
                    if mapping.label in scheme.symmetric:
                        keys.add((y.start, y.end, x.start, x.end, mapping.label))
                    right = bool(right) or bool(keys & gold_relations)
            if right is None:
                continue  # a relationship type this gold does not annotate
            found.append(seen(right, relation=relation,
                              context=relation_context(record, relation, names)))
    return found


def partial_observation(model: str, source: str, paper: str
                        ) -> Callable[..., Observation]:
    def make(right: bool, **what: object) -> Observation:
        return Observation(model, source, paper, bool(right), **what)
    return make


def observe_kg(paths: Sequence[Path], store: Path, source: str) -> list[Observation]:
    """kg's own dev gold (``paths``, one ``source``): the extraction records of its papers in
    ``store`` (built by ``kg eval GOLD --store STORE``), matched on exact spans in the graph's
    labels and types; a relationship is right where kg eval counts it right (any mention of each
    gold concept, so a paper-level fact found at a later mention counts); PROPOSES against the
    paper's proposed entities."""
    docs = {doc.key: doc for path in paths for doc in read_gold(path)}
    records = {r.paper.id: r for r in RecordStore(store / "records").current()
               if r.paper.id in docs}
    if set(records) != set(docs):
        raise SystemExit(f"{store}: build it first with kg eval {paths[0]} --store {store}")
    found = []
    for key, doc in docs.items():
        record = records[key]
        seen = partial_observation(DEFAULT_MODEL, source, key)
        entities = {(s, e, label) for s, e, label in doc.entities}
        # PROPOSES is judged per paper, as kg eval does: right when it names what the paper
        # proposes, in any of its mentions (the title's or the abstract's).
        proposed = {fold(doc.text[s:e]).lower() for s, e, _ in
                    (doc.entities[i] for i in doc.proposes)}
        gold = GoldPaper(doc)
        names = contribution_names(record)
        for mention, context in zip(record.mentions, mention_contexts(record), strict=True):
            found.append(seen((mention.start, mention.end, mention.label) in entities,
                              mention=mention, mention_context=context))
        for relation in record.relations:
            b = record.mentions[relation.tail]
            if relation.head is None:
                right = fold(b.text).lower() in proposed
            else:
                # As kg eval judges it: any mention of each gold concept, the type right
                # (COMPARED_WITH either way).
                a = record.mentions[relation.head]
                heads = gold.concepts_at((a.start, a.end), lenient=False)
                tails = gold.concepts_at((b.start, b.end), lenient=False)
                right = any(kind == relation.type and (
                    (h in heads and t in tails) or (kind in KG_SCHEME.symmetric
                                                    and h in tails and t in heads))
                    for kind, h, t in gold.relations)
            found.append(seen(right, relation=relation,
                              context=relation_context(record, relation, names)))
    return found


# --- Folds and out-of-fold confidences ------------------------------------------------------

def assign_folds(papers: Iterable[str], folds: int = FOLDS, seed: int = SEED) -> dict[str, int]:
    """Each paper id's fold: the ids ordered by a seeded hash and dealt round in turn, so folds
    differ in size by one at most and depend on the ids alone (not on their order or count)."""
    def key(paper: str) -> str:
        return hashlib.sha256(f"{seed}|{paper}".encode()).hexdigest()
    return {paper: i % folds for i, paper in enumerate(sorted(set(papers), key=key))}


def fold_of(observations: Sequence[Observation], folds: int = FOLDS, seed: int = SEED,
            papers: dict[str, set[str]] | None = None) -> list[int]:
    """Each observation's fold: each gold file's papers (``papers``, by default those the
    observations name) dealt on their own, so every fold holds a share of each."""
    by_source: dict[str, set[str]] = defaultdict(set)
    for item in observations:
        by_source[item.source].add(item.paper)
    for source, ids in (papers or {}).items():
        by_source[source] |= ids
    dealt = {(source, paper): k for source, ids in by_source.items()
             for paper, k in assign_folds(ids, folds, seed).items()}
    return [dealt[(item.source, item.paper)] for item in observations]


def count(observations: Iterable[Observation], calibration: Calibration) -> Counts:
    """(right, predicted) per cell, at the calibration's levels."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in observations:
        for cell in item.cells(calibration):
            counts[cell][0] += item.right
            counts[cell][1] += 1
    return {cell: (r, n) for cell, (r, n) in sorted(counts.items())}


def without(total: Counts, part: Counts) -> Counts:
    """The counts of ``total`` less those of ``part`` (counts are additive)."""
    left = {}
    for cell, (right, n) in total.items():
        less_right, less_n = part.get(cell, (0, 0))
        if n - less_n:
            left[cell] = (right - less_right, n - less_n)
    return left


def fit_relations(observations: Iterable[Observation], l2: float) -> dict[str, float]:
    """A logistic model of whether a relation is right (kg.calibration.relation_inputs), fitted
    on the relation observations (:func:`fit_logistic`)."""
    return fit_logistic([(relation_inputs(o.relation, o.context), o.right)
                         for o in observations if o.relation is not None], l2,
                        (INTERCEPT, MODEL_SCORE))


def fit_mentions(observations: Iterable[Observation], l2: float) -> dict[str, float]:
    """A logistic model of whether a mention is right (kg.calibration.mention_inputs), fitted
    on the mention observations (:func:`fit_logistic`)."""
    return fit_logistic([(mention_inputs(o.mention, o.mention_context), o.right)
                         for o in observations if o.mention is not None], l2,
                        (MENTION_INTERCEPT, MENTION_SCORE))


def fit_logistic(rows: Sequence[tuple[dict[str, float], bool]], l2: float,
                 free: Sequence[str]) -> dict[str, float]:
    """A logistic model of the outcomes from the inputs (term -> value), fitted by Newton's
    method with an L2 penalty ``l2`` on every term's weight but the ``free`` ones' (the
    intercept and the trained model's score slope: two numbers that hundreds of observations
    pin); the weights by term."""
    if not rows:
        return {}
    terms = sorted({term for inputs, _ in rows for term in inputs})
    column = {term: j for j, term in enumerate(terms)}
    x = np.zeros((len(rows), len(terms)))
    for i, (inputs, _) in enumerate(rows):
        for term, value in inputs.items():
            x[i, column[term]] = value
    y = np.array([right for _, right in rows], dtype=float)
    penalty = np.full(len(terms), l2)
    for term in free:
        if term in column:
            penalty[column[term]] = 1e-6
    w = np.zeros(len(terms))
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1.0 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {term: round(float(weight), 6) for term, weight in zip(terms, w, strict=True)}


def fold_calibrations(observations: Sequence[Observation], folds: Sequence[int],
                      settings: Calibration) -> dict[int, Calibration]:
    """Per fold, a calibration (``settings``' levels and smoothing, and its mention and
    relation models' penalties where it has them) counted or fitted on every observation
    outside it."""
    total = count(observations, settings)
    calibrations = {}
    for k in sorted(set(folds)):
        inside = [o for o, f in zip(observations, folds, strict=True) if f == k]
        outside = [o for o, f in zip(observations, folds, strict=True) if f != k]
        weights = fit_relations(outside, settings.relation_l2) if settings.relation_l2 else {}
        mentions = fit_mentions(outside, settings.mention_l2) if settings.mention_l2 else {}
        calibrations[k] = replace(settings, cells=without(total, count(inside, settings)),
                                  relation_weights=weights, mention_weights=mentions)
    return calibrations


def out_of_fold(observations: Sequence[Observation], folds: Sequence[int],
                settings: Calibration) -> list[float]:
    """Each observation's confidence from the calibration of the folds it is not in."""
    by_fold = fold_calibrations(observations, folds, settings)
    return [item.confidence(by_fold[k]) for item, k in zip(observations, folds, strict=True)]


def log_loss(pairs: Sequence[tuple[float, bool]]) -> float:
    """Mean negative log-likelihood of the outcomes (confidences clipped to [0.001, 0.999])."""
    total = 0.0
    for p, right in pairs:
        p = min(max(p, 0.001), 0.999)
        total -= math.log(p if right else 1.0 - p)
    return total / max(len(pairs), 1)


def brier(pairs: Sequence[tuple[float, bool]]) -> float:
    return sum((p - right) ** 2 for p, right in pairs) / max(len(pairs), 1)


def shipped_as(candidate: Calibration, kind: str, shipped: Calibration) -> bool:
    """Whether a candidate has the shipped table's settings of a kind (its levels and
    smoothing, or its relation model's penalty)."""
    if kind == "mention":
        if shipped.mention_weights:
            return candidate.mention_l2 == shipped.mention_l2
        return not candidate.mention_l2 and (candidate.mention_levels, candidate.min_cell) == (
            shipped.mention_levels, shipped.min_cell)
    if shipped.relation_weights:
        return candidate.relation_l2 == shipped.relation_l2
    return not candidate.relation_l2 and (candidate.relation_levels, candidate.prior_weight) == (
        shipped.relation_levels, shipped.prior_weight)


def choose_settings(observations: Sequence[Observation], folds: Sequence[int],
                    focus: str | None = None) -> Calibration:
    """The mention levels and ``min_cell``, then the relation levels and ``prior_weight``,
    with the best out-of-fold log-likelihood of their kind's observations (each kind's
    confidences depend on its own settings alone); the figures of the ``focus`` gold file's
    observations alone are printed beside."""
    settings = Calibration()
    shipped = load_calibration()
    for kind, variants, knob, grid in (
            ("mention", MENTION_VARIANTS, "min_cell", MIN_CELLS),
            ("relation", RELATION_VARIANTS, "prior_weight", PRIOR_WEIGHTS)):
        chosen = [i for i, o in enumerate(observations) if o.kind == kind]
        items = [observations[i] for i in chosen]
        in_fold = [folds[i] for i in chosen]
        mine = [i for i, o in enumerate(items) if o.source == focus]
        print(f"\n{kind}s, {len(items)} dev predictions ({len(mine)} of {focus}): out-of-fold "
              "log-loss / Brier, all and theirs (the first line: the shipped table's settings, "
              "where they are among those tried)")
        candidates = [(name, value, replace(settings, **{f"{kind}_levels": levels, knob: value}))
                      for name, levels in variants.items() for value in grid]
        candidates += [("fitted model", value, replace(settings, **{f"{kind}_l2": value}))
                       for value in (MENTION_L2S if kind == "mention" else L2S)]
        tried = []
        for name, value, candidate in candidates:
            pairs = list(zip(out_of_fold(items, in_fold, candidate),
                             (o.right for o in items), strict=True))
            theirs = [pairs[i] for i in mine]
            tried.append((log_loss(pairs), brier(pairs), log_loss(theirs), brier(theirs),
                          name, value, candidate))
        before = next((t for t in tried if shipped_as(t[-1], kind, shipped)), tried[0])
        for *figures, name, value, _ in [before, *sorted(tried, key=lambda t: t[0])]:
            named = "L2" if name == "fitted model" else knob
            print(f"  {name:18s} {named:>12s} {value:3g}: " + "   ".join(
                f"{figures[i]:.4f} / {figures[i + 1]:.4f}" for i in (0, 2)))
        settings = min(tried, key=lambda t: t[0])[-1]
    return settings


# --- Thresholds -----------------------------------------------------------------------------

Curve = dict[float, dict[str, Counter[str]]]  # threshold -> kind -> right / pred / found / gold


def pool(curves: Iterable[Curve]) -> Curve:
    """The folds' counts summed per threshold."""
    pooled: Curve = defaultdict(lambda: defaultdict(Counter))
    for curve in curves:
        for threshold, kinds in curve.items():
            for kind, counts in kinds.items():
                pooled[threshold][kind].update(counts)
    return {t: dict(kinds) for t, kinds in sorted(pooled.items())}


def precision(counts: Counter[str]) -> float:
    return counts["right"] / counts["pred"] if counts["pred"] else 0.0


def recall(counts: Counter[str]) -> float:
    return counts["found"] / counts["gold"] if counts["gold"] else 0.0


def wilson(counts: Counter[str], z: float = 1.96) -> tuple[float, float]:
    """The Wilson interval of the precision (95 % by default): how far a precision measured on
    this many kept items may lie from the one on abstracts never seen."""
    n = counts["pred"]
    if not n:
        return 0.0, 1.0
    p = counts["right"] / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def f1(counts: Counter[str]) -> float:
    p, r = precision(counts), recall(counts)
    return 2 * p * r / (p + r) if p + r else 0.0


def lowest_reaching(curve: Curve, kinds: Sequence[str], target: float = TARGET,
                    fallback: str = "best F1") -> tuple[float, str]:
    """The lowest threshold at which each of ``kinds`` (the first is the one chosen for) keeps
    something and is right at least ``target`` of the time, and "target"; else, by
    ``fallback``, the threshold of the best F1 of the first kind ("best F1") or the one whose
    precision has the highest 95 % Wilson lower bound ("surest": the surest precision, which
    a threshold keeping a handful of items cannot win by luck)."""
    for threshold, counts in sorted(curve.items()):
        if all(counts[k]["pred"] and precision(counts[k]) >= target for k in kinds):
            return threshold, "target"
    if fallback == "surest":
        return max(sorted(curve.items()), key=lambda tc: wilson(tc[1][kinds[0]])[0])[0], \
            "surest"
    return max(sorted(curve.items()), key=lambda tc: f1(tc[1][kinds[0]]))[0], "best F1"


Point = tuple[float, float, float]  # (concept, relationship, PROPOSES) thresholds
#: A threshold above every confidence: nothing of that kind is kept.
NONE_KEPT = 1.01


def graph_curve(stored: list[PaperRecord], docs: list[GoldDoc], calibration: Calibration,
                points: Iterable[Point]) -> dict[Point, dict]:
    """What ``kg eval`` counts (strict) for ``docs`` in the graph of all ``stored`` records
    linked with ``calibration`` at each (concept, relationship, PROPOSES) threshold triple."""
    by_id = {r.paper.id: r for r in stored}
    records = [by_id[doc.key] for doc in docs]
    found = {}
    for concepts, relations, proposes in points:
        graph, _ = build_graph(stored, min_confidence=concepts,
                               min_relation_confidence=relations, calibration=calibration,
                               min_proposes_confidence=proposes)
        scored = score_graph(docs, graph_claims(graph, records))["strict"]
        found[(concepts, relations, proposes)] = {
            kind: Counter({k: scored[kind][k] for k in ("right", "pred", "found", "gold")})
            for kind in ("concepts", "relations", "proposes")}
    return found


@dataclass
class GraphChoice:
    """The default extractor's thresholds and the figures behind them."""

    concepts: float
    relations: float
    proposes: float
    pooling: float  # how a concept's papers pool (Calibration.paper_pooling)
    how: tuple[str, str, str]  # per threshold: "target", "best F1" or "surest"
    out_of_fold: tuple[Curve, Curve, Curve]  # pooled: concepts alone, relationships, PROPOSES
    in_sample: tuple[Curve, Curve, Curve]


def graph_level(gold: Path | Sequence[Path], store: Path, calibrations: dict[int, Calibration],
                calibration: Calibration, folds: dict[str, int]) -> GraphChoice:
    """(concept, relationship, PROPOSES) thresholds for the default extractor on kg's own dev
    gold, as ``kg eval`` scores the graph ``kg build --min-confidence C,R,P`` makes: each
    fold's papers scored in the graph linked with its own calibration (``calibrations``,
    counted without them), the counts pooled per threshold; first the concepts alone (nothing
    else kept, so no concept is kept as an edge's end), then with them the relationships
    (no PROPOSES kept), then with both the PROPOSES edges. A relationship's or PROPOSES
    edge's threshold must keep the concepts at its own target (0.85) too, since an edge kept
    keeps its ends (see :func:`lowest_reaching`)."""
    docs = [doc for path in ([gold] if isinstance(gold, Path) else gold)
            for doc in read_gold(path)]
    stored = list(RecordStore(store / "records").current())

    def curves(fixed: tuple[float, ...], pooling: float) -> tuple[Curve, Curve]:
        """Out of fold and in-sample, per threshold on the grid, of the kind after the
        ``fixed`` thresholds (those before it; the ones after it keep nothing), with papers
        pooled by ``pooling``."""
        axis = len(fixed)
        points = [(*fixed, t, *(NONE_KEPT,) * (2 - axis)) for t in GRID]
        folded = []
        for k, fitted in sorted(calibrations.items()):
            part = [doc for doc in docs if folds[doc.key] == k]
            if part:
                found = graph_curve(stored, part, replace(fitted, paper_pooling=pooling),
                                    points)
                folded.append({point[axis]: counts for point, counts in found.items()})
        found = graph_curve(stored, docs, replace(calibration, paper_pooling=pooling), points)
        return pool(folded), {point[axis]: counts for point, counts in found.items()}

    def concept_choice(pooling: float) -> tuple[tuple[int, float], float, str, Curve, Curve]:
        """The concepts' threshold and curves with papers pooled by ``pooling``, ranked: a
        threshold reaching the target by the right concepts' recall, else by how sure it is."""
        oof, own = curves((), pooling)
        threshold, how = lowest_reaching(oof, ["concepts"], CONCEPT_TARGET, fallback="surest")
        counts = oof[threshold]["concepts"]
        rank = (1, recall(counts)) if how == "target" else (0, wilson(counts)[0])
        return rank, threshold, how, oof, own

    tried = {pooling: concept_choice(pooling) for pooling in POOLINGS}
    for pooling, (_, threshold, how, oof, _) in tried.items():
        counts = oof[threshold]["concepts"]
        print(f"concepts, papers pooled {pooling}: {threshold} ({how}), out of fold P "
              f"{precision(counts):.3f} ({counts['right']}/{counts['pred']}, 95 % from "
              f"{wilson(counts)[0]:.3f}) R {recall(counts):.3f}")
    pooling = max(POOLINGS, key=lambda p: (tried[p][0], -p))
    _, concepts, how_concepts, concept_oof, concept_in = tried[pooling]
    relation_oof, relation_in = curves((concepts,), pooling)
    relations, how_relations = lowest_reaching(relation_oof, ["relations", "concepts"])
    proposes_oof, proposes_in = curves((concepts, relations), pooling)
    proposes, how_proposes = lowest_reaching(proposes_oof, ["proposes", "concepts"])
    return GraphChoice(concepts, relations, proposes, pooling,
                       (how_concepts, how_relations, how_proposes),
                       (concept_oof, relation_oof, proposes_oof),
                       (concept_in, relation_in, proposes_in))


def mention_level(pairs: list[tuple[str, float, bool, bool]]) -> tuple[float, float, float]:
    """(concept, relationship, PROPOSES) thresholds from predictions (kind, confidence, right,
    is_proposes): where the precision of what is kept reaches the target, else the best F1.
    Relationships between concepts only: PROPOSES, judged per paper, is far more precise and
    would set the bar for the others alone; public gold has none, so PROPOSES follows the
    relationships'."""
    mentions = [(p, r) for kind, p, r, _ in pairs if kind == "mention"]
    relations = [(p, r) for kind, p, r, proposes in pairs if kind == "relation" and not proposes]
    concept = threshold_for(mentions, TARGET)
    relation = threshold_for(relations, TARGET)
    if relation is None:
        relation = best_f1_threshold(relations)
    if concept is None:
        concept = best_f1_threshold(mentions)
    return concept, relation, relation


# --- Report ---------------------------------------------------------------------------------

def print_reliability(kind: str, in_sample: list[tuple[float, bool]],
                      oof: list[tuple[float, bool]]) -> None:
    print(f"\n{kind}s: confidence bin; in-sample predictions, mean confidence, precision; "
          "out-of-fold the same")
    rows = {round(low, 1): (n, mean, p) for low, _, n, mean, p in reliability(in_sample)}
    held = {round(low, 1): (n, mean, p) for low, _, n, mean, p in reliability(oof)}
    for b in range(10):
        low = round(b / 10, 1)
        cells = [f"{n:5d}  {mean:.3f}  {p:.3f}" if n else f"{'':5s}  {'':5s}  {'':5s}"
                 for n, mean, p in (rows.get(low, (0, 0, 0)), held.get(low, (0, 0, 0)))]
        if low in rows or low in held:
            print(f"  [{low:.1f}, {low + 0.1:.1f})  {cells[0]}   |  {cells[1]}")
    for name, pairs in (("in-sample", in_sample), ("out-of-fold", oof)):
        print(f"  {name}: log-loss {log_loss(pairs):.4f}, Brier {brier(pairs):.4f}")


def print_relation_features(observations: Sequence[Observation], oof: Sequence[float],
                            focus: str | None, levels: tuple[tuple[str, ...], ...]) -> None:
    """What separates right relations from wrong ones: per value of each feature
    (``RELATION_FEATURES``), then per cell of the finest level without the score bin
    (``levels``'), the right / predicted counts and mean out-of-fold confidence of the
    ``focus`` gold file's relations (PROPOSES apart) and of the other files'."""
    finest = next((level for level in levels if "score" not in level), ())
    splits = [(name, ((name,),)) for name in RELATION_FEATURES] + [
        (" x ".join(finest), (finest,))]
    relations = [(item, p) for item, p in zip(observations, oof, strict=True)
                 if item.kind == "relation" and not item.proposes]
    for name, level in splits:
        print_feature_table(f"relations by {name}", focus, 56, 3, (
            ((relation_cells(item.relation, item.context, level) or ["-"])[0],
             item.source != focus, item.right, p) for item, p in relations))


def print_mention_features(observations: Sequence[Observation], oof: Sequence[float],
                           focus: str | None) -> None:
    """What separates right mentions from wrong ones: per value of each feature
    (``MENTION_FEATURES``) and per label with it, the right / predicted counts and mean
    out-of-fold confidence of the ``focus`` gold file's mentions and of the other files'."""
    splits = [(name,) for name in MENTION_FEATURES] + [
        ("label", name) for name in MENTION_FEATURES if name not in ("source", "label",
                                                                      "domain")]
    mentions = [(dict(zip(MENTION_FEATURES, mention_features(item.mention,
                                                             item.mention_context),
                          strict=True)), item, p)
                for item, p in zip(observations, oof, strict=True) if item.kind == "mention"]
    for split in splits:
        print_feature_table(f"mentions by {' x '.join(split)}", focus, 40, 4, (
            ("|".join(str(values[name]) for name in split), item.source != focus, item.right, p)
            for values, item, p in mentions))


def print_feature_table(title: str, focus: str | None, width: int, digits: int,
                        rows: Iterable[tuple[str, bool, bool, float]]) -> None:
    """One table of :func:`print_relation_features` / :func:`print_mention_features`: per value
    (``rows``: a value, whether the item is from another gold file than ``focus``, whether it
    is right, its out-of-fold confidence), the right / predicted counts, precision and mean
    out-of-fold confidence of the ``focus`` file's items and of the other files'."""
    table: dict[str, list[list[float]]] = defaultdict(lambda: [[0, 0, 0.0], [0, 0, 0.0]])
    for value, other, right, p in rows:
        counts = table[value][other]
        counts[0] += right
        counts[1] += 1
        counts[2] += p
    print(f"\n{title}: right/predicted, precision, mean out-of-fold confidence; {focus} | "
          "the other gold")
    for value, sides in sorted(table.items(), key=lambda kv: (-kv[1][0][1], kv[0])):
        print(f"  {value[:width]:{width}s} " + "  |  ".join(
            f"{r:{digits}.0f}/{n:{digits}.0f} {r / n:.2f} {c / n:.2f}" if n
            else " " * (2 * digits + 10) for r, n, c in sides))


def print_curves(choice: GraphChoice) -> None:
    chosen = (choice.concepts, choice.relations, choice.proposes)
    for i, (title, at, kinds) in enumerate((
            ("concepts alone (no relationship kept)", "concepts", ("concepts",)),
            (f"relationships, concepts at {choice.concepts}", "relations",
             ("relations", "concepts")),
            (f"PROPOSES, concepts at {choice.concepts}, relationships at {choice.relations}",
             "proposes", ("proposes", "concepts")))):
        oof, own = choice.out_of_fold[i], choice.in_sample[i]
        print(f"\nkg dev graph, {title}: threshold; out-of-fold P / R (right of kept) ; "
              "in-sample the same")
        for t in GRID:
            line = "   ".join(
                " ".join(f"{k[:3]} {precision(c[k]):.3f} / {recall(c[k]):.3f} "
                         f"({c[k]['right']}/{c[k]['pred']})" for k in kinds)
                for c in (oof[t], own[t]))
            print(f"  {t:.2f}  {line}")
        print(f"  -> {at} {chosen[i]} ({choice.how[i]})")


def table(calibration: Calibration, thresholds: dict[str, tuple[float, float, float]],
          **about: object) -> dict:
    """kg/calibration.json's content (read by kg.calibration.load_calibration): ``about``
    (sources, models, target, folds, seed), each model's (concept, relationship, PROPOSES)
    thresholds, the default extractor's first two as the pooled defaults, the settings and
    the cells."""
    concepts, relations, _ = thresholds.get(DEFAULT_MODEL, (1.0, 0.0, 0.0))
    return {**about,
            "default_min_confidence": concepts,
            "default_min_relation_confidence": relations,
            "thresholds": {model: list(values) for model, values in thresholds.items()},
            "min_cell": calibration.min_cell, "prior_weight": calibration.prior_weight,
            "mention_levels": [list(level) for level in calibration.mention_levels],
            "relation_levels": [list(level) for level in calibration.relation_levels],
            "relation_l2": calibration.relation_l2,
            "relation_weights": calibration.relation_weights,
            "mention_l2": calibration.mention_l2,
            "mention_weights": calibration.mention_weights,
            "paper_pooling": calibration.paper_pooling,
            "cells": {cell: list(counts) for cell, counts in calibration.cells.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path, help="dev gold files (never test splits)")
    parser.add_argument("--out", type=Path, default=CALIBRATION_FILE)
    parser.add_argument("--kg-gold", type=Path, nargs="+", default=[],
                        help="kg's own dev gold (its dev.jsonl, and check.jsonl: one set)")
    parser.add_argument("--store", type=Path, help="the store kg eval built --kg-gold into")
    parser.add_argument("--cache", type=Path, help="keep the public gold's extraction records "
                        "here (a changed extractor fingerprint or gold file misses)")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--features", action="store_true", help="print the mentions' and the "
                        "relations' right / predicted counts and out-of-fold confidence per "
                        "feature and cell")
    args = parser.parse_args()
    kg_gold = " + ".join(str(p) for p in args.kg_gold) or None  # the in-domain gold's name
    for path in [*args.gold, *args.kg_gold]:
        if "test" in path.name:
            raise SystemExit(f"{path}: calibrate on dev splits only")
    if args.kg_gold and not args.store:
        raise SystemExit("--kg-gold needs --store (the store kg eval built it into)")
    observations: list[Observation] = []
    for path in args.gold:
        observations += observe(path, args.cache)
    if args.kg_gold:
        observations += observe_kg(args.kg_gold, args.store, kg_gold)
    # Every paper is dealt, one with no prediction too: a paper's fold is the same in the
    # cells' fitting and in the graph's scoring.
    papers = {str(path): {doc.key for doc in read_gold(path)} for path in args.gold}
    if kg_gold:
        papers[kg_gold] = {doc.key for path in args.kg_gold for doc in read_gold(path)}
    folds = fold_of(observations, args.folds, args.seed, papers)
    settings = choose_settings(observations, folds,
                               kg_gold)
    calibration = replace(settings, cells=count(observations, settings), relation_weights=(
        fit_relations(observations, settings.relation_l2) if settings.relation_l2 else {}),
                          mention_weights=(fit_mentions(observations, settings.mention_l2)
                                           if settings.mention_l2 else {}))
    oof = out_of_fold(observations, folds, settings)
    own = [o.confidence(calibration) for o in observations]
    for kind in ("mention", "relation"):
        chosen = [i for i, o in enumerate(observations) if o.kind == kind]
        print_reliability(kind, [(own[i], observations[i].right) for i in chosen],
                          [(oof[i], observations[i].right) for i in chosen])
    if args.features:
        print_mention_features(observations, oof, kg_gold)
        print_relation_features(observations, oof, kg_gold,
                                settings.relation_levels)
    # Each extractor's thresholds from its own dev gold, out of fold; the default extractor's
    # from kg's own gold, on the graph as kg eval scores it, where that gold is given.
    pairs = [(o.model, o.kind, p, o.right, o.proposes)
             for o, p in zip(observations, oof, strict=True)]
    thresholds = {model: mention_level([(k, p, r, x) for m, k, p, r, x in pairs if m == model])
                  for model in sorted({m for m, *_ in pairs} - {"None"})}
    if args.kg_gold:
        kg_folds = assign_folds(papers[kg_gold], args.folds, args.seed)
        choice = graph_level(args.kg_gold, args.store,
                             fold_calibrations(observations, folds, settings), calibration,
                             kg_folds)
        print_curves(choice)
        thresholds[DEFAULT_MODEL] = (choice.concepts, choice.relations, choice.proposes)
        calibration = replace(calibration, paper_pooling=choice.pooling)
        at = choice.out_of_fold[2][choice.proposes], choice.in_sample[2][choice.proposes]
        for name, counts in zip(("out-of-fold", "in-sample"), at, strict=True):
            print(f"kg dev at {choice.concepts} / {choice.relations} / {choice.proposes}, "
                  f"{name}: " + ", ".join(
                f"{k} P {precision(counts[k]):.3f} ({counts[k]['right']}/{counts[k]['pred']}, "
                "95 % {:.2f}-{:.2f}) R {:.3f}".format(*wilson(counts[k]), recall(counts[k]))
                for k in ("concepts", "relations", "proposes")))
    root = Path(__file__).resolve().parent.parent
    sources = [os.path.relpath(Path(p).resolve(), root)
               for p in [*args.gold, *args.kg_gold]]
    models = sorted({pick_scheme(label_sets(p)[0]).name for p in args.gold}
                    | ({DEFAULT_MODEL} if args.kg_gold else set()))
    data = table(calibration, thresholds, sources=sources, models=models,
                 target_precision=TARGET, folds=args.folds, seed=args.seed)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    relations = [(p, r) for _, kind, p, r, proposes in pairs if kind == "relation"
                 and not proposes]
    print(f"\npooled relationships, out of fold: precision >= {TARGET} at "
          f"{threshold_for(relations, TARGET)}")
    for model, (c, r, x) in thresholds.items():
        print(f"default --min-confidence for {model}: concepts {c}, relationships {r}, "
              f"PROPOSES {x}")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()
