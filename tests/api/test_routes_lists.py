"""/api/lists: releases, diffs (release ids, SOURCE@DATE; never a file path) and the polled change feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.keys import create_key, revoke_key
from sanctionwatch.api.routes import lists

DEMO = Path(__file__).resolve().parents[2] / "sanctionwatch" / "data" / "demo"


def _load(store, tmp_path: Path) -> None:
    """Three UN releases: the second (2026-01-06) drops KPi.001, the third (2026-01-10) lists it again."""
    from sanctionwatch.lists.releases import load_lists

    text = (DEMO / "un_sc_demo.xml").read_text(encoding="utf-8")
    first = tmp_path / "un_first.xml"
    first.write_text(text.replace('dateGenerated="2026-02-27T00:00:09.554Z"', 'dateGenerated="2026-01-01T00:00:00Z"'),
                     encoding="utf-8")
    start = text.index("<INDIVIDUAL>")
    end = text.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    second = tmp_path / "un_second.xml"
    second.write_text((text[:start] + text[end:]).replace('dateGenerated="2026-02-27T00:00:09.554Z"',
                                                          'dateGenerated="2026-01-06T00:00:00Z"'), encoding="utf-8")
    third = tmp_path / "un_third.xml"
    third.write_text(text.replace('dateGenerated="2026-02-27T00:00:09.554Z"', 'dateGenerated="2026-01-10T00:00:00Z"'),
                     encoding="utf-8")
    for path in (first, second, third):
        load_lists([path], force=True, store=store)


@pytest.fixture
def api(store, tmp_path):
    _load(store, tmp_path)
    client = TestClient(create_app(store, routers=[lists.router]))
    key, row = create_key("reader", "read", store=store)
    client.headers["Authorization"] = f"Bearer {key}"
    client.key_row = row
    return client


def test_releases_diff_and_feed(api, store):
    releases = api.get("/api/lists/releases").json()
    assert [r["date"] for r in releases] == ["2026-01-01", "2026-01-06", "2026-01-10"]
    assert [r["current"] for r in releases] == [False, False, True]
    assert api.get("/api/lists/releases", params={"source": "nosuch"}).json() == []
    old, new = releases[0]["id"], releases[1]["id"]

    by_id = api.get("/api/lists/diff", params={"old": old, "new": new}).json()
    assert [(d["reference"], d["schema"]) for d in by_id["removed"]] == [("KPi.001", "Person")]
    assert by_id["added"] == [] and by_id["removed"][0]["delisted_by"] == "2026-01-06"
    by_date = api.get("/api/lists/diff", params={"old": "un_sc@2026-01-01", "new": "un_sc@2026-01-06",
                                                 "program": "DPRK"}).json()
    assert by_date["removed"] == by_id["removed"] and by_date["old"]["release"] == old

    # The feed: the removal, then the new listing; paged by since_id as a client polls.
    everything = api.get("/api/lists/changes", params={"limit": 1000}).json()
    assert everything["more"] is False
    assert [(c["change"], c["reference"]) for c in everything["changes"]] == [("removed", "KPi.001"),
                                                                            ("added", "KPi.001")]
    page = api.get("/api/lists/changes", params={"limit": 1}).json()
    assert len(page["changes"]) == 1 and page["more"] is True
    rest = api.get("/api/lists/changes", params={"since_id": page["next_since_id"], "limit": 1000}).json()
    assert [c["id"] for c in page["changes"] + rest["changes"]] == [c["id"] for c in everything["changes"]]
    idle = api.get("/api/lists/changes", params={"since_id": rest["next_since_id"]}).json()
    assert idle == {"changes": [], "next_since_id": rest["next_since_id"], "more": False}


def test_diff_refuses_files_and_unknown_releases(api, tmp_path):
    # history.diff_releases parses a file path for the CLI; over HTTP that would read server files.
    listed = tmp_path / "un_first.xml"
    answer = api.get("/api/lists/diff", params={"old": str(listed), "new": "2"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"].startswith("old=") and answer.json()["ok"] is False
    assert api.get("/api/lists/diff", params={"old": "../../etc/passwd", "new": "1"}).status_code == 400
    missing = api.get("/api/lists/diff", params={"old": "1", "new": "999"})
    assert missing.status_code == 404 and "999" in missing.json()["error"]
    assert api.get("/api/lists/diff", params={"old": "un_sc@2020-01-01", "new": "1"}).status_code == 404
    assert api.get("/api/lists/changes", params={"limit": 5000}).status_code == 422


def test_keys_refused(api, store):
    # read is the lowest role, so no key can be too low for these routes: only no key or a dead key.
    bare = TestClient(api.app)
    for path in ("/api/lists/releases", "/api/lists/changes", "/api/lists/diff?old=1&new=2"):
        answer = bare.get(path)
        assert answer.status_code == 401 and answer.json()["status"] == 401
    assert bare.get("/api/lists/releases", headers={"Authorization": "Bearer sw_nonsense"}).status_code == 401
    revoke_key(api.key_row["id"], store=store)
    assert api.get("/api/lists/releases").status_code == 401
