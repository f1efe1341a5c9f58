"""Admin operations on personal data."""

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, StringConstraints

from app.api.common import json_response, problems
from app.api.routing import GuardedRoute
from app.deps import AdminWriterDep
from app.services.erasure import erase_person
from app.services.submissions import Email

router = APIRouter(route_class=GuardedRoute, prefix="/admin", tags=["admin"])


class EraseRequest(BaseModel):
    model_config = {"extra": "forbid"}
    email: Annotated[Email, StringConstraints(max_length=320)]


class ErasedEntry(BaseModel):
    kind: str
    id: int


class EraseResult(BaseModel):
    email: str
    names: list[str]
    deposits: list[int]
    contributors: list[ErasedEntry]
    history_rows: int
    assessments: int = 0  # self-evaluations started with the address, deleted


@router.post(
    "/erase",
    response_model=EraseResult,
    summary="Erase a person's name and e-mail address from entries, history and the change log",
    responses=problems(401, 403, 413, 415, 422, 429),
)
def erase(data: EraseRequest, writer: AdminWriterDep) -> Response:
    result = erase_person(writer.session, writer.caller, data.email)
    body = EraseResult(
        email=result.email,
        names=result.names,
        deposits=result.deposits,
        contributors=[ErasedEntry(kind=kind, id=entry_id) for kind, entry_id in result.contributors],
        history_rows=result.history_rows,
        assessments=result.assessments,
    )
    writer.commit()
    return json_response(body, headers=writer.headers)
