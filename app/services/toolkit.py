"""The toolkit tree: placement rules (no cycles, at most 8 deep) and the whole-tree view."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlmodel import Session

from app.errors import ValidationFailed, field_error
from app.models import ToolkitSection
from app.models.toolkit import MAX_TOOLKIT_DEPTH, ToolkitNode
from app.services.access import Caller, can_see


def _parents(session: Session) -> dict[int, int | None]:
    # The toolkit is small (hundreds of sections), so the whole parent map is one cheap query.
    return {row[0]: row[1] for row in session.execute(select(ToolkitSection.id, ToolkitSection.parent_id))}


def check_placement(session: Session, section_id: int | None, parent_id: int | None) -> None:
    """Refuse a parent that does not exist, a cycle, or a tree deeper than the limit."""
    if parent_id is None:
        depth_above = 0
        parents = None
    else:
        parents = _parents(session)
        if parent_id not in parents:
            raise ValidationFailed(
                f"There is no toolkit section with id {parent_id}.",
                errors=[field_error("parent_id", "the parent section does not exist", code="not_found")],
            )
        depth_above, node = 0, parent_id
        while node is not None:
            if node == section_id:
                raise ValidationFailed(
                    "A section cannot be placed under itself or its own descendants.",
                    errors=[field_error("parent_id", "would make a cycle in the toolkit tree", code="cycle")],
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
            f"The toolkit is at most {MAX_TOOLKIT_DEPTH} levels deep.",
            errors=[
                field_error("parent_id", f"the tree would be deeper than {MAX_TOOLKIT_DEPTH} levels", code="too_deep")
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
        session.execute(select(ToolkitSection.id).where(ToolkitSection.parent_id == section_id).limit(1)).first()
        is not None
    )


def next_position(session: Session, parent_id: int | None) -> int:
    condition = (
        ToolkitSection.parent_id.is_(None)  # type: ignore[union-attr]
        if parent_id is None
        else ToolkitSection.parent_id == parent_id
    )
    last = session.execute(select(func.max(ToolkitSection.position)).where(condition)).scalar_one()
    return 0 if last is None else int(last) + 1


def tree(session: Session, caller: Caller) -> list[ToolkitNode]:
    """The whole toolkit as nested nodes, siblings by position. A section the caller may not
    see is left out with its subtree."""
    rows = session.execute(select(ToolkitSection).order_by(ToolkitSection.position, ToolkitSection.id)).scalars().all()
    children: dict[int | None, list[ToolkitSection]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)

    def build(parent: int | None, depth: int) -> list[ToolkitNode]:
        if depth > MAX_TOOLKIT_DEPTH:
            return []
        return [
            ToolkitNode(
                id=row.id,  # type: ignore[arg-type]
                slug=row.slug,
                title=row.title,
                external_id=row.external_id,
                summary=row.summary,
                status=row.status,
                position=row.position,
                children=build(row.id, depth + 1),
            )
            for row in children.get(parent, ())
            if can_see(caller, status=row.status, owner_id=row.owner_id)
        ]

    return build(None, 1)
