"""Alerts: rules evaluated on the stored incidents, each alert sent once.

    from flashpoint.alerts import Alerter, load_config
    with Alerter(load_config("rules.yaml"), store) as alerter:
        new = alerter.check()        # after each ingest pass

``check()`` reads the store's incidents, asks every rule what it raises now
(``rules``), records in the store what is new (``ledger``: once per key,
whoever asks) and queues it for the webhook and email (``delivery``: a
background thread, retried with backoff, never blocking the caller). The
dashboard lists the delivered alerts as an Atom feed at ``/alerts.atom``
(``feed``). ``flashpoint watch --alerts rules.yaml`` checks after each pass;
``flashpoint serve --alerts rules.yaml`` every ``interval`` seconds
(``AlertTimer``). The rules file is described in ``config`` and the README.

Layer: above store, fuse and analyze; below web and cli.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from flashpoint.alerts.config import (
    AlertConfig,
    AlertConfigError,
    Channel,
    Rule,
    load_config,
    parse_config,
)
from flashpoint.alerts.delivery import Dispatcher
from flashpoint.alerts.feed import alert_path, atom_feed
from flashpoint.alerts.ledger import claim, recent, store_signature
from flashpoint.alerts.rules import evaluate, is_news
from flashpoint.fuse import stored_incidents

__all__ = [
    "AlertConfig",
    "AlertConfigError",
    "AlertTimer",
    "Alerter",
    "Channel",
    "Rule",
    "atom_feed",
    "load_config",
    "parse_config",
    "recent",
]

log = logging.getLogger(__name__)


class Alerter:
    """Checks ``config``'s rules on ``store`` and sends what is new."""

    def __init__(
        self,
        config: AlertConfig,
        store,
        *,
        on_result: Callable[[dict, str, bool, str], None] | None = None,
        dispatcher: Dispatcher | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.dispatcher = dispatcher or Dispatcher(config.channels, on_result=on_result)
        self._lock = threading.Lock()
        self._signature: tuple | None = None  # the store's, at the last check

    def check(self, *, today: date | None = None) -> list[dict]:
        """Evaluate every rule now; record and queue the new alerts, and
        return them (by the date they are about). Incidents first reported
        more than ``max_lag_days`` after they happened are history, not news
        (``rules.is_news``), and left out. Nothing is evaluated when
        the store has not changed since the last check (``store_signature``).
        With ``max_age_days``, alerts about a day older than that before
        ``today`` are left out (neither sent nor recorded)."""
        with self._lock:
            signature = store_signature(self.store)
            if signature == self._signature:
                return []
            lag = self.config.max_lag_days
            incidents = [i for i in stored_incidents(self.store) if is_news(i, lag)]
            found = [(rule, self._recent_only(evaluate(rule, incidents, self.config.words), today))
                     for rule in self.config.rules]  # fmt: skip
            fresh = claim(self.store, found, backfill=self.config.backfill)
            self._signature = signature
            fresh.sort(key=lambda a: (a.get("date") or "", a["key"]))
            for alert in fresh:
                if self.config.dashboard_url:
                    alert["link"] = self.config.dashboard_url + alert_path(alert)
                self.dispatcher.submit(alert)
            return fresh

    def _recent_only(self, alerts: list[dict], today: date | None) -> list[dict]:
        if self.config.max_age_days is None:
            return alerts
        today = today or datetime.now(UTC).date()
        oldest = (today - timedelta(days=self.config.max_age_days)).isoformat()
        return [a for a in alerts if not a.get("date") or a["date"][:10] >= oldest]

    def close(self, timeout: float = 30.0) -> int:
        """Wait up to ``timeout`` s for queued sends; returns how many were left."""
        return self.dispatcher.close(timeout)

    def __enter__(self) -> Alerter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AlertTimer:
    """Runs ``alerter.check()`` every ``interval_s`` seconds in a daemon
    thread (``serve --alerts``); a failing check is logged and retried at the
    next tick."""

    def __init__(self, alerter: Alerter, interval_s: float | None = None,
                 on_alerts: Callable[[list[dict]], None] | None = None) -> None:  # fmt: skip
        self.alerter = alerter
        self.interval_s = interval_s or alerter.config.interval_s
        self.on_alerts = on_alerts
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="alert-timer", daemon=True)

    def start(self) -> AlertTimer:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                fresh = self.alerter.check()
                if fresh and self.on_alerts:
                    self.on_alerts(fresh)
            except Exception:
                log.exception("checking the alert rules failed")
            self._stop.wait(self.interval_s)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
        self.alerter.close(timeout)
