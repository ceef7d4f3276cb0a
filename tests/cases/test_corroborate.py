"""Corroboration: independent origins are different roots of the origin chain (and different files)."""

from __future__ import annotations

from sanctionwatch.cases import add_claim, attach_evidence, corroboration


def test_same_origin_root_stays_unverified(store, case, item):
    a = item(["UN 1718 Committee"], "un_body")
    b = item(["un 1718  committee", "Reuters"], "media", credibility=1)
    claim = add_claim(case["id"], "Sam Jong 2 received 600 t", evidence_ids=[a["id"], b["id"]], store=store)
    result = corroboration(claim["id"], store=store)
    assert result["status"] == "unverified" and result["independent_origins"] == 1 and result["required"] == 2
    assert result["roots"] == ["UN 1718 Committee"]
    assert result["reasons"][0] == "2 items, 1 independent origin: UN 1718 Committee (needs 2)"
    assert (f"evidence {b['id']} is graded C1 (confirmed by other sources) but the claim is not established"
            in result["reasons"])


def test_two_independent_roots_are_established(store, case, item):
    a = item(["Republic of Korea customs"], "state")
    b = item(["Maxar"], "commercial_imagery")
    claim = add_claim(case["id"], "Lighthouse Winmore met Sam Jong 2 on 19 Oct 2017", evidence_ids=[a["id"]],
                      store=store)
    assert corroboration(claim["id"], store=store)["status"] == "unverified"
    attach_evidence(claim["id"], b["id"], store=store)
    result = corroboration(claim["id"], store=store)
    assert result == {"status": "established", "independent_origins": 2, "required": 2,
                      "roots": ["Maxar", "Republic of Korea customs"], "reasons": []}


def test_secondary_media_alone_is_unverified_however_many(store, case, item):
    ids = [item([name], "media")["id"] for name in ("Reuters", "AP", "NK News")]
    claim = add_claim(case["id"], "text", evidence_ids=ids, store=store)
    result = corroboration(claim["id"], store=store)
    assert result["status"] == "unverified" and result["independent_origins"] == 3
    assert result["reasons"] == ["rests on secondary media alone"]


def test_the_same_file_from_two_sources_is_one_origin(store, case, item):
    a = item(["Leaked contract"], "ngo", data=b"contract bytes")
    b = item(["Another hand"], "state", data=b"contract bytes")
    claim = add_claim(case["id"], "text", evidence_ids=[a["id"], b["id"]], store=store)
    result = corroboration(claim["id"], store=store)
    assert result["status"] == "unverified" and result["independent_origins"] == 1
    assert any(r.startswith(f"items {a['id']}, {b['id']} are the same file") for r in result["reasons"])


def test_contradicting_items_do_not_count_and_are_named(store, case, item, monkeypatch):
    a, b = item(["Maxar"], "commercial_imagery"), item(["Planet"], "commercial_imagery")
    c = item(["Flag State registry"], "registry", source="Panama Maritime Authority")
    claim = add_claim(case["id"], "text", evidence_ids=[a["id"]], store=store)
    attach_evidence(claim["id"], c["id"], relation="contradicts", store=store)
    result = corroboration(claim["id"], store=store)
    assert result["status"] == "unverified" and result["independent_origins"] == 1
    assert f"evidence {c['id']} (Panama Maritime Authority) contradicts the claim" in result["reasons"]
    attach_evidence(claim["id"], b["id"], store=store)
    assert corroboration(claim["id"], store=store)["status"] == "established"
    monkeypatch.setenv("SANCTIONWATCH_CORROBORATION_MIN", "3")
    result = corroboration(claim["id"], store=store)
    assert result["status"] == "unverified" and result["required"] == 3


def test_no_evidence(store, case):
    claim = add_claim(case["id"], "text", store=store)
    assert corroboration(claim["id"], store=store)["reasons"] == ["no supporting evidence"]
