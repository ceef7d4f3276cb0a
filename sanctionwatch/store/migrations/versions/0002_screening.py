"""Screening audit trail and analysts' decisions.

Revision ID: 0002_screening
Revises: 0001_lists
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_screening"
down_revision = "0001_lists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("query", sa.JSON, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("releases", sa.JSON, nullable=False),
        sa.Column("algorithm", sa.String(40), nullable=False),
        sa.Column("threshold", sa.String(10), nullable=False),
        sa.Column("results", sa.JSON, nullable=False),
    )
    op.create_index("ix_screenings_fingerprint", "screenings", ["fingerprint"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("record_hash", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_decisions_lookup", "decisions", ["fingerprint", "entity_id"])


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("screenings")
