"""Export and import: a database moved to another (SQLite → PostgreSQL and back) exports the
same file again, and its keys keep working."""

from __future__ import annotations

import httpx

from tests.conftest import ADMIN, ADMIN_KEY, PG_OK, new_database
from tests.live import LiveServer, app_env, run_cli


def other_backend(backend: str) -> str:
    if backend == "sqlite":
        return "postgres" if PG_OK else "sqlite"
    return "sqlite"


def test_export_import_round_trip_across_databases(request, backend, database_url, tmp_path):
    source = app_env(database_url, tmp_path / "index-a", CKB_ADMIN_KEY=ADMIN_KEY)
    made = run_cli("create-key", "--partner", "Movers", "--role", "partner", env=source)
    key = made.stdout.strip()
    with LiveServer(source, seed=True, log=tmp_path / "a.log") as server:
        partner = {"Authorization": f"Bearer {key}"}
        r = httpx.post(
            f"{server.url}/api/v1/projects",
            json={
                "title": "Moved case",
                "external_id": "m-1",
                "contributors": [{"name": "Siân Jones"}],
                "translations": {"cy": {"title": "Achos a symudwyd"}},
            },
            headers=partner,
        )
        assert r.status_code == 201, r.text
        httpx.patch(
            f"{server.url}/api/v1/projects/{r.json()['id']}", json={"summary": "Now with a summary."}, headers=partner
        )
        httpx.post(
            f"{server.url}/api/v1/submissions",
            json={"title": "Deposited", "depositor_name": "D", "depositor_email": "d@example.org"},
        )
        httpx.delete(f"{server.url}/api/v1/resources/1", headers=ADMIN)
        # A self-evaluation moves with its links, answers and targets.
        started = httpx.post(
            f"{server.url}/api/v1/assessments",
            json={"framework": "co-production-self-evaluation", "organisation": "Movers"},
        )
        assert started.status_code == 201, started.text
        own = started.json()["token"]
        answered = httpx.put(f"{server.url}/api/v1/assessments/{own}/answers/context-history", json={"level": 3})
        assert answered.status_code == 200, answered.text
        target = httpx.put(
            f"{server.url}/api/v1/assessments/{own}/targets/context", json={"level": 4, "date": "2027-12-31"}
        )
        assert target.status_code == 200, target.text
    first = tmp_path / "first.ndjson"
    assert run_cli("export", str(first), env=source).returncode == 0

    (tmp_path / "target").mkdir()
    target_url = new_database(request, other_backend(backend), tmp_path / "target")
    target = app_env(target_url, tmp_path / "index-b", CKB_ADMIN_KEY=ADMIN_KEY)
    assert run_cli("migrate", env=target).returncode == 0
    loaded = run_cli("import", str(first), env=target)
    assert loaded.returncode == 0, loaded.stderr
    second = tmp_path / "second.ndjson"
    assert run_cli("export", str(second), env=target).returncode == 0
    assert second.read_bytes() == first.read_bytes()
    text = first.read_text()
    assert key not in text and '"key_hash"' in text and "Siân Jones" in text and own not in text

    again = run_cli("import", str(first), env=target)
    assert again.returncode == 2 and "not empty" in again.stderr

    with LiveServer(target, log=tmp_path / "b.log") as server:
        partner = {"Authorization": f"Bearer {key}"}
        moved = httpx.get(f"{server.url}/api/v1/projects/by-external-id/m-1", headers=partner)
        assert moved.status_code == 200 and moved.json()["summary"] == "Now with a summary."
        # The Welsh version moves with it, by its Welsh slug too (and is behind the English edit).
        welsh = httpx.get(
            f"{server.url}/api/v1/projects/achos-a-symudwyd", params={"lang": "cy"}, headers=partner
        ).json()
        assert welsh["id"] == moved.json()["id"] and welsh["title"] == "Achos a symudwyd" and welsh["lang"] == "cy"
        assert welsh["translations"]["cy"]["outdated"] is True
        history = httpx.get(f"{server.url}/api/v1/projects/{moved.json()['id']}/history", headers=partner).json()
        assert [h["op"] for h in history["items"]] == ["create", "update"]
        # New rows get new ids after the imported ones (sequences moved on).
        r = httpx.post(f"{server.url}/api/v1/projects", json={"title": "Made after the move"}, headers=partner)
        assert r.status_code == 201 and r.json()["id"] > moved.json()["id"]
        found = httpx.get(
            f"{server.url}/api/v1/search",
            params={"q": '"moved case"', "mode": "keyword", "min_seq": r.headers["x-change-seq"]},
        ).json()
        assert [h["title"] for h in found["items"]] == ["Moved case"]
        moved_assessment = httpx.get(f"{server.url}/api/v1/assessments/{own}").json()
        assert [(a["statement"], a["level"]) for a in moved_assessment["answers"]] == [("context-history", 3)]
        assert moved_assessment["targets"] == [{"principle": "context", "level": 4, "date": "2027-12-31"}]


def test_import_refuses_what_is_not_an_export(database_url, tmp_path):
    env = app_env(database_url, tmp_path / "index")
    junk = tmp_path / "junk.ndjson"
    junk.write_text("hello\n")
    r = run_cli("import", str(junk), env=env)
    assert r.returncode == 2 and "not an export" in r.stderr
