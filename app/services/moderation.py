"""Editors' decisions: publish or reject an entry that waits for review (a deposit, a
moderated partner's new entry), or the change a moderated partner asked of a published one.
Every decision is a write through the one write path."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.errors import Conflict, ValidationFailed
from app.i18n import _
from app.kinds import Kind
from app.models.entry import EntryColumns
from app.models.fields import RelatedRef
from app.models.types import utcnow
from app.services import held, writes
from app.services.access import Caller


def _decided(kind: Kind, extra: dict[str, Any]) -> dict[str, Any]:
    """Columns that remember a decision, on kinds that have them (deposits' projects)."""
    now = utcnow()
    out: dict[str, Any] = {}
    if kind.has_column("moderated_at"):
        out["moderated_at"] = now
    for name, value in extra.items():
        if kind.has_column(name):
            out[name] = value
    return out


def publish(session: Session, kind: Kind, caller: Caller, row: EntryColumns) -> None:
    """Publish the entry, and apply the change held for it if there is one."""
    assert row.id is not None
    author = writes.author_of(session, caller)
    change = held.pending(session, kind, row.id)
    if change is None and row.status == "published":
        raise Conflict(_("This entry is published already, and no change of it waits for review."))
    item = writes.Write(entry_id=row.id, mode="update", set_status="published", private=_decided(kind, {}))
    if change is not None:
        item.values = dict(change.fields)
        if change.related is not None:
            item.related_refs = [RelatedRef(kind=k, id=i) for k, i in change.related]
        item.note = {
            "approved": {
                "partner_id": change.partner_id,
                "key_id": change.key_id,
                "asked_at": change.updated_at.isoformat(),
            }
        }
        try:
            writes.write_one(session, kind, author, item)
        except ValidationFailed as exc:
            raise Conflict(
                _(
                    "The change waiting for review can no longer be applied: {reason} Reject it instead.",
                    reason=exc.detail,
                ),
                errors=exc.errors,
            ) from exc
        held.discard(session, kind, [row.id])
        return
    writes.write_one(session, kind, author, item)


def reject(session: Session, kind: Kind, caller: Caller, row: EntryColumns, reason: str) -> None:
    """Turn down the change held for the entry, or else the entry itself (its sender sees why)."""
    assert row.id is not None
    change = held.pending(session, kind, row.id)
    if change is not None:
        held.reject(session, change, reason, utcnow())
        return
    if row.status == "rejected":
        raise Conflict(_("This entry is rejected already."))
    item = writes.Write(
        entry_id=row.id,
        mode="update",
        set_status="rejected",
        private=_decided(kind, {"rejection_reason": reason}),
        note={"reason": reason},
    )
    writes.write_one(session, kind, writes.author_of(session, caller), item)
