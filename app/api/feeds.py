"""Ways to follow and take away a search: Atom and JSON Feed (newest first) and CSV / NDJSON
export (streamed, paging through the search results). Each accepts the same `q` and filters as
`/api/v1/search` and carries the content licence.

(No `from __future__ import annotations`: FastAPI reads the dependency's signature.)
"""

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from feedgen.feed import FeedGenerator
from pydantic import BaseModel
from sqlalchemy import select

from app.api.common import problems, refuse_unknown_params
from app.api.pages import SITE_DESCRIPTION, SITE_NAME, Licence, entry_page_url, site_base
from app.api.search import FILTER_PARAMS, Scope, ScopeDep
from app.config import Settings
from app.db import Database
from app.deps import SettingsDep
from app.kinds import KINDS
from app.models.entry import EntryRead
from app.search.index import SearchIndex
from app.search.service import Hit, SearchSort, search
from app.services import entries
from app.services.access import ANONYMOUS

router = APIRouter(tags=["feeds"])

EXPORT_PAGE = 200  # search hits fetched per step of an export
SAME_SECOND_MARGIN = 50
ATOM = "application/atom+xml"
JSON_FEED = "application/feed+json"
NDJSON = "application/x-ndjson"


def _load(db: Database, hits: Sequence[Hit]) -> list[EntryRead]:
    """The full entries behind search hits, in the hits' order; one query per kind. An entry
    unpublished since the index saw it is left out."""
    by_kind: dict[str, list[int]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.id)
    found: dict[tuple[str, int], EntryRead] = {}
    with db.reading() as session:
        for name, ids in by_kind.items():
            kind = KINDS[name]
            table = kind.table
            rows = session.execute(select(table).where(table.id.in_(ids), table.status == "published")).scalars().all()  # type: ignore[attr-defined]
            for entry in entries.to_read(session, kind, ANONYMOUS, list(rows)):
                found[(entry.kind, entry.id)] = entry
    return [found[(hit.kind, hit.id)] for hit in hits if (hit.kind, hit.id) in found]


def _newest(request: Request, scope: Scope, limit: int) -> list[EntryRead]:
    index: SearchIndex = request.app.state.search_index
    # The index orders by creation time to the second: a few more than asked for are read,
    # so that entries made within the same second are put in order here before the cut.
    results = search(index, scope.q, scope.filters, sort="newest", limit=limit + SAME_SECOND_MARGIN, facets=False)
    newest = sorted(_load(request.app.state.db, results.hits), key=lambda e: (e.created_at, e.id), reverse=True)
    return newest[:limit]


def _licence_link(settings: Settings) -> str:
    return f'<{settings.licence_url}>; rel="license"'


def _search_page(base: str, request: Request) -> str:
    """The search screen showing what a feed follows."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "limit"]
    return f"{base}/search?{urlencode(query)}" if query else f"{base}/"


# Characters XML 1.0 cannot hold (a query may carry them; stored entries cannot).
NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _feed_title(scope: Scope) -> str:
    q = " ".join(NOT_XML.sub("", scope.q).split())
    return f"{SITE_NAME}: {q}" if q else f"{SITE_NAME}: newest entries"


FeedLimit = Annotated[int, Query(ge=1, le=100, description="How many entries, newest first.")]


@router.get(
    "/feed.atom",
    summary="Atom feed of the newest entries matching a search",
    response_class=Response,
    responses={
        200: {"content": {ATOM: {"schema": {"type": "string"}}}, "description": "An Atom feed"},
        **problems(422),
    },
)
def atom_feed(request: Request, scope: ScopeDep, settings: SettingsDep, limit: FeedLimit = 20) -> Response:
    refuse_unknown_params(request, FILTER_PARAMS | {"limit"})
    base = site_base(request, settings)
    items = _newest(request, scope, limit)
    licence = f"{settings.licence_name} ({settings.licence_url})"
    feed = FeedGenerator()
    feed.id(str(request.url))
    feed.title(_feed_title(scope))
    feed.subtitle(SITE_DESCRIPTION)
    feed.author({"name": SITE_NAME, "uri": f"{base}/"})
    feed.link(href=str(request.url), rel="self", type=ATOM)
    feed.link(href=_search_page(base, request), rel="alternate", type="text/html")
    feed.link(href=settings.licence_url, rel="license")
    feed.rights(licence)
    feed.language("en-GB")
    feed.generator(SITE_NAME)
    feed.updated(max((e.updated_at for e in items), default=datetime.now(UTC)))
    for entry in items:
        url = entry_page_url(base, entry.kind, entry.slug)
        item = feed.add_entry(order="append")
        item.id(url)
        item.title(entry.title)
        item.link(href=url, rel="alternate", type="text/html")
        item.published(entry.created_at)
        item.updated(entry.updated_at)
        item.author({"name": entry.owner.name})
        if entry.summary:
            item.summary(entry.summary)
        if entry.body_html:
            item.content(entry.body_html, type="html")
        item.category([{"term": entry.kind, "label": entry.kind}, *({"term": k} for k in entry.keywords)])
        item.rights(licence)
    return Response(
        feed.atom_str(pretty=False),
        media_type=f"{ATOM}; charset=utf-8",
        headers={"Link": _licence_link(settings), "Cache-Control": "public, max-age=300"},
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
def json_feed(request: Request, scope: ScopeDep, settings: SettingsDep, limit: FeedLimit = 20) -> Response:
    refuse_unknown_params(request, FILTER_PARAMS | {"limit"})
    base = site_base(request, settings)
    licence = Licence(name=settings.licence_name, url=settings.licence_url).model_dump()
    items = []
    for entry in _newest(request, scope, limit):
        url = entry_page_url(base, entry.kind, entry.slug)
        items.append(
            {
                "id": url,
                "url": url,
                "title": entry.title,
                "summary": entry.summary,
                "content_html": entry.body_html,
                "date_published": entry.created_at.isoformat(),
                "date_modified": entry.updated_at.isoformat(),
                "tags": entry.keywords,
                "authors": [{"name": entry.owner.name}],
                "_ckb": {"kind": entry.kind, "id": entry.id, "api_url": f"{base}/api/v1/{entry.kind}/{entry.id}"},
            }
        )
    body = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _feed_title(scope),
        "home_page_url": _search_page(base, request),
        "feed_url": str(request.url),
        "description": f"{SITE_DESCRIPTION} Content is licensed under {settings.licence_name}.",
        "language": "en-GB",
        "authors": [{"name": SITE_NAME, "url": f"{base}/"}],
        # Our extension: the licence every item is published under.
        "_ckb": {"about": f"{base}/api/docs", "licence": licence},
        "items": items,
    }
    return Response(
        orjson.dumps(body),
        media_type=f"{JSON_FEED}; charset=utf-8",
        headers={"Link": _licence_link(settings), "Cache-Control": "public, max-age=300"},
    )


# --- export -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "kind", "id", "slug", "title", "summary", "url", "api_url", "type", "keywords", "year", "start_year",
    "end_year", "authors", "publisher", "organisation", "organisations", "contributors", "place", "region",
    "category", "website", "links", "body", "outcomes", "funding", "created_at", "updated_at", "licence",
)  # fmt: skip
# A cell a spreadsheet would run as a formula starts with one of these (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_row(entry: EntryRead, url: str, api_url: str, licence: str) -> list[str | int]:
    data = entry.model_dump(mode="json")
    contributors = [
        ", ".join(part for part in (c["name"], c.get("role"), c.get("organisation")) if part)
        for c in data.get("contributors", [])
    ]
    values: dict[str, Any] = {
        **data,
        "url": url,
        "api_url": api_url,
        "type": data.get("type") or data.get("project_type") or data.get("network_type"),
        "keywords": "; ".join(data["keywords"]),
        "authors": "; ".join(data.get("authors", [])),
        "organisations": "; ".join(data.get("organisations", [])),
        "contributors": "; ".join(contributors),
        "website": data.get("url") if entry.kind in ("resources", "networks") else None,
        "links": "; ".join(link["url"] for link in data["links"]),
        "licence": licence,
    }
    return [_cell(values.get(column)) for column in CSV_COLUMNS]


def _export_lines(
    index: SearchIndex, db: Database, scope: Scope, sort: SearchSort, fmt: str, base: str, settings: Settings
) -> Iterator[bytes]:
    """The export, a page of search results at a time. Entries that move between pages while
    the export runs (the index moving on) are written once."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    licence = Licence(name=settings.licence_name, url=settings.licence_url)

    def flush() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    if fmt == "csv":
        buffer.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
        writer.writerow(CSV_COLUMNS)
        yield flush()
    seen: set[tuple[str, int]] = set()
    offset = 0
    while True:
        results = search(index, scope.q, scope.filters, sort=sort, offset=offset, limit=EXPORT_PAGE, facets=False)
        hits = [hit for hit in results.hits if (hit.kind, hit.id) not in seen]
        for entry in _load(db, hits):
            seen.add((entry.kind, entry.id))
            url = entry_page_url(base, entry.kind, entry.slug)
            api_url = f"{base}/api/v1/{entry.kind}/{entry.id}"
            if fmt == "csv":
                writer.writerow(_csv_row(entry, url, api_url, licence.name))
            else:
                line = {
                    **entry.model_dump(mode="json"),
                    "page_url": url,
                    "api_url": api_url,
                    "licence": licence.model_dump(),
                }
                buffer.write(orjson.dumps(line).decode() + "\n")
        if buffer.tell():
            yield flush()
        offset += EXPORT_PAGE
        if not results.hits or offset >= results.total:
            break


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
    format: Annotated[Literal["csv", "ndjson"], Query(description="csv or ndjson")] = "csv",
    sort: Annotated[SearchSort, Query()] = "relevance",
) -> StreamingResponse:
    refuse_unknown_params(request, FILTER_PARAMS | {"format", "sort"})
    base = site_base(request, settings)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    lines = _export_lines(request.app.state.search_index, request.app.state.db, scope, sort, format, base, settings)
    media_type = "text/csv; charset=utf-8" if format == "csv" else f"{NDJSON}; charset=utf-8"
    return StreamingResponse(
        lines,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="co-production-kb-{stamp}.{format}"',
            "Link": _licence_link(settings),
            "Cache-Control": "no-store",
        },
    )
