"""Editors keeping the knowledge base right, in a browser: reverting a bad edit from an
entry's history (confirmed first, refused when someone else edited meanwhile or when the old
version names an entry that is gone), merging two duplicates (chosen with the entry finder,
compared side by side, a stale copy refused) so that the duplicate's page redirects, and
approving a change a moderated partner asked of a published entry."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, look
from tests.browser.test_contributing import sign_in


def create(server: Server, kind: str, **fields: object) -> dict:
    r = server.admin.post(f"/api/v1/{kind}", json=fields)
    assert r.status_code == 201, r.text
    return r.json()


def patch(server: Server, kind: str, entry_id: int, headers: dict | None = None, **fields: object) -> dict:
    r = server.admin.patch(f"/api/v1/{kind}/{entry_id}", json=fields, headers=headers or {})
    assert r.status_code in (200, 202), r.text
    return r.json()


def wait_until_found(server: Server, q: str, ids: set[int]) -> None:
    """The search index applies the change log as it comes; the finder searches it."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = server.admin.get("/api/v1/search", params={"q": q, "status": "any", "mode": "keyword"}).json()
        if ids <= {item["id"] for item in found["items"]}:
            return
        time.sleep(0.2)
    raise AssertionError(f"search did not find {ids} for {q!r}")


def test_revert_a_bad_edit_from_the_history(page: Page, server: Server) -> None:
    entry = create(
        server,
        "resources",
        title="A guide to street parties",
        summary="How neighbours plan a street party together, from the road closure to the clear-up.",
        keywords=["neighbours"],
    )
    bad = patch(server, "resources", entry["id"], title="BUY CHEAP PILLS", summary="Spam.", keywords=["spam"])
    assert bad["version"] == 2

    sign_in(page)
    page.goto(f"/editor/edit/resources/{entry['id']}")
    page.get_by_role("link", name="See its history, or revert it to an earlier version").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("History of “BUY CHEAP PILLS”")
    versions = page.locator(".history__item")
    expect(versions).to_have_count(2)
    expect(versions.first).to_contain_text("Version 2")
    expect(versions.first).to_contain_text("A guide to street parties")  # what changed, before and after
    expect(versions.first.get_by_role("button")).to_have_count(0)  # the version it is at
    look(page, "editor-history")

    # Revert to version 1: first a confirmation showing what will change.
    page.get_by_role("button", name="Revert to this version (version 1)").click()
    confirm = page.locator(".confirm")
    expect(confirm.get_by_role("heading", name="Revert to version 1?")).to_be_focused()
    expect(confirm).to_contain_text("This makes version 3, with the content of version 1")
    expect(confirm).to_contain_text("BUY CHEAP PILLS")
    expect(confirm).to_contain_text("How neighbours plan a street party together")
    look(page, "editor-revert-confirm")
    page.get_by_role("button", name="Cancel").click()
    expect(confirm).to_have_count(0)
    revert_1 = page.get_by_role("button", name="Revert to this version (version 1)")
    expect(revert_1).to_be_focused()
    # By keyboard: Enter opens the confirmation, Escape closes it, focus goes back.
    page.keyboard.press("Enter")
    expect(confirm.get_by_role("heading", name="Revert to version 1?")).to_be_focused()
    page.keyboard.press("Tab")
    expect(confirm.get_by_role("button", name="Revert to version 1")).to_be_focused()
    page.keyboard.press("Escape")
    expect(confirm).to_have_count(0)
    expect(revert_1).to_be_focused()

    # Someone else edits while the confirmation is open: nothing is reverted, and it says why.
    page.get_by_role("button", name="Revert to this version (version 1)").click()
    patch(server, "resources", entry["id"], publisher="Someone else")
    page.get_by_role("button", name="Revert to version 1").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Someone else changed this entry after you opened its history")
    assert server.admin.get(f"/api/v1/resources/{entry['id']}").json()["title"] == "BUY CHEAP PILLS"
    look(page, "editor-revert-stale")

    page.get_by_role("link", name="Reload the history").click()
    expect(page.locator(".history__item")).to_have_count(3)
    page.get_by_role("button", name="Revert to this version (version 1)").click()
    page.get_by_role("button", name="Revert to version 1").click()
    banner = page.locator(".banner")
    expect(banner).to_be_focused()
    expect(banner).to_contain_text(
        "“A guide to street parties” has the content of version 1 again. It is now version 4."
    )
    expect(heading).to_have_text("History of “A guide to street parties”")
    expect(page.locator(".history__item").first).to_contain_text("Reverted to version 1")
    now = server.admin.get(f"/api/v1/resources/{entry['id']}").json()
    assert (now["title"], now["keywords"], now["version"]) == ("A guide to street parties", ["neighbours"], 4)
    assert now["publisher"] is None  # version 1 had none
    look(page, "editor-reverted")

    # A version that relates to an entry deleted since cannot come back: refused, with why.
    other = create(server, "resources", title="A leaflet that will be deleted")
    related = patch(server, "resources", entry["id"], related=[{"kind": "resources", "id": other["id"]}])
    patch(server, "resources", entry["id"], related=[])
    assert server.admin.delete(f"/api/v1/resources/{other['id']}?hard=true").status_code == 204
    page.reload()
    page.get_by_role("button", name=f"Revert to this version (version {related['version']})").click()
    page.get_by_role("button", name=f"Revert to version {related['version']}").click()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("relates to entries that no longer exist")
    expect(summary).to_contain_text(f"resources {other['id']}")
    assert server.admin.get(f"/api/v1/resources/{entry['id']}").json()["version"] == related["version"] + 1
    look(page, "editor-revert-gone")


def test_merge_two_duplicates_and_the_duplicate_redirects(page: Page, server: Server) -> None:
    keep = create(
        server,
        "networks",
        title="Kitchen Table Network",
        summary="Kitchen Table Network.",
        organisation="Anytown Council",
        keywords=["kitchen table"],
    )
    duplicate = create(
        server,
        "networks",
        title="The Kitchen Table Network",
        summary="A network of residents in Anytown who meet to plan local services with the council.",
        keywords=["residents"],
        links=[{"url": "https://kitchen-table.example.org", "label": "Its website"}],
    )
    wait_until_found(server, "kitchen table network", {keep["id"], duplicate["id"]})

    sign_in(page)
    page.get_by_role("link", name="Merge duplicates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge two entries")
    look(page, "editor-merge-choose")
    page.get_by_label("Find the entry to keep").fill("kitchen table network")
    page.get_by_label("Find the entry to keep").press("Enter")
    page.get_by_role("button", name="Choose “Kitchen Table Network”", exact=True).click()
    finder = page.get_by_label("Find the duplicate")
    expect(finder).to_be_focused()
    finder.fill("kitchen table network")
    finder.press("Enter")
    # The entry already chosen is not offered again.
    expect(page.locator(".picker-results li")).to_have_count(1)
    page.get_by_role("button", name="Choose “The Kitchen Table Network”").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Merge “The Kitchen Table Network” into “Kitchen Table Network”"
    )
    expect(page.get_by_role("region", name="The entry to keep: Kitchen Table Network")).to_be_visible()
    expect(page.get_by_role("region", name="The duplicate: The Kitchen Table Network")).to_be_visible()
    summary_choice = page.get_by_role("group", name="Short description")
    summary_choice.get_by_role("radio", name=re.compile("^Take the duplicate")).check()
    # Where only the kept entry has a value, its own is chosen to start with.
    expect(page.get_by_role("group", name="Hosted by").get_by_role("radio", name=re.compile("^Keep"))).to_be_checked()
    look(page, "editor-merge-compare")

    # Someone changes the duplicate meanwhile: the merge is refused, naming it.
    patch(server, "networks", duplicate["id"], region="Wales")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check before you merge")).to_be_focused()
    page.get_by_role("button", name="Merge the entries").click()
    error = page.locator(".error-summary")
    expect(error).to_be_focused()
    expect(error).to_contain_text("Someone changed “The Kitchen Table Network” after you opened it")
    look(page, "editor-merge-stale")
    assert server.admin.get(f"/api/v1/networks/{duplicate['id']}").json()["status"] == "published"

    page.get_by_role("link", name="Reload the page").click()
    page.get_by_role("group", name="Short description").get_by_role(
        "radio", name=re.compile("^Take the duplicate")
    ).check()
    page.get_by_role("group", name="Nation or region").get_by_role(
        "radio", name=re.compile("^Take the duplicate")
    ).check()
    page.get_by_role("button", name="Continue").click()
    check = page.locator(".confirm")
    expect(check).to_contain_text("Short description, Nation or region")
    look(page, "editor-merge-check")
    page.get_by_role("button", name="Merge the entries").click()
    panel = page.locator(".panel")
    expect(panel).to_be_focused()
    expect(panel.get_by_role("heading", level=1)).to_have_text("Entries merged")
    look(page, "editor-merge-done")

    merged = server.admin.get(f"/api/v1/networks/{keep['id']}").json()
    assert merged["summary"] == duplicate["summary"] and merged["region"] == "Wales"
    assert merged["title"] == "Kitchen Table Network" and merged["organisation"] == "Anytown Council"
    assert merged["keywords"] == ["kitchen table", "residents"]
    assert [link["url"] for link in merged["links"]] == ["https://kitchen-table.example.org"]
    gone = server.admin.get(f"/api/v1/networks/{duplicate['id']}").json()
    assert gone["status"] == "archived" and gone["merged_into"] == {"kind": "networks", "id": keep["id"]}

    # The duplicate's old address leads readers to the entry kept.
    old = page.get_by_role("link", name="Try the duplicate’s old address").get_attribute("href")
    assert old == f"/networks/{duplicate['slug']}"
    moved = server.api.get(old, follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"].endswith(f"/networks/{keep['slug']}")
    page.goto(old)
    expect(page).to_have_url(re.compile(rf"/networks/{re.escape(keep['slug'])}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kitchen Table Network")
    expect(page.get_by_text(duplicate["summary"]).first).to_be_visible()


def test_a_held_change_approved(page: Page, server: Server) -> None:
    r = server.admin.post("/api/v1/partners", json={"name": "Anytown Housing Trust", "new_entry_status": "pending"})
    assert r.status_code == 201, r.text
    k = server.admin.post("/api/v1/keys", json={"partner_id": r.json()["id"], "role": "partner"})
    assert k.status_code == 201, k.text
    partner = {"Authorization": f"Bearer {k.json()['key']}"}
    sent = server.api.post(
        "/api/v1/resources",
        json={"title": "Tenants choosing repairs", "summary": "How tenants and the trust agree repairs together."},
        headers=partner,
    )
    assert sent.status_code == 201 and sent.json()["status"] == "pending", sent.text
    entry = sent.json()
    assert server.admin.post(f"/api/v1/resources/{entry['id']}/publish").status_code == 200
    held = server.api.patch(
        f"/api/v1/resources/{entry['id']}",
        json={"title": "Tenants choosing repairs together", "year": 2024},
        headers=partner,
    )
    assert held.status_code == 202, held.text
    assert server.api.get(f"/api/v1/resources/{entry['id']}").json()["title"] == "Tenants choosing repairs"

    sign_in(page)
    page.get_by_role("link", name="Changes to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes to review")
    item = page.locator(".queue__item", has=page.get_by_role("heading", name="Tenants choosing repairs", exact=True))
    expect(item).to_contain_text("asked for by Anytown Housing Trust")
    title_row = item.locator(".change-list__row", has_text="Title")
    expect(title_row).to_contain_text("Now: Tenants choosing repairs")
    expect(title_row).to_contain_text("Asked for: Tenants choosing repairs together")
    expect(item.locator(".change-list__row", has_text="Year")).to_contain_text("Asked for: 2024")
    look(page, "editor-held")

    item.get_by_role("button", name="Approve the change “Tenants choosing repairs”").focus()
    page.keyboard.press("Enter")
    banner = page.locator(".banner")
    expect(banner).to_be_focused()
    expect(banner).to_contain_text("Readers now see the change to “Tenants choosing repairs together”")
    expect(item).to_have_count(0)
    expect(page.get_by_text("There are no changes waiting for review.")).to_be_visible()
    now = server.api.get(f"/api/v1/resources/{entry['id']}").json()
    assert (now["title"], now["year"], now["status"]) == ("Tenants choosing repairs together", 2024, "published")
    look(page, "editor-held-approved")
