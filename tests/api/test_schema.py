"""schemathesis against our own OpenAPI document, in process (ASGI), with an admin key: no generated
request may get a server error or an answer that breaks the documented schema.

Bounded so the file stays well under a minute: a few examples per operation, no deadline, a fixed
seed. Each operation's strategy is run through hypothesis directly (``as_strategy``) rather than
through schemathesis' pytest plugin, whose lazy-fixture loader does not run on pytest 9.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 3}
# Every other built-in check runs (no 5xx, statuses, content types, headers and bodies as documented,
# invalid input refused, auth not ignored). Not "schema-valid data is accepted": some inputs the schema
# cannot express are refused with a documented 400/422 (an FtM property a schema does not have, an
# unknown algorithm, a query with neither name nor identifier).
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def schema_app(api_store, monkeypatch):
    from sanctionwatch.api.app import create_app

    # One key makes every request here: lift its rate limit so that 429s do not hide what is tested.
    monkeypatch.setenv("SANCTIONWATCH_API_RATE_PER_MINUTE", "1000000")
    return create_app(api_store)


@pytest.fixture
def admin_headers(api_store):
    from sanctionwatch.api.keys import create_key

    key, _ = create_key("schemathesis", "admin", store=api_store, created_by="tests")
    return {"Authorization": f"Bearer {key}"}


def _run(operation, mode: GenerationMode, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES[mode], deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    def run(case):
        case.call_and_validate(headers=dict(headers), excluded_checks=EXCLUDED)

    run()


def test_api_conforms_to_its_schema(schema_app, admin_headers):
    schema = schemathesis.openapi.from_asgi("/openapi.json", schema_app)
    failures, ran = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in EXAMPLES:
            try:
                _run(operation, mode, admin_headers)
            except Unsatisfiable:
                continue        # nothing to make invalid: the operation takes no input (/healthz)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 -- report every operation's failures
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): "
                                f"{str(exc).strip()[:1500]}")
            ran += 1
    assert ran >= 7
    assert not failures, "\n\n".join(failures)
