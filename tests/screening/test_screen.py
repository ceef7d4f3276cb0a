"""Screening against the loaded lists: retrieval, audit trail, decisions, batch and pairs."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from sanctionwatch.errors import ConfigError
from sanctionwatch.lists.releases import load_lists
from sanctionwatch.screening import record_decision, screen
from sanctionwatch.screening.batch import read_rows, screen_batch, write_results
from sanctionwatch.screening.index import build_index
from sanctionwatch.screening.pairs import metrics, score_pairs
from sanctionwatch.screening.query import Query
from sanctionwatch.store.schema import screenings


@pytest.fixture
def loaded(store, un, shared_file):
    load_lists([un("2026-02-27")], store=store)
    load_lists([shared_file("lists/un-1718-vessels/1718_designated_vessels_2020-06-04.csv")], store=store)
    return store


def person(name, **props):
    return {"schema": "Person", "properties": {"name": [name], **{k: [v] for k, v in props.items()}}}


def test_screen_finds_kpi_008_from_a_variant_and_audits(loaded):
    result = screen(person("Ra Kyung Su", birthDate="1954-06-04"), store=loaded)
    top = result.results[0]
    assert top["reference"] == "KPi.008" and top["match"]
    assert {"id", "caption", "reference", "score", "match", "explanations"} <= set(top)
    assert result.releases and result.screening_id
    with loaded.read() as conn:
        row = conn.execute(select(screenings).where(screenings.c.id == result.screening_id)).mappings().one()
    assert row["algorithm"] == "name-v3" and row["results"][0]["id"] == top["id"]
    assert row["query"]["properties"]["name"] == ["Ra Kyung Su"]


@pytest.mark.parametrize("name", ["라경수", "Ра Гён Су"])
def test_screen_across_scripts(loaded, name):
    result = screen(person(name), store=loaded, record=False)
    assert result.results and result.results[0]["reference"] == "KPi.008", result.results[:2]


def test_vessel_by_imo_with_other_name(loaded):
    result = screen({"schema": "Vessel", "properties": {"name": ["EVER BRIGHT 88"], "imoNumber": ["8914934"]}},
                    store=loaded, record=False)
    assert result.results[0]["id"] == "imo-8914934" and result.results[0]["match"]


def test_threshold_per_query(loaded):
    strict = screen(person("Ra Kyung Su"), store=loaded, threshold=0.99, record=False)
    assert strict.results and not strict.results[0]["match"] and strict.threshold == 0.99


def test_decision_is_shown_again_until_the_entity_changes(loaded, un, tmp_path):
    first = screen(person("Ra Kyung Su"), store=loaded)
    top = first.results[0]
    record_decision(loaded, screening_id=first.screening_id, entity_id=top["id"], decision="no_match",
                    note="different person: born 1990", actor="analyst-1")
    again = screen(person("Ra Kyung Su"), store=loaded)
    assert again.results[0]["decision"]["decision"] == "no_match"
    assert again.results[0]["decision"]["actor"] == "analyst-1"
    # a new release in which KPi.008 changes: the decision no longer applies as it stood
    xml = un("2026-02-27").read_bytes().replace(b"<VALUE>Tanchon Commercial Bank (TCB) official</VALUE>",
                                                b"<VALUE>Tanchon Commercial Bank (TCB) manager</VALUE>")
    path = tmp_path / "consolidated_amended.xml"
    path.write_bytes(xml.replace(b'dateGenerated="2026-02-27', b'dateGenerated="2026-03-01'))
    load_lists([path], store=loaded)
    later = screen(person("Ra Kyung Su"), store=loaded)
    assert "decision" not in later.results[0] and later.results[0]["previous_decision"]["decision"] == "no_match"


def test_index_is_rebuilt_when_a_release_loads(store, un):
    load_lists([un("2024-09-26")], store=store)
    before = build_index(store)
    load_lists([un("2026-02-27")], store=store)
    after = build_index(store)
    assert before.signature != after.signature and len(after.entries) == 1003


def test_batch_reports_bad_rows_and_keeps_going(loaded):
    text = "name,birth_date,country\nRa Kyung Su,1954-06-04,kp\n,,\nKim Yong Chol,not a date,kp\nJohn Smith,,gb\n"
    rows = list(read_rows(io.StringIO(text), {}, "Person"))
    assert [r.line for r in rows] == [2, 3, 4, 5]
    assert rows[1].error and "line 3" in rows[1].error
    assert rows[2].error and "line 4" in rows[2].error and "birthDate" in rows[2].error
    good = [r for r in rows if r.query]
    index = build_index(loaded)
    results = screen_batch([r.query for r in good], index=index, workers=2)
    out = io.StringIO()
    write_results(out, rows, {r.line: res for r, res in zip(good, results)}, ["name", "birth_date", "country"])
    written = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written[0]["match_reference"] == "KPi.008" and written[0]["match"] == "true"
    assert written[1]["error"] and written[3]["match"] == "false"


def test_batch_in_parallel_equals_serial(loaded):
    index = build_index(loaded)
    queries = [person(n) for n in ["Ra Kyung Su", "Kim Yong Chol", "Pak To Chun", "John Smith"] * 60]
    assert screen_batch(queries, index=index, workers=2) == screen_batch(queries, index=index, workers=1)


def test_batch_workers_read_dict_queries_and_refuse_a_bad_one(loaded):
    index = build_index(loaded)
    queries = [person(n) for n in ["Ra Kyung Su", "John Smith"] * 150]
    parsed = [Query.from_dict(q) for q in queries]
    assert screen_batch(queries, index=index, workers=2) == screen_batch(parsed, index=index, workers=2)
    bad = queries[:250] + [{"schema": "Person", "properties": {"name": ["X"], "birthDate": ["not a date"]}}]
    with pytest.raises(ConfigError, match="birthDate"):
        screen_batch(bad, index=index, workers=2)


def test_pairs_metrics(tmp_path):
    lines = [
        {"id": 1, "query": person("Ra Kyung-Su"), "candidate": person("RA KY'ONG-SU"), "expected": True},
        {"id": 2, "query": person("Kim Jong Un"), "candidate": person("Kim Jong Il"), "expected": False},
        {"id": 3, "query": person("Kim Jong Un"), "candidate": person("Kim Jong Un"), "expected": True},
    ]
    text = "\n".join(json.dumps(l, ensure_ascii=False) for l in lines) + "\nnot json\n"
    outcomes = list(score_pairs(io.StringIO(text)))
    assert outcomes[-1].error and "line 4" in outcomes[-1].error
    m = metrics(outcomes)
    assert m["pairs"] == 3 and m["precision"] == 1.0 and m["recall"] == 1.0


def test_batches_from_two_threads_keep_their_own_queries(loaded):
    from concurrent.futures import ThreadPoolExecutor

    index = build_index(loaded)
    first = [person("Ra Kyung Su")] * 300
    second = [person("John Smith")] * 300
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda qs: screen_batch(qs, index=index, workers=2), [first, second])
    assert a == screen_batch(first, index=index, workers=1)
    assert b == screen_batch(second, index=index, workers=1)
    assert a != b
