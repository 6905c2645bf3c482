"""A statement's ``$parameters``: the names it uses (read from its parse tree) and the one-line
error when some are not given (raised without the parser for a statement planned before)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.query.errors import CypherError

if TYPE_CHECKING:
    from kg.query.parse import Parsed


def parameters(parsed: Parsed) -> list[str]:
    """The ``$names`` a statement uses, in order of first use."""
    from kg.query.parse import P, descendants

    names: dict[str, None] = {}
    for ctx in descendants(parsed.tree):
        if isinstance(ctx, P.ParameterNameContext):
            names[ctx.getText().strip("`")] = None
    return list(names)


def require_parameters(names: list[str], params: dict[str, Any] | None) -> None:
    """Raise :class:`CypherError` naming the ``$names`` that ``params`` lacks."""
    missing = [name for name in names if name not in (params or {})]
    if missing:
        flags = " ".join(f"-p {name}=VALUE" for name in missing)
        raise CypherError("missing query parameter" + "s" * (len(missing) > 1) + " "
                          + ", ".join(f"${name}" for name in missing) + f": pass {flags}")
