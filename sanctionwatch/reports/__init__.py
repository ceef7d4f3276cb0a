"""Panel-style reports: findings with their evidence, grades, corroboration and replies, maps and
annexes, rendered as reproducible HTML and as PDF."""

from __future__ import annotations

from sanctionwatch._lazy import lazy_exports

_EXPORTS = {
    "ReportResult": "sanctionwatch.reports.build",
    "build_report": "sanctionwatch.reports.build",
    "render_report": "sanctionwatch.reports.build",
    "collect": "sanctionwatch.reports.collect",
    "parse_period": "sanctionwatch.reports.collect",
    "FolderFetcher": "sanctionwatch.reports.pdf",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
