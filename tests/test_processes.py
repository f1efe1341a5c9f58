"""Real server processes: several workers, a writer that dies, several servers on one
PostgreSQL database each with its own index."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import ADMIN, ADMIN_KEY, PG_OK, new_database
from tests.live import LiveServer, app_env


def create(url, title, **extra):
    r = httpx.post(f"{url}/api/v1/resources", json={"title": title, **extra}, headers=ADMIN, timeout=30)
    assert r.status_code == 201, r.text
    return r


def search_titles(url, q, seq=None):
    # By words only: these tests are about what each process's index holds, and search by
    # meaning would add near misses ("w1x" for "w10x").
    params = {"q": q, "mode": "keyword"}
    if seq is not None:
        params["min_seq"] = seq
    r = httpx.get(f"{url}/api/v1/search", params=params, timeout=30)
    assert r.status_code == 200, r.text
    return [h["title"] for h in r.json()["items"]]


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_two_workers_read_their_writes(database_url, tmp_path):
    env = app_env(database_url, tmp_path / "index", CKB_ADMIN_KEY=ADMIN_KEY)
    with LiveServer(env, workers=2, log=tmp_path / "server.log") as server:
        for i in range(15):
            r = create(server.url, f"Quokka report {i}", summary=f"marsupial number w{i}x")
            assert search_titles(server.url, f"w{i}x", r.headers["x-change-seq"]) == [f"Quokka report {i}"]
        assert len(search_titles(server.url, "quokka")) == 15


def test_another_process_takes_over_the_index_when_the_writer_dies(database_url, tmp_path):
    env = app_env(database_url, tmp_path / "index", CKB_ADMIN_KEY=ADMIN_KEY)
    first = LiveServer(env, log=tmp_path / "first.log").start()
    second = None
    try:
        assert wait_for(lambda: httpx.get(first.url + "/healthz").json()["index"]["writer"])
        second = LiveServer(env, log=tmp_path / "second.log").start()
        assert httpx.get(second.url + "/healthz").json()["index"]["writer"] is False
        r = create(second.url, "Written while the other process indexes")
        assert search_titles(second.url, "written while", r.headers["x-change-seq"]) == [
            "Written while the other process indexes"
        ]

        first.kill()
        assert wait_for(lambda: httpx.get(second.url + "/healthz").json()["index"]["writer"], timeout=20)
        r = create(second.url, "Written after the writer died")
        assert search_titles(second.url, "writer died", r.headers["x-change-seq"]) == ["Written after the writer died"]
    finally:
        first.kill()
        if second is not None:
            second.stop()


@pytest.mark.postgres
def test_two_servers_on_one_postgres_database_each_with_its_own_index(request, tmp_path):
    if not PG_OK:
        pytest.skip("PostgreSQL is not available (set TEST_POSTGRES_URL)")
    database_url = new_database(request, "postgres", tmp_path)
    a = LiveServer(app_env(database_url, tmp_path / "index-a", CKB_ADMIN_KEY=ADMIN_KEY), log=tmp_path / "a.log")
    b = LiveServer(app_env(database_url, tmp_path / "index-b", CKB_ADMIN_KEY=ADMIN_KEY), log=tmp_path / "b.log")
    with a, b:
        assert httpx.get(a.url + "/healthz").json()["index"]["writer"]
        assert httpx.get(b.url + "/healthz").json()["index"]["writer"]
        r = create(a.url, "Wombat census written through A")
        assert search_titles(b.url, "wombat census", r.headers["x-change-seq"]) == ["Wombat census written through A"]
        r = create(b.url, "Numbat survey written through B")
        assert wait_for(lambda: search_titles(a.url, "numbat survey") == ["Numbat survey written through B"])
