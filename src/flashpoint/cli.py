"""The ``flashpoint`` command line. Each command parses its options and calls
one library function; the work happens in the library.

Exit status (SPEC): 0 when every input was processed, 1 when some were
rejected, 2 on a usage error, 3 on an unexpected crash (a bug: the traceback
is printed), so that a script can tell "some inputs were bad" from "the run
died". One bad article is a rejection, never a crash.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flashpoint import __version__
from flashpoint.cli_common import (
    BUDGET_HELP,
    DB_HELP,
    SAME_HOST_HELP,
    open_store,
    set_same_host_only,
    set_time_budget,
)

#: exit status of a run that died of an unexpected exception
CRASH_EXIT = 3


class FlashpointApp(typer.Typer):
    """The Typer app, with an unexpected exception exiting ``CRASH_EXIT``
    (after its traceback) instead of Python's 1, which means "rejected"."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
            sys.exit(CRASH_EXIT)


def _help_type(param, ctx) -> str | None:
    """What ``--help`` shows of an option's value, without Typer's Python
    type labels (``<bool>``, ``<list[str]>``): nothing for a flag or an
    argument (its name says it), the choices for a choice (``jsonl|csv``),
    the metavar when one is given, else the type in capitals (``INT``)."""
    from typer.core import TyperArgument

    if isinstance(param, TyperArgument) or getattr(param, "is_flag", False):
        return None
    if param.metavar is not None:
        return param.metavar
    desc = param.type_descriptor
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if desc.is_path:
        return "PATH"
    annotation = desc.annotation
    name = getattr(annotation, "__name__", "") if isinstance(annotation, type) else ""
    return {"int": "N", "float": "NUMBER", "str": "TEXT"}.get(name, "VALUE")


def _plain_help_types() -> None:
    """Make every command's ``--help`` show ``_help_type`` in its type column."""
    from typer.core import TyperArgument, TyperOption

    TyperOption.display_type_rich = _help_type
    TyperArgument.display_type_rich = _help_type


_plain_help_types()

app = FlashpointApp(
    help="flashpoint: news reports about a conflict in, sourced PLOVER event records out.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # help text is plain: "flashpoint[ray]" is not markup
)
out = Console()
err = Console(stderr=True)


class RecordFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"flashpoint {__version__}")
        raise typer.Exit()


def configure_logging(verbose: bool) -> None:
    """flashpoint's log lines on stderr: warnings only by default (a record
    stored twice, a source skipped are debug detail), everything with ``-v``."""
    import logging

    logger = logging.getLogger("flashpoint")
    if not any(getattr(h, "_flashpoint_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler._flashpoint_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    verbose: bool = typer.Option(False, "-v", "--verbose",
                                 help="Log detail (debug lines) on stderr; quiet by default."),
) -> None:
    """flashpoint: news reports about a conflict in, sourced PLOVER event records out."""
    configure_logging(verbose)


def _report_rejection(rejection) -> None:
    err.print(f"[red]rejected[/red] {escape(rejection.name)}: {escape(rejection.reason)}",
              highlight=False)  # fmt: skip


def _sample_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("flashpoint") / "data" / "sample"))


RAY_HELP = "Code on a Ray cluster (needs flashpoint[ray]); storing and writing stay here."
RAY_ADDRESS_HELP = ("Ray cluster to connect to (default $RAY_ADDRESS; "
                    "without either, a local one is started).")  # fmt: skip
WORKERS_HELP = "--ray: coding actors, one CPU each (default: one per CPU of the cluster)."
PROCESSES_HELP = ("Worker processes that code articles (default: this machine's cores); "
                  "the records and their order are those of one process.")  # fmt: skip




def _coder(ray: bool, address: str | None, workers: int | None, processes: int | None = None):
    """The article coder: on Ray for ``--ray``, else on ``processes`` worker
    processes (default: every core); exits 2 with the install hint when Ray
    is missing."""
    if not ray:
        if address or workers:
            raise typer.BadParameter("needs --ray", param_hint="--ray-address/--workers")
        from functools import partial

        from flashpoint.extract import code_articles, default_processes

        return partial(code_articles, processes=processes or default_processes())
    if processes is not None:
        raise typer.BadParameter("--ray codes on --workers actors", param_hint="--processes")
    from flashpoint.scale import RayUnavailable, make_coder

    try:
        return make_coder(address, workers=workers)
    except RayUnavailable as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Files, folders or JSONL files to read."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write records here (default: stdout)."),
    fmt: RecordFormat = typer.Option(RecordFormat.jsonl, "--format", help="Output format."),
    ray: bool = typer.Option(False, "--ray", help=RAY_HELP),
    ray_address: str | None = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    workers: int | None = typer.Option(None, "--workers", min=1, help=WORKERS_HELP),
    processes: int | None = typer.Option(None, "--processes", min=1, help=PROCESSES_HELP),
    time_budget: float | None = typer.Option(None, "--time-budget", min=0.0, help=BUDGET_HELP),
    same_host_only: bool = typer.Option(False, "--same-host-only", help=SAME_HOST_HELP),
) -> None:
    """Read articles and print their event and statement records (no database)."""
    set_time_budget(time_budget)
    set_same_host_only(same_host_only)
    from flashpoint.extract import RecordWriter
    from flashpoint.intake import article_name, split_inputs
    from flashpoint.models import Rejection

    coder = _coder(ray, ray_address, workers, processes)
    articles, rejected = split_inputs(inputs)
    for rejection in rejected:
        _report_rejection(rejection)
    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:  # each article's records are written (and flushed) as it is coded
        writer = RecordWriter(stream, fmt=fmt.value)
        for coded in coder(articles):
            if coded.error:
                rejected.append(Rejection(article_name(coded.article), coded.error))
                _report_rejection(rejected[-1])
                continue
            for record in coded.records():
                writer.write(record)
            stream.flush()
    finally:
        if output:
            stream.close()
    raise typer.Exit(1 if rejected else 0)


def _ingest_with_progress(inputs: list[str], store, coder=None):
    from flashpoint.intake import ingest as run_ingest

    # redrawn on each article, never by a thread of its own: the coder may
    # fork its workers, which is safe only where no other thread runs
    progress = Progress(
        TextColumn("[bold]coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err, transient=True, auto_refresh=False,
    )
    started: list[int] = []

    def rejected(rejection) -> None:  # after the start: an article, counted in the total
        _report_rejection(rejection)
        if started:
            progress.update(task, advance=1, refresh=True)

    def start(total: int) -> None:
        started.append(total)
        progress.update(task, total=total, refresh=True)

    with progress:
        task = progress.add_task("", total=None)
        summary = run_ingest(
            inputs, store,
            on_reject=rejected,
            on_start=start,
            on_article=lambda a, status: progress.update(task, advance=1, description=a.doc_id,
                                                         refresh=True),
            coder=coder,
        )  # fmt: skip
    return summary


def _print_ingest_table(summary) -> None:
    table = Table(title="ingest", show_header=True)
    table.add_column("processed", justify="right")
    table.add_column("new", justify="right")
    table.add_column("updated", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("rejected", justify="right")
    table.add_column("events", justify="right")
    table.add_column("statements", justify="right")
    table.add_row(*(str(x) for x in (
        summary.processed, summary.new, summary.updated, summary.unchanged,
        len(summary.rejected), summary.events, summary.statements,
    )))  # fmt: skip
    out.print(table)
    if summary.rejected:
        rej = Table(title="rejected inputs")
        rej.add_column("input")
        rej.add_column("reason")
        for r in summary.rejected:
            rej.add_row(r.name, r.reason)
        out.print(rej)


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Files, folders or JSONL files to read."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    ray: bool = typer.Option(False, "--ray", help=RAY_HELP),
    ray_address: str | None = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    workers: int | None = typer.Option(None, "--workers", min=1, help=WORKERS_HELP),
    processes: int | None = typer.Option(None, "--processes", min=1, help=PROCESSES_HELP),
    time_budget: float | None = typer.Option(None, "--time-budget", min=0.0, help=BUDGET_HELP),
    same_host_only: bool = typer.Option(False, "--same-host-only", help=SAME_HOST_HELP),
) -> None:
    """Read, code and store articles; re-ingesting an unchanged article changes nothing."""
    set_time_budget(time_budget)
    set_same_host_only(same_host_only)
    coder = _coder(ray, ray_address, workers, processes)
    store = open_store(db)
    try:
        summary = _ingest_with_progress(inputs, store, coder=coder)
    finally:
        store.close()
    _print_ingest_table(summary)
    raise typer.Exit(1 if summary.rejected else 0)


def _print_stats(stats: dict) -> None:
    table = Table(title="flashpoint store")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("articles", "events", "statements", "rejected", "runs"):
        if key in stats:
            table.add_row(key, str(stats[key]))
    out.print(table)
    by_type = stats.get("events_by_type") or {}
    if by_type:
        t = Table(title="events by PLOVER type")
        t.add_column("type")
        t.add_column("events", justify="right")
        for name, n in sorted(by_type.items(), key=lambda kv: -kv[1]):
            t.add_row(name, str(n))
        out.print(t)
    dyads = stats.get("top_dyads") or []
    if dyads:
        t = Table(title="top dyads")
        t.add_column("dyad")
        t.add_column("events", justify="right")
        for name, n in dyads:
            t.add_row(name, str(n))
        out.print(t)


@app.command()
def stats(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Counts of articles, events (by type), statements and rejected inputs."""
    store = open_store(db)
    try:
        numbers = store.stats()
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(numbers))
    else:
        _print_stats(numbers)


@app.command()
def demo(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    port: int = typer.Option(8000, "--port", min=0, max=65535,
                             help="Port to serve the dashboard on (make demo PORT=8001)."),
) -> None:
    """Ingest the bundled sample corpus and print a summary (then serve, unless NO_SERVE=1)."""
    from flashpoint.cli_web import check_port

    if not os.environ.get("NO_SERVE"):
        check_port("127.0.0.1", port)  # before the ingest: a taken port fails at once
    store = open_store(db)
    try:
        summary = _ingest_with_progress([str(_sample_dir())], store)
        _print_ingest_table(summary)
        numbers = store.stats()
        _print_stats(numbers)
        quotes = store.statements(limit=5)
    finally:
        store.close()
    if quotes:
        t = Table(title="some statements")
        t.add_column("speaker")
        t.add_column("quote")
        for q in quotes:
            speaker = q.get("speaker") or {}
            t.add_row(speaker.get("name") or speaker.get("code") or "?", q["quote"][:100])
        out.print(t)
    if os.environ.get("NO_SERVE"):
        return
    from flashpoint.cli_web import serve_dashboard

    serve_dashboard(db, host="127.0.0.1", port=port)


@app.command()
def explain(
    sentence: str = typer.Argument(..., help="A sentence (or short text) to code."),
    published: str | None = typer.Option(None, "--published", help="Publication date, YYYY-MM-DD."),
) -> None:
    """Show how a sentence is coded: parse, patterns fired, actors and why, records."""
    from flashpoint.coding.explain import explain as run_explain
    from flashpoint.pipeline import load_pipeline

    pub = None
    if published:
        try:
            pub = date.fromisoformat(published[:10])
        except ValueError as exc:
            raise typer.BadParameter(f"not a date: {published!r}", param_hint="--published") from exc
    typer.echo(run_explain(load_pipeline(), sentence, published=pub))


@app.command()
def rules(
    stage: str | None = typer.Option(None, "--stage", help="Only the rules of this stage."),
    full: bool = typer.Option(False, "--full", help="Each rule's whole docstring and example."),
) -> None:
    """List every coding rule, in running order: id, stage, what it does."""
    from flashpoint.coding import events  # noqa: F401  (imports register the rules)
    from flashpoint.coding.engine import STAGE_BY_NAME, STAGES
    from flashpoint.coding.engine import rules as all_rules

    if stage is not None and stage not in STAGE_BY_NAME:
        typer.echo(f"unknown stage {stage!r}; stages: {', '.join(STAGE_BY_NAME)}", err=True)
        raise typer.Exit(2)
    for st in STAGES:
        if stage is not None and st.name != stage:
            continue
        found = all_rules(st.name)
        typer.echo(f"{st.name} ({st.summary}{'; the first that applies wins' if st.exclusive else ''})")
        for r in found:
            line = r.summary if len(r.summary) <= 90 else r.summary[:89].rstrip() + "…"
            typer.echo(f"  {r.id:<36} {line}" if not full else f"  {r.id}\n    {' '.join(r.doc.split())}")
            if full and r.example is not None:
                typer.echo(f"    example: {r.example.text!r} -> {', '.join(r.example.records) or 'no '}"
                           f"{' without ' + ', '.join(r.example.absent) if r.example.absent else ''}")


@app.command()
def bench(
    inputs: list[str] = typer.Argument(None, metavar="INPUT", help="Corpus to measure on (default: the sample corpus)."),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Runs per measurement; the best is kept."),
    web: bool = typer.Option(False, "--web", help="Measure the dashboard and API instead: p50/p95 per route."),
    incidents: int = typer.Option(100_000, "--incidents", min=1, help="--web: synthetic incidents to serve."),
    clients: int = typer.Option(20, "--clients", min=1, help="--web: concurrent clients."),
    requests: int = typer.Option(100, "--requests", min=1, help="--web: requests per route."),
    db: str | None = typer.Option(None, "--db", help=(
        "--web: reuse (or keep) the synthetic database here; --ingest: a PostgreSQL URL "
        "to measure on (a schema of its own, dropped after; default: a temporary SQLite file).")),
    ingest: bool = typer.Option(False, "--ingest", help=(
        "Measure the store and fusion at scale instead: the corpus is coded once and "
        "varied copies of its records are stored (see --articles).")),
    articles: int = typer.Option(100_000, "--articles", min=1, help="--ingest: articles to store."),
    processes: int | None = typer.Option(None, "--processes", min=1, help=(
        "Also code on N worker processes and report the speed-up over one "
        "(default: this machine's cores; 1: one process only); --web: server processes.")),
    fuzz: int = typer.Option(0, "--fuzz", min=0, help="Code N fuzzed hostile texts: exceptions, rejections, slowest."),
    seed: int = typer.Option(0, "--seed", help="--fuzz: the seed of the fuzzed texts (same seed, same texts)."),
    worst: bool = typer.Option(False, "--worst", help="Time the worst cases (runs of quotation marks, emoji ...)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Measure extract speed (words/s beside plain spaCy; one process and N)
    and peak memory; with --ingest the store and fusion at scale; with --web
    the dashboard's and API's latency under concurrent clients; with --fuzz N
    how N hostile texts fare; with --worst the worst cases."""
    if fuzz or worst:
        _bench_coder(fuzz, seed, worst, as_json)
        return
    if web:
        from flashpoint.web.bench import bench_web

        result = bench_web(incidents=incidents, clients=clients, requests=requests, db=db,
                           workers=processes).to_dict()  # fmt: skip
        if as_json:
            typer.echo(json.dumps(result))
            return
        table = Table(title=f"flashpoint bench --web: {result['incidents']} incidents, "
                            f"{result['clients']} clients, {result['workers']} server processes, "
                            f"load {result['load_average']}")  # fmt: skip
        columns = ("route", "requests", "errors", "p50_ms", "p95_ms", "max_ms", "server_cpu_ms")
        for col in columns:
            table.add_column(col, justify="left" if col == "route" else "right")
        for row in result["routes"]:
            table.add_row(*(str(row.get(c)) for c in columns))
        out.print(table)
        return
    if ingest:
        _bench_ingest(inputs or [str(_sample_dir())], articles=articles, db=db,
                      processes=processes, as_json=as_json)  # fmt: skip
        return
    from flashpoint.bench import bench_extract
    from flashpoint.extract import default_processes

    result = bench_extract(inputs or [str(_sample_dir())], repeat=repeat,
                           processes=processes or default_processes())  # fmt: skip
    if as_json:
        typer.echo(json.dumps(result.to_dict()))
        return
    table = Table(title="flashpoint bench: extract")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.to_dict().items():
        table.add_row(key, str(value))
    out.print(table)


def _bench_coder(fuzz: int, seed: int, worst: bool, as_json: bool) -> None:
    from flashpoint.bench import bench_fuzz, bench_worst
    from flashpoint.pipeline import load_pipeline

    nlp = load_pipeline()
    result: dict = {}
    if fuzz:
        def progress(i, kind, took, error):
            if not as_json and (took > 5 or error == "EXCEPTION" or (i + 1) % 500 == 0):
                err.print(f"  {i + 1}/{fuzz} {kind}: {took:.2f} s {error or ''}"[:200])

        result["fuzz"] = bench_fuzz(fuzz, seed=seed, nlp=nlp, progress=progress).to_dict()
    if worst:
        result["worst"] = bench_worst(nlp=nlp)
    if as_json:
        typer.echo(json.dumps(result))
        return
    if fuzz:
        f = result["fuzz"]
        typer.echo(f"fuzz: {f['texts']} texts (seed {f['seed']}, {f['chars']:,} characters): "
                   f"exceptions {f['exceptions']}, rejected {f['rejected']}, over 5 s {f['over_5_s']}, "
                   f"slowest {f['slowest_seconds']} s ({f['slowest_kind']}), mean {f['mean_seconds']} s; "
                   f"CPU: over 5 s {f['over_5_cpu_s']}, slowest {f['slowest_cpu_seconds']} s; "
                   f"load average at the end {f['load_average']}")  # fmt: skip
        for kind, stats in f["by_kind"].items():
            typer.echo(f"  {kind}: {stats['texts']} texts, {stats['exceptions']} exceptions, "
                       f"{stats['rejected']} rejected, slowest {stats['slowest_seconds']} s")  # fmt: skip
        for failure in f["failures"]:
            typer.echo(f"  EXCEPTION case {failure['case']} ({failure['kind']}, published "
                       f"{failure['published']}): {failure['error']}")  # fmt: skip
    for name, took in result.get("worst", {}).items():
        typer.echo(f"worst case: {name} ({took['chars']:,} characters): {took['seconds']} s, "
                   f"{took['cpu_seconds']} s CPU")  # fmt: skip


def ingest_table(result: dict) -> Table:
    """``bench --ingest``'s result as a table that fits an 80-column
    terminal: each checkpoint's fields (``IngestCheckpoint``) under short
    headers, which its caption explains."""
    from rich import box

    table = Table(title=f"flashpoint bench --ingest: {result['articles']:,} articles on "
                        f"{result['engine']} (pool of {result['pool_articles']} coded "
                        f"at {result['coding_articles_per_s']} articles/s, warm; "
                        f"{result['batch_articles']} articles a transaction)",
                  caption="/s: articles stored a second since the last checkpoint; at size: "
                          "over the last tenth before it; /CPU s: the same per CPU second; "
                          "coding: the store's share of coding an article",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)  # fmt: skip
    columns = {"articles": "articles", "seconds": "s", "articles_per_s": "/s",
               "articles_per_cpu_s": "/CPU s", "recent_articles_per_s": "at size",
               "recent_articles_per_cpu_s": "/CPU s", "store_share_of_coding": "coding",
               "peak_rss_mb": "RSS MB", "load_average": "load"}  # fmt: skip
    for header in columns.values():
        table.add_column(header, justify="right", no_wrap=True)
    for point in result["checkpoints"]:
        table.add_row(*(str(point[c]) for c in columns))
    return table


def _bench_ingest(inputs: list[str], *, articles: int, db: str | None, processes: int | None,
                  as_json: bool) -> None:  # fmt: skip
    from flashpoint.bench import bench_ingest

    if db is not None and not db.startswith(("postgresql://", "postgres://")):
        raise typer.BadParameter("--ingest measures on a fresh store: give a PostgreSQL URL "
                                 "or nothing (a temporary SQLite file)", param_hint="--db")  # fmt: skip

    def show(point) -> None:
        if not as_json:
            err.print(f"{point.articles:>7,} articles  {point.seconds:>8.1f} s  "
                      f"{point.articles_per_s:>7.1f} articles/s  "
                      f"({point.articles_per_cpu_s:.1f} per CPU s; at this size "
                      f"{point.recent_articles_per_s:.1f}, {point.recent_articles_per_cpu_s:.1f})  store {point.store_share_of_coding:.0%} "
                      f"of coding  peak RSS {point.peak_rss_mb:.0f} MB  load {point.load_average}",
                      highlight=False)  # fmt: skip

    # The pool is coded on one process unless --processes says otherwise, so
    # that "store share of coding" is a share of one process's coding time.
    result = bench_ingest(inputs, articles=articles, db=db, on_checkpoint=show,
                          processes=processes or 1).to_dict()  # fmt: skip
    if as_json:
        typer.echo(json.dumps(result))
        return
    out.print(ingest_table(result))


from flashpoint.cli_analysis import register as _register_analysis  # noqa: E402

_register_analysis(app)

from flashpoint.cli_web import register as _register_web  # noqa: E402

_register_web(app)

from flashpoint.cli_report import register as _register_report  # noqa: E402

_register_report(app)

from flashpoint.cli_watch import register as _register_watch  # noqa: E402

_register_watch(app)


if __name__ == "__main__":  # pragma: no cover
    app()
