"""Screening: people, companies and vessels matched against the lists across scripts and
romanizations, with explained scores, an audit trail and analysts' decisions."""

from __future__ import annotations

from sanctionwatch._lazy import lazy_exports

_EXPORTS = {
    "compare_entities": "sanctionwatch.screening.compare",
    "screen": "sanctionwatch.screening.screener",
    "build_index": "sanctionwatch.screening.index",
    "record_decision": "sanctionwatch.screening.audit",
    "Query": "sanctionwatch.screening.query",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
