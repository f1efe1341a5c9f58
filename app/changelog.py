"""The one change log: every create, update, status change and delete of an entry appends a
row here, in the same transaction as the change itself.

Its sequence order is its commit order, because writers are serialised (app/db.py): a reader
that has seen sequence N never later finds a new row below N. The search indexer, the
partners' sync feed (`/api/v1/changes`) and the audit history all read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.db import insert_many
from app.models import Change
from app.models.types import utcnow
from app.services.access import Caller

LAST_SEQ = "ckb_last_seq"  # session.info key: the highest sequence this transaction wrote
# session.info key: (kind, row) of entries this transaction wrote, each row whole, as it will
# be committed; offered to this process's search indexer, which then need not read them back.
WRITTEN_ROWS = "ckb_written_rows"


def append(
    session: Session,
    *,
    kind: str,
    entry_id: int,
    op: str,
    version: int,
    status: str,
    caller: Caller,
    diff: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> int:
    row = Change(
        kind=kind,
        entry_id=entry_id,
        op=op,
        version=version,
        status=status,
        at=at or utcnow(),
        key_id=caller.key_id,
        partner_id=caller.partner_id,
        diff=diff,
    )
    session.add(row)
    session.flush()
    assert row.seq is not None
    session.info[LAST_SEQ] = max(session.info.get(LAST_SEQ, 0), row.seq)
    return row.seq


def append_many(session: Session, rows: Sequence[dict[str, Any]]) -> int | None:
    """Append many rows with one executemany (bulk writes); returns the highest sequence.
    The transaction holds the write lock, so the highest sequence in the table is ours."""
    if not rows:
        return None
    insert_many(session, Change.__table__, list(rows))  # type: ignore[arg-type]
    last = last_seq(session)
    session.info[LAST_SEQ] = max(session.info.get(LAST_SEQ, 0), last)
    return last


def note_written(session: Session, kind: str, rows: Iterable[dict[str, Any]]) -> None:
    """Keep whole rows this transaction wrote (every column, with its new version), for the
    search indexer (see Writer.commit). Optional: rows not noted are read back."""
    session.info.setdefault(WRITTEN_ROWS, []).extend((kind, row) for row in rows)


def last_seq(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one())


def read_since(session: Session, seq: int, limit: int) -> list[Change]:
    return list(
        session.execute(select(Change).where(Change.seq > seq).order_by(Change.seq).limit(limit)).scalars().all()
    )


def history(session: Session, kind: str, entry_id: int) -> list[Change]:
    return list(
        session.execute(select(Change).where(Change.kind == kind, Change.entry_id == entry_id).order_by(Change.seq))
        .scalars()
        .all()
    )
