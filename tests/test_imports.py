"""The package's import graph, read from the source (no module is imported): no cycle, stores
that know nothing upstream of the graph model, exporters that never load a store's driver."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"
#: The database drivers: the embedded store's engine and Neo4j's driver, and the modules that
#: hold them.
DRIVERS = {"ladybug", "neo4j", "kg.store.embedded", "kg.store.neo4j", "kg.store.neo4j_errors"}


def module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(KG.rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name | ast.Attribute) and "TYPE_CHECKING" in ast.unparse(
        node.test)


def _imports(tree: ast.AST, package: str, lazy: bool) -> set[str]:
    """The modules imported in ``tree``: at module level, and with ``lazy`` in function bodies
    too (a call runs them), never under ``if TYPE_CHECKING:`` nor in a PEP 562 ``__getattr__``
    (which runs only when a name is looked up)."""
    found: set[str] = set()
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            found |= {m for child in node.orelse for m in _imports(child, package, lazy)}
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and (
                not lazy or getattr(node, "name", "") == "__getattr__"):
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
        found |= _imports(node, package, lazy)
    return found


@cache
def imports(module: str, lazy: bool = True) -> frozenset[str]:
    """What ``module`` imports, anywhere (``lazy``) or at module level only."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return frozenset(_imports(ast.parse(path.read_text(encoding="utf-8")), package, lazy))


def loaded_with(module: str) -> set[str]:
    """What importing ``module`` loads: its module-level imports, theirs, and the packages above
    each kg module (importing ``kg.store.cypher`` runs ``kg/store/__init__`` first)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in MODULES:
            todo += imports(name, lazy=False)
            parts = name.split(".")
            todo += [".".join(parts[:i]) for i in range(1, len(parts))]
    return seen - {module}


def top(name: str) -> str:
    return name.split(".")[0]


def test_the_walk_sees_lazy_imports() -> None:
    assert "kg.extract.pipeline" in imports("kg.extract.runner")  # inside a function
    assert "kg.store.embedded" in imports("kg.store")  # in open_store
    assert "kg.store.embedded" not in loaded_with("kg.store")  # ... not when imported
    assert "kg.api" not in imports("kg")  # only in its PEP 562 __getattr__
    assert "kg.store.base" in loaded_with("kg.export.neo4j_csv")  # via kg/store/__init__


def test_no_import_cycle() -> None:
    """Edges between kg modules (not to the packages above them, which Python runs first)."""
    graph = {m: {i for i in imports(m) if i in MODULES and not m.startswith(i + ".")}
             for m in MODULES}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for nxt in sorted(graph[module]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_stores_know_nothing_upstream_of_the_graph_model() -> None:
    """A store is fed a kg.graph.GraphSource: no store module imports the linker, the
    extraction records, the extractor, the readers or the build (lazily or not)."""
    upstream = {"kg.linker", "kg.records", "kg.extract", "kg.sources", "kg.build"}
    stores = [m for m in MODULES if m.startswith("kg.store")]
    assert {"kg.store", "kg.store.base", "kg.store.embedded", "kg.store.neo4j"} <= set(stores)
    offenders = {m: sorted(i for i in imports(m) if i in upstream or i.startswith("kg.extract."))
                 for m in stores}
    assert not {m: i for m, i in offenders.items() if i}
    assert not {m for m in stores if {"kg.linker", "kg.records"} & loaded_with(m)}


def test_exporters_never_load_a_store_driver() -> None:
    exporters = [m for m in MODULES if m.startswith("kg.export")]
    assert "kg.export.neo4j_csv" in exporters
    offenders = {}
    for module in exporters:  # its own imports, lazy ones too, and what those load
        loaded = {*imports(module), *(n for i in imports(module) for n in loaded_with(i))}
        offenders[module] = sorted(DRIVERS & (loaded | {top(name) for name in loaded}))
    assert not {m: d for m, d in offenders.items() if d}


def test_the_command_line_loads_no_extractor_store_or_exporter_to_start() -> None:
    """What `kg --help` imports (module level only is not what is checked here: the commands
    import in their bodies; a fast start is measured in test_cli)."""
    heavy = {"spacy", "onnxruntime", "kg.extract.pipeline", "kg.export.rdf", "kg.export.html"}
    module_level = _module_level_imports("kg.cli")
    assert not heavy & module_level


def _module_level_imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


#: What `kg --help`, `kg query` and `kg stats` must start without: the extractor, the RDF,
#: HTML and CSV exporters, the Neo4j driver for an embedded store, networkx.
NOT_AT_START = ("spacy", "onnxruntime", "thinc", "rdflib", "pyshacl", "neo4j", "networkx",
                "jinja2", "kg.export", "kg.extract.pipeline", "kg.build")


def test_query_stats_and_help_start_without_the_extractor_or_exporters(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    import kg

    source = tmp_path / "p.jsonl"
    source.write_text(json.dumps({"id": "a", "title": "Mamba", "abstract": "We propose Mamba "
                                  "for language modeling."}) + "\n", encoding="utf-8")
    kg.build(source, store=tmp_path / "s", model=None)
    for args in (["--help"], ["stats", "--store", str(tmp_path / "s")],
                 ["query", "MATCH (p:Paper) RETURN p.id", "--store", str(tmp_path / "s")]):
        code = ("import sys\nfrom kg.cli import main\n"
                f"try:\n    main({args!r})\nexcept SystemExit as done:\n    assert not done.code\n"
                f"print([m for m in sys.modules if m.startswith({NOT_AT_START!r})])")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              cwd=KG.parent)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == "[]", (args, done.stdout)


def registered_names() -> dict[str, set[str]]:
    """The names kg's modules register with spaCy, read from their decorators."""
    groups = {"factory": "spacy_factories", "architectures": "spacy_architectures",
              "misc": "spacy_misc"}
    found: dict[str, set[str]] = {group: set() for group in groups.values()}
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in groups and node.args and \
                    isinstance(node.args[0], ast.Constant):
                found[groups[node.func.attr]].add(node.args[0].value)
    return found


def test_every_registered_name_is_an_entry_point() -> None:
    import tomllib

    project = tomllib.loads((KG.parent / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"]
    registered = registered_names()
    assert registered["spacy_factories"] >= {"kg_rel", "kg_candidates", "kg_trained"}
    for group, names in registered.items():
        assert set(declared.get(group, {})) == names, group
    for group in registered:  # each entry point names the decorated function
        for name, target in declared[group].items():
            module, _, function = target.partition(":")
            source = MODULES[module].read_text(encoding="utf-8")
            assert f'"{name}"' in source and f"def {function}(" in source, (group, name)


def test_shipped_models_load_with_plain_spacy_load() -> None:
    import os
    import subprocess
    import sys
    from importlib import metadata

    if "kg_rel" not in {e.name for e in metadata.entry_points(group="spacy_factories")}:
        if os.environ.get("CI") == "true":
            pytest.fail("kg's spaCy entry points are not installed: pip install -e .")
        pytest.skip("kg's spaCy entry points are not installed here: pip install -e . again")
    models = KG / "extract" / "models"
    names = sorted(p.name for p in models.iterdir() if (p / "meta.json").is_file())
    code = ("import sys, spacy\n"
            f"for name in {names!r}:\n"
            f"    nlp = spacy.load({str(models)!r} + '/' + name)\n"
            "    assert 'kg_rel' in nlp.pipe_names\n"
            "    assert nlp('We test it on ImageNet.').spans is not None\n"
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd="/")
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
