"""Structured logs: one JSON line per request (with its request id) and for app events.

Secrets never reach the log: no headers or query strings are logged, and any path parameter
named `token` (a deposit's private status link, an assessment's links) is masked, whichever
route it belongs to.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
SECRET_PARAMS = ("token",)  # path parameters that are bearer secrets
_configured = False


def configure(level: str = "INFO") -> None:
    """JSON lines on stdout, for the app's loggers and ours alike (idempotent)."""
    global _configured
    if _configured:
        return
    _configured = True
    processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    structlog.configure(
        processors=[*processors, structlog.processors.JSONRenderer()],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(processor=structlog.processors.JSONRenderer(), foreign_pre_chain=processors)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


access_log = structlog.get_logger("ckb.access")


class AccessLog:
    """Gives each request an id (X-Request-Id, or a new one) and logs it when it is done."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", ())).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-Id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            caller = scope.get("state", {}).get("caller")
            access_log.info(
                "request",
                request_id=request_id,
                method=scope["method"],
                path=_masked_path(scope),
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
                role=getattr(caller, "role", None),
                partner=getattr(caller, "partner_id", None),
                key=getattr(caller, "key_id", None),
            )


def _masked_path(scope: Scope) -> str:
    path: str = scope["path"]
    params = scope.get("path_params") or {}
    for name in SECRET_PARAMS:
        value = params.get(name)
        if isinstance(value, str) and value:
            path = path.replace(value, "…")
    return path
