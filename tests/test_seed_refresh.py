"""`seed` on a database seeded by an earlier version of the seed: entries edited since are
updated, entries removed or merged since (seed/retired.yaml) are archived, never deleted, so
that a partner mirroring the sync feed gets a tombstone (naming the survivor where merged),
and their old addresses answer 301 where they went. A second run changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from app.db import Database
from app.seed import FILES, load, read_retired
from tests.conftest import ADMIN, SEED_DIR

pytestmark = pytest.mark.anyio


def earlier_seed(tmp_path: Path) -> Path:
    """The seed as it was before the retirements: today's, plus each retired entry as it
    stood (a title and a summary are enough), and one entry worded differently."""
    old = tmp_path / "seed-earlier"
    shutil.copytree(SEED_DIR, old)
    for item in read_retired(SEED_DIR):
        if item["kind"] == "toolkit-sections":
            continue  # a retired section would need its place in the tree; none is needed here
        path = old / FILES[item["kind"]]
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries.append(
            {
                "external_id": item["external_id"],
                "source": entries[0]["source"],
                "title": f"Earlier entry {item['external_id']}",
                "summary": "An entry of the earlier seed, since retired.",
                "body": "",
                "keywords": ["earlier"],
                "links": [],
            }
        )
        path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = old / FILES["resources"]
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries[0]["summary"] = "The earlier wording of this summary."
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (old / "retired.yaml").write_text("[]\n", encoding="utf-8")
    return old


async def test_refreshing_an_earlier_seed_in_place(client, app, tmp_path):
    db: Database = app.state.db
    load(db, earlier_seed(tmp_path))
    retired = [item for item in read_retired(SEED_DIR) if item["kind"] != "toolkit-sections"]
    assert retired, "the seed retires some entries"
    before = {}
    for item in retired:
        r = await client.get(f"/api/v1/{item['kind']}/by-external-id/{item['external_id']}", headers=ADMIN)
        assert r.status_code == 200, r.text
        before[item["external_id"]] = r.json()
    cursor = (await client.get("/api/v1/changes", params={"since": "0", "limit": 1000})).json()["next"]
    while True:  # to the end of the feed
        page = (await client.get("/api/v1/changes", params={"since": cursor, "limit": 1000})).json()
        if not page["items"]:
            break
        cursor = page["next"]

    counts = load(db, SEED_DIR)
    assert sum(c["retired"] for c in counts.values()) == len(retired)
    assert counts["resources"]["updated"] >= 1  # the entry worded differently

    tombstones = {}
    while True:
        page = (await client.get("/api/v1/changes", params={"since": cursor, "limit": 1000})).json()
        tombstones.update({(i["kind"], i["id"]): i for i in page["items"] if i["op"] == "delete"})
        cursor = page["next"]
        if not page["has_more"]:
            break
    for item in retired:
        old = before[item["external_id"]]
        now = (await client.get(f"/api/v1/{item['kind']}/{old['id']}", headers=ADMIN)).json()
        assert now["status"] == "archived", item  # archived, never deleted
        tombstone = tombstones[(item["kind"], old["id"])]
        target = item.get("merged_into")
        if target is None:
            assert tombstone["merged_into"] is None
            assert (await client.get(f"/{item['kind']}/{old['slug']}", follow_redirects=False)).status_code == 404
            continue
        survivor = (
            await client.get(f"/api/v1/{target['kind']}/by-external-id/{target['external_id']}", headers=ADMIN)
        ).json()
        assert now["merged_into"] == tombstone["merged_into"] == {"kind": target["kind"], "id": survivor["id"]}
        page = await client.get(f"/{item['kind']}/{old['slug']}", follow_redirects=False)
        assert page.status_code == 301 and page.headers["location"].endswith(f"/{target['kind']}/{survivor['slug']}")
        api = await client.get(f"/api/v1/{item['kind']}/{old['slug']}", follow_redirects=False)
        assert api.status_code == 301 and api.headers["location"] == f"/api/v1/{target['kind']}/{survivor['id']}"

    again = load(db, SEED_DIR)
    for kind, c in again.items():
        assert (c["created"], c["updated"], c["retired"], c["relations_changed"]) == (0, 0, 0, 0), kind
