"""Database URLs, engines and migrations: what differs between SQLite and PostgreSQL.

SQLite (the default) runs in WAL mode with foreign keys on and a busy timeout,
so a ``watch`` writer and a ``serve`` reader can use one file at once. Write
transactions start with ``BEGIN IMMEDIATE``: a writer takes the write lock
before it reads, so two writers queue (up to the busy timeout) instead of one
failing halfway. PostgreSQL goes through psycopg 3; ``schema=`` puts every
table in one PostgreSQL schema (created if missing) through ``search_path``.

The schema is created and kept current by the Alembic migrations in
``migrations/`` (``upgrade``), run on every open: a database made by an older
flashpoint gets the newer tables (incidents, ...) without a separate command.
Concurrent opens are serialised (SQLite's write lock; a PostgreSQL advisory
lock), so two processes starting on an empty database do not both create it.

A SQLite file gets a connection pool as large as the threads that may read
at once (``SQLITE_POOL_SIZE`` kept open, ``SQLITE_POOL_OVERFLOW`` more on
demand): a read connection costs SQLite little, and a server's request
threads (40 in FastAPI's pool) must not wait for one. PostgreSQL keeps
SQLAlchemy's default pool (5, and 10 more), server connections being dear.
``DataVersion`` tells cheaply whether anything was committed since it was
last asked (the web views are recomputed only then).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
from functools import cache
from pathlib import Path

import orjson
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

DEFAULT_DB = "flashpoint.db"
ENV_DB = "FLASHPOINT_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number: the PostgreSQL advisory lock taken while migrating.
_MIGRATION_LOCK = 0x666C6173  # "flas"
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
SQLITE_CACHE_KIB = 64 * 1024  # page cache per connection to a file store (PRAGMA cache_size)
# Set on a connection whose transaction will write (SQLite: BEGIN IMMEDIATE).
WRITE_OPTION = "flashpoint_write"
#: SQLite: connections kept open, and how many more may be opened at once
SQLITE_POOL_SIZE = 20
SQLITE_POOL_OVERFLOW = 60


def json_dumps(value) -> str:
    """A JSON column's value as the store writes it (the engine's
    ``json_serializer``; ``store.just_saved`` writes the same). orjson, in
    a fifth of the json module's time: records are most of what the store
    writes and reads, and their JSON was a seventh of its time. Keys that
    are not strings are written as strings (as the json module did); a
    float that is not a number is written as null (JSON has no NaN, and
    PostgreSQL refuses it)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


#: a JSON column's text as the store reads it (the engine's ``json_deserializer``)
json_loads = orjson.loads


def insert_rows(conn, table, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` on the
    SQLAlchemy connection ``conn``, in its transaction: on SQLite one
    executemany; on PostgreSQL one ``COPY ... FROM STDIN``. An executemany
    is an execution per row there, each bound, run and answered apart: a
    batch's events, incidents and reports cost a third of what storing it
    cost the client and the server. The values are those the insert would
    send: JSON columns as ``json_dumps`` writes them (None: SQL NULL)."""
    from sqlalchemy import JSON, insert

    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    from psycopg import sql

    columns = list(rows[0])
    as_json = [isinstance(table.c[name].type, JSON) for name in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
    raw = conn.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json_dumps(v) if j and v is not None else v
                            for v, j in zip((row[c] for c in columns), as_json, strict=True)])


def resolve_db_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for ``db``.

    ``None`` means the environment variable ``FLASHPOINT_DB``, else
    ``./flashpoint.db``. A path becomes an absolute ``sqlite:///`` URL
    (``":memory:"`` an in-memory SQLite database);
    ``postgresql://`` and ``postgres://`` use the psycopg 3 driver; any other
    URL is returned as it is.
    """
    if db is None:
        db = os.environ.get(ENV_DB) or DEFAULT_DB
    db = os.fspath(db)
    if db == ":memory:":
        return "sqlite://"  # one in-memory database per thread: for tests
    if "://" not in db:
        return "sqlite:///" + str(Path(db).expanduser().resolve())
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix) :]
    return db


def split_schema(url: str, schema: str | None = None) -> tuple[str, str | None]:
    """Take a ``?schema=NAME`` query parameter out of a PostgreSQL URL.

    ``postgresql://host/db?schema=fp`` is the URL form of ``schema="fp"``
    (handy in ``FLASHPOINT_DB``); giving both, they must agree.
    """
    parsed = make_url(url)
    in_url = parsed.query.get("schema")
    if in_url is None:
        return url, schema
    if isinstance(in_url, tuple) or (schema is not None and schema != in_url):
        raise ValueError(f"two schemas given: {in_url!r} in the URL and {schema!r}")
    bare = parsed.difference_update_query(["schema"]).render_as_string(hide_password=False)
    return bare, in_url


def create_store_engine(
    url: str, *, schema: str | None = None, busy_timeout_s: float = 30.0
) -> Engine:
    """An engine for ``url`` (already resolved) set up as the store needs it."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if schema is not None:
            raise ValueError("schema= is for PostgreSQL; SQLite has one schema per file")
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        pool = {}
        if parsed.database and parsed.database != ":memory:":  # a file: a QueuePool
            pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_OVERFLOW,
                    "pool_use_lifo": True}
        engine = create_engine(url, connect_args={"timeout": busy_timeout_s},
                               json_serializer=json_dumps, json_deserializer=json_loads, **pool)
        _setup_sqlite(engine, busy_timeout_ms=int(busy_timeout_s * 1000))
        return engine
    if backend == "postgresql":
        connect_args: dict = {"connect_timeout": max(1, int(busy_timeout_s))}
        if schema is not None:
            check_schema_name(schema)
            connect_args["options"] = f"-c search_path={schema}"
        return create_engine(url, connect_args=connect_args, pool_pre_ping=True,
                             json_serializer=json_dumps, json_deserializer=json_loads)
    raise ValueError(f"unsupported database {parsed.render_as_string(hide_password=True)!r}")


def check_schema_name(schema: str) -> str:
    if not _SCHEMA_NAME.match(schema):
        raise ValueError(f"bad PostgreSQL schema name {schema!r}: use letters, digits, _")
    return schema


def _setup_sqlite(engine: Engine, *, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            _set_wal(cursor, timeout_s=busy_timeout_ms / 1000)
            cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL
            # SQLite keeps 2 MiB of pages by default; a store of some thousands
            # of articles is a file of gigabytes, and fusion's look-ups and
            # writes touch index pages all over it
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        writes = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _set_wal(cursor, *, timeout_s: float) -> None:
    """Switch the database to WAL unless it already is. Changing the journal
    mode needs an exclusive lock for which SQLite does not always wait (several
    processes opening a fresh database at once get "database is locked" at
    once), so the switch is retried until the busy timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class DataVersion:
    """A value that changes whenever a transaction that wrote is committed to
    the database (``value()``), read in well under a millisecond.

    SQLite: ``PRAGMA data_version`` on a connection of its own, kept open
    (the pragma compares commits by other connections with what that one
    connection saw last). PostgreSQL: the next transaction id to be assigned
    (``pg_snapshot_xmax``), which moves with every writing transaction of the
    server, this database's or another's: it may say "changed" when nothing
    of ours was, never the other way. An in-memory SQLite database (one per
    connection) has no version: ``value()`` changes on every call.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._calls = 0
        database = engine.url.database
        self._sqlite_path = (database if engine.dialect.name == "sqlite"
                             and database not in (None, "", ":memory:") else None)  # fmt: skip

    def value(self) -> object:
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                return conn.exec_driver_sql(
                    "SELECT pg_snapshot_xmax(pg_current_snapshot())::text").scalar()
        if self._sqlite_path is None:
            with self._lock:
                self._calls += 1
                return ("unversioned", self._calls)
        with self._lock:
            if self._conn is None:
                self._conn = sqlite3.connect(self._sqlite_path, check_same_thread=False,
                                             isolation_level=None)  # fmt: skip
            return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


#: PostgreSQL, autovacuum's own rules with its defaults: a table is analysed
#: once the rows written since its last analysis exceed ANALYZE_ROWS plus
#: ANALYZE_FRACTION of its rows, and vacuumed once its dead rows exceed
#: VACUUM_ROWS plus VACUUM_FRACTION of its rows
ANALYZE_ROWS, ANALYZE_FRACTION = 50, 0.1
VACUUM_ROWS, VACUUM_FRACTION = 50, 0.2
#: seconds between two checks by one store
UPKEEP_CHECK_S = 10.0


class TableUpkeep:
    """Rules ``stale_statistics`` and ``dead_rows``: on PostgreSQL, do for the
    store's own tables what the server's autovacuum does, whether or not it
    runs (it can be turned off, and is on some managed and test servers).

    - Statistics: the planner picks a plan from the row counts and value
      spreads that ``ANALYZE`` records. Never recorded, a table that grew
      from empty is planned as if it were still small: fusion's window
      look-ups then scanned the whole incidents table four times an article,
      and ingest fell from 17.8 articles/s at 1,000 articles to 4.5 by 5,000.
    - Dead rows: an update or delete leaves the old row behind until
      ``VACUUM`` clears it. Fusion rewrites an incident and its reports as
      reports join it, so by 20,000 articles the incidents table held as
      many dead rows as live ones and its reports two dead for each live
      one; every look-up read past them and ingest slowed by a third.

    After a write, at most every ``check_s`` seconds, ``after_write`` looks
    at ``pg_stat_user_tables`` for the tables of the store's schema and
    vacuums (and analyses) each past the dead-rows threshold, analyses each
    past the statistics threshold; where autovacuum runs it has mostly done
    so already and nothing is done. It does so on a thread of its own, on a
    connection of its own, as autovacuum's workers do: the writer goes on
    meanwhile (an ANALYZE of a large table takes a tenth of a second or
    more, and neither it nor VACUUM blocks a write), and the server does
    the work beside it. One check runs at a time; ``wait`` waits for it
    (``Store.close`` does). SQLite reuses a deleted row's space itself and
    its planner needs no statistics to use an index: nothing is done there.
    """

    def __init__(self, engine: Engine, *, check_s: float = UPKEEP_CHECK_S) -> None:
        self.engine = engine
        self.check_s = check_s
        self._lock = threading.Lock()
        self._next = 0.0
        self._thread: threading.Thread | None = None

    def after_write(self) -> None:
        """Start ``run()`` on the upkeep thread when the last check is
        ``check_s`` seconds old and none is running. The write is committed
        by then, so upkeep that fails (a lost connection, a lock that does
        not come) is logged and the write stands."""
        if self.engine.dialect.name != "postgresql":
            return
        with self._lock:
            now = time.monotonic()
            if now < self._next or (self._thread is not None and self._thread.is_alive()):
                return
            self._next = now + self.check_s
            self._thread = threading.Thread(target=self._run_logged, name="flashpoint-upkeep",
                                            daemon=True)  # fmt: skip
            self._thread.start()

    def wait(self) -> None:
        """Return once the check running (if any) is done."""
        thread = self._thread
        if thread is not None:
            thread.join()

    def _run_logged(self) -> None:
        try:
            self.run()
        except Exception as exc:  # upkeep is best effort; the data is safe
            log.warning("table upkeep failed (%s: %s); the write is committed",
                        type(exc).__name__, exc)  # fmt: skip

    def run(self) -> dict[str, str]:
        """Vacuum or analyse the store's tables that need it (see the class):
        table -> "vacuum" (which analyses too) or "analyze". Nothing on SQLite."""
        if self.engine.dialect.name != "postgresql":
            return {}
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")  # VACUUM needs it
            rows = conn.execute(text(
                "SELECT relname, n_dead_tup > :vacuum_rows + :vacuum_fraction * n_live_tup,"
                " n_mod_since_analyze > :analyze_rows + :analyze_fraction * n_live_tup"
                " FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname"),
                {"vacuum_rows": VACUUM_ROWS, "vacuum_fraction": VACUUM_FRACTION,
                 "analyze_rows": ANALYZE_ROWS, "analyze_fraction": ANALYZE_FRACTION}).all()  # fmt: skip
            done = {table: "vacuum" if dead else "analyze"
                    for table, dead, stale in rows if dead or stale}  # fmt: skip
            for table, action in done.items():
                conn.exec_driver_sql(f'VACUUM (ANALYZE) "{table}"' if action == "vacuum"
                                     else f'ANALYZE "{table}"')  # fmt: skip
        return done


def current_revision(engine: Engine) -> str | None:
    """The database's migration id, None when it has no flashpoint schema yet."""
    with engine.connect() as conn, conn.begin():
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, *, schema: str | None = None, revision: str = "head") -> None:
    """Bring the database to the newest migration (create it when empty), or
    to ``revision`` when given.

    A database already at the newest migration is only read (no write lock,
    no Alembic run), so opening one for reading is cheap and quiet.
    """
    if revision == "head" and current_revision(engine) == head_revision():
        return
    _migrate(engine, "upgrade", revision, schema=schema)


def downgrade(engine: Engine, revision: str, *, schema: str | None = None) -> None:
    """Take the database back to migration ``revision`` ("base": empty).

    Tables added after it are dropped with their rows.
    """
    _migrate(engine, "downgrade", revision, schema=schema)


def _migrate(engine: Engine, direction: str, revision: str, *, schema: str | None) -> None:
    from alembic import command

    config = _alembic_config()
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
                if schema is not None:
                    conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            config.attributes["connection"] = conn
            getattr(command, direction)(config, revision)


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head_revision() -> str | None:
    """The newest migration's id."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()
