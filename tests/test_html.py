"""The HTML explorer, checked as a file and as a person uses it in headless Chromium.

Browser tests skip (saying why) without Playwright or /usr/bin/chromium, and fail when CI is set.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kg.export.html import (
    DEFAULT_MAX_NODES,
    linked_concepts,
    page_data,
    safe_url,
    script_json,
    write_html,
)
from kg.graph import Concept, Edge, Evidence, KnowledgeGraph, Paper

try:
    from tests.browser import chromium, open_page, synthetic_graph, unavailable
except ModuleNotFoundError:  # tests/ itself on sys.path (pytest's default rootdir handling)
    from browser import chromium, open_page, synthetic_graph, unavailable

XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"
XSS_NAME = '<img src=y onerror="window.__xss=1">'
XSS_ALIAS = "</script><script>window.__xss=2</script>"


# ------------------------------------------------------------------ a small hand-made graph
def _evidence(paper: Paper, sentence: str, *mentions: str) -> Evidence:
    start = paper.text.index(sentence)
    marks = tuple((start + sentence.index(m), start + sentence.index(m) + len(m)) for m in mentions)
    return Evidence(paper.id, sentence, start, start + len(sentence), marks)


def small_graph() -> KnowledgeGraph:
    """Three papers (one with a hostile title and url), six concepts in typed relationships, one
    that papers only mention, every relationship type."""
    p1 = Paper("p1", "Large language models write code",
               "We show that a large language model is used for code generation. "
               "LLMs are evaluated on HumanEval with pass@1.", 2023, ("A. Author",),
               "https://example.org/p1")
    p2 = Paper("p2", XSS_TITLE, f"Attack text {XSS_SCRIPT} is part of HumanEval. "
               "LLMs are evaluated on HumanEval.", 2024, (), "javascript:alert(1)")
    p3 = Paper("p3", "GPT-4 technical report",
               "We propose GPT-4, a large language model compared with earlier LLMs.", 2023)
    g = KnowledgeGraph()
    for p in (p1, p2, p3):
        g.add_paper(p)
    llm = Concept("method:llm", "Method", "large language model",
                  ("LLM", "LLMs", "large language models"), 3, 5)
    code = Concept("task:code", "Task", "code generation", (), 1, 1)
    humaneval = Concept("dataset:humaneval", "Dataset", "HumanEval", (), 2, 3)
    pass1 = Concept("metric:pass1", "Metric", "pass@1", (), 1, 1)
    gpt4 = Concept("method:gpt4", "Method", "GPT-4", ("GPT4",), 1, 2)
    xss = Concept("concept:xss", "Concept", XSS_NAME, (XSS_ALIAS,), 1, 1)
    attention = Concept("concept:attention", "Concept", "attention", ("self-attention",), 1, 1)
    for c in (llm, code, humaneval, pass1, gpt4, xss, attention):
        g.add_concept(c)
    s1 = "We show that a large language model is used for code generation."
    s2 = "LLMs are evaluated on HumanEval with pass@1."
    s3 = "LLMs are evaluated on HumanEval."
    s4 = "We propose GPT-4, a large language model compared with earlier LLMs."
    s5 = f"Attack text {XSS_SCRIPT} is part of HumanEval."
    edges = [
        Edge("USED_FOR", llm.node, code.node, ("p1",), 0.8,
             (_evidence(p1, s1, "large language model", "code generation"),)),
        Edge("EVALUATED_ON", llm.node, humaneval.node, ("p1", "p2"), 0.9,
             (_evidence(p1, s2, "LLMs", "HumanEval"), _evidence(p2, s3, "LLMs", "HumanEval"))),
        Edge("EVALUATES", pass1.node, llm.node, ("p1",), 0.5,
             (_evidence(p1, s2, "pass@1", "LLMs"),)),
        Edge("COMPARED_WITH", gpt4.node, llm.node, ("p3",), 0.6,
             (_evidence(p3, s4, "GPT-4", "LLMs"),)),
        Edge("IS_A", gpt4.node, llm.node, ("p3",), 0.7,
             (_evidence(p3, s4, "GPT-4", "large language model"),)),
        Edge("PART_OF", xss.node, humaneval.node, ("p2",), 0.4,
             (_evidence(p2, s5, XSS_SCRIPT, "HumanEval"),)),
        Edge("PROPOSES", ("Paper", "p3"), gpt4.node, ("p3",), 0.9, (_evidence(p3, s4, "GPT-4"),)),
    ]
    mentions = {"p1": (llm, code, humaneval, pass1, attention), "p2": (llm, humaneval, xss),
                "p3": (llm, gpt4)}
    for pid, concepts in mentions.items():
        edges += [Edge("MENTIONS", ("Paper", pid), c.node, (pid,), 1.0, (), 1) for c in concepts]
    for edge in edges:
        g.add_edge(edge)
    return g


LINKED = 6  # concepts drawn at first: those in a relationship between concepts


# ------------------------------------------------------------------ the file itself
def test_report_and_atomic_write(tmp_path: Path) -> None:
    graph = small_graph()
    out = tmp_path / "kg.html"
    out.write_text("old")
    report = write_html(graph, out, title="Tiny <graph>")
    assert report.nodes_shown == 10 and report.nodes_hidden == 0
    assert report.edges_shown == graph.nx.number_of_edges() and report.edges_hidden == 0
    assert not report.pruned
    assert report.bytes_written == out.stat().st_size
    assert [p.name for p in tmp_path.iterdir()] == ["kg.html"]  # no temporary file left
    assert "<title>Tiny &lt;graph&gt;</title>" in out.read_text("utf-8")


def test_page_is_self_contained(tmp_path: Path) -> None:
    write_html(small_graph(), tmp_path / "kg.html")
    html = (tmp_path / "kg.html").read_text("utf-8")
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", html, re.I)
    assert external == []
    assert not re.search(r"<link\b|<script[^>]+\bsrc\s*=|@import|sourceMappingURL", html, re.I)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_paper_text_is_escaped(tmp_path: Path) -> None:
    write_html(small_graph(), tmp_path / "kg.html")
    html = (tmp_path / "kg.html").read_text("utf-8")
    for raw in (XSS_TITLE, XSS_SCRIPT, XSS_NAME, XSS_ALIAS, "<img"):
        assert raw not in html
    # the data, the evidence sentences, vis-network and the explorer
    assert html.lower().count("</script>") == 4
    blob = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    data = json.loads(blob.group(1))  # columns: one list per field
    p2 = data["papers"]["id"].index("p2")
    assert data["papers"]["title"][p2] == XSS_TITLE
    assert data["papers"]["url"][p2] is None  # javascript: never becomes a link
    assert set(data["nodes"]["label"]) >= {XSS_NAME, XSS_TITLE}
    # the evidence and abstracts follow the scripts, in a block read when a panel needs it
    assert html.index('id="kg-text"') > html.index("kgExplorer")
    blob = re.search(r'<script type="application/json" id="kg-text">(.*?)</script>', html, re.S)
    text = json.loads(blob.group(1))
    assert any(XSS_SCRIPT in sentence for edge in text["evidence"] for _, sentence, _ in edge)
    assert len(text["evidence"]) == len(data["edges"]["from"])
    assert XSS_SCRIPT in text["abstract"][str(p2)]


def test_script_json_escapes() -> None:
    text = script_json({"s": "</script>&\u2028\u2029<!--"})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"s": "</script>&\u2028\u2029<!--"}


def test_safe_url() -> None:
    assert safe_url("https://arxiv.org/abs/1") == "https://arxiv.org/abs/1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", "", None):
        assert safe_url(bad) is None


def test_evidence_marks_are_relative_to_the_sentence() -> None:
    data = page_data(small_graph())
    used_for = next(e for e in data["edges"] if e["type"] == "USED_FOR")
    ev = used_for["evidence"][0]
    assert [ev["text"][a:b] for a, b in ev["marks"]] == ["large language model", "code generation"]


def test_pruning_keeps_highest_degree_first() -> None:
    graph = synthetic_graph(400, seed=3)
    data = page_data(graph, max_nodes=100)
    assert data["pruned"] and len(data["nodes"]) == 100
    kept = {(n["group"], n["key"]) for n in data["nodes"]}
    linked = linked_concepts(graph)
    assert kept <= linked  # concepts in relationships come before papers and the rest
    degree = dict(graph.nx.degree())
    dropped = [d for node, d in degree.items() if node not in kept and node in linked]
    assert min(degree[node] for node in kept) >= max(dropped)
    ids = range(len(data["nodes"]))
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_default_max_nodes_is_applied(tmp_path: Path) -> None:
    graph = synthetic_graph(DEFAULT_MAX_NODES + 50, seed=1)
    report = write_html(graph, tmp_path / "big.html")
    assert report.pruned and report.nodes_shown == DEFAULT_MAX_NODES
    assert report.nodes_hidden == 50


# ------------------------------------------------------------------ in the browser
@pytest.fixture(scope="module")
def browser():
    reason = unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def small_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "small.html"
    write_html(small_graph(), path, title="test graph")
    return path


@pytest.fixture
def page(browser, small_page: Path):
    page, log = open_page(browser, small_page)
    page.log = log
    yield page
    page.close()


def counts(page) -> dict:
    return page.evaluate("() => kgExplorer.counts()")


def drawn_nodes(page) -> int:
    """Nodes vis-network itself considers visible (its own index, not our bookkeeping)."""
    return page.evaluate("() => network.body.nodeIndices.length")


def drawn_edges(page) -> list[int]:
    return page.evaluate("() => network.body.edgeIndices.filter("
                         "id => network.body.edges[id].options.hidden !== true)")


def node_id(page, name: str) -> int:
    return page.evaluate("n => kgExplorer.data.nodes.find(x => x.label === n).id", name)


def screen_point(page, canvas_js: str) -> tuple[float, float]:
    """Page coordinates of a canvas point given as a JS expression over `network`."""
    point = page.evaluate(f"() => {{ const p = network.canvasToDOM({canvas_js});"
                          " const r = document.getElementById('graph').getBoundingClientRect();"
                          " return [r.left + p.x, r.top + p.y]; }")
    return point[0], point[1]


def test_loads_offline_without_errors(page, small_page: Path) -> None:
    assert page.log.errors == []
    assert page.log.requests == [small_page.resolve().as_uri()]
    assert page.log.dialogs == []
    assert page.title() == "test graph"


def test_draws_related_concepts_then_the_rest_on_request(page) -> None:
    graph = small_graph()
    c = counts(page)
    assert c["nodes"] == LINKED == drawn_nodes(page)
    assert c["pageNodes"] == len(graph)
    page.check("input[data-label=Paper]")
    assert drawn_nodes(page) == LINKED + 3 == counts(page)["nodes"]
    page.check("#loners")
    assert drawn_nodes(page) == len(graph) == counts(page)["nodes"]


def test_search_finds_a_concept_by_alias(page) -> None:
    page.fill("#search", "LLMs")
    first = page.locator("#suggestions li").first
    assert "large language model" in first.inner_text()
    assert "LLMs" in first.inner_text()
    page.keyboard.press("Enter")
    assert page.locator("#panel h2").inner_text() == "large language model"
    assert "LLMs" in page.locator("#panel .aliases").inner_text()
    page.fill("#search", "self-att")  # an unrelated concept, not drawn: search brings it alone
    page.keyboard.press("Enter")
    assert page.locator("#panel h2").inner_text() == "attention"
    assert not page.locator("#loners").is_checked()  # the global filters are unchanged
    assert page.evaluate("() => kgExplorer.state.loners") is False
    assert drawn_nodes(page) == LINKED + 1
    note = page.locator("#pin-note")
    assert note.is_visible() and "filters are unchanged" in note.inner_text()
    page.keyboard.press("Escape")  # clearing the selection takes it away again
    assert drawn_nodes(page) == LINKED and not note.is_visible()
    page.fill("#search", "zzz-nothing")
    assert page.locator("#suggestions li").inner_text() == "No match"


def test_label_filter_hides_and_shows(page) -> None:
    before = drawn_nodes(page)
    page.uncheck("input[data-label=Method]")
    # the two methods, and code generation and pass@1, whose only relationships were to methods
    assert drawn_nodes(page) == before - 4 == counts(page)["nodes"]
    page.uncheck("#orphans")
    assert drawn_nodes(page) == before - 2
    page.check("#orphans")
    page.check("input[data-label=Method]")
    assert drawn_nodes(page) == before


def test_toggles_that_cannot_apply_say_why(page) -> None:
    for rel in ("MENTIONS", "PROPOSES"):  # papers are off
        assert page.locator(f"input[data-type={rel}]").is_disabled()
        assert "Needs Paper" in page.locator(f"p[data-reason={rel}]").inner_text()
    assert page.locator("#loners").is_disabled()
    assert "turn on Paper" in page.locator("#loners-reason").inner_text()
    page.check("input[data-label=Paper]")
    assert page.locator("input[data-type=MENTIONS]").is_enabled()
    assert page.locator("#loners").is_enabled()
    assert not page.locator("#loners-reason").is_visible()


def test_filters_never_blank_the_graph_silently(page) -> None:
    for label in ("Method", "Task", "Dataset", "Metric", "Concept"):
        page.uncheck(f"input[data-label={label}]")
    assert drawn_nodes(page) == 0
    assert page.locator("#empty").is_visible()
    page.click("#reset")
    assert not page.locator("#empty").is_visible()
    assert drawn_nodes(page) == LINKED


def test_type_filter_and_support_slider(page) -> None:
    typed = 6  # concept-to-concept edges drawn while papers are off
    assert len(drawn_edges(page)) == typed == counts(page)["edges"]
    page.uncheck("input[data-type=USED_FOR]")
    assert len(drawn_edges(page)) == typed - 1
    page.check("input[data-type=USED_FOR]")
    page.locator("#support").fill("2")
    assert page.locator("#support-value").inner_text() == "2"
    types = page.evaluate("() => kgExplorer.data.edges.map(e => e.type)")
    # the only relationship backed by two papers
    assert [types[i] for i in drawn_edges(page)] == ["EVALUATED_ON"]
    assert drawn_nodes(page) == 2  # nodes left without a drawn relationship hide with them


def test_clicking_an_edge_shows_its_evidence(page) -> None:
    llm, code = node_id(page, "large language model"), node_id(page, "code generation")
    mid = (f"(() => {{ const p = network.getPositions([{llm}, {code}]);"
           f" return {{x: (p[{llm}].x + p[{code}].x) / 2,"
           f" y: (p[{llm}].y + p[{code}].y) / 2}}; }})()")
    page.evaluate(f"() => network.moveTo({{position: {mid}, scale: 1.5}})")
    page.mouse.click(*screen_point(page, mid))
    panel = page.locator("#panel")
    assert "USED_FOR" in panel.inner_text()
    sentence = panel.locator("blockquote.sentence").first
    assert sentence.inner_text() == (
        "We show that a large language model is used for code generation.")
    assert sentence.locator("mark").all_inner_texts() == ["large language model", "code generation"]
    assert panel.locator("a[href='https://example.org/p1']").count() >= 1


def in_view(page, ids: list[int]) -> bool:
    """Whether every node in ``ids`` lies inside the graph's canvas."""
    return page.evaluate("""ids => {
        const r = document.getElementById('graph').getBoundingClientRect();
        const p = network.getPositions(ids);
        return ids.every(id => { const d = network.canvasToDOM(p[id]);
          return d.x >= 0 && d.y >= 0 && d.x <= r.width && d.y <= r.height; }); }""", ids)


def settle(page) -> None:
    """Wait for an animated move of the view to end."""
    page.wait_for_timeout(450)


def test_click_highlights_neighbourhood_and_double_click_focuses(page) -> None:
    code = node_id(page, "code generation")
    pos = f"network.getPositions([{code}])[{code}]"
    page.mouse.click(*screen_point(page, pos))
    assert page.locator("#panel h2").inner_text() == "code generation"
    llm = node_id(page, "large language model")
    lit = page.evaluate("() => kgExplorer.lit()")  # drawn over a veil that fades the rest
    assert lit["nodes"] == sorted([code, llm])
    types = page.evaluate("() => kgExplorer.data.edges.map(e => e.type)")
    assert [types[i] for i in lit["edges"]] == ["USED_FOR"]
    settle(page)
    assert in_view(page, [code, llm])
    page.select_option("#hops", "2")  # two hops: llm's other neighbours join
    settle(page)
    hood = page.evaluate("() => kgExplorer.lit().nodes")
    assert node_id(page, "HumanEval") in hood and node_id(page, "GPT-4") in hood
    assert in_view(page, hood)
    assert "hops=2" in page.evaluate("() => location.hash")
    page.mouse.dblclick(*screen_point(page, pos))
    target = page.evaluate(f"() => {pos}")
    for _ in range(40):  # the zoom is animated
        page.wait_for_timeout(100)
        view, scale = page.evaluate("() => [network.getViewPosition(), network.getScale()]")
        if abs(view["x"] - target["x"]) < 1 and abs(view["y"] - target["y"]) < 1:
            break
    assert abs(view["x"] - target["x"]) < 1 and abs(view["y"] - target["y"]) < 1
    assert scale > 1.25
    page.mouse.click(5 + page.locator("#graph").bounding_box()["x"],
                     5 + page.locator("#graph").bounding_box()["y"])  # empty canvas: clear
    assert page.locator("#panel h2").inner_text() == "Overview"


def test_hostile_text_stays_inert(page, small_page: Path) -> None:
    page.fill("#search", "onerror")
    assert page.locator("#suggestions li").count() == 2  # the concept and the paper (by title)
    page.keyboard.press("Enter")
    page.evaluate(f"() => kgExplorer.selectNode({node_id(page, XSS_NAME)})")
    panel = page.locator("#panel")
    assert panel.locator("h2").inner_text() == XSS_NAME
    assert XSS_ALIAS in panel.inner_text() and XSS_TITLE in panel.inner_text()
    page.evaluate(f"() => kgExplorer.selectNode({node_id(page, XSS_TITLE)})")
    assert panel.locator("h2").inner_text() == XSS_TITLE
    assert XSS_SCRIPT in panel.inner_text()
    part_of = page.evaluate("() => kgExplorer.data.edges.find(e => e.type === 'PART_OF').id")
    page.evaluate(f"() => kgExplorer.selectEdge({part_of})")
    assert panel.locator("mark").first.inner_text() == XSS_SCRIPT
    assert panel.locator("a[href^='javascript']").count() == 0
    assert page.locator("img").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert page.log.dialogs == [] and page.log.errors == []
    assert page.log.requests == [small_page.resolve().as_uri()]


def test_physics_toggle(page) -> None:
    page.check("#physics")
    assert page.evaluate("() => network.physics.physicsEnabled") is True
    page.uncheck("#physics")
    assert page.evaluate("() => network.physics.physicsEnabled") is False


def test_pruned_page_says_so_and_stays_usable(browser, tmp_path: Path) -> None:
    graph = synthetic_graph(DEFAULT_MAX_NODES + 500, seed=2)
    path = tmp_path / "big.html"
    report = write_html(graph, path)
    page, log = open_page(browser, path)
    try:
        note = page.locator("#prune-note")
        assert note.is_visible() and "Pruned for size" in note.inner_text()
        assert f"{DEFAULT_MAX_NODES:,}" in note.inner_text()
        c = counts(page)
        assert c["pageNodes"] == report.nodes_shown == DEFAULT_MAX_NODES
        assert c["graphNodes"] == len(graph)
        data = page_graph(page)
        # the nodes join vis-network (its own index) a slice at a time after the first frame
        page.wait_for_function(
            "() => network.body.nodeIndices.length === kgExplorer.counts().nodes")
        assert c["nodes"] == drawn_nodes(page) == sum(1 for n in data["nodes"] if n["linked"])
        # a pattern covers all the page holds, drawn or not, and says that it is a cut
        page.uncheck("input[data-type=USED_FOR]")
        page.fill("#pattern", "Method -USED_FOR-> Task")
        page.click("#pattern-run")
        group = {n["id"]: n["group"] for n in data["nodes"]}
        expected = sum(1 for e in data["edges"] if e["type"] == "USED_FOR"
                       and group[e["from"]] == "Method" and group[e["to"]] == "Task")
        assert expected > 0
        assert page.evaluate("() => kgExplorer.state.pattern.result.rows.length") == expected
        scope = page.locator("#panel .scope").inner_text()
        assert f"{DEFAULT_MAX_NODES:,} nodes" in scope and f"{len(graph):,} nodes" in scope
        assert "cut" in scope
        assert log.errors == [] and len(log.requests) == 1
    finally:
        page.close()


def test_big_page_draws_in_batches_and_its_edges_join_for_clicks(browser, tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    write_html(synthetic_graph(1500, seed=3), path)
    page, log = open_page(browser, path)
    try:
        # the page draws the edges; they join vis-network (clicks, the highlight) after the frame
        page.wait_for_function(
            "() => network.body.edgeIndices.length === kgExplorer.counts().edges")
        data = page_graph(page)
        top = max((n for n in data["nodes"] if n["linked"]), key=lambda n: n["count"])
        page.evaluate(f"() => network.moveTo({{position: network.getPositions([{top['id']}])"
                      f"[{top['id']}], scale: 1}})")
        colour = next(label["color"] for label in data["labels"] if label["name"] == top["group"])
        assert pixel(page, top["id"])[:3] == [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        assert page.evaluate(f"() => network.body.nodes[{top['id']}].options.label") is None
        assert top["label"] in page.evaluate("() => window.kgLodLabels")  # named by the page
        # an edge clicked on the canvas selects it
        edge = next(e for e in data["edges"] if e["from"] == top["id"] and not e.get("curve"))
        page.evaluate(f"() => network.fit({{nodes: [{edge['from']}, {edge['to']}]}})")
        a, b = edge["from"], edge["to"]
        x, y = screen_point(page, f"(() => {{ const p = network.getPositions([{a}, {b}]);"
                                  f" return {{x: (p[{a}].x + p[{b}].x) / 2,"
                                  f" y: (p[{a}].y + p[{b}].y) / 2}}; }})()")
        page.mouse.click(x, y)
        focus = page.evaluate("() => kgExplorer.state.focus")
        assert focus and focus["kind"] == "edge"
        assert log.errors == []
    finally:
        page.close()




def test_empty_graph_says_so(browser, tmp_path: Path) -> None:
    write_html(KnowledgeGraph(), tmp_path / "empty.html")
    page, log = open_page(browser, tmp_path / "empty.html")
    try:
        assert page.locator("#empty-text").inner_text() == "This graph is empty."
        assert log.errors == []
    finally:
        page.close()


def page_graph(page) -> dict:
    """The page's labels, nodes and edges as its script decoded them from the data block."""
    return page.evaluate("() => ({ labels: kgExplorer.data.labels, nodes: kgExplorer.data.nodes,"
                         " edges: kgExplorer.data.edges })")


# ------------------------------------------------------------------ questions, panel, state
def table_rows(page) -> list[list[str | None]]:
    """The pattern table's rows as full node names (subject, then each open end or None)."""
    return page.evaluate("""() => {
        const names = kgExplorer.data.nodes;
        return [...document.querySelectorAll('table.results tbody tr')].map(tr => {
          const cells = [...tr.querySelectorAll('td')].map(td => td.querySelector('[data-node]'));
          const ends = cells.slice(4).map(c => c ? Number(c.dataset.node) : null);
          const ids = [Number(tr.dataset.subject), ...ends.filter((c, i) => i % 2 === 0)];
          return ids.map(id => id === null ? null : names[id].label);
        });
    }""")


def test_groups_and_pattern_on_the_small_graph(page) -> None:
    page.evaluate(f"() => kgExplorer.select({node_id(page, 'large language model')})")
    groups = page.locator("#panel details.group")
    heads = groups.locator("summary").all_inner_texts()
    assert heads[0].startswith("← MENTIONS") is False  # typed relationships come first
    assert any(h.startswith("← COMPARED_WITH") is False and "COMPARED_WITH" in h for h in heads)
    assert page.locator("#panel details.papers-section summary").text_content() == "Papers (3)"
    # one click on a group: that subgraph, as a table
    page.click("details[data-group='in EVALUATES'] button.show-group")
    assert table_rows(page) == [["pass@1"]]
    pattern = 'Metric -EVALUATES-> Method "large language model"'
    assert page.locator("#pattern").input_value() == pattern
    lit = page.evaluate("() => kgExplorer.lit().nodes")
    assert lit == sorted([node_id(page, "large language model"), node_id(page, "pass@1")])
    # a pattern typed in the bar, with a step that lists what it finds
    page.fill("#pattern", 'Method -USED_FOR-> Task "code generation", -EVALUATED_ON-> Dataset')
    page.keyboard.press("Enter")
    assert table_rows(page) == [["large language model", "HumanEval"]]
    page.click("table.results tbody button[data-node]")  # a row links to its node
    assert page.locator("#panel h2").inner_text() == "large language model"
    page.click("#panel button.back")
    assert table_rows(page) == [["large language model", "HumanEval"]]
    page.keyboard.press("Escape")
    assert page.locator("#panel h2").inner_text() == "Overview"
    page.fill("#pattern", "Methd -USED_FOR-> Task")
    page.keyboard.press("Enter")
    assert "unknown label “Methd”" in page.locator("#pattern-error").inner_text()
    assert page.log.errors == []


def test_table_sorts_and_follows_the_support_slider(page) -> None:
    page.fill("#pattern", "Method -EVALUATED_ON-> Dataset")  # the first step must match
    page.keyboard.press("Enter")
    assert table_rows(page) == [["large language model", "HumanEval"]]
    page.fill("#pattern", "* -IS_A-> *")
    page.keyboard.press("Enter")
    assert table_rows(page) == [["GPT-4", "large language model"]]
    page.fill("#pattern", "Method")  # no relationship and no name
    page.keyboard.press("Enter")
    assert "add a relationship" in page.locator("#pattern-error").inner_text()
    page.fill("#pattern", "Paper -MENTIONS-> *")
    page.keyboard.press("Enter")
    rows = table_rows(page)
    assert len(rows) == 10 and {r[0] for r in rows} == {
        "Large language models write code", XSS_TITLE, "GPT-4 technical report"}
    page.click("table.results th:nth-child(5) button")  # by the concept's name, ascending
    names = [r[1] for r in table_rows(page)]
    assert names == sorted(names, key=str.lower)
    page.click("table.results th:nth-child(5) button")  # again: descending
    assert [r[1] for r in table_rows(page)] == names[::-1]
    page.fill("#pattern", "* -IS_A-> *")
    page.keyboard.press("Enter")
    page.locator("#support").fill("2")  # IS_A has one paper: the table follows the slider
    assert table_rows(page) == []
    page.locator("#support").fill("1")
    assert table_rows(page) == [["GPT-4", "large language model"]]
    assert page.log.errors == []


def test_panel_scrolls_to_top_and_escape_clears(page) -> None:
    page.set_viewport_size({"width": 1400, "height": 300})
    page.evaluate(f"() => kgExplorer.select({node_id(page, 'large language model')})")
    page.evaluate("() => { document.getElementById('panel-body').scrollTop = 400; }")
    assert page.evaluate("() => document.getElementById('panel-body').scrollTop") > 0
    page.evaluate(f"() => kgExplorer.select({node_id(page, 'HumanEval')})")
    assert page.evaluate("() => document.getElementById('panel-body').scrollTop") == 0
    page.locator("#graph").focus()
    page.keyboard.press("Escape")
    assert page.locator("#panel h2").inner_text() == "Overview"
    assert page.evaluate("() => network.getSelectedNodes()") == []


def test_url_hash_restores_selection_and_filters(browser, small_page: Path) -> None:
    page, log = open_page(browser, small_page)
    try:
        page.uncheck("input[data-type=IS_A]")
        page.select_option("#hops", "2")
        page.evaluate(f"() => kgExplorer.select({node_id(page, 'GPT-4')})")
        url = page.url
        assert "node=Method%3Amethod%3Agpt4" in url and "types=" in url
    finally:
        page.close()
    again = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        again.goto(url)
        again.wait_for_selector("body[data-ready=true]", state="attached")
        assert again.locator("#panel h2").inner_text() == "GPT-4"
        assert not again.locator("input[data-type=IS_A]").is_checked()
        assert again.locator("#hops").input_value() == "2"
        pattern = small_page.resolve().as_uri() + "#pattern=" + (
            "Method%20-USED_FOR-%3E%20Task%20%22code%20generation%22")
        again.goto(pattern)
        again.reload()
        again.wait_for_selector("body[data-ready=true]", state="attached")
        assert table_rows(again) == [["large language model"]]
    finally:
        again.close()
    assert log.errors == []


def test_layout_is_restorable_after_physics(page) -> None:
    llm = node_id(page, "large language model")
    before = page.evaluate(f"() => network.getPositions([{llm}])[{llm}]")
    page.check("#physics")
    page.wait_for_timeout(600)
    moved = page.evaluate(f"() => network.getPositions([{llm}])[{llm}]")
    assert (moved["x"], moved["y"]) != (before["x"], before["y"])
    page.click("#restore")
    assert page.evaluate("() => network.physics.physicsEnabled") is False
    after = page.evaluate(f"() => network.getPositions([{llm}])[{llm}]")
    assert abs(after["x"] - before["x"]) < 0.5 and abs(after["y"] - before["y"]) < 0.5


def test_paper_panel_marks_mentions_and_links(page) -> None:
    page.check("input[data-label=Paper]")
    page.evaluate(f"() => kgExplorer.select({node_id(page, 'Large language models write code')})")
    panel = page.locator("#panel")
    assert "2023" in panel.inner_text()
    assert panel.locator("a.url[href='https://example.org/p1']").count() == 1
    marks = panel.locator(".abstract mark").all_inner_texts()
    assert marks == ["large language model", "code generation", "LLMs", "HumanEval", "pass@1"]
    panel.locator(".abstract button.mention", has_text="HumanEval").click()
    assert panel.locator("h2").inner_text() == "HumanEval"
    panel.locator("details.papers-section button.link").first.click()  # a title: the paper node
    assert panel.locator("h2").inner_text() in {"Large language models write code", XSS_TITLE}
    assert page.log.errors == []


def mention_graph() -> KnowledgeGraph:
    """A paper whose abstract names its concepts in forms that are neither name nor alias
    ("Transformers", "translation"): only the extractor's marks tell where they are."""
    paper = Paper("p9", "Attention everywhere",
                  "Transformers are used for translation. They beat recurrent networks.", 2017)
    graph = KnowledgeGraph()
    graph.add_paper(paper)
    transformer = Concept("method:transformer", "Method", "transformer", (), 1, 1)
    mt = Concept("task:mt", "Task", "machine translation", ("MT",), 1, 1)
    for concept in (transformer, mt):
        graph.add_concept(concept)
    sentence = "Transformers are used for translation."
    graph.add_edge(Edge("USED_FOR", transformer.node, mt.node, ("p9",), 0.8,
                        (_evidence(paper, sentence, "Transformers", "translation"),)))
    for concept, phrase in ((transformer, "Transformers"), (mt, "translation")):
        graph.add_edge(Edge("MENTIONS", ("Paper", "p9"), concept.node, ("p9",), 1.0,
                            (_evidence(paper, sentence, phrase),), 1))
    return graph


def test_mentions_in_abstracts_and_evidence_link_to_their_nodes(browser, tmp_path: Path) -> None:
    write_html(mention_graph(), tmp_path / "mentions.html")
    page, log = open_page(browser, tmp_path / "mentions.html")
    try:
        panel = page.locator("#panel")
        page.evaluate(f"() => kgExplorer.select({node_id(page, 'Attention everywhere')})")
        links = panel.locator(".abstract button.mention")
        assert links.all_inner_texts() == ["Transformers", "translation"]
        links.nth(1).click()
        assert panel.locator("h2").inner_text() == "machine translation"
        # the relationship's evidence: each mark links to the end it names
        panel.locator("button.evidence-link").first.click()
        sentence = panel.locator("blockquote.sentence button.mention")
        assert sentence.all_inner_texts() == ["Transformers", "translation"]
        sentence.first.click()
        assert panel.locator("h2").inner_text() == "transformer"
        assert log.errors == []
    finally:
        page.close()


def test_patterns_cover_the_page_whatever_the_filters(browser, tmp_path: Path) -> None:
    graph = synthetic_graph(400, seed=7)
    write_html(graph, tmp_path / "whole.html")
    page, log = open_page(browser, tmp_path / "whole.html")
    try:
        expected = sum(1 for e in graph.edges() if e.type == "EVALUATED_ON"
                       and e.source[0] == "Method" and e.target[0] == "Dataset")
        page.uncheck("input[data-label=Dataset]")  # nothing of the pattern's ends drawn
        page.fill("#pattern", "Method -EVALUATED_ON-> Dataset")
        page.click("#pattern-run")
        assert page.evaluate("() => kgExplorer.state.pattern.result.rows.length") == expected > 0
        assert page.locator("#panel .scope").inner_text().startswith(
            f"Matched over the whole graph: {len(graph):,} nodes")
        assert log.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("size", [(390, 844), (768, 1024)])
def test_small_screens_keep_the_graph_usable(browser, small_page: Path, size) -> None:
    page, log = open_page(browser, small_page, width=size[0], height=size[1])
    try:
        graph = page.locator("#graph").bounding_box()
        assert graph["width"] >= size[0] - 2 and graph["height"] >= size[1] * 0.4
        assert page.locator("#search").bounding_box()["height"] >= 40
        assert not page.locator("#filters").is_visible()
        page.click("#filters-toggle")
        assert page.locator("#filters").is_visible()
        page.click("#filters-toggle")
        page.fill("#search", "HumanEval")
        page.keyboard.press("Enter")  # the details open as a bottom sheet below the graph
        sheet = page.locator("#panel").bounding_box()
        assert page.locator("#panel h2").inner_text() == "HumanEval"
        assert sheet["y"] >= graph["y"] + graph["height"] * 0.5 - 1
        assert page.locator("#graph").bounding_box()["height"] >= 200
        page.click("#sheet-toggle")
        assert not page.locator("#panel h2").is_visible()
        assert log.errors == []
    finally:
        page.close()


def test_node_confidence_is_shown(browser, tmp_path: Path) -> None:
    graph = small_graph()
    gpt4 = graph.node(("Method", "method:gpt4"))
    graph.replace_node(replace(gpt4, confidence=0.8125))
    write_html(graph, tmp_path / "scored.html")
    page, log = open_page(browser, tmp_path / "scored.html")
    try:
        page.evaluate(f"() => kgExplorer.select({node_id(page, 'GPT-4')})")
        assert "confidence 0.812" in page.locator("#panel .facts").inner_text()
        assert log.errors == []
    finally:
        page.close()


def test_small_components_surround_the_main_one() -> None:
    from kg.export.layout import layout

    main = [(i, (i + 1) % 30) for i in range(30)] + [(i, i + 7) for i in range(0, 23, 3)]
    pairs = [(30 + 2 * k, 31 + 2 * k) for k in range(40)]
    pos = layout(110, main + pairs)
    centre = pos[:30].mean(0)
    angles = [math.atan2(*(pos[30 + 2 * k] - centre)[::-1]) for k in range(40)]
    quadrants = {(a > 0, abs(a) < math.pi / 2) for a in angles}
    assert quadrants == {(True, True), (True, False), (False, True), (False, False)}
    radius = float(np.sqrt(((pos[:30] - centre) ** 2).sum(1)).max())
    assert all(np.hypot(*(pos[30 + 2 * k] - centre)) > radius for k in range(40))


# ------------------------------------------------------------------ the two questions (sample)
def test_questions_answered_in_three_interactions(browser, sample_store, tmp_path: Path) -> None:
    """The issue's two questions on the sample, each in at most three interactions, the rows
    checked against Cypher over the same store."""
    path = tmp_path / "sample.html"
    write_html(sample_store.read_graph(), path, max_nodes=5000)
    page, log = open_page(browser, path, width=1440, height=900)
    try:
        # the overview names the most mentioned nodes although vis-network draws no label there
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                      "requestAnimationFrame(r)))")
        assert page.evaluate("() => network.getScale()") < 0.58
        named = page.evaluate("() => window.kgLodLabels")
        assert 20 <= len(named) <= 60 and "Transformer" in named
        # "What is compared with Transformer?": type, Enter, one click on the group
        actions = [lambda: page.fill("#search", "Transformer"),
                   lambda: page.keyboard.press("Enter"),
                   lambda: page.click("details[data-group='any COMPARED_WITH'] button.show-group")]
        for act in actions:
            act()
        assert len(actions) <= 3
        shown = sorted(r[0] for r in table_rows(page))
        expected = sorted(row[0] for row in sample_store.query(
            "MATCH (m)-[:COMPARED_WITH]-(t:Method {name: $name}) RETURN DISTINCT m.name",
            {"name": "Transformer"}).rows)
        # (A group of several: the sample's default graph has four since stop 34.)
        assert shown == expected and len(shown) >= 3
        # "Which methods are used for T, and on which datasets were they evaluated?": the
        # pattern bar, typed and run, for the task with the most methods of which one has a
        # dataset (the issue asked it of language modeling; which task has such methods
        # depends on what the default thresholds keep)
        task = sample_store.query(
            "MATCH (m:Method)-[:USED_FOR]->(t:Task) WHERE NOT t.name CONTAINS '\"' "
            "WITH t, count(DISTINCT m) AS methods "
            "WHERE EXISTS { MATCH (:Dataset)<-[:EVALUATED_ON]-(:Method)-[:USED_FOR]->(t) } "
            "RETURN t.name ORDER BY methods DESC, t.name LIMIT 1").rows[0][0]
        actions = [lambda: page.fill("#pattern", f'Method -USED_FOR-> Task "{task}", '
                                     "-EVALUATED_ON-> Dataset"),
                   lambda: page.keyboard.press("Enter")]
        for act in actions:
            act()
        assert len(actions) <= 3
        shown = sorted(tuple(r) for r in table_rows(page))
        cypher = sample_store.query(
            "MATCH (m:Method)-[:USED_FOR]->(:Task {name: $task}) "
            "OPTIONAL MATCH (m)-[:EVALUATED_ON]->(d:Dataset) RETURN DISTINCT m.name, d.name",
            {"task": task}).rows
        expected = sorted(tuple(row) for row in cypher)
        assert shown == expected and any(d is not None for _, d in shown)
        # the same answer by clicks: search, the task's USED_FOR group, then EVALUATED_ON
        page.keyboard.press("Escape")
        page.fill("#search", task)
        page.keyboard.press("Enter")
        page.click("details[data-group='in USED_FOR'] button.show-group")
        page.click("button.extend[data-extend='out EVALUATED_ON Dataset']")
        assert sorted(tuple(r) for r in table_rows(page)) == expected
        assert log.errors == [] and len(log.requests) == 1
    finally:
        page.close()


def pixel(page, node: int) -> list[int]:
    """The canvas's colour at a node's centre, as drawn (after the next frame)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page.evaluate("""id => { const c = document.querySelector('#graph canvas');
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        const k = c.width / c.clientWidth;
        const x = Math.round(p.x * k), y = Math.round(p.y * k);
        return [...c.getContext('2d').getImageData(x, y, 1, 1).data]; }""", node)


def test_highlight_veils_the_rest_and_mentions_are_drawn(page) -> None:
    humaneval, code = node_id(page, "HumanEval"), node_id(page, "code generation")
    page.evaluate("() => network.moveTo({scale: 1})")
    green = pixel(page, humaneval)
    assert green[:3] == [0x22, 0x88, 0x33]  # the Dataset colour
    page.evaluate(f"() => kgExplorer.select({code}, {{frame: false}})")
    veiled = pixel(page, humaneval)
    assert min(veiled[:3]) > 200  # faded almost to the background
    r, g, b = pixel(page, code)[:3]
    assert r > 200 and g < 170 and b < 170  # the selection stays red (vis lightens it a little)
    page.keyboard.press("Escape")
    page.check("input[data-label=Paper]")
    c = counts(page)
    # typed, PROPOSES and nine MENTIONS (not attention's: unrelated concepts are off) are drawn,
    # the mentions by the page itself in one path, not as vis-network edges
    assert c["edges"] == 6 + 1 + 9 and len(drawn_edges(page)) == 7
    assert page.log.errors == []


def test_search_ranks_by_papers_and_lists_more_than_twelve(browser, tmp_path: Path) -> None:
    graph = KnowledgeGraph()
    graph.add_concept(Concept("method:gan", "Method", "GAN", (), 1, 1))
    graph.add_concept(Concept("method:gan-inv", "Method", "GAN inversion", (), 6, 6))
    for i in range(20):
        graph.add_concept(Concept(f"method:g{i}", "Method", f"style GAN variant {i}", (), 2, 2))
    write_html(graph, tmp_path / "search.html")
    page, log = open_page(browser, tmp_path / "search.html")
    try:
        page.evaluate("() => kgExplorer.setLoners(true)")
        names = [r["name"] for r in page.evaluate("() => kgExplorer.search('gan')")]
        assert names[:2] == ["GAN inversion", "GAN"]  # six papers before one, exact before inner
        assert len(names) == 22
        page.fill("#search", "gan")
        assert page.locator("#suggestions li").count() == 22
        assert log.errors == []
    finally:
        page.close()


# ------------------------------------------------------------------ the page's data block
def test_data_block_decodes_to_the_stored_graph(browser, sample_store, tmp_path: Path) -> None:
    """The columnar data block and the text block, decoded by the page, hold the store's nodes,
    relationships, papers and evidence (counted by Cypher, compared item by item)."""
    graph = sample_store.read_graph()
    path = tmp_path / "sample.html"
    write_html(graph, path, max_nodes=len(graph) + 1)
    page, log = open_page(browser, path)
    try:
        data = page_graph(page)
        stored_nodes = sample_store.query("MATCH (n) RETURN count(n)").rows[0][0]
        stored_edges = sample_store.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
        assert len(data["nodes"]) == stored_nodes and len(data["edges"]) == stored_edges
        node_of = {}
        for n in data["nodes"]:
            obj = graph.node((n["group"], n["key"]))
            node_of[n["id"]] = (n["group"], n["key"])
            if isinstance(obj, Paper):
                assert n["label"] == obj.title
            else:
                assert (n["label"], tuple(n["aliases"])) == (obj.name, obj.aliases)
                assert n["count"] == (obj.paper_count or n["npapers"])
                assert n["mentions"] == obj.mention_count
        assert set(node_of.values()) == set(graph.nx.nodes)
        papers = page.evaluate("() => kgExplorer.data.papers")
        evidence = page.evaluate("() => kgExplorer.data.edges.map(e => kgExplorer.evidence(e.id))")
        edges = {(node_of[e["from"]], e["type"], node_of[e["to"]]): (e, ev)
                 for e, ev in zip(data["edges"], evidence, strict=True)}
        assert len(edges) == len(data["edges"])
        for edge in graph.edges():
            item, sentences = edges[(edge.source, edge.type, edge.target)]
            assert (item["support"], item["confidence"]) == (edge.support,
                                                             round(edge.confidence, 3))
            assert item["papers"] == list(edge.papers[:50]) and item["npapers"] == edge.support
            assert [ev["text"] for ev in sentences] == [ev.sentence for ev in edge.evidence[:10]]
            assert all(ev["paper"] in papers for ev in sentences)
            assert item["moreEvidence"] == len(edge.evidence) - len(sentences)
            for ev, stored in zip(sentences, edge.evidence, strict=False):
                assert [ev["text"][a:b] for a, b in ev["marks"]] == [
                    stored.sentence[a - stored.start:b - stored.start]
                    for a, b in sorted(stored.marks)]
        for pid, info in papers.items():
            paper = graph.node(("Paper", pid))
            assert (info["title"], info["year"]) == (paper.title, paper.year)
            text = page.evaluate("pid => kgExplorer.paperText(pid)", pid)
            assert text["abstract"] == (paper.abstract or None)
            assert text["authors"] == list(paper.authors)
        assert log.errors == []
    finally:
        page.close()
