"""Mentions in an article's title, body and captions: people, organisations, vessels, IMO numbers and
MMSIs, places and dates, in Latin, Hangul, Chinese characters and Cyrillic.

No statistical model: capitalised runs (Latin, Cyrillic), family-name-led words (Hangul) and titled
character runs (Chinese) are candidates, sorted into kinds by the words in and around them
(lexicon.py). A candidate of one word is kept only as a possible reference back to a full name
(groups.py decides) or when a title makes it a person ("President Putin", "김 위원장").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from sanctionwatch.media import lexicon as lx
from sanctionwatch.media.dates import find_dates
from sanctionwatch.media.ingest import Document

_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|No|Co|Jr|vs))[.!?。](?:[\"'”’»)]*)\s+|\n")
_WORD = re.compile(r"[^\W_][\w'’\-]*(?:\.(?=[A-Za-z]\.))?|[^\w\s]")
_CONNECT = frozenset({"of", "the", "&", "bin", "al", "de", "du", "von", "van", "der", "la"})
_POSSESSIVE = re.compile(r"['’]s$")
_IMO = re.compile(r"\bIMO(?:\s*(?:number|no\.?|#|номер|번호))?\s*[:.]?\s*(\d{7})\b", re.I)
_MMSI = re.compile(r"\bMMSI(?:\s*(?:number|no\.?|#|номер|번호))?\s*[:.]?\s*(\d{9})\b", re.I)
_VESSEL_EN = re.compile(
    r"(?:\b(?:M/V|MV|M/T|MT|S/S)\.?\s+|\b(?:vessel|tanker|ship|freighter|carrier|trawler)\s+(?:named\s+|called\s+)?)"
    r"[\"“'‘]?((?:[A-Z][A-Za-z\-]*|\d+)(?:\s+(?:[A-Z][A-Za-z\-]*|\d+)){0,4})")
_VESSEL_KO = re.compile(r"(?:선박|유조선|화물선|운반선|배)\s*[\"“'‘]?([가-힣]{1,8}(?:\s?\d{1,3})?)\s?호")
# A name written right before its IMO number: "alongside the NEW REGENT (IMO 8312497)".
_VESSEL_BEFORE_IMO = re.compile(
    r"((?:[A-Z][A-Za-z\-]*|\d+)(?:\s+(?:[A-Z][A-Za-z\-]*|\d+)){0,4})\s*[(,]\s*IMO(?:\s*(?:number|no\.?|#))?\s*[:.]?\s*\d{7}\b")
_VESSEL_RU = re.compile(r"(?:судн\w*|танкер\w*|сухогруз\w*|теплоход\w*)\s+[«\"“]([^»\"”]{2,40})[»\"”]", re.I)
_QUOTED_ORG_RU = re.compile(r"(?:компани\w*|корпораци\w*|банк\w*|ООО|АО|ОАО|ЗАО|ПАО)\s+[«\"“]([^»\"”]{2,60})[»\"”]")
_HAN_PAREN = re.compile(r"[(（]([\u4e00-\u9fff]{2,4})[)）]")
_HAN_TITLE = re.compile(r"([\u4e00-\u9fff]{2,3})(?=主席|委员长|總書記|总书记|先生|女士|大使|同志|国务委员长)")
_CHINESE_FAMILY = frozenset("金李朴崔郑鄭姜赵趙尹张張林韩韓吴吳徐申权權黄黃安宋柳洪高文梁孙孫裴白许許南沈卢盧"
                            "河郭成车車朱禹具闵閔玄咸方孔王刘劉陈陳杨楊周习習普")
_HANGUL_WORD = re.compile(r"[가-힣](?:[가-힣0-9]*[가-힣])?")  # digits inside: 제2경제위원회
_CYR_WORD = re.compile(r"[А-ЯЁа-яё][А-ЯЁа-яё\-]*")


@dataclass
class Mention:
    kind: str                  # person | organization | vessel | imo | mmsi | place | date | surname
    text: str
    start: int
    end: int
    zone: str
    sentence: tuple[int, int]
    script: str = "latin"
    value: str | None = None   # ISO date, country code, IMO or MMSI digits
    roles: list[str] = field(default_factory=list)        # role words next to the name
    nationalities: list[str] = field(default_factory=list)  # country codes from nationality words
    gender: str | None = None
    aliases: list[str] = field(default_factory=list)      # e.g. the Chinese characters after a Korean name
    titled: bool = False       # a title or role word stands right before or after the name
    age: int | None = None     # "a 64-year-old potter", "김철남(58)", "58-летний"

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], "")}


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start() + 1
        pos = m.end()
    if pos < end:
        yield pos, end


# An age given beside a name: "Kim Kyong-il, a 64-year-old potter", "Kim, 64,", "aged 64" (English);
# "김철남(58) 씨" (Korean press); "58-летний Ким" (Russian).
_AGE_AFTER_EN = re.compile(r"^\s*(?:,\s*(?:an?\s+)?(\d{2})(?:-year-old\b|,)|,?\s*aged\s+(\d{2})\b)")
_AGE_AFTER_KO = re.compile(r"^\s*[(（](\d{2})[)）]")
_AGE_BEFORE_RU = re.compile(r"(\d{2})-летн\w*((?:\s+[А-ЯЁа-яё\-]+){0,4})\s*$")
_AGE_BEFORE_EN = re.compile(r"(\d{2})-year-old((?:\s+[A-Za-z\-]+){0,4})\s*$")


def _describes_the_name(words: list[str]) -> bool:
    """The words between "a 64-year-old" and a name say who the person is (a role, perhaps "from" a
    place): "jazz pianist", "нападающий из Ярославля"; not "potter met" or "договор с"."""
    lows = [w.lower() for w in words]
    if not lows:
        return True
    roles = [i for i, w in enumerate(lows) if w in lx.ROLES or ru_role(w) is not None]
    if not roles:
        return False
    rest = lows[roles[-1] + 1:]
    return not rest or (rest[0] in ("from", "из") and len(rest) == 2 and words[-1][:1].isupper())


def _age(text: str, m: Mention) -> int | None:
    after = text[m.end:m.end + 40]
    before = text[max(m.sentence[0], m.start - 60):m.start]
    for pattern in (_AGE_AFTER_EN, _AGE_AFTER_KO):
        found = pattern.search(after)
        if found:
            return int(next(g for g in found.groups() if g))
    for pattern in (_AGE_BEFORE_RU, _AGE_BEFORE_EN):
        found = pattern.search(before)
        if found and _describes_the_name(found.group(2).split()):
            return int(found.group(1))
    return None


def find_mentions(doc: Document) -> list[Mention]:
    out: list[Mention] = []
    for zone in doc.content_zones():
        for s, e in sentences(doc.text, zone.start, zone.end):
            out.extend(_in_sentence(doc.text, s, e, zone.kind))
    out.sort(key=lambda m: (m.start, -m.end))
    out = _dedupe(out)
    prev_end = 0
    for m in out:
        if m.kind in ("person", "surname"):
            if m.script == "latin":
                _context(m, doc.text, prev_end)
            m.age = _age(doc.text, m)
            prev_end = m.end
    return out


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Vessel and organisation readings win over a person reading of the same words."""
    rank = {"imo": 0, "mmsi": 0, "vessel": 1, "organization": 2, "date": 3, "place": 4, "person": 5, "surname": 6}
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (rank[m.kind], m.start)):
        if m.kind in ("imo", "mmsi") or not any(k.start < m.end and m.start < k.end and k.kind not in ("imo", "mmsi")
                                                for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _in_sentence(text: str, s: int, e: int, zone: str) -> list[Mention]:
    sent = (s, e)
    chunk = text[s:e]
    out: list[Mention] = []

    def add(kind: str, a: int, b: int, script: str = "latin", value: str | None = None) -> Mention:
        m = Mention(kind, text[s + a:s + b], s + a, s + b, zone, sent, script, value)
        out.append(m)
        return m

    for a, b, value in find_dates(chunk):
        add("date", a, b, value=value)
    for pattern, kind in ((_IMO, "imo"), (_MMSI, "mmsi")):
        for m in pattern.finditer(chunk):
            add(kind, m.start(), m.end(), value=m.group(1))
    for pattern, script in ((_VESSEL_EN, "latin"), (_VESSEL_KO, "hangul"), (_VESSEL_RU, "cyrillic"),
                            (_VESSEL_BEFORE_IMO, "latin")):
        for m in pattern.finditer(chunk):
            name, start = m.group(1).strip(), m.start(1)
            first = name.split()[0] if name else ""
            if first.lower() in ("the", "a", "an") and len(name.split()) > 1:  # "The Kum Un San 3 (IMO ...)"
                name, start = name[len(first):].strip(), start + len(name) - len(name[len(first):].strip())
            if name and name.lower() not in lx.STOPWORDS:
                add("vessel", start, start + len(name), script)
    for m in _QUOTED_ORG_RU.finditer(chunk):
        add("organization", m.start(1), m.end(1), "cyrillic")
    out.extend(_latin(text, s, e, zone))
    out.extend(_hangul(text, s, e, zone))
    out.extend(_cyrillic(text, s, e, zone))
    out.extend(_chinese(text, s, e, zone))
    return out


# --------------------------------------------------------------------------------------------- Latin


def _tokens(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, s, e)]


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and word[:1].isascii() or (word[:1].isupper() and "LATIN" in _uname(word[:1]))


def _uname(ch: str) -> str:
    import unicodedata

    return unicodedata.name(ch, "")


def _latin(text: str, s: int, e: int, zone: str) -> list[Mention]:
    toks = _tokens(text, s, e)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if not _is_cap(toks[i][2]):
            i += 1
            continue
        j = i
        while j + 1 < len(toks):
            nxt = toks[j + 1][2]
            if _is_cap(nxt):
                j += 1
            elif nxt.lower() in _CONNECT and j + 2 < len(toks) and _is_cap(toks[j + 2][2]):
                j += 2
            elif nxt.lower() == "and" and _and_inside_organisation(toks, i, j):
                j += 2
            elif nxt.lower() == "of" and j + 3 < len(toks) and toks[j + 2][2].lower() == "the" and \
                    _is_cap(toks[j + 3][2]) and toks[j][2].lower() in lx.ORG_WORDS:
                j += 3  # "Strategic Force of the Korean People's Army": an organisation "of the" another
            elif nxt.isdigit() and len(nxt) <= 3 and (j > i or toks[j][2].lower() in lx.ORG_WORDS):
                j += 1  # vessel and unit numbers (Yu Jong 2, Office 39)
            else:
                break
        for a, b in _split_org_person(toks, i, j):
            out.extend(_classify_latin(text, toks, a, b, toks[a:b + 1], s, e, zone))
        i = j + 1
    return out


def _and_inside_organisation(toks, i: int, j: int) -> bool:
    """"Propaganda and Agitation Department", "Industrial and Commercial Bank": one capitalised word,
    "and", then a capitalised run with an organisation word; "Kim Jong Un and Vladimir Putin" has none,
    "Sergei Lavrov and Foreign Ministry ..." has two words before the "and", and "the Ministry of Defence
    and Kim" already named its organisation before it."""
    if j != i or j + 2 >= len(toks) or not _is_cap(toks[j + 2][2]):
        return False
    if any(toks[k][2].lower() in lx.ORG_WORDS for k in range(i, j + 1)):
        return False
    k = j + 2
    while k < len(toks) and (_is_cap(toks[k][2]) or toks[k][2].lower() in _CONNECT):
        if toks[k][2].lower() in lx.ORG_WORDS:
            return True
        k += 1
    return False


def _split_org_person(toks, i: int, j: int) -> list[tuple[int, int]]:
    """"the Ministry of Foreign Affairs Maria Zakharova": an organisation's name runs straight into a
    person's; two or more capitalised words after the last organisation word are the person."""
    last = max((k for k in range(i, j + 1) if toks[k][2].lower() in lx.ORG_WORDS), default=None)
    if last is None or j - last < 2 or any(toks[k][2].lower() in _CONNECT or toks[k][2].isdigit()
                                           for k in range(last + 1, j + 1)):
        return [(i, j)]
    return [(i, last), (last + 1, j)]


def _clean_run(run: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int, str]], list[str], list[str]]:
    """Leading function words, nationality words and titles off a run; returns (run, roles, nationalities)."""
    roles, nats = [], []
    run = list(run)
    while run:
        w = run[0][2]
        low = _POSSESSIVE.sub("", w).lower()
        two = " ".join(t[2].lower() for t in run[:2])
        if two in lx.NATIONALITIES:
            nats.append(lx.NATIONALITIES[two])
            run = run[2:]
        elif low in lx.NATIONALITIES:
            nats.append(lx.NATIONALITIES[low])
            run = run[1:]
        elif low in lx.ROLES or low in ("mr", "mrs", "ms", "dr", "comrade", "marshal"):
            roles.append(low)
            run = run[1:]
        elif low in lx.STOPWORDS or low in _CONNECT:
            run = run[1:]
        else:
            break
    while run and (run[-1][2].lower() in _CONNECT or run[-1][2].lower() in lx.STOPWORDS):
        run = run[:-1]
    return run, roles, nats


def _classify_latin(text: str, toks, i: int, j: int, run, s: int, e: int, zone: str) -> list[Mention]:
    run, roles, nats = _clean_run(run)
    if not run:
        return []
    a, b = run[0][0], run[-1][1]
    words = [_POSSESSIVE.sub("", t[2]) for t in run]
    if _POSSESSIVE.search(run[-1][2]):
        b -= 2
    phrase = " ".join(words)
    low = phrase.lower()
    low_words = [w.lower() for w in words]
    m = Mention("person", text[a:b], a, b, zone, (s, e), "latin")
    if low in lx.COUNTRY_NAMES or all(w in lx.PLACES or w in lx.COUNTRY_NAMES for w in low_words) or \
            low in lx.PLACES:
        m.kind, m.value = "place", lx.COUNTRY_NAMES.get(low, lx.PLACES.get(low, lx.PLACES.get(low_words[0], "")))
        return [m]
    if any(w in lx.ORG_WORDS for w in low_words):
        m.kind = "organization"
        return [m]
    if any(w in lx.PLACE_WORDS for w in low_words):
        m.kind = "place"
        return [m]
    preceding = re.search(r"([А-ЯЁа-яё]+)\s+$", text[max(s, a - 40):a])
    if preceding and preceding.group(1).lower() in lx.ORG_INTRO_RU:
        m.kind = "organization"  # "хакерская группировка Lazarus", "подразделение Bluenoroff"
        return [m]
    if len(words) == 1 and (words[0].isupper() and len(words[0]) > 1 or words[0].lower() in lx.NATIONALITIES):
        return []  # acronyms (UN, RUSI) and lone adjectives: nothing a name screen can use
    if len(words) == 1 or any(w.isdigit() for w in words):
        m.kind = "surname" if len(words) == 1 else "organization"
        if m.kind == "surname" and low in lx.STOPWORDS:
            return []
    m.roles, m.nationalities, m.titled = roles, nats, bool(roles)
    return [m]


def _context(m: Mention, text: str, prev_end: int) -> None:
    """Role and nationality words before the name (back to the previous name in the sentence, at most
    8 words) and in an apposition after it (", a South Korean footballer from Busan,")."""
    roles, nats = m.roles, m.nationalities
    before = [w for _, _, w in _tokens(text, max(prev_end, m.sentence[0]), m.start)][-8:]
    while before and before[0] in (",", "(", ")"):
        before = before[1:]
    if any(w in (";", ":") for w in before):
        before = before[max(i for i, w in enumerate(before) if w in (";", ":")) + 1:]
    if any(w.lower() in lx.CLAUSE_BREAKS for w in before):
        # "A Chinese exhibitor said Mr Ri": the nationality is the exhibitor's, not Ri's.
        before = before[max(i for i, w in enumerate(before) if w.lower() in lx.CLAUSE_BREAKS) + 1:]
    after: list[str] = []
    rest = _tokens(text, m.end, m.sentence[1])
    if rest and rest[0][2] in (",", "("):
        for _, _, w in rest[1:]:
            if w in (",", ".", ")", ";") or len(after) >= 12:
                break
            after.append(w)
    words = before + after
    for idx, w in enumerate(words):
        low = _POSSESSIVE.sub("", w).lower()
        pair = f"{low} {words[idx + 1].lower()}" if idx + 1 < len(words) else ""
        if pair in lx.NATIONALITIES:
            nats.append(lx.NATIONALITIES[pair])
        elif low in lx.NATIONALITIES and not (idx and f"{words[idx - 1].lower()} {low}" in lx.NATIONALITIES):
            nats.append(lx.NATIONALITIES[low])
        elif _POSSESSIVE.search(w) and lx.COUNTRY_NAMES.get(low) and idx + 1 < len(words) and \
                words[idx + 1].lower() in lx.ROLES:
            nats.append(lx.COUNTRY_NAMES[low])  # "Russia's ambassador"
        elif low in lx.ROLES:
            roles.append(low)
    for idx, w in enumerate(after):
        if w.lower() in ("from", "in") and idx + 1 < len(after):
            place = after[idx + 1].lower()
            code = lx.PLACES.get(place) or lx.COUNTRY_NAMES.get(place)
            if code and any(r.lower() in lx.ROLES for r in after[:idx]):
                nats.append(code)
        if w.lower().endswith("-based"):
            code = lx.PLACES.get(w.lower()[:-6])
            if code:
                nats.append(code)
    m.roles = list(dict.fromkeys(roles))
    m.nationalities = list(dict.fromkeys(nats))
    m.gender = m.gender or _gender(m.roles)


def _gender(roles: list[str]) -> str | None:
    if any(r in lx.FEMALE_ROLES or r in ("mrs", "ms") for r in roles):
        return "female"
    if any(r in lx.MALE_ROLES or r == "mr" for r in roles):
        return "male"
    return None


# --------------------------------------------------------------------------------------------- Hangul


def _strip_particle(word: str) -> str:
    if len(word) == 3 and word[0] in lx.KOREAN_FAMILY:
        return word  # 김정은: the last syllable is the name's, not the topic particle 은
    for p in lx.KOREAN_PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2:
            return word[:-len(p)]
    return word


def _ko_role(words: list[str]) -> str | None:
    for w in words:
        for r in sorted(lx.ROLES_KO, key=len, reverse=True):
            if (len(r) >= 2 and r in w) or w == r or (w.startswith(r) and len(w) - len(r) <= 1):
                return r
    return None


def _hangul(text: str, s: int, e: int, zone: str) -> list[Mention]:
    """Korean names are three syllables led by a family name (two or four with a title beside them).
    Such a word counts as a name when a title follows within three words, a particle is attached
    (박영식과, 리병철이), or Chinese characters follow in brackets."""
    out: list[Mention] = []
    words = list(_HANGUL_WORD.finditer(text, s, e))
    for idx, m in enumerate(words):
        raw = m.group()
        following = [w.group() for w in words[idx + 1:idx + 4]]
        nxt_role = _ko_role(following[:1]) or _ko_role(following)
        prev = words[idx - 1].group() if idx else ""
        word = _strip_particle(raw)
        glued_role = next((r for r in sorted(lx.ROLES_KO, key=len, reverse=True)
                           if len(r) >= 2 and word.endswith(r) and len(word) - len(r) in (2, 3)), None)
        if glued_role:  # 김정은위원장
            word, nxt_role = word[:-len(glued_role)], glued_role
        a = m.start()
        if word in lx.PLACES_KO:
            out.append(Mention("place", word, a, a + len(word), zone, (s, e), "hangul", lx.PLACES_KO[word]))
            continue
        if any(word.endswith(w) for w in lx.ORG_WORDS_KO) and len(word) >= 4:
            out.append(Mention("organization", word, a, a + len(word), zone, (s, e), "hangul"))
            continue
        if word[0] not in lx.KOREAN_FAMILY or word in lx.KOREAN_NOT_NAMES or raw in lx.KOREAN_NOT_NAMES:
            continue
        paren = _HAN_PAREN.match(text, m.end())
        if len(word) == 1 and _ko_role(following[:1]):
            kind = "surname"  # 김 위원장, 박 선수
        elif len(word) == 3 and (nxt_role or word != raw or paren):
            kind = "person"
        elif len(word) in (2, 4) and _ko_role(following[:1]):
            kind = "person"
        else:
            continue
        men = Mention(kind, word, a, a + len(word), zone, (s, e), "hangul")
        if nxt_role:
            men.titled = True
            if lx.ROLES_KO.get(nxt_role):
                men.roles.append(nxt_role)
        for w in (prev, _strip_particle(prev)):
            if w in lx.NATIONALITIES_KO:
                men.nationalities.append(lx.NATIONALITIES_KO[w])
            if lx.ROLES_KO.get(w):
                men.roles.append(w)
        for w in (words[idx - 2].group() if idx > 1 else "",):
            if w in lx.NATIONALITIES_KO and lx.ROLES_KO.get(prev):
                men.nationalities.append(lx.NATIONALITIES_KO[w])  # 한국 프로야구 선수 -> not reached; 한국 선수
        men.roles = list(dict.fromkeys(men.roles))
        if any(r in lx.FEMALE_ROLES for r in men.roles):
            men.gender = "female"
        if paren:
            men.aliases.append(paren.group(1))
        out.append(men)
    return out


# --------------------------------------------------------------------------------------------- Cyrillic


def _cyrillic(text: str, s: int, e: int, zone: str) -> list[Mention]:
    out: list[Mention] = []
    words = list(_CYR_WORD.finditer(text, s, e))
    i = 0
    while i < len(words):
        w = words[i].group()
        if not w[0].isupper() or w.lower() in lx.STOPWORDS_RU:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and words[j + 1].group()[0].isupper() and \
                text[words[j].end():words[j + 1].start()].strip() in ("", "-"):
            j += 1
        # "Дальневосточный банк": capitalised words then a lower-case organisation word are one name.
        if j + 1 < len(words) and words[j + 1].group().lower() in lx.ORG_WORDS_RU and \
                text[words[j].end():words[j + 1].start()].strip() == "":
            j += 1
        run = words[i:j + 1]
        # "из Ярославля Роман Семёнов": the word after "from" or "in" is a place, known or not
        after_preposition = i > 0 and words[i - 1].group() in ("из", "в", "во", "под", "около") and \
            _oblique_place(words[i].group())
        lead_roles, lead_nats = [], []
        while len(run) > 1:  # "Президент России Владимир Путин", "МИД России Мария Захарова"
            first = run[0].group()
            stem = _ru_stem_lookup(first.lower())
            if ru_role(first.lower()) is not None:
                lead_roles.append(ru_role(first.lower()))
            elif stem in lx.PLACES_RU:
                lead_nats.append(lx.PLACES_RU[stem])
            elif _ru_place_adjective(first.lower()) is not None:
                lead_nats.append(_ru_place_adjective(first.lower()))  # "Владивостокский ... банк"
            elif after_preposition and run[0] is words[i]:
                pass
            elif not (first.isupper() or first.lower() in lx.STOPWORDS_RU or first.lower() in lx.ORG_WORDS_RU):
                break
            run = run[1:]
        low = [r.group().lower() for r in run]
        a, b = run[0].start(), run[-1].end()
        mention = Mention("person", text[a:b], a, b, zone, (s, e), "cyrillic")
        place = next((lx.PLACES_RU[x] for x in (_ru_stem_lookup(t) for t in low) if x in lx.PLACES_RU), None)
        if place is not None and len(run) == 1:
            mention.kind, mention.value = "place", place
        elif any(t in lx.ORG_WORDS_RU for t in low) or (len(run) == 1 and run[0].group().isupper()):
            mention.kind = "organization" if len(run) > 1 else ""
        elif len(run) == 1:
            mention.kind = "surname"
        if mention.kind:
            if mention.kind in ("person", "surname"):
                mention.roles.extend(r for r in lead_roles if lx.ROLES_RU[r])
                mention.nationalities.extend(c for c in lead_nats if c)
                before = [x.group().lower() for x in words[max(0, i - 4):i]]
                for bw in before:
                    role = ru_role(bw)
                    if role is not None and lx.ROLES_RU[role]:
                        mention.roles.append(role)
                    if bw in lx.NATIONALITIES_RU:
                        mention.nationalities.append(lx.NATIONALITIES_RU[bw])
                    if bw in lx.FEMALE_ROLES:
                        mention.gender = "female"
                mention.titled = bool(lead_roles) or (bool(before) and ru_role(before[-1]) is not None)
            out.append(mention)
        i = j + 1
    return out


def _oblique_place(word: str) -> bool:
    """After "из" or "в": a word in the genitive or prepositional case that is no Korean name (Ярославля,
    not Ким)."""
    from sanctionwatch.screening.names.cyrillic import korean_word_readings

    return word[-1:].lower() in "аяеиуы" and not korean_word_readings(word.lower())


def ru_role(word: str) -> str | None:
    """A Russian role word in any case (председателя, министра, послом) as the lexicon writes it."""
    if word in lx.ROLES_RU:
        return word
    for ending, repl in (("я", "ь"), ("ю", "ь"), ("ем", "ь"), ("е", "ь"), ("а", ""), ("у", ""), ("ом", ""),
                         ("е", ""), ("ы", ""), ("и", "ь")):
        if word.endswith(ending) and word[:-len(ending)] + repl in lx.ROLES_RU:
            return word[:-len(ending)] + repl
    return None


def _ru_place_adjective(word: str) -> str | None:
    """"владивостокский", "пхеньянского": an adjective of a place in the lexicon -> its country."""
    for ending in ("ский", "ская", "ское", "ского", "ской", "скому", "ском", "ские", "ских"):
        if word.endswith(ending):
            stem = word[:-len(ending)]
            for place, code in lx.PLACES_RU.items():
                if len(stem) >= 4 and place.startswith(stem[:-1]) and len(place) - len(stem) <= 2:
                    return code
    return None


def _ru_stem_lookup(word: str) -> str:
    """A Russian place name in another case (в Москве, из Пхеньяна) back to the form in the lexicon."""
    if word in lx.PLACES_RU:
        return word
    for ending, repl in (("е", "а"), ("ы", "а"), ("у", "а"), ("ой", "а"), ("а", ""), ("е", ""), ("у", ""),
                         ("ом", ""), ("и", "я"), ("ии", "ия"), ("ю", "я"), ("я", "е")):
        if word.endswith(ending) and word[:-len(ending)] + repl in lx.PLACES_RU:
            return word[:-len(ending)] + repl
    return word


# --------------------------------------------------------------------------------------------- Chinese


def _chinese(text: str, s: int, e: int, zone: str) -> list[Mention]:
    out = []
    for m in _HAN_TITLE.finditer(text, s, e):
        name = m.group(1)
        for start in range(len(name) - 1):  # the name is the last 2-3 characters before the title
            if name[start] in _CHINESE_FAMILY:
                a = m.start() + start
                out.append(Mention("person", text[a:m.end()], a, m.end(), zone, (s, e), "han"))
                break
    return out
