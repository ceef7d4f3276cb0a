"""Splitting run-together romanized Korean ("Jongun", "Kyongsu", "Namchongang") into syllables.

Lists and queries write a Korean given name as "Jong-un", "Jong Un" or "Jongun"; the keys are per
syllable, so a run-together token has to be cut first. The cut is a search over the table of valid
romanized syllables (:func:`korean_keys.piece_key`, which accepts only the systems' own
spellings): every piece must be a syllable, and only cuts with the fewest pieces count. English
words can still be cut (Robinson = ro|bin|son), so a cut alone does not make a name Korean; see
``forms._latin``.

A cut can be ambiguous: "jongun" is jong|un (정은) or jon|gun (전군). McCune-Reischauer reads an
unmarked "ng" between vowels as the final ㅇ and writes an apostrophe when it is n + g
(Han'guk), so cuts that keep "ng" together come first; then cuts whose later pieces start with
a consonant. Callers get up to ``limit`` cuts and compare each.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from sanctionwatch.screening.names.korean_keys import MAX_SYLLABLE_LEN, piece_key, syllable_key

MAX_TOKEN_LEN = 24
# Letters and clusters no Korean romanization writes: a quick no before the search.
_NOT_KOREAN = re.compile(r"[fqvxz]|c(?!h)|[^aeiouwy]{6}")  # ng + tch is 5
MAX_PIECES = 4


def _cuts(token: str, parse: Callable[[str], object], max_piece: int, max_pieces: int) -> list[tuple[str, ...]]:
    """All cuts of ``token`` into the fewest pieces that ``parse`` accepts (not None)."""
    n = len(token)
    # fewest[i]: fewest pieces that cover token[i:]; None when it cannot be covered.
    fewest: list[int | None] = [None] * (n + 1)
    fewest[n] = 0
    for i in range(n - 1, -1, -1):
        best = None
        for j in range(i + 1, min(n, i + max_piece) + 1):
            rest = fewest[j]
            if rest is not None and (best is None or rest + 1 < best) and parse(token[i:j]) is not None:
                best = rest + 1
        fewest[i] = best
    total = fewest[0]
    if total is None or total > max_pieces:
        return []

    out: list[tuple[str, ...]] = []

    def walk(i: int, acc: tuple[str, ...]) -> None:
        if i == n:
            out.append(acc)
            return
        need = fewest[i]
        for j in range(i + 1, min(n, i + max_piece) + 1):
            rest = fewest[j]
            if rest is not None and need is not None and rest == need - 1 and parse(token[i:j]) is not None:
                walk(j, acc + (token[i:j],))

    walk(0, ())
    return out


def _rank(cut: tuple[str, ...]) -> tuple[int, int]:
    split_ng = sum(1 for a, b in zip(cut, cut[1:]) if a.endswith("n") and b.startswith("g"))
    vowel_start = sum(1 for p in cut[1:] if p[0] in "aeiouwy")
    return split_ng, vowel_start


@lru_cache(maxsize=131072)
def korean_segmentations(token: str, limit: int = 4) -> tuple[tuple[str, ...], ...]:
    """Cuts of a lower-case ascii token into romanized Korean syllables, best first.

    A token that is itself one syllable gives ``((token,),)``; one that cannot be cut, or only
    into more than four pieces, gives ``()``.

    >>> korean_segmentations("kyongsu")
    (('kyong', 'su'),)
    >>> korean_segmentations("jongun")
    (('jong', 'un'), ('jon', 'gun'))
    >>> korean_segmentations("johnson")
    ()
    """
    if not token or len(token) > MAX_TOKEN_LEN or not token.isalpha() or _NOT_KOREAN.search(token):
        return ()
    if syllable_key(token) is not None:
        return ((token,),)
    cuts = _cuts(token, piece_key, MAX_SYLLABLE_LEN, MAX_PIECES)
    cuts.sort(key=_rank)
    return tuple(cuts[:limit])


def segment_with(token: str, parse: Callable[[str], object], max_piece: int,
                 limit: int = 4) -> list[tuple[str, ...]]:
    """The same search with another syllable grammar (used for Cyrillic renderings of Korean)."""
    if not token or len(token) > MAX_TOKEN_LEN:
        return []
    cuts = _cuts(token, parse, max_piece, MAX_PIECES)
    cuts.sort(key=lambda c: sum(1 for p in c[1:] if p[0] in "аеёиоуыэюя"))
    return cuts[:limit]
