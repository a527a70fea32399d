"""``Store``: the one facade over the database (SQLAlchemy Core).

Writes are idempotent and per article: ``save_article`` stores an article with
its events and statements in one transaction, keyed by ``doc_id`` and the
article's content hash. Reads give back SPEC-shaped dicts, exactly what
``Event.to_dict()`` / ``Statement.to_dict()`` gave when they were saved.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, Select, delete, event, func, insert, select, text, update

from flashpoint.models import QUAD_CLASS, Article, Event, Statement
from flashpoint.store import incidents as incident_tables
from flashpoint.store import schema as s
from flashpoint.store import search
from flashpoint.store.engine import (
    WRITE_OPTION,
    DataVersion,
    TableUpkeep,
    create_store_engine,
    insert_rows,
    json_dumps,
    json_loads,
    resolve_db_url,
    split_schema,
    upgrade,
)
from flashpoint.store.filters import Filters, parse_dyad, where

log = logging.getLogger(__name__)

SAVE_STATUSES = ("new", "unchanged", "updated")
RUN_STATUSES = ("running", "finished", "interrupted")

_HOST = socket.gethostname()[:255]
#: doc_ids per statement of ``Store.content_hashes`` (SQLite binds at most 32,766)
HASH_CHUNK = 500
#: how long a run whose process this machine saw die may still hold its lock
#: (PostgreSQL ends a killed client's session when it notices the socket closed)
DEAD_SESSION_WAIT_S = 10.0
_RUN_LOCK = 0x72756E73  # "runs": PostgreSQL advisory lock class of a live ingest run


def _pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


class Store:
    """Articles, events, statements and ingest runs in SQLite or PostgreSQL.

    ``Store(url)`` accepts whatever ``resolve_db_url`` accepts (a path, a
    ``sqlite:///`` or ``postgresql://`` URL, or ``None`` for the default) and
    creates or upgrades the schema through the Alembic migrations.
    ``schema=`` (PostgreSQL only; or ``?schema=NAME`` in the URL) keeps every
    table in that schema, created if missing.
    """

    def __init__(
        self,
        url: str | os.PathLike[str] | None = None,
        *,
        schema: str | None = None,
        busy_timeout_s: float = 30.0,
    ) -> None:
        self.url, self.schema = split_schema(resolve_db_url(url), schema)
        schema = self.schema
        self.engine = create_store_engine(self.url, schema=schema, busy_timeout_s=busy_timeout_s)
        self._run_locks: dict[int, Connection] = {}  # PostgreSQL: run id -> lock holder
        self.metadata = s.metadata
        self._version = DataVersion(self.engine)
        self.upkeep = TableUpkeep(self.engine)
        try:
            upgrade(self.engine, schema=schema)
        except Exception:
            self.engine.dispose()
            raise

    def __repr__(self) -> str:
        shown = self.engine.url.render_as_string(hide_password=True)
        return f"Store({shown!r}" + (f", schema={self.schema!r})" if self.schema else ")")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.upkeep.wait()
        for run_id in list(self._run_locks):
            self._release_run_lock(run_id)
        self._version.close()
        self.engine.dispose()

    def data_version(self) -> object:
        """A value that changes when a write is committed to the database, by
        this process or another (``engine.DataVersion``): what was computed
        from the store under one value still holds while it is unchanged."""
        return self._version.value()

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection in a write transaction: committed at the end, rolled
        back on an exception. On SQLite it holds the write lock from the start.
        On PostgreSQL a committed write may vacuum or analyse the tables it
        left with dead rows or stale statistics (``engine.TableUpkeep``)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn
        self.upkeep.after_write()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in a read transaction (one consistent snapshot)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # -- writing ---------------------------------------------------------

    def save_article(
        self,
        article: Article,
        events: Iterable[Event | Mapping[str, Any]] = (),
        statements: Iterable[Statement | Mapping[str, Any]] = (),
        *,
        force: bool = False,
        then: Callable[[Connection], Any] | None = None,
        conn: Connection | None = None,
    ) -> str:
        """Store ``article`` with its records; returns ``"new"``,
        ``"unchanged"`` or ``"updated"``.

        The same ``doc_id`` with the same content hash changes nothing
        (``"unchanged"``) unless ``force`` (re-coded with a newer coder).
        The same ``doc_id`` with other text replaces the article and all its
        events and statements. Either all of it is stored or none of it.
        Records may be ``Event``/``Statement`` objects or their SPEC dicts.
        ``then(conn)``, when given, runs in the same transaction after a new
        or updated article is written (``intake`` fuses it there), so the
        article and what follows from it are committed together or not at all.
        ``conn``: a connection in a write transaction (``write()``) to save
        in, committed by the caller (``intake`` saves a batch of articles per
        transaction, each in a savepoint of its own); default: a transaction
        of its own.
        """
        event_rows = _rows(article.doc_id, events, _event_row, "event")
        statement_rows = _rows(article.doc_id, statements, _statement_row, "statement")
        _check_no_nul(article.to_dict(), where=f"article {article.doc_id}")
        _check_widths(article)
        for row in (*event_rows, *statement_rows):
            _check_no_nul(row["record"], where=f"record {row['id']}")

        content_hash = article.content_hash
        article_row = {
            "doc_id": article.doc_id,
            "content_hash": content_hash,
            "published": article.published,
            "outlet": article.outlet,
            "title": article.title,
            "url": article.url,
            "text": article.text,
            "source_path": article.source_path,
            "ingested_at": _now(),
        }
        if conn is None:
            with self.write() as own:
                return self._save(own, article_row, event_rows, statement_rows,
                                  force=force, then=then)  # fmt: skip
        return self._save(conn, article_row, event_rows, statement_rows, force=force, then=then)

    def _save(self, conn: Connection, article_row: dict, event_rows: list[dict],
              statement_rows: list[dict], *, force: bool,
              then: Callable[[Connection], Any] | None) -> str:  # fmt: skip
        doc_id = article_row["doc_id"]
        deferred = _DEFERRED.get(conn)
        if deferred is not None and doc_id in deferred.docs:  # saved before: stored first
            deferred.flush(conn)
        claimed = _CLAIMS.get(conn, {}).pop(doc_id, None)  # used once (``claim``)
        if claimed is None:
            self._lock_doc(conn, doc_id)
            existing = conn.execute(
                select(s.articles.c.content_hash).where(s.articles.c.doc_id == doc_id)
            ).scalar_one_or_none()
            reported = True  # not known: fusion looks
        else:
            existing, reported = claimed
        if existing == article_row["content_hash"] and not force:
            return "unchanged"
        if existing is None:
            _insert(conn, s.articles, [article_row])
            status = "new"
        else:
            conn.execute(delete(s.events).where(s.events.c.doc_id == doc_id))
            conn.execute(delete(s.statements).where(s.statements.c.doc_id == doc_id))
            conn.execute(update(s.articles).where(s.articles.c.doc_id == doc_id), article_row)
            status = "updated"
        self._insert_events(conn, event_rows)
        self._insert_statements(conn, statement_rows)
        if deferred is not None:
            deferred.docs.add(doc_id)
        if then is not None:
            conn.info[_SAVED] = (article_row, event_rows, reported)
            try:
                then(conn)
            finally:
                conn.info.pop(_SAVED, None)
        return status

    def _lock_doc(self, conn: Connection, doc_id: str) -> None:
        """PostgreSQL: two writers saving the same new doc_id queue here
        (SQLite's BEGIN IMMEDIATE already serialises writers)."""
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:d))"), {"d": doc_id})

    def claim(self, conn: Connection, doc_ids: Iterable[str]) -> None:
        """Before a batch of articles is saved in ``conn``'s write
        transaction (``intake.store_batch``): take at once the locks that
        saving and fusing them would take one article at a time, and read
        at once what each save would read. On PostgreSQL every doc lock is
        taken in one statement, in one order (two batches never wait on
        each other in a circle), then the fusion lock; both are held to the
        transaction's end. Then each doc's stored content hash, and whether
        it has incident reports, are read in a statement per
        ``HASH_CHUNK``. Each doc's is used once, by its first save in the
        transaction (``_save``; fusion: ``known_unreported``), and all are
        forgotten when the transaction ends. They stay true until used:
        only saving or deleting a doc changes its article row, and both
        take its doc lock; only fusion writes incident reports, and it
        takes the fusion lock. An ACLED note cost three statements for
        this on PostgreSQL, and two on SQLite; a batch costs two or three."""
        docs = sorted(set(doc_ids))
        if not docs:
            return
        if self.dialect == "postgresql":
            conn.execute(_LOCK_DOCS, {"docs": docs})
        incident_tables.lock(conn)
        hashes = _stored_hashes(conn, docs)
        r = incident_tables.incident_reports.c
        reported = {d for chunk in _chunks(docs)
                    for d in conn.execute(select(r.doc_id).distinct()
                                          .where(r.doc_id.in_(chunk))).scalars()}  # fmt: skip
        _CLAIMS[conn] = {d: (hashes.get(d), d in reported) for d in docs}

    def _insert_events(self, conn: Connection, rows: list[dict]) -> None:
        _insert(conn, s.events, rows)

    def _insert_statements(self, conn: Connection, rows: list[dict]) -> None:
        _insert(conn, s.statements, rows)

    @contextmanager
    def deferred_inserts(self, conn: Connection) -> Iterator[None]:
        """Rule ``inserts_deferred``: within the block, the new rows of the
        articles saved on ``conn`` (each article, its events, its
        statements) are kept and inserted together when the block ends,
        three statements for a whole batch instead of up to three an
        article; a doc saved twice has its first rows inserted before it
        is saved again, so the second save reads them. Nothing in the
        block reads them back (fusion takes them as saved:
        ``just_saved``). Fusion's incident writes are kept in the same way
        (``incidents.deferred_writes``). Only for a transaction rolled back
        whole when anything in it fails (``intake.store_batch`` before it
        falls back to savepoints): a row the database refuses fails the
        block, not its own article."""
        _DEFERRED[conn] = _Deferred()
        try:
            with incident_tables.deferred_writes(conn):
                yield
            _DEFERRED[conn].flush(conn)
        finally:
            _DEFERRED.pop(conn, None)

    def delete_article(self, doc_id: str) -> bool:
        """Remove an article with its events and statements; False if absent."""
        with self.write() as conn:
            self._lock_doc(conn, doc_id)  # not while a writer is saving it
            result = conn.execute(delete(s.articles).where(s.articles.c.doc_id == doc_id))
        return result.rowcount > 0

    def start_run(self, inputs: Iterable[str]) -> int:
        """Record the start of an ingest run; returns its id. The runs that
        died unfinished before it are closed first (``close_stale_runs``)."""
        self.close_stale_runs()
        row = {"started_at": _now(), "inputs": [str(i) for i in inputs], "status": "running",
               "host": _HOST, "pid": os.getpid()}  # fmt: skip
        if self.dialect == "postgresql":
            return self._start_locked_run(row)
        with self.write() as conn:
            result = conn.execute(insert(s.ingest_runs).values(**row))
        return int(result.inserted_primary_key[0])

    def _start_locked_run(self, row: dict) -> int:
        """PostgreSQL: insert the run and take a session lock on it in one
        transaction, on a connection kept until ``finish_run``. Nobody sees
        the run before its lock is held, and the server drops the lock when
        the process dies: that is how any host tells a live run from a dead
        one."""
        conn = self.engine.connect()
        try:
            with conn.begin():
                run_id = int(conn.execute(insert(s.ingest_runs).values(**row))
                             .inserted_primary_key[0])  # fmt: skip
                conn.execute(text("SELECT pg_advisory_lock(:c, :r)"),
                             {"c": _RUN_LOCK, "r": run_id})  # fmt: skip
        except BaseException:
            conn.close()
            raise
        self._run_locks[run_id] = conn
        return run_id

    def _release_run_lock(self, run_id: int) -> None:
        conn = self._run_locks.pop(run_id, None)
        if conn is not None:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:c, :r)"),
                             {"c": _RUN_LOCK, "r": run_id})  # fmt: skip
                conn.commit()
            finally:
                conn.close()

    def close_stale_runs(self) -> list[int]:
        """Close as "interrupted" the runs whose process is gone without
        finishing them (killed, crashed, machine down); returns their ids.

        A run is gone when (PostgreSQL) nobody holds its session lock, or
        (SQLite, one machine) it was started on this host by a process that
        no longer exists. Runs of this process are left alone.
        """
        c = s.ingest_runs.c
        with self.read() as conn:
            running = conn.execute(
                select(c.id, c.host, c.pid).where(c.status == "running")
            ).all()
        stale = [r.id for r in running if r.id not in self._run_locks and self._run_is_dead(r)]
        if stale:
            with self.write() as conn:
                conn.execute(
                    update(s.ingest_runs)
                    .where(c.id.in_(stale), c.status == "running")
                    .values(status="interrupted", finished_at=_now())
                )
        return stale

    def _run_is_dead(self, run) -> bool:
        gone_here = (run.host == _HOST and run.pid is not None and run.pid != os.getpid()
                     and not _pid_alive(run.pid))  # fmt: skip
        if self.dialect != "postgresql":
            return gone_here
        # A killed client's server session (which holds the run's lock) ends
        # a moment after the client: when this machine knows the process is
        # gone, wait for its session to end rather than take the run as live.
        deadline = time.monotonic() + (DEAD_SESSION_WAIT_S if gone_here else 0.0)
        while True:
            with self.engine.connect() as conn:
                got = conn.execute(text("SELECT pg_try_advisory_lock(:c, :r)"),
                                   {"c": _RUN_LOCK, "r": run.id}).scalar()  # fmt: skip
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:c, :r)"),
                                 {"c": _RUN_LOCK, "r": run.id})  # fmt: skip
                conn.commit()
            if got or time.monotonic() >= deadline:
                return bool(got)
            time.sleep(0.1)

    def add_rejection(self, run_id: int | None, name: str, reason: str) -> None:
        """Record an input that could not be read (SPEC: name and reason)."""
        with self.write() as conn:
            conn.execute(
                insert(s.rejections).values(run_id=run_id, name=name, reason=reason, at=_now())
            )

    def finish_run(
        self,
        run_id: int,
        *,
        processed: int | None = None,
        rejected: int | None = None,
        events: int | None = None,
        statements: int | None = None,
        status: str = "finished",
    ) -> None:
        """Close an ingest run with its counts and ``status`` ("finished", or
        "interrupted" when it was cut short). ``rejected`` left out counts
        the rejections recorded for the run."""
        with self.write() as conn:
            if rejected is None:
                rejected = conn.execute(
                    select(func.count()).where(s.rejections.c.run_id == run_id)
                ).scalar_one()
            result = conn.execute(
                update(s.ingest_runs)
                .where(s.ingest_runs.c.id == run_id)
                .values(
                    finished_at=_now(),
                    processed=processed,
                    rejected=rejected,
                    events=events,
                    statements=statements,
                    status=status,
                )
            )
            if result.rowcount == 0:
                raise KeyError(f"no ingest run {run_id}")
        self._release_run_lock(run_id)

    # -- reading ---------------------------------------------------------

    def content_hash(self, doc_id: str) -> str | None:
        """The stored content hash of ``doc_id`` (None when absent): a cheap
        "is this article unchanged?" check before coding it again."""
        return self.content_hashes([doc_id]).get(doc_id)

    def content_hashes(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """``content_hash`` of each of ``doc_ids`` that is stored, in one read
        (a statement per ``HASH_CHUNK`` ids): ingest checks every article
        before coding, and a transaction each cost three round trips an
        article on PostgreSQL."""
        with self.read() as conn:
            return _stored_hashes(conn, sorted(set(doc_ids)))

    def has_content_hash(self, content_hash: str) -> bool:
        """Whether any article (under any doc_id) has this content hash."""
        return bool(self.doc_ids_for_hash(content_hash))

    def doc_ids_for_hash(self, content_hash: str) -> list[str]:
        """The doc_ids of the articles with this content hash."""
        query = (
            select(s.articles.c.doc_id)
            .where(s.articles.c.content_hash == content_hash)
            .order_by(s.articles.c.doc_id)
        )
        with self.read() as conn:
            return list(conn.execute(query).scalars())

    def article(self, doc_id: str) -> dict | None:
        """One article as a dict (``Article.to_dict()`` plus ``content_hash``
        and ``ingested_at``), or None."""
        with self.read() as conn:
            row = conn.execute(
                select(s.articles).where(s.articles.c.doc_id == doc_id)
            ).one_or_none()
        return _article_dict(row._mapping) if row is not None else None

    def articles(
        self, *, limit: int | None = None, offset: int = 0, with_text: bool = True
    ) -> list[dict]:
        """Articles, newest published first (undated last), then by doc_id."""
        columns = [c for c in s.articles.c if with_text or c.name != "text"]
        query = (
            select(*columns)
            .order_by(s.articles.c.published.desc().nulls_last(), s.articles.c.doc_id)
            .limit(limit)
            .offset(offset)
        )
        with self.read() as conn:
            return [_article_dict(r._mapping) for r in conn.execute(query)]

    def events(
        self,
        *,
        doc_id: str | None = None,
        event_type: str | None = None,
        dyad: str | tuple[str, str] | None = None,
        actor: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        q: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict]:
        """Events as SPEC dicts, by event date (undated last), then article
        and position in the article.

        ``dyad`` is directed: ``"IND-PAK"`` (or ``("IND", "PAK")``) is source
        IND, target PAK. ``actor`` matches source or target code. ``since`` and
        ``until`` are inclusive and leave out undated events. ``q`` is a
        full-text search of the sentence and place (``store.search``: every
        word, any case, long words also as prefixes).
        """
        query = self._event_filter(
            select(s.events.c.record),
            doc_id=doc_id, event_type=event_type, dyad=dyad, actor=actor,
            since=since, until=until, q=q,
        )  # fmt: skip
        query = query.order_by(
            s.events.c.date.asc().nulls_last(), s.events.c.doc_id, s.events.c.seq
        )
        with self.read() as conn:
            return list(conn.execute(query.limit(limit).offset(offset)).scalars())

    def count_events(
        self,
        *,
        doc_id: str | None = None,
        event_type: str | None = None,
        dyad: str | tuple[str, str] | None = None,
        actor: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        q: str | None = None,
    ) -> int:
        """How many events ``events()`` would give with these filters and no limit."""
        query = self._event_filter(
            select(func.count()).select_from(s.events),
            doc_id=doc_id, event_type=event_type, dyad=dyad, actor=actor,
            since=since, until=until, q=q,
        )  # fmt: skip
        with self.read() as conn:
            return conn.execute(query).scalar_one()

    def _event_filter(self, query: Select, **filters: Any) -> Select:
        """``filters`` (a dyad here is directed) through the one filter
        layer (``store.filters``), plus the article's ``doc_id``."""
        dyad = filters["dyad"]
        chosen = Filters(
            dyad="-".join(parse_dyad(dyad)) if dyad is not None else None, directed=True,
            actor=filters["actor"], event_type=filters["event_type"],
            since=_as_date(filters["since"]) if filters["since"] is not None else None,
            until=_as_date(filters["until"]) if filters["until"] is not None else None,
        )  # fmt: skip
        extra = [s.events.c.doc_id == filters["doc_id"]] if filters["doc_id"] is not None else []
        if filters["q"] is not None:  # a search with no word finds nothing, never everything
            extra.append(search.match(s.events, filters["q"], self.dialect))
        return query.where(*where(self, s.events, chosen, index_ordered=False, extra=extra).clauses())

    def statements(
        self,
        *,
        doc_id: str | None = None,
        speaker: str | None = None,
        q: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict]:
        """Statements as SPEC dicts, by article then position in the article;
        ``speaker`` is the speaker's actor code, ``q`` a full-text search of
        the quotes (as in ``events``)."""
        c = s.statements.c
        query = select(c.record).order_by(c.doc_id, c.seq)
        if doc_id is not None:
            query = query.where(c.doc_id == doc_id)
        if speaker is not None:
            query = query.where(c.speaker_code == speaker)
        if q is not None:
            query = query.where(search.match(s.statements, q, self.dialect))
        with self.read() as conn:
            return list(conn.execute(query.limit(limit).offset(offset)).scalars())

    def runs(self, *, limit: int | None = None) -> list[dict]:
        """Ingest runs, newest first."""
        query = select(s.ingest_runs).order_by(s.ingest_runs.c.id.desc()).limit(limit)
        with self.read() as conn:
            return [_plain(r._mapping) for r in conn.execute(query)]

    def rejections(self, *, run_id: int | None = None, limit: int | None = None) -> list[dict]:
        """Rejected inputs (name, reason, run_id, at), oldest first."""
        query = select(s.rejections).order_by(s.rejections.c.id).limit(limit)
        if run_id is not None:
            query = query.where(s.rejections.c.run_id == run_id)
        with self.read() as conn:
            return [_plain(r._mapping) for r in conn.execute(query)]

    def stats(self, *, top: int = 10) -> dict:
        """Counts: articles, events (and by type), statements, rejected inputs,
        ingest runs, and the ``top`` directed dyads ``[["IND-PAK", n], ...]``."""
        e = s.events.c
        with self.read() as conn:

            def count(table) -> int:
                return conn.execute(select(func.count()).select_from(table)).scalar_one()

            n = func.count().label("n")
            by_type = conn.execute(
                select(e.event_type, n).group_by(e.event_type).order_by(n.desc(), e.event_type)
            ).all()
            dyads = conn.execute(
                select(e.source_code, e.target_code, n)
                .where(e.source_code.is_not(None), e.target_code.is_not(None))
                .group_by(e.source_code, e.target_code)
                .order_by(n.desc(), e.source_code, e.target_code)
                .limit(top)
            ).all()
            return {
                "articles": count(s.articles),
                "events": count(s.events),
                "events_by_type": {t: k for t, k in by_type},
                "statements": count(s.statements),
                "rejected": count(s.rejections),
                "runs": count(s.ingest_runs),
                "top_dyads": [[f"{a}-{b}", k] for a, b, k in dyads],
            }


# -- rows ----------------------------------------------------------------

_SAVED = "flashpoint.saved_article"  # conn.info: the rows ``then`` runs after

#: PostgreSQL: the doc locks of ``Store.claim``, each taken once, in one order
_LOCK_DOCS = text(
    "SELECT count(pg_advisory_xact_lock(k)) FROM "
    "(SELECT DISTINCT hashtext(d) AS k FROM unnest(CAST(:docs AS text[])) AS d ORDER BY k) AS keys"
)

_CLAIMS: WeakKeyDictionary = WeakKeyDictionary()  # connection -> what ``claim`` read
_DEFERRED: WeakKeyDictionary = WeakKeyDictionary()  # connection -> its ``_Deferred`` rows


class _Deferred:
    """The rows ``Store.deferred_inserts`` keeps until its block ends."""

    def __init__(self) -> None:
        self.rows: dict = {s.articles: [], s.events: [], s.statements: []}  # in insert order
        self.docs: set[str] = set()

    def flush(self, conn: Connection) -> None:
        for table, rows in self.rows.items():
            insert_rows(conn, table, rows)
            rows.clear()
        self.docs.clear()


def _insert(conn: Connection, table, rows: list[dict]) -> None:
    """Insert ``rows`` into ``table`` now, or when ``conn``'s
    ``deferred_inserts`` block ends."""
    deferred = _DEFERRED.get(conn)
    if deferred is not None:
        deferred.rows[table].extend(rows)
    else:
        insert_rows(conn, table, rows)


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    """``ids`` a statement's worth (``HASH_CHUNK``) at a time."""
    for at in range(0, len(ids), HASH_CHUNK):
        yield ids[at:at + HASH_CHUNK]


def _stored_hashes(conn: Connection, doc_ids: list[str]) -> dict[str, str]:
    """The stored content hash of each of ``doc_ids`` that is stored."""
    a = s.articles.c
    return {doc_id: content_hash for chunk in _chunks(doc_ids)
            for doc_id, content_hash in conn.execute(select(a.doc_id, a.content_hash)
                                                     .where(a.doc_id.in_(chunk)))}  # fmt: skip


def _unclaim(conn, *_) -> None:
    """The transaction ended: what ``claim`` read may be untrue now."""
    _CLAIMS.pop(conn, None)


for _moment in ("commit", "rollback"):
    event.listen(Engine, _moment, _unclaim)


def known_unreported(conn: Connection, doc_id: str) -> bool:
    """Within ``save_article``'s ``then``: whether the article just saved
    on ``conn`` is known to have no incident report rows (``claim`` read
    so), so fusion need not look them up."""
    saved = _saved(conn, doc_id)
    return saved is not None and not saved[2]


def _saved(conn: Connection, doc_id: str) -> tuple[dict, list[dict], bool] | None:
    """What ``save_article`` stashed for its ``then`` on ``conn`` (the
    article row, its event rows, whether it may have incident reports),
    when ``doc_id`` is the article saved."""
    saved = conn.info.get(_SAVED)
    return saved if saved is not None and saved[0]["doc_id"] == doc_id else None


def just_saved(conn: Connection, doc_id: str) -> tuple[dict, list[dict]] | None:
    """Within ``save_article``'s ``then``: the article just written on
    ``conn`` as a read of it would give it back (its doc_id, outlet and
    published; its events' records, decoded from JSON, in date order, the
    undated last, then in the article's order), without reading it back;
    None for another article, or outside ``then``. Fusion runs there, for
    every article ingested, and reading back what was just written cost two
    statements an article."""
    saved = _saved(conn, doc_id)
    if saved is None:
        return None
    article_row, event_rows, _ = saved
    meta = {k: article_row[k] for k in ("doc_id", "outlet", "published")}
    ordered = sorted(event_rows, key=lambda r: (r["date"] is None, r["date"] or date.min, r["seq"]))
    return meta, [json_loads(json_dumps(r["record"])) for r in ordered]  # as stored, as read


def _rows(doc_id: str, records: Iterable, make_row, kind: str) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    for record in records:
        rec = record.to_dict() if hasattr(record, "to_dict") else dict(record)
        if rec.get("doc_id") != doc_id:
            raise ValueError(
                f"{kind} {rec.get('id')} has doc_id {rec.get('doc_id')!r}, not {doc_id!r}"
            )
        if rec["id"] in seen:
            log.debug("%s: %s %s appears twice; keeping the first", doc_id, kind, rec["id"])
            continue
        seen.add(rec["id"])
        rows.append(make_row(rec, len(rows)))
    return rows


def _event_row(rec: dict, seq: int) -> dict:
    source = rec.get("source") or {}
    target = rec.get("target") or {}
    location = rec.get("location") or {}
    evidence = rec.get("evidence") or {}
    return {
        "id": rec["id"],
        "doc_id": rec["doc_id"],
        "seq": seq,
        "event_type": rec["event_type"],
        "quad": QUAD_CLASS.get(rec["event_type"]),
        "mode": rec.get("mode"),
        "source_code": source.get("code"),
        "source_sector": source.get("sector"),
        "target_code": target.get("code"),
        "target_sector": target.get("sector"),
        "date": parse_day(rec.get("date")),
        "date_precision": rec.get("date_precision"),
        "location_name": location.get("name"),
        "location_country": location.get("country"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "fatalities": rec.get("fatalities"),
        "injuries": rec.get("injuries"),
        "modality": rec.get("modality"),
        "confidence": rec.get("confidence"),
        "sentence_start": evidence.get("start"),
        "sentence_end": evidence.get("end"),
        "record": rec,
    }


def _statement_row(rec: dict, seq: int) -> dict:
    speaker = rec.get("speaker") or {}
    return {
        "id": rec["id"],
        "doc_id": rec["doc_id"],
        "seq": seq,
        "speaker_code": speaker.get("code"),
        "quote": rec["quote"],
        "date": parse_day(rec.get("date")),
        "record": rec,
    }


def _check_no_nul(value: Any, *, where: str) -> None:
    """PostgreSQL cannot store the NUL character; refuse it on every engine
    alike, before anything is written. The value's JSON, which writes a NUL
    as the escape ``\\u0000``, clears most values at once; one whose JSON
    shows the escape (or a backslash written before "u0000"), or that has
    no JSON, is searched (``_find_nul``)."""
    try:
        if "\\u0000" not in json_dumps(value):
            return
    except TypeError:
        pass
    _find_nul(value, where=where)


def _find_nul(value: Any, *, where: str) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{where}: text contains a NUL character")
    elif isinstance(value, Mapping):
        for v in value.values():
            _find_nul(v, where=where)
    elif isinstance(value, list | tuple):
        for v in value:
            _find_nul(v, where=where)


def _check_widths(article: Article) -> None:
    """PostgreSQL refuses a value wider than its column and SQLite keeps it;
    refuse it on every engine alike, naming the field, before anything is
    written."""
    for name in ("doc_id", "outlet", "published"):
        value = getattr(article, name)
        width = s.articles.c[name].type.length
        if value is not None and len(value) > width:
            raise ValueError(f"article {name} is {len(value)} characters, over {width}")


def parse_day(value: Any) -> date | None:
    """The day a SPEC ``YYYY-MM-DD`` string (or a longer ISO timestamp)
    starts with, or None when absent or not a date (the date column; records
    keep the original either way)."""
    if not value:
        return None
    return _day(str(value)[:10])


@lru_cache(maxsize=4096)
def _day(text: str) -> date | None:
    """``parse_day`` of a string's first ten characters, kept: fusion parses
    the same few dates hundreds of times an article (every profile it
    scores has its date and its reports' publication days)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | None) -> str | None:
    """A timestamp as ISO text in UTC (SQLite gives it back without a zone)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _plain(mapping: Mapping[str, Any]) -> dict:
    return {k: _iso(v) if isinstance(v, datetime) else v for k, v in mapping.items()}


def _article_dict(mapping: Mapping[str, Any]) -> dict:
    d = _plain(mapping)
    return {
        key: d[key]
        for key in (
            "doc_id",
            "text",
            "published",
            "url",
            "outlet",
            "title",
            "source_path",
            "content_hash",
            "ingested_at",
        )
        if key in d
    }
