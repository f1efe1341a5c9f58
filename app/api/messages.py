"""The browser's message catalogue in a language, for scripts that run where the server did
not make the page (the widget on partners' sites, the frontend served from elsewhere)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app import i18n
from app.api.common import json_response, problems
from app.api.routing import GuardedRoute
from app.models.site import Messages

router = APIRouter(route_class=GuardedRoute, tags=["site"])


@router.get(
    "/messages/{language}",
    response_model=Messages,
    summary="What the site's scripts say, in a language (English: nothing to replace)",
    responses=problems(422),
)
def messages(language: i18n.Language) -> Response:
    body = Messages(lang=language, messages=i18n.catalogue(language))
    return json_response(body, headers={"Cache-Control": "public, max-age=300"})
