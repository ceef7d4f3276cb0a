"""Mentions and groups without lists: kinds, context words, coreference of surnames and spelling variants."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.media.groups import group_mentions, nominatives
from sanctionwatch.media.ingest import from_text, read_document
from sanctionwatch.media.mentions import find_mentions

CORPUS = Path(__file__).parents[1] / "fixtures" / "media" / "corpus"


def groups_of(doc):
    return {g.label: g for g in group_mentions(find_mentions(doc))}


def test_real_article_one_group_per_person(shared_file):
    doc = read_document(shared_file("media/000_cf481386eb0c8744.txt"))
    groups = groups_of(doc)
    people = {k: g for k, g in groups.items() if g.kind == "person"}
    assert set(people) == {"Kim Jong Un", "Vladimir Putin", "Aaron Arnold", "Maria Zakharova", "Vasiliy Nebenzja",
                           "Matthew Miller"}
    assert people["Vasiliy Nebenzja"].names == ["Vasiliy Nebenzja", "Vasilij Nebenzja"]
    assert "Zaharova" in [m.text for m in people["Maria Zakharova"].mentions]
    assert [m.text for m in people["Kim Jong Un"].mentions].count("Kim") == 4
    assert [m.text for m in people["Vladimir Putin"].mentions].count("Putin") == 4
    assert people["Maria Zakharova"].gender == "female" and people["Maria Zakharova"].roles == ["spokeswoman"]
    assert people["Vasiliy Nebenzja"].nationalities == ["ru"]  # "Russia's ambassador"
    furniture = [z for z in doc.zones if z.kind == "furniture"]
    assert not any(z.start <= m.start < z.end for g in groups.values() for m in g.mentions for z in furniture)


def test_context_words_and_organisation_person_split():
    doc = from_text("Talks\nThe spokeswoman of the Russian Ministry of Foreign Affairs Maria Zakharova spoke.\n"
                    "Park Jin-hyok, a South Korean footballer from Busan, scored.\n")
    found = {m.text: m for m in find_mentions(doc)}
    assert found["Ministry of Foreign Affairs"].kind == "organization"
    assert found["Maria Zakharova"].roles == ["spokeswoman"] and found["Maria Zakharova"].nationalities == ["ru"]
    assert found["Park Jin-hyok"].roles == ["footballer"] and found["Park Jin-hyok"].nationalities == ["kr"]


def test_vessels_imo_and_bare_repeat():
    doc = from_text("Ships\nThe tanker CHON MA SAN (IMO 8660313) was seen. Later CHON MA SAN left port.\n")
    groups = group_mentions(find_mentions(doc))
    vessels = [g for g in groups if g.kind == "vessel"]
    assert len(vessels) == 1 and vessels[0].identifiers == {"imoNumber": ["8660313"]}
    assert len([m for m in vessels[0].mentions if m.kind != "imo"]) == 2


def test_korean_names_titles_and_surname_reference():
    groups = groups_of(read_document(CORPUS / "ko01_kim_jong_un.txt"))
    kim = groups["김정은"]
    assert [m.text for m in kim.mentions] == ["김정은", "김"]  # the headline's bare 김정은, has no title or particle
    assert "국무위원장" in kim.roles
    assert all(g.kind != "person" for k, g in groups.items() if k != "김정은")


def test_korean_chinese_characters_join_the_name():
    doc = from_text("제목\n김정은(金正恩) 국무위원장이 연설했다.\n")
    [g] = [g for g in group_mentions(find_mentions(doc)) if g.kind == "person"]
    assert "金正恩" in g.query_names()


def test_russian_cases_and_leading_titles():
    groups = groups_of(read_document(CORPUS / "ru01_putin_kim.txt"))
    putin = groups["Владимир Путин"]
    assert putin.roles == ["президент"] and "ru" in putin.nationalities
    assert [m.text for m in putin.mentions].count("Путин") == 2  # headline and body
    kim = next(g for g in groups.values() if "Ким Чен Ын" in g.names)
    assert "Ким Чен Ыном" in kim.names and "Ким" in [m.text for m in kim.mentions]
    assert "Захарова" in nominatives("Захаровой") and "Путин" in nominatives("Путина")


def test_chinese_titled_name():
    doc = from_text("标题\n习近平主席会见了来访的客人。\n")
    assert [m.text for m in find_mentions(doc) if m.kind == "person"] == ["习近平"]


def test_lone_common_surname_is_not_a_group():
    doc = from_text("Notes\nKim said the weather was fine. Mr Kim agreed.\n")
    groups = group_mentions(find_mentions(doc))
    assert [g.kind for g in groups] == ["surname"]  # only the titled "Mr Kim" is kept, and it is never screened


def test_nationality_of_another_noun_is_not_the_persons():
    doc = from_text("Fair\nA Chinese exhibitor said Mr Ri asked about machine tools.\n"
                    "The Chinese trader Wang Lei paid in cash.\n")
    found = {m.text: m for m in find_mentions(doc)}
    assert found["Ri"].nationalities == []
    assert found["Wang Lei"].nationalities == ["cn"]


def test_and_inside_an_organisations_name_but_not_between_people():
    doc = from_text("Party\nCh'oe Hwi led the Propaganda and Agitation Department for years.\n"
                    "Kim Jong Un and Vladimir Putin met the Industrial and Commercial Bank of China.\n")
    found = {m.text: m.kind for m in find_mentions(doc)}
    assert found["Propaganda and Agitation Department"] == "organization"
    assert found["Industrial and Commercial Bank of China"] == "organization"
    assert found["Kim Jong Un"] == found["Vladimir Putin"] == "person"


def test_vessel_named_before_its_imo_and_numbered_units():
    doc = from_text("Transfer\nKUM UN SAN 3 (IMO 8705539) was seen alongside the NEW REGENT (IMO 8312497).\n"
                    "The Kum Un San 3 later went dark. The money went to Office 39.\n")
    groups = group_mentions(find_mentions(doc))
    vessels = {tuple(g.names): g.identifiers for g in groups if g.kind == "vessel"}
    assert vessels == {("KUM UN SAN 3", "Kum Un San 3"): {"imoNumber": ["8705539"]},
                       ("NEW REGENT",): {"imoNumber": ["8312497"]}}
    assert {"Office 39"} <= {g.label for g in groups if g.kind == "organization"}


def test_russian_role_words_in_other_cases():
    doc = from_text("Визит\nБывший заместитель председателя ЦК Трудовой партии Кореи Ким Ён Чхоль посетил собрание.\n")
    [kim] = [m for m in find_mentions(doc) if m.text == "Ким Ён Чхоль"]
    assert "председатель" in kim.roles and kim.nationalities == []  # "Кореи": a place, North or South


def test_latin_names_in_russian_text_and_lower_case_organisation_words():
    doc = from_text("Хакеры\nХакерская группировка Lazarus и подразделение Bluenoroff атаковали биржу.\n"
                    "Владивостокский Дальневосточный банк попал под санкции.\n")
    found = {m.text: m.kind for m in find_mentions(doc)}
    assert found["Lazarus"] == found["Bluenoroff"] == "organization"
    assert found["Дальневосточный банк"] == "organization"


def test_where_a_person_is_from_and_ages():
    doc = from_text("Prize\nKim Kwang-il, a 28-year-old jazz pianist from Seoul, won.\n"
                    "Концерт\n17-летний нападающий из Ярославля Роман Семёнов забил гол.\n"
                    "맛집\n비빔밥집을 운영하는 김철남(58) 씨가 선정됐다.\n")
    found = {m.text: m for m in find_mentions(doc)}
    assert found["Kim Kwang-il"].nationalities == ["kr"] and found["Kim Kwang-il"].age == 28
    assert found["Роман Семёнов"].age == 17
    assert found["김철남"].age == 58


def test_rules_that_must_not_overreach():
    def kinds(text):
        return {m.text: m.kind for m in find_mentions(from_text("Title\n" + text + "\n"))}

    assert kinds("It registered with the International Maritime Organization (IMO) in London.")[
        "International Maritime Organization"] == "organization"
    assert "In 2019" not in kinds("In 2019, IMO data showed it.")
    found = kinds("Sergei Lavrov and Foreign Ministry spokeswoman Maria Zakharova said it.")
    assert found["Sergei Lavrov"] == "person" and found["Foreign Ministry"] == "organization"
    assert kinds("Северокорейский хакер Park Jin Hyok атаковал банк.")["Park Jin Hyok"] == "person"
    assert kinds("Деньги прошли через банк, Ri Song Hyok получил их.")["Ri Song Hyok"] == "person"
    assert "Ким Чен Ыном" in kinds("КНДР под Ким Чен Ыном развивается.")
    ages = {m.text: m.age for m in find_mentions(from_text(
        "T\nA 64-year-old potter met Kim Jong Un.\nПутин подписал 20-летний договор с Ким Чен Ыном.\n"))}
    assert ages["Kim Jong Un"] is None and ages["Ким Чен Ыном"] is None
    nats = {m.text: m.nationalities for m in find_mentions(from_text(
        "T\nKim Jong Un, who returned from Russia on Monday, spoke.\n"
        "South Korean businessman and investor Kim Chol Nam paid.\n"))}
    assert nats["Kim Jong Un"] == [] and nats["Kim Chol Nam"] == ["kr"]
    groups = group_mentions(find_mentions(from_text(
        "T\nThe tanker Chon Ma San loaded oil. Chon Ma San Shipping Company owns it.\n")))
    assert {g.kind: g.names for g in groups} == {"vessel": ["Chon Ma San"],
                                                 "organization": ["Chon Ma San Shipping Company"]}
