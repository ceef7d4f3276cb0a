"""The UI's pages through the app in-process: login and its cookie, refusals, roles, per-case access,
static files, and what each page shows. The browser flows are in test_browser.py."""

from __future__ import annotations

import json
import re

import pytest

ORIGIN = "http://testserver"


@pytest.fixture(scope="module")
def app(web_home):
    from tests.web.serve_app import app as make_app

    return make_app()


@pytest.fixture
def client_as(app, web_home):
    from fastapi.testclient import TestClient

    def make(role: str | None, base: str = ORIGIN):
        client = TestClient(app, base_url=base, follow_redirects=False)
        if role:
            client.cookies.set("sw_key", web_home.keys[role])
        return client

    return make


def test_pages_without_a_key_go_to_the_login_page(client_as):
    client = client_as(None)
    for path in ("/ui/", "/ui/screen", "/ui/map", "/ui/cases", "/ui/cases/1", "/ui/reports", "/ui/changes",
                 "/ui/map/land.geojson"):
        answer = client.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/ui/login?next=")
    assert client.get("/ui/login").status_code == 200


def test_login_sets_a_strict_httponly_cookie_and_logout_clears_it(client_as, web_home):
    # serve's default: plain HTTP on loopback, where a Secure cookie would not be sent back.
    loopback = "http://127.0.0.1:8000"
    client = client_as(None, base=loopback)
    answer = client.post("/ui/login", data={"key": web_home.keys["read"], "next": "/ui/cases"},
                         headers={"origin": loopback})
    assert answer.status_code == 303 and answer.headers["location"] == "/ui/cases"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("sw_key=sw_")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert client.get("/ui/cases").status_code == 200
    out = client.post("/ui/logout", headers={"origin": loopback})
    assert out.status_code == 303 and 'sw_key=""' in out.headers["set-cookie"]


@pytest.mark.parametrize("base, secure", [
    ("http://127.0.0.1:8000", False), ("http://localhost:8000", False), ("http://[::1]:8000", False),
    ("http://127.0.0.2", False), ("https://localhost", True), ("http://testserver", True),
    ("http://10.0.0.5:8000", True), ("http://sanctions.example.org", True), ("https://sanctions.example.org", True),
])
def test_the_login_cookie_is_secure_unless_on_loopback(client_as, web_home, base, secure):
    """Off loopback the key cookie is Secure, whatever the scheme the app sees: a TLS proxy in front may
    speak plain HTTP to it, and a browser must never send the key in clear."""
    client = client_as(None, base=base)
    answer = client.post("/ui/login", data={"key": web_home.keys["read"]}, headers={"origin": base})
    assert answer.status_code == 303, answer.text
    assert ("; secure" in answer.headers["set-cookie"].lower()) is secure
    out = client.post("/ui/logout", headers={"origin": base})
    assert ("; secure" in out.headers["set-cookie"].lower()) is secure


@pytest.mark.parametrize("path, status", [
    ("/ui/changes?since_id=99999999999999999999", 400), ("/ui/changes?since_id=2147483648", 400),
    ("/ui/cases/99999999999999999999", 404), ("/ui/cases/C-99999999999999999999", 404),
    ("/ui/cases/2147483648", 404), ("/ui/cases/0", 404), ("/ui/cases/-3", 404),
])
def test_ids_beyond_the_columns_are_refused_not_errors(client_as, path, status):
    answer = client_as("admin").get(path)
    assert answer.status_code == status, path
    assert "text/html" in answer.headers["content-type"]


@pytest.mark.parametrize("which, message", [("unknown", "unknown API key"), ("revoked", "revoked"),
                                            ("garbage", "not an API key")])
def test_bad_keys_are_refused(client_as, web_home, which, message):
    key = {"unknown": "sw_" + "A" * 43, "revoked": web_home.keys["revoked"], "garbage": "hello"}[which]
    answer = client_as(None).post("/ui/login", data={"key": key}, headers={"origin": ORIGIN})
    assert answer.status_code == 401
    assert message in answer.text
    assert "set-cookie" not in answer.headers


def test_a_revoked_cookie_is_dropped(client_as):
    answer = client_as("revoked").get("/ui/cases")
    assert answer.status_code == 303 and "revoked" in answer.headers["location"]
    assert 'sw_key=""' in answer.headers["set-cookie"]


def test_a_cross_site_login_is_refused(client_as, web_home):
    answer = client_as(None).post("/ui/login", data={"key": web_home.keys["read"]},
                                  headers={"origin": "https://evil.example"})
    assert answer.status_code == 403 and "set-cookie" not in answer.headers


def test_the_login_page_shows_only_its_own_messages(client_as):
    page = client_as(None).get("/ui/login?error=Call+this+number&info=Pay+here").text
    assert "Call this number" not in page and "Pay here" not in page
    assert "was revoked" in client_as(None).get("/ui/login?error=revoked").text


def test_login_never_redirects_elsewhere(client_as, web_home):
    for target in ("https://evil.example/", "//evil.example/ui/", "/api/cases", "javascript:alert(1)"):
        answer = client_as(None).post("/ui/login", data={"key": web_home.keys["read"], "next": target})
        assert answer.headers["location"] == "/ui/", target


def test_screening_needs_the_screen_role(client_as):
    reader = client_as("read")
    page = reader.get("/ui/screen")
    assert page.status_code == 200 and 'id="screen" disabled' in page.text
    refused = reader.post("/ui/screen", data={"name": "Kim Jong Un"}, headers={"origin": ORIGIN})
    assert refused.status_code == 403 and "needs &#39;screen&#39;" in refused.text


def test_screening_shows_explanations_and_is_audited(client_as, web_home):
    from sqlalchemy import select

    from sanctionwatch.store.schema import screenings

    answer = client_as("screen").post("/ui/screen", data={"name": "Kim Jong Un", "kind": "Person", "country": "kp",
                                                          "imo": "8660313"}, headers={"origin": ORIGIN})
    assert answer.status_code == 200
    assert "Jong Un KIM" in answer.text and "kim=kim" in answer.text
    assert "IMO number left out: a Person has none" in answer.text
    screening_id = int(re.search(r'data-screening="(\d+)"', answer.text).group(1))
    with web_home.store.read() as conn:
        row = conn.execute(select(screenings).where(screenings.c.id == screening_id)).mappings().one()
    assert row["actor"] == f"key:{web_home.key_rows['screen']['id']}:web-screen" and row["channel"] == "web"


def test_screen_form_problems_are_shown_not_raised(client_as):
    answer = client_as("screen").post("/ui/screen", data={"name": "", "threshold": "2", "limit": "x"},
                                      headers={"origin": ORIGIN})
    assert answer.status_code == 400
    for text in ("give a name", "threshold &#39;2&#39;", "results &#39;x&#39;"):
        assert text in answer.text


def test_a_cross_site_form_post_is_refused(client_as):
    answer = client_as("screen").post("/ui/screen", data={"name": "Kim"}, headers={"origin": "https://evil.example"})
    assert answer.status_code == 403 and "cross-site" in answer.text


def test_a_key_limited_to_one_case_sees_only_it(client_as, web_home):
    client = client_as("one-case")
    listing = client.get("/ui/cases").text
    assert f'href="/ui/cases/{web_home.other_case}"' in listing
    assert f'href="/ui/cases/{web_home.sts_case}"' not in listing
    hidden = client.get(f"/ui/cases/{web_home.sts_case}")
    assert hidden.status_code == 404 and "does not exist" in hidden.text
    # The report covers a case this key may not see, so it does not see the report either.
    assert web_home.report_id not in client.get("/ui/reports").text


def test_case_page_shows_grades_corroboration_replies_and_minority_views(client_as, web_home):
    text = client_as("read").get(f"/ui/cases/{web_home.sts_case}").text
    assert ">B2</span>" in text and ">C3</span>" in text
    assert ">established</span>" in text and ">unverified</span>" in text
    assert "no reply as of" in text and ">replied</span>" in text
    assert "Minority view" in text and "sheltering from weather" in text
    assert re.search(r'<code class="hash">[0-9a-f]{64}</code>', text)
    assert re.search(r'href="/api/evidence/\d+/file" download', text)


def test_changes_page_shows_the_feed_paged(client_as):
    client = client_as("read")
    first = client.get("/ui/changes?limit=2").text
    assert first.count('<tr class="change-') == 2 and 'id="next-page"' in first
    everything = client.get("/ui/changes").text
    for kind in ("added", "removed", "changed"):
        assert f'class="change-{kind}"' in everything
    assert "KPi.001" in everything and "KPi.007" in everything


def test_reports_page_links_the_downloads(client_as, web_home):
    text = client_as("read").get("/ui/reports").text
    assert f'href="/api/reports/{web_home.report_id}/report.html"' in text
    assert f'href="/api/reports/{web_home.report_id}/report.pdf"' in text


def test_vessel_page(client_as, web_home):
    text = client_as("read").get(f"/ui/vessels/{web_home.vessel}").text
    assert 'id="identities"' in text and 'id="vessel-events"' in text
    config = json.loads(re.search(r'<script type="application/json" id="map-config">(.*?)</script>', text,
                                  re.S).group(1))
    assert config["vessel"] == f"/api/maritime/vessels/{web_home.vessel}?track=true" and config["events"]
    assert client_as("read").get("/ui/vessels/12345").status_code == 400


def test_basemap_is_offline_land_and_the_shipped_areas(client_as):
    client = client_as("read")
    land = client.get("/ui/map/land.geojson")
    assert land.status_code == 200 and land.headers["content-type"] == "application/geo+json"
    data = land.json()
    assert data["features"] and "GLOBE" in data["source"]
    assert all(f["geometry"]["type"] == "Polygon" for f in data["features"])
    areas = client.get("/ui/map/areas.geojson").json()
    kinds = {f["properties"]["kind"] for f in areas["features"]}
    assert {"dprk_waters", "sts_hotspot", "port"} <= kinds


def test_static_files_are_served_and_nothing_else(client_as):
    client = client_as(None)
    for path in ("/ui/static/app.css", "/ui/static/map.js", "/ui/static/leaflet/leaflet.js",
                 "/ui/static/leaflet/leaflet.css", "/ui/static/leaflet/images/marker-icon.png"):
        answer = client.get(path)
        assert answer.status_code == 200, path
    for path in ("/ui/static/%2e%2e/pages.py", "/ui/static/leaflet/%2e%2e/%2e%2e/__init__.py",
                 "/ui/static/..%2fpages.py", "/ui/static/nothing.js"):
        assert client.get(path).status_code == 404, path


def test_pages_reference_no_other_origin(client_as, web_home):
    client = client_as("admin")
    for path in ("/ui/login", "/ui/screen", "/ui/map", "/ui/changes", f"/ui/cases/{web_home.sts_case}",
                 f"/ui/vessels/{web_home.vessel}", "/ui/reports"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "default-src 'self'" in answer.headers["content-security-policy"]
        assert not re.search(r'(src|href)="(https?:)?//', answer.text), path
        assert " style=" not in answer.text, path     # the CSP forbids inline styles
        assert not re.search(r"<script>(?!</script>)", answer.text), path
    css = client.get("/ui/static/app.css").text
    assert "url(http" not in css and "@import" not in css


def test_an_empty_home_gives_empty_pages_not_errors(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from sanctionwatch.api.keys import create_key
    from sanctionwatch.store import open_store
    from tests.web.serve_app import app as make_app

    monkeypatch.setenv("SANCTIONWATCH_HOME", str(tmp_path / "empty"))
    monkeypatch.delenv("SANCTIONWATCH_DATABASE_URL", raising=False)
    store = open_store()
    try:
        key, _ = create_key("empty", "admin", store=store, created_by="tests")
        client = TestClient(make_app(), base_url=ORIGIN, follow_redirects=False)
        client.cookies.set("sw_key", key)
        for path in ("/ui/map", "/ui/changes", "/ui/cases", "/ui/reports", "/ui/screen"):
            assert client.get(path).status_code == 200, path
        assert "No change recorded" in client.get("/ui/changes").text
        answer = client.post("/ui/screen", data={"name": "Kim Jong Un"}, headers={"origin": ORIGIN})
        assert answer.status_code == 200 and "no list is loaded" in answer.text
        missing = client.get("/ui/vessels/445123456")
        assert missing.status_code == 404 and "not in the AIS store" in missing.text
        assert client.get("/ui/cases/1").status_code == 404
    finally:
        store.dispose()


def test_the_pages_on_each_store_backend(store):
    """Login, screening, the feed and a case page on SQLite and PostgreSQL (the ``store`` fixture)."""
    from fastapi.testclient import TestClient

    from sanctionwatch import cases
    from sanctionwatch.api.app import create_app
    from sanctionwatch.api.keys import create_key
    from sanctionwatch.lists.releases import load_lists
    from sanctionwatch.web import router
    from tests.web.conftest import DEMO

    load_lists([DEMO / "ofac_sdn_demo.csv"], force=True, store=store)
    case = cases.open_case("sts-transfer", "Transfer <b>at sea</b>", store=store, actor="tests")
    item = cases.add_evidence(b"note", filename="note.txt", kind="document", source="NGO Z", source_kind="ngo",
                              origin_chain=["NGO Z"], credibility=3, case_id=case["id"], store=store, actor="tests")
    cases.add_claim(case["id"], "A claim.", evidence_ids=[item["id"]], store=store, actor="tests")
    key, _ = create_key("backend", "screen", store=store, created_by="tests")
    client = TestClient(create_app(store, routers=[router]), base_url=ORIGIN, follow_redirects=False)
    login = client.post("/ui/login", data={"key": key, "next": "/ui/cases"}, headers={"origin": ORIGIN})
    assert login.status_code == 303 and "Max-Age=" in login.headers["set-cookie"]
    client.cookies.set("sw_key", key)
    screened = client.post("/ui/screen", data={"name": "Kim Jong Un"}, headers={"origin": ORIGIN})
    assert screened.status_code == 200 and "Jong Un KIM" in screened.text
    assert client.get("/ui/changes").status_code == 200
    page = client.get(f"/ui/cases/{case['id']}").text
    assert "Transfer &lt;b&gt;at sea&lt;/b&gt;" in page and ">B3</span>" in page
