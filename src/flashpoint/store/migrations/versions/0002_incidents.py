"""Fusion's tables: incidents and incident_reports, with their indexes.

Revision ID: 0002
Revises: 0001

Before this migration flashpoint created these two tables outside the
migrations (``create_all`` the first time fusion ran), so a database at 0001
may already hold them, possibly from the first version, whose ``incidents``
had no ``linkable`` column. ``upgrade`` therefore creates only what is
missing (tables, columns, indexes), as the inspector finds it, and fills a
``linkable`` column it adds from the rows already there: true for ACCUSE and
REJECT incidents and for those with a claimed or denied report, as fusion
sets it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = {
    "incidents": {
        "ix_incidents_event_type": ["event_type"],
        "ix_incidents_source_code": ["source_code"],
        "ix_incidents_target_code": ["target_code"],
        "ix_incidents_date": ["date"],
        "ix_incidents_window": ["event_type", "date_lo", "date_hi"],
    },
    "incident_reports": {
        "ix_incident_reports_incident_id": ["incident_id"],
        "ix_incident_reports_doc_id": ["doc_id"],
    },
}
LINKABLE_TYPES = ("ACCUSE", "REJECT")
LINKABLE_MODALITIES = ("claimed", "denied")


def _incident_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("event_type", sa.String(16), nullable=False),
        sa.Column("quad", sa.String(32)),
        sa.Column("source_code", sa.String(32)),
        sa.Column("target_code", sa.String(32)),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("date_lo", sa.Date),
        sa.Column("date_hi", sa.Date),
        sa.Column("location_country", sa.String(3)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("fatalities_best", sa.Integer),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("linkable", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("first_reported", sa.String(40)),
        sa.Column("record", sa.JSON, nullable=False),
    ]


def _report_columns() -> list[sa.Column]:
    return [
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("incident_id", sa.String(32), nullable=False),
        sa.Column("doc_id", sa.String(255), nullable=False),
        sa.Column("published", sa.String(40)),
        sa.Column("report", sa.JSON, nullable=False),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("incidents"):
        op.create_table(
            "incidents",
            *_incident_columns(),
            sa.PrimaryKeyConstraint("id", name="pk_incidents"),
        )
    else:
        _add_missing_columns("incidents", _incident_columns())
    if not sa.inspect(bind).has_table("incident_reports"):
        op.create_table(
            "incident_reports",
            *_report_columns(),
            sa.PrimaryKeyConstraint("event_id", name="pk_incident_reports"),
            sa.ForeignKeyConstraint(
                ["incident_id"],
                ["incidents.id"],
                name="fk_incident_reports_incident_id_incidents",
                ondelete="CASCADE",
            ),
        )
    if bind.dialect.name == "postgresql":
        _name_constraints()
    for table, indexes in INDEXES.items():
        present = {ix["name"] for ix in sa.inspect(bind).get_indexes(table)}
        for name, columns in indexes.items():
            if name not in present:
                op.create_index(name, table, columns)


def _add_missing_columns(table: str, columns: list[sa.Column]) -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    for column in columns:
        if column.name in present:
            continue
        if column.name != "linkable":
            # Only ``linkable`` was ever added after the table first shipped.
            raise RuntimeError(f"table {table} lacks column {column.name}: not a flashpoint table?")
        op.add_column(table, column)
        _fill_linkable()


def _name_constraints() -> None:
    """PostgreSQL: give keys made outside the migrations (``incidents_pkey``,
    ...) the names the naming convention gives, so later migrations can name
    them. (SQLite's are rebuilt with the table whenever one changes.)"""
    inspector = sa.inspect(op.get_bind())
    wanted = [("incidents", inspector.get_pk_constraint("incidents")["name"], "pk_incidents"),
              ("incident_reports", inspector.get_pk_constraint("incident_reports")["name"],
               "pk_incident_reports")]  # fmt: skip
    wanted += [
        ("incident_reports", fk["name"], "fk_incident_reports_incident_id_incidents")
        for fk in inspector.get_foreign_keys("incident_reports")
        if fk["referred_table"] == "incidents" and fk["constrained_columns"] == ["incident_id"]
    ]
    for table, old, new in wanted:
        if old and old != new:
            op.execute(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{old}" TO "{new}"')


def _fill_linkable() -> None:
    """Set ``linkable`` on the incidents stored before the column existed."""
    bind = op.get_bind()
    incidents = sa.table(
        "incidents", sa.column("id", sa.String), sa.column("event_type", sa.String),
        sa.column("linkable", sa.Boolean),
    )  # fmt: skip
    reports = sa.table(
        "incident_reports", sa.column("incident_id", sa.String), sa.column("report", sa.JSON)
    )
    linkable = set(
        bind.execute(
            sa.select(incidents.c.id).where(incidents.c.event_type.in_(LINKABLE_TYPES))
        ).scalars()
    )
    if sa.inspect(bind).has_table("incident_reports"):
        for incident_id, report in bind.execute(sa.select(reports.c.incident_id, reports.c.report)):
            if (report or {}).get("modality") in LINKABLE_MODALITIES:
                linkable.add(incident_id)
    if linkable:
        bind.execute(
            sa.update(incidents).where(incidents.c.id.in_(sorted(linkable))).values(linkable=True)
        )


def downgrade() -> None:
    op.drop_table("incident_reports")
    op.drop_table("incidents")
