"""Reader for Hugging Face "Daily Papers" page dumps (``.txt``).

A dump is page chrome ("Subscribe", "Daily Papers", a date such as "Sep 9", ...) followed by
papers, each a title paragraph then an abstract paragraph, one per line, with or without blank
lines between them. Chrome lines are dropped wherever they occur, and a title glued onto
"Subscribe" ("SubscribeDeep Spatial ...") is unglued.

Pairing follows the alternation title, abstract, title, ..., checked for sanity: a title is at
most :data:`TITLE_MAX` characters and an abstract at least :data:`ABSTRACT_MIN`. When the
alternation breaks, the reader reports a Skip and resynchronises instead of mis-pairing the rest:

- a paragraph over ``TITLE_MAX`` where a title is due is an abstract without a title: reported
  and dropped; a title is still due;
- a paragraph under ``ABSTRACT_MIN`` where an abstract is due means the pending title has none
  (a missing or blank abstract): the title is reported and the short paragraph becomes the new
  pending title;
- a paragraph of ambiguous length where an abstract is due is the next title, not the abstract,
  if it does not end like a sentence and the paragraph after it is abstract-sized;
- a title at the end of the file, or whose abstract line could not be read, is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.graph import Paper
from kg.sources.base import OnSkip, Skip
from kg.sources.textio import make_paper, read_lines

#: A "title" longer than this many characters is taken for an abstract.
TITLE_MAX = 400
#: An "abstract" shorter than this many characters is taken for a title.
ABSTRACT_MIN = 60

CHROME = frozenset({
    "new",
    "Get trending papers in your email inbox!",
    "Get trending papers in your email inbox once a day!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
})
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = re.compile(rf"{_MONTH}\.? \d{{1,2}}(?:,? \d{{4}})?")
_GLUED = re.compile(r"^Subscribe(?=[A-Z0-9])")
_Para = tuple[int, str | None]


def is_chrome(line: str) -> bool:
    """Whether a (stripped) line is page chrome rather than a title or an abstract."""
    return line in CHROME or _DATE.fullmatch(line) is not None


def read_hf_daily(path: Path, on_skip: OnSkip) -> Iterator[Paper]:
    """Papers from a Daily Papers page dump; ``source`` is the title's line."""
    where = str(path)
    paragraphs = _paragraphs(path, on_skip)
    pending: tuple[int, str] | None = None  # the title waiting for its abstract
    current = next(paragraphs, None)
    while current is not None:
        following = next(paragraphs, None)
        line, text = current
        if text is None:  # unreadable, already reported
            if pending is not None:
                on_skip(Skip(where, pending[0], f"title has no abstract: line {line} could not "
                             "be read; skipped"))
            pending = None
        elif pending is None:
            if len(text) > TITLE_MAX:
                on_skip(Skip(where, line, f"abstract without a title (a {len(text)}-character "
                             f"paragraph where a title was due); skipped"))
            else:
                pending = (line, text)
        elif _is_abstract(text, following):
            paper = make_paper(path, pending[0], title=pending[1], abstract=text,
                               on_skip=on_skip)
            if paper is not None:
                yield paper
            pending = None
        else:
            on_skip(Skip(where, pending[0], f"title has no abstract (line {line} reads as the "
                         "next title); skipped"))
            pending = (line, text)
        current = following
    if pending is not None:
        on_skip(Skip(where, pending[0], "title at the end of the file has no abstract; skipped"))


def _paragraphs(path: Path, on_skip: OnSkip) -> Iterator[_Para]:
    """Non-blank, non-chrome lines, stripped and unglued; unreadable ones as (line, None)."""
    for number, text in read_lines(path, on_skip):
        if text is None:
            yield number, None
            continue
        text = _GLUED.sub("", text.strip())
        if text and not is_chrome(text):
            yield number, text


def _is_abstract(text: str, following: _Para | None) -> bool:
    """Whether ``text``, due as an abstract, is one (see the module docstring)."""
    if len(text) < ABSTRACT_MIN:
        return False
    if len(text) > TITLE_MAX:
        return True
    next_is_abstract = following is not None and len(following[1] or "") > TITLE_MAX
    return not next_is_abstract or _ends_sentence(text)


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"')]}").endswith((".", "!"))
