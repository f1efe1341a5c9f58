"""The audit history of an entry and the partners' sync feed, both read from the change log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from app import changelog
from app.kinds import KINDS, AnyEntry
from app.models import ApiKey, Partner
from app.models.entry import EntryRef, Owner
from app.services import entries, relations
from app.services.access import ANONYMOUS


class Actor(BaseModel):
    key_prefix: str | None
    partner: Owner | None


class HistoryItem(BaseModel):
    seq: int
    op: str
    version: int
    status: str
    at: datetime
    by: Actor
    diff: dict[str, Any] | None


def entry_history(session: Session, kind: str, entry_id: int) -> list[HistoryItem]:
    rows = changelog.history(session, kind, entry_id)
    key_ids = {r.key_id for r in rows if r.key_id is not None}
    partner_ids = {r.partner_id for r in rows if r.partner_id is not None}
    prefixes: dict[int, str] = {}
    if key_ids:
        query = select(col(ApiKey.id), col(ApiKey.prefix)).where(col(ApiKey.id).in_(key_ids))
        prefixes = {key_id: prefix for key_id, prefix in session.execute(query)}
    names: dict[int, str] = {}
    if partner_ids:
        query = select(col(Partner.id), col(Partner.name)).where(col(Partner.id).in_(partner_ids))
        names = {partner_id: name for partner_id, name in session.execute(query)}
    return [
        HistoryItem(
            seq=r.seq,
            op=r.op,
            version=r.version,
            status=r.status,
            at=r.at,
            by=Actor(
                key_prefix=prefixes.get(r.key_id) if r.key_id is not None else None,
                partner=Owner(id=r.partner_id, name=names.get(r.partner_id, "")) if r.partner_id is not None else None,
            ),
            diff=r.diff,
        )
        for r in rows
    ]


class ChangeItem(BaseModel):
    seq: int
    kind: str
    id: int
    op: Literal["upsert", "delete"]
    version: int
    entry: AnyEntry | None
    # On a tombstone of an entry merged into another: the survivor (mirrors may redirect).
    merged_into: EntryRef | None = None


def changes_since(session: Session, since: int, limit: int, kinds: list[str]) -> tuple[list[ChangeItem], int, bool]:
    """What a mirror of the public entries must do since a place `since` of the public feed:
    an upsert with the entry as it is now, or a delete (a tombstone) for an entry that was
    public and is gone or no longer published. Changes readers could never see (to drafts,
    deposits awaiting review) are not in the feed, nor counted by its positions. Several
    changes to one entry within the page collapse into the last. Returns the items, the place
    of the last and whether more follow."""
    rows = changelog.read_public_since(session, since, limit)
    last: dict[tuple[str, int], Any] = {}
    for row in rows:
        last.pop((row.kind, row.entry_id), None)
        last[(row.kind, row.entry_id)] = row  # re-insert: keeps the order of the last change
    current: dict[tuple[str, int], Any] = {}
    for kind_name, ids in relations.by_kind(last).items():
        kind_ = KINDS[kind_name]
        found = session.scalars(
            select(kind_.table).where(kind_.column("id").in_(ids), kind_.column("status") == "published")
        )
        for read in entries.to_read(session, kind_, ANONYMOUS, list(found)):
            current[(kind_name, read.id)] = read
    moved = _merged_into(session, [ref for ref in last if ref not in current])
    items = []
    for (kind, entry_id), row in last.items():
        if kinds and kind not in kinds:
            continue
        entry = current.get((kind, entry_id))
        items.append(
            ChangeItem(
                seq=row.public_seq,
                kind=kind,
                id=entry_id,
                op="upsert" if entry is not None else "delete",
                version=entry.version if entry is not None else row.version,
                entry=entry,
                merged_into=moved.get((kind, entry_id)) if entry is None else None,
            )
        )
    place = rows[-1].public_seq if rows else since
    return items, int(place or 0), len(rows) == limit


def _merged_into(session: Session, refs: list[tuple[str, int]]) -> dict[tuple[str, int], EntryRef]:
    """Where the entries among `refs` that were merged went, one query per kind."""
    out: dict[tuple[str, int], EntryRef] = {}
    for kind_name, ids in relations.by_kind(refs).items():
        kind = KINDS[kind_name]
        rows = session.execute(
            select(kind.column("id"), kind.column("merged_into_kind"), kind.column("merged_into_id")).where(
                kind.column("id").in_(ids), kind.column("merged_into_kind").is_not(None)
            )
        )
        for entry_id, target_kind, target_id in rows:
            out[(kind_name, entry_id)] = EntryRef(kind=target_kind, id=target_id)
    return out
