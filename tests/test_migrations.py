"""The schema comes only from Alembic: upgrade from empty, downgrade to base, and models that
match the migrated schema, on each database (pytest-alembic's standard tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_alembic.config import Config
from pytest_alembic.tests import (  # noqa: F401  (collected here, on both databases)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine, create_engine

from app.config import REPO_ROOT


@pytest.fixture
def alembic_config() -> Config:
    return Config(
        config_options={
            "file": str(REPO_ROOT / "alembic.ini"),
            "script_location": str(REPO_ROOT / "migrations"),
        }
    )


@pytest.fixture
def alembic_engine(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Engine]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        from tests.conftest import new_pg_database

        url = new_pg_database(request)
    engine = create_engine(url)
    yield engine
    engine.dispose()
