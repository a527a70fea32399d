"""What the ``flashpoint`` commands share: the ``--db`` help and store,
checking ``--dyad`` and date options, fusing pending articles with a
progress bar."""

from __future__ import annotations

import os
from datetime import date

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

DB_HELP = "SQLite path or database URL (postgresql://...); default $FLASHPOINT_DB or ./flashpoint.db"
BUDGET_HELP = ("Seconds one article may take to code before it is rejected by name "
               "(default $FLASHPOINT_TIME_BUDGET_S or 60; 0: no limit).")  # fmt: skip
SAME_HOST_HELP = ("Refuse a URL's redirect to another host (default: follow it and log it; "
                  "also $FLASHPOINT_SAME_HOST_ONLY=1).")  # fmt: skip


def open_store(db: str | None):
    """The store at ``--db`` (default ``$FLASHPOINT_DB`` or ./flashpoint.db)."""
    from flashpoint.store import Store, resolve_db_url

    return Store(resolve_db_url(db))


def check_dyad(dyad: str | None, hint: str = "--dyad") -> str | None:
    """``--dyad`` as ``A-B`` in capitals; a usage error (exit 2) naming the
    problem and some known codes when it is malformed or names an unknown
    actor (``analyze.check_dyad``, the validator the API and pages use too)."""
    if dyad is None:
        return None
    from flashpoint.analyze import UnknownActorError
    from flashpoint.analyze import check_dyad as validate

    try:
        return validate(dyad)
    except UnknownActorError as exc:
        raise typer.BadParameter(str(exc), param_hint=hint) from exc


def check_actor(code: str | None, hint: str = "--actor") -> str | None:
    """``--actor`` in capitals; a usage error (exit 2) naming some known
    codes when it is not a known actor code (``analyze.check_actor_code``)."""
    if code is None:
        return None
    from flashpoint.analyze import UnknownActorError, check_actor_code

    try:
        return check_actor_code(code)
    except UnknownActorError as exc:
        raise typer.BadParameter(str(exc), param_hint=hint) from exc


def check_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``--since`` and ``--until`` as dates, the first not after the second."""
    since, until = check_date(since, "--since"), check_date(until, "--until")
    if since and until and since > until:
        raise typer.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    return since, until


def check_type(value: str | None, hint: str = "--type") -> str | None:
    """``--type`` as a PLOVER event type in capitals; a usage error listing
    the types when it is not one."""
    if value is None:
        return None
    from flashpoint.models import PLOVER_TYPES

    if value.upper() not in PLOVER_TYPES:
        raise typer.BadParameter(f"unknown PLOVER type {value!r}; types: "
                                 f"{', '.join(sorted(PLOVER_TYPES))}", param_hint=hint)  # fmt: skip
    return value.upper()


def check_date(value: str | None, hint: str) -> str | None:
    """A date option as ``YYYY-MM-DD``; a usage error (naming ``hint``) when
    it does not start with a date."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError as exc:
        raise typer.BadParameter(f"not a date: {value!r}", param_hint=hint) from exc


def fuse_pending(store, *, console: Console) -> None:
    """Fuse articles stored before fusion ran, with a progress bar on ``console``."""
    from flashpoint import fuse

    progress = Progress(
        TextColumn("[bold]fusing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=console, transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task("", total=None)
        fuse.fuse_pending(
            store, on_article=lambda d: progress.update(task, advance=1, description=d)
        )


def set_same_host_only(value: bool) -> None:
    """``--same-host-only``: read by ``ingest.fetching.same_host_only``."""
    if value:
        os.environ["FLASHPOINT_SAME_HOST_ONLY"] = "1"


def set_time_budget(seconds: float | None) -> None:
    """``--time-budget``: handed to the coder (here, and to the Ray workers
    this process starts) through ``$FLASHPOINT_TIME_BUDGET_S``."""
    if seconds is not None:
        os.environ["FLASHPOINT_TIME_BUDGET_S"] = repr(seconds)
