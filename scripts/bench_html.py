"""Benchmark the HTML explorer against stock pyvis in headless Debian Chromium.

For synthetic graphs (default: 5,000 nodes and about 40,000 relationships, the issue's target
size): Python export time, file size, time until the page is drawn and interactive, the latency of
selecting a node and of a filter change, one frame's draw time at rest and while panning or
zooming (edges hidden then on big pages), with the default filters and with everything on; and,
in the same run, the same graph written by pyvis ``Network(cdn_resources="in_line")`` with
physics on (time until its first drawing and its stabilization, capped).

    .venv/bin/python scripts/bench_html.py [--sizes 5000] [--edges 40000] [--cap 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import chromium, synthetic_graph, unavailable  # noqa: E402

from kg.export.html import label_colors, write_html  # noqa: E402
from kg.graph import KnowledgeGraph, Paper  # noqa: E402

# Records when pyvis's page creates its global `network`, and when vis-network reports progress.
PYVIS_HOOK = """
(() => {
  let net;
  Object.defineProperty(window, "network", { configurable: true, get: () => net, set: (v) => {
    net = v;
    v.once("afterDrawing", () => { window.__firstDraw = performance.now(); });
    v.once("stabilizationIterationsDone", () => { window.__iterationsDone = performance.now(); });
    v.once("stabilized", () => { window.__stabilized = performance.now(); });
  }});
})();
"""
FRAME_MS = """() => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now(); network.renderer._redraw(); times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2];
}"""
DRAG_FRAME_MS = """() => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    network.renderer.dragging = true;
    const t = performance.now(); network.renderer._redraw(); times.push(performance.now() - t);
    network.renderer.dragging = false;
  }
  return times.sort((a, b) => a - b)[2];
}"""
TIMED = """(code) => {
  const t = performance.now(); (new Function(code))(); network.renderer._redraw();
  return performance.now() - t;
}"""
# The most connected concepts: what a person selects first.
TOP_NODES = """() => JSON.parse(document.getElementById("kg-data").textContent).nodes
  .filter((n) => n.linked).sort((a, b) => b.count - a.count).slice(0, 5).map((n) => n.id)"""


def timed(page: Any, code: str) -> float:
    """Milliseconds for ``code`` (a function body) plus the synchronous redraw it leads to."""
    return page.evaluate(TIMED, code)


def measure(page: Any) -> dict[str, float]:
    """Select, filter and frame times on the page as it is now."""
    top = page.evaluate(TOP_NODES)
    select = [timed(page, f"kgExplorer.select({i})") for i in top]
    timed(page, "kgExplorer.clearFocus()")
    flips = [timed(page, f'kgExplorer.setLabel("Method", {"false" if k % 2 == 0 else "true"})')
             for k in range(6)]
    return {"select_ms": statistics.median(select), "select_max_ms": max(select),
            "filter_ms": statistics.median(flips), "filter_max_ms": max(flips),
            "frame_ms": page.evaluate(FRAME_MS), "drag_ms": page.evaluate(DRAG_FRAME_MS)}


def pyvis_page(graph: KnowledgeGraph, path: Path) -> float:
    """Write ``graph`` with stock pyvis (in_line resources, physics on); seconds taken."""
    from pyvis.network import Network

    start = time.perf_counter()
    net = Network(height="850px", width="100%", directed=True, cdn_resources="in_line")
    colors = label_colors()
    for node, obj in graph.nx.nodes(data="obj"):
        name = obj.title if isinstance(obj, Paper) else obj.name
        net.add_node("|".join(node), label=name, color=colors[node[0]], title=node[0])
    for edge in graph.edges():
        net.add_edge("|".join(edge.source), "|".join(edge.target), title=edge.type)
    net.write_html(str(path))
    return time.perf_counter() - start


def offline(blocked: list[str]) -> Any:
    """A route handler letting file:// through and recording (then failing) everything else."""

    def handle(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    return handle


def poll(page: Any, expression: str, cap_s: float) -> Any:
    """Evaluate ``expression`` every 100 ms until it is truthy or ``cap_s`` passes."""
    deadline = time.monotonic() + cap_s
    while time.monotonic() < deadline:
        value = page.evaluate(f"() => {expression}")
        if value:
            return value
        page.wait_for_timeout(100)
    return None


def graph_of(n: int, edges: int | None) -> KnowledgeGraph:
    """A synthetic graph of ``n`` nodes; with ``edges``, papers mention enough concepts to reach
    about that many relationships (a fifth of the nodes are papers)."""
    if edges is None:
        return synthetic_graph(n, seed=n)
    papers = max(1, n // 5)
    per_paper = max(1, (edges - 2 * (n - papers)) // papers)
    low, high = max(1, round(per_paper * 0.78)), round(per_paper * 1.45)
    return synthetic_graph(n, seed=n, paper_share=0.2, mentions=(low, high))


def run(sizes: list[int], edges: int | None, cap_s: float, tmp: Path) -> list[dict[str, Any]]:
    """Export every size first (no browser running), then time our pages, then pyvis's."""
    rows = []
    for n in sizes:
        graph = graph_of(n, edges)
        ours, theirs = tmp / f"kg-{n}.html", tmp / f"pyvis-{n}.html"
        start = time.perf_counter()
        write_html(graph, ours, max_nodes=n)
        export_s = time.perf_counter() - start
        rows.append({"n": n, "edges": graph.nx.number_of_edges(), "export_s": export_s,
                     "mb": ours.stat().st_size / 1e6, "pyvis_export_s": pyvis_page(graph, theirs),
                     "pyvis_mb": theirs.stat().st_size / 1e6, "ours": ours, "theirs": theirs})
    with chromium() as browser:
        for row in rows:
            row["load"] = os.getloadavg()[0]
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(row["ours"].as_uri())
            ready = poll(page, "window.kgReadyAt", cap_s)
            row["ready_s"] = ready / 1000 if ready else None
            row.update(measure(page))
            row["all_on_ms"] = timed(page, 'kgExplorer.setLabel("Paper", true); '
                                     "kgExplorer.setLoners(true);")
            row["all"] = measure(page)
            page.close()
        for row in rows:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            external: list[str] = []
            page.route("**/*", offline(external))
            page.add_init_script(PYVIS_HOOK)
            page.goto(row["theirs"].as_uri(), wait_until="commit")
            shown = poll(page, "window.__iterationsDone || window.__stabilized", cap_s)
            still = poll(page, "window.__stabilized", max(0.0, cap_s - (shown or cap_s) / 1000))
            row["pyvis_shown_s"] = shown / 1000 if shown else None
            row["pyvis_stable_s"] = still / 1000 if still else None
            row["pyvis_frame_ms"] = page.evaluate(FRAME_MS) if shown else None
            row["pyvis_external"] = len(external)
            page.close()
            print(f"  pyvis {row['n']} nodes done", file=sys.stderr)
    return rows


def fmt(value: float | None, spec: str, cap_s: float) -> str:
    return f">{cap_s:g} (cap)" if value is None else format(value, spec)


def table(rows: list[dict[str, Any]], cap_s: float) -> str:
    head = ("| nodes | edges | export s | MB | drawn+interactive s | select ms (median/max) "
            "| filter ms (median/max) | frame ms | pan/zoom frame ms | everything on: toggle ms "
            "| select ms | filter ms | frame ms | pan/zoom frame ms | pyvis shown s "
            "| pyvis still s | pyvis frame ms | pyvis shown / kg ready |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        ratio = ("n/a" if not r["ready_s"] else
                 f">{cap_s / r['ready_s']:.1f}x" if r["pyvis_shown_s"] is None else
                 f"{r['pyvis_shown_s'] / r['ready_s']:.1f}x")
        a = r["all"]
        lines.append(
            f"| {r['n']:,} | {r['edges']:,} | {r['export_s']:.1f} | {r['mb']:.1f} "
            f"| {fmt(r['ready_s'], '.2f', cap_s)} | {r['select_ms']:.0f}/{r['select_max_ms']:.0f} "
            f"| {r['filter_ms']:.0f}/{r['filter_max_ms']:.0f} | {r['frame_ms']:.0f} "
            f"| {r['drag_ms']:.0f} | {r['all_on_ms']:.0f} "
            f"| {a['select_ms']:.0f}/{a['select_max_ms']:.0f} "
            f"| {a['filter_ms']:.0f}/{a['filter_max_ms']:.0f} | {a['frame_ms']:.0f} "
            f"| {a['drag_ms']:.0f} | {fmt(r['pyvis_shown_s'], '.1f', cap_s)} "
            f"| {fmt(r['pyvis_stable_s'], '.1f', cap_s)} "
            f"| {'n/a' if r['pyvis_frame_ms'] is None else format(r['pyvis_frame_ms'], '.0f')} "
            f"| {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000])
    parser.add_argument("--edges", type=int, default=40000,
                        help="about this many relationships per page (0: the default mix)")
    parser.add_argument("--cap", type=float, default=30.0, help="seconds to wait for pyvis")
    args = parser.parse_args()
    reason = unavailable()
    if reason:
        sys.exit(f"cannot benchmark: {reason}")
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(args.sizes, args.edges or None, args.cap, Path(tmp))
        loads = ", ".join(f"{r['load']:.1f}" for r in rows)
        print(f"1-min load average when each page opened: {loads} (on {os.cpu_count()} cores)")
        print(table(rows, args.cap))


if __name__ == "__main__":
    main()
