"""Token alignment of two name readings: the core that ``name-v1`` and its successors score with.

A reading (:class:`~sanctionwatch.screening.names.NameForm`) is *prepared* once per name and kind of
entity: token weights, which tokens name something, the signature that rules a pair out before any
token is compared, numbers, patronymics, Korean syllables. Screening compares each query reading with
the readings of a few dozen candidates' names, and each list name is met again by every later query,
so everything that depends on one side alone is computed once and kept (an lru cache per name) rather
than once per pair.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from rapidfuzz.distance import OSA, Levenshtein

from sanctionwatch.screening.names import NameForm, name_forms
from sanctionwatch.screening.names.korean_keys import syllable_key

NUMBER_FACTOR = 0.85
OMISSION_COST = 0.3
EXACT_SYLLABLE_COUNT_FACTOR = 0.8  # name-v2 only: see align(exact_syllables)
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

Alignment = tuple[float, list, list, list]  # score, pairs (query index, list index, similarity), unmatched each side


@lru_cache(maxsize=None)
def common_family_keys() -> frozenset[str]:
    keys = set()
    for spelling in _COMMON_FAMILY_SPELLINGS:
        for form in name_forms(spelling, korean_hint=True):
            keys.update(form.keys)
    return frozenset(keys)


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
def token_sim(qt: str, qk: str, ct: str, ck: str) -> float:
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


@lru_cache(maxsize=100_000)
def is_syllable(token: str) -> bool:
    return syllable_key(token) is not None


class Prepared:
    """One reading with everything that depends on it alone, for one kind of entity (``generic_ok``:
    an organisation, whose legal forms and generic words weigh little)."""

    __slots__ = ("form", "tokens", "keys", "system", "generic_ok", "marker", "weights", "distinct",
                 "exact", "_near", "long", "initials", "firsts", "numbers", "patronymic", "syllable",
                 "korean_syllables", "from_korean_script", "joined", "joined_keys", "_skeleton", "items")

    def __init__(self, form: NameForm, generic_ok: bool):
        family = common_family_keys()
        tokens, keys = form.tokens, form.keys
        self.form, self.tokens, self.keys = form, tokens, keys
        self.system, self.generic_ok = form.system, generic_ok
        self.marker = (tokens, keys)  # readings that reduce to the same tokens and keys compare alike
        self.weights = tuple(_weight(t, k, generic_ok, family) for t, k in zip(tokens, keys))
        # Per token: does it name something (not a legal form or generic word of an organisation)?
        self.distinct = tuple(not (generic_ok and t in GENERIC) for t in tokens)
        # What any token similarity above zero needs: shared tokens or keys, or a shared one-deletion
        # variant (one edit apart), or two long tokens (two edits allowed), or an initial.
        self.exact = frozenset(set(tokens) | {"#" + k for k in keys} | {"=" + _PARTICLES.get(t, t) for t in tokens})
        self._near: frozenset[str] | None = None
        self.long = any(len(t) >= 8 for t in tokens)
        self.initials = frozenset(t for t in tokens if len(t) == 1)
        self.firsts = frozenset(t[0] for t in tokens if t)
        # Vessel and unit numbers: SAM 5 is not SAM 6, Solutions II is not Solutions.
        self.numbers = frozenset({t if t.isdigit() else _ROMAN[t] for t in tokens[1:] if t.isdigit() or t in _ROMAN} |
                                 {t for t in tokens[:1] if t.isdigit()})
        self.patronymic = bool(PATRONYMIC & set(tokens))
        self.syllable = tuple(is_syllable(t) for t in tokens)
        self.korean_syllables = len(tokens) >= 2 and all(self.syllable)
        # Hangul, Korean-read characters, or Russian-spelled Korean (Ким Ён Чхоль) read as syllables.
        self.from_korean_script = form.script == "hangul" or form.system in ("korean-reading", "cyrillic-korean")
        self.joined, self.joined_keys = "".join(tokens), "".join(keys)
        self._skeleton: Prepared | None = None
        self.items = tuple(zip(range(len(tokens)), tokens, keys, self.syllable))

    def near(self) -> frozenset[str]:
        """Spellings and keys of 4 letters or more with their one-deletion variants, made on first use
        (most pairs share a token or key outright)."""
        if self._near is None:
            near: set[str] = set()
            for text in self.tokens + self.keys:
                if len(text) >= 4:
                    near.add(text)
                    near.update(text[:i] + text[i + 1:] for i in range(len(text)))
            self._near = frozenset(near)
        return self._near

    def skeleton(self) -> "Prepared":
        if self._skeleton is None:
            self._skeleton = prepare(_skeleton(self.form), self.generic_ok)
        return self._skeleton


@lru_cache(maxsize=200_000)
def prepare(form: NameForm, generic_ok: bool) -> Prepared:
    return Prepared(form, generic_ok)


_VOWELS = str.maketrans("", "", "aeiouyw'`")


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


def align(q: Prepared, c: Prepared, exact_syllables: bool = False, distinct_keys: frozenset[str] = frozenset(),
          read_from_script: bool = True, similarity: Callable[[str, str, str, str], float] | None = None,
          contained_omission_cost: float | None = None) -> Alignment:
    """Greedy one-to-one alignment of tokens by similarity; returns the score, the aligned pairs
    (query index, list index, similarity) and the unmatched indices of each side.

    ``exact_syllables`` (name-v2, for a name read from Hangul or Korean-read characters): its syllables
    are known exactly, so tokens pair only on equal spellings or keys, never on edit distance, and an
    unpaired syllable costs in full (조철성 is neither Jo Yong Chol nor Jo Chol). Korean names in Latin
    letters (``read_from_script`` false) are paired the same way, except that a token which is no
    Korean syllable (a typo: "Jnog") may still pair by edit distance. ``distinct_keys`` (name-v2): keys
    of which no two are a typo of each other (the family names Jang and Kang). ``similarity`` (name-v3):
    the token similarity instead of :func:`token_sim`; tokens that share no spelling, key or one-letter
    deletion are still never compared. ``contained_omission_cost`` (name-v3): the cost of the other
    side's extra words when one side's words all pair, two or more of them not common (Mohammad, Ali),
    each by a similarity of 0.75 or more."""
    if q.exact.isdisjoint(c.exact) and not (q.long and c.long) and q.initials.isdisjoint(c.firsts) \
            and c.initials.isdisjoint(q.firsts) and q.near().isdisjoint(c.near()):
        return 0.0, [], [], []  # no token of one can pair with a token of the other
    cells = []
    append = cells.append
    c_items = c.items
    sim_of = similarity or token_sim
    for i, qt, qk, q_syllable in q.items:
        for j, ct, ck, c_syllable in c_items:
            sim = sim_of(qt, qk, ct, ck)
            if sim < 0.97:
                if not sim:
                    continue
                if exact_syllables and (read_from_script or (q_syllable and c_syllable)):
                    continue
                if qk in distinct_keys and ck in distinct_keys:
                    continue
            append((sim, i, j))
    if not cells:
        return 0.0, [], [], []
    if not exact_syllables:
        cells.sort(reverse=True)
        return _scored(q, c, _greedy(cells), False, contained_omission_cost)
    # Equal similarities are paired in the list's order: as written, or with its family name moved from
    # last to first (Chang-ha CHANG) or first to last; the best of the three (the first of equals).
    n = len(c.tokens)
    best: Alignment | None = None
    tried: list[list[tuple[int, int, float]]] = []
    for turn in sorted({0, 1 % n, (n - 1) % n}):
        pairs = _greedy(sorted(cells, key=lambda x: (x[0], -abs(x[1] - (x[2] + turn) % n)), reverse=True))
        if pairs in tried:
            continue  # the same pairs in the same order score the same
        tried.append(pairs)
        result = _scored(q, c, pairs, True)
        if best is None or result[0] > best[0]:
            best = result
    assert best is not None
    return best


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


def _scored(q: Prepared, c: Prepared, pairs: list[tuple[int, int, float]], exact_syllables: bool,
            contained_omission_cost: float | None = None) -> Alignment:
    generic_ok = q.generic_ok
    used_q: set[int] = set()
    used_c: set[int] = set()
    wq, wc = q.weights, c.weights
    matched = aligned = 0.0
    for i, j, sim in pairs:
        used_q.add(i)
        used_c.add(j)
        w = (wq[i] + wc[j]) / 2
        matched += sim * w
        aligned += w
    unmatched_q = [i for i in range(len(wq)) if i not in used_q]
    unmatched_c = [j for j in range(len(wc)) if j not in used_c]
    # A token on one side only is an omission (a middle name, a patronymic, a second surname) and
    # costs little for people; tokens unmatched on both sides are a substitution (Kim Jong Un / Kim
    # Jong Il) and cost in full. Organisations' extra words name another entity (Banco Santander
    # Mexico is not Banco Santander): full cost.
    dq, dc = q.distinct, c.distinct
    conflict = any(dq[i] for i in unmatched_q) and any(dc[j] for j in unmatched_c)
    omission_cost = 1.0 if (conflict or generic_ok or exact_syllables) else OMISSION_COST
    if contained_omission_cost is not None and omission_cost == OMISSION_COST and len(pairs) >= 2 \
            and sum(q.tokens[i] not in COMMON for i, _, _ in pairs) >= 2 and all(sim >= 0.75 for _, _, sim in pairs):
        omission_cost = contained_omission_cost  # not conflict: one side's words all pair
    denom = aligned + omission_cost * (sum(wq[i] for i in unmatched_q) + sum(wc[j] for j in unmatched_c))
    score = matched / denom if denom else 0.0
    if conflict:
        score *= 0.9
    if exact_syllables and (unmatched_q or unmatched_c):
        score *= EXACT_SYLLABLE_COUNT_FACTOR  # 조철 and 조철성 are two names, not one with a part left out
    if exact_syllables and _syllables_reordered(pairs):
        score *= EXACT_SYLLABLE_ORDER_FACTOR  # 조춘룡 (Jo Chun Ryong) is not Jo Ryong Chun
    if numbers_differ(q, c):
        # "SAM 5" and "SAM 6" may be sister ships or one ship misreported: flag it, ranked lower.
        score *= NUMBER_FACTOR
    if q.patronymic and c.patronymic and _order_swapped(pairs):
        score *= 0.7
    if generic_ok and not any(dq[i] for i, _, _ in pairs):
        score = min(score, 0.4)
    return score, pairs, unmatched_q, unmatched_c


def numbers_differ(q: Prepared, c: Prepared) -> bool:
    nq, nc = q.numbers, c.numbers
    return bool(nq or nc) and nq != nc


def _order_swapped(pairs: list[tuple[int, int, float]]) -> bool:
    order = [j for _, j, _ in sorted(pairs)]
    return order != sorted(order)


def _syllables_reordered(pairs: list[tuple[int, int, float]]) -> bool:
    """The list's order of the aligned syllables is not the query's, even allowing the family name to
    move from first to last or back (리수용 / Su Yong RI)."""
    if len(pairs) <= 2:
        return False  # one or two syllables are in order as written or with the first moved last
    order = [j for _, j, _ in sorted(pairs)]
    return not any(all(a < b for a, b in zip(o, o[1:]))
                   for o in (order, order[1:] + order[:1], order[-1:] + order[:-1]))


def concat_sim(q: Prepared, c: Prepared) -> float:
    """Run-together or split names ("Abdulhai" / "Abdul Hai") that token alignment cannot pair."""
    a, b = q.joined, c.joined
    shorter, longer = sorted((len(a), len(b)))
    if shorter < 6 or 10 * shorter < 9 * longer:
        return 0.0  # the similarity is at most shorter / longer, under 0.9
    sim = Levenshtein.normalized_similarity(a, b)
    return sim * 0.95 if sim >= 0.9 else 0.0
