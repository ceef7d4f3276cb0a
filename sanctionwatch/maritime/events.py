"""What a detector produces: an event with everything a report needs to show and reproduce it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

# Event types. The scenario generator's truth.json uses the same names.
GAP = "gap"
ENCOUNTER = "encounter"
LOITERING = "loitering"
PORT_VISIT = "port_visit"
ZONE_ENTRY = "zone_entry"
IDENTITY = "identity"
DESIGNATED_VESSEL = "designated_vessel"
EVENT_TYPES = (GAP, ENCOUNTER, LOITERING, PORT_VISIT, ZONE_ENTRY, IDENTITY, DESIGNATED_VESSEL)


@dataclass
class Event:
    """One detected event.

    ``vessels`` are MMSIs (sorted). ``lat``/``lon`` summarise where (mean position, or the start of a
    gap). ``detector`` is the versioned name (``gap-v1``); ``params`` the full parameter set used.
    ``details`` holds what the type adds (a gap's end position and distance from shore, the zone
    entered, an identity check's kind...). ``positions`` are the fixes behind the event as
    ``[mmsi, iso time, lat, lon]`` lists, so a report can draw them.
    """

    type: str
    vessels: list[int]
    start: datetime
    end: datetime
    lat: float | None
    lon: float | None
    detector: str
    params: dict[str, Any]
    details: dict[str, Any] = field(default_factory=dict)
    positions: list[list[Any]] = field(default_factory=list)

    @property
    def duration_hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0

    @property
    def id(self) -> str:
        """Stable across runs and engines: type, detector, vessels, start and end."""
        key = json.dumps([self.type, self.detector, sorted(self.vessels), _iso(self.start), _iso(self.end),
                          self.details.get("kind")], separators=(",", ":"))
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["id"] = self.id
        data["start"] = _iso(self.start)
        data["end"] = _iso(self.end)
        data["duration_hours"] = round(self.duration_hours, 3)
        return data


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    """Parse ``2026-01-02T03:04:05Z`` (or without Z, or a date) as naive UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is not None:
        from datetime import timezone

        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value
