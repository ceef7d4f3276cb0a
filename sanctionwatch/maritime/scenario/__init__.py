"""Synthetic AIS for the DPRK region with planted evasion, near misses and the truth to score against.

``generate()`` plans every vessel (background lanes and fishing fleets, planted stories), then
samples and writes the reports day by day in chunks of vessels, so memory stays flat however many
positions are asked for. ``score()`` compares a run's events with ``truth.json``.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.scenario import fleet, plant, sample, truth as truth_mod, world
from sanctionwatch.maritime.scenario.plan import Vessel
from sanctionwatch.maritime.scenario.score import ScoreReport, score
from sanctionwatch.maritime.scenario.writers import FORMATS, SOURCE, Outputs, Variant

__all__ = ["generate", "score", "ScenarioSummary", "ScoreReport", "GENERATOR"]

GENERATOR = "scenario-v1"
CHUNK_VESSELS = 2000
COVERAGE_DROP = 0.2        # gap-v1: a hole when the neighbours' rate falls below 20 % of the 12 h before
MIN_NEIGHBOUR_FIXES = 10   # gap-v1: fewer neighbours' fixes before than this and it does not judge coverage
H = 3600.0
STORIES = (plant.dark_tanker, plant.sts_pair, plant.loiter_dark_partner, plant.cloned_mmsi, plant.lady_r,
           plant.forged_imo, plant.renamed, plant.nampho_caller, plant.passing_pair, plant.moored_pair)


@dataclass
class ScenarioSummary:
    out: str
    seed: int
    start: str
    days: int
    vessels: int
    positions: int = 0
    statics: int = 0
    files: list[str] = field(default_factory=list)
    truth: dict[str, int] = field(default_factory=dict)
    negatives: dict[str, int] = field(default_factory=dict)
    unexpected_gaps: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def generate(out: Path, seed: int = 1, vessels: int = 200, days: int = 7, start: datetime = datetime(2026, 1, 5),
             formats: Sequence[str] = ("nmea", "csv"),
             progress: Callable[[str, int, int], None] | None = None, tanker_calls: int = 0) -> ScenarioSummary:
    """Write a scenario under ``out``: ``nmea/``, ``csv/``, ``parquet/`` (as asked), ``truth.json``
    and ``scenario.json``. The same arguments give the same bytes. ``tanker_calls`` > 0 adds that many DPRK
    tankers each calling once at Nampho, with their capacities in ``tankers.csv`` (planted with their own
    random stream, so the other stories of a seed stay as they are)."""
    began = time.perf_counter()
    formats = tuple(f.strip().lower() for f in formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ConfigError(f"scenario --format {','.join(formats)}: choose from {', '.join(FORMATS)}")
    if days < 2:
        raise ConfigError(f"scenario --days {days}: at least 2 days (planted stories need 12 h before and after)")
    if tanker_calls < 0 or tanker_calls > 30:
        raise ConfigError(f"scenario --tanker-calls {tanker_calls}: between 0 and 30")
    if vessels < 60:
        raise ConfigError(f"scenario --vessels {vessels}: at least 60 (planted stories plus the traffic around them)")
    if start.tzinfo is not None:
        start = start.astimezone(timezone.utc).replace(tzinfo=None)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    horizon = days * 24 * H
    rng = np.random.default_rng(seed)
    truth = plant.Truth()
    fleet_list, holes = _plan(rng, vessels, horizon, truth, tankers=(np.random.default_rng([seed, 97]), tanker_calls))
    variants, by_vessel = _variants(fleet_list)
    summary = ScenarioSummary(out=str(out), seed=seed, start=start.strftime("%Y-%m-%dT%H:%M:%SZ"), days=days,
                              vessels=len(fleet_list))
    start_unix = int(start.replace(tzinfo=timezone.utc).timestamp())
    outputs = Outputs(out, formats, start_unix, variants)
    chunks = [fleet_list[i:i + CHUNK_VESSELS] for i in range(0, len(fleet_list), CHUNK_VESSELS)]
    indexes = [sample.ChunkIndex.build(c, horizon, by_vessel) for c in chunks]
    clock = start_unix % 3600   # gap-v1 counts traffic by clock hour
    silences = truth_mod.SilenceLog(len(fleet_list), horizon, offset=clock)
    # gap-v1 reads tracks by MMSI: two ships on one MMSI (a clone) are one track, silent only when both
    # are, so silences are followed per MMSI (the index of its first vessel), not per ship.
    first_of: dict[int, int] = {}
    by_mmsi = np.array([first_of.setdefault(v.mmsi, i) for i, v in enumerate(fleet_list)], dtype=np.int64)
    traffic = truth_mod.TrafficGrid(horizon, offset=clock)
    steps, done = days * len(chunks), 0
    try:
        for day in range(days):
            a, b = day * 24 * H, (day + 1) * 24 * H
            label = (start + timedelta(days=day)).strftime("%Y-%m-%d")
            for c, idx in enumerate(indexes):
                day_rng = np.random.default_rng([seed, day, c])
                pos = sample.positions(day_rng, idx, a, b, holes)
                sta = sample.statics(day_rng, idx, a, b, holes)
                outputs.write(label, pos, sta)
                silences.feed(by_mmsi[pos["vid"] + c * CHUNK_VESSELS], pos["t"], pos["lat"], pos["lon"])
                traffic.feed(pos["t"], pos["lat"], pos["lon"])
                summary.positions += int(pos["t"].size)
                summary.statics += int(sta["t"].size)
                done += 1
                if progress:
                    progress("writing", done, steps)
    finally:
        outputs.close()
    summary.unexpected_gaps = _hole_silences(fleet_list, silences, traffic, holes, truth)
    truth_mod.port_visits(fleet_list, truth, horizon)
    truth_mod.zone_entries(fleet_list, truth, horizon)
    truth_mod.identity_facts(fleet_list, truth, horizon)
    entries = sorted(truth.entries, key=lambda e: (e["type"], e["start"], e["vessels"], e["label"]))
    rows = [{**e, "start": truth_mod.iso(start, e["start"]), "end": truth_mod.iso(start, e["end"])} for e in entries]
    (out / "truth.json").write_text(json.dumps(rows, indent=1) + "\n")
    for e in entries:
        bucket = summary.negatives if e["negative"] else summary.truth
        bucket[e["type"]] = bucket.get(e["type"], 0) + 1
    summary.files = sorted(outputs.files) + ["scenario.json", "truth.json"]
    if tanker_calls:
        _write_tankers(out / "tankers.csv", fleet_list)
        summary.files.append("tankers.csv")
    (out / "scenario.json").write_text(json.dumps(_manifest(summary, fleet_list, holes, start), indent=1) + "\n")
    summary.seconds = round(time.perf_counter() - began, 3)
    return summary


def _plan(rng: np.random.Generator, count: int, horizon: float, truth: plant.Truth,
          tankers: tuple[np.random.Generator, int] | None = None) -> tuple[list[Vessel], list[sample.Hole]]:
    pool = fleet.MmsiPool(rng)
    plot = plant.Plot(rng, horizon)
    copies = max(1, count // 1000)
    planted: list[Vessel] = []
    for story in STORIES:
        for i in range(copies):
            planted.extend(story(rng, pool, plot, truth, horizon, i))
    if tankers and tankers[1]:
        own = fleet.MmsiPool(tankers[0])
        own.used, own.imos = pool.used, pool.imos          # one set of numbers: no MMSI or IMO twice
        planted.extend(plant.tanker_calls(tankers[0], own, horizon, tankers[1]))
    rest = count - len([v for v in planted if v.role != "clone_copy"])
    fishing_total = max(12, int(0.35 * rest))
    fishers: list[Vessel] = []
    weights = np.array([g.weight for g in world.GROUNDS])
    shares = np.maximum(6, np.floor(fishing_total * weights / weights.sum())).astype(int)
    hauling_ground = "yellow-sea"
    for ground, members in zip(world.GROUNDS, shares):
        # one formation per ground: fleets wandering the same ground independently would cross
        hauling = None
        if ground.id == hauling_ground:
            hauling = (float(rng.uniform(0.3, 0.7)) * horizon, float(rng.uniform(5.0, 6.5)))
        fleet_vessels = fleet.fishing_fleet(rng, pool, ground, int(members), horizon, hauling)
        if hauling:
            for v in fleet_vessels:
                v.label = "fishing fleet hauling slowly (near miss for loitering)"
                truth.add("loitering", [v.mmsi], hauling[0], hauling[0] + hauling[1] * H, v.label, negative=True)
        fishers.extend(fleet_vessels)
    lanes = [fleet.sail_lanes(fleet.new_vessel(rng, pool, "lane"), rng, horizon)
             for _ in range(max(0, count - len(planted) - len(fishers)))]
    _outliers(rng, lanes, horizon, truth, max(1, count // 100))
    everyone = planted + fishers + lanes
    for v in everyone:
        v.extra.update(phase=float(rng.uniform(0, v.interval)), static_phase=float(rng.uniform(0, sample.STATIC_INTERVAL)),
                       moored_heading=int(rng.integers(0, 360)))
    holes = []
    for site in world.HOLE_SITES:
        t0 = float(rng.uniform(14 * H, max(14 * H, horizon - 16 * H)))
        holes.append(sample.Hole(site.id, site.box, t0, t0 + float(rng.uniform(7.0, 9.5)) * H, site.label))
    return everyone, holes


def _outliers(rng, lanes: list[Vessel], horizon: float, truth: plant.Truth, count: int) -> None:
    """Single stray fixes 20-40 km off track that come straight back: noise, not an identity event."""
    rings = [world.ring_box(site.box) for site in world.HOLE_SITES]
    placed = 0
    for v in lanes:
        if placed == count:
            break
        for _ in range(30):
            t = float(rng.uniform(6 * H, horizon - 6 * H))
            lat, lon = (float(x) for x in v.position_at(t))
            far = all(world.haversine_km(lat, lon, la, lo) > 60 for _, la, lo in world.WATCH_PORTS)
            far &= all(world.haversine_km(lat, lon, p.lat, p.lon) > 20 for p in world.PORTS.values())
            if far and lat < 37.5 and not any(world.in_box(lat, lon, r) for r in rings):
                km, angle = float(rng.uniform(20, 40)), float(rng.uniform(0, 2 * math.pi))
                la2, lo2 = world.offset(lat, lon, km * math.sin(angle), km * math.cos(angle))
                v.outliers.append((t, la2 - lat, lo2 - lon))
                v.label = "single outlier fix (near miss for identity speed)"
                truth.add("identity", [v.mmsi], t - 1800, t + 1800, f"{v.label}: {km:.0f} km off", negative=True)
                placed += 1
                break


def _variants(vessels: list[Vessel]) -> tuple[list[Variant], dict[int, list[tuple[float, int]]]]:
    variants: list[Variant] = []
    known: dict[tuple, int] = {}
    by_vessel: dict[int, list[tuple[float, int]]] = {}
    for v in vessels:
        changes = sorted({-1e12} | {i.since for i in v.identities} | {t for t, _ in v.destinations})
        starts = []
        for t in changes:
            ident = [i for i in v.identities if i.since <= t] or v.identities[:1]
            dest = [d for s, d in v.destinations if s <= t] or [""]
            ident = ident[-1]
            key = (v.mmsi, ident.name, ident.call_sign, ident.imo, v.ship_type, v.length, v.width, dest[-1],
                   v.ais_class == "B")
            if key not in known:
                known[key] = len(variants)
                variants.append(Variant(*key))
            if not starts or starts[-1][1] != known[key]:
                starts.append((t, known[key]))
        by_vessel[id(v)] = starts
    return variants, by_vessel


def _hole_silences(vessels: list[Vessel], silences: truth_mod.SilenceLog, traffic: truth_mod.TrafficGrid,
                   holes: list[sample.Hole], truth: plant.Truth) -> int:
    """Silences in a receiver outage are near misses for gap when the vessels around the silence's
    start fell silent too (gap-v1's coverage rule: neighbours' rate below 20 % of the 12 h before).
    A ship that sails into an outage starts its silence at the edge, where the neighbours outside are
    still heard: by the rule that is a gap, and the truth lists it as one. A silence nothing explains
    is a generator bug, counted so tests can insist on none."""
    unexpected = 0
    for g, a, b, lat, lon in silences.silences:
        v = vessels[g]
        planted = [e for e in truth.entries if e["type"] == "gap" and not e["negative"] and v.mmsi in e["vessels"]
                   and e["start"] - H <= a and b <= e["end"] + H]
        for e in planted:          # the silence as heard: last fix before, first fix after
            e["start"], e["end"] = a, b
        if planted or v.role == "clone_copy":
            continue
        hole = next((h for h in holes if h.start - 2 * H <= a and b <= h.end + 2 * H), None)
        if hole is None:
            unexpected += 1
            continue
        ratio, neighbours = traffic.coverage(lat, lon, a, b, own_before=silences.own_fixes(g, a, lat, lon))
        if neighbours < MIN_NEIGHBOUR_FIXES:
            truth.add("gap", [v.mmsi], a, b, f"silent in {hole.id} with too few neighbours heard before "
                      f"({neighbours}) to tell an outage from a switch-off: the coverage rule keeps it")
        elif ratio < COVERAGE_DROP:
            truth.add("gap", [v.mmsi], a, b, f"silent in {hole.id} ({hole.label}); neighbours' rate "
                      f"{ratio:.2f} of before", negative=True)
        else:
            truth.add("gap", [v.mmsi], a, b, f"silence starting at the edge of {hole.id}: neighbours still "
                      f"heard at {ratio:.2f} of their rate before, so the coverage rule keeps it")
    return unexpected


def _write_tankers(path: Path, vessels: list[Vessel]) -> None:
    """The planted tankers' capacities, in the layout ``sanctionwatch petroleum tally --capacities`` reads."""
    lines = ["imo,mmsi,name,dwt,capacity_bbl,product,cargo_bbl,laden_fraction,source"]
    for v in vessels:
        if "capacity_bbl" in v.extra:
            x = v.extra
            lines.append(f"{v.identities[0].imo},{v.mmsi},{v.identities[0].name},{x['dwt']},{x['capacity_bbl']},"
                         f"diesel,{x['cargo_bbl']},{x['laden_fraction']},scenario plan")
    path.write_text("\n".join(lines) + "\n")


def _manifest(summary: ScenarioSummary, vessels: list[Vessel], holes: list[sample.Hole], start: datetime) -> dict:
    return {
        "generator": GENERATOR, "source": SOURCE, "seed": summary.seed, "start": summary.start,
        "days": summary.days, "counts": {"vessels": summary.vessels, "positions": summary.positions,
                                         "statics": summary.statics, "truth": summary.truth,
                                         "negatives": summary.negatives},
        "holes": [{"id": h.id, "box": list(h.box), "start": truth_mod.iso(start, h.start),
                   "end": truth_mod.iso(start, h.end), "label": h.label} for h in holes],
        "vessels": [{"mmsi": v.mmsi, "imo": v.identities[0].imo, "name": v.identities[0].name,
                     "names": [i.name for i in v.identities] if len(v.identities) > 1 else None,
                     "role": v.role, "hull": v.hull or None, "class": v.ais_class, "ship_type": v.ship_type,
                     "label": v.label or None, "transmits": bool(v.on_intervals(summary.days * 24 * H)),
                     **({k: v.extra[k] for k in ("dwt", "capacity_bbl", "cargo_bbl")} if "capacity_bbl" in v.extra
                        else {})}
                    for v in vessels],
    }
