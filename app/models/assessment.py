"""Self-evaluations: an organisation's assessment against a framework, in rounds; the links
(owner, team, peer) that reach it, stored only as hashes; each link holder's answers per round;
and the owner's targets per principle."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Strict, StringConstraints
from pydantic import Field as PydField
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.i18n import _
from app.models.fields import Name, StrictModel, Summary, Url
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


# --- write schemas ------------------------------------------------------------------------

FrameworkSlugIn = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Email = Annotated[
    str, StringConstraints(min_length=3, max_length=320, strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
Level = Annotated[int, Strict(), PydField(ge=1, le=10)]


def _iso_date(value: str) -> str:
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date", _("must be a date such as 2027-03-31")) from None
    return value


IsoDate = Annotated[
    str, StringConstraints(min_length=10, max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_iso_date)
]


class AssessmentCreate(StrictModel):
    framework: FrameworkSlugIn
    organisation: Name
    email: Email | None = None
    benchmark: Annotated[bool, Strict()] = False


class AssessmentUpdate(StrictModel):
    organisation: Name | None = None
    email: Email | None = None
    benchmark: Annotated[bool, Strict()] | None = None


class AnswerIn(StrictModel):
    level: Level | None = PydField(description="A level of the framework's scale; null: does not apply.")
    notes: Summary = ""
    evidence: list[Url] = PydField(default_factory=list, max_length=10)


class TargetIn(StrictModel):
    level: Level
    date: IsoDate


class InvitationIn(StrictModel):
    role: Literal["team", "peer"]
    name: Name


# --- read schemas -------------------------------------------------------------------------


class FrameworkRef(BaseModel):
    slug: str
    version: int
    title: str


class Respondent(BaseModel):
    name: str
    role: str
    submitted: bool


class AnswerRead(BaseModel):
    statement: str
    level: int | None
    notes: str
    evidence: list[str]
    version: int
    updated_at: datetime


class TargetRead(BaseModel):
    principle: str
    level: int
    date: Date


class AssessmentRead(BaseModel):
    organisation: str
    framework: FrameworkRef
    round: int
    rounds: int
    status: str
    role: str
    respondent: Respondent
    version: int
    benchmark: bool
    email: str | None
    lang: str
    created_at: datetime
    updated_at: datetime
    answers: list[AnswerRead]
    targets: list[TargetRead]


class AssessmentStarted(BaseModel):
    assessment: AssessmentRead
    token: str
    url: str


class NewToken(BaseModel):
    token: str
    url: str


class Invitation(BaseModel):
    id: int
    role: str
    name: str
    token: str
    url: str
    created_at: datetime


class InvitationItem(BaseModel):
    id: int
    role: str
    name: str
    submitted: bool
    created_at: datetime
    revoked: bool


class InvitationList(BaseModel):
    items: list[InvitationItem]


class Scores(BaseModel):
    self: float | None
    team: float | None
    peer: float | None


class TargetValue(BaseModel):
    level: int
    date: Date


class PrincipleResult(BaseModel):
    key: str
    title: str
    self: float | None
    team: float | None
    peer: float | None
    gap: float | None
    target: TargetValue | None
    answered: int
    statements: int


class StatementResult(BaseModel):
    key: str
    principle: str
    text: str
    self: float | None
    mean: float | None
    min: int | None
    max: int | None
    spread: int | None
    count: int
    peer: float | None


class Suggestion(BaseModel):
    kind: str
    id: int
    slug: str
    title: str
    summary: str
    url: str
    why: Literal["related", "search"]


class Action(BaseModel):
    statement: str
    principle: str
    text: str
    level: float
    advice: str
    suggestions: list[Suggestion]


class RespondentCounts(BaseModel):
    team: int
    peer: int
    peer_submitted: int


class Results(BaseModel):
    round: int
    status: str
    lang: str
    overall: Scores
    principles: list[PrincipleResult]
    statements: list[StatementResult]
    strengths: list[str]
    actions: list[Action]
    respondents: RespondentCounts


class RoundPrinciple(BaseModel):
    key: str
    title: str
    self: float | None
    team: float | None
    peer: float | None


class RoundSummary(BaseModel):
    round: int
    status: str
    framework: FrameworkRef
    created_at: datetime
    completed_at: datetime | None
    principles: list[RoundPrinciple]
    overall: Scores


class RoundList(BaseModel):
    items: list[RoundSummary]


__all__ = [
    "Assessment",
    "AssessmentAnswer",
    "AssessmentCreate",
    "AssessmentLink",
    "AssessmentResponse",
    "AssessmentRound",
    "AssessmentTarget",
]
