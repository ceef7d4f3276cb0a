"""The alignment core's shortcuts give what the long way gives (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from sanctionwatch.screening.matchers.align import align, concat_sim, prepare, token_sim
from sanctionwatch.screening.names import NameForm

common = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
tokens = st.lists(st.text(alphabet="abcdeiklmnoprstuy", min_size=1, max_size=9), min_size=1, max_size=4)


def _prepared(words: list[str], organisation: bool = False):
    return prepare(NameForm(tuple(words), tuple(w.upper()[:4] for w in words), "latin", "as-written"), organisation)


@common
@given(tokens, tokens)
def test_concat_length_shortcut_changes_nothing(a, b):
    q, c = _prepared(a), _prepared(b)
    x, y = "".join(a), "".join(b)
    sim = Levenshtein.normalized_similarity(x, y)
    slow = 0.0 if min(len(x), len(y)) < 6 else (sim * 0.95 if sim >= 0.9 else 0.0)
    assert concat_sim(q, c) == slow


@st.composite
def edited(draw):
    """A name and another one edit or two away from it (substituted, inserted, deleted or swapped
    letters), the pairs the prefilter's variants and long-token clause exist for."""
    words = draw(st.lists(st.text(alphabet="abcdeiklmnoprstuy", min_size=1, max_size=10), min_size=1, max_size=3))
    other = list(words)
    for _ in range(draw(st.integers(1, 2))):
        k = draw(st.integers(0, len(other) - 1))
        word = other[k]
        at = draw(st.integers(0, max(len(word) - 1, 0)))
        kind = draw(st.sampled_from(["sub", "ins", "del", "swap"]))
        letter = draw(st.sampled_from("abcdeiklmnoprstuy"))
        if kind == "sub":
            word = word[:at] + letter + word[at + 1:]
        elif kind == "ins":
            word = word[:at] + letter + word[at:]
        elif kind == "del" and len(word) > 1:
            word = word[:at] + word[at + 1:]
        elif kind == "swap" and at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        other[k] = word
    return words, other


@pytest.mark.parametrize("a,b", [
    (["abdulhai"], ["abdul", "hai"]),             # run-together: 8 letters each side
    (["abcdefghi"], ["abcdefghij"]),              # 9 of 10 letters: similarity exactly 0.9
    (["abcdefgh"], ["abcdefghij"]),               # 8 of 10: under 0.9 by length alone
])
def test_concat_boundaries(a, b):
    test_concat_length_shortcut_changes_nothing.hypothesis.inner_test(a, b)


@pytest.mark.parametrize("a,b", [
    (["schloz"], ["scholz"]),                     # a swap, 6 letters: one edit
    (["donlad", "trump"], ["donald", "trump"]),
    (["muhammadu"], ["mohammadou"]),              # two edits in tokens of 8 letters or more
    (["k", "un"], ["kim", "il"]),                 # an initial, and nothing else in common
])
def test_prefilter_keeps_near_pairs(a, b):
    test_prefilter_rejects_only_pairs_without_a_similar_token.hypothesis.inner_test((a, b), False)


@common
@given(st.one_of(st.tuples(tokens, tokens), edited()), st.booleans())
def test_prefilter_rejects_only_pairs_without_a_similar_token(pair, organisation):
    a, b = pair
    q, c = _prepared(a, organisation), _prepared(b, organisation)
    score = align(q, c)[0]
    any_similar = any(token_sim(qt, qk, ct, ck) > 0 for qt, qk in zip(q.tokens, q.keys)
                      for ct, ck in zip(c.tokens, c.keys))
    assert (score > 0.0) == any_similar


def test_prepared_once_per_form_and_kind():
    form = NameForm(("kim", "jong", "un"), ("KIM", "JONG", "UN"), "latin", "as-written")
    assert prepare(form, False) is prepare(form, False)
    assert prepare(form, False) is not prepare(form, True)
    company = NameForm(("ocean", "maritime", "co"), ("OSN", "MRTM", "K"), "latin", "as-written")
    # an organisation's generic words weigh little; a person's same words weigh as any other
    assert prepare(company, True).weights[-1] < prepare(company, False).weights[-1]
