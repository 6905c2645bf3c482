"""Turn the hand annotation (``dev.toml``, ``test.toml``: concepts by surface form, relations and
PROPOSES by concept) into kg's gold JSON lines (``dev.jsonl``, ``test.jsonl``) with exact
character offsets, and print every mention in context for review.

    python tests/data/gold/make_gold.py dev      # writes dev.jsonl, prints the mentions
    python tests/data/gold/make_gold.py check --partial   # some papers, in draw order: prints only

Every occurrence of a listed surface form is a mention (case-sensitive, not inside a longer word,
a URL or a longer listed surface form); ``"form@1,3"`` keeps only those occurrences (1-based).
A form that the text holds as written, "@" included (``"nDCG@10"``), is taken as written.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from draw import draw  # noqa: E402


def occurrences(text: str, form: str) -> list[tuple[int, int]]:
    """Where ``form`` occurs as a whole word outside URLs."""
    spans = []
    for match in re.finditer(re.escape(form), text):
        start, end = match.span()
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue
        token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        token_end = min([i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0]
                        or [len(text)])
        if "://" in text[token_start:token_end]:
            continue
        spans.append((start, end))
    return spans


def convert(entry: dict, text: str) -> dict:
    """One annotated paper as a gold JSON object."""
    found: list[tuple[int, int, int]] = []  # start, end, concept
    by_form: dict[str, int] = {}
    concepts = entry.get("concepts", [])
    for number, concept in enumerate(concepts):
        for given in concept["forms"]:
            form, keep = given, ""
            if "@" in given and not occurrences(text, given):
                form, _, keep = given.rpartition("@")
            by_form[form] = number
            spans = occurrences(text, form)
            if not spans:
                raise ValueError(f"{entry['id']}: {form!r} not in the text")
            if keep:
                spans = [spans[int(i) - 1] for i in keep.split(",")]
            found += [(s, e, number) for s, e in spans]
    # Flat annotation: a span inside a longer annotated span is not a mention of its own.
    flat = [m for m in found
            if not any(o[0] <= m[0] and m[1] <= o[1] and (o[1] - o[0]) > (m[1] - m[0])
                       for o in found)]
    flat = sorted(set(flat))
    overlapping = [(a, b) for a, b in pairwise(flat) if b[0] < a[1]]
    if overlapping:
        raise ValueError(f"{entry['id']}: overlapping mentions {overlapping}")
    first: dict[int, int] = {}
    for index, (_, _, number) in enumerate(flat):
        first.setdefault(number, index)
    missing = [concepts[n]["forms"] for n in range(len(concepts)) if n not in first]
    if missing:
        raise ValueError(f"{entry['id']}: concepts without a mention: {missing}")

    def head(form: str) -> int:
        return first[by_form[form]]

    return {
        "doc_key": entry["id"], "scheme": "kg", "text": text,
        "entities": [{"start": s, "end": e, "label": concepts[n]["label"], "text": text[s:e],
                      "concept": n} for s, e, n in flat],
        "relations": [{"head": head(h), "tail": head(t), "label": label}
                      for h, label, t in entry.get("relations", [])],
        "proposes": [head(form) for form in entry.get("proposes", [])],
    }


def main(split: str, partial: bool = False) -> None:
    papers = {p.id: p for p in draw()[split]}
    entries = tomllib.loads((HERE / f"{split}.toml").read_text(encoding="utf-8"))["paper"]
    ids = [e["id"] for e in entries]
    if ids != (sorted(ids, key=list(papers).index) if partial and set(ids) <= set(papers)
               else list(papers)):
        raise SystemExit(f"{split}.toml must list the drawn papers in draw order")
    lines = []
    for entry in entries:
        doc = convert(entry, papers[entry["id"]].text)
        lines.append(json.dumps(doc, ensure_ascii=False))
        print(f"== {doc['doc_key']}")
        text = doc["text"]
        for e in doc["entities"]:
            left = text[max(0, e["start"] - 25):e["start"]].replace("\n", " ")
            right = text[e["end"]:e["end"] + 25].replace("\n", " ")
            print(f"  {e['label']:8} {e['concept']:3} ...{left}[{e['text']}]{right}...")
    if not partial:
        (HERE / f"{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], partial="--partial" in sys.argv[2:])
