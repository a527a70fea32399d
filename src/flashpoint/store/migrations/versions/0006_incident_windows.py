"""Fusion's window look-ups read only the incidents near the date.

Revision ID: 0006
Revises: 0005

Fusion asks, for each report, which incidents of its type have a date window
(``date_lo``..``date_hi``) overlapping the report's. An index on
``(event_type, date_lo, date_hi)`` answers "windows starting before the
report's end" by reading every older incident of the type, so the look-up
grew with the store. ``incidents`` gains ``wide_window``: true when the window
spans more than ``WIDE_WINDOW_DAYS`` days (a date known to the year only). A
narrow window that overlaps must start at most that many days before the
report's, so its look-up is a bounded range of the index; the few wide ones
are looked up on their own (``store.incidents.ids_in_window``). The indexes
lead with ``wide_window`` after the type (or ``linkable``, for the
claim/denial links' look-ups). Rows already there get ``wide_window`` from
their window.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WIDE_WINDOW_DAYS = 31  # flashpoint.store.incidents.WIDE_WINDOW_DAYS when this was written
NEW_INDEXES = {
    "ix_incidents_window": ["event_type", "wide_window", "date_lo", "date_hi"],
    "ix_incidents_linkable_window": ["linkable", "wide_window", "date_lo", "date_hi"],
}
OLD_WINDOW = ["event_type", "date_lo", "date_hi"]


def upgrade() -> None:
    op.add_column("incidents", sa.Column("wide_window", sa.Boolean, nullable=False,
                                         server_default=sa.false()))  # fmt: skip
    if op.get_bind().dialect.name == "postgresql":
        span = f"date_hi - date_lo > {WIDE_WINDOW_DAYS}"
    else:
        span = f"julianday(date_hi) - julianday(date_lo) > {WIDE_WINDOW_DAYS}"
    table = sa.table("incidents", sa.column("wide_window", sa.Boolean), sa.column("date_lo"))
    op.execute(table.update().where(table.c.date_lo.is_not(None), sa.text(span))
               .values(wide_window=True))  # fmt: skip
    op.drop_index("ix_incidents_window", table_name="incidents")
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "incidents", columns)


def downgrade() -> None:
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="incidents")
    op.create_index("ix_incidents_window", "incidents", OLD_WINDOW)
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("wide_window")
