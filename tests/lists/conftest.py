from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sanctionwatch.store.schema import entities, list_changes, releases, sources

UN = "lists/un/consolidated_{}.xml"
OFAC_2024 = "lists/ofac/sdn-csv-2024-05-03/sdn.csv"
VESSELS_CSV = "lists/un-1718-vessels/1718_designated_vessels_2020-06-04.csv"


def state(store) -> dict:
    """Everything a refused load must leave as it was."""
    with store.read() as conn:
        snap = {
            "releases": conn.execute(select(releases.c.id, releases.c.source, releases.c.sha256)
                                     .order_by(releases.c.id)).all(),
            "sources": conn.execute(select(sources.c.name, sources.c.current_release_id)
                                    .order_by(sources.c.name)).all(),
            "entities": conn.execute(select(func.count()).select_from(entities)).scalar_one(),
            "changes": conn.execute(select(func.count()).select_from(list_changes)).scalar_one(),
        }
    blobs = store.blob_dir
    snap["blobs"] = sorted(p.name for p in blobs.rglob("*") if p.is_file()) if blobs.exists() else []
    return snap
