"""``sanctionwatch scenario``: synthetic AIS with planted evasion, and scoring detections against it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional

import typer

from sanctionwatch.cli.output import Format, console, print_json, print_table, progress_bar

app = typer.Typer(help="Synthetic AIS scenarios with ground truth; score detected events against them.",
                  no_args_is_help=True)


@app.command("generate")
def generate_cmd(
    out: Path = typer.Option(..., "--out", help="Folder to write nmea/, csv/, parquet/, truth.json, scenario.json."),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed gives the same files."),
    vessels: int = typer.Option(200, "--vessels", help="Vessels in the scenario (planted ones included)."),
    days: int = typer.Option(7, "--days", help="Length of the scenario in days."),
    start: str = typer.Option("2026-01-05", "--start", help="Start (UTC), e.g. 2026-01-05 or 2026-01-05T00:00:00Z."),
    formats: str = typer.Option("nmea,csv", "--format", help="Comma-separated: nmea, csv, parquet."),
    tanker_calls: int = typer.Option(0, "--tanker-calls", help="Plant this many tanker calls at Nampho with known "
                                     "capacities and cargoes (0..30), for the petroleum tally."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Write a scenario: background traffic, planted evasion, near misses and the truth."""
    from sanctionwatch.maritime.events import parse_time
    from sanctionwatch.maritime.scenario import generate

    try:
        begin: datetime = parse_time(start)
    except ValueError:
        from sanctionwatch.errors import ConfigError

        raise ConfigError(f"--start {start!r}: expected a date or an ISO time such as 2026-01-05T00:00:00Z") from None
    with progress_bar("scenario") as progress:
        summary = generate(out, seed=seed, vessels=vessels, days=days, start=begin,
                           formats=[f for f in formats.split(",") if f.strip()], tanker_calls=tanker_calls,
                           progress=progress)
    if as_json:
        print_json(summary.to_dict())
        return
    console.print(f"{summary.vessels} vessels, {summary.positions:,} positions, {summary.statics:,} static "
                  f"reports in {summary.seconds:.1f} s -> {summary.out}")
    rows = [{"type": t, "planted": summary.truth.get(t, 0), "near misses": summary.negatives.get(t, 0)}
            for t in sorted(set(summary.truth) | set(summary.negatives))]
    print_table(rows, ["type", "planted", "near misses"], title="truth.json")


@app.command("score")
def score_cmd(
    truth: Path = typer.Option(..., "--truth", help="The scenario's truth.json."),
    events: Path = typer.Option(..., "--events", help="Detected events: a JSON list or a saved run (JSON lines)."),
    tolerance: float = typer.Option(1.0, "--tolerance-hours", help="Slack on each side of an interval."),
    fmt: Format = typer.Option(Format.table, "--format", help="table or json."),
    show: Optional[int] = typer.Option(20, "--show", help="Misses and false alarms listed (table format)."),
) -> None:
    """Precision and recall per event type; misses, false alarms and near misses reported.
    Exits 0 whatever the score (it is a measurement); 2 when a file cannot be used."""
    from sanctionwatch.maritime.scenario import score
    from sanctionwatch.maritime.scenario.score import PRECISION_TYPES

    report = score(truth, events, tolerance_hours=tolerance)
    if fmt == Format.json:
        print_json(report.to_dict())
        return
    pct = lambda x: "" if x is None else f"{x:.1%}"  # noqa: E731
    rows = [{"type": t.type, "planted": t.truth, "found": t.found, "events": t.events,
             "false alarms": t.false_alarms if t.type in PRECISION_TYPES else "n/a", "near misses reported": f"{t.negatives_reported}/{t.negatives}",
             "precision": pct(t.precision), "recall": pct(t.recall)} for t in report.types]
    print_table(rows, ["type", "planted", "found", "events", "false alarms", "near misses reported",
                       "precision", "recall"], title=f"score (tolerance {report.tolerance_hours:g} h)")
    console.print(f"precision (gap, encounter, loitering, identity, port_visit): {pct(report.precision) or 'n/a'}; "
                  f"recall (all planted): {pct(report.recall) or 'n/a'}")
    limit = show or 0
    for title, items in (("missed", report.misses), ("false alarms", report.false_alarms)):
        if items:
            print_table(items[:limit], ["type", "vessels", "start", "end", "label"],
                        title=f"{title} ({len(items)}{', first ' + str(limit) if len(items) > limit else ''})")
    if report.negatives_reported:
        print_table([{**n["truth"], "event": f"{n['event']['start']}..{n['event']['end']}"}
                     for n in report.negatives_reported[:limit]],
                    ["type", "vessels", "start", "end", "label", "event"],
                    title=f"near misses reported ({len(report.negatives_reported)})")
