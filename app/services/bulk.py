"""Bulk upsert by (owner, external_id): the path for partners' scripts and the seed loader.

A batch is validated (values in: each item against the kind's create schema) and handed to
the one write path (app/services/writes.py) as a batch, which plans and writes it set-wise.
What is particular to bulk lives here: an item needs an external id, once per batch, and an
item identical to the one its entry was last written from is recognised by its hash without
being validated again (re-sending a whole data set is cheap).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import select
from sqlmodel import Session

from app.db import chunks
from app.errors import FieldError, field_error, validation_errors
from app.i18n import _
from app.kinds import Kind
from app.models.bulk import ArchiveResult, ItemResult
from app.services import writes
from app.services.writes import Author, Write


def item_hash(item: dict[str, Any]) -> str:
    """The identity of a bulk item's content: SHA-256 of its canonical JSON."""
    return hashlib.sha256(orjson.dumps(item, option=orjson.OPT_SORT_KEYS)).hexdigest()


class _ItemError(Exception):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors


def validate_items(
    kind: Kind, raw: Iterable[tuple[int, Any]], *, known: dict[str, str | None] | None = None
) -> tuple[list[Write], list[ItemResult], list[ItemResult]]:
    """Validate each (index, item) against the kind's create schema; each needs an
    external_id, once. An item identical to the one its entry was last written from (`known`:
    external_id → source hash) is not validated again. Returns (writes, errors, unchanged)."""
    good: list[Write] = []
    failed: list[ItemResult] = []
    same: list[ItemResult] = []
    seen: dict[str, int] = {}
    known = known or {}
    for index, item in raw:
        xid = item.get("external_id") if isinstance(item, dict) else None
        xid = xid if isinstance(xid, str) else None
        try:
            if not isinstance(item, dict):
                message = getattr(item, "message", None) or _("each item must be a JSON object")
                raise _ItemError([field_error(str(index), message, code="object_type")])
            if xid is not None and xid in seen:
                raise _ItemError([_repeats(index, seen[xid])])
            digest = item_hash(item)
            if xid is not None and known.get(xid) == digest:
                seen[xid] = index
                same.append(ItemResult(index=index, status="unchanged", external_id=xid))
                continue
            data = kind.create.model_validate(item)
            external_id = data.external_id
            if external_id is None:
                raise _ItemError(
                    [field_error(f"{index}.external_id", _("bulk items need an external_id"), code="missing")]
                )
            if external_id in seen:
                raise _ItemError([_repeats(index, seen[external_id])])
            seen[external_id] = index
        except ValidationError as exc:
            errors = validation_errors(exc.errors(include_url=False), drop_location=True)
            for error in errors:
                error.field = f"{index}" + (f".{error.field}" if error.field else "")
            failed.append(ItemResult(index=index, status="error", external_id=xid, errors=errors))
            continue
        except _ItemError as exc:
            failed.append(ItemResult(index=index, status="error", external_id=xid, errors=exc.errors))
            continue
        good.append(writes.from_schema(data, index=index, source_hash=digest))
    return good, failed, same


def _repeats(index: int, first: int) -> FieldError:
    return field_error(f"{index}.external_id", _("repeats item {first} of this batch", first=first), code="duplicate")


@dataclass
class Prepared:
    """A batch validated before the write lock is taken (validation is most of a batch's
    work, and needs the database only for the source hashes that settle re-sent items)."""

    raw: Sequence[Any]
    known: dict[str, tuple[int, str | None]]  # external_id → (id, source hash) when validated
    writes: list[Write]
    failed: list[ItemResult]
    same: list[ItemResult]


def _known(session: Session, kind: Kind, author: Author, raw: Sequence[Any]) -> dict[str, tuple[int, str | None]]:
    """The author's existing entries with the batch's external ids: external_id → (id, source hash)."""
    t = kind.core
    xids = list(
        {item["external_id"] for item in raw if isinstance(item, dict) and isinstance(item.get("external_id"), str)}
    )
    known: dict[str, tuple[int, str | None]] = {}
    for chunk in chunks(xids):
        for row_id, external_id, source_hash in session.execute(
            select(t.c.id, t.c.external_id, t.c.source_hash).where(
                t.c.owner_id == author.owner_id, t.c.external_id.in_(chunk)
            )
        ):
            known[external_id] = (row_id, source_hash)
    return known


def prepare(session: Session, kind: Kind, author: Author, raw: Sequence[Any]) -> Prepared:
    """Validate a batch (in any session: a read one will do); `upsert` then writes it."""
    known = _known(session, kind, author, raw)
    good, failed, same = validate_items(kind, enumerate(raw), known={x: h for x, (_, h) in known.items()})
    return Prepared(raw=raw, known=known, writes=good, failed=failed, same=same)


def upsert(
    session: Session,
    kind: Kind,
    author: Author,
    batch: Sequence[Any] | Prepared,
    *,
    atomic: bool = False,
) -> list[ItemResult]:
    """Create, update or leave unchanged each item; invalid items are reported and skipped
    (or, with atomic, refuse the whole batch with 422 before anything is written). `session`
    holds the write lock; a `Prepared` batch was validated before it was taken."""
    if isinstance(batch, Prepared):
        prepared = batch
        known = _known(session, kind, author, prepared.raw)
    else:
        prepared = prepare(session, kind, author, batch)
        known = prepared.known
    items, failed, unchanged = list(prepared.writes), list(prepared.failed), []
    # Settled by its hash when validated, but changed since by another request: validate now.
    stale = []
    for result in prepared.same:
        assert result.external_id is not None
        then, now = prepared.known.get(result.external_id), known.get(result.external_id)
        if now is not None and then is not None and now[1] == then[1]:
            result.id = now[0]
            unchanged.append(result)
        else:
            stale.append((result.index, prepared.raw[result.index]))
    if stale:
        more, more_failed, _ = validate_items(kind, stale)
        items += more
        failed += more_failed
    if atomic and failed:
        failed.sort(key=lambda r: r.index)
        # The same answer as the write path gives when it refuses a batch.
        raise writes.refused(failed, len(prepared.raw))
    results = writes.write(session, kind, author, items, on_error="refuse" if atomic else "report")
    return sorted([*results, *failed, *unchanged], key=lambda r: r.index)


def archive_gone(session: Session, kind: Kind, author: Author, external_ids: Sequence[str]) -> list[ArchiveResult]:
    """Archive the author's entries with these external ids (those that have gone from the
    partner's own source); already archived ones are left unchanged."""
    wanted = list(dict.fromkeys(external_ids))
    found = _known(session, kind, author, [{"external_id": x} for x in wanted])
    batch = [
        Write(external_id=xid, set_status="archived", mode="update", index=i)
        for i, xid in enumerate(x for x in wanted if x in found)
    ]
    outcomes = {r.external_id: r for r in writes.write(session, kind, author, batch, on_error="report")}
    results = []
    for xid in wanted:
        if xid not in found:
            results.append(ArchiveResult(external_id=xid, status="not_found"))
            continue
        done = outcomes[xid]
        results.append(
            ArchiveResult(
                external_id=xid, status="archived" if done.status == "updated" else "unchanged", id=found[xid][0]
            )
        )
    return results
