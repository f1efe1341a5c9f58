"""The site in Welsh from the first page: home, a search, an entry, a toolkit section and the
deposit form at /cy/…, each with `lang="cy-GB"`, axe clean, and a switch to the English page
and back; the reader's choice is remembered on the next visit; moving around keeps to the
Welsh pages; the deposit form has no English left in it, its mistakes included."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, look


def path_of(page: Page) -> str:
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def switch_to_english_and_back(page: Page, welsh: str, english: str) -> None:
    """The switch in the header leads to the same page in English, and from there back."""
    expect(page.locator("html")).to_have_attribute("lang", "cy-GB")
    page.locator("header").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(english).path)
    assert path_of(page) == english
    expect(page.locator("header").get_by_role("link", name="Cymraeg")).to_have_attribute("lang", "cy")
    page.locator("header").get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy-GB")
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(welsh).path)
    assert path_of(page) == welsh


def a_toolkit_section(server: Server) -> dict[str, str]:
    """A section of the toolkit that has its Welsh version (the seed translates them all)."""
    page = server.api.get("/api/v1/toolkit-sections", params={"per_page": 50}).json()
    for item in page["items"]:
        if "cy" in item.get("languages", []):
            return {"slug": item["slug"], "welsh_slug": item["translations"]["cy"]["slug"], "title": item["title"]}
    pytest.fail("no toolkit section has a Welsh version")


def test_home_and_search_in_welsh(page: Page, server: Server) -> None:
    page.goto("/cy/")
    expect(page.locator("html")).to_have_attribute("lang", "cy-GB")
    header = page.locator("header")
    expect(header.get_by_role("link", name="Cronfa Wybodaeth Cyd-gynhyrchu")).to_have_attribute("href", "/cy/")
    expect(header.get_by_role("navigation", name="Prif lywio")).to_be_visible()
    expect(page.get_by_role("link", name="Neidio i'r prif gynnwys")).to_have_count(1)
    expect(page.locator("footer")).to_contain_text("Gallwch ailddefnyddio'r holl gynnwys o dan y drwydded")
    expect(page.locator("footer").get_by_role("link", name="Ffrwd Atom")).to_have_attribute(
        "href", "/api/v1/feed.atom?lang=cy"
    )
    expect(page.locator(".result-count")).not_to_be_empty()
    look(page, "welsh-home")
    switch_to_english_and_back(page, "/cy/", "/")

    # Links within the Welsh pages stay Welsh.
    header.get_by_role("link", name="Chwilio").click()
    page.wait_for_url(re.compile(r"/cy/search$"))
    expect(header.get_by_role("link", name="Chwilio")).to_have_attribute("aria-current", "page")

    page.goto("/cy/search?q=participatory+budgeting")
    expect(page.locator(".result-count")).not_to_be_empty()
    expect(page.locator(".results-area[aria-busy]")).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", "cy-GB")
    look(page, "welsh-search")
    # The results lead to the Welsh pages of the entries, and Back returns to the Welsh search.
    first = page.locator(".result__title a").first
    expect(first).to_have_attribute("href", re.compile(r"^/cy/(resources|projects|networks|toolkit-sections)/"))
    switch_to_english_and_back(page, "/cy/search?q=participatory+budgeting", "/search?q=participatory+budgeting")
    page.locator(".result__title a").first.click()
    page.wait_for_url(re.compile(r"/cy/(resources|projects|networks|toolkit-sections)/[^/]+$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy-GB")
    page.go_back()
    page.wait_for_url(re.compile(r"/cy/search\?q=participatory\+budgeting$"))


def test_an_entry_and_a_toolkit_section_in_welsh(page: Page, server: Server) -> None:
    section = a_toolkit_section(server)
    welsh = f"/cy/toolkit-sections/{section['welsh_slug']}"
    page.goto(welsh)
    expect(page.locator("html")).to_have_attribute("lang", "cy-GB")
    expect(page.locator("link[rel=canonical]")).to_have_attribute("href", f"{server.url}{welsh}")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(section["title"])  # the Welsh title
    months = "Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr"
    expect(page.locator("main .summary-list").first).to_contain_text(re.compile(rf"\d+ ({months}) \d{{4}}"))
    look(page, "welsh-entry")
    switch_to_english_and_back(page, welsh, f"/toolkit-sections/{section['slug']}")

    page.goto(f"/cy/toolkit/{section['welsh_slug']}")
    expect(page.locator("html")).to_have_attribute("lang", "cy-GB")
    expect(page.locator("header").get_by_role("link", name="Pecyn cymorth")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    look(page, "welsh-toolkit")
    switch_to_english_and_back(page, f"/cy/toolkit/{section['welsh_slug']}", f"/toolkit/{section['slug']}")


def test_the_choice_is_remembered_on_the_next_visit(page: Page, server: Server) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    page.locator("header").get_by_role("link", name="Cymraeg").click()
    page.wait_for_url(re.compile(r"/cy/$"))
    page.goto("/deposit")  # the English address, from a bookmark
    page.wait_for_url(re.compile(r"/cy/deposit$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy-GB")
    page.locator("header").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/deposit$"))
    page.goto("/")
    assert path_of(page) == "/"
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")


# The words of every visible text node (and label-like attribute) of a page.
SHOWN_TEXT = """() => {
    const out = new Set()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim()
        const parent = node.parentElement
        if (text && parent && !parent.closest('script, style, [hidden]')) out.add(text)
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
        for (const name of ['aria-label', 'placeholder', 'title']) {
            if (el.getAttribute(name)) out.add(el.getAttribute(name))
        }
    }
    return [...out]
}"""
# The same in both languages: names, and the words Welsh shares with English ("person").
SAME_IN_BOTH = {"CC BY 4.0", "Cymraeg", "English", "Person 1"}


def sentences(texts: list[str]) -> set[str]:
    """Each text and each of its sentences, so that English in part of a text is found too."""
    out = set(texts)
    for text in texts:
        out.update(part.strip() for part in re.split(r"(?<=[.?!:])\s+", text) if part.strip())
    return {text for text in out if re.search(r"[A-Za-z]{3}", text)}


def english_left(page: Page, english_page: Page) -> list[str]:
    """What the Welsh page shows that the English page shows too: any text (a sentence, a
    label, a hint, an error) left in English, whether or not it went through t()."""
    english = sentences(english_page.evaluate(SHOWN_TEXT))
    return sorted(english.intersection(sentences(page.evaluate(SHOWN_TEXT))) - SAME_IN_BOTH)


def the_same_in_english(page: Page, server: Server) -> Page:
    english = page.context.browser.new_context(base_url=server.url, locale="en-GB").new_page()  # type: ignore[union-attr]
    english.goto(urlsplit(page.url).path.removeprefix("/cy"))
    expect(english.locator("html")).to_have_attribute("lang", "en-GB")
    return english


def test_the_deposit_form_in_welsh(page: Page, server: Server) -> None:
    page.goto("/cy/")
    page.locator("header").get_by_role("link", name="Rhannu eich prosiect").click()
    page.wait_for_url(re.compile(r"/cy/deposit$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rhannu eich prosiect")
    expect(page.get_by_label("Eich enw")).to_be_visible()
    expect(page.get_by_role("button", name="Ychwanegu person arall")).to_be_visible()
    expect(page.locator("form")).to_contain_text("o dan y drwydded")
    english = the_same_in_english(page, server)
    expect(english.locator("form")).to_contain_text("under the")
    assert english_left(page, english) == []
    look(page, "welsh-deposit")

    # Sent empty: the mistakes are in Welsh too, in the summary and by the fields.
    page.get_by_role("button", name="Anfon eich astudiaeth achos").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Mae problem")
    links = summary.locator("a").all_inner_texts()
    assert {"Rhowch eich enw", "Rhowch eich cyfeiriad e-bost", "Rhowch enw'r prosiect"} <= set(links), links
    assert page.title().startswith("Gwall:")
    english.get_by_role("button", name="Send your case study").click()
    expect(english.locator(".error-summary")).to_be_focused()
    assert english_left(page, english) == []
    english.context.close()
    look(page, "welsh-deposit-errors")
    switch_to_english_and_back(page, "/cy/deposit", "/deposit")
