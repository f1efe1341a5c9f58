"""Export and import: every entry with its links, relations, history (the change log),
partners and keys (their hashes, so keys keep working after a move), and the self-evaluation
frameworks and assessments (their links as hashes too) in one NDJSON file.

The file is deterministic (rows in primary-key order, values as stored), so exporting an
imported database gives the same file again. It is also the way to move between SQLite and
PostgreSQL: export from one, `migrate` the other, import.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

import orjson
from sqlalchemy import Date, Table, func, insert, select, text
from sqlmodel import Session, SQLModel

from app.db import table_of
from app.models import (
    ApiKey,
    Assessment,
    AssessmentAnswer,
    AssessmentLink,
    AssessmentResponse,
    AssessmentRound,
    AssessmentTarget,
    Change,
    Framework,
    HeldChange,
    Network,
    Partner,
    Project,
    Relation,
    Resource,
    ToolkitSection,
)
from app.models.types import UTCDateTime

FORMAT = "ckb-export"
VERSION = 1
# In dependency order: partners before what they own, sections before their children.
TABLES: list[tuple[str, type[SQLModel]]] = [
    ("partner", Partner),
    ("api_key", ApiKey),
    ("resource", Resource),
    ("project", Project),
    ("network", Network),
    ("toolkit_section", ToolkitSection),
    ("relation", Relation),
    ("change", Change),
    ("held_change", HeldChange),
    # Self-evaluation: frameworks before the rounds taken against them.
    ("framework", Framework),
    ("assessment", Assessment),
    ("assessment_round", AssessmentRound),
    ("assessment_link", AssessmentLink),
    ("assessment_response", AssessmentResponse),
    ("assessment_answer", AssessmentAnswer),
    ("assessment_target", AssessmentTarget),
]


class BackupError(Exception):
    pass


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def export_lines(session: Session, *, licence: str, revision: str) -> Iterator[bytes]:
    yield (
        orjson.dumps({"type": "meta", "format": FORMAT, "version": VERSION, "schema": revision, "licence": licence})
        + b"\n"
    )
    for name, model in TABLES:
        table = table_of(model)
        if name == "toolkit_section":
            # Parents before children, so inserting in file order keeps foreign keys valid.
            rows: Iterator[dict[str, Any]] = _sections_parents_first(session, table)
        else:
            key = list(table.primary_key.columns)
            query = select(table).order_by(*key).execution_options(yield_per=1000)
            rows = (dict(r) for r in session.execute(query).mappings())
        for row in rows:
            yield orjson.dumps({"type": name, "row": {k: _encode(v) for k, v in row.items()}}) + b"\n"


def _sections_parents_first(session: Session, table: Table) -> Iterator[dict[str, Any]]:
    rows = [dict(r) for r in session.execute(select(table).order_by(table.c.id)).mappings()]
    done: set[int] = set()
    pending = rows
    while pending:
        ready = [r for r in pending if r["parent_id"] is None or r["parent_id"] in done]
        if not ready:  # cannot happen with a valid tree; keep the rest rather than loop
            ready = pending
        for row in ready:
            done.add(row["id"])
            yield row
        pending = [r for r in pending if r["id"] not in done]


def export(session: Session, out: IO[bytes], *, licence: str, revision: str) -> int:
    count = 0
    for line in export_lines(session, licence=licence, revision=revision):
        out.write(line)
        count += 1
    return count - 1


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in row.items():
        if name not in table.c:
            raise BackupError(f"{table.name} has no column {name!r}: is the file from a newer version?")
        if value is not None and isinstance(table.c[name].type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(table.c[name].type, Date):
            value = date.fromisoformat(value)
        out[name] = value
    return out


def is_empty(session: Session) -> bool:
    for name, model in TABLES:
        if name == "partner":
            continue
        if session.execute(select(func.count()).select_from(table_of(model))).scalar_one():
            return False
    partners: int = session.execute(select(func.count()).select_from(Partner)).scalar_one()
    return partners <= 1


def import_(session: Session, lines: IO[bytes]) -> dict[str, int]:
    """Load an export into an empty database (the house partner the migration made is
    replaced by the file's). Runs in the caller's transaction: all or nothing."""
    if not is_empty(session):
        raise BackupError("the database is not empty: import needs a freshly migrated database")
    first = lines.readline()
    try:
        meta = orjson.loads(first)
    except orjson.JSONDecodeError as exc:
        raise BackupError("not an export file (its first line is not JSON)") from exc
    if meta.get("type") != "meta" or meta.get("format") != FORMAT or meta.get("version") != VERSION:
        raise BackupError("not a knowledge base export of a known version")
    tables = {name: table_of(model) for name, model in TABLES}
    session.execute(text("DELETE FROM partner"))
    counts = {name: 0 for name in tables}
    batch: list[dict[str, Any]] = []
    current: str | None = None

    def flush() -> None:
        if batch and current is not None:
            session.execute(insert(tables[current]), batch)
            batch.clear()

    for number, raw in enumerate(lines, start=2):
        if not raw.strip():
            continue
        try:
            record = orjson.loads(raw)
            name = record["type"]
            table = tables[name]
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise BackupError(f"line {number}: not a record of a known table") from exc
        if name != current:
            flush()
            current = name
        batch.append(_decode(table, record["row"]))
        counts[name] += 1
        if len(batch) >= 1000:
            flush()
    flush()
    _reset_sequences(session, tables)
    return counts


def _reset_sequences(session: Session, tables: dict[str, Table]) -> None:
    """Rows came with their ids; PostgreSQL's sequences must move past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables.values():
        (column,) = list(table.primary_key.columns)
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                f'COALESCE((SELECT MAX({column.name}) FROM "{table.name}"), 0) + 1, false)'
            )
        )
