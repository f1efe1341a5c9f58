"""Search behaviour through HTTP: variants, typos, synonyms, the query language, filters,
facets, sorting, snippets, suggestions and read-your-writes, on each database."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem

pytestmark = pytest.mark.anyio


# These tests hold the keyword query language to its word: they search with mode=keyword,
# since the default (hybrid) adds entries near in meaning (tests/search/test_meaning.py).
async def ids(client, q, **params):
    r = await client.get("/api/v1/search", params={"q": q, "per_page": 100, "mode": "keyword", **params})
    assert r.status_code == 200, r.text
    return {(h["kind"], h["id"]) for h in r.json()["items"]}


async def titles(client, q, **params):
    r = await client.get("/api/v1/search", params={"q": q, "per_page": 100, "mode": "keyword", **params})
    assert r.status_code == 200, r.text
    return [h["title"] for h in r.json()["items"]]


# --- over the seed content -----------------------------------------------------------------


async def test_hyphenation_and_stemming_variants_match_each_other(seeded):
    _, client = seeded
    variants = ["co-production", "coproduction", "co production", "co-produce", "coproduced", "co-producing"]
    results = [await ids(client, v) for v in variants]
    assert results[0], "co-production finds nothing"
    for variant, found in zip(variants, results, strict=True):
        assert found == results[0], variant


async def test_synonyms(seeded):
    _, client = seeded
    assert await ids(client, "PB") == await ids(client, "participatory budgeting")
    assert await ids(client, "timebanking") == await ids(client, "time credits") == await ids(client, "time banking")
    assert (
        await ids(client, "mini-public")
        == await ids(client, "citizens' jury")
        == await ids(client, "citizens assembly")
    )
    assert "Alliance for Useful Evidence report on mini-publics" in await titles(client, "citizens' jury")


async def test_one_wrong_letter_still_finds(seeded):
    _, client = seeded
    assert await ids(client, "partcipatory") >= await ids(client, "participatory")
    assert await ids(client, "partcipatory budgetting") >= await ids(client, '"participatory budgeting"')
    assert await ids(client, "budgeting") == await ids(client, "budgetting")


async def test_query_language(seeded):
    _, client = seeded
    scotland = await ids(client, "scotland")
    wales = await ids(client, "wales")
    both = await ids(client, "scotland wales")
    either = await ids(client, "scotland OR wales")
    assert both <= scotland and both <= wales
    assert either == scotland | wales
    assert await ids(client, "scotland -wales") == scotland - await ids(client, "wales")
    phrase = await titles(client, '"time banking"')
    assert "The New Wealth of Time" in phrase
    assert await ids(client, '"banking time"') == set()
    prefix = await titles(client, "partic*")
    assert any("Participatory" in t for t in prefix)


@pytest.mark.parametrize(
    "q",
    [
        "!!!",
        "---",
        "OR",
        "OR OR OR",
        '"',
        '""',
        "*",
        "-",
        "- - -",
        "(((",
        ")",
        "AND NOT",
        "a" * 1000,
        "-" * 1000,
        '"co-production" OR -wales -"x" partic* OR',
        "%00",
        "\u0000",
        "日本語",
        "🙂🙂",
        "title:foo",
        "field:[a TO b]",
    ],
)
async def test_hostile_queries_never_error(seeded, q):
    _, client = seeded
    r = await client.get("/api/v1/search", params={"q": q})
    if "\u0000" in q:
        assert_problem(r, 422)  # NUL is refused in any address, clearly
        return
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body["items"], list) and body["total"] >= 0


async def test_over_long_query_is_a_clear_422(seeded):
    _, client = seeded
    assert_problem(await client.get("/api/v1/search", params={"q": "word " * 300}), 422)


async def test_filters_and_facets_cover_the_whole_match_set(seeded):
    _, client = seeded
    r = await client.get("/api/v1/search", params={"q": "co-production", "per_page": 1})
    body = r.json()
    total = body["total"]
    assert len(body["items"]) == 1
    facets = body["facets"]
    assert set(facets) == {"kind", "type", "keyword", "region", "decade", "language"}
    assert sum(f["count"] for f in facets["kind"]) == total
    kinds = {f["value"]: f["count"] for f in facets["kind"]}
    only_projects = await client.get("/api/v1/search", params={"q": "co-production", "kind": "projects"})
    assert only_projects.json()["total"] == kinds["projects"]
    assert {h["kind"] for h in only_projects.json()["items"]} == {"projects"}
    two = await client.get("/api/v1/search", params={"q": "co-production", "kind": "projects,networks"})
    assert two.json()["total"] == kinds["projects"] + kinds["networks"]

    research = await client.get("/api/v1/search", params={"q": "", "type": "research", "per_page": 100})
    assert research.json()["total"] >= 6
    assert {h["kind"] for h in research.json()["items"]} == {"projects"}

    decades = {f["value"]: f["count"] for f in facets["decade"]}
    for decade, count in decades.items():
        r = await client.get(
            "/api/v1/search", params={"q": "co-production", "year_from": decade, "year_to": decade + 9}
        )
        assert r.json()["total"] >= count
    keyword = facets["keyword"][0]["value"]
    kw = await client.get("/api/v1/search", params={"q": "co-production", "keyword": keyword})
    assert kw.json()["total"] == facets["keyword"][0]["count"]
    region = facets["region"][0]["value"]
    rg = await client.get("/api/v1/search", params={"q": "co-production", "region": region.lower()})
    assert rg.json()["total"] == facets["region"][0]["count"]


def sort_text(title):
    """Titles sort by their words, ignoring case and punctuation."""
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


async def test_sorting_and_pagination(seeded):
    _, client = seeded
    by_title = await titles(client, "", sort="title")
    assert len(by_title) == 100
    assert by_title == sorted(by_title, key=sort_text)
    page1 = (await client.get("/api/v1/search", params={"q": "", "sort": "title", "per_page": 10})).json()
    page2 = (await client.get("/api/v1/search", params={"q": "", "sort": "title", "per_page": 10, "page": 2})).json()
    both = [h["title"] for h in page1["items"] + page2["items"]]
    assert both == sorted(both, key=sort_text)
    assert not {(h["kind"], h["id"]) for h in page1["items"]} & {(h["kind"], h["id"]) for h in page2["items"]}
    relevance = (await client.get("/api/v1/search", params={"q": "co-production", "per_page": 20})).json()
    scores = [h["score"] for h in relevance["items"]]
    assert scores == sorted(scores, reverse=True)
    r = await client.get("/api/v1/search", params={"q": "co-production", "per_page": 5, "page": 2})
    assert 'rel="next"' in r.headers["link"] and 'rel="prev"' in r.headers["link"]
    assert_problem(await client.get("/api/v1/search", params={"q": "x", "per_page": 101}), 422)
    assert_problem(await client.get("/api/v1/search", params={"q": "x", "sort": "random"}), 422)
    assert_problem(await client.get("/api/v1/search", params={"q": "x", "kind": "people"}), 422)
    assert_problem(await client.get("/api/v1/search", params={"q": "x", "colour": "red"}), 422)


async def test_hit_shape(seeded):
    _, client = seeded
    hit = (await client.get("/api/v1/search", params={"q": "Hackney Play Streets"})).json()["items"][0]
    assert set(hit) == {"kind", "id", "slug", "title", "summary", "url", "snippet", "score", "matched", "lang"}
    assert hit["url"] == f"/api/v1/{hit['kind']}/{hit['id']}"
    entry = await client.get(hit["url"])
    assert entry.status_code == 200 and entry.json()["title"] == hit["title"]
    assert "<mark>" in hit["snippet"]


async def test_suggest(seeded):
    _, client = seeded
    r = await client.get("/api/v1/search/suggest", params={"q": "partic"})
    assert r.status_code == 200
    body = r.json()
    assert body["titles"] and all(
        any(word.lower().startswith("partic") for word in t["title"].replace(":", " ").split()) for t in body["titles"]
    )
    assert body["keywords"] and all(k["value"].startswith("partic") for k in body["keywords"])
    assert (await client.get("/api/v1/search/suggest", params={"q": "!!"})).json() == {
        "query": "!!",
        "titles": [],
        "keywords": [],
    }


async def test_anonymous_cannot_search_other_statuses(seeded):
    _, client = seeded
    assert_problem(await client.get("/api/v1/search", params={"q": "x", "status": "draft"}), 403)
    assert (await client.get("/api/v1/search", params={"q": "x", "status": "any"}, headers=ADMIN)).status_code == 200


# --- with writes ---------------------------------------------------------------------------


async def test_a_write_is_searchable_when_it_answers(client):
    r = await client.post(
        "/api/v1/projects", json={**SAMPLES["projects"], "title": "Zanzibar tidal cooperative"}, headers=ADMIN
    )
    assert r.status_code == 201
    assert "x-index-pending" not in r.headers
    seq = int(r.headers["x-change-seq"])
    found = await client.get("/api/v1/search", params={"q": "zanzibar", "min_seq": seq})
    assert [h["title"] for h in found.json()["items"]] == ["Zanzibar tidal cooperative"]
    assert int(found.headers["x-index-seq"]) >= seq

    entry_id = r.json()["id"]
    await client.patch(f"/api/v1/projects/{entry_id}", json={"title": "Pemba tidal cooperative"}, headers=ADMIN)
    assert await titles(client, "zanzibar") == []
    assert await titles(client, "pemba") == ["Pemba tidal cooperative"]

    await client.patch(f"/api/v1/projects/{entry_id}", json={"status": "draft"}, headers=ADMIN)
    assert await titles(client, "pemba") == []
    drafts = await client.get("/api/v1/search", params={"q": "pemba", "status": "draft"}, headers=ADMIN)
    assert [h["title"] for h in drafts.json()["items"]] == ["Pemba tidal cooperative"]

    await client.delete(f"/api/v1/projects/{entry_id}?hard=true", headers=ADMIN)
    gone = await client.get("/api/v1/search", params={"q": "pemba", "status": "any"}, headers=ADMIN)
    assert gone.json()["total"] == 0


async def test_waiting_for_a_change_is_bounded(client, app, monkeypatch):
    app.state.settings.index_wait_seconds = 0.2
    # An index that has stopped applying the change log: writes and searches wait a little,
    # then answer and say the index is behind.
    monkeypatch.setattr(app.state.indexer, "step", lambda: False)
    r = await client.post("/api/v1/projects", json={"title": "Written while the index is stuck"}, headers=ADMIN)
    assert r.status_code == 201
    assert r.headers["x-index-pending"] == "true"
    seq = r.headers["x-change-seq"]
    r = await client.get("/api/v1/search", params={"q": "stuck", "min_seq": seq})
    assert r.status_code == 200
    assert r.headers["x-index-pending"] == "true"
    assert int(r.headers["x-index-seq"]) < int(seq)
    r = await client.get("/api/v1/search", params={"q": "stuck"}, headers={"X-Min-Seq": seq})
    assert r.headers["x-index-pending"] == "true"


async def test_a_change_that_does_not_exist_is_not_waited_for(client, app):
    """A sequence beyond the change log's last is nobody's write: nothing to wait for."""
    app.state.settings.index_wait_seconds = 30
    r = await client.get("/api/v1/search", params={"q": "x", "min_seq": 10**9})
    assert r.status_code == 200
    assert "x-index-pending" not in r.headers
    r = await client.get("/api/v1/search", params={"q": "x"}, headers={"X-Min-Seq": str(10**9)})
    assert r.status_code == 200
    assert "x-index-pending" not in r.headers


async def test_snippets_escape_html_and_mark_matches(client):
    body = "Before <script>alert('x')</script> the <b>participatory</b> budget & more"
    await client.post("/api/v1/resources", json={"title": "Escapes", "body": body}, headers=ADMIN)
    hit = (await client.get("/api/v1/search", params={"q": "participatory"})).json()["items"][0]
    snippet = hit["snippet"]
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>participatory</mark>" in snippet
    stripped = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped


async def test_exact_matches_rank_above_typo_matches(client):
    await client.post(
        "/api/v1/resources", json={"title": "Alpha", "summary": "A participatory approach."}, headers=ADMIN
    )
    await client.post("/api/v1/resources", json={"title": "Beta", "summary": "A partcipatory approach."}, headers=ADMIN)
    ranked = await titles(client, "partcipatory")
    assert ranked == ["Beta", "Alpha"]
    ranked = await titles(client, "participatory")
    assert ranked[0] == "Alpha"


async def test_documents_need_only_their_columns(seeded):
    """The index reads only DOCUMENT_COLUMNS of a changed entry; a document made from them is
    the document made from the whole row, for every seed entry of every kind."""
    from sqlalchemy import select

    from app.kinds import KINDS
    from app.search.documents import DOCUMENT_COLUMNS, entry_document

    application, _ = seeded
    compared = 0
    with application.state.db.reading() as session:
        for kind in KINDS.values():
            table = kind.table.__table__
            for row in session.execute(select(table)).mappings():
                whole = dict(row)
                some = {name: value for name, value in whole.items() if name in DOCUMENT_COLUMNS}
                assert entry_document(kind.name, some).to_dict() == entry_document(kind.name, whole).to_dict()
                compared += 1
    assert compared > 200
