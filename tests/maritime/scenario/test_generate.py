"""The generator: deterministic output, sane identities, and truth that holds physically: what is
planted clears the detectors' thresholds in the generated positions, and nothing else does."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.mid import mid_table
from sanctionwatch.maritime.scenario import generate, world

PORTS_SQL = "(VALUES " + ", ".join(f"('{p.id}', '{p.country}', {p.lat}, {p.lon}, {str(p.watch).lower()})"
                                  for p in world.PORTS.values()) + ") AS p(id, country, plat, plon, watch)"


def dist_km(a_lat, a_lon, b_lat, b_lon) -> str:
    return (f"2 * 6371.0088 * asin(sqrt(pow(sin(radians({b_lat} - {a_lat}) / 2), 2) + cos(radians({a_lat})) "
            f"* cos(radians({b_lat})) * pow(sin(radians({b_lon} - {a_lon}) / 2), 2)))")


@pytest.fixture(scope="module")
def con(scenario):
    c = duckdb.connect()
    c.register("positions", scenario["positions"])
    c.register("statics", scenario["statics"])
    c.execute("""CREATE TABLE bins AS SELECT mmsi, floor(epoch(ts) / 600) AS bin, avg(lat) AS lat, avg(lon) AS lon,
                 avg(sog) AS sog FROM positions GROUP BY ALL""")
    return c


def truth_of(scenario, type_, negative=None):
    return [e for e in scenario["truth"] if e["type"] == type_ and (negative is None or e["negative"] == negative)]


def vessel(scenario, role):
    return [v for v in scenario["manifest"]["vessels"] if v["role"] == role]


def test_same_seed_same_bytes_other_seed_other_scenario(tmp_path):
    outs = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate(tmp_path / name, seed=seed, vessels=60, days=2, formats=("nmea", "csv", "parquet"))
        outs.append(tmp_path / name)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert len(files) == 7  # 2 nmea days, csv, 2 parquet, truth, manifest
    for rel in files:
        assert (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes(), rel
    assert (outs[0] / "truth.json").read_bytes() != (outs[2] / "truth.json").read_bytes()


def test_refuses_what_it_cannot_plant(tmp_path):
    with pytest.raises(ConfigError, match="--days 1"):
        generate(tmp_path, days=1)
    with pytest.raises(ConfigError, match="--format"):
        generate(tmp_path, formats=("xml",))


def test_every_planted_story_and_near_miss_is_in_truth(scenario):
    positives = {e["type"] for e in scenario["truth"] if not e["negative"]}
    assert positives == {"gap", "encounter", "loitering", "identity", "port_visit", "zone_entry", "designated_vessel"}
    negatives = {e["type"] for e in scenario["truth"] if e["negative"]}
    assert negatives == {"gap", "encounter", "loitering", "identity"}
    labels = " | ".join(e["label"] for e in scenario["truth"])
    for words in ("CHON MA SAN", "SAM MA 2", "LADY R", "two ships", "check digit", "renamed", "moored",
                  "overtaking", "hauling", "outlier", "silent in hole"):
        assert words in labels
    assert scenario["summary"].unexpected_gaps == 0


def test_identities_valid_except_the_forged_imo(scenario, con):
    mids = mid_table()
    mmsis = [r[0] for r in con.execute("SELECT DISTINCT mmsi FROM positions").fetchall()]
    assert all(m // 1_000_000 in mids for m in mmsis)
    imos = {r[0]: r[1] for r in con.execute("SELECT DISTINCT imo, mmsi FROM statics WHERE imo IS NOT NULL").fetchall()}
    bad = {imo for imo in imos if not world.valid_imo(imo)}
    forged = vessel(scenario, "forged_imo")
    assert bad == {v["imo"] for v in forged} and len(bad) == 1
    assert {8660313, 8106496, 9161003} <= set(imos)
    kp = con.execute("SELECT DISTINCT mmsi FROM positions WHERE mmsi // 1000000 = 445").fetchall()
    assert {r[0] for r in kp} == {e["vessels"][0] for e in truth_of(scenario, "identity", False)
                                  if "MID 445" in e["label"]}


def test_silences_are_exactly_the_planted_gaps_and_the_holes(scenario, con):
    clone = {v["mmsi"] for v in vessel(scenario, "clone_copy")}
    rows = con.execute("""SELECT mmsi, prev, ts FROM (SELECT mmsi, ts, lag(ts) OVER (PARTITION BY mmsi ORDER BY ts) AS prev
                      FROM positions) WHERE epoch(ts) - epoch(prev) >= 6 * 3600""").fetchall()
    found = {(m, p.strftime("%Y-%m-%dT%H:%M:%SZ")) for m, p, _ in rows if m not in clone}
    listed = {(e["vessels"][0], e["start"]) for e in truth_of(scenario, "gap")}
    planted = {(e["vessels"][0], e["start"]) for e in truth_of(scenario, "gap", False)}
    assert found == listed
    durations = {(m, p.strftime("%Y-%m-%dT%H:%M:%SZ")): (t - p).total_seconds() / 3600 for m, p, t in rows}
    assert len(planted) == 2 and all(durations[k] >= 13 for k in planted)   # likely disabling: >= 12 h


def coverage_ratio(con, mmsi, start, end) -> float:
    """gap-v1's coverage rule, written independently: other vessels' fixes per hour in the 3x3 cells of
    0.5 degrees around the gap start, during the gap / in the 12 h before."""
    lat, lon = con.execute(f"SELECT lat, lon FROM positions WHERE mmsi = {mmsi} AND ts = TIMESTAMP '{start}'").fetchone()
    cx, cy = np.floor(lon / 0.5), np.floor(lat / 0.5)
    near = f"abs(floor(lon / 0.5) - {cx}) <= 1 AND abs(floor(lat / 0.5) - {cy}) <= 1 AND mmsi <> {mmsi}"
    during = con.execute(f"""SELECT count(*) FROM positions WHERE {near}
                        AND ts > TIMESTAMP '{start}' AND ts < TIMESTAMP '{end}'""").fetchone()[0]
    before = con.execute(f"""SELECT count(*) FROM positions WHERE {near}
                        AND ts >= TIMESTAMP '{start}' - INTERVAL 12 HOUR AND ts < TIMESTAMP '{start}'""").fetchone()[0]
    hours = (np.datetime64(end.rstrip("Z")) - np.datetime64(start.rstrip("Z"))) / np.timedelta64(1, "h")
    return (during / hours) / (before / 12) if before else float("inf")


def test_hole_silences_look_like_coverage_holes_and_planted_ones_do_not(scenario, con):
    for e in truth_of(scenario, "gap"):
        ratio = coverage_ratio(con, e["vessels"][0], e["start"], e["end"])
        if e["negative"]:
            assert ratio < 0.2, e
        elif "edge of" in e["label"]:                 # sailed into an outage: neighbours outside still heard
            assert ratio > 0.15, e
        else:
            assert ratio > 0.5, e


def close_bins(con, km=0.5, slow=None):
    """10-minute bins in which two vessels' mean positions lie within ``km`` (both slower than ``slow``)."""
    speed = f"AND a.sog < {slow} AND b.sog < {slow}" if slow else ""
    return con.execute(f"""SELECT a.mmsi, b.mmsi, a.bin, a.lat, a.lon, greatest(a.sog, b.sog)
                      FROM bins a JOIN bins b ON a.bin = b.bin AND a.mmsi < b.mmsi
                      AND abs(a.lat - b.lat) < 0.01 AND abs(a.lon - b.lon) < 0.015
                      WHERE {dist_km('a.lat', 'a.lon', 'b.lat', 'b.lon')} < {km} {speed}""").fetchall()


def test_only_the_sts_pair_meets_away_from_ordinary_ports(scenario, con):
    sts = truth_of(scenario, "encounter", False)[0]
    ordinary = [p for p in world.PORTS.values() if p.country != "KP"]
    pairs: dict[tuple[int, int], list[float]] = {}
    for m1, m2, _, lat, lon, sog in close_bins(con, slow=2.0):
        if not any(world.haversine_km(lat, lon, p.lat, p.lon) < 10 for p in ordinary):
            pairs.setdefault((m1, m2), []).append(sog)
    long_slow = {pair: sogs for pair, sogs in pairs.items() if len(sogs) >= 12}
    assert list(long_slow) == [tuple(sts["vessels"])]
    sogs = long_slow[tuple(sts["vessels"])]
    assert len(sogs) >= 4 * 6 and np.median(sogs) < 1.0        # >= 4 h within 500 m, below 1 kn
    overtaking = next(e for e in truth_of(scenario, "encounter", True) if "overtaking" in e["label"])
    bins = [row for row in close_bins(con) if [row[0], row[1]] == overtaking["vessels"]]
    assert 1 <= len(bins) <= 3                                 # about 10 minutes, not 2 hours


def test_fishing_vessels_keep_1_5_km_apart(con):
    # fixes less than a minute apart: at 4.5 kn a vessel moves under 150 m in that time
    rows = con.execute(f"""WITH f AS (SELECT mmsi, ts, lat, lon, floor(epoch(ts) / 60) AS minute FROM positions
                          WHERE mmsi IN (SELECT mmsi FROM statics WHERE ship_type = 30))
                          SELECT min({dist_km('a.lat', 'a.lon', 'b.lat', 'b.lon')}), count(*) FROM f a JOIN f b
                          ON a.minute = b.minute AND a.mmsi < b.mmsi AND abs(a.lat - b.lat) < 0.1""").fetchone()
    assert rows[1] > 1000 and rows[0] > 1.5


def test_slow_hours_away_from_ports_are_only_planted(scenario, con):
    """loitering-v1's rule (hourly speed < 2 kn for >= 4 h, >= 20 km from ports, fishing excluded;
    relaxed in hot spots and DPRK waters, where the generator keeps port calls under 4 h)."""
    slow = con.execute("""SELECT mmsi, floor(epoch(ts) / 3600) AS hour, avg(lat), avg(lon) FROM positions
                      WHERE mmsi NOT IN (SELECT mmsi FROM statics WHERE ship_type = 30)
                      GROUP BY ALL HAVING avg(sog) < 2 ORDER BY mmsi, hour""").fetchall()
    runs: list[tuple[int, int, float, float]] = []        # mmsi, hours, mean lat, mean lon
    current: list = []
    for mmsi, hour, lat, lon in slow + [(None, None, None, None)]:
        if current and (mmsi != current[-1][0] or hour != current[-1][1] + 1):
            runs.append((current[0][0], len(current), float(np.mean([c[2] for c in current])),
                         float(np.mean([c[3] for c in current]))))
            current = []
        current.append((mmsi, hour, lat, lon))
    loiterers = {e["vessels"][0] for e in truth_of(scenario, "loitering", False)}
    sts = set(truth_of(scenario, "encounter", False)[0]["vessels"])
    long_runs = [r for r in runs if r[1] >= 4]
    assert loiterers <= {r[0] for r in long_runs}
    # every other long slow spell is a call at an ordinary port (neither a hot spot nor DPRK waters)
    for mmsi, hours, lat, lon in long_runs:
        if mmsi in loiterers | sts:
            continue
        assert any(world.haversine_km(lat, lon, p.lat, p.lon) < 5 for p in world.PORTS.values()
                   if p.country != "KP"), (mmsi, hours, lat, lon)
        assert not any(world.in_box(lat, lon, box) for box in world.HOTSPOTS.values()), mmsi


def test_watched_ports_only_see_listed_visits(scenario, con):
    visits = {}
    for e in truth_of(scenario, "port_visit", False):
        visits.setdefault(e["vessels"][0], []).append((np.datetime64(e["start"][:-1]), np.datetime64(e["end"][:-1])))
    for pid, lat, lon in world.WATCH_PORTS:
        rows = con.execute(f"SELECT mmsi, ts FROM positions WHERE {dist_km('lat', 'lon', lat, lon)} < 3").fetchall()
        for mmsi, ts in rows:
            t = np.datetime64(ts)
            slack = np.timedelta64(10, "m")      # truth is computed from the plan at 30 s steps
            assert any(a - slack <= t <= b + slack for a, b in visits.get(mmsi, [])), (pid, mmsi, ts)
    assert any(pid == "kp-rajin" for pid, *_ in world.WATCH_PORTS)
    rajin = [e for e in truth_of(scenario, "port_visit", False) if "RAJIN" in e["label"]]
    nampho = [e for e in truth_of(scenario, "port_visit", False) if "NAMPHO" in e["label"]]
    assert rajin and nampho


def test_cloned_mmsi_alternates_between_far_places(scenario, con):
    clone = next(e for e in truth_of(scenario, "identity", False) if "two ships" in e["label"])
    jumps = con.execute(f"""SELECT count(*) FROM (SELECT ts, lat, lon, lag(ts) OVER w AS pts, lag(lat) OVER w AS plat,
                       lag(lon) OVER w AS plon FROM positions WHERE mmsi = {clone['vessels'][0]}
                       AND ts BETWEEN TIMESTAMP '{clone['start']}' AND TIMESTAMP '{clone['start']}' + INTERVAL 24 HOUR
                       WINDOW w AS (ORDER BY ts))
                       WHERE {dist_km('plat', 'plon', 'lat', 'lon')} > 10
                       AND {dist_km('plat', 'plon', 'lat', 'lon')} / 1.852 / ((epoch(ts) - epoch(pts)) / 3600) > 50
                       """).fetchone()[0]
    assert jumps >= 100


def test_outlier_is_a_single_fix(scenario, con):
    for e in truth_of(scenario, "identity", True):
        rows = con.execute(f"""SELECT lat, lon FROM positions WHERE mmsi = {e['vessels'][0]}
                          AND ts BETWEEN TIMESTAMP '{e['start']}' AND TIMESTAMP '{e['end']}' ORDER BY ts""").fetchall()
        lat, lon = np.array(rows).T
        step = world.haversine_km(lat[:-1], lon[:-1], lat[1:], lon[1:])
        jumps = np.nonzero(step > 10)[0]
        assert len(jumps) == 2 and jumps[1] == jumps[0] + 1           # away and straight back
