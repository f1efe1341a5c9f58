"""Admin operations on personal data."""

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, StringConstraints

from app.api.common import json_response, problems
from app.deps import AdminDep, WriterDep
from app.services.erasure import erase_person
from app.services.submissions import Email

router = APIRouter(prefix="/admin", tags=["admin"])


class EraseRequest(BaseModel):
    model_config = {"extra": "forbid"}
    email: Annotated[Email, StringConstraints(max_length=320)]


class EraseResult(BaseModel):
    email: str
    names: list[str]
    deposits: list[int]
    contributors: list[tuple[str, int]]
    history_rows: int


@router.post(
    "/erase",
    response_model=EraseResult,
    summary="Erase a person's name and e-mail address from entries, history and the change log",
    responses=problems(401, 403, 413, 415, 422, 429),
)
def erase(data: EraseRequest, _: AdminDep, writer: WriterDep):  # type: ignore[no-untyped-def]
    result = erase_person(writer.session, writer.caller, data.email)
    body = EraseResult(**vars(result))
    writer.commit()
    return json_response(body, headers=writer.headers)
