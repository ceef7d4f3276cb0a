"""English given names and their nicknames (Ben and Benjamin, Ted and Theodore, Bill and William),
from the ``nicknames`` package's hand-curated table (about 2,700 names, Apache-2.0).

rigour's Wikidata-based name symbols know more languages, but building its tagger costs about 6 s and
400 MiB in every process that screens; this table loads in a few milliseconds.
"""

from __future__ import annotations

from functools import lru_cache

NICKNAME_SIMILARITY = 0.9  # below a shared phonetic key (0.97): a nickname is a choice, not a spelling


@lru_cache(maxsize=1)
def _namer():
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=50_000)
def nickname_forms(token: str) -> frozenset[str]:
    """The names that ``token`` is a nickname of, and its own nicknames; empty for anything else."""
    if len(token) < 2 or not token.isalpha():
        return frozenset()
    namer = _namer()
    return frozenset(namer.nicknames_of(token)) | frozenset(namer.canonicals_of(token))

