"""The read queries behind the API and the pages.

Every list is paginated (``limit``/``offset``) and returns a ``Page`` with the
total the filters match, so no route ever loads a whole table: filters run on
the indexed columns of the store's tables (``events``, ``incidents``,
``statements``), ordering uses the indexed ``date`` column. Text search (``q``)
is the store's full-text search (``flashpoint.store.search``: every word, as
a word or the start of one, any case; FTS5 on SQLite, a GIN ``tsvector``
index on PostgreSQL) over event sentences, incident report sentences,
statement quotes and article titles.

An actor filter (``actor``, a speaker, an actor's incidents) goes through
``_sided_page``: one query per role (source, target) reading the
``(code, date)`` index in order, at most ``offset + limit`` rows each, merged
by a ``UNION``; dated rows first, then undated ones, each part counted from
the same indexes. So a page of a busy actor never sorts all its matches.

This module only reads. It builds on ``flashpoint.store`` (tables and the
``Store`` facade) and ``flashpoint.fuse`` (incident tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
    union_all,
)

from flashpoint.nlp.actor_dictionary import code_names
from flashpoint.store import Store, parse_dyad, search
from flashpoint.store import incidents as itables
from flashpoint.store import schema as s
from flashpoint.store.filters import (  # noqa: F401  (Filters re-exported)
    SCAN_ABOVE,
    Filters,
    Where,
    dyad_clause,
    search_clause,
)
from flashpoint.store.filters import where as filter_where

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
#: the largest offset a list takes (an offset past 2**63 overflowed the
#: engines' integers into a 500; the routes answer 422 beyond this)
MAX_OFFSET = 1_000_000_000


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


def _tie(store: Store, table) -> tuple:
    """(column, descending) that orders rows of one date: on SQLite the
    rowid, newest first, so the date index alone gives the order (an ``id``
    tie would sort every row before an OFFSET); elsewhere the primary key."""
    if store.dialect == "sqlite":
        return literal_column(f"{table.name}.rowid"), True
    return table.c.id, False


def newest_first(store: Store, table) -> tuple:
    """Newest first, undated last, ties in a fixed order (``_tie``)."""
    column, descending = _tie(store, table)
    return table.c.date.desc().nulls_last(), column.desc() if descending else column


def oldest_first(store: Store, table) -> tuple:
    """``newest_first`` backwards: undated first, then oldest first."""
    column, descending = _tie(store, table)
    return table.c.date.asc().nulls_first(), column if descending else column.desc()


def _count(store: Store, count: Select) -> int:
    """Its own connection: a cached count may be refreshed later, in a thread."""
    with store.read() as conn:
        return conn.execute(count).scalar_one()


def _counted(store: Store, count: Select, counts) -> int:
    """``count``'s number, kept in ``counts`` (a ``TTLCache``) when given:
    counting a filter that the indexes do not cover reads every matching
    row, and paging on through the same filter need not repeat it.

    Called with no connection held: many requests waiting for one count
    would otherwise each hold a pooled connection while the one computing it
    needs another (the pool ran dry under 20 clients)."""
    if counts is None:
        return _count(store, count)
    return counts.get(("count", *statement_key(store, count)), lambda: _count(store, count))


def statement_key(store: Store, statement) -> tuple:
    """A hashable key that tells statements apart by their SQL and values:
    SQLAlchemy's own cache key (the one its compiled cache uses) with the
    bound values, cheaper than compiling the statement to text, which cost
    a busy page more than its queries; the compiled text where SQLAlchemy
    gives no key."""
    found = statement._generate_cache_key()
    if found is None:
        compiled = statement.compile(dialect=store.engine.dialect)
        return str(compiled), tuple(sorted((k, repr(v)) for k, v in compiled.params.items()))
    return found.key, tuple(repr(p.effective_value) for p in found.bindparams)


def _rows_of(conn, key, columns, page_keys: list) -> list:
    """The rows of ``page_keys`` (read by primary key), in their order."""
    rows = {}
    if page_keys:
        query = select(key, *columns).where(key.in_(page_keys))
        rows = {r[0]: r for r in conn.execute(query)}
    found = [rows[k] for k in page_keys if k in rows]
    return [r[1] if len(columns) == 1 else dict(r._mapping) for r in found]


def _page(store: Store, key, columns, base: Select, order, limit: int, offset: int,
          *, counts=None, total: int | None = None, backwards=None) -> Page:  # fmt: skip
    """One page of ``base`` (a ``select(key)`` with its filters) in ``order``.

    A deferred join: the page's keys are found first (sorting only the key
    and the order columns, never the large record column), then their rows
    are read by primary key. ``counts`` keeps totals (``_counted``); a
    ``total`` given is not counted again. ``backwards``, ``order`` reversed
    (an index read the other way): a page past the middle is read from the
    far end, so an offset skips at most half the rows (page 1,800 of 2,000
    skipped 90,000 index entries, now 10,000).
    """
    limit = clamp_limit(limit)
    offset = max(0, int(offset))
    if total is None:
        count = base.with_only_columns(func.count(), maintain_column_froms=True)
        total = _counted(store, count, counts)
    with store.read() as conn:
        if backwards is not None and offset > total // 2:
            size = max(0, min(limit, total - offset))
            query = base.order_by(*backwards).limit(size).offset(total - offset - size)
            page_keys = list(conn.execute(query).scalars())[::-1] if size else []
        else:
            query = base.order_by(*order).limit(limit).offset(offset)
            page_keys = list(conn.execute(query).scalars())
        items = _rows_of(conn, key, columns, page_keys)
    return Page(items=items, total=total, limit=limit, offset=offset)


def _sided_page(store: Store, table, key, columns, *, sides: list, conditions: list,
                date_desc: bool, ties: list, limit: int, offset: int, counts=None) -> Page:  # fmt: skip
    """One page of the rows of ``table`` that match every clause of
    ``conditions`` and at least one of ``sides`` (one or two clauses, e.g.
    ``source_code == X`` and ``target_code == X``), ordered by date (newest
    first with ``date_desc``; undated rows last) then by ``ties``
    (``(column, descending)`` pairs), as ``newest_first`` and the event
    order do.

    Each side is read in index order (``(source_code, date)``, ...) and
    limited to ``offset + limit`` rows; a ``UNION`` merges them (a row of both
    sides once) and the outer query sorts at most twice that many. Dated and
    undated rows are two parts, each a plain index range, so no ``NULLS
    LAST`` ordering defeats the index. Totals count each side from the
    index and take away the rows of both (``counts`` keeps them).
    """
    if not 1 <= len(sides) <= 2:
        raise ValueError("one or two sides")
    limit = clamp_limit(limit)
    offset = max(0, int(offset))
    c = table.c
    date_order = [(c.date, date_desc)]
    parts = [(c.date.is_not(None), date_order + ties), (c.date.is_(None), ties)]
    page_keys: list = []
    sizes = [_side_count(store, table, sides, [part, *conditions], counts) for part, _ in parts]
    total = sum(sizes)
    skip = offset
    with store.read() as conn:
        for (part, order), n in zip(parts, sizes, strict=True):
            where = [part, *conditions]
            if len(page_keys) >= limit or skip >= n:
                skip = max(0, skip - n)
                continue
            page_keys += _merged_keys(conn, key, sides, where, order,
                                      limit=limit - len(page_keys), offset=skip)  # fmt: skip
            skip = 0
        items = _rows_of(conn, key, columns, page_keys)
    return Page(items=items, total=total, limit=limit, offset=offset)


def _side_count(store: Store, table, sides: list, where: list, counts) -> int:
    def count(*clauses) -> int:
        query = select(func.count()).select_from(table).where(*clauses, *where)
        return _counted(store, query, counts)

    if len(sides) == 1:
        return count(sides[0])
    return count(sides[0]) + count(sides[1]) - count(sides[0], sides[1])


MERGE_UP_TO = 10_000  # deeper pages sort every match once instead (as one OR query)


def _merged_keys(conn, key, sides: list, where: list, order: list, *, limit: int,
                 offset: int) -> list:  # fmt: skip
    """The keys of one page of the union of ``sides`` (each with ``where``).

    Past ``MERGE_UP_TO`` rows each side would read and the union sort as many
    rows as a plain sort of every match, so a deep page is one ``OR`` query.
    """
    if limit <= 0:
        return []
    by = [col.desc() if desc else col for col, desc in order]
    if len(sides) == 1 or offset + limit > MERGE_UP_TO:  # one side: its index, in order
        query = select(key).where(or_(*sides), *where).order_by(*by).limit(limit).offset(offset)
        return list(conn.execute(query).scalars())
    columns = [key.label("k"), *(col.label(f"o{i}") for i, (col, _) in enumerate(order))]
    members = []
    for side in sides:
        one = select(*columns).where(side, *where).order_by(*by).limit(offset + limit)
        members.append(select(*one.subquery().c))  # SQLite: no LIMIT in a UNION member
    merged = (union(*members) if len(members) > 1 else members[0]).subquery()
    outer = [merged.c[f"o{i}"].desc() if desc else merged.c[f"o{i}"]
             for i, (_, desc) in enumerate(order)]  # fmt: skip
    query = select(merged.c.k).order_by(*outer).limit(limit).offset(offset)
    return list(conn.execute(query).scalars())


# -- incidents -----------------------------------------------------------------


#: the incident list's orders besides the newest first: ``killed`` (best
#: figure, none last), ``sources`` (most reported), ``oldest``; ties newest first
INCIDENT_SORTS = ("date", "oldest", "killed", "sources")


def incident_order(store: Store, sort: str) -> tuple:
    """The ORDER BY of an ``INCIDENT_SORTS`` order."""
    c = itables.incidents.c
    newest = newest_first(store, itables.incidents)
    if sort == "killed":
        return (c.fatalities_best.desc().nulls_last(), *newest)
    if sort == "sources":
        return (c.sources.desc(), *newest)
    if sort == "oldest":
        return (c.date.asc().nulls_last(), *newest[1:])
    return newest


def incidents_page(store: Store, f: Filters, *, limit: int = DEFAULT_LIMIT,
                   offset: int = 0, counts=None, sort: str = "date") -> Page:  # fmt: skip
    """Incident records, newest first (undated last), then by id; or in
    another ``INCIDENT_SORTS`` order (those read every matching row)."""
    itables.ensure_tables(store.engine)
    table = itables.incidents
    c = table.c
    where = filter_where(store, table, f, index_ordered=sort == "date", counts=counts)
    if sort != "date":
        base = select(c.id).select_from(table).where(*where.clauses())
        return _page(store, c.id, [c.record], base, incident_order(store, sort), limit, offset,
                     counts=counts, total=where.total)  # fmt: skip
    if where.sides:
        return _sided_page(store, table, c.id, [c.record], sides=where.sides,
                           conditions=where.conditions, date_desc=True,
                           ties=[_tie(store, table)], limit=limit, offset=offset,
                           counts=counts)  # fmt: skip
    base = select(c.id).select_from(table).where(*where.conditions)
    order = newest_first(store, table)
    return _page(store, c.id, [c.record], base, order, limit, offset, counts=counts,
                 total=where.total, backwards=oldest_first(store, table))  # fmt: skip


MAP_COLUMNS = ("event_type", "quad", "date", "lat", "lon", "location_country",
               "fatalities_best", "sources", "source_code", "target_code")  # fmt: skip


def map_page(store: Store, f: Filters, *, limit: int = 2000) -> Page:
    """The ``limit`` newest located incidents as plain rows (``id`` and
    ``MAP_COLUMNS``): a map of thousands of points reads no record. No count
    (it would read every row): ``extra["truncated"]`` says whether more match."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    where = filter_where(store, itables.incidents, f, index_ordered=True)
    base = select(c.id).select_from(itables.incidents).where(*where.clauses())
    base = base.where(c.lat.is_not(None), c.lon.is_not(None))
    place = c.record[("location", "name")].as_string().label("place")  # the tooltip's place
    query = base.with_only_columns(c.id, *[getattr(c, k) for k in MAP_COLUMNS], place)
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
    query = select(c.record).where(dyad_clause(c, dyad, False)).order_by(c.date, c.id)
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
    # oldest first, undated last: SQLite walks no index for that order
    where = filter_where(store, s.events, f, index_ordered=False,
                         extra=[c.doc_id == doc_id] if doc_id else None, counts=counts)  # fmt: skip
    if where.sides:
        return _sided_page(store, s.events, c.id, [c.record], sides=where.sides,
                           conditions=where.conditions, date_desc=False,
                           ties=[(c.doc_id, False), (c.seq, False)], limit=limit,
                           offset=offset, counts=counts)  # fmt: skip
    base = select(c.id).select_from(s.events).where(*where.conditions)
    order = (c.date.asc().nulls_last(), c.doc_id, c.seq)
    return _page(store, c.id, [c.record], base, order, limit, offset, counts=counts,
                 total=where.total)  # fmt: skip


def statements_page(store: Store, *, speaker: str | None = None, q: str | None = None,
                    doc_id: str | None = None, limit: int = DEFAULT_LIMIT,
                    offset: int = 0, counts=None) -> Page:  # fmt: skip
    """Statements, newest first (undated last), then article and position;
    ``q`` searches the quotes."""
    c = s.statements.c
    conditions = []
    if doc_id:
        conditions.append(c.doc_id == doc_id)
    total = None
    if q:
        clause, total = search_clause(store, s.statements, q, alone=not (doc_id or speaker),
                                      index_ordered=True, counts=counts)  # fmt: skip
        conditions.append(clause)
    if speaker:
        return _sided_page(store, s.statements, c.id, [c.record],
                           sides=[c.speaker_code == speaker.upper()], conditions=conditions,
                           date_desc=True, ties=[(c.doc_id, False), (c.seq, False)],
                           limit=limit, offset=offset, counts=counts)  # fmt: skip
    base = select(c.id).select_from(s.statements).where(*conditions)
    order = (c.date.desc().nulls_last(), c.doc_id, c.seq)
    return _page(store, c.id, [c.record], base, order, limit, offset, counts=counts,
                 total=total)  # fmt: skip


ARTICLE_COLUMNS = ("doc_id", "published", "outlet", "title", "url", "content_hash")


def with_articles(store: Store, page: Page) -> Page:
    """``page``'s records (events or statements), each with ``article``: its
    article's ``outlet``, ``url``, ``published`` and ``title`` (one read)."""
    doc_ids = sorted({r["doc_id"] for r in page.items if r.get("doc_id")})
    found: dict[str, dict] = {}
    if doc_ids:
        c = s.articles.c
        query = select(c.doc_id, c.outlet, c.url, c.published, c.title).where(
            c.doc_id.in_(doc_ids))  # fmt: skip
        with store.read() as conn:
            for row in conn.execute(query):
                published = row.published.isoformat() if hasattr(row.published, "isoformat") \
                    else row.published
                found[row.doc_id] = {"outlet": row.outlet, "url": row.url,
                                     "published": published, "title": row.title}  # fmt: skip
    for record in page.items:
        record["article"] = found.get(record.get("doc_id"),
                                      {"outlet": None, "url": None, "published": None,
                                       "title": None})  # fmt: skip
    return page


def articles_page(store: Store, *, q: str | None = None, limit: int = DEFAULT_LIMIT,
                  offset: int = 0, counts=None) -> Page:  # fmt: skip
    """Articles without their text, newest first; ``q`` searches title and outlet."""
    c = s.articles.c
    base = select(c.doc_id).select_from(s.articles)
    total = None
    if q:
        clause, total = search_clause(store, s.articles, q, alone=True, index_ordered=False,
                                      counts=counts)  # fmt: skip
        base = base.where(clause)
    order = (c.published.desc().nulls_last(), c.doc_id)
    return _page(store, c.doc_id, [getattr(c, k) for k in ARTICLE_COLUMNS], base, order,
                 limit, offset, counts=counts, total=total)  # fmt: skip


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
    table = itables.incidents
    c = table.c

    def role(clause) -> Page:
        return _sided_page(store, table, c.id, [c.record], sides=[clause], conditions=[],
                           date_desc=True, ties=[_tie(store, table)], limit=limit,
                           offset=offset, counts=counts)  # fmt: skip

    as_source = role(c.source_code == code)
    as_target = role(c.target_code == code)
    quotes = statements_page(store, speaker=code, limit=limit, offset=offset, counts=counts)
    if not (as_source.total or as_target.total or quotes.total):
        return None
    return {"code": code, "name": actor_names().get(code), "as_source": as_source.to_dict(),
            "as_target": as_target.to_dict(), "quotes": quotes.to_dict()}  # fmt: skip


def actor_names() -> dict[str, str]:
    """Actor code -> name (``nlp.actor_dictionary.code_names``)."""
    return code_names()


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
VIOLATION_TYPES = ("ASSAULT", "COERCE", "ACCUSE")  # a side breaking a ceasefire


def diplomacy_candidates(store: Store, dyad: str) -> list[dict]:
    """The incidents that can be on a dyad's diplomacy timeline
    (``analyze.diplomacy_kind`` decides): its diplomatic types where a dyad
    member is source or target, or the target is unknown; and the attacks,
    coercion and accusations by a member (a ceasefire's violations)."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    a, b = parse_dyad(dyad)
    diplomatic = and_(c.event_type.in_(DIPLOMACY_TYPES), or_(
        c.source_code.in_((a, b)), c.target_code.in_((a, b)), c.target_code.is_(None)))
    violations = and_(c.event_type.in_(VIOLATION_TYPES), c.source_code.in_((a, b)))
    query = select(c.record).where(or_(diplomatic, violations)).order_by(c.date, c.id)
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


# -- search: the matching text --------------------------------------------------------

_TEXT_WORD = re.compile(r"[^\W_]+")


def highlight(text: str | None, q: str | None) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matched) parts, the words that the search
    ``q`` matches marked as the store's search matches them
    (``store.search``: any case; query words of ``search.MIN_PREFIX``
    letters or more also as the start of a longer word). The template
    escapes each piece, so article text stays inert."""
    text = " ".join((text or "").split())
    wanted = search.words(q)
    if not text or not wanted:
        return [(text, False)] if text else []

    def hit(word: str) -> bool:
        low = word.lower()
        return any(low == w or (len(w) >= search.MIN_PREFIX and low.startswith(w)) for w in wanted)

    parts: list[tuple[str, bool]] = []
    last = 0
    for m in _TEXT_WORD.finditer(text):
        if hit(m.group()):
            if m.start() > last:
                parts.append((text[last:m.start()], False))
            parts.append((m.group(), True))
            last = m.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts


def best_match(texts: list[str], q: str | None) -> list[tuple[str, bool]]:
    """The ``highlight`` of the text (a report's sentence, a place) that
    matches the most of ``q``'s words; [] when none matches one."""
    best: list[tuple[str, bool]] = []
    best_hits = 0
    for text in texts:
        parts = highlight(text, q)
        hits = len({p.lower() for p, matched in parts if matched})
        if hits > best_hits:
            best, best_hits = parts, hits
    return best


def incident_matches(items: list[dict], q: str | None) -> dict[str, list[tuple[str, bool]]]:
    """For each incident of a search page, its matching text highlighted:
    the report sentence (or place) with the most of the query's words."""
    found = {}
    for incident in items:
        texts = [r.get("sentence") or "" for r in incident.get("reports") or []]
        texts.append((incident.get("location") or {}).get("name") or "")
        found[incident["id"]] = best_match(texts, q)
    return found


def country_incidents(store: Store, code: str, *, limit: int = 5000) -> list[dict]:
    """The newest ``limit`` incidents an actor is in (source or target) or a
    country's territory holds (``location_country``): a country page's."""
    itables.ensure_tables(store.engine)
    c = itables.incidents.c
    code = code.upper()
    query = (select(c.record)
             .where(or_(c.source_code == code, c.target_code == code, c.location_country == code))
             .order_by(c.date.desc().nulls_last(), c.id).limit(limit))  # fmt: skip
    with store.read() as conn:
        return list(conn.execute(query).scalars())


def counterpart_dyads(records: list[dict], code: str) -> list[tuple[str, int]]:
    """The dyads of ``code`` in ``records`` ("IND-PAK", codes sorted) with
    how many incidents each, the busiest first."""
    counts: dict[str, int] = {}
    for record in records:
        pair = {(record.get(role) or {}).get("code") for role in ("source", "target")}
        if code in pair and None not in pair and len(pair) == 2:
            dyad = "-".join(sorted(pair))
            counts[dyad] = counts.get(dyad, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
