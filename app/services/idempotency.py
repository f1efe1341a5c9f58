"""Idempotency-Key: the first answer to a keyed request is kept and replayed to repeats."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session, col

from app.errors import Conflict
from app.i18n import _
from app.models import IdempotentAnswer
from app.models.types import utcnow


def replay(session: Session, *, partner_id: int, key: str, request_hash: str, hours: int) -> IdempotentAnswer | None:
    answer = session.scalars(
        select(IdempotentAnswer).where(
            col(IdempotentAnswer.partner_id) == partner_id, col(IdempotentAnswer.idempotency_key) == key
        )
    ).one_or_none()
    if answer is None:
        return None
    if answer.created_at < utcnow() - timedelta(hours=hours):
        session.delete(answer)
        session.flush()
        return None
    if answer.request_hash != request_hash:
        raise Conflict(_("This Idempotency-Key was used for a different request; use a new key."))
    return answer


def remember(
    session: Session,
    *,
    partner_id: int,
    key: str,
    request_hash: str,
    status_code: int,
    body: dict[str, Any],
    hours: int,
) -> None:
    now = utcnow()
    session.execute(delete(IdempotentAnswer).where(col(IdempotentAnswer.created_at) < now - timedelta(hours=hours)))
    session.add(
        IdempotentAnswer(
            partner_id=partner_id,
            idempotency_key=key,
            request_hash=request_hash,
            status_code=status_code,
            body=body,
            created_at=now,
        )
    )
    session.flush()
