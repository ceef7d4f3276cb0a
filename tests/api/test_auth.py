"""Keys, roles, limits and headers: every route but the health checks refuses a request without a valid key;
keys are stored hashed, expire and can be revoked; bodies, URLs and request rates are bounded."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from sanctionwatch.api.auth import Principal, can_see_case
from sanctionwatch.api.keys import create_key, list_keys, revoke_key
from sanctionwatch.api.limits import RateLimiter
from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.store.schema import api_keys

MATCH_BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}
PUBLIC = {"/healthz", "/readyz", "/openapi.json", "/"}
# yente-compatible routes and the least role each needs.
YENTE_ROUTES = [("POST", "/match/default", "screen"), ("GET", "/search/default?q=Kim", "screen"),
                ("GET", "/entities/KPi.008", "read"), ("GET", "/catalog", "read"), ("GET", "/algorithms", "read")]


def _call(client: TestClient, method: str, url: str, **kw):
    if method == "POST" and "json" not in kw and url.startswith("/match"):
        kw["json"] = MATCH_BODY
    return client.request(method, url, **kw)


def _assert_refused(resp, status: int, words: str) -> None:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["ok"] is False and body["status"] == status
    assert re.search(words, body["error"], re.I), body["error"]
    if status == 401:
        assert resp.headers["www-authenticate"].startswith("Bearer")


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_route_but_health_needs_a_key(api_app, anon_client):
    """Route inventory: each API route, ours and yente's, answers 401 without a key (the web UI under /ui
    handles its own login page and static files)."""
    from fastapi.routing import iter_route_contexts

    checked = 0
    # FastAPI 0.165 keeps included routers as one entry each: iter_route_contexts flattens them.
    for route in iter_route_contexts(api_app.routes):
        path = route.path or ""
        methods = route.methods or set()
        if path in PUBLIC or path.startswith("/ui") or not methods:
            continue
        for method in sorted(methods - {"HEAD", "OPTIONS"}):
            resp = anon_client.request(method, _concrete(path))
            assert resp.status_code == 401, f"{method} {path} answered {resp.status_code} without a key"
            checked += 1
    assert checked >= len(YENTE_ROUTES)


def test_yente_routes_refuse_bad_keys(client_for, anon_client, api_store):
    for method, url, role in YENTE_ROUTES:
        _assert_refused(_call(anon_client, method, url), 401, "no API key")
        _assert_refused(_call(anon_client, method, url, headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401,
                        "malformed Authorization")
        _assert_refused(_call(anon_client, method, url, headers={"Authorization": "Bearer sw_short"}), 401,
                        "malformed")
        _assert_refused(_call(anon_client, method, url, headers={"Authorization": "Bearer not-ours"}), 401,
                        "start with 'sw_'")
        _assert_refused(_call(anon_client, method, url, headers={"Authorization": "Bearer sw_" + "A" * 43}), 401,
                        "unknown API key")

        expired = client_for(role)
        with api_store.engine.begin() as conn:
            conn.execute(update(api_keys).where(api_keys.c.id == expired.key_row["id"])
                         .values(expires_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
        _assert_refused(_call(expired, method, url), 401, "expired")

        revoked = client_for(role)
        assert _call(revoked, method, url).status_code == 200
        revoke_key(revoked.key_row["id"], store=api_store)
        _assert_refused(_call(revoked, method, url), 401, "revoked")


def test_yente_routes_check_the_role(client_for):
    from sanctionwatch.api.auth import ROLES

    clients = {role: client_for(role) for role in ROLES}
    for method, url, role in YENTE_ROUTES:
        for have, client in clients.items():
            resp = _call(client, method, url)
            if ROLES.index(have) < ROLES.index(role):
                _assert_refused(resp, 403, f"role '{have}'.*needs '{role}'")
            else:
                assert resp.status_code == 200, (have, url, resp.text)


def test_health_and_openapi_need_no_key_and_docs_pages_are_off(anon_client):
    assert anon_client.get("/healthz").json() == {"status": "ok"}
    assert anon_client.get("/readyz").status_code == 200
    # Swagger UI and ReDoc would load scripts from a CDN: not served.
    assert anon_client.get("/docs").status_code == 404
    assert anon_client.get("/redoc").status_code == 404
    doc = anon_client.get("/openapi.json").json()
    assert "/match/{dataset}" in doc["paths"]
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_other_ways_to_send_the_key(client_for, api_app):
    key = client_for("screen").key
    # "ApiKey <key>", as clients of the hosted OpenSanctions API send it.
    assert TestClient(api_app, headers={"Authorization": f"ApiKey {key}"}).get("/catalog").status_code == 200
    # The web UI's cookie; writes with it must come from this origin.
    browser = TestClient(api_app, base_url="http://testserver")
    browser.cookies.set("sw_key", key)
    assert browser.get("/catalog").status_code == 200
    assert browser.post("/match/default", json=MATCH_BODY, headers={"Origin": "http://testserver"}).status_code == 200
    _assert_refused(browser.post("/match/default", json=MATCH_BODY, headers={"Origin": "https://evil.example"}),
                    403, "cross-site")
    # A header key is not a browser's ambient credential: no Origin check.
    header = TestClient(api_app, headers={"Authorization": f"Bearer {key}", "Origin": "https://tool.example"})
    assert header.post("/match/default", json=MATCH_BODY).status_code == 200


def test_keys_are_stored_hashed_and_their_use_recorded(api_store, client_for):
    key, row = create_key("ops", "analyst", store=api_store, created_by="tests")
    assert key.startswith("sw_") and len(key) == 46 and row["prefix"] == key[:8]
    assert "key_hash" not in row and key not in repr(row)
    with api_store.read() as conn:
        stored = [str(v) for r in conn.execute(select(api_keys)) for v in r]
    assert key not in " ".join(stored)
    assert all(key not in repr(k) for k in list_keys(api_store))


    # The use of a key is recorded.
    client = client_for("read")
    assert client.get("/catalog").status_code == 200
    [row] = [k for k in list_keys(api_store) if k["id"] == client.key_row["id"]]
    assert row["last_used_at"] is not None and row["state"] == "active"


def test_create_key_refuses_bad_input(api_store):
    with pytest.raises(ConfigError, match="role 'root'"):
        create_key("x", "root", store=api_store)
    with pytest.raises(ConfigError, match="expires-days"):
        create_key("x", "read", expires_days=0, store=api_store)
    with pytest.raises(ConfigError, match="name"):
        create_key("  ", "read", store=api_store)
    with pytest.raises(NotFound, match="no case 999"):
        create_key("x", "read", case_ids=[999], store=api_store)
    with pytest.raises(NotFound, match="no API key with id 999"):
        revoke_key(999, store=api_store)


def test_case_scope():
    everything = Principal(1, "a", "analyst", None)
    scoped = Principal(2, "b", "analyst", [3, 5])
    assert can_see_case(everything, 42)
    assert can_see_case(scoped, 5) and not can_see_case(scoped, 4)
    assert scoped.actor == "key:2:b"


def test_rate_limit_per_key(api_store, monkeypatch):
    from sanctionwatch.api.app import create_app

    monkeypatch.setenv("SANCTIONWATCH_API_RATE_PER_MINUTE", "3")
    app = create_app(api_store)
    one, _ = create_key("one", "read", store=api_store)
    two, _ = create_key("two", "read", store=api_store)
    first = TestClient(app, headers={"Authorization": f"Bearer {one}"})
    for _ in range(3):
        assert first.get("/algorithms").status_code == 200
    resp = first.get("/algorithms")
    _assert_refused(resp, 429, "limit of 3 requests per minute")
    assert int(resp.headers["retry-after"]) >= 1
    # Another key has its own bucket.
    assert TestClient(app, headers={"Authorization": f"Bearer {two}"}).get("/algorithms").status_code == 200


def test_token_bucket_refills():
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert all(limiter.take("k") == 0 for _ in range(60))
    wait = limiter.take("k")
    assert wait == pytest.approx(1.0)
    now[0] += 1.0
    assert limiter.take("k") == 0
    assert RateLimiter.retry_after(0.2) == "1"


def test_request_limits_and_error_shape(client_for):
    client = client_for("screen")
    big = b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["' + b"x" * (11 * 1024 * 1024) + b'"]}}}}'
    resp = client.post("/match/default", content=big, headers={"Content-Type": "application/json"})
    _assert_refused(resp, 413, r"request body to /match/default is \d+ bytes; the limit is 10485760")

    def chunks():   # no Content-Length: counted while streaming
        for _ in range(11):
            yield b"x" * (1024 * 1024)

    resp = client.post("/match/default", content=chunks(), headers={"Content-Type": "application/json"})
    _assert_refused(resp, 413, "more than 10485760 bytes")

    _assert_refused(client.get("/search/default?q=" + "a" * 9000), 414, "longer than 8192")
    # PostgreSQL text cannot hold NUL: refused before any query.
    _assert_refused(client.get("/entities/KPi%00.008"), 400, "NUL")
    _assert_refused(client.get("/search/default?q=Kim%00"), 400, "NUL")

    # Every refusal has the one error shape.
    _assert_refused(client.get("/nowhere"), 404, "no route GET /nowhere")
    _assert_refused(client.post("/match/default", content=b"{", headers={"Content-Type": "application/json"}),
                    422, "invalid request: body")
    _assert_refused(client.get("/search/default?limit=0&q=x"), 422, "query.limit")
    _assert_refused(client.delete("/catalog"), 405, "DELETE is not allowed")


def test_uploads_have_their_own_limit(api_store, monkeypatch):
    from sanctionwatch.api.app import create_app

    monkeypatch.setenv("SANCTIONWATCH_API_MAX_BODY_BYTES", "1000")
    monkeypatch.setenv("SANCTIONWATCH_API_MAX_UPLOAD_BYTES", "5000")
    key, _ = create_key("up", "analyst", store=api_store)
    client = TestClient(create_app(api_store), headers={"Authorization": f"Bearer {key}"})
    _assert_refused(client.post("/match/default", content=b"x" * 2000), 413, "limit is 1000 bytes")
    files = {"file": ("a.txt", b"y" * 2000, "text/plain")}
    assert client.post("/api/cases/1/evidence", files=files).status_code != 413
    _assert_refused(client.post("/api/cases/1/evidence", files={"file": ("a.txt", b"y" * 6000, "text/plain")}),
                    413, "upload to /api/cases/1/evidence .* limit is 5000 bytes")


SECURITY_HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}


def test_security_headers_on_every_answer(client_for, anon_client):
    client = client_for("read")
    for url in ("/healthz", "/catalog", "/nowhere", "/"):
        resp = client.get(url, follow_redirects=False)
        for name, value in SECURITY_HEADERS.items():
            assert resp.headers[name] == value, (url, name)
        csp = resp.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "http" not in csp   # no external origin
        assert resp.headers["cache-control"] == "no-store"
        if url == "/":
            assert resp.status_code == 307 and resp.headers["location"] == "/ui/"
    # Refusals too.
    resp = anon_client.get("/catalog")
    assert resp.status_code == 401 and resp.headers["x-frame-options"] == "DENY"
    resp = anon_client.post("/match/default", content=b"x" * (11 * 1024 * 1024))
    assert resp.status_code == 413 and resp.headers["x-content-type-options"] == "nosniff"


# --- the CLI: serve and keys -----------------------------------------------------------------------------

@pytest.fixture
def cli():
    import typer
    from typer.testing import CliRunner

    from sanctionwatch.cli import serve as serve_cmd

    app = typer.Typer()
    app.command("serve")(serve_cmd.serve)
    app.add_typer(serve_cmd.keys_app, name="keys")
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_serve_refuses_to_start_without_a_key(store, cli, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: started.append((a, kw)))
    result = cli("serve")
    assert isinstance(result.exception, ConfigError)
    assert "sanctionwatch keys create" in str(result.exception) and not started

    key = cli("keys", "create", "--name", "ops", "--role", "admin").stdout.strip()
    assert cli("keys", "revoke", "1").exit_code == 0
    assert isinstance(cli("serve").exception, ConfigError)     # a revoked key does not count
    cli("keys", "create", "--name", "ops2", "--role", "admin")
    result = cli("serve", "--port", "8123")
    assert result.exit_code == 0, result.output
    [(args, kw)] = started
    assert args == ("sanctionwatch.api.app:create_app",) and kw["factory"] is True
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123 and key


def test_keys_cli_prints_the_key_once(store, cli):
    result = cli("keys", "create", "--name", "screening desk", "--role", "screen", "--expires-days", "30")
    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    assert re.fullmatch(r"sw_[A-Za-z0-9_-]{43}", key)
    assert "shown once" in result.stderr and key not in result.stderr
    assert key not in cli("keys", "list").stdout
    listing = cli("keys", "list", "--format", "json").stdout
    assert '"name": "screening desk"' in listing and key not in listing and f'"prefix": "{key[:8]}"' in listing
    bad = cli("keys", "create", "--name", "x", "--role", "superuser")
    assert isinstance(bad.exception, ConfigError)
    revoked = cli("keys", "revoke", "1")
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert '"state": "revoked"' in cli("keys", "list", "--format", "json").stdout


def test_store_refusals_map_to_statuses(store):
    from fastapi import APIRouter
    from sqlalchemy.exc import DataError, OperationalError

    from sanctionwatch.api.app import create_app

    router = APIRouter()

    @router.get("/value")
    def value():
        raise DataError("SELECT ...", {}, Exception("integer out of range\nDETAIL: secret SQL"))

    @router.get("/down")
    def down():
        raise OperationalError("SELECT ...", {}, Exception("connection refused"))

    @router.get("/bug")
    def bug():
        raise RuntimeError("/home/x/secret path")

    client = TestClient(create_app(store, routers=[router]), raise_server_exceptions=False)
    resp = client.get("/value")
    _assert_refused(resp, 400, r"cannot be stored or compared \(integer out of range\)$")
    _assert_refused(client.get("/down"), 503, "busy or unreachable")
    resp = client.get("/bug")
    _assert_refused(resp, 500, "internal error while handling GET /bug")
    assert "secret" not in resp.text
