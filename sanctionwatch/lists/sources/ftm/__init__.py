"""FollowTheMoney JSON lines (e.g. an OpenSanctions export) as a list source named ftm_<dataset>.

No SOURCE here: the registry calls ``source_for(name)``, and ``looks_like_ftm`` /
``default_name`` when it detects a file.
"""

from sanctionwatch.lists.sources.ftm.source import (FtmSource, default_name, looks_like_ftm, source_class,
                                                    source_for)

__all__ = ["FtmSource", "default_name", "looks_like_ftm", "source_class", "source_for"]
