"""Diffs between real UN releases, by file and by release id."""

from __future__ import annotations

from sanctionwatch.lists.history import change_feed, diff_releases
from sanctionwatch.lists.releases import load_lists


def _refs(items):
    return {i["reference"] for i in items}


def test_2017_to_2020_dprk_additions(un):
    result = diff_releases(str(un("2017-07-03")), str(un("2020-03-20")), program="DPRK")
    assert len(result["added"]) == 56 and result["removed"] == []
    assert all(i["id"] and i["reference"] and i["caption"] for i in result["added"])


def test_2020_to_2024_dprk_only_amendments(un):
    result = diff_releases(str(un("2020-03-20")), str(un("2024-09-26")), program="DPRK")
    assert result["added"] == [] and result["removed"] == []
    changed = {i["reference"]: i for i in result["changed"]}
    assert "KPe.068" in changed  # new DATAID, same designation
    assert "key.dataid" in changed["KPe.068"]["changes"]
    kpi35 = changed["KPi.035"]["changes"]
    assert "Jin Tiesan" in " ".join(kpi35["alias"]["added"])
    assert "645120378" in kpi35["Passport.number"]["added"] + kpi35.get("passportNumber", {}).get("added", [])
    assert len(changed) >= 30


def test_iran_list_leaves_in_2024_and_returns_in_2026(un):
    gone = diff_releases(str(un("2020-03-20")), str(un("2024-09-26")), program="Iran")
    assert len(gone["removed"]) == 84 and gone["added"] == []
    assert all(i["delisted_by"].startswith("2024-09-26") for i in gone["removed"])
    back = diff_releases(str(un("2024-09-26")), str(un("2026-02-27")), program="Iran")
    assert len(back["added"]) == 121 and back["removed"] == []


def test_diff_by_release_id_and_change_feed(store, un):
    [a] = load_lists([un("2017-07-03")], store=store)
    [b] = load_lists([un("2020-03-20")], store=store, force=True)
    result = diff_releases(str(a.release_id), str(b.release_id), program="DPRK", store=store)
    assert len(result["added"]) == 56
    by_date = diff_releases("un_sc@2017-07-03", "un_sc@2020-03-20", program="DPRK", store=store)
    assert _refs(by_date["added"]) == _refs(result["added"])
    feed = change_feed(store=store)
    added = {e["reference"] for e in feed if e["change"] == "added"}
    assert _refs(result["added"]) <= added
    assert all(e["date"].startswith("2020-03-20") for e in feed)
