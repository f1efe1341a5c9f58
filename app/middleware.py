"""HTTP middleware as plain ASGI (no per-request task overhead): security headers and CORS."""

from __future__ import annotations

import logging

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import AppError, BadRequest, Forbidden, UriTooLong, ValidationFailed, field_error, problem_response
from app.i18n import _

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
    """CSP, nosniff, referrer policy and framing, on every answer. A route that answers with a
    policy of its own (the /embed/ cards any site may frame, the API docs) decides its framing
    too; every other answer gets the strict policy and may be framed only by `frame_ancestors`."""

    def __init__(self, app: ASGIApp, frame_ancestors: str) -> None:
        self.app = app
        self.csp = f"{BASE_CSP}; frame-ancestors {frame_ancestors}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = self.csp
                    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
            await send(message)

        await self.app(scope, receive, send_with_headers)


# The policy of the embed cards: the strict one, framed by anyone.
EMBED_CSP = f"{BASE_CSP}; frame-ancestors *"
DOCS_CSP_HEADER = DOCS_CSP + "; frame-ancestors 'none'"

MAX_QUERY_BYTES = 4 * 1024


class HostCheck:
    """Without CKB_PUBLIC_URL the site's own addresses are made from the Host header, so only
    allowed hosts are answered (a forged Host would end up in canonical links, feeds and
    embeds, cached by shared caches)."""

    def __init__(self, app: ASGIApp, hosts: set[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.hosts is None:
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower().strip("[]") not in self.hosts:
            problem = BadRequest(
                _(
                    "This server does not answer for the host {host}; set CKB_PUBLIC_URL or CKB_ALLOWED_HOSTS.",
                    host=repr(host[:100]),
                ),
                errors=[field_error("host", _("is not an allowed host"), location="header", code="host")],
            ).problem()
            await problem_response(problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class AddressCheck:
    """Addresses that mean something other than what they look like are refused before
    routing: NUL characters (no database stores them), encoded slashes and backslashes, dot
    segments and empty segments (which can reach another route or file than the one named,
    and make redirects point off-site), and query strings too long to be a real request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _address_problem(scope)
        if problem is not None:
            await problem_response(problem.problem())(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _address_problem(scope: Scope) -> AppError | None:
    path: str = scope["path"]
    raw: bytes = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
    query: bytes = scope.get("query_string", b"")
    if "\x00" in path or b"%00" in query:
        return ValidationFailed(
            _("NUL characters are not allowed in the address."),
            errors=[field_error("", _("contains a NUL character"), location="path", code="nul")],
        )
    lowered = raw.lower()
    segments = path.split("/")[1:]
    if (
        b"%2f" in lowered
        or b"%5c" in lowered
        or b"\\" in raw
        or any(segment in (".", "..") for segment in segments)
        or "//" in path
    ):
        return BadRequest(
            _("This address has encoded slashes, dot segments or empty segments; ask for the address itself."),
            errors=[field_error("", _("is not a plain path"), location="path", code="path")],
        )
    if len(query) > MAX_QUERY_BYTES:
        return UriTooLong(_("The query string is longer than {limit} bytes.", limit=MAX_QUERY_BYTES))
    return None


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
                    Forbidden(
                        _("Writes from {origin} are not allowed; reads are open to every origin.", origin=origin)
                    ).problem()
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


def _preflight(allow_origin: str, read_only: bool) -> Response:
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

            response = problem_response(AppError(_("The server could not complete the request.")).problem())
            await response(scope, receive, send)
