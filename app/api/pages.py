"""The pages people and crawlers load: the app shell for each screen, with the `<head>` of entry
pages filled by the server (title, description, OpenGraph, canonical link, oEmbed discovery,
schema.org JSON-LD), the `/embed/` cards partners frame, and two small JSON answers:
`/api/v1/meta` (site name and content licence, for the footer) and `/api/v1/oembed`.

The HTML comes from autoescaped templates (app/templating.py); what they say, from
app/services/pages.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import i18n
from app.api.answers import embed, entry_answers, related_of, screen_answers
from app.api.common import json_response, problems
from app.api.routing import GuardedRoute
from app.deps import SessionDep, SettingsDep, TemplatesDep, site_base
from app.errors import NotFound
from app.kinds import KINDS
from app.middleware import DOCS_CSP_HEADER, EMBED_CSP
from app.models.site import OEmbed, SiteMeta
from app.services import page_content, pages

router = APIRouter(route_class=GuardedRoute, include_in_schema=False)  # HTML, outside /api/v1
api_router = APIRouter(route_class=GuardedRoute, tags=["site"])  # under /api/v1

PAGE_METHODS = ["GET", "HEAD"]  # link checkers and monitors ask with HEAD
# A page's language follows the reader's remembered choice and Accept-Language (see below).
SHELL_HEADERS = {"Cache-Control": "no-cache", "Vary": "Cookie, Accept-Language"}
COOKIE_AGE = 365 * 24 * 3600


def _language_redirect(request: Request) -> Response | None:
    """Each page has one address per language (Welsh: under /cy/). A page asked for in the
    other language is sent to that language's address: asked with `?lang=` (the language
    switch), which is remembered in the ckb_lang cookie, or by the reader's remembered choice
    or browser (Accept-Language) at the English address."""
    language: i18n.Language = request.state.language
    welsh_path: bool = request.state.welsh_path
    asked = "lang" in request.query_params
    if not asked and welsh_path == (language == "cy"):
        return None
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    target = pages.in_language(request.scope["path"], language) + (f"?{urlencode(query)}" if query else "")
    response = RedirectResponse(request.scope.get("root_path", "") + target, status_code=302, headers=SHELL_HEADERS)
    if asked:
        _remember(response, language)
    return response


def _remember(response: Response, language: i18n.Language) -> None:
    response.set_cookie(i18n.COOKIE, language, max_age=COOKIE_AGE, path="/", samesite="lax")


def _page(request: Request, html: str, status_code: int = 200) -> HTMLResponse:
    response = HTMLResponse(html, status_code=status_code, headers=SHELL_HEADERS)
    if request.state.welsh_path:  # a Welsh page read is the reader's choice until they switch
        _remember(response, "cy")
    return response


def _entry_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    kind: str,
    slug: str,
    screen: str,
) -> Response:
    redirect = _language_redirect(request)
    if redirect is not None:
        return redirect
    entry = pages.published(session, kind, slug)
    base = site_base(request, settings)
    if entry is None:
        moved = pages.moved_page(session, kind, slug, base)
        if moved is not None:  # merged into another entry: its address leads there
            return RedirectResponse(moved, status_code=301)
        page = templates.render("not_found.html", **pages.not_found_context(base, request.scope["path"]))
        return _page(request, page, status_code=404)
    toolkit_screen = screen != kind  # the toolkit screen open at a section
    answers, tree = entry_answers(request.app.state, session, settings, entry, slug, toolkit_screen=toolkit_screen)
    first_paint: dict[str, Any] = {"screen": "toolkit" if toolkit_screen else "entry", "answers": embed(answers)}
    first_paint |= {"tree": tree, "related_items": related_of(answers, entry), **page_content.helpers()}
    page = templates.render("entry.html", **pages.entry_context(entry, base, settings, screen=screen), **first_paint)
    return _page(request, page)


def _add_entry_route(screen: str, kind: str) -> None:
    path = f"/{screen}/{{slug}}"

    @router.api_route(path, methods=PAGE_METHODS, response_class=HTMLResponse, name=f"page-{path}")
    def entry_page(
        request: Request, slug: str, session: SessionDep, settings: SettingsDep, templates: TemplatesDep
    ) -> Response:
        return _entry_page(request, session, settings, templates, kind, slug, screen)


for _kind in KINDS.values():
    _add_entry_route(_kind.name, _kind.name)
    if _kind.page_alias:
        # The screen open at one entry; its head is the entry's (canonical: the entry's page).
        _add_entry_route(_kind.page_alias, _kind.name)


# The screens the script draws (the first view of some is drawn by the server too, below).
# The self-evaluation's paths name their token `token`, so that the access log masks it.
SCREENS = (
    "/",
    "/search",
    "/toolkit",
    "/deposit",
    "/deposit/status/{token}",
    "/editor",
    "/editor/{rest:path}",
    "/self-evaluation",
    "/self-evaluation/{token}",
    "/self-evaluation/{token}/{rest:path}",
)


# Screens whose first view the server draws too (app/templates/screens/), so that it is painted
# with the first response; the others are the shell until their script draws them.
DRAWN_SCREENS = {"/": "search", "/search": "search", "/deposit": "deposit", "/editor": "editor"}


def _add_screen_route(path: str) -> None:
    @router.api_route(path, methods=PAGE_METHODS, response_class=HTMLResponse, name=f"screen-{path}")
    def screen(request: Request, settings: SettingsDep, templates: TemplatesDep) -> Response:
        redirect = _language_redirect(request)
        if redirect is not None:
            return redirect
        context = pages.screen_context(
            site_base(request, settings), request.scope["path"], request.query_params.multi_items()
        )
        drawn = DRAWN_SCREENS.get(path)
        if drawn is None:
            return _page(request, templates.render("page.html", **context))
        answers, shown = screen_answers(request.app.state, settings, drawn, request.query_params.multi_items())
        first_paint = {"screen": drawn, "home": path == "/", "q": request.query_params.get("q", "").strip()}
        first_paint |= {"answers": embed(answers) if answers else "", **shown, **page_content.helpers()}
        return _page(request, templates.render("screen.html", **context, **first_paint))


for _path in SCREENS:
    _add_screen_route(_path)


@router.api_route("/embed/{kind}/{slug}", methods=PAGE_METHODS, response_class=HTMLResponse)
def embed_card(
    request: Request, kind: str, slug: str, session: SessionDep, settings: SettingsDep, templates: TemplatesDep
) -> HTMLResponse:
    """A small card of one entry for partners' pages (framed from the oEmbed answer); the one
    route any site may frame (see app/middleware.py). No script."""
    entry = pages.published(session, kind, slug)
    page = templates.render("embed.html", **pages.embed_context(entry, site_base(request, settings), settings))
    headers = {"Content-Security-Policy": EMBED_CSP}  # any site may frame the card
    if entry is None:
        return HTMLResponse(page, status_code=404, headers=headers)
    return HTMLResponse(page, headers={**headers, "Cache-Control": "public, max-age=300"})


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    """Swagger UI: FastAPI's own page, with an inline script and assets from a CDN, so it has a
    wider policy of its own, and nothing else does."""
    page = get_swagger_ui_html(openapi_url="/api/openapi.json", title=f"{pages.site_name()} – API")
    page.headers["Content-Security-Policy"] = DOCS_CSP_HEADER
    return page


@api_router.get("/meta", response_model=SiteMeta, summary="The site's name, content licence and feeds")
def site_meta(settings: SettingsDep) -> Response:
    return json_response(pages.site_meta(settings), headers={"Cache-Control": "public, max-age=300"})


@api_router.get(
    "/oembed",
    response_model=OEmbed,
    summary="oEmbed: a card for one of our entry page URLs",
    responses=problems(404, 422),
)
def oembed(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    url: Annotated[str, Query(max_length=2000, description="An entry page URL of this site.")],
    # oEmbed would answer another format with 501; here no answer is a 5xx unless the server
    # fails, so it is a 422 like any other value out of range.
    format: Annotated[Literal["json"], Query(description="Only json is available.")] = "json",
    maxwidth: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    maxheight: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> Response:
    base = site_base(request, settings)
    ref = pages.entry_ref(url, base)
    entry = pages.published(session, *ref) if ref else None
    if entry is None:
        raise NotFound(i18n._("That URL is not an entry of this knowledge base."))
    return json_response(
        pages.oembed(entry, base, maxwidth, maxheight), headers={"Cache-Control": "public, max-age=300"}
    )
