"""``name-v1``: names across scripts and romanizations, then evidence for and against.

Names: every reading of the query name (as written; Hangul, Hanja and Cyrillic read as Korean and as
their own script) is aligned token by token with every reading of each list name. Tokens that share a
phonetic key (KY'ONG ~ Kyung ~ Kyeong) count as equal; others by edit distance, strictly for short
tokens, because one letter turns "Un" into "Il" and Kim Jong Un into his father. Token weights: longer
tokens say more; family names shared by millions (Kim, Ri, Pak) and company words ("Trading",
"Corporation", "Co., Ltd") say little, so a generic word alone never makes a match.

Score = 0.9 x name similarity + bonuses (birth date, country, identifiers), x penalties (a birth
year years apart, another country, another gender, another IMO), at least an identifier's floor.
The 0.9 leaves room above a bare name match, so results rank instead of piling up at 1.0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA, Levenshtein
from rigour.names import replace_org_types_compare

from sanctionwatch.screening import features
from sanctionwatch.screening.names import NameForm, detect_script, name_forms
from sanctionwatch.screening.names.glossary import translate_org_name
from sanctionwatch.screening.names.korean_keys import syllable_key
from sanctionwatch.screening.query import Profile

NAME_WEIGHT = 0.9
OMISSION_COST = 0.3
NUMBER_FACTOR = 0.85
DEFAULT_THRESHOLD = 0.7
EXACT_SYLLABLE_COUNT_FACTOR = 0.8  # name-v2 only: see _align(exact_syllables)
EXACT_SYLLABLE_ORDER_FACTOR = 0.7  # name-v2 only: as for a patronymic out of order

# Legal forms and words that describe a kind of organisation rather than name one.
GENERIC = frozenset("""co company companies corp corporation inc incorporated ltd limited llc llp plc gmbh ag sa
sas sarl srl bv nv oy ab as jsc ojsc cjsc pjsc ooo zao oao pao fze fzc fzco pte pvt pty sdn bhd kk the of and
for in de la le el al trading trade general bureau department group holding holdings international intl
enterprise enterprises industrial industry industries shipping ship maritime marine company's commercial
joint stock venture service services management association committee ministry office unit branch bank
national state corp. co. ltd. inc. coltd ao oao zao ooo pao""".split())
# Particles that make word order meaningful: "Salman bin Muhammad" is Muhammad's son, not Muhammad.
PATRONYMIC = frozenset({"bin", "ibn", "ben", "bint", "binti", "ould", "wuld"})
_PARTICLES = {"ibn": "bin", "ben": "bin", "bn": "bin", "el": "al", "ul": "al", "ad": "al", "ash": "al", "as": "al",
              "abd": "abdul", "abdel": "abdul", "abdal": "abdul"}
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9",
          "x": "10"}
# Very frequent words that still carry some identity.
COMMON = frozenset("""korea korean dprk democratic peoples people republic china chinese hong kong russia
russian mohammad mohammed muhammad mohamed ahmad ahmed ali abdul abd al bin ibn""".split())
# Family names borne by a large share of Koreans (Kim, Ri/Lee, Pak/Park, Choe, Jong/Jung, Kang, Cho...).
_COMMON_FAMILY_SPELLINGS = ("kim", "ri", "pak", "choe", "jong", "kang", "cho", "yun", "jang", "han", "o", "so")


@lru_cache(maxsize=None)
def _common_family_keys() -> frozenset[str]:
    keys = set()
    for spelling in _COMMON_FAMILY_SPELLINGS:
        for form in name_forms(spelling, korean_hint=True):
            keys.update(form.keys)
    return frozenset(keys)


@dataclass
class NameMatch:
    score: float
    query_name: str
    list_name: str
    pairs: list[tuple[str, str, float]] = field(default_factory=list)  # (query token, list token, similarity)
    unmatched_query: list[str] = field(default_factory=list)
    unmatched_list: list[str] = field(default_factory=list)
    system: str = "as-written"
    readings: list[str] = field(default_factory=list)  # name-v2: how a written name was read ("without (OMM)")

    def explain(self) -> str:
        parts = [f"{q}={c}" if s >= 0.999 else f"{q}~{c} ({s:.2f})" for q, c, s in self.pairs]
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_list:
            parts.append("list only: " + " ".join(self.unmatched_list))
        via = "" if self.system == "as-written" else f" read as {self.system}"
        read = f" ({'; '.join(self.readings)})" if self.readings else ""
        return f"{self.query_name!r}{via} vs {self.list_name!r}{read}: {', '.join(parts)} -> {self.score:.2f}"


@lru_cache(maxsize=200_000)
def _weight(token: str, key: str, generic_ok: bool, family: frozenset[str]) -> float:
    w = float(min(max(len(token), 2), 8))
    if generic_ok and token in GENERIC:
        return w * 0.15
    if token in COMMON:
        return w * 0.4
    if key in family:
        return w * 0.5
    return w


@lru_cache(maxsize=500_000)
def _token_sim(qt: str, qk: str, ct: str, ck: str) -> float:
    if qt == ct:
        return 1.0
    if _PARTICLES.get(qt, qt) == _PARTICLES.get(ct, ct):
        return 1.0  # "son of" and "the" in their common spellings: bin/ibn/ben, al/el/ul
    if qk == ck:
        return 0.97  # same phonetic key, different spelling: as good as equal, ranked just below
    if len(qt) == 1 or len(ct) == 1:
        return 0.6 if qt[0] == ct[0] else 0.0  # an initial
    if qt.isdigit() or ct.isdigit():
        return 0.0  # numbers (vessel "NO. 2", "Brigade 44") are equal or different, never close
    shortest = min(len(qt), len(ct))
    # Typos are counted in edits (a swap of two letters is one): none allowed in 3 letters (Un/Il,
    # Kim/Kin are other names), one up to 7 letters (Schloz, Donlad), two from 8 letters on.
    allowed = 0 if shortest <= 3 else 1 if shortest <= 7 else 2
    edits = min(OSA.distance(qt, ct), OSA.distance(qk, ck))
    if edits > allowed:
        return 0.0
    return 0.95 * (1 - edits / max(len(qt), len(ct)))


@lru_cache(maxsize=200_000)
def _form_weights(form: NameForm, generic_ok: bool, family: frozenset[str]) -> tuple[float, ...]:
    return tuple(_weight(t, k, generic_ok, family) for t, k in zip(form.tokens, form.keys))


@lru_cache(maxsize=200_000)
def _distinct(form: NameForm, generic_ok: bool) -> tuple[bool, ...]:
    """Per token: does it name something (not a legal form or generic word of an organisation)?"""
    return tuple(not (generic_ok and t in GENERIC) for t in form.tokens)


@lru_cache(maxsize=200_000)
def _signature(form: NameForm) -> tuple[frozenset[str], frozenset[str], bool, frozenset[str], frozenset[str]]:
    """What any token similarity above zero needs, precomputed: shared tokens or keys, or a shared
    one-deletion variant (one edit apart), or two long tokens (two edits allowed), or an initial."""
    exact = set(form.tokens) | {"#" + k for k in form.keys} | {"=" + _PARTICLES.get(t, t) for t in form.tokens}
    near: set[str] = set()
    for text in form.tokens + form.keys:
        if len(text) >= 4:
            near.add(text)
            near.update(text[:i] + text[i + 1:] for i in range(len(text)))
    initials = frozenset(t for t in form.tokens if len(t) == 1)
    firsts = frozenset(t[0] for t in form.tokens if t)
    return frozenset(exact), frozenset(near), any(len(t) >= 8 for t in form.tokens), initials, firsts


def _may_align(q: NameForm, c: NameForm) -> bool:
    qe, qn, ql, qi, qf = _signature(q)
    ce, cn, cl, ci, cf = _signature(c)
    return bool(qe & ce or qn & cn or (ql and cl) or qi & cf or ci & qf)


def _align(q: NameForm, c: NameForm, generic_ok: bool, family: frozenset[str],
           exact_syllables: bool = False, distinct_keys: frozenset[str] = frozenset(),
           read_from_script: bool = True) -> tuple[float, list, list, list]:
    """Greedy one-to-one alignment of tokens by similarity; returns the score, the aligned pairs
    (query index, list index, similarity) and the unmatched indices of each side.

    ``exact_syllables`` (name-v2, for a name read from Hangul or Korean-read characters): its syllables
    are known exactly, so tokens pair only on equal spellings or keys, never on edit distance, and an
    unpaired syllable costs in full (조철성 is neither Jo Yong Chol nor Jo Chol). Korean names in Latin
    letters (``read_from_script`` false) are paired the same way, except that a token which is no
    Korean syllable (a typo: "Jnog") may still pair by edit distance. ``distinct_keys`` (name-v2): keys
    of which no two are a typo of each other (the family names Jang and Kang)."""
    if not _may_align(q, c):
        return 0.0, [], [], []
    cells = []
    for i, (qt, qk) in enumerate(zip(q.tokens, q.keys)):
        for j, (ct, ck) in enumerate(zip(c.tokens, c.keys)):
            sim = _token_sim(qt, qk, ct, ck)
            if exact_syllables and sim < 0.97 and (read_from_script or (_is_syllable(qt) and _is_syllable(ct))):
                sim = 0.0
            elif sim < 0.97 and qk in distinct_keys and ck in distinct_keys:
                sim = 0.0
            if sim > 0:
                cells.append((sim, i, j))
    if not cells:
        return 0.0, [], [], []
    if not exact_syllables:
        cells.sort(reverse=True)
        return _scored(q, c, _greedy(cells), generic_ok, family, False)
    # Equal similarities are paired in the list's order: as written, or with its family name moved from
    # last to first (Chang-ha CHANG) or first to last; the best of the three.
    n = len(c.tokens)
    return max((_scored(q, c, _greedy(sorted(cells, key=lambda x: (x[0], -abs(x[1] - (x[2] + turn) % n)),
                                             reverse=True)), generic_ok, family, True)
                for turn in sorted({0, 1 % n, (n - 1) % n})),
               key=lambda result: result[0])


def _greedy(cells: list[tuple[float, int, int]]) -> list[tuple[int, int, float]]:
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for sim, i, j in cells:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, sim))
    return pairs


def _scored(q: NameForm, c: NameForm, pairs: list[tuple[int, int, float]], generic_ok: bool,
            family: frozenset[str], exact_syllables: bool) -> tuple[float, list, list, list]:
    used_q = {i for i, _, _ in pairs}
    used_c = {j for _, j, _ in pairs}
    wq = _form_weights(q, generic_ok, family)
    wc = _form_weights(c, generic_ok, family)
    matched = aligned = 0.0
    for i, j, sim in pairs:
        w = (wq[i] + wc[j]) / 2
        matched += sim * w
        aligned += w
    unmatched_q = [i for i in range(len(wq)) if i not in used_q]
    unmatched_c = [j for j in range(len(wc)) if j not in used_c]
    # A token on one side only is an omission (a middle name, a patronymic, a second surname) and
    # costs little for people; tokens unmatched on both sides are a substitution (Kim Jong Un / Kim
    # Jong Il) and cost in full. Organisations' extra words name another entity (Banco Santander
    # Mexico is not Banco Santander): full cost.
    dq, dc = _distinct(q, generic_ok), _distinct(c, generic_ok)
    conflict = any(dq[i] for i in unmatched_q) and any(dc[j] for j in unmatched_c)
    omission_cost = 1.0 if (conflict or generic_ok or exact_syllables) else OMISSION_COST
    denom = aligned + omission_cost * (sum(wq[i] for i in unmatched_q) + sum(wc[j] for j in unmatched_c))
    score = matched / denom if denom else 0.0
    if conflict:
        score *= 0.9
    if exact_syllables and (unmatched_q or unmatched_c):
        score *= EXACT_SYLLABLE_COUNT_FACTOR  # 조철 and 조철성 are two names, not one with a part left out
    if exact_syllables and _syllables_reordered(pairs):
        score *= EXACT_SYLLABLE_ORDER_FACTOR  # 조춘룡 (Jo Chun Ryong) is not Jo Ryong Chun
    if _numbers_differ(q, c):
        # "SAM 5" and "SAM 6" may be sister ships or one ship misreported: flag it, ranked lower.
        score *= NUMBER_FACTOR
    if _has_patronymic(q) and _has_patronymic(c) and _order_swapped(pairs):
        score *= 0.7
    if generic_ok and not any(dq[i] for i, _, _ in pairs):
        score = min(score, 0.4)
    return score, pairs, unmatched_q, unmatched_c


@lru_cache(maxsize=200_000)
def _numbers(form: NameForm) -> frozenset[str]:
    return frozenset({t if t.isdigit() else _ROMAN[t] for t in form.tokens[1:] if t.isdigit() or t in _ROMAN} |
                     {t for t in form.tokens[:1] if t.isdigit()})


def _numbers_differ(q: NameForm, c: NameForm) -> bool:
    """Vessel and unit numbers: SAM 5 is not SAM 6, Solutions II is not Solutions."""
    nq, nc = _numbers(q), _numbers(c)
    return bool(nq or nc) and nq != nc


@lru_cache(maxsize=200_000)
def _has_patronymic(form: NameForm) -> bool:
    return bool(PATRONYMIC & set(form.tokens))


def _order_swapped(pairs: list[tuple[int, int, float]]) -> bool:
    order = [j for _, j, _ in sorted(pairs)]
    return order != sorted(order)


def _syllables_reordered(pairs: list[tuple[int, int, float]]) -> bool:
    """The list's order of the aligned syllables is not the query's, even allowing the family name to
    move from first to last or back (리수용 / Su Yong RI)."""
    order = [j for _, j, _ in sorted(pairs)]
    return not any(all(a < b for a, b in zip(o, o[1:]))
                   for o in (order, order[1:] + order[:1], order[-1:] + order[:-1]))


def _concat_sim(q: NameForm, c: NameForm) -> float:
    """Run-together or split names ("Abdulhai" / "Abdul Hai") that token alignment cannot pair."""
    a, b = "".join(q.tokens), "".join(c.tokens)
    if min(len(a), len(b)) < 6:
        return 0.0
    sim = Levenshtein.normalized_similarity(a, b)
    return sim * 0.95 if sim >= 0.9 else 0.0


@lru_cache(maxsize=100_000)
def _org_normal(name: str) -> str:
    """Legal forms in one spelling: Aktiengesellschaft -> AG, Limited Liability Company -> LLC,
    Corporation -> Corp, International -> Intl."""
    text = replace_org_types_compare(name.lower()) or name.lower()
    return " ".join(_ORG_WORDS.get(w, w) for w in text.replace("’", "'").split())


_ORG_WORDS = {"corporation": "corp", "corp.": "corp", "company": "co", "co.": "co", "limited": "ltd",
              "ltd.": "ltd", "incorporated": "inc", "inc.": "inc", "international": "intl", "int'l": "intl",
              "int.": "intl", "&": "and"}


def _char_form(name: str, script: str) -> NameForm:
    chars = tuple(ch for ch in name if not ch.isspace() and ch not in "·・.-")
    return NameForm(chars, chars, script, "as-written")


@lru_cache(maxsize=100_000)
def _forms(name: str, korean: bool, organisation: bool, glossary: int = 1) -> tuple[NameForm, ...]:
    if not organisation:
        return tuple(name_forms(name, korean_hint=korean))
    forms = name_forms(_org_normal(name), korean_hint=korean)
    for translated in translate_org_name(name, glossary):
        # A Korean, Chinese or Russian name of the organisation, its common words in English.
        forms += [f for f in name_forms(_org_normal(translated), korean_hint=True) if f not in forms]
    return tuple(forms)


_VOWELS = str.maketrans("", "", "aeiouyw'`")


@lru_cache(maxsize=100_000)
def _skeleton(form: NameForm) -> NameForm:
    """Consonants only: Arabic and Hebrew write few vowels, so "mhmd ly" is compared with
    "Mohamed Ali" as "mhmd l" with "mhmd l"."""
    tokens = []
    for token in form.tokens:
        skel = token.replace("kh", "h").replace("q", "k").translate(_VOWELS)
        skel = "".join(ch for i, ch in enumerate(skel) if i == 0 or ch != skel[i - 1])
        if skel:
            tokens.append(skel)
    return NameForm(tuple(tokens), tuple(tokens), form.script, "consonants")


_ABJADS = ("arabic", "hebrew", "other")


@lru_cache(maxsize=100_000)
def _is_syllable(token: str) -> bool:
    return syllable_key(token) is not None


def _korean_syllables(form: NameForm) -> bool:
    return len(form.tokens) >= 2 and all(_is_syllable(t) for t in form.tokens)


def _read_from_korean_script(form: NameForm) -> bool:
    """Hangul, Korean-read characters, or Russian-spelled Korean (Ким Ён Чхоль) read as syllables."""
    return form.script == "hangul" or form.system in ("korean-reading", "cyrillic-korean")


@dataclass(frozen=True)
class Reading:
    """How names are read and paired; the defaults are name-v1's, later versions set the rest.

    ``exact_korean_syllables``: see :func:`_align`; ``glossary``: the organisation glossary version;
    ``distinct_keys``: keys never a typo of each other (Korean family names), for Korean people;
    ``korean_readings_only``: a Russian-spelled name with a Korean reading is not also compared in its
    plain transliteration when the pair is Korean (Ким Ён Чхоль is not "kim en chkhol");
    ``latin_korean_syllables``: a Korean pair written in Latin letters, every token a Korean syllable,
    is paired like one read from Hangul (Kim Mun Chol is not Kim Chol; Ri Song Hyok is not Ri Tong Hyok)."""

    exact_korean_syllables: bool = False
    glossary: int = 1
    distinct_keys: frozenset[str] = frozenset()
    korean_readings_only: bool = False
    latin_korean_syllables: bool = False


V1_READING = Reading()


def _korean_only(forms: tuple[NameForm, ...]) -> tuple[NameForm, ...]:
    if any(f.system == "cyrillic-korean" for f in forms):
        return tuple(f for f in forms if f.system != "cyrillic")
    return forms


def best_name_match(query_names: list[str], list_names: list[str], *, korean: bool, organisation: bool,
                    reading: Reading = V1_READING) -> NameMatch:
    family = _common_family_keys()
    glossary = reading.glossary
    distinct_keys = reading.distinct_keys if korean and not organisation else frozenset()
    only_korean = reading.korean_readings_only and korean and not organisation
    best = NameMatch(0.0, "", "")
    seen: set[tuple] = set()
    for qn in query_names:
        q_script = detect_script(qn)
        q_forms = _forms(qn, korean, organisation, glossary)
        if only_korean:
            q_forms = _korean_only(q_forms)
        for cn in list_names:
            c_script = detect_script(cn)
            if q_script == c_script and q_script in ("hangul", "han"):
                # Written in the same script, names are compared as written: romanized keys merge
                # syllables that the script keeps apart (종/정 both read "jong").
                pairs_of_forms = [(_char_form(qn, q_script), _char_form(cn, c_script))]
            else:
                c_forms = _forms(cn, korean, organisation, glossary)
                if only_korean:
                    c_forms = _korean_only(c_forms)
                pairs_of_forms = [(qf, cf) for cf in c_forms for qf in q_forms]
                if (q_script in _ABJADS) != (c_script in _ABJADS):
                    pairs_of_forms += [(_skeleton(qf), _skeleton(cf)) for cf in c_forms for qf in q_forms]
            for qf, cf in pairs_of_forms:
                if not qf.tokens or not cf.tokens:
                    continue
                pair_key = (qf.tokens, qf.keys, cf.tokens, cf.keys)
                if pair_key in seen:
                    continue  # aliases and readings often reduce to the same tokens
                seen.add(pair_key)
                from_script = reading.exact_korean_syllables and not organisation and \
                    (_read_from_korean_script(qf) or _read_from_korean_script(cf))
                in_latin = reading.latin_korean_syllables and korean and not organisation and not from_script \
                    and _korean_syllables(qf) and _korean_syllables(cf)
                exact = from_script or in_latin
                score, pairs, uq, uc = _align(qf, cf, organisation, family, exact, distinct_keys, from_script)
                explained = [(qf.tokens[i], cf.tokens[j], sim) for i, j, sim in pairs]
                if exact:  # run-together syllables (Jongun) still pair, but only when they read the same
                    concat = 0.95 if "".join(qf.keys) == "".join(cf.keys) else 0.0
                else:
                    concat = _concat_sim(qf, cf)
                if concat > score:
                    concat *= NUMBER_FACTOR if _numbers_differ(qf, cf) else 1.0
                if concat > score:
                    score, explained, uq, uc = concat, [("".join(qf.tokens), "".join(cf.tokens), concat)], [], []
                if score > best.score:
                    best = NameMatch(score, qn, cn, explained, [qf.tokens[i] for i in uq],
                                     [cf.tokens[j] for j in uc], qf.system)
                    if score >= 0.999:
                        return best
    return best


_COMPATIBLE = {
    "Person": {"Person", "LegalEntity", "Thing"},
    "Organization": {"Organization", "Company", "PublicBody", "LegalEntity", "Thing"},
    "Company": {"Organization", "Company", "LegalEntity", "Thing", "PublicBody"},
    "PublicBody": {"Organization", "PublicBody", "LegalEntity", "Thing", "Company"},
    "LegalEntity": {"Person", "Organization", "Company", "PublicBody", "LegalEntity", "Thing"},
    "Vessel": {"Vessel", "Thing"},
    "Airplane": {"Airplane", "Thing"},
    "Thing": {"Person", "Organization", "Company", "PublicBody", "LegalEntity", "Vessel", "Airplane", "Thing"},
}


def compatible(query_schema: str, list_schema: str) -> bool:
    return list_schema in _COMPATIBLE.get(query_schema, {query_schema, "Thing"})


@dataclass
class Scored:
    score: float
    name: NameMatch
    features: list[features.Feature]

    def explanations(self) -> list[dict[str, Any]]:
        out = [{"feature": "name", "score": round(self.name.score, 4), "detail": self.name.explain()}]
        for f in self.features:
            out.append({"feature": f.name, "effect": round(f.effect, 4), "floor": f.floor or None,
                        "detail": f.detail})
        return out

    def feature_scores(self) -> dict[str, float]:
        """yente-style ``features``: one number per feature."""
        out = {"name": round(self.name.score, 4)}
        for f in self.features:
            out[f.name] = round(f.effect if not f.floor else f.floor, 4)
        return out


class NameV1:
    NAME = "name-v1"
    VERSION = "1"
    DEFAULT_THRESHOLD = DEFAULT_THRESHOLD

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.NAME,
            "description": (__doc__ or "").strip().split("\n\n")[0],
            "default_threshold": DEFAULT_THRESHOLD,
            "parameters": {"name_weight": NAME_WEIGHT, "omission_cost_people": OMISSION_COST,
                           "substitution_factor": 0.9, "patronymic_order_factor": 0.7, "number_conflict_factor": NUMBER_FACTOR,
                           "generic_word_weight": 0.15, "common_word_weight": 0.4,
                           "common_family_name_weight": 0.5, "same_key_similarity": 0.97,
                           "typo_min_similarity": {"<=3 letters": 1.0, "4-5": 0.75, ">=6": 0.7}},
        }

    def name_match(self, query: Profile, cand: Profile, organisation: bool) -> NameMatch:
        return best_name_match(query.names, cand.names, korean=query.is_korean or cand.is_korean,
                               organisation=organisation)

    def score(self, query: Profile, cand: Profile) -> Scored:
        if not compatible(query.schema, cand.schema):
            return Scored(0.0, NameMatch(0.0, "", "", system="schema"), [])
        organisation = cand.schema not in ("Person", "Vessel", "Airplane")
        name = self.name_match(query, cand, organisation) if query.names and cand.names else NameMatch(0.0, "", "")
        if name.list_name in cand.weak_names and name.list_name not in cand.names[:1]:
            name.score *= 0.9  # a weak alias ("low quality" on the UN list) is weaker evidence
        found = features.identifiers(query, cand)
        for f in (features.birth_date(query, cand), features.country(query, cand), features.gender(query, cand)):
            if f is not None:
                found.append(f)
        score = NAME_WEIGHT * name.score
        score += sum(f.effect for f in found if f.effect > 0 and name.score > 0.5)
        for f in found:
            if f.effect < 0:
                score *= 1 + f.effect
        floor = max((f.floor for f in found), default=0.0)
        score = max(min(score, 1.0), floor)
        return Scored(round(score, 4), name, found)
