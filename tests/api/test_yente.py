"""The yente-compatible routes on the demo lists: shapes as yente's, filters, refusals, and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sanctionwatch.store.schema import screenings

RESULT_KEYS = {"id", "caption", "schema", "properties", "datasets", "referents", "target", "first_seen",
               "last_seen", "last_change", "score", "features", "match", "explanations"}


def _query(name: str, schema: str = "Person", **props) -> dict:
    return {"schema": schema, "properties": {"name": [name], **props}}


def _match(client, queries: dict, dataset: str = "default", **params):
    return client.post(f"/match/{dataset}", json={"queries": queries}, params=params)


def test_match_answers_in_yentes_shape_and_is_audited(client_for, api_store):
    client = client_for("screen", name="kyc-desk")
    resp = _match(client, {"latin": _query("Kim Jong Un"), "hangul": _query("김정은"),
                           "cyrillic": _query("Ким Чен Ын")})
    assert resp.status_code == 200, resp.text
    assert resp.headers["x-batch-size"] == "3"
    body = resp.json()
    assert set(body) == {"responses", "matcher", "limit"} and body["limit"] == 5
    # yente's FeatureDocs of the matcher used: the features /algorithms lists for it.
    algos = client.get("/algorithms").json()
    [algo] = [a for a in algos["algorithms"] if a["name"] == algos["default"]]
    assert body["matcher"] == algo["features"]
    assert set(body["matcher"]["name"]) == {"description", "coefficient", "url"}
    assert body["matcher"]["name"]["coefficient"] == pytest.approx(0.9)
    for key in ("latin", "hangul", "cyrillic"):
        answer = body["responses"][key]
        assert answer["status"] == 200 and answer["total"]["relation"] == "eq"
        assert answer["query"]["schema"] == "Person"
        top = answer["results"][0]
        assert RESULT_KEYS <= set(top)
        assert top["id"] == "ofac-20157" and top["caption"] == "Jong Un KIM" and top["match"] is True
        assert top["datasets"] == ["ofac_sdn"] and top["target"] is True
        assert top["properties"]["birthDate"] == ["1984-01-08"]
        assert top["score"] > 0.85 and top["features"]["name"] > 0.9
        name = top["explanations"]["name"]
        assert set(name) >= {"score", "detail", "query", "candidate"} and "KIM" in name["detail"]
        assert all(not r["match"] for r in answer["results"][1:])
        assert answer["algorithm"] == "name-v3" and answer["threshold"] == pytest.approx(0.7)
    assert body["responses"]["latin"]["query"]["properties"]["name"] == ["Kim Jong Un"]

    key_id = client.key_row["id"]
    with api_store.read() as conn:
        rows = conn.execute(select(screenings).order_by(screenings.c.id)).all()
    assert len(rows) == 3
    assert {r.actor for r in rows} == {f"key:{key_id}:kyc-desk"} and {r.channel for r in rows} == {"api"}
    assert {r.query["properties"]["name"][0] for r in rows} == {"Kim Jong Un", "김정은", "Ким Чен Ын"}
    ids = {a["screening_id"] for a in body["responses"].values()}
    assert ids == {r.id for r in rows}


def test_match_parameters(client_for):
    client = client_for("screen")
    q = {"q": _query("Kim Jong Un")}
    assert len(_match(client, q, limit=2).json()["responses"]["q"]["results"]) == 2
    strict = _match(client, q, threshold=0.95).json()["responses"]["q"]
    assert strict["threshold"] == 0.95 and not any(r["match"] for r in strict["results"])
    rest = _match(client, q, exclude_entity_ids=["ofac-20157"]).json()["responses"]["q"]["results"]
    assert "ofac-20157" not in [r["id"] for r in rest]
    schema_out = _match(client, q, exclude_schema=["Person"]).json()["responses"]["q"]["results"]
    assert schema_out == []
    only_un = _match(client, q, include_dataset=["un_sc"]).json()["responses"]["q"]["results"]
    assert only_un and all("un_sc" in r["datasets"] for r in only_un)
    # changed_since compares with each entity's last_change: nothing changed after the far future.
    assert _match(client, q, changed_since="2999-01-01").json()["responses"]["q"]["results"] == []
    assert _match(client, q, changed_since="2000-01-01").json()["responses"]["q"]["results"]
    assert _match(client, q, algorithm="name-v1").status_code == 200
    assert _match(client, q, algorithm="best").json()["responses"]["q"]["algorithm"] == "name-v3"
    older = _match(client, q, algorithm="name-v1").json()["responses"]["q"]
    assert older["algorithm"] == "name-v1" and older["results"][0]["id"] == "ofac-20157"


def test_match_against_one_list(client_for):
    client = client_for("screen")
    vessel = {"v": {"schema": "Vessel", "properties": {"name": ["EVER BRIGHT 88"], "imoNumber": ["8914934"]}}}
    for dataset in ("un_1718_vessels", "ofac_sdn"):
        results = _match(client, vessel, dataset).json()["responses"]["v"]["results"]
        assert results[0]["id"] == "imo-8914934" and dataset in results[0]["datasets"]
        assert results[0]["explanations"]["imoNumber"]["floor"] > 0.9
    un_only = _match(client, {"q": _query("Kim Jong Un")}, "un_sc").json()["responses"]["q"]["results"]
    assert all("un_sc" in r["datasets"] for r in un_only) and "ofac-20157" not in [r["id"] for r in un_only]


def test_match_refusals(client_for):
    client = client_for("screen")
    resp = _match(client, {f"q{i}": _query("Kim") for i in range(101)})
    assert resp.status_code == 422 and "101 queries" in resp.json()["error"] and "at most 100" in resp.json()["error"]
    resp = _match(client, {"q": _query("Kim")}, "eu_fsf")
    assert resp.status_code == 404
    assert "unknown dataset 'eu_fsf'" in resp.json()["error"] and "default, ofac_sdn, un_1718_vessels, un_sc" in \
        resp.json()["error"]
    resp = _match(client, {"q": _query("Kim")}, algorithm="logic-v2")
    assert resp.status_code == 400 and "name-v1" in resp.json()["error"]
    resp = _match(client, {"q": {"schema": "Persn", "properties": {"name": ["Kim"]}}})
    assert resp.status_code == 400 and "queries.q" in resp.json()["error"]
    resp = _match(client, {"q": {"schema": "Person", "properties": {"birthDate": ["1984"]}}})
    assert resp.status_code == 400 and "needs a name or an identifier" in resp.json()["error"]
    resp = client.post("/match/default", json={"queries": {"q": _query("Kim")}, "weights": {"name": 0.5}})
    assert resp.status_code == 400 and "no weights" in resp.json()["error"]
    resp = client.post("/match/default", json={"queries": {}})
    assert resp.status_code == 422 and "body.queries" in resp.json()["error"]
    assert _match(client, {"q": _query("Kim")}, limit=501).status_code == 422
    assert _match(client, {"q": _query("Kim")}, changed_since="yesterday").status_code == 422


def test_match_bounds_the_values_of_each_query(client_for, api_store):
    """Scoring costs grow with the values of a query: at most 20 per property, 100 in all, 500 characters
    each, refused (422 naming the limit) before anything is scored or recorded."""
    client = client_for("screen")
    names = [f"Kim Jong {i}" for i in range(21)]
    resp = _match(client, {"q": _query("Kim", alias=names)})
    assert resp.status_code == 422
    error = resp.json()["error"]
    assert "queries.q.properties" in error and "'alias' has 21 values" in error
    assert "at most 20 values per property" in error
    resp = _match(client, {"q": _query("Kim", alias=names[:20], weakAlias=names[:20], previousName=names[:20],
                                       address=names[:20], notes=names[:20])})
    assert resp.status_code == 422
    assert "101 property values" in resp.json()["error"] and "at most 100 values per query" in resp.json()["error"]
    resp = _match(client, {"q": _query("K" * 501)})
    assert resp.status_code == 422
    assert "501 characters" in resp.json()["error"] and "at most 500 characters per value" in resp.json()["error"]
    resp = _match(client, {"q": {"schema": "Person", "properties": {"name": "K" * 501}}})
    assert resp.status_code == 422 and "at most 500 characters" in resp.json()["error"]
    resp = _match(client, {"q": {"schema": "Person", "properties": {"name": [["K" * 300, "K" * 300]]}}})
    assert resp.status_code == 422 and "at most 500 characters" in resp.json()["error"]
    with api_store.read() as conn:
        assert conn.execute(select(screenings)).all() == []
    # At the limits: accepted.
    resp = _match(client, {"q": _query("K" * 500, alias=names[:19], weakAlias=names[:20], previousName=names[:20],
                                       address=names[:20], notes=names[:20])})
    assert resp.status_code == 200, resp.text


def test_a_refused_batch_records_nothing(client_for, api_store):
    client = client_for("screen")
    resp = _match(client, {"good": _query("Kim Jong Un"), "bad": {"schema": "Nope", "properties": {}}})
    assert resp.status_code == 400
    with api_store.read() as conn:
        assert conn.execute(select(screenings)).all() == []


def test_search(client_for, api_store):
    client = client_for("screen")
    body = client.get("/search/default", params={"q": "EVER BRIGHT 88"}).json()
    assert set(body) >= {"limit", "offset", "total", "results", "facets"}
    assert body["results"][0]["id"] == "imo-8914934"
    assert client.get("/search/default", params={"q": "IMO 8914934"}).json()["results"][0]["id"] == "imo-8914934"
    people = client.get("/search/un_sc", params={"q": "Ra Kyung-su", "schema": "Person", "limit": 1}).json()
    assert people["limit"] == 1 and [r["id"] for r in people["results"]] == ["unsc-kpi.008"]
    assert people["total"]["relation"] == "gte"
    assert client.get("/search/default", params={"q": "Kim", "schema": "Starship"}).status_code == 400
    assert client.get("/search/default").status_code == 422
    with api_store.read() as conn:
        assert {r.channel for r in conn.execute(select(screenings))} == {"api"}


def test_entity(client_for):
    client = client_for("read")
    body = client.get("/entities/KPi.008").json()
    assert body["id"] == "unsc-kpi.008" and body["schema"] == "Person" and body["target"] is True
    [sanction] = body["properties"]["sanctions"]
    assert sanction["schema"] == "Sanction" and sanction["properties"]["program"] == ["DPRK"]
    assert body["listings"][0]["source"] == "un_sc"
    assert any(p["prop"] == "alias" for p in body["provenance"])
    assert client.get("/entities/imo-8914934").json()["datasets"] == ["ofac_sdn", "un_1718_vessels"]
    resp = client.get("/entities/nobody")
    assert resp.status_code == 404 and "nobody" in resp.json()["error"]


def test_catalog_and_algorithms(client_for):
    client = client_for("read")
    cat = client.get("/catalog").json()
    assert cat["current"] == ["default", "ofac_sdn", "un_1718_vessels", "un_sc"]
    default = cat["datasets"][0]
    assert default["name"] == "default" and default["children"] == ["ofac_sdn", "un_1718_vessels", "un_sc"]
    un = next(d for d in cat["datasets"] if d["name"] == "un_sc")
    assert un["publisher"]["name"] and un["date"] == "2026-02-27" and un["thing_count"] > 0
    algos = client.get("/algorithms").json()
    assert algos["default"] == algos["best"] == "name-v3"
    assert [a["name"] for a in algos["algorithms"]] == ["name-v1", "name-v2", "name-v3"]
    for algo in algos["algorithms"]:
        assert algo["features"]["name"]["coefficient"] == pytest.approx(0.9)
        assert algo["docs"]["name"] == algo["name"] and algo["default_threshold"] == pytest.approx(0.7)


def test_readyz_reports_list_freshness(anon_client):
    body = anon_client.get("/readyz").json()
    assert body["status"] == "ok" and body["ready"] is True
    un = next(x for x in body["lists"] if x["source"] == "un_sc")
    assert un["date"] == "2026-02-27" and un["age_days"] >= 0
    assert {x["source"] for x in body["lists"]} == {"un_sc", "un_1718_vessels", "ofac_sdn"}


def test_readyz_without_lists_is_not_ready(store):
    from fastapi.testclient import TestClient

    from sanctionwatch.api.app import create_app

    resp = TestClient(create_app(store)).get("/readyz")
    assert resp.status_code == 503
    assert resp.json()["ready"] is False and "no list is loaded" in resp.json()["detail"]
