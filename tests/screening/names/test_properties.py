"""Properties of name_forms on arbitrary text (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctionwatch.screening.names import SCRIPTS, SYSTEMS, generic_key, name_forms, syllable_key

KEY = re.compile(r"[A-Z0-9]+")
TOKEN = re.compile(r"[a-z0-9]+")
KOREAN_SYSTEMS = {"mr", "rr", "korean-reading", "cyrillic-korean"}

# Characters that exercise every path: Hangul syllables and jamo, Han (traditional, simplified,
# extension B), Cyrillic, Arabic, kana, Latin with MR breves and both apostrophes, separators.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.characters(min_codepoint=0x3131, max_codepoint=0x318E),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("金正恩铁三李朴崔鄭趙姜文吉单欧阳𠀀"),
    st.characters(min_codepoint=0x0400, max_codepoint=0x04FF),
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),
    st.sampled_from("abcdefghijklmnopqrstuvwxyzKYONGŏŭŎŬ'’-  ().,/0123456789"),
    st.characters(),
)
names = st.text(alphabet=_ALPHABET, max_size=24)
common = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(names, st.booleans())
def test_never_raises_and_forms_are_well_formed(name, hint):
    forms = name_forms(name, korean_hint=hint)
    assert isinstance(forms, list)
    markers = [(f.tokens, f.keys) for f in forms]
    assert len(markers) == len(set(markers))  # deduplicated
    for form in forms:
        assert form.tokens and len(form.tokens) == len(form.keys)
        assert all(TOKEN.fullmatch(t) for t in form.tokens), form
        assert all(KEY.fullmatch(k) for k in form.keys), form  # upper-case ascii
        assert form.script in SCRIPTS and form.system in SYSTEMS


@common
@given(names, st.booleans())
def test_deterministic(name, hint):
    assert name_forms(name, korean_hint=hint) == name_forms(name, korean_hint=hint)


@common
@given(names, st.booleans())
def test_idempotent_on_its_own_tokens(name, hint):
    """Each reading, written out in Latin and read again, gives back its keys."""
    for form in name_forms(name, korean_hint=hint):
        again = {f.keys for f in name_forms(" ".join(form.tokens), korean_hint=form.system in KOREAN_SYSTEMS or hint)}
        assert form.keys in again, (name, form, again)


_latin = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz -'’"), max_size=30)


@common
@given(_latin, st.booleans())
def test_case_hyphens_and_apostrophes_do_not_change_keys(name, hint):
    def keys(n: str) -> set[tuple[str, ...]]:
        return {f.keys for f in name_forms(n, korean_hint=hint)}

    base = keys(name)
    assert keys(name.upper()) == base
    assert keys(name.replace("-", " ")) == base
    assert keys(name.replace("'", "’")) == base


@common
@given(st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=6))
def test_hangul_readings_agree_on_keys(name):
    """MR and RR readings of a Hangul name have the same keys (they are one name); one token per syllable."""
    forms = name_forms(name)
    assert forms and forms[0].system == "mr" and len(forms[0].tokens) == len(name)
    assert all(f.keys == forms[0].keys for f in forms if f.system == "rr")


@common
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=12))
def test_token_keys_are_stable(token):
    assert generic_key(token) == generic_key(token)
    k = syllable_key(token)
    assert k is None or KEY.fullmatch(k)
