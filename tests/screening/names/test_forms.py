"""name_forms on real DPRK names: lists-data.md §2.4 variants, scripts, titles, the interface."""

from __future__ import annotations

import dataclasses

import pytest

from sanctionwatch.screening.names import SYSTEMS, NameForm, detect_script, name_forms, strip_titles, tokenize_latin
from tests.screening.names.helpers import key_sets, same_keys

# Spellings of one person on the UN list (2026 file, lists-data.md §2.4) and in common usage.
# Each row: the list's primary name, then the aliases and variants that must get its keys.
SAME_PERSON = [
    ("KPi.008", "RA KY'ONG-SU", ["Ra Kyung-Su", "Ra Kyong-Su", "RA KYO'NG SU", "Na Kyeong-su", "Ra Kyongsu"]),
    ("KPi.008", "Chang Myo’ng-Ho", ["Chang Myong Ho", "Chang Myong-Ho", "Jang Myeong-ho", "CHANG MYONGHO"]),
    ("KPi.023", "KIM TONG MY’ONG", ["Kim Tong-Myong", "Kim Tong-Myo’ng", "Kim Tong Myong", "Gim Dong-myeong"]),
    ("KPi.023", "Kim Chin-So’k", ["Kim Jin-Sok", "Kim Jin Seok", "Kim Chin-suk"]),
    ("KPi.023", "Kim Hyok-Chol", ["Kim Hyok Chol", "Kim Hyeok-cheol", "Kim Hyuk Chul"]),
    ("KPi.024", "KIM YONG CHOL", ["Kim Yong-Chol", "Kim Young-Chol", "Kim Young-Cheol", "Kim Young-Chul",
                                 "Kim\n                        Yong-Chol"]),
    ("KPi.047", "MIN BYONG CHOL", ["Min Pyo’ng-ch’o’l", "Min Byong-chol", "Min Byeong-cheol", "MIN PYONG CHOL"]),
    ("KPi.040", "CHO IL U", ["Cho Il Woo", "Jo Il U", "Cho Il-u"]),
    ("KPi.040", "Cho Ch’o’l", ["Jo Chol", "Cho Cheol", "Jo Chul"]),
    ("KPi.078", "RI U’N SO’NG", ["Ri Eun Song", "Ri Un Song", "Lee Eun-seong", "Yi Un Sung", "RI U'N-SO'NG"]),
    ("KPi.073", "PAK BONG NAM", ["Pak Pong Nam", "Pak Pong-nam", "Park Bong-nam"]),
    ("KPi.035", "KIM CHOL SAM", ["Kim Chol-sam", "Gim Cheol-sam"]),
    ("KPi.019", "KANG MUN KIL", ["Kang Mun-gil", "Gang Mun-gil", "Kang Moon Kil"]),
    ("-", "Kim Jong Un", ["Kim Jong-un", "Kim Jong Un", "Kim Jongun", "KIM JONG UN", "Kim Jong-Un",
                          "Kim Chŏng-ŭn", "Kim Chong-un", "Gim Jeong-eun", "Marshal Kim Jong Un"]),
    ("-", "Kim Il Sung", ["Kim Il-sung", "Kim Il Song", "Kim Ilsung", "Kim Ir Song"]),
    ("-", "Pak Pong Ju", ["Park Bong-ju", "Pak Pong-ju", "Pak Pongju"]),
    ("-", "Choe Ryong Hae", ["Choi Ryong-hae", "Chwe Yong-hae", "Ch'oe Ryong-hae"]),
    ("-", "Ri Yong Ho", ["Lee Yong-ho", "Yi Yong Ho", "Ri Yong-Ho", "Rhee Young-ho"]),
    ("-", "O Kuk Ryol", ["Oh Kuk-ryol", "O Guk-ryeol", "Oh Kook Yeol"]),
    ("-", "Ryu Kyong", ["Yoo Kyung", "Yu Kyong", "Ryoo Kyeong"]),
    ("-", "Rim Chol", ["Im Chol", "Lim Cheol"]),
    ("-", "Ryom Chol Su", ["Yom Chol Su", "Yeom Cheol-su"]),
    ("-", "Paek Se Bong", ["Baek Se-bong", "Paik Se Bong"]),
    ("-", "Hwang Pyong So", ["Hwang Pyong-so", "Hwang Byeong-seo", "Hwang Byung-so"]),
    ("-", "Thae Yong Ho", ["Tae Yong-ho", "Thae Yong-ho"]),
]


@pytest.mark.parametrize("ref,listed,variants", SAME_PERSON, ids=[f"{r[0]} {r[1]}" for r in SAME_PERSON])
def test_variants_of_one_name_share_keys(ref, listed, variants):
    for variant in variants:
        assert same_keys(listed, variant), (listed, variant, key_sets(listed), key_sets(variant))


@pytest.mark.parametrize("ref,listed,variants", SAME_PERSON, ids=[f"{r[0]} {r[1]}" for r in SAME_PERSON])
def test_variants_share_keys_with_the_korean_hint_too(ref, listed, variants):
    for variant in variants:
        assert same_keys(listed, variant, korean_hint=True), (listed, variant)


def test_one_run_together_word_is_cut_only_with_the_korean_hint():
    # "Kimjongun" alone could as well be English (Robinson = ro|bin|son): cut only when told Korean.
    assert same_keys("Kim Jong Un", "Kimjongun", korean_hint=True)
    assert same_keys("Kim Jong Un", "KIMJONGUN", korean_hint=True)
    assert not same_keys("Kim Jong Un", "Kimjongun")


DIFFERENT_PEOPLE = [
    ("Kim Jong Un", "Kim Jong Il"),        # son and father
    ("Kim Jong Un", "Kim Yong Un"),
    ("Kim Jong Un", "Kim Jong Nam"),
    ("Kim Jong Un", "Kim Jang Un"),
    ("Kim Il Sung", "Kim Il Sun"),
    ("Pak Pong Ju", "Paek Pong Ju"),       # 박 and 백 are different family names
    ("Kim Yong Chol", "Kim Yong Chon"),
    ("Kim Yong Chol", "Kim Yong Il"),
    ("Ri Un Song", "Ri In Song"),
    ("Kim Chol Sam", "Kim Chol San"),
    ("Choe Ryong Hae", "Cho Ryong Hae"),
    ("Kim Jong Un", "Kin Jong Un"),
]


@pytest.mark.parametrize("a,b", DIFFERENT_PEOPLE)
def test_different_names_keep_different_keys(a, b):
    assert not same_keys(a, b)
    assert not same_keys(a, b, korean_hint=True)


# --- scripts ---------------------------------------------------------------------------------


def test_hangul_gives_mr_and_rr():
    forms = name_forms("김정은")
    by_system = {f.system: f.tokens for f in forms}
    assert forms[0].system == "mr" and forms[0].tokens == ("kim", "chong", "un")
    assert ("gim", "jeong", "eun") in [f.tokens for f in forms if f.system == "rr"]
    assert set(by_system) == {"mr", "rr"}
    assert all(f.script == "hangul" for f in forms)
    assert same_keys("김정은", "Kim Jong Un") and same_keys("김정은", "Gim Jeong-eun")


@pytest.mark.parametrize("hangul,latin", [
    ("김정은", "Kim Jong Un"), ("김일성", "Kim Il Sung"), ("박봉주", "Pak Pong Ju"), ("리은성", "RI U’N SO’NG"),
    ("라경수", "RA KY'ONG-SU"), ("민병철", "Min Pyo’ng-ch’o’l"), ("장명호", "Chang Myong Ho"),
    ("최룡해", "Choe Ryong Hae"), ("이용호", "Ri Yong Ho"), ("김 영철", "Kim Young-Chul"), ("조일우", "Cho Il Woo"),
    ("남궁민", "Namgung Min"), ("황보경", "Hwangbo Kyong"), ("김정은 동지", "Kim Jong Un"),
])
def test_hangul_matches_the_lists_spelling(hangul, latin):
    assert same_keys(hangul, latin), (key_sets(hangul), key_sets(latin))


def test_hangul_family_name_conventions():
    tokens = {f.tokens[0] for f in name_forms("리영호")} | {f.tokens[0] for f in name_forms("이영호")}
    assert {"ri", "lee", "i"} <= tokens
    assert {"pak", "park", "bak"} <= {f.tokens[0] for f in name_forms("박봉주")}
    assert {"choe", "choi"} <= {f.tokens[0] for f in name_forms("최룡해")}
    assert {"chong", "jeong", "jung"} <= {f.tokens[0] for f in name_forms("정영수")}
    assert {"cho", "jo"} <= {f.tokens[0] for f in name_forms("조일우")}


def test_hangul_assimilated_reading_is_extra():
    forms = name_forms("조선 독립")
    tokens = [f.tokens for f in forms]
    assert ("cho", "son", "tok", "rip") in tokens        # names are romanized syllable by syllable
    assert ("cho", "son", "tong", "nip") in tokens       # the assimilated MR reading is added
    assert forms[0].tokens == ("cho", "son", "tok", "rip")


def test_mr_voicing_inside_the_given_name():
    assert name_forms("박봉주")[0].tokens == ("pak", "pong", "ju")
    assert name_forms("김동명")[0].tokens == ("kim", "tong", "myong")


def test_chinese_characters_korean_reading_and_pinyin():
    forms = name_forms("金正恩")
    systems = {f.system for f in forms}
    assert systems == {"korean-reading", "pinyin"}
    assert ("kim", "chong", "un") in [f.tokens for f in forms if f.system == "korean-reading"]
    assert ("jin", "zheng", "en") in [f.tokens for f in forms if f.system == "pinyin"]
    assert same_keys("金正恩", "Kim Jong Un")


def test_simplified_characters_kpi035():
    """KPi.035 KIM CHOL SAM has the alias "Jin Tiesan (金铁三)" since 2024; 铁 is simplified 鐵."""
    assert same_keys("金铁三", "KIM CHOL SAM")
    assert same_keys("金铁三", "Jin Tiesan")
    assert same_keys("金铁三", "jin tie san")
    assert same_keys("金鐵三", "Kim Chol Sam")


def test_mixed_alias_gives_both_parts():
    forms = name_forms("Jin Tiesan (金铁三)")
    assert forms[0].system == "as-written" and forms[0].tokens == ("jin", "tiesan")
    assert same_keys("Jin Tiesan (金铁三)", "KIM CHOL SAM")
    assert {"latin", "han"} <= {f.script for f in forms}


def test_kpi019_chinese_alias():
    """KANG MUN KIL's aliases are Chinese romanizations (Jiang Wen-ji): 姜文吉 reads both ways."""
    assert same_keys("姜文吉", "KANG MUN KIL")
    assert same_keys("姜文吉", "Jiang Wen-ji")
    assert same_keys("姜文吉", "Jiang Wenji")


def test_chinese_family_name_readings():
    assert name_forms("金正恩", korean_hint=True)[0].tokens[0] == "kim"  # 金 is 김 as a family name
    assert ("shan", "tian", "fang") in [f.tokens for f in name_forms("单田芳")]
    assert ("ouyang", "xiu") in [f.tokens for f in name_forms("欧阳修")]


def test_korean_mixed_script():
    assert same_keys("金정은", "Kim Jong Un")


@pytest.mark.parametrize("cyrillic,latin", [
    ("Ким Чен Ын", "Kim Jong Un"),
    ("Ким Ир Сен", "Kim Il Sung"),
    ("Ким Чен Ир", "Kim Jong Il"),
    ("Пак Пон Чжу", "Pak Pong Ju"),
    ("Ли Ён Хо", "Ri Yong Ho"),
    ("Ри Ён Хо", "Ri Yong Ho"),
    ("Чхве Рён Хэ", "Choe Ryong Hae"),
    ("Цой Рён Хэ", "Choe Ryong Hae"),
    ("Чо Иль У", "Cho Il U"),
    ("Джо Иль У", "Jo Il U"),
    ("Ра Кён Су", "RA KY'ONG-SU"),
    ("Ким Ён Чхоль", "Kim Yong Chol"),
    ("Мин Бён Чхоль", "Min Byong Chol"),
    ("Кан Мун Гиль", "Kang Mun Kil"),
])
def test_russian_renderings_of_korean_names(cyrillic, latin):
    assert same_keys(cyrillic, latin), (key_sets(cyrillic), key_sets(latin))


def test_russian_rendering_tokens():
    forms = name_forms("Ким Чен Ын")
    assert ("kim", "chong", "un") in [f.tokens for f in forms if f.system == "cyrillic-korean"]
    assert ("pak", "pong", "ju") == name_forms("Пак Пон Чжу", korean_hint=True)[0].tokens
    assert not same_keys("Ким Чен Ын", "Kim Jong Il")


@pytest.mark.parametrize("spellings", [
    ["Небензя", "Nebenzya", "Nebenzia", "Nebenzja"],
    ["Дмитрий", "Dmitry", "Dmitri", "Dmitriy", "Dmitrii", "Dmitrij"],
    ["Юрий", "Yuri", "Yury", "Iouri", "Yuriy"],
    ["Сергей", "Sergey", "Sergei"],
    ["Михаил", "Mikhail", "Mihail"],
    ["Мария", "Maria", "Mariya", "Marya"],
    ["Евгений", "Evgeny", "Yevgeny", "Evgenii", "Yevgeniy"],
    ["Василий", "Vasily", "Vasiliy", "Wassili"],
    ["Ткаченко", "Tkachenko", "Tkatchenko"],
    ["Хабаров", "Khabarov", "Habarov"],
    ["Шойгу", "Shoigu", "Shoygu"],
])
def test_russian_transliteration_variants(spellings):
    first = spellings[0]
    for other in spellings[1:]:
        assert same_keys(first, other), (first, other, key_sets(first), key_sets(other))


def test_plain_russian_transliteration():
    forms = name_forms("Небензя")
    assert [(f.system, f.tokens) for f in forms] == [("cyrillic", ("nebenzya",))]


def test_cyrillic_korean_reading_only_for_korean_names():
    assert {f.system for f in name_forms("Василий Небензя")} == {"cyrillic"}
    assert "cyrillic-korean" in {f.system for f in name_forms("Ким Чен Ын")}


def test_other_scripts_fall_back_to_ascii():
    forms = name_forms("محمد علي")
    assert forms and forms[0].system == "ascii" and forms[0].script == "arabic"
    assert name_forms("Ελευθέριος")[0].system == "ascii"


# --- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name,tokens", [
    ("Marshal Kim Jong Un", ("kim", "jong", "un")),
    ("Mr. Ri Yong Ho", ("ri", "yong", "ho")),
    ("Dr Abdul Qadeer Khan", ("abdul", "qadeer", "khan")),
    ("General Kim Yong Chol", ("kim", "yong", "chol")),
    ("Colonel-General Ri Yong Gil", ("ri", "yong", "gil")),
    ("Kim Jong Un, Chairman", ("kim", "jong", "un")),
    ("General Bureau of Atomic Energy", ("general", "bureau", "of", "atomic", "energy")),
    ("Reconnaissance General Bureau", ("reconnaissance", "general", "bureau")),
    ("Major", ("major",)),
    ("Генерал Ким Ён Чхоль", ("kim", "en", "chkhol")),
])
def test_titles_are_not_part_of_names(name, tokens):
    assert name_forms(name)[0].tokens == tokens


def test_strip_titles_helper():
    assert strip_titles(("mr", "kim")) == ("kim",)
    assert strip_titles(["mrs", "dr", "smith", "jr"]) == ("smith", "jr")
    assert strip_titles(("dr",)) == ("dr",)
    assert strip_titles(()) == ()


# --- interface -------------------------------------------------------------------------------


def test_tokenize_latin():
    assert tokenize_latin("RA KY'ONG-SU") == ("ra", "kyong", "su")
    assert tokenize_latin("Min Pyo’ng-ch’o’l") == ("min", "pyong", "chol")
    assert tokenize_latin("Kim Chŏng-ŭn") == ("kim", "chong", "un")
    assert tokenize_latin("  CHO  ") == ("cho",)
    assert tokenize_latin('"KOMID"') == ("komid",)
    assert tokenize_latin("Office No. 39") == ("office", "no", "39")
    assert tokenize_latin("Łukasz Müller-Straße") == ("lukasz", "muller", "strasse")
    assert tokenize_latin("") == ()


@pytest.mark.parametrize("text,script", [
    ("Kim Jong Un", "latin"), ("Kim Chŏng-ŭn", "latin"), ("김정은", "hangul"), ("金正恩", "han"),
    ("金铁三", "han"), ("Ким Чен Ын", "cyrillic"), ("محمد علي", "arabic"), ("ナカムラ", "other"),
    ("Ελευθέριος", "other"), ("Jin Tiesan (金铁三)", "latin"), ("", "latin"), ("39", "latin"),
])
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_nameform_is_frozen_and_typed():
    form = name_forms("Kim Jong Un")[0]
    assert isinstance(form, NameForm)
    assert len(form.tokens) == len(form.keys)
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.tokens = ()  # type: ignore[misc]
    assert {f.name for f in dataclasses.fields(NameForm)} == {"tokens", "keys", "script", "system"}


def test_latin_as_written_first_and_deduplicated():
    forms = name_forms("Kim Jong Un")
    assert forms[0].system == "as-written" and forms[0].tokens == ("kim", "jong", "un")
    markers = [(f.tokens, f.keys) for f in forms]
    assert len(markers) == len(set(markers))
    assert all(f.system in SYSTEMS for f in forms)


def test_korean_hint_puts_korean_keys_first():
    hinted = name_forms("Kim Jongun", korean_hint=True)
    assert hinted[0].tokens == ("kim", "jong", "un") and hinted[0].keys == ("KIM", "JONG", "ON")
    assert ("kim", "jongun") in [f.tokens for f in hinted]


def test_non_korean_names_are_not_cut():
    assert [f.tokens for f in name_forms("Johnson")] == [("johnson",)]
    assert [f.tokens for f in name_forms("Robinson Wilson")] == [("robinson", "wilson")]
    assert [f.tokens for f in name_forms("Johnson", korean_hint=True)] == [("johnson",)]


def test_empty_and_junk():
    assert name_forms("") == []
    assert name_forms("   ") == []
    assert name_forms("---") == []
    assert name_forms("()") == []


def test_returns_a_new_list():
    a = name_forms("Kim Jong Un")
    a.clear()
    assert name_forms("Kim Jong Un")
