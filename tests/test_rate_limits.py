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


def _deposit(url: str, forwarded_for: str) -> int:
    with httpx.Client() as client:
        r = client.post(
            f"{url}/api/v1/submissions",
            json={"title": "Deposit", "depositor_name": "A", "depositor_email": "a@example.org"},
            headers={"X-Forwarded-For": forwarded_for},
        )
        return r.status_code


def test_a_client_cannot_choose_its_address_with_x_forwarded_for(tmp_path):
    """uvicorn believes X-Forwarded-For from loopback unless told otherwise: the server names
    no trusted proxy by default, so a client claiming other addresses is still one client."""
    env = app_env(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        tmp_path / "index",
        CKB_ADMIN_KEY=ADMIN_KEY,
        CKB_DEPOSIT_RATE_LIMIT="1/minute",
    )
    with LiveServer(env, log=tmp_path / "server.log") as server:
        assert [_deposit(server.url, f"203.0.113.{i}") for i in range(1, 4)] == [201, 429, 429]
    trusted = {**env, "CKB_FORWARDED_ALLOW_IPS": "127.0.0.1"}
    with LiveServer(trusted, log=tmp_path / "server-2.log") as server:
        # Behind a proxy it was told to trust, the address the proxy gives is the client's.
        assert [_deposit(server.url, f"198.51.100.{i}") for i in range(1, 4)] == [201, 201, 201]
