"""``sanctionwatch cases ...`` through the typer app: happy path, verify's exit code, one-line bad input."""

from __future__ import annotations

import json
import os

from typer.testing import CliRunner

from sanctionwatch.cli.cases import app
from sanctionwatch.errors import SanctionwatchError
from tests.cases.conftest import jpeg_with_exif


def run(*args, ok=True):
    result = CliRunner().invoke(app, [str(a) for a in args])
    error = result.exception if isinstance(result.exception, SanctionwatchError) else None
    if ok:
        assert result.exit_code == 0 and error is None, (result.output, result.exception)
    elif result.exception is not None and error is None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result, error


def js(*args):
    return json.loads(run(*args, "--format", "json")[0].stdout)


def test_happy_path(store, tmp_path):
    photo = tmp_path / "sts.jpg"
    photo.write_bytes(jpeg_with_exif())
    page = tmp_path / "page.html"
    page.write_text("<html><body>NK News, 2 Apr 2018</body></html>")
    assert any(t["id"] == "sts-transfer" for t in js("typologies"))
    case = js("open", "sts-transfer", "Koti STS", "--period-start", "2017-12-01")
    assert case["ref"] == "C-0001"
    e1 = js("evidence", "add", photo, "--source", "Maxar", "--source-kind", "commercial_imagery",
            "--origin", "Maxar > Analyst", "--credibility", "2", "--resolution-m", "0.5", "--case", "C-0001")
    e2 = js("evidence", "add", page, "--source", "NK News", "--source-kind", "media", "--origin",
            "Republic of Korea > NK News", "--url", "https://example.invalid/koti", "--language", "ko",
            "--machine-translated")
    assert e1["grade"] == "B2" and e1["origin_chain"] == ["Maxar", "Analyst"] and e1["metadata"]["gps"]
    assert e2["kind"] == "web_page" and e2["machine_translated"] and e2["url"] == "https://example.invalid/koti"
    claim = js("claim", "add", "1", "Koti transferred fuel", "--evidence", e1["id"], "--evidence", e2["id"])
    assert [x["id"] for x in claim["evidence"]] == [e1["id"], e2["id"]]
    run("claim", "review", claim["id"], "--reviewer", "E1", "--view", "minority", "--text", "low resolution")
    run("claim", "correct", claim["id"], "Koti transferred refined petroleum", "--reason", "cargo identified")
    letter = js("letter", "send", "1", "--party", "Panama", "--party-kind", "state", "--subject", "Koti",
                "--summary", "evidence", "--sent-at", "2018-01-02", "--claim", claim["id"])
    run("letter", "reply", letter["id"], "--received-at", "2018-01-10", "--summary", "de-flagged")
    run("link", "1", "vessel", "mmsi:355000000", "--label", "KOTI")
    dossier = js("show", "C-0001")
    assert dossier["claims"][0]["text"] == "Koti transferred refined petroleum"
    assert dossier["claims"][0]["corroboration"]["status"] == "established"
    assert dossier["correspondence"][0]["status"] == "replied"
    table, _ = run("show", "1")
    assert "Koti transferred refined petroleum" in table.stdout and "established" in table.stdout
    assert js("list")[0]["ref"] == "C-0001"
    out = tmp_path / "copy.jpg"
    run("evidence", "get", e1["id"], "-o", out)
    assert out.read_bytes() == photo.read_bytes()
    shown, _ = run("evidence", "show", e1["id"])
    assert "Maxar > Analyst" in shown.stdout
    verified, _ = run("verify")
    assert "checked 12 audit entries and 2 evidence files: intact" in verified.stdout

    path = store.home / "evidence" / "sha256" / e2["sha256"][:2] / e2["sha256"]
    os.chmod(path, 0o644)
    path.write_bytes(path.read_bytes().replace(b"NK News", b"NK Newz"))
    result, error = run("verify", ok=False)
    assert "checked 12 audit entries and 2 evidence files: 1 problems" in result.stdout
    assert str(error).startswith(f"evidence {e2['id']} (page.html): file altered, SHA-256 now ")
    assert error.exit_code != 0 and "\n" not in str(error)


def test_bad_input_is_one_line(store, tmp_path):
    f = tmp_path / "memo.txt"
    f.write_text("memo")
    _, error = run("evidence", "add", f, "--source", "S", "--credibility", "7", ok=False)
    assert str(error) == "evidence add: --credibility 7: must be 1..6"
    _, error = run("open", "nope", "T", ok=False)
    assert str(error).startswith("typology 'nope' is not in the catalogue")
    _, error = run("claim", "add", "C-0009", "text", ok=False)
    assert str(error) == "case C-0009 does not exist"
