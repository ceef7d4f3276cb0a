"""Reading FollowTheMoney JSON lines: one entity object per line, checked for shape.

Besides the plain export (``{"id", "schema", "properties": {prop: [values]}}``) this accepts
OpenSanctions' nested form, where a property value may be a whole entity object: the nested
entity becomes a record of its own and the value becomes its id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from followthemoney import model

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import ParseReport
from sanctionwatch.lists.sources.base import RawFile

# Top-level keys of OpenSanctions / `ftm` exports. caption is derived from the properties.
KNOWN_KEYS = frozenset({"id", "schema", "properties", "caption", "datasets", "referents", "target",
                        "first_seen", "last_seen", "last_change"})


@dataclass
class Record:
    """One entity as read; ``place`` is "file line N" for messages."""

    id: str
    schema: str
    properties: dict[str, list[Any]]
    place: str
    target: bool | None = None
    datasets: list[str] = field(default_factory=list)
    referents: list[str] = field(default_factory=list)


@dataclass
class ReadResult:
    records: list[Record] = field(default_factory=list)
    has_target_key: bool = False
    latest: str = ""            # the max last_change/last_seen text seen
    lines: int = 0

    def published(self) -> datetime | None:
        if not self.latest:
            return None
        try:
            when = datetime.fromisoformat(self.latest.replace("Z", "+00:00"))
        except ValueError:
            return None
        return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def first_object(raw: RawFile, limit: int = 1 << 20) -> dict[str, Any] | None:
    """The first non-empty line as a JSON object, or None (cheap: reads at most ``limit`` bytes)."""
    data = raw.data[:limit].lstrip(b"\xef\xbb\xbf")
    for line in data.split(b"\n"):
        if line.strip():
            try:
                value = json.loads(line)
            except (ValueError, UnicodeDecodeError):
                return None
            return value if isinstance(value, dict) else None
    return None


def read(raw: RawFile, report: ParseReport, result: ReadResult) -> None:
    data = raw.data[3:] if raw.data.startswith(b"\xef\xbb\xbf") else raw.data
    basename = raw.basename
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        place = f"{basename} line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceFormatError(f"invalid JSON ({exc.msg}, column {exc.colno}; truncated file?)",
                                    file=raw.name, line=number) from None
        except UnicodeDecodeError:
            raise SourceFormatError("not UTF-8 text", file=raw.name, line=number) from None
        result.lines += 1
        # Only OpenSanctions' nested form repeats "schema" inside one line; skip the walk otherwise.
        _record(raw, number, place, obj, report, result, nested=line.count(b'"schema"') > 1)


def _record(raw: RawFile, number: int, place: str, obj: Any, report: ParseReport, result: ReadResult,
            nested: bool = True) -> Record:
    if not isinstance(obj, dict):
        raise SourceFormatError(f"not a JSON object but {type(obj).__name__}", file=raw.name, line=number)
    entity_id, schema = obj.get("id"), obj.get("schema")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise SourceFormatError("entity without an \"id\"", file=raw.name, line=number, field="id")
    if not isinstance(schema, str) or not schema.strip():
        raise SourceFormatError("entity without a \"schema\"", file=raw.name, line=number, field="schema")
    properties = obj.get("properties", {})
    if not isinstance(properties, dict):
        raise SourceFormatError("\"properties\" is not an object", file=raw.name, line=number,
                                field="properties")
    for key in obj:
        if key not in KNOWN_KEYS:
            report.unknown_field(key, place)
    record = Record(id=entity_id.strip(), schema=schema.strip(), properties=dict(properties), place=place,
                    datasets=_strings(obj.get("datasets")), referents=_strings(obj.get("referents")))
    if "target" in obj:
        result.has_target_key = True
        record.target = obj["target"] is True
    for key in ("last_change", "last_seen"):
        stamp = obj.get(key)
        if isinstance(stamp, str) and stamp > result.latest:
            result.latest = stamp
    result.records.append(record)
    if nested:
        _unnest(raw, number, place, record, report, result)
    return record


def _unnest(raw: RawFile, number: int, place: str, record: Record, report: ParseReport,
            result: ReadResult) -> None:
    schema = model.get(record.schema)
    for prop_name, values in list(record.properties.items()):
        if not isinstance(values, list):
            values = [values]
            record.properties[prop_name] = values
        if not any(isinstance(v, dict) for v in values):
            continue
        prop = schema.get(prop_name) if schema else None
        kept: list[Any] = []
        for value in values:
            if not isinstance(value, dict):
                kept.append(value)
                continue
            child = _record(raw, number, place, value, report, result)
            if prop is not None and prop.stub and prop.reverse is not None:
                # Person.sanctions [ {Sanction} ]: the link lives on the Sanction's "entity".
                child.properties.setdefault(prop.reverse.name, []).append(record.id)
            else:
                kept.append(child.id)
        record.properties[prop_name] = kept


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v]
    return []
