"""Assessments as their link holders see and change them: starting one, each link's answers
(versioned: a stale write is refused), submitting, the owner's settings, targets, invitations,
its link, and erasing it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from app.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ValidationFailed,
    field_error,
)
from app.i18n import _
from app.models.assessment import (
    AnswerIn,
    AnswerRead,
    Assessment,
    AssessmentAnswer,
    AssessmentCreate,
    AssessmentLink,
    AssessmentRead,
    AssessmentResponse,
    AssessmentRound,
    AssessmentTarget,
    AssessmentUpdate,
    FrameworkRef,
    Invitation,
    InvitationIn,
    InvitationItem,
    Respondent,
    TargetIn,
    TargetRead,
)
from app.models.framework import Framework
from app.models.types import utcnow
from app.services.assessments import frameworks, tokens

# What If-Match said: nothing (None), any version ("*"), or these versions.
Precondition = set[int] | Literal["*"] | None
MAX_INVITATIONS = 100


@dataclass
class Access:
    """A link holder's view of an assessment: the link, the assessment and its current round."""

    link: AssessmentLink
    assessment: Assessment
    round: AssessmentRound
    rounds: int

    @property
    def role(self) -> str:
        return self.link.role

    @property
    def is_owner(self) -> bool:
        return self.link.role == "owner"


def _id(value: int | None) -> int:
    assert value is not None
    return value


def open_link(session: Session, *, token: str) -> Access:
    link = tokens.find_link(session, token)
    assessment = session.get(Assessment, link.assessment_id)
    if assessment is None:
        raise tokens.not_found()
    current = session.scalars(
        select(AssessmentRound)
        .where(col(AssessmentRound.assessment_id) == assessment.id)
        .order_by(col(AssessmentRound.number).desc())
        .limit(1)
    ).one()
    return Access(link=link, assessment=assessment, round=current, rounds=current.number)


def require_owner(access: Access) -> None:
    if not access.is_owner:
        raise Forbidden(_("Only the organisation's own link may do this."))


def round_of(session: Session, *, access: Access, number: int | None) -> AssessmentRound:
    if number is None or number == access.round.number:
        return access.round
    row = session.scalars(
        select(AssessmentRound).where(
            col(AssessmentRound.assessment_id) == access.assessment.id, col(AssessmentRound.number) == number
        )
    ).one_or_none()
    if row is None:
        raise NotFound(_("This self-evaluation has no round {round}.", round=number))
    return row


def response_of(session: Session, *, round_id: int, link_id: int) -> AssessmentResponse | None:
    return session.scalars(
        select(AssessmentResponse).where(
            col(AssessmentResponse.round_id) == round_id, col(AssessmentResponse.link_id) == link_id
        )
    ).one_or_none()


def _touch(assessment: Assessment, *, bump: bool = False) -> None:
    assessment.updated_at = utcnow()
    if bump:
        assessment.version += 1


# --- starting and reading -------------------------------------------------------------------


def start(session: Session, *, data: AssessmentCreate) -> tuple[Access, str]:
    try:
        framework = frameworks.newest(session, slug=data.framework)
    except NotFound as exc:
        raise ValidationFailed(
            exc.detail, errors=[field_error("framework", _("no such framework"), code="not_found")]
        ) from None
    now = utcnow()
    assessment = Assessment(
        organisation=data.organisation,
        email=data.email.lower() if data.email else None,
        benchmark=data.benchmark,
        framework_slug=framework.slug,
        created_at=now,
        updated_at=now,
    )
    session.add(assessment)
    session.flush()
    token, digest = tokens.new_token("owner")
    link = AssessmentLink(
        assessment_id=_id(assessment.id), role="owner", name=data.organisation, token_hash=digest, created_at=now
    )
    first = AssessmentRound(
        assessment_id=_id(assessment.id), number=1, framework_id=_id(framework.id), status="draft", created_at=now
    )
    session.add_all([link, first])
    session.flush()
    return Access(link=link, assessment=assessment, round=first, rounds=1), token


def answer_read(row: AssessmentAnswer) -> AnswerRead:
    return AnswerRead(
        statement=row.statement_key,
        level=row.level,
        notes=row.notes,
        evidence=list(row.evidence),
        version=row.version,
        updated_at=row.updated_at,
    )


def targets(session: Session, *, assessment_id: int) -> list[AssessmentTarget]:
    return list(
        session.scalars(
            select(AssessmentTarget)
            .where(col(AssessmentTarget.assessment_id) == assessment_id)
            .order_by(col(AssessmentTarget.principle_key))
        )
    )


def view(session: Session, *, access: Access, round_number: int | None = None) -> AssessmentRead:
    chosen = round_of(session, access=access, number=round_number)
    framework = frameworks.by_id(session, framework_id=chosen.framework_id)
    response = response_of(session, round_id=_id(chosen.id), link_id=_id(access.link.id))
    answers: Sequence[AssessmentAnswer] = []
    if response is not None:
        order = {key: i for i, key in enumerate(frameworks.statements(framework))}
        answers = sorted(
            session.scalars(select(AssessmentAnswer).where(col(AssessmentAnswer.response_id) == response.id)),
            key=lambda a: order.get(a.statement_key, len(order)),
        )
    shown_targets = [] if access.role == "peer" else targets(session, assessment_id=_id(access.assessment.id))
    assessment = access.assessment
    return AssessmentRead(
        organisation=assessment.organisation,
        framework=framework_ref(framework),
        round=chosen.number,
        rounds=access.rounds,
        status=chosen.status,
        role=access.role,
        respondent=Respondent(
            name=access.link.name,
            role=access.role,
            submitted=response is not None and response.submitted_at is not None,
        ),
        version=assessment.version,
        benchmark=assessment.benchmark,
        email=assessment.email if access.is_owner else None,
        lang=frameworks.language_of(framework),
        created_at=assessment.created_at,
        updated_at=assessment.updated_at,
        answers=[answer_read(a) for a in answers],
        targets=[TargetRead(principle=t.principle_key, level=t.level, date=t.date) for t in shown_targets],
    )


def framework_ref(framework: Framework) -> FrameworkRef:
    return FrameworkRef(slug=framework.slug, version=framework.version, title=frameworks.text(framework.title))


# --- answering ------------------------------------------------------------------------------


def _check_level(framework: Framework, level: int | None, field: str = "level") -> None:
    top = frameworks.top_level(framework)
    if level is not None and level > top:
        raise ValidationFailed(
            _("The level must be between 1 and {top}.", top=top),
            errors=[field_error(field, _("must be between 1 and {top}", top=top), code="less_than_equal")],
        )


def _check_open(access: Access, response: AssessmentResponse | None) -> None:
    if access.round.status == "completed":
        raise Conflict(_("This round is completed; its answers can no longer change. Start a new round."))
    if response is not None and response.submitted_at is not None:
        raise Conflict(_("You have submitted your answers; they can no longer change."))


def put_answer(
    session: Session, *, access: Access, statement_key: str, data: AnswerIn, if_match: Precondition
) -> AnswerRead:
    framework = frameworks.by_id(session, framework_id=access.round.framework_id)
    if statement_key not in frameworks.statements(framework):
        raise NotFound(_("The framework has no statement '{key}'.", key=statement_key))
    response = response_of(session, round_id=_id(access.round.id), link_id=_id(access.link.id))
    _check_open(access, response)
    _check_level(framework, data.level)
    if response is None:
        response = AssessmentResponse(round_id=_id(access.round.id), link_id=_id(access.link.id))
        session.add(response)
        session.flush()
    row = session.scalars(
        select(AssessmentAnswer).where(
            col(AssessmentAnswer.response_id) == response.id, col(AssessmentAnswer.statement_key) == statement_key
        )
    ).one_or_none()
    now = utcnow()
    if row is None:
        if if_match is not None and if_match != "*":
            raise PreconditionFailed(_("This answer has not been given yet; your copy is out of date."))
        row = AssessmentAnswer(
            response_id=_id(response.id),
            statement_key=statement_key,
            level=data.level,
            notes=data.notes,
            evidence=list(data.evidence),
            version=1,
            updated_at=now,
        )
        session.add(row)
    else:
        if if_match is None:
            raise PreconditionRequired(
                _('This answer exists: send If-Match with its version ("{version}") to change it.', version=row.version)
            )
        if if_match != "*" and row.version not in if_match:
            raise PreconditionFailed(
                _(
                    "The answer was changed elsewhere (it is at version {version}); yours is out of date, "
                    "nothing was changed.",
                    version=row.version,
                )
            )
        row.level, row.notes, row.evidence = data.level, data.notes, list(data.evidence)
        row.version += 1
        row.updated_at = now
    _touch(access.assessment)
    session.flush()
    return answer_read(row)


def submit(session: Session, *, access: Access) -> None:
    response = response_of(session, round_id=_id(access.round.id), link_id=_id(access.link.id))
    if response is not None and response.submitted_at is not None:
        return  # submitted already: nothing more to do
    _check_open(access, response)
    given = 0
    if response is not None:
        given = int(
            session.execute(
                select(func.count())
                .select_from(AssessmentAnswer)
                .where(col(AssessmentAnswer.response_id) == response.id)
            ).scalar_one()
        )
    if response is None or given == 0:
        raise Conflict(_("Answer at least one statement before you submit."))
    now = utcnow()
    response.submitted_at = now
    if access.is_owner:
        access.round.status = "completed"
        access.round.completed_at = now
    _touch(access.assessment)
    session.flush()


# --- the owner's settings -------------------------------------------------------------------


def update(session: Session, *, access: Access, data: AssessmentUpdate, if_match: Precondition) -> None:
    require_owner(access)
    assessment = access.assessment
    if if_match is None:
        raise PreconditionRequired(
            _('Send If-Match with the version you read ("{version}").', version=assessment.version)
        )
    if if_match != "*" and assessment.version not in if_match:
        raise PreconditionFailed(
            _(
                "The self-evaluation was changed elsewhere (it is at version {version}); nothing was changed.",
                version=assessment.version,
            )
        )
    values = data.model_dump(exclude_unset=True)
    if "organisation" in values and values["organisation"] is not None:
        assessment.organisation = values["organisation"]
        access.link.name = values["organisation"]
    if "benchmark" in values and values["benchmark"] is not None:
        assessment.benchmark = values["benchmark"]
    if "email" in values:
        assessment.email = values["email"].lower() if values["email"] else None
    _touch(assessment, bump=True)
    session.flush()


def _check_if_match(assessment: Assessment, if_match: Precondition) -> None:
    if if_match is not None and if_match != "*" and assessment.version not in if_match:
        raise PreconditionFailed(
            _(
                "The self-evaluation was changed elsewhere (it is at version {version}); nothing was changed.",
                version=assessment.version,
            )
        )


def set_target(
    session: Session, *, access: Access, principle_key: str, data: TargetIn, if_match: Precondition
) -> TargetRead:
    require_owner(access)
    framework = frameworks.by_id(session, framework_id=access.round.framework_id)
    if principle_key not in frameworks.principle_keys(framework):
        raise NotFound(_("The framework has no principle '{key}'.", key=principle_key))
    _check_level(framework, data.level)
    _check_if_match(access.assessment, if_match)
    when = date.fromisoformat(data.date)
    row = session.scalars(
        select(AssessmentTarget).where(
            col(AssessmentTarget.assessment_id) == access.assessment.id,
            col(AssessmentTarget.principle_key) == principle_key,
        )
    ).one_or_none()
    if row is None:
        row = AssessmentTarget(
            assessment_id=_id(access.assessment.id), principle_key=principle_key, level=data.level, date=when
        )
        session.add(row)
    else:
        row.level, row.date = data.level, when
    _touch(access.assessment, bump=True)
    session.flush()
    return TargetRead(principle=row.principle_key, level=row.level, date=row.date)


def delete_target(session: Session, *, access: Access, principle_key: str, if_match: Precondition) -> None:
    require_owner(access)
    row = session.scalars(
        select(AssessmentTarget).where(
            col(AssessmentTarget.assessment_id) == access.assessment.id,
            col(AssessmentTarget.principle_key) == principle_key,
        )
    ).one_or_none()
    if row is None:
        raise NotFound(_("There is no target for the principle '{key}'.", key=principle_key))
    _check_if_match(access.assessment, if_match)
    session.delete(row)
    _touch(access.assessment, bump=True)
    session.flush()


# --- links ----------------------------------------------------------------------------------


def invite(session: Session, *, access: Access, data: InvitationIn) -> Invitation:
    require_owner(access)
    count = int(
        session.execute(
            select(func.count())
            .select_from(AssessmentLink)
            .where(col(AssessmentLink.assessment_id) == access.assessment.id)
        ).scalar_one()
    )
    if count > MAX_INVITATIONS:
        raise Conflict(_("A self-evaluation can have at most {n} invitations.", n=MAX_INVITATIONS))
    token, digest = tokens.new_token("team" if data.role == "team" else "peer")
    link = AssessmentLink(
        assessment_id=_id(access.assessment.id), role=data.role, name=data.name, token_hash=digest, created_at=utcnow()
    )
    session.add(link)
    _touch(access.assessment)
    session.flush()
    return Invitation(
        id=_id(link.id),
        role=link.role,
        name=link.name,
        token=token,
        url=tokens.url_of(token),
        created_at=link.created_at,
    )


def invitations(session: Session, *, access: Access) -> list[InvitationItem]:
    require_owner(access)
    submitted = set(
        session.scalars(
            select(col(AssessmentResponse.link_id)).where(
                col(AssessmentResponse.round_id) == access.round.id, col(AssessmentResponse.submitted_at).is_not(None)
            )
        )
    )
    links = session.scalars(
        select(AssessmentLink)
        .where(col(AssessmentLink.assessment_id) == access.assessment.id, col(AssessmentLink.role) != "owner")
        .order_by(col(AssessmentLink.id))
    )
    return [
        InvitationItem(
            id=_id(link.id),
            role=link.role,
            name=link.name,
            submitted=link.id in submitted,
            created_at=link.created_at,
            revoked=link.revoked_at is not None,
        )
        for link in links
    ]


def revoke(session: Session, *, access: Access, invitation_id: int) -> None:
    require_owner(access)
    link = session.get(AssessmentLink, invitation_id)
    if link is None or link.assessment_id != access.assessment.id or link.role == "owner":
        raise NotFound(_("This self-evaluation has no invitation {id}.", id=invitation_id))
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        _touch(access.assessment)
        session.flush()


def replace_owner_token(session: Session, *, access: Access) -> str:
    require_owner(access)
    token, digest = tokens.new_token("owner")
    access.link.token_hash = digest
    _touch(access.assessment)
    session.flush()
    return token


# --- erasing --------------------------------------------------------------------------------


def erase(session: Session, *, assessment_ids: Sequence[int]) -> int:
    """Delete these assessments with every round, link, answer and target (in the order the
    foreign keys need). Returns how many there were."""
    if not assessment_ids:
        return 0
    ids = list(assessment_ids)
    rounds = select(col(AssessmentRound.id)).where(col(AssessmentRound.assessment_id).in_(ids))
    responses = select(col(AssessmentResponse.id)).where(col(AssessmentResponse.round_id).in_(rounds))
    session.execute(delete(AssessmentAnswer).where(col(AssessmentAnswer.response_id).in_(responses)))
    session.execute(delete(AssessmentResponse).where(col(AssessmentResponse.round_id).in_(rounds)))
    session.execute(delete(AssessmentRound).where(col(AssessmentRound.assessment_id).in_(ids)))
    session.execute(delete(AssessmentLink).where(col(AssessmentLink.assessment_id).in_(ids)))
    session.execute(delete(AssessmentTarget).where(col(AssessmentTarget.assessment_id).in_(ids)))
    result = session.execute(delete(Assessment).where(col(Assessment.id).in_(ids)))
    session.expunge_all()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def erase_own(session: Session, *, access: Access) -> None:
    require_owner(access)
    erase(session, assessment_ids=[_id(access.assessment.id)])
