"""Full-text search and per-actor date indexes.

Revision ID: 0003
Revises: 0002

Search (see ``flashpoint.store.search`` for what it means):

- SQLite: a contentless FTS5 table ``<table>_fts(body)`` for events,
  statements, articles and incidents, whose rowid is the row's rowid, kept
  by ``AFTER INSERT/UPDATE/DELETE`` triggers (fed the same text on delete as
  on insert, as a contentless table needs), and filled from the rows already
  there.
- PostgreSQL: a GIN expression index ``ix_<table>_search`` on the text's
  ``tsvector`` (built from the rows already there by ``CREATE INDEX``).

Actor filters: ``(source_code, date)`` and ``(target_code, date)`` on events
and incidents, ``(speaker_code, date)`` on statements, in place of the
single-column indexes they start with, so "this actor's newest N" reads N
index entries instead of sorting every match. On SQLite the new indexes are
analysed, so the planner knows them at once.

The SQL below is this migration's own copy: the search module's
``PG_TEXT`` must equal ``PG_TEXT`` here (a test checks it).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SEARCHED = ("events", "statements", "articles", "incidents")

# SQLite: the searchable text of a row ({r}: "new", "old" or the table name).
SQLITE_TEXT = {
    "events": "coalesce(json_extract({r}.record, '$.evidence.sentence'), '') || ' ' || "
    "coalesce(json_extract({r}.record, '$.location.name'), '')",
    "statements": "coalesce({r}.quote, '')",
    "articles": "coalesce({r}.title, '') || ' ' || coalesce({r}.outlet, '')",
    "incidents": "coalesce((SELECT group_concat(json_extract(rep.value, '$.sentence'), ' ') "
    "FROM json_each({r}.record, '$.reports') AS rep), '') || ' ' || "
    "coalesce(json_extract({r}.record, '$.location.name'), '')",
}
# PostgreSQL: the same text ({p}: a column prefix, "" here), and its tsvector.
PG_TEXT = {
    "events": "coalesce({p}record -> 'evidence' ->> 'sentence', '') || ' ' || "
    "coalesce({p}record -> 'location' ->> 'name', '')",
    "statements": "coalesce({p}quote, '')",
    "articles": "coalesce({p}title, '') || ' ' || coalesce({p}outlet, '')",
    "incidents": "jsonb_path_query_array({p}record::jsonb, '$.reports[*].sentence')::text || ' ' || "
    "coalesce({p}record -> 'location' ->> 'name', '')",
}
PG_DOCUMENT = "to_tsvector('simple'::regconfig, regexp_replace({text}, '(\\\\[nrtbf]|[^[:alnum:]])+', ' ', 'g'))"
TOKENIZE = "unicode61 remove_diacritics 0"

# new index -> (table, columns, the single-column index it replaces)
ACTOR_INDEXES = {
    "ix_events_source_date": ("events", ["source_code", "date"], "ix_events_source_code"),
    "ix_events_target_date": ("events", ["target_code", "date"], "ix_events_target_code"),
    "ix_incidents_source_date": ("incidents", ["source_code", "date"],
                                 "ix_incidents_source_code"),
    "ix_incidents_target_date": ("incidents", ["target_code", "date"],
                                 "ix_incidents_target_code"),
    "ix_statements_speaker_date": ("statements", ["speaker_code", "date"],
                                   "ix_statements_speaker_code"),
}  # fmt: skip


def _sql(statement: str) -> None:
    # through the driver: the SQL holds colons that text() would take for binds
    op.get_bind().exec_driver_sql(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, (table, columns, old) in ACTOR_INDEXES.items():
        op.create_index(name, table, columns)
        op.drop_index(old, table_name=table)
    if dialect == "sqlite":
        for table in SEARCHED:
            _create_fts(table)
        for name in ACTOR_INDEXES:
            _sql(f"ANALYZE {name}")
    elif dialect == "postgresql":
        for table in SEARCHED:
            document = PG_DOCUMENT.format(text=PG_TEXT[table].format(p=""))
            _sql(f"CREATE INDEX ix_{table}_search ON {table} USING gin ({document})")


def _create_fts(table: str) -> None:
    fts = f"{table}_fts"
    new, old, rows = (SQLITE_TEXT[table].format(r=r) for r in ("new", "old", table))
    insert = f"INSERT INTO {fts}(rowid, body) VALUES (new.rowid, {new});"
    remove = f"INSERT INTO {fts}({fts}, rowid, body) VALUES ('delete', old.rowid, {old});"
    _sql(f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', tokenize='{TOKENIZE}')")
    _sql(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END")
    _sql(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END")
    _sql(f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN {remove} {insert} END")
    _sql(f"INSERT INTO {fts}(rowid, body) SELECT rowid, {rows} FROM {table}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in SEARCHED:
        if dialect == "sqlite":
            for trigger in ("insert", "delete", "update"):
                _sql(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
            _sql(f"DROP TABLE IF EXISTS {table}_fts")
        elif dialect == "postgresql":
            _sql(f"DROP INDEX IF EXISTS ix_{table}_search")
    for name, (table, columns, old) in ACTOR_INDEXES.items():
        op.create_index(old, table, columns[:1])
        op.drop_index(name, table_name=table)
