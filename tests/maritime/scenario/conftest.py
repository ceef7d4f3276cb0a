"""One small scenario (all formats) shared by the scenario tests."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from sanctionwatch.maritime.scenario import generate

SEED = 7


@pytest.fixture(scope="session")
def scenario(tmp_path_factory):
    out = tmp_path_factory.mktemp("scenario")
    summary = generate(out, seed=SEED, vessels=90, days=3, formats=("nmea", "csv", "parquet"))
    manifest = json.loads((out / "scenario.json").read_text())
    return {
        "out": out, "summary": summary, "manifest": manifest,
        "truth": json.loads((out / "truth.json").read_text()),
        "positions": pq.read_table(out / "parquet" / "positions.parquet"),
        "statics": pq.read_table(out / "parquet" / "statics.parquet"),
    }
