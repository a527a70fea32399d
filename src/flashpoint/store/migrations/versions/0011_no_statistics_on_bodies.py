"""PostgreSQL: no planner statistics on the records' and texts' bodies.

Revision ID: 0011
Revises: 0010

``ANALYZE`` samples up to 30,000 rows of a table and gathers statistics on
every column, so each sampled row's JSON record (and an article's whole
text) was read back from its compressed out-of-line storage and measured.
The store analyses the tables a write made stale (``engine.TableUpkeep``),
every tenth growth of a table, and at 5,000 articles this upkeep took
3.7 ms of the store's time an article (analysing events alone some 0.6 s
each time). No query filters or sorts on those columns themselves (search
goes through the indexes' expressions, whose statistics 0008 turned off
already), so the planner has no use for their statistics; their target is
set to 0 (none gathered). SQLite has no such statistics and is left alone.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

#: table -> its columns that only hold what a row says, never what finds it
BODIES = {
    "articles": ("text",),
    "events": ("record",),
    "statements": ("record",),
    "incidents": ("record", "search_text"),
    "incident_reports": ("report",),
}


def _set_target(target: int) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, columns in BODIES.items():
        for column in columns:
            bind.exec_driver_sql(f'ALTER TABLE {table} ALTER COLUMN "{column}" SET STATISTICS {target}')


def upgrade() -> None:
    _set_target(0)


def downgrade() -> None:
    _set_target(-1)  # the server's default target
