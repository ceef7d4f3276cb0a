"""UN Comtrade files -> trade rows: the API v1 JSON (``{"count", "data": [...]}``) and the bulk/legacy
CSV layout (``Trade Flow Code``, ``Reporter Code``, ``Commodity Code``, ``Trade Value (US$)`` ...).

A row naming the DPRK by one code and the Republic of Korea by another (408 with KOR, 410 with PRK, or
a description that contradicts the code) is the mix-up the Panel heard most from States explaining a
flag (domain.md 5.4, TC-2). It is refused with one line naming file, row and field, or, when the caller
asks for it, kept with the flag ``kor-prk-mixup`` so the checks report it instead of a violation.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from sanctionwatch.errors import SourceFormatError

DPRK, ROK = (408, "PRK"), (410, "KOR")
WORLD_CODES = {0}
FLOWS = {"M": "M", "X": "X", "RM": "RM", "RX": "RX", "1": "M", "2": "X", "3": "RX", "4": "RM",
         "IMPORT": "M", "EXPORT": "X", "RE-EXPORT": "RX", "RE-IMPORT": "RM"}
# The legacy CSV header (domain.md 5.2) -> API v1 names.
LEGACY = {"Classification": "classificationCode", "Year": "refYear", "Period": "period",
          "Trade Flow Code": "flowCode", "Reporter Code": "reporterCode", "Reporter": "reporterDesc",
          "Reporter ISO": "reporterISO", "Partner Code": "partnerCode", "Partner": "partnerDesc",
          "Partner ISO": "partnerISO", "Commodity Code": "cmdCode", "Commodity": "cmdDesc",
          "Qty Unit": "qtyUnitAbbr", "Qty": "qty", "Netweight (kg)": "netWgt",
          "Trade Value (US$)": "primaryValue", "CIF Trade Value (US$)": "cifvalue",
          "FOB Trade Value (US$)": "fobvalue", "Aggregate Level": "aggrLevel"}
REQUIRED = ("reporterCode", "partnerCode", "flowCode", "period", "cmdCode", "primaryValue")


@dataclass
class Parsed:
    format: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    mixups: int = 0


def _int(value: Any, file: str, row: int, name: str) -> int:
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        raise SourceFormatError(f"{value!r} is not a number", file=file, line=row, field=name) from None


def _float(value: Any, file: str, row: int, name: str) -> float | None:
    if value is None or str(value).strip() in ("", "null", "NA"):
        return None
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise SourceFormatError(f"{value!r} is not a number", file=file, line=row, field=name) from None


def mixup(code: int, iso: str | None, desc: str | None) -> str | None:
    """Why a party's code, ISO code and name disagree on DPRK vs Republic of Korea, or None."""
    iso = (iso or "").strip().upper()
    text = (desc or "").casefold()
    says_dprk = "people" in text or "dem." in text or "north" in text or "dprk" in text
    says_rok = ("korea" in text and not says_dprk) or "rep. of korea" == text.strip()
    if code == DPRK[0] and iso == ROK[1]:
        return "code 408 (DPRK) with ISO KOR (Republic of Korea)"
    if code == ROK[0] and iso == DPRK[1]:
        return "code 410 (Republic of Korea) with ISO PRK (DPRK)"
    if code == DPRK[0] and says_rok:
        return f"code 408 (DPRK) named {desc!r}"
    if code == ROK[0] and says_dprk:
        return f"code 410 (Republic of Korea) named {desc!r}"
    return None


def _row(raw: dict[str, Any], file: str, n: int, flag_mixups: bool) -> dict[str, Any]:
    missing = [k for k in REQUIRED if raw.get(k) in (None, "")]
    if missing:
        raise SourceFormatError("missing value", file=file, line=n, field=missing[0])
    flow = FLOWS.get(str(raw["flowCode"]).strip().upper())
    if flow is None:
        raise SourceFormatError(f"flow {raw['flowCode']!r} is not M, X, RM, RX (or 1-4)", file=file, line=n,
                                field="flowCode")
    period = str(raw["period"]).strip()
    if not re.fullmatch(r"\d{4}(\d{2})?", period):
        raise SourceFormatError(f"period {period!r}: expected YYYY or YYYYMM", file=file, line=n, field="period")
    year, month = int(period[:4]), (int(period[4:]) if len(period) == 6 else None)
    if month is not None and not 1 <= month <= 12:
        raise SourceFormatError(f"period {period!r}: month {month}", file=file, line=n, field="period")
    hs = str(raw["cmdCode"]).strip().upper()
    if hs != "TOTAL" and not re.fullmatch(r"\d{2}(\d{2}){0,2}", hs):
        raise SourceFormatError(f"commodity {hs!r}: not TOTAL or an HS code of 2, 4 or 6 digits", file=file,
                                line=n, field="cmdCode")
    flags = []
    parties = {}
    for side in ("reporter", "partner"):
        code = _int(raw[f"{side}Code"], file, n, f"{side}Code")
        iso = (raw.get(f"{side}ISO") or "").strip().upper() or None
        why = mixup(code, iso, raw.get(f"{side}Desc"))
        if why:
            if not flag_mixups:
                raise SourceFormatError(f"DPRK/Republic of Korea mix-up: {why}; correct the row or import with "
                                        f"--flag-mixups to keep it flagged", file=file, line=n, field=f"{side}ISO")
            flags.append(f"kor-prk-mixup:{side}")
        parties[side] = (code, iso, (raw.get(f"{side}Desc") or "").strip() or None)
    value = _float(raw["primaryValue"], file, n, "primaryValue")
    return {
        "row_number": n, "reporter_code": parties["reporter"][0], "reporter_iso": parties["reporter"][1],
        "reporter_name": parties["reporter"][2], "partner_code": parties["partner"][0],
        "partner_iso": parties["partner"][1], "partner_name": parties["partner"][2], "flow": flow,
        "year": year, "month": month, "period": period, "hs": hs,
        "hs_desc": (raw.get("cmdDesc") or "").strip() or None,
        "classification": (str(raw.get("classificationCode") or "").strip() or None),
        "value_usd": value, "cif_usd": _float(raw.get("cifvalue"), file, n, "cifvalue"),
        "fob_usd": _float(raw.get("fobvalue"), file, n, "fobvalue"),
        "net_kg": _float(raw.get("netWgt"), file, n, "netWgt"), "qty": _float(raw.get("qty"), file, n, "qty"),
        "qty_unit": (str(raw.get("qtyUnitAbbr") or "").strip() or None), "flags": flags,
    }


def _json_rows(data: bytes, file: str) -> Iterable[tuple[int, dict[str, Any]]]:
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise SourceFormatError(f"not JSON ({getattr(exc, 'msg', exc)})", file=file, line=line) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise SourceFormatError("not a Comtrade API v1 response (no \"data\" list)", file=file, field="data")
    if doc.get("error"):
        raise SourceFormatError(f"the API answered with an error: {doc['error']}", file=file, field="error")
    for i, item in enumerate(doc["data"], start=1):
        if not isinstance(item, dict):
            raise SourceFormatError("record is not an object", file=file, line=i, field="data")
        yield i, item


def _csv_rows(data: bytes, file: str) -> Iterable[tuple[int, dict[str, Any]]]:
    text = data.decode("utf-8-sig", errors="strict")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    legacy = "Trade Flow Code" in header or "Commodity Code" in header
    if not legacy and "flowCode" not in header:
        raise SourceFormatError("not a Comtrade CSV (no 'Trade Flow Code'/'Commodity Code' or 'flowCode' column)",
                                file=file, line=1)
    for n, raw in enumerate(reader, start=2):
        raw = {(k or "").strip(): v for k, v in raw.items()}
        yield n, ({LEGACY.get(k, k): v for k, v in raw.items()} if legacy else raw)


def parse_comtrade(data: bytes, filename: str, *, flag_mixups: bool = False) -> Parsed:
    """All rows of one file, or SourceFormatError naming file, row (JSON: record number; CSV: line) and field."""
    if not data.strip():
        raise SourceFormatError("empty file", file=filename)
    head = data.lstrip()[:1]
    fmt = "comtrade-api-v1-json" if head in (b"{", b"[") else "comtrade-csv"
    try:
        rows_in = list(_json_rows(data, filename) if fmt.endswith("json") else _csv_rows(data, filename))
    except UnicodeDecodeError:
        raise SourceFormatError("not UTF-8 text", file=filename) from None
    parsed = Parsed(format=fmt)
    for n, raw in rows_in:
        row = _row(raw, filename, n, flag_mixups)
        parsed.mixups += bool(row["flags"])
        parsed.rows.append(row)
    return parsed
