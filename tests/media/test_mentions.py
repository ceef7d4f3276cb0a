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
