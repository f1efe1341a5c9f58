"""Entries related to an entry, one router per kind: GET /{kind}/{id or slug}/related.

(No `from __future__ import annotations`, as in entries.py: FastAPI reads the route
signatures built inside `related_router`.)
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlmodel import Session

from app.api.common import json_response, problems, refuse_unknown_params
from app.deps import CallerDep, SessionDep
from app.kinds import Kind
from app.models.entry import EntryColumns
from app.models.fields import KindName
from app.search.related import Reason, related_entries
from app.services import entries, relations
from app.services.access import Caller


class RelatedItem(BaseModel):
    kind: KindName
    id: int
    slug: str
    title: str
    summary: str
    url: str
    # Why it is here: "related" (an editor related the two), "keywords" (it shares some of
    # the entry's keywords, and may be near in meaning too) or "meaning" (near in meaning).
    reason: Reason


class RelatedItems(BaseModel):
    items: list[RelatedItem]


def related_items(
    state: Any, session: Session, caller: Caller, kind: Kind, row: EntryColumns, limit: int
) -> RelatedItems:
    """The answer of GET /{kind}/{ref}/related for an entry the caller may see (also embedded
    in the entry's page, app/api/pages.py, so that its script need not ask again)."""
    assert row.id is not None
    own = (kind.name, row.id)
    explicit = [(item.kind, item.id) for item in relations.related_out(session, caller, [own])[own]]
    found = related_entries(
        state.search_index,
        state.vectors,
        ref=own,
        entry={"title": row.title, "keywords": row.keywords, "summary": row.summary},
        explicit=explicit,
        limit=limit,
    )
    return RelatedItems(items=[RelatedItem(**vars(e), url=f"/api/v1/{e.kind}/{e.id}") for e in found])


def related_router(kind: Kind) -> APIRouter:
    router = APIRouter(prefix=f"/{kind.name}", tags=[kind.name])
    label = kind.singular.replace("-", " ")

    @router.get(
        "/{ref}/related",
        response_model=RelatedItems,
        summary=f"Published entries related to a {label}",
        description=(
            "The entries editors related to this one first, then the nearest in meaning and "
            "those sharing its keywords; published entries of any kind, never the entry itself."
        ),
        responses=problems(401, 404, 422),
    )
    def read_related(
        request: Request,
        ref: str,
        session: SessionDep,
        caller: CallerDep,
        limit: Annotated[int, Query(ge=1, le=20, description="How many entries, at most.")] = 5,
    ) -> Response:
        refuse_unknown_params(request, {"limit"})
        row = entries.get_visible(session, kind, caller, ref)  # 404 as the entry's own read
        body = related_items(request.app.state, session, caller, kind, row, limit)
        return json_response(body, headers={"Vary": "Authorization, Accept-Language"})

    return router
