"""The monitoring run: AIS in, report out.

Ingest AIS, run every detector, screen the vessels involved, open a case per incident with its
evidence, write to the flag States, and build the Panel-style report. The demo runs it on a generated
scenario with planted evasion; a monitor runs the same steps on real AIS files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Sequence

from sanctionwatch import cases
from sanctionwatch.maritime.events import parse_time
from sanctionwatch.monitor.casebuilder import CaseBuildReport, flag_states, open_cases_from_events
from sanctionwatch.store.database import Store

Progress = Callable[[str, int, int], None]


@dataclass
class MonitoringRun:
    ingest: dict[str, Any]
    detection: dict[str, Any]
    events: list[dict[str, Any]]
    cases: CaseBuildReport
    letters: int
    report: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"ingest": self.ingest, "detection": self.detection, "events": len(self.events),
                "cases": self.cases.to_dict(), "letters": self.letters, "report": self.report,
                "seconds": self.seconds}


def run_monitoring(ais_files: Sequence[Path], *, store: Store, feed: str, report_dir: Path | None,
                   letters_on: datetime | None = None, title: str | None = None, pdf: bool = True,
                   actor: str | None = None, progress: Progress | None = None) -> MonitoringRun:
    """``feed`` names where the AIS came from (the root of every AIS item's origin chain).
    ``letters_on``: when the requests for information go to the flag States (default: the day after the
    last event); their deadline is the ``reply_days`` setting after it. ``report_dir`` None: no report
    (build it later with ``build_report``, e.g. once replies are recorded)."""
    from sanctionwatch.maritime.detect import detect
    from sanctionwatch.maritime.ingest import ingest
    from sanctionwatch.reports import build_report

    seconds: dict[str, float] = {}
    began = time.perf_counter()
    ingested = ingest(list(ais_files), home=store.home, progress=progress)
    seconds["ingest"] = time.perf_counter() - began
    began = time.perf_counter()
    run = detect(home=store.home, list_store=store, progress=progress)
    seconds["detect"] = time.perf_counter() - began
    events = [e.to_dict() for e in run.events]
    began = time.perf_counter()
    built = open_cases_from_events(events, run=run.summary(), feed=feed, home=store.home, store=store, actor=actor,
                                   progress=progress)
    letters = 0
    for case in built.cases:
        sent = letters_on or (parse_time(case["period_end"]) + timedelta(days=1))
        for state in flag_states(case["vessels"]):
            cases.send_letter(case["id"], party=state, party_kind="state",
                              subject=f"Request for information: {case['title']}",
                              summary="Asks for the vessel's registration, ownership, operator and voyage records for "
                                      "the period, and for the State's account of the events set out in the finding.",
                              sent_at=sent, store=store, actor=actor)
            letters += 1
    seconds["cases"] = time.perf_counter() - began
    report: dict[str, Any] = {}
    if report_dir is not None:
        began = time.perf_counter()
        report = build_report(report_dir, period=report_period(events), title=title, store=store, home=store.home,
                              pdf=pdf, progress=progress).to_dict()
        seconds["report"] = time.perf_counter() - began
    return MonitoringRun(ingested.to_dict(), run.summary(), events, built, letters, report, seconds)


def report_period(events: list[dict[str, Any]]) -> tuple[date, date] | None:
    """The days from the first event's start to the last one's end."""
    if not events:
        return None
    start = min(parse_time(e["start"]) for e in events).date()
    end = max(parse_time(e["end"]) for e in events).date()
    return start, end
