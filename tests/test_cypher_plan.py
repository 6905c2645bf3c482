"""kg query's plan cache (kg.query.plan, kg.query.plan_cache): a statement run again gets the
plan it got the first time, never one made for other flags or by another translator, and a
cache that is damaged, shared or unwritable costs a parse, not an answer."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from kg.query import CypherError, plan_cache
from kg.query.plan import RUN, Plan, Translation, plan

CORPUS = Path(__file__).resolve().parent / "cypher" / "corpus.toml"
COUNT = "MATCH (c:Concept) RETURN count(c)"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def entry(statement: str, write: bool = False, files: bool = False) -> Path:
    """Where the plan of ``statement`` is kept."""
    name = plan_cache.key(statement, write=write, files=files)
    return (plan_cache.cache_root() / f"cypher-plans-{plan_cache.translator_version()}"
            / f"{name}.json")


def test_every_corpus_query_gets_the_same_plan_from_the_cache(cache: Path) -> None:
    planned = 0
    for query in tomllib.loads(CORPUS.read_text(encoding="utf-8"))["query"]:
        cypher, params = query["cypher"], query.get("params", {})
        try:
            first = plan(cypher, params)
        except CypherError:  # refused: nothing is kept, the next run checks it again
            assert not entry(cypher).exists(), cypher
            continue
        assert entry(cypher).is_file(), cypher
        assert plan(cypher, params) == first, cypher
        planned += 1
    assert planned >= 130


def test_a_plan_is_kept_per_flags(cache: Path) -> None:
    create = "CREATE (m:Method {name: 'x'})"
    assert plan(create, write=True).kind == RUN
    with pytest.raises(CypherError, match="--write"):
        plan(create)
    with pytest.raises(CypherError, match="missing query parameter \\$year"):
        plan("MATCH (p:Paper) WHERE p.year = $year RETURN p.id", {})
    assert plan("MATCH (p:Paper) WHERE p.year = $year RETURN p.id", {"year": 2024}).parameters \
        == ["year"]
    # served from the cache now, and still checked against the parameters given
    with pytest.raises(CypherError, match="missing query parameter \\$year: pass -p year="):
        plan("MATCH (p:Paper) WHERE p.year = $year RETURN p.id", {})


def test_a_damaged_plan_is_made_again(cache: Path) -> None:
    expected = plan(COUNT)
    for damage in ("{not json", json.dumps({"kind": "run"}), json.dumps([1, 2]),
                   json.dumps({"kind": "drop everything", "parameters": []}),
                   json.dumps({"kind": "wait", "parameters": "abc"}),
                   json.dumps({**expected.to_json(), "translation": {"text": 1}})):
        entry(COUNT).write_text(damage, encoding="utf-8")
        assert plan(COUNT) == expected
        assert Plan.from_json(json.loads(entry(COUNT).read_text(encoding="utf-8"))) == expected


def test_plans_of_another_translator_version_are_deleted(cache: Path) -> None:
    old = cache / "cypher-plans-0123456789abcdef0123"
    old.mkdir(parents=True)
    (old / "a.json").write_text("{}", encoding="utf-8")
    plan(COUNT)
    assert not old.exists()
    assert entry(COUNT).is_file()


def test_a_plan_in_a_folder_others_can_write_is_not_used(cache: Path) -> None:
    real = plan(COUNT)
    forged = Plan(RUN, [], Translation("RETURN 42 AS `count(c)`", ["count(c)"]))
    entry(COUNT).write_text(json.dumps(forged.to_json()), encoding="utf-8")
    assert plan(COUNT) == forged  # the user's own folder: what it holds is what kg wrote
    entry(COUNT).parent.chmod(0o777)
    try:
        assert plan(COUNT) == real
    finally:
        entry(COUNT).parent.chmod(0o700)


def test_an_unusable_cache_folder_only_costs_a_parse(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    assert plan(COUNT).translation.text.startswith("MATCH (c:Concept) RETURN count(c)")
    assert plan(COUNT).kind == RUN
