"""Reading the 1718 vessels table (CSV or JSON) into one row shape.

The Committee publishes the list only as a PDF. The CSV and JSON read here are a table extracted
from that PDF (see the data folder's PROVENANCE.md): the same 18 columns, with multi-valued cells
``|``-separated in the CSV and as lists in the JSON.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import ParseReport
from sanctionwatch.lists.sources.base import RawFile

# (CSV column, short key used in additional designations, the list's own column heading)
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("measure_p8d_res1718_p12_res2270", "p8d_1718_p12_2270",
     "Paragraph 8 (d) of resolution 1718 (2006) and paragraph 12 of resolution 2270 (2016)"),
    ("measure_p12a_res2321", "p12a_2321", "Paragraph 12 (a) of resolution 2321 (2016)"),
    ("measure_p12d_res2321", "p12d_2321", "Paragraph 12 (d) of resolution 2321 (2016)"),
    ("measure_p6_res2371_p6_res2375", "p6_2371_p6_2375",
     "Paragraph 6 of resolution 2371 (2017) and paragraph 6 of resolution 2375 (2017)"),
    ("measure_omm_economic_resource_KPe020", "omm_economic_resource",
     "Economic resources controlled or operated by Ocean Maritime Management (KPe.020)"),
)
MEASURE_COLUMNS = tuple(m[0] for m in MEASURES)
SHORT_TO_COLUMN = {m[1]: m[0] for m in MEASURES}

TEXT_COLUMNS = ("economic_resource_of", "flag", "call_sign", "vessel_type", "other_information", "picture_link")
CSV_COLUMNS = ("no", "primary_name", "other_names", "imo", "mmsi", "designation_date",
               "additional_designation_dates", *MEASURE_COLUMNS, *TEXT_COLUMNS)
CSV_HEADER_START = "no,primary_name,"
JSON_ITEM_KEYS = tuple(c for c in CSV_COLUMNS if c != "additional_designation_dates") + ("additional_designations",)
JSON_OPTIONAL_KEYS = ("designation_date_raw",)
JSON_TOP_KEYS = ("source", "derived_by", "vessels")


@dataclass
class Row:
    """One vessel as listed, before mapping. ``place`` names it for messages."""

    place: str
    line: int | None
    no: str
    primary_name: str
    other_names: list[str]
    imo: str
    mmsi: list[str]
    designation_date: str
    measures: dict[str, str]                       # CSV measure column -> cell ("Yes", "na")
    text: dict[str, str]                           # TEXT_COLUMNS -> cell
    # later designations: (date, {measure short key: cell}), e.g. ("2018-03-30", {"p12a_2321": "Yes"})
    additional: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    designation_date_raw: str | None = None        # JSON only: the PDF's "30-Mar-18"


def _decode(raw: RawFile) -> str:
    try:
        return raw.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.data[:exc.start].count(b"\n") + 1
        raise SourceFormatError(f"not UTF-8 text (byte 0x{raw.data[exc.start]:02x})",
                                file=raw.name, line=line) from None


def _split_bar(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


# ---------------------------------------------------------------- CSV

def read_csv(raw: RawFile, report: ParseReport) -> list[Row]:
    reader = csv.reader(io.StringIO(_decode(raw)), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise SourceFormatError("no header row", file=raw.name, line=1)
        index = _check_header(raw, [h.strip() for h in header], report)
        rows: list[Row] = []
        last_line = reader.line_num
        for cells in reader:
            # A quoted cell may span lines; report the line the record starts on.
            start, last_line = last_line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise SourceFormatError(f"row has {len(cells)} cells, the header has {len(header)} "
                                        "(truncated or shifted row)", file=raw.name, line=start)
            rows.append(_csv_row(raw, start, cells, index))
    except csv.Error as exc:
        raise SourceFormatError(f"broken CSV ({exc}; truncated file?)", file=raw.name,
                                line=reader.line_num) from None
    return rows


def _check_header(raw: RawFile, header: list[str], report: ParseReport) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in seen:
            raise SourceFormatError(f"column {name!r} appears twice", file=raw.name, line=1, field=name)
        seen[name] = i
    missing = [c for c in CSV_COLUMNS if c not in seen]
    if missing:
        raise SourceFormatError(f"missing column(s) {', '.join(missing)} (layout changed?)",
                                file=raw.name, line=1, field=missing[0])
    for name in seen:
        if name not in CSV_COLUMNS:
            report.unknown_field(name, f"{raw.basename} line 1")
    return seen


def _csv_row(raw: RawFile, line: int, cells: list[str], index: dict[str, int]) -> Row:
    def get(column: str) -> str:
        return cells[index[column]].strip()

    place = f"{raw.basename} line {line}"
    if not get("primary_name"):
        raise SourceFormatError("vessel without a primary name", file=raw.name, line=line, field="primary_name")
    additional = [_additional_from_text(part) for part in _split_bar(get("additional_designation_dates"))]
    return Row(place=place, line=line, no=get("no"), primary_name=get("primary_name"),
               other_names=_split_bar(get("other_names")), imo=get("imo"), mmsi=_split_bar(get("mmsi")),
               designation_date=get("designation_date"),
               measures={c: get(c) for c in MEASURE_COLUMNS}, text={c: get(c) for c in TEXT_COLUMNS},
               additional=additional)


def _additional_from_text(part: str) -> tuple[str, dict[str, str]]:
    # The derived CSV writes a later designation as "DATE:measure", e.g. HAO FAN 6's
    # "2018-03-30:p12a_2321" (its second designation under para 12 (a) of res. 2321).
    date, _, measures = part.partition(":")
    keys = [m.strip() for m in measures.replace("+", ",").split(",") if m.strip()]
    return date.strip(), {key: "Yes" for key in keys}


# ---------------------------------------------------------------- JSON

def read_json(raw: RawFile, report: ParseReport) -> tuple[list[Row], dict[str, Any]]:
    """The rows, and the document's top-level object (for its "source" text)."""
    try:
        doc = json.loads(_decode(raw))
    except json.JSONDecodeError as exc:
        raise SourceFormatError(f"invalid JSON ({exc.msg}; truncated file?)", file=raw.name,
                                line=exc.lineno) from None
    if not isinstance(doc, dict):
        raise SourceFormatError("the JSON is not an object with a \"vessels\" list", file=raw.name, line=1)
    vessels = doc.get("vessels")
    if not isinstance(vessels, list):
        raise SourceFormatError("no \"vessels\" list", file=raw.name, field="vessels")
    for key in doc:
        if key not in JSON_TOP_KEYS:
            report.unknown_field(key, raw.basename)
    return [_json_row(raw, i, item, report) for i, item in enumerate(vessels)], doc


def _json_row(raw: RawFile, i: int, item: Any, report: ParseReport) -> Row:
    where = f"vessels[{i}]"
    if not isinstance(item, dict):
        raise SourceFormatError("a vessel is not a JSON object", file=raw.name, field=where)
    for key in JSON_ITEM_KEYS:
        if key not in item:
            raise SourceFormatError(f"missing key {key!r} (layout changed?)", file=raw.name,
                                    field=f"{where}.{key}")
    place = f"{raw.basename} {where}"
    for key in item:
        if key not in JSON_ITEM_KEYS and key not in JSON_OPTIONAL_KEYS:
            report.unknown_field(key, place)

    def text(key: str) -> str:
        value = item[key]
        if value is None:
            return ""
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value).strip()
        raise SourceFormatError(f"expected a text value, got {type(value).__name__}", file=raw.name,
                                field=f"{where}.{key}")

    def many(key: str) -> list[str]:
        value = item[key]
        if isinstance(value, str):
            return _split_bar(value)
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            return [str(v).strip() for v in value if str(v).strip()]
        raise SourceFormatError("expected a list of texts", file=raw.name, field=f"{where}.{key}")

    if not text("primary_name"):
        raise SourceFormatError("vessel without a primary name", file=raw.name, field=f"{where}.primary_name")
    raw_date = item.get("designation_date_raw")
    return Row(place=place, line=None, no=text("no"), primary_name=text("primary_name"),
               other_names=many("other_names"), imo=text("imo"), mmsi=many("mmsi"),
               designation_date=text("designation_date"),
               measures={c: text(c) for c in MEASURE_COLUMNS}, text={c: text(c) for c in TEXT_COLUMNS},
               additional=_json_additional(raw, where, item["additional_designations"], report),
               designation_date_raw=str(raw_date).strip() if raw_date else None)


def _json_additional(raw: RawFile, where: str, value: Any,
                     report: ParseReport) -> list[tuple[str, dict[str, str]]]:
    if not isinstance(value, list):
        raise SourceFormatError("expected a list", file=raw.name, field=f"{where}.additional_designations")
    out: list[tuple[str, dict[str, str]]] = []
    for j, extra in enumerate(value):
        here = f"{where}.additional_designations[{j}]"
        if not isinstance(extra, dict) or not isinstance(extra.get("designation_date"), str):
            raise SourceFormatError("expected an object with a \"designation_date\"", file=raw.name, field=here)
        measures = extra.get("measures") or {}
        if not isinstance(measures, dict):
            raise SourceFormatError("expected an object", file=raw.name, field=f"{here}.measures")
        for key in extra:
            if key not in ("designation_date", "measures"):
                report.unknown_field(f"additional_designations.{key}", f"{raw.basename} {here}")
        out.append((extra["designation_date"].strip(), {str(k): str(v).strip() for k, v in measures.items()}))
    return out
