"""Bulk upsert and bulk archive over HTTP, on each database."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ADMIN
from tests.helpers import assert_problem, make_partner

pytestmark = pytest.mark.anyio


def case(n: int, **extra):
    return {
        "external_id": f"case-{n}",
        "title": f"Case study number {n}",
        "summary": f"Residents and the council co-produced service {n}.",
        "keywords": ["housing", f"k{n % 3}"],
        "start_year": 2010 + n % 10,
        "contributors": [{"name": f"Person {n}", "organisation": "Org", "role": "lead"}],
        **extra,
    }


async def bulk(client, headers, items, *, kind="projects", ndjson=False, **params):
    if ndjson:
        body = "\n".join(json.dumps(i) for i in items).encode()
        h = {**headers, "Content-Type": "application/x-ndjson"}
    else:
        body = json.dumps(items).encode()
        h = {**headers, "Content-Type": "application/json"}
    return await client.post(f"/api/v1/{kind}/bulk", content=body, headers=h, params=params)


async def test_upsert_created_updated_unchanged_error_in_order(client):
    _, partner, _ = await make_partner(client, "Loader Org")
    first = await bulk(client, partner, [case(i) for i in range(5)])
    assert first.status_code == 200, first.text
    body = first.json()
    assert [i["status"] for i in body["items"]] == ["created"] * 5
    assert [i["index"] for i in body["items"]] == list(range(5))
    assert body["summary"] == {"created": 5, "updated": 0, "unchanged": 0, "error": 0}
    ids = [i["id"] for i in body["items"]]
    assert "x-change-seq" in first.headers

    items = [case(0), case(1, title="Renamed case"), {"title": "No external id"}, case(3, start_year="soon"), case(5)]
    second = await bulk(client, partner, items)
    statuses = [(i["index"], i["status"]) for i in second.json()["items"]]
    assert statuses == [(0, "unchanged"), (1, "updated"), (2, "error"), (3, "error"), (4, "created")]
    errors = {i["index"]: {e["field"] for e in i["errors"]} for i in second.json()["items"] if i["errors"]}
    assert errors == {2: {"2.external_id"}, 3: {"3.start_year"}}
    unchanged = (await client.get(f"/api/v1/projects/{ids[0]}")).json()
    assert unchanged["version"] == 1
    renamed = (await client.get(f"/api/v1/projects/{ids[1]}")).json()
    assert renamed["title"] == "Renamed case" and renamed["version"] == 2
    assert renamed["contributors"] == case(1)["contributors"]
    # Search sees bulk-loaded entries at once.
    found = await client.get("/api/v1/search", params={"q": "renamed case"})
    assert [h["id"] for h in found.json()["items"]] == [ids[1]]
    # Sending the same request again is safe.
    again = await bulk(client, partner, [case(i) for i in range(5)])
    assert [i["status"] for i in again.json()["items"]] == [
        "unchanged",
        "updated",
        "unchanged",
        "unchanged",
        "unchanged",
    ]


async def test_ndjson_and_malformed_lines(client):
    _, partner, _ = await make_partner(client, "NDJSON Org")
    body = (json.dumps(case(1)) + "\n{not json}\n\n" + json.dumps(case(2)) + "\n").encode()
    r = await client.post(
        "/api/v1/projects/bulk", content=body, headers={**partner, "Content-Type": "application/x-ndjson"}
    )
    assert r.status_code == 200, r.text
    assert [i["status"] for i in r.json()["items"]] == ["created", "error", "created"]


async def test_atomic_batch_writes_nothing_when_one_item_is_invalid(client):
    _, partner, _ = await make_partner(client, "Atomic Org")
    r = await bulk(client, partner, [case(1), case(2, title="")], atomic="true")
    problem = assert_problem(r, 422)
    assert "1.title" in {e["field"] for e in problem["errors"]}
    assert (await client.get("/api/v1/projects?owner=me", headers=partner)).json()["total"] == 0
    ok = await bulk(client, partner, [case(1), case(2)], atomic="true")
    assert ok.json()["summary"]["created"] == 2


async def test_idempotency_key_replays_the_first_answer(client):
    _, partner, _ = await make_partner(client, "Idempotent Org")
    headers = {**partner, "Idempotency-Key": "batch-2026-11-25"}
    first = await bulk(client, headers, [case(1)])
    assert first.json()["summary"]["created"] == 1
    replay = await bulk(client, headers, [case(1)])
    assert replay.json() == first.json()
    assert replay.headers.get("idempotent-replayed") == "true"
    assert_problem(await bulk(client, headers, [case(2)]), 409)
    assert (await client.get("/api/v1/projects?owner=me", headers=partner)).json()["total"] == 1


async def test_limits_are_413(client, app):
    _, partner, _ = await make_partner(client, "Big Org")
    app.state.settings.bulk_max_items = 10
    many = [case(i) for i in range(11)]
    assert_problem(await bulk(client, partner, many), 413)
    assert_problem(await bulk(client, partner, many, ndjson=True), 413)
    app.state.settings.bulk_max_line_bytes = 2048
    long_line = json.dumps(case(1, body="x" * 5000)).encode() + b"\n"
    r = await client.post(
        "/api/v1/projects/bulk", content=long_line, headers={**partner, "Content-Type": "application/x-ndjson"}
    )
    assert_problem(r, 413)
    assert (await client.get("/api/v1/projects?owner=me", headers=partner)).json()["total"] == 0
    assert_problem(
        await client.post("/api/v1/projects/bulk", content=b"a,b", headers={**partner, "Content-Type": "text/csv"}), 415
    )
    assert_problem(
        await client.post(
            "/api/v1/projects/bulk", content=b'{"a": 1}', headers={**partner, "Content-Type": "application/json"}
        ),
        422,
    )
    assert_problem(
        await client.post(
            "/api/v1/projects/bulk", content=b"[1,", headers={**partner, "Content-Type": "application/json"}
        ),
        422,
    )


async def test_external_ids_belong_to_their_owner(client):
    _, a, _ = await make_partner(client, "Owner A")
    _, b, _ = await make_partner(client, "Owner B")
    first = (await bulk(client, a, [case(1)])).json()["items"][0]
    other = (await bulk(client, b, [case(1, title="B's own case")])).json()["items"][0]
    assert other["status"] == "created" and other["id"] != first["id"]
    assert (await client.get(f"/api/v1/projects/{first['id']}")).json()["title"] == "Case study number 1"


async def test_bulk_delete_archives_what_has_gone(client):
    _, a, _ = await make_partner(client, "Archiving Org")
    _, b, _ = await make_partner(client, "Bystander Org")
    await bulk(client, a, [case(i) for i in range(3)])
    theirs = (await bulk(client, b, [case(9)])).json()["items"][0]
    r = await client.post(
        "/api/v1/projects/bulk-delete", json={"external_ids": ["case-0", "case-2", "case-9", "nope"]}, headers=a
    )
    assert r.status_code == 200
    assert [(i["external_id"], i["status"]) for i in r.json()["items"]] == [
        ("case-0", "archived"),
        ("case-2", "archived"),
        ("case-9", "not_found"),
        ("nope", "not_found"),
    ]
    again = await client.post("/api/v1/projects/bulk-delete", json={"external_ids": ["case-0"]}, headers=a)
    assert again.json()["items"][0]["status"] == "unchanged"
    public = (await client.get("/api/v1/projects")).json()
    assert {i["external_id"] for i in public["items"]} == {"case-1", "case-9"}
    assert (await client.get(f"/api/v1/projects/{theirs['id']}")).json()["status"] == "published"


async def test_bulk_needs_a_key(client):
    assert_problem(await bulk(client, {}, [case(1)]), 401)
    assert_problem(await client.post("/api/v1/projects/bulk-delete", json={"external_ids": []}), 401)
    r = await bulk(client, ADMIN, [case(1)])
    assert r.json()["summary"]["created"] == 1


async def test_too_many_items_are_refused_before_the_body_is_all_read(client, app):
    _, partner, _ = await make_partner(client, "Flooding Org")
    app.state.settings.bulk_max_items = 100
    item = json.dumps({"external_id": "x", "title": "t", "body": "word " * 2000}).encode()
    sent = 0
    total = 2000  # about 20 MB: past the point where items are counted as they arrive

    async def body():
        nonlocal sent
        yield b"["
        for i in range(total):
            yield (b"," if i else b"") + item
            sent += 1
        yield b"]"

    r = await client.post(
        "/api/v1/projects/bulk", content=body(), headers={**partner, "Content-Type": "application/json"}
    )
    assert_problem(r, 413)
    assert sent < total, "the whole body was read before refusing it"
    assert (await client.get("/api/v1/projects?owner=me", headers=partner)).json()["total"] == 0


async def test_a_batch_of_titles_that_all_exist_already(client):
    """Every slug clashes: each new entry gets the next free suffix (one query per few
    hundred titles, within SQLite's limits)."""
    _, a, _ = await make_partner(client, "First loader")
    _, b, _ = await make_partner(client, "Second loader")
    items = [case(i) for i in range(1200)]
    first = await bulk(client, a, items)
    assert first.json()["summary"]["created"] == 1200
    second = await bulk(client, b, items)
    assert second.status_code == 200, second.text
    assert second.json()["summary"]["created"] == 1200
    entry = (await client.get(f"/api/v1/projects/{second.json()['items'][7]['id']}")).json()
    assert entry["slug"] == "case-study-number-7-2"


async def test_a_resent_item_is_unchanged_until_the_entry_changes_elsewhere(client):
    _, partner, _ = await make_partner(client, "Resending Org")
    item = case(1)
    first = (await bulk(client, partner, [item])).json()["items"][0]
    # The same content with its keys in another order is the same item.
    reordered = dict(reversed(list(item.items())))
    assert (await bulk(client, partner, [reordered])).json()["items"][0]["status"] == "unchanged"
    # A change made another way is undone by the next identical item, not mistaken for it.
    await client.patch(f"/api/v1/projects/{first['id']}", json={"title": "Edited on the site"}, headers=partner)
    again = (await bulk(client, partner, [item])).json()["items"][0]
    assert again["status"] == "updated"
    entry = (await client.get(f"/api/v1/projects/{first['id']}")).json()
    assert entry["title"] == item["title"] and entry["version"] == 3
    assert (await bulk(client, partner, [item])).json()["items"][0]["status"] == "unchanged"
    # A bad item stays bad however often it is sent.
    bad = case(2, start_year="soon")
    for _ in range(2):
        assert (await bulk(client, partner, [bad])).json()["items"][0]["status"] == "error"
    # Two copies of one external id in a batch: the second is refused even when unchanged.
    dup = await bulk(client, partner, [item, item])
    assert [i["status"] for i in dup.json()["items"]] == ["unchanged", "error"]


async def test_a_batch_validated_before_another_write_lands_is_written_right(client, app):
    """Batches are validated before the write lock is taken; what happened meanwhile is seen
    under the lock: an item settled as unchanged whose entry was edited since is written, and
    an item new when validated but created since is an update, not a second entry."""
    from app.kinds import KINDS
    from app.services import bulk as bulk_service
    from app.services import writes
    from app.services.access import Caller

    partner_id, partner, _ = await make_partner(client, "Racing Org")
    kept, fresh = case(1), case(2)
    first = (await bulk(client, partner, [kept])).json()["items"][0]
    caller = Caller(role="partner", partner_id=partner_id)
    with app.state.db.reading() as session:
        author = writes.author_of(session, caller)
        prepared = bulk_service.prepare(session, KINDS["projects"], author, [kept, fresh])
    assert [r.index for r in prepared.same] == [0] and [i.index for i in prepared.writes] == [1]
    # Meanwhile, another request edits the first and creates the second.
    await client.patch(f"/api/v1/projects/{first['id']}", json={"title": "Edited meanwhile"}, headers=partner)
    other = (await bulk(client, partner, [{**fresh, "title": "Created meanwhile"}])).json()["items"][0]
    with app.state.db.writing() as session:
        results = bulk_service.upsert(session, KINDS["projects"], author, prepared)
    assert [(r.status, r.id) for r in results] == [("updated", first["id"]), ("updated", other["id"])]
    for item, result in zip([kept, fresh], results, strict=True):
        entry = (await client.get(f"/api/v1/projects/{result.id}")).json()
        assert entry["title"] == item["title"]
    mine = (await client.get("/api/v1/projects", params={"owner": "me"}, headers=partner)).json()
    assert mine["total"] == 2


async def test_bulk_loads_keep_planner_statistics_fresh(client, app):
    """On PostgreSQL a table filled by bulk loads is analysed as it grows (autovacuum may be
    off), so the planner looks external ids up by index instead of scanning the table."""
    if app.state.db.is_sqlite:
        pytest.skip("PostgreSQL only: SQLite plans without statistics")
    from sqlalchemy import text

    _, partner, _ = await make_partner(client, "Growing Org")
    for start in (0, 1000):
        r = await bulk(client, partner, [case(n) for n in range(start, start + 1000)])
        assert r.json()["summary"]["created"] == 1000
    with app.state.db.reading() as session:
        rows = session.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'project'")).scalar()
    assert rows >= 2000


async def test_writes_count_against_the_callers_limit(client, app):
    """Single writes and bulk batches share each key's write limit; over it, 429 and nothing
    written."""
    from limits import parse_many

    app.state.rate_limits.write = parse_many("3/minute")
    _, partner, _ = await make_partner(client, "Busy Org")
    assert (await client.post("/api/v1/projects", json={"title": "One"}, headers=partner)).status_code == 201
    assert (await bulk(client, partner, [case(1)])).status_code == 200
    assert (await bulk(client, partner, [case(2)])).status_code == 200
    limited = await bulk(client, partner, [case(3)])
    assert_problem(limited, 429)
    assert int(limited.headers["retry-after"]) >= 1
    assert_problem(await client.post("/api/v1/projects", json={"title": "Two"}, headers=partner), 429)
    mine = (await client.get("/api/v1/projects", params={"owner": "me"}, headers=partner)).json()
    assert sorted(e["title"] for e in mine["items"]) == ["Case study number 1", "Case study number 2", "One"]


async def test_rows_offered_to_the_indexer_make_the_documents_the_database_makes(client, app, monkeypatch):
    """A bulk write hands the rows it committed to the indexer, which indexes them without
    reading them back: their documents must be those of the rows as stored."""
    from sqlalchemy import select

    from app.kinds import KINDS
    from app.search.documents import entry_document

    offered: list[tuple[str, dict]] = []
    indexer = app.state.indexer
    original = indexer.offer

    def recording(seq, written):
        written = list(written)
        offered.extend(written)
        original(seq, written)

    monkeypatch.setattr(indexer, "offer", recording)
    _, partner, _ = await make_partner(client, "Offering Org")
    extra = {"body": "Ünïcode body — with a co-design\u2011step.", "place": "Leeds", "end_year": 2030}
    assert (await bulk(client, partner, [case(i, **extra) for i in range(4)])).status_code == 200
    changed = [case(0, title="Changed title"), case(1, keywords=["other"]), case(2), case(3, summary="A new summary.")]
    assert (await bulk(client, partner, changed)).status_code == 200
    assert len(offered) == 4 + 3  # case(2) is unchanged: not written, not offered

    latest = {row["id"]: (kind, row) for kind, row in offered}  # created, then updated: the newer
    table = KINDS["projects"].table.__table__
    with app.state.db.reading() as session:
        for kind, row in latest.values():
            stored = session.execute(select(table).where(table.c.id == row["id"])).mappings().one()
            assert row["version"] == stored["version"]
            assert entry_document(kind, row).to_dict() == entry_document(kind, dict(stored)).to_dict()
    found = await client.get("/api/v1/search", params={"q": "changed title"})
    assert [h["title"] for h in found.json()["items"]] == ["Changed title"]


async def test_an_offered_row_is_used_only_for_its_own_version(app):
    indexer = app.state.indexer
    row = {"id": 7, "version": 2, "title": "x"}
    indexer._offered = {("projects", 7): (10, 2, row), ("projects", 8): (10, 1, {"id": 8, "version": 1})}
    known = indexer._take_offered({("projects", 7): (3, "update"), ("projects", 8): (2, "delete")}, last=12)
    assert known == {}  # version 3 is newer than the offered row; 8 was deleted
    indexer._offered = {("projects", 7): (10, 2, row), ("projects", 9): (20, 1, {"id": 9, "version": 1})}
    assert indexer._take_offered({("projects", 7): (2, "update")}, last=12) == {("projects", 7): row}
    assert list(indexer._offered) == [("projects", 9)]  # beyond what was applied: kept
