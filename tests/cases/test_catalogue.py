"""The typology catalogue: every entry cites at least one paragraph and names known event types."""

from __future__ import annotations

import re

import pytest

from sanctionwatch.cases import get_typology, typologies
from sanctionwatch.cases.catalogue import EVENT_TYPES
from sanctionwatch.errors import NotFound

REQUIRED = {"sts-transfer", "ais-disabling", "identity-fraud", "prohibited-port-call", "designated-vessel-activity",
            "direct-delivery", "coal-export", "banned-export", "arms-transfer", "petroleum-over-cap",
            "designated-person-travel", "front-company", "cyber-theft", "overseas-workers", "false-flag",
            "luxury-goods", "joint-venture", "fishing-rights", "bulk-cash"}


def test_catalogue_loads_with_a_paragraph_for_every_entry():
    rows = typologies()
    ids = [t["id"] for t in rows]
    assert REQUIRED <= set(ids) and len(ids) == len(set(ids))
    for t in rows:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", t["id"]), t["id"]
        assert t["name"] and t["description"] and t["signals"]
        assert t["paragraphs"], t["id"]
        for p in t["paragraphs"]:
            assert re.fullmatch(r"\d{4} \(\d{4}\)", p["resolution"]), p
            assert p["paragraph"].startswith("OP") and p["summary"] and isinstance(p["verified"], bool)
        assert set(t["event_types"]) <= set(EVENT_TYPES)


def test_detector_event_types_feed_the_expected_typologies():
    feeds = {t["id"]: set(t["event_types"]) for t in typologies()}
    assert {"encounter", "loitering"} <= feeds["sts-transfer"]
    assert feeds["ais-disabling"] == {"gap"} and feeds["identity-fraud"] == {"identity"}
    assert "port_visit" in feeds["prohibited-port-call"]
    assert feeds["designated-vessel-activity"] == {"designated_vessel"}
    covered = set().union(*feeds.values())
    assert covered == set(EVENT_TYPES)


def test_verified_only_where_the_reference_checked_the_paragraph():
    sts = get_typology("sts-transfer")
    op11 = next(p for p in sts["paragraphs"] if p["paragraph"] == "OP11")
    assert op11["resolution"] == "2375 (2017)" and op11["verified"] is False  # domain.md: OP number [K]
    travel = get_typology("designated-person-travel")["paragraphs"]
    assert travel == [{"resolution": "1718 (2006)", "paragraph": "OP8(e)", "summary": travel[0]["summary"],
                       "verified": True}]
    assert get_typology("arms-transfer")["measure_ids"] == ["ARMS-3", "ARMS-5"]


def test_unknown_typology_names_the_known_ones():
    with pytest.raises(NotFound, match="'nope' is not in the catalogue; known: sts-transfer, "):
        get_typology("nope")


def test_catalogue_copies_are_independent():
    typologies()[0]["paragraphs"].clear()
    assert typologies()[0]["paragraphs"]
