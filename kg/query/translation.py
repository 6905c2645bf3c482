"""What kg.query.translate makes of a statement (a :class:`Translation`), as plain data that
kg.query.plan keeps between runs; no parser is needed to read one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Parameters the store fills for procedure calls.
LABELS_PARAM, TYPES_PARAM, HITS_PARAM = "__kg_labels", "__kg_types", "__kg_hits"


@dataclass
class Translation:
    """A statement in LadybugDB's dialect, the column headers Neo4j would print, and what the
    store must supply: ``needs`` names of parameters (labels, types, full-text hits) and the
    full-text search text (a string, or ``("param", name)``)."""

    text: str
    columns: list[str] | None = None
    needs: set[str] = field(default_factory=set)
    fulltext: Any = None
    explain: bool = False
