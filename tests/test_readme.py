"""The README's promises: its example queries run as printed on the default store, its Python
examples run as doctests, and its set-up commands are the ones .ci/run runs."""

from __future__ import annotations

import doctest
import json
import re
import shlex
from itertools import islice
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.data import SAMPLE_CORPUS
from kg.sources import deduplicate, read_papers
from kg.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def example_queries() -> list[list[str]]:
    section = README.split("### Example queries", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("kg query ")]


def test_readme_queries_run_as_printed(sample_store: EmbeddedStore) -> None:
    queries = example_queries()
    assert len(queries) >= 5
    for args in queries:
        result = CliRunner().invoke(main, [*args, "--store", str(sample_store.path)])
        assert result.exit_code == 0, (args, result.output)
        assert "(0 rows)" not in result.output and result.output.strip() not in ("", "[]"), args


def test_the_set_up_puts_kg_where_the_use_section_calls_it() -> None:
    """The Use section calls plain `kg`: the set-up installs it into .venv/bin and says to
    activate that venv (which puts .venv/bin first on the PATH)."""
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    use = README.split("\n## Use\n", 1)[1].split("\n## ", 1)[0]
    commands = re.search(r"```bash\n(.*?)```", use, re.S).group(1).splitlines()
    assert commands and all(line.startswith("kg ") for line in commands if line.strip())
    install = re.search(r"```bash\n(.*?)```", setup, re.S).group(1).splitlines()[0]
    assert "python3 -m venv .venv" in install and ".venv/bin/pip install -e ." in install
    blocks = re.findall(r"```bash\n(.*?)```", setup, re.S)
    assert any(line.split("#")[0].strip() == "source .venv/bin/activate"
               for block in blocks[1:] for line in block.splitlines())


def test_ci_runs_the_readme_commands() -> None:
    setup = re.search(r"## Set up.*?```bash\n(.*?)```", README, re.S).group(1).strip()
    install_and_build, tests = setup.splitlines()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_build in ci
    assert tests in ci


def test_readme_sparql_queries_are_the_tested_ones_in_docs() -> None:
    docs = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    in_readme = re.findall(r"```sparql\n(.*?)```", README, re.S)
    assert len(in_readme) == 3
    assert in_readme == re.findall(r"```sparql\n(.*?)```", docs, re.S)


def python_examples() -> str:
    section = README.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))


def test_readme_python_examples_run_as_printed(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    papers = list(islice(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)), 12))
    lines = [json.dumps({"id": p.id, "title": p.title, "abstract": p.abstract}) for p in papers]
    (tmp_path / "papers.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(python_examples(), {}, "README.md: Python",
                                               str(ROOT / "README.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    assert runner.tries >= 6
    assert (tmp_path / "kg.nt").read_text(encoding="utf-8").startswith("<")  # N-Triples
