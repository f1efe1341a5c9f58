"""Security headers on every answer, request ids, CORS, logs without secrets, slow bodies."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ADMIN, ADMIN_KEY, started_app
from tests.helpers import SAMPLES, assert_problem

pytestmark = pytest.mark.anyio


def assert_security_headers(response, *, framable=False):
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in csp
    assert ("frame-ancestors *" in csp) == framable
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-request-id"]


async def test_security_headers_everywhere(client):
    for method, path, kwargs in [
        ("GET", "/healthz", {}),
        ("GET", "/api/v1/resources", {}),
        ("GET", "/api/v1/resources/404", {}),
        ("GET", "/api/v1/search?per_page=1000", {}),
        ("POST", "/api/v1/resources", {"json": {"title": ""}, "headers": ADMIN}),
        ("POST", "/api/v1/resources", {"json": SAMPLES["resources"]}),
        ("GET", "/api/openapi.json", {}),
        ("GET", "/nowhere", {}),
    ]:
        r = await client.request(method, path, **kwargs)
        assert_security_headers(r)


async def test_request_id_is_kept_or_made(client):
    r = await client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = await client.get("/healthz", headers={"X-Request-Id": "<script>" + "x" * 100})
    assert r.headers["x-request-id"] != "<script>" + "x" * 100 and len(r.headers["x-request-id"]) == 16


async def test_cors_reads_from_anywhere_writes_only_from_configured_origins(client, settings):
    r = await client.get("/api/v1/resources", headers={"Origin": "https://partner.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "X-Change-Seq" in r.headers["access-control-expose-headers"]
    pre = await client.options(
        "/api/v1/resources", headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "POST"}
    )
    assert_problem(pre, 403)
    read_pre = await client.options(
        "/api/v1/search",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert read_pre.status_code == 204 and read_pre.headers["access-control-allow-origin"] == "*"

    async with started_app(settings.model_copy(update={"cors_write_origins": ["https://editors.example"]})) as other:
        trusted = await other.options(
            "/api/v1/resources", headers={"Origin": "https://editors.example", "Access-Control-Request-Method": "POST"}
        )
        assert trusted.status_code == 204
        assert trusted.headers["access-control-allow-origin"] == "https://editors.example"
        assert "PATCH" in trusted.headers["access-control-allow-methods"]
        write = await other.post(
            "/api/v1/resources", json=SAMPLES["resources"], headers={**ADMIN, "Origin": "https://editors.example"}
        )
        assert write.status_code == 201 and write.headers["access-control-allow-origin"] == "https://editors.example"


async def test_logs_carry_request_ids_and_no_secrets(client, capsys):
    r = await client.post(
        "/api/v1/submissions", json={"title": "x", "depositor_name": "A", "depositor_email": "a@b.org"}
    )
    token = r.json()["token"]
    await client.get(f"/api/v1/submissions/status/{token}")
    await client.get("/api/v1/me", headers=ADMIN)
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("event") == "request"]
    assert len(requests) >= 3
    assert all(line["request_id"] for line in requests)
    assert token not in out and ADMIN_KEY not in out and "a@b.org" not in out
    assert any(line["path"] == "/api/v1/me" and line["role"] == "admin" for line in requests)


async def test_a_slow_body_times_out(settings):
    import anyio

    async def trickle():
        yield b'{"title": '
        await anyio.sleep(1.0)
        yield b'"late"}'

    async with started_app(settings.model_copy(update={"body_timeout_seconds": 0.3})) as slow:
        r = await slow.post(
            "/api/v1/resources", content=trickle(), headers={**ADMIN, "Content-Type": "application/json"}
        )
        assert_problem(r, 408)
        assert (await slow.get("/api/v1/resources", headers=ADMIN)).json()["total"] == 0
