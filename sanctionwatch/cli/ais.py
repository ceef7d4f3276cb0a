"""``sanctionwatch ais ...``: ingest AIS, run detectors, look at a vessel, list the detectors."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from sanctionwatch.cli.output import Format, console, err_console, print_json, print_table, progress_bar
from sanctionwatch.errors import ConfigError

app = typer.Typer(help="AIS: ingest, detect dark periods, transfers, loitering, port calls and identity fraud.",
                  no_args_is_help=True)


class EngineName(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


class EventFormat(str, Enum):
    table = "table"
    json = "json"
    geojson = "geojson"
    csv = "csv"
    kml = "kml"


@app.command("ingest")
def ingest(paths: List[Path] = typer.Argument(..., help="NMEA logs, CSV files (MarineCadastre, DMA or mapped) or Parquet."),
           fmt: Optional[str] = typer.Option(None, "--format", help="nmea|csv|parquet (detected when not given)."),
           columns: Optional[str] = typer.Option(None, help="Column mapping for other CSV layouts, e.g. "
                                                 "mmsi=MMSI,ts=time,lat=Latitude,lon=Longitude"),
           time: Optional[str] = typer.Option(None, "--time", help="Receive time (UTC) for NMEA lines that carry none."),
           out: Format = typer.Option(Format.table, "--output", help="table or json report.")) -> None:
    """Decode, clean and store AIS; a file that fails leaves the store as it was."""
    from sanctionwatch.maritime.events import parse_time
    from sanctionwatch.maritime.ingest import ingest as run_ingest, parse_columns

    default_time = None
    if time:
        try:
            default_time = parse_time(time)
        except ValueError:
            raise ConfigError(f"--time {time!r}: not an ISO time") from None
    with progress_bar("ingesting") as progress:
        report = run_ingest(paths, format=fmt, columns=parse_columns(columns) if columns else None,
                            default_time=default_time, progress=progress)
    data = report.to_dict()
    if out == Format.json:
        print_json(data)
        return
    span = data.get("time_span") or []
    console.print(f"ingest {data['ingest_id']}: {data['positions_kept']:,} positions and "
                  f"{data['statics_kept']:,} static reports kept from {len(data['files'])} file(s) "
                  f"in {data['seconds']:.1f} s" + (f"; {span[0]} .. {span[1]}" if span else ""))
    console.print(f"MMSIs of no ITU-R M.585 shape: {data['invalid_mmsi']:,}; not ship stations: "
                  f"{data['not_ship_station_mmsi']:,}; same MMSI and time at another place: {data['same_mmsi_time']:,}")
    dropped = {**(data.get("dropped") or {}), **{f"skipped: {k}": v for k, v in (data.get("skipped") or {}).items()}}
    if dropped:
        print_table([{"reason": k, "count": v} for k, v in sorted(dropped.items())], ["reason", "count"],
                    title="Dropped")
    normalised = data.get("normalised") or {}
    if normalised:
        print_table([{"value": k, "count": v} for k, v in sorted(normalised.items())], ["value", "count"],
                    title="Normalised to null")


def _params(items: Optional[List[str]]) -> dict[str, dict[str, str]]:
    params: dict[str, dict[str, str]] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        detector, dot, name = key.partition(".")
        if not sep or not dot:
            raise ConfigError(f"--param {item!r}: expected DETECTOR.NAME=VALUE (e.g. gap.min_gap_hours=8)")
        params.setdefault(detector.strip(), {})[name.strip()] = value.strip()
    return params


@app.command("detect")
def detect(detector: Optional[List[str]] = typer.Option(None, "--detector", "-d", help="Detector to run (repeatable; default all)."),
           since: Optional[str] = typer.Option(None, help="Start of the window (UTC, ISO)."),
           until: Optional[str] = typer.Option(None, help="End of the window (UTC, ISO, exclusive)."),
           bbox: Optional[str] = typer.Option(None, help="WEST,SOUTH,EAST,NORTH in degrees."),
           param: Optional[List[str]] = typer.Option(None, "--param", help="Override: DETECTOR.NAME=VALUE (repeatable)."),
           fmt: EventFormat = typer.Option(EventFormat.table, "--format"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write events here instead of stdout."),
           engine: EngineName = typer.Option(EngineName.duckdb, "--engine",
                                             help="duckdb (embedded, default) or spark (same events; docs/scale.md)."),
           spark_master: Optional[str] = typer.Option(None, "--spark-master",
                                                      help="Spark master URL (default: the spark_master setting, local[2]).")) -> None:
    """Run detectors over the AIS store and print or write the events."""
    from sanctionwatch.maritime.detect import detect as run_detect
    from sanctionwatch.maritime.engine import parse_bbox
    from sanctionwatch.maritime.export import key_details, write_events

    with progress_bar("detecting") as progress:
        run = run_detect(detectors=detector or None, since=since, until=until,
                         bbox=parse_bbox(bbox) if bbox else None, params=_params(param), progress=progress,
                         engine=engine.value, spark_master=spark_master)
    for note in run.notes:
        err_console.print(f"note: {note}")
    if fmt == EventFormat.table and output is None:
        rows = [e.to_dict() for e in run.events]
        print_table([{"type": r["type"], "vessels": " ".join(map(str, r["vessels"])), "start": r["start"],
                      "hours": f"{r['duration_hours']:.1f}", "where": f"{r['lat']:.3f},{r['lon']:.3f}"
                      if r["lat"] is not None else "", "details": key_details(r)} for r in rows],
                    ["type", "vessels", "start", "hours", "where", "details"],
                    title=f"{len(rows)} events over {run.positions:,} positions (run {run.id})")
        print_table([{"detector": d["id"], "events": d["events"], "seconds": d["seconds"]} for d in run.detectors],
                    ["detector", "events", "seconds"])
        return
    kind = "json" if fmt == EventFormat.table else fmt.value
    if output is None:
        write_events(run.events, sys.stdout, kind)
    else:
        with output.open("w", encoding="utf-8", newline="") as handle:
            n = write_events(run.events, handle, kind)
        err_console.print(f"{n} events written to {output} ({kind})")


@app.command("vessel")
def vessel(key: str = typer.Argument(..., help="MMSI (9 digits) or IMO number (7 digits)."),
           fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """A vessel's identity history, designation status and events."""
    from sanctionwatch.maritime.vessel import vessel_profile

    profile = vessel_profile(key)
    if fmt == Format.json:
        print_json(profile)
        return
    status = "DESIGNATED" if profile["designated"] else "not on the loaded lists"
    console.print(f"{key}: MMSI {', '.join(map(str, profile['mmsis'])) or '-'}; {status}")
    for d in profile["designations"]:
        console.print(f"  {d['caption']} ({d['id']}): "
                      + ", ".join(f"{l['source']} {l.get('reference') or ''}".strip() for l in d["listings"]))
    print_table(profile["identities"], ["mmsi", "name", "imo", "call_sign", "ship_type", "first_seen", "last_seen",
                                        "reports"], title="Identity history (static reports)")
    print_table(profile["tracks"], ["mmsi", "positions", "first_seen", "last_seen", "south", "north", "west", "east"],
                title="Tracks")
    from sanctionwatch.maritime.export import key_details

    print_table([{"type": e["type"], "start": e["start"], "end": e["end"], "detector": e["detector"],
                  "details": key_details(e)} for e in profile["events"]],
                ["type", "start", "end", "detector", "details"], title="Events (latest run)")


@app.command("detectors")
def detectors(fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Each detector with its parameters, their defaults and where the defaults come from."""
    from sanctionwatch.maritime.detectors import all_detectors

    described = [d.describe() for d in all_detectors()]
    if fmt == Format.json:
        print_json(described)
        return
    for d in described:
        console.print(f"[bold]{d['id']}[/bold]: {d['title']}")
        print_table([{**p, "default": json.dumps(p["default"])} for p in d["params"]],
                    ["name", "default", "unit", "source", "help"])


@app.command("open-cases")
def open_cases(feed: str = typer.Option(..., "--feed", help="Where the AIS came from (e.g. 'AIS feed: Spire, "
                                        "terrestrial and satellite'): the origin of every AIS evidence item."),
               fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Open a case per incident of the latest detection run (STS transfer, AIS disabling, identity anomaly,
    designated-vessel activity, foreign vessel in a DPRK port...), with its vessels screened and the AIS
    extract, detection record and list records as graded evidence. Incidents already under a case are
    skipped."""
    from sanctionwatch.maritime.detect import load_latest_events
    from sanctionwatch.monitor.casebuilder import open_cases_from_events
    from sanctionwatch.store import open_store

    store = open_store()
    head, events = load_latest_events(store.home)
    if not head:
        raise ConfigError("no detection run yet: run `sanctionwatch ais detect` first")
    with progress_bar("opening cases") as progress:
        report = open_cases_from_events(events, run=head, feed=feed, store=store, progress=progress)
    if fmt == Format.json:
        print_json(report.to_dict())
        return
    print_table([{"case": c["ref"], "typology": c["typology"], "title": c["title"], "events": c["events"],
                  "claims": len(c["claims"])} for c in report.cases],
                ["case", "typology", "title", "events", "claims"],
                title=f"Cases opened from run {head.get('run')}: {len(report.cases)} "
                      f"({report.evidence} evidence items; {len(report.already_open)} incidents already under a case)")
