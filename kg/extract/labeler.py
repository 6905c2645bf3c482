"""Typing: each candidate becomes a Method, Task, Dataset, Metric or Concept mention, or is dropped.

Registered as the spaCy component ``kg_labeler``; reads ``doc.spans["kg_candidates"]`` and
writes ``doc.spans["kg_mentions"]`` (span label = graph label). Evidence, in order: the known-term
lexicon, the rule hint of the candidate ("the X dataset"), the head word's lexicon, name shapes
("-former", "-Net"), sentence cues ("in terms of X", "evaluated on X", "we propose X"), the long
form of an acronym, the label of a coordinated sibling; what is left is a Concept only if it looks
like a term (several words, or a name), else it is dropped: precision first. Phrases that name
no particular thing (:meth:`~kg.extract.lexicon.Lexicon.generic`) or hold text debris (math,
markup) are dropped whoever found them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.canon import fold, singular
from kg.extract.candidates import CANDIDATES, name_like, name_like_word
from kg.extract.cues import load_cues
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.schema import GOLD_SCHEMES

MENTIONS = "kg_mentions"
MODEL_SPANS = "sc"  # where a trained model (kg_trained) puts its spans
#: Rule sources that still add mentions next to a trained model: they are precise.
PRECISE_SOURCES = {"title", "acronym_long", "acronym_short", "acronym_use", "named_dataset"}

Doc.set_extension("kg_generic", default=None, force=True)  # model's "Generic" spans (tokens)
#: The trained model's term probability of a mention it found (1.0: a rule's mention).
Span.set_extension("kg_score", default=1.0, force=True)

_METHOD_SUFFIXES = ("former", "formers", "net", "nets", "gan", "gans", "bert", "nerf")
_HARDWARE = {"gpu", "gpus", "cpu", "cpus", "tpu", "tpus", "hardware", "device", "devices",
             "accelerator", "accelerators", "chip", "machine", "cluster", "server", "laptop",
             "phone", "smartphone"}
_CUES = load_cues()
_EVAL_LEMMAS = _CUES["evaluated_on"]
_PROPOSE_LEMMAS = _CUES["introduce"] | _CUES["naming"]
_OUTPERFORM = _CUES["outperform"]
_METRIC_CUES = ("in terms of", "measured by", "measured in", "as measured by", "metrics such as")
#: A parameter count ending a name, "Llama-7B", "Mixtral-8x7B", "GPT-3 175B": a model, however
#: it is used ("on Llama-7B"). Datasets named by their size in billions are known terms.
_MODEL_SIZE = re.compile(r"[A-Za-z0-9][\s-]+(?:\d+x)?\d+(?:\.\d+)?B$")
#: Modifiers that make "precision" a number format, not the metric: "FP4 precision", "mixed
#: precision", "accumulation precision".
_NUMBER_FORMAT = re.compile(r"(?:fp|bf|int|e\dm)\d+|\d+-?bits?|half|single|double|mixed|low|"
                            r"full|reduced|accumulation|numerical|floating|arithmetic",
                            re.IGNORECASE)
#: A number format's own name: "INT8", "FP16", "bf16", "float8_e4m3", "E4M3" (a Concept, not a
#: method: what a model computes in).
_NUMBER_FORMAT_NAME = re.compile(r"(?:u?int|fp|bf|float|mxfp|nvfp)\d+(?:[_-]?e\d+m\d+)?|e\d+m\d+",
                                 re.IGNORECASE)
#: A rank that is part of a metric's name: "top-1", "top-5", "Top5", "rank-1".
_RANK = re.compile(r"(?:top|rank)-?\d+", re.IGNORECASE)
#: Characters no name holds: code, markup and math left in the text ("d sqrt{T}{(1-rho)^{3/2").
_DEBRIS = re.compile(r"[\\=^{}|@#$<>~]")
#: A number of dimensions: "2D", "3D", "4-D".
_DIMENSION = re.compile(r"\d(?:\.\d)?-?D", re.IGNORECASE)
#: Quantities a model sometimes tags as a term: "1.62x", "10s", "1M~60M", "3.5%".
_QUANTITY = re.compile(r"[\d\s.,~×x%sMBKk+\-–/()]*\d[\d\s.,~×x%sMBKk+\-–/()]*")


@Language.factory("kg_labeler", default_config={"scheme": ""},
                  requires=["doc.spans", "token.dep", "token.lemma"],
                  assigns=["doc.spans"])
def make_labeler(nlp: Language, name: str, scheme: str) -> Labeler:
    return Labeler(scheme)


class Labeler:
    """Types candidates; see the module docstring. With a trained model's ``scheme``, the
    model's spans (``doc.spans["sc"]``, mapped to graph labels) come first and rule mentions
    fill in where they overlap none of them."""

    def __init__(self, scheme: str = "") -> None:
        self.lexicon = load_lexicon()
        self.scheme = GOLD_SCHEMES[scheme] if scheme else None
        #: Graph labels the model can give; rules still give the others (SciER: Metric, Concept).
        self.model_labels = {label for name in self.scheme.entities
                             for label in self.scheme.graph_labels(name)} if self.scheme else set()

    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc.spans.get(CANDIDATES, []))
        labels = {(s.start, s.end): label_candidate(s, self.lexicon) for s in candidates}
        titled = set()
        for span in candidates:
            cue = _title_cue(span)
            if cue is not None and labels[(span.start, span.end)] in {None, cue}:
                labels[(span.start, span.end)] = cue
                titled.add((span.start, span.end))
        _share_acronym_labels(doc, candidates, labels)
        _share_conjunct_labels(candidates, labels)
        model_spans = self._model_mentions(doc) if self.scheme else []
        model_spans = _rule_names_win(model_spans, candidates)
        model_spans = [m for m in (_whole_words(m, model_spans) for m in model_spans)
                       if m is not None]
        taken = numpy.zeros(len(doc) + 1, dtype=bool)
        for span in model_spans:
            taken[span.start : span.end] = True
        mentions = list(model_spans)
        for span in candidates:
            label = labels[(span.start, span.end)] or _fallback(span)
            if label is None or taken[span.start : span.end].any():
                continue
            if (self.scheme is not None and label in self.model_labels
                    and (span.start, span.end) not in titled and not _precise(span, self.lexicon)):
                continue  # with a trained model, only the rules that add precision fill in
            mentions.append(Span(doc, span.start, span.end, label=label))
        generic_heads = self.lexicon.generic_heads
        mentions = [m for m in (_name_core(_own_name(m), self.lexicon.stop_modifiers)
                                for m in mentions) if m is not None]
        mentions = [m for m in (_whole_words(m, mentions) for m in mentions) if m is not None]
        mentions = [_with_year(m) for m in mentions]
        mentions = [_whole_compound(m, mentions, self.lexicon.vague_heads) for m in mentions]
        mentions = [m for m in (_whole_term(m, mentions, generic_heads) for m in mentions)
                    if m is not None]
        mentions = _through_of(doc, mentions)
        adjectives = _adjective_words(doc)
        mentions = [m for m in (_past_adjective(m, mentions, adjectives) for m in mentions)
                    if m is not None
                    and not self.lexicon.generic(m.text) and not _DEBRIS.search(m.text)
                    and _balanced(m.text) and not _owner(m, mentions, self.lexicon)
                    and not _described_claim(m, self.lexicon)]
        for mention in mentions:
            mention.label_ = _kind_by_head(mention, mention.label_)
            if mention.label_ in ("Method", "Task") and _stated_phenomenon(mention):
                mention.label_ = "Concept"
        doc.spans[MENTIONS] = sorted(mentions, key=lambda s: (s.start, s.end))
        return doc

    def _model_mentions(self, doc: Doc) -> list[Span]:
        """The trained model's spans with graph labels; "Generic" ones ("our method") go to
        ``doc._.kg_generic`` for the relation step to resolve."""
        out, generic = [], []
        found = doc.spans.get(MODEL_SPANS, [])
        scores = _span_scores(found)
        for span, score in zip(found, scores, strict=True):
            targets = self.scheme.graph_labels(span.label_)
            if not targets:
                generic.append((span.start, span.end))
                continue
            if _QUANTITY.fullmatch(span.text):
                continue
            label = targets[0] if len(targets) == 1 else _dataset_or_concept(span, self.lexicon)
            if label == "Dataset":
                label = _corroborated_dataset(span, self.lexicon)
                if len(targets) > 1 and label != "Dataset":
                    label = "Concept"  # SciERC's Material: data that is not a dataset
            if label == "Metric" and _number_format(span):
                label = "Concept"  # "accumulation precision": a number format, not the metric
            if _NUMBER_FORMAT_NAME.fullmatch(span.text):
                label = "Concept"  # "INT8", "float8_e4m3": a number format
            label = _head_label(span, label, self.lexicon.concept_heads, defined=True)
            start = (_rank_start(span) if label == "Metric"
                     else _name_start(span, self.lexicon.vague_words))
            start = _past_evaluative(doc, start, span.end, self.lexicon.stop_modifiers)
            start = _past_title(doc, start, span.end)
            mention = Span(doc, start, span.end, label=label)
            mention._.kg_source = "model"
            mention._.kg_score = float(score)
            out.append(mention)
        doc._.kg_generic = generic
        return out


def _mathematical_object(span: Span, heads: frozenset[str] | None = None) -> bool:
    """Whether a span names what is no method (a mathematical object or property, a physical
    quantity, a field of study, a class of problems): its head word's lemma (the part after a
    hyphen: "Pareto-continuity"), or its last two ("Markov decision processes"), is one of
    ``heads`` (the lexicon's ``concept_heads``), and it holds no name ("the NTK matrix" keeps
    its label; a person's name is no name of the thing: "Lipschitz continuity", "Gaussian
    prior") and no "neural" (a model: "neural differential equations")."""
    if heads is None:
        heads = load_lexicon().concept_heads
    if any(name_like_word(t.text) or t.lower_ == "neural" for t in span):
        return False
    last = span[-1]
    lemmas = [t.lemma_.lower() for t in span[-2:]]
    lemma = lemmas[-1].rsplit("-", 1)[-1]
    word = last.lower_.rsplit("-", 1)[-1]
    # A capitalized plural the parser reads as a proper noun keeps its "s" ("Monocular Priors").
    return (lemma in heads or word in heads or word.removesuffix("s") in heads
            or " ".join(lemmas) in heads or _two_word_head(span) in heads)


def _two_word_head(span: Span) -> str:
    """A span's last word before its head as written, and its head's lemma: "learning rate"
    (spaCy lemmatizes "learning" to "learn"), "batch size" of "batch sizes"."""
    return " ".join([t.lower_ for t in span[-2:-1]] + [span[-1].lemma_.lower()])


def _setting(span: Span, heads: frozenset[str]) -> bool:
    """Whether a span is named by a two-word head of the concept heads that a model may read
    as a Metric: a training setting ("the learning rate", "batch sizes")."""
    return (not any(name_like_word(t.text) for t in span) and len(span) >= 2
            and _two_word_head(span) in heads)


#: Head nouns that say a span names a problem (a Task): "optimal control problem".
_PROBLEM_HEADS = frozenset({"problem", "problems"})


def _names_problem(span: Span) -> bool:
    """Whether a span's head noun says it names a problem ("the optimal control problem",
    "inverse problems"): a Task in SciER's and SciERC's gold alike. A name in the span ("the
    MDP problem") does not change that; a lone "problem" is no name (the generic lexicon)."""
    return len(span) > 1 and span[-1].lower_ in _PROBLEM_HEADS


def _defined_non_method(span: Span, heads: frozenset[str],
                        names: Callable[[Span], bool] | None = None, depth: int = 1) -> bool:
    """Whether a span ends in an acronym the paper defines (or the end of one it defines:
    "MDPs" of "AMDPs") by a long form that names no method ("average-reward Markov decision
    processes (AMDPs)"), or, given ``names``, a long form ``names`` holds for ("optimal
    control problem (OCP)" with :func:`_names_problem`); "neural" still makes a model
    ("Neural ODEs"). A long form that itself ends in an acronym the paper defines is read
    through that one ("central DP (CDP)" after "differential privacy (DP)": a notion of
    privacy), ``depth`` times."""
    if names is None:
        def names(long: Span) -> bool:
            return _mathematical_object(long, heads) or (
                depth > 0 and _defined_non_method(long, heads, depth=depth - 1))
    short = span[-1].text.removesuffix("s")
    if (not (len(short) >= 2 and short.isupper()) or span.doc._.kg_acronyms is None
            or any(t.lower_ == "neural" for t in span)):
        return False
    doc = span.doc
    return any(doc[ss:se].text.removesuffix("s").endswith(short) and names(doc[ls:le])
               for ls, le, ss, se in doc._.kg_acronyms)


def _rule_names_win(model_spans: list[Span], candidates: list[Span]) -> list[Span]:
    """A precise rule's span (an acronym's long form, a title's artefact, a named dataset) that
    holds a model span and no part of another is the name the model cut short: "Novel View
    Synthesis (NVS)" where the model found "View Synthesis". It takes the model span's place,
    with the model's score and label, unless its new head says otherwise
    (:func:`_relabelled_by_head`)."""
    out = list(model_spans)
    for rule in candidates:
        if rule._.kg_source not in PRECISE_SOURCES - {"acronym_use"}:
            continue
        inside = [i for i, m in enumerate(out) if rule.start <= m.start and m.end <= rule.end]
        if len(inside) != 1 or (out[inside[0]].start, out[inside[0]].end) == (
                rule.start, rule.end):
            continue
        if any(m.start < rule.end and m.end > rule.start and i not in inside
               for i, m in enumerate(out)):
            continue
        model = out[inside[0]]
        out[inside[0]] = _relabelled_by_head(_resized(model, rule.start, rule.end))
    return out


def _head_label(span: Span, label: str, heads: frozenset[str] | None = None,
                defined: bool = False) -> str:
    """A model's label for a span, corrected by its head noun: a Method naming a mathematical
    object is a Concept ("infinite-width limit", "softmax temperature"), a Method or Concept
    headed by "problem" a Task ("the optimal control problem"); with ``defined``, also an
    acronym the paper defines by such a long form ("AMDPs", "OCP")."""
    if heads is None:
        heads = load_lexicon().concept_heads
    if label == "Method" and (_mathematical_object(span, heads)
                              or (defined and _defined_non_method(span, heads))):
        label = "Concept"
    if label == "Metric" and _setting(span, heads):
        label = "Concept"  # "the learning rate": a setting of training, not a measure
    if label in ("Method", "Concept") and (
            _names_problem(span)
            or (defined and _defined_non_method(span, heads, _names_problem))):
        label = "Task"
    return label


#: Words that state a complexity's order ("linear complexity", "quadratic computational
#: complexity"): a property of a method, where "sample / query / computational complexity",
#: named by what it counts, is a measure of cost (a Metric, as SciERC annotates it 11 of 11).
_ORDERS = frozenset({"constant", "logarithmic", "sublinear", "linear", "log-linear",
                     "near-linear", "quasi-linear", "superlinear", "quadratic", "subquadratic",
                     "cubic", "polynomial", "exponential", "factorial"})
#: Modifiers that make "X regression" a model that solves regression, not the problem
#: ("logistic regression", "kernel ridge regression", "Gaussian process regression"). SciER's
#: train set has regression a Task 31 times of 49, its Methods mostly these.
_REGRESSION_MODELS = frozenset({"logistic", "ridge", "lasso", "kernel", "process", "vector",
                                "tree", "trees", "forest", "neural", "boosted", "softmax",
                                "probit", "isotonic"})


def _kind_by_head(span: Span, label: str) -> str:
    """The label a span's head noun states, whoever labelled it (the model or a noun chunk):
    a complexity by its order is a Concept and by what it counts a Metric; regression with no
    model named before it is a problem (a Task); a system only adjectives qualify is an object
    of study ("dynamical systems", "safety-critical systems"; a system a noun qualifies,
    "recommendation systems", is what the model says). Names keep their label, but an acronym
    the paper defines takes the kind its long form states ("dynamical systems (DS)")."""
    if label not in ("Method", "Concept", "Task", "Metric"):
        return label
    if not any(name_like_word(t.text) for t in span):
        return _kind_of_words(span, label)
    for kind in ("Concept", "Metric", "Task"):
        if kind != label and _defined_non_method(
                span, frozenset(), lambda long, kind=kind: _kind_of_words(long, label) == kind):
            return kind
    return label


def _kind_of_words(span: Span, label: str) -> str:
    """:func:`_kind_by_head` for a span that holds no name."""
    if any(name_like_word(t.text) for t in span):
        return label
    head = span[-1].lower_.rsplit("-", 1)[-1]
    words = {t.lower_ for t in span}
    if head == "complexity" and len(span) > 1:
        return "Concept" if words & _ORDERS else "Metric"
    if head == "regression" and label in ("Method", "Concept") and not (
            words & _REGRESSION_MODELS or any(t.text[:1].isupper() for t in span[1:])):
        return "Task"
    if (head in ("system", "systems") and label == "Method" and len(span) > 1
            and span[-2].tag_ in ("JJ", "JJR", "VBN") and span[-2].lower_ != "neural"
            and not any(t.text[:1].isupper() for t in span[1:])):
        return "Concept"
    return label


#: Nouns that say the things a sentence lists under them, or calls so, are objects of study
#: (Concepts) and no methods: "two principles: X and Y", "X is a phenomenon".
_PHENOMENON_NOUNS = frozenset({"phenomenon", "phenomena", "principle", "principles", "property",
                               "properties", "hypothesis", "hypotheses"})
#: Finite verbs: a list after a colon ends where a clause begins ("two properties: X improves").
_FINITE = frozenset({"VBZ", "VBP", "VBD", "MD"})


def _stated_phenomenon(span: Span) -> bool:
    """Whether the sentence states that a span names a phenomenon, principle, property or
    hypothesis: it is listed after a colon that ends such a noun's phrase ("we observe two
    phenomena in training: feature occlusion and feature splitting"), with no clause between
    the colon and it (words in parentheses aside), or it is the subject of "be" with such a
    noun ("forgetting is a phenomenon that ..."). A list after "two methods:" says nothing."""
    doc = span.doc
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be" and any(
            child.dep_ == "attr" and child.lower_ in _PHENOMENON_NOUNS
            for child in root.head.children):
        return True
    depth = 0
    for i in range(span.start - 1, span.sent.start - 1, -1):
        token = doc[i]
        if token.text == ")":
            depth += 1
        elif token.text == "(":
            depth -= 1
        elif depth > 0:
            continue
        elif token.text == ":":
            # The noun whose phrase the colon ends ("two phenomena in training:"): no verb
            # between them.
            return any(noun.lower_ in _PHENOMENON_NOUNS
                       and not any(t.pos_ in ("VERB", "AUX") for t in doc[noun.i + 1 : i])
                       for noun in doc[max(span.sent.start, i - 5) : i])
        elif token.text in (";", ".") or token.tag_ in _FINITE:
            return False
    return False


def _relabelled_by_head(span: Span) -> Span:
    """A model's mention grown to a new head noun, labelled as that head says
    (:func:`_head_label`)."""
    span.label_ = _head_label(span, span.label_)
    return span


def _name_start(span: Span, vague: frozenset[str] = frozenset()) -> int:
    """Where a name the model cut on its left starts: capitalized words right before the span
    in the same noun phrase are the name's own. Inside an abstract's sentence, where no
    sentence start capitalizes them ("Novel" of "Novel View Synthesis"); in the title, where
    every word is capitalized, those that are no vague modifier (``vague``: "Efficient",
    "Novel"), a hyphened word whole ("Disassembled Transformer", "Average-reward MDPs")."""
    doc = span.doc
    title_end = doc._.kg_title_end
    in_title = span.start < title_end
    if not span[0].text[:1].isupper():
        return span.start
    start = span.start
    while start > 0:
        first = start - 1  # the word before, a hyphened one whole
        while (first >= 2 and doc[first - 1].text == "-" and not doc[first - 1].whitespace_
               and not doc[first - 2].whitespace_):
            first -= 2
        word = doc[first:start]
        head = word[-1]
        if (not word[0].text[:1].isupper() or not word[0].is_alpha or word[-1].text == "-"
                or head.dep_ not in {"compound", "amod", "nmod"}
                or not start <= head.head.i < span.end
                or (in_title and (word.text.lower() in vague or word[0].lower_ in vague))
                or (not in_title and (word[0].is_sent_start or first < title_end))):
            break
        start = first
    return start


def _past_evaluative(doc: Doc, start: int, end: int, evaluative: frozenset[str]) -> int:
    """Where a model span starts past the evaluative words and the counts written in words
    leading it, a hyphened word whole ("Linear-Time High-Fidelity Diffusion Models" gives
    "Diffusion Models", "three new models" "models"): the annotation guide keeps "a novel",
    "state-of-the-art" out of a name. A capitalized word inside an
    abstract's sentence opens a name ("we study Efficient Attention Networks") and stays; the
    span keeps at least its last word."""
    while start < end - 1:
        word_end = start + 1
        while word_end < end - 1 and _hyphen_inside(doc, word_end):
            word_end += 2
        word = doc[start:word_end]
        counted = len(word) == 1 and word[0].is_alpha and word[0].like_num  # "three new X"
        if word_end >= end or (word.text.lower() not in evaluative and not counted) or (
                start >= doc._.kg_title_end and word.text[:1].isupper()
                and not word[0].is_sent_start):
            break
        start = word_end
    return start


def _past_title(doc: Doc, start: int, end: int) -> int:
    """Where a model span that runs from the title into the abstract starts: at the abstract
    ("Randomization\n\nReinforcement Learning" gives "Reinforcement Learning"); a title and
    the abstract's first sentence are separate text."""
    title_end = doc._.kg_title_end
    if not start < title_end < end:
        return start
    start = title_end
    while start < end - 1 and doc[start].is_space:
        start += 1
    return start


def _resized(span: Span, start: int, end: int) -> Span:
    """A mention over tokens ``start`` to ``end`` with ``span``'s label, source and score."""
    out = Span(span.doc, start, end, label=span.label_)
    out._.kg_source = span._.kg_source
    out._.kg_score = span._.kg_score
    return out


def _span_scores(spans) -> list[float]:
    """Each model span's term probability, where the component that made them kept one score
    per span (``attrs["scores"]``, as kg_transformer_spans and spaCy's spancat do); else 1.0."""
    scores = getattr(spans, "attrs", {}).get("scores")
    if scores is None or numpy.ndim(scores) != 1 or len(scores) != len(spans):
        return [1.0] * len(spans)
    return [float(score) for score in scores]


def _balanced(text: str) -> bool:
    """Whether every bracket the text opens it closes, and none it closes it did not open: a
    name never holds half a parenthesis ("FEM)-based", "(DP")."""
    opened: list[str] = []
    for char in text:
        if char in "([":
            opened.append(")" if char == "(" else "]")
        elif char in ")]" and (not opened or opened.pop() != char):
            return False
    return not opened


#: Tokens that may stand between a modifier and the noun it modifies inside one term.
_INSIDE_TERM = {"amod", "compound", "nmod", "npadvmod", "punct", "hmod", "nummod"}


def _whole_term(span: Span, mentions: list[Span], generic_heads: frozenset[str] = frozenset()
                ) -> Span | None:
    """A mention that ends in an adjective or a hyphened modifier of a noun after it
    ("closed-loop" in "closed-loop control", "Low-rank" in "Low-rank Attention Approximation")
    names half a term: it is extended to that noun when only the term's own modifiers stand
    between and no other mention lies there, else dropped. Names ("STL-10" in "the STL-10
    dataset"), modifiers of a generic head noun (``generic_heads``: "long-range-arena tasks")
    and suspended ones ("self-driving and urban robotics simulation") are left as they are."""
    last = span[-1]
    head = last.head
    modifier = last.pos_ == "ADJ" or (len(span) > 1 and span[-2].text == "-")
    if (not modifier or last.dep_ not in {"amod", "compound", "nmod"} or head.i < span.end
            or head.pos_ not in {"NOUN", "PROPN"} or any(name_like(t) for t in span)
            or head.lemma_.lower() in generic_heads):
        return span
    between = span.doc[span.end : head.i]
    if any(t.pos_ == "CCONJ" for t in between):
        return span
    if head.i - span.end > 3 or any(t.dep_ not in _INSIDE_TERM or t.is_sent_start or (
            t.is_punct and t.text not in {"-", "/"}) for t in between):
        return None
    if any(o is not span and o.start < head.i + 1 and o.end > span.end for o in mentions):
        return None
    return _resized(span, span.start, head.i + 1)


def _whole_compound(span: Span, mentions: list[Span], heads: frozenset[str] = frozenset()
                    ) -> Span:
    """A mention whose last word is a noun modifying the common noun right after it ("softmax"
    of "the softmax function", "regret" of "a regret bound") names only the modifier of a
    longer term: it takes in that noun. Left as they are: names used as modifiers ("the
    STL-10 dataset", "BERT embeddings"), a noun after it that names no thing of its own
    (``heads``: the lexicon's generic and non-term heads, "algorithm", "performance"), and
    a noun another mention already holds. The new head may change the label
    (:func:`_relabelled_by_head`: "softmax temperature" is a Concept)."""
    doc = span.doc
    last = span[-1]
    if span.end >= len(doc):
        return span
    head = doc[span.end]
    if (last.dep_ != "compound" or last.head.i != head.i or last.pos_ != "NOUN"
            or head.pos_ != "NOUN" or head.is_sent_start or not head.is_alpha
            or any(name_like(t) or name_like_word(t.text) for t in span)
            or head.lemma_.lower() in heads or head.lower_ in heads
            or (head.dep_ == "compound" and head.head.i > head.i)):
        return span
    if any(o is not span and o.start <= head.i < o.end for o in mentions):
        return span
    return _relabelled_by_head(_resized(span, span.start, span.end + 1))


def _own_initials(doc: Doc) -> set[str]:
    """The capital letters of the paper's own short names: its title's artefact ("LeMoLE"
    gives LMLE) and the short forms it defines ("MoE" gives ME)."""
    spans = [doc[ss:se] for _, _, ss, se in doc._.kg_acronyms or []]
    if doc._.kg_artefact is not None:
        spans.append(doc[doc._.kg_artefact[0] : doc._.kg_artefact[1]])
    out = {"".join(c for c in span.text.removesuffix("s") if c.isupper()) for span in spans}
    return {letters for letters in out if len(letters) >= 2}


def _initials(words: Span) -> str:
    """The first letters of the words (a hyphened word once, "of" none), capitalized."""
    out = []
    for token in words:
        if token.lower_ == "of" or token.text == "-" or (
                token.i > words.start and words.doc[token.i - 1].text == "-"
                and not words.doc[token.i - 1].whitespace_):
            continue
        out.append(token.text[0].upper())
    return "".join(out)


def _through_of(doc: Doc, mentions: list[Span]) -> list[Span]:
    """A mention right before "of" whose words, "of" and the words after it spell one of
    the paper's own short names (:func:`_own_initials`) names only the start of that name
    ("LLM-enhanced mixture" of "an LLM-enhanced mixture of linear experts" in a paper named
    LeMoLE): it takes in the rest, and mentions inside the rest go."""
    names = _own_initials(doc)
    if not names:
        return mentions
    out = list(mentions)
    for span in mentions:
        if span.end + 1 >= len(doc) or doc[span.end].lower_ != "of":
            continue
        end = span.end + 1
        while end < min(len(doc), span.end + 6) and (doc[end].is_alpha or (
                doc[end].text == "-" and not doc[end].whitespace_)):
            end += 1
            if doc[end - 1].is_alpha and _initials(doc[span.start : end]) in names:
                whole = _resized(span, span.start, end)
                out = [whole if o is span else o for o in out
                       if o is span or not (span.end <= o.start and o.end <= end)]
                break
    return out


def _adjective_words(doc: Doc) -> frozenset[str]:
    """The words the abstract uses as adjectives and never as nouns (a title's capitals hide
    a word's part of speech from the tagger; its abstract shows it)."""
    title_end = doc._.kg_title_end
    adjectives, nouns = set(), set()
    for token in doc[title_end:]:
        if token.pos_ == "ADJ":
            adjectives.add(token.lower_)
        elif token.pos_ in {"NOUN", "PROPN"}:
            nouns.add(token.lower_)
    return frozenset(adjectives - nouns)


def _past_adjective(span: Span, mentions: list[Span], adjectives: frozenset[str]
                    ) -> Span | None:
    """A one-word mention that is an adjective (tagged so, or a word the abstract uses only as
    one: ``adjectives``) names no thing: in a title, where the capitalized words after it run
    on to the title's end or its punctuation ("for Sparse Object Segmentation"), it is the
    start of that name and takes them in; elsewhere it is dropped ("exploits the monocular
    prior")."""
    word = span[0]
    if (len(span) != 1 or not word.is_alpha or name_like_word(word.text)
            or (word.pos_ != "ADJ" and word.lower_ not in adjectives)):
        return span
    doc = span.doc
    end = span.end
    if span.start < doc._.kg_title_end:
        while (end < doc._.kg_title_end and doc[end].is_alpha and doc[end].text[:1].isupper()
               and not doc[end].is_stop):
            end += 1
    if end == span.end or any(o is not span and o.start < end and o.end > span.start
                              for o in mentions):
        return None
    return _resized(span, span.start, end)


def _hyphen_inside(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen written inside a word ("Accuracy-Robustness")."""
    return (0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i].whitespace_
            and not doc[i - 1].whitespace_ and doc[i + 1].text[:1].isalnum())


def _whole_words(span: Span, mentions: list[Span]) -> Span | None:
    """A mention whose edge falls inside a hyphened word ("Accuracy" of
    "Accuracy-Robustness Trade-Off", "DSA" of "MoSt-DSA") names part of a word. It takes in
    the rest of the word where that is a name's part ("MoSt-DSA") or a rule found it (a noun
    chunk the parser cut: "modulus non" of "modulus non-linearity"); a name used as a modifier
    stays as it is ("CATS" of "CATS-based"); a trained model's other cuts, and any cut where
    another mention holds the rest of the word, are dropped (the rules' whole phrase can then
    take a model span's place)."""
    doc = span.doc
    start, end = span.start, span.end
    while start >= 2 and _hyphen_inside(doc, start - 1):
        start -= 2
    while end < len(doc) - 1 and _hyphen_inside(doc, end):
        end += 2
    if (start, end) == (span.start, span.end):
        return span
    added = [t for t in (*doc[start:span.start], *doc[span.end:end]) if t.text != "-"]
    if any(o is not span and o.start < end and o.end > start
           and not (span.start <= o.start and o.end <= span.end) for o in mentions):
        return None
    if not all(name_like_word(t.text) for t in added):
        if any(name_like_word(t.text) for t in span):
            return span
        if span._.kg_source == "model":
            return None
    return _resized(span, start, end)


def _own_name(span: Span) -> Span:
    """"X-based Y" where X is the paper's own named contribution (its title's artefact,
    "CATS: ...") is a mention of X: the annotation guide's exception to "X-based Y" naming a
    kind of Y ("CATS-based models" gives CATS; "Transformer-based models" stays whole). Written
    without the hyphen, "X based Y" after a name reads as Y built on X, and names X
    ("GroupNorm based layers")."""
    doc = span.doc
    artefact = doc._.kg_artefact
    if span.start < doc._.kg_title_end:
        return span
    name = doc[artefact[0]:artefact[1]].text if artefact is not None else None
    for i in range(span.start + 1, span.end - 1):
        if doc[i].text != "based":
            continue
        hyphen = doc[i - 1].text == "-" and not doc[i - 1].whitespace_
        left = doc[span.start : i - 1 if hyphen else i]
        if len(left) and (left.text == name or (
                not hyphen and doc[i - 1].whitespace_ and all(name_like_word(t.text)
                                                              for t in left))):
            return _resized(span, left.start, left.end)
    return span


_YEAR = re.compile(r"(?:19|20)\d\d")


def _with_year(span: Span) -> Span:
    """A dataset's name goes on over the year of its edition written right after it ("MS
    COCO 2014", "VOC 2007"): the two editions are different datasets."""
    doc = span.doc
    if (span.label_ != "Dataset" or span.end >= len(doc) or not span[-1].whitespace_
            or not _YEAR.fullmatch(doc[span.end].text)
            or (span.end + 1 < len(doc) and _hyphen_inside(doc, span.end + 1))):
        return span
    return _resized(span, span.start, span.end + 1)


#: Heads that say what role a named thing plays, not what it is: "KV cache eviction baselines"
#: names KV cache eviction.
_ROLE_HEADS = {"baseline", "baselines"}


#: Heads that add nothing to the name of a learning paradigm before them: "reinforcement
#: learning methods" are reinforcement learning (SciER's training set, too, ends the name at
#: "learning" 44 times of 56), "machine learning systems" machine learning; "learning" itself
#: with one of them ("a learning paradigm") names no particular thing.
_KIND_HEADS = {"model", "models", "method", "methods", "approach", "approaches", "algorithm",
               "algorithms", "technique", "techniques", "system", "systems", "paradigm",
               "paradigms", "framework", "frameworks"}


def _name_core(span: Span, evaluative: frozenset[str]) -> Span | None:
    """A mention without what is no part of a name at its end: an evaluative word ("Making RL
    with Preference-based Feedback Efficient" names preference-based feedback), a role noun
    after a noun ("KV cache eviction baselines") and a kind after a learning paradigm
    ("machine learning models"); None when nothing is left, or nothing but "learning"
    ("learning paradigm")."""
    end = span.end
    while end > span.start and span.doc[end - 1].pos_ != "NOUN" and (
            span.doc[end - 1].lower_ in evaluative):
        end -= 1
    last, before = span.doc[end - 1], span.doc[end - 2]
    role = last.lower_ in _ROLE_HEADS and before.pos_ in {"NOUN", "PROPN"}
    kind = last.lower_ in _KIND_HEADS and before.lower_ == "learning"
    if kind and end - span.start == 2:
        return None  # "learning paradigm", "learning algorithms"
    if end - span.start > 1 and (role or kind):
        end -= 1
    if end == span.end:
        return span
    if end == span.start:
        return None
    return _resized(span, span.start, end)


#: Heads that name what a paper claims or offers about its subject, not a thing studied:
#: an adjective alone does not make one of them a particular term ("a mathematical theory",
#: "statistical guarantees", "faithful explanations"); a noun does ("learning theory",
#: "random matrix theory", "DP guarantees").
_CLAIM_HEADS = {"theory", "guarantee", "motivation", "evidence", "insight", "intuition",
                "justification", "explanation", "perspective"}


def _described_claim(span: Span, lexicon: Lexicon) -> bool:
    """Whether a mention is a claim head (:data:`_CLAIM_HEADS`) with adjectives alone before
    it (in a title, capitalized words with an adjective's ending), no name among them and no
    known term: a generic phrase, whatever labelled it."""
    last = span[-1]
    if (len(span) < 2 or not {last.lemma_.lower(), singular(last.lower_)} & _CLAIM_HEADS
            or fold(span.text).lower() in lexicon.known_terms):
        return False
    title_end = span.doc._.kg_title_end
    return all(not name_like_word(t.text) and (
        t.pos_ in {"ADJ", "ADV"}
        or (t.i < title_end and t.text[:1].isupper() and t.lower_.endswith(_ADJECTIVE_ENDINGS)))
        for t in span[:-1])


#: Endings of English adjectives, for a title's capitalized words, which the tagger reads as
#: proper nouns ("A Mathematical Theory of ...", "... and Statistical Guarantees").
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ful", "ous", "able", "ible", "ary", "less")


def _owner(span: Span, mentions: list[Span], lexicon: Lexicon) -> bool:
    """Whether a mention names who owns something, not a scientific term: one plain capitalized
    word (no acronym, CamelCase or digits; no known term) written only as a possessor in the
    paper ("Google's novel Griffin architecture", "Kendall's tau"), as an organisation or a
    person is; a term is also used on its own ("Mamba's potential" beside "Mamba
    outperforms")."""
    doc = span.doc
    if (len(span) != 1 or span.end >= len(doc) or doc[span.end].tag_ != "POS"
            or not span.text[:1].isupper() or not span[0].is_alpha
            or name_like_word(span.text) or fold(span.text).lower() in lexicon.known_terms):
        return False
    artefact = doc._.kg_artefact
    if artefact is not None and doc[artefact[0]:artefact[1]].text == span.text:
        return False
    word = span.text.lower()
    return not any(m.text.lower() == word and (m.end >= len(doc) or doc[m.end].tag_ != "POS")
                   for m in mentions)


def _number_format(span: Span) -> bool:
    """"precision" after a number format ("FP4 precision", "mixed precision"): not the metric."""
    root = span.root
    return root.lemma_.lower() == "precision" and any(
        _NUMBER_FORMAT.fullmatch(t.text) for t in span[: root.i - span.start])


def _rank_start(span: Span) -> int:
    """Where a metric's name starts, taking in a rank written just before it ("top-1" in
    "top-1 accuracy", however the tokenizer split it)."""
    doc = span.doc
    for width in (1, 2, 3):
        start = span.start - width
        if start >= 0 and _RANK.fullmatch(doc[start:span.start].text.replace(" ", "")):
            if any(o.start < span.start and o.end > start
                   for o in doc.spans.get(MODEL_SPANS, [])):
                return span.start  # the rank is another span's
            return start
    return span.start


#: Title prepositions before a capitalized name and the label they give it: "X via Adaptive
#: Feature Decoupling" names a technique, "X for Contact-rich Robotic Manipulation" a task.
_TITLE_CUES = {"via": "Method", "using": "Method", "through": "Method", "by": "Method",
               "for": "Task"}
#: Small words a title's capitalized name may keep lower case.
_TITLE_SMALL = {"of", "and", "in", "on", "for", "to", "the", "a", "an", "with"}


def _title_cue(span: Span) -> str | None:
    """The label a title's preposition gives the capitalized noun phrase it governs (every word
    of it capitalized, as in a title-case title): :data:`_TITLE_CUES`; None elsewhere."""
    doc = span.doc
    if span._.kg_source != "noun_chunk" or span.end > doc._.kg_title_end:
        return None
    words = [t for t in span if t.is_alpha]
    if not words or any(not t.text[:1].isupper() and t.lower_ not in _TITLE_SMALL
                        and not (t.i > 0 and doc[t.i - 1].text == "-") for t in words):
        return None
    root = span.root
    if root.dep_ != "pobj" or root.head.i != span.start - 1:
        return None
    if span.end < len(doc) and doc[span.end].text == "-" and not doc[span.end - 1].whitespace_:
        return None  # the phrase goes on past a hyphen ("Continuous Sequence-to-Sequence")
    return _TITLE_CUES.get(root.head.lower_)


def _precise(span: Span, lexicon: Lexicon) -> bool:
    """A rule mention worth adding next to a trained model's: from a precise source (titles'
    artefacts, acronyms, named datasets), a known term, a model named by its size ("Foo-13B",
    "Bar 7B": the annotation guide's separate concepts, which a trained model that saw few
    of them leaves out), or a name typed by a strong cue ("we propose X", "evaluated on X",
    "X outperforms", "in terms of X")."""
    if span._.kg_source in PRECISE_SOURCES or fold(span.text).lower() in lexicon.known_terms:
        return True
    if _MODEL_SIZE.search(span.text) and any(name_like(t) for t in span):
        return True
    return any(name_like(t) for t in span) and _sentence_cue(span) is not None


def label_candidate(span: Span, lexicon: Lexicon) -> str | None:
    """The label that the lexicons, the candidate's hint, its shape or its sentence give it."""
    known = lexicon.known_terms.get(fold(span.text).lower())
    if known:
        return known
    if span._.kg_hint:
        return span._.kg_hint
    if _MODEL_SIZE.search(span.text):
        return "Method"
    root = span.root
    lemma = root.lemma_.lower()
    head_label = lexicon.label_for_head(lemma) or lexicon.label_for_head(root.lower_)
    if head_label:
        if len(span) == 1 and lemma in lexicon.broad_heads:
            return None
        if _number_format(span):
            return "Concept"
        return head_label
    if span[-1].lower_.endswith(_METHOD_SUFFIXES) and span[-1].text[:1].isupper():
        return "Method"
    return _sentence_cue(span)


def _sentence_cue(span: Span) -> str | None:
    doc = span.doc
    before = doc[max(span.sent.start, span.start - 4) : span.start].text.lower()
    if before.endswith(_METRIC_CUES):
        return "Metric"
    # A size ("13B", "7B-parameter") or another quantity is no name of the thing: "we release
    # three new 13B parameter models" describes models, and names none.
    # A dimension ("3D signed distance fields") is no name either.
    has_name = any(name_like(t) and not _QUANTITY.fullmatch(t.text)
                   and not _DIMENSION.fullmatch(t.text) for t in span)
    if has_name and _evaluated_on(span):
        return "Dataset"
    head = span.root.head
    if has_name and _compared_method(span):
        return "Method"
    if has_name and head.lemma_.lower() in _PROPOSE_LEMMAS and span.root.dep_ in {"dobj", "oprd",
                                                                                   "attr"}:
        return "Method"
    return None


def _evaluated_on(span: Span) -> bool:
    """After "on"/"across" that hangs off an evaluation word ("evaluated on X", "experiments on
    X and Y", "results on X"), and not hardware ("on an A100 GPU")."""
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    prep = token.head
    if prep.lower_ not in {"on", "across", "over"} or prep.dep_ != "prep":
        return False
    if span[-1].lower_ in _HARDWARE:
        return False
    return prep.head.lemma_.lower() in _EVAL_LEMMAS


def _compared_method(span: Span) -> bool:
    """Subject or object of "outperforms"/"surpasses" (directly or as a listed example)."""
    token = span.root
    for _ in range(4):
        if token.dep_ in {"nsubj", "dobj"} and token.head.lemma_.lower() in _OUTPERFORM:
            return True
        if token.dep_ == "pobj" and token.head.lower_ == "than":
            return True
        if token.dep_ not in {"conj", "pobj", "prep", "appos"} or token.head.i == token.i:
            return False
        token = token.head
    return False


def _share_acronym_labels(doc: Doc, candidates: list[Span],
                          labels: dict[tuple[int, int], str | None]) -> None:
    """A defined acronym and its long form share one label; so do later uses of the acronym."""
    by_long: dict[str, str] = {}
    for long_start, long_end, short_start, short_end in doc._.kg_acronyms or []:
        label = (labels.get((long_start, long_end)) or labels.get((short_start, short_end))
                 or "Concept")
        labels[(long_start, long_end)] = labels[(short_start, short_end)] = label
        by_long.setdefault(doc[long_start:long_end].text, label)
    for span in candidates:
        if span._.kg_source == "acronym_use" and span._.kg_long in by_long:
            labels[(span.start, span.end)] = by_long[span._.kg_long]


def _share_conjunct_labels(candidates: list[Span],
                           labels: dict[tuple[int, int], str | None]) -> None:
    """An untyped name coordinated with a typed one takes its label ("on COCO and LVIS")."""
    by_root = {span.root.i: labels[(span.start, span.end)] for span in candidates}
    for span in candidates:
        key = (span.start, span.end)
        if labels[key] is None and span.root.dep_ == "conj" and any(name_like(t) for t in span):
            labels[key] = by_root.get(span.root.head.i)


def _dataset_or_concept(span: Span, lexicon: Lexicon) -> str:
    """A "material" span is a Dataset when it names a dataset or corpus, else a Concept."""
    if lexicon.known_terms.get(fold(span.text).lower()) == "Dataset":
        return "Dataset"
    if lexicon.label_for_head(span.root.lemma_) == "Dataset":
        return "Dataset"
    return "Dataset" if any(name_like(t) for t in span) else "Concept"


def _corroborated_dataset(span: Span, lexicon: Lexicon) -> str:
    """A model's Dataset stays one when something else says so too: the lexicon, a dataset
    head word in or right after it ("the BEIR benchmark"), or an evaluation cue ("evaluated
    on X"). The models tag many unseen names as datasets ("CATS", "KV cache", "Mistral-7B");
    those take the rules' label, else Method (what most new names in abstracts are)."""
    if span[-1].lower_ in _HARDWARE:
        return "Concept"  # "GPU", "A100 GPUs": what runs the model, not data
    rule = label_candidate(span, lexicon)
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if rule == "Dataset" or (after is not None and after.pos_ in {"NOUN", "PROPN"}
                             and lexicon.label_for_head(after.lemma_) == "Dataset"):
        return "Dataset"
    return rule or "Method"


def _fallback(span: Span) -> str | None:
    """Concept for what looks like a term (a name, or several words with a noun head)."""
    if any(name_like(t) for t in span):
        return "Concept"
    if len(span) >= 2 and span.root.pos_ in {"NOUN", "PROPN"}:
        return "Concept"
    return None
