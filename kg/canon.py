"""Canonical forms: title normalization, case/plural/hyphen folding, acronyms and the alias table.

Pure functions over strings and :class:`~kg.graph.Mention` objects; no spaCy, no store.

>>> fold("Large Language Models")
'large language model'
>>> fold("LLMs")
'LLM'
>>> fold("self-attention layers")
'self attention layer'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

from kg.graph import Mention

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACE = re.compile(r"\s+")
_WORD_BREAK = re.compile(r"[\s\u2010-\u2015\u2212_/-]+")  # spaces, dashes, slashes, underscores
_STRIP = "\"'`“”‘’.,;:!?*"
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}

#: Words whose final "s" is not a plural (or whose plural is irregular).
_SINGULAR_EXCEPTIONS = {
    "analysis", "basis", "bias", "class", "corpus", "gas", "lens", "loss", "news", "physics",
    "mathematics", "dynamics", "statistics", "economics", "robotics", "genomics", "linguistics",
    "semantics", "kinematics", "graphics", "ethics", "optics", "series", "species", "process",
    "access", "success", "progress", "address", "stress", "status", "consensus", "focus",
    "virus", "radius", "thesis", "hypothesis", "synthesis", "diagnosis", "axis", "atlas",
    "this", "is", "was", "has", "does", "less", "unless", "various", "previous", "numerous",
    "always", "across", "plus", "minus", "versus", "bus", "gps", "dos", "ios", "chaos",
    "lasso", "kudos", "pros", "cons", "alias", "canvas", "bonus", "campus", "census",
    "apparatus", "nexus", "opus", "prospectus", "sinus", "stimulus", "syllabus", "locus",
    "calculus", "nucleus", "modulus", "torus", "mimesis", "emphasis", "parenthesis",
    "data", "criteria", "phenomena",
}
_IRREGULAR = {
    "indices": "index", "matrices": "matrix", "vertices": "vertex", "appendices": "appendix",
    "analyses": "analysis", "hypotheses": "hypothesis", "syntheses": "synthesis",
    "bases": "basis", "theses": "thesis", "axes": "axis", "diagnoses": "diagnosis",
    "children": "child", "people": "person", "men": "man", "women": "woman", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "lemmata": "lemma", "corpora": "corpus",
    "schemata": "schema", "stimuli": "stimulus", "nuclei": "nucleus", "foci": "focus",
    "loci": "locus", "radii": "radius", "criteria": "criteria", "phenomena": "phenomena",
}


def normalize_title(title: str) -> str:
    """A title reduced to lowercase alphanumeric words: equal for the same paper's titles.

    >>> normalize_title("  Mamba: Linear-Time Sequence Modeling ")
    'mamba linear time sequence modeling'
    """
    text = unicodedata.normalize("NFKC", title).casefold()
    return _NON_ALNUM.sub(" ", text).strip()


def paper_id_for_title(title: str) -> str:
    """A stable paper id derived from the normalized title (for sources that give none)."""
    digest = hashlib.sha256(normalize_title(title).encode("utf-8")).hexdigest()
    return f"t-{digest[:16]}"


#: How many distinct words and terms :func:`is_acronym` and :func:`fold` remember: extraction
#: and linking ask both about the same strings over and over.
_CACHED = 1 << 16


@lru_cache(maxsize=_CACHED)
def is_acronym(word: str) -> bool:
    """A short token written mostly in capitals, like "LLM", "LLMs", "pLSTM", "GPT-4", "NeRF".

    >>> [is_acronym(w) for w in ("SLAM", "LLMs", "NeRF", "DeltaProduct", "Hiformer", "A")]
    [True, True, True, False, False, False]
    """
    letters = [c for c in word if c.isalpha()]
    if not 2 <= len(word) <= 15 or not letters or " " in word:
        return False
    upper = sum(c.isupper() for c in letters)
    core = letters[:-1] if word.endswith("s") and upper >= 2 else letters
    return upper >= 2 and upper / len(core) >= 0.6


def singular(word: str) -> str:
    """The singular of an English noun, conservatively; case is kept.

    >>> [singular(w) for w in ("models", "LLMs", "ViTs", "strategies", "analysis", "data",
    ...                        "biases", "QuantNAS", "nuScenes")]
    ['model', 'LLM', 'ViT', 'strategy', 'analysis', 'data', 'bias', 'QuantNAS', 'nuScenes']
    """
    lower = word.lower()
    if is_acronym(word):
        # An acronym's plural is a lowercase "s" after a capital or digit: LLMs, ViTs, NeRFs.
        plural = len(word) > 2 and word[-1] == "s" and (word[-2].isupper() or word[-2].isdigit())
        return word[:-1] if plural else word
    if lower in _IRREGULAR:
        return _keep_case(word, _IRREGULAR[lower])
    if len(lower) <= 3 or lower in _SINGULAR_EXCEPTIONS or not lower.endswith("s"):
        return word
    if word[-1] == "S" or any(c.isupper() for c in word[1:]):
        return word  # a name's final capital S is no plural (QuantNAS), nor CamelCase (nuScenes)
    if lower.endswith("es") and lower[:-2] in _SINGULAR_EXCEPTIONS:
        return word[:-2]  # biases, aliases, lenses
    if lower.endswith(("ss", "us", "is", "ics", "ous")):
        return word
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("ches", "shes", "xes", "zzes", "sses")):
        return word[:-2]
    return word[:-1]


def _keep_case(original: str, replacement: str) -> str:
    if original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def clean_surface(text: str) -> str:
    """Unicode-normalized text without outer quotes, sentence punctuation or unmatched brackets.

    >>> clean_surface(' "(FEM)-based model". ')
    '(FEM)-based model'
    >>> clean_surface("Hiformer (Heterogeneous Interaction Transformer")
    'Hiformer (Heterogeneous Interaction Transformer'
    """
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    while text:
        first, last = text[0], text[-1]
        if first in _STRIP:
            text = text[1:].strip()
        elif last in _STRIP:
            text = text[:-1].strip()
        elif first in _PAIRS and last == _PAIRS[first] and _balanced(text[1:-1]):
            text = text[1:-1].strip()
        elif first in _PAIRS and _PAIRS[first] not in text:
            text = text[1:].strip()
        elif last in _CLOSERS and _CLOSERS[last] not in text:
            text = text[:-1].strip()
        else:
            return text
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char in _PAIRS:
            depth += 1
        elif char in _CLOSERS:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@lru_cache(maxsize=_CACHED)
def fold(text: str) -> str:
    """The canonical form of a term: case, plural, hyphen and punctuation folded.

    Acronyms keep their capitals ("LLMs" -> "LLM"); other words are lower-cased; the last word
    is made singular.

    >>> fold("Sub-path Linear Approximation Models")
    'sub path linear approximation model'
    >>> fold("GPT-4")
    'GPT 4'
    """
    words = split_words(clean_surface(text))
    if words and not _proper_name(words):
        words[-1] = singular(words[-1])
    return " ".join(w if is_acronym(w) else w.lower() for w in words)


def split_words(text: str) -> list[str]:
    """A text's words as :func:`fold` reads them (split at spaces, dashes, slashes and
    underscores), as written.

    >>> split_words("hybrid neural/mechanistic Sub-path model")
    ['hybrid', 'neural', 'mechanistic', 'Sub', 'path', 'model']
    """
    return [w for w in _WORD_BREAK.split(text) if w]


def _proper_name(words: Sequence[str]) -> bool:
    """A one-word capitalized name, whose final "s" is part of the name ("Cityscapes"); the
    linker merges it with its singular where the corpus has that too ("Transformers")."""
    return len(words) == 1 and words[0][:1].isupper() and not is_acronym(words[0])


def display_form(text: str) -> str:
    """A surface form as a node name: cleaned, last word singular, casing kept.

    >>> display_form("Large Language Models")
    'Large Language Model'
    """
    text = clean_surface(text)
    head, _, last = text.rpartition(" ")
    if not last or _proper_name(text.split()):
        return text
    return f"{head} {singular(last)}".strip()


def variant_key(form: str) -> str:
    """What spelling variants of one term share: lower case, no spaces, hyphens or other
    punctuation ("multi-layer perceptron", "multilayer perceptron", "Multi Layer Perceptron").

    >>> variant_key("multi layer perceptron") == variant_key("multilayer perceptron")
    True
    """
    return _NON_ALNUM.sub("", unicodedata.normalize("NFKC", form).casefold())


#: The share of the papers defining an acronym that must agree on its long form for the
#: corpus's definition to stand in papers that use the acronym without defining it.
AGREEMENT = 2 / 3


class AliasTable:
    """Resolves every mention to a canonical form, across papers.

    An acronym resolves to a long form only where one is defined: the paper's own definition
    first (a paper that defines MAP as mean average precision keeps that meaning); in a paper
    that does not define it, a well-known expansion from ``known`` (one that holds across
    machine learning papers: "ML" is machine learning though a statistics paper defines it as
    maximum likelihood), else the corpus's definition where the papers that define it agree
    (at least :data:`AGREEMENT` of them), else the acronym stays itself (MAP defined two ways:
    undefined uses stay "MAP"). ``known`` also
    maps other spellings of a name to it (MS COCO -> COCO); keys and values are folded forms.
    Long forms and other terms resolve to their :func:`fold`. Only the corpus-level table is
    held; a paper's own definitions are read from its mentions when it is resolved, so the
    table does not grow with the number of papers.

    >>> m = lambda text, **kw: Mention(text, "Method", 0, 1, 0, 1, **kw)
    >>> table = AliasTable([[m("Large Language Models", short_form="LLMs"),
    ...                      m("LLMs", long_form="Large Language Models")], [m("LLM")]])
    >>> table.resolve([m("LLM")])
    ['large language model']
    """

    def __init__(self, mentions_by_paper: Iterable[Iterable[Mention]],
                 known: dict[str, str] | None = None) -> None:
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for mentions in mentions_by_paper:
            for short, long in _local_definitions(mentions).items():
                votes[short][long] += 1
        self._known = dict(known or {})
        self._global = {}
        for short, counter in votes.items():
            long, n = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))
            if n >= AGREEMENT * sum(counter.values()):
                self._global[short] = long
        self._corpus = dict(self._global)  # the corpus's definitions alone
        self._global.update(self._known)
        self._respelled: dict[str, str] = {}

    def respell(self, forms: dict[str, str]) -> None:
        """From now on, resolve each form in ``forms`` to the form it maps to (the linker's
        spellings of one concept that differ only in case, kg.linker.merge_spellings)."""
        self._respelled.update(forms)

    def expansion(self, acronym: str) -> str | None:
        """The long form the corpus's definitions agree on for a folded ``acronym`` (not the
        well-known ones), or None."""
        return self._corpus.get(acronym)

    def resolve(self, mentions: Sequence[Mention], own: Collection[str] = ()) -> list[str]:
        """The canonical form of each of one paper's mentions (all of them, so that the
        paper's own acronym definitions take precedence). ``own``: folded acronyms the paper
        introduces as its own names without defining them; they keep their own node in this
        paper instead of the corpus's definition (a well-known expansion still holds)."""
        local = _local_definitions(mentions)
        resolved = []
        for mention in mentions:
            key = fold(mention.text)
            if mention.long_form:
                form = fold(mention.long_form)
            elif key in local:
                form = local[key]
            elif key in own:
                form = key
            else:
                form = self._global.get(key, key)
            form = self._known.get(form, form)
            resolved.append(self._respelled.get(form, form))
        return resolved

    def definitions(self) -> dict[str, str]:
        """The corpus-level acronym -> long form table (folded forms), well-known ones
        included."""
        return dict(self._global)


def _local_definitions(mentions: Iterable[Mention]) -> dict[str, str]:
    """One paper's acronym definitions, folded: the first definition of each acronym wins."""
    local: dict[str, str] = {}
    for mention in mentions:
        pair = _definition(mention)
        if pair is not None and pair[0] not in local:
            local[pair[0]] = pair[1]
    return local


def _definition(mention: Mention) -> tuple[str, str] | None:
    if mention.long_form:
        return fold(mention.text), fold(mention.long_form)
    if mention.short_form:
        return fold(mention.short_form), fold(mention.text)
    return None
