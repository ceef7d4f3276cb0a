"""/api/cases, /api/claims, /api/letters, /api/evidence: the case workflow over HTTP, roles, per-case access
(a key limited to case 1 gets 404 for case 2, as if it did not exist), upload limits and tampered files."""

from __future__ import annotations

import hashlib
import os

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.keys import create_key
from sanctionwatch.api.routes import cases as cases_routes

PDF = b"%PDF-1.4\n% a registry extract\n" + b"x" * 200


def _client(app, store, role, case_ids=None, name=None):
    key, row = create_key(name or f"{role}-key", role, case_ids=case_ids, store=store)
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {key}"
    client.key_id = row["id"]
    return client


@pytest.fixture
def app(store):
    return create_app(store, routers=[cases_routes.router])


@pytest.fixture
def analyst(app, store):
    return _client(app, store, "analyst", name="alice")


def _open(client, title="Transfer to the tanker CHON MA SAN"):
    answer = client.post("/api/cases", json={"typology": "sts-transfer", "title": title,
                                             "period_start": "2026-01-05", "period_end": "2026-01-06"})
    assert answer.status_code == 201, answer.text
    return answer.json()


def _upload(client, case_id, data=PDF, filename="extract.pdf", **fields):
    form = {"source": "Registry of Panama", "source_kind": "registry", "origin": "Registry of Panama",
            "credibility": "2", "title": "Registry extract", **fields}
    return client.post(f"/api/cases/{case_id}/evidence", data=form,
                       files={"file": (filename, data, "application/pdf")})


def test_case_workflow(analyst, store):
    case = _open(analyst)
    assert case["ref"] == "C-0001" and case["opened_by"] == f"key:{analyst.key_id}:alice"

    up = _upload(analyst, case["id"], filename="../../etc/passwd.pdf")
    assert up.status_code == 201, up.text
    item = up.json()
    assert item["sha256"] == hashlib.sha256(PDF).hexdigest() and item["size"] == len(PDF)
    assert item["grade"] == "A2" and item["filename"] == "passwd.pdf" and item["case_id"] == case["id"]
    assert item["file_url"] == f"/api/evidence/{item['id']}/file"
    # Stored by hash under HOME/evidence, whatever name the client sent.
    assert (store.home / "evidence" / "sha256" / item["sha256"][:2] / item["sha256"]).is_file()
    assert not (store.home / "etc").exists()
    assert cases_routes._filename("C:\\Users\\x\\..\\a\x07b.pdf") == "ab.pdf"
    assert cases_routes._filename("/") is None

    media = _upload(analyst, case["id"], data=b"<html>report</html>", filename="story.html", source="Wire W",
                    source_kind="media", origin="KCNA > Wire W", credibility="3", reliability="D",
                    reliability_reason="single wire copy").json()
    assert media["kind"] == "web_page" and media["origin_chain"] == ["KCNA", "Wire W"] and media["grade"] == "D3"

    claim = analyst.post(f"/api/cases/{case['id']}/claims",
                         json={"text": "The tanker received oil by ship-to-ship transfer.",
                               "evidence_ids": [item["id"]]})
    assert claim.status_code == 201, claim.text
    claim = claim.json()
    [attached_item] = claim["evidence"]
    assert attached_item["id"] == item["id"] and attached_item["relation"] == "supports"
    assert attached_item["created_at"] == claim["created_at"]
    attached = analyst.post(f"/api/claims/{claim['id']}/evidence",
                            json={"evidence_id": media["id"], "relation": "contradicts"})
    assert attached.status_code == 201 and attached.json()["relation"] == "contradicts"

    letter = analyst.post(f"/api/cases/{case['id']}/letters",
                          json={"party": "Panama", "party_kind": "state", "subject": "NEW SEA",
                                "summary": "Registry request", "sent_at": "2026-01-09", "deadline": "2026-01-20",
                                "claim_id": claim["id"], "evidence_id": item["id"]})
    assert letter.status_code == 201, letter.text
    letter = letter.json()
    reply = analyst.post(f"/api/letters/{letter['id']}/replies",
                         json={"received_at": "2026-01-25", "summary": "Deregistered in 2025.",
                               "assessment": "Consistent with the extract."})
    assert reply.status_code == 201 and reply.json()["late"] is True

    dossier = analyst.get(f"/api/cases/{case['ref']}").json()
    assert dossier["case"]["id"] == case["id"]
    [c] = dossier["claims"]
    assert {e["id"]: e["relation"] for e in c["evidence"]} == {item["id"]: "supports", media["id"]: "contradicts"}
    assert c["corroboration"]["status"] and c["status"] == "sent_for_reply"
    assert dossier["correspondence"][0]["status"] == "replied"
    assert [e["file_url"] for e in dossier["evidence"]] == [f"/api/evidence/{i}/file" for i in (item["id"], media["id"])]

    assert analyst.get(f"/api/evidence/{media['id']}").json()["source"]["name"] == "Wire W"
    download = analyst.get(f"/api/evidence/{media['id']}/file")
    assert download.status_code == 200 and download.content == b"<html>report</html>"
    # An uploaded HTML file is never rendered in the app's origin.
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"].startswith('attachment; filename="story.html"')
    assert download.headers["x-content-type-options"] == "nosniff"

    listed = analyst.get("/api/cases").json()
    assert [c["id"] for c in listed] == [case["id"]]
    assert analyst.get("/api/cases", params={"typology": "ais-disabling"}).json() == []


def test_refusals_are_clear(analyst):
    case = _open(analyst)
    unknown = analyst.post("/api/cases", json={"typology": "piracy", "title": "x"})
    assert unknown.status_code == 400 and "piracy" in unknown.json()["error"]
    assert analyst.post("/api/cases", json={"typology": "sts-transfer", "title": ""}).status_code == 422
    assert analyst.post("/api/cases", json={"typology": "sts-transfer", "title": "x",
                                            "out": "/tmp"}).status_code == 422
    assert analyst.get("/api/cases/999").status_code == 404
    assert analyst.get("/api/cases/not-a-case").status_code == 400
    assert analyst.get("/api/evidence/99999").status_code == 404
    assert analyst.get("/api/evidence/99999999999999").status_code == 422
    # A grade differing from the source kind's default needs its reason: the core's message comes through.
    answer = _upload(analyst, case["id"], reliability="E")
    assert answer.status_code == 400 and "--reason" in answer.json()["error"]
    assert _upload(analyst, case["id"], source_kind="oracle").status_code == 422
    assert _upload(analyst, case["id"], data=b"").status_code == 400
    assert analyst.post(f"/api/claims/999/evidence", json={"evidence_id": 1}).status_code == 404
    assert analyst.post(f"/api/letters/999/replies",
                        json={"received_at": "2026-01-01", "summary": "x"}).status_code == 404


def test_roles(app, analyst, store):
    case = _open(analyst)
    reader = _client(app, store, "read")
    assert reader.get(f"/api/cases/{case['id']}").status_code == 200
    refused = reader.post("/api/cases", json={"typology": "sts-transfer", "title": "x"})
    assert refused.status_code == 403 and "analyst" in refused.json()["error"]
    assert _upload(reader, case["id"]).status_code == 403
    assert reader.post(f"/api/cases/{case['id']}/claims", json={"text": "x"}).status_code == 403
    assert reader.get("/api/cases/verify").status_code == 403
    assert analyst.get("/api/cases/verify").status_code == 403
    bare = TestClient(app)
    for path in ("/api/cases", f"/api/cases/{case['id']}", "/api/cases/verify", "/api/evidence/1",
                 "/api/evidence/1/file"):
        assert bare.get(path).status_code == 401, path
    assert bare.post("/api/cases", json={"typology": "sts-transfer", "title": "x"}).status_code == 401


def test_per_case_access(app, analyst, store):
    one, two = _open(analyst, "one"), _open(analyst, "two")
    item_two = _upload(analyst, two["id"]).json()
    loose = analyst.post("/api/cases/1/claims", json={"text": "loose"}).json()
    limited = _client(app, store, "analyst", case_ids=[one["id"]], name="limited")

    assert [c["id"] for c in limited.get("/api/cases").json()] == [one["id"]]
    assert limited.get(f"/api/cases/{one['id']}").status_code == 200
    hidden = limited.get(f"/api/cases/{two['id']}")
    missing = limited.get("/api/cases/77")
    # The same answer for a case that exists and one that does not: a limited key cannot probe ids.
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"] == "case C-0002 does not exist"
    assert limited.get(f"/api/evidence/{item_two['id']}").status_code == 404
    assert limited.get(f"/api/evidence/{item_two['id']}/file").status_code == 404
    assert _upload(limited, two["id"]).status_code == 404
    assert limited.post(f"/api/cases/{two['id']}/claims", json={"text": "x"}).status_code == 404
    # Nor can it pull case 2's evidence into case 1 (it would then show in case 1's dossier).
    assert limited.post(f"/api/cases/{one['id']}/claims",
                        json={"text": "x", "evidence_ids": [item_two["id"]]}).status_code == 404
    assert limited.post(f"/api/claims/{loose['id']}/evidence",
                        json={"evidence_id": item_two["id"]}).status_code == 404
    opened = limited.post("/api/cases", json={"typology": "sts-transfer", "title": "three"})
    assert opened.status_code == 403 and "limited" in opened.json()["error"]
    # A letter of case 1 about a claim of case 2: the same answer as for a claim that does not exist (the
    # core's refusal would name the claim's case).
    hidden_claim = analyst.post(f"/api/cases/{two['id']}/claims", json={"text": "hidden"}).json()
    letter = {"party": "Panama", "party_kind": "state", "subject": "s", "summary": "x", "sent_at": "2026-01-10"}
    for claim_id in (hidden_claim["id"], 999):
        refused = limited.post(f"/api/cases/{one['id']}/letters", json={**letter, "claim_id": claim_id})
        assert refused.status_code == 404 and refused.json()["error"] == f"claim {claim_id} does not exist"
    # A key that sees both cases still gets the core's own refusal for a claim of another case.
    other = analyst.post(f"/api/cases/{one['id']}/letters", json={**letter, "claim_id": hidden_claim["id"]})
    assert other.status_code == 400 and "C-0002" in other.json()["error"]

    # Evidence of no case becomes visible to it once attached to a claim of case 1.
    item_one = _upload(limited, one["id"]).json()
    assert limited.get(f"/api/evidence/{item_one['id']}").status_code == 200
    shared = analyst.post(f"/api/claims/{loose['id']}/evidence", json={"evidence_id": item_two["id"]})
    assert shared.status_code == 201
    assert limited.get(f"/api/evidence/{item_two['id']}").status_code == 200


def test_upload_size_limit(store, monkeypatch):
    # The limit is read when the request comes (route) and when the app is built (middleware).
    monkeypatch.setenv("SANCTIONWATCH_API_MAX_UPLOAD_BYTES", "4096")
    app = create_app(store, routers=[cases_routes.router])
    analyst = _client(app, store, "analyst")
    case = _open(analyst)
    assert _upload(analyst, case["id"], data=b"a" * 4000).status_code == 201
    over = _upload(analyst, case["id"], data=b"b" * 4097)
    assert over.status_code == 413 and "4096" in over.json()["error"]
    assert not list((store.home / "evidence" / "sha256").glob(f"{hashlib.sha256(b'b' * 4097).hexdigest()[:2]}/*"))


def test_default_upload_limit_is_50_mib(analyst):
    case = _open(analyst)
    answer = _upload(analyst, case["id"], data=b"\0" * (50 * 1024 * 1024 + 1))
    assert answer.status_code == 413 and "52428800" in answer.json()["error"]


def test_tampered_evidence(app, analyst, store):
    from sanctionwatch.store.blobs import blob_path

    case = _open(analyst)
    item = _upload(analyst, case["id"]).json()
    admin = _client(app, store, "admin")
    assert admin.get("/api/cases/verify").json()["ok"] is True
    path = blob_path(store.home / "evidence" / "sha256", item["sha256"])
    os.chmod(path, 0o644)
    path.write_bytes(PDF.replace(b"registry", b"forgery!"))
    answer = analyst.get(f"/api/evidence/{item['id']}/file")
    assert answer.status_code == 409
    assert answer.json()["error"].startswith(f"evidence {item['id']} (extract.pdf): file altered, SHA-256 now ")
    report = admin.get("/api/cases/verify").json()
    assert report["ok"] is False and "file altered" in report["first_broken"]
    # A missing file: refused the same way, naming the item and never a path of the server.
    path.unlink()
    gone = analyst.get(f"/api/evidence/{item['id']}/file")
    assert gone.status_code == 409
    assert gone.json()["error"] == f"evidence {item['id']} (extract.pdf): file missing from the evidence store"
    assert str(store.home) not in gone.text and "/" not in gone.json()["error"]
