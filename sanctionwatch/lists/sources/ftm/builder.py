"""Records -> StatementEntities, with ids resolved and the reference graph indexed."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from followthemoney import Schema, StatementEntity, model, registry
from followthemoney.exc import InvalidData

from sanctionwatch.lists.parsed import ParseReport
from sanctionwatch.lists.sources.ftm.reader import Record
from sanctionwatch.lists.sources.un_1718_vessels.mapping import imo_digits
from sanctionwatch.model.entities import EntityFactory, vessel_id

_VESSEL = model.get("Vessel")


class Builder:
    def __init__(self, factory: EntityFactory, report: ParseReport) -> None:
        self.factory = factory
        self.report = report
        self.entities: dict[str, StatementEntity] = {}
        self.records: dict[str, Record] = {}         # final id -> first record read for it
        self.original_ids: dict[str, str] = {}      # final id -> the file's id, when they differ
        self.targets: set[str] = set()              # final ids whose record said "target": true
        self.refs_out: dict[str, set[str]] = defaultdict(set)
        self.refs_in: dict[str, set[str]] = defaultdict(set)
        self._ids: dict[str, str] = {}

    # -- ids ----------------------------------------------------------------

    def plan_ids(self, records: list[Record]) -> None:
        """File id -> final id: merged-away ids (referents) point to their entity, and a Vessel
        with one valid IMO number takes vessel_id(imo) so other lists' listings of it merge."""
        own = {r.id for r in records}
        canonical: dict[str, str] = {}
        for record in records:
            for referent in record.referents:
                if referent not in own:
                    canonical.setdefault(referent, record.id)
        vessels: dict[str, str] = {}
        for record in records:
            schema = model.get(record.schema)
            if schema is None or not schema.is_a(_VESSEL):
                continue
            imos = {d for v in record.properties.get("imoNumber", []) if isinstance(v, str) and (d := imo_digits(v))}
            if len(imos) == 1:
                vessels[record.id] = vessel_id(imos.pop())
            elif len(imos) > 1:
                self.report.note("vessel with several valid IMO numbers keeps the file's id", record.place)
        self._ids = {old: vessels.get(new, new) for old, new in canonical.items()}
        self._ids.update(vessels)

    def resolve(self, entity_id: str) -> str:
        return self._ids.get(entity_id, entity_id)

    # -- entities -----------------------------------------------------------

    def build(self, records: list[Record]) -> None:
        for record in records:
            schema = model.get(record.schema)
            if schema is None or schema.abstract:
                what = "unknown" if schema is None else "abstract"
                self.report.note(f"{what} schema {record.schema!r} (entity skipped)", record.place)
                continue
            entity = self._entity(record, schema.name)
            if entity is None:
                continue
            for prop_name, values in record.properties.items():
                self._add_values(entity, record, schema, prop_name, values)

    def _entity(self, record: Record, schema: str) -> StatementEntity | None:
        final_id = self.resolve(record.id)
        if record.target:
            self.targets.add(final_id)
        entity = self.entities.get(final_id)
        if entity is None:
            entity = self.factory.make(schema, final_id)
            self.entities[final_id] = entity
            self.records[final_id] = record
            if final_id != record.id:
                self.original_ids[final_id] = record.id
            return entity
        # The same id on several lines (FtM fragments) or two vessel records with one IMO.
        try:
            entity.schema = model.common_schema(entity.schema, schema)
        except InvalidData:
            self.report.note(f"id {final_id} given as {entity.schema.name} and {schema} (second skipped)",
                             record.place)
            return None
        self.report.note("entity given on several lines (merged)", record.place)
        return entity

    def _add_values(self, entity: StatementEntity, record: Record, schema: Schema, prop_name: str,
                    values: list[Any]) -> None:
        final_id = str(entity.id)
        prop = schema.get(prop_name)
        if prop is None or prop.stub:
            if values:
                self.report.unknown_field(f"{record.schema}.{prop_name}", record.place)
            return
        is_ref = prop.type == registry.entity
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                self.report.unmapped_value(f"{record.schema}.{prop_name}", repr(value), record.place)
                continue
            text = self.resolve(value.strip()) if is_ref else value
            try:
                added = self.factory.add(entity, prop_name, text, original=value)
            except InvalidData:          # e.g. an entity that references itself
                added = False
            if not added:
                if value.strip():
                    self.report.unmapped_value(f"{record.schema}.{prop_name}", value, record.place)
            elif is_ref:
                self.refs_out[final_id].add(text)
                self.refs_in[text].add(final_id)
