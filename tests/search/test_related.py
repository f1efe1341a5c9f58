"""Related entries through HTTP, on each database: relations first, then by meaning and shared
keywords; never the entry itself, never what is not published; 404 as the entry's read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ADMIN, wait_until_indexed
from tests.helpers import SAMPLES, assert_problem
from tests.search.test_meaning import vectors_ready

pytestmark = pytest.mark.anyio


async def related(client: Any, kind: str, ref: Any, **params: Any) -> list[dict[str, Any]]:
    r = await client.get(f"/api/v1/{kind}/{ref}/related", params=params)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


async def test_related_over_the_seed(seeded):
    app, client = seeded
    await vectors_ready(app)
    entry = (await client.get("/api/v1/search", params={"q": "Homeless filmmakers at St Mungos"})).json()["items"][0]
    items = await related(client, entry["kind"], entry["slug"])
    assert 0 < len(items) <= 5
    assert (entry["kind"], entry["id"]) not in {(i["kind"], i["id"]) for i in items}
    for item in items:
        assert set(item) == {"kind", "id", "slug", "title", "summary", "url", "reason"}
        assert item["reason"] in ("related", "meaning", "keywords")
    by_id = await related(client, entry["kind"], entry["id"], limit=20)
    assert by_id[:5] == items and len(by_id) <= 20


async def test_relations_come_first_and_nothing_unpublished_is_shown(client, app):
    made = {}
    for name, extra in [
        ("subject", {"title": "Tenants redesign repairs with the housing association", "keywords": ["housing"]}),
        ("linked", {"title": "Allotment gardening in Leeds", "keywords": ["gardens"]}),
        ("twin", {"title": "Tenants redesign repairs with their landlord", "keywords": ["housing"]}),
        ("draft", {"title": "Tenants redesign repairs with the housing association, a draft", "status": "draft"}),
    ]:
        body = {**SAMPLES["projects"], "summary": "Tenants and staff planned the repairs service together.", **extra}
        if name == "subject":
            body["related"] = [{"kind": "projects", "id": made["linked"]}] if "linked" in made else []
        r = await client.post("/api/v1/projects", json=body, headers=ADMIN)
        assert r.status_code == 201, r.text
        made[name] = r.json()["id"]
    r = await client.patch(
        f"/api/v1/projects/{made['subject']}",
        json={"related": [{"kind": "projects", "id": made["linked"]}]},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    await wait_until_indexed(app)
    await vectors_ready(app)

    items = await related(client, "projects", made["subject"], limit=20)
    ids = [i["id"] for i in items]
    assert ids[0] == made["linked"] and items[0]["reason"] == "related"
    assert made["twin"] in ids
    assert made["subject"] not in ids and made["draft"] not in ids
    # Editors see the draft's page, but not the draft among the related entries of others.
    assert made["draft"] not in [i["id"] for i in await related(client, "projects", made["subject"])]
    editor = await client.get(f"/api/v1/projects/{made['draft']}/related", headers=ADMIN)
    assert editor.status_code == 200 and made["draft"] not in [i["id"] for i in editor.json()["items"]]

    # A draft is not found by anyone else, as its own read is not.
    assert_problem(await client.get(f"/api/v1/projects/{made['draft']}/related"), 404)
    assert_problem(await client.get("/api/v1/projects/999999/related"), 404)
    assert_problem(await client.get("/api/v1/projects/no-such-slug/related"), 404)
    assert_problem(await client.get(f"/api/v1/projects/{made['subject']}/related", params={"limit": 21}), 422)
    assert_problem(await client.get(f"/api/v1/projects/{made['subject']}/related", params={"limit": 0}), 422)
    assert_problem(await client.get(f"/api/v1/projects/{made['subject']}/related", params={"lmit": 3}), 422)


async def test_related_is_documented(client):
    spec = (await client.get("/api/openapi.json")).json()
    for kind in ("resources", "projects", "networks", "toolkit-sections"):
        route = spec["paths"][f"/api/v1/{kind}/{{ref}}/related"]["get"]
        assert "application/problem+json" in route["responses"]["404"]["content"]
        assert {p["name"] for p in route["parameters"]} == {"ref", "limit"}
