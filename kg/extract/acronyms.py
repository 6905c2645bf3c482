"""Acronym definitions ("Large Language Models (LLMs)"), after Schwartz & Hearst (PSB 2003).

Pure string functions; the spaCy component in :mod:`kg.extract.candidates` maps the result back
to tokens.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\S+")


def looks_like_short_form(text: str) -> bool:
    """Whether a parenthesized text can be an acronym: 2-12 chars, a capital letter, no spaces,
    starting with a letter or digit.

    >>> [looks_like_short_form(t) for t in ("LLMs", "SL", "PF-ODE", "e.g.", "Fig. 2", "a")]
    [True, True, True, False, False, False]
    """
    return (
        2 <= len(text) <= 12
        and " " not in text
        and text[0].isalnum()
        and any(c.isupper() for c in text)
        and sum(c.isalpha() for c in text) >= 2
        and not text.endswith(".")
    )


def find_long_form(short: str, preceding: str) -> str | None:
    """The long form that ``short`` abbreviates at the end of ``preceding``, or None.

    The result is an exact suffix of ``preceding.rstrip()``, so its offsets can be computed.

    Walks the short form's letters and digits from the end, matching each to a character of the
    preceding text further left; the first one must start a word. At most
    ``min(len(short) + 5, 2 * len(short))`` words are considered.

    >>> find_long_form("LLMs", "are known. Large language models")
    'Large language models'
    >>> find_long_form("SLAM", "we propose the Sub-path Linear Approximation Model")
    'Sub-path Linear Approximation Model'
    >>> find_long_form("FEM", "a method") is None
    True
    >>> find_long_form("RLHF", "Reinforcement Learning algorithms that learn from human feedback")
    """
    chars = [c.lower() for c in short if c.isalnum()]
    if not chars:
        return None
    # A trailing plural "s" of the short form need not appear in the long form.
    if short.endswith("s") and len(chars) > 2 and short[:-1].upper() == short[:-1]:
        optional_tail = True
    else:
        optional_tail = False
    preceding = preceding.rstrip()
    words = list(_WORD.finditer(preceding))
    limit = min(len(short) + 5, 2 * len(short))
    offset = words[-limit].start() if len(words) >= limit else (words[0].start() if words else 0)
    window = preceding[offset:]
    for candidate_chars in ([chars, chars[:-1]] if optional_tail else [chars]):
        start = _match(candidate_chars, window)
        if start is not None:
            long = window[start:]
            if len(long) > len(short) and long.lower() != short.lower():
                if _CLAUSE_WORDS.intersection(long.lower().split()):
                    return None  # a description, not a name
                return long
    return None


#: Words that start a clause: a "long form" holding one describes the thing ("algorithms that
#: learn from human feedback (RLHF)") instead of naming it.
_CLAUSE_WORDS = {"that", "which", "who", "whose", "whom", "where", "when", "while", "we", "is",
                 "are", "was", "were"}


def _match(chars: list[str], text: str) -> int | None:
    lowered = text.lower()
    s = len(chars) - 1
    pos = len(lowered) - 1
    while s >= 0:
        c = chars[s]
        while pos >= 0 and (
            lowered[pos] != c
            or (s == 0 and pos > 0 and lowered[pos - 1].isalnum())
        ):
            pos -= 1
        if pos < 0:
            return None
        s -= 1
        pos -= 1
    start = pos + 1
    # Extend to the start of the word the first character is in.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start
