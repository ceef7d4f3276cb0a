"""Checks on partner-reported trade with the DPRK (domain.md 5.4).

* TC-1 ``banned-trade``: a flow with the DPRK (partner 408) in an HS code banned in that direction on the
  row's dates, with the paragraph; a period that begins before the ban (an annual figure of the ban's
  year) or lies in its wind-down is ``spans-ban`` / ``in-grace`` instead, for review.
* ``ban-jump`` / ``ban-vanish``: the value of a banned code in the 12 months (or the year) after the ban
  compared with before: rising across a ban is a violation signal; vanishing is what compliance looks
  like, but also what a reporting gap looks like (TC-8), so it is listed, not alleged.
* TC-4 ``mirror-gap``: the same flow reported by both sides (A's exports to B, B's imports from A; same
  period and code) whose values differ beyond ``MIRROR_RATIO``.
* TC-2 ``code-mixup``: rows kept with a DPRK/Republic of Korea flag, for follow-up with the reporter.

Directions are the DPRK's: a partner's imports from the DPRK are DPRK exports.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, Sequence

from sanctionwatch.trade.comtrade import DPRK
from sanctionwatch.trade.rules import coverage, matching_bans, measure_view, rules

# TC-4 [K]: "e.g. partner import value > 1.5 x reporter export value, or the reverse". CIF exceeds FOB by
# freight and insurance, roughly 5-10 %, so 1.5 leaves room for that and for timing.
MIRROR_RATIO = 1.5
# A banned code rising by more than this factor across its ban date is a jump (same threshold, same basis).
JUMP_RATIO = 1.5


def dprk_direction(row: dict[str, Any]) -> str | None:
    if row["partner_code"] == DPRK[0]:
        return "export" if row["flow"] in ("M", "RM") else "import"
    if row["reporter_code"] == DPRK[0]:
        return "import" if row["flow"] in ("M", "RM") else "export"
    return None


def period_bounds(row: dict[str, Any]) -> tuple[date, date]:
    if row["month"]:
        start = date(row["year"], row["month"], 1)
        end = date(row["year"] + (row["month"] == 12), row["month"] % 12 + 1, 1)
    else:
        start, end = date(row["year"], 1, 1), date(row["year"] + 1, 1, 1)
    return start, end                     # end exclusive


def record_view(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("filename", "file_sha256", "row_number", "reporter_code", "reporter_iso", "reporter_name",
            "partner_code", "partner_iso", "partner_name", "flow", "period", "hs", "hs_desc", "value_usd",
            "cif_usd", "fob_usd", "net_kg", "qty", "qty_unit", "flags")
    return {k: row.get(k) for k in keys}


def _finding(check: str, kind: str, severity: str, summary: str, records: list[dict[str, Any]],
             measures: list[dict[str, Any]], typology: str | None) -> dict[str, Any]:
    views = [record_view(r) for r in records]
    key = json.dumps([kind, [(v["file_sha256"], v["row_number"]) for v in views],
                      [m["id"] for m in measures]], sort_keys=True)
    return {"id": hashlib.sha256(key.encode()).hexdigest()[:12], "check": check, "kind": kind,
            "severity": severity, "summary": summary, "records": views, "measures": measures,
            "typology": typology}


def _typology(direction: str, measures: Sequence[dict[str, Any]]) -> str:
    if direction == "export":
        return "coal-export" if any(m["id"].startswith("COAL") for m in measures) else "banned-export"
    if any(m["id"].startswith(("RP-", "CRUDE")) for m in measures):
        return "petroleum-over-cap"
    return "banned-import"


def _party(row: dict[str, Any], side: str) -> str:
    return row.get(f"{side}_name") or row.get(f"{side}_iso") or str(row[f"{side}_code"])


def _money(value: float | None) -> str:
    return "no value" if value is None else f"US${value:,.0f}"


def banned_trade(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        direction = dprk_direction(row)
        if direction is None or row["hs"] == "TOTAL" or row["flags"] or not (row["value_usd"] or row["net_kg"]):
            continue
        start, end = period_bounds(row)
        last_day = date.fromordinal(end.toordinal() - 1)
        found = [(r, c) for r, c in matching_bans(row["hs"], direction, last_day) if r["status"] == "banned"]
        if not found:
            continue
        measures = [measure_view(r, c) for r, c in found]
        cites = "; ".join(f"{m['resolution']} {m['paragraph']}{'' if m['verified'] else ' (unchecked)'}"
                          for m in measures)
        full = [r for r, c in found if c == "full"]
        if not full:
            kind, severity = "partial-code", "review"
        elif all(date.fromisoformat(r["effective"]) > start for r in full):
            kind, severity = "spans-ban", "review"
        elif all(r.get("grace_until") and last_day <= date.fromisoformat(r["grace_until"]) for r in full):
            kind, severity = "in-grace", "review"
        else:
            kind, severity = "banned-trade", "high"
        verb = "imports from" if direction == "export" else "exports to"
        what = {"partial-code": "includes banned sub-codes", "spans-ban": "period begins before the ban",
                "in-grace": "within the ban's wind-down", "banned-trade": "after the ban"}[kind]
        summary = (f"{_party(row, 'reporter')} reports {verb} the DPRK of HS {row['hs']} in {row['period']}: "
                   f"{_money(row['value_usd'])} ({what}; {cites})")
        out.append(_finding("TC-1", kind, severity, summary, [row], measures, _typology(direction, measures)))
    return out


def _window_sum(rows: Sequence[dict[str, Any]], lo: date, hi: date, monthly: bool) -> tuple[float, bool]:
    total, seen = 0.0, False
    for r in rows:
        start, end = period_bounds(r)
        if bool(r["month"]) == monthly and lo <= start and end <= hi:
            total += r["value_usd"] or 0.0
            seen = True
    return total, seen


def ban_changes(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Values of banned codes before and after each ban's date, per reporter, flow and code."""
    series: dict[tuple, list[dict[str, Any]]] = {}
    active: dict[tuple, set[tuple[int, int]]] = {}
    for row in rows:
        direction = dprk_direction(row)
        if direction is None or row["flags"]:
            continue
        start, _ = period_bounds(row)
        active.setdefault((row["reporter_code"], direction), set()).add((start.year, start.month if row["month"] else 0))
        if row["hs"] != "TOTAL":
            series.setdefault((row["reporter_code"], direction, row["hs"]), []).append(row)
    out = []
    for (reporter, direction, hs), items in sorted(series.items()):
        for ban in rules()["sectoral_bans"]:
            if ban["direction"] != direction or ban["status"] != "banned" or \
                    not any(coverage(hs, c) == "full" for c in ban["hs"]):
                continue
            eff = date.fromisoformat(ban["grace_until"] or ban["effective"])
            monthly = any(r["month"] for r in items)
            if monthly:
                before_lo, before_hi = date(eff.year - 1, eff.month, 1), date(eff.year, eff.month, 1)
                after_lo = date(eff.year + (eff.month == 12), eff.month % 12 + 1, 1)
                after_hi = date(after_lo.year + 1, after_lo.month, 1)
            else:
                before_lo, before_hi = date(eff.year - 1, 1, 1), date(eff.year, 1, 1)
                after_lo, after_hi = date(eff.year + 1, 1, 1), date(eff.year + 2, 1, 1)
            before, seen_before = _window_sum(items, before_lo, before_hi, monthly)
            after, seen_after = _window_sum(items, after_lo, after_hi, monthly)
            reported_after = any(after_lo <= date(y, m or 1, 1) < after_hi and bool(m) == monthly
                                 for y, m in active.get((reporter, direction), ()))
            m = measure_view(ban, "full")
            who = _party(items[0], "reporter")
            span = f"{before_lo:%Y-%m}..{before_hi:%Y-%m} vs {after_lo:%Y-%m}..{after_hi:%Y-%m}"
            after_rows = [r for r in items if after_lo <= period_bounds(r)[0] < after_hi]
            if seen_before and seen_after and after > 0 and after > JUMP_RATIO * before:
                out.append(_finding("TC-1", "ban-jump", "high",
                                    f"{who}: HS {hs} with the DPRK rose from {_money(before)} to {_money(after)} "
                                    f"across {ban['resolution']} {ban['paragraph']} ({span})",
                                    after_rows, [m], _typology(direction, [m])))
            elif before > 0 and after == 0 and reported_after:
                out.append(_finding("TC-8", "ban-vanish", "info",
                                    f"{who}: HS {hs} with the DPRK fell from {_money(before)} to nothing across "
                                    f"{ban['resolution']} {ban['paragraph']} ({span}); compliance, or a reporting gap",
                                    [r for r in items if before_lo <= period_bounds(r)[0] < before_hi], [m], None))
    return out


def mirror_gaps(rows: Sequence[dict[str, Any]], ratio: float = MIRROR_RATIO) -> list[dict[str, Any]]:
    exports = {(r["reporter_code"], r["partner_code"], r["period"], r["hs"]): r for r in rows
               if r["flow"] == "X" and not r["flags"]}
    out = []
    for r in rows:
        if r["flow"] != "M" or r["flags"]:
            continue
        x = exports.get((r["partner_code"], r["reporter_code"], r["period"], r["hs"]))
        if x is None or not x["value_usd"] or not r["value_usd"]:
            continue
        gap = r["value_usd"] / x["value_usd"]
        if gap > ratio or gap < 1 / ratio:
            out.append(_finding("TC-4", "mirror-gap", "review",
                                f"HS {r['hs']} {r['period']}: {_party(r, 'reporter')} reports imports of "
                                f"{_money(r['value_usd'])} from {_party(x, 'reporter')}, which reports exports of "
                                f"{_money(x['value_usd'])} (ratio {gap:.2f}; expected about 1.05-1.10, CIF over FOB)",
                                [x, r], [], None))
    return out


def mixups(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_finding("TC-2", "code-mixup", "review",
                     f"{r['filename']} row {r['row_number']}: DPRK/Republic of Korea codes disagree "
                     f"({', '.join(r['flags'])}); follow up with the reporter", [r], [], None)
            for r in rows if r["flags"]]


def check_trade(*, store: Any = None, rows: Sequence[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every finding on the stored trade rows (or on ``rows``), high severity first."""
    if rows is None:
        from sanctionwatch.trade.records import trade_rows

        rows = trade_rows(store=store)
    findings = banned_trade(rows) + ban_changes(rows) + mirror_gaps(rows) + mixups(rows)
    order = {"high": 0, "review": 1, "info": 2}
    return sorted(findings, key=lambda f: (order[f["severity"]], f["check"], f["summary"]))
