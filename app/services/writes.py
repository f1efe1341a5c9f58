"""The one write path: every change to an entry goes through `write`.

A single create or PATCH, a bulk upsert, an archive, a deposit, a moderation decision, a
merge, a revert and a seed refresh are the same operation at different sizes: values in
(validated by the kind's schema), compared with what is stored, turned into operations, and
written with the change log in the same transaction. A batch is planned and written set-wise
(a few statements per batch, never a query per item).

Where each rule lives, once:
- who may change what, and what status a change leads to: `resolve_status`, `_check_rights`;
- what differs between kinds: `Kind.check` (years, tree), `Kind.always_moderated`;
- the diff of a change: `_diff`; the version bump: `_update_rows`; the change-log row: `_log`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session, col

from app import changelog
from app.db import chunks, insert_many
from app.errors import AppError, Conflict, Forbidden, NotFound, PreconditionFailed, ValidationFailed, field_error
from app.i18n import _
from app.kinds import KINDS, Kind
from app.models import Partner
from app.models.bulk import ItemResult
from app.models.types import utcnow
from app.services import held, keys, relations, slugs
from app.services.access import Caller, can_change
from app.services.relations import Ref

OnError = Literal["raise", "report", "refuse"]


@dataclass(frozen=True)
class Author:
    """Who writes, and what that means for the entries it writes."""

    caller: Caller
    owner_id: int  # the owner of the entries it creates
    new_status: str  # the status of entries it creates (editors may ask for another)
    moderated: bool  # its changes to entries readers can see are held for an editor

    def for_kind(self, kind: Kind) -> Author:
        """The curated kinds are moderated for every partner, whatever its own setting."""
        if kind.always_moderated and not self.caller.is_editor:
            return Author(self.caller, self.owner_id, "pending", True)
        return self


def author_of(session: Session, caller: Caller) -> Author:
    """The author behind a key: editors publish; a partner's entries start as its
    organisation's setting says, and a partner whose new entries are reviewed has its changes
    to published entries reviewed too."""
    assert caller.partner_id is not None
    if caller.is_editor:
        return Author(caller, caller.partner_id, "published", False)
    status = str(
        session.execute(select(col(Partner.new_entry_status)).where(col(Partner.id) == caller.partner_id)).scalar_one()
    )
    return Author(caller, caller.partner_id, status, status != "published")


def depositor(session: Session) -> Author:
    """Anyone depositing a case study: the knowledge base owns it, an editor reviews it."""
    return Author(Caller(), keys.house_partner_id(session), "pending", True)


@dataclass
class Write:
    """One change asked of one entry."""

    values: dict[str, Any] = field(default_factory=dict)  # column values sent (validated)
    related: list[relations.Target] | None = None  # the whole related set, when sent (checked)
    related_refs: list[Any] | None = None  # or as sent (RelatedRef), checked by the planner
    status: str | None = None  # a status the client asks for (editors only)
    set_status: str | None = None  # a status the operation itself sets (archive, moderation, merge)
    entry_id: int | None = None  # the entry to change
    external_id: str | None = None  # or the author's entry with this external id (bulk upserts)
    # create: an entry with the same external id is a conflict; update: the entry must exist;
    # upsert: either, by external id.
    mode: Literal["create", "update", "upsert"] = "upsert"
    if_match: set[int] | None = None
    source_hash: str | None = None  # the bulk item this write comes from
    private: dict[str, Any] = field(default_factory=dict)  # columns no client writes (a deposit's sender)
    op: str | None = None  # recorded as this ("merge", "revert") rather than create/update/status
    note: dict[str, Any] | None = None  # recorded beside the diff
    redact: bool = False  # record which fields changed and the note, never the values (erasure)
    index: int = 0  # its place in the batch, for errors


def from_schema(data: Any, **fields: Any) -> Write:
    """A validated write schema (a kind's create or update model) as a Write: the fields it
    was sent, as column values; `fields` add to it (entry_id, mode, if_match …)."""
    sent = set(data.model_fields_set)
    values = data.model_dump(include=sent - {"related", "status", "translations"})
    if "translations" in sent and data.translations is not None:
        # Only the fields each translation was sent: one left out keeps its Welsh text.
        values["translations"] = {
            lang: t.model_dump(exclude_unset=True) if t is not None else None for lang, t in data.translations.items()
        }
    return Write(
        values=values,
        related_refs=data.related if "related" in sent else None,
        status=data.status if "status" in sent else None,
        **({"external_id": values.get("external_id")} | fields),
    )


@dataclass
class _Step:
    write: Write
    existing: dict[str, Any] | None
    values: dict[str, Any]
    status: str
    diff: dict[str, Any] = field(default_factory=dict)
    outcome: Literal["created", "updated", "unchanged", "held"] = "unchanged"
    id: int | None = None


# --- status and rights ----------------------------------------------------------------------


def resolve_status(author: Author, write: Write, current: str | None) -> str:
    """The status an entry has after a write."""
    if write.status is not None and not author.caller.is_editor:
        raise ValidationFailed(
            _("Partners cannot set the status of an entry."),
            errors=[
                field_error(
                    "status",
                    _("only editors may set status; new entries start as your organisation's setting says"),
                    code="forbidden_field",
                )
            ],
        )
    chosen = write.set_status or write.status
    if current is None:
        return chosen or author.new_status
    return chosen or current


def _label(kind: Kind) -> str:
    return kind.shown_label_lower


def _check_rights(kind: Kind, author: Author, write: Write, existing: dict[str, Any] | None) -> None:
    if existing is None:
        if write.mode == "update":
            ref = write.entry_id if write.entry_id is not None else write.external_id
            raise NotFound(_("There is no {kind} '{ref}' that you can change.", kind=_label(kind), ref=ref))
        return
    # Another owner's entry is reported as not found, the same as a missing one.
    if author.caller.role is not None and not can_change(author.caller, owner_id=existing["owner_id"]):
        raise NotFound(_("There is no {kind} '{ref}' that you can change.", kind=_label(kind), ref=existing["id"]))
    if write.if_match is not None and existing["version"] not in write.if_match:
        raise PreconditionFailed(
            _(
                "The entry is at version {version}; your copy is out of date, nothing was changed.",
                version=existing["version"],
            )
        )


# --- the planner ----------------------------------------------------------------------------


def write(
    session: Session, kind: Kind, author: Author, writes: Sequence[Write], *, on_error: OnError = "raise"
) -> list[ItemResult]:
    """Plan and write a batch of changes to entries of one kind, in the caller's transaction
    (which holds the write lock). `on_error`: "raise" the first problem as it is (single
    writes), "report" failing items and write the rest (bulk), or "refuse" the whole batch
    with every problem (atomic bulk, the seed). Returns one result per write, in order."""
    author = author.for_kind(kind)
    existing = _existing(session, kind, author, writes)
    steps: list[_Step] = []
    failed: list[ItemResult] = []
    for item in writes:
        try:
            steps.append(_plan(session, kind, author, item, _found(existing, item)))
        except AppError as exc:
            if on_error == "raise":
                raise
            failed.append(_failure(item, exc))
    if failed and on_error == "refuse":
        raise refused(failed, len(writes))
    now = utcnow()
    _apply(session, kind, author, steps, now)
    results = [
        ItemResult(
            index=s.write.index,
            status=s.outcome,
            external_id=s.write.external_id or s.values.get("external_id"),
            id=s.id,
        )
        for s in steps
    ]
    return sorted([*results, *failed], key=lambda r: r.index)


def refused(failed: list[ItemResult], total: int) -> ValidationFailed:
    """The answer to a batch refused whole (atomic): every item's problems, nothing written."""
    failed = sorted(failed, key=lambda r: r.index)
    return ValidationFailed(
        _(
            "{failed} of {total} items are invalid; with atomic=true nothing was written.",
            failed=len(failed),
            total=total,
        ),
        errors=[e for r in failed for e in r.errors],
    )


def write_one(session: Session, kind: Kind, author: Author, item: Write) -> ItemResult:
    (result,) = write(session, kind, author, [item])
    return result


def _failure(item: Write, exc: AppError) -> ItemResult:
    errors = exc.errors or [field_error("", exc.detail)]
    for error in errors:
        error.field = f"{item.index}" + (f".{error.field}" if error.field else "")
    return ItemResult(index=item.index, status="error", external_id=item.external_id, errors=errors)


def _existing(session: Session, kind: Kind, author: Author, writes: Sequence[Write]) -> dict[Any, dict[str, Any]]:
    """The stored rows the batch changes, by id and by ("x", external_id), set-wise."""
    t = kind.core
    ids = [w.entry_id for w in writes if w.entry_id is not None]
    xids = [w.external_id for w in writes if w.entry_id is None and w.external_id is not None]
    out: dict[Any, dict[str, Any]] = {}
    for chunk in chunks(ids):
        for row in session.execute(select(t).where(t.c.id.in_(chunk))).mappings():
            out[row["id"]] = dict(row)
    for chunk in chunks(xids):
        for row in session.execute(
            select(t).where(t.c.owner_id == author.owner_id, t.c.external_id.in_(chunk))
        ).mappings():
            out[("x", row["external_id"])] = dict(row)
    return out


def _found(existing: dict[Any, dict[str, Any]], item: Write) -> dict[str, Any] | None:
    if item.entry_id is not None:
        return existing.get(item.entry_id)
    if item.external_id is not None:
        return existing.get(("x", item.external_id))
    return None


def _plan(session: Session, kind: Kind, author: Author, item: Write, existing: dict[str, Any] | None) -> _Step:
    if existing is not None and item.mode == "create":
        raise Conflict(
            _(
                "You already have a {kind} with external_id '{external_id}' (id {id}).",
                kind=_label(kind),
                external_id=item.external_id,
                id=existing["id"],
            ),
            errors=[field_error("external_id", _("is already used by another of your entries"), code="duplicate")],
        )
    _check_rights(kind, author, item, existing)
    status = resolve_status(author, item, existing["status"] if existing else None)
    values = dict(item.values)
    if kind.tree is not None and values.get("position", 0) is None:
        del values["position"]  # no position: a new section goes last, a moved one stays put
    entry_id = existing["id"] if existing else None
    merged = {**(existing or {}), **values}
    if existing is None or kind.checks_on(set(values)):
        kind.check(session, author.caller, merged, entry_id)
    if "external_id" in values and values["external_id"] is not None and existing is not None:
        _check_external_id_free(session, kind, existing["owner_id"], values["external_id"], entry_id)
    if item.related is None and item.related_refs is not None:
        source = (kind.name, entry_id) if entry_id is not None else None
        item.related = relations.check_targets(session, author.caller, source, item.related_refs)
    translations = _translations(kind, existing, values)
    values.pop("translations", None)
    if translations is not None:
        values["translations"] = translations
    step = _Step(write=item, existing=existing, values=values, status=status)
    if existing is not None:
        step.diff = _diff(existing, {**values, **item.private}, status)
    return step


def _translations(kind: Kind, existing: dict[str, Any] | None, values: dict[str, Any]) -> dict[str, Any] | None:
    """The entry's translations after this write, or None if they do not change. A language
    sent is merged field by field (a field sent as null falls back to English again; the
    language sent as null is removed); a translation not sent while the English text it
    follows changes is marked out of date until it is updated."""
    current: dict[str, Any] = dict((existing or {}).get("translations") or {})
    sent: dict[str, Any] = values.get("translations") or {}
    out = {lang: dict(fields) for lang, fields in current.items()}
    for lang, fields in sent.items():
        if fields is None:
            out.pop(lang, None)
            continue
        merged = {**out.get(lang, {}), **fields}
        merged = {name: value for name, value in merged.items() if value is not None}
        merged["outdated"] = False
        out[lang] = merged
    if existing is not None:
        edited = [name for name in kind.translatable if name in values and existing.get(name) != values[name]]
        if edited:
            for lang, fields in out.items():
                if lang not in sent:
                    fields["outdated"] = True
    for lang in [lang for lang, fields in out.items() if not set(fields) - {"outdated", "slug"}]:
        del out[lang]  # nothing left of it
    return out if out != current else None


def _diff(existing: dict[str, Any], values: dict[str, Any], status: str) -> dict[str, Any]:
    """{field: {"from": old, "to": new}} for what a write changes."""
    diff = {
        name: {"from": _jsonable(existing.get(name)), "to": _jsonable(value)}
        for name, value in values.items()
        if existing.get(name) != value
    }
    if status != existing["status"]:
        diff["status"] = {"from": existing["status"], "to": status}
    return diff


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _check_external_id_free(
    session: Session, kind: Kind, owner_id: int, external_id: str, entry_id: int | None
) -> None:
    t = kind.core
    other = session.execute(
        select(t.c.id).where(t.c.owner_id == owner_id, t.c.external_id == external_id)
    ).scalar_one_or_none()
    if other is not None and other != entry_id:
        raise Conflict(
            _(
                "You already have a {kind} with external_id '{external_id}' (id {id}).",
                kind=_label(kind),
                external_id=external_id,
                id=other,
            ),
            errors=[field_error("external_id", _("is already used by another of your entries"), code="duplicate")],
        )


# --- writing --------------------------------------------------------------------------------


def _apply(session: Session, kind: Kind, author: Author, steps: list[_Step], now: datetime) -> None:
    creates = [s for s in steps if s.existing is None]
    changes = [s for s in steps if s.existing is not None]
    log: list[dict[str, Any]] = []
    touched: dict[Ref, dict[str, Any]] = {}
    if creates:
        _insert(session, kind, author, creates, now, log, touched)
    updates: list[_Step] = []
    for step in changes:
        assert step.existing is not None
        step.id = step.existing["id"]
        if _held(author, step):
            held.hold(session, kind, author.caller, step.existing, step.values, step.write.related, now)
            step.outcome = "held"
            continue
        if step.write.related is not None:
            relinked = _relink(session, author, (kind.name, step.existing["id"]), step.write.related)
            if relinked.diff():
                step.diff["related"] = relinked.diff()
            _merge_touches(touched, relinked.others)
        if step.diff:
            step.outcome = "updated"
            updates.append(step)
        elif step.write.source_hash and step.existing.get("source_hash") != step.write.source_hash:
            # Identical in content but sent differently: remember the item, so that the next
            # identical one is recognised at once.
            _remember_hash(session, kind, step)
    if updates:
        _welsh_slugs(session, kind, [(s, {**s.existing, **s.values}) for s in updates if s.existing])
        _update_rows(session, kind, author, updates, now, log)
    changelog.append_many(session, log)
    _touch(session, author.caller, touched, now)


def _held(author: Author, step: _Step) -> bool:
    """A moderated author's change to an entry readers can see waits for an editor."""
    assert step.existing is not None
    return (
        author.moderated
        and step.existing["status"] == "published"
        and step.write.set_status is None
        and bool(step.diff or step.write.related is not None)
    )


def _relink(session: Session, author: Author, source: Ref, targets: list[relations.Target]) -> relations.Relinked:
    owners = {t.ref: t.owner_id for t in targets}
    caller = author.caller

    def may_change(ref: Ref) -> bool:
        owner = owners.get(ref)
        if owner is None:  # a relation being removed: ask who owns the other side
            info = relations.targets_info(session, [ref]).get(ref)
            owner = info.owner_id if info else None
        return owner is not None and (caller.role is None or can_change(caller, owner_id=owner))

    return relations.replace(session, source, [t.ref for t in targets], may_change)


def _merge_touches(touched: dict[Ref, dict[str, Any]], others: dict[Ref, dict[str, list[list[object]]]]) -> None:
    for ref, change in others.items():
        entry = touched.setdefault(ref, {"added": [], "removed": []})
        for key, refs in change.items():
            entry[key].extend(refs)


def _insert(
    session: Session,
    kind: Kind,
    author: Author,
    steps: list[_Step],
    now: datetime,
    log: list[dict[str, Any]],
    touched: dict[Ref, dict[str, Any]],
) -> None:
    rows = _new_rows(session, kind, author, steps, now)
    t = kind.core
    if all(row.get("external_id") for row in rows):
        # A plain executemany (RETURNING in parameter order would insert row by row on
        # SQLite), then the new ids by (owner, external_id), which is unique.
        insert_many(session, t, rows)
        by_xid = {row["external_id"]: row for row in rows}
        for chunk in chunks(list(by_xid)):
            for new_id, external_id in session.execute(
                select(t.c.id, t.c.external_id).where(t.c.owner_id == author.owner_id, t.c.external_id.in_(chunk))
            ):
                by_xid[external_id]["id"] = new_id
    else:
        for row in rows:
            row["id"] = session.execute(insert(t).values(row).returning(t.c.id)).scalar_one()
    changelog.note_written(session, kind.name, rows)
    for step, row in zip(steps, rows, strict=True):
        step.id, step.outcome = row["id"], "created"
        log.append(
            _log(
                kind.name,
                author.caller,
                row["id"],
                step.write.op or "create",
                1,
                row["status"],
                step.write.note,
                now,
                was=None,
            )
        )
        if step.write.related:
            relinked = _relink(session, author, (kind.name, row["id"]), step.write.related)
            _merge_touches(touched, relinked.others)


def _new_rows(session: Session, kind: Kind, author: Author, steps: list[_Step], now: datetime) -> list[dict[str, Any]]:
    """Complete rows of new entries: the schema's defaults for what was left out, unique
    slugs, the owner, version 1 and times; a tree node without a position goes last."""
    defaults = _defaults(kind)
    new_slugs = slugs.allocate(session, kind.table, [s.values["title"] for s in steps], kind.singular)
    positions: dict[int | None, int] = {}
    if kind.tree is not None:
        unplaced = [s.values.get("parent_id") for s in steps if s.values.get("position") is None]
        positions = kind.tree.next_positions(session, unplaced) if unplaced else {}
    _welsh_slugs(session, kind, [(s, s.values) for s in steps])
    rows = []
    for step, slug in zip(steps, new_slugs, strict=True):
        row = {
            **defaults,
            **step.values,
            **step.write.private,
            "slug": slug,
            "slug_cy": step.values.get("slug_cy"),  # every row of a batch has the same columns
            "status": step.status,
            "owner_id": author.owner_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "source_hash": step.write.source_hash,
        }
        if kind.tree is not None and row.get("position") is None:
            parent = row.get("parent_id")
            row["position"] = positions[parent]
            positions[parent] += 1
        rows.append(row)
    return rows


def _welsh_slugs(session: Session, kind: Kind, steps: list[tuple[_Step, dict[str, Any]]]) -> None:
    """A slug for each entry that has just been given a Welsh title and has no Welsh slug yet
    (stable afterwards, as English slugs are); kept as a column, to find it, and with its
    translation, to show it."""
    wanted = [
        (step, merged["translations"]["cy"]["title"])
        for step, merged in steps
        if (merged.get("translations") or {}).get("cy", {}).get("title") and not merged.get("slug_cy")
    ]
    if not wanted:
        return
    for (step, _title), slug in zip(
        wanted, slugs.allocate(session, kind.table, [title for _step, title in wanted], kind.singular), strict=True
    ):
        translations = dict(step.values.get("translations") or (step.existing or {}).get("translations") or {})
        translations["cy"] = {**translations["cy"], "slug": slug}
        step.values["translations"] = translations
        step.values["slug_cy"] = slug
        if step.existing is not None:
            step.diff["slug_cy"] = {"from": None, "to": slug}
            step.diff["translations"] = {"from": step.existing.get("translations"), "to": translations}


_defaults_cache: dict[str, dict[str, Any]] = {}


def _defaults(kind: Kind) -> dict[str, Any]:
    """Column defaults for fields a write leaves out (the create schema's own defaults)."""
    if kind.name not in _defaults_cache:
        out: dict[str, Any] = {}
        for name, info in kind.create.model_fields.items():
            if name in ("related", "status") or name not in kind.table.model_fields or info.is_required():
                continue
            out[name] = info.get_default(call_default_factory=True)
        _defaults_cache[kind.name] = out
    return {
        name: list(value) if isinstance(value, list) else value for name, value in _defaults_cache[kind.name].items()
    }


def _update_rows(
    session: Session, kind: Kind, author: Author, steps: list[_Step], now: datetime, log: list[dict[str, Any]]
) -> None:
    """Each changed entry gets its next version, in one executemany per set of changed
    columns, and a change-log row."""
    t = kind.core
    groups: dict[tuple[str, ...], list[_Step]] = defaultdict(list)
    for step in steps:
        step.values = {
            **step.values,
            **step.write.private,
            "status": step.status,
            "source_hash": step.write.source_hash,
        }
        names = tuple(sorted(name for name in step.values if name == "source_hash" or name in step.diff))
        groups[names].append(step)
    for names, group in groups.items():
        stmt = (
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values(version=t.c.version + 1, updated_at=bindparam("_now"), **{n: bindparam(f"_{n}") for n in names})
        )
        session.execute(stmt, [{"_id": _id(s), "_now": now, **{f"_{n}": s.values[n] for n in names}} for s in group])
    written = []
    for step in steps:
        assert step.existing is not None
        version = step.existing["version"] + 1
        written.append({**step.existing, **step.values, "version": version, "updated_at": now})
        op = step.write.op or ("status" if step.diff.keys() == {"status"} else "update")
        diff = _recorded(step)
        log.append(
            _log(
                kind.name,
                author.caller,
                step.existing["id"],
                op,
                version,
                step.status,
                diff,
                now,
                was=step.existing["status"],
            )
        )
    changelog.note_written(session, kind.name, written)


def _id(step: _Step) -> int:
    assert step.existing is not None
    entry_id: int = step.existing["id"]
    return entry_id


def _recorded(step: _Step) -> dict[str, Any]:
    """What the change log keeps of a change: the diff and its note, or, for a redacted
    change, only the note (the values are what is being erased)."""
    if step.write.redact:
        return dict(step.write.note or {})
    return {**step.diff, **(step.write.note or {})}


def _remember_hash(session: Session, kind: Kind, step: _Step) -> None:
    t = kind.core
    assert step.existing is not None
    session.execute(update(t).where(t.c.id == step.existing["id"]).values(source_hash=step.write.source_hash))


def _touch(session: Session, caller: Caller, touched: dict[Ref, dict[str, Any]], now: datetime) -> None:
    """Entries on the other side of a relation change whose own related list changed: each
    gets its next version and a change-log row (only entries the caller may change are
    touched, see relations.replace)."""
    log: list[dict[str, Any]] = []
    for kind_name, ids in relations.by_kind(touched).items():
        kind = KINDS[kind_name]
        t = kind.core
        steps = []
        for chunk in chunks(ids):
            for row in session.execute(select(t).where(t.c.id.in_(chunk))).mappings():
                change = touched[(kind_name, row["id"])]
                diff = {"related": {k: v for k, v in change.items() if v}}
                steps.append(_Step(write=Write(), existing=dict(row), values={}, status=row["status"], diff=diff))
        if steps:
            author = Author(caller, 0, "published", False)
            _update_rows(session, kind, author, steps, now, log)
    changelog.append_many(session, log)


def _log(
    kind: str,
    caller: Caller,
    entry_id: int,
    op: str,
    version: int,
    status: str,
    diff: Any,
    now: datetime,
    *,
    was: str | None,
) -> dict[str, Any]:
    """The change-log row of one change (app/changelog.py appends them). `was`: the status
    before it; a change readers can see (one that leaves the entry published, or takes it
    from published) is marked public, for the sync feed."""
    return {
        "public": status == "published" or was == "published",
        "kind": kind,
        "entry_id": entry_id,
        "op": op,
        "version": version,
        "status": status,
        "at": now,
        "key_id": caller.key_id,
        "partner_id": caller.partner_id,
        "diff": diff or None,
    }


def remove(session: Session, kind: Kind, author: Author, entry_id: int) -> None:
    """Delete an entry for good (admins only), leaving a tombstone in the change log; the
    entries that showed it as related get their next version."""
    if not author.caller.is_admin:
        raise Forbidden(_("Only admins may delete an entry for good; without ?hard=true it is archived."))
    if kind.tree is not None:
        kind.tree.check_removal(session, entry_id)
    t = kind.core
    row = session.execute(select(t.c.version, t.c.status).where(t.c.id == entry_id)).first()
    if row is None:
        raise NotFound(_("There is no {kind} '{ref}'.", kind=_label(kind), ref=entry_id))
    now = utcnow()
    me = [[kind.name, entry_id]]
    others = relations.drop_all(session, (kind.name, entry_id))
    held.discard(session, kind, [entry_id])
    session.execute(t.delete().where(t.c.id == entry_id))
    changelog.append_many(
        session, [_log(kind.name, author.caller, entry_id, "delete", row[0] + 1, "deleted", None, now, was=row[1])]
    )
    _touch(session, author.caller, {ref: {"removed": me} for ref in sorted(others)}, now)
