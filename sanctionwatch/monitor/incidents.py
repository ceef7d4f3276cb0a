"""Grouping a detection run's events into incidents, each under the typology it suggests.

An incident is what a Panel finding is about: one encounter with the dark periods around it, one
vessel's run of transponder silences, one identity anomaly, one designated vessel's activity, one
foreign vessel's stop in a DPRK port. Events of the same vessels close in time are attached to it as
context, so the finding shows the whole pattern (dark before, alongside, dark after) rather than three
unconnected alerts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sanctionwatch.maritime.events import parse_time
from sanctionwatch.maritime.mid import classify_mmsi

# Events of the same vessels this close to the main event belong to its story. Two days covers the
# Panel's STS cases, where transponders went dark on the way to the meeting point and after it.
CONTEXT_HOURS = 48
DPRK = "KP"
# Identity findings that are not anomalies in themselves: a DPRK ship using its own MID tells the flag,
# which matters for the STS ban (2375 OP11), but is no false identity.
NOT_FRAUD = {("mid", "dprk_mid")}
CONTEXT_TYPES = {"gap", "loitering", "zone_entry", "port_visit", "identity"}


@dataclass
class Incident:
    typology: str
    main: list[dict[str, Any]]
    vessels: list[int]
    context: list[dict[str, Any]] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        return min(parse_time(e["start"]) for e in self.main)

    @property
    def end(self) -> datetime:
        return max(parse_time(e["end"]) for e in self.main)

    @property
    def events(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for event in self.main + self.context:
            seen.setdefault(event["id"], event)
        return sorted(seen.values(), key=lambda e: (e["start"], e["type"], e["id"]))


def flag_of(mmsi: int) -> str | None:
    info = classify_mmsi(mmsi)
    return info.country if info.mid_allocated else None


def _designated(events: list[dict[str, Any]]) -> set[int]:
    return {v for e in events if e["type"] == "designated_vessel" for v in e["vessels"]}


def find_incidents(events: list[dict[str, Any]]) -> list[Incident]:
    """Incidents in a stable order (typology, start, vessels) for the same events in any order."""
    events = sorted(events, key=lambda e: (e["start"], e["type"], e["id"]))
    designated = _designated(events)
    incidents: list[Incident] = []
    sts_gaps: set[str] = set()
    for event in events:
        if event["type"] == "encounter":
            incident = Incident("sts-transfer", [event], sorted(event["vessels"]))
            incidents.append(incident)
    _attach_context(incidents, events)
    for incident in incidents:
        sts_gaps.update(e["id"] for e in incident.context if e["type"] == "gap")

    by_vessel: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for event in events:
        kind = event["type"]
        details = event.get("details", {})
        vessel = event["vessels"][0]
        if kind == "gap" and details.get("likely_disabling") and event["id"] not in sts_gaps:
            by_vessel.setdefault(("ais-disabling", vessel), []).append(event)
        elif kind == "identity" and (details.get("kind"), details.get("reason")) not in NOT_FRAUD:
            by_vessel.setdefault(("identity-fraud", vessel), []).append(event)
        elif kind == "designated_vessel":
            by_vessel.setdefault(("designated-vessel-activity", vessel), []).append(event)
        elif kind == "port_visit":
            country = details.get("port_country")
            if country == DPRK and flag_of(vessel) != DPRK:
                by_vessel.setdefault(("direct-delivery", vessel), []).append(event)
            elif vessel in designated and country != DPRK:
                # The port-entry ban (2371 OP6, 2375 OP6) closes every port to a designated vessel.
                by_vessel.setdefault(("prohibited-port-call", vessel), []).append(event)
    grouped = [Incident(typology, run, [vessel]) for (typology, vessel), main in by_vessel.items()
               for run in _runs(main)]
    _attach_context(grouped, events)
    incidents.extend(grouped)
    incidents.sort(key=lambda i: (i.typology, i.start, i.vessels))
    return incidents


def _runs(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A vessel's events cut where more than CONTEXT_HOURS pass between one and the next: a silence in
    January and another in March are two matters, and a later run's new events are not hidden behind
    an old one already under a case."""
    runs: list[list[dict[str, Any]]] = []
    end: datetime | None = None
    for event in sorted(events, key=lambda e: (e["start"], e["id"])):
        start, finish = parse_time(event["start"]), parse_time(event["end"])
        if end is None or start - end > timedelta(hours=CONTEXT_HOURS):
            runs.append([event])
            end = finish
        else:
            runs[-1].append(event)
            end = max(end, finish)
    return runs


def _attach_context(incidents: list[Incident], events: list[dict[str, Any]]) -> None:
    margin = timedelta(hours=CONTEXT_HOURS)
    for incident in incidents:
        lo, hi = incident.start - margin, incident.end + margin
        main_ids = {e["id"] for e in incident.main}
        wanted = set(incident.vessels)
        for event in events:
            if event["id"] in main_ids or event["type"] not in CONTEXT_TYPES:
                continue
            if not wanted.intersection(event["vessels"]):
                continue
            if parse_time(event["end"]) < lo or parse_time(event["start"]) > hi:
                continue
            if event["type"] == "zone_entry" and incident.typology not in ("sts-transfer", "direct-delivery"):
                continue
            incident.context.append(event)
