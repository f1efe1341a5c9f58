"""CRUD over the four kinds, through HTTP, on each database."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN
from tests.helpers import KIND_NAMES, SAMPLES, assert_problem, error_fields

pytestmark = pytest.mark.anyio


async def create(client, kind, **overrides):
    body = {**SAMPLES[kind], **overrides}
    r = await client.post(f"/api/v1/{kind}", json=body, headers=ADMIN)
    assert r.status_code == 201, r.text
    return r


@pytest.mark.parametrize("kind", KIND_NAMES)
async def test_create_read_update_delete(client, kind):
    r = await create(client, kind)
    entry = r.json()
    assert r.headers["location"] == f"/api/v1/{kind}/{entry['id']}"
    assert r.headers["etag"] == '"1"'
    assert int(r.headers["x-change-seq"]) >= 1
    for field, value in SAMPLES[kind].items():
        assert entry[field] == value, field
    assert entry["kind"] == kind
    assert entry["version"] == 1
    assert entry["status"] == "published"
    assert entry["slug"] and not entry["slug"].isdigit()
    assert entry["created_at"] == entry["updated_at"]

    by_id = await client.get(f"/api/v1/{kind}/{entry['id']}")
    by_slug = await client.get(f"/api/v1/{kind}/{entry['slug']}")
    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json() == by_slug.json() == entry

    patched = await client.patch(f"/api/v1/{kind}/{entry['id']}", json={"summary": "New summary."}, headers=ADMIN)
    assert patched.status_code == 200, patched.text
    after = patched.json()
    assert after["summary"] == "New summary."
    assert after["title"] == entry["title"]  # untouched fields stay
    assert after["version"] == 2
    assert patched.headers["etag"] == '"2"'
    assert int(patched.headers["x-change-seq"]) > int(r.headers["x-change-seq"])

    deleted = await client.delete(f"/api/v1/{kind}/{entry['id']}", headers=ADMIN)
    assert deleted.status_code == 204
    # Deleting archives: gone for the public, still there for an admin.
    assert_problem(await client.get(f"/api/v1/{kind}/{entry['id']}"), 404)
    archived = await client.get(f"/api/v1/{kind}/{entry['id']}", headers=ADMIN)
    assert archived.json()["status"] == "archived"
    assert archived.json()["version"] == 3

    hard = await client.delete(f"/api/v1/{kind}/{entry['id']}?hard=true", headers=ADMIN)
    assert hard.status_code == 204
    assert_problem(await client.get(f"/api/v1/{kind}/{entry['id']}", headers=ADMIN), 404)


async def test_list_shape_pagination_and_link_header(client):
    for i in range(5):
        await create(client, "resources", title=f"Report number {i}", year=2010 + i)
    r = await client.get("/api/v1/resources?per_page=2&page=2")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert body["total"] == 5 and body["page"] == 2 and body["per_page"] == 2
    assert [i["title"] for i in body["items"]] == ["Report number 2", "Report number 3"]
    link = r.headers["link"]
    for rel in ("first", "prev", "next", "last"):
        assert f'rel="{rel}"' in link
    assert "page=3" in link and "per_page=2" in link

    assert_problem(await client.get("/api/v1/resources?per_page=101"), 422)
    assert_problem(await client.get("/api/v1/resources?page=0"), 422)
    assert_problem(await client.get("/api/v1/resources?page=100000&per_page=100"), 422)


async def test_list_filters(client):
    await create(client, "resources", title="A report", type="report", year=2012, keywords=["Housing"])
    await create(client, "resources", title="A video", type="video", year=2014, keywords=["health"])
    await create(client, "resources", title="Draft thing", status="draft", keywords=["housing"])
    await create(client, "projects", title="Long project", start_year=2010, end_year=None)
    await create(client, "projects", title="Short project", start_year=2001, end_year=2003)

    async def titles(url, headers=None):
        r = await client.get(url, headers=headers or {})
        assert r.status_code == 200, r.text
        return sorted(i["title"] for i in r.json()["items"])

    assert await titles("/api/v1/resources?type=video") == ["A video"]
    assert await titles("/api/v1/resources?keyword=housing") == ["A report"]  # case-insensitive, published only
    assert await titles("/api/v1/resources?keyword=housing", ADMIN) == ["A report", "Draft thing"]
    assert await titles("/api/v1/resources?year=2012") == ["A report"]
    assert await titles("/api/v1/resources?status=draft", ADMIN) == ["Draft thing"]
    assert await titles("/api/v1/projects?year=2020") == ["Long project"]
    assert await titles("/api/v1/projects?year=2002") == ["Short project"]
    assert await titles("/api/v1/projects?type=research") == ["Long project", "Short project"]
    assert await titles("/api/v1/projects?region=Wales") == ["Long project", "Short project"]
    assert await titles("/api/v1/resources?category=Co-production%20in%20practice") == ["A report", "A video"]
    assert await titles("/api/v1/resources?updated_since=2000-01-01T00:00:00Z") == ["A report", "A video"]
    assert await titles("/api/v1/resources?updated_since=2999-01-01T00:00:00Z") == []
    assert_problem(await client.get("/api/v1/resources?status=draft"), 403)
    assert_problem(await client.get("/api/v1/networks?year=2012"), 422)
    assert_problem(await client.get("/api/v1/resources?region=Wales"), 422)
    assert_problem(await client.get("/api/v1/resources?status=bogus"), 422)
    assert_problem(await client.get("/api/v1/resources?sort=nonsense"), 422)


async def test_conditional_get(client):
    r = await create(client, "networks")
    url = r.headers["location"]
    first = await client.get(url)
    etag = first.headers["etag"]
    again = await client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    listing = await client.get("/api/v1/networks")
    assert (await client.get("/api/v1/networks", headers={"If-None-Match": listing.headers["etag"]})).status_code == 304
    await client.patch(url, json={"region": "Wales"}, headers=ADMIN)
    assert (await client.get(url, headers={"If-None-Match": etag})).status_code == 200
    assert (await client.get("/api/v1/networks", headers={"If-None-Match": listing.headers["etag"]})).status_code == 200


async def test_anonymous_sees_only_published(client):
    draft = (await create(client, "projects", status="draft")).json()
    assert_problem(await client.get(f"/api/v1/projects/{draft['id']}"), 404)
    assert_problem(await client.get(f"/api/v1/projects/{draft['slug']}"), 404)
    assert (await client.get("/api/v1/projects")).json()["total"] == 0
    assert (await client.get(f"/api/v1/projects/{draft['id']}", headers=ADMIN)).status_code == 200
    published = await client.patch(f"/api/v1/projects/{draft['id']}", json={"status": "published"}, headers=ADMIN)
    assert published.json()["status"] == "published"
    assert (await client.get(f"/api/v1/projects/{draft['id']}")).status_code == 200


async def test_slugs_are_unique_stable_and_never_digits(client):
    a = (await create(client, "resources", title="Open data")).json()
    b = (await create(client, "resources", title="Open  data")).json()
    c = (await create(client, "resources", title="2018")).json()
    d = (await create(client, "resources", title="!!!")).json()
    assert a["slug"] == "open-data"
    assert b["slug"] == "open-data-2"
    assert c["slug"] == "resource-2018"
    assert d["slug"] == "resource"
    renamed = await client.patch(f"/api/v1/resources/{a['id']}", json={"title": "Open data, revisited"}, headers=ADMIN)
    assert renamed.json()["slug"] == "open-data"
    # The same slug may be used by another kind.
    n = (await create(client, "networks", title="Open data")).json()
    assert n["slug"] == "open-data"


async def test_external_id_is_unique_per_owner_and_addressable(client):
    r = await create(client, "projects", external_id="case-17")
    entry = r.json()
    dup = await client.post("/api/v1/projects", json={**SAMPLES["projects"], "external_id": "case-17"}, headers=ADMIN)
    assert "external_id" in error_fields(assert_problem(dup, 409))

    got = await client.get("/api/v1/projects/by-external-id/case-17", headers=ADMIN)
    assert got.status_code == 200 and got.json()["id"] == entry["id"]
    assert_problem(await client.get("/api/v1/projects/by-external-id/case-17"), 401)
    assert_problem(await client.get("/api/v1/projects/by-external-id/nope", headers=ADMIN), 404)

    patched = await client.patch("/api/v1/projects/by-external-id/case-17", json={"place": "Newport"}, headers=ADMIN)
    assert patched.status_code == 200 and patched.json()["place"] == "Newport"
    deleted = await client.delete("/api/v1/projects/by-external-id/case-17", headers=ADMIN)
    assert deleted.status_code == 204
    assert (await client.get(f"/api/v1/projects/{entry['id']}", headers=ADMIN)).json()["status"] == "archived"


async def test_if_match_guards_against_lost_updates(client):
    url = (await create(client, "networks")).headers["location"]
    ok = await client.patch(url, json={"region": "Wales"}, headers={**ADMIN, "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = await client.patch(url, json={"region": "England"}, headers={**ADMIN, "If-Match": '"1"'})
    assert_problem(stale, 412)
    current = (await client.get(url)).json()
    assert current["region"] == "Wales" and current["version"] == 2
    weak = await client.patch(url, json={"region": "England"}, headers={**ADMIN, "If-Match": 'W/"2"'})
    assert_problem(weak, 412)
    assert_problem(await client.patch(url, json={"region": "England"}, headers={**ADMIN, "If-Match": "garbage"}), 400)
    star = await client.patch(url, json={"region": "England"}, headers={**ADMIN, "If-Match": "*"})
    assert star.status_code == 200


async def test_noop_update_keeps_version(client):
    r = await create(client, "resources")
    url = r.headers["location"]
    same = await client.patch(url, json={"title": SAMPLES["resources"]["title"], "year": 2013}, headers=ADMIN)
    assert same.status_code == 200
    assert same.json()["version"] == 1
    assert "x-change-seq" not in same.headers


async def test_related_shows_from_both_sides(client):
    res = (await create(client, "resources")).json()
    net = (await create(client, "networks")).json()
    prj = (
        await create(
            client, "projects", related=[{"kind": "resources", "id": res["id"]}, {"kind": "networks", "id": net["id"]}]
        )
    ).json()
    assert {(r["kind"], r["id"]) for r in prj["related"]} == {("resources", res["id"]), ("networks", net["id"])}
    back = (await client.get(f"/api/v1/resources/{res['id']}")).json()
    assert back["related"] == [{"kind": "projects", "id": prj["id"], "slug": prj["slug"], "title": prj["title"]}]
    assert back["version"] == 2  # the other side changed too

    # Replacing the list from the resource's side removes the pair for both.
    r = await client.patch(f"/api/v1/resources/{res['id']}", json={"related": []}, headers=ADMIN)
    assert r.json()["related"] == []
    assert [x["kind"] for x in (await client.get(f"/api/v1/projects/{prj['id']}")).json()["related"]] == ["networks"]

    # A related entry the public cannot see is not shown to the public.
    await client.patch(f"/api/v1/networks/{net['id']}", json={"status": "draft"}, headers=ADMIN)
    assert (await client.get(f"/api/v1/projects/{prj['id']}")).json()["related"] == []
    assert len((await client.get(f"/api/v1/projects/{prj['id']}", headers=ADMIN)).json()["related"]) == 1

    bad = await client.patch(
        f"/api/v1/projects/{prj['id']}",
        json={"related": [{"kind": "resources", "id": 999}, {"kind": "projects", "id": prj["id"]}]},
        headers=ADMIN,
    )
    assert error_fields(assert_problem(bad, 422)) == {"related.0", "related.1"}


async def test_toolkit_tree_order_cycles_and_depth(client):
    async def section(title, parent=None, **extra):
        body = {"title": title, **({"parent_id": parent} if parent else {}), **extra}
        r = await client.post("/api/v1/toolkit-sections", json=body, headers=ADMIN)
        assert r.status_code == 201, r.text
        return r.json()

    context = await section("Context")
    principles = await section("Principles")
    first = await section("Take account of the context, and any history", principles["id"])
    second = await section("Establish a common purpose", principles["id"])
    assert (first["position"], second["position"]) == (0, 1)
    await client.patch(f"/api/v1/toolkit-sections/{second['id']}", json={"position": 0}, headers=ADMIN)
    await client.patch(f"/api/v1/toolkit-sections/{first['id']}", json={"position": 1}, headers=ADMIN)

    tree = (await client.get("/api/v1/toolkit")).json()["items"]
    assert [n["title"] for n in tree] == ["Context", "Principles"]
    assert [n["title"] for n in tree[1]["children"]] == [
        "Establish a common purpose",
        "Take account of the context, and any history",
    ]

    # A cycle, a missing parent, and a tree deeper than 8 are refused, and nothing changes.
    cycle = await client.patch(
        f"/api/v1/toolkit-sections/{principles['id']}", json={"parent_id": first["id"]}, headers=ADMIN
    )
    assert "parent_id" in error_fields(assert_problem(cycle, 422))
    itself = await client.patch(
        f"/api/v1/toolkit-sections/{principles['id']}", json={"parent_id": principles["id"]}, headers=ADMIN
    )
    assert_problem(itself, 422)
    missing = await client.post("/api/v1/toolkit-sections", json={"title": "Orphan", "parent_id": 9999}, headers=ADMIN)
    assert "parent_id" in error_fields(assert_problem(missing, 422))

    parent = context["id"]
    for depth in range(2, 9):
        parent = (await section(f"Level {depth}", parent))["id"]
    too_deep = await client.post(
        "/api/v1/toolkit-sections", json={"title": "Level 9", "parent_id": parent}, headers=ADMIN
    )
    assert_problem(too_deep, 422)
    # Moving a subtree under a deep node is refused when the whole would pass 8 levels.
    move = await client.patch(f"/api/v1/toolkit-sections/{principles['id']}", json={"parent_id": parent}, headers=ADMIN)
    assert_problem(move, 422)
    assert (await client.get(f"/api/v1/toolkit-sections/{principles['id']}")).json()["parent_id"] is None

    # A section with children cannot be deleted for good.
    assert_problem(await client.delete(f"/api/v1/toolkit-sections/{context['id']}?hard=true", headers=ADMIN), 409)
    listed = await client.get(f"/api/v1/toolkit-sections?parent_id={principles['id']}&sort=position")
    assert [i["title"] for i in listed.json()["items"]] == [
        "Establish a common purpose",
        "Take account of the context, and any history",
    ]


async def test_healthz_and_openapi(client):
    r = await client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    spec = (await client.get("/api/openapi.json")).json()
    for kind in KIND_NAMES:
        assert f"/api/v1/{kind}" in spec["paths"]
    assert "/api/v1/toolkit" in spec["paths"]
    assert (await client.get("/api/docs")).status_code == 200
