"""A light phonetic key for tokens that are not read as Korean (Russian, Chinese, English...).

Not Soundex or Metaphone: those throw away vowels and merge far too much for names that are
compared token by token. This key only folds the spelling differences that transliteration
itself produces, so that one Cyrillic or Arabic name written by different hands gets one key:

* Russian glides: я = ya/ia/ja, ю = yu/iu/ju, ия = iya/ia (Небензя: Nebenzya, Nebenzia,
  Nebenzja; Мария: Mariya, Maria), word-initial е = ye/e (Yevgeny, Evgeny).
* Endings -ий/-ый/-ой: Dmitry, Dmitri, Dmitriy, Dmitrii, Dmitrij; Sergey/Sergei; Nikolay/Nikolai.
* Consonant spellings: х = kh/h, ж = zh/j, щ = shch/sch, ч = tch/ch, ц = ts/tz, ks/x, w/v
  (German-style Iwanow), ph/f, ck/k, q/k, z/s (German s for з), doubled letters (Wassili).
* French-style ou for у (Iouri = Yuri).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Multi-letter spellings first (order matters: shch before sch, tch before ch...).
_REPLACE: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"shch|sch|szcz", "sh"),
    (r"tsch|tch|cz", "ch"),
    (r"dzh|dzs|dj|zh", "j"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"gh", "g"),
    (r"th", "t"),
    (r"ck", "k"),
    (r"q", "k"),
    (r"x", "ks"),
    (r"tz", "ts"),
    (r"w", "v"),
    (r"ou", "u"),
    (r"c(?=[eiy])", "s"),           # Cyrillic ц/с written c in Latin-1 transliterations
    (r"c(?!h)", "k"),
    # After a consonant, j is the Slavic/German glide (Nebenzja, Ilja, Tatjana, Darja). Not after n
    # or before i, where pinyin has its own j (Wenji, Xinjie).
    (r"(?<=[bdfklmprstvz])j(?=[aeou])", "y"),
    (r"(?<=[aeiou])j$", "y"),                        # Andrej, Sergej
    (r"iy(?=[aeiou])", "y"),          # Mariya -> marya
    (r"i(?=[aeou])", "y"),            # Maria, Nebenzia, Iouri -> y-glides
    (r"(?:iy|ij|ii|yi|y)$", "i"),     # Dmitriy/Dmitrij/Dmitrii/Dmitry -> dmitri; Sergey -> sergei
    (r"^ye", "e"),
    (r"(?<=[bcdfgklmnprstvz])y(?=[bcdfgklmnprstvz])", "i"),
    (r"(?<=[aeou])y(?![aeiou])", "i"),  # й after a vowel: Shoygu/Shoigu, Tuymazy/Tuimazy
    (r"z", "s"),
    (r"([a-z])\1+", r"\1"),
))


@lru_cache(maxsize=262144)
def generic_key(token: str) -> str:
    """The phonetic key of a lower-case ascii token: upper-case ascii letters and digits.

    >>> generic_key("nebenzya") == generic_key("nebenzia") == generic_key("nebenzja")
    True
    >>> generic_key("dmitry") == generic_key("dmitriy") == generic_key("dmitrii")
    True
    """
    if not token.isalpha():
        return token.upper() or "_"
    key = token
    for pattern, replacement in _REPLACE:
        key = pattern.sub(replacement, key)
    return key.upper() or token.upper()
