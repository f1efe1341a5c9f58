"""Helpers shared by the routers: problem responses in OpenAPI, JSON answers, ETags."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from app import i18n
from app.errors import PROBLEM_JSON, BadRequest, Problem, ValidationFailed, field_error
from app.i18n import _
from app.models.fields import is_ascii_digits

_DESCRIPTIONS = {
    304: "Not modified (the ETag in If-None-Match is current)",
    400: "Bad request",
    401: "No valid API key",
    403: "Not allowed for this key",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed (If-Match is stale)",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Validation failed",
    428: "Precondition required",
    429: "Too many requests",
    503: "Service unavailable",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error statuses a route can answer, all problem+json."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        if code == 304:
            out[code] = {"description": _DESCRIPTIONS[code]}
        else:
            out[code] = {
                "model": Problem,
                "description": _DESCRIPTIONS[code],
                "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
            }
    return out


def json_bytes(model: BaseModel) -> bytes:
    return model.__pydantic_serializer__.to_json(model)


def json_response(
    model: BaseModel | bytes,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    body = model if isinstance(model, bytes) else json_bytes(model)
    return Response(content=body, status_code=status_code, media_type="application/json", headers=headers)


def version_etag(version: int) -> str:
    """The ETag of an entry's version, in the language it is read in ("3", or "3.cy" for its
    Welsh reading: a different representation of the same version)."""
    language = i18n.current()
    return f'"{version}"' if language == i18n.DEFAULT else f'"{version}.{language}"'


def body_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


def is_not_modified(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = _tags(header)
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def not_modified(etag: str) -> Response:
    return Response(status_code=304, headers={"ETag": etag})


def if_match_versions(request: Request) -> set[int] | None:
    """The versions an If-Match header accepts: None without the header; '*' is any version,
    represented by None as well (the entry exists, which the route has already checked)."""
    header = request.headers.get("if-match")
    if header is None:
        return None
    tags = _tags(header)
    if "*" in tags:
        return None
    versions: set[int] = set()
    for tag in tags:
        if tag.startswith("W/"):
            continue  # weak tags never match in If-Match (RFC 9110 §13.1.1)
        value = tag.strip('"')
        value = value.split(".", 1)[0] if value.count(".") == 1 and i18n.parse(value.split(".", 1)[1]) else value
        if not is_ascii_digits(value) or len(value) > 12:
            raise BadRequest(_('If-Match must hold ETags such as "3", as the ETag header gives them.'))
        versions.add(int(value))
    return versions


def refuse_unknown_params(request: Request, allowed: set[str]) -> None:
    """A misspelt filter must not silently widen a query: unknown parameters are a 422."""
    # `lang` chooses the language of any answer (app/i18n.py), whatever the endpoint.
    unknown = sorted(set(request.query_params) - allowed - {"lang"})
    if unknown:
        raise ValidationFailed(
            _(
                "Unknown query parameter(s): {unknown}. Accepted: {accepted}.",
                unknown=", ".join(unknown),
                accepted=", ".join(sorted(allowed)),
            ),
            errors=[
                field_error(name, _("is not a parameter of this endpoint"), location="query", code="unknown")
                for name in unknown
            ],
        )


def parse_datetime(value: str, field: str) -> datetime:
    """An ISO 8601 date-time (a date alone means its midnight); UTC when no offset is given.
    Pydantic's lax mode would also take a number of seconds, which the schema does not."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed(
            _("{field} must be an ISO 8601 date-time such as 2024-05-01T12:00:00Z.", field=field),
            errors=[field_error(field, _("not an ISO 8601 date-time"), location="query", code="datetime_parsing")],
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
