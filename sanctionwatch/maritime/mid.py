"""MMSI shapes (ITU-R M.585) and the Maritime Identification Digits table (MID -> country).

The MID table ``data/ais/mid.csv`` is written from ITU's "Table of Maritime Identification Digits"
(MARS). A MID names the administration that assigned the MMSI, which for a ship station is its flag
state; MID 445 is the Democratic People's Republic of Korea.

Shapes (ITU-R M.585, nine digits, M = a MID digit, X = any digit):

* ``MMMXXXXXX`` ship station (first digit 2-7)
* ``0MMMXXXXX`` group of ship stations; ``00MMMXXXX`` coast station
* ``111MMMXXX`` SAR aircraft
* ``98MMMXXXX`` craft associated with a parent ship; ``99MMMXXXX`` aid to navigation
* ``8MMMXXXXX`` handheld VHF transceiver with DSC and GNSS
* ``970XXYYYY`` AIS-SART, ``972XXYYYY`` man overboard device, ``974XXYYYY`` EPIRB-AIS (no MID)
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SHIP = "ship"
GROUP = "group"
COAST_STATION = "coast_station"
SAR_AIRCRAFT = "sar_aircraft"
PARENT_SHIP_CRAFT = "craft_of_parent_ship"
AID_TO_NAVIGATION = "aid_to_navigation"
HANDHELD = "handheld_vhf"
SART = "sart"
MOB = "man_overboard"
EPIRB = "epirb_ais"
INVALID = "invalid"

DPRK_MID = 445


@dataclass(frozen=True)
class Mid:
    mid: int
    country: str         # ISO 3166-1 alpha-2
    name: str


@dataclass(frozen=True)
class MmsiInfo:
    mmsi: int
    kind: str            # one of the shape constants above
    mid: int | None      # the MID digits the shape carries (None for SART/MOB/EPIRB and invalid numbers)
    country: str | None  # ISO-2 of the MID, None when the MID is not allocated
    country_name: str | None

    @property
    def mid_allocated(self) -> bool:
        return self.mid is not None and self.country is not None


@lru_cache(maxsize=1)
def mid_table() -> dict[int, Mid]:
    """MID -> allocation, from the shipped ITU table."""
    path = resources.files("sanctionwatch") / "data" / "ais" / "mid.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(row["mid"]): Mid(int(row["mid"]), row["country"], row["name"]) for row in csv.DictReader(fh)}


def country_of_mid(mid: int) -> Mid | None:
    return mid_table().get(mid)


def _shape(digits: str) -> tuple[str, int | None]:
    first = digits[0]
    if first in "234567":
        return SHIP, int(digits[:3])
    if digits.startswith("00"):
        return (COAST_STATION, int(digits[2:5])) if digits[2] in "234567" else (INVALID, None)
    if first == "0":
        return (GROUP, int(digits[1:4])) if digits[1] in "234567" else (INVALID, None)
    if digits.startswith("111"):
        return (SAR_AIRCRAFT, int(digits[3:6])) if digits[3] in "234567" else (INVALID, None)
    if digits.startswith("970"):
        return SART, None
    if digits.startswith("972"):
        return MOB, None
    if digits.startswith("974"):
        return EPIRB, None
    if digits.startswith("98"):
        return (PARENT_SHIP_CRAFT, int(digits[2:5])) if digits[2] in "234567" else (INVALID, None)
    if digits.startswith("99"):
        return (AID_TO_NAVIGATION, int(digits[2:5])) if digits[2] in "234567" else (INVALID, None)
    if first == "8":
        return (HANDHELD, int(digits[1:4])) if digits[1] in "234567" else (INVALID, None)
    return INVALID, None


def classify_mmsi(mmsi: int | str | None) -> MmsiInfo:
    """Shape, MID and country of an MMSI. Numbers that are not nine digits are ``invalid``.

    AIS carries the MMSI as a 30-bit integer, so group and coast-station numbers lose their leading
    zeros in transit: an integer below 100,000,000 is read back as a zero-padded nine-digit string.
    """
    if mmsi is None:
        return MmsiInfo(0, INVALID, None, None, None)
    text = str(mmsi).strip()
    if not text.isdigit() or int(text) <= 0 or int(text) > 999_999_999:
        return MmsiInfo(int(text) if text.isdigit() else 0, INVALID, None, None, None)
    number = int(text)
    kind, mid = _shape(f"{number:09d}")
    entry = country_of_mid(mid) if mid is not None else None
    return MmsiInfo(number, kind, mid, entry.country if entry else None, entry.name if entry else None)
