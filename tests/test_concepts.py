"""Concepts: which spans become nodes, and the confidence that sorts right ones from wrong ones.
Hand-made sentences and the real pipeline (en_core_web_sm + kg parts, the trained model where
named)."""

from __future__ import annotations

import numpy
import pytest
from spacy.tokens import Span

from kg.calibration import Calibration, mention_cells, score_bin
from kg.extract.acronyms import find_long_form
from kg.extract.labeler import (
    _adjective_words,
    _balanced,
    _past_adjective,
    _sentence_cue,
    _through_of,
    _whole_compound,
    _whole_term,
)
from kg.extract.lexicon import load_lexicon
from kg.extract.pipeline import load_pipeline
from kg.extract.runner import extract
from kg.extract.transformer_spans import decode_terms, term_scores
from kg.graph import Mention, Paper, PaperRecord, RelationMention
from kg.linker import build_graph


def test_each_decoded_term_keeps_its_term_probability() -> None:
    candidates = numpy.array([[0, 1], [0, 2], [3, 4]])
    probabilities = numpy.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.35, 0.6, 0.05]])
    terms = decode_terms(candidates, probabilities, 0.5, False)
    assert terms == [(0, 2, 2), (3, 4, 1)]
    assert term_scores(candidates, probabilities, terms) == [0.9, 0.65]
    assert term_scores(candidates[:0], probabilities[:0], []) == []


def test_the_trained_models_mentions_carry_its_score_and_the_rules_none() -> None:
    paper = Paper("p", "", "We train a graph neural network for node classification and "
                           "report accuracy on the Cora dataset.")
    record = next(extract([paper], model="scier"))
    by_source = {m.source for m in record.mentions}
    assert "model" in by_source
    for mention in record.mentions:
        if mention.source == "model":
            assert 0.0 < mention.confidence < 1.0, mention
        else:
            assert mention.confidence == 1.0, mention
    assert PaperRecord.from_json(record.to_json()) == record


def test_a_model_mentions_cells_put_its_score_bin_before_its_shape() -> None:
    model = Mention("graph network", "Method", 0, 13, 0, 20, source="model", confidence=0.83)
    rule = Mention("graph network", "Method", 0, 13, 0, 20, source="noun_chunk")
    assert score_bin(0.83) == "s0.8" and score_bin(0.999) == "s0.9" and score_bin(1.0) is None
    assert mention_cells(model) == ["m|model|Method|2|s0.8", "m|model|Method|s0.8",
                                    "m|model|Method|2", "m|model|Method", "m|model", "m"]
    assert mention_cells(rule) == ["m|noun_chunk|Method|2", "m|noun_chunk|Method",
                                   "m|noun_chunk", "m"]


def test_a_confident_model_mention_is_calibrated_apart_from_an_unsure_one() -> None:
    table = Calibration({"m|model|Method|2|s0.9": (38, 40), "m|model|Method|2|s0.4": (6, 20),
                         "m|model|Method|2": (60, 100)})
    sure = Mention("graph network", "Method", 0, 13, 0, 20, source="model", confidence=0.95)
    unsure = Mention("graph network", "Method", 0, 13, 0, 20, source="model", confidence=0.45)
    between = Mention("graph network", "Method", 0, 13, 0, 20, source="model", confidence=0.65)
    assert table.mention(sure) == pytest.approx(39 / 42)
    assert table.mention(unsure) == pytest.approx(7 / 22)
    # Too few seen in its bin: the shape's cell, times the model's own probability.
    assert table.mention(between) == pytest.approx(61 / 102 * 0.65)


@pytest.mark.parametrize(("text", "balanced"), [
    ("FEM)-based", False), ("(DP", False), ("f(x]", False), ("Finite Element Method (FEM)", True),
    ("ResNet [50]", True), ("low-rank adaptation", True)])
def test_a_name_never_holds_half_a_bracket(text: str, balanced: bool) -> None:
    assert _balanced(text) is balanced


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(None)


@pytest.mark.parametrize(("sentence", "words", "whole"), [
    ("The arm moves objects with closed-loop control in the lab.", "closed-loop",
     "closed-loop control"),
    ("Our planner is a sampling-based planner with a learned cost.", "sampling-based",
     "sampling-based planner"),
    ("We study the finite-sum and stochastic settings of the problem.", "finite-sum",
     "finite-sum"),
    ("Scores on the long-range-arena tasks improve.", "long-range-arena", "long-range-arena"),
    ("It uses a closed-loop, feedback control.", "closed-loop", None),
    ("We report results on the STL-10 dataset.", "STL-10", "STL-10"),
    ("We use a graph neural network here.", "graph neural network", "graph neural network"),
])
def test_half_a_term_is_extended_to_its_noun_or_dropped(nlp, sentence: str, words: str,
                                                        whole: str | None) -> None:
    doc = nlp(sentence)
    start = sentence.index(words)
    span = doc.char_span(start, start + len(words), label="Method")
    found = _whole_term(span, [span], load_lexicon().generic_heads)
    assert (found.text if found is not None else None) == whole


@pytest.mark.parametrize(("text", "words", "whole"), [
    # the title's artefact spells the name through "of"
    ("GaMoRE: Gated Mixture of Routed Encoders\n\nWe build a gated mixture of routed encoders "
     "for retrieval.", "gated mixture", "gated mixture of routed encoders"),
    # a short form the paper defines does too
    ("Routing\n\nA soft bank of filters (SBF) helps. We train the soft bank of filters.",
     "soft bank", "soft bank of filters"),
    # letters that spell no short name: the mention stays as it is
    ("Routing\n\nA soft bank of filters (SBF) helps. We train the soft bank of weights.",
     "soft bank", None),
])
def test_a_name_runs_on_through_of_where_its_short_name_says(nlp, text: str, words: str,
                                                           whole: str | None) -> None:
    doc = nlp(text)
    start = text.rindex(words)
    span = doc.char_span(start, start + len(words), label="Method")
    inside = Span(doc, span.end + 1, span.end + 2, label="Method")  # the word after "of"
    found = _through_of(doc, [span, inside])
    assert [m.text for m in found] == ([whole] if whole else [words, inside.text])


@pytest.mark.parametrize(("text", "words", "whole"), [
    # a title's adjective starts the capitalized name after it
    ("Priors for Noisy Signal Recovery\n\nWe recover noisy signals from few measurements.",
     "Noisy", "Noisy Signal Recovery"),
    # an adjective left alone in a sentence names nothing
    ("Depth\n\nThe network exploits the monocular cue for depth estimation.", "monocular",
     None),
    # a noun stays
    ("Depth\n\nThe network exploits the cue for depth estimation.", "cue", "cue"),
    # a name-like word stays
    ("Depth\n\nThe network runs on ImageNet for depth estimation.", "ImageNet", "ImageNet"),
])
def test_a_lone_adjective_is_no_name(nlp, text: str, words: str, whole: str | None) -> None:
    doc = nlp(text)
    start = text.index(words)
    span = doc.char_span(start, start + len(words), label="Task")
    found = _past_adjective(span, [span], _adjective_words(doc))
    assert (found.text if found is not None else None) == whole


@pytest.mark.parametrize(("sentence", "words", "whole"), [
    ("Each score goes through the sigmoid function first.", "sigmoid", "sigmoid function"),
    ("We lower the logit temperature of the decoder.", "logit", "logit temperature"),
    ("The ridge penalty term grows.", "ridge", "ridge"),
    ("We minimize the hinge loss on each batch.", "hinge", "hinge loss"),
    ("We report results on the STL-10 dataset.", "STL-10", "STL-10"),
    ("We fine-tune BERT embeddings for retrieval.", "BERT", "BERT"),
    ("The pruning algorithm removes weights.", "pruning", "pruning"),
    ("The dropout performance is poor.", "dropout", "dropout"),
])
def test_a_noun_naming_the_modifier_of_a_longer_term_takes_in_its_noun(
        nlp, sentence: str, words: str, whole: str) -> None:
    doc = nlp(sentence)
    start = sentence.index(words)
    span = doc.char_span(start, start + len(words), label="Method")
    found = _whole_compound(span, [span], load_lexicon().vague_heads)
    assert found.text == whole
    # A Method whose new head is a mathematical object's is a Concept.
    assert found.label_ == ("Concept" if whole == "logit temperature" else "Method")


def test_a_noun_another_mention_holds_is_not_taken_in(nlp) -> None:
    sentence = "Each score goes through the sigmoid function first."
    doc = nlp(sentence)
    start = sentence.index("sigmoid")
    modifier = doc.char_span(start, start + len("sigmoid"), label="Method")
    noun = doc.char_span(sentence.index("function"), sentence.index("function") + 8,
                         label="Concept")
    assert _whole_compound(modifier, [modifier, noun]).text == "sigmoid"


def test_a_model_span_crossing_into_another_mention_is_dropped_not_extended(nlp) -> None:
    sentence = "The arm moves objects with closed-loop control in the lab."
    doc = nlp(sentence)
    start = sentence.index("closed-loop")
    half = doc.char_span(start, start + len("closed-loop"), label="Method")
    other = doc.char_span(sentence.index("control"), sentence.index("control") + 7,
                          label="Method")
    assert _whole_term(half, [half, other]) is None


def test_an_acronym_standing_for_a_generic_phrase_is_no_concept() -> None:
    text = "Ours beats state-of-the-art (SOTA) methods. SOTA methods fail. We use LoRA."
    paper = Paper("p1", "", text)
    sota = text.index("SOTA")
    mentions = [Mention("SOTA", "Method", sota, sota + 4, 0, 42, source="acronym_short",
                        long_form="state-of-the-art"),
                Mention("SOTA", "Method", text.index("SOTA m"), text.index("SOTA m") + 4, 43,
                        61, source="model", confidence=0.9),
                Mention("LoRA", "Method", text.index("LoRA"), text.index("LoRA") + 4, 62, 75,
                        source="model", confidence=0.9)]
    graph, _ = build_graph([PaperRecord(paper, mentions)])
    assert [c.aliases for c in graph.concepts()] == [("LoRA",)]  # named by its expansion


@pytest.mark.parametrize(("short", "preceding", "long"), [
    ("RLHF", "Reinforcement Learning algorithms that learn from human feedback", None),
    ("GNN", "a model which we call graph neural network", "graph neural network"),
    ("SGD", "we train it with stochastic gradient descent", "stochastic gradient descent"),
])
def test_a_description_is_no_long_form_of_an_acronym(short: str, preceding: str,
                                                     long: str | None) -> None:
    assert find_long_form(short, preceding) == long


def test_what_a_paper_proposes_votes_for_a_label_a_paper_can_propose() -> None:
    text = "Foo Bar Synthesis (FBS) is hard. We propose FBS for scenes."
    paper = Paper("p1", "", text)
    mentions = [Mention("Foo Bar Synthesis", "Task", 0, 17, 0, 32, source="acronym_long",
                        short_form="FBS"),
                Mention("FBS", "Method", 18, 21, 0, 32, source="model", confidence=0.45,
                        long_form="Foo Bar Synthesis"),
                Mention("FBS", "Method", 44, 47, 33, 59, source="model", confidence=0.45,
                        long_form="Foo Bar Synthesis")]
    relations = [RelationMention("PROPOSES", None, 2, 0.9, "we propose X", 33, 59)]
    table = Calibration({"m|model|Method|name|s0.4": (5, 20), "m|acronym_long|Task|3": (18, 20)})
    graph, _ = build_graph([PaperRecord(paper, mentions)], calibration=table)
    assert [c.key for c in graph.concepts()] == ["task:foo bar synthesis"]
    graph, _ = build_graph([PaperRecord(paper, mentions, relations)], calibration=table)
    assert [c.key for c in graph.concepts()] == ["method:foo bar synthesis"]
    assert [e.type for e in graph.edges() if e.type == "PROPOSES"] == ["PROPOSES"]


def test_model_spans_without_one_score_each_count_as_sure(nlp) -> None:
    from spacy.tokens import SpanGroup

    from kg.extract.labeler import _span_scores

    doc = nlp("We train a graph neural network.")
    group = SpanGroup(doc, name="sc", spans=[doc[3:6], doc[4:6]])
    assert _span_scores(group) == [1.0, 1.0]
    group.attrs["scores"] = numpy.array([0.8, 0.6])
    assert _span_scores(group) == pytest.approx([0.8, 0.6])
    group.attrs["scores"] = numpy.array([[0.8, 0.1], [0.6, 0.3]])  # per label: not one each
    assert _span_scores(group) == [1.0, 1.0]
    assert _span_scores([]) == []


def test_a_confident_relationship_vouches_for_both_its_ends() -> None:
    text = "RPS outperforms MAG and SNIP here."
    paper = Paper("p1", "", text)
    mentions = [Mention("RPS", "Method", 0, 3, 0, 34, source="model", confidence=0.95),
                Mention("MAG", "Method", 16, 19, 0, 34, source="model", confidence=0.45),
                Mention("SNIP", "Method", 24, 28, 0, 34, source="model", confidence=0.45)]
    compared = RelationMention("COMPARED_WITH", 0, 1, 0.9, "model", 0, 34)
    table = Calibration({"m|model|Method|name|s0.9": (19, 20),
                         "m|model|Method|name|s0.4": (10, 20),
                         "r|COMPARED_WITH": (17, 20)})
    graph, _ = build_graph([PaperRecord(paper, mentions, [compared])], calibration=table)
    confidence = {c.name: c.confidence for c in graph.concepts()}
    # MAG: its own mention says 11/22, the relationship with RPS 18/22; SNIP has no such.
    assert confidence == {"RPS": pytest.approx(20 / 22, abs=1e-4),
                          "MAG": pytest.approx(18 / 22, abs=1e-4),
                          "SNIP": pytest.approx(11 / 22, abs=1e-4)}


def _model_span(doc, text: str, words: str, label: str = "Task"):
    from spacy.tokens import Span

    start = text.index(words)
    span = doc.char_span(start, start + len(words))
    out = Span(doc, span.start, span.end, label=label)
    out._.kg_source, out._.kg_score = "model", 0.7
    return out


def test_an_acronyms_long_form_replaces_the_model_span_it_holds(nlp) -> None:
    from kg.extract.labeler import _rule_names_win

    text = "At its core is Novel Scene Rendering (NSR), a hard problem."
    doc = nlp(text)
    cut = _model_span(doc, text, "Scene Rendering")
    short = _model_span(doc, text, "NSR", "Method")
    long = [s for s in doc.spans["kg_candidates"] if s._.kg_source == "acronym_long"]
    assert [s.text for s in long] == ["Novel Scene Rendering"]
    won = _rule_names_win([cut, short], list(doc.spans["kg_candidates"]))
    assert [(s.text, s.label_, s._.kg_source, s._.kg_score) for s in won] == [
        ("Novel Scene Rendering", "Task", "model", 0.7), ("NSR", "Method", "model", 0.7)]
    # A rule span over two model spans is no name they cut short: both stay.
    other = _model_span(doc, text, "Novel")
    assert _rule_names_win([other, cut], list(doc.spans["kg_candidates"])) == [other, cut]
    # The long form's head may say what it is: a problem is a Task.
    text = "We solve an optimal control problem (OCP) at each step."
    doc = nlp(text)
    cut = _model_span(doc, text, "optimal control", "Method")
    won = _rule_names_win([cut], list(doc.spans["kg_candidates"]))
    assert [(s.text, s.label_) for s in won] == [("optimal control problem", "Task")]


@pytest.mark.parametrize(("text", "words", "name"), [
    ("We study Novel View Synthesis for large cities.", "View Synthesis",
     "Novel View Synthesis"),
    ("Novel View Synthesis is hard for large cities.", "View Synthesis", "View Synthesis"),
    ("We study novel View Synthesis for large cities.", "View Synthesis", "View Synthesis"),
    ("Sampling in Infinite-horizon Average-reward MDPs\n\nWe study it.", "MDPs",
     "Infinite-horizon Average-reward MDPs"),
    ("FooFormer: Disassembled Transformer with Gates\n\nWe study it.", "Transformer",
     "Disassembled Transformer"),
    ("Efficient Transformers for Long Inputs\n\nWe study it.", "Transformers", "Transformers"),
    ("Scalable Diffusion Models with Gates\n\nWe study it.", "Diffusion Models",
     "Diffusion Models"),
])
def test_a_model_span_cut_inside_a_capitalized_name_starts_with_the_name(
        nlp, text: str, words: str, name: str) -> None:
    from kg.extract.labeler import _name_start

    doc = nlp(text)
    span = _model_span(doc, text, words)
    lexicon = load_lexicon()
    vague = lexicon.stop_modifiers | lexicon.degree_modifiers | lexicon.generic_modifiers
    assert doc[_name_start(span, vague) : span.end].text == name


@pytest.mark.parametrize(("text", "term"), [
    ("We study Novel View Synthesis for large cities.", "Novel View Synthesis"),
    ("We improve a novel view synthesis in large cities.", "view synthesis"),
    ("Novel View Synthesis is hard for large cities.", "View Synthesis"),
])
def test_a_vague_modifier_capitalized_inside_a_sentence_is_part_of_a_name(
        nlp, text: str, term: str) -> None:
    doc = nlp(text)
    assert term in [s.text for s in doc.spans["kg_candidates"]]


@pytest.mark.parametrize(("text", "words", "concept"), [
    ("The kernel converges in the infinite-width limit of the network.", "infinite-width limit",
     True),
    ("We factor the self-attention matrices into blocks.", "self-attention matrices", True),
    ("Sampling uses learned diffusion priors over shapes.", "diffusion priors", True),
    ("Training wanders over the loss landscape for hours.", "loss landscape", True),
    ("We factor the NTK matrix into blocks.", "NTK matrix", False),
    ("The loss has a Lipschitz continuity constant here.", "Lipschitz continuity", True),
    ("Its Pareto-continuity holds everywhere.", "Pareto-continuity", True),
    ("We train a graph neural network on molecules.", "graph neural network", False),
    ("The solver conserves angular momentum of the rotor.", "angular momentum", True),
    ("We analyse the spectra with free probability theory.", "free probability theory", True),
    ("Our results extend to constrained Markov decision processes.",
     "constrained Markov decision processes", True),
    ("The robot simulates rigid-body dynamics at high rates.", "rigid-body dynamics", True),
    ("We compare samples by their sliced Wasserstein distance.", "sliced Wasserstein distance",
     True),
    ("We train neural stochastic differential equations on prices.",
     "neural stochastic differential equations", False),
    ("Each sample is a directed acyclic graph over the variables.", "directed acyclic graph",
     True),
    ("We train graph neural networks on the molecules.", "graph neural networks", False),
    ("We smooth the signals with a kernel method of our own.", "kernel method", False),
    ("The mechanism guarantees local differential privacy for users.",
     "local differential privacy", True),
    ("Fusing Learned Monocular Priors for Stereo Matching", "Learned Monocular Priors", True),
])
def test_a_mathematical_object_is_a_concept_not_a_method(nlp, text: str, words: str,
                                                         concept: bool) -> None:
    from kg.extract.labeler import _mathematical_object

    doc = nlp(text)
    assert _mathematical_object(_model_span(doc, text, words, "Method")) is concept


@pytest.mark.parametrize(("text", "words", "concept"), [
    ("We study constrained Markov decision processes (CMDPs). Solving CMDPs is hard.",
     "CMDPs", True),
    ("We study constrained Markov decision processes (CMDPs). Solving MDPs is hard.",
     "MDPs", True),
    ("We propose a gated recurrent network (GRN). The GRN is fast.", "GRN", False),
    ("We study constrained Markov decision processes (CMDPs). The GRN is fast.", "GRN",
     False),
    ("We solve ordinary differential equations (ODEs). We train Neural ODEs on them.",
     "Neural ODEs", False),
    ("We solve ordinary differential equations (ODEs). Stiff ODEs are hard.", "Stiff ODEs",
     True),
])
def test_an_acronym_the_paper_defines_as_no_method_is_a_concept(nlp, text: str, words: str,
                                                                 concept: bool) -> None:
    from kg.extract.labeler import _defined_non_method

    doc = nlp(text)
    start = text.rindex(words)
    span = doc.char_span(start, start + len(words))
    assert _defined_non_method(span, load_lexicon().concept_heads) is concept


def test_a_one_paper_concept_the_model_found_is_kept_and_a_noun_chunks_is_not() -> None:
    paper = Paper("p1", "", "The infinite-width limit of wide input vectors is studied.")
    text = paper.text
    limit, vectors = text.index("infinite-width limit"), text.index("input vectors")
    mentions = [Mention("infinite-width limit", "Concept", limit, limit + 20, 0, len(text),
                        source="model", confidence=0.8),
                Mention("input vectors", "Concept", vectors, vectors + 13, 0, len(text))]
    graph, report = build_graph([PaperRecord(paper, mentions)])
    assert [c.name for c in graph.concepts()] == ["infinite-width limit"]
    assert report.concepts_dropped == 1


@pytest.mark.parametrize(("text", "words", "label"), [
    ("FooNet: Scene Modeling via Adaptive Local Feature Decoupling\n\nWe study it.",
     "Adaptive Local Feature Decoupling", "Method"),
    ("A Tactile Simulator for Contact-rich Robotic Manipulation\n\nWe study it.",
     "Contact-rich Robotic Manipulation", "Task"),
    ("A tactile simulator for robotic manipulation\n\nWe study it.", "robotic manipulation",
     None),
    ("FooNet: Scene Modeling with Adaptive Local Feature Decoupling\n\nWe study it.",
     "Adaptive Local Feature Decoupling", None),
    ("A study\n\nWe model scenes via Adaptive Local Feature Decoupling here.",
     "Adaptive Local Feature Decoupling", None),
    ("Deep Models for Continuous Sequence-to-Sequence Modeling\n\nReasoning from sequences "
     "of raw sensory data is a ubiquitous problem.", "Continuous Sequence", None),
])
def test_a_title_preposition_labels_the_capitalized_name_it_governs(
        nlp, text: str, words: str, label: str | None) -> None:
    from kg.extract.labeler import _title_cue

    doc = nlp(text)
    start = text.index(words)
    span = doc.char_span(start, start + len(words))
    span._.kg_source = "noun_chunk"
    assert _title_cue(span) == label


def test_a_benchmark_named_by_its_acronym_definition_is_a_dataset() -> None:
    from kg.linker import cue_label

    paper = Paper("p1", "", "We build the first Urban View Synthesis (UVS) benchmark. UVS is hard.")
    text = paper.text
    long, short = text.index("Urban View Synthesis"), text.index("UVS")
    mentions = [Mention("Urban View Synthesis", "Task", long, long + 20, 0, 56,
                        source="acronym_long", short_form="UVS"),
                Mention("UVS", "Method", short, short + 3, 0, 56, source="model",
                        confidence=0.6, long_form="Urban View Synthesis")]
    assert [cue_label(text, m, 0) for m in mentions] == ["Dataset", "Dataset"]
    graph, _ = build_graph([PaperRecord(paper, mentions)])
    assert [c.label for c in graph.concepts()] == ["Dataset"]
    plain = "We study Urban View Synthesis (UVS) in cities."
    assert cue_label(plain, Mention("Urban View Synthesis", "Task", 9, 29, 0, 46), 0) is None


@pytest.mark.parametrize(("text", "word", "label"), [
    ("We test on data sets such as CIFAR-100 and FooBench in our runs.", "FooBench", "Dataset"),
    ("We test on benchmarks including FooBench, BarQA, and BazSet today.", "BarQA", "Dataset"),
    ("We report metrics such as BLEU, chrF, and FooScore here.", "FooScore", "Metric"),
    ("We compare models such as BERT and FooNet here.", "FooNet", None),
    ("Datasets such as A are small, but FooNet is big.", "FooNet", None),
])
def test_a_name_listed_after_datasets_such_as_is_a_dataset(text: str, word: str,
                                                          label: str | None) -> None:
    from kg.linker import cue_label

    start = text.index(word)
    assert cue_label(text, Mention(word, "Method", start, start + len(word), 0, len(text)),
                     0) == label


@pytest.mark.parametrize(("text", "word", "label"), [
    ("Accumulating in float8_e4m3 matches full precision here.", "float8_e4m3", "Concept"),
    ("We quantize weights to INT8 with little loss here.", "INT8", "Concept"),
    ("We train BERT with little loss here.", "BERT", "Method"),
])
def test_a_number_formats_name_is_a_concept(nlp, text: str, word: str, label: str) -> None:
    from spacy.tokens import SpanGroup

    from kg.extract.labeler import Labeler

    doc = nlp(text)
    span = _model_span(doc, text, word, "Method")
    doc.spans["sc"] = SpanGroup(doc, name="sc", spans=[span])
    labeler = Labeler("scier")
    assert [(m.text, m.label_) for m in labeler._model_mentions(doc)] == [(word, label)]


def test_a_well_known_acronym_joins_its_long_form_unless_a_paper_defines_it_otherwise() -> None:
    def record(key: str, abstract: str, *mentions: tuple[str, str, dict]) -> PaperRecord:
        paper = Paper(key, "T", abstract)
        text = paper.text
        found = []
        for words, label, extra in mentions:
            start = text.index(words)
            found.append(Mention(words, label, start, start + len(words), 3, len(text),
                                 source="model", confidence=0.9, **extra))
        return PaperRecord(paper, found)

    records = [
        record("a", "We use machine learning here.", ("machine learning", "Task", {})),
        record("b", "We use ML-based surrogates here.", ("ML", "Task", {})),
        record("c", "We fit it by maximum likelihood (ML) and ML wins.",
               ("maximum likelihood", "Method", {"short_form": "ML"}),
               ("ML", "Method", {"long_form": "maximum likelihood"})),
    ]
    graph, _ = build_graph(records)
    assert sorted((c.name, c.paper_count) for c in graph.concepts()) == [
        ("machine learning", 2), ("maximum likelihood", 1)]


def test_a_term_a_paper_names_twice_is_more_confident_than_one_it_names_once() -> None:
    paper = Paper("p1", "", "Point clouds are sparse. Point clouds are big. Input vectors too.")
    text = paper.text
    spans = [(text.index("Point clouds"), "Point clouds"),
             (text.index("Point clouds", text.index("Point clouds") + 1), "Point clouds"),
             (text.index("Input vectors"), "Input vectors")]
    mentions = [Mention(words, "Concept", start, start + len(words), 0, len(text),
                        confidence=0.5, source="model") for start, words in spans]
    table = Calibration({"m|model|Concept|s0.5": (50, 100)})
    graph, _ = build_graph([PaperRecord(paper, mentions)], calibration=table)
    confidence = {c.name.lower(): c.confidence for c in graph.concepts()}
    once = confidence["input vector"]
    assert once == pytest.approx(0.5, abs=0.02)
    assert confidence["point cloud"] == pytest.approx(1 - (1 - once) ** 2, abs=1e-3)


def test_the_label_of_a_link_is_no_term(nlp) -> None:
    doc = nlp("A study\n\nIt models larger scenes. Project page: https://example.github.io/Foo/.")
    assert [s.text for s in doc.spans["kg_candidates"]] == ["scenes"]


@pytest.mark.parametrize(("text", "words", "source", "whole"), [
    # A trained model's span cut inside a hyphened word: the name's other part joins it ...
    ("We present ZapNet-XL, a small model.", "XL", "model", "ZapNet-XL"),
    ("We present ZapNet-XL, a small model.", "ZapNet", "model", "ZapNet-XL"),
    # ... a common word's cut is dropped, so the rules' whole phrase can take its place ...
    ("Models trade speed for a better memory-latency balance.", "memory", "model", None),
    # ... and a name used as a modifier stays as it is.
    ("We compare BERT-style encoders with ours.", "BERT", "model", "BERT"),
    # A noun chunk the parser cut takes in the rest of the word.
    ("The pooling follows a modulus non-linearity in each layer.", "modulus non",
     "noun_chunk", "modulus non-linearity"),
    # Spaced hyphens join no word: "pre - existing" is tokenized text (SciER's).
    ("We extend pre - existing 2D CNNs .", "2D CNNs", "model", "2D CNNs"),
])
def test_a_mention_cut_inside_a_hyphened_word_takes_the_word_or_is_dropped(
        nlp, text: str, words: str, source: str, whole: str | None) -> None:
    from kg.extract.labeler import _whole_words

    doc = nlp(text)
    span = _model_span(doc, text, words, "Method")
    span._.kg_source = source
    found = _whole_words(span, [span])
    assert (found.text if found is not None else None) == whole
    if found is not None:
        assert (found.label_, found._.kg_source, found._.kg_score) == ("Method", source, 0.7)


def test_a_cut_whose_word_another_mention_holds_is_dropped(nlp) -> None:
    from kg.extract.labeler import _whole_words

    text = "We present ZapNet-XL, a small model."
    doc = nlp(text)
    cut, other = _model_span(doc, text, "ZapNet"), _model_span(doc, text, "XL")
    assert _whole_words(cut, [cut, other]) is None


@pytest.mark.parametrize(("text", "words", "name"), [
    # The paper's own named contribution: X-based Y is a mention of X (the annotation guide).
    ("ZapNet: Gated Sparse Layers\n\nWe introduce ZapNet. ZapNet-based models run fast.",
     "ZapNet-based models", "ZapNet"),
    ("ZapNet: Gated Sparse Layers\n\nWe introduce ZapNet. ZapNet based models run fast.",
     "ZapNet based models", "ZapNet"),
    # Another paper's name: a kind of model built on it, whole.
    ("ZapNet: Gated Sparse Layers\n\nWe introduce ZapNet. BERT-based models run slow.",
     "BERT-based models", "BERT-based models"),
    # No title artefact: nothing is the paper's own by name.
    ("Gated Sparse Layers\n\nZapNet-based models run fast.", "ZapNet-based models",
     "ZapNet-based models"),
    # Without the hyphen, layers based on a name: the name.
    ("Gated Sparse Layers\n\nIt beats GroupNorm based layers.", "GroupNorm based layers",
     "GroupNorm"),
    ("Gated Sparse Layers\n\nIt beats kernel based layers.", "kernel based layers",
     "kernel based layers"),
])
def test_x_based_y_names_x_where_x_is_the_papers_own_contribution(
        nlp, text: str, words: str, name: str) -> None:
    from kg.extract.labeler import _own_name

    doc = nlp(text)
    span = _model_span(doc, text, words, "Method")
    assert _own_name(span).text == name


@pytest.mark.parametrize(("text", "words", "name"), [
    ("Making Search with Learned Priors Efficient\n\nWe study it.",
     "Learned Priors Efficient", "Learned Priors"),
    ("Our cache beats prior KV cache eviction baselines on every task.",
     "KV cache eviction baselines", "KV cache eviction"),
    ("It beats strong baselines.", "strong baselines", "strong baselines"),
    ("We train machine learning models on it.", "machine learning models", "machine learning"),
    ("We use metric learning approaches here.", "metric learning approaches",
     "metric learning"),
    ("We build machine learning systems for clinics.", "machine learning systems",
     "machine learning"),
    ("Deep learning frameworks run on GPUs.", "Deep learning frameworks", "Deep learning"),
    ("We use a learning rate schedule here.", "learning rate schedule",
     "learning rate schedule"),
    ("It is a simple baseline model.", "simple baseline model", "simple baseline model"),
    ("We lower the cross-entropy loss on every task.", "cross-entropy loss",
     "cross-entropy loss"),
])
def test_an_evaluative_word_or_a_role_noun_ends_no_name(nlp, text: str, words: str,
                                                       name: str) -> None:
    from kg.extract.labeler import _name_core

    doc = nlp(text)
    span = _model_span(doc, text, words, "Method")
    core = _name_core(span, load_lexicon().stop_modifiers)
    assert core is not None and core.text == name
    assert (core.label_, core._.kg_source, core._.kg_score) == ("Method", "model", 0.7)


@pytest.mark.parametrize(("text", "words"), [
    ("We use learning methods here.", "learning methods"),
    ("It is a new learning paradigm for robots.", "learning paradigm"),
])
def test_learning_with_only_a_kind_noun_names_nothing(nlp, text: str, words: str) -> None:
    from kg.extract.labeler import _name_core

    doc = nlp(text)
    assert _name_core(_model_span(doc, text, words, "Method"),
                      load_lexicon().stop_modifiers) is None


@pytest.mark.parametrize(("text", "words", "name"), [
    ("FooDiff: Linear-Time High-Fidelity Diffusion Models\n\nWe study it.",
     "Linear-Time High-Fidelity Diffusion Models", "Diffusion Models"),
    ("We train a novel state-of-the-art graph network on it.",
     "novel state-of-the-art graph network", "graph network"),
    # A capitalized word inside a sentence opens a name.
    ("We train the Efficient Attention Network on it.", "Efficient Attention Network",
     "Efficient Attention Network"),
    ("FooNet: Low-Rank Adaptation of Large Models\n\nWe study it.", "Low-Rank Adaptation",
     "Low-Rank Adaptation"),
    ("It is efficient.", "efficient", "efficient"),
    # A count written in words is no part of a name; digits are ("3D").
    ("We release three new long-context models today.", "three new long-context models",
     "long-context models"),
    ("We release 3D diffusion models today.", "3D diffusion models", "3D diffusion models"),
])
def test_evaluative_words_leading_a_model_span_are_no_part_of_its_name(
        nlp, text: str, words: str, name: str) -> None:
    from kg.extract.labeler import _past_evaluative

    doc = nlp(text)
    span = _model_span(doc, text, words, "Method")
    start = _past_evaluative(doc, span.start, span.end, load_lexicon().stop_modifiers)
    assert doc[start:span.end].text == name


@pytest.mark.parametrize(("text", "words", "label", "name"), [
    ("We train on FooSet 2014 and test on FooSet 2017.", "FooSet", "Dataset", "FooSet 2014"),
    ("We train on FooSet in 2014.", "FooSet", "Dataset", "FooSet"),
    ("We ran FooNet 2014 times.", "FooNet", "Method", "FooNet"),
    ("We train on FooSet 2014-2017 splits.", "FooSet", "Dataset", "FooSet"),
])
def test_a_datasets_name_goes_on_over_the_year_of_its_edition(
        nlp, text: str, words: str, label: str, name: str) -> None:
    from kg.extract.labeler import _with_year

    doc = nlp(text)
    assert _with_year(_model_span(doc, text, words, label)).text == name


def test_a_model_span_from_the_title_into_the_abstract_starts_at_the_abstract(nlp) -> None:
    from kg.extract.labeler import _past_title

    text = "Fast Search with Randomization\n\nReinforcement learning is hard."
    doc = nlp(text)
    span = _model_span(doc, text, "Randomization\n\nReinforcement learning", "Method")
    assert doc[_past_title(doc, span.start, span.end):span.end].text == "Reinforcement learning"
    inside = _model_span(doc, text, "Fast Search", "Method")
    assert _past_title(doc, inside.start, inside.end) == inside.start


def _one_mention(paper_id: str, text: str, words: str, label: str, source: str,
                 confidence: float) -> PaperRecord:
    start = text.index(words)
    return PaperRecord(Paper(paper_id, "", text), [
        Mention(words, label, start, start + len(words), 0, len(text), source=source,
                confidence=confidence)])


@pytest.mark.parametrize(("concept_source", "label"), [("model", "Concept"),
                                                       ("noun_chunk", "Task")])
def test_a_models_concepts_outvote_a_weaker_specific_label(concept_source: str,
                                                           label: str) -> None:
    text = "We learn rigid dynamical systems from data."  # (no head rule: as a model said)
    records = [_one_mention("p1", text, "rigid dynamical systems", "Concept", concept_source,
                            0.9),
               _one_mention("p2", text, "rigid dynamical systems", "Concept", concept_source,
                            0.8),
               _one_mention("p3", text, "rigid dynamical systems", "Task", "model", 0.5)]
    graph, _ = build_graph(records, calibration=Calibration())
    assert [c.label for c in graph.concepts()] == [label]


@pytest.mark.parametrize(("sentence", "words", "cue"), [
    ("We release three new 13B parameter models for retrieval.",
     "three new 13B parameter models", None),
    ("We release 7B-parameter chat models today.", "7B-parameter chat models", None),
    ("We release HydraNet-13B models for retrieval.", "HydraNet-13B models", "Method"),
    # A dimension is no name: what experiments are on is then no dataset by that cue.
    ("We evaluate it on 3D signed distance fields.", "3D signed distance fields", None),
    ("We evaluate it on ModelNet40 and ShapeNet.", "ModelNet40", "Dataset"),
])
def test_a_size_is_no_name_for_a_propose_cue(nlp, sentence: str, words: str,
                                              cue: str | None) -> None:
    doc = nlp(sentence)
    start = sentence.index(words)
    assert _sentence_cue(doc.char_span(start, start + len(words))) == cue


@pytest.mark.parametrize(("text", "words", "task"), [
    ("The robot solves an optimal control problem at each step.", "optimal control problem",
     True),
    ("We study sparse inverse problems with noise.", "sparse inverse problems", True),
    ("We train an optimal control policy at each step.", "optimal control policy", False),
])
def test_a_span_headed_by_problem_names_a_task(nlp, text: str, words: str,
                                               task: bool) -> None:
    from kg.extract.labeler import _names_problem

    doc = nlp(text)
    assert _names_problem(_model_span(doc, text, words, "Method")) is task


@pytest.mark.parametrize(("text", "words", "label"), [
    # A description after the name, in apposition or after a copula of which it is the subject.
    ("We present FooSearch, an optimistic search algorithm for bandits.", "FooSearch",
     "Method"),
    ("Bar-privacy is a notion of privacy for groups.", "Bar-privacy", "Concept"),
    ("In particular, quux sampling is a technique with guarantees.", "quux sampling", "Method"),
    ("Spectral lifting is a central problem in topology.", "Spectral lifting", "Task"),
    ("We formulate grid stitching as a constrained optimization problem.", "grid stitching",
     "Task"),
    # The subject is more than the name: "Solving X is a task" states nothing of X.
    ("Solving wave equations is a central task in physics.", "wave equations", None),
    ("Fast ranking of documents is a hard problem.", "documents", None),
    # Before the name: named, set off by commas, or listed after a plural kind and a colon.
    ("We study a challenging problem called grid stitching, which is hard.", "grid stitching",
     "Task"),
    ("We give an optimistic algorithm, Double Lift (DL), that has low regret.", "Double Lift",
     "Method"),
    ("On a calibration dataset, FooNet can fail.", "FooNet", None),
    ("It rests on two empirical principles: anchor spreading and decay.", "anchor spreading",
     "Concept"),
    ("We give a method: grid stitching runs first.", "grid stitching", None),
    ("We consider the task of grid stitching in satellite images.", "grid stitching", "Task"),
    ("We use the problem of grid stitching as a testbed.", "grid stitching", "Task"),
    # The kind ends the description: "a dataset-dependent search method" is a method.
    ("We compare with the BarTrick (BT), a dataset-dependent search method.", "BarTrick",
     "Method"),
    ("BazKD is a dataset distillation method.", "BazKD", "Method"),
    ("BazKD is a graph neural network for molecules.", "BazKD", None),
])
def test_the_label_a_sentence_states_by_the_kind_it_calls_a_name(text: str, words: str,
                                                                 label: str | None) -> None:
    from kg.linker import stated_label

    start = text.index(words)
    mention = Mention(words, "Method", start, start + len(words), 0, len(text))
    assert stated_label(text, mention) == label


def test_a_stated_concept_outvotes_the_models_method_in_its_paper() -> None:
    def record(abstract: str) -> PaperRecord:
        paper = Paper("p1", "Groups", abstract)
        text = paper.text
        starts = [i for i in range(len(text)) if text.startswith("Blur-privacy", i)]
        return PaperRecord(paper, [Mention("Blur-privacy", "Method", i, i + 12, starts[0],
                                           len(text), source="model", confidence=0.9)
                                   for i in starts])

    stated = record("Blur-privacy is a notion of privacy. We bound Blur-privacy loss.")
    graph, _ = build_graph([stated], calibration=Calibration())
    assert [c.label for c in graph.concepts()] == ["Concept"]
    plain = record("Blur-privacy works for groups. We bound Blur-privacy loss.")
    graph, _ = build_graph([plain], calibration=Calibration())
    assert [c.label for c in graph.concepts()] == ["Method"]


@pytest.mark.parametrize(("text", "words", "label"), [
    ("We study linear probing tasks with noise.", "linear probing", "Task"),
    ("We revisit the subspace clustering problem here.", "subspace clustering", "Task"),
    ("We run the FooBench tasks on it.", "FooBench", None),
    ("We compare with the Hungarian algorithm on graphs.", "Hungarian", "Method"),
    ("We use a greedy algorithm on graphs.", "greedy", None),
    ("It needs 36% less GPU memory than before.", "GPU memory", "Metric"),
    ("It cuts up to 62\\% GFLOPs at equal quality.", "GFLOPs", "Metric"),
    ("It has a 3x lower latency.", "latency", "Metric"),
    ("It trains on 36 GPU nodes.", "GPU nodes", None),
    ("It generalizes to Middlebury and Booster datasets well.", "Middlebury", "Dataset"),
    ("It generalizes to Foo-1, BarSet and Baz datasets well.", "Foo-1", "Dataset"),
    ("We combine SIFT and large datasets well.", "SIFT", None),
    ("We retrieve against 100 million distractor images from FooPix100M.", "FooPix100M",
     "Dataset"),
    ("Some questions in BarQA are ambiguous.", "BarQA", "Dataset"),
    ("We take images from diffusion sampling.", "diffusion sampling", None),
    # A name before "optimization" names a method; a common noun does not.
    ("We merge models with Frank-Wolfe optimization steps.", "Frank-Wolfe", "Method"),
    ("Scaling Model Merging with Quux-Bar Optimization", "Quux-Bar", "Method"),
    ("We study portfolio optimization under risk.", "portfolio", None),
    # Listed after "hyperparameters such as": a setting of training.
    ("It tunes hyperparameters such as the warmup length and the dropout.", "warmup length",
     "Concept"),
    ("It tunes hyperparameters such as warmup length and dropout.", "dropout", "Concept"),
    ("It tunes models such as warmup length and dropout.", "dropout", None),
    # Common words before "benchmarks" / "datasets" name the task the data is for.
    ("We test on several 3D point cloud understanding benchmarks.",
     "3D point cloud understanding", "Task"),
    ("We test on image classification datasets.", "image classification", "Task"),
    ("We test on the FooBench benchmark.", "FooBench", "Dataset"),
    ("We test on the Quux Scenes dataset.", "Quux Scenes", "Dataset"),
])
def test_the_words_around_a_mention_cue_its_label(text: str, words: str,
                                                   label: str | None) -> None:
    from kg.linker import cue_label

    start = text.index(words)
    mention = Mention(words, "Concept", start, start + len(words), 0, len(text))
    assert cue_label(text, mention, 0) == label


@pytest.mark.parametrize(("text", "words", "task"), [
    ("We solve an optimal control problem (OCP). The OCP is hard.", "OCP", True),
    ("We propose a gated recurrent network (GRN). The GRN is fast.", "GRN", False),
])
def test_an_acronym_the_paper_defines_as_a_problem_is_a_task(nlp, text: str, words: str,
                                                              task: bool) -> None:
    from kg.extract.labeler import _defined_non_method, _names_problem

    doc = nlp(text)
    start = text.rindex(words)
    span = doc.char_span(start, start + len(words))
    assert _defined_non_method(span, load_lexicon().concept_heads, _names_problem) is task


@pytest.mark.parametrize(("text", "words", "label", "expected"), [
    # Hardware runs a method and is none ("GPU" already is a Concept).
    ("Local accelerators run these models at interactive latencies.", "Local accelerators",
     "Method", "Concept"),
    ("We train a graph neural network on molecules.", "graph neural network", "Method",
     "Method"),
    ("We smooth the signals with a kernel method of our own.", "kernel method", "Method",
     "Method"),
    ("We speed up training with an accelerated gradient method.", "accelerated gradient method",
     "Method", "Method"),
    # A setting of training that a model reads as a measure.
    ("They neglect factors such as the learning rate and the context.", "learning rate",
     "Metric", "Concept"),
    ("We vary the batch sizes of the optimizer.", "batch sizes", "Metric", "Concept"),
    ("We report the error rate of the classifier.", "error rate", "Metric", "Metric"),
    ("We tune the learning rate of the optimizer.", "learning rate", "Method", "Concept"),
])
def test_hardware_and_training_settings_are_no_methods_or_metrics(nlp, text: str, words: str,
                                                                  label: str,
                                                                  expected: str) -> None:
    from kg.extract.labeler import _head_label

    doc = nlp(text)
    assert _head_label(_model_span(doc, text, words, label), label) == expected


@pytest.mark.parametrize(("text", "words", "label", "expected"), [
    # A complexity named by what it counts is a measure of cost; by its order, a property.
    ("We characterize the sample complexity of the learner.", "sample complexity", "Concept",
     "Metric"),
    ("We bound the computational complexity of the search.", "computational complexity",
     "Method", "Metric"),
    ("Attention has quadratic complexity in the length.", "quadratic complexity", "Concept",
     "Concept"),
    ("The layer keeps linear time complexity in the length.", "linear time complexity",
     "Metric", "Concept"),
    # Regression with no model named before it is the problem; a named model solves it.
    ("We study least-squares regression with noise.", "least-squares regression", "Method",
     "Task"),
    ("We study sparse linear regression with noise.", "sparse linear regression", "Method",
     "Task"),
    ("We fit a kernel ridge regression to the data.", "kernel ridge regression", "Method",
     "Method"),
    ("We fit a logistic regression to the data.", "logistic regression", "Method", "Method"),
    ("We fit a Gaussian process regression to the data.", "Gaussian process regression",
     "Method", "Method"),
    # A system only adjectives qualify is an object of study; a system a noun or name
    # qualifies is what the model says.
    ("We learn the dynamical systems from data.", "dynamical systems", "Method", "Concept"),
    ("We control safety-critical systems under uncertainty.", "safety-critical systems",
     "Method", "Concept"),
    ("We deploy large recommendation systems online.", "recommendation systems", "Method",
     "Method"),
    ("We compare neural systems on the data.", "neural systems", "Method", "Method"),
    ("We build the FooBar system for parsing.", "FooBar system", "Method", "Method"),
])
def test_a_head_noun_states_the_kind_whoever_labelled_the_span(nlp, text: str, words: str,
                                                               label: str,
                                                               expected: str) -> None:
    from kg.extract.labeler import _kind_by_head

    doc = nlp(text)
    assert _kind_by_head(_model_span(doc, text, words, label), label) == expected


def test_the_labeler_applies_the_head_kinds_to_every_mention(nlp) -> None:
    from kg.extract.labeler import MENTIONS

    text = "We characterize the sample complexity of least-squares regression in this work."
    doc = nlp(text)
    labels = {m.text: m.label_ for m in doc.spans[MENTIONS]}
    assert labels.get("sample complexity") == "Metric"
    assert labels.get("least-squares regression") == "Task"
    text = "Dynamical systems (DS) theory is fundamental. We learn DS from data."
    doc = nlp(text)
    assert [m.label_ for m in doc.spans[MENTIONS] if m.text == "DS"] == ["Concept", "Concept"]


@pytest.mark.parametrize(("text", "words", "label", "expected"), [
    # A representation is the form a method gives data; learning one is a method.
    ("We map the inputs to a sparse graph representation of the scene.",
     "sparse graph representation", "Method", "Concept"),
    ("We pretrain the encoder with contrastive representation learning.",
     "contrastive representation learning", "Method", "Method"),
    ("We fit implicit neural representations to the scans.", "implicit neural representations",
     "Method", "Method"),
    # A hypothesis or a phenomenon is claimed or observed, no method.
    ("We revisit the strong winning ticket hypothesis for pruning.",
     "strong winning ticket hypothesis", "Method", "Concept"),
    # A bandit is a class of problems, as a decision process is.
    ("We study sparse contextual bandits with delayed rewards.", "sparse contextual bandits",
     "Method", "Concept"),
    ("We run a contextual bandit algorithm on the logs.", "contextual bandit algorithm",
     "Method", "Method"),
])
def test_representations_hypotheses_and_bandits_are_no_methods(nlp, text: str, words: str,
                                                               label: str,
                                                               expected: str) -> None:
    from kg.extract.labeler import _head_label

    doc = nlp(text)
    assert _head_label(_model_span(doc, text, words, label), label) == expected


def test_an_acronym_headed_long_form_is_read_through_the_acronym_it_ends_in(nlp) -> None:
    from kg.extract.labeler import _head_label

    text = ("We guarantee differential privacy (DP) for all users. We then define "
            "shuffled DP (SDP) and compare SDP with it.")
    doc = nlp(text)
    start = text.rindex("SDP")
    span = doc.char_span(start, start + 3, label="Method")
    assert _head_label(span, "Method", defined=True) == "Concept"
    text = ("We use stochastic gradient descent (SGD) for training. We then define "
            "momentum SGD (MSGD) and compare MSGD with it.")
    doc = nlp(text)
    start = text.rindex("MSGD")
    span = doc.char_span(start, start + 4, label="Method")
    assert _head_label(span, "Method", defined=True) == "Method"


@pytest.mark.parametrize(("text", "words", "stated"), [
    # Listed after a colon that hangs off "phenomena" / "principles" / "properties".
    ("We observe two phenomena in training: gradient starvation (where one feature wins) "
     "and weight drift.", "weight drift", True),
    ("We observe two phenomena in training: gradient starvation and weight drift.",
     "gradient starvation", True),
    ("The model rests on two principles: local token pruning and global layer sharing.",
     "global layer sharing", True),
    # Said to be one with "be".
    ("Weight drift is a phenomenon that slows training.", "Weight drift", True),
    # A list after "methods", or a clause after the colon, says nothing.
    ("We compare two methods: gradient descent and mirror descent.", "mirror descent", False),
    ("We follow two principles: the encoder uses weight sharing.", "weight sharing", False),
    ("Weight drift is a method that speeds training.", "Weight drift", False),
])
def test_what_a_sentence_calls_a_phenomenon_is_a_concept(nlp, text: str, words: str,
                                                         stated: bool) -> None:
    from kg.extract.labeler import _stated_phenomenon

    doc = nlp(text)
    start = text.index(words)
    assert _stated_phenomenon(doc.char_span(start, start + len(words))) is stated


def _candidate_texts(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {span.text for span in doc.spans["kg_candidates"]}


@pytest.mark.parametrize(("text", "kept", "gone"), [
    # A cardinal written as a word counts the things; it names none of them.
    ("We derive two linear regret bounds for it.", "linear regret bounds",
     "two linear regret bounds"),
    ("We collect five marine bird species on site.", "marine bird species",
     "five marine bird species"),
    # An ordinal after a determiner ranks the thing ("the first such module").
    ("We build the first graph sampling module for it.", "graph sampling module",
     "first graph sampling module"),
    # An ordinal with no determiner may be the name's own.
    ("We bound the mean and second moments of the loss.", "second moments", "moments"),
    # Hyphened words and digits stay whole.
    ("Two-stage detectors beat first-order solvers here.", "first-order solvers",
     "solvers"),
    ("We fit 3D Gaussian splats to the scene.", "3D Gaussian splats", "Gaussian splats"),
    # A capitalized word inside a sentence opens a name and stays.
    ("We train on the One Hundred Faces corpus.", "One Hundred Faces", "Hundred Faces"),
    # A role word before a name is no part of it; before a common noun it is.
    ("We tune the base FooLM-13B on it.", "FooLM-13B", "base FooLM-13B"),
    ("We average the base learners of the ensemble.", "base learners", "learners"),
])
def test_a_count_or_rank_written_as_a_word_is_no_part_of_a_name(
        nlp, text: str, kept: str, gone: str) -> None:
    texts = _candidate_texts(nlp, text)
    assert kept in texts, texts
    assert gone not in texts, texts


@pytest.mark.parametrize(("text", "name", "label", "whole"), [
    ("We develop the first step size tuning module Tune-Zeta for solvers.", "Tune-Zeta",
     "Method", "step size tuning module Tune-Zeta"),
    ("We score them with the benchmark FooBench in the end.", "FooBench", "Dataset",
     "benchmark FooBench"),
    # A kind noun after a name says what the name is, a backbone too.
    ("The features pass through the Wombat backbone for fusion.", "Wombat", "Method",
     "Wombat backbone"),
])
def test_a_name_in_apposition_after_its_kind_is_the_term(nlp, text: str, name: str,
                                                         label: str, whole: str) -> None:
    doc = nlp(text)
    spans = {span.text: span._.kg_hint for span in doc.spans["kg_candidates"]}
    assert spans.get(name) == label, spans
    assert whole not in spans


@pytest.mark.parametrize("text", [
    "We tune the step size module of the solver.",  # no name after the kind
    "We fit the attention module (AM) to it.",  # an acronym definition is no apposition
    "We fit the model M to the data.",  # a one-letter symbol is no name
])
def test_no_apposed_name_where_the_span_does_not_end_in_one(nlp, text: str) -> None:
    from kg.extract.candidates import _apposed_name

    for span in nlp(text).noun_chunks:
        assert _apposed_name(span) is None, span.text


@pytest.mark.parametrize(("text", "owner", "others", "expected"), [
    # An organisation or a person that owns something, named only so, is no term.
    ("The model uses Zontek's new Griffin architecture.", "Zontek", [], True),
    ("We report Kendall's tau on the ranking.", "Kendall", [], True),
    # A term used on its own too, an acronym, CamelCase or a known term is one.
    ("We study Wombat's potential. Wombat beats the baselines.", "Wombat", ["Wombat"], False),
    ("We probe BERT's attention heads.", "BERT", [], False),
    ("We probe DeltaNet's recurrence.", "DeltaNet", [], False),
    ("We probe the Transformer's attention heads.", "Transformer", [], False),
])
def test_an_owner_named_only_as_a_possessor_is_no_term(nlp, text: str, owner: str,
                                                      others: list[str],
                                                      expected: bool) -> None:
    from kg.extract.labeler import _owner

    doc = nlp(text)
    first = text.index(owner)
    mention = doc.char_span(first, first + len(owner), label="Method")
    mentions = [mention]
    for word in others:
        at = text.index(word, first + len(owner))
        mentions.append(doc.char_span(at, at + len(word), label="Method"))
    assert _owner(mention, mentions, load_lexicon()) is expected


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("We then develop a mathematical theory of feature vectors.", "mathematical theory", True),
    ("The method comes with statistical guarantees on its error.", "statistical guarantees",
     True),
    ("We give faithful explanations of the predictions.", "faithful explanations", True),
    # A noun or a name makes a particular theory or guarantee.
    ("We use random matrix theory to bound it.", "random matrix theory", False),
    ("The method comes with DP guarantees on its output.", "DP guarantees", False),
    ("We draw on learning theory here.", "learning theory", False),
    # A head that is no claim keeps its adjective.
    ("We train a mathematical model of the flow.", "mathematical model", False),
])
def test_a_claim_head_with_adjectives_alone_is_generic(nlp, text: str, words: str,
                                                      expected: bool) -> None:
    from kg.extract.labeler import _described_claim

    doc = nlp(text)
    first = text.index(words)
    span = doc.char_span(first, first + len(words), label="Concept")
    assert _described_claim(span, load_lexicon()) is expected


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("A Mathematical Theory of Deep Feature Maps\n\nWe study maps.", "Mathematical Theory",
     True),
    ("Sparse Graph Clustering: an Algorithm and Statistical Guarantees\n\nWe study it.",
     "Statistical Guarantees", True),
    ("Random Matrix Theory for Deep Feature Maps\n\nWe study maps.", "Random Matrix Theory",
     False),
])
def test_a_titles_claim_head_with_adjectives_alone_is_generic(nlp, text: str, words: str,
                                                             expected: bool) -> None:
    from kg.extract.labeler import _described_claim

    doc = nlp(text)
    first = text.index(words)
    span = doc.char_span(first, first + len(words), label="Concept")
    assert _described_claim(span, load_lexicon()) is expected


@pytest.mark.parametrize(("text", "name", "whole"), [
    # A model named with its size is a Method the rules add next to a trained model's.
    ("We compare FooLM-13B with BarNet on the task.", "FooLM-13B", None),
    # A name before "variants" names the model; the variants are its kind.
    ("The teacher is distilled into FooLM variants for speed.", "FooLM", "FooLM variants"),
])
def test_a_model_named_by_size_or_by_its_variants_is_a_method(text: str, name: str,
                                                              whole: str | None) -> None:
    doc = load_pipeline()(text)
    mentions = {span.text: span.label_ for span in doc.spans["kg_mentions"]}
    assert mentions.get(name) == "Method", mentions
    assert whole not in mentions


def test_a_size_alone_makes_no_precise_name(nlp) -> None:
    from kg.extract.labeler import _precise

    doc = nlp("We train a model with 13B parameters on it.")
    span = doc.char_span(doc.text.index("13B"), doc.text.index("13B") + 3)
    assert not _precise(span, load_lexicon())
