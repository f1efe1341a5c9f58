"""Feeds and export of a search (Atom, JSON Feed, CSV, NDJSON): routes over app/services/feeds.py.
Each accepts the same `q` and filters as `/api/v1/search`.

(No `from __future__ import annotations`: FastAPI reads the dependency's signature.)
"""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel

from app.api.common import problems, refuse_unknown_params
from app.api.routing import GuardedRoute
from app.api.search import FILTER_PARAMS, ScopeDep
from app.deps import DatabaseDep, IndexDep, SettingsDep, site_base
from app.search.service import SearchSort
from app.services import feeds
from app.services.feeds import ATOM, JSON_FEED, NDJSON

router = APIRouter(route_class=GuardedRoute, tags=["feeds"])


def _self_url(request: Request, base: str) -> str:
    """This feed's own address, on the site's public origin (never the request's Host)."""
    query = request.url.query
    return f"{base}{request.url.path}" + (f"?{query}" if query else "")


FeedLimit = Annotated[int, Query(ge=1, le=100, description="How many entries, newest first.")]
FEED_CACHE = "public, max-age=300"


@router.get(
    "/feed.atom",
    summary="Atom feed of the newest entries matching a search",
    response_class=Response,
    responses={
        200: {"content": {ATOM: {"schema": {"type": "string"}}}, "description": "An Atom feed"},
        **problems(422),
    },
)
def atom_feed(
    request: Request, scope: ScopeDep, settings: SettingsDep, index: IndexDep, db: DatabaseDep, limit: FeedLimit = 20
) -> Response:
    refuse_unknown_params(request, FILTER_PARAMS | {"limit"})
    base = site_base(request, settings)
    items = feeds.newest(index, db, scope.q, scope.filters, limit)
    home = feeds.search_page(base, request.query_params.multi_items())
    body = feeds.atom(items, q=scope.q, self_url=_self_url(request, base), home=home, base=base, settings=settings)
    return Response(
        body,
        media_type=f"{ATOM}; charset=utf-8",
        headers={"Link": feeds.licence_link(settings), "Cache-Control": FEED_CACHE},
    )


class JsonFeed(BaseModel):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1); `_ckb` objects (extensions, as the
    spec allows) carry the licence on the feed and the entry's kind and API URL on each item."""

    version: str
    title: str
    home_page_url: str
    feed_url: str
    description: str
    language: str
    # Plain objects, not nested models: the schema goes inline in the OpenAPI document, where a
    # nested model's "$defs" reference would point nowhere.
    authors: list[dict[str, str]]
    items: list[dict[str, Any]]


@router.get(
    "/feed.json",
    summary="JSON Feed 1.1 of the newest entries matching a search",
    response_class=Response,
    responses={
        200: {"content": {JSON_FEED: {"schema": JsonFeed.model_json_schema()}}, "description": "A JSON Feed"},
        **problems(422),
    },
)
def json_feed(
    request: Request, scope: ScopeDep, settings: SettingsDep, index: IndexDep, db: DatabaseDep, limit: FeedLimit = 20
) -> Response:
    refuse_unknown_params(request, FILTER_PARAMS | {"limit"})
    base = site_base(request, settings)
    items = feeds.newest(index, db, scope.q, scope.filters, limit)
    home = feeds.search_page(base, request.query_params.multi_items())
    body = feeds.json_feed(items, q=scope.q, self_url=_self_url(request, base), home=home, base=base, settings=settings)
    return Response(
        orjson.dumps(body),
        media_type=f"{JSON_FEED}; charset=utf-8",
        headers={"Link": feeds.licence_link(settings), "Cache-Control": FEED_CACHE},
    )


@router.get(
    "/export",
    summary="Every entry matching a search, as CSV or NDJSON (streamed)",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}, NDJSON: {"schema": {"type": "string"}}},
            "description": "The entries, one per row or line",
        },
        **problems(422),
    },
)
def export(
    request: Request,
    scope: ScopeDep,
    settings: SettingsDep,
    index: IndexDep,
    db: DatabaseDep,
    format: Annotated[Literal["csv", "ndjson"], Query(description="csv or ndjson")] = "csv",
    sort: Annotated[SearchSort, Query()] = "relevance",
) -> StreamingResponse:
    refuse_unknown_params(request, FILTER_PARAMS | {"format", "sort"})
    base = site_base(request, settings)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    lines = feeds.export_lines(index, db, scope.q, scope.filters, sort, format, base, settings)
    media_type = "text/csv; charset=utf-8" if format == "csv" else f"{NDJSON}; charset=utf-8"
    return StreamingResponse(
        lines,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="co-production-kb-{stamp}.{format}"',
            "Link": feeds.licence_link(settings),
            "Cache-Control": "no-store",
        },
    )
