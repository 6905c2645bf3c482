"""A fixed-seed force-directed layout in numpy, so the explorer opens placed and still.

Each connected component is laid out with Fruchterman-Reingold (exact repulsion for small
components, a grid approximation for large ones: exact between nearby nodes, the rest from each
cell's node count, convolved with the force kernel by FFT), then the largest component is put at
the centre and the others on rings around it. When a core is given (what the explorer draws
first), the core is laid out alone, then the other nodes are placed by their neighbours and
relaxed around it, the core held still; what has no path to the core goes on rings around it.

>>> pos = layout(4, [(0, 1), (1, 2), (2, 3)], core=[True, True, False, False])
>>> pos.shape
(4, 2)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
import numpy as np

#: Components up to this size get exact all-pairs repulsion.
DENSE_LIMIT = 800
#: Components up to this size are laid out together, in one set of array operations.
SMALL = 64
#: Typical distance between neighbouring nodes, in page pixels.
SPACING = 60.0
#: Grid cells of the approximate repulsion: this wide (in ideal edge lengths), at most this many
#: across.
CELL = 1.0
MAX_CELLS = 128


def layout(n: int, edges: Sequence[tuple[int, int]], *, core: Sequence[bool] | None = None,
           seed: int = 7) -> np.ndarray:
    """Positions (n x 2, page pixels) for nodes 0..n-1 joined by ``edges``."""
    rng = np.random.default_rng(seed)
    pairs = np.array([(a, b) for a, b in edges if a != b], dtype=np.int64).reshape(-1, 2)
    mask = np.ones(n, dtype=bool) if core is None else np.asarray(core, dtype=bool)
    if n == 0 or mask.all() or not mask.any():
        return _packed(n, pairs, rng) * SPACING
    pos = np.zeros((n, 2))
    pos[mask] = _packed(int(mask.sum()), _subgraph(pairs, mask), rng)
    placed = mask.copy()
    while True:  # the others, level by level, at the mean of their placed neighbours
        total = np.zeros((n, 2))
        count = np.zeros(n)
        for a, b in ((pairs[:, 0], pairs[:, 1]), (pairs[:, 1], pairs[:, 0])):
            step = placed[a] & ~placed[b]
            np.add.at(total, b[step], pos[a[step]])
            np.add.at(count, b[step], 1)
        new = count > 0
        if not new.any():
            break
        pos[new] = _sunflower(total[new] / count[new, None])
        placed |= new
    if not placed.all():  # parts with no path to the core: on rings around it
        parts = [(np.flatnonzero(placed).tolist(), pos[placed].copy())]
        rest = np.flatnonzero(~placed)
        parts += [(rest[nodes].tolist(), p) for nodes, p in
                  _components(len(rest), _subgraph(pairs, ~placed), rng)]
        _pack(parts, pos)
    _relax(pos, pairs, iterations=40, temperature=1.0, movable=~mask)
    return pos * SPACING


def _sunflower(anchors: np.ndarray) -> np.ndarray:
    """Spread points that share an anchor on a sunflower spiral around it, one unit apart."""
    _, group = np.unique(np.round(anchors, 3), axis=0, return_inverse=True)
    group = group.ravel()
    order = np.argsort(group, kind="stable")
    sizes = np.bincount(group)
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    radius = np.sqrt(rank + 1.0)
    angle = rank * 2.39996  # the golden angle
    return anchors + np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1)


def _subgraph(pairs: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The edges among the ``mask``ed nodes, renumbered 0..k-1."""
    index = np.cumsum(mask) - 1
    keep = mask[pairs[:, 0]] & mask[pairs[:, 1]]
    return index[pairs[keep]]


def _packed(n: int, pairs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Every component laid out, then packed; in units of the ideal edge length."""
    pos = np.zeros((n, 2))
    if n == 0:
        return pos
    _pack(_components(n, pairs, rng), pos)
    return pos


def _components(n: int, pairs: np.ndarray,
                rng: np.random.Generator) -> list[tuple[list[int], np.ndarray]]:
    """Each connected component (largest first) with its own layout."""
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(pairs.tolist())
    parts = sorted((sorted(c) for c in nx.connected_components(graph)),
                   key=lambda c: (-len(c), c[0]))
    index = np.zeros(n, dtype=np.int64)
    part = np.zeros(n, dtype=np.int64)
    for k, nodes in enumerate(parts):
        index[nodes] = np.arange(len(nodes))
        part[nodes] = k
    edges_of: list[list[np.ndarray]] = [[] for _ in parts]
    order = np.argsort(part[pairs[:, 0]], kind="stable") if len(pairs) else np.zeros(0, int)
    split = np.searchsorted(part[pairs[order, 0]], np.arange(len(parts) + 1))
    for k in range(len(parts)):
        edges_of[k] = index[pairs[order[split[k]:split[k + 1]]]].reshape(-1, 2)
    small = [k for k, nodes in enumerate(parts) if 3 <= len(nodes) <= SMALL]
    layouts = dict(zip(small, _small_components([(len(parts[k]), edges_of[k]) for k in small],
                                                rng), strict=True))
    return [(nodes, layouts[k] if k in layouts else _component(len(nodes), edges_of[k], rng))
            for k, nodes in enumerate(parts)]


def _small_components(parts: list[tuple[int, np.ndarray]],
                      rng: np.random.Generator) -> list[np.ndarray]:
    """Fruchterman-Reingold as :func:`_component` does it, for many small components at once
    (each node repelled by its own component's nodes only), each scaled the same way."""
    if not parts:
        return []
    sizes = np.array([m for m, _ in parts])
    comp = np.repeat(np.arange(len(parts)), sizes)
    offset = np.cumsum(sizes) - sizes
    edges = np.concatenate([e + o for (_, e), o in zip(parts, offset, strict=True)])
    pos = (rng.random((len(comp), 2)) - 0.5) * np.sqrt(sizes)[comp][:, None]
    temperature = np.sqrt(sizes)[comp] * 0.2
    iterations = 150
    cooling = temperature / (iterations + 1)
    apart = comp[:, None] != comp[None, :]
    m = len(comp)
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        inv = 1.0 / np.maximum(dx * dx + dy * dy, 1e-4)
        inv[apart] = 0.0
        np.fill_diagonal(inv, 0.0)
        disp = np.stack([(dx * inv).sum(1), (dy * inv).sum(1)], 1)
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        pull = delta * np.sqrt((delta**2).sum(1))[:, None]
        for axis in range(2):
            disp[:, axis] -= np.bincount(edges[:, 0], pull[:, axis], minlength=m)
            disp[:, axis] += np.bincount(edges[:, 1], pull[:, axis], minlength=m)
        disp -= pos * 0.05
        length = np.maximum(np.sqrt((disp**2).sum(1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= cooling
    d2 = ((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1)
    d2[apart] = np.inf
    np.fill_diagonal(d2, np.inf)
    nearest = d2.min(1)
    out = []
    for k, start in enumerate(offset):
        p = pos[start:start + sizes[k]]
        unit = math.sqrt(float(np.median(nearest[start:start + sizes[k]])))
        out.append((p - p.mean(0)) / max(unit, 1e-9))
    return out


def _component(m: int, edges: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Fruchterman-Reingold for one connected component, scaled so that nodes are about one
    unit from their nearest neighbour."""
    if m == 1:
        return np.zeros((1, 2))
    if m == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    pos = (rng.random((m, 2)) - 0.5) * math.sqrt(m)
    _relax(pos, edges, iterations=150 if m <= DENSE_LIMIT else 100,
           temperature=math.sqrt(m) * 0.2)
    pos -= pos.mean(0)
    if m <= DENSE_LIMIT:  # median distance to the nearest neighbour
        d2 = ((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1)
        np.fill_diagonal(d2, np.inf)
        unit = math.sqrt(float(np.median(d2.min(1))))
    else:  # large layouts are evenly dense: nearest neighbours ~0.6 of the spacing apart
        spread = np.percentile(pos, 95, axis=0) - np.percentile(pos, 5, axis=0)
        unit = 0.6 * math.sqrt(float(np.prod(np.maximum(spread, 1e-9))) / 0.81 / m)
    return pos / max(unit, 1e-9)


def _relax(pos: np.ndarray, edges: np.ndarray, *, iterations: int, temperature: float,
           movable: np.ndarray | None = None) -> None:
    """Fruchterman-Reingold steps on ``pos`` in place (k = 1), cooling linearly."""
    m = len(pos)
    cooling = temperature / (iterations + 1)
    src, dst = edges[:, 0], edges[:, 1]
    rows = np.arange(m) if movable is None else np.flatnonzero(movable)
    for _ in range(iterations):
        disp = _dense_repulsion(pos, rows) if m <= DENSE_LIMIT else _grid_repulsion(pos, rows)
        delta = pos[src] - pos[dst]
        pull = delta * np.sqrt((delta**2).sum(1))[:, None]  # attraction d^2/k
        for axis in range(2):
            disp[:, axis] -= np.bincount(src, pull[:, axis], minlength=m)
            disp[:, axis] += np.bincount(dst, pull[:, axis], minlength=m)
        disp -= pos * 0.05  # mild gravity keeps loose branches near the centre
        length = np.maximum(np.sqrt((disp**2).sum(1)), 1e-9)[:, None]
        step = disp / length * np.minimum(length, temperature)
        if movable is not None:
            step[~movable] = 0.0
        pos += step
        temperature -= cooling


def _dense_repulsion(pos: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Exact repulsion k^2/d (k = 1) on the nodes in ``rows`` from every other node."""
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    dx = x[rows, None] - x[None, :]
    dy = y[rows, None] - y[None, :]
    inv = 1.0 / np.maximum(dx * dx + dy * dy, 1e-4)
    inv[np.arange(len(rows)), rows] = 0.0
    force = np.zeros_like(pos)
    force[rows] = np.stack([(dx * inv).sum(1), (dy * inv).sum(1)], 1)
    return force


def _grid_repulsion(pos: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Repulsion on the nodes in ``rows``: exact from nodes in the same and neighbouring grid
    cells (about one unit wide, so that a dense core does not crowd a cell); beyond those, from
    each cell's node count at its centre, summed for every cell at once as a convolution (FFT)
    of the grid with the force kernel (every node of a cell gets its cell's far-field push)."""
    m = len(pos)
    lo = pos.min(0)
    span = np.maximum(pos.max(0) - lo, 1e-9)
    width = max(CELL, float(span.max()) / MAX_CELLS)
    gx, gy = (int(v) for v in np.maximum(np.ceil(span / width), 3))
    cxy = np.minimum(((pos - lo) / width).astype(np.int64), [gx - 1, gy - 1])
    cell = cxy[:, 0] * gy + cxy[:, 1]
    counts = np.bincount(cell, minlength=gx * gy)
    # far field: push(c) = sum_d count(c - d) K(d), K(d) = d / |d|^2 (d in page units), zero
    # for the cell itself and its eight neighbours: those are counted node by node below
    sx, sy = (1 << (2 * v - 1).bit_length() for v in (gx, gy))  # >= 2g - 1: no offset wraps round
    offx, offy = np.fft.fftfreq(sx, 1 / sx), np.fft.fftfreq(sy, 1 / sy)  # 0, 1, .., -1 cells
    kx, ky = np.meshgrid(offx * width, offy * width, indexing="ij")
    near = (np.abs(offx)[:, None] <= 1) & (np.abs(offy)[None, :] <= 1)
    inv = np.where(near, 0.0, 1.0 / np.maximum(kx * kx + ky * ky, 1e-12))
    grid = np.zeros((sx, sy))
    grid[:gx, :gy] = counts.reshape(gx, gy)
    mass = np.fft.rfft2(grid)
    force = np.zeros((m, 2))
    for axis, k in enumerate((kx, ky)):
        far = np.fft.irfft2(mass * np.fft.rfft2(k * inv), s=(sx, sy))[:gx, :gy].ravel()
        force[rows, axis] = far[cell[rows]]
    order = np.argsort(cell, kind="stable")
    start = np.cumsum(counts) - counts
    pairs_i, pairs_j = [], []
    for ox in (-1, 0, 1):
        for oy in (-1, 0, 1):
            nx_, ny_ = cxy[rows, 0] + ox, cxy[rows, 1] + oy
            ok = (nx_ >= 0) & (nx_ < gx) & (ny_ >= 0) & (ny_ < gy)
            other = np.where(ok, nx_ * gy + ny_, 0)
            count = np.where(ok, counts[other], 0)
            total = int(count.sum())
            if not total:
                continue
            pairs_i.append(np.repeat(rows, count))
            offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
            pairs_j.append(order[np.repeat(start[other], count) + offset])
    if pairs_i:
        i, j = np.concatenate(pairs_i), np.concatenate(pairs_j)
        keep = i != j
        i, j = i[keep], j[keep]
        delta = pos[i] - pos[j]
        push = delta / np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-4)[:, None]
        for axis in range(2):
            force[:, axis] += np.bincount(i, push[:, axis], minlength=m)
    return force


def _pack(placed: list[tuple[list[int], np.ndarray]], out: np.ndarray) -> None:
    """Place component layouts into ``out``: the largest at the centre, the others on rings
    around it (bigger ones on inner rings), each ring filled by arc length."""
    gap = 1.2
    parts = []
    for nodes, p in placed:
        centred = p - (p.min(0) + p.max(0)) / 2
        parts.append((nodes, centred, float(np.sqrt((centred**2).sum(1)).max()) + gap / 2))
    nodes, p, main_r = parts[0]
    out[nodes] = p
    ring_inner = main_r + gap
    ring: list[tuple[list[int], np.ndarray, float]] = []
    for part in [*parts[1:], None]:
        if part is not None:
            r = part[2]
            radius = ring_inner + max([r] + [q[2] for q in ring])
            used = sum(2 * q[2] for q in ring) + 2 * r
            if not ring or used <= 2 * math.pi * radius:
                ring.append(part)
                continue
        if ring:  # lay the full ring out evenly, then start the next one outside it
            width = max(q[2] for q in ring)
            radius = ring_inner + width
            total = sum(2 * q[2] for q in ring)
            spare = max(0.0, 2 * math.pi * radius - total) / len(ring)
            angle = 0.0
            for ring_nodes, q, r in ring:
                theta = angle + (r + spare / 2) / radius
                out[ring_nodes] = q + radius * np.array([math.cos(theta), math.sin(theta)])
                angle += (2 * r + spare) / radius
            ring_inner = radius + width + gap / 2
        ring = [part] if part is not None else []
    out -= out[parts[0][0]].mean(0)
