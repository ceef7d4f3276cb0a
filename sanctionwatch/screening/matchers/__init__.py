"""Registry of matchers. A released matcher never changes behaviour: a change is a new version."""

from __future__ import annotations

from sanctionwatch.errors import ConfigError
from sanctionwatch.screening.matchers.name_v1 import NameV1
from sanctionwatch.screening.matchers.name_v2 import NameV2
from sanctionwatch.screening.matchers.name_v3 import NameV3

MATCHERS = {NameV1.NAME: NameV1, NameV2.NAME: NameV2, NameV3.NAME: NameV3}
DEFAULT = NameV3.NAME


def get_matcher(name: str | None = None) -> NameV1:
    key = (name or DEFAULT).strip().lower()
    if key in ("best", "default"):
        key = DEFAULT
    try:
        return MATCHERS[key]()
    except KeyError:
        raise ConfigError(f"unknown algorithm {name!r} (known: {', '.join(MATCHERS)})") from None


def describe_all() -> list[dict]:
    return [cls().describe() for cls in MATCHERS.values()]
