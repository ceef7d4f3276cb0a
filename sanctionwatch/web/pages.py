"""The UI's pages. Each one resolves the key from the ``sw_key`` cookie with the API's own rules
(``api.auth.require``: key state, rate limit, role), calls one core function and renders a template.

A missing or refused key sends the browser to the login page; a key whose role is too low, or a
request the core refuses, gets a plain HTML page that says why (the API's JSON error shape would be
unreadable in a browser).
"""

from __future__ import annotations

import functools
import ipaddress
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from sanctionwatch.api.auth import COOKIE_NAME, Principal, can_see_case, require
from sanctionwatch.api.keys import find_key
from sanctionwatch.errors import NotFound, SanctionwatchError
from sanctionwatch.web import basemap
from sanctionwatch.web.render import render

router = APIRouter(prefix="/ui", include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parent / "static"
FEED_PAGE = 50
SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel")
# Which property the form's "country" field fills: yente's clients send nationality for people and
# flag for vessels, and the matcher reads all of them as countries.
COUNTRY_PROP = {"Person": "nationality", "Vessel": "flag"}


# --- access ----------------------------------------------------------------------------------------------

def _safe_next(target: str | None) -> str:
    # Only a path of this UI: a login form must not bounce the browser to another site.
    if target and re.fullmatch(r"/ui/[A-Za-z0-9/_\-.?=&%:+]*", target) and "//" not in target:
        return target
    return "/ui/"


# The login page shows one of these, named by a code in its URL: a link cannot make it show any other text.
LOGIN_PROBLEMS = {
    "empty": "paste your API key",
    "malformed": "that is not an API key (keys start with sw_)",
    "unknown": "unknown API key",
    "revoked": "this API key was revoked",
    "expired": "this API key has expired; ask an admin for a new one",
    "refused": "your API key was refused; log in again",
}


LOOPBACK_NAMES = ("localhost",)


def _secure_cookie(request: Request) -> bool:
    """Whether the key cookie carries ``Secure``: always, unless the browser reached this server on a
    loopback name or address over plain HTTP (``serve``'s default 127.0.0.1). Off loopback the UI must be
    served over TLS (a proxy in front may speak HTTP to us): a key sent in clear could be read on the way."""
    if request.url.scheme == "https":
        return True
    host = (request.url.hostname or "").strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def _login_redirect(request: Request, detail: str | None = None) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    query = {"next": here}
    if detail:
        query["error"] = next((code for code in ("revoked", "expired", "unknown", "malformed") if code in detail),
                              "refused")
    response = RedirectResponse(f"/ui/login?{urlencode(query)}", status_code=303)
    if request.cookies.get(COOKIE_NAME):
        # A cookie that was refused (expired, revoked) is of no further use: drop it.
        response.delete_cookie(COOKIE_NAME, path="/", secure=_secure_cookie(request))
    return response


def page(role: str) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Decorate a page handler (which takes ``request``): resolve the key with the API's rules; on a
    refusal answer with the login page or an HTML error instead of the API's JSON."""
    check = require(role)

    def decorate(handler: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(handler)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            request: Request = kwargs["request"]
            try:
                if not request.cookies.get(COOKIE_NAME) and "authorization" not in request.headers:
                    return _login_redirect(request)
                check(request)
                return handler(*args, **kwargs)
            except HTTPException as exc:
                if exc.status_code == 401:
                    return _login_redirect(request, str(exc.detail))
                return error_page(request, exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))
            except SanctionwatchError as exc:
                from sanctionwatch.api.errors import status_for

                return error_page(request, status_for(exc), str(exc))

        return wrapper

    return decorate


def principal_of(request: Request) -> Principal:
    return request.state.principal


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    titles = {400: "Not accepted", 403: "Not allowed", 404: "Not found", 409: "Refused", 429: "Too many requests",
              503: "Busy"}
    return render(request, "error.html", {"status": status, "heading": titles.get(status, "Error"),
                                          "message": message}, status=status, headers=headers)


def _store(request: Request) -> Any:
    return request.app.state.store


# --- login -----------------------------------------------------------------------------------------------

@router.get("/login")
def login_form(request: Request, next: str | None = None, error: str | None = None,
               info: str | None = None) -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": LOGIN_PROBLEMS.get(error or ""),
                                          "info": "You are logged out." if info == "logged_out" else None,
                                          "nav": "login"})


def _same_origin(request: Request) -> bool:
    # A page elsewhere must not log this browser in with a key of its choosing (login CSRF).
    origin = request.headers.get("origin")
    return origin is None or origin.split("://", 1)[-1].rstrip("/") == request.headers.get("host", "")


@router.post("/login")
def login(request: Request, key: str = Form(""), next: str = Form("/ui/")) -> Response:
    if not _same_origin(request):
        return error_page(request, 403, "cross-site login refused")
    key = key.strip()
    row, state = find_key(_store(request), key) if key else (None, "empty")
    if row is None or state != "active":
        return render(request, "login.html", {"next": _safe_next(next), "nav": "login",
                                              "error": LOGIN_PROBLEMS.get(state, LOGIN_PROBLEMS["refused"])},
                      status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    expires = row["expires_at"]
    max_age = max(1, int((expires - datetime.now(timezone.utc)).total_seconds())) if expires else None
    # HttpOnly: scripts never see the key. SameSite=Strict: no other site's page can make the browser
    # send it. Path "/": the map's scripts call /api/... with the same cookie. Secure off loopback.
    response.set_cookie(COOKIE_NAME, key, max_age=max_age, path="/", httponly=True, samesite="strict",
                        secure=_secure_cookie(request))
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/ui/login?info=logged_out", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict", secure=_secure_cookie(request))
    return response


@router.get("/")
@page("read")
def home(request: Request) -> Response:
    target = "/ui/screen" if principal_of(request).has_role("screen") else "/ui/map"
    return RedirectResponse(target, status_code=303)


# --- screening -------------------------------------------------------------------------------------------

def _query_from_form(form: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    from followthemoney import model

    schema_name = form["kind"] if form["kind"] in SCHEMAS else "Person"
    schema = model.get(schema_name)
    notes: list[str] = []
    props: dict[str, list[str]] = {"name": [form["name"]]}
    wanted = {"birthDate": form["birth_date"], COUNTRY_PROP.get(schema_name, "country"): form["country"],
              "imoNumber": form["imo"], "mmsi": form["mmsi"], "idNumber": form["id_number"]}
    labels = {"birthDate": "birth date", "imoNumber": "IMO number", "mmsi": "MMSI", "idNumber": "ID number"}
    for prop, value in wanted.items():
        if not value:
            continue
        if schema.get(prop) is None:
            notes.append(f"{labels.get(prop, prop)} left out: a {schema_name} has none")
            continue
        props[prop] = [value]
    return {"schema": schema_name, "properties": props}, notes


def _screen_context(request: Request, form: dict[str, str]) -> dict[str, Any]:
    return {"nav": "screen", "form": form, "schemas": SCHEMAS,
            "can_screen": principal_of(request).has_role("screen")}


_EMPTY_FORM = {"name": "", "kind": "Person", "birth_date": "", "country": "", "imo": "", "mmsi": "",
               "id_number": "", "threshold": "", "limit": "10"}


@router.get("/screen")
@page("read")
def screen_form(request: Request) -> Response:
    return render(request, "screen.html", _screen_context(request, dict(_EMPTY_FORM)))


@router.post("/screen")
@page("screen")
def screen_run(request: Request, name: str = Form(""), kind: str = Form("Person"), birth_date: str = Form(""),
               country: str = Form(""), imo: str = Form(""), mmsi: str = Form(""), id_number: str = Form(""),
               threshold: str = Form(""), limit: str = Form("10")) -> Response:
    from sanctionwatch.screening.screener import screen

    form = {k: (v or "").strip()[:200] for k, v in dict(name=name, kind=kind, birth_date=birth_date,
                                                         country=country, imo=imo, mmsi=mmsi, id_number=id_number,
                                                         threshold=threshold, limit=limit).items()}
    context = _screen_context(request, form)
    problems = []
    if not form["name"]:
        problems.append("give a name to screen")
    try:
        cut = float(form["threshold"]) if form["threshold"] else None
        if cut is not None and not 0 < cut <= 1:
            raise ValueError
    except ValueError:
        problems.append(f"threshold {form['threshold']!r}: give a number between 0 and 1")
        cut = None
    try:
        most = int(form["limit"] or 10)
        if not 1 <= most <= 50:
            raise ValueError
    except ValueError:
        problems.append(f"results {form['limit']!r}: give a whole number from 1 to 50")
        most = 10
    if problems:
        return render(request, "screen.html", {**context, "problems": problems}, status=400)
    query, notes = _query_from_form(form)
    principal = principal_of(request)
    try:
        outcome = screen(query, store=_store(request), threshold=cut, limit=most, actor=principal.actor,
                         channel="web")
    except SanctionwatchError as exc:
        return render(request, "screen.html", {**context, "problems": [str(exc)]}, status=400)
    return render(request, "screen.html", {**context, "outcome": outcome.to_dict(), "notes": notes})


# --- list changes ----------------------------------------------------------------------------------------

@router.get("/changes")
@page("read")
def changes(request: Request, since_id: int = 0, limit: int = FEED_PAGE) -> Response:
    from sanctionwatch.lists.catalog import list_releases
    from sanctionwatch.lists.history import change_feed

    from sanctionwatch.api.routes.cases import MAX_ID

    if since_id > MAX_ID:
        # As the API's since_id (0 to 2**31-1): a larger number cannot be a change id, nor be compared.
        return error_page(request, 400, f"since_id {since_id}: give a change id from 0 to {MAX_ID}")
    since_id = max(0, since_id)
    limit = min(max(1, limit), 500)
    rows = change_feed(_store(request), since_id=since_id, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    releases = list_releases(store=_store(request))
    return render(request, "changes.html", {
        "nav": "changes", "rows": rows, "since_id": since_id, "limit": limit, "more": more,
        "next_since": rows[-1]["id"] if rows else since_id, "releases": releases,
        "sources": {r["id"]: r for r in releases}})


# --- map -------------------------------------------------------------------------------------------------

@router.get("/map")
@page("read")
def map_page(request: Request) -> Response:
    from sanctionwatch.maritime.detectors import NAMES
    from sanctionwatch.maritime.events import EVENT_TYPES

    params = request.query_params
    config = {
        "events": "/api/maritime/events", "land": "/ui/map/land.geojson", "areas": "/ui/map/areas.geojson",
        "vessel": "/ui/vessels/", "region": basemap.region(), "types": list(EVENT_TYPES),
        "detectors": list(NAMES),
        "filters": {"type": params.getlist("type"), "detector": params.get("detector", ""),
                    "vessel": params.get("vessel", ""), "since": params.get("since", ""),
                    "until": params.get("until", "")},
    }
    return render(request, "map.html", {"nav": "map", "config": config})


@router.get("/map/land.geojson")
@page("read")
def land(request: Request) -> Response:
    path = basemap.land_geojson(_store(request).home)
    # The file's name carries a hash of its inputs: a browser may keep it for a day.
    return FileResponse(path, media_type="application/geo+json",
                        headers={"Cache-Control": "private, max-age=86400"})


@router.get("/map/areas.geojson")
@page("read")
def areas(request: Request) -> Response:
    body = json.dumps(basemap.areas_geojson(), separators=(",", ":"))
    return Response(body, media_type="application/geo+json", headers={"Cache-Control": "private, max-age=3600"})


# --- vessels ---------------------------------------------------------------------------------------------

@router.get("/vessels")
@page("read")
def vessel_lookup(request: Request, key: str = "") -> Response:
    key = key.strip()
    if not key:
        return render(request, "vessel_lookup.html", {"nav": "map"})
    return RedirectResponse(f"/ui/vessels/{quote(key, safe='')}", status_code=303)


@router.get("/vessels/{key}")
@page("read")
def vessel(request: Request, key: str) -> Response:
    from sanctionwatch.maritime.export import summarise
    from sanctionwatch.maritime.vessel import vessel_profile

    if len(key) > 40:
        raise NotFound("vessel key too long: give a 9-digit MMSI or a 7-digit IMO number")
    store = _store(request)
    profile = vessel_profile(key, home=store.home, list_store=store)
    for event in profile["events"]:
        event["summary"] = summarise(event)
    config = {"vessel": f"/api/maritime/vessels/{quote(key, safe='')}?track=true",
              "land": "/ui/map/land.geojson", "areas": "/ui/map/areas.geojson", "region": basemap.region(),
              "events": [{k: e.get(k) for k in ("id", "type", "start", "end", "lat", "lon", "summary")}
                         for e in profile["events"]]}
    names = [i["name"] for i in profile["identities"] if i.get("name")]
    return render(request, "vessel.html", {"nav": "map", "profile": profile, "config": config,
                                           "title": names[-1] if names else key})


# --- cases and reports -----------------------------------------------------------------------------------

@router.get("/cases")
@page("read")
def case_list(request: Request) -> Response:
    from sanctionwatch.cases import list_cases, typologies

    principal = principal_of(request)
    rows = [c for c in list_cases(store=_store(request)) if can_see_case(principal, c["id"])]
    names = {t["id"]: t["name"] for t in typologies()}
    return render(request, "cases.html", {"nav": "cases", "cases": rows, "typologies": names})


@router.get("/cases/{case_id}")
@page("read")
def case_page(request: Request, case_id: str) -> Response:
    from sanctionwatch.api.routes.cases import _case_id
    from sanctionwatch.cases import case_dossier
    from sanctionwatch.cases.evidence import CREDIBILITY, RELIABILITY
    from sanctionwatch.cases.records import case_ref

    cid = _case_id(case_id)   # the API's check: ids beyond 1..2**31-1 cannot exist (404)
    principal = principal_of(request)
    if not can_see_case(principal, cid):
        # As the API answers: a key limited to other cases learns nothing about this one.
        raise NotFound(f"case {case_ref(cid)} does not exist")
    dossier = case_dossier(cid, store=_store(request))
    minority = [(c, r) for c in dossier["claims"] for r in c["reviews"] if r["view"] == "minority"]
    return render(request, "case.html", {"nav": "cases", "d": dossier, "reliability": RELIABILITY,
                                         "credibility": CREDIBILITY, "minority": minority,
                                         "evidence_by_id": {e["id"]: e for e in dossier["evidence"]}})


@router.get("/reports")
@page("read")
def reports(request: Request) -> Response:
    from sanctionwatch.api.routes.reports import reports as built_reports

    # The API's own listing: the same folders, the same per-case filter, the same download URLs.
    rows = built_reports(request, principal_of(request))
    return render(request, "reports.html", {"nav": "reports", "reports": rows})


# --- static files ----------------------------------------------------------------------------------------

def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR).resolve()


@router.get("/static/{path:path}")
def static(path: str) -> Response:
    """This package's CSS and scripts, and Leaflet (JS, CSS, images) under ``leaflet/``. Public: the login
    page needs them, and they hold no data."""
    base, rel = (_leaflet_dir(), path[len("leaflet/"):]) if path.startswith("leaflet/") else (STATIC_DIR, path)
    target = (base / rel).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        raise HTTPException(404, f"no static file {path!r}")
    return FileResponse(target, headers={"Cache-Control": "no-cache"})
