"""identity-v1: signs that an AIS identity is false, shared or changing.

Kinds (``details.kind``): ``speed`` (a jump no ship can make, after which the track stays at the new
place), ``shared_mmsi`` (fixes alternating between two far-apart places: two ships on one MMSI),
``mid`` (unallocated MID, the DPRK MID 445, or one IMO broadcast under MMSIs of different flags),
``imo_check`` (IMO failing its check digit), ``identity_change`` (name, IMO or call sign changing) and
``designated_imo_elsewhere`` (a listed IMO broadcast with an MMSI or name the list does not give).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from itertools import combinations
from typing import Any

import pyarrow as pa

from sanctionwatch.maritime import mid as mids
from sanctionwatch.maritime.detectors.base import DetectionContext, Detector, Param
from sanctionwatch.maritime.detectors.designated_vessel_v1 import imo_text, listed_vessels, normalise
from sanctionwatch.maritime.detectors.tracks import attach_positions, fixes_sql
from sanctionwatch.maritime.events import IDENTITY, Event
from sanctionwatch.maritime.sqlparts import KM_PER_NM, haversine_km, py_haversine_km
from sanctionwatch.screening.features import imo_valid

AGREED = "sanctionwatch detector parameters agreed for the DPRK scenarios"
FIELDS = ("name", "imo", "call_sign")


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


class IdentityV1(Detector):
    NAME = IDENTITY
    TITLE = "Identity anomalies"
    DESCRIPTION = (
        "speed: consecutive fixes more than jump_km apart at an implied speed above jump_knots, after "
        "which the vessel stays at the new place for at least two fixes (a single fix that jumps away "
        "and back is receiver or GPS noise: counted in the run notes, not reported). shared_mmsi: at "
        "least shared_min_jumps such jumps within shared_window_hours whose fixes fall into two "
        "persistent tracks (a gpsdio-segment-like greedy split) that alternate: two ships on one MMSI. "
        "mid: a ship MMSI whose MID is not allocated, the DPRK MID 445 (always reported: the flag "
        "matters under the 1718 regime), or one IMO broadcast under MMSIs of different flag states. "
        "imo_check: a broadcast IMO failing its check digit (0 or null is 'not given'). identity_change: "
        "one MMSI broadcasting different names, IMOs or call signs (compared without case, spaces or "
        "punctuation). designated_imo_elsewhere: an IMO of a listed vessel broadcast with an MMSI or a "
        "name the list does not give (needs the list store).")
    PARAMS = (
        Param("jump_knots", 50.0, "kn", "implied speed above which a move between fixes is impossible",
              AGREED + " (GFW's segmenter splits at 25 kn; 50 leaves room for fast craft and clock jitter)"),
        Param("jump_km", 10.0, "km", "a jump must also cover at least this distance (GPS noise is smaller)",
              AGREED),
        Param("shared_min_jumps", 3, "jumps", "jumps within the window that make a shared-MMSI candidate",
              AGREED),
        Param("shared_window_hours", 24.0, "h", "the jumps of a shared MMSI fall within this time", AGREED),
        Param("report_malformed_imo", False, "bool", "also report IMO fields that are not seven digits",
              "sanctionwatch: on real US data (MarineCadastre 2022-01-03) such values are placeholders"),
        Param("check_lists", True, "bool", "compare broadcast IMOs with the list store (when there is one)",
              "sanctionwatch: UN 1718 / OFAC vessel lists give IMO, MMSI and names"),
    )

    def run(self, ctx: DetectionContext, params: dict[str, Any]) -> list[Event]:
        engine = ctx.engine
        notes = ctx.extras.setdefault("notes", [])
        seen = {int(r["mmsi"]): r for r in engine.rows(
            "SELECT mmsi, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS n, AVG(lat) AS lat, "
            "AVG(lon) AS lon FROM positions WHERE mmsi IS NOT NULL GROUP BY mmsi")}
        statics = engine.rows(
            "SELECT mmsi, imo, name, call_sign, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS n "
            "FROM statics WHERE mmsi IS NOT NULL GROUP BY mmsi, imo, name, call_sign "
            "ORDER BY mmsi, first_ts, imo, name, call_sign")
        in_use = _in_use(engine.rows(changes_sql()), _spans(seen, statics))
        counts = ctx.extras.setdefault("counts", {}).setdefault(self.id, {})
        events = self._movement(ctx, params, notes, counts)
        events += self._mid(seen, statics, in_use, params, notes)
        events += self._imo_check(seen, statics, in_use, params, notes)
        events += self._changes(seen, statics, in_use, params)
        if ctx.store is not None and params["check_lists"]:
            events += self._listed_elsewhere(ctx.store, seen, statics, in_use, params)
        # Exact duplicate fixes (common in merged feeds) can yield the same jump twice.
        events = list({e.id: e for e in events}.values())
        events.sort(key=lambda e: (e.start, e.vessels, e.details["kind"], e.id))
        for event in events:
            counts[event.details["kind"]] = counts.get(event.details["kind"], 0) + 1
        attach_positions(engine, events)
        return events

    def _event(self, kind: str, vessels: list[int], start: datetime, end: datetime, lat: Any, lon: Any,
               params: dict[str, Any], **details: Any) -> Event:
        return Event(type=IDENTITY, vessels=sorted(vessels), start=start, end=end,
                     lat=None if lat is None else round(lat, 6), lon=None if lon is None else round(lon, 6),
                     detector=self.id, params=dict(params), details={"kind": kind, **details})

    # --- jumps: speed and shared_mmsi -------------------------------------------------------------------

    def _movement(self, ctx: DetectionContext, params: dict[str, Any], notes: list[str],
                  counts: dict[str, int]) -> list[Event]:
        jumps = ctx.engine.rows(jumps_sql(params))
        by_mmsi: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in jumps:
            by_mmsi[int(row["mmsi"])].append(row)
        window = timedelta(hours=params["shared_window_hours"])
        k = int(params["shared_min_jumps"])
        dense = {}
        for mmsi, rows in by_mmsi.items():
            for i in range(len(rows) - k + 1):
                if rows[i + k - 1]["ts"] - rows[i]["ts"] <= window:
                    dense[mmsi] = rows[i]["ts"]
                    break
        events, shared = [], set()
        if dense:
            for mmsi, fixes in self._fixes_around(ctx.engine, dense, window).items():
                event = self._shared(mmsi, fixes, params)
                if event is not None:
                    events.append(event)
                    shared.add(mmsi)
        noise = same_time = 0
        for mmsi, rows in sorted(by_mmsi.items()):
            if mmsi in shared:
                continue
            for row in rows:
                if row["same_time"]:
                    same_time += 1
                    continue
                if row["outlier"] or row["after_outlier"] or row["next_ts"] is None or row["jump_out"]:
                    noise += 1 if row["outlier"] else 0
                    continue
                hours = row["dt"] / 3600.0
                events.append(self._event(
                    "speed", [mmsi], row["prev_ts"], row["next_ts"], row["lat"], row["lon"], params,
                    jump_from={"ts": _iso(row["prev_ts"]), "lat": row["prev_lat"], "lon": row["prev_lon"]},
                    jump_to={"ts": _iso(row["ts"]), "lat": row["lat"], "lon": row["lon"]},
                    distance_km=round(row["km"], 2), hours=round(hours, 4),
                    implied_knots=None if hours <= 0 else round(row["km"] / KM_PER_NM / hours, 1),
                    confirmed_by={"ts": _iso(row["next_ts"]), "lat": row["next_lat"], "lon": row["next_lon"]}))
        counts.update(outliers_ignored=noise, same_time_jumps_ignored=same_time)
        if noise:
            notes.append(f"{self.id}: {noise} single-fix position outlier(s) ignored (jumped away and back)")
        if same_time:
            # Feeds merged from several receivers, or times truncated to the second/minute, give one
            # MMSI different places at one timestamp; their order, hence the jump, is unknown.
            notes.append(f"{self.id}: {same_time} jump(s) from or to fixes sharing a timestamp with another "
                         "place of the same MMSI not reported (order unknown)")
        return events

    def _fixes_around(self, engine: Any, dense: dict[int, datetime], window: timedelta
                      ) -> dict[int, list[tuple[datetime, float, float]]]:
        mmsis = sorted(dense)
        engine.register("_id_spans", pa.table({
            "mmsi": pa.array(mmsis, pa.int64()),
            "t0": pa.array([dense[m] - window for m in mmsis], pa.timestamp("us")),
            "t1": pa.array([dense[m] + 2 * window for m in mmsis], pa.timestamp("us"))}))
        found = engine.query(
            "SELECT p.mmsi, p.ts, p.lat, p.lon FROM positions p JOIN _id_spans s ON p.mmsi = s.mmsi "
            "WHERE p.ts >= s.t0 AND p.ts <= s.t1 AND p.lat BETWEEN -90 AND 90 AND p.lon BETWEEN -180 AND 180 "
            "ORDER BY p.mmsi, p.ts, p.lat, p.lon").to_pydict()
        out: dict[int, list[tuple[datetime, float, float]]] = defaultdict(list)
        for mmsi, ts, lat, lon in zip(found["mmsi"], found["ts"], found["lat"], found["lon"]):
            out[int(mmsi)].append((ts, lat, lon))
        return out

    def _shared(self, mmsi: int, fixes: list[tuple[datetime, float, float]], params: dict[str, Any]
                ) -> Event | None:
        labels, tracks = split_tracks(fixes, params["jump_knots"], params["jump_km"])
        big = sorted(range(len(tracks)), key=lambda i: (-len(tracks[i]), i))[:2]
        if len(big) < 2 or len(tracks[big[1]]) < 2:
            return None   # one track plus stray fixes: noise, not a second ship
        sequence = [label for label in labels if label in big]
        switches = sum(1 for a, b in zip(sequence, sequence[1:]) if a != b)
        if switches < params["shared_min_jumps"]:
            return None
        used = [fixes[i] for i, label in enumerate(labels) if label in big]
        clusters = []
        for i in big:
            pts = [fixes[j] for j in tracks[i]]
            clusters.append({"fixes": len(pts), "first": _iso(pts[0][0]), "last": _iso(pts[-1][0]),
                             "lat": round(sum(p[1] for p in pts) / len(pts), 5),
                             "lon": round(sum(p[2] for p in pts) / len(pts), 5)})
        apart = py_haversine_km(clusters[0]["lat"], clusters[0]["lon"], clusters[1]["lat"], clusters[1]["lon"])
        return self._event("shared_mmsi", [mmsi], used[0][0], used[-1][0],
                           sum(p[1] for p in used) / len(used), sum(p[2] for p in used) / len(used), params,
                           alternations=switches, clusters=clusters, clusters_km_apart=round(apart, 1),
                           stray_fixes=len(fixes) - len(used))

    # --- MID, IMO check digit, changes ------------------------------------------------------------------

    def _mid(self, seen: dict[int, Any], statics: list[dict[str, Any]], in_use: "InUse", params: dict[str, Any],
             notes: list[str]) -> list[Event]:
        events, invalid = [], 0
        span = _spans(seen, statics)
        names = _values_by_mmsi(statics, "name")
        for mmsi in sorted(span):
            info = mids.classify_mmsi(mmsi)
            if info.kind == mids.INVALID:
                invalid += 1
                continue
            if info.mid is None:
                continue
            reason = None
            if not info.mid_allocated:
                reason = "unallocated_mid"
            elif info.mid == mids.DPRK_MID:
                reason = "dprk_mid"
            if reason:
                first, last, lat, lon = span[mmsi]
                events.append(self._event("mid", [mmsi], first, last, lat, lon, params, reason=reason,
                                          mid=info.mid, mmsi_kind=info.kind, country=info.country,
                                          country_name=info.country_name, names=names.get(mmsi, [])))
        if invalid:
            notes.append(f"{self.id}: {invalid} MMSI(s) of no ITU-R M.585 shape (not reported)")
        # Each MMSI's use of an IMO runs from its first report of it until it reported another IMO,
        # else until the MMSI's last fix: static rows are kept only at changes, so their own last
        # time is no end of use (see _in_use).
        by_imo: dict[str, dict[int, list[tuple[datetime, datetime]]]] = defaultdict(dict)
        for (mmsi, field), runs in in_use.items():
            for run in runs:
                if field == "imo" and imo_valid(run["key"]):
                    by_imo[run["key"]].setdefault(mmsi, []).append((run["start"], run["until"]))
        for imo, periods in sorted(by_imo.items()):
            flags = {m: mids.classify_mmsi(m) for m in periods}
            countries = {f.country for f in flags.values() if f.country}
            if len(countries) < 2:
                continue
            users = {m: [min(p[0] for p in ps), max(p[1] for p in ps)] for m, ps in periods.items()}
            used = [{"mmsi": m, "mid": flags[m].mid, "country": flags[m].country, "first": _iso(t[0]),
                     "last": _iso(t[1])} for m, t in sorted(users.items(), key=lambda kv: (kv[1][0], kv[0]))]
            last = max(users, key=lambda m: (users[m][1], m))
            # Two MMSIs broadcasting one IMO at the same time cannot both be right (a clone or a
            # mistyped IMO); one after the other is a change of flag.
            together = any(a[0] <= b[1] and b[0] <= a[1]
                           for m, n in combinations(sorted(periods), 2) for a in periods[m] for b in periods[n])
            lat, lon = (span[last][2], span[last][3]) if last in span else (None, None)
            events.append(self._event("mid", list(users), min(t[0] for t in users.values()),
                                      max(t[1] for t in users.values()), lat, lon, params,
                                      reason="imo_used_simultaneously" if together else "reflagged",
                                      imo=imo, mmsis=used, countries=sorted(countries)))
        return events

    def _imo_check(self, seen: dict[int, Any], statics: list[dict[str, Any]], in_use: "InUse",
                   params: dict[str, Any], notes: list[str]) -> list[Event]:
        failing: dict[tuple[int, int], list[Any]] = {}
        malformed: set[tuple[int, int]] = set()
        for row in statics:
            imo = row["imo"]
            if imo is None or int(imo) <= 0:
                continue
            key = (int(row["mmsi"]), int(imo))
            if not 1_000_000 <= int(imo) <= 9_999_999:
                # Fewer or more than seven digits is not an IMO number at all: placeholders (1, 111),
                # national registry numbers, the MMSI typed in. Common and not deceptive; counted only.
                malformed.add(key)
                continue
            if imo_valid(f"{int(imo)}"):
                continue
            entry = failing.setdefault(key, [row["first_ts"], row["last_ts"], 0, set()])
            entry[0], entry[1] = min(entry[0], row["first_ts"]), max(entry[1], row["last_ts"])
            entry[2] += int(row["n"])
            if normalise(row["name"]):
                entry[3].add(" ".join(str(row["name"]).replace("@", " ").split()))
        if malformed and not params["report_malformed_imo"]:
            notes.append(f"{self.id}: {len(malformed)} MMSI/IMO pair(s) with an IMO field that is not seven "
                         "digits (placeholder or other number) not reported")
        elif malformed:
            for key in malformed:
                failing.setdefault(key, [None, None, 0, set()])
            for row in statics:
                key = (int(row["mmsi"]), int(row["imo"] or 0))
                if key in malformed:
                    entry = failing[key]
                    entry[0] = row["first_ts"] if entry[0] is None else min(entry[0], row["first_ts"])
                    entry[1] = row["last_ts"] if entry[1] is None else max(entry[1], row["last_ts"])
                    entry[2] += int(row["n"])
        events = []
        for (mmsi, imo), (first, last, n, names) in sorted(failing.items()):
            first, last = _used(in_use, mmsi, "imo", imo_text(imo), first, last)
            pos = seen.get(mmsi)
            reason = "check digit fails" if 1_000_000 <= imo <= 9_999_999 else "not seven digits"
            events.append(self._event("imo_check", [mmsi], first, last, pos and pos["lat"], pos and pos["lon"],
                                      params, imo=str(imo), reason=reason, messages=n, names=sorted(names)))
        return events

    def _changes(self, seen: dict[int, Any], statics: list[dict[str, Any]], in_use: "InUse",
                 params: dict[str, Any]) -> list[Event]:
        events = []
        for mmsi, by_field in sorted(_history(statics, in_use).items()):
            changed = {f: values for f, values in by_field.items() if len(values) > 1}
            if not changed:
                continue
            first = min(v["first_seen"] for values in changed.values() for v in values)
            last = max(v["last_seen"] for values in changed.values() for v in values)
            pos = seen.get(mmsi)
            history = {f: [{**v, "first_seen": _iso(v["first_seen"]), "last_seen": _iso(v["last_seen"])}
                           for v in values] for f, values in changed.items()}
            events.append(self._event("identity_change", [mmsi], first, last, pos and pos["lat"],
                                      pos and pos["lon"], params, fields=sorted(changed), history=history))
        return events

    def _listed_elsewhere(self, store: Any, seen: dict[int, Any], statics: list[dict[str, Any]],
                          in_use: "InUse", params: dict[str, Any]) -> list[Event]:
        listed = listed_vessels(store)
        grouped: dict[tuple[int, str], dict[str, Any]] = {}
        for row in statics:
            imo = imo_text(row["imo"])
            if not imo or imo not in listed.by_imo:
                continue
            g = grouped.setdefault((int(row["mmsi"]), imo), {"first": row["first_ts"], "last": row["last_ts"],
                                                             "names": set()})
            g["first"], g["last"] = min(g["first"], row["first_ts"]), max(g["last"], row["last_ts"])
            if normalise(row["name"]):
                g["names"].add(" ".join(str(row["name"]).replace("@", " ").split()))
        events = []
        for (mmsi, imo), g in sorted(grouped.items()):
            g["first"], g["last"] = _used(in_use, mmsi, "imo", imo, g["first"], g["last"])
            for vessel in listed.by_imo[imo]:
                odd = []
                if vessel.mmsis and str(mmsi) not in vessel.mmsis:
                    odd.append("mmsi")
                known = listed.listed_names(vessel)
                other_names = sorted(n for n in g["names"] if normalise(n) not in known)
                if other_names:
                    odd.append("name")
                if not odd:
                    continue
                pos = seen.get(mmsi)
                events.append(self._event(
                    "designated_imo_elsewhere", [mmsi], g["first"], g["last"], pos and pos["lat"],
                    pos and pos["lon"], params, imo=imo, differs_in=odd, broadcast_mmsi=mmsi,
                    broadcast_names=sorted(g["names"]), listed=vessel.describe()))
        return events


def jumps_sql(params: dict[str, Any]) -> str:
    """Fixes reached by an impossible move, with their neighbours, in one window pass over the fixes.

    ``outlier``: this fix jumped away and the next jumps back (within jump_km of the fix before);
    ``after_outlier``: the jump back from such a fix. ``same_time``: the two fixes of the jump share a
    timestamp with another place of the MMSI (fixes of one time are adjacent in the sort), so their
    order is unknown.
    """
    km, knots = float(params["jump_km"]), float(params["jump_knots"])
    order = "ORDER BY ts, lat, lon"
    over = f"OVER (PARTITION BY mmsi {order})"

    def jump(d: str, dt: str) -> str:
        return f"({d} > {km!r} AND ({dt} <= 0 OR {d} / ({dt} / 3600.0) / {KM_PER_NM!r} > {knots!r}))"

    def moved(a: str, b: str) -> str:
        return f"({a}lat <> {b}lat OR {a}lon <> {b}lon)"

    return f"""
    WITH linked AS (
        SELECT mmsi, ts, t, lat, lon,
               LAG(ts) {over} AS prev_ts, LAG(t) {over} AS prev_t,
               LAG(lat) {over} AS prev_lat, LAG(lon) {over} AS prev_lon,
               LAG(t, 2) {over} AS prev2_t, LAG(lat, 2) {over} AS prev2_lat, LAG(lon, 2) {over} AS prev2_lon,
               LEAD(ts) {over} AS next_ts, LEAD(t) {over} AS next_t,
               LEAD(lat) {over} AS next_lat, LEAD(lon) {over} AS next_lon
        FROM ({fixes_sql()}) f
    ),
    measured AS (
        SELECT *, {haversine_km('prev_lat', 'prev_lon', 'lat', 'lon')} AS km, t - prev_t AS dt FROM linked
    ),
    jumps AS (
        SELECT *, {haversine_km('lat', 'lon', 'next_lat', 'next_lon')} AS km_out,
               {haversine_km('prev_lat', 'prev_lon', 'next_lat', 'next_lon')} AS km_skip,
               {haversine_km('prev2_lat', 'prev2_lon', 'prev_lat', 'prev_lon')} AS km_before,
               {haversine_km('prev2_lat', 'prev2_lon', 'lat', 'lon')} AS km_back,
               next_t - t AS dt_out, prev_t - prev2_t AS dt_before
        FROM measured WHERE {jump('km', 'dt')}
    )
    SELECT mmsi, ts, lat, lon, prev_ts, prev_lat, prev_lon, next_ts, next_lat, next_lon, km, dt,
           CASE WHEN {jump('km_out', 'dt_out')} THEN 1 ELSE 0 END AS jump_out,
           CASE WHEN {jump('km_out', 'dt_out')} AND km_skip <= {km!r} THEN 1 ELSE 0 END AS outlier,
           CASE WHEN {jump('km_before', 'dt_before')} AND km_back <= {km!r} THEN 1 ELSE 0 END AS after_outlier,
           CASE WHEN dt = 0 OR (next_t = t AND {moved('next_', '')})
                     OR (prev2_t = prev_t AND {moved('prev2_', 'prev_')}) THEN 1 ELSE 0 END AS same_time
    FROM jumps
    ORDER BY mmsi, ts, lat, lon"""


def split_tracks(fixes: list[tuple[datetime, float, float]], knots: float, km: float, max_open: int = 20
                 ) -> tuple[list[int], list[list[int]]]:
    """Greedy split of one MMSI's fixes into tracks a single ship could sail (after gpsdio-segment): each
    fix joins the reachable track whose last fix is nearest, or opens a new one."""
    tracks: list[list[int]] = []
    labels: list[int] = []
    for i, (ts, lat, lon) in enumerate(fixes):
        best, best_km = None, None
        for t_index in sorted(range(len(tracks)), key=lambda j: -fixes[tracks[j][-1]][0].timestamp())[:max_open]:
            pts, plat, plon = fixes[tracks[t_index][-1]]
            dist = py_haversine_km(plat, plon, lat, lon)
            hours = (ts - pts).total_seconds() / 3600.0
            if dist <= km or (hours > 0 and dist / KM_PER_NM / hours <= knots):
                if best_km is None or dist < best_km:
                    best, best_km = t_index, dist
        if best is None:
            tracks.append([i])
            labels.append(len(tracks) - 1)
        else:
            tracks[best].append(i)
            labels.append(best)
    return labels, tracks


def _spans(seen: dict[int, Any], statics: list[dict[str, Any]]) -> dict[int, tuple[datetime, datetime, Any, Any]]:
    """First and last sight of each MMSI (positions, or statics when it sent no position) and a place."""
    span = {m: (r["first_ts"], r["last_ts"], r["lat"], r["lon"]) for m, r in seen.items()}
    for row in statics:
        mmsi = int(row["mmsi"])
        if mmsi in seen:
            continue
        first, last, _, _ = span.get(mmsi, (row["first_ts"], row["last_ts"], None, None))
        span[mmsi] = (min(first, row["first_ts"]), max(last, row["last_ts"]), None, None)
    return span


# (mmsi, field) -> runs of one value in time order: key (normalised value), start, until.
InUse = dict[tuple[int, str], list[dict[str, Any]]]


def changes_sql() -> str:
    """Static rows giving a name, IMO or call sign, per MMSI in time order, with consecutive identical
    reports collapsed into one row (first and last time): a raw feed repeats its static report every
    few minutes, and only the changes and the last repetition of each value matter here."""
    order = "ts, imo NULLS LAST, name NULLS LAST, call_sign NULLS LAST"
    return f"""
        WITH s AS (
            SELECT mmsi, ts, imo, name, call_sign FROM statics
            WHERE mmsi IS NOT NULL AND ts IS NOT NULL
              AND (imo IS NOT NULL OR name IS NOT NULL OR call_sign IS NOT NULL)),
        c AS (
            SELECT mmsi, ts, imo, name, call_sign,
                   CASE WHEN LAG(ts) OVER (PARTITION BY mmsi ORDER BY {order}) IS NOT NULL
                         AND LAG(imo) OVER (PARTITION BY mmsi ORDER BY {order}) IS NOT DISTINCT FROM imo
                         AND LAG(name) OVER (PARTITION BY mmsi ORDER BY {order}) IS NOT DISTINCT FROM name
                         AND LAG(call_sign) OVER (PARTITION BY mmsi ORDER BY {order}) IS NOT DISTINCT FROM call_sign
                        THEN 0 ELSE 1 END AS fresh
            FROM s),
        g AS (
            SELECT mmsi, ts, imo, name, call_sign,
                   SUM(fresh) OVER (PARTITION BY mmsi ORDER BY {order}
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
            FROM c)
        SELECT mmsi, MIN(ts) AS ts, MAX(ts) AS last_ts, MIN(imo) AS imo, MIN(name) AS name,
               MIN(call_sign) AS call_sign
        FROM g GROUP BY mmsi, run ORDER BY mmsi, ts"""


def _in_use(changes: list[dict[str, Any]], span: dict[int, tuple[datetime, datetime, Any, Any]]) -> InUse:
    """When each value of name, IMO and call sign was in use, per MMSI.

    Ingest keeps a static row only when a value changes, so the last row with a value is about when
    it was first seen, not last. A value is in use from its first report until the MMSI reports a
    different one (a null report changes nothing, as in ingest), else until the MMSI's last sight
    (its last fix; its last static row when it sent no position)."""
    found: InUse = defaultdict(list)
    for row in changes:
        mmsi = int(row["mmsi"])
        for field in FIELDS:
            raw = imo_text(row[field]) if field == "imo" else row[field]
            key = raw if field == "imo" else normalise(raw)
            if not key:
                continue
            runs = found[(mmsi, field)]
            if runs and runs[-1]["key"] == key:
                runs[-1]["last_report"] = row["last_ts"]
                continue
            if runs:
                runs[-1]["until"] = row["ts"]
            runs.append({"key": key, "start": row["ts"], "until": None, "last_report": row["last_ts"]})
    for (mmsi, _), runs in found.items():
        last = runs[-1]
        seen_last = span[mmsi][1] if mmsi in span else None
        last["until"] = last["last_report"] if seen_last is None else max(seen_last, last["last_report"])
    return found


def _used(in_use: InUse, mmsi: int, field: str, key: str | None, first: datetime, last: datetime
          ) -> tuple[datetime, datetime]:
    """First report and end of use of one value of an MMSI's field (``first``/``last`` when unknown)."""
    runs = [r for r in in_use.get((mmsi, field), []) if r["key"] == key]
    if not runs:
        return first, last
    return min(first, runs[0]["start"]), max(last, runs[-1]["until"])


def _values_by_mmsi(statics: list[dict[str, Any]], field: str) -> dict[int, list[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for row in statics:
        if normalise(row[field]):
            out[int(row["mmsi"])].add(" ".join(str(row[field]).replace("@", " ").split()))
    return {m: sorted(v) for m, v in out.items()}


def _history(statics: list[dict[str, Any]], in_use: InUse) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Per MMSI and field, the distinct normalised values in order of first appearance; ``last_seen``
    is the end of the value's use (see _in_use), not its last static row."""
    found: dict[int, dict[str, dict[str, dict[str, Any]]]] = defaultdict(lambda: defaultdict(dict))
    for row in statics:
        for field in FIELDS:
            raw = row[field]
            if field == "imo":
                raw = imo_text(raw)
            key = normalise(raw)
            if not key:
                continue
            value = found[int(row["mmsi"])][field].setdefault(
                key, {"value": " ".join(str(raw).replace("@", " ").split()), "first_seen": row["first_ts"],
                      "last_seen": row["last_ts"], "messages": 0})
            value["first_seen"] = min(value["first_seen"], row["first_ts"])
            value["last_seen"] = max(value["last_seen"], row["last_ts"])
            value["messages"] += int(row["n"])
    for mmsi, fields in found.items():
        for field, values in fields.items():
            for key, value in values.items():
                value["first_seen"], value["last_seen"] = _used(in_use, mmsi, field, key, value["first_seen"],
                                                                value["last_seen"])
    return {m: {f: sorted(v.values(), key=lambda x: (x["first_seen"], x["value"])) for f, v in fields.items()}
            for m, fields in found.items()}
