"""Profiles: what a query or a list entity offers the matcher."""

from __future__ import annotations

from sanctionwatch.screening.query import profile_of


def test_parts_spell_a_name_when_each_is_one_value():
    profile = profile_of("Person", {"firstName": ["RA"], "secondName": ["KY'ONG-SU"]})
    assert profile.names == ["RA KY'ONG-SU"]


def test_two_middle_names_spell_no_partial_name_beside_the_full_one():
    # UN QDi.020: THIRD_NAME and FOURTH_NAME are both middleName, in no fixed order; the first alone
    # would add "MOHAMMAD HAMDI MOHAMMAD", a name this person does not bear.
    props = {"name": ["MOHAMMAD HAMDI MOHAMMAD SADIQ AL-AHDAL"], "firstName": ["MOHAMMAD"],
             "secondName": ["HAMDI"], "middleName": ["MOHAMMAD", "SADIQ AL-AHDAL"]}
    assert profile_of("Person", props).names == ["MOHAMMAD HAMDI MOHAMMAD SADIQ AL-AHDAL"]
    swapped = {**props, "middleName": ["SADIQ AL-AHDAL", "MOHAMMAD"]}
    assert profile_of("Person", swapped).names == profile_of("Person", props).names


def test_parts_alone_still_make_a_query_name():
    profile = profile_of("Person", {"firstName": ["Jong Un", "Jong-un"], "lastName": ["Kim"]})
    assert profile.names == ["Jong Un Kim"]


def test_weak_aliases_come_last_in_the_order_given():
    profile = profile_of("Person", {"name": ["A B"], "weakAlias": ["Zed", "Abu X", "Mid", "Abu X"]})
    assert profile.names == ["A B", "Zed", "Abu X", "Mid"]
    assert profile.weak_names == {"Zed", "Abu X", "Mid"}
