/* kg explorer: draws the graph with vis-network and wires search, patterns, filters and the panel.
 * Every text that comes from the data reaches the page through textContent / Text nodes only:
 * nothing here parses data as HTML. */
(function () {
  "use strict";

  const mark = (name) => performance.mark(`kg:${name}`); // stages, for scripts/bench_html.py
  mark("script");
  const DATA = decodePage(JSON.parse(document.getElementById("kg-data").textContent));
  mark("parsed");
  const BIG = DATA.nodes.length > 1000 || DATA.edges.length > 3000;
  const FONT = "#1f2933";
  const MAX_SUGGESTIONS = 50;
  const MAX_LISTED = 100;
  const MAX_ROWS = 500;
  const VIS_LABEL_SCALE = 0.58; // below this zoom vis-network draws no label; ours take over
  const LOD_LABELS = 60;
  const MANY_LABELS = 250;
  const SLICE = 1000; // nodes or edges joining vis-network at a time on a big page

  const labelInfo = new Map(DATA.labels.map((l) => [l.name, l]));
  const typeInfo = new Map(DATA.types.map((t) => [t.name, t]));
  const nodeById = DATA.nodes; // ids are 0..n-1, in order
  const edgeById = DATA.edges;
  // The text block (evidence sentences, abstracts: most of a big page's bytes) follows the
  // scripts in the file: it is parsed when a panel first needs it, once the browser has read it.
  let text = null;
  let textWanted = false;
  function readText() {
    if (text) return text;
    if (document.readyState === "loading") { // still being read: the panel is shown again then
      if (!textWanted) {
        textWanted = true;
        document.addEventListener("DOMContentLoaded", () => { if (state.focus) showFocus(); });
      }
      return null;
    }
    text = JSON.parse($("kg-text").textContent);
    return text;
  }
  /** An edge's evidence: [{paper, text, marks: [[start, end], ...]}], or null while unread. */
  const evidenceOf = (e) => {
    const t = readText();
    return t && t.evidence[e.id].map(([paper, sentence, flat]) => ({ paper: DATA.paperIds[paper],
      text: sentence, marks: flat.filter((_, i) => i % 2 === 0).map((a, i) => [a, flat[2 * i + 1]]) }));
  };
  /** A paper's authors and abstract, or null while unread. */
  const paperText = (pid) => {
    const t = readText();
    const i = DATA.paperIndex.get(pid);
    return t && { authors: t.authors[i] || [], abstract: t.abstract[i] || null };
  };
  const incident = nodeById.map(() => []);
  for (const e of edgeById) {
    incident[e.from].push(e.id);
    if (e.to !== e.from) incident[e.to].push(e.id);
  }
  const keyOf = (n) => `${n.group}:${n.key}`;
  const byKey = new Map(nodeById.map((n) => [keyOf(n), n.id]));
  const isPaper = (n) => labelInfo.get(n.group).paper;
  const paperLabels = DATA.labels.filter((l) => l.paper).map((l) => l.name);
  // Importance for labels at low zoom: papers mentioning it, then relationships.
  const importance = nodeById.map((n) => (isPaper(n) ? 0 : n.count) * 4 + incident[n.id].length);
  const byImportance = nodeById.map((n) => n.id).sort((a, b) => importance[b] - importance[a]);

  const defaults = () => {
    const labels = DATA.labels.filter((l) => !l.paper && l.count > 0).map((l) => l.name);
    // A graph of papers only is drawn with its papers rather than blank.
    const shown = labels.length ? labels : DATA.labels.filter((l) => l.count).map((l) => l.name);
    // Concepts no relationship joins are off, unless there is nothing else to draw.
    const loners = !nodeById.some((n) => n.linked);
    return { labels: new Set(shown), types: new Set(DATA.types.map((t) => t.name)), minSupport: 1,
      loners, orphans: true };
  };
  const state = Object.assign(defaults(), { focus: null, pinned: null, pattern: null, hops: 1,
    view: "overview", sort: null });

  /** The data block (one list per field: see page_blocks in kg/export/html.py) as objects:
   * nodes and edges by id, papers by paper id. */
  function decodePage(raw) {
    const P = raw.papers;
    const papers = {};
    P.id.forEach((pid, i) => {
      if (P.title[i] !== null) papers[pid] = { title: P.title[i], year: P.year[i], url: P.url[i] };
    });
    const N = raw.nodes;
    const nodes = N.key.map((key, i) => ({
      id: i, group: raw.labels[N.group[i]].name, key, label: N.label[i], aliases: N.aliases[i] || [],
      count: N.count[i], mentions: N.mentions[i], papers: N.papers[i].map((p) => P.id[p]),
      npapers: N.papers[i].length + (N.npapers[i] || 0), size: N.size[i], x: N.x[i], y: N.y[i],
      linked: N.linked[i] === 1, confidence: N.confidence[i],
    }));
    const E = raw.edges;
    const edges = E.from.map((from, i) => ({
      id: i, from, to: E.to[i], type: raw.types[E.type[i]].name, support: E.support[i],
      confidence: E.confidence[i], curve: E.curve[i] || 0,
      // 0: the paper at the source alone (a paper's mention)
      papers: E.papers[i] === 0 ? [nodes[from].key] : E.papers[i].map((p) => P.id[p]),
      npapers: E.support[i] + (E.npapers[i] || 0), moreEvidence: E.nevidence[i] || 0,
    }));
    return Object.assign({}, raw, { nodes, edges, papers, paperIds: P.id,
      paperIndex: new Map(P.id.map((pid, i) => [pid, i])) });
  }

  // ---------------------------------------------------------------- DOM helpers (text only)
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children || []) if (child !== null && child !== undefined) node.append(child);
    return node;
  }
  const $ = (id) => document.getElementById(id);
  const NUMBER = new Intl.NumberFormat("en"); // one formatter: toLocaleString makes one a call
  const num = (n) => NUMBER.format(n);
  const plural = (n, word) => `${num(n)} ${word}${n === 1 ? "" : "s"}`;
  const short = (text, n) => (text.length > n ? text.slice(0, n - 1) + "…" : text);
  const safeUrl = (url) => typeof url === "string" && /^https?:\/\//i.test(url);

  function badge(text, color) {
    const b = el("span", { class: "badge", text });
    b.style.background = color;
    return b;
  }

  /** A paper's title: a link to its node when the page holds it, with its year and a link out. */
  function paperLink(pid) {
    const paper = DATA.papers[pid];
    const title = paper ? paper.title : pid;
    const id = byKey.get(`${paperLabels[0]}:${pid}`);
    const parts = [id === undefined ? el("span", { text: title })
      : el("button", { type: "button", class: "link", text: title, title: "Show this paper",
        onclick: () => select(id) })];
    if (paper && paper.year) parts.push(` (${paper.year})`);
    if (paper && safeUrl(paper.url)) {
      parts.push(" ", el("a", { href: paper.url, target: "_blank", rel: "noopener noreferrer",
        text: "↗", title: "Open the paper", "aria-label": "Open the paper" }));
    }
    return el("span", { class: "paper" }, parts);
  }

  // ---------------------------------------------------------------- vis data
  const nodeColor = (n) => labelInfo.get(n.group).color;
  const edgeStyle = (e) => typeInfo.get(e.type);
  const nodeTitle = (n) => {
    const lines = [n.label, `${n.group} · ${plural(n.count, "paper")}`];
    if (n.aliases.length) lines.push("also: " + short(n.aliases.join(", "), 120));
    return lines.join("\n");
  };
  const edgeTitle = (e) =>
    `${short(nodeById[e.from].label, 60)} —${e.type}→ ${short(nodeById[e.to].label, 60)}\n` +
    `support ${e.support} · confidence ${e.confidence}`;
  const DIM = "rgba(251, 252, 253, 0.86)"; // veils what is not highlighted
  const typeApplies = (t) => t.sources.some((l) => state.labels.has(l)) &&
    t.targets.some((l) => state.labels.has(l));
  const baseVisible = (n) => state.labels.has(n.group) && (n.linked || state.loners || isPaper(n));

  const nodeHidden = new Uint8Array(nodeById.length).fill(1);
  const edgeHidden = new Uint8Array(edgeById.length).fill(1);
  const visibleDegree = new Int32Array(nodeById.length);
  let lit = null; // { nodes: Set, edges: Set } drawn over a veil, or null
  let forced = { nodes: new Set(), edges: new Set() }; // drawn whatever the filters say

  function computeVisibility() {
    const base = nodeById.map(baseVisible);
    const edgeOn = new Uint8Array(edgeById.length);
    visibleDegree.fill(0);
    for (const e of edgeById) {
      const on = (state.types.has(e.type) && e.support >= state.minSupport && base[e.from] &&
        base[e.to]) || forced.edges.has(e.id);
      if (on) {
        edgeOn[e.id] = 1;
        visibleDegree[e.from] += 1;
        visibleDegree[e.to] += 1;
      }
    }
    const nodeOn = new Uint8Array(nodeById.length);
    for (const n of nodeById) {
      nodeOn[n.id] = (base[n.id] && (!state.orphans || visibleDegree[n.id] > 0)) ||
        forced.nodes.has(n.id) || state.pinned === n.id ? 1 : 0;
    }
    for (const e of edgeById) if (edgeOn[e.id] && !(nodeOn[e.from] && nodeOn[e.to])) edgeOn[e.id] = 0;
    return { nodeOn, edgeOn, base };
  }

  // The data sets never change after this: what is drawn is chosen through vis-network's own
  // index arrays (applyFilters) and the highlight is drawn over a veil (afterDrawing), since
  // updating thousands of items in a DataSet takes seconds at 5,000 nodes.
  // Items join the data sets the first time they are drawn (papers' many mentions usually never).
  // On a big page vis-network gets no labels: building and measuring thousands of them is a
  // third of its start-up, and the page names nodes itself, at every zoom (drawLabels).
  const visNode = (n) => ({
    id: n.id, label: BIG ? undefined : short(n.label, 32), title: nodeTitle(n), x: n.x, y: n.y,
    size: n.size, shape: isPaper(n) ? "square" : "dot", color: nodeColor(n),
  });
  const ARROW = 0.5; // arrowheads' scale factor
  const edgeWidth = (e) => (edgeStyle(e).faint ? 0.6 : 1 + Math.log2(Math.max(1, e.support)));
  const visEdge = (e) => {
    const style = edgeStyle(e);
    const item = { id: e.id, from: e.from, to: e.to, color: style.color, width: edgeWidth(e) };
    if (!BIG) item.title = edgeTitle(e);
    if (!style.faint) item.arrows = "to";
    if (style.dashes) item.dashes = style.dashes;
    if (e.curve) item.smooth = { enabled: true, type: "curvedCW", roundness: e.curve };
    return item;
  };
  const nodeMade = new Uint8Array(nodeById.length);
  const edgeMade = new Uint8Array(edgeById.length);
  // Faint relationships (papers' mentions: most of a big page's edges) never join vis-network:
  // they are drawn here, all in one path, under the rest; they cannot be clicked.
  const faint = edgeById.map((e) => (edgeStyle(e).faint ? 1 : 0));
  edgeMade.forEach((_, id) => { if (faint[id]) edgeMade[id] = 1; });
  let faintIds = [];
  const first = computeVisibility();
  // On a big page the page draws the nodes and edges itself and they join vis-network (for
  // clicks, the highlight, dragging) only after the first frame, a slice at a time (makeLater):
  // at first vis-network gets one node per label (its border colour is vis-network's own).
  const firstNodes = nodeById.filter((n) => first.nodeOn[n.id]);
  const nodes = new vis.DataSet((BIG ? firstNodes.filter((n, i) =>
    firstNodes.findIndex((m) => m.group === n.group) === i) : firstNodes).map((n) => {
    nodeMade[n.id] = 1;
    return visNode(n);
  }));
  const edges = new vis.DataSet(BIG ? [] : edgeById.filter((e) => first.edgeOn[e.id] && !faint[e.id]).map((e) => {
    edgeMade[e.id] = 1;
    return visEdge(e);
  }));

  mark("datasets");
  const network = new vis.Network($("graph"), { nodes, edges }, {
    autoResize: true,
    physics: { enabled: false, stabilization: false },
    layout: { improvedLayout: false },
    nodes: {
      borderWidth: 1,
      font: { size: 14, face: "system-ui, -apple-system, Segoe UI, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 9 } },
    },
    edges: {
      arrows: { to: { enabled: false, scaleFactor: ARROW } },
      color: { inherit: false },
      selectionWidth: 2,
      smooth: false,
      font: { size: 0 },
    },
    interaction: {
      hover: !BIG, tooltipDelay: 250, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
      multiselect: false, navigationButtons: false, keyboard: false,
    },
  });
  window.network = network;
  mark("network");
  let nodeIds = []; // drawn
  let visNodeIds = []; // drawn and in vis-network's data set
  let edgeIds = []; // drawn (faint ones apart)
  let visEdgeIds = []; // drawn and in vis-network's data set
  network._updateVisibleIndices = function () { // vis-network calls this after any data change
    this.body.nodeIndices = visNodeIds;
    this.body.edgeIndices = visEdgeIds;
  };
  /** Where node ``id`` is drawn: vis-network's node once it has joined, else the page's data. */
  const at = (id) => network.body.nodes[id] || nodeById[id];
  /** Nodes ``ids`` join vis-network's data set (those that have not yet). */
  function makeVisNodes(ids) {
    const fresh = [];
    for (const id of ids) {
      if (nodeMade[id]) continue;
      nodeMade[id] = 1;
      fresh.push(visNode(nodeById[id]));
    }
    if (!fresh.length) return;
    visNodeIds = nodeIds.filter((id) => nodeMade[id]);
    nodes.add(fresh);
  }
  /** Edges ``ids`` join vis-network's data set (those that have not yet), their ends first. */
  function makeVisEdges(ids) {
    const fresh = [];
    const ends = [];
    for (const id of ids) {
      if (edgeMade[id]) continue;
      edgeMade[id] = 1;
      const e = edgeById[id];
      if (!nodeMade[e.from]) ends.push(e.from);
      if (!nodeMade[e.to]) ends.push(e.to);
      fresh.push(visEdge(e));
    }
    if (!fresh.length) return;
    makeVisNodes(ends);
    visEdgeIds = edgeIds.filter((id) => edgeMade[id]);
    edges.add(fresh);
  }
  let due = false;
  /** On a big page: the drawn nodes, then edges, join vis-network after the frame is on
   * screen, in slices. */
  function makeLater() {
    if (due) return;
    due = true;
    requestAnimationFrame(() => setTimeout(function slice() {
      const nodesMissing = nodeIds.filter((id) => !nodeMade[id]);
      if (nodesMissing.length) makeVisNodes(nodesMissing.slice(0, SLICE));
      else makeVisEdges(edgeIds.filter((id) => !edgeMade[id]).slice(0, SLICE));
      if (nodeIds.some((id) => !nodeMade[id]) || edgeIds.some((id) => !edgeMade[id])) setTimeout(slice, 0);
      else due = false;
    }, 0));
  }
  if (BIG) drawInBatches(network.renderer);
  network.once("afterDrawing", () => {
    mark("drawn");
    window.kgReadyAt = performance.now();
    window.kgReady = true;
    document.body.dataset.ready = "true";
  });


  // ---------------------------------------------------------------- drawing a big page
  /** The part of the canvas in view, padded by ``pad`` pixels: [left, top, right, bottom]. */
  function inView(ctx, pad) {
    const tl = network.DOMtoCanvas({ x: -pad, y: -pad });
    const br = network.DOMtoCanvas({ x: ctx.canvas.clientWidth + pad, y: ctx.canvas.clientHeight + pad });
    return [tl.x, tl.y, br.x, br.y];
  }
  const outside = (a, b, v) => (a.x < v[0] && b.x < v[0]) || (a.x > v[2] && b.x > v[2]) ||
    (a.y < v[1] && b.y < v[1]) || (a.y > v[3] && b.y > v[3]);
  const pushTo = (map, key, item) => {
    const list = map.get(key);
    if (list) list.push(item); else map.set(key, [item]);
  };

  /** vis-network draws every node and edge as a path of its own (a save, colours, a stroke):
   * most of a frame on a big page. There, the renderer's three drawing steps are replaced: what
   * is in view is drawn in one path per colour (and dash), what is selected or hovered still by
   * vis-network, on top, as before. */
  /** Where vis-network bends a "curvedCW" edge from ``a`` to ``b`` (its control point). */
  function viaPoint(a, b, roundness) {
    const dx = b.x - a.x;
    const dy = a.y - b.y;
    const k = 0.5 * roundness + 0.5;
    const angle = (Math.atan2(dy, dx) + k * Math.PI) % (2 * Math.PI);
    const length = Math.sqrt(dx * dx + dy * dy);
    return { x: a.x + k * length * Math.sin(angle), y: a.y + k * length * Math.cos(angle) };
  }

  /** A label's node options as vis-network made them (shape, colours), from one of its nodes. */
  const styles = new Map();
  function styleOf(group) {
    if (!styles.has(group)) {
      let id = nodeById.findIndex((n) => n.group === group && nodeMade[n.id]);
      if (id < 0) {
        id = nodeById.findIndex((n) => n.group === group);
        makeVisNodes([id]);
      }
      styles.set(group, network.body.nodes[id].options);
    }
    return styles.get(group);
  }

  function drawInBatches(r) {
    const visNodes = r._drawNodes.bind(r);
    r._drawEdges = function (ctx) {
      const body = network.body;
      const view = inView(ctx, 40);
      const groups = new Map();
      const onTop = [];
      for (const id of edgeIds) {
        const e = edgeById[id];
        const made = body.edges[id];
        if (made && (made.selected || made.hover || e.from === e.to)) { onTop.push(made); continue; }
        if (e.from === e.to || outside(at(e.from), at(e.to), view)) continue;
        pushTo(groups, `${e.type}|${edgeWidth(e)}`, id);
      }
      ctx.save();
      ctx.lineCap = "round";
      for (const list of groups.values()) {
        const first = edgeById[list[0]];
        const style = edgeStyle(first);
        ctx.beginPath();
        for (const id of list) {
          const e = edgeById[id];
          const a = at(e.from);
          const b = at(e.to);
          ctx.moveTo(a.x, a.y);
          if (e.curve) {
            const via = viaPoint(a, b, e.curve);
            ctx.quadraticCurveTo(via.x, via.y, b.x, b.y);
          } else {
            ctx.lineTo(b.x, b.y);
          }
        }
        ctx.strokeStyle = style.color;
        ctx.lineWidth = edgeWidth(first);
        ctx.setLineDash(style.dashes || []);
        ctx.stroke();
      }
      ctx.restore();
      for (const e of onTop) if (e.connected) e.draw(ctx);
    };
    r._drawArrows = function (ctx) {
      const body = network.body;
      const scale = network.getScale();
      const view = inView(ctx, 40);
      const groups = new Map();
      for (const id of edgeIds) {
        const e = edgeById[id];
        const made = body.edges[id];
        if (made && (made.selected || made.hover || e.from === e.to)) {
          if (made.connected) made.drawArrows(ctx);
          continue;
        }
        // an arrowhead as vis-network sizes it; under 1.5 pixels it cannot be seen
        if ((ARROW * 15 + 3 * edgeWidth(e)) * scale < 1.5) continue;
        if (e.from !== e.to && !outside(at(e.from), at(e.to), view)) pushTo(groups, edgeStyle(e).color, id);
      }
      ctx.save();
      for (const [color, list] of groups) {
        ctx.beginPath();
        for (const id of list) {
          const e = edgeById[id];
          const to = at(e.to);
          const from = e.curve ? viaPoint(at(e.from), to, e.curve) : at(e.from);
          const angle = Math.atan2(to.y - from.y, to.x - from.x);
          const gap = nodeById[e.to].size + 1;
          const x = to.x - gap * Math.cos(angle);
          const y = to.y - gap * Math.sin(angle);
          const length = ARROW * 15 + 3 * edgeWidth(e);
          const c = Math.cos(angle) * length;
          const s = Math.sin(angle) * length;
          ctx.moveTo(x, y);
          ctx.lineTo(x - c + 0.3 * s, y - s - 0.3 * c);
          ctx.lineTo(x - 0.9 * c, y - 0.9 * s);
          ctx.lineTo(x - c - 0.3 * s, y - s + 0.3 * c);
          ctx.closePath();
        }
        ctx.fillStyle = color;
        ctx.fill();
      }
      ctx.restore();
    };
    r._drawNodes = function (ctx, always) {
      if (always) return visNodes(ctx, always); // vis-network sizing everything at once
      const body = network.body;
      const view = inView(ctx, 20);
      const groups = new Map();
      const onTop = [];
      for (const id of nodeIds) {
        const node = body.nodes[id];
        if (node) {
          node.updateBoundingBox(ctx, node.selected); // what clicks are tested against
          if (node.selected || node.hover) { onTop.push(node); continue; }
        }
        const p = node || nodeById[id];
        const size = nodeById[id].size;
        if (p.x + size < view[0] || p.x - size > view[2] || p.y + size < view[1] || p.y - size > view[3]) continue;
        pushTo(groups, nodeById[id].group, p);
      }
      ctx.save();
      ctx.lineWidth = Math.min(18, 1 / network.getScale()); // one pixel, as vis-network's border
      for (const [group, list] of groups) {
        const o = styleOf(group);
        ctx.beginPath();
        for (const node of list) {
          const size = nodeById[node.id].size;
          if (o.shape === "square") {
            ctx.rect(node.x - size, node.y - size, 2 * size, 2 * size);
          } else {
            ctx.moveTo(node.x + size, node.y);
            ctx.arc(node.x, node.y, size, 0, 2 * Math.PI);
          }
        }
        ctx.fillStyle = o.color.background;
        ctx.fill();
        ctx.strokeStyle = o.color.border;
        ctx.stroke();
      }
      ctx.restore();
      for (const node of onTop) node.draw(ctx);
      return { drawExternalLabels: null };
    };
  }

  /** Papers' mentions ``ids`` as one path (those in view: zoomed in, most are not). */
  function strokeFaint(ctx, ids) {
    const view = inView(ctx, 2);
    ctx.beginPath();
    for (const id of ids) {
      const e = edgeById[id];
      const a = at(e.from);
      const b = at(e.to);
      if (outside(a, b, view)) continue;
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    }
    ctx.stroke();
  }
  const faintColor = (DATA.types.find((t) => t.faint) || { color: "#c3cad3" }).color;
  // On a big page the mentions' layer (tens of thousands of lines) is kept as an image once a
  // view holds still, and drawn again only when the view, the positions or what is drawn change:
  // a selection, a hover or a panel's redraw then costs a copy; while a view moves (an animated
  // fit) the kept image moves and scales with it, drawn afresh once the view is still.
  let faintLayer = null; // { key, canvas, transform, version }
  let settle = null; // a redraw once the view holds still
  let faintVersion = 0; // bumped when the drawn mentions or the nodes' positions change
  let faintKey = ""; // the view of the last frame
  network.on("dragEnd", () => { faintVersion += 1; });
  network.on("beforeDrawing", (ctx) => {
    const r = network.renderer;
    if (!faintIds.length || (BIG && (r.dragging || r.zooming))) return;
    const paint = (g) => {
      g.strokeStyle = faintColor;
      g.lineWidth = 0.6;
      strokeFaint(g, faintIds);
    };
    if (!BIG) {
      ctx.save();
      paint(ctx);
      ctx.restore();
      return;
    }
    if (network.physics.physicsEnabled) faintVersion += 1; // nodes move on every frame
    const t = ctx.getTransform();
    const key = [t.a, t.d, t.e, t.f, ctx.canvas.width, ctx.canvas.height, faintVersion].join(" ");
    const layer = faintLayer;
    const moving = faintKey !== key; // a view in motion (an animation), or a new one
    faintKey = key;
    if (!layer || layer.key !== key) {
      if (moving) {
        ctx.save();
        if (layer && layer.version === faintVersion && layer.canvas.width === ctx.canvas.width &&
          layer.canvas.height === ctx.canvas.height) {
          // the kept image, moved and scaled to this view; drawn afresh once the view is still
          ctx.setTransform(t.multiply(layer.transform.inverse()));
          ctx.drawImage(layer.canvas, 0, 0);
          clearTimeout(settle);
          settle = setTimeout(() => network.redraw(), 120);
        } else {
          paint(ctx); // drawn as it is, not kept
        }
        ctx.restore();
        return;
      }
      const canvas = layer ? layer.canvas : document.createElement("canvas");
      if (canvas.width !== ctx.canvas.width || canvas.height !== ctx.canvas.height) {
        canvas.width = ctx.canvas.width;
        canvas.height = ctx.canvas.height;
      }
      const g = canvas.getContext("2d");
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.clearRect(0, 0, canvas.width, canvas.height);
      g.setTransform(t);
      paint(g);
      faintLayer = { key, canvas, transform: t, version: faintVersion };
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(faintLayer.canvas, 0, 0);
    ctx.restore();
  });

  // ---------------------------------------------------------------- the highlight
  const TYPE_FONT = "system-ui, -apple-system, Segoe UI, sans-serif";
  const typeWidths = new Map(); // a type label's width at 11px, measured once
  function typeWidth(ctx, type) {
    if (!typeWidths.has(type)) {
      ctx.save();
      ctx.font = `11px ${TYPE_FONT}`;
      typeWidths.set(type, ctx.measureText(type).width);
      ctx.restore();
    }
    return typeWidths.get(type);
  }
  network.on("afterDrawing", (ctx) => {
    if (!lit) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = DIM;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    const body = network.body;
    const faintLit = [];
    for (const id of lit.edges) {
      if (edgeHidden[id]) continue;
      if (faint[id]) { faintLit.push(id); continue; }
      const e = body.edges[id];
      if (e && e.connected) { e.draw(ctx); e.drawArrows(ctx); }
    }
    ctx.save();
    ctx.strokeStyle = "#8795a6";
    ctx.lineWidth = 1 / Math.max(network.getScale(), 0.2);
    strokeFaint(ctx, faintLit);
    ctx.restore();
    const scale = network.getScale();
    ctx.save();
    ctx.font = `${11 / scale}px ${TYPE_FONT}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3 / scale;
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#ffffff";
    const boxes = [];
    for (const id of lit.edges) { // the type of each highlighted relationship, where it fits
      const e = edgeById[id];
      const a = at(e.from);
      const b = at(e.to);
      if (edgeHidden[id] || e.from === e.to) continue;
      const x = (a.x + b.x) / 2;
      const y = (a.y + b.y) / 2;
      const half = typeWidth(ctx, e.type) / scale / 2 + 2 / scale;
      const tall = 7 / scale;
      if (Math.hypot(a.x - b.x, a.y - b.y) - nodeById[e.from].size - nodeById[e.to].size < 2 * half) continue;
      const box = [x - half, y - tall, x + half, y + tall];
      if (boxes.some((q) => box[0] < q[2] && box[2] > q[0] && box[1] < q[3] && box[3] > q[1])) continue;
      boxes.push(box);
      ctx.fillStyle = faint[id] ? "#66768a" : edgeStyle(edgeById[id]).color;
      ctx.strokeText(edgeById[id].type, x, y);
      ctx.fillText(edgeById[id].type, x, y);
    }
    ctx.restore();
    for (const id of lit.nodes) if (!nodeHidden[id] && body.nodes[id]) body.nodes[id].draw(ctx);
  });

  // ---------------------------------------------------------------- labels at low zoom
  // vis-network names nodes only from zoom VIS_LABEL_SCALE on (on a big page, never); elsewhere
  // the most important visible nodes in view are named at a fixed screen size, greedily, without
  // overlaps: LOD_LABELS of them zoomed out, up to MANY_LABELS zoomed in on a big page.
  const labelWidth = new Float32Array(nodeById.length); // px at 12px, measured once
  network.on("afterDrawing", (ctx) => {
    const scale = network.getScale();
    const r = network.renderer;
    if ((scale >= VIS_LABEL_SCALE && !BIG) || (BIG && (r.dragging || r.zooming))) return; // as edges do
    const limit = scale >= VIS_LABEL_SCALE ? MANY_LABELS : LOD_LABELS;
    const tl = network.DOMtoCanvas({ x: 0, y: 0 });
    const br = network.DOMtoCanvas({ x: ctx.canvas.clientWidth, y: ctx.canvas.clientHeight });
    const placed = [];
    ctx.save();
    ctx.font = "600 12px system-ui, -apple-system, Segoe UI, sans-serif";
    let scanned = 0;
    const focus = state.focus && state.focus.kind === "node" ? [state.focus.id] : [];
    for (const id of focus.concat(byImportance)) {
      if (placed.length >= limit || scanned > 1500) break;
      if (nodeHidden[id] || (lit && !lit.nodes.has(id))) continue;
      const p = at(id);
      if (p.x < tl.x || p.x > br.x || p.y < tl.y || p.y > br.y) continue;
      scanned += 1;
      const text = short(nodeById[id].label, 28);
      if (!labelWidth[id]) labelWidth[id] = ctx.measureText(text).width + 6;
      const sx = (p.x - tl.x) * scale;
      const sy = (p.y - tl.y) * scale + nodeById[id].size * scale + 1;
      const box = [sx - labelWidth[id] / 2, sy, sx + labelWidth[id] / 2, sy + 15];
      if (placed.some((q) => box[0] < q.box[2] && box[2] > q.box[0] && box[1] < q.box[3] &&
        box[3] > q.box[1])) continue;
      placed.push({ box, text, x: p.x, y: p.y + nodeById[id].size + 1 / scale });
    }
    ctx.font = `600 ${12 / scale}px system-ui, -apple-system, Segoe UI, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineWidth = 3 / scale;
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = FONT;
    for (const q of placed) {
      ctx.strokeText(q.text, q.x, q.y);
      ctx.fillText(q.text, q.x, q.y);
    }
    ctx.restore();
    window.kgLodLabels = placed.map((q) => q.text);
  });

  // ---------------------------------------------------------------- filters
  function applyFilters() {
    const { nodeOn, edgeOn } = computeVisibility();
    nodeIds = [];
    edgeIds = [];
    faintIds = [];
    faintVersion += 1;
    for (let id = 0; id < nodeOn.length; id++) {
      nodeHidden[id] = nodeOn[id] ? 0 : 1;
      if (nodeOn[id]) nodeIds.push(id);
    }
    for (let id = 0; id < edgeOn.length; id++) {
      edgeHidden[id] = edgeOn[id] ? 0 : 1;
      if (edgeOn[id]) (faint[id] ? faintIds : edgeIds).push(id);
    }
    visNodeIds = nodeIds.filter((id) => nodeMade[id]);
    visEdgeIds = edgeIds.filter((id) => edgeMade[id]);
    network._updateVisibleIndices();
    if (!BIG) {
      makeVisNodes(nodeIds);
      makeVisEdges(edgeIds);
    } else if (visNodeIds.length < nodeIds.length || visEdgeIds.length < edgeIds.length) {
      makeLater();
    }
    const focus = state.focus;
    if (focus && (focus.kind === "node" ? nodeHidden : edgeHidden)[focus.id]) clearFocus();
    else restyle();
    showCounts();
    syncControls();
  }

  function counts() {
    const shown = { nodes: 0, edges: 0 };
    nodeHidden.forEach((h) => { if (!h) shown.nodes += 1; });
    edgeHidden.forEach((h) => { if (!h) shown.edges += 1; });
    return {
      nodes: shown.nodes, edges: shown.edges, pageNodes: nodeById.length, pageEdges: edgeById.length,
      graphNodes: DATA.total.nodes, graphEdges: DATA.total.edges,
    };
  }

  function showCounts() {
    const c = counts();
    $("counts").textContent = `${num(c.nodes)} of ${plural(c.pageNodes, "node")}, ` +
      `${num(c.edges)} of ${plural(c.pageEdges, "relationship")} drawn`;
    const empty = $("empty");
    if (!nodeById.length) {
      $("empty-text").textContent = "This graph is empty.";
      $("reset").hidden = true;
      empty.hidden = false;
    } else {
      empty.hidden = c.nodes > 0;
    }
  }

  function buildFilters() {
    const labelList = $("label-filters");
    for (const info of DATA.labels) {
      const box = el("input", { type: "checkbox", "data-label": info.name });
      box.disabled = info.count === 0;
      box.addEventListener("change", () => setLabel(info.name, box.checked));
      const swatch = el("span", { class: "swatch" + (info.paper ? " square" : "") });
      swatch.style.background = info.color;
      const title = info.description + (info.paper ? " (off at first: there are many; drawn, they bury the relationships)" : "");
      labelList.append(el("li", { title }, [el("label", {}, [
        box, swatch, el("span", { class: "name", text: info.name }),
        el("span", { class: "count", text: num(info.count) }),
      ])]));
    }
    const loners = nodeById.filter((n) => !n.linked && !isPaper(n)).length;
    $("loners-count").textContent = num(loners);
    $("loners").addEventListener("change", (ev) => setLoners(ev.target.checked));
    $("orphans").addEventListener("change", (ev) => setOrphans(ev.target.checked));
    const typeList = $("type-filters");
    for (const info of DATA.types) {
      const box = el("input", { type: "checkbox", "data-type": info.name });
      box.addEventListener("change", () => setType(info.name, box.checked));
      const line = el("span", { class: "line" });
      line.style.borderTop = `${info.faint ? 1 : 3}px ${info.dashes ? "dashed" : "solid"} ${info.color}`;
      typeList.append(el("li", { title: info.description }, [el("label", {}, [
        box, line, el("span", { class: "name", text: info.name }),
        el("span", { class: "count", text: num(info.count) }),
      ]), el("p", { class: "reason", "data-reason": info.name, hidden: "" })]));
    }
    const slider = $("support");
    const maxSupport = edgeById.reduce((m, e) => Math.max(m, e.support), 1);
    slider.max = String(maxSupport);
    slider.disabled = maxSupport <= 1;
    slider.addEventListener("input", () => setMinSupport(Number(slider.value)));
    $("reset").addEventListener("click", resetFilters);
    $("fit").addEventListener("click", () => fitVisible({ duration: 400 }));
    $("physics").addEventListener("change", (ev) => setPhysics(ev.target.checked));
    $("restore").addEventListener("click", restoreLayout);
    $("hops").addEventListener("change", (ev) => setHops(Number(ev.target.value)));
    const sizes = el("div", { class: "sizes" });
    for (const count of [1, 10, 100]) {
      const d = 2 * Math.round((10 + 6 * Math.log2(1 + count)) * 0.6);
      const dot = el("span", { class: "dot" });
      dot.style.width = dot.style.height = `${d}px`;
      sizes.append(el("span", { class: "size" }, [dot, el("span", { text: plural(count, "paper") })]));
    }
    $("size-legend").append(sizes);
  }

  /** Checkboxes follow the state; toggles that cannot change what is drawn say why. */
  function syncControls() {
    document.querySelectorAll("#label-filters input").forEach((box) => {
      box.checked = state.labels.has(box.dataset.label);
    });
    const papersOn = paperLabels.some((l) => state.labels.has(l));
    for (const info of DATA.types) {
      const box = document.querySelector(`#type-filters input[data-type="${info.name}"]`);
      const reason = document.querySelector(`#type-filters p[data-reason="${info.name}"]`);
      box.checked = state.types.has(info.name);
      let why = "";
      if (info.count === 0) why = "None on this page.";
      else if (!typeApplies(info)) {
        const missing = info.sources.some((l) => state.labels.has(l)) ? info.targets : info.sources;
        why = `Needs ${missing.join(" or ")} turned on.`;
      }
      box.disabled = !!why;
      reason.textContent = why;
      reason.hidden = !why || info.count === 0;
    }
    const loners = nodeById.some((n) => !n.linked && !isPaper(n));
    const lonerWhy = !loners ? "" : state.orphans && !papersOn
      ? "Only papers join them to the graph: turn on Paper or turn off Hide orphans." : "";
    $("loners").disabled = !loners || !!lonerWhy;
    $("loners").checked = state.loners;
    $("loners-reason").textContent = lonerWhy;
    $("loners-reason").hidden = !lonerWhy;
    $("orphans").checked = state.orphans;
    $("support").value = String(state.minSupport);
    $("support-value").textContent = String(state.minSupport);
    $("hops").value = String(state.hops);
  }

  /** vis-network's fit to nodes ``ids`` (every drawn one when empty), also to nodes that have
   * not joined it yet (a big page's, just after it opens): from the page's own positions. */
  function fitTo(ids, options) {
    if (!ids.length || ids.every((id) => nodeMade[id])) {
      network.fit(Object.assign({}, options, ids.length ? { nodes: ids } : {}));
      return;
    }
    const range = [Infinity, Infinity, -Infinity, -Infinity];
    for (const id of ids) {
      const p = at(id);
      const r = nodeById[id].size;
      range[0] = Math.min(range[0], p.x - r);
      range[1] = Math.min(range[1], p.y - r);
      range[2] = Math.max(range[2], p.x + r);
      range[3] = Math.max(range[3], p.y + r);
    }
    const canvas = network.canvas.frame.canvas;
    const scale = canvas.clientWidth && canvas.clientHeight ? Math.min(canvas.clientWidth /
      (1.1 * (range[2] - range[0])), canvas.clientHeight / (1.1 * (range[3] - range[1]))) : 1;
    network.moveTo({ position: { x: (range[0] + range[2]) / 2, y: (range[1] + range[3]) / 2 },
      scale: Math.min(scale, options.maxZoomLevel), animation: options.animation });
  }

  function fitVisible(animation) {
    const ids = [];
    nodeHidden.forEach((hidden, id) => { if (!hidden) ids.push(id); });
    fitTo(ids, { animation, maxZoomLevel: 1.5 });
  }

  function changed() {
    applyFilters();
    if (state.pattern) runPattern(state.pattern, { keepView: true });
    writeHash();
  }
  function setLabel(label, on) {
    if (on) state.labels.add(label); else state.labels.delete(label);
    changed();
  }
  function setType(type, on) {
    if (on) state.types.add(type); else state.types.delete(type);
    changed();
  }
  function setLoners(on) { state.loners = on; changed(); }
  function setOrphans(on) { state.orphans = on; changed(); }
  function setMinSupport(n) { state.minSupport = Math.max(1, n | 0); changed(); }
  function resetFilters() { Object.assign(state, defaults()); changed(); }
  function setHops(n) {
    state.hops = Math.min(3, Math.max(1, n | 0));
    syncControls();
    if (state.focus && state.focus.kind === "node") select(state.focus.id);
    writeHash();
  }

  function setPhysics(on) {
    $("physics").checked = on;
    if (on) { // every drawn node and edge in the simulation
      makeVisNodes(nodeIds);
      makeVisEdges(edgeIds);
    }
    network.setOptions({ physics: on
      ? { enabled: true, solver: "barnesHut", stabilization: false,
        barnesHut: { gravitationalConstant: -4000, springLength: 90, damping: 0.35 } }
      : { enabled: false } });
    if (on) $("restore").hidden = false;
  }
  /** Every node back where the page placed it (after physics moved them). */
  function restoreLayout() {
    setPhysics(false);
    faintVersion += 1;
    for (const n of nodeById) {
      const node = network.body.nodes[n.id];
      if (!node) continue;
      node.x = n.x;
      node.y = n.y;
    }
    $("restore").hidden = true;
    fitVisible({ duration: 300 });
  }

  // ---------------------------------------------------------------- highlight
  /** Nodes and edges within state.hops of the focus, over drawn edges. */
  function neighbourhood() {
    const focus = state.focus;
    const keepNodes = new Set();
    const keepEdges = new Set();
    if (focus && focus.kind === "node") {
      keepNodes.add(focus.id);
      let frontier = [focus.id];
      for (let hop = 0; hop < state.hops && frontier.length; hop++) {
        const next = [];
        for (const id of frontier) {
          for (const eid of incident[id]) {
            if (edgeHidden[eid]) continue;
            keepEdges.add(eid);
            const e = edgeById[eid];
            const other = e.from === id ? e.to : e.from;
            if (!keepNodes.has(other)) { keepNodes.add(other); next.push(other); }
          }
        }
        frontier = next;
      }
    } else if (focus && focus.kind === "edge") {
      const e = edgeById[focus.id];
      keepEdges.add(e.id);
      keepNodes.add(e.from);
      keepNodes.add(e.to);
    } else if (state.pattern && state.pattern.result) {
      return { keepNodes: state.pattern.result.nodes, keepEdges: state.pattern.result.edges };
    } else {
      return null;
    }
    return { keepNodes, keepEdges };
  }

  function restyle() {
    const hood = neighbourhood();
    lit = hood && { nodes: hood.keepNodes, edges: hood.keepEdges };
    if (lit) {
      makeVisNodes([...lit.nodes].filter((id) => !nodeHidden[id]));
      makeVisEdges([...lit.edges].filter((id) => !edgeHidden[id]));
    }
    network.body.emitter.emit("_requestRedraw"); // on the next frame
  }

  function frame(ids) {
    const list = [...ids].filter((id) => !nodeHidden[id]);
    if (!list.length) return;
    fitTo(list, { maxZoomLevel: 1.6, animation: { duration: 350, easingFunction: "easeInOutQuad" } });
  }

  // ---------------------------------------------------------------- selection
  /** Select a node: draw it even if the filters hide it (and say so), frame its neighbourhood. */
  function select(id, options) {
    const opts = options || {};
    const n = nodeById[id];
    state.focus = { kind: "node", id };
    if (nodeHidden[id]) {
      state.pinned = id;
      applyFilters();
    } else if (state.pinned !== null && state.pinned !== id) {
      state.pinned = null;
      applyFilters();
    }
    showPinNote();
    makeVisNodes([id]);
    network.selectNodes([id], false);
    restyle();
    showNodePanel(n);
    if (opts.frame !== false) frame(neighbourhood().keepNodes);
    writeHash();
  }

  function selectEdge(id) {
    const e = edgeById[id];
    if (edgeHidden[id]) {
      forced.edges.add(id);
      applyFilters();
    }
    state.focus = { kind: "edge", id };
    makeVisEdges([id]);
    if (faint[id]) network.unselectAll();
    else network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    restyle();
    showEdgePanel(e);
    frame([e.from, e.to]);
    writeHash();
  }

  function showPinNote() {
    const note = $("pin-note");
    const id = state.pinned;
    if (id === null) { note.hidden = true; return; }
    const n = nodeById[id];
    note.replaceChildren(
      `“${short(n.label, 60)}” is drawn although the filters hide it (${whyHidden(n)}); the filters are unchanged. `,
      el("button", { type: "button", class: "link", text: "Hide it again", onclick: () => clearFocus() }));
    note.hidden = false;
  }
  function whyHidden(n) {
    if (!state.labels.has(n.group)) return `${n.group} is off`;
    if (!n.linked && !isPaper(n) && !state.loners) return "an unrelated concept";
    return "none of its relationships is drawn";
  }

  function clearFocus() {
    const hadPin = state.pinned !== null || forced.edges.size;
    state.focus = null;
    state.pinned = null;
    if (state.pattern) forced = patternForced(state.pattern); else forced = { nodes: new Set(), edges: new Set() };
    showPinNote();
    network.unselectAll();
    if (hadPin) applyFilters(); else restyle();
    if (state.pattern) showPatternPanel(); else showOverview();
    writeHash();
  }

  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0]);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else clearFocus();
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length) {
      network.focus(params.nodes[0], { scale: Math.max(network.getScale(), 1.3), animation: { duration: 400 } });
    }
  });
  document.addEventListener("keydown", (ev) => {
    const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement;
    if (ev.key === "Escape" && !(typing && ev.target.id === "search" && !list.hidden)) {
      if (state.focus || state.pinned !== null) clearFocus();
      else if (state.pattern) clearPattern();
    } else if (ev.key === "/" && !typing) {
      ev.preventDefault();
      input.focus();
    }
  });

  // ---------------------------------------------------------------- side panel
  const panel = $("panel-body");
  function showPanel(parts) {
    panel.replaceChildren(...parts.filter((p) => p !== null && p !== undefined));
    panel.scrollTop = 0;
    $("panel").scrollTop = 0;
    openSheet();
  }

  function nodeButton(id, maxLength) {
    const n = nodeById[id];
    return el("button", { type: "button", class: "link", text: short(n.label, maxLength || 60),
      "data-node": id, onclick: () => select(id) });
  }

  function more(shown, total, what) {
    return total > shown ? el("p", { class: "more", text: `… and ${plural(total - shown, what)} more` }) : null;
  }

  function backToPattern() {
    if (!state.pattern || !state.pattern.result) return null;
    return el("p", {}, [el("button", { type: "button", class: "link back",
      text: `← Back to the ${plural(state.pattern.result.rows.length, "result")} of ${short(patternText(state.pattern), 80)}`,
      onclick: () => clearFocus() })]);
  }

  function showOverview() {
    const c = counts();
    const items = DATA.labels.filter((l) => l.count).map((l) =>
      el("li", {}, [badge(l.name, l.color), ` ${num(l.count)}`]));
    showPanel([
      el("h2", { text: "Overview" }),
      el("p", { text: `The graph holds ${plural(c.graphNodes, "node")} and ${plural(c.graphEdges, "relationship")}.` }),
      el("ul", { class: "plain" }, items),
      el("p", { class: "hint", text: "Search a name or alias above, click a node to see its relationships grouped by type, or write a pattern such as:" }),
      el("ul", { class: "plain examples" }, examples().map((text) => el("li", {}, [
        el("button", { type: "button", class: "link example", text, onclick: () => setPattern(parsePattern(text)) })]))),
    ]);
  }

  /** Two example patterns that have answers on this page. */
  function examples() {
    const out = [];
    const best = (type) => {
      let top = null;
      const score = new Map();
      for (const e of edgeById) if (e.type === type) score.set(e.to, (score.get(e.to) || 0) + 1);
      for (const [id, s] of score) if (!top || s > top[1]) top = [id, s];
      return top && nodeById[top[0]];
    };
    const task = best("USED_FOR");
    if (task) out.push(`Method -USED_FOR-> ${task.group} ${quote(task.label)}, -EVALUATED_ON-> Dataset`);
    const compared = best("COMPARED_WITH");
    if (compared) out.push(`* -COMPARED_WITH- ${compared.group} ${quote(compared.label)}`);
    return out;
  }

  /** A node's relationships as groups: one per type and direction, with counts. */
  function relationshipGroups(n) {
    const groups = new Map();
    for (const id of incident[n.id]) {
      const e = edgeById[id];
      const dir = typeInfo.get(e.type).symmetric ? "any" : e.from === n.id ? "out" : "in";
      const k = `${dir} ${e.type}`;
      if (!groups.has(k)) groups.set(k, { type: e.type, dir, edges: [], labels: new Set() });
      const g = groups.get(k);
      g.edges.push(e);
      g.labels.add(nodeById[e.from === n.id ? e.to : e.from].group);
    }
    const mentionLike = (g) => (edgeStyle(g).faint || paperLabels.some((l) => typeInfo.get(g.type).sources.includes(l)) ? 1 : 0);
    return [...groups.values()].sort((a, b) => mentionLike(a) - mentionLike(b) ||
      b.edges.length - a.edges.length || a.type.localeCompare(b.type));
  }

  function groupPattern(n, g) {
    const labels = [...g.labels];
    const dir = { out: "in", in: "out", any: "any" }[g.dir];
    return { subject: { label: labels.length === 1 ? labels[0] : null, name: null },
      branches: [{ type: g.type, dir, label: n.group, name: n.label, id: n.id }] };
  }

  /** The focused node's or edge's panel, again (once the text block has been read). */
  function showFocus() {
    const f = state.focus;
    if (f.kind === "node") showNodePanel(nodeById[f.id]); else showEdgePanel(edgeById[f.id]);
  }

  function showNodePanel(n) {
    const info = labelInfo.get(n.group);
    const parts = [backToPattern(), el("p", {}, [badge(n.group, info.color)]), el("h2", { class: "name", text: n.label })];
    if (info.paper) {
      const paper = Object.assign({}, DATA.papers[n.key], paperText(n.key) || { reading: true });
      const facts = [];
      if (paper.year) facts.push(`${paper.year}`);
      if (paper.authors && paper.authors.length) facts.push(short(paper.authors.join(", "), 300));
      if (facts.length) parts.push(el("p", { class: "authors", text: facts.join(" · ") }));
      if (safeUrl(paper.url)) {
        parts.push(el("p", {}, [el("a", { href: paper.url, target: "_blank", rel: "noopener noreferrer", text: paper.url, class: "url" })]));
      }
      if (paper.abstract) parts.push(el("h3", { text: "Abstract" }), abstractWithMentions(n, paper.abstract));
      if (paper.reading) parts.push(el("p", { class: "hint reading", text: "Reading the abstract…" }));
    } else {
      const facts = [plural(n.count, "paper")];
      if (n.mentions) facts.push(plural(n.mentions, "mention"));
      if (typeof n.confidence === "number") facts.push(`confidence ${n.confidence}`);
      parts.push(el("p", { class: "facts", text: facts.join(" · ") }));
      if (n.aliases.length) {
        parts.push(el("p", { class: "aliases" }, ["Also called: ", el("span", { text: n.aliases.join(", ") })]));
      }
    }
    const groups = relationshipGroups(n);
    if (groups.length) {
      parts.push(el("h3", { text: "Relationships" }));
      const list = el("ul", { class: "groups plain" });
      for (const g of groups) {
        const head = g.dir === "out" ? `${g.type} →` : g.dir === "in" ? `← ${g.type}` : `— ${g.type} —`;
        const far = (e) => (e.from === n.id ? e.to : e.from);
        const what = [...g.labels].join(", ");
        const sorted = g.edges.slice().sort((a, b) => b.support - a.support ||
          nodeById[far(a)].label.localeCompare(nodeById[far(b)].label));
        const details = el("details", { class: "group", "data-group": `${g.dir} ${g.type}` });
        const show = el("button", { type: "button", class: "show-group", text: "Show",
          title: "Show just this group, as a subgraph and a table",
          onclick: (ev) => { ev.preventDefault(); setPattern(groupPattern(n, g)); } });
        const summary = el("summary", {}, [
          el("span", { class: "rel", text: head }), " ", el("span", { class: "what", text: what }),
          el("span", { class: "count", text: ` ${g.edges.length}` }), " ", show]);
        const rows = sorted.slice(0, MAX_LISTED).map((e) => {
          const other = far(e);
          return el("li", { class: edgeHidden[e.id] ? "filtered" : "" }, [nodeButton(other),
            " ", el("button", { type: "button", class: "link evidence-link", text: `${e.support} · ${e.confidence}`,
              title: "Support · confidence: show the evidence", onclick: () => selectEdge(e.id) })]);
        });
        details.append(...[summary, el("ul", { class: "plain" }, rows), more(rows.length, g.edges.length, "relationship")].filter(Boolean));
        if (groups.length <= 3 && !edgeStyle(g).faint) details.open = true;
        list.append(el("li", {}, [details]));
      }
      parts.push(list);
    }
    if (!info.paper) {
      const papers = el("details", Object.assign({ class: "papers-section" }, n.npapers <= 5 ? { open: "" } : {}), [
        el("summary", { text: `Papers (${num(n.npapers)})` }),
        el("ul", { class: "papers" }, n.papers.map((pid) => el("li", {}, [paperLink(pid)]))),
        more(n.papers.length, n.npapers, "paper")]);
      parts.push(papers);
    }
    showPanel(parts);
  }

  /** A mention's mark: a button that selects its concept's node. */
  const mentionButton = (text, id) => el("mark", {}, [el("button", { type: "button", class: "mention",
    text, title: `${nodeById[id].group}: ${nodeById[id].label}`, "data-node": id, onclick: () => select(id) })]);

  /** The abstract with the concepts the paper mentions marked, each a link to its node: where
   * the extractor found each mention (its evidence: sentence and marks), then every other place
   * a mentioned concept's name or alias occurs. */
  function abstractWithMentions(n, text) {
    const taken = new Uint8Array(text.length);
    const marks = [];
    const take = (at, end, id) => {
      if (at < 0 || end > text.length || at >= end || taken.subarray(at, end).some((x) => x)) return;
      taken.fill(1, at, end);
      marks.push([at, end, id]);
    };
    const names = [];
    for (const eid of incident[n.id]) {
      const e = edgeById[eid];
      if (e.from !== n.id) continue;
      for (const ev of evidenceOf(e)) {
        const at = ev.paper === n.key ? text.indexOf(ev.text) : -1;
        if (at >= 0) for (const [a, b] of ev.marks) take(at + a, at + b, e.to);
      }
      const c = nodeById[e.to];
      for (const name of [c.label, ...c.aliases]) if (name.length > 1) names.push([name.toLowerCase(), c.id]);
    }
    names.sort((a, b) => b[0].length - a[0].length);
    const lower = text.toLowerCase();
    const word = (ch) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
    for (const [name, id] of names) {
      for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
        if (!word(lower[at - 1]) && !word(lower[at + name.length])) take(at, at + name.length, id);
      }
    }
    marks.sort((a, b) => a[0] - b[0]);
    const out = el("p", { class: "abstract" });
    let at = 0;
    for (const [start, end, id] of marks) {
      out.append(text.slice(at, start), mentionButton(text.slice(start, end), id));
      at = end;
    }
    out.append(text.slice(at));
    return out;
  }

  /** Which end of ``e`` a marked phrase names: by name or alias (also as a prefix, for plurals
   * and the like), else the end no other mark named; null when that cannot be told. */
  function markedEnds(e, phrases) {
    const names = (id) => [nodeById[id].label, ...nodeById[id].aliases].map(normalize);
    const ends = e.from === e.to ? [e.from] : [e.from, e.to];
    const fits = (phrase, id) => {
      const q = normalize(phrase);
      return names(id).some((x) => x === q) ? 2 : names(id).some((x) => x && (q.startsWith(x) || x.startsWith(q))) ? 1 : 0;
    };
    const out = phrases.map((phrase) => {
      const scores = ends.map((id) => fits(phrase, id));
      const best = Math.max(...scores);
      return best && scores.filter((x) => x === best).length === 1 ? ends[scores.indexOf(best)] : null;
    });
    if (ends.length === 2 && phrases.length === 2 && out.filter((x) => x !== null).length === 1) {
      const known = out.find((x) => x !== null);
      out[out.indexOf(null)] = known === e.from ? e.to : e.from;
    }
    if (isPaper(nodeById[e.from]) && ends.length === 2) return out.map(() => e.to); // a paper's mention
    return out;
  }

  /** An evidence sentence with its marks; each that names an end of ``e`` links to that node. */
  function marked(text, marks, e) {
    const out = el("blockquote", { class: "sentence" });
    let at = 0;
    const kept = [];
    for (const [start, end] of marks) {
      if (start < at) continue; // overlapping marks: keep the first
      kept.push([start, end]);
      at = end;
    }
    const ends = markedEnds(e, kept.map(([a, b]) => text.slice(a, b)));
    at = 0;
    kept.forEach(([start, end], i) => {
      const phrase = text.slice(start, end);
      out.append(text.slice(at, start), ends[i] === null ? el("mark", { text: phrase }) : mentionButton(phrase, ends[i]));
      at = end;
    });
    out.append(text.slice(at));
    return out;
  }

  function showEdgePanel(e) {
    const style = edgeStyle(e);
    const parts = [
      backToPattern(),
      el("p", {}, [badge(e.type, style.color)]),
      el("p", { class: "ends" }, [nodeButton(e.from), ` —${e.type}→ `, nodeButton(e.to)]),
      el("p", { class: "hint", text: style.description }),
      el("p", { text: `Support: ${plural(e.support, "paper")} · confidence ${e.confidence}` }),
    ];
    parts.push(el("h3", { text: "Evidence" }));
    const sentences = evidenceOf(e);
    if (sentences === null) {
      parts.push(el("p", { class: "hint reading", text: "Reading the evidence…" }));
    } else if (sentences.length) {
      parts.push(el("ul", { class: "evidence" }, sentences.map((ev) =>
        el("li", {}, [marked(ev.text, ev.marks, e), el("p", { class: "source" }, ["— ", paperLink(ev.paper)])]))));
      parts.push(more(sentences.length, sentences.length + e.moreEvidence, "sentence"));
    } else {
      parts.push(el("p", { class: "hint", text: "No sentence was recorded for this relationship." }));
    }
    const npapers = e.npapers;
    parts.push(el("details", Object.assign({ class: "papers-section" }, npapers <= 5 ? { open: "" } : {}), [
      el("summary", { text: `Papers (${num(npapers)})` }),
      el("ul", { class: "papers" }, e.papers.map((pid) => el("li", {}, [paperLink(pid)]))),
      more(e.papers.length, npapers, "paper")]));
    showPanel(parts);
  }

  // ---------------------------------------------------------------- patterns
  // A pattern is a subject (a label, or any) and branches from it: each a relationship type, a
  // direction and the other end's label, with a name (that end is fixed: a filter) or without
  // (what is there goes in the table). Rows: each subject with every combination of its open ends;
  // the first step must match (Cypher's MATCH), later open ones may not (OPTIONAL MATCH, "—").
  const normalize = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[\s_-]+/g, " ").trim();
  const quote = (s) => `"${s.replace(/"/g, "'")}"`;

  function patternText(p) {
    const node = (spec) => [spec.label || "*", spec.name ? quote(spec.name) : ""].filter(Boolean).join(" ");
    const arrow = (b) => (b.dir === "out" ? `-${b.type}->` : b.dir === "in" ? `<-${b.type}-` : `-${b.type}-`);
    return [node(p.subject), ...p.branches.map((b, i) => `${i ? ", " : ""}${arrow(b)} ${node(b)}`)].join(" ")
      .replace(/ ,/g, ",");
  }

  function parsePattern(text) {
    const tokens = [];
    const re = /\s*(?:("[^"]*"|'[^']*')|(<-[A-Za-z_]+-|-[A-Za-z_]+->|-[A-Za-z_]+-)|(,|\band\b|\bthen\b)|([^\s,"'<>-][^\s,"']*))/gy;
    let m;
    let at = 0;
    text = text.trim();
    while (at < text.length) {
      re.lastIndex = at;
      m = re.exec(text);
      if (!m || m.index !== at) throw new Error(`cannot read the pattern at “${short(text.slice(at), 20)}”`);
      at = re.lastIndex;
      if (m[1]) tokens.push({ kind: "name", value: m[1].slice(1, -1) });
      else if (m[2]) tokens.push({ kind: "arrow", value: m[2] });
      else if (m[3]) continue;
      else if (m[4]) tokens.push({ kind: "word", value: m[4] });
      while (at < text.length && /\s/.test(text[at])) at++;
    }
    let i = 0;
    const labelNames = DATA.labels.map((l) => l.name);
    function nodeSpec() {
      const spec = { label: null, name: null };
      if (tokens[i] && tokens[i].kind === "word") {
        const word = tokens[i].value;
        const label = word === "*" ? null : labelNames.find((l) => l.toLowerCase() === word.toLowerCase());
        if (label === undefined) throw new Error(`unknown label “${word}”: use one of ${labelNames.join(", ")} or *`);
        spec.label = label;
        i++;
      }
      if (tokens[i] && tokens[i].kind === "name") { spec.name = tokens[i].value; i++; }
      return spec;
    }
    const subject = nodeSpec();
    const branches = [];
    while (i < tokens.length) {
      const t = tokens[i];
      if (t.kind !== "arrow") throw new Error(`expected a relationship such as -USED_FOR-> before “${short(t.value, 20)}”`);
      i++;
      const dir = t.value.startsWith("<-") ? "in" : t.value.endsWith("->") ? "out" : "any";
      const name = t.value.replace(/^<?-|->?$/g, "").toUpperCase();
      if (!typeInfo.has(name)) throw new Error(`unknown relationship “${name}”: use one of ${[...typeInfo.keys()].join(", ")}`);
      branches.push(Object.assign({ type: name, dir }, nodeSpec()));
    }
    if (!branches.length && !subject.name) throw new Error("add a relationship, e.g. -USED_FOR-> Task");
    return { subject, branches };
  }

  const labelMatches = (spec, n) => !spec.label || spec.label === n.group;
  function nameMatches(spec, n) {
    if (spec.id !== undefined) return spec.id === n.id;
    if (!spec.name) return true;
    const q = normalize(spec.name);
    return normalize(n.label) === q || n.aliases.some((a) => normalize(a) === q);
  }
  /** Edges from node ``id`` along branch ``b`` (over every relationship the support allows). */
  function along(id, b) {
    const out = [];
    for (const eid of incident[id]) {
      const e = edgeById[eid];
      if (e.type !== b.type || e.support < state.minSupport) continue;
      const forward = e.from === id && (b.dir === "out" || b.dir === "any");
      const backward = e.to === id && (b.dir === "in" || b.dir === "any");
      if (!forward && !backward) continue;
      const other = nodeById[forward ? e.to : e.from];
      if (labelMatches(b, other) && nameMatches(b, other)) out.push({ edge: e, other: other.id });
    }
    return out;
  }

  function evaluate(p) {
    const fixed = p.branches.filter((b) => b.name || b.id !== undefined);
    const open = p.branches.filter((b) => !(b.name || b.id !== undefined));
    let subjects;
    if (fixed.length) { // start from the fixed ends: few nodes
      const b = fixed[0];
      const reverse = { type: b.type, dir: b.dir === "out" ? "in" : b.dir === "in" ? "out" : "any",
        label: p.subject.label, name: p.subject.name };
      const seen = new Set();
      for (const n of nodeById) {
        if (!labelMatches(b, n) || !nameMatches(b, n)) continue;
        for (const hit of along(n.id, reverse)) seen.add(hit.other);
      }
      subjects = [...seen];
    } else {
      subjects = nodeById.filter((n) => labelMatches(p.subject, n) && nameMatches(p.subject, n)).map((n) => n.id);
    }
    const rows = [];
    const nodesOut = new Set();
    const edgesOut = new Set();
    for (const s of subjects) {
      const fixedHits = fixed.map((b) => along(s, b));
      if (fixedHits.some((h) => !h.length)) continue;
      // per fixed branch, the best-supported edge stands for it in the row
      const best = fixedHits.map((h) => h.reduce((a, c) => (c.edge.support > a.edge.support ? c : a)));
      let combos = [[]];
      let missing = false;
      for (const b of open) {
        const hits = along(s, b).sort((x, y) => y.edge.support - x.edge.support);
        if (!hits.length && b === p.branches[0]) missing = true; // the first step is required
        const next = [];
        for (const c of combos) for (const h of (hits.length ? hits : [null])) next.push([...c, h]);
        combos = next;
      }
      if (missing) continue;
      nodesOut.add(s);
      for (const h of fixedHits.flat()) { edgesOut.add(h.edge.id); nodesOut.add(h.other); }
      for (const c of combos) {
        for (const h of c) if (h) { edgesOut.add(h.edge.id); nodesOut.add(h.other); }
        const lead = best[0] || c.find((h) => h);
        rows.push({ subject: s, fixed: best, open: c,
          papers: nodeById[s].count, support: lead ? lead.edge.support : null,
          confidence: lead ? lead.edge.confidence : null });
      }
    }
    return { rows, nodes: nodesOut, edges: edgesOut, fixed, open };
  }

  function patternForced(p) {
    return p && p.result ? { nodes: new Set(p.result.nodes), edges: new Set(p.result.edges) }
      : { nodes: new Set(), edges: new Set() };
  }

  function setPattern(p) {
    state.focus = null;
    state.pinned = null;
    state.sort = null;
    showPinNote();
    network.unselectAll();
    runPattern(p, {});
    writeHash();
  }

  function runPattern(p, options) {
    state.pattern = p;
    p.result = evaluate(p);
    forced = patternForced(p);
    $("pattern").value = patternText(p);
    $("pattern-clear").hidden = false;
    $("pattern-status").textContent = `${plural(p.result.rows.length, "row")}`;
    applyFilters();
    if (!state.focus) showPatternPanel();
    if (!options.keepView) frame(p.result.nodes.size ? p.result.nodes : []);
  }

  function clearPattern() {
    state.pattern = null;
    forced = { nodes: new Set(), edges: new Set() };
    $("pattern").value = "";
    $("pattern-clear").hidden = true;
    $("pattern-status").textContent = "";
    $("pattern-error") && $("pattern-error").remove();
    applyFilters();
    if (!state.focus) showOverview();
    writeHash();
  }

  function columns(p) {
    const r = p.result;
    const subjectName = p.subject.label || "Node";
    const cols = [
      { head: subjectName, key: (row) => nodeById[row.subject].label, cell: (row) => nodeButton(row.subject, 48) },
      { head: "papers", num: true, key: (row) => row.papers },
      { head: "support", num: true, key: (row) => row.support },
      { head: "confidence", num: true, key: (row) => row.confidence },
    ];
    r.open.forEach((b, i) => {
      cols.push({ head: b.label || "Node", key: (row) => (row.open[i] ? nodeById[row.open[i].other].label : ""),
        cell: (row) => (row.open[i] ? nodeButton(row.open[i].other, 40) : el("span", { class: "none", text: "—" })) });
      if (r.fixed.length) {
        cols.push({ head: "support", num: true, key: (row) => (row.open[i] ? row.open[i].edge.support : null) });
      }
    });
    return cols;
  }

  function showPatternPanel() {
    const p = state.pattern;
    if (!p || !p.result) return;
    const r = p.result;
    const cols = columns(p);
    const sort = state.sort || { col: 2, desc: true };
    const rows = r.rows.slice().sort((a, b) => {
      const x = cols[sort.col].key(a);
      const y = cols[sort.col].key(b);
      const c = x === y ? 0 : x === null || x === "" ? 1 : y === null || y === "" ? -1
        : typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      const d = (x === null || x === "" || y === null || y === "") ? c : sort.desc ? -c : c;
      return d || nodeById[a.subject].label.localeCompare(nodeById[b.subject].label);
    });
    const head = el("tr", {}, cols.map((c, i) => {
      const dir = sort.col === i ? (sort.desc ? "descending" : "ascending") : "none";
      return el("th", { scope: "col", "aria-sort": dir, class: c.num ? "num" : "" }, [el("button", {
        type: "button", class: "sort", text: c.head + (sort.col === i ? (sort.desc ? " ▾" : " ▴") : ""),
        onclick: () => { state.sort = { col: i, desc: sort.col === i ? !sort.desc : !!c.num }; showPatternPanel(); } })]);
    }));
    const body = rows.slice(0, MAX_ROWS).map((row) => el("tr", { "data-subject": row.subject },
      cols.map((c) => el("td", { class: c.num ? "num" : "" }, [c.cell ? c.cell(row)
        : el("span", { text: c.key(row) === null ? "—" : String(c.key(row)) })]))));
    const parts = [
      el("h2", { text: "Pattern" }),
      el("p", { class: "pattern-text", text: patternText(p) }),
      el("p", { class: "summary", text: `${plural(r.rows.length, "row")}: ${plural(new Set(r.rows.map((x) => x.subject)).size, p.subject.label ? p.subject.label.toLowerCase() : "node")}` +
        (r.fixed.length ? `, support and confidence of ${r.fixed[0].type}` : "") +
        (state.minSupport > 1 ? ` (support ≥ ${state.minSupport})` : "") }),
      el("p", { class: "hint scope", text: patternScope() }),
    ];
    if (r.rows.length) {
      parts.push(el("div", { class: "table-wrap" }, [el("table", { class: "results" }, [
        el("thead", {}, [head]), el("tbody", {}, body)])]), more(Math.min(rows.length, MAX_ROWS), rows.length, "row"));
    } else {
      parts.push(el("p", { class: "hint", text: "Nothing on this page matches." }));
    }
    const next = extensions(p);
    if (next.length) {
      parts.push(el("h3", { text: "Then follow" }), el("ul", { class: "plain extensions" }, next.map((x) =>
        el("li", {}, [el("button", { type: "button", class: "link extend", "data-extend": `${x.dir} ${x.type} ${x.label}`,
          text: `${x.dir === "out" ? `-${x.type}->` : x.dir === "in" ? `<-${x.type}-` : `-${x.type}-`} ${x.label}`,
          onclick: () => setPattern({ subject: p.subject, branches: [...p.branches.map(stripResult), { type: x.type, dir: x.dir, label: x.label, name: null }] }) }),
        el("span", { class: "count", text: ` ${x.count} of ${x.of}` })]))));
    }
    parts.push(el("p", {}, [el("button", { type: "button", class: "link", text: "Clear the pattern", onclick: clearPattern })]));
    showPanel(parts);
  }
  /** What a pattern is matched over: every node and relationship the page holds, drawn or not. */
  function patternScope() {
    const held = `${plural(nodeById.length, "node")} and ${plural(edgeById.length, "relationship")}`;
    const filters = "the label and type filters do not narrow it" +
      (state.minSupport > 1 ? ", the support slider does" : "");
    return DATA.pruned
      ? `Matched over all this page holds: ${held}, a cut of the graph's ` +
        `${plural(DATA.total.nodes, "node")} made for size (export with a larger --max-nodes for the rest); ${filters}.`
      : `Matched over the whole graph: ${held}; ${filters}.`;
  }
  const stripResult = (b) => ({ type: b.type, dir: b.dir, label: b.label, name: b.name, id: b.id });

  /** Relationships the pattern's subjects have that the pattern does not follow yet. */
  function extensions(p) {
    const used = new Set(p.branches.map((b) => `${b.dir} ${b.type} ${b.label}`));
    const subjects = new Set(p.result.rows.map((r) => r.subject));
    const counts = new Map();
    for (const s of subjects) {
      const seen = new Set();
      for (const eid of incident[s]) {
        const e = edgeById[eid];
        if (e.support < state.minSupport || paperLabels.some((l) => typeInfo.get(e.type).sources.includes(l))) continue;
        const dir = typeInfo.get(e.type).symmetric ? "any" : e.from === s ? "out" : "in";
        const k = `${dir} ${e.type} ${nodeById[e.from === s ? e.to : e.from].group}`;
        if (used.has(k) || seen.has(k)) continue;
        seen.add(k);
        counts.set(k, (counts.get(k) || 0) + 1);
      }
    }
    return [...counts.entries()].map(([k, count]) => {
      const [dir, type, label] = k.split(" ");
      return { dir, type, label, count, of: subjects.size };
    }).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)).slice(0, 8);
  }

  $("pattern-bar").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const old = $("pattern-error");
    if (old) old.remove();
    const text = $("pattern").value;
    if (!text.trim()) { clearPattern(); return; }
    try {
      setPattern(parsePattern(text));
    } catch (err) {
      $("pattern-status").replaceChildren(el("span", { id: "pattern-error", class: "error", text: err.message }));
    }
  });
  $("pattern-clear").addEventListener("click", clearPattern);

  // ---------------------------------------------------------------- search
  const index = [];
  for (const n of nodeById) {
    index.push({ id: n.id, text: n.label, norm: normalize(n.label), alias: false });
    for (const a of n.aliases) index.push({ id: n.id, text: a, norm: normalize(a), alias: true });
  }

  function search(query) {
    const q = normalize(query);
    if (!q) return [];
    const best = new Map();
    for (const entry of index) {
      const at = entry.norm.indexOf(q);
      if (at < 0) continue;
      // papers count, and so does how the name matches: a six-paper name that starts with the
      // query ranks above a one-paper exact match; inner substrings come last
      const fit = entry.norm === q ? 1.5 : at === 0 ? 0.5 : entry.norm[at - 1] === " " ? 0 : -3;
      const score = Math.log2(1 + nodeById[entry.id].count) + fit - (entry.alias ? 0.25 : 0);
      const prev = best.get(entry.id);
      if (!prev || score > prev.score) best.set(entry.id, { id: entry.id, score, entry });
    }
    const all = [...best.values()]
      .sort((a, b) => b.score - a.score || nodeById[a.id].label.localeCompare(nodeById[b.id].label));
    const out = all.slice(0, MAX_SUGGESTIONS)
      .map((r) => ({ id: r.id, name: nodeById[r.id].label, group: nodeById[r.id].group,
        count: nodeById[r.id].count, alias: r.entry.alias ? r.entry.text : null }));
    out.total = all.length;
    return out;
  }

  const input = $("search");
  const list = $("suggestions");
  let results = [];
  let active = -1;

  function renderSuggestions() {
    list.replaceChildren(...results.map((r, i) => {
      const item = el("li", { role: "option", "aria-selected": i === active ? "true" : "false",
        "data-id": r.id }, [
        badge(r.group, labelInfo.get(r.group).color), " ",
        el("span", { class: "name", text: short(r.name, 70) }),
        r.alias ? el("span", { class: "alias", text: ` (${short(r.alias, 40)})` }) : null,
        isPaper(nodeById[r.id]) ? null : el("span", { class: "count", text: ` ${r.count}` }),
      ]);
      item.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(i); });
      return item;
    }));
    if (!results.length && input.value.trim()) list.replaceChildren(el("li", { class: "none", text: "No match" }));
    else if (results.total > results.length) {
      list.append(el("li", { class: "none", text: `… ${plural(results.total - results.length, "more match")}: type more` }));
    }
    list.hidden = !input.value.trim();
  }

  function choose(i) {
    const r = results[i];
    if (!r) return;
    input.value = r.name;
    list.hidden = true;
    select(r.id);
  }

  input.addEventListener("input", () => {
    results = search(input.value);
    active = results.length ? 0 : -1;
    renderSuggestions();
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (results.length) active = (active + (ev.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      renderSuggestions();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      choose(Math.max(active, 0));
    } else if (ev.key === "Escape") {
      list.hidden = true;
    }
  });
  input.addEventListener("blur", () => { list.hidden = true; });
  input.addEventListener("focus", () => { if (input.value.trim()) renderSuggestions(); });

  // ---------------------------------------------------------------- small screens
  function openSheet() {
    $("panel").classList.remove("collapsed");
    $("sheet-toggle").setAttribute("aria-expanded", "true");
  }
  $("sheet-toggle").addEventListener("click", () => {
    const collapsed = $("panel").classList.toggle("collapsed");
    $("sheet-toggle").setAttribute("aria-expanded", String(!collapsed));
  });
  $("filters-toggle").addEventListener("click", () => {
    const open = document.body.classList.toggle("filters-open");
    $("filters-toggle").setAttribute("aria-expanded", String(open));
  });

  // ---------------------------------------------------------------- the URL hash (shareable state)
  let writing = false;
  function writeHash() {
    const params = new URLSearchParams();
    const d = defaults();
    const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
    if (state.focus && state.focus.kind === "node") params.set("node", keyOf(nodeById[state.focus.id]));
    if (state.focus && state.focus.kind === "edge") {
      const e = edgeById[state.focus.id];
      params.set("edge", `${keyOf(nodeById[e.from])} ${e.type} ${keyOf(nodeById[e.to])}`);
    }
    if (state.pattern) params.set("pattern", patternText(state.pattern));
    if (state.hops !== 1) params.set("hops", String(state.hops));
    if (!same(state.labels, d.labels)) params.set("labels", [...state.labels].join(","));
    if (!same(state.types, d.types)) params.set("types", [...state.types].join(","));
    if (state.minSupport !== 1) params.set("support", String(state.minSupport));
    if (state.loners !== d.loners) params.set("loners", state.loners ? "1" : "0");
    if (!state.orphans) params.set("orphans", "0");
    const hash = params.toString();
    if (hash === location.hash.slice(1)) return;
    writing = true;
    history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
    writing = false;
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const d = defaults();
    const list = (key, known) => (params.has(key) ? new Set(params.get(key).split(",").filter((x) => known.has(x))) : null);
    state.labels = list("labels", labelInfo) || d.labels;
    state.types = list("types", typeInfo) || d.types;
    state.minSupport = Math.max(1, Number(params.get("support")) | 0 || 1);
    state.loners = params.has("loners") ? params.get("loners") === "1" : d.loners;
    state.orphans = params.get("orphans") !== "0";
    state.hops = Math.min(3, Math.max(1, Number(params.get("hops")) | 0 || 1));
    state.focus = null;
    state.pinned = null;
    state.pattern = null;
    forced = { nodes: new Set(), edges: new Set() };
    applyFilters();
    if (params.has("pattern")) {
      try { runPattern(parsePattern(params.get("pattern")), {}); } catch (err) { /* a stale link: ignore it */ }
    }
    const node = params.get("node");
    const edge = params.get("edge");
    if (node && byKey.has(node)) select(byKey.get(node));
    else if (edge) {
      const [from, type, to] = edge.split(" ");
      const hit = edgeById.find((e) => e.type === type && byKey.get(from) === e.from && byKey.get(to) === e.to);
      if (hit) selectEdge(hit.id);
    }
    if (!state.focus && !state.pattern) showOverview();
    return params.toString() !== "";
  }
  window.addEventListener("hashchange", () => { if (!writing) readHash(); });

  // ---------------------------------------------------------------- start
  if (DATA.pruned) {
    const note = $("prune-note");
    note.append(el("span", { class: "short", text: `Pruned for size: ${num(nodeById.length)} of ` +
      `${plural(DATA.total.nodes, "node")} (see --max-nodes).` }));
    note.append(el("span", { class: "long" })); // the full text, on wider screens
    note.lastChild.textContent = `Pruned for size: this page holds ${plural(nodeById.length, "node")} of the ` +
      `graph's ${num(DATA.total.nodes)} (concepts in relationships first, then ` +
      `papers, then other concepts; the most connected first) and the ` +
      `${plural(edgeById.length, "relationship")} among them, of ${num(DATA.total.edges)}. ` +
      `Export again with a larger --max-nodes (now ${num(DATA.maxNodes)}) to see more.`;
    note.hidden = false;
  }
  mark("handlers");
  buildFilters();
  applyFilters();
  const restored = location.hash.length > 1 && readHash();
  if (!restored) showOverview();
  if (window.matchMedia("(max-width: 900px)").matches && !state.focus && !state.pattern) {
    $("panel").classList.add("collapsed");
    $("sheet-toggle").setAttribute("aria-expanded", "false");
    network.redraw();
  }
  mark("panels");
  if (!state.focus && !state.pattern) fitVisible(false);
  mark("fit");

  window.kgExplorer = {
    data: DATA, evidence: (id) => evidenceOf(edgeById[id]), paperText, state, counts, search, select, selectNode: select, selectEdge, clearFocus, setLabel, setType,
    setLoners, setOrphans, setMinSupport, resetFilters, setPhysics, restoreLayout, applyFilters,
    setHops, setPattern, parsePattern, patternText, clearPattern, evaluate,
    lit: () => (lit ? { nodes: [...lit.nodes].sort((a, b) => a - b), edges: [...lit.edges].sort((a, b) => a - b) } : null),
  };
})();
