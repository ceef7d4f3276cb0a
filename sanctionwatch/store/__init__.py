"""Storage adapters: the relational store (SQLite by default, PostgreSQL for servers) and raw-file blobs."""

from sanctionwatch.store.database import Store, open_store

__all__ = ["Store", "open_store"]
