"""Korean syllable keys: the romanization variants of one syllable collapse, different syllables don't."""

from __future__ import annotations

import pytest

from sanctionwatch.screening.names import syllable_key, tokenize_latin
from sanctionwatch.screening.names.hangul import (
    CONVENTIONAL_FAMILY, MR_INITIAL, SBASE, SCOUNT, decompose, hangul_readings, jamo_key,
)
from sanctionwatch.screening.names.segment import korean_segmentations


def key(spelling: str) -> str | None:
    """The key of a spelling as it appears in a list: apostrophes, breves and case included."""
    (token,) = tokenize_latin(spelling)
    return syllable_key(token)


# One row per syllable: every spelling the lists, MR (with ' or ’, with breves, ascii-fied), RR
# and common usage give it.
VARIANTS = {
    "경": ["KY'ONG", "KYŎNG", "KYO'NG", "Kyo’ng", "Kyong", "Kyeong", "Kyung", "Kyoung", "Gyeong"],
    "명": ["Myo’ng", "MY’ONG", "Myŏng", "Myong", "Myeong", "Myung"],
    "영": ["Yong", "Young", "Yeong", "Yŏng", "Ryong", "Lyong"],
    "정": ["Jong", "Chong", "Jeong", "Cheong", "Chung", "Jung", "Chŏng", "Ch'ong", "Tchong"],
    "일": ["Il", "Ir", "Eel"],
    "은": ["Un", "Eun", "Woon", "U'n", "Ŭn", "Ŭn", "Oon"],
    "석": ["Sok", "Seok", "Suk", "So’k", "Sŏk", "Sog"],
    "철": ["Chol", "Cheol", "Chul", "Ch’o’l", "Ch'ŏl", "Jol", "Cheul"],
    "혁": ["Hyok", "Hyeok", "Hyuk", "Hyŏk", "Hyo'k"],
    "남": ["Nam", "Nahm"],
    "성": ["Song", "Seong", "Sung", "So'ng", "Sŏng"],
    "리": ["Ri", "Rhee", "Lee", "Yi", "I", "Li", "Ni"],
    "김": ["Kim", "Gim", "KIM"],
    "박": ["Pak", "Park", "Bak", "Bahk"],
    "최": ["Choe", "Choi", "Chwe", "Ch'oe", "Tsoi"],
    "조": ["Jo", "Cho", "Ch'o"],
    "강": ["Kang", "Gang", "Khang"],
    "고": ["Ko", "Go", "Koh"],
    "장": ["Jang", "Chang", "Ch'ang"],
    "한": ["Han", "Hahn"],
    "오": ["O", "Oh"],
    "황": ["Hwang"],
    "백": ["Paek", "Baek", "Paik", "Baeg"],
    "류": ["Ryu", "Yu", "Yoo", "Ryoo", "You", "Lyu"],
    "림": ["Rim", "Im", "Lim", "Yim"],
    "렴": ["Ryom", "Yom", "Yeom", "Ryo'm"],
    "우": ["U", "Woo", "Wu"],
    "수": ["Su", "Soo"],
    "주": ["Ju", "Joo", "Chu", "Choo"],
    "병": ["Pyong", "Byong", "Pyo'ng", "Byeong", "Byung", "P'yŏng"],
    "동": ["Tong", "Dong"],
    "진": ["Jin", "Chin"],
    "호": ["Ho", "Hoh"],
    "희": ["Hui", "Hee", "Hŭi", "Hi"],
    "권": ["Kwon", "Gwon", "Kweon", "Kwŏn"],
    "윤": ["Yun", "Yoon", "Youn"],
    "로": ["Ro", "Roh", "No", "Noh"],
    "라": ["Ra", "Na"],
    "심": ["Sim", "Shim"],
    "현": ["Hyon", "Hyeon", "Hyun", "Hyŏn"],
    "광": ["Kwang", "Gwang"],
    "태": ["Thae", "Tae", "T'ae", "Dae"],
    "표": ["Pyo", "Phyo", "P'yo"],
    "엄": ["Om", "Eom", "Um", "Uhm"],
    "서": ["So", "Seo", "Suh"],
}


@pytest.mark.parametrize("hangul,spellings", list(VARIANTS.items()), ids=list(VARIANTS))
def test_spellings_of_one_syllable_share_its_key(hangul, spellings):
    expected = jamo_key(*decompose(hangul))
    for spelling in spellings:
        assert key(spelling) == expected, (hangul, spelling, key(spelling), expected)


# Syllables that must stay apart: one letter turns Kim Jong Un into his father.
DIFFERENT = [
    ("Un", "Il"), ("Jong", "Jang"), ("Song", "Sun"), ("Kim", "Kin"), ("Pak", "Paek"), ("Jong", "Yong"),
    ("Chol", "Chang"), ("Won", "Un"), ("Kyong", "Kong"), ("Nam", "Man"), ("Ho", "Hwa"), ("Su", "Sok"),
    ("Ri", "Ra"), ("Choe", "Cho"), ("Han", "Ham"), ("Hyok", "Hok"), ("Myong", "Mong"), ("Sam", "San"),
    ("Kang", "Kwang"), ("Chol", "Chon"), ("Il", "In"), ("Yu", "Yo'n"),
]


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_syllables_keep_different_keys(a, b):
    assert key(a) is not None and key(b) is not None
    assert key(a) != key(b)


def test_aspiration_voicing_and_tenseness_are_not_in_the_key():
    assert key("Pong") == key("Bong") == key("P'ong") == key("Ppong")
    assert key("Tong") == key("Dong") == key("T'ong") == key("Ttong")
    assert key("Kang") == key("Gang") == key("K'ang") == key("Kkang")
    assert key("Chol") == key("Jol") == key("Ch'ol") == key("Tchol") == key("Jjol")
    assert key("Sok") == key("Ssok")


@pytest.mark.parametrize("word", ["johnson", "smith", "trading", "corporation", "nebenzya", "xi", "vladimir"])
def test_non_korean_words_are_not_syllables(word):
    assert syllable_key(word) is None


def test_every_hangul_syllable_round_trips_through_mr_and_rr():
    """The key read back from the MR and RR spellings of each of the 11,172 syllables is its jamo key."""
    wrong = []
    for index in range(SCOUNT):
        syllable = chr(SBASE + index)
        expected = jamo_key(*decompose(syllable))
        for _, tokens, _ in hangul_readings(syllable + syllable):  # a 2-syllable "name": both positions
            for token in tokens:
                if syllable_key(token) != expected:
                    wrong.append((syllable, token))
    assert not wrong[:20]


def test_mr_tables_cover_every_initial():
    assert len(MR_INITIAL) == 19


@pytest.mark.parametrize("hangul,spelling", sorted(CONVENTIONAL_FAMILY.items()))
def test_conventional_family_spellings_keep_the_key(hangul, spelling):
    assert syllable_key(spelling) == jamo_key(*decompose(hangul))


@pytest.mark.parametrize("token,cuts", [
    ("kyongsu", [("kyong", "su")]),
    ("myongho", [("myong", "ho")]),
    ("ilsung", [("il", "sung")]),
    ("jongun", [("jong", "un"), ("jon", "gun")]),      # MR reads unmarked ng as the final first
    ("jeongeun", [("jeong", "eun"), ("jeon", "geun")]),
    ("kimjongun", [("kim", "jong", "un"), ("kim", "jon", "gun")]),
    ("jongchol", [("jong", "chol")]),
    ("hongtchol", [("hong", "tchol")]),
    ("choi", [("choi",)]),                              # one syllable: not cut into cho + i
    ("johnson", []),
    ("smith", []),
    ("aaaaaaa", []),                                    # more than four pieces
])
def test_segmentation(token, cuts):
    assert [list(c) for c in korean_segmentations(token)] == [list(c) for c in cuts]


def test_docstring_examples():
    import doctest

    from sanctionwatch.screening.names import cyrillic, hangul, korean_keys, phonetic, segment

    for module in (korean_keys, segment, hangul, cyrillic, phonetic):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__


def _parse_longest_first(spelling: str, strict: bool):
    """The plain reading of a syllable: every initial spelling, longest first, then every vowel spelling,
    longest first, until the rest is a final."""
    from sanctionwatch.screening.names import korean_keys as kk

    if not spelling or len(spelling) > kk.MAX_SYLLABLE_LEN:
        return None
    for ini in sorted(kk.INITIALS, key=len, reverse=True):
        if not spelling.startswith(ini):
            continue
        rest = spelling[len(ini):]
        for vow in sorted(kk.VOWELS, key=len, reverse=True):
            if rest.startswith(vow):
                fin = kk.FINALS.get(rest[len(vow):])
                if fin is None or (strict and (vow in kk._LOOSE_VOWELS or rest[len(vow):] in kk._LOOSE_FINALS)):
                    continue
                return kk.compose_key(kk.INITIALS[ini], kk.VOWELS[vow], fin)
    return None


def test_prefix_lookup_reads_every_syllable_as_the_longest_first_scan():
    from itertools import product

    from sanctionwatch.screening.names import korean_keys as kk

    spellings = {i + v + f for i, v, f in product(kk.INITIALS, kk.VOWELS, kk.FINALS)}
    spellings |= {s[:-1] for s in spellings} | {s + "h" for s in spellings} | {"x" + s for s in spellings}
    assert len(spellings) > 10_000
    for spelling in spellings:
        for strict in (False, True):
            assert kk._parse(spelling, strict) == _parse_longest_first(spelling, strict), spelling
