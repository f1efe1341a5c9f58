"""Public deposits of case studies, their private status links, and moderation by editors."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from app.api.common import json_response, problems
from app.api.routing import GuardedRoute
from app.deps import DatabaseDep, EditorDep, PageDep, SessionDep, link_header, page_body
from app.kinds import PROJECTS
from app.models.project import ProjectRead
from app.services import entries, submissions
from app.services.submissions import SubmissionCreate

router = APIRouter(route_class=GuardedRoute, tags=["submissions"])


class SubmissionReceipt(BaseModel):
    id: int
    status: Literal["pending"]
    token: str
    status_url: str


class SubmissionStatus(BaseModel):
    title: str
    status: str
    reason: str | None
    submitted_at: datetime
    entry_url: str | None


class Submission(ProjectRead):
    depositor_name: str | None
    depositor_email: str | None


class SubmissionPage(BaseModel):
    items: list[Submission]
    total: int
    page: int
    per_page: int


@router.post(
    "/submissions",
    status_code=201,
    response_model=SubmissionReceipt,
    summary="Deposit a case study (no key needed); an editor reviews it before it is published",
    responses=problems(413, 415, 422, 429),
)
def deposit(request: Request, data: SubmissionCreate, db: DatabaseDep) -> Response:
    limits = request.app.state.rate_limits
    limits.hit(limits.deposit, "deposit", request.client.host if request.client else "unknown")
    with db.writing() as session:
        row, token = submissions.submit(session, data)
        seq = session.info.get("ckb_last_seq")
    status_url = f"/api/v1/submissions/status/{token}"
    headers = {"Location": status_url, "Cache-Control": "no-store"}
    if seq is not None:
        headers["X-Change-Seq"] = str(seq)
    receipt = SubmissionReceipt(id=row.id, status="pending", token=token, status_url=status_url)
    return json_response(receipt, status_code=201, headers=headers)


@router.get(
    "/submissions/status/{token}",
    response_model=SubmissionStatus,
    summary="The private status of a deposit",
    responses=problems(404, 422),
)
def submission_status(token: Annotated[str, "the token"], session: SessionDep) -> Response:
    row = submissions.by_token(session, token)
    body = SubmissionStatus(
        title=row.title,
        status=row.status if row.status in ("pending", "published", "rejected") else "withdrawn",
        reason=row.rejection_reason if row.status == "rejected" else None,
        submitted_at=row.created_at,
        entry_url=f"/api/v1/projects/{row.id}" if row.status == "published" else None,
    )
    return json_response(body, headers={"Cache-Control": "no-store"})


@router.get(
    "/submissions",
    response_model=SubmissionPage,
    summary="Editors: the queue of deposits",
    responses=problems(401, 403, 422),
)
def submission_queue(
    request: Request,
    session: SessionDep,
    caller: EditorDep,
    page: PageDep,
    status: Annotated[Literal["pending", "published", "rejected"], Query()] = "pending",
) -> Response:
    rows, total = submissions.queue(session, status, (page.page - 1) * page.per_page, page.per_page)
    reads = entries.to_read(session, PROJECTS, caller, rows)
    items = [
        Submission(**read.model_dump(), depositor_name=row.depositor_name, depositor_email=row.depositor_email)
        for read, row in zip(reads, rows, strict=True)
    ]
    body = SubmissionPage(**page_body(items, total, page))
    return json_response(body, headers={"Link": link_header(request, page, total), "Cache-Control": "no-store"})
