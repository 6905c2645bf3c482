"""Linking mentions into concepts and edges: pure functions over records, no spaCy."""

from __future__ import annotations

import re

from kg.calibration import Calibration
from kg.graph import Mention, Paper, PaperRecord, RelationMention
from kg.linker import build_graph


def record(pid: str, abstract: str, spans: list[tuple[str, str, dict]],
           relations: list[RelationMention] | None = None) -> PaperRecord:
    """A record whose mentions are found by searching ``abstract`` for each text in order."""
    paper = Paper(id=pid, title="T", abstract=abstract)
    text = paper.text
    mentions, cursor = [], 0
    for surface, label, extra in spans:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        mentions.append(Mention(surface, label, start, cursor, 3, len(text), **extra))
    return PaperRecord(paper, mentions, relations or [])


def sentenced(pid: str, title: str, abstract: str, spans: list[tuple[str, str, dict]],
              proposes: int | None = None) -> PaperRecord:
    """A record with a title whose mentions (found in order from the title on) carry the
    bounds of their sentence (the title, or one ending in ". "); ``proposes``: the index of
    the mention the paper proposes."""
    paper = Paper(id=pid, title=title, abstract=abstract)
    text = paper.text
    bounds = [(0, len(title))]
    for sentence in re.finditer(r"[^.]+(?:\.|$)", abstract):
        start = len(title) + 2 + sentence.start() + len(sentence.group()) \
            - len(sentence.group().lstrip())
        bounds.append((start, len(title) + 2 + sentence.end()))
    mentions, cursor = [], 0
    for surface, label, extra in spans:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        sent = next(b for b in bounds if b[0] <= start and cursor <= b[1])
        mentions.append(Mention(surface, label, start, cursor, *sent, **extra))
    relations = [] if proposes is None else [
        RelationMention("PROPOSES", None, proposes, 0.8, "we propose X", *bounds[1])]
    return PaperRecord(paper, mentions, relations)


def test_acronyms_long_forms_and_plurals_become_one_concept() -> None:
    graph, _ = build_graph([
        record("p1", "Large Language Models (LLMs) are big. LLMs are slow.", [
            ("Large Language Models", "Method", {"short_form": "LLMs"}),
            ("LLMs", "Method", {"long_form": "Large Language Models"}),
            ("LLMs", "Method", {"long_form": "Large Language Models"})]),
        record("p2", "We study LLMs and a large language model.", [
            ("LLMs", "Method", {}), ("large language model", "Method", {})]),
        record("p3", "A Large Language Model.", [("Large Language Model", "Method", {})]),
    ])
    llm = [c for c in graph.concepts() if "LLMs" in c.aliases]
    assert len(llm) == 1
    concept = llm[0]
    assert concept.key == "method:large language model"
    assert concept.name == "large language model"
    assert {"LLMs", "Large Language Models", "Large Language Model"} <= set(concept.aliases)
    assert concept.paper_count == 3
    assert concept.mention_count == 6
    mentions = {e.source[1]: e.count for e in graph.edges("MENTIONS")}
    assert mentions == {"p1": 3, "p2": 2, "p3": 1}


def test_spellings_that_differ_in_case_become_one_concept() -> None:
    graph, _ = build_graph([
        record("p1", "We train on MNIST and MNist.", [
            ("MNIST", "Dataset", {}), ("MNist", "Dataset", {})]),
        record("p2", "Results on MNIST.", [("MNIST", "Dataset", {})]),
        record("p3", "Results on mnist with BERT.", [
            ("mnist", "Dataset", {}), ("BERT", "Method", {})]),
        record("p4", "We use Bert.", [("Bert", "Method", {})]),
    ])
    concepts = {c.key: c for c in graph.concepts()}
    assert sorted(concepts) == ["dataset:MNIST", "method:BERT"]
    mnist = concepts["dataset:MNIST"]
    assert (mnist.name, mnist.paper_count, mnist.mention_count) == ("MNIST", 3, 4)
    assert set(mnist.aliases) == {"MNist", "mnist"}
    mentions = {(e.source[1], e.target[1]): e.count for e in graph.edges("MENTIONS")}
    assert mentions == {("p1", "dataset:MNIST"): 2, ("p2", "dataset:MNIST"): 1,
                        ("p3", "dataset:MNIST"): 1, ("p3", "method:BERT"): 1,
                        ("p4", "method:BERT"): 1}


def test_spelling_variants_and_name_plurals_become_one_concept() -> None:
    graph, _ = build_graph([
        record("p1", "A multi-layer perceptron and Transformers on Cityscapes.", [
            ("multi-layer perceptron", "Method", {}), ("Transformers", "Method", {}),
            ("Cityscapes", "Dataset", {})]),
        record("p2", "A multilayer perceptron, a Transformer, Cityscapes, nuScenes.", [
            ("multilayer perceptron", "Method", {}), ("Transformer", "Method", {}),
            ("Cityscapes", "Dataset", {}), ("nuScenes", "Dataset", {})]),
        record("p3", "Multi Layer Perceptrons on nuScenes.", [
            ("Multi Layer Perceptrons", "Method", {}), ("nuScenes", "Dataset", {})]),
    ])
    concepts = {c.key: c for c in graph.concepts()}
    assert sorted(concepts) == ["dataset:cityscapes", "dataset:nuscenes",
                                "method:multi layer perceptron", "method:transformer"]
    assert concepts["dataset:cityscapes"].name == "Cityscapes"
    assert concepts["dataset:nuscenes"].name == "nuScenes"
    assert concepts["method:transformer"].name == "Transformer"
    assert concepts["method:multi layer perceptron"].paper_count == 3


def test_long_acronyms_in_other_capitals_are_one_name_short_ones_stay_apart() -> None:
    graph, _ = build_graph([
        record("p1", "We fine-tune LLaMA and report mAP.", [
            ("LLaMA", "Method", {}), ("mAP", "Metric", {})]),
        record("p2", "LlaMA is fast; MAP is reported.", [
            ("LlaMA", "Method", {}), ("MAP", "Metric", {})]),
        record("p3", "LLaMA again, and mAP.", [("LLaMA", "Method", {}), ("mAP", "Metric", {})]),
    ])
    concepts = {c.key: (c.name, c.paper_count) for c in graph.concepts()}
    # (mAP takes its well-known expansion; MAP, written otherwise, stays itself)
    assert concepts == {"method:LLaMA": ("LLaMA", 3),
                        "metric:mean average precision": ("mean average precision", 2),
                        "metric:MAP": ("MAP", 1)}


def test_an_acronym_joins_a_long_form_only_where_a_paper_defines_it() -> None:
    graph, _ = build_graph([
        record("p1", "mean average precision (MAP) is our metric; MAP rises.", [
            ("mean average precision", "Metric", {"short_form": "MAP"}),
            ("MAP", "Metric", {"long_form": "mean average precision"}),
            ("MAP", "Metric", {})]),
        record("p2", "maximum a posteriori (MAP) estimation and MAP again.", [
            ("maximum a posteriori", "Method", {"short_form": "MAP"}),
            ("MAP", "Method", {"long_form": "maximum a posteriori"}),
            ("MAP", "Method", {})]),
        record("p3", "A MAP estimate, not defined here.", [("MAP", "Method", {})]),
        record("p4", "We train with SGD and LoRA on MS COCO.", [
            ("SGD", "Method", {}), ("LoRA", "Method", {}), ("MS COCO", "Dataset", {})]),
        record("p5", "stochastic gradient descent, Low-Rank Adaptation, COCO and mAP.", [
            ("stochastic gradient descent", "Method", {}),
            ("Low-Rank Adaptation", "Method", {}), ("COCO", "Dataset", {}),
            ("mAP", "Metric", {})]),
    ])
    keys = {c.key: c.paper_count for c in graph.concepts()}
    assert keys == {"metric:mean average precision": 2, "method:maximum a posteriori": 1,
                    "metric:MAP": 1, "method:stochastic gradient descent": 2,
                    "method:low rank adaptation": 2, "dataset:COCO": 2}


def test_an_acronym_a_paper_introduces_as_its_own_keeps_its_own_node() -> None:
    records = [
        # One paper defines SKR; the corpus's meaning of it.
        sentenced("p1", "Curves", "Sparse kernel regression (SKR) fits curves.", [
            ("Sparse kernel regression", "Method", {"short_form": "SKR"}),
            ("SKR", "Method", {"long_form": "Sparse kernel regression"})]),
        # Papers that introduce an SKR of their own and never define it: the name that opens
        # the title, the paper's proposal, an apposition where the paper introduces it.
        sentenced("p2", "SKR: Multi-Scale Kernels for Speech", "SKR beats all baselines.", [
            ("SKR", "Method", {}), ("SKR", "Method", {})]),
        sentenced("p3", "Fast Audio", "Our method is new. We propose SKR. SKR is fast.", [
            ("SKR", "Method", {}), ("SKR", "Method", {})], proposes=0),
        sentenced("p4", "Video", "We introduce SKR: a multi-scale attention method. It works.",
                  [("SKR", "Method", {})]),
        # Papers that use SKR as the known term: no introduction, an apposition without one,
        # and an introduction that writes the corpus's long form out.
        sentenced("p5", "Baselines", "We compare with SKR on curves.", [("SKR", "Method", {})]),
        sentenced("p6", "Tools", "We use SKR, a popular regression method.",
                  [("SKR", "Method", {})]),
        sentenced("p7", "Faster Regression", "We propose SKR, a faster sparse kernel "
                  "regression method.", [("SKR", "Method", {})], proposes=0),
    ]
    graph, _ = build_graph(records, calibration=Calibration())
    papers = {c.key: c.paper_count for c in graph.concepts()}
    assert papers == {"method:sparse kernel regression": 4, "method:SKR": 3}
    mentioned = {e.source[1]: e.target[1] for e in graph.edges("MENTIONS")}
    assert mentioned == {"p1": "method:sparse kernel regression", "p2": "method:SKR",
                         "p3": "method:SKR", "p4": "method:SKR",
                         "p5": "method:sparse kernel regression",
                         "p6": "method:sparse kernel regression",
                         "p7": "method:sparse kernel regression"}


def test_an_own_acronym_keeps_a_well_known_expansion() -> None:
    # A well-known expansion holds across papers; only the corpus's definitions yield.
    graph, _ = build_graph([sentenced("p1", "GAN: Better Images", "GAN is good.", [
        ("GAN", "Method", {}), ("GAN", "Method", {})], proposes=0)], calibration=Calibration())
    assert [c.key for c in graph.concepts()] == ["method:generative adversarial network"]


def test_the_label_a_papers_sentence_states_decides_its_mentions() -> None:
    records = [
        # The model's Method mentions and the "we introduce X" cue against the sentence.
        sentenced("p1", "Retrieval at Scale", "We introduce QuuxSet, a new test dataset for "
                  "retrieval. QuuxSet is hard. QuuxSet has 5 parts.", [
                      ("QuuxSet", "Method", {"confidence": 0.9}),
                      ("QuuxSet", "Method", {"confidence": 0.9}),
                      ("QuuxSet", "Method", {"confidence": 0.9})], proposes=0),
        sentenced("p2", "Energy", "We propose token yield (TY), accuracy per joule, as a metric "
                  "for chips. TY rises. TY falls.", [
                      ("token yield", "Concept", {"short_form": "TY"}),
                      ("TY", "Method", {"long_form": "token yield"}),
                      ("TY", "Method", {"long_form": "token yield"}),
                      ("TY", "Method", {"long_form": "token yield"})], proposes=1),
        sentenced("p3", "Agents", "We release a new benchmark, BazBench, for agents. BazBench "
                  "is hard.", [("BazBench", "Method", {}), ("BazBench", "Method", {})],
                  proposes=0),
        sentenced("p4", "Ranking", "We present ZedRank, a measure of model quality. ZedRank is "
                  "cheap.", [("ZedRank", "Task", {}), ("ZedRank", "Task", {})]),
        sentenced("p6", "Tweets", "We present a new corpus LoremText of tweets.",
                  [("LoremText", "Method", {})], proposes=0),
        # No statement of what the thing is: the model's label stands.
        sentenced("p5", "Compression", "When tuned on a small calibration dataset, FooNet can "
                  "compress. We use BarNet, a new method.", [
                      ("FooNet", "Method", {}), ("BarNet", "Method", {})], proposes=0),
    ]
    graph, _ = build_graph(records, calibration=Calibration())
    labels = {c.name: c.label for c in graph.concepts()}
    assert labels == {"QuuxSet": "Dataset", "token yield": "Metric", "BazBench": "Dataset",
                      "ZedRank": "Metric", "LoremText": "Dataset", "FooNet": "Method",
                      "BarNet": "Method"}


def test_label_vote_weighs_confidence_cues_and_known_names() -> None:
    graph, _ = build_graph([
        record("p1", "We test on MathQA and on FooSet.", [
            ("MathQA", "Method", {"confidence": 0.9}), ("FooSet", "Method", {"confidence": 0.4})]),
        record("p2", "The FooSet benchmark and MathQA again.", [
            ("FooSet", "Method", {"confidence": 0.4}), ("MathQA", "Method", {})]),
        record("p4", "We introduce ILIAS, a new test dataset for retrieval. ILIAS is hard.", [
            ("ILIAS", "Method", {}), ("ILIAS", "Method", {})]),
        record("p3", "BarNet helps; BarNet is fast, BarNet is big.", [
            ("BarNet", "Method", {"confidence": 0.9}), ("BarNet", "Dataset", {"confidence": 0.3}),
            ("BarNet", "Dataset", {"confidence": 0.3})]),
    ], calibration=Calibration())  # the mentions' own confidences
    labels = {c.name: c.label for c in graph.concepts()}
    assert labels == {"MathQA": "Dataset", "FooSet": "Dataset", "BarNet": "Method",
                      "ILIAS": "Dataset"}


def test_acronym_plurals_in_mixed_case_resolve_to_their_definition() -> None:
    graph, _ = build_graph([
        record("p1", "Vision Transformers (ViTs) are strong.", [
            ("Vision Transformers", "Method", {"short_form": "ViTs"}),
            ("ViTs", "Method", {"long_form": "Vision Transformers"})]),
        record("p2", "We prune a ViT.", [("ViT", "Method", {})]),
    ])
    assert [(c.key, c.paper_count) for c in graph.concepts()] == [
        ("method:vision transformer", 2)]


def test_label_is_voted_and_one_off_untyped_phrases_are_left_out() -> None:
    graph, report = build_graph([
        record("p1", "graph transformer and odd phrase", [
            ("graph transformer", "Method", {}), ("odd phrase", "Concept", {})]),
        record("p2", "graph transformer", [("graph transformer", "Concept", {})]),
        record("p3", "graph transformer", [("graph transformer", "Method", {})]),
    ])
    assert [c.key for c in graph.concepts()] == ["method:graph transformer"]
    assert report.concepts_dropped == 1
    assert graph.stats()["nodes"]["Paper"] == 3


def uses(head: int, tail: int, conf: float) -> RelationMention:
    """A USED_FOR relation between a record's mentions ``head`` and ``tail``."""
    return RelationMention("USED_FOR", head, tail, conf, "M for T", 3, 33)


def test_relations_aggregate_support_confidence_and_evidence() -> None:
    text = "We use BERT for parsing here, ok"
    records = [
        record("p1", text, [("BERT", "Method", {}), ("parsing", "Task", {})], [uses(0, 1, 0.7)]),
        record("p2", text, [("BERT", "Method", {}), ("parsing", "Task", {})], [uses(0, 1, 0.5)]),
    ]
    graph, _ = build_graph(records, calibration=Calibration())  # confidences as extracted
    (edge,) = list(graph.edges("USED_FOR"))
    assert edge.source == ("Method", "method:BERT")
    assert edge.target == ("Task", "task:parsing")
    assert edge.papers == ("p1", "p2") and edge.support == 2
    assert edge.confidence == 0.85  # 1 - (1 - 0.7) * (1 - 0.5)
    assert len(edge.evidence) == 2
    for ev in edge.evidence:
        paper_text = records[0].paper.text
        assert ev.sentence == paper_text[ev.start:ev.end]
        assert [paper_text[s:e] for s, e in ev.marks] == ["BERT", "parsing"]


def test_confidences_are_calibrated_and_min_confidence_filters() -> None:
    text = "We use BERT for parsing here, ok"
    records = [
        record("p1", text, [("BERT", "Method", {}), ("parsing", "Task", {})], [uses(0, 1, 0.7)]),
        record("p2", text, [("BERT", "Method", {}), ("parsing", "Task", {})], [uses(0, 1, 0.5)]),
        record("p3", "We use ELMo for tagging", [("ELMo", "Method", {}), ("tagging", "Task", {})],
               [uses(0, 1, 0.9)]),
    ]
    # Dev said: USED_FOR is right 9 times in 18, a Method name 19 in 20, a one-word Task 1 in 18.
    table = Calibration({"r|USED_FOR": (9, 18), "m|noun_chunk|Method|name": (19, 20),
                         "m|noun_chunk|Task|1": (1, 18)})
    graph, _ = build_graph(records, calibration=table)
    confidence = {c.name: c.confidence for c in graph.concepts()}
    # The Tasks' own mentions say 0.19 and 0.1; a relationship they are an end of says 0.5,
    # and a relationship is right only where both its ends are: 0.5 is their floor.
    assert confidence == {"BERT": round(1 - (1 - 20 / 22) ** 2, 4), "ELMo": round(20 / 22, 4),
                          "parsing": 0.5, "tagging": 0.5}
    assert {e.confidence for e in graph.edges("USED_FOR")} == {0.75, 0.5}
    graph, report = build_graph(records, calibration=table, min_confidence=0.5,
                                min_relation_confidence=0.6)
    assert {c.name for c in graph.concepts()} == {"BERT", "ELMo", "parsing", "tagging"}
    assert [e.confidence for e in graph.edges("USED_FOR")] == [0.75]
    graph, report = build_graph(records, calibration=table, min_confidence=0.55,
                                min_relation_confidence=0.6)
    assert {c.name for c in graph.concepts()} == {"BERT", "ELMo"}
    assert report.below_confidence == 2


def test_a_relationship_of_the_papers_own_contribution_has_its_own_confidence() -> None:
    records = [
        record("p1", "We propose FooNet. We use FooNet for parsing", [
            ("FooNet", "Method", {}), ("FooNet", "Method", {}), ("parsing", "Task", {})],
            [RelationMention("PROPOSES", None, 0, 0.8, "we propose X", 3, 20), uses(1, 2, 0.7)]),
        record("p2", "We use BERT for tagging", [("BERT", "Method", {}), ("tagging", "Task", {})],
               [uses(0, 1, 0.7)]),
    ]
    # Dev: USED_FOR right 10 in 20; 9 in 10 where an end is what the paper proposes, else 1 in
    # 10. Each cell is shrunk towards the one it lies in (weight 10): the type's 11/22 = 0.5,
    # then (9 + 10 * 0.5) / 20 and (1 + 10 * 0.5) / 20; "M for T" was never seen: no change.
    table = Calibration({"r|USED_FOR": (10, 20), "r|USED_FOR|own": (9, 10),
                         "r|USED_FOR|other": (1, 10)})
    graph, _ = build_graph(records, calibration=table)
    confidence = {e.source[1]: e.confidence for e in graph.edges("USED_FOR")}
    assert confidence == {"method:foonet": 0.7, "method:BERT": 0.3}


def test_proposes_follows_the_relationship_threshold_and_keeps_its_concept() -> None:
    text = "We propose BERT for parsing here, ok"
    proposes = RelationMention("PROPOSES", None, 0, 0.8, "we propose X", 3, 33)
    records = [record("p1", text, [("BERT", "Method", {"confidence": 0.6}),
                                   ("parsing", "Task", {"confidence": 0.6})],
                      [proposes, uses(0, 1, 0.7)])]
    graph, _ = build_graph(records, calibration=Calibration(), min_confidence=0.9,
                           min_relation_confidence=0.75)
    # BERT's mention alone is below the concepts' 0.9; the PROPOSES edge (0.8) keeps it.
    assert [e.target for e in graph.edges("PROPOSES")] == [("Method", "method:BERT")]
    assert not list(graph.edges("USED_FOR"))  # 0.7, below the relationships' 0.75
    assert "task:parsing" not in {c.key for c in graph.concepts()}
    graph, _ = build_graph(records, calibration=Calibration(), min_confidence=0.5,
                           min_relation_confidence=0.85)
    assert not list(graph.edges("PROPOSES"))
    assert "method:BERT" in {c.key for c in graph.concepts()}  # its own 0.6 passes 0.5


def test_a_kept_relationship_keeps_its_ends() -> None:
    text = "We use BERT for parsing here, ok"
    records = [record("p1", text, [("BERT", "Method", {"confidence": 0.6}),
                                   ("parsing", "Task", {"confidence": 0.6})],
                      [uses(0, 1, 0.7)])]
    graph, _ = build_graph(records, calibration=Calibration(), min_confidence=0.9,
                           min_relation_confidence=0.65)
    # Both mentions are below the concepts' 0.9; the relationship (0.7) keeps them, and its
    # confidence is a floor for theirs (a relationship is right only where both ends are).
    assert {c.key: c.confidence for c in graph.concepts()} == {"method:BERT": 0.7,
                                                              "task:parsing": 0.7}
    assert len(list(graph.edges("USED_FOR"))) == 1
    graph, _ = build_graph(records, calibration=Calibration(), min_confidence=0.9,
                           min_relation_confidence=0.75)
    assert not list(graph.concepts()) and not list(graph.edges("USED_FOR"))
    # A relationship the graph cannot hold (USED_FOR a Dataset) keeps no end.
    bad = [record("p1", "We use BERT for ImageNet here, ok",
                  [("BERT", "Method", {"confidence": 0.6}), ("ImageNet", "Dataset",
                                                            {"confidence": 0.6})],
                  [uses(0, 1, 0.7)])]
    graph, report = build_graph(bad, calibration=Calibration(), min_confidence=0.9,
                                min_relation_confidence=0.65)
    assert not list(graph.concepts()) and report.below_confidence == 2


def test_edges_outside_the_schema_are_dropped_and_counted() -> None:
    text = "We use BERT for ImageNet here"
    bad = RelationMention("USED_FOR", 0, 1, 0.7, "M for T", 3, len(text) + 3)
    graph, report = build_graph([
        record("p1", text, [("BERT", "Method", {}), ("ImageNet", "Dataset", {})], [bad])])
    assert not list(graph.edges("USED_FOR"))
    assert report.relations_dropped == {"USED_FOR between Method and Dataset": 1}


def test_same_records_in_any_order_give_the_same_graph() -> None:
    records = [
        record(f"p{i}", "We use BERT and GPT-4 for parsing.", [
            ("BERT", "Method", {}), ("GPT-4", "Method", {}), ("parsing", "Task", {})])
        for i in range(4)
    ]
    one, _ = build_graph(records)
    two, _ = build_graph(list(reversed(records)))
    assert sorted(one.nx.nodes) == sorted(two.nx.nodes)
    assert sorted(map(repr, one.edges())) == sorted(map(repr, two.edges()))


def test_default_thresholds_hold_for_the_calibrated_extractors_only() -> None:
    table = Calibration({}, 0.79, 0.5, ("scier",))
    assert table.thresholds("scier") == (0.79, 0.5)
    assert table.thresholds(None) == (0.0, 0.0)  # rules: never measured on dev
    assert table.thresholds("scierc") == (0.0, 0.0)
    own = Calibration({}, 0.79, 0.5, ("scier", "scierc"),
                      {"scier": (0.7, 0.6), "scierc": (0.4, 0.3)})
    assert own.thresholds("scierc") == (0.4, 0.3)  # each extractor its own, from its dev gold
    assert own.thresholds("scier") == (0.7, 0.6)
    assert own.thresholds(None) == (0.0, 0.0)
