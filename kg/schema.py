"""The graph schema, read from ``schema/schema.toml`` (shipped in the wheel as ``kg/_schema``).

>>> SCHEMA.allows("USED_FOR", "Method", "Task")
True
>>> "Dataset" in SCHEMA.concept_labels
True
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def schema_dir() -> Path:
    """The folder of the schema files: in the installed package, or the repo's ``schema/``."""
    for candidate in (_PACKAGE / "_schema", _PACKAGE.parent / "schema"):
        if (candidate / "schema.toml").is_file():
            return candidate
    raise FileNotFoundError("kg schema not found: reinstall kg (schema/schema.toml is missing)")


@dataclass(frozen=True)
class NodeType:
    """A node label: its key property and typed properties."""

    label: str
    key: str
    concept: bool
    properties: dict[str, str]
    description: str


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type: which labels it may connect, and its properties."""

    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: dict[str, str]
    description: str


@dataclass(frozen=True)
class Schema:
    """Node and relationship types of the kg graph."""

    version: int
    nodes: dict[str, NodeType]
    relationships: dict[str, RelationshipType]

    @cached_property
    def concept_labels(self) -> tuple[str, ...]:
        return tuple(label for label, node in self.nodes.items() if node.concept)

    def allows(self, rel_type: str, source_label: str, target_label: str) -> bool:
        """Whether ``(source_label)-[rel_type]->(target_label)`` is in the schema."""
        rel = self.relationships.get(rel_type)
        return rel is not None and source_label in rel.sources and target_label in rel.targets

    def endpoint_pairs(self, rel_type: str) -> list[tuple[str, str]]:
        """Every (source label, target label) pair the relationship type may connect."""
        rel = self.relationships[rel_type]
        return [(s, t) for s in rel.sources for t in rel.targets]


def load_schema(path: Path | None = None) -> Schema:
    """Parse a schema TOML file (default: the shipped one)."""
    path = path or schema_dir() / "schema.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    nodes = {
        label: NodeType(
            label=label,
            key=spec["key"],
            concept=bool(spec.get("concept", False)),
            properties=dict(spec["properties"]),
            description=spec.get("description", ""),
        )
        for label, spec in data["nodes"].items()
    }
    concept_labels = tuple(label for label, node in nodes.items() if node.concept)

    def expand(labels: list[str]) -> tuple[str, ...]:
        out: list[str] = []
        for label in labels:
            out.extend(concept_labels if label == "*" else [label])
        unknown = set(out) - set(nodes)
        if unknown:
            raise ValueError(f"{path}: unknown node label(s) {sorted(unknown)}")
        return tuple(out)

    relationships = {
        name: RelationshipType(
            type=name,
            sources=expand(spec["from"]),
            targets=expand(spec["to"]),
            properties=dict(spec["properties"]),
            description=spec.get("description", ""),
        )
        for name, spec in data["relationships"].items()
    }
    return Schema(version=int(data["version"]), nodes=nodes, relationships=relationships)


@dataclass(frozen=True)
class RelationMapping:
    """One way a gold relation label becomes a graph relationship."""

    label: str
    type: str
    reverse: bool = False


@dataclass(frozen=True)
class GoldScheme:
    """A gold annotation scheme (SciERC, SciER) and how its labels map onto the graph."""

    name: str
    description: str
    licence: str
    entities: dict[str, str]  # scheme label -> graph label(s) ("Dataset|Concept"), "" = dropped
    relations: tuple[RelationMapping, ...]
    symmetric: frozenset[str]

    def graph_labels(self, label: str) -> tuple[str, ...]:
        """The graph labels a scheme entity label may become (empty: dropped)."""
        target = self.entities.get(label, "")
        return tuple(t for t in target.split("|") if t)

    def scheme_label(self, graph_label: str) -> str | None:
        """The scheme label a graph label is scored as: one that maps onto it alone, else the
        first that may map onto it."""
        exact = [s for s in self.entities if self.graph_labels(s) == (graph_label,)]
        loose = [s for s in self.entities if graph_label in self.graph_labels(s)]
        return (exact or loose or [None])[0]

    def mappings(self, label: str) -> list[RelationMapping]:
        return [m for m in self.relations if m.label == label]


def load_gold_schemes(path: Path | None = None) -> dict[str, GoldScheme]:
    """Parse the gold scheme mappings (default: the shipped ``gold_schemes.toml``)."""
    path = path or schema_dir() / "gold_schemes.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    schemes = {}
    for name, spec in data["schemes"].items():
        relations = tuple(RelationMapping(r["label"], r["type"], bool(r.get("reverse", False)))
                          for r in spec.get("relations", []))
        for mapping in relations:
            if mapping.type not in SCHEMA.relationships:
                raise ValueError(f"{path}: {name}: unknown relationship type {mapping.type!r}")
        entities = dict(spec["entities"])
        for target in entities.values():
            unknown = {t for t in target.split("|") if t} - set(SCHEMA.concept_labels)
            if unknown:
                raise ValueError(f"{path}: {name}: unknown graph label(s) {sorted(unknown)}")
        schemes[name] = GoldScheme(name=name, description=spec.get("description", ""),
                                   licence=spec.get("licence", ""), entities=entities,
                                   relations=relations,
                                   symmetric=frozenset(spec.get("symmetric", [])))
    return schemes


SCHEMA = load_schema()
GOLD_SCHEMES = load_gold_schemes()
