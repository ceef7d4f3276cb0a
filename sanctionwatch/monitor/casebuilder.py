"""Cases from a detection run: each incident becomes a case with its vessels, events, the list entries
its vessels match, and graded evidence -- the AIS extract, the detection record and the list records.

The claims say only what the evidence shows. AIS alone is one origin however many files are cut from
it, so a claim resting on AIS stays *unverified* until an independent item (imagery, a port record, a
State's reply) is added; a designation shown by the UN and by OFAC rests on two independent origins and
is *established*.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select

from sanctionwatch import cases
from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.engine import DuckDBEngine, Window
from sanctionwatch.maritime.mid import classify_mmsi
from sanctionwatch.monitor import claims as claim_text
from sanctionwatch.monitor.incidents import Incident, find_incidents
from sanctionwatch.screening.screener import screen
from sanctionwatch.store import open_store
from sanctionwatch.store.database import Store
from sanctionwatch.store.schema import case_links, entities
from sanctionwatch.store.schema import cases as case_table

# The AIS extract covers the incident with this margin, so a reader sees the approach and departure.
EXTRACT_MARGIN_HOURS = 12
# Who first published a list: the root of its origin chain. The 1718 Committee's vessel list and the
# Consolidated List are both Security Council publications: one origin, not two.
LIST_ORIGINS = {
    "un_sc": ("United Nations Security Council", "un_body", None, None),
    "un_1718_vessels": ("United Nations Security Council", "un_body", None, None),
    "ofac_sdn": ("United States Department of the Treasury (OFAC)", "state", "A",
                 "official register: authoritative for the fact of the US designation itself"),
    "ofac_cons": ("United States Department of the Treasury (OFAC)", "state", "A",
                  "official register: authoritative for the fact of the US designation itself"),
}
LIST_TITLES = {"un_sc": "UN Security Council Consolidated List", "un_1718_vessels": "UN 1718 Designated Vessels List",
               "ofac_sdn": "OFAC SDN list", "ofac_cons": "OFAC Consolidated (non-SDN) list"}


@dataclass
class CaseBuildReport:
    cases: list[dict[str, Any]] = field(default_factory=list)
    screenings: int = 0
    evidence: int = 0
    already_open: list[dict[str, Any]] = field(default_factory=list)   # incidents an earlier run opened

    def to_dict(self) -> dict[str, Any]:
        return {"cases": self.cases, "screenings": self.screenings, "evidence": self.evidence,
                "already_open": self.already_open}


def open_cases_from_events(events: list[dict[str, Any]], *, run: dict[str, Any], feed: str,
                           home: Path | None = None, store: Store | None = None, actor: str | None = None,
                           collected_at: datetime | None = None,
                           progress: Callable[[str, int, int], None] | None = None) -> CaseBuildReport:
    """Open one case per incident found in ``events`` (dicts as saved by a detection run).

    ``feed`` names the AIS source (the root of every AIS item's origin chain); ``run`` is the detection
    run's summary (detectors, versions, parameters), kept with the detection record.
    """
    store = store or open_store(home=home)
    home = home or store.home
    areas = Areas.load()
    incidents = find_incidents(events)
    report = CaseBuildReport()
    known = _open_incidents(store)
    work: list[tuple[Incident, int | None]] = []
    for incident in incidents:
        earlier = next((known[(incident.typology, e["id"])] for e in incident.main
                        if (incident.typology, e["id"]) in known), None)
        new = [e for e in incident.main if (incident.typology, e["id"]) not in known]
        if earlier is None:
            work.append((incident, None))
        elif new:
            # Events a later run adds to a matter already under a case go to that case.
            work.append((Incident(incident.typology, new, incident.vessels, incident.context), earlier))
        else:
            report.already_open.append({"typology": incident.typology, "case": earlier,
                                        "events": [e["id"] for e in incident.main]})
    engine = DuckDBEngine(home=home)
    try:
        identities = _identities(engine, sorted({v for i, _ in work for v in i.vessels}))
        matches: dict[int, list[dict[str, Any]]] = {}
        for n, (incident, existing) in enumerate(work):
            if progress:
                progress("cases", n, len(work))
            for mmsi in incident.vessels:
                if mmsi not in matches:
                    matches[mmsi] = _screen_vessel(mmsi, identities.get(mmsi, {}), store, actor)
                    report.screenings += 1
            built = _build_case(incident, identities, matches, engine, areas, run=run, feed=feed,
                                store=store, actor=actor, collected_at=collected_at, case_id=existing)
            report.evidence += built.pop("evidence_count")
            report.cases.append(built)
        if progress:
            progress("cases", len(work), len(work))
    finally:
        engine.close()
    return report


def _open_incidents(store: Store) -> dict[tuple[str, str], int]:
    """(typology, event id) -> case id for every event already linked to a case: running the same
    detections again (or an overlapping window) must not open the same case twice."""
    with store.read() as conn:
        rows = conn.execute(select(case_table.c.typology, case_links.c.ref, case_links.c.case_id)
                            .join(case_table, case_table.c.id == case_links.c.case_id)
                            .where(case_links.c.kind == "event")).all()
    return {(r.typology, r.ref): r.case_id for r in rows}


def _identities(engine: DuckDBEngine, mmsis: list[int]) -> dict[int, dict[str, Any]]:
    if not mmsis:
        return {}
    listed = ",".join(str(m) for m in mmsis)
    rows = engine.rows(f"""
        SELECT mmsi, name, imo, call_sign, min(ts) AS first_seen FROM statics WHERE mmsi IN ({listed})
        GROUP BY mmsi, name, imo, call_sign ORDER BY mmsi, first_seen, name""")
    out: dict[int, dict[str, Any]] = {}
    for row in rows:
        item = out.setdefault(row["mmsi"], {"names": [], "imos": [], "call_signs": []})
        for key, value in (("names", row["name"]), ("imos", row["imo"]), ("call_signs", row["call_sign"])):
            if value and value not in item[key]:
                item[key].append(value)
    return out


def vessel_label(mmsi: int, identities: dict[int, dict[str, Any]]) -> str:
    names = identities.get(mmsi, {}).get("names") or []
    return f"{names[-1]} (MMSI {mmsi})" if names else f"MMSI {mmsi}"


def _screen_vessel(mmsi: int, identity: dict[str, Any], store: Store, actor: str | None) -> list[dict[str, Any]]:
    """Screen what the vessel broadcast -- every name, IMO and the MMSI -- against the current lists."""
    props: dict[str, list[str]] = {"mmsi": [str(mmsi)]}
    if identity.get("names"):
        props["name"] = list(identity["names"])
    if identity.get("imos"):
        props["imoNumber"] = [str(i) for i in identity["imos"]]
    if "name" not in props and "imoNumber" not in props:
        return []
    result = screen({"schema": "Vessel", "properties": props}, store=store, limit=3, actor=actor, channel="monitor")
    return [dict(r, screening_id=result.screening_id, algorithm=result.algorithm)
            for r in result.results if r["match"]]


def _build_case(incident: Incident, identities: dict[int, dict[str, Any]], matches: dict[int, list[dict[str, Any]]],
                engine: DuckDBEngine, areas: Areas, *, run: dict[str, Any], feed: str, store: Store,
                actor: str | None, collected_at: datetime | None, case_id: int | None = None) -> dict[str, Any]:
    existing_case = case_id is not None
    if case_id is None:
        title = claim_text.case_title(incident, identities, areas)
        case = cases.open_case(incident.typology, title,
                               summary=claim_text.case_summary(incident, identities, areas),
                               period_start=incident.start, period_end=incident.end, store=store, actor=actor)
        case_id = case["id"]
    else:
        case = cases.case_dossier(case_id, store=store)["case"]
        title = case["title"]
    for mmsi in incident.vessels:
        identity = identities.get(mmsi, {})
        info = classify_mmsi(mmsi)
        cases.link(case_id, "vessel", f"mmsi:{mmsi}", label=vessel_label(mmsi, identities), store=store, actor=actor,
                   data={"mmsi": mmsi, "imo": (identity.get("imos") or [None])[-1],
                         "name": (identity.get("names") or [None])[-1], "names": identity.get("names", []),
                         "call_signs": identity.get("call_signs", []), "flag": info.country,
                         "flag_name": info.country_name})
    for event in incident.events:
        cases.link(case_id, "event", event["id"], label=f"{event['type']} {event['start']}", data=event,
                   store=store, actor=actor)
    common = {"store": store, "actor": actor, "collected_at": collected_at, "case_id": case_id}
    ais = _ais_extract(incident, engine, feed, identities, **common)
    record = _detection_record(incident, run, feed, **common)
    ais_ids = [ais["id"], record["id"]] if ais else [record["id"]]
    evidence_count = len(ais_ids)
    claim_ids = []
    for text in claim_text.incident_claims(incident, identities, areas):
        claim_ids.append(cases.add_claim(case_id, text, evidence_ids=ais_ids, store=store, actor=actor)["id"])
    for mmsi in incident.vessels:
        for match in matches.get(mmsi, []):
            cases.link(case_id, "entity", match["id"], label=match["caption"], store=store, actor=actor,
                       data={"sources": match["datasets"], "programs": match["programs"], "score": match["score"],
                             "screening_id": match["screening_id"], "algorithm": match["algorithm"],
                             "explanations": match["explanations"]})
            listed = _list_records(match, **common)
            evidence_count += len(listed)
            if incident.typology != "designated-vessel-activity":
                text = claim_text.match_claim(mmsi, identities, match)
                claim_ids.append(cases.add_claim(case_id, text, evidence_ids=ais_ids, store=store, actor=actor)["id"])
            if listed:
                text = claim_text.designation_claim(match, [e["title"] for e in listed])
                claim_ids.append(cases.add_claim(case_id, text, evidence_ids=[e["id"] for e in listed],
                                                 store=store, actor=actor)["id"])
    return {"id": case_id, "ref": case["ref"], "typology": incident.typology, "title": title,
            "vessels": incident.vessels, "events": len(incident.events), "claims": claim_ids,
            "period_end": incident.end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "evidence_count": evidence_count, "extended": existing_case}


def _ais_extract(incident: Incident, engine: DuckDBEngine, feed: str, identities: dict[int, dict[str, Any]], *,
                 store: Store, actor: str | None, collected_at: datetime | None, case_id: int) -> dict[str, Any] | None:
    margin = timedelta(hours=EXTRACT_MARGIN_HOURS)
    since, until = incident.start - margin, incident.end + margin
    listed = ",".join(str(v) for v in incident.vessels)
    rows = engine.rows(f"""
        SELECT mmsi, ts, lat, lon, sog, cog, heading FROM positions
        WHERE mmsi IN ({listed}) AND {Window(since, until).where()} ORDER BY mmsi, ts""")
    if not rows:
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["mmsi", "time_utc", "lat", "lon", "sog_knots", "cog_degrees", "heading_degrees"])
    for r in rows:
        writer.writerow([r["mmsi"], r["ts"].strftime("%Y-%m-%dT%H:%M:%SZ"), f"{r['lat']:.6f}", f"{r['lon']:.6f}",
                         "" if r["sog"] is None else f"{r['sog']:.1f}", "" if r["cog"] is None else f"{r['cog']:.1f}",
                         "" if r["heading"] is None else str(r["heading"])])
    vessels = ", ".join(vessel_label(v, identities) for v in incident.vessels)
    name = f"ais-{'-'.join(str(v) for v in incident.vessels)}-{since:%Y%m%dT%H%M}.csv"
    return cases.add_evidence(
        buffer.getvalue().encode(), filename=name, kind="ais_track", source=feed, source_kind="ais_provider",
        origin_chain=[feed], collected_by=actor, collected_at=collected_at, captured_at=incident.start,
        credibility=3, title=f"AIS positions of {vessels}, {since:%Y-%m-%d %H:%M} to {until:%Y-%m-%d %H:%M} UTC "
        f"({len(rows)} fixes)", description="Extract of the decoded, cleaned positions in the AIS store.",
        case_id=case_id, store=store, actor=actor)


def _detection_record(incident: Incident, run: dict[str, Any], feed: str, *, store: Store, actor: str | None,
                      collected_at: datetime | None, case_id: int) -> dict[str, Any]:
    used = sorted({e["detector"] for e in incident.events})
    # Timings are left out: the record must be the same bytes for the same run.
    detectors = [{k: v for k, v in d.items() if k != "seconds"} for d in run.get("detectors", [])
                 if d.get("id") in used]
    body = {"run": {k: run.get(k) for k in ("run", "engine", "since", "until", "bbox")}, "detectors": detectors,
            "events": incident.events}
    data = json.dumps(body, sort_keys=True, indent=1, ensure_ascii=False, default=str).encode()
    # Derived from the same AIS: the chain starts at the feed, so it never counts as a second origin.
    return cases.add_evidence(
        data, filename=f"detections-{case_id}.json", kind="dataset", source=f"sanctionwatch detectors ({', '.join(used)})",
        source_kind="ais_provider", origin_chain=[feed, "sanctionwatch maritime detectors"], collected_by=actor,
        collected_at=collected_at, captured_at=incident.start, credibility=3,
        title=f"Detection record: {len(incident.events)} events by {', '.join(used)}",
        description="The events with the detector versions and parameters that produced them.",
        case_id=case_id, store=store, actor=actor)


def _list_records(match: dict[str, Any], *, store: Store, actor: str | None, collected_at: datetime | None,
                  case_id: int) -> list[dict[str, Any]]:
    """One evidence item per list that designates the entity: its record in the current release."""
    from sanctionwatch.lists.catalog import show_entity

    entity = show_entity(match["id"], store=store)
    items = []
    for listing in sorted(entity["listings"], key=lambda item: (item["source"], item["release"])):
        source = listing["source"]
        with store.read() as conn:
            row = conn.execute(select(entities.c.data, entities.c.record, entities.c.reference).where(
                entities.c.release_id == listing["release"], entities.c.entity_id == match["id"])).first()
        if row is None:
            continue
        origin, kind, reliability, reason = LIST_ORIGINS.get(source, (source, "registry", None, None))
        list_title = LIST_TITLES.get(source, source)
        body = {"source": source, "release": listing["release"], "reference": listing["reference"],
                "listed_on": listing.get("listed_on"), "programs": listing.get("programs"),
                "entity": row.data, "record": row.record}
        data = json.dumps(body, sort_keys=True, indent=1, ensure_ascii=False, default=str).encode()
        items.append(cases.add_evidence(
            data, filename=f"{source}-{listing['reference']}.json", kind="dataset", source=list_title,
            source_kind=kind, origin_chain=[origin, f"{list_title} (release {listing['release']})"],
            reliability=reliability, reliability_reason=reason, credibility=2, collected_by=actor,
            collected_at=collected_at, title=f"{list_title}: entry {listing['reference']} ({entity['caption']})",
            description=f"The designation as published, from the list release loaded in the store "
            f"(release {listing['release']}).", case_id=case_id, store=store, actor=actor))
    return items


def flag_states(vessels: list[int]) -> list[str]:
    """The flag State of each vessel as its MMSI's MID gives it, once each, in vessel order."""
    states: list[str] = []
    for mmsi in vessels:
        info = classify_mmsi(mmsi)
        if info.country_name and info.country_name not in states:
            states.append(info.country_name)
    return states
