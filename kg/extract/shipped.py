"""The trained models that ship in ``kg/extract/models/<scheme>/``, found without importing
spaCy (the CLI lists them in ``--help``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MODELS_DIR = Path(__file__).parent / "models"


def available_models() -> list[str]:
    """The names of the shipped trained models (one per gold scheme)."""
    if not MODELS_DIR.is_dir():
        return []
    return sorted(p.name for p in MODELS_DIR.iterdir() if (p / "meta.json").is_file())


def model_path(name: str) -> Path:
    """A shipped model's folder; ValueError naming the shipped ones if there is none."""
    path = MODELS_DIR / name
    if not (path / "meta.json").is_file():
        known = ", ".join(available_models()) or "none"
        raise ValueError(f"no trained model {name!r} (shipped: {known}); train one with "
                         "scripts/train_extractor.py")
    return path


def model_meta(name: str) -> dict[str, Any]:
    """A shipped model's meta.json: its data, licence and dev scores."""
    return json.loads((model_path(name) / "meta.json").read_text(encoding="utf-8"))


#: The trained model kg's pipeline runs by default (None: the rule components alone). SciER's:
#: recent ML papers like the ones users bring, and exactly the graph's core labels (its dev
#: scores against SciERC's: the README's "Extraction quality"); the rules add metrics,
#: concepts, acronyms and titles.
#: Without that folder (a redistribution without GPL-3.0 material), the next shipped one.
DEFAULT_MODEL: str | None = next(
    (m for m in ("scier", "scierc") if m in available_models()), None)
