"""Self-evaluation frameworks: read by anyone (newest version or a given one), written by
editors (a new framework, or a new version of one), and the benchmark of each."""

from typing import Annotated

from fastapi import Path, Request
from fastapi.responses import Response

from app.api.common import body_etag, is_not_modified, json_bytes, json_response, problems, refuse_unknown_params
from app.api.routing import router as guarded_router
from app.deps import DatabaseDep, EditorDep, PageDep, SessionDep, SettingsDep, link_header
from app.models.fields import INT32_MAX
from app.models.framework import Benchmark, FrameworkIn, FrameworkPage, FrameworkRead, FrameworkVersionIn
from app.services.assessments import benchmark, frameworks

router = guarded_router(prefix="/frameworks", tags=["frameworks"])

Slug = Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
VersionNumber = Annotated[int, Path(ge=1, le=INT32_MAX)]
VARY = "Accept-Language"


def _cached(request: Request, body: bytes, headers: dict[str, str] | None = None) -> Response:
    etag = body_etag(body)
    out = {"ETag": etag, "Vary": VARY, **(headers or {})}
    if is_not_modified(request, etag):
        return Response(status_code=304, headers=out)
    return json_response(body, headers=out)


@router.get(
    "",
    response_model=FrameworkPage,
    summary="List frameworks (each at its newest version)",
    responses=problems(400, 304, 422),
)
def list_frameworks(request: Request, session: SessionDep, page: PageDep) -> Response:
    refuse_unknown_params(request, {"page", "per_page"})
    rows, total = frameworks.list_newest(session, offset=(page.page - 1) * page.per_page, limit=page.per_page)
    body = FrameworkPage(
        items=[frameworks.summary(r) for r in rows], total=total, page=page.page, per_page=page.per_page
    )
    return _cached(request, json_bytes(body), {"Link": link_header(request, page, total)})


@router.post(
    "",
    status_code=201,
    response_model=FrameworkRead,
    summary="Editors: create a framework (version 1)",
    responses=problems(400, 401, 403, 409, 413, 415, 422),
)
def create_framework(data: FrameworkIn, db: DatabaseDep, caller: EditorDep) -> Response:
    with db.writing() as session:
        row = frameworks.create(session, data=data)
        body = frameworks.read(session, framework=row)
    return json_response(body, status_code=201, headers={"Location": f"/api/v1/frameworks/{row.slug}"})


@router.get(
    "/{slug}",
    response_model=FrameworkRead,
    summary="A framework at its newest version",
    responses=problems(400, 304, 404, 422),
)
def read_framework(request: Request, slug: Slug, session: SessionDep) -> Response:
    refuse_unknown_params(request, set())
    row = frameworks.newest(session, slug=slug)
    return _cached(request, json_bytes(frameworks.read(session, framework=row)))


@router.put(
    "/{slug}",
    status_code=201,
    response_model=FrameworkRead,
    summary="Editors: a new version of a framework (200 and the newest version when nothing changed)",
    responses={
        200: {"description": "Nothing changed: the newest version", "model": FrameworkRead},
        **problems(400, 401, 403, 404, 413, 415, 422),
    },
)
def new_framework_version(slug: Slug, data: FrameworkVersionIn, db: DatabaseDep, caller: EditorDep) -> Response:
    with db.writing() as session:
        row, created = frameworks.new_version(session, slug=slug, data=data)
        body = frameworks.read(session, framework=row)
    location = f"/api/v1/frameworks/{row.slug}/versions/{row.version}"
    return json_response(body, status_code=201 if created else 200, headers={"Location": location})


@router.get(
    "/{slug}/versions/{version}",
    response_model=FrameworkRead,
    summary="One version of a framework (a published version never changes)",
    responses=problems(400, 304, 404, 422),
)
def read_framework_version(request: Request, slug: Slug, version: VersionNumber, session: SessionDep) -> Response:
    refuse_unknown_params(request, set())
    row = frameworks.version(session, slug=slug, number=version)
    return _cached(request, json_bytes(frameworks.read(session, framework=row)))


@router.get(
    "/{slug}/benchmark",
    response_model=Benchmark,
    summary="How opted-in organisations score per principle (shown once enough contribute; never names one)",
    responses=problems(400, 304, 404, 422),
)
def framework_benchmark(request: Request, slug: Slug, session: SessionDep, settings: SettingsDep) -> Response:
    refuse_unknown_params(request, set())
    body = benchmark.benchmark(session, slug=slug, minimum=settings.benchmark_minimum)
    return _cached(request, json_bytes(body), {"Cache-Control": "no-cache"})
