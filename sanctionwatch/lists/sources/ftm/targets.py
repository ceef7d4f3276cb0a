"""Which entities of an FtM file are the listed targets, and what belongs to each of them."""

from __future__ import annotations

from followthemoney import StatementEntity, model

from sanctionwatch.lists.parsed import Designation, ParseReport
from sanctionwatch.lists.sources.ftm.builder import Builder
from sanctionwatch.model.entities import EntityFactory, make_id

_THING = model.get("Thing")
_SANCTION = model.get("Sanction")
# Things that are never a listed party themselves: places and documents.
_NOT_PARTIES = tuple(model.get(name) for name in ("Address", "Document", "Note"))


def pick_targets(builder: Builder, has_target_key: bool) -> list[str]:
    """OpenSanctions marks targets with "target": true. Files without that key: entities with
    the "sanction" topic (not "sanction.linked", which marks associates of a listed party);
    failing those, every party-like Thing."""
    entities = builder.entities
    if has_target_key:
        return [eid for eid in entities if eid in builder.targets]
    topical = [eid for eid, e in entities.items() if "sanction" in e.get("topics", quiet=True)]
    if topical:
        return topical
    return [eid for eid, e in entities.items()
            if e.schema.is_a(_THING) and not any(e.schema.is_a(s) for s in _NOT_PARTIES)]


def related_ids(builder: Builder, target: str, targets: set[str]) -> list[str]:
    """Entities that point at the target (Sanction.entity, Passport.holder, Ownership.asset ...),
    the far end of such links when the link is an interval (the owner in an Ownership), and what
    the target points at (addressEntity). Other targets are left to their own designation."""
    out: list[str] = []
    seen = {target}

    def take(eid: str) -> None:
        if eid not in seen and eid not in targets and eid in builder.entities:
            seen.add(eid)
            out.append(eid)

    for eid in sorted(builder.refs_in.get(target, ())):
        take(eid)
        link = builder.entities.get(eid)
        if link is not None and not link.schema.is_a(_THING):
            for far in sorted(builder.refs_out.get(eid, ())):
                take(far)
    for eid in sorted(builder.refs_out.get(target, ())):
        take(eid)
    return out


class DesignationMaker:
    def __init__(self, source_name: str, factory: EntityFactory, builder: Builder, report: ParseReport) -> None:
        self.source_name = source_name
        self.factory = factory
        self.builder = builder
        self.report = report

    def make(self, target_id: str, targets: set[str]) -> Designation:
        entity = self.builder.entities[target_id]
        if "sanction" not in entity.get("topics", quiet=True) and entity.schema.get("topics"):
            self.factory.add(entity, "topics", "sanction")
        related = [self.builder.entities[eid] for eid in related_ids(self.builder, target_id, targets)]
        sanctions = [e for e in related if e.schema.is_a(_SANCTION) and target_id in e.get("entity")]
        programs = self._programs(entity, sanctions)
        if not sanctions:
            sanction = self._made_sanction(target_id, programs)
            related.append(sanction)
            sanctions = [sanction]
        record = self.builder.records[target_id]
        original = self.builder.original_ids.get(target_id, record.id)
        unsc = sorted({v for s in sanctions for v in s.get("unscId")})
        reference = unsc[0] if unsc else target_id
        keys: dict[str, str] = {}
        if reference != original:
            keys["id"] = original
        if record.datasets:
            keys["datasets"] = ",".join(record.datasets)
        if record.referents:
            keys["referents"] = ",".join(record.referents)
        dates = sorted(v[:10] for s in sanctions for v in s.get("listingDate") + s.get("startDate"))
        return Designation(entity=entity, reference=reference, programs=programs, keys=keys,
                           listed_on=dates[0] if dates else None, related=related)

    def _programs(self, entity: StatementEntity, sanctions: list[StatementEntity]) -> list[str]:
        for prop in ("program", "programId"):
            values = sorted({v for s in sanctions for v in s.get(prop)})
            if values:
                return values
        own = sorted(entity.get("programId", quiet=True))
        return own or [self.source_name]

    def _made_sanction(self, target_id: str, programs: list[str]) -> StatementEntity:
        # Every target carries one Sanction; the file gave none for this one.
        self.report.note("target without a Sanction entity (one made, with no authority or date)",
                         self.builder.records[target_id].place)
        sanction = self.factory.make("Sanction", make_id(self.source_name, target_id, "sanction"))
        self.factory.add(sanction, "entity", target_id)
        if programs != [self.source_name]:
            self.factory.add_many(sanction, "program", programs)
        return sanction
