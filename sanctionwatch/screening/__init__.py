"""Screening: people, companies and vessels matched against the lists across scripts and
romanizations, with explained scores, an audit trail and analysts' decisions."""

from __future__ import annotations

import warnings

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


def _warn_if_compiled_modules_are_stale() -> None:
    from sanctionwatch.screening.compiled import status

    stale = [module for module, state in status().items() if state == "stale"]
    if stale:
        warnings.warn(f"screening modules changed since they were compiled, and the old compiled code still runs: "
                      f"{', '.join(stale)} (reinstall: make install, or pip install -e .)", RuntimeWarning, stacklevel=2)


_warn_if_compiled_modules_are_stale()
