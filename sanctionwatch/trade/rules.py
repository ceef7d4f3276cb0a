"""The 1718 regime's trade measures as data (``data/trade/rules.json``) and the question the rules answer:
was trade in this HS code, in this direction, banned on this date, and by which paragraph?

Directions are the DPRK's: ``export`` = out of the DPRK, ``import`` = into the DPRK. An HS code matches a
rule's code when one is a prefix of the other. When the rule's code covers the whole asked code (2701
under 27, or 2701 itself) the rule applies in full; when the rule names only part of it (asked 2710,
rule 271012) it applies to part of the asked code, and a ban then answers ``"partial"``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from sanctionwatch.errors import ConfigError

DIRECTIONS = ("export", "import")
_HS = re.compile(r"^\d{2}(\d{2}){0,2}$")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The whole rules file (resolutions, measures, sectoral bans, caps, thresholds, duties, factors)."""
    text = resources.files("sanctionwatch").joinpath("data/trade/rules.json").read_text(encoding="utf-8")
    return json.loads(text)


def normalise_hs(code: str | int, what: str = "--hs") -> str:
    """``"2701"``, ``"2701.12"``, ``"27 01"`` -> ``"270112"``; 2, 4 or 6 digits."""
    text = re.sub(r"[.\s]", "", str(code))
    if not _HS.match(text):
        raise ConfigError(f"{what} {code!r}: not an HS code (2, 4 or 6 digits, e.g. 27, 2701, 2701.12)")
    return text


def parse_direction(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip().lower()
    aliases = {"export": "export", "exports": "export", "from_dprk": "export", "x": "export",
               "import": "import", "imports": "import", "to_dprk": "import", "m": "import"}
    if text not in aliases:
        raise ConfigError(f"--direction {value!r}: use export (out of the DPRK) or import (into the DPRK)")
    return aliases[text]


def parse_day(value: date | datetime | str | None, what: str = "--date") -> date:
    if value is None:
        return date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern, fmt in ((r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d"), (r"^\d{4}-\d{2}$", "%Y-%m"), (r"^\d{4}$", "%Y")):
        if re.match(pattern, text):
            return datetime.strptime(text, fmt).date()
    raise ConfigError(f"{what} {value!r}: use YYYY-MM-DD (or YYYY-MM, YYYY for the first day)")


def coverage(asked: str, rule_code: str) -> str | None:
    """``"full"`` when the rule's code covers the asked code, ``"part"`` when it covers part of it."""
    if asked.startswith(rule_code):
        return "full"
    if rule_code.startswith(asked):
        return "part"
    return None


def in_force(rule: dict[str, Any], day: date) -> bool:
    start = date.fromisoformat(rule["effective"])
    until = date.fromisoformat(rule["until"]) if rule.get("until") else None
    return start <= day and (until is None or day < until)


def matching_bans(hs: str, direction: str, day: date) -> list[tuple[dict[str, Any], str]]:
    """(ban row, "full" | "part") for every sectoral ban on ``hs`` in ``direction`` in force on ``day``."""
    found = []
    for rule in rules()["sectoral_bans"]:
        if rule["direction"] != direction or not in_force(rule, day):
            continue
        covers = [c for c in (coverage(hs, code) for code in rule["hs"]) if c]
        if covers:
            found.append((rule, "full" if "full" in covers else "part"))
    return found


def measure_view(rule: dict[str, Any], covers: str) -> dict[str, Any]:
    return {"resolution": rule["resolution"], "paragraph": rule["paragraph"],
            "summary": f"{rule['commodity']}: {'banned' if rule['status'] == 'banned' else 'limited'}"
                       f"{' (part of the asked code)' if covers == 'part' else ''}"
                       f"{'; ' + rule['notes'] if rule.get('notes') else ''}",
            "verified": bool(rule["verified"]), "id": rule["id"], "status": rule["status"],
            "effective": rule["effective"], "until": rule.get("until"), "grace_until": rule.get("grace_until"),
            "hs": rule["hs"], "hs_basis": rule["hs_basis"], "source": rule["source"]}


def verdict(found: list[tuple[dict[str, Any], str]]) -> bool | str:
    if any(rule["status"] == "banned" and covers == "full" for rule, covers in found):
        return True
    return "partial" if found else False


def rules_show(hs: str | int | None = None, direction: str | None = None,
               date_: date | datetime | str | None = None) -> dict[str, Any] | list[dict[str, Any]]:
    """Was trade in ``hs`` banned on ``date_``? ``banned`` is true (a ban covers the whole code), "partial"
    (a cap, a limited regime, or a ban on part of the code) or false. Without ``direction`` both are
    asked and a list of two answers comes back; without ``hs`` every ban in force that day is listed."""
    day = parse_day(date_)
    wanted = parse_direction(direction)
    if hs is None:
        rows = [measure_view(r, "full") for r in rules()["sectoral_bans"]
                if in_force(r, day) and (wanted is None or r["direction"] == wanted)]
        return {"hs": None, "direction": wanted, "date": day.isoformat(), "banned": None, "measures": rows}
    code = normalise_hs(hs)
    directions = [wanted] if wanted else list(DIRECTIONS)
    answers = []
    for d in directions:
        found = matching_bans(code, d, day)
        answers.append({"hs": code, "direction": d, "date": day.isoformat(), "banned": verdict(found),
                        "measures": [measure_view(r, c) for r, c in found]})
    return answers[0] if wanted else answers


def cap_for(commodity: str, year: int) -> dict[str, Any] | None:
    """The barrel cap in force for ``year`` (the one whose period covers most of it: CAP-RP from 2018,
    CAP-RP-2017 for Oct-Dec 2017)."""
    best = None
    for cap in rules()["caps"]:
        if cap["commodity"] != commodity or cap.get("limit_value") is None or not cap.get("start"):
            continue
        start = date.fromisoformat(cap["start"])
        end = date.fromisoformat(cap["end"]) if cap.get("end") else date(9999, 12, 31)
        if start <= date(year, 12, 31) and end >= date(year, 1, 1):
            best = cap
    return best


def bbl_per_tonne(product: str | None) -> float:
    factors = rules()["conversion_factors"]
    key = (product or factors["default_product"]).strip().lower().replace(" ", "_").replace("-", "_")
    table = factors["bbl_per_tonne"]
    if key not in table:
        raise ConfigError(f"product {product!r}: no barrels-per-tonne factor; use one of {', '.join(table)}")
    return float(table[key])
