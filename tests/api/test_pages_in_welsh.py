"""The site in Welsh and English, on each database: every page at its address in each language
(Welsh under /cy/), with `lang`, `hreflang` links to the other version and a switch to it that
is remembered; entry heads, JSON-LD, feeds, oEmbed, embed cards and exports in the language
asked for, carrying the Welsh version of an entry where it has one."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import ADMIN
from tests.helpers import SAMPLES

pytestmark = pytest.mark.anyio

BASE = "http://testserver"
WELSH = {"title": "Rhwydwaith Cyd-gynhyrchu yr Alban", "summary": "Rhwydwaith ar gyfer cyd-gynhyrchu yn yr Alban."}
SITE_CY = "Cronfa Wybodaeth Cyd-gynhyrchu"
SITE_EN = "Co-production Knowledge Base"
WELSH_HEADERS = {"Accept-Language": "cy"}


async def welsh_network(client: httpx.AsyncClient) -> dict[str, Any]:
    r = await client.post(
        "/api/v1/networks", json={**SAMPLES["networks"], "translations": {"cy": WELSH}}, headers=ADMIN
    )
    assert r.status_code == 201, r.text
    return r.json()


async def page(client: httpx.AsyncClient, path: str, **headers: str) -> httpx.Response:
    client.cookies.clear()  # each visit says who it is
    return await client.get(path, headers=headers)


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switch(html: str) -> tuple[str, str]:
    match = re.search(
        r'<a href="([^"]+)" hreflang="(en|cy)" lang="\2" class="language-switch__link"[^>]*>([^<]+)</a>', html
    )
    assert match, "no language switch"
    return match.group(1).replace("&amp;", "&"), match.group(3)


def catalogue(html: str) -> dict[str, str] | None:
    match = re.search(r'<script type="application/json" id="ckb-messages">(.*?)</script>', html, re.DOTALL)
    return json.loads(match.group(1)) if match else None


def json_ld(html: str) -> dict[str, Any]:
    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(found)


def head_value(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    assert match, pattern
    return match.group(1)


@pytest.mark.parametrize("path", ["/", "/search", "/toolkit", "/deposit"])
async def test_every_screen_in_welsh_under_cy_and_in_english(client, path):
    welsh_path = "/cy/" if path == "/" else f"/cy{path}"
    r = await page(client, welsh_path)
    assert r.status_code == 200, r.text
    html = r.text
    assert '<html lang="cy-GB">' in html
    assert alternates(html) == {"en-GB": BASE + path, "cy-GB": BASE + welsh_path, "x-default": BASE + path}
    assert switch(html) == (f"{BASE}{path}?lang=en", "English")
    messages = catalogue(html)
    assert messages and messages["Share your project"] == "Rhannu eich prosiect"
    assert f"<title>{SITE_CY}</title>" in html and ">Chwilio</a>" in html and ">Pecyn cymorth</a>" in html
    assert "Neidio i&#39;r prif gynnwys" in html or "Neidio i'r prif gynnwys" in html
    assert 'href="/api/v1/feed.atom?lang=cy"' in html
    assert "ckb_lang=cy" in r.headers["set-cookie"]  # a Welsh page read is remembered
    assert "Cookie" in r.headers["vary"]

    r = await page(client, path)
    assert r.status_code == 200
    html = r.text
    assert '<html lang="en-GB">' in html
    assert alternates(html)["cy-GB"] == BASE + welsh_path
    assert switch(html) == (f"{BASE}{path}?lang=cy", "Cymraeg")
    assert catalogue(html) is None  # English: the scripts' own words
    assert f"<title>{SITE_EN}</title>" in html and ">Search</a>" in html
    assert "set-cookie" not in r.headers


async def test_the_switch_is_remembered_and_leads_to_the_clean_address(client):
    client.cookies.clear()
    r = await client.get("/search", params={"lang": "cy", "q": "tai"})
    assert r.status_code == 302 and r.headers["location"] == "/cy/search?q=tai"
    assert "ckb_lang=cy" in r.headers["set-cookie"]
    # The next visit to the English address goes to the Welsh one...
    r = await page(client, "/", cookie="ckb_lang=cy")
    assert r.status_code == 302 and r.headers["location"] == "/cy/"
    # ...until the reader switches back, which is remembered too.
    r = await page(client, "/cy/toolkit?lang=en")
    assert r.status_code == 302 and r.headers["location"] == "/toolkit"
    assert "ckb_lang=en" in r.headers["set-cookie"]
    r = await page(client, "/", cookie="ckb_lang=en", **{"accept-language": "cy"})
    assert r.status_code == 200 and '<html lang="en-GB">' in r.text
    # A browser that asks for Welsh first is sent to the Welsh pages.
    r = await page(client, "/deposit", **{"accept-language": "cy-GB, en;q=0.5"})
    assert r.status_code == 302 and r.headers["location"] == "/cy/deposit"


async def test_an_entry_page_in_each_language_with_json_ld_linking_the_two(client):
    entry = await welsh_network(client)
    slug, welsh_slug = entry["slug"], entry["translations"]["cy"]["slug"]
    english_url, welsh_url = f"{BASE}/networks/{slug}", f"{BASE}/cy/networks/{welsh_slug}"

    html = (await page(client, f"/networks/{slug}")).text
    assert '<html lang="en-GB">' in html
    assert alternates(html) == {"en-GB": english_url, "cy-GB": welsh_url, "x-default": english_url}
    assert switch(html) == (f"{BASE}/networks/{welsh_slug}?lang=cy", "Cymraeg")
    assert head_value(html, r'<link rel="canonical" href="([^"]+)">') == english_url
    assert head_value(html, r'<meta property="og:locale" content="([^"]+)">') == "en_GB"
    data = json_ld(html)
    assert data["inLanguage"] == "en-GB" and data["name"] == SAMPLES["networks"]["title"]
    assert data["workTranslation"] == [{"@type": "Organization", "@id": welsh_url, "inLanguage": "cy-GB"}]
    assert "translationOfWork" not in data

    r = await page(client, f"/cy/networks/{welsh_slug}")
    assert r.status_code == 200
    html = r.text
    assert '<html lang="cy-GB">' in html
    assert head_value(html, r"<title>([^<]+)</title>") == f"{WELSH['title']} – Rhwydwaith – {SITE_CY}"
    assert head_value(html, r'<meta name="description" content="([^"]+)">') == WELSH["summary"]
    assert head_value(html, r'<link rel="canonical" href="([^"]+)">') == welsh_url
    assert head_value(html, r'<meta property="og:locale" content="([^"]+)">') == "cy_GB"
    assert head_value(html, r'<meta property="og:locale:alternate" content="([^"]+)">') == "en_GB"
    assert alternates(html)["en-GB"] == english_url
    assert switch(html) == (f"{english_url}?lang=en", "English")
    data = json_ld(html)
    assert data["@id"] == welsh_url and data["inLanguage"] == "cy-GB" and data["name"] == WELSH["title"]
    assert data["translationOfWork"] == {"@type": "Organization", "@id": english_url, "inLanguage": "en-GB"}
    assert "workTranslation" not in data
    # The Welsh page found by the English slug too: its canonical address is the Welsh one.
    html = (await page(client, f"/cy/networks/{slug}")).text
    assert head_value(html, r'<link rel="canonical" href="([^"]+)">') == welsh_url


async def test_an_entry_without_welsh_on_a_welsh_page_says_its_text_is_english(client):
    r = await client.post("/api/v1/resources", json=SAMPLES["resources"], headers=ADMIN)
    entry = r.json()
    html = (await page(client, f"/cy/resources/{entry['slug']}")).text
    assert '<html lang="cy-GB">' in html
    assert head_value(html, r'<link rel="canonical" href="([^"]+)">') == f"{BASE}/cy/resources/{entry['slug']}"
    data = json_ld(html)
    assert data["inLanguage"] == "en-GB" and data["name"] == SAMPLES["resources"]["title"]
    assert "workTranslation" not in data and "translationOfWork" not in data
    assert "Adnodd" in head_value(html, r"<title>([^<]+)</title>")


async def test_a_missing_page_in_welsh(client):
    r = await page(client, "/cy/resources/no-such-entry")
    assert r.status_code == 404
    assert '<html lang="cy-GB">' in r.text and f"Heb ddod o hyd i'r dudalen – {SITE_CY}" in r.text.replace("&#39;", "'")


async def test_feeds_in_welsh_at_the_same_paths(client):
    entry = await welsh_network(client)
    welsh_slug = entry["translations"]["cy"]["slug"]
    for how in ({"params": {"lang": "cy"}, "url": "/api/v1/feed.json"}, {"url": "/cy/api/v1/feed.json"}):
        feed = (await client.get(how["url"], params=how.get("params"))).json()
        assert feed["language"] == "cy-GB"
        assert feed["title"] == f"{SITE_CY}: y cofnodion diweddaraf"
        assert feed["home_page_url"] == f"{BASE}/cy/"
        (item,) = [i for i in feed["items"] if i["_ckb"]["id"] == entry["id"]]
        assert item["title"] == WELSH["title"] and item["language"] == "cy-GB"
        assert item["url"] == f"{BASE}/cy/networks/{welsh_slug}"
    english = (await client.get("/api/v1/feed.json")).json()
    assert english["language"] == "en-GB" and english["title"] == f"{SITE_EN}: newest entries"
    (item,) = [i for i in english["items"] if i["_ckb"]["id"] == entry["id"]]
    assert item["title"] == SAMPLES["networks"]["title"] and item["language"] == "en-GB"

    atom = ET.fromstring((await client.get("/api/v1/feed.atom", params={"lang": "cy"})).content)
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy-GB"
    assert atom.findtext("{http://www.w3.org/2005/Atom}title") == f"{SITE_CY}: y cofnodion diweddaraf"
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in atom.iter("{http://www.w3.org/2005/Atom}entry")]
    assert WELSH["title"] in titles


async def test_oembed_and_the_embed_card_in_welsh(client):
    entry = await welsh_network(client)
    welsh_slug = entry["translations"]["cy"]["slug"]
    url = f"{BASE}/cy/networks/{welsh_slug}"
    r = await client.get("/api/v1/oembed", params={"url": url, "lang": "cy"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["title"] == WELSH["title"] and body["provider_name"] == SITE_CY
    assert body["provider_url"] == f"{BASE}/cy/"
    src = f"{BASE}/cy/embed/networks/{quote(welsh_slug)}"
    assert f'src="{src}"' in body["html"]
    card = (await client.get(src.removeprefix(BASE))).text
    assert '<html lang="cy-GB">' in card and WELSH["title"] in card and "Rhwydwaith" in card
    assert f'<link rel="canonical" href="{url}">' in card
    missing = await client.get(
        "/api/v1/oembed", params={"url": f"{BASE}/cy/networks/dim-o-gwbl"}, headers=WELSH_HEADERS
    )
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Nid yw'r URL hwnnw'n gofnod yn y gronfa wybodaeth hon."
    english = (await client.get("/api/v1/oembed", params={"url": f"{BASE}/networks/{entry['slug']}"})).json()
    assert english["title"] == SAMPLES["networks"]["title"] and english["provider_name"] == SITE_EN


async def test_exports_carry_the_welsh_version(client):
    entry = await welsh_network(client)
    welsh_slug = entry["translations"]["cy"]["slug"]
    r = await client.get("/api/v1/export", params={"format": "csv", "kind": "networks"})
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    (row,) = [row for row in rows if row["id"] == str(entry["id"])]
    assert row["title"] == SAMPLES["networks"]["title"] and row["lang"] == "en" and row["languages"] == "en; cy"
    assert row["title_cy"] == WELSH["title"] and row["summary_cy"] == WELSH["summary"]
    assert row["url_cy"] == f"{BASE}/cy/networks/{welsh_slug}"

    r = await client.get("/api/v1/export", params={"format": "ndjson", "kind": "networks", "lang": "cy"})
    (line,) = [json.loads(x) for x in r.text.splitlines() if json.loads(x)["id"] == entry["id"]]
    assert line["lang"] == "cy" and line["title"] == WELSH["title"]
    assert line["page_url"] == f"{BASE}/cy/networks/{welsh_slug}"
    assert line["translations"]["cy"]["title"] == WELSH["title"]


async def test_the_frontend_catalogue_from_the_api(client):
    r = await client.get("/api/v1/messages/cy")
    messages = r.json()["messages"]
    assert messages["Send your case study"] == "Anfon eich astudiaeth achos"
    # Plural messages: the form for one and the form for many.
    assert messages["{count} suggestions. Use the up and down arrow keys to choose, then press Enter."].startswith(
        "{count} awgrym"
    )
