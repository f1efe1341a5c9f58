"""One error hierarchy, answered as RFC 9457 problem details (application/problem+json).

Every 4xx and 5xx leaves the app in this shape:
    {"type": "/problems/not-found", "title": "Not found", "status": 404,
     "detail": "...", "errors": [{"location": "body", "field": "title", "message": "...",
                                  "code": "string_too_long"}]}

Titles, details and field messages are in the request's language (app/i18n.py: titles are
marked with N_() and translated when a problem is made); `type`, `status`, `field` and `code`
never change with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.i18n import N_, _, ngettext

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
    title = N_("Internal server error")  # marked here, translated where a problem is made
    slug = "internal"

    def __init__(
        self,
        detail: str = "",
        *,
        errors: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        detail = detail or _(self.title)
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}

    def problem(self) -> Problem:
        return Problem(
            type=f"/problems/{self.slug}",
            title=_(self.title),
            status=self.status,
            detail=self.detail,
            errors=self.errors,
        )


class BadRequest(AppError):
    status, title, slug = 400, N_("Bad request"), "bad-request"


class Unauthorized(AppError):
    status, title, slug = 401, N_("Unauthorized"), "unauthorized"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            detail or _("A valid API key is required."), headers={"WWW-Authenticate": 'Bearer realm="ckb"'}
        )


class Forbidden(AppError):
    status, title, slug = 403, N_("Forbidden"), "forbidden"


class NotFound(AppError):
    status, title, slug = 404, N_("Not found"), "not-found"


class MethodNotAllowed(AppError):
    status, title, slug = 405, N_("Method not allowed"), "method-not-allowed"


class NotAcceptable(AppError):
    status, title, slug = 406, N_("Not acceptable"), "not-acceptable"


class Conflict(AppError):
    status, title, slug = 409, N_("Conflict"), "conflict"


class PreconditionFailed(AppError):
    status, title, slug = 412, N_("Precondition failed"), "precondition-failed"


class PayloadTooLarge(AppError):
    status, title, slug = 413, N_("Payload too large"), "payload-too-large"


class UriTooLong(AppError):
    status, title, slug = 414, N_("URI too long"), "uri-too-long"


class UnsupportedMediaType(AppError):
    status, title, slug = 415, N_("Unsupported media type"), "unsupported-media-type"


class ValidationFailed(AppError):
    status, title, slug = 422, N_("Validation failed"), "validation"


class PreconditionRequired(AppError):
    status, title, slug = 428, N_("Precondition required"), "precondition-required"


class TooManyRequests(AppError):
    status, title, slug = 429, N_("Too many requests"), "rate-limited"


class ServiceUnavailable(AppError):
    status, title, slug = 503, N_("Service unavailable"), "unavailable"


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


# --- field errors --------------------------------------------------------------------------
# pydantic's own words are English only: each error `type` (the `code` clients map by) gets a
# message of ours from the catalogue instead, filled from the error's `ctx`. The messages are
# what the rest of the code says in field errors: a predicate of the field ("title: must not
# be blank"). `value_error` keeps the message it was raised with (our validators raise it in
# the request's language); a code not listed gets the generic message.

Ctx = Mapping[str, Any]


def _whole_number(_ctx: Ctx) -> str:
    return _("must be a whole number")


def _number(_ctx: Ctx) -> str:
    return _("must be a number")


def _true_or_false(_ctx: Ctx) -> str:
    return _("must be true or false")


def _json_object(_ctx: Ctx) -> str:
    return _("must be a JSON object")


def _json_invalid(_ctx: Ctx) -> str:
    return _("not valid JSON")


def _url(_ctx: Ctx) -> str:
    return _("must be an absolute http:// or https:// URL")


def _date_time(_ctx: Ctx) -> str:
    return _("not an ISO 8601 date-time")


# pydantic lists the values allowed as "'a', 'b' or 'c'"; its "or" is English, so the values
# are shown as a plain list.
_OR = re.compile(r"(?<=['\"\w]) or (?=['\"\w-])")


def _one_of(ctx: Ctx) -> str:
    return _("must be one of: {expected}", expected=_OR.sub(", ", str(ctx["expected"])))


FIELD_MESSAGES: dict[str, Callable[[Ctx], str]] = {
    "missing": lambda _ctx: _("is required"),
    "string_too_long": lambda ctx: ngettext(
        "must be at most {max_length} character long",
        "must be at most {max_length} characters long",
        int(ctx["max_length"]),
        max_length=ctx["max_length"],
    ),
    "string_too_short": lambda ctx: ngettext(
        "must be at least {min_length} character long",
        "must be at least {min_length} characters long",
        int(ctx["min_length"]),
        min_length=ctx["min_length"],
    ),
    "too_long": lambda ctx: ngettext(
        "must have at most {max_length} item",
        "must have at most {max_length} items",
        int(ctx["max_length"]),
        max_length=ctx["max_length"],
    ),
    "too_short": lambda ctx: ngettext(
        "must have at least {min_length} item",
        "must have at least {min_length} items",
        int(ctx["min_length"]),
        min_length=ctx["min_length"],
    ),
    "int_type": _whole_number,
    "int_parsing": _whole_number,
    "int_parsing_size": _whole_number,
    "int_from_float": _whole_number,
    "float_type": _number,
    "float_parsing": _number,
    "finite_number": _number,
    "bool_type": _true_or_false,
    "bool_parsing": _true_or_false,
    "greater_than_equal": lambda ctx: _("must be {ge} or more", ge=ctx["ge"]),
    "greater_than": lambda ctx: _("must be more than {gt}", gt=ctx["gt"]),
    "less_than_equal": lambda ctx: _("must be {le} or less", le=ctx["le"]),
    "less_than": lambda ctx: _("must be less than {lt}", lt=ctx["lt"]),
    "literal_error": _one_of,
    "enum": _one_of,
    "union_tag_invalid": lambda ctx: _one_of({"expected": ctx["expected_tags"]}),
    "extra_forbidden": lambda _ctx: _("is not a field that can be sent here"),
    "string_type": lambda _ctx: _("must be a string"),
    "string_pattern_mismatch": lambda _ctx: _("is not in the form expected"),
    "list_type": lambda _ctx: _("must be a JSON array"),
    "dict_type": _json_object,
    "model_type": _json_object,
    "model_attributes_type": _json_object,
    "json_invalid": _json_invalid,
    "json_type": _json_invalid,
    "url": _url,
    "url_parsing": _url,
    "url_scheme": _url,
    "url_type": _url,
    "url_syntax_violation": _url,
    "url_too_long": _url,
    "datetime_parsing": _date_time,
    "datetime_type": _date_time,
    "datetime_from_date_parsing": _date_time,
    "blank": lambda _ctx: _("must not be blank"),
    "nul": lambda _ctx: _("must not contain NUL characters"),
    "bidi": lambda _ctx: _("must not contain characters that reverse the direction of text"),
    "email": lambda _ctx: _("must be an e-mail address, like name@example.org"),
}


def field_message(code: str, ctx: Ctx | None = None, raised: str | None = None) -> str:
    """Our message for a pydantic error code, in the request's language."""
    if code == "value_error" and raised:
        return raised.removeprefix("Value error, ")
    make = FIELD_MESSAGES.get(code)
    if make is not None:
        try:
            return make(ctx or {})
        except (KeyError, TypeError, ValueError):
            pass  # a ctx without the value the message names: the generic message
    return _("This value is not valid.")


def validation_errors(raw: Sequence[Any], *, drop_location: bool = False) -> list[FieldError]:
    """Pydantic/FastAPI error dicts → FieldErrors with a dotted field path and our message."""
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
        code = str(err.get("type", "invalid"))
        out.append(
            FieldError(
                location=location,
                field=".".join(loc),
                message=field_message(code, err.get("ctx"), str(err.get("msg") or "")),
                code=code,
            )
        )
    return out


# What Starlette says when it answers itself (the router, the static files): the HTTP phrase.
_STARLETTE_DETAILS = frozenset({N_("Method Not Allowed")})


def install_handlers(app: FastAPI) -> None:
    async def on_app_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppError)
        return problem_response(exc.problem(), exc.headers)

    async def on_validation(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = validation_errors(exc.errors())
        detail = "; ".join(f"{e.field or e.location}: {e.message}" for e in errors[:5]) or _(
            "The request is not valid."
        )
        return problem_response(ValidationFailed(detail, errors=errors).problem())

    async def on_http(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        cls = _BY_STATUS.get(exc.status_code, AppError)
        detail = exc.detail if isinstance(exc.detail, str) else _(cls.title)
        if exc.status_code == 400 and detail == "There was an error parsing the body":
            # FastAPI's answer to a body it cannot decode at all: a validation failure to us.
            invalid = ValidationFailed(
                _("The request body is not valid JSON."),
                errors=[field_error("", _("not valid JSON"), code="json_invalid")],
            )
            return problem_response(invalid.problem())
        if exc.status_code == 404 and detail == "Not Found":
            detail = _("There is nothing at this address.")
        elif detail in _STARLETTE_DETAILS:
            detail = _(detail)
        error = cls(detail, headers=dict(exc.headers or {}))
        problem = error.problem()
        if cls is AppError:
            problem.status = exc.status_code
        return problem_response(problem, error.headers)

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
