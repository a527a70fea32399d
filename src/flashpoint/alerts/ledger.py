"""The alerts' ledger in the store (table ``alerts``, migration ``0005_alerts``).

An alert is *claimed* before it is sent: its key is inserted in the same
write transaction that checks it is absent, so it is sent once across
passes, restarts, and a ``watch`` and a ``serve`` evaluating the same rules
on one database (SQLite's write lock, a PostgreSQL advisory lock, serialise
the claims).

**Baseline.** The first time a rule runs on a database (a rule whose kind or
fields changed counts as new), what it already matches is recorded with
``delivered`` false and not sent: starting alerts on a year of data does not
send a year of alerts. ``backfill: true`` in the rules file sends them
instead. The rule's baseline is marked by a row keyed ``baseline:<name>:<fingerprint>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select, text

from flashpoint.alerts.config import Rule
from flashpoint.store.schema import alerts, incident_reports, incidents, ingest_runs

_LOCK = 0x616C7274  # "alrt": one claimer at a time on PostgreSQL
_CHUNK = 500


def baseline_key(rule: Rule) -> str:
    return f"baseline:{rule.name}:{rule.fingerprint}"


def _known(conn: Connection, keys: Iterable[str]) -> set[str]:
    keys = sorted(set(keys))
    found: set[str] = set()
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        found.update(conn.execute(select(alerts.c.key).where(alerts.c.key.in_(chunk))).scalars())
    return found


def claim(store, found: list[tuple[Rule, list[dict]]], *, backfill: bool = False,
          now: datetime | None = None) -> list[dict]:  # fmt: skip
    """Record the alerts in ``found`` ((rule, its alerts now) pairs) that the
    ledger does not hold yet; returns those to send, each with its
    ``created_at``. A rule's first run records its matches as its baseline
    (sent only with ``backfill``)."""
    now = now or datetime.now(UTC)
    stamp = now.isoformat(timespec="seconds")
    fresh: list[dict] = []
    with store.write() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
        keys = [baseline_key(r) for r, _ in found] + [a["key"] for _, al in found for a in al]
        known = _known(conn, keys)
        rows = []
        for rule, raised in found:
            first_run = baseline_key(rule) not in known
            if first_run:
                rows.append(_row(
                    {"key": baseline_key(rule), "rule": rule.name, "kind": rule.kind,
                     "title": f"baseline of rule {rule.name}", "incident": None,
                     "matched": len(raised)}, delivered=False, now=now))  # fmt: skip
            for alert in raised:
                if alert["key"] in known:
                    continue
                known.add(alert["key"])
                send = backfill or not first_run
                alert = {**alert, "created_at": stamp}
                rows.append(_row(alert, delivered=send, now=now))
                if send:
                    fresh.append(alert)
        if rows:
            conn.execute(insert(alerts), rows)
    return fresh


def _row(alert: dict, *, delivered: bool, now: datetime) -> dict:
    return {
        "key": alert["key"][:255],
        "rule": alert["rule"],
        "kind": alert["kind"],
        "delivered": delivered,
        "title": alert["title"],
        "incident_id": alert.get("incident"),
        "created_at": now,
        "record": alert,
    }


def store_signature(store) -> tuple:
    """What changes whenever the stored incidents may have: how many
    incidents and reports there are, and the newest ingest run and its end
    (an updated article is stored in a run). The same signature twice: the
    rules would raise nothing new, and the check is skipped."""
    count = select(func.count())
    with store.read() as conn:
        return (
            conn.scalar(count.select_from(incidents)),
            conn.scalar(count.select_from(incident_reports)),
            *conn.execute(
                select(func.max(ingest_runs.c.id), func.max(ingest_runs.c.finished_at))
            ).one(),
        )


def recent(store, *, limit: int = 50) -> list[dict]:
    """The newest delivered alerts, newest first (what the Atom feed lists)."""
    c = alerts.c
    query = (select(c.record, c.created_at).where(c.delivered.is_(True))
             .order_by(c.created_at.desc(), c.id.desc()).limit(limit))  # fmt: skip
    with store.read() as conn:
        rows = conn.execute(query).all()
    found = []
    for record, created in rows:
        record = dict(record)
        if not record.get("created_at") and created is not None:
            record["created_at"] = _aware(created).isoformat(timespec="seconds")
        found.append(record)
    return found


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
