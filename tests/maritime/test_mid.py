from __future__ import annotations

import csv

import pytest

from sanctionwatch.maritime import mid


def test_table_is_complete_and_iso():
    table = mid.mid_table()
    assert len(table) == 292
    assert all(201 <= m <= 775 and len(e.country) == 2 and e.country.isupper() for m, e in table.items())
    assert table[445].country == "KP" and table[273].country == "RU"
    assert {table[m].country for m in (412, 413, 414)} == {"CN"}
    assert {table[m].country for m in (351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373, 374)} == {"PA"}
    assert 217 not in table and 360 not in table and 444 not in table


@pytest.mark.parametrize("number, kind, mid_, country", [
    (445123456, mid.SHIP, 445, "KP"),
    (412123456, mid.SHIP, 412, "CN"),
    (299123456, mid.SHIP, 299, None),            # not allocated
    (44512345, mid.GROUP, 445, "KP"),            # 0MIDxxxxx: the leading zero is lost in an integer
    (2734567, mid.COAST_STATION, 273, "RU"),     # 00MIDxxxx
    (111273123, mid.SAR_AIRCRAFT, 273, "RU"),
    (992731234, mid.AID_TO_NAVIGATION, 273, "RU"),
    (984121234, mid.PARENT_SHIP_CRAFT, 412, "CN"),
    (841212345, mid.HANDHELD, 412, "CN"),
    (970123456, mid.SART, None, None),
    (972123456, mid.MOB, None, None),
    (974123456, mid.EPIRB, None, None),
    (123456789, mid.INVALID, None, None),
    (0, mid.INVALID, None, None),
    (1234567890, mid.INVALID, None, None),
    (None, mid.INVALID, None, None),
])
def test_mmsi_shapes(number, kind, mid_, country):
    info = mid.classify_mmsi(number)
    assert (info.kind, info.mid, info.country) == (kind, mid_, country)


def test_against_third_party_transcription(shared_file):
    """The MobiML whitelist (a transcription of the same ITU table) agrees except where it is out of date
    or not ISO: it lacks Timor-Leste (550) and South Sudan (638); it files the French southern lands
    (501, 618, 635) under Antarctica (AQ) where ISO has TF; Ascension (608) under IO, which is the British
    Indian Ocean Territory (ISO puts Ascension in SH); Namibia's code NA read as missing; "UK" for the
    Falklands (ISO FK)."""
    path = shared_file("ais/reference_mid_table/ais_mid_whitelist.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        theirs = {int(r["MID"]): r["Country Code"] for r in csv.DictReader(fh)}
    ours = {m: e.country for m, e in mid.mid_table().items()}
    assert set(ours) - set(theirs) == {550, 638}
    assert set(theirs) <= set(ours)
    differ = {m: (ours[m], theirs[m]) for m in theirs if ours[m] != theirs[m]}
    assert differ == {501: ("TF", "AQ"), 618: ("TF", "AQ"), 635: ("TF", "AQ"), 608: ("SH", "IO"),
                      659: ("NA", ""), 740: ("FK", "UK")}
