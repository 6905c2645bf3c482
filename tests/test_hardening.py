"""Issue 28's defects 4-12, one test each: the store stays whole and every paper is accounted
for under hostile input, concurrent writers, damaged files and full disks. Real spaCy, real
embedded store, the real `kg` command in subprocesses where the defect is the process's."""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kg.build import build, remove
from kg.records import records_for
from kg.sources import read_papers
from kg.sources.base import Skip
from kg.store import open_store
from kg.store.embedded import DATABASE

ABSTRACT = ("We propose Hiformer, a Transformer for recommender systems. Experiments on MovieLens "
            "show that Hiformer outperforms DCN.")


def record(pid: str, title: str, abstract: str = ABSTRACT) -> dict:
    return {"id": pid, "title": title, "abstract": abstract}


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def papers_in(location: Path) -> set[str]:
    result = open_store(location).query("MATCH (p:Paper) RETURN p.id")
    return {row[0] for row in result.rows}


def kg(*args: str, timeout: float = 300, env: dict[str, str] | None = None,
       preexec=None) -> subprocess.CompletedProcess[str]:
    """The real `kg` command (this checkout's), as a user runs it."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})},
                          preexec_fn=preexec)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single "Error: ..." line of a failed command (no traceback)."""
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def digest(folder: Path) -> str:
    return hashlib.sha256((folder / DATABASE).read_bytes()).hexdigest()


@pytest.fixture()
def small(tmp_path: Path) -> tuple[Path, Path]:
    """A store built from three papers, and their source file."""
    source = write_jsonl(tmp_path / "papers.jsonl", [
        record("a1", "Hiformer: Feature Interactions for Recommender Systems"),
        record("a2", "Mamba: Linear-Time Sequence Modeling",
               "We propose Mamba for language modeling. Mamba outperforms Transformers on "
               "WikiText-103."),
        record("a3", "Softmax-free Linear Transformers",
               "Linear attention reduces the cost of self-attention for image classification "
               "on ImageNet."),
    ])
    store = tmp_path / "store"
    build([source], store, model=None)
    return store, source


# -- 6: one writer per store -------------------------------------------------------------------

def test_a_second_writer_waits_then_fails_naming_the_first(small: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    from kg.store.lock import store_lock

    store, _ = small
    before = digest(store)
    more = write_jsonl(tmp_path / "more.jsonl", [record("b1", "Another paper on Transformers")])
    with store_lock(store, command="kg build"):
        started = time.monotonic()
        result = kg("build", str(more), "--model", "rules", "--store", str(store),
                    env={"KG_LOCK_WAIT": "1"})
        waited = time.monotonic() - started
        assert papers_in(store) == {"a1", "a2", "a3"}  # readers read on while it is held
    line = one_line_error(result)
    assert f"is being written by PID {os.getpid()} since " in line and "(kg build)" in line
    assert waited >= 1
    assert digest(store) == before and papers_in(store) == {"a1", "a2", "a3"}
    removed = kg("remove", "a1", "--store", str(store), env={"KG_LOCK_WAIT": "0"})
    assert removed.returncode == 0, removed.stderr  # the lock went with the block
    assert papers_in(store) == {"a2", "a3"}



def test_a_build_with_its_records_elsewhere_still_locks_the_store_folder(
        small: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store folder's lock is the one `kg query --write` takes, wherever the records are."""
    from kg.store.lock import StoreLocked, store_lock

    store, source = small
    before = digest(store)
    elsewhere = tmp_path / "elsewhere" / "records"
    monkeypatch.setenv("KG_LOCK_WAIT", "0.3")
    with store_lock(store, command="kg query --write"), pytest.raises(StoreLocked) as refused:
        build([source], store, records=elsewhere, model=None)
    assert "(kg query --write)" in str(refused.value)
    assert digest(store) == before
    assert not elsewhere.exists()  # refused before any record was written
    with store_lock(elsewhere.parent, command="another build"), pytest.raises(StoreLocked):
        build([source], store, records=elsewhere, model=None)  # and the records' folder's
    report = build([source], store, records=elsewhere, model=None)  # both free: it builds
    assert report.extracted == 3 and papers_in(store) == {"a1", "a2", "a3"}

def test_two_concurrent_builds_both_land_and_the_count_is_exact(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "first.jsonl",
                        [record(f"f{i}", f"First corpus paper {i} on sequence models")
                         for i in range(12)])
    second = write_jsonl(tmp_path / "second.jsonl",
                         [record(f"s{i}", f"Second corpus paper {i} on graph networks")
                          for i in range(12)])
    store = tmp_path / "store"
    write_jsonl(tmp_path / "seed.jsonl", [record("seed", "Seed paper")])
    build([tmp_path / "seed.jsonl"], store, model=None)
    command = [sys.executable, "-m", "kg", "build", "--model", "rules", "--shard-size", "2",
               "--store", str(store)]
    env = {**os.environ, "KG_LOCK_WAIT": "300"}
    runs = [subprocess.Popen([*command, str(source)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
            for source in (first, second)]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    expected = {"seed"} | {f"f{i}" for i in range(12)} | {f"s{i}" for i in range(12)}
    assert papers_in(store) == expected
    assert set(records_for(store).index()) == expected


def test_stale_staging_files_are_cleared_at_the_next_write(small: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    store, _ = small
    (store / f"{DATABASE}.shadow").write_bytes(os.urandom(4096))
    (store / f"{DATABASE}.wal").write_bytes(os.urandom(4096))
    (store / f"{DATABASE}.new").write_bytes(b"half a database")
    (store / f"{DATABASE}.load").mkdir()
    (store / f"{DATABASE}.load" / "Paper-0001.csv").write_text("x", encoding="utf-8")
    (store / "records" / "shard-000099.jsonl.tmp").write_text("{", encoding="utf-8")
    more = write_jsonl(tmp_path / "more.jsonl", [record("b1", "Another paper on Transformers")])
    build([more], store, model=None)
    assert sorted(p.name for p in store.iterdir() if p.name.startswith(DATABASE)) == [DATABASE]
    assert not list((store / "records").glob("*.tmp"))
    assert papers_in(store) == {"a1", "a2", "a3", "b1"}


# -- 4: no id blocks a build -------------------------------------------------------------------

def test_ids_with_control_characters_are_refused_with_file_and_line(small: tuple[Path, Path],
                                                                   tmp_path: Path) -> None:
    store, _ = small
    source = write_jsonl(tmp_path / "ids.jsonl", [
        record("x\ny", "Paper with a line feed in its id"),
        record("x\ry", "Paper with a carriage return in its id"),
        record("x\x1fy", "Paper with a unit separator in its id"),
        record("x y", "Paper with a space in its id"),
    ])
    report = build([source], store, model=None)
    assert [(s.line, "control character" in s.reason) for s in report.skipped] == [
        (1, True), (2, True), (3, True)]
    assert papers_in(store) == {"a1", "a2", "a3", "x y"}
    assert remove(["x y"], store).removed == ["x y"]
    assert papers_in(store) == {"a1", "a2", "a3"}


def test_a_stored_record_with_a_bad_id_is_quarantined_and_the_build_lands(
        small: tuple[Path, Path], tmp_path: Path) -> None:
    store, _ = small
    shard = sorted((store / "records").glob("shard-*.jsonl"))[0]
    line = json.loads(shard.read_text(encoding="utf-8").splitlines()[0])
    line["paper"]["id"] = "bad\nid"  # what an earlier kg let into the records
    (store / "records" / "shard-000050.jsonl").write_text(json.dumps(line) + "\n",
                                                          encoding="utf-8")
    more = write_jsonl(tmp_path / "more.jsonl", [record("b1", "Another paper on Transformers")])
    report = build([more], store, model=None)
    assert report.quarantined == ["bad\nid"]
    assert papers_in(store) == {"a1", "a2", "a3", "b1"}
    kept = [json.loads(x) for x in (store / "records" / "quarantine.jsonl").read_text(
        encoding="utf-8").splitlines()]
    assert [k["record"]["paper"]["id"] for k in kept] == ["bad\nid"]
    assert "control character (U+000A" in kept[0]["reason"]
    assert remove(["b1"], store).removed == ["b1"]


# -- 5: no paper silently lost -----------------------------------------------------------------

def test_non_latin_titles_are_kept_apart(tmp_path: Path) -> None:
    titles = ["GPT-4 在法律中的应用", "GPT-4 在医学中的应用", "Όραση BERT", "Зрение BERT",
              "視覚 BERT", "BERT"]
    with_ids = write_jsonl(tmp_path / "ids.jsonl",
                           [record(f"p{i}", title) for i, title in enumerate(titles)])
    without = write_jsonl(tmp_path / "noids.jsonl",
                          [{"title": t, "abstract": ABSTRACT + f" Case {i}."}
                           for i, t in enumerate(titles)])
    report = build([with_ids], tmp_path / "store", model=None)
    assert report.duplicates == 0 and len(papers_in(tmp_path / "store")) == 6
    papers = list(read_papers([without], lambda skip: None))
    assert len({p.id for p in papers}) == 6


def test_every_dropped_duplicate_is_named(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "dups.jsonl", [
        record("p1", "Mamba: Linear-Time Sequence Modeling"),
        record("p2", "MAMBA — linear time sequence modeling"),  # same title, other id
        record("p1", "A different paper", "Different text entirely."),  # same id, other text
        # the same title in full-width letters, equal under NFKC
        record("p3", "Ｍａｍｂａ：Ｌｉｎｅａｒ－Ｔｉｍｅ Ｓｅｑｕｅｎｃｅ Ｍｏｄｅｌｉｎｇ"),
    ])
    report = build([source], tmp_path / "store", model=None)
    assert report.duplicates == 3
    notes = "\n".join(report.duplicate_notes)
    assert f"{source}:2: 'p2' dropped, same title as 'p1' at {source}:1" in notes
    assert f"{source}:3: 'p1' dropped, same id as 'p1' at {source}:1 (its text differs" in notes
    assert f"{source}:4: 'p3' dropped" in notes
    result = kg("build", str(source), "--model", "rules", "--store", str(tmp_path / "store"),
                "--explain-duplicates")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("duplicate ") == 3 and "'p2' dropped" in result.stderr


# -- 7: one record never aborts a build ------------------------------------------------------

def test_huge_integers_and_lone_surrogates_skip_only_their_record(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "bad.jsonl", [
        record("ok1", "A good paper"),
        '{"id": "big", "title": "T", "abstract": "x", "n": ' + "9" * 5000 + "}",
        '{"id": "sur", "title": "T2", "abstract": "lone \\ud800 surrogate"}',
        '{"id": "\\udc00", "title": "T3", "abstract": "a lone surrogate in the id"}',
        record("ok2", "Another good paper"),
    ])
    array = tmp_path / "bad.json"
    array.write_text('[{"id": "ok3", "title": "Third good paper", "abstract": "Text."},\n'
                     '{"id": "big2", "title": "T", "abstract": "x", "n": ' + "9" * 5000
                     + "}]", encoding="utf-8")
    report = build([source, array], tmp_path / "store", model=None)
    assert [(Path(s.path).name, s.line) for s in report.skipped] == [
        ("bad.jsonl", 2), ("bad.jsonl", 3), ("bad.jsonl", 4), ("bad.json", 2)]
    assert "more digits" in report.skipped[0].reason
    assert "lone surrogate" in report.skipped[1].reason
    assert papers_in(tmp_path / "store") == {"ok1", "ok2", "ok3"}


def test_a_paper_the_extractor_cannot_take_is_skipped_with_file_and_line() -> None:
    # Readers keep a paper's text under spaCy's 1,000,000-character limit, so this paper is
    # made directly: the real pipeline raises on it, mid-batch.
    from functools import partial

    from kg.build import isolated
    from kg.extract.runner import extract_lines
    from kg.graph import Paper

    papers = [Paper(id=f"ok{i}", title=f"Good paper {i}", abstract=ABSTRACT, source=f"f.jsonl:{i}")
              for i in range(1, 6)]
    papers.insert(2, Paper(id="long", title="Too long", abstract="We propose X. " * 71_500,
                           source="f.jsonl:99"))
    skips: list[Skip] = []
    lines = list(isolated(papers, partial(extract_lines, jobs=1, dask=None, model=None),
                          skips.append))
    assert [json.loads(line)["paper"]["id"] for line in lines] == [f"ok{i}" for i in range(1, 6)]
    assert [(s.path, s.line) for s in skips] == [("f.jsonl", 99)]
    assert "1,000,000-character limit" in skips[0].reason and "'long' skipped" in skips[0].reason


def test_a_megabyte_abstract_costs_about_ten_times_a_tenth_of_it() -> None:
    from kg.data import SAMPLE_CORPUS
    from kg.extract.pipeline import extract_batches
    from kg.graph import Paper

    text = " ".join(p.abstract for p in read_papers([SAMPLE_CORPUS], lambda skip: None))

    def cost(size: int) -> float:
        paper = Paper(id=f"p{size}", title="Long", abstract=(text * (size // len(text) + 1))[:size])
        started = time.process_time()
        list(extract_batches([paper], 1, None))
        return time.process_time() - started

    cost(1000)  # the pipeline loaded
    small, large = cost(25_000), cost(250_000)
    # Linear would be 10x; before the fix it was 17x at these sizes and 28x at 99 KB -> 990 KB.
    assert large / small < 14, (small, large)


# -- 9: sources are regular files ------------------------------------------------------------

def test_fifos_and_devices_are_refused_with_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    good = write_jsonl(folder / "good.jsonl", [record("ok", "A good paper")])
    result = kg("build", str(folder / "pipe.jsonl"), str(folder / "zero.jsonl"), str(good),
                "--model", "rules", "--store", str(tmp_path / "store"), "-q", timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"skipped {folder / 'pipe.jsonl'}: not a regular file but a FIFO" in result.stderr
    assert (f"skipped {folder / 'zero.jsonl'}: not a regular file but a character device"
            in result.stderr)
    skips: list[Skip] = []
    assert [p.id for p in read_papers([folder], skips.append)] == ["ok"]  # in a folder too
    assert sorted(Path(s.path).name for s in skips) == ["pipe.jsonl", "zero.jsonl"]


# -- 10 and 11: failures leave the store as it was, in one line -------------------------------

def _disk_of(size: int):
    """In the child: writes past ``size`` bytes in one file fail with EFBIG, as on a full
    disk."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


_small_disk = _disk_of(256 * 1024)  # room for records and staged files, not for a database


def test_a_remove_that_cannot_write_the_graph_changes_nothing(small: tuple[Path, Path]) -> None:
    store, _ = small
    before = digest(store)
    result = kg("remove", "a1", "--store", str(store), preexec=_small_disk)
    one_line_error(result)
    assert digest(store) == before
    assert "a1" in records_for(store).index() and "a1" in papers_in(store)
    retry = kg("remove", "a1", "--store", str(store))
    assert retry.returncode == 0, retry.stderr
    assert papers_in(store) == {"a2", "a3"}


@pytest.mark.parametrize("room", [1024, 256 * 1024], ids=["records", "database"])
def test_a_full_disk_during_a_build_is_one_line_and_keeps_the_graph(
        small: tuple[Path, Path], tmp_path: Path, room: int) -> None:
    store, _ = small
    before = digest(store)
    more = write_jsonl(tmp_path / "more.jsonl", [record("b1", "Another paper on Transformers")])
    result = kg("build", str(more), "--model", "rules", "--store", str(store), "-q",
                preexec=_disk_of(room))
    one_line_error(result)
    assert digest(store) == before and papers_in(store) == {"a1", "a2", "a3"}


def test_damaged_store_files_are_one_line_and_debug_shows_the_traceback(
        small: tuple[Path, Path]) -> None:
    store, _ = small
    shard = sorted((store / "records").glob("shard-*.jsonl"))[0]
    original = shard.read_bytes()
    shard.write_bytes(original + b'{"paper": "\xff\xfe"}\n')
    line = one_line_error(kg("remove", "a1", "--store", str(store)))
    assert f"{shard}:4: damaged extraction record (not UTF-8)" in line
    shard.write_bytes(original)
    graph = (store / DATABASE).read_bytes()
    (store / DATABASE).write_bytes(graph[:8192])  # truncated
    line = one_line_error(kg("stats", "--store", str(store)))
    assert "kg check --repair" in line
    (store / DATABASE).write_bytes(b"")
    line = one_line_error(kg("stats", "--store", str(store)))
    assert "is empty (damaged)" in line and "kg check --repair" in line
    debug = kg("--debug", "remove", "nope", "--store", str(store))
    assert "Traceback" in debug.stderr


def _writable(folder: str) -> bool:
    try:
        tempfile.NamedTemporaryFile(dir=folder).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not Path("/sys").is_dir() or _writable("/sys"),
                    reason="needs a folder that cannot be written: /sys here")
def test_exports_to_a_folder_that_cannot_be_written_are_one_line(small: tuple[Path, Path]
                                                                 ) -> None:
    store, _ = small
    for command in (["export", "html", "-o", "/sys/kg.html"], ["export", "csv", "-o", "/sys/kg"],
                    ["export", "rdf", "-o", "/sys/kg.ttl"]):
        assert "/sys/" in one_line_error(kg(*command, "--store", str(store)))


def test_json_output_is_valid_json(small: tuple[Path, Path]) -> None:
    store, _ = small
    result = kg("query", "RETURN 0.0/0.0 AS nan, 1.0/0.0 AS inf, [1.0, -1.0/0.0] AS xs",
                "-f", "json", "--store", str(store))
    assert result.returncode == 0, result.stderr

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    assert json.loads(result.stdout, parse_constant=refuse) == [
        {"nan": None, "inf": None, "xs": [1.0, None]}]


def test_quiet_still_names_skipped_input_and_an_empty_file_says_so(tmp_path: Path) -> None:
    bad = write_jsonl(tmp_path / "bad.jsonl", [record("ok", "A good paper"), "{not json"])
    result = kg("build", str(bad), "-q", "--model", "rules", "--store", str(tmp_path / "s"))
    assert result.returncode == 0
    assert f"skipped {bad}:2: malformed JSON" in result.stderr
    (tmp_path / "empty.jsonl").write_bytes(b"")
    line = one_line_error(kg("build", str(tmp_path / "empty.jsonl"), "--store",
                             str(tmp_path / "s2")))
    assert "see the reasons above" not in line and "hold no records" in line


# -- kg check ------------------------------------------------------------------------------------

def test_check_finds_flipped_bytes_and_repair_restores_the_graph(small: tuple[Path, Path]
                                                                  ) -> None:
    store, _ = small
    healthy = kg("check", "--store", str(store))
    assert healthy.returncode == 0, healthy.stderr
    assert "3 Paper nodes in the graph, one per record" in healthy.stdout
    data = bytearray((store / DATABASE).read_bytes())
    rng = random.Random(28)
    for _ in range(200):
        data[rng.randrange(len(data))] ^= 0xFF
    (store / DATABASE).write_bytes(bytes(data))
    damaged = kg("check", "--store", str(store))
    assert damaged.returncode == 1
    assert "differs from the checksum written when it was swapped in" in damaged.stderr
    assert "kg check --repair" in damaged.stderr
    repaired = kg("check", "--repair", "--store", str(store))
    assert repaired.returncode == 0, repaired.stderr
    assert papers_in(store) == {"a1", "a2", "a3"}


def test_check_compares_the_graph_with_the_records(small: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    store, _ = small
    copy = tmp_path / "copy"
    more = write_jsonl(tmp_path / "more.jsonl", [record("b1", "Another paper on Transformers")])
    build([more], copy, model=None)
    (store / DATABASE).write_bytes((copy / DATABASE).read_bytes())  # a graph of another store
    (store / "graph.sha256").write_bytes((copy / "graph.sha256").read_bytes())
    result = kg("check", "--store", str(store))
    assert result.returncode == 1
    assert "the graph holds 1 papers, the records 3" in result.stderr



# -- 12: text byte-exact ---------------------------------------------------------------------

def test_control_characters_are_stored_byte_exact_and_rdf_validates(tmp_path: Path) -> None:
    from kg.graph import Concept, Edge, Evidence, KnowledgeGraph, Paper

    title = "Control\x1f characters \x02 in a title"
    abstract = ("We propose Hiformer\x02, a Transformer\x1b0 for recommender systems \x1d\x1e\x1f"
                "\x03\x1c\r. Experiments on MovieLens show that Hiformer outperforms DCN.")
    source = write_jsonl(tmp_path / "ctl.jsonl", [record("c1", title, abstract)])
    store = tmp_path / "store"
    build([source], store, model=None)
    rows = open_store(store).query(
        "MATCH (p:Paper) RETURN p.abstract, p.title").rows
    assert rows == [[abstract, title]]
    result = kg("export", "rdf", "-o", str(tmp_path / "kg.ttl"), "--validate", "--store",
                str(store))
    assert result.returncode == 0, result.stderr
    # Keys (node keys and relationship ends) with control characters load and read back.
    graph = KnowledgeGraph()
    key = "method:a\nb\x1d\x1b1c"
    graph.add_paper(Paper("p1", "T", "A."))
    graph.add_concept(Concept(key, "Method", "a\nb\x1d\x1b1c"))
    graph.add_edge(Edge("MENTIONS", ("Paper", "p1"), ("Method", key), papers=("p1",),
                        evidence=(Evidence("p1", "A.", 0, 2),), count=1))
    other = open_store(tmp_path / "other", create=True)
    other.write(graph)
    back = other.read_graph()
    assert back.node(("Method", key)).name == "a\nb\x1d\x1b1c"
    assert [(e.source, e.target) for e in back.edges()] == [(("Paper", "p1"), ("Method", key))]
