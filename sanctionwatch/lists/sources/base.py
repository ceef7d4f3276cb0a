"""The contract every list source implements.

A source is a folder ``lists/sources/<name>/`` holding a ``ListSource`` subclass: metadata (publisher,
official URL, format, expected counts) and a parser. The registry finds sources by name or by
sniffing a file's content.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import ParsedList


@dataclass(frozen=True)
class RawFile:
    """One raw file as received: ``name`` is the path or URL it came from."""

    name: str
    data: bytes

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def basename(self) -> str:
        return re.split(r"[/\\]", self.name.rstrip("/"))[-1]

    def head(self, size: int = 4096) -> bytes:
        return self.data[:size]


_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


def refuse_unusable(raw: RawFile) -> None:
    """The failures every format shares: nothing there, or a web page saved in place of the list."""
    if not raw.data.strip(b" \t\r\n\x00\x1a"):
        raise SourceFormatError(f"empty file ({len(raw.data)} bytes)", file=raw.name)
    head = raw.head(4096).lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        title = _TITLE.search(raw.head(65536))
        what = f" titled {title.group(1).decode('utf-8', 'replace').strip()[:60]!r}" if title else ""
        raise SourceFormatError(f"an HTML page{what}, not a list file (error page saved in its place?)",
                                file=raw.name, line=1)


class ListSource(ABC):
    name: ClassVar[str]
    title: ClassVar[str]
    publisher: ClassVar[str]
    url: ClassVar[str | None]                  # the official page or file
    update_urls: ClassVar[dict[str, str]] = {}  # file name -> official download URL ({} = no download)
    format: ClassVar[str]
    min_designations: ClassVar[int]
    max_designations: ClassVar[int]
    parser_version: ClassVar[str] = "1"

    @classmethod
    @abstractmethod
    def sniff(cls, raw: RawFile) -> bool:
        """True when the file's content looks like this source (cheap: look at the head)."""

    @abstractmethod
    def parse(self, files: list[RawFile]) -> ParsedList:
        """Parse one release (one file, or a set such as OFAC's sdn/add/alt/comments CSVs).
        Raise SourceFormatError naming file and line (or field) when the structure is wrong."""

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "update_urls": dict(self.update_urls),
            "format": self.format,
            "expected_designations": [self.min_designations, self.max_designations],
            "parser_version": self.parser_version,
        }
