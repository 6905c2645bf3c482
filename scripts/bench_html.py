"""Benchmark the HTML explorer against stock pyvis in headless Debian Chromium.

For synthetic graphs of 500, 2,000 and 5,000 nodes: Python export time, file size, time until the
page is drawn and interactive, one frame's draw time and a filter's latency; and, in the same run,
the same graph written by pyvis ``Network(cdn_resources="in_line")`` with physics on (time until
its stabilization, capped).

    .venv/bin/python scripts/bench_html.py [--sizes 500 2000 5000] [--cap 60]
"""

from __future__ import annotations

import argparse
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
FILTER_MS = """async () => {
  const t = performance.now();
  kgExplorer.setLabel("Method", false);
  kgExplorer.setLabel("Method", true);
  network.renderer._redraw();
  return performance.now() - t;
}"""


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


def run(sizes: list[int], cap_s: float, tmp: Path) -> list[dict[str, Any]]:
    """Export every size first (no browser running), then time our pages, then pyvis's."""
    rows = []
    for n in sizes:
        graph = synthetic_graph(n, seed=n)
        ours, theirs = tmp / f"kg-{n}.html", tmp / f"pyvis-{n}.html"
        start = time.perf_counter()
        write_html(graph, ours, max_nodes=n)
        export_s = time.perf_counter() - start
        rows.append({"n": n, "edges": graph.nx.number_of_edges(), "export_s": export_s,
                     "mb": ours.stat().st_size / 1e6, "pyvis_export_s": pyvis_page(graph, theirs),
                     "pyvis_mb": theirs.stat().st_size / 1e6, "ours": ours, "theirs": theirs})
    with chromium() as browser:
        for row in rows:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(row["ours"].as_uri())
            ready = poll(page, "window.kgReadyAt", cap_s)
            row["ready_s"] = ready / 1000 if ready else None
            row["frame_ms"] = page.evaluate(FRAME_MS)
            row["filter_ms"] = statistics.median(page.evaluate(FILTER_MS) for _ in range(3))
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
    head = ("| nodes | edges | kg export s | kg MB | kg drawn+interactive s | kg frame ms "
            "| kg filter ms | pyvis export s | pyvis MB | pyvis shown s | pyvis still s "
            "| pyvis frame ms | pyvis CDN requests | pyvis shown / kg ready |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        ratio = ("n/a" if not r["ready_s"] else
                 f">{cap_s / r['ready_s']:.0f}x" if r["pyvis_shown_s"] is None else
                 f"{r['pyvis_shown_s'] / r['ready_s']:.0f}x")
        lines.append(
            f"| {r['n']:,} | {r['edges']:,} | {r['export_s']:.2f} | {r['mb']:.2f} "
            f"| {fmt(r['ready_s'], '.2f', cap_s)} | {r['frame_ms']:.0f} | {r['filter_ms']:.0f} "
            f"| {r['pyvis_export_s']:.2f} | {r['pyvis_mb']:.2f} "
            f"| {fmt(r['pyvis_shown_s'], '.1f', cap_s)} | {fmt(r['pyvis_stable_s'], '.1f', cap_s)} "
            f"| {'n/a' if r['pyvis_frame_ms'] is None else format(r['pyvis_frame_ms'], '.0f')} "
            f"| {r['pyvis_external']} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds to wait for pyvis")
    args = parser.parse_args()
    reason = unavailable()
    if reason:
        sys.exit(f"cannot benchmark: {reason}")
    with tempfile.TemporaryDirectory() as tmp:
        print(table(run(args.sizes, args.cap, Path(tmp)), args.cap))


if __name__ == "__main__":
    main()
