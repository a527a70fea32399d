"""The ``report`` command: a one-to-three page briefing as HTML, PDF or
Markdown (the format from the output's extension). ``register(app)`` adds it
to the ``flashpoint`` Typer app; the work is ``flashpoint.report.write_report``.

Exit status: 0 when written, 1 when it could not be (no Chromium for a PDF,
the renderer failed), 2 on a usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flashpoint.cli_common import DB_HELP, check_date, check_dyad, fuse_pending, open_store

DYAD_HELP = "Two actor codes, e.g. IND-PAK (either direction); default: the pair with the most incidents."

err = Console(stderr=True)


def report(
    output: Annotated[Path, typer.Option(
        "-o", "--output", help="brief.html, brief.pdf or brief.md (the format from the extension).")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    dyad: Annotated[str | None, typer.Option("--dyad", help=DYAD_HELP)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="First day (YYYY-MM-DD); default the first publication date.")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", help="Last day (YYYY-MM-DD); default the last publication date.")] = None,
    base_url: Annotated[str, typer.Option(
        "--base-url", metavar="URL",
        help="The dashboard's address, for the links to incident pages.")] = "http://127.0.0.1:8000",
) -> None:
    """A one-to-three page briefing: summary, key developments, escalation chart,
    casualties, who said what, mediation status; developments and casualty
    figures link their sources and incident pages. PDF needs Chromium."""
    from flashpoint import report as briefing

    try:
        briefing.report_format(output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="-o") from exc
    dyad = check_dyad(dyad)
    since, until = check_date(since, "--since"), check_date(until, "--until")
    if since and until and since > until:
        raise typer.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    if not base_url.startswith(("http://", "https://")):
        raise typer.BadParameter(f"not a web address: {base_url!r}", param_hint="--base-url")
    if briefing.report_format(output) == "pdf" and not briefing.find_chromium():
        err.print(f"[red]error[/red] {briefing.INSTALL_HINT}", highlight=False)
        raise typer.Exit(1)

    store = open_store(db)
    try:
        fuse_pending(store, console=err)
        with err.status("report") as status:
            result = briefing.write_report(
                store, output, dyad=dyad, since=since, until=until, base_url=base_url,
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
