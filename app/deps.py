"""Request dependencies, as Annotated aliases: the database, the caller, the write unit, paging."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session

from app import changelog
from app.config import Settings
from app.db import Database, stored_id
from app.errors import Forbidden, ServiceUnavailable, Unauthorized, ValidationFailed, field_error
from app.i18n import _
from app.models.types import utcnow
from app.ratelimit import RateLimits
from app.search.index import SearchIndex
from app.search.indexer import Indexer
from app.services import keys
from app.services.access import ANONYMOUS, Caller
from app.templating import Templates

T = TypeVar("T")

# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency on the
# thread pool, and those hops took a third of a search request (~2 of ~6 ms on the seed).


def app_state(request: Request, name: str, expected: type[T]) -> T:
    """One of the app's shared objects (set up by create_app and its lifespan), typed."""
    value = getattr(request.app.state, name, None)
    if value is None:
        raise ServiceUnavailable(_("The server is starting; try again in a moment."))
    if not isinstance(value, expected):
        raise TypeError(f"app.state.{name} is a {type(value).__name__}, not a {expected.__name__}")
    return value


async def get_settings(request: Request) -> Settings:
    return app_state(request, "settings", Settings)


async def get_db(request: Request) -> Database:
    return app_state(request, "db", Database)


async def get_index(request: Request) -> SearchIndex:
    return app_state(request, "search_index", SearchIndex)


async def get_indexer(request: Request) -> Indexer:
    return app_state(request, "indexer", Indexer)


async def get_rate_limits(request: Request) -> RateLimits:
    return app_state(request, "rate_limits", RateLimits)


async def get_templates(request: Request) -> Templates:
    return app_state(request, "templates", Templates)


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_db)]
IndexDep = Annotated[SearchIndex, Depends(get_index)]
IndexerDep = Annotated[Indexer, Depends(get_indexer)]
RateLimitsDep = Annotated[RateLimits, Depends(get_rate_limits)]
TemplatesDep = Annotated[Templates, Depends(get_templates)]


def site_base(request: Request, settings: Settings) -> str:
    """The public origin (and path prefix) of the site, without a trailing slash."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/")


def get_session(db: DatabaseDep) -> Iterator[Session]:
    """A read-only session for GET requests (rolled back and closed when the answer is made)."""
    with db.reading() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(_("Send the API key as 'Authorization: Bearer <key>'."))
    return token.strip()


async def get_caller(request: Request, db: DatabaseDep, settings: SettingsDep) -> Caller:
    """Who is calling. No header: anonymous. A wrong, revoked or expired key: 401, and the
    answer never says which."""
    known = getattr(request.state, "caller", None)
    if isinstance(known, Caller):
        return known  # checked already, before the body was read (app/api/routing.py)
    token = _bearer(request)
    if token is None:
        return ANONYMOUS
    admin_key = settings.admin_key.get_secret_value() if settings.admin_key else None
    if keys.is_bootstrap_key(token, admin_key):
        caller = Caller(role="admin", partner_id=request.app.state.house_partner_id, key_id=None)
    else:
        caller = await run_in_threadpool(_caller_for_token, db, token)  # the database, off the loop
    request.state.caller = caller
    return caller


def _caller_for_token(db: Database, token: str) -> Caller:
    now = utcnow()
    with db.reading() as session:
        key = keys.find_key(session, token, now=now)
    if key is None:
        raise Unauthorized(_("The API key is not valid."))
    if keys.needs_last_used(key, now):
        with db.writing() as session:
            keys.record_use(session, stored_id(key.id), now)
    return keys.caller_for_key(key)


CallerDep = Annotated[Caller, Depends(get_caller)]


def check_key(caller: Caller) -> Caller:
    if caller.is_anonymous:
        raise Unauthorized()
    return caller


def check_editor(caller: Caller) -> Caller:
    if not check_key(caller).is_editor:
        raise Forbidden(_("Only editors and admins may do this."))
    return caller


def check_admin(caller: Caller) -> Caller:
    if not check_key(caller).is_admin:
        raise Forbidden(_("Only admins may do this."))
    return caller


async def require_key(caller: CallerDep) -> Caller:
    return check_key(caller)


async def require_editor(caller: CallerDep) -> Caller:
    return check_editor(caller)


async def require_admin(caller: CallerDep) -> Caller:
    return check_admin(caller)


KeyCallerDep = Annotated[Caller, Depends(require_key)]
EditorDep = Annotated[Caller, Depends(require_editor)]
AdminDep = Annotated[Caller, Depends(require_admin)]


@dataclass
class Writer:
    """One write request's unit of work: a session holding the write lock, and the caller.

    Services only flush; the route ends with `commit()`, which commits, then waits (bounded)
    until this server's search index has applied the change, and says so in headers:
    `X-Change-Seq` (pass it back to search for read-your-writes) and `X-Index-Pending`.
    """

    session: Session
    caller: Caller
    request: Request
    # Headers the answer must carry, filled by commit().
    headers: dict[str, str] = field(default_factory=dict)

    def commit(self) -> int | None:
        seq: int | None = self.session.info.get(changelog.LAST_SEQ)
        written = self.session.info.pop(changelog.WRITTEN_ROWS, None)
        indexer = getattr(self.request.app.state, "indexer", None)
        if seq is not None and written and indexer is not None:
            # Rows are offered once committed (never rows that may yet be rolled back); the
            # indexer holds off reading the change log meanwhile, so as not to read them back.
            with indexer.committing():
                self.session.commit()
                indexer.offer(seq, written)
        else:
            self.session.commit()
        if seq is not None:
            self.headers["X-Change-Seq"] = str(seq)
            if indexer is not None:
                settings: Settings = self.request.app.state.settings
                if not indexer.wait_for(seq, settings.index_wait_seconds):
                    self.headers["X-Index-Pending"] = "true"
        return seq


def count_write(request: Request, caller: Caller) -> None:
    """One write against the caller's rate limit (429 once it is spent)."""
    request.app.state.rate_limits.hit(request.app.state.rate_limits.write, "write", _writer_identity(caller))


@contextmanager
def open_writer(request: Request, db: Database, caller: Caller) -> Iterator[Writer]:
    """A write unit outside the dependency system (routes that read their body first, and
    call count_write themselves)."""
    session = db.write_session()
    try:
        yield Writer(session=session, caller=caller, request=request)
    finally:
        # Anything not committed by the route (an error on the way) is rolled back.
        session.rollback()
        session.close()


def _writer_identity(caller: Caller) -> str:
    return f"key-{caller.key_id}" if caller.key_id is not None else f"partner-{caller.partner_id}"


def _writing(request: Request, db: Database, caller: Caller) -> Iterator[Writer]:
    """A write unit for a caller whose role the dependency has checked; counted against the
    caller's write limit first."""
    count_write(request, caller)
    with open_writer(request, db, caller) as writer:
        yield writer


def get_writer(request: Request, db: DatabaseDep, caller: KeyCallerDep) -> Iterator[Writer]:
    yield from _writing(request, db, caller)


WriterDep = Annotated[Writer, Depends(get_writer, scope="function")]


def get_editor_writer(request: Request, db: DatabaseDep, caller: EditorDep) -> Iterator[Writer]:
    yield from _writing(request, db, caller)


def get_admin_writer(request: Request, db: DatabaseDep, caller: AdminDep) -> Iterator[Writer]:
    yield from _writing(request, db, caller)


# A write unit whose caller the route requires to be an editor (or an admin).
EditorWriterDep = Annotated[Writer, Depends(get_editor_writer, scope="function")]
AdminWriterDep = Annotated[Writer, Depends(get_admin_writer, scope="function")]


@dataclass(frozen=True)
class PageParams:
    page: int
    per_page: int


async def get_page(
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=100, description="Items per page, at most 100.")] = 20,
) -> PageParams:
    if page * per_page > settings.max_page_depth + per_page:
        raise ValidationFailed(
            _("Pages go {depth} items deep; narrow the query or use updated_since.", depth=settings.max_page_depth),
            errors=[
                field_error(
                    "page",
                    _("page * per_page must be at most {depth}", depth=settings.max_page_depth),
                    location="query",
                    code="too_deep",
                )
            ],
        )
    return PageParams(page=page, per_page=per_page)


PageDep = Annotated[PageParams, Depends(get_page)]


def link_header(request: Request, page: PageParams, total: int) -> str:
    """RFC 8288 links to the first, previous, next and last pages, keeping the other parameters."""
    last = max(1, -(-total // page.per_page))
    targets: dict[str, int] = {"first": 1, "last": last}
    if page.page > 1:
        targets["prev"] = min(page.page - 1, last)
    if page.page < last:
        targets["next"] = page.page + 1
    base = site_base(request, app_state(request, "settings", Settings))  # never the request's own Host
    parts = []
    for rel, number in targets.items():
        url = request.url.include_query_params(page=number, per_page=page.per_page)
        parts.append(f'<{base}{url.path}?{url.query}>; rel="{rel}"')
    return ", ".join(parts)


def page_body(items: list[Any], total: int, page: PageParams) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page.page, "per_page": page.per_page}
