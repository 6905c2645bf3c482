"""Neo4j Cypher text -> a parse tree, with Neo4j's own grammar (Cypher 25, generated into
kg.query.grammar by scripts/generate_cypher_parser.sh).

A syntax error is one line naming the line and column. ``EXPLAIN`` and ``PROFILE`` prefixes,
which Neo4j's pre-parser strips before its grammar sees the statement, are recognised here on
the token stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from antlr4 import CommonTokenStream, InputStream, ParserRuleContext, Token
from antlr4.error.ErrorListener import ErrorListener

from kg.query.errors import CypherError
from kg.query.grammar.Cypher25Lexer import Cypher25Lexer
from kg.query.grammar.Cypher25Parser import Cypher25Parser

P = Cypher25Parser
#: Words Neo4j's pre-parser takes off the front of a statement.
PREFIXES = ("EXPLAIN", "PROFILE")
#: First words of LadybugDB statements that are not Neo4j Cypher (named in the refusal).
NOT_NEO4J = frozenset({"COPY", "INSTALL", "CHECKPOINT", "ATTACH", "EXPORT", "IMPORT",
                       "UNINSTALL", "BEGIN", "COMMIT", "ROLLBACK"})


class _Raise(ErrorListener):
    def syntaxError(self, recognizer: Any, offendingSymbol: Any, line: int, column: int,
                    msg: str, e: Any) -> None:
        head, _, expected = msg.partition(" expecting {")
        if expected.count(",") >= 6:  # a long list of every keyword that could follow
            msg = head
        word = getattr(offendingSymbol, "text", "") or ""
        if line == 1 and column == 0 and word.upper() in NOT_NEO4J:
            raise CypherError(f"{word.upper()} is not Neo4j Cypher: kg query runs Neo4j "
                              "Cypher queries; file access, extensions and maintenance "
                              "commands are refused")
        raise CypherError(f"Cypher syntax error at line {line}, column {column + 1}: {msg}")


@dataclass
class Parsed:
    """A parsed statement: its tree, the text it came from, and the prefix it had."""

    text: str
    tree: P.StatementContext
    prefix: str | None = None  # EXPLAIN or PROFILE

    def source(self, ctx: ParserRuleContext) -> str:
        """The text ``ctx`` was parsed from, exactly as written."""
        return self.text[ctx.start.start:ctx.stop.stop + 1]


def parse(text: str) -> Parsed:
    """Parse one Neo4j Cypher statement (a trailing ``;`` is allowed)."""
    return _parse(text)


@lru_cache(maxsize=64)
def _parse(text: str) -> Parsed:
    prefix, body_start = _prefix(text)
    lexer = Cypher25Lexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(_Raise())
    tokens = CommonTokenStream(lexer)
    if body_start:
        tokens.fill()
        # the prefix word is hidden from the parser, as Neo4j's pre-parser does
        for token in tokens.tokens:
            if token.stop < body_start and token.type != Token.EOF:
                token.channel = Token.HIDDEN_CHANNEL
        tokens.seek(0)
    parser = Cypher25Parser(tokens)
    parser.removeErrorListeners()
    parser.addErrorListener(_Raise())
    statements = parser.statements()
    found = statements.statement()
    if len(found) != 1:
        raise CypherError(f"one statement at a time, please: found {len(found)} "
                          "separated by ';'")
    return Parsed(text, found[0], prefix)


def _prefix(text: str) -> tuple[str | None, int]:
    """The EXPLAIN/PROFILE word at the start of ``text`` and where the statement after it
    starts (read from the lexer's first token)."""
    lexer = Cypher25Lexer(InputStream(text))
    lexer.removeErrorListeners()
    token = lexer.nextToken()
    while token.type != Token.EOF and token.channel != Token.DEFAULT_CHANNEL:
        token = lexer.nextToken()
    if token.type != Token.EOF and token.text.upper() in PREFIXES:
        return token.text.upper(), token.stop + 1
    return None, 0


def descendants(ctx: Any) -> list[Any]:
    """Every rule context under ``ctx`` (``ctx`` included), depth first."""
    found, stack = [], [ctx]
    while stack:
        node = stack.pop()
        if isinstance(node, ParserRuleContext):
            found.append(node)
            stack.extend(reversed(node.children or []))
    return found
