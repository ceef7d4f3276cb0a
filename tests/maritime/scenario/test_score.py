from __future__ import annotations

import json
from datetime import datetime

import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.events import Event
from sanctionwatch.maritime.scenario import score

TRUTH = [
    {"type": "gap", "vessels": [1], "start": "2026-01-05T10:00:00Z", "end": "2026-01-06T02:00:00Z", "label": "dark"},
    {"type": "encounter", "vessels": [2, 3], "start": "2026-01-05T12:00:00Z", "end": "2026-01-05T18:00:00Z",
     "label": "sts"},
    {"type": "encounter", "vessels": [4, 5], "start": "2026-01-05T12:00:00Z", "end": "2026-01-05T12:20:00Z",
     "label": "passing", "negative": True},
    {"type": "identity", "vessels": [6], "start": "2026-01-05T00:00:00Z", "end": "2026-01-07T00:00:00Z",
     "label": "clone"},
    {"type": "zone_entry", "vessels": [1], "start": "2026-01-05T08:00:00Z", "end": "2026-01-05T09:00:00Z",
     "label": "entry"},
]


def ev(type_, vessels, start, end, **details):
    return {"type": type_, "vessels": vessels, "start": start, "end": end, "details": details}


def test_matches_on_type_vessels_and_overlap_with_tolerance():
    events = [
        ev("gap", [1], "2026-01-06T02:30:00Z", "2026-01-06T05:00:00Z"),       # starts 30 min after: within 1 h
        ev("encounter", [3, 2], "2026-01-05T13:00:00Z", "2026-01-05T15:00:00Z"),
        ev("encounter", [2, 3, 9], "2026-01-05T13:00:00Z", "2026-01-05T15:00:00Z"),  # other vessel set
    ]
    report = score(TRUTH, events)
    gap, enc = report.by_type("gap"), report.by_type("encounter")
    assert (gap.found, gap.true_events, gap.precision, gap.recall) == (1, 1, 1.0, 1.0)
    assert (enc.found, enc.events, enc.true_events, enc.false_alarms) == (1, 2, 1, 1)
    assert enc.precision == 0.5
    assert report.false_alarms[0]["vessels"] == [2, 3, 9]
    assert {m["label"] for m in report.misses} == {"clone", "entry"}


def test_tolerance_is_respected():
    late = [ev("gap", [1], "2026-01-06T03:30:00Z", "2026-01-06T05:00:00Z")]
    assert score(TRUTH, late).by_type("gap").found == 0
    assert score(TRUTH, late, tolerance_hours=2).by_type("gap").found == 1


def test_near_miss_reported_counts_as_false_alarm():
    report = score(TRUTH, [ev("encounter", [4, 5], "2026-01-05T11:00:00Z", "2026-01-05T13:10:00Z")])
    enc = report.by_type("encounter")
    assert (enc.negatives, enc.negatives_reported, enc.false_alarms, enc.precision) == (1, 1, 1, 0.0)
    assert report.negatives_reported[0]["truth"]["label"] == "passing"
    assert report.false_alarms == []


def test_identity_needs_truth_vessels_among_event_vessels():
    wider = [ev("identity", [6, 60], "2026-01-05T05:00:00Z", "2026-01-05T06:00:00Z", kind="shared_mmsi")]
    assert score(TRUTH, wider).by_type("identity").found == 1
    other = [ev("identity", [60], "2026-01-05T05:00:00Z", "2026-01-05T06:00:00Z")]
    assert score(TRUTH, other).by_type("identity").found == 0


def test_recall_only_types_have_no_precision_and_list_no_false_alarms():
    events = [ev("zone_entry", [1], "2026-01-05T08:10:00Z", "2026-01-05T08:40:00Z"),
              ev("zone_entry", [77], "2026-01-05T08:10:00Z", "2026-01-05T08:40:00Z")]
    report = score(TRUTH, events)
    zone = report.by_type("zone_entry")
    assert (zone.recall, zone.precision, zone.false_alarms) == (1.0, None, 1)
    assert report.false_alarms == []
    assert report.precision is None           # no events of a precision type


def test_accepts_event_objects_and_saved_runs(tmp_path):
    event = Event("gap", [1], datetime(2026, 1, 5, 11), datetime(2026, 1, 5, 20), 38.6, 124.9, "gap-v1", {})
    assert score(TRUTH, [event]).by_type("gap").found == 1
    truth_file = tmp_path / "truth.json"
    truth_file.write_text(json.dumps(TRUTH))
    run = tmp_path / "run.jsonl"
    run.write_text(json.dumps({"run": {"id": "x"}}) + "\n" + json.dumps(event.to_dict()) + "\n")
    assert score(truth_file, run).by_type("gap").found == 1


def test_bad_files_name_the_problem(tmp_path):
    bad = tmp_path / "events.jsonl"
    bad.write_text('{"type": "gap", "vessels": [1], "start": "2026-01-05T00:00:00Z", "end": "2026-01-05T09:00:00Z"}\n'
                   "{oops\n")
    with pytest.raises(ConfigError, match=r"events.jsonl, line 2: not JSON"):
        score(TRUTH, bad)
    with pytest.raises(ConfigError, match="field 'start' missing"):
        score(TRUTH, [{"type": "gap", "vessels": [1], "end": "2026-01-05T00:00:00Z"}])
    with pytest.raises(ConfigError, match="cannot read"):
        score(tmp_path / "missing.json", [])
    assert ConfigError.exit_code == 2


def test_optional_entries_count_neither_way():
    truth = [{"type": "port_visit", "vessels": [1], "start": "2026-01-08T23:40:00Z", "end": "2026-01-09T00:00:00Z",
              "label": "edge", "optional": True},
             {"type": "port_visit", "vessels": [2], "start": "2026-01-08T23:40:00Z", "end": "2026-01-09T00:00:00Z",
              "label": "edge too", "optional": True}]
    found = [{"type": "port_visit", "vessels": [1], "start": "2026-01-08T23:45:00Z", "end": "2026-01-08T23:58:00Z"}]
    report = score(truth, found)
    t = report.by_type("port_visit")
    assert (t.truth, t.events, t.false_alarms) == (0, 0, 0)
    assert report.misses == [] and report.false_alarms == []
