"""``rules show`` on dated HS questions, and the rules file's own consistency."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sanctionwatch.cli.trade import rules_app
from sanctionwatch.errors import ConfigError
from sanctionwatch.trade.rules import bbl_per_tonne, cap_for, rules, rules_show


def paragraphs(answer):
    return {(m["resolution"], m["paragraph"]) for m in answer["measures"]}


def test_coal_export_2016_is_capped_not_banned():
    a = rules_show("2701", "export", "2016-12-15")
    assert a["banned"] == "partial"
    assert ("2321 (2016)", "OP26") in paragraphs(a)
    assert ("2371 (2017)", "OP8") not in paragraphs(a)


def test_coal_export_2018_is_banned_by_2371_op8():
    a = rules_show("2701", "export", "2018-03-01")
    assert a["banned"] is True
    assert paragraphs(a) == {("2371 (2017)", "OP8")}
    assert a["measures"][0]["verified"] is False          # [K]: the paragraph number is unchecked


def test_coal_before_any_measure_and_into_the_dprk():
    assert rules_show("2701", "export", "2015-06-01")["banned"] is False
    assert rules_show("2701", "import", "2018-03-01")["banned"] is False


def test_textiles_banned_from_september_2017():
    assert rules_show("6110", "export", "2017-09-10")["banned"] is False
    after = rules_show("611020", "export", "2017-09-11")
    assert after["banned"] is True and paragraphs(after) == {("2375 (2017)", "OP16")}
    assert after["measures"][0]["grace_until"] == "2017-12-10"


def test_seafood_banned_by_2371_op9():
    a = rules_show("0307", "export", "2017-10-01")
    assert a["banned"] is True and paragraphs(a) == {("2371 (2017)", "OP9")}
    assert rules_show("1604", "export", "2017-08-04")["banned"] is False


def test_machinery_imports_after_2397_op7():
    before = rules_show("84", "import", "2017-12-21")
    assert before["banned"] is False
    a = rules_show("8429", "import", "2018-01-15")
    assert a["banned"] is True and ("2397 (2017)", "OP7") in paragraphs(a)
    # 84 is banned both ways after 2397 (OP6 out of the DPRK, OP7 into it)
    assert paragraphs(rules_show("84", "export", "2018-01-15")) == {("2397 (2017)", "OP6")}


def test_part_of_a_code_and_caps_answer_partial():
    chapter = rules_show("27", "export", "2018-01-01")     # coal (2701-2704) is only part of chapter 27
    assert chapter["banned"] == "partial"
    petroleum = rules_show("2710", "import", "2018-06-01")  # capped by 2397 OP5; jet fuel sub-codes banned
    assert petroleum["banned"] == "partial"
    assert ("2397 (2017)", "OP5") in paragraphs(petroleum) and ("2270 (2016)", "OP31") in paragraphs(petroleum)
    assert rules_show("2710", "import", "2017-10-01")["measures"][0]["until"] == "2017-12-22"


def test_both_directions_without_direction():
    both = rules_show("89", date_="2018-01-01")
    assert [a["direction"] for a in both] == ["export", "import"] and all(a["banned"] is True for a in both)


def test_bad_questions_are_one_line_errors():
    for args in (("27011", "export", "2018-01-01"), ("2701", "sideways", "2018-01-01"), ("2701", "export", "1/1/18")):
        with pytest.raises(ConfigError):
            rules_show(*args)


def test_rules_file_rows_cite_source_and_flag():
    data = rules()
    for table in ("resolutions", "measures", "sectoral_bans", "caps", "reporting_duties"):
        for row in data[table]:
            assert row["source"] and isinstance(row["verified"], bool), row
    for ban in data["sectoral_bans"]:
        assert ban["direction"] in ("export", "import") and ban["hs_basis"] in ("official", "derived")
        assert ban["status"] in ("banned", "partial")
        # only 2397 OP6/OP7 give HS codes in the resolution's own text
        assert (ban["hs_basis"] == "official") == (ban["resolution"] == "2397 (2017)" and ban["paragraph"] in ("OP6", "OP7"))
    assert data["thresholds"]["marks"] == [75, 90, 95]
    assert cap_for("refined petroleum", 2018)["limit_value"] == 500000
    assert cap_for("refined petroleum", 2017)["id"] == "CAP-RP-2017"
    assert cap_for("refined petroleum", 2016) is None
    assert bbl_per_tonne("diesel") == 7.45 and bbl_per_tonne(None) == 7.45


def test_cli_rules_show_json():
    result = CliRunner().invoke(rules_app, ["show", "--hs", "2701", "--direction", "export", "--date", "2018-01-01",
                                            "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) >= {"hs", "direction", "date", "banned", "measures"} and answer["banned"] is True
    assert set(answer["measures"][0]) >= {"resolution", "paragraph", "summary", "verified"}
    table = CliRunner().invoke(rules_app, ["show", "--hs", "0307", "--date", "2016-01-01"])
    assert table.exit_code == 0 and "not banned" in table.stdout
