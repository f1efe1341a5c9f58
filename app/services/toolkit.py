"""The toolkit tree: placement rules (no cycles, at most 8 deep) and the whole-tree view."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlmodel import Session, col

from app import i18n
from app.errors import Conflict, ValidationFailed, field_error
from app.i18n import _
from app.kinds import TreeRules
from app.models import ToolkitSection
from app.models.toolkit import MAX_TOOLKIT_DEPTH, ToolkitNode
from app.services.access import Caller, can_see


def _parents(session: Session) -> dict[int, int | None]:
    # The toolkit is small (hundreds of sections), so the whole parent map is one cheap query.
    rows = session.execute(select(col(ToolkitSection.id), col(ToolkitSection.parent_id)))
    # A stored row always has its id (SQLModel types it optional for rows not yet inserted).
    return {section_id: parent_id for section_id, parent_id in rows if section_id is not None}


def check_placement(session: Session, caller: Caller, section_id: int | None, parent_id: int | None) -> None:
    """Refuse a parent that does not exist or that the caller may not see (the same answer,
    so that a draft's id is not given away), a cycle, or a tree deeper than the limit."""
    if parent_id is None:
        depth_above = 0
        parents = None
    else:
        parents = _parents(session)
        parent = session.get(ToolkitSection, parent_id) if parent_id in parents else None
        if parent is None or not can_see(caller, status=parent.status, owner_id=parent.owner_id):
            raise ValidationFailed(
                _("There is no toolkit section with id {id}.", id=parent_id),
                errors=[field_error("parent_id", _("the parent section does not exist"), code="not_found")],
            )
        depth_above = 0
        node: int | None = parent_id
        while node is not None:
            if node == section_id:
                raise ValidationFailed(
                    _("A section cannot be placed under itself or its own descendants."),
                    errors=[field_error("parent_id", _("would make a cycle in the toolkit tree"), code="cycle")],
                )
            depth_above += 1
            node = parents.get(node)
            if depth_above > MAX_TOOLKIT_DEPTH:
                break
    height = 1
    if section_id is not None:
        parents = parents if parents is not None else _parents(session)
        height = _subtree_height(parents, section_id)
    if depth_above + height > MAX_TOOLKIT_DEPTH:
        raise ValidationFailed(
            _("The toolkit is at most {depth} levels deep.", depth=MAX_TOOLKIT_DEPTH),
            errors=[
                field_error(
                    "parent_id",
                    _("the tree would be deeper than {depth} levels", depth=MAX_TOOLKIT_DEPTH),
                    code="too_deep",
                )
            ],
        )


def _subtree_height(parents: dict[int, int | None], root: int) -> int:
    children: dict[int | None, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        children[parent].append(child)
    height, level = 0, [root]
    while level and height <= MAX_TOOLKIT_DEPTH:
        height += 1
        level = [c for node in level for c in children.get(node, ())]
    return height


def has_children(session: Session, section_id: int) -> bool:
    return (
        session.execute(
            select(col(ToolkitSection.id)).where(col(ToolkitSection.parent_id) == section_id).limit(1)
        ).first()
        is not None
    )


def next_positions(session: Session, parents: list[int | None]) -> dict[int | None, int]:
    """The position after the last child of each parent (0 for a parent with none)."""
    parent_id = col(ToolkitSection.parent_id)
    out: dict[int | None, int] = {}
    for parent in dict.fromkeys(parents):
        condition = parent_id.is_(None) if parent is None else parent_id == parent
        last = session.execute(select(func.max(col(ToolkitSection.position))).where(condition)).scalar_one()
        out[parent] = 0 if last is None else int(last) + 1
    return out


class ToolkitTree(TreeRules):
    """The toolkit's tree rules, for the write path (see app/kinds)."""

    columns = frozenset({"parent_id"})

    def check(self, session: Session, caller: Caller, entry_id: int | None, parent_id: int | None) -> None:
        check_placement(session, caller, entry_id, parent_id)

    def next_positions(self, session: Session, parents: list[int | None]) -> dict[int | None, int]:
        return next_positions(session, parents)

    def check_removal(self, session: Session, entry_id: int) -> None:
        if has_children(session, entry_id):
            raise Conflict(_("This section has subsections: move or delete them first."))


TOOLKIT_TREE: ToolkitTree = ToolkitTree()  # annotated: app/kinds imports it within an import cycle


def tree(session: Session, caller: Caller) -> list[ToolkitNode]:
    """The whole toolkit as nested nodes, siblings by position, titles and summaries in the
    request's language where translated. A section the caller may not see is left out with
    its subtree."""
    rows = session.scalars(select(ToolkitSection).order_by(col(ToolkitSection.position), col(ToolkitSection.id))).all()
    children: dict[int | None, list[ToolkitSection]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)

    language = i18n.current()

    def shown(row: ToolkitSection, name: str) -> str:
        """The section's text in the request's language where it has a translation."""
        english: str = getattr(row, name)
        if language == i18n.DEFAULT:
            return english
        translated = ((row.translations or {}).get(language) or {}).get(name)
        return translated if isinstance(translated, str) and translated else english

    def build(parent: int | None, depth: int) -> list[ToolkitNode]:
        if depth > MAX_TOOLKIT_DEPTH:
            return []
        return [
            ToolkitNode(
                id=row.id,
                slug=row.slug,
                title=shown(row, "title"),
                external_id=row.external_id,
                summary=shown(row, "summary"),
                status=row.status,
                position=row.position,
                children=build(row.id, depth + 1),
            )
            for row in children.get(parent, ())
            if can_see(caller, status=row.status, owner_id=row.owner_id)
        ]

    return build(None, 1)
