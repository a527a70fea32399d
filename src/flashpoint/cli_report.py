"""The ``report`` command: a one-to-three page briefing as HTML, PDF or
Markdown (the format from the output's extension). ``register(app)`` adds it
to the ``flashpoint`` Typer app; the work is ``flashpoint.report.write_report``.

Exit status: 0 when written, 1 when it could not be (no Chromium for a PDF,
the renderer failed), 2 on a usage error.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

DB_HELP = "SQLite path or database URL (postgresql://...); default $FLASHPOINT_DB or ./flashpoint.db"
DYAD_HELP = "Two actor codes, e.g. IND-PAK (either direction); default: the pair with the most incidents."

err = Console(stderr=True)


def _check_date(value: str | None, hint: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError as exc:
        raise typer.BadParameter(f"not a date: {value!r}", param_hint=hint) from exc


def _check_dyad(dyad: str | None) -> str | None:
    if dyad is None:
        return None
    from flashpoint.analyze import parse_pair

    try:
        a, b = parse_pair(dyad)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--dyad") from exc
    return f"{a}-{b}"


def _fuse_pending(store) -> None:
    """Fuse articles stored before fusion ran, with a progress bar."""
    from flashpoint import fuse

    progress = Progress(
        TextColumn("[bold]fusing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err, transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task("", total=None)
        fuse.fuse_pending(
            store, on_article=lambda d: progress.update(task, advance=1, description=d)
        )


def report(
    output: Annotated[Path, typer.Option(
        "-o", "--output", help="brief.html, brief.pdf or brief.md (the format from the extension).")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    dyad: Annotated[str | None, typer.Option("--dyad", help=DYAD_HELP)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="First day (YYYY-MM-DD); default the first publication date.")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", help="Last day (YYYY-MM-DD); default the last publication date.")] = None,
) -> None:
    """A one-to-three page briefing: summary, key developments, escalation chart,
    casualties, who said what, mediation status. PDF needs Chromium."""
    from flashpoint import report as briefing
    from flashpoint.store import Store, resolve_db_url

    try:
        briefing.report_format(output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="-o") from exc
    dyad = _check_dyad(dyad)
    since, until = _check_date(since, "--since"), _check_date(until, "--until")
    if since and until and since > until:
        raise typer.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    if briefing.report_format(output) == "pdf" and not briefing.find_chromium():
        err.print(f"[red]error[/red] {briefing.INSTALL_HINT}", highlight=False)
        raise typer.Exit(1)

    store = Store(resolve_db_url(db))
    try:
        _fuse_pending(store)
        with err.status("report") as status:
            result = briefing.write_report(
                store, output, dyad=dyad, since=since, until=until,
                on_step=lambda message: status.update(f"report: {message}"),
            )  # fmt: skip
    except briefing.ReportError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    finally:
        store.close()
    pages = f" ({result.pages} pages)" if result.pages else ""
    err.print(f"wrote {result.path}{pages}", highlight=False)
    for extra in result.extra_files:
        err.print(f"wrote {extra}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to ``app``."""
    app.command()(report)
