"""The cue-word sets of kg's rule components, read once from ``lexicons/cues.toml``.

The labeler and the relation rules read the same sets, so the two cannot drift apart; edit the
file, not the modules.
"""

from __future__ import annotations

import tomllib
from functools import cache

from kg.extract.lexicon import LEXICON_DIR

CUES_FILE = LEXICON_DIR / "cues.toml"


@cache
def load_cues() -> dict[str, frozenset[str]]:
    """Each named set of ``cues.toml`` (lowercase words)."""
    data = tomllib.loads(CUES_FILE.read_text(encoding="utf-8"))
    return {name: frozenset(w.lower() for w in words) for name, words in data.items()}
