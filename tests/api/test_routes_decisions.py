"""POST /api/decisions: a decision on a screening result, recorded with the key as the actor."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.keys import create_key
from sanctionwatch.api.routes import decisions

DEMO = Path(__file__).resolve().parents[2] / "sanctionwatch" / "data" / "demo"


def _client(app, store, role):
    key, row = create_key(f"{role}-key", role, store=store)
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {key}"
    client.key_id = row["id"]
    return client


@pytest.fixture
def screened(store):
    from sanctionwatch.lists.releases import load_lists
    from sanctionwatch.screening.screener import screen

    load_lists([DEMO / "un_1718_vessels_demo.csv"], force=True, store=store)
    result = screen({"schema": "Vessel", "properties": {"name": ["CHON MA SAN"]}}, store=store, actor="test")
    assert result.results
    return result


def test_decide(store, screened):
    from sanctionwatch.screening.screener import screen

    app = create_app(store, routers=[decisions.router])
    screener = _client(app, store, "screen")
    entity = screened.results[0]["id"]
    answer = screener.post("/api/decisions", json={"screening_id": screened.screening_id, "entity_id": entity,
                                                   "decision": "no_match", "note": "different tanker"})
    assert answer.status_code == 201, answer.text
    saved = answer.json()
    assert saved["actor"] == f"key:{screener.key_id}:screen-key" and saved["decision"] == "no_match"
    # Shown on the next screening of the same query.
    again = screen({"schema": "Vessel", "properties": {"name": ["CHON MA SAN"]}}, store=store, actor="test")
    assert again.results[0]["decision"]["actor"] == saved["actor"]


def test_refusals(store, screened):
    app = create_app(store, routers=[decisions.router])
    screener = _client(app, store, "screen")
    body = {"screening_id": screened.screening_id, "entity_id": screened.results[0]["id"], "decision": "match"}
    assert screener.post("/api/decisions", json={**body, "decision": "maybe"}).status_code == 422
    assert screener.post("/api/decisions", json={**body, "screening_id": 9999}).status_code == 404
    assert screener.post("/api/decisions", json={**body, "screening_id": 2**40}).status_code == 422
    unknown = screener.post("/api/decisions", json={**body, "entity_id": "no-such-entity"})
    assert unknown.status_code == 404 and "no-such-entity" in unknown.json()["error"]
    reader = _client(app, store, "read")
    low = reader.post("/api/decisions", json=body)
    assert low.status_code == 403 and "screen" in low.json()["error"]
    assert TestClient(app).post("/api/decisions", json=body).status_code == 401


def test_decisions_under_concurrent_matches_are_not_refused(store, screened):
    """Decisions read the screening, then insert: on SQLite, begun DEFERRED, a /match committing its audit
    row in between made the insert fail at once ("database is locked" -> 503) instead of waiting."""
    import threading

    from sanctionwatch.api.routes import yente

    app = create_app(store, routers=[yente.router, decisions.router])
    body = {"screening_id": screened.screening_id, "entity_id": screened.results[0]["id"], "decision": "unsure"}
    query = {"queries": {"q": {"schema": "Vessel", "properties": {"name": ["CHON MA SAN"]}}}}
    statuses: list[tuple[str, int, str]] = []
    start = threading.Barrier(8)

    def run(kind: str) -> None:
        client = _client(app, store, "screen")
        start.wait()
        for _ in range(12):
            if kind == "match":
                answer = client.post("/match/default", json=query)
            else:
                answer = client.post("/api/decisions", json=body)
            statuses.append((kind, answer.status_code, answer.text[:200]))

    threads = [threading.Thread(target=run, args=(kind,)) for kind in ["match", "decide"] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [s for s in statuses if s[1] not in (200, 201)]
    assert not refused, refused[:3]
    assert sum(1 for kind, code, _ in statuses if kind == "decide" and code == 201) == 48
