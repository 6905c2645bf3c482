"""Candidate terms: trimmed noun chunks, acronym definitions and named artefacts in titles.

Two registered spaCy components:

- ``kg_title_boundary`` (before the parser): the title, up to the blank line that separates it
  from the abstract, is one sentence.
- ``kg_candidates`` (after the parser): writes ``doc.spans["kg_candidates"]``; each span's
  ``_.kg_source`` says which rule found it and ``_.kg_hint`` may carry a label the rule implies
  ("the Hiformer model" -> "Hiformer", hint Method).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.canon import is_acronym, singular
from kg.extract.acronyms import find_long_form, looks_like_short_form
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.graph import TEXT_SEPARATOR

CANDIDATES = "kg_candidates"
#: Where :func:`doc_text` keeps a doc's text in ``doc.user_data``.
_TEXT_KEY = "kg_text"

Doc.set_extension("kg_title_end", default=0, force=True)  # first token after the title
#: (start, end) of the named artefact a title introduces
Doc.set_extension("kg_artefact", default=None, force=True)
#: acronym definitions: [(long_start, long_end, short_start, short_end)]
Doc.set_extension("kg_acronyms", default=None, force=True)
Span.set_extension("kg_source", default="noun_chunk", force=True)
Span.set_extension("kg_hint", default=None, force=True)
Span.set_extension("kg_long", default=None, force=True)  # acronym use: its long form text
Span.set_extension("kg_short", default=None, force=True)  # defined long form: its acronym text

_LEAD_POS = {"DET", "PRON", "PUNCT", "CCONJ", "SCONJ", "ADP", "PART", "SYM", "AUX", "INTJ", "X"}
_TAIL_POS = {"PUNCT", "CCONJ", "SCONJ", "ADP", "PART", "DET", "AUX", "SYM"}
_ADVERBS = {"only", "just", "also", "very", "highly", "more", "most", "less", "least", "even",
            "much", "well", "still", "particularly", "especially", "further", "fully"}
_BAD_CHARS = re.compile(r"[\\=^{}|@#$%<>~]")
_ENUMERATOR = re.compile(r"\(?(?:\d{1,2}|[a-h]|i{1,3}|iv|v|vi{1,3})\)\s*")
_MULTIPLIER = re.compile(r"\d+(?:\.\d+)?(?:x|×|times|%|-fold|fold)")
_SHORT_NAME = re.compile(r"[A-Z]\d{1,3}[A-Za-z]?")  # F1, T5, C4, R2
_LEVELS = {"high", "low", "good", "poor", "top"}
#: Words before a name that say the role the named thing plays, not what it is: "the base
#: LLaMA-13B" is LLaMA-13B used as a base.
_ROLE_MODIFIERS = {"base", "backbone"}
_ARTEFACT_STOPWORDS = {"a", "an", "the", "of", "for", "from", "to", "in", "on", "at", "by",
                       "with", "into", "beyond", "towards", "toward", "via", "and", "or", "is",
                       "are", "how", "what", "why", "when", "do", "does", "can", "not"}
#: Heads after a name that tell what the name is: "the Hiformer model", "the MS COCO dataset".
_NAMED_HEADS = {
    "model": "Method", "method": "Method", "framework": "Method", "architecture": "Method",
    "network": "Method", "algorithm": "Method", "approach": "Method", "system": "Method",
    "dataset": "Dataset", "benchmark": "Dataset", "corpus": "Dataset", "score": "Metric",
    "metric": "Metric", "variant": "Method", "backbone": "Method",
}
_TASK_HEADS = {"task", "problem"}
#: Common nouns that may stand before a name in apposition ("the module Adaptive-eta").
_APPOSING_HEADS = {*_NAMED_HEADS, "module", "layer", "mechanism", "optimizer", "technique",
                   "strategy", "toolkit", "library"}
_DATASET_WORDS = {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora"}
_DESCRIPTION_HINTS = {"benchmark": "Dataset", "dataset": "Dataset", "corpus": "Dataset",
                      "suite": "Dataset", "testbed": "Dataset", "metric": "Metric",
                      "measure": "Metric"}


@Language.factory("kg_title_boundary",
                  assigns=["token.is_sent_start", "doc._.kg_title_end"])
def make_title_boundary(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return title_boundary


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined from the tokens once per doc (spaCy joins them on every access)
    and kept in ``doc.user_data``: a doc's text never changes."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def title_boundary(doc: Doc) -> Doc:
    """Make the title (text before the first blank line) a sentence of its own."""
    cut = doc_text(doc).find(TEXT_SEPARATOR)
    if cut <= 0:
        return doc
    end = next((t.i for t in doc if t.idx >= cut and not t.is_space), len(doc))
    for token in doc[1:end]:
        token.is_sent_start = False
    if end < len(doc):
        doc[end].is_sent_start = True
    doc._.kg_title_end = end
    return doc


@Language.factory("kg_candidates", default_config={"max_tokens": 8},
                  requires=["doc.sents", "token.pos", "token.dep", "token.lemma"],
                  assigns=["doc.spans", "doc._.kg_acronyms", "span._.kg_source"])
def make_candidates(nlp: Language, name: str, max_tokens: int) -> CandidateFinder:
    return CandidateFinder(max_tokens=max_tokens)


class CandidateFinder:
    """Finds candidate term spans; see the module docstring."""

    def __init__(self, max_tokens: int = 8) -> None:
        self.max_tokens = max_tokens
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        spans: dict[tuple[int, int], Span] = {}

        def add(span: Span, source: str, hint: str | None = None) -> None:
            if (span.start, span.end) not in spans and len(span):
                span._.kg_source = source
                span._.kg_hint = hint
                spans[(span.start, span.end)] = span

        definitions = list(acronym_definitions(doc))
        doc._.kg_acronyms = [(lf.start, lf.end, sf.start, sf.end) for lf, sf in definitions]
        shorts: dict[str, str] = {}  # short form, singular and plural -> long form text
        for long, short in definitions:
            add(long, "acronym_long")
            long._.kg_short = short.text
            add(short, "acronym_short")
            short._.kg_long = long.text
            base = singular(short.text)
            for form in (base, base + "s", short.text):
                shorts.setdefault(form, long.text)
        for span in _short_form_uses(doc, shorts):
            if (span.start, span.end) not in spans:
                add(span, "acronym_use")
                span._.kg_long = shorts[span.text]
        artefact = title_artefact(doc)
        if artefact is not None:
            span, hint = artefact
            doc._.kg_artefact = (span.start, span.end)
            add(span, "title", hint)
        for span in named_datasets(doc):
            add(span, "named_dataset", "Dataset")
        for chunk in doc.noun_chunks:
            for piece in _split_coordination(chunk):
                trimmed = trim(piece, self.lexicon, self.max_tokens)
                if trimmed is not None:
                    core, hint = _named_head(trimmed)
                    add(core, "noun_chunk", hint)
        doc.spans[CANDIDATES] = sorted(spans.values(), key=lambda s: (s.start, s.end))
        return doc


def acronym_definitions(doc: Doc) -> Iterator[tuple[Span, Span]]:
    """(long form, short form) span pairs: "Long Form (LF)" and "Name (Long Form)"."""
    text = doc_text(doc)
    for token in doc:
        if token.text != "(" or token.i == 0:
            continue
        close = next((t.i for t in doc[token.i + 1 : token.i + 12] if t.text == ")"), None)
        if close is None or close == token.i + 1:
            continue
        inner = doc[token.i + 1 : close]
        sent_start = token.sent.start_char
        if looks_like_short_form(inner.text):
            long = find_long_form(inner.text, text[sent_start : token.idx])
            if long is None or any(c in long for c in ",;:()"):
                continue
            end_char = sent_start + len(text[sent_start : token.idx].rstrip())
            span = doc.char_span(end_char - len(long), end_char, alignment_mode="expand")
            if span is not None:
                span = _initials_extent(span, inner.text)
            if span is not None and len(span) <= 10:
                yield span, inner
        elif len(inner.text.split()) >= 2 and not any(c in inner.text for c in ",;:"):
            previous = doc[token.i - 1]
            if (previous.is_alpha and len(previous) >= 3 and previous.text[0].isupper()
                    and not is_acronym(previous.text)):
                long = find_long_form(previous.text, inner.text)
                if long is not None and long == inner.text.strip():
                    yield inner, doc[previous.i : previous.i + 1]


def _initials_extent(long: Span, short: str) -> Span:
    """A long form that spells only the end of its all-capitals short form with its words'
    initials, where the words right before it spell the rest: the letter match took a letter
    from inside a word ("interval approximation" for IIA, its I from "approx-i-mation"), and
    the name runs on to the left ("independent interval approximation (IIA)")."""
    letters = short.removesuffix("s")
    words = [t for t in long if t.is_alpha]
    if (not letters.isalpha() or not letters.isupper() or len(words) != len(long)
            or len(words) >= len(letters)):
        return long
    initials = "".join(t.text[0] for t in words).upper()
    if not letters.endswith(initials):
        return long
    doc, start = long.doc, long.start
    for letter in reversed(letters[: len(letters) - len(initials)]):
        before = doc[start - 1] if start > long.sent.start else None
        if (before is None or not before.is_alpha or before.is_stop
                or before.text[0].upper() != letter):
            return long
        start -= 1
    return doc[start : long.end]


def _short_form_uses(doc: Doc, shorts: dict[str, str]) -> Iterator[Span]:
    """Every occurrence of a defined short form (any of the keys of ``shorts``) in the doc."""
    if not shorts:
        return
    alternatives = sorted(shorts, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w-])")
    for match in pattern.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end())
        if span is not None:
            yield span


def named_datasets(doc: Doc) -> Iterator[Span]:
    """Names right before "dataset", "benchmark" or "corpus" ("the WikiText-103 dataset"),
    found on tokens, so a wrong noun chunk boundary does not lose them."""
    for token in doc:
        if token.lower_ not in _DATASET_WORDS or token.i == 0:
            continue
        start = token.i
        while start > 0 and (name_like(doc[start - 1]) or doc[start - 1].like_num
                             or (doc[start - 1].text == "-" and start > 1
                                 and not doc[start - 1].whitespace_)):
            start -= 1
        while start < token.i and not name_like(doc[start]):
            start += 1
        if start < token.i:
            yield doc[start : token.i]


def title_artefact(doc: Doc) -> tuple[Span, str] | None:
    """The named artefact a title introduces ("Hiformer: ...", "MoSt-DSA: ..."), with the
    label its description implies (a "Benchmark" is a Dataset; otherwise a Method)."""
    end = doc._.kg_title_end
    colon = next((t.i for t in doc[: min(end, 8)] if t.text == ":"), None)
    if not colon:
        return None
    name = doc[:colon]
    words = name.text.split()
    if not 1 <= len(words) <= 4 or any(w.lower() in _ARTEFACT_STOPWORDS for w in words):
        return None
    if len(words) > 1 and not any(name_like_word(w) for w in words):
        return None
    if not any(c.isalpha() for c in name.text):
        return None
    description = {t.lemma_.lower() for t in doc[colon + 1 : end]}
    hint = next((label for word, label in _DESCRIPTION_HINTS.items() if word in description),
                "Method")
    return name, hint


def name_like_word(word: str) -> bool:
    """A word that reads as a name: an acronym, CamelCase, or letters mixed with digits."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and (
        is_acronym(word)
        or any(c.isupper() for c in word[1:])
        or any(c.isdigit() for c in word)
    )


def name_like(token: Token) -> bool:
    """A token that names something: an acronym, CamelCase, letters with digits, or a
    capitalized proper noun inside a sentence."""
    if name_like_word(token.text):
        return True
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and not token.is_sent_start
        and token.i >= token.doc._.kg_title_end
    )


def _split_coordination(chunk: Span) -> Iterator[Span]:
    """Split "A, B and C" chunks into their conjuncts, and "X's Y" into X and Y."""
    doc = chunk.doc
    start = chunk.start
    for token in chunk:
        if token.pos_ == "CCONJ" or token.text in {",", ";", ":"} or token.tag_ == "POS":
            if token.i > start:
                yield doc[start : token.i]
            start = token.i + 1
    if start < chunk.end:
        yield doc[start : chunk.end]


def trim(span: Span, lexicon: Lexicon, max_tokens: int = 8) -> Span | None:
    """A noun chunk without determiners, pronouns, enumerators, vague modifiers and stray
    punctuation; None when what is left is no term ("this paper", "the results", "we").

    Spans over ``max_tokens`` tokens, with URLs or code/LaTeX characters, headed by a word that
    never heads a term ("great success"), or made of a generic head and adjectives only
    ("downstream task") are dropped.
    """
    doc = span.doc
    start, end = span.start, span.end
    while start > 0 and _joined(doc, start - 1) and "-" in (doc[start - 1].text, doc[start].text):
        start -= 1  # a chunk that starts inside a hyphenated word starts with the word
    start, end = _balance_brackets(doc, start, end)
    while start < end:
        skip = _lead_to_strip(doc, start, end, lexicon)
        if not skip:
            break
        start += skip
    while end > start and doc[end - 1].pos_ in _TAIL_POS and doc[end - 1].text != ")":
        end -= 1
    start, end = _balance_brackets(doc, start, end)
    if start >= end or end - start > max_tokens:
        return None
    core = doc[start:end]
    if not any(t.pos_ in {"NOUN", "PROPN"} or name_like_word(t.text) for t in core):
        return None
    if any(t.like_url or t.like_email or _BAD_CHARS.search(t.text) for t in core):
        return None
    if sum(c.isalpha() for c in core.text) < 2 and not _SHORT_NAME.fullmatch(core.text):
        return None
    root = core.root
    lemma = root.lemma_.lower()
    if lemma in lexicon.non_term_heads and not name_like_word(root.text):
        return None
    vague = lexicon.vague_chunk_words
    if all(t.lemma_.lower() in vague or t.lower_ in vague or not _has_letters(t.text)
           for t in core):
        return None
    if lemma in lexicon.generic_heads and lemma not in lexicon.kind_heads and not any(
            t.pos_ in {"NOUN", "PROPN"} or name_like(t) for t in core if t.i != root.i):
        return None
    if core.text.endswith("-"):
        return None
    if end + 1 < len(doc) and doc[end].text in {":", "at"} and doc[end + 1].like_url:
        return None  # "Project page: https://...", a label of a link, not a term
    if (len(core) > 1 and core[0].lower_ in _LEVELS and not _joined(doc, core[0].i)
            and lexicon.label_for_head(lemma) == "Metric"):
        core = core[1:]
    return core


def _joined(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is glued to the next one (no space between, inside one word)."""
    return not doc[i].whitespace_ and doc[i].text not in "([" and not doc[i].is_space


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _lead_to_strip(doc: Doc, start: int, end: int, lexicon: Lexicon) -> int:
    """How many tokens to strip at ``start``: a determiner, pronoun, enumerator ("(2)"),
    multiplier ("2.1x"), comparative or vague modifier; a hyphenated word goes whole or not at
    all ("real-world" stays; "state-of-the-art" goes)."""
    token = doc[start]
    if token.is_punct and token.text not in "([":
        return 1
    word_end = start + 1
    while word_end < end and _joined(doc, word_end - 1) and doc[word_end].text != "(":
        word_end += 1
    word = doc[start:word_end].text.lower()
    if token.text in "([" and word_end - start >= 1:
        # The span and the next token are enough for the pattern (doc.text would be the
        # whole text, rebuilt from its tokens, for every candidate).
        match = _ENUMERATOR.match(doc[start : end + 1].text_with_ws)
        if match and token.idx + match.end() <= doc[end - 1].idx + len(doc[end - 1]):
            return len([t for t in doc[start:end] if t.idx < match.end()])
        return 0
    if word_end - start > 1:
        if word in lexicon.stop_modifiers or _MULTIPLIER.fullmatch(word):
            return word_end - start
        return 0
    if (
        token.pos_ in _LEAD_POS
        or token.dep_ == "poss"
        or (token.lower_ in lexicon.stop_modifiers and not _opens_capitalized_name(doc, start, end))
        or (token.pos_ == "ADV" and token.lower_ in _ADVERBS)
        or token.tag_ in {"JJR", "JJS", "RBR", "RBS"}
        or (token.like_num and not any(c.isalpha() for c in token.text))
        or (_counted(doc, start) and not _opens_capitalized_name(doc, start, end))
        or (token.lower_ in _ROLE_MODIFIERS and start + 1 < end and name_like(doc[start + 1]))
        or _MULTIPLIER.fullmatch(token.lower_)
        or _ENUMERATOR.fullmatch(token.text + (doc[start + 1].text if start + 1 < end else ""))
        or token.is_space
    ):
        return 1
    return 0


def _counted(doc: Doc, start: int) -> bool:
    """Whether token ``start`` is a count or a rank written as a word, no part of a name (the
    annotation guide): a cardinal ("three bacterial species", "two error bounds"), or an
    ordinal after a determiner or possessive ("the first adaptation module", "our second
    variant"). An ordinal with no determiner may be the name's own ("second moments"); a
    hyphened word ("first-order", "two-stage") is never one token here."""
    token = doc[start]
    if not (token.is_alpha and token.like_num):
        return False
    if token.pos_ == "NUM" or token.tag_ == "CD":
        return True
    before = doc[start - 1] if start > 0 else None
    return before is not None and (before.pos_ == "DET" or before.dep_ == "poss")


def _opens_capitalized_name(doc: Doc, start: int, end: int) -> bool:
    """Whether token ``start`` is the first word of a capitalized name inside an abstract's
    sentence ("Novel" of "Novel View Synthesis", "Efficient" of "Efficient Attention Network"):
    capitalized where no sentence start or title capitalizes it, and followed by a capitalized
    word of the span."""
    token = doc[start]
    return (start + 1 < end and token.text[:1].isupper() and token.is_alpha
            and not token.is_sent_start and token.i >= doc._.kg_title_end
            and doc[start + 1].text[:1].isupper())


def _balance_brackets(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop what precedes an unmatched closing bracket and what follows an unmatched opening one."""
    depth = 0
    opened: list[int] = []
    for i in range(start, end):
        text = doc[i].text
        if text in "([":
            opened.append(i)
            depth += 1
        elif text in ")]":
            if depth == 0:
                start = i + 1
                opened.clear()
            else:
                depth -= 1
                opened.pop()
    if opened:
        end = opened[0]
    while start < end and (doc[start].is_punct and doc[start].text not in "(["):
        start += 1
    return start, end


def _named_head(span: Span) -> tuple[Span, str | None]:
    """Strip a head that only says what a name is ("the Hiformer model" -> "Hiformer", Method;
    "video generation tasks" -> "video generation", Task)."""
    named = _apposed_name(span)
    if named is not None:
        return named
    last = span[-1]
    lemma = last.lemma_.lower()
    if len(span) < 2 or last != span.root:
        return span, None
    rest = span[:-1]
    while len(rest) and rest[-1].is_punct:
        rest = rest[:-1]
    if not len(rest):
        return span, None
    if lemma in _TASK_HEADS and any(t.pos_ in {"NOUN", "PROPN"} or t.tag_ == "VBG" for t in rest):
        return rest, "Task"
    if lemma in _NAMED_HEADS:
        label = _NAMED_HEADS[lemma]
        name = 0
        while name < len(rest) and (name_like(rest[name]) or rest[name].like_num
                                     or (name and rest[name].is_punct
                                         and not rest[name - 1].whitespace_)):
            name += 1
        named = any(name_like(t) for t in rest[:name])
        if named and (name == len(rest) or label == "Dataset"):
            return rest[:name], label
        return span, label if label == "Dataset" else None
    return span, None


def _apposed_name(span: Span) -> tuple[Span, str | None] | None:
    """The name a span ends with after a lower-case noun that says what kind of thing it names
    ("learning rate adaptation module Adaptive-eta" -> "Adaptive-eta", Method; "the optimizer
    Adam" -> "Adam"): in English a common noun before a name in apposition describes it; the
    name alone is the term. None where the span does not end so."""
    doc = span.doc
    end = span.end
    start = end
    while start > span.start:  # the last word, a hyphened one whole
        start -= 1
        if start == span.start or not _joined(doc, start - 1):
            break
    kind = start - 1
    name = doc[start:end].text
    if (kind < span.start or doc[kind].lower_ != doc[kind].text
            or doc[kind].lemma_.lower() not in _APPOSING_HEADS
            or not (name[:1].isupper() or name_like_word(name))
            or sum(c.isalpha() for c in name) < 2 or "(" in name or ")" in name):
        return None
    return doc[start:end], _NAMED_HEADS.get(doc[kind].lemma_.lower(), "Method")
