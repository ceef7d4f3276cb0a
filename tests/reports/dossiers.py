"""Dossiers in the shape the cases API returns (see the cases contract), built by hand so the rendering
can be tested on its own: an STS transfer with two vessels, Hangul and Chinese names, a claim that is
established and one that is not, letters replied / awaiting / unanswered, a correction and a minority
view; and an AIS-disabling case with one vessel."""

from __future__ import annotations

import hashlib
from typing import Any

STS_TYPOLOGY = {
    "id": "sts-transfer", "name": "Ship-to-ship transfers of refined petroleum",
    "description": "Transfers between a DPRK tanker and a foreign vessel at sea, outside port control.",
    "paragraphs": [{"resolution": "2375 (2017)", "paragraph": "OP11",
                    "summary": "States shall prohibit their vessels from ship-to-ship transfers with DPRK vessels.",
                    "verified": True}],
    "signals": ["encounter", "gap"], "event_types": ["encounter", "gap"],
}
AIS_TYPOLOGY = {
    "id": "ais-disabling", "name": "Disabling of AIS transponders",
    "description": "Vessels going dark before or after a suspected transfer or port call.",
    "paragraphs": [{"resolution": "2397 (2017)", "paragraph": "OP9", "summary": "Inspection of vessels.",
                    "verified": False}],
    "signals": ["gap"], "event_types": ["gap"],
}


def evidence(id: int, *, title: str, origin: list[str], source: str, source_kind: str, grade: str = "B2",
             kind: str = "document", mt: bool = False, language: str | None = "en", relation: str | None = None,
             collected_at: str = "2026-01-10T09:00:00Z") -> dict[str, Any]:
    digest = hashlib.sha256(f"evidence {id}".encode()).hexdigest()
    item = {"id": id, "sha256": digest, "size": 1000 + id, "media_type": "application/pdf",
            "filename": f"item-{id}.pdf", "kind": kind, "title": title, "description": None,
            "source": {"name": source, "kind": source_kind}, "origin_chain": origin,
            "reliability": grade[0], "reliability_reason": None, "credibility": int(grade[1]), "grade": grade,
            "collected_at": collected_at, "collected_by": "analyst", "captured_at": None,
            "url": f"https://example.org/item/{id}", "language": language, "machine_translated": mt, "metadata": {}}
    if relation:
        item["relation"] = relation
    return item


def encounter_event() -> dict[str, Any]:
    positions = []
    for i in range(12):
        positions.append([445123456, f"2026-01-05T{i + 2:02d}:00:00Z", 38.55 + 0.002 * i, 124.95 + 0.003 * i])
        positions.append([352001234, f"2026-01-05T{i + 2:02d}:00:00Z", 38.551 + 0.002 * i, 124.951 + 0.003 * i])
    return {"id": "a1b2c3d4e5f60001", "type": "encounter", "vessels": [352001234, 445123456],
            "start": "2026-01-05T02:00:00Z", "end": "2026-01-05T13:00:00Z", "lat": 38.561, "lon": 124.966,
            "detector": "encounter-v1", "params": {"max_distance_km": 0.5, "min_hours": 2},
            "details": {"zone": "hs-cho-do"}, "positions": positions, "duration_hours": 11.0}


def gap_event(mmsi: int = 445123456, start: str = "2026-01-06T04:00:00Z", end: str = "2026-01-07T01:00:00Z",
              lat: float = 38.75, lon: float = 125.2, id: str = "a1b2c3d4e5f60002") -> dict[str, Any]:
    return {"id": id, "type": "gap", "vessels": [mmsi], "start": start, "end": end, "lat": lat, "lon": lon,
            "detector": "gap-v1", "params": {"min_hours": 6},
            "details": {"end_lat": lat + 0.2, "end_lon": lon + 0.1},
            "positions": [[mmsi, start, lat, lon], [mmsi, end, lat + 0.2, lon + 0.1]], "duration_hours": 21.0}


def sts_dossier(*, claim_text: str = "The tanker 천마산 (CHON MA SAN) received refined petroleum from "
                                     "the 新海 vessel by ship-to-ship transfer on 5 January 2026.",
                as_of: str = "2026-02-20T00:00:00Z") -> dict[str, Any]:
    e1 = evidence(1, title="AIS extract of the encounter", origin=["AIS provider X"], source="AIS provider X",
                  source_kind="ais_provider", grade="C2", kind="ais_track")
    e2 = evidence(2, title="Satellite image of the two hulls side by side", origin=["Imagery vendor Y"],
                  source="Imagery vendor Y", source_kind="commercial_imagery", grade="B2", kind="image")
    e3 = evidence(3, title="조선중앙통신 기사 (KCNA article)", origin=["KCNA", "News agency Z"],
                  source="News agency Z", source_kind="media", grade="F3", mt=True, language="ko")
    e4 = evidence(4, title="Wire story citing the same release", origin=["KCNA", "Wire W"], source="Wire W",
                  source_kind="media", grade="C3")
    claims = [
        {"id": 1, "text": claim_text, "status": "sent_for_reply", "created_at": "2026-01-12T10:00:00Z",
         "corrections": [{"at": "2026-01-20T10:00:00Z", "text": claim_text, "previous_text": "The transfer took place on 4 January.",
                          "reason": "date read from the AIS extract in UTC", "by": "reviewer-1"}],
         "corroboration": {"status": "established", "independent_origins": 2, "required": 2,
                           "roots": ["AIS provider X", "Imagery vendor Y"], "reasons": []},
         "evidence": [{**e1, "relation": "supports"}, {**e2, "relation": "supports"}],
         "reviews": [{"at": "2026-01-21T10:00:00Z", "reviewer": "expert-2", "view": "concur", "text": "Agreed."},
                     {"at": "2026-01-22T10:00:00Z", "reviewer": "expert-3", "view": "minority",
                      "text": "The image does not show a hose connection."}]},
        {"id": 2, "text": "The cargo was about 3,000 tonnes of diesel.", "status": "draft",
         "created_at": "2026-01-13T10:00:00Z", "corrections": [],
         "corroboration": {"status": "unverified", "independent_origins": 1, "required": 2, "roots": ["KCNA"],
                           "reasons": ["2 items, 1 independent origin: KCNA", "rests on secondary media alone"]},
         "evidence": [{**e3, "relation": "supports"}, {**e4, "relation": "supports"}], "reviews": []},
    ]
    letters = [
        {"id": 1, "party": "Sierra Leone", "party_kind": "state", "subject": "Vessel flagged to your registry",
         "summary": "Request for the vessel's registration history", "sent_at": "2026-01-14T00:00:00Z",
         "deadline": "2026-02-13T00:00:00Z", "claim_id": 1, "status": "replied",
         "replies": [{"received_at": "2026-02-01T00:00:00Z", "summary": "The vessel was deregistered in 2025.",
                      "assessment": "Consistent with the registry record."}]},
        {"id": 2, "party": "천마산 해운 (Chonmasan Shipping)", "party_kind": "entity", "subject": "Transfer of 5 January",
         "summary": "Invitation to comment", "sent_at": "2026-01-15T00:00:00Z", "deadline": "2026-02-14T00:00:00Z",
         "claim_id": 1, "status": "no_reply", "replies": []},
        {"id": 3, "party": "Panama", "party_kind": "state", "subject": "Cargo of the receiving vessel",
         "summary": "Request for the cargo manifest", "sent_at": "2026-02-10T00:00:00Z",
         "deadline": "2026-03-12T00:00:00Z", "claim_id": None, "status": "awaiting", "replies": []},
    ]
    return {
        "case": {"id": 1, "ref": "C-0001", "typology": "sts-transfer", "title": "Transfer to the tanker CHON MA SAN",
                 "summary": "A DPRK tanker met a foreign-flagged tanker in the Cho-do hot spot.", "status": "open",
                 "period_start": "2026-01-05T00:00:00Z", "period_end": "2026-01-07T00:00:00Z",
                 "opened_at": "2026-01-10T00:00:00Z", "opened_by": "analyst"},
        "typology": STS_TYPOLOGY,
        "links": [
            {"kind": "event", "ref": "a1b2c3d4e5f60001", "label": "encounter 2026-01-05T02:00:00Z",
             "data": encounter_event()},
            {"kind": "event", "ref": "a1b2c3d4e5f60002", "label": "gap 2026-01-06T04:00:00Z", "data": gap_event()},
            {"kind": "vessel", "ref": "mmsi:445123456", "label": "CHON MA SAN",
             "data": {"mmsi": 445123456, "imo": 8660313, "name": "CHON MA SAN", "flag": "KP"}},
            {"kind": "vessel", "ref": "mmsi:352001234", "label": "新海 NEW SEA",
             "data": {"mmsi": 352001234, "imo": 9000001, "name": "新海 NEW SEA", "flag": "SL"}},
        ],
        "claims": claims, "correspondence": letters, "evidence": [e1, e2, e3, e4], "as_of": as_of,
    }


def gap_dossier(*, as_of: str = "2026-03-20T00:00:00Z") -> dict[str, Any]:
    e5 = evidence(5, title="AIS record of the gap", origin=["AIS provider X"], source="AIS provider X",
                  source_kind="ais_provider", grade="C3", kind="ais_track")
    event = gap_event(mmsi=445999001, start="2026-03-02T00:00:00Z", end="2026-03-03T06:00:00Z", lat=39.2,
                      lon=127.6, id="a1b2c3d4e5f60003")
    return {
        "case": {"id": 2, "ref": "C-0002", "typology": "ais-disabling", "title": "Dark period off Wonsan",
                 "summary": "", "status": "open", "period_start": None, "period_end": None,
                 "opened_at": "2026-03-05T00:00:00Z", "opened_by": "analyst"},
        "typology": AIS_TYPOLOGY,
        "links": [{"kind": "event", "ref": event["id"], "label": "gap", "data": event},
                  {"kind": "vessel", "ref": "mmsi:445999001", "label": "RYONG GANG 2",
                   "data": {"mmsi": 445999001, "imo": None, "name": "RYONG GANG 2", "flag": "KP"}}],
        "claims": [{"id": 3, "text": "The vessel switched off AIS for 30 hours.", "status": "draft",
                    "created_at": "2026-03-05T00:00:00Z", "corrections": [],
                    "corroboration": {"status": "unverified", "independent_origins": 1, "required": 2,
                                      "roots": ["AIS provider X"], "reasons": ["1 item, 1 independent origin: AIS provider X"]},
                    "evidence": [{**e5, "relation": "supports"}], "reviews": []}],
        "correspondence": [], "evidence": [e5], "as_of": as_of,
    }


def report_data(dossiers: list[dict[str, Any]], *, title: str = "Test report", vessels: list | None = None,
                tracks: dict | None = None, as_of: str | None = None) -> dict[str, Any]:
    """Collected data as ``collect()`` returns it, without a store."""
    from sanctionwatch.reports.collect import detectors_of, report_events, vessel_rows

    events = report_events(dossiers)
    return {
        "title": title, "period": None,
        "as_of": as_of or max(d["as_of"] for d in dossiers),
        "typology_order": ["sts-transfer", "ais-disabling"],
        "dossiers": dossiers, "events": events,
        "vessels": vessels if vessels is not None else vessel_rows(dossiers, events),
        "tracks": tracks or {}, "list_changes": [], "list_changes_window": ["2026-01-01T00:00:00Z", None],
        "provenance": {"sanctionwatch_version": "test", "list_releases": [], "ais_ingests": [],
                       "detectors": detectors_of(events), "matchers": [],
                       "settings": {"corroboration_min": 2, "reply_days": 30},
                       "cases_audit": {"seq": 7, "hash": "ab" * 32}},
    }
