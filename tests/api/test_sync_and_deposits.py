"""The partners' sync feed, and public deposits with moderation, on each database."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem, error_fields, make_partner

pytestmark = pytest.mark.anyio


async def sync(client, mirror, cursor):
    """Apply the changes feed to a dict mirror, as a partner's site would."""
    while True:
        r = await client.get("/api/v1/changes", params={"since": cursor, "limit": 3})
        assert r.status_code == 200, r.text
        page = r.json()
        for item in page["items"]:
            key = (item["kind"], item["id"])
            if item["op"] == "upsert":
                mirror[key] = item["entry"]
            else:
                mirror.pop(key, None)
        cursor = page["next"]
        if not page["has_more"]:
            return cursor


async def public_state(client):
    out = {}
    for kind in ("resources", "projects", "networks", "toolkit-sections"):
        for item in (await client.get(f"/api/v1/{kind}?per_page=100")).json()["items"]:
            out[(kind, item["id"])] = item
    return out


async def test_a_mirror_kept_by_the_changes_feed_equals_the_public_entries(client):
    mirror: dict = {}
    cursor = await sync(client, mirror, "0")
    assert mirror == {} and cursor == "0"
    ids = []
    for i in range(4):
        r = await client.post("/api/v1/resources", json={**SAMPLES["resources"], "title": f"Report {i}"}, headers=ADMIN)
        ids.append(r.json()["id"])
    draft = (
        await client.post("/api/v1/networks", json={**SAMPLES["networks"], "status": "draft"}, headers=ADMIN)
    ).json()
    cursor = await sync(client, mirror, cursor)
    assert mirror == await public_state(client)
    assert len(mirror) == 4

    await client.patch(f"/api/v1/resources/{ids[0]}", json={"title": "Report zero"}, headers=ADMIN)
    await client.delete(f"/api/v1/resources/{ids[1]}", headers=ADMIN)  # archived: unpublished
    await client.delete(f"/api/v1/resources/{ids[2]}?hard=true", headers=ADMIN)  # gone
    await client.patch(f"/api/v1/networks/{draft['id']}", json={"status": "published"}, headers=ADMIN)
    await client.post(
        "/api/v1/projects",
        json={**SAMPLES["projects"], "related": [{"kind": "resources", "id": ids[3]}]},
        headers=ADMIN,
    )
    cursor = await sync(client, mirror, cursor)
    assert mirror == await public_state(client)
    assert mirror[("resources", ids[0])]["title"] == "Report zero"
    assert ("resources", ids[1]) not in mirror and ("resources", ids[2]) not in mirror
    assert mirror[("resources", ids[3])]["related"]  # the other side of the new relation changed too

    same = await client.get("/api/v1/changes", params={"since": cursor})
    assert same.json()["items"] == [] and same.json()["next"] == cursor
    assert (
        await client.get("/api/v1/changes", params={"since": cursor}, headers={"If-None-Match": same.headers["etag"]})
    ).status_code == 304
    assert_problem(await client.get("/api/v1/changes", params={"since": "abc"}), 422)
    assert_problem(await client.get("/api/v1/changes", params={"since": "9" * 30}), 422)
    assert_problem(await client.get("/api/v1/changes", params={"limit": 5000}), 422)


async def test_deposit_moderation_and_private_status_link(client):
    deposit = {
        "title": "Tenants redesign the repairs service",
        "summary": "Tenants and the housing team rewrote how repairs are reported.",
        "place": "Swansea",
        "region": "Wales",
        "start_year": 2019,
        "contributors": [{"name": "Ann Jones", "organisation": "Tenants Forum"}],
        "depositor_name": "Ann Jones",
        "depositor_email": "Ann@Example.org",
    }
    r = await client.post("/api/v1/submissions", json=deposit)
    assert r.status_code == 201, r.text
    receipt = r.json()
    assert receipt["status"] == "pending" and len(receipt["token"]) >= 20
    status_url = receipt["status_url"]
    assert (await client.get(status_url)).json()["status"] == "pending"

    # Never visible publicly while pending; the depositor's details never public.
    assert_problem(await client.get(f"/api/v1/projects/{receipt['id']}"), 404)
    assert (await client.get("/api/v1/search", params={"q": "repairs tenants"})).json()["total"] == 0
    as_admin = (await client.get(f"/api/v1/projects/{receipt['id']}", headers=ADMIN)).json()
    assert "depositor_email" not in as_admin and "Example.org" not in str(as_admin)

    _, partner, _ = await make_partner(client, "Not an editor")
    assert_problem(await client.get("/api/v1/submissions", headers=partner), 403)
    assert_problem(await client.get("/api/v1/submissions"), 401)
    queue = (await client.get("/api/v1/submissions", headers=ADMIN)).json()
    assert [i["id"] for i in queue["items"]] == [receipt["id"]]
    assert queue["items"][0]["depositor_email"] == "ann@example.org"
    assert_problem(await client.post(f"/api/v1/projects/{receipt['id']}/publish", headers=partner), 403)

    published = await client.post(f"/api/v1/projects/{receipt['id']}/publish", headers=ADMIN)
    assert published.status_code == 200 and published.json()["status"] == "published"
    status = (await client.get(status_url)).json()
    assert status["status"] == "published" and status["entry_url"] == f"/api/v1/projects/{receipt['id']}"
    found = (await client.get("/api/v1/search", params={"q": "repairs tenants"})).json()
    assert [h["id"] for h in found["items"]] == [receipt["id"]]
    assert_problem(await client.post(f"/api/v1/projects/{receipt['id']}/publish", headers=ADMIN), 409)

    second = (await client.post("/api/v1/submissions", json={**deposit, "title": "Another one"})).json()
    assert_problem(await client.post(f"/api/v1/projects/{second['id']}/reject", json={}, headers=ADMIN), 422)
    rejected = await client.post(
        f"/api/v1/projects/{second['id']}/reject", json={"reason": "Not a co-production case."}, headers=ADMIN
    )
    assert rejected.json()["status"] == "rejected"
    status = (await client.get(second["status_url"])).json()
    assert status == {**status, "status": "rejected", "reason": "Not a co-production case.", "entry_url": None}
    assert_problem(await client.get("/api/v1/submissions/status/not-a-real-token-123"), 404)


async def test_deposit_validation_honeypot_and_rate_limit(client, app):
    bad = await client.post("/api/v1/submissions", json={"title": "", "depositor_email": "not-an-email"})
    fields = error_fields(assert_problem(bad, 422))
    assert {"title", "depositor_email", "depositor_name"} <= fields
    bot = await client.post(
        "/api/v1/submissions",
        json={
            "title": "Buy now",
            "depositor_name": "Bot",
            "depositor_email": "bot@spam.example",
            "website": "http://spam.example",
        },
    )
    assert "website" in error_fields(assert_problem(bot, 422))
    assert_problem(
        await client.post(
            "/api/v1/submissions",
            json={"title": "x", "depositor_name": "A", "depositor_email": "a@b.org", "status": "published"},
        ),
        422,
    )
    from limits import parse_many

    app.state.rate_limits.deposit = parse_many("2/minute")
    ok = {"title": "Fine", "depositor_name": "A", "depositor_email": "a@b.org"}
    assert (await client.post("/api/v1/submissions", json=ok)).status_code == 201
    assert (await client.post("/api/v1/submissions", json=ok)).status_code == 201
    limited = await client.post("/api/v1/submissions", json=ok)
    assert_problem(limited, 429)
    assert int(limited.headers["retry-after"]) >= 1
    assert (await client.get("/api/v1/submissions", headers=ADMIN)).json()["total"] == 2
