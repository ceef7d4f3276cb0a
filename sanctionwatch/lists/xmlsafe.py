"""Streaming XML parsing that refuses entity declarations, DTDs and external references.

defusedxml wraps the standard library's expat parser: a document that declares entities
(billion laughs, quadratic blow-up, XXE) is refused before any expansion happens.
"""

from __future__ import annotations

import io
import re
from typing import Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.sources.base import RawFile

_POSITION = re.compile(r"line (\d+), column (\d+)")


def local(tag: str) -> str:
    """Tag without its namespace: OFAC's XML carries one, the UN's does not."""
    return tag.rsplit("}", 1)[-1]


def iterparse(raw: RawFile, root_tag: str) -> Iterator[tuple[str, Element]]:
    """Yield (event, element) for "start" and "end" events; check that the root is ``root_tag``.

    Errors become SourceFormatError with the file and line: a truncated file is reported as
    such ("truncated XML at line N (expected </ROOT>)").
    """
    stream = io.BytesIO(raw.data)
    depth = 0
    try:
        for event, elem in SafeET.iterparse(stream, events=("start", "end"),
                                            forbid_dtd=True, forbid_entities=True, forbid_external=True):
            if event == "start":
                if depth == 0 and local(elem.tag) != root_tag:
                    raise SourceFormatError(f"root element is <{local(elem.tag)}>, expected <{root_tag}> "
                                            f"(changed format?)", file=raw.name, line=1)
                depth += 1
            else:
                depth -= 1
            yield event, elem
    except defusedxml.DTDForbidden as exc:
        raise SourceFormatError(f"XML declares a DTD ({exc.name}); refused as unsafe", file=raw.name) from exc
    except defusedxml.EntitiesForbidden as exc:
        raise SourceFormatError(f"XML declares entity {exc.name!r}; refused as unsafe (entity expansion)",
                                file=raw.name) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise SourceFormatError(f"XML references an external resource ({exc.sysid}); refused as unsafe",
                                file=raw.name) from exc
    except ParseError as exc:
        match = _POSITION.search(str(exc))
        line = int(match.group(1)) if match else None
        text = str(exc)
        if text.startswith("no element found") or "unclosed token" in text:
            raise SourceFormatError(f"truncated XML (expected </{root_tag}>)", file=raw.name, line=line) from exc
        raise SourceFormatError(f"malformed XML: {text.split(':')[0]}", file=raw.name, line=line) from exc
