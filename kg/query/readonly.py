"""What a statement may do: read-only means every clause of the parsed statement is on an
allow-list of reading clause kinds, and every procedure it calls is a known read-only one.

The check runs on the parse tree (kg.query.parse), so it cannot be talked round by spelling,
comments or string contents. It is the same for every store; anything that is not Neo4j Cypher
(LadybugDB's ``COPY``, ``LOAD FROM``, ``INSTALL``, ``LOAD EXTENSION``, ``CHECKPOINT``,
``ATTACH``, ``CALL setting=value``) does not parse, so it is refused before it reaches a store.
"""

from __future__ import annotations

from typing import Any

from kg.query.errors import CypherError
from kg.query.parameters import parameters, require_parameters
from kg.query.parse import P, Parsed, descendants, parse

#: Clause kinds that only read the graph.
READ_CLAUSES: tuple[type, ...] = (
    P.MatchClauseContext, P.WithClauseContext, P.UnwindClauseContext, P.ReturnClauseContext,
    P.OrderBySkipLimitClauseContext, P.FilterClauseContext, P.LetClauseContext,
    P.FinishClauseContext, P.CallClauseContext, P.SubqueryClauseContext,
    P.ComposableCommandClausesContext,
)
#: Clause kinds that change the graph, allowed with ``write``.
WRITE_CLAUSES: tuple[type, ...] = (
    P.CreateClauseContext, P.InsertClauseContext, P.DeleteClauseContext, P.SetClauseContext,
    P.RemoveClauseContext, P.MergeClauseContext, P.ForeachClauseContext,
)
#: Procedures that only read (Neo4j's names, lower case).
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.index.fulltext.querynodes",
    "db.index.fulltext.queryrelationships", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "dbms.components",
    "db.awaitindexes", "db.awaitindex",
})
#: The SHOW commands that only describe the database.
READ_SHOW = (P.ShowIndexCommandContext, P.ShowConstraintCommandContext)


def procedure_name(call: P.CallClauseContext) -> str:
    """A CALL clause's procedure, as written (``db.labels``)."""
    return call.procedureName().getText()


def check(parsed: Parsed, *, write: bool = False, files: bool = False) -> None:
    """Raise :class:`CypherError` unless ``parsed`` stays within what is allowed: reading
    clauses and read-only procedures (with or without ``write``: a procedure may read files
    or load code); with ``write`` also the writing clauses; ``LOAD CSV`` (file access) only
    with ``write`` and ``files``."""
    tree = parsed.tree
    if tree.command() is not None:
        what = " ".join(parsed.source(tree.command()).split()[:2])
        raise CypherError(f"`{what}` is an administration command; kg query runs queries only")
    for ctx in descendants(tree):
        if not isinstance(ctx, P.ClauseContext):
            continue
        clause = ctx.getChild(0)
        keyword = " ".join(parsed.source(clause).split()[:2]).upper()
        if isinstance(clause, P.LoadCSVClauseContext):
            if not (write and files):
                raise CypherError("LOAD CSV reads files: kg query allows it only with --write "
                                  "and --allow-file-access")
            continue
        if isinstance(clause, P.UseClauseContext):
            continue
        if isinstance(clause, WRITE_CLAUSES):
            if not write:
                raise CypherError(f"{keyword.split()[0]} changes the graph: kg query is "
                                  "read-only unless you pass --write")
            continue
        if isinstance(clause, P.CallClauseContext):
            name = procedure_name(clause)
            if name.lower() not in READ_PROCEDURES:
                raise CypherError(f"CALL {name}: not a known read-only procedure (kg query "
                                  "calls " + ", ".join(sorted(READ_PROCEDURES)) + ")")
            continue
        if isinstance(clause, P.ComposableCommandClausesContext):
            show = clause.composableShowCommandClauses()
            if show is None or not isinstance(show.getChild(1), READ_SHOW):
                raise CypherError(f"`{keyword}` is not a query; kg query runs SHOW INDEXES and "
                                  "SHOW CONSTRAINTS only")
            continue
        if not isinstance(clause, READ_CLAUSES):
            raise CypherError(f"{keyword} is not allowed in kg query")


def prepare(statement: str, params: dict[str, Any] | None = None, *, write: bool = False,
            files: bool = False) -> Parsed:
    """Parse ``statement`` and check it: allowed clauses (:func:`check`) and every
    ``$parameter`` given. Raises :class:`CypherError` with one line otherwise."""
    parsed = parse(statement)
    check(parsed, write=write, files=files)
    require_parameters(parameters(parsed), params)
    return parsed
