"""The `kg` command line, in-process with click's runner and once as a real console script."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kg.calibration import load_calibration
from kg.cli import main
from kg.extract.shipped import DEFAULT_MODEL
from kg.store import EmbeddedStore


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_query_counts_papers_in_every_format(sample_store: EmbeddedStore) -> None:
    store = str(sample_store.path)
    code, out = run("query", "MATCH (p:Paper) RETURN count(p) AS papers", "--store", store)
    assert code == 0 and out.split()[:3] == ["papers", "------", "325"]
    code, out = run("query", "MATCH (p:Paper) RETURN count(p) AS papers", "--store", store,
                    "-f", "json")
    assert json.loads(out) == [{"papers": 325}]
    code, out = run("query", "MATCH (p:Paper) RETURN count(p) AS papers", "--store", store,
                    "-f", "csv")
    assert list(csv.reader(io.StringIO(out))) == [["papers"], ["325"]]


def test_query_parameters_and_read_only(sample_store: EmbeddedStore) -> None:
    store = str(sample_store.path)
    code, out = run("query", "MATCH (c:Method) WHERE $a IN c.aliases RETURN c.name",
                    "--store", store, "-p", "a=LLMs", "-f", "json")
    assert code == 0 and json.loads(out) == [{"c.name": "large language model"}]
    code, out = run("query", "RETURN $n + 1 AS n", "--store", store, "-p", "n=41", "-f", "json")
    assert json.loads(out) == [{"n": 42}]
    result = CliRunner().invoke(main, ["query", "MATCH (p:Paper) DELETE p", "--store", store])
    assert result.exit_code == 1 and "--write" in result.output
    assert "Traceback" not in result.output


def test_stats_and_missing_store(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    _, out = run("stats", "--store", str(sample_store.path), "--json")
    stats = json.loads(out)
    assert stats["nodes"]["Paper"] == 325 and stats["relationships"]["MENTIONS"] > 0
    result = CliRunner().invoke(main, ["stats", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no kg store" in result.output


def test_build_reports_and_fails_only_when_nothing_is_usable(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "1", "title": "Mamba: Sequence Models",
                                "abstract": "We propose Mamba for language modeling."}) + "\n"
                    + "{not json\n", encoding="utf-8")
    code, _ = run("build", str(good), "--store", str(tmp_path / "s"), "--quiet")
    assert code == 0
    result = CliRunner().invoke(main, ["build", str(good), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert "good.jsonl:2" in result.output and "Graph: 1 paper," in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(bad), "--store", str(tmp_path / "t")])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output and "no usable papers" in result.output
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2 and "--sample" in result.output


def test_build_model_choice_is_checked_and_reported(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "1", "title": "Mamba: Sequence Models",
                                "abstract": "We propose Mamba for language modeling."}) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(good), "--store", str(tmp_path / "s"),
                                       "--model", "nope"])
    assert result.exit_code == 2 and "neither `rules` nor a shipped model" in result.output
    assert not (tmp_path / "s").exists()
    result = CliRunner().invoke(main, ["build", str(good), "--store", str(tmp_path / "s"),
                                       "--model", "rules"])
    assert result.exit_code == 0 and "1 job, model rules)" in result.output
    again = CliRunner().invoke(main, ["build", str(good), "--store", str(tmp_path / "s")])
    assert "1 job, model scier)" in again.output  # another extractor: extracted again
    assert "Extracted 1 paper in" in again.output and "0 unchanged papers reused" in again.output


def test_build_leaves_out_what_is_below_the_minimum_confidence_and_says_so(
        tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({
        "id": "1", "title": "Mamba: Linear-Time Sequence Modeling",
        "abstract": "We propose Mamba for language modeling. LLMs use attention with "
                    "quadratic complexity. Mamba outperforms Transformers on WikiText-103 in "
                    "perplexity. Earlier work studied sparse attention and low-rank "
                    "approximation."}) + "\n", encoding="utf-8")
    # (A concept in a kept relationship stays: the last sentence's, in none, is left out.)
    default = CliRunner().invoke(main, ["build", str(good), "--store", str(tmp_path / "d")])
    assert default.exit_code == 0, default.output
    below = [line for line in default.output.splitlines()
             if line.startswith("Below the minimum confidence")]
    assert len(below) == 1 and below[0].endswith("left out; --min-confidence 0 keeps them")
    everything = CliRunner().invoke(main, ["build", str(good), "--store", str(tmp_path / "z"),
                                           "--min-confidence", "0"])
    assert "Below the minimum confidence" not in everything.output
    _, kept = run("stats", "--store", str(tmp_path / "d"), "--json")
    _, full = run("stats", "--store", str(tmp_path / "z"), "--json")
    assert sum(json.loads(kept)["nodes"].values()) < sum(json.loads(full)["nodes"].values())
    for wrong in ("1.5", "0.5,0.5", "0.5,x,0.5", "0.5,0.5,2"):
        bad = CliRunner().invoke(main, ["build", str(good), "--store", str(tmp_path / "b"),
                                        "--min-confidence", wrong])
        assert bad.exit_code == 2 and "--min-confidence" in bad.output, wrong
    assert not (tmp_path / "b").exists()
    # The line names all three thresholds: concepts, relationships, PROPOSES.
    concepts, relationships, proposes = load_calibration().minimums(DEFAULT_MODEL)
    assert below[0].startswith(f"Below the minimum confidence ({concepts} / {relationships} / "
                               f"{proposes}): ")
    # Three numbers set them apart: no relationship, every PROPOSES edge.
    apart = CliRunner().invoke(main, ["build", str(good), "--store", str(tmp_path / "a"),
                                      "--min-confidence", "1,1,0"])
    assert apart.exit_code == 0, apart.output
    assert "Below the minimum confidence (1.0 / 1.0 / 0.0): " in apart.output
    _, stats = run("stats", "--store", str(tmp_path / "a"), "--json")
    assert json.loads(stats)["relationships"].get("PROPOSES") == \
        json.loads(full)["relationships"]["PROPOSES"] >= 1
    assert {t for t, n in json.loads(stats)["relationships"].items() if n} == \
        {"MENTIONS", "PROPOSES"}
    _, help_text = run("build", "--help")
    help_text = " ".join(help_text.split())
    assert "lower it to keep more" in help_text and "(0 keeps everything)" in help_text
    assert "P|C,R,P|dev" in help_text and "(0.75,0.75,0.3)" in help_text
    assert (f"{DEFAULT_MODEL}: concepts {concepts}, relationships {relationships}, PROPOSES "
            f"{proposes}") in help_text


def test_every_command_explains_itself() -> None:
    code, out = run("--help")
    for command in ("build", "query", "stats", "export"):
        assert command in out
    for args in (["build"], ["query"], ["stats"], ["export"], ["export", "html"]):
        code, out = run(*args, "--help")
        assert code == 0 and "--help" in out and len(out.split()) > 20


def test_console_script_runs_a_query(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    kg = shutil.which("kg", path=str(Path(sys.executable).parent))
    assert kg, "the kg console script is not installed next to this Python"
    done = subprocess.run([kg, "query", "MATCH (p:Paper) RETURN count(p) AS n", "--store",
                           str(sample_store.path), "-f", "json"], capture_output=True,
                          text=True, check=True)
    assert json.loads(done.stdout) == [{"n": 325}]


#: What `kg --help`, `kg stats` and `kg query` on an embedded store must start without.
NOT_FOR_QUERIES = ("spacy", "onnxruntime", "rdflib", "pyvis", "neo4j", "numpy", "networkx")


def imported(args: list[str], cache: Path) -> tuple[str, set[str]]:
    """Stdout of ``python -X importtime -m kg ARGS`` and the modules it imported."""
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "KG_CACHE_DIR": str(cache),
           "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kg", *args], env=env,
                          capture_output=True, text=True, check=True)
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    assert "kg.cli" in modules  # the import log was read
    return done.stdout, modules


def test_help_stats_and_query_start_without_the_heavy_libraries(
        sample_store: EmbeddedStore, tmp_path: Path) -> None:
    """Nothing those commands do not use (the extractor, exporters, the Neo4j driver), and a
    query run before comes from the plan cache (kg.query.plan) without ANTLR or the parser."""
    store, query = str(sample_store.path), "MATCH (c:Concept) RETURN count(c) AS n"
    runs = {"help": ["--help"], "stats": ["stats", "--store", store],
            "first query": ["query", query, "--store", store, "-f", "json"],
            "same query again": ["query", query, "--store", store, "-f", "json"]}
    found = {name: imported(args, tmp_path / "cache") for name, args in runs.items()}
    for name, (_, modules) in found.items():
        heavy = {m for m in modules if m.split(".")[0] in NOT_FOR_QUERIES}
        assert not heavy, (name, sorted(heavy))
    assert "Nodes (" in found["stats"][0] and "query" in found["help"][0]
    assert {"antlr4", "kg.query.grammar.Cypher25Parser"} <= found["first query"][1]
    again, modules = found["same query again"]
    assert json.loads(again) == json.loads(found["first query"][0]) != []
    assert not {m for m in modules if m.startswith(("antlr4", "kg.query.grammar",
                                                    "kg.query.parse", "kg.query.translate"))}
