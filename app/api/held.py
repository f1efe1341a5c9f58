"""Editors: the changes moderated partners asked of published entries, waiting for review
(each is decided on its entry: `POST /{kind}/{ref}/publish` or `…/reject`)."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.api.common import json_response, problems
from app.api.routing import GuardedRoute
from app.deps import EditorDep, PageDep, SessionDep, link_header, page_body
from app.models.held import HeldChangePage
from app.services import held

router = APIRouter(route_class=GuardedRoute, tags=["moderation"])


@router.get(
    "/held-changes",
    response_model=HeldChangePage,
    summary="Editors: the changes of published entries that wait for review, oldest first",
    responses=problems(401, 403, 422),
)
def held_change_queue(request: Request, session: SessionDep, caller: EditorDep, page: PageDep) -> Response:
    items, total = held.queue_items(session, (page.page - 1) * page.per_page, page.per_page)
    body = HeldChangePage(**page_body(items, total, page))
    return json_response(body, headers={"Link": link_header(request, page, total), "Cache-Control": "no-store"})
