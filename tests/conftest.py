"""Test fixtures: every API test runs on SQLite and, when TEST_POSTGRES_URL is set, again on
PostgreSQL. Each test gets a clean, migrated database of its own (a copy of a template made
once per session by `alembic upgrade head`)."""

from __future__ import annotations

import itertools
import logging
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.cli import migrate_to_head
from app.config import Settings
from app.main import create_app
from tests.secrets import SecretsInLogs

ADMIN_KEY = "test-admin-key-0123456789abcdef"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
_counter = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    # At the end of the run, no secret the suite made may be in any log (tests/secrets.py).
    config.pluginmanager.register(SecretsInLogs(), "ckb-secrets-in-logs")
    # The test client's own log of each request it sends (URLs and all) is the client's, not
    # the server's: it would hold every status link the tests follow.
    logging.getLogger("httpx").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def _pg_admin_url() -> str:
    assert POSTGRES_URL
    url = make_url(POSTGRES_URL)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _pg_reachable() -> bool:
    if not POSTGRES_URL:
        return False
    try:
        engine = create_engine(_pg_admin_url())
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


PG_OK = _pg_reachable()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate_to_head(Settings(database_url=f"sqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if not PG_OK:
        pytest.skip("PostgreSQL is not available (set TEST_POSTGRES_URL)")
    name = f"ckb_tmpl_{os.getpid()}"
    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    migrate_to_head(Settings(database_url=url))
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def new_database(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """A fresh migrated database URL for one test (dropped afterwards on PostgreSQL)."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / f"db{next(_counter)}.sqlite3"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    return new_pg_database(request, template=request.getfixturevalue("pg_template"))


def new_pg_database(request: pytest.FixtureRequest, template: str | None = None) -> str:
    """A PostgreSQL database of its own for one test: a copy of the migrated template, or
    empty (for the migration tests)."""
    name = f"ckb_t_{os.getpid()}_{next(_counter)}"
    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and not PG_OK:
        pytest.skip("PostgreSQL is not available (set TEST_POSTGRES_URL)")
    return str(request.param)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    return new_database(request, backend, tmp_path)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        admin_key=ADMIN_KEY,
        index_dir=tmp_path / "index",
        environment="test",
        seed_dir=tmp_path / "no-seed",
        index_wait_seconds=5.0,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@asynccontextmanager
async def started_app(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of another app over the same database, with other settings."""
    application = create_app(settings.model_copy(update={"index_dir": settings.index_dir.parent / "index-2"}))
    transport = httpx.ASGITransport(app=application)
    async with (
        application.router.lifespan_context(application),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as c,
    ):
        yield c


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}
SEED_DIR = Path(__file__).resolve().parent.parent / "seed"


async def wait_until_indexed(app: Any, timeout: float = 30.0) -> None:
    """Wait until the app's index has applied every change in the database."""
    import anyio

    from app.search.indexer import current_seq

    seq = current_seq(app.state.db)
    await anyio.to_thread.run_sync(lambda: app.state.indexer.wait_for(seq, timeout))
    assert app.state.indexer.applied >= seq


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    """One app over a database holding the seed entries, shared by a module's read-only tests."""
    from app.db import Database
    from app.seed import load

    if request.param == "postgres" and not PG_OK:
        pytest.skip("PostgreSQL is not available (set TEST_POSTGRES_URL)")
    tmp = tmp_path_factory.mktemp("seeded")
    url = new_database(request, request.param, tmp)
    settings = Settings(
        database_url=url, admin_key=ADMIN_KEY, index_dir=tmp / "index", environment="test", seed_dir=SEED_DIR
    )
    db = Database(settings)
    load(db, SEED_DIR)
    db.dispose()
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        await wait_until_indexed(application)
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield application, c
