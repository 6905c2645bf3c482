"""A Neo4j Cypher statement -> what the embedded store runs for it (a :class:`Plan`), checked
first (:func:`prepare`: reading clauses only unless ``write``, every ``$parameter`` given).

A plan depends only on the statement, the ``write`` / ``files`` flags and kg's translator, so
:func:`plan` keeps it between runs (kg.query.plan_cache): a statement run again is neither
parsed nor translated, and neither the grammar nor ANTLR's runtime is imported. This module
imports neither; they load on the first statement a run has not seen before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.query import plan_cache
from kg.query.errors import CypherError

if TYPE_CHECKING:
    from kg.query.parse import Parsed

#: Parameters the store fills for procedure calls.
LABELS_PARAM, TYPES_PARAM, HITS_PARAM = "__kg_labels", "__kg_types", "__kg_hits"
#: Plan kinds: a translated statement, SHOW INDEXES (rows from kg.query.procedures), or
#: db.awaitIndexes (nothing to do: the embedded store's indexes are always online).
RUN, SHOW_INDEXES, WAIT = "run", "show_indexes", "wait"


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


@dataclass
class Plan:
    """What the embedded store does for a statement (``kind``: RUN, SHOW_INDEXES or WAIT),
    the ``$parameters`` it uses, and for RUN the translation."""

    kind: str
    parameters: list[str]
    translation: Translation | None = None

    def to_json(self) -> dict[str, Any]:
        """The plan as plain JSON data (what the cache stores)."""
        data: dict[str, Any] = {"kind": self.kind, "parameters": self.parameters}
        if self.translation is not None:
            t = self.translation
            data["translation"] = {"text": t.text, "columns": t.columns,
                                   "needs": sorted(t.needs), "fulltext": t.fulltext,
                                   "explain": t.explain}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        """A plan from :meth:`to_json`'s data (KeyError / TypeError / ValueError if it is not)."""
        kind = data["kind"]
        if kind not in (RUN, SHOW_INDEXES, WAIT):
            raise ValueError(f"unknown plan kind {kind!r}")
        parameters = [str(name) for name in data["parameters"]]
        t = data.get("translation")
        if kind != RUN:
            return cls(kind, parameters)
        fulltext = t["fulltext"]
        if isinstance(fulltext, list):  # ("param", name) comes back from JSON as a list
            fulltext = tuple(fulltext)
        columns = None if t["columns"] is None else [str(c) for c in t["columns"]]
        translation = Translation(str(t["text"]), columns, {str(n) for n in t["needs"]},
                                  fulltext, bool(t["explain"]))
        return cls(kind, parameters, translation)


def plan(statement: str, params: dict[str, Any] | None = None, *, write: bool = False,
         files: bool = False) -> Plan:
    """The checked and translated ``statement``, from the plan cache when it holds it.
    Raises :class:`CypherError` (or its subclass kg.query.translate.Unsupported) with one
    line otherwise; a refused statement is not cached, so it is checked again next time."""
    key = plan_cache.key(statement, write=write, files=files)
    data = plan_cache.load(key)
    if data is not None:
        try:
            found = Plan.from_json(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            found = None
        if found is not None:
            require_parameters(found.parameters, params)
            return found
    parsed = prepare(statement, params, write=write, files=files)
    made = _make(parsed)
    plan_cache.save(key, made.to_json())
    return made


def _make(parsed: Parsed) -> Plan:
    """The plan for a checked statement (kg.query.procedures, kg.query.translate)."""
    from kg.query import procedures
    from kg.query.translate import translate

    names = parameters(parsed)
    if procedures.is_show_indexes(parsed):
        return Plan(SHOW_INDEXES, names)
    if procedures.is_wait(parsed):
        return Plan(WAIT, names)
    return Plan(RUN, names, translate(parsed))


def prepare(statement: str, params: dict[str, Any] | None = None, *, write: bool = False,
            files: bool = False) -> Parsed:
    """Parse ``statement`` and check it: allowed clauses (see kg.query.readonly) and every
    ``$parameter`` given. Raises :class:`CypherError` with one line otherwise."""
    from kg.query.parse import parse
    from kg.query.readonly import check

    parsed = parse(statement)
    check(parsed, write=write, files=files)
    require_parameters(parameters(parsed), params)
    return parsed


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
