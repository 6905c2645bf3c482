"""Neo4j Cypher (a parse tree from kg.query.parse) -> LadybugDB Cypher for the embedded store.

The statement is re-emitted from its parse tree: every construct is copied as written unless a
rule below rewrites it, and constructs LadybugDB would read differently are refused with one
line that says what to write instead (:class:`Unsupported`). Functions are an allow-list: a
function LadybugDB does not have, or has with other semantics, is never passed through.

What is rewritten (Neo4j -> LadybugDB):

- ``labels(n)`` -> ``[label(n)]`` (a kg node has one label), ``type(r)`` -> ``label(r)``,
  ``n:A`` / ``n:A|B`` in expressions -> ``label(n) = 'A'`` / ``label(n) IN [...]``,
  ``(n:A|B)`` in patterns -> ``(n:A:B)``;
- 0-based ``x[i]`` and ``x[a..b]`` (negative from the end, null / clamped out of range) ->
  LadybugDB's 1-based ``list_extract`` / ``list_slice``;
- list comprehensions -> ``list_transform(list_filter(...))``, map projections -> map
  literals, ``EXISTS { pattern }`` / ``COUNT { pattern }`` -> ``EXISTS { MATCH pattern }``,
  pattern predicates in WHERE -> ``EXISTS { MATCH ... }``;
- relationship uniqueness within one MATCH (Neo4j never binds one relationship twice in a
  pattern; LadybugDB does) -> explicit ``id(r1) <> id(r2)`` conditions; variable-length
  relationships -> LadybugDB's ``TRAIL`` semantics; ``shortestPath`` -> ``* SHORTEST``;
- ``startNode(r)`` / ``endNode(r)`` of ``(a)-[r]-(b)`` (LadybugDB: the pattern's a / b) -> the
  end whose id is the relationship's stored ``_SRC`` / ``_DST`` (:meth:`Translator.ends`);
  ``DISTINCT r`` and grouping by such an r are refused (LadybugDB keeps its two bindings apart);
- functions renamed or re-based: ``split``, ``substring``, ``toString``/``toInteger`` (on
  values of known type), ``rand``, ``head``/``last``, ``startNode``/``endNode``,
  ``elementId``, ``relationships``;
- every RETURN column is aliased to the text Neo4j uses as its header;
- ``p.abstract`` (stored as pieces) -> the joined string;
- ``CALL db.labels()``, ``db.relationshipTypes()`` and kg's full-text index call become
  ``UNWIND`` over rows the store supplies as parameters (:class:`Translation.needs`).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from antlr4 import ParserRuleContext
from antlr4.tree.Tree import TerminalNodeImpl

from kg.query.errors import Unsupported
from kg.query.parse import P, Parsed, descendants
from kg.query.translation import HITS_PARAM, LABELS_PARAM, TYPES_PARAM, Translation
from kg.schema import SCHEMA
from kg.store.bulk import PIECED

#: The full-text index kg creates on Neo4j (kg.store.neo4j.FULLTEXT_INDEX).
FULLTEXT_INDEX = "kg_names"
#: Property holding a paper's text as pieces on the embedded store (kg.store.bulk).
PIECES = {name for _table, name in PIECED}


# Neo4j function (lower case) -> LadybugDB function, for those that mean the same.
SAME = {
    "count": "count", "sum": "sum", "avg": "avg", "min": "min", "max": "max",
    "collect": "collect", "coalesce": "coalesce", "size": "size", "length": "length",
    "toupper": "upper", "tolower": "lower", "upper": "upper", "lower": "lower",
    "trim": "trim", "ltrim": "ltrim", "rtrim": "rtrim", "replace": "replace",
    "left": "left", "right": "right", "reverse": "reverse", "abs": "abs", "ceil": "ceil",
    "floor": "floor", "sqrt": "sqrt", "sign": "sign", "exp": "exp", "log": "ln",
    "log10": "log10", "range": "range", "nodes": "nodes", "relationships": "rels",
    "rand": "random", "startnode": "start_node",
    "endnode": "end_node",
}
#: Aggregating functions (a projection with one groups by its other items).
AGGREGATES = {"count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp",
              "percentilecont", "percentiledisc"}
#: What to write instead of a Neo4j function the embedded store does not run.
INSTEAD = {
    "id": "elementId(n), or the node's key",
    "keys": "the schema's property names (kg query \"CALL db.schema.nodeTypeProperties()\" "
            "on Neo4j; see schema/schema.toml)",
    "properties": "a map projection, n {.name, .key}",
    "exists": "n.prop IS NOT NULL",
    "stdev": "Neo4j",
    "percentilecont": "Neo4j",
    "percentiledisc": "Neo4j",
    "tofloat": "x * 1.0",
}
#: Java's (so Neo4j's) upper case of characters whose Unicode simple mapping differs.
UPPER_SPECIAL = {"ß": "SS", "ﬀ": "FF", "ﬁ": "FI", "ﬂ": "FL", "ﬃ": "FFI", "ﬄ": "FFL",
                 "ﬅ": "ST", "ﬆ": "ST"}
#: Marks the start of each piece inside the embedded store's split() (a private-use character).
SPLIT_MARK = "\ue000"
#: Static types of schema properties (for toString / toInteger).
_PROPERTY_TYPES: dict[str, set[str]] = {}
for _spec in (*SCHEMA.nodes.values(), *SCHEMA.relationships.values()):
    for _name, _kind in _spec.properties.items():
        _PROPERTY_TYPES.setdefault(_name, set()).add(_kind)


def quote(name: str) -> str:
    """``name`` as a backtick-quoted identifier."""
    return "`" + name.replace("`", "``") + "`"


def string(value: str) -> str:
    """``value`` as a Cypher string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Translator:
    """Emits one parsed statement in LadybugDB's dialect (see the module docstring)."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.text = parsed.text
        self.needs: set[str] = set()
        self.fulltext: Any = None
        self.fresh = 0
        #: Does the statement call startNode/endNode (only then are the ends of relationships
        #: matched without a direction tracked: :meth:`on_PatternElement`)?
        self.ends_used = any(
            isinstance(c, P.FunctionInvocationContext)
            and c.functionName().getText().lower() in ("startnode", "endnode")
            for c in descendants(parsed.tree))
        #: A relationship variable matched without a direction -> :class:`Ends`.
        self.undirected: dict[str, Ends] = {}
        #: Generated variables of anonymous end nodes of such relationships (by id of the
        #: node pattern), and the node variables patterns have bound so far.
        self.node_names: dict[int, str] = {}
        self.seen_nodes: set[str] = set()

    # -- plumbing -------------------------------------------------------------------------
    def src(self, ctx: Any) -> str:
        if isinstance(ctx, TerminalNodeImpl):
            return ctx.getText()
        return self.parsed.source(ctx)

    def emit(self, ctx: Any) -> str:
        """``ctx`` re-emitted, rewritten where a rule applies."""
        if ctx is None:
            return ""
        if isinstance(ctx, TerminalNodeImpl):
            return ctx.getText()
        if ctx.stop is None or ctx.stop.tokenIndex < ctx.start.tokenIndex:
            return ""
        handler = getattr(self, "on_" + type(ctx).__name__.removesuffix("Context"), None)
        if handler is not None:
            result = handler(ctx)
            if result is not None:
                return result
        return self.default(ctx)

    def default(self, ctx: ParserRuleContext) -> str:
        """The children emitted in order, with a space wherever the source had a gap."""
        out, pos = [], ctx.start.start
        for child in ctx.children or []:
            start, stop = _span(child)
            if start is None:
                continue
            if start > pos:
                out.append(" ")
            out.append(self.emit(child))
            pos = stop + 1
        return "".join(out)

    def name(self, prefix: str = "_kg") -> str:
        self.fresh += 1
        return f"{prefix}{self.fresh}"

    # -- statements and clauses -------------------------------------------------------------
    def on_Statement(self, ctx: P.StatementContext) -> str:
        if ctx.command() is not None:
            raise Unsupported("administration commands do not run on the embedded store")
        return self.emit(ctx.queryWithLocalDefinitions())

    def on_ComposableCommandClauses(self, ctx: Any) -> str:
        raise Unsupported("SHOW commands run on the embedded store only as the whole "
                          "statement `SHOW INDEXES`")

    def on_UseClause(self, ctx: Any) -> str:
        raise Unsupported("USE selects a Neo4j database; the embedded store has one graph: "
                          "leave USE out")

    def on_LoadCSVClause(self, ctx: Any) -> str:
        raise Unsupported("LOAD CSV does not run on the embedded store: use `kg build` to "
                          "load data")

    def on_SubqueryClause(self, ctx: Any) -> str:
        raise Unsupported("CALL { ... } subqueries do not run on the embedded store: write "
                          "the subquery with WITH, or use COUNT { } / EXISTS { }")

    def on_ReturnClause(self, ctx: P.ReturnClauseContext) -> str | None:
        if ctx.returnBody().returnItems().TIMES() is not None:
            raise Unsupported("RETURN * does not run on the embedded store: name the "
                              "columns, RETURN a, b")
        return None

    def on_ReturnItem(self, ctx: P.ReturnItemContext) -> str:
        expression = self.emit(ctx.expression())
        if ctx.variable() is not None:
            return f"{expression} AS {quote(ctx.variable().getText().strip('`'))}"
        if isinstance(ctx.parentCtx.parentCtx.parentCtx, P.ReturnClauseContext):
            return f"{expression} AS {quote(self.src(ctx.expression()))}"
        return expression

    def on_MatchClause(self, ctx: P.MatchClauseContext) -> str:
        if ctx.matchMode() is not None or ctx.hint() or ctx.searchClause() is not None:
            raise Unsupported("match modes, hints and SEARCH do not run on the embedded store")
        head = "OPTIONAL MATCH " if ctx.OPTIONAL() is not None else "MATCH "
        patterns, unique = self.pattern_list(ctx.patternList())
        where = ctx.whereClause()
        conditions = unique + ([f"({self.emit(where.expression())})"] if where else [])
        return head + patterns + (" WHERE " + " AND ".join(conditions) if conditions else "")

    def on_WithClause(self, ctx: P.WithClauseContext) -> str:
        """WITH as written; after an ORDER BY, LadybugDB needs a SKIP or LIMIT, and a later
        aggregation loses the order (and a LIMIT then keeps the wrong rows) unless a row
        operator stands between them: ``UNWIND [1]`` does, changing nothing else."""
        body = ctx.returnBody()
        if body.orderBy() is None:
            return self.default(ctx)
        text = "WITH " + self.emit(body)
        if body.skip() is None and body.limit() is None:
            text += " SKIP 0"
        if ctx.whereClause() is not None:
            text += " " + self.emit(ctx.whereClause())
        return text + f" UNWIND [1] AS {self.name('_kgorder')}"

    def on_ReturnItems(self, ctx: P.ReturnItemsContext) -> str | None:
        """A WITH that carries a relationship matched without a direction also carries its
        true start and end nodes (hidden variables; each is fixed by the relationship alone,
        so grouping and DISTINCT are unchanged): see :meth:`ends`. LadybugDB keeps such a
        relationship's two bindings apart in DISTINCT and grouping: refused."""
        body = ctx.parentCtx
        items = ctx.returnItem()
        tracked = [item for item in items
                   if self.src(item.expression()).strip("`") in self.undirected]
        if tracked and (body.DISTINCT() is not None or any(
                isinstance(c, P.CountStarContext) or (
                    isinstance(c, P.FunctionInvocationContext)
                    and c.functionName().getText().lower() in AGGREGATES)
                for item in items for c in descendants(item.expression()))):
            name = self.src(tracked[0].expression())
            raise Unsupported(f"DISTINCT {name} or grouping by {name}, a relationship matched "
                              "without a direction, counts each direction apart on the "
                              f"embedded store: use elementId({name}), or give the pattern "
                              "a direction")
        if not isinstance(body.parentCtx, P.WithClauseContext):
            return None
        keep_all = ctx.TIMES() is not None
        carried = dict(self.undirected) if keep_all else {}
        extras: list[str] = []
        renamed = {self.src(item.expression()).strip("`"):
                   item.variable().getText().strip("`") if item.variable() else
                   self.src(item.expression()).strip("`") for item in items}
        for item in tracked:
            source = self.src(item.expression()).strip("`")
            ends = self.undirected[source]
            alias = item.variable().getText().strip("`") if item.variable() else source
            if not self.ends_used:  # tracked for the DISTINCT check only
                carried[alias] = ends
                continue
            if not ends.fixed and ends.a in renamed and ends.b in renamed:
                # its end nodes go along too: still chosen from them
                carried[alias] = ends._replace(a=renamed[ends.a], b=renamed[ends.b])
                continue
            if ends.fixed:
                start, end = ends.a, ends.b
                if not keep_all and start is not None:
                    extras += [_name(v) for v in (start, end) if _name(v) not in extras]
            elif ends.same:
                start, end = self.name("_kgs"), self.name("_kge")
                extras += [f"{self.ends(source, 'start')} AS {start}",
                           f"{self.ends(source, 'end')} AS {end}"]
            else:
                start = end = None  # lost: its ends' node types differ (see ends())
            carried[alias] = Ends(start, end, True, True)
        if not self.ends_used:
            self.undirected = carried
            return None
        text = self.default(ctx)
        self.undirected = carried
        return text + "".join(", " + extra for extra in extras)

    def ends(self, variable: str, which: str, field_of: str = "") -> str:
        """The true start or end node of ``variable``, a relationship matched without a
        direction (or, with ``field_of``, that node's property). LadybugDB's ``start_node(r)``
        is the pattern's left node there (Kuzu issue 3166), but the relationship value keeps
        its stored ends, ``_SRC`` and ``_DST``. A CASE over two nodes whose node types differ
        fails in LadybugDB 0.22 (an assertion), so a node itself is chosen only where both
        ends are unlabeled nodes the pattern binds; property access, ``=``/``<>``,
        ``labels()`` and ``elementId()`` choose values instead (:meth:`end_call`)."""
        ends = self.undirected[variable]
        if ends.a is None:
            raise Unsupported(f"{which}Node({variable}) after a WITH, where {variable} was "
                              "matched without a direction between nodes of other labels, "
                              "does not run on the embedded store: use it before the WITH, "
                              "or give the pattern a direction")
        if ends.fixed:
            node = _name(ends.a if which == "start" else ends.b)
            return f"{node}.{field_of}" if field_of else node
        if not field_of and not ends.same:
            raise Unsupported(f"{which}Node({variable}) as a node, where {variable} was "
                              "matched without a direction between nodes of other labels, "
                              f"does not run on the embedded store: use {which}Node("
                              f"{variable}).property, {which}Node({variable}) = n, labels() "
                              "or elementId() of it, or give the pattern a direction")
        field = "_SRC" if which == "start" else "_DST"
        r, a, b = _name(variable), _name(ends.a), _name(ends.b)
        value_a, value_b = a, b
        if field_of:  # a property no label of that end has is null (Neo4j) or an error
            value_a, value_b = (
                "NULL" if labels and all(label in SCHEMA.nodes and field_of.strip("`") not in
                                         SCHEMA.nodes[label].properties for label in labels)
                else f"{node}.{field_of}" for node, labels in zip((a, b), ends.labels,
                                                                   strict=True))
        return (f"(CASE WHEN struct_extract({r}, '{field}') = id({a}) THEN {value_a} "
                f"WHEN struct_extract({r}, '{field}') = id({b}) THEN {value_b} END)")

    def end_call(self, ctx: Any) -> tuple[str, str, str] | None:
        """(variable, "start" | "end", its stored-end field) where ``ctx`` is exactly
        ``startNode(r)`` / ``endNode(r)`` of a relationship matched without a direction whose
        ends are the pattern's (not carried through a WITH)."""
        if not self.undirected or ctx is None:
            return None
        for node in descendants(ctx):
            if isinstance(node, P.FunctionInvocationContext) and _span(node) == _span(ctx):
                key = node.functionName().getText().lower()
                args = node.functionArgument()
                if key not in ("startnode", "endnode") or len(args) != 1:
                    return None
                variable = self.src(args[0].expression()).strip("`")
                ends = self.undirected.get(variable)
                if ends is None or ends.fixed:
                    return None
                which = key.removesuffix("node")
                return variable, which, "_SRC" if which == "start" else "_DST"
        return None

    def pattern_list(self, ctx: P.PatternListContext) -> tuple[str, list[str]]:
        """The patterns, with every relationship named, and the conditions that keep two
        relationships of one MATCH apart (Neo4j's relationship uniqueness)."""
        self.rel_names: list[str] = []
        self.var_length = 0
        text = self.emit(ctx)
        names, var_length = self.rel_names, self.var_length
        if var_length and len(names) > 1:
            raise Unsupported("a variable-length relationship with other relationships in one "
                              "MATCH does not run on the embedded store: match the "
                              "variable-length part in a MATCH of its own")
        unique = [f"id({a}) <> id({b})" for i, a in enumerate(names) for b in names[i + 1:]]
        return text, unique

    def on_CallClause(self, ctx: P.CallClauseContext) -> str:
        name = ctx.procedureName().getText().lower()
        items = ctx.procedureResultItem()
        if ctx.OPTIONAL() is not None:
            raise Unsupported("OPTIONAL CALL does not run on the embedded store: use CALL")
        yields = {item.yieldItemName.getText(): self.emit(item.yieldItemAlias or
                                                          item.yieldItemName)
                  for item in items}
        where = ctx.whereClause()
        if name == "db.labels":
            return self._unwind(LABELS_PARAM, "label", yields, where, ctx)
        if name == "db.relationshiptypes":
            return self._unwind(TYPES_PARAM, "relationshipType", yields, where, ctx)
        if name == "db.index.fulltext.querynodes":
            args = ctx.procedureArgument()
            if len(args) not in (2, 3):
                raise Unsupported("db.index.fulltext.queryNodes takes (index, query)")
            index = self._constant(args[0].expression())
            if index != FULLTEXT_INDEX:
                raise Unsupported(f"the embedded store has one full-text index, "
                                  f"{FULLTEXT_INDEX!r} (names and aliases)")
            if "score" in yields:
                raise Unsupported("YIELD score: full-text scores are Lucene's on Neo4j and "
                                  "differ on the embedded store: YIELD node, and ORDER BY "
                                  "node.paper_count DESC for the most used first")
            self.fulltext = self._constant(args[1].expression())
            self.needs.add(HITS_PARAM)
            node = yields.get("node", "node")
            hit = self.name("_kghit")
            text = (f"UNWIND ${HITS_PARAM} AS {hit} MATCH ({node}) "
                    f"WHERE label({node}) = {hit}.label AND {node}.key = {hit}.key")
            if where is not None:
                text += f" AND ({self.emit(where.expression())})"
            if not items:
                text += f" RETURN {node}"
            return text
        raise Unsupported(f"CALL {ctx.procedureName().getText()} does not run on the embedded "
                          "store (it runs db.labels, db.relationshipTypes and "
                          f"db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', ...))")

    def _unwind(self, param: str, column: str, yields: dict[str, str], where: Any,
                ctx: Any) -> str:
        alias = yields.get(column, column)
        if set(yields) - {column}:
            raise Unsupported(f"this procedure yields {column} only")
        self.needs.add(param)
        text = f"UNWIND ${param} AS {alias}"
        if where is not None:
            text += f" WITH {alias} WHERE {self.emit(where.expression())}"
        if not ctx.procedureResultItem():
            text += f" RETURN {alias}"
        return text

    def _constant(self, ctx: Any) -> Any:
        """A literal argument's value (procedure arguments kg reads itself)."""
        found = [c for c in descendants(ctx) if isinstance(c, P.StringLiteralContext)]
        if len(found) != 1 or self.src(found[0]) != self.src(ctx):
            parameter = [c for c in descendants(ctx) if isinstance(c, P.ParameterContext)]
            if len(parameter) == 1 and self.src(parameter[0]) == self.src(ctx):
                return ("param", parameter[0].parameterName().getText().strip("`"))
            raise Unsupported("give this procedure argument as a string or a $parameter")
        return json.loads(_unquote(self.src(found[0])))

    # -- writes (kg query --write) --------------------------------------------------------
    def on_SetProp(self, ctx: Any) -> str:
        target = ctx.expression2()
        postfixes = target.postFix()
        if len(postfixes) != 1 or not isinstance(postfixes[0], P.PropertyPostfixContext):
            raise Unsupported("SET takes n.property = value on the embedded store")
        key = postfixes[0].property_().propertyKeyName().getText().strip("`")
        if key in PIECES:
            raise Unsupported(f"SET n.{key}: the embedded store keeps {key} in pieces that "
                              "kg build writes; change the source and run kg build")
        return f"{self.src(target)} = {self.emit(ctx.expression())}"

    def on_AddProp(self, ctx: Any) -> str:
        raise Unsupported("SET n += $map does not run on the embedded store: write "
                          "SET n.a = $map.a, n.b = $map.b")

    def on_SetProps(self, ctx: Any) -> str:
        raise Unsupported("SET n = $map does not run on the embedded store: set each "
                          "property, SET n.a = $map.a")

    def on_SetLabels(self, ctx: Any) -> str:
        raise Unsupported("a kg node has one label, fixed by the schema: labels cannot be set")

    on_SetLabelsIs = on_SetLabels

    def on_RemoveClause(self, ctx: Any) -> str:
        raise Unsupported("REMOVE does not run on the embedded store: SET n.prop = NULL")

    # -- patterns -------------------------------------------------------------------------
    def on_PatternElement(self, ctx: P.PatternElementContext) -> None:
        """Notes each single-hop relationship variable matched without a direction, with its
        end-node variables (naming anonymous ones where the statement calls startNode or
        endNode), for :meth:`ends` and the DISTINCT check in :meth:`on_ReturnItems`."""
        children = list(ctx.getChildren())
        seen = set(self.seen_nodes)
        for node in children:
            if isinstance(node, P.NodePatternContext) and node.variable() is not None:
                self.seen_nodes.add(node.variable().getText().strip("`"))
        for i, child in enumerate(children):
            if not isinstance(child, P.RelationshipPatternContext) or child.variable() is None:
                continue
            name = child.variable().getText().strip("`")
            self.undirected.pop(name, None)
            directed = (child.leftArrow() is None) != (child.rightArrow() is None)
            neighbours = children[i - 1: i + 2: 2] if i > 0 else []
            if (directed or child.pathLength() is not None or len(neighbours) != 2
                    or not all(isinstance(n, P.NodePatternContext) for n in neighbours)):
                continue  # a quantified path's neighbour is its quantifier
            ends: list[str | None] = []
            labels: list[tuple[str, ...]] = []
            same = True
            for node in neighbours:
                labels.append(() if node.labelExpression() is None else tuple(
                    self.label_names(node.labelExpression().labelExpression4(), "pattern")))
                if labels[-1]:
                    same = False
                if node.variable() is not None:
                    ends.append(node.variable().getText().strip("`"))
                    same = same and ends[-1] not in seen
                elif self.ends_used:
                    ends.append(self.node_names.setdefault(id(node), self.name("_kgn")))
                else:
                    ends.append(None)
            self.undirected[name] = Ends(ends[0], ends[1], False, same,
                                         (labels[0], labels[1]))

    def on_NodePattern(self, ctx: P.NodePatternContext) -> str | None:
        if ctx.WHERE() is not None:
            raise Unsupported("WHERE inside a node pattern does not run on the embedded "
                              "store: move it to the MATCH's WHERE")
        labels = ctx.labelExpression()
        generated = self.node_names.get(id(ctx))
        if labels is None and generated is None:
            return None
        variable = generated or self.emit(ctx.variable())
        names = [] if labels is None else self.label_names(labels.labelExpression4(), "pattern")
        parts = ["(", variable, "".join(":" + n for n in names)]
        if ctx.properties() is not None:
            parts.append(" " + self.emit(ctx.properties()))
        return "".join(parts) + ")"

    def label_names(self, ctx: P.LabelExpression4Context, where: str) -> list[str]:
        """The names of a disjunction ``A|B|C``; anything else is refused."""
        names = []
        for part in ctx.labelExpression3():
            inner = part.labelExpression2()
            if len(inner) != 1 or inner[0].EXCLAMATION_MARK():
                raise Unsupported("a kg node has exactly one label: write (n:A) or (n:A|B), "
                                  "and put other label tests in WHERE (NOT n:A)")
            atom = inner[0].labelExpression1()
            if isinstance(atom, P.ParenthesizedLabelExpressionContext):
                names += self.label_names(atom.labelExpression4(), where)
            elif isinstance(atom, P.LabelNameContext):
                names.append(atom.getText().strip("`"))
            else:
                raise Unsupported("only label names (A, A|B) run on the embedded store")
        return names

    def on_RelationshipPattern(self, ctx: P.RelationshipPatternContext) -> str:
        if ctx.WHERE() is not None:
            raise Unsupported("WHERE inside a relationship pattern does not run on the "
                              "embedded store: move it to the MATCH's WHERE")
        variable = self.emit(ctx.variable()) if ctx.variable() is not None else self.name("_kgr")
        length = ctx.pathLength()
        detail = variable
        if ctx.labelExpression() is not None:
            detail += ":" + "|".join(self.label_names(ctx.labelExpression().labelExpression4(),
                                                      "relationship"))
        if length is not None:
            detail += self.path_length(length)
            self.var_length += 1
        elif hasattr(self, "rel_names"):
            self.rel_names.append(variable)
        if ctx.properties() is not None:
            detail += " " + self.emit(ctx.properties())
        left = "<" if ctx.leftArrow() is not None else ""
        right = ">" if ctx.rightArrow() is not None else ""
        return f"{left}-[{detail}]-{right}"

    def path_length(self, ctx: P.PathLengthContext, mode: str = "TRAIL") -> str:
        if ctx.single is not None:
            low = high = ctx.single.text
        else:
            low = ctx.from_.text if getattr(ctx, "from_", None) is not None else "1"
            high = ctx.to.text if ctx.to is not None else None
            if ctx.DOTDOT() is None:
                high = None
        if high is None:
            raise Unsupported("give a variable-length relationship an upper bound, e.g. "
                              "[*1..5] (the embedded store stops at 30 hops)")
        return f"* {mode} {low}..{high}"

    def on_ShortestPathPattern(self, ctx: P.ShortestPathPatternContext) -> str:
        mode = "SHORTEST" if ctx.SHORTEST_PATH() is not None else "ALL SHORTEST"
        element = ctx.patternElement()
        rels = [c for c in element.getChildren() if isinstance(c, P.RelationshipPatternContext)]
        if len(rels) != 1 or rels[0].pathLength() is None:
            raise Unsupported("shortestPath takes one variable-length relationship, "
                              "e.g. shortestPath((a)-[*..5]-(b))")
        out = []
        for child in element.getChildren():
            if child is rels[0]:
                rel = child
                if rel.variable() is not None or rel.properties() is not None:
                    raise Unsupported("shortestPath's relationship cannot be named or have "
                                      "properties on the embedded store")
                detail = ""
                if rel.labelExpression() is not None:
                    detail = ":" + "|".join(self.label_names(
                        rel.labelExpression().labelExpression4(), "relationship"))
                detail += self.path_length(rel.pathLength(), mode)
                left = "<" if rel.leftArrow() is not None else ""
                right = ">" if rel.rightArrow() is not None else ""
                out.append(f"{left}-[{detail}]-{right}")
                self.var_length += 1
            else:
                out.append(self.emit(child))
        return "".join(out)

    def on_PatternComprehension(self, ctx: Any) -> str:
        raise Unsupported("pattern comprehensions do not run on the embedded store: use "
                          "OPTIONAL MATCH (m)-->(x) WITH m, collect(x.name) AS names")

    def on_CollectExpression(self, ctx: Any) -> str:
        raise Unsupported("COLLECT { } does not run on the embedded store: use OPTIONAL MATCH "
                          "... WITH m, collect(...)")

    def on_ExistsExpression(self, ctx: Any) -> str:
        return "EXISTS " + self._subquery(ctx)

    def on_CountExpression(self, ctx: Any) -> str:
        return "COUNT " + self._subquery(ctx)

    def _subquery(self, ctx: Any) -> str:
        if ctx.queryWithLocalDefinitions() is not None:
            clauses = [c for c in descendants(ctx.queryWithLocalDefinitions())
                       if isinstance(c, P.ClauseContext)]
            if len(clauses) != 1 or clauses[0].matchClause() is None:
                raise Unsupported("EXISTS { } and COUNT { } hold one MATCH ... WHERE ... on "
                                  "the embedded store")
            undirected = dict(self.undirected)
            text = "{ " + self.emit(clauses[0].matchClause()) + " }"
            self.undirected = undirected
            return text
        if ctx.matchMode() is not None:
            raise Unsupported("match modes do not run on the embedded store")
        saved = getattr(self, "rel_names", None), getattr(self, "var_length", 0)
        undirected = dict(self.undirected)  # the subquery's bindings stay inside it
        patterns, unique = self.pattern_list(ctx.patternList())
        self.rel_names, self.var_length = saved
        where = ctx.whereClause()
        conditions = unique + ([f"({self.emit(where.expression())})"] if where else [])
        self.undirected = undirected
        return ("{ MATCH " + patterns + (" WHERE " + " AND ".join(conditions)
                                         if conditions else "") + " }")

    def on_PatternExpression(self, ctx: Any) -> str:
        saved = getattr(self, "rel_names", None), getattr(self, "var_length", 0)
        self.rel_names, self.var_length = [], 0
        text = self.emit(ctx.pathPatternNonEmpty())
        names, var_length = self.rel_names, self.var_length
        self.rel_names, self.var_length = saved
        if var_length and len(names) > 0:
            raise Unsupported("this pattern predicate mixes variable-length and other "
                              "relationships: split it")
        unique = [f"id({a}) <> id({b})" for i, a in enumerate(names) for b in names[i + 1:]]
        return "EXISTS { MATCH " + text + (" WHERE " + " AND ".join(unique)
                                            if unique else "") + " }"

    # -- expressions ----------------------------------------------------------------------
    def on_Expression7(self, ctx: P.Expression7Context) -> str | None:
        comparison = ctx.comparisonExpression6()
        if isinstance(comparison, P.LabelComparisonContext):
            subject = self.emit(ctx.expression6())
            test = self.label_test(subject, comparison.labelExpression4())
            if comparison.NOT() is not None:
                return f"(NOT {test})"
            return test
        if isinstance(comparison, P.StringAndListComparisonContext) and comparison.IN():
            # Neo4j: null when not found and the list holds a null (or x is null);
            # LadybugDB's list_contains says false
            x, items = self.emit(ctx.expression6()), self.emit(comparison.expression6())
            return (f"(CASE WHEN ({x}) IS NULL OR ({items}) IS NULL THEN "
                    f"(CASE WHEN size({items}) = 0 THEN false END) "
                    f"WHEN list_contains({items}, {x}) THEN true "
                    f"WHEN size(list_filter({items}, _kgv -> _kgv IS NULL)) > 0 THEN NULL "
                    "ELSE false END)")
        if isinstance(comparison, P.TypeComparisonContext | P.NormalFormComparisonContext):
            raise Unsupported("type and normal-form predicates (IS :: TYPE, IS NORMALIZED) do "
                              "not run on the embedded store")
        return None

    def label_test(self, subject: str, ctx: P.LabelExpression4Context) -> str:
        """``subject:A|B&C...`` as a test on LadybugDB's ``label()``."""
        ors = []
        for part in ctx.labelExpression3():
            ands = []
            for item in part.labelExpression2():
                atom = item.labelExpression1()
                if isinstance(atom, P.ParenthesizedLabelExpressionContext):
                    test = self.label_test(subject, atom.labelExpression4())
                elif isinstance(atom, P.LabelNameContext):
                    test = f"label({subject}) = {string(atom.getText().strip('`'))}"
                elif isinstance(atom, P.AnyLabelContext):
                    test = f"({subject} IS NOT NULL)"
                else:
                    raise Unsupported("dynamic labels do not run on the embedded store")
                if len(item.EXCLAMATION_MARK()) % 2:
                    test = f"NOT {test}"
                ands.append(f"({test})")
            ors.append(" AND ".join(ands))
        return "(" + " OR ".join(ors) + ")"

    def on_Expression2(self, ctx: P.Expression2Context) -> str | None:
        postfixes = ctx.postFix()
        if not postfixes:
            return None
        end = self.end_call(ctx.expression1())
        if end is not None and isinstance(postfixes[0], P.PropertyPostfixContext):
            # startNode(r).key: the key of the chosen end (see ends())
            key = postfixes[0].property_().propertyKeyName().getText().strip("`")
            text = self.ends(end[0], end[1], key if key.isidentifier() else quote(key))
            if key in PIECES:
                text = f"list_to_string('', {text})"
            postfixes = postfixes[1:]
        else:
            text = self.emit(ctx.expression1())
        for postfix in postfixes:
            if isinstance(postfix, P.PropertyPostfixContext):
                key = postfix.property_().propertyKeyName().getText().strip("`")
                text = f"{text}.{quote(key)}" if not key.isidentifier() else f"{text}.{key}"
                if key in PIECES:
                    text = f"list_to_string('', {text})"
            elif isinstance(postfix, P.IndexPostfixContext):
                text = self.index(text, postfix.expression())
            else:
                text = self.slice(text, postfix.fromExp, postfix.toExp)
        return text

    def index(self, subject: str, ctx: Any) -> str:
        """Neo4j's ``subject[i]``: 0-based, negative from the end, null out of range (a null
        position makes LadybugDB's 1-based ``list_extract`` null too)."""
        literal = _integer(self.src(ctx))
        if literal is None and isinstance(_only_literal(ctx), P.StringsLiteralContext):
            raise Unsupported("n['key'] does not run on the embedded store: write n.key")
        size = f"size({subject})"
        if literal is not None and literal >= 0:
            position = f"CASE WHEN {size} > {literal} THEN {literal + 1} END"
        elif literal is not None:
            position = f"CASE WHEN {size} >= {-literal} THEN {size} - {-literal - 1} END"
        else:
            i = f"({self.emit(ctx)})"
            position = (f"CASE WHEN {i} >= 0 AND {i} < {size} THEN {i} + 1 "
                        f"WHEN {i} < 0 AND -{i} <= {size} THEN {size} + {i} + 1 END")
        return f"list_extract({subject}, {position})"

    def slice(self, subject: str, start: Any, end: Any) -> str:
        size = f"size({subject})"

        def bound(ctx: Any, default: str) -> str:
            if ctx is None:
                return default
            literal = _integer(self.src(ctx))
            if literal is not None and literal >= 0:
                return f"(CASE WHEN {literal} > {size} THEN {size} ELSE {literal} END)"
            value = self.emit(ctx)
            return (f"(CASE WHEN ({value}) < 0 THEN (CASE WHEN {size} + ({value}) < 0 THEN 0 "
                    f"ELSE {size} + ({value}) END) WHEN ({value}) > {size} THEN {size} "
                    f"ELSE ({value}) END)")
        low, high = bound(start, "0"), bound(end, size)
        return (f"(CASE WHEN {subject} IS NULL THEN NULL WHEN {high} <= {low} "
                f"THEN list_slice({subject}, 1, 0) "
                f"ELSE list_slice({subject}, {low} + 1, {high}) END)")

    def on_ListComprehension(self, ctx: P.ListComprehensionContext) -> str:
        variable = self.emit(ctx.variable())
        source = self.emit(ctx.expression(0))
        text = source
        if ctx.whereExp is not None:
            text = f"list_filter({text}, {variable} -> {self.emit(ctx.whereExp)})"
        if ctx.barExp is not None:
            text = f"list_transform({text}, {variable} -> {self.emit(ctx.barExp)})"
        return text

    def on_ListItemsPredicate(self, ctx: P.ListItemsPredicateContext) -> str:
        if ctx.whereExp is None:
            raise Unsupported("all/any/none/single need a WHERE on the embedded store")
        return None  # type: ignore[return-value]

    def on_MapProjection(self, ctx: P.MapProjectionContext) -> str:
        subject = self.emit(ctx.variable())
        entries = []
        for element in ctx.mapProjectionElement():
            if element.DOT() is not None and element.TIMES() is not None:
                raise Unsupported("m {.*} does not run on the embedded store: list the "
                                  "properties, m {.name, .key}")
            if element.property_() is not None:
                key = element.property_().propertyKeyName().getText().strip("`")
                value = f"{subject}.{key}"
                if key in PIECES:
                    value = f"list_to_string('', {value})"
                entries.append(f"{quote(key)}: {value}")
            elif element.variable() is not None:
                name = self.emit(element.variable())
                entries.append(f"{quote(element.variable().getText().strip('`'))}: {name}")
            else:
                key = element.propertyKeyName().getText().strip("`")
                entries.append(f"{quote(key)}: {self.emit(element.expression())}")
        if not entries:
            raise Unsupported("an empty map projection does not run on the embedded store")
        return f"(CASE WHEN {subject} IS NULL THEN NULL ELSE {{{', '.join(entries)}}} END)"

    def on_ReduceExpression(self, ctx: Any) -> str:
        """``reduce(acc = init, x IN list | expr)`` -> LadybugDB's ``list_reduce`` over the
        list with ``init`` in front (both need one element type, else LadybugDB refuses)."""
        accumulator, variable = (self.emit(v) for v in ctx.variable())
        init, items, step = (self.emit(e) for e in ctx.expression())
        return (f"list_reduce(list_concat([{init}], {items}), "
                f"({accumulator}, {variable}) -> {step})")

    def on_ExtendedCaseExpression(self, ctx: Any) -> str | None:
        for alternative in ctx.extendedCaseAlternative():
            for when in alternative.extendedWhen():
                if not isinstance(when, P.WhenEqualsContext):
                    raise Unsupported("CASE x WHEN > 1 ... does not run on the embedded "
                                      "store: write CASE WHEN x > 1 ...")
        return None

    def on_Expression8(self, ctx: P.Expression8Context) -> str | None:
        if ctx.INVALID_NEQ():
            raise Unsupported("write <> for 'not equal'")
        sides = ctx.expression7()
        if len(sides) == 2 and len(ctx.EQ()) + len(ctx.NEQ()) == 1:
            ends = [self.end_call(side) for side in sides]
            if any(ends):
                # startNode(r) = n: the stored end's id against n's
                left, right = (f"struct_extract({_name(e[0])}, '{e[2]}')" if e is not None
                               else f"id({self.emit(side)})"
                               for e, side in zip(ends, sides, strict=True))
                return f"({left} {'=' if ctx.EQ() else '<>'} {right})"
        return None

    def on_Expression6(self, ctx: P.Expression6Context) -> str | None:
        if ctx.DOUBLEBAR():
            raise Unsupported("|| does not run on the embedded store: use + to join strings "
                              "or lists")
        return None

    def on_Literal(self, ctx: Any) -> str | None:
        if isinstance(ctx, P.KeywordLiteralContext) and ctx.NULL() is None:
            raise Unsupported("Infinity and NaN do not run on the embedded store")
        return None

    def on_NumericLiteral(self, ctx: Any) -> str | None:
        text = self.src(ctx).lower().lstrip("-")
        if text.startswith(("0x", "0o")) or (len(text) > 1 and text[0] == "0" and
                                             text.isdigit()):
            raise Unsupported("hexadecimal and octal numbers do not run on the embedded "
                              "store: write the decimal number")
        return None

    def on_InterpolatedStringLiteral(self, ctx: Any) -> str:
        raise Unsupported("string interpolation does not run on the embedded store")

    def on_TrimFunction(self, ctx: P.TrimFunctionContext) -> str:
        if ctx.FROM() is not None:
            raise Unsupported("trim(BOTH 'x' FROM s) does not run on the embedded store: use "
                              "trim(s)")
        return f"trim({self.emit(ctx.trimSource)})"

    def on_NormalizeFunction(self, ctx: Any) -> str:
        raise Unsupported("normalize() does not run on the embedded store")

    def on_FunctionInvocation(self, ctx: P.FunctionInvocationContext) -> str:
        name = ctx.functionName().getText()
        key = name.lower()
        if key in ("labels", "elementid") and len(ctx.functionArgument()) == 1 and \
                (end := self.end_call(ctx.functionArgument()[0].expression())) is not None:
            variable, _, field = end
            ends = self.undirected[variable]
            if key == "elementid":
                return f"cast(struct_extract({_name(variable)}, '{field}') AS STRING)"
            r, a, b = _name(variable), _name(ends.a), _name(ends.b)
            return (f"(CASE WHEN struct_extract({r}, '{field}') = id({a}) THEN [label({a})] "
                    f"WHEN struct_extract({r}, '{field}') = id({b}) THEN [label({b})] END)")
        args = [self.emit(a.expression()) for a in ctx.functionArgument()]
        raw = [a.expression() for a in ctx.functionArgument()]
        distinct = "DISTINCT " if ctx.DISTINCT() is not None else ""
        if key in ("startnode", "endnode") and len(raw) == 1 and \
                self.src(raw[0]).strip("`") in self.undirected:
            return self.ends(self.src(raw[0]).strip("`"), key.removesuffix("node"))
        if key == "elementid":
            return f"cast(id({args[0]}) AS STRING)"
        if key == "labels":
            return f"(CASE WHEN {args[0]} IS NULL THEN NULL ELSE [label({args[0]})] END)"
        if key == "split":
            if len(args) != 2:
                raise Unsupported("split() takes a string and a delimiter")
            if self.src(raw[1]) in ("''", '""'):
                return f"string_split({args[0]}, '')"
            # LadybugDB drops some empty pieces ('a,,b' -> a, b): a marker before every
            # piece keeps them all, and is taken off again
            return (f"list_transform(string_split({string(SPLIT_MARK)} + "
                    f"replace({args[0]}, {args[1]}, {args[1]} + {string(SPLIT_MARK)}), "
                    f"{args[1]}), _kgp -> replace(_kgp, {string(SPLIT_MARK)}, ''))")
        if key == "toupper" or key == "upper":
            text = args[0]
            for special, upper in UPPER_SPECIAL.items():
                text = f"replace({text}, {string(special)}, {string(upper)})"
            return f"upper({text})"
        if key == "round":
            if len(args) != 1:
                raise Unsupported("round(x, precision) does not run on the embedded store: "
                                  "use floor(x * 100 + 0.5) / 100")
            return f"floor(({args[0]}) + 0.5)"
        if key == "type":
            return f"label({args[0]})"
        if key == "substring":
            if len(args) == 2:
                return f"substring({args[0]}, ({args[1]}) + 1, size({args[0]}))"
            return f"substring({args[0]}, ({args[1]}) + 1, {args[2]})"
        if key == "head":
            return f"list_extract({args[0]}, CASE WHEN size({args[0]}) > 0 THEN 1 END)"
        if key == "last":
            return (f"list_extract({args[0]}, CASE WHEN size({args[0]}) > 0 "
                    f"THEN size({args[0]}) END)")
        if key == "tail":
            return f"list_slice({args[0]}, 2, size({args[0]}))"
        if key == "tostring":
            kinds = self.kinds(raw[0])
            if kinds and kinds <= {"int", "string"}:
                return f"cast({args[0]} AS STRING)"
            raise Unsupported("toString() runs on the embedded store for integers and "
                              "strings only (floats and booleans print differently)")
        if key == "tointeger":
            kinds = self.kinds(raw[0])
            if kinds == {"int"}:
                return args[0]
            if kinds == {"string"}:
                return f"cast({args[0]} AS INT64)"
            raise Unsupported("toInteger() runs on the embedded store for strings and "
                              "integers only: use floor(x) for a float")
        if key in ("pi", "e") and not args:
            return {"pi": "pi()", "e": "2.718281828459045"}[key]
        if key in SAME:
            return f"{SAME[key]}({distinct}{', '.join(args)})"
        if key in INSTEAD:
            raise Unsupported(f"{name}() does not run on the embedded store: use "
                              f"{INSTEAD[key]}")
        raise Unsupported(f"{name}() does not run on the embedded store")

    def kinds(self, ctx: Any) -> set[str]:
        """What kinds of value an expression can have, where the parse tree tells
        (literals, schema properties, string functions), else the empty set."""
        literal = _only_literal(ctx)
        if isinstance(literal, P.StringsLiteralContext):
            return {"string"}
        if isinstance(literal, P.NumericLiteralContext):
            return {"int"} if _integer(self.src(ctx)) is not None else {"float"}
        chain = [c for c in descendants(ctx) if isinstance(c, P.Expression2Context)]
        if chain and self.src(chain[0]) == self.src(ctx):
            postfixes = chain[0].postFix()
            if postfixes and isinstance(postfixes[-1], P.PropertyPostfixContext):
                key = postfixes[-1].property_().propertyKeyName().getText().strip("`")
                kinds = _PROPERTY_TYPES.get(key, set())
                return {"string" if k in ("string", "pieces") else k for k in kinds}
            function = chain[0].expression1().functionInvocation()
            if not postfixes and function is not None:
                fname = function.functionName().getText().lower()
                if fname in ("toupper", "tolower", "trim", "ltrim", "rtrim", "replace",
                             "substring", "left", "right", "type", "tostring"):
                    return {"string"}
                if fname in ("size", "length", "count"):
                    return {"int"}
        return set()


def translate(parsed: Parsed) -> Translation:
    """``parsed`` in LadybugDB's dialect; :class:`Unsupported` names what to write instead."""
    translator = Translator(parsed)
    text = translator.emit(parsed.tree)
    return Translation(text, columns(parsed), translator.needs, translator.fulltext,
                       explain=parsed.prefix == "EXPLAIN")


def columns(parsed: Parsed) -> list[str] | None:
    """The headers Neo4j prints for the statement's final RETURN (None: from the engine)."""
    returns = [c for c in descendants(parsed.tree) if isinstance(c, P.ReturnClauseContext)]
    if not returns:
        return None
    items = returns[-1].returnBody().returnItems()
    if items.TIMES() is not None:
        return None
    return [item.variable().getText().strip("`") if item.variable() is not None
            else parsed.source(item.expression()) for item in items.returnItem()]


def _span(ctx: Any) -> tuple[int | None, int | None]:
    if isinstance(ctx, TerminalNodeImpl):
        token = ctx.getSymbol()
        if token.type == -1:  # EOF
            return None, None
        return token.start, token.stop
    if ctx.stop is None or ctx.stop.tokenIndex < ctx.start.tokenIndex:
        return None, None
    return ctx.start.start, ctx.stop.stop


class Ends(NamedTuple):
    """A relationship variable matched without a direction: its pattern's end-node
    variables ``a`` and ``b`` (or, ``fixed``, variables holding its true start and end nodes;
    None where a WITH could not carry them), and whether a CASE may choose between the two
    nodes (``same``: both unlabeled and bound by the pattern, so of one node type)."""

    a: str | None
    b: str | None
    fixed: bool
    same: bool
    #: The labels each end's node pattern names (none: any).
    labels: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


def _name(variable: str) -> str:
    """A variable's name as an identifier in LadybugDB's text."""
    return variable if variable.isidentifier() else quote(variable)


def _integer(text: str) -> int | None:
    text = text.strip()
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isdigit() else None


def _only_literal(ctx: Any) -> Any:
    """The literal ``ctx`` consists of, if it is one."""
    for node in descendants(ctx):
        if isinstance(node, P.LiteralContext) and _span(node) == _span(ctx):
            return node
    return None


def _unquote(literal: str) -> str:
    """A Cypher string literal's text as a JSON string literal."""
    body = literal[1:-1]
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"'": "'", '"': '\\"', "\\": "\\\\", "n": "\\n", "t": "\\t",
                        "r": "\\r", "b": "\\b", "f": "\\f"}.get(nxt, nxt))
            i += 2
            continue
        out.append('\\"' if ch == '"' else ch)
        i += 1
    return '"' + "".join(out) + '"'
