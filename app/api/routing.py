"""The route class every router uses: each route decides, from its own definition, how big a
body it takes and who may send one, and both are enforced before the body is read.

FastAPI reads and parses a request's body before it solves the route's dependencies, so a key
checked by a dependency is checked after the body is in memory. Here the key (and the role)
a route's dependencies require is checked first, from the headers alone; then the body is
read through a limit (the route's own: `BULK_BODY` routes take the bulk limit, every other
the default) and a timeout for a body that pauses.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.types import Message, Receive, Scope, Send

from app import deps
from app.config import Settings
from app.errors import AppError, PayloadTooLarge, problem_response
from app.i18n import N_, _

# openapi_extra of a route that takes the bulk body limit (it shows in the OpenAPI document).
BULK_BODY = {"x-body-limit": "bulk"}

_ROLE_OF: dict[Callable[..., Any], int] = {}  # dependency → the role it requires (1 key, 2 editor, 3 admin)


def _roles() -> dict[Callable[..., Any], int]:
    if not _ROLE_OF:
        _ROLE_OF.update({deps.require_key: 1, deps.require_editor: 2, deps.require_admin: 3})
    return _ROLE_OF


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


class RequestTimeout(AppError):
    status, title, slug = 408, N_("Request timeout"), "request-timeout"


class GuardedRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        roles = _roles()
        self.required_role = max((roles.get(call, 0) for call in _calls(self.dependant)), default=0)
        self.bulk_body = (self.openapi_extra or {}).get("x-body-limit") == "bulk"

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.methods and scope["method"] not in self.methods):
            await super().handle(scope, receive, send)  # 405 and the like, body unread
            return
        request = Request(scope)
        settings: Settings = request.app.state.settings
        limit = settings.bulk_max_body_bytes if self.bulk_body else settings.max_body_bytes
        try:
            if self.required_role:
                await self._check_caller(request, settings)
            declared = request.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise PayloadTooLarge(_("The request body is larger than {limit} bytes.", limit=limit))
        except AppError as exc:
            await problem_response(exc.problem(), {**exc.headers, "Connection": "close"})(scope, receive, send)
            return
        guarded = _BodyGuard(scope, receive, send, limit, settings.body_timeout_seconds)
        await super().handle(scope, guarded.receive, guarded.send)

    async def _check_caller(self, request: Request, settings: Settings) -> None:
        """The key (and role) the route requires, from the headers, before any body is read;
        the caller is kept for the route's own dependencies."""
        caller = await deps.get_caller(request, request.app.state.db, settings)
        if self.required_role >= 3:
            deps.check_admin(caller)
        elif self.required_role == 2:
            deps.check_editor(caller)
        else:
            deps.check_key(caller)


class _BodyGuard:
    """The body as it streams in: past the limit, or paused past the timeout, the client gets
    its answer at once and the app is told the client has gone (what it answers is dropped)."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, limit: int, timeout: float) -> None:
        self.scope, self._receive, self._send = scope, receive, send
        self.limit, self.timeout = limit, timeout
        self.received = 0
        self.refused = False

    async def receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        try:
            message = await asyncio.wait_for(self._receive(), self.timeout)
        except TimeoutError:
            seconds = f"{self.timeout:g}"
            await self._refuse(
                RequestTimeout(_("The request body did not arrive within {timeout} seconds.", timeout=seconds))
            )
            return {"type": "http.disconnect"}
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                await self._refuse(
                    PayloadTooLarge(_("The request body is larger than {limit} bytes.", limit=self.limit))
                )
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        if not self.refused:
            await self._send(message)

    async def _refuse(self, error: AppError) -> None:
        self.refused = True
        await problem_response(error.problem(), {"Connection": "close"})(self.scope, self._receive, self._send)


def router(**kwargs: Any) -> APIRouter:
    """An APIRouter whose routes are guarded (see GuardedRoute)."""
    return APIRouter(route_class=GuardedRoute, **kwargs)
