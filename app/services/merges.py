"""Editors keeping the knowledge base right: merging duplicates, reverting an entry to an
earlier version, and retiring entries (the seed's refresh). Each is a write through the one
write path, recorded in the change log as what it is ("merge", "revert")."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app import changelog
from app.errors import Conflict, Forbidden, PreconditionFailed, ValidationFailed, field_error
from app.i18n import N_, _
from app.kinds import KINDS, Kind
from app.models.entry import EntryColumns
from app.models.fields import RelatedRef
from app.services import relations, writes
from app.services.access import Caller, can_see
from app.services.relations import Ref

# Fields of an entry that belong to no one version's content: who and what it is, where it
# went, its status (set apart, by editors), and the relations (merged and reverted apart).
NOT_CONTENT = frozenset({"related", "status", "external_id"})


def content_fields(kind: Kind) -> list[str]:
    return [name for name in kind.create.model_fields if name not in NOT_CONTENT]


def _ref(kind: Kind, row: EntryColumns) -> dict[str, Any]:
    return {"kind": kind.name, "id": row.id, "title": row.title}


# --- merge ----------------------------------------------------------------------------------

# {kind} {id}: the entry it went to, as in the API's addresses ("projects 12").
_MERGED_ALREADY = {
    "duplicate": N_("The duplicate was merged into another entry already ({kind} {id})."),
    "entry": N_("The entry was merged into another entry already ({kind} {id})."),
}


def merge(
    session: Session,
    kind: Kind,
    caller: Caller,
    survivor: EntryColumns,
    duplicate_kind: Kind,
    duplicate: EntryColumns,
    *,
    take: list[str],
    if_match: set[int] | None,
    duplicate_version: int | None,
) -> None:
    """Fold `duplicate` into `survivor`: the survivor keeps its own fields except those in
    `take` (the duplicate's), and gains the duplicate's keywords, links and relations; the
    duplicate is archived, remembering where it went, and its address redirects there."""
    assert survivor.id is not None and duplicate.id is not None
    if (kind.name, survivor.id) == (duplicate_kind.name, duplicate.id):
        raise ValidationFailed(
            _("An entry cannot be merged into itself."),
            errors=[field_error("duplicate", _("is the entry itself"), code="self")],
        )
    for row, which in ((duplicate, "duplicate"), (survivor, "entry")):
        if row.merged_into_kind is not None:
            raise Conflict(
                _(_MERGED_ALREADY[which], kind=row.merged_into_kind, id=row.merged_into_id),
                errors=[field_error(which, _("was merged into another entry already"), code="merged")],
            )
    author = writes.author_of(session, caller)
    if author.for_kind(kind).moderated and survivor.status == "published" and not caller.is_editor:
        raise Forbidden(
            _("Your organisation's changes to published entries are reviewed: ask an editor to merge them.")
        )
    shared = set(content_fields(kind)) & set(content_fields(duplicate_kind))
    unknown = [name for name in take if name not in shared]
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be taken from the duplicate: {fields}.", fields=", ".join(unknown)),
            errors=[
                field_error(
                    f"take.{take.index(name)}", _("{name} is not a field both entries have", name=name), code="enum"
                )
                for name in unknown
            ],
        )
    values: dict[str, Any] = {name: getattr(duplicate, name) for name in take}
    keywords = (
        (duplicate.keywords + survivor.keywords) if "keywords" in take else (survivor.keywords + duplicate.keywords)
    )
    values["keywords"] = list({k.casefold(): k for k in reversed(keywords)}.values())[::-1]
    links = (duplicate.links + survivor.links) if "links" in take else (survivor.links + duplicate.links)
    values["links"] = list({link["url"]: link for link in reversed(links)}.values())[::-1]

    me, other = (kind.name, survivor.id), (duplicate_kind.name, duplicate.id)
    shown = relations.neighbours(session, [me, other])
    wanted = (shown.get(me, set()) | shown.get(other, set())) - {me, other}
    info = relations.targets_info(session, wanted)
    visible = sorted(
        r for r in wanted if r in info and can_see(caller, status=info[r].status, owner_id=info[r].owner_id)
    )

    archived = writes.Write(
        entry_id=duplicate.id,
        mode="update",
        set_status="archived",
        private={"merged_into_kind": kind.name, "merged_into_id": survivor.id},
        if_match={duplicate_version} if duplicate_version is not None else None,
        op="merge",
        note={"merged_into": _ref(kind, survivor)},
    )
    kept = writes.Write(
        entry_id=survivor.id,
        mode="update",
        values=values,
        related_refs=[RelatedRef(kind=k, id=i) for k, i in visible],
        if_match=if_match,
        op="merge",
        note={"merged": _ref(duplicate_kind, duplicate)},
    )
    # A stale version of either says which one (field "duplicate.version" or "If-Match"),
    # so that a client can tell its user which entry someone else changed.
    try:
        writes.write_one(session, duplicate_kind, author, archived)
    except PreconditionFailed as exc:
        raise PreconditionFailed(
            exc.detail, errors=[field_error("duplicate.version", _("is out of date"), code="stale")]
        ) from exc
    try:
        writes.write_one(session, kind, author, kept)
    except PreconditionFailed as exc:
        raise PreconditionFailed(
            exc.detail, errors=[field_error("If-Match", _("is out of date"), code="stale", location="header")]
        ) from exc


# --- revert ---------------------------------------------------------------------------------


def state_at(session: Session, kind: Kind, row: EntryColumns, version: int) -> tuple[dict[str, Any], set[Ref]]:
    """The entry's content fields and relations as they were at `version`, from what it is
    now and the change log's diffs of every later change, undone newest first."""
    assert row.id is not None
    values = {name: getattr(row, name) for name in content_fields(kind)}
    related = set(relations.neighbours(session, [(kind.name, row.id)]).get((kind.name, row.id), set()))
    for change in reversed(changelog.history(session, kind.name, row.id)):
        if change.version <= version:
            break
        diff = change.diff or {}
        if "erased" in diff:
            raise Conflict(
                _(
                    "Version {version} cannot be restored: a later change (version {later}) erased personal "
                    "data, which is not kept.",
                    version=version,
                    later=change.version,
                )
            )
        for name, change_of in diff.items():
            if name == "related" and isinstance(change_of, dict):
                related -= {(str(k), int(i)) for k, i in change_of.get("added", [])}
                related |= {(str(k), int(i)) for k, i in change_of.get("removed", [])}
            elif name in values and isinstance(change_of, dict) and "from" in change_of:
                values[name] = change_of["from"]
    return values, related


def revert(
    session: Session, kind: Kind, caller: Caller, row: EntryColumns, version: int, *, if_match: set[int] | None
) -> str:
    """A new version whose content equals that of `version` (status is left as it is).
    Returns the outcome: "updated", "unchanged" (it is so already) or "held"."""
    assert row.id is not None
    if not 1 <= version < row.version:
        raise ValidationFailed(
            _(
                "The entry is at version {version}: revert to one of versions 1 to {last}.",
                version=row.version,
                last=row.version - 1,
            ),
            errors=[field_error("version", _("must be between 1 and {last}", last=row.version - 1), code="version")],
        )
    values, related = state_at(session, kind, row, version)
    info = relations.targets_info(session, related)
    gone = sorted(
        r for r in related if r not in info or not can_see(caller, status=info[r].status, owner_id=info[r].owner_id)
    )
    if gone:
        names = ", ".join(f"{k} {i}" for k, i in gone)
        raise Conflict(
            _(
                "Version {version} relates to entries that no longer exist ({names}); nothing was changed.",
                version=version,
                names=names,
            ),
            errors=[
                field_error("version", _("relates to {kind} {id}, which no longer exists", kind=k, id=i), code="gone")
                for k, i in gone
            ],
        )
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    item = writes.Write(
        entry_id=row.id,
        mode="update",
        values=changed,
        related_refs=[RelatedRef(kind=k, id=i) for k, i in sorted(related)],
        if_match=if_match,
        op="revert",
        note={"reverted_to": version},
    )
    try:
        return writes.write_one(session, kind, writes.author_of(session, caller), item).status
    except PreconditionFailed as exc:
        raise PreconditionFailed(
            exc.detail, errors=[field_error("If-Match", _("is out of date"), code="stale", location="header")]
        ) from exc


# --- retire (the seed's refresh) ------------------------------------------------------------


def retire(
    session: Session,
    kind: Kind,
    author: writes.Author,
    row: EntryColumns,
    merged_into: tuple[str, int] | None,
    reason: str,
) -> str:
    """Archive an entry that has gone (or was merged into `merged_into`), never deleting it,
    so that mirrors get a tombstone and its address keeps working. Idempotent."""
    assert row.id is not None
    private: dict[str, Any] = {}
    note: dict[str, Any] = {"retired": reason}
    if merged_into is not None:
        target_kind = KINDS[merged_into[0]]
        private = {"merged_into_kind": target_kind.name, "merged_into_id": merged_into[1]}
        note = {"merged_into": {"kind": target_kind.name, "id": merged_into[1]}, "reason": reason}
    item = writes.Write(
        entry_id=row.id,
        mode="update",
        set_status="archived",
        private=private,
        op="merge" if merged_into else None,
        note=note,
    )
    return writes.write_one(session, kind, author, item).status
