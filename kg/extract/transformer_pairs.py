"""kg_rel's transformer pair scorer: a small pretrained encoder, fine-tuned to classify span pairs.

The encoder is the first layers of all-MiniLM-L6-v2 (a 384-wide uncased BERT, Apache-2.0),
fine-tuned with the pair head by ``scripts/train_rel_transformer.py`` and shipped as an ONNX
graph with int8 weights, run by onnxruntime on one thread. A doc's tokens are cut into chunks
of whole sentences of at most :data:`MAX_PIECES` WordPiece pieces (kg.extract.wordpiece); each
token is the state of its first piece. A pair of spans is the mean, first and last token states
of both spans, the product of their means, the mean of the tokens between them, their labels,
their order and distance (:func:`pair_rows`); a hidden layer and a softmax classify it into
none or one of the relation labels. The training script builds the same rows in torch. An
optional span head classifies candidate spans (first and last states, their mean, the width:
:func:`span_rows`) into none or a term label, for kg.extract.transformer_spans; the encoder runs
once per doc for both heads (its states are kept in ``doc.user_data``).

Files, in the component's ``transformer/`` folder: ``encoder.onnx`` (from word embeddings to
states), ``head.npz`` (the two layers' weights, float16), ``config.json`` (labels, span labels,
widths, the terms' settings) and, optionally, ``span_head.npz``. The encoder's word embeddings
stay frozen in training, so every scheme's encoder reads the same table: all-MiniLM-L6-v2's,
int8 per row, in ``words.npz`` beside its ``vocab.txt``, both in the models folder's ``shared/``
(:data:`SHARED`) or, for a model saved elsewhere, in the ``transformer/`` folder itself.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy
from spacy.tokens import Doc

from kg.extract.pair_features import DISTANCE_BUCKETS
from kg.extract.wordpiece import WordPiece

ENCODER, VOCAB, HEAD, CONFIG = "encoder.onnx", "vocab.txt", "head.npz", "config.json"
FILES = (ENCODER, HEAD, CONFIG)
#: The frozen word embeddings (int8 ``table``, float32 ``scale`` per row) that all schemes'
#: encoders share, with the WordPiece ``vocab.txt`` that indexes them.
WORDS = "words.npz"
SHARED_FILES = (VOCAB, WORDS)
#: The models folder's subfolder holding :data:`SHARED_FILES` (a transformer folder is
#: ``<models>/<scheme>/kg_rel/transformer``).
SHARED = "shared"
#: The encoder graph's one input: the pieces' word embeddings (pieces x width).
ENCODER_INPUT = "inputs_embeds"
#: The encoder's longest input (its position table), [CLS] and [SEP] included.
MAX_PIECES = 512
#: The span-pair columns :func:`pair_index` gives: head, tail, gap (start, end each).
INDEX_COLUMNS = 6
#: The span head's optional weights file, and the longest candidate span it scores (tokens).
SPAN_HEAD = "span_head.npz"
SPAN_WIDTH = 8
#: The doc.user_data key (with the scorer's folder and number) of a doc's token states.
STATES = "kg_transformer_states"
_SCORERS = itertools.count()


def chunk_bounds(first_piece_counts: Sequence[int], sentence_starts: Sequence[int],
                 max_pieces: int = MAX_PIECES) -> list[tuple[int, int]]:
    """Token ranges covering the doc: whole sentences while their pieces fit ``max_pieces``
    with [CLS] and [SEP]; a longer sentence is cut where it reaches the limit.
    ``first_piece_counts[i]`` is token i's number of pieces; sentences start at
    ``sentence_starts`` (sorted, the first 0)."""
    limit = max_pieces - 2
    n = len(first_piece_counts)
    bounds: list[tuple[int, int]] = []
    start, used = 0, 0
    edges = [*sentence_starts, n][1:]
    sentence_start = 0
    for sentence_end in edges:
        size = sum(first_piece_counts[sentence_start:sentence_end])
        if used and used + size > limit:
            bounds.append((start, sentence_start))
            start, used = sentence_start, 0
        if size > limit:  # one long sentence: cut it where it fills a chunk
            for i in range(sentence_start, sentence_end):
                if used + first_piece_counts[i] > limit and i > start:
                    bounds.append((start, i))
                    start, used = i, 0
                used += first_piece_counts[i]
        else:
            used += size
        sentence_start = sentence_end
    if start < n or not bounds:
        bounds.append((start, n))
    return bounds


def encoder_inputs(doc: Doc, wordpiece: WordPiece) -> list[tuple[int, int, list[int], list[int]]]:
    """The encoder's inputs for ``doc``: per chunk (:func:`chunk_bounds`), its token range, its
    piece ids and each token's first-piece position (WordPiece.encode). Training and the runtime
    both cut docs with this."""
    words = [t.text for t in doc]
    counts = [len(wordpiece.word_ids(w)) for w in words]
    starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else []
    return [(start, end, *wordpiece.encode(words[start:end]))
            for start, end in chunk_bounds(counts, starts or [0])]


def pair_index(pairs: numpy.ndarray) -> numpy.ndarray:
    """kg_rel's pairs (head start, head end, tail start, tail end, labels) as the token ranges
    :func:`pair_rows` averages: head, tail, and the gap between them (the head if none)."""
    pairs = numpy.asarray(pairs, dtype="int64").reshape(-1, 6)
    hs, he, ts, te = pairs[:, 0], pairs[:, 1], pairs[:, 2], pairs[:, 3]
    gs, ge = numpy.minimum(he, te), numpy.maximum(hs, ts)
    empty = gs >= ge
    gs, ge = numpy.where(empty, hs, gs), numpy.where(empty, he, ge)
    return numpy.stack([hs, he, ts, te, gs, ge], axis=1)


def pair_extras(pairs: numpy.ndarray, n_span_labels: int) -> numpy.ndarray:
    """Each pair's one-hot head and tail labels, whether the head comes first and its distance
    bucket (one-hot over :data:`DISTANCE_BUCKETS`), as float32 columns."""
    pairs = numpy.asarray(pairs, dtype="int64").reshape(-1, 6)
    n = len(pairs)
    out = numpy.zeros((n, extra_width(n_span_labels)), dtype="float32")
    rows = numpy.arange(n)
    out[rows, pairs[:, 4]] = 1.0
    out[rows, n_span_labels + pairs[:, 5]] = 1.0
    out[:, 2 * n_span_labels] = pairs[:, 0] < pairs[:, 2]
    distance = numpy.maximum(numpy.maximum(pairs[:, 0], pairs[:, 2])
                             - numpy.minimum(pairs[:, 1], pairs[:, 3]), 0)
    bucket = numpy.searchsorted(DISTANCE_BUCKETS, distance, side="right") - 1
    out[rows, 2 * n_span_labels + 1 + bucket] = 1.0
    return out


def extra_width(n_span_labels: int) -> int:
    """The number of :func:`pair_extras` columns."""
    return 2 * n_span_labels + 1 + len(DISTANCE_BUCKETS)


def pair_rows(states: numpy.ndarray, index: numpy.ndarray, extras: numpy.ndarray
              ) -> numpy.ndarray:
    """The head's input for each pair: from token ``states`` (tokens x width), the means of the
    head, tail and gap ranges in ``index``, head mean x tail mean, the first and last states of
    head and tail, then ``extras``."""
    sums = numpy.concatenate([numpy.zeros((1, states.shape[1]), dtype=states.dtype),
                              numpy.cumsum(states, axis=0)])

    def mean(start: numpy.ndarray, end: numpy.ndarray) -> numpy.ndarray:
        return (sums[end] - sums[start]) / (end - start)[:, None].astype(states.dtype)

    hs, he, ts, te, gs, ge = index.T
    head, tail = mean(hs, he), mean(ts, te)
    return numpy.concatenate([head, tail, head * tail, mean(gs, ge), states[hs],
                              states[he - 1], states[ts], states[te - 1], extras], axis=1)


def span_extras(spans: numpy.ndarray, max_width: int = SPAN_WIDTH) -> numpy.ndarray:
    """Each (start, end) span's width, one-hot over 1..``max_width`` tokens, as float32."""
    spans = numpy.asarray(spans, dtype="int64").reshape(-1, 2)
    out = numpy.zeros((len(spans), max_width), dtype="float32")
    width = numpy.clip(spans[:, 1] - spans[:, 0], 1, max_width)
    out[numpy.arange(len(spans)), width - 1] = 1.0
    return out


def span_rows(states: numpy.ndarray, spans: numpy.ndarray, max_width: int = SPAN_WIDTH
              ) -> numpy.ndarray:
    """The span head's input for each (start, end) token span: its first and last states, their
    mean, and its width (:func:`span_extras`). The training script builds these rows; the
    runtime gets the head's output without them (:func:`span_head_probabilities`)."""
    spans = numpy.asarray(spans, dtype="int64").reshape(-1, 2)
    sums = numpy.concatenate([numpy.zeros((1, states.shape[1]), dtype=states.dtype),
                              numpy.cumsum(states, axis=0)])
    start, end = spans[:, 0], spans[:, 1]
    mean = (sums[end] - sums[start]) / (end - start)[:, None].astype(states.dtype)
    return numpy.concatenate([states[start], states[end - 1], mean,
                              span_extras(spans, max_width)], axis=1)


def shared_folder(folder: Path) -> Path:
    """Where a transformer folder's :data:`SHARED_FILES` live: the folder itself if it holds
    them, else its models folder's :data:`SHARED` subfolder."""
    if all((folder / name).is_file() for name in SHARED_FILES) or len(folder.parents) < 3:
        return folder
    return folder.parents[2] / SHARED


def quantize_rows(table: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """``table`` as int8 with one float32 scale per row (symmetric: row ~ int8 row x scale)."""
    scale = numpy.abs(table).max(axis=1) / 127.0
    scale = numpy.where(scale > 0, scale, 1.0).astype("float32")
    return numpy.round(table / scale[:, None]).astype("int8"), scale


@cache
def _word_table(path: Path) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The shared word table's int8 rows and scales (read once per process per file)."""
    try:
        with numpy.load(path) as words:
            table, scale = words["table"], words["scale"].astype("float32")
    except (OSError, ValueError, KeyError) as error:
        raise ValueError(f"{path}: not a kg word table ({error})") from error
    if table.dtype != numpy.int8 or table.ndim != 2 or scale.shape != (len(table),):
        raise ValueError(f"{path}: not a kg word table (int8 rows with one scale each)")
    return table, scale


class TransformerPairScorer:
    """Scores span pairs with the fine-tuned encoder and head in ``folder`` (see the module
    docstring), reading the shared word table from ``shared`` (default:
    :func:`shared_folder`); raises ValueError naming the file if one is missing or unreadable."""

    def __init__(self, folder: str | Path, shared: str | Path | None = None) -> None:
        # Set before onnxruntime is first imported: its builds keep a telemetry database under
        # the user's cache folder unless told not to (a user's own setting wins).
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime

        self.folder = Path(folder)
        self.shared = Path(shared) if shared is not None else shared_folder(self.folder)
        needed = [self.folder / name for name in FILES] + [self.shared / n for n in SHARED_FILES]
        for path in needed:
            if not path.is_file():
                raise ValueError(f"{path}: missing (kg_rel's transformer needs "
                                 f"{', '.join(FILES)} and the shared {', '.join(SHARED_FILES)})")
        try:
            self.config: dict[str, Any] = json.loads(
                (self.folder / CONFIG).read_text(encoding="utf-8"))
            self.labels: tuple[str, ...] = tuple(self.config["labels"])
            self.n_span_labels = int(self.config["n_span_labels"])
            self.width = int(self.config["width"])
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{self.folder / CONFIG}: not a kg_rel transformer config "
                             f"({error})") from error
        try:
            self.wordpiece = WordPiece.from_file(self.shared / VOCAB)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise ValueError(f"{self.shared / VOCAB}: not a WordPiece vocabulary ({error})"
                             ) from error
        self.words, self.word_scale = _word_table((self.shared / WORDS).resolve())
        pieces = max(self.wordpiece.ids.values()) + 1
        if self.words.shape != (pieces, self.width):
            raise ValueError(f"{self.shared / WORDS}: shape {self.words.shape} does not fit "
                             f"{self.shared / VOCAB}'s {pieces} pieces and the config's width "
                             f"{self.width}")
        try:
            with numpy.load(self.folder / HEAD) as head:
                self.head = [head[k].astype("float32") for k in ("w1", "b1", "w2", "b2")]
        except (OSError, ValueError, KeyError) as error:
            raise ValueError(f"{self.folder / HEAD}: not a kg_rel pair head ({error})") from error
        expected = (8 * self.width + extra_width(self.n_span_labels), len(self.labels) + 1)
        if (self.head[0].shape[0], self.head[2].shape[1]) != expected:
            raise ValueError(f"{self.folder / HEAD}: layer shapes {self.head[0].shape}, "
                             f"{self.head[2].shape} do not fit {expected[0]} inputs and "
                             f"{len(self.labels)} labels + none")
        #: This scorer's key in doc.user_data (each scorer has its own: two can differ).
        self.states_key = (STATES, str(self.folder), next(_SCORERS))
        self.span_head: list[numpy.ndarray] | None = None
        self.term_labels: tuple[str, ...] = tuple(self.config.get("term_labels", ()))
        if (self.folder / SPAN_HEAD).is_file():
            try:
                with numpy.load(self.folder / SPAN_HEAD) as head:
                    self.span_head = [head[k].astype("float32") for k in ("w1", "b1", "w2", "b2")]
            except (OSError, ValueError, KeyError) as error:
                raise ValueError(f"{self.folder / SPAN_HEAD}: not a span head ({error})"
                                 ) from error
            expected = (3 * self.width + SPAN_WIDTH, len(self.term_labels) + 1)
            if (self.span_head[0].shape[0], self.span_head[2].shape[1]) != expected:
                raise ValueError(f"{self.folder / SPAN_HEAD}: layer shapes do not fit "
                                 f"{expected[0]} inputs and the config's term_labels + none")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            self.session = onnxruntime.InferenceSession(
                str(self.folder / ENCODER), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own exception types
            raise ValueError(f"{self.folder / ENCODER}: not a readable ONNX encoder "
                             f"({error})") from error
        inputs = [i.name for i in self.session.get_inputs()]
        if inputs != [ENCODER_INPUT]:
            raise ValueError(f"{self.folder / ENCODER}: reads {inputs}, not [{ENCODER_INPUT!r}] "
                             "(an encoder from before the shared word table: retrain it with "
                             "scripts/train_rel_transformer.py)")

    def states(self, doc: Doc) -> numpy.ndarray:
        """One state per token of ``doc``: its first piece's, from the encoder run over chunks
        of whole sentences (:func:`encoder_inputs`). Kept on the doc, so that the span head and
        the pair head share one run."""
        key = self.states_key
        cached = doc.user_data.get(key)
        if cached is not None and len(cached) == len(doc):
            return cached
        out = numpy.zeros((len(doc), self.width), dtype="float32")
        for start, end, ids, first in encoder_inputs(doc, self.wordpiece):
            hidden = self.session.run(None, {ENCODER_INPUT: self.embed(ids)})[0]
            out[start:end] = hidden[first]
        doc.user_data[key] = out
        return out

    def embed(self, ids: Sequence[int]) -> numpy.ndarray:
        """The shared word table's float32 rows for piece ``ids`` (the encoder's input)."""
        ids = numpy.asarray(ids, dtype="int64")
        return self.words[ids].astype("float32") * self.word_scale[ids, None]

    def span_probabilities(self, doc: Doc, spans: numpy.ndarray) -> numpy.ndarray:
        """P(not a term), then P(label) in :attr:`term_labels` order, for each (start, end)
        token span of ``doc``; needs the span head (:data:`SPAN_HEAD`)."""
        if self.span_head is None:
            raise ValueError(f"{self.folder}: no span head ({SPAN_HEAD})")
        if not len(spans):
            return numpy.zeros((0, len(self.term_labels) + 1), dtype="float32")
        return span_head_probabilities(self.span_head, self.states(doc), spans)

    def probabilities(self, doc: Doc, pairs: numpy.ndarray) -> numpy.ndarray:
        """P(none), then P(label) in :attr:`labels` order, for each of kg_rel's ``pairs``."""
        if not len(pairs):
            return numpy.zeros((0, len(self.labels) + 1), dtype="float32")
        rows = pair_rows(self.states(doc), pair_index(pairs),
                         pair_extras(pairs, self.n_span_labels))
        return _mlp(self.head, rows)

    def to_disk(self, path: str | Path) -> None:
        """Copy the scorer's files to ``path``, and the shared ones too unless ``path``'s models
        folder has them (:func:`shared_folder`)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        spans = (SPAN_HEAD,) if self.span_head is not None else ()
        own = [self.folder / n for n in (*FILES, *spans)]
        if not all((shared_folder(path) / n).is_file() for n in SHARED_FILES):
            own += [self.shared / n for n in SHARED_FILES]
        for source in own:
            if source.resolve() != (path / source.name).resolve():
                shutil.copyfile(source, path / source.name)


def span_head_probabilities(layers: list[numpy.ndarray], states: numpy.ndarray,
                            spans: numpy.ndarray) -> numpy.ndarray:
    """``_mlp(layers, span_rows(states, spans))`` without building the rows: the first layer is
    linear in each block of a row, so it runs once per token (first, last, and a running sum for
    the mean) and each span only adds up its blocks."""
    w1, b1, w2, b2 = layers
    spans = numpy.asarray(spans, dtype="int64").reshape(-1, 2)
    width = states.shape[1]
    first, last = states @ w1[:width], states @ w1[width:2 * width]
    inner = numpy.zeros((len(states) + 1, w1.shape[1]), dtype=first.dtype)
    inner[1:] = states @ w1[2 * width:3 * width]
    for row in range(2, len(inner)):  # a running sum, row by row: faster than numpy's cumsum
        inner[row] += inner[row - 1]  # down a C-ordered array's columns, the same floats
    start, end = spans[:, 0], spans[:, 1]
    size = (end - start)[:, None].astype(first.dtype)
    n_widths = w1.shape[0] - 3 * width
    hidden = (first[start] + last[end - 1] + (inner[end] - inner[start]) / size
              + w1[3 * width:][numpy.clip(end - start, 1, n_widths) - 1] + b1)
    return _softmax(numpy.maximum(hidden, 0.0) @ w2 + b2)


def _mlp(layers: list[numpy.ndarray], rows: numpy.ndarray) -> numpy.ndarray:
    """Softmax of a ReLU hidden layer's output layer: the heads' forward pass."""
    w1, b1, w2, b2 = layers
    return _softmax(numpy.maximum(rows @ w1 + b1, 0.0) @ w2 + b2)


def _softmax(logits: numpy.ndarray) -> numpy.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = numpy.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)
