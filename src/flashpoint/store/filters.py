"""The one filter layer: what every list of events or incidents can be
narrowed by (``Filters``: a dyad, directed or not, an actor in either role,
a PLOVER type, a date range, a full-text search), as SQL clauses on the
store's indexed columns (``where``). The store's own ``events()``, the
API, the pages, the exports and the briefing all filter through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_

from flashpoint.store import search

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.store.store import Store


def parse_dyad(dyad: str | tuple[str, str]) -> tuple[str, str]:
    """``"IND-PAK"`` or ``("IND", "PAK")`` -> ``("IND", "PAK")``."""
    if isinstance(dyad, str):
        source, sep, target = dyad.partition("-")
        if not sep or not source or not target:
            raise ValueError(f"a dyad is SOURCE-TARGET, e.g. IND-PAK, not {dyad!r}")
        return source, target
    source, target = dyad
    return source, target


@dataclass
class Filters:
    """The filters every list understands (each optional)."""

    dyad: str | None = None  # "IND-PAK": both directions unless directed
    directed: bool = False
    actor: str | None = None  # source or target code
    event_type: str | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None  # full-text search: every word (``store.search``)


def dyad_clause(c, dyad: str, directed: bool):
    """A dyad on ``c`` (a table's columns): "A-B" directed, else either way."""
    a, b = parse_dyad(dyad.upper())
    forward = and_(c.source_code == a, c.target_code == b)
    return forward if directed else or_(forward, and_(c.source_code == b, c.target_code == a))


@dataclass
class Where:
    """Filters as the queries use them: every clause of ``conditions`` holds
    and, when there are ``sides`` (an actor's source and target roles, or a
    dyad's two directions), at least one of them; ``total`` is how many rows
    match when it is known without counting (a text search alone)."""

    sides: list
    conditions: list
    total: int | None = None

    def clauses(self) -> list:
        return self.conditions + ([or_(*self.sides)] if self.sides else [])


def where(store: Store, table, f: Filters, *, index_ordered: bool,
          extra: list | None = None, counts=None) -> Where:  # fmt: skip
    """``f`` on ``table`` (events or incidents), with ``extra`` clauses.
    ``index_ordered``: the table's list order is an index's (see
    ``search_clause``, which ``counts`` is handed to)."""
    c = table.c
    sides: list = []
    conditions = list(extra or [])
    if f.actor:
        code = f.actor.upper()
        sides = [c.source_code == code, c.target_code == code]
        if f.dyad:
            conditions.append(dyad_clause(c, f.dyad, f.directed))
    elif f.dyad and not f.directed:
        a, b = parse_dyad(f.dyad.upper())
        sides = [and_(c.source_code == a, c.target_code == b),
                 and_(c.source_code == b, c.target_code == a)]  # fmt: skip
    elif f.dyad:
        conditions.append(dyad_clause(c, f.dyad, True))
    if f.event_type:
        conditions.append(c.event_type == f.event_type.upper())
    if f.since:
        conditions.append(c.date >= f.since)
    if f.until:
        conditions.append(c.date <= f.until)
    total = None
    if f.q:
        clause, total = search_clause(store, table, f.q, alone=not (sides or conditions),
                                      index_ordered=index_ordered, counts=counts)  # fmt: skip
        conditions.append(clause)
    return Where(sides=sides, conditions=conditions, total=total)


SCAN_ABOVE = 2000  # SQLite: a search alone with more hits walks the date index


def search_clause(store: Store, table, q: str, *, alone: bool, index_ordered: bool,
                  counts=None) -> tuple[Any, int | None]:  # fmt: skip
    """The text-search clause, and the number of hits when the search is the
    only filter (SQLite: counted in the FTS index, no row read). With many
    hits on a table whose list order is an index's, SQLite tests the rows it
    walks in that order against the hits (``search.match(by_rowid=False)``)
    instead of looking every hit up and sorting them all. ``counts``, a cache
    with ``get(key, compute)`` (the web's ``TTLCache``), keeps the number of
    hits: a prefix search over a large table costs milliseconds to count."""
    if store.dialect != "sqlite" or not alone:
        return search.match(table, q, store.dialect), None

    def count() -> int:
        with store.read() as conn:
            return search.count(conn, table, q)

    hits = count() if counts is None else counts.get(("search", table.name, q), count)
    walk = index_ordered and hits > SCAN_ABOVE
    return search.match(table, q, store.dialect, by_rowid=not walk), hits
