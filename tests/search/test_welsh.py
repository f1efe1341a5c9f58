"""Welsh search, on each database: the mutations from a table of mutated forms (each finds
the entry written with the radical, and the radical finds the mutated), the exact form first,
stop words, accents and compounds, the glossary to English-only entries, the `language`
filter and facet, a hit's `lang`, suggestions, and a translation written later."""

from __future__ import annotations

from typing import Any

import pytest

from app.search import welsh
from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem

# (radical, the mutated forms it takes) — soft, nasal, aspirate and h- before a vowel.
MUTATIONS: list[tuple[str, list[str]]] = [
    ("cyd-gynhyrchu", ["gyd-gynhyrchu", "nghyd-gynhyrchu", "chyd-gynhyrchu"]),
    ("caerdydd", ["gaerdydd", "nghaerdydd", "chaerdydd"]),
    ("pobl", ["bobl", "mhobl", "phobl"]),
    ("tai", ["dai", "nhai", "thai"]),
    ("gwasanaethau", ["wasanaethau", "ngwasanaethau"]),
    ("bywyd", ["fywyd", "mywyd"]),
    ("dinas", ["ddinas", "ninas"]),
    ("mudiad", ["fudiad"]),
    ("llais", ["lais"]),
    ("rhwydwaith", ["rwydwaith"]),
    ("ardal", ["hardal"]),
    ("iechyd", ["hiechyd"]),
]


@pytest.mark.parametrize(("radical", "forms"), MUTATIONS)
def test_each_mutated_form_stands_for_its_radical(radical: str, forms: list[str]) -> None:
    joined = welsh.normalise(radical)
    assert welsh.radicals(joined)[0] == joined  # a radical stands for itself first
    for form in forms:
        candidates = welsh.radicals(welsh.normalise(form))
        assert candidates[0] == welsh.normalise(form) and joined in candidates, form
        assert welsh.normalise(form) in welsh.mutations(joined), form  # and marks it in snippets


def test_the_welsh_analysis() -> None:
    assert welsh.terms("Mae'r gwasanaethau yn Nghaerdydd a'r Ŵyl") == ["gwasanaethau", "nghaerdydd", "wyl"]
    assert welsh.terms("Cyd-gynhyrchu'n") == ["cyd", "gynhyrchu"]
    assert welsh.compounds("Cyd-gynhyrchu'n bwysig, a chyd‑ddylunio") == ["cydgynhyrchu", "chydddylunio"]
    assert welsh.default_glossary().lookup(["becyn", "cymorth"]) == ("toolkit",)
    assert "co-production" in welsh.default_glossary().lookup(["nghyd-gynhyrchu"])


pytestmark = pytest.mark.anyio

WELSH_ENTRY = {
    "title": "Cyd-gynhyrchu gwasanaethau yng Nghaerdydd",
    "summary": "Sut mae pobl yn rhannu grym gyda'r cyngor dros dai, bywyd y ddinas a'r mudiad lleol.",
    "body": "Mae llais pob ardal yn cyfrif. Mae'r rhwydwaith yn gweithio ar iechyd a lles.",
    "keywords": ["cyd-gynhyrchu", "tai"],
}


async def _post(client: Any, kind: str, item: dict[str, Any]) -> tuple[dict[str, Any], int]:
    r = await client.post(f"/api/v1/{kind}", json=item, headers=ADMIN)
    assert r.status_code == 201, r.text
    return r.json(), int(r.headers["x-change-seq"])


async def _search(client: Any, q: str, seq: int, **params: Any) -> dict[str, Any]:
    r = await client.get("/api/v1/search", params={"q": q, "mode": "keyword", "per_page": 50, "min_seq": seq, **params})
    assert r.status_code == 200, r.text
    return r.json()


async def test_mutated_forms_find_the_entry_written_with_the_radical(client):
    entry, seq = await _post(
        client, "networks", {**SAMPLES["networks"], "title": "Cardiff network", "translations": {"cy": WELSH_ENTRY}}
    )
    for radical, forms in MUTATIONS:
        for q in [radical, *forms]:
            hits = (await _search(client, q, seq))["items"]
            assert [(h["id"], h["lang"]) for h in hits] == [(entry["id"], "cy")], q
    # Compounds as the English ones: joined, hyphenated or spaced, mutated or not.
    for q in ["cydgynhyrchu", "gydgynhyrchu", "cyd gynhyrchu", "nghyd-gynhyrchu'n"]:
        assert [h["id"] for h in (await _search(client, q, seq))["items"]] == [entry["id"]], q
    # Stop words and accents: "y", "a", "yn" ask nothing of Welsh text; ŵ, â fold.
    for q in ["pobl yn y ddinas", "a'r rhwydwaith", "llâis ârdal"]:
        assert [h["id"] for h in (await _search(client, q, seq))["items"]] == [entry["id"]], q
    # A mutated form in Welsh text is found by its radical, and marked in the snippet.
    hit = (await _search(client, "dinas", seq))["items"][0]
    assert hit["title"] == WELSH_ENTRY["title"] and "<mark>ddinas</mark>" in hit["snippet"]


async def test_the_exact_form_ranks_first(client):
    radical, seq = await _post(
        client,
        "networks",
        {**SAMPLES["networks"], "title": "One", "translations": {"cy": {"title": "Rhwydwaith cyd-gynhyrchu"}}},
    )
    mutated, seq = await _post(
        client,
        "networks",
        {**SAMPLES["networks"], "title": "Two", "translations": {"cy": {"title": "Rhwydwaith gyd-gynhyrchu"}}},
    )
    for q, first in [("cyd-gynhyrchu", radical), ("gyd-gynhyrchu", mutated)]:
        hits = (await _search(client, q, seq))["items"]
        assert [h["id"] for h in hits] == [first["id"], (mutated if first is radical else radical)["id"]], q


async def test_a_welsh_question_finds_english_only_entries_through_the_glossary(client):
    english, seq = await _post(client, "networks", {**SAMPLES["networks"], "title": "Leeds time banking network"})
    cymraeg, seq = await _post(
        client,
        "networks",
        {**SAMPLES["networks"], "title": "Other", "translations": {"cy": {"title": "Rhwydwaith bancio amser"}}},
    )
    hits = (await _search(client, "bancio amser", seq))["items"]
    # The Welsh words first, then the English entry through the glossary's "time banking".
    assert [(h["id"], h["lang"]) for h in hits] == [(cymraeg["id"], "cy"), (english["id"], "en")]
    assert "<mark>" in hits[1]["snippet"] or hits[1]["snippet"] == hits[1]["summary"]
    # Mutated: "fancio amser" (after "o", soft).
    assert [h["id"] for h in (await _search(client, "fancio amser", seq))["items"]][:2] == [
        cymraeg["id"],
        english["id"],
    ]


async def test_language_filter_facet_and_the_language_of_hits(client):
    cymraeg, seq = await _post(
        client, "networks", {**SAMPLES["networks"], "title": "Cardiff network", "translations": {"cy": WELSH_ENTRY}}
    )
    english, seq = await _post(client, "networks", {**SAMPLES["networks"], "title": "Cardiff city network"})
    everything = await _search(client, "", seq)
    assert {f["value"]: f["count"] for f in everything["facets"]["language"]} == {"en": 2, "cy": 1}
    only_welsh = await _search(client, "", seq, language="cy")
    assert [h["id"] for h in only_welsh["items"]] == [cymraeg["id"]] and only_welsh["total"] == 1
    assert (await _search(client, "", seq, language="en"))["total"] == 2
    assert_problem(await client.get("/api/v1/search", params={"language": "fr"}), 422)
    # An English word in an English answer: English; the same in a Welsh answer: the Welsh
    # version where there is one (title, summary, snippet), the English otherwise.
    hits = {h["id"]: h for h in (await _search(client, "cardiff", seq))["items"]}
    assert {h["lang"] for h in hits.values()} == {"en"} and hits[cymraeg["id"]]["title"] == "Cardiff network"
    hits = {h["id"]: h for h in (await _search(client, "cardiff", seq, lang="cy"))["items"]}
    assert hits[cymraeg["id"]]["lang"] == "cy" and hits[cymraeg["id"]]["title"] == WELSH_ENTRY["title"]
    assert hits[cymraeg["id"]]["summary"] == WELSH_ENTRY["summary"]
    assert hits[english["id"]]["lang"] == "en" and hits[english["id"]]["title"] == "Cardiff city network"
    # Welsh words in an English answer: the hit shows the Welsh that matched.
    hit = (await _search(client, "bobl", seq))["items"][0]
    assert hit["lang"] == "cy" and "<mark>pobl</mark>" in hit["snippet"]


async def test_suggestions_in_welsh(client):
    entry, seq = await _post(
        client, "networks", {**SAMPLES["networks"], "title": "Cardiff network", "translations": {"cy": WELSH_ENTRY}}
    )
    await _search(client, "", seq)  # the index has it
    for typed in ["cyd-gyn", "gyd-gyn", "nghyd"]:
        body = (await client.get("/api/v1/search/suggest", params={"q": typed})).json()
        assert [(t["id"], t["title"], t["lang"]) for t in body["titles"]] == [
            (entry["id"], WELSH_ENTRY["title"], "cy")
        ], typed
    body = (await client.get("/api/v1/search/suggest", params={"q": "cyd"})).json()
    assert "cyd-gynhyrchu" in [k["value"] for k in body["keywords"]]
    body = (await client.get("/api/v1/search/suggest", params={"q": "card", "lang": "cy"})).json()
    assert [(t["title"], t["lang"]) for t in body["titles"]] == [(WELSH_ENTRY["title"], "cy")]
    body = (await client.get("/api/v1/search/suggest", params={"q": "card"})).json()
    assert [(t["title"], t["lang"]) for t in body["titles"]] == [("Cardiff network", "en")]


async def test_a_translation_written_later_becomes_searchable_in_welsh(client):
    entry, seq = await _post(client, "networks", {**SAMPLES["networks"], "title": "Cardiff network"})
    assert (await _search(client, "nghaerdydd", seq))["items"] == []
    r = await client.patch(f"/api/v1/networks/{entry['id']}", json={"translations": {"cy": WELSH_ENTRY}}, headers=ADMIN)
    assert r.status_code == 200, r.text
    seq = int(r.headers["x-change-seq"])
    hits = (await _search(client, "nghaerdydd", seq))["items"]
    assert [(h["id"], h["lang"]) for h in hits] == [(entry["id"], "cy")]
    # Removed again: no longer found in Welsh, and no longer in the Welsh facet.
    r = await client.patch(f"/api/v1/networks/{entry['id']}", json={"translations": {"cy": None}}, headers=ADMIN)
    seq = int(r.headers["x-change-seq"])
    assert (await _search(client, "nghaerdydd", seq))["items"] == []
    assert (await _search(client, "", seq, language="cy"))["total"] == 0
