"""Partners, keys and ownership through HTTP, on each database."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem, error_fields, make_partner

pytestmark = pytest.mark.anyio


async def test_keys_are_shown_once_and_stored_as_hashes(client, app):
    partner_id, headers, key_id = await make_partner(client, "Spice")
    token = headers["Authorization"].split()[1]
    assert token.startswith("ckb_")
    listed = (await client.get("/api/v1/keys", headers=ADMIN)).json()
    assert token not in str(listed)
    mine = next(k for k in listed if k["id"] == key_id)
    assert token.startswith(mine["prefix"]) and len(mine["prefix"]) < 20
    from sqlalchemy import text

    with app.state.db.reading() as session:
        stored = session.execute(text("SELECT key_hash FROM api_key WHERE id = :i"), {"i": key_id}).scalar_one()
    assert stored != token and len(stored) == 64
    me = (await client.get("/api/v1/me", headers=headers)).json()
    assert me["role"] == "partner" and me["partner"]["id"] == partner_id and token.startswith(me["key_prefix"])
    assert mine["last_used_at"] is None
    assert (await client.get("/api/v1/keys", headers=ADMIN)).json()[-1]["last_used_at"] is not None


async def test_wrong_revoked_and_expired_keys_look_alike(client, app):
    _, headers, key_id = await make_partner(client, "Nesta")
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    revoked = await client.post(f"/api/v1/keys/{key_id}/revoke", headers=ADMIN)
    assert revoked.json()["revoked_at"] is not None
    _, expired, expired_id = await make_partner(client, "Expired Org")
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import text

    with app.state.db.writing() as session:
        session.execute(
            text("UPDATE api_key SET expires_at = :t WHERE id = :i"),
            {"t": (datetime.now(UTC) - timedelta(seconds=1)).replace(tzinfo=None), "i": expired_id},
        )
    details = set()
    for h in (headers, expired, {"Authorization": "Bearer ckb_" + "x" * 43}, {"Authorization": "Bearer nonsense"}):
        problem = assert_problem(await client.post("/api/v1/projects", json=SAMPLES["projects"], headers=h), 401)
        details.add((problem["title"], problem["detail"]))
    assert len(details) == 1


async def test_rotation_overlaps(client):
    _, headers, key_id = await make_partner(client, "Rotating Org")
    r = await client.post(f"/api/v1/keys/{key_id}/rotate", json={"overlap_hours": 2}, headers=ADMIN)
    assert r.status_code == 201
    new = {"Authorization": f"Bearer {r.json()['key']}"}
    assert (await client.get("/api/v1/me", headers=new)).status_code == 200
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200  # still, during the overlap
    old = next(k for k in (await client.get("/api/v1/keys", headers=ADMIN)).json() if k["id"] == key_id)
    assert old["expires_at"] is not None
    await client.post(f"/api/v1/keys/{key_id}/revoke", headers=ADMIN)
    assert_problem(await client.get("/api/v1/me", headers=headers), 401)
    assert (await client.get("/api/v1/me", headers=new)).status_code == 200


async def test_only_admins_manage_partners_and_keys(client):
    _, partner, _ = await make_partner(client, "Plain Partner")
    _, editor, _ = await make_partner(client, "Editors Org", role="editor")
    for headers, status in ((partner, 403), (editor, 403), ({}, 401)):
        assert_problem(await client.get("/api/v1/partners", headers=headers), status)
        assert_problem(await client.post("/api/v1/partners", json={"name": "X"}, headers=headers), status)
        assert_problem(await client.post("/api/v1/keys", json={"partner_id": 1}, headers=headers), status)
    assert_problem(await client.post("/api/v1/partners", json={"name": "Plain Partner"}, headers=ADMIN), 409)
    bad = await client.post("/api/v1/keys", json={"partner_id": 999, "role": "partner"}, headers=ADMIN)
    assert "partner_id" in error_fields(assert_problem(bad, 422))
    assert_problem(await client.post("/api/v1/keys", json={"partner_id": 1, "role": "god"}, headers=ADMIN), 422)


async def test_partners_change_only_their_own_entries(client):
    a_id, a, _ = await make_partner(client, "Partner A")
    _, b, _ = await make_partner(client, "Partner B")
    _, editor, _ = await make_partner(client, "The Editors", role="editor")
    created = await client.post("/api/v1/projects", json={**SAMPLES["projects"], "external_id": "a-1"}, headers=a)
    assert created.status_code == 201
    entry = created.json()
    assert entry["owner"] == {"id": a_id, "name": "Partner A"}
    before = (await client.get(f"/api/v1/projects/{entry['id']}", headers=ADMIN)).json()

    # Partner B cannot change it: by id, by slug, by external_id (which resolves to B's own).
    for url in (
        f"/api/v1/projects/{entry['id']}",
        f"/api/v1/projects/{entry['slug']}",
        "/api/v1/projects/by-external-id/a-1",
    ):
        assert_problem(await client.patch(url, json={"title": "Hijacked"}, headers=b), 404)
        assert_problem(await client.delete(url, headers=b), 404)
    assert_problem(await client.get(f"/api/v1/projects/{entry['id']}/history", headers=b), 404)
    assert (await client.get(f"/api/v1/projects/{entry['id']}", headers=ADMIN)).json() == before

    # The owner can; an editor can; a partner cannot set status or hard-delete.
    own = await client.patch("/api/v1/projects/by-external-id/a-1", json={"place": "Bangor"}, headers=a)
    assert own.status_code == 200
    assert "status" in error_fields(
        assert_problem(await client.patch(f"/api/v1/projects/{entry['id']}", json={"status": "draft"}, headers=a), 422)
    )
    assert_problem(await client.delete(f"/api/v1/projects/{entry['id']}?hard=true", headers=a), 403)
    by_editor = await client.patch(f"/api/v1/projects/{entry['id']}", json={"status": "draft"}, headers=editor)
    assert by_editor.status_code == 200 and by_editor.json()["status"] == "draft"


async def test_fields_a_client_must_not_set(client):
    _, a, _ = await make_partner(client, "Careful Org")
    for field, value in (
        ("owner", {"id": 1, "name": "x"}),
        ("version", 7),
        ("id", 3),
        ("created_at", "2020-01-01T00:00:00Z"),
        ("updated_at", "2020-01-01T00:00:00Z"),
        ("slug", "mine"),
        ("owner_id", 1),
        ("status", "published"),
    ):
        r = await client.post("/api/v1/resources", json={"title": "Forbidden fields", field: value}, headers=a)
        assert field in error_fields(assert_problem(r, 422)), field
    assert (await client.get("/api/v1/resources?owner=me", headers=a)).json()["total"] == 0


async def test_new_entry_status_follows_the_partner_setting_and_owner_me(client):
    _, pending_partner, _ = await make_partner(client, "Cautious Org", new_entry_status="pending")
    entry = (await client.post("/api/v1/networks", json=SAMPLES["networks"], headers=pending_partner)).json()
    assert entry["status"] == "pending"
    assert (await client.get("/api/v1/networks")).json()["total"] == 0
    mine = (await client.get("/api/v1/networks?owner=me", headers=pending_partner)).json()
    assert [i["id"] for i in mine["items"]] == [entry["id"]]
    assert (await client.get(f"/api/v1/networks/{entry['id']}", headers=pending_partner)).status_code == 200
    assert_problem(await client.get("/api/v1/networks?owner=me"), 403)


async def test_history_records_who_changed_what(client):
    _, a, key_id = await make_partner(client, "Historians")
    entry = (await client.post("/api/v1/resources", json={"title": "First title", "year": 2001}, headers=a)).json()
    await client.patch(f"/api/v1/resources/{entry['id']}", json={"title": "Second title", "year": 2002}, headers=a)
    await client.delete(f"/api/v1/resources/{entry['id']}", headers=a)
    history = (await client.get(f"/api/v1/resources/{entry['id']}/history", headers=a)).json()["items"]
    assert [h["op"] for h in history] == ["create", "update", "status"]
    assert [h["version"] for h in history] == [1, 2, 3]
    assert history[1]["diff"] == {
        "title": {"from": "First title", "to": "Second title"},
        "year": {"from": 2001, "to": 2002},
    }
    assert history[2]["diff"] == {"status": {"from": "published", "to": "archived"}}
    assert history[1]["by"]["partner"]["name"] == "Historians"
    keys = (await client.get("/api/v1/keys", headers=ADMIN)).json()
    assert history[1]["by"]["key_prefix"] == next(k["prefix"] for k in keys if k["id"] == key_id)
    assert (await client.get(f"/api/v1/resources/{entry['id']}/history", headers=ADMIN)).status_code == 200
    assert_problem(await client.get(f"/api/v1/resources/{entry['id']}/history"), 401)
