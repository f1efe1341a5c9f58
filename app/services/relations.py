"""Relations between entries: stored once per pair, read from both sides."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import and_, delete, insert, or_, select, tuple_
from sqlmodel import Session

from app.errors import ValidationFailed, field_error
from app.models import Relation
from app.models.fields import RelatedOut, RelatedRef
from app.services.access import Caller, can_see

Ref = tuple[str, int]  # (kind, id)


def _pair(x: Ref, y: Ref) -> tuple[Ref, Ref]:
    return (x, y) if x <= y else (y, x)


def _tables() -> dict[str, type]:
    from app.kinds import KINDS  # the registry imports the models; imported late to avoid a cycle

    return {name: kind.table for name, kind in KINDS.items()}


def neighbours(session: Session, refs: Sequence[Ref]) -> dict[Ref, set[Ref]]:
    """Every entry related to each of `refs`, whichever side the pair was stored from."""
    out: dict[Ref, set[Ref]] = defaultdict(set)
    if not refs:
        return out
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, entry_id in refs:
        by_kind[kind].append(entry_id)
    conditions = []
    for kind, ids in by_kind.items():
        conditions.append(and_(Relation.a_kind == kind, Relation.a_id.in_(ids)))  # type: ignore[attr-defined]
        conditions.append(and_(Relation.b_kind == kind, Relation.b_id.in_(ids)))  # type: ignore[attr-defined]
    wanted = set(refs)
    for a_kind, a_id, b_kind, b_id in session.execute(
        select(Relation.a_kind, Relation.a_id, Relation.b_kind, Relation.b_id).where(or_(*conditions))
    ):
        a, b = (a_kind, a_id), (b_kind, b_id)
        if a in wanted:
            out[a].add(b)
        if b in wanted:
            out[b].add(a)
    return out


def _existing(session: Session, refs: Iterable[Ref]) -> dict[Ref, tuple[str, str, str, int]]:
    """(kind, id) → (slug, title, status, owner_id) for the refs that exist."""
    tables = _tables()
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, entry_id in refs:
        by_kind[kind].add(entry_id)
    found: dict[Ref, tuple[str, str, str, int]] = {}
    for kind, ids in by_kind.items():
        table = tables[kind]
        for row in session.execute(
            select(table.id, table.slug, table.title, table.status, table.owner_id).where(  # type: ignore[attr-defined]
                table.id.in_(ids)  # type: ignore[attr-defined]
            )
        ):
            found[(kind, row[0])] = (row[1], row[2], row[3], row[4])
    return found


def related_out(session: Session, caller: Caller, refs: Sequence[Ref]) -> dict[Ref, list[RelatedOut]]:
    """The `related` field of each entry, showing only what the caller may see."""
    links = neighbours(session, refs)
    info = _existing(session, {r for targets in links.values() for r in targets})
    out: dict[Ref, list[RelatedOut]] = {}
    for ref in refs:
        items = []
        for target in sorted(links.get(ref, ())):
            if target not in info:
                continue
            slug, title, status, owner_id = info[target]
            if can_see(caller, status=status, owner_id=owner_id):
                items.append(RelatedOut(kind=target[0], id=target[1], slug=slug, title=title))  # type: ignore[arg-type]
        out[ref] = items
    return out


def check_targets(
    session: Session, caller: Caller, source: Ref | None, wanted: Sequence[RelatedRef], *, field: str = "related"
) -> list[Ref]:
    """Validate a `related` list: targets exist and are visible to the caller, not the entry
    itself. Returns the de-duplicated refs."""
    refs: list[Ref] = []
    for item in wanted:
        ref = (item.kind, item.id)
        if ref not in refs:
            refs.append(ref)
    info = _existing(session, refs)
    errors = []
    for i, ref in enumerate(refs):
        if ref == source:
            errors.append(field_error(f"{field}.{i}", "an entry cannot be related to itself"))
        elif ref not in info or not can_see(caller, status=info[ref][2], owner_id=info[ref][3]):
            errors.append(field_error(f"{field}.{i}", f"there is no {ref[0]} entry with id {ref[1]}", code="not_found"))
    if errors:
        raise ValidationFailed("Some related entries do not exist.", errors=errors)
    return refs


def replace(session: Session, source: Ref, targets: Sequence[Ref]) -> tuple[set[Ref], set[Ref]]:
    """Make `targets` the whole set of entries related to `source`. Returns (added, removed)."""
    current = neighbours(session, [source]).get(source, set())
    wanted = set(targets)
    added, removed = wanted - current, current - wanted
    if removed:
        pairs = [_pair(source, other) for other in removed]
        session.execute(
            delete(Relation).where(
                tuple_(Relation.a_kind, Relation.a_id, Relation.b_kind, Relation.b_id).in_(
                    [(a[0], a[1], b[0], b[1]) for a, b in pairs]
                )
            )
        )
    if added:
        session.execute(
            insert(Relation),
            [
                {"a_kind": a[0], "a_id": a[1], "b_kind": b[0], "b_id": b[1]}
                for a, b in (_pair(source, other) for other in sorted(added))
            ],
        )
    return added, removed


def drop_all(session: Session, source: Ref) -> set[Ref]:
    """Remove every relation of an entry that is being deleted; returns the other sides."""
    others = neighbours(session, [source]).get(source, set())
    session.execute(
        delete(Relation).where(
            or_(
                and_(Relation.a_kind == source[0], Relation.a_id == source[1]),
                and_(Relation.b_kind == source[0], Relation.b_id == source[1]),
            )
        )
    )
    return others
