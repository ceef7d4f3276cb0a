"""OFAC Specially Designated Nationals list (legacy CSV set or sdnList XML)."""

from sanctionwatch.lists.sources.ofac_sdn.parser import OfacSdnSource

SOURCE = OfacSdnSource

__all__ = ["SOURCE", "OfacSdnSource"]
