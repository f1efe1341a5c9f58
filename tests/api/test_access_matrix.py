"""The access matrix: every write endpoint against every kind of caller. A refused attempt
gets the right status and leaves the database exactly as it was (a full dump compared)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import MetaData, select, text

from tests.conftest import ADMIN
from tests.helpers import SAMPLES, make_partner

pytestmark = pytest.mark.anyio


_reflected: dict[int, MetaData] = {}


def dump(app) -> dict[str, list[tuple]]:
    """Every row of every table, in a canonical order."""
    with app.state.db.engine.connect() as conn:
        metadata = _reflected.get(id(app))
        if metadata is None:
            metadata = _reflected[id(app)] = MetaData()
            metadata.reflect(conn)
        out = {}
        for name, table in sorted(metadata.tables.items()):
            rows = conn.execute(select(table)).all()
            out[name] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


@pytest.fixture
async def world(client, app):
    """Partner A owns one entry of each kind; B is another partner; E an editor; keys of
    every sort of wrongness."""
    a_id, a, _ = await make_partner(client, "Owner A")
    _, b, _ = await make_partner(client, "Other B")
    _, editor, _ = await make_partner(client, "Editors", role="editor")
    _, revoked, revoked_id = await make_partner(client, "Revoked Org")
    _, expired, expired_id = await make_partner(client, "Expired Org")
    await client.post(f"/api/v1/keys/{revoked_id}/revoke", headers=ADMIN)
    with app.state.db.writing() as session:
        session.execute(
            text("UPDATE api_key SET expires_at = :t WHERE id = :i"),
            {"t": (datetime.now(UTC) - timedelta(minutes=1)).replace(tzinfo=None), "i": expired_id},
        )
    entries = {}
    for kind, sample in SAMPLES.items():
        r = await client.post(f"/api/v1/{kind}", json={**sample, "external_id": f"{kind}-x"}, headers=a)
        assert r.status_code == 201, r.text
        entries[kind] = r.json()
    deposit = await client.post(
        "/api/v1/submissions", json={"title": "A deposit", "depositor_name": "D", "depositor_email": "d@example.org"}
    )
    # Use every valid key once, so that recording its last use does not show in the dumps.
    for headers in (a, b, editor):
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    callers = {
        "none": {},
        "malformed": {"Authorization": "Bearer not-a-key"},
        "wrong-scheme": {"Authorization": "Basic YTpi"},
        "unknown": {"Authorization": "Bearer ckb_" + "A" * 43},
        "revoked": revoked,
        "expired": expired,
        "other-partner": b,
        "owner": a,
        "editor": editor,
        "admin": ADMIN,
    }
    keys = (await client.get("/api/v1/keys", headers=ADMIN)).json()
    return {"a_id": a_id, "entries": entries, "deposit": deposit.json()["id"], "callers": callers, "keys": keys}


def entry_targets(world):
    """(kind, how, path) for each entry of partner A, by id, by slug and by external_id."""
    for kind, entry in world["entries"].items():
        yield kind, "id", f"/api/v1/{kind}/{entry['id']}"
        yield kind, "slug", f"/api/v1/{kind}/{entry['slug']}"
        yield kind, "external_id", f"/api/v1/{kind}/by-external-id/{kind}-x"


BAD_KEYS = ("none", "malformed", "wrong-scheme", "unknown", "revoked", "expired")


def expected_entry_write(caller, how, method, hard=False):
    if caller in BAD_KEYS:
        return 401
    if caller == "other-partner":
        return 404
    if how == "external_id" and caller in ("editor", "admin"):
        return 404  # external ids are looked up among the caller's own entries
    if hard and caller != "admin":
        return 403
    return 204 if method == "DELETE" else 200


async def attempt(client, app, method, path, expected, **kwargs):
    before = dump(app)
    r = await client.request(method, path, **kwargs)
    assert r.status_code == expected, f"{method} {path}: {r.status_code} {r.text}"
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert dump(app) == before, f"{method} {path} refused with {r.status_code} but changed the database"
    return r


async def test_entry_writes(client, app, world):
    callers = world["callers"]
    for caller, headers in callers.items():
        for _kind, how, path in entry_targets(world):
            if caller in ("owner", "editor", "admin"):
                continue  # the successful cases change the data; they are tried below
            await attempt(
                client,
                app,
                "PATCH",
                path,
                expected_entry_write(caller, how, "PATCH"),
                json={"summary": "changed"},
                headers=headers,
            )
            await attempt(client, app, "DELETE", path, expected_entry_write(caller, how, "DELETE"), headers=headers)
            await attempt(
                client,
                app,
                "DELETE",
                path + "?hard=true",
                expected_entry_write(caller, how, "DELETE", hard=True),
                headers=headers,
            )
    # Refused hard deletes by the owner and an editor; then the allowed writes.
    for caller in ("owner", "editor"):
        for _kind, how, path in entry_targets(world):
            if how == "external_id" and caller == "editor":
                await attempt(client, app, "PATCH", path, 404, json={"summary": "x"}, headers=callers[caller])
                continue
            await attempt(client, app, "DELETE", path + "?hard=true", 403, headers=callers[caller])
    for caller in ("owner", "editor", "admin"):
        for _kind, how, path in entry_targets(world):
            if how == "external_id" and caller != "owner":
                continue
            r = await attempt(
                client,
                app,
                "PATCH",
                path,
                200,
                json={"summary": f"changed by {caller} via {how}"},
                headers=callers[caller],
            )
            assert r.json()["summary"] == f"changed by {caller} via {how}"


async def test_creates_and_bulk(client, app, world):
    callers = world["callers"]
    for caller in BAD_KEYS:
        for kind, sample in SAMPLES.items():
            await attempt(client, app, "POST", f"/api/v1/{kind}", 401, json=sample, headers=callers[caller])
            if kind != "toolkit-sections":
                await attempt(
                    client,
                    app,
                    "POST",
                    f"/api/v1/{kind}/bulk",
                    401,
                    json=[{**sample, "external_id": "z"}],
                    headers=callers[caller],
                )
                await attempt(
                    client,
                    app,
                    "POST",
                    f"/api/v1/{kind}/bulk-delete",
                    401,
                    json={"external_ids": [f"{kind}-x"]},
                    headers=callers[caller],
                )
    # Another partner's bulk with A's external ids creates B's own entries, never touches A's.
    before = {
        k: (await client.get(f"/api/v1/{k}/{e['id']}", headers=ADMIN)).json() for k, e in world["entries"].items()
    }
    for kind in ("resources", "projects", "networks"):
        r = await client.post(
            f"/api/v1/{kind}/bulk",
            json=[{**SAMPLES[kind], "external_id": f"{kind}-x", "title": "B's"}],
            headers=callers["other-partner"],
        )
        assert r.json()["items"][0]["status"] == "created"
        r = await client.post(
            f"/api/v1/{kind}/bulk-delete", json={"external_ids": [f"{kind}-x"]}, headers=callers["other-partner"]
        )
        assert r.json()["items"][0]["status"] == "archived"  # B's own, just created
    after = {k: (await client.get(f"/api/v1/{k}/{e['id']}", headers=ADMIN)).json() for k, e in world["entries"].items()}
    assert after == before


FORBIDDEN_FIELDS = {
    "id": 99,
    "version": 42,
    "owner": {"id": 1, "name": "x"},
    "owner_id": 1,
    "slug": "chosen",
    "created_at": "2001-01-01T00:00:00Z",
    "updated_at": "2001-01-01T00:00:00Z",
    "body_html": "<b>x</b>",
    "kind": "networks",
}


async def test_fields_a_client_must_not_set_on_every_write_endpoint(client, app, world):
    callers = world["callers"]
    for caller in ("owner", "admin"):
        headers = callers[caller]
        fields = {**FORBIDDEN_FIELDS, **({"status": "published"} if caller == "owner" else {})}
        for field, value in fields.items():
            for kind, sample in SAMPLES.items():
                await attempt(
                    client, app, "POST", f"/api/v1/{kind}", 422, json={**sample, field: value}, headers=headers
                )
                if caller == "owner":
                    for _, _how, path in entry_targets(world):
                        if path.startswith(f"/api/v1/{kind}/"):
                            await attempt(client, app, "PATCH", path, 422, json={field: value}, headers=headers)
                if kind != "toolkit-sections":
                    before = dump(app)
                    r = await client.post(
                        f"/api/v1/{kind}/bulk", json=[{**sample, "external_id": "new-1", field: value}], headers=headers
                    )
                    assert r.status_code == 200 and r.json()["items"][0]["status"] == "error", r.text
                    assert field in {e["field"].split(".", 1)[1] for e in r.json()["items"][0]["errors"]}
                    assert dump(app) == before
        await attempt(
            client,
            app,
            "POST",
            "/api/v1/submissions",
            422,
            json={"title": "x", "depositor_name": "A", "depositor_email": "a@b.org", "owner_id": 1},
        )


async def test_moderation_and_administration(client, app, world):
    callers = world["callers"]
    deposit = world["deposit"]
    key_id = world["keys"][0]["id"]
    admin_only = [
        ("POST", "/api/v1/partners", {"json": {"name": "New Org"}}),
        ("PATCH", f"/api/v1/partners/{world['a_id']}", {"json": {"name": "Renamed"}}),
        ("POST", "/api/v1/keys", {"json": {"partner_id": world["a_id"], "role": "admin"}}),
        ("POST", f"/api/v1/keys/{key_id}/rotate", {"json": {"overlap_hours": 1}}),
        ("POST", f"/api/v1/keys/{key_id}/revoke", {}),
    ]
    editor_only = [
        ("POST", f"/api/v1/projects/{deposit}/publish", {}),
        ("POST", f"/api/v1/projects/{deposit}/reject", {"json": {"reason": "No."}}),
    ]
    for caller, headers in callers.items():
        if caller == "admin":
            continue
        for method, path, kwargs in admin_only:
            expected = 401 if caller in BAD_KEYS else 403
            await attempt(client, app, method, path, expected, headers=headers, **kwargs)
        for method, path, kwargs in editor_only:
            expected = 401 if caller in BAD_KEYS else (403 if caller in ("owner", "other-partner") else None)
            if expected is not None:
                await attempt(client, app, method, path, expected, headers=headers, **kwargs)
    await attempt(
        client,
        app,
        "POST",
        f"/api/v1/projects/{deposit}/reject",
        200,
        json={"reason": "No."},
        headers=callers["editor"],
    )
    for method, path, kwargs in admin_only:
        r = await client.request(method, path, headers=ADMIN, **kwargs)
        assert r.status_code in (200, 201), f"{method} {path}: {r.text}"


async def test_assessment_links(client, app):
    """No link of one self-evaluation reaches another's; a reviewer never reads the
    organisation's answers before submitting; team and peer links cannot manage the
    assessment. Every refused attempt leaves the database as it was."""
    from tests.api.selfeval import answer_all, make_framework, start

    await make_framework(client)
    links = {}
    for name in ("A", "B"):
        own = (await start(client, organisation=f"Org {name}"))["token"]
        await answer_all(client, own, {"context-history": 4, "value-lived": 5})
        team = (await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "team", "name": "T"})).json()
        peer = (await client.post(f"/api/v1/assessments/{own}/invitations", json={"role": "peer", "name": "P"})).json()
        await answer_all(client, peer["token"], {"context-history": 2})
        links[name] = {"owner": own, "team": team["token"], "peer": peer["token"], "team_id": team["id"]}
    a, b = links["A"], links["B"]

    # A's links with B's invitation: not found, and B's link still works.
    for role in ("owner", "team", "peer"):
        expected = 404 if role == "owner" else 403
        await attempt(client, app, "DELETE", f"/api/v1/assessments/{a[role]}/invitations/{b['team_id']}", expected)
    assert (await client.get(f"/api/v1/assessments/{b['team']}")).status_code == 200
    # What A's links read holds nothing of B's.
    for role in ("owner", "team", "peer"):
        for path in ("", "/results", "/rounds", "/export.json", "/export.csv", "/invitations"):
            r = await client.get(f"/api/v1/assessments/{a[role]}{path}")
            assert "Org B" not in r.text and b["owner"] not in r.text and b["team"] not in r.text
    # Tokens of the wrong role or shape reach nothing.
    forged = ["own_" + b["team"].removeprefix("team_"), "team_" + b["owner"].removeprefix("own_"), b["owner"] + "x"]
    for token in forged:
        await attempt(client, app, "GET", f"/api/v1/assessments/{token}", 404)
        await attempt(client, app, "DELETE", f"/api/v1/assessments/{token}", 404)

    # The reviewer reads its own answers only, until it submits.
    peer_view = (await client.get(f"/api/v1/assessments/{a['peer']}")).json()
    assert [(x["statement"], x["level"]) for x in peer_view["answers"]] == [("context-history", 2)]
    exported = (await client.get(f"/api/v1/assessments/{a['peer']}/export.json")).json()
    assert [x["role"] for x in exported["responses"]] == ["peer"]
    results = (await client.get(f"/api/v1/assessments/{a['peer']}/results")).json()
    assert all(s["self"] is None and s["mean"] is None for s in results["statements"])

    # Team and peer links cannot invite, revoke, replace the link, delete, set targets or start rounds.
    for role in ("team", "peer"):
        token = a[role]
        for method, path, kwargs in (
            ("POST", "/invitations", {"json": {"role": "team", "name": "X"}}),
            ("GET", "/invitations", {}),
            ("DELETE", f"/invitations/{a['team_id']}", {}),
            ("POST", "/token", {}),
            ("DELETE", "", {}),
            ("PATCH", "", {"json": {"benchmark": True}, "headers": {"If-Match": '"1"'}}),
            ("PUT", "/targets/context", {"json": {"level": 3, "date": "2027-01-01"}}),
            ("DELETE", "/targets/context", {}),
            ("POST", "/rounds", {}),
        ):
            await attempt(client, app, method, f"/api/v1/assessments/{token}{path}", 403, **kwargs)
