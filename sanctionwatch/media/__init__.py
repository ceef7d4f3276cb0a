"""Media monitoring: articles in, mentions of listed people, organisations and vessels found, grouped
and linked to the lists with scores and reasons, and attached to cases as graded evidence."""

from __future__ import annotations

from sanctionwatch._lazy import lazy_exports

_EXPORTS = {
    "scan": "sanctionwatch.media.scan",
    "scan_document": "sanctionwatch.media.scan",
    "read_document": "sanctionwatch.media.ingest",
    "find_mentions": "sanctionwatch.media.mentions",
    "group_mentions": "sanctionwatch.media.groups",
    "link_group": "sanctionwatch.media.link",
    "attach_article": "sanctionwatch.media.evidence",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
