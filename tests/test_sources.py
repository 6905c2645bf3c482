"""Source readers: the bundled page dumps, JSON/CSV formats, and every kind of bad input."""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.canon import normalize_title, paper_id_for_title
from kg.graph import Paper
from kg.sources import SUPPORTED_FORMATS, Skip, deduplicate, read_papers
from kg.sources.hf_daily import is_chrome

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "data" / "sample" / "hf-daily-papers"
SAMPLE_FILES = sorted(SAMPLE.glob("*.txt"))
ABSTRACT = "We propose a method for a task and evaluate it on two benchmarks with good results."
LONG_ABSTRACT = ("Large language models are strong. " * 15).strip()  # over 400 characters
SCRIPT_TITLE = "<script>alert('x')</script> & Friends: A \"Quoted\" Title"


def read(*paths: str | Path) -> tuple[list[Paper], list[Skip]]:
    skips: list[Skip] = []
    papers = list(read_papers(paths, skips.append))
    return papers, skips


def where(skips: list[Skip]) -> list[tuple[str, int | None]]:
    return [(Path(s.path).name, s.line) for s in skips]


def jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def record(title: str, **fields: object) -> dict[str, object]:
    return {"title": title, "abstract": ABSTRACT, **fields}


# --- the bundled Hugging Face Daily Papers dumps ---------------------------------------------


def test_sample_corpus_has_355_pairs_in_56_65_115_119_and_325_distinct_titles() -> None:
    counts = []
    for file in SAMPLE_FILES:
        papers, skips = read(file)
        assert skips == []
        counts.append(len(papers))
    assert [f.name[:3] for f in SAMPLE_FILES] == ["000", "001", "002", "003"]
    assert counts == [56, 65, 115, 119]

    papers, skips = read(SAMPLE)  # the folder: README.md is ignored silently
    assert (len(papers), skips) == (355, [])
    duplicates: list[tuple[Paper, Paper]] = []
    unique = list(deduplicate(papers, lambda dropped, kept: duplicates.append((dropped, kept))))
    assert len(unique) == len({normalize_title(p.title) for p in papers}) == 325
    assert len(duplicates) == 30
    order = {id(p): i for i, p in enumerate(papers)}
    for dropped, kept in duplicates:
        assert normalize_title(dropped.title) == normalize_title(kept.title)
        assert order[id(kept)] < order[id(dropped)]


def test_sample_titles_are_never_page_chrome_and_pair_sensibly() -> None:
    papers, _ = read(SAMPLE)
    for paper in papers:
        assert not is_chrome(paper.title)
        assert paper.title not in {"new", "Subscribe", "Daily Papers", "Sep 9", "Sep 17"}
        assert not paper.title.startswith(("Subscribe", "Get trending", "byAK"))
        assert len(paper.title) <= 400 < len(paper.abstract)
        assert paper.id == paper_id_for_title(paper.title)
        assert (paper.year, paper.authors, paper.url) == (None, (), None)
    assert is_chrome("Sep 9") and is_chrome("September 17, 2024") and is_chrome("Subscribe")


def test_sample_sources_point_at_the_title_lines() -> None:
    first, _ = read(SAMPLE_FILES[0])
    assert first[0].title == "Identifying Representations for Intervention Extrapolation"
    assert first[0].source == f"{SAMPLE_FILES[0]}:13"
    assert first[1].source == f"{SAMPLE_FILES[0]}:17"  # blank lines between paragraphs
    last, _ = read(SAMPLE_FILES[3])
    assert last[1].source == f"{SAMPLE_FILES[3]}:5"  # no blank lines


def test_title_glued_onto_subscribe_is_unglued() -> None:
    papers, _ = read(SAMPLE_FILES[3])
    assert papers[0].title == "Deep Spatial Autoencoders for Visuomotor Learning"
    assert papers[0].abstract.startswith("Reinforcement learning provides a powerful")
    assert papers[0].source.endswith(":3")
    assert not any("Subscribe" in p.title for p in papers)


# --- page dumps: alternation breaks and resynchronisation ------------------------------------


def dump(tmp_path: Path, *lines: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_page_dump_chrome_variants_with_and_without_blank_lines(tmp_path: Path) -> None:
    spaced = dump(tmp_path, "new", "", "Get trending papers in your email inbox once a day!", "",
                  "Subscribe", "", "Daily Papers", "", "byAK and the research community", "",
                  "September 9, 2024", "", "Title One", "", LONG_ABSTRACT, "", "Sep 10", "",
                  "Title Two", "", ABSTRACT, name="a.txt")
    dense = dump(tmp_path, "Get trending papers in your email inbox!", "SubscribeTitle One",
                 LONG_ABSTRACT, "Title Two", ABSTRACT, name="b.txt")
    for path, lines in ((spaced, (13, 19)), (dense, (2, 4))):
        papers, skips = read(path)
        assert skips == []
        assert [(p.title, p.abstract) for p in papers] == [
            ("Title One", LONG_ABSTRACT), ("Title Two", ABSTRACT)]
        assert [p.source for p in papers] == [f"{path}:{n}" for n in lines]


def test_page_dump_title_without_abstract_at_the_end(tmp_path: Path) -> None:
    path = dump(tmp_path, "Title One", ABSTRACT, "Dangling Title")
    papers, skips = read(path)
    assert [p.title for p in papers] == ["Title One"]
    assert where(skips) == [("page.txt", 3)]
    assert "end of the file has no abstract" in skips[0].reason


@pytest.mark.parametrize("gap", [["", "", ""], ["", "   \t", ""]], ids=["empty", "whitespace"])
def test_page_dump_empty_abstract_is_reported_and_the_rest_still_pairs(
        tmp_path: Path, gap: list[str]) -> None:
    path = dump(tmp_path, "Title One", "", ABSTRACT, "", "Title Two", *gap, "Title Three", "",
                LONG_ABSTRACT, "", "Title Four", "", ABSTRACT)
    papers, skips = read(path)
    assert [p.title for p in papers] == ["Title One", "Title Three", "Title Four"]
    assert papers[1].abstract == LONG_ABSTRACT
    assert where(skips) == [("page.txt", 5)]
    assert "title has no abstract" in skips[0].reason


def test_page_dump_missing_abstract_before_a_long_title(tmp_path: Path) -> None:
    long_title = "A Long Title About Methods, Tasks and Data Sets That Runs Past Sixty Characters"
    path = dump(tmp_path, "Title One", ABSTRACT, "Title Two", long_title, LONG_ABSTRACT,
                "Title Four", ABSTRACT)
    papers, skips = read(path)
    assert [(p.title, p.source[-2:]) for p in papers] == [
        ("Title One", ":1"), (long_title, ":4"), ("Title Four", ":6")]
    assert papers[1].abstract == LONG_ABSTRACT
    assert where(skips) == [("page.txt", 3)]
    assert "line 4 reads as the next title" in skips[0].reason


def test_page_dump_short_abstract_that_ends_a_sentence_is_kept(tmp_path: Path) -> None:
    path = dump(tmp_path, "Title One", ABSTRACT, "Title Two", LONG_ABSTRACT)
    papers, skips = read(path)
    assert [(p.title, p.abstract) for p in papers] == [
        ("Title One", ABSTRACT), ("Title Two", LONG_ABSTRACT)]
    assert skips == []


def test_page_dump_abstract_without_title_is_reported(tmp_path: Path) -> None:
    path = dump(tmp_path, LONG_ABSTRACT, "Title One", ABSTRACT, LONG_ABSTRACT + " Again.",
                "Title Two", LONG_ABSTRACT)
    papers, skips = read(path)
    assert [(p.title, p.source[-2:]) for p in papers] == [("Title One", ":2"), ("Title Two", ":5")]
    assert where(skips) == [("page.txt", 1), ("page.txt", 4)]
    assert all("abstract without a title" in s.reason for s in skips)


def test_page_dump_unreadable_abstract_line_drops_its_title(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(b"Title One\nBad \xff abstract " + ABSTRACT.encode() + b"\nTitle Two\n"
                     + ABSTRACT.encode() + b"\n")
    papers, skips = read(path)
    assert [p.title for p in papers] == ["Title Two"]
    assert where(skips) == [("page.txt", 2), ("page.txt", 1)]
    assert "byte 0xff at column 5" in skips[0].reason
    assert "line 2 could not be read" in skips[1].reason


def test_script_title_round_trips_verbatim(tmp_path: Path) -> None:
    txt = dump(tmp_path, SCRIPT_TITLE, ABSTRACT)
    lines = jsonl(tmp_path / "p.jsonl", record(SCRIPT_TITLE))
    papers, skips = read(txt, lines)
    assert skips == []
    assert [p.title for p in papers] == [SCRIPT_TITLE, SCRIPT_TITLE]


# --- JSON lines, JSON arrays, arXiv dumps, gzip -----------------------------------------------


def test_jsonl_fields(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "p.jsonl",
                 {"id": "p1", "title": " Mamba ", "abstract": ABSTRACT, "year": 2023,
                  "authors": ["Albert Gu", " Tri Dao "], "url": "https://x.org/1"},
                 record("Second", year="2021", authors="A. One, B. Two and C. Three"),
                 record("Third", id=42, year=2020.0, authors="Ann Lee; Bo Kim"))
    papers, skips = read(path)
    assert skips == []
    assert papers[0] == Paper("p1", "Mamba", ABSTRACT, 2023, ("Albert Gu", "Tri Dao"),
                              "https://x.org/1", f"{path}:1")
    assert (papers[1].id, papers[1].year) == (paper_id_for_title("Second"), 2021)
    assert papers[1].authors == ("A. One", "B. Two", "C. Three")
    assert (papers[2].id, papers[2].year, papers[2].authors) == ("42", 2020, ("Ann Lee", "Bo Kim"))


def test_jsonl_bom_crlf_blank_lines_and_ndjson(tmp_path: Path) -> None:
    path = tmp_path / "p.ndjson"
    body = f"{json.dumps(record('One'))}\r\n\r\n   \r\n{json.dumps(record('Two'))}\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    papers, skips = read(path)
    assert skips == []
    assert [(p.title, p.source[-2:]) for p in papers] == [("One", ":1"), ("Two", ":4")]


def test_arxiv_metadata_records(tmp_path: Path) -> None:
    arxiv = {"id": "0704.0001", "submitter": "Pavel Nadolsky",
             "authors": "C. Bal\\'azs, E. L. Berger,\n  P. M. Nadolsky and C.-P. Yuan",
             "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n"
                      "  LHC energies",
             "abstract": "  A fully differential calculation in perturbative quantum\nchromo"
                         "dynamics is presented.\n", "categories": "hep-ph",
             "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
             "update_date": "2008-11-13"}
    old_style = {"id": "hep-ph/0701001", "title": "T", "abstract": "A b c.",
                 "update_date": "2008-11-13", "versions": []}
    papers, skips = read(jsonl(tmp_path / "arxiv.json", arxiv, old_style))
    assert skips == []
    first, second = papers
    assert (first.id, first.url, first.year) == (
        "arXiv:0704.0001", "https://arxiv.org/abs/0704.0001", 2007)
    assert first.title == ("Calculation of prompt diphoton production cross sections at "
                           "Tevatron and LHC energies")
    assert first.abstract == ("A fully differential calculation in perturbative quantum "
                              "chromodynamics is presented.")
    assert first.authors == ("C. Bal\\'azs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan")
    assert (second.id, second.url, second.year) == (
        "arXiv:hep-ph/0701001", "https://arxiv.org/abs/hep-ph/0701001", 2008)


def test_json_array_gzip_and_api_records(tmp_path: Path) -> None:
    items = [record("One", year=2020),
             {"paper": {"id": "2401.1", "title": "Two", "summary": ABSTRACT,
                        "authors": [{"name": "Ann Lee"}, {"name": "Bo Kim"}]}}]
    pretty = tmp_path / "a.json"
    pretty.write_text("\n  " + json.dumps(items, indent=2), encoding="utf-8")
    packed = tmp_path / "b.json.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as out:
        out.write(json.dumps(items))
    lines = tmp_path / "c.jsonl.gz"
    with gzip.open(lines, "wt", encoding="utf-8") as out:
        out.write(json.dumps(record("Three")) + "\n")
    json_lines = jsonl(tmp_path / "d.json", record("Four"))
    papers, skips = read(pretty, packed, lines, json_lines)
    assert skips == []
    assert [p.title for p in papers] == ["One", "Two", "One", "Two", "Three", "Four"]
    assert [p.source.rsplit(":", 1)[1] for p in papers] == ["3", "8", "1", "1", "1", "1"]
    assert (papers[1].id, papers[1].abstract, papers[1].authors) == (
        "2401.1", ABSTRACT, ("Ann Lee", "Bo Kim"))


def test_gzip_is_recognised_by_its_magic_bytes_too(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"  # no .gz in the name
    path.write_bytes(gzip.compress(json.dumps(record("Zipped")).encode() + b"\n"))
    papers, skips = read(path)
    assert ([p.title for p in papers], skips) == (["Zipped"], [])


def test_json_array_bad_items_are_skipped_and_broken_structure_stops(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[\n {"title": "One", "abstract": "A one."},\n {"title": "Two",},\n'
                    ' [1, 2],\n {"abstract": "No title."},\n'
                    ' {"title": "Three", "abstract": "A \\"]}\\" three."}\n'
                    ' {"title": "Four", "abstract": "A four."}\n]\n', encoding="utf-8")
    papers, skips = read(path)
    assert [p.title for p in papers] == ["One", "Three"]
    assert papers[1].abstract == 'A "]}" three.'
    assert where(skips) == [("a.json", 3), ("a.json", 4), ("a.json", 5), ("a.json", 7)]
    assert "malformed JSON" in skips[0].reason
    assert "array item is a JSON array, not an object" in skips[1].reason
    assert "no title" in skips[2].reason
    assert "expected ',' or ']'" in skips[3].reason


def test_json_array_not_closed(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"title": "One", "abstract": "A one."},\n{"title": "Two", ',
                    encoding="utf-8")
    papers, skips = read(path)
    assert [p.title for p in papers] == ["One"]
    assert where(skips) == [("a.json", 2)]
    assert "not closed" in skips[0].reason


def test_json_array_undecodable_bytes_and_trailing_text(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    head = b'[{"title": "One", "abstract": "A one."},\n{"title": "Caf'
    bad.write_bytes(head + b'\xe9", "abstract": "x"}]')
    trailing = tmp_path / "trailing.json"
    trailing.write_text('[{"title": "Two", "abstract": "A two."}]\n\nmore', encoding="utf-8")
    papers, skips = read(bad, trailing)
    assert [p.title for p in papers] == ["One", "Two"]
    assert where(skips) == [("bad.json", 2), ("trailing.json", 3)]
    assert skips[0].reason.startswith(f"not valid UTF-8: byte 0xe9 at byte offset {len(head)}")
    assert skips[1].reason.startswith("extra text after the end of the JSON array")


def test_json_array_item_over_the_limit_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    with path.open("w", encoding="utf-8") as out:
        out.write('[{"title": "Big", "abstract": "')
        for _ in range(100):
            out.write("y" * 100_000)
        out.write('"},\n{"title": "Small", "abstract": "A small one."}]')
    tracemalloc.start()
    try:
        papers, skips = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.title for p in papers] == ["Small"]
    assert where(skips) == [("a.json", 1)]
    assert skips[0].reason.startswith("array item is 10.0 MB, over the 1 MB limit")
    assert peak < 4_000_000


# --- CSV / TSV ---------------------------------------------------------------------------------


def test_csv_and_tsv(tmp_path: Path) -> None:
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(
        'ID,Title, ABSTRACT ,Year,Authors,URL,extra\n'
        f'p1,"Mamba, Fast","{ABSTRACT}\nSecond ""quoted"" line.",2023,Albert Gu; Tri Dao,'
        'https://x.org/1,ignored\n'
        '\n'
        f',{SCRIPT_TITLE.replace(chr(34), chr(34) * 2).join(chr(34) * 2)},{ABSTRACT},n/a,'
        '"A One, B Two and C Three",\n',
        encoding="utf-8")
    tsv_path = tmp_path / "p.tsv.gz"
    with gzip.open(tsv_path, "wt", encoding="utf-8") as out:
        out.write(f"title\tabstract\nTab, Title\t{ABSTRACT}\n")
    papers, skips = read(csv_path, tsv_path)
    assert skips == []
    first, second, third = papers
    assert first == Paper("p1", "Mamba, Fast", f'{ABSTRACT}\nSecond "quoted" line.', 2023,
                          ("Albert Gu", "Tri Dao"), "https://x.org/1", f"{csv_path}:2")
    assert (second.title, second.year, second.source) == (SCRIPT_TITLE, None, f"{csv_path}:5")
    assert second.id == paper_id_for_title(SCRIPT_TITLE)
    assert second.authors == ("A One", "B Two", "C Three")
    assert (third.title, third.source) == ("Tab, Title", f"{tsv_path}:2")


def test_csv_bad_rows_name_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "title,abstract,year\n"
        f"One,{ABSTRACT},2020\n"
        f"Two,{ABSTRACT},2020,extra\n"
        f',"   \n  ",2020\n'
        f",{ABSTRACT},2020\n"
        f"Six,{ABSTRACT}\n",
        encoding="utf-8")
    papers, skips = read(path)
    assert [(p.title, p.source[-2:]) for p in papers] == [("One", ":2"), ("Six", ":7")]
    assert where(skips) == [("p.csv", 3), ("p.csv", 4), ("p.csv", 6)]
    assert "row has 4 fields but the header has 3" in skips[0].reason
    assert "no title" in skips[1].reason and "no title" in skips[2].reason


def test_csv_without_title_or_abstract_columns_is_one_skip(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(f"name,summary\nOne,{ABSTRACT}\n", encoding="utf-8")
    papers, skips = read(path)
    assert papers == []
    assert where(skips) == [("p.csv", 1)]
    assert "no 'title' or 'abstract' column (found: name, summary)" in skips[0].reason


def test_csv_record_over_the_limit_across_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    chunk = "z" * 400_000
    path.write_text(f'title,abstract\nBig,"{chunk}\n{chunk}\n{chunk}\nend"\nOne,{ABSTRACT}\n',
                    encoding="utf-8")
    papers, skips = read(path)
    assert [(p.title, p.source[-2:]) for p in papers] == [("One", ":6")]
    assert where(skips) == [("p.csv", 2)]
    assert skips[0].reason.startswith("record is 1.2 MB, over the 1 MB limit for one record")


# --- bad input shared by all line-based formats ----------------------------------------------


def test_jsonl_bad_records_are_skipped_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    lines = [
        json.dumps(record("Good One", year="not a year")),
        '{"title": "Broken", "abstract": "x"',
        "[1, 2, 3]",
        '"just a string"',
        json.dumps({"abstract": ABSTRACT}),
        json.dumps(record("   ")),
        json.dumps({"title": "Blank", "abstract": " \n\t "}),
        json.dumps({"title": "Number", "abstract": 7}),
        json.dumps(record("Damaged \ufffd upstream")),
        "[" * 100_000,
        json.dumps(record("Good Two", year=99999)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    papers, skips = read(path)
    assert [(p.title, p.year, p.source) for p in papers] == [
        ("Good One", None, f"{path}:1"), ("Good Two", None, f"{path}:11")]
    assert where(skips) == [("p.jsonl", n) for n in range(2, 11)]
    reasons = [s.reason for s in skips]
    assert reasons[0].startswith("malformed JSON: Expecting ',' delimiter at column 36")
    assert reasons[1].startswith("line is a JSON array, not an object")
    assert reasons[2].startswith("line is a JSON string, not an object")
    assert reasons[3].startswith("no title") and reasons[4].startswith("no title")
    assert reasons[5].startswith("empty abstract") and reasons[6].startswith("empty abstract")
    assert "U+FFFD" in reasons[7]
    assert "malformed JSON" in reasons[8]


def test_undecodable_bytes_are_reported_with_column_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    good = json.dumps(record("Good")).encode()
    bad = b'{"title": "Caf\xe9", "abstract": "x"}'
    path.write_bytes(good + b"\n" + bad + b"\n" + good.replace(b"Good", b"Also good") + b"\n")
    papers, skips = read(path)
    assert [p.title for p in papers] == ["Good", "Also good"]
    assert where(skips) == [("p.jsonl", 2)]
    offset = len(good) + 1 + bad.index(b"\xe9")
    assert skips[0].reason.startswith(
        f"not valid UTF-8: byte 0xe9 at column 15 (byte offset {offset} in the file)")
    assert not any("\ufffd" in p.title + p.abstract for p in papers)


def test_ten_megabyte_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    with path.open("wb") as out:
        out.write(json.dumps(record("Before")).encode() + b"\n")
        out.write(b'{"title": "Huge", "abstract": "')
        for _ in range(100):
            out.write(b"x" * 100_000)
        out.write(b'"}\n' + json.dumps(record("After")).encode() + b"\n")
    tracemalloc.start()
    try:
        papers, skips = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.title for p in papers] == ["Before", "After"]
    assert where(skips) == [("p.jsonl", 2)]
    assert skips[0].reason == ("line is 10.0 MB, over the 1 MB limit for one record; skipped")
    assert peak < 4_000_000


def test_empty_files_yield_nothing(tmp_path: Path) -> None:
    names = ["a.txt", "b.jsonl", "c.json", "d.csv", "e.tsv"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "f.jsonl").write_text("\n  \n", encoding="utf-8")
    with gzip.open(tmp_path / "g.csv.gz", "wb"):
        pass
    assert read(*(tmp_path / n for n in [*names, "f.jsonl", "g.csv.gz"])) == ([], [])


def test_corrupt_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    whole = gzip.compress(b"".join(json.dumps(record(f"Paper {i}")).encode() + b"\n"
                                   for i in range(2000)))
    truncated = tmp_path / "a.jsonl.gz"
    truncated.write_bytes(whole[: len(whole) // 2])
    garbage = tmp_path / "b.csv.gz"
    garbage.write_bytes(b"this is not gzip at all")
    array = tmp_path / "c.json.gz"
    array.write_bytes(gzip.compress(b"[" + b",".join(
        json.dumps(record(f"Item {i}")).encode() for i in range(2000)) + b"]")[:3000])
    papers, skips = read(truncated, garbage, array)
    titles = [p.title for p in papers]
    from_lines = [t for t in titles if t.startswith("Paper")]
    assert 0 < len(from_lines) < 2000
    assert from_lines == [f"Paper {i}" for i in range(len(from_lines))]
    assert 0 < sum(t.startswith("Item") for t in titles) < 2000
    assert where(skips)[:2] == [("a.jsonl.gz", len(from_lines) + 1), ("b.csv.gz", 1)]
    assert "Compressed file ended" in skips[0].reason
    assert "Not a gzipped file" in skips[1].reason
    assert len(skips) == 3  # a cut-short array is not also reported as "not closed"
    assert skips[2].path == str(array) and "reading stopped" in skips[2].reason


# --- paths, folders, laziness ------------------------------------------------------------------


def test_paths_missing_unknown_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    jsonl(folder / "b.jsonl", record("B"))
    jsonl(folder / "sub" / "a.jsonl", record("Sub A"))
    jsonl(folder / "a.jsonl", record("A"))
    jsonl(folder / ".hidden" / "h.jsonl", record("Hidden"))
    (folder / "README.md").write_text("# not papers", encoding="utf-8")
    (folder / "notes.xml").write_text("<x/>", encoding="utf-8")
    odd = tmp_path / "papers.xml"
    odd.write_text("<x/>", encoding="utf-8")
    papers, skips = read(tmp_path / "missing.jsonl", folder, odd)
    assert [p.title for p in papers] == ["A", "B", "Sub A"]
    assert where(skips) == [("missing.jsonl", None), ("papers.xml", None)]
    assert skips[0].reason == "no such file or folder; check the path"
    assert skips[1].reason.startswith("unknown file type .xml; expected one of .txt, .jsonl")
    assert ".jsonl" in SUPPORTED_FORMATS and ".csv" in SUPPORTED_FORMATS


def test_unreadable_file_is_one_skip_and_reading_goes_on(tmp_path: Path) -> None:
    failing = tmp_path / "mem.jsonl"  # opens fine, every read fails with EIO
    failing.symlink_to("/proc/self/mem")
    good = jsonl(tmp_path / "good.jsonl", record("Good"))
    papers, skips = read(failing, good)
    assert [p.title for p in papers] == ["Good"]
    assert [s.path for s in skips] == [str(failing)]
    assert "reading stopped" in skips[0].reason and "Input/output error" in skips[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_file_without_read_permission(tmp_path: Path) -> None:
    locked = jsonl(tmp_path / "locked.jsonl", record("Locked"))
    locked.chmod(0)
    papers, skips = read(locked)
    assert papers == [] and where(skips) == [("locked.jsonl", None)]
    assert "permission denied" in skips[0].reason


def test_reading_is_lazy(tmp_path: Path) -> None:
    first = jsonl(tmp_path / "a.jsonl", record("One"), record("Two"))
    skips: list[Skip] = []
    papers = read_papers([first, tmp_path / "missing.jsonl"], skips.append)
    assert next(papers).title == "One"
    assert skips == []  # the second path has not been looked at yet
    assert [p.title for p in papers] == ["Two"]
    assert len(skips) == 1


# --- deduplication -----------------------------------------------------------------------------


def test_deduplicate_by_id_or_normalized_title_first_wins() -> None:
    a = Paper("p1", "Mamba: Linear-Time Sequence Modeling", ABSTRACT, source="a:1")
    same_id = Paper("p1", "Something Else", ABSTRACT, source="b:1")
    same_title = Paper("p9", "  mamba — linear time sequence modeling ", ABSTRACT, source="c:1")
    other = Paper("p2", "Hiformer", ABSTRACT, source="d:1")
    reports: list[tuple[str, str]] = []
    kept = list(deduplicate([a, same_id, same_title, other],
                            lambda dropped, first: reports.append((dropped.source, first.source))))
    assert kept == [a, other]
    assert reports == [("b:1", "a:1"), ("c:1", "a:1")]
    assert list(deduplicate([a, same_id, other])) == [a, other]


def test_deduplicate_streams() -> None:
    def papers() -> Iterator[Paper]:
        yield Paper("p1", "One", ABSTRACT)
        raise AssertionError("read too far")

    assert next(deduplicate(papers())).id == "p1"
