"""Fixtures for the API tests, shared by every router's tests.

* ``api_store``: a store (SQLite, and PostgreSQL when a server is given) with the demo lists loaded.
* ``api_app``: ``create_app(api_store)`` with every registered router.
* ``client_for(role, case_ids=None, expires_days=90)``: a TestClient sending a new key of that role
  (``client.key``, ``client.key_row``); ``anon_client``: one without a key.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def api_store(store):
    from sanctionwatch.demo import demo_files
    from sanctionwatch.lists.releases import load_lists

    # The shipped samples are far below a real list's expected count: the count guard is waived on purpose.
    for path in demo_files():
        load_lists([path], force=True, note="demo sample", store=store)
    return store


@pytest.fixture
def api_app(api_store):
    from sanctionwatch.api.app import create_app

    return create_app(api_store)


@pytest.fixture
def anon_client(api_app):
    from fastapi.testclient import TestClient

    return TestClient(api_app)


@pytest.fixture
def client_for(api_app, api_store):
    from fastapi.testclient import TestClient

    from sanctionwatch.api.keys import create_key

    def make(role: str, case_ids: list[int] | None = None, *, expires_days: int = 90, name: str | None = None):
        key, row = create_key(name or f"test-{role}", role, expires_days=expires_days, case_ids=case_ids,
                              store=api_store, created_by="tests")
        client = TestClient(api_app, headers={"Authorization": f"Bearer {key}"})
        client.key, client.key_row = key, row
        return client

    return make
