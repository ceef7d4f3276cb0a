"""What a list parser returns: designations as FtM entities, and a report of what it could not map.

A parser takes every field it knows. Fields and values it does not know are reported through
``ParseReport`` so that a change in a publisher's format shows up as a warning, never as silent loss.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from followthemoney import StatementEntity


@dataclass
class Designation:
    """One listed person, company, vessel or aircraft with the entities that describe it."""

    entity: StatementEntity            # the target (Person, Organization, Vessel, ...)
    reference: str                     # the source's human key: KPi.008, OFAC ent_num, IMO
    programs: list[str]                # exact program names: UN_LIST_TYPE, OFAC program codes
    keys: dict[str, str] = field(default_factory=dict)   # other source keys, e.g. {"dataid": "6908"}
    listed_on: str | None = None       # ISO date of listing when the source gives one
    related: list[StatementEntity] = field(default_factory=list)  # Sanction, Passport, Address, ...


@dataclass
class ParseReport:
    """Aggregated warnings: each distinct problem once, with a count and its first place."""

    counts: Counter = field(default_factory=Counter)
    first_place: dict[str, str] = field(default_factory=dict)

    def unknown_field(self, name: str, place: str) -> None:
        self._add(f"unmapped field {name}", place)

    def unmapped_value(self, name: str, value: str, place: str) -> None:
        self._add(f"unmapped value in {name}: {value[:80]!r}", place)

    def note(self, message: str, place: str) -> None:
        self._add(message, place)

    def _add(self, key: str, place: str) -> None:
        self.counts[key] += 1
        self.first_place.setdefault(key, place)

    def warnings(self) -> list[str]:
        return [f"{key} ({n}x, first at {self.first_place[key]})" for key, n in sorted(self.counts.items())]


@dataclass
class ParsedList:
    source: str
    published: datetime | None          # read from the file; timezone-aware UTC
    published_basis: str                # where the date came from: "file", "filename", ...
    designations: list[Designation]
    report: ParseReport
    records: int                        # raw records read (for the message when counts look wrong)
