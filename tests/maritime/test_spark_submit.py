"""docs/scale.md's cluster recipe, run as written: `spark-submit sw_job.py ...` against a standalone
Spark cluster (Spark's ``local-cluster`` master: a master and two workers whose executors are JVMs of
their own, the driver a third). Detection gives the events of the embedded engine; bulk screening, whose
executors run Python, gives the local batch's bytes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sanctionwatch.demo import demo_files
from sanctionwatch.lists.releases import load_lists
from sanctionwatch.maritime.detect import detect
from sanctionwatch.maritime.ingest import ingest
from sanctionwatch.maritime.scenario import generate
from sanctionwatch.store import open_store

JOB = "import sys\nfrom sanctionwatch.cli import main\nsys.exit(main())\n"   # docs/scale.md's sw_job.py


def _spark_submit() -> str:
    found = Path(sys.executable).with_name("spark-submit")
    if not found.exists() or shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("spark-submit or Java missing: CI must run the cluster recipe")
        pytest.skip("spark-submit or Java missing")
    return str(found)


@pytest.fixture(scope="module")
def cluster_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("cluster")
    store = open_store(home=home)
    for path in demo_files():
        load_lists([path], force=True, store=store)
    generate(home / "scenario", seed=5, vessels=60, days=2, formats=("nmea",))
    ingest(sorted((home / "scenario" / "nmea").glob("*.nmea")), home=home)
    (home / "sw_job.py").write_text(JOB)
    yield home, store
    store.dispose()


def _submit(home: Path, *args: str) -> subprocess.CompletedProcess:
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "SANCTIONWATCH_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1",
           # spark-submit finds Spark through the python on PATH, and the executors' Python workers
           # must be this interpreter (it has sanctionwatch installed).
           "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "PYSPARK_PYTHON": sys.executable}
    env.pop("SANCTIONWATCH_DATABASE_URL", None)
    proc = subprocess.run([_spark_submit(), "--master", "local-cluster[2,1,1024]", "--driver-memory", "1g",
                           "--conf", "spark.sql.shuffle.partitions=4", "sw_job.py", *args],
                          cwd=home, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def test_detection_submitted_to_a_standalone_cluster(cluster_home):
    home, store = cluster_home
    proc = _submit(home, "ais", "detect", "--engine", "spark", "--format", "json", "-o", "events.json")
    assert "Registered app" in proc.stderr or "app-" in proc.stderr   # a standalone master ran the job
    on_cluster = json.loads((home / "events.json").read_text())
    embedded = detect(home=home, list_store=store, save=False)
    assert on_cluster and sorted(e["id"] for e in on_cluster) == sorted(e.id for e in embedded.events)


def test_bulk_screening_submitted_to_a_standalone_cluster(cluster_home):
    home, _ = cluster_home
    (home / "names.csv").write_text("name,schema\nRa Kyung-su,Person\n라경수,Person\nCHON MA SAN,Vessel\n"
                                    "John Smith,Person\n", encoding="utf-8")
    _submit(home, "screen", "batch", "--engine", "spark", "names.csv", "-o", "cluster.csv")
    env = {**os.environ, "SANCTIONWATCH_HOME": str(home)}
    env.pop("SANCTIONWATCH_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "sanctionwatch", "screen", "batch", "names.csv", "-o", "local.csv"],
                   cwd=home, env=env, check=True, capture_output=True, timeout=600)
    cluster, local = (home / "cluster.csv").read_bytes(), (home / "local.csv").read_bytes()
    assert cluster == local and b"KPi.008" in cluster and b"8660313" in cluster
