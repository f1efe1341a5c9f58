"""The one change log: every create, update, status change and delete of an entry appends a
row here, in the same transaction as the change itself.

Its sequence order is its commit order, because writers are serialised (app/db.py): a reader
that has seen sequence N never later finds a new row below N. The search indexer, the
partners' sync feed (`/api/v1/changes`) and the audit history all read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from app.db import insert_many, table_of
from app.models import Change

LAST_SEQ = "ckb_last_seq"  # session.info key: the highest sequence this transaction wrote
# session.info key: (kind, row) of entries this transaction wrote, each row whole, as it will
# be committed; offered to this process's search indexer, which then need not read them back.
WRITTEN_ROWS = "ckb_written_rows"


def append_many(session: Session, rows: Sequence[dict[str, Any]]) -> int | None:
    """Append rows (as app/services/writes.py makes them) with one executemany; returns the
    highest sequence. Rows marked `public` (a change readers can see) get the next places in
    the public feed's own sequence. The transaction holds the write lock, so the highest
    sequences in the table are ours."""
    if not rows:
        return None
    number = last_public_seq(session) if any(row["public"] for row in rows) else 0
    prepared: list[dict[str, Any]] = []
    for row in rows:
        public = row["public"]
        if public:
            number += 1
        prepared.append({**{k: v for k, v in row.items() if k != "public"}, "public_seq": number if public else None})
    insert_many(session, table_of(Change), prepared)
    last = last_seq(session)
    session.info[LAST_SEQ] = max(session.info.get(LAST_SEQ, 0), last)
    return last


def note_written(session: Session, kind: str, rows: Iterable[dict[str, Any]]) -> None:
    """Keep whole rows this transaction wrote (every column, with its new version), for the
    search indexer (see Writer.commit). Optional: rows not noted are read back."""
    session.info.setdefault(WRITTEN_ROWS, []).extend((kind, row) for row in rows)


def last_seq(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one())


def last_public_seq(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.max(Change.public_seq), 0))).scalar_one())


def public_seq_at(session: Session, seq: int) -> int:
    """The public feed's position that the change-log position `seq` had reached."""
    found = session.execute(
        select(func.coalesce(func.max(Change.public_seq), 0)).where(col(Change.seq) <= seq)
    ).scalar_one()
    return int(found)


def read_public_since(session: Session, public_seq: int, limit: int) -> list[Change]:
    """The changes readers can see, after a place in the public feed, in order."""
    return list(
        session.scalars(
            select(Change).where(col(Change.public_seq) > public_seq).order_by(col(Change.public_seq)).limit(limit)
        ).all()
    )


def history(session: Session, kind: str, entry_id: int) -> list[Change]:
    return list(
        session.scalars(
            select(Change).where(col(Change.kind) == kind, col(Change.entry_id) == entry_id).order_by(col(Change.seq))
        ).all()
    )
