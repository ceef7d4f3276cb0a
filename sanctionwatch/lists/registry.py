"""Registry of list sources: by name, or detected from a file's content."""

from __future__ import annotations

import importlib
from typing import Iterable

from sanctionwatch.errors import ConfigError, SourceFormatError
from sanctionwatch.lists.sources.base import ListSource, RawFile, refuse_unusable

# Each entry is a module under sanctionwatch.lists.sources exposing SOURCE (a ListSource subclass)
# or, for sources whose name depends on the data (FtM JSON lines), a factory ``source_for(name)``.
_MODULES = ("un_sc", "un_1718_vessels", "ofac_sdn", "ofac_cons", "ftm")
FTM_PREFIX = "ftm_"


def _module(name: str):
    return importlib.import_module(f"sanctionwatch.lists.sources.{name}")


def source_classes() -> list[type[ListSource]]:
    return [_module(m).SOURCE for m in _MODULES if hasattr(_module(m), "SOURCE")]


def normalize_name(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def get_source(name: str) -> ListSource:
    wanted = normalize_name(name)
    for cls in source_classes():
        if cls.name == wanted:
            return cls()
    if wanted.startswith(FTM_PREFIX) and len(wanted) > len(FTM_PREFIX):
        return _module("ftm").source_for(wanted)
    known = ", ".join([c.name for c in source_classes()] + [FTM_PREFIX + "<dataset>"])
    raise ConfigError(f"unknown list source {name!r} (known: {known})")


def detect(raw: RawFile) -> ListSource:
    """The source whose format the content matches; the file name is only a tie-breaker."""
    refuse_unusable(raw)
    for cls in source_classes():
        if cls.sniff(raw):
            return cls()
    ftm = _module("ftm")
    if ftm.looks_like_ftm(raw):
        return ftm.source_for(ftm.default_name(raw))
    raise SourceFormatError("not a known list format (UN consolidated XML, UN 1718 vessels CSV/JSON, "
                            "OFAC SDN CSV/XML, FtM JSON lines); give --source to say which it is",
                            file=raw.name, line=1)


def group_by_source(files: Iterable[RawFile], source: str | None = None) -> list[tuple[ListSource, list[RawFile]]]:
    """Files of one call grouped into releases: files detected as the same source form one
    release (OFAC's CSV set is one release of four files)."""
    groups: dict[str, tuple[ListSource, list[RawFile]]] = {}
    for raw in files:
        if source:
            refuse_unusable(raw)
            src = get_source(source)
        else:
            src = detect(raw)
        groups.setdefault(src.name, (src, []))[1].append(raw)
    return list(groups.values())
