"""Erasing a person: their name and e-mail address go from entries, from the audit history
and from the change log's copies, self-evaluations started with the address are deleted, and
the answer says what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import String, cast, func, or_, select
from sqlmodel import Session, col

from app.kinds import PROJECTS
from app.models import Change, Project
from app.services import writes
from app.services.access import Caller
from app.services.assessments import retention as assessment_retention

ERASED = "[erased]"


@dataclass
class Erasure:
    email: str
    names: list[str] = field(default_factory=list)
    deposits: list[int] = field(default_factory=list)  # projects whose depositor was erased
    contributors: list[tuple[str, int]] = field(default_factory=list)  # entries whose contributor list changed
    history_rows: int = 0  # change-log rows whose copies were scrubbed
    assessments: int = 0  # self-evaluations given with the address, deleted with every answer


# Fields of the change log's diffs that hold people's names.
NAME_FIELDS = frozenset({"depositor_name", "contributors", "authors"})


def _scrub(value: Any, email: str, names: set[str], *, naming: bool = False) -> tuple[Any, bool]:
    """Erase a person from a JSON value: the e-mail address wherever it appears in a string, a
    name only where a whole string is that name in a field that holds names (`naming`, set
    below the keys of NAME_FIELDS). Names are never cut out of running text or other fields,
    where a short one ("Ann") would damage other words ("Annual report") all through the
    history. Returns (value, changed)."""
    if isinstance(value, str):
        if naming and value.strip().lower() in names:
            return ERASED, True
        lowered = value.lower()
        if not email or email not in lowered:
            return value, False
        new, start = value, lowered.find(email)
        while start >= 0:
            new = new[:start] + ERASED + new[start + len(email) :]
            start = new.lower().find(email, start + len(ERASED))
        return new, True
    if isinstance(value, list):
        changed = False
        out = []
        for item in value:
            new, c = _scrub(item, email, names, naming=naming)
            out.append(new)
            changed = changed or c
        return out, changed
    if isinstance(value, dict):
        changed = False
        result = {}
        for key, item in value.items():
            new, c = _scrub(item, email, names, naming=naming or key in NAME_FIELDS)
            result[key] = new
            changed = changed or c
        return result, changed
    return value, False


def _json_string(text: str) -> str:
    """How a string value is written inside stored JSON (both databases write it this way), so
    that the database can narrow the rows to those holding exactly that value."""
    return orjson.dumps(text).decode().lower()


def erase_person(session: Session, caller: Caller, email: str) -> Erasure:
    email = email.strip().lower()
    result = Erasure(email=email)
    deposits = session.execute(select(Project).where(func.lower(Project.depositor_email) == email)).scalars().all()
    names = sorted({d.depositor_name for d in deposits if d.depositor_name})
    result.names = names
    for deposit in deposits:
        deposit.depositor_email = None
        deposit.depositor_name = None
        session.add(deposit)
        assert deposit.id is not None
        result.deposits.append(deposit.id)
    session.flush()

    lowered = {n.strip().lower() for n in names}
    # Contributors named like the person, in any project (a depositor often lists themselves).
    if names:
        mentions = or_(
            *(func.lower(cast(Project.contributors, String)).contains(_json_string(n), autoescape=True) for n in names)
        )
        batch: list[writes.Write] = []
        for row in session.scalars(select(Project).where(mentions)):
            kept = [c for c in row.contributors if (c.get("name") or "").strip().lower() not in lowered]
            if len(kept) != len(row.contributors):
                # The change itself records that data was erased, never the data.
                batch.append(
                    writes.Write(
                        entry_id=row.id,
                        mode="update",
                        values={"contributors": kept},
                        note={"erased": ["contributors"]},
                        redact=True,
                        index=len(batch),
                    )
                )
        author = writes.author_of(session, caller)
        for done in writes.write(session, PROJECTS, author, batch):
            assert done.id is not None
            result.contributors.append((PROJECTS.name, done.id))

    # The change log's copies: diffs holding the e-mail address, or a name as a whole value.
    diff_text = func.lower(cast(Change.diff, String))
    conditions = [
        diff_text.contains(email, autoescape=True),
        *(diff_text.contains(_json_string(n), autoescape=True) for n in names),
    ]
    for change in session.scalars(select(Change).where(col(Change.diff).is_not(None), or_(*conditions))):
        scrubbed, changed = _scrub(change.diff, email, lowered)
        if changed:
            change.diff = scrubbed
            session.add(change)
            result.history_rows += 1
    session.flush()
    # Self-evaluations started with the address: deleted whole (the organisation's answers are
    # theirs, and nothing of them is in the change log).
    result.assessments = assessment_retention.erase_by_email(session, email=email)
    return result
