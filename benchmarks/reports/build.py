"""Report build times: (a) the demo report, (b) a report of 1,000 events.

    .venv/bin/python benchmarks/reports/build.py [--events 1000] [--per-case 10] [--no-demo]

(a) runs the demo (lists, scenario, ingest, detection, cases) in a temporary home, then rebuilds its
report and times the phases. (b) opens cases through the real cases API in a temporary home, each
with ``--per-case`` synthetic maritime events (with the fixes a report draws), two vessels, evidence,
claims and a letter, and builds the report of all of them. For each: seconds to collect, draw the
maps, write the HTML and render the PDF; pages; file sizes; the load average. There is no peer:
the figures are absolute. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TYPES = (("encounter", "encounter-v1", "sts-transfer"), ("gap", "gap-v1", "ais-disabling"),
         ("loitering", "loitering-v1", "sts-transfer"), ("port_visit", "port-visit-v1", "prohibited-port-call"),
         ("identity", "identity-v1", "identity-fraud"))
# Centres of activity the scenario also uses: Korea Bay, Cho-do, off Wonsan, East China Sea, Rajin.
CENTRES = ((39.2, 124.0), (38.6, 125.0), (39.3, 128.0), (31.0, 125.5), (42.0, 130.6))


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _sizes(out: Path) -> str:
    html = (out / "report.html").stat().st_size
    pdf = (out / "report.pdf").stat().st_size if (out / "report.pdf").exists() else 0
    figures = list((out / "figures").glob("*.png"))
    return (f"report.html {html / 1024:,.0f} KiB, report.pdf {pdf / 1024 / 1024:,.1f} MiB, "
            f"{len(figures)} maps {sum(f.stat().st_size for f in figures) / 1024 / 1024:,.1f} MiB")


def _print(label: str, result, wall: float, out: Path) -> None:
    s = result.seconds
    print(f"{label}: {result.counts['cases']} cases, {result.counts['events']} events, "
          f"{result.counts['vessels']} vessels, {result.counts['evidence']} evidence items")
    print(f"  collect {s.get('collect', 0):.2f} s | figures {s.get('figures', 0):.2f} s | "
          f"html {s.get('html', 0):.2f} s | pdf {s.get('pdf', 0):.2f} s | total {wall:.2f} s")
    print(f"  {result.pages} pages; {_sizes(out)}")
    print(f"  {_load()}")


def demo_report(work: Path) -> None:
    from sanctionwatch.demo import run_demo
    from sanctionwatch.reports.build import build_report
    from sanctionwatch.store import open_store

    home = work / "demo-home"
    os.environ["SANCTIONWATCH_HOME"] = str(home)
    started = time.perf_counter()
    summary = run_demo(home, pdf=False)
    print(f"demo pipeline (lists, scenario, ingest, detect, cases; not timed below): "
          f"{time.perf_counter() - started:.1f} s")
    period = summary["maritime"]["report"]["manifest"]["period"]
    title = summary["maritime"]["report"]["manifest"]["title"]
    store = open_store(home=home)
    try:
        out = work / "demo-report"
        started = time.perf_counter()
        result = build_report(out, period=(date.fromisoformat(period[0]), date.fromisoformat(period[1]))
                              if period else None, title=title, store=store, home=home, pdf=True)
        wall = time.perf_counter() - started
    finally:
        store.dispose()
    _print("(a) demo report", result, wall, out)


def _event(rng: random.Random, n: int, start: datetime, vessels: list[int]) -> dict:
    kind, detector, _typology = TYPES[n % len(TYPES)]
    lat0, lon0 = CENTRES[n % len(CENTRES)]
    lat, lon = lat0 + rng.uniform(-0.6, 0.6), lon0 + rng.uniform(-0.6, 0.6)
    hours = rng.uniform(2, 20)
    end = start + timedelta(hours=hours)
    involved = vessels if kind == "encounter" else vessels[:1]
    positions = []
    steps = 12
    heading = rng.uniform(0, 2 * math.pi)
    for mmsi_i, mmsi in enumerate(involved):
        for k in range(steps):
            t = start + timedelta(hours=hours * k / (steps - 1))
            d = 0.02 * (k - steps / 2)
            positions.append([mmsi, t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                              round(lat + d * math.sin(heading) + 0.002 * mmsi_i, 5),
                              round(lon + d * math.cos(heading) + 0.002 * mmsi_i, 5)])
    key = f"bench-{n:05d}"
    return {"id": key, "type": kind, "vessels": sorted(involved), "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"), "lat": round(lat, 5), "lon": round(lon, 5),
            "detector": detector, "params": {"synthetic": True, "min_hours": 2},
            "details": {}, "positions": positions, "duration_hours": round(hours, 3)}


def synthetic_report(work: Path, events: int, per_case: int) -> None:
    from sanctionwatch import cases
    from sanctionwatch.demo import demo_files
    from sanctionwatch.lists.releases import load_lists
    from sanctionwatch.reports.build import build_report
    from sanctionwatch.store import open_store

    home = work / "synthetic-home"
    os.environ["SANCTIONWATCH_HOME"] = str(home)
    store = open_store(home=home)
    rng = random.Random(1718)
    started = time.perf_counter()
    try:
        for path in demo_files():
            load_lists([path], force=True, store=store)
        base = datetime(2026, 1, 1)
        n_cases = math.ceil(events / per_case)
        made = 0
        for c in range(n_cases):
            _kind, _detector, typology = TYPES[c % len(TYPES)]
            opened = cases.open_case(typology, f"Synthetic case {c + 1}", summary="Benchmark case.",
                                     period_start=base + timedelta(days=c % 28),
                                     period_end=base + timedelta(days=c % 28 + 2), store=store, actor="bench")
            vessels = [445000000 + 1000 * c + 1, 351000000 + 1000 * c + 2]
            for i, mmsi in enumerate(vessels):
                cases.link(opened["id"], "vessel", f"mmsi:{mmsi}", label=f"BENCH {c}-{i}",
                           data={"mmsi": mmsi, "imo": None, "name": f"BENCH {c}-{i}", "flag": None},
                           store=store, actor="bench")
            for k in range(min(per_case, events - made)):
                event = _event(rng, made, base + timedelta(days=c % 28, hours=k * 3), vessels)
                cases.link(opened["id"], "event", event["id"], label=f"{event['type']} {event['start']}",
                           data=event, store=store, actor="bench")
                made += 1
            items = [cases.add_evidence(f"bench evidence {c}-{j}".encode(), filename=f"bench-{c}-{j}.txt",
                                        kind="document", source=origin, source_kind=kind, origin_chain=[origin],
                                        reliability=grade, credibility=2, case_id=opened["id"],
                                        title=f"Evidence {j} of case {c + 1}", store=store, actor="bench")
                     for j, (origin, kind, grade) in enumerate((("AIS feed", "ais_provider", "C"),
                                                                 ("Imagery vendor", "commercial_imagery", "B")))]
            claim = cases.add_claim(opened["id"], f"Claim of case {c + 1}.", evidence_ids=[i["id"] for i in items],
                                    store=store, actor="bench")
            cases.add_claim(opened["id"], "A second claim on one source.", evidence_ids=[items[0]["id"]],
                            store=store, actor="bench")
            cases.send_letter(opened["id"], party="Flag State", party_kind="state", subject="Request",
                              summary="Registry records", sent_at=base + timedelta(days=c % 28 + 3),
                              claim_id=claim["id"], store=store, actor="bench")
        print(f"setup: {n_cases} cases with {made} events through the cases API: {time.perf_counter() - started:.1f} s")
        out = work / "synthetic-report"
        started = time.perf_counter()
        result = build_report(out, period=(date(2026, 1, 1), date(2026, 2, 28)), store=store, home=home,
                              title=f"Benchmark report: {made} synthetic events", pdf=True)
        wall = time.perf_counter() - started
    finally:
        store.dispose()
    _print(f"(b) report of {made} events", result, wall, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--per-case", type=int, default=10)
    parser.add_argument("--no-demo", action="store_true", help="Skip (a).")
    parser.add_argument("--keep", type=Path, help="Build in this folder and keep it (default: a temporary one).")
    args = parser.parse_args()
    print(_load())
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep
        if not args.no_demo:
            demo_report(work)
        synthetic_report(work, args.events, args.per_case)
        return
    with tempfile.TemporaryDirectory(prefix="sw-bench-report-") as tmp:
        if not args.no_demo:
            demo_report(Path(tmp))
        synthetic_report(Path(tmp), args.events, args.per_case)


if __name__ == "__main__":
    main()
