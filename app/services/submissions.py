"""Public deposits of case studies, and their moderation by editors."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError
from sqlalchemy import func, select, update
from sqlmodel import Session, col

from app.errors import NotFound, ValidationFailed, field_error
from app.i18n import _
from app.kinds import PROJECTS
from app.models import Project
from app.models.fields import DepositText, Keywords, Link, Name, Summary, Title
from app.models.project import ProjectFields
from app.models.types import utcnow
from app.services import keys, writes

_EMAIL = r"^[^@\s<>\"'\x00-\x1f]{1,64}@[^@\s<>\"'\x00-\x1f]+\.[^@\s<>\"'\x00-\x1f]{2,}$"


_EMAIL_PATTERN = re.compile(_EMAIL)


def _email(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL_PATTERN.match(value):
        raise PydanticCustomError("email", _("must be an e-mail address, like name@example.org"))
    return value


Email = Annotated[str, StringConstraints(max_length=320), AfterValidator(_email)]


class SubmissionCreate(ProjectFields):
    """A case study sent by anyone: the project's fields, and who sent it (kept private)."""

    model_config = {"extra": "forbid"}

    project_type: Literal["case_study"] = "case_study"
    title: Title
    summary: Summary = ""
    # The project's own field types (cleaned: NUL refused, blank keywords refused), with a
    # deposit's smaller bounds.
    body: DepositText = ""
    keywords: Annotated[Keywords, Field(max_length=20)] = []
    links: Annotated[list[Link], Field(max_length=20)] = []
    depositor_name: Name
    depositor_email: Email
    # Left empty by people; bots fill every field.
    website: Annotated[str, StringConstraints(max_length=300)] = ""


def submit(session: Session, data: SubmissionCreate) -> tuple[Project, str]:
    """Store a deposit as a pending case study owned by the knowledge base; returns it and
    the token of its private status link (only the token's hash is kept)."""
    if data.website:
        raise ValidationFailed(
            _("This submission looks automated and was not accepted."),
            errors=[field_error("website", _("leave this field empty"), code="honeypot")],
        )
    # The deposit is validated again as an ordinary project, so it obeys the same rules.
    project = PROJECTS.create.model_validate(data.model_dump(exclude={"depositor_name", "depositor_email", "website"}))
    token = secrets.token_urlsafe(24)
    item = writes.from_schema(
        project,
        mode="create",
        private={
            "depositor_name": data.depositor_name,
            "depositor_email": data.depositor_email,
            "submission_token_hash": keys.hash_token(token),
        },
    )
    result = writes.write_one(session, PROJECTS, writes.depositor(session), item)
    assert result.id is not None
    row = session.get(Project, result.id)
    assert row is not None
    return row, token


def by_token(session: Session, token: str) -> Project:
    row: Project | None = None
    if 10 <= len(token) <= 100:
        row = session.scalars(
            select(Project).where(col(Project.submission_token_hash) == keys.hash_token(token))
        ).one_or_none()
    if row is None:
        raise NotFound(_("There is no submission with this link."))
    return row


def queue(session: Session, status: str, offset: int, limit: int) -> tuple[list[Project], int]:
    condition = col(Project.submission_token_hash).is_not(None) & (col(Project.status) == status)
    total = session.execute(select(func.count()).select_from(Project).where(condition)).scalar_one()
    rows = session.scalars(
        select(Project).where(condition).order_by(col(Project.created_at), col(Project.id)).offset(offset).limit(limit)
    ).all()
    return list(rows), int(total)


def erase_expired_emails(session: Session, *, retention_days: int, now: datetime | None = None) -> int:
    """Depositors' e-mail addresses are kept only for the retention period after moderation."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    # exec, not execute: typed to answer an UPDATE with a CursorResult, which has rowcount
    result = session.exec(
        update(Project)
        .where(
            col(Project.depositor_email).is_not(None),
            col(Project.moderated_at).is_not(None),
            col(Project.moderated_at) <= cutoff,
        )
        .values(depositor_email=None)
    )
    return int(result.rowcount or 0)
