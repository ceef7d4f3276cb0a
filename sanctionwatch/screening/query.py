"""Queries and candidates in FollowTheMoney shape, reduced to what matching compares.

A query is an example entity as yente takes it: ``{"schema": "Person", "properties": {"name": [...],
"birthDate": [...], ...}}``. Values are cleaned by the FtM property types, so "North Korea", "DPRK"
and "kp" all become the country code ``kp``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from followthemoney import model, registry

from sanctionwatch.errors import ConfigError

NAME_PROPS = ("name", "alias", "weakAlias", "previousName", "abbreviation")
COUNTRY_PROPS = ("nationality", "country", "citizenship", "jurisdiction", "flag", "pastFlags", "birthCountry",
                 "mainCountry")
ID_PROPS = ("imoNumber", "mmsi", "callSign", "passportNumber", "idNumber", "registrationNumber", "taxNumber",
            "innCode", "ogrnCode", "leiCode", "swiftBic", "vatCode")
SCREENABLE = ("Thing", "LegalEntity", "Person", "Organization", "Company", "PublicBody", "Vessel", "Airplane",
              "Vehicle")


@dataclass
class Profile:
    """What the matcher compares, for a query or a list entity."""

    schema: str
    names: list[str]
    birth_dates: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    genders: set[str] = field(default_factory=set)
    identifiers: dict[str, set[str]] = field(default_factory=dict)
    weak_names: set[str] = field(default_factory=set)

    @property
    def is_korean(self) -> bool:
        return bool(self.countries & {"kp", "kr"})


@lru_cache(maxsize=65_536)
def _clean_value(type_name: str, text: str) -> str | None:
    """FtM's cleaning of one value, kept: batches repeat dates and countries, and a fuzzy date costs
    about 80 microseconds to parse."""
    return registry.get(type_name).clean(text, fuzzy=True)


def _clean(prop: Any, values: Iterable[Any], schema_name: str, where: str) -> list[str]:
    out = []
    for value in values:
        text = value if isinstance(value, str) else str(value)
        cleaned = _clean_value(prop.type.name, text)
        if cleaned is None:
            if prop.type in (registry.name, registry.string, registry.text, registry.identifier):
                cleaned = " ".join(text.split())
            else:
                raise ConfigError(f"{where}: {schema_name}.{prop.name} value {text[:60]!r} is not a valid "
                                  f"{prop.type.name}")
        if cleaned:
            out.append(cleaned)
    return out


@dataclass
class Query:
    schema: str
    properties: dict[str, list[str]]

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "query") -> "Query":
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: expected an object with schema and properties")
        schema_name = data.get("schema") or "Thing"
        schema = model.get(schema_name)
        if schema is None or not any(schema.is_a(s) for s in ("Thing",)):
            raise ConfigError(f"{where}: unknown or unscreenable schema {schema_name!r}")
        props = data.get("properties") or {}
        if not isinstance(props, dict):
            raise ConfigError(f"{where}: properties must be an object of lists")
        cleaned: dict[str, list[str]] = {}
        for name, values in props.items():
            prop = schema.get(name)
            if prop is None:
                raise ConfigError(f"{where}: {schema_name} has no property {name!r}")
            if isinstance(values, (str, int, float)):
                values = [values]
            if not isinstance(values, list):
                raise ConfigError(f"{where}: {schema_name}.{name} must be a list of values")
            cleaned[name] = _clean(prop, values, schema_name, where)
        if not any(cleaned.get(p) for p in NAME_PROPS + ("firstName", "lastName") + ID_PROPS):
            raise ConfigError(f"{where}: a query needs a name or an identifier")
        return cls(schema=schema.name, properties=cleaned)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, "properties": self.properties}

    def profile(self) -> Profile:
        return profile_of(self.schema, self.properties)


def profile_of(schema: str, props: dict[str, list[str]]) -> Profile:
    names = [n for p in ("name", "alias", "previousName", "abbreviation") for n in props.get(p, [])]
    parts = [" ".join(filter(None, [f, s, m, l])) for f, s, m, l in
             _name_parts(props.get("firstName", []), props.get("secondName", []), props.get("middleName", []),
                         props.get("lastName", []), bool(names))]
    names.extend(p for p in parts if p and p not in names)
    weak = set(props.get("weakAlias", []))
    names.extend(dict.fromkeys(w for w in props.get("weakAlias", []) if w not in names))  # as given, not a set's order
    identifiers: dict[str, set[str]] = {}
    for prop in ID_PROPS:
        values = {_norm_id(v) for v in props.get(prop, []) if _norm_id(v)}
        if values:
            identifiers[prop] = values
    return Profile(
        schema=schema,
        names=names,
        birth_dates=sorted(set(props.get("birthDate", []))),
        countries={c for p in COUNTRY_PROPS for c in props.get(p, [])},
        genders=set(props.get("gender", [])),
        identifiers=identifiers,
        weak_names=weak,
    )


def _name_parts(first: list[str], second: list[str], middle: list[str], last: list[str], named: bool = False):
    """The name the parts spell, when they spell one. Two values of a part (the UN's THIRD_NAME and
    FOURTH_NAME are both ``middleName``) come back from FtM in no fixed order, and their first alone
    would make a partial name ("QUSAY SADDAM AL-TIKRITI" of QUSAY SADDAM HUSSEIN AL-TIKRITI) that
    differs from one load of a list to the next: such parts spell no name when the entity has one."""
    if not (first or last):
        return []
    if named and any(len(part) > 1 for part in (first, second, middle, last)):
        return []
    return [(first[0] if first else "", second[0] if second else "", middle[0] if middle else "",
             last[0] if last else "")]


def _norm_id(value: str) -> str:
    text = "".join(ch for ch in value.upper() if ch.isalnum())
    return text[3:] if text.startswith("IMO") and text[3:].isdigit() else text
