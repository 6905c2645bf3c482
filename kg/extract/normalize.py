"""Text normalization before extraction, with every character traceable to the original text.

Abstracts carry debris that must not end up in names: LaTeX (``$g:\\mathbb{R}^q\\to$``,
``\\textit{stable perplexity}``, ``30\\%``) and words split at a line break ("meth- ods").
:func:`normalize` rewrites those and keeps, for each character of the new text, its offset in
the original; :func:`restore` maps a record extracted from the new text back onto the original,
drops mentions that cover math, and cuts mentions at the title's end (title and abstract are
separate text: no span crosses them). Pure functions, no spaCy.

>>> n = normalize("We fit \\\\textit{meth- ods} in $O(n^2)$ time")
>>> n.text
'We fit methods in x time'
>>> n.original(7, 14)
(15, 24)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.graph import TEXT_SEPARATOR, Mention, PaperRecord, RelationMention

#: What a math formula becomes: one short word no rule takes for a term.
MATH = "x"
#: LaTeX commands that only format their argument ("\\textit{X}" -> "X").
_FORMAT = {"textit", "textbf", "emph", "texttt", "textrm", "textsc", "mathrm", "text", "it",
           "em", "bf", "sc", "tt", "rm", "underline"}
#: Escaped characters and the character they stand for.
_ESCAPES = {"%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}"}
_MATH_SPAN = re.compile(r"\$\$?[^$\n]{1,300}?\$\$?|\\\((?:(?!\\\)).){1,300}\\\)"
                        r"|\\\[(?:(?!\\\]).){1,300}\\\]")
_COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
_GROUP = re.compile(r"\{\\([A-Za-z]+)\s+")  # {\it text}
#: Commands that are math on their own (Greek letters, operators): "{\\Psi}", "2.4\\times".
_MATH_WORDS = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
    "upsilon", "phi", "varphi", "chi", "psi", "omega", "times", "to", "cdot", "le", "leq", "ge",
    "geq", "approx", "sim", "in", "infty", "sum", "prod", "int", "log", "exp", "sqrt", "frac",
    "mathbb", "mathcal", "mathbf", "boldsymbol", "rightarrow", "leftarrow", "mid",
    "partial", "nabla", "ell", "ldots", "cdots", "dots", "pm", "mp", "neq", "propto", "top",
    "hat", "tilde", "bar", "vec", "operatorname", "min", "max", "arg", "sup", "inf", "lim",
}
#: A word broken at a line end: "meth- ods", "repre-\nsentation" (not "pre- and post-").
_BROKEN_WORD = re.compile(r"(?<=[a-z]{2})-[ \t]*\n?[ \t]*(?=([a-z]{2,}))")
_SUSPENDED = {"and", "or", "to", "nor", "vs", "versus", "as", "than", "but", "then"}
#: A run of characters that :func:`normalize` keeps as they are, whatever follows: none of
#: the characters its rules start at.
_PLAIN = re.compile(r"[^$\\{}\n-]+")


@dataclass(frozen=True)
class Normalized:
    """A normalized text, the original offset of each of its characters (plus one past the
    end) and the character ranges of the new text that stand for math."""

    text: str
    offsets: tuple[int, ...]
    math: tuple[tuple[int, int], ...] = ()

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original range of the new text's ``[start, end)``."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def covers_math(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.math)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets: list[int] = []
        self.math: list[tuple[int, int]] = []
        self.length = 0

    def keep(self, text: str, at: int) -> None:
        self.parts.append(text)
        self.offsets.extend(range(at, at + len(text)))
        self.length += len(text)

    def put(self, text: str, start: int, end: int, math: bool = False) -> None:
        """``text`` stands for the original ``[start, end)``."""
        if math:
            self.math.append((self.length, self.length + len(text)))
        self.parts.append(text)
        self.offsets.extend(min(start + i, end - 1) for i in range(len(text)))
        self.length += len(text)


def normalize(text: str) -> Normalized:
    """``text`` with LaTeX math made one placeholder word (:data:`MATH`), formatting commands
    and escapes undone, and line-broken words joined; see the module docstring."""
    out = _Builder()
    closing: set[int] = set()  # closing braces of formatting commands, dropped
    i = 0
    n = len(text)
    while i < n:
        plain = _PLAIN.match(text, i)
        if plain:
            out.keep(plain.group(), i)
            i = plain.end()
            continue
        char = text[i]
        if i in closing:
            i += 1
            continue
        if char == "$" or (char == "\\" and text[i + 1 : i + 2] in {"(", "["}):
            match = _MATH_SPAN.match(text, i)
            if match:
                out.put(MATH, match.start(), match.end(), math=True)
                i = match.end()
                continue
        if char == "{" and text[i + 1 : i + 2] == "\\":
            match = _GROUP.match(text, i)
            close = _closing(text, i)
            if match and match.group(1) in _FORMAT and close is not None:
                closing.add(close)
                i = match.end()
                continue
            math = re.match(r"\{\\[A-Za-z]+\}", text[i:])
            if math and math.group()[2:-1].lower() in _MATH_WORDS:
                out.put(MATH, i, i + math.end(), math=True)
                i += math.end()
                continue
        if char == "\\":
            following = text[i + 1 : i + 2]
            if following in _ESCAPES:
                out.put(_ESCAPES[following], i, i + 2)
                i += 2
                continue
            match = _COMMAND.match(text, i)
            if match:
                name = match.group(1)
                after = i + 1 + len(name)
                close = _closing(text, after) if text[after : after + 1] == "{" else None
                if name in _FORMAT and close is not None:
                    closing.add(close)
                    i = after + 1
                    continue
                if name.lower() in _MATH_WORDS:
                    end = after if close is None else close + 1
                    out.put(MATH, i, end, math=True)
                    i = end
                    continue
                out.keep(name, i + 1)  # a macro standing for a name: "\\hiformer" -> "hiformer"
                i += 1 + len(name)
                continue
        if char == "-":
            match = _BROKEN_WORD.match(text, i)
            if (match and match.end() > i + 1 and match.group(1).lower() not in _SUSPENDED
                    and TEXT_SEPARATOR not in match.group()):
                i = match.end()  # drop the hyphen and the break; the next word follows
                continue
        if char == "\n" and text[i + 1 : i + 2] != "\n" and text[i - 1 : i] != "\n":
            out.put(" ", i, i + 1)  # a line break inside a paragraph is a space
            i += 1
            continue
        out.keep(char, i)
        i += 1
    out.offsets.append(n)
    return Normalized("".join(out.parts), tuple(out.offsets), tuple(out.math))


def _closing(text: str, opening: int) -> int | None:
    """The index of the brace that closes the one at ``opening`` (within 300 characters)."""
    depth = 0
    for i in range(opening, min(len(text), opening + 300)):
        if text[i] == "{" and text[i - 1 : i] != "\\":
            depth += 1
        elif text[i] == "}" and text[i - 1 : i] != "\\":
            depth -= 1
            if depth == 0:
                return i
    return None


def restore(record: PaperRecord, normalized: Normalized) -> PaperRecord:
    """A record extracted from ``normalized.text`` with its offsets mapped back onto the paper's
    own text. Mention texts stay normalized (they name things); mentions over math go, and a
    mention that crosses the end of the title is cut to its longer side. Relations follow
    their mentions."""
    boundary = len(record.paper.title)
    kept: dict[int, int] = {}
    mentions: list[Mention] = []
    for index, mention in enumerate(record.mentions):
        if normalized.covers_math(mention.start, mention.end):
            continue
        start, end = normalized.original(mention.start, mention.end)
        sent_start, sent_end = normalized.original(mention.sent_start, mention.sent_end)
        text = mention.text
        if start < boundary < end:
            cut = text.find(TEXT_SEPARATOR)
            if cut < 0:
                continue
            title_side, abstract_side = text[:cut].rstrip(), text[cut:].lstrip()
            if len(title_side) >= len(abstract_side):
                text, end = title_side, start + len(title_side)
                sent_start, sent_end = 0, boundary
            else:
                start = end - len(abstract_side)
                text, sent_start = abstract_side, boundary + len(TEXT_SEPARATOR)
            if not text:
                continue
        kept[index] = len(mentions)
        mentions.append(replace(mention, text=text, start=start, end=end,
                                sent_start=sent_start, sent_end=max(sent_end, end)))
    relations: list[RelationMention] = []
    for relation in record.relations:
        ends = [relation.tail] + ([relation.head] if relation.head is not None else [])
        if any(i not in kept for i in ends):
            continue
        sent_start, sent_end = normalized.original(relation.sent_start, relation.sent_end)
        relations.append(replace(
            relation, tail=kept[relation.tail],
            head=None if relation.head is None else kept[relation.head],
            sent_start=sent_start, sent_end=sent_end))
    return replace(record, mentions=mentions, relations=relations)
