"""name_forms on the real UN Consolidated List files (../shared/data/lists/un)."""

from __future__ import annotations


import pytest
from defusedxml import ElementTree

from sanctionwatch.screening.names import name_forms
from sanctionwatch.screening.names import forms as forms_module
from tests.screening.names.helpers import same_keys

UN_2026 = "lists/un/consolidated_2026-02-27.xml"
UN_2024 = "lists/un/consolidated_2024-09-26.xml"


def _records(path) -> dict[str, tuple[str, list[str], str]]:
    """REFERENCE_NUMBER -> (primary name, aliases, list type). Names exactly as in the file."""
    root = ElementTree.parse(path).getroot()
    out = {}
    for kind in ("INDIVIDUAL", "ENTITY"):
        for rec in root.iter(kind):
            parts = [rec.findtext(t) or "" for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
            primary = " ".join(p.strip() for p in parts if p.strip())
            aliases = [a.findtext("ALIAS_NAME") or "" for a in rec.iter(f"{kind}_ALIAS")]
            out[(rec.findtext("REFERENCE_NUMBER") or "").strip()] = (
                primary, [a for a in aliases if a.strip()], rec.findtext("UN_LIST_TYPE") or "")
    return out


@pytest.fixture(scope="module")
def un_2026(shared_file):
    return _records(shared_file(UN_2026))


@pytest.fixture(scope="module")
def un_2024(shared_file):
    return _records(shared_file(UN_2024))


# (reference, a name of the record, aliases of the same record that must share its keys)
ALIAS_GROUPS = [
    ("KPi.008", "RA KY'ONG-SU", ["Ra Kyung-Su", "Ra Kyong-Su"]),
    ("KPi.008", "Chang Myong Ho", ["Chang Myo’ng-Ho", "Chang Myong-Ho"]),
    ("KPi.023", "KIM TONG MY’ONG", ["Kim Tong-Myong", "Kim Tong-Myo’ng", "Kim Tong Myong"]),
    ("KPi.023", "Kim Chin-So’k", ["Kim Jin-Sok"]),
    ("KPi.023", "Kim Hyok-Chol", ["Kim Hyok Chol"]),
    ("KPi.024", "KIM YONG CHOL", ["Kim Yong-Chol", "Kim Young-Chol", "Kim Young-Cheol"]),
    ("KPi.047", "MIN BYONG CHOL", ["Min Pyo’ng-ch’o’l", "Min Byong-chol"]),
    ("KPi.040", "CHO IL U", ["Cho Il Woo"]),
    ("KPi.040", "Cho Ch’o’l", ["Jo Chol"]),
    ("KPi.078", "RI U’N SO’NG", ["Ri Eun Song", "Ri Un Song"]),
    ("KPi.073", "PAK BONG NAM", ["Pak Pong Nam", "Pak Pong-nam"]),
]


@pytest.mark.parametrize("ref,name,aliases", ALIAS_GROUPS, ids=[f"{g[0]} {g[1]}" for g in ALIAS_GROUPS])
def test_aliases_on_the_2026_list_share_keys(un_2026, ref, name, aliases):
    primary, listed, _ = un_2026[ref]
    names = {" ".join(n.split()) for n in [primary, *listed]}
    assert name in names and set(aliases) <= names  # the spellings are the file's own
    for alias in aliases:
        assert same_keys(name, alias, korean_hint=True), (ref, name, alias)


def test_kpi035_chinese_alias_in_2024(un_2024):
    primary, aliases, list_type = un_2024["KPi.035"]
    assert primary == "KIM CHOL SAM" and list_type == "DPRK"
    alias = next(a for a in aliases if "金铁三" in a)
    assert alias == "Jin Tiesan (金铁三)"
    assert same_keys(primary, alias, korean_hint=True)       # through the Korean reading of 金铁三
    assert same_keys("Jin Tiesan", alias)                    # through pinyin
    assert same_keys(primary, "金铁三")


def test_newline_inside_an_alias_2024(un_2024):
    """lists-data.md §2.3.4: KPi.024 has "Kim\\n   Yong-Chol" in the 2024 file."""
    primary, aliases, _ = un_2024["KPi.024"]
    broken = [a for a in aliases if "\n" in a]
    assert broken and all(same_keys(primary, a, korean_hint=True) for a in broken)


def test_paek_and_pak_stay_apart_even_where_the_list_gives_both(un_2026):
    """KPi.006 PAEK CHANG-HO has the alias "Pak Chang-Ho": 백 and 박 are different family names; the
    keys keep them apart and leave the resemblance to the fuzzy scorer."""
    primary, aliases, _ = un_2026["KPi.006"]
    assert "Pak Chang-Ho" in aliases
    assert not same_keys(primary, "Pak Chang-Ho", korean_hint=True)


def test_every_name_on_the_2026_list_gives_well_formed_forms(un_2026):
    count = 0
    for ref, (primary, aliases, list_type) in un_2026.items():
        for name in [primary, *aliases]:
            forms = name_forms(name, korean_hint=list_type == "DPRK")
            assert forms, (ref, name)
            for form in forms:
                assert len(form.tokens) == len(form.keys) and all(form.keys)
            count += 1
    assert count > 1500


def test_forms_of_every_2026_name_are_the_same_with_the_cache_cold(un_2026):
    """Every Latin name of the 2026 list has reading forms, and clearing the cache changes none of them
    (the per-name cost is measured by benchmarks/screening/name_forms.py, not asserted here)."""
    names = [(n, lt == "DPRK") for p, a, lt in un_2026.values() for n in [p, *a] if n.isascii()]
    warm = [name_forms(name, korean_hint=hint) for name, hint in names]
    forms_module._name_forms.cache_clear()
    cold = [name_forms(name, korean_hint=hint) for name, hint in names]
    assert cold == warm and all(warm)
