"""/api/reports: builds into HOME/reports/<id>/ (server-chosen), listing, file serving from that folder only
(no path traversal, no symlink out), roles and per-case access."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from sanctionwatch import cases
from sanctionwatch.api.app import create_app
from sanctionwatch.api.keys import create_key
from sanctionwatch.api.routes import reports
from tests.reports.dossiers import encounter_event


def _client(app, store, role, case_ids=None):
    key, _row = create_key(f"{role}-key", role, case_ids=case_ids, store=store)
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {key}"
    return client


def _case(store, title, period, event=False):
    case = cases.open_case("sts-transfer", title, period_start=period[0], period_end=period[1], store=store,
                           actor="tester")
    if event:  # a map to draw (about 2 s a build): only where the test looks at figures
        data = encounter_event()
        cases.link(case["id"], "event", data["id"], label="encounter", data=data, store=store, actor="tester")
    item = cases.add_evidence(f"evidence of {title}".encode(), filename="item.txt", kind="document",
                              source="AIS provider X", source_kind="ais_provider", origin_chain=["AIS provider X"],
                              credibility=2, case_id=case["id"], store=store, actor="tester")
    cases.add_claim(case["id"], f"{title}: a transfer took place.", evidence_ids=[item["id"]], store=store,
                    actor="tester")
    return case


@pytest.fixture
def setup(store):
    one = _case(store, "First transfer", ("2026-01-05", "2026-01-06"), event=True)
    two = _case(store, "Second transfer", ("2026-03-01", "2026-03-02"))
    app = create_app(store, routers=[reports.router])
    return app, one, two


def test_build_list_and_serve(setup, store):
    app, one, two = setup
    analyst = _client(app, store, "analyst")
    built = analyst.post("/api/reports", json={"period": "2026-01-01..2026-01-31", "title": "January", "pdf": False})
    assert built.status_code == 201, built.text
    info = built.json()
    rid = info["id"]
    assert re.fullmatch(r"[0-9a-f]{12}", rid) and (store.home / "reports" / rid / "report.html").is_file()
    assert [c["ref"] for c in info["cases"]] == ["C-0001"] and info["counts"]["cases"] == 1
    assert info["files"]["html"] == f"/api/reports/{rid}/report.html" and info["files"]["pdf"] is None
    assert not [p for p in (store.home / "reports").iterdir() if p.name.startswith(".")]

    html = analyst.get(info["files"]["html"])
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "January" in html.text and "First transfer" in html.text and "Second transfer" not in html.text
    assert "script-src" not in html.headers["content-security-policy"]
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert analyst.get(info["files"]["css"]).headers["content-type"].startswith("text/css")
    assert info["files"]["figures"], "the case has an event: its map is drawn"
    figure = analyst.get(info["files"]["figures"][0])
    assert figure.status_code == 200 and figure.content.startswith(b"\x89PNG")
    assert analyst.get(info["files"]["manifest"]).json()["report_id"] == rid
    assert analyst.get(f"/api/reports/{rid}").json()["files"] == info["files"]
    missing_pdf = analyst.get(f"/api/reports/{rid}/report.pdf")
    assert missing_pdf.status_code == 404 and rid in missing_pdf.json()["error"]

    # The same inputs give the same id: the rebuild, with its PDF, replaces the folder.
    again = analyst.post("/api/reports", json={"period": "2026-01-01..2026-01-31", "title": "January"}).json()
    assert again["id"] == rid and again["files"]["pdf"] == f"/api/reports/{rid}/report.pdf" and again["pages"] >= 1
    pdf = analyst.get(again["files"]["pdf"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]

    other = analyst.post("/api/reports", json={"case_ids": ["C-0002"], "pdf": False}).json()
    assert [c["id"] for c in other["cases"]] == [two["id"]] and other["files"]["figures"] == []
    listed = analyst.get("/api/reports").json()
    assert [r["id"] for r in listed] == [other["id"], rid]


def test_bad_requests(setup, store):
    app, _one, _two = setup
    analyst = _client(app, store, "analyst")
    assert analyst.post("/api/reports", json={"period": "January"}).status_code == 400
    assert analyst.post("/api/reports", json={"period": "2026-02-01..2026-01-01"}).status_code == 400
    assert analyst.post("/api/reports", json={"case_ids": [99], "pdf": False}).status_code == 404
    # The output folder is the server's choice: a client-given path is not even a field.
    answer = analyst.post("/api/reports", json={"case_ids": [1], "out": "/tmp/elsewhere", "pdf": False})
    assert answer.status_code == 422 and "out" in answer.json()["error"]
    assert analyst.get("/api/reports/0123456789ab").status_code == 404
    assert analyst.get("/api/reports/0123456789ab/report.html").status_code == 404


def test_no_path_traversal(setup, store):
    app, _one, _two = setup
    analyst = _client(app, store, "analyst")
    rid = analyst.post("/api/reports", json={"case_ids": [2], "pdf": False}).json()["id"]
    secret = store.home / "sanctionwatch.db"
    for path in (f"/api/reports/{rid}/..%2F..%2Fsanctionwatch.db",
                 f"/api/reports/{rid}/figures/..%2Freport.html",
                 f"/api/reports/{rid}/figures/..%2F..%2F..%2Fsanctionwatch.db",
                 f"/api/reports/{rid}/figures/%2e%2e%2fmanifest.png",
                 f"/api/reports/{rid}/figures/.hidden.png",
                 "/api/reports/..%2F..%2F/report.html",
                 "/api/reports/%2e%2e/report.html",
                 f"/api/reports/{rid}/../../sanctionwatch.db",
                 f"/api/reports/{rid}%2F..%2F..%2Fevidence/report.html"):
        answer = analyst.get(path)
        assert answer.status_code in (404, 422), (path, answer.status_code)
        assert answer.json()["ok"] is False
    # A symlink planted in the folder is not followed out of it.
    (store.home / "reports" / rid / "figures" / "leak.png").symlink_to(secret)
    assert analyst.get(f"/api/reports/{rid}/figures/leak.png").status_code == 404
    # A folder with the right name but no manifest is not a report.
    (store.home / "reports" / "abcdefabcdef").mkdir()
    assert analyst.get("/api/reports/abcdefabcdef/report.html").status_code == 404


def test_roles_and_case_access(setup, store):
    app, one, two = setup
    analyst = _client(app, store, "analyst")
    first = analyst.post("/api/reports", json={"case_ids": [one["id"]], "pdf": False}).json()
    second = analyst.post("/api/reports", json={"case_ids": [two["id"]], "pdf": False}).json()

    reader = _client(app, store, "read")
    assert reader.get(first["files"]["html"]).status_code == 200
    refused = reader.post("/api/reports", json={"case_ids": [2], "pdf": False})
    assert refused.status_code == 403 and "analyst" in refused.json()["error"]
    bare = TestClient(app)
    assert bare.get("/api/reports").status_code == 401
    assert bare.get(first["files"]["html"]).status_code == 401
    assert bare.post("/api/reports", json={"pdf": False}).status_code == 401

    # A key limited to case 2 sees the reports of case 2 only, and builds only those.
    limited = _client(app, store, "analyst", case_ids=[two["id"]])
    assert [r["id"] for r in limited.get("/api/reports").json()] == [second["id"]]
    assert limited.get(first["files"]["html"]).status_code == 404
    assert limited.get(f"/api/reports/{first['id']}").status_code == 404
    assert limited.post("/api/reports", json={"case_ids": [one["id"]], "pdf": False}).status_code == 404
    # Without case ids, its report covers its own cases only, whatever the period holds.
    own = limited.post("/api/reports", json={"period": "2026-01-01..2026-12-31", "pdf": False}).json()
    assert [c["id"] for c in own["cases"]] == [two["id"]]
    empty = limited.post("/api/reports", json={"period": "2026-01-01..2026-01-31", "pdf": False})
    assert empty.status_code == 400
