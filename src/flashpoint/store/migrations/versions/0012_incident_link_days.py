"""Fusion's claim/denial look-ups read the linkable incidents of some days.

Revision ID: 0012
Revises: 0011

A claim and its denial are at most a few days apart, judged by each
incident's date (``fuse.rules.link_day``). Fusion looked their partners up
by date window (``ix_incidents_linkable_window``), so a report known only
to its year read every linkable incident of the year, and the more a year
held, the slower each such article fused. It now looks them up by date:
``(linkable, date)`` makes that one range of some days, and the window
index on ``linkable`` has no other use, so it goes.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

NEW = ("ix_incidents_linkable_date", ["linkable", "date"])
OLD = ("ix_incidents_linkable_window", ["linkable", "wide_window", "date_lo", "date_hi"])


def upgrade() -> None:
    op.drop_index(OLD[0], table_name="incidents")
    op.create_index(NEW[0], "incidents", NEW[1])


def downgrade() -> None:
    op.drop_index(NEW[0], table_name="incidents")
    op.create_index(OLD[0], "incidents", OLD[1])
