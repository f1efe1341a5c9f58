"""Slugs: derived from the title once, unique per kind, never all digits (so that a path
segment that is all digits always means an id)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from slugify import slugify
from sqlalchemy import or_, select
from sqlmodel import Session

from app.models.entry import EntryColumns
from app.models.fields import is_ascii_digits

MAX_SLUG = 80


def base_slug(title: str, singular: str) -> str:
    slug = slugify(title, max_length=MAX_SLUG, word_boundary=True, save_order=True)
    if not slug:
        return singular
    if is_ascii_digits(slug.replace("-", "")):
        return f"{singular}-{slug}"
    return slug


def allocate(session: Session, table: type[EntryColumns], titles: Sequence[str], singular: str) -> list[str]:
    """Unique slugs for new entries with these titles, in one or two queries for the batch."""
    bases = [base_slug(t, singular) for t in titles]
    wanted = set(bases)
    column = table.slug  # type: ignore[attr-defined]
    taken: set[str] = set()
    if wanted:
        taken.update(
            session.execute(select(column).where(column.in_(wanted))).scalars().all()
        )
        repeated = {b for b, n in Counter(bases).items() if n > 1}
        clashes = [b for b in wanted if b in taken or b in repeated]
        if clashes:
            taken.update(
                session.execute(
                    select(column).where(or_(*(column.like(f"{_escape(b)}-%", escape="\\") for b in clashes)))
                )
                .scalars()
                .all()
            )
    out: list[str] = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out.append(slug)
    return out


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
