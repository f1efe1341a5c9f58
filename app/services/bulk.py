"""Bulk upsert by (owner, external_id): the path for partners' scripts and the seed loader.

One transaction per batch, a few statements per batch rather than per item: existing rows
are read in one query, new rows inserted with one multi-row INSERT … RETURNING, changed
rows updated with one executemany, and the change log appended in one INSERT.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ValidationError
from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from app import changelog
from app.db import insert_many
from app.errors import AppError, FieldError, ValidationFailed, field_error, validation_errors
from app.kinds import Kind
from app.models.types import utcnow
from app.services import entries, relations
from app.services.access import Caller

Outcome = Literal["created", "updated", "unchanged", "error"]
CHUNK = 500  # keeps IN lists and multi-row statements well under both databases' limits


@dataclass
class ItemResult:
    index: int
    status: Outcome
    external_id: str | None = None
    id: int | None = None
    errors: list[FieldError] = field(default_factory=list)


@dataclass
class _Item:
    index: int
    data: BaseModel
    external_id: str
    values: dict[str, Any]
    sent: set[str]
    targets: list[tuple[str, int]] | None = None
    existing: dict[str, Any] | None = None
    diff: dict[str, Any] = field(default_factory=dict)


def item_hash(item: dict[str, Any]) -> str:
    """The identity of a bulk item's content: SHA-256 of its canonical JSON."""
    return hashlib.sha256(orjson.dumps(item, option=orjson.OPT_SORT_KEYS)).hexdigest()


def validate_items(
    kind: Kind, raw: Iterable[tuple[int, Any]], *, known: dict[str, str | None] | None = None
) -> tuple[list[_Item], list[ItemResult], list[ItemResult]]:
    """Validate each (index, item) against the kind's create schema; each needs an
    external_id, once. An item identical to the one its entry was last written from (`known`:
    external_id → source hash) is not validated again. Returns (items to write, errors,
    unchanged)."""
    good: list[_Item] = []
    failed: list[ItemResult] = []
    same: list[ItemResult] = []
    seen: dict[str, int] = {}
    known = known or {}
    for index, item in raw:
        xid = item.get("external_id") if isinstance(item, dict) else None
        xid = xid if isinstance(xid, str) else None
        try:
            if not isinstance(item, dict):
                message = getattr(item, "message", "each item must be a JSON object")
                raise _ItemError([field_error(str(index), message, code="object_type")])
            if xid is not None and xid in seen:
                raise _ItemError(
                    [field_error(f"{index}.external_id", f"repeats item {seen[xid]} of this batch", code="duplicate")]
                )
            digest = item_hash(item)
            if xid is not None and known.get(xid) == digest:
                seen[xid] = index
                same.append(ItemResult(index=index, status="unchanged", external_id=xid))
                continue
            data = kind.create.model_validate(item)
            external_id = data.external_id  # type: ignore[attr-defined]
            if external_id is None:
                raise _ItemError(
                    [field_error(f"{index}.external_id", "bulk items need an external_id", code="missing")]
                )
            if external_id in seen:
                raise _ItemError(
                    [
                        field_error(
                            f"{index}.external_id", f"repeats item {seen[external_id]} of this batch", code="duplicate"
                        )
                    ]
                )
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
        sent = set(data.model_fields_set)
        values = entries.column_values(kind, data, sent)
        values["source_hash"] = digest
        good.append(_Item(index=index, data=data, external_id=external_id, values=values, sent=sent))
    return good, failed, same


class _ItemError(Exception):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors


@dataclass
class Prepared:
    """A batch validated before the write lock is taken (validation is most of a batch's
    work, and needs the database only for the source hashes that settle re-sent items)."""

    raw: Sequence[Any]
    known: dict[str, tuple[int, str | None]]  # external_id → (id, source hash) when validated
    items: list[_Item]
    failed: list[ItemResult]
    same: list[ItemResult]


def _known(session: Session, kind: Kind, caller: Caller, raw: Sequence[Any]) -> dict[str, tuple[int, str | None]]:
    """The caller's existing entries with the batch's external ids: external_id → (id, source hash)."""
    columns = kind.table.__table__.columns  # type: ignore[attr-defined]
    xids = list(
        {item["external_id"] for item in raw if isinstance(item, dict) and isinstance(item.get("external_id"), str)}
    )
    known: dict[str, tuple[int, str | None]] = {}
    for chunk in _chunks(xids):
        for row_id, external_id, source_hash in session.execute(
            select(columns.id, columns.external_id, columns.source_hash).where(
                columns.owner_id == caller.partner_id, columns.external_id.in_(chunk)
            )
        ):
            known[external_id] = (row_id, source_hash)
    return known


def prepare(session: Session, kind: Kind, caller: Caller, raw: Sequence[Any]) -> Prepared:
    """Validate a batch (in any session: a read one will do); `upsert` then writes it."""
    known = _known(session, kind, caller, raw)
    items, failed, same = validate_items(kind, enumerate(raw), known={x: h for x, (_, h) in known.items()})
    return Prepared(raw=raw, known=known, items=items, failed=failed, same=same)


def upsert(
    session: Session,
    kind: Kind,
    caller: Caller,
    batch: Sequence[Any] | Prepared,
    *,
    atomic: bool = False,
) -> list[ItemResult]:
    """Create, update or leave unchanged each item; invalid items are reported and skipped
    (or, with atomic, refuse the whole batch with 422 before anything is written). `session`
    holds the write lock; a `Prepared` batch was validated before it was taken."""
    assert caller.partner_id is not None
    table = kind.table
    columns = table.__table__.columns  # type: ignore[attr-defined]

    # The caller's existing entries with these external ids: first only their source hashes,
    # which settle re-sent items at once; then whole rows, only for the items to compare.
    if isinstance(batch, Prepared):
        prepared = batch
        known = _known(session, kind, caller, prepared.raw)
    else:
        prepared = prepare(session, kind, caller, batch)
        known = prepared.known
    raw = prepared.raw
    items, results, unchanged_fast = list(prepared.items), list(prepared.failed), []
    # Settled by its hash when validated, but changed since by another request: validate now.
    stale = []
    for result in prepared.same:
        assert result.external_id is not None
        then, now = prepared.known.get(result.external_id), known.get(result.external_id)
        if now is not None and then is not None and now[1] == then[1]:
            unchanged_fast.append(result)
        else:
            stale.append((result.index, raw[result.index]))
    if stale:
        more_items, more_failed, _ = validate_items(kind, stale)
        items = sorted([*items, *more_items], key=lambda item: item.index)
        results += more_failed
    for result in unchanged_fast:
        result.id = known[result.external_id][0]  # type: ignore[index]

    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks([known[item.external_id][0] for item in items if item.external_id in known]):
        for row in session.execute(select(*columns).where(columns.id.in_(chunk))).mappings():
            existing[row["external_id"]] = dict(row)

    new_status: str | None = None
    for item in list(items):
        try:
            item.existing = existing.get(item.external_id)
            requested = getattr(item.data, "status", None) if "status" in item.sent else None
            if item.existing is None:
                if new_status is None or requested is not None:
                    status = entries.initial_status(session, caller, requested)
                    if requested is None:
                        new_status = status
                else:
                    status = new_status
                item.values["status"] = status
                merged = {**item.values}
                entries.check_consistency(session, kind, merged, None)
            else:
                entries.check_status_change(caller, requested)
                if requested is not None:
                    item.values["status"] = requested
                merged = {**item.existing, **item.values}
                if {"parent_id", "start_year", "end_year"} & item.values.keys():
                    entries.check_consistency(session, kind, merged, item.existing["id"])
            if "related" in item.sent:
                source = (kind.name, item.existing["id"]) if item.existing else None
                item.targets = relations.check_targets(session, caller, source, item.data.related)
        except AppError as exc:
            errors = exc.errors or [field_error("", exc.detail)]
            for error in errors:
                error.field = f"{item.index}" + (f".{error.field}" if error.field else "")
            results.append(ItemResult(index=item.index, status="error", external_id=item.external_id, errors=errors))
            items.remove(item)

    if atomic and results:
        results.sort(key=lambda r: r.index)
        raise ValidationFailed(
            f"{len(results)} of {len(raw)} items are invalid; with atomic=true nothing was written.",
            errors=[e for r in results for e in r.errors],
        )

    now = utcnow()
    creates = [item for item in items if item.existing is None]
    updates: list[_Item] = []
    unchanged: list[_Item] = []
    for item in items:
        if item.existing is None:
            continue
        for name, value in item.values.items():
            if name != "source_hash" and item.existing.get(name) != value:
                item.diff[name] = {"from": item.existing.get(name), "to": value}
        if item.targets is not None:
            related_diff = entries.relink(session, caller, (kind.name, item.existing["id"]), item.targets, now)
            if related_diff:
                item.diff["related"] = related_diff
        (updates if item.diff else unchanged).append(item)

    log: list[dict[str, Any]] = []
    if creates:
        _insert(session, kind, caller, creates, now, log)
    if updates:
        _update(session, kind, caller, updates, now, log)
    # Identical in content but sent differently (or first sent through the API one by one):
    # remember the item, so that the next identical one is recognised at once.
    rehash = [
        item for item in unchanged if item.existing and item.existing["source_hash"] != item.values["source_hash"]
    ]
    if rehash:
        t = kind.table.__table__  # type: ignore[attr-defined]
        session.execute(
            update(t).where(t.c.id == bindparam("_id")).values(source_hash=bindparam("_hash")),
            [{"_id": item.existing["id"], "_hash": item.values["source_hash"]} for item in rehash],  # type: ignore[index]
        )
    changelog.append_many(session, log)

    for item in creates:
        results.append(
            ItemResult(index=item.index, status="created", external_id=item.external_id, id=item.values["id"])
        )
    for item in updates:
        results.append(
            ItemResult(index=item.index, status="updated", external_id=item.external_id, id=item.existing["id"])
        )  # type: ignore[index]
    for item in unchanged:
        results.append(
            ItemResult(index=item.index, status="unchanged", external_id=item.external_id, id=item.existing["id"])
        )  # type: ignore[index]
    results.extend(unchanged_fast)
    results.sort(key=lambda r: r.index)
    return results


def _insert(
    session: Session, kind: Kind, caller: Caller, items: list[_Item], now: Any, log: list[dict[str, Any]]
) -> None:
    rows = entries.new_rows(session, kind, caller, [item.values for item in items], now)
    t = kind.table.__table__  # type: ignore[attr-defined]
    # A plain executemany (RETURNING in parameter order would insert row by row on SQLite),
    # then the new ids by (owner, external_id), which is unique.
    insert_many(session, t, rows)
    by_external_id = {item.external_id: item for item in items}
    for chunk in _chunks([item.external_id for item in items]):
        for new_id, external_id in session.execute(
            select(t.c.id, t.c.external_id).where(t.c.owner_id == caller.partner_id, t.c.external_id.in_(chunk))
        ):
            by_external_id[external_id].values["id"] = new_id
    for row, item in zip(rows, items, strict=True):
        row["id"] = item.values["id"]
    changelog.note_written(session, kind.name, rows)
    for item in items:
        log.append(_log_row(kind, caller, item.values["id"], "create", 1, item.values["status"], None, now))
        if item.targets:
            entries.relink(session, caller, (kind.name, item.values["id"]), item.targets, now)


def _update(
    session: Session, kind: Kind, caller: Caller, items: list[_Item], now: Any, log: list[dict[str, Any]]
) -> None:
    t = kind.table.__table__  # type: ignore[attr-defined]
    # Group by the set of changed columns, so each group is one executemany.
    groups: dict[tuple[str, ...], list[_Item]] = defaultdict(list)
    for item in items:
        groups[tuple(sorted({*(name for name in item.diff if name != "related"), "source_hash"}))].append(item)
    for names, group in groups.items():
        stmt = (
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values(
                version=t.c.version + 1,
                updated_at=bindparam("_now"),
                **{name: bindparam(f"_{name}") for name in names},
            )
        )
        params = [
            {"_id": item.existing["id"], "_now": now, **{f"_{name}": item.values[name] for name in names}}  # type: ignore[index]
            for item in group
        ]
        session.execute(stmt, params)
    changelog.note_written(
        session,
        kind.name,
        (
            {**item.existing, **item.values, "version": item.existing["version"] + 1, "updated_at": now}
            for item in items
        ),  # type: ignore[dict-item]
    )
    for item in items:
        assert item.existing is not None
        version = item.existing["version"] + 1
        status = item.values.get("status", item.existing["status"])
        op = "status" if item.diff.keys() == {"status"} else "update"
        log.append(_log_row(kind, caller, item.existing["id"], op, version, status, item.diff, now))


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _log_row(
    kind: Kind, caller: Caller, entry_id: int, op: str, version: int, status: str, diff: Any, now: Any
) -> dict[str, Any]:
    return {
        "kind": kind.name,
        "entry_id": entry_id,
        "op": op,
        "version": version,
        "status": status,
        "at": now,
        "key_id": caller.key_id,
        "partner_id": caller.partner_id,
        "diff": diff,
    }


def summary(results: Iterable[ItemResult]) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0, "error": 0}
    for result in results:
        counts[result.status] += 1
    return counts


ArchiveOutcome = Literal["archived", "unchanged", "not_found"]


@dataclass
class ArchiveResult:
    external_id: str
    status: ArchiveOutcome
    id: int | None = None


def archive_gone(session: Session, kind: Kind, caller: Caller, external_ids: Sequence[str]) -> list[ArchiveResult]:
    """Archive the caller's entries with these external ids (those that have gone from the
    partner's own source); already archived ones are left unchanged."""
    assert caller.partner_id is not None
    t = kind.table.__table__  # type: ignore[attr-defined]
    wanted = list(dict.fromkeys(external_ids))
    found: dict[str, tuple[int, str, int]] = {}
    for chunk in _chunks(wanted):
        for row in session.execute(
            select(t.c.external_id, t.c.id, t.c.status, t.c.version).where(
                t.c.owner_id == caller.partner_id, t.c.external_id.in_(chunk)
            )
        ):
            found[row[0]] = (row[1], row[2], row[3])
    now = utcnow()
    to_archive = [(xid, *found[xid]) for xid in wanted if xid in found and found[xid][1] != "archived"]
    for ids in _chunks([entry_id for _, entry_id, _, _ in to_archive]):
        session.execute(
            update(t)
            .where(t.c.id.in_(ids))
            .values(status="archived", version=t.c.version + 1, updated_at=now, source_hash=None)
        )
    changelog.append_many(
        session,
        [
            _log_row(
                kind,
                caller,
                entry_id,
                "status",
                version + 1,
                "archived",
                {"status": {"from": status, "to": "archived"}},
                now,
            )
            for _, entry_id, status, version in to_archive
        ],
    )
    archived = {xid for xid, *_ in to_archive}
    results = []
    for xid in wanted:
        if xid not in found:
            results.append(ArchiveResult(xid, "not_found"))
        else:
            results.append(ArchiveResult(xid, "archived" if xid in archived else "unchanged", found[xid][0]))
    return results
