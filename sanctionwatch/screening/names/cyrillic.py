"""Cyrillic: plain Russian transliteration, and Russian renderings of Korean names read back.

Russian writes Korean names in its own system (Kontsevich, and older habits the press keeps):
김정은 is Ким Чен Ын, 김일성 Ким Ир Сен, 박봉주 Пак Пон Чжу, 최 Чхве or Цой. A plain
transliteration gives "kim chen yn", which no list spells; reading the syllables back as Korean
gives "kim chong un", whose keys are those of Kim Jong Un. What the Russian side loses:

* ㅇ and ㄴ at the end of a syllable are both н (Чен = 정, Ын = 은). Both readings are produced,
  the likelier first: after о/е/ё/я/а/э н is usually ㅇ (Чон, Сен, Пон, Кён, Кан), after
  ы/и/у/ю usually ㄴ (Ын, Ин, Мун, Юн).
* е after a consonant stands for ㅓ/ㅕ: Чен 정, Сен 성, Кен 경, Мен 명, Хен 형 (ㅓ after ч/с/ш/ж,
  where MR writes no y; ㅕ elsewhere).
* ㄹ is р at the start of a syllable and ль/л/р at its end (Ир = Il).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sanctionwatch.screening.names.korean_keys import syllable_key
from sanctionwatch.screening.names.segment import segment_with

_PLAIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian, Belarusian, Serbian, Macedonian, Kazakh and other Cyrillic letters.
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c",
    "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz", "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "қ": "k", "ң": "n",
    "ғ": "g", "һ": "h", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ҝ": "k", "ӑ": "a", "ӗ": "e", "ҫ": "s",
}
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼ`"), None)


def cyrillic_words(text: str) -> list[str]:
    """Lower-case words of a Cyrillic name; hyphens and punctuation separate them."""
    return _WORD.findall(text.translate(_APOSTROPHES).lower())


@lru_cache(maxsize=65536)
def transliterate_word(word: str) -> str:
    """Plain Russian-style transliteration of one lower-case word (Небензя -> nebenzya)."""
    out = []
    for ch in word:
        if ch.isascii():
            out.append(ch)
        elif ch in _PLAIN:
            out.append(_PLAIN[ch])
        else:
            from sanctionwatch.screening.names.tokens import fold_ascii

            out.append(fold_ascii(ch))
    return "".join(c for c in "".join(out).lower() if c.isascii() and c.isalnum())


# Russian spellings of Korean initials, vowels and finals, with the Latin (MR-like) spelling each
# is read back as. Aspirates are кх/тх/пх/чх; ㅈ is чж (Kontsevich) or дж, older ч.
_INITIALS = {
    "": "", "к": "k", "кх": "k", "кк": "kk", "г": "g", "н": "n", "т": "t", "тх": "t", "тт": "tt", "д": "d",
    "р": "r", "л": "l", "м": "m", "п": "p", "пх": "p", "пп": "pp", "б": "b", "с": "s", "сс": "ss", "ш": "sh",
    "х": "h", "ч": "ch", "чх": "ch", "чж": "j", "дж": "j", "чч": "tch", "ц": "ch", "ж": "j",
}
_NO_Y_AFTER = frozenset(("ч", "чх", "чж", "дж", "чч", "ц", "ж", "ш", "с", "сс"))
_VOWELS = {
    "а": "a", "я": "ya", "о": "o", "ё": "yo", "е": "yo", "э": "ae", "у": "u", "ю": "yu", "ы": "u", "и": "i",
    "ый": "ui", "ва": "wa", "вэ": "wae", "ве": "we", "во": "wo", "ви": "wi", "уй": "wi", "ой": "oe",
    "йя": "yae", "йе": "ye", "ай": "ae",
}
_FINALS = {"": ("",), "к": ("k",), "т": ("t",), "ль": ("l",), "л": ("l",), "р": ("l",), "м": ("m",),
           "п": ("p",), "нъ": ("ng",), "нг": ("ng",)}
_NG_FIRST_VOWELS = frozenset(("o", "yo", "ya", "a", "ae", "wa", "wo", "we", "e", "ye", "yae", "wae"))
_INITIAL_SPELLINGS = sorted(_INITIALS, key=len, reverse=True)
_VOWEL_SPELLINGS = sorted(_VOWELS, key=len, reverse=True)
MAX_PIECE = 6


@lru_cache(maxsize=65536)
def korean_syllable(piece: str) -> tuple[tuple[str, str], ...] | None:
    """Readings ``(latin, key)`` of one Russian-spelled Korean syllable, likelier first, or None.

    >>> korean_syllable("чен")
    (('chong', 'JONG'), ('chon', 'JON'))
    """
    for ini in _INITIAL_SPELLINGS:
        if not piece.startswith(ini):
            continue
        rest = piece[len(ini):]
        for vow in _VOWEL_SPELLINGS:
            if not rest.startswith(vow):
                continue
            fin = rest[len(vow):]
            vowel = _VOWELS[vow]
            if vow in ("е", "ё") and ini in _NO_Y_AFTER:
                vowel = "o"
            if fin == "н":
                finals: tuple[str, ...] = ("ng", "n") if vowel in _NG_FIRST_VOWELS else ("n", "ng")
            elif fin in _FINALS:
                finals = _FINALS[fin]
            else:
                continue
            out = []
            for f in finals:
                latin = _INITIALS[ini] + vowel + f
                key = syllable_key(latin)
                if key is not None:
                    out.append((latin, key))
            if out:
                return tuple(out)
    return None


@lru_cache(maxsize=65536)
def korean_word_readings(word: str, limit: int = 4) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Readings ``(tokens, keys)`` of a Russian-spelled Korean word, one token per syllable.

    Empty when the word is not made of Korean syllables (Небензя).
    """
    cuts = segment_with(word, korean_syllable, MAX_PIECE, limit)
    readings: list[tuple[tuple[str, ...], tuple[str, ...], int]] = []
    for cut in cuts:
        options = [korean_syllable(p) or () for p in cut]
        # Beam over the н/ng choices: keep the `limit` readings with the fewest second choices.
        beam: list[tuple[tuple[str, ...], tuple[str, ...], int]] = [((), (), 0)]
        for opts in options:
            beam = sorted(((t + (lat,), k + (key,), cost + i) for t, k, cost in beam
                           for i, (lat, key) in enumerate(opts)), key=lambda b: b[2])[:limit]
        readings.extend(beam)
    readings.sort(key=lambda r: r[2])
    return tuple((t, k) for t, k, _ in readings[:limit])
