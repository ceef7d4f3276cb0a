"""OFAC's legacy CSV set: sdn.csv (mandatory), add.csv, alt.csv, sdn_comments.csv.

The files have no header row; ``-0- `` (with a trailing space) is the null marker; lines end in
CRLF and the file in a 0x1A (Ctrl-Z) byte. The files of one download are linked by ent_num.
The non-SDN Consolidated list ships the same layout as cons_prim.csv, cons_add.csv,
cons_alt.csv and cons_comments.csv.
"""

from __future__ import annotations

import csv
import io
from typing import Iterator

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import ParseReport
from sanctionwatch.lists.sources.base import RawFile
from sanctionwatch.lists.sources.ofac_sdn.builder import Entry, ReleaseBuilder
from sanctionwatch.lists.sources.ofac_sdn.remarks import parse_item, split_remarks

COLUMNS = {"sdn": 12, "add": 6, "alt": 5, "comments": 2}
FILE_NAMES = {"sdn": "sdn.csv", "add": "add.csv", "alt": "alt.csv", "comments": "sdn_comments.csv"}
_ROLE_BY_STEM = {
    "sdn": "sdn", "add": "add", "alt": "alt", "sdn_comments": "comments",
    "cons_prim": "sdn", "cons_add": "add", "cons_alt": "alt", "cons_comments": "comments",
}
SDN_TYPES = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft", "-0-": "entity"}
ALT_TYPES = ("aka", "fka", "nka")
REMARKS_CAP = 1000   # OFAC cuts Remarks here and continues them in sdn_comments.csv


def null(value: str) -> str | None:
    text = value.strip()
    return None if not text or text == "-0-" else text


def role_from_name(basename: str) -> str | None:
    """sdn.csv, ADD.CSV, alt.csv, SDN_COMMENTS.CSV, cons_prim.csv ... (case-insensitive)."""
    stem, dot, ext = basename.lower().rpartition(".")
    if not dot or ext != "csv":
        return None
    return _ROLE_BY_STEM.get(stem)


def role_from_row(row: list[str]) -> str | None:
    """The file's role from its first row: an integer ent_num and the column count, with the
    type column checked where there is one."""
    if not row or not row[0].strip().isdigit():
        return None
    n = len(row)
    if n == 12 and row[2].strip().lower() in SDN_TYPES:
        return "sdn"
    if n == 6 and row[1].strip().isdigit():
        return "add"
    if n == 5 and row[1].strip().isdigit() and row[2].strip().lower() in ALT_TYPES:
        return "alt"
    if n == 2:
        return "comments"
    return None


def first_row(data: bytes) -> list[str] | None:
    """The first row of a headerless CSV, read from the head only (for sniffing)."""
    head = data[:8192]
    if len(data) > len(head):
        cut = head.rfind(b"\n")
        if cut < 0:
            return None
        head = head[:cut + 1]
    try:
        text = head.decode("cp1252", errors="replace").lstrip("\ufeff")
        return next(csv.reader(io.StringIO(text, newline="")), None)
    except csv.Error:
        return None


def decode(raw: RawFile, report: ParseReport) -> str:
    """OFAC writes Windows-1252 (its own data is ASCII: neither real file has a byte above
    0x7F). cp1252 over Latin-1 because a byte in 0x80-0x9F from a Windows tool is a typographic
    quote or dash, not a C1 control; the five bytes cp1252 leaves undefined fall back to Latin-1.
    UTF-8 is taken when the bytes are valid UTF-8 with non-ASCII (a re-saved file)."""
    data = raw.data
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("utf-8")
        report.note("non-ASCII text decoded as UTF-8 (OFAC writes Windows-1252)", raw.name)
        return text
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        report.note("bytes undefined in Windows-1252, decoded as Latin-1", raw.name)
        return data.decode("latin-1")


def read_rows(raw: RawFile, role: str, report: ParseReport) -> Iterator[tuple[int, list[str]]]:
    """(line, row) of one file, checking the column count of every row. A file that stops in
    the middle of a row (a cut download) is reported as truncated, with the row's line."""
    text = decode(raw, report)
    body = text.rstrip("\x1a")
    if len(body) == len(text):
        report.note("no end-of-file marker (0x1A) after the last row: cannot confirm the file is complete",
                    raw.name)
    # OFAC ends every row with CRLF and the file with 0x1A: a last row with no line end is a
    # cut download even when its column count happens to be right ("-0- " cut to "-0").
    complete = body.endswith("\n")
    last_line = _physical_lines(body)
    columns = COLUMNS[role]
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not complete and reader.line_num >= last_line:
                raise _truncated(raw, start, len(row), columns)
            if not row or row == [""]:
                continue
            if len(row) != columns:
                raise SourceFormatError(f"{len(row)} columns, expected {columns} for {FILE_NAMES[role]} "
                                        f"(changed layout?)", file=raw.name, line=start)
            yield start, row
    except csv.Error as exc:
        if not complete:
            raise _truncated(raw, line, None, columns) from exc
        raise SourceFormatError(f"malformed CSV ({exc})", file=raw.name, line=line) from exc


def _physical_lines(body: str) -> int:
    return body.count("\n") + (0 if body.endswith("\n") else 1)


def _truncated(raw: RawFile, line: int, found: int | None, columns: int) -> SourceFormatError:
    what = f"{found} of {columns} columns" if found is not None else "inside a quoted field"
    return SourceFormatError(f"truncated file: the last row stops mid-row ({what}, no line end)",
                             file=raw.name, line=line)


def ent_num(raw: RawFile, line: int, value: str) -> str:
    text = value.strip()
    if not text.isdigit():
        raise SourceFormatError(f"ent_num {text[:20]!r} is not an integer", file=raw.name, line=line,
                                field="ent_num")
    return str(int(text))


def assign_roles(files: list[RawFile]) -> dict[str, RawFile]:
    """Each file's role by its name, or by its first row when the name says nothing."""
    roles: dict[str, RawFile] = {}
    for raw in files:
        role = role_from_name(raw.basename) or role_from_row(first_row(raw.data) or [])
        if role is None:
            raise SourceFormatError("not a file of OFAC's CSV set (sdn.csv: 12 columns, add.csv: 6, "
                                    "alt.csv: 5, sdn_comments.csv: 2, first column an integer ent_num)",
                                    file=raw.name, line=1)
        if role in roles:
            raise SourceFormatError(f"two {FILE_NAMES[role]} files in one release "
                                    f"({roles[role].name} and {raw.name})", file=raw.name)
        roles[role] = raw
    if "sdn" not in roles:
        given = ", ".join(r.basename for r in roles.values())
        raise SourceFormatError(f"sdn.csv is missing: {given} only link to its entries and cannot be "
                                f"loaded without it", file=next(iter(roles.values())).name)
    return roles


def parse_csv_set(files: list[RawFile], builder: ReleaseBuilder) -> int:
    """Read the set into the builder; returns the number of sdn.csv rows."""
    roles = assign_roles(files)
    report = builder.report
    comments = _read_comments(roles["comments"], report) if "comments" in roles else {}
    sdn = roles["sdn"]
    records = 0
    for line, row in read_rows(sdn, "sdn", report):
        records += 1
        entry = _entry(sdn, line, row, comments, report)
        if entry is not None:
            builder.add_entry(entry)
    for number in comments.keys() - builder.targets.keys():
        report.note("sdn_comments.csv row for an unknown ent_num", f"{roles['comments'].name}: ent_num {number}")
    if "add" in roles:
        _read_addresses(roles["add"], builder)
    if "alt" in roles:
        _read_aliases(roles["alt"], builder)
    return records


def _read_comments(raw: RawFile, report: ParseReport) -> dict[str, str]:
    """ent_num -> the rest of its remarks. The continuation follows the cut directly, even
    mid-word: 12300's remarks end "PROMO RAI" and its comment starts "Z S.A.S.; ..."."""
    comments: dict[str, str] = {}
    for line, row in read_rows(raw, "comments", report):
        number = ent_num(raw, line, row[0])
        text = row[1] if null(row[1]) else ""
        comments[number] = comments.get(number, "") + text
    return comments


def _entry(raw: RawFile, line: int, row: list[str], comments: dict[str, str],
           report: ParseReport) -> Entry | None:
    number = ent_num(raw, line, row[0])
    place = f"{raw.basename} line {line} (ent_num {number})"
    name = null(row[1])
    if name is None:
        report.note("entry without SDN_Name, skipped", place)
        return None
    raw_type = null(row[2]) or "-0-"
    sdn_type = SDN_TYPES.get(raw_type.lower(), raw_type.lower())
    entry = Entry(ent_num=number, sdn_type=sdn_type, name=name, programs=split_programs(row[3]),
                  place=place, title=null(row[4]))
    for index, key in ((5, "call_sign"), (6, "type"), (7, "tonnage"), (8, "grt"), (9, "flag"), (10, "owner")):
        value = null(row[index])
        if value:
            entry.vessel[key] = value
    remarks = row[11] if null(row[11]) else ""
    continuation = comments.get(number)
    items = split_remarks(remarks + (continuation or ""))
    if len(remarks) >= REMARKS_CAP and not continuation and items and not remarks.rstrip().endswith(";"):
        # cut mid-item with no continuation: "a.k.a. 'WHOIS HACKIN" (LAZARUS GROUP, 2024)
        entry.cut_item = items.pop()
    add_items(entry, items)
    return entry


def add_items(entry: Entry, items: list[str]) -> None:
    for item in items:
        feature = parse_item(item)
        if feature is None:
            entry.free_text.append(item)
        else:
            entry.features.append(feature)


def split_programs(value: str) -> list[str]:
    """"NPWMD] [DPRK2" -> ["NPWMD", "DPRK2"] (the field holds "[A] [B]" with the outer brackets cut)."""
    text = null(value)
    if text is None:
        return []
    programs = []
    for part in text.split("] ["):
        code = part.strip().strip("[]").strip()
        if code and code not in programs:
            programs.append(code)
    return programs


def _read_addresses(raw: RawFile, builder: ReleaseBuilder) -> None:
    for line, row in read_rows(raw, "add", builder.report):
        number = ent_num(raw, line, row[0])
        place = f"{raw.basename} line {line} (ent_num {number})"
        # City/State/Province/Postal Code is one column ("London EC3N 1DY"): kept whole as city
        builder.add_address(number, row[1].strip(), place, street=null(row[2]), city=null(row[3]),
                            country=null(row[4]), remarks=null(row[5]))


def _read_aliases(raw: RawFile, builder: ReleaseBuilder) -> None:
    for line, row in read_rows(raw, "alt", builder.report):
        number = ent_num(raw, line, row[0])
        place = f"{raw.basename} line {line} (ent_num {number})"
        name = null(row[3])
        if name is None:
            builder.report.note("alt.csv row without a name", place)
            continue
        remark = null(row[4])
        weak = bool(remark and "weak" in remark.lower())
        if remark and not weak:
            # every alt_remarks in the 2021 set is null; anything else is new
            builder.report.unmapped_value("alt_remarks", remark, place)
            target = builder.targets.get(number)
            if target is not None:
                builder.factory.add(target.entity, "notes", f"{name}: {remark}")
        builder.add_alias(number, null(row[2]) or "aka", name, place, weak=weak)
