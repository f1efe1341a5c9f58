"""The sync feed: every change to the public entries since a cursor, in commit order."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from app import changelog
from app.api.common import body_etag, is_not_modified, json_bytes, json_response, problems, refuse_unknown_params
from app.api.routing import GuardedRoute
from app.deps import SessionDep
from app.errors import ValidationFailed, field_error
from app.i18n import _
from app.models.fields import KIND_NAMES, is_ascii_digits
from app.services.history import ChangeItem, changes_since

router = APIRouter(route_class=GuardedRoute, tags=["sync"])


class ChangesPage(BaseModel):
    items: list[ChangeItem]
    next: str
    has_more: bool


@router.get(
    "/changes",
    response_model=ChangesPage,
    summary="Changes to public entries since a cursor (tombstones for deletions and unpublishing)",
    description=(
        "Start with `since=0`, apply the items in order (upsert the entry, or delete it), keep "
        "`next`, and ask again with `since=<next>`; while `has_more` is true, ask at once. A "
        "mirror kept this way never misses a change: the feed follows commit order. Cursors are "
        "`p` and a number (a place in the feed of public changes); a plain number, as cursors "
        "were before, still works."
    ),
    responses=problems(304, 422),
)
def list_changes(
    request: Request,
    session: SessionDep,
    since: Annotated[str, Query(max_length=19, description="The `next` of the previous page; 0 to start.")] = "0",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    kind: Annotated[list[str] | None, Query(max_length=4)] = None,
) -> Response:
    refuse_unknown_params(request, {"since", "limit", "kind"})
    public = since.startswith("p")
    number = since[1:] if public else since
    if not is_ascii_digits(number) or len(number) > 18:
        raise ValidationFailed(
            _("The cursor is the `next` value of a previous page (or 0)."),
            errors=[field_error("since", _("is not a cursor"), location="query", code="cursor")],
        )
    kinds = [k for value in kind or [] for k in value.split(",") if k]
    unknown = [k for k in kinds if k not in KIND_NAMES]
    if unknown:
        raise ValidationFailed(
            _("Unknown kind {kind}.", kind=repr(unknown[0])),
            errors=[
                field_error("kind", _("{kind} is not a kind", kind=repr(k)), location="query", code="enum")
                for k in unknown
            ],
        )
    # A plain number is a cursor from before the feed had places of its own: a position in
    # the whole change log, which is where the feed stood then.
    place = int(number) if public else changelog.public_seq_at(session, int(number))
    items, last, more = changes_since(session, place, limit, kinds)
    next_cursor = f"p{last}" if items or last != place else since
    body = json_bytes(ChangesPage(items=items, next=next_cursor, has_more=more))
    etag = body_etag(body)
    if is_not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return json_response(body, headers={"ETag": etag})
