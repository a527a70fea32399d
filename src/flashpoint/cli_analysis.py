"""The analysis commands: ``incidents``, ``escalation``, ``diplomacy`` and
``export``. ``register(app)`` adds them to the ``flashpoint`` Typer app; each
parses its options and calls one library function (``fuse``, ``analyze``,
``export``).

Articles stored before fusion existed are fused first (``fuse.fuse_pending``),
with a progress bar.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.cli_common import DB_HELP, check_date, check_dyad, fuse_pending, open_store

DYAD_HELP = "Two actor codes, e.g. IND-PAK (either direction)."

FORMAT_HELP = "Output format."
DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
SinceOption = Annotated[str | None, typer.Option("--since", help="Only records on or after this date.")]

out = Console()
err = Console(stderr=True)


class IncidentFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class SeriesFormat(StrEnum):
    csv = "csv"
    table = "table"
    jsonl = "jsonl"


class ExportWhat(StrEnum):
    events = "events"
    incidents = "incidents"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    acled = "acled"


def _incidents(store, *, dyad: str | None, since: str | None) -> list[dict]:
    """Fuse what is pending (with a progress bar), then read the incidents."""
    from flashpoint import fuse

    fuse_pending(store, console=err)
    return fuse.stored_incidents(store, dyad=dyad, since=since)


def _write_rows(rows: list[dict], columns: list[str], fmt: str, title: str) -> None:
    if fmt == "jsonl":
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
        out.print(table)


def _figures(values: dict | None) -> str:
    values = values or {}
    if values.get("best") is None:
        return ""
    return f"{values.get('low')}/{values.get('best')}/{values.get('high')}"


def incidents(
    db: DbOption = None,
    dyad: Annotated[str | None, typer.Option("--dyad", help=DYAD_HELP)] = None,
    since: SinceOption = None,
    fmt: Annotated[IncidentFormat, typer.Option("--format", help=FORMAT_HELP)] = IncidentFormat.jsonl,
) -> None:
    """Incidents: one happening with every report of it, low/best/high tolls, claims."""
    dyad, since = check_dyad(dyad), check_date(since, "--since")
    store = open_store(db)
    try:
        records = _incidents(store, dyad=dyad, since=since)
    finally:
        store.close()
    if fmt == IncidentFormat.jsonl:
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False))
        return
    if fmt == IncidentFormat.csv:
        from flashpoint.export import write_export

        write_export(records, what="incidents", fmt="csv", stream=sys.stdout)
        return
    rows = [{
        "date": r.get("date") or "?",
        "type": r["event_type"] + (f"/{r['mode']}" if r.get("mode") else ""),
        "dyad": f"{(r.get('source') or {}).get('code') or '?'}->"
                f"{(r.get('target') or {}).get('code') or '?'}",
        "place": (r.get("location") or {}).get("name") or "",
        "killed l/b/h": _figures(r.get("fatalities")),
        "claims": "; ".join(f"{c['figure']} by {c.get('by') or '?'}"
                            for c in (r.get("fatalities") or {}).get("claims") or []),
        "sources": r["sources"],
        "modality": r.get("modality") or "",
        "contested": "yes" if r.get("contested") else "",
    } for r in records]  # fmt: skip
    columns = ["date", "type", "dyad", "place", "killed l/b/h", "claims", "sources", "modality",
               "contested"]
    _write_rows(rows, columns, "table", f"incidents ({len(rows)})")


def escalation(
    dyad: Annotated[str, typer.Option("--dyad", help=DYAD_HELP)],
    db: DbOption = None,
    fmt: Annotated[SeriesFormat, typer.Option("--format", help=FORMAT_HELP)] = SeriesFormat.table,
    weights: Annotated[Path | None, typer.Option(
        "--weights", help="Another intensity file (default data/intensity.yaml).")] = None,
) -> None:
    """A dyad's daily escalation index for the pair and for each direction
    (who escalates), its 7-day mean, the days it jumps and the turning points."""
    from flashpoint import analyze

    dyad = check_dyad(dyad)
    table = analyze.load_intensity(weights) if weights else None
    store = open_store(db)
    try:
        records = _incidents(store, dyad=None, since=None)  # turning points name no target
    finally:
        store.close()
    rows = analyze.escalation(records, dyad, weights=table)
    if fmt == SeriesFormat.jsonl:
        _write_rows(rows, [], fmt.value, "")
        return
    _write_rows(analyze.escalation_table(rows, dyad), analyze.escalation_columns(dyad), fmt.value,
                f"escalation {dyad}")  # fmt: skip


def diplomacy(
    dyad: Annotated[str, typer.Option("--dyad", help=DYAD_HELP)],
    db: DbOption = None,
    fmt: Annotated[SeriesFormat, typer.Option("--format", help=FORMAT_HELP)] = SeriesFormat.table,
) -> None:
    """Third-party offers, calls, visits and appeals to a dyad, and its answers."""
    from flashpoint.analyze import diplomacy as run_diplomacy

    dyad = check_dyad(dyad)
    store = open_store(db)
    try:
        records = _incidents(store, dyad=None, since=None)
    finally:
        store.close()
    rows = run_diplomacy(records, dyad)
    columns = ["date", "kind", "actor", "counterpart", "event_type", "mode", "sources", "sentence"]
    if fmt != SeriesFormat.table:
        columns += ["actor_name", "doc_id", "incident"]
    _write_rows(rows, columns, fmt.value, f"diplomacy {dyad}")


def export(
    what: Annotated[ExportWhat | None, typer.Option(
        "--what", help="What to export (default: incidents for acled, else events).")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help=FORMAT_HELP)] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write here (default stdout; parquet needs a file).")] = None,
    db: DbOption = None,
    dyad: Annotated[str | None, typer.Option("--dyad", help=DYAD_HELP)] = None,
    since: SinceOption = None,
) -> None:
    """Export events or incidents as JSONL, CSV, Parquet or ACLED-style CSV."""
    from flashpoint.export import export_store

    if fmt == ExportFormat.parquet and output is None:
        raise typer.BadParameter("parquet needs an output file", param_hint="-o")
    dyad, since = check_dyad(dyad), check_date(since, "--since")
    if what is None:
        what = ExportWhat.incidents if fmt == ExportFormat.acled else ExportWhat.events
    if what == ExportWhat.events and fmt == ExportFormat.acled:
        err.print("ACLED rows per event: a happening reported by several outlets is one row per "
                  "report, so the fatalities column does not add up (use --what incidents).",
                  highlight=False)  # fmt: skip
    store = open_store(db)
    try:
        if what == ExportWhat.incidents:
            _incidents(store, dyad=None, since=None)  # fuse what is pending, with progress
        n = export_store(store, what=what.value, fmt=fmt.value, output=output,
                         stream=sys.stdout, dyad=dyad, since=since)  # fmt: skip
    finally:
        store.close()
    if output:
        err.print(f"wrote {n} {what.value} rows to {output}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the analysis commands to ``app``."""
    for command in (incidents, escalation, diplomacy, export):
        app.command()(command)
