"""Crash safety: kill -9 the server while bulk requests are in flight, several times. Every
batch is then either fully present or fully absent, the database is intact, the index
catches up by itself and agrees with the tables, and re-running the loader completes the
set. The same with the index directory deleted: the server rebuilds it."""

from __future__ import annotations

import random
import shutil
import threading
import time

import httpx
from sqlalchemy import create_engine, text

from tests.conftest import ADMIN, ADMIN_KEY
from tests.live import LiveServer, app_env, run_cli

BATCH = 200


def batch_items(number: int) -> list[dict]:
    return [
        {"external_id": f"b{number}-{k}", "title": f"Crash batch {number} item {k}", "keywords": [f"crashb{number}"]}
        for k in range(BATCH)
    ]


def send_batches(
    url: str, key: str, start: int, acknowledged: set[int], attempted: set[int], stop: threading.Event
) -> None:
    number = start
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as client:
        while not stop.is_set():
            attempted.add(number)
            try:
                r = client.post("/api/v1/projects/bulk", json=batch_items(number))
                if r.status_code == 200:
                    acknowledged.add(number)
            except httpx.HTTPError:
                return  # the server died under us
            number += 1


def present(database_url: str) -> dict[int, int]:
    engine = create_engine(database_url)
    counts: dict[int, int] = {}
    with engine.connect() as conn:
        for (xid,) in conn.execute(text("SELECT external_id FROM project WHERE external_id IS NOT NULL")):
            number = int(xid[1:].split("-")[0])
            counts[number] = counts.get(number, 0) + 1
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    engine.dispose()
    return counts


def wait_until_indexed(url: str, database_url: str, timeout: float = 60) -> None:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        seq = conn.execute(text("SELECT COALESCE(MAX(seq), 0) FROM change")).scalar_one()
    engine.dispose()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if httpx.get(url + "/healthz", headers=ADMIN).json()["index"]["applied_seq"] >= seq:
            return
        time.sleep(0.2)
    raise AssertionError("the index did not catch up")


def test_kill_during_bulk_loads(database_url, tmp_path):
    env = app_env(database_url, tmp_path / "index", CKB_ADMIN_KEY=ADMIN_KEY, CKB_WRITE_RATE_LIMIT="100000/minute")
    key = run_cli("create-key", "--partner", "Crash loader", env=env).stdout.strip()
    rng = random.Random(7)
    acknowledged: set[int] = set()
    attempted: set[int] = set()
    next_batch = 0
    for round_no in range(4):
        server = LiveServer(env, log=tmp_path / "server.log").start()
        stop = threading.Event()
        senders = [
            threading.Thread(
                target=send_batches, args=(server.url, key, next_batch + 1000 * i, acknowledged, attempted, stop)
            )
            for i in range(2)
        ]
        before = len(acknowledged)
        for t in senders:
            t.start()
        # Once a batch has gone through in this round, kill at a different moment each time.
        deadline = time.monotonic() + 60
        while len(acknowledged) == before and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 1.0))
        server.kill()
        stop.set()
        for t in senders:
            t.join()
        next_batch += 10_000
        if round_no == 2:
            shutil.rmtree(tmp_path / "index")  # and once, lose the index as well

        counts = present(database_url)
        for number, count in counts.items():
            assert count == BATCH, f"batch {number} is partly there: {count} of {BATCH}"
        assert acknowledged <= set(counts), "an acknowledged batch is missing"

    assert len(acknowledged) >= 4, "the test did not load enough to mean anything"
    with LiveServer(env, log=tmp_path / "server.log") as server:
        wait_until_indexed(server.url, database_url)
        check = run_cli("check", env=env)
        assert check.returncode == 0, check.stdout
        # Re-running the loader completes the set.
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
            for number in sorted(attempted):
                r = client.post("/api/v1/projects/bulk", json=batch_items(number))
                assert r.status_code == 200
        counts = present(database_url)
        assert set(counts) == attempted and set(counts.values()) == {BATCH}
        some = max(acknowledged)
        found = httpx.get(f"{server.url}/api/v1/search", params={"keyword": f"crashb{some}", "per_page": 100}).json()
        assert found["total"] == BATCH
    assert run_cli("check", env=env).returncode == 0
