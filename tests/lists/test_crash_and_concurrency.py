"""A load killed mid-way, and two loads at once: the store stays consistent on both backends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from sqlalchemy import func, select

from sanctionwatch.lists.catalog import list_releases, list_stats
from sanctionwatch.lists.releases import load_lists
from sanctionwatch.store import open_store
from sanctionwatch.store.schema import entities, list_changes, releases
from tests.lists.conftest import OFAC_2024, state


def _cli(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sanctionwatch", "-v", *args], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigkill_during_write_leaves_previous_release_current(store, store_env, un, shared_file):
    load_lists([un("2026-02-27")], store=store)
    load_lists([shared_file("lists/ofac/sdn-csv-set-2021-07/sdn.csv")], store=store, force=True)
    before = state(store)
    proc = _cli("lists", "load", str(shared_file(OFAC_2024)), "--force", env=store_env)
    deadline = time.time() + 120
    seen = ""
    while time.time() < deadline:
        line = proc.stderr.readline()
        seen += line
        if "writing" in line:
            break
        assert line, f"load ended before writing: {seen}"
    time.sleep(0.3)  # well inside the insert of ~60,000 rows
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    fresh = open_store()  # what a new process sees after the crash
    after = state(fresh)
    assert after["releases"] == before["releases"] and after["sources"] == before["sources"]
    assert after["entities"] == before["entities"] and after["changes"] == before["changes"]
    with fresh.read() as conn:
        orphans = conn.execute(select(func.count()).select_from(entities).where(
            entities.c.release_id.not_in(select(releases.c.id)))).scalar_one()
    assert orphans == 0
    # the next load succeeds
    done = _cli("lists", "load", str(shared_file(OFAC_2024)), "--force", env=store_env)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert [r["designations"] for r in list_releases(store=fresh) if r["current"] and r["source"] == "ofac_sdn"] \
        == [14965]
    fresh.dispose()


def test_two_loads_at_once_do_not_interleave(store, un):
    errors: list[BaseException] = []

    def load(date: str) -> None:
        try:
            load_lists([un(date)], store=open_store(), force=True)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(d,)) for d in ("2024-09-26", "2026-02-27")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors
    rels = list_releases(store=store)
    assert len(rels) == 2
    with store.read() as conn:
        for rel in rels:
            n = conn.execute(select(func.count()).select_from(entities)
                             .where(entities.c.release_id == rel["id"])).scalar_one()
            assert n == rel["entities"]  # each release complete, none mixed into the other
        changes = conn.execute(select(list_changes.c.release_id, list_changes.c.previous_release_id)
                               .distinct()).all()
    current = [r for r in rels if r["current"]]
    assert len(current) == 1
    # whichever committed second was compared with the first, never with a half-written one
    if changes:
        [(rel_id, prev_id)] = changes
        assert {rel_id, prev_id} == {r["id"] for r in rels}
    assert sum(r["count"] for r in list_stats(store=store) if r["source"] == "un_sc") == current[0]["designations"]
