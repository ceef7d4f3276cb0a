"""What a report is built from, gathered as plain data: the cases' dossiers, the vessels and events
linked to them, the list changes of the period and the provenance of every input.

Everything here is sorted by stable keys, so the same store gives the same data in the same order:
the HTML is rendered from this data alone, and must come out byte-identical on a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Sequence

from sanctionwatch import settings
from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.maritime.mid import classify_mmsi

Progress = Callable[[str, int, int], None]
TRACK_MARGIN = timedelta(hours=12)
PROGRAMME = "DPRK"

_PERIOD = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*$")


def iso(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    if value.tzinfo is not None:
        from datetime import timezone

        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def parse_period(text: str) -> tuple[date, date]:
    """``2026-01-01..2026-03-31`` -> (first day, last day), both included."""
    match = _PERIOD.match(text or "")
    if not match:
        raise ConfigError(f"--period {text!r}: expected FROM..TO as YYYY-MM-DD..YYYY-MM-DD")
    try:
        start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
    except ValueError as exc:
        raise ConfigError(f"--period {text!r}: {exc}") from None
    if end < start:
        raise ConfigError(f"--period {text!r}: ends before it starts")
    return start, end


def period_bounds(period: tuple[date, date]) -> tuple[datetime, datetime]:
    """The period as [start, end) datetimes: the last day is included whole."""
    start, end = period
    return datetime(start.year, start.month, start.day), datetime(end.year, end.month, end.day) + timedelta(days=1)


def in_period(case: dict[str, Any], period: tuple[date, date]) -> bool:
    """A case with a period is in the report's period when the two overlap; one without, when it
    was opened inside it."""
    since, until = period_bounds(period)
    start, end = parse_iso(case.get("period_start")), parse_iso(case.get("period_end"))
    if start is None and end is None:
        opened = parse_iso(case.get("opened_at"))
        return opened is not None and since <= opened < until
    start = start or end
    end = end or start
    assert start is not None and end is not None
    return start < until and end >= since


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def sha256_of(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


# --- from dossiers: events and vessels -----------------------------------------------------------------

def case_events(dossier: dict[str, Any]) -> list[dict[str, Any]]:
    """The maritime events linked to a case, oldest first."""
    events = [link["data"] for link in dossier.get("links", [])
              if link.get("kind") == "event" and isinstance(link.get("data"), dict) and link["data"].get("type")]
    unique = {e.get("id") or sha256_of(e)[:16]: e for e in events}
    return sorted(({**e, "id": key} for key, e in unique.items()), key=lambda e: (e.get("start") or "", e["id"]))


def mmsi_of(ref: str) -> int | None:
    text = str(ref or "").strip().lower()
    if text.startswith("mmsi:"):
        text = text[5:]
    return int(text) if text.isdigit() else None


def case_vessels(dossier: dict[str, Any]) -> list[dict[str, Any]]:
    """Vessel links of a case as {mmsi, imo, name, flag, label}, by MMSI."""
    found: dict[int, dict[str, Any]] = {}
    for link in dossier.get("links", []):
        if link.get("kind") != "vessel":
            continue
        data = link.get("data") or {}
        mmsi = mmsi_of(link.get("ref", "")) or mmsi_of(str(data.get("mmsi") or ""))
        if mmsi is None:
            continue
        found[mmsi] = {"mmsi": mmsi, "imo": data.get("imo"), "name": data.get("name") or link.get("label"),
                       "flag": data.get("flag"), "label": link.get("label")}
    return [found[k] for k in sorted(found)]


def report_events(dossiers: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every event of the report once, with the cases that cite it, in time order."""
    by_id: dict[str, dict[str, Any]] = {}
    for dossier in dossiers:
        for event in case_events(dossier):
            entry = by_id.setdefault(event["id"], {**event, "cases": []})
            entry["cases"].append(dossier["case"]["ref"])
    for entry in by_id.values():
        entry["cases"] = sorted(set(entry["cases"]))
    return sorted(by_id.values(), key=lambda e: (e.get("start") or "", e["id"]))


def vessel_rows(dossiers: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]], *, engine: Any = None,
                list_store: Any = None, home: Path | None = None) -> list[dict[str, Any]]:
    """The vessel annex: one row per MMSI linked to a case, from the AIS store when it has the
    vessel and from the link otherwise."""
    linked: dict[int, dict[str, Any]] = {}
    cases: dict[int, set[str]] = {}
    for dossier in dossiers:
        for vessel in case_vessels(dossier):
            base = linked.setdefault(vessel["mmsi"], dict(vessel))
            for key in ("imo", "name", "flag", "label"):
                base[key] = base.get(key) or vessel.get(key)
            cases.setdefault(vessel["mmsi"], set()).add(dossier["case"]["ref"])
    rows = []
    for mmsi in sorted(linked):
        rows.append(_vessel_row(linked[mmsi], sorted(cases[mmsi]), events, engine, list_store, home))
    return rows


def _vessel_row(link: dict[str, Any], cases: list[str], events: Sequence[dict[str, Any]], engine: Any,
                list_store: Any, home: Path | None) -> dict[str, Any]:
    from sanctionwatch.maritime.vessel import _designations, vessel_profile

    mmsi = link["mmsi"]
    profile = None
    if engine is not None:
        try:
            profile = vessel_profile(str(mmsi), home=home, list_store=list_store, engine=engine)
        except NotFound:
            profile = None
    names: list[str] = []
    call_signs: list[str] = []
    imos: list[int] = []
    if profile:
        for ident in profile["identities"]:
            if ident.get("name") and ident["name"] not in names:
                names.append(str(ident["name"]).strip())
            if ident.get("call_sign") and ident["call_sign"] not in call_signs:
                call_signs.append(str(ident["call_sign"]).strip())
        imos = [i["imo"] for i in profile["imos"]]
        designations = profile["designations"]
    else:
        imo = _int(link.get("imo"))
        imos = [imo] if imo else []
        designations = _designations(imos, [mmsi], list_store) if imos else []
    linked_name = str(link.get("name") or "").strip()
    if linked_name and linked_name not in names:
        names.append(linked_name)
    # The newest name AIS reported is the current one; earlier ones are past names.
    current = names[-1] if profile and names else (linked_name or (names[-1] if names else ""))
    past = [n for n in names if n != current]
    info = classify_mmsi(mmsi)
    own = [e for e in events if mmsi in [_int(v) for v in e.get("vessels", [])]]
    return {
        "mmsi": mmsi, "name": current, "past_names": past, "imo": imos, "call_signs": call_signs,
        "mid": info.mid, "mid_flag": info.country_name, "mid_country": info.country,
        "claimed_flag": link.get("flag"),
        "designated": bool(designations),
        "designations": sorted(({"id": d.get("id"), "caption": d.get("caption"), "matched_on": d.get("matched_on"),
                                 "sources": sorted({str(listing.get("source")) for listing in d.get("listings", [])}),
                                 "references": sorted({str(listing.get("reference")) for listing in d.get("listings", [])
                                                       if listing.get("reference")})}
                                for d in designations), key=lambda d: str(d["id"])),
        "events": [{"id": e["id"], "type": e.get("type"), "start": e.get("start"), "end": e.get("end"),
                    "lat": e.get("lat"), "lon": e.get("lon")} for e in own],
        "cases": cases, "source": "ais store" if profile else "case link",
    }


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def vessel_tracks(dossiers: Sequence[dict[str, Any]], engine: Any) -> dict[str, dict[str, list[list[Any]]]]:
    """Per case ref: each linked vessel's own AIS fixes within 12 h of the case's events,
    as ``{mmsi: [[iso, lat, lon], ...]}`` in time order."""
    tracks: dict[str, dict[str, list[list[Any]]]] = {}
    if engine is None:
        return tracks
    for dossier in dossiers:
        ref = dossier["case"]["ref"]
        events = case_events(dossier)
        mmsis = sorted({m["mmsi"] for m in case_vessels(dossier)}
                       | {v for e in events for v in (_int(x) for x in e.get("vessels", [])) if v})
        windows = []
        for event in events:
            start, end = parse_iso(event.get("start")), parse_iso(event.get("end"))
            if start is None:
                continue
            end = end or start
            windows.append(f"(ts BETWEEN TIMESTAMP '{start - TRACK_MARGIN:%Y-%m-%d %H:%M:%S}' "
                           f"AND TIMESTAMP '{end + TRACK_MARGIN:%Y-%m-%d %H:%M:%S}')")
        if not mmsis or not windows:
            continue
        rows = engine.rows(f"""SELECT DISTINCT mmsi, ts, lat, lon FROM positions
            WHERE mmsi IN ({",".join(map(str, mmsis))}) AND ({" OR ".join(windows)})
            ORDER BY mmsi, ts, lat, lon""")
        per: dict[str, list[list[Any]]] = {}
        for row in rows:
            per.setdefault(str(row["mmsi"]), []).append([iso(row["ts"]), round(float(row["lat"]), 5),
                                                         round(float(row["lon"]), 5)])
        if per:
            tracks[ref] = per
    return tracks


# --- from the lists store ------------------------------------------------------------------------------

def list_changes_between(store: Any, since: datetime | None, until: datetime | None,
                         program: str | None = PROGRAMME) -> list[dict[str, Any]]:
    """List changes dated within [since, until), of the programme's designations (on either side of
    the change) when given."""
    from sqlalchemy import and_, select

    from sanctionwatch.lists.programs import matches_program
    from sanctionwatch.store.schema import entities, list_changes, releases

    with store.read() as conn:
        rows = conn.execute(select(list_changes).order_by(list_changes.c.id)).mappings().all()
        wanted = [dict(r) for r in rows if _dated_within(r["date"], since, until)]
        if not wanted:
            return []
        keys = {(r["release_id"], r["entity_id"]) for r in wanted} | {
            (r["previous_release_id"], r["entity_id"]) for r in wanted if r["previous_release_id"]}
        programs: dict[tuple[int, str], list[str]] = {}
        ids = sorted({k[1] for k in keys})
        for start in range(0, len(ids), 500):
            for e in conn.execute(select(entities.c.release_id, entities.c.entity_id, entities.c.programs).where(
                    and_(entities.c.entity_id.in_(ids[start:start + 500])))):
                programs[(e.release_id, e.entity_id)] = list(e.programs or [])
        published = {r.id: r.published_date for r in conn.execute(select(releases.c.id, releases.c.published_date))}
    out = []
    for r in wanted:
        progs = sorted(set(programs.get((r["release_id"], r["entity_id"]), []))
                       | set(programs.get((r["previous_release_id"], r["entity_id"]), [])))
        if program and not matches_program(progs, program):
            continue
        out.append({"id": r["id"], "date": iso(_naive(r["date"])), "source": r["source"], "change": r["change"],
                    "entity_id": r["entity_id"], "reference": r["reference"], "caption": r["caption"],
                    "programs": progs, "release": r["release_id"], "release_date": published.get(r["release_id"]),
                    "previous_release": r["previous_release_id"],
                    "fields": sorted({str(c.get("field")) for c in (r["changes"] or []) if isinstance(c, dict)
                                      and c.get("field")})})
    return sorted(out, key=lambda c: (c["date"] or "", c["source"], c["entity_id"], c["id"]))


def _naive(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        from datetime import timezone

        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _dated_within(value: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    value = _naive(value)
    if value is None:
        return False
    return (since is None or value >= since) and (until is None or value < until)


# --- provenance ----------------------------------------------------------------------------------------

def provenance(store: Any, home: Path | None, events: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What the report was built from, as far as the store and the AIS home can say."""
    import sanctionwatch
    from sanctionwatch.lists.catalog import list_releases
    from sanctionwatch.screening.matchers import describe_all

    releases = [{"source": r["source"], "release": r["id"], "published": r["date"], "sha256": r["sha256"],
                 "designations": r["designations"]}
                for r in list_releases(store=store) if r["current"]]
    return {
        "sanctionwatch_version": sanctionwatch.__version__,
        "list_releases": sorted(releases, key=lambda r: (r["source"], r["release"])),
        "ais_ingests": ais_ingests(home),
        "detectors": detectors_of(events),
        "matchers": sorted(describe_all(), key=lambda m: m["name"]),
        "settings": {"corroboration_min": int(settings.get("corroboration_min")),
                     "reply_days": int(settings.get("reply_days"))},
        "cases_audit": audit_head(store),
    }


def ais_ingests(home: Path | None) -> list[dict[str, str]]:
    from sanctionwatch.maritime.store import ais_home, committed_ids

    folder = ais_home(home) / "ingests"
    return [{"ingest": ingest_id,
             "manifest_sha256": hashlib.sha256((folder / f"{ingest_id}.json").read_bytes()).hexdigest()}
            for ingest_id in sorted(committed_ids(home))]


def detectors_of(events: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each detector version of the events used, with each distinct parameter set it ran with."""
    seen: dict[tuple[str, bytes], dict[str, Any]] = {}
    for event in events:
        name = str(event.get("detector") or "unknown")
        params = event.get("params") or {}
        key = (name, canonical(params))
        entry = seen.setdefault(key, {"detector": name, "params": params, "events": 0})
        entry["events"] += 1
    return [seen[k] for k in sorted(seen)]


def audit_head(store: Any) -> dict[str, Any] | None:
    """The last entry of the cases' audit chain: its sequence number and hash (None before any)."""
    from sqlalchemy import select

    from sanctionwatch.store import schema

    table = getattr(schema, "case_audit", None)
    if table is None:
        return None
    with store.read() as conn:
        row = conn.execute(select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
    return {"seq": int(row[0]), "hash": str(row[1])} if row else None


# --- the whole collection ------------------------------------------------------------------------------

def collect(*, period: tuple[date, date] | None = None, case_ids: Sequence[int | str] | None = None,
            title: str | None = None, store: Any = None, home: Path | None = None, as_of: datetime | None = None,
            progress: Progress | None = None) -> dict[str, Any]:
    """Gather everything a report shows, through the cases API, the lists store and the AIS store.

    The period chooses the cases (by the period of their activity); ``as_of`` is the state of knowledge
    the report shows -- letters, replies, corrections recorded up to then. By default it is the newest
    record of the cases in scope: a report written in November about January's events shows the
    replies received since, and the same store always gives the same report."""
    from sanctionwatch import cases as cases_api
    from sanctionwatch.maritime.engine import DuckDBEngine
    from sanctionwatch.maritime.store import table_files

    if case_ids:
        from sanctionwatch.cases.records import parse_case_id

        ids = sorted({parse_case_id(i) for i in case_ids})
    else:
        every = cases_api.list_cases(store=store)
        ids = sorted(c["id"] for c in every if period is None or in_period(c, period))
    dossiers = []
    for n, case_id in enumerate(ids):
        dossiers.append(cases_api.case_dossier(case_id, store=store, as_of=as_of))
        if progress:
            progress("cases", n + 1, len(ids))
    if as_of is None and dossiers:
        # Every case judged at the same date, the newest record of them all, so letter deadlines read
        # alike across the report: only the cases whose own newest record is older are read again.
        newest = max(d["as_of"] for d in dossiers)
        as_of = parse_iso(newest)
        dossiers = [d if d["as_of"] == newest else cases_api.case_dossier(d["case"]["id"], store=store, as_of=as_of)
                    for d in dossiers]
    as_of_text = iso(as_of) if as_of else None
    events = report_events(dossiers)
    home = home or getattr(store, "home", None)
    engine = DuckDBEngine(home=home, threads=2) if table_files("positions", home) or table_files("statics", home) \
        else None
    try:
        vessels = vessel_rows(dossiers, events, engine=engine, list_store=store, home=home)
        if progress:
            progress("vessels", 1, 1)
        tracks = vessel_tracks(dossiers, engine)
        if progress:
            progress("tracks", 1, 1)
    finally:
        if engine is not None:
            engine.close()
    since: datetime | None
    until: datetime | None
    if period:
        since, until = period_bounds(period)
    else:
        starts = [parse_iso(d["case"].get("period_start") or d["case"].get("opened_at")) for d in dossiers]
        since = min((s for s in starts if s), default=None)
        ends = [parse_iso(d.get("as_of")) for d in dossiers]
        until = max((e for e in ends if e), default=None)
        until = until + timedelta(seconds=1) if until else None
    changes = list_changes_between(store, since, until) if dossiers or period else []
    try:
        order = [t["id"] for t in cases_api.typologies()]
    except Exception:  # the catalogue is optional for ordering; sections fall back to name order
        order = []
    report_as_of = as_of_text or max((d.get("as_of") or "" for d in dossiers), default="") or None
    from sanctionwatch.reports.petroleum import petroleum_section

    petroleum = petroleum_section(store, home, period)
    return {
        "title": title or default_title(period),
        "period": [period[0].isoformat(), period[1].isoformat()] if period else None,
        "as_of": report_as_of,
        "typology_order": order,
        "dossiers": sorted(dossiers, key=lambda d: d["case"]["id"]),
        "events": events,
        "vessels": vessels,
        "tracks": tracks,
        "list_changes": changes,
        "list_changes_window": [iso(since), iso(until)],
        "provenance": provenance(store, home, events),
        **({"petroleum": petroleum} if petroleum else {}),
    }


def default_title(period: tuple[date, date] | None) -> str:
    if period:
        return f"Monitoring report on the implementation of the 1718 (DPRK) sanctions measures, " \
               f"{period[0].isoformat()} to {period[1].isoformat()}"
    return "Monitoring report on the implementation of the 1718 (DPRK) sanctions measures"
