"""The first schema: articles, events, statements, ingest runs, rejections.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _tz() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("doc_id", sa.String(255), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("published", sa.String(40)),
        sa.Column("outlet", sa.String(255)),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source_path", sa.Text),
        sa.Column("ingested_at", _tz(), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", name="pk_articles"),
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("doc_id", sa.String(255), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(16), nullable=False),
        sa.Column("quad", sa.String(32)),
        sa.Column("mode", sa.String(32)),
        sa.Column("source_code", sa.String(32)),
        sa.Column("source_sector", sa.String(16)),
        sa.Column("target_code", sa.String(32)),
        sa.Column("target_sector", sa.String(16)),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("location_name", sa.Text),
        sa.Column("location_country", sa.String(3)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("fatalities", sa.Integer),
        sa.Column("injuries", sa.Integer),
        sa.Column("modality", sa.String(16)),
        sa.Column("confidence", sa.Float),
        sa.Column("sentence_start", sa.Integer),
        sa.Column("sentence_end", sa.Integer),
        sa.Column("record", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["articles.doc_id"],
            name="fk_events_doc_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_events_doc_id", "events", ["doc_id"])
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_source_code", "events", ["source_code"])
    op.create_index("ix_events_target_code", "events", ["target_code"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_dyad", "events", ["source_code", "target_code"])

    op.create_table(
        "statements",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("doc_id", sa.String(255), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("speaker_code", sa.String(32)),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("record", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_statements"),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["articles.doc_id"],
            name="fk_statements_doc_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_statements_doc_id", "statements", ["doc_id"])
    op.create_index("ix_statements_speaker_code", "statements", ["speaker_code"])
    op.create_index("ix_statements_date", "statements", ["date"])

    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("started_at", _tz(), nullable=False),
        sa.Column("finished_at", _tz()),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("processed", sa.Integer),
        sa.Column("rejected", sa.Integer),
        sa.Column("events", sa.Integer),
        sa.Column("statements", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )

    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", _tz(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rejections"),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ingest_runs.id"],
            name="fk_rejections_run_id_ingest_runs",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_rejections_run_id", "rejections", ["run_id"])


def downgrade() -> None:
    for table in ("rejections", "ingest_runs", "statements", "events", "articles"):
        op.drop_table(table)
