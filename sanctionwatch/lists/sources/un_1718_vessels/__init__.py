"""UN 1718 Committee Designated Vessels List (the table extracted from the Committee's PDF)."""

from sanctionwatch.lists.sources.un_1718_vessels.parser import Un1718VesselsSource

SOURCE = Un1718VesselsSource

__all__ = ["SOURCE", "Un1718VesselsSource"]
