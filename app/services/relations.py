"""Relations between entries: stored once per pair, shown from the sides that state them.

A relation is shown from both sides when whoever stated it may change both entries (an
editor, or one owner relating two of its own entries). A partner relating its entry to
someone else's states it for its own entry only: the other entry, its version and its
history stay as they were (the relation shows there only once its own owner states it too).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, delete, insert, or_, select, update
from sqlmodel import Session, col

from app.db import stored_id
from app.errors import ValidationFailed, field_error
from app.i18n import _
from app.models import Relation
from app.models.entry import EntryColumns
from app.models.fields import RelatedOut, RelatedRef
from app.services.access import Caller, can_see

Ref = tuple[str, int]  # (kind, id)


def by_kind(refs: Iterable[Ref]) -> dict[str, list[int]]:
    """Entry ids grouped by kind, each once, in the order first given (one query per kind)."""
    out: dict[str, list[int]] = defaultdict(list)
    for kind, entry_id in dict.fromkeys(refs):
        out[kind].append(entry_id)
    return out


def _pair(x: Ref, y: Ref) -> tuple[Ref, Ref]:
    return (x, y) if x <= y else (y, x)


def _tables() -> dict[str, type[EntryColumns]]:
    from app.kinds import KINDS  # the registry imports the models; imported late to avoid a cycle

    return {name: kind.table for name, kind in KINDS.items()}


@dataclass(frozen=True)
class _Row:
    id: int
    a: Ref
    b: Ref
    stated_by: Ref | None  # None: both sides

    def other(self, ref: Ref) -> Ref:
        return self.b if ref == self.a else self.a

    def shown_on(self, ref: Ref) -> bool:
        return self.stated_by is None or self.stated_by == ref


_COLUMNS = (
    col(Relation.id),
    col(Relation.a_kind),
    col(Relation.a_id),
    col(Relation.b_kind),
    col(Relation.b_id),
    col(Relation.from_kind),
    col(Relation.from_id),
)


def _rows(session: Session, refs: Sequence[Ref]) -> list[_Row]:
    """Every relation row that involves any of `refs`, in one query."""
    if not refs:
        return []
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, entry_id in refs:
        by_kind[kind].append(entry_id)
    conditions: list[ColumnElement[bool]] = []
    for kind, ids in by_kind.items():
        conditions.append(and_(col(Relation.a_kind) == kind, col(Relation.a_id).in_(ids)))
        conditions.append(and_(col(Relation.b_kind) == kind, col(Relation.b_id).in_(ids)))
    return [
        _Row(
            stored_id(row_id),
            (a_kind, a_id),
            (b_kind, b_id),
            # from_kind and from_id are set and cleared together
            (f_kind, f_id) if f_kind is not None and f_id is not None else None,
        )
        for row_id, a_kind, a_id, b_kind, b_id, f_kind, f_id in session.execute(
            select(*_COLUMNS).where(or_(*conditions))
        )
    ]


def neighbours(session: Session, refs: Sequence[Ref]) -> dict[Ref, set[Ref]]:
    """The entries shown as related on each of `refs`."""
    out: dict[Ref, set[Ref]] = defaultdict(set)
    wanted = set(refs)
    for row in _rows(session, refs):
        for side in (row.a, row.b):
            if side in wanted and row.shown_on(side):
                out[side].add(row.other(side))
    return out


@dataclass(frozen=True)
class Target:
    ref: Ref
    slug: str
    title: str
    status: str
    owner_id: int


def targets_info(session: Session, refs: Iterable[Ref]) -> dict[Ref, Target]:
    """What the relation needs to know of the entries that exist among `refs`."""
    tables = _tables()
    found: dict[Ref, Target] = {}
    for kind, ids in by_kind(refs).items():
        table = tables[kind]
        for row_id, slug, title, status, owner_id in session.execute(
            select(col(table.id), col(table.slug), col(table.title), col(table.status), col(table.owner_id)).where(
                col(table.id).in_(ids)
            )
        ):
            ref = (kind, stored_id(row_id))
            found[ref] = Target(ref, slug, title, status, owner_id)
    return found


def related_out(session: Session, caller: Caller, refs: Sequence[Ref]) -> dict[Ref, list[RelatedOut]]:
    """The `related` field of each entry, showing only what the caller may see."""
    links = neighbours(session, refs)
    info = targets_info(session, {r for targets in links.values() for r in targets})
    out: dict[Ref, list[RelatedOut]] = {}
    for ref in refs:
        items = []
        for other in sorted(links.get(ref, ())):
            target = info.get(other)
            if target is not None and can_see(caller, status=target.status, owner_id=target.owner_id):
                items.append(RelatedOut(kind=other[0], id=other[1], slug=target.slug, title=target.title))
        out[ref] = items
    return out


def check_targets(
    session: Session, caller: Caller, source: Ref | None, wanted: Sequence[RelatedRef], *, field: str = "related"
) -> list[Target]:
    """Validate a `related` list: targets exist and are visible to the caller, not the entry
    itself. Returns them de-duplicated, in the order given."""
    refs: list[Ref] = list(dict.fromkeys((item.kind, item.id) for item in wanted))
    info = targets_info(session, refs)
    errors = []
    for i, ref in enumerate(refs):
        target = info.get(ref)
        if ref == source:
            errors.append(field_error(f"{field}.{i}", _("an entry cannot be related to itself"), code="self"))
        elif target is None or not can_see(caller, status=target.status, owner_id=target.owner_id):
            # Translators: {kind} is a kind's name as in the API's addresses, such as "projects".
            message = _("there is no {kind} entry with id {id}", kind=ref[0], id=ref[1])
            errors.append(field_error(f"{field}.{i}", message, code="not_found"))
    if errors:
        raise ValidationFailed(_("Some related entries do not exist."), errors=errors)
    return [info[ref] for ref in refs]


@dataclass
class Relinked:
    """What making a set of targets an entry's related entries changed."""

    added: set[Ref] = field(default_factory=set)  # now shown on the entry
    removed: set[Ref] = field(default_factory=set)  # no longer shown on the entry
    # Other entries whose own related list changed (only ones the caller may change).
    others: dict[Ref, dict[str, list[list[object]]]] = field(default_factory=dict)

    def diff(self) -> dict[str, list[Ref]] | None:
        if not self.added and not self.removed:
            return None
        return {"added": sorted(self.added), "removed": sorted(self.removed)}


def replace(session: Session, source: Ref, targets: Sequence[Ref], may_change: Callable[[Ref], bool]) -> Relinked:
    """Make `targets` the whole set of entries shown as related on `source`. A relation is
    shown on a target too when `may_change(target)`; otherwise the target is left alone."""
    rows = {row.other(source): row for row in _rows(session, [source])}
    result = Relinked()
    me = [list(source)]
    inserts: list[dict[str, object]] = []
    deletes: list[int] = []
    states: list[tuple[int, Ref | None]] = []  # (row id, the side that states it, or None for both)
    for target in dict.fromkeys(targets):
        row = rows.get(target)
        mutual = may_change(target)
        if row is None:
            a, b = _pair(source, target)
            stated_by = None if mutual else source
            inserts.append(
                {
                    "a_kind": a[0],
                    "a_id": a[1],
                    "b_kind": b[0],
                    "b_id": b[1],
                    "from_kind": stated_by[0] if stated_by else None,
                    "from_id": stated_by[1] if stated_by else None,
                }
            )
            result.added.add(target)
            if mutual:
                result.others[target] = {"added": me}
        elif row.stated_by == target:
            states.append((row.id, None))  # both sides state it now; the target shows it already
            result.added.add(target)
        elif row.stated_by == source and mutual:
            states.append((row.id, None))
            result.others[target] = {"added": me}
    wanted = set(targets)
    for other, row in rows.items():
        if other in wanted or not row.shown_on(source):
            continue
        result.removed.add(other)
        if row.stated_by == source:
            deletes.append(row.id)
        elif may_change(other):
            deletes.append(row.id)
            result.others[other] = {"removed": me}
        else:
            states.append((row.id, other))  # still stated by the other side, shown only there
    if deletes:
        session.execute(delete(Relation).where(col(Relation.id).in_(deletes)))
    for row_id, stated_by in states:
        session.execute(
            update(Relation)
            .where(col(Relation.id) == row_id)
            .values(from_kind=stated_by[0] if stated_by else None, from_id=stated_by[1] if stated_by else None)
        )
    if inserts:
        session.execute(insert(Relation), inserts)
    return result


def drop_all(session: Session, source: Ref) -> set[Ref]:
    """Remove every relation of an entry that is being deleted; returns the entries that
    showed it (their related lists change)."""
    shown = {row.other(source) for row in _rows(session, [source]) if row.shown_on(row.other(source))}
    session.execute(
        delete(Relation).where(
            or_(
                and_(col(Relation.a_kind) == source[0], col(Relation.a_id) == source[1]),
                and_(col(Relation.b_kind) == source[0], col(Relation.b_id) == source[1]),
            )
        )
    )
    return shown
