"""Feeds (Atom, JSON Feed) and exports (CSV, NDJSON) of a search: newest first, the search's
filters, the licence, streamed exports, on each database."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from app.services import feeds
from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem

pytestmark = pytest.mark.anyio

ATOM = "{http://www.w3.org/2005/Atom}"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


async def create(client, kind: str, **overrides: Any) -> dict[str, Any]:
    r = await client.post(f"/api/v1/{kind}", json={**SAMPLES[kind], **overrides}, headers=ADMIN)
    assert r.status_code == 201, r.text
    return r.json()


async def some_entries(client) -> list[dict[str, Any]]:
    """Four entries, created in this order (so newest first is the reverse)."""
    return [
        await create(client, "projects", title="Housing co-op in Leeds", keywords=["housing"], region="England"),
        await create(client, "resources", title="Housing guide for tenants", keywords=["housing", "guide"]),
        await create(client, "projects", title="Food bank rethink", keywords=["food"], region="Scotland"),
        await create(
            client,
            "projects",
            title="Housing panel in Cardiff",
            keywords=["housing"],
            region="Wales",
            summary="Tenants and landlords.",
        ),
    ]


async def atom(client, **params: Any) -> ET.Element:
    r = await client.get("/api/v1/feed.atom", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert r.headers["link"] == f'<{LICENCE_URL}>; rel="license"'
    return ET.fromstring(r.content)


def atom_titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") or "" for entry in feed.findall(f"{ATOM}entry")]


async def test_atom_feed_newest_first_with_filters_and_licence(client):
    made = await some_entries(client)
    feed = await atom(client)
    assert atom_titles(feed) == [e["title"] for e in reversed(made)]
    assert feed.findtext(f"{ATOM}rights") == f"CC BY 4.0 ({LICENCE_URL})"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["license"] == LICENCE_URL
    assert links["self"] == "http://testserver/api/v1/feed.atom"

    entry = feed.findall(f"{ATOM}entry")[0]
    newest = made[-1]
    page = f"http://testserver/projects/{newest['slug']}"
    assert entry.findtext(f"{ATOM}id") == page
    assert entry.find(f"{ATOM}link").get("href") == page
    assert entry.findtext(f"{ATOM}summary") == "Tenants and landlords."
    assert entry.findtext(f"{ATOM}rights") == f"CC BY 4.0 ({LICENCE_URL})"
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {"projects", "housing"}
    assert entry.findtext(f"{ATOM}published") and entry.findtext(f"{ATOM}updated")

    # "New case studies about housing": the same q and filters as search.
    housing_projects = await atom(client, q="housing", kind="projects")
    assert atom_titles(housing_projects) == ["Housing panel in Cardiff", "Housing co-op in Leeds"]
    assert atom_titles(await atom(client, keyword="housing", region="Wales")) == ["Housing panel in Cardiff"]
    assert atom_titles(await atom(client, limit=2)) == [made[3]["title"], made[2]["title"]]
    # A query with characters XML cannot hold still gives a feed.
    assert atom_titles(await atom(client, q="housing\x01\x0b panel")) == ["Housing panel in Cardiff"]
    alternate = next(link for link in housing_projects.findall(f"{ATOM}link") if link.get("rel") == "alternate")
    assert alternate.get("href") == "http://testserver/search?q=housing&kind=projects"


async def test_feeds_show_only_published_entries(client):
    await create(client, "projects", title="Housing draft", keywords=["housing"], status="draft")
    published = await create(client, "projects", title="Housing published", keywords=["housing"])
    assert atom_titles(await atom(client, q="housing")) == [published["title"]]
    body = (await client.get("/api/v1/feed.json", params={"q": "housing"})).json()
    assert [item["title"] for item in body["items"]] == [published["title"]]


async def test_json_feed(client):
    made = await some_entries(client)
    r = await client.get("/api/v1/feed.json", params={"keyword": "housing"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/feed+json; charset=utf-8"
    assert r.headers["link"] == f'<{LICENCE_URL}>; rel="license"'
    body = r.json()
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert body["feed_url"] == "http://testserver/api/v1/feed.json?keyword=housing"
    assert body["home_page_url"] == "http://testserver/search?keyword=housing"
    assert body["_ckb"]["licence"] == {"name": "CC BY 4.0", "url": LICENCE_URL}
    assert "CC BY 4.0" in body["description"]
    housing = [e for e in reversed(made) if "housing" in e["keywords"]]
    assert [item["title"] for item in body["items"]] == [e["title"] for e in housing]
    item = body["items"][0]
    assert item["id"] == item["url"] == f"http://testserver/projects/{housing[0]['slug']}"
    assert item["_ckb"] == {
        "kind": "projects",
        "id": housing[0]["id"],
        "api_url": f"http://testserver/api/v1/projects/{housing[0]['id']}",
    }
    assert item["tags"] == ["housing"]
    assert item["date_published"] and item["date_modified"]
    assert item["content_html"].startswith("<p>") or item["content_html"] == ""


async def test_feed_and_export_errors_are_problem_details(client):
    for path in ("/api/v1/feed.atom", "/api/v1/feed.json", "/api/v1/export"):
        assert_problem(await client.get(path, params={"kind": "people"}), 422)
        assert_problem(await client.get(path, params={"colour": "blue"}), 422)
        assert_problem(await client.get(path, params={"year_from": "last year"}), 422)
    assert_problem(await client.get("/api/v1/feed.json", params={"limit": 1000}), 422)
    assert_problem(await client.get("/api/v1/export", params={"format": "xlsx"}), 422)


async def test_csv_export_is_streamed_with_every_match(client, monkeypatch):
    monkeypatch.setattr(feeds, "EXPORT_PAGE", 2)  # several pages of search results
    made = await some_entries(client)
    formula = await create(client, "resources", title='=HYPERLINK("http://evil.example","click")', keywords=["housing"])
    r = await client.get("/api/v1/export", params={"format": "csv", "q": "housing", "sort": "newest"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"].startswith('attachment; filename="co-production-kb-')
    assert r.headers["content-disposition"].endswith('.csv"')
    assert "content-length" not in r.headers  # streamed
    assert r.headers["link"] == f'<{LICENCE_URL}>; rel="license"'
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    housing = [e["title"] for e in made if "housing" in e["keywords"]]
    # Every match once (the order within one second of creation is the index's own).
    assert sorted(row["title"] for row in rows) == sorted([*housing, "'" + formula["title"]])
    assert "'" + formula["title"] in [row["title"] for row in rows]  # a spreadsheet will not run it
    assert {row["licence"] for row in rows} == {"CC BY 4.0"}
    leeds = next(row for row in rows if row["title"] == "Housing co-op in Leeds")
    assert leeds["kind"] == "projects" and leeds["type"] == "research"
    assert leeds["url"] == f"http://testserver/projects/{made[0]['slug']}"
    assert leeds["contributors"] == "Ena Lloyd, lead, Wales Audit Office"
    assert leeds["start_year"] == "2012" and leeds["region"] == "England"
    assert leeds["keywords"] == "housing"


async def test_ndjson_export_with_filters(client, monkeypatch):
    monkeypatch.setattr(feeds, "EXPORT_PAGE", 1)
    made = await some_entries(client)
    r = await client.get("/api/v1/export", params={"format": "ndjson", "kind": "projects", "sort": "newest"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    assert r.headers["content-disposition"].endswith('.ndjson"')
    lines = [json.loads(line) for line in r.text.splitlines()]
    projects = [e for e in reversed(made) if e["kind"] == "projects"]
    assert sorted(line["id"] for line in lines) == sorted(e["id"] for e in projects)
    first = next(line for line in lines if line["id"] == projects[0]["id"])
    assert first["kind"] == "projects" and first["title"] == projects[0]["title"]
    assert first["page_url"] == f"http://testserver/projects/{projects[0]['slug']}"
    assert first["licence"] == {"name": "CC BY 4.0", "url": LICENCE_URL}
    assert first["contributors"] == projects[0]["contributors"]

    empty = await client.get("/api/v1/export", params={"format": "ndjson", "q": "nothing matches this"})
    assert empty.status_code == 200 and empty.text == ""
    header_only = await client.get("/api/v1/export", params={"format": "csv", "q": "nothing matches this"})
    assert header_only.text.lstrip("\ufeff").splitlines() == [",".join(feeds.CSV_COLUMNS)]


async def test_feeds_and_exports_are_open_to_other_origins(client):
    await some_entries(client)
    for path in ("/api/v1/feed.atom", "/api/v1/feed.json", "/api/v1/export?format=csv", "/api/v1/export?format=ndjson"):
        r = await client.get(path, headers={"Origin": "https://partner.example"})
        assert r.status_code == 200, path
        assert r.headers["access-control-allow-origin"] == "*"
    preflight = await client.options(
        "/api/v1/feed.json", headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"


async def test_export_of_the_seed_matches_search(seeded):
    _, client = seeded
    # The export (like the feeds) selects by the query's words: search's keyword mode.
    total = (await client.get("/api/v1/search", params={"q": "co-production", "mode": "keyword"})).json()["total"]
    r = await client.get("/api/v1/export", params={"format": "ndjson", "q": "co-production"})
    lines = r.text.splitlines()
    assert len(lines) == total > feeds.EXPORT_PAGE // 4
    assert len({(json.loads(line)["kind"], json.loads(line)["id"]) for line in lines}) == total
