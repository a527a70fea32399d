"""Incidents are searched by a text column of their own.

Revision ID: 0010
Revises: 0009

Since 0003 an incident's search text (every report's sentence and the
place's name) was worked out of its ``record`` on each write: on SQLite by
triggers that walked the record's reports with ``json_each`` (for the old
row and the new one), on PostgreSQL by the search index's expression, which
parsed the whole record as ``jsonb``. Fusion rewrites an incident each time
a report joins it, and rewrites its record again when a claim or denial
link changes, so the search index paid that for every write, link changes
included, though only a new report changes the text.

``search_text`` holds the text, written by the store with the record
(``store.search.incident_text``). Existing rows get the text that 0003's
expressions gave them, so every search finds what it found before.

- SQLite: the FTS5 triggers read ``search_text``; the update trigger fires
  only when it changes (a record rewritten for its links is not indexed
  again).
- PostgreSQL: the GIN index is on ``search_text``'s ``tsvector``, so a
  write that leaves it be leaves the index be (a heap-only update), and no
  record is parsed. No planner statistics on it, as 0008 set for the others.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# 0003's text of an incident, on each engine ({r}: a row name or a column prefix)
OLD_SQLITE_TEXT = ("coalesce((SELECT group_concat(json_extract(rep.value, '$.sentence'), ' ') "
                   "FROM json_each({r}.record, '$.reports') AS rep), '') || ' ' || "
                   "coalesce(json_extract({r}.record, '$.location.name'), '')")  # fmt: skip
OLD_PG_TEXT = ("jsonb_path_query_array({p}record::jsonb, '$.reports[*].sentence')::text || ' ' || "
               "coalesce({p}record -> 'location' ->> 'name', '')")  # fmt: skip
# store.search's text of an incident from this migration on
PG_TEXT = "coalesce({p}search_text, '')"
NEW_SQLITE_TEXT = "coalesce({r}.search_text, '')"
PG_DOCUMENT = "to_tsvector('simple'::regconfig, regexp_replace({text}, '(\\\\[nrtbf]|[^[:alnum:]])+', ' ', 'g'))"
INDEX = "ix_incidents_search"
FTS = "incidents_fts"


def _sql(statement: str) -> None:
    # through the driver: the SQL holds colons that text() would take for binds
    op.get_bind().exec_driver_sql(statement)


def _drop_sqlite_triggers() -> None:
    for trigger in ("insert", "delete", "update"):
        _sql(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")


def _sqlite_triggers(text: str, *, update_of: str | None) -> None:
    new, old = text.format(r="new"), text.format(r="old")
    insert = f"INSERT INTO {FTS}(rowid, body) VALUES (new.rowid, {new});"
    remove = f"INSERT INTO {FTS}({FTS}, rowid, body) VALUES ('delete', old.rowid, {old});"
    _sql(f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON incidents BEGIN {insert} END")
    _sql(f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON incidents BEGIN {remove} END")
    if update_of:
        _sql(f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF {update_of} ON incidents "
             f"WHEN old.{update_of} IS NOT new.{update_of} BEGIN {remove} {insert} END")  # fmt: skip
    else:
        _sql(f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON incidents BEGIN {remove} {insert} END")


def _pg_index(text: str) -> None:
    _sql(f"DROP INDEX IF EXISTS {INDEX}")
    _sql(f"CREATE INDEX {INDEX} ON incidents USING gin ({PG_DOCUMENT.format(text=text)})")
    _sql(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS 0")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("incidents", sa.Column("search_text", sa.Text))
    if dialect == "sqlite":
        # the text the index holds now (so that deletes take out what was put
        # in), written with 0003's triggers gone (they would index it again)
        _drop_sqlite_triggers()
        _sql(f"UPDATE incidents SET search_text = {OLD_SQLITE_TEXT.format(r='incidents')}")
        _sqlite_triggers(NEW_SQLITE_TEXT, update_of="search_text")
    elif dialect == "postgresql":
        _sql(f"UPDATE incidents SET search_text = {OLD_PG_TEXT.format(p='')}")
        _pg_index(PG_TEXT.format(p=""))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # the index holds search_text's words: emptied, and filled with
        # 0003's text once the column is gone (dropped in place: SQLite's
        # own DROP COLUMN keeps the rowids the index refers to)
        _sql(f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')")
        _drop_sqlite_triggers()
        _sqlite_triggers(OLD_SQLITE_TEXT, update_of=None)
    elif dialect == "postgresql":
        _pg_index(OLD_PG_TEXT.format(p=""))
    op.drop_column("incidents", "search_text")
    if dialect == "sqlite":
        _sql(f"INSERT INTO {FTS}(rowid, body) SELECT rowid, {OLD_SQLITE_TEXT.format(r='incidents')} "
             "FROM incidents")  # fmt: skip
