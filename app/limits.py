"""Request body limits, enforced while the body streams in: its size (before it is all in
memory) and how long it may take to arrive."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import AppError, PayloadTooLarge, ValidationFailed, field_error, problem_response


class RequestTimeout(AppError):
    status, title, slug = 408, "Request timeout", "request-timeout"


class BodySizeLimit:
    """Bulk endpoints (…/bulk, …/bulk-delete) take bigger bodies than the rest."""

    def __init__(self, app: ASGIApp, max_bytes: int, bulk_max_bytes: int, body_timeout: float) -> None:
        self.app = app
        self.default_max = max_bytes
        self.bulk_max = bulk_max_bytes
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if "\x00" in path or b"%00" in scope.get("query_string", b""):
            # No database stores a NUL character in text (PostgreSQL refuses it outright).
            error = ValidationFailed(
                "NUL characters are not allowed in the address.",
                errors=[field_error("", "contains a NUL character", location="path", code="nul")],
            )
            await problem_response(error.problem())(scope, receive, send)
            return
        max_bytes = self.bulk_max if path.endswith(("/bulk", "/bulk-delete")) else self.default_max
        declared = _content_length(scope)
        if declared is not None and declared > max_bytes:
            await self._too_large(scope, receive, send, max_bytes)
            return
        received = 0
        refused = False

        async def limited_receive() -> Message:
            # Past the limit, answer 413 at once and tell the app the client has gone, so
            # that it stops reading; whatever the app then answers is dropped.
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            try:
                # A client that stops sending its body does not hold a worker for ever.
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                refused = True
                await problem_response(
                    RequestTimeout(f"The request body did not arrive within {self.body_timeout:g} seconds.").problem(),
                    {"Connection": "close"},
                )(scope, receive, send)
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    refused = True
                    await self._too_large(scope, receive, send, max_bytes)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, limited_receive, guarded_send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        response = problem_response(
            PayloadTooLarge(f"The request body is larger than {max_bytes} bytes.").problem(),
            {"Connection": "close"},
        )
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
