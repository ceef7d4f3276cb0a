"""OFAC's SDN list: the legacy CSV set (sdn.csv + add.csv, alt.csv, sdn_comments.csv) or the
``sdnList`` XML (SDN.XML). The non-SDN Consolidated list (source ofac_cons) uses the same
layouts and this code.

Telling the SDN list from the Consolidated list: the content cannot do it reliably. Both XML
files use the same root, namespace and schema; their programs overlap (NS-PLC, SDGT, SYRIA,
RUSSIA-EO14024 occur in both) and OFAC uids are shared (62 uids of the 2024 consolidated.xml
are also SDN entries in the 2024 sdn.csv). So the file name decides:

1. a name containing "cons" (CONSOLIDATED.XML, consolidated.xml, CONS_PRIM.CSV, cons_add.csv)
   is the Consolidated list;
2. a name containing "sdn" (SDN.XML, sdn.csv, SDN_COMMENTS.CSV) is the SDN list;
3. otherwise, for XML, the Record_Count at the top: below the SDN list's floor
   (``OfacSdnSource.min_designations``) it is the Consolidated list (443 entries in 2024,
   the SDN list 15,000+); for CSV (add.csv, alt.csv have no such hint) the SDN list.
``--source`` overrides all of this: either source parses either list.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from datetime import datetime
from typing import Iterator

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import ParsedList
from sanctionwatch.lists.sources.base import ListSource, RawFile, refuse_unusable
from sanctionwatch.lists.sources.ofac_sdn.builder import ReleaseBuilder
from sanctionwatch.lists.sources.ofac_sdn.csvset import first_row, parse_csv_set, role_from_row
from sanctionwatch.lists.sources.ofac_sdn.xmllist import parse_xml

_SDN_LIST_ROOT = re.compile(rb"<(?:[\w.-]+:)?sdnList[\s>/]")
_RECORD_COUNT = re.compile(rb"<(?:[\w.-]+:)?Record_Count>\s*(\d+)\s*<")
SDN_FLOOR = 5000


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The parse allocates ~250,000 statements that stay alive; the cyclic collector scans
    them again and again and took half of the parse time of the 2024 sdn.csv (5.7 s -> 2.9 s
    without it). Nothing made here is garbage until the parse ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _is_xml(raw: RawFile) -> bool:
    return raw.head(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def list_kind(raw: RawFile) -> str | None:
    """"sdn" or "cons" when the file is in one of OFAC's list layouts, else None."""
    name = raw.basename.lower()
    if _is_xml(raw):
        head = raw.head(8192)
        if not _SDN_LIST_ROOT.search(head):
            return None
        if "cons" in name:
            return "cons"
        if "sdn" in name:
            return "sdn"
        count = _RECORD_COUNT.search(head)
        return "cons" if count and int(count.group(1)) < SDN_FLOOR else "sdn"
    if role_from_row(first_row(raw.data) or []) is None:
        return None
    return "cons" if "cons" in name else "sdn"


class OfacSdnSource(ListSource):
    name = "ofac_sdn"
    title = "OFAC Specially Designated Nationals (SDN) List"
    publisher = "US Treasury, Office of Foreign Assets Control"
    url = "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists"
    update_urls = {
        "sdn.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
        "add.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
        "alt.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
        "sdn_comments.csv":
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
    }
    format = "csv|xml"
    min_designations = SDN_FLOOR
    max_designations = 50000
    parser_version = "1"
    list_kind = "sdn"

    @classmethod
    def sniff(cls, raw: RawFile) -> bool:
        return list_kind(raw) == cls.list_kind

    def parse(self, files: list[RawFile]) -> ParsedList:
        if not files:
            raise SourceFormatError(f"no files given to {self.name}")
        for raw in files:
            refuse_unusable(raw)
        xml = [raw for raw in files if _is_xml(raw)]
        if xml and len(files) > 1:
            others = ", ".join(raw.basename for raw in files if raw is not xml[0])
            raise SourceFormatError(f"an XML list is a release on its own; not loadable together with "
                                    f"{others}", file=xml[0].name)
        builder = ReleaseBuilder(self.name, self.url)
        published: datetime | None = None
        with _no_cyclic_gc():
            if xml:
                published, records = parse_xml(xml[0], builder)
            else:
                records = parse_csv_set(files, builder)
            designations = builder.finish()
        return ParsedList(source=self.name, published=published,
                          published_basis="file" if published else "none",
                          designations=designations, report=builder.report, records=records)
