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

from flashpoint.cli_common import (
    DB_HELP,
    check_actor,
    check_dyad,
    check_range,
    check_type,
    fuse_pending,
    open_store,
)

DYAD_HELP = "Two actor codes, e.g. IND-PAK (either direction)."

FORMAT_HELP = "Output format."
DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP, metavar="PATH|URL")]
SinceOption = Annotated[str | None, typer.Option(
    "--since", metavar="YYYY-MM-DD", help="Only records on or after this date.")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", metavar="YYYY-MM-DD", help="Only records on or before this date.")]
TypeOption = Annotated[str | None, typer.Option(
    "--type", metavar="PLOVER_TYPE", help="Only this PLOVER event type, e.g. ASSAULT.")]
ActorOption = Annotated[str | None, typer.Option(
    "--actor", metavar="CODE", help="Only records with this actor as source or target, e.g. PAK.")]
DyadOption = Annotated[str | None, typer.Option("--dyad", metavar="A-B", help=DYAD_HELP)]
NeededDyadOption = Annotated[str, typer.Option("--dyad", metavar="A-B", help=DYAD_HELP)]

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
    statements = "statements"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    acled = "acled"


def _incidents(store, *, dyad: str | None = None, since: str | None = None,
               until: str | None = None, event_type: str | None = None,
               actor: str | None = None) -> list[dict]:  # fmt: skip
    """Fuse what is pending (with a progress bar), then read the incidents
    the filters select (``actor``: as source or target)."""
    from flashpoint import fuse

    fuse_pending(store, console=err)
    found = fuse.stored_incidents(store, dyad=dyad, since=since, until=until,
                                  event_type=event_type)  # fmt: skip
    if actor:
        found = [i for i in found if actor in {(i.get(role) or {}).get("code")
                                               for role in ("source", "target")}]  # fmt: skip
    return found


def in_range(rows: list[dict], since: str | None, until: str | None) -> list[dict]:
    """The rows dated within ``since``..``until`` (inclusive; a row without a
    date is kept only when no range is asked)."""
    if not since and not until:
        return rows
    return [r for r in rows if r.get("date") and (not since or r["date"][:10] >= since)
            and (not until or r["date"][:10] <= until)]  # fmt: skip


def fit_table(rows: list[dict], columns: list[str], title: str, *, width: int,
              keep: tuple[str, ...] = ("date",), drop: tuple[str, ...] = ()) -> Table:  # fmt: skip
    """A table of ``rows`` that fits ``width`` columns: long cells wrap, and
    when even wrapped the table is too wide columns are left out (named in
    the caption), those in ``drop`` first, then the rightmost not in
    ``keep``. A date is never cut."""
    shown = list(columns)

    def least(column: str) -> int:
        """The narrowest the column can be without cutting a word (a kept
        column: without cutting a cell)."""
        cells = [column] + ["" if r.get(column) is None else str(r.get(column)) for r in rows]
        if column in keep:
            return max(len(c) for c in cells)
        return max((len(w) for c in cells for w in c.split()), default=1)

    def narrowest() -> int:  # cells, one space each side, a border between and around
        return sum(least(c) for c in shown) + 3 * len(shown) + 1

    def build() -> Table:
        table = Table(title=title)
        for column in shown:
            table.add_column(column, no_wrap=column in keep, min_width=least(column))
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in shown))
        return table

    while narrowest() > width and any(c not in keep for c in shown):
        order = [c for c in drop if c in shown] + [c for c in reversed(shown) if c not in keep]
        shown.remove(order[0])
    table = build()
    left_out = [c for c in columns if c not in shown]
    if left_out:
        table.caption = (f"{len(left_out)} column(s) left out to fit {width} columns: "
                         f"{', '.join(left_out)} (use a wider terminal, --format csv or jsonl)")
    return table


def _write_rows(rows: list[dict], columns: list[str], fmt: str, title: str,
                drop: tuple[str, ...] = ()) -> None:  # fmt: skip
    if fmt == "jsonl":
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        out.print(fit_table(rows, columns, title, width=out.width, drop=drop))


def _figures(values: dict | None) -> str:
    values = values or {}
    if values.get("best") is None:
        return ""
    return f"{values.get('low')}/{values.get('best')}/{values.get('high')}"


def incidents(
    db: DbOption = None,
    dyad: DyadOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: TypeOption = None,
    actor: ActorOption = None,
    fmt: Annotated[IncidentFormat, typer.Option("--format", help=FORMAT_HELP)] = IncidentFormat.jsonl,
) -> None:
    """Incidents: one happening with every report of it, low/best/high tolls, claims."""
    dyad, actor, event_type = check_dyad(dyad), check_actor(actor), check_type(event_type)
    since, until = check_range(since, until)
    store = open_store(db)
    try:
        records = _incidents(store, dyad=dyad, since=since, until=until, event_type=event_type,
                             actor=actor)  # fmt: skip
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
    columns = ["date", "type", "dyad", "killed l/b/h", "sources", "place", "modality",
               "contested", "claims"]
    _write_rows(rows, columns, "table", f"incidents ({len(rows)})",
                drop=("claims", "contested", "modality", "sources"))


def escalation(
    dyad: NeededDyadOption,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[SeriesFormat, typer.Option("--format", help=FORMAT_HELP)] = SeriesFormat.table,
    weights: Annotated[Path | None, typer.Option(
        "--weights", metavar="FILE", help="Another intensity file (default data/intensity.yaml).")] = None,
) -> None:
    """A dyad's daily escalation index for the pair and for each direction
    (who escalates), its 7-day mean, the days it jumps and the turning points.
    --since/--until show part of the series (the means still use the days before)."""
    from flashpoint import analyze

    dyad = check_dyad(dyad)
    since, until = check_range(since, until)
    table = analyze.load_intensity(weights) if weights else None
    store = open_store(db)
    try:
        records = _incidents(store)  # turning points name no target
    finally:
        store.close()
    rows = in_range(analyze.escalation(records, dyad, weights=table), since, until)
    if fmt == SeriesFormat.jsonl:
        _write_rows(rows, [], fmt.value, "")
        return
    _write_rows(analyze.escalation_table(rows, dyad), analyze.escalation_columns(dyad), fmt.value,
                f"escalation {dyad}")  # fmt: skip


def diplomacy(
    dyad: NeededDyadOption,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[SeriesFormat, typer.Option("--format", help=FORMAT_HELP)] = SeriesFormat.table,
) -> None:
    """Third-party offers, calls, visits and appeals to a dyad, and its answers."""
    from flashpoint.analyze import diplomacy as run_diplomacy

    dyad = check_dyad(dyad)
    since, until = check_range(since, until)
    store = open_store(db)
    try:
        records = _incidents(store)
    finally:
        store.close()
    rows = in_range(run_diplomacy(records, dyad), since, until)
    columns = ["date", "kind", "actor", "counterpart", "event_type", "mode", "sources", "sentence"]
    if fmt != SeriesFormat.table:
        columns += ["actor_name", "doc_id", "incident"]
    _write_rows(rows, columns, fmt.value, f"diplomacy {dyad}",
                drop=("mode", "event_type", "sources", "counterpart"))


def export(
    what: Annotated[ExportWhat | None, typer.Option(
        "--what", help="What to export (default: incidents for acled, else events).")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help=FORMAT_HELP)] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", metavar="FILE", help="Write here (default stdout; parquet needs a file).")] = None,
    db: DbOption = None,
    dyad: DyadOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: TypeOption = None,
    actor: ActorOption = None,
) -> None:
    """Export events, incidents or statements as JSONL, CSV, typed Parquet or
    ACLED-style CSV; each row carries its article's outlet, URL and date."""
    from flashpoint.export import export_store

    if fmt == ExportFormat.parquet and output is None:
        raise typer.BadParameter("parquet needs an output file", param_hint="-o")
    dyad, actor, event_type = check_dyad(dyad), check_actor(actor), check_type(event_type)
    since, until = check_range(since, until)
    if what is None:
        what = ExportWhat.incidents if fmt == ExportFormat.acled else ExportWhat.events
    if what == ExportWhat.statements and fmt == ExportFormat.acled:
        raise typer.BadParameter("ACLED has no statements: use jsonl, csv or parquet",
                                 param_hint="--what")  # fmt: skip
    if what == ExportWhat.events and fmt == ExportFormat.acled:
        err.print("ACLED rows per event: a happening reported by several outlets is one row per "
                  "report, so the fatalities column does not add up (use --what incidents).",
                  highlight=False)  # fmt: skip
    store = open_store(db)
    try:
        if what == ExportWhat.incidents:
            fuse_pending(store, console=err)  # fuse what is pending, with progress
        n = export_store(store, what=what.value, fmt=fmt.value, output=output,
                         stream=sys.stdout, dyad=dyad, since=since, until=until,
                         event_type=event_type, actor=actor)  # fmt: skip
    finally:
        store.close()
    if output:
        err.print(f"wrote {n} {what.value} rows to {output}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the analysis commands to ``app``."""
    for command in (incidents, escalation, diplomacy, export):
        app.command()(command)
