"""The read queries behind the API and the pages.

Every list is paginated (``limit``/``offset``) and returns a ``Page`` with the
total the filters match, so no route ever loads a whole table: filters run on
the indexed columns of the store's tables (``events``, ``incidents``,
``statements``), ordering uses the indexed ``date`` column. Text search (``q``)
is a case-insensitive substring match over the stored record, sentence or
quote (a scan, bounded by the other filters).

This module only reads. It builds on ``flashpoint.store`` (tables and the
``Store`` facade) and ``flashpoint.fuse`` (incident tables).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)

from flashpoint.store import Store, parse_dyad
from flashpoint.store import incidents as itables
from flashpoint.store import schema as s

MAX_LIMIT = 500
DEFAULT_LIMIT = 50


@dataclass
class Filters:
    """The filters every list understands (each optional)."""

    dyad: str | None = None  # "IND-PAK": both directions unless directed
    directed: bool = False
    actor: str | None = None  # source or target code
    event_type: str | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None  # case-insensitive substring


@dataclass
class Page:
    items: list[dict]
    total: int
    limit: int
    offset: int
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "items": self.items, **self.extra}  # fmt: skip


def clamp_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    return max(0, min(int(limit), MAX_LIMIT))


def _like(column, q: str):
    """``column`` contains ``q``, any case, wildcards in ``q`` taken literally."""
    escaped = q.lower().replace("/", "//").replace("%", "/%").replace("_", "/_")
    return func.lower(column).like(f"%{escaped}%", escape="/")


def _as_text(column):
    return cast(column, String)


def _dyad_clause(c, dyad: str, directed: bool):
    a, b = parse_dyad(dyad.upper())
    forward = and_(c.source_code == a, c.target_code == b)
    return forward if directed else or_(forward, and_(c.source_code == b, c.target_code == a))


def _filtered(query: Select, c, f: Filters, *, text_column) -> Select:
    if f.dyad:
        query = query.where(_dyad_clause(c, f.dyad, f.directed))
    if f.actor:
        code = f.actor.upper()
        query = query.where(or_(c.source_code == code, c.target_code == code))
    if f.event_type:
        query = query.where(c.event_type == f.event_type.upper())
    if f.since:
        query = query.where(c.date >= f.since)
    if f.until:
        query = query.where(c.date <= f.until)
    if f.q:
        query = query.where(_like(text_column, f.q))
    return query


def newest_first(store: Store, table) -> tuple:
    """Newest first, undated last, ties in a fixed order. On SQLite the tie
    is the rowid, so the date index alone gives the order (an ``id`` tie
    would sort every row before an OFFSET); elsewhere the primary key."""
    date_desc = table.c.date.desc().nulls_last()
    if store.dialect == "sqlite":
        return date_desc, literal_column(f"{table.name}.rowid").desc()
    return date_desc, table.c.id


def _count(store: Store, count: Select) -> int:
    """Its own connection: a cached count may be refreshed later, in a thread."""
    with store.read() as conn:
        return conn.execute(count).scalar_one()


def _page(store: Store, key, columns, base: Select, order, limit: int, offset: int,
          *, scan: bool = False, counts=None) -> Page:  # fmt: skip
    """One page of ``base`` (a ``select(key)`` with its filters) in ``order``.

    A deferred join: the page's keys are found first (sorting only the key
    and the order columns, never the large record column), then their rows
    are read by primary key. With ``scan`` (a text search, which reads every
    row anyway) the ordered keys are read once and counted, instead of a
    second scan for the total. ``counts`` (a ``TTLCache``) keeps totals a
    while: counting a filter that the indexes do not cover reads every
    matching row, and paging on through the same filter need not repeat it.
    """
    limit = clamp_limit(limit)
    offset = max(0, int(offset))
    ordered = base.order_by(*order)
    with store.read() as conn:
        if scan:
            keys = list(conn.execute(ordered).scalars())
            total, page_keys = len(keys), keys[offset:offset + limit]
        else:
            count = base.with_only_columns(func.count(), maintain_column_froms=True)
            if counts is None:
                total = conn.execute(count).scalar_one()
            else:
                compiled = count.compile(dialect=conn.dialect)
                cache_key = ("count", str(compiled), tuple(sorted(compiled.params.items())))
                total = counts.get(cache_key, lambda: _count(store, count))
            page_keys = list(conn.execute(ordered.limit(limit).offset(offset)).scalars())
        rows = {}
        if page_keys:
            query = select(key, *columns).where(key.in_(page_keys))
            rows = {r[0]: r for r in conn.execute(query)}
    found = [rows[k] for k in page_keys if k in rows]
    items = [r[1] if len(columns) == 1 else dict(r._mapping) for r in found]
    return Page(items=items, total=total, limit=limit, offset=offset)


# -- incidents -----------------------------------------------------------------


def incidents_page(store: Store, f: Filters, *, limit: int = DEFAULT_LIMIT,
                   offset: int = 0, counts=None) -> Page:  # fmt: skip
    """Incident records, newest first (undated last), then by id."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    base = _filtered(select(c.id).select_from(itables.incidents), c, f,
                     text_column=_as_text(c.record))  # fmt: skip
    order = newest_first(store, itables.incidents)
    return _page(store, c.id, [c.record], base, order, limit, offset, scan=bool(f.q), counts=counts)


MAP_COLUMNS = ("event_type", "quad", "date", "lat", "lon", "location_country",
               "fatalities_best", "sources")  # fmt: skip


def map_page(store: Store, f: Filters, *, limit: int = 2000) -> Page:
    """The ``limit`` newest located incidents as plain rows (``id`` and
    ``MAP_COLUMNS``): a map of thousands of points reads no record. No count
    (it would read every row): ``extra["truncated"]`` says whether more match."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    base = _filtered(select(c.id).select_from(itables.incidents), c, f,
                     text_column=_as_text(c.record))  # fmt: skip
    base = base.where(c.lat.is_not(None), c.lon.is_not(None))
    query = base.with_only_columns(c.id, *[getattr(c, k) for k in MAP_COLUMNS])
    order = newest_first(store, itables.incidents)
    with store.read() as conn:
        rows = conn.execute(query.order_by(*order).limit(max(0, limit) + 1)).all()
    truncated = len(rows) > limit
    items = [dict(r._mapping) for r in rows[:limit]]
    return Page(items=items, total=len(items), limit=limit, offset=0,
                extra={"truncated": truncated})  # fmt: skip


def incident(store: Store, incident_id: str) -> dict | None:
    """One incident record with its reports' full evidence (``reports_full``:
    each report as fusion stored it, with the event and its sentence offsets)."""
    itables.ensure_tables(store.engine)
    with store.read() as conn:
        records = itables.records_of(conn, [incident_id])
        if incident_id not in records:
            return None
        full = itables.reports_of(conn, [incident_id])[incident_id]
    return {**records[incident_id], "reports_full": full}


def incidents_of_doc(store: Store, doc_id: str) -> dict[str, list[dict]]:
    itables.ensure_tables(store.engine)
    with store.read() as conn:
        return itables.incidents_of_doc(conn, doc_id)


def dyad_incidents(store: Store, dyad: str) -> list[dict]:
    """Every incident of an unordered dyad (for the analysis views)."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    query = select(c.record).where(_dyad_clause(c, dyad, False)).order_by(c.date, c.id)
    with store.read() as conn:
        return list(conn.execute(query).scalars())


def all_incidents(store: Store) -> list[dict]:
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    with store.read() as conn:
        return list(conn.execute(select(c.record).order_by(c.date, c.id)).scalars())


def top_dyads(store: Store, *, top: int = 10) -> list[tuple[str, int]]:
    """Unordered dyads ("IND-PAK", the codes sorted) by incident count."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    query = (
        select(c.source_code, c.target_code, func.count())
        .where(c.source_code.is_not(None), c.target_code.is_not(None),
               c.source_code != c.target_code)
        .group_by(c.source_code, c.target_code)
    )  # fmt: skip
    counts: dict[str, int] = {}
    with store.read() as conn:
        for a, b, n in conn.execute(query):
            key = "-".join(sorted((a, b)))
            counts[key] = counts.get(key, 0) + n
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


# -- events, statements, articles ----------------------------------------------


def events_page(store: Store, f: Filters, *, limit: int = DEFAULT_LIMIT, offset: int = 0,
                doc_id: str | None = None, counts=None) -> Page:  # fmt: skip
    """Event records by event date (undated last), then article and position."""
    c = s.events.c
    base = _filtered(select(c.id).select_from(s.events), c, f, text_column=_as_text(c.record))
    if doc_id:
        base = base.where(c.doc_id == doc_id)
    order = (c.date.asc().nulls_last(), c.doc_id, c.seq)
    return _page(store, c.id, [c.record], base, order, limit, offset, scan=bool(f.q), counts=counts)


def statements_page(store: Store, *, speaker: str | None = None, q: str | None = None,
                    doc_id: str | None = None, limit: int = DEFAULT_LIMIT,
                    offset: int = 0, counts=None) -> Page:  # fmt: skip
    c = s.statements.c
    base = select(c.id).select_from(s.statements)
    if speaker:
        base = base.where(c.speaker_code == speaker.upper())
    if doc_id:
        base = base.where(c.doc_id == doc_id)
    if q:
        base = base.where(_like(c.quote, q))
    order = (c.date.desc().nulls_last(), c.doc_id, c.seq)
    return _page(store, c.id, [c.record], base, order, limit, offset, scan=bool(q), counts=counts)


ARTICLE_COLUMNS = ("doc_id", "published", "outlet", "title", "url", "content_hash")


def articles_page(store: Store, *, q: str | None = None, limit: int = DEFAULT_LIMIT,
                  offset: int = 0, counts=None) -> Page:  # fmt: skip
    """Articles without their text, newest first; ``q`` searches title and text."""
    c = s.articles.c
    base = select(c.doc_id).select_from(s.articles)
    if q:
        base = base.where(or_(_like(c.title, q), _like(c.text, q), _like(c.outlet, q)))
    order = (c.published.desc().nulls_last(), c.doc_id)
    return _page(store, c.doc_id, [getattr(c, k) for k in ARTICLE_COLUMNS], base, order,
                 limit, offset, scan=bool(q), counts=counts)  # fmt: skip


# -- actors ---------------------------------------------------------------------


def actor_rows(store: Store) -> list[dict]:
    """Every actor code with how many incidents it is source and target of,
    the most active first."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    roles = union_all(
        select(c.source_code.label("code"), literal(1).label("src"), literal(0).label("tgt"))
        .where(c.source_code.is_not(None)),
        select(c.target_code.label("code"), literal(0).label("src"), literal(1).label("tgt"))
        .where(c.target_code.is_not(None)),
    ).subquery()  # fmt: skip
    query = select(roles.c.code, func.sum(roles.c.src), func.sum(roles.c.tgt)).group_by(
        roles.c.code)  # fmt: skip
    names = actor_names()
    with store.read() as conn:
        rows = [{"code": code, "name": names.get(code), "as_source": int(src),
                 "as_target": int(tgt), "incidents": int(src) + int(tgt)}
                for code, src, tgt in conn.execute(query)]  # fmt: skip
    rows.sort(key=lambda r: (-r["incidents"], r["code"]))
    return rows


def actors_page(rows: list[dict], *, q: str | None = None, limit: int = DEFAULT_LIMIT,
                offset: int = 0) -> Page:  # fmt: skip
    """A page of ``actor_rows``; ``q`` matches code or name."""
    if q:
        needle = q.lower()
        rows = [r for r in rows if needle in r["code"].lower() or needle in (r["name"] or "").lower()]
    limit, offset = clamp_limit(limit), max(0, int(offset))
    return Page(items=rows[offset:offset + limit], total=len(rows), limit=limit, offset=offset)


def actor(store: Store, code: str, *, limit: int = 25, offset: int = 0,
          counts=None) -> dict | None:  # fmt: skip
    """One actor: incidents as source and as target, and their quotes."""
    code = code.upper()
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    order = newest_first(store, itables.incidents)
    base = select(c.id).select_from(itables.incidents)
    as_source = _page(store, c.id, [c.record], base.where(c.source_code == code), order, limit,
                      offset, counts=counts)  # fmt: skip
    as_target = _page(store, c.id, [c.record], base.where(c.target_code == code), order, limit,
                      offset, counts=counts)  # fmt: skip
    quotes = statements_page(store, speaker=code, limit=limit, offset=offset, counts=counts)
    if not (as_source.total or as_target.total or quotes.total):
        return None
    return {"code": code, "name": actor_names().get(code), "as_source": as_source.to_dict(),
            "as_target": as_target.to_dict(), "quotes": quotes.to_dict()}  # fmt: skip


@cache
def actor_names() -> dict[str, str]:
    """Actor code -> name, from the actor dictionaries (the first row wins)."""
    names: dict[str, str] = {}
    folder = files("flashpoint") / "data" / "actors"
    for name in ("countries.csv", "organisations.csv", "armed_groups.csv"):
        path = folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("code") and row.get("name"):
                    names.setdefault(row["code"], row["name"])
    return names


# -- articles with their highlighted sentence ------------------------------------


def split_text(text: str, start: Any, end: Any) -> tuple[str, str, str] | None:
    """``text`` cut around ``[start:end)`` (before, sentence, after), or None
    when the offsets do not fit the text."""
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    if not 0 <= start < end <= len(text):
        return None
    return text[:start], text[start:end], text[end:]


def excerpt(text: str, start: int, end: int, *, context: int = 300) -> tuple[str, str, str]:
    """The sentence with up to ``context`` characters either side."""
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return before, text[start:end], after


# -- analysis inputs ------------------------------------------------------------

DIPLOMACY_TYPES = ("AGREE", "REQUEST", "CONSULT", "REJECT", "RETREAT")


def diplomacy_candidates(store: Store, dyad: str) -> list[dict]:
    """The incidents that can be on a dyad's diplomacy timeline
    (``analyze.diplomacy_kind`` decides): its diplomatic types where a dyad
    member is source or target, or the target is unknown."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    a, b = parse_dyad(dyad)
    query = (
        select(c.record)
        .where(c.event_type.in_(DIPLOMACY_TYPES))
        .where(or_(c.source_code.in_((a, b)), c.target_code.in_((a, b)), c.target_code.is_(None)))
        .order_by(c.date, c.id)
    )
    with store.read() as conn:
        return list(conn.execute(query).scalars())


def stream_dyadic_incidents(conn, *, batch: int = 2000):
    """Incident records with both actors known, read in batches (the network)."""
    c = itables.incidents.c
    query = select(c.record).where(c.source_code.is_not(None), c.target_code.is_not(None))
    yield from conn.execution_options(yield_per=batch).execute(query).scalars()


def count_incidents(store: Store) -> int:
    itables.ensure_tables(store.engine)
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(itables.incidents)).scalar_one()
