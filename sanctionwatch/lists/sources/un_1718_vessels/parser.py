"""UN 1718 Committee Designated Vessels List.

The Committee publishes this list only as a PDF. This source reads the table extracted from
that PDF, as CSV or as JSON (same columns); it does not read the PDF itself, so there is no
download URL. Each row becomes a Vessel with one Sanction per designation date.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import ParsedList, ParseReport
from sanctionwatch.lists.sources.base import ListSource, RawFile, refuse_unusable
from sanctionwatch.lists.sources.un_1718_vessels.mapping import RowMapper
from sanctionwatch.lists.sources.un_1718_vessels.rows import CSV_HEADER_START, Row, read_csv, read_json
from sanctionwatch.model.entities import EntityFactory

_JSON_VESSELS = re.compile(rb'"vessels"\s*:\s*\[')
_DOCUMENT_DATE = re.compile(r"dated\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})")
_FILENAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def is_json(raw: RawFile) -> bool:
    return raw.head(64).lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"{")


class Un1718VesselsSource(ListSource):
    name = "un_1718_vessels"
    title = "UN 1718 Committee Designated Vessels List"
    publisher = "UN Security Council Committee established pursuant to resolution 1718 (2006)"
    url = "https://main.un.org/securitycouncil/sanctions/1718/materials/1718-designated-vessels-list"
    update_urls = {}  # the official file is a PDF; the CSV/JSON table is extracted from it
    format = "csv|json"
    min_designations = 30
    max_designations = 500
    parser_version = "1"

    @classmethod
    def sniff(cls, raw: RawFile) -> bool:
        head = raw.head(4096).lstrip(b"\xef\xbb\xbf").lstrip()
        if head.startswith(b"{"):
            return bool(_JSON_VESSELS.search(head)) and (b'"primary_name"' in head or b'"imo"' in head)
        return head.decode("utf-8", "replace").lower().startswith(CSV_HEADER_START)

    def describe(self) -> dict[str, Any]:
        described = super().describe()
        described["note"] = ("The Committee publishes the list as a PDF only; this source reads the CSV or "
                             "JSON table extracted from that PDF (no official download).")
        return described

    def parse(self, files: list[RawFile]) -> ParsedList:
        if not files:
            raise SourceFormatError("no file given")
        parsed = [self._parse_one(raw) for raw in files]
        return _one_release(files, parsed)

    def _parse_one(self, raw: RawFile) -> ParsedList:
        refuse_unusable(raw)
        report = ParseReport()
        if is_json(raw):
            rows, doc = read_json(raw, report)
            published, basis = _published_from_document(doc, raw.basename, report)
        else:
            rows = read_csv(raw, report)
            published, basis = _published_from_filename(raw.basename)
        _check_numbering(rows, report)
        mapper = RowMapper(EntityFactory(self.name, self.title), report, self.url)
        designations = [mapper.map(row) for row in rows]
        mapper.shared_mmsi_warnings()
        return ParsedList(source=self.name, published=published, published_basis=basis,
                          designations=designations, report=report, records=len(rows))


def _published_from_document(doc: dict[str, Any], place: str, report: ParseReport) -> tuple[datetime | None, str]:
    # The JSON's "source" says '... (PDF, document dated 4 June 2020)'.
    text = doc.get("source")
    found = _DOCUMENT_DATE.search(text) if isinstance(text, str) else None
    if found:
        try:
            day = datetime.strptime(found.group(1), "%d %B %Y")
            return day.replace(tzinfo=timezone.utc), "file"
        except ValueError:
            report.unmapped_value("source (document date)", found.group(1), place)
    return None, "none"


def _published_from_filename(basename: str) -> tuple[datetime | None, str]:
    found = _FILENAME_DATE.search(basename)
    if found:
        try:
            return datetime.strptime(found.group(1), "%Y-%m-%d").replace(tzinfo=timezone.utc), "filename"
        except ValueError:
            pass
    return None, "none"


def _check_numbering(rows: list[Row], report: ParseReport) -> None:
    # Rows are numbered 1..59; a gap means a row was lost in extraction.
    numbers: list[int] = []
    for row in rows:
        if row.no.isdigit():
            numbers.append(int(row.no))
        else:
            report.unmapped_value("no", row.no, row.place)
    if numbers and sorted(numbers) != list(range(1, len(numbers) + 1)):
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        doubled = sorted({n for n in numbers if numbers.count(n) > 1})
        report.note(f"row numbers not 1..{len(numbers)} (missing {missing[:10]}, repeated {doubled[:10]})",
                    rows[0].place)


def _one_release(files: list[RawFile], parsed: list[ParsedList]) -> ParsedList:
    """The CSV and the JSON of one list are the same release: accept both only when they agree."""
    if len(parsed) == 1:
        return parsed[0]
    references = [sorted(d.reference for d in p.designations) for p in parsed]
    if any(r != references[0] for r in references[1:]):
        raise SourceFormatError("these files list different vessels; load them one at a time",
                                file=", ".join(f.name for f in files))
    # Prefer the file whose date was read from its content (the JSON's document date).
    best = min(range(len(parsed)), key=lambda i: {"file": 0, "filename": 1}.get(parsed[i].published_basis, 2))
    chosen = parsed[best]
    for i, raw in enumerate(files):
        if i != best:
            chosen.report.note(f"same vessels also given in {raw.basename}; used {files[best].basename}",
                               files[best].basename)
    return chosen

