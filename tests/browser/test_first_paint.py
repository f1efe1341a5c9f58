"""Every screen steady and quick on a phone, checked by what is not timing: no console errors,
the favicon served, an entry's text in the first HTML response (and shown without
JavaScript), the API's answers embedded in the page and used instead of asked for again, and
no layout shift above 0.1 while a screen loads (a PerformanceObserver, buffered)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Server, look, new_page

KINDS = ("resources", "projects", "networks")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Layout shifts as the page records them from its very start (buffered), kept for the test.
WATCH_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const sources = (entry.sources || []).map((s) => (s.node ? `${s.node.nodeName}.${s.node.className || ''}` : '?'));
    window.__shifts.push({ value: entry.value, sources });
  }
}).observe({ type: 'layout-shift', buffered: true });
"""


def screens(server: Server) -> dict[str, str]:
    out = {"home": "/", "search results": "/search?q=participatory+budgeting"}
    for kind in KINDS:
        first = server.api.get(f"/api/v1/{kind}", params={"per_page": 1}).json()["items"][0]
        out[f"entry: {kind}"] = f"/{kind}/{first['slug']}"
    tree = server.api.get("/api/v1/toolkit").json()["items"]
    out["toolkit section"] = f"/toolkit/{tree[1]['children'][0]['slug']}"
    out["deposit form"] = "/deposit"
    out["editors' sign-in"] = "/editor"
    return out


def drawn(page: Page) -> None:
    """The screen's script has drawn it (its heading is in the page, and nothing is loading)."""
    expect(page.locator("main h1").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[aria-busy='true']")).to_have_count(0)


@pytest.fixture
def phone(browser: Browser, server: Server) -> Iterator[Page]:
    page, problems = new_page(browser, server.url)
    page.set_viewport_size(PHONE)
    page.add_init_script(WATCH_SHIFTS)
    yield page
    page.context.close()
    assert not problems, "\n".join(problems)


def test_no_console_errors_and_no_layout_shift_on_any_screen(phone: Page, server: Server) -> None:
    for size in (PHONE, DESKTOP):
        phone.set_viewport_size(size)
        for name, path in screens(server).items():
            phone.goto(path)
            drawn(phone)
            shifts = phone.evaluate("() => window.__shifts")
            big = [s for s in shifts if s["value"] > 0.1]
            assert not big, f"{name} at {size['width']}px shifted: {json.dumps(big)}"
    # Console errors fail the test in the fixture (the favicon's 404 among them, before).


def test_the_favicon_and_touch_icon_are_served_and_linked(server: Server) -> None:
    for path, kind in [
        ("/favicon.ico", "image/"),
        ("/favicon.svg", "image/svg+xml"),
        ("/favicon-32.png", "image/png"),
        ("/apple-touch-icon.png", "image/png"),
    ]:
        r = server.api.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith(kind), (path, r.status_code)
        assert len(r.content) > 100
    for path in screens(server).values():
        page = server.api.get(path).text
        assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in page
        assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in page
        assert '<link rel="modulepreload" href="/js/main.js">' in page
        assert '<link rel="modulepreload" href="/js/router.js">' in page


def _embedded(page_html: str) -> dict:
    match = re.search(r'<script type="application/json" id="ckb-answer">(.*?)</script>', page_html, re.S)
    assert match, "no embedded answers"
    return dict(json.loads(match.group(1)))


def test_entry_text_is_in_the_first_response(server: Server) -> None:
    for kind in (*KINDS, "toolkit-sections"):
        entry = server.api.get(f"/api/v1/{kind}", params={"per_page": 1}).json()["items"][0]
        paths = [f"/{kind}/{entry['slug']}"] + ([f"/toolkit/{entry['slug']}"] if kind == "toolkit-sections" else [])
        for path in paths:
            page = server.api.get(path).text  # no script runs: what the first response holds
            main = page[page.index("<main") : page.index("</main>")]
            assert f"<h1>{html.escape(entry['title'])}</h1>" in main
            assert html.escape(entry["summary"]) in main
            first_words = " ".join(re.sub(r"<[^>]+>", " ", entry["body_html"]).split()[:8])
            assert first_words in " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())
            # The API's answer, as the API gives it, is embedded for the script.
            answers = _embedded(page)
            api_path = f"/api/v1/{kind}/{entry['slug']}"
            assert answers[api_path] == server.api.get(api_path).json()


def test_the_embedded_answers_are_used_instead_of_asked_again(browser: Browser, server: Server) -> None:
    page, problems = new_page(browser, server.url)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/api/v1/" in request.url else None)
    try:
        for kind in KINDS:
            entry = server.api.get(f"/api/v1/{kind}", params={"per_page": 1}).json()["items"][0]
            asked.clear()
            page.goto(f"/{kind}/{entry['slug']}")
            drawn(page)
            expect(page.get_by_role("heading", level=1)).to_have_text(entry["title"])
            expect(page.get_by_label("Link to this page")).to_be_visible()  # drawn by the script
            expect(page.get_by_role("region", name="You may also find useful")).to_be_visible()
            assert not [u for u in asked if f"/api/v1/{kind}/" in u or u.endswith("/api/v1/meta")], asked

        section = server.api.get("/api/v1/toolkit").json()["items"][1]["children"][0]
        asked.clear()
        page.goto(f"/toolkit/{section['slug']}")
        drawn(page)
        expect(page.get_by_role("tree", name="All sections")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(section["title"])
        assert not [u for u in asked if "/api/v1/toolkit" in u], asked

        asked.clear()
        page.goto("/search?q=participatory+budgeting")
        drawn(page)
        expect(page.locator(".results-area .result").first).to_be_visible()
        assert not [u for u in asked if "/api/v1/search?" in u], asked
        look(page, "first-paint-search")

        # Moving on within the site asks the API as before (an answer is used once).
        asked.clear()
        page.locator(".results-area .result a").first.click()
        expect(page.get_by_label("Link to this page")).to_be_visible()
        assert [u for u in asked if re.search(r"/api/v1/(resources|projects|networks|toolkit-sections)/", u)], asked
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def test_entry_pages_and_toolkit_sections_without_javascript(browser: Browser, server: Server) -> None:
    context = browser.new_context(viewport=PHONE, base_url=server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        for kind in (*KINDS, "toolkit-sections"):
            entry = server.api.get(f"/api/v1/{kind}", params={"per_page": 1}).json()["items"][0]
            page.goto(f"/{kind}/{entry['slug']}")
            expect(page.get_by_role("heading", level=1)).to_have_text(entry["title"])
            expect(page.locator(".lead")).to_have_text(entry["summary"])
            expect(page.get_by_role("heading", name="Description")).to_be_visible()
            expect(page.get_by_role("region", name="You may also find useful")).to_be_visible()
        section = server.api.get("/api/v1/toolkit").json()["items"][1]["children"][0]
        page.goto(f"/toolkit/{section['slug']}")
        expect(page.get_by_role("heading", level=1)).to_have_text(section["title"])
        nav = page.get_by_role("navigation", name="All sections")
        expect(nav.get_by_role("link", name=section["title"])).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("link", name=re.compile(r"^Next: "))).to_be_visible()
        # The search form is a form that works without a script (it asks for /search?q=…).
        page.goto("/")
        page.get_by_role("searchbox", name="Search for words or a phrase").fill("time banking")
        page.get_by_role("button", name="Search").click()
        expect(page).to_have_url(re.compile(r"/search\?q=time\+banking$"))
        expect(page.get_by_role("searchbox", name="Search for words or a phrase")).to_have_value("time banking")
    finally:
        context.close()
