"""Trade findings as cases: one case per finding, the data row(s) as ``trade_record`` evidence, one claim
citing the paragraph. A finding already filed (its id in a case summary) is not filed twice."""

from __future__ import annotations

import json
from typing import Any, Sequence

from sanctionwatch.errors import NotFound

MARK = "[trade finding {id}]"
# A finding whose typology the catalogue lacks is filed under banned-export, and the case summary says so.
FALLBACK = {"banned-import": "banned-export"}


def _typology(wanted: str) -> tuple[str, str]:
    from sanctionwatch.cases.catalogue import get_typology

    try:
        get_typology(wanted)
        return wanted, ""
    except NotFound:
        fallback = FALLBACK.get(wanted, "banned-export")
        return fallback, f" Filed under {fallback}: the typology catalogue has no '{wanted}' yet."


def open_trade_cases(findings: Sequence[dict[str, Any]], *, severities: Sequence[str] = ("high",),
                     store: Any = None, actor: str | None = None) -> list[dict[str, Any]]:
    """Open a case for each finding of the given severities that has a typology; returns
    ``[{"finding", "case", "evidence", "claim", "already"}]``."""
    from sanctionwatch.cases import add_claim, add_evidence, list_cases, open_case

    existing = {}
    for case in list_cases(store=store):
        for f in findings:
            if MARK.format(id=f["id"]) in (case.get("summary") or ""):
                existing[f["id"]] = case
    out = []
    for f in findings:
        if f["severity"] not in severities or not f.get("typology"):
            continue
        if f["id"] in existing:
            out.append({"finding": f["id"], "case": existing[f["id"]]["ref"], "already": True})
            continue
        typology, note = _typology(f["typology"])
        periods = sorted(r["period"] for r in f["records"])
        start, end = _period(periods[0])[0], _period(periods[-1])[1]
        rules = "; ".join(f"{m['resolution']} {m['paragraph']}{'' if m['verified'] else ' (citation unchecked)'}"
                          for m in f["measures"])
        case = open_case(typology, f["summary"][:300],
                         summary=f"{f['check']} {f['kind']}: {f['summary']}. Rules: {rules}.{note} "
                                 f"{MARK.format(id=f['id'])}",
                         period_start=start, period_end=end, store=store, actor=actor)
        evidence_ids = []
        for r in f["records"]:
            body = json.dumps(r, sort_keys=True, ensure_ascii=False, indent=1, default=str).encode()
            reporter = r.get("reporter_name") or r.get("reporter_iso") or str(r["reporter_code"])
            ev = add_evidence(body, filename=f"{r['filename']}-row{r['row_number']}.json", kind="trade_record",
                              source=f"{reporter} customs statistics via UN Comtrade", source_kind="state",
                              origin_chain=[f"{reporter} customs", "UN Comtrade", r["filename"]],
                              credibility=3, title=f"{r['filename']} row {r['row_number']}",
                              description=f"Comtrade row: {r['flow']} HS {r['hs']} {r['period']}, "
                                          f"file SHA-256 {r['file_sha256']}",
                              case_id=case["id"], store=store, actor=actor)
            evidence_ids.append(ev["id"])
        claim = add_claim(case["id"], f"{f['summary']}.", evidence_ids=evidence_ids, store=store, actor=actor)
        out.append({"finding": f["id"], "case": case["ref"], "evidence": evidence_ids, "claim": claim["id"],
                    "already": False})
    return out


def _period(period: str) -> tuple[str, str]:
    from sanctionwatch.trade.checks import period_bounds

    row = {"year": int(period[:4]), "month": int(period[4:]) if len(period) == 6 else None}
    start, end = period_bounds(row)
    return f"{start.isoformat()}T00:00:00", f"{end.isoformat()}T00:00:00"
