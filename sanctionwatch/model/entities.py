"""Building FollowTheMoney entities whose every value keeps its provenance.

Values are added as FtM statements: the statement's ``dataset`` is the source name and its
``original_value`` the text exactly as the source wrote it. The release a statement belongs to
is recorded by the store (each release keeps its own statements).
"""

from __future__ import annotations

import re
from typing import Iterable

from followthemoney import Dataset, StatementEntity, model

_SLUG = re.compile(r"[^a-z0-9.]+")


def make_id(*parts: str | int) -> str:
    """A stable, readable id from the source's own keys: ``make_id("unsc", "KPi.008") == "unsc-kpi.008"``."""
    slugs = [_SLUG.sub("-", str(p).strip().lower()).strip("-.") for p in parts if str(p).strip()]
    if not slugs:
        raise ValueError("an id needs at least one non-empty part")
    return "-".join(slugs)


def vessel_id(imo: str) -> str:
    """Vessels with an IMO number share one id across sources, so UN and OFAC listings of
    the same ship merge into one entity."""
    return make_id("imo", imo)


class EntityFactory:
    """Makes entities for one source and records values the model could not take."""

    def __init__(self, source: str, title: str | None = None) -> None:
        self.source = source
        self.dataset = Dataset({"name": source, "title": title or source})
        self.rejected: list[tuple[str, str, str, str]] = []  # (entity id, property, value, reason)

    def make(self, schema: str, entity_id: str) -> StatementEntity:
        return StatementEntity(self.dataset, {"schema": schema, "id": entity_id})

    def add(self, entity: StatementEntity, prop: str, value: object, *, original: str | None = None,
            lang: str | None = None, fuzzy: bool = False) -> bool:
        """Add a value with its original text. Returns False (and records why) when the
        property's type refuses the value, so a parser can report it instead of losing it."""
        if value is None:
            return False
        raw = value if isinstance(value, str) else str(value)
        prop_obj = entity.schema.get(prop)
        if prop_obj is None:
            raise KeyError(f"{entity.schema.name} has no property {prop!r}")
        # Whitespace is collapsed everywhere: the real lists hard-wrap comments and put stray newlines
        # inside names ("Kim\n    Yong-Chol"). The text as published stays in the original value.
        text = " ".join(raw.split())
        if not text:
            return False
        cleaned = prop_obj.type.clean(text, fuzzy=fuzzy, proxy=entity)
        if cleaned is None:
            self.rejected.append((entity.id or "", prop, text, f"not a valid {prop_obj.type.name}"))
            return False
        source_text = original if original is not None else raw
        entity.add(prop, cleaned, cleaned=True, lang=lang,
                   original_value=source_text if source_text != cleaned else None)
        return True

    def add_many(self, entity: StatementEntity, prop: str, values: Iterable[object], **kwargs) -> int:
        return sum(1 for v in values if self.add(entity, prop, v, **kwargs))

    @staticmethod
    def schema_exists(name: str) -> bool:
        return model.get(name) is not None
