"""Ingest runs say how they ended: ``status``, and who ran them.

Revision ID: 0004
Revises: 0003

``ingest_runs`` gains ``status`` ("running", "finished" or "interrupted"),
``host`` and ``pid`` (the process that started the run). A process killed in
the middle of a run cannot close it; the next run's start closes such runs as
"interrupted" (``Store.close_stale_runs``). Rows already there: a run with a
``finished_at`` is "finished"; one without is "interrupted", since no process
of the code before this migration can be told apart from a dead one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("status", "host", "pid")


def upgrade() -> None:
    op.add_column("ingest_runs", sa.Column("status", sa.String(16)))
    op.add_column("ingest_runs", sa.Column("host", sa.String(255)))
    op.add_column("ingest_runs", sa.Column("pid", sa.Integer))
    runs = sa.table("ingest_runs", sa.column("status", sa.String), sa.column("finished_at"))
    op.execute(runs.update().where(runs.c.finished_at.is_not(None)).values(status="finished"))
    op.execute(runs.update().where(runs.c.finished_at.is_(None)).values(status="interrupted"))


def downgrade() -> None:
    with op.batch_alter_table("ingest_runs") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
