"""The relational schema. Alembic migrations in ``migrations/versions`` create exactly this;
a test compares the two."""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table,
                        Text, UniqueConstraint)

metadata = MetaData()

# One row per list source; ``current_release_id`` is the release that screening and exports read.
# Switching it is the last statement of a load's transaction, so readers see old or new, never a mix.
sources = Table(
    "sources", metadata,
    Column("name", String(100), primary_key=True),
    Column("current_release_id", Integer, ForeignKey("releases.id", use_alter=True, name="fk_sources_current"),
           nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

releases = Table(
    "releases", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Column("published_date", String(10), nullable=True),  # the day as the file states it, in its own offset
    Column("published_basis", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),      # of the file, or of the manifest of a file set
    Column("files", JSON, nullable=False),             # [{name, sha256, size}]
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("parser_version", String(20), nullable=False),
    Column("designations", Integer, nullable=False),
    Column("entities", Integer, nullable=False),
    Column("counts", JSON, nullable=False),            # [{program, schema, count}]
    Column("warnings", JSON, nullable=False),
    Column("forced", Boolean, nullable=False, default=False),
    Column("note", Text, nullable=True),
    UniqueConstraint("source", "sha256", name="uq_release_source_sha256"),
)

# Each release keeps its own copy of its entities: releases are immutable and any two can be diffed.
entities = Table(
    "entities", metadata,
    Column("release_id", Integer, ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("schema", String(50), nullable=False),
    Column("caption", Text, nullable=False),
    Column("target", Boolean, nullable=False),
    Column("reference", String(200), nullable=True),
    Column("programs", JSON, nullable=True),
    Column("keys", JSON, nullable=True),
    Column("listed_on", String(20), nullable=True),
    Column("related_ids", JSON, nullable=True),        # targets: ids of the entities describing them
    Column("record", JSON, nullable=True),             # targets: flattened fields, compared by diffs
    Column("record_hash", String(64), nullable=True),
    Column("data", JSON, nullable=False),              # FtM entity dict (cleaned values)
    Column("statements", JSON, nullable=False),        # [[prop, value, original or null, lang or null]]
)
Index("ix_entities_entity_id", entities.c.entity_id)
Index("ix_entities_reference", entities.c.release_id, entities.c.reference)

# Dated list events, written when a release becomes current: additions, delistings, amendments.
list_changes = Table(
    "list_changes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), nullable=False),
    Column("release_id", Integer, ForeignKey("releases.id", ondelete="CASCADE"), nullable=False),
    Column("previous_release_id", Integer, ForeignKey("releases.id"), nullable=True),
    Column("entity_id", String(200), nullable=False),
    Column("reference", String(200), nullable=True),
    Column("caption", Text, nullable=False),
    Column("change", String(10), nullable=False),      # added | removed | changed
    Column("date", DateTime(timezone=True), nullable=True),
    Column("changes", JSON, nullable=True),
)
Index("ix_list_changes_release", list_changes.c.release_id)
Index("ix_list_changes_entity", list_changes.c.entity_id)

# Every screening, by any channel: what was asked, against which releases, with which algorithm and
# threshold, and what came back with its explanations. Rows are only ever inserted.
screenings = Table(
    "screenings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("channel", String(20), nullable=False),       # cli | library | api | batch
    Column("query", JSON, nullable=False),
    Column("fingerprint", String(64), nullable=False),   # of the cleaned query: decisions attach to it
    Column("releases", JSON, nullable=False),            # {source: release id}
    Column("algorithm", String(40), nullable=False),
    Column("threshold", String(10), nullable=False),
    Column("results", JSON, nullable=False),
)
Index("ix_screenings_fingerprint", screenings.c.fingerprint)

# An analyst's decision on one result. It applies to later screenings of the same query against the
# same entity as long as the entity's record is unchanged (record_hash).
decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("screening_id", Integer, ForeignKey("screenings.id"), nullable=True),
    Column("fingerprint", String(64), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("record_hash", String(64), nullable=False),
    Column("decision", String(10), nullable=False),      # match | no_match | unsure
    Column("note", Text, nullable=True),
)
Index("ix_decisions_lookup", decisions.c.fingerprint, decisions.c.entity_id)

# --- cases (sanctionwatch/cases) -------------------------------------------------------------------------
# Times are naive UTC. Every row written here has an audit entry in ``case_audit`` written in the same
# transaction whose payload is the row's full state, so an edited row is caught as well as an edited entry.

cases = Table(
    "cases", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("typology", String(60), nullable=False),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("period_start", DateTime, nullable=True),
    Column("period_end", DateTime, nullable=True),
    Column("opened_at", DateTime, nullable=False),
    Column("opened_by", String(200), nullable=False),
)

case_links = Table(
    "case_links", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("kind", String(20), nullable=False),          # entity | vessel | event | media | case
    Column("ref", String(300), nullable=False),
    Column("label", Text, nullable=True),
    Column("data", JSON, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("case_id", "kind", "ref", name="uq_case_links_ref"),
)

# One row per acquisition of a file; the same bytes from two sources are two rows over one stored file.
case_evidence = Table(
    "case_evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=True),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("filename", String(300), nullable=True),
    Column("kind", String(40), nullable=False),
    Column("title", Text, nullable=True),
    Column("description", Text, nullable=True),
    Column("source_name", Text, nullable=False),
    Column("source_kind", String(40), nullable=False),
    Column("origin_chain", JSON, nullable=False),
    Column("reliability", String(1), nullable=False),
    Column("reliability_reason", Text, nullable=True),
    Column("credibility", Integer, nullable=False),
    Column("collected_at", DateTime, nullable=True),
    Column("collected_by", String(200), nullable=True),
    Column("captured_at", DateTime, nullable=True),
    Column("url", Text, nullable=True),                  # where it was found; never fetched
    Column("language", String(20), nullable=True),
    Column("machine_translated", Boolean, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
)
Index("ix_case_evidence_case", case_evidence.c.case_id)
Index("ix_case_evidence_sha256", case_evidence.c.sha256)

case_claims = Table(
    "case_claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("text", Text, nullable=False),                # the current text; earlier texts in case_corrections
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Index("ix_case_claims_case", case_claims.c.case_id)

case_claim_evidence = Table(
    "case_claim_evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Integer, ForeignKey("case_claims.id"), nullable=False),
    Column("evidence_id", Integer, ForeignKey("case_evidence.id"), nullable=False),
    Column("relation", String(20), nullable=False),      # supports | contradicts
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("claim_id", "evidence_id", name="uq_case_claim_evidence"),
)

case_reviews = Table(
    "case_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Integer, ForeignKey("case_claims.id"), nullable=False),
    Column("reviewer", String(200), nullable=False),
    Column("view", String(20), nullable=False),          # concur | minority
    Column("text", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
)

case_corrections = Table(
    "case_corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Integer, ForeignKey("case_claims.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("previous_text", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
)

case_letters = Table(
    "case_letters", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("claim_id", Integer, ForeignKey("case_claims.id"), nullable=True),
    Column("evidence_id", Integer, ForeignKey("case_evidence.id"), nullable=True),
    Column("party", Text, nullable=False),
    Column("party_kind", String(40), nullable=False),
    Column("subject", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("sent_at", DateTime, nullable=False),
    Column("deadline", DateTime, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
)

case_replies = Table(
    "case_replies", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("letter_id", Integer, ForeignKey("case_letters.id"), nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("summary", Text, nullable=False),
    Column("assessment", Text, nullable=True),
    Column("evidence_id", Integer, ForeignKey("case_evidence.id"), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
)

# Append-only, hash-chained: hash = sha256(canonical JSON of the other columns, prev_hash included).
case_audit = Table(
    "case_audit", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("object_kind", String(20), nullable=False),
    Column("object_id", Integer, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_case_audit_object", case_audit.c.object_kind, case_audit.c.object_id)

# --- API keys (sanctionwatch/api) ------------------------------------------------------------------------
# Only the SHA-256 of a key is kept; ``prefix`` (its first characters) finds the row and lets people tell
# keys apart in listings. ``case_ids`` null = every case; a list limits the key to those cases.
api_keys = Table(
    "api_keys", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("role", String(20), nullable=False),          # read | screen | analyst | admin
    Column("key_hash", String(64), nullable=False),
    Column("prefix", String(12), nullable=False),
    Column("case_ids", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
)
Index("ix_api_keys_prefix", api_keys.c.prefix)

# --- trade (sanctionwatch/trade) --------------------------------------------------------------------------
# One row per imported Comtrade file: the same bytes import once. Its records keep the file's row number so
# a finding can point at the row it rests on.
trade_imports = Table(
    "trade_imports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("filename", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("format", String(40), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("flagged", Integer, nullable=False),         # rows kept with a DPRK/ROK mix-up flag
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("imported_by", String(200), nullable=False),
    UniqueConstraint("sha256", name="uq_trade_imports_sha256"),
)

trade_records = Table(
    "trade_records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("trade_imports.id", ondelete="CASCADE"), nullable=False),
    Column("row_number", Integer, nullable=False),      # JSON: record number; CSV: line
    Column("reporter_code", Integer, nullable=False),   # M49
    Column("reporter_iso", String(3), nullable=True),
    Column("reporter_name", String(200), nullable=True),
    Column("partner_code", Integer, nullable=False),
    Column("partner_iso", String(3), nullable=True),
    Column("partner_name", String(200), nullable=True),
    Column("flow", String(2), nullable=False),          # M | X | RM | RX, as the reporter declares it
    Column("year", Integer, nullable=False),
    Column("month", Integer, nullable=True),            # null: an annual figure
    Column("period", String(6), nullable=False),
    Column("hs", String(6), nullable=False),            # TOTAL or 2/4/6 digits
    Column("hs_desc", Text, nullable=True),
    Column("classification", String(10), nullable=True),
    Column("value_usd", Float, nullable=True),          # Comtrade primaryValue
    Column("cif_usd", Float, nullable=True),
    Column("fob_usd", Float, nullable=True),
    Column("net_kg", Float, nullable=True),
    Column("qty", Float, nullable=True),
    Column("qty_unit", String(20), nullable=True),
    Column("flags", JSON, nullable=False),
)
Index("ix_trade_records_partner", trade_records.c.partner_code, trade_records.c.hs)
Index("ix_trade_records_reporter", trade_records.c.reporter_code, trade_records.c.hs)

# Refined-petroleum deliveries as States reported them to the 1718 Committee (2397 OP5): barrels, or tonnes
# converted with the product's factor (kept beside the figure, so the conversion can be checked).
petroleum_deliveries = Table(
    "petroleum_deliveries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("supplier", String(100), nullable=False),
    Column("month", String(7), nullable=False),         # YYYY-MM
    Column("product", String(40), nullable=False),
    Column("quantity", Float, nullable=False),
    Column("unit", String(3), nullable=False),          # bbl | t
    Column("bbl_per_tonne", Float, nullable=True),
    Column("barrels", Float, nullable=False),
    Column("source", Text, nullable=True),
    Column("batch_sha256", String(64), nullable=True),  # the imported file, if any
    Column("entered_at", DateTime(timezone=True), nullable=False),
    Column("entered_by", String(200), nullable=False),
)
Index("ix_petroleum_deliveries_month", petroleum_deliveries.c.month)
