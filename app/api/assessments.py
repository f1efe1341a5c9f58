"""Self-evaluations, reached without an account through their links: the token in the path
is the credential (owner, team or peer), never logged (the access log masks path parameters
named `token`), and answers say `Cache-Control: no-store`."""

from typing import Annotated

from fastapi import Path, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.api.common import if_match_versions, json_response, problems, refuse_unknown_params, version_etag
from app.api.routing import router as guarded_router
from app.deps import DatabaseDep, IndexDep, RateLimitsDep, SessionDep
from app.models.assessment import (
    AnswerIn,
    AnswerRead,
    AssessmentCreate,
    AssessmentRead,
    AssessmentStarted,
    AssessmentUpdate,
    Invitation,
    InvitationIn,
    InvitationList,
    NewToken,
    Results,
    RoundList,
    TargetIn,
    TargetRead,
)
from app.models.fields import INT32_MAX
from app.search.index import SearchIndex
from app.search.service import Filters, search
from app.services.assessments import answers, export, results, rounds, tokens
from app.services.assessments.answers import Access, Precondition
from app.services.assessments.export import Export
from app.services.assessments.results import Searcher

router = guarded_router(prefix="/assessments", tags=["assessments"])

Token = Annotated[
    str, Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_-]+$", description="The link's secret token.")
]
StatementKey = Annotated[str, Path(min_length=1, max_length=60, pattern=r"^[a-z0-9-]+$")]
PrincipleKey = Annotated[str, Path(min_length=1, max_length=60, pattern=r"^[a-z0-9-]+$")]
InvitationId = Annotated[int, Path(ge=1, le=INT32_MAX)]
RoundNumber = Annotated[int | None, Query(ge=1, le=INT32_MAX, description="A round's number; by default the current.")]
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "Vary": "Accept-Language"}


def _precondition(request: Request) -> Precondition:
    if request.headers.get("if-match") is None:
        return None
    versions = if_match_versions(request)
    return "*" if versions is None else versions


def _assessment(session: Session, access: Access, status_code: int = 200, round_number: int | None = None) -> Response:
    body = answers.view(session, access=access, round_number=round_number)
    return json_response(
        body, status_code=status_code, headers={**PRIVATE, "ETag": version_etag(access.assessment.version)}
    )


def _searcher(request: Request, index: SearchIndex) -> Searcher:
    vectors = getattr(request.app.state, "vectors", None)

    def run(q: str, limit: int) -> list[tuple[str, int, str, str, str]]:
        found = search(index, q, Filters(), limit=limit, facets=False, mode="hybrid", vectors=vectors)
        return [(hit.kind, hit.id, hit.slug, hit.title, hit.summary) for hit in found.hits]

    return run


@router.post(
    "",
    status_code=201,
    response_model=AssessmentStarted,
    summary="Start a self-evaluation (no account): the answer holds the owner's private link",
    responses=problems(400, 413, 415, 422, 429),
)
def start_assessment(request: Request, data: AssessmentCreate, db: DatabaseDep, limits: RateLimitsDep) -> Response:
    limits.hit(limits.assessment, "assessment", request.client.host if request.client else "unknown")
    with db.writing() as session:
        access, token = answers.start(session, data=data)
        body = AssessmentStarted(assessment=answers.view(session, access=access), token=token, url=tokens.url_of(token))
    return json_response(
        body,
        status_code=201,
        headers={**PRIVATE, "ETag": version_etag(access.assessment.version)},
    )


@router.get(
    "/{token}",
    response_model=AssessmentRead,
    summary="A self-evaluation as this link's holder sees it (its own answers only)",
    responses=problems(400, 404, 422),
)
def read_assessment(request: Request, token: Token, session: SessionDep, round: RoundNumber = None) -> Response:
    refuse_unknown_params(request, {"round"})
    access = answers.open_link(session, token=token)
    return _assessment(session, access, round_number=round)


@router.patch(
    "/{token}",
    response_model=AssessmentRead,
    summary="Owner: change the organisation's name, e-mail or benchmark choice (If-Match required)",
    responses=problems(400, 403, 404, 412, 413, 415, 422, 428),
)
def update_assessment(request: Request, token: Token, data: AssessmentUpdate, db: DatabaseDep) -> Response:
    with db.writing() as session:
        access = answers.open_link(session, token=token)
        answers.update(session, access=access, data=data, if_match=_precondition(request))
        return _assessment(session, access)


@router.delete(
    "/{token}",
    status_code=204,
    summary="Owner: erase the self-evaluation, every round and every answer",
    responses=problems(400, 403, 404, 422),
)
def delete_assessment(token: Token, db: DatabaseDep) -> Response:
    with db.writing() as session:
        answers.erase_own(session, access=answers.open_link(session, token=token))
    return Response(status_code=204, headers=PRIVATE)


@router.put(
    "/{token}/answers/{statement_key}",
    response_model=AnswerRead,
    summary="Answer a statement (If-Match with the answer's version when changing one)",
    responses=problems(400, 404, 409, 412, 413, 415, 422, 428),
)
def put_answer(
    request: Request, token: Token, statement_key: StatementKey, data: AnswerIn, db: DatabaseDep
) -> Response:
    with db.writing() as session:
        access = answers.open_link(session, token=token)
        body = answers.put_answer(
            session, access=access, statement_key=statement_key, data=data, if_match=_precondition(request)
        )
    return json_response(body, headers={**PRIVATE, "ETag": f'"{body.version}"'})


@router.post(
    "/{token}/submit",
    response_model=AssessmentRead,
    summary="Submit this link's answers (the owner's submission completes the round)",
    responses=problems(400, 404, 409, 422),
)
def submit(token: Token, db: DatabaseDep) -> Response:
    with db.writing() as session:
        access = answers.open_link(session, token=token)
        answers.submit(session, access=access)
        return _assessment(session, access)


@router.post(
    "/{token}/invitations",
    status_code=201,
    response_model=Invitation,
    summary="Owner: invite a colleague (team) or a reviewing organisation (peer); the answer holds their link",
    responses=problems(400, 403, 404, 409, 413, 415, 422),
)
def invite(token: Token, data: InvitationIn, db: DatabaseDep) -> Response:
    with db.writing() as session:
        body = answers.invite(session, access=answers.open_link(session, token=token), data=data)
    return json_response(body, status_code=201, headers=PRIVATE)


@router.get(
    "/{token}/invitations",
    response_model=InvitationList,
    summary="Owner: the invitations (never their links)",
    responses=problems(400, 403, 404, 422),
)
def list_invitations(request: Request, token: Token, session: SessionDep) -> Response:
    refuse_unknown_params(request, set())
    items = answers.invitations(session, access=answers.open_link(session, token=token))
    return json_response(InvitationList(items=items), headers=PRIVATE)


@router.delete(
    "/{token}/invitations/{invitation_id}",
    status_code=204,
    summary="Owner: revoke an invitation's link",
    responses=problems(400, 403, 404, 422),
)
def revoke_invitation(token: Token, invitation_id: InvitationId, db: DatabaseDep) -> Response:
    with db.writing() as session:
        answers.revoke(session, access=answers.open_link(session, token=token), invitation_id=invitation_id)
    return Response(status_code=204, headers=PRIVATE)


@router.post(
    "/{token}/token",
    response_model=NewToken,
    summary="Owner: replace the owner's link (the old one stops working)",
    responses=problems(400, 403, 404, 422),
)
def replace_token(token: Token, db: DatabaseDep) -> Response:
    with db.writing() as session:
        new = answers.replace_owner_token(session, access=answers.open_link(session, token=token))
    return json_response(NewToken(token=new, url=tokens.url_of(new)), headers=PRIVATE)


@router.put(
    "/{token}/targets/{principle_key}",
    response_model=TargetRead,
    summary="Owner: set a target level and date for a principle",
    responses=problems(400, 403, 404, 412, 413, 415, 422),
)
def set_target(
    request: Request, token: Token, principle_key: PrincipleKey, data: TargetIn, db: DatabaseDep
) -> Response:
    with db.writing() as session:
        access = answers.open_link(session, token=token)
        body = answers.set_target(
            session, access=access, principle_key=principle_key, data=data, if_match=_precondition(request)
        )
        version = access.assessment.version
    return json_response(body, headers={**PRIVATE, "ETag": version_etag(version)})


@router.delete(
    "/{token}/targets/{principle_key}",
    status_code=204,
    summary="Owner: remove a principle's target",
    responses=problems(400, 403, 404, 412, 422),
)
def delete_target(request: Request, token: Token, principle_key: PrincipleKey, db: DatabaseDep) -> Response:
    with db.writing() as session:
        access = answers.open_link(session, token=token)
        answers.delete_target(session, access=access, principle_key=principle_key, if_match=_precondition(request))
    return Response(status_code=204, headers=PRIVATE)


@router.get(
    "/{token}/results",
    response_model=Results,
    summary="Scores, strengths, the action plan and self against peer, as this link may see them",
    responses=problems(400, 404, 422),
)
def read_results(
    request: Request, token: Token, session: SessionDep, index: IndexDep, round: RoundNumber = None
) -> Response:
    refuse_unknown_params(request, {"round"})
    access = answers.open_link(session, token=token)
    chosen = answers.round_of(session, access=access, number=round)
    body = results.results(session, access=access, round_row=chosen, search=_searcher(request, index))
    return json_response(body, headers=PRIVATE)


@router.get(
    "/{token}/rounds",
    response_model=RoundList,
    summary="Every round's scores per principle, oldest first",
    responses=problems(400, 404, 422),
)
def list_rounds(request: Request, token: Token, session: SessionDep) -> Response:
    refuse_unknown_params(request, set())
    access = answers.open_link(session, token=token)
    return json_response(RoundList(items=rounds.list_rounds(session, access=access)), headers=PRIVATE)


@router.post(
    "/{token}/rounds",
    status_code=201,
    response_model=AssessmentRead,
    summary="Owner: start a new round from the last one's answers (the last must be completed)",
    responses=problems(400, 403, 404, 409, 422),
)
def start_round(token: Token, db: DatabaseDep) -> Response:
    with db.writing() as session:
        access = rounds.new_round(session, access=answers.open_link(session, token=token))
        return _assessment(session, access, status_code=201)


def _export(session: Session, token: str, round_number: int | None) -> Export:
    access = answers.open_link(session, token=token)
    chosen = answers.round_of(session, access=access, number=round_number)
    return export.export(session, access=access, round_row=chosen)


@router.get(
    "/{token}/export.json",
    response_model=Export,
    summary="A round's answers and scores as JSON",
    responses=problems(400, 404, 422),
)
def export_json(request: Request, token: Token, session: SessionDep, round: RoundNumber = None) -> Response:
    refuse_unknown_params(request, {"round"})
    data = _export(session, token, round)
    filename = f"self-evaluation-round-{data.round}.json"
    return json_response(data, headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{filename}"'})


@router.get(
    "/{token}/export.csv",
    summary="A round's answers and scores as CSV: one row per respondent and statement",
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"},
        **problems(400, 404, 422),
    },
)
def export_csv(request: Request, token: Token, session: SessionDep, round: RoundNumber = None) -> Response:
    refuse_unknown_params(request, {"round"})
    data = _export(session, token, round)
    filename = f"self-evaluation-round-{data.round}.csv"
    return Response(
        content=export.to_csv(data),
        media_type="text/csv; charset=utf-8",
        headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{filename}"'},
    )
