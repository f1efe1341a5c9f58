"""Entries of any kind: find, list and show them, and the services behind each write route
(which all go through the one write path, app/services/writes.py). One mechanism for every kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, exists, func, literal_column, or_, select
from sqlmodel import Session, col

from app import i18n
from app.db import stored_id
from app.errors import Forbidden, NotFound, ValidationFailed, field_error
from app.i18n import _
from app.kinds import Kind
from app.models import Partner
from app.models.bulk import Outcome
from app.models.entry import EntryColumns, EntryRead, Owner
from app.models.fields import INT32_MAX, is_ascii_digits
from app.services import markdown, relations, writes
from app.services.access import Caller, can_change, can_see

Sort = Literal["id", "-id", "title", "-title", "updated_at", "-updated_at", "created_at", "-created_at", "position"]


# --- reading --------------------------------------------------------------------------------


def find(session: Session, kind: Kind, ref: str) -> EntryColumns | None:
    """An entry by id (all digits) or by slug, whatever its status."""
    table = kind.table
    if is_ascii_digits(ref):
        entry_id = int(ref)
        return session.get(table, entry_id) if 0 < entry_id <= INT32_MAX else None
    # An English or a Welsh slug (the two are unique together: app/services/slugs.py).
    row: EntryColumns | None = session.scalars(
        select(table).where(or_(kind.column("slug") == ref, kind.column("slug_cy") == ref))
    ).one_or_none()
    return row


def get_visible(session: Session, kind: Kind, caller: Caller, ref: str) -> EntryColumns:
    row = find(session, kind, ref)
    if row is None or not can_see(caller, status=row.status, owner_id=row.owner_id):
        raise NotFound(_("There is no {kind} '{ref}'.", kind=kind.shown_label_lower, ref=ref))
    return row


MAX_MOVES = 5  # a merged entry's survivor may itself have been merged, a few times over


def moved_to(session: Session, kind: Kind, caller: Caller, ref: str) -> tuple[Kind, EntryColumns] | None:
    """Where an entry the caller cannot see went, if it was merged into one the caller can
    (following merges of merges); None otherwise."""
    from app.kinds import KINDS

    row = find(session, kind, ref)
    for _hop in range(MAX_MOVES):
        if row is None or can_see(caller, status=row.status, owner_id=row.owner_id):
            break
        if row.merged_into_kind not in KINDS or row.merged_into_id is None:
            return None
        kind = KINDS[row.merged_into_kind]
        row = session.get(kind.table, row.merged_into_id)
    if row is None or not can_see(caller, status=row.status, owner_id=row.owner_id):
        return None
    return kind, row


def get_changeable(session: Session, kind: Kind, caller: Caller, ref: str) -> EntryColumns:
    """The entry, if the caller may change it. Another partner's entry is reported as not
    found, the same as a missing one, so that ids and slugs reveal nothing."""
    row = find(session, kind, ref)
    if row is None or not can_change(caller, owner_id=row.owner_id):
        raise NotFound(_("There is no {kind} '{ref}' that you can change.", kind=kind.shown_label_lower, ref=ref))
    return row


def by_external_id(session: Session, kind: Kind, caller: Caller, external_id: str) -> EntryColumns:
    """The caller's own entry with this external_id (external ids are unique per owner)."""
    table = kind.table
    row = None
    if caller.partner_id is not None:
        row = session.scalars(
            select(table).where(kind.column("owner_id") == caller.partner_id, kind.column("external_id") == external_id)
        ).one_or_none()
    if row is None:
        raise NotFound(
            _(
                "You have no {kind} with external_id '{external_id}'.",
                kind=kind.shown_label_lower,
                external_id=external_id,
            )
        )
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
            raise Forbidden(_("owner=me needs an API key."))
        conditions.append(kind.column("owner_id") == caller.partner_id)
        if query.status:
            conditions.append(kind.column("status") == query.status)
    elif caller.is_editor:
        if query.status:
            conditions.append(kind.column("status") == query.status)
    else:
        if query.status not in (None, "published"):
            raise Forbidden(_("Only editors may list entries that are not published; use owner=me for your own."))
        conditions.append(kind.column("status") == "published")
    if query.type is not None:
        if kind.type_column is None:
            raise ValidationFailed(
                # Translators: {kinds} is a kind's name as in the API's addresses, such as "networks".
                _("{kinds} have no type.", kinds=kind.name),
                errors=[
                    field_error("type", _("the type filter does not apply to {kind}", kind=kind.name), location="query")
                ],
            )
        conditions.append(kind.column(kind.type_column) == query.type)
    if query.keyword is not None:
        conditions.append(keyword_condition(session, table.keywords, query.keyword))
    if query.year is not None:
        conditions.append(_year_condition(kind, query.year))
    if query.updated_since is not None:
        conditions.append(kind.column("updated_at") >= query.updated_since)
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
    if kind.years is not None:
        return kind.years.condition(kind, year)
    raise ValidationFailed(
        # Translators: {kinds} is a kind's name as in the API's addresses, such as "networks".
        _("{kinds} have no year.", kinds=kind.name),
        errors=[field_error("year", _("the year filter does not apply to {kind}", kind=kind.name), location="query")],
    )


def _order(kind: Kind, sort: Sort) -> list[Any]:
    table = kind.table
    if sort == "position":
        if kind.tree is None:
            raise ValidationFailed(
                # Translators: {kinds} is a kind's plural label, such as "Networks".
                _("{kinds} have no position.", kinds=kind.shown_plural_label),
                errors=[field_error("sort", _("position does not apply to {kind}", kind=kind.name), location="query")],
            )
        return [kind.column("position"), table.id]
    column = kind.column(sort.lstrip("-"))
    primary = column.desc() if sort.startswith("-") else column.asc()
    return [primary, table.id]


def to_read(session: Session, kind: Kind, caller: Caller, rows: Sequence[EntryColumns]) -> list[EntryRead]:
    """The JSON shape of entries: columns, plus kind, owner, related and body_html."""
    if not rows:
        return []
    refs = [(kind.name, row.id) for row in rows if row.id is not None]
    related = relations.related_out(session, caller, refs)
    owner_ids = {row.owner_id for row in rows}
    owners = {
        pid: Owner(id=pid, name=name)
        for pid, name in session.execute(
            select(col(Partner.id), col(Partner.name)).where(col(Partner.id).in_(owner_ids))
        )
    }
    fields = [name for name in kind.read.model_fields if name in kind.table.model_fields]
    language = i18n.current()
    out = []
    for row in rows:
        data = {name: getattr(row, name) for name in fields}
        translations: dict[str, Any] = row.translations or {}
        data["languages"] = ["en", *sorted(translations)]
        data["lang"] = "en"
        chosen = translations.get(language) if language != i18n.DEFAULT else None
        if chosen:
            # Read in Welsh: the Welsh text where there is one, the English otherwise.
            given = {name: chosen[name] for name in kind.translatable if chosen.get(name) not in (None, "", [])}
            data.update(given)
            if given:
                data["lang"] = language
        data.update(
            kind=kind.name,
            body_html=markdown.render(data["body"]),
            owner=owners[row.owner_id],
            related=related.get((kind.name, stored_id(row.id)), []),
            merged_into={"kind": row.merged_into_kind, "id": row.merged_into_id} if row.merged_into_kind else None,
        )
        out.append(kind.read.model_validate(data))
    return out


# --- the services behind the write routes ---------------------------------------------------


def reload(session: Session, kind: Kind, entry_id: int) -> EntryColumns:
    """The entry as it is now stored (after a write through the write path)."""
    row = session.get(kind.table, entry_id, populate_existing=True)
    assert row is not None
    return row


def create(session: Session, kind: Kind, caller: Caller, data: BaseModel) -> EntryColumns:
    author = writes.author_of(session, caller)
    result = writes.write_one(session, kind, author, writes.from_schema(data, mode="create"))
    assert result.id is not None
    return reload(session, kind, result.id)


def update(
    session: Session,
    kind: Kind,
    caller: Caller,
    row: EntryColumns,
    data: BaseModel,
    *,
    if_match: set[int] | None = None,
) -> tuple[EntryColumns, Outcome]:
    """A partial update. Returns the entry and what happened: "updated", "unchanged" (a no-op
    keeps the version) or "held" (waiting for an editor; the entry is as it was)."""
    assert row.id is not None
    author = writes.author_of(session, caller)
    change = writes.from_schema(data, entry_id=row.id, mode="update", if_match=if_match)
    result = writes.write_one(session, kind, author, change)
    return reload(session, kind, row.id), result.status


def archive(session: Session, kind: Kind, caller: Caller, row: EntryColumns) -> None:
    assert row.id is not None
    writes.write_one(
        session,
        kind,
        writes.author_of(session, caller),
        writes.Write(entry_id=row.id, mode="update", set_status="archived"),
    )


def delete(session: Session, kind: Kind, caller: Caller, row: EntryColumns, *, hard: bool) -> None:
    """Archive (the default) or, for admins, delete for good, leaving a tombstone in the log."""
    assert row.id is not None
    if hard:
        writes.remove(session, kind, writes.author_of(session, caller), row.id)
    else:
        archive(session, kind, caller, row)
