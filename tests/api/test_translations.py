"""Entries in Welsh and English, on each database: a Welsh version of an entry's text fields
through create, update and bulk, with a Welsh slug; reading in Welsh (?lang=cy or
Accept-Language) gives the Welsh text where there is one and says so; a translation behind an
edit of the English is marked out of date until it is updated; history and the sync feed
carry it."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN
from tests.helpers import SAMPLES, assert_problem, make_partner

pytestmark = pytest.mark.anyio

WELSH = {"title": "Rhwydwaith Cydgynhyrchu yr Alban", "summary": "Rhwydwaith ar gyfer cydgynhyrchu yn yr Alban."}


async def test_an_entry_read_in_welsh_and_english(client):
    r = await client.post(
        "/api/v1/networks", json={**SAMPLES["networks"], "translations": {"cy": WELSH}}, headers=ADMIN
    )
    assert r.status_code == 201, r.text
    entry = r.json()
    assert entry["lang"] == "en" and entry["languages"] == ["en", "cy"]
    assert entry["title"] == SAMPLES["networks"]["title"]
    welsh = entry["translations"]["cy"]
    assert welsh["title"] == WELSH["title"] and welsh["outdated"] is False
    assert welsh["slug"] == "rhwydwaith-cydgynhyrchu-yr-alban"

    for how in ({"params": {"lang": "cy"}}, {"headers": {"Accept-Language": "cy-GB, en;q=0.5"}}):
        read = await client.get(f"/api/v1/networks/{entry['id']}", **how)
        data = read.json()
        assert (data["title"], data["summary"], data["lang"]) == (WELSH["title"], WELSH["summary"], "cy")
        assert data["organisation"] == SAMPLES["networks"]["organisation"]  # not translated: as it is
        assert read.headers["etag"] == f'"{entry["version"]}.cy"' and "Accept-Language" in read.headers["vary"]
    # Found by its Welsh slug too; English first otherwise.
    assert (await client.get(f"/api/v1/networks/{welsh['slug']}")).json()["id"] == entry["id"]
    english = await client.get(f"/api/v1/networks/{entry['id']}", headers={"Accept-Language": "fr, en"})
    assert english.json()["lang"] == "en" and english.headers["etag"] == f'"{entry["version"]}"'
    # A Welsh ETag is accepted by If-Match.
    r = await client.patch(
        f"/api/v1/networks/{entry['id']}",
        json={"region": "Yr Alban"},
        headers={**ADMIN, "If-Match": f'"{entry["version"]}.cy"'},
    )
    assert r.status_code == 200, r.text


async def test_a_translation_behind_an_edit_is_out_of_date_until_updated(client):
    entry = (
        await client.post(
            "/api/v1/networks", json={**SAMPLES["networks"], "translations": {"cy": WELSH}}, headers=ADMIN
        )
    ).json()
    r = await client.patch(f"/api/v1/networks/{entry['id']}", json={"summary": "A new English summary."}, headers=ADMIN)
    assert r.json()["translations"]["cy"]["outdated"] is True
    # An edit of a field that has no Welsh version (not text) does not make it out of date.
    fresh = (
        await client.post(
            "/api/v1/networks",
            json={**SAMPLES["networks"], "title": "Another", "translations": {"cy": WELSH | {"title": "Un arall"}}},
            headers=ADMIN,
        )
    ).json()
    r = await client.patch(f"/api/v1/networks/{fresh['id']}", json={"region": "Wales"}, headers=ADMIN)
    assert r.json()["translations"]["cy"]["outdated"] is False
    # Updating the Welsh, even one field, brings it up to date; other Welsh fields stay.
    r = await client.patch(
        f"/api/v1/networks/{entry['id']}", json={"translations": {"cy": {"summary": "Crynodeb newydd."}}}, headers=ADMIN
    )
    welsh = r.json()["translations"]["cy"]
    assert welsh == {**welsh, "title": WELSH["title"], "summary": "Crynodeb newydd.", "outdated": False}
    # The history records it; the Welsh slug does not change with the Welsh title.
    slug = welsh["slug"]
    r = await client.patch(
        f"/api/v1/networks/{entry['id']}", json={"translations": {"cy": {"title": "Enw newydd"}}}, headers=ADMIN
    )
    assert r.json()["translations"]["cy"]["slug"] == slug
    history = (await client.get(f"/api/v1/networks/{entry['id']}/history", headers=ADMIN)).json()["items"]
    assert history[-1]["diff"]["translations"]["to"]["cy"]["title"] == "Enw newydd"
    # null removes the Welsh version.
    r = await client.patch(f"/api/v1/networks/{entry['id']}", json={"translations": {"cy": None}}, headers=ADMIN)
    assert r.json()["languages"] == ["en"] and r.json()["translations"] == {}


async def test_translations_through_bulk_and_the_sync_feed(client):
    _, partner, _ = await make_partner(client, "Welsh Partner")
    items = [
        {
            **SAMPLES["projects"],
            "external_id": "w-1",
            "translations": {
                "cy": {"title": "Cydgynhyrchu er Cynaliadwyedd", "outcomes": "Gweision sifil yn cydweithio."}
            },
        },
        {**SAMPLES["projects"], "external_id": "w-2", "title": "English only"},
    ]
    r = await client.post("/api/v1/projects/bulk", json=items, headers=partner)
    assert r.json()["summary"]["created"] == 2, r.text
    again = await client.post("/api/v1/projects/bulk", json=items, headers=partner)
    assert again.json()["summary"]["unchanged"] == 2
    feed = (await client.get("/api/v1/changes")).json()["items"]
    mirrored = {i["entry"]["external_id"]: i["entry"] for i in feed if i["entry"]}
    assert mirrored["w-1"]["translations"]["cy"]["outcomes"] == "Gweision sifil yn cydweithio."
    assert mirrored["w-2"]["languages"] == ["en"]
    welsh = await client.get(f"/api/v1/projects/{mirrored['w-1']['id']}", params={"lang": "cy"})
    assert welsh.json()["outcomes"] == "Gweision sifil yn cydweithio." and welsh.json()["lang"] == "cy"
    # English-only entries read in Welsh are English, and say so.
    plain = await client.get(f"/api/v1/projects/{mirrored['w-2']['id']}", params={"lang": "cy"})
    assert plain.json()["lang"] == "en" and plain.json()["title"] == "English only"


async def test_bad_translations_are_422(client):
    for bad in ({"fr": {"title": "x"}}, {"cy": {"title": ""}}, {"cy": {"outcomes": "x"}}, {"cy": {"slug": "chosen"}}):
        r = await client.post("/api/v1/networks", json={**SAMPLES["networks"], "translations": bad}, headers=ADMIN)
        assert_problem(r, 422)


async def test_the_toolkit_tree_reads_in_welsh(client):
    """The tree (what the toolkit screen draws from) gives each section's Welsh title and
    summary when asked in Welsh, the English otherwise; caches keep the two apart."""
    made = await client.post(
        "/api/v1/toolkit-sections",
        json={
            "title": "Listening first",
            "summary": "Start by listening to the people who use the service, before planning anything.",
            "translations": {"cy": {"title": "Gwrando yn gyntaf"}},
        },
        headers=ADMIN,
    )
    assert made.status_code == 201, made.text

    def node(body: dict) -> dict:
        return next(n for n in body["items"] if n["id"] == made.json()["id"])

    english = await client.get("/api/v1/toolkit")
    welsh = await client.get("/api/v1/toolkit", headers={"Accept-Language": "cy"})
    assert node(english.json())["title"] == "Listening first"
    assert node(welsh.json())["title"] == "Gwrando yn gyntaf"
    assert node(welsh.json())["summary"].startswith("Start by listening")  # no Welsh summary: the English
    assert "Accept-Language" in welsh.headers["vary"]
