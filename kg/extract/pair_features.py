"""What the parse says about a span pair: sparse features and a softmax regression over them.

kg_rel's neural pair encoder sees the spans' token vectors from a narrow CNN; it misses much of
what classical relation extraction reads off a parse: the dependency path between the spans'
heads, the words between them, the head words, what lies around the pair, how many other spans
sit in between. ``kg_rel`` mixes this model's probabilities with its own when the doc has a
dependency parse (in kg's pipeline it does; the trained model alone has none).

Every feature is a string, emitted once alone and once joined with the pair's labels, so the
model can learn that "( ... )" means Synonym-Of between two methods but not between a method
and a task:

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp("We use BERT for parsing .")
>>> sorted(pair_features(doc, (2, 3, "Method"), (4, 5, "Task"), []))[:3]
['#Method>Task', 'L|hf', 'L|hf#Method>Task']
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy
from spacy.tokens import Doc, Token

from kg.errors import KgError

#: A span in token offsets with its label: (start, end, label).
LabelledSpan = tuple[int, int, str]
#: Token-distance buckets (lower bounds): the distance feature here and in kg_rel's v2 encoder.
DISTANCE_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21)
#: Gaps up to this many tokens are read word for word; longer ones by their first and last.
SHORT_GAP = 10
WEIGHTS, VOCABULARY = "weights.npy", "features.json.gz"


def pair_features(doc: Doc, head: LabelledSpan, tail: LabelledSpan,
                  spans: Sequence[LabelledSpan]) -> list[str]:
    """The features of the ordered pair (head, tail); ``spans``, sorted, are the doc's other
    spans (those lying between the two are counted). Dependency features need a parsed doc."""
    hs, he, hl = head
    ts, te, tl = tail
    order = "hf" if hs < ts else "tf"
    lo, hi = (he, ts) if hs < ts else (te, hs)
    gap = [_word(t) for t in doc[lo:hi]] if lo < hi else []
    head_root, tail_root = doc[hs:he].root, doc[ts:te].root
    out = [f"L|{order}", f"d|{_bucket(max(hi - lo, 0))}|{order}",
           f"hh|{_word(head_root)}", f"th|{_word(tail_root)}",
           f"ht|{_word(head_root)}|{_word(tail_root)}",
           f"hd|{head_root.dep_}|{tail_root.dep_}"]
    if (hs <= ts and te <= he) or (ts <= hs and he <= te):
        out.append("nested")
    if gap:
        out += [f"gf|{gap[0]}|{order}", f"gl|{gap[-1]}|{order}"]
        if len(gap) <= SHORT_GAP:
            out.append(f"gap|{' '.join(gap)}|{order}")
            out += [f"gw|{w}|{order}" for w in set(gap)]
            out += [f"gb|{a}_{b}|{order}" for a, b in itertools.pairwise(gap)]
        else:
            out.append("gap|long")
    after_lo = itertools.islice(spans, bisect.bisect_left(spans, (lo,)), None)
    between = sum(1 for s, e, _ in itertools.takewhile(lambda x: x[0] < hi, after_lo) if e <= hi)
    out.append(f"nb|{min(between, 4)}|{order}")
    first, last = min(hs, ts), max(he, te)
    out.append(f"bf|{_word(doc[first - 1]) if first > 0 else '<s>'}")
    out.append(f"af|{_word(doc[last]) if last < len(doc) else '</s>'}")
    if doc.has_annotation("DEP"):
        out += _path_features(head_root, tail_root)
    labels = f"#{hl}>{tl}"
    return [labels, *out, *(f + labels for f in out)]


def _path_features(a: Token, b: Token) -> list[str]:
    """The dependency path from ``a`` up to the lowest common ancestor and down to ``b``."""
    up_a, up_b = [a, *a.ancestors], [b, *b.ancestors]
    depth_in_b = {t.i: k for k, t in enumerate(up_b)}
    for k, top in enumerate(up_a):
        if top.i in depth_in_b:
            left, right = up_a[:k], up_b[:depth_in_b[top.i]]
            break
    else:
        return []
    deps = " ".join([t.dep_ + "^" for t in left] + ["v" + t.dep_ for t in reversed(right)])
    words = [_word(t) for t in left[1:]] + [_word(top)] + [_word(t) for t in reversed(right[1:])]
    out = [f"p|{deps}", f"pl|{min(len(left) + len(right), 8)}",
           f"lca|{_word(top)}|{top.pos_}"]
    if len(words) <= 6:
        out.append(f"pw|{deps}|{' '.join(words)}")
    out += [f"pv|{w}" for w in (words[1:-1] or words)]
    return out


def _word(token: Token) -> str:
    if token.is_punct:
        return token.text
    return (token.lemma_ or token.text).lower() if token.is_alpha else token.shape_


def _bucket(distance: int) -> int:
    return bisect.bisect_right(DISTANCE_BUCKETS, distance)


class PairFeatureModel:
    """Softmax regression over pair features: class 0 is "no relation", then ``labels``."""

    def __init__(self, labels: Sequence[str], features: Sequence[str],
                 weights: numpy.ndarray, bias: numpy.ndarray) -> None:
        self.labels = tuple(labels)
        self.index = {f: i for i, f in enumerate(features)}
        self.weights = weights.astype("float32")
        self.bias = bias.astype("float32")

    def probabilities(self, rows: Sequence[Sequence[str]]) -> numpy.ndarray:
        """One row of class probabilities per pair's features (unknown features count 0)."""
        scores = numpy.tile(self.bias, (len(rows), 1))
        for i, row in enumerate(rows):
            known = [self.index[f] for f in set(row) if f in self.index]
            if known:
                scores[i] += self.weights[known].sum(axis=0)
        return _softmax(scores)

    @classmethod
    def fit(cls, rows: Sequence[Sequence[str]], targets: Sequence[int], labels: Sequence[str],
            *, min_count: int = 2, epochs: int = 10, learn_rate: float = 0.1,
            l2: float = 1e-6, batch_size: int = 256, seed: int = 0) -> PairFeatureModel:
        """Train on pairs' features and their class (0: none, i: ``labels[i - 1]``) by AdaGrad
        over mini-batches; features seen fewer than ``min_count`` times are left out."""
        counts = Counter(f for row in rows for f in set(row))
        features = sorted(f for f, n in counts.items() if n >= min_count)
        model = cls(labels, features, numpy.zeros((len(features), len(labels) + 1)),
                    numpy.zeros(len(labels) + 1))
        encoded = [numpy.asarray(sorted({model.index[f] for f in row if f in model.index}),
                                 dtype="int64") for row in rows]
        truth = numpy.asarray(targets, dtype="int64")
        w, b = model.weights, model.bias
        w_sq, b_sq = numpy.full_like(w, 1e-8), numpy.full_like(b, 1e-8)
        rng = numpy.random.default_rng(seed)
        for _ in range(epochs):
            order = rng.permutation(len(rows))
            for start in range(0, len(rows), batch_size):
                batch = order[start:start + batch_size]
                index = [encoded[i] for i in batch]
                row_of = numpy.repeat(numpy.arange(len(batch)), [len(x) for x in index])
                used, where = numpy.unique(numpy.concatenate(index), return_inverse=True)
                scores = numpy.tile(b, (len(batch), 1))
                numpy.add.at(scores, row_of, w[used][where])
                d_scores = _softmax(scores)
                d_scores[numpy.arange(len(batch)), truth[batch]] -= 1.0
                d_w = numpy.zeros((len(used), w.shape[1]), dtype="float32")
                numpy.add.at(d_w, where, d_scores[row_of])
                d_w += l2 * w[used]
                w_sq[used] += d_w ** 2
                w[used] -= learn_rate * d_w / numpy.sqrt(w_sq[used])
                d_b = d_scores.sum(axis=0)
                b_sq += d_b ** 2
                b -= learn_rate * d_b / numpy.sqrt(b_sq)
        return model

    def to_disk(self, path: str | Path) -> None:
        """Write the features (gzipped JSON) and weights (float16 .npy, the bias as their last
        row)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        features = sorted(self.index, key=self.index.__getitem__)
        text = json.dumps({"labels": list(self.labels), "features": features}) + "\n"
        (path / VOCABULARY).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        numpy.save(path / WEIGHTS, numpy.vstack([self.weights, self.bias]).astype("float16"))

    @classmethod
    def from_disk(cls, path: str | Path) -> PairFeatureModel:
        """A model written by :meth:`to_disk`; a missing or broken file is a
        :class:`PairFeatureError` that names it."""
        path = Path(path)
        try:
            vocabulary = json.loads(gzip.decompress((path / VOCABULARY).read_bytes()))
            labels, features = vocabulary["labels"], vocabulary["features"]
        except json.JSONDecodeError as error:
            raise _broken(path / VOCABULARY, f"line {error.lineno}: {error.msg}") from error
        except (OSError, EOFError, UnicodeDecodeError, KeyError, TypeError) as error:
            raise _broken(path / VOCABULARY, str(error) or type(error).__name__) from error
        try:
            table = numpy.load(path / WEIGHTS).astype("float32")
        except (OSError, ValueError) as error:
            raise _broken(path / WEIGHTS, str(error)) from error
        if table.shape != (len(features) + 1, len(labels) + 1):
            raise _broken(path / WEIGHTS, f"shape {table.shape}, expected "
                          f"{(len(features) + 1, len(labels) + 1)} for {VOCABULARY}")
        return cls(labels, features, table[:-1], table[-1])


class PairFeatureError(KgError, ValueError):
    """A pair-feature model's file that cannot be read; the message names it (one argument,
    so that it crosses from a worker process intact)."""


def _broken(file: Path, reason: str) -> PairFeatureError:
    return PairFeatureError(f"{file}: {reason}: not a kg pair-feature model (reinstall kg, or "
                            "refit it: scripts/train_extractor.py --stage pair-features)")


def _softmax(scores: numpy.ndarray) -> numpy.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = numpy.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)
