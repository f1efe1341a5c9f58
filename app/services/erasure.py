"""Erasing a person: their name and e-mail address go from entries, from the audit history
and from the change log's copies, and the answer says what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlmodel import Session

from app.models import Change, Project
from app.services.access import Caller
from app.services.entries import record_change

ERASED = "[erased]"


@dataclass
class Erasure:
    email: str
    names: list[str] = field(default_factory=list)
    deposits: list[int] = field(default_factory=list)  # projects whose depositor was erased
    contributors: list[tuple[str, int]] = field(default_factory=list)  # entries whose contributor list changed
    history_rows: int = 0  # change-log rows whose copies were scrubbed


def _scrub(value: Any, secrets: list[str]) -> tuple[Any, bool]:
    """Replace every secret found in strings of a JSON value; returns (value, changed)."""
    if isinstance(value, str):
        new = value
        for secret in secrets:
            if secret and secret.lower() in new.lower():
                start = new.lower().index(secret.lower())
                while start >= 0:
                    new = new[:start] + ERASED + new[start + len(secret) :]
                    start = new.lower().find(secret.lower(), start + len(ERASED))
        return new, new != value
    if isinstance(value, list):
        changed = False
        out = []
        for item in value:
            new, c = _scrub(item, secrets)
            out.append(new)
            changed = changed or c
        return out, changed
    if isinstance(value, dict):
        changed = False
        result = {}
        for key, item in value.items():
            new, c = _scrub(item, secrets)
            result[key] = new
            changed = changed or c
        return result, changed
    return value, False


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

    secrets = [email, *names]
    # Contributors named like the person, in any project (a depositor often lists themselves).
    if names:
        lowered = {n.lower() for n in names}
        mentions = or_(*(func.lower(cast(Project.contributors, String)).contains(n.lower()) for n in names))
        for row in session.execute(select(Project).where(mentions)).scalars():
            kept = [c for c in row.contributors if (c.get("name") or "").lower() not in lowered]
            if len(kept) != len(row.contributors):
                row.contributors = kept
                # The change itself records that data was erased, never the data.
                record_change(session, "projects", caller, row, "update", {"erased": ["contributors"]})
                assert row.id is not None
                result.contributors.append(("projects", row.id))

    # The change log's copies: diffs holding the e-mail address or the names.
    conditions = [func.lower(cast(Change.diff, String)).contains(s.lower()) for s in secrets]
    for change in session.execute(select(Change).where(Change.diff.is_not(None), or_(*conditions))).scalars():  # type: ignore[union-attr]
        scrubbed, changed = _scrub(change.diff, secrets)
        if changed:
            change.diff = scrubbed
            session.add(change)
            result.history_rows += 1
    session.flush()
    return result
