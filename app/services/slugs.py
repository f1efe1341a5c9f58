"""Slugs: derived from the title once, unique per kind, never all digits (so that a path
segment that is all digits always means an id)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from slugify import slugify
from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from app.models.entry import EntryColumns
from app.models.fields import is_ascii_digits

MAX_SLUG = 80
RANGES_PER_QUERY = 200


_NUMBER_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NOT_SLUG = re.compile(r"[^-a-z0-9]+")
_DASHES = re.compile(r"-{2,}")


def _plain_slug(title: str) -> str | None:
    """slugify's answer for a short ASCII title with no HTML entity, the usual case, in a
    fraction of its time (a bulk batch slugs a thousand titles); None for any other title.
    tests/test_slugs.py checks that the two agree."""
    if not title.isascii() or "&" in title:
        return None
    text = _NUMBER_COMMA.sub("", title.lower())
    text = _DASHES.sub("-", _NOT_SLUG.sub("-", text)).strip("-")
    return text if len(text) < MAX_SLUG else None


def base_slug(title: str, singular: str) -> str:
    slug = _plain_slug(title)
    if slug is None:
        slug = slugify(title, max_length=MAX_SLUG, word_boundary=True, save_order=True)
    if not slug:
        return singular
    if is_ascii_digits(slug.replace("-", "")):
        return f"{singular}-{slug}"
    return slug


def allocate(session: Session, table: type[EntryColumns], titles: Sequence[str], singular: str) -> list[str]:
    """Unique slugs for these titles (new entries' English slugs, or Welsh slugs), in a few
    queries for the batch. A slug is unique across both an entry's English and Welsh slugs,
    so that /cy/{kind}/{slug} (which looks the Welsh slug up first) never names two entries."""
    bases = [base_slug(t, singular) for t in titles]
    wanted = set(bases)
    taken: set[str] = set()
    if wanted:
        repeated = {b for b, n in Counter(bases).items() if n > 1}
        for column in (col(table.slug), col(table.slug_cy)):
            taken.update(s for s in session.scalars(select(column).where(column.in_(wanted))).all() if s)
        clashes = [b for b in wanted if b in taken or b in repeated]
        # Slugs like "base-2": one index range per base (slugs are ASCII, and "." follows
        # "-"), a few hundred to a statement (SQLite limits how deep an expression may go).
        for start in range(0, len(clashes), RANGES_PER_QUERY):
            chunk = clashes[start : start + RANGES_PER_QUERY]
            for column in (col(table.slug), col(table.slug_cy)):
                ranges = [and_(column >= f"{b}-", column < f"{b}.") for b in chunk]
                taken.update(s for s in session.scalars(select(column).where(or_(*ranges))).all() if s)
    out: list[str] = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out.append(slug)
    return out
