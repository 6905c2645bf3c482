"""kg's trained span and relation models, shipped in ``kg/extract/models/<scheme>/``, and the
``kg_trained`` component that runs one inside kg's pipeline.

Each model is a spaCy pipeline (tok2vec, spancat, kg_rel) trained by
``scripts/train_extractor.py`` on one gold scheme; it writes spans with the scheme's labels to
``doc.spans["sc"]`` and relations to ``doc._.kg_rel``. ``schema/gold_schemes.toml`` says how
those labels become graph labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import (
    relation_model,  # noqa: F401  (registers kg_rel, which the models contain)
    suggester,  # noqa: F401  (registers kg.term_ngram_suggester.v1)
    transformer_spans,  # noqa: F401  (registers kg_transformer_spans)
)
from kg.extract.shipped import (  # noqa: F401  (re-exported: where callers found them)
    MODELS_DIR,
    available_models,
    model_meta,
    model_path,
)
from kg.extract.transformer_pairs import CONFIG

SPAN_KEY = "sc"
#: Components of a trained model that kg's pipeline does not run (the parser gives sentences).
SKIPPED = {"sentencizer"}


@cache
def load_model(name: str) -> Language:
    """A shipped trained model as a spaCy pipeline (loaded once per process). Its span
    recognizer is offered only n-grams that could be terms (kg.extract.suggester)."""
    return load_model_from(model_path(name))


def load_model_from(path: str | Path) -> Language:
    """A trained model from its folder, as :func:`load_model` sets it up: what ``spacy.load``
    makes of its config.cfg (its spancat offered kg's term n-grams by the registered
    ``kg.term_ngram_suggester.v1``). When its kg_rel transformer has a span head,
    kg.extract.transformer_spans writes the terms in spancat's place, from the head mixed with
    spancat's scores (the config's ``term_head_weight``; at 1 the model's tok2vec and spancat
    do not run)."""
    nlp = spacy.load(path)
    scorer = getattr(nlp.get_pipe("kg_rel"), "transformer", None) \
        if "kg_rel" in nlp.pipe_names else None
    if scorer is not None and scorer.span_head is not None:
        weight = float(scorer.config.get("term_head_weight", 1.0))
        try:
            spans = nlp.add_pipe("kg_transformer_spans", before="kg_rel", config={
                "threshold": float(scorer.config.get("term_threshold", 0.5)),
                "allow_overlap": bool(scorer.config.get("term_overlap", False)),
                "head_weight": weight,
                "spancat_floor": float(scorer.config.get("term_spancat_floor", 0.0))})
        except ValueError as error:
            raise ValueError(f"{scorer.folder / CONFIG}: {error}") from error
        spans.scorer = scorer
        spans.spancat = nlp.get_pipe("spancat") if "spancat" in nlp.pipe_names else None
        for name in ("spancat",) if weight < 1.0 else ("tok2vec", "spancat"):
            if name in nlp.pipe_names:
                nlp.disable_pipe(name)
    return nlp


@Language.factory("kg_trained", default_config={"model": "scier"},
                  assigns=["doc.spans", "doc._.kg_rel"])
def make_trained(nlp: Language, name: str, model: str) -> TrainedComponents:
    return TrainedComponents(model)


class TrainedComponents:
    """Runs a trained model's components on docs made by another pipeline."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.components = [(n, p) for n, p in load_model(model).pipeline if n not in SKIPPED]

    def __call__(self, doc: Doc) -> Doc:
        for _, component in self.components:
            doc = component(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for _, component in self.components:
            docs = component.pipe(docs, batch_size=batch_size)
        yield from docs
