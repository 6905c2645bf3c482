"""A Neo4j Cypher statement -> what the embedded store runs for it (a :class:`Plan`), checked
first (kg.query.readonly.prepare: reading clauses only unless ``write``, every ``$parameter``
given).

A plan depends only on the statement, the ``write`` / ``files`` flags and kg's translator, so
:func:`plan` keeps it between runs (kg.query.plan_cache): a statement run again is neither
parsed nor translated, and neither the grammar nor ANTLR's runtime is imported. This module
imports neither; they load on the first statement a run has not seen before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.query import plan_cache
from kg.query.parameters import parameters, require_parameters
from kg.query.translation import Translation

if TYPE_CHECKING:
    from kg.query.parse import Parsed

#: Plan kinds: a translated statement, SHOW INDEXES (rows from kg.query.procedures), or
#: db.awaitIndexes (nothing to do: the embedded store's indexes are always online).
RUN, SHOW_INDEXES, WAIT = "run", "show_indexes", "wait"


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
    def from_json(cls, data: Any) -> Plan:
        """A plan from :meth:`to_json`'s data; ValueError if it is not such data."""
        kind = data.get("kind") if isinstance(data, dict) else None
        parameters = data.get("parameters") if isinstance(data, dict) else None
        if kind not in (RUN, SHOW_INDEXES, WAIT) or not _strings(parameters):
            raise ValueError("not a plan")
        if kind != RUN:
            return cls(kind, parameters)
        t = data.get("translation")
        if not (isinstance(t, dict) and isinstance(t.get("text"), str)
                and (t.get("columns") is None or _strings(t.get("columns")))
                and _strings(t.get("needs")) and isinstance(t.get("explain"), bool)):
            raise ValueError("not a plan")
        fulltext = t.get("fulltext")
        if isinstance(fulltext, list):  # ("param", name) comes back from JSON as a list
            fulltext = tuple(fulltext)
        return cls(kind, parameters, Translation(t["text"], t["columns"], set(t["needs"]),
                                                 fulltext, t["explain"]))


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


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
        except ValueError:
            found = None
        if found is not None:
            require_parameters(found.parameters, params)
            return found
    from kg.query.readonly import prepare

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
