"""The dossier reports read: the contract's shape, sorted by id, JSON-able and stable."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sanctionwatch.cases import (add_claim, add_review, attach_evidence, case_dossier, link, list_cases, open_case,
                                 record_reply, send_letter)
from tests.cases.conftest import jpeg_with_exif

EVIDENCE_KEYS = {"id", "sha256", "size", "media_type", "filename", "kind", "title", "description", "source",
                 "origin_chain", "reliability", "reliability_reason", "credibility", "grade", "collected_at",
                 "collected_by", "captured_at", "url", "language", "machine_translated", "metadata"}


def test_dossier_shape_and_order(store, case, item):
    photo = item("Maxar", "commercial_imagery", data=jpeg_with_exif(), filename="sts.jpg", kind="image",
                 credibility=2, case_id=case["id"])
    ais = item("Spire", "ais_provider")
    media = item(["Korea Customs Service", "Yonhap"], "media")
    loose = item("NGO", "ngo", case_id=case["id"])
    second = add_claim(case["id"], "Sam Jong 2 loaded refined products", evidence_ids=[media["id"]], store=store)
    first = add_claim(case["id"], "Lighthouse Winmore met Sam Jong 2", evidence_ids=[ais["id"], photo["id"]],
                      store=store)
    attach_evidence(first["id"], media["id"], relation="contradicts", store=store)
    add_review(first["id"], reviewer="E2", view="minority", text="imagery is low resolution", store=store)
    link(case["id"], "vessel", "mmsi:477282700", label="LIGHTHOUSE WINMORE",
         data={"mmsi": "477282700", "imo": "9616905", "name": "LIGHTHOUSE WINMORE", "flag": "HK"}, store=store)
    link(case["id"], "entity", "imo-9616905", label="Lighthouse Winmore", data={"sources": ["un_1718_vessels"]},
         store=store)
    letter = send_letter(case["id"], party="Hong Kong, China", party_kind="state", subject="Lighthouse Winmore",
                         summary="evidence", sent_at="2018-01-02", claim_id=first["id"], store=store)
    record_reply(letter["id"], received_at="2018-01-20", summary="Owner under investigation", store=store)

    d = case_dossier(case["ref"], store=store)
    assert set(d) == {"case", "typology", "links", "claims", "correspondence", "evidence", "as_of"}
    assert d["case"] == {**case}
    assert d["typology"]["id"] == "sts-transfer" and d["typology"]["paragraphs"]
    assert [x["kind"] for x in d["links"]] == ["vessel", "entity"]
    assert d["links"][0]["data"]["imo"] == "9616905"
    assert [c["id"] for c in d["claims"]] == [second["id"], first["id"]]
    c = d["claims"][1]
    assert c["corroboration"]["status"] == "established"
    assert [(e["id"], e["relation"]) for e in c["evidence"]] == sorted(
        [(photo["id"], "supports"), (ais["id"], "supports"), (media["id"], "contradicts")])
    assert all(EVIDENCE_KEYS <= set(e) for e in c["evidence"])
    assert c["reviews"] == [{"at": c["reviews"][0]["at"], "reviewer": "E2", "view": "minority",
                             "text": "imagery is low resolution"}]
    assert d["claims"][0]["corroboration"]["reasons"] == [
        "1 item, 1 independent origin: Korea Customs Service (needs 2)", "rests on secondary media alone"]
    assert [e["id"] for e in d["evidence"]] == sorted([photo["id"], ais["id"], media["id"], loose["id"]])
    assert d["correspondence"][0]["status"] == "replied" and d["correspondence"][0]["claim_id"] == first["id"]
    # as_of defaults to the newest record of the case (links, letters and replies count too, and may
    # be a second newer than the evidence): no earlier than any record shown, no later than now, and
    # stable across calls
    shown = [d["case"]["opened_at"]] + [e["added_at"] for e in d["evidence"]]
    shown += [c["created_at"] for c in d["claims"]] + [r["at"] for c in d["claims"] for r in c["reviews"]]
    assert max(shown) <= d["as_of"] <= datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    again = case_dossier(case["id"], store=store)
    assert json.dumps(again, sort_keys=True) == json.dumps(d, sort_keys=True)
    json.dumps(d, allow_nan=False)


def test_list_cases_by_typology_and_period(store):
    a = open_case("sts-transfer", "A", period_start="2017-10-01", period_end="2017-10-31", store=store)
    b = open_case("coal-export", "B", period_start="2018-03-01", period_end="2018-04-30", store=store)
    c = open_case("sts-transfer", "C", period_start="2019-01-01", store=store)
    assert [x["id"] for x in list_cases(store=store)] == [a["id"], b["id"], c["id"]]
    assert [x["ref"] for x in list_cases(store=store, typology="sts-transfer")] == [a["ref"], c["ref"]]
    assert [x["id"] for x in list_cases(store=store, since="2017-10-15", until="2018-03-15")] == [a["id"], b["id"]]
    assert [x["id"] for x in list_cases(store=store, since="2018-05-01", until="2019-12-31")] == [c["id"]]


def test_dossier_as_of_shows_the_case_as_it_stood(store, case, item, monkeypatch):
    from datetime import datetime

    from sanctionwatch.cases import audit, correct_claim

    clock = {"now": datetime(2026, 3, 1, 9, 0, 0)}
    monkeypatch.setattr(audit, "now", lambda: clock["now"])
    first = add_claim(case["id"], "The tanker called at Nampho", store=store)
    clock["now"] = datetime(2026, 3, 5, 9, 0, 0)
    correct_claim(first["id"], "The tanker called at Songnim", reason="port misread", store=store)
    ais = item("Spire", "ais_provider", case_id=case["id"])
    attach_evidence(first["id"], ais["id"], store=store)
    clock["now"] = datetime(2026, 3, 9, 9, 0, 0)
    add_claim(case["id"], "A second claim", store=store)
    add_review(first["id"], reviewer="E2", view="minority", text="not sure", store=store)

    then = case_dossier(case["id"], store=store, as_of="2026-03-02T00:00:00Z")
    assert [(c["text"], c["status"], c["corrections"], c["evidence"], c["reviews"]) for c in then["claims"]] == \
        [("The tanker called at Nampho", "draft", [], [], [])]
    assert then["evidence"] == [] and then["as_of"] == "2026-03-02T00:00:00Z"
    middle = case_dossier(case["id"], store=store, as_of="2026-03-06T00:00:00Z")
    assert [c["text"] for c in middle["claims"]] == ["The tanker called at Songnim"]
    assert middle["claims"][0]["status"] == "corrected" and len(middle["claims"][0]["corrections"]) == 1
    assert [e["id"] for e in middle["claims"][0]["evidence"]] == [ais["id"]]
    now = case_dossier(case["id"], store=store)
    assert len(now["claims"]) == 2 and now["claims"][0]["reviews"]
    assert now["as_of"] == max(now["case"]["opened_at"], "2026-03-09T09:00:00Z")   # the newest record
