"""The Alembic migrations build exactly the schema the code declares, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sanctionwatch.store.schema import metadata


def test_migrated_schema_matches_metadata(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_reopening_does_not_migrate_again(store):
    from sanctionwatch.store import open_store

    again = open_store()
    with again.read() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    assert version == "0005_trade"
    again.dispose()
