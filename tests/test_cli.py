"""The command line, run as a user would: migrate, seed, create-key, load, reindex, check."""

from __future__ import annotations

import csv
import json

import httpx
import pytest

from app.seed import read_seed
from tests.conftest import SEED_DIR
from tests.live import LiveServer, app_env, run_cli

SEED_COUNTS = {kind: len(entries) for kind, entries in read_seed(SEED_DIR).items()}


@pytest.fixture
def env(database_url, tmp_path):
    return app_env(database_url, tmp_path / "index", CKB_ADMIN_KEY="cli-admin-key-0123456789abcdef")


def test_seed_is_idempotent(env):
    first = run_cli("seed", env=env)
    assert first.returncode == 0, first.stderr
    assert f"resources: {SEED_COUNTS['resources']} created" in first.stdout
    second = run_cli("seed", env=env)
    assert second.returncode == 0, second.stderr
    for line in second.stdout.strip().splitlines():
        assert " 0 created, 0 updated" in line and "0 with changed relations" in line, line


def test_reindex_and_check(env):
    assert run_cli("seed", env=env).returncode == 0
    missing = run_cli("check", env=env)
    assert missing.returncode == 1 and "missing: resources/1" in missing.stdout
    rebuilt = run_cli("reindex", env=env)
    assert rebuilt.returncode == 0 and f"indexed {sum(SEED_COUNTS.values())} entries" in rebuilt.stdout, (
        rebuilt.stdout + rebuilt.stderr
    )
    ok = run_cli("check", env=env)
    assert ok.returncode == 0 and "agrees" in ok.stdout, ok.stdout


def test_create_key_and_load_a_csv(env, tmp_path):
    made = run_cli("create-key", "--partner", "Spice", "--role", "partner", "--expires-in", "90d", env=env)
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("ckb_") and "expires" in made.stderr
    assert run_cli("create-key", "--partner", "Spice", "--expires-in", "soon", env=env).returncode != 0

    source = tmp_path / "cases.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["external_id", "title", "summary", "keywords", "contributors", "start_year", "region"])
        writer.writerow(
            [
                "c1",
                "Repair café",
                "Neighbours fix things together.",
                "repair; reuse",
                "Ann Jones (Repair Wales); Bob | Council | lead",
                "2018",
                "Wales",
            ]
        )
        writer.writerow(["c2", "Garden share", "Gardens shared with growers.", "food", "", "2020", "England"])
        writer.writerow(["c3", "", "A row with no title.", "", "", "", ""])
        writer.writerow(["c4", "Bad year", "", "", "", "twenty", ""])

    with LiveServer(env) as server:
        load_env = {**env, "CKB_API_KEY": key}
        first = run_cli("load", str(source), "--url", server.url, "--kind", "projects", env=load_env)
        assert first.returncode == 1, first.stdout + first.stderr  # some rows failed
        assert "created 2, updated 0, unchanged 0, errors 2" in first.stdout
        failures = [json.loads(line) for line in (tmp_path / "cases.errors.ndjson").read_text().splitlines()]
        assert [f["row"]["external_id"] for f in failures] == ["c3", "c4"]
        assert {e["field"] for e in failures[0]["errors"]} == {"2.title"}

        entry = httpx.get(
            f"{server.url}/api/v1/projects/by-external-id/c1", headers={"Authorization": f"Bearer {key}"}
        ).json()
        assert entry["keywords"] == ["repair", "reuse"]
        assert entry["contributors"] == [
            {"name": "Ann Jones", "organisation": "Repair Wales", "role": None},
            {"name": "Bob", "organisation": "Council", "role": "lead"},
        ]
        assert entry["start_year"] == 2018 and entry["owner"]["name"] == "Spice"
        found = httpx.get(f"{server.url}/api/v1/search", params={"q": "repair cafe"}).json()
        assert [h["title"] for h in found["items"]] == ["Repair café"]

        # Fixed rows go in, the others are unchanged; the failures file goes away.
        rows = list(csv.reader(source.open(encoding="utf-8")))
        rows[3][1] = "Now with a title"
        rows[4][5] = "2019"
        with source.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
        second = run_cli("load", str(source), "--url", server.url, env=load_env)
        assert second.returncode == 0, second.stdout + second.stderr
        assert "created 2, updated 0, unchanged 2, errors 0" in second.stdout
        assert not (tmp_path / "cases.errors.ndjson").exists()

        no_key = run_cli("load", str(source), "--url", server.url, env=env)
        assert no_key.returncode != 0 and "CKB_API_KEY" in no_key.stderr
        wrong = run_cli(
            "load", str(source), "--url", server.url, "--key", "ckb_wrong_key_000000000000000000000", env=env
        )
        assert wrong.returncode == 2 and "401" in wrong.stderr


def test_load_a_data_set_with_its_own_column_names(env, tmp_path):
    """A public data set's columns: named like fields but spelt their way, an `id`, a column
    mapped with --map, and columns the knowledge base has no field for (left out, said so)."""
    key = run_cli("create-key", "--partner", "Open data", env=env).stdout.strip()
    source = tmp_path / "open.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["ID", "Name", "Description", "Start Year", "Borough", "Funding (£)", "Tags"])
        writer.writerow(["17", "Library of things", "Lending, run by residents.", "2019", "Hackney", "5000", "reuse"])
    with LiveServer(env) as server:
        load_env = {**env, "CKB_API_KEY": key}
        done = run_cli(
            "load", str(source), "--url", server.url, "--map", "Borough=place", "--map", "Tags=keywords", env=load_env
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "created 1" in done.stdout
        assert "left out (no such field; use --map COLUMN=FIELD): Funding (£)" in done.stderr
        entry = httpx.get(
            f"{server.url}/api/v1/projects/by-external-id/17", headers={"Authorization": f"Bearer {key}"}
        ).json()
        assert (entry["title"], entry["summary"], entry["start_year"], entry["place"], entry["keywords"]) == (
            "Library of things",
            "Lending, run by residents.",
            2019,
            "Hackney",
            ["reuse"],
        )
        bad = run_cli("load", str(source), "--url", server.url, "--map", "Borough=borough", env=load_env)
        assert bad.returncode == 2 and "borough is not a field" in bad.stderr


def test_erase_by_email_deletes_self_evaluations(env):
    assert run_cli("seed", env=env).returncode == 0
    with LiveServer(env) as server:
        body = {"framework": "co-production-self-evaluation", "organisation": "Llanfair", "email": "Jo@Example.org"}
        started = httpx.post(f"{server.url}/api/v1/assessments", json=body)
        assert started.status_code == 201, started.text
        token = started.json()["token"]
        done = run_cli("erase", "--email", "jo@example.org", env=env)
        assert done.returncode == 0, done.stderr
        assert "self-evaluations deleted: 1" in done.stdout
        assert httpx.get(f"{server.url}/api/v1/assessments/{token}").status_code == 404
