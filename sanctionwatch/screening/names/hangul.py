"""Hangul to Latin: McCune-Reischauer and Revised Romanization, one token per syllable.

Hangul syllables are decomposed by Unicode arithmetic (code point = 0xAC00 + (initial * 21 +
medial) * 28 + final). Each syllable becomes one token, because that is how both lists and
people write Korean names: "Kim Jong Un", "Kim Jong-un", "RI U'N SO'NG" (KPi.078). The key of a
token comes straight from its jamo (:data:`INITIAL_CLASS` ...), and a test checks that
:func:`korean_keys.syllable_key` gives the same key back from the MR and RR spellings of all
11,172 syllables.

Names are romanized syllable by syllable, without the sound changes across syllables that the
systems apply inside ordinary words: both MR practice for names (the UN writes 김정은 Kim Jong Un,
not the assimilated forms) and RR's rule for given names skip them. MR's voicing inside a word
(봉주 -> Pong-ju, KPi.073's namesake Pak Pong Ju) is kept, since it changes no key. The
assimilated reading (석만 -> Song-man, 한라 -> Hal-la) is returned as an extra MR reading when it
differs, because some sources do write it.
"""

from __future__ import annotations

from functools import lru_cache

from sanctionwatch.screening.names.korean_keys import compose_key, syllable_key
from sanctionwatch.screening.names.scripts import runs

SBASE, SCOUNT = 0xAC00, 11172

# Initial index: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
INITIAL_CLASS = ("K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "J", "J", "J", "K", "T", "P", "H")
MR_INITIAL = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h")
MR_VOICED = {0: "g", 3: "d", 7: "b", 12: "j"}  # ㄱ ㄷ ㅂ ㅈ between voiced sounds
RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
# Medial index: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
VOWEL_CLASS = ("A", "E", "YA", "YE", "O", "E", "YO", "YE", "O", "WA", "WE", "WE", "YO", "O", "WO", "WE", "WI",
               "YO", "O", "I", "I")
# MR with its breves dropped (ŏ -> o, ŭ -> u), as every list writes it.
MR_VOWEL = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "u", "ui", "i")
RR_VOWEL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i")
# Final index: - ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
# A final is pronounced as one of seven sounds; both systems write that sound.
FINAL_CLASS = ("", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "L", "L", "L", "P", "L", "M", "P", "P",
               "T", "T", "NG", "T", "T", "K", "T", "P", "T")
FINAL_SPELLING = {"": "", "K": "k", "N": "n", "T": "t", "L": "l", "M": "m", "P": "p", "NG": "ng"}
_VOICED_FINALS = frozenset(("", "N", "L", "M", "NG"))
_SH_VOWELS = frozenset((16, 20))  # MR writes ㅅ as sh before ㅟ and ㅣ (shi, shwi)

# Two-syllable family names; any other name's family name is its first syllable.
COMPOUND_FAMILY = frozenset("남궁 황보 제갈 선우 독고 사공 서문 동방 어금 망절 을지 장곡 소봉".split())

# How the family names are usually spelled in Latin outside the romanization systems: the South's
# passport habits (Lee, Park, Choi) and common forms (Jung, Yoon). Each must keep the syllable's key
# (checked by a test), so they add a spelling and never a different name.
CONVENTIONAL_FAMILY = dict(pair.split(":") for pair in """
김:kim 이:lee 리:lee 박:park 최:choi 정:jung 조:cho 강:kang 윤:yoon 장:jang 임:lim 림:lim 한:han 오:oh
서:seo 신:shin 권:kwon 황:hwang 안:ahn 송:song 류:yoo 유:yoo 홍:hong 전:jeon 고:ko 문:moon 양:yang 량:yang
손:son 배:bae 백:baek 허:heo 노:noh 로:roh 남:nam 심:shim 하:ha 곽:kwak 성:sung 차:cha 주:joo 우:woo 구:koo
민:min 진:jin 나:na 라:na 지:ji 엄:um 변:byun 채:chae 원:won 방:bang 천:chun 공:kong 현:hyun 함:ham 염:yeom
렴:yeom 여:yeo 려:yeo 추:choo 도:do 소:so 석:seok 선:sun 설:seol 마:ma 길:gil 연:yeon 련:yeon 위:wi 표:pyo
명:myung 기:ki 반:ban 왕:wang 금:keum 옥:ok 육:yook 륙:yook 인:in 맹:maeng 제:je 모:mo 탁:tak 국:kook 어:eo
은:eun 편:pyun 용:yong 룡:yong 예:ye 경:kyung 봉:bong 사:sa 부:boo 태:tae 피:pi 계:kye 두:doo 감:kam
""".split())

# Words of address written after a Korean name (김정은 동지, 김정은 위원장) or before it.
KOREAN_TITLES = frozenset("""
동지 동무 위원장 국무위원장 총비서 원수 원수님 장군 장군님 대장 씨 님 선생 선생님 비서 주석 대통령 여사
""".split())

Reading = tuple[str, tuple[str, ...], tuple[str, ...]]  # (system, tokens, keys)


def decompose(ch: str) -> tuple[int, int, int] | None:
    """(initial, medial, final) indices of a precomposed Hangul syllable, or None."""
    index = ord(ch) - SBASE
    if not 0 <= index < SCOUNT:
        return None
    return index // 588, (index % 588) // 28, index % 28


def jamo_key(initial: int, medial: int, final: int) -> str:
    """The phonetic key of a syllable, from its jamo (the same key its romanizations give)."""
    return compose_key(INITIAL_CLASS[initial], VOWEL_CLASS[medial], FINAL_CLASS[final])


def split_words(text: str) -> list[str]:
    """Hangul words of ``text``; one unspaced personal name is cut into family and given name."""
    words = runs(text, lambda ch: SBASE <= ord(ch) < SBASE + SCOUNT)
    if len(words) > 1:
        kept = list(words)
        while len(kept) > 1 and kept[0] in KOREAN_TITLES:
            kept.pop(0)
        while len(kept) > 1 and kept[-1] in KOREAN_TITLES:
            kept.pop()
        words = kept
    if len(words) == 1 and 2 <= len(words[0]) <= 4:
        word = words[0]
        cut = 2 if len(word) >= 3 and word[:2] in COMPOUND_FAMILY else 1
        words = [word[:cut], word[cut:]]
    return words


def _mr_word(jamos: list[tuple[int, int, int]]) -> list[tuple[str, str, str]]:
    """(initial, vowel, final class) spellings of one word in MR, with voicing inside the word."""
    out = []
    prev_final: str | None = None
    for ini, med, fin in jamos:
        spelled = MR_INITIAL[ini]
        if prev_final is not None:
            if ini in MR_VOICED and prev_final in _VOICED_FINALS:
                spelled = MR_VOICED[ini]
            elif ini == 5 and prev_final == "L":
                spelled = "l"
        if ini == 9 and med in _SH_VOWELS:
            spelled = "sh"
        out.append((spelled, MR_VOWEL[med], FINAL_CLASS[fin]))
        prev_final = FINAL_CLASS[fin]
    return out


def _rr_word(jamos: list[tuple[int, int, int]]) -> list[tuple[str, str, str]]:
    out = []
    prev_final: str | None = None
    for ini, med, fin in jamos:
        spelled = "l" if ini == 5 and prev_final == "L" else RR_INITIAL[ini]
        out.append((spelled, RR_VOWEL[med], FINAL_CLASS[fin]))
        prev_final = FINAL_CLASS[fin]
    return out


def _assimilate(word: list[tuple[str, str, str]], jamos: list[tuple[int, int, int]]) -> list[tuple[str, str, str]]:
    """MR with the consonant assimilations across syllables (nasalization, ㄹ after consonants)."""
    out = [list(s) for s in word]
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        ini = jamos[i][0]
        if ini in (2, 6):  # next is ㄴ or ㅁ: stops become nasals (석만 Songman, 십만 Simman)
            prev[2] = {"K": "NG", "T": "N", "P": "M"}.get(prev[2], prev[2])
            if ini == 2 and prev[2] == "L":  # ㄹ + ㄴ -> ll (설날 Sollal)
                cur[0] = "l"
        elif ini == 5 and prev[2]:  # ㄹ after a consonant
            if prev[2] in ("N", "L"):  # 한라 Halla, 신라 Silla
                prev[2], cur[0] = "L", "l"
            else:  # 종로 Chongno, 독립 Tongnip, 협력 Hyomnyok
                prev[2] = {"K": "NG", "P": "M", "T": "N"}.get(prev[2], prev[2])
                cur[0] = "n"
    return [(a, b, c) for a, b, c in out]


def _reading(system: str, words: list[list[tuple[str, str, str]]]) -> Reading:
    tokens = tuple(ini + vow + FINAL_SPELLING[fin] for word in words for ini, vow, fin in word)
    keys = tuple(syllable_key(t) or t.upper() for t in tokens)
    return system, tokens, keys


@lru_cache(maxsize=8192)
def hangul_readings(text: str) -> tuple[Reading, ...]:
    """MR, RR and conventional-spelling readings of the Hangul in ``text``, MR first.

    >>> [r[1] for r in hangul_readings("김정은")]
    [('kim', 'chong', 'un'), ('gim', 'jeong', 'eun'), ('kim', 'jeong', 'eun')]
    """
    words = split_words(text)
    if not words:
        return ()
    jamos = [[d for d in map(decompose, word) if d is not None] for word in words]
    mr_words = [_mr_word(j) for j in jamos]
    rr_words = [_rr_word(j) for j in jamos]
    readings = [_reading("mr", mr_words), _reading("rr", rr_words)]
    # The jamo keys are the reference; the spellings above reproduce them (checked by tests).
    keys = tuple(jamo_key(*j) for word in jamos for j in word)
    readings = [(s, t, keys) for s, t, _ in readings]
    family = words[0] if len(words) > 1 and len(words[0]) <= 2 else None
    if family is not None and family in CONVENTIONAL_FAMILY:
        conventional = CONVENTIONAL_FAMILY[family]
        readings.append(("rr", (conventional,) + readings[1][1][1:], keys))
    assimilated = _reading("mr", [_assimilate(w, j) for w, j in zip(mr_words, jamos)])
    if assimilated[1] != readings[0][1]:
        readings.append(assimilated)
    out: list[Reading] = []
    for r in readings:
        if all(r[1] != o[1] for o in out):
            out.append(r)
    return tuple(out)
