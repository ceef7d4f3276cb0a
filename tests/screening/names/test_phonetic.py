"""The generic phonetic key for tokens not read as Korean."""

from __future__ import annotations

import pytest

from sanctionwatch.screening.names import generic_key

SAME = [
    ["nebenzya", "nebenzia", "nebenzja"],
    ["dmitry", "dmitri", "dmitriy", "dmitrii", "dmitrij"],
    ["yuri", "yury", "yuriy", "iouri"],
    ["sergey", "sergei", "sergej"],
    ["andrey", "andrei", "andrej"],
    ["nikolay", "nikolai"],
    ["mikhail", "mihail"],
    ["mariya", "maria", "marya"],
    ["tatyana", "tatiana", "tatjana"],
    ["ilya", "ilia", "ilja"],
    ["yevgeny", "evgeny", "evgenii", "yevgeniy"],
    ["vasily", "vasiliy", "wassili", "vassily"],
    ["tkachenko", "tkatchenko"],
    ["khabarov", "habarov"],
    ["shoigu", "shoygu"],
    ["tsoi", "tzoi"],
    ["aleksandr", "alexandr"],
    ["zhukov", "jukov"],
    ["smith", "smyth"],
    ["shchukin", "schukin"],
]


@pytest.mark.parametrize("spellings", SAME, ids=[s[0] for s in SAME])
def test_transliteration_variants_share_a_key(spellings):
    assert len({generic_key(s) for s in spellings}) == 1, {s: generic_key(s) for s in spellings}


@pytest.mark.parametrize("a,b", [
    ("ivanov", "ivanova"), ("petrov", "petrova"), ("ali", "ala"), ("jin", "jun"), ("wenji", "weni"),
    ("anna", "anya"), ("maria", "mario"), ("kim", "kin"),
])
def test_different_names_keep_different_keys(a, b):
    assert generic_key(a) != generic_key(b)


def test_digits_and_shape():
    assert generic_key("39") == "39"
    assert generic_key("kpe001") == "KPE001"
    assert generic_key("nebenzya").isupper()
