"""The OpenAPI document, completed so that it describes every answer the API gives:

- every error answer is problem+json with the Problem schema (FastAPI's default 422 says
  application/json and its own ValidationError shape, which the app never sends);
- every API operation may answer 401 (a key that is wrong, revoked or expired is refused
  wherever it is sent) and 422 (its parameters are validated);
- every operation with path parameters may answer 400 (a value holding an encoded slash, a
  dot segment or an empty segment is refused before routing);
- every operation that takes a body may answer 408 (it came too slowly), 413 (too big),
  415 (not JSON) and 422 (not valid); one with query parameters, 414 (a query string over
  4 KiB).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.errors import PROBLEM_JSON

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
DESCRIPTIONS = {
    "400": "The address has encoded slashes, dot segments or empty segments",
    "401": "No valid API key",
    "408": "The request body came too slowly",
    "413": "Payload too large",
    "414": "The query string is too long",
    "415": "Unsupported media type",
    "422": "Validation failed",
}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}


def complete(document: dict[str, Any]) -> dict[str, Any]:
    for path, item in document.get("paths", {}).items():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses: dict[str, Any] = operation["responses"]
            wanted = set()
            if path.startswith("/api/v1/"):
                wanted |= {"401", "422"}
            if "requestBody" in operation:
                wanted |= {"408", "413", "415", "422"}
            if operation.get("parameters"):
                wanted.add("422")
                if any(p.get("in") == "path" for p in operation["parameters"]):
                    wanted.add("400")  # a path parameter holding an encoded slash or a dot segment
                if any(p.get("in") == "query" for p in operation["parameters"]):
                    wanted.add("414")  # a query string over 4 KiB is refused before routing
            for code in wanted:
                responses.setdefault(code, _problem(DESCRIPTIONS[code]))
            for code, response in responses.items():
                if code[0] in "45":
                    response["content"] = {PROBLEM_JSON: {"schema": PROBLEM_REF}}
    schemas = document.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    # FastAPI: replacing app.openapi is its documented way to customise the schema, but it is
    # declared as a method, and mypy refuses assigning to a method.
    app.openapi = openapi  # type: ignore[method-assign]
