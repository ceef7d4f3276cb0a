"""Screening: people, companies and vessels matched against the lists across scripts and
romanizations, with explained scores, an audit trail and analysts' decisions."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "compare_entities": "sanctionwatch.screening.compare",
    "screen": "sanctionwatch.screening.screener",
    "build_index": "sanctionwatch.screening.index",
    "record_decision": "sanctionwatch.screening.audit",
    "Query": "sanctionwatch.screening.query",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sanctionwatch.screening' has no attribute {name!r}")
