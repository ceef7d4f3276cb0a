"""``/api/maritime``: events of the latest saved detection run, filtered, as GeoJSON, JSON or CSV; and
vessel profiles with an optional track.

Events come from ``maritime.detect.load_latest_events`` and leave through ``maritime.export`` (GeoJSON
features, formula-escaped CSV); profiles from ``maritime.vessel.vessel_profile``. Nothing here runs a
detector: a request only reads what ``sanctionwatch ais detect`` (or the monitoring run) saved.
"""

from __future__ import annotations

import io
import threading
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from sanctionwatch.api.auth import Principal, require
from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.detect import events_dir, load_latest_events
from sanctionwatch.maritime.engine import DuckDBEngine, Window, parse_bbox
from sanctionwatch.maritime.events import EVENT_TYPES, parse_time
from sanctionwatch.maritime.export import to_geojson, write_events
from sanctionwatch.maritime.vessel import parse_vessel_key, vessel_profile, vessel_track

router = APIRouter(prefix="/api/maritime", tags=["maritime"])

EVENTS_DEFAULT = 5000
EVENTS_MAX = 50000
TRACK_DEFAULT = 2000
TRACK_MAX = 20000
GEOJSON = "application/geo+json"

EventType = Enum("EventType", {name: name for name in EVENT_TYPES}, type=str)  # type: ignore[misc]


class Format(str, Enum):
    geojson = "geojson"
    json = "json"
    csv = "csv"


# GeoJSON (RFC 7946) as this API writes it: points and lines, properties free-form. Written out by hand
# because it is served as application/geo+json, outside the JSON schemas FastAPI generates from models.
_FEATURE = {
    "type": "object", "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "geometry": {"type": "object", "required": ["type", "coordinates"],
                     "properties": {"type": {"type": "string", "enum": ["Point", "LineString"]},
                                    "coordinates": {"type": "array"}}},
        "properties": {"type": "object"},
    },
}
GEOJSON_SCHEMA = {
    "type": "object", "required": ["type", "features"],
    "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
                   "features": {"type": "array", "items": _FEATURE},
                   "total": {"type": "integer"}, "returned": {"type": "integer"},
                   "run": {"type": ["string", "null"]}},
}


class Event(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    type: str
    vessels: list[int]
    start: str
    end: str
    duration_hours: Optional[float] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    detector: str
    params: dict[str, Any] = {}
    details: dict[str, Any] = {}
    positions: list[list[Any]] = Field([], description="[mmsi, time, lat, lon] fixes behind the event")


class EventList(BaseModel):
    run: Optional[dict[str, Any]] = Field(None, description="Summary of the detection run the events come from.")
    total: int = Field(description="Events matching the filters.")
    returned: int
    events: list[Event]


class VesselProfile(BaseModel):
    model_config = ConfigDict(extra="allow")
    query: str
    kind: str = Field(description="mmsi or imo")
    mmsis: list[int]
    imos: list[dict[str, Any]]
    identities: list[dict[str, Any]]
    tracks: list[dict[str, Any]]
    last_positions: list[dict[str, Any]]
    designations: list[dict[str, Any]]
    designated: bool
    events: list[dict[str, Any]]
    track: Optional[dict[str, Any]] = Field(None, description="With ?track=true: a GeoJSON FeatureCollection, "
                                                              "one LineString (or Point) per MMSI.")


def _store(request: Request) -> Any:
    return request.app.state.store


# --- the latest run, parsed once per run file ---------------------------------------------------------
# A map pans and filters often; re-reading a large run file on every request would dominate. Run files
# are written once under a unique name and never changed, so (name, mtime, size) identifies the content.
_cache_lock = threading.Lock()
_cache: dict[str, Any] = {}


def _latest(home: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    folder = events_dir(home)
    try:
        name = (folder / "latest").read_text().strip()
        stat = (folder / name).stat()
        key = (str(folder), name, stat.st_mtime_ns, stat.st_size)
    except OSError:
        return load_latest_events(home)   # nothing detected yet, or a dangling pointer: the core says which
    with _cache_lock:
        if _cache.get("key") == key:
            return _cache["value"]
    value = load_latest_events(home)
    with _cache_lock:
        _cache["key"], _cache["value"] = key, value
    return value


def _time(name: str, text: Optional[str]) -> Optional[datetime]:
    if not text:
        return None
    try:
        return parse_time(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r}: not an ISO date or time (e.g. 2026-01-05 or 2026-01-05T06:00:00Z)") \
            from None


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def _matches(event: dict[str, Any], types: set[str], since: Optional[datetime], until: Optional[datetime],
             window: Optional[Window], vessel: Optional[int], detector: Optional[str]) -> bool:
    if types and event["type"] not in types:
        return False
    if vessel is not None and vessel not in event["vessels"]:
        return False
    if detector and detector not in (event["detector"], event["detector"].rsplit("-v", 1)[0]):
        return False
    # Overlap, as detection windows are read: an event that started before `since` but lasts into it counts.
    if since is not None and parse_time(event["end"]) < since:
        return False
    if until is not None and parse_time(event["start"]) >= until:
        return False
    if window is not None and not window.contains(event.get("lat"), event.get("lon")):
        # As detect() keeps events in a box: by their position, or by one of the fixes behind them.
        return any(window.contains(lat, lon) for _m, _t, lat, lon in event.get("positions") or [])
    return True


@router.get(
    "/events", response_model=None, summary="Events of the latest detection run, filtered",
    responses={200: {"model": EventList, "description": "format=json: the events; format=geojson (default): a "
                     "FeatureCollection with a Point per event and its fixes as LineStrings; format=csv: one row "
                     "per event, formula-escaped.",
                     "content": {GEOJSON: {"schema": GEOJSON_SCHEMA}, "text/csv": {"schema": {"type": "string"}}}}})
def events(request: Request,
           type: Optional[list[EventType]] = Query(None, description="Event type; repeat for several."),
           since: Optional[str] = Query(None, max_length=40, description="Events ending at or after this time."),
           until: Optional[str] = Query(None, max_length=40, description="Events starting before this time."),
           bbox: Optional[str] = Query(None, max_length=100, description="WEST,SOUTH,EAST,NORTH in degrees."),
           vessel: Optional[int] = Query(None, ge=0, le=999_999_999, description="MMSI taking part."),
           detector: Optional[str] = Query(None, max_length=60, description="gap or gap-v1"),
           format: Format = Query(Format.geojson),
           positions: bool = Query(True, description="Include the fixes behind each event (tracks on a map)."),
           limit: int = Query(EVENTS_DEFAULT, ge=1, le=EVENTS_MAX),
           _key: Principal = Depends(require("read"))) -> Any:
    start, end = _time("since", since), _time("until", until)
    if start and end and end <= start:
        raise ConfigError(f"until={until!r} is not after since={since!r}")
    window = Window(bbox=parse_bbox(bbox)) if bbox else None
    head, rows = _latest(_store(request).home)
    types = {t.value for t in type or []}
    found = [e for e in rows if _matches(e, types, start, end, window, vessel, detector)]
    total = len(found)
    found = found[:limit]
    if not positions:
        found = [{**e, "positions": []} for e in found]
    run = head.get("run") if head else None
    if format == Format.csv:
        out = io.StringIO()
        write_events(found, out, "csv")
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="events.csv"',
                                 "X-Total-Count": str(total)})
    if format == Format.json:
        return JSONResponse({"run": head or None, "total": total, "returned": len(found), "events": found})
    collection = to_geojson(found)
    collection.update({"run": run, "total": total, "returned": len(found)})
    return JSONResponse(collection, media_type=GEOJSON)


@router.get("/vessels/{key}", response_model=VesselProfile,
            summary="A vessel's identity history, designations and events; its track with ?track=true")
def vessel(request: Request, key: str,
           track: bool = Query(False, description="Add the AIS track as GeoJSON."),
           track_max: int = Query(TRACK_DEFAULT, ge=2, le=TRACK_MAX, description="Most fixes in the track; "
                                  "longer tracks are thinned evenly."),
           since: Optional[str] = Query(None, max_length=40, description="Track from this time."),
           until: Optional[str] = Query(None, max_length=40, description="Track until this time."),
           _key: Principal = Depends(require("read"))) -> dict[str, Any]:
    if len(key) > 40:
        raise ConfigError(f"vessel {key[:40]!r}...: give a 9-digit MMSI or a 7-digit IMO number")
    parse_vessel_key(key)   # refuse a malformed key before opening the AIS store
    start, end = _time("since", since), _time("until", until)
    store = _store(request)
    engine = DuckDBEngine(home=store.home, threads=2)
    try:
        profile = vessel_profile(key, home=store.home, list_store=store, engine=engine)
        profile = _iso(profile)
        profile["track"] = vessel_track(engine, profile["mmsis"], track_max, start, end) if track else None
    finally:
        engine.close()
    return profile
