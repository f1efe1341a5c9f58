"""Deleting self-evaluations: drafts left untouched past the retention period (never one with
a completed round), and every one given with an e-mail address (`erase --email`)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from app.models.assessment import Assessment, AssessmentRound
from app.models.types import utcnow
from app.services.assessments.answers import erase


def erase_abandoned(session: Session, *, retention_days: int) -> int:
    cutoff = utcnow() - timedelta(days=retention_days)
    completed = select(col(AssessmentRound.assessment_id)).where(col(AssessmentRound.status) == "completed")
    ids = list(
        session.scalars(
            select(col(Assessment.id)).where(col(Assessment.updated_at) < cutoff, col(Assessment.id).not_in(completed))
        )
    )
    return erase(session, assessment_ids=[i for i in ids if i is not None])


def erase_by_email(session: Session, *, email: str) -> int:
    ids = list(
        session.scalars(select(col(Assessment.id)).where(func.lower(col(Assessment.email)) == email.strip().lower()))
    )
    return erase(session, assessment_ids=[i for i in ids if i is not None])
