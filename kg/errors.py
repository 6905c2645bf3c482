"""The errors kg raises on purpose: each says in one line what went wrong and what to do.

Every one derives from :class:`KgError`, so a caller (the CLI included) catches that one class.
The older names stay where they were defined (``kg.store.StoreError`` and so on) and subclass it.
"""

from __future__ import annotations


class KgError(Exception):
    """A failure a user can cause or fix (bad input, a missing store, a broken model file)."""
