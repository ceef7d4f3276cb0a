"""Build dprk_cross_script.csv: DPRK designees of the UN list written in other scripts and romanizations.

    .venv/bin/python benchmarks/screening/data/build_dprk_cross_script.py [--check]

The CSV is committed; this script is how it was made and is kept so that a reviewer can see (and
re-run) every rule. Hand-made facts are in the tables below: the Hangul of each name (reconstructed
from the list's McCune-Reischauer form, see README.md), Chinese-character forms, Russian renderings
of organisation names. Romanizations of persons' names are derived from the Hangul by the three
small converters below (McCune-Reischauer with breves, Revised Romanization, Kontsevich Cyrillic).
The list names are read from the UN consolidated list XML (SANCTIONWATCH_SHARED_DATA); --check
only verifies that every reference exists there and that each row's list_name is the list's.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "dprk_cross_script.csv"
UN_XML = "lists/un/consolidated_2026-02-27.xml"
COLUMNS = ["reference", "list_name", "query", "script", "system", "note"]

# --- Hangul decomposition ---------------------------------------------------------------------

L = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
V = ["ㅏ", "ㅐ", "ㅑ", "ㅒ", "ㅓ", "ㅔ", "ㅕ", "ㅖ", "ㅗ", "ㅘ", "ㅙ", "ㅚ", "ㅛ", "ㅜ", "ㅝ", "ㅞ", "ㅟ", "ㅠ", "ㅡ", "ㅢ", "ㅣ"]
T = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ",
     "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]


def jamo(syllable: str) -> tuple[str, str, str]:
    code = ord(syllable) - 0xAC00
    if not 0 <= code < 11172:
        raise ValueError(f"not a Hangul syllable: {syllable!r}")
    return L[code // 588], V[(code % 588) // 28], T[code % 28]


SONORANT_OR_NONE = {"", "ㄴ", "ㅁ", "ㅇ", "ㄹ"}  # a plain stop after these is voiced inside a word

# --- McCune-Reischauer (as the DPRK and the UN list use it: si not shi, breves) ------------------

MR_L = {"ㄱ": "k", "ㄲ": "kk", "ㄴ": "n", "ㄷ": "t", "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m", "ㅂ": "p", "ㅃ": "pp",
        "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "ch", "ㅉ": "tch", "ㅊ": "ch'", "ㅋ": "k'", "ㅌ": "t'",
        "ㅍ": "p'", "ㅎ": "h"}
MR_VOICED = {"ㄱ": "g", "ㄷ": "d", "ㅂ": "b", "ㅈ": "j"}
MR_V = {"ㅏ": "a", "ㅐ": "ae", "ㅑ": "ya", "ㅒ": "yae", "ㅓ": "ŏ", "ㅔ": "e", "ㅕ": "yŏ", "ㅖ": "ye", "ㅗ": "o",
        "ㅘ": "wa", "ㅙ": "wae", "ㅚ": "oe", "ㅛ": "yo", "ㅜ": "u", "ㅝ": "wŏ", "ㅞ": "we", "ㅟ": "wi", "ㅠ": "yu",
        "ㅡ": "ŭ", "ㅢ": "ŭi", "ㅣ": "i"}
MR_T = {"": "", "ㄱ": "k", "ㄴ": "n", "ㄹ": "l", "ㅁ": "m", "ㅂ": "p", "ㅇ": "ng", "ㅅ": "t", "ㄷ": "t"}

# --- Revised Romanization (letter by letter, no sound changes: as names are written) --------------

RR_L = {"ㄱ": "g", "ㄲ": "kk", "ㄴ": "n", "ㄷ": "d", "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m", "ㅂ": "b", "ㅃ": "pp",
        "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "j", "ㅉ": "jj", "ㅊ": "ch", "ㅋ": "k", "ㅌ": "t", "ㅍ": "p", "ㅎ": "h"}
RR_V = {"ㅏ": "a", "ㅐ": "ae", "ㅑ": "ya", "ㅒ": "yae", "ㅓ": "eo", "ㅔ": "e", "ㅕ": "yeo", "ㅖ": "ye", "ㅗ": "o",
        "ㅘ": "wa", "ㅙ": "wae", "ㅚ": "oe", "ㅛ": "yo", "ㅜ": "u", "ㅝ": "wo", "ㅞ": "we", "ㅟ": "wi", "ㅠ": "yu",
        "ㅡ": "eu", "ㅢ": "ui", "ㅣ": "i"}
RR_T = {"": "", "ㄱ": "k", "ㄴ": "n", "ㄹ": "l", "ㅁ": "m", "ㅂ": "p", "ㅇ": "ng", "ㅅ": "t", "ㄷ": "t"}
RR_SURNAME = {"김": "Kim"}  # the one spelling of a surname everybody keeps; others strict RR (박 -> Bak)

# --- Kontsevich (Russian) --------------------------------------------------------------------------

KO_L = {"ㄱ": "к", "ㄲ": "кк", "ㄴ": "н", "ㄷ": "т", "ㄸ": "тт", "ㄹ": "р", "ㅁ": "м", "ㅂ": "п", "ㅃ": "пп",
        "ㅅ": "с", "ㅆ": "сс", "ㅇ": "", "ㅈ": "ч", "ㅉ": "чч", "ㅊ": "чх", "ㅋ": "кх", "ㅌ": "тх", "ㅍ": "пх",
        "ㅎ": "х"}
KO_VOICED = {"ㄱ": "г", "ㄷ": "д", "ㅂ": "б", "ㅈ": "дж"}
KO_V = {"ㅏ": "а", "ㅐ": "э", "ㅑ": "я", "ㅒ": "йе", "ㅓ": "о", "ㅔ": "е", "ㅕ": "ё", "ㅖ": "е", "ㅗ": "о",
        "ㅘ": "ва", "ㅙ": "вэ", "ㅚ": "ве", "ㅛ": "ё", "ㅜ": "у", "ㅝ": "во", "ㅞ": "ве", "ㅟ": "ви", "ㅠ": "ю",
        "ㅡ": "ы", "ㅢ": "ый", "ㅣ": "и"}
KO_T = {"": "", "ㄱ": "к", "ㄴ": "н", "ㄹ": "ль", "ㅁ": "м", "ㅂ": "п", "ㅇ": "н", "ㅅ": "т", "ㄷ": "т"}
KO_SURNAME = {"리": "Ли", "최": "Чхве"}  # Russian media write 리/이 as Ли; 최 is Чхве


def _word(syllables: str, table_l, table_v, table_t, voiced=None, initial_forms=False) -> list[str]:
    """Romanize the syllables of one word; returns one string per syllable."""
    out, prev_final = [], None
    for i, s in enumerate(syllables):
        l, v, t = jamo(s)
        if voiced and i > 0 and not initial_forms and l in voiced and prev_final in SONORANT_OR_NONE:
            head = voiced[l]
        else:
            head = table_l[l]
        out.append(head + table_v[v] + table_t[t])
        prev_final = t
    return out


def mr(surname: str, given: str) -> str:
    fam = "".join(_word(surname, MR_L, MR_V, MR_T, MR_VOICED))
    parts = _word(given, MR_L, MR_V, MR_T, MR_VOICED)
    return f"{fam.capitalize()} {'-'.join(parts).capitalize()}"


def rr(surname: str, given: str) -> str:
    fam = RR_SURNAME.get(surname) or "".join(_word(surname, RR_L, RR_V, RR_T)).capitalize()
    parts = _word(given, RR_L, RR_V, RR_T)
    return f"{fam} {'-'.join(parts).capitalize()}"


def kontsevich(surname: str, given: str) -> str:
    """Russian media style: given-name syllables written apart, each capitalised, but voiced inside
    the given name as Kontsevich voices them inside a word (김영철 -> Ким Ён Чхоль, 장명진 -> Чан Мён Джин)."""
    fam = KO_SURNAME.get(surname) or "".join(_word(surname, KO_L, KO_V, KO_T)).capitalize()
    parts = [p.capitalize() for p in _word(given, KO_L, KO_V, KO_T, KO_VOICED)]
    return " ".join([fam] + parts)


# --- hand-made facts ---------------------------------------------------------------------------------
# (reference, surname, given name, note on the Hangul, [(Han form, system, note)], [(extra query, script,
# system, note)]). Hangul from the list's romanization: an apostrophe after O/U (O', U') is the breve
# of ŏ/ŭ; without it the list's O/U is ambiguous between ㅓ/ㅗ and ㅜ/ㅡ, and YONG between 영/용: the
# form chosen is the list's own MR alias where it has one, else the common name (noted).

PERSONS = [
    ("KPi.001", "윤", "호진", "", [("尹浩鎭", "hanja", "constructed")], []),
    ("KPi.002", "리", "제선", "ambiguous: SON may be 선 or 손", [], []),
    ("KPi.003", "황", "석화", "SOK read 석 (ŏ, the list writes no breve)", [], []),
    ("KPi.006", "백", "창호", "", [("白昌浩", "hanja", "constructed")], []),
    ("KPi.007", "장", "명진", "", [("張明鎭", "hanja", "constructed")], []),
    ("KPi.008", "라", "경수", "KY'ONG = kyŏng 경", [("羅京洙", "hanja", "constructed")], []),
    ("KPi.012", "문", "정철", "CHO'NG-CH'O'L = chŏng-ch'ŏl", [("文正哲", "hanja", "constructed")], []),
    ("KPi.013", "최", "춘식", "", [("崔春植", "hanja", "constructed")], []),
    ("KPi.015", "현", "광일", "", [("玄光日", "hanja", "constructed")], []),
    ("KPi.018", "전", "명국", "list alias Cho’n Myo’ng-kuk", [("全明國", "hanja", "constructed")], []),
    ("KPi.019", "강", "문길", "", [("姜文吉", "hanzi", "from the list's pinyin alias Jiang Wen-ji")], []),
    ("KPi.023", "김", "동명", "list alias Kim Tong-Myo’ng", [("金東明", "hanja", "constructed")], []),
    ("KPi.024", "김", "영철", "YONG read 영 (list alias Kim Young-Cheol)",
     [("金英哲", "hanzi", "constructed; the usual Chinese form of the name 김영철")], []),
    ("KPi.025", "고", "태훈", "", [("高泰勳", "hanja", "constructed")], []),
    ("KPi.026", "리", "만건", "GON read 건 (ŏ)", [("李萬建", "hanja", "constructed")],
     [("Lee Man-geon", "Latn", "south-korean-usage", "surname as South Korea writes 이")]),
    ("KPi.029", "박", "춘일", "", [("朴春日", "hanja", "constructed")], []),
    ("KPi.031", "손", "정혁", "JONG read 정, HYOK 혁", [("孫正赫", "hanja", "constructed")], []),
    ("KPi.033", "리", "원호", "WON read 원", [("李元浩", "hanja", "constructed")],
     [("Ри Вон Хо", "Cyrl", "kontsevich", "Ри as North Korea's own Russian texts write 리")]),
    ("KPi.035", "김", "철삼", "",
     [("金铁三", "hanzi", "list alias (simplified)"), ("金鐵三", "hanzi", "constructed (traditional form of the list alias)")],
     []),
    ("KPi.036", "김", "석철", "SOK read 석", [], []),
    ("KPi.038", "조", "춘룡", "", [("赵春龙", "hanzi", "constructed")], []),
    ("KPi.041", "조", "연준", "YON read 연 (list alias Jo Yon Jun)", [], []),
    ("KPi.043", "조", "용원", "YONG read 용", [], []),
    ("KPi.045", "김", "경옥", "", [("金慶玉", "hanja", "constructed")], []),
    ("KPi.047", "민", "병철", "list alias Min Pyo’ng-ch’o’l", [("閔丙哲", "hanja", "constructed")], []),
    ("KPi.050", "박", "도춘", "", [("朴道春", "hanzi", "constructed")], []),
    ("KPi.052", "리", "수용", "YONG read 용", [("李洙墉", "hanja", "constructed")],
     [("Lee Su-yong", "Latn", "south-korean-usage", "surname as South Korea writes 이")]),
    ("KPi.053", "리", "용무", "YONG read 용 (list alias Ri Yong-Mu)", [("李勇武", "hanzi", "constructed")], []),
    ("KPi.054", "최", "춘영", "list alias Ch’oe Ch’un-yo’ng", [], []),
    ("KPi.058", "조", "철성", "list alias Cho Ch’o’l-so’ng", [], []),
    ("KPi.065", "주", "혁", "HYO'K = hyŏk", [], []),
    ("KPi.066", "김", "정식", "list alias Kim Cho’ng-sik", [], []),
    ("KPi.068", "김", "동철", "list alias Kim Tong-ch'o'l", [], []),
    ("KPi.070", "구", "자형", "list alias Ku Cha-hyo'ng", [], []),
    ("KPi.072", "배", "원욱", "list alias Pae Wo'n-uk", [], []),
    ("KPi.076", "리", "병철", "list alias Ri Pyo’ng-ch’o’l (main name writes CHUL)", [("李炳哲", "hanja", "constructed")], []),
    ("KPi.077", "리", "성혁", "", [("李成赫", "hanzi", "from the list's pinyin alias Li Cheng He")], []),
    ("KPi.078", "리", "은성", "U’N SO’NG = ŭn sŏng 은성 by the MR form; the alias Ri Eun Song reads 은송", [],
     [("리은송", "Hang", "hangul", "ambiguous: reading of the list alias Ri Eun Song (송) against the MR form (성)")]),
]

# Organisations: the Korean (Hangul), romanized and Russian forms are hand-made (no converter: MR
# assimilation rules inside compound words are not worth automating for a dozen names).
ORGS = [
    ("KPe.001", [("조선광업개발무역회사", "Hang", "hangul", "constructed from the English name"),
                 ("Chosŏn Kwangŏp Kaebal Muyŏk Hoesa", "Latn", "mccune-reischauer", "constructed"),
                 ("Joseon Gwangeop Gaebal Muyeok Hoesa", "Latn", "revised-romanization", "constructed"),
                 ("Корейская горнодобывающая торговая корпорация", "Cyrl", "russian-translation", "translation"),
                 ("朝鲜矿业开发贸易公司", "Hani", "hanzi", "constructed")]),
    ("KPe.002", [("조선련봉총회사", "Hang", "hangul", ""),
                 ("Chosŏn Ryŏnbong Ch'onghoesa", "Latn", "mccune-reischauer", ""),
                 ("Joseon Ryeonbong Chonghoesa", "Latn", "revised-romanization", ""),
                 ("Корейская генеральная корпорация Рёнбон", "Cyrl", "kontsevich", "translation + transliteration")]),
    ("KPe.003", [("단천상업은행", "Hang", "hangul", ""),
                 ("Tanch'ŏn Sangŏp Ŭnhaeng", "Latn", "mccune-reischauer", ""),
                 ("Dancheon Sangeop Eunhaeng", "Latn", "revised-romanization", ""),
                 ("Коммерческий банк Танчхон", "Cyrl", "kontsevich", "translation + transliteration"),
                 ("端川商业银行", "Hani", "hanzi", "constructed")]),
    ("KPe.009", [("압록강개발은행", "Hang", "hangul", "list alias Amnokkang Development Bank"),
                 ("Amnokkang Kaebal Ŭnhaeng", "Latn", "mccune-reischauer", ""),
                 ("Amnokgang Gaebal Eunhaeng", "Latn", "revised-romanization", ""),
                 ("Банк развития Амноккан", "Cyrl", "kontsevich", "translation + transliteration")]),
    ("KPe.010", [("청송련합", "Hang", "hangul", "list alias CH'O'NGSONG YO'NHAP"),
                 ("Ch'ŏngsong Yŏnhap", "Latn", "mccune-reischauer", "breves where the list writes O'"),
                 ("Cheongsong Yeonhap", "Latn", "revised-romanization", ""),
                 ("Чхонсон Ёнхап", "Cyrl", "kontsevich", "")]),
    ("KPe.013", [("동방은행", "Hang", "hangul", "list alias TONGBANG U’NHAENG"),
                 ("Tongbang Ŭnhaeng", "Latn", "mccune-reischauer", "breve where the list writes U’"),
                 ("Банк Тонбан", "Cyrl", "kontsevich", "translation + transliteration")]),
    ("KPe.018", [("제2자연과학원", "Hang", "hangul", "list alias CHE 2 CHAYON KWAHAKWON"),
                 ("Che 2 Chayŏn Kwahagwŏn", "Latn", "mccune-reischauer", ""),
                 ("Je 2 Jayeon Gwahagwon", "Latn", "revised-romanization", "")]),
    ("KPe.022", [("청천강해운회사", "Hang", "hangul", ""),
                 ("Ch'ŏngch'ŏn'gang Haeun Hoesa", "Latn", "mccune-reischauer", ""),
                 ("Cheongcheongang Haeun Hoesa", "Latn", "revised-romanization", ""),
                 ("Судоходная компания Чхончхонган", "Cyrl", "kontsevich", "translation + transliteration")]),
    ("KPe.023", [("대동신용은행", "Hang", "hangul", ""),
                 ("Taedong Sinyong Ŭnhaeng", "Latn", "mccune-reischauer", ""),
                 ("Daedong Sinyong Eunhaeng", "Latn", "revised-romanization", ""),
                 ("Кредитный банк Тэдон", "Cyrl", "kontsevich", "translation + transliteration"),
                 ("大同信贷银行", "Hani", "hanzi", "constructed")]),
    ("KPe.031", [("정찰총국", "Hang", "hangul", "list alias Chongch’al Ch’ongguk"),
                 ("Chŏngch'al Ch'ongguk", "Latn", "mccune-reischauer", "breve where the list alias has none"),
                 ("Jeongchal Chongguk", "Latn", "revised-romanization", ""),
                 ("Главное разведывательное управление", "Cyrl", "russian-translation", "translation"),
                 ("侦察总局", "Hani", "hanzi", "constructed")]),
    ("KPe.035", [("조선대성은행", "Hang", "hangul", "list alias Choson Taesong Unhaeng"),
                 ("Chosŏn Taesŏng Ŭnhaeng", "Latn", "mccune-reischauer", "breves of the list alias"),
                 ("Joseon Daeseong Eunhaeng", "Latn", "revised-romanization", ""),
                 ("Корейский банк Тэсон", "Cyrl", "kontsevich", "translation + transliteration"),
                 ("朝鲜大成银行", "Hani", "hanzi", "constructed")]),
    ("KPe.045", [("고려은행", "Hang", "hangul", ""),
                 ("Koryŏ Ŭnhaeng", "Latn", "mccune-reischauer", ""),
                 ("Goryeo Eunhaeng", "Latn", "revised-romanization", ""),
                 ("Банк Корё", "Cyrl", "kontsevich", "translation + transliteration"),
                 ("高丽银行", "Hani", "hanzi", "constructed")]),
    ("KPe.047", [("조선무역은행", "Hang", "hangul", "list alias Korea Trading Bank / Mooyokbank"),
                 ("Chosŏn Muyŏk Ŭnhaeng", "Latn", "mccune-reischauer", ""),
                 ("Joseon Muyeok Eunhaeng", "Latn", "revised-romanization", ""),
                 ("Внешнеторговый банк КНДР", "Cyrl", "russian-translation", "translation"),
                 ("朝鲜贸易银行", "Hani", "hanzi", "constructed")]),
    ("KPe.016", [("朝鲜联合机械贸易会社", "Hani", "hanzi", "list alias")]),
    ("KPe.055", [("長安海連技術有限公司", "Hani", "hanzi", "list alias (traditional)"),
                 ("长安海连技术有限公司", "Hani", "hanzi", "constructed (simplified form of the list alias)")]),
    ("KPe.059", [("華信船務(香港)有限公司", "Hani", "hanzi", "list alias (traditional)"),
                 ("华信船务(香港)有限公司", "Hani", "hanzi", "constructed (simplified form of the list alias)")]),
    ("KPe.073", [("沈忠國際海運有限公司", "Hani", "hanzi", "list alias (traditional)"),
                 ("沈忠国际海运有限公司", "Hani", "hanzi", "constructed (simplified form of the list alias)")]),
]

# --- the UN list ----------------------------------------------------------------------------------


def shared_data() -> Path:
    root = Path(__file__).resolve().parents[3]
    value = os.environ.get("SANCTIONWATCH_SHARED_DATA", "../shared/data")
    path = Path(value).expanduser()
    return path if path.is_absolute() else (root / path).resolve()


def list_names(xml_path: Path) -> dict[str, tuple[str, list[str]]]:
    """reference -> (main name as the list writes it, [aliases]) for the DPRK (KP) designees."""
    out = {}
    root = ET.parse(xml_path).getroot()
    for tag, alias_tag in (("INDIVIDUAL", "INDIVIDUAL_ALIAS"), ("ENTITY", "ENTITY_ALIAS")):
        for node in root.iter(tag):
            ref = (node.findtext("REFERENCE_NUMBER") or "").strip()
            if not ref.startswith("KP"):
                continue
            parts = [node.findtext(f) for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
            name = " ".join(p.strip() for p in parts if p and p.strip())
            aliases = [(a.findtext("ALIAS_NAME") or "").strip() for a in node.findall(alias_tag)]
            out[ref] = (name, [a for a in aliases if a])
    return out


def _squash(text: str) -> str:
    return re.sub(r"[\s\-’'‘`]+", "", text).casefold()


def build(names: dict[str, tuple[str, list[str]]]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []

    def add(ref: str, query: str, script: str, system: str, note: str) -> None:
        list_name, aliases = names[ref]
        if script == "Latn" and _squash(query) in {_squash(n) for n in [list_name, *aliases]}:
            return  # the list already has this spelling: no cross-romanization test
        rows.append({"reference": ref, "list_name": list_name, "query": query, "script": script,
                     "system": system, "note": note})

    for ref, fam, given, note, hans, extra in PERSONS:
        add(ref, fam + given, "Hang", "hangul", note)
        for text, system, hnote in hans:
            add(ref, text, "Hani", system, hnote)
        add(ref, kontsevich(fam, given), "Cyrl", "kontsevich", "")
        add(ref, mr(fam, given), "Latn", "mccune-reischauer", "")
        add(ref, rr(fam, given), "Latn", "revised-romanization", "")
        for text, script, system, xnote in extra:
            add(ref, text, script, system, xnote)
    for ref, forms in ORGS:
        for text, script, system, onote in forms:
            add(ref, text, script, system, onote)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed CSV against the list")
    args = parser.parse_args()
    xml_path = shared_data() / UN_XML
    names = list_names(xml_path)
    missing = [ref for ref, *_ in PERSONS if ref not in names] + [ref for ref, _ in ORGS if ref not in names]
    if missing:
        raise SystemExit(f"not on {xml_path}: {missing}")
    rows = build(names)
    if args.check:
        with OUT.open(encoding="utf-8", newline="") as fh:
            committed = list(csv.DictReader(fh))
        if committed != rows:
            raise SystemExit(f"{OUT} differs from what this script builds ({len(committed)} vs {len(rows)} rows)")
        print(f"{OUT.name}: {len(rows)} rows, as built")
        return
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    refs = {r["reference"] for r in rows}
    print(f"wrote {OUT}: {len(rows)} rows, {len(refs)} designees", file=sys.stderr)


if __name__ == "__main__":
    main()
