"""The reviewing scripts: scripts/top_duplicates.py finds candidate duplicates by variant key,
acronym and edit distance; scripts/judge_sample.py draws a seeded sheet and tallies a judged one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.graph import Concept, Edge, Evidence, KnowledgeGraph, Paper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import judge_sample
import top_duplicates


def concept(name: str, label: str = "Method", papers: int = 1, aliases: tuple = ()) -> Concept:
    return Concept(f"{label.lower()}:{name.lower()}", label, name, aliases, papers, papers)


def test_candidate_duplicates_by_variant_acronym_and_edit_distance() -> None:
    concepts = [concept("stochastic gradient descent", papers=9), concept("SGD", papers=2),
                concept("HumanEval", "Dataset", 5), concept("Human-eval", papers=1),
                concept("ImageNet-1K", "Dataset", 6), concept("ImagegNet-1K", "Dataset", 1),
                concept("Mamba", papers=8), concept("Transformer", papers=7)]
    found = top_duplicates.groups(top_duplicates.candidate_pairs(concepts[:1] + concepts[2:3]
                                                                 + concepts[4:5], concepts))
    named = {frozenset(c.name for c in group): why for group, why in found}
    assert named == {frozenset({"stochastic gradient descent", "SGD"}): {"acronym"},
                     frozenset({"HumanEval", "Human-eval"}): {"variant"},
                     frozenset({"ImageNet-1K", "ImagegNet-1K"}): {"edit"}}
    assert top_duplicates.edit_distance("cifar10", "cifar100", 1) == 1
    assert top_duplicates.acronym_key("LLMs") == "llm" and top_duplicates.acronym_key("Mamba") \
        is None


def small_graph() -> KnowledgeGraph:
    graph = KnowledgeGraph()
    text = "Mamba: Fast\n\nWe propose Mamba | a model, for language modeling."
    graph.add_paper(Paper("p1", "Mamba: Fast", text.split("\n\n", 1)[1]))
    graph.add_concept(concept("Mamba"))
    graph.add_concept(concept("language modeling", "Task"))
    start = text.index("We")
    sentence = Evidence("p1", text[start:], start, len(text),
                        ((text.index("Mamba", start), text.index("Mamba", start) + 5),
                         (text.index("language"), text.index("language") + 17)))
    graph.add_edge(Edge("MENTIONS", ("Paper", "p1"), ("Method", "method:mamba"), ("p1",),
                        evidence=(sentence,)))
    graph.add_edge(Edge("USED_FOR", ("Method", "method:mamba"), ("Task", "task:language modeling"),
                        ("p1",), 0.8, (sentence,)))
    return graph


def test_judging_sheet_is_seeded_marked_and_tallied(tmp_path: Path) -> None:
    graph = small_graph()
    sheet = judge_sample.sheet(graph, "STORE", 23, 5, 5, 2)
    assert sheet == judge_sample.sheet(graph, "STORE", 23, 5, 5, 2)
    assert "We propose **Mamba** \\| a model, for **language modeling**." in sheet
    assert sheet.count("|  |") == 3  # two concepts and one relationship, verdicts empty
    path = tmp_path / "sheet.md"
    rows = sheet.splitlines()
    verdicts = iter(["y", "label: a field", "n: not stated"])
    path.write_text("\n".join(line[:-3] + f" {next(verdicts)} |" if line.endswith("|  |")
                              else line for line in rows) + "\n", encoding="utf-8")
    block = judge_sample.write_tallies(path)
    assert "real terms 2/2 (100 %); real term with the right label 1/2 (50 %)" in block
    assert "Relationships: right 0/1 (0 %)" in block
    assert block in path.read_text(encoding="utf-8")
    path.write_text(sheet, encoding="utf-8")
    with pytest.raises(SystemExit, match="line"):
        judge_sample.write_tallies(path)  # unjudged rows are named by line
    assert "* (test half):" not in sheet


def test_the_sheet_marks_evidence_from_the_test_half() -> None:
    held_out = judge_sample.test_half_papers()
    assert len(held_out) == 20  # the in-domain gold's test half, read for its ids only
    sheet = judge_sample.sheet(small_graph(), "STORE", 23, 5, 5, 2, frozenset({"p1"}))
    assert "*Mamba: Fast* (test half): We propose **Mamba**" in sheet


def test_a_broken_test_half_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "test.jsonl"
    path.write_text('{"doc_key": "p1"}\n\n{"doc_key": \n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"test\.jsonl:3: not a gold JSON line"):
        judge_sample.test_half_papers(path)
