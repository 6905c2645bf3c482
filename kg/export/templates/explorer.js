/* kg explorer: draws the graph with vis-network and wires search, filters and the side panel.
 * Every text that comes from the data reaches the page through textContent / Text nodes only:
 * nothing here parses data as HTML. */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  const BIG = DATA.nodes.length > 1000 || DATA.edges.length > 3000;
  const FADED = "rgba(190, 198, 208, 0.35)";
  const FONT = "#1f2933";
  const FADED_FONT = "rgba(31, 41, 51, 0.18)";
  const MAX_SUGGESTIONS = 12;
  const MAX_LISTED = 100;

  const labelInfo = new Map(DATA.labels.map((l) => [l.name, l]));
  const typeInfo = new Map(DATA.types.map((t) => [t.name, t]));
  const nodeById = DATA.nodes; // ids are 0..n-1, in order
  const edgeById = DATA.edges;
  const incident = nodeById.map(() => []);
  for (const e of edgeById) {
    incident[e.from].push(e.id);
    if (e.to !== e.from) incident[e.to].push(e.id);
  }

  const defaults = () => {
    const labels = DATA.labels.filter((l) => !l.paper && l.count > 0).map((l) => l.name);
    // A graph of papers only is drawn with its papers rather than blank.
    const shown = labels.length ? labels : DATA.labels.filter((l) => l.count).map((l) => l.name);
    // Concepts no relationship joins are off, unless there is nothing else to draw.
    const loners = !nodeById.some((n) => n.linked);
    return { labels: new Set(shown), types: new Set(DATA.types.map((t) => t.name)), minSupport: 1,
      loners };
  };
  const state = Object.assign(defaults(), { focus: null });

  // ---------------------------------------------------------------- DOM helpers (text only)
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children || []) if (child !== null) node.append(child);
    return node;
  }
  const $ = (id) => document.getElementById(id);
  const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  const short = (text, n) => (text.length > n ? text.slice(0, n - 1) + "…" : text);

  function paperLink(pid) {
    const paper = DATA.papers[pid];
    const title = paper ? paper.title : pid;
    const year = paper && paper.year ? ` (${paper.year})` : "";
    if (paper && typeof paper.url === "string" && /^https?:\/\//i.test(paper.url)) {
      return el("span", {}, [
        el("a", { href: paper.url, target: "_blank", rel: "noopener noreferrer", text: title }),
        year,
      ]);
    }
    return el("span", { text: title + year });
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
  const baseNode = (n) => ({ color: nodeColor(n), font: { color: FONT, strokeWidth: 3 } });
  const dimNode = () => ({ color: FADED, font: { color: FADED_FONT, strokeWidth: 0 } });
  const baseEdge = (e) => {
    const c = edgeStyle(e).color;
    return { color: { color: c, highlight: c, hover: c, inherit: false, opacity: 1 } };
  };
  const dimEdge = () => ({ color: { color: FADED, highlight: FADED, hover: FADED, inherit: false } });

  const isPaper = (n) => labelInfo.get(n.group).paper;
  const nodeVisible = (n) => state.labels.has(n.group) && (n.linked || state.loners || isPaper(n));
  const edgeVisible = (e) =>
    state.types.has(e.type) && e.support >= state.minSupport &&
    nodeVisible(nodeById[e.from]) && nodeVisible(nodeById[e.to]);

  const nodeHidden = new Uint8Array(nodeById.length);
  const edgeHidden = new Uint8Array(edgeById.length);
  const nodeDim = new Uint8Array(nodeById.length);
  const edgeDim = new Uint8Array(edgeById.length);

  const nodes = new vis.DataSet(nodeById.map((n) => {
    nodeHidden[n.id] = nodeVisible(n) ? 0 : 1;
    return Object.assign({
      id: n.id, label: short(n.label, 32), title: nodeTitle(n), x: n.x, y: n.y, size: n.size,
      shape: isPaper(n) ? "square" : "dot", hidden: !!nodeHidden[n.id],
    }, baseNode(n));
  }));
  const edges = new vis.DataSet(edgeById.map((e) => {
    edgeHidden[e.id] = edgeVisible(e) ? 0 : 1;
    const style = edgeStyle(e);
    return Object.assign({
      id: e.id, from: e.from, to: e.to, title: edgeTitle(e), hidden: !!edgeHidden[e.id],
      width: style.faint ? 0.6 : 1 + Math.log2(Math.max(1, e.support)),
      dashes: style.dashes ? [6, 5] : false,
      smooth: e.curve ? { enabled: true, type: "curvedCW", roundness: e.curve } : false,
    }, baseEdge(e));
  }));

  const network = new vis.Network($("graph"), { nodes, edges }, {
    autoResize: true,
    physics: { enabled: false, stabilization: false },
    layout: { improvedLayout: false },
    nodes: {
      borderWidth: 1,
      font: { size: 14, face: "system-ui, -apple-system, Segoe UI, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      selectionWidth: 2,
      font: { size: 0 },
    },
    interaction: {
      hover: !BIG, tooltipDelay: 250, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
      multiselect: false, navigationButtons: false, keyboard: false,
    },
  });
  window.network = network;
  network.once("afterDrawing", () => {
    window.kgReadyAt = performance.now();
    window.kgReady = true;
    document.body.dataset.ready = "true";
  });

  // ---------------------------------------------------------------- filters
  function applyFilters() {
    const nodeUpdates = [];
    const edgeUpdates = [];
    for (const n of nodeById) {
      const hide = nodeVisible(n) ? 0 : 1;
      if (hide !== nodeHidden[n.id]) {
        nodeHidden[n.id] = hide;
        nodeUpdates.push({ id: n.id, hidden: !!hide });
      }
    }
    for (const e of edgeById) {
      const hide = edgeVisible(e) ? 0 : 1;
      if (hide !== edgeHidden[e.id]) {
        edgeHidden[e.id] = hide;
        edgeUpdates.push({ id: e.id, hidden: !!hide });
      }
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    const focus = state.focus;
    if (focus && (focus.kind === "node" ? nodeHidden : edgeHidden)[focus.id]) clearFocus();
    else restyle();
    showCounts();
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
    const text = `Showing ${c.nodes.toLocaleString("en")} of ${plural(c.pageNodes, "node")} · ` +
      `${c.edges.toLocaleString("en")} of ${plural(c.pageEdges, "relationship")}`;
    $("counts").textContent = text;
    Object.assign($("counts").dataset, { nodes: c.nodes, edges: c.edges });
    $("empty").hidden = c.nodes > 0;
    $("empty-text").textContent = c.pageNodes ? "No node matches the current filters." : "This graph is empty.";
    $("reset").hidden = !c.pageNodes;
  }

  function buildFilters() {
    const labelList = $("label-filters");
    for (const info of DATA.labels) {
      const box = el("input", { type: "checkbox", "data-label": info.name });
      box.checked = state.labels.has(info.name);
      box.disabled = info.count === 0;
      box.addEventListener("change", () => setLabel(info.name, box.checked));
      const swatch = el("span", { class: "swatch" + (info.paper ? " square" : "") });
      swatch.style.background = info.color;
      const title = info.description + (info.paper ? " (off by default: tick to draw them)" : "");
      labelList.append(el("li", { title }, [el("label", {}, [
        box, swatch, el("span", { class: "name", text: info.name }),
        el("span", { class: "count", text: info.count.toLocaleString("en") }),
      ])]));
    }
    const loners = nodeById.filter((n) => !n.linked && !isPaper(n)).length;
    $("loners-count").textContent = loners.toLocaleString("en");
    $("loners").disabled = loners === 0;
    $("loners").addEventListener("change", (ev) => setLoners(ev.target.checked));
    const typeList = $("type-filters");
    for (const info of DATA.types) {
      const box = el("input", { type: "checkbox", "data-type": info.name });
      box.checked = state.types.has(info.name);
      box.disabled = info.count === 0;
      box.addEventListener("change", () => setType(info.name, box.checked));
      const line = el("span", { class: "line" });
      line.style.borderTop = `${info.faint ? 1 : 2}px ${info.dashes ? "dashed" : "solid"} ${info.color}`;
      typeList.append(el("li", { title: info.description }, [el("label", {}, [
        box, line, el("span", { class: "name", text: info.name }),
        el("span", { class: "count", text: info.count.toLocaleString("en") }),
      ])]));
    }
    const slider = $("support");
    const maxSupport = edgeById.reduce((m, e) => Math.max(m, e.support), 1);
    slider.max = String(maxSupport);
    slider.disabled = maxSupport <= 1;
    slider.addEventListener("input", () => setMinSupport(Number(slider.value)));
    $("reset").addEventListener("click", resetFilters);
    $("fit").addEventListener("click", () => fitVisible({ duration: 400 }));
    $("physics").addEventListener("change", (ev) => setPhysics(ev.target.checked));
  }

  function fitVisible(animation) {
    const ids = [];
    nodeHidden.forEach((hidden, id) => { if (!hidden) ids.push(id); });
    network.fit(Object.assign({ animation, maxZoomLevel: 1.5 }, ids.length ? { nodes: ids } : {}));
  }

  function syncControls() {
    document.querySelectorAll("#label-filters input").forEach((box) => {
      box.checked = state.labels.has(box.dataset.label);
    });
    document.querySelectorAll("#type-filters input").forEach((box) => {
      box.checked = state.types.has(box.dataset.type);
    });
    $("loners").checked = state.loners;
    $("support").value = String(state.minSupport);
    $("support-value").textContent = String(state.minSupport);
  }

  function setLabel(label, on) {
    if (on) state.labels.add(label); else state.labels.delete(label);
    syncControls();
    applyFilters();
  }
  function setType(type, on) {
    if (on) state.types.add(type); else state.types.delete(type);
    syncControls();
    applyFilters();
  }
  function setLoners(on) {
    state.loners = on;
    syncControls();
    applyFilters();
  }
  function setMinSupport(n) {
    state.minSupport = Math.max(1, n | 0);
    syncControls();
    applyFilters();
  }
  function resetFilters() {
    Object.assign(state, defaults());
    syncControls();
    applyFilters();
  }
  function setPhysics(on) {
    $("physics").checked = on;
    network.setOptions({ physics: on
      ? { enabled: true, solver: "barnesHut", stabilization: false,
        barnesHut: { gravitationalConstant: -4000, springLength: 90, damping: 0.35 } }
      : { enabled: false } });
  }

  // ---------------------------------------------------------------- focus and highlight
  function neighbourhood() {
    const focus = state.focus;
    if (!focus) return null;
    const keepNodes = new Set();
    const keepEdges = new Set();
    if (focus.kind === "node") {
      keepNodes.add(focus.id);
      for (const id of incident[focus.id]) {
        if (edgeHidden[id]) continue;
        keepEdges.add(id);
        keepNodes.add(edgeById[id].from);
        keepNodes.add(edgeById[id].to);
      }
    } else {
      const e = edgeById[focus.id];
      keepEdges.add(e.id);
      keepNodes.add(e.from);
      keepNodes.add(e.to);
    }
    return { keepNodes, keepEdges };
  }

  function restyle() {
    const hood = neighbourhood();
    const nodeUpdates = [];
    const edgeUpdates = [];
    for (const n of nodeById) {
      const dim = hood && !hood.keepNodes.has(n.id) ? 1 : 0;
      if (dim !== nodeDim[n.id]) {
        nodeDim[n.id] = dim;
        nodeUpdates.push(Object.assign({ id: n.id }, dim ? dimNode() : baseNode(n)));
      }
    }
    for (const e of edgeById) {
      const dim = hood && !hood.keepEdges.has(e.id) ? 1 : 0;
      if (dim !== edgeDim[e.id]) {
        edgeDim[e.id] = dim;
        edgeUpdates.push(Object.assign({ id: e.id }, dim ? dimEdge() : baseEdge(e)));
      }
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  function revealNode(id) {
    const n = nodeById[id];
    if (!state.labels.has(n.group)) setLabel(n.group, true);
    if (!nodeVisible(n)) setLoners(true);
  }

  function selectNode(id, options) {
    revealNode(id);
    state.focus = { kind: "node", id };
    network.selectNodes([id], false);
    restyle();
    showNodePanel(nodeById[id]);
    if (options && options.zoom) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.3), animation: { duration: 500 } });
    }
  }

  function selectEdge(id) {
    const e = edgeById[id];
    revealNode(e.from);
    revealNode(e.to);
    if (edgeHidden[id]) {
      if (!state.types.has(e.type)) state.types.add(e.type);
      if (e.support < state.minSupport) state.minSupport = e.support;
      syncControls();
      applyFilters();
    }
    state.focus = { kind: "edge", id };
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    restyle();
    showEdgePanel(e);
  }

  function clearFocus() {
    state.focus = null;
    network.unselectAll();
    restyle();
    showOverview();
  }

  network.on("click", (params) => {
    if (params.nodes.length) selectNode(params.nodes[0]);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else clearFocus();
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length) selectNode(params.nodes[0], { zoom: true });
  });

  // ---------------------------------------------------------------- side panel
  const panel = $("panel");

  function badge(text, color) {
    const b = el("span", { class: "badge", text });
    b.style.background = color;
    return b;
  }

  function nodeButton(id) {
    const n = nodeById[id];
    return el("button", { type: "button", class: "link", text: short(n.label, 60),
      onclick: () => selectNode(id, { zoom: true }) });
  }

  function more(shown, total, what) {
    return total > shown ? el("p", { class: "more", text: `… and ${plural(total - shown, what)} more` }) : null;
  }

  function showOverview() {
    const c = counts();
    const items = DATA.labels.filter((l) => l.count).map((l) =>
      el("li", {}, [badge(l.name, l.color), ` ${l.count.toLocaleString("en")}`]));
    panel.replaceChildren(
      el("h2", { text: "Overview" }),
      el("p", { text: `The graph holds ${plural(c.graphNodes, "node")} and ${plural(c.graphEdges, "relationship")}.` }),
      el("ul", { class: "plain" }, items),
      el("p", { class: "hint", text: "Search a name or alias above, or click a node or a relationship to see where it comes from." }),
    );
  }

  function showNodePanel(n) {
    const info = labelInfo.get(n.group);
    const parts = [el("p", {}, [badge(n.group, info.color)]), el("h2", { class: "name", text: n.label })];
    if (info.paper) {
      const paper = DATA.papers[n.key] || {};
      if (paper.year) parts.push(el("p", { text: `Year: ${paper.year}` }));
      if (paper.authors && paper.authors.length) parts.push(el("p", { class: "authors", text: short(paper.authors.join(", "), 300) }));
      if (paper.url && /^https?:\/\//i.test(paper.url)) {
        parts.push(el("p", {}, [el("a", { href: paper.url, target: "_blank", rel: "noopener noreferrer", text: "Open the paper" })]));
      }
      if (paper.abstract) parts.push(el("p", { class: "abstract", text: paper.abstract }));
    } else {
      if (n.aliases.length) {
        parts.push(el("h3", { text: "Also called" }),
          el("ul", { class: "aliases" }, n.aliases.map((a) => el("li", { text: a }))));
      }
      parts.push(el("p", { text: `${plural(n.count, "paper")}` + (n.mentions ? ` · ${plural(n.mentions, "mention")}` : "") }));
      parts.push(el("h3", { text: "Papers" }),
        el("ul", { class: "papers" }, n.papers.map((pid) => el("li", {}, [paperLink(pid)]))),
        more(n.papers.length, n.npapers, "paper"));
    }
    const faint = (e) => (edgeStyle(e).faint ? 1 : 0); // mentions after the typed relationships
    const rels = incident[n.id].map((id) => edgeById[id])
      .sort((a, b) => faint(a) - faint(b) || b.support - a.support);
    if (rels.length) {
      parts.push(el("h3", { text: "Relationships" }));
      const list = rels.slice(0, MAX_LISTED).map((e) => {
        const out = e.from === n.id;
        const other = out ? e.to : e.from;
        const rel = el("button", { type: "button", class: "link rel", text: out ? `${e.type} →` : `← ${e.type}`,
          title: "Show the evidence", onclick: () => selectEdge(e.id) });
        return el("li", { class: edgeHidden[e.id] ? "filtered" : "" }, [rel, " ", nodeButton(other),
          el("span", { class: "count", text: ` ${e.support}` })]);
      });
      parts.push(el("ul", { class: "rels" }, list), more(list.length, rels.length, "relationship"));
    }
    panel.replaceChildren(...parts.filter((p) => p !== null));
  }

  function marked(text, marks) {
    const out = el("blockquote", { class: "sentence" });
    let at = 0;
    for (const [start, end] of marks) {
      if (start < at) continue; // overlapping marks: keep the first
      out.append(text.slice(at, start), el("mark", { text: text.slice(start, end) }));
      at = end;
    }
    out.append(text.slice(at));
    return out;
  }

  function showEdgePanel(e) {
    const style = edgeStyle(e);
    const parts = [
      el("p", {}, [badge(e.type, style.color)]),
      el("p", { class: "ends" }, [nodeButton(e.from), ` —${e.type}→ `, nodeButton(e.to)]),
      el("p", { class: "hint", text: style.description }),
      el("p", { text: `Support: ${plural(e.support, "paper")} · confidence ${e.confidence}` }),
    ];
    parts.push(el("h3", { text: "Evidence" }));
    if (e.evidence.length) {
      parts.push(el("ul", { class: "evidence" }, e.evidence.map((ev) =>
        el("li", {}, [marked(ev.text, ev.marks), el("p", { class: "source" }, ["— ", paperLink(ev.paper)])]))));
      parts.push(more(e.evidence.length, e.nevidence, "sentence"));
    } else {
      parts.push(el("p", { class: "hint", text: "No sentence was recorded for this relationship." }));
    }
    parts.push(el("h3", { text: "Papers" }),
      el("ul", { class: "papers" }, e.papers.map((pid) => el("li", {}, [paperLink(pid)]))),
      more(e.papers.length, e.npapers, "paper"));
    panel.replaceChildren(...parts.filter((p) => p !== null));
  }

  // ---------------------------------------------------------------- search
  const normalize = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[\s_-]+/g, " ").trim();
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
      let score = entry.norm === q ? 0 : at === 0 ? 1 : entry.norm[at - 1] === " " ? 2 : 3;
      if (entry.alias) score += 0.5;
      const prev = best.get(entry.id);
      if (!prev || score < prev.score) best.set(entry.id, { id: entry.id, score, entry });
    }
    return [...best.values()]
      .sort((a, b) => a.score - b.score || nodeById[b.id].count - nodeById[a.id].count ||
        nodeById[a.id].label.localeCompare(nodeById[b.id].label))
      .slice(0, MAX_SUGGESTIONS)
      .map((r) => ({ id: r.id, name: nodeById[r.id].label, group: nodeById[r.id].group,
        alias: r.entry.alias ? r.entry.text : null }));
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
      ]);
      item.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(i); });
      return item;
    }));
    if (!results.length && input.value.trim()) list.replaceChildren(el("li", { class: "none", text: "No match" }));
    list.hidden = !input.value.trim();
  }

  function choose(i) {
    const r = results[i];
    if (!r) return;
    input.value = r.name;
    list.hidden = true;
    selectNode(r.id, { zoom: true });
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

  // ---------------------------------------------------------------- start
  if (DATA.pruned) {
    const note = $("prune-note");
    note.textContent = `Pruned for size: this page holds ${plural(nodeById.length, "node")} of the ` +
      `graph's ${DATA.total.nodes.toLocaleString("en")} (concepts in relationships first, then ` +
      `papers, then other concepts; the most connected first) and the ` +
      `${plural(edgeById.length, "relationship")} among them, of ${DATA.total.edges.toLocaleString("en")}. ` +
      `Export again with a larger --max-nodes (now ${DATA.maxNodes.toLocaleString("en")}) to see more.`;
    note.hidden = false;
  }
  buildFilters();
  syncControls();
  showCounts();
  showOverview();
  fitVisible(false);

  window.kgExplorer = {
    state, counts, search, selectNode, selectEdge, clearFocus, setLabel, setType, setLoners,
    setMinSupport, resetFilters, setPhysics, applyFilters,
  };
})();
