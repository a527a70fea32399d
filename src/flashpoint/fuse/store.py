"""Incremental fusion against a ``Store``: each saved article's events are
matched (``flashpoint.fuse.rules``) against the stored incidents near them, and
the incidents that change are rewritten, with their claim/denial links.

Incidents live in the store's ``incidents`` and ``incident_reports`` tables
(queried through ``flashpoint.store.incidents``); one fusion writer runs at a
time (SQLite's write lock, a PostgreSQL advisory lock).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flashpoint.fuse.rules import (
    DATE_SLACK_DAYS,
    article_reports,
    assign,
    cross_links,
    date_window,
    incident_id_for,
    incident_profile,
    internal_claims,
    relink,
    report_profile,
    same_reports,
    summarize,
)

LINK_SLACK_DAYS = 4  # how far around an incident to look for its claim or denial


def record_window(record: dict) -> tuple[date, date] | None:
    """The date window of a stored incident record."""
    published = [r.get("published") for r in record.get("reports") or []]
    return date_window({"date": record.get("date"), "date_precision": record.get("date_precision"),
                        "published": published})[0]  # fmt: skip


def _may_link(record: dict) -> bool:
    return record["event_type"] in ("ACCUSE", "REJECT") or bool(
        internal_claims(record.get("reports") or []))


def update_for_article(store, doc_id: str) -> set[str]:
    """Fuse one stored article's events into the store's incidents (call it
    after ``store.save_article``). Returns the ids of the incidents that
    changed; an article whose events are unchanged changes nothing."""
    from flashpoint.store import incidents as tables

    article = store.article(doc_id)
    events = store.events(doc_id=doc_id) if article else []
    meta = {k: (article or {}).get(k) for k in ("doc_id", "outlet", "published")}
    new = article_reports(events, meta)
    with store.write() as conn:
        tables.lock(conn)
        mine = tables.incidents_of_doc(conn, doc_id)
        old = [r for rs in mine.values() for r in rs]
        if (not old and not new) or same_reports(old, new):
            return set()
        working = tables.reports_of(conn, mine)
        for incident in working:
            working[incident] = [r for r in working[incident] if r["doc_id"] != doc_id]
        changed = set(working)

        def taken(incident: str) -> bool:
            return incident in working or bool(tables.records_of(conn, [incident]))

        for report in new:
            window = date_window(report_profile(report))[0]
            ids = tables.ids_in_window(conn, window, event_types=[report["event"]["event_type"]],
                                       slack_days=DATE_SLACK_DAYS)  # fmt: skip
            working.update(tables.reports_of(conn, [i for i in ids if i not in working]))
            incident = assign(report, sorted(working.items()))
            if incident is None:
                incident = incident_id_for(report, taken=taken)
                working[incident] = []
            working[incident].append(report)
            changed.add(incident)
        before = tables.records_of(conn, mine)
        windows = {i: record_window(r) for i, r in before.items()}
        tables.delete_reports_of_doc(conn, doc_id)
        for incident in sorted(changed, key=lambda i: (bool(working[i]), i)):  # deletions first
            reports = working[incident]
            if not reports:
                tables.delete_incident(conn, incident)
                continue
            summary = summarize(incident, reports)
            windows[incident] = date_window(incident_profile(reports))[0]
            tables.save_incident(conn, summary, reports, windows[incident],
                                 linkable=_may_link(summary))  # fmt: skip
        after = tables.records_of(conn, changed)
        if any(_may_link(r) for r in [*before.values(), *after.values()]):
            _relink(conn, tables, list(windows.values()))
    return changed


def _relink(conn, tables, windows: list[tuple[date, date] | None]) -> None:
    """Recompute the claim/denial links of the incidents near those that
    changed (``windows``): a link spans at most DENIAL_WINDOW days, so the
    incidents within LINK_SLACK_DAYS are relinked against those within twice
    that."""
    wide: set[str] = set()
    near: set[str] = set()
    for window in set(windows):
        wide.update(tables.ids_in_window(conn, window, slack_days=2 * LINK_SLACK_DAYS,
                                         linkable_only=True))  # fmt: skip
        near.update(tables.ids_in_window(conn, window, slack_days=LINK_SLACK_DAYS,
                                         linkable_only=True))  # fmt: skip
    records = tables.records_of(conn, wide)
    for incident in sorted(near):
        record = records[incident]
        relinked = relink(record, cross_links(record, records.values()))
        if relinked != record:
            tables.update_record(conn, relinked)


def fuse_pending(store, *, on_article: Callable[[str], None] | None = None) -> int:
    """Fuse the stored articles whose events are in no incident yet (a
    database ingested before fusion ran); returns how many were fused."""
    from sqlalchemy import select

    from flashpoint.store import incidents as tables
    from flashpoint.store import schema

    e, a, r = schema.events.c, schema.articles.c, tables.incident_reports.c
    query = (
        select(a.doc_id)
        .where(a.doc_id.in_(select(e.doc_id)), a.doc_id.not_in(select(r.doc_id)))
        .order_by(a.published.asc().nulls_last(), a.doc_id)
    )
    with store.read() as conn:
        pending = list(conn.execute(query).scalars())
    for doc_id in pending:
        update_for_article(store, doc_id)
        if on_article:
            on_article(doc_id)
    return len(pending)


def stored_incidents(
    store,
    *,
    dyad: str | tuple[str, str] | None = None,
    directed: bool = False,
    since: date | str | None = None,
    until: date | str | None = None,
    event_type: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """The store's incident records (``dyad`` "IND-PAK" matches both directions
    unless ``directed``)."""
    from flashpoint.store import incidents as tables
    from flashpoint.store import parse_dyad

    pair = parse_dyad(dyad) if dyad is not None else None
    with store.read() as conn:
        return tables.query_incidents(conn, dyad=pair, directed=directed, since=since,
                                      until=until, event_type=event_type, limit=limit)  # fmt: skip
