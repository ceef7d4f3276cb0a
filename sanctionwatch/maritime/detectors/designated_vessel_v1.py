"""designated_vessel-v1: vessels in the window that the current UN 1718 / OFAC lists designate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sanctionwatch.maritime.detectors.base import DetectionContext, Detector, Param
from sanctionwatch.maritime.detectors.tracks import attach_positions
from sanctionwatch.maritime.events import DESIGNATED_VESSEL, Event
from sanctionwatch.screening.features import imo_valid


def normalise(value: Any) -> str:
    """Case, spaces and punctuation do not make a different name ("SAM MA 2" = "Sam Ma2"); AIS pads
    text fields with '@', which is dropped too."""
    return "".join(ch for ch in str(value or "").upper() if ch.isalnum())


def imo_text(imo: Any) -> str | None:
    """A broadcast IMO as seven digits, or None when not given (null, 0 or negative)."""
    if imo is None or int(imo) <= 0:
        return None
    return f"{int(imo):07d}"


@dataclass
class ListedVessel:
    id: str
    caption: str
    names: list[str]
    imos: set[str]
    mmsis: set[str]
    flags: set[str]
    sources: list[str]
    programs: list[str]
    listings: list[dict[str, Any]] = field(default_factory=list)   # (source, reference) per listing

    def describe(self) -> dict[str, Any]:
        return {"entity_id": self.id, "caption": self.caption, "names": self.names, "imo": sorted(self.imos),
                "mmsi": sorted(self.mmsis), "flags": sorted(self.flags), "sources": self.sources,
                "programs": self.programs, "listings": self.listings}


@dataclass
class ListedVessels:
    """The vessels of the current releases (every source), with the screening index for names."""

    vessels: list[ListedVessel]
    index: Any
    by_imo: dict[str, list[ListedVessel]]
    by_mmsi: dict[str, list[ListedVessel]]

    def listed_names(self, vessel: ListedVessel) -> set[str]:
        return {normalise(n) for n in vessel.names if normalise(n)}


def listed_vessels(store: Any) -> ListedVessels:
    from sqlalchemy import select

    from sanctionwatch.lists.catalog import current_ids
    from sanctionwatch.screening.screener import current_index
    from sanctionwatch.store.schema import entities

    index = current_index(store)
    vessels = [ListedVessel(e.id, e.caption, list(e.profile.names), set(e.profile.identifiers.get("imoNumber", ())),
                            set(e.profile.identifiers.get("mmsi", ())), set(e.profile.countries), list(e.sources),
                            list(e.programs))
               for e in index.entries if e.schema == "Vessel"]
    by_id = {v.id: v for v in vessels}
    if by_id:
        with store.read() as conn:
            source_of = {rid: name for name, rid in current_ids(conn).items()}
            rows = conn.execute(select(entities.c.entity_id, entities.c.reference, entities.c.release_id)
                                .where(entities.c.release_id.in_(list(source_of)),
                                       entities.c.entity_id.in_(list(by_id)), entities.c.target.is_(True))).all()
        for row in sorted(rows, key=lambda r: (r.entity_id, source_of[r.release_id], r.reference or "")):
            by_id[row.entity_id].listings.append({"source": source_of[row.release_id], "reference": row.reference})
    by_imo: dict[str, list[ListedVessel]] = defaultdict(list)
    by_mmsi: dict[str, list[ListedVessel]] = defaultdict(list)
    for v in vessels:
        for imo in v.imos:
            by_imo[imo].append(v)
        for mmsi in v.mmsis:
            by_mmsi[mmsi].append(v)
    return ListedVessels(vessels, index, dict(by_imo), dict(by_mmsi))


class DesignatedVesselV1(Detector):
    NAME = DESIGNATED_VESSEL
    TITLE = "Designated vessels"
    DESCRIPTION = (
        "Vessels seen in the window that a current list release designates (UN 1718 vessel list, OFAC, UN "
        "consolidated list, or any other loaded source): matched by IMO number (exact, broadcast with a "
        "valid check digit), by MMSI (exact) or by broadcast name screened with the name matcher at its "
        "default threshold. One event per MMSI over the window, with the list references, what matched, "
        "and the vessel's other events of the run. Needs the list store; without it nothing is reported "
        "and the run notes say so.")
    PARAMS = (
        Param("match_names", True, "bool", "also screen broadcast names (not only IMO and MMSI)",
              "sanctionwatch: listed ships are renamed, but names alone give false alarms; see score"),
        Param("name_threshold", 0.0, "score", "name-match threshold; 0 uses name-v1's default (this detector "
              "screens with name-v1, whatever the default matcher)",
              "sanctionwatch.screening: name-v1 DEFAULT_THRESHOLD"),
    )

    def run(self, ctx: DetectionContext, params: dict[str, Any]) -> list[Event]:
        if ctx.store is None:
            ctx.extras.setdefault("notes", []).append(
                f"{self.id}: no list store, designated vessels not checked")
            return []
        listed = listed_vessels(ctx.store)
        if not listed.vessels:
            ctx.extras.setdefault("notes", []).append(f"{self.id}: no vessel in the loaded lists")
            return []
        seen = {int(r["mmsi"]): r for r in ctx.engine.rows(
            "SELECT mmsi, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS n, AVG(lat) AS lat, AVG(lon) AS lon "
            "FROM positions WHERE mmsi IS NOT NULL GROUP BY mmsi")}
        broadcast = ctx.engine.rows(
            "SELECT mmsi, imo, name, MIN(ts) AS first_ts, MAX(ts) AS last_ts FROM statics "
            "WHERE mmsi IS NOT NULL GROUP BY mmsi, imo, name")
        matches: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)

        def add(mmsi: int, vessel: ListedVessel, how: dict[str, Any]) -> None:
            found = matches[mmsi].setdefault(vessel.id, {"vessel": vessel, "matched_on": []})
            if how not in found["matched_on"]:
                found["matched_on"].append(how)

        for mmsi in sorted(set(seen) | {int(r["mmsi"]) for r in broadcast}):
            for vessel in listed.by_mmsi.get(str(mmsi), []):
                add(mmsi, vessel, {"field": "mmsi", "value": str(mmsi), "score": 1.0})
        for row in broadcast:
            imo = imo_text(row["imo"])
            if imo and imo_valid(imo):
                for vessel in listed.by_imo.get(imo, []):
                    add(int(row["mmsi"]), vessel, {"field": "imo", "value": imo, "score": 1.0})
        if params["match_names"]:
            self._screen_names(listed, broadcast, params, add)
        rows_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in broadcast:
            rows_of[int(row["mmsi"])].append(row)
        events = [self._event(mmsi, found, seen.get(mmsi), rows_of.get(mmsi, []), ctx, params)
                  for mmsi, found in sorted(matches.items())]
        events = [e for e in events if e is not None]
        by_field = {f: sum(any(h["field"] == f for h in e.details["matched_on"]) for e in events)
                    for f in ("imo", "mmsi", "name")}
        ctx.extras.setdefault("counts", {})[self.id] = {"vessels": len(events), "listed_vessels": len(listed.vessels),
                                                        **{f"top_match_{k}": v for k, v in by_field.items()}}
        attach_positions(ctx.engine, events)
        return events

    def _screen_names(self, listed: ListedVessels, broadcast: list[dict[str, Any]], params: dict[str, Any],
                      add: Any) -> None:
        from sanctionwatch.screening.query import Query
        from sanctionwatch.screening.screener import rank

        by_name: dict[str, set[int]] = defaultdict(set)
        for row in broadcast:
            name = " ".join(str(row["name"] or "").replace("@", " ").split())
            if len(normalise(name)) >= 3:
                by_name[name].add(int(row["mmsi"]))
        vessel_ids = {v.id: v for v in listed.vessels}
        threshold = params["name_threshold"] or None
        for name in sorted(by_name):
            results, _, _, _ = rank(Query(schema="Vessel", properties={"name": [name]}), listed.index,
                                    threshold=threshold, limit=5, algorithm="name-v1")
            for result in results:
                if result["match"] and result["id"] in vessel_ids:
                    for mmsi in sorted(by_name[name]):
                        add(mmsi, vessel_ids[result["id"]],
                            {"field": "name", "value": name, "score": round(float(result["score"]), 3)})

    def _event(self, mmsi: int, found: dict[str, dict[str, Any]], seen: dict[str, Any] | None,
               own: list[dict[str, Any]], ctx: DetectionContext, params: dict[str, Any]) -> Event | None:
        if seen is not None:
            start, end, lat, lon = seen["first_ts"], seen["last_ts"], seen["lat"], seen["lon"]
        elif own:
            start, end, lat, lon = min(r["first_ts"] for r in own), max(r["last_ts"] for r in own), None, None
        else:
            return None
        ranked = sorted(found.values(), key=lambda m: (-max(h["score"] for h in m["matched_on"]),
                                                      _strength(m), m["vessel"].id))
        top = ranked[0]
        others = [{"id": e.id, "type": e.type, "detector": e.detector}
                  for e in ctx.extras.get("events", []) if mmsi in e.vessels]
        details = {
            "entity_id": top["vessel"].id, "caption": top["vessel"].caption,
            "listings": top["vessel"].listings, "sources": top["vessel"].sources,
            "programs": top["vessel"].programs, "matched_on": top["matched_on"],
            "matches": [{**m["vessel"].describe(), "matched_on": m["matched_on"]} for m in ranked],
            "broadcast_names": sorted({str(r["name"]) for r in own if r["name"]}),
            "broadcast_imos": sorted({imo_text(r["imo"]) for r in own if imo_text(r["imo"])}),
            "other_events": others,
        }
        return Event(type=DESIGNATED_VESSEL, vessels=[mmsi], start=start, end=end,
                     lat=None if lat is None else round(lat, 6), lon=None if lon is None else round(lon, 6),
                     detector=self.id, params=dict(params), details=details)


def _strength(match: dict[str, Any]) -> int:
    """IMO before MMSI before name when scores tie."""
    order = {"imo": 0, "mmsi": 1, "name": 2}
    return min(order[h["field"]] for h in match["matched_on"])
