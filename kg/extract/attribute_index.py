"""A faster matcher for the base model's ``attribute_ruler``, with exactly its results.

``en_core_web_sm``'s attribute ruler maps tags to POS and morphology and patches a few words;
its patterns are one or two tokens that test LOWER, TAG, DEP or IS_SPACE (equality, IN,
NOT_IN, REGEX). spaCy's general ``Matcher`` tries them all at every token, a noticeable share
of kg's extraction time. An :class:`AttributeIndex` matches by a lookup instead:
patterns are indexed by an equality test of their first token, so each token is checked only
against the patterns that can start there, and what starts at a token is remembered by its
values. The matches, and so the annotations, are the ones the ``Matcher`` finds
(``tests/test_extract.py`` compares them). A ruler with a pattern the index cannot test
(operators such as ``OP``, other predicates or attributes) keeps its ``Matcher``.

The registered factory ``kg_attribute_ruler`` makes an :class:`IndexedAttributeRuler`, the
attribute ruler that matches this way; kg.extract.pipeline loads the base model with it in
place of ``attribute_ruler`` (a config override, so the loaded pipeline says what it runs).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

#: The attributes a pattern may test for the index to take it over, in the order in which a
#: first token's tests are preferred as its index key (most selective first).
_PREFERENCE = {name: rank for rank, name in enumerate(("ORTH", "LOWER", "NORM", "LEMMA", "TAG",
                                                       "DEP", "POS", "IS_SPACE", "IS_PUNCT"))}

#: A test of one token: (column in the doc array, operator, operand).
Test = tuple[int, str, Any]
Match = tuple[int, int, int, int]  # (pattern index, match id, start, end)
Compiled = tuple[int, int, list[list[Test]]]  # (pattern index, match id, tests per token)
Starting = tuple[list[tuple[int, int]], list[Compiled]]
#: Distinct token values whose starting patterns are remembered (then the memory starts over).
CACHE_SIZE = 200_000


class AttributeIndex:
    """The ruler's patterns indexed by a test on their first token (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        specs: list[tuple[int, int, list[dict[str, Any]]]] = []
        for i in range(len(ruler.attrs)):
            key = str(i)
            for pattern in ruler.matcher.get(key)[1]:
                for tokens in _alternatives(pattern):
                    specs.append((i, self.strings[key], tokens))
        used = {name for _, _, tokens in specs for spec in tokens for name in spec}
        self.columns = sorted(used, key=_PREFERENCE.__getitem__)
        self._attr_ids = [IDS[name] for name in self.columns]
        self._by_test: dict[tuple[int, int], list[Compiled]] = defaultdict(list)
        self._unindexed: list[Compiled] = []
        for i, match_id, tokens in specs:
            tests = [[self._test(name, value) for name, value in spec.items()] for spec in tokens]
            equal = [(c, v) for c, op, v in tests[0] if op == "=="]
            if equal:
                self._by_test[min(equal)].append((i, match_id, tests))
            else:
                self._unindexed.append((i, match_id, tests))
        self._first_columns = sorted({c for c, _ in self._by_test})
        self._starting: dict[tuple[int, ...], Starting] = {}

    def _test(self, name: str, value: Any) -> Test:
        column = self.columns.index(name)
        if isinstance(value, dict):
            (op, operand), = value.items()
            if op == "REGEX":
                return column, op, re.compile(operand)
            return column, op, frozenset(_value(self.strings, v) for v in operand)
        return column, "==", _value(self.strings, value)

    def match(self, doc: Doc) -> list[Match]:
        """What ``ruler.match(doc)`` returns, in the same order."""
        if not len(doc):
            return []
        array = doc.to_array(self._attr_ids).astype(numpy.uint64, copy=False)
        rows = [tuple(row) for row in array.reshape(len(doc), -1).tolist()]
        matches: set[Match] = set()
        starting, strings = self._starting, doc.vocab.strings
        for start, row in enumerate(rows):
            found = starting.get(row)
            if found is None:
                found = self._starting_at(row, strings)
            singles, longer = found
            for i, match_id in singles:
                matches.add((i, match_id, start, start + 1))
            for i, match_id, rest in longer:
                end = start + 1 + len(rest)
                if end <= len(rows) and all(self._passes(rows[start + 1 + k], tests, strings)
                                            for k, tests in enumerate(rest)):
                    matches.add((i, match_id, start, end))
        return sorted(matches)

    def _starting_at(self, row: tuple[int, ...], strings: StringStore) -> Starting:
        """The patterns whose first token passes on a token with these attribute values, split
        into one-token matches and longer patterns with their remaining tests (cached: a
        token's values decide this, and most tokens repeat)."""
        candidates = [p for c in self._first_columns for p in self._by_test.get((c, row[c]), ())]
        singles, longer = [], []
        for i, match_id, tests in candidates + self._unindexed:
            if self._passes(row, tests[0], strings):
                if len(tests) == 1:
                    singles.append((i, match_id))
                else:
                    longer.append((i, match_id, tests[1:]))
        if len(self._starting) >= CACHE_SIZE:
            self._starting.clear()
        self._starting[row] = (singles, longer)
        return singles, longer

    @staticmethod
    def _passes(row: tuple[int, ...], tests: list[Test], strings: StringStore) -> bool:
        for column, op, operand in tests:
            value = row[column]
            if op == "==":
                if value != operand:
                    return False
            elif op == "IN":
                if value not in operand:
                    return False
            elif op == "NOT_IN":
                if value in operand:
                    return False
            elif not operand.search(strings[value]):
                return False
        return True


@Language.factory("kg_attribute_ruler",
                  default_config={"validate": False,
                                  "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
                  assigns=["token.tag", "token.pos", "token.morph", "token.lemma"])
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool,
                                 scorer: Any) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` matching through an :class:`AttributeIndex` (built on first
    use, again after patterns change), or through its ``Matcher`` when the index cannot test
    one of its patterns. Its annotations are the ``AttributeRuler``'s."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._index: AttributeIndex | bool | None = None
        super().__init__(*args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> None:
        super().add(*args, **kwargs)
        self._index = None

    def clear(self) -> None:
        super().clear()
        self._index = None

    def match(self, doc: Doc) -> list[Match]:
        if self._index is None:
            try:
                self._index = AttributeIndex(self)
            except ValueError:
                self._index = False
        if self._index is False:
            return super().match(doc)
        return self._index.match(doc)


def _alternatives(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The pattern with its names upper-cased and any ``IN`` test on an indexable attribute
    of the first token spelled out as alternatives (so that each can be indexed); ValueError
    for what the index cannot test (operators, other predicates, other attributes)."""
    if not pattern:
        raise ValueError("empty pattern")
    tokens = [{name.upper(): value for name, value in spec.items()} for spec in pattern]
    for spec in tokens:
        for name, value in spec.items():
            if name not in _PREFERENCE or not _testable(value):
                raise ValueError(f"pattern {pattern!r} tests what the index cannot")
    choices: list[dict[str, Any]] = [{}]
    for name, value in tokens[0].items():
        values = value["IN"] if isinstance(value, dict) and "IN" in value else [value]
        choices = [{**choice, name: v} for choice in choices for v in values]
    return [[first, *tokens[1:]] for first in choices]


def _testable(value: Any) -> bool:
    if isinstance(value, dict):
        if len(value) != 1:
            return False
        (op, operand), = value.items()
        if op == "REGEX":
            return isinstance(operand, str)
        return op in ("IN", "NOT_IN") and all(isinstance(v, str | bool | int) for v in operand)
    return isinstance(value, str | bool | int)


def _value(strings: Any, value: str | bool | int) -> int:
    if isinstance(value, bool | int):
        return int(value)
    return int(strings.add(value))
