"""Engines and sessions for SQLite and PostgreSQL, and the write transaction discipline.

Every write transaction is serialised, on both databases, so that the change log's sequence
order is its commit order (see app/changelog.py) and slug or external_id allocation never
races:
- SQLite: writes begin with ``BEGIN IMMEDIATE``. A deferred transaction that reads and then
  writes fails with "database is locked" under concurrency despite WAL and busy_timeout.
- PostgreSQL: writes take one transaction-level advisory lock first, held until commit.
Reads are never blocked by either.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Engine, Table, create_engine, event, insert, make_url, text
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel

from app.config import Settings

# Arbitrary constant naming the one advisory lock that serialises writers on PostgreSQL.
PG_WRITE_LOCK_KEY = 727_001
WRITE_OPTION = "ckb_write"


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling is lazy
    # and would defer the lock to the first write).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # FULL: a committed write survives power loss, not only a killed process.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _json(value: Any) -> str:
    # orjson: fast, and Unicode unescaped, so that text searches of JSON columns (erasure)
    # find accented names.
    return orjson.dumps(value).decode("utf-8")


def make_engine(database_url: str, *, pool_size: int = 10) -> Engine:
    if database_url.startswith("sqlite"):
        in_memory = make_url(database_url).database in (None, "", ":memory:")
        pool_args: dict[str, Any] = (
            # One shared connection: each new one would be a new, empty database.
            {"poolclass": StaticPool} if in_memory else {"pool_size": pool_size, "max_overflow": pool_size * 2}
        )
        engine = create_engine(
            database_url,
            json_serializer=_json,
            json_deserializer=orjson.loads,
            connect_args={"check_same_thread": False, "timeout": 30},
            **pool_args,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(
        database_url,
        json_serializer=_json,
        json_deserializer=orjson.loads,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
    )


class Database:
    """The engine pair of one process: plain reads and serialised writes."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.database_url
        self.engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
        self._stats_lock = threading.Lock()
        self._inserted: dict[str, int] = {}  # rows added per table since this process analysed it
        self._rows: dict[str, int] = {}  # the table's size when this process last analysed it

    def read_session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def write_session(self) -> Session:
        """A session whose transaction holds the write lock from its first statement."""
        session = Session(self._write_engine, expire_on_commit=False)
        if not self.is_sqlite:
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK_KEY})
        else:
            session.connection()  # BEGIN IMMEDIATE now, not at the first write
        return session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction for code outside requests (CLI, seed): commit or roll back."""
        session = self.write_session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        session = self.read_session()
        try:
            yield session
        finally:
            session.close()

    def note_inserts(self, table: str, rows: int) -> None:
        """PostgreSQL plans queries by table statistics, which autovacuum keeps fresh when it
        runs: it may be off, or minutes behind a bulk load. A table it still thinks small is
        scanned whole (finding 1,000 external ids in 100,000 rows took 120 ms instead of 2),
        so once a tenth of a table's size (at least 2,000 rows) has been added through this
        process, it is analysed. `table` is a model's table name, never client input."""
        if self.is_sqlite or rows <= 0:
            return
        with self._stats_lock:
            added = self._inserted.get(table, 0) + rows
            due = added >= max(2_000, self._rows.get(table, 0) // 10)
            self._inserted[table] = 0 if due else added
        if due:
            self.analyze([table])

    def analyze(self, tables: list[str]) -> None:
        """Refresh the planner's statistics of these tables (PostgreSQL; SQLite plans well
        without them)."""
        if self.is_sqlite:
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.execute(text(f'ANALYZE "{table}"'))
                rows = conn.execute(text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}).scalar()
                with self._stats_lock:
                    self._rows[table] = max(0, int(rows or 0))

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def table_of(model: type[SQLModel]) -> Table:
    """The Table of a table model. SQLModel sets `__table__` on table classes at runtime
    but does not declare it, so mypy cannot see it on `type[SQLModel]`."""
    return SQLModel.metadata.tables[str(model.__tablename__)]


def stored_id(value: int | None) -> int:
    """The primary key of a row read from the database. SQLModel types `id` as optional
    (an object has none until it is inserted); a stored row always has one."""
    if value is None:
        raise ValueError("a stored row without an id")
    return value


# --- many rows at once -----------------------------------------------------------------------

CHUNK = 500  # keeps IN lists and multi-row statements well under both databases' limits


def chunks(values: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


_InsertPlan = tuple[str, bool, list[str], list[Any]]
_insert_plans: dict[tuple[str, str, tuple[str, ...]], _InsertPlan] = {}


def _insert_plan(dialect: Dialect, table: Table, names: tuple[str, ...]) -> _InsertPlan:
    key = (dialect.name, table.name, names)
    plan = _insert_plans.get(key)
    if plan is None:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        # Bind parameters are named after their columns; positional dialects list their order.
        order = list(compiled.positiontup or names) if compiled.positional else list(names)
        processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order]
        plan = _insert_plans[key] = (compiled.string, compiled.positional, order, processors)
    return plan


def insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT rows (each with the same columns) in one executemany, converting values with
    each column's type once per value. The same statement and conversions as
    `session.execute(insert(table), rows)`, without SQLAlchemy's per-row parameter set-up,
    which was a fifth of a 1,000-entry bulk batch's writing time; values are converted a
    column at a time."""
    if not rows:
        return
    first = rows[0].keys()
    if any(row.keys() != first for row in rows):
        session.execute(insert(table), rows)  # rows of different shapes: the general path
        return
    names = tuple(first)
    connection = session.connection()
    sql, positional, order, processors = _insert_plan(connection.dialect, table, names)
    columns = [_converted([row[name] for row in rows], p) for name, p in zip(order, processors, strict=True)]
    params: list[Any] = list(zip(*columns, strict=True))
    if not positional:
        params = [dict(zip(order, values, strict=True)) for values in params]
    connection.exec_driver_sql(sql, params)


def _converted(values: list[Any], processor: Any) -> list[Any]:
    if processor is None:
        return values
    out: list[Any] = []
    # Consecutive rows often share one value object (a batch's timestamps): convert it once.
    last_in: Any = out
    last_out = None
    for value in values:
        if value is not last_in:
            last_in, last_out = value, processor(value)
        out.append(last_out)
    return out
