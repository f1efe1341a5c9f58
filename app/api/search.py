"""Search across every kind, and suggestions as you type."""

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from app import i18n
from app.api.common import json_response, problems, refuse_unknown_params
from app.api.routing import GuardedRoute
from app.deps import CallerDep, PageDep, PageParams, SettingsDep, link_header
from app.errors import Forbidden, ValidationFailed, field_error
from app.models.fields import KIND_NAMES, KindName, Status, is_ascii_digits
from app.search.indexer import current_seq
from app.search.service import Filters, Lang, Matched, SearchMode, SearchSort, search, suggest

router = APIRouter(route_class=GuardedRoute, prefix="/search", tags=["search"])

# The query and filters that search, the feeds and the export all accept.
FILTER_PARAMS = {"q", "kind", "type", "keyword", "category", "place", "region", "year_from", "year_to", "language"}
SEARCH_PARAMS = FILTER_PARAMS | {"status", "sort", "page", "per_page", "min_seq", "mode"}


def _split(values: list[str]) -> list[str]:
    """Repeated parameters and comma-separated lists both work: kind=projects,resources."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


# Lists default to empty rather than null, so that the schema says plainly "strings". (Plain
# defaults, not default factories: pydantic inspects a factory's signature on every call.)
Listing = Annotated[list[str], Query(max_length=20)]


@dataclass(frozen=True)
class Scope:
    """What to search, feed or export: a query and the search filters (by default over
    published entries only)."""

    q: str
    filters: Filters


async def search_scope(
    q: Annotated[str, Query(max_length=1000, description="Words, as in /api/v1/search.")] = "",
    type: Listing = [],  # noqa: B006 - FastAPI copies defaults; never mutated
    keyword: Listing = [],  # noqa: B006
    category: Listing = [],  # noqa: B006
    place: Listing = [],  # noqa: B006
    region: Listing = [],  # noqa: B006
    kind: Annotated[
        list[str], Query(max_length=4, description="resources, projects, networks, toolkit-sections.")
    ] = [],  # noqa: B006
    year_from: Annotated[int | None, Query(ge=1000, le=2999)] = None,
    year_to: Annotated[int | None, Query(ge=1000, le=2999)] = None,
    language: Annotated[
        list[Lang],
        Query(
            max_length=2,
            description="Entries with a version in this language: en (every entry) or cy (those with Welsh). "
            "Not `lang`, which chooses the language of the answer.",
        ),
    ] = [],  # noqa: B006
) -> Scope:
    kinds = _split(kind)
    unknown = [k for k in kinds if k not in KIND_NAMES]
    if unknown:
        raise ValidationFailed(
            f"Unknown kind {unknown[0]!r}: use {', '.join(KIND_NAMES)}.",
            errors=[field_error("kind", f"{k!r} is not a kind", location="query", code="enum") for k in unknown],
        )
    filters = Filters(
        kinds=kinds,
        types=_split(type),
        keywords=_split(keyword),
        categories=list(category),
        places=list(place),
        regions=list(region),
        year_from=year_from,
        year_to=year_to,
        languages=list(language),
    )
    return Scope(q=q, filters=filters)


ScopeDep = Annotated[Scope, Depends(search_scope)]


class SearchHit(BaseModel):
    kind: KindName
    id: int
    slug: str
    title: str
    summary: str
    url: str
    snippet: str
    score: float | None
    # How the hit was found: by the query's words, by what they mean, or both (empty for a
    # query with no words, which lists entries).
    matched: list[Matched]
    # The language of the title, summary and snippet: the answer's (`lang`) where the entry
    # has it; Welsh in an English answer when only the entry's Welsh matched the words.
    lang: Lang


class FacetValue(BaseModel):
    value: str | int
    count: int


class SearchPage(BaseModel):
    items: list[SearchHit]
    total: int
    page: int
    per_page: int
    query: str
    facets: dict[str, list[FacetValue]]


class SuggestedTitle(BaseModel):
    kind: KindName
    id: int
    slug: str
    title: str
    url: str
    lang: Lang


class SuggestedKeyword(BaseModel):
    value: str
    count: int


class Suggestions(BaseModel):
    query: str
    titles: list[SuggestedTitle]
    keywords: list[SuggestedKeyword]


def _wait_for_seq(
    request: Request, settings: Any, min_seq: int | None, header: str | None, *, meaning: bool = False
) -> dict[str, str]:
    """Read-your-writes behind a load balancer: wait (bounded) until this server's index has
    applied the change the client saw in an X-Change-Seq header (and, for a search by
    meaning, its vector store too)."""
    indexer = request.app.state.indexer
    wanted = min_seq
    if header is not None and is_ascii_digits(header.strip()) and len(header.strip()) < 19:
        wanted = max(wanted or 0, int(header.strip()))
    headers = {}
    if wanted and wanted > indexer.applied:
        # No change beyond the change log's last exists, so none is worth waiting for (a
        # made-up sequence would otherwise hold this thread, and keep the indexer looking).
        wanted = min(wanted, current_seq(request.app.state.db))
    vector_indexer = request.app.state.vector_indexer if meaning else None
    if wanted and not all(
        follower.wait_for(wanted, settings.index_wait_seconds)
        for follower in (indexer, vector_indexer)
        if follower is not None
    ):
        headers["X-Index-Pending"] = "true"
    if min_seq is not None or header is not None:
        # Only to a client that asked (a writer, who knows the change log's positions): the
        # position counts changes to drafts too, which nobody else may learn of.
        headers["X-Index-Seq"] = str(indexer.applied)
    return headers


def search_page(
    state: Any, q: str, filters: Filters, *, sort: SearchSort, page: PageParams, mode: SearchMode
) -> SearchPage:
    """The answer of GET /search (also embedded in the search screen's page, app/api/pages.py)."""
    results = search(
        state.search_index,
        q,
        filters,
        sort=sort,
        offset=(page.page - 1) * page.per_page,
        limit=page.per_page,
        mode=mode,
        vectors=state.vectors,
        lang=i18n.current(),
    )
    return SearchPage(
        items=[SearchHit(**vars(hit), url=f"/api/v1/{hit.kind}/{hit.id}") for hit in results.hits],
        total=results.total,
        page=page.page,
        per_page=page.per_page,
        query=q,
        facets={name: [FacetValue(**v) for v in values] for name, values in results.facets.items()},
    )


@router.get(
    "",
    response_model=SearchPage,
    summary="Search every published entry",
    responses=problems(403, 422),
)
def search_entries(
    request: Request,
    caller: CallerDep,
    settings: SettingsDep,
    page: PageDep,
    scope: ScopeDep,
    status: Annotated[list[Status | Literal["any"]] | None, Query(max_length=5, description="Editors only.")] = None,
    sort: Annotated[SearchSort, Query()] = "relevance",
    mode: Annotated[
        SearchMode,
        Query(
            description="hybrid: by the words and by what they mean, fused; keyword: by the words only; "
            'semantic: by meaning only (the filters, "phrases" and -exclusions still apply).'
        ),
    ] = "hybrid",
    min_seq: Annotated[int | None, Query(ge=0, le=2**62, description="Wait until this change is searchable.")] = None,
    x_min_seq: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    refuse_unknown_params(request, SEARCH_PARAMS)
    filters = scope.filters
    if status:
        if not caller.is_editor and set(status) != {"published"}:
            raise Forbidden("Only editors may search entries that are not published.")
        filters.statuses = [] if "any" in status else list(status)
    headers = _wait_for_seq(request, settings, min_seq, x_min_seq, meaning=mode != "keyword")
    body = search_page(request.app.state, scope.q, filters, sort=sort, page=page, mode=mode)
    headers["Link"] = link_header(request, page, body.total)
    headers["Vary"] = "Authorization, Accept-Language"
    return json_response(body, headers=headers)


@router.get(
    "/suggest",
    response_model=Suggestions,
    summary="Titles and keywords that start with what was typed",
    responses=problems(422),
)
def suggest_entries(
    request: Request,
    caller: CallerDep,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> Response:
    refuse_unknown_params(request, {"q", "limit"})
    titles, keywords = suggest(
        request.app.state.search_index, q, statuses=["published"], limit=limit, lang=i18n.current()
    )
    body = Suggestions(
        query=q,
        titles=[SuggestedTitle(**vars(t), url=f"/api/v1/{t.kind}/{t.id}") for t in titles],
        keywords=[SuggestedKeyword(**k) for k in keywords],
    )
    return json_response(body, headers={"Cache-Control": "public, max-age=30", "Vary": "Accept-Language"})
