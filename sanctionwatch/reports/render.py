"""The report's HTML: the collected data shaped into sections and annexes, rendered by Jinja2 with
autoescaping, from templates shipped in the package.

Nothing here reads a clock or the machine: the report's date is its ``as_of``, file names are
relative to the report folder, and every list is sorted before it is shown.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any, Sequence

from markupsafe import Markup, escape

from sanctionwatch.reports.collect import sha256_of

ADMIRALTY_RELIABILITY = (("A", "Completely reliable"), ("B", "Usually reliable"), ("C", "Fairly reliable"),
                         ("D", "Not usually reliable"), ("E", "Unreliable"), ("F", "Reliability cannot be judged"))
ADMIRALTY_CREDIBILITY = (("1", "Confirmed by other sources"), ("2", "Probably true"), ("3", "Possibly true"),
                         ("4", "Doubtful"), ("5", "Improbable"), ("6", "Truth cannot be judged"))
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX")
LETTER_STATUS = ("awaiting", "no_reply", "replied")
_HANGUL = re.compile(r"([\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+(?:[\s\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]*"
                     r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af])?)")


# --- filters -------------------------------------------------------------------------------------------

def lang_spans(value: Any) -> Markup:
    """Escape the text and wrap runs of Hangul in ``<span lang="ko">`` so they take the Korean face."""
    text = "" if value is None else str(value)
    parts = _HANGUL.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 1:
            out.append(Markup('<span lang="ko">') + escape(part) + Markup("</span>"))
        else:
            out.append(escape(part))
    return Markup("").join(out)


def day(value: Any) -> str:
    return str(value)[:10] if value else "—"


def utc(value: Any) -> str:
    """``2026-01-02T03:04:05Z`` -> ``2026-01-02 03:04Z``."""
    if not value:
        return "—"
    text = str(value)
    return f"{text[:10]} {text[11:16]}Z" if len(text) >= 16 else text


def coord(value: Any, pos: str, neg: str) -> str:
    if value is None:
        return "—"
    number = float(value)
    return f"{abs(number):.4f}°{pos if number >= 0 else neg}"


def lat(value: Any) -> str:
    return coord(value, "N", "S")


def lon(value: Any) -> str:
    return coord(value, "E", "W")


def wrap_hash(value: Any) -> Markup:
    """A long hash with break opportunities every 16 characters, so table cells can wrap it."""
    text = str(value or "")
    return Markup("<wbr>").join(escape(text[i:i + 16]) for i in range(0, len(text), 16))


def environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = resources.files("sanctionwatch") / "reports" / "templates"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update({"ko": lang_spans, "day": day, "utc": utc, "lat": lat, "lon": lon, "wraphash": wrap_hash})
    return env


def stylesheet() -> bytes:
    return (resources.files("sanctionwatch") / "reports" / "templates" / "report.css").read_bytes()


# --- shaping -------------------------------------------------------------------------------------------

def letter_view(letter: dict[str, Any], as_of: str | None) -> dict[str, Any]:
    status = letter.get("status")
    if status == "replied":
        text = "Replied"
    elif status == "awaiting":
        text = f"Reply due {day(letter.get('deadline'))}"
    else:
        text = f"No reply as of {day(as_of)}"
    replies = sorted(letter.get("replies") or [], key=lambda r: (str(r.get("received_at") or ""),
                                                                 str(r.get("summary") or "")))
    return {**letter, "status_text": text, "replies": replies}


def finding(dossier: dict[str, Any], figure: dict[str, Any] | None) -> dict[str, Any]:
    as_of = dossier.get("as_of")
    letters = [letter_view(l, as_of) for l in sorted(dossier.get("correspondence") or [], key=lambda l: l["id"])]
    claim_ids = {c["id"] for c in dossier.get("claims") or []}
    claims = []
    for claim in sorted(dossier.get("claims") or [], key=lambda c: c["id"]):
        reviews = sorted(claim.get("reviews") or [], key=lambda r: (str(r.get("at")), str(r.get("reviewer"))))
        claims.append({
            **claim,
            "evidence": sorted(claim.get("evidence") or [], key=lambda e: e["id"]),
            "corrections": sorted(claim.get("corrections") or [], key=lambda c: str(c.get("at"))),
            "minority": [r for r in reviews if r.get("view") == "minority"],
            "concur": [r for r in reviews if r.get("view") != "minority"],
            "letters": [l for l in letters if l.get("claim_id") == claim["id"]],
        })
    from sanctionwatch.reports.collect import case_events

    events = case_events(dossier)
    tags = {m["id"]: m["tag"] for m in (figure or {}).get("markers", [])}
    return {
        "case": dossier["case"], "typology": dossier.get("typology") or {},
        "links": sorted(dossier.get("links") or [], key=lambda l: (str(l.get("kind")), str(l.get("ref")))),
        "claims": claims,
        "letters": [l for l in letters if l.get("claim_id") not in claim_ids],
        "evidence": sorted(dossier.get("evidence") or [], key=lambda e: e["id"]),
        "events": [{**e, "tag": tags.get(e["id"], f"E{n}")} for n, e in enumerate(events, start=1)],
        "figure": figure, "as_of": as_of,
    }


def sections(dossiers: Sequence[dict[str, Any]], order: Sequence[str],
             figures: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings grouped by typology in catalogue order (unknown typologies after, by name), numbered
    from II since I is the introduction."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for dossier in dossiers:
        groups.setdefault(str(dossier["case"].get("typology")), []).append(dossier)
    rank = {t: i for i, t in enumerate(order)}

    def key(typ: str) -> tuple[int, str]:
        name = str((groups[typ][0].get("typology") or {}).get("name") or typ)
        return (rank.get(typ, len(rank)), name.lower())

    out = []
    for n, typ in enumerate(sorted(groups, key=key), start=2):
        items = sorted(groups[typ], key=lambda d: d["case"]["id"])
        typology = items[0].get("typology") or {"id": typ, "name": typ}
        out.append({"number": ROMAN[n - 1] if n <= len(ROMAN) else str(n), "typology": typology,
                    "findings": [finding(d, figures.get(d["case"]["ref"])) for d in items]})
    return out


def summary(dossiers: Sequence[dict[str, Any]], data: dict[str, Any]) -> dict[str, Any]:
    by_typology: dict[str, dict[str, Any]] = {}
    claims = {"established": 0, "unverified": 0}
    letters = {k: 0 for k in LETTER_STATUS}
    evidence = 0
    for d in dossiers:
        typ = d.get("typology") or {"id": d["case"].get("typology"), "name": d["case"].get("typology")}
        entry = by_typology.setdefault(str(typ.get("id")), {"id": typ.get("id"), "name": typ.get("name"), "cases": 0})
        entry["cases"] += 1
        for claim in d.get("claims") or []:
            status = (claim.get("corroboration") or {}).get("status")
            claims["established" if status == "established" else "unverified"] += 1
        for letter in d.get("correspondence") or []:
            letters[letter.get("status") if letter.get("status") in letters else "no_reply"] += 1
        evidence += len(d.get("evidence") or [])
    order = {t: i for i, t in enumerate(data.get("typology_order") or [])}
    return {
        "cases": len(dossiers),
        "by_typology": sorted(by_typology.values(), key=lambda t: (order.get(str(t["id"]), len(order)),
                                                                  str(t["name"]).lower())),
        "claims": claims, "letters": letters, "evidence": evidence,
        "events": len(data.get("events") or []), "vessels": len(data.get("vessels") or []),
        "designated_vessels": sum(1 for v in data.get("vessels") or [] if v.get("designated")),
        "list_changes": len(data.get("list_changes") or []),
    }


def correspondence(dossiers: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for d in dossiers:
        for letter in d.get("correspondence") or []:
            rows.append({**letter_view(letter, d.get("as_of")), "case_ref": d["case"]["ref"]})
    return sorted(rows, key=lambda l: (str(l.get("sent_at")), l["case_ref"], l["id"]))


def evidence_register(dossiers: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    items: dict[int, dict[str, Any]] = {}
    for d in dossiers:
        for item in d.get("evidence") or []:
            entry = items.setdefault(item["id"], {**item, "cases": []})
            entry["cases"].append(d["case"]["ref"])
    for entry in items.values():
        entry["cases"] = sorted(set(entry["cases"]))
    return [items[k] for k in sorted(items)]


def manifest(data: dict[str, Any]) -> dict[str, Any]:
    """What the report was built from; its hash names the report."""
    dossiers = data.get("dossiers") or []
    body = {
        "title": data.get("title"), "period": data.get("period"), "as_of": data.get("as_of"),
        "cases": [{"ref": d["case"]["ref"], "id": d["case"]["id"], "dossier_sha256": sha256_of(d)}
                  for d in dossiers],
        "events_sha256": sha256_of(data.get("events") or []),
        "vessels_sha256": sha256_of(data.get("vessels") or []),
        "tracks_sha256": sha256_of(data.get("tracks") or {}),
        "list_changes": {"window": data.get("list_changes_window"), "count": len(data.get("list_changes") or []),
                         "sha256": sha256_of(data.get("list_changes") or [])},
        "provenance": data.get("provenance") or {},
        "maps": data.get("maps") or {},
        **({"petroleum_sha256": sha256_of(data["petroleum"])} if data.get("petroleum") else {}),
    }
    return {**body, "report_id": sha256_of(body)[:12]}


def context(data: dict[str, Any], figures: dict[str, Any], manifest_data: dict[str, Any]) -> dict[str, Any]:
    dossiers = sorted(data.get("dossiers") or [], key=lambda d: d["case"]["id"])
    prov = data.get("provenance") or {}
    as_of = data.get("as_of")
    return {
        "title": data.get("title") or "Monitoring report",
        "as_of": as_of, "period": data.get("period"),
        "report_id": manifest_data["report_id"],
        "symbol": f"SW/{str(as_of or '0000')[:4]}/{manifest_data['report_id']}",
        "summary": summary(dossiers, data),
        "sections": sections(dossiers, data.get("typology_order") or [], figures.get("cases", {})),
        "overview": figures.get("overview"),
        "petroleum": data.get("petroleum"), "petroleum_figure": figures.get("petroleum"),
        "corroboration_min": int((prov.get("settings") or {}).get("corroboration_min", 2)),
        "reply_days": int((prov.get("settings") or {}).get("reply_days", 30)),
        "reliability": ADMIRALTY_RELIABILITY, "credibility": ADMIRALTY_CREDIBILITY,
        "vessels": data.get("vessels") or [],
        "events": data.get("events") or [],
        "list_changes": data.get("list_changes") or [],
        "list_changes_window": data.get("list_changes_window") or [None, None],
        "correspondence": correspondence(dossiers),
        "evidence_register": evidence_register(dossiers),
        "provenance": prov,
        "manifest": manifest_data,
        "json": lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(", ", ": "), default=str),
    }


def render_html(data: dict[str, Any], figures: dict[str, Any], manifest_data: dict[str, Any]) -> str:
    return environment().get_template("report.html.j2").render(**context(data, figures, manifest_data))
