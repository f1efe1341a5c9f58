"""Scratch PostgreSQL databases: created for one benchmark run, dropped after it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url


def sqlalchemy_url(url: str) -> str:
    """The URL with the psycopg 3 driver, as the app expects it."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def libpq_url(url: str) -> str:
    """The same database as a plain libpq URL, for psycopg.connect."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_database(server_url: str, label: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`; yields its SQLAlchemy URL and
    drops it (ending any connection left to it) on the way out."""
    name = f"ckb_bench_{label}_{os.getpid()}_{secrets.token_hex(3)}"
    admin = libpq_url(server_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield sqlalchemy_url(
            make_url(sqlalchemy_url(server_url)).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
