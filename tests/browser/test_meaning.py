"""Search in people's own words, in a browser: hits found by meaning alone say so, a search
that finds nothing offers the entries nearest in meaning and ways on, every entry page and
toolkit section shows "You may also find useful" with why, and the partners' widget lists the
entries related to one entry."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Server, free_port, look, new_page
from tests.browser.test_embeds import _QuietHandler

REASONS = {
    "related": "Linked by our editors",
    "keywords": "Shares keywords with this page",
    "meaning": "Related by meaning",
}
WIDGET_REASONS = {**REASONS, "keywords": "Shares keywords"}


def results_loaded(page: Page) -> None:
    expect(page.locator(".result-count")).not_to_be_empty()
    expect(page.locator(".results-area[aria-busy]")).to_have_count(0)


def test_a_question_finds_entries_by_meaning_and_says_so(page: Page, server: Server) -> None:
    question = "paying people for their time"
    answer = server.api.get("/api/v1/search", params={"q": question, "per_page": 20}).json()["items"]
    by_meaning = [hit for hit in answer if hit["matched"] == ["meaning"]]
    by_words = [hit for hit in answer if "keyword" in hit["matched"]]
    assert by_meaning and by_words, answer

    page.goto(f"/search?q={question.replace(' ', '+')}")
    results_loaded(page)
    results = page.locator(".results-area > .results > .result")
    expect(results).to_have_count(len(answer))
    for hit in answer:
        result = results.filter(has=page.get_by_role("link", name=hit["title"], exact=True))
        note = result.get_by_text("Related by meaning", exact=True)
        if hit["matched"] == ["meaning"]:
            expect(note).to_be_visible()
            expect(result.locator("mark")).to_have_count(0)
        else:
            expect(note).to_have_count(0)
    # Hits that matched words keep their snippet with the words marked.
    first_by_words = results.filter(has=page.get_by_role("link", name=by_words[0]["title"], exact=True))
    expect(first_by_words.locator("mark").first).to_be_visible()
    look(page, "search-by-meaning")


def test_a_search_that_finds_nothing_is_never_a_dead_end(page: Page, server: Server) -> None:
    page.goto("/search?q=zzxqvw+housing&kind=networks")
    results_loaded(page)
    expect(page.locator(".result-count")).to_have_text("No results for “zzxqvw housing”, with 1 filter")
    nearest = page.get_by_role("region", name="Entries near in meaning to your words")
    expect(nearest.get_by_role("listitem").first).to_be_visible()
    near = server.api.get("/api/v1/search", params={"q": "zzxqvw housing", "mode": "semantic", "per_page": 5}).json()
    assert near["items"]
    expect(nearest.get_by_role("listitem")).to_have_count(len(near["items"]))
    expect(nearest.get_by_role("link").first).to_have_text(near["items"][0]["title"])
    tips = page.locator(".help")
    expect(tips.get_by_role("link", name="remove all filters")).to_be_visible()
    expect(tips.get_by_role("link", name="the co-production toolkit")).to_be_visible()
    look(page, "search-nothing-but-nearest")

    # Nothing near in meaning either: the newest entries are offered instead.
    page.goto("/search?q=zzxqvw")
    results_loaded(page)
    nothing = page.get_by_role("region", name="Entries near in meaning to your words")
    expect(nothing).to_contain_text("Nothing in the knowledge base is near in meaning to your words.")
    nothing.get_by_role("link", name="Look through the newest entries").click()
    expect(page).to_have_url(re.compile(r"/search\?sort=newest$"))
    results_loaded(page)
    expect(page.locator(".results-area .result").first).to_be_visible()


def _related(server: Server, kind: str, slug: str) -> list[dict]:
    """What the box shows: the related entries the page does not list already, five at most."""
    listed = {(r["kind"], r["id"]) for r in server.api.get(f"/api/v1/{kind}/{slug}").json()["related"]}
    answer = server.api.get(f"/api/v1/{kind}/{slug}/related", params={"limit": min(20, 5 + len(listed))})
    items = [item for item in answer.json()["items"] if (item["kind"], item["id"]) not in listed][:5]
    assert items, f"{kind}/{slug} has no related entries"
    return items


def _check_related_box(page: Page, items: list[dict]) -> None:
    """The box as the script draws it (the server drew it first)."""
    box = page.locator("[data-module='ckb-related']")
    expect(box.get_by_role("listitem")).to_have_count(len(items))
    for item, row in zip(items, box.get_by_role("listitem").all(), strict=True):
        expect(row.get_by_role("link")).to_have_text(item["title"])
        expect(row.get_by_role("link")).to_have_attribute("href", f"/{item['kind']}/{item['slug']}")
        expect(row).to_contain_text(REASONS[item["reason"]])


def test_entry_pages_and_toolkit_sections_show_what_else_may_be_useful(page: Page, server: Server) -> None:
    for kind in ("resources", "projects", "networks", "toolkit-sections"):
        entry = server.api.get(f"/api/v1/{kind}", params={"per_page": 1}).json()["items"][0]
        items = _related(server, kind, entry["slug"])
        page.goto(f"/{kind}/{entry['slug']}")
        expect(page.get_by_role("heading", level=1)).to_have_text(entry["title"])
        _check_related_box(page, items)
        look(page, f"related-{kind}")

    section = server.api.get("/api/v1/toolkit").json()["items"][1]["children"][0]
    items = _related(server, "toolkit-sections", section["slug"])
    page.goto(f"/toolkit/{section['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(section["title"])
    _check_related_box(page, items)
    look(page, "related-toolkit")

    # A related entry opens without a reload, with its own box.
    box = page.locator("[data-module='ckb-related']")
    expect(box).to_have_accessible_name("You may also find useful")
    box.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(items[0]["title"])
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    _check_related_box(page, _related(server, items[0]["kind"], items[0]["slug"]))


PARTNER_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Anytown Council: housing</title></head>
<body>
<main>
<h1>Housing in Anytown</h1>
<div id="related" data-ckb-related="{kind}/{slug}" data-ckb-limit="3" data-ckb-title="Read more"></div>
<div id="unknown" data-ckb-related="projects/there-is-no-such-project"></div>
</main>
<script src="{app}/widget.js" async></script>
</body>
</html>
"""


@pytest.fixture(scope="module")
def entry(server: Server) -> dict:
    return dict(server.api.get("/api/v1/projects", params={"per_page": 1}).json()["items"][0])


@pytest.fixture(scope="module")
def partner(server: Server, entry: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("partner-related")
    page = PARTNER_PAGE.format(app=server.url, kind="projects", slug=entry["slug"])
    (root / "index.html").write_text(page, encoding="utf-8")
    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://localhost:{port}"
    httpd.shutdown()
    httpd.server_close()


def test_the_widget_lists_the_entries_related_to_one_entry(
    browser: Browser, server: Server, partner: str, entry: dict
) -> None:
    page, problems = new_page(browser, partner)
    try:
        page.goto("/index.html")
        widget = page.locator("#related")
        region = widget.get_by_role("region", name="Related entries from the Co-production Knowledge Base")
        expect(region).to_be_visible()
        items = server.api.get(f"/api/v1/projects/{entry['slug']}/related", params={"limit": 3}).json()["items"]
        links = widget.locator(".ckb__link")
        expect(links).to_have_count(len(items))
        for item, link in zip(items, links.all(), strict=True):
            expect(link).to_have_text(item["title"])
            assert link.get_attribute("href") == f"{server.url}/{item['kind']}/{item['slug']}"
        expect(widget.locator(".ckb__item").first).to_contain_text(WIDGET_REASONS[items[0]["reason"]])
        expect(widget.get_by_role("link", name="See this entry in the Co-production Knowledge Base")).to_have_attribute(
            "href", f"{server.url}/projects/{entry['slug']}"
        )
        # An entry that is not there: the widget says so, and the page stays as it was.
        expect(page.locator("#unknown").get_by_text("The entries could not be loaded just now.")).to_be_visible()
        look(page, "widget-related")
    finally:
        page.context.close()
    # The 404 of the missing entry is the only console message, and is expected.
    assert not [p for p in problems if "404" not in p], problems
