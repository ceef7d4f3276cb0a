"""Trade: imported Comtrade files and their rows; reported refined-petroleum deliveries.

Revision ID: 0005_trade
Revises: 0004_api_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_trade"
down_revision = "0004_api_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trade_imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("flagged", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("sha256", name="uq_trade_imports_sha256"),
    )
    op.create_table(
        "trade_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("trade_imports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("reporter_code", sa.Integer, nullable=False),
        sa.Column("reporter_iso", sa.String(3), nullable=True),
        sa.Column("reporter_name", sa.String(200), nullable=True),
        sa.Column("partner_code", sa.Integer, nullable=False),
        sa.Column("partner_iso", sa.String(3), nullable=True),
        sa.Column("partner_name", sa.String(200), nullable=True),
        sa.Column("flow", sa.String(2), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("month", sa.Integer, nullable=True),
        sa.Column("period", sa.String(6), nullable=False),
        sa.Column("hs", sa.String(6), nullable=False),
        sa.Column("hs_desc", sa.Text, nullable=True),
        sa.Column("classification", sa.String(10), nullable=True),
        sa.Column("value_usd", sa.Float, nullable=True),
        sa.Column("cif_usd", sa.Float, nullable=True),
        sa.Column("fob_usd", sa.Float, nullable=True),
        sa.Column("net_kg", sa.Float, nullable=True),
        sa.Column("qty", sa.Float, nullable=True),
        sa.Column("qty_unit", sa.String(20), nullable=True),
        sa.Column("flags", sa.JSON, nullable=False),
    )
    op.create_index("ix_trade_records_partner", "trade_records", ["partner_code", "hs"])
    op.create_index("ix_trade_records_reporter", "trade_records", ["reporter_code", "hs"])
    op.create_table(
        "petroleum_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("supplier", sa.String(100), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("product", sa.String(40), nullable=False),
        sa.Column("quantity", sa.Float, nullable=False),
        sa.Column("unit", sa.String(3), nullable=False),
        sa.Column("bbl_per_tonne", sa.Float, nullable=True),
        sa.Column("barrels", sa.Float, nullable=False),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("batch_sha256", sa.String(64), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entered_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_petroleum_deliveries_month", "petroleum_deliveries", ["month"])


def downgrade() -> None:
    op.drop_table("petroleum_deliveries")
    op.drop_table("trade_records")
    op.drop_table("trade_imports")
