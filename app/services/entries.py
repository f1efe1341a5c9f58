"""Create, read, update, list and delete entries of any kind: one mechanism for all four."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, exists, func, literal_column, or_, select
from sqlalchemy import update as sa_update
from sqlmodel import Session

from app import changelog
from app.errors import Conflict, Forbidden, NotFound, PreconditionFailed, ValidationFailed, field_error
from app.kinds import Kind
from app.models import Partner
from app.models.entry import EntryColumns, EntryRead, Owner
from app.models.fields import INT32_MAX, RelatedRef, is_ascii_digits
from app.models.types import utcnow
from app.services import markdown, relations, slugs, toolkit
from app.services.access import Caller, can_change, can_see

# Fields of the write schemas that are not columns of the entry's own table.
NOT_COLUMNS = frozenset({"related", "status"})
Sort = Literal["id", "-id", "title", "-title", "updated_at", "-updated_at", "created_at", "-created_at", "position"]


# --- reading --------------------------------------------------------------------------------


def find(session: Session, kind: Kind, ref: str) -> EntryColumns | None:
    """An entry by id (all digits) or by slug, whatever its status."""
    table = kind.table
    if is_ascii_digits(ref):
        entry_id = int(ref)
        return session.get(table, entry_id) if 0 < entry_id <= INT32_MAX else None
    return session.execute(select(table).where(table.slug == ref)).scalar_one_or_none()  # type: ignore[attr-defined]


def get_visible(session: Session, kind: Kind, caller: Caller, ref: str) -> EntryColumns:
    row = find(session, kind, ref)
    if row is None or not can_see(caller, status=row.status, owner_id=row.owner_id):
        raise NotFound(f"There is no {kind.singular.replace('-', ' ')} '{ref}'.")
    return row


def get_changeable(session: Session, kind: Kind, caller: Caller, ref: str) -> EntryColumns:
    """The entry, if the caller may change it. Another partner's entry is reported as not
    found, the same as a missing one, so that ids and slugs reveal nothing."""
    row = find(session, kind, ref)
    if row is None or not can_change(caller, owner_id=row.owner_id):
        raise NotFound(f"There is no {kind.singular.replace('-', ' ')} '{ref}' that you can change.")
    return row


def by_external_id(session: Session, kind: Kind, caller: Caller, external_id: str) -> EntryColumns:
    """The caller's own entry with this external_id (external ids are unique per owner)."""
    table = kind.table
    row = None
    if caller.partner_id is not None:
        row = session.execute(
            select(table).where(table.owner_id == caller.partner_id, table.external_id == external_id)  # type: ignore[arg-type]
        ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"You have no {kind.singular.replace('-', ' ')} with external_id '{external_id}'.")
    return row


@dataclass
class ListQuery:
    status: str | None = None
    owner_me: bool = False
    type: str | None = None
    keyword: str | None = None
    year: int | None = None
    updated_since: datetime | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    sort: Sort = "id"
    page: int = 1
    per_page: int = 20


def keyword_condition(session: Session, column: Any, keyword: str) -> ColumnElement[bool]:
    """Case-insensitive "this JSON list of strings contains keyword", on either database."""
    if session.get_bind().dialect.name == "sqlite":
        items = func.json_each(column).table_valued("value")
    else:
        items = func.json_array_elements_text(column).table_valued("value")
    return exists(select(literal_column("1")).select_from(items).where(func.lower(items.c.value) == keyword.lower()))


def list_entries(session: Session, kind: Kind, caller: Caller, query: ListQuery) -> tuple[list[EntryColumns], int]:
    table = kind.table
    conditions: list[ColumnElement[bool]] = []
    if query.owner_me:
        if caller.partner_id is None:
            raise Forbidden("owner=me needs an API key.")
        conditions.append(table.owner_id == caller.partner_id)  # type: ignore[arg-type]
        if query.status:
            conditions.append(table.status == query.status)  # type: ignore[arg-type]
    elif caller.is_editor:
        if query.status:
            conditions.append(table.status == query.status)  # type: ignore[arg-type]
    else:
        if query.status not in (None, "published"):
            raise Forbidden("Only editors may list entries that are not published; use owner=me for your own.")
        conditions.append(table.status == "published")  # type: ignore[arg-type]
    if query.type is not None:
        if kind.type_column is None:
            raise ValidationFailed(
                f"{kind.name} have no type.",
                errors=[field_error("type", f"the type filter does not apply to {kind.name}", location="query")],
            )
        conditions.append(kind.column(kind.type_column) == query.type)
    if query.keyword is not None:
        conditions.append(keyword_condition(session, table.keywords, query.keyword))  # type: ignore[attr-defined]
    if query.year is not None:
        conditions.append(_year_condition(kind, query.year))
    if query.updated_since is not None:
        conditions.append(table.updated_at >= query.updated_since)  # type: ignore[arg-type]
    for name, value in query.filters.items():
        column = kind.filters[name]
        conditions.append(column.is_(None) if value is None else column == value)

    where = and_(*conditions) if conditions else and_(literal_column("1") == 1)
    total = session.execute(select(func.count()).select_from(table).where(where)).scalar_one()
    rows = (
        session.execute(
            select(table)
            .where(where)
            .order_by(*_order(kind, query.sort))
            .offset((query.page - 1) * query.per_page)
            .limit(query.per_page)
        )
        .scalars()
        .all()
    )
    return list(rows), int(total)


def _year_condition(kind: Kind, year: int) -> ColumnElement[bool]:
    if "year" in kind.table.model_fields:
        return kind.column("year") == year
    if "start_year" in kind.table.model_fields:
        start, end = kind.column("start_year"), kind.column("end_year")
        # A project runs in a year if it started by then and had not ended before it.
        return and_(start <= year, or_(end.is_(None), end >= year))
    raise ValidationFailed(
        f"{kind.name} have no year.",
        errors=[field_error("year", f"the year filter does not apply to {kind.name}", location="query")],
    )


def _order(kind: Kind, sort: Sort) -> list[Any]:
    table = kind.table
    if sort == "position":
        if "position" not in table.model_fields:
            raise ValidationFailed(
                "Only toolkit sections have a position.",
                errors=[field_error("sort", "position applies only to toolkit-sections", location="query")],
            )
        return [kind.column("position"), table.id]  # type: ignore[attr-defined]
    column = kind.column(sort.lstrip("-"))
    primary = column.desc() if sort.startswith("-") else column.asc()
    return [primary, table.id]  # type: ignore[attr-defined]


def to_read(session: Session, kind: Kind, caller: Caller, rows: Sequence[EntryColumns]) -> list[EntryRead]:
    """The JSON shape of entries: columns, plus kind, owner, related and body_html."""
    if not rows:
        return []
    refs = [(kind.name, row.id) for row in rows if row.id is not None]
    related = relations.related_out(session, caller, refs)
    owner_ids = {row.owner_id for row in rows}
    owners = {
        pid: Owner(id=pid, name=name)
        for pid, name in session.execute(select(Partner.id, Partner.name).where(Partner.id.in_(owner_ids)))  # type: ignore[union-attr]
    }
    fields = [name for name in kind.read.model_fields if name in kind.table.model_fields]
    out = []
    for row in rows:
        data = {name: getattr(row, name) for name in fields}
        data.update(
            kind=kind.name,
            body_html=markdown.render(row.body),
            owner=owners[row.owner_id],
            related=related.get((kind.name, row.id), []),  # type: ignore[arg-type]
        )
        out.append(kind.read.model_validate(data))
    return out


# --- writing --------------------------------------------------------------------------------


def column_values(kind: Kind, data: BaseModel, only: set[str] | None = None) -> dict[str, Any]:
    """The validated fields of a write schema as column values (nested models as plain dicts,
    ready for the JSON columns; write schemas hold only strings, numbers and lists)."""
    names = set(type(data).model_fields) - NOT_COLUMNS
    if only is not None:
        names &= only
    return data.model_dump(include=names)


def initial_status(session: Session, caller: Caller, requested: str | None) -> str:
    if caller.is_editor:
        return requested or "published"
    if requested is not None:
        raise ValidationFailed(
            "Partners cannot set the status of an entry.",
            errors=[
                field_error(
                    "status",
                    "only editors may set status; new entries start as your organisation's setting says",
                    code="forbidden_field",
                )
            ],
        )
    status = session.execute(select(Partner.new_entry_status).where(Partner.id == caller.partner_id)).scalar_one()
    return str(status)


def check_status_change(caller: Caller, requested: str | None) -> None:
    if requested is not None and not caller.is_editor:
        raise ValidationFailed(
            "Partners cannot set the status of an entry.",
            errors=[field_error("status", "only editors may change status", code="forbidden_field")],
        )


def check_consistency(session: Session, kind: Kind, values: dict[str, Any], entry_id: int | None) -> None:
    """Rules across fields, checked on the merged values of a create or an update."""
    start, end = values.get("start_year"), values.get("end_year")
    if start is not None and end is not None and end < start:
        raise ValidationFailed(
            "A project cannot end before it starts.",
            errors=[field_error("end_year", "must not be before start_year")],
        )
    if kind.name == "toolkit-sections":
        toolkit.check_placement(session, entry_id, values.get("parent_id"))


def _check_external_id_free(
    session: Session, kind: Kind, owner_id: int, external_id: str | None, entry_id: int | None
) -> None:
    if external_id is None:
        return
    table = kind.table
    other = session.execute(
        select(table.id).where(table.owner_id == owner_id, table.external_id == external_id)  # type: ignore[attr-defined,arg-type]
    ).scalar_one_or_none()
    if other is not None and other != entry_id:
        raise Conflict(
            f"You already have a {kind.singular.replace('-', ' ')} with external_id '{external_id}' (id {other}).",
            errors=[field_error("external_id", "is already used by another of your entries", code="duplicate")],
        )


def new_rows(
    session: Session, kind: Kind, caller: Caller, values: list[dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """Complete column values of new entries (each already holding its `status`): the
    schema's defaults for what was left out, unique slugs, the owner, version 1 and times;
    a toolkit section without a position goes after its last sibling."""
    defaults = _defaults(kind)
    new_slugs = slugs.allocate(session, kind.table, [v["title"] for v in values], kind.singular)
    next_positions: dict[int | None, int] = {}
    rows = []
    for item, slug in zip(values, new_slugs, strict=True):
        row = {
            **defaults,
            **item,
            "slug": slug,
            "owner_id": caller.partner_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        if kind.name == "toolkit-sections" and row.get("position") is None:
            parent = row.get("parent_id")
            if parent not in next_positions:
                next_positions[parent] = toolkit.next_position(session, parent)
            row["position"] = next_positions[parent]
            next_positions[parent] += 1
        rows.append(row)
    return rows


def _defaults(kind: Kind) -> dict[str, Any]:
    """Column defaults for fields a write leaves out (the write schema's own defaults)."""
    out: dict[str, Any] = {}
    for name, info in kind.create.model_fields.items():
        if name in NOT_COLUMNS or name not in kind.table.model_fields or info.is_required():
            continue
        out[name] = info.get_default(call_default_factory=True)
    return out


def create(session: Session, kind: Kind, caller: Caller, data: BaseModel) -> EntryColumns:
    assert caller.partner_id is not None
    now = utcnow()
    values = column_values(kind, data)
    values["status"] = initial_status(session, caller, getattr(data, "status", None))
    _check_external_id_free(session, kind, caller.partner_id, values.get("external_id"), None)
    check_consistency(session, kind, values, None)
    related: list[RelatedRef] = getattr(data, "related", [])
    targets = relations.check_targets(session, caller, None, related)
    (values,) = new_rows(session, kind, caller, [values], now)
    row = kind.table(**values)
    session.add(row)
    session.flush()
    assert row.id is not None
    changelog.append(
        session, kind=kind.name, entry_id=row.id, op="create", version=1, status=row.status, caller=caller, at=now
    )
    if targets:
        relink(session, caller, (kind.name, row.id), targets, now)
    return row


def update(
    session: Session,
    kind: Kind,
    caller: Caller,
    row: EntryColumns,
    data: BaseModel,
    *,
    if_match: set[int] | None = None,
) -> bool:
    """Apply a partial update. Returns whether anything changed (a no-op keeps the version)."""
    if if_match is not None and row.version not in if_match:
        raise PreconditionFailed(
            f"The entry is at version {row.version}; your copy is out of date, nothing was changed."
        )
    sent = data.model_fields_set
    requested_status = getattr(data, "status", None) if "status" in sent else None
    check_status_change(caller, requested_status)
    values = column_values(kind, data, sent)
    assert row.id is not None
    merged = {name: getattr(row, name) for name in kind.table.model_fields}
    merged.update(values)
    if "external_id" in values:
        _check_external_id_free(session, kind, row.owner_id, values["external_id"], row.id)
    if {"parent_id", "start_year", "end_year"} & values.keys():
        check_consistency(session, kind, merged, row.id)
    if kind.name == "toolkit-sections" and "position" in values and values["position"] is None:
        del values["position"]

    diff: dict[str, Any] = {}
    for name, value in values.items():
        old = getattr(row, name)
        if old != value:
            diff[name] = {"from": old, "to": value}
    new_status = requested_status if requested_status is not None else row.status
    if new_status != row.status:
        diff["status"] = {"from": row.status, "to": new_status}

    if "related" in sent:
        targets = relations.check_targets(session, caller, (kind.name, row.id), data.related)
        related_diff = relink(session, caller, (kind.name, row.id), targets, utcnow())
        if related_diff:
            diff["related"] = related_diff

    if not diff:
        return False
    for name in values:
        if name in diff:
            setattr(row, name, values[name])
    row.status = new_status
    record_change(session, kind.name, caller, row, "status" if diff.keys() == {"status"} else "update", diff)
    return True


def record_change(
    session: Session, kind: str, caller: Caller, row: EntryColumns, op: str, diff: dict[str, Any]
) -> None:
    """An entry row that has just been changed gets its next version, and the change log a row
    in the same transaction."""
    now = utcnow()
    row.version += 1
    row.updated_at = now
    row.source_hash = None  # no longer what a bulk item last said
    session.add(row)
    session.flush()
    assert row.id is not None
    changelog.append(
        session,
        kind=kind,
        entry_id=row.id,
        op=op,
        version=row.version,
        status=row.status,
        caller=caller,
        diff=diff,
        at=now,
    )


def set_status(
    session: Session, kind: Kind, caller: Caller, row: EntryColumns, status: str, *, extra: dict[str, Any] | None = None
) -> bool:
    """A status change (archive, publish, reject) by code that has already checked the rights."""
    if row.status == status and not extra:
        return False
    diff: dict[str, Any] = {"status": {"from": row.status, "to": status}}
    for name, value in (extra or {}).items():
        diff[name] = {"from": _jsonable(getattr(row, name)), "to": _jsonable(value)}
        setattr(row, name, value)
    row.status = status
    record_change(session, kind.name, caller, row, "status", diff)
    return True


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def delete(session: Session, kind: Kind, caller: Caller, row: EntryColumns, *, hard: bool) -> None:
    """Archive (the default) or, for admins, delete for good, leaving a tombstone in the log."""
    if not hard:
        set_status(session, kind, caller, row, "archived")
        return
    if not caller.is_admin:
        raise Forbidden("Only admins may delete an entry for good; without ?hard=true it is archived.")
    assert row.id is not None
    if kind.name == "toolkit-sections" and toolkit.has_children(session, row.id):
        raise Conflict("This section has subsections: move or delete them first.")
    others = relations.drop_all(session, (kind.name, row.id))
    now = utcnow()
    touch_related(session, caller, sorted(others), now, {"related": {"removed": [[kind.name, row.id]]}})
    version, entry_id = row.version + 1, row.id
    session.delete(row)
    session.flush()
    changelog.append(
        session,
        kind=kind.name,
        entry_id=entry_id,
        op="delete",
        version=version,
        status="deleted",
        caller=caller,
        at=now,
    )


def relink(
    session: Session, caller: Caller, source: tuple[str, int], targets: Sequence[tuple[str, int]], now: datetime
) -> dict[str, Any] | None:
    """Make `targets` the related entries of `source`; returns the diff, None if unchanged.
    A relation shows on both sides, so each entry on the other side gets a new version too."""
    added, removed = relations.replace(session, source, targets)
    me = [list(source)]
    touch_related(session, caller, sorted(added), now, {"related": {"added": me}})
    touch_related(session, caller, sorted(removed), now, {"related": {"removed": me}})
    if not added and not removed:
        return None
    return {"added": sorted(added), "removed": sorted(removed)}


def touch_related(
    session: Session, caller: Caller, refs: Sequence[tuple[str, int]], now: datetime, diff: dict[str, Any]
) -> None:
    """Record on the other side of a relation change that its `related` list changed."""
    from app.kinds import KINDS  # the registry is imported late: it imports this module's peers

    for kind_name, entry_id in refs:
        table = KINDS[kind_name].table
        result = session.execute(
            sa_update(table)
            .where(table.id == entry_id)  # type: ignore[attr-defined]
            .values(version=table.version + 1, updated_at=now, source_hash=None)  # type: ignore[attr-defined]
            .returning(table.version, table.status)  # type: ignore[attr-defined]
        ).first()
        if result is not None:
            changelog.append(
                session,
                kind=kind_name,
                entry_id=entry_id,
                op="update",
                version=result[0],
                status=result[1],
                caller=caller,
                diff=diff,
                at=now,
            )
