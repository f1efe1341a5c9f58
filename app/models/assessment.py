"""Self-evaluations: an organisation's assessment against a framework, in rounds; the links
(owner, team, peer) that reach it, stored only as hashes; each link holder's answers per round;
and the owner's targets per principle."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime


class Assessment(SQLModel, table=True):
    __tablename__ = "assessment"

    id: int | None = Field(default=None, primary_key=True)
    organisation: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    benchmark: bool = Field(default=False)
    framework_slug: str = Field(max_length=120)
    version: int = Field(default=1)  # of the settings and targets (the ETag of PATCH)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # Any write to the assessment (an answer included) touches it: retention counts from it.
    updated_at: datetime = Field(sa_type=UTCDateTime, index=True)


class AssessmentRound(SQLModel, table=True):
    __tablename__ = "assessment_round"
    __table_args__ = (UniqueConstraint("assessment_id", "number", name="uq_assessment_round_number"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    number: int
    framework_id: int = Field(foreign_key="framework.id", index=True)
    status: str = Field(default="draft", max_length=16)  # draft | completed
    created_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AssessmentLink(SQLModel, table=True):
    """A link to an assessment: the owner's, a colleague's (team) or a reviewer's (peer)."""

    __tablename__ = "assessment_link"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    role: str = Field(max_length=8)  # owner | team | peer
    name: str = Field(max_length=200)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AssessmentResponse(SQLModel, table=True):
    """One link holder's answers in one round, and whether they have submitted them."""

    __tablename__ = "assessment_response"
    __table_args__ = (UniqueConstraint("round_id", "link_id", name="uq_assessment_response_round_link"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", index=True)
    link_id: int = Field(foreign_key="assessment_link.id", index=True)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AssessmentAnswer(SQLModel, table=True):
    __tablename__ = "assessment_answer"
    __table_args__ = (UniqueConstraint("response_id", "statement_key", name="uq_assessment_answer_statement"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="assessment_response.id", index=True)
    statement_key: str = Field(max_length=60)
    level: int | None = Field(default=None)  # None: does not apply
    notes: str = Field(default="", sa_type=Text)
    evidence: list[str] = Field(default_factory=list, sa_type=JSON)
    version: int = Field(default=1)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class AssessmentTarget(SQLModel, table=True):
    __tablename__ = "assessment_target"
    __table_args__ = (UniqueConstraint("assessment_id", "principle_key", name="uq_assessment_target_principle"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    principle_key: str = Field(max_length=60)
    level: int
    date: Date


__all__ = [
    "Assessment",
    "AssessmentAnswer",
    "AssessmentLink",
    "AssessmentResponse",
    "AssessmentRound",
    "AssessmentTarget",
]
