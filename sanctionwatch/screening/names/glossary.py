"""Organisation names written in translation: the Korean, Chinese or Russian words of a DPRK
company's name turned into the English words the lists use.

A Korean document calls KOMID 조선광업개발무역회사 (Chosŏn Kwangŏp Kaebal Muyŏk Hoesa): word for word
"Korea Mining Development Trading Company". Transliteration cannot bridge that; translation of the
common words can, while the proper names (Tanchon, Ryonbong) stay as they are and are read as Korean.
The vocabulary is that of the 1718 designations (banks, trading, shipping and mining companies).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Hangul word -> English (longest match first when segmenting run-together Hangul).
HANGUL = {
    "조선": "korea", "고려": "koryo", "광업": "mining", "개발": "development", "무역": "trading",
    "회사": "company", "총회사": "general corporation", "총국": "general bureau", "은행": "bank",
    "상업": "commercial", "신용": "credit", "해운": "shipping", "해사": "maritime", "관리": "management",
    "합영": "joint venture", "합작": "joint venture", "기술": "technology", "국제": "international",
    "무역은행": "trade bank", "정찰": "reconnaissance", "기계": "machinery",
    "련합": "united", "연합": "united", "투자": "investment", "보험": "insurance", "공업": "industry",
    "위원회": "committee", "원자력": "atomic energy",
}
# Added in glossary version 2 (matcher name-v2): the DPRK's ministries and party departments on the
# lists, whose last syllable (성 ministry, 부 department) is too short to translate on its own.
HANGUL_V2 = {
    **HANGUL, "공업성": "industry ministry", "국가보위성": "ministry of state security",
    "인민보안성": "ministry of people's security", "사회안전성": "ministry of social security",
    "인민무력성": "ministry of people's armed forces", "군수공업부": "munitions industry department",
    "선전선동부": "propaganda and agitation department", "경제": "economic", "위원장": "chairman",
    "국가": "national", "우주": "aerospace", "우주개발국": "aerospace development administration", "해외": "overseas",
    "그룹": "group", "항공": "aviation",
}
# Romanized Korean words (McCune-Reischauer and Revised Romanization, diacritics and apostrophes
# dropped) -> English.
ROMANIZED = {
    "choson": "korea", "joseon": "korea", "koryo": "koryo", "goryeo": "koryo", "kwangop": "mining",
    "gwangeop": "mining", "kaebal": "development", "gaebal": "development", "muyok": "trading",
    "muyeok": "trading", "hoesa": "company", "chonghoesa": "general corporation", "chongguk": "general bureau",
    "unhaeng": "bank", "eunhaeng": "bank", "sangop": "commercial", "sangeop": "commercial",
    "sinyong": "credit", "haeun": "shipping", "haesa": "maritime", "kwalli": "management",
    "gwanri": "management", "gwalli": "management", "hapyong": "joint venture", "habyeong": "joint venture",
    "kisul": "technology", "gisul": "technology", "kukche": "international", "gukje": "international",
    "chongchal": "reconnaissance", "jeongchal": "reconnaissance", "kigye": "machinery", "gigye": "machinery",
    "ryonhap": "united", "yonhap": "united", "yeonhap": "united", "tuja": "investment", "pohom": "insurance",
    "boheom": "insurance", "kongop": "industry", "gongeop": "industry",
}
# Chinese words (simplified and traditional) -> English.
CHINESE = {
    "朝鲜": "korea", "朝鮮": "korea", "高丽": "koryo", "高麗": "koryo", "矿业": "mining", "礦業": "mining",
    "开发": "development", "開發": "development", "贸易": "trading", "貿易": "trading", "公司": "company",
    "总公司": "general corporation", "總公司": "general corporation", "银行": "bank", "銀行": "bank",
    "商业": "commercial", "商業": "commercial", "信贷": "credit", "信貸": "credit", "信用": "credit",
    "海运": "shipping", "海運": "shipping", "船务": "shipping", "船務": "shipping", "航运": "shipping",
    "国际": "international", "國際": "international", "有限公司": "co ltd", "技术": "technology",
    "技術": "technology", "香港": "hong kong", "海连": "shipping", "海連": "shipping", "合营": "joint venture",
    "合營": "joint venture", "机械": "machinery", "機械": "machinery", "侦察": "reconnaissance",
    "偵察": "reconnaissance", "总局": "general bureau", "總局": "general bureau", "管理": "management",
}
# Russian word stems -> English; proper names that follow are read as Korean by name_forms.
RUSSIAN = (
    ("корейск", "korea"), ("кндр", "korea"), ("горнодобыва", "mining"), ("горнорудн", "mining"),
    ("торгов", "trading"), ("внешнеторгов", "foreign trade"), ("корпорац", "corporation"),
    ("компан", "company"), ("банк", "bank"), ("коммерческ", "commercial"), ("развит", "development"),
    ("кредитн", "credit"), ("судоходн", "shipping"), ("морск", "maritime"), ("генеральн", "general"),
    ("главн", "general"), ("разведывательн", "reconnaissance"), ("управлени", "bureau"),
    ("международн", "international"), ("технолог", "technology"), ("совместн", "joint venture"),
)
RUSSIAN_V2 = RUSSIAN + (("дальневосточн", "far eastern"), ("национальн", "national"), ("объединен", "united"),
                        ("группировк", "group"), ("групп", "group"))


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.lower())
    return re.sub(r"[^a-z]", "", "".join(ch for ch in text if not unicodedata.combining(ch)))


def _segment(text: str, vocabulary: dict[str, str]) -> list[str]:
    """Longest-match segmentation; runs of unknown characters are kept together as a proper name."""
    longest = max(len(k) for k in vocabulary)
    out: list[str] = []
    unknown = ""
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            piece = text[i:i + size]
            if piece in vocabulary:
                if unknown:
                    out.append(unknown)
                    unknown = ""
                out.append(vocabulary[piece])
                i += size
                break
        else:
            ch = text[i]
            if ch.isalnum():
                unknown += ch
            elif unknown:
                out.append(unknown)
                unknown = ""
            i += 1
    if unknown:
        out.append(unknown)
    return out


def _proper_name_readings(word: str) -> list[str]:
    """A proper name left untranslated (단천, Танчхон, 端川) as one Latin word, in its readings."""
    from sanctionwatch.screening.names.cyrillic import korean_word_readings, transliterate_word
    from sanctionwatch.screening.names.hangul import hangul_readings
    from sanctionwatch.screening.names.hanja_readings import korean_reading, pinyin_readings

    if any("\uac00" <= ch <= "\ud7a3" for ch in word):
        return ["".join(tokens) for _, tokens, _ in hangul_readings(word)][:3]
    if any("\u4e00" <= ch <= "\u9fff" for ch in word):
        # Chinese companies keep their pinyin (CHANG AN, HUAXIN); Korean ones their Korean reading.
        pinyin = [" ".join(tokens) for tokens in pinyin_readings(word)][:1]
        hangul = korean_reading(word).replace(" ", "")
        korean = ["".join(tokens) for _, tokens, _ in hangul_readings(hangul)][:2] if hangul else []
        return pinyin + [p.replace(" ", "") for p in pinyin] + korean or [word]
    if any("\u0400" <= ch <= "\u04ff" for ch in word):
        readings = ["".join(tokens) for tokens, _ in korean_word_readings(word.lower(), limit=3)]
        return readings + [transliterate_word(word.lower())]
    return [word]


@lru_cache(maxsize=50_000)
def translate_org_name(name: str, version: int = 1) -> tuple[str, ...]:
    """Readings of the name with its known organisation words in English and its proper names as
    single Latin words; empty when no word was known. ``version`` 2 knows more words (name-v2)."""
    slots: list[list[str]] = []
    known = 0
    hangul = HANGUL_V2 if version >= 2 else HANGUL
    if version >= 2:
        name = re.sub(r"제\s?(\d+)", r" \1 ", name)  # 제2경제위원회: the ordinal prefix, "Second"
    english = set(hangul.values()) | set(CHINESE.values())
    for chunk in name.split():
        if any("\uac00" <= ch <= "\ud7a3" for ch in chunk) or any("\u4e00" <= ch <= "\u9fff" for ch in chunk):
            vocabulary = hangul if any("\uac00" <= ch <= "\ud7a3" for ch in chunk) else CHINESE
            for part in _segment(chunk, vocabulary):
                if part in english:
                    known += 1
                    slots.append([part])
                else:
                    slots.append(_proper_name_readings(part))
        elif any("\u0400" <= ch <= "\u04ff" for ch in chunk):
            low = chunk.lower()
            match = next((en for stem, en in (RUSSIAN_V2 if version >= 2 else RUSSIAN) if low.startswith(stem)), None)
            known += match is not None
            slots.append([match] if match else _proper_name_readings(chunk))
        else:
            match = ROMANIZED.get(_fold(chunk))
            known += match is not None
            slots.append([match or chunk])
    if not known:
        return ()
    variants = [""]
    for options in slots:
        variants = [f"{v} {o}".strip() for v in variants for o in options][:8]
    return tuple(variants)
