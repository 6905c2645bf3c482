"""The ``kg`` command line: a thin click shell over kg's library functions."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

import kg
from kg.build import BuildReport, NothingToBuild, build
from kg.data import SAMPLE_CORPUS
from kg.sources import SUPPORTED_FORMATS
from kg.store import DEFAULT_STORE, StoreError, open_store
from kg.store.cypher import json_cell

#: Skipped inputs listed one by one before the summary says "and N more".
SHOWN_SKIPS = 20
#: Widest table cell in `kg query` output (longer values end in "…"; use --format json for all).
TABLE_CELL = 60

store_option = click.option(
    "--store", default=DEFAULT_STORE, show_default=True, envvar="KG_STORE",
    help="The graph store: a folder for the embedded store (created by `kg build`). "
         "Also read from $KG_STORE.")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(kg.__version__, prog_name="kg")
def main() -> None:
    """Turn scientific paper abstracts into a typed knowledge graph of methods, tasks,
    datasets, metrics and concepts, and query it with Cypher.

    \b
    Start with the bundled sample corpus:
      kg build --sample --html kg-explorer.html
      kg query "MATCH (m:Method)-[r:USED_FOR]->(t:Task) RETURN m.name, t.name, r.support
                ORDER BY r.support DESC LIMIT 10"
      kg stats
    """


@main.command("build")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--sample", is_flag=True,
              help="Read the bundled sample corpus (325 papers from Hugging Face Daily Papers "
                   "pages), besides any SOURCES.")
@store_option
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the HTML explorer to this file (same as `kg export html`).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extraction processes; use the number of cores for large corpora.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def build_command(sources: tuple[Path, ...], sample: bool, store: str, html: Path | None,
                  jobs: int, quiet: bool) -> None:
    """Read papers from SOURCES (files or folders), extract methods, tasks, datasets, metrics
    and concepts with their relations, and store the graph.

    Papers already in the store are kept; a paper read again is extracted again only if its
    text changed, so running the same build twice changes nothing, and a build with more
    sources adds to the graph. Unreadable input is reported with its file and line and
    skipped; the command fails only when nothing usable was read.
    """
    paths: list[Path] = [*sources, *([SAMPLE_CORPUS] if sample else [])]
    if not paths:
        raise click.UsageError("give one or more SOURCES (files or folders), or --sample")

    def progress(total: int):
        if quiet or total == 0:
            return _Silent()
        return click.progressbar(length=total, label=f"Extracting {total} papers",
                                 file=sys.stderr, show_pos=True, show_eta=True)

    try:
        report = build(paths, store, jobs=jobs, html=html, progress=progress)
    except NothingToBuild as failure:
        _print_skips(failure.report)
        raise click.ClickException(
            f"no usable papers in {', '.join(map(str, paths))}; see the reasons above") from None
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    if not quiet:
        _print_skips(report)
        _print_summary(report, html)


build_command.help = (build_command.help or "").rstrip() + "\n\n    Formats: " + SUPPORTED_FORMATS


@main.command("query")
@click.argument("cypher")
@store_option
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter ($NAME in the query); VALUE is read as JSON when it "
                   "parses (numbers, lists, true/false), else as a string. Repeatable.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True, help="Output format.")
@click.option("--write", is_flag=True, help="Allow statements that change the graph.")
def query_command(cypher: str, store: str, params: tuple[str, ...], fmt: str,
                  write: bool) -> None:
    """Run a CYPHER query against the store and print the rows ("-" reads it from stdin).

    The embedded store speaks LadybugDB's Cypher: Neo4j's usual clauses, with label(r) for a
    relationship's type. Labels: Paper, Method, Task, Dataset, Metric, Concept; relationships:
    PROPOSES, MENTIONS, USED_FOR, EVALUATED_ON, EVALUATES, COMPARED_WITH, IS_A, PART_OF.

    \b
    Examples:
      kg query "MATCH (p:Paper) RETURN count(p)"
      kg query "MATCH (m:Method)-[:EVALUATED_ON]->(d:Dataset) RETURN d.name, count(m) AS methods
                ORDER BY methods DESC LIMIT 10"
      kg query "MATCH (c:Method) WHERE \\$alias IN c.aliases RETURN c.name" -p alias=LLMs
    """
    if cypher == "-":
        cypher = sys.stdin.read()
    parsed = dict(_parse_param(p) for p in params)
    try:
        result = open_store(store).query(cypher, parsed, write=write)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_format_rows(result.columns, result.rows, fmt), nl=fmt != "csv")


@main.command("stats")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats_command(store: str, as_json: bool) -> None:
    """Count the store's nodes per label and relationships per type."""
    try:
        stats = open_store(store).stats()
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    for title, counts in (("Nodes", stats["nodes"]), ("Relationships", stats["relationships"])):
        click.echo(f"{title} ({sum(counts.values())}):")
        for name, count in counts.items():
            click.echo(f"  {name:<14} {count:>8}")


@main.group("export")
def export_group() -> None:
    """Write the stored graph in another form."""


@export_group.command("html")
@store_option
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one self-contained page; works offline).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Draw at most this many concepts (highest degree first); the page says so "
                   "when it prunes. Default: what stays responsive in a browser.")
def export_html_command(store: str, output: Path, max_nodes: int | None) -> None:
    """Write the interactive HTML explorer: search, filters, evidence for every edge."""
    from kg.build import write_explorer

    try:
        graph = open_store(store).read_graph()
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    report = write_explorer(graph, output, max_nodes)
    click.echo(f"Wrote {output} ({_html_summary(report)})")


# -- output helpers --------------------------------------------------------------------------

class _Silent:
    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        pass


def _print_skips(report: BuildReport) -> None:
    for skip in report.skipped[:SHOWN_SKIPS]:
        click.echo(f"skipped {skip}", err=True)
    if len(report.skipped) > SHOWN_SKIPS:
        click.echo(f"... and {len(report.skipped) - SHOWN_SKIPS} more skipped", err=True)


def _print_summary(report: BuildReport, html: Path | None) -> None:
    seconds = report.seconds
    nodes = dict(report.stats["nodes"])
    papers = nodes.pop("Paper", 0)
    rate = report.extracted / seconds["extract"] if seconds.get("extract") else 0.0
    lines = [
        f"Papers: {report.papers_read} read, {len(report.skipped)} skipped, "
        f"{report.duplicates} duplicates merged -> {report.papers_unique} papers",
        f"Extracted {report.extracted} papers in {seconds['extract']:.1f} s "
        f"({rate:.1f} abstracts/s, {report.jobs} job{'s' if report.jobs > 1 else ''}); "
        f"{report.reused} unchanged papers reused",
        f"Graph: {papers} papers, {sum(nodes.values())} concepts ("
        + ", ".join(f"{label} {n}" for label, n in nodes.items()) + ")",
        "Relationships: " + ", ".join(f"{t} {n}" for t, n in report.stats["relationships"].items()),
    ]
    dropped = sum(report.link.relations_dropped.values())
    if report.link.concepts_dropped or dropped:
        lines.append(f"Left out: {report.link.concepts_dropped} one-off untyped phrases, "
                     f"{dropped} relations outside the schema or to them")
    lines.append(f"Store: {report.store} (embedded)")
    if html is not None:
        lines.append(f"Explorer: {html} ({_html_summary(report.html)})")
    lines.append(f"Done in {seconds['total']:.1f} s.")
    click.echo("\n".join(lines))


def _html_summary(report: Any) -> str:
    text = f"{report.nodes_shown} nodes, {report.edges_shown} edges"
    if report.pruned:
        text += f"; {report.nodes_hidden} nodes left out for size, see the note on the page"
    return text


def _parse_param(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json_cell(value)
    return str(value)


def _format_rows(columns: list[str], rows: list[list[Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows],
                          ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return out.getvalue()
    cells = [[_clip(_cell(v)) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"
