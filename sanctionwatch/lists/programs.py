"""Program names of the sources mapped to the UN regime they serve.

OFAC runs several DPRK programs (DPRK, DPRK2, DPRK3, DPRK4 after the executive orders, and
DPRK-NKSPEA after the North Korea Sanctions and Policy Enhancement Act); all of them belong to
the 1718 regime's subject for a monitor. A program filter matches the exact program or its regime.
"""

from __future__ import annotations

import re

_REGIMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(DPRK\d*|DPRK-NKSPEA|NKSPEA)$", re.I), "DPRK"),
    (re.compile(r"^(IRAN.*|IFSR|NPWMD-IRAN)$", re.I), "Iran"),
    (re.compile(r"^(SDGT|Al-Qaida)$", re.I), "Al-Qaida"),
)


def regime_of(program: str) -> str:
    for pattern, regime in _REGIMES:
        if pattern.match(program.strip()):
            return regime
    return program.strip()


def matches_program(programs: list[str], wanted: str | None) -> bool:
    if not wanted:
        return True
    w = wanted.strip().lower()
    return any(p.lower() == w or regime_of(p).lower() == w for p in programs)
