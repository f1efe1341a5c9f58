"""Generated bad input: schemathesis runs against the app's own OpenAPI schema on a real
server, with no key, a partner key and an admin key, on each database. No 5xx; every
answer matches the schema (status codes included); every error is problem+json."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from app.config import Settings
from app.main import create_app
from tests.conftest import ADMIN_KEY, PG_OK, new_database
from tests.live import LiveServer, app_env, run_cli

EXAMPLES = 50


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live(request, tmp_path_factory):
    if request.param == "postgres" and not PG_OK:
        pytest.skip("PostgreSQL is not available (set TEST_POSTGRES_URL)")
    tmp = tmp_path_factory.mktemp("fuzz")
    url = new_database(request, request.param, tmp)
    env = app_env(
        url,
        tmp / "index",
        CKB_ADMIN_KEY=ADMIN_KEY,
        CKB_WRITE_RATE_LIMIT="1000000/minute",
        CKB_DEPOSIT_RATE_LIMIT="1000000/minute",
        CKB_ASSESSMENT_RATE_LIMIT="1000000/minute",
        CKB_INDEX_WAIT_SECONDS="0.5",
    )
    made = run_cli("create-key", "--partner", "Fuzzing partner", "--role", "partner", env=env)
    assert made.returncode == 0, made.stderr
    server = LiveServer(env, seed=True, log=tmp / "server.log").start()
    yield server, made.stdout.strip()
    server.stop()


# The schema is the app's own, built in-process (the same document the server serves, which
# test_openapi_document_is_valid fetches); the requests go to the live server.
# Invalid input may also be refused for being too big (413), which the issue asks for, or for
# a query string over 4 KiB (414, before routing: a `q` of 1,000 four-byte characters is one).
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [400, 401, 403, 404, 405, 406, 408, 409, 413, 414, 415, 422, 428, 429]
            }
        }
    }
)
schema = schemathesis.openapi.from_dict(create_app(Settings(database_url="sqlite://")).openapi(), config=CONFIG)


def problem_details(ctx, response, case):
    """Every error answer is RFC 9457 problem details."""
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), f"{response.status_code} with {content_type}"
        body = response.json()
        for field in ("type", "title", "status", "detail", "errors"):
            assert field in body, f"problem without {field}"
        assert body["status"] == response.status_code
        text = response.text.lower()
        assert "traceback" not in text and "sqlalchemy" not in text
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    problem_details,
]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_conforms_to_its_schema(case, live):
    server, partner_key = live
    # Each generated request is sent three times: with no key, a partner's and an admin's.
    for key in (None, partner_key, ADMIN_KEY):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        case.call_and_validate(base_url=server.url, headers=headers, checks=CHECKS)


def test_openapi_document_is_valid(live):
    server, _ = live
    from openapi_spec_validator import validate

    document = httpx.get(f"{server.url}/api/openapi.json").json()
    validate(document)
