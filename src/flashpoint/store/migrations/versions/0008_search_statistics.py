"""PostgreSQL: no planner statistics on the search indexes' text.

Revision ID: 0008
Revises: 0007

``ANALYZE`` of a table gathers statistics on each expression index too, and
the search indexes' expression (0003: the ``tsvector`` of every report's
sentence of an incident, or of an event's sentence) is computed afresh for
each sampled row: analysing 30,000 incidents took 4.5 s, 0.3 s without it.
The store analyses the tables that a write made stale
(``engine.TableUpkeep``), so this cost came back with every tenth
growth of the store. Those statistics only refine the estimated share of
rows a word matches, and a search is planned on the index either way. So
their target is set to 0 (none are gathered); SQLite has no such
statistics and is left alone.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SEARCHED = ("events", "statements", "articles", "incidents")  # 0003's search indexes


def _set_target(target: int) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table in SEARCHED:
        bind.exec_driver_sql(f"ALTER INDEX ix_{table}_search ALTER COLUMN 1 SET STATISTICS {target}")


def upgrade() -> None:
    _set_target(0)


def downgrade() -> None:
    _set_target(-1)  # the server's default target
