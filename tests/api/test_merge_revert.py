"""Editors keeping the knowledge base right, on each database: merging a duplicate into an
entry (fields chosen, relations, keywords and links gained, the duplicate archived with
`merged_into`, its addresses redirecting, both histories showing it, If-Match and the
duplicate's version guarding both, the sync feed's tombstone naming the survivor) and
reverting an entry to an earlier version."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem, make_partner

pytestmark = pytest.mark.anyio


async def post(client, kind, headers=ADMIN, **fields):
    r = await client.post(f"/api/v1/{kind}", json={**SAMPLES[kind], **fields}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def test_merging_a_duplicate(client):
    report = await post(client, "resources", title="A report on wales")
    other = await post(client, "resources", title="Another report")
    survivor = await post(
        client,
        "networks",
        title="Co-production Wales",
        keywords=["wales"],
        links=[{"url": "https://a.example.org", "label": "A"}],
        related=[{"kind": "resources", "id": report["id"]}],
    )
    duplicate = await post(
        client,
        "networks",
        title="Coproduction Wales",
        summary="The better summary of the network.",
        keywords=["Wales", "all in this together"],
        links=[{"url": "https://a.example.org", "label": "A"}, {"url": "https://b.example.org", "label": "B"}],
        related=[{"kind": "resources", "id": other["id"]}],
    )
    start = (await client.get("/api/v1/changes")).json()["next"]

    # Both are guarded: a stale version of either changes nothing.
    body = {"duplicate": {"id": duplicate["id"], "version": duplicate["version"]}, "take": ["summary"]}
    stale = await client.post(
        f"/api/v1/networks/{survivor['id']}/merge", json=body, headers={**ADMIN, "If-Match": '"99"'}
    )
    assert_problem(stale, 412)
    stale = await client.post(
        f"/api/v1/networks/{survivor['id']}/merge",
        json={**body, "duplicate": {"id": duplicate["id"], "version": 99}},
        headers=ADMIN,
    )
    assert_problem(stale, 412)
    assert (await client.get(f"/api/v1/networks/{duplicate['id']}")).json()["status"] == "published"

    current = (await client.get(f"/api/v1/networks/{survivor['id']}")).json()["version"]
    r = await client.post(
        f"/api/v1/networks/{survivor['id']}/merge", json=body, headers={**ADMIN, "If-Match": f'"{current}"'}
    )
    assert r.status_code == 200, r.text
    merged = r.json()
    assert merged["title"] == "Co-production Wales" and merged["summary"] == "The better summary of the network."
    assert merged["keywords"] == ["wales", "all in this together"]
    assert [link["url"] for link in merged["links"]] == ["https://a.example.org", "https://b.example.org"]
    assert {(x["kind"], x["id"]) for x in merged["related"]} == {
        ("resources", report["id"]),
        ("resources", other["id"]),
    }

    gone = (await client.get(f"/api/v1/networks/{duplicate['id']}", headers=ADMIN)).json()
    assert gone["status"] == "archived" and gone["merged_into"] == {"kind": "networks", "id": survivor["id"]}
    # Its addresses lead to the survivor, for readers (the API and the page).
    moved = await client.get(f"/api/v1/networks/{duplicate['slug']}", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == f"/api/v1/networks/{survivor['id']}"
    page = await client.get(f"/networks/{duplicate['slug']}", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"].endswith(f"/networks/{survivor['slug']}")
    # Both histories show the merge.
    ours = (await client.get(f"/api/v1/networks/{survivor['id']}/history", headers=ADMIN)).json()["items"][-1]
    theirs = (await client.get(f"/api/v1/networks/{duplicate['id']}/history", headers=ADMIN)).json()["items"][-1]
    assert ours["op"] == theirs["op"] == "merge"
    assert ours["diff"]["merged"]["id"] == duplicate["id"] and theirs["diff"]["merged_into"]["id"] == survivor["id"]
    # Mirrors get the change of the survivor, and a tombstone naming it.
    feed = (await client.get("/api/v1/changes", params={"since": start})).json()["items"]
    tombstone = next(i for i in feed if i["id"] == duplicate["id"] and i["kind"] == "networks")
    assert tombstone["op"] == "delete" and tombstone["merged_into"] == {"kind": "networks", "id": survivor["id"]}
    assert any(i["id"] == survivor["id"] and i["op"] == "upsert" for i in feed)
    # Search finds one entry now.
    found = (await client.get("/api/v1/search", params={"q": "coproduction wales", "kind": "networks"})).json()
    assert [h["id"] for h in found["items"]] == [survivor["id"]]

    # Twice is a conflict; into itself a 422.
    assert_problem(await client.post(f"/api/v1/networks/{survivor['id']}/merge", json=body, headers=ADMIN), 409)
    self_merge = {"duplicate": {"id": survivor["id"]}}
    assert_problem(await client.post(f"/api/v1/networks/{survivor['id']}/merge", json=self_merge, headers=ADMIN), 422)


async def test_merging_across_kinds_and_the_rules_of_every_write(client):
    _, a, _ = await make_partner(client, "Partner A")
    _, b, _ = await make_partner(client, "Partner B")
    project = await post(client, "projects", headers=a, title="Think Local Act Personal")
    network = await post(client, "networks", headers=a, title="Think Local Act Personal (TLAP)")
    theirs = await post(client, "networks", headers=b, title="Someone else's")
    # Another owner's entry is "not found", as for any other write.
    r = await client.post(
        f"/api/v1/networks/{network['id']}/merge", json={"duplicate": {"id": theirs["id"]}}, headers=a
    )
    assert_problem(r, 404)
    # Fields are taken only where both kinds have them.
    bad = {"duplicate": {"kind": "projects", "id": project["id"]}, "take": ["outcomes"]}
    assert_problem(await client.post(f"/api/v1/networks/{network['id']}/merge", json=bad, headers=a), 422)
    ok = {"duplicate": {"kind": "projects", "id": project["id"]}, "take": ["summary"]}
    r = await client.post(f"/api/v1/networks/{network['id']}/merge", json=ok, headers=a)
    assert r.status_code == 200, r.text
    moved = await client.get(f"/api/v1/projects/{project['id']}", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == f"/api/v1/networks/{network['id']}"


async def test_reverting_to_an_earlier_version(client):
    other = await post(client, "resources", title="A related report")
    entry = await post(client, "projects", title="First title", keywords=["one"])
    v1 = entry["version"]
    r = await client.patch(
        f"/api/v1/projects/{entry['id']}",
        json={"title": "Vandalised", "keywords": ["spam"], "related": [{"kind": "resources", "id": other["id"]}]},
        headers=ADMIN,
    )
    v2 = r.json()["version"]
    await client.patch(f"/api/v1/projects/{entry['id']}", json={"summary": "More vandalism."}, headers=ADMIN)

    assert_problem(
        await client.post(
            f"/api/v1/projects/{entry['id']}/revert", json={"version": v1}, headers={**ADMIN, "If-Match": '"1"'}
        ),
        412,
    )
    r = await client.post(f"/api/v1/projects/{entry['id']}/revert", json={"version": v1}, headers=ADMIN)
    assert r.status_code == 200, r.text
    back = r.json()
    assert (back["title"], back["keywords"], back["summary"], back["related"]) == (
        "First title",
        ["one"],
        SAMPLES["projects"]["summary"],
        [],
    )
    assert back["version"] == v2 + 2
    last = (await client.get(f"/api/v1/projects/{entry['id']}/history", headers=ADMIN)).json()["items"][-1]
    assert last["op"] == "revert" and last["diff"]["reverted_to"] == v1
    # The other side of the relation lost it too.
    assert (await client.get(f"/api/v1/resources/{other['id']}")).json()["related"] == []

    # Back to version 2 brings the relation back.
    r = await client.post(f"/api/v1/projects/{entry['id']}/revert", json={"version": v2}, headers=ADMIN)
    assert [x["id"] for x in r.json()["related"]] == [other["id"]] and r.json()["title"] == "Vandalised"
    # A version naming an entry that no longer exists is refused, and nothing changes.
    await client.delete(f"/api/v1/resources/{other['id']}?hard=true", headers=ADMIN)
    before = (await client.get(f"/api/v1/projects/{entry['id']}")).json()
    r = await client.post(f"/api/v1/projects/{entry['id']}/revert", json={"version": v2}, headers=ADMIN)
    body = assert_problem(r, 409)
    assert f"resources {other['id']}" in body["detail"]
    assert (await client.get(f"/api/v1/projects/{entry['id']}")).json() == before
    # Versions outside the history are a 422.
    for version in (0, before["version"], before["version"] + 5):
        assert_problem(
            await client.post(f"/api/v1/projects/{entry['id']}/revert", json={"version": version}, headers=ADMIN), 422
        )


async def test_a_partner_reverts_only_its_own_entries(client):
    _, a, _ = await make_partner(client, "Partner A")
    _, b, _ = await make_partner(client, "Partner B")
    entry = await post(client, "resources", headers=a, title="Mine")
    await client.patch(f"/api/v1/resources/{entry['id']}", json={"title": "Mine, edited"}, headers=a)
    assert_problem(await client.post(f"/api/v1/resources/{entry['id']}/revert", json={"version": 1}, headers=b), 404)
    r = await client.post(f"/api/v1/resources/{entry['id']}/revert", json={"version": 1}, headers=a)
    assert r.status_code == 200 and r.json()["title"] == "Mine"


async def test_problems_name_what_went_wrong_by_code(client):
    a = await post(client, "networks", title="Survivor network")
    b = await post(client, "networks", title="Duplicate network")
    body = {"duplicate": {"id": b["id"], "version": b["version"] + 1}}
    stale = assert_problem(await client.post(f"/api/v1/networks/{a['id']}/merge", json=body, headers=ADMIN), 412)
    assert [(e["field"], e["code"]) for e in stale["errors"]] == [("duplicate.version", "stale")]
    body = {"duplicate": {"id": b["id"]}}
    r = await client.post(f"/api/v1/networks/{a['id']}/merge", json=body, headers={**ADMIN, "If-Match": '"9"'})
    assert [(e["field"], e["code"]) for e in assert_problem(r, 412)["errors"]] == [("If-Match", "stale")]
    assert (await client.get(f"/api/v1/networks/{b['id']}")).json()["status"] == "published"
    assert (await client.post(f"/api/v1/networks/{a['id']}/merge", json=body, headers=ADMIN)).status_code == 200
    c = await post(client, "networks", title="A third network")
    again = assert_problem(await client.post(f"/api/v1/networks/{c['id']}/merge", json=body, headers=ADMIN), 409)
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("duplicate", "merged")]
    await client.patch(f"/api/v1/networks/{c['id']}", json={"title": "Third network"}, headers=ADMIN)
    r = await client.post(
        f"/api/v1/networks/{c['id']}/revert", json={"version": 1}, headers={**ADMIN, "If-Match": '"1"'}
    )
    assert [e["code"] for e in assert_problem(r, 412)["errors"]] == ["stale"]


async def test_the_queue_of_held_changes(client):
    _, moderated, _ = await make_partner(client, "Moderated partner", new_entry_status="pending")
    entry = await post(client, "resources", headers=moderated, title="A report waiting")
    assert entry["status"] == "pending"
    assert (await client.post(f"/api/v1/resources/{entry['id']}/publish", headers=ADMIN)).status_code == 200
    assert_problem(await client.get("/api/v1/held-changes"), 401)
    assert_problem(await client.get("/api/v1/held-changes", headers=moderated), 403)
    assert (await client.get("/api/v1/held-changes", headers=ADMIN)).json()["total"] == 0

    r = await client.patch(f"/api/v1/resources/{entry['id']}", json={"title": "A report, retitled"}, headers=moderated)
    assert r.status_code == 202, r.text
    page = (await client.get("/api/v1/held-changes", headers=ADMIN)).json()
    assert page["total"] == 1
    (item,) = page["items"]
    assert (item["kind"], item["entry_id"], item["title"], item["asked_by"]) == (
        "resources",
        entry["id"],
        "A report waiting",
        "Moderated partner",
    )
    assert item["fields"] == {"title": "A report, retitled"} and item["current"] == {"title": "A report waiting"}
    assert item["version"] == item["base_version"]

    assert (await client.post(f"/api/v1/resources/{entry['id']}/publish", headers=ADMIN)).status_code == 200
    assert (await client.get("/api/v1/held-changes", headers=ADMIN)).json()["total"] == 0
    assert (await client.get(f"/api/v1/resources/{entry['id']}")).json()["title"] == "A report, retitled"
