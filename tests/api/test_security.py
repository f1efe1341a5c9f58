"""What an outside security probe found, each reproduced with the request that showed it, and
the class behind it: bodies read before keys, forged Host headers, moderation bypassed by
editing, writing on another owner's entry through `related`, the curated toolkit, framing and
encoded paths, secrets in logs, NULs and blanks in deposits, what the sync feed tells, hostile
URLs and titles, overlong query strings, and trusted forwarding headers."""

from __future__ import annotations

import httpx
import pytest

from app.main import create_app
from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem, make_partner

pytestmark = pytest.mark.anyio

MB = 1024 * 1024


class CountingBody:
    """A request body sent in chunks, counting how many the server asked for."""

    def __init__(self, size: int, chunk: int = 64 * 1024) -> None:
        self.size, self.chunk, self.sent = size, chunk, 0

    async def __aiter__(self):
        while self.sent * self.chunk < self.size:
            self.sent += 1
            yield b"x" * self.chunk


# --- bodies before keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/projects/bulk-delete"),
        ("POST", "/api/v1/projects/bulk"),
        ("PATCH", "/api/v1/projects/bulk"),
        ("DELETE", "/api/v1/projects/bulk"),
        ("POST", "/api/v1/projects"),
        ("POST", "/api/v1/partners"),
    ],
)
async def test_a_write_without_a_key_is_refused_before_its_body_is_read(client, method, path):
    body = CountingBody(17 * MB)
    r = await client.request(method, path, content=body, headers={"Content-Type": "application/json"})
    assert_problem(r, 401)
    assert body.sent <= 1, f"the server read {body.sent} chunks of the body before refusing"


async def test_a_partner_is_refused_an_admin_route_before_its_body_is_read(client):
    _, partner, _ = await make_partner(client, "Curious Org")
    body = CountingBody(4 * MB)
    r = await client.post("/api/v1/partners", content=body, headers={**partner, "Content-Type": "application/json"})
    assert_problem(r, 403)
    assert body.sent <= 1


async def test_body_limits_come_from_the_route_reached(client, app):
    _, partner, _ = await make_partner(client, "Loader Org")
    big = 3 * MB  # over the default limit (2 MiB), under the bulk limit (64 MiB)
    # bulk-delete and PATCH /bulk (the /{ref} route) take the default limit, whatever their path ends with.
    assert_problem(
        await client.post("/api/v1/projects/bulk-delete", content=b"[" + b" " * big + b"]", headers=partner), 413
    )
    assert_problem(await client.patch("/api/v1/projects/bulk", content=b"{" + b" " * big + b"}", headers=partner), 413)
    # The bulk upsert takes the bulk limit: a 3 MB batch is read (and answered on its merits).
    items = [{**SAMPLES["projects"], "external_id": f"x-{i}", "body": "b" * 3000} for i in range(1000)]
    r = await client.post("/api/v1/projects/bulk", json=items, headers=partner)
    assert r.status_code == 200, r.text[:300]
    assert r.json()["summary"]["created"] == 1000


# --- forged Host --------------------------------------------------------------------------------


async def test_a_forged_host_is_refused_when_addresses_come_from_it(client):
    entry = (await client.post("/api/v1/networks", json=SAMPLES["networks"], headers=ADMIN)).json()
    for path in (
        f"/networks/{entry['slug']}",
        "/api/v1/feed.atom",
        f"/embed/networks/{entry['slug']}",
        "/api/v1/networks",
    ):
        r = await client.get(path, headers={"Host": "evil.example"})
        assert_problem(r, 400)
        assert "evil.example" not in r.headers.get("link", "")


async def test_with_a_public_url_no_address_comes_from_the_host(settings):
    app = create_app(settings.model_copy(update={"public_url": "https://kb.example.org"}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://evil.example") as client:
            entry = (await client.post("/api/v1/networks", json=SAMPLES["networks"], headers=ADMIN)).json()
            answers = [
                await client.get(f"/networks/{entry['slug']}"),
                await client.get("/api/v1/feed.atom"),
                await client.get("/api/v1/feed.json"),
                await client.get(f"/embed/networks/{entry['slug']}"),
                await client.get("/api/v1/oembed", params={"url": f"https://kb.example.org/networks/{entry['slug']}"}),
                await client.get("/api/v1/networks", params={"per_page": 1}),
            ]
            for r in answers:
                assert r.status_code == 200, r.request.url
                assert "evil.example" not in r.text and "evil.example" not in r.headers.get("link", ""), r.request.url
            assert "https://kb.example.org/networks/" in answers[0].text


def test_production_refuses_to_run_without_a_public_url():
    from pydantic import ValidationError

    from app.config import Settings

    with pytest.raises(ValidationError, match="CKB_PUBLIC_URL"):
        Settings(environment="production")
    assert Settings(environment="production", public_url="https://kb.example.org").public_url


# --- moderation ---------------------------------------------------------------------------------


async def test_a_moderated_partners_edit_of_a_published_entry_waits_for_an_editor(client):
    _, partner, _ = await make_partner(client, "Reviewed Org", new_entry_status="pending")
    _, editor, _ = await make_partner(client, "Editors", role="editor")
    entry = (await client.post("/api/v1/projects", json=SAMPLES["projects"], headers=partner)).json()
    assert entry["status"] == "pending"
    published = (await client.post(f"/api/v1/projects/{entry['id']}/publish", headers=editor)).json()
    assert published["status"] == "published"

    r = await client.patch(f"/api/v1/projects/{entry['id']}", json={"summary": "Unreviewed words."}, headers=partner)
    assert r.status_code == 202 and r.json()["summary"] == SAMPLES["projects"]["summary"]
    live = (await client.get(f"/api/v1/projects/{entry['id']}")).json()
    assert live["summary"] == SAMPLES["projects"]["summary"] and live["version"] == published["version"]
    held = (await client.get(f"/api/v1/projects/{entry['id']}/held-change", headers=partner)).json()
    assert held["fields"] == {"summary": "Unreviewed words."} and held["state"] == "pending"
    assert_problem(await client.get(f"/api/v1/projects/{entry['id']}/held-change"), 401)

    # A bulk update is held the same way.
    item = {**SAMPLES["projects"], "external_id": "reviewed-1"}
    await client.post(f"/api/v1/projects/{entry['id']}/publish", headers=editor)  # applies the held change
    first = (await client.post("/api/v1/projects/bulk", json=[item], headers=partner)).json()["items"][0]
    await client.post(f"/api/v1/projects/{first['id']}/publish", headers=editor)
    again = (await client.post("/api/v1/projects/bulk", json=[{**item, "title": "Sneaky"}], headers=partner)).json()
    assert again["items"][0]["status"] == "held" and again["summary"]["held"] == 1
    assert (await client.get(f"/api/v1/projects/{first['id']}")).json()["title"] == SAMPLES["projects"]["title"]

    # The editor publishes the first change: now it is live, recorded as the editor's.
    live = (await client.get(f"/api/v1/projects/{entry['id']}")).json()
    assert live["summary"] == "Unreviewed words."
    history = (await client.get(f"/api/v1/projects/{entry['id']}/history", headers=editor)).json()["items"]
    assert history[-1]["diff"]["approved"]["partner_id"] is not None
    # …and rejects the bulk one: the entry stays as it was, the partner sees why.
    await client.post(f"/api/v1/projects/{first['id']}/reject", json={"reason": "Not this title."}, headers=editor)
    held = (await client.get(f"/api/v1/projects/{first['id']}/held-change", headers=partner)).json()
    assert held["state"] == "rejected" and held["reason"] == "Not this title."
    assert (await client.get(f"/api/v1/projects/{first['id']}")).json()["title"] == SAMPLES["projects"]["title"]


# --- related ------------------------------------------------------------------------------------


async def test_relating_to_another_owners_entry_changes_nothing_of_it(client):
    _, a, _ = await make_partner(client, "Partner A")
    _, b, _ = await make_partner(client, "Partner B")
    theirs = (await client.post("/api/v1/networks", json=SAMPLES["networks"], headers=b)).json()
    history_before = (await client.get(f"/api/v1/networks/{theirs['id']}/history", headers=b)).json()
    mine = (
        await client.post(
            "/api/v1/projects",
            json={**SAMPLES["projects"], "related": [{"kind": "networks", "id": theirs["id"]}]},
            headers=a,
        )
    ).json()
    assert [r["id"] for r in mine["related"]] == [theirs["id"]]  # A's entry shows it
    after = (await client.get(f"/api/v1/networks/{theirs['id']}")).json()
    assert after["version"] == theirs["version"] and after["related"] == []
    assert (await client.get(f"/api/v1/networks/{theirs['id']}/history", headers=b)).json() == history_before
    # B's next conditional write is not refused because of A.
    r = await client.patch(
        f"/api/v1/networks/{theirs['id']}",
        json={"summary": "B's words."},
        headers={**b, "If-Match": f'"{theirs["version"]}"'},
    )
    assert r.status_code == 200
    # A takes it back: still nothing of B's changes.
    await client.patch(f"/api/v1/projects/{mine['id']}", json={"related": []}, headers=a)
    assert (await client.get(f"/api/v1/networks/{theirs['id']}")).json()["version"] == r.json()["version"]
    # Relations between one owner's own entries still show from both sides.
    own = (await client.post("/api/v1/resources", json=SAMPLES["resources"], headers=a)).json()
    await client.patch(
        f"/api/v1/projects/{mine['id']}", json={"related": [{"kind": "resources", "id": own["id"]}]}, headers=a
    )
    assert [r["id"] for r in (await client.get(f"/api/v1/resources/{own['id']}")).json()["related"]] == [mine["id"]]


# --- the curated toolkit ------------------------------------------------------------------------


async def test_partners_sections_wait_for_review_and_cannot_go_under_drafts(client):
    _, partner, _ = await make_partner(client, "Helpful Org")
    draft = (
        await client.post("/api/v1/toolkit-sections", json={"title": "Draft part", "status": "draft"}, headers=ADMIN)
    ).json()
    under_draft = await client.post(
        "/api/v1/toolkit-sections", json={"title": "Mine", "parent_id": draft["id"]}, headers=partner
    )
    missing = await client.post("/api/v1/toolkit-sections", json={"title": "Mine", "parent_id": 99999}, headers=partner)
    # The same answer for a draft as for nothing: a draft's id is not given away.
    for r in (under_draft, missing):
        assert [(e["field"], e["code"], e["message"]) for e in assert_problem(r, 422)["errors"]] == [
            ("parent_id", "not_found", "the parent section does not exist")
        ]
    assert under_draft.json()["detail"].replace(str(draft["id"]), "N") == missing.json()["detail"].replace("99999", "N")
    section = (await client.post("/api/v1/toolkit-sections", json={"title": "Our tips"}, headers=partner)).json()
    assert section["status"] == "pending"
    tree = (await client.get("/api/v1/toolkit")).json()["items"]
    assert all(node["id"] != section["id"] for node in tree)


# --- framing and addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/embed/x%2f..%2f..%2findex.html",
        "/embed/x%2F..%2Findex.html",
        "//evil.example/%2e%2e",
        "/api/docs/%2e%2e",
        "/a/%2e/b",
        "/api/v1/%2E%2E/healthz",
    ],
)
async def test_encoded_slashes_and_dot_segments_are_refused(client, path):
    r = await client.get(path)
    assert_problem(r, 400)
    assert "location" not in r.headers


async def test_security_headers_are_set_by_the_routes_that_need_them(client):
    shell = await client.get("/")
    assert (
        shell.headers["x-frame-options"] == "SAMEORIGIN"
        and "frame-ancestors 'self'" in shell.headers["content-security-policy"]
    )
    docs = await client.get("/api/docs")
    assert "unsafe-inline" in docs.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
    embed = await client.get("/embed/networks/none")
    assert "frame-ancestors *" in embed.headers["content-security-policy"] and "x-frame-options" not in embed.headers


async def test_a_long_query_string_is_refused_and_links_stay_short(client):
    assert_problem(await client.get("/api/v1/search", params={"q": "x" * 30_000}), 414)
    r = await client.get("/api/v1/projects", params={"keyword": "k" * 100})
    assert len(r.headers["link"]) < 2_000


# --- deposits -----------------------------------------------------------------------------------


async def test_nul_and_blank_keywords_in_a_deposit_are_422_and_cost_no_deposit(client, app):
    base = {"title": "A case", "depositor_name": "D", "depositor_email": "d@example.org"}
    for bad in ({"body": "a\x00b"}, {"keywords": ["  "]}, {"summary": "\x00"}):
        assert_problem(await client.post("/api/v1/submissions", json={**base, **bad}), 422)
    for _ in range(10):  # the deposit limit (10 an hour) is all still there
        assert (await client.post("/api/v1/submissions", json=base)).status_code == 201


async def test_a_status_token_never_reaches_the_log(client, capsys):
    r = await client.post(
        "/api/v1/submissions", json={"title": "A case", "depositor_name": "D", "depositor_email": "d@example.org"}
    )
    token = r.json()["token"]
    await client.get(f"/deposit/status/{token}")
    await client.get(f"/api/v1/submissions/status/{token}")
    await client.get(f"/api/v1/submissions/status/{token}x")  # a wrong one is masked too
    logged = capsys.readouterr().out
    assert '"path": "/deposit/status/' in logged and '"path": "/api/v1/submissions/status/' in logged
    assert token not in logged


# --- what the sync feed tells -------------------------------------------------------------------


async def test_the_changes_feed_says_nothing_of_entries_never_public(client):
    start = (await client.get("/api/v1/changes", params={"since": "0"})).json()
    assert start["items"] == []
    draft = (
        await client.post("/api/v1/projects", json={**SAMPLES["projects"], "status": "draft"}, headers=ADMIN)
    ).json()
    await client.patch(f"/api/v1/projects/{draft['id']}", json={"title": "Still a draft"}, headers=ADMIN)
    await client.delete(f"/api/v1/projects/{draft['id']}", headers=ADMIN)
    await client.post(
        "/api/v1/submissions", json={"title": "A case", "depositor_name": "D", "depositor_email": "d@example.org"}
    )
    quiet = (await client.get("/api/v1/changes", params={"since": start["next"]})).json()
    assert quiet["items"] == [] and quiet["next"] == start["next"]
    public = (await client.post("/api/v1/networks", json=SAMPLES["networks"], headers=ADMIN)).json()
    await client.delete(f"/api/v1/networks/{public['id']}", headers=ADMIN)
    feed = (await client.get("/api/v1/changes", params={"since": "0"})).json()
    assert [(i["kind"], i["id"], i["op"]) for i in feed["items"]] == [("networks", public["id"], "delete")]
    # The feed's positions count public changes only: no gap tells of the drafts.
    assert feed["items"][0]["seq"] == 2 and feed["next"] == "p2"
    assert (await client.get("/healthz")).json()["index"]["applied_seq"] is None
    assert "x-index-seq" not in (await client.get("/api/v1/search", params={"q": "x"})).headers


# --- hostile values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("url", 'https://example.org/"><script>', "url"),
        ("url", "https://example.org/<x>", "url"),
        ("title", "\u200b\u200b\u200d", "blank"),
        ("title", "Report \u202egnp.exe", "bidi"),
    ],
)
async def test_hostile_urls_and_titles_are_refused(client, field, value, code):
    r = await client.post("/api/v1/networks", json={**SAMPLES["networks"], field: value}, headers=ADMIN)
    body = assert_problem(r, 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, code)]
