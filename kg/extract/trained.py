"""kg's trained span and relation models, shipped in ``kg/extract/models/<scheme>/``, and the
``kg_trained`` component that runs one inside kg's pipeline.

Each model is a spaCy pipeline (tok2vec, spancat, kg_transformer_spans, kg_rel) trained by
``scripts/train_extractor.py`` and ``scripts/train_rel_transformer.py`` on one gold scheme; it
writes spans with the scheme's labels to ``doc.spans["sc"]`` and relations to
``doc._.kg_rel``; ``spacy.load`` of its folder runs it as kg does.
``schema/gold_schemes.toml`` says how those labels become graph labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.shipped import (  # noqa: F401  (re-exported: where callers found them)
    MODELS_DIR,
    available_models,
    model_meta,
    model_path,
)

SPAN_KEY = "sc"
#: Components of a trained model that kg's pipeline does not run (the parser gives sentences).
SKIPPED = {"sentencizer"}


@cache
def load_model(name: str) -> Language:
    """A shipped trained model as a spaCy pipeline (loaded once per process). Its span
    recognizer is offered only n-grams that could be terms (kg.extract.suggester)."""
    return load_model_from(model_path(name))


def load_model_from(path: str | Path) -> Language:
    """A trained model from its folder: what ``spacy.load`` makes of its config.cfg, which
    says what the model runs (its spancat offered kg's term n-grams by the registered
    ``kg.term_ngram_suggester.v1``; where its kg_rel transformer has a span head,
    kg.extract.transformer_spans writing the terms from that head mixed with spancat's
    scores, spancat disabled). kg's components are found through the package's
    ``spacy_factories`` entry points. A model whose kg_rel has a span head but whose config
    does not run kg_transformer_spans is refused: its terms would be spancat's alone."""
    nlp = spacy.load(path)
    scorer = getattr(nlp.get_pipe("kg_rel"), "transformer", None) \
        if "kg_rel" in nlp.component_names else None
    if scorer is not None and scorer.span_head is not None \
            and "kg_transformer_spans" not in nlp.pipe_names:
        raise ValueError(f"{Path(path) / 'config.cfg'}: kg_rel's transformer has a span head "
                         "but the pipeline does not run kg_transformer_spans (re-install it "
                         "with scripts/train_rel_transformer.py)")
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
