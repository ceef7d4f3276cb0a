"""The UN Security Council Consolidated List (consolidated.xml).

One file: ``CONSOLIDATED_LIST`` (attribute ``dateGenerated``) holding ``INDIVIDUALS/INDIVIDUAL``
and ``ENTITIES/ENTITY`` records. Structure and quirks: lists-data.md §2.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import ClassVar

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import Designation, ParsedList, ParseReport
from sanctionwatch.lists.sources.base import ListSource, RawFile, refuse_unusable
from sanctionwatch.lists.sources.un_sc.record import ENTITY, INDIVIDUAL, RecordBuilder
from sanctionwatch.lists.xmlsafe import iterparse, local
from sanctionwatch.model.entities import EntityFactory

ROOT = "CONSOLIDATED_LIST"
_CONTAINERS = {"INDIVIDUALS": INDIVIDUAL, "ENTITIES": ENTITY}


def parse_generated(value: str | None) -> datetime | None:
    """``dateGenerated``: "2026-02-27T00:00:09.554Z" in recent files, "2020-03-20T19:09:21.822-04:00"
    in older ones. Returned with the file's own offset: the list's date is the day as the UN wrote it
    (2017-07-03 at 20:27 in New York), which the store keeps beside the UTC instant."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if stamp.tzinfo is None:
        return None
    return stamp


class UnScSource(ListSource):
    name: ClassVar[str] = "un_sc"
    title: ClassVar[str] = "UN Security Council Consolidated List"
    publisher: ClassVar[str] = "United Nations Security Council"
    url: ClassVar[str | None] = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"
    update_urls: ClassVar[dict[str, str]] = {
        "consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    }
    format: ClassVar[str] = "xml"
    min_designations: ClassVar[int] = 500
    max_designations: ClassVar[int] = 5000
    parser_version: ClassVar[str] = "1"

    @classmethod
    def sniff(cls, raw: RawFile) -> bool:
        return b"<CONSOLIDATED_LIST" in raw.head(4096)

    def parse(self, files: list[RawFile]) -> ParsedList:
        if len(files) != 1:
            names = ", ".join(f.basename for f in files) or "none"
            raise SourceFormatError(f"the UN consolidated list is one XML file, got {len(files)} ({names})")
        return _parse_file(files[0], self.url)


def _parse_file(raw: RawFile, source_url: str | None) -> ParsedList:
    refuse_unusable(raw)
    report = ParseReport()
    factory = EntityFactory(UnScSource.name, UnScSource.title)
    builder = RecordBuilder(factory, report, raw.name, source_url)
    designations: list[Designation] = []
    generated: str | None = None
    seen: set[str] = set()
    stack: list[str] = []
    container = None
    records = 0
    for event, elem in iterparse(raw, ROOT):
        tag = local(elem.tag)
        if event == "start":
            if not stack:
                generated = elem.get("dateGenerated")
            elif len(stack) == 1:
                container = elem
            stack.append(tag)
            continue
        stack.pop()
        if len(stack) == 2:
            # A whole record has been read: build it, then free its subtree.
            parent = stack[1]
            if _CONTAINERS.get(parent) == tag:
                records += 1
                designations.append(builder.build(elem, tag, records))
            else:
                report.unknown_field(f"{parent}/{tag}", "file")
            if container is not None:
                container.remove(elem)
            elem.clear()
        elif len(stack) == 1:
            if tag in _CONTAINERS:
                seen.add(tag)
            else:
                report.unknown_field(f"{ROOT}/{tag}", "file")
    missing = [name for name in _CONTAINERS if name not in seen]
    if missing:
        raise SourceFormatError(f"no <{'> or <'.join(missing)}> section in <{ROOT}> (changed format?)",
                                file=raw.name, field=f"{ROOT}/{missing[0]}")
    published = parse_generated(generated)
    if published is None:
        report.note(f"dateGenerated missing or not a timezone-aware date: {generated!r}", f"{ROOT}/@dateGenerated")
    return ParsedList(source=UnScSource.name, published=published,
                      published_basis="file" if published else "none",
                      designations=designations, report=report, records=records)
