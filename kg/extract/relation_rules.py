"""Relations from cue patterns over the dependency parse, as the spaCy component ``kg_relations``.

Writes ``doc._.kg_relations``: ``(type, head, tail, confidence, pattern, sentence_index)`` tuples
where head and tail index ``doc.spans["kg_mentions"]`` (head None: the paper itself, PROPOSES).

Patterns (confidence in brackets):

- PROPOSES: a title's named artefact [0.9]; a title that opens with a Method's name ("FooNet
  for T") [0.7]; "we propose/introduce/present X" [0.8 names, 0.6], the unnamed ones only where
  the paper names no contribution (see ``_Finder.proposes``).
- USED_FOR: "M for T" [0.7]; "M, a method for T", "M is a method for T" [0.6]; "T
  with/using/via/by M" and "use/apply M to/for T" [0.6]; tasks in the description of a
  title's artefact [0.6]; "a T architecture (we call) M" [0.6]; a method
  validated on "T datasets" [0.6 / 0.5]; "we present an approach that automates T" [0.6].
- EVALUATED_ON: a dataset after "on/across" in a sentence about evaluation, the method being the
  verb's object or subject, or else the paper's proposed method [0.6 / 0.5].
- COMPARED_WITH: "M outperforms/surpasses N" [0.7]; "M is better than / superior to N",
  "M performs as well as / on par with N", "compared with N" [0.6 / 0.5].
- EVALUATES: "in terms of / regarding METRIC", "achieves / shows METRIC", "with 5% higher
  METRIC" -> the clause's method; "M reduces / improves METRIC" (a Method subject); "the METRIC
  of M", "M's METRIC"; "evaluate M by / using METRIC" [0.5].
- PART_OF: "M consists of / incorporates P", "M, which introduces P" [0.6]; a title's "X: Y
  with / via / based on P" [0.6]; after the paper's method is introduced, "we introduce /
  adopt / propose P", "P is adopted" [0.5].
- IS_A: "X such as Y, Z", "X including Y", "X like Y", "X (e.g. Y)", "the X technique Y"
  [0.6]; over the whole paper (title and abstract), a name that is another of its names
  narrowed by modifier words ("multiclass naive Bayes", "naive Bayes") [0.6].

"Our method", "the proposed model", "we" and "it" stand for the paper's proposed method.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.canon import fold, is_acronym, split_words
from kg.extract.candidates import doc_text
from kg.extract.cues import load_cues
from kg.extract.labeler import MENTIONS
from kg.extract.lexicon import load_lexicon
from kg.schema import GOLD_SCHEMES, SCHEMA, GoldScheme

Doc.set_extension("kg_relations", default=None, force=True)
#: How the pattern of a relation taken from the trained model starts ("model Used-For").
MODEL_PATTERN = "model "
#: The pattern of the paper-level rule of :meth:`_Finder.modifier_kinds`.
MODIFIER_KIND = "modifier + X"
#: Parts of speech a modifier that narrows a name never is: a determiner, pronoun, number,
#: adverb, preposition, conjunction or bracket ("our X", "two X", "substantially fewer X",
#: "backpropagation through X", "A and X", "(costly) X").
_NOT_NARROWING = {"DET", "PRON", "NUM", "ADV", "ADP", "CCONJ", "SCONJ", "PART"}
#: Tags of the same: a possessive, a finite or bare verb ("encode relative X") and punctuation
#: other than a hyphen ("(costly) X"; "query-aware X" narrows).
_NOT_NARROWING_TAGS = {"POS", "PRP$", "VB", "VBD", "VBP", "VBZ", "-LRB-", "-RRB-", ",", ":",
                       "''", "``", "."}
#: A size or version ("13B", "7b", "v2", "2.5"): the guide's separate concepts, not kinds.
_SIZE = re.compile(r"\d+(?:\.\d+)?[kmbt]?|v\d[\w.]*", re.IGNORECASE)

_CUES = load_cues()
_PROPOSE = _CUES["propose"]
_AUTHOR_SUBJECTS = _CUES["author_subjects"]
_SELF_HEADS = _CUES["self_heads"]
_USE = _CUES["use"]
_WITH = _CUES["instrument"]
_OUTPERFORM = _CUES["outperform"]
_BETTER = _CUES["better"]
_ACHIEVE = _CUES["achieve"]
_EVAL = _CUES["evaluation"]
_NOVELTY = _CUES["novelty"]
_NAMING = _CUES["naming"]
#: Words that make a sentence a comparison: a COMPARED_WITH edge needs one.
_COMPARISON = _CUES["comparison"]
_COMPOSITION = _CUES["composition"]
#: "we introduce / adopt P" after the paper's method is introduced: P is a part of it.
_ADDS = _CUES["adds"]
_TITLE_PARTS = _CUES["title_parts"]
_STUDY = _CUES["study"]
#: Words that say a proposed thing is a dataset / a metric (a paper proposes one only then).
_PROPOSED_KIND = {"Dataset": _CUES["dataset_heads"], "Metric": _CUES["metric_heads"]}
#: Heads of a whole, a dataset or a metric: what "we propose" names after the paper's method is
#: introduced that is no part of it ("we propose a framework").
_WHOLE_HEADS = _SELF_HEADS | _PROPOSED_KIND["Dataset"] | _PROPOSED_KIND["Metric"]
#: What follows a name that only qualifies the contribution: "an RL algorithm", "a
#: reinforcement learning (RL)-based framework" (the contribution is the algorithm or framework,
#: built on the name).
_QUALIFIES = re.compile(r"\s*(?:\([^()]{1,15}\))?\s*(?:-?\s*based\b|(?:"
                        + "|".join(sorted(_SELF_HEADS)) + r")s?\b)", re.IGNORECASE)
#: What follows a name that only says what a thing is built on ("X (XB)-based model"; not "X
#: based on Y", where X is the thing).
_BASED = re.compile(r"\s*(?:\([^()]{1,15}\))?\s*-?\s*based\b(?!\s+(?:on|upon)\b)",
                    re.IGNORECASE)
#: Last words of a title's opening phrase that name a problem or a result, not a method.
_PROBLEM_HEADS = _CUES["problem_heads"]
#: Words a title's leading name may stand before ("FooNet for T", "FooNet with P").
_TITLE_LEAD_ENDS = {"for", "with", "via", "using", "in", "on", "through", ":"}
_PROPOSABLE = {"Method", "Dataset", "Metric"}
#: Prepositions of a setting or a means ("for linear models", "with fixed filters"); not "of /
#: in / over / by", which as often name a party ("the efficiency of N", "a speed-up over N").
_SETTING_PREPS = {"for", "with", "to", "across"}
#: Words that compare by likeness ("performs similarly to N", "close to N").
_LIKENESS = {"similar", "similarly", "close", "closer", "equal", "equivalent", "relative",
             "analogous", "akin", "identical"}
#: Verbs of how well something does ("M performs as well as N").
_PERFORM = {"perform", "work", "do", "generalize", "generalise", "scale"}
#: Verbs that show a result: "M demonstrates much better recall than N".
_EXHIBIT = {"demonstrate", "show", "exhibit", "deliver", "display"}
#: Verbs whose object can be a result the subject shows: "M achieves / shows METRIC".
_SHOWS = _ACHIEVE | _EXHIBIT
#: Nouns of how well something does: "strong performance in T tasks".
_OUTCOMES = {"performance", "result", "success", "gain", "improvement", "progress"}
#: Verbs whose object can be what their subject is a kind of ("X extends Y", "we call X a Y").
_KIND_VERBS = {"include", "contain", "comprise", "call", "name", "term", "consider", "treat",
               "view", "regard", "extend", "generalize", "generalise", "specialize",
               "instantiate", "be", "become", "form", "constitute", "represent"}
#: Dependency links of a clause beside another (not a reduced relative "N using X", nor a
#: complement "M is found to be better than N"): a comparison word outside one does not
#: govern what is in it (:meth:`_Finder._apart_from_comparison`).
_CLAUSES = {"advcl", "relcl", "parataxis"}
#: Verbs of a change measured against something ("reducing the inference time of N"): a
#: clause with one compares with what it names.
_CHANGE = {"reduce", "decrease", "increase", "shorten", "cut", "halve", "double", "speed",
           "accelerate", "boost", "enhance", "lift", "raise", "save"}
#: The lemmas that make a clause compare: a comparison word or a change.
_COMPARING = _COMPARISON | _CHANGE
#: Prepositions of a means of measuring: "evaluate M by / using / with METRIC".
_MEASURED_BY = {"by", "using", "with", "via", "through"}
#: Verbs of judging a thing by a measure ("we evaluate / assess / measure M by METRIC").
_ASSESS = {"evaluate", "assess", "measure", "quantify", "benchmark", "compare", "judge",
           "rank", "score"}
#: Parts of speech of a predicate: a verb or an adjective ("is compatible with N").
_PREDICATES = {"VERB", "AUX", "ADJ"}


def _coordinated_predicate(token: Token) -> bool:
    """Whether a token is a predicate coordinated with another ("M outperforms N but is
    compatible with L", "M reduces memory and supports L"): each conjunct states its own
    fact, as a clause of its own does."""
    return token.dep_ == "conj" and token.pos_ in _PREDICATES \
        and token.head.pos_ in _PREDICATES


_MODIFIERS = {"amod", "compound", "nmod", "npadvmod", "advmod"}
#: Labels a part of a method can have ("X consists of P").
_PART_LABELS = {"Method", "Concept"}
#: Nouns that group what follows them: "a family of X" proposes X.
_COLLECTIVES = {"family", "set", "suite", "series", "class", "collection", "pair"}
#: Dependency links that lead from a phrase to the items it lists: its conjuncts, a
#: parenthesised or appositive list, and examples ("A, B and C", "datasets (A, B)",
#: "components, including A and B").
_LIST_LINKS = {"conj", "appos"}

#: Nouns of the forms a thing takes, not of its parts ("LOOP incorporates both model-based
#: and value-based incarnations").
_FORMS = {"incarnation", "variant", "version", "instance", "instantiation", "flavor",
          "flavour", "variation", "form", "implementation", "realization", "realisation"}
#: Participles that say what a thing is made of ("a network comprising P").
_COMPOSED_OF = {"consist", "comprise", "contain", "incorporate", "integrate", "combine",
                "include", "feature", "equip"}
#: What separates the items of a written list: "A (AA), B, and C".
_LIST_GAP = re.compile(r"\)?\s*(?:\([^()]{1,20}\))?\s*,?\s*(?:(?:and|or)\s+)?"
                       r"(?:(?:a|an|the)\s+)?\(?", re.IGNORECASE)

Relation = tuple[str, int | None, int, float, str, int]


@Language.factory("kg_relations", default_config={"scheme": "", "patterns": True},
                  requires=["doc.spans", "token.dep"], assigns=["doc._.kg_relations"])
def make_relations(nlp: Language, name: str, scheme: str, patterns: bool) -> RelationFinder:
    return RelationFinder(scheme, patterns)


class RelationFinder:
    """Applies the cue patterns of the module docstring to each doc; with a trained model's
    ``scheme``, adds the model's relations (``doc._.kg_rel``) mapped to graph types. Without
    ``patterns``, only PROPOSES and the model's relations (the ablation's switch)."""

    def __init__(self, scheme: str = "", patterns: bool = True) -> None:
        self.scheme = GOLD_SCHEMES[scheme] if scheme else None
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_relations = _Finder(doc, self.scheme, self.patterns).run()
        return doc


class _Finder:
    def __init__(self, doc: Doc, scheme: GoldScheme | None = None,
                 patterns: bool = True) -> None:
        self.doc = doc
        self.scheme = scheme
        self.patterns = patterns
        self.mentions: list[Span] = list(doc.spans.get(MENTIONS, []))
        self._index()
        self.sentence_index = {s.start: i for i, s in enumerate(doc.sents)}
        self.found: dict[tuple[str, int | None, int], tuple[float, str, int]] = {}
        self.main: int | None = None
        self._introduction: int | None = None  # where the abstract introduces self.main
        #: Folded names the title gives as parts of its artefact ("X: ... with P").
        self.title_part_names: set[str] = set()
        self._main_named = False
        #: Per sentence start, the Methods it pairs each Task with (:meth:`_pairings`).
        self._paired: dict[int, dict[int, set[int]]] = {}
        self.text = doc_text(doc)
        #: Each folded mention name's earliest end in the abstract (titles aside), so that
        #: :meth:`_named_before` is a lookup, not a scan of every mention.
        self._first_end: dict[str, int] = {}
        for mention in self.mentions:
            if mention.start >= (doc._.kg_title_end or 0):
                name = fold(mention.text)
                self._first_end[name] = min(self._first_end.get(name, mention.end), mention.end)

    def _index(self) -> None:
        self.by_token: dict[int, int] = {}
        for idx in sorted(range(len(self.mentions)), key=lambda i: -len(self.mentions[i])):
            for token in self.mentions[idx]:
                self.by_token.setdefault(token.i, idx)
        # Mention indices by start token, so that a sentence finds its mentions by bisection
        # rather than by a scan of the whole doc's mentions (quadratic on a long abstract).
        self._by_start = sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].start)
        self._starts = [self.mentions[i].start for i in self._by_start]

    # -- helpers -------------------------------------------------------------------------
    def label(self, idx: int | None) -> str | None:
        return None if idx is None else self.mentions[idx].label_

    def mention_at(self, token: Token | None, label: str | None = None) -> int | None:
        if token is None:
            return None
        idx = self.by_token.get(token.i)
        if idx is not None and (label is None or self.mentions[idx].label_ == label):
            return idx
        return None

    def add(self, rel: str, head: int | None, tail: int | None, confidence: float,
            pattern: str, sentence: Span) -> None:
        if tail is None or head == tail or (head is None and rel != "PROPOSES"):
            return
        key = (rel, head, tail)
        if key not in self.found or self.found[key][0] < confidence:
            self.found[key] = (confidence, pattern, self.sentence_index[sentence.start])

    def self_reference(self, token: Token) -> bool:
        """"we", "it", "our method", "the proposed / resulting model", "this framework"; not
        a head a name of another method modifies ("the newly proposed Foo model" is Foo)."""
        lemma = token.lemma_.lower()
        if lemma in {"we", "it"}:
            return True
        return lemma in _SELF_HEADS and any(
            c.lower_ in {"our", "this", "proposed", "resulting"} for c in token.children
        ) and self._naming_modifier(token) is None

    def _naming_modifier(self, token: Token) -> int | None:
        """The Method whose name modifies a generic head ("the Foo model", "the newly proposed
        Foo model"), other than the paper's own method."""
        for child in token.children:
            if child.dep_ in {"compound", "nmod"} and child.i < token.i:
                idx = self.mention_at(child, "Method")
                if idx is not None and idx != self.main and self.mentions[idx].end == token.i:
                    return idx
        return None

    def subject(self, verb: Token) -> Token | None:
        for _ in range(4):
            for child in verb.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    return child
            if verb.dep_ in {"conj", "xcomp", "advcl", "ccomp"} and verb.head.i != verb.i:
                verb = verb.head
            else:
                return None
        return None

    def method_subject(self, verb: Token) -> tuple[int | None, float]:
        """The Method a clause is about: its subject, or the proposed method for "we"/"ours"."""
        subject = self.subject(verb)
        if subject is None:
            return self.main, 0.5
        idx = self.mention_at(subject, "Method")
        if idx is None and subject.lemma_.lower() in _SELF_HEADS and subject.tag_ == "NN":
            idx = self._naming_modifier(subject)  # "the Foo model outperforms N": Foo
        if idx is not None:
            return idx, 0.6
        if (self.self_reference(subject) or subject.dep_ == "nsubjpass"
                or subject.lemma_.lower() in _EVAL):
            return self.main, 0.5
        return None, 0.0

    def governing_verb(self, token: Token) -> Token:
        while token.pos_ not in {"VERB", "AUX"} and token.head.i != token.i:
            token = token.head
        return token

    # -- patterns ------------------------------------------------------------------------
    def run(self) -> list[Relation]:
        self.proposes()
        if self.scheme is not None:
            self.model_relations()
        for sentence in self.doc.sents if self.patterns else ():
            self.used_for(sentence)
            self.does_task(sentence)
            self.evaluated_on(sentence)
            self.compared_with(sentence)
            self.part_of(sentence)
            self.studied_tasks(sentence)
            self.evaluates(sentence)
            self.is_a(sentence)
            self.later_parts(sentence)
            self.description_parts(sentence)
            self.examples(sentence)
            self.designs_for(sentence)
            self.named_kinds(sentence)
            self.called_kinds(sentence)
        if self.patterns and self.doc._.kg_title_end:  # a paper: a title, then its text
            self.modifier_kinds()
        self._comparisons_the_words_state()
        return [(rel, head, tail, conf, pattern, sent)
                for (rel, head, tail), (conf, pattern, sent) in sorted(
                    self.found.items(), key=lambda kv: (kv[1][2], kv[0][0], kv[0][2]))]

    def _introduced_at(self) -> int | None:
        """Where the abstract introduces the paper's own method: the start token of the first
        abstract sentence that proposes something or names the method (titles aside)."""
        if self.main is None:
            return None
        sentences = list(self.doc.sents)
        title_end = self.doc._.kg_title_end or 0
        starts = [sentences[si].start for (rel, _, _), (_, _, si) in self.found.items()
                  if rel == "PROPOSES" and sentences[si].start >= title_end]
        first = self._first_end.get(fold(self.mentions[self.main].text))
        if first is not None:
            starts.append(self.doc[first - 1].sent.start)
        else:  # the name written where the span extractor found no mention of it
            name = self.mentions[self.main].text.lower()
            starts += [s.start for s in sentences if title_end <= s.start < min(
                starts, default=len(self.doc)) and name in s.text.lower()][:1]
        return min(starts, default=None)

    def description_parts(self, sentence: Span) -> None:
        """In the sentence that proposes the paper's own method, what is named after it
        following "via / using / through" is a part of it ("we propose FooNet, a way to unify
        sparse (via locality sensitive hashing) and low-rank (via kernel feature maps)
        attention")."""
        if self.main is None:
            return
        name = fold(self.mentions[self.main].text)
        verb = next((t for t in sentence if t.lemma_.lower() in _PROPOSE and t.pos_ == "VERB"),
                    None)
        named = next((m for _, m in self._in(sentence, None) if fold(m.text) == name), None)
        if verb is None or named is None or named.start < verb.i:
            return
        for token in self.doc[named.end : sentence.end]:
            if token.lower_ not in {"via", "using", "through"} or token.dep_ != "prep":
                continue
            for pobj in (c for c in token.children if c.dep_ == "pobj"):
                for part in self._items_in(pobj, _PART_LABELS):
                    if part != self.main and not self._modifies_noun(part):
                        self.add("PART_OF", part, self.main, 0.5, "propose M via P", sentence)

    def later_parts(self, sentence: Span) -> None:
        """After the sentence that introduces the paper's own method, "we introduce / adopt /
        design P" and "P is introduced / adopted" (no agent named) make P, a Method or Concept,
        a part of that method ("We propose FooNet. ... We introduce learnable biases", "A
        Gaussian kernel function is adopted", "we propose a global alignment loss"), what the
        abstract proposes after the introduction included. Not "we use P" (a tool of the
        study), not what it proposed up to the introduction, not the method itself."""
        if self._introduction is None or sentence.start <= self._introduction:
            return
        introduced = self.sentence_index[self.doc[self._introduction].sent.start]
        # what the abstract proposes after it is the method's parts ("We propose FooNet. ...
        # We introduce a Memory Module (MM) to ..."); what it proposed up to it is the method
        proposed = {t for (rel, _, t), (_, pattern, si) in self.found.items()
                    if rel == "PROPOSES" and (si <= introduced or pattern.startswith("title"))}
        own = {fold(self.mentions[i].text) for i in proposed | {self.main}}
        for token in sentence:
            lemma = token.lemma_.lower()
            if lemma not in _ADDS | _PROPOSE or token.pos_ != "VERB":
                continue
            passive = [c for c in token.children if c.dep_ == "nsubjpass"]
            if lemma not in _ADDS:  # "we propose optimizations, including P and Q", "we
                subject = self.subject(token)  # propose a global alignment loss"
                if passive or subject is None or subject.lower_ != "we":
                    continue
                objects = self._examples_of(token) + [  # not a whole ("a framework")
                    c for c in token.children if c.dep_ == "dobj"
                    and c.lemma_.lower() not in _WHOLE_HEADS]
            elif passive:
                if any(c.dep_ == "agent" for c in token.children):
                    continue
                objects = passive
            else:
                subject = self.subject(token)
                if subject is None or subject.lower_ != "we":
                    continue
                objects = [c for c in token.children if c.dep_ == "dobj"]
            for obj in objects:
                parts = self._items_in(obj, _PART_LABELS)
                left = self.mention_at(self.doc[obj.i - 1]) if obj.i > 0 else None
                if not parts and left is not None and obj.lemma_.lower() in _SELF_HEADS \
                        and self.mentions[left].end == obj.i:
                    parts = [left]  # "a symmetric normalization technique is introduced"
                for part in parts + self._listed_after(parts, _PART_LABELS, sentence):
                    name = fold(self.mentions[part].text)
                    first = self._first_end.get(name, self.mentions[part].end)
                    if name in own or self._name_given(part) in proposed | {self.main} \
                            or self._name_given(part) != part or any(
                                c.dep_ == "appos" and self.mention_at(c) is not None
                                and self.doc[c.i - 1].text != "("  # not its acronym
                                for c in self.mentions[part].root.children) \
                            or self.doc[first - 1].sent.start <= self._introduction:
                        continue  # the method itself, a description of the name given it,
                        # or a thing named before it (its base)
                    if not self._modifies_noun(part) or \
                            self.mentions[part].root.head.lemma_.lower() in _SELF_HEADS:
                        self.add("PART_OF", part, self.main, 0.5, "we introduce P in M",
                                 sentence)

    def _comparisons_the_words_state(self) -> None:
        """Where a sentence's words state who is compared with whom ("M outperforms N",
        "M is better than N"), the model's comparisons in it keep to those parties (a party's
        list mates count as it): "M works on A and B models and transfers to C, outperforming
        N" compares M with N, not M with A or C with N."""
        stated: dict[int, list[tuple[set[int], set[int]]]] = {}
        for (rel, head, tail), (_, pattern, si) in self.found.items():
            if rel == "COMPARED_WITH" and not pattern.startswith(MODEL_PATTERN):
                stated.setdefault(si, []).append((self._list_mates(head), self._list_mates(tail)))
        for key, (_, pattern, si) in list(self.found.items()):
            rel, head, tail = key
            if rel != "COMPARED_WITH" or not pattern.startswith(MODEL_PATTERN) \
                    or si not in stated:
                continue
            if not any((head in a and tail in b) or (head in b and tail in a)
                       for a, b in stated[si]):
                del self.found[key]

    def _list_mates(self, idx: int) -> set[int]:
        """A mention and the mentions listed with it ("A, B and C")."""
        first = self._listed_from(self.mentions[idx].root)
        sentence = self.mentions[idx].sent
        return {idx} | {i for i, m in self._in(sentence, self.label(idx))
                        if self._listed_from(m.root) == first}

    def _examples_of(self, verb: Token) -> list[Token]:
        """The examples listed with what a verb acts on: "we propose optimizations (to reduce
        the overhead), including P and Q" gives P; not in a clause with a subject of its
        own."""
        roots = [c for c in verb.children if c.dep_ == "dobj" or (
            c.dep_ in {"advcl", "xcomp"} and not any(g.dep_.startswith("nsubj")
                                                      for g in c.children))]
        out = []
        for root in roots:
            for token in root.subtree:
                if token.dep_ == "prep" and (token.lower_ in {"including", "like"} or (
                        token.lower_ == "as" and any(c.lower_ == "such"
                                                     for c in token.children))):
                    out += [g for g in token.children if g.dep_ == "pobj"]
        return out

    def proposes(self) -> None:
        """PROPOSES edges to the paper's own contributions (:meth:`_proposals`), each name's
        span taken from the text's syntax where the span extractor cut or split it
        (:meth:`_repair_names`). Where the paper names its contribution, an unnamed
        description ("a novel dynamic method") is no second one; a name the title gives as a
        part of its artefact ("X: ... with P") is not the contribution; a Dataset or Metric is
        proposed only where the words say so ("a new benchmark"). The first named Method
        proposed is the paper's own method, which "our method" and "we" stand for."""
        if self._repair_names(self._proposals()):
            self._index()
        proposals = self._proposals()
        named = any(is_named for *_, is_named in proposals)
        for idx, confidence, pattern, sentence, is_named in proposals:
            if named and not is_named:
                continue
            if pattern != "title artefact" and fold(self.mentions[idx].text) in \
                    self.title_part_names:
                continue
            if not self._says_kind(idx, sentence):
                continue
            self.add("PROPOSES", None, idx, confidence, pattern, sentence)
            if self.label(idx) == "Method" and (self.main is None or (
                    is_named and not self._main_named)):
                self.main, self._main_named = idx, is_named
        self._introduction = self._introduced_at()

    def _proposals(self) -> list[tuple[int, float, str, Span, bool]]:
        """(mention, confidence, pattern, sentence, named) of each candidate contribution: a
        title's named artefact ("X: ..."), a title that opens with a Method's name ("FooNet
        for T"), the object of "we propose / introduce X" (:meth:`_proposed_in`)."""
        doc = self.doc
        sentences = list(doc.sents)
        out: list[tuple[int, float, str, Span, bool]] = []
        artefact = doc._.kg_artefact
        self.found.clear()  # the first step: what it found indexes the mentions it saw
        if artefact is not None:
            idx = next((i for i, m in enumerate(self.mentions)
                        if (m.start, m.end) == tuple(artefact)), None)
            if idx is not None and self.label(idx) in _PROPOSABLE:
                out.append((idx, 0.9, "title artefact", sentences[0], True))
                if self.label(idx) == "Method":
                    self.title_description(idx, sentences[0])
        else:
            lead = self._title_lead()
            if lead is not None:
                out.append((lead, 0.7, "title X for T", sentences[0], True))
                self.title_description(lead, sentences[0])
        for token in doc:
            if token.lemma_.lower() not in _PROPOSE or token.pos_ != "VERB":
                continue
            subject = self.subject(token)
            if subject is None or (subject.lemma_.lower() not in _AUTHOR_SUBJECTS and (
                    subject.dep_ != "nsubjpass" or subject.head != token)):
                continue  # "efforts have been made to design X": others' work, not proposed
            for obj in (c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}):
                chosen = self._proposed_in(obj)
                if chosen is not None and not self._named_before(chosen[0], token.sent):
                    idx, confidence = chosen
                    out.append((idx, confidence, "we propose X", token.sent, confidence >= 0.8))
        return out

    def title_description(self, artefact: int, title: Span) -> None:
        """A title's Method (its artefact, or the name it opens with) is used for the tasks
        the rest of the title names ("FooNet: ... for T", "FooNet for T") and has the parts
        it names after "with / via" (:meth:`title_parts`)."""
        end = self.doc._.kg_title_end
        for m, mention in enumerate(self.mentions):
            if mention.start >= self.mentions[artefact].end and mention.end <= end \
                    and mention.label_ == "Task":
                self.add("USED_FOR", artefact, m, 0.6, "title description", title)
        self.title_parts(artefact, title)

    def _title_lead(self) -> int | None:
        """A Method mention that opens a title and names it up to "for / with / via ..." or
        the title's end ("Deep Spatial Autoencoders for Visuomotor Learning", "Generative
        Marginalization Models"): the paper's contribution, named by its title. Not a title
        that opens with a verb or a preposition ("Measuring X", "On X")."""
        end = self.doc._.kg_title_end
        idx = self.by_token.get(0)
        if idx is None or end == 0:
            return None
        mention = self.mentions[idx]
        if mention.start != 0 or mention.end > end or mention.label_ != "Method" \
                or len(mention) < 2 or any(t.is_space for t in mention) \
                or mention.root.pos_ in {"VERB", "ADP"} or self.doc[0].pos_ in {"VERB", "ADP"}:
            return None
        rest = [t for t in self.doc[mention.end:end] if not t.is_space]
        if rest and rest[0].lower_ not in _TITLE_LEAD_ENDS:
            return None
        starts = [t for t in mention if t.i == mention.start or self.doc[t.i - 1].whitespace_]
        if not all(t.text[:1].isupper() or not t.is_alpha for t in starts):
            return None  # a title in sentence case opening with a common term
        if {mention[-1].lower_, mention[-1].lemma_.lower()} & _PROBLEM_HEADS:
            return None  # "Variational Inference for X": a problem or a known method's field
        return idx

    def _named_before(self, idx: int, sentence: Span) -> bool:
        """Whether the abstract names the mention before the sentence that proposes it
        (titles aside): "efficient non-interactive LDP (NLDP) algorithms ... We propose an NLDP
        algorithm" proposes an algorithm in a setting the paper had already named."""
        first = self._first_end.get(fold(self.mentions[idx].text))
        return first is not None and first <= sentence.start

    def _word(self, start: int, end: int) -> tuple[int, int]:
        """A token range widened to the whole written words it is in ("MoSt-DSA" for "DSA")."""
        doc = self.doc
        while start > 0 and not doc[start - 1].whitespace_ and \
                (doc[start - 1].text == "-" or doc[start - 1].text.isalnum()):
            start -= 1
        while end < len(doc) and not doc[end - 1].whitespace_ and \
                (doc[end].text == "-" or doc[end].text.isalnum()):
            end += 1
        while doc[start].text == "-" and start < end - 1:
            start += 1
        while doc[end - 1].text == "-" and end > start + 1:
            end -= 1
        return start, end

    def _says_kind(self, idx: int, sentence: Span) -> bool:
        """A Dataset or a Metric is proposed only where its sentence says it is one ("we
        introduce X, a benchmark for T"); a Method always."""
        words = _PROPOSED_KIND.get(self.label(idx) or "")
        return words is None or any(t.lemma_.lower() in words or t.lower_ in words
                                    for t in sentence)

    def _repair_names(self, proposals: list[tuple[int, float, str, Span, bool]]) -> bool:
        """Give each proposed name its whole span where the span extractor cut it: a title's
        artefact ("MoSt-DSA: ..."), the long form an acronym defines ("named Local-fitted
        Optimization with OPtimism (LOOP)"), a hyphenated word ("MoSt-DSA" for "DSA").
        Mentions inside the new span are dropped. Whether any changed."""
        doc = self.doc
        changes: dict[int, tuple[int, int, str]] = {}
        artefact = doc._.kg_artefact
        if artefact is not None and not any((m.start, m.end) == tuple(artefact)
                                            for m in self.mentions):
            inside = [i for i, m in enumerate(self.mentions)
                      if artefact[0] <= m.start and m.end <= artefact[1]
                      and m.label_ in _PROPOSABLE]
            if inside:
                changes[inside[0]] = (artefact[0], artefact[1], "title")
        longs = [(ls, le, doc[ss:se].text) for ls, le, ss, se in doc._.kg_acronyms or []]
        shorts: dict[tuple[int, int], str] = {}
        for idx, *_ in proposals:
            mention = self.mentions[idx]
            start, end = mention.start, mention.end
            source = mention._.kg_source
            for ls, le, short in longs:
                if ls <= start and end <= le and (ls, le) != (start, end):
                    start, end, source = ls, le, "acronym_long"
                    shorts[(ls, le)] = short
                    break
            start, end = self._word(start, end)
            if (start, end) != (mention.start, mention.end) and idx not in changes:
                changes[idx] = (start, end, source)
        if not changes:
            return False
        dropped: set[int] = set()
        for idx, (start, end, source) in changes.items():
            span = Span(doc, start, end, label=self.mentions[idx].label_)
            span._.kg_source = source
            span._.kg_short = shorts.get((start, end))
            self.mentions[idx] = span
            dropped |= {i for i, m in enumerate(self.mentions)
                        if i not in changes and m.start < end and start < m.end}
        self.mentions = sorted((m for i, m in enumerate(self.mentions) if i not in dropped),
                               key=lambda m: (m.start, m.end))
        doc.spans[MENTIONS] = self.mentions
        return True

    def title_parts(self, artefact: int, title: Span) -> None:
        """"X: A Transformer with P for T", "X: T via P", "X: Y Based on P and Q": P is a part
        of the artefact X."""
        end = self.doc._.kg_title_end
        for m, mention in enumerate(self.mentions):
            if mention.start <= self.mentions[artefact].end or mention.end > end \
                    or mention.label_ not in _PART_LABELS:
                continue
            link = self._listed_from(mention.root).head
            before = self.doc[mention.start - 1]
            based_on = link.lower_ == "on" and link.head.lower_ == "based"  # "X: Y Based on P"
            if ((link.lower_ in _TITLE_PARTS or based_on) and link.dep_ == "prep"
                    and link.i < mention.start) or before.lower_ in _TITLE_PARTS:
                self.add("PART_OF", m, artefact, 0.6, "title X with P", title)
                self.title_part_names.add(fold(mention.text))
        for token in self.doc[self.mentions[artefact].end : end]:
            if token.lower_ in _TITLE_PARTS or (token.lower_ == "on" and token.head.lower_
                                                == "based"):  # the parts, where no mention is
                for obj in (c for c in token.children if c.dep_ == "pobj"):
                    words = [t for t in obj.subtree if not t.is_space and t.dep_ != "det"]
                    if words:
                        self.title_part_names.add(fold(self.doc[words[0].i:words[-1].i + 1].text))

    def _listed_from(self, token: Token) -> Token:
        """The first item of the list a token is in ("A" for "C" in "A, B and C", "datasets"
        for "B" in "datasets (A, B)")."""
        for _ in range(8):
            if token.dep_ not in _LIST_LINKS or token.head.i == token.i:
                break
            token = token.head
        return token

    def _proposed_in(self, obj: Token) -> tuple[int, float] | None:
        """The paper's own named contribution in the object of "we propose": the mention that
        heads the phrase (unless the phrase modifies it: "fast randomized PCA" is not PCA), a
        name in apposition or after "called" ("a framework, X," / "a method called X"), or a
        name right before a generic head ("the X framework"). Never a mention inside a
        prepositional phrase or clause of the object ("an extension of PCA")."""
        if obj.lemma_.lower() in _COLLECTIVES and self.mention_at(obj) is None:
            pobj = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                obj = pobj  # "a family of Softmax-Free Transformers (SOFT)"
        head = self.mention_at(obj)
        if head is not None and self.label(head) in _PROPOSABLE:
            mention = self.mentions[head]
            start, end = self._word(mention.start, mention.end)
            if any(t.dep_ in _MODIFIERS and not t.is_stop and t.lower_ not in _NOVELTY
                   and not start <= t.i < end for t in obj.lefts):
                return None  # a variant of the mention is proposed, not the mention itself
            qualifies = _QUALIFIES.match(self.text, mention.end_char)
            if qualifies is not None and ("based" in qualifies.group().lower()
                                          or not self._named(head)):
                return None  # "a novel RL algorithm", "an RL-based framework": built on it
        else:
            head = None
        explicit = self._explicit_name(obj)
        if head is not None and self._named_here(head, obj) and (
                explicit is None or self.mentions[head].root.lemma_.lower() not in _SELF_HEADS):
            return head, 0.8  # "a Mamba-based model named S-Mamba" proposes S-Mamba
        if explicit is not None:
            return explicit, 0.8
        left = self.mention_at(obj.doc[obj.i - 1]) if obj.i > 0 else None
        if (left is not None and self.mentions[left].end == obj.i
                and self._named_here(left, obj)
                and self.label(left) in _PROPOSABLE and obj.lemma_.lower() in _SELF_HEADS):
            return left, 0.8
        if head is not None:
            return head, 0.6
        return None

    def _given_names(self, root: Token, bracketed: bool = True, apposed: bool = True
                     ) -> Iterator[int]:
        """The mentions a noun phrase is given as its name: in apposition unless not
        ``apposed`` ("a sampler, FooNet"; "a sampler (FooNet)" too unless not ``bracketed``)
        or after "called / named" ("a method called BarNet")."""
        for child in root.rights:
            name = child
            if child.dep_ in {"acl", "relcl"} and child.lemma_.lower() in _NAMING:
                name = next((c for c in child.children if c.dep_ in {"oprd", "dobj", "attr",
                                                                      "xcomp"}), None)
            elif child.dep_ != "appos" or not apposed or (
                    not bracketed and self.doc[child.i - 1].text == "("):
                continue
            idx = self.mention_at(name)
            if idx is not None:
                yield idx

    def _explicit_name(self, obj: Token) -> int | None:
        """A name the object of "we propose" is given (:meth:`_given_names`)."""
        return next((idx for idx in self._given_names(obj)
                     if self.label(idx) in _PROPOSABLE and self._named(idx)), None)

    def _named(self, idx: int) -> bool:
        return any(t.text[:1].isupper() or t.is_upper for t in self.mentions[idx])

    def _named_here(self, idx: int, obj: Token) -> bool:
        """Whether a proposed mention is a name for the contribution: capitalized, but not
        a bare acronym after "a / an" that no definition follows ("we introduce an EBM in a
        residual form" is an instance of a known kind)."""
        mention = self.mentions[idx]
        if not self._named(idx):
            return False
        indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in obj.children)
        defined = mention.end < len(self.doc) and self.doc[mention.end].text == "("
        return not (indefinite and len(mention) == 1 and is_acronym(mention.text)
                    and not defined)

    def model_relations(self) -> None:
        """The trained model's relations, mapped onto graph types where the schema allows;
        a "Generic" argument that refers to the paper's own method becomes that method."""
        by_span = {(m.start, m.end): i for i, m in enumerate(self.mentions)}
        generic = set(map(tuple, self.doc._.kg_generic or []))
        for hs, he, ts, te, label, score in self.doc._.kg_rel or []:
            ends = []
            for start, end in ((hs, he), (ts, te)):
                idx = by_span.get((start, end))
                if idx is None and (start, end) in generic and self.main is not None \
                        and self.self_reference(self.doc[start:end].root):
                    idx = self.main
                ends.append(idx)
            head, tail = (self._named_by_apposition(i) for i in ends)
            if head is None or tail is None:
                continue
            if not any(m.type == "IS_A" for m in self.scheme.mappings(label)):
                head, tail = self._name_given(head), self._name_given(tail)
            sentence = self.doc[hs].sent
            if self._coordinated(head, tail) and label not in self.scheme.symmetric:
                continue  # "A, B and C": items of one list are not each other's kind or part
            if self._across_semicolon(head, tail):
                continue  # "A (e.g. ...); B (e.g. ...)": two items or clauses, not one statement
            if any(self._modifies_noun(i) and not self._task_of_design(i) for i in (head, tail)):
                continue  # "the Newton-Raphson method": a name modifying a noun is no party
            for mapping in self.scheme.mappings(label):
                a, b = (tail, head) if mapping.reverse else (head, tail)
                if mapping.type == "COMPARED_WITH" and (not self._comparison(sentence) or any(
                        self._setting(i) for i in (a, b)) or self._apart_from_comparison(a, b)):
                    break  # "compatible with", "combined with": no comparison
                if mapping.type == "IS_A" and not self._may_be_kind(a, b):
                    break
                if mapping.type in {"USED_FOR", "EVALUATED_ON"} and self._outperformed(a):
                    break  # "M outperforms BatchNorm on image synthesis / on D": a baseline
                if mapping.type == "USED_FOR" and self._paired_elsewhere(a, b, sentence):
                    break  # "to Mask R-CNN for segmentation and to BigGAN for synthesis"
                if mapping.type == "PART_OF" and "Concept" not in {self.label(a), self.label(b)} \
                        and self.label(a) != self.label(b):
                    break  # a method is no part of a task
                if mapping.type == "PART_OF" and self._title_gloss(a, b):
                    break  # "CATS: Contextually-Aware Thresholding for T": a name and its gloss
                if SCHEMA.allows(mapping.type, self.label(a), self.label(b)):
                    self.add(mapping.type, a, b, score, MODEL_PATTERN + label,
                             self.doc[hs].sent)
                    break

    def _title_gloss(self, a: int, b: int) -> bool:
        """Whether one mention is a title's artefact and the other the phrase right after its
        colon ("FooNet: Adaptive Knot Allocation for T"): the name and what it stands for."""
        artefact = self.doc._.kg_artefact
        end = self.doc._.kg_title_end or 0
        for name, gloss in ((a, b), (b, a)):
            if (self.mentions[name].start, self.mentions[name].end) != tuple(artefact or ()):
                continue
            between = self.doc[self.mentions[name].end : self.mentions[gloss].start]
            if self.mentions[gloss].end <= end and all(
                    t.is_punct or t.pos_ == "DET" for t in between) and len(between) <= 2:
                return True
        return False

    def _pairings(self, sentence: Span) -> dict[int, set[int]]:
        """The Methods a sentence pairs each Task with in so many words: "M for T" (and M's
        conjuncts), "T models including A, B and C". Tasks the sentence pairs with none are
        left out."""
        if sentence.start in self._paired:
            return self._paired[sentence.start]
        pairs: dict[int, set[int]] = {}
        for t_idx, task in self._in(sentence, "Task"):
            root = self._listed_from(task.root)
            claimants: set[int] = set()
            prep = root.head
            if root.dep_ == "pobj" and prep.lower_ == "for" and prep.dep_ == "prep":
                m = self.mention_at(prep.head, "Method")
                if m is None and prep.i > 0:  # "transfers to M for T": "for" hangs off the verb
                    m = self.mention_at(self.doc[prep.i - 1], "Method")
                    m = m if m is not None and self.mentions[m].end == prep.i else None
                if m is not None:
                    first = self._listed_from(self.mentions[m].root)
                    claimants |= {i for i, _ in self._in(sentence, "Method")
                                  if self._listed_from(self.mentions[i].root) == first}
            head = task.root.head
            if task.root.dep_ in {"compound", "amod", "nmod"} and head.i >= task.end \
                    and head.pos_ in {"NOUN", "PROPN"} and self.mention_at(head) is None:
                claimants |= {i for i in self._items_in(head, {"Method"})
                              if self.mentions[i].start > head.i}
            if claimants:
                pairs[t_idx] = claimants
        self._paired[sentence.start] = pairs
        return pairs

    def _paired_elsewhere(self, method: int, task: int, sentence: Span) -> bool:
        """Whether a sentence pairs a Task with other Methods and this Method with another Task
        ("works on image classification models including A and B and transfers to C for
        segmentation": A is not for segmentation, nor C for classification)."""
        pairs = self._pairings(sentence)
        if task not in pairs or method in pairs[task]:
            return False
        return any(method in claimants for t, claimants in pairs.items() if t != task)

    def _across_semicolon(self, a: int, b: int) -> bool:
        """Whether a semicolon stands between two mentions."""
        first, second = sorted((self.mentions[a], self.mentions[b]), key=lambda m: m.start)
        return any(t.text == ";" for t in self.doc[first.end : second.start])

    def _outperformed(self, idx: int) -> bool:
        """Whether a mention is (in) the object of "outperform / surpass": a baseline."""
        root = self._listed_from(self.mentions[idx].root)
        return root.dep_ == "dobj" and root.head.lemma_.lower() in _OUTPERFORM

    def _setting(self, idx: int) -> bool:
        """Whether a mention is the setting or the means of what is compared, not a party to
        the comparison: the object of "for / with / to / across / based on" that no comparison
        word governs ("when compared to pruning for linear models", "constructed with fixed
        filters ... while outperforming SSMs", "applied to base models, including N"; not
        "compared with N", "better than N")."""
        prep = self._preposition_of(self.mentions[idx].root)
        governor = prep.head  # "(achieves) comparable performance to N": it compares
        objects = [c for c in governor.children if c.dep_ in {"dobj", "attr", "acomp"}]
        near = [governor, *objects, *(g for c in [governor, *objects] for g in c.children
                                      if g.dep_ in {"amod", "advmod"})]
        words = {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
        return (prep.dep_ == "prep" and (prep.lower_ in _SETTING_PREPS or (
            prep.lower_ == "on" and governor.lower_ == "based"))
            and not words & (_COMPARISON | _BETTER | _LIKENESS))

    def _apart_from_comparison(self, a: int, b: int) -> bool:
        """Whether one of two mentions is what a clause of its own acts on, and that clause
        compares nothing: "M achieves a speed-up compared to N while preserving L" compares
        M and N, not L. The subject of a clause stays a party ("M is fast, improving the
        accuracy of N")."""
        clauses = [self._clause(self.mentions[i].root) for i in (a, b)]
        if clauses[0] == clauses[1]:
            return False
        sentence = self.mentions[a].sent
        comparing = {self._clause(t) for t in sentence if t.lemma_.lower() in _COMPARING
                     or t.lower_ in _COMPARISON or t.tag_ in {"JJR", "RBR"}}
        return any(clause not in comparing and self._listed_from(
            self.mentions[i].root).dep_ not in {"nsubj", "nsubjpass"}
            for i, clause in zip((a, b), clauses, strict=True))

    @staticmethod
    def _clause(token: Token) -> Token:
        """The head of the clause a token is in: a verb of a subordinate clause, a predicate
        coordinated with another ("M outperforms N but is compatible with L": "compatible"),
        or the root."""
        while token.dep_ not in _CLAUSES and token.head.i != token.i \
                and not _coordinated_predicate(token):
            token = token.head
        return token

    def _may_be_kind(self, kind: int, general: int) -> bool:
        """Whether one mention can be a kind of another: both have one label (a dataset is no
        kind of method), and the general one is not what a verb acts on ("X (e.g. to
        produce generative models)": X produces them, it is not one) unless it is given the
        other as its name."""
        if self.label(kind) != self.label(general):
            return False
        if self._name_given(general) == kind:
            return True  # "we develop a new transformer block, named FooFormer"
        root = self.mentions[general].root
        token = self.mentions[kind].root
        for _ in range(4):  # "we use methods such as X": X hangs off the general phrase
            token = self._listed_from(token)
            if token.head == root:
                return True
            if token.head.lower_ not in {"as", "including", "like"}:
                break
            token = token.head.head
            if token == root:
                return True
        return not (root.dep_ == "dobj" and root.head.pos_ == "VERB"
                    and root.head.lemma_.lower() not in _KIND_VERBS)

    def _coordinated(self, a: int, b: int) -> bool:
        """Whether two mentions are items of one coordination ("A, B and C")."""
        def first(token: Token) -> Token:
            while token.dep_ == "conj" and token.head.i != token.i:
                token = token.head
            return token
        return first(self.mentions[a].root) == first(self.mentions[b].root)

    def _named_by_apposition(self, idx: int | None) -> int | None:
        """The named mention a description stands in apposition to ("DIFFTACTILE, a
        differentiable tactile simulator for T": the simulator's relations are DIFFTACTILE's);
        else the mention itself."""
        if idx is None:
            return None
        root = self.mentions[idx].root
        if root.dep_ == "appos" and not self._named(idx):
            named = self.mention_at(root.head)
            if named is not None and named != idx and self._named(named) \
                    and self.label(named) == self.label(idx):
                return named
        return idx

    def _name_given(self, idx: int) -> int:
        """The name an unnamed description is given in apposition or by "named / called" ("a
        novel neural architecture, SeqBoat, which employs P": the architecture's parts are
        SeqBoat's); else the mention itself."""
        if self._named(idx):
            return idx
        # Not a bracketed apposition: "a multi-task network (MTN)" is its acronym, the same
        # concept.
        for named in self._given_names(self.mentions[idx].root, bracketed=False):
            if named != idx and self._named(named) and self.label(named) == self.label(idx):
                return named
        return idx  # ("a Y, X" keeps its IS_A: X is a Y)

    def _task_of_design(self, idx: int) -> bool:
        """Whether a mention is a Task that says what a design is for ("a novel sequence
        prediction architecture", "an image retrieval system"): it stands for the task."""
        mention = self.mentions[idx]
        head = mention.root.head
        return mention.label_ == "Task" and head.i >= mention.end \
            and head.lemma_.lower() in _SELF_HEADS

    def _modifies_noun(self, idx: int) -> bool:
        """Whether a mention only modifies the noun after it ("the Newton-Raphson method",
        "neural network architectures"): its root is a compound, or hangs off the very next
        word, a noun."""
        mention = self.mentions[idx]
        root = mention.root
        if root.dep_ == "compound":
            return True
        return (root.head.i == mention.end and root.head.pos_ in {"NOUN", "PROPN"}
                and root.dep_ not in {"appos", "conj", "prep"})

    def _comparison(self, sentence: Span) -> bool:
        """Whether a sentence compares things (a comparison word, a comparative)."""
        return any(t.lemma_.lower() in _COMPARISON or t.lower_ in _COMPARISON
                   or t.tag_ in {"JJR", "RBR"} for t in sentence)

    def used_for(self, sentence: Span) -> None:
        for t_idx, task in self._in(sentence, "Task"):
            prep = self._listed_from(task.root).head
            if prep.lower_ in {"for", "to"} and prep.dep_ == "prep":
                anchor = prep.head
                m = self.mention_at(anchor, "Method")
                if m is not None and prep.lower_ == "for":
                    self.add("USED_FOR", m, t_idx, 0.7, "M for T", sentence)
                elif prep.lower_ == "for" and self._described(anchor) is not None:
                    self.add("USED_FOR", self._described(anchor), t_idx, 0.6,
                             "M, a method for T", sentence)
                elif anchor.lemma_.lower() in _USE | {"design", "tailor", "develop"}:
                    for child in anchor.children:
                        m = self.mention_at(child, "Method")
                        if m is not None and child.dep_ in {"dobj", "nsubjpass"}:
                            self.add("USED_FOR", m, t_idx, 0.6, "use M for T", sentence)
                elif anchor.lemma_.lower() in _PROPOSE and prep.lower_ == "for":
                    for child in anchor.children:  # "we propose M for T"
                        m = self.mention_at(child, "Method")
                        if m is not None and child.dep_ in {"dobj", "nsubjpass"}:
                            self.add("USED_FOR", m, t_idx, 0.6, "propose M for T", sentence)
        for m_idx, method in self._in(sentence, "Method"):
            link = method.root.head
            based_on = link.lower_ == "on" and link.head.lower_ == "based"
            if link.lower_ not in _WITH and not based_on:
                continue
            anchor = link.head.head if link.lower_ == "on" else link.head
            t = self.mention_at(anchor, "Task")
            if t is None and anchor.pos_ == "VERB":
                t = next((self.mention_at(c, "Task") for c in anchor.children
                          if c.dep_ in {"dobj", "nsubjpass"} and self.mention_at(c, "Task")
                          is not None), None)
            if t is not None:
                self.add("USED_FOR", m_idx, t, 0.6, "T with M", sentence)

    def does_task(self, sentence: Span) -> None:
        """"We present an approach that automates T", "FooNet, a model that solves T": the
        method a relative clause describes is for the Task that clause acts on."""
        for t_idx, task in self._in(sentence, "Task"):
            root = self._listed_from(task.root)
            verb = root.head
            if root.dep_ != "dobj" or verb.dep_ != "relcl" or any(
                    c.dep_ == "neg" for c in verb.children):
                continue
            noun = verb.head
            m = self.mention_at(noun, "Method")
            if m is None:
                m = self._described(noun)
            if m is None and noun.lemma_.lower() in _SELF_HEADS and noun.dep_ == "dobj" \
                    and noun.head.lemma_.lower() in _PROPOSE:
                subject = self.subject(noun.head)  # "we present an approach that ..."
                m = self.main if subject is not None and \
                    subject.lemma_.lower() in _AUTHOR_SUBJECTS else None
            m = self._named_by_apposition(m)
            if m is not None:
                self.add("USED_FOR", m, t_idx, 0.6, "M that does T", sentence)

    def _described(self, anchor: Token) -> int | None:
        """The Method a generic noun describes: "X, a new technique (for T)" (apposition),
        "X is a method (for T)" (the complement of "be"), or "our method" / "the proposed
        framework" (the paper's own method)."""
        if anchor.lemma_.lower() not in _SELF_HEADS:
            return None
        if anchor.dep_ == "appos":
            return self.mention_at(anchor.head, "Method")
        if anchor.dep_ == "attr" and anchor.head.lemma_ == "be" and not any(
                c.dep_ == "neg" for c in anchor.head.children):
            subject = self.subject(anchor.head)
            idx = self.mention_at(subject, "Method") if subject is not None else None
            if idx is not None:
                return idx
        return self.main if self.self_reference(anchor) else None

    def evaluated_on(self, sentence: Span) -> None:
        """A dataset after "on / across / over" in a sentence about evaluation is what the
        verb's object or subject (else the paper's method) is evaluated on; so is each dataset
        that continues its written list where the parser broke it ("experiments on A, B, and
        C show ...")."""
        if not {t.lemma_.lower() for t in sentence} & _EVAL:
            return
        for rel, head, d_idx, confidence, pattern in self._evaluated_on(sentence):
            self.add(rel, head, d_idx, confidence, pattern, sentence)
            if rel == "EVALUATED_ON":
                for listed in self._listed_after([d_idx], {"Dataset"}, sentence):
                    self.add(rel, head, listed, confidence, pattern, sentence)

    def _evaluated_on(self, sentence: Span) -> list[tuple[str, int, int, float, str]]:
        """The pairs :meth:`evaluated_on` finds through the parse: (type, method, dataset or
        task, confidence, pattern)."""
        found = []
        for d_idx, dataset in self._in(sentence, None):
            if dataset.label_ not in {"Dataset", "Task"}:
                continue
            prep = self._preposition_of(dataset.root)
            if dataset.label_ == "Task" and prep.lower_ == "in" \
                    and prep.head.lemma_.lower() in _OUTCOMES:
                self.performs_on(d_idx, prep, sentence)  # "strong performance in T tasks"
                continue
            if prep.lower_ not in {"on", "across", "over"}:
                continue
            if dataset.label_ == "Task" and not self._names_data(d_idx):
                self.performs_on(d_idx, prep, sentence)  # "M performs well on T"
                continue
            verb = self.governing_verb(prep)
            obj = next((self.mention_at(c, "Method") for c in verb.children
                        if c.dep_ == "dobj" and self.mention_at(c, "Method") is not None), None)
            if obj is not None and self._outperformed(obj):
                obj = None  # "M outperforms N on D": N is the baseline, M was evaluated
            rel, what = ("USED_FOR", "T datasets") if dataset.label_ == "Task" else (
                "EVALUATED_ON", "D")
            if obj is not None:
                found.append((rel, obj, d_idx, 0.6, f"evaluate M on {what}"))
                continue
            head, confidence = self.method_subject(verb)
            if head is not None:
                found.append((rel, head, d_idx, confidence, f"results on {what}"))
        return found

    def _names_data(self, idx: int) -> bool:
        """Whether a mention names the data it modifies: "on four image classification
        datasets", "on several 3D point cloud understanding benchmarks"."""
        mention = self.mentions[idx]
        token = mention.root
        while token.dep_ in {"compound", "nmod", "amod"} and token.head.i != token.i:
            token = token.head
        return token.i >= mention.end and token.lemma_.lower() in _PROPOSED_KIND["Dataset"]

    def _preposition_of(self, token: Token) -> Token:
        """The preposition a noun phrase hangs off, through the list it is in, the noun it
        modifies and the examples it gives: "on" for A, B and C in "on A, B and C", "on
        A and B tasks", "on a range of tasks, including A and B"."""
        link = token
        for _ in range(4):
            while token.dep_ in {"compound", "nmod"} and token.head.i != token.i:
                token = token.head  # "long-range-arena tasks"
            link = self._listed_from(token).head
            if link.dep_ == "prep" and (link.lower_ in {"including", "like"} or (
                    link.lower_ == "as" and self.doc[link.i - 1].lower_ == "such")):
                token = link.head  # "tasks, including A and B"
                continue
            if link.lower_ == "of" and link.head.lower_ in {"range", "variety", "number",
                                                             "set", "suite", "collection"}:
                token = link.head  # "on a range of tasks"
                continue
            return link
        return link

    def performs_on(self, task: int, prep: Token, sentence: Span) -> None:
        """"M shows strong performance on T", "we demonstrate M on T": M is used for T, where
        M is the clause's Method subject or object (not the paper's method by default)."""
        verb = self.governing_verb(prep)
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass", "dobj"}:  # "M is evaluated on T tasks"
                m = self.mention_at(child, "Method")
                if m is None and child.dep_ != "dobj" and child.lower_ not in {"we", "i"} \
                        and self.self_reference(child):
                    m = self.main
                if m is not None and not self._outperformed(m):
                    self.add("USED_FOR", m, task, 0.5, "M performs on T", sentence)

    def studied_tasks(self, sentence: Span) -> None:
        """"This paper studies / addresses T", "we tackle T": the paper's own method is for T."""
        if self.main is None:
            return
        for token in sentence:
            if token.lemma_.lower() not in _STUDY or token.pos_ != "VERB":
                continue
            subject = self.subject(token)
            if subject is None or subject.lemma_.lower() not in _AUTHOR_SUBJECTS:
                continue
            for child in token.children:
                if child.dep_ == "dobj":
                    for t in self._items_in(child, {"Task"}):
                        self.add("USED_FOR", self.main, t, 0.5, "we study T", sentence)

    def compared_with(self, sentence: Span) -> None:
        for token in sentence:
            lemma = token.lemma_.lower()
            if lemma in _OUTPERFORM and token.pos_ == "VERB":
                head, _ = self.method_subject(token)
                for child in token.children:
                    if child.dep_ == "dobj":
                        for tail in self._methods_in(child):
                            self.add("COMPARED_WITH", head, tail, 0.7, "M outperforms N",
                                     sentence)
            elif (lemma in _BETTER or token.tag_ in {"JJR", "RBR"}) and token.pos_ in {"ADJ",
                                                                                       "ADV"}:
                for prep in token.children:
                    if prep.lower_ in {"than", "to", "with"} and prep.dep_ == "prep":
                        head, _ = self.method_subject(self.governing_verb(token))
                        for pobj in prep.children:
                            for tail in self._methods_in(pobj):
                                self.add("COMPARED_WITH", head, tail, 0.6, "M better than N",
                                         sentence)
            elif token.lower_ in {"as", "with"} and token.i >= 3 and self.doc[
                    token.i - 2 : token.i + 1].text.lower() in {"as well as", "on par with"}:
                # "M performs (almost) as well as / on par with N"; not "A as well as B"
                verb = self.governing_verb(self.doc[token.i - 3])
                if verb.lemma_.lower() not in _PERFORM or not any(
                        t.lemma_.lower() in _PERFORM for t in self.doc[verb.i : token.i]):
                    continue
                head, _ = self.method_subject(verb)
                after = next((t for t in self.doc[token.i + 1 : sentence.end]
                              if t.dep_ != "det"), None)
                tail = self.mention_at(after, "Method")
                if tail is not None and self.mentions[tail].start == after.i:
                    for t in {tail} | set(self._methods_in(self.mentions[tail].root)):
                        self.add("COMPARED_WITH", head, t, 0.6, "M performs as well as N",
                                 sentence)
            elif lemma == "compare" and token.dep_ in {"prep", "advcl", "acl"}:
                for prep in token.children:
                    if prep.lower_ in {"with", "to", "against"}:
                        head, _ = self.method_subject(self.governing_verb(token.head))
                        for pobj in prep.children:
                            for tail in self._methods_in(pobj):
                                self.add("COMPARED_WITH", head, tail, 0.5, "compared with N",
                                         sentence)

    def part_of(self, sentence: Span) -> None:
        """"M consists of / incorporates / features P (and Q)", "M, which consists of /
        introduces P":
        each listed P (a Method or Concept) is a part of M, where M is a Method mention or the
        paper's own method ("our system incorporates ..."); never "we use P"."""
        for token in sentence:
            relative = token.dep_ == "relcl" and token.lemma_.lower() in _ADDS
            if (token.lemma_.lower() not in _COMPOSITION and not relative) \
                    or token.pos_ != "VERB":
                continue  # "M, which introduces P": what M introduces is its part
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if relative and (subject is None or subject.tag_ != "WDT"):
                continue
            if subject is None and token.dep_ == "advcl" and token.tag_ == "VBG":
                # "Leveraging P, our model ...": an opening clause, the main clause's
                # subject; not "we", not a trailing "..., leveraging the benefits of P"
                subject = next((c for c in token.head.children if c.dep_ == "nsubj"
                                and c.lower_ not in {"we", "i"} and c.i > token.i), None)
            if subject is None and token.dep_ == "acl" \
                    and token.lemma_.lower() in _COMPOSED_OF:
                whole = self._whole_named_by(token.head)  # "a network comprising P"
            elif subject is None:
                continue
            else:
                whole = self.mention_at(subject, "Method")
                if whole is None and subject.tag_ == "WDT" and token.dep_ == "relcl":
                    whole = self._whole_named_by(token.head)  # "M, which consists of P"
                if whole is None and subject.lower_ not in {"we", "i", "it"} \
                        and self.self_reference(subject):
                    whole = self.main
            if whole is None:
                continue
            objects = [c for c in token.children if c.dep_ == "dobj"]
            objects += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children if g.dep_ == "pobj"]
            for obj in objects:
                parts = self._items_in(obj, _PART_LABELS)
                left = self.mention_at(self.doc[obj.i - 1], "Method") if obj.i > 0 else None
                if not parts and left is not None and obj.lemma_.lower() in _SELF_HEADS \
                        and self.mentions[left].end == obj.i:
                    parts = [left]  # "leveraging the U-Net architecture"
                for part in parts + self._listed_after(parts, _PART_LABELS, sentence):
                    if part != whole and self.mentions[part].root.lemma_.lower() \
                            not in _FORMS:  # "both model-based and value-based incarnations"
                        self.add("PART_OF", part, whole, 0.6, "M consists of P", sentence)

    def _whole_named_by(self, noun: Token) -> int | None:
        """The Method a noun that a composition clause describes stands for: a Method
        mention itself, the name right before it ("Foo Attention (FA) blocks that combine
        ..."), or, for a generic noun ("a network comprising P") in a clause about the paper's
        own method ("our approach builds a network comprising P"), that method."""
        whole = self.mention_at(noun, "Method")
        if whole is None and noun.dep_ == "appos" and (
                noun.pos_ == "PROPN" or noun.lemma_.lower() in _SELF_HEADS):
            whole = self.mention_at(noun.head, "Method")  # "M, Foo Bar Retriever, which ..."
            whole = whole if whole is not None and self._named(whole) else None
        if whole is not None:
            return whole
        left = noun.i - 1
        if left >= 0 and self.doc[left].text == ")":
            while left > noun.sent.start and self.doc[left].text != "(":
                left -= 1
            left -= 1
        named = self.mention_at(self.doc[left], "Method") if left >= 0 else None
        if named is not None and self.mentions[named].end == left + 1:
            return named
        if noun.lemma_.lower() in _SELF_HEADS and self.main is not None:
            subject = self.subject(self.governing_verb(noun))
            if subject is not None and subject.lower_ not in {"we", "i"} and (
                    self.self_reference(subject)
                    or self.mention_at(subject, "Method") == self.main):
                return self.main
        return None

    def _listed_after(self, items: list[int], labels: set[str], sentence: Span) -> list[int]:
        """Mentions that continue a written list after its last parsed item ("A (AA), B (BB),
        and C (CC)", which the parser often breaks): each next mention with one of ``labels``
        that only commas, "and / or", an article or a bracketed acronym separate."""
        if not items:
            return []
        out: list[int] = []
        last = max(items, key=lambda i: self.mentions[i].end)
        for idx, mention in self._in(sentence, None):
            if mention.start < self.mentions[last].end or idx in items:
                continue
            gap = self.text[self.mentions[last].end_char:mention.start_char]
            if not _LIST_GAP.fullmatch(gap) or self.label(idx) not in labels:
                if mention.start >= self.mentions[last].end and not _LIST_GAP.fullmatch(gap):
                    break
                continue
            out.append(idx)
            last = idx
        return out

    def _items_in(self, token: Token, labels: set[str]) -> list[int]:
        """Mentions with one of ``labels`` that a noun phrase lists: the phrase itself, its
        conjuncts and appositions, its "of" part ("a construction of P") and its examples
        ("components, including A and B"); not a name a thing is only based on."""
        out: list[int] = []
        stack = [token]
        while stack:
            t = stack.pop()
            idx = self.mention_at(t)
            if idx is not None and self.label(idx) in labels and idx not in out \
                    and not _BASED.match(self.text, self.mentions[idx].end_char):
                out.append(idx)  # not "a Finite Element Method (FEM)-based model"
            for c in t.children:
                if c.dep_ in _LIST_LINKS or c.dep_ == "pobj" or (
                        c.dep_ == "prep" and c.lower_ in {"including", "of", "as"}):
                    stack.append(c)
        return sorted(out)

    def evaluates(self, sentence: Span) -> None:
        """What a Metric measures: "in terms of / regarding METRIC", "M achieves / shows /
        reduces METRIC", "M outperforms N on METRIC", "with 5% higher METRIC" (the clause's
        Method); "the METRIC of M", "M's METRIC" (the Method it is said of); "evaluate M by /
        using METRIC" (the evaluated Method)."""
        for e_idx, metric in self._in(sentence, "Metric"):
            listed = self._listed_from(metric.root)
            prep = listed.head
            changed = listed.dep_ == "dobj" and prep.lemma_.lower() in _SHOWS | _CHANGE
            # "M improves the efficiency of N": what M achieves measures M (the subject wins
            # over the "of" phrase); "studies reduce the cost of N" measures N.
            said_of = self._reporting_method(prep) if changed else None
            if said_of is None:
                said_of = self._metric_of(metric.root)
            if said_of is not None:
                self.add("EVALUATES", e_idx, said_of, 0.5, "METRIC of M", sentence)
                continue
            first = min(metric.start, listed.left_edge.i)
            before = self.doc[max(sentence.start, first - 3) : first].text.lower()
            if before.endswith(("in terms of", "regarding", "with respect to")):
                verb = self.governing_verb(metric.root)
            elif prep.lower_ in {"on", "in"} and prep.dep_ == "prep" and \
                    self.governing_verb(prep).lemma_.lower() in _OUTPERFORM | _ACHIEVE:
                verb = self.governing_verb(prep)  # "M outperforms N by 23% on MSE"
            elif changed and prep.lemma_.lower() in _SHOWS:
                verb = prep  # "we achieve better recall": the paper's method
            elif changed:
                # a change with no Method subject is often a goal ("to reduce the cost"), not
                # what a method measures
                continue
            elif prep.lower_ == "with" and prep.dep_ == "prep" and self._compared(listed):
                verb = self.governing_verb(prep)  # "M outperforms N with 5% higher accuracy"
            elif prep.lower_ in _MEASURED_BY and self.governing_verb(prep).lemma_.lower() \
                    in _ASSESS:
                verb = self.governing_verb(prep)  # "we evaluate M by / using METRIC"
                judged = next((self.mention_at(c, "Method") for c in verb.children
                               if c.dep_ == "dobj"), None)
                if judged is not None:
                    self.add("EVALUATES", e_idx, judged, 0.5, "METRIC of M", sentence)
                    continue
            else:
                continue
            method, _ = self.method_subject(verb)
            if method is not None:
                self.add("EVALUATES", e_idx, method, 0.5, "METRIC of M", sentence)

    def _reporting_method(self, verb: Token) -> int | None:
        """The Method that a verb of achieving or changing is said of: its subject where that
        names a Method or the paper's own ("our method", "it"; not "we", who report)."""
        subject = self.subject(verb)
        method = self.mention_at(subject, "Method")
        if method is None and subject is not None and subject.lower_ != "we" \
                and self.self_reference(subject):
            method = self.main
        return method

    def _metric_of(self, root: Token) -> int | None:
        """The Method a metric is said of: "the accuracy of M" (or of "our method"), "M's
        accuracy", "its / their accuracy" where the clause's subject is a Method."""
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    idx = self.mention_at(obj, "Method")
                    if idx is None and obj.lemma_.lower() in _SELF_HEADS \
                            and self.self_reference(obj):
                        idx = self.main
                    if idx is not None:
                        return idx
            if child.dep_ == "poss":
                idx = self.mention_at(child, "Method")
                if idx is None and child.lower_ in {"its", "their"}:
                    subject = self.subject(self.governing_verb(root))
                    idx = self.mention_at(subject, "Method")
                if idx is not None:
                    return idx
        return None

    def _compared(self, token: Token) -> bool:
        """Whether a noun is stated as a difference: "5% higher accuracy", "fewer FLOPs"."""
        return any(c.tag_ in {"JJR", "RBR"} or c.lemma_.lower() in _BETTER
                   for c in token.children if c.dep_ in {"amod", "advmod"})

    def is_a(self, sentence: Span) -> None:
        for y_idx, hyponym in self._in(sentence, None):
            root = hyponym.root
            conj_of = root
            while conj_of.dep_ == "conj" and conj_of.head.i != conj_of.i:
                conj_of = conj_of.head
            prep = conj_of.head
            is_such_as = prep.lower_ == "as" and (
                any(c.lower_ == "such" for c in prep.children)
                or (prep.i > 0 and self.doc[prep.i - 1].lower_ == "such"))
            if is_such_as or prep.lower_ == "including" or (
                    prep.lower_ == "like" and prep.dep_ == "prep"):  # not "we like X"
                x_idx = self.mention_at(prep.head)
                if x_idx is not None and self._may_be_kind(y_idx, x_idx):
                    self.add("IS_A", y_idx, x_idx, 0.6, "X such as Y", sentence)

    def modifier_kinds(self) -> None:
        """Over the whole paper (a doc with a title; not a passage whose relations are
        annotated within sentences, as SciER's), a name that is another of its names narrowed
        by modifier words is a kind of it ("subspace clustering" IS_A "clustering";
        docs/annotation.md).
        The first mention of the longer name gives the sentence; the shorter's mention is the
        one in that sentence, else its first. Not where a modifier is a determiner,
        possessive, number, adverb, preposition, conjunction, finite verb or bracket, an
        evaluative or generic word (the stop and generic modifiers: "novel", "proposed",
        "key") or a size or version ("13B"), nor where the shorter name is generic, nor
        between an acronym and its long form."""
        lexicon = load_lexicon()
        vague = lexicon.stop_modifiers | lexicon.generic_modifiers
        first: dict[str, int] = {}
        defined: dict[str, set[str]] = {}  # folded name -> folded acronyms / long forms of it
        for idx in self._by_start:
            mention = self.mentions[idx]
            name = fold(mention.text)
            first.setdefault(name, idx)
            for other in (mention._.kg_long, mention._.kg_short):
                if other:
                    defined.setdefault(name, set()).add(fold(other))
                    defined.setdefault(fold(other), set()).add(name)
        names = {tuple(name.split()): name for name in first if not lexicon.generic(
            self.mentions[first[name]].text)}
        for long_words, long_name in names.items():
            for extra in range(1, len(long_words)):  # each shorter name it ends with
                short_name = names.get(long_words[extra:])
                if short_name is None or short_name in defined.get(long_name, ()):
                    continue
                a = first[long_name]
                if not self._narrows(self.mentions[a], extra, vague):
                    continue
                sentence = self.mentions[a].sent
                b = next((i for i, m in self._in(sentence, None) if fold(m.text) == short_name),
                         first[short_name])
                self.add("IS_A", a, b, 0.6, MODIFIER_KIND, sentence)

    @staticmethod
    def _narrows(mention: Span, extra: int, vague: frozenset[str]) -> bool:
        """Whether the first ``extra`` words of a name (as fold() splits it) are modifiers
        that narrow what the rest names."""
        words = split_words(mention.text)
        if len(words) < extra or any(_SIZE.fullmatch(w) or w.lower() in vague
                                     for w in words[:extra]):
            return False
        text, end = mention.text, 0  # the span's own text: the doc's is rebuilt on each read
        for word in words[:extra]:
            end = text.index(word, end) + len(word)
        return not any(t.pos_ in _NOT_NARROWING or t.tag_ in _NOT_NARROWING_TAGS
                       for t in mention if t.idx < mention.start_char + end)

    def designs_for(self, sentence: Span) -> None:
        """"a novel sequence prediction architecture we call FooSSM", "FooNet, an image
        retrieval framework", "an image retrieval framework, FooNet": the named Method is for
        the Task that says what the design is for."""
        for t_idx, _task in self._in(sentence, "Task"):
            if not self._task_of_design(t_idx):
                continue
            noun = self.mentions[t_idx].root.head
            named = self.mention_at(noun.head, "Method") if noun.dep_ == "appos" else None
            for child in noun.rights:
                name = child
                if child.dep_ in {"acl", "relcl"} and child.lemma_.lower() in _NAMING:
                    name = next((c for c in child.children
                                 if c.dep_ in {"oprd", "dobj", "attr", "xcomp"}), None)
                elif child.dep_ != "appos":
                    continue
                named = named or self.mention_at(name, "Method")
            if named is not None:
                self.add("USED_FOR", named, t_idx, 0.6, "a T design named M", sentence)

    def examples(self, sentence: Span) -> None:
        """"X (e.g. A, B)": each listed A is a kind of X, where X is the phrase before the
        bracket ("numerical methods for NDEs (e.g. A)": the methods) and the bracket lists
        names, not a purpose ("(e.g. to produce Y)", "(e.g. for T)")."""
        doc = self.doc
        for cue in sentence:
            if cue.lower_ not in {"e.g.", "e.g", "eg."} or cue.i < 2 \
                    or doc[cue.i - 1].text != "(":
                continue
            first = next((t for t in doc[cue.i + 1 : sentence.end] if not t.is_punct), None)
            if first is None or first.pos_ in {"ADP", "VERB", "PART", "AUX", "SCONJ"}:
                continue
            general = doc[cue.i - 2]
            while general.dep_ == "pobj" and general.head.lower_ in {"for", "of", "in"} \
                    and general.head.head.i < general.i:
                general = general.head.head  # "numerical methods for NDEs (e.g. ..."
            x_idx = self.mention_at(general)
            close = next((t.i for t in doc[cue.i : sentence.end] if t.text == ")"),
                         sentence.end)
            if x_idx is None:
                continue
            for y_idx, item in self._in(sentence, None):
                if cue.i < item.start and item.end <= close and item.root.dep_ != "pobj" \
                        and not self._modifies_noun(y_idx) and self._may_be_kind(y_idx, x_idx):
                    self.add("IS_A", y_idx, x_idx, 0.6, "X (e.g. Y)", sentence)

    def named_kinds(self, sentence: Span) -> None:
        """"the state-of-the-art RPS technique ROAST", "the transformer model FooBERT": a
        name right after "X technique / model / method" is a kind of X."""
        for x_idx, general in self._in(sentence, None):
            noun = general.end
            if noun + 1 >= sentence.end or self.doc[noun].lemma_.lower() not in _SELF_HEADS:
                continue
            y_idx = self.by_token.get(noun + 1)
            if y_idx is not None and self.mentions[y_idx].start == noun + 1 \
                    and self._named(y_idx) and self._may_be_kind(y_idx, x_idx):
                self.add("IS_A", y_idx, x_idx, 0.6, "the X technique Y", sentence)

    def called_kinds(self, sentence: Span) -> None:
        """"a recent state space model called FooSSM": a name a described thing is given by
        "called / named / dubbed" is a kind of it (not a name in apposition: "a novel
        architecture, FooNet" as often describes as classifies)."""
        for x_idx, general in self._in(sentence, None):
            if self._named(x_idx):
                continue
            for y_idx in self._given_names(general.root, apposed=False):
                if y_idx != x_idx and self._named(y_idx) and self._may_be_kind(y_idx, x_idx):
                    self.add("IS_A", y_idx, x_idx, 0.6, "a Y called X", sentence)

    def _in(self, sentence: Span, label: str | None) -> list[tuple[int, Span]]:
        lo = bisect_left(self._starts, sentence.start)
        hi = bisect_left(self._starts, sentence.end)
        return [(i, self.mentions[i]) for i in sorted(self._by_start[lo:hi])
                if label is None or self.mentions[i].label_ == label]

    def _methods_in(self, token: Token) -> list[int]:
        """Method mentions in a noun phrase: the phrase itself, its conjuncts and examples
        ("baselines such as X and Y"), not inside its relative clauses."""
        out: list[int] = []
        stack = [token]
        while stack:
            t = stack.pop()
            idx = self.mention_at(t, "Method")
            if idx is not None and idx not in out:
                out.append(idx)
            stack.extend(c for c in t.children if c.dep_ in {"conj", "appos", "prep", "pobj"}
                         and c.lower_ not in {"on", "in", "for", "at", "from", "by"})
        return sorted(out)

