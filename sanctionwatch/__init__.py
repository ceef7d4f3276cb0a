"""sanctionwatch: monitoring of UN sanctions regimes, the DPRK (1718) regime first.

The library API: every CLI command and API route calls one of these. Names are imported on first
use (PEP 562), so that ``import sanctionwatch`` and the CLI's help stay fast.
"""

from __future__ import annotations

from sanctionwatch._lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "LoadResult": "sanctionwatch.lists.releases",
    "change_feed": "sanctionwatch.lists.history",
    "diff_releases": "sanctionwatch.lists.history",
    "export_csv": "sanctionwatch.lists.export",
    "export_ftm": "sanctionwatch.lists.export",
    "list_releases": "sanctionwatch.lists.catalog",
    "list_stats": "sanctionwatch.lists.catalog",
    "load_lists": "sanctionwatch.lists.releases",
    "open_store": "sanctionwatch.store.database",
    "show_entity": "sanctionwatch.lists.catalog",
    "update_lists": "sanctionwatch.lists.releases",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
