"""Hostile content: an entry of every kind with a script payload in every text field (and a
deposit with one in the depositor's name) shows as text on every screen that shows it. No
dialog opens (the page fixture fails the test if one does), no element is injected, no
javascript: link survives, and the server-filled <head> is escaped."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN_KEY, Server, look

PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'"
# Quotes and angle brackets in a URL are refused since the security review (an address that
# holds them is a mistake or an attack); what an address may still hold is tried here.
EVIL_URL = "https://example.org/?q='onmouseover=alert(3)//&x=%22%3E%3Cscript%3Ealert(3)%3C/script%3E"
BODY = (
    f'{PAYLOAD}\n\n[a link](javascript:alert(4))\n\n<a href="javascript:alert(5)">raw</a>\n\n'
    "<svg onload=alert(6)></svg> <iframe src=javascript:alert(7)></iframe>\n\n"
    "| a | b |\n|---|---|\n| <b onmouseover=alert(8)>x</b> | y |\n"
)
COMMON = {
    "title": PAYLOAD,
    "summary": PAYLOAD,
    "body": BODY,
    "keywords": [PAYLOAD, "hostilepayload"],
    "links": [{"url": EVIL_URL, "label": PAYLOAD}],
}
FIELDS: dict[str, dict[str, Any]] = {
    "resources": {
        "type": PAYLOAD,
        "authors": [PAYLOAD],
        "publisher": PAYLOAD,
        "year": 2020,
        "url": EVIL_URL,
        "category": PAYLOAD,
        "place": PAYLOAD,
    },
    "projects": {
        "start_year": 2019,
        "place": PAYLOAD,
        "region": PAYLOAD,
        "contributors": [{"name": PAYLOAD, "organisation": PAYLOAD, "role": PAYLOAD}],
        "organisations": [PAYLOAD],
        "publications": [{"title": PAYLOAD, "url": EVIL_URL, "year": 2020}],
        "outcomes": PAYLOAD,
        "funding": PAYLOAD,
    },
    "networks": {"organisation": PAYLOAD, "region": PAYLOAD, "url": EVIL_URL, "network_type": PAYLOAD},
    "toolkit-sections": {},
}

INJECTED = """() => ({
    images: document.querySelectorAll('img').length,
    inlineScripts: Array.from(document.scripts).filter((s) => !s.src && s.type !== 'application/ld+json').length,
    handlers: Array.from(document.querySelectorAll('*'))
        .filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))).length,
    scriptLinks: Array.from(document.querySelectorAll('a[href]'))
        .filter((a) => !/^(https?|mailto|blob):/.test(a.protocol)).length,
    frames: document.querySelectorAll('iframe, svg, object, embed').length,
})"""


@pytest.fixture(scope="module")
def hostile(server: Server) -> dict[str, dict[str, Any]]:
    """One entry of every kind, each related to the others, and a pending deposit."""
    made: dict[str, dict[str, Any]] = {}
    for kind, own in FIELDS.items():
        response = server.admin.post(f"/api/v1/{kind}", json={**COMMON, **own})
        assert response.status_code == 201, response.text
        made[kind] = response.json()
    first = made["resources"]
    related = [{"kind": kind, "id": entry["id"]} for kind, entry in made.items() if kind != "resources"]
    assert server.admin.patch(f"/api/v1/resources/{first['id']}", json={"related": related}).status_code == 200
    deposit = server.api.post(
        "/api/v1/submissions",
        json={
            "title": PAYLOAD,
            "summary": PAYLOAD,
            "depositor_name": PAYLOAD,
            "depositor_email": "x@example.org",
            "contributors": [{"name": PAYLOAD}],
            "keywords": [PAYLOAD],
        },
    )
    assert deposit.status_code == 201, deposit.text
    return made


def assert_inert(page: Page) -> None:
    found = page.evaluate(INJECTED)
    assert found == {"images": 0, "inlineScripts": 0, "handlers": 0, "scriptLinks": 0, "frames": 0}, found


def test_every_field_of_every_kind_renders_as_text(
    page: Page, server: Server, hostile: dict[str, dict[str, Any]]
) -> None:
    for kind, entry in hostile.items():
        response = page.goto(f"/{kind}/{entry['slug']}")
        assert response is not None and response.status == 200
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(PAYLOAD)
        assert page.title().startswith(PAYLOAD)
        expect(page.locator(".lead")).to_have_text(PAYLOAD)
        expect(page.locator(".prose").first).to_contain_text("<svg onload=alert(6)>")
        expect(page.get_by_role("link", name=PAYLOAD).first).to_be_visible()  # keyword, link label
        assert_inert(page)
        # The head the server filled: escaped, and its JSON-LD parses to the same text.
        ld = json.loads(page.locator("script[type='application/ld+json']").text_content() or "{}")
        assert ld["name"] == PAYLOAD and ld["description"] == PAYLOAD
        assert page.locator("meta[property='og:title']").get_attribute("content") == PAYLOAD
        html = server.api.get(f"/{kind}/{entry['slug']}").text
        head = html.split("</head>")[0]
        assert "<img" not in head and "<script>alert" not in head
        for field in FIELDS[kind].values():
            if isinstance(field, str) and field == PAYLOAD:
                expect(page.get_by_text(PAYLOAD, exact=True).first).to_be_visible()
    look(page, "hostile-entry")

    resource = hostile["resources"]
    page.goto(f"/resources/{resource['slug']}")
    for kind in ("projects", "networks", "toolkit-sections"):
        expect(page.locator(f"a[href='/{kind}/{hostile[kind]['slug']}']")).to_have_text(PAYLOAD)
    for summary in ("BibTeX", "RIS", "Show the code"):
        page.locator("summary", has_text=summary).click()
    expect(page.locator("#bibtex")).to_contain_text("title = {{<img src=x")
    assert_inert(page)

    # Search results (snippets with <mark>), filters and suggestions.
    page.goto("/search?q=onerror")
    expect(page.locator(".result__title").first).to_have_text(PAYLOAD)
    expect(page.locator(".result__snippet mark").first).to_be_visible()
    expect(page.get_by_role("checkbox", name=f"{PAYLOAD} (4)")).to_be_visible()
    assert_inert(page)
    box = page.get_by_role("combobox", name="Search for words or a phrase")
    box.fill("")
    box.press_sequentially("img sr", delay=30)
    expect(page.get_by_role("option").first).to_contain_text(PAYLOAD)
    assert_inert(page)

    # The toolkit tree and section; the card partners frame.
    page.goto(f"/toolkit/{hostile['toolkit-sections']['slug']}")
    expect(page.get_by_role("treeitem", name=PAYLOAD)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAYLOAD)
    assert_inert(page)
    page.goto(f"/embed/projects/{hostile['projects']['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAYLOAD)
    assert_inert(page)


def test_the_editors_queue_and_forms_show_it_as_text(
    page: Page, server: Server, hostile: dict[str, dict[str, Any]]
) -> None:
    page.goto("/editor")
    page.get_by_label("Your API key").fill(ADMIN_KEY)
    page.get_by_role("button", name="Sign in").click()
    item = page.locator(".queue__item", has=page.get_by_role("heading", name=PAYLOAD))
    expect(item).to_contain_text(f"Sent by {PAYLOAD}")
    item.locator("summary", has_text="Show everything they sent").click()
    assert_inert(page)

    project = hostile["projects"]
    page.goto(f"/editor/edit/projects/{project['id']}")
    expect(page.locator("#entry-projects-title")).to_have_value(PAYLOAD)
    expect(page.get_by_label("Organisations involved")).to_have_value(PAYLOAD)
    expect(page.locator("fieldset.repeat").first.get_by_label("Name", exact=True)).to_have_value(PAYLOAD)
    assert_inert(page)
    # Saving it unchanged sends the same text back: nothing was escaped twice.
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".banner")).to_contain_text("Your changes are saved")
    saved = server.admin.get(f"/api/v1/projects/{project['id']}").json()
    assert saved["title"] == PAYLOAD and saved["contributors"][0]["name"] == PAYLOAD
