"""The demo run: everything from data shipped in the package, nothing from the network."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from sanctionwatch.lists.catalog import list_stats, show_entity
from sanctionwatch.lists.releases import load_lists
from sanctionwatch.store import open_store

DEMO_FILES = ("un_sc_demo.xml", "un_1718_vessels_demo.csv", "ofac_sdn_demo.csv")
# A Hangul rendering, a Revised-Romanization spelling and a renamed ship with its IMO number.
DEMO_QUERIES = (
    {"schema": "Person", "properties": {"name": ["라경수"]}},
    {"schema": "Person", "properties": {"name": ["Ra Kyung-su"], "birthDate": ["1954-06-04"]}},
    {"schema": "Vessel", "properties": {"name": ["EVER BRIGHT 88"], "imoNumber": ["8914934"]}},
)


def demo_files() -> list[Path]:
    folder = resources.files("sanctionwatch") / "data" / "demo"
    return [Path(str(folder / name)) for name in DEMO_FILES]


def run_demo(home: Path | None = None) -> dict[str, Any]:
    store = open_store(home=home.expanduser().resolve() if home is not None else None)
    loads = []
    for path in demo_files():
        # The shipped samples hold a handful of designations, far below a real list's expected
        # count, so the count guard is waived for them on purpose.
        for result in load_lists([path], force=True, note="demo sample shipped with sanctionwatch", store=store):
            loads.append(result.to_dict())
    highlights = []
    person = show_entity("KPi.008", store=store)
    highlights.append(f"KPi.008 {person['caption']}: aliases {', '.join(sorted(person['properties'].get('alias', [])))}; "
                      f"{len([r for r in person['related'] if r['schema'] == 'Passport'])} passport")
    vessel = show_entity("8914934", store=store)
    highlights.append(f"IMO 8914934 listed by {', '.join(l['source'] for l in vessel['listings'])} as "
                      f"{' / '.join(sorted(vessel['properties'].get('name', [])))}")
    from sanctionwatch.screening.screener import screen

    for query in DEMO_QUERIES:
        result = screen(query, store=store, limit=1, channel="demo")
        name = query["properties"]["name"][0]
        if result.results:
            top = result.results[0]
            highlights.append(f"screen {name!r}: {top['caption']} ({top['reference']}) score {top['score']:.2f}"
                              f"{' MATCH' if top['match'] else ''}")
        else:
            highlights.append(f"screen {name!r}: no candidate")
    return {"loads": loads, "stats": list_stats(store=store), "highlights": highlights,
            "store": store.engine.url.render_as_string(hide_password=True),
            "maritime": run_maritime(store.home, store)}


def run_maritime(home: Path, store: Any, seed: int = 7, progress: Any = None) -> dict[str, Any]:
    """Generate a scenario with planted evasion, ingest its NMEA, run every detector, score the events."""
    from sanctionwatch.maritime.detect import detect
    from sanctionwatch.maritime.ingest import ingest
    from sanctionwatch.maritime.scenario import generate, score

    out = home / "scenario-demo"
    scenario = generate(out, seed=seed, vessels=120, days=4, formats=("nmea",), progress=progress)
    ingested = ingest(sorted((out / "nmea").glob("*.nmea")), home=home, progress=progress)
    run = detect(home=home, list_store=store, progress=progress)
    report = score(out / "truth.json", run.events)
    return {"scenario": scenario.to_dict(), "ingest": ingested.to_dict(), "run": run.summary(),
            "events": [e.to_dict() for e in run.events], "score": report.to_dict()}
