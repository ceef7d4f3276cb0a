"""OFAC Consolidated (non-SDN) Sanctions List, in the SDN list's layouts."""

from sanctionwatch.lists.sources.ofac_cons.parser import OfacConsSource

SOURCE = OfacConsSource

__all__ = ["SOURCE", "OfacConsSource"]
