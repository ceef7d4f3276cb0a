"""Tampering with an evidence file, an audit entry or a case row is detected and named."""

from __future__ import annotations

import os

from sqlalchemy import delete, select, update

from sanctionwatch.cases import add_claim, correct_claim, link, send_letter, verify_cases
from sanctionwatch.cases.evidence import evidence_root
from sanctionwatch.store.schema import case_audit, case_claims


def _build(store, case, item):
    a = item("Maxar", "commercial_imagery", data=b"\x89PNG\r\n\x1a\n imagery", filename="photo.png")
    b = item("Spire", "ais_provider")
    claim = add_claim(case["id"], "Lighthouse Winmore met Sam Jong 2", evidence_ids=[a["id"], b["id"]], store=store)
    link(case["id"], "vessel", "mmsi:477282700", label="LIGHTHOUSE WINMORE", data={"imo": "9616905"}, store=store)
    correct_claim(claim["id"], "Lighthouse Winmore met Sam Jong 2 on 19 Oct 2017", reason="date", store=store)
    send_letter(case["id"], party="Hong Kong, China", party_kind="state", subject="s", summary="s",
                sent_at="2018-01-02", store=store)
    return a, claim


def _entry(store, action):
    with store.read() as conn:
        return conn.execute(select(case_audit).where(case_audit.c.action == action)
                            .order_by(case_audit.c.seq)).mappings().first()


def test_intact_records_verify(store, case, item):
    _build(store, case, item)
    result = verify_cases(store=store)
    assert result["ok"] and result["problems"] == [] and result["first_broken"] is None
    assert result["entries"] == 10 and result["evidence_checked"] == 2
    assert len(result["head"]) == 64


def test_altered_evidence_file_is_named(store, case, item):
    photo, _ = _build(store, case, item)
    path = evidence_root(store) / photo["sha256"][:2] / photo["sha256"]
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    result = verify_cases(store=store)
    assert not result["ok"] and result["evidence_checked"] == 2
    assert result["first_broken"].startswith(f"evidence {photo['id']} (photo.png): file altered, SHA-256 now ")
    assert len(result["problems"]) == 1


def test_edited_audit_payload_is_named(store, case, item):
    _, claim = _build(store, case, item)
    entry = _entry(store, "claim.add")
    payload = dict(entry["payload"], text="Some other vessel met Sam Jong 2")
    with store.engine.begin() as conn:
        conn.execute(update(case_audit).where(case_audit.c.seq == entry["seq"]).values(payload=payload))
    result = verify_cases(store=store)
    assert not result["ok"]
    assert result["first_broken"] == f"audit entry {entry['seq']} (claim.add): content does not match its hash"


def test_rehashed_edit_breaks_the_next_link(store, case, item):
    from sanctionwatch.cases.audit import entry_hash, iso

    _build(store, case, item)
    entry = _entry(store, "claim.add")
    payload = dict(entry["payload"], text="forged")
    forged = entry_hash(entry["seq"], iso(entry["at"]), entry["actor"], entry["action"], entry["object_kind"],
                        entry["object_id"], payload, entry["prev_hash"])
    with store.engine.begin() as conn:
        conn.execute(update(case_audit).where(case_audit.c.seq == entry["seq"]).values(payload=payload, hash=forged))
    result = verify_cases(store=store)
    assert result["first_broken"] == (f"audit entry {entry['seq'] + 1}: previous-hash link broken "
                                      f"(entry {entry['seq']} changed or removed)")


def test_deleted_audit_entry_is_named(store, case, item):
    _build(store, case, item)
    entry = _entry(store, "case.link")
    with store.engine.begin() as conn:
        conn.execute(delete(case_audit).where(case_audit.c.seq == entry["seq"]))
    result = verify_cases(store=store)
    assert result["first_broken"] == (f"audit entry {entry['seq'] + 1}: previous-hash link broken "
                                      f"(entry {entry['seq']} changed or removed)")
    assert "link 1: no audit entry records it" in result["problems"]


def test_deleting_the_last_entry_leaves_a_row_unrecorded(store, case, item):
    _build(store, case, item)
    with store.engine.begin() as conn:
        last = conn.execute(select(case_audit.c.seq).order_by(case_audit.c.seq.desc()).limit(1)).scalar_one()
        conn.execute(delete(case_audit).where(case_audit.c.seq == last))
    result = verify_cases(store=store)
    assert result["first_broken"] == "letter 1: no audit entry records it"


def test_edited_claim_row_is_named(store, case, item):
    _, claim = _build(store, case, item)
    with store.engine.begin() as conn:
        conn.execute(update(case_claims).where(case_claims.c.id == claim["id"]).values(text="softened text"))
    result = verify_cases(store=store)
    latest = _latest_claim_entry(store, claim["id"])
    assert result["first_broken"] == f"claim {claim['id']}: row differs from audit entry {latest} (text)"


def test_deleted_claim_row_is_named(store, case, item):
    a, claim = _build(store, case, item)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM case_corrections")
        conn.exec_driver_sql("DELETE FROM case_claim_evidence")
        conn.execute(delete(case_claims).where(case_claims.c.id == claim["id"]))
    result = verify_cases(store=store)
    latest = _latest_claim_entry(store, claim["id"])
    assert f"claim {claim['id']}: row removed (last recorded by audit entry {latest})" in result["problems"]


def _latest_claim_entry(store, claim_id):
    with store.read() as conn:
        return conn.execute(select(case_audit.c.seq).where(case_audit.c.object_kind == "claim",
                                                           case_audit.c.object_id == claim_id)
                            .order_by(case_audit.c.seq.desc()).limit(1)).scalar_one()


def test_concurrent_writers_keep_one_chain(store, case):
    import threading

    errors = []

    def writer(name):
        try:
            for i in range(8):
                add_claim(case["id"], f"{name} claim {i}", store=store, actor=name)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b", "c")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify_cases(store=store)
    assert result["ok"], result["problems"]
    with store.read() as conn:
        seqs = list(conn.execute(select(case_audit.c.seq).order_by(case_audit.c.seq)).scalars())
    assert seqs == list(range(1, 26))
