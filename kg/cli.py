"""The ``kg`` command line: a thin click shell over kg's library functions."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import kg
from kg.calibration import load_calibration
from kg.data import SAMPLE_CORPUS
from kg.errors import KgError
from kg.extract.shipped import DEFAULT_MODEL, available_models
from kg.records import DEFAULT_WORK
from kg.sources import SUPPORTED_FORMATS
from kg.store import DEFAULT_STORE, is_server

# What a command needs beyond this (spaCy, the stores' drivers, the exporters) is imported in
# its body, so that `kg --help`, `kg query` and `kg stats` start without loading the extractor.
if TYPE_CHECKING:
    from kg.build import BuildReport
    from kg.store import GraphStore

#: Skipped inputs listed one by one before the summary says "and N more".
SHOWN_SKIPS = 20
#: Seconds between progress lines when stderr is not a terminal (a log file, a pipe).
PROGRESS_SECONDS = 5.0
#: Widest table cell in `kg query` output (longer values end in "…"; use --format json for all).
TABLE_CELL = 60

STORE_OPTIONS = [
    click.option("--store", default=DEFAULT_STORE, show_default=True, envvar="KG_STORE",
                 help="Where the graph lives: a folder (the embedded store, created by kg "
                      "build), a Neo4j server (bolt://HOST:7687, neo4j://HOST, neo4j+s://HOST) "
                      "or `neo4j` for $NEO4J_URI. Also read from $KG_STORE."),
    click.option("--user", envvar="NEO4J_USER", help="Neo4j user (default neo4j; $NEO4J_USER)."),
    click.option("--password", envvar="NEO4J_PASSWORD",
                 help="Neo4j password ($NEO4J_PASSWORD)."),
    click.option("--database", envvar="NEO4J_DATABASE",
                 help="Neo4j database (default: the server's; $NEO4J_DATABASE)."),
]

#: For the commands that read or write the extraction records (build, remove, check).
WORK_OPTION = click.option(
    "--work", default=DEFAULT_WORK, show_default=True, type=click.Path(file_okay=False),
    help="With a Neo4j store: the local folder that keeps the extraction records.")


def store_options(command: Any) -> Any:
    """The options that say which store a command works on."""
    for option in reversed(STORE_OPTIONS):
        command = option(command)
    return command


@contextmanager
def opened(store: str, user: str | None, password: str | None, database: str | None,
           create: bool = False) -> Iterator[GraphStore]:
    """The store, opened with store_options' values, closed afterwards; errors become one line."""
    from kg.store import StoreError, open_store

    try:
        target = open_store(store, create=create, user=user, password=password,
                            database=database)
    except StoreError as error:
        raise _failure(error) from None
    try:
        yield target
    except StoreError as error:
        raise _failure(error) from None
    finally:
        target.close()


class _KgGroup(click.Group):
    """The command group: any failure a command lets through is one line (a
    :class:`kg.errors.KgError` as it is, an OS error with its file, anything else named as a
    bug); the traceback only with ``kg --debug`` (or $KG_DEBUG=1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(_one_line(error)) from None


def _failure(error: Exception) -> Exception:
    """What a command raises for ``error``: one line, or ``error`` itself under ``--debug``."""
    context = click.get_current_context(silent=True)
    if context is not None and context.find_root().params.get("debug"):
        return error
    return click.ClickException(_one_line(error))


def _one_line(error: Exception) -> str:
    """An error a command did not turn into a message, as one line that says what to do."""
    if isinstance(error, KgError):
        return str(error)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        what = error.strerror or str(error) or type(error).__name__
        hint = {28: "free some space and run it again",
                30: "the file system is read-only: choose a writable --store or output",
                13: "check the permissions"}.get(error.errno or 0, "run it again with kg --debug "
                                                              "for details")
        return f"{where}{what}; {hint}"
    return (f"unexpected error ({type(error).__name__}: {error}); run it again with "
            "`kg --debug ...` to see where, and report it")


@click.group(cls=_KgGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(kg.__version__, prog_name="kg")
@click.option("--debug", is_flag=True, envvar="KG_DEBUG",
              help="Show the traceback of an error instead of one line ($KG_DEBUG=1).")
def main(debug: bool) -> None:
    """Turn scientific paper abstracts into a typed knowledge graph of methods, tasks,
    datasets, metrics and concepts, and query it with Cypher.

    \b
    Start with the bundled sample corpus:
      kg build --sample --html kg-explorer.html
      kg query "MATCH (m:Method)-[r:USED_FOR]->(t:Task) RETURN m.name, t.name, r.support
                ORDER BY r.support DESC LIMIT 10"
      kg stats
    """


def _dev_thresholds() -> str:
    """The default extractor's calibrated thresholds, as the help says them."""
    concepts, relationships, proposes = load_calibration().minimums(DEFAULT_MODEL)
    return f"concepts {concepts}, relationships {relationships}, PROPOSES {proposes}"


@main.command("build")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--sample", is_flag=True,
              help="Read the bundled sample corpus (325 papers from Hugging Face Daily Papers "
                   "pages), besides any SOURCES.")
@store_options
@WORK_OPTION
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the HTML explorer to this file (same as `kg export html`).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extraction processes; use the number of cores for large corpora.")
@click.option("--dask", metavar="ADDRESS",
              help="Run the extraction on a Dask cluster: a scheduler address "
                   "(tcp://host:8786) or `local` for a local cluster (needs kg[dask]).")
@click.option("--shard-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Save extraction records every N papers (and at least every 30 s): a "
                   "killed build, run again, resumes from the last save.")
@click.option("--model", "-m", metavar="MODEL", default=DEFAULT_MODEL or "rules",
              show_default=True,
              help="The extractor: `rules` (kg's spaCy rule components alone) or a shipped "
                   "trained model (" + ", ".join(available_models()) + ") with the precise "
                   "rules. Changing it re-extracts every paper on the next build.")
@click.option("--min-confidence", metavar="P|C,R,P|dev", default="dev", show_default=True,
              help="Leave out concepts, relationships and PROPOSES edges whose calibrated "
                   "confidence is below P (0 to 1): raise it for a smaller, surer graph, lower "
                   "it to keep more (0 keeps everything). Three numbers, C,R,P, set concepts, "
                   "relationships and PROPOSES apart (0.75,0.75,0.3). `dev`: each model's "
                   "own three, measured out of fold on its dev gold: the default model's "
                   "concepts from where dev precision reaches 0.90 (else where it is "
                   "surest), the rest from where it reaches 0.85 (else the best dev F1) "
                   f"({DEFAULT_MODEL}: {_dev_thresholds()}); 0 for `rules`, which was never "
                   "calibrated.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar and no summary (skipped input is still listed).")
@click.option("--explain-duplicates", is_flag=True,
              help="List every paper dropped as a duplicate, and the paper kept instead.")
def build_command(sources: tuple[Path, ...], sample: bool, work: str, html: Path | None,
                  jobs: int, dask: str | None, shard_size: int, model: str,
                  min_confidence: str, quiet: bool, explain_duplicates: bool,
                  **store: Any) -> None:
    """Read papers from SOURCES (files or folders), extract methods, tasks, datasets, metrics
    and concepts with their relations, and store the graph.

    Papers already in the store are kept; a paper read again is extracted again only if its
    text changed, so running the same build twice changes nothing, and a build with more
    sources adds to the graph. Unreadable input is reported with its file and line and
    skipped; the command fails only when nothing usable was read.
    """
    from kg.build import NothingToBuild, build
    from kg.extract.dask_runner import DaskError
    from kg.extract.pair_features import PairFeatureError
    from kg.records import records_for
    from kg.store import StoreError

    paths: list[Path] = [*sources, *([SAMPLE_CORPUS] if sample else [])]
    if not paths:
        raise click.UsageError("give one or more SOURCES (files or folders), or --sample")
    threshold = _min_confidence(min_confidence)
    if model != "rules" and model not in available_models():
        raise click.BadParameter(
            f"{model!r} is neither `rules` nor a shipped model "
            f"({', '.join(available_models()) or 'none installed'})", param_hint="--model")

    def progress(total: int):
        if quiet or total == 0:
            return _Silent()
        if not sys.stderr.isatty():  # a log file or a pipe: a line every few seconds
            return _ProgressLines(total, "Extracting")
        return click.progressbar(length=total, label=f"Extracting {total} papers",
                                 file=sys.stderr, show_pos=True, show_eta=True)

    try:
        # The embedded store is only created once something usable was read.
        target = store["store"] if not is_server(store["store"]) else None
        with nullcontext(target) if target else opened(**store) as target:
            report = build(paths, target, records=records_for(store["store"], work),
                           jobs=jobs, dask=dask, html=html, progress=progress,
                           on_stage=None if quiet else _stage, shard_size=shard_size,
                           model=None if model == "rules" else model,
                           min_confidence=threshold)
    except NothingToBuild as failure:
        _print_skips(failure.report)
        why = ("see the reasons above" if failure.report.skipped
               else "the files hold no records (are they empty?)")
        raise click.ClickException(
            f"no usable papers in {', '.join(map(str, paths))}; {why}") from None
    except (StoreError, DaskError, PairFeatureError) as error:
        raise _failure(error) from None
    _print_skips(report)
    if explain_duplicates:
        for note in report.duplicate_notes:
            click.echo(f"duplicate {note}", err=True)
    if not quiet:
        _print_summary(report, html)


def _min_confidence(value: str) -> float | tuple[float, float, float] | None:
    """--min-confidence: a number in [0, 1], three (concepts, relationships, PROPOSES), or
    `dev` (None: the calibrated thresholds)."""
    if value.strip().lower() == "dev":
        return None
    parts = value.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = [-1.0]
    if len(numbers) not in (1, 3) or not all(0.0 <= n <= 1.0 for n in numbers):
        raise click.BadParameter(f"{value!r} is neither a number from 0 to 1, nor three "
                                 "(concepts,relationships,PROPOSES), nor `dev`",
                                 param_hint="--min-confidence")
    return numbers[0] if len(numbers) == 1 else (numbers[0], numbers[1], numbers[2])


def _stage(message: str) -> None:
    click.echo(f"{message} ...", err=True)


build_command.help = (build_command.help or "").rstrip() + "\n\n    Formats: " + SUPPORTED_FORMATS


@main.command("query")
@click.argument("cypher")
@store_options
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter ($NAME in the query); VALUE is read as JSON when it "
                   "parses (numbers, lists, true/false), else as a string. Repeatable.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True, help="Output format.")
@click.option("--write", is_flag=True, help="Allow statements that change the graph.")
@click.option("--allow-file-access", "files", is_flag=True,
              help="With --write: also allow LOAD CSV (reads files or URLs).")
def query_command(cypher: str, params: tuple[str, ...], fmt: str, write: bool, files: bool,
                  **store: Any) -> None:
    """Run a CYPHER query against the store and print the rows ("-" reads it from stdin).

    CYPHER is Neo4j's Cypher on every store: the embedded store translates it and answers as
    Neo4j would, or refuses in one line that says what to write instead (README: "The graph").
    Labels: Paper, Method, Task, Dataset, Metric, Concept; relationships: PROPOSES, MENTIONS,
    USED_FOR, EVALUATED_ON, EVALUATES, COMPARED_WITH, IS_A, PART_OF. CALL db.labels(),
    db.relationshipTypes(), db.index.fulltext.queryNodes('kg_names', 'words') and SHOW
    INDEXES work on both.

    Read-only unless --write: only reading clauses and read-only procedures run; file access
    (LOAD CSV) also needs --allow-file-access. On the embedded store an edit made with --write
    lasts until the next `kg build` or `kg remove`, which rebuild the graph from the
    extraction records and so replace hand edits.

    \b
    Examples:
      kg query "MATCH (p:Paper) RETURN count(p)"
      kg query "MATCH (m:Method)-[:EVALUATED_ON]->(d:Dataset) RETURN d.name, count(m) AS methods
                ORDER BY methods DESC LIMIT 10"
      kg query "MATCH (c:Method) WHERE \\$alias IN c.aliases RETURN c.name" -p alias=LLMs
      kg query "MATCH (n) WHERE n:Method OR n:Task RETURN labels(n)[0] AS label, count(*)"
    """
    if cypher == "-":
        cypher = sys.stdin.read()
    parsed = dict(_parse_param(p) for p in params)
    with opened(**store) as target:
        result = target.query(cypher, parsed, write=write, files=files)
    click.echo(_format_rows(result.columns, result.rows, fmt), nl=fmt != "csv")


@main.command("stats")
@store_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats_command(as_json: bool, **store: Any) -> None:
    """Count the store's nodes per label and relationships per type."""
    with opened(**store) as target:
        stats = target.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    for title, counts in (("Nodes", stats["nodes"]), ("Relationships", stats["relationships"])):
        click.echo(f"{title} ({sum(counts.values())}):")
        for name, count in counts.items():
            click.echo(f"  {name:<14} {count:>8}")


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", "-m", default=None,
              help="rules, SCHEME (a trained model's network alone, unparsed: scierc, "
                   "scier) or SCHEME+rules (what kg build runs: the model on kg's parse, its "
                   "pair features, the rules). Default: the model of the gold's label set. "
                   "For kg's own gold: what kg build --model takes (default: kg build's).")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--corpus", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="kg's own gold only: the papers to build the gold papers with (repeatable; "
                   "default: the bundled sample corpus they are drawn from).")
@click.option("--store", "eval_store", type=click.Path(file_okay=False, path_type=Path),
              help="kg's own gold only: build into this store and keep it (a re-run reuses its "
                   "extraction records). Default: a temporary store.")
@click.option("--min-confidence", metavar="P|dev", default="dev", show_default=True,
              help="Score only what a build with this --min-confidence keeps (as kg build: "
                   "`dev` the calibrated thresholds, C,R,P three of them; 0 scores everything "
                   "the extractor finds).")
def eval_command(gold: Path, model: str | None, limit: int | None, as_json: bool,
                 corpus: tuple[Path, ...], eval_store: Path | None,
                 min_confidence: str) -> None:
    """Score the extractor against GOLD annotations: precision, recall and F1 per entity label
    and micro-averaged (exact span and label), and for relations (both spans exact and the
    label right; "strict": the entity labels right too).

    GOLD is JSON lines, one document a line: text, entities (start, end, label) and relations
    (head, tail: entity indices; label), as in SciERC and SciER. Its label set picks the scheme.

    Gold in kg's own scheme (tests/data/gold, docs/annotation.md) is scored on what the graph
    says: the papers are built as kg build would (with --corpus) and each paper's concepts,
    relationships and PROPOSES are matched to the gold, strict and lenient: concept precision,
    recall and label accuracy, relationship and PROPOSES precision and recall.
    """
    from kg.evaluate import evaluate, format_report
    from kg.gold import GoldError

    try:
        report = evaluate(gold, model, limit, list(corpus) or None, eval_store,
                          _min_confidence(min_confidence))
    except (GoldError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(report, indent=2) if as_json else format_report(report))


@main.group("export")
def export_group() -> None:
    """Write the stored graph in another form."""


@export_group.command("html")
@store_options
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one self-contained page; works offline).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Put at most this many nodes in the page (the most connected first); the "
                   "page says so when it prunes. Default: what stays responsive in a browser.")
def export_html_command(output: Path, max_nodes: int | None, **store: Any) -> None:
    """Write the interactive HTML explorer: search, filters, evidence for every edge."""
    from kg.build import write_explorer

    with opened(**store) as target:
        graph = target.read_graph()
    report = write_explorer(graph, output, max_nodes)
    click.echo(f"Wrote {output} ({_html_summary(report)})")


@export_group.command("csv")
@store_options
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (created; existing kg files in it are replaced).")
@click.option("--neo4j-database", default="neo4j", show_default=True,
              help="The database name the printed import command loads into.")
def export_csv_command(output: Path, neo4j_database: str, **store: Any) -> None:
    """Write node and relationship CSV files for `neo4j-admin database import full`, the fast
    path for first loads of millions of papers, with the exact import command in a README."""
    from kg.export.neo4j_csv import export_csv

    with opened(**store) as target:
        graph = target.read_graph()
    result = export_csv(graph, output, database=neo4j_database)
    files = len(result.node_files) + len(result.relationship_files)
    click.echo(f"Wrote {files} files to {output} (see its README.md); from that folder, load "
               f"them into a stopped Neo4j with:\n{result.command}")


#: `kg export rdf` formats (without --format, kg.api.rdf_format_for reads it from the extension).
RDF_FORMATS = ("turtle", "nt", "jsonld")


@export_group.command("rdf")
@store_options
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (replaced only once it is written completely).")
@click.option("--format", "-f", "fmt", type=click.Choice(RDF_FORMATS, case_sensitive=False),
              help="turtle, nt (N-Triples) or jsonld (JSON-LD). Default: from the extension "
                   "of --output (.ttl, .nt, .jsonld), else turtle.")
@click.option("--base", metavar="IRI",
              help="Namespace of the papers', concepts', assertions' and evidence's IRIs "
                   "(default: https://w3id.org/kg/id/). IRIs derive from the canonical keys "
                   "alone, so the same graph always gets the same IRIs.")
@click.option("--validate/--no-validate", default=False, show_default=True,
              help="Check the written file against schema/shapes.ttl with pySHACL; fail if it "
                   "does not conform. Reads the whole file into memory (the sample corpus "
                   "takes about half a minute).")
def export_rdf_command(output: Path, fmt: str | None, base: str | None, validate: bool,
                       **store: Any) -> None:
    """Write the graph as RDF in the kg ontology (schema/ontology.ttl): papers, concepts with
    SKOS labels, one triple per relationship, and for each relationship a kg:Assertion with
    its support, confidence and evidence sentences (PROV + Web Annotation selectors with the
    character offsets). Written as it goes: memory stays flat however big the graph.

    \b
    Example:
      kg export rdf -o kg.ttl
      kg export rdf --format nt -o kg.nt --base https://example.org/kg/ --validate
    Query it with SPARQL: see docs/sparql.md.
    """
    import time

    from kg.api import rdf_format_for
    from kg.export.rdf import export_rdf, validate_file
    from kg.vocab import DEFAULT_BASE, normalize_base

    fmt = rdf_format_for(output, fmt)
    try:
        base = normalize_base(base or DEFAULT_BASE)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base") from None
    with opened(**store) as target:
        graph = target.read_graph()
    try:
        report = export_rdf(graph, output, fmt, base)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    summary = (f"Wrote {output}: {report.triples:,} triples ({fmt}) in {report.seconds:.1f} s, "
               f"{report.triples / max(report.seconds, 1e-9):,.0f} triples/s")
    if validate:
        started = time.perf_counter()
        conforms, text = validate_file(output, fmt)
        seconds = time.perf_counter() - started
        if not conforms:
            click.echo(summary, err=True)
            lines = text.strip().splitlines()
            shown = "\n".join(lines[:40]) + (f"\n... ({len(lines) - 40} more lines)"
                                             if len(lines) > 40 else "")
            raise click.ClickException(f"{output} is written but does not conform to "
                                       f"schema/shapes.ttl (SHACL):\n{shown}")
        summary += f"; conforms to schema/shapes.ttl (SHACL, {seconds:.1f} s)"
    click.echo(summary)


@main.command("remove")
@click.argument("paper_ids", nargs=-1, required=True)
@store_options
@WORK_OPTION
def remove_command(paper_ids: tuple[str, ...], work: str, **store: Any) -> None:
    """Retract papers by id: their evidence goes, and concepts and relationships that only
    they supported are deleted. Find ids with
    `kg query "MATCH (p:Paper) WHERE p.title CONTAINS 'Mamba' RETURN p.id, p.title"`."""
    from kg.build import remove
    from kg.records import records_for

    with opened(**store) as target:
        report = remove(paper_ids, target, records=records_for(store["store"], work))
    for pid in report.unknown:
        click.echo(f"not in the store: {pid}", err=True)
    click.echo(f"Removed {_plural(len(report.removed), 'paper')}; the graph now has "
               f"{_plural(report.stats['nodes'].get('Paper', 0), 'paper')}.")
    if report.unknown and not report.removed:
        sys.exit(1)


@main.command("check")
@store_options
@WORK_OPTION
@click.option("--repair", is_flag=True,
              help="Rewrite the graph from the extraction records when the check fails.")
def check_command(repair: bool, work: str, **store: Any) -> None:
    """Check that the store is whole: its extraction records read back, no writer left
    half-made files, the graph file matches the checksum written when it was swapped in, and
    the graph holds one paper per record. Says what to do about each problem; exits 1 if
    there is one."""
    from kg.check import check_store
    from kg.check import repair as repair_store
    from kg.records import records_for

    records = records_for(store["store"], work)
    with opened(**store) as target:
        report = check_store(target, records)
        if not report.ok and repair:
            for problem in report.problems:
                click.echo(f"problem: {problem}", err=True)
            click.echo("Repairing: rewriting the graph from the extraction records ...", err=True)
            repair_store(target, records)
            report = check_store(target, records)
    for fact in report.facts:
        click.echo(f"ok: {fact}")
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    if not report.ok:
        sys.exit(1)
    click.echo(f"{report.store}: the store is whole.")


# -- output helpers --------------------------------------------------------------------------

class _Silent:
    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        pass


class _ProgressLines:
    """Progress for a stderr that is not a terminal: one line every :data:`PROGRESS_SECONDS`
    (and one at the end), where a progress bar would fill a log with control characters."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done = total, label, 0
        self.started = self.shown = time.monotonic()

    def __enter__(self) -> _ProgressLines:
        click.echo(f"{self.label} {_plural(self.total, 'paper')} ...", err=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.done:
            self._line()

    def update(self, n: int) -> None:
        self.done += n
        if time.monotonic() - self.shown >= PROGRESS_SECONDS and self.done < self.total:
            self._line()

    def _line(self) -> None:
        self.shown = time.monotonic()
        rate = self.done / max(self.shown - self.started, 1e-9)
        left = f", about {(self.total - self.done) / rate:.0f} s left" if self.done < self.total \
            else ""
        click.echo(f"{self.label}: {self.done}/{_plural(self.total, 'paper')} "
                   f"({rate:.1f}/s{left})", err=True)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


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
        f"{_plural(report.duplicates, 'duplicate')} merged -> "
        f"{_plural(report.papers_unique, 'paper')}"
        + (" (--explain-duplicates lists them)" if report.duplicates else ""),
        f"Extracted {_plural(report.extracted, 'paper')} in {seconds['extract']:.1f} s "
        f"({rate:.1f} abstracts/s, {_workers(report)}); "
        f"{_plural(report.reused, 'unchanged paper')} reused",
        f"Graph: {_plural(papers, 'paper')}, {_plural(sum(nodes.values()), 'concept')} ("
        + ", ".join(f"{label} {n}" for label, n in nodes.items()) + ")",
        "Relationships: " + ", ".join(f"{t} {n}" for t, n in report.stats["relationships"].items()),
    ]
    if report.quarantined:
        lines.append(f"Quarantined: {len(report.quarantined)} stored records whose ids cannot "
                     f"be loaded, kept with the reason in {report.records}/quarantine.jsonl")
    from kg.linker import BELOW_CONFIDENCE

    unsure = sum(n for why, n in report.link.relations_dropped.items()
                 if why.endswith(BELOW_CONFIDENCE))
    dropped = sum(report.link.relations_dropped.values()) - unsure
    if report.link.concepts_dropped or dropped:
        lines.append(f"Left out: {report.link.concepts_dropped} one-off untyped phrases, "
                     f"{dropped} relations outside the schema or to concepts left out")
    if report.link.below_confidence or unsure:
        lines.append("Below the minimum confidence (" + " / ".join(map(str, report.thresholds))
                     + "): "
                     f"{_plural(report.link.below_confidence, 'concept')} and "
                     f"{_plural(unsure, 'relationship')} left out; --min-confidence 0 keeps "
                     "them")
    kind = "Neo4j" if is_server(report.store) else "embedded"
    lines.append(f"Store: {report.store} ({kind}); linked in {seconds['link']:.1f} s, "
                 f"written in {seconds['store']:.1f} s")
    if html is not None:
        lines.append(f"Explorer: {html} ({_html_summary(report.html)})")
    lines.append(f"Done in {seconds['total']:.1f} s.")
    click.echo("\n".join(lines))


def _workers(report: BuildReport) -> str:
    where = (f"on Dask ({report.dask})" if report.dask
             else f"{report.jobs} job{'s' if report.jobs > 1 else ''}")
    return f"{where}, model {report.model or 'rules'}"


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
    from kg.store.cypher import json_cell

    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json_cell(value)
    return str(value)


def _format_rows(columns: list[str], rows: list[list[Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{c: _finite(_nested(c, v)) for c, v in zip(columns, row, strict=True)}
                           for row in rows],
                          ensure_ascii=False, indent=2, default=str, allow_nan=False)
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


def _nested(name: str, value: Any) -> Any:
    """``value`` with evidence entries (stored as JSON texts, see schema.toml) as JSON objects,
    for ``-f json``: a column or key whose name contains "evidence"."""
    if isinstance(value, dict):
        return {k: _nested(k, v) for k, v in value.items()}
    if "evidence" not in name:
        return [_nested(name, v) for v in value] if isinstance(value, list) else value
    if isinstance(value, list):
        return [_nested(name, v) for v in value]
    if isinstance(value, str) and value.startswith("{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities as None: JSON has no such numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"
