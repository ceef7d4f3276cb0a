"""Claims: corrections keep the history, reviews record minority views, final waits for the reply deadline."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sanctionwatch.cases import (add_claim, add_review, attach_evidence, case_dossier, correct_claim, send_letter,
                                 set_claim_status)
from sanctionwatch.errors import ConfigError, NotFound


def test_correction_history_is_kept(store, case):
    claim = add_claim(case["id"], "600 t transferred on 19 Oct 2017", store=store, actor="a")
    correct_claim(claim["id"], "about 600 t transferred on 19 Oct 2017", reason="cargo figure is an estimate",
                  store=store, actor="b")
    again = correct_claim(claim["id"], "about 600 t transferred on 19 October 2017", reason="style",
                          store=store, actor="c")
    assert again["text"] == "about 600 t transferred on 19 October 2017" and again["status"] == "corrected"
    history = [(c["previous_text"], c["text"], c["reason"], c["by"]) for c in again["corrections"]]
    assert history == [("600 t transferred on 19 Oct 2017", "about 600 t transferred on 19 Oct 2017",
                        "cargo figure is an estimate", "b"),
                       ("about 600 t transferred on 19 Oct 2017", "about 600 t transferred on 19 October 2017",
                        "style", "c")]
    dossier_claim = case_dossier(case["id"], store=store)["claims"][0]
    assert [c["previous_text"] for c in dossier_claim["corrections"]] == [h[0] for h in history]
    with pytest.raises(ConfigError, match="give the reason"):
        correct_claim(claim["id"], "x", reason=" ", store=store)
    with pytest.raises(ConfigError, match="same as the current one"):
        correct_claim(claim["id"], again["text"], reason="r", store=store)


def test_reviews_and_minority_views(store, case):
    claim = add_claim(case["id"], "text", store=store)
    add_review(claim["id"], reviewer="Expert 1", view="concur", text="", store=store)
    add_review(claim["id"], reviewer="Expert 2", view="minority", text="could be further corroborated", store=store)
    reviews = case_dossier(case["id"], store=store)["claims"][0]["reviews"]
    assert [(r["reviewer"], r["view"], r["text"]) for r in reviews] == [
        ("Expert 1", "concur", ""), ("Expert 2", "minority", "could be further corroborated")]
    with pytest.raises(ConfigError, match="minority view needs its text"):
        add_review(claim["id"], reviewer="Expert 3", view="minority", text="", store=store)
    with pytest.raises(ConfigError, match="view 'dissent'"):
        add_review(claim["id"], reviewer="Expert 3", view="dissent", text="t", store=store)


def test_final_waits_for_the_reply_deadline(store, case):
    claim = add_claim(case["id"], "text", store=store)
    now = datetime.now(timezone.utc)
    letter = send_letter(case["id"], party="Government of Panama", party_kind="state", subject="Koti",
                         summary="evidence of STS", sent_at=now - timedelta(days=5), claim_id=claim["id"],
                         store=store)
    assert case_dossier(case["id"], store=store)["claims"][0]["status"] == "sent_for_reply"
    with pytest.raises(ConfigError, match=f"letter {letter['id']} to Government of Panama awaits a reply"):
        set_claim_status(claim["id"], "final", store=store)
    other = add_claim(case["id"], "other", store=store)
    send_letter(case["id"], party="Owner", party_kind="entity", subject="s", summary="s",
                sent_at=now - timedelta(days=40), deadline=now - timedelta(days=10), claim_id=other["id"],
                store=store)
    assert set_claim_status(other["id"], "final", store=store)["status"] == "final"
    with pytest.raises(ConfigError, match="use one of draft, sent_for_reply, final, corrected, withdrawn"):
        set_claim_status(claim["id"], "published", store=store)


def test_attach_twice_and_unknown_objects(store, case, item):
    e = item("Maxar", "commercial_imagery")
    claim = add_claim(case["id"], "text", evidence_ids=[e["id"]], store=store)
    attach_evidence(claim["id"], e["id"], store=store)  # no-op
    with pytest.raises(ConfigError, match="already attached as 'supports'"):
        attach_evidence(claim["id"], e["id"], relation="contradicts", store=store)
    with pytest.raises(NotFound, match="evidence 999 does not exist"):
        attach_evidence(claim["id"], 999, store=store)
    with pytest.raises(NotFound, match="claim 999 does not exist"):
        add_review(999, reviewer="r", view="concur", text="", store=store)
    with pytest.raises(NotFound, match="case C-0042 does not exist"):
        add_claim("C-0042", "text", store=store)
