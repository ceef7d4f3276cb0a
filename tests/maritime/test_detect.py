"""detect(): windows and boxes, saved runs, refusals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detect import detect, load_latest_events
from sanctionwatch.maritime.engine import DuckDBEngine, Window
from tests.maritime.detectors.tracks import T0, leg, positions

AREAS = Areas.load(ports_path="", anchorages_path="", land_path="")
BOX = (123.5, 35.5, 124.3, 36.5)


def _run(table, bbox=None, **kw):
    engine = DuckDBEngine(window=Window(bbox=bbox), positions=table)
    try:
        return detect(detectors=["gap"], engine=engine, areas=AREAS, list_store=None, save=False, bbox=bbox, **kw)
    finally:
        engine.close()


def test_a_box_keeps_whole_tracks_so_leaving_it_is_no_gap():
    # east at 12 kn from inside the box, out of it for hours, and back west: never silent
    out = leg(440000001, T0, 36.0, 124.0, minutes=18 * 60, every=10, knots=12, bearing=90)
    back = leg(440000001, T0 + timedelta(hours=18, minutes=10), out[-1]["lat"], out[-1]["lon"], minutes=18 * 60,
               every=10, knots=12, bearing=270)
    assert _run(positions(out, back), bbox=BOX).events == []


def test_a_box_keeps_the_events_that_happen_in_it():
    inside = leg(440000002, T0, 36.0, 124.0, minutes=60) + leg(440000002, T0 + timedelta(hours=9), 36.0, 124.0,
                                                              minutes=60)
    outside = leg(440000003, T0, 33.0, 127.0, minutes=60) + leg(440000003, T0 + timedelta(hours=9), 33.0, 127.0,
                                                               minutes=60)
    table = positions(inside, outside)
    assert sorted(e.vessels[0] for e in _run(table).events) == [440000002, 440000003]
    assert [e.vessels for e in _run(table, bbox=BOX).events] == [[440000002]]


def test_times_are_naive_utc_and_bad_ones_refused():
    track = leg(440000004, T0, 36.0, 124.0, minutes=60) + leg(440000004, T0 + timedelta(hours=9), 36.0, 124.0,
                                                             minutes=60)
    seoul = timezone(timedelta(hours=9))
    # 09:00 in Seoul is midnight UTC: the window starts at T0 and sees the gap
    assert len(_run(positions(track), since=datetime(2026, 1, 5, 9, 0, tzinfo=seoul)).events) == 1
    with pytest.raises(ConfigError, match="not an ISO date"):
        _run(positions(track), since="yesterday")


def test_saved_run_is_the_latest_and_a_missing_file_is_named(tmp_path):
    track = leg(440000005, T0, 36.0, 124.0, minutes=60) + leg(440000005, T0 + timedelta(hours=9), 36.0, 124.0,
                                                             minutes=60)
    engine = DuckDBEngine(positions=positions(track))
    run = detect(detectors=["gap"], engine=engine, areas=AREAS, list_store=None, home=tmp_path)
    summary, events = load_latest_events(tmp_path)
    assert summary["run"] == run.id and [e["id"] for e in events] == [e.id for e in run.events]
    (tmp_path / "ais" / "events" / f"{run.id}.jsonl").unlink()
    with pytest.raises(NotFound, match="missing"):
        load_latest_events(tmp_path)
