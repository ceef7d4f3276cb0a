"""Phonetic keys for Korean syllables, whatever system romanized them.

A key is ``initial class + vowel class + final class`` in capitals (``KIM``, ``JONG``, ``ON``).
The classes are deliberately coarser than Korean phonology, because the lists are: the same
person is "RA KY'ONG-SU", "Ra Kyong-Su" and "Ra Kyung-Su" (UN KPi.008), "Kim Yong-Chol",
"Kim Young-Cheol" and "Young-Chul" (KPi.024). What the key throws away, and why:

* Aspiration and tenseness (MR k/k'/kk, t/t'/tt, p/p'/pp, ch/ch'/tch; RR jj, ss) and voicing
  (MR writes ㄱ k at the start of a word and g between voiced sounds; RR writes it g; lists mix
  "Pak Pong Ju" and "Park Bong Joo"). So p=b, t=d, k=g, ch=j, s=ss.
* ㅓ ㅗ ㅜ ㅡ are one class ``O``: McCune-Reischauer writes ㅓ as ŏ and ㅡ as ŭ, and once the breve
  is lost (or turned into an apostrophe that moves about: KY'ONG, KYO'NG, Myo’ng) ŏ=o and ŭ=u;
  the common spellings then write ㅓ as u (Sung, Chul, Suk, Hyuk, Kyung) and ㅡ as eu/u (Eun, Un).
  Chol~Chul and Song~Sung force ㅓ~ㅗ~ㅜ into one class, so 은 "Un" = 운 "Woon" = 온 "On".
  The same goes for the y-glides: ㅕ ㅛ ㅠ are ``YO`` (Kyong/Kyeong/Kyung, Yong/Young, Ryu/Yoo).
* ㅐ and ㅔ (``E``) merged in standard pronunciation; ㅚ ㅙ ㅞ are ``WE`` (Choe/Choi/Chwe);
  ㅢ goes with ㅣ (``I``) because names write 희 as Hee and 의 as Ui/Eui.
* Initial ㄹ and ㄴ follow the South Korean initial-sound law (두음법칙), which the North does not
  apply: 리/이 (Ri, Rhee, Lee, Yi, I, Li), 류/유 (Ryu, Yu, Yoo), 림/임 (Rim, Lim, Im),
  렴/염 (Ryom, Yom, Yeom), 라/나 (Ra, Na), 로/노 (Ro, Roh, No). In the key ㄹ and ㄴ vanish before
  ㅣ and the y-vowels, and ㄹ becomes ㄴ before the others. It is applied to every syllable, not
  only the first, because a token does not know its position in the name (룡 Ryong = 용 Yong).

What the key keeps, because it separates different people: the vowel classes above (Un/Il,
Jong/Jang, Pak/Paek), the final consonant (Song/Son, Kim/Kin are different syllables, so
"Kin" is not "Kim"), and y/w glides (Jong/Yong, Won/Un).
"""

from __future__ import annotations

from functools import lru_cache

# Initial consonant classes. Romanized spellings, lower-case ascii, apostrophes already removed.
# kh/th/ph are the North's own spelling of aspirates (Thae Yong Ho); ts is Russian Ц (Цой = Choe).
INITIALS: dict[str, str] = {
    "": "",
    "g": "K", "k": "K", "kk": "K", "gg": "K", "kh": "K",
    "n": "N",
    "d": "T", "t": "T", "tt": "T", "dd": "T", "th": "T",
    "r": "L", "l": "L", "rh": "L",
    "m": "M",
    "b": "P", "p": "P", "pp": "P", "bb": "P", "ph": "P",
    "s": "S", "ss": "S", "sh": "S",
    "j": "J", "ch": "J", "jj": "J", "tch": "J", "ts": "J",
    "h": "H",
}

# Vowel classes (see the module docstring). "oh", "uh", "ah" are the English-style spellings with a
# silent h (Oh, Roh, Suh, Huh, Ahn, Sohn); "woo"/"wu" is 우 (Cho Il Woo = CHO IL U, KPi.040);
# "ai" is 백 Paik; "oi" is 최 Choi; "ee" is 이 Lee, 희 Hee; "you"/"ou" as in Young, Kyoung.
VOWELS: dict[str, str] = {
    "a": "A", "ah": "A",
    "ae": "E", "e": "E", "ai": "E",
    "eo": "O", "o": "O", "u": "O", "oo": "O", "eu": "O", "ou": "O", "oh": "O", "uh": "O",
    "woo": "O", "wu": "O",
    "i": "I", "ee": "I", "ui": "I", "eui": "I", "yi": "I",
    "ya": "YA",
    "yae": "YE", "ye": "YE",
    "yeo": "YO", "yo": "YO", "yu": "YO", "you": "YO", "yoo": "YO",
    "wa": "WA",
    "wae": "WE", "we": "WE", "oe": "WE", "oi": "WE",
    "wo": "WO", "weo": "WO",
    "wi": "WI",
}

# Final consonants: the seven that Korean pronounces at the end of a syllable (MR and RR write
# them alike); g/d/b are RR-style voiced spellings, r is the Russian rendering (Ким Ир Сен: Ir = Il).
FINALS: dict[str, str] = {
    "": "",
    "k": "K", "g": "K",
    "n": "N",
    "t": "T", "d": "T",
    "l": "L", "r": "L",
    "m": "M",
    "p": "P", "b": "P",
    "ng": "NG",
}

# Spellings no syllable grammar produces: Park (박) keeps an English r.
SPECIAL: dict[str, tuple[str, str, str]] = {
    "park": ("P", "A", "K"),
}

# Spellings are tried longest first ("tch" before "t"); a word has at most one prefix of each length,
# so looking prefixes up by length, longest first, visits them in that order.
_INITIAL_LENGTHS = sorted({len(s) for s in INITIALS}, reverse=True)
_VOWEL_LENGTHS = sorted({len(s) for s in VOWELS}, reverse=True)
MAX_SYLLABLE_LEN = max(map(len, INITIALS)) + max(map(len, VOWELS)) + max(map(len, FINALS))


def compose_key(initial: str, vowel: str, final: str) -> str:
    """Join classes into a key, applying the initial-sound law to ㄹ and ㄴ (see module docstring)."""
    if initial == "L":
        initial = "" if vowel[0] in "IY" else "N"
    elif initial == "N" and vowel[0] in "IY":
        initial = ""
    return initial + vowel + final


# Inside a run-together word only the romanization systems' own spellings count as syllable
# pieces: the English-style silent h (Ohn, Ahn), Park, and the voiced or Russian finals g/d/b/r
# make English names cuttable ("Johnson" = john|son, "Anderson" = an|der|son).
_LOOSE_VOWELS = frozenset(("ah", "oh", "uh"))
_LOOSE_FINALS = frozenset(("g", "d", "b", "r"))


def _parse(spelling: str, strict: bool) -> str | None:
    if not spelling or len(spelling) > MAX_SYLLABLE_LEN:
        return None
    for n in _INITIAL_LENGTHS:
        ini = spelling[:n]
        if len(ini) != n or ini not in INITIALS:
            continue
        rest = spelling[n:]
        for m in _VOWEL_LENGTHS:
            vow = rest[:m]
            if len(vow) != m or vow not in VOWELS:
                continue
            fin_spelling = rest[m:]
            fin = FINALS.get(fin_spelling)
            if fin is None or (strict and (vow in _LOOSE_VOWELS or fin_spelling in _LOOSE_FINALS)):
                continue
            return compose_key(INITIALS[ini], VOWELS[vow], fin)
    return None


@lru_cache(maxsize=65536)
def syllable_key(spelling: str) -> str | None:
    """The key of one romanized Korean syllable (lower-case ascii), or None if it is not one.

    >>> syllable_key("kyong"), syllable_key("kyeong"), syllable_key("kyung")
    ('KYONG', 'KYONG', 'KYONG')
    >>> syllable_key("johnson") is None
    True
    """
    special = SPECIAL.get(spelling)
    if special is not None:
        return compose_key(*special)
    return _parse(spelling, strict=False)


@lru_cache(maxsize=65536)
def piece_key(spelling: str) -> str | None:
    """Like :func:`syllable_key`, for a piece of a run-together word: system spellings only."""
    return _parse(spelling, strict=True)
