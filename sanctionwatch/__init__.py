"""sanctionwatch: monitoring of UN sanctions regimes, the DPRK (1718) regime first.

The library API: every CLI command and API route calls one of these.
"""

from sanctionwatch.lists.catalog import list_releases, list_stats, show_entity
from sanctionwatch.lists.export import export_csv, export_ftm
from sanctionwatch.lists.history import change_feed, diff_releases
from sanctionwatch.lists.releases import LoadResult, load_lists, update_lists
from sanctionwatch.store import open_store

__version__ = "0.1.0"

__all__ = [
    "LoadResult",
    "change_feed",
    "diff_releases",
    "export_csv",
    "export_ftm",
    "list_releases",
    "list_stats",
    "load_lists",
    "open_store",
    "show_entity",
    "update_lists",
]
