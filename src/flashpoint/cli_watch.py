"""The ``watch`` command: keep ingesting feeds, URLs and folders.
``register(app)`` adds it to the ``flashpoint`` Typer app; the work is
``flashpoint.watch.watch``."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from flashpoint.cli_common import (
    BUDGET_HELP,
    DB_HELP,
    SAME_HOST_HELP,
    open_store,
    set_same_host_only,
    set_time_budget,
)
from flashpoint.ingest.urls import DEFAULT_TIMEOUT_S
from flashpoint.watch import DEFAULT_INTERVAL_S

out = Console()
err = Console(stderr=True)


def run_watch(
    sources: list[str],
    *,
    db: str | None = None,
    interval_s: float = DEFAULT_INTERVAL_S,
    once: bool = False,
    fetch_entries: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    alerts: str | None = None,
) -> int:
    """Watch ``sources`` into the store at ``db``, one line per pass; the
    exit status (1 when a ``--once`` pass rejected anything, 2 when the
    ``alerts`` rules file is unusable). With ``alerts``, the rules are checked
    before the first pass and after each one (``flashpoint.alerts``)."""
    from flashpoint.watch import stop_on_signals, watch

    config = None
    if alerts is not None:
        from flashpoint.alerts import AlertConfigError, load_config

        try:
            config = load_config(alerts)
        except AlertConfigError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            return 2

    def report(rejection) -> None:
        again = " (as in an earlier pass)" if known_rejection(rejection, earlier) else ""
        err.print(f"[red]rejected[/red] {escape(rejection.name)}: {escape(rejection.reason)}"
                  f"{again}", highlight=False, soft_wrap=True)  # fmt: skip

    def line(summary) -> None:
        out.print(f"{datetime.now():%H:%M:%S} {summary.line()}", highlight=False, soft_wrap=True)
        if alerter is not None:
            check_alerts(alerter)

    stop = threading.Event()
    restore = stop_on_signals(stop) if threading.current_thread() is threading.main_thread() else None
    store = open_store(db)
    earlier = {(r["name"], r["reason"]) for r in store.rejections()}
    alerter = None
    if config is not None:
        from flashpoint.alerts import Alerter

        alerter = Alerter(config, store, on_result=alert_sent)
        check_alerts(alerter)  # the rules' baseline: what the store held before watching
    try:
        if not once:
            out.print(f"watching {len(sources)} source(s) every {interval_s:g} s "
                      "(Ctrl-C stops after the current article)", highlight=False)  # fmt: skip
        summaries = watch(
            sources, store, interval_s=interval_s, max_passes=1 if once else None, stop=stop,
            on_pass=line, on_reject=report, fetch_entries=fetch_entries, timeout_s=timeout_s,
        )  # fmt: skip
    finally:
        if alerter is not None:
            alerter.close()  # waits (30 s at most) for the alerts still being sent
        store.close()
        if restore is not None:
            restore()
    if stop.is_set() and summaries:
        out.print(f"stopped after {summaries[-1].number} pass(es)", highlight=False)
    if not (once and summaries):
        return 0
    return 1 if any(not known_rejection(r, earlier) for r in summaries[-1].rejected) else 0


def known_rejection(rejection, earlier: set[tuple[str, str]]) -> bool:
    """Whether an earlier run already rejected this input for this reason. A
    ``--once`` run remembers nothing of the last one but the store, so a bad
    file left in a watched folder would fail every later pass; it is named
    again, and only a new rejection makes the exit status 1."""
    return (rejection.name, rejection.reason) in earlier


def check_alerts(alerter) -> None:
    """Check the alert rules once; a failure is reported, never fatal to the watch."""
    try:
        for alert in alerter.check():
            out.print(f"[bold]alert[/bold] {alert['rule']}: {alert['title']}", highlight=False,
                      soft_wrap=True)  # fmt: skip
    except Exception as exc:
        err.print(f"[red]alert rules failed[/red]: {type(exc).__name__}: {exc}", highlight=False,
                  soft_wrap=True)  # fmt: skip


def alert_sent(alert: dict, channel: str, ok: bool, detail: str) -> None:
    if not ok:
        err.print(f"[red]alert not sent[/red] to {channel}: {alert['title']} ({detail})",
                  highlight=False, soft_wrap=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    @app.command()
    def watch(
        sources: Annotated[list[str], typer.Argument(metavar="SOURCE",
            help="Feeds (URLs or .rss/.atom/.xml files), page URLs, folders or files.")],
        db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
        interval: Annotated[float, typer.Option(
            "--interval", min=1.0, help="Seconds between passes.")] = DEFAULT_INTERVAL_S,
        once: Annotated[bool, typer.Option(
            "--once", help="One pass, then exit (status 1 if something new was rejected; "
            "an input rejected the same way by an earlier run is named, not counted).")] = False,
        fetch_entries: Annotated[bool, typer.Option(
            "--fetch-entries/--no-fetch-entries",
            help="Fetch the linked page of a feed entry that has only a short summary.")] = False,
        timeout: Annotated[float, typer.Option(
            "--timeout", min=0.1, help="Seconds before a fetch gives up.")] = DEFAULT_TIMEOUT_S,
        alerts: Annotated[str | None, typer.Option(
            "--alerts", metavar="RULES.yaml",
            help="Alert rules (YAML, see the README's Alerts): checked after "
            "each pass, sent to a webhook, email and /alerts.atom.")] = None,
        time_budget: Annotated[float | None, typer.Option(
            "--time-budget", min=0.0, help=BUDGET_HELP)] = None,
        same_host_only: Annotated[bool, typer.Option(
            "--same-host-only", help=SAME_HOST_HELP)] = False,
    ) -> None:  # fmt: skip
        """Keep ingesting feeds, URLs and folders: every interval, code and store what is new."""
        set_time_budget(time_budget)
        set_same_host_only(same_host_only)
        status = run_watch(sources, db=db, interval_s=interval, once=once,
                           fetch_entries=fetch_entries, timeout_s=timeout,
                           alerts=alerts)  # fmt: skip
        raise typer.Exit(status)
