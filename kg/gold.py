"""Gold annotations in kg's JSON-lines format (the format of ``../shared/data``): one document a
line with ``doc_key``, ``text``, ``tokens``, ``sentences`` (character offsets), ``entities``
(``start``, ``end``, ``label``) and ``relations`` (``head``/``tail`` entity indices, ``label``).

kg's own in-domain gold (``"scheme": "kg"``, docs/annotation.md) adds to each entity its
annotated ``text`` (checked against the offsets) and ``concept`` (mentions of one concept share
it, e.g. a long form and its acronym), and to each document ``proposes``: the entity indices of
what the paper introduces.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.schema import SCHEMA, GoldScheme, RelationMapping, schema_dir

#: An entity span: (start, end, label), character offsets, end exclusive.
Entity = tuple[int, int, str]
#: A relation between two spans: (head start, head end, tail start, tail end, label).
Relation = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class GoldDoc:
    """One annotated document."""

    key: str
    text: str
    tokens: tuple[str, ...]
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    #: The concept of each entity (same number: same concept); by default each its own.
    concepts: tuple[int, ...] = ()
    #: Entity indices of what the paper proposes (kg scheme only).
    proposes: tuple[int, ...] = ()
    scheme: str | None = None


class GoldError(KgError, ValueError):
    """A gold file that cannot be read; the message names file and line."""


def read_gold(path: str | Path) -> Iterator[GoldDoc]:
    """The documents of a gold JSON-lines file, checked as they are read."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise GoldError(f"{path}: {error.strerror or error}") from error
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield _parse(json.loads(line))
            except (ValueError, KeyError, TypeError, IndexError) as error:
                raise GoldError(f"{path}:{number}: not a gold document ({error})") from error


def _parse(data: dict) -> GoldDoc:
    text = data["text"]
    entities = tuple((int(e["start"]), int(e["end"]), str(e["label"])) for e in data["entities"])
    for (start, end, _), given in zip(entities, data["entities"], strict=True):
        if not 0 <= start < end <= len(text):
            raise ValueError(f"entity offsets {start}:{end} outside the text")
        if "text" in given and text[start:end] != given["text"]:
            raise ValueError(f"entity {start}:{end} is {text[start:end]!r} in the text, "
                             f"not {given['text']!r}")
    relations = tuple(
        (*entities[_index(r["head"], entities)][:2], *entities[_index(r["tail"], entities)][:2],
         str(r["label"]))
        for r in data["relations"]
    )
    concepts = tuple(int(e.get("concept", i)) for i, e in enumerate(data["entities"]))
    proposes = tuple(_index(i, entities) for i in data.get("proposes", ()))
    return GoldDoc(
        key=str(data.get("doc_key", "")),
        text=text,
        tokens=tuple(data.get("tokens") or text.split()),
        sentences=tuple((int(s), int(e)) for s, e in data.get("sentences") or [(0, len(text))]),
        entities=entities,
        relations=relations,
        concepts=concepts,
        proposes=proposes,
        scheme=data.get("scheme"),
    )


def _index(value: object, items: tuple) -> int:
    """An index into ``items``, checked (JSON gives negative and float indices too)."""
    if not isinstance(value, int) or not 0 <= value < len(items):
        raise IndexError(f"entity index {value!r} out of range")
    return value


def label_sets(path: str | Path) -> tuple[set[str], set[str]]:
    """The entity and relation labels used in a gold file."""
    entity_labels: set[str] = set()
    relation_labels: set[str] = set()
    for doc in read_gold(path):
        entity_labels.update(label for *_, label in doc.entities)
        relation_labels.update(label for *_, label in doc.relations)
    return entity_labels, relation_labels


def load_kg_scheme(path: Path | None = None) -> GoldScheme:
    """kg's own gold scheme (``[native.kg]`` of ``gold_schemes.toml``): the graph's labels and
    relationship types, 1:1, checked against the schema."""
    path = path or schema_dir() / "gold_schemes.toml"
    spec = tomllib.loads(path.read_text(encoding="utf-8"))["native"]["kg"]
    entities = dict(spec["entities"])
    relations = tuple(RelationMapping(r["label"], r["type"]) for r in spec["relations"])
    unknown = ({t for t in entities.values()} - set(SCHEMA.concept_labels)) | (
        {r.type for r in relations} - set(SCHEMA.relationships))
    if unknown:
        raise ValueError(f"{path}: native.kg: not in the schema: {sorted(unknown)}")
    return GoldScheme(name="kg", description=spec.get("description", ""),
                      licence=spec.get("licence", ""), entities=entities, relations=relations,
                      symmetric=frozenset(spec.get("symmetric", [])))


KG_SCHEME = load_kg_scheme()
