"""The words of a case: its title, summary and claims, written from the events' own figures.

A claim states what the data show and no more ("consistent with a ship-to-ship transfer", never
"transferred oil"): the cargo, the intent and the counterpart's identity need evidence AIS cannot give.
"""

from __future__ import annotations

import math
from typing import Any

from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.events import parse_time
from sanctionwatch.maritime.mid import classify_mmsi
from sanctionwatch.monitor.incidents import Incident

TYPOLOGY_TITLES = {
    "sts-transfer": "Suspected ship-to-ship transfer",
    "ais-disabling": "AIS transmissions stopped",
    "identity-fraud": "Vessel identity anomaly",
    "designated-vessel-activity": "Activity of a designated vessel",
    "direct-delivery": "Foreign vessel in a DPRK port",
    "prohibited-port-call": "Port call by a designated vessel",
}


def _name(mmsi: int, identities: dict[int, dict[str, Any]]) -> str:
    names = identities.get(mmsi, {}).get("names") or []
    return names[-1] if names else f"MMSI {mmsi}"


def _vessel(mmsi: int, identities: dict[int, dict[str, Any]]) -> str:
    info = classify_mmsi(mmsi)
    flag = f", flag by MMSI: {info.country_name}" if info.country_name else ""
    names = identities.get(mmsi, {}).get("names") or []
    label = f"{names[-1]} (MMSI {mmsi}{flag})" if names else f"MMSI {mmsi}{flag and ' (' + flag[2:] + ')'}"
    return label


def _when(text: str) -> str:
    return parse_time(text).strftime("%d %B %Y %H:%M UTC").lstrip("0")


def _where(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return "an unknown position"
    return f"{abs(lat):.3f}°{'N' if lat >= 0 else 'S'} {abs(lon):.3f}°{'E' if lon >= 0 else 'W'}"


def _zones(ids: list[str], areas: Areas) -> str:
    names = {z.id: z.name for z in areas.zones}
    return "; ".join(names.get(i, i) for i in ids)


def _port(port: dict[str, Any] | None) -> str:
    if not port:
        return ""
    return f"{port['km']:.0f} km from {port['name']} ({port['country']})"


def case_title(incident: Incident, identities: dict[int, dict[str, Any]], areas: Areas) -> str:
    names = " and ".join(_name(v, identities) for v in incident.vessels)
    return f"{TYPOLOGY_TITLES.get(incident.typology, incident.typology)}: {names}, {incident.start:%d %B %Y}".replace(
        ", 0", ", ")


def case_summary(incident: Incident, identities: dict[int, dict[str, Any]], areas: Areas) -> str:
    kinds = sorted({e["type"] for e in incident.events})
    return (f"Opened from {len(incident.events)} AIS event(s) ({', '.join(kinds)}) between "
            f"{_when(incident.events[0]['start'])} and {_when(incident.events[-1]['end'])}.")


def incident_claims(incident: Incident, identities: dict[int, dict[str, Any]], areas: Areas) -> list[str]:
    claims = [_main_claim(e, identities, areas) for e in incident.main]
    for event in incident.context:
        text = _context_claim(event, identities, areas, incident)
        if text:
            claims.append(text)
    if incident.typology == "sts-transfer":
        dprk = [v for v in incident.vessels if classify_mmsi(v).country == "KP"]
        for mmsi in dprk:
            claims.append(f"{_name(mmsi, identities)} transmits MMSI {mmsi}, whose MID 445 is the DPRK's: it presents "
                          f"itself as a DPRK-flagged vessel. Resolution 2375 (2017) OP11 prohibits ship-to-ship "
                          f"transfers to or from DPRK-flagged vessels.")
    return claims


def _main_claim(event: dict[str, Any], identities: dict[int, dict[str, Any]], areas: Areas) -> str:
    d = event.get("details", {})
    kind = event["type"]
    if kind == "encounter":
        a, b = event["vessels"]
        speeds = d.get("median_speed_knots", {}) or {}
        fastest = max(speeds.values()) if speeds else None
        where = _where(event["lat"], event["lon"])
        zones = _zones(d.get("zones", []), areas)
        port = _port(d.get("nearest_port"))
        # Upper bounds are rounded up (metres, tenths of a knot), so "within" and "at most" stay true.
        return (f"{_vessel(a, identities)} and {_vessel(b, identities)} stayed within "
                f"{math.ceil(d.get('max_distance_km', 0) * 1000)} m "
                f"of each other for {d.get('hours', 0):.1f} h, from {_when(event['start'])} to {_when(event['end'])}, "
                f"around {where}" + (f" ({zones})" if zones else "") + (f", {port}" if port else "")
                + (f", at median speeds of at most {math.ceil(fastest * 10) / 10:.1f} kn" if fastest is not None else "")
                + ". Two vessels alongside at such speeds for this long is consistent with a ship-to-ship transfer.")
    if kind == "gap":
        return _gap_text(event, identities, areas)
    if kind == "identity":
        return _identity_text(event, identities)
    if kind == "designated_vessel":
        mmsi = event["vessels"][0]
        return (f"{_vessel(mmsi, identities)}, matched to the listed vessel {d.get('caption')} "
                f"({', '.join(d.get('sources', []))}), transmitted AIS from {_when(event['start'])} to "
                f"{_when(event['end'])}; " + _last_position(event) + ".")
    if kind == "port_visit":
        mmsi = event["vessels"][0]
        # A visit without a stop (e.g. silent in port) says "was in port", not "stopped".
        stopped = d.get("stopped_hours") or 0
        what = f"stopped at {d.get('port_name')} ({d.get('port_country')}) for {stopped:.1f} h" if stopped > 0 else \
            f"was in port at {d.get('port_name')} ({d.get('port_country')}) for {event['duration_hours']:.1f} h"
        return (f"{_vessel(mmsi, identities)} {what}, from {_when(event['start'])} to {_when(event['end'])} "
                f"(port-visit confidence {d.get('confidence')} of 4).")
    return f"{kind} of {', '.join(_vessel(v, identities) for v in event['vessels'])} from {_when(event['start'])}."


def _gap_text(event: dict[str, Any], identities: dict[int, dict[str, Any]], areas: Areas) -> str:
    d = event.get("details", {})
    mmsi = event["vessels"][0]
    start = d.get("start_position", {})
    text = (f"{_vessel(mmsi, identities)} sent no AIS position for {d.get('hours', event['duration_hours']):.1f} h, "
            f"from {_when(event['start'])} to {_when(event['end'])}. It fell silent at "
            f"{_where(start.get('lat'), start.get('lon'))}")
    zones = _zones(d.get("start_zones", []), areas)
    port = _port(d.get("start_nearest_port"))
    text += (f" ({zones})" if zones else "") + (f", {port}" if port else "")
    text += f", and reappeared {d.get('distance_km', 0):.0f} km away"
    port = _port(d.get("end_nearest_port"))
    text += (f", {port}" if port else "") + f" (an implied {d.get('implied_speed_knots', 0):.1f} kn)."
    text += _coverage_text(d.get("coverage"), event.get("params", {}))
    return text


def _coverage_text(coverage: dict[str, Any] | None, params: dict[str, Any]) -> str:
    """What the neighbours' traffic says about a receiver outage, in gap-v1's own terms."""
    ratio = (coverage or {}).get("rate_ratio")
    if ratio is None:
        # gap-v1 keeps a silence it cannot judge (too little traffic around it before, or at the start
        # of the data): say so rather than claim either way.
        return " Too little other traffic was heard nearby to tell a receiver outage from a switched-off transponder."
    if ratio >= 0.8:
        return (f" Other vessels in the area kept transmitting during the silence ({ratio:.0%} of their usual "
                f"rate), so a receiver outage does not explain it.")
    drop = params.get("coverage_drop_ratio", 0.2)
    return (f" Other vessels' traffic nearby fell to {ratio:.0%} of its usual rate during the silence: reception "
            f"was reduced, but not below the {drop:.0%} at which gap-v1 takes a silence for a receiver outage.")


def _last_position(event: dict[str, Any]) -> str:
    positions = event.get("positions") or []
    if positions:
        _, when, lat, lon = positions[-1]
        return f"its last reported position in the period was {_where(lat, lon)} at {_when(when)}"
    return f"its mean position over the period was {_where(event['lat'], event['lon'])}"


def _identity_text(event: dict[str, Any], identities: dict[int, dict[str, Any]]) -> str:
    d = event.get("details", {})
    mmsi = event["vessels"][0]
    vessel = _vessel(mmsi, identities)
    kind = d.get("kind")
    if kind == "imo_check":
        return f"{vessel} broadcast IMO number {d.get('imo')}, which fails the IMO check digit: no ship holds it."
    if kind == "shared_mmsi":
        clusters = d.get("clusters", [])
        return (f"MMSI {mmsi} was reported in two places {d.get('clusters_km_apart', 0):.0f} km apart at the same time "
                f"({d.get('alternations')} alternations between {_when(event['start'])} and {_when(event['end'])}"
                + (f"; around {_where(clusters[0]['lat'], clusters[0]['lon'])} and "
                   f"{_where(clusters[1]['lat'], clusters[1]['lon'])}" if len(clusters) >= 2 else "")
                + "): two vessels are using one identity.")
    if kind == "identity_change":
        history = d.get("history", {})
        parts = []
        for field in d.get("fields", []):
            values = [h["value"] for h in history.get(field, [])]
            parts.append(f"{field.replace('_', ' ')} {' → '.join(str(v) for v in values)}")
        return (f"MMSI {mmsi} changed its broadcast identity between {_when(event['start'])} and {_when(event['end'])}: "
                f"{'; '.join(parts)}.")
    if kind == "speed":
        return (f"{vessel} jumped between positions faster than any ship can sail, from {_when(event['start'])}: "
                f"its identity was probably used by another vessel or its positions were falsified.")
    if kind == "designated_imo_elsewhere":
        return (f"{vessel} broadcast the IMO number of a listed vessel with an MMSI or name the list does not give "
                f"({d.get('reason', '')}).")
    return f"{vessel}: identity anomaly {kind} ({d.get('reason', '')}) from {_when(event['start'])}."


def _context_claim(event: dict[str, Any], identities: dict[int, dict[str, Any]], areas: Areas,
                   incident: Incident) -> str | None:
    if event["type"] == "gap" and event.get("details", {}).get("likely_disabling"):
        relation = "before" if parse_time(event["end"]) <= incident.start else (
            "after" if parse_time(event["start"]) >= incident.end else "during")
        return f"{relation.capitalize()} the main event: " + _gap_text(event, identities, areas)
    if event["type"] == "loitering":
        d = event.get("details", {})
        limit = event.get("params", {}).get("max_speed_knots", 2)
        return (f"{_vessel(event['vessels'][0], identities)} loitered below {limit:g} kn for {d.get('hours', 0):.1f} h from "
                f"{_when(event['start'])} around {_where(event['lat'], event['lon'])}"
                + (f" ({_zones(d.get('zones', []), areas)})" if d.get("zones") else "") + ".")
    if event["type"] == "port_visit" and event.get("details", {}).get("port_country") == "KP":
        return _main_claim(event, identities, areas)
    return None


def designation_claim(match: dict[str, Any], listings: list[str]) -> str:
    imo = match["id"][4:] if match["id"].startswith("imo-") else None
    what = f"The {match.get('schema', 'entity').lower()} {match['caption']}" + (f", IMO {imo}," if imo else "")
    return (f"{what} is designated: {'; '.join(listings)}. Programmes: {', '.join(match.get('programs', []))}.")


def match_claim(mmsi: int, identities: dict[int, dict[str, Any]], match: dict[str, Any]) -> str:
    return (f"{_vessel(mmsi, identities)} broadcast the identity of the listed {match.get('schema', 'entity').lower()} "
            f"{match['caption']}: screening score {match['score']:.2f} by {match.get('algorithm')}.")
