"""Rounds: a new round starts from the owner's answers of the last one, against the
framework's newest version; every earlier round stays readable."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from app.errors import Conflict
from app.i18n import _
from app.models.assessment import AssessmentAnswer, AssessmentResponse, AssessmentRound, RoundSummary
from app.models.types import utcnow
from app.services.assessments import frameworks
from app.services.assessments.answers import Access, framework_ref, require_owner, response_of
from app.services.assessments.results import round_scores


def _id(value: int | None) -> int:
    assert value is not None
    return value


def new_round(session: Session, *, access: Access) -> Access:
    require_owner(access)
    last = access.round
    if last.status != "completed":
        raise Conflict(_("Submit this round before you start a new one."))
    framework = frameworks.newest(session, slug=access.assessment.framework_slug)
    now = utcnow()
    fresh = AssessmentRound(
        assessment_id=_id(access.assessment.id),
        number=last.number + 1,
        framework_id=_id(framework.id),
        status="draft",
        created_at=now,
    )
    session.add(fresh)
    session.flush()
    previous = response_of(session, round_id=_id(last.id), link_id=_id(access.link.id))
    if previous is not None:
        response = AssessmentResponse(round_id=_id(fresh.id), link_id=_id(access.link.id))
        session.add(response)
        session.flush()
        keys = frameworks.statements(framework)
        top = frameworks.top_level(framework)
        for answer in session.scalars(select(AssessmentAnswer).where(col(AssessmentAnswer.response_id) == previous.id)):
            if answer.statement_key not in keys:
                continue  # the statement is not in the framework's newest version
            session.add(
                AssessmentAnswer(
                    response_id=_id(response.id),
                    statement_key=answer.statement_key,
                    level=None if answer.level is None else min(answer.level, top),
                    notes=answer.notes,
                    evidence=list(answer.evidence),
                    version=1,
                    updated_at=now,
                )
            )
    access.assessment.updated_at = now
    session.flush()
    return Access(link=access.link, assessment=access.assessment, round=fresh, rounds=fresh.number)


def list_rounds(session: Session, *, access: Access) -> list[RoundSummary]:
    rows = session.scalars(
        select(AssessmentRound)
        .where(col(AssessmentRound.assessment_id) == access.assessment.id)
        .order_by(col(AssessmentRound.number))
    )
    out = []
    for row in rows:
        framework = frameworks.by_id(session, framework_id=row.framework_id)
        principles, overall = round_scores(session, access=access, round_row=row)
        out.append(
            RoundSummary(
                round=row.number,
                status=row.status,
                framework=framework_ref(framework),
                created_at=row.created_at,
                completed_at=row.completed_at,
                principles=principles,
                overall=overall,
            )
        )
    return out
