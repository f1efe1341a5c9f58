"""Search by meaning through HTTP, over the seed, on each database: what must hold however the
ranking is tuned (exact titles first, phrases, filters and exclusions still bind, `matched`
tells the truth, questions in people's own words find an answer, nonsense finds nothing)."""

from __future__ import annotations

import socket
from typing import Any

import anyio
import numpy as np
import pytest

from app.search import embedding
from app.search.indexer import current_seq
from tests.helpers import assert_problem

pytestmark = pytest.mark.anyio

# Questions whose words do not all occur in any entry (keyword search finds nothing), and an
# entry that answers each.
QUESTIONS = [
    ("helping homeless people have a say", "Homeless filmmakers at St Mungo's"),
    ("help for people with learning disabilities to have a say", "What matters to me"),
]


async def vectors_ready(app: Any) -> None:
    seq = current_seq(app.state.db)
    await anyio.to_thread.run_sync(lambda: app.state.vector_indexer.wait_for(seq, 30))
    assert app.state.vector_indexer.applied >= seq


async def hits(client: Any, q: str, **params: Any) -> list[dict[str, Any]]:
    r = await client.get("/api/v1/search", params={"q": q, "per_page": 100, **params})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def refs(items: list[dict[str, Any]]) -> set[tuple[str, int]]:
    return {(h["kind"], h["id"]) for h in items}


async def test_an_exact_title_ranks_its_entry_first(seeded):
    app, client = seeded
    await vectors_ready(app)
    for title in ["Hackney Play Streets", "Newham ESOL Exchange", "The New Wealth of Time", "Develop trust"]:
        found = await hits(client, title, mode="hybrid")
        assert found[0]["title"] == title, [h["title"] for h in found[:5]]
        assert "keyword" in found[0]["matched"]


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
async def test_a_question_with_no_common_word_finds_a_relevant_entry(seeded, question, expected):
    app, client = seeded
    await vectors_ready(app)
    assert await hits(client, question, mode="keyword") == []
    found = await hits(client, question)  # hybrid, the default
    assert expected in [h["title"] for h in found[:5]], [h["title"] for h in found[:5]]
    hit = next(h for h in found if h["title"] == expected)
    assert hit["matched"] == ["meaning"]
    assert "<mark>" not in hit["snippet"]  # a plain snippet, from the summary
    assert hit["snippet"][:40] == hit["summary"][:40]


async def test_a_quoted_phrase_still_requires_the_phrase(seeded):
    app, client = seeded
    await vectors_ready(app)
    phrase = '"time banking"'
    by_words = refs(await hits(client, phrase, mode="keyword"))
    assert by_words
    assert refs(await hits(client, phrase)) <= by_words
    assert refs(await hits(client, phrase, mode="semantic")) <= by_words
    assert await hits(client, '"budgeting participatory"') == []


async def test_filters_bind_hits_found_by_meaning(seeded):
    app, client = seeded
    await vectors_ready(app)
    question = QUESTIONS[0][0]
    everything = await hits(client, question)
    assert {h["kind"] for h in everything} - {"projects"}, "the question should find more than projects"
    for mode in ("hybrid", "semantic"):
        only = await hits(client, question, kind="projects", mode=mode)
        assert only and all(h["kind"] == "projects" for h in only)
        assert refs(only) <= refs(await hits(client, question, mode=mode))


async def test_an_exclusion_removes_hits_found_by_meaning(seeded):
    app, client = seeded
    await vectors_ready(app)
    question, expected = QUESTIONS[0]
    before = await hits(client, question)
    assert expected in [h["title"] for h in before]
    word = "filmmakers"  # a word of the expected entry's title
    with_word = refs(await hits(client, word, mode="keyword"))
    assert with_word
    for mode in ("hybrid", "semantic"):
        after = await hits(client, f"{question} -{word}", mode=mode)
        assert after, "the others remain"
        assert not refs(after) & with_word


async def test_matched_says_how_each_hit_was_found(seeded):
    app, client = seeded
    await vectors_ready(app)
    for hit in await hits(client, "play streets", mode="keyword"):
        assert hit["matched"] == ["keyword"]
    keyword_refs = refs(await hits(client, "homeless", mode="keyword"))
    for hit in await hits(client, "homeless"):
        assert ("keyword" in hit["matched"]) == ((hit["kind"], hit["id"]) in keyword_refs)
        assert hit["matched"]
    for hit in await hits(client, "homeless", mode="semantic"):
        assert "meaning" in hit["matched"]
    # A query with no words lists entries: nothing was matched.
    assert all(h["matched"] == [] for h in await hits(client, ""))


async def test_facets_sorting_and_pages_describe_the_hybrid_result_set(seeded):
    app, client = seeded
    await vectors_ready(app)
    question = QUESTIONS[0][0]
    r = await client.get("/api/v1/search", params={"q": question, "per_page": 100})
    body = r.json()
    assert body["total"] == len(body["items"]) > 3
    assert sum(f["count"] for f in body["facets"]["kind"]) == body["total"]
    newest = (await client.get("/api/v1/search", params={"q": question, "per_page": 100, "sort": "newest"})).json()
    assert newest["total"] == body["total"] and refs(newest["items"]) == refs(body["items"])
    first = (await client.get("/api/v1/search", params={"q": question, "per_page": 2})).json()
    second = (await client.get("/api/v1/search", params={"q": question, "per_page": 2, "page": 2})).json()
    assert [h["id"] for h in first["items"] + second["items"]] == [h["id"] for h in body["items"][:4]]
    assert first["total"] == second["total"] == body["total"]


@pytest.mark.parametrize("query", ["quantum chromodynamics", "zzzqqqxxy", "the of and", "'; DROP TABLE project; --"])
async def test_nonsense_finds_nothing_by_meaning(seeded, query):
    app, client = seeded
    await vectors_ready(app)
    for mode in ("hybrid", "semantic"):
        assert [h for h in await hits(client, query, mode=mode) if "meaning" in h["matched"]] == []


async def test_an_unknown_mode_is_a_problem(seeded):
    _, client = seeded
    assert_problem(await client.get("/api/v1/search", params={"q": "x", "mode": "magic"}), 422)


def test_the_model_ships_in_the_package_and_loads_with_the_network_unreachable(monkeypatch):
    weights, tokenizer = embedding.model_files()
    assert "site-packages" in str(weights) or "dist-packages" in str(weights)
    assert weights.stat().st_size > 10_000_000 and tokenizer.stat().st_size > 1_000_000

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise OSError("network unreachable (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    embedding.model.cache_clear()
    try:
        homeless, film, money = embedding.embed(["homeless people", "films made by rough sleepers", "interest rates"])
    finally:
        embedding.model.cache_clear()
    assert float(homeless @ film) > float(homeless @ money)


async def test_search_by_meaning_works_with_the_network_unreachable(seeded, monkeypatch):
    app, client = seeded
    await vectors_ready(app)
    if app.state.db.is_sqlite:
        # Nothing may connect anywhere (the PostgreSQL run needs its database's socket).
        def refuse(*_args: Any, **_kwargs: Any) -> None:
            raise OSError("network unreachable (test)")

        monkeypatch.setattr(socket.socket, "connect", refuse)
        monkeypatch.setattr(socket, "create_connection", refuse)
    embedding.model.cache_clear()
    try:
        question, expected = QUESTIONS[0]
        assert expected in [h["title"] for h in await hits(client, question, mode="semantic")]
    finally:
        embedding.model.cache_clear()


def test_vectors_are_the_models_own():
    """embedding.embed does wordllama's arithmetic (mean of token rows, normalised) without
    its padding: the vectors agree with wordllama's own embed over the same files."""
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama import WordLlamaInference

    weights, tokenizer = embedding.model_files()
    with safe_open(str(weights), framework="np") as f:
        reference = WordLlamaInference(f.get_tensor("embedding.weight"), Tokenizer.from_file(str(tokenizer)))
    texts = [
        "Homeless filmmakers at St Mungos",
        "paying people for their time",
        "A much longer text about co-production in mental health services, with commissioners and people who use them.",
        "x",
    ]
    ours = embedding.embed(texts)
    theirs = reference.embed([embedding.meaningful(t) for t in texts], norm=True)
    assert np.allclose(ours, theirs, atol=1e-4)
    assert not embedding.embed(["the of and"]).any()  # nothing meaningful: a zero vector


async def test_a_question_no_entry_holds_every_word_of_is_never_a_dead_end(seeded):
    """'unpaid carers': no entry holds both words and nothing is near enough in meaning; the
    default search answers with the entries holding either rather than nothing, while keyword
    mode keeps requiring every word, and a phrase still binds."""
    app, client = seeded
    await vectors_ready(app)
    assert await hits(client, "unpaid carers", mode="keyword") == []
    found = await hits(client, "unpaid carers")
    assert found and all("keyword" in h["matched"] for h in found)
    either = refs(await hits(client, "carers", mode="keyword")) | refs(await hits(client, "unpaid", mode="keyword"))
    assert refs(found) <= either
    assert await hits(client, '"unpaid carers"') == []
