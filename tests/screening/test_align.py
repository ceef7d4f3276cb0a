"""The alignment core's shortcuts give what the long way gives (hypothesis)."""

from __future__ import annotations

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


@common
@given(tokens, tokens, st.booleans())
def test_prefilter_rejects_only_pairs_without_a_similar_token(a, b, organisation):
    q, c = _prepared(a, organisation), _prepared(b, organisation)
    score = align(q, c)[0]
    any_similar = any(token_sim(qt, qk, ct, ck) > 0 for qt, qk in zip(q.tokens, q.keys)
                      for ct, ck in zip(c.tokens, c.keys))
    assert (score > 0.0) == any_similar


def test_prepared_once_per_form_and_kind():
    form = NameForm(("kim", "jong", "un"), ("KIM", "JONG", "UN"), "latin", "as-written")
    assert prepare(form, False) is prepare(form, False)
    assert prepare(form, False) is not prepare(form, True)
    assert prepare(form, False).weights != prepare(NameForm(("ocean", "maritime"), ("OSN", "MRTM"), "latin",
                                                             "as-written"), False).weights
