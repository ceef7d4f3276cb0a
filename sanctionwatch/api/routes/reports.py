"""``/api/reports``: build a Panel-style report (``sanctionwatch.reports.build_report``) and serve its files.

A report is built into ``HOME/reports/<report id>/``: the server picks the folder (the id is the hash of
the report's manifest, so the same inputs land in the same folder), never the client. Files are served
from that folder only, by fixed names (``report.html``, ``report.pdf``, ``report.css``, ``manifest.json``)
or ``figures/<name>.png``; ids and names are matched against strict patterns and the resolved path must
stay inside the folder, so no request can reach another file.

Per-case access: a report shows its cases' dossiers, so a key limited to some cases sees only reports
whose cases are all among them (others answer 404, as if absent), and builds only reports of its cases.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import uuid
from pathlib import Path as FsPath
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from sanctionwatch import cases
from sanctionwatch.api.auth import Principal, can_see_case, require
from sanctionwatch.api.routes.cases import MAX_ID
from sanctionwatch.cases.records import case_ref, parse_case_id
from sanctionwatch.errors import ConfigError
from sanctionwatch.reports.build import build_report
from sanctionwatch.reports.collect import in_period, parse_period

router = APIRouter(prefix="/api/reports", tags=["reports"])

REPORT_ID = r"^[0-9a-f]{12}$"
FIGURE = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,120}\.png$"
# A report is a static document: no script may run in it, whatever a case's text contains.
REPORT_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'none'")

_publish_lock = threading.Lock()


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: Optional[str] = Field(None, max_length=40, description="FROM..TO (YYYY-MM-DD..YYYY-MM-DD): the cases "
                                  "whose period overlaps it, or opened in it.")
    case_ids: Optional[list[int | str]] = Field(None, max_length=500, description="Case ids (3 or C-0003).")
    title: Optional[str] = Field(None, max_length=300)
    pdf: bool = Field(True, description="Also render report.pdf (takes seconds).")


class ReportFiles(BaseModel):
    html: str
    css: str
    manifest: str
    pdf: Optional[str] = None
    figures: list[str]


class ReportInfo(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: Optional[str] = None
    period: Optional[list[str]] = None
    as_of: Optional[str] = None
    cases: list[dict[str, Any]]
    files: ReportFiles


class ReportBuilt(ReportInfo):
    counts: dict[str, int]
    pages: Optional[int] = None
    refused: list[str] = Field([], description="URLs the PDF renderer was refused (it never fetches the network).")
    seconds: dict[str, float] = {}


def _store(request: Request) -> Any:
    return request.app.state.store


def _root(request: Request) -> FsPath:
    return _store(request).home / "reports"


def _manifest(folder: FsPath) -> dict[str, Any]:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _allowed(principal: Principal, manifest: dict[str, Any]) -> bool:
    return all(can_see_case(principal, int(c["id"])) for c in manifest.get("cases") or [])


def _folder(request: Request, principal: Principal, report_id: str) -> tuple[FsPath, dict[str, Any]]:
    root = _root(request)
    folder = root / report_id
    manifest = _manifest(folder) if folder.is_dir() else {}
    if not manifest or not _allowed(principal, manifest):
        raise HTTPException(404, f"report {report_id} does not exist")
    return folder, manifest


def _info(report_id: str, folder: FsPath, manifest: dict[str, Any]) -> dict[str, Any]:
    base = f"/api/reports/{report_id}"
    figures = sorted(p.name for p in (folder / "figures").glob("*.png")) if (folder / "figures").is_dir() else []
    return {
        "id": report_id, "title": manifest.get("title"), "period": manifest.get("period"),
        "as_of": manifest.get("as_of"),
        "cases": [{"id": c["id"], "ref": c["ref"]} for c in manifest.get("cases") or []],
        "files": {"html": f"{base}/report.html", "css": f"{base}/report.css", "manifest": f"{base}/manifest.json",
                  "pdf": f"{base}/report.pdf" if (folder / "report.pdf").is_file() else None,
                  "figures": [f"{base}/figures/{name}" for name in figures]},
    }


def _case_ids(request: Request, principal: Principal, body: ReportIn,
              span: Any) -> Optional[list[int]]:
    if body.case_ids:
        ids = sorted({parse_case_id(i) for i in body.case_ids})
        for cid in ids:
            if not 0 < cid <= MAX_ID or not can_see_case(principal, cid):
                raise HTTPException(404, f"case {case_ref(cid)} does not exist")
        return ids
    if principal.case_ids is None:
        return None     # every case (of the period): build_report selects them
    ids = [c["id"] for c in cases.list_cases(store=_store(request))
           if can_see_case(principal, c["id"]) and (span is None or in_period(c, span))]
    if not ids:
        raise ConfigError("report: none of the cases this key may see is in the period")
    return ids


def _publish(tmp: FsPath, final: FsPath) -> None:
    """Move a finished build into place. The same id means the same inputs, so an earlier build of it
    is replaced (it may lack the PDF this one has)."""
    with _publish_lock:
        old = None
        if final.exists():
            old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:8]}")
            os.replace(final, old)
        os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@router.post("", response_model=ReportBuilt, status_code=201,
             summary="Build the report of a period or of given cases (HTML, figures, and PDF unless pdf=false)")
def build(request: Request, body: ReportIn, principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    span = parse_period(body.period) if body.period else None
    ids = _case_ids(request, principal, body, span)
    root = _root(request)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".build-{uuid.uuid4().hex}"
    try:
        result = build_report(tmp, period=span, case_ids=ids, title=body.title, store=_store(request),
                              home=_store(request).home, pdf=body.pdf)
        report_id = result.report_id
        if not re.match(REPORT_ID, report_id):
            raise ConfigError(f"report: unexpected report id {report_id!r}")
        final = root / report_id
        _publish(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {**_info(report_id, final, result.manifest), "counts": result.counts, "pages": result.pages,
            "refused": result.refused, "seconds": result.seconds}


@router.get("", response_model=list[ReportInfo], summary="Built reports this key may see, newest first")
def reports(request: Request, principal: Principal = Depends(require("read"))) -> list[dict[str, Any]]:
    root = _root(request)
    found = []
    for folder in root.iterdir() if root.is_dir() else []:
        if not re.match(REPORT_ID, folder.name) or not folder.is_dir():
            continue
        manifest = _manifest(folder)
        if manifest and _allowed(principal, manifest):
            found.append((folder.stat().st_mtime, folder.name, _info(folder.name, folder, manifest)))
    return [info for _t, _n, info in sorted(found, key=lambda x: (-x[0], x[1]))]


_ID = Path(..., pattern=REPORT_ID, description="12 hexadecimal characters")


@router.get("/{report_id}", response_model=ReportInfo, summary="A report's title, cases and file URLs")
def report(request: Request, report_id: str = _ID, principal: Principal = Depends(require("read"))) -> dict[str, Any]:
    folder, manifest = _folder(request, principal, report_id)
    return _info(report_id, folder, manifest)


def _serve(folder: FsPath, relative: str, media_type: str, **headers: str) -> FileResponse:
    path = (folder / relative).resolve()
    # Defence in depth behind the patterns: the resolved file (symlinks followed) must be inside the folder.
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        raise HTTPException(404, f"report {folder.name} has no {relative}")
    return FileResponse(path, media_type=media_type, headers=headers)


def _file_response(media_type: str, description: str, schema: Optional[dict[str, Any]] = None) -> dict[int | str, Any]:
    return {200: {"description": description,
                  "content": {media_type: {"schema": schema or {"type": "string", "format": "binary"}}}}}


@router.get("/{report_id}/report.html", response_class=FileResponse, summary="The report as HTML",
            responses=_file_response("text/html", "The report; its CSS and figures load from beside it.",
                                     {"type": "string"}))
def report_html(request: Request, report_id: str = _ID,
                principal: Principal = Depends(require("read"))) -> FileResponse:
    folder, _m = _folder(request, principal, report_id)
    return _serve(folder, "report.html", "text/html; charset=utf-8", **{"Content-Security-Policy": REPORT_CSP})


@router.get("/{report_id}/report.pdf", response_class=FileResponse, summary="The report as PDF",
            responses=_file_response("application/pdf", "The PDF (absent when built with pdf=false: 404)."))
def report_pdf(request: Request, report_id: str = _ID,
               principal: Principal = Depends(require("read"))) -> FileResponse:
    folder, _m = _folder(request, principal, report_id)
    return _serve(folder, "report.pdf", "application/pdf",
                  **{"Content-Disposition": f'attachment; filename="report-{report_id}.pdf"'})


@router.get("/{report_id}/report.css", response_class=FileResponse, summary="The report's stylesheet",
            responses=_file_response("text/css", "The stylesheet report.html links.", {"type": "string"}))
def report_css(request: Request, report_id: str = _ID,
               principal: Principal = Depends(require("read"))) -> FileResponse:
    folder, _m = _folder(request, principal, report_id)
    return _serve(folder, "report.css", "text/css; charset=utf-8")


@router.get("/{report_id}/manifest.json", response_model=dict[str, Any],
            summary="What the report was built from (inputs' hashes, settings, provenance)")
def report_manifest(request: Request, report_id: str = _ID,
                    principal: Principal = Depends(require("read"))) -> dict[str, Any]:
    _folder_, manifest = _folder(request, principal, report_id)
    return manifest


@router.get("/{report_id}/figures/{name}", response_class=FileResponse, summary="A map of the report",
            responses=_file_response("image/png", "A PNG figure."))
def report_figure(request: Request, report_id: str = _ID,
                  name: str = Path(..., pattern=FIGURE, description="e.g. overview.png"),
                  principal: Principal = Depends(require("read"))) -> FileResponse:
    folder, _m = _folder(request, principal, report_id)
    return _serve(folder, f"figures/{name}", "image/png")
