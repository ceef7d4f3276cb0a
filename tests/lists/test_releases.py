"""Loading releases: atomic, guarded, never losing the current release to a bad file."""

from __future__ import annotations

import pytest

from sanctionwatch.errors import LoadRefused, SourceFormatError
from sanctionwatch.lists.catalog import list_releases, list_stats, show_entity
from sanctionwatch.lists.releases import load_lists
from tests.lists.conftest import OFAC_2024, VESSELS_CSV, state

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""


def _stats(store, source="un_sc", program="DPRK"):
    return {r["schema"]: r["count"] for r in list_stats(store=store)
            if r["source"] == source and r["program"] == program}


def test_un_2026_loads_as_current_release(store, un):
    [result] = load_lists([un("2026-02-27")], store=store)
    assert result.status == "loaded" and result.source == "un_sc"
    assert result.designations == 1003
    assert result.published.startswith("2026-02-27")
    assert _stats(store) == {"Person": 80, "Organization": 75}
    total = sum(r["count"] for r in list_stats(store=store) if r["source"] == "un_sc")
    assert total == 1003
    [release] = list_releases(store=store)
    assert release["current"] and release["sha256"] == result.sha256


def test_show_kpi_008_has_aliases_and_one_passport(store, un):
    load_lists([un("2026-02-27")], store=store)
    entity = show_entity("KPi.008", store=store)
    aliases = set(entity["properties"]["alias"])
    assert {"Ra Kyung-Su", "Chang Myong Ho"} <= aliases
    passports = [r for r in entity["related"] if r["schema"] == "Passport"]
    assert len(passports) == 1 and passports[0]["properties"]["number"] == ["645120196"]
    assert entity["sanctions"][0]["properties"]["unscId"] == ["KPi.008"]
    # provenance: every value names its source and release, and the original text where it differed
    names = [p for p in entity["provenance"] if p["prop"] == "name"]
    assert names and all(p["source"] == "un_sc" and p["release"] for p in names)


@pytest.mark.parametrize("bad", ["truncated", "empty", "html", "billion_laughs", "renamed_root"])
def test_bad_files_are_refused_and_change_nothing(store, un, tmp_path, bad):
    load_lists([un("2026-02-27")], store=store)
    before = state(store)
    good = un("2026-02-27").read_bytes()
    content = {
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "html": b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>down</body></html>",
        "billion_laughs": BILLION_LAUGHS,
        "renamed_root": good.replace(b"CONSOLIDATED_LIST", b"SANCTIONS_LIST"),
    }[bad]
    path = tmp_path / f"{bad}.xml"
    path.write_bytes(content)
    with pytest.raises(SourceFormatError) as err:
        load_lists([path], source="un_sc" if bad in ("empty", "html", "renamed_root") else None, store=store)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert "un_sc 2026-02-27 (release 1) still current" in message
    expected = {"truncated": "truncated XML", "empty": "empty file", "html": "HTML page",
                "billion_laughs": "unsafe", "renamed_root": "SANCTIONS_LIST"}[bad]
    assert expected in message
    if bad == "truncated":
        assert "line " in message
    assert state(store) == before


def test_large_drop_is_refused_unless_forced(store, un):
    load_lists([un("2020-03-20")], store=store)
    before = state(store)
    with pytest.raises(LoadRefused) as err:  # the Iran list (84 designations, 8.3%) is gone in 2024
        load_lists([un("2024-09-26")], store=store)
    assert "would remove" in str(err.value) and "2020-03-20" in str(err.value)
    assert state(store) == before
    [result] = load_lists([un("2024-09-26")], store=store, force=True)
    assert result.status == "loaded" and result.removed >= 84


def test_drop_share_is_a_setting(store, un, monkeypatch):
    monkeypatch.setenv("SANCTIONWATCH_MAX_DROP_SHARE", "0.2")
    load_lists([un("2020-03-20")], store=store)
    [result] = load_lists([un("2024-09-26")], store=store)
    assert result.status == "loaded"


def test_count_outside_bounds_is_refused(store, tmp_path):
    from sanctionwatch.demo import demo_files

    with pytest.raises(LoadRefused) as err:  # the demo sample is far smaller than a real UN list
        load_lists([demo_files()[0]], store=store)
    assert "expected of un_sc" in str(err.value)
    assert state(store)["releases"] == []


def test_same_bytes_twice_is_one_release(store, un):
    [first] = load_lists([un("2026-02-27")], store=store)
    [again] = load_lists([un("2026-02-27")], store=store)
    assert again.status == "unchanged" and again.release_id == first.release_id
    assert len(list_releases(store=store)) == 1


def test_older_release_is_kept_as_history_not_made_current(store, un):
    load_lists([un("2026-02-27")], store=store)
    [old] = load_lists([un("2024-09-26")], store=store)
    assert old.status == "historical"
    current = [r for r in list_releases(store=store) if r["current"]]
    assert [r["published"][:10] for r in current] == ["2026-02-27"]


def test_un_and_ofac_vessel_listings_merge_by_imo(store, shared_file):
    load_lists([shared_file(VESSELS_CSV)], store=store)
    load_lists([shared_file(OFAC_2024)], store=store)
    vessel = show_entity("8914934", store=store)
    assert {"FAN KE", "EVER BRIGHT 88"} <= set(vessel["properties"]["name"] + vessel["properties"].get("alias", []))
    assert {l["source"] for l in vessel["listings"]} == {"un_1718_vessels", "ofac_sdn"}
    assert vessel["id"] == "imo-8914934"


def test_ofac_2024_counts(store, shared_file):
    [result] = load_lists([shared_file(OFAC_2024)], store=store)
    assert result.designations == 14965
    dprk = {}
    for row in list_stats(store=store):
        if row["program"] in {"DPRK", "DPRK2", "DPRK3", "DPRK4", "DPRK-NKSPEA"}:
            dprk.setdefault(row["schema"], 0)
            dprk[row["schema"]] += row["count"]
    # stats count an entity once per program; the 484 distinct DPRK entries are checked in the parser tests
    assert dprk["Vessel"] >= 105 and dprk["Person"] >= 164
