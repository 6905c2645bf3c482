"""The README's promises: its example queries run as printed on the default store, and its set-up
commands are the ones .ci/run runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
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
