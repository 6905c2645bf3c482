"""Benchmark the HTML explorer in headless Debian Chromium, against a baseline in the same run.

For synthetic graphs (default: 5,000 nodes and about 40,000 relationships, the issue's target
size): Python export time, file size, time until the page is drawn and interactive, the latency of
selecting a node and of a filter change, one frame's draw time at rest and while panning or
zooming (edges hidden then on big pages), with the default filters and with everything on. The
baseline is the same graph exported and drawn by the explorer of git revision ``--baseline``
(its kg/export/html.py, layout.py and templates; default: the explorer before issue 26);
``--pyvis`` also times stock pyvis (``Network(cdn_resources="in_line")``, physics on: until its
first drawing and its stabilization, capped; at 40,000 edges its page can stall the browser well
past the cap).

    .venv/bin/python scripts/bench_html.py [--sizes 5000] [--edges 40000] [--baseline REV]
    .venv/bin/python scripts/bench_html.py --screenshots   # docs/explorer*.png, of the sample
    .venv/bin/python scripts/bench_html.py --sigma DIR     # also sigma.js (WebGL) on the same data
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import chromium, synthetic_graph, unavailable  # noqa: E402

from kg.export.html import label_colors, write_html  # noqa: E402

#: The explorer before issue 26 (question-first navigation, 5,000-node speed).
BEFORE_ISSUE_26 = "cdbbe5b93e60be42c1922c2a67f631976b19a7a2"
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
# Where the first drawing's time went: the page's stage marks (kg:parsed ...), from navigation.
STAGES = """() => Object.fromEntries([["read", performance.getEntriesByType("navigation")[0]
  .responseEnd], ...performance.getEntriesByType("mark").filter((m) => m.name.startsWith("kg:"))
  .map((m) => [m.name.slice(3), m.startTime])])"""
# The most connected concepts: what a person selects first.
TOP_NODES = """() => (kgExplorer.data || JSON.parse(document.getElementById("kg-data").textContent))
  .nodes.filter((n) => n.linked).sort((a, b) => b.count - a.count).slice(0, 5).map((n) => n.id)"""


def timed(page: Any, code: str) -> float:
    """Milliseconds for ``code`` (a function body) plus the synchronous redraw it leads to."""
    return page.evaluate(TIMED, code)


def measure(page: Any) -> dict[str, float]:
    """Select, filter and frame times on the page as it is now."""
    top = page.evaluate(TOP_NODES)
    select = [timed(page, f"kgExplorer.selectNode({i})") for i in top]
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


def revision_export(rev: str, tmp: Path) -> Any:
    """The explorer's export as git revision ``rev`` had it (its kg/export/html.py, layout.py and
    templates; the rest of kg is this checkout's), as a module with ``write_html``."""
    name = f"kg_html_{rev[:12]}"
    if name in sys.modules:
        return sys.modules[name]
    folder = tmp / name
    (folder / "templates").mkdir(parents=True, exist_ok=True)

    def show(path: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{path}"],
                              capture_output=True, text=True, check=True).stdout

    for file in ("explorer.html.j2", "explorer.js", "explorer.css"):
        (folder / "templates" / file).write_text(show(f"kg/export/templates/{file}"), "utf-8")
    (folder / f"{name}_layout.py").write_text(show("kg/export/layout.py"), "utf-8")
    code = show("kg/export/html.py").replace("from kg.export.layout import",
                                             f"from {name}_layout import")
    (folder / f"{name}.py").write_text(code, "utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module(name)


def open_page(browser: Any, path: Path, cap_s: float) -> tuple[Any, dict[str, Any], bool]:
    """A page opened and waited for until drawn (at most ``cap_s``): the page, its first
    figures (load average, drawn-and-interactive time, stages) and whether it got ready."""
    row: dict[str, Any] = {"load": os.getloadavg()[0]}
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(path.as_uri())
    ready = poll(page, "window.kgReadyAt", cap_s)
    row["ready_s"] = ready / 1000 if ready else None
    row["stages"] = page.evaluate(STAGES)
    return page, row, bool(ready)


def time_page(browser: Any, path: Path, cap_s: float) -> dict[str, Any]:
    """The explorer's figures for one page, with the default filters and with everything on."""
    page, row, _ = open_page(browser, path, cap_s)
    row.update(measure(page))
    row["all_on_ms"] = timed(page, 'kgExplorer.setLabel("Paper", true); '
                             "kgExplorer.setLoners(true);")
    row["all"] = measure(page)
    page.close()
    return row


# The WebGL comparison: the same page's data drawn by sigma.js + graphology, the nodes and edges
# the explorer draws by default; a frame is a full render waited for on the GPU side.
SIGMA_DRIVER = """
(function () {
  performance.mark("kg:script");
  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg:parsed");
  const N = DATA.nodes; // the explorer's columns: one list per field
  const E = DATA.edges;
  const graph = new graphology.MultiDirectedGraph();
  const on = N.key.map((_, i) => !DATA.labels[N.group[i]].paper && N.linked[i] === 1);
  N.key.forEach((_, i) => { if (on[i]) graph.addNode(i, { x: N.x[i], y: -N.y[i],
    size: N.size[i] / 4, color: DATA.labels[N.group[i]].color, label: N.label[i] }); });
  E.from.forEach((from, i) => {
    const type = DATA.types[E.type[i]];
    if (on[from] && on[E.to[i]] && !type.faint) graph.addEdgeWithKey(i, from, E.to[i],
      { color: type.color, size: 1 + Math.log2(Math.max(1, E.support[i])) / 2, type: "arrow" });
  });
  performance.mark("kg:datasets");
  const renderer = new Sigma(graph, document.getElementById("graph"), { renderEdgeLabels: false });
  performance.mark("kg:network");
  const sync = () => { for (const c of document.querySelectorAll("#graph canvas")) {
    const gl = c.getContext("webgl2") || c.getContext("webgl");
    if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4)); } };
  sync();
  performance.mark("kg:drawn");
  window.kgReadyAt = performance.now();
  window.network = { renderer: { _redraw: () => { renderer.refresh(); sync(); } } };
})();
"""


def sigma_page(ours: Path, path: Path, packages: Path) -> None:
    """``ours``'s data blocks drawn by sigma.js and graphology, from ``packages`` (a folder
    holding the npm packages unpacked: ``npm pack sigma@3.0.3 graphology@0.26.0``, each
    extracted into sigma/ and graphology/)."""
    html_text = ours.read_text("utf-8")
    blocks = re.findall(r'<script type="application/json" id="kg-[a-z]+">.*?</script>',
                        html_text, re.S)
    scripts = [(packages / "graphology/dist/graphology.umd.min.js").read_text("utf-8"),
               (packages / "sigma/dist/sigma.min.js").read_text("utf-8"), SIGMA_DRIVER]
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>sigma.js comparison</title>'
        "<style>body{margin:0} #graph{width:100vw;height:100vh}</style></head><body>"
        '<div id="graph"></div>' + "".join(blocks)
        + "".join(f"<script>{code}</script>" for code in scripts) + "</body></html>", "utf-8")


def time_sigma(browser: Any, path: Path, cap_s: float) -> dict[str, Any]:
    """Drawn-and-interactive time, stages and a frame of the sigma.js page."""
    page, row, ready = open_page(browser, path, cap_s)
    row["frame_ms"] = page.evaluate(FRAME_MS) if ready else None
    page.close()
    return row


def run(sizes: list[int], edges: int | None, cap_s: float, tmp: Path, baseline: str,
        with_pyvis: bool, sigma: Path | None = None, opens_each: int = 3) -> list[dict[str, Any]]:
    """Export every size first (no browser running), then time the pages: ours, the baseline's,
    then (if asked) pyvis's; the first drawing is the median of ``opens_each`` openings of each
    page, the two pages in turn."""
    rows = []
    for n in sizes:
        graph = graph_of(n, edges)
        ours, base, theirs = tmp / f"kg-{n}.html", tmp / f"base-{n}.html", tmp / f"pyvis-{n}.html"
        start, cpu = time.perf_counter(), time.process_time()
        write_html(graph, ours, max_nodes=n)
        export_s, export_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        revision_export(baseline, tmp).write_html(graph, base, max_nodes=n)
        base_s, base_cpu = time.perf_counter() - start, time.process_time() - cpu
        row = {"n": n, "edges": graph.nx.number_of_edges(), "export_s": export_s,
               "export_cpu_s": export_cpu, "base_export_s": base_s, "base_export_cpu_s": base_cpu,
               "base_mb": base.stat().st_size / 1e6,
               "mb": ours.stat().st_size / 1e6, "ours": ours, "base": base, "theirs": theirs,
               "pyvis_shown_s": None, "pyvis_stable_s": None, "pyvis_frame_ms": None}
        if with_pyvis:
            row.update(pyvis_export_s=pyvis_page(graph, theirs),
                       pyvis_mb=theirs.stat().st_size / 1e6)
        rows.append(row)
    with chromium() as browser:
        for row in rows:
            opens: dict[str, list[dict[str, Any]]] = {"kg": [], "baseline": []}
            for _ in range(opens_each - 1):  # first drawings, the two pages in turn
                for name, path in (("kg", row["ours"]), ("baseline", row["base"])):
                    page, first, _ = open_page(browser, path, cap_s)
                    page.close()
                    opens[name].append(first)
            row["kg"] = time_page(browser, row["ours"], cap_s)
            print(f"  kg {row['n']} nodes done", file=sys.stderr)
            row["baseline"] = time_page(browser, row["base"], cap_s)
            print(f"  baseline {row['n']} nodes done", file=sys.stderr)
            for name in ("kg", "baseline"):  # the median first drawing, with its stages
                runs = [*opens[name], row[name]]
                runs.sort(key=lambda x: float("inf") if x["ready_s"] is None else x["ready_s"])
                middle = runs[len(runs) // 2]
                row[name].update(ready_s=middle["ready_s"], stages=middle["stages"],
                                 ready_all=[x["ready_s"] for x in runs])
            if sigma:
                sigma_page(row["ours"], tmp / f"sigma-{row['n']}.html", sigma)
                row["sigma"] = time_sigma(browser, tmp / f"sigma-{row['n']}.html", cap_s)
                print(f"  sigma.js {row['n']} nodes done", file=sys.stderr)
        for row in rows:
            if not with_pyvis:
                continue
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
    """One line per size and page (this checkout, the baseline), then the ratios."""
    head = ("| nodes | edges | page | drawn+interactive s | select ms (median/max) "
            "| filter ms (median/max) | frame ms | pan/zoom frame ms | everything on: toggle ms "
            "| select ms | filter ms | frame ms | pan/zoom frame ms |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        for name in ("kg", "baseline"):
            m, a = r[name], r[name]["all"]
            lines.append(
                f"| {r['n']:,} | {r['edges']:,} | {name} | {fmt(m['ready_s'], '.2f', cap_s)} "
                f"| {m['select_ms']:.0f}/{m['select_max_ms']:.0f} "
                f"| {m['filter_ms']:.0f}/{m['filter_max_ms']:.0f} | {m['frame_ms']:.0f} "
                f"| {m['drag_ms']:.0f} | {m['all_on_ms']:.0f} "
                f"| {a['select_ms']:.0f}/{a['select_max_ms']:.0f} "
                f"| {a['filter_ms']:.0f}/{a['filter_max_ms']:.0f} | {a['frame_ms']:.0f} "
                f"| {a['drag_ms']:.0f} |")
        k, b = r["kg"], r["baseline"]

        def ratio(key: str, sub: str | None = None, k: dict = k, b: dict = b) -> str:
            x = (b[sub] if sub else b)[key]
            y = (k[sub] if sub else k)[key]
            return "n/a" if not x or not y else f"{x / y:.1f}x"

        lines.append(
            f"| {r['n']:,} | {r['edges']:,} | baseline / kg | {ratio('ready_s')} "
            f"| {ratio('select_ms')} | {ratio('filter_ms')} | {ratio('frame_ms')} "
            f"| {ratio('drag_ms')} | {ratio('all_on_ms')} | {ratio('select_ms', 'all')} "
            f"| {ratio('filter_ms', 'all')} | {ratio('frame_ms', 'all')} "
            f"| {ratio('drag_ms', 'all')} |")
    loads = ", ".join(f"{r[name]['load']:.1f}" for r in rows for name in ("kg", "baseline"))
    lines.append("\nexport (Python, write_html; wall / CPU): " + ", ".join(
        f"{r['n']:,} nodes {r['export_s']:.1f} / {r['export_cpu_s']:.1f} s, {r['mb']:.1f} MB "
        f"(baseline {r['base_export_s']:.1f} / {r['base_export_cpu_s']:.1f} s, "
        f"{r['base_mb']:.1f} MB: {r['base_export_cpu_s'] / r['export_cpu_s']:.1f}x CPU)"
        for r in rows))
    lines.append(f"1-min load average as each page opened: {loads} (on {os.cpu_count()} cores)")
    for r in rows:
        lines.append(f"{r['n']:,} nodes, each first drawing (s): " + "; ".join(
            f"{name} " + ", ".join(fmt(x, ".2f", cap_s) for x in r[name].get("ready_all", []))
            for name in ("kg", "baseline")))
    for r in rows:
        for name in ("kg", "sigma"):
            stages = (r.get(name) or {}).get("stages") or {}
            if stages:
                lines.append(f"{name} {r['n']:,} nodes, stages (ms from navigation): " + ", ".join(
                    f"{k} {v:,.0f}" for k, v in stages.items()))
        if "sigma" in r:
            sg = r["sigma"]
            frame = "n/a" if sg["frame_ms"] is None else format(sg["frame_ms"], ".0f")
            lines.append(f"sigma.js {r['n']:,} nodes (WebGL): drawn + interactive "
                         f"{fmt(sg['ready_s'], '.2f', cap_s)} s, frame {frame} ms "
                         f"(load {sg['load']:.1f}); kg frame {r['kg']['frame_ms']:.0f} ms")
    for r in rows:
        if "pyvis_export_s" in r:
            frame = r["pyvis_frame_ms"]
            lines.append(f"pyvis {r['n']:,} nodes: shown {fmt(r['pyvis_shown_s'], '.1f', cap_s)} s,"
                         f" still {fmt(r['pyvis_stable_s'], '.1f', cap_s)} s, frame "
                         f"{'n/a' if frame is None else format(frame, '.0f')} ms,"
                         f" {r['pyvis_mb']:.1f} MB")
    return "\n".join(lines)


#: The README's screenshots: file, viewport, and what is shown (a node selected or a pattern).
SHOTS = (
    ("explorer.png", (1440, 900), None),
    ("explorer-question.png", (1440, 900),
     'kgExplorer.setPattern(kgExplorer.parsePattern('
     '\'Method -USED_FOR-> Task "language modeling", -EVALUATED_ON-> Dataset\'))'),
    ("explorer-phone.png", (390, 844), "SEARCH Transformer"),
)


def screenshots(page_path: Path | None, out: Path) -> list[Path]:
    """The README's three screenshots of ``page_path`` (default: the sample corpus, built now
    with ``kg build --sample --html``), written to ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        if page_path is None:
            page_path = Path(tmp) / "kg.html"
            subprocess.run([sys.executable, "-m", "kg", "build", "--sample", "--store",
                            str(Path(tmp) / "store"), "--html", str(page_path)], check=True,
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        written = []
        with chromium() as browser:
            for name, (width, height), action in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(page_path.resolve().as_uri())
                page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
                if action and action.startswith("SEARCH "):
                    page.fill("#search", action.removeprefix("SEARCH "))
                    page.press("#search", "Enter")
                elif action:
                    page.evaluate(f"() => {{ {action}; }}")
                page.wait_for_timeout(1200)  # the view's animation, then a frame at rest
                written.append(out / name)
                page.screenshot(path=str(written[-1]))
                page.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000])
    parser.add_argument("--edges", type=int, default=40000,
                        help="about this many relationships per page (0: the default mix)")
    parser.add_argument("--cap", type=float, default=30.0, help="seconds to wait for a page")
    parser.add_argument("--opens", type=int, default=3,
                        help="open each page this many times; the median first drawing counts")
    parser.add_argument("--baseline", default=BEFORE_ISSUE_26,
                        help="git revision whose explorer page script is the baseline")
    parser.add_argument("--pyvis", action="store_true", help="also time stock pyvis")
    parser.add_argument("--sigma", type=Path, metavar="DIR",
                        help="also time the same data drawn by sigma.js (WebGL): DIR holds the npm"
                             " packages sigma (3.0.3) and graphology (0.26.0) unpacked")
    parser.add_argument("--screenshots", nargs="?", const="sample", metavar="PAGE",
                        help="instead of timing: take the README's screenshots (docs/explorer*.png)"
                             " of PAGE, an explorer file (default: the sample corpus, built now)")
    args = parser.parse_args()
    reason = unavailable()
    if reason:
        sys.exit(f"cannot benchmark: {reason}")
    if args.screenshots:
        page = None if args.screenshots == "sample" else Path(args.screenshots)
        for path in screenshots(page, ROOT / "docs"):
            print(path.relative_to(ROOT))
        return
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(args.sizes, args.edges or None, args.cap, Path(tmp), args.baseline, args.pyvis,
                   args.sigma, max(1, args.opens))
        print(table(rows, args.cap))


if __name__ == "__main__":
    main()
