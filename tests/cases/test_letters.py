"""Right of reply: deadlines, replies and statuses as of a date."""

from __future__ import annotations

import pytest

from sanctionwatch.cases import add_claim, case_dossier, record_reply, send_letter
from sanctionwatch.errors import ConfigError, NotFound


def test_statuses_by_as_of(store, case):
    claim = add_claim(case["id"], "text", store=store)
    a = send_letter(case["id"], party="Government of Panama", party_kind="state", subject="Koti",
                    summary="STS evidence", sent_at="2018-01-02", claim_id=claim["id"], store=store)
    assert a["deadline"] == "2018-02-01T00:00:00Z"  # reply_days default 30
    b = send_letter(case["id"], party="Win More Shipping", party_kind="entity", subject="Lighthouse Winmore",
                    summary="charter", sent_at="2018-01-02", deadline="2018-01-20", store=store)
    record_reply(a["id"], received_at="2018-01-15T09:30:00Z", summary="The vessel was de-registered.",
                 assessment="consistent with the registry", store=store)

    def statuses(as_of):
        return {x["id"]: x["status"] for x in case_dossier(case["id"], store=store, as_of=as_of)["correspondence"]}

    assert statuses("2018-01-10") == {a["id"]: "awaiting", b["id"]: "awaiting"}
    assert statuses("2018-01-16") == {a["id"]: "replied", b["id"]: "awaiting"}
    assert statuses("2018-01-21") == {a["id"]: "replied", b["id"]: "no_reply"}
    early = case_dossier(case["id"], store=store, as_of="2018-01-10")["correspondence"][0]
    assert early["replies"] == []
    late = case_dossier(case["id"], store=store, as_of="2018-03-01")["correspondence"][0]
    assert late["replies"] == [{"received_at": "2018-01-15T09:30:00Z", "summary": "The vessel was de-registered.",
                                "assessment": "consistent with the registry", "evidence_id": None, "late": False}]
    assert late["claim_id"] == claim["id"] and late["deadline"] == "2018-02-01T00:00:00Z"


def test_reply_days_setting_and_late_reply(store, case, monkeypatch):
    monkeypatch.setenv("SANCTIONWATCH_REPLY_DAYS", "10")
    letter = send_letter(case["id"], party="P", party_kind="individual", subject="s", summary="s",
                         sent_at="2020-05-01", store=store)
    assert letter["deadline"] == "2020-05-11T00:00:00Z"
    reply = record_reply(letter["id"], received_at="2020-06-01", summary="late answer", store=store)
    assert reply["late"] is True
    dossier = case_dossier(case["id"], store=store, as_of="2020-07-01")
    assert dossier["correspondence"][0]["status"] == "replied"


def test_bad_letters(store, case):
    with pytest.raises(ConfigError, match="--party-kind 'country'"):
        send_letter(case["id"], party="P", party_kind="country", subject="s", summary="s", store=store)
    with pytest.raises(ConfigError, match="deadline 2020-01-01T23:59:59Z is not after the sending date"):
        send_letter(case["id"], party="P", party_kind="state", subject="s", summary="s", sent_at="2020-01-02",
                    deadline="2020-01-01", store=store)
    with pytest.raises(ConfigError, match="not an ISO date"):
        send_letter(case["id"], party="P", party_kind="state", subject="s", summary="s", sent_at="yesterday",
                    store=store)
    letter = send_letter(case["id"], party="P", party_kind="state", subject="s", summary="s", sent_at="2020-01-02",
                         store=store)
    with pytest.raises(ConfigError, match="before letter"):
        record_reply(letter["id"], received_at="2019-12-31", summary="x", store=store)
    with pytest.raises(NotFound, match="letter 99 does not exist"):
        record_reply(99, received_at="2020-02-01", summary="x", store=store)


def test_a_deadline_given_as_a_day_runs_to_its_end(store, case):
    letter = send_letter(case["id"], party="P", party_kind="state", subject="s", summary="s", sent_at="2026-01-02",
                         deadline="2026-01-31", store=store)
    assert letter["deadline"] == "2026-01-31T23:59:59Z"
    reply = record_reply(letter["id"], received_at="2026-01-31T15:00:00Z", summary="on the last day", store=store)
    assert reply["late"] is False
    dossier = case_dossier(case["id"], store=store, as_of="2026-01-31T12:00:00Z")
    assert [x["status"] for x in dossier["correspondence"]] == ["awaiting"]
