"""BERT's uncased WordPiece tokenization of spaCy tokens, for kg_rel's transformer encoder.

Each spaCy token is split as BERT's basic tokenizer splits a word (lower-cased, accents
stripped, punctuation apart) and each part into the longest vocabulary pieces, left to right
("##" marks a piece inside a word). What a token's first piece's vector says stands for the
token (:func:`WordPiece.encode`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"
#: BERT's longest word: a longer one is one unknown piece.
MAX_WORD_CHARS = 100


class WordPiece:
    """A WordPiece vocabulary (one piece per line of ``vocab.txt``, ids by line number)."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.ids = {piece: i for i, piece in enumerate(vocab)}
        missing = [p for p in (CLS, SEP, UNK) if p not in self.ids]
        if missing:
            raise ValueError(f"WordPiece vocabulary lacks {missing}")
        self.cls, self.sep, self.unk = self.ids[CLS], self.ids[SEP], self.ids[UNK]
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def from_file(cls, path: str | Path) -> WordPiece:
        """The vocabulary in ``path`` (BERT's vocab.txt)."""
        return cls(Path(path).read_text(encoding="utf-8").splitlines())

    def word_ids(self, word: str) -> list[int]:
        """The piece ids of one spaCy token's text (none for whitespace)."""
        ids = self._cache.get(word)
        if ids is None:
            ids = [i for part in _basic_split(word) for i in self._pieces(part)]
            if len(self._cache) < 500_000:
                self._cache[word] = ids
        return ids

    def encode(self, words: Sequence[str]) -> tuple[list[int], list[int]]:
        """``[CLS] pieces... [SEP]`` of the words, and for each word the position of its first
        piece (a word with no pieces, such as a newline, takes the position before it)."""
        ids, first = [self.cls], []
        for word in words:
            pieces = self.word_ids(word)
            first.append(len(ids) if pieces else len(ids) - 1)
            ids += pieces
        ids.append(self.sep)
        return ids, first

    def _pieces(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    out.append(self.ids[piece])
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return out


def _basic_split(text: str) -> list[str]:
    """BERT's uncased basic tokenization of ``text``: words and punctuation marks."""
    text = unicodedata.normalize("NFD", text.lower())
    parts, current = [], []
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn" or char == "\ufffd" or char == "\x00" or (
                category.startswith("C") and char not in "\t\n\r"):
            continue
        if char.isspace():
            if current:
                parts.append("".join(current))
                current = []
        elif _is_punctuation(char) or _is_cjk(char):
            if current:
                parts.append("".join(current))
                current = []
            parts.append(char)
        else:
            current.append(char)
    if current:
        parts.append("".join(current))
    return parts


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF
            or 0x2F800 <= code <= 0x2FA1F)
