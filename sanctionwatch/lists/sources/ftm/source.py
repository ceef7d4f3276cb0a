"""Any FollowTheMoney JSON-lines file as a list source of its own (e.g. an OpenSanctions export).

The source's name comes from the data, so there is no single SOURCE class: ``source_for(name)``
makes one per dataset name ("ftm_<dataset>").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePath

from sanctionwatch.errors import ConfigError, SourceFormatError
from sanctionwatch.lists.parsed import ParsedList, ParseReport
from sanctionwatch.lists.sources.base import ListSource, RawFile, refuse_unusable
from sanctionwatch.lists.sources.ftm.builder import Builder
from sanctionwatch.lists.sources.ftm.reader import ReadResult, first_object, read
from sanctionwatch.lists.sources.ftm.targets import DesignationMaker, pick_targets
from sanctionwatch.model.entities import EntityFactory

PREFIX = "ftm_"
_NAME = re.compile(r"ftm_[a-z0-9_]+")
_SLUG = re.compile(r"[^a-z0-9]+")


def looks_like_ftm(raw: RawFile) -> bool:
    """The first non-empty line is a JSON object with "schema" and "properties"."""
    first = first_object(raw)
    return first is not None and "schema" in first and "properties" in first


def _slug(text: str) -> str:
    return _SLUG.sub("_", text.lower()).strip("_")


def default_name(raw: RawFile) -> str:
    """"ftm_" + the first entity's first dataset (OpenSanctions sets one), else the file's stem."""
    first = first_object(raw) or {}
    datasets = first.get("datasets")
    dataset = datasets[0] if isinstance(datasets, list) and datasets and isinstance(datasets[0], str) else ""
    name = _slug(dataset) or _slug(PurePath(raw.basename).stem) or "data"
    return name if name.startswith(PREFIX) else PREFIX + name


class FtmSource(ListSource):
    name = "ftm"
    title = "FollowTheMoney JSON lines"
    publisher = "FollowTheMoney JSON lines (user supplied)"
    url = None
    update_urls = {}
    format = "ftm-jsonl"
    min_designations = 1
    max_designations = 10_000_000
    parser_version = "1"

    @classmethod
    def sniff(cls, raw: RawFile) -> bool:
        return looks_like_ftm(raw)

    def parse(self, files: list[RawFile]) -> ParsedList:
        if not files:
            raise SourceFormatError("no file given")
        report = ParseReport()
        result = ReadResult()
        for raw in files:      # a dataset split over several files is one release
            refuse_unusable(raw)
            read(raw, report, result)
        factory = EntityFactory(self.name, self.title)
        builder = Builder(factory, report)
        builder.plan_ids(result.records)
        builder.build(result.records)
        targets = pick_targets(builder, result.has_target_key)
        target_set = set(targets)
        maker = DesignationMaker(self.name, factory, builder, report)
        designations = [maker.make(eid, target_set) for eid in targets]
        _report_unlinked(builder, designations, report)
        published = result.published()
        return ParsedList(source=self.name, published=published, published_basis="file" if published else "none",
                          designations=designations, report=report, records=result.lines)


def _report_unlinked(builder: Builder, designations: list, report: ParseReport) -> None:
    used = {d.entity.id for d in designations}
    used.update(e.id for d in designations for e in d.related)
    for eid in builder.entities:
        if eid not in used:
            report.note("entity not linked to any target (not loaded)", builder.records[eid].place)


def source_for(name: str) -> FtmSource:
    """The source for one FtM dataset name: "ftm_" + lowercase letters, digits, underscores."""
    return source_class(name)()


@lru_cache(maxsize=None)
def source_class(name: str) -> type[FtmSource]:
    if not _NAME.fullmatch(name):
        raise ConfigError(f"invalid FtM source name {name!r}: it must be 'ftm_' followed by lowercase "
                          "letters, digits and underscores (e.g. ftm_rusi_dprk)")
    dataset = name[len(PREFIX):]
    title = f"{dataset.replace('_', ' ')} (FollowTheMoney JSON lines)"
    return type(f"FtmSource_{dataset}", (FtmSource,), {"name": name, "title": title, "__module__": __name__})
