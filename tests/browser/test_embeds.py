"""Partners' pages: the widget and the oEmbed card on a page of another origin (a second local
server, on another host name and port), styled apart from the page around them."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Server, free_port, look, new_page

PARTNER_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Anytown Council: community budgets</title>
<style>
  /* A partner's own styles, which must not reach into the widget. */
  body {{ font-family: Georgia, serif; color: #333; }}
  a {{ color: rgb(255, 0, 0) !important; font-size: 30px; }}
  li {{ list-style: square; }}
  .ckb__link {{ display: none; }}
</style>
</head>
<body>
<main>
<h1>Community budgets in Anytown</h1>
<p>Ideas from other places: <a id="partner-link" href="#">our own link</a></p>
<div id="widget" data-ckb-search="participatory budgeting" data-ckb-kind="projects" data-ckb-limit="3"></div>
<div id="hostile-widget" data-ckb-search="onerror" data-ckb-limit="5" data-ckb-title="Hostile entries"></div>
<div id="welsh-widget" data-ckb-search="co-production" data-ckb-lang="cy" data-ckb-limit="3"></div>
<h2>A card for one project</h2>
{card}
<p class="ckb__link" id="partner-class">A partner's element that shares a class name with the widget.</p>
</main>
<script src="{app}/widget.js" async></script>
</body>
</html>
"""


@pytest.fixture(scope="module")
def partner(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another origin serving a partner's page: http://localhost:PORT (the app is on 127.0.0.1)."""
    project = server.api.get(
        "/api/v1/search", params={"q": "participatory budgeting", "kind": "projects", "per_page": 1}
    ).json()["items"][0]
    oembed = server.api.get(
        "/api/v1/oembed", params={"url": f"{server.url}/projects/{project['slug']}", "format": "json"}
    )
    assert oembed.status_code == 200, oembed.text
    hostile = server.admin.post(
        "/api/v1/resources", json={"title": "<img src=x onerror=alert(1)>", "summary": "<script>alert(2)</script>"}
    )
    assert hostile.status_code == 201, hostile.text
    root: Path = tmp_path_factory.mktemp("partner")
    (root / "index.html").write_text(PARTNER_PAGE.format(app=server.url, card=oembed.json()["html"]), encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{port}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def partner_page(browser: Browser, partner: str) -> Iterator[Page]:
    page, problems = new_page(browser, partner)
    yield page
    page.context.close()
    assert not problems, "\n".join(problems)


def test_widget_on_another_origin(partner_page: Page, server: Server) -> None:
    page = partner_page
    page.goto("/")
    widget = page.locator("#widget")
    items = widget.locator(".ckb__item")  # Playwright's CSS locators pierce open shadow roots
    expect(items.first).to_be_visible()
    assert 1 <= items.count() <= 3
    assert widget.evaluate("el => el.shadowRoot !== null && el.shadowRoot.mode === 'open'")
    for kind in items.locator(".ckb__kind").all_inner_texts():
        assert kind == "Project"
    for link in items.locator("a").all():
        assert (link.get_attribute("href") or "").startswith(f"{server.url}/projects/")

    # Neither page's styles reach the other.
    link = items.locator("a").first
    assert link.evaluate("el => getComputedStyle(el).color") == "rgb(29, 112, 184)"
    assert link.evaluate("el => getComputedStyle(el).display") != "none"
    assert link.evaluate("el => getComputedStyle(el).fontSize") == "16px"
    assert page.locator("#partner-link").evaluate("el => getComputedStyle(el).color") == "rgb(255, 0, 0)"
    assert page.locator("#partner-class").evaluate("el => getComputedStyle(el).display") == "none"
    expect(widget.get_by_role("link", name="More from the Co-production Knowledge Base")).to_have_attribute(
        "href", f"{server.url}/search?q=participatory+budgeting&kind=projects"
    )

    # Hostile text arrives as text in the widget too.
    hostile = page.locator("#hostile-widget")
    expect(hostile.locator(".ckb__title")).to_have_text("Hostile entries")
    expect(hostile.locator(".ckb__link").first).to_have_text("<img src=x onerror=alert(1)>")
    assert hostile.evaluate("el => el.shadowRoot.querySelectorAll('img, script').length") == 0

    # A list in Welsh (data-ckb-lang): its words from the knowledge base's catalogue, its links
    # to the Welsh pages.
    welsh = page.locator("#welsh-widget")
    expect(welsh.locator(".ckb__item").first).to_be_visible()
    assert welsh.locator("section").get_attribute("lang") == "cy-GB"
    assert welsh.locator("section").get_attribute("aria-label") == "O'r Gronfa Wybodaeth Cyd-gynhyrchu: co-production"
    kinds = {"Adnodd", "Prosiect", "Rhwydwaith", "Adran o'r pecyn cymorth"}
    assert set(welsh.locator(".ckb__kind").all_inner_texts()) <= kinds
    for link in welsh.locator(".ckb__link").all():
        assert (link.get_attribute("href") or "").startswith(f"{server.url}/cy/")
    expect(welsh.get_by_role("link", name="Rhagor o'r Gronfa Wybodaeth Cyd-gynhyrchu")).to_have_attribute(
        "href", f"{server.url}/cy/search?q=co-production"
    )

    # The oEmbed card, framed from the app's origin.
    card = page.frame_locator("iframe")
    expect(card.get_by_role("heading", level=1)).to_be_visible()
    expect(card.get_by_role("link", name="CC BY 4.0")).to_be_visible()
    look(page, "partner-page")

    title, href = link.inner_text(), link.get_attribute("href") or ""
    link.click()
    expect(page).to_have_url(href)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_widget_follows_changes_to_its_options(partner_page: Page) -> None:
    page = partner_page
    page.goto("/")
    widget = page.locator("#widget")
    expect(widget.locator(".ckb__item").first).to_be_visible()
    page.evaluate("document.getElementById('widget').setAttribute('data-ckb-kind', 'networks')")
    expect(widget.locator(".ckb__kind").first).to_have_text("Network")
    page.evaluate(
        """() => {
            const el = document.createElement('div')
            el.id = 'late'
            el.setAttribute('data-ckb-search', 'time banking')
            el.setAttribute('data-ckb-limit', '2')
            document.querySelector('main').append(el)
        }"""
    )
    late = page.locator("#late .ckb__item")
    expect(late.first).to_be_visible()
    assert late.count() <= 2


def test_embed_card_page(page: Page, server: Server) -> None:
    project = server.api.get("/api/v1/projects", params={"per_page": 1}).json()["items"][0]
    response = page.goto(f"/embed/projects/{project['slug']}")
    assert response is not None and response.status == 200
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    expect(page.get_by_role("link", name=project["title"])).to_have_attribute(
        "href", f"{server.url}/projects/{project['slug']}"
    )
    look(page, "embed-card")
