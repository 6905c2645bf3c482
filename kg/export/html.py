"""The HTML explorer: one self-contained page (vis-network inlined, no request to any host).

What is drawn at first is the typed graph: concepts joined by relationships between concepts.
Papers (with their MENTIONS and PROPOSES edges) and the concepts that no such relationship joins
are in the page but off by default, each behind a toggle: every paper mentions dozens of concepts,
most concepts are mentioned once and related to nothing, and drawn they bury the relationships.
Papers stay a click away, in the side panel of every concept and edge; search finds every node.

>>> from kg.graph import KnowledgeGraph
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_html(KnowledgeGraph(), Path(tmp) / "kg.html").nodes_shown
0
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kg.atomic import atomic_file
from kg.export.layout import layout
from kg.graph import Edge, KnowledgeGraph, Node, Paper
from kg.schema import SCHEMA

#: Nodes kept in a page by default: vis-network stays responsive (pan, zoom, click) at this size.
DEFAULT_MAX_NODES = 2000
#: Evidence sentences and paper ids stored per edge or node (the panel says how many more).
EVIDENCE_PER_EDGE = 10
PAPERS_PER_ITEM = 50

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_DIR = "lib/vis-9.1.2"  # inside the pinned pyvis package

# Colour-blind-safe palettes: Paul Tol's "bright" set for node labels, Okabe-Ito's for
# relationship types (each type also has its own dash pattern, so colour is never the only cue).
PAPER_COLOR = "#bbbbbb"
LABEL_COLORS = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377")
TYPE_PALETTE: dict[str, tuple[str, list[int] | None]] = {
    "USED_FOR": ("#d55e00", None),
    "EVALUATED_ON": ("#009e73", [10, 4]),
    "EVALUATES": ("#cc79a7", [3, 3]),
    "COMPARED_WITH": ("#0072b2", None),
    "IS_A": ("#3d3d3d", [2, 4]),
    "PART_OF": ("#e69f00", [8, 3, 2, 3]),
    "PROPOSES": ("#56b4e9", None),
}
TYPE_COLORS = ("#882255", "#117733", "#332288", "#999933")  # types the palette does not name
FAINT_COLOR = "#c3cad3"
#: Relationship types whose direction carries no meaning: grouped and matched either way.
SYMMETRIC = frozenset({"COMPARED_WITH"})


@dataclass(frozen=True, slots=True)
class HtmlReport:
    """What :func:`write_html` put in the page. "Shown" is in the page (papers there are off until
    toggled on); "hidden" was left out by pruning to ``max_nodes``."""

    nodes_shown: int
    edges_shown: int
    nodes_hidden: int
    edges_hidden: int
    pruned: bool
    bytes_written: int


def write_html(graph: KnowledgeGraph, path: Path, *, max_nodes: int = DEFAULT_MAX_NODES,
               title: str = "kg explorer") -> HtmlReport:
    """Write the explorer for ``graph`` to ``path`` (atomically) and say what it holds."""
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    data = page_data(graph, max_nodes=max_nodes, title=title)
    page = render(data, title=title).encode("utf-8")
    with atomic_file(path) as out:
        out.write(page)
    shown_nodes, shown_edges = len(data["nodes"]), len(data["edges"])
    return HtmlReport(
        nodes_shown=shown_nodes,
        edges_shown=shown_edges,
        nodes_hidden=graph.nx.number_of_nodes() - shown_nodes,
        edges_hidden=graph.nx.number_of_edges() - shown_edges,
        pruned=data["pruned"],
        bytes_written=len(page),
    )


def paper_labels() -> tuple[str, ...]:
    """Node labels that are not concepts (papers): drawn only when toggled on."""
    return tuple(label for label, node in SCHEMA.nodes.items() if not node.concept)


def type_styles() -> dict[str, dict[str, Any]]:
    """Colour, dash pattern and end labels per relationship type: types carrying a mention
    ``count`` are faint and plain (papers' mentions are many; dashes would slow drawing)."""
    styles: dict[str, dict[str, Any]] = {}
    spare = iter(TYPE_COLORS * 4)
    for name, rel in SCHEMA.relationships.items():
        faint = "count" in rel.properties
        default = (FAINT_COLOR, None) if faint else None
        color, dashes = default or TYPE_PALETTE.get(name) or (next(spare), [6, 4])
        styles[name] = {"color": color, "dashes": dashes or False, "faint": faint,
                        "sources": list(rel.sources), "targets": list(rel.targets),
                        "symmetric": name in SYMMETRIC}
    return styles


def label_colors() -> dict[str, str]:
    colors = iter(LABEL_COLORS * 4)
    papers = paper_labels()
    return {label: PAPER_COLOR if label in papers else next(colors) for label in SCHEMA.nodes}


def select_nodes(graph: KnowledgeGraph, max_nodes: int) -> list[Node]:
    """The nodes a page keeps, highest degree first within three tiers: concepts in a
    relationship between concepts, then papers (they place and explain the rest), then the other
    concepts."""
    degree = dict(graph.nx.degree())
    linked = linked_concepts(graph)

    def rank(node: Node) -> tuple[int, int, int, str, str]:
        obj = graph.node(node)
        tier = 1 if isinstance(obj, Paper) else 0 if node in linked else 2
        return (tier, -degree[node], -getattr(obj, "paper_count", 0), node[0], node[1])

    return sorted(graph.nx.nodes, key=rank)[:max_nodes]


def linked_concepts(graph: KnowledgeGraph, edges: list[Edge] | None = None) -> set[Node]:
    """Concepts at either end of a relationship between two concepts (among ``edges``)."""
    papers = set(paper_labels())
    return {end for e in (graph.edges() if edges is None else edges)
            if e.source[0] not in papers and e.target[0] not in papers
            for end in (e.source, e.target)}


def page_data(graph: KnowledgeGraph, *, max_nodes: int = DEFAULT_MAX_NODES,
              title: str = "kg explorer") -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-able data."""
    kept = select_nodes(graph, max_nodes)
    ids = {node: i for i, node in enumerate(kept)}
    edges = [e for e in graph.edges() if e.source in ids and e.target in ids]
    edges.sort(key=lambda e: (ids[e.source], ids[e.target], e.type))
    node_papers: dict[Node, set[str]] = defaultdict(set)
    for edge in graph.edges():
        for end in (edge.source, edge.target):
            if end in ids:
                node_papers[end].update(edge.papers)
    cited: set[str] = set()
    nodes = []
    linked = linked_concepts(graph, edges)
    positions = layout(len(kept), [(ids[e.source], ids[e.target]) for e in edges],
                       core=[node in linked for node in kept])
    for node, (x, y) in zip(kept, positions.tolist(), strict=True):
        item = _node_item(graph, node, sorted(node_papers[node]))
        item.update(id=ids[node], x=round(x, 1), y=round(y, 1), linked=node in linked)
        cited.update(item["papers"])
        nodes.append(item)
    edge_items = []
    curves = _curves(edges)
    for i, edge in enumerate(edges):
        item = _edge_item(edge, i, ids, curves[i])
        cited.update(item["papers"])
        cited.update(ev["paper"] for ev in item["evidence"])
        edge_items.append(item)
    paper_nodes = {node[1] for node in kept if isinstance(graph.node(node), Paper)}
    papers = {pid: _paper_item(graph, pid, full=pid in paper_nodes) for pid in sorted(cited)
              if ("Paper", pid) in graph.nx}
    colors, styles = label_colors(), type_styles()
    counts = defaultdict(int)
    for item in nodes:
        counts[item["group"]] += 1
    for item in edge_items:
        counts["rel:" + item["type"]] += 1
    return {
        "title": title,
        "labels": [{"name": label, "color": colors[label], "count": counts[label],
                    "paper": label in paper_labels(), "description": node.description}
                   for label, node in SCHEMA.nodes.items()],
        "types": [{"name": name, **styles[name], "count": counts["rel:" + name],
                   "description": rel.description}
                  for name, rel in SCHEMA.relationships.items()],
        "nodes": nodes,
        "edges": edge_items,
        "papers": papers,
        "total": {"nodes": graph.nx.number_of_nodes(), "edges": graph.nx.number_of_edges()},
        "pruned": len(kept) < graph.nx.number_of_nodes(),
        "maxNodes": max_nodes,
    }


def _node_item(graph: KnowledgeGraph, node: Node, papers: list[str]) -> dict[str, Any]:
    obj = graph.node(node)
    if isinstance(obj, Paper):
        return {"group": node[0], "key": obj.id, "label": obj.title, "aliases": [],
                "count": 1, "mentions": 0, "papers": [obj.id], "npapers": 1, "size": 9}
    count = obj.paper_count or len(papers)
    item = {
        "group": obj.label, "key": obj.key, "label": obj.name, "aliases": list(obj.aliases),
        "count": count, "mentions": obj.mention_count, "papers": papers[:PAPERS_PER_ITEM],
        "npapers": len(papers), "size": round(10 + 6 * math.log2(1 + count), 1),
    }
    confidence = getattr(obj, "confidence", None)
    if isinstance(confidence, int | float):
        item["confidence"] = round(float(confidence), 3)
    return item


def _edge_item(edge: Edge, i: int, ids: dict[Node, int], curve: float) -> dict[str, Any]:
    evidence = []
    for ev in edge.evidence[:EVIDENCE_PER_EDGE]:
        length = len(ev.sentence)
        marks = sorted((max(0, a - ev.start), min(length, b - ev.start)) for a, b in ev.marks)
        evidence.append({"paper": ev.paper, "text": ev.sentence,
                         "marks": [[a, b] for a, b in marks if a < b]})
    return {
        "id": i, "from": ids[edge.source], "to": ids[edge.target], "type": edge.type,
        "support": edge.support, "confidence": round(edge.confidence, 3),
        "papers": list(edge.papers[:PAPERS_PER_ITEM]), "npapers": edge.support,
        "evidence": evidence, "nevidence": len(edge.evidence), "curve": curve,
    }


def _paper_item(graph: KnowledgeGraph, pid: str, *, full: bool) -> dict[str, Any]:
    paper = graph.node(("Paper", pid))
    item: dict[str, Any] = {"title": paper.title, "year": paper.year, "url": safe_url(paper.url)}
    if full:
        item.update(authors=list(paper.authors), abstract=paper.abstract)
    return item


def _curves(edges: list[Edge]) -> list[float]:
    """Roundness per edge so that edges between the same two nodes do not overlap."""
    seen: dict[frozenset[Node], int] = defaultdict(int)
    curves = []
    for edge in edges:
        pair = frozenset((edge.source, edge.target))
        curves.append(0.25 * seen[pair])
        seen[pair] += 1
    return curves


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) address (nothing else becomes a link)."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>', '&' or line separators left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _inline(code: str, tag: str) -> str:
    """Vendor or own code checked to be safe inside a <script>/<style> element."""
    if f"</{tag}" in code.lower():
        raise ValueError(f"cannot inline code containing '</{tag}'")
    return code


def vis_network_js() -> str:
    """vis-network 9.1.2 (dual Apache-2.0/MIT, licence header kept) from the pyvis package."""
    code = (resources.files("pyvis") / VIS_DIR / "vis-network.min.js").read_text("utf-8")
    lines = [line for line in code.split("\n") if not line.startswith("//# sourceMappingURL")]
    return _inline("\n".join(lines), "script")


def page_blocks(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """:func:`page_data`'s output as the page holds it: a data block of columns (one list per
    field, labels, types and paper ids as indices into their tables, sparse fields as
    ``{index: value}``) read at start-up, and a text block (evidence sentences, papers' authors
    and abstracts) read when a panel first shows one. ``decodePage`` in explorer.js undoes it."""
    nodes, edges, papers = data["nodes"], data["edges"], data["papers"]
    cited = set(papers)
    for item in (*nodes, *edges):
        cited.update(item["papers"])
    for edge in edges:
        cited.update(ev["paper"] for ev in edge["evidence"])
    paper_ids = sorted(cited)
    pindex = {pid: i for i, pid in enumerate(paper_ids)}
    lindex = {label["name"]: i for i, label in enumerate(data["labels"])}
    tindex = {rel["name"]: i for i, rel in enumerate(data["types"])}
    paper_node = [lindex[n["group"]] if data["labels"][lindex[n["group"]]]["paper"] else None
                  for n in nodes]

    def edge_papers(edge: dict[str, Any]) -> list[int] | int:
        # 0: the paper at the edge's source, alone (a paper's mention); else the papers' indices
        source = nodes[edge["from"]]
        if paper_node[edge["from"]] is not None and edge["papers"] == [source["key"]]:
            return 0
        return [pindex[pid] for pid in edge["papers"]]

    def sparse(values: list[Any], default: Any) -> dict[str, Any]:
        return {str(i): v for i, v in enumerate(values) if v != default}

    block = {
        **{k: v for k, v in data.items() if k not in ("nodes", "edges", "papers")},
        "papers": {
            "id": paper_ids,
            "title": [papers[pid]["title"] if pid in papers else None for pid in paper_ids],
            "year": [papers[pid]["year"] if pid in papers else None for pid in paper_ids],
            "url": [papers[pid]["url"] if pid in papers else None for pid in paper_ids],
        },
        "nodes": {
            "group": [lindex[n["group"]] for n in nodes],
            "key": [n["key"] for n in nodes],
            "label": [n["label"] for n in nodes],
            "aliases": sparse([n["aliases"] for n in nodes], []),
            "count": [n["count"] for n in nodes],
            "mentions": [n["mentions"] for n in nodes],
            "papers": [[pindex[pid] for pid in n["papers"]] for n in nodes],
            "npapers": sparse([n["npapers"] - len(n["papers"]) for n in nodes], 0),
            "size": [n["size"] for n in nodes],
            "confidence": sparse([n.get("confidence") for n in nodes], None),
            "x": [n["x"] for n in nodes],
            "y": [n["y"] for n in nodes],
            "linked": [1 if n["linked"] else 0 for n in nodes],
        },
        "edges": {
            "from": [e["from"] for e in edges],
            "to": [e["to"] for e in edges],
            "type": [tindex[e["type"]] for e in edges],
            "support": [e["support"] for e in edges],
            "confidence": [e["confidence"] for e in edges],
            "papers": [edge_papers(e) for e in edges],
            "npapers": sparse([e["npapers"] - e["support"] for e in edges], 0),
            "nevidence": sparse([e["nevidence"] - len(e["evidence"]) for e in edges], 0),
            "curve": sparse([e["curve"] for e in edges], 0),
        },
    }
    text = {
        "evidence": [[[pindex[ev["paper"]], ev["text"], [x for mark in ev["marks"] for x in mark]]
                      for ev in e["evidence"]] for e in edges],
        "authors": {str(pindex[pid]): p["authors"] for pid, p in papers.items()
                    if p.get("authors")},
        "abstract": {str(pindex[pid]): p["abstract"] for pid, p in papers.items()
                     if p.get("abstract")},
    }
    return block, text


def render(data: dict[str, Any], *, title: str) -> str:
    """The page's HTML for :func:`page_data`'s output."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    own = {name: _inline((TEMPLATES / name).read_text("utf-8"), tag)
           for name, tag in (("explorer.js", "script"), ("explorer.css", "style"))}
    scripts = (vis_network_js(), own["explorer.js"])
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in scripts)  # the page runs these two scripts and nothing else
    # The text panels show (most of a big page's bytes) go in a block of their own, after the
    # scripts: the page draws before the browser has even read it.
    block, text = page_blocks(data)
    return env.get_template("explorer.html.j2").render(
        title=title, data_json=script_json(block), text_json=script_json(text),
        vis_js=scripts[0], explorer_js=scripts[1], explorer_css=own["explorer.css"],
        script_hashes=hashes,
    )
