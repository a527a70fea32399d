"""Queries on the incident tables (fusion's side of the store).

The tables, ``incidents`` and ``incident_reports``, are defined in
``flashpoint.store.schema`` with the others and created by the store's
migrations (``0002_incidents``) when a ``Store`` is opened; they are imported
here so that callers can keep writing ``incidents.incidents.c``. Functions take
a connection from ``store.read()`` or ``store.write()``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from weakref import WeakKeyDictionary

from sqlalchemy import (
    Connection,
    Date,
    Engine,
    and_,
    bindparam,
    delete,
    false,
    or_,
    select,
    text,
    true,
    union,
    union_all,
    update,
)

from flashpoint.store.engine import insert_rows
from flashpoint.store.schema import incident_reports, incidents
from flashpoint.store.search import incident_text

__all__ = [
    "delete_incident",
    "delete_reports_of_doc",
    "deferred_writes",
    "ensure_tables",
    "flush_pending",
    "ids_in_window",
    "link_days_in_window",
    "incident_reports",
    "incidents",
    "incidents_of_doc",
    "lock",
    "query_incidents",
    "look_up",
    "revisions_in_window",
    "records_of",
    "link_facts",
    "reports_of",
    "IncidentWrite",
    "save_incident",
    "save_incidents",
    "stored_ids",
    "update_record",
    "update_records",
    "overlapping",
]

# PostgreSQL: one fusion writer at a time (SQLite's write lock already does it).
_FUSION_LOCK = 0x66757365  # "fuse"


def ensure_tables(engine: Engine) -> None:
    """Nothing to do: kept for older callers.

    The incident tables are created by the store's migrations when a
    ``Store`` is opened, so a ``Store``'s engine always has them. (This used
    to create them here, outside the migrations.)
    """


def lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _FUSION_LOCK})


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# -- reading ---------------------------------------------------------------


def reports_of(conn: Connection, incident_ids: Iterable[str]) -> dict[str, list[dict]]:
    ids = sorted(set(incident_ids))
    found: dict[str, list[dict]] = {i: [] for i in ids}
    if not ids:
        return found
    _flush_for(conn, ids)
    for incident_id, report in conn.execute(_REPORTS_OF, {"ids": ids}):
        found[incident_id].append(report)
    return found


def incidents_of_doc(conn: Connection, doc_id: str) -> dict[str, list[dict]]:
    """Incident id -> this article's reports in it."""
    flush_pending(conn)
    found: dict[str, list[dict]] = {}
    for incident_id, report in conn.execute(_REPORTS_OF_DOC, {"doc_id": doc_id}):
        found.setdefault(incident_id, []).append(report)
    return found


# The statements of the look-ups fusion makes for every article, built once
# (building one costs more than SQLite takes to run it); expanding lists.
_r = incident_reports.c
_REPORTS_OF = (select(_r.incident_id, _r.report)
               .where(_r.incident_id.in_(bindparam("ids", expanding=True))).order_by(_r.event_id))
_REPORTS_OF_DOC = (select(_r.incident_id, _r.report)
                   .where(_r.doc_id == bindparam("doc_id")).order_by(_r.event_id))
_RECORDS_OF = (select(incidents.c.id, incidents.c.record)
               .where(incidents.c.id.in_(bindparam("ids", expanding=True))))
_STORED_IDS = select(incidents.c.id).where(incidents.c.id.in_(bindparam("ids", expanding=True)))


#: a window longer than this (days from its first to its last) is "wide"
#: (a date known to the year only); every other window is at most this long
WIDE_WINDOW_DAYS = 31


def ids_in_window(
    conn: Connection,
    window: tuple[date, date] | None,
    *,
    event_types: Iterable[str] | None = None,
    slack_days: int = 1,
    source: str | None = None,
    target: str | None = None,
) -> list[str]:
    """Incidents (of these types) whose date window overlaps ``window`` give
    or take ``slack_days``; incidents with no known window always do.
    ``source`` / ``target``: only incidents whose source (target) code is
    that one or unknown (those that could take a report of that actor).

    Indexed by type and date: a narrow window that overlaps starts at most
    ``WIDE_WINDOW_DAYS`` before ``window``, so it is found in a bounded
    range of the index, whatever the size of the store; the wide ones (few)
    and those with no window are read apart. Sorted by id."""
    flush_pending(conn)
    rows = _in_window(conn, window, event_types=event_types, slack_days=slack_days,
                      source=source, target=target)  # fmt: skip
    return sorted(i for i, _ in rows)


#: ``link_days_in_window``'s statements: every linkable incident, and those
#: dated in a range (one range of ``ix_incidents_linkable_date``) with the undated
_LINKABLE = (select(incidents.c.id, incidents.c.date, incidents.c.first_reported)
             .where(incidents.c.linkable == true()))  # = rather than IS: indexable
_LINK_DAYS = union_all(
    _LINKABLE.where(incidents.c.date.between(bindparam("lo", type_=Date),
                                             bindparam("hi", type_=Date))),
    _LINKABLE.where(incidents.c.date.is_(None)))  # fmt: skip


def link_days_in_window(conn: Connection, window: tuple[date, date] | None, *,
                        slack_days: int) -> dict[str, tuple[date | None, str | None]]:  # fmt: skip
    """The linkable incidents dated within ``window`` give or take
    ``slack_days``, and every undated one (all of them when ``window`` is
    None), each with its (date, first_reported): what the day its
    claim/denial links are judged by is made of (``fuse.rules.link_day``).
    By the incidents' dates, not their windows: a year-long window is one
    day here, so a look-up near it reads the incidents of some days, not of
    the whole year. Indexed by (linkable, date). Incidents whose writes are
    pending (``deferred_writes``) are found as they will be written."""
    if window is None:
        lo = hi = None
        rows = conn.execute(_LINKABLE)
    else:
        lo, hi = window[0] - timedelta(days=slack_days), window[1] + timedelta(days=slack_days)
        rows = conn.execute(_LINK_DAYS, {"lo": lo, "hi": hi})
    found = {i: (_as_date(day), first) for i, day, first in rows}
    pending = _PENDING.get(conn)
    if pending is None or not pending.rows:
        return found
    for incident in pending.rows.keys() & found.keys():
        del found[incident]
    for incident, row in pending.linkable.items():
        day = row["date"]
        if day is None or lo is None or lo <= day <= hi:
            found[incident] = (day, row["first_reported"])
    return found


def revisions_in_window(
    conn: Connection,
    window: tuple[date, date] | None,
    *,
    event_types: Iterable[str] | None = None,
    slack_days: int = 1,
    source: str | None = None,
    target: str | None = None,
) -> dict[str, int | None]:
    """``ids_in_window`` with each incident's revision: the token written
    anew whenever its reports change (None: stored before tokens were), in
    the order of the ids."""
    flush_pending(conn)
    rows = _in_window(conn, window, event_types=event_types, slack_days=slack_days,
                      source=source, target=target)  # fmt: skip
    return dict(sorted(map(tuple, rows)))


#: one of ``look_up``'s look-ups: (window, event type, source, target)
Lookup = tuple[tuple[date, date] | None, str, str | None, str | None]


def look_up(conn: Connection, lookups: Sequence[Lookup], ids: Iterable[str], *,
            slack_days: int = 1) -> tuple[list[dict[str, int | None]], set[str]]:  # fmt: skip
    """``revisions_in_window`` for each of ``lookups`` ((window, event type,
    source, target)), in that order, and ``stored_ids(ids)``: fusion needs
    both for every article (its neighbours, and whether the ids its reports
    would found incidents under are taken). The look-ups with a window and
    the ids are one statement (``_PG_WINDOWS``, ``_SQLITE_WINDOWS``): an
    article's dozen look-ups cost a dozen executions otherwise, each a
    round trip on PostgreSQL and some 0.1 ms of SQLAlchemy on either
    engine, more than the look-ups themselves. Incidents whose writes are
    pending (``deferred_writes``) are found as they will be written."""
    ids = sorted(set(ids))
    found: list[dict[str, int | None]] = [{} for _ in lookups]
    batched: list[int] = []  # the windowed look-ups, by position
    for n, (window, event_type, source, target) in enumerate(lookups):
        if window is not None:
            batched.append(n)
            continue
        found[n] = dict(sorted(map(tuple, _in_window(
            conn, window, event_types=[event_type], slack_days=slack_days,
            source=source, target=target))))  # fmt: skip
    if batched:
        slack, narrow = timedelta(days=slack_days), timedelta(days=WIDE_WINDOW_DAYS)
        # (type, source, target, lo, hi, narrow lo) of each, as ``_RANGES`` reads them
        windows = [(event_type, source, target, window[0] - slack, window[1] + slack,
                    window[0] - slack - narrow)
                   for window, event_type, source, target in (lookups[n] for n in batched)]  # fmt: skip
        if conn.dialect.name == "postgresql":
            params = dict(zip(("types", "sources", "targets", "los", "his", "narrow_los"),
                              map(list, zip(*windows, strict=True)), strict=True))  # fmt: skip
            rows = conn.execute(_PG_WINDOWS_AND_IDS if ids else _PG_WINDOWS, {**params, "ids": ids})
        else:
            rows = conn.execute(_SQLITE_WINDOWS_AND_IDS if ids else _SQLITE_WINDOWS, {
                "lookups": json.dumps([[t, s, g, lo.isoformat(), hi.isoformat(), narrow_lo.isoformat()]
                                       for t, s, g, lo, hi, narrow_lo in windows]),
                "ids": json.dumps(ids)})  # fmt: skip
        rows = sorted(map(tuple, rows.all()))  # plain tuples: compared in C, not as Rows
        stored = {incident for k, incident, _ in rows if k == 0}
        for k, incident, revision in rows:
            if k:
                found[batched[k - 1]][incident] = revision
    else:
        stored = _stored_ids(conn, ids)
    pending = _PENDING.get(conn)
    if pending is not None and pending.rows:
        found = [pending.overlay(f, lookup, slack_days) for f, lookup in zip(found, lookups, strict=True)]
        stored |= pending.rows.keys() & set(ids)
    return found, stored


def _in_range(row: dict, source: str | None, target: str | None,
              bounds: tuple[date, date] | None) -> bool:  # fmt: skip
    """Whether an incident row (``_row``) of a look-up's type is one that
    it finds (its ``source``, ``target``; ``bounds``: its window widened by
    the slack, None: any): the test ``_RANGES`` and ``_filtered`` make in
    SQL, made on a row not yet written (``_Pending.overlay``)."""
    if source is not None and row["source_code"] is not None and row["source_code"] != source:
        return False
    if target is not None and row["target_code"] is not None and row["target_code"] != target:
        return False
    if bounds is None:
        return True
    lo, hi = bounds
    if row["date_lo"] is None:
        return not row["wide_window"]
    if row["wide_window"]:
        return row["date_lo"] <= hi and row["date_hi"] >= lo
    return lo - timedelta(days=WIDE_WINDOW_DAYS) <= row["date_lo"] <= hi and row["date_hi"] >= lo


#: ``_window_query``'s three index ranges (narrow windows, wide ones, none)
#: for a look-up ``k`` (event_type, source, target, lo, hi, narrow_lo),
#: with its actor filter: ``look_up``'s statement on either engine.
#: ``{false}``/``{true}`` are the engine's booleans, compared with ``=`` so
#: that the index's ``wide_window`` column is used.
_RANGES = (
    "c.wide_window = {false} AND c.date_lo BETWEEN k.narrow_lo AND k.hi AND c.date_hi >= k.lo",
    "c.wide_window = {true} AND c.date_lo <= k.hi AND c.date_hi >= k.lo",
    "c.wide_window = {false} AND c.date_lo IS NULL",
)
_LOOK_UP = """
  SELECT {columns} FROM {source} WHERE c.event_type = k.event_type AND {where}
    AND (k.source IS NULL OR c.source_code IS NULL OR c.source_code = k.source)
    AND (k.target IS NULL OR c.target_code IS NULL OR c.target_code = k.target)"""


def _look_ups(columns: str, source: str, false: str, true: str) -> str:
    """The three ranges' selects (``_RANGES``), one after the other."""
    return "\n  UNION ALL".join(_LOOK_UP.format(columns=columns, source=source,
                                                where=where.format(false=false, true=true))
                                for where in _RANGES)  # fmt: skip


#: PostgreSQL: ``revisions_in_window`` for many look-ups at once, each row
#: tagged with its look-up's number (from 1): the look-ups are arrays, one
#: element each, and each takes the three ranges under a LATERAL join. Its
#: text never changes, so psycopg prepares it; the server still plans each
#: run afresh (its generic plan, which guesses a hundred look-ups,
#: measured slower).
_PG_WINDOWS = text(f"""
SELECT k.n, i.id, i.revision
FROM unnest(CAST(:types AS text[]), CAST(:sources AS text[]), CAST(:targets AS text[]),
            CAST(:los AS date[]), CAST(:his AS date[]), CAST(:narrow_los AS date[]))
     WITH ORDINALITY AS k(event_type, source, target, lo, hi, narrow_lo, n)
CROSS JOIN LATERAL ({_look_ups("c.id, c.revision", "incidents c", "false", "true")}
) i
""")
#: ``_PG_WINDOWS`` and ``stored_ids`` in one statement (``look_up``): the
#: ids found stored come tagged 0
_PG_WINDOWS_AND_IDS = text(_PG_WINDOWS.text.rstrip() + """
UNION ALL
SELECT 0, c.id, c.revision FROM incidents c WHERE c.id = ANY(CAST(:ids AS text[]))
""")
#: SQLite: the same look-ups, given as one JSON array of [type, source,
#: target, lo, hi, narrow lo] (``json_each``), the outer loop of a CROSS
#: JOIN with each range; dates are ISO strings, as SQLite stores them
_SQLITE_WINDOWS = text("""
WITH k(n, event_type, source, target, lo, hi, narrow_lo) AS (
  SELECT key + 1, json_extract(value, '$[0]'), json_extract(value, '$[1]'),
         json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'),
         json_extract(value, '$[5]')
  FROM json_each(:lookups))""" + _look_ups("k.n, c.id, c.revision", "k CROSS JOIN incidents c", "0", "1"))
_SQLITE_WINDOWS_AND_IDS = text(_SQLITE_WINDOWS.text + """
UNION ALL
SELECT 0, c.id, c.revision FROM incidents c WHERE c.id IN (SELECT value FROM json_each(:ids))
""")


def _in_window(conn: Connection, window, *, event_types, slack_days: int,
               source: str | None, target: str | None):  # fmt: skip
    """The rows (id, revision) of ``ids_in_window``'s incidents."""
    params: dict = {"source": source, "target": target}
    if event_types is not None:
        params["types"] = list(event_types)
    shape = (event_types is not None, source is not None, target is not None)
    if window is None:
        rows = conn.execute(_filtered(*shape), params)
    else:
        lo, hi = window[0] - timedelta(days=slack_days), window[1] + timedelta(days=slack_days)
        params.update(lo=lo, hi=hi, narrow_lo=lo - timedelta(days=WIDE_WINDOW_DAYS))
        rows = conn.execute(_window_query(*shape), params)
    return rows


def overlapping(found: dict[str, tuple[date, date] | None], window: tuple[date, date] | None,
                slack_days: int) -> list[str]:  # fmt: skip
    """The incidents of ``found`` (id -> window, or None) whose window
    overlaps ``window`` give or take ``slack_days`` (no window on either
    side: always), as ``ids_in_window`` would find them; the bounds worked
    out once."""
    if window is None:
        return list(found)
    lo, hi = window[0] - timedelta(days=slack_days), window[1] + timedelta(days=slack_days)
    return [i for i, stored in found.items() if stored is None or (stored[0] <= hi and stored[1] >= lo)]


@cache
def _filtered(by_type: bool, by_source: bool, by_target: bool):
    """The incidents' ids and revisions, of the types (``types``) and
    of the source and target codes or none (``source``, ``target``) asked
    for: ``ids_in_window``'s filters as bound parameters, built once per shape."""
    c = incidents.c
    base = select(c.id, c.revision)
    if by_type:
        base = base.where(c.event_type.in_(bindparam("types", expanding=True)))
    for name, wanted in (("source", by_source), ("target", by_target)):
        if wanted:
            column = c[f"{name}_code"]
            base = base.where(or_(column.is_(None), column == bindparam(name)))
    return base


@cache
def _window_query(by_type: bool, by_source: bool, by_target: bool):
    """``ids_in_window``'s statement, built once per shape (its values are
    bound parameters, so SQLAlchemy compiles it once too)."""
    c = incidents.c
    base = _filtered(by_type, by_source, by_target)
    lo, hi = bindparam("lo", type_=Date), bindparam("hi", type_=Date)
    narrow = base.where(c.wide_window == false(),
                        c.date_lo.between(bindparam("narrow_lo", type_=Date), hi),
                        c.date_hi >= lo)  # fmt: skip
    wide = base.where(c.wide_window == true(), c.date_lo <= hi, c.date_hi >= lo)
    unknown = base.where(c.wide_window == false(), c.date_lo.is_(None))
    return union(narrow, wide, unknown)


_LINK_FACTS = (select(incidents.c.id, incidents.c.date, incidents.c.first_reported,
                      incidents.c.linkable)
               .where(incidents.c.id.in_(bindparam("ids", expanding=True))))  # fmt: skip


def link_facts(conn: Connection, ids: Iterable[str]) -> dict[str, tuple[date | None, str | None, bool]]:
    """Of each of ``ids`` stored, (date, first_reported, linkable): what
    says whether and as of which day its claim/denial links are judged
    (``fuse.rules.link_day``; ``linkable`` is written with the record as
    fusion's ``_may_link`` of it), read from its columns, not its record.
    An incident whose writes are pending (``deferred_writes``) answers as
    it will be written, with nothing written first."""
    ids = sorted(set(ids))
    pending = _PENDING.get(conn)
    kept = pending.rows if pending is not None else {}
    unread = [i for i in ids if i not in kept]
    found = {i: (_as_date(day), first, bool(linkable)) for i, day, first, linkable
             in (conn.execute(_LINK_FACTS, {"ids": unread}) if unread else ())}  # fmt: skip
    for incident in kept.keys() & set(ids):
        row = kept[incident]
        found[incident] = (row["date"], row["first_reported"], bool(row["linkable"]))
    return found


def records_of(conn: Connection, ids: Iterable[str]) -> dict[str, dict]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    _flush_for(conn, ids)
    return {i: rec for i, rec in conn.execute(_RECORDS_OF, {"ids": ids})}


def stored_ids(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` the incidents table holds (without reading their
    records), or will hold once the writes pending are made (``deferred_writes``)."""
    ids = sorted(set(ids))
    stored = _stored_ids(conn, ids)
    pending = _PENDING.get(conn)
    return stored | (pending.rows.keys() & set(ids)) if pending is not None else stored


def _stored_ids(conn: Connection, ids: list[str]) -> set[str]:
    """Those of ``ids`` (sorted, distinct) in the table."""
    if not ids:
        return set()
    return set(conn.execute(_STORED_IDS, {"ids": ids}).scalars())


def query_incidents(
    conn: Connection,
    *,
    dyad: tuple[str, str] | None = None,
    directed: bool = False,
    since: date | str | None = None,
    until: date | str | None = None,
    event_type: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Incident records by date (undated last), then id.

    ``dyad`` ("IND", "PAK") matches both directions unless ``directed``;
    ``since``/``until`` are inclusive and leave out undated incidents.
    """
    c = incidents.c
    query = select(c.record)
    if dyad is not None:
        a, b = dyad
        forward = and_(c.source_code == a, c.target_code == b)
        query = query.where(forward if directed else or_(
            forward, and_(c.source_code == b, c.target_code == a)))  # fmt: skip
    if since is not None:
        query = query.where(c.date >= _as_date(since))
    if until is not None:
        query = query.where(c.date <= _as_date(until))
    if event_type is not None:
        query = query.where(c.event_type == event_type.upper())
    query = query.order_by(c.date.asc().nulls_last(), c.id).limit(limit)
    return list(conn.execute(query).scalars())


# -- writing ---------------------------------------------------------------


def _row(summary: dict, window: tuple[date, date] | None, linkable: bool) -> dict:
    location = summary.get("location") or {}
    return {
        "event_type": summary["event_type"],
        "quad": summary.get("quad"),
        "source_code": (summary.get("source") or {}).get("code"),
        "target_code": (summary.get("target") or {}).get("code"),
        "date": _as_date(summary.get("date")),
        "date_precision": summary.get("date_precision"),
        "date_lo": window[0] if window else None,
        "date_hi": window[1] if window else None,
        "location_country": location.get("country"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "sources": summary["sources"],
        "fatalities_best": (summary.get("fatalities") or {}).get("best"),
        "contested": bool(summary.get("contested")),
        "linkable": linkable,
        "wide_window": window is not None and (window[1] - window[0]).days > WIDE_WINDOW_DAYS,
        "first_reported": summary.get("first_reported"),
        "record": summary,
        "search_text": incident_text(summary),
        # anew with every write of the reports (migration 0009): 63 random
        # bits, so no two writes, of any process, give one token
        "revision": secrets.randbits(63),
    }


@dataclass(frozen=True)
class IncidentWrite:
    """One incident to store with all its reports (``save_incidents``):
    ``exists`` says whether it is stored already (the caller knows)."""

    summary: dict
    reports: list[dict]
    window: tuple[date, date] | None
    linkable: bool = False
    exists: bool = False
    #: of a stored incident, the reports its table rows lack (the rest of
    #: ``reports`` are stored as they are); None: every row is written anew
    fresh: list[dict] | None = None


def save_incidents(conn: Connection, writes: Sequence[IncidentWrite]) -> dict[str, int]:
    """Insert or replace incidents with all their reports, in at most four
    statements whatever their number (each an executemany, or for the
    inserts ``insert_rows``): the stored ones
    updated, the old reports of those without ``fresh`` deleted, the new
    incidents inserted, the report rows missing inserted (a stored incident
    with ``fresh``: those only). Within ``deferred_writes`` they are kept
    and written when its block ends. Returns the revision written for each."""
    rows = {w.summary["id"]: _row(w.summary, w.window, w.linkable) for w in writes}
    pending = _PENDING.get(conn)
    if pending is not None:
        for w in writes:
            pending.save(w, rows[w.summary["id"]])
        return {incident: row["revision"] for incident, row in rows.items()}
    inserted = [w.summary["id"] for w in writes if not w.exists]
    rewritten = [w.summary["id"] for w in writes if w.exists and w.fresh is None]
    reports = [_report_row(w.summary["id"], r)
               for w in writes
               for r in (w.fresh if w.exists and w.fresh is not None else w.reports)]  # fmt: skip
    _write(conn, rows, inserted, rewritten, reports)
    return {incident: row["revision"] for incident, row in rows.items()}


def _update_by_id(conn: Connection, rows: list[dict]) -> None:
    """Update incidents (each row's ``_id``) with the columns its row gives, one executemany."""
    if rows:
        conn.execute(update(incidents).where(incidents.c.id == bindparam("_id")), rows)


def _report_row(incident: str, report: dict) -> dict:
    return {"event_id": report["event_id"], "incident_id": incident, "doc_id": report["doc_id"],
            "published": report.get("published"), "report": report}  # fmt: skip


def _write(conn: Connection, rows: dict[str, dict], inserted: Iterable[str],
           rewritten: Sequence[str], reports: Sequence[dict]) -> None:  # fmt: skip
    """Write incident ``rows`` (id -> ``_row``): those ``inserted`` are new,
    the rest stored; the stored report rows of those ``rewritten`` are
    deleted; then the report rows ``reports`` are inserted."""
    new = set(inserted)
    old = [{"_id": incident, **row} for incident, row in rows.items() if incident not in new]
    _update_by_id(conn, old)
    if rewritten:
        conn.execute(delete(incident_reports).where(incident_reports.c.incident_id.in_(rewritten)))
    insert_rows(conn, incidents, [{"id": incident, **row} for incident, row in rows.items()
                                  if incident in new])  # fmt: skip
    insert_rows(conn, incident_reports, list(reports))


class _Pending:
    """The incident writes ``deferred_writes`` keeps until its block ends:
    each incident once, as last written, however many articles of the
    batch rewrote it."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}  # incident -> its row (``_row``), as last saved
        #: the rows by event type, and the linkable ones: what fusion's look-ups sift
        self.of_type: dict[str, dict[str, dict]] = {}
        self.linkable: dict[str, dict] = {}
        self.inserted: set[str] = set()  # of those, the ones not in the table
        self.rewritten: set[str] = set()  # of the rest, those whose report rows all go
        #: incident -> event id -> the report row to insert
        self.reports: dict[str, dict[str, dict]] = {}
        #: incident -> its record, contested and search text (``update_records``)
        self.records: dict[str, dict] = {}

    def __bool__(self) -> bool:
        return bool(self.rows or self.records)

    def save(self, write: IncidentWrite, row: dict) -> None:
        """``save_incidents`` of ``write`` (its row ``row``), kept: a new
        incident, or one whose report rows are all replaced, keeps all its
        reports; a stored one with ``fresh`` gathers what each write adds."""
        incident = write.summary["id"]
        self.records.pop(incident, None)  # the row holds the record
        if incident not in self.rows and not write.exists:
            self.inserted.add(incident)
        before = self.rows.get(incident)
        if before is not None:
            self.of_type[before["event_type"]].pop(incident)
        self.rows[incident] = row
        self.of_type.setdefault(row["event_type"], {})[incident] = row
        if row["linkable"]:
            self.linkable[incident] = row
        else:
            self.linkable.pop(incident, None)
        if incident in self.inserted or write.fresh is None:
            if incident not in self.inserted:
                self.rewritten.add(incident)
            self.reports[incident] = {r["event_id"]: _report_row(incident, r) for r in write.reports}
        else:
            kept = self.reports.setdefault(incident, {})
            kept.update((r["event_id"], _report_row(incident, r)) for r in write.fresh)

    def update_record(self, summary: dict, values: dict) -> None:
        """``update_records`` of one incident, kept (in its row when it has one)."""
        row = self.rows.get(summary["id"])
        if row is not None:
            row.update(values)
        else:
            self.records[summary["id"]] = values

    def overlay(self, found: dict[str, int | None], lookup: Lookup,
                slack_days: int) -> dict[str, int | None]:  # fmt: skip
        """A look-up's ``found`` (id -> revision, by id, as the table
        answered) with the incidents kept here as they will be written."""
        window, event_type, source, target = lookup
        bounds = None if window is None else (window[0] - timedelta(days=slack_days),
                                              window[1] + timedelta(days=slack_days))  # fmt: skip
        merged = {i: r for i, r in found.items() if i not in self.rows}
        merged.update((i, row["revision"]) for i, row in self.of_type.get(event_type, {}).items()
                      if _in_range(row, source, target, bounds))  # fmt: skip
        return dict(sorted(merged.items()))

    def flush(self, conn: Connection) -> None:
        rewritten = sorted(self.rewritten)
        reports = [row for kept in self.reports.values() for row in kept.values()]
        _write(conn, self.rows, self.inserted, rewritten, reports)
        _update_by_id(conn, [{"_id": i, **values} for i, values in self.records.items()])
        self.__init__()  # all written: nothing kept


_PENDING: WeakKeyDictionary = WeakKeyDictionary()  # connection -> its _Pending writes


@contextmanager
def deferred_writes(conn: Connection) -> Iterator[None]:
    """Rule ``incident_writes_deferred``: within the block, the incidents
    fusion saves on ``conn`` (``save_incidents``, ``update_records``) are
    kept and written when it ends, each once: an incident that several
    articles of a batch report was rewritten by each of them, and most
    reports join an incident of their own batch. Every read of this module
    answers as if they were written: fusion's own look-ups
    (``look_up``, ``stored_ids``, ``link_days_in_window``) take the kept
    rows into account; the others, and every delete, write what is kept
    first (``flush_pending``). Only for a transaction rolled back whole when
    anything in it fails (``Store.deferred_inserts``): a row the database
    refuses fails the block, not the article that wrote it."""
    _PENDING[conn] = _Pending()
    try:
        yield
        flush_pending(conn)
    finally:
        _PENDING.pop(conn, None)


def flush_pending(conn: Connection) -> None:
    """Write what ``deferred_writes`` keeps for ``conn`` now."""
    pending = _PENDING.get(conn)
    if pending:
        pending.flush(conn)


def _flush_for(conn: Connection, ids: Iterable[str]) -> None:
    """``flush_pending`` when the writes kept include one of incidents ``ids``."""
    pending = _PENDING.get(conn)
    if pending and any(i in pending.rows or i in pending.records for i in ids):
        pending.flush(conn)


def save_incident(
    conn: Connection,
    summary: dict,
    reports: list[dict],
    window: tuple[date, date] | None,
    *,
    linkable: bool = False,
    exists: bool | None = None,
) -> None:
    """Insert or replace one incident with all its reports (``exists``: whether
    the incident is stored already, when the caller knows; else it is looked up)."""
    if exists is None:
        exists = summary["id"] in stored_ids(conn, [summary["id"]])
    save_incidents(conn, [IncidentWrite(summary, reports, window, linkable, exists)])


def update_record(conn: Connection, summary: dict) -> None:
    """Rewrite an incident's record (claims and ``contested``) only, with
    its search text: the same unless its reports changed, and then the
    search index is left be (an unchanged ``search_text``: SQLite's trigger
    does not fire, PostgreSQL's update stays off the index)."""
    update_records(conn, [summary])


def update_records(conn: Connection, summaries: Sequence[dict]) -> None:
    """``update_record`` for each of ``summaries``, in one statement (kept
    until the block ends within ``deferred_writes``)."""
    values = [(s, {"record": s, "contested": bool(s.get("contested")),
                   "search_text": incident_text(s)}) for s in summaries]  # fmt: skip
    pending = _PENDING.get(conn)
    if pending is not None:
        for summary, changed in values:
            pending.update_record(summary, changed)
    else:
        _update_by_id(conn, [{"_id": s["id"], **changed} for s, changed in values])


def delete_reports_of_doc(conn: Connection, doc_id: str) -> None:
    flush_pending(conn)
    conn.execute(delete(incident_reports).where(incident_reports.c.doc_id == doc_id))


def delete_incident(conn: Connection, incident_id: str) -> None:
    flush_pending(conn)
    conn.execute(delete(incident_reports).where(incident_reports.c.incident_id == incident_id))
    conn.execute(delete(incidents).where(incidents.c.id == incident_id))
