"""Latin-script tokens: ascii folding, splitting, and titles that are not part of a name."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophes are dropped, not turned into spaces: McCune-Reischauer uses them for aspiration
# (CH'OE, p'yo) and, once the breve is lost, for ŏ/ŭ in a place that moves about (KY'ONG and
# KYO'NG both stand for 경). The UN list mixes ' and ’ (lists-data.md §2.3.5).
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼʻ`´′ʹ‛ˈ"), None)
_TOKEN = re.compile(r"[a-z0-9]+")
# Letters that Unicode decomposition does not reduce to ascii.
_SPECIAL_FOLD = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i", "ŀ": "l", "ħ": "h",
})


@lru_cache(maxsize=32768)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_SPECIAL_FOLD))
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    if out.isascii():
        return out
    if not out.isalpha():  # symbols, marks, lone surrogates: separators
        return " "
    from rigour.text import ascii_text  # a compiled transliterator; only for the rare leftovers

    try:
        return ascii_text(out)
    except (UnicodeError, ValueError):
        return " "


def fold_ascii(text: str) -> str:
    """Latin text with accents and breves removed (Kim Chŏng-ŭn -> Kim Chong-un)."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _fold_char(c) for c in text)


def tokenize_latin(text: str) -> tuple[str, ...]:
    """Lower-case ascii tokens of a Latin-script name.

    Hyphens, spaces and punctuation separate tokens; apostrophes (' and ’) join ("KY'ONG-SU" ->
    ``("kyong", "su")``); accents and MR breves are folded ("Chŏng-ŭn" -> ``("chong", "un")``).
    """
    text = text.translate(_APOSTROPHES)
    if not text.isascii():
        text = fold_ascii(text)
    return tuple(_TOKEN.findall(text.lower()))


# Honorifics, ranks and forms of address, in English and in Russian transliteration. Short
# abbreviations that are also Korean syllables (Hon = 혼, Gen = 겐) are left out on purpose.
TITLES = frozenset("""
mr mrs ms miss mister madam madame mme mlle messrs dr doctor prof professor sir dame lord lady
general colonel col lieutenant lt major maj captain capt cpt commander cmdr admiral adm marshal
brigadier sergeant sgt comrade president chairman excellency honorable honourable rev reverend
gospodin gospozha tovarishch polkovnik generalissimus
""".split())

# Words that make a name an organisation's: "General Bureau of Atomic Energy" keeps its General.
_ORGANISATION_WORDS = frozenset("""
bureau corporation corp company co ltd limited inc department ministry committee office bank group
trading association academy university unit agency administration army force forces staff council
commission command party union federation institute bureaux shipping
""".split())


def strip_titles(tokens: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Drop titles at the start and the end of a person's name ("Marshal Kim Jong Un" -> kim jong un).

    Titles inside a name are kept, and so is everything when the name is only titles or looks like
    an organisation's name.
    """
    tokens = tuple(tokens)
    start, end = 0, len(tokens)
    while start < end and tokens[start] in TITLES:
        start += 1
    while end > start and tokens[end - 1] in TITLES:
        end -= 1
    if start == 0 and end == len(tokens):
        return tokens
    if start == end or any(t in _ORGANISATION_WORDS for t in tokens):
        return tokens
    return tokens[start:end]
