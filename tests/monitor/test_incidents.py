"""Incidents from events: what opens a case, what becomes its context, and a stable order."""

from __future__ import annotations

import random

from sanctionwatch.monitor.incidents import find_incidents

CN, KP, PA = 412000001, 445000002, 352000003  # China, DPRK and Panama MIDs


def event(etype, vessels, start, end, eid, **details):
    return {"id": eid, "type": etype, "vessels": vessels, "start": start, "end": end, "lat": 38.5, "lon": 124.9,
            "detector": f"{etype}-v1", "params": {}, "details": details, "positions": []}


def story():
    return [
        event("gap", [PA], "2026-01-05T00:00:00Z", "2026-01-05T20:00:00Z", "g1", likely_disabling=True, hours=20),
        event("encounter", [KP, PA], "2026-01-06T00:00:00Z", "2026-01-06T06:00:00Z", "e1", hours=6),
        event("gap", [PA], "2026-01-06T08:00:00Z", "2026-01-06T22:00:00Z", "g2", likely_disabling=True, hours=14),
        # A silence a week later is a separate matter: its own case.
        event("gap", [PA], "2026-01-14T00:00:00Z", "2026-01-14T15:00:00Z", "g3", likely_disabling=True, hours=15),
        # A gap below the disabling threshold opens nothing.
        event("gap", [CN], "2026-01-06T00:00:00Z", "2026-01-06T07:00:00Z", "g4", likely_disabling=False, hours=7),
        event("identity", [KP], "2026-01-05T00:00:00Z", "2026-01-08T00:00:00Z", "i1", kind="mid", reason="dprk_mid"),
        event("identity", [CN], "2026-01-05T00:00:00Z", "2026-01-08T00:00:00Z", "i2", kind="imo_check"),
        event("port_visit", [PA], "2026-01-07T00:00:00Z", "2026-01-07T10:00:00Z", "p1", port_country="KP"),
        event("port_visit", [KP], "2026-01-07T00:00:00Z", "2026-01-07T10:00:00Z", "p2", port_country="KP"),
        event("port_visit", [CN], "2026-01-07T00:00:00Z", "2026-01-07T10:00:00Z", "p3", port_country="CN"),
    ]


def test_what_opens_a_case():
    found = {(i.typology, tuple(e["id"] for e in i.main)) for i in find_incidents(story())}
    assert found == {
        ("sts-transfer", ("e1",)),
        ("ais-disabling", ("g3",)),          # g1 and g2 belong to the STS story
        ("identity-fraud", ("i2",)),         # the DPRK's own MID (i1) is a flag, not a false identity
        ("direct-delivery", ("p1",)),        # Panama-flagged ship stopping in a DPRK port; p2 is a DPRK ship
    }


def test_sts_case_carries_the_dark_periods_around_it():
    sts = next(i for i in find_incidents(story()) if i.typology == "sts-transfer")
    assert {e["id"] for e in sts.context} >= {"g1", "g2", "p1", "p2", "i1"}
    assert "g3" not in {e["id"] for e in sts.context}
    starts = [e["start"] for e in sts.events]
    assert starts == sorted(starts) and "e1" in {e["id"] for e in sts.events}


def test_designated_vessel_port_call_abroad():
    events = story() + [event("designated_vessel", [CN], "2026-01-05T00:00:00Z", "2026-01-08T00:00:00Z", "d1")]
    found = {(i.typology, tuple(e["id"] for e in i.main)) for i in find_incidents(events)}
    assert ("designated-vessel-activity", ("d1",)) in found
    assert ("prohibited-port-call", ("p3",)) in found


def test_same_incidents_in_any_order():
    events = story()
    first = [(i.typology, [e["id"] for e in i.events]) for i in find_incidents(events)]
    random.Random(3).shuffle(events)
    assert [(i.typology, [e["id"] for e in i.events]) for i in find_incidents(events)] == first


def test_a_vessels_silences_far_apart_are_separate_matters():
    events = [event("gap", [PA], "2026-01-05T00:00:00Z", "2026-01-05T20:00:00Z", "a", likely_disabling=True),
              event("gap", [PA], "2026-01-06T10:00:00Z", "2026-01-06T22:00:00Z", "b", likely_disabling=True),
              event("gap", [PA], "2026-03-02T00:00:00Z", "2026-03-02T15:00:00Z", "c", likely_disabling=True)]
    found = [[e["id"] for e in i.main] for i in find_incidents(events) if i.typology == "ais-disabling"]
    assert found == [["a", "b"], ["c"]]
