"""``build_report()``: collect, draw the maps, write HTML, CSS and manifest, then the PDF.

The output folder holds ``report.html``, ``report.css``, ``figures/*.png``, ``manifest.json`` and
``report.pdf``; HTML and figures depend only on the collected data, so a rebuild from the same
store gives the same bytes.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Sequence

from sanctionwatch.errors import ConfigError
from sanctionwatch.reports import figures as figs
from sanctionwatch.reports.collect import case_events, case_vessels, collect
from sanctionwatch.reports.land import land_layer, land_source
from sanctionwatch.reports.render import manifest, render_html, stylesheet

Progress = Callable[[str, int, int], None]


@dataclass
class ReportResult:
    html_path: Path
    pdf_path: Path | None
    manifest: dict[str, Any]
    counts: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    pages: int | None = None
    refused: list[str] = field(default_factory=list)

    @property
    def report_id(self) -> str:
        return str(self.manifest.get("report_id"))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["html_path"] = str(self.html_path)
        data["pdf_path"] = str(self.pdf_path) if self.pdf_path else None
        data["report_id"] = self.report_id
        return data


def draw_figures(data: dict[str, Any], out: Path, progress: Progress | None = None) -> dict[str, Any]:
    """The overview map and one map per case with events or tracks, as files under OUT/figures."""
    folder = out / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[int, str] = {}
    for vessel in data.get("vessels") or []:
        names[int(vessel["mmsi"])] = vessel.get("name") or ""
    dossiers = data.get("dossiers") or []
    for dossier in dossiers:
        for vessel in case_vessels(dossier):
            names.setdefault(vessel["mmsi"], vessel.get("name") or "")
    events = data.get("events") or []
    tracks = data.get("tracks") or {}
    plans = []
    for dossier in dossiers:
        ref = dossier["case"]["ref"]
        own = case_events(dossier)
        lines = figs.case_lines(own, tracks.get(ref, {}))
        if own or lines:
            plans.append((ref, own, lines, figs.case_view(lines, own)))
    overview = figs.overview_view(events) if events else None
    land = land_layer([v for v in [overview] + [p[3] for p in plans] if v])
    source = land_source()
    written: list[str] = []
    result: dict[str, Any] = {"overview": None, "cases": {}}
    total = 1 + len(plans)
    if overview:
        png, info = figs.overview_map(events, overview, land)
        name = figs.write_png(folder, "overview", png)
        written.append(name)
        result["overview"] = {"file": name, "land": source, **info}
    if progress:
        progress("maps", 1, total)
    for n, (ref, own, lines, view) in enumerate(plans, start=2):
        png, info = figs.case_map(ref, own, lines, names, view, land)
        stem = "case-" + "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in ref)
        name = figs.write_png(folder, stem, png)
        written.append(name)
        result["cases"][ref] = {"file": name, "land": source, **info}
        if progress:
            progress("maps", n, total)
    if data.get("petroleum"):
        from sanctionwatch.reports.petroleum import chart

        name = figs.write_png(folder, "petroleum", chart(data["petroleum"]))
        written.append(name)
        result["petroleum"] = {"file": name}
    # Figures of earlier builds into the same folder would otherwise pile up beside the new ones.
    keep = {Path(w).name for w in written}
    for old in folder.glob("*.png"):
        if old.name not in keep:
            old.unlink()
    return result


def render_report(data: dict[str, Any], out: Path, *, pdf: bool = True,
                  progress: Progress | None = None) -> ReportResult:
    """Write the report of already collected data (see collect.collect) into ``out``."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    seconds: dict[str, float] = {}
    # Callers may hand dossiers in any order; the report must not depend on it.
    data = {**data, "dossiers": sorted(data.get("dossiers") or [], key=lambda d: d["case"]["id"]),
            "maps": {"land": land_source()}}
    started = time.perf_counter()
    figures = draw_figures(data, out, progress)
    seconds["figures"] = round(time.perf_counter() - started, 3)

    started = time.perf_counter()
    manifest_data = manifest(data)
    html = render_html(data, figures, manifest_data)
    _write(out / "report.css", stylesheet())
    _write(out / "manifest.json", (json.dumps(manifest_data, sort_keys=True, indent=1, ensure_ascii=False,
                                              default=str) + "\n").encode())
    _write(out / "report.html", html.encode("utf-8"))
    seconds["html"] = round(time.perf_counter() - started, 3)
    if progress:
        progress("html", 1, 1)

    pdf_path = None
    pages = None
    refused: list[str] = []
    if pdf:
        from sanctionwatch.reports.pdf import write_pdf

        started = time.perf_counter()
        pdf_path = out / "report.pdf"
        rendered = write_pdf(out / "report.html", pdf_path)
        pages, refused = rendered["pages"], rendered["refused"]
        seconds["pdf"] = round(time.perf_counter() - started, 3)
        if progress:
            progress("pdf", 1, 1)
    dossiers = data.get("dossiers") or []
    counts = {
        "cases": len(dossiers),
        "claims": sum(len(d.get("claims") or []) for d in dossiers),
        "established": sum(1 for d in dossiers for c in d.get("claims") or []
                           if (c.get("corroboration") or {}).get("status") == "established"),
        "evidence": len({e["id"] for d in dossiers for e in d.get("evidence") or []}),
        "letters": sum(len(d.get("correspondence") or []) for d in dossiers),
        "events": len(data.get("events") or []),
        "vessels": len(data.get("vessels") or []),
        "list_changes": len(data.get("list_changes") or []),
        "figures": (1 if figures["overview"] else 0) + len(figures["cases"]),
    }
    return ReportResult(html_path=out / "report.html", pdf_path=pdf_path, manifest=manifest_data, counts=counts,
                        seconds=seconds, pages=pages, refused=refused)


def build_report(out: Path, *, period: tuple[date, date] | None = None, case_ids: Sequence[int | str] | None = None,
                 title: str | None = None, store: Any = None, home: Path | None = None, pdf: bool = True,
                 as_of: datetime | None = None, progress: Progress | None = None) -> ReportResult:
    """Build the Panel-style report of the cases in ``period`` (or the given case ids) into ``out``, as
    of ``as_of`` (default: the newest record of those cases)."""
    from sanctionwatch.store import open_store

    own = store is None
    if own:
        store = open_store(home=home)
    try:
        started = time.perf_counter()
        data = collect(period=period, case_ids=case_ids, title=title, store=store, home=home, as_of=as_of,
                       progress=progress)
        collected = round(time.perf_counter() - started, 3)
    finally:
        if own:
            store.dispose()
    result = render_report(data, out, pdf=pdf, progress=progress)
    result.seconds = {"collect": collected, **result.seconds}
    return result


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
