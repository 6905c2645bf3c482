"""``import kg``: the public API, on a real store built by the real pipeline (rules alone, for
speed), and the promise that importing it loads nothing heavy."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

import kg
from kg.graph import Paper

ROOT = Path(__file__).resolve().parents[1]
PAPERS = [
    {"id": "a", "title": "Mamba: Linear-Time Sequence Modeling",
     "abstract": "We propose Mamba, a selective state space model for language modeling. "
                 "Mamba outperforms the Transformer on the Pile benchmark."},
    {"id": "b", "title": "ViT for Images",
     "abstract": "We apply the Vision Transformer (ViT) to image classification and evaluate "
                 "it on ImageNet with top-1 accuracy."},
]


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("api")
    source = folder / "papers.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    report = kg.build(source, store=folder / "kg-store", model=None)
    assert isinstance(report, kg.BuildReport) and report.extracted == 2
    return folder / "kg-store"


def test_import_kg_loads_nothing_heavy() -> None:
    code = ("import sys, kg; kg.__version__; kg.KgError; kg.open_store; "
            "print(sorted(m for m in ('spacy', 'ladybug', 'networkx', 'neo4j', 'onnxruntime', "
            "'rdflib', 'kg.build', 'kg.linker', 'kg.extract.pipeline', 'kg.extract.runner', "
            "'kg.export') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_build_and_extract_stay_functions_when_their_modules_are_imported() -> None:
    import kg.build
    import kg.extract.runner

    assert inspect.isfunction(kg.build) and inspect.isfunction(kg.extract)
    assert set(kg.__all__) <= set(dir(kg))
    with pytest.raises(AttributeError):
        kg.no_such_name  # noqa: B018


def test_store_query_stats_remove(location: Path) -> None:
    with kg.open_store(location) as store:
        assert store.query("MATCH (p:Paper) WHERE p.id = $id RETURN p.title AS title",
                           id="a") == [{"title": PAPERS[0]["title"]}]
        assert store.stats()["nodes"]["Paper"] == 2
        with pytest.raises(kg.KgError):  # read-only unless execute
            store.query("MATCH (p:Paper) DETACH DELETE p")
        assert store.stats()["nodes"]["Paper"] == 2


def test_remove_and_execute_on_a_copy(location: Path, tmp_path: Path) -> None:
    import shutil

    copy = Path(shutil.copytree(location, tmp_path / "copy"))
    with kg.open_store(copy) as store:
        report = store.remove("b")
        assert (report.removed, report.unknown) == (["b"], [])
        assert store.query("MATCH (p:Paper) RETURN p.id AS id") == [{"id": "a"}]
        store.execute("MATCH (p:Paper {id: $id}) SET p.year = $year", id="a", year=2023)
        assert store.query("MATCH (p:Paper) RETURN p.year AS year") == [{"year": 2023}]


def test_a_store_and_its_records_go_to_build_and_remove_together(tmp_path: Path) -> None:
    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    records = tmp_path / "records"
    with kg.open_store(tmp_path / "s", create=True, records=records) as store:
        assert kg.build(source, store=store, model=None).extracted == 2
        assert sorted(records.glob("shard-*.jsonl"))  # the folder the store was opened with
        assert store.remove(["b", "nope"]).removed == ["b"]
        assert set(store.records.index()) == {"a"}
        assert store.stats()["nodes"]["Paper"] == 1


def test_build_takes_one_minimum_confidence_or_three(tmp_path: Path) -> None:
    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    proposed = "MATCH (p:Paper)-[:PROPOSES]->(m) RETURN p.id AS id, m.name AS name"
    # Relationships and PROPOSES at 1 (no edge reaches it): no PROPOSES edge ...
    one = kg.build(source, store=tmp_path / "one", model=None, min_confidence=1.0)
    assert one.thresholds == (1.0, 1.0, 1.0)
    with kg.open_store(tmp_path / "one") as store:
        assert store.query(proposed) == []
    # ... PROPOSES at 0 apart: the paper's proposed method, with its edge.
    apart = kg.build(source, store=tmp_path / "apart", model=None,
                     min_confidence=(1.0, 1.0, 0.0))
    assert apart.thresholds == (1.0, 1.0, 0.0)
    with kg.open_store(tmp_path / "apart") as store:
        assert store.query(proposed) == [{"id": "a", "name": "Mamba"}]


def test_errors_are_kg_errors(tmp_path: Path) -> None:
    with pytest.raises(kg.KgError, match="no kg store"):
        kg.open_store(tmp_path / "nowhere")
    with pytest.raises(kg.KgError, match="texts"):
        kg.extract([42])  # type: ignore[list-item]


@pytest.mark.parametrize(("name", "fmt"), [("kg.nt", "nt"), ("kg.ttl", "turtle"),
                                           ("kg.jsonld", "json-ld")])
def test_export_rdf_takes_the_format_from_the_extension(location: Path, tmp_path: Path,
                                                        name: str, fmt: str) -> None:
    report = kg.export_rdf(location, tmp_path / name)
    assert report.format == fmt
    parsed = Graph().parse(tmp_path / name, format=fmt)
    assert len(parsed) == report.triples > 0
    # An explicit format wins over the extension.
    assert kg.export_rdf(location, tmp_path / "x.nt", "turtle").format == "turtle"


def test_exports_read_a_location_an_opened_store_or_a_graph(location: Path,
                                                            tmp_path: Path) -> None:
    with kg.open_store(location) as store:
        graph = store.graph()
        html = kg.export_html(store, tmp_path / "kg.html")
        assert 0 < html.nodes_shown <= len(graph)
        csv = kg.export_csv(graph, tmp_path / "csv")
        assert (tmp_path / "csv" / "README.md").is_file() and csv.node_files
    assert kg.export_rdf(graph, tmp_path / "g.nt").triples == \
        kg.export_rdf(location, tmp_path / "l.nt").triples


def test_extract_takes_texts_or_papers() -> None:
    text = PAPERS[0]["abstract"]
    [record] = kg.extract(text, model=None)
    assert record.paper.abstract == text and record.paper.id.startswith("text-")
    assert ("Mamba", "Method") in {(m.text, m.label) for m in record.mentions}
    paper = Paper(id="a", title=PAPERS[0]["title"], abstract=text)
    records = kg.extract([paper, text], model=None)
    assert [r.paper.id for r in records] == ["a", record.paper.id]
    assert records[1].mentions == record.mentions


def test_extraction_leaves_no_telemetry_database(tmp_path: Path) -> None:
    """onnxruntime (kg_rel's encoder) keeps a telemetry database under the cache folder unless
    ORT_DISABLE_TELEMETRY is set before it is imported; kg sets it."""
    import os

    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ORT_DISABLE_TELEMETRY", None)
    code = ("import sys, kg; records = kg.extract('We propose Mamba for language modeling.'); "
            "print(len(records), 'onnxruntime' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    assert done.stdout.strip() == "1 True", done.stderr[-2000:]  # the encoder ran
    assert not [p for p in tmp_path.rglob("*") if "onnxruntime" in p.name.lower()]


def test_cli_without_a_terminal_prints_progress_lines_and_plurals(
        location: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from click.testing import CliRunner

    from kg import cli

    source = tmp_path / "p.jsonl"
    source.write_text("".join(json.dumps({**p, "id": f"{p['id']}{i}", "title": f"{p['title']} {i}"})
                              + "\n" for i in ("one", "two", "three") for p in PAPERS),
                      encoding="utf-8")
    monkeypatch.setattr(cli, "PROGRESS_SECONDS", 0.0)
    result = CliRunner().invoke(cli.main, ["build", str(source), "--store",
                                           str(tmp_path / "s"), "--model", "rules"])
    assert result.exit_code == 0, result.output
    assert "Extracting 6 papers ..." in result.stderr
    assert "Extracting: 6/6 papers (" in result.stderr and "\r" not in result.stderr
    assert "Extracting: 1/6 papers (" in result.stderr and "s left)" in result.stderr
    copy = Path(shutil.copytree(location, tmp_path / "copy"))
    removed = CliRunner().invoke(cli.main, ["remove", "a", "--store", str(copy)])
    assert removed.output.strip() == "Removed 1 paper; the graph now has 1 paper."
