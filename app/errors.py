"""One error hierarchy, answered as RFC 9457 problem details (application/problem+json).

Every 4xx and 5xx leaves the app in this shape:
    {"type": "/problems/not-found", "title": "Not found", "status": 404,
     "detail": "...", "errors": [{"location": "body", "field": "title", "message": "...",
                                  "code": "string_too_long"}]}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    location: str
    field: str
    message: str
    code: str


class Problem(BaseModel):
    """The error body; also the OpenAPI schema of every error response."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


class AppError(Exception):
    status = 500
    title = "Internal server error"
    slug = "internal"

    def __init__(
        self,
        detail: str = "",
        *,
        errors: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = list(errors)
        self.headers = headers or {}

    def problem(self) -> Problem:
        return Problem(
            type=f"/problems/{self.slug}",
            title=self.title,
            status=self.status,
            detail=self.detail,
            errors=self.errors,
        )


class BadRequest(AppError):
    status, title, slug = 400, "Bad request", "bad-request"


class Unauthorized(AppError):
    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str = "A valid API key is required.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="ckb"'})


class Forbidden(AppError):
    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(AppError):
    status, title, slug = 404, "Not found", "not-found"


class MethodNotAllowed(AppError):
    status, title, slug = 405, "Method not allowed", "method-not-allowed"


class NotAcceptable(AppError):
    status, title, slug = 406, "Not acceptable", "not-acceptable"


class Conflict(AppError):
    status, title, slug = 409, "Conflict", "conflict"


class PreconditionFailed(AppError):
    status, title, slug = 412, "Precondition failed", "precondition-failed"


class PayloadTooLarge(AppError):
    status, title, slug = 413, "Payload too large", "payload-too-large"


class UriTooLong(AppError):
    status, title, slug = 414, "URI too long", "uri-too-long"


class UnsupportedMediaType(AppError):
    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


class ValidationFailed(AppError):
    status, title, slug = 422, "Validation failed", "validation"


class PreconditionRequired(AppError):
    status, title, slug = 428, "Precondition required", "precondition-required"


class TooManyRequests(AppError):
    status, title, slug = 429, "Too many requests", "rate-limited"


class ServiceUnavailable(AppError):
    status, title, slug = 503, "Service unavailable", "unavailable"


_BY_STATUS: dict[int, type[AppError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        NotAcceptable,
        Conflict,
        PreconditionFailed,
        PayloadTooLarge,
        UriTooLong,
        UnsupportedMediaType,
        ValidationFailed,
        PreconditionRequired,
        TooManyRequests,
        ServiceUnavailable,
    )
}


def field_error(field: str, message: str, *, code: str = "invalid", location: str = "body") -> FieldError:
    return FieldError(location=location, field=field, message=message, code=code)


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response:
    return Response(
        content=orjson.dumps(problem.model_dump()),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def validation_errors(raw: Sequence[Any], *, drop_location: bool = False) -> list[FieldError]:
    """Pydantic/FastAPI error dicts → FieldErrors with a dotted field path."""
    out: list[FieldError] = []
    for err in raw:
        loc = [str(part) for part in err.get("loc", ())]
        location = "body"
        if loc and loc[0] in ("body", "query", "path", "header", "cookie") and not drop_location:
            location, loc = loc[0], loc[1:]
        # pydantic puts the branch of a union (e.g. "str", "function-after[...]") in loc.
        loc = [
            p
            for p in loc
            if not p.startswith(("function-", "constrained-")) and p not in ("str", "int", "list[str]", "dict[str,any]")
        ]
        message = str(err.get("msg", "is invalid"))
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        out.append(
            FieldError(
                location=location,
                field=".".join(loc),
                message=message,
                code=str(err.get("type", "invalid")),
            )
        )
    return out


def install_handlers(app: FastAPI) -> None:
    async def on_app_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppError)
        return problem_response(exc.problem(), exc.headers)

    async def on_validation(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = validation_errors(exc.errors())
        detail = "; ".join(f"{e.field or e.location}: {e.message}" for e in errors[:5]) or "The request is not valid."
        return problem_response(ValidationFailed(detail, errors=errors).problem())

    async def on_http(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        cls = _BY_STATUS.get(exc.status_code, AppError)
        detail = exc.detail if isinstance(exc.detail, str) else cls.title
        if exc.status_code == 400 and detail == "There was an error parsing the body":
            # FastAPI's answer to a body it cannot decode at all: a validation failure to us.
            invalid = ValidationFailed(
                "The request body is not valid JSON.",
                errors=[field_error("", "not valid JSON", code="json_invalid")],
            )
            return problem_response(invalid.problem())
        if exc.status_code == 404 and detail == "Not Found":
            detail = "There is nothing at this address."
        error = cls(detail, headers=dict(exc.headers or {}))
        problem = error.problem()
        if cls is AppError:
            problem.status = exc.status_code
        return problem_response(problem, error.headers)

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
