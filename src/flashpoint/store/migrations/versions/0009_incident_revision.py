"""An incident's reports carry a revision token.

Revision ID: 0009
Revises: 0008

Fusion scores each new report against the incidents near it, and an
incident's profile (what it is matched on) is made from all its reports:
read, decoded and summed up again by every write transaction that meets it,
though most incidents near a report have not changed since the last time. A
report known only to its year meets every incident of its type and dyad in
that year, so this work grew with the store. ``revision`` is a token that
fusion writes anew whenever an incident's reports change: a process keeps
the profiles it made with the token they were made at
(``fuse.store.ProfileCache``) and makes one again only when the stored
token differs. Incidents stored before this migration have none (NULL) and
get one when they next change; until then their profiles are made afresh,
as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("revision", sa.BigInteger))


def downgrade() -> None:
    op.drop_column("incidents", "revision")  # SQLite's own DROP COLUMN keeps the triggers
