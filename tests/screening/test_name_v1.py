"""The matcher on the cases that matter for DPRK work: romanization variants, scripts, namesakes."""

from __future__ import annotations

import pytest

from sanctionwatch.screening import compare_entities


def person(name, **props):
    return {"schema": "Person", "properties": {"name": [name], **{k: [v] for k, v in props.items()}}}


def org(name):
    return {"schema": "Organization", "properties": {"name": [name]}}


@pytest.mark.parametrize("query,listed", [
    ("Ra Kyung-Su", "RA KY'ONG-SU"),
    ("Chang Myong Ho", "Chang Myo’ng-Ho"),
    ("Kim Tong Myong", "KIM TONG MY’ONG"),
    ("Min Byong-chol", "Min Pyo’ng-ch’o’l"),
    ("Ri Eun Song", "RI U’N SO’NG"),
    ("Kim Jong-un", "Kim Jong Un"),
    ("Kim Jongun", "Kim Jong Un"),
    ("김정은", "Kim Jong Un"),
    ("金正恩", "Kim Jong Un"),
    ("Ким Чен Ын", "Kim Jong Un"),
    ("Gim Jeong-eun", "Kim Jong Un"),
])
def test_variants_match(query, listed):
    result = compare_entities(person(query), person(listed))
    assert result.match, (query, listed, result.score, result.explanations)


def test_father_and_son_do_not_match():
    result = compare_entities(person("Kim Jong Un"), person("Kim Jong Il"))
    assert not result.match and result.score < 0.65


def test_namesakes_born_years_apart_are_pushed_down():
    same = compare_entities(person("Kim Yong Chol", birthDate="1946"), person("KIM YONG CHOL", birthDate="1946"))
    other = compare_entities(person("Kim Yong Chol", birthDate="1963"), person("KIM YONG CHOL", birthDate="1946"))
    assert same.match and not other.match and other.score < same.score


def test_scores_rank_rather_than_pile_up():
    bare = compare_entities(person("Ra Kyong-Su"), person("RA KY'ONG-SU"))
    with_dob = compare_entities(person("Ra Kyong-Su", birthDate="1954-06-04"),
                                person("RA KY'ONG-SU", birthDate="1954-06-04"))
    assert bare.score < with_dob.score <= 1.0 and bare.score < 1.0


def test_generic_words_alone_never_match():
    result = compare_entities(org("General Trading Corporation"), org("KOREA MINING DEVELOPMENT TRADING CORPORATION"))
    assert not result.match
    result = compare_entities(org("Trading Co., Ltd"), org("Korea Ryonbong General Trading Co., Ltd"))
    assert not result.match


def test_company_with_legal_form_variants_matches():
    assert compare_entities(org("Korea Mining Development Trading Corp."),
                            org("KOREA MINING DEVELOPMENT TRADING CORPORATION")).match
    assert compare_entities(org("KOMID"), {"schema": "Organization", "properties": {
        "name": ["KOREA MINING DEVELOPMENT TRADING CORPORATION"], "alias": ['"KOMID"']}}).match


def test_vessel_matched_on_imo_despite_another_name():
    query = {"schema": "Vessel", "properties": {"name": ["EVER BRIGHT 88"], "imoNumber": ["8914934"]}}
    listed = {"schema": "Vessel", "properties": {"name": ["FAN KE"], "imoNumber": ["IMO8914934"]}}
    result = compare_entities(query, listed)
    assert result.match and result.score >= 0.95
    assert any(e["feature"] == "imoNumber" for e in result.explanations)


def test_person_never_matches_vessel():
    assert compare_entities(person("Chon Ma San"), {"schema": "Vessel", "properties": {"name": ["CHON MA SAN"]}}).score == 0


def test_explanations_name_the_aligned_parts():
    result = compare_entities(person("Ra Kyung-Su"), person("RA KY'ONG-SU"))
    name = next(e for e in result.explanations if e["feature"] == "name")
    assert "kyung" in name["detail"].lower() and "ra" in name["detail"].lower()


@pytest.mark.parametrize("query", [
    "조선광업개발무역회사",                      # KOMID in Korean
    "Chosŏn Kwangŏp Kaebal Muyŏk Hoesa",       # the same, McCune-Reischauer
    "Joseon Gwangeop Gaebal Muyeok Hoesa",     # the same, Revised Romanization
    "朝鲜矿业开发贸易公司",                      # the same, Chinese
])
def test_organisation_names_written_in_translation(query):
    result = compare_entities(org(query), org("KOREA MINING DEVELOPMENT TRADING CORPORATION"))
    assert result.match, (query, result.score, result.explanations)


def test_translated_proper_names_stay_distinct():
    assert compare_entities(org("단천상업은행"), org("TANCHON COMMERCIAL BANK")).match
    assert not compare_entities(org("단천상업은행"), org("KOREA DAESONG BANK")).match
