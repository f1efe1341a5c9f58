"""The pages the server fills (entry heads for crawlers and CMSs, the app shell for each screen),
the /embed/ cards, oEmbed and the site metadata, on each database."""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

import httpx
import markupsafe
import pytest

from app.main import create_app
from tests.conftest import ADMIN
from tests.helpers import KIND_NAMES, SAMPLES, assert_problem

pytestmark = pytest.mark.anyio

HOSTILE = "<img src=x onerror=alert(1)></title><script>alert(2)</script>\"'&amp;"
SCHEMA_TYPES = {
    "resources": "CreativeWork",
    "projects": "Project",
    "networks": "Organization",
    "toolkit-sections": "CreativeWork",
}
SHELL_SCRIPT = '<script type="module" src="/js/main.js"></script>'


async def create(client: httpx.AsyncClient, kind: str, **overrides: Any) -> dict[str, Any]:
    r = await client.post(f"/api/v1/{kind}", json={**SAMPLES[kind], **overrides}, headers=ADMIN)
    assert r.status_code == 201, r.text
    return r.json()


def head_of(page: str) -> str:
    return page.split("</head>", 1)[0]


def json_ld(page: str) -> dict[str, Any]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert len(found) == 1, found
    assert "<" not in found[0] and ">" not in found[0]
    return json.loads(found[0])


def meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    assert match, f"no meta {name}"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("kind", KIND_NAMES)
async def test_entry_page_head_is_filled_and_escaped(client, kind):
    entry = await create(client, kind, title=HOSTILE, summary=f"Summary {HOSTILE}", keywords=["kw one", HOSTILE])
    r = await client.get(f"/{kind}/{entry['slug']}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    head = head_of(page)
    url = f"http://testserver/{kind}/{entry['slug']}"

    # Every value escaped: nothing from the entry opens a tag in the head.
    assert "<img" not in head and "<script>alert" not in head and "</title><script" not in head
    title = re.search(r"<title>(.*?)</title>", head, re.DOTALL)
    assert title and html.unescape(title.group(1)).startswith(HOSTILE)
    assert head.count("<title>") == 1
    assert meta(head, "name", "description") == f"Summary {HOSTILE}"
    assert meta(head, "property", "og:title") == HOSTILE
    assert meta(head, "property", "og:url") == url
    assert meta(head, "property", "og:site_name") == "Co-production Knowledge Base"
    assert f'<link rel="canonical" href="{url}">' in head
    oembed = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', head)
    assert oembed
    assert html.unescape(oembed.group(1)) == f"http://testserver/api/v1/oembed?url={quote(url, safe='')}&format=json"
    assert '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">' in head

    data = json_ld(page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == SCHEMA_TYPES[kind]
    assert data["name"] == HOSTILE
    assert data["url"] == data["@id"] == url
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert HOSTILE in data["keywords"]

    # Still the app shell: the browser renders the rest.
    assert SHELL_SCRIPT in page
    assert page.count("<head>") == 1 and page.count("</title>") == 1  # one head, filled once


async def test_json_ld_fields_by_kind(client):
    resource = await create(client, "resources")
    data = json_ld((await client.get(f"/resources/{resource['slug']}")).text)
    assert data["author"] == [{"@type": "Person", "name": "Lucie Stephens"}]
    assert data["publisher"] == {"@type": "Organization", "name": "nef"}
    assert data["datePublished"] == "2013"
    assert data["sameAs"] == "https://example.org/report.pdf"

    project = await create(client, "projects")
    data = json_ld((await client.get(f"/projects/{project['slug']}")).text)
    assert data["member"][0]["name"] == "Ena Lloyd"
    assert data["member"][0]["affiliation"]["name"] == "Wales Audit Office"
    assert (data["foundingDate"], data["dissolutionDate"], data["areaServed"]) == ("2012", "2032", "Wales")

    network = await create(client, "networks")
    data = json_ld((await client.get(f"/networks/{network['slug']}")).text)
    assert data["parentOrganization"]["name"] == "Scottish Community Development Centre"
    assert data["sameAs"] == "http://www.coproductionscotland.org.uk/"

    section = await create(client, "toolkit-sections")
    data = json_ld((await client.get(f"/toolkit/{section['slug']}")).text)
    assert data["isPartOf"]["url"] == "http://testserver/toolkit"
    assert data["url"] == f"http://testserver/toolkit-sections/{section['slug']}"  # the canonical page


async def test_missing_and_unpublished_entries_are_not_found_pages(client):
    draft = await create(client, "projects", status="draft")
    for path in (
        "/projects/no-such-project",
        f"/projects/{draft['slug']}",
        f"/projects/{draft['id']}",
        "/toolkit/no-such-section",
    ):
        r = await client.get(path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("text/html")
        assert "<title>Page not found \u2013 Co-production Knowledge Base</title>" in r.text
        assert '<meta name="robots" content="noindex">' in r.text
        assert SHELL_SCRIPT in r.text
        assert draft["title"] not in r.text


async def test_every_screen_is_the_app_shell_and_static_files_still_serve(client):
    for path in (
        "/",
        "/search",
        "/toolkit",
        "/deposit",
        "/deposit/status/abc123",
        "/editor",
        "/editor/entries",
        "/editor/edit/projects/1",
    ):
        r = await client.get(path)
        assert r.status_code == 200, path
        assert SHELL_SCRIPT in r.text, path
        assert "<title>Co-production Knowledge Base</title>" in r.text
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-frame-options"] == "SAMEORIGIN"
    for path, kind in (
        ("/js/main.js", "javascript"),
        ("/styles.css", "text/css"),
        ("/widget.js", "javascript"),
        ("/embed.css", "text/css"),
    ):
        r = await client.get(path)
        assert r.status_code == 200 and kind in r.headers["content-type"], path
    # Other unknown addresses stay problem details (the API's 404s are unchanged).
    assert_problem(await client.get("/api/v1/nothing-here"), 404)


async def test_site_meta_states_the_licence(client):
    r = await client.get("/api/v1/meta")
    assert r.status_code == 200
    body = r.json()
    assert body["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert body["name"] == "Co-production Knowledge Base"
    assert body["feeds"] == {"atom": "/api/v1/feed.atom", "json": "/api/v1/feed.json"}


async def test_oembed_answers_a_rich_card_for_entry_pages(client):
    entry = await create(client, "projects", title=HOSTILE)
    for page_url in (
        f"http://testserver/projects/{entry['slug']}",
        f"http://testserver/projects/{entry['slug']}?utm_source=x#top",
        f"http://testserver/embed/projects/{entry['slug']}",
    ):
        r = await client.get("/api/v1/oembed", params={"url": page_url, "format": "json"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["version"] == "1.0" and body["type"] == "rich"
        assert body["title"] == HOSTILE
        assert body["provider_name"] == "Co-production Knowledge Base"
        assert body["provider_url"] == "http://testserver/"
        assert (body["width"], body["height"]) == (480, 240)
        frame = body["html"]
        assert frame.startswith(f'<iframe src="http://testserver/embed/projects/{entry["slug"]}"')
        assert "<img" not in frame and "<script>" not in frame
        assert 'title="&lt;img' in frame

    small = await client.get(
        "/api/v1/oembed",
        params={"url": f"http://testserver/projects/{entry['slug']}", "maxwidth": 300, "maxheight": 150},
    )
    assert (small.json()["width"], small.json()["height"]) == (300, 150)
    assert 'width="300" height="150"' in small.json()["html"]

    section = await create(client, "toolkit-sections")
    r = await client.get("/api/v1/oembed", params={"url": f"http://testserver/toolkit/{section['slug']}"})
    assert r.status_code == 200 and "/embed/toolkit-sections/" in r.json()["html"]


async def test_oembed_refuses_other_urls(client):
    entry = await create(client, "projects")
    draft = await create(client, "resources", status="draft")
    for url in (
        "http://testserver/projects/no-such-project",
        f"http://testserver/resources/{draft['slug']}",
        f"https://elsewhere.example/projects/{entry['slug']}",
        f"javascript://testserver/projects/{entry['slug']}",
        "http://testserver/search",
        "http://testserver/",
        f"http://testserver/widgets/{entry['slug']}",
        "not a url at all",
    ):
        assert_problem(await client.get("/api/v1/oembed", params={"url": url}), 404)
    assert_problem(
        await client.get(
            "/api/v1/oembed", params={"url": f"http://testserver/projects/{entry['slug']}", "format": "xml"}
        ),
        422,
    )
    assert_problem(await client.get("/api/v1/oembed"), 422)
    assert_problem(await client.get("/api/v1/oembed", params={"url": "x", "maxwidth": 0}), 422)


async def test_embed_card_may_be_framed_anywhere_and_escapes(client):
    entry = await create(client, "networks", title=HOSTILE, summary=HOSTILE)
    r = await client.get(f"/embed/networks/{entry['slug']}")
    assert r.status_code == 200
    assert "frame-ancestors *" in r.headers["content-security-policy"]
    assert "x-frame-options" not in r.headers
    assert "<img" not in r.text and "<script" not in r.text
    # Escaped as the templates escape (markupsafe, which writes quotes as &#34; and &#39;).
    assert str(markupsafe.escape(HOSTILE)) in r.text
    assert '<link rel="stylesheet" href="/embed.css">' in r.text
    assert f'href="http://testserver/networks/{entry["slug"]}"' in r.text
    assert 'rel="license noopener"' in r.text and "CC BY 4.0" in r.text

    missing = await client.get("/embed/networks/no-such-network")
    assert missing.status_code == 404 and "This entry is not available" in missing.text
    assert (await client.get("/embed/nonsense/x")).status_code == 404


async def test_public_url_setting_is_used_for_links(settings):
    app = create_app(settings.model_copy(update={"public_url": "https://kb.example.org/"}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://internal:8000") as client:
            entry = await create(client, "resources")
            page = (await client.get(f"/resources/{entry['slug']}")).text
            assert f'<link rel="canonical" href="https://kb.example.org/resources/{entry["slug"]}">' in page
            r = await client.get("/api/v1/oembed", params={"url": f"https://kb.example.org/resources/{entry['slug']}"})
            assert r.status_code == 200, r.text
            assert 'src="https://kb.example.org/embed/resources/' in r.json()["html"]


async def test_reads_are_open_to_other_origins(client):
    entry = await create(client, "projects")
    origin = {"Origin": "https://partner.example"}
    for path in (
        "/api/v1/meta",
        f"/api/v1/oembed?url=http://testserver/projects/{entry['slug']}",
        "/api/v1/search?q=sustainability",
    ):
        r = await client.get(path, headers=origin)
        assert r.status_code == 200, path
        assert r.headers["access-control-allow-origin"] == "*"
