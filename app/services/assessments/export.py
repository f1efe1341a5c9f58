"""A round's answers and scores, as CSV (one row per respondent and statement) and JSON, with
what the link holder may see."""

from __future__ import annotations

import csv
import io
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from app.models.assessment import (
    AnswerRead,
    AssessmentAnswer,
    AssessmentLink,
    AssessmentResponse,
    AssessmentRound,
    Results,
)
from app.services.assessments import frameworks
from app.services.assessments.answers import Access, answer_read
from app.services.assessments.results import results

COLUMNS = (
    "organisation", "framework", "framework_version", "round", "status", "respondent_role", "respondent",
    "submitted", "principle", "statement", "text", "level", "notes", "evidence", "statement_mean", "statement_peer",
)  # fmt: skip
# A cell a spreadsheet would run as a formula starts with one of these (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportedResponse(BaseModel):
    role: str
    name: str
    submitted: bool
    answers: list[AnswerRead]


class Export(BaseModel):
    organisation: str
    framework: str
    framework_version: int
    round: int
    status: str
    results: Results
    responses: list[ExportedResponse]


def _visible(
    rows: list[tuple[AssessmentResponse, AssessmentLink]], access: Access
) -> list[tuple[AssessmentResponse, AssessmentLink]]:
    """The owner and colleagues: everyone's answers but unsubmitted reviewers'; a reviewer: its
    own, and once submitted the organisation's too."""
    mine = next((r for r, link in rows if link.id == access.link.id), None)
    if access.role == "peer":
        if mine is None or mine.submitted_at is None:
            return [(r, link) for r, link in rows if link.id == access.link.id]
        return [(r, link) for r, link in rows if link.id == access.link.id or link.role != "peer"]
    return [(r, link) for r, link in rows if link.role != "peer" or r.submitted_at is not None]


def export(session: Session, *, access: Access, round_row: AssessmentRound) -> Export:
    framework = frameworks.by_id(session, framework_id=round_row.framework_id)
    rows = list(
        session.execute(
            select(AssessmentResponse, AssessmentLink)
            .join(AssessmentLink, col(AssessmentLink.id) == col(AssessmentResponse.link_id))
            .where(col(AssessmentResponse.round_id) == round_row.id)
            .order_by(col(AssessmentResponse.id))
        ).tuples()
    )
    order = {key: i for i, key in enumerate(frameworks.statements(framework))}
    responses = []
    for response, link in _visible(rows, access):
        answers = sorted(
            session.scalars(select(AssessmentAnswer).where(col(AssessmentAnswer.response_id) == response.id)),
            key=lambda a: order.get(a.statement_key, len(order)),
        )
        responses.append(
            ExportedResponse(
                role=link.role,
                name=link.name,
                submitted=response.submitted_at is not None,
                answers=[answer_read(a) for a in answers],
            )
        )
    return Export(
        organisation=access.assessment.organisation,
        framework=framework.slug,
        framework_version=framework.version,
        round=round_row.number,
        status=round_row.status,
        results=results(session, access=access, round_row=round_row, search=None),
        responses=responses,
    )


def _cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(data: Export) -> str:
    statements = {s.key: s for s in data.results.statements}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for response in data.responses:
        for answer in response.answers:
            figures = statements.get(answer.statement)
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        data.organisation, data.framework, data.framework_version, data.round, data.status,
                        response.role, response.name, response.submitted,
                        figures.principle if figures else "", answer.statement, figures.text if figures else "",
                        answer.level, answer.notes, " ".join(answer.evidence),
                        figures.mean if figures else None, figures.peer if figures else None,
                    )
                ]
            )  # fmt: skip
    return out.getvalue()
