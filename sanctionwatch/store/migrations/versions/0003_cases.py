"""Cases: cases, links, evidence, claims, reviews, corrections, letters, replies, and the hash-chained audit.

Revision ID: 0003_cases
Revises: 0002_screening
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_cases"
down_revision = "0002_screening"
branch_labels = None
depends_on = None


def _recorded() -> list[sa.Column]:
    return [sa.Column("created_at", sa.DateTime, nullable=False),
            sa.Column("created_by", sa.String(200), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("typology", sa.String(60), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("period_start", sa.DateTime, nullable=True),
        sa.Column("period_end", sa.DateTime, nullable=True),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "case_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref", sa.String(300), nullable=False),
        sa.Column("label", sa.Text, nullable=True),
        sa.Column("data", sa.JSON, nullable=True),
        *_recorded(),
        sa.UniqueConstraint("case_id", "kind", "ref", name="uq_case_links_ref"),
    )
    op.create_table(
        "case_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("filename", sa.String(300), nullable=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("description", sa.Text, nullable=True),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("source_kind", sa.String(40), nullable=False),
        sa.Column("origin_chain", sa.JSON, nullable=False),
        sa.Column("reliability", sa.String(1), nullable=False),
        sa.Column("reliability_reason", sa.Text, nullable=True),
        sa.Column("credibility", sa.Integer, nullable=False),
        sa.Column("collected_at", sa.DateTime, nullable=True),
        sa.Column("collected_by", sa.String(200), nullable=True),
        sa.Column("captured_at", sa.DateTime, nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("language", sa.String(20), nullable=True),
        sa.Column("machine_translated", sa.Boolean, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        *_recorded(),
    )
    op.create_index("ix_case_evidence_case", "case_evidence", ["case_id"])
    op.create_index("ix_case_evidence_sha256", "case_evidence", ["sha256"])
    op.create_table(
        "case_claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        *_recorded(),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_case_claims_case", "case_claims", ["case_id"])
    op.create_table(
        "case_claim_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("case_claims.id"), nullable=False),
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("case_evidence.id"), nullable=False),
        sa.Column("relation", sa.String(20), nullable=False),
        *_recorded(),
        sa.UniqueConstraint("claim_id", "evidence_id", name="uq_case_claim_evidence"),
    )
    op.create_table(
        "case_reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("case_claims.id"), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("view", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        *_recorded(),
    )
    op.create_table(
        "case_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("case_claims.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("previous_text", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        *_recorded(),
    )
    op.create_table(
        "case_letters",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("case_claims.id"), nullable=True),
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("case_evidence.id"), nullable=True),
        sa.Column("party", sa.Text, nullable=False),
        sa.Column("party_kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=False),
        sa.Column("deadline", sa.DateTime, nullable=False),
        *_recorded(),
    )
    op.create_table(
        "case_replies",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("letter_id", sa.Integer, sa.ForeignKey("case_letters.id"), nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("assessment", sa.Text, nullable=True),
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("case_evidence.id"), nullable=True),
        *_recorded(),
    )
    op.create_table(
        "case_audit",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_kind", sa.String(20), nullable=False),
        sa.Column("object_id", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_case_audit_object", "case_audit", ["object_kind", "object_id"])


def downgrade() -> None:
    for table in ("case_audit", "case_replies", "case_letters", "case_corrections", "case_reviews",
                  "case_claim_evidence", "case_claims", "case_evidence", "case_links", "cases"):
        op.drop_table(table)
