"""Lists: sources, releases, per-release entities, list changes.

Revision ID: 0001_lists
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_lists"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_date", sa.String(10), nullable=True),
        sa.Column("published_basis", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("parser_version", sa.String(20), nullable=False),
        sa.Column("designations", sa.Integer, nullable=False),
        sa.Column("entities", sa.Integer, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("forced", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.UniqueConstraint("source", "sha256", name="uq_release_source_sha256"),
    )
    op.create_table(
        "sources",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("current_release_id", sa.Integer, sa.ForeignKey("releases.id", name="fk_sources_current"),
                  nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_id", sa.String(200), primary_key=True),
        sa.Column("schema", sa.String(50), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("target", sa.Boolean, nullable=False),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("programs", sa.JSON, nullable=True),
        sa.Column("keys", sa.JSON, nullable=True),
        sa.Column("listed_on", sa.String(20), nullable=True),
        sa.Column("related_ids", sa.JSON, nullable=True),
        sa.Column("record", sa.JSON, nullable=True),
        sa.Column("record_hash", sa.String(64), nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("statements", sa.JSON, nullable=False),
    )
    op.create_index("ix_entities_entity_id", "entities", ["entity_id"])
    op.create_index("ix_entities_reference", "entities", ["release_id", "reference"])
    op.create_table(
        "list_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("previous_release_id", sa.Integer, sa.ForeignKey("releases.id"), nullable=True),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("change", sa.String(10), nullable=False),
        sa.Column("date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changes", sa.JSON, nullable=True),
    )
    op.create_index("ix_list_changes_release", "list_changes", ["release_id"])
    op.create_index("ix_list_changes_entity", "list_changes", ["entity_id"])


def downgrade() -> None:
    op.drop_table("list_changes")
    op.drop_table("entities")
    op.drop_table("sources")
    op.drop_table("releases")
