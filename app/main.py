"""create_app(): settings, database, routers, middleware, error handlers and the frontend."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from app import __version__
from app.api import (
    admin,
    assessments,
    changes,
    feeds,
    frameworks,
    health,
    held,
    messages,
    pages,
    partners,
    search,
    submissions,
    toolkit,
)
from app.api.bulk import bulk_router
from app.api.entries import entry_router
from app.api.related import related_router
from app.config import Settings, get_settings
from app.db import Database
from app.errors import install_handlers
from app.i18n import LanguageMiddleware
from app.kinds import KINDS
from app.logs import AccessLog
from app.logs import configure as configure_logging
from app.maintenance import Maintenance
from app.middleware import AddressCheck, Cors, HostCheck, SecurityHeaders, UnexpectedErrors
from app.openapi import install as install_openapi
from app.ratelimit import RateLimits
from app.search.index import SearchIndex
from app.search.indexer import Indexer
from app.search.vectors import VectorStore
from app.services import keys
from app.templating import Templates

API_PREFIX = "/api/v1"


# The collector's default thresholds (700, 10, 10) start a full collection every few
# thousand allocations; a bulk batch of 1,000 entries allocates hundreds of thousands of
# objects that live until its answer, so every batch paid for one or two full collections
# (100-140 ms each, finding almost nothing to free). With these, bulk loading goes from
# ~2,150 to ~2,700 entries/s (measured on 2 cores); the app makes few reference cycles, so
# little waits longer to be freed.
GC_THRESHOLDS = (10_000, 20, 20)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    db = Database(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with db.reading() as session:
            app.state.house_partner_id = keys.house_partner_id(session)
        index = SearchIndex(settings.resolved_index_dir)
        vectors = VectorStore(settings.resolved_index_dir) if settings.vectors else None
        vector_indexer = (
            Indexer(db, vectors, name="vector store", catch_up_on_stop=10.0) if vectors is not None else None
        )
        followers = [vector_indexer] if vector_indexer is not None else []
        indexer = Indexer(db, index, batch_seconds=settings.index_batch_seconds, followers=followers)
        app.state.search_index = index
        app.state.indexer = indexer
        app.state.vectors = vectors
        app.state.vector_indexer = vector_indexer
        maintenance = Maintenance(db, settings)
        gc.set_threshold(*GC_THRESHOLDS)
        indexer.start()
        if vector_indexer is not None:
            vector_indexer.start()
        maintenance.start()
        try:
            yield
        finally:
            maintenance.stop()
            if vector_indexer is not None:
                vector_indexer.stop()
            indexer.stop()
            db.dispose()

    app = FastAPI(
        title="Co-production Knowledge Base",
        version=__version__,
        description=(
            "Reports, tools, research, case studies, networks and a toolkit for people who "
            "redesign public services with the people who use them. Errors are RFC 9457 "
            "problem details."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,  # served by app/api/pages.py, with the policy Swagger UI needs
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.rate_limits = RateLimits(settings)
    app.state.templates = Templates(settings.frontend_dir)

    api = APIRouter(prefix=API_PREFIX)
    # Search first: it is the most requested route, and routes are matched in order.
    api.include_router(search.router)
    for kind in KINDS.values():
        if kind.bulk:
            api.include_router(bulk_router(kind))
        api.include_router(entry_router(kind))
        api.include_router(related_router(kind))
    api.include_router(submissions.router)
    api.include_router(held.router)
    api.include_router(frameworks.router)
    api.include_router(assessments.router)
    api.include_router(changes.router)
    api.include_router(partners.router)
    api.include_router(admin.router)
    api.include_router(toolkit.router)
    api.include_router(feeds.router)
    api.include_router(messages.router)
    api.include_router(pages.api_router)
    app.include_router(health.router)
    app.include_router(api)
    app.include_router(pages.router)  # the HTML pages, before the static files mounted at /
    install_handlers(app)
    install_openapi(app)
    # Outermost last: headers are set on every answer, the body limit applies before routing.
    app.add_middleware(UnexpectedErrors)
    app.add_middleware(AddressCheck)
    app.add_middleware(HostCheck, hosts=settings.trusted_hosts)
    app.add_middleware(Cors, write_origins=settings.cors_write_origins)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    app.add_middleware(LanguageMiddleware)  # inside the access log, which logs the path as asked
    app.add_middleware(AccessLog)

    if settings.frontend_dir.is_dir():
        # The scripts and the stylesheet go compressed (a phone fetches some 300 kB of them
        # otherwise); the API's answers are left as they are.
        files = StaticFiles(directory=settings.frontend_dir, html=True)
        app.mount("/", GZipMiddleware(files, minimum_size=1000), name="frontend")
    return app
