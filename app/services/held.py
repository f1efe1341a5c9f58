"""Changes held for review (see app/models/held.py): kept by the write path, published or
turned down by editors. A held change is one per entry: asking again adds to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from app.kinds import KINDS, Kind
from app.models import HeldChange, Partner
from app.models.entry import EntryColumns
from app.models.held import HeldChangeItem, HeldChangeRead
from app.services import relations
from app.services.access import Caller


def hold(
    session: Session,
    kind: Kind,
    caller: Caller,
    existing: dict[str, Any],
    values: dict[str, Any],
    related: Sequence[relations.Target] | None,
    now: datetime,
) -> None:
    """Keep a change asked of a published entry for an editor; the entry stays as it is."""
    row = find(session, kind, existing["id"])
    if row is None or row.state != "pending":
        row = row or HeldChange(kind=kind.name, entry_id=existing["id"], base_version=0, created_at=now, updated_at=now)
        row.fields, row.related, row.state, row.reason, row.created_at = {}, None, "pending", None, now
    row.fields = {**row.fields, **values}
    if related is not None:
        row.related = [list(t.ref) for t in related]
    row.base_version = existing["version"]
    row.partner_id, row.key_id, row.updated_at = caller.partner_id, caller.key_id, now
    session.add(row)
    session.flush()


def find(session: Session, kind: Kind, entry_id: int) -> HeldChange | None:
    return session.scalars(
        select(HeldChange).where(col(HeldChange.kind) == kind.name, col(HeldChange.entry_id) == entry_id)
    ).one_or_none()


def pending(session: Session, kind: Kind, entry_id: int) -> HeldChange | None:
    row = find(session, kind, entry_id)
    return row if row is not None and row.state == "pending" else None


def discard(session: Session, kind: Kind, entry_ids: Sequence[int]) -> None:
    if entry_ids:
        session.execute(
            delete(HeldChange).where(col(HeldChange.kind) == kind.name, col(HeldChange.entry_id).in_(list(entry_ids)))
        )


def reject(session: Session, row: HeldChange, reason: str, now: datetime) -> None:
    row.state, row.reason, row.updated_at = "rejected", reason, now
    session.add(row)
    session.flush()


def to_read(session: Session, row: HeldChange) -> HeldChangeRead:
    related = None
    if row.related is not None:
        refs = [(str(kind), int(entry_id)) for kind, entry_id in row.related]
        info = relations.targets_info(session, refs)
        related = [
            {"kind": ref[0], "id": ref[1], "slug": info[ref].slug, "title": info[ref].title}
            for ref in refs
            if ref in info
        ]
    return HeldChangeRead(
        kind=row.kind,
        entry_id=row.entry_id,
        base_version=row.base_version,
        fields=row.fields,
        related=related,
        state=row.state,
        reason=row.reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def queue(session: Session, offset: int, limit: int) -> tuple[list[HeldChange], int]:
    """Changes waiting for an editor, oldest first."""
    condition = col(HeldChange.state) == "pending"
    total = session.execute(select(func.count()).select_from(HeldChange).where(condition)).scalar_one()
    rows = session.scalars(
        select(HeldChange)
        .where(condition)
        .order_by(col(HeldChange.updated_at), col(HeldChange.id))
        .offset(offset)
        .limit(limit)
    )
    return list(rows), int(total)


def queue_items(session: Session, offset: int, limit: int) -> tuple[list[HeldChangeItem], int]:
    """The editors' queue of held changes, each with the entry as it stands now (one query per
    kind and one for the partners, never one per change)."""
    rows, total = queue(session, offset, limit)
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.entry_id)
    stored: dict[tuple[str, int | None], EntryColumns] = {}
    for name, ids in by_kind.items():
        kind = KINDS[name]
        for stored_row in session.scalars(select(kind.table).where(kind.column("id").in_(ids))):
            stored[(name, stored_row.id)] = stored_row
    partner_ids = {row.partner_id for row in rows if row.partner_id is not None}
    names: dict[int, str] = {}
    if partner_ids:
        query = select(col(Partner.id), col(Partner.name)).where(col(Partner.id).in_(partner_ids))
        names = {partner_id: name for partner_id, name in session.execute(query)}
    items = []
    for row in rows:
        entry = stored.get((row.kind, row.entry_id))
        if entry is None:  # deleted for good since (the change goes with it)
            continue
        items.append(
            HeldChangeItem(
                **to_read(session, row).model_dump(),
                title=entry.title,
                slug=entry.slug,
                version=entry.version,
                asked_by=names.get(row.partner_id) if row.partner_id is not None else None,
                current={name: getattr(entry, name, None) for name in row.fields},
            )
        )
    return items, total
