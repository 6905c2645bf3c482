"""kg: scientific paper abstracts in, a typed knowledge graph of methods, tasks, datasets,
metrics and concepts out.

The public API, in the style of sqlite-utils (each name is a library function that a ``kg``
command is a thin shell over)::

    import kg
    report = kg.build(["papers.jsonl"], store="kg-store")   # kg build
    with kg.open_store("kg-store") as store:                 # kg query / kg stats / kg remove
        rows = store.query("MATCH (m:Method) RETURN m.name LIMIT $n", n=5)
    kg.export_rdf("kg-store", "kg.nt")                        # kg export rdf (format from ".nt")
    records = kg.extract(["We propose Mamba, a state space model."])

Every error kg raises on purpose is a :class:`kg.KgError`. Names load on first use (PEP 562), so
``import kg`` imports nothing heavy. ``kg.build`` and ``kg.extract`` are these functions; the
modules of the same names are reached with ``from kg.build import ...`` and
``from kg.extract.pipeline import ...``.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_API = {
    "build": "kg.api",
    "open_store": "kg.api",
    "extract": "kg.api",
    "export_rdf": "kg.api",
    "export_html": "kg.api",
    "export_csv": "kg.api",
    "Store": "kg.api",
    "SAMPLE_CORPUS": "kg.data",
    "BuildReport": "kg.build",
    "RemoveReport": "kg.build",
    "KnowledgeGraph": "kg.graph",
    "Paper": "kg.graph",
    "PaperRecord": "kg.graph",
    "KgError": "kg.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})


class _Package(types.ModuleType):
    """kg's module type: importing the submodule ``kg.build`` or the package ``kg.extract``
    does not replace the API functions of the same names on ``kg``."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _API.get(name) == "kg.api":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
