"""Rate limits shared across workers through Redis (and, without it, per worker)."""

from __future__ import annotations

import os

import httpx
import pytest

from tests.conftest import ADMIN_KEY
from tests.live import LiveServer, app_env

REDIS_URL = os.environ.get("TEST_REDIS_URL")


def _redis_ok() -> bool:
    if not REDIS_URL:
        return False
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
        return True
    except Exception:
        return False


def deposit_statuses(url: str, n: int) -> list[int]:
    statuses = []
    for i in range(n):
        # A new connection each time, so that requests spread over the workers.
        with httpx.Client() as client:
            r = client.post(
                f"{url}/api/v1/submissions",
                json={"title": f"Deposit {i}", "depositor_name": "A", "depositor_email": "a@example.org"},
            )
            statuses.append(r.status_code)
            if r.status_code == 429:
                assert int(r.headers["retry-after"]) >= 1
                assert r.headers["content-type"].startswith("application/problem+json")
    return statuses


@pytest.mark.skipif(not _redis_ok(), reason="Redis is not available (set TEST_REDIS_URL)")
def test_deposit_limit_holds_across_two_workers_with_redis(tmp_path):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = app_env(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        tmp_path / "index",
        CKB_ADMIN_KEY=ADMIN_KEY,
        CKB_REDIS_URL=REDIS_URL,
        CKB_DEPOSIT_RATE_LIMIT="5/minute",
    )
    with LiveServer(env, workers=2, log=tmp_path / "server.log") as server:
        statuses = deposit_statuses(server.url, 9)
    assert statuses.count(201) == 5 and statuses.count(429) == 4, statuses


def test_without_redis_each_worker_counts_for_itself(tmp_path):
    env = app_env(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        tmp_path / "index",
        CKB_ADMIN_KEY=ADMIN_KEY,
        CKB_DEPOSIT_RATE_LIMIT="3/minute",
    )
    with LiveServer(env, workers=1, log=tmp_path / "server.log") as server:
        statuses = deposit_statuses(server.url, 5)
    assert statuses == [201, 201, 201, 429, 429]
