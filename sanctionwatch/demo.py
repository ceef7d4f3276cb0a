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


def run_demo(home: Path | None = None, progress: Any = None, pdf: bool = True) -> dict[str, Any]:
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
            "maritime": run_maritime(store.home, store, progress=progress, pdf=pdf)}


def run_maritime(home: Path, store: Any, seed: int = 7, progress: Any = None, pdf: bool = True) -> dict[str, Any]:
    """Generate a scenario with planted evasion, then the monitoring run on its NMEA: ingest, detect,
    screen, open cases, write to the flag States, build the report; score the events against the truth."""
    from sanctionwatch import cases
    from sanctionwatch.maritime.scenario import generate, score
    from sanctionwatch.monitor.run import report_period, run_monitoring

    out = home / "scenario-demo"
    scenario = generate(out, seed=seed, vessels=120, days=4, formats=("nmea",), progress=progress)
    feed = f"AIS feed: sanctionwatch synthetic scenario (seed {seed})"
    title = f"Demonstration report: synthetic AIS scenario (seed {seed})"
    # The report is built once the scenario's correspondence is in, so it shows a reply and a dissent.
    monitoring = run_monitoring(sorted((out / "nmea").glob("*.nmea")), store=store, feed=feed, report_dir=None,
                                actor="sanctionwatch demo",
                                progress=progress)
    _scenario_correspondence(monitoring, store)
    from sanctionwatch.reports import build_report

    report = build_report(home / "report-demo", period=report_period(monitoring.events), title=title, store=store,
                          home=home, pdf=pdf, progress=progress)
    truth = score(out / "truth.json", [_event(e) for e in monitoring.events])
    result = monitoring.to_dict()
    result.update({"scenario": scenario.to_dict(), "run": monitoring.detection, "events": monitoring.events,
                   "score": truth.to_dict(), "report": report.to_dict(),
                   "verify": cases.verify_cases(store=store)})
    return result


def _event(data: dict[str, Any]) -> Any:
    from sanctionwatch.maritime.events import Event, parse_time

    fields = {k: v for k, v in data.items() if k not in ("id", "duration_hours")}
    fields["start"], fields["end"] = parse_time(data["start"]), parse_time(data["end"])
    return Event(**fields)


def _scenario_correspondence(monitoring: Any, store: Any) -> None:
    """What the scenario's parties answered. Written for the synthetic scenario and labelled so: a
    reply to the first ship-to-ship case, and one reviewer's dissent on the first AIS-silence claim."""
    from datetime import timedelta

    from sanctionwatch import cases

    built = monitoring.cases.cases
    sts = [c for c in built if c["typology"] == "sts-transfer"]
    if sts:
        letters = cases.case_dossier(sts[0]["id"], store=store)["correspondence"]
        if letters:
            letter = letters[0]
            from sanctionwatch.maritime.events import parse_time

            cases.record_reply(letter["id"], received_at=parse_time(letter["sent_at"]) + timedelta(days=20),
                               summary="[Synthetic scenario] The State replies that the vessel was taking on "
                                       "provisions from a supply boat and encloses no documents.",
                               assessment="The reply names no counterpart and gives no cargo or bunker records; the "
                                          "other vessel is not a supply boat. The finding is maintained.",
                               store=store, actor="demo")
    dark = [c for c in built if c["typology"] == "ais-disabling"]
    if dark and dark[0]["claims"]:
        cases.add_review(dark[0]["claims"][0], reviewer="reviewer B (synthetic scenario)", view="minority",
                         text="One reviewer considers a transponder fault as likely as deliberate disabling while "
                              "no imagery of the vessel during the silence is available.",
                         store=store, actor="demo")
