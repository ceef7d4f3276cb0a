"""``detect()``: run detectors over a window of the AIS store and keep the events.

One core function for the CLI, the API and library users. Detectors run in registry order and see
the events of the ones before them (loitering drops the slow periods an encounter explains; the
designated-vessel detector lists each vessel's other events). A run's events are saved under
``HOME/ais/events/<run-id>.jsonl`` with a manifest, and ``latest`` names the newest run.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from sanctionwatch import settings
from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detectors import NAMES, DetectionContext, get_detector
from sanctionwatch.maritime.engine import DuckDBEngine, Window
from sanctionwatch.maritime.events import Event, parse_time
from sanctionwatch.maritime.store import ais_home


@dataclass
class DetectionRun:
    id: str
    events: list[Event]
    window: Window
    detectors: list[dict[str, Any]]
    engine: str
    notes: list[str] = field(default_factory=list)
    positions: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "run": self.id, "engine": self.engine, "positions": self.positions,
            "since": self.window.since.isoformat() if self.window.since else None,
            "until": self.window.until.isoformat() if self.window.until else None,
            "bbox": list(self.window.bbox) if self.window.bbox else None,
            "detectors": self.detectors, "events": len(self.events), "notes": self.notes,
        }


def detect(detectors: Sequence[str] | None = None, since: datetime | str | None = None,
           until: datetime | str | None = None, bbox: tuple[float, float, float, float] | None = None,
           params: dict[str, dict[str, Any]] | None = None, home: Path | None = None,
           engine: Any = None, areas: Areas | None = None, list_store: Any = "default",
           save: bool = True, progress: Callable[[str, int, int], None] | None = None,
           spark_master: str | None = None) -> DetectionRun:
    """Run ``detectors`` (default: all) over the store's positions in [since, until) within bbox.

    ``params`` maps a detector name to parameter overrides. ``engine`` is "duckdb" (the default:
    embedded DuckDB over ``HOME/ais``), "spark" (Spark SQL over the same store, on ``spark_master`` or
    the ``spark_master`` setting), or an engine object (tests, benchmarks, other data), which the caller
    closes. ``list_store`` is the list store for designated vessels: "default" opens the configured
    one, None skips list checks.
    """
    window = Window(since=_time(since), until=_time(until), bbox=bbox)
    chosen = [get_detector(name) for name in (detectors or NAMES)]
    order = {name: i for i, name in enumerate(NAMES)}
    chosen.sort(key=lambda d: order[d.NAME])
    resolved = {d.NAME: d.resolve((params or {}).get(d.NAME)) for d in chosen}
    for name in params or {}:
        get_detector(name)  # unknown names are refused even when the detector was not chosen
    own_engine = engine is None or isinstance(engine, str)
    if own_engine:
        engine = open_engine(engine or "duckdb", window, home, spark_master)
    elif spark_master:
        raise ConfigError("--spark-master is for the Spark engine only (--engine spark)")
    try:
        count = engine.rows("SELECT count(*) AS n FROM positions")[0]["n"]
        if count == 0 and own_engine:
            raise NotFound("no AIS positions in the store for this window "
                           "(load some with `sanctionwatch ais ingest PATH`)")
        if list_store == "default":
            list_store = _default_list_store(home)
        ctx = DetectionContext(engine=engine, areas=areas or Areas.load(), store=list_store,
                               extras={"events": [], "notes": [], "counts": {}, "window": window})
        runs = []
        for i, detector in enumerate(chosen):
            if progress:
                progress(detector.id, i, len(chosen))
            started = time.perf_counter()
            found = detector.run(ctx, resolved[detector.NAME])
            ctx.extras["events"].extend(found)
            runs.append({"id": detector.id, "params": resolved[detector.NAME], "events": len(found),
                         "seconds": round(time.perf_counter() - started, 3),
                         "counts": ctx.extras["counts"].get(detector.id, {})})
        if progress:
            progress("done", len(chosen), len(chosen))
    finally:
        if own_engine:
            engine.close()
    events = sorted((e for e in ctx.extras["events"] if _in_window_box(e, window)),
                    key=lambda e: (e.start, e.type, e.vessels, e.id))
    run = DetectionRun(id=_run_id(), events=events, window=window, detectors=runs,
                       engine=getattr(engine, "name", "duckdb"), notes=list(ctx.extras["notes"]), positions=count)
    if save:
        save_run(run, home)
    return run


def open_engine(name: str, window: Window, home: Path | None = None, spark_master: str | None = None) -> Any:
    """The engine named ``name`` over the store's window."""
    kind = name.strip().lower()
    if kind == "spark":
        from sanctionwatch.maritime.spark import SparkEngine, check_master

        master = check_master(spark_master) if spark_master else None
        return SparkEngine(window=window, home=home, master=master)
    if kind != "duckdb":
        raise ConfigError(f"--engine {name!r}: expected duckdb or spark")
    if spark_master:
        raise ConfigError("--spark-master is for the Spark engine only (--engine spark)")
    return DuckDBEngine(window=window, home=home)


def _in_window_box(event: Event, window: Window) -> bool:
    """With a box, an event is kept when it happens there: its position, or one of its fixes."""
    if window.bbox is None or window.contains(event.lat, event.lon):
        return True
    return any(window.contains(lat, lon) for _m, _t, lat, lon in event.positions)


def _time(value: datetime | str | None) -> datetime | None:
    """Naive UTC, as the store keeps time; an aware datetime is converted, text parsed."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    try:
        return parse_time(value)
    except ValueError:
        raise ConfigError(f"time {value!r}: not an ISO date or time (e.g. 2026-01-05 or 2026-01-05T06:00:00Z)") \
            from None


def _run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def _default_list_store(home: Path | None) -> Any:
    """The list store when it exists; None (designated-vessel checks skipped) when nothing is set up."""
    base = home or settings.home()
    if not settings.get("database_url") and not (base / "sanctionwatch.db").exists():
        return None
    from sanctionwatch.store import open_store

    return open_store(home=home)


def events_dir(home: Path | None = None) -> Path:
    return ais_home(home) / "events"


def save_run(run: DetectionRun, home: Path | None = None) -> Path:
    folder = events_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run.id}.jsonl"
    tmp = folder / f".{run.id}.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"run": run.summary()}, default=str) + "\n")
        for event in run.events:
            out.write(json.dumps(event.to_dict(), default=str, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    latest_tmp = folder / ".latest.tmp"
    latest_tmp.write_text(path.name)
    os.replace(latest_tmp, folder / "latest")
    return path


def load_latest_events(home: Path | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The newest saved run: (summary, events as dicts). Empty when nothing was detected yet."""
    folder = events_dir(home)
    pointer = folder / "latest"
    if not pointer.exists():
        return {}, []
    run_file = folder / pointer.read_text().strip()
    if not run_file.is_file():
        # No filesystem path: the message reaches API clients.
        raise NotFound(f"the latest detection run ({run_file.name}) is missing; run `sanctionwatch ais detect` again")
    lines = run_file.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])["run"] if lines else {}
    return head, [json.loads(line) for line in lines[1:]]
