"""The cue-pattern relations (kg.extract.relation_rules) on hand-made abstracts, through the
real rule pipeline (en_core_web_sm + kg's components, no trained model): one test per rule,
and the cue words read from one lexicon file."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract import labeler, relation_rules
from kg.extract.cues import CUES_FILE, load_cues
from kg.extract.labeler import MENTIONS
from kg.extract.pipeline import DEFAULT_MODEL, load_pipeline
from kg.extract.relation_rules import MODEL_PATTERN, RelationFinder
from kg.extract.runner import extract
from kg.graph import Paper, PaperRecord


def run(title: str, abstract: str, model: str | None = None
        ) -> set[tuple[str, str, str, str]]:
    """(type, head text, tail text, pattern) of each relation the rules find (with ``model``,
    the rules and the trained model)."""
    record: PaperRecord = next(extract([Paper(id="p", title=title, abstract=abstract)],
                                       model=model))
    return {(r.type, "PAPER" if r.head is None else record.mentions[r.head].text,
             record.mentions[r.tail].text, r.pattern) for r in record.relations}


def typed(found: set[tuple[str, str, str, str]]) -> set[tuple[str, str, str]]:
    return {(kind, head, tail) for kind, head, tail, _ in found}


def test_cue_words_live_in_one_lexicon_file_both_components_read() -> None:
    cues = load_cues()
    assert CUES_FILE.name == "cues.toml" and CUES_FILE.parent.name == "lexicons"
    assert "rival" in cues["outperform"]  # the labeler's copy once lacked it
    assert labeler._OUTPERFORM is cues["outperform"] is relation_rules._OUTPERFORM
    assert labeler._EVAL_LEMMAS is cues["evaluated_on"] <= relation_rules._EVAL
    assert cues["introduce"] <= labeler._PROPOSE_LEMMAS and cues["introduce"] <= cues["propose"]


def test_evaluated_on_every_dataset_of_a_list() -> None:
    found = typed(run("T", "We propose FooNet, a sampler for image retrieval. We have validated "
                      "our method on four datasets (CIFAR-10, STL-10, SVHN, ImageNet)."))
    for dataset in ("CIFAR-10", "STL-10", "SVHN", "ImageNet"):
        assert ("EVALUATED_ON", "FooNet", dataset) in found, dataset


def test_evaluated_on_conjuncts_after_experiments_on() -> None:
    found = typed(run("T", "We propose FooNet for image retrieval. Extensive experiments on "
                      "ImageNet, COCO, and Cityscapes show that FooNet is fast."))
    assert {d for kind, m, d in found if kind == "EVALUATED_ON" and m == "FooNet"} >= {
        "ImageNet", "COCO", "Cityscapes"}


def test_a_family_of_named_things_is_what_is_proposed() -> None:
    found = typed(run("T", "A family of Softmax-Free Transformers (SOFT) is proposed. "
                      "Experiments on ImageNet show that SOFT is fast."))
    assert ("PROPOSES", "PAPER", "SOFT") in found or \
        ("PROPOSES", "PAPER", "Softmax-Free Transformers") in found
    assert any(kind == "EVALUATED_ON" and d == "ImageNet" for kind, _, d in found)


def test_parts_named_after_with_or_via_in_a_title() -> None:
    found = run("FooFormer: Disassembled Transformer with Local Structure Enhancement", "We "
                "study point clouds.")
    assert ("PART_OF", "Local Structure Enhancement", "FooFormer", "title X with P") in found
    found = typed(run("LocalFoo: Dynamic Scene Modeling via Feature Decoupling",
                      "We study scenes."))
    assert ("PART_OF", "Feature Decoupling", "LocalFoo") in found


@pytest.mark.parametrize(("abstract", "parts"), [
    ("We propose FooNet for image retrieval. FooNet leverages an exponential moving average of "
     "the parameters.", {"exponential moving average"}),
    ("We introduce FooSim, a simulator for robotic manipulation. Our system incorporates "
     "several key components, including a soft body model and a penalty-based contact model.",
     {"soft body model", "penalty-based contact model"}),
    ("We introduce FooNet for image retrieval. FooNet consists of a graph encoder and a "
     "transformer decoder.", {"graph encoder", "transformer decoder"}),
])
def test_what_a_method_consists_of_is_part_of_it(abstract: str, parts: set[str]) -> None:
    found = typed(run("T", abstract))
    whole = "FooSim" if "FooSim" in abstract else "FooNet"
    assert {p for kind, p, w in found if kind == "PART_OF" and w == whole} >= parts


def test_what_we_use_or_it_contains_is_no_part() -> None:
    found = typed(run("T", "We propose FooNet for image retrieval. We use a graph encoder. "
                      "It contains a large number of query-key pairs."))
    assert not {r for r in found if r[0] == "PART_OF"}


def test_a_description_in_apposition_stands_for_the_named_method() -> None:
    found = typed(run("T", "We propose HiSS, a new technique for continuous sequence "
                      "prediction."))
    assert ("USED_FOR", "HiSS", "continuous sequence prediction") in found


def test_every_task_of_a_list_after_for() -> None:
    found = typed(run("T", "We propose FooNet for image retrieval and object detection."))
    assert {t for kind, m, t in found if kind == "USED_FOR" and m == "FooNet"} >= {
        "image retrieval", "object detection"}


def test_a_metric_after_outperforms_by_on() -> None:
    found = typed(run("T", "We propose FooNet for sequence prediction. FooNet outperforms "
                      "LSTMs and Mamba by at least 23% on MSE."))
    assert ("EVALUATES", "MSE", "FooNet") in found
    assert {("COMPARED_WITH", "FooNet", "LSTMs"), ("COMPARED_WITH", "FooNet", "Mamba")} <= found


def test_the_paper_studies_a_task() -> None:
    found = typed(run("T", "We propose FooNet, a new sequence model. This paper addresses "
                      "image retrieval."))
    assert ("USED_FOR", "FooNet", "image retrieval") in found


def model_relations(abstract: str, spans: dict[str, str],
                    predicted: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """The graph relations kg_relations makes of a trained model's relations: the abstract is
    parsed by the real pipeline, its mentions (text: label) and the model's output (head
    text, SciER label, tail text) are given by hand."""
    doc = load_pipeline(None)(f"T\n\n{abstract}")
    mentions = []
    for text, label in spans.items():
        start = doc.text.index(text)
        mentions.append(doc.char_span(start, start + len(text), label=label))
    doc.spans[MENTIONS] = mentions
    at = {m.text: (m.start, m.end) for m in mentions}
    doc._.kg_rel = [(*at[head], *at[tail], label, 0.9) for head, label, tail in predicted]
    doc = RelationFinder("scier")(doc)
    return {(kind, mentions[h].text, mentions[t].text)
            for kind, h, t, _, pattern, _ in doc._.kg_relations
            if h is not None and pattern.startswith(MODEL_PATTERN)}


def test_a_model_relation_between_items_of_one_list_is_dropped() -> None:
    abstract = "We study residual networks, recurrent networks and graph networks."
    spans = {"residual networks": "Method", "recurrent networks": "Method"}
    predicted = [("residual networks", "SubClass-Of", "recurrent networks")]
    assert model_relations(abstract, spans, predicted) == set()
    abstract = "We show that residual networks are recurrent networks."
    assert model_relations(abstract, spans, predicted) == {
        ("IS_A", "residual networks", "recurrent networks")}


def test_a_model_relation_of_a_name_that_modifies_a_noun_is_dropped() -> None:
    abstract = "We test an iterative Newton-Raphson method on ImageNet."
    spans = {"Newton-Raphson": "Method", "ImageNet": "Dataset",
             "iterative Newton-Raphson method": "Method"}
    assert model_relations(abstract, spans, [("Newton-Raphson", "Evaluated-With",
                                              "ImageNet")]) == set()
    assert model_relations(abstract, spans, [("iterative Newton-Raphson method",
                                              "Evaluated-With", "ImageNet")]) == {
        ("EVALUATED_ON", "iterative Newton-Raphson method", "ImageNet")}


def test_a_model_relation_of_a_description_goes_to_the_name_it_describes() -> None:
    abstract = ("We introduce FooSim, a differentiable tactile simulation system for robotic "
                "manipulation.")
    spans = {"FooSim": "Method", "differentiable tactile simulation system": "Method",
             "robotic manipulation": "Task"}
    found = model_relations(abstract, spans, [("differentiable tactile simulation system",
                                               "Used-For", "robotic manipulation")])
    assert found == {("USED_FOR", "FooSim", "robotic manipulation")}


def proposed(title: str, abstract: str, model: str | None = None) -> set[str]:
    return {tail for kind, _, tail, _ in run(title, abstract, model) if kind == "PROPOSES"}


def test_a_name_the_span_extractor_cut_is_proposed_whole() -> None:
    nlp = load_pipeline(None)
    doc = nlp("On sampling\n\nWe propose a framework named Gated Sparse Routing with Experts "
              "(GSRE), which is fast. We also propose Quick-GSR for retrieval.")
    kept = [m for m in doc.spans[MENTIONS] if not {"Gated", "GSR"} & {t.text for t in m}]
    for name in ("Gated Sparse Routing", "GSR"):  # as a span model might cut the names
        start = next(t.i for t in doc if t.text == name.split()[0])
        kept.append(Span(doc, start, start + len(name.split()), label="Method"))
    doc.spans[MENTIONS] = sorted(kept, key=lambda s: (s.start, s.end))
    RelationFinder()(doc)
    mentions = list(doc.spans[MENTIONS])
    assert {mentions[t].text for kind, _, t, *_ in doc._.kg_relations if kind == "PROPOSES"} \
        == {"Gated Sparse Routing with Experts", "Quick-GSR"}
    assert "Experts" not in {m.text for m in mentions}  # inside the whole name now


def test_an_unnamed_description_is_no_second_contribution() -> None:
    assert proposed("On retrieval", "We propose FooNet, a sampler for image retrieval. We also "
                    "propose a dynamic routing method to choose layers.") == {"FooNet"}


@pytest.mark.parametrize("abstract", [
    "This work presents a novel reinforcement learning (RL) algorithm for robot control.",
    "We propose a graph neural network (GNN)-based planner for robot control.",
    "We propose a deep learning based framework for robot control.",
])
def test_a_name_that_only_qualifies_the_contribution_is_not_proposed(abstract: str) -> None:
    found = proposed("On control", abstract)
    assert not found & {"reinforcement learning", "RL", "graph neural network", "GNN",
                        "deep learning"}


def test_a_name_used_before_the_proposing_sentence_is_not_proposed() -> None:
    found = proposed("On privacy", "It is unclear whether efficient non-interactive LDP (NLDP) "
                     "algorithms exist. We propose an innovative NLDP algorithm for the problem.")
    assert "NLDP" not in found


def test_a_bare_acronym_after_a_is_an_instance_of_a_kind() -> None:
    assert proposed("On text", "We propose FooNet, a sampler for text generation. More "
                    "specifically, we introduce an EBM in a residual form.") == {"FooNet"}


def test_a_part_the_title_names_is_not_the_contribution() -> None:
    found = proposed("FooNet: Fast Visual Retrieval with Gated Linear Attention",
                     "We introduce Gated Linear Attention (GLA) for vision. FooNet is fast.")
    assert found == {"FooNet"}


def test_a_dataset_is_proposed_only_where_the_words_say_so() -> None:
    assert "Stanford-Clips" in proposed("On video", "We introduce Stanford-Clips, a new benchmark "
                                        "for video retrieval.")
    assert not proposed("On video", "We introduce results on the WikiText-103 dataset and "
                        "present WikiText-103 for training.") & {"WikiText-103"}


@pytest.mark.parametrize(("title", "expected"), [
    ("Momentum Routing Networks for Image Retrieval", {"Momentum Routing Networks"}),
    ("Measuring the Intrinsic Dimension of Objective Landscapes", set()),
    ("On Neural Differential Equations", set()),
])
def test_a_title_that_opens_with_a_methods_name_proposes_it(title: str,
                                                          expected: set[str]) -> None:
    # the rules alone type the title's name a Concept; the trained model, a Method
    assert proposed(title, "We study this problem. Results on ImageNet are good.",
                    DEFAULT_MODEL) == expected


@pytest.mark.parametrize("title", ["Variational Inference for Stochastic Equations",
                                   "Refined Regret for Adversarial Bandits"])
def test_a_title_that_opens_with_a_problem_proposes_nothing(title: str) -> None:
    assert proposed(title, "We study this problem.", DEFAULT_MODEL) == set()


@pytest.mark.parametrize("abstract", [
    "We propose FooNet for retrieval. With experiments on a wide range of tasks, including "
    "text retrieval and ImageNet, FooNet brings new state-of-the-art results.",
    "We propose FooNet for retrieval. We demonstrate FooNet with better accuracy on ImageNet "
    "and COCO-Stuff tasks.",
])
def test_evaluated_on_through_examples_and_the_noun_a_name_modifies(abstract: str) -> None:
    found = typed(run("T", abstract))
    assert ("EVALUATED_ON", "FooNet", "ImageNet") in found


def test_the_name_a_described_contribution_is_given_is_what_is_proposed() -> None:
    found = proposed("On forecasting", "We propose a Mamba-based model named Quick-Mamba for "
                     "time series forecasting.", DEFAULT_MODEL)
    assert "Quick-Mamba" in found and not {f for f in found if "based" in f}


def test_a_model_relation_of_a_name_before_the_noun_it_modifies_is_dropped() -> None:
    spans = {"graph network": "Method", "message passing networks": "Method"}
    predicted = [("message passing networks", "SubClass-Of", "graph network")]
    abstract = ("Several popular graph network designs, such as message passing networks and "
                "graph attention networks, are local.")
    assert model_relations(abstract, spans, predicted) == set()
    abstract = "We show that message passing networks are a kind of graph network."
    assert model_relations(abstract, spans, predicted) == {
        ("IS_A", "message passing networks", "graph network")}


def test_a_model_relation_of_a_description_goes_to_the_name_it_is_given() -> None:
    abstract = ("As an instance of FooAct, we design a new neural architecture, BarNet, which "
                "employs a Gated Mixer Unit.")
    spans = {"FooAct": "Method", "neural architecture": "Method", "BarNet": "Method",
             "Gated Mixer Unit": "Method"}
    found = model_relations(abstract, spans, [
        ("Gated Mixer Unit", "Part-Of", "neural architecture"),
        ("BarNet", "SubClass-Of", "neural architecture")])
    # the unit is BarNet's part; "a Y, X" still says X is a Y
    assert found == {("PART_OF", "Gated Mixer Unit", "BarNet"),
                     ("IS_A", "BarNet", "neural architecture")}


def test_what_is_introduced_after_the_method_is_part_of_it() -> None:
    found = typed(run("T", "We propose FooNet for image retrieval. To close the gap, we "
                      "introduce learnable offsets. A Gaussian kernel function is adopted to "
                      "replace the dot product. An efficient symmetric scaling technique is "
                      "introduced."))
    assert {p for kind, p, w in found if kind == "PART_OF" and w == "FooNet"} == {
        "learnable offsets", "Gaussian kernel function", "symmetric scaling technique"}


@pytest.mark.parametrize("abstract", [
    "We propose FooNet for image retrieval. We introduce FooNet in two sizes.",
    "We propose FooNet for image retrieval. A Gaussian kernel function is adopted by prior work.",
    "We use a Gaussian kernel function. We propose FooNet for image retrieval. A Gaussian kernel "
    "function is adopted.",
    "A Gaussian kernel function is adopted. We propose FooNet for image retrieval.",
])
def test_what_was_named_before_or_is_introduced_by_others_is_no_part(abstract: str) -> None:
    assert not {r for r in typed(run("T", abstract)) if r[0] == "PART_OF"}


def test_metrics_listed_after_regarding() -> None:
    found = typed(run("T", "We propose FooNet for regression of physical problems. The "
                      "proposed method is competitive with graph networks regarding inference "
                      "speed and accuracy of the predictions."))
    assert ("EVALUATES", "accuracy", "FooNet") in found


@pytest.mark.parametrize(("abstract", "kept"), [
    ("Neural jump models are generative models.", True),
    ("Neural jump models produce generative models.", False),  # what it makes, not what it is
    ("We develop a new generative model, named FooGen, for speech.", True),
])
def test_a_model_is_a_whose_general_end_a_verb_acts_on_is_dropped(abstract: str,
                                                                  kept: bool) -> None:
    kind = "FooGen" if "FooGen" in abstract else "Neural jump models"
    general = "generative model" + ("s" if "models." in abstract else "")
    found = model_relations(abstract, {kind: "Method", general: "Method"},
                            [(kind, "SubClass-Of", general)])
    assert found == ({("IS_A", kind, general)} if kept else set())


def test_a_kind_has_the_label_of_what_it_is_a_kind_of() -> None:
    abstract = "We train deep networks on image datasets such as ImageNet."
    found = model_relations(abstract, {"deep networks": "Method", "ImageNet": "Dataset"},
                            [("ImageNet", "SubClass-Of", "deep networks")])
    assert found == set()


def test_the_task_whose_datasets_a_method_is_validated_on() -> None:
    found = typed(run("T", "We propose FooNet, a sampler. We have validated our method on four "
                      "image classification datasets (CIFAR-10, STL-10, SVHN, ImageNet).",
                      DEFAULT_MODEL))
    assert ("USED_FOR", "FooNet", "image classification") in found  # the model's Task span


def test_strong_performance_in_a_task() -> None:
    found = typed(run("T", "KoopNets have demonstrated strong performance in a variety of "
                      "sequence modeling tasks. KoopNets have seen success in Berlin."))
    assert {(kind, t) for kind, m, t in found if m == "KoopNets"} == {
        ("USED_FOR", "sequence modeling")}


def test_what_the_proposing_sentence_names_after_via_is_a_part() -> None:
    found = typed(run("T", "We propose FooBrain, a novel way to unify sparse (via locality "
                      "sensitive hashing) and low-rank (via kernel feature maps) attention."))
    assert {p for kind, p, w in found if kind == "PART_OF" and w == "FooBrain"} >= {
        "locality sensitive hashing"}


def test_a_method_is_no_part_of_a_task() -> None:
    abstract = "FooNet brings transformers to image retrieval."
    found = model_relations(abstract, {"transformers": "Method", "image retrieval": "Task"},
                            [("transformers", "Part-Of", "image retrieval")])
    assert found == set()


def rules_on(abstract: str, spans: dict[str, str]) -> set[tuple[str, str, str]]:
    """The relations the rules alone find in a parsed abstract whose mentions (text: label,
    each at its first occurrence) are given by hand, as a span model might give them."""
    doc = load_pipeline(None)(f"T\n\n{abstract}")
    mentions = [doc.char_span(doc.text.index(t), doc.text.index(t) + len(t), label=label)
                for t, label in spans.items()]
    doc.spans[MENTIONS] = sorted(mentions, key=lambda m: m.start)
    RelationFinder()(doc)
    mentions = list(doc.spans[MENTIONS])
    return {(kind, "PAPER" if h is None else mentions[h].text, mentions[t].text)
            for kind, h, t, *_ in doc._.kg_relations}


def test_examples_after_e_g_are_kinds_of_the_phrase_before_the_bracket() -> None:
    abstract = ("Further topics include numerical methods for NDEs (e.g. adjoint solvers, "
                "Brownian reconstruction) and graph models (e.g. to produce generative models).")
    spans = {"numerical methods": "Method", "NDEs": "Method", "adjoint solvers": "Method",
             "Brownian reconstruction": "Method", "graph models": "Method",
             "generative models": "Method"}
    found = {r for r in rules_on(abstract, spans) if r[0] == "IS_A"}
    assert found == {("IS_A", "adjoint solvers", "numerical methods"),
                     ("IS_A", "Brownian reconstruction", "numerical methods")}


def test_a_name_after_x_technique_is_a_kind_of_x() -> None:
    abstract = "We found issues in the state-of-the-art RPS technique ROAST."
    assert rules_on(abstract, {"RPS": "Method", "ROAST": "Method"}) == {
        ("IS_A", "ROAST", "RPS")}


@pytest.mark.parametrize(("abstract", "name"), [
    ("This gives rise to a novel sequence prediction architecture we call FooSSM.", "FooSSM"),
    ("We study FooNet, an image retrieval framework.", "FooNet"),
    ("We study an image retrieval framework, FooNet, which is fast.", "FooNet"),
    ("We study an image retrieval framework named FooNet.", "FooNet"),
])
def test_the_task_a_named_design_is_for(abstract: str, name: str) -> None:
    task = "sequence prediction" if "sequence" in abstract else "image retrieval"
    assert ("USED_FOR", name, task) in rules_on(abstract, {name: "Method", task: "Task"})


def test_the_setting_of_a_comparison_is_no_party_to_it() -> None:
    abstract = "FooShare is superior to pruning for linear models."
    spans = {"FooShare": "Method", "pruning": "Method", "linear models": "Method"}
    found = model_relations(abstract, spans, [("FooShare", "Compare-With", "linear models"),
                                              ("FooShare", "Compare-With", "pruning")])
    assert found == {("COMPARED_WITH", "FooShare", "pruning")}


def test_what_a_method_is_applied_to_or_improves_across_is_no_competitor() -> None:
    abstract = ("FooCat can be applied to various base models, including Mistral-7B, and "
                "outperforms existing sparsification techniques.")
    spans = {"FooCat": "Method", "Mistral-7B": "Method",
             "sparsification techniques": "Method"}
    found = model_relations(abstract, spans, [("FooCat", "Compare-With", "Mistral-7B"),
                                              ("FooCat", "Compare-With",
                                               "sparsification techniques")])
    assert found == {("COMPARED_WITH", "FooCat", "sparsification techniques")}


def test_a_baseline_outperformed_is_not_used_for_the_task() -> None:
    abstract = "FooNorm works well for image synthesis and outperforms BatchNorm."
    spans = {"FooNorm": "Method", "image synthesis": "Task", "BatchNorm": "Method"}
    found = model_relations(abstract, spans, [("BatchNorm", "Used-For", "image synthesis"),
                                              ("FooNorm", "Used-For", "image synthesis")])
    assert found == {("USED_FOR", "FooNorm", "image synthesis")}


def test_a_model_relation_across_a_semicolon_is_dropped() -> None:
    abstract = ("Topics include: neural jump models (e.g. for finance); and neural flow models "
                "(e.g. for physics).")
    spans = {"neural jump models": "Method", "neural flow models": "Method"}
    assert model_relations(abstract, spans, [("neural flow models", "SubClass-Of",
                                              "neural jump models")]) == set()


@pytest.mark.parametrize("abstract", [
    "For example, sparse retrieval models perform almost as well as dense retrieval models.",
    "Sparse retrieval models perform on par with dense retrieval models on short queries.",
])
def test_performing_as_well_as_is_a_comparison(abstract: str) -> None:
    spans = {"sparse retrieval models": "Method", "dense retrieval models": "Method"}
    spans = {(t.capitalize() if abstract.startswith(t.capitalize()) else t): label
             for t, label in spans.items()}
    found = rules_on(abstract, spans)
    assert {(k, h.lower(), t) for k, h, t in found} == {
        ("COMPARED_WITH", "sparse retrieval models", "dense retrieval models")}


def test_a_phrase_joined_by_as_well_as_is_no_comparison() -> None:
    abstract = "We study sparse retrieval models as well as dense retrieval models."
    assert rules_on(abstract, {"sparse retrieval models": "Method",
                               "dense retrieval models": "Method"}) == set()


def test_a_comparable_performance_to_is_a_comparison() -> None:
    abstract = "FooFit achieves comparable performance to other tuning methods such as LoRA."
    spans = {"FooFit": "Method", "LoRA": "Method"}
    assert model_relations(abstract, spans, [("FooFit", "Compare-With", "LoRA")]) == {
        ("COMPARED_WITH", "FooFit", "LoRA")}


def test_a_kind_listed_after_the_object_of_a_verb() -> None:
    abstract = "We leverage geometric constraints such as the epipolar constraint."
    spans = {"geometric constraints": "Concept", "epipolar constraint": "Concept"}
    assert ("IS_A", "epipolar constraint", "geometric constraints") in rules_on(abstract, spans)


@pytest.mark.parametrize("abstract", [
    "FooVec performs similarly to GloVe and better than BERT on most tasks.",
    "FooVec improves the efficiency of GloVe by 6x.",
])
def test_a_party_after_of_or_similarly_to_stays_compared(abstract: str) -> None:
    found = model_relations(abstract, {"FooVec": "Method", "GloVe": "Method"},
                            [("FooVec", "Compare-With", "GloVe")])
    assert found == {("COMPARED_WITH", "FooVec", "GloVe")}


def test_a_description_keeps_its_relations_from_its_own_acronym() -> None:
    abstract = "We build a multi-task network (MTN) for pose estimation."
    spans = {"multi-task network": "Method", "MTN": "Method", "pose estimation": "Task"}
    found = model_relations(abstract, spans, [("multi-task network", "Used-For",
                                               "pose estimation")])
    assert found == {("USED_FOR", "multi-task network", "pose estimation")}


def test_what_a_listed_part_is_based_on_is_no_part() -> None:
    abstract = ("We introduce FooSim for robotic manipulation. Our system incorporates several "
                "key components, including a Finite Element Method (FEM)-based soft body model "
                "and a penalty-based contact model.")
    spans = {"FooSim": "Method", "robotic manipulation": "Task",
             "Finite Element Method": "Method", "soft body model": "Method",
             "penalty-based contact model": "Method"}
    parts = {p for kind, p, w in rules_on(abstract, spans) if kind == "PART_OF"}
    assert parts == {"soft body model", "penalty-based contact model"}


def test_a_model_used_for_across_pairings_the_sentence_states_is_dropped() -> None:
    abstract = ("FooNorm improves image classification models including AlphaNet and "
                "BetaNet, and transfers to DeltaNet for pose estimation and to EpsGAN for "
                "video generation.")
    spans = {"image classification": "Task", "AlphaNet": "Method", "BetaNet": "Method",
             "DeltaNet": "Method", "pose estimation": "Task", "EpsGAN": "Method",
             "video generation": "Task", "FooNorm": "Method"}
    pairs = [(m, t) for m in ("FooNorm", "AlphaNet", "BetaNet", "DeltaNet", "EpsGAN")
             for t in ("image classification", "pose estimation", "video generation")]
    found = model_relations(abstract, spans, [(m, "Used-For", t) for m, t in pairs])
    assert found == {("USED_FOR", m, t) for m, t in [
        ("FooNorm", "image classification"), ("FooNorm", "pose estimation"),
        ("FooNorm", "video generation"), ("AlphaNet", "image classification"),
        ("BetaNet", "image classification"), ("DeltaNet", "pose estimation"),
        ("EpsGAN", "video generation")]}
    # A method the sentence pairs with no task keeps the model's relations.
    found = model_relations("We apply AlphaNet to pose estimation and video generation.",
                            {"AlphaNet": "Method", "pose estimation": "Task",
                             "video generation": "Task"},
                            [("AlphaNet", "Used-For", "pose estimation"),
                             ("AlphaNet", "Used-For", "video generation")])
    assert len(found) == 2


def test_a_network_comprising_parts_of_the_papers_method() -> None:
    found = typed(run("T", "We propose FooNet, a segmentation framework. Our approach unfolds a "
                      "relaxed model into a structured network comprising a Background "
                      "Estimation Module (BEM), an Object Extraction Module (OEM), and a "
                      "Restoration Module (RM).", DEFAULT_MODEL))
    parts = {p for kind, p, whole in found if kind == "PART_OF" and whole == "FooNet"}
    assert {"Background Estimation Module", "Object Extraction Module",
            "Restoration Module"} <= parts
    # A network some other clause talks about is not the paper's method.
    found = typed(run("T", "We propose FooNet, a segmentation framework. Earlier work built a "
                      "network comprising a Background Estimation Module (BEM).",
                      DEFAULT_MODEL))
    assert not {p for kind, p, whole in found if kind == "PART_OF" and whole == "FooNet"}


def test_blocks_named_before_the_noun_consist_of_what_they_combine() -> None:
    found = typed(run("T", "We introduce Local Windowed Foo (LWF) blocks that combine the "
                      "strengths of self-attention and Mamba.", DEFAULT_MODEL))
    assert {("PART_OF", "self-attention", "Local Windowed Foo"),
            ("PART_OF", "Mamba", "Local Windowed Foo")} <= found


def test_the_examples_of_what_the_paper_later_proposes_are_parts_of_its_method() -> None:
    abstract = ("In this paper, we propose an accurate cache eviction framework, dubbed "
                "FooCache. As existing selection algorithms are slow, we propose a series of "
                "optimizations to reduce the selection overhead, including similarity "
                "approximation and cross-layer index sharing.")
    found = typed(run("T", abstract, DEFAULT_MODEL))
    assert {("PART_OF", "similarity approximation", "FooCache"),
            ("PART_OF", "cross-layer index sharing", "FooCache")} <= found
    # Not before the paper's method is introduced: there the examples are the study's tools.
    found = typed(run("T", "We propose a series of optimizations, including similarity "
                      "approximation and cross-layer index sharing. We then propose FooCache, "
                      "a cache eviction framework.", DEFAULT_MODEL))
    assert not {p for kind, p, whole in found if kind == "PART_OF" and whole == "FooCache"}


def test_model_comparisons_keep_to_the_parties_the_words_state() -> None:
    abstract = ("Our experiments show that FooNorm works well on detection models including "
                "AlphaNet and BetaNet, outperforming BatchNorm and GroupNorm.")
    spans = {"FooNorm": "Method", "AlphaNet": "Method", "BetaNet": "Method",
             "BatchNorm": "Method", "GroupNorm": "Method"}
    predicted = [("FooNorm", "Compare-With", "AlphaNet"), ("BetaNet", "Compare-With",
                                                           "BatchNorm"),
                 ("FooNorm", "Compare-With", "GroupNorm")]
    assert model_relations(abstract, spans, predicted) == {
        ("COMPARED_WITH", "FooNorm", "GroupNorm")}  # GroupNorm is BatchNorm's list mate
    # Where the words state no comparison, the model's stand.
    abstract = "FooNorm and AlphaNet are compared on detection, and FooNorm is faster."
    spans = {"FooNorm": "Method", "AlphaNet": "Method"}
    assert model_relations(abstract, spans, [("FooNorm", "Compare-With", "AlphaNet")]) == {
        ("COMPARED_WITH", "FooNorm", "AlphaNet")}


def test_the_baseline_a_method_outperforms_on_a_dataset_is_not_what_was_evaluated() -> None:
    found = typed(run("T", "We propose FooNet, a sampler. Our approach outperforms BarNet by up "
                      "to 2% on CIFAR-10."))
    assert ("EVALUATED_ON", "FooNet", "CIFAR-10") in found
    assert ("EVALUATED_ON", "BarNet", "CIFAR-10") not in found
    found = typed(run("T", "We propose FooNet, a sampler. We evaluate BarNet on CIFAR-10."))
    assert ("EVALUATED_ON", "BarNet", "CIFAR-10") in found


def test_a_name_given_by_called_is_a_kind_of_what_it_names() -> None:
    found = typed(run("T", "Conversely, a recent state space model called FooSSM offers linear "
                      "complexity.", DEFAULT_MODEL))
    assert ("IS_A", "FooSSM", "state space model") in found
    # Not across labels: a dataset called X is no kind of a task.
    found = typed(run("T", "We release a new question answering benchmark called FooQA.",
                      DEFAULT_MODEL))
    assert not {r for r in found if r[0] == "IS_A" and r[1] == "FooQA"}


def test_what_the_papers_method_leverages_in_an_opening_clause_is_a_part() -> None:
    found = typed(run("T", "We propose FooDiff, a diffusion model. Leveraging the efficient "
                      "U-Net architecture, our model exhibits exceptional scalability.",
                      DEFAULT_MODEL))
    assert ("PART_OF", "U-Net", "FooDiff") in found
    # "we" is the authors, not the method: their tools are no parts.
    found = typed(run("T", "We propose FooDiff, a diffusion model. Leveraging the efficient "
                      "U-Net architecture, we show that diffusion scales.", DEFAULT_MODEL))
    assert ("PART_OF", "U-Net", "FooDiff") not in found
    # A trailing clause says how the method is used or what it is compared with.
    found = typed(run("T", "We propose FooDiff, a diffusion model. FooDiff outperforms the "
                      "older sampler using the U-Net architecture.", DEFAULT_MODEL))
    assert ("PART_OF", "U-Net", "FooDiff") not in found


def test_a_name_on_a_proposed_head_is_that_method_not_the_papers() -> None:
    found = typed(run("FooNet3D: Local Features for Point Clouds", "We present FooNet3D for "
                      "point cloud analysis. In contrast, the newly proposed RWKV model, based "
                      "on kernel machines, outperforms Transformer in many areas.",
                      DEFAULT_MODEL))
    assert ("COMPARED_WITH", "RWKV", "Transformer") in found
    assert ("COMPARED_WITH", "FooNet3D", "Transformer") not in found


def test_a_plural_head_keeps_the_family_out_of_the_subject() -> None:
    # "Kernel Machine algorithms" name a family, not one method the sentence is about
    found = typed(run("T", "We propose BarNet. Kernel Machine algorithms need to be efficient "
                      "in terms of sample complexity."))
    assert not any(kind == "EVALUATES" and m == "Kernel Machine" for kind, _, m in found)


def test_no_comparison_with_what_a_clause_without_one_acts_on() -> None:
    found = typed(run("BarSpec: Fast Decoding", "We propose BarSpec, a decoding method. The "
                      "results demonstrate that BarSpec can achieve a peak speedup of 4.17x "
                      "compared to vanilla decoding, while preserving the original "
                      "distribution of the base LLMs.", DEFAULT_MODEL))
    assert not any(kind == "COMPARED_WITH" and "LLMs" in (a, b) for kind, a, b in found)
    # a clause that changes what it names compares with it; the subject of the clause stays
    found = typed(run("T", "We propose BarBERT. Experiments show that BarBERT achieves "
                      "competitive performance while significantly reducing the inference "
                      "time of the original BERT.", DEFAULT_MODEL))
    assert ("COMPARED_WITH", "BarBERT", "BERT") in found


@pytest.mark.parametrize(("abstract", "other"), [
    ("FooCache not only outperforms existing eviction schemes but is also compatible with "
     "serving systems such as BarServe.", "BarServe"),
    ("FooCache is faster than existing eviction schemes and works with paged attention.",
     "paged attention"),
])
def test_a_predicate_coordinated_with_a_comparison_states_no_comparison(abstract: str,
                                                                        other: str) -> None:
    spans = {"FooCache": "Method", "existing eviction schemes": "Method", other: "Method"}
    found = model_relations(abstract, spans, [("FooCache", "Compare-With",
                                               "existing eviction schemes"),
                                              ("FooCache", "Compare-With", other)])
    assert found == {("COMPARED_WITH", "FooCache", "existing eviction schemes")}


def test_a_comparison_in_a_coordinated_predicate_still_compares() -> None:
    abstract = ("FooCache reduces memory by half and achieves higher accuracy than "
                "BarCache.")
    spans = {"FooCache": "Method", "BarCache": "Method"}
    found = model_relations(abstract, spans, [("FooCache", "Compare-With", "BarCache")])
    assert found == {("COMPARED_WITH", "FooCache", "BarCache")}


def test_what_others_made_efforts_to_design_is_not_proposed() -> None:
    found = typed(run("T", "Recently, large efforts have been made to design efficient "
                      "linear-complexity visual Transformers. A family of Softmax-Free "
                      "Transformers (SOFT) is proposed."))
    assert {t for kind, _, t in found if kind == "PROPOSES"} & {
        "SOFT", "Softmax-Free Transformers"}
    assert not any(kind == "PROPOSES" and "visual Transformers" in t for kind, _, t in found)


def test_parts_a_title_says_its_artefact_is_based_on() -> None:
    found = typed(run("BarDiff: Linear-Time Diffusion Models Based on Local Attention and "
                      "Sparse Routing", "We study image generation.", DEFAULT_MODEL))
    assert ("PART_OF", "Local Attention", "BarDiff") in found


def test_what_a_named_method_introduces_in_a_relative_clause_is_its_part() -> None:
    found = typed(run("Rethinking Token Retrieval", "Multi-vector retrieval models are "
                      "costly. We present XTR, ConteXtualized Token Retriever, which introduces "
                      "a simple, yet novel, objective function that encourages the model to "
                      "retrieve the most important document tokens first.", DEFAULT_MODEL))
    assert ("PART_OF", "objective function", "XTR") in found
    # "the first work that uses P": a work is no method, and "uses" no part of it
    found = typed(run("T", "We propose FooDSA, the first work that uses deep learning for "
                      "frame interpolation.", DEFAULT_MODEL))
    assert not any(kind == "PART_OF" and whole == "FooDSA" for kind, _, whole in found)


def test_what_is_proposed_after_the_introduction_is_a_part() -> None:
    found = typed(run("FooNet++: Deep Robust PCA for Sparse Segmentation", "We propose "
                      "FooNet++, a sparse object segmentation framework. To reduce the loss, we "
                      "introduce a Memory-Augmented Module (MAM) to keep background features. "
                      "Moreover, we propose a global cross-modal alignment loss based on kernel "
                      "distances. We also propose a new benchmark, FooBench.", DEFAULT_MODEL))
    assert ("PART_OF", "Memory-Augmented Module", "FooNet++") in found
    assert ("PART_OF", "global cross-modal alignment loss", "FooNet++") in found
    assert not any(kind == "PART_OF" and "FooBench" in part for kind, part, _ in found)
    # a description of the name it is given is no second part: "a novel architecture, Bar"
    found = typed(run("FooAct for Sequence Modeling", "We propose FooAct, a sparse activation "
                      "method. As a specific instance of FooAct, we design a novel neural "
                      "architecture, BarBoat, which employs FooAct.", DEFAULT_MODEL))
    assert not any(kind == "PART_OF" and part == "neural architecture"
                   for kind, part, _ in found)


def test_a_metric_a_method_shows_evaluates_it() -> None:
    found = typed(run("Rethinking Token Retrieval", "We present FooR, a token retriever. "
                      "Detailed analysis shows that FooR demonstrates much better recall of "
                      "the token retrieval stage compared to ColBERT.", DEFAULT_MODEL))
    assert ("EVALUATES", "recall", "FooR") in found


def test_the_resulting_models_evaluated_on_tasks_are_the_papers() -> None:
    found = typed(run("Spectral Foo Models", "We propose Spectral Foo Models, a new "
                      "formulation for state space models. The resulting models are evaluated "
                      "on synthetic dynamical systems and long-range prediction tasks of "
                      "various modalities.", DEFAULT_MODEL))
    assert any(kind == "USED_FOR" and t.startswith("long-range prediction")
               for kind, _, t in found)


def test_what_a_relative_clause_on_the_papers_method_does_is_its_task() -> None:
    found = typed(run("Deep Foo Autoencoders for Visuomotor Learning", "Reinforcement "
                      "learning is a flexible framework. We present an approach that automates "
                      "state-space construction by learning a state representation directly "
                      "from camera images.", DEFAULT_MODEL))
    assert ("USED_FOR", "Deep Foo Autoencoders", "state-space construction") in found
    # not what it does not do
    found = typed(run("Deep Foo Autoencoders for Visuomotor Learning", "We present an "
                      "approach that does not automate state-space construction.",
                      DEFAULT_MODEL))
    assert ("USED_FOR", "Deep Foo Autoencoders", "state-space construction") not in found


def test_a_title_name_and_the_phrase_after_its_colon_are_no_part_and_whole() -> None:
    # the model's PART_OF between them is dropped; a part the title names after "with" is one
    doc = load_pipeline(DEFAULT_MODEL)("FooKnots: Adaptive Knot Allocation with Local "
                                       "Refinement for Spline Interpolation\n\nWe study "
                                       "spline interpolation for astronomical data.")
    finder = relation_rules._Finder(doc)
    index = {m.text: i for i, m in enumerate(finder.mentions)}
    assert finder._title_gloss(index["FooKnots"], index["Adaptive Knot Allocation"])
    assert finder._title_gloss(index["Adaptive Knot Allocation"], index["FooKnots"])
    assert not finder._title_gloss(index["FooKnots"], index["Local Refinement"])


def test_the_outperformed_baseline_is_not_evaluated_on_the_datasets() -> None:
    found = typed(run("Local Learning with Transformers", "We propose FooRec, a local "
                      "learning method. The experiments show that our approach outperforms "
                      "BarPro-Transformer, the BarPro with Transformer backbone we introduced, "
                      "by up to 0.58% on CIFAR-10, CIFAR-100, STL-10 and SVHN datasets.",
                      DEFAULT_MODEL))
    assert not any(kind == "EVALUATED_ON" and m.startswith("BarPro") for kind, m, _ in found)


def test_the_forms_a_method_takes_are_not_its_parts() -> None:
    found = typed(run("Sample-efficient Learning of Average-reward MDPs", "We study "
                      "average-reward Markov decision processes (AMDPs). We propose FooLOOP, "
                      "which incorporates both model-based and value-based incarnations.",
                      DEFAULT_MODEL))
    assert not any(kind == "PART_OF" and part.endswith("incarnations")
                   for kind, part, _ in found)


@pytest.mark.parametrize("abstract", [
    "Transfer learning across devices is common. FooNet is a method for image segmentation.",
    "FooNet is a lightweight architecture for image segmentation.",
])
def test_the_method_a_copula_describes_is_for_the_task(abstract: str) -> None:
    found = rules_on(abstract, {"FooNet": "Method", "image segmentation": "Task"})
    assert ("USED_FOR", "FooNet", "image segmentation") in found


def test_a_method_that_is_no_method_for_the_task_is_not_for_it() -> None:
    found = rules_on("FooNet is not a method for image segmentation.",
                     {"FooNet": "Method", "image segmentation": "Task"})
    assert ("USED_FOR", "FooNet", "image segmentation") not in found


def test_examples_after_like_are_kinds_of_what_they_follow() -> None:
    abstract = "Stereo matching fails in textureless regions like shadows and glass surfaces."
    spans = {"textureless regions": "Concept", "shadows": "Concept", "glass surfaces": "Concept"}
    found = rules_on(abstract, spans)
    assert {("IS_A", "shadows", "textureless regions"),
            ("IS_A", "glass surfaces", "textureless regions")} <= found


def test_every_dataset_of_a_written_list_the_parser_broke_is_evaluated_on() -> None:
    # "on A, B, and C datasets": the parser takes "C datasets" out of the list
    found = typed(run("FooNet: Fast Stereo", "We propose FooNet, a stereo method. "
                      "Comprehensive evaluations on Middlebury, KITTI 2012, and KITTI 2015 "
                      "datasets show that FooNet surpasses existing methods.", DEFAULT_MODEL))
    assert {("EVALUATED_ON", "FooNet", d) for d in ("Middlebury", "KITTI 2012",
                                                    "KITTI 2015")} <= found


def test_the_metric_of_a_method_and_its_possessor_evaluate_it() -> None:
    found = typed(run("T", "We propose FooNet for image retrieval. The accuracy of FooNet is "
                      "higher than that of BarNet. We report the recall of our method on "
                      "ImageNet."))
    assert ("EVALUATES", "accuracy", "FooNet") in found
    assert ("EVALUATES", "recall", "FooNet") in found
    found = typed(run("T", "We propose FooNet for image retrieval. FooNet's accuracy exceeds "
                      "90% on ImageNet.", DEFAULT_MODEL))
    assert ("EVALUATES", "accuracy", "FooNet") in found


def test_a_method_that_reduces_a_metric_is_what_it_measures() -> None:
    found = typed(run("T", "We propose FooNet for image retrieval. FooNet reduces the "
                      "perplexity by 10%."))
    assert ("EVALUATES", "perplexity", "FooNet") in found
    # a change with no Method subject is a goal, not a measurement of the paper's method
    found = typed(run("T", "We propose FooNet for image retrieval. To reduce the latency, "
                      "prior work prunes indexes."))
    assert not any(kind == "EVALUATES" and metric == "latency" for kind, metric, _ in found)


def test_a_stated_difference_in_a_metric_and_evaluating_by_it() -> None:
    found = typed(run("T", "We propose FooNet for image retrieval. FooNet outperforms BarNet "
                      "with 5% higher accuracy. We evaluate FooNet by mean average precision."))
    assert ("EVALUATES", "accuracy", "FooNet") in found
    assert ("EVALUATES", "mean average precision", "FooNet") in found
    assert not any(kind == "EVALUATES" and m == "BarNet" for kind, _, m in found)
    # "with" and a metric that states no difference is no measurement ("with strong accuracy")
    found = typed(run("T", "We propose FooNet for image retrieval. FooNet outperforms BarNet "
                      "with strong accuracy."))
    assert not any(kind == "EVALUATES" and metric == "accuracy" for kind, metric, _ in found)


def test_what_a_method_improves_measures_it_not_the_thing_it_is_of() -> None:
    found = typed(run("T", "We propose FooNet for image retrieval. FooNet improves the "
                      "accuracy of BarNet by 5%. Prior studies reduce the latency of "
                      "BazNet."))
    assert ("EVALUATES", "accuracy", "FooNet") in found
    assert ("EVALUATES", "accuracy", "BarNet") not in found
    assert ("EVALUATES", "latency", "BazNet") in found


def test_a_name_narrowed_by_modifiers_is_a_kind_of_the_other_name() -> None:
    abstract = ("Clustering groups similar points. We study subspace clustering of images, "
                "and naive Bayes is compared with query-aware multiclass naive Bayes.")
    spans = {"Clustering": "Task", "subspace clustering": "Task", "naive Bayes": "Method",
             "query-aware multiclass naive Bayes": "Method"}
    found = {r for r in rules_on(abstract, spans) if r[0] == "IS_A"}
    assert found == {("IS_A", "subspace clustering", "Clustering"),
                     ("IS_A", "query-aware multiclass naive Bayes", "naive Bayes")}


@pytest.mark.parametrize(("abstract", "longer", "shorter"), [
    ("Clustering is hard. Our clustering is fast.", "Our clustering", "Clustering"),
    ("Clustering is hard. The novel clustering is fast.", "novel clustering", "Clustering"),
    ("Clustering is hard. Two clustering runs agree.", "Two clustering", "Clustering"),
    ("LLaMA is open. We tune 13B LLaMA on algebra.", "13B LLaMA", "LLaMA"),
    ("Differential equations are old. Backpropagation through differential equations is "
     "costly.", "Backpropagation through differential equations", "Differential equations"),
    ("Clustering is hard. We study manifold linearizing and clustering together.",
     "manifold linearizing and clustering", "Clustering"),
    ("Models are everywhere. Diffusion models denoise images.", "Diffusion models", "Models"),
])
def test_modifiers_that_do_not_narrow_a_name_state_no_kind(abstract: str, longer: str,
                                                           shorter: str) -> None:
    found = rules_on(abstract, {shorter: "Method", longer: "Method"})
    assert ("IS_A", longer, shorter) not in found


def test_an_acronym_and_its_long_form_are_no_kind_of_each_other() -> None:
    abstract = "Attention helps. We define masked attention (attention) for masks."

    def kinds(defined: bool) -> set[tuple[str, str, str]]:
        doc = load_pipeline(None)(f"T\n\n{abstract}")
        spans = [doc.char_span(doc.text.index(t), doc.text.index(t) + len(t), label="Method")
                 for t in ("Attention", "masked attention")]
        if defined:  # as the candidate finder marks a defined long form
            spans[1]._.kg_short = "Attention"
        doc.spans[MENTIONS] = spans
        RelationFinder()(doc)
        return {(kind, spans[h].text, spans[t].text) for kind, h, t, *_ in doc._.kg_relations
                if kind == "IS_A"}

    assert kinds(defined=False) == {("IS_A", "masked attention", "Attention")}
    assert kinds(defined=True) == set()


def test_a_named_kind_is_related_once_with_the_longer_name_s_sentence() -> None:
    record: PaperRecord = next(extract([Paper(
        id="p", title="T", abstract="Segmentation is a classic task. We study medical image "
        "segmentation with deep networks, and medical image segmentation is hard.")],
        model=None))
    found = [(record.mentions[r.head].text, record.mentions[r.tail].text, r.pattern,
              record.paper.text[r.sent_start:r.sent_end]) for r in record.relations
             if r.pattern == relation_rules.MODIFIER_KIND]
    assert found == [("medical image segmentation", "Segmentation", relation_rules.MODIFIER_KIND,
                      "We study medical image segmentation with deep networks, and medical "
                      "image segmentation is hard.")]


def test_a_passage_without_a_title_gets_no_paper_level_kinds() -> None:
    """SciER and SciERC annotate relations within sentences: the rule is for papers."""
    text = "Segmentation is a classic task. We study medical image segmentation."
    spans = {"Segmentation": "Task", "medical image segmentation": "Task"}
    for doc_text, kinds in ((f"T\n\n{text}", 1), (text, 0)):
        doc = load_pipeline(None)(doc_text)
        doc.spans[MENTIONS] = [doc.char_span(doc.text.index(t), doc.text.index(t) + len(t),
                                             label=label) for t, label in spans.items()]
        RelationFinder()(doc)
        assert sum(pattern == relation_rules.MODIFIER_KIND
                   for *_, pattern, _ in doc._.kg_relations) == kinds
