"""Score detected events against a scenario's truth.

A detected event matches a truth entry when the type is the same, the vessel sets are equal (for
identity: the truth's vessels are among the event's), and the intervals overlap once each is widened
by ``tolerance_hours``. Precision is measured over the types the generator knows completely (gap,
encounter, loitering, identity, port_visit); zone_entry and designated_vessel are scored for recall
only. Negatives are near misses: an event matching one is reported as such and counts as a false alarm.
Optional entries (``"optional": true``: a port call the window shows for minutes only) count neither
way: an event matching only them is left out, and missing them is no miss.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterable

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.events import EVENT_TYPES, Event, parse_time

PRECISION_TYPES = ("gap", "encounter", "loitering", "identity", "port_visit")
RECALL_ONLY_TYPES = ("zone_entry", "designated_vessel")


@dataclass
class TypeScore:
    type: str
    truth: int                     # planted (positive) entries
    found: int                     # of those, matched by at least one event
    events: int                    # events of this type
    true_events: int               # events matching a positive entry
    false_alarms: int              # events matching no positive entry (near misses included)
    negatives: int                 # negative entries
    negatives_reported: int        # negative entries some event matched
    precision: float | None
    recall: float | None


@dataclass
class ScoreReport:
    types: list[TypeScore]
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    negatives_reported: list[dict[str, Any]] = field(default_factory=list)
    tolerance_hours: float = 1.0

    def by_type(self, type_: str) -> TypeScore:
        return next(t for t in self.types if t.type == type_)

    @property
    def precision(self) -> float | None:
        scored = [t for t in self.types if t.type in PRECISION_TYPES]
        events = sum(t.events for t in scored)
        return sum(t.true_events for t in scored) / events if events else None

    @property
    def recall(self) -> float | None:
        total = sum(t.truth for t in self.types)
        return sum(t.found for t in self.types) / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "tolerance_hours": self.tolerance_hours,
                "types": [asdict(t) for t in self.types], "misses": self.misses,
                "false_alarms": self.false_alarms, "negatives_reported": self.negatives_reported}


@dataclass(frozen=True)
class _Item:
    type: str
    vessels: frozenset[int]
    start: datetime
    end: datetime
    label: str
    negative: bool
    raw: dict[str, Any]
    optional: bool = False      # at the window's edge: finding it or not are both right


def score(truth: list[dict] | Path | str, events: Iterable[dict] | Iterable[Event] | Path | str,
          tolerance_hours: float = 1.0) -> ScoreReport:
    truth_items = [_item(e, f"truth entry {i + 1}") for i, e in enumerate(_load(truth, "truth"))]
    event_items = [_item(e, f"event {i + 1}") for i, e in enumerate(_load(events, "events"))]
    tol = timedelta(hours=tolerance_hours)
    matched_truth: set[int] = set()
    report = ScoreReport(types=[], tolerance_hours=tolerance_hours)
    per_type: dict[str, dict[str, int]] = {t: dict(events=0, true_events=0, false_alarms=0) for t in EVENT_TYPES}
    by_type: dict[str, list[tuple[int, _Item]]] = {}
    for i, t in enumerate(truth_items):
        by_type.setdefault(t.type, []).append((i, t))
    for ev in event_items:
        counts = per_type.setdefault(ev.type, dict(events=0, true_events=0, false_alarms=0))
        hits = [(i, t) for i, t in by_type.get(ev.type, []) if _matches(t, ev, tol)]
        if hits and all(t.optional for _, t in hits):
            matched_truth.update(i for i, _ in hits)
            continue
        counts["events"] += 1
        positives = [i for i, t in hits if not t.negative and not t.optional]
        negatives = [(i, t) for i, t in hits if t.negative]
        matched_truth.update(i for i, _ in hits)
        if positives:
            counts["true_events"] += 1
            continue
        counts["false_alarms"] += 1
        if ev.type in RECALL_ONLY_TYPES:
            continue
        summary = _brief(ev)
        if negatives:
            for _, t in negatives:
                report.negatives_reported.append({"truth": _brief(t), "event": summary})
        else:
            report.false_alarms.append(summary)
    for type_ in list(EVENT_TYPES) + sorted(set(per_type) - set(EVENT_TYPES)):
        entries = by_type.get(type_, [])
        positives = [i for i, t in entries if not t.negative and not t.optional]
        negatives = [i for i, t in entries if t.negative]
        counts = per_type[type_]
        if not entries and not counts["events"]:
            continue
        found = sum(1 for i in positives if i in matched_truth)
        precise = type_ in PRECISION_TYPES
        report.types.append(TypeScore(
            type=type_, truth=len(positives), found=found, events=counts["events"],
            true_events=counts["true_events"], false_alarms=counts["false_alarms"], negatives=len(negatives),
            negatives_reported=sum(1 for i in negatives if i in matched_truth),
            precision=(counts["true_events"] / counts["events"]) if precise and counts["events"] else None,
            recall=(found / len(positives)) if positives else None))
        report.misses.extend(_brief(truth_items[i]) for i in positives if i not in matched_truth)
    return report


def _matches(truth: _Item, event: _Item, tol: timedelta) -> bool:
    if truth.type == "identity":
        same = truth.vessels <= event.vessels
    else:
        same = truth.vessels == event.vessels
    return same and event.start <= truth.end + tol and truth.start <= event.end + tol


def _load(source: Any, what: str) -> list[Any]:
    if not isinstance(source, (str, Path)):
        return list(source)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what} file ({exc.strerror or exc})") from None
    stripped = text.lstrip()
    try:
        data: Any = None
        if stripped.startswith("["):
            data = json.loads(text)
        elif stripped.startswith("{"):
            try:
                data = json.loads(text)
                data = data.get("events") if "events" in data else None
            except json.JSONDecodeError:
                data = None                     # JSON lines: one object per line
        if data is not None:
            if not isinstance(data, list):
                raise ConfigError(f"{path}: expected a JSON list of {what} (or an object with 'events')")
            return data
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ConfigError(f"{path}, line {n}: not JSON ({exc.msg})") from None
                if isinstance(row, dict) and "type" not in row and "run" in row:
                    continue  # a saved run's header line
                rows.append(row)
        return rows
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}, line {exc.lineno}: not JSON ({exc.msg})") from None


def _item(entry: Any, where: str) -> _Item:
    if isinstance(entry, Event):
        return _Item(entry.type, frozenset(entry.vessels), entry.start, entry.end, entry.detector, False,
                     entry.to_dict())
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected an object with type, vessels, start, end")
    try:
        vessels = frozenset(int(v) for v in entry["vessels"])
        start = entry["start"] if isinstance(entry["start"], datetime) else parse_time(str(entry["start"]))
        end = entry["end"] if isinstance(entry["end"], datetime) else parse_time(str(entry["end"]))
        return _Item(str(entry["type"]), vessels, start, end, str(entry.get("label") or entry.get("detector") or ""),
                     bool(entry.get("negative", False)), entry, bool(entry.get("optional", False)))
    except KeyError as exc:
        raise ConfigError(f"{where}: field {exc.args[0]!r} missing") from None
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _brief(item: _Item) -> dict[str, Any]:
    out = {"type": item.type, "vessels": sorted(item.vessels), "start": item.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
           "end": item.end.strftime("%Y-%m-%dT%H:%M:%SZ"), "label": item.label}
    kind = (item.raw.get("details") or {}).get("kind") if isinstance(item.raw.get("details"), dict) else None
    if kind:
        out["kind"] = kind
    return out
