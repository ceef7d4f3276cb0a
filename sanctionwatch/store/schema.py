"""The relational schema. Alembic migrations in ``migrations/versions`` create exactly this;
a test compares the two."""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table,
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
