"""Chinese characters: their Korean (Sino-Korean) reading and their Mandarin pinyin.

A DPRK name in characters (金正恩, or KPi.035's alias 金铁三) is compared with the lists' Latin
spellings through its Korean reading, and with Chinese romanizations (KPi.035 "Jin Tiesan",
KPi.019 "Jiang Wen-ji") through pinyin. ICU and rigour give only the Mandarin reading.

Korean readings come from the ``hanja`` package's character table, which covers simplified
characters too (铁 -> 철). Its table gives the North's reading, without the South's initial-sound
law (李 리, 柳 류, 龍 룡); the South's reading (이, 유, 용) comes from the package's ``dooeum``
applied to the first syllable of each word. The table is loaded on first use (about 0.3 s).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sanctionwatch.screening.names.scripts import char_script, runs

# Characters read differently as family names: 金 is 금 (gold) but the family name 김 (Kim);
# 沈 is 침 but the family name 심; 單/单 is 단 but the family name 선.
KOREAN_FAMILY_READING = {"金": "김", "沈": "심", "單": "선", "单": "선"}

# Family names whose Mandarin reading differs from the character's usual one (pypinyin reads
# 曾 ceng, 单 dan, 朴 pu, 解 jie...).
PINYIN_FAMILY_READING = {
    "单": "shan", "單": "shan", "曾": "zeng", "解": "xie", "查": "zha", "仇": "qiu", "区": "ou", "區": "ou",
    "朴": "piao", "盖": "ge", "蓋": "ge", "乐": "yue", "樂": "yue", "覃": "qin", "翟": "zhai", "缪": "miao",
    "繆": "miao", "秘": "bi", "种": "chong", "種": "chong", "员": "yun", "員": "yun", "沈": "shen", "藏": "zang",
}
CHINESE_COMPOUND_FAMILY = frozenset("""
欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 令狐 夏侯 长孙 長孫 宇文 司徒 南宫 南宮
独孤 獨孤 端木 轩辕 軒轅 西门 西門 申屠 澹台 澹臺 闻人 聞人 万俟 萬俟 呼延 赫连 赫連 东郭 東郭 百里
""".split())


@lru_cache(maxsize=1)
def _hanja_table() -> dict[str, str]:
    from hanja.table import hanja_table  # type: ignore[import-untyped]

    table: dict[str, str] = hanja_table
    return table


def _han_words(text: str) -> list[str]:
    return runs(text, lambda ch: char_script(ch) == "han")


def korean_reading(text: str, *, south: bool = False) -> str:
    """Hangul for the Chinese characters in ``text`` (other Hangul kept; the rest becomes spaces).

    The first character is read as a family name (金 -> 김). ``south=True`` applies the South's
    initial-sound law to the first syllable of each word (리 -> 이).
    """
    table = _hanja_table()
    out: list[str] = []
    first = True
    word_start = True
    for ch in text:
        script = char_script(ch)
        if script == "han":
            reading = KOREAN_FAMILY_READING.get(ch) if first else None
            reading = reading or table.get(ch, "")
        elif script == "hangul":
            reading = ch
        else:
            out.append(" ")
            word_start = True
            continue
        if reading and south and word_start:
            from hanja.hangul import dooeum  # type: ignore[import-untyped]

            reading = dooeum(" ", reading)
        out.append(reading)
        first = False
        word_start = False
    return "".join(out)


def _pinyin(word: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    from sanctionwatch.screening.names.tokens import fold_ascii

    syllables: list[Any] = lazy_pinyin(word, style=Style.NORMAL, v_to_u=True, errors="ignore")
    return [fold_ascii(s).lower() for s in syllables if s and fold_ascii(s).isalpha()]


@lru_cache(maxsize=8192)
def pinyin_readings(text: str) -> tuple[tuple[str, ...], ...]:
    """Pinyin token tuples for the Chinese characters of ``text``.

    Two readings: one token per syllable (``jin tie san``), and the way Chinese names are written
    in Latin, family name then the given name run together (``jin tiesan``, KPi.035's alias).
    """
    words = _han_words(text)
    if not words:
        return ()
    per_syllable: list[str] = []
    joined: list[str] = []
    for n, word in enumerate(words):
        syllables = _pinyin(word)
        if n == 0 and word[0] in PINYIN_FAMILY_READING and syllables:
            syllables[0] = PINYIN_FAMILY_READING[word[0]]
        if len(syllables) != len(word):  # characters pypinyin cannot read: keep what it gave
            per_syllable.extend(syllables)
            joined.append("".join(syllables))
            continue
        per_syllable.extend(syllables)
        if n == 0 and len(words) == 1 and 2 <= len(word) <= 4:
            cut = 2 if len(word) >= 3 and word[:2] in CHINESE_COMPOUND_FAMILY else 1
            joined.extend(("".join(syllables[:cut]), "".join(syllables[cut:])))
        else:
            joined.append("".join(syllables))
    readings = [tuple(per_syllable)]
    if tuple(joined) != readings[0] and all(joined):
        readings.append(tuple(joined))
    return tuple(r for r in readings if r)
