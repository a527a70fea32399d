"""The store's tables, as SQLAlchemy Core ``Table`` objects on one ``metadata``.

This module is the *current* shape of the database; the Alembic migrations in
``migrations/versions/`` are how an existing database gets there. To add a
table:

1. define it here on ``metadata`` (so queries can import it), and
2. add a migration ``migrations/versions/NNNN_<what>.py`` whose ``down_revision``
   is the current head and whose ``upgrade()`` creates it with ``op.create_table``.

``tests/test_store.py`` checks that the migrations and this module agree, so a
table added in one place and not the other fails the tests. Rows that point at
``events.id`` or ``articles.doc_id`` should use ``ondelete="CASCADE"``: an
updated article replaces its events (their ids may change).

Column notes: ``record`` holds the full SPEC JSON of an event or statement
(what ``Event.to_dict()`` gives), so nothing is lost; the other columns are
copies of its fields, there to filter and group on. ``seq`` is the position of
the record in its article's list, so an article's records come back in order.
Dates are ``DATE`` (ISO strings compare the same way in SQLite); timestamps are
UTC.

``incidents`` and ``incident_reports`` are fusion's tables (queried through
``flashpoint.store.incidents``): one row per incident, with the columns to
filter on and the full record (``fuse.summarize``) as JSON, and one row per
report (one event of one article) with the incident it was fused into.
Reports carry ``event_id`` and ``doc_id`` as plain columns, not foreign keys:
when an article is updated the store deletes its events first, and fusion must
still find which incidents those reports belonged to.

Actor codes are indexed with the date, ``(source_code, date)``,
``(target_code, date)`` and ``(speaker_code, date)``: a page of one actor's
records in date order reads only that page's index entries (``web.queries``
merges the source and the target side). Full-text search is outside this
module: FTS5 tables (SQLite) and expression indexes (PostgreSQL) made by
migration ``0003_search``, described in ``flashpoint.store.search``, whose
``include_object`` leaves them out when migrations and metadata are compared.

``alerts`` is the alerts' ledger (``flashpoint.alerts``, migration
``0005_alerts``): one row per alert key, so an alert is sent once however many
passes (or processes) see it. ``delivered`` is false for what a rule already
matched when it was first run on this database (recorded, not sent).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

# Named constraints, so that migrations can refer to them on every engine.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

articles = Table(
    "articles",
    metadata,
    Column("doc_id", String(255), primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("published", String(40)),  # ISO date or date-time, as given
    Column("outlet", String(255)),
    Column("title", Text),
    Column("url", Text),
    Column("text", Text, nullable=False),
    Column("source_path", Text),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column(
        "doc_id",
        String(255),
        ForeignKey("articles.doc_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("event_type", String(16), nullable=False, index=True),
    Column("quad", String(32)),
    Column("mode", String(32)),
    Column("source_code", String(32)),
    Column("source_sector", String(16)),
    Column("target_code", String(32)),
    Column("target_sector", String(16)),
    Column("date", Date, index=True),
    Column("date_precision", String(8)),
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("fatalities", Integer),
    Column("injuries", Integer),
    Column("modality", String(16)),
    Column("confidence", Float),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("record", JSON, nullable=False),
    Index("ix_events_dyad", "source_code", "target_code"),
    Index("ix_events_source_date", "source_code", "date"),
    Index("ix_events_target_date", "target_code", "date"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(32), primary_key=True),
    Column(
        "doc_id",
        String(255),
        ForeignKey("articles.doc_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("speaker_code", String(32)),
    Column("quote", Text, nullable=False),
    Column("date", Date, index=True),
    Column("record", JSON, nullable=False),
    Index("ix_statements_speaker_date", "speaker_code", "date"),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("inputs", JSON, nullable=False),  # list of input names as given
    Column("processed", Integer),
    Column("rejected", Integer),
    Column("events", Integer),
    Column("statements", Integer),
    # "running", "finished" or "interrupted" (closed by a later run: its
    # process died); host and pid of the process that started it
    Column("status", String(16)),
    Column("host", String(255)),
    Column("pid", Integer),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "run_id",
        Integer,
        ForeignKey("ingest_runs.id", ondelete="CASCADE"),
        index=True,
    ),
    Column("name", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("event_type", String(16), nullable=False, index=True),
    Column("quad", String(32)),
    Column("source_code", String(32)),
    Column("target_code", String(32)),
    Column("date", Date, index=True),
    Column("date_precision", String(8)),
    # the days the incident may have happened on (by precision, or the week
    # before its first report when undated); null when nothing is known
    Column("date_lo", Date),
    Column("date_hi", Date),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("sources", Integer, nullable=False),
    Column("fatalities_best", Integer),
    Column("contested", Boolean, nullable=False),
    # ACCUSE, REJECT or with claims of its own: may be linked as claim/denial
    Column("linkable", Boolean, nullable=False, default=False, server_default=false()),
    Column("first_reported", String(40)),
    Column("record", JSON, nullable=False),
    # the window spans more than store.incidents.WIDE_WINDOW_DAYS days (a
    # year): looked up apart, so the narrow windows' look-up is a bounded range
    Column("wide_window", Boolean, nullable=False, server_default=false()),
    # a token written anew whenever the incident's reports change (migration
    # 0009): fusion keeps a profile made from the reports while it is the same
    Column("revision", BigInteger),
    # what search finds it by (migration 0010; store.search.incident_text)
    Column("search_text", Text),
    Index("ix_incidents_window", "event_type", "wide_window", "date_lo", "date_hi"),
    # the claim/denial look-ups: linkable incidents by date (migration 0012)
    Index("ix_incidents_linkable_date", "linkable", "date"),
    Index("ix_incidents_source_date", "source_code", "date"),
    Index("ix_incidents_target_date", "target_code", "date"),
    Index("ix_incidents_dyad_date", "source_code", "target_code", "date"),
)

incident_reports = Table(
    "incident_reports",
    metadata,
    Column("event_id", String(32), primary_key=True),
    Column(
        "incident_id",
        String(32),
        ForeignKey("incidents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("doc_id", String(255), nullable=False, index=True),
    Column("published", String(40)),
    Column("report", JSON, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(255), nullable=False, unique=True),
    Column("rule", String(100), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("delivered", Boolean, nullable=False),
    Column("title", Text, nullable=False),
    Column("incident_id", String(32)),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("record", JSON, nullable=False),
)
