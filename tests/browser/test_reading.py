"""Reading the knowledge base in a browser: search with suggestions, filters, sorting and pages,
entry pages of every kind with cite and share, the toolkit tree, not-found pages, and the
keyboard all the way through."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, look

KINDS = ("resources", "projects", "networks", "toolkit-sections")


def results_loaded(page: Page) -> None:
    expect(page.locator(".result-count")).not_to_be_empty()
    expect(page.locator(".results-area[aria-busy]")).to_have_count(0)


def test_suggestions_by_keyboard_open_an_entry(page: Page, server: Server) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the knowledge base")
    results_loaded(page)
    look(page, "search-home")

    box = page.get_by_role("combobox", name="Search for words or a phrase")
    box.press_sequentially("partic", delay=40)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    assert options.count() >= 2
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").filter(has_text="suggestions")).to_have_count(1)

    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id") or "")
    box.press("ArrowUp")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(second).to_have_attribute("aria-selected", "false")
    look(page, "search-suggestions")

    title = first.locator(".suggestions__label").inner_text()
    box.press("Enter")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    expect(heading).to_be_focused()
    assert re.search(r"/(resources|projects|networks|toolkit-sections)/[a-z0-9-]+$", page.url)

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the knowledge base")
    assert page.url.rstrip("/") == server.url
    results_loaded(page)

    # Escape closes the list; a keyword suggestion searches by that keyword.
    box = page.get_by_role("combobox", name="Search for words or a phrase")
    box.fill("")
    box.press_sequentially("particip", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Backspace")
    keyword = page.get_by_role("option").filter(has_text="Keyword").first
    expect(keyword).to_be_visible()
    keyword.click()
    expect(page).to_have_url(re.compile(r"/search\?keyword="))
    results_loaded(page)
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(1)


def test_search_filters_sort_pages_and_back_button(page: Page, server: Server) -> None:
    page.goto("/search")
    box = page.get_by_role("combobox", name="Search for words or a phrase")
    box.fill("participatory budgeting")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=participatory\+budgeting$"))
    count = page.get_by_role("status").filter(has_text="results for")
    expect(count).to_have_text(re.compile(r"^\d+ results for “participatory budgeting”"))
    expect(count).to_have_attribute("aria-live", "polite")
    marks = page.locator(".result__snippet mark")
    expect(marks.first).to_be_visible()
    assert re.search(r"particip|budget", marks.first.inner_text(), re.IGNORECASE)
    total = int(count.inner_text().split()[0])

    # A filter, by keyboard: focus stays on it while the results change, and the count says so.
    projects = page.get_by_role("checkbox", name=re.compile(r"^Projects \(\d+\)"))
    projects.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"kind=projects"))
    expect(count).to_have_text(re.compile(r"with 1 filter"))
    expect(projects).to_be_checked()
    expect(projects).to_be_focused()
    metas = page.locator(".result__meta").all_inner_texts()
    assert metas and set(metas) == {"Project"}
    assert int(count.inner_text().split()[0]) < total
    # Other kinds stay offered (their counts are not narrowed by the kind filter itself).
    expect(page.get_by_role("checkbox", name=re.compile(r"^Resources \(\d+\)"))).to_be_visible()

    decade = page.locator("a[data-facet='decade']").filter(has_text="2010s")
    decade.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"decade=2010"))
    expect(count).to_have_text(re.compile(r"with 2 filters"))
    expect(page.locator("a[data-facet='decade'][aria-current='true']")).to_contain_text("2010s")
    expect(page.locator("a[data-facet='decade'][aria-current='true']")).to_be_focused()
    look(page, "search-results")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"decade="))
    expect(count).to_have_text(re.compile(r"with 1 filter"))
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"kind="))
    expect(page.get_by_role("checkbox", name=re.compile(r"^Projects \("))).not_to_be_checked()
    expect(box).to_have_value("participatory budgeting")

    # Sort by title.
    page.get_by_label("Sort by").select_option("title")
    expect(page).to_have_url(re.compile(r"sort=title"))
    results_loaded(page)
    titles = page.locator(".result__title").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)

    # Pages: every entry, newest first, 20 a page.
    page.goto("/search")
    results_loaded(page)
    pages = page.get_by_role("navigation", name="Results pages")
    pages.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".result-count")).to_have_text(re.compile(r"Page 2 of \d+"))
    expect(page.locator(".result-count")).to_be_focused()
    expect(pages.locator("[aria-current='page']")).to_have_text("2")


def test_no_results_help(page: Page) -> None:
    page.goto("/search?q=zzxqvw&kind=networks")
    expect(page.locator(".result-count")).to_have_text("No results for “zzxqvw”, with 1 filter")
    help_box = page.locator(".help")
    expect(help_box.get_by_role("heading", name="Things to try")).to_be_visible()
    help_box.get_by_role("link", name="remove all filters").click()
    expect(page).to_have_url(re.compile(r"/search\?q=zzxqvw$"))
    look(page, "search-no-results")


def _richest(server: Server, kind: str) -> dict:
    """The published entry of a kind with the most related entries (to see everything)."""
    items = server.api.get(f"/api/v1/{kind}", params={"per_page": 100}).json()["items"]
    return max(items, key=lambda e: (len(e["related"]), len(e.get("contributors", [])), len(e["keywords"])))


def test_entry_pages_of_every_kind(page: Page, server: Server) -> None:
    for kind in KINDS:
        entry = _richest(server, kind)
        response = page.goto(f"/{kind}/{entry['slug']}")
        assert response is not None and response.status == 200
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(entry["title"])
        assert page.title().startswith(entry["title"])
        permalink = f"{server.url}/{kind}/{entry['slug']}"
        expect(page.get_by_label("Link to this page")).to_have_value(permalink)
        expect(page.locator("#citation")).to_contain_text(entry["title"])
        expect(page.locator("#citation")).to_contain_text(permalink)
        for keyword in entry["keywords"]:
            expect(page.get_by_role("link", name=keyword, exact=True).first).to_be_visible()
        for related in entry["related"]:
            expect(page.get_by_role("link", name=related["title"], exact=True).first).to_be_attached()
        if kind == "projects":
            people = page.locator("section", has=page.get_by_role("heading", name="Who took part"))
            for person in entry["contributors"]:
                expect(people).to_contain_text(person["name"])
        look(page, f"entry-{kind}")

    # Cite: BibTeX and RIS shown to copy and offered as files.
    entry = _richest(server, "resources")
    page.goto(f"/resources/{entry['slug']}")
    page.locator("summary", has_text="BibTeX").click()
    expect(page.locator("#bibtex")).to_contain_text("@")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the BibTeX file").click()
    bib = download.value.path().read_text(encoding="utf-8")
    assert bib.startswith("@") and f"/resources/{entry['slug']}" in bib
    page.locator("summary", has_text="RIS").click()
    expect(page.locator("#ris")).to_contain_text("TY  - ")
    expect(page.locator("#ris")).to_contain_text("ER  - ")

    # Share: without a share sheet (as here), the link is copied and the reader told.
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_text("Link copied. You can paste it into an email or a message.").first).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{server.url}/resources/{entry['slug']}"

    # A related entry opens without a reload, and focus moves to its heading.
    related = entry["related"][0]
    page.get_by_role("link", name=related["title"], exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/{related['kind']}/{related['slug']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(related["title"])
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(entry["title"])


def test_unknown_entry_is_a_not_found_page(page: Page) -> None:
    response = page.goto("/projects/there-is-no-such-project")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert page.title().startswith("Page not found")
    look(page, "not-found")


def test_walk_the_toolkit_with_the_keyboard(page: Page, server: Server) -> None:
    tree_data = server.api.get("/api/v1/toolkit").json()["items"]
    page.goto("/toolkit")
    expect(page.get_by_role("heading", level=1)).to_have_text("The co-production toolkit")
    tree = page.get_by_role("tree", name="All sections")
    items = tree.get_by_role("treeitem")
    expect(items.first).to_have_text(tree_data[0]["title"])
    # Only one item is in the tab order.
    assert page.locator("[role='treeitem'][tabindex='0']").count() == 1
    look(page, "toolkit")

    items.first.focus()
    page.keyboard.press("ArrowDown")
    second = tree_data[1]
    expect(page.locator(":focus")).to_have_text(second["title"])
    expect(page.locator(":focus")).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowRight")
    expect(page.locator(":focus")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowRight")
    child = second["children"][0]
    expect(page.locator(":focus")).to_have_text(child["title"])
    page.keyboard.press("ArrowLeft")
    expect(page.locator(":focus")).to_have_text(second["title"])
    page.keyboard.press("End")
    expect(page.locator(":focus")).to_have_text(tree_data[-1]["title"])
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")  # the branch is open: into it
    expect(page.locator(":focus")).to_have_text(child["title"])
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/toolkit/{child['slug']}$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(child["title"])
    expect(heading).to_be_focused()
    expect(tree.locator("[aria-current='page']")).to_have_text(child["title"])
    expect(tree.locator("[aria-current='page']")).to_have_attribute("tabindex", "0")
    look(page, "toolkit-section")

    page.get_by_role("link", name=re.compile(r"^Next: ")).click()
    expect(heading).not_to_have_text(child["title"])
    page.go_back()
    expect(heading).to_have_text(child["title"])


def test_skip_link_and_main_navigation_by_keyboard(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Toolkit").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/toolkit$"))
    expect(nav.get_by_role("link", name="Toolkit")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
