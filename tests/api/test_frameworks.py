"""Frameworks over HTTP: editors create them and make new versions; a published version never
changes; read in English or Welsh, with their related entries resolved."""

from __future__ import annotations

import pytest

from tests.api.selfeval import framework_body, make_framework, published_entries
from tests.conftest import ADMIN
from tests.helpers import assert_problem, make_partner

pytestmark = pytest.mark.anyio


async def test_editors_create_and_version_frameworks(client):
    made = await make_framework(client)
    fw = made["framework"]
    assert fw["slug"] == "test-framework" and fw["version"] == 1 and fw["lang"] == "en"
    assert fw["languages"] == ["en", "cy"]
    assert [level["level"] for level in fw["scale"]] == [1, 2, 3, 4, 5]
    assert fw["not_applicable"] == "Does not apply to us"
    context = fw["principles"][0]
    assert context["section"]["kind"] == "toolkit-sections"
    related = context["statements"][0]["related"]
    assert [(r["kind"], r["id"]) for r in related] == [
        ("projects", made["entries"]["projects"]["id"]),
        ("resources", made["entries"]["resources"]["id"]),
    ]

    welsh = (await client.get("/api/v1/frameworks/test-framework?lang=cy")).json()
    assert welsh["lang"] == "cy" and welsh["title"] == "Pa mor dda ydyn ni'n cydgynhyrchu?"
    assert welsh["principles"][1]["title"] == "Value everyone"  # no Welsh given: English

    listed = (await client.get("/api/v1/frameworks")).json()
    assert listed["total"] == 1
    assert listed["items"][0] | {"created_at": None} == {
        "slug": "test-framework", "version": 1, "title": "How well do we co-produce?",
        "summary": "A short test framework.", "principles": 2, "statements": 4, "lang": "en", "created_at": None,
    }  # fmt: skip

    # The same slug again: 409. A new version by PUT; the same content again: no new version.
    body = framework_body(made["entries"])
    assert_problem(await client.post("/api/v1/frameworks", json=body, headers=ADMIN), 409)
    body.pop("slug")
    same = await client.put("/api/v1/frameworks/test-framework", json=body, headers=ADMIN)
    assert same.status_code == 200 and same.json()["version"] == 1
    body["principles"][1]["statements"][0]["text"] = "Lived experience is expertise"
    second = await client.put("/api/v1/frameworks/test-framework", json=body, headers=ADMIN)
    assert second.status_code == 201 and second.json()["version"] == 2
    assert (await client.get("/api/v1/frameworks/test-framework")).json()["version"] == 2
    first = (await client.get("/api/v1/frameworks/test-framework/versions/1")).json()
    assert first["principles"][1]["statements"][0]["text"] == "Lived experience counts as expertise"
    assert_problem(await client.get("/api/v1/frameworks/test-framework/versions/3"), 404)
    renamed = await client.put("/api/v1/frameworks/test-framework", json={**body, "slug": "other"}, headers=ADMIN)
    assert_problem(renamed, 422)
    assert_problem(await client.get("/api/v1/frameworks/nothing-here"), 404)


async def test_only_editors_write_frameworks(client):
    entries = await published_entries(client)
    _, partner, _ = await make_partner(client, "A partner")
    body = framework_body(entries)
    assert_problem(await client.post("/api/v1/frameworks", json=body), 401)
    assert_problem(await client.post("/api/v1/frameworks", json=body, headers=partner), 403)
    assert (await client.get("/api/v1/frameworks")).json()["total"] == 0


async def test_bad_frameworks_are_refused(client):
    entries = await published_entries(client)
    body = framework_body(entries)
    body["scale"] = body["scale"][1:]  # levels 2..5
    assert_problem(await client.post("/api/v1/frameworks", json=body, headers=ADMIN), 422)
    body = framework_body(entries)
    body["principles"][1]["statements"][0]["key"] = "context-history"  # a key twice
    assert_problem(await client.post("/api/v1/frameworks", json=body, headers=ADMIN), 422)
    body = framework_body(entries)
    body["principles"][0]["statements"][0]["related"] = [{"kind": "projects", "external_id": "nobody-has-this"}]
    assert_problem(await client.post("/api/v1/frameworks", json=body, headers=ADMIN), 422)
    body = framework_body(entries)
    body["principles"][0]["section"] = {"kind": "projects", "id": entries["projects"]["id"]}
    assert_problem(await client.post("/api/v1/frameworks", json=body, headers=ADMIN), 422)
    assert (await client.get("/api/v1/frameworks")).json()["total"] == 0


async def test_the_seeded_framework_loads_with_its_related_entries(seeded):
    import yaml

    from tests.conftest import SEED_DIR

    _app, client = seeded
    source = yaml.safe_load((SEED_DIR / "frameworks.yaml").read_text(encoding="utf-8"))[0]
    fw = (await client.get(f"/api/v1/frameworks/{source['slug']}")).json()
    assert fw["version"] == 1 and fw["languages"] == ["en", "cy"]
    assert len(fw["principles"]) == 8
    assert [level["level"] for level in fw["scale"]] == [1, 2, 3, 4, 5]
    for principle, given in zip(fw["principles"], source["principles"], strict=True):
        assert principle["section"] is not None, principle["key"]
        for statement, stated in zip(principle["statements"], given["statements"], strict=True):
            # Every related entry resolves to a published entry, in the order the seed gives.
            found = [(r["kind"], r["slug"]) for r in statement["related"]]
            assert len(found) == len(stated["related"]), statement["key"]
    welsh = (await client.get(f"/api/v1/frameworks/{source['slug']}?lang=cy")).json()
    assert welsh["lang"] == "cy" and welsh["title"] == source["title"]["cy"]
    assert welsh["principles"][0]["statements"][0]["text"] == source["principles"][0]["statements"][0]["text"]["cy"]


async def test_reseeding_makes_a_version_only_when_the_file_changed(seeded, tmp_path):
    import yaml

    from app.services.assessments.frameworks import load_seed
    from tests.conftest import SEED_DIR

    app, client = seeded
    with app.state.db.writing() as session:
        assert load_seed(session, seed_dir=SEED_DIR) == {"created": 0, "updated": 0, "unchanged": 1}
    source = yaml.safe_load((SEED_DIR / "frameworks.yaml").read_text(encoding="utf-8"))
    source[0]["principles"][0]["statements"][0]["advice"]["en"] = "Ask first, then plan."
    (tmp_path / "frameworks.yaml").write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    with app.state.db.writing() as session:
        assert load_seed(session, seed_dir=tmp_path) == {"created": 0, "updated": 1, "unchanged": 0}
    slug = source[0]["slug"]
    assert (await client.get(f"/api/v1/frameworks/{slug}")).json()["version"] == 2
    first = (await client.get(f"/api/v1/frameworks/{slug}/versions/1")).json()
    assert first["principles"][0]["statements"][0]["advice"] != "Ask first, then plan."
