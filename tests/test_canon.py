"""Canonical forms, acronyms and the alias table: pure functions, no spaCy."""

from __future__ import annotations

import pytest

from kg.canon import (
    AliasTable,
    clean_surface,
    display_form,
    fold,
    is_acronym,
    normalize_title,
    paper_id_for_title,
    singular,
    variant_key,
)
from kg.extract.acronyms import find_long_form, looks_like_short_form
from kg.graph import Mention


@pytest.mark.parametrize(("text", "folded"), [
    ("Large Language Models", "large language model"),
    ("large language model", "large language model"),
    ("large-language models", "large language model"),
    ("LLMs", "LLM"),
    ("Self-Attention", "self attention"),
    ("self attention", "self attention"),
    ("Transformers", "transformers"),  # a one-word name: the linker merges it if "transformer"
    ("Cityscapes", "cityscapes"),  # is in the corpus; "cityscape" is not
    ("inductive biases", "inductive bias"),
    ("QuantNAS", "quantnas"),
    ("GPT-4", "GPT 4"),
    ("Gaussian processes", "gaussian process"),
    ("principal component analysis", "principal component analysis"),
    ("“diffusion models”.", "diffusion model"),
    ("strategies", "strategy"),
])
def test_fold_unifies_case_plural_hyphen(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(("word", "expected"), [
    ("models", "model"), ("LLMs", "LLM"), ("analysis", "analysis"), ("boxes", "box"),
    ("matrices", "matrix"), ("data", "data"), ("physics", "physics"), ("series", "series"),
    ("bias", "bias"), ("corpora", "corpus"), ("losses", "loss"), ("Transformers", "Transformer"),
    ("ViTs", "ViT"), ("NeRFs", "NeRF"), ("LoRAs", "LoRA"), ("MoEs", "MoE"), ("FLOPs", "FLOP"),
    ("iOS", "iOS"), ("PhDs", "PhD"), ("GPT4s", "GPT4"), ("biases", "bias"), ("aliases", "alias"),
    ("QuantNAS", "QuantNAS"), ("nuScenes", "nuScenes"), ("responses", "response"),
])
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_proper_names_keep_their_written_form() -> None:
    assert [display_form(t) for t in ("Cityscapes", "nuScenes", "QuantNAS", "inductive biases",
                                       "Large Language Models")] == [
        "Cityscapes", "nuScenes", "QuantNAS", "inductive bias", "Large Language Model"]


def test_variant_keys_ignore_case_hyphens_and_spaces() -> None:
    assert len({variant_key(t) for t in ("multi-layer perceptron", "multilayer perceptron",
                                         "Multi Layer Perceptron")}) == 1
    assert variant_key("GPT-4") != variant_key("GPT-40")


def test_acronyms_are_recognised_by_shape() -> None:
    assert all(map(is_acronym, ["LLM", "LLMs", "pLSTM", "NeRF", "GPT-4", "SLAM"]))
    assert not any(map(is_acronym, ["Hiformer", "DeltaProduct", "Mamba", "a", "model"]))


def test_clean_surface_drops_outer_punctuation_but_keeps_balanced_brackets() -> None:
    assert clean_surface(' "accuracy", ') == "accuracy"
    assert clean_surface("(FEM)-based model") == "(FEM)-based model"
    assert clean_surface("(SLAM)") == "SLAM"
    assert clean_surface("Hiformer (Heterogeneous") == "Hiformer (Heterogeneous"
    assert display_form("Large Language Models") == "Large Language Model"


def test_titles_normalize_and_give_stable_ids() -> None:
    a = "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
    b = "  mamba  linear time sequence modeling with selective state spaces "
    assert normalize_title(a) == normalize_title(b)
    assert paper_id_for_title(a) == paper_id_for_title(b)
    assert paper_id_for_title(a) != paper_id_for_title("Mamba")
    assert paper_id_for_title(a).startswith("t-")


def test_schwartz_hearst_long_forms() -> None:
    assert find_long_form("LLMs", "known for. Large language models") == "Large language models"
    assert find_long_form("SLAM", "we propose the Sub-path Linear Approximation Model") == \
        "Sub-path Linear Approximation Model"
    assert find_long_form("RL", "we study the weather") is None
    assert looks_like_short_form("PF-ODE")
    assert not looks_like_short_form("e.g.")
    assert not looks_like_short_form("see Table 2")


def _m(text: str, **kw: str) -> Mention:
    return Mention(text, "Method", 0, len(text), 0, len(text), **kw)


def test_alias_table_resolves_acronyms_within_and_across_papers() -> None:
    p1 = [_m("Large Language Models", short_form="LLMs"),
          _m("LLMs", long_form="Large Language Models")]
    # A paper that defines the same acronym differently keeps its own meaning.
    p3 = [_m("Latent Linear Model", short_form="LLM"), _m("LLM", long_form="Latent Linear Model")]
    table = AliasTable([p1, [_m("LLM")], p3, [_m("large language models", short_form="LLMs")]])
    assert table.resolve([_m("LLM"), _m("LLMs"), _m("XYZ")]) == [
        "large language model", "large language model", "XYZ"]
    assert table.resolve([*p3, _m("LLM")])[-1] == "latent linear model"
    assert table.resolve([*p1, _m("Large Language Model")])[-1] == "large language model"
    assert table.definitions() == {"LLM": "large language model"}


def test_an_acronym_defined_in_one_paper_only_yields_to_a_papers_own_name() -> None:
    defined = [_m("Sparse Kernel Regression", short_form="SKR"),
               _m("SKR", long_form="Sparse Kernel Regression")]
    table = AliasTable([defined, [_m("SKR")]], known={"GAN": "generative adversarial network"})
    assert table.expansion("SKR") == "sparse kernel regression"
    assert table.expansion("GAN") is None  # well-known, not the corpus's definition
    # Used as the known term: the corpus's definition; introduced as the paper's own: itself.
    assert table.resolve([_m("SKR")]) == ["sparse kernel regression"]
    assert table.resolve([_m("SKR"), _m("SKRs")], own={"SKR"}) == ["SKR", "SKR"]
    # The paper's own definition still wins, and a well-known expansion still holds.
    own_definition = [_m("Spectral Kernel Ranking", short_form="SKR"),
                      _m("SKR", long_form="Spectral Kernel Ranking"), _m("SKR")]
    assert table.resolve(own_definition, own={"SKR"})[-1] == "spectral kernel ranking"
    assert table.resolve([_m("GAN")], own={"GAN"}) == ["generative adversarial network"]
