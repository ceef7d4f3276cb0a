"""Import into the store, the checks, and findings filed as cases."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sanctionwatch.cli.trade import trade_app
from sanctionwatch.errors import SanctionwatchError, SourceFormatError
from sanctionwatch.trade import check_trade, import_trade, list_imports, open_trade_cases, trade_rows
from tests.trade.fixtures import api_file, china_dprk, mirror, record


@pytest.fixture
def china(tmp_path):
    path = tmp_path / "china_prk_2017_2018.json"
    path.write_bytes(api_file(china_dprk() + mirror()))
    return path


def by_kind(findings):
    out = {}
    for f in findings:
        out.setdefault(f["kind"], []).append(f)
    return out


def test_import_once_and_refusal_leaves_previous_state(store, china, tmp_path):
    first = import_trade(china, store=store)
    assert first["rows"] == 11 and not first["already_imported"]
    assert import_trade(china, store=store)["already_imported"]
    bad = tmp_path / "bad.json"
    bad.write_bytes(api_file([record(156, "M", 408, "201801", "0307", 1.0),
                              record(156, "M", 410, "201801", "0307", 1.0, partner_iso="PRK")]))
    with pytest.raises(SourceFormatError, match="bad.json, line 2, field partnerISO"):
        import_trade(bad, store=store)
    assert len(list_imports(store=store)) == 1 and len(trade_rows(store=store)) == 11
    kept = import_trade(bad, flag_mixups=True, store=store)
    assert kept["flagged"] == 1


def test_checks(store, china):
    import_trade(china, store=store)
    kinds = by_kind(check_trade(store=store))
    banned = {f["records"][0]["hs"]: f for f in kinds["banned-trade"]}
    # coal in 2017-10 (2371 OP8, after its 30 days), textiles in 2018-02 (2375 OP16, after its 90 days),
    # machinery exports to the DPRK in 2018-03 (2397 OP7); 2710 is capped, not banned; 2611 is not covered
    assert set(banned) == {"2701", "6110", "8429"}
    assert banned["2701"]["records"][0]["period"] == "201710"
    assert [(m["resolution"], m["paragraph"]) for m in banned["2701"]["measures"]] == [("2371 (2017)", "OP8")]
    assert banned["2701"]["typology"] == "coal-export" and banned["8429"]["typology"] == "banned-import"
    assert "2397 (2017) OP7" in banned["8429"]["summary"]
    assert banned["6110"]["records"][0]["row_number"] == 4 and banned["6110"]["severity"] == "high"
    # seafood: 3M in 2017-07, nothing in the 12 months after the ban while China kept reporting
    vanish = [f for f in kinds["ban-vanish"] if f["records"][0]["hs"] == "0307"]
    assert vanish and vanish[0]["severity"] == "info"
    # mirror: China's imports (2.0M) are twice Russia's exports (1.0M)
    (gap,) = kinds["mirror-gap"]
    assert "ratio 2.00" in gap["summary"] and {r["reporter_code"] for r in gap["records"]} == {156, 643}
    assert "2701" not in {f["records"][0]["hs"] for f in kinds.get("spans-ban", [])}


def test_annual_figure_spanning_a_ban_and_a_jump(store, tmp_path):
    path = tmp_path / "annual.json"
    path.write_bytes(api_file([record(156, "M", 408, "2016", "0302", 1_000_000),
                               record(156, "M", 408, "2017", "0302", 500_000),
                               record(156, "M", 408, "2018", "0302", 4_000_000)]))
    import_trade(path, store=store)
    kinds = by_kind(check_trade(store=store))
    assert [f["records"][0]["period"] for f in kinds["spans-ban"]] == ["2017"]
    assert [f["records"][0]["period"] for f in kinds["banned-trade"]] == ["2018"]
    (jump,) = kinds["ban-jump"]
    assert "US$1,000,000 to US$4,000,000" in jump["summary"] and "2371 (2017) OP9" in jump["summary"]


def test_mixup_flag_is_a_finding_not_a_violation(store, tmp_path):
    path = tmp_path / "mix.json"
    path.write_bytes(api_file([record(156, "M", 408, "201803", "2701", 7.0, partner_iso="KOR")]))
    import_trade(path, flag_mixups=True, store=store)
    kinds = by_kind(check_trade(store=store))
    assert list(kinds) == ["code-mixup"] and "mix.json row 1" in kinds["code-mixup"][0]["summary"]


def test_open_cases_with_the_row_as_evidence(store, china):
    from sanctionwatch.cases import case_dossier, read_evidence

    import_trade(china, store=store)
    findings = check_trade(store=store)
    opened = open_trade_cases(findings, store=store, actor="analyst")
    assert len(opened) == 3 and not any(o["already"] for o in opened)
    again = open_trade_cases(findings, store=store, actor="analyst")
    assert [o["case"] for o in again] == [o["case"] for o in opened] and all(o["already"] for o in again)
    coal = next(o for o in opened if "HS 2701" in next(f for f in findings if f["id"] == o["finding"])["summary"])
    dossier = case_dossier(coal["case"], store=store)
    assert dossier["case"]["typology"] == "coal-export" and "2371 (2017) OP8" in dossier["case"]["summary"]
    row = json.loads(read_evidence(coal["evidence"][0], store=store))
    assert row["filename"] == "china_prk_2017_2018.json" and row["row_number"] == 2 and row["hs"] == "2701"
    machinery = next(o for o in opened if "HS 8429" in next(f for f in findings if f["id"] == o["finding"])["summary"])
    summary = case_dossier(machinery["case"], store=store)["case"]["summary"]
    assert "2397 (2017) OP7" in summary


def run(*args, ok=True):
    result = CliRunner().invoke(trade_app, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0 and result.exception is None, (result.output, result.exception)
    return result


def test_cli(store, china, tmp_path):
    assert json.loads(run("import", china, "--format", "json").stdout)[0]["rows"] == 11
    findings = json.loads(run("check", "--format", "json").stdout)
    assert sum(f["kind"] == "banned-trade" for f in findings) == 3
    assert "opened C-0001" in run("open-cases").stdout
    bad = tmp_path / "mix.csv"
    bad.write_text("flowCode\nnope\n")
    result = run("import", bad, ok=False)
    assert isinstance(result.exception, SanctionwatchError) and "mix.csv" in str(result.exception)
