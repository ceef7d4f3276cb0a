"""Shared fixtures. Real list files come from SANCTIONWATCH_SHARED_DATA (default ../shared/data):
tests that need them skip when it is absent, and fail when CI is set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sanctionwatch import settings

FIXTURES = Path(__file__).parent / "fixtures"


def _missing(what: str) -> None:
    message = f"{what} not found (set SANCTIONWATCH_SHARED_DATA to the shared data folder)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = settings.shared_data()
    if not path.is_dir():
        _missing(f"shared data folder {path}")
    return path


@pytest.fixture(scope="session")
def shared_file(shared_data):
    """``shared_file("lists/un/consolidated_2026-02-27.xml")`` -> Path, or skip/fail when missing."""

    def find(relative: str) -> Path:
        path = shared_data / relative
        if not path.exists():
            _missing(f"shared data file {path}")
        return path

    return find


@pytest.fixture(scope="session")
def un(shared_file):
    """``un("2026-02-27")`` -> the real UN consolidated list of that date."""
    return lambda date: shared_file(f"lists/un/consolidated_{date}.xml")


@pytest.fixture
def un_loaded_under_hash_seed(un, tmp_path):
    """``un_loaded_under_hash_seed("3")`` -> the environment of a SQLite data home of its own that holds
    the UN list of 2026-02-27, loaded by a process with that hash seed (for commands run in it)."""

    def load(seed: str) -> dict[str, str]:
        env = {**os.environ, "SANCTIONWATCH_HOME": str(tmp_path / f"seed-{seed}"), "SANCTIONWATCH_DATABASE_URL": "",
               "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "sanctionwatch", "lists", "load", str(un("2026-02-27"))], env=env,
                       check=True, capture_output=True)
        return env

    return load


# --- stores: every store test runs on SQLite, and on PostgreSQL when a server is given ----------------
# SANCTIONWATCH_TEST_DATABASE_URL names a PostgreSQL server and a role allowed to create databases;
# each test gets a database of its own. .ci/run starts a throwaway cluster and sets it.

PG_ADMIN_URL = os.environ.get("SANCTIONWATCH_TEST_DATABASE_URL", "")


def _backends() -> list:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture
def pg_url():
    if not PG_ADMIN_URL:
        if os.environ.get("CI"):
            pytest.fail("SANCTIONWATCH_TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI")
        pytest.skip("no PostgreSQL server (set SANCTIONWATCH_TEST_DATABASE_URL)")
    import uuid

    import psycopg

    name = "swt_" + uuid.uuid4().hex[:12]
    admin = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=_backends())
def store_env(request, tmp_path, monkeypatch):
    """Environment for a fresh store (home under tmp_path; SQLite or a new PostgreSQL database).
    Returns the dict of environment variables, also set in this process."""
    env = {"SANCTIONWATCH_HOME": str(tmp_path / "home")}
    if request.param == "postgresql":
        env["SANCTIONWATCH_DATABASE_URL"] = request.getfixturevalue("pg_url")
    else:
        monkeypatch.delenv("SANCTIONWATCH_DATABASE_URL", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def store(store_env):
    from sanctionwatch.store import open_store

    s = open_store()
    yield s
    s.dispose()


# --- Spark: one local session for the whole run (starting a JVM costs seconds) ----------------------

@pytest.fixture(scope="session")
def spark():
    """A local[2] SparkSession shared by every Spark test; skips without pyspark or Java, fails under CI."""
    import shutil

    try:
        import pyspark  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pyspark is not installed: CI must run the Spark tests")
        pytest.skip("pyspark is not installed")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI"):
            pytest.fail("no Java runtime: CI must run the Spark tests")
        pytest.skip("no Java runtime")
    from sanctionwatch.maritime.spark import spark_session

    # A test JVM lives a few minutes: stopping the JIT at C1 halves the warm-up of each new query shape
    # (measured: 57 s instead of 109 s for the first detect run on seed 1). Results are not affected.
    session = spark_session("local[2]", conf={"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1"})
    yield session
    session.stop()
