"""Incremental fusion against a ``Store``: each saved article's events are
matched (``flashpoint.fuse.rules``) against the stored incidents near them, and
the incidents that change are rewritten, with their claim/denial links.

Incidents live in the store's ``incidents`` and ``incident_reports`` tables
(queried through ``flashpoint.store.incidents``); one fusion writer runs at a
time (SQLite's write lock, a PostgreSQL advisory lock).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Engine

from flashpoint.fuse.rules import (
    DATE_SLACK_DAYS,
    LinkIndex,
    article_reports,
    best_incident,
    incident_id_for,
    incident_profile,
    internal_claims,
    link_day,
    profile_window,
    record_order,
    relink,
    report_profile,
    same_reports,
    summarize,
)
from flashpoint.store.store import known_unreported

LINK_SLACK_DAYS = 4  # how far around an incident to look for its claim or denial


def _by_event(report: dict) -> str:
    """The order an incident's report rows are read in (``reports_of``)."""
    return report["event_id"]


class FusionCache:
    """What fusion read from the incident tables, and wrote to them, in one
    write transaction: each incident's reports (decoded), its profile and its
    record, so that the articles of one batch (``intake.store_batch``: one
    transaction) do not decode the same neighbours again. Only fusion writes
    those tables and it holds the write lock (SQLite's, a PostgreSQL advisory
    lock) for the whole transaction, so what is kept stays true until the
    transaction ends; an entry is replaced whenever fusion rewrites its
    incident, and the whole cache is dropped when a savepoint rolls back (an
    article the store refused) and when the transaction commits or rolls
    back (``_forget``). Lists handed out are copies; the report and record
    dicts themselves are never changed. It holds no reference to its
    connection, so it goes with it."""

    def __init__(self) -> None:
        self.reports: dict[str, list[dict]] = {}
        self.profiles: dict[str, dict] = {}  # incident -> incident_profile of its reports
        self.records: dict[str, dict] = {}
        #: each record's claimants (``LinkIndex``), by the record object
        self.claimants: dict[int, tuple[dict, set]] = {}
        #: the fusion lock is held (``tables.lock``): a transaction-level
        #: lock, held to the end of the transaction, or given up when the
        #: savepoint it was taken in rolls back, which drops the cache too
        self.locked = False

    def reports_of(self, conn, tables, ids) -> dict[str, list[dict]]:
        missing = [i for i in ids if i not in self.reports]
        if missing:
            self.reports.update(tables.reports_of(conn, missing))
        return {i: list(self.reports[i]) for i in ids}

    def records_of(self, conn, tables, ids) -> dict[str, dict]:
        missing = [i for i in ids if i not in self.records]
        if missing:
            self.records.update(tables.records_of(conn, missing))
        return {i: self.records[i] for i in ids if i in self.records}

    def saved(self, incident: str, reports: list[dict] | None, record: dict | None) -> None:
        """``incident`` was rewritten with ``reports`` and ``record`` (both None: deleted)."""
        self.profiles.pop(incident, None)
        if reports is None:
            self.reports.pop(incident, None)
            self.records.pop(incident, None)
        else:
            # in the table's order (``reports_of``: by event id), which the
            # next article's fusion would have read: an incident's profile
            # breaks ties by its reports' order, so a cached incident must
            # match as a re-read one would
            self.reports[incident] = sorted(reports, key=_by_event)
            self.records[incident] = record


class ProfileCache:
    """Incident profiles (``incident_profile``, with the number of reports
    they were made from) kept across write transactions, each with the
    revision its incident had: the token the store writes anew whenever an
    incident's reports change (``store.incidents``; migration 0009). A
    profile is used only while the stored revision is the one it was made
    at, so a change by any process, or a transaction rolled back, is never
    missed; an incident with no revision (stored before tokens) is never
    kept. Most incidents near a report have not changed since they were
    last met, and a report known only to its year meets every incident of
    its year: without this their reports were read, decoded and summed up
    again by every transaction. At most ``size`` profiles, the least
    recently used dropped first. One per engine (``_profile_cache``);
    fusion holds the store's write lock while it uses it.

    Rule ``profiled_when_written``: an incident fusion rewrites is kept at
    once, at the revision written with it (``save_incidents``), profiled
    from its reports in the order a read gives them back; the next article
    near it, in this transaction or a later one, need not read its reports
    to score it. Should the transaction roll back, that revision was never
    stored, so the profile is never used."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[str, tuple[int, int, dict]] = OrderedDict()

    def has(self, incident: str, revision: int | None) -> bool:
        known = self._kept.get(incident)
        return revision is not None and known is not None and known[0] == revision

    def get(self, incident: str) -> tuple[int, dict]:
        """(number of reports, profile) of a kept ``incident`` (``has``)."""
        self._kept.move_to_end(incident)
        _, size, profile = self._kept[incident]
        return size, profile

    def put(self, incident: str, revision: int | None, size: int, profile: dict) -> None:
        if revision is None or self.size <= 0:
            return
        self._kept[incident] = (revision, size, profile)
        self._kept.move_to_end(incident)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)

    def drop(self, incident: str) -> None:
        self._kept.pop(incident, None)

    def __len__(self) -> int:
        return len(self._kept)


#: profiles a process keeps per store (``ProfileCache``): tens of MB at most
PROFILE_CACHE_SIZE = 20_000

_PROFILE_CACHES: WeakKeyDictionary = WeakKeyDictionary()  # engine -> its ProfileCache


def _profile_cache(conn) -> ProfileCache:
    """The ProfileCache of ``conn``'s engine (its database, in this process)."""
    cache = _PROFILE_CACHES.get(conn.engine)
    if cache is None:
        cache = _PROFILE_CACHES[conn.engine] = ProfileCache(PROFILE_CACHE_SIZE)
    return cache


_CACHES: WeakKeyDictionary = WeakKeyDictionary()  # connection -> its transaction's FusionCache


def _cache(conn) -> FusionCache:
    """The FusionCache of ``conn``'s current transaction."""
    cache = _CACHES.get(conn)
    if cache is None:
        cache = _CACHES[conn] = FusionCache()
    return cache


def _forget(conn, *_) -> None:
    """A transaction ended or a savepoint rolled back: what fusion kept of
    ``conn``'s tables may be untrue now."""
    _CACHES.pop(conn, None)


for _moment in ("commit", "rollback", "rollback_savepoint"):
    event.listen(Engine, _moment, _forget)


def _may_link(record: dict) -> bool:
    return record["event_type"] in ("ACCUSE", "REJECT") or bool(
        internal_claims(record.get("reports") or []))


def update_for_article(store, doc_id: str) -> set[str]:
    """Fuse one stored article's events into the store's incidents, in a
    transaction of its own. Returns the ids of the incidents that changed; an
    article whose events are unchanged changes nothing. ``intake`` fuses
    inside the article's own save transaction instead (``fuse_in``), so a crash
    never leaves an article stored and not fused."""
    with store.write() as conn:
        return fuse_in(conn, doc_id)


def _article_meta_and_events(conn, doc_id: str) -> tuple[dict, list[dict]]:
    """The article's fusion metadata and its events, read on ``conn`` (so an
    article saved in the same, uncommitted transaction is seen), or as just
    saved there (``just_saved``: what the read would give)."""
    from sqlalchemy import select

    from flashpoint.store import schema
    from flashpoint.store.store import just_saved

    saved = just_saved(conn, doc_id)
    if saved is not None:
        return saved

    a, e = schema.articles.c, schema.events.c
    row = conn.execute(select(a.doc_id, a.outlet, a.published).where(a.doc_id == doc_id)).first()
    if row is None:
        return {"doc_id": None, "outlet": None, "published": None}, []
    query = (select(e.record).where(e.doc_id == doc_id)
             .order_by(e.date.asc().nulls_last(), e.doc_id, e.seq))  # fmt: skip
    return dict(row._mapping), list(conn.execute(query).scalars())


def fuse_in(conn, doc_id: str) -> set[str]:
    """``update_for_article`` on an open write connection (``store.write()``):
    the fusion of one article becomes part of the caller's transaction, and
    is committed or rolled back with it."""
    from flashpoint.store import incidents as tables

    cache = _cache(conn)
    if not cache.locked:  # held to the transaction's end, once taken
        tables.lock(conn)
        cache.locked = True
    meta, events = _article_meta_and_events(conn, doc_id)
    new = article_reports(events, meta)
    mine = {} if known_unreported(conn, doc_id) else tables.incidents_of_doc(conn, doc_id)
    old = [r for rs in mine.values() for r in rs]
    if (not old and not new) or same_reports(old, new):
        return set()
    working = cache.reports_of(conn, tables, sorted(mine))
    for incident in working:
        working[incident] = [r for r in working[incident] if r["doc_id"] != doc_id]
    changed = set(working)
    stored = set(mine)  # incidents in the table: the article's own and those looked up
    # incident -> its profile while its reports stay the same: kept across the
    # batch's articles (the cache), less the incidents this article changes
    profiles = cache.profiles
    for incident in changed:
        profiles.pop(incident, None)

    kept = _profile_cache(conn)
    revisions: dict[str, int | None] = {}  # incident looked up -> its stored revision
    looked_up: dict[tuple, list[str]] = {}  # the table is only written after the loop

    def profiled(ids: list[str], kind: str):
        """(incident, its number of reports, its profile) of each of ``ids``
        that could take a report of type ``kind``: of an incident this
        article changed, made from its reports now; of another, kept while
        its revision is the stored one, else made from its stored reports."""
        for incident in ids:
            unchanged = incident not in changed
            if unchanged and incident not in working:
                if kept.has(incident, revisions[incident]):
                    yield incident, *kept.get(incident)
                    continue
                # dropped from a full cache since it was looked up
                working.update(cache.reports_of(conn, tables, [incident]))
            reports = working[incident]
            if not reports or reports[0]["event"]["event_type"] != kind:
                continue
            profile = profiles.get(incident)
            if profile is None:
                profile = profiles[incident] = incident_profile(reports)
                if unchanged:
                    kept.put(incident, revisions[incident], len(reports), profile)
            yield incident, len(reports), profile

    # each report's look-up: the incidents near its window, of its type, and
    # only those whose actors could be its own (an incident of another known
    # source or target never matches: match_score); with it, whether the id
    # each new report would found an incident under is stored (a re-coded
    # event founds another); all at once, as the table is only written
    # after the loop, so what is stored now stays so through it
    profiled_reports = [(report, report_profile(report)) for report in new]
    keys = [(profile_window(p)[0], p["event_type"], p["source"], p["target"])
            for _, p in profiled_reports]  # fmt: skip
    distinct = list(dict.fromkeys(keys))
    founding = {incident_id_for(r) for r in new}
    neighbours, founding_stored = tables.look_up(conn, distinct, founding,
                                                 slack_days=DATE_SLACK_DAYS)  # fmt: skip

    def taken(incident: str) -> bool:
        if incident in working:
            return True
        if incident in founding:
            return incident in founding_stored
        return incident in tables.stored_ids(conn, [incident])

    for key, found in zip(distinct, neighbours, strict=True):
        revisions.update(found)
        looked_up[key] = list(found)
    for (report, profile), key in zip(profiled_reports, keys, strict=True):
        ids = looked_up[key]
        stored.update(ids)
        # the reports of those whose profile is not kept, read at once
        working.update(cache.reports_of(conn, tables, [
            i for i in ids if i not in working and not kept.has(i, revisions[i])]))  # fmt: skip
        scored = own_neighbours(ids, changed, revisions.keys() | working.keys())
        incident = best_incident(profile, profiled(scored, profile["event_type"]))
        if incident is None:
            incident = incident_id_for(report, taken=taken)
            working[incident] = []
        elif incident not in working:  # a kept profile won: its reports now
            working.update(cache.reports_of(conn, tables, [incident]))
        working[incident].append(report)
        profiles.pop(incident, None)
        kept.drop(incident)
        changed.add(incident)
    # the changed incidents as stored: where their links were judged (a
    # partner of one that moves away must lose its link to it), read from
    # their columns (rule ``link_facts_from_columns``)
    before = tables.link_facts(conn, sorted(changed & stored))
    # the days links judge them by, then and now
    days = {link_day({"date": day, "first_reported": first}) for day, first, _ in before.values()}
    windows: dict[str, tuple[date, date] | None] = {}  # incident -> its date window, as written
    if mine:  # else the article has no report rows to delete
        tables.delete_reports_of_doc(conn, doc_id)
    after: dict[str, dict] = {}  # the records saved, as records_of would read them back
    made: dict[str, tuple[int, dict]] = {}  # incident -> (its reports, its profile), as saved
    for incident in sorted(changed, key=lambda i: (bool(working[i]), i)):  # deletions first
        reports = working[incident]
        if not reports:
            tables.delete_incident(conn, incident)
            cache.saved(incident, None, None)
            continue
        # profiled as a read would give its reports back (``FusionCache.saved``);
        # the record's profile is the same where its order is that one
        by_event = sorted(reports, key=_by_event)
        made[incident] = (len(reports), incident_profile(by_event))
        same_order = sorted(reports, key=record_order) == by_event
        after[incident] = summarize(incident, reports,
                                    profile=made[incident][1] if same_order else None)
        windows[incident] = profile_window(made[incident][1])[0]
        days.add(link_day(after[incident]))
        cache.saved(incident, reports, after[incident])
        profiles[incident] = made[incident][1]
    relinked: list[dict] = []
    if any(linkable for *_, linkable in before.values()) or any(map(_may_link, after.values())):
        relinked = _relink(conn, tables, cache, days, changed, after)
    for record in relinked:  # rule ``relinked_before_written``
        if record["id"] in after:
            after[record["id"]] = record
    writes = [tables.IncidentWrite(summary, working[incident], windows[incident],
                                   linkable=_may_link(summary), exists=incident in stored,
                                   # a stored incident's rows, after this article's were
                                   # deleted, are its reports of other articles: only
                                   # this one's are new
                                   fresh=[r for r in working[incident] if r["doc_id"] == doc_id])
              for incident, summary in after.items()]  # fmt: skip
    for incident, revision in tables.save_incidents(conn, writes).items():
        kept.put(incident, revision, *made[incident])  # rule ``profiled_when_written``
    tables.update_records(conn, [r for r in relinked if r["id"] not in after])  # one statement
    return changed


def own_neighbours(looked_up: list[str], changed: set[str], every) -> list[str]:
    """Rule ``own_neighbours``: the incidents a report is scored against,
    of ``every`` incident its article has looked up or changed so far: its
    own look-up and the incidents the article changed, not those
    the article's other reports looked up. An unchanged incident's stored
    window and actors are its profile's, so one that the report's look-up
    left out has another window or another known actor and could never
    match it; a changed one's stored row is stale, so it is always scored.
    The same incident wins as when every one is scored, at a fraction of
    the cost when another report of the article, known only to its year,
    looked up every incident of that year."""
    return sorted(set(looked_up) | changed)


def _partners_unchanged(record: dict, changed: set[str], fresh: LinkIndex) -> bool:
    """Whether an incident fusion did not change keeps its links: none of its
    links names a changed incident (one that moved, grew or is gone), and no
    changed incident, as it is now, is a partner of it (``fresh``: the
    changed incidents indexed). A link is a pair, so only pairs with a
    changed side can come or go."""
    if record["id"] in changed:
        return False
    if any(link.get("incident") in changed for link in record.get("claims") or ()):
        return False
    return not fresh.links(record)


#: link days whose look-ups are merged into one, over the span that covers
#: them, when that span is at most this many days long: an article's
#: incidents mostly lie within a few days of each other
LINK_GROUP_DAYS = 4 * LINK_SLACK_DAYS


def _day_groups(days) -> list[tuple[tuple[date, date] | None, list]]:
    """The link days (``link_day``; None: unknown) in groups, each with the
    span that covers it: days that lie close together are looked up once,
    over their span, instead of once each; an unknown day is a group of its
    own (it may be linked with any day). What the span's look-up finds
    beyond one day's rings is sifted out with ``overlapping``."""
    groups: list[tuple[tuple[date, date] | None, list]] = [(None, [None])] if None in days else []
    lo = hi = None
    members: list = []
    for day in sorted(d for d in days if d is not None):
        if members and (day - lo).days <= LINK_GROUP_DAYS:
            members.append(day)
            hi = day
            continue
        if members:
            groups.append(((lo, hi), members))
        lo, hi, members = day, day, [day]
    if members:
        groups.append(((lo, hi), members))
    return groups


def _as_window(day: date | None) -> tuple[date, date] | None:
    return None if day is None else (day, day)


def _relink(conn, tables, cache: FusionCache, days: set[date | None],
            changed: set[str], written: dict[str, dict]) -> list[dict]:  # fmt: skip
    """Recompute the claim/denial links of the incidents near those that
    changed (``days``: the days their links are judged by, ``link_day``,
    as stored and as about to be written): a link joins two incidents at
    most DENIAL_WINDOW days apart, so the incidents within LINK_SLACK_DAYS
    are relinked against those within twice that; one whose partners are
    all unchanged (``_partners_unchanged``) keeps its links and is not
    recomputed.
    Returns the records whose links changed (kept in the cache too); the
    caller writes them. Near is by link day, not by date window: an
    incident known only to its year is linked as of one day, so the rings
    around it hold some days' incidents, not the year's.

    Rule ``relinked_before_written``: this runs before the changed
    incidents are written (``written``: their records, not yet stored), so
    that each is written once, with its links; relinked after being
    written, three in four were written twice. The look-up still finds
    them as the table holds them, so they are taken out of what it found
    and put back as they are about to be written, linkable or not, with
    their new days. Putting back one the look-up would have left out
    changes nothing: each day's own rings are sifted from what its
    group's look-up found (``overlapping``), exactly as the look-up would
    have found them."""
    wide: set[str] = set()
    near: set[str] = set()
    for span, members in _day_groups(days):  # one look-up gives both rings
        found = {i: _as_window(link_day({"date": day, "first_reported": first}))
                 for i, (day, first) in tables.link_days_in_window(
                     conn, span, slack_days=2 * LINK_SLACK_DAYS).items()}  # fmt: skip
        for incident in changed:
            found.pop(incident, None)
        found.update((i, _as_window(link_day(record)))
                     for i, record in written.items() if _may_link(record))  # fmt: skip
        for day in members:
            wide.update(tables.overlapping(found, _as_window(day), 2 * LINK_SLACK_DAYS))
            near.update(tables.overlapping(found, _as_window(day), LINK_SLACK_DAYS))
    records = cache.records_of(conn, tables, sorted(wide))
    index = LinkIndex(records.values(), known=cache.claimants)
    fresh = LinkIndex([records[i] for i in sorted(changed) if i in records], known=cache.claimants)
    rewritten = []
    for incident in sorted(near):
        record = records[incident]
        if _partners_unchanged(record, changed, fresh):
            continue
        relinked = relink(record, index.links(record))
        if relinked != record:
            rewritten.append(relinked)
            cache.records[incident] = relinked
    return rewritten


def pending_docs(store) -> list[str]:
    """The doc_ids whose fusion is missing or out of date: an article with an
    event in no incident (stored before fusion existed, or by a process that
    died between saving and fusing), and any doc_id with an incident report
    whose event is gone (an update or a deletion whose fusion never ran).
    Oldest published first, undated and deleted articles last."""
    from sqlalchemy import exists, select, union

    from flashpoint.store import incidents as tables
    from flashpoint.store import schema

    e, a, r = schema.events.c, schema.articles.c, tables.incident_reports.c
    unfused = select(e.doc_id).where(~exists().where(r.event_id == e.id))
    stale = select(r.doc_id).where(~exists().where(e.id == r.event_id))
    with store.read() as conn:
        docs = set(conn.execute(union(unfused, stale)).scalars())
        if not docs:
            return []
        dated = {d: p for d, p in conn.execute(
            select(a.doc_id, a.published).where(a.doc_id.in_(sorted(docs))))}  # fmt: skip
    return sorted(docs, key=lambda d: (d not in dated, dated.get(d) is None,
                                       dated.get(d) or "", d))  # fmt: skip


def fuse_pending(store, *, on_article: Callable[[str], None] | None = None) -> int:
    """Bring fusion up to date (``pending_docs``): every stored event ends up
    in an incident and no incident keeps a report of an event that is gone.
    Idempotent; ``ingest``, ``watch``, ``serve`` and the analysis commands
    call it when they start. Returns how many articles were fused."""
    pending = pending_docs(store)
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
