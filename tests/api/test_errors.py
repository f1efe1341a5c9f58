"""Bad input gets a clear 4xx in the one problem shape, never a 500, never a partial write."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN
from tests.helpers import KIND_NAMES, SAMPLES, assert_problem, error_fields

pytestmark = pytest.mark.anyio

BAD_BODIES = [
    ("title too long", {"title": "x" * 301}, "title"),
    ("blank title", {"title": "   "}, "title"),
    ("title missing", {"summary": "no title"}, "title"),
    ("wrong type", {"title": 12}, "title"),
    ("unknown field", {"title": "Fine", "colour": "red"}, "colour"),
    ("read-only id", {"title": "Fine", "id": 5}, "id"),
    ("read-only version", {"title": "Fine", "version": 9}, "version"),
    ("read-only owner", {"title": "Fine", "owner": {"id": 1, "name": "x"}}, "owner"),
    ("read-only created_at", {"title": "Fine", "created_at": "2020-01-01T00:00:00Z"}, "created_at"),
    ("NUL byte", {"title": "Fine\u0000"}, "title"),
    ("NUL in summary", {"title": "Fine", "summary": "a\u0000b"}, "summary"),
    ("invalid link", {"title": "Fine", "links": [{"url": "javascript:alert(1)", "label": "x"}]}, "links.0.url"),
    ("relative link", {"title": "Fine", "links": [{"url": "/local"}]}, "links.0.url"),
    ("bad status", {"title": "Fine", "status": "live"}, "status"),
    ("related id too large", {"title": "Fine", "related": [{"kind": "projects", "id": 2**63}]}, "related.0.id"),
    ("related bad kind", {"title": "Fine", "related": [{"kind": "people", "id": 1}]}, "related.0.kind"),
    ("keywords not a list", {"title": "Fine", "keywords": "a,b"}, "keywords"),
    ("too many keywords", {"title": "Fine", "keywords": [f"k{i}" for i in range(51)]}, "keywords"),
]

KIND_BAD = [
    ("resources", {"year": 10**20}, "year"),
    ("resources", {"year": "soon"}, "year"),
    ("resources", {"url": "not a url"}, "url"),
    ("resources", {"authors": [None]}, "authors.0"),
    ("projects", {"start_year": 2020, "end_year": 2010}, "end_year"),
    ("projects", {"project_type": "pilot"}, "project_type"),
    ("projects", {"contributors": [{"organisation": "nef"}]}, "contributors.0.name"),
    ("projects", {"publications": [{"title": "x", "url": "ftp://x"}]}, "publications.0.url"),
    ("networks", {"url": "http://"}, "url"),
    ("toolkit-sections", {"parent_id": 2**40}, "parent_id"),
    ("toolkit-sections", {"position": -1}, "position"),
]


async def _state(client):
    """Everything an admin can see, to prove that a refused write changed nothing."""
    out = {}
    for kind in KIND_NAMES:
        out[kind] = (await client.get(f"/api/v1/{kind}?per_page=100", headers=ADMIN)).json()
    return out


@pytest.mark.parametrize(("case", "body", "field"), BAD_BODIES, ids=[c[0] for c in BAD_BODIES])
async def test_bad_create_bodies(client, case, body, field):
    before = await _state(client)
    r = await client.post("/api/v1/resources", json=body, headers=ADMIN)
    assert field in error_fields(assert_problem(r, 422))
    assert await _state(client) == before


@pytest.mark.parametrize(("kind", "extra", "field"), KIND_BAD, ids=[f"{k}-{f}" for k, _, f in KIND_BAD])
async def test_bad_kind_fields(client, kind, extra, field):
    before = await _state(client)
    r = await client.post(f"/api/v1/{kind}", json={**SAMPLES[kind], **extra}, headers=ADMIN)
    assert field in error_fields(assert_problem(r, 422))
    assert await _state(client) == before


async def test_bad_updates_change_nothing(client):
    entry = (await client.post("/api/v1/projects", json=SAMPLES["projects"], headers=ADMIN)).json()
    url = f"/api/v1/projects/{entry['id']}"
    before = await _state(client)
    for body, field in [
        ({"title": None}, "title"),
        ({"end_year": 2000}, "end_year"),  # before the stored start_year
        ({"keywords": None}, "keywords"),
        ({"slug": "mine"}, "slug"),
        ({"summary": "ok", "related": [{"kind": "resources", "id": 404}]}, "related.0"),
    ]:
        r = await client.patch(url, json=body, headers=ADMIN)
        assert field in error_fields(assert_problem(r, 422)), body
    assert await _state(client) == before


async def test_malformed_and_mistyped_requests(client):
    r = await client.post(
        "/api/v1/resources", content=b'{"title": "x",', headers={**ADMIN, "Content-Type": "application/json"}
    )
    assert_problem(r, 422)
    r = await client.post("/api/v1/resources", content=b"[1, 2]", headers={**ADMIN, "Content-Type": "application/json"})
    assert_problem(r, 422)
    r = await client.post(
        "/api/v1/resources", content=b"\xff\xfe", headers={**ADMIN, "Content-Type": "application/json"}
    )
    assert_problem(r, 422)
    r = await client.post(
        "/api/v1/resources", content=b"title=x", headers={**ADMIN, "Content-Type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code in (415, 422)
    assert_problem(r, r.status_code)
    assert_problem(await client.get("/api/v1/nothing-here"), 404)
    assert_problem(await client.put("/api/v1/resources/1", json={}, headers=ADMIN), 405)
    assert_problem(await client.get(f"/api/v1/resources/{2**70}"), 404)
    assert_problem(await client.get("/api/v1/resources/0"), 404)


async def test_body_over_the_limit_is_413(client, app):
    limit = app.state.settings.max_body_bytes
    body = b'{"title": "' + b"x" * limit + b'"}'
    r = await client.post("/api/v1/resources", content=body, headers={**ADMIN, "Content-Type": "application/json"})
    assert_problem(r, 413)

    async def chunks():
        yield b'{"title": "'
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    r = await client.post("/api/v1/resources", content=chunks(), headers={**ADMIN, "Content-Type": "application/json"})
    assert_problem(r, 413)


async def test_writes_need_a_valid_key(client):
    body = SAMPLES["networks"]
    assert_problem(await client.post("/api/v1/networks", json=body), 401)
    for header in ("Bearer ckb_not-a-real-key-000000000000000", "Bearer", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000):
        r = await client.post("/api/v1/networks", json=body, headers={"Authorization": header})
        problem = assert_problem(r, 401)
        assert "revoked" not in problem["detail"] and "expired" not in problem["detail"]
    assert (await client.get("/api/v1/networks", headers=ADMIN)).json()["total"] == 0


async def test_partial_batch_of_changes_is_all_or_nothing(client):
    """A create whose relations fail validation leaves neither the entry nor a log row."""
    r = await client.post(
        "/api/v1/projects", json={**SAMPLES["projects"], "related": [{"kind": "networks", "id": 77}]}, headers=ADMIN
    )
    assert_problem(r, 422)
    ok = await client.post("/api/v1/projects", json=SAMPLES["projects"], headers=ADMIN)
    assert ok.json()["id"] == 1 or ok.json()["slug"] == "co-production-for-sustainability"
    assert ok.json()["slug"] == "co-production-for-sustainability"


async def test_nul_characters_in_addresses_are_refused(client):
    for url in (
        "/api/v1/resources/a%00b",
        "/api/v1/resources?keyword=a%00b",
        "/api/v1/search?q=%00",
        "/api/v1/projects/by-external-id/%00",
    ):
        assert_problem(await client.get(url, headers=ADMIN), 422)
