"""Contributing in a browser: depositing a case study (mistakes shown by their fields, then
sent), an editor signing in and publishing it so that search finds it, rejecting another
with a reason the depositor sees, adding and changing entries with related entries, and
reordering the toolkit."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN_KEY, Server, look


def sign_in(page: Page) -> None:
    page.goto("/editor")
    page.get_by_label("Your API key").fill(ADMIN_KEY)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Editors’ workspace")).to_be_visible()


def error_summary_links(page: Page) -> list[str]:
    return page.locator(".error-summary a").all_inner_texts()


def test_deposit_then_publish_then_find(page: Page, server: Server) -> None:
    page.goto("/deposit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Share your project")
    look(page, "deposit")

    # Sent empty: the API's errors are listed at the top (which takes focus) and by each field.
    page.get_by_role("button", name="Send your case study").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error:")
    links = error_summary_links(page)
    assert {"Enter your name", "Enter your email address", "Enter the name of the project"} <= set(links), links
    name = page.get_by_label("Your name")
    expect(name).to_have_attribute("aria-invalid", "true")
    assert "Enter your name" in page.locator(f"#{name.get_attribute('aria-describedby').split()[-1]}").inner_text()
    look(page, "deposit-errors")
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Your email address")).to_be_focused()

    # Mistakes inside the list of people and in a year are shown on those very fields.
    page.get_by_label("Your name").fill("Ann Depositor")
    page.get_by_label("Your email address").fill("not an email address")
    page.get_by_label("Name of the project").fill("Kitchen table budgeting in Anytown")
    page.get_by_label("Short description").fill(
        "Residents and the council decided together how to spend the ward budget."
    )
    page.get_by_label("Year it started").fill("20x9")
    person = page.locator("fieldset.repeat", has=page.locator("legend", has_text="Person 1"))
    person.get_by_label("Organisation").fill("Anytown Council")
    page.get_by_role("button", name="Send your case study").click()
    expect(summary).to_be_focused()
    links = error_summary_links(page)
    assert any("email address in the right form" in link for link in links), links
    assert "Enter the person’s name" in links, links
    assert any("year it started" in link.lower() for link in links), links
    expect(person.get_by_label("Name", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Year it started")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Name of the project")).not_to_have_attribute("aria-invalid", "true")

    page.get_by_label("Your email address").fill("ann@example.org")
    page.get_by_label("Year it started").fill("2019")
    person.get_by_label("Name", exact=True).fill("Ann Depositor")
    person.get_by_label("Role").fill("organiser")
    page.get_by_role("button", name="Add another person").click()
    second = page.locator("fieldset.repeat", has=page.locator("legend", has_text="Person 2"))
    expect(second.get_by_label("Name", exact=True)).to_be_focused()
    second.get_by_label("Name", exact=True).fill("Bob Neighbour")
    page.get_by_label("Keywords").fill("participatory budgeting, kitchen table")
    page.get_by_role("button", name="Send your case study").click()

    panel = page.locator(".panel")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Case study sent")
    expect(panel).to_be_focused()
    status_link = page.get_by_label("Your private link").input_value()
    assert re.match(rf"^{re.escape(server.url)}/deposit/status/[\w-]+$", status_link)
    look(page, "deposit-sent")
    page.get_by_role("link", name="See what has happened to your case study").click()
    expect(page.get_by_text("Waiting for review")).to_be_visible()
    look(page, "deposit-status")

    # Not published yet: search does not find it.
    # (By words: by meaning, published entries about budgeting would answer.)
    unpublished = server.api.get("/api/v1/search", params={"q": "kitchen table budgeting", "mode": "keyword"})
    assert unpublished.json()["total"] == 0

    # An editor signs in (a wrong key first), finds it in the queue and publishes it.
    page.goto("/editor")
    look(page, "editor-sign-in")
    page.get_by_label("Your API key").fill("ckb_not-a-real-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_label("Your API key")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Your API key").fill(ADMIN_KEY)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case studies to review")
    item = page.locator(".queue__item", has=page.get_by_role("heading", name="Kitchen table budgeting in Anytown"))
    expect(item).to_contain_text("Ann Depositor")
    expect(item).to_contain_text("ann@example.org")
    item.locator("summary", has_text="Show everything they sent").click()
    expect(item).to_contain_text("Bob Neighbour")
    look(page, "editor-queue")
    item.get_by_role("button", name="Publish “Kitchen table budgeting in Anytown”").click()
    banner = page.locator(".banner")
    expect(banner).to_be_focused()
    expect(banner).to_contain_text("is now in the knowledge base")
    expect(item).to_have_count(0)

    # The key is kept for this tab: the workspace opens again without asking.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case studies to review")

    # Search finds it now, and the depositor's link says it is published.
    page.goto("/search?q=kitchen+table+budgeting")
    result = page.get_by_role("link", name="Kitchen table budgeting in Anytown")
    expect(result).to_be_visible()
    page.goto(status_link)
    expect(page.get_by_text("Published", exact=True)).to_be_visible()
    page.get_by_role("link", name="See your case study in the knowledge base").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kitchen table budgeting in Anytown")


def test_reject_with_a_reason_the_depositor_sees(page: Page, server: Server) -> None:
    sent = server.api.post(
        "/api/v1/submissions",
        json={"title": "A deposit to turn down", "depositor_name": "Cy", "depositor_email": "cy@example.org"},
    )
    assert sent.status_code == 201, sent.text
    token = sent.json()["token"]
    sign_in(page)
    item = page.locator(".queue__item", has=page.get_by_role("heading", name="A deposit to turn down"))
    item.locator("summary", has_text="Do not publish it").click()
    item.get_by_role("button", name="Reject case study “A deposit to turn down”").click()
    reason = item.get_by_label("Why are you not publishing it?")
    expect(reason).to_be_focused()
    expect(reason).to_have_attribute("aria-invalid", "true")
    reason.fill("It is about a single consultation, not co-production.")
    item.get_by_role("button", name="Reject case study “A deposit to turn down”").click()
    expect(page.locator(".banner")).to_contain_text("will not be published")
    page.goto(f"/deposit/status/{token}")
    expect(page.get_by_text("Not published", exact=True)).to_be_visible()
    expect(page.get_by_text("It is about a single consultation, not co-production.")).to_be_visible()


def test_add_and_change_entries_with_related_entries(page: Page, server: Server) -> None:
    sign_in(page)
    page.get_by_role("link", name="Add or change entries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add or change entries")
    page.get_by_role("link", name="Add a resource").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a resource")
    page.get_by_label("Title").fill("A guide to kitchen table budgeting")
    page.get_by_label("Type").fill("guide")
    page.get_by_label("Year").fill("2021")
    page.get_by_label("Written by").fill("Ann Depositor\nBob Neighbour")
    page.get_by_label("Where to find it").fill("not a web address")
    page.get_by_label("Find an entry to add").fill("participatory budgeting")
    page.get_by_label("Find an entry to add").press("Enter")  # finds; does not send the form
    add = page.locator(".picker-results").get_by_role("button").first
    added_title = add.inner_text().removeprefix("Add").strip().strip("“”")
    add.click()
    expect(page.locator(".picked")).to_contain_text(added_title)
    look(page, "editor-entry-form")

    page.get_by_role("button", name="Add the resource").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_label("Where to find it")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Where to find it").fill("https://example.org/kitchen-table")
    page.get_by_role("button", name="Add the resource").click()
    expect(page.locator(".banner")).to_contain_text("is saved")
    expect(page).to_have_url(re.compile(r"/editor/edit/resources/\d+\?added=1$"))
    entry_id = int(re.search(r"/resources/(\d+)", page.url).group(1))
    created = server.admin.get(f"/api/v1/resources/{entry_id}").json()
    assert created["authors"] == ["Ann Depositor", "Bob Neighbour"]
    assert created["year"] == 2021 and created["type"] == "guide"
    assert [r["title"] for r in created["related"]] == [added_title]

    # Change it; then someone else changes it while the form is open: nothing is overwritten.
    page.get_by_label("Short description").fill("How a street decided together.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".banner")).to_contain_text("Your changes are saved")
    assert server.admin.get(f"/api/v1/resources/{entry_id}").json()["summary"] == "How a street decided together."
    server.admin.patch(f"/api/v1/resources/{entry_id}", json={"publisher": "Someone else"})
    page.get_by_label("Short description").fill("A change made on a stale copy.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".error-summary")).to_contain_text("Someone changed this entry after you opened it")
    assert server.admin.get(f"/api/v1/resources/{entry_id}").json()["summary"] == "How a street decided together."

    # Find it again to change it, and see its page.
    page.goto("/editor/entries")
    page.get_by_label("Find it by its title or words in it").fill("kitchen table guide")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=re.compile(r"^A guide to kitchen table budgeting")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A guide to kitchen table budgeting")
    page.get_by_role("link", name="See the resource’s page").click()
    expect(page.get_by_role("link", name=added_title, exact=True).first).to_be_visible()


def test_reorder_and_move_toolkit_sections(page: Page, server: Server) -> None:
    before = server.api.get("/api/v1/toolkit").json()["items"]
    first, second = before[0], before[1]
    sign_in(page)
    page.get_by_role("link", name="Order the toolkit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Order the toolkit")
    look(page, "editor-toolkit")

    up = page.get_by_role("button", name=f"Move “{second['title']}” up")
    up.click()
    status = page.get_by_role("status").filter(has_text="Moved")
    expect(status).to_have_text(
        f"Moved “{second['title']}”. It is now number 1 of {len(before)} among the main sections."
    )
    expect(page.get_by_role("button", name=f"Move “{second['title']}” up")).to_be_focused()
    after = server.api.get("/api/v1/toolkit").json()["items"]
    assert [n["id"] for n in after[:2]] == [second["id"], first["id"]]

    # Put the (now second) first section inside the one above it, then take it out again.
    page.get_by_role("button", name=f"Put “{first['title']}” in the section above it").click()
    expect(status).to_contain_text(f"in “{second['title']}”")
    moved = server.api.get("/api/v1/toolkit").json()["items"]
    assert first["id"] not in [n["id"] for n in moved]
    assert moved[0]["children"][-1]["id"] == first["id"]
    page.get_by_role("button", name=f"Take “{first['title']}” out of the section it is in").click()
    expect(status).to_contain_text("among the main sections")
    back = server.api.get("/api/v1/toolkit").json()["items"]
    assert [n["id"] for n in back[:2]] == [second["id"], first["id"]]
