"""``sanctionwatch demo``: the main job on the embedded default, from the data the project ships."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from sanctionwatch.cli.output import console, print_table, progress_bar


def demo(home: Optional[Path] = typer.Option(None, help="Data home for the demo (default: the configured home)."),
         pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Render the report's PDF too.")) -> None:
    """The whole monitoring run on shipped data, offline: lists, a scenario's AIS, detection, screening,
    cases with evidence, the Panel-style report."""
    from sanctionwatch.demo import run_demo

    with progress_bar("demo") as progress:
        summary = run_demo(home, progress=progress, pdf=pdf)
    for result in summary["loads"]:
        console.print(result["message"])
    print_table(summary["stats"], ["source", "program", "schema", "count"], title="Designations loaded")
    for line in summary["highlights"]:
        console.print(line)
    console.print(f"store: {summary['store']}")
    _maritime(summary["maritime"])


def _maritime(m: dict) -> None:
    from sanctionwatch.maritime.export import key_details

    sc, ing = m["scenario"], m["ingest"]
    console.print(f"\nAIS scenario (seed {sc['seed']}): {sc['vessels']} vessels, {sc['days']} days -> "
                  f"{ing['positions_kept']:,} positions ingested from NMEA")
    # Zone entries and port visits are many and routine; the table shows what a monitor acts on.
    shown = [e for e in m["events"] if e["type"] not in ("zone_entry", "port_visit")]
    print_table([{"type": e["type"], "vessels": " ".join(map(str, e["vessels"])), "start": e["start"],
                  "hours": f"{e['duration_hours']:.1f}", "where": f"{e['lat']:.3f},{e['lon']:.3f}",
                  "details": key_details(e)} for e in shown],
                ["type", "vessels", "start", "hours", "where", "details"],
                title=f"Events found ({len(m['events'])} in all; port visits and zone entries not shown)")
    rows = [{"type": t["type"], "planted": t["truth"], "found": t["found"], "events": t["events"]}
            for t in m["score"]["types"]]
    print_table(rows, ["type", "planted", "found", "events"], title="Against the scenario's truth")
    pct = lambda x: "n/a" if x is None else f"{x:.0%}"  # noqa: E731
    console.print(f"precision {pct(m['score']['precision'])}, recall {pct(m['score']['recall'])}; "
                  f"near misses reported: {len(m['score']['negatives_reported'])}")
    _cases(m)


def _cases(m: dict) -> None:
    from collections import Counter

    built = m["cases"]["cases"]
    by_type = Counter(c["typology"] for c in built)
    print_table([{"typology": t, "cases": n} for t, n in sorted(by_type.items())], ["typology", "cases"],
                title=f"Cases opened ({len(built)}; {m['cases']['evidence']} evidence items, "
                      f"{m['cases']['screenings']} vessels screened, {m['letters']} letters to flag States)")
    report, verify = m["report"], m["verify"]
    counts = report.get("counts", {})
    if counts:
        console.print("report: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())
                                             if isinstance(v, (int, float, str))))
    console.print(f"audit trail: {'intact' if verify['ok'] else 'BROKEN: ' + str(verify['first_broken'])} "
                  f"({verify['entries']} entries, {verify['evidence_checked']} evidence files re-hashed)")
    # Paths are printed whole on one line (no wrapping) so they can be copied and parsed.
    console.print(f"HTML: {report['html_path']}", soft_wrap=True, highlight=False)
    if report.get("pdf_path"):
        console.print(f"PDF:  {report['pdf_path']}", soft_wrap=True, highlight=False)
