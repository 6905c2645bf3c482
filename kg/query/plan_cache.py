"""Plans (kg.query.plan) kept between runs: one JSON file per statement and flags, in a folder
named by the translator's version, a hash of everything a plan is computed from (kg.query's
code, the generated grammar, kg.store.bulk's layout, kg.schema and the schema file). A change
to any of them starts a new folder and deletes the old ones; a file that cannot be read is
computed again and rewritten.

Where: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``. A plan is what
reaches LadybugDB, so a folder is only used when it is the user's own and nobody else can
write to it; when it cannot be used (read-only home, another owner), plans are not kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from functools import cache
from pathlib import Path
from typing import Any

#: The layout of the stored JSON (part of the version).
FORMAT = 1
#: Plans kept per version; beyond it the least recently written half is deleted.
MAX_PLANS = 2000
_QUERY = Path(__file__).resolve().parent


def cache_root() -> Path:
    """The folder for kg's caches ($KG_CACHE_DIR, $XDG_CACHE_HOME/kg or ~/.cache/kg)."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


@cache
def translator_version() -> str:
    """A hash of every file a plan is computed from."""
    from kg import schema
    from kg.store import bulk

    digest = hashlib.blake2b(str(FORMAT).encode(), digest_size=10)
    sources = [*sorted(_QUERY.rglob("*.py")), Path(bulk.__file__), Path(schema.__file__),
               schema.schema_dir() / "schema.toml"]
    for path in sources:
        digest.update(str(path.relative_to(path.parents[1])).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(statement: str, *, write: bool, files: bool) -> str:
    """The cache key of a statement run with these flags."""
    text = json.dumps([statement, write, files], ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _folder() -> Path:
    return cache_root() / f"cypher-plans-{translator_version()}"


def _private(path: Path) -> bool:
    """Whether ``path`` is a folder of this user's that no one else can write to."""
    info = path.stat()
    if not hasattr(os, "getuid"):  # Windows: a folder under the user's profile
        return stat.S_ISDIR(info.st_mode)
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def load(name: str) -> dict[str, Any] | None:
    """The stored plan data for key ``name``, or None (not stored, unreadable, not private)."""
    try:
        folder = _folder()
        if not _private(folder):
            return None
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError):  # RuntimeError: no home folder
        return None
    return data if isinstance(data, dict) else None


def save(name: str, data: dict[str, Any]) -> None:
    """Store plan data under key ``name``; skipped when the cache folder is not usable."""
    from kg.atomic import atomic_file

    try:
        folder = _folder()
        if not folder.is_dir():
            folder.mkdir(parents=True, mode=0o700)
            _drop_other_versions(folder)
        if not _private(folder):
            return
        with atomic_file(folder / f"{name}.json", "w") as out:
            json.dump(data, out, ensure_ascii=False)
        _prune(folder)
    except (OSError, RuntimeError):
        return


def _drop_other_versions(current: Path) -> None:
    """Delete the plan folders of other translator versions (they are never read again)."""
    for other in current.parent.glob("cypher-plans-*"):
        if other != current and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def _prune(folder: Path) -> None:
    """Keep at most MAX_PLANS plans: beyond it, delete the least recently written half."""
    plans = list(folder.glob("*.json"))
    if len(plans) <= MAX_PLANS:
        return
    plans.sort(key=lambda path: path.stat().st_mtime)
    for path in plans[:len(plans) - MAX_PLANS // 2]:
        path.unlink(missing_ok=True)
