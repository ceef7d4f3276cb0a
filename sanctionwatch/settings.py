"""Every setting in one table: name, default, help. Read from ``SANCTIONWATCH_<NAME>``.

Settings are read when asked for, not at import, so tests and long-running processes
see changes to the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from sanctionwatch.errors import ConfigError

ENV_PREFIX = "SANCTIONWATCH_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError("must be between 0 and 1")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting("home", "~/.sanctionwatch", "Data home: the SQLite store, raw list files (by SHA-256) and AIS Parquet."),
    Setting("database_url", "", "SQLAlchemy URL of the store; empty means SQLite at HOME/sanctionwatch.db. "
            "Use postgresql+psycopg://user:pass@host/db for a multi-user server."),
    Setting("shared_data", "../shared/data", "Folder of the real public data files used by tests and benchmarks."),
    Setting("max_drop_share", 0.05, "A release that removes more than this share of the current designations "
            "of its source is refused unless forced.", _share),
    Setting("lock_timeout", 600, "Seconds a load waits for another load of the store to finish.", _positive_int),
    Setting("download_timeout", 60, "Seconds before a list download is abandoned.", _positive_int),
    Setting("download_retries", 3, "Attempts per list download before giving up.", _positive_int),
    Setting("download_max_bytes", 256 * 1024 * 1024, "Largest list file accepted from a download.", _positive_int),
    Setting("list_urls", "", "Overrides of the official list URLs, comma-separated NAME=URL "
            "(e.g. un_sc=https://mirror.example/consolidated.xml). Admin configuration, never request input."),
    Setting("ais_ports", "", "CSV of extra ports (label, latitude, longitude, iso3; e.g. the World Port Index) "
            "added to the shipped DPRK-region ports for port visits and the 'away from port' rules."),
    Setting("ais_anchorages", "", "CSV of anchorage points (GFW named anchorages layout) used, like ports, by "
            "the 'away from port' rules of the encounter and loitering detectors."),
    Setting("land", "", "GeoJSON land polygons (e.g. Natural Earth 1:50m) for distance from shore; "
            "empty: distances from shore are not computed."),
    Setting("corroboration_min", 2, "Independent origins (different roots of the origin chain) a claim needs "
            "to be established; fewer leave it unverified. S/2006/997 para 23; not a fixed Panel rule.", _positive_int),
    Setting("reply_days", 30, "Days a party is given to reply to a letter when no deadline is stated.", _positive_int),
    Setting("api_rate_per_minute", 600, "Requests per minute per API key (token bucket per server process; a "
            "burst of one minute's worth is allowed); over it: 429 with Retry-After.", _positive_int),
    Setting("api_max_body_bytes", 10 * 1024 * 1024, "Largest request body the HTTP API accepts (413 beyond).",
            _positive_int),
    Setting("api_max_upload_bytes", 50 * 1024 * 1024, "Largest evidence upload the HTTP API accepts (413 beyond).",
            _positive_int),
    Setting("spark_master", "local[2]", "Spark master for `--engine spark` (local[N], spark://HOST:PORT, yarn, k8s://URL)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"setting {setting.env}={raw!r}: {exc}") from exc


def home() -> Path:
    return Path(os.path.expanduser(str(get("home"))))


def shared_data() -> Path:
    return Path(os.path.expanduser(str(get("shared_data"))))


def list_url_overrides() -> dict[str, str]:
    raw = str(get("list_urls")).strip()
    overrides: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        name, sep, url = item.partition("=")
        if not sep or not url:
            raise ConfigError(f"setting {ENV_PREFIX}LIST_URLS: {item!r} is not NAME=URL")
        overrides[name.strip()] = url.strip()
    return overrides
