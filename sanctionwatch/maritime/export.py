"""Events out: JSON (the API's shape), GeoJSON (maps), CSV (spreadsheets, formula-escaped), KML
(Google Earth, where many researchers look at tracks). Events may be Event objects or their dicts."""

from __future__ import annotations

import csv
import json
import re
from typing import IO, Any, Iterable
from xml.sax.saxutils import escape as _xml_escape

from sanctionwatch.errors import ConfigError
from sanctionwatch.lists.export import escape_cell
from sanctionwatch.maritime.events import Event

FORMATS = ("json", "geojson", "csv", "kml")
CSV_COLUMNS = ("id", "type", "vessels", "start", "end", "duration_hours", "lat", "lon", "detector", "summary",
               "details", "params")


def as_dicts(events: Iterable[Event | dict[str, Any]]) -> list[dict[str, Any]]:
    return [e.to_dict() if isinstance(e, Event) else e for e in events]


def key_details(event: dict[str, Any]) -> str:
    """The few details that tell events of one type apart (identity kind, port, zone...)."""
    d = event.get("details") or {}
    extra = []
    for key in ("kind", "port_name", "zone_name", "likely_disabling", "confidence", "matched_on"):
        value = d.get(key)
        if value in (None, "", False, []):
            continue
        if isinstance(value, list):  # e.g. matched_on: [{"on": "imo", "value": "8660313"}, ...]
            value = "; ".join(" ".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
                              for item in value)
        extra.append(f"{key}={value}")
    return ", ".join(extra)


def summarise(event: dict[str, Any]) -> str:
    """One line a person reads: what, who, when, how long."""
    vessels = "+".join(str(v) for v in event["vessels"])
    what = event["type"].replace("_", " ")
    extra = key_details(event)
    return f"{what} {vessels} {event['start']}..{event['end']} ({event.get('duration_hours', 0):.1f} h)" + (
        f" [{extra}]" if extra else "")


def write_events(events: Iterable[Event | dict[str, Any]], out: IO[str], fmt: str = "json") -> int:
    rows = as_dicts(events)
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "geojson":
        out.write(json.dumps(to_geojson(rows), ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for e in rows:
            values = {**e, "vessels": " ".join(str(v) for v in e["vessels"]), "summary": summarise(e),
                      "details": json.dumps(e.get("details") or {}, ensure_ascii=False, default=str),
                      "params": json.dumps(e.get("params") or {}, default=str)}
            writer.writerow([_cell(values.get(c)) for c in CSV_COLUMNS])
    elif fmt == "kml":
        out.write(to_kml(rows))
    else:
        raise ConfigError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return len(rows)


def _cell(value: Any) -> str:
    """Numbers stay numbers (a western longitude starts with "-"); text is formula-escaped."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return escape_cell(str(value))


def to_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A point per event at its summary position, and the positions behind it as a line."""
    features = []
    for e in rows:
        props = {k: v for k, v in e.items() if k not in ("positions",)}
        props["summary"] = summarise(e)
        if e.get("lat") is not None and e.get("lon") is not None:
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [e["lon"], e["lat"]]},
                             "properties": props})
        by_vessel: dict[Any, list[list[float]]] = {}
        for mmsi, _ts, lat, lon in e.get("positions") or []:
            by_vessel.setdefault(mmsi, []).append([lon, lat])
        for mmsi, coords in sorted(by_vessel.items()):
            if len(coords) >= 2:
                features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                                 "properties": {"event": e["id"], "type": e["type"], "mmsi": mmsi, "role": "track"}})
    return {"type": "FeatureCollection", "features": features}


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape(text: str) -> str:
    """XML text: markup escaped and the control characters XML 1.0 forbids (ship names carry them) dropped."""
    return _xml_escape(_XML_UNSAFE.sub("", text))


def to_kml(rows: list[dict[str, Any]]) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
             "<name>sanctionwatch events</name>"]
    for e in rows:
        parts.append("<Placemark>")
        parts.append(f"<name>{escape(e['type'] + ' ' + '+'.join(str(v) for v in e['vessels']))}</name>")
        parts.append(f"<description>{escape(summarise(e))}</description>")
        parts.append(f"<TimeSpan><begin>{escape(e['start'])}</begin><end>{escape(e['end'])}</end></TimeSpan>")
        tracks: dict[Any, list[str]] = {}
        for mmsi, _t, lat, lon in e.get("positions") or []:
            tracks.setdefault(mmsi, []).append(f"{lon},{lat}")
        geoms = []
        if e.get("lat") is not None and e.get("lon") is not None:
            geoms.append(f"<Point><coordinates>{e['lon']},{e['lat']}</coordinates></Point>")
        # One line per vessel: a single line through both ships of an encounter would zig-zag.
        for _mmsi, coords in sorted(tracks.items()):
            if len(coords) >= 2:
                geoms.append(f"<LineString><coordinates>{' '.join(coords)}</coordinates></LineString>")
        if len(geoms) == 1:
            parts.append(geoms[0])
        elif geoms:
            parts.append("<MultiGeometry>" + "".join(geoms) + "</MultiGeometry>")
        parts.append("</Placemark>")
    parts.append("</Document></kml>")
    return "\n".join(parts) + "\n"
