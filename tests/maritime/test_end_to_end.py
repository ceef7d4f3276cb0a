"""Scenario -> detectors -> score, on several seeds: every planted event found, no near miss reported.

Also: every SQL statement the detectors send to the engine transpiles to Spark SQL with sqlglot,
since the detectors are meant to run unchanged on Spark."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detect import detect
from sanctionwatch.maritime.engine import DuckDBEngine
from sanctionwatch.maritime.scenario import generate, score
from sanctionwatch.maritime.scenario.score import PRECISION_TYPES

VESSELS_1718 = "lists/un-1718-vessels/1718_designated_vessels_2020-06-04.csv"
OFAC_SDN = "lists/ofac/sdn-csv-2024-05-03/sdn.csv"


@pytest.fixture(scope="module")
def list_store(tmp_path_factory, shared_file):
    """The real UN 1718 designated vessels list and OFAC SDN list in a new SQLite store."""
    from sanctionwatch.lists.releases import load_lists
    from sanctionwatch.store import open_store
    from sanctionwatch.store.database import default_url

    home = tmp_path_factory.mktemp("lists")
    store = open_store(url=default_url(home), home=home)
    load_lists([shared_file(VESSELS_1718)], store=store)
    load_lists([shared_file(OFAC_SDN)], store=store)
    yield store
    store.engine.dispose()


class RecordingEngine(DuckDBEngine):
    """The DuckDB engine, keeping the SQL it was asked to run."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements: list[str] = []

    def query(self, sql):
        self.statements.append(sql)
        return super().query(sql)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_events_found_and_near_misses_not_reported(seed, tmp_path, list_store):
    out = tmp_path / f"seed{seed}"
    generate(out, seed=seed, vessels=120, days=4, formats=("parquet",))
    engine = RecordingEngine(positions=[out / "parquet" / "positions.parquet"],
                             statics=[out / "parquet" / "statics.parquet"])
    run = detect(engine=engine, areas=Areas.load(ports_path="", anchorages_path="", land_path=""),
                 list_store=list_store, save=False)
    report = score(out / "truth.json", run.events)
    assert report.negatives_reported == [], report.negatives_reported
    assert report.misses == [], report.misses
    for t in report.types:
        if t.type in PRECISION_TYPES:
            assert t.false_alarms == 0, (t.type, report.false_alarms)
    assert report.precision == 1.0 and report.recall == 1.0
    planted_types = {t.type for t in report.types if t.truth}
    assert {"gap", "encounter", "loitering", "identity", "port_visit", "designated_vessel"} <= planted_types

    # the detectors' SQL is in the subset Spark shares
    assert engine.statements
    for sql in engine.statements:
        spark = sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE)[0]
        assert "QUALIFY" not in spark.upper()
    engine.close()
