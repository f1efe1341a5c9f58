"""HTTP middleware as plain ASGI (no per-request task overhead): security headers and CORS."""

from __future__ import annotations

import logging

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import Forbidden, problem_response

log = logging.getLogger("app.errors")

# The frontend runs no inline script: every script is a file from this origin.
BASE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
# Swagger UI (at /api/docs) is one page of FastAPI's own, with an inline script and assets
# from a CDN; it gets a wider policy of its own and nothing else does.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'"
)

EXPOSED = "ETag, Link, Location, Retry-After, X-Change-Seq, X-Index-Pending, X-Index-Seq, X-Request-Id"
READ_METHODS = {"GET", "HEAD"}
WRITE_METHODS = "GET, HEAD, POST, PATCH, DELETE"
ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Min-Seq"


class SecurityHeaders:
    """CSP, nosniff, referrer policy and who may frame us, on every answer. Only /embed/ pages
    may be framed by any site (partners put them in their pages)."""

    def __init__(self, app: ASGIApp, frame_ancestors: str) -> None:
        self.app = app
        self.csp = f"{BASE_CSP}; frame-ancestors {frame_ancestors}"
        self.embed_csp = f"{BASE_CSP}; frame-ancestors *"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/embed/"):
            csp = self.embed_csp
        elif path.startswith("/api/docs"):
            csp = DOCS_CSP + "; frame-ancestors 'none'"
        else:
            csp = self.csp

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                if not path.startswith("/embed/"):
                    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Cors:
    """Public reads are open to every origin; writes from a browser only from the origins
    configured in CKB_CORS_WRITE_ORIGINS."""

    def __init__(self, app: ASGIApp, write_origins: list[str]) -> None:
        self.app = app
        self.write_origins = {o.rstrip("/") for o in write_origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        trusted = origin.rstrip("/") in self.write_origins
        if method == "OPTIONS" and "access-control-request-method" in headers:
            wanted = headers["access-control-request-method"].upper()
            if wanted in READ_METHODS or trusted:
                response = _preflight(origin if trusted else "*", wanted in READ_METHODS and not trusted)
            else:
                response = problem_response(
                    Forbidden(f"Writes from {origin} are not allowed; reads are open to every origin.").problem()
                )
            await response(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                if trusted:
                    out["Access-Control-Allow-Origin"] = origin
                    out.add_vary_header("Origin")
                elif method in READ_METHODS:
                    out["Access-Control-Allow-Origin"] = "*"
                out["Access-Control-Expose-Headers"] = EXPOSED
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _preflight(allow_origin: str, read_only: bool):  # type: ignore[no-untyped-def]
    from starlette.responses import Response

    headers = {
        "Access-Control-Allow-Origin": allow_origin,
        "Access-Control-Allow-Methods": "GET, HEAD" if read_only else WRITE_METHODS,
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": "600",
    }
    if allow_origin != "*":
        headers["Vary"] = "Origin"
    return Response(status_code=204, headers=headers)


class UnexpectedErrors:
    """The last line: an unexpected exception becomes a problem+json 500 inside the middleware
    stack (so it still gets the security and CORS headers), with no stack trace or SQL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            from app.errors import AppError

            response = problem_response(AppError("The server could not complete the request.").problem())
            await response(scope, receive, send)
