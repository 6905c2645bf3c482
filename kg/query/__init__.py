"""Neo4j Cypher for every store: parse (kg.query.parse), check what a statement may do
(kg.query.readonly), and translate it for the embedded store (kg.query.translate)."""

from __future__ import annotations

from typing import Any

from kg.query.parse import CypherError, P, Parsed, descendants, parse
from kg.query.readonly import check

__all__ = ["CypherError", "Parsed", "parameters", "prepare"]


def parameters(parsed: Parsed) -> list[str]:
    """The ``$names`` a statement uses, in order of first use."""
    names: dict[str, None] = {}
    for ctx in descendants(parsed.tree):
        if isinstance(ctx, P.ParameterNameContext):
            names[ctx.getText().strip("`")] = None
    return list(names)


def prepare(statement: str, params: dict[str, Any] | None = None, *, write: bool = False,
            files: bool = False) -> Parsed:
    """Parse ``statement`` and check it: allowed clauses (see kg.query.readonly) and every
    ``$parameter`` given. Raises :class:`CypherError` with one line otherwise."""
    parsed = parse(statement)
    check(parsed, write=write, files=files)
    missing = [name for name in parameters(parsed) if name not in (params or {})]
    if missing:
        flags = " ".join(f"-p {name}=VALUE" for name in missing)
        raise CypherError("missing query parameter" + "s" * (len(missing) > 1) + " "
                          + ", ".join(f"${name}" for name in missing) + f": pass {flags}")
    return parsed
