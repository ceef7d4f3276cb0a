"""UN Security Council Consolidated List (XML)."""

from sanctionwatch.lists.sources.un_sc.parser import UnScSource

SOURCE = UnScSource

__all__ = ["SOURCE", "UnScSource"]
