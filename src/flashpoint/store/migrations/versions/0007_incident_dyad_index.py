"""A dyad's incidents, by date, are one range of an index.

Revision ID: 0007
Revises: 0006

Lists and counts filtered by a dyad (``dyad=IND-PAK``: one query per
direction) found a direction's rows through the target's ``(target_code,
date)`` index and read each row to test the source: counting a year of one
dyad's assaults at a hundred thousand incidents read every incident of the
target in the year (50-130 ms), and a page of a rare pair with a busy target
walked thousands of rows for its fifty. ``(source_code, target_code, date)``
makes each direction one range, in date order.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEX = "ix_incidents_dyad_date"
COLUMNS = ["source_code", "target_code", "date"]


def upgrade() -> None:
    op.create_index(INDEX, "incidents", COLUMNS)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="incidents")
